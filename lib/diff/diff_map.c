/* diff_map.c: what is not inside a stage: the map's own fields and
 * personas, the touchpoint graph, map metrics, funnel, maturity,
 * decisions. */
#include <stdlib.h>
#include <string.h>

#include "diff_impl.h"

/* Keys of the map compared by their own rules. */
static const char *const special[] = { "stages", "transitions", "metrics",
	"funnel", "maturity", "decisions", "persona", "personas", NULL };

static void
named_item(cjm_diff *d, const struct dlist *l, const json_t *a,
    const json_t *b, size_t i, size_t j)
{
	struct dch x = { .ia = NONE, .ib = NONE, .lane = l->lane };
	char pa[128], pb[128];

	snprintf(pa, sizeof(pa), "%s[%zu]", l->key, i);
	snprintf(pb, sizeof(pb), "%s[%zu]", l->key, j);
	x.item = json_string_value(json_object_get(b, "name"));
	dfields(d, &x, a, b, pa, pb, (const char *const[]){ "id", NULL });
}

/* The personas of both maps, new ones first: the curves compared. */
static void
persona_ids(cjm_diff *d)
{
	const json_t *p;
	json_t *seen = json_object();
	size_t i;
	int side;

	d->personas = json_array();
	if (seen == NULL || d->personas == NULL) {
		d->oom = 1;
		json_decref(seen);
		return;
	}
	for (side = 1; side >= 0; side--)
		json_array_foreach(json_object_get(side ? d->b : d->a,
		    "personas"), i, p) {
			const char *id = json_string_value(json_object_get(p,
			    "id"));

			if (id == NULL || json_object_get(seen, id))
				continue;
			if (json_object_set_new(seen, id, json_true()) != 0 ||
			    json_array_append_new(d->personas,
			    json_string(id)) != 0)
				d->oom = 1;
		}
	json_decref(seen);
}

void
dtop(cjm_diff *d)
{
	struct dch x = { .ia = NONE, .ib = NONE };
	struct dlist l = { .key = "personas", .lane = "personas", .pa = "",
		.pb = "", .ia = NONE, .ib = NONE, .by = "id",
		.added = CJM_CH_PERSONA_ADDED, .removed = CJM_CH_PERSONA_REMOVED,
		.item_fn = named_item };
	const json_t *pa = json_object_get(d->a, "persona");
	const json_t *pb = json_object_get(d->b, "persona");

	persona_ids(d);
	dfields(d, &x, d->a, d->b, "", "", special);
	if (json_is_object(pa) && json_is_object(pb)) {
		x.lane = "persona";
		dfields(d, &x, pa, pb, "persona", "persona", NULL);
	} else {
		dfield(d, &x, "persona", d->a, d->b, "", "");
	}
	dlist(d, &l, d->a, d->b);
}

/* ------------------------------------------------------------- graph */

static void
transition_item(cjm_diff *d, const struct dlist *l, const json_t *a,
    const json_t *b, size_t i, size_t j)
{
	struct dch x = { .ia = NONE, .ib = NONE, .lane = l->lane };
	char pa[128], pb[128], buf[512];

	snprintf(pa, sizeof(pa), "transitions[%zu]", i);
	snprintf(pb, sizeof(pb), "transitions[%zu]", j);
	x.item = dkey_transition(b, buf, sizeof(buf));
	if (!dsame(json_object_get(a, "count"), json_object_get(b, "count"))) {
		char path[160], opath[160];

		x.kind = CJM_CH_TRANSITION_COUNT;
		x.what = x.item;
		x.old = json_object_get(a, "count");
		x.new = json_object_get(b, "count");
		if (json_is_number(x.old) && json_is_number(x.new))
			x.delta = json_number_value(x.new) -
			    json_number_value(x.old);
		snprintf(path, sizeof(path), "%s.count", pb);
		snprintf(opath, sizeof(opath), "%s.count", pa);
		x.path = path;
		x.old_path = opath;
		dch_add(d, &x);
		x.what = NULL;
		x.delta = 0;
	}
	dfields(d, &x, a, b, pa, pb, (const char *const[]){ "from", "to",
	    "count", NULL });
}

/* Where each touchpoint id stands: id -> [stage, index]. */
static json_t *
tp_places(const json_t *map)
{
	json_t *h = json_object(), *st, *tp;
	size_t i, k;
	const char *id;

	json_array_foreach(json_object_get(map, "stages"), i, st)
		json_array_foreach(json_object_get(st, "touchpoints"), k, tp)
			if ((id = json_string_value(json_object_get(tp, "id"))) &&
			    json_object_set_new(h, id, json_pack("[II]",
			    (json_int_t)i, (json_int_t)k)) != 0) {
				json_decref(h);
				return NULL;
			}
	return h;
}

/* The checker's finding code at a touchpoint of one map that the other
 * map does not have for the same touchpoint id. */
static void
finding(cjm_diff *d, int side, const char *code, json_t *places[2],
    enum cjm_change_kind kind)
{
	const char *key, *p;
	json_t *v, *there;
	size_t i, k, n = strlen(code);
	char path[128], other[128];
	struct dch x = { .kind = kind, .lane = "touchpoints",
		.worse = side ? 1 : -1 };

	json_object_foreach(d->found[side], key, v) {
		if (strncmp(key, code, n) != 0 || key[n] != ' ' ||
		    sscanf(key + n + 1, "stages[%zu].touchpoints[%zu]", &i,
		    &k) != 2)
			continue;
		p = json_string_value(json_object_get(json_array_get(
		    json_object_get(dstage(d, side, i), "touchpoints"), k),
		    "id"));
		if (p == NULL)
			continue;
		there = json_object_get(places[!side], p);
		if (there != NULL) {
			snprintf(other, sizeof(other),
			    "stages[%lld].touchpoints[%lld]",
			    (long long)json_integer_value(json_array_get(there,
			    0)), (long long)json_integer_value(json_array_get(
			    there, 1)));
			if (dfound(d, !side, code, other))
				continue;
		} else if (!side) {
			continue;	/* removed, not fixed */
		} else {
			snprintf(other, sizeof(other), "stages");
		}
		snprintf(path, sizeof(path), "stages[%zu].touchpoints[%zu]", i,
		    k);
		x.what = p;
		x.ia = side ? d->b2a[i] : i;
		x.ib = side ? i : d->a2b[i];
		x.path = side ? path : other;
		x.old_path = side ? other : path;
		dch_add(d, &x);
	}
}

void
dgraph(cjm_diff *d)
{
	struct dlist l = { .key = "transitions", .lane = "transitions",
		.pa = "", .pb = "", .ia = NONE, .ib = NONE,
		.by = DBY_EDGE, .added = CJM_CH_TRANSITION_ADDED,
		.removed = CJM_CH_TRANSITION_REMOVED,
		.item_fn = transition_item };
	json_t *places[2] = { tp_places(d->a), tp_places(d->b) };

	dlist(d, &l, d->a, d->b);
	if (places[0] == NULL || places[1] == NULL) {
		d->oom = 1;
	} else {
		finding(d, 1, "dead-end", places, CJM_CH_DEAD_END_NEW);
		finding(d, 0, "dead-end", places, CJM_CH_DEAD_END_FIXED);
		finding(d, 1, "unreachable", places, CJM_CH_UNREACHABLE_NEW);
		finding(d, 0, "unreachable", places,
		    CJM_CH_UNREACHABLE_FIXED);
	}
	json_decref(places[0]);
	json_decref(places[1]);
}

/* ---------------------------------------------------------- sections */

static void
maturity(cjm_diff *d)
{
	const json_t *ma = json_object_get(d->a, "maturity");
	const json_t *mb = json_object_get(d->b, "maturity");
	struct dch x = { .ia = NONE, .ib = NONE, .lane = "maturity" };
	const json_t *sa = json_object_get(ma, "score");
	const json_t *sb = json_object_get(mb, "score");
	const json_t *la = json_object_get(ma, "level");
	const json_t *lb = json_object_get(mb, "level");

	if (!dsame(sa, sb)) {
		x.kind = CJM_CH_MATURITY_SCORE;
		x.old = sa;
		x.new = sb;
		x.path = "maturity.score";
		if (json_is_number(sa) && json_is_number(sb))
			x.delta = json_number_value(sb) - json_number_value(sa);
		x.worse = x.delta < 0 ? 1 : x.delta > 0 ? -1 : 0;
		dch_add(d, &x);
	}
	if (!dsame(la, lb) || !dsame(json_object_get(ma, "stage"),
	    json_object_get(mb, "stage"))) {
		x.kind = CJM_CH_MATURITY_STAGE;
		x.old = json_object_get(ma, "stage");
		x.new = json_object_get(mb, "stage");
		x.path = "maturity.stage";
		x.delta = json_is_number(la) && json_is_number(lb) ?
		    json_number_value(lb) - json_number_value(la) : 0;
		x.worse = x.delta < 0 ? 1 : x.delta > 0 ? -1 : 0;
		dch_add(d, &x);
	}
	x.worse = 0;
	x.delta = 0;
	dfields(d, &x, ma, mb, "maturity", "maturity", (const char *const[]){
	    "score", "level", "stage", "stage_name", NULL });
}

static void
decision_stage(cjm_diff *d, const struct dlist *l, const json_t *a,
    const json_t *b, size_t i, size_t j)
{
	static const char *const qs[] = { "conflicts", "strengthen" };
	char pa[256], pb[256], where[300];
	struct dlist q = { .ia = NONE, .ib = NONE, .pa = pa, .pb = pb,
		.item = l->item, .added = CJM_CH_ITEM_ADDED,
		.removed = CJM_CH_ITEM_REMOVED };
	struct dch x = { .ia = NONE, .ib = NONE, .lane = "decisions",
		.item = where };
	size_t k;

	/* "paid-delivery › checkout": the decision at that stage. */
	snprintf(where, sizeof(where), "%s \xe2\x80\xba %s", l->item ? l->item :
	    "", json_string_value(json_object_get(b, "stage")));
	q.item = where;
	snprintf(pa, sizeof(pa), "%s.stages[%zu]", l->pa, i);
	snprintf(pb, sizeof(pb), "%s.stages[%zu]", l->pb, j);
	for (k = 0; k < 2; k++) {
		q.key = q.lane = qs[k];
		/* An empty list written out ("asked, none") against an
		 * absent key ("not yet asked") is a change of its own. */
		if ((json_object_get(a, qs[k]) == NULL) !=
		    (json_object_get(b, qs[k]) == NULL))
			dfield(d, &x, qs[k], a, b, pa, pb);
		dlist(d, &q, a, b);
	}
	dfields(d, &x, a, b, pa, pb, (const char *const[]){ "stage",
	    "conflicts", "strengthen", NULL });
}

static void
decision_item(cjm_diff *d, const struct dlist *l, const json_t *a,
    const json_t *b, size_t i, size_t j)
{
	char pa[128], pb[128];
	struct dlist s = { .key = "stages", .lane = "decisions", .pa = pa,
		.pb = pb, .ia = NONE, .ib = NONE, .by = "stage",
		.added = CJM_CH_ITEM_ADDED, .removed = CJM_CH_ITEM_REMOVED,
		.item_fn = decision_stage };
	struct dch x = { .ia = NONE, .ib = NONE, .lane = l->lane };

	snprintf(pa, sizeof(pa), "decisions[%zu]", i);
	snprintf(pb, sizeof(pb), "decisions[%zu]", j);
	x.item = s.item = json_string_value(json_object_get(b, "id"));
	dfields(d, &x, a, b, pa, pb, (const char *const[]){ "id", "stages",
	    NULL });
	dlist(d, &s, a, b);
}

void
dsections(cjm_diff *d)
{
	struct dlist l = { .key = "metrics", .lane = "metrics", .pa = "",
		.pb = "", .ia = NONE, .ib = NONE, .by = "name",
		.added = CJM_CH_METRIC_ADDED, .removed = CJM_CH_METRIC_REMOVED,
		.item_fn = dmetric_item };

	dlist(d, &l, d->a, d->b);
	dmap_funnel(d);
	maturity(d);
	l.key = l.lane = "decisions";
	l.by = "id";
	l.added = CJM_CH_DECISION_ADDED;
	l.removed = CJM_CH_DECISION_REMOVED;
	l.item_fn = decision_item;
	dlist(d, &l, d->a, d->b);
}
