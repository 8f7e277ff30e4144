/* funnel_out.c: a funnel's results: counts, exact times, breakdown, and
 * the mergeable state of a shard. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "funnel_impl.h"

uint64_t
cjm_funnel_count(const cjm_funnel *f, size_t stage)
{
	return stage < f->nstages ? f->count[stage] : 0;
}

/* The k-th smallest (0-based) of v[0..n-1]; reorders v (Hoare's
 * selection, middle pivot: linear on average, exact). */
static uint32_t
select_k(uint32_t *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		uint32_t p = v[lo + (hi - lo) / 2], t;
		size_t i = lo, j = hi;

		while (i <= j) {
			while (v[i] < p)
				i++;
			while (v[j] > p)
				j--;
			if (i <= j) {
				t = v[i], v[i] = v[j], v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return v[k];
	}
	return v[k];
}

/*
 * Median: the middle value, or the mean of the two middle values of an
 * even count. p90: nearest rank, the ceil(0.9 n)-th smallest value (a
 * value that was observed). Mean: the arithmetic mean. In ms.
 */
double
cjm_funnel_time(const cjm_funnel *f, size_t i, int what)
{
	tvec *t = &f->times[i >= f->nstages ? 0 : i];
	size_t n = t->n, j;
	uint64_t sum = 0;

	if (n == 0 || (i == 0 && f->nstages > 0 && i != f->nstages))
		return -1;
	if (what == 0) {
		double a = select_k(t->v, n, (n - 1) / 2);

		if (n % 2 == 1)
			return a;
		return (a + select_k(t->v, n, n / 2)) / 2;
	}
	if (what == 1)
		return select_k(t->v, n, (9 * n + 9) / 10 - 1);
	for (j = 0; j < n; j++)
		sum += t->v[j];
	return (double)sum / (double)n;
}

static const char *const entry_names[] = { "latest", "first" };
static const char *const order_names[] = { "loose", "strict", "any" };
static const char *const count_names[] = { "users", "totals" };
static const char *const exmode_names[] = { "drop", "truncate" };

/* A window as people write it: 14d, 36h, 90m, 45s. */
static json_t *
window_json(int64_t ms)
{
	static const struct { int64_t ms; char u; } unit[] = {
		{ 86400000, 'd' }, { 3600000, 'h' }, { 60000, 'm' }, { 1000, 's' }
	};
	char buf[32];
	size_t i;

	for (i = 0; i < 3 && (ms == 0 || ms % unit[i].ms != 0); i++)
		;
	snprintf(buf, sizeof(buf), "%lld%c", (long long)(ms / unit[i].ms),
	    unit[i].u);
	return json_string(buf);
}

static const char *const time_unit_names[] = { "auto", "s", "ms", "us",
	"ns" };

/* The settings of the map's funnel section (new reference). */
json_t *
cjm_funnel_settings(const cjm_funnel *f)
{
	json_t *x = json_array();
	size_t i;

	json_t *st;

	for (i = 0; i < f->o.nexclude; i++)
		json_array_append_new(x, json_string(f->o.exclude[i]));
	st = json_pack("{s:o,s:s,s:s,s:s,s:o,s:o,s:s,s:I}",
	    "window", window_json(f->o.window_ms),
	    "entry", entry_names[f->o.entry],
	    "order", order_names[f->o.order],
	    "count", count_names[f->o.count],
	    "by", f->o.by ? json_string(f->o.by) : json_null(),
	    "exclude", x,
	    "exclude_mode", exmode_names[f->o.exclude_mode],
	    "top", (json_int_t)f->o.top);
	/* How times were read, when not the default: shards read with
	 * other units are other settings. */
	if (st != NULL && f->o.time_unit != CJM_TIME_AUTO)
		json_object_set_new(st, "time_unit", json_string(
		    time_unit_names[f->o.time_unit]));
	if (st != NULL && f->o.time_format != NULL)
		json_object_set_new(st, "time_format", json_string(
		    f->o.time_format));
	return st;
}

/* Which of names s is; -1 when none. */
static int
pick(const char *s, const char *const *names, int n)
{
	int i;

	for (i = 0; s != NULL && i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

int
cjm_funnel_settings_parse(const json_t *st, cjm_funnel_opts *o,
    const char **exclude, size_t maxex)
{
	const json_t *x = json_object_get(st, "exclude"), *v;
	int e = pick(json_string_value(json_object_get(st, "entry")),
	    entry_names, 2);
	int r = pick(json_string_value(json_object_get(st, "order")),
	    order_names, 3);
	int c = pick(json_string_value(json_object_get(st, "count")),
	    count_names, 2);
	int m = pick(json_string_value(json_object_get(st, "exclude_mode")),
	    exmode_names, 2);
	int u = json_object_get(st, "time_unit") == NULL ? 0 : pick(
	    json_string_value(json_object_get(st, "time_unit")),
	    time_unit_names, 5);
	const json_t *by = json_object_get(st, "by"), *tf = json_object_get(
	    st, "time_format");
	json_int_t top = json_integer_value(json_object_get(st, "top"));
	size_t i;

	/* Numbers from a file are checked before they are used. */
	if (top < 1 || top > 1000 || u < 0 || (tf && !json_is_string(tf)))
		return -1;
	if (e < 0 || r < 0 || c < 0 || m < 0 || (x && !json_is_array(x)) ||
	    json_array_size(x) > maxex || !json_is_integer(json_object_get(st,
	    "top")) || !(json_is_null(by) || json_is_string(by)) ||
	    cjm_duration_parse(json_string_value(json_object_get(st,
	    "window")) ? json_string_value(json_object_get(st, "window")) :
	    "", &o->window_ms) < 0 || o->window_ms > CJM_FUNNEL_MAX_WINDOW)
		return -1;
	o->time_unit = (enum cjm_time_unit)u;
	o->time_format = json_string_value(tf);
	o->entry = (enum cjm_funnel_entry)e;
	o->order = (enum cjm_funnel_order)r;
	o->count = (enum cjm_funnel_count)c;
	o->exclude_mode = (enum cjm_funnel_exmode)m;
	o->by = json_string_value(by);
	o->top = (size_t)json_integer_value(json_object_get(st, "top"));
	json_array_foreach(x, i, v) {
		if (!json_is_string(v))
			return -1;
		exclude[i] = json_string_value(v);
	}
	o->exclude = exclude;
	o->nexclude = json_array_size(x);
	return 0;
}

/* a as a percentage of b, to two decimals. */
double
cjm_funnel_pct(uint64_t a, uint64_t b)
{
	return round(10000.0 * (double)a / (double)b) / 100;
}

/* A string, or a marker when it is not UTF-8 (a breakdown value). */
static json_t *
str_json(const char *s)
{
	json_t *v = json_string(s);

	return v ? v : json_string("(not UTF-8)");
}

static json_t *
counts_json(const uint64_t *c, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_integer((json_int_t)c[i]));
	return a;
}

/* A breakdown row: value, entered, converted, pct, counts. */
static json_t *
by_row(const char *value, const uint64_t *c, size_t n)
{
	return json_pack("{s:o,s:I,s:I,s:o,s:o}", "value", str_json(value),
	    "entered", (json_int_t)c[0], "converted", (json_int_t)c[n - 1],
	    "pct", c[0] ? json_real(cjm_funnel_pct(c[n - 1], c[0])) : json_null(),
	    "counts", counts_json(c, n));
}

/* Values are sorted as pointers, so the comparison needs no context: a
 * static one would be shared by threads. */
static int
by_cmp(const void *a, const void *b)
{
	const byval *x = *(const byval *const *)a;
	const byval *y = *(const byval *const *)b;

	if (x->count[0] != y->count[0])
		return x->count[0] > y->count[0] ? -1 : 1;
	return strcmp(x->s, y->s);
}

/* The text of two values, for an order that does not depend on how the
 * values were numbered (two threads number them in two halves). */
static int
by_text_cmp(const void *a, const void *b)
{
	return strcmp((*(const byval *const *)a)->s,
	    (*(const byval *const *)b)->s);
}

/* The values from index from on that some customer entered with, sorted
 * by cmp, in a new array (*m of them); NULL when out of memory. */
static const byval **
by_sorted(const cjm_funnel *f, size_t from, int (*cmp)(const void *,
    const void *), size_t *m)
{
	const byval **ix = malloc((f->nby + 1) * sizeof(*ix));
	size_t i;

	*m = 0;
	if (ix == NULL)
		return NULL;
	for (i = from; i < f->nby; i++)
		if (f->by[i].count[0] > 0)
			ix[(*m)++] = &f->by[i];
	qsort(ix, *m, sizeof(*ix), cmp);
	return ix;
}

/* The top values by customers entered, then "other", then "(none)". */
json_t *
cjm_funnel_breakdown(const cjm_funnel *f)
{
	size_t n = f->nstages, i, k, m;
	const byval **ix = by_sorted(f, 1, by_cmp, &m);
	uint64_t *other = calloc(n, sizeof(*other));
	json_t *a = json_array();
	int rest = 0;

	if (ix == NULL || other == NULL) {
		free(ix);
		free(other);
		json_decref(a);
		return NULL;
	}
	for (i = 0; i < m; i++) {
		if (i < f->o.top) {
			json_array_append_new(a, by_row(ix[i]->s,
			    ix[i]->count, n));
			continue;
		}
		for (k = 0; k < n; k++)
			other[k] += ix[i]->count[k];
		rest = 1;
	}
	if (rest)
		json_array_append_new(a, by_row("other", other, n));
	if (f->by[NONE_BY].count[0] > 0)
		json_array_append_new(a, by_row("(none)", f->by[NONE_BY].count,
		    n));
	free(ix);
	free(other);
	return a;
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* A stage's times, rising: the order in which users finished depends on
 * how the work was split (--threads), and a shard must not. NULL when
 * out of memory. */
static json_t *
tvec_json(const tvec *t)
{
	json_t *a = json_array();
	uint32_t *v = malloc((t->n ? t->n : 1) * sizeof(*v));
	size_t i;

	if (a == NULL || v == NULL) {
		json_decref(a);
		free(v);
		return NULL;
	}
	if (t->n > 0)
		memcpy(v, t->v, t->n * sizeof(*v));
	qsort(v, t->n, sizeof(*v), u32_cmp);
	for (i = 0; i < t->n; i++)
		json_array_append_new(a, json_integer(v[i]));
	free(v);
	return a;
}

json_t *
cjm_funnel_partial(const cjm_funnel *f)
{
	json_t *ids = json_array(), *times = json_array(), *by = json_array();
	size_t i, m;
	const byval **ix = by_sorted(f, 0, by_text_cmp, &m);

	if (ix == NULL) {
		json_decref(ids);
		json_decref(times);
		json_decref(by);
		return NULL;
	}
	for (i = 0; i < f->nstages; i++)
		json_array_append_new(ids, json_string(f->ids[i]));
	for (i = 0; i < f->nstages; i++)
		json_array_append_new(times, tvec_json(&f->times[i]));
	/* By value: the same state whatever the threads. */
	for (i = 0; i < m; i++)
		json_array_append_new(by, json_pack("{s:o,s:o}", "value",
		    str_json(ix[i]->s), "counts", counts_json(ix[i]->count,
		    f->nstages)));
	free(ix);
	return json_pack("{s:i,s:o,s:o,s:o*,s:I,s:I,s:I,s:o,s:o,s:o}",
	    "cjm_funnel_partial", 1, "stages", ids,
	    "settings", cjm_funnel_settings(f),
	    "identity", funnel_identity(f),
	    "users", (json_int_t)f->users, "events", (json_int_t)f->events,
	    "skipped", (json_int_t)f->skipped,
	    "counts", counts_json(f->count, f->nstages),
	    "times", times, "breakdown", by);
}

/* Add the integers of array a (n of them) to c; -1 when it is not that. */
static int
add_counts(uint64_t *c, const json_t *a, size_t n)
{
	size_t i;

	if (!json_is_array(a) || json_array_size(a) != n)
		return -1;
	for (i = 0; i < n; i++)
		if (json_integer_value(json_array_get(a, i)) < 0 ||
		    !json_is_integer(json_array_get(a, i)))
			return -1;
	/* Every sum checked before it is made: counts are written as JSON
	 * integers, so they must stay within 2^63 - 1. */
	for (i = 0; i < n; i++)
		if (c[i] > (uint64_t)INT64_MAX -
		    (uint64_t)json_integer_value(json_array_get(a, i)))
			return -2;
	for (i = 0; i < n; i++)
		c[i] += (uint64_t)json_integer_value(json_array_get(a, i));
	return 0;
}

static int
add_times(cjm_funnel *f, const json_t *times)
{
	const json_t *v;
	size_t i, j;

	if (!json_is_array(times) || json_array_size(times) != f->nstages)
		return -1;
	for (i = 0; i < f->nstages; i++) {
		json_array_foreach(json_array_get(times, i), j, v) {
			json_int_t x = json_integer_value(v);

			if (!json_is_integer(v) || x < 0 || x > UINT32_MAX ||
			    tvec_push(&f->times[i], (uint32_t)x) < 0)
				return -1;
		}
	}
	return 0;
}

static int
add_breakdown(cjm_funnel *f, const json_t *by)
{
	const json_t *v;
	size_t i;
	int r;

	if (!json_is_array(by))
		return -1;
	json_array_foreach(by, i, v) {
		const char *s = json_string_value(json_object_get(v, "value"));
		uint32_t x;

		if (s == NULL || funnel_by_intern(f, s, strlen(s), &x) < 0)
			return -1;
		if ((r = add_counts(f->by[x].count, json_object_get(v,
		    "counts"), f->nstages)) < 0)
			return r;
	}
	return 0;
}

/* Does the shard have this funnel's stages and settings? */
static const char *
shard_differs(const cjm_funnel *f, const json_t *p)
{
	const json_t *ids = json_object_get(p, "stages");
	json_t *mine = cjm_funnel_settings(f);
	int same = json_equal(mine, json_object_get(p, "settings"));
	size_t i;

	json_decref(mine);
	if (!json_is_array(ids) || json_array_size(ids) != f->nstages)
		return "its stages differ from the map's";
	for (i = 0; i < f->nstages; i++)
		if (!json_is_string(json_array_get(ids, i)) ||
		    strcmp(json_string_value(json_array_get(ids, i)),
		    f->ids[i]) != 0)
			return "its stages differ from the map's";
	return same ? NULL : "it was made with other settings";
}

/* The shard's totals, range-checked against what is merged so far. */
static int
add_totals(cjm_funnel *f, const json_t *p)
{
	json_t *u = json_object_get(p, "users"), *e = json_object_get(p,
	    "events"), *s = json_object_get(p, "skipped");
	json_int_t a = json_integer_value(u), b = json_integer_value(e),
	    c = json_integer_value(s);

	if (!json_is_integer(u) || !json_is_integer(e) || !json_is_integer(s)
	    || a < 0 || b < 0 || c < 0)
		return -1;
	if (f->users > (uint64_t)(INT64_MAX - a) ||
	    f->events > (uint64_t)(INT64_MAX - b) ||
	    f->skipped > (uint64_t)(INT64_MAX - c))
		return -2;
	f->users += (uint64_t)a;
	f->events += (uint64_t)b;
	f->skipped += (uint64_t)c;
	return 0;
}

/* Counts that only a forged or broken shard has: more customers at a
 * stage than users in it (users mode), or counts that grow. */
static int
counts_plausible(const cjm_funnel *f, const json_t *p)
{
	const json_t *c = json_object_get(p, "counts");
	json_int_t users = json_integer_value(json_object_get(p, "users"));
	size_t i;

	if (f->o.count != CJM_COUNT_USERS)
		return 0;
	for (i = 0; i < json_array_size(c); i++)
		if (json_integer_value(json_array_get(c, i)) > users)
			return -1;
	return 0;
}

int
cjm_funnel_merge(cjm_funnel *f, const json_t *p, const char *name,
    cjm_diags *ds)
{
	cjm_pos pos = { 0, 0, 0 };
	const char *why = NULL;
	uint64_t keep[3] = { f->users, f->events, f->skipped };
	int r = 0, st;

	if (json_integer_value(json_object_get(p, "cjm_funnel_partial")) != 1)
		why = "not a cjm-funnel --partial state";
	else if ((why = shard_differs(f, p)) != NULL)
		;
	else if ((st = funnel_identity_merge(f, p, name, ds)) != CJM_OK)
		return st;
	else if (counts_plausible(f, p) < 0)
		why = "a stage has more customers than the shard has users";
	else if ((r = add_totals(f, p)) < 0 ||
	    (r = add_counts(f->count, json_object_get(p, "counts"),
	    f->nstages)) < 0 || (r = add_times(f, json_object_get(p,
	    "times"))) < 0 || (r = add_breakdown(f, json_object_get(p,
	    "breakdown"))) < 0)
		why = r == -2 ? "a sum of counts would pass 2^63 - 1" :
		    "a count, time or breakdown is malformed";
	if (why != NULL) {
		f->users = keep[0];
		f->events = keep[1];
		f->skipped = keep[2];
		cjm_diags_add(ds, CJM_ERROR, "bad-shard", name, 0, NULL, pos,
		    "make every shard with the same map and options",
		    "cannot merge: %s", why);
		return CJM_EDATA;
	}
	f->finished = 1;
	return CJM_OK;
}

void
cjm_funnel_totals(const cjm_funnel *f, uint64_t *users, uint64_t *events,
    uint64_t *skipped)
{
	*users = f->users;
	*events = f->events;
	*skipped = f->skipped;
}

size_t
cjm_funnel_nstages(const cjm_funnel *f)
{
	return f->nstages;
}

const cjm_funnel_opts *
cjm_funnel_get_opts(const cjm_funnel *f)
{
	return &f->o;
}
