/* test_diag.c: the diagnostics list, its output forms and suggestions. */
#include "unit.h"
#include "diagpos.h"

START_TEST(text_forms)
{
	static const struct {
		enum cjm_level level;
		unsigned long line, col;
		unsigned doc;
		const char *hint, *want;
	} t[] = {
		{ CJM_ERROR, 3, 5, 1, NULL, "m.yaml:3:5: error: bad [c]" },
		{ CJM_WARNING, 3, 0, 1, NULL, "m.yaml:3: warning: bad [c]" },
		{ CJM_NOTE, 0, 0, 1, NULL, "m.yaml: note: bad [c]" },
		{ CJM_ERROR, 1, 1, 2, "did you mean 'x'?",
		  "m.yaml:1:1: error: document 2: bad; did you mean 'x'? [c]" },
		{ CJM_FATAL, 0, 0, 0, NULL, "m.yaml: fatal: bad [c]" },
	};
	/* JSON: every member cjm(7) lists, in its order, known or not (a
	 * diagnostic about no document had no "document"). */
	static const char *const members[] = { "file", "document", "line",
	    "column", "level", "code", "path", "message", "hint" };
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cjm_diags *ds = cjm_diags_new();
		cjm_pos pos = { t[i].line, t[i].col, 0 };
		json_t *j;
		void *it;
		size_t k;
		char *s;

		ck_assert_int_eq(cjm_diags_add(ds, t[i].level, "c", "m.yaml",
		    t[i].doc, "", pos, t[i].hint, "%s", "bad"), CJM_OK);
		s = cjm_diag_text(cjm_diags_get(ds, 0));
		ck_assert_str_eq(s, t[i].want);
		free(s);
		j = cjm_diag_json(cjm_diags_get(ds, 0));
		for (k = 0, it = json_object_iter(j); k < 9 && it != NULL;
		    k++, it = json_object_iter_next(j, it))
			ck_assert_str_eq(json_object_iter_key(it), members[k]);
		ck_assert_ptr_null(it);
		ck_assert_uint_eq(k, 9);
		ck_assert_int_eq(json_integer_value(json_object_get(j,
		    "document")), t[i].doc);
		ck_assert(t[i].doc || json_is_null(json_object_get(j,
		    "document")));
		json_decref(j);
		ck_assert_int_eq(cjm_diags_worst(ds), (int)t[i].level);
		cjm_diags_free(ds);
	}
}
END_TEST

START_TEST(github_escapes)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_pos pos = { 2, 7, 0 };
	char *s;

	cjm_diags_add(ds, CJM_WARNING, "k", "a,b:c.yaml", 1, "", pos, NULL,
	    "50%% done\nnext");
	s = cjm_diag_github(cjm_diags_get(ds, 0));
	ck_assert_str_eq(s, "::warning file=a%2Cb%3Ac.yaml,line=2,col=7,"
	    "title=k::50%25 done\\x0Anext");
	free(s);
	cjm_diags_free(ds);
}
END_TEST

/* Text quoted from the input cannot start a line, move the cursor or
 * carry bytes that are not UTF-8, in any form (issue 10, case 10). */
START_TEST(untrusted_text_escaped)
{
	static const struct { const char *in, *want; } t[] = {
		{ "a\n::error file=x,line=1::owned", "a\\x0A::error "
		  "file=x,line=1::owned" },
		{ "\x1B[31mred\r", "\\x1B[31mred\\x0D" },
		{ "tab\there", "tab\\x09here" },
		{ "c1 \xC2\x9B and \xE2\x80\xAE rtl", "c1 \\x9B and "
		  "\\u202E rtl" },
		{ "bad \xFF\xC0 bytes", "bad \\xFF\\xC0 bytes" },
		{ "Привет, мир", "Привет, мир" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cjm_diags *ds = cjm_diags_new();
		cjm_pos pos = { 1, 1, 0 };
		char *s, *g;
		json_t *j;

		cjm_diags_add(ds, CJM_ERROR, "k", "f\n.csv", 0, NULL, pos,
		    t[i].in, "%s", t[i].in);
		ck_assert_str_eq(cjm_diags_get(ds, 0)->message, t[i].want);
		ck_assert_str_eq(cjm_diags_get(ds, 0)->hint, t[i].want);
		ck_assert_str_eq(cjm_diags_get(ds, 0)->file, "f\\x0A.csv");
		s = cjm_diag_text(cjm_diags_get(ds, 0));
		g = cjm_diag_github(cjm_diags_get(ds, 0));
		j = cjm_diag_json(cjm_diags_get(ds, 0));
		ck_assert_ptr_null(strchr(s, '\n'));
		ck_assert_ptr_null(strchr(g, '\n'));
		ck_assert_ptr_null(strchr(s, '\x1B'));
		ck_assert_uint_eq(cjm_utf8_check(s, strlen(s)), strlen(s));
		ck_assert_str_eq(json_string_value(json_object_get(j,
		    "message")), t[i].want);
		free(s);
		free(g);
		json_decref(j);
		cjm_diags_free(ds);
	}
}
END_TEST

/* Code points, not bytes: a Cyrillic typo gets the room of a Latin one
 * (issue 10, case 11); an abbreviation of exactly one candidate. */
START_TEST(suggestions_ru_and_abbreviations)
{
	static const char *const ru[] = { "никогда", "редко", "иногда",
	    "часто", "всегда" };
	static const char *const en[] = { "never", "rarely", "sometimes",
	    "often", "always" };
	static const char *const fk[] = { "count", "pct_previous",
	    "pct_start", "dropped", "drop_pct", "time" };
	static const char *const fk2[] = { "count", "converted" };

	ck_assert_str_eq(cjm_suggest("часот", ru, 5), "часто");
	ck_assert_str_eq(cjm_suggest("всегад", ru, 5), "всегда");
	ck_assert_str_eq(cjm_suggest("нкогда", ru, 5), "никогда");
	ck_assert_str_eq(cjm_suggest("nevre", en, 5), "never");
	ck_assert_ptr_null(cjm_suggest("ужасно", ru, 5));
	ck_assert_str_eq(cjm_suggest("cnt", fk, 6), "count");
	ck_assert_ptr_null(cjm_suggest("cnt", fk2, 2));	/* two fit */
	/* Case is no edit: a header's "User_ID", a survey's "Часто". */
	ck_assert_str_eq(cjm_suggest("user_id", (const char *const[]){
	    "User_ID", "Event" }, 2), "User_ID");
	ck_assert_str_eq(cjm_suggest("ЧАСТО", ru, 5), "часто");
	ck_assert_str_eq(cjm_suggest("ЁЖ", (const char *const[]){ "ёж" }, 1),
	    "ёж");
}
END_TEST

/* Blanks around a name, however many, do not count against it: a CSV
 * header "user_id,   event   ,timestamp" still suggests '   event   '
 * (one or two blanks did, three did not). */
START_TEST(suggestions_blank_padding)
{
	static const char *const keys[] = { "user_id", "   event   ",
	    "\ttimestamp\t", "event_name                                  "
	    "                              x", "channel                    "
	    "                                           " };
	static const struct { const char *word, *want; } t[] = {
		{ "event", "   event   " },
		{ "evnet", "   event   " },
		{ "timestmap", "\ttimestamp\t" },
		{ "   user_id", "user_id" },
		{ "user_id \t ", "user_id" },
		{ "channel", keys[4] },	/* 70 bytes, 7 of them not blank */
		{ "zzz", NULL },
		{ "    ", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *got = cjm_suggest(t[i].word, keys, 5);

		ck_assert_msg(t[i].want ? got != NULL && strcmp(got,
		    t[i].want) == 0 : got == NULL, "'%s': '%s'", t[i].word,
		    got ? got : "(null)");
	}
}
END_TEST

/* The breakdown value rule's numbers: shortest round trip, 5.0 is 5. */
/* A long name in a message keeps both ends, U+2026 between, whole
 * characters only. */
START_TEST(utf8_middle)
{
	static const struct {
		const char *s;
		size_t max, cap;
		const char *want;
	} t[] = {
		{ "short", 10, 64, "short" },
		{ "abcdefghij", 10, 64, "abcdefghij" },
		{ "abcdefghijk", 5, 64, "ab\u2026jk" },
		{ "abcdefghijk", 6, 64, "abc\u2026jk" },
		{ "ЖЖЖЖЖЖЖЖЖЖ", 5, 64, "ЖЖ\u2026ЖЖ" },
		{ "abcdefghijklmnop", 12, 8, "ab\u2026op" },
		{ "abcdefghijklmnop", 12, 7, "a\u2026op" },
		{ "", 5, 64, "" },
	};
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cjm_utf8_middle(t[i].s, t[i].max, buf, t[i].cap);
		ck_assert_msg(strcmp(buf, t[i].want) == 0, "case %zu: '%s'",
		    i, buf);
		ck_assert_uint_eq(cjm_utf8_check(buf, strlen(buf)),
		    strlen(buf));
	}
}
END_TEST

START_TEST(number_text)
{
	static const struct { double v; const char *want; } t[] = {
		{ 5.0, "5" }, { 1.1234, "1.1234" }, { 1.1231, "1.1231" },
		{ 0.1, "0.1" }, { -0.0, "0" }, { 1e21, "1e+21" },
		{ 0.30000000000000004, "0.30000000000000004" },
		{ -2.5, "-2.5" }, { 9007199254740993.0, "9007199254740992" },
		{ 123456789012.0, "123456789012" },
	};
	size_t i;
	char buf[32];

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cjm_number_text(t[i].v, buf, sizeof(buf));
		ck_assert_str_eq(buf, t[i].want);
		ck_assert(strtod(buf, NULL) == t[i].v);
	}
}
END_TEST

START_TEST(suggestions)
{
	static const char *const keys[] = { "pain_points", "touchpoints",
	    "emotion", "id", "name", "title", "web" };
	static const struct { const char *word, *want; } t[] = {
		{ "pain_point", "pain_points" },
		{ "touchpoint", "touchpoints" },
		{ "emotoin", "emotion" },
		{ "zzz", NULL },
		{ "idd", "id" },
		{ "colour", NULL },
		{ "titel", "title" },	/* a swap is one edit */
		{ "wbe", "web" },
		{ "nmae", "name" },
		{ "emtoino", "emotion" },	/* two swaps: within 7/3 edits */
		{ "wxyz", NULL },
		{ "nmae", "name" },
		{ "pain", "pain_points" },	/* abbreviates one key */
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *got = cjm_suggest(t[i].word, keys, 7);

		if (t[i].want == NULL)
			ck_assert_ptr_null(got);
		else
			ck_assert_str_eq(got, t[i].want);
	}
}
END_TEST

/* A diagnostic reworded in place keeps its place, level, code and
 * position, loses its hint, and gets the text escaped as any other;
 * an index past the list changes nothing. */
START_TEST(reword_in_place)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_pos p = { 3, 7, 40 };
	const cjm_diag *d;

	cjm_diags_add(ds, CJM_ERROR, "bad-time", "f", 0, NULL, p, "a hint",
	    "bad timestamp 'x'");
	cjm_diags_add(ds, CJM_WARNING, "other", "f", 0, NULL, p, NULL, "next");
	ck_assert_int_eq(cjm_diags_reword(ds, 0, "the same in %d more rows, "
	    "lines %d to %d\n", 5, 3, 9), CJM_OK);
	d = cjm_diags_get(ds, 0);
	ck_assert_str_eq(d->message, "the same in 5 more rows, lines 3 to 9"
	    "\\x0A");
	ck_assert_ptr_null(d->hint);
	ck_assert_str_eq(d->code, "bad-time");
	ck_assert_int_eq(d->level, CJM_ERROR);
	ck_assert_uint_eq(d->pos.line, 3);
	ck_assert_uint_eq(d->pos.col, 7);
	ck_assert_str_eq(cjm_diags_get(ds, 1)->message, "next");
	ck_assert_int_eq(cjm_diags_reword(ds, 2, "x"), CJM_OK);
	ck_assert_uint_eq(cjm_diags_count(ds), 2);
	cjm_diags_free(ds);
}
END_TEST

START_TEST(worst_and_clear)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_pos p = { 0, 0, 0 };

	ck_assert_int_eq(cjm_diags_worst(ds), -1);
	cjm_diags_add(ds, CJM_NOTE, "a", NULL, 0, NULL, p, NULL, "x");
	cjm_diags_add(ds, CJM_WARNING, "b", NULL, 0, NULL, p, NULL, "y");
	ck_assert_int_eq(cjm_diags_worst(ds), CJM_WARNING);
	ck_assert_uint_eq(cjm_diags_count_level(ds, CJM_NOTE), 1);
	cjm_diags_clear(ds);
	ck_assert_uint_eq(cjm_diags_count(ds), 0);
	cjm_diags_free(ds);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("diag");
	TCase *tc = tcase_create("diag");

	tcase_add_test(tc, text_forms);
	tcase_add_test(tc, utf8_middle);
	tcase_add_test(tc, github_escapes);
	tcase_add_test(tc, untrusted_text_escaped);
	tcase_add_test(tc, suggestions);
	tcase_add_test(tc, number_text);
	tcase_add_test(tc, suggestions_ru_and_abbreviations);
	tcase_add_test(tc, suggestions_blank_padding);
	tcase_add_test(tc, worst_and_clear);
	tcase_add_test(tc, reword_in_place);
	suite_add_tcase(s, tc);
	return s;
}
