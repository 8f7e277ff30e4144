/* funnel_map.c: funnel results written into a map (stage and map-level
 * funnel sections, the contract's schema), from events or from counts. */
#include <stdlib.h>
#include <string.h>

#include "cjm_funnel.h"

static json_t *
pct_or_null(uint64_t a, uint64_t b)
{
	return b > 0 ? json_real(cjm_funnel_pct(a, b)) : json_null();
}

/* {median, p90, mean} in seconds of step i, or nulls. */
static json_t *
time_json(const cjm_funnel *f, size_t i)
{
	double m = f ? cjm_funnel_time(f, i, 0) : -1;

	if (m < 0)
		return json_pack("{s:n,s:n,s:n}", "median", "p90", "mean");
	return json_pack("{s:f,s:f,s:f}", "median", m / 1000,
	    "p90", cjm_funnel_time(f, i, 1) / 1000,
	    "mean", cjm_funnel_time(f, i, 2) / 1000);
}

/* Where stage k's funnel count (or what stands for it) is in src. */
static cjm_pos
count_pos(const cjm_doc *src, size_t k)
{
	cjm_pos p = { 0, 0, 0 }, kp;
	json_t *stages, *st, *fu;

	if (src == NULL)
		return p;
	stages = json_object_get(cjm_doc_root(src), "stages");
	st = json_array_get(stages, k);
	fu = json_object_get(st, "funnel");
	if (json_object_get(fu, "count") != NULL)
		cjm_doc_pos(src, fu, "count", 0, &p, &kp);
	else if (fu != NULL)
		cjm_doc_pos(src, st, "funnel", 0, &p, &kp);
	else if (st != NULL)
		cjm_doc_pos(src, stages, NULL, k, &p, &kp);
	return p;
}

/* A count that grows along the journey is not a funnel: warn. */
static void
growth(const json_t *stages, const uint64_t *c, size_t n, int allow,
    const cjm_doc *src, cjm_diags *ds)
{
	const char *file = src ? cjm_doc_name(src) : NULL;
	unsigned doc = src ? cjm_doc_index(src) : 0;
	char path[64];
	size_t k;

	for (k = 1; k < n && !allow; k++) {
		if (c[k] <= c[k - 1])
			continue;
		snprintf(path, sizeof(path), "stages[%zu].funnel.count", k);
		cjm_diags_add(ds, CJM_WARNING, "funnel-growth", file, doc, path,
		    count_pos(src, k), "--allow-growth if the stages are "
		    "not a funnel", "count grows from %llu at stage '%s' to "
		    "%llu at stage '%s': not a funnel",
		    (unsigned long long)c[k - 1], json_string_value(
		    json_object_get(json_array_get(stages, k - 1), "id")),
		    (unsigned long long)c[k], json_string_value(
		    json_object_get(json_array_get(stages, k), "id")));
	}
}

/* Customers lost from stage k-1 to stage k: 0 where the count grows. */
static uint64_t
lost(const uint64_t *c, size_t k)
{
	return c[k - 1] > c[k] ? c[k - 1] - c[k] : 0;
}

/* Write stage k's funnel section. */
static void
stage_funnel(json_t *stage, const uint64_t *c, size_t k,
    const cjm_funnel *f)
{
	json_t *fu = json_object_get(stage, "funnel");
	/* A count that grows lost nobody: 0, with the growth warning, not
	 * a negative drop-off (and no uint64 wrap on huge counts). */
	uint64_t drop = k > 0 ? lost(c, k) : 0;

	if (!json_is_object(fu)) {
		fu = json_object();
		json_object_set_new(stage, "funnel", fu);
	}
	json_object_set_new(fu, "count", json_integer((json_int_t)c[k]));
	json_object_set_new(fu, "pct_previous",
	    k > 0 ? pct_or_null(c[k], c[k - 1]) : json_null());
	json_object_set_new(fu, "pct_start", pct_or_null(c[k], c[0]));
	json_object_set_new(fu, "dropped",
	    k > 0 ? json_integer((json_int_t)drop) : json_null());
	json_object_set_new(fu, "drop_pct", k > 0 && c[k - 1] > 0 ?
	    json_real(cjm_funnel_pct(drop, c[k - 1])) : json_null());
	if (f != NULL)
		json_object_set_new(fu, "time", time_json(k > 0 ? f : NULL, k));
}

/* The biggest loss by count and by rate, or null. */
static json_t *
biggest_loss(const json_t *stages, const uint64_t *c, size_t n)
{
	size_t k, bc = 0, br = 0;
	double rate = -1, r;

	if (n < 2 || c[0] == 0)
		return json_null();
	for (k = 1; k < n; k++) {
		if (bc == 0 || lost(c, k) > lost(c, bc))
			bc = k;
		if (c[k - 1] == 0)
			continue;
		r = cjm_funnel_pct(lost(c, k), c[k - 1]);
		if (r > rate)
			rate = r, br = k;
	}
	if (lost(c, bc) == 0)
		return json_null();	/* nobody was lost */
#define SID(k) json_string_value(json_object_get(json_array_get(stages, k), "id"))
	return json_pack("{s:{s:s,s:I},s:{s:s,s:f}}",
	    "count", "stage", SID(bc), "dropped", (json_int_t)lost(c, bc),
	    "rate", "stage", SID(br), "drop_pct", rate);
#undef SID
}

/* Everything but the events' own part of the map's funnel section. */
static json_t *
summary(const json_t *stages, const uint64_t *c, size_t n, const char *src)
{
	return json_pack("{s:s,s:I,s:I,s:o,s:o}", "source", src,
	    "entered", (json_int_t)c[0], "converted", (json_int_t)c[n - 1],
	    "pct", pct_or_null(c[n - 1], c[0]),
	    "biggest_loss", biggest_loss(stages, c, n));
}

static int
stages_of(json_t *map, size_t n, const cjm_doc *src, cjm_diags *ds,
    json_t **stages)
{
	const char *file = src ? cjm_doc_name(src) : NULL;
	unsigned doc = src ? cjm_doc_index(src) : 0;

	*stages = json_object_get(map, "stages");
	if (json_is_array(*stages) && json_array_size(*stages) == n && n > 0)
		return CJM_OK;
	cjm_diags_add(ds, CJM_ERROR, "funnel-stages", file, doc, "stages",
	    (cjm_pos){ 0, 0, 0 }, NULL, "the map's stages are not the "
	    "funnel's");
	return CJM_EDATA;
}

int
cjm_funnel_annotate(const cjm_funnel *f, json_t *map, const cjm_doc *src,
    cjm_diags *ds)
{
	size_t n = cjm_funnel_nstages(f), k;
	uint64_t *c, users, events, skipped;
	json_t *stages, *sum;
	const cjm_funnel_opts *o;

	if (stages_of(map, n, src, ds, &stages) != CJM_OK)
		return CJM_EDATA;
	if ((c = malloc(n * sizeof(*c))) == NULL)
		return CJM_ESYS;
	for (k = 0; k < n; k++)
		c[k] = cjm_funnel_count(f, k);
	for (k = 0; k < n; k++)
		stage_funnel(json_array_get(stages, k), c, k, f);
	o = cjm_funnel_get_opts(f);
	growth(stages, c, n, o->allow_growth, src, ds);
	sum = summary(stages, c, n, "events");
	cjm_funnel_totals(f, &users, &events, &skipped);
	json_object_set_new(sum, "time", time_json(f, n));
	json_object_set_new(sum, "settings", cjm_funnel_settings(f));
	if (o->by != NULL)
		json_object_set_new(sum, "breakdown", cjm_funnel_breakdown(f));
	json_object_set_new(sum, "skipped", json_integer((json_int_t)skipped));
	json_object_set_new(sum, "users", json_integer((json_int_t)users));
	json_object_set_new(sum, "events", json_integer((json_int_t)events));
	json_object_set_new(map, "funnel", sum);
	free(c);
	return CJM_OK;
}

/* stage k's funnel.count, or -1 with an error. */
static int
stage_count(const json_t *stage, size_t k, uint64_t *out,
    const cjm_doc *src, cjm_diags *ds)
{
	const json_t *v = json_object_get(json_object_get(stage, "funnel"),
	    "count");
	char path[64];

	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = (uint64_t)json_integer_value(v);
		return 0;
	}
	snprintf(path, sizeof(path), "stages[%zu].funnel.count", k);
	cjm_diags_add(ds, CJM_ERROR, v ? "funnel-count" : "no-count",
	    src ? cjm_doc_name(src) : NULL, src ? cjm_doc_index(src) : 0,
	    path, count_pos(src, k), v ? NULL : "give every stage "
	    "funnel.count, or an event log with --events", v ? "stage '%s': "
	    "funnel.count is not an integer >= 0" : "stage '%s' has no "
	    "funnel.count", json_string_value(json_object_get(stage, "id")));
	return -1;
}

int
cjm_funnel_counts(json_t *map, const cjm_doc *src, const cjm_funnel_opts *o,
    cjm_diags *ds)
{
	json_t *stages = json_object_get(map, "stages");
	size_t n = json_array_size(stages), k;
	uint64_t *c = calloc(n ? n : 1, sizeof(*c));
	int st = CJM_OK;

	if (c == NULL)
		return CJM_ESYS;
	for (k = 0; k < n; k++)
		if (stage_count(json_array_get(stages, k), k, &c[k], src, ds) <
		    0)
			st = CJM_EDATA;
	if (st == CJM_OK && n > 0) {
		for (k = 0; k < n; k++)
			stage_funnel(json_array_get(stages, k), c, k, NULL);
		growth(stages, c, n, o->allow_growth, src, ds);
		json_object_set_new(map, "funnel", summary(stages, c, n,
		    "counts"));
	}
	free(c);
	return st;
}
