/* test_reader.c: the reader: scalars, bad inputs, positions, streams,
 * limits, for YAML and JSON. */
#include <stdio.h>
#include <unistd.h>

#include "unit.h"
#include "load.h"
#include "fsize.h"

/* Load text (len 0: strlen) expecting failure; return the first
 * diagnostic, copied into *d's strings' owner ds. */
static int
try_load(const char *text, size_t len, const cjm_limits *lim,
    enum cjm_input_format fmt, cjm_doc **doc, cjm_diags *ds)
{
	return cjm_doc_load_memory(text, len ? len : strlen(text), "t", lim,
	    fmt, doc, ds);
}

START_TEST(scalars)
{
	static const struct {
		const char *text;
		json_type type;
		const char *str;	/* string value, or the integer/real
					   as text via %lld / %.17g */
	} t[] = {
		{ "~", JSON_NULL, NULL },
		{ "null", JSON_NULL, NULL },
		{ "Null", JSON_NULL, NULL },
		{ "NULL", JSON_NULL, NULL },
		{ "", JSON_NULL, NULL },
		{ "nULL", JSON_STRING, "nULL" },
		{ "true", JSON_TRUE, NULL },
		{ "True", JSON_TRUE, NULL },
		{ "TRUE", JSON_TRUE, NULL },
		{ "false", JSON_FALSE, NULL },
		{ "FALSE", JSON_FALSE, NULL },
		{ "tRUE", JSON_STRING, "tRUE" },
		{ "yes", JSON_STRING, "yes" },
		{ "no", JSON_STRING, "no" },
		{ "on", JSON_STRING, "on" },
		{ "off", JSON_STRING, "off" },
		{ "y", JSON_STRING, "y" },
		{ "n", JSON_STRING, "n" },
		{ "NO", JSON_STRING, "NO" },
		{ "0", JSON_INTEGER, "0" },
		{ "012", JSON_INTEGER, "12" },
		{ "-17", JSON_INTEGER, "-17" },
		{ "+17", JSON_INTEGER, "17" },
		{ "0o17", JSON_INTEGER, "15" },
		{ "0x1F", JSON_INTEGER, "31" },
		{ "0x1f", JSON_INTEGER, "31" },
		{ "0X1F", JSON_STRING, "0X1F" },
		{ "0b101", JSON_STRING, "0b101" },
		{ "1_000", JSON_STRING, "1_000" },
		{ "1:20", JSON_STRING, "1:20" },
		{ "9223372036854775807", JSON_INTEGER, "9223372036854775807" },
		{ "-9223372036854775808", JSON_INTEGER, "-9223372036854775808" },
		{ "1.5", JSON_REAL, "1.5" },
		{ "-.5", JSON_REAL, "-0.5" },
		{ "1.", JSON_REAL, "1" },
		{ "1e3", JSON_REAL, "1000" },
		{ "1E-2", JSON_REAL, "0.01" },
		{ "0.1", JSON_REAL, "0.10000000000000001" },
		{ "1e-310", JSON_REAL, "9.9999999999999694e-311" },
		{ ".", JSON_STRING, "." },
		{ "1.2.3", JSON_STRING, "1.2.3" },
		{ "2026-11-23", JSON_STRING, "2026-11-23" },
		{ "'012'", JSON_STRING, "012" },
		{ "\"true\"", JSON_STRING, "true" },
		{ "!!str 12", JSON_STRING, "12" },
		{ "!!int '12'", JSON_INTEGER, "12" },
		{ "!!float 12", JSON_REAL, "12" },
		{ "!!bool 'true'", JSON_TRUE, NULL },
		{ "!!null ''", JSON_NULL, NULL },
		{ "! 12", JSON_STRING, "12" },
		{ "|\n  a\n  b", JSON_STRING, "a\nb\n" },
		{ "Привет мир", JSON_STRING, "Привет мир" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cjm_diags *ds = cjm_diags_new();
		char text[128], got[64];
		cjm_doc *doc;
		json_t *v;

		snprintf(text, sizeof(text), "v: %s\n", t[i].text);
		doc = unit_load(text, ds);
		v = json_object_get(cjm_doc_root(doc), "v");
		ck_assert_msg(v != NULL && json_typeof(v) == t[i].type,
		    "'%s': type %d, want %d", t[i].text,
		    v ? (int)json_typeof(v) : -1, (int)t[i].type);
		if (t[i].type == JSON_STRING)
			ck_assert_str_eq(json_string_value(v), t[i].str);
		if (t[i].type == JSON_INTEGER) {
			snprintf(got, sizeof(got), "%" JSON_INTEGER_FORMAT,
			    json_integer_value(v));
			ck_assert_str_eq(got, t[i].str);
		}
		if (t[i].type == JSON_REAL) {
			snprintf(got, sizeof(got), "%.17g", json_real_value(v));
			ck_assert_msg(strtod(got, NULL) ==
			    strtod(t[i].str, NULL), "'%s': %s", t[i].text, got);
		}
		cjm_doc_free(doc);
		cjm_diags_free(ds);
	}
}
END_TEST

/* Bad input: the first diagnostic's code and place. */
static const struct bad {
	const char *text;
	size_t len;		/* 0: strlen */
	enum cjm_input_format fmt;
	const char *code;
	unsigned long line, col;
} bad[] = {
	{ "", 0, CJM_INPUT_AUTO, "empty", 1, 1 },
	{ "  \n\n# only a comment\n", 0, CJM_INPUT_AUTO, "empty", 4, 1 },
	{ " \n \t\n", 0, CJM_INPUT_JSON, "empty", 3, 1 },
	{ "a: 1\na: 2\n", 0, CJM_INPUT_AUTO, "duplicate-key", 2, 1 },
	{ "x:\n  b: 1\n  c: 2\n  b: 3\n", 0, CJM_INPUT_AUTO, "duplicate-key",
	  4, 3 },
	{ "{\"a\": 1, \"a\": 2}", 0, CJM_INPUT_AUTO, "duplicate-key", 1, 10 },
	{ "a: [1, 2\n", 0, CJM_INPUT_AUTO, "syntax", 2, 1 },
	{ "a: b: c\n", 0, CJM_INPUT_AUTO, "syntax", 1, 5 },
	{ "a: 1e999\n", 0, CJM_INPUT_AUTO, "number-range", 1, 4 },
	{ "a: -1e999\n", 0, CJM_INPUT_AUTO, "number-range", 1, 4 },
	{ "a: 1e-999\n", 0, CJM_INPUT_AUTO, "number-range", 1, 4 },
	{ "a: 123456789012345678901234567890\n", 0, CJM_INPUT_AUTO,
	  "number-range", 1, 4 },
	{ "a: 9223372036854775808\n", 0, CJM_INPUT_AUTO, "number-range", 1, 4 },
	{ "a: 0x8000000000000000\n", 0, CJM_INPUT_AUTO, "number-range", 1, 4 },
	{ "[1e999]", 0, CJM_INPUT_AUTO, "number-range", 1, 2 },
	{ "[123456789012345678901234567890]", 0, CJM_INPUT_AUTO,
	  "number-range", 1, 2 },
	{ "a: .inf\n", 0, CJM_INPUT_AUTO, "nan-inf", 1, 4 },
	{ "a: -.Inf\n", 0, CJM_INPUT_AUTO, "nan-inf", 1, 4 },
	{ "a: .NaN\n", 0, CJM_INPUT_AUTO, "nan-inf", 1, 4 },
	{ "a: !!python/object:os.system x\n", 0, CJM_INPUT_AUTO, "tag", 1, 4 },
	{ "a: !foo x\n", 0, CJM_INPUT_AUTO, "tag", 1, 4 },
	{ "a: !!binary aGVsbG8=\n", 0, CJM_INPUT_AUTO, "tag", 1, 4 },
	{ "a: !foo [1]\n", 0, CJM_INPUT_AUTO, "tag", 1, 4 },
	{ "!foo a: 1\n", 0, CJM_INPUT_AUTO, "tag", 1, 1 },
	{ "a: !!int abc\n", 0, CJM_INPUT_AUTO, "tag-value", 1, 4 },
	{ "a: !!map [1]\n", 0, CJM_INPUT_AUTO, "tag-value", 1, 4 },
	{ "a: &x [*x]\n", 0, CJM_INPUT_AUTO, "alias-cycle", 1, 8 },
	{ "&a [*a]\n", 0, CJM_INPUT_AUTO, "alias-cycle", 1, 5 },
	{ "a: *nope\n", 0, CJM_INPUT_AUTO, "alias-unknown", 1, 4 },
	{ "? [a]\n: 1\n", 0, CJM_INPUT_AUTO, "key-collection", 1, 3 },
	{ "{[1]: 2}\n", 0, CJM_INPUT_YAML, "key-collection", 1, 2 },
	{ "\"a\\0b\": 1\n", 0, CJM_INPUT_AUTO, "key-nul", 1, 1 },
	{ "{\"a\\u0000\": 1}", 0, CJM_INPUT_AUTO, "key-nul", 1, 2 },
	{ "a: \"x\\0y\"\n", 0, CJM_INPUT_AUTO, "value-nul", 1, 4 },
	{ "a: [x, \"x\\0\", x]\n", 0, CJM_INPUT_AUTO, "value-nul", 1, 8 },
	{ "a: &n \"x\\0y\"\nb: *n\n", 0, CJM_INPUT_AUTO, "value-nul", 1, 4 },
	{ "&k \"a\\0b\": 1\n", 0, CJM_INPUT_AUTO, "key-nul", 1, 1 },
	{ "a: x\nb: x\na: x\n", 0, CJM_INPUT_AUTO, "duplicate-key", 3, 1 },
	{ "{\"a\": \"x\\u0000\"}", 0, CJM_INPUT_AUTO, "value-nul", 1, 7 },
	{ "[\"a\\u0000b\"]", 0, CJM_INPUT_JSON, "value-nul", 1, 2 },
	{ "a: \xff\n", 0, CJM_INPUT_AUTO, "encoding", 1, 4 },
	{ "a: b\nc: d\xc3\n", 0, CJM_INPUT_AUTO, "encoding", 2, 5 },
	{ "a: \xed\xa0\x80\n", 0, CJM_INPUT_AUTO, "encoding", 1, 4 },
	{ "a: \xc0\xaf\n", 0, CJM_INPUT_AUTO, "encoding", 1, 4 },
	{ "[\"\xd0\xb9\xff\"]", 0, CJM_INPUT_AUTO, "encoding", 1, 4 },
	{ "[\"\\ud800\xff\"]", 0, CJM_INPUT_AUTO, "encoding", 1, 9 },
	{ "[tr\xff]", 0, CJM_INPUT_AUTO, "encoding", 1, 4 },
	/* NUL is UTF-8 but not text: refused as an encoding, not passed to
	 * the parsers (issue 10, case 1). */
	{ "a: b\0c\n", 7, CJM_INPUT_AUTO, "encoding", 1, 5 },
	{ "{\"a\": \"\0\"}", 11, CJM_INPUT_AUTO, "encoding", 1, 8 },
	/* Windows-1251 text in a map: "title: Карта". */
	{ "title: \xCA\xE0\xF0\xF2\xE0\n", 0, CJM_INPUT_AUTO, "encoding",
	  1, 8 },
	{ "\xff\xfe" "a\0:\0", 6, CJM_INPUT_AUTO, "encoding", 1, 1 },
	{ "\xfe\xff\0a\0:", 6, CJM_INPUT_AUTO, "encoding", 1, 1 },
	{ "a\0:\0 \0", 6, CJM_INPUT_AUTO, "encoding", 1, 1 },
	{ "\0\0\xfe\xff", 4, CJM_INPUT_AUTO, "encoding", 1, 1 },
	{ "a: x\x01y\n", 0, CJM_INPUT_AUTO, "control-char", 1, 5 },
	{ "a: 1\nb: \"\xc2\x80\"\n", 0, CJM_INPUT_AUTO, "control-char",
	  2, 5 },
	{ "a: \xef\xbf\xbf\n", 0, CJM_INPUT_AUTO, "control-char", 1, 4 },
	{ "\x7f", 0, CJM_INPUT_AUTO, "control-char", 1, 1 },
	/* Line breaks to libyaml (YAML 1.1) that are not lines to cjm: they
	 * moved every later line and folded text (a new user's find). */
	{ "a: x\ry\n", 0, CJM_INPUT_AUTO, "line-break-char", 1, 5 },
	{ "a: 1\rb: 2\n", 0, CJM_INPUT_AUTO, "line-break-char", 1, 5 },
	{ "a: 1\r", 0, CJM_INPUT_AUTO, "line-break-char", 1, 5 },
	{ "a: \"x\xc2\x85y\"\n", 0, CJM_INPUT_AUTO, "line-break-char",
	  1, 6 },
	{ "a: \xd0\xb9\xe2\x80\xa8y\n", 0, CJM_INPUT_AUTO,
	  "line-break-char", 1, 5 },
	{ "# c \xe2\x82\xac\xe2\x80\xa9\na: 1\n", 0, CJM_INPUT_AUTO,
	  "line-break-char", 1, 6 },
	{ "a: \xe2\x80\xa7\xe2\x80\xaa\nb: \"\xc2\x84\"\n", 0,
	  CJM_INPUT_AUTO, "control-char", 2, 5 },
	{ "a: b\0", 5, CJM_INPUT_AUTO, "encoding", 1, 5 },
	{ "[1, 2", 0, CJM_INPUT_AUTO, "syntax", 1, 6 },
	{ "{\"a\" 1}", 0, CJM_INPUT_AUTO, "syntax", 1, 6 },
	{ "{\"a\": 1,}", 0, CJM_INPUT_AUTO, "syntax", 1, 9 },
	{ "[1,]", 0, CJM_INPUT_AUTO, "syntax", 1, 4 },
	{ "{'a': 1}", 0, CJM_INPUT_JSON, "syntax", 1, 2 },
	{ "{a: 1}", 0, CJM_INPUT_AUTO, "syntax", 1, 2 },
	{ "{a: 1}", 0, CJM_INPUT_YAML, NULL, 0, 0 },
	{ "[01]", 0, CJM_INPUT_AUTO, "syntax", 1, 2 },
	{ "[1.]", 0, CJM_INPUT_AUTO, "syntax", 1, 2 },
	{ "[.5]", 0, CJM_INPUT_AUTO, "syntax", 1, 2 },
	{ "[+1]", 0, CJM_INPUT_AUTO, "syntax", 1, 2 },
	{ "[tru]", 0, CJM_INPUT_AUTO, "syntax", 1, 2 },
	{ "[NaN]", 0, CJM_INPUT_AUTO, "syntax", 1, 2 },
	{ "[\"a\tb\"]", 0, CJM_INPUT_AUTO, "syntax", 1, 4 },
	{ "[\"a\\x\"]", 0, CJM_INPUT_AUTO, "syntax", 1, 5 },
	{ "[\"\\ud800\"]", 0, CJM_INPUT_AUTO, "syntax", 1, 4 },
	{ "[\"\\udc00\"]", 0, CJM_INPUT_AUTO, "syntax", 1, 4 },
	{ "[\"\\u12\"]", 0, CJM_INPUT_AUTO, "syntax", 1, 7 },
	{ "[\"abc", 0, CJM_INPUT_AUTO, "syntax", 1, 2 },
	{ "  \n  [1] x", 0, CJM_INPUT_AUTO, "syntax", 2, 7 },
	{ "[1] [", 0, CJM_INPUT_AUTO, "syntax", 1, 6 },
	{ "a: 1\n", 0, CJM_INPUT_JSON, "syntax", 1, 1 },
	{ "--- a\n--- b\n", 0, CJM_INPUT_AUTO, "multiple-docs", 2, 5 },
	{ "[1]\n[2]\n", 0, CJM_INPUT_AUTO, "multiple-docs", 2, 1 },
};

START_TEST(bad_input)
{
	const struct bad *b = &bad[_i];
	cjm_diags *ds = cjm_diags_new();
	const cjm_diag *d;
	cjm_doc *doc = NULL;
	int st = try_load(b->text, b->len, NULL, b->fmt, &doc, ds);

	if (b->code == NULL) {	/* a control case: it loads */
		ck_assert_int_eq(st, CJM_OK);
		cjm_doc_free(doc);
		cjm_diags_free(ds);
		return;
	}
	ck_assert_msg(st == CJM_EDATA, "case %d: status %d", _i, st);
	ck_assert_ptr_null(doc);
	d = cjm_diags_get(ds, 0);
	ck_assert_ptr_nonnull(d);
	ck_assert_msg(strcmp(d->code, b->code) == 0 &&
	    d->pos.line == b->line && d->pos.col == b->col,
	    "case %d: %s at %lu:%lu (%s), want %s at %lu:%lu", _i, d->code,
	    d->pos.line, d->pos.col, d->message, b->code, b->line, b->col);
	ck_assert_int_eq(d->level, CJM_ERROR);
	ck_assert_str_eq(d->file, "t");
	ck_assert_msg(cjm_diags_count(ds) == 1, "case %d: %zu diagnostics",
	    _i, cjm_diags_count(ds));
	cjm_diags_free(ds);
}
END_TEST

/* Places of keys, values, items and singletons, in YAML and JSON. */
static const char pos_yaml[] =
    "title: Привет\n"
    "stages:\n"
    "  - id: a\n"
    "    done: true\n"
    "    note: ~\n"
    "  - [x, false]\n"
    "\"é\": null\n";
static const char pos_json[] =
    "{\"title\": \"Привет\",\n"
    " \"stages\": [{\"id\": \"a\", \"done\": true, \"note\": null},\n"
    "  [\"x\", false]],\n"
    " \"é\": null}\n";

static const struct place {
	const char *path;	/* "", "title", "stages.0.done", ... */
	unsigned long kline, kcol, line, col;
	const char *marker;	/* the value's text: its byte offset */
} places[2][11] = { {
	{ "", 1, 1, 1, 1, "title" },
	{ "title", 1, 1, 1, 8, "Привет" },
	{ "stages", 2, 1, 3, 3, "- id" },
	{ "stages.0", 3, 5, 3, 5, "id: a" },
	{ "stages.0.id", 3, 5, 3, 9, "a\n" },
	{ "stages.0.done", 4, 5, 4, 11, "true" },
	{ "stages.0.note", 5, 5, 5, 11, "~" },
	{ "stages.1", 6, 5, 6, 5, "[x" },
	{ "stages.1.0", 6, 6, 6, 6, "x," },
	{ "stages.1.1", 6, 9, 6, 9, "false" },
	{ "é", 7, 1, 7, 6, "null" },
}, {
	{ "", 1, 1, 1, 1, "{" },
	{ "title", 1, 2, 1, 11, "\"Привет" },
	{ "stages", 2, 2, 2, 12, "[{" },
	{ "stages.0", 2, 13, 2, 13, "{\"id" },
	{ "stages.0.id", 2, 14, 2, 20, "\"a\"" },
	{ "stages.0.done", 2, 25, 2, 33, "true" },
	{ "stages.0.note", 2, 39, 2, 47, "null" },
	{ "stages.1", 3, 3, 3, 3, "[\"x" },
	{ "stages.1.0", 3, 4, 3, 4, "\"x" },
	{ "stages.1.1", 3, 9, 3, 9, "false" },
	{ "é", 4, 2, 4, 7, "null}\n" },
} };

/* CRLF line ends and tabs count the same in YAML and JSON. */
START_TEST(crlf_tabs)
{
	static const char *const texts[] = {
		"a: 1\r\nb:\t[x,\ty]\r\n",
		"{\"a\": 1,\r\n\"b\":\t[\"x\",\t\"y\"]}\r\n",
	};
	static const unsigned long want[2][2] = { { 2, 8 }, { 2, 12 } };
	size_t i;

	for (i = 0; i < 2; i++) {
		cjm_diags *ds = cjm_diags_new();
		cjm_doc *doc = unit_load(texts[i], ds);
		const json_t *b = json_object_get(cjm_doc_root(doc), "b");
		cjm_pos p;

		ck_assert_int_eq(cjm_doc_pos(doc, b, NULL, 1, &p, NULL), 0);
		ck_assert_uint_eq(p.line, want[i][0]);
		ck_assert_uint_eq(p.col, want[i][1]);
		cjm_doc_free(doc);
		cjm_diags_free(ds);
	}
}
END_TEST

/* libyaml's "cannot start any token" at a tab gets a hint about tabs;
 * at another character, or another fault, none. */
START_TEST(tab_hints)
{
	static const struct {
		const char *text;
		int hint;
	} t[] = {
		{ "stages:\n\t- id: a\n", 1 },
		{ "cjm: 1\nstages:\n\t\t- id: a\n", 1 },
		{ "a: 1\n\tb: 2\n", 0 },	/* libyaml names the tab itself */
		{ "a: @b\n", 0 },	/* cannot start a token, not a tab */
		{ "a: [1, 2\n", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cjm_diags *ds = cjm_diags_new();
		cjm_doc *doc = NULL;
		const cjm_diag *d;

		ck_assert_int_eq(try_load(t[i].text, strlen(t[i].text), NULL,
		    CJM_INPUT_AUTO, &doc, ds), CJM_EDATA);
		d = cjm_diags_get(ds, 0);
		ck_assert_msg((d->hint != NULL && strstr(d->hint, "not tabs") !=
		    NULL) == t[i].hint, "case %zu: %s; %s", i, d->message,
		    d->hint ? d->hint : "(no hint)");
		cjm_diags_free(ds);
	}
}
END_TEST

/* Keys of every size keep their places (the key arena's chunks). */
START_TEST(many_keys)
{
	size_t n = 3000, i, len = 0;
	char *text = malloc(n * 32 + 2000), key[16];
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *doc;
	cjm_pos p, k;

	for (i = 0; i < n; i++) {
		if (i == 1500) {
			memset(text + len, 'k', 1000);
			len += 1000;
			len += (size_t)sprintf(text + len, ": big\n");
		}
		len += (size_t)sprintf(text + len, "key%zu: %zu\n", i, i);
	}
	doc = unit_load(text, ds);
	for (i = 0; i < n; i += 499) {
		snprintf(key, sizeof(key), "key%zu", i);
		ck_assert_int_eq(cjm_doc_pos(doc, cjm_doc_root(doc), key, 0, &p,
		    &k), 0);
		ck_assert_uint_eq(k.line, i + 1 + (i >= 1500));
		ck_assert_uint_eq(k.col, 1);
	}
	memset(text, 'k', 1000);
	text[1000] = '\0';
	ck_assert_int_eq(cjm_doc_pos(doc, cjm_doc_root(doc), text, 0, &p, &k),
	    0);
	ck_assert_uint_eq(p.line, 1501);
	ck_assert_uint_eq(p.col, 1003);
	cjm_doc_free(doc);
	cjm_diags_free(ds);
	free(text);
}
END_TEST

/* Walk a dotted path to the parent and last step of it. */
static const json_t *
walk(json_t *root, const char *path, char *last, size_t *index)
{
	char buf[64], *p, *dot;
	json_t *v = root, *parent = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf; p != NULL; p = dot) {
		if ((dot = strchr(p, '.')) != NULL)
			*dot++ = '\0';
		parent = v;
		strcpy(last, p);
		*index = strtoul(p, NULL, 10);
		v = json_is_array(v) ? json_array_get(v, *index) :
		    json_object_get(v, p);
	}
	return parent;
}

START_TEST(positions)
{
	const char *text = _i == 0 ? pos_yaml : pos_json;
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *doc = unit_load(text, ds);
	size_t i;

	ck_assert_int_eq(cjm_doc_format(doc), _i == 0 ? CJM_INPUT_YAML :
	    CJM_INPUT_JSON);
	for (i = 0; i < sizeof(places[0]) / sizeof(places[0][0]); i++) {
		const struct place *pl = &places[_i][i];
		const json_t *parent = NULL;
		char last[64] = "";
		size_t index = 0;
		cjm_pos v, k;

		if (pl->path[0] != '\0')
			parent = walk(cjm_doc_root(doc), pl->path, last, &index);
		ck_assert_int_eq(cjm_doc_pos(doc, parent,
		    json_is_object(parent) ? last : NULL, index, &v, &k), 0);
		ck_assert_msg(k.line == pl->kline && k.col == pl->kcol &&
		    v.line == pl->line && v.col == pl->col,
		    "%s '%s': key %lu:%lu value %lu:%lu", _i ? "json" : "yaml",
		    pl->path, k.line, k.col, v.line, v.col);
		ck_assert_msg(v.offset == (size_t)(strstr(text, pl->marker) -
		    text), "%s '%s': offset %zu", _i ? "json" : "yaml",
		    pl->path, v.offset);
	}
	/* Unknown places say so. */
	ck_assert_int_eq(cjm_doc_pos(doc, cjm_doc_root(doc), "nope", 0, NULL,
	    NULL), -1);
	ck_assert_int_eq(cjm_doc_pos(doc, json_object_get(cjm_doc_root(doc),
	    "stages"), NULL, 7, NULL, NULL), -1);
	cjm_doc_free(doc);
	cjm_diags_free(ds);
}
END_TEST

/* Keys near their values (on its line, with ASCII or other text between;
 * lines above it), far above them, and the places after them. */
static const struct far {
	const char *parent, *key, *kmark, *vmark;
	unsigned long kline, kcol, line, col;
} far[] = {
	{ "", "a", "a: 1", "1\nfar", 1, 1, 1, 4 },
	{ "", "far", "far:", "x: 2", 2, 1, 303, 3 },
	{ "far", "x", "x: 2", "2\nb:", 303, 3, 303, 6 },
	{ "", "b", "b:\n", "- 3", 304, 1, 605, 3 },
	{ "", "c", "c: 4", "4\nnear", 606, 1, 606, 4 },
	{ "", "near", "near:", "- 5", 607, 1, 608, 3 },
	{ "", "\xD0\xBA\xD0\xBB\xD1\x8E\xD1\x87", "\xD0\xBA\xD0\xBB",
	    "7\n", 609, 1, 609, 7 },
};

START_TEST(far_keys)
{
	char *text = malloc(4096), *p = text;
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *doc;
	const struct far *f = &far[_i];
	const json_t *parent;
	cjm_pos v, k;
	int i;

	p += sprintf(p, "a: 1\nfar:\n");
	for (i = 0; i < 300; i++)
		p += sprintf(p, "#\n");
	p += sprintf(p, "  x: 2\nb:\n");
	for (i = 0; i < 300; i++)
		p += sprintf(p, "#\n");
	sprintf(p, "  - 3\nc: 4\nnear:\n  - 5\n"
	    "\xD0\xBA\xD0\xBB\xD1\x8E\xD1\x87: 7\n");
	doc = unit_load(text, ds);
	parent = f->parent[0] ? json_object_get(cjm_doc_root(doc), f->parent) :
	    cjm_doc_root(doc);
	ck_assert_int_eq(cjm_doc_pos(doc, parent, f->key, 0, &v, &k), 0);
	ck_assert_uint_eq(k.offset, (size_t)(strstr(text, f->kmark) - text));
	ck_assert_uint_eq(v.offset, (size_t)(strstr(text, f->vmark) - text));
	ck_assert_msg(k.line == f->kline && k.col == f->kcol &&
	    v.line == f->line && v.col == f->col, "'%s': key %lu:%lu value "
	    "%lu:%lu", f->key, k.line, k.col, v.line, v.col);
	cjm_doc_free(doc);
	cjm_diags_free(ds);
	free(text);
}
END_TEST

/* Equal strings of a document share one node; their places stay their
 * own. */
START_TEST(shared_strings)
{
	const char *text = _i == 0 ? "a: x\nb: x\nc: [y, x]\n"
	    "n: [5, 5, 5.0, 5.0, 6, -0.0, 0.0]\n" :
	    "{\"a\": \"x\", \"b\": \"x\", \"c\": [\"y\", \"x\"], "
	    "\"n\": [5, 5, 5.0, 5.0, 6, -0.0, 0.0]}";
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *doc = unit_load(text, ds);
	json_t *root = cjm_doc_root(doc), *c = json_object_get(root, "c");
	cjm_pos a, b, x;

	ck_assert_ptr_eq(json_object_get(root, "a"), json_object_get(root, "b"));
	ck_assert_ptr_eq(json_object_get(root, "a"), json_array_get(c, 1));
	ck_assert_ptr_ne(json_array_get(c, 0), json_array_get(c, 1));
	ck_assert_str_eq(json_string_value(json_array_get(c, 0)), "y");
	/* Numbers too: by type and value (5 and 5.0, -0.0 and 0.0 apart). */
	c = json_object_get(root, "n");
	ck_assert_ptr_eq(json_array_get(c, 0), json_array_get(c, 1));
	ck_assert_ptr_eq(json_array_get(c, 2), json_array_get(c, 3));
	ck_assert_ptr_ne(json_array_get(c, 1), json_array_get(c, 2));
	ck_assert_ptr_ne(json_array_get(c, 1), json_array_get(c, 4));
	ck_assert_ptr_ne(json_array_get(c, 5), json_array_get(c, 6));
	ck_assert(json_is_real(json_array_get(c, 2)));
	ck_assert_int_eq(json_integer_value(json_array_get(c, 4)), 6);
	c = json_object_get(root, "c");
	ck_assert_int_eq(cjm_doc_pos(doc, root, "a", 0, &a, NULL), 0);
	ck_assert_int_eq(cjm_doc_pos(doc, root, "b", 0, &b, NULL), 0);
	ck_assert_int_eq(cjm_doc_pos(doc, c, NULL, 1, &x, NULL), 0);
	ck_assert_uint_lt(a.offset, b.offset);
	ck_assert_uint_lt(b.offset, x.offset);
	ck_assert_int_eq(text[a.offset + (_i == 1)], 'x');
	ck_assert_int_eq(text[x.offset + (_i == 1)], 'x');
	cjm_doc_free(doc);
	cjm_diags_free(ds);
}
END_TEST

/* Shared nodes are counted by hand while a document is built (reader.c,
 * keep): each must end with one reference per place that holds it, a
 * text of up to 8 bytes (kept in the slot) and a longer one (compared
 * by pointer) told apart from any other, through errors too (run under
 * the sanitizers). */
static const struct share {
	const char *text;
	const char *list;	/* the list of items to look at */
	size_t i, j;		/* two of its items */
	int same;		/* one node */
	size_t refs;		/* references to item i */
} share[] = {
	{ "l: [abcdefgh, abcdefgh, abcdefgi]\n", "l", 0, 1, 1, 2 },
	{ "l: [abcdefgh, abcdefgh, abcdefgi]\n", "l", 0, 2, 0, 2 },
	{ "l: [abcdefghi, abcdefghj, abcdefghi]\n", "l", 0, 2, 1, 2 },
	{ "l: [abcdefghi, abcdefghj, abcdefghi]\n", "l", 0, 1, 0, 2 },
	{ "l: [abcdefgh, abcdefghi, \"abcdefgh \"]\n", "l", 0, 1, 0, 1 },
	{ "l: [\"\", '', a, \"a\"]\n", "l", 0, 1, 1, 2 },
	{ "l: [\"\", '', a, \"a\"]\n", "l", 1, 2, 0, 2 },
	/* 12 made an integer, then !!float 12 refs it on the way to a
	 * real: released as often as found, never freed early. */
	{ "l: [12, !!float 12, !!float 12, !!float 12, 12]\n", "l", 0, 4, 1,
	  2 },
	{ "l: [12, !!float 12, !!float 12, !!float 12, 12]\n", "l", 1, 2, 0,
	  1 },
	/* anchors and aliases hold their own references */
	{ "a: &x same text\nl: [*x, same text, *x]\n", "l", 0, 1, 1, 4 },
	{ "{\"l\": [\"a long text\", \"a long text\", 3, 3.0, 3]}", "l", 0,
	  1, 1, 2 },
	{ "{\"l\": [\"a long text\", \"a long text\", 3, 3.0, 3]}", "l", 2,
	  4, 1, 2 },
	{ "{\"l\": [\"a long text\", \"a long text\", 3, 3.0, 3]}", "l", 2,
	  3, 0, 2 },
};

START_TEST(shared_refs)
{
	const struct share *t = &share[_i];
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *doc = unit_load(t->text, ds);
	json_t *l = json_object_get(cjm_doc_root(doc), t->list);
	json_t *a = json_array_get(l, t->i), *b = json_array_get(l, t->j);

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_msg((a == b) == t->same, "case %d: items %zu and %zu",
	    _i, t->i, t->j);
	ck_assert_msg(a->refcount == t->refs, "case %d: %zu references, "
	    "want %zu", _i, (size_t)a->refcount, t->refs);
	cjm_doc_free(doc);
	cjm_diags_free(ds);
}
END_TEST

/* More finds of one text than a slot counts (255) before it settles
 * them into the node; and a shared value replaced by a duplicate key. */
START_TEST(shared_many)
{
	size_t n = 1000, i, len = 0;
	char *text = malloc(n * 16 + 16);
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *doc = NULL;
	json_t *l;

	ck_assert_ptr_nonnull(text);
	len += (size_t)sprintf(text, "l:\n");
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, "- %s\n", i % 2 ? "a long text"
		    : "short");
	doc = unit_load(text, ds);
	l = json_object_get(cjm_doc_root(doc), "l");
	ck_assert_uint_eq(json_array_get(l, 0)->refcount, n / 2);
	ck_assert_uint_eq(json_array_get(l, 1)->refcount, n / 2);
	ck_assert_ptr_ne(json_array_get(l, 0), json_array_get(l, 1));
	ck_assert_ptr_eq(json_array_get(l, 1), json_array_get(l, n - 1));
	cjm_doc_free(doc);
	ck_assert_int_eq(try_load("a: some text\nb: some text\na: some text\n"
	    "c: some text\n", 0, NULL, CJM_INPUT_AUTO, &doc, ds), CJM_EDATA);
	ck_assert_ptr_null(doc);
	free(text);
	cjm_diags_free(ds);
}
END_TEST

/* The first document's table of strings is sized from the input (a
 * file's or a buffer's size), the next ones from 64 slots; both grow
 * when the guess is short: here 20,000 texts of 7 bytes in 400 KB, each
 * twice, then 3,000 in a second map. */
START_TEST(sized_table)
{
	size_t n[2] = { 20000, 3000 }, len = 0, d, i;
	char *text = malloc(500000);
	cjm_diags *ds = cjm_diags_new();
	cjm_reader *r = cjm_reader_new(NULL, CJM_INPUT_AUTO);
	FILE *fp = NULL;
	cjm_doc *doc;

	ck_assert_ptr_nonnull(text);
	for (d = 0; d < 2; d++) {
		len += (size_t)sprintf(text + len, "---\nl:\n");
		for (i = 0; i < 2 * n[d]; i++)
			len += (size_t)sprintf(text + len, "- v%06zu\n", i / 2);
	}
	if (_i == 0) {
		ck_assert_int_eq(cjm_reader_open_memory(r, text, len, NULL, ds),
		    CJM_OK);
	} else {
		ck_assert_ptr_nonnull(fp = tmpfile());
		ck_assert_uint_eq(fwrite(text, 1, len, fp), len);
		rewind(fp);
		ck_assert_int_eq(cjm_reader_open_stream(r, fp, NULL, ds),
		    CJM_OK);
	}
	for (d = 0; d < 2; d++) {
		json_t *l;

		ck_assert_int_eq(cjm_reader_next(r, &doc, ds), CJM_OK);
		l = json_object_get(cjm_doc_root(doc), "l");
		ck_assert_uint_eq(json_array_size(l), 2 * n[d]);
		for (i = 0; i < 2 * n[d]; i += 2) {
			json_t *a = json_array_get(l, i);

			ck_assert_ptr_eq(a, json_array_get(l, i + 1));
			ck_assert_uint_eq(a->refcount, 2);
			ck_assert(i == 0 || a != json_array_get(l, i - 1));
		}
		cjm_doc_free(doc);
	}
	ck_assert_int_eq(cjm_reader_next(r, &doc, ds), CJM_DONE);
	cjm_reader_free(r);
	if (fp != NULL)
		fclose(fp);
	free(text);
	cjm_diags_free(ds);
}
END_TEST

/* A file's chunks after the first 64 KiB are checked as UTF-8 by the
 * YAML reader's own pass, not the source's: the same errors at the same
 * places. Each case is "l:\n- " and m times a character of w bytes, then
 * the bad bytes (then "b\n" unless it ends the input). */
static const struct late {
	size_t m;
	const char *ch;		/* the character repeated */
	const char *bad;
	size_t nbad;
	int last;		/* the bad bytes end the input */
	const char *code;	/* NULL: it loads */
} late[] = {
	{ 70000, "a", "\xff", 1, 0, "encoding" },
	{ 70000, "a", "\0", 1, 0, "encoding" },
	{ 70000, "a", "\x80", 1, 0, "encoding" },
	{ 70000, "a", "\xc0\xaf", 2, 0, "encoding" },
	{ 70000, "a", "\xed\xa0\x80", 3, 0, "encoding" },
	{ 70000, "a", "\xf4\x90\x80\x80", 4, 0, "encoding" },
	{ 70000, "a", "\xc2\x80", 2, 0, "control-char" },
	{ 70000, "a", "\xef\xbf\xbf", 3, 0, "control-char" },
	{ 70000, "a", "\x01", 1, 0, "control-char" },
	{ 70000, "a", "\xe2\x82", 2, 1, "encoding" },
	{ 70000, "a", "\xf0\x9f\x98", 3, 1, "encoding" },
	/* across the end of the first chunk (byte 65536) */
	{ 65530, "a", "\xe2\x82\x28", 3, 0, "encoding" },
	{ 65529, "a", "\xe2\x82\x28", 3, 0, "encoding" },
	{ 65530, "a", "\xe2\x82\xac", 3, 0, NULL },
	{ 65529, "a", "\xf0\x9f\x98\x80", 4, 0, NULL },
	{ 40000, "\xd0\xb9", "\xff", 1, 0, "encoding" },
	{ 40000, "\xd0\xb9", "\xd0\x28", 2, 0, "encoding" },
	{ 40000, "\xd0\xb9", "\xca\xe0\xf0\xf2\xe0", 5, 0, "encoding" },
	{ 40000, "\xd0\xb9", "\xc2\x9f", 2, 0, "control-char" },
	{ 25000, "\xe2\x82\xac", "\xe2\x82\xff", 3, 0, "encoding" },
	/* where a run of two-byte characters stops, past the first chunk
	 * (checked by the YAML loader's own pass), on each side of its
	 * 16-byte steps */
	{ 40000, "\xd0\xb9", "\xd0\x28", 2, 0, "encoding" },
	{ 40001, "\xd0\xb9", "\xd0\x28", 2, 0, "encoding" },
	{ 40000, "\xd0\xb9", "\xd0\xd0\xb9", 3, 0, "encoding" },
	{ 40001, "\xd0\xb9", "\xd0\xd0\xb9", 3, 0, "encoding" },
	{ 40002, "\xd0\xb9", "\xd0\xd0\xb9", 3, 0, "encoding" },
	{ 40003, "\xd0\xb9", "\xd0\xd0\xb9", 3, 0, "encoding" },
	{ 40005, "\xd0\xb9", "\xd0\xd0\xb9", 3, 0, "encoding" },
	{ 40007, "\xd0\xb9", "\xd0\xd0\xb9", 3, 0, "encoding" },
	{ 40006, "\xd0\xb9", "\x80\x80", 2, 0, "encoding" },
	{ 40001, "\xd0\xb9", "\xc2\xa9", 2, 0, NULL },
	{ 40003, "\xd0\xb9", "\xc2\xa0", 2, 0, NULL },
	{ 40005, "\xd0\xb9", "\xc2\x80", 2, 0, "control-char" },
	{ 40007, "\xd0\xb9", "\xc1\xbf", 2, 0, "encoding" },
	{ 40007, "\xd0\xb9", "\xd0", 1, 1, "encoding" },
	{ 70003, "a", "\x7f", 1, 0, "control-char" },
	{ 70004, "a", "\x7f", 1, 0, "control-char" },
	{ 70009, "a", "\x1b", 1, 0, "control-char" },
	{ 70011, "a", "\t\xc2\xa0", 3, 0, NULL },
	{ 70001, "a", "\r", 1, 0, "line-break-char" },
	{ 40003, "\xd0\xb9", "\xc2\x85", 2, 0, "line-break-char" },
	{ 25001, "\xe2\x82\xac", "\xe2\x80\xa8", 3, 0, "line-break-char" },
	{ 25002, "\xe2\x82\xac", "\xe2\x80\xa9", 3, 0, "line-break-char" },
	{ 25003, "\xe2\x82\xac", "\xe2\x80\xa6", 3, 0, NULL },
};

/* Longer than the input check's 16-byte step, so that the bad bytes
 * are inside a whole step, wherever the step starts. */
#define TAIL "bbbbbbbbbbbbbbbbbbbbbbbb"

START_TEST(late_bytes)
{
	const struct late *t = &late[_i];
	size_t w = strlen(t->ch), i;
	cjm_diags *ds = cjm_diags_new();
	cjm_reader *r = cjm_reader_new(NULL, CJM_INPUT_AUTO);
	FILE *fp = tmpfile();
	const cjm_diag *d;
	cjm_doc *doc = NULL;
	int st;

	ck_assert_ptr_nonnull(fp);
	fputs("l:\n- ", fp);
	for (i = 0; i < t->m; i++)
		fputs(t->ch, fp);
	fwrite(t->bad, 1, t->nbad, fp);
	if (!t->last)
		fputs(TAIL "\n", fp);
	rewind(fp);
	ck_assert_int_eq(cjm_reader_open_stream(r, fp, NULL, ds), CJM_OK);
	st = cjm_reader_next(r, &doc, ds);
	if (t->code == NULL) {
		ck_assert_int_eq(st, CJM_OK);
		ck_assert_uint_eq(json_string_length(json_array_get(
		    json_object_get(cjm_doc_root(doc), "l"), 0)),
		    t->m * w + t->nbad + strlen(TAIL));
	} else {
		ck_assert_int_eq(st, CJM_EDATA);
		ck_assert_ptr_nonnull(d = cjm_diags_get(ds, 0));
		ck_assert_msg(strcmp(d->code, t->code) == 0 && d->pos.line == 2 &&
		    d->pos.col == 3 + t->m && d->pos.offset == 5 + t->m * w,
		    "case %d: %s at %lu:%lu (byte %zu): %s", _i, d->code,
		    d->pos.line, d->pos.col, d->pos.offset, d->message);
		ck_assert_uint_eq(cjm_diags_count(ds), 1);
	}
	cjm_doc_free(doc);
	cjm_reader_free(r);
	fclose(fp);
	cjm_diags_free(ds);
}
END_TEST

START_TEST(streams)
{
	static const struct {
		const char *text;
		unsigned n;		/* documents before the end */
		unsigned long line[4];	/* each root's line */
		int last;		/* status after them */
		unsigned errdoc;	/* the error's document */
	} t[] = {
		{ "a: 1\n---\nb: 2\n--- [3]\n", 3, { 1, 3, 4 }, CJM_DONE, 0 },
		{ "---\n---\nx\n", 2, { 2, 3 }, CJM_DONE, 0 },
		{ "# c\n--- a\n...\n--- b\n", 2, { 2, 4 }, CJM_DONE, 0 },
		{ "{\"a\": 1}\n{\"b\": 2}[3]\n\n  4", 4, { 1, 2, 2, 4 },
		  CJM_DONE, 0 },
		{ "a: 1\n---\nb: [\n", 1, { 1 }, CJM_EDATA, 2 },
		{ "[1]\n[2]\n{]", 2, { 1, 2 }, CJM_EDATA, 3 },
		{ "a: 1\n---\nb: *x\n", 1, { 1 }, CJM_EDATA, 2 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cjm_diags *ds = cjm_diags_new();
		cjm_reader *r = cjm_reader_new(NULL, CJM_INPUT_AUTO);
		cjm_doc *doc;
		unsigned n = 0;
		int st;

		ck_assert_int_eq(cjm_reader_open_memory(r, t[i].text,
		    strlen(t[i].text), "s.yaml", ds), CJM_OK);
		ck_assert_str_eq(cjm_reader_name(r), "s.yaml");
		while ((st = cjm_reader_next(r, &doc, ds)) == CJM_OK) {
			cjm_pos p;

			ck_assert_uint_eq(cjm_doc_index(doc), n + 1);
			ck_assert_str_eq(cjm_doc_name(doc), "s.yaml");
			cjm_doc_pos(doc, NULL, NULL, 0, &p, NULL);
			ck_assert_msg(p.line == t[i].line[n],
			    "case %zu doc %u: line %lu", i, n + 1, p.line);
			cjm_doc_free(doc);
			n++;
		}
		ck_assert_uint_eq(n, t[i].n);
		ck_assert_int_eq(st, t[i].last);
		ck_assert_ptr_null(doc);
		if (t[i].last == CJM_EDATA)
			ck_assert_uint_eq(cjm_diags_get(ds, 0)->doc,
			    t[i].errdoc);
		/* The stream stays at its end. */
		ck_assert_int_eq(cjm_reader_next(r, &doc, ds), CJM_DONE);
		cjm_reader_free(r);
		cjm_diags_free(ds);
	}
}
END_TEST

/* A CR LF whose CR ends the reader's first chunk (65,536 bytes), or
 * the first 64 KiB window of an input in memory: one line end, not a
 * CR without an LF. */
START_TEST(crlf_at_chunk_end)
{
	size_t m = 65536 - 1 - 5, i;
	char *text = malloc(m + 32), *p = text;
	cjm_diags *ds = cjm_diags_new();
	cjm_reader *r = cjm_reader_new(NULL, CJM_INPUT_AUTO);
	FILE *fp = tmpfile();
	cjm_doc *doc;
	cjm_pos v;

	p += sprintf(p, "l:\n- ");
	for (i = 0; i < m; i++)
		*p++ = 'a';
	strcpy(p, "\r\n- b\n");
	ck_assert_int_eq((int)(strchr(text, '\r') - text), 65535);
	if (_i == 0) {
		ck_assert_ptr_nonnull(fp);
		fputs(text, fp);
		rewind(fp);
		ck_assert_int_eq(cjm_reader_open_stream(r, fp, NULL, ds),
		    CJM_OK);
	} else {
		ck_assert_int_eq(cjm_reader_open_memory(r, text, strlen(text),
		    NULL, ds), CJM_OK);
	}
	ck_assert_int_eq(cjm_reader_next(r, &doc, ds), CJM_OK);
	ck_assert_int_eq(cjm_doc_pos(doc, json_object_get(cjm_doc_root(doc),
	    "l"), NULL, 1, &v, NULL), 0);
	ck_assert_uint_eq(v.line, 3);
	ck_assert_uint_eq(v.col, 3);
	ck_assert_uint_eq(v.offset, 65535 + 2 + 2);
	cjm_doc_free(doc);
	cjm_reader_free(r);
	fclose(fp);
	cjm_diags_free(ds);
	free(text);
}
END_TEST

/* Inputs bigger than one chunk of the reader, from a FILE: strings and
 * UTF-8 characters cut by chunk ends, positions past them. */
START_TEST(file_chunks)
{
	static const char *const heads[] = { "s: \"", "{\"s\": \"" };
	static const char *const tails[] = { "\"\nt: [1, true]\n",
	    "\", \"t\": [1, true]}\n" };
	size_t n = 70000, i;
	cjm_diags *ds = cjm_diags_new();
	cjm_reader *r = cjm_reader_new(NULL, CJM_INPUT_AUTO);
	FILE *fp = tmpfile();
	const json_t *t;
	cjm_doc *doc;
	cjm_pos p;

	ck_assert_ptr_nonnull(fp);
	/* odd offset so that 'é' straddles the 65536 byte boundary */
	fputs(heads[_i], fp);
	fputs("x", fp);
	for (i = 0; i < n; i++)
		fputs(i % 1000 == 999 && _i ? "\\u00e9" : "é", fp);
	fputs(tails[_i], fp);
	rewind(fp);
	ck_assert_int_eq(cjm_reader_open_stream(r, fp, NULL, ds), CJM_OK);
	ck_assert_str_eq(cjm_reader_name(r), "<stream>");
	ck_assert_int_eq(cjm_reader_next(r, &doc, ds), CJM_OK);
	ck_assert_uint_eq(json_string_length(json_object_get(cjm_doc_root(doc),
	    "s")), 2 * n + 1);
	t = json_object_get(cjm_doc_root(doc), "t");
	ck_assert_int_eq(cjm_doc_pos(doc, t, NULL, 1, &p, NULL), 0);
	if (_i == 0) {
		ck_assert_uint_eq(p.line, 2);
		ck_assert_uint_eq(p.col, 8);
		ck_assert_uint_eq(p.offset, 5 + 2 * n + 2 + 7);
	} else {
		ck_assert_uint_eq(p.line, 1);
		/* the string's text from column 9: n characters, 70 of
		 * them \u00e9 (6 columns); then '", "t": [1, ' */
		ck_assert_uint_eq(p.col, 9 + n + 70 * 5 + 12);
	}
	cjm_doc_free(doc);
	ck_assert_int_eq(cjm_reader_next(r, &doc, ds), CJM_DONE);
	cjm_reader_free(r);
	fclose(fp);
	cjm_diags_free(ds);
}
END_TEST

/* A document nested n deep: n '[' (flow) or n "- " lines (block). */
static char *
nested(unsigned n, int block)
{
	char *s = malloc((size_t)n * (block ? 2 * n + 4 : 2) + 8), *p = s;
	unsigned i, j;

	for (i = 0; i < n; i++) {
		if (!block) {
			*p++ = '[';
			continue;
		}
		for (j = 0; j < i; j++)
			p += sprintf(p, "  ");
		p += sprintf(p, "-\n");
	}
	if (!block)
		for (i = 0; i < n; i++)
			*p++ = ']';
	*p = '\0';
	return s;
}

START_TEST(limits)
{
	static const char bomb[] =
	    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
	    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
	    "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n";
	cjm_limits lim;
	char *deep65 = nested(65, 0), *deep64 = nested(64, 0);
	char *block65 = nested(65, 1);
	const struct {
		const char *text;
		int field;	/* which limit to lower */
		size_t value;
		const char *code;	/* NULL: loads */
		unsigned long line, col;
	} t[] = {
		{ bomb, 0, 0, "too-many-nodes", 8, 8 },
		{ deep65, 0, 0, "too-deep", 1, 65 },
		{ deep64, 0, 0, NULL, 0, 0 },
		{ block65, 0, 0, "too-deep", 65, 129 },
		{ "a: [[1]]", 3, 2, "too-deep", 1, 5 },
		{ "[[[1]]]", 3, 2, "too-deep", 1, 3 },
		{ "[[1]]", 3, 2, NULL, 0, 0 },
		{ "a: 12345678901\n", 2, 10, "scalar-too-large", 1, 4 },
		{ "a: 1234567890\n", 2, 10, NULL, 0, 0 },
		{ "[\"12345678901\"]", 2, 10, "scalar-too-large", 1, 2 },
		{ "[12345678901]", 2, 10, "scalar-too-large", 1, 2 },
		{ "a: 1\nb: 2\n", 1, 9, "too-large", 2, 5 },
		{ "a: 1\nb: 2\n", 1, 10, NULL, 0, 0 },
		{ "[1, 2, 3, 4]", 1, 9, "too-large", 1, 10 },
		{ "a: &a 1\nb: [*a, *a, *a]\n", 4, 2, "too-many-aliases", 2, 13 },
		{ "a: &a 1\nb: [*a, *a]\n", 4, 2, NULL, 0, 0 },
		{ "a: &a [1, 2]\nb: [*a, *a]\n", 5, 8, "too-many-nodes", 2, 9 },
		{ "a: &a [1, 2]\nb: [*a, *a]\n", 5, 11, NULL, 0, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cjm_diags *ds = cjm_diags_new();
		cjm_doc *doc = NULL;
		int st;

		cjm_limits_default(&lim);
		if (t[i].field == 1)
			lim.max_input = t[i].value;
		else if (t[i].field == 2)
			lim.max_scalar = t[i].value;
		else if (t[i].field == 3)
			lim.max_depth = (unsigned)t[i].value;
		else if (t[i].field == 4)
			lim.max_aliases = t[i].value;
		else if (t[i].field == 5)
			lim.max_nodes = t[i].value;
		st = try_load(t[i].text, 0, &lim, CJM_INPUT_AUTO, &doc, ds);
		if (t[i].code == NULL) {
			ck_assert_msg(st == CJM_OK, "case %zu: %s", i,
			    cjm_diags_count(ds) ? cjm_diags_get(ds, 0)->message
			    : "?");
		} else {
			const cjm_diag *d = cjm_diags_get(ds, 0);

			ck_assert_int_eq(st, CJM_EDATA);
			ck_assert_msg(strcmp(d->code, t[i].code) == 0 &&
			    d->pos.line == t[i].line && d->pos.col == t[i].col,
			    "case %zu: %s at %lu:%lu (%s)", i, d->code,
			    d->pos.line, d->pos.col, d->message);
		}
		cjm_doc_free(doc);
		cjm_diags_free(ds);
	}
	free(deep65);
	free(deep64);
	free(block65);
}
END_TEST

START_TEST(bom_and_open)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_reader *r = cjm_reader_new(NULL, CJM_INPUT_AUTO);
	cjm_doc *doc;
	cjm_pos p;

	/* A UTF-8 BOM is skipped: columns start after it, offsets not. */
	ck_assert_int_eq(cjm_doc_load_memory("\xef\xbb\xbf{\"a\": 1}", 11,
	    NULL, NULL, CJM_INPUT_AUTO, &doc, ds), CJM_OK);
	ck_assert_int_eq(cjm_doc_format(doc), CJM_INPUT_JSON);
	cjm_doc_pos(doc, cjm_doc_root(doc), "a", 0, &p, NULL);
	ck_assert_uint_eq(p.col, 7);
	ck_assert_uint_eq(p.offset, 9);
	cjm_doc_free(doc);
	ck_assert_int_eq(cjm_doc_load_memory("\xef\xbb\xbf" "a: 1", 7,
	    NULL, NULL, CJM_INPUT_AUTO, &doc, ds), CJM_OK);
	cjm_doc_pos(doc, cjm_doc_root(doc), "a", 0, &p, NULL);
	ck_assert_uint_eq(p.col, 4);
	ck_assert_uint_eq(p.offset, 6);
	cjm_doc_free(doc);
	/* A forced format wins over detection. */
	ck_assert_int_eq(cjm_doc_load_memory("[1, 2]", 6, NULL, NULL,
	    CJM_INPUT_YAML, &doc, ds), CJM_OK);
	ck_assert_int_eq(cjm_doc_format(doc), CJM_INPUT_YAML);
	cjm_doc_free(doc);
	ck_assert_uint_eq(cjm_diags_count(ds), 0);
	/* No memory at all is an empty input. */
	ck_assert_int_eq(cjm_doc_load_memory(NULL, 0, NULL, NULL,
	    CJM_INPUT_AUTO, &doc, ds), CJM_EDATA);
	ck_assert_str_eq(cjm_diags_get(ds, 0)->code, "empty");
	ck_assert_str_eq(cjm_diags_get(ds, 0)->file, "<memory>");
	cjm_diags_clear(ds);
	/* Missing files are a system error. */
	ck_assert_int_eq(cjm_reader_open_file(r, "/nonexistent/x.yaml", ds),
	    CJM_ESYS);
	ck_assert_str_eq(cjm_diags_get(ds, 0)->code, "io");
	ck_assert_int_eq(cjm_diags_get(ds, 0)->level, CJM_FATAL);
	ck_assert_int_eq(cjm_reader_next(r, &doc, ds), CJM_ESYS);
	cjm_reader_free(r);
	cjm_diags_clear(ds);
	/* A directory opens, but reading it fails. */
	r = cjm_reader_new(NULL, CJM_INPUT_AUTO);
	ck_assert_int_eq(cjm_reader_open_file(r, "/", ds), CJM_OK);
	ck_assert_int_eq(cjm_reader_next(r, &doc, ds), CJM_ESYS);
	ck_assert_str_eq(cjm_diags_get(ds, 0)->code, "io");
	ck_assert_str_eq(cjm_diags_get(ds, 0)->file, "/");
	ck_assert_int_eq(cjm_reader_next(r, &doc, ds), CJM_DONE);
	cjm_reader_free(r);
	cjm_diags_free(ds);
}
END_TEST

/* A file truncated between the open and the read: its first part may
 * well pass (a: 1 of a: 1, b: 2), but it is not the file. Small and
 * big, YAML and JSON, on one thread and two (the parser thread reads
 * all but the first chunk). */
static const struct shrink {
	const char *head, *item, *tail;
	size_t items, keep;	/* items in the file; bytes left of it */
	int threads;
} shrinks[] = {
	{ "", "a: 1\n", "", 2, 5, 1 },
	{ "", "a: 1\n", "", 2, 0, 1 },
	{ "[", "1, ", "2]\n", 2, 4, 0 },
	{ "", "- ok\n", "", 50000, 150000, 1 },
	{ "", "- ok\n", "", 50000, 150000, 2 },
	{ "[", "\"ok\", ", "1]\n", 50000, 150000, 2 },
};

START_TEST(shrunk_file)
{
	const struct shrink *t = &shrinks[_i];
	char path[] = "/tmp/cjm-test-XXXXXX", want[80];
	int fd = mkstemp(path);
	FILE *fp = fdopen(fd, "w");
	cjm_diags *ds = cjm_diags_new();
	cjm_reader *r = cjm_reader_new(NULL, CJM_INPUT_AUTO);
	const cjm_diag *d;
	cjm_doc *doc = NULL;
	size_t i, size;

	ck_assert_ptr_nonnull(fp);
	fputs(t->head, fp);
	for (i = 0; i < t->items; i++)
		fputs(t->item, fp);
	fputs(t->tail, fp);
	size = (size_t)ftell(fp);
	ck_assert_int_eq(fclose(fp), 0);
	cjm_reader_set_threads(r, t->threads);
	ck_assert_int_eq(cjm_reader_open_file(r, path, ds), CJM_OK);
	ck_assert_int_eq(truncate(path, (off_t)t->keep), 0);
	ck_assert_int_eq(cjm_reader_next(r, &doc, ds), CJM_ESYS);
	ck_assert_ptr_null(doc);
	ck_assert_uint_eq(cjm_diags_count(ds), 1);
	d = cjm_diags_get(ds, 0);
	ck_assert_str_eq(d->code, "io");
	ck_assert_int_eq(d->level, CJM_FATAL);
	snprintf(want, sizeof(want), "read error: the file shrank while it "
	    "was read (%zu of %zu bytes)", t->keep, size);
	ck_assert_str_eq(d->message, want);
	cjm_reader_free(r);
	cjm_diags_free(ds);
	unlink(path);
}
END_TEST

/* What is left of a regular file from where a stream stands; 0 for
 * one without a size. */
START_TEST(file_rest)
{
	FILE *fp = unit_shrunk("0123456789", 10);
	int p[2];

	ck_assert_uint_eq(cjm_fp_rest(fp), 10);
	ck_assert_int_eq(getc(fp), '0');
	ck_assert_uint_eq(cjm_fp_rest(fp), 9);
	ck_assert_uint_eq(cjm_fd_rest(-1), 0);
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_uint_eq(cjm_fd_rest(p[0]), 0);
	close(p[0]);
	close(p[1]);
	fclose(fp);
}
END_TEST

/* Standard input part read already (a shell's read, a tool before
 * cjm): the rest is the input, and its size is the rest's. */
START_TEST(stdin_at_offset)
{
	char path[] = "/tmp/cjm-test-XXXXXX";
	int fd = mkstemp(path), in = dup(0);
	cjm_diags *ds = cjm_diags_new();
	cjm_reader *r = cjm_reader_new(NULL, CJM_INPUT_AUTO);
	cjm_doc *doc;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "skip me\na: 1\n", 13), 13);
	ck_assert_int_eq(lseek(fd, 8, SEEK_SET), 8);
	ck_assert_int_eq(dup2(fd, 0), 0);
	ck_assert_int_eq(cjm_reader_open_file(r, "-", ds), CJM_OK);
	ck_assert_int_eq(cjm_reader_next(r, &doc, ds), CJM_OK);
	ck_assert_int_eq(json_integer_value(json_object_get(cjm_doc_root(doc),
	    "a")), 1);
	cjm_doc_free(doc);
	ck_assert_int_eq(cjm_reader_next(r, &doc, ds), CJM_DONE);
	ck_assert_uint_eq(cjm_diags_count(ds), 0);
	cjm_reader_free(r);
	dup2(in, 0);
	close(in);
	close(fd);
	cjm_diags_free(ds);
	unlink(path);
}
END_TEST

/* A file by its path: named so in documents and diagnostics. */
START_TEST(named_file)
{
	char path[] = "/tmp/cjm-test-XXXXXX";
	int fd = mkstemp(path);
	cjm_diags *ds = cjm_diags_new();
	cjm_reader *r = cjm_reader_new(NULL, CJM_INPUT_AUTO);
	cjm_doc *doc;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "a: 1\n---\nb: [\n", 14), 14);
	close(fd);
	ck_assert_int_eq(cjm_reader_open_file(r, path, ds), CJM_OK);
	ck_assert_str_eq(cjm_reader_name(r), path);
	ck_assert_int_eq(cjm_reader_next(r, &doc, ds), CJM_OK);
	ck_assert_str_eq(cjm_doc_name(doc), path);
	cjm_doc_free(doc);
	ck_assert_int_eq(cjm_reader_next(r, &doc, ds), CJM_EDATA);
	ck_assert_str_eq(cjm_diags_get(ds, 0)->file, path);
	ck_assert_uint_eq(cjm_diags_get(ds, 0)->doc, 2);
	ck_assert_uint_eq(cjm_diags_get(ds, 0)->pos.line, 4);
	cjm_reader_free(r);
	cjm_diags_free(ds);
	unlink(path);
}
END_TEST

START_TEST(json_strings)
{
	static const struct {
		const char *text, *want;
		size_t len;
	} t[] = {
		{ "[\"a\\\"b\\\\c\\/d\"]", "a\"b\\c/d", 7 },
		{ "[\"\\b\\f\\n\\r\\t\"]", "\b\f\n\r\t", 5 },
		{ "[\"\\u00e9\\u0416\"]", "éЖ", 4 },
		{ "[\"\\ud83d\\ude00\"]", "😀", 4 },
		{ "[\"\"]", "", 0 },
		{ "[\"日本語\"]", "日本語", 9 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cjm_diags *ds = cjm_diags_new();
		cjm_doc *doc = unit_load(t[i].text, ds);
		const json_t *s = json_array_get(cjm_doc_root(doc), 0);

		ck_assert_uint_eq(json_string_length(s), t[i].len);
		ck_assert_mem_eq(json_string_value(s), t[i].want, t[i].len);
		cjm_doc_free(doc);
		cjm_diags_free(ds);
	}
}
END_TEST

/* Anchors and aliases expand; '<<' is an ordinary key (YAML 1.2). */
START_TEST(anchors)
{
	static const struct {
		const char *text, *want;
	} t[] = {
		{ "a: &x [1, {k: v}]\nb: *x\n",
		  "{\"a\":[1,{\"k\":\"v\"}],\"b\":[1,{\"k\":\"v\"}]}" },
		{ "a: &x 1\nb: &x 2\nc: *x\n", "{\"a\":1,\"b\":2,\"c\":2}" },
		{ "a: &x [y, &x z]\nb: *x\n", "{\"a\":[\"y\",\"z\"],\"b\":\"z\"}" },
		{ "&k key: 1\n*k : 2\n", NULL },
		{ "b: &k key\n*k : 2\n", "{\"b\":\"key\",\"key\":2}" },
		{ "base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n",
		  "{\"base\":{\"x\":1},\"m\":{\"<<\":{\"x\":1},\"y\":2}}" },
		{ "1: a\ntrue: b\n~: c\n1.5: d\n",
		  "{\"1\":\"a\",\"true\":\"b\",\"~\":\"c\",\"1.5\":\"d\"}" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cjm_diags *ds = cjm_diags_new();
		cjm_doc *doc = NULL;
		char *got;
		int st = try_load(t[i].text, 0, NULL, CJM_INPUT_AUTO, &doc, ds);

		if (t[i].want == NULL) {
			/* an anchored key aliased again: a duplicate */
			ck_assert_int_eq(st, CJM_EDATA);
			ck_assert_str_eq(cjm_diags_get(ds, 0)->code,
			    "duplicate-key");
		} else {
			ck_assert_int_eq(st, CJM_OK);
			got = json_dumps(cjm_doc_root(doc), JSON_COMPACT |
			    JSON_PRESERVE_ORDER);
			ck_assert_str_eq(got, t[i].want);
			free(got);
		}
		cjm_doc_free(doc);
		cjm_diags_free(ds);
	}
}
END_TEST

/* Words of one script, of lengths around the 16-byte steps the input
 * check takes, and mixed with other widths and with U+00A0 (whose lead
 * byte 0xC2 also starts forbidden controls): the item after the word
 * keeps its exact column and byte offset. A word is n copies of rep,
 * then tail. */
static const struct script_run {
	const char *rep;
	unsigned n;
	const char *tail;
	unsigned long chars;	/* characters in the word */
} script_runs[] = {
	{ "\xd0\xb9", 1, "", 1 },
	{ "\xd0\xb9", 7, "", 7 },
	{ "\xd0\xb9", 8, "", 8 },
	{ "\xd0\xb9", 9, "", 9 },
	{ "\xd0\xb9", 16, "", 16 },
	{ "\xd0\xb9", 17, "", 17 },
	{ "\xd0\xb9", 33, "", 33 },
	{ "\xd0\xb9", 20, "\xc2\xa0\xd0\xb9\xd0\xb9", 23 },
	{ "\xd0\xb9", 10, "\xe2\x82\xac\xd0\xb9", 12 },
	{ "\xd0\xb9", 12, "\xf0\x9f\x98\x80\xd0\xb9", 14 },
	{ "\xce\xb1", 18, "\xcf\x89", 19 },	/* Greek */
	{ "\xdf\xbf", 9, "\xc3\x80", 10 },	/* the range's ends */
	{ "\xd1\x91", 9, " \xd0\xb6\xd0\xb6", 12 },
	{ "\xe2\x82\xac", 11, "\xd0\xb9", 12 },
	{ "a\xd0\xb9", 15, "", 30 },
};

START_TEST(script_words)
{
	const struct script_run *t = &script_runs[_i];
	char text[512], *p = text;
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *doc;
	cjm_pos v;
	unsigned i;

	p += sprintf(p, "k: [");
	for (i = 0; i < t->n; i++)
		p += sprintf(p, "%s", t->rep);
	sprintf(p, "%s, end]\nz: end2\n", t->tail);
	doc = unit_load(text, ds);
	ck_assert_int_eq(cjm_doc_pos(doc, json_object_get(cjm_doc_root(doc),
	    "k"), NULL, 1, &v, NULL), 0);
	ck_assert_uint_eq(v.line, 1);
	ck_assert_uint_eq(v.col, 7 + t->chars);
	ck_assert_uint_eq(v.offset, (size_t)(strstr(text, "end") - text));
	ck_assert_int_eq(cjm_doc_pos(doc, cjm_doc_root(doc), "z", 0, &v,
	    NULL), 0);
	ck_assert_uint_eq(v.offset, (size_t)(strstr(text, "end2") - text));
	cjm_doc_free(doc);
	cjm_diags_free(ds);
}
END_TEST

/* The loader's text hash finds a NUL byte wherever it is, in texts of
 * every length up to three of its 16-byte steps, and hashes equal texts
 * alike wherever they are. */
START_TEST(text_hash_nul)
{
	char a[64], b[72];
	size_t len, at;
	int nul, nul2;

	memset(a, 'x', sizeof(a));
	for (len = 0; len <= 48; len++) {
		for (at = 0; at <= len; at++) {	/* at == len: none */
			memset(a, 'x', sizeof(a));
			if (at < len)
				a[at] = '\0';
			memcpy(b + 3, a, len);	/* another, unaligned copy */
			ck_assert_uint_eq(cjm_text_hash_nul(a, len, &nul),
			    cjm_text_hash_nul(b + 3, len, &nul2));
			ck_assert_msg(nul == (at < len) && nul2 == nul,
			    "length %zu, NUL at %zu: %d", len, at, nul);
			ck_assert_uint_eq(cjm_text_hash(a, len),
			    cjm_text_hash_nul(a, len, &nul));
		}
	}
	/* Texts that differ in one byte, or only in length, differ. */
	memset(a, 'x', sizeof(a));
	memcpy(b, a, sizeof(a));
	for (at = 0; at < 40; at++) {
		b[at] = 'y';
		ck_assert_uint_ne(cjm_text_hash(a, 40), cjm_text_hash(b, 40));
		b[at] = 'x';
		ck_assert_uint_ne(cjm_text_hash(a, at), cjm_text_hash(a, at + 1));
	}
}
END_TEST

START_TEST(utf8_check)
{
	static const struct {
		const char *s;
		size_t want;
	} t[] = {
		{ "plain ascii", 11 },
		{ "é日😀", 9 },
		{ "ab\xff", 2 },
		{ "a\xc3", 1 },
		{ "\xed\xa0\x80", 0 },
		{ "\xf4\x90\x80\x80", 0 },
		{ "\xe0\x80\x80", 0 },
		{ "0123456789abcdef\x80", 16 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ck_assert_uint_eq(cjm_utf8_check(t[i].s, strlen(t[i].s)),
		    t[i].want);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("reader");
	TCase *tc = tcase_create("reader");

	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, scalars);
	tcase_add_loop_test(tc, bad_input, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_loop_test(tc, positions, 0, 2);
	tcase_add_test(tc, crlf_tabs);
	tcase_add_test(tc, tab_hints);
	tcase_add_test(tc, many_keys);
	tcase_add_loop_test(tc, far_keys, 0, sizeof(far) / sizeof(far[0]));
	tcase_add_loop_test(tc, shared_strings, 0, 2);
	tcase_add_loop_test(tc, shared_refs, 0, sizeof(share) / sizeof(share[0]));
	tcase_add_test(tc, shared_many);
	tcase_add_loop_test(tc, sized_table, 0, 2);
	tcase_add_loop_test(tc, late_bytes, 0, sizeof(late) / sizeof(late[0]));
	tcase_add_test(tc, streams);
	tcase_add_loop_test(tc, file_chunks, 0, 2);
	tcase_add_loop_test(tc, crlf_at_chunk_end, 0, 2);
	tcase_add_test(tc, limits);
	tcase_add_test(tc, bom_and_open);
	tcase_add_test(tc, named_file);
	tcase_add_loop_test(tc, shrunk_file, 0, sizeof(shrinks) /
	    sizeof(shrinks[0]));
	tcase_add_test(tc, stdin_at_offset);
	tcase_add_test(tc, file_rest);
	tcase_add_test(tc, json_strings);
	tcase_add_test(tc, anchors);
	tcase_add_loop_test(tc, script_words, 0, sizeof(script_runs) /
	    sizeof(script_runs[0]));
	tcase_add_test(tc, text_hash_nul);
	tcase_add_test(tc, utf8_check);
	suite_add_tcase(s, tc);
	return s;
}
