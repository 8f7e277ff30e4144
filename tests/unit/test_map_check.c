/* test_map_check.c: cjm_map_check, one row per diagnostic code: a map
 * in YAML, and the code, level, place and path it must give. */
#include "unit.h"

/* Five valid stages on lines 4-8, so a row changes one thing. */
#define HEAD "cjm: 1\ntitle: T\nstages:\n"
#define ST(x) "  - {id: " x ", name: N, actions: do}\n"
#define REST ST("b") ST("c") ST("d") ST("e")
#define MAP HEAD ST("a") REST
#define TP(id) "touchpoints: [{name: T, id: " id "}]"

static const struct row {
	const char *yaml, *code;
	enum cjm_level level;
	unsigned long line, col;
	const char *path;
} rows[] = {
	{ "hello\n", "not-a-map", CJM_ERROR, 1, 1, "" },
	{ "- a\n- b\n", "not-a-map", CJM_ERROR, 1, 1, "" },
	{ "42\n", "not-a-map", CJM_ERROR, 1, 1, "" },
	{ "title: T\nstages:\n" ST("a") REST, "missing-key", CJM_ERROR, 1, 1,
	  "" },
	{ HEAD "  - {id: a, actions: x}\n" REST, "missing-key", CJM_ERROR, 4, 5,
	  "stages[0]" },
	{ "cjm: 1\ntitle: 5\nstages:\n" ST("a") REST, "wrong-type", CJM_ERROR,
	  2, 8, "title" },
	{ MAP "x-a: 1\nfunnel: {users: 2.0}\n", "wrong-type", CJM_ERROR, 10,
	  17, "funnel.users" },
	{ MAP "metrics: {name: m}\n", "wrong-type", CJM_ERROR, 9, 10,
	  "metrics" },
	{ HEAD "  - {id: a, name: N, goals: [1]}\n" REST, "wrong-type",
	  CJM_ERROR, 4, 30, "stages[0].goals[0]" },
	{ HEAD "  - {id: a, name: N, goals: [a, b, c, d, e, f, g, h, i, j, k, "
	  "1]}\n" REST, "wrong-type", CJM_ERROR, 4, 63,
	  "stages[0].goals[11]" },	/* an index of two digits */
	{ "cjm: 2\ntitle: T\nstages:\n" ST("a") REST, "bad-version",
	  CJM_ERROR, 1, 6, "cjm" },
	{ "cjm: 1\ntitle: ''\nstages:\n" ST("a") REST, "empty-value",
	  CJM_ERROR, 2, 8, "title" },
	{ "cjm: 1\ntitle:\nstages:\n" ST("a") REST, "empty-value",
	  CJM_ERROR, 2, 7, "title" },
	{ HEAD "  - {id: a, name: N, pain_point: x}\n" REST, "unknown-key",
	  CJM_ERROR, 4, 22, "stages[0].pain_point" },
	{ MAP "colour: red\n", "unknown-key", CJM_ERROR, 9, 1, "colour" },
	{ HEAD ST("Check Out") REST, "bad-id", CJM_ERROR, 4, 10,
	  "stages[0].id" },
	{ HEAD ST("a") ST("a") ST("c") ST("d") ST("e"), "duplicate-id",
	  CJM_ERROR, 5, 10, "stages[1].id" },
	{ HEAD "  - {id: a, name: N, " TP("t") "}\n  - {id: b, name: N, "
	  TP("t") "}\n" ST("c") ST("d") ST("e"), "duplicate-id", CJM_ERROR,
	  5, 50, "stages[1].touchpoints[0].id" },
	{ MAP "type: desing\n", "bad-value", CJM_ERROR, 9, 7, "type" },
	{ HEAD "  - {id: a, name: N, pain_points: [{text: t, severity: hi}]}\n"
	  REST, "bad-value", CJM_ERROR, 4, 56,
	  "stages[0].pain_points[0].severity" },
	{ MAP "maturity: {level: 2, stage: scale}\n", "bad-value", CJM_ERROR,
	  9, 29, "maturity.stage" },
	{ MAP "lang: english\n", "bad-lang", CJM_WARNING, 9, 7, "lang" },
	{ MAP "emotion_scale: [5, 1]\n", "bad-scale", CJM_ERROR, 9, 16,
	  "emotion_scale" },
	{ HEAD "  - {id: a, name: N, emotion: 6}\n" REST, "emotion-range",
	  CJM_ERROR, 4, 31, "stages[0].emotion" },
	{ "cjm: 1\ntitle: T\nemotion_scale: [-2, 2]\nstages:\n"
	  "  - {id: a, name: N, emotion: 3}\n" REST, "emotion-range",
	  CJM_ERROR, 5, 31, "stages[0].emotion" },
	{ HEAD "  - {id: a, name: N, touchpoints: [{name: W, channel: webb}]}\n"
	  REST, "unknown-channel", CJM_WARNING, 4, 55,
	  "stages[0].touchpoints[0].channel" },
	{ MAP "metrics: [{name: m, kind: nps, value: 101}]\n", "metric-range",
	  CJM_ERROR, 9, 39, "metrics[0].value" },
	{ MAP "metrics: [{name: m, kind: ces, value: 0}]\n", "metric-range",
	  CJM_ERROR, 9, 39, "metrics[0].value" },
	{ MAP "metrics: [{name: m, kind: time, value: 9, target: 5}]\n",
	  "target-missed", CJM_NOTE, 9, 40, "metrics[0].value" },
	{ MAP "metrics: [{name: m, value: 4, target: 5}]\n", "target-missed",
	  CJM_NOTE, 9, 28, "metrics[0].value" },
	{ MAP "persona: {name: P, age: -1}\n", "out-of-range", CJM_ERROR, 9,
	  25, "persona.age" },
	{ HEAD "  - {id: a, name: N, " TP("t") "}\n" REST
	  "transitions: [{from: t, to: u}]\n", "unknown-touchpoint",
	  CJM_ERROR, 9, 29, "transitions[0].to" },
	{ HEAD "  - {id: a, name: N, " TP("tt") ", pain_points: [{text: p, "
	  "touchpoint: ttt}]}\n" REST, "unknown-touchpoint", CJM_ERROR, 4,
	  92, "stages[0].pain_points[0].touchpoint" },
	{ HEAD "  - {id: a, name: N, " TP("s") "}\n  - {id: b, name: N, "
	  TP("u") "}\n" ST("c") ST("d") "  - {id: e, name: N, " TP("f")
	  "}\ntransitions: [{from: s, to: f}]\n", "unreachable", CJM_WARNING,
	  5, 50, "stages[1].touchpoints[0]" },
	{ HEAD "  - {id: a, name: N, " TP("s") "}\n  - {id: b, name: N, "
	  TP("u") "}\n" ST("c") ST("d") ST("e") "transitions: [{from: s, "
	  "to: u}]\n", "dead-end", CJM_WARNING, 5, 50,
	  "stages[1].touchpoints[0]" },
	{ HEAD ST("a") "transitions: [{from: s, to: u, count: -2}]\n",
	  "out-of-range", CJM_ERROR, 5, 39, "transitions[0].count" },
	{ HEAD ST("a"), "few-stages", CJM_WARNING, 4, 3, "stages" },
	{ HEAD "  []\n", "no-stages", CJM_ERROR, 4, 3, "stages" },
	{ HEAD ST("a") REST ST("f") ST("g") ST("h") ST("i") ST("j"),
	  "many-stages", CJM_WARNING, 4, 3, "stages" },
	{ MAP "type: conversion\n", "advice-conversion", CJM_WARNING, 9, 7,
	  "type" },
	{ MAP "type: design\n", "advice-design", CJM_WARNING, 9, 7, "type" },
	{ HEAD "  - {id: a, name: N}\n" REST, "empty-stage", CJM_WARNING, 4, 5,
	  "stages[0]" },
	{ MAP "type: training\nmaturity: {level: 1}\n", "type-maturity",
	  CJM_WARNING, 9, 7, "type" },
	/* JSON has the same places: keys for unknown keys, values else. */
	{ "{\"cjm\": 1, \"title\": \"T\",\n \"stages\": [{\"id\": \"a\", "
	  "\"name\": \"A\", \"pain_point\": \"x\"}]}", "unknown-key",
	  CJM_ERROR, 2, 38, "stages[0].pain_point" },
	{ "{\"cjm\": 1, \"title\": \"T\",\n \"stages\": [{\"id\": \"a\", "
	  "\"name\": \"A\", \"emotion\": \"4\"}]}", "wrong-type",
	  CJM_ERROR, 2, 49, "stages[0].emotion" },
	{ "{\"cjm\": 1.0, \"title\": \"T\", \"stages\": []}", "wrong-type",
	  CJM_ERROR, 1, 9, "cjm" },
	{ "[]", "not-a-map", CJM_ERROR, 1, 1, "" },
	{ "cjm_maturity: 1\nmaturity: {level: 2}\n", "not-a-map", CJM_ERROR,
	  1, 1, "" },
	/* a JSON Lines event record, one error and not unknown keys; a
	 * map with such a key, or one that is not text, is no record */
	{ "{\"distinct_id\": \"u1\", \"event\": \"page_view\"}",
	  "event-log", CJM_ERROR, 1, 1, "" },
	{ "{\"user_id\": 5, \"event_type\": \"Purchase\"}", "event-log",
	  CJM_ERROR, 1, 1, "" },
	{ "{\"title\": \"T\", \"event\": \"x\", \"stages\": []}",
	  "missing-key", CJM_ERROR, 1, 1, "" },
	{ "{\"event\": 5}", "missing-key", CJM_ERROR, 1, 1, "" },
	{ "user_id,event\nu1,x\n", "not-a-map", CJM_ERROR, 1, 1, "" },
};

static const cjm_diag *
find(const cjm_diags *ds, const char *code)
{
	size_t i;

	for (i = 0; i < cjm_diags_count(ds); i++)
		if (strcmp(cjm_diags_get(ds, i)->code, code) == 0)
			return cjm_diags_get(ds, i);
	return NULL;
}

START_TEST(codes)
{
	const struct row *r = &rows[_i];
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *doc = unit_load(r->yaml, ds);
	const cjm_diag *d;
	int st = cjm_map_check(doc, NULL, ds);

	d = find(ds, r->code);
	ck_assert_msg(d != NULL, "row %d: no %s", _i, r->code);
	ck_assert_int_eq(d->level, r->level);
	ck_assert_msg(d->pos.line == r->line && d->pos.col == r->col,
	    "row %d %s: at %lu:%lu, want %lu:%lu", _i, r->code, d->pos.line,
	    d->pos.col, r->line, r->col);
	ck_assert_str_eq(d->path, r->path);
	ck_assert_str_eq(d->file, "t.yaml");
	ck_assert_uint_eq(d->doc, 1);
	if (strcmp(r->code, "event-log") == 0)	/* said once, alone */
		ck_assert_uint_eq(cjm_diags_count(ds), 1);
	ck_assert_int_eq(st, cjm_diags_count_level(ds, CJM_ERROR) ?
	    CJM_EDATA : CJM_OK);
	cjm_doc_free(doc);
	cjm_diags_free(ds);
}
END_TEST

/* Valid maps give nothing at all: not even a note. */
START_TEST(clean)
{
	static const char *const maps[] = {
		MAP,
		MAP "x-owner: {team: cx, list: [1, 2]}\nlang: pt-BR\n",
		HEAD "  - {id: a, name: N, goals: one, touchpoints: W, "
		    "pain_points: P, subtitle: null}\n" REST,
		"{\"cjm\": 1, \"title\": \"T\", \"stages\": [{\"id\": \"a\", "
		    "\"name\": \"A\", \"emotion\": 2.5}, {\"id\": \"b\", \"name\": "
		    "\"B\", \"emotion\": 1}, {\"id\": \"c\", \"name\": \"C\", "
		    "\"emotion\": 5}, {\"id\": \"d\", \"name\": \"D\", "
		    "\"emotion\": 3}, {\"id\": \"e\", \"name\": \"E\", "
		    "\"emotion\": 4}]}",
		MAP "type: assessment\nmaturity: {level: 2, stage: initiate, "
		    "score: 2.1, x-extra: 1}\n",
		MAP "funnel: {source: counts, entered: 10, converted: 2, pct: 20, "
		    "biggest_loss: null, time: {median: null}}\n",
	};
	size_t i;

	for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++) {
		cjm_diags *ds = cjm_diags_new();
		cjm_doc *doc = unit_load(maps[i], ds);

		ck_assert_int_eq(cjm_map_check(doc, NULL, ds), CJM_OK);
		ck_assert_msg(cjm_diags_count(ds) == 0, "map %zu: %s", i,
		    cjm_diags_count(ds) ? cjm_diags_get(ds, 0)->message : "");
		cjm_doc_free(doc);
		cjm_diags_free(ds);
	}
}
END_TEST

/* --no-advice leaves out the advice, and only the advice. */
START_TEST(no_advice)
{
	static const char *const yaml = HEAD "  - {id: a, name: N}\n" REST
	    "type: conversion\n";
	cjm_check_opts opts = { 1 };
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *doc = unit_load(yaml, ds);

	ck_assert_int_eq(cjm_map_check(doc, NULL, ds), CJM_OK);
	ck_assert_uint_eq(cjm_diags_count(ds), 2);
	cjm_diags_clear(ds);
	ck_assert_int_eq(cjm_map_check(doc, &opts, ds), CJM_OK);
	ck_assert_uint_eq(cjm_diags_count(ds), 0);
	cjm_doc_free(doc);
	cjm_diags_free(ds);
}
END_TEST

/* Every lane of cjm_lanes counts as content, and events do not. */
START_TEST(lanes_are_content)
{
	char yaml[512];
	size_t i;

	for (i = 0; i <= cjm_lanes_count; i++) {
		const char *lane = i < cjm_lanes_count ? cjm_lanes[i] : "events";
		cjm_diags *ds = cjm_diags_new();
		cjm_doc *doc;

		snprintf(yaml, sizeof(yaml), HEAD "  - {id: a, name: N, %s: %s}\n"
		    REST, lane, strcmp(lane, "emotion") == 0 ? "3" :
		    strcmp(lane, "metrics") == 0 ? "[{name: m}]" : "x");
		doc = unit_load(yaml, ds);
		ck_assert_int_eq(cjm_map_check(doc, NULL, ds), CJM_OK);
		ck_assert_msg((find(ds, "empty-stage") != NULL) ==
		    (i == cjm_lanes_count), "lane %s", lane);
		cjm_doc_free(doc);
		cjm_diags_free(ds);
	}
}
END_TEST

/* Does a map of this type with this maturity get type-maturity? */
static int
misfit(const char *type, int level, int by_stage)
{
	cjm_check_opts opts = { 1 };
	cjm_diags *ds = cjm_diags_new();
	char yaml[512];
	cjm_doc *doc;
	int got;

	if (by_stage)
		snprintf(yaml, sizeof(yaml), MAP "type: %s\nmaturity: "
		    "{stage: %s}\n", type, cjm_maturity_stages[level - 1]);
	else
		snprintf(yaml, sizeof(yaml), MAP "type: %s\nmaturity: "
		    "{level: %d}\n", type, level);
	doc = unit_load(yaml, ds);
	ck_assert_int_eq(cjm_map_check(doc, &opts, ds), CJM_OK);
	got = find(ds, "type-maturity") != NULL;
	cjm_doc_free(doc);
	cjm_diags_free(ds);
	return got;
}

/* type-maturity for every type at every level (maturity.md's table),
 * by level and by stage alone. */
START_TEST(type_fits)
{
	static const char *const fit[5] = {
		" conversion management assessment design ",
		" conversion management assessment design ",
		" customer-view ", " checklist training ",
		" checklist training ",
	};
	char word[32];
	size_t t;
	int level;

	for (t = 0; t < cjm_map_types_count; t++)
		for (level = 1; level <= 5; level++) {
			int want = strstr(fit[level - 1], (snprintf(word,
			    sizeof(word), " %s ", cjm_map_types[t]), word)) ==
			    NULL;

			ck_assert_int_eq(misfit(cjm_map_types[t], level, 0),
			    want);
			ck_assert_int_eq(misfit(cjm_map_types[t], level, 1),
			    want);
		}
}
END_TEST

/* Allocation failures inside jansson: never a crash, and a check that
 * could not finish says so. */
static long budget;

static void *
scarce_malloc(size_t n)
{
	return budget-- > 0 ? malloc(n) : NULL;
}

START_TEST(out_of_memory)
{
	static const char *const yaml = HEAD "  - {id: a, name: N, "
	    TP("s") "}\n  - {id: b, name: N, " TP("u") "}\n" ST("c") ST("d")
	    ST("e") "transitions: [{from: s, to: u}]\ncolour: red\n";
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *doc = unit_load(yaml, ds);
	json_t *full;
	size_t all;
	long n;

	ck_assert_int_eq(cjm_map_check(doc, NULL, ds), CJM_EDATA);
	all = cjm_diags_count(ds);
	full = cjm_map_canonical(cjm_doc_root(doc));
	for (n = 0; n < 200; n++) {
		json_t *canon;
		int st;

		cjm_diags_clear(ds);
		budget = n;
		json_set_alloc_funcs(scarce_malloc, free);
		st = cjm_map_check(doc, NULL, ds);
		canon = cjm_map_canonical(cjm_doc_root(doc));
		json_set_alloc_funcs(malloc, free);
		/* The whole canonical form, or none: never a part. */
		ck_assert(canon == NULL || json_equal(canon, full));
		json_decref(canon);
		/* All the findings, or a check that says it ran out. */
		ck_assert(st == CJM_EDATA || st == CJM_ESYS);
		if (st == CJM_EDATA)
			ck_assert_uint_eq(cjm_diags_count(ds), all);
		else
			ck_assert_str_eq(cjm_diags_get(ds, cjm_diags_count(ds) -
			    1)->code, "nomem");
	}
	json_decref(full);
	cjm_doc_free(doc);
	cjm_diags_free(ds);
}
END_TEST

/* Findings come out in file order whatever order the checks ran in. */
START_TEST(file_order)
{
	static const char *const yaml = "colour: red\n" HEAD
	    "  - {id: A, name: N, emotion: 9}\n" REST "type: x\n";
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *doc = unit_load(yaml, ds);
	size_t i;

	ck_assert_int_eq(cjm_map_check(doc, NULL, ds), CJM_EDATA);
	ck_assert_uint_eq(cjm_diags_count(ds), 4);
	for (i = 1; i < cjm_diags_count(ds); i++) {
		const cjm_diag *a = cjm_diags_get(ds, i - 1);
		const cjm_diag *b = cjm_diags_get(ds, i);

		ck_assert(a->pos.line < b->pos.line || (a->pos.line ==
		    b->pos.line && a->pos.col <= b->pos.col));
	}
	cjm_doc_free(doc);
	cjm_diags_free(ds);
}
END_TEST

/* Messages say what and where, with the hint the issue asks for. */
START_TEST(messages)
{
	static const struct { const char *yaml, *code, *msg, *hint; } t[] = {
		{ HEAD "  - {id: checkout, name: N, pain_point: x}\n" REST,
		  "unknown-key",
		  "unknown key 'pain_point' in stage 'checkout'",
		  "did you mean 'pain_points'?" },
		{ HEAD "  - {id: a, name: N, funnel: {count: 3.0}}\n" REST,
		  "wrong-type",
		  "'count' in the funnel in stage 'a' must be an integer, "
		  "not 3.0", "write 3, without a fraction" },
		{ HEAD ST("Check Out") REST, "bad-id",
		  "id 'Check Out' in stage 'Check Out' is not a slug",
		  "use lower-case letters, digits, '-' and '_', starting with "
		  "a letter or digit, e.g. 'check-out'" },
		{ MAP "lang: en_US\n", "bad-lang",
		  "'lang' is 'en_US', not a BCP 47 language tag",
		  "write 'en-US'" },
		{ MAP "metrics: [{name: NPS, value: 20, target: 40, unit: pts}]\n",
		  "target-missed",
		  "metric 'NPS' is 20 pts, short of its target 40 pts (higher "
		  "is better)", NULL },
		{ HEAD "  - {id: a, name: N, touchpoints: [{name: W, channel: "
		  "Telegram}]}\n" REST, "unknown-channel", "unknown channel "
		  "'Telegram' in touchpoint 'W' in stage 'a'",
		  "did you mean 'messenger'?" },
		{ HEAD "  - {id: a, name: N, touchpoints: [{name: W, channel: "
		  "emai}]}\n" REST, "unknown-channel", "unknown channel "
		  "'emai' in touchpoint 'W' in stage 'a'",
		  "did you mean 'email'?" },
		{ "\"a\\nb\"\n", "not-a-map", "the document is a string ('a\\x0Ab'), not a "
		  "map", "a map is a mapping such as: {cjm: 1, title: My "
		  "journey, stages: [{id: visit, name: Visit}]}" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cjm_diags *ds = cjm_diags_new();
		cjm_doc *doc = unit_load(t[i].yaml, ds);
		const cjm_diag *d;

		cjm_map_check(doc, NULL, ds);
		d = find(ds, t[i].code);
		ck_assert_ptr_nonnull(d);
		ck_assert_str_eq(d->message, t[i].msg);
		if (t[i].hint == NULL)
			ck_assert_ptr_null(d->hint);
		else
			ck_assert_str_eq(d->hint, t[i].hint);
		cjm_doc_free(doc);
		cjm_diags_free(ds);
	}
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("map_check");
	TCase *tc = tcase_create("map_check");

	tcase_add_loop_test(tc, codes, 0, (int)(sizeof(rows) /
	    sizeof(rows[0])));
	tcase_add_test(tc, clean);
	tcase_add_test(tc, no_advice);
	tcase_add_test(tc, lanes_are_content);
	tcase_add_test(tc, type_fits);
	tcase_add_test(tc, out_of_memory);
	tcase_add_test(tc, file_order);
	tcase_add_test(tc, messages);
	suite_add_tcase(s, tc);
	return s;
}
