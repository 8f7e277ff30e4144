/* test_locale.c: numbers read and written with '.' whatever locale the
 * program set: a comma decimal (de_DE) and a two-byte one (ps_AF,
 * U+066B). make check-unit makes both with localedef under build/locale
 * and sets LOCPATH; a locale that cannot be set fails the test. */
#include <locale.h>

#include "unit.h"
#include "cjm_maturity.h"

static const char *const locales[] = { "de_DE.UTF-8", "ps_AF.UTF-8" };

struct sink {
	char buf[4096];
	size_t len;
};

static int
to_sink(const char *buf, size_t len, void *ctx)
{
	struct sink *s = ctx;

	ck_assert_uint_lt(s->len + len, sizeof(s->buf));
	memcpy(s->buf + s->len, buf, len);
	s->len += len;
	s->buf[s->len] = '\0';
	return 0;
}

static void
set_locale(int i)
{
	ck_assert_msg(setlocale(LC_ALL, locales[i]) != NULL,
	    "locale %s missing: make check-unit makes it (LOCPATH)",
	    locales[i]);
	/* the locale really has a decimal point other than '.' */
	ck_assert_str_ne(localeconv()->decimal_point, ".");
}

/* A map with reals reads and writes back with '.' in JSON and YAML. */
START_TEST(map_reals)
{
	static const char text[] = "cjm: 1\ntitle: t\nemotion_scale: "
	    "{min: -2.5, max: 2.5}\nstages:\n  - {id: a, name: A, "
	    "emotion: 1.25}\n";
	cjm_diags *ds = cjm_diags_new();
	struct sink s = { .len = 0 };
	cjm_doc *doc;
	json_t *st;

	set_locale(_i);
	doc = unit_load(text, ds);
	st = json_array_get(json_object_get(cjm_doc_root(doc), "stages"), 0);
	ck_assert_double_eq(json_real_value(json_object_get(st, "emotion")),
	    1.25);
	ck_assert_int_eq(cjm_write(cjm_doc_root(doc), CJM_WRITE_YAML,
	    to_sink, &s, ds), CJM_OK);
	ck_assert_ptr_nonnull(strstr(s.buf, "emotion: 1.25"));
	ck_assert_ptr_nonnull(strstr(s.buf, "min: -2.5"));
	s.len = 0;
	ck_assert_int_eq(cjm_write(cjm_doc_root(doc), CJM_WRITE_JSON,
	    to_sink, &s, ds), CJM_OK);
	ck_assert_ptr_nonnull(strstr(s.buf, "\"emotion\":1.25"));
	cjm_doc_free(doc);
	cjm_diags_free(ds);
	setlocale(LC_ALL, "C");
}
END_TEST

/* Tables and messages the library words say 4.00, not 4,00. */
START_TEST(table_and_messages)
{
	cjm_answers *a = cjm_answers_new();
	cjm_diags *ds = cjm_diags_new();
	unsigned char ans[20];
	json_t *m;
	char *en, *line;

	set_locale(_i);
	memset(ans, 4, 20);
	cjm_answers_add(a, NULL, "Sales", ans);
	ck_assert_int_eq(cjm_maturity_score(a, NULL, &m, NULL), CJM_OK);
	en = cjm_maturity_table(m, NULL);
	ck_assert_ptr_nonnull(strstr(en, "4.00"));
	cjm_diags_add(ds, CJM_NOTE, "x", "f", 0, NULL, (cjm_pos){ 1, 1, 0 },
	    NULL, "%.1f", 3.5);
	line = cjm_diag_text(cjm_diags_get(ds, 0));
	ck_assert_ptr_nonnull(strstr(line, "3.5"));
	free(line);
	free(en);
	json_decref(m);
	cjm_answers_free(a);
	cjm_diags_free(ds);
	setlocale(LC_ALL, "C");
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("locale");
	TCase *tc = tcase_create("locale");
	int n = (int)(sizeof(locales) / sizeof(locales[0]));

	tcase_add_loop_test(tc, map_reals, 0, n);
	tcase_add_loop_test(tc, table_and_messages, 0, n);
	suite_add_tcase(s, tc);
	return s;
}
