/* diff.c: the map diff's handle: check both maps, compare their
 * canonical forms, keep the changes found in report order. */
#include <stdlib.h>
#include <string.h>

#include "diff_impl.h"
#include "grow.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Names in enum order: the words of --fail-on and of the JSON report. */
static const char *const kind_names[CJM_CH_NKINDS] = {
	"field-changed", "persona-added", "persona-removed",
	"stage-added", "stage-removed", "stage-renamed", "stage-moved",
	"owner-changed", "item-added", "item-removed", "items-reordered",
	"touchpoint-added", "touchpoint-removed",
	"emotion-drop", "emotion-rise", "emotion-added", "emotion-removed",
	"new-pain", "pain-resolved", "pain-worse", "pain-eased",
	"metric-added", "metric-removed", "metric-value",
	"target-missed", "target-met", "funnel-count", "funnel-rate",
	"transition-added", "transition-removed", "transition-count",
	"dead-end-new", "dead-end-fixed", "unreachable-new",
	"unreachable-fixed", "maturity-score", "maturity-stage",
	"decision-added", "decision-removed",
};

const char *
cjm_change_kind_name(enum cjm_change_kind k)
{
	return (unsigned)k < CJM_CH_NKINDS ? kind_names[k] : NULL;
}

int
cjm_change_kind_parse(const char *s)
{
	int i;

	for (i = 0; i < CJM_CH_NKINDS; i++)
		if (strcmp(s, kind_names[i]) == 0)
			return i;
	return -1;
}

int
cjm_change_is(const cjm_change *c, const char *cls)
{
	const char *sev;
	int k;

	if (strcmp(cls, "any") == 0)
		return 1;
	if (strcmp(cls, "worse") == 0)
		return c->worse > 0;
	if (strcmp(cls, "new-pain-high") == 0)
		return (c->kind == CJM_CH_NEW_PAIN ||
		    c->kind == CJM_CH_PAIN_WORSE) && (sev = json_string_value(
		    json_is_object(c->new) ? json_object_get(c->new,
		    "severity") : c->new)) != NULL && strcmp(sev, "high") == 0;
	if ((k = cjm_change_kind_parse(cls)) < 0)
		return -1;
	return (int)c->kind == k;
}

cjm_diff *
cjm_diff_new(const cjm_diff_opts *o)
{
	cjm_diff *d = calloc(1, sizeof(*d));

	if (d != NULL && o != NULL)
		d->o = *o;
	return d;
}

static void
reset(cjm_diff *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		cjm_change *c = &d->v[i];

		free((char *)c->stage);
		free((char *)c->stage_name);
		free((char *)c->lane);
		free((char *)c->persona);
		free((char *)c->what);
		free((char *)c->item);
		free((char *)c->unit);
		free((char *)c->path);
		free((char *)c->old_path);
		json_decref((json_t *)c->old);
		json_decref((json_t *)c->new);
	}
	d->n = 0;
	json_decref(d->a);
	json_decref(d->b);
	json_decref(d->found[0]);
	json_decref(d->found[1]);
	json_decref(d->personas);
	d->a = d->b = d->found[0] = d->found[1] = d->personas = NULL;
	free(d->a2b);
	free(d->b2a);
	d->a2b = d->b2a = NULL;
	d->na = d->nb = 0;
	d->oom = 0;
}

void
cjm_diff_free(cjm_diff *d)
{
	if (d == NULL)
		return;
	reset(d);
	free(d->v);
	free(d->la);
	free(d->lb);
	free(d);
}

int
cjm_diff_labels(cjm_diff *d, const char *la, const char *lb)
{
	free(d->la);
	free(d->lb);
	d->la = la ? strdup(la) : NULL;
	d->lb = lb ? strdup(lb) : NULL;
	return (la && !d->la) || (lb && !d->lb) ? CJM_ESYS : CJM_OK;
}

const char *
dlabel(const cjm_diff *d, int side)
{
	const char *l = side ? d->lb : d->la;

	return l ? l : side ? "new" : "old";
}

size_t
cjm_diff_count(const cjm_diff *d)
{
	return d->n;
}

const cjm_change *
cjm_diff_get(const cjm_diff *d, size_t i)
{
	return i < d->n ? &d->v[i] : NULL;
}

const json_t *
cjm_diff_old(const cjm_diff *d)
{
	return d->a;
}

const json_t *
cjm_diff_new_map(const cjm_diff *d)
{
	return d->b;
}

const json_t *
dstage(const cjm_diff *d, int side, size_t i)
{
	return json_array_get(json_object_get(side ? d->b : d->a, "stages"),
	    i);
}

int
dfound(const cjm_diff *d, int side, const char *code, const char *path)
{
	char key[600];

	snprintf(key, sizeof(key), "%s %s", code, path);
	return json_object_get(d->found[side], key) != NULL;
}

/* ------------------------------------------------------------ equality */

int
dsame(const json_t *a, const json_t *b)
{
	const char *k;
	json_t *v;
	size_t i;

	if (a == b)
		return 1;
	if (a == NULL || b == NULL)
		return 0;
	if (json_is_number(a) && json_is_number(b))
		return json_number_value(a) == json_number_value(b);
	if (json_typeof(a) != json_typeof(b))
		return 0;
	if (json_is_array(a)) {
		if (json_array_size(a) != json_array_size(b))
			return 0;
		for (i = 0; i < json_array_size(a); i++)
			if (!dsame(json_array_get(a, i), json_array_get(b, i)))
				return 0;
		return 1;
	}
	if (json_is_object(a)) {
		if (json_object_size(a) != json_object_size(b))
			return 0;
		json_object_foreach((json_t *)a, k, v)
			if (!dsame(v, json_object_get(b, k)))
				return 0;
		return 1;
	}
	return json_equal((json_t *)a, (json_t *)b);
}

/* ------------------------------------------------------------ records */

/* Where a path of the canonical map stands in the input: the deepest
 * node of the path that the input has. A list written as one string
 * (canonical "goals[0]", input "goals") stands where the string does. */
static cjm_pos
locate(const cjm_doc *doc, const char *path)
{
	const json_t *v = cjm_doc_root(doc), *child;
	cjm_pos pos = { 0, 0, 0 };
	char key[256];
	const char *p = path ? path : "";
	char *e;
	size_t n, idx;

	cjm_doc_pos(doc, NULL, NULL, 0, &pos, NULL);
	while (*p != '\0') {
		if (*p == '.')
			p++;
		if (*p == '[') {
			idx = strtoul(p + 1, &e, 10);
			p = *e == ']' ? e + 1 : e;
			if (!json_is_array(v))
				continue;
			if ((child = json_array_get(v, idx)) == NULL)
				break;
			cjm_doc_pos(doc, v, NULL, idx, &pos, NULL);
		} else {
			n = strcspn(p, ".[");
			snprintf(key, sizeof(key), "%.*s", (int)n, p);
			p += n;
			if (!json_is_object(v))
				continue;
			if ((child = json_object_get(v, key)) == NULL)
				break;
			cjm_doc_pos(doc, v, key, 0, &pos, NULL);
		}
		v = child;
	}
	return pos;
}

static char *
dup(cjm_diff *d, const char *s)
{
	char *c;

	if (s == NULL)
		return NULL;
	if ((c = strdup(s)) == NULL)
		d->oom = 1;
	return c;
}

void
dch_add(cjm_diff *d, const struct dch *x)
{
	const json_t *st;
	cjm_change *c;
	size_t i = x->ib != NONE ? x->ib : x->ia;
	int side = x->ib != NONE;

	if (d->oom || cjm_grow(&d->v, &d->cap, d->n, sizeof(*d->v), 64) < 0) {
		d->oom = 1;
		return;
	}
	c = &d->v[d->n++];
	memset(c, 0, sizeof(*c));
	c->kind = x->kind;
	c->old_index = x->ia;
	c->new_index = x->ib;
	if (i != NONE && (st = dstage(d, side, i)) != NULL) {
		c->stage = dup(d, json_string_value(json_object_get(st, "id")));
		c->stage_name = dup(d, json_string_value(json_object_get(st,
		    "name")));
	}
	c->lane = dup(d, x->lane);
	c->persona = dup(d, x->persona);
	c->what = dup(d, x->what);
	c->item = dup(d, x->item);
	c->unit = dup(d, x->unit);
	c->path = dup(d, x->path);
	c->old_path = dup(d, x->old_path ? x->old_path : x->path);
	c->old = json_incref((json_t *)x->old);
	c->new = json_incref((json_t *)x->new);
	c->delta = x->delta;
	c->worse = x->worse;
	c->old_pos = locate(d->da, c->old_path);
	c->new_pos = locate(d->db, c->path);
}

/* Report order: the map's own fields, the stages in the new map's
 * order, the stages removed, then the graph, map metrics, funnel,
 * maturity and decisions. */
static size_t
rank(const cjm_change *c, size_t nb)
{
	static const char *const sections[] = { "transitions", "metrics",
		"funnel", "maturity", "decisions", "conflicts", "strengthen" };
	size_t k;

	if (c->new_index != NONE)
		return 1 + c->new_index;
	if (c->old_index != NONE)
		return 1 + nb + c->old_index;
	for (k = 0; c->lane != NULL && k < NELEM(sections); k++)
		if (strcmp(c->lane, sections[k]) == 0)
			return 2 + 2 * nb + (k < 4 ? k : 4);
	return 0;
}

/* A stable merge sort by rank (records in one group keep the order in
 * which they were found). */
static int
sort_changes(cjm_diff *d)
{
	cjm_change *tmp = malloc((d->n + 1) * sizeof(*tmp));
	size_t w, lo, i, j, k, mid, hi;

	if (tmp == NULL)
		return -1;
	for (w = 1; w < d->n; w *= 2) {
		for (lo = 0; lo < d->n; lo += 2 * w) {
			mid = lo + w < d->n ? lo + w : d->n;
			hi = lo + 2 * w < d->n ? lo + 2 * w : d->n;
			for (i = lo, j = mid, k = lo; k < hi; k++)
				tmp[k] = (j >= hi || (i < mid && rank(&d->v[i],
				    d->nb) <= rank(&d->v[j], d->nb))) ?
				    d->v[i++] : d->v[j++];
		}
		memcpy(d->v, tmp, d->n * sizeof(*tmp));
	}
	free(tmp);
	return 0;
}

/* ------------------------------------------------------------ the run */

/* Check one map; keep the findings the diff compares (dead ends,
 * unreachable touchpoints, missed targets); hand the faults on. */
static int
check_one(cjm_diff *d, const cjm_doc *doc, int side, cjm_diags *ds)
{
	cjm_diags *mine = cjm_diags_new();
	int st, bad = 0;
	size_t i;
	char key[600];

	if (mine == NULL || (d->found[side] = json_object()) == NULL) {
		cjm_diags_free(mine);
		return CJM_ESYS;
	}
	st = cjm_map_check(doc, &d->o.check, mine);
	for (i = 0; i < cjm_diags_count(mine); i++) {
		const cjm_diag *g = cjm_diags_get(mine, i);

		if (g->level >= CJM_ERROR || (d->o.strict &&
		    g->level == CJM_WARNING)) {
			bad = 1;
			cjm_diags_add(ds, g->level, g->code, g->file, g->doc,
			    g->path, g->pos, g->hint, "%s", g->message);
		}
		snprintf(key, sizeof(key), "%s %s", g->code, g->path ?
		    g->path : "");
		if (json_object_set_new(d->found[side], key, json_true()))
			st = CJM_ESYS;
	}
	cjm_diags_free(mine);
	if (st == CJM_ESYS)
		return CJM_ESYS;
	return bad || st != CJM_OK ? CJM_EDATA : CJM_OK;
}

int
cjm_diff_maps(cjm_diff *d, const cjm_doc *old, const cjm_doc *new,
    cjm_diags *ds)
{
	int st, st2;

	reset(d);
	st = check_one(d, old, 0, ds);
	st2 = check_one(d, new, 1, ds);
	if (st == CJM_ESYS || st2 == CJM_ESYS)
		return CJM_ESYS;
	if (st != CJM_OK || st2 != CJM_OK)
		return CJM_EDATA;
	d->a = cjm_map_canonical(cjm_doc_root(old));
	d->b = cjm_map_canonical(cjm_doc_root(new));
	if (d->a == NULL || d->b == NULL)
		return CJM_ESYS;
	d->da = old;
	d->db = new;
	if (dpair_stages(d) == 0) {
		dtop(d);
		dstages(d);
		dgraph(d);
		dsections(d);
	}
	d->da = d->db = NULL;
	if (d->oom || sort_changes(d) != 0) {
		reset(d);
		return CJM_ESYS;
	}
	return CJM_OK;
}
