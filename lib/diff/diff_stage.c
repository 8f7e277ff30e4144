/* diff_stage.c: stages paired (by id, then renames by name and
 * content), moves found, and each pair compared lane by lane. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diff_impl.h"
#include "grow.h"

/* -------------------------------------------------------------- pairing */

/* Edit distance of two strings (bytes), stopping past cap. */
static size_t
distance(const char *s, const char *t, size_t cap)
{
	size_t n = strlen(s), m = strlen(t), i, j, *row, prev, cur, best;

	if ((n > m ? n - m : m - n) > cap || n > 4096 || m > 4096)
		return cap + 1;
	if ((row = malloc((m + 1) * sizeof(*row))) == NULL)
		return cap + 1;
	for (j = 0; j <= m; j++)
		row[j] = j;
	for (i = 1; i <= n; i++) {
		prev = row[0];
		row[0] = i;
		best = i;
		for (j = 1; j <= m; j++) {
			cur = row[j];
			row[j] = s[i - 1] == t[j - 1] ? prev : 1 + (prev < cur ?
			    (prev < row[j - 1] ? prev : row[j - 1]) :
			    (cur < row[j - 1] ? cur : row[j - 1]));
			prev = cur;
			best = row[j] < best ? row[j] : best;
		}
		if (best > cap)
			break;
	}
	best = i <= n ? cap + 1 : row[m];
	free(row);
	return best;
}

static int
cmpstr(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Every text of a stage's lanes, sorted: what "content" means when
 * telling a rename from a new stage. malloc()ed; *n gets the count. */
static const char **
texts(const json_t *st, size_t *n)
{
	const char **v = NULL, *k, *s;
	size_t cap = 0, i;
	json_t *lane, *it;

	*n = 0;
	json_object_foreach((json_t *)st, k, lane) {
		json_array_foreach(lane, i, it) {
			s = json_is_string(it) ? json_string_value(it) :
			    ditem_name(it, NULL, 0);
			if (s == NULL)
				continue;
			if (cjm_grow(&v, &cap, *n, sizeof(*v), 8) != 0) {
				free(v);
				return NULL;
			}
			v[(*n)++] = s;
		}
	}
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmpstr);
	return v;
}

static size_t
common(const char **a, size_t na, const char **b, size_t nb)
{
	size_t i = 0, j = 0, c = 0;
	int k;

	while (i < na && j < nb)
		if ((k = strcmp(a[i], b[j])) == 0) {
			c++;
			i++;
			j++;
		} else if (k < 0) {
			i++;
		} else {
			j++;
		}
	return c;
}

/* How alike two unpaired stages are; 0 when they are not one stage
 * renamed (the rule in cjm_diff.h). */
static double
alike(const json_t *a, const json_t *b)
{
	const char *na = json_string_value(json_object_get(a, "name"));
	const char *nb = json_string_value(json_object_get(b, "name"));
	size_t ta, tb, c, most, len;
	const char **xa = texts(a, &ta), **xb = texts(b, &tb);
	int same = na && nb && strcmp(na, nb) == 0, close = 0;
	double share;

	c = common(xa, ta, xb, tb);
	most = ta > tb ? ta : tb;
	free(xa);
	free(xb);
	share = most > 0 ? (double)c / (double)most : 0;
	if (na && nb && !same) {
		len = strlen(na) > strlen(nb) ? strlen(na) : strlen(nb);
		close = distance(na, nb, len / 3) <= len / 3;
	}
	if (same)
		return 2 + share;
	if ((close && 2 * c >= most && most > 0) || (most >= 2 && 5 * c >=
	    4 * most))
		return 1 + share;
	return 0;
}

/* Beyond this many candidate pairs only ids pair stages: the rename
 * search is quadratic in the stages left unpaired. */
#define RENAME_PAIRS_MAX 250000

static void
renames(cjm_diff *d)
{
	size_t i, j, ua = 0, ub = 0, best;
	double s, top;

	for (i = 0; i < d->na; i++)
		ua += d->a2b[i] == NONE;
	for (j = 0; j < d->nb; j++)
		ub += d->b2a[j] == NONE;
	if (ua == 0 || ub == 0 || ua * ub > RENAME_PAIRS_MAX)
		return;
	for (j = 0; j < d->nb; j++) {
		if (d->b2a[j] != NONE)
			continue;
		best = NONE;
		top = 0;
		for (i = 0; i < d->na; i++)
			if (d->a2b[i] == NONE && (s = alike(dstage(d, 0, i),
			    dstage(d, 1, j))) > top) {
				top = s;
				best = i;
			}
		if (best != NONE) {
			d->a2b[best] = j;
			d->b2a[j] = best;
		}
	}
}

int
dpair_stages(cjm_diff *d)
{
	const json_t *a = json_object_get(d->a, "stages");
	const json_t *b = json_object_get(d->b, "stages");

	d->na = json_array_size(a);
	d->nb = json_array_size(b);
	d->a2b = malloc((d->na + 1) * sizeof(size_t));
	d->b2a = malloc((d->nb + 1) * sizeof(size_t));
	if (d->a2b == NULL || d->b2a == NULL ||
	    dmatch(a, b, "id", NULL, d->a2b, d->b2a) < 0) {
		d->oom = 1;
		return -1;
	}
	renames(d);
	return 0;
}

/* Paired stages out of their former order: those off a longest run of
 * pairs in the same order (patience sorting, n log n). 1 marks a move. */
static char *
moves(cjm_diff *d)
{
	size_t n = 0, len = 0, j, lo, hi, mid, k;
	size_t *seq = malloc((d->nb + 1) * sizeof(size_t));
	size_t *pos = malloc((d->nb + 1) * sizeof(size_t));
	size_t *tail = malloc((d->nb + 1) * sizeof(size_t));
	size_t *prev = malloc((d->nb + 1) * sizeof(size_t));
	char *moved = calloc(d->nb + 1, 1);

	if (!seq || !pos || !tail || !prev || !moved) {
		free(moved);
		moved = NULL;
		goto out;
	}
	for (j = 0; j < d->nb; j++)
		if (d->b2a[j] != NONE) {
			seq[n] = d->b2a[j];
			pos[n++] = j;
			moved[j] = 1;
		}
	for (k = 0; k < n; k++) {
		for (lo = 0, hi = len; lo < hi;) {
			mid = (lo + hi) / 2;
			if (seq[tail[mid]] < seq[k])
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[k] = lo > 0 ? tail[lo - 1] : NONE;
		tail[lo] = k;
		len += lo == len;
	}
	for (k = len > 0 ? tail[len - 1] : NONE; k != NONE; k = prev[k])
		moved[pos[k]] = 0;
out:
	free(seq);
	free(pos);
	free(tail);
	free(prev);
	return moved;
}

/* -------------------------------------------------------------- lanes */

static int
severity(const json_t *pp)
{
	const char *s = json_string_value(json_object_get(pp, "severity"));

	if (s == NULL)
		return 0;
	return strcmp(s, "high") == 0 ? 3 : strcmp(s, "medium") == 0 ? 2 : 1;
}

static void
pain_item(cjm_diff *d, const struct dlist *l, const json_t *a,
    const json_t *b, size_t i, size_t j)
{
	struct dch x = { .ia = l->ia, .ib = l->ib, .lane = l->lane };
	char pa[512], pb[512], path[560], opath[560];
	int sa = severity(a), sb = severity(b);

	snprintf(pa, sizeof(pa), "%s.%s[%zu]", l->pa, l->key, i);
	snprintf(pb, sizeof(pb), "%s.%s[%zu]", l->pb, l->key, j);
	x.what = x.item = json_string_value(json_object_get(b, "text"));
	if (sa != sb) {
		x.kind = sb > sa ? CJM_CH_PAIN_WORSE : CJM_CH_PAIN_EASED;
		x.worse = sb > sa ? 1 : -1;
		x.old = json_object_get(a, "severity");
		x.new = json_object_get(b, "severity");
		x.delta = sb - sa;
		snprintf(path, sizeof(path), "%s.severity", pb);
		snprintf(opath, sizeof(opath), "%s.severity", pa);
		x.path = path;
		x.old_path = opath;
		dch_add(d, &x);
	}
	x.what = NULL;
	dfields(d, &x, a, b, pa, pb, (const char *const[]){ "text",
	    "severity", NULL });
}

static void
touchpoint_item(cjm_diff *d, const struct dlist *l, const json_t *a,
    const json_t *b, size_t i, size_t j)
{
	struct dch x = { .ia = l->ia, .ib = l->ib, .lane = l->lane };
	char pa[512], pb[512];

	snprintf(pa, sizeof(pa), "%s.%s[%zu]", l->pa, l->key, i);
	snprintf(pb, sizeof(pb), "%s.%s[%zu]", l->pb, l->key, j);
	x.item = json_string_value(json_object_get(b, "name"));
	dfields(d, &x, a, b, pa, pb, NULL);
}

/* Is a lower value of this metric better? (format: better, else lower
 * for time, higher otherwise) */
static int
lower_better(const json_t *m)
{
	const char *b = json_string_value(json_object_get(m, "better"));
	const char *k = json_string_value(json_object_get(m, "kind"));

	if (b != NULL)
		return strcmp(b, "lower") == 0;
	return k != NULL && strcmp(k, "time") == 0;
}

static void
target(cjm_diff *d, struct dch *x, const json_t *b, const char *pa,
    const char *pb)
{
	char va[560], vb[560];
	int ma, mb;

	snprintf(va, sizeof(va), "%s.value", pa);
	snprintf(vb, sizeof(vb), "%s.value", pb);
	ma = dfound(d, 0, "target-missed", va);
	mb = dfound(d, 1, "target-missed", vb);
	if (ma == mb || (!mb && !json_is_number(json_object_get(b,
	    "target"))))
		return;
	x->kind = mb ? CJM_CH_TARGET_MISSED : CJM_CH_TARGET_MET;
	x->worse = mb ? 1 : -1;
	x->old = json_object_get(b, "target");
	x->new = json_object_get(b, "value");
	x->path = vb;
	x->old_path = va;
	dch_add(d, x);
}

void
dmetric_item(cjm_diff *d, const struct dlist *l, const json_t *a,
    const json_t *b, size_t i, size_t j)
{
	struct dch x = { .ia = l->ia, .ib = l->ib, .lane = l->lane };
	const json_t *va = json_object_get(a, "value");
	const json_t *vb = json_object_get(b, "value");
	char pa[512], pb[512], path[560], opath[560];

	snprintf(pa, sizeof(pa), "%s%s%s[%zu]", l->pa, *l->pa ? "." : "",
	    l->key, i);
	snprintf(pb, sizeof(pb), "%s%s%s[%zu]", l->pb, *l->pb ? "." : "",
	    l->key, j);
	x.what = x.item = json_string_value(json_object_get(b, "name"));
	x.unit = json_string_value(json_object_get(b, "unit"));
	if (json_is_number(va) && json_is_number(vb) && !dsame(va, vb)) {
		x.kind = CJM_CH_METRIC_VALUE;
		x.old = va;
		x.new = vb;
		x.delta = json_number_value(vb) - json_number_value(va);
		x.worse = (x.delta > 0) == lower_better(b) ? 1 : -1;
		snprintf(path, sizeof(path), "%s.value", pb);
		snprintf(opath, sizeof(opath), "%s.value", pa);
		x.path = path;
		x.old_path = opath;
		dch_add(d, &x);
	}
	target(d, &x, b, pa, pb);
	x.what = x.unit = NULL;
	x.worse = 0;
	x.delta = 0;
	/* A value that came or went is a field change. */
	dfields(d, &x, a, b, pa, pb, json_is_number(va) && json_is_number(vb) ?
	    (const char *const[]){ "name", "value", NULL } :
	    (const char *const[]){ "name", NULL });
}

/* -------------------------------------------------------------- emotion */

/* A stage's emotion for a persona (NULL: the one curve); a plain number
 * is every persona's. */
static int
emotion(const json_t *st, const char *persona, double *out)
{
	const json_t *e = json_object_get(st, "emotion");

	if (json_is_object(e) && persona != NULL)
		e = json_object_get(e, persona);
	if (!json_is_number(e))
		return 0;
	*out = json_number_value(e);
	return 1;
}

static void
emotion_one(cjm_diff *d, struct dch *x, const json_t *a, const json_t *b,
    const char *persona, const char *pa, const char *pb)
{
	char path[560], opath[560];
	double va = 0, vb = 0;
	int ha = emotion(a, persona, &va), hb = emotion(b, persona, &vb);
	const json_t *ea = json_object_get(a, "emotion");
	const json_t *eb = json_object_get(b, "emotion");

	if ((!ha && !hb) || (ha && hb && va == vb))
		return;
	x->persona = persona;
	x->lane = "emotion";
	x->old = json_is_object(ea) ? json_object_get(ea, persona) : ea;
	x->new = json_is_object(eb) ? json_object_get(eb, persona) : eb;
	x->delta = vb - va;
	x->kind = !ha ? CJM_CH_EMOTION_ADDED : !hb ? CJM_CH_EMOTION_REMOVED :
	    vb < va ? CJM_CH_EMOTION_DROP : CJM_CH_EMOTION_RISE;
	x->worse = ha && hb ? (vb < va ? 1 : -1) : 0;
	snprintf(path, sizeof(path), "%s.emotion%s%s", pb, json_is_object(eb) &&
	    json_object_get(eb, persona) ? "." : "", json_is_object(eb) &&
	    json_object_get(eb, persona) ? persona : "");
	snprintf(opath, sizeof(opath), "%s.emotion%s%s", pa,
	    json_is_object(ea) && json_object_get(ea, persona) ? "." : "",
	    json_is_object(ea) && json_object_get(ea, persona) ? persona : "");
	x->path = path;
	x->old_path = opath;
	dch_add(d, x);
}

/* One curve, or one a persona when either side has emotion per persona
 * (the personas of both maps, else the keys of the mappings). */
static void
emotions(cjm_diff *d, struct dch *x, const json_t *a, const json_t *b,
    const char *pa, const char *pb)
{
	const json_t *ea = json_object_get(a, "emotion");
	const json_t *eb = json_object_get(b, "emotion");
	json_t *ids, *v;
	const char *k;
	size_t i;

	if (!json_is_object(ea) && !json_is_object(eb)) {
		emotion_one(d, x, a, b, NULL, pa, pb);
		return;
	}
	if (json_array_size(d->personas) > 0) {
		json_array_foreach(d->personas, i, v)
			emotion_one(d, x, a, b, json_string_value(v), pa, pb);
		return;
	}
	if ((ids = json_object()) == NULL) {
		d->oom = 1;
		return;
	}
	json_object_update(ids, json_is_object(ea) ? (json_t *)ea : NULL);
	json_object_update(ids, json_is_object(eb) ? (json_t *)eb : NULL);
	json_object_foreach(ids, k, v)
		emotion_one(d, x, a, b, k, pa, pb);
	json_decref(ids);
}

/* -------------------------------------------------------------- funnel */

static void
number(cjm_diff *d, struct dch *x, const json_t *fa, const json_t *fb,
    const char *key, enum cjm_change_kind kind, const char *pa,
    const char *pb)
{
	const json_t *va = json_object_get(fa, key), *vb = json_object_get(fb,
	    key);
	char path[560], opath[560];

	if (dsame(va, vb))
		return;
	x->kind = kind;
	x->what = key;
	x->old = va;
	x->new = vb;
	x->delta = json_is_number(va) && json_is_number(vb) ?
	    json_number_value(vb) - json_number_value(va) : 0;
	x->worse = x->delta < 0 ? 1 : x->delta > 0 ? -1 : 0;
	snprintf(path, sizeof(path), "%s%sfunnel.%s", pb, *pb ? "." : "", key);
	snprintf(opath, sizeof(opath), "%s%sfunnel.%s", pa, *pa ? "." : "",
	    key);
	x->path = path;
	x->old_path = opath;
	dch_add(d, x);
}

/* Counts and rates (percentage points); the derived dropped and drop_pct
 * follow the counts and are not reported again. */
static void
stage_funnel(cjm_diff *d, struct dch *x, const json_t *a, const json_t *b,
    const char *pa, const char *pb)
{
	const json_t *fa = json_object_get(a, "funnel");
	const json_t *fb = json_object_get(b, "funnel");
	char qa[560], qb[560];

	x->lane = "funnel";
	number(d, x, fa, fb, "count", CJM_CH_FUNNEL_COUNT, pa, pb);
	number(d, x, fa, fb, "pct_previous", CJM_CH_FUNNEL_RATE, pa, pb);
	number(d, x, fa, fb, "pct_start", CJM_CH_FUNNEL_RATE, pa, pb);
	x->worse = 0;
	x->delta = 0;
	x->what = NULL;
	snprintf(qa, sizeof(qa), "%s.funnel", pa);
	snprintf(qb, sizeof(qb), "%s.funnel", pb);
	dfields(d, x, fa, fb, qa, qb, (const char *const[]){ "count",
	    "pct_previous", "pct_start", "dropped", "drop_pct", NULL });
}

/* A stage's conversion from the stage before it in its map, in %, from
 * the counts; -1 when a count is missing or the one before is 0. */
static double
rate(const cjm_diff *d, int side, size_t i)
{
	const json_t *c = json_object_get(json_object_get(dstage(d, side, i),
	    "funnel"), "count");
	const json_t *p = i == 0 ? NULL : json_object_get(json_object_get(
	    dstage(d, side, i - 1), "funnel"), "count");

	if (!json_is_number(c) || !json_is_number(p) ||
	    json_number_value(p) <= 0)
		return -1;
	/* Two decimals, as cjm-funnel writes pct_previous. */
	return floor(json_number_value(c) / json_number_value(p) * 10000 +
	    0.5) / 100;
}

/* Maps with counts only (cjm-funnel not run yet) still say how each
 * stage's conversion moved: from the counts, in percentage points. A
 * stage's rate moves with the stage before it, so every pair is
 * looked at, changed or not; but only where the stage before it is the
 * same stage in both maps, or the two rates are of different things. */
static void
derived_rates(cjm_diff *d)
{
	struct dch x = { .kind = CJM_CH_FUNNEL_RATE, .lane = "funnel",
		.what = "pct_previous" };
	char path[80], opath[80];
	json_t *o, *n;
	double ra, rb;
	size_t i, j;

	for (j = 1; j < d->nb && !d->oom; j++) {
		if ((i = d->b2a[j]) == NONE || i == 0 || d->b2a[j - 1] !=
		    i - 1 || (ra = rate(d, 0, i)) < 0 ||
		    (rb = rate(d, 1, j)) < 0 || ra == rb ||
		    json_object_get(json_object_get(dstage(d, 0, i), "funnel"),
		    "pct_previous") || json_object_get(json_object_get(
		    dstage(d, 1, j), "funnel"), "pct_previous"))
			continue;
		x.ia = i;
		x.ib = j;
		x.old = o = json_real(ra);
		x.new = n = json_real(rb);
		x.delta = rb - ra;
		x.worse = rb < ra ? 1 : -1;
		snprintf(path, sizeof(path), "stages[%zu].funnel.count", j);
		snprintf(opath, sizeof(opath), "stages[%zu].funnel.count", i);
		x.path = path;
		x.old_path = opath;
		dch_add(d, &x);
		json_decref(o);
		json_decref(n);
	}
}

/* The map's funnel summary: entered, converted (customers), pct (pp). */
void
dmap_funnel(cjm_diff *d)
{
	const json_t *fa = json_object_get(d->a, "funnel");
	const json_t *fb = json_object_get(d->b, "funnel");
	struct dch x = { .ia = NONE, .ib = NONE, .lane = "funnel" };

	number(d, &x, fa, fb, "entered", CJM_CH_FUNNEL_COUNT, "", "");
	number(d, &x, fa, fb, "converted", CJM_CH_FUNNEL_COUNT, "", "");
	number(d, &x, fa, fb, "pct", CJM_CH_FUNNEL_RATE, "", "");
	x.worse = 0;
	x.delta = 0;
	x.what = NULL;
	dfields(d, &x, fa, fb, "funnel", "funnel", (const char *const[]){
	    "entered", "converted", "pct", NULL });
}

/* -------------------------------------------------------------- stages */

/* Keys of a stage compared by their own rules, not as plain fields. */
static const char *const special[] = { "id", "touchpoints", "emotion",
	"pain_points", "metrics", "funnel", "goals", "actions", "thoughts",
	"feelings", "needs", "expectations", "experience", "opportunities",
	"frontstage", "backstage", "support", "events", NULL };

/* The stage's lists that hold more than text: how their items are
 * known, and what their changes are called. */
static const struct {
	const char *key, *by, *then;
	enum cjm_change_kind added, removed;
	void (*item_fn)(cjm_diff *, const struct dlist *, const json_t *,
	    const json_t *, size_t, size_t);
} lists[] = {
	{ "touchpoints", "id", "name", CJM_CH_TOUCHPOINT_ADDED,
	  CJM_CH_TOUCHPOINT_REMOVED, touchpoint_item },
	{ "pain_points", "text", NULL, CJM_CH_NEW_PAIN, CJM_CH_PAIN_RESOLVED,
	  pain_item },
	{ "metrics", "name", NULL, CJM_CH_METRIC_ADDED, CJM_CH_METRIC_REMOVED,
	  dmetric_item },
};

static void
lanes(cjm_diff *d, size_t i, size_t j, const json_t *a, const json_t *b,
    const char *pa, const char *pb)
{
	struct dlist l = { .pa = pa, .pb = pb, .ia = i, .ib = j,
		.added = CJM_CH_ITEM_ADDED, .removed = CJM_CH_ITEM_REMOVED };
	size_t k;

	for (k = 6; special[k] != NULL; k++) {
		l.key = l.lane = special[k];
		dlist(d, &l, a, b);
	}
	for (k = 0; k < sizeof(lists) / sizeof(lists[0]); k++) {
		l.key = l.lane = lists[k].key;
		l.by = lists[k].by;
		l.then = lists[k].then;
		l.added = lists[k].added;
		l.removed = lists[k].removed;
		l.item_fn = lists[k].item_fn;
		dlist(d, &l, a, b);
	}
}

static void
stage_pair(cjm_diff *d, size_t i, size_t j, int moved)
{
	const json_t *a = dstage(d, 0, i), *b = dstage(d, 1, j);
	struct dch x = { .ia = i, .ib = j };
	char pa[64], pb[64], path[80], opath[80];

	snprintf(pa, sizeof(pa), "stages[%zu]", i);
	snprintf(pb, sizeof(pb), "stages[%zu]", j);
	x.path = path;
	x.old_path = opath;
	if (!dsame(json_object_get(a, "id"), json_object_get(b, "id"))) {
		x.kind = CJM_CH_STAGE_RENAMED;
		x.old = json_object_get(a, "id");
		x.new = json_object_get(b, "id");
		snprintf(path, sizeof(path), "%s.id", pb);
		snprintf(opath, sizeof(opath), "%s.id", pa);
		dch_add(d, &x);
	}
	if (moved) {
		json_t *oi = json_integer((json_int_t)i + 1);
		json_t *ni = json_integer((json_int_t)j + 1);

		x.kind = CJM_CH_STAGE_MOVED;
		x.old = oi;
		x.new = ni;
		x.delta = (double)j - (double)i;
		x.path = pb;
		x.old_path = pa;
		dch_add(d, &x);
		json_decref(oi);
		json_decref(ni);
		x.delta = 0;
	}
	/* Most stages of a new version are as they were: one walk without
	 * allocation settles them. */
	if (dsame(a, b))
		return;
	x.old = x.new = NULL;
	dfields(d, &x, a, b, pa, pb, special);
	emotions(d, &x, a, b, pa, pb);
	x.lane = NULL;
	x.persona = NULL;
	lanes(d, i, j, a, b, pa, pb);
	stage_funnel(d, &x, a, b, pa, pb);
}

void
dstages(cjm_diff *d)
{
	char *moved = moves(d), path[64];
	struct dch x = { .ia = NONE };
	struct dlist l = { .key = "pain_points", .lane = "pain_points",
		.pa = "stages", .by = "text", .added = CJM_CH_NEW_PAIN,
		.removed = CJM_CH_PAIN_RESOLVED };
	size_t i, j;

	if (moved == NULL) {
		d->oom = 1;
		return;
	}
	for (j = 0; j < d->nb && !d->oom; j++) {
		if (d->b2a[j] != NONE) {
			stage_pair(d, d->b2a[j], j, moved[j]);
			continue;
		}
		x.kind = CJM_CH_STAGE_ADDED;
		x.ib = j;
		x.new = dstage(d, 1, j);
		x.what = json_string_value(json_object_get(x.new, "name"));
		snprintf(path, sizeof(path), "stages[%zu]", j);
		x.path = path;
		x.old_path = "stages";
		dch_add(d, &x);
		/* A new stage's pain points are new to the journey. */
		l.ia = NONE;
		l.ib = j;
		l.pb = path;
		dlist(d, &l, NULL, x.new);
	}
	x.ib = NONE;
	x.new = NULL;
	x.kind = CJM_CH_STAGE_REMOVED;
	x.path = "stages";
	for (i = 0; i < d->na && !d->oom; i++) {
		if (d->a2b[i] != NONE)
			continue;
		x.ia = i;
		x.old = dstage(d, 0, i);
		x.what = json_string_value(json_object_get(x.old, "name"));
		snprintf(path, sizeof(path), "stages[%zu]", i);
		x.old_path = path;
		dch_add(d, &x);
	}
	derived_rates(d);
	free(moved);
}
