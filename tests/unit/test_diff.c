/* test_diff.c: cjm_diff: what counts as a change, how stages pair, the
 * words, the positions, the classes of --fail-on, the marked map. */
#include "unit.h"
#include "cjm_diff.h"

#define HEAD "cjm: 1\ntitle: T\n"
/* Four stages with touchpoints in a chain; the old map of most rows. */
#define S_A "{id: a, name: Arrive, actions: [Look, Walk in], emotion: 3, " \
	"touchpoints: [{id: ta, name: Door}], pain_points: [{text: Queue, " \
	"severity: low}]}"
#define S_B "{id: b, name: Browse, emotion: 3, touchpoints: [{id: tb, " \
	"name: Shelf}], metrics: [{name: Wait, kind: time, value: 5, " \
	"target: 10}], funnel: {count: 100}}"
#define S_C "{id: c, name: Pay, emotion: 4, touchpoints: [{id: tc, " \
	"name: Till}], funnel: {count: 50}}"
#define TR "transitions: [{from: ta, to: tb}, {from: tb, to: tc}]\n"
#define MAP(a, b, c) HEAD "stages: [" a ", " b ", " c "]\n" TR
#define BASE MAP(S_A, S_B, S_C)

static const struct {
	const char *old, *new;
	const char *want;	/* kind@stage/what, comma-separated */
} rows[] = {
	{ BASE, BASE, "" },
	/* Form only: JSON, key order, a list of one, a bare name. */
	{ HEAD "stages: [{id: a, name: N, goals: [G], touchpoints: [T]}]\n",
	  "{\"stages\": [{\"touchpoints\": [{\"name\": \"T\"}], \"goals\": "
	  "\"G\", \"name\": \"N\", \"id\": \"a\"}], \"title\": \"T\", "
	  "\"cjm\": 1}", "" },
	{ HEAD "stages: [{id: a, name: N, emotion: 3}]\n",
	  HEAD "stages: [{id: a, name: N, emotion: 3.0}]\n", "" },
	{ BASE, MAP(S_A, S_B, "{id: c, name: Pay, emotion: 1.5, touchpoints: "
	  "[{id: tc, name: Till}], funnel: {count: 50}}"),
	  "emotion-drop@c/" },
	/* An id changed, the name and content kept: a rename. */
	{ BASE, MAP(S_A, S_B, "{id: pay, name: Pay, emotion: 4, touchpoints: "
	  "[{id: tc, name: Till}], funnel: {count: 50}}"),
	  "stage-renamed@pay/" },
	/* A new id, a new name, nothing in common: removed and added. */
	{ BASE, HEAD "stages: [" S_A ", " S_B ", {id: z, name: Zebra, "
	  "touchpoints: [{id: tc, name: Till}]}]\n" TR,
	  "stage-added@z/Zebra,stage-removed@c/Pay" },
	/* b first now: one stage moved, and a's touchpoint, no longer in
	 * the first stage, cannot be reached. */
	{ BASE, MAP(S_B, S_A, S_C), "stage-moved@b/,unreachable-new@a/ta" },
	{ BASE, MAP("{id: a, name: Arrive, actions: [Walk in, Look, Queue], "
	  "emotion: 3, touchpoints: [{id: ta, name: Door}], pain_points: "
	  "[{text: Queue, severity: high}, {text: Cold, severity: high}]}",
	  S_B, S_C),
	  "item-added@a/Queue,items-reordered@a/,pain-worse@a/Queue,"
	  "new-pain@a/Cold" },
	{ BASE, MAP("{id: a, name: Arrive, actions: [Look, Walk in], "
	  "emotion: 3, touchpoints: [{id: ta, name: Door}]}", S_B, S_C),
	  "pain-resolved@a/Queue" },
	{ BASE, MAP(S_A, "{id: b, name: Browse, emotion: 3, touchpoints: "
	  "[{id: tb, name: Shelf}], metrics: [{name: Wait, kind: time, "
	  "value: 12, target: 10}], funnel: {count: 80}}", S_C),
	  "metric-value@b/Wait,target-missed@b/Wait,funnel-count@b/count,"
	  /* c's conversion from b, from the counts: 50% to 62.5% */
	  "funnel-rate@c/pct_previous" },
	/* The graph: a transition gone leaves a dead end and a touchpoint
	 * nobody reaches (the checker's own findings). */
	{ BASE, HEAD "stages: [" S_A ", " S_B ", " S_C "]\n"
	  "transitions: [{from: ta, to: tb}]\n",
	  "dead-end-new@b/tb,unreachable-new@c/tc,transition-removed@/tb → tc" },
	{ HEAD "personas: [{id: m, name: M}, {id: t, name: T}]\nstages: "
	  "[{id: a, name: A, emotion: {m: 4, t: 2}}]\n",
	  HEAD "personas: [{id: m, name: M}, {id: t, name: T}]\nstages: "
	  "[{id: a, name: A, emotion: 3}]\n",
	  "emotion-drop@a/,emotion-rise@a/" },
};

/* The changes as "kind@stage/what,...". */
static char *
signature(const cjm_diff *d)
{
	static char buf[2048];
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < cjm_diff_count(d); i++) {
		const cjm_change *c = cjm_diff_get(d, i);

		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s@%s/%s",
		    i ? "," : "", cjm_change_kind_name(c->kind),
		    c->stage ? c->stage : "", c->what && c->kind !=
		    CJM_CH_EMOTION_DROP && c->kind != CJM_CH_EMOTION_RISE ?
		    c->what : "");
	}
	return buf;
}

START_TEST(changes)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *a, *b;
	cjm_diff *d = cjm_diff_new(NULL);

	a = unit_load(rows[_i].old, ds);
	b = unit_load(rows[_i].new, ds);
	ck_assert_int_eq(cjm_diff_maps(d, a, b, ds), CJM_OK);
	ck_assert_str_eq(signature(d), rows[_i].want);
	cjm_diff_free(d);
	cjm_doc_free(a);
	cjm_doc_free(b);
	cjm_diags_free(ds);
}
END_TEST

/* Run one comparison of two texts; the caller frees d, a, b. */
static cjm_diff *
run(const char *old, const char *new, cjm_doc **a, cjm_doc **b,
    cjm_diags *ds)
{
	cjm_diff *d = cjm_diff_new(NULL);

	*a = unit_load(old, ds);
	*b = unit_load(new, ds);
	ck_assert_int_eq(cjm_diff_maps(d, *a, *b, ds), CJM_OK);
	return d;
}

START_TEST(positions)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *a, *b;
	cjm_diff *d = run(HEAD "stages:\n  - id: a\n    name: A\n"
	    "    emotion: 4\n", HEAD "stages:\n  - id: a\n    name: A\n\n"
	    "    emotion: 2\n", &a, &b, ds);
	const cjm_change *c = cjm_diff_get(d, 0);

	ck_assert_int_eq(cjm_diff_count(d), 1);
	ck_assert_str_eq(c->path, "stages[0].emotion");
	ck_assert_uint_eq(c->old_pos.line, 6);
	ck_assert_uint_eq(c->new_pos.line, 7);
	ck_assert_uint_eq(c->new_pos.col, 14);
	ck_assert(c->delta == -2 && c->worse == 1);
	cjm_diff_free(d);
	cjm_doc_free(a);
	cjm_doc_free(b);
	cjm_diags_free(ds);
}
END_TEST

static const struct {
	const char *lang;
	int with;
	const char *want;
} words[] = {
	{ "en", 1, "emotion in 'a' fell from 4 to 2.5" },
	{ "en", 0, "emotion fell from 4 to 2.5" },
	{ "ru", 1, "эмоция на этапе «a» упала с 4 до 2,5" },
	{ "ru-RU", 0, "эмоция упала с 4 до 2,5" },
	{ NULL, 0, "emotion fell from 4 to 2.5" },
};

START_TEST(text)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *a, *b;
	cjm_diff *d = run(HEAD "stages: [{id: a, name: A, emotion: 4}]\n",
	    HEAD "stages: [{id: a, name: A, emotion: 2.5}]\n", &a, &b, ds);
	char *s = cjm_change_text(cjm_diff_get(d, 0), words[_i].lang,
	    words[_i].with);

	ck_assert_str_eq(s, words[_i].want);
	free(s);
	cjm_diff_free(d);
	cjm_doc_free(a);
	cjm_doc_free(b);
	cjm_diags_free(ds);
}
END_TEST

static const struct {
	const char *cls;
	int want;
} classes[] = {
	{ "new-pain", 1 }, { "new-pain-high", 1 }, { "worse", 1 },
	{ "any", 1 }, { "emotion-drop", 0 }, { "no-such-kind", -1 },
};

START_TEST(fail_on)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *a, *b;
	cjm_diff *d = run(HEAD "stages: [{id: a, name: A}]\n", HEAD "stages: "
	    "[{id: a, name: A, pain_points: [{text: P, severity: high}]}]\n",
	    &a, &b, ds);

	ck_assert_int_eq(cjm_change_is(cjm_diff_get(d, 0), classes[_i].cls),
	    classes[_i].want);
	cjm_diff_free(d);
	cjm_doc_free(a);
	cjm_doc_free(b);
	cjm_diags_free(ds);
}
END_TEST

START_TEST(kind_names)
{
	int k;

	for (k = 0; k < CJM_CH_NKINDS; k++) {
		ck_assert_ptr_nonnull(cjm_change_kind_name(k));
		ck_assert_int_eq(cjm_change_kind_parse(cjm_change_kind_name(k)),
		    k);
	}
	ck_assert_ptr_null(cjm_change_kind_name(CJM_CH_NKINDS));
}
END_TEST

/* A broken map is refused with the checker's errors, no changes. */
START_TEST(broken)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *a = unit_load(BASE, ds), *b = unit_load(HEAD "stages: "
	    "[{id: a, name: A, emotion: 9}]\n", ds);
	cjm_diff *d = cjm_diff_new(NULL);

	ck_assert_int_eq(cjm_diff_maps(d, a, b, ds), CJM_EDATA);
	ck_assert_int_eq(cjm_diff_count(d), 0);
	ck_assert_int_eq(cjm_diags_worst(ds), CJM_ERROR);
	cjm_diff_free(d);
	cjm_doc_free(a);
	cjm_doc_free(b);
	cjm_diags_free(ds);
}
END_TEST

static int
collect(const char *buf, size_t len, void *ctx)
{
	return json_array_append_new(ctx, json_stringn(buf, len));
}

/* The JSON report parses and holds one record a change; the marked
 * map carries the old curve and the cells. */
START_TEST(outputs)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *a, *b;
	cjm_diff *d = run(BASE, MAP(S_A, S_B, "{id: c, name: Pay, emotion: 2, "
	    "touchpoints: [{id: tc, name: Till}], funnel: {count: 50}}"), &a,
	    &b, ds);
	json_t *out = json_array(), *rep, *map, *x;

	ck_assert_int_eq(cjm_diff_write(d, CJM_DIFF_JSON, NULL, collect, out),
	    CJM_OK);
	rep = json_loads(json_string_value(json_array_get(out, 0)), 0, NULL);
	ck_assert_ptr_nonnull(rep);
	ck_assert_int_eq(json_array_size(json_object_get(rep, "changes")), 1);
	map = cjm_diff_map(d);
	x = json_object_get(map, "x-diff");
	ck_assert_ptr_nonnull(x);
	ck_assert(json_number_value(json_array_get(json_object_get(x,
	    "emotion"), 2)) == 4);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(x, "cells"), 0), "lane")), "emotion");
	json_decref(map);
	json_decref(rep);
	json_decref(out);
	cjm_diff_free(d);
	cjm_doc_free(a);
	cjm_doc_free(b);
	cjm_diags_free(ds);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("diff");

	tcase_add_loop_test(tc, changes, 0, sizeof(rows) / sizeof(rows[0]));
	tcase_add_test(tc, positions);
	tcase_add_loop_test(tc, text, 0, sizeof(words) / sizeof(words[0]));
	tcase_add_loop_test(tc, fail_on, 0, sizeof(classes) /
	    sizeof(classes[0]));
	tcase_add_test(tc, kind_names);
	tcase_add_test(tc, broken);
	tcase_add_test(tc, outputs);
	suite_add_tcase(s, tc);
	return s;
}
