/* test_write.c: the writer: JSON forms, reals, YAML quoting, round trips
 * through the reader, write errors. */
#include "unit.h"

struct sink {
	char buf[8192];
	size_t len;
	int fail;		/* fail once this many bytes were taken */
};

static int
to_sink(const char *buf, size_t len, void *ctx)
{
	struct sink *s = ctx;

	if (s->fail && s->len + len > (size_t)s->fail)
		return -1;
	ck_assert_uint_lt(s->len + len, sizeof(s->buf));
	memcpy(s->buf + s->len, buf, len);
	s->len += len;
	s->buf[s->len] = '\0';
	return 0;
}

static int
to_count(const char *buf, size_t len, void *ctx)
{
	(void)buf;
	*(size_t *)ctx += len;
	return 0;
}

/* Written text of v (stolen). */
static const char *
written(json_t *v, unsigned flags, struct sink *s)
{
	cjm_diags *ds = cjm_diags_new();

	s->len = 0;
	s->buf[0] = '\0';
	ck_assert_int_eq(cjm_write(v, flags, to_sink, s, ds), CJM_OK);
	ck_assert_uint_eq(cjm_diags_count(ds), 0);
	cjm_diags_free(ds);
	json_decref(v);
	return s->buf;
}

START_TEST(json_forms)
{
	static const struct {
		const char *in;		/* loaded, then written */
		unsigned flags;
		const char *want;
	} t[] = {
		{ "{\"a\": [1, 2.5, true, null], \"b\": {}, \"c\": []}", 0,
		  "{\"a\":[1,2.5,true,null],\"b\":{},\"c\":[]}\n" },
		{ "{\"a\": [1, {\"x\": \"y\"}], \"b\": {}}", CJM_WRITE_PRETTY,
		  "{\n  \"a\": [\n    1,\n    {\n      \"x\": \"y\"\n    }\n"
		  "  ],\n  \"b\": {}\n}\n" },
		{ "z: 1\na: 2\nm: 3\n", 0, "{\"z\":1,\"a\":2,\"m\":3}\n" },
		{ "[0.1, 2.333, 1.0, 1e20, -0.0, 5e-324, 1.7976931348623157e308]",
		  0, "[0.1,2.333,1.0,1.0e+20,-0.0,5.0e-324,"
		  "1.7976931348623157e+308]\n" },
		{ "[\"é \\\" \\\\ \\n \\t \\u0001 😀 /\"]", 0,
		  "[\"é \\\" \\\\ \\n \\t \\u0001 😀 /\"]\n" },
		{ "\"just a string\"", 0, "\"just a string\"\n" },
		{ "[9223372036854775807, -9223372036854775808]", 0,
		  "[9223372036854775807,-9223372036854775808]\n" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cjm_diags *ds = cjm_diags_new();
		cjm_doc *doc = unit_load(t[i].in, ds);
		struct sink s = { .len = 0 };

		ck_assert_str_eq(written(json_incref(cjm_doc_root(doc)),
		    t[i].flags, &s), t[i].want);
		cjm_doc_free(doc);
		cjm_diags_free(ds);
	}
}
END_TEST

/* How a string value is written in YAML: quoted when YAML 1.1 or 1.2
 * would read it as something else. */
START_TEST(yaml_quoting)
{
	static const struct {
		const char *s, *want;
	} t[] = {
		{ "plain", "v: plain" },
		{ "", "v: \"\"" },
		{ "yes", "v: \"yes\"" }, { "No", "v: \"No\"" },
		{ "NO", "v: \"NO\"" }, { "on", "v: \"on\"" },
		{ "On", "v: \"On\"" }, { "OFF", "v: \"OFF\"" },
		{ "y", "v: \"y\"" }, { "Y", "v: \"Y\"" }, { "n", "v: \"n\"" },
		{ "true", "v: \"true\"" }, { "False", "v: \"False\"" },
		{ "null", "v: \"null\"" }, { "~", "v: \"~\"" },
		{ "012", "v: \"012\"" }, { "12", "v: \"12\"" },
		{ "-3", "v: \"-3\"" }, { "+3", "v: \"+3\"" },
		{ "0x1F", "v: \"0x1F\"" }, { "0o17", "v: \"0o17\"" },
		{ "0b101", "v: \"0b101\"" }, { "1e3", "v: \"1e3\"" },
		{ "1.5", "v: \"1.5\"" }, { ".5", "v: \".5\"" },
		{ "1_000", "v: \"1_000\"" }, { "1:20", "v: \"1:20\"" },
		{ "190:20:30.15", "v: \"190:20:30.15\"" },
		{ ".inf", "v: \".inf\"" }, { "-.INF", "v: \"-.INF\"" },
		{ ".NaN", "v: \".NaN\"" }, { "<<", "v: \"<<\"" },
		{ "2026-11-23", "v: \"2026-11-23\"" },
		{ "2001-12-14t21:59:43.10-05:00",
		  "v: \"2001-12-14t21:59:43.10-05:00\"" },
		{ "10-20 min", "v: 10-20 min" }, { "3 days", "v: 3 days" },
		{ "yes please", "v: yes please" }, { "Привет", "v: Привет" },
		{ "a: b", "v: 'a: b'" }, { "- x", "v: '- x'" },
		{ "#x", "v: '#x'" }, { " lead", "v: ' lead'" },
		{ "line1\nline2", "v: |-\n  line1\n  line2" },
		/* YAML 1.1 line breaks but LF: escaped in double quotes,
		 * never written as they are (the reader refuses them) */
		{ "a\xE2\x80\xA8" "b", "v: \"a\\Lb\"" },
		{ "a\xE2\x80\xA9" "b", "v: \"a\\Pb\"" },
		{ "a\xC2\x85" "b", "v: \"a\\Nb\"" },
		{ "a\rb", "v: \"a\\rb\"" },
		{ "x\ny\xE2\x80\xA8", "v: \"x\\ny\\L\"" },
		{ "a\xE2\x80\xA7" "b", "v: a\xE2\x80\xA7" "b" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		json_t *o = json_pack("{s:s}", "v", t[i].s);
		struct sink s = { .len = 0 };
		char want[256];

		snprintf(want, sizeof(want), "---\n%s\n", t[i].want);
		ck_assert_str_eq(written(o, CJM_WRITE_YAML, &s), want);
	}
}
END_TEST

/* Write each document in every form and read it back: the same tree. */
START_TEST(round_trips)
{
	static const char *const docs[] = {
		"cjm: 1\ntitle: Карта\nstages:\n  - id: a\n    name: \"yes\"\n"
		"    emotion: 2.5\n    notes: [\"012\", \"on\", \"\", null, true]\n"
		"    big: 9007199254740993\n    x-y: {k: [[], {}]}\n",
		"{\"a\": 0.1, \"b\": \"line\\nnext\\n\", \"c\": \" sp \","
		" \"d\": \"\\u0001x\", \"e\": \"'\\\"\", \"yes\": \"NO\"}",
		"- \"\\t tab\"\n- \"trailing \"\n- \"\\n\"\n- \"a\\n\\n\"\n"
		"- \"#c\"\n- \"&a\"\n- \"*a\"\n- \"!t\"\n- \"%p\"\n- \"@x\"\n"
		"- \"`x\"\n- \"key: v\"\n- \"[x]\"\n- \"{x}\"\n- \"1 000\"\n",
		"[1e-300, 123456.789, 1e22, -2.5e-5, 3.0]",
		"[\"a\\u2028b\", \"\\u2029\", \"c\\u0085\\r\\nd\"]",
		"\"root string\"",
		"- \"" "0123456789012345678901234567890123456789012345678901234"
		"5678901234567890123456789012345678901234567890123456789\": 1\n",
	};
	static const unsigned forms[] = { 0, CJM_WRITE_PRETTY, CJM_WRITE_YAML };
	size_t i, f;

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		cjm_diags *ds = cjm_diags_new();
		cjm_doc *doc = unit_load(docs[i], ds);

		for (f = 0; f < 3; f++) {
			struct sink s = { .len = 0 };
			cjm_doc *back = NULL;

			written(json_incref(cjm_doc_root(doc)), forms[f], &s);
			ck_assert_msg(cjm_doc_load_memory(s.buf, s.len, "w",
			    NULL, CJM_INPUT_AUTO, &back, ds) == CJM_OK,
			    "doc %zu form %u: %s\n%s", i, forms[f],
			    cjm_diags_count(ds) ? cjm_diags_get(ds, 0)->message
			    : "", s.buf);
			ck_assert_msg(json_equal(cjm_doc_root(doc),
			    cjm_doc_root(back)), "doc %zu form %u:\n%s", i,
			    forms[f], s.buf);
			cjm_doc_free(back);
		}
		cjm_doc_free(doc);
		cjm_diags_free(ds);
	}
}
END_TEST

/* A stream of written YAML documents is a valid stream. */
START_TEST(yaml_stream)
{
	cjm_diags *ds = cjm_diags_new();
	struct sink s = { .len = 0 };
	cjm_reader *r = cjm_reader_new(NULL, CJM_INPUT_AUTO);
	cjm_doc *doc;
	int n = 0;

	json_t *v[3];
	size_t i;

	v[0] = json_pack("{s:i}", "a", 1);
	v[1] = json_string("x");
	v[2] = json_pack("[i]", 2);
	for (i = 0; i < 3; i++) {
		cjm_write(v[i], CJM_WRITE_YAML, to_sink, &s, ds);
		json_decref(v[i]);
	}
	ck_assert_str_eq(s.buf, "---\na: 1\n--- x\n---\n- 2\n");
	cjm_reader_open_memory(r, s.buf, s.len, NULL, ds);
	while (cjm_reader_next(r, &doc, ds) == CJM_OK) {
		cjm_doc_free(doc);
		n++;
	}
	ck_assert_int_eq(n, 3);
	ck_assert_uint_eq(cjm_diags_count(ds), 0);
	cjm_reader_free(r);
	cjm_diags_free(ds);
}
END_TEST

START_TEST(write_errors)
{
	static const unsigned forms[] = { 0, CJM_WRITE_YAML };
	json_t *v = json_pack("{s:[s,s,s]}", "a", "x", "y", "z");
	size_t f;

	for (f = 0; f < 2; f++) {
		cjm_diags *ds = cjm_diags_new();
		struct sink s = { .len = 0, .fail = 1 };

		ck_assert_int_eq(cjm_write(v, forms[f], to_sink, &s, ds),
		    CJM_ESYS);
		ck_assert_uint_eq(cjm_diags_count(ds), 1);
		ck_assert_str_eq(cjm_diags_get(ds, 0)->code, "write");
		ck_assert_int_eq(cjm_diags_get(ds, 0)->level, CJM_FATAL);
		cjm_diags_free(ds);
	}
	json_decref(v);
}
END_TEST

/* Trees deeper than the writer goes are refused, not a crash. */
START_TEST(too_deep)
{
	static const unsigned forms[] = { 0, CJM_WRITE_YAML };
	json_t *root = json_array(), *v = root;
	size_t i;

	for (i = 0; i < 10001; i++) {
		json_t *a = json_array();

		json_array_append_new(v, a);
		v = a;
	}
	for (i = 0; i < 2; i++) {
		cjm_diags *ds = cjm_diags_new();
		size_t n = 0;

		ck_assert_int_eq(cjm_write(root, forms[i], to_count, &n, ds),
		    CJM_EDATA);
		ck_assert_str_eq(cjm_diags_get(ds, 0)->code, "too-deep");
		cjm_diags_free(ds);
	}
	json_decref(root);
}
END_TEST

/* To a FILE: the text lands; a full device is a write error. */
START_TEST(write_file)
{
	json_t *v = json_pack("{s:[i,f]}", "a", 1, 0.5);
	cjm_diags *ds = cjm_diags_new();
	FILE *fp = tmpfile();
	char buf[64] = "";

	ck_assert_int_eq(cjm_write_file(v, CJM_WRITE_YAML | CJM_WRITE_PRETTY,
	    fp, ds), CJM_OK);
	rewind(fp);
	ck_assert_uint_gt(fread(buf, 1, sizeof(buf) - 1, fp), 0);
	ck_assert_str_eq(buf, "---\na:\n- 1\n- 0.5\n");
	fclose(fp);
	if ((fp = fopen("/dev/full", "w")) != NULL) {
		ck_assert_int_eq(cjm_write_file(v, 0, fp, ds), CJM_ESYS);
		ck_assert_uint_eq(cjm_diags_count(ds), 1);
		ck_assert_str_eq(cjm_diags_get(ds, 0)->code, "write");
		fclose(fp);
	}
	json_decref(v);
	cjm_diags_free(ds);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("write");
	TCase *tc = tcase_create("write");

	tcase_add_test(tc, json_forms);
	tcase_add_test(tc, yaml_quoting);
	tcase_add_test(tc, round_trips);
	tcase_add_test(tc, yaml_stream);
	tcase_add_test(tc, write_errors);
	tcase_add_test(tc, write_file);
	tcase_add_test(tc, too_deep);
	suite_add_tcase(s, tc);
	return s;
}
