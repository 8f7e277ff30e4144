/* maturity_score.c: a survey's figures: dimensions, score, stage, fits. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "maturity.h"

#define NQ CJM_MATURITY_QUESTIONS
#define ND CJM_MATURITY_DIMENSIONS

/* Answer counts of a group of respondents: the survey or a department.
 * Answers are 1..5, so counts per value give exact sums and deviations
 * in constant memory. */
struct group {
	const char *name;	/* department; NULL for the whole survey */
	size_t resp, missing, unscored;
	size_t cnt[NQ][6];	/* [q - 1][answer]; answer 0 is missing */
	size_t stage[5];	/* respondents by their own stage */
};

struct dimstat {
	size_t n;
	double mean, sd;	/* sd < 0: undefined (one answer) */
	int min, max;
};

static double
round3(double x)
{
	return round(x * 1000) / 1000;
}

/* n, mean, min, max and sample deviation of the answers in counts vc. */
static void
stat_counts(const size_t vc[6], struct dimstat *s)
{
	double sum = 0, ss = 0;
	int v;

	memset(s, 0, sizeof(*s));
	for (v = 1; v <= 5; v++) {
		s->n += vc[v];
		sum += (double)v * (double)vc[v];
		if (vc[v] != 0) {
			if (s->min == 0)
				s->min = v;
			s->max = v;
		}
	}
	if (s->n == 0)
		return;
	s->mean = sum / (double)s->n;
	for (v = 1; v <= 5; v++)
		ss += (double)vc[v] * (v - s->mean) * (v - s->mean);
	s->sd = s->n > 1 ? sqrt(ss / (double)(s->n - 1)) : -1;
}

static void
dim_stat(const struct group *g, int d, struct dimstat *s)
{
	size_t vc[6] = { 0 };
	int q, v;

	for (q = 1; q <= NQ; q++)
		if (cjm_maturity_statement_dim(q) == d)
			for (v = 1; v <= 5; v++)
				vc[v] += g->cnt[q - 1][v];
	stat_counts(vc, s);
}

/* The stage of one respondent's own answers, or 0 when a dimension has
 * none of them (then the respondent has no score of their own). */
static int
resp_level(const struct mat_resp *r, const cjm_maturity_opts *o)
{
	double sum[ND] = { 0 }, total = 0, low = 6, m;
	size_t n[ND] = { 0 };
	int q, d;

	for (q = 1; q <= NQ; q++) {
		if (r->a[q - 1] == 0)
			continue;
		d = cjm_maturity_statement_dim(q);
		sum[d] += r->a[q - 1];
		n[d]++;
	}
	for (d = 0; d < ND; d++) {
		if (n[d] == 0)
			return 0;
		m = sum[d] / (double)n[d];
		total += m;
		if (m < low)
			low = m;
	}
	return cjm_maturity_level(o->rule == CJM_RULE_WEAKEST ? low :
	    total / ND, o->thresholds);
}

static void
group_add(struct group *g, const struct mat_resp *r,
    const cjm_maturity_opts *o)
{
	int q, lv;

	g->resp++;
	for (q = 0; q < NQ; q++) {
		g->cnt[q][r->a[q]]++;
		g->missing += r->a[q] == 0;
	}
	if ((lv = resp_level(r, o)) > 0)
		g->stage[lv - 1]++;
	else
		g->unscored++;
}

static json_t *
dim_json(int d, const struct dimstat *s, const char *lang)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(cjm_maturity_dims[d]));
	json_object_set_new(o, "name",
	    json_string(cjm_maturity_dim_name(d, lang)));
	json_object_set_new(o, "n", json_integer((json_int_t)s->n));
	json_object_set_new(o, "mean", json_real(round3(s->mean)));
	json_object_set_new(o, "min", json_integer(s->min));
	json_object_set_new(o, "max", json_integer(s->max));
	json_object_set_new(o, "sd", s->sd < 0 ? json_null() :
	    json_real(round3(s->sd)));
	return o;
}

/* The three statements with the lowest mean (ties: the lower number),
 * among those answered at all. */
static json_t *
lowest_json(const struct group *g, const char *lang)
{
	json_t *arr = json_array();
	struct dimstat s[NQ];
	int q, k, used[NQ] = { 0 };

	for (q = 0; q < NQ; q++)
		stat_counts(g->cnt[q], &s[q]);
	for (k = 0; k < 3; k++) {
		int best = -1;
		json_t *o;

		for (q = 0; q < NQ; q++)
			if (!used[q] && s[q].n > 0 &&
			    (best < 0 || s[q].mean < s[best].mean))
				best = q;
		if (best < 0)
			break;
		used[best] = 1;
		o = json_object();
		json_object_set_new(o, "q", json_integer(best + 1));
		json_object_set_new(o, "dimension", json_string(
		    cjm_maturity_dims[cjm_maturity_statement_dim(best + 1)]));
		json_object_set_new(o, "text",
		    json_string(cjm_maturity_statement(best + 1, lang)));
		json_object_set_new(o, "mean", json_real(round3(s[best].mean)));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *
fits_json(int level)
{
	const char *const *fits;
	json_t *arr = json_array();
	size_t n = 0, i;

	if ((fits = cjm_maturity_fits(level, &n)) != NULL)
		for (i = 0; i < n; i++)
			json_array_append_new(arr, json_string(fits[i]));
	return arr;
}

static json_t *
stages_json(const struct group *g)
{
	json_t *o = json_object();
	int i;

	for (i = 0; i < 5; i++)
		json_object_set_new(o, cjm_maturity_stages[i],
		    json_integer((json_int_t)g->stage[i]));
	return o;
}

/* Every dimension of g must have answers; report each one that has
 * none. */
static int
group_stats(const struct group *g, struct dimstat st[ND], const char *file,
    cjm_diags *ds)
{
	cjm_pos nopos = { 0, 0, 0 };
	int d, q, first, last, bad = 0;

	for (d = 0; d < ND; d++) {
		dim_stat(g, d, &st[d]);
		if (st[d].n > 0)
			continue;
		for (first = 0, last = 0, q = 1; q <= NQ; q++)
			if (cjm_maturity_statement_dim(q) == d) {
				first = first ? first : q;
				last = q;
			}
		cjm_diags_add(ds, CJM_ERROR, "dimension-empty", file, 0, "",
		    nopos, "answer at least one of its statements",
		    "%s%s%sno answers at all for dimension '%s' (q%d-q%d)",
		    g->name ? "department '" : "", g->name ? g->name : "",
		    g->name ? "': " : "", cjm_maturity_dims[d], first, last);
		bad = 1;
	}
	return bad ? CJM_EDATA : CJM_OK;
}

/* The figures of one group into obj (score, stage, dimensions, ...);
 * the keys of settings (may be NULL) go after the stage, as the contract
 * orders them. */
static int
group_json(const struct group *g, const cjm_maturity_opts *o, json_t *obj,
    json_t *settings, const char *file, cjm_diags *ds)
{
	struct dimstat st[ND];
	json_t *dims;
	double score = 0;
	int d, weak = 0, level;

	if (group_stats(g, st, file, ds) != CJM_OK)
		return CJM_EDATA;
	dims = json_array();
	for (d = 0; d < ND; d++) {
		score += st[d].mean;
		if (st[d].mean < st[weak].mean)
			weak = d;
		json_array_append_new(dims, dim_json(d, &st[d], o->lang));
	}
	score /= ND;
	level = cjm_maturity_level(o->rule == CJM_RULE_WEAKEST ?
	    st[weak].mean : score, o->thresholds);
	json_object_set_new(obj, "respondents", json_integer(
	    (json_int_t)g->resp));
	json_object_set_new(obj, "score", json_real(round3(score)));
	json_object_set_new(obj, "level", json_integer(level));
	json_object_set_new(obj, "stage",
	    json_string(cjm_maturity_stages[level - 1]));
	json_object_set_new(obj, "stage_name",
	    json_string(cjm_maturity_stage_name(level, o->lang)));
	if (settings != NULL)
		json_object_update(obj, settings);
	json_object_set_new(obj, "fits", fits_json(level));
	json_object_set_new(obj, "dimensions", dims);
	json_object_set_new(obj, "weakest", json_string(cjm_maturity_dims[weak]));
	json_object_set_new(obj, "lowest", lowest_json(g, o->lang));
	json_object_set_new(obj, "stage_counts", stages_json(g));
	return CJM_OK;
}

/* Departments in order of first appearance; respondents without one
 * form "(none)" when others have one. NULL name: no departments. */
static int
dept_index(struct group *deps, size_t *nd, const char *name)
{
	size_t i;

	for (i = 0; i < *nd; i++)
		if (strcmp(deps[i].name, name) == 0)
			return (int)i;
	if (*nd == CJM_MATURITY_MAX_DEPARTMENTS)
		return -1;
	memset(&deps[*nd], 0, sizeof(deps[0]));
	deps[*nd].name = name;
	return (int)(*nd)++;
}

static int
split_departments(const cjm_answers *a, const cjm_maturity_opts *o,
    struct group *deps, size_t *nd, cjm_diags *ds)
{
	cjm_pos pos = { 0, 0, 0 };
	size_t i, with = 0;
	int k;

	*nd = 0;
	for (i = 0; i < a->n; i++)
		with += a->v[i].dept != NULL;
	for (i = 0; with > 0 && i < a->n; i++) {
		k = dept_index(deps, nd, a->v[i].dept ? a->v[i].dept :
		    "(none)");
		if (k < 0) {
			pos.line = a->v[i].line;
			cjm_diags_add(ds, CJM_ERROR, "too-many-departments",
			    a->v[i].file, 0, "", pos, "group them, or leave the "
			    "department column out", "respondent %zu brings "
			    "department %d: more than %d", i + 1,
			    CJM_MATURITY_MAX_DEPARTMENTS + 1,
			    CJM_MATURITY_MAX_DEPARTMENTS);
			return CJM_EDATA;
		}
		group_add(&deps[k], &a->v[i], o);
	}
	return CJM_OK;
}

static json_t *
settings_json(const cjm_maturity_opts *o)
{
	json_t *s = json_object(), *t = json_array();
	int k;

	for (k = 0; k < 4; k++)
		json_array_append_new(t, json_real(o->thresholds[k]));
	json_object_set_new(s, "lang", json_string(o->lang));
	json_object_set_new(s, "rule", json_string(
	    o->rule == CJM_RULE_WEAKEST ? "weakest" : "mean"));
	json_object_set_new(s, "thresholds", t);
	return s;
}

/* Respondents with a dimension left wholly unanswered have no score of
 * their own: say so, since stage_counts leaves them out. */
static void
warn_unscored(const cjm_answers *a, const cjm_maturity_opts *o,
    cjm_diags *ds)
{
	cjm_pos pos = { 0, 0, 0 };
	char who[160];
	size_t i;

	for (i = 0; i < a->n; i++) {
		const struct mat_resp *r = &a->v[i];

		if (resp_level(r, o) > 0)
			continue;
		pos.line = r->line;
		maturity_who(who, sizeof(who), r->csv ? "row" : "respondent",
		    r->row, r->name, 0);
		cjm_diags_add(ds, CJM_WARNING, "respondent-unscored", r->file,
		    0, "", pos, NULL, "%s left a whole dimension unanswered: "
		    "not counted in stage_counts", who);
	}
}

static int
score_all(const cjm_answers *a, const cjm_maturity_opts *o, json_t *top,
    struct group *all, struct group *deps, cjm_diags *ds)
{
	const char *file = a->src;
	json_t *settings = settings_json(o), *darr = json_array();
	size_t i, nd;
	int st;

	for (i = 0; i < a->n; i++)
		group_add(all, &a->v[i], o);
	/* A dimension empty overall is empty in every department: say it
	 * once. */
	st = group_json(all, o, top, settings, file, ds);
	if (st == CJM_OK && split_departments(a, o, deps, &nd, ds) != CJM_OK)
		st = CJM_EDATA;
	else if (st == CJM_OK)
		for (i = 0; i < nd; i++) {
			json_t *d = json_object();

			json_object_set_new(d, "name",
			    json_string(deps[i].name));
			if (group_json(&deps[i], o, d, NULL, file, ds) != CJM_OK)
				st = CJM_EDATA;
			json_object_set_new(d, "missing",
			    json_integer((json_int_t)deps[i].missing));
			json_array_append_new(darr, d);
		}
	json_object_set_new(top, "departments", darr);
	json_object_set_new(top, "missing", json_integer(
	    (json_int_t)all->missing));
	if (a->skipped > 0)
		json_object_set_new(top, "skipped",
		    json_integer((json_int_t)a->skipped));
	json_decref(settings);
	return st;
}

int
cjm_maturity_score(const cjm_answers *a, const cjm_maturity_opts *opts,
    json_t **out, cjm_diags *ds)
{
	cjm_maturity_opts def;
	cjm_pos nopos = { 0, 0, 0 };
	struct group *all, *deps;
	json_t *top;
	int st;

	*out = NULL;
	if (opts == NULL) {
		cjm_maturity_opts_default(&def);
		opts = &def;
	}
	if (a == NULL || a->n == 0) {
		cjm_diags_add(ds, CJM_ERROR, "no-respondents", a ? a->src :
		    NULL, 0, "", nopos, "give at least one row of answers",
		    "no respondents%s: nothing to score", a && a->skipped ?
		    " left (all skipped)" : "");
		return CJM_EDATA;
	}
	all = calloc(1, sizeof(*all));
	deps = calloc(CJM_MATURITY_MAX_DEPARTMENTS, sizeof(*deps));
	top = json_object();
	if (all == NULL || deps == NULL || top == NULL) {
		free(all);
		free(deps);
		json_decref(top);
		return CJM_ESYS;
	}
	if (a->org != NULL)
		json_object_set_new(top, "organization", json_string(a->org));
	st = score_all(a, opts, top, all, deps, ds);
	if (st == CJM_OK) {
		warn_unscored(a, opts, ds);
		*out = top;
	} else
		json_decref(top);
	free(all);
	free(deps);
	return st;
}
