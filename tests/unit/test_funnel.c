/* test_funnel.c: the funnel matcher on hand-computed cases, the traps
 * other tools fell into among them, and its time statistics. */
#include <stdio.h>

#include "unit.h"
#include "cjm_funnel.h"

#define H 3600

/* A case: stages "a|b,x|c" (names per stage), settings, events
 * "user event seconds[ by]" separated by ';', the counts wanted. */
struct fcase {
	const char *name, *stages;
	enum cjm_funnel_entry entry;
	enum cjm_funnel_order order;
	enum cjm_funnel_count count;
	long window;			/* seconds; 0: 1 h */
	const char *exclude;		/* one name, or NULL */
	enum cjm_funnel_exmode exmode;
	const char *events, *want;
};

/* Build the funnel of a case. */
static cjm_funnel *
make(const struct fcase *c, cjm_diags *ds, const char *by)
{
	static char buf[256];
	static const char *names[8][8], *ids[8];
	static size_t nn[8];
	cjm_funnel_opts o;
	size_t ns = 0;
	char *s, *save;

	snprintf(buf, sizeof(buf), "%s", c->stages);
	for (s = strtok_r(buf, "|", &save); s; s = strtok_r(NULL, "|", &save)) {
		char *nm, *save2;

		ids[ns] = s;
		nn[ns] = 0;
		for (nm = strtok_r(s, ",", &save2); nm;
		    nm = strtok_r(NULL, ",", &save2))
			names[ns][nn[ns]++] = nm;
		ns++;
	}
	cjm_funnel_opts_default(&o);
	o.entry = c->entry;
	o.order = c->order;
	o.count = c->count;
	o.window_ms = (c->window ? c->window : H) * 1000LL;
	o.time_unit = CJM_TIME_S;	/* the logs here count from 0 */
	o.exclude = &c->exclude;
	o.nexclude = c->exclude != NULL;
	o.exclude_mode = c->exmode;
	o.by = by;
	o.top = 2;
	{
		const char *const *np[8];
		size_t i;

		for (i = 0; i < ns; i++)
			np[i] = names[i];
		return cjm_funnel_new(ns, ids, np, nn, &o, ds);
	}
}

/* The counts as "n n n". */
static void
counts(cjm_funnel *f, size_t ns, char *out, size_t cap)
{
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; i < ns; i++)
		used += (size_t)snprintf(out + used, cap - used, "%s%llu",
		    i ? " " : "", (unsigned long long)cjm_funnel_count(f, i));
}

/* The breakdown as "value entered converted|...". */
static void
breakdown(cjm_funnel *f, char *out, size_t cap)
{
	json_t *rows = cjm_funnel_breakdown(f), *r;
	size_t i, used = 0;

	out[0] = '\0';
	json_array_foreach(rows, i, r)
		used += (size_t)snprintf(out + used, cap - used,
		    "%s%s %lld %lld", i ? "|" : "",
		    json_string_value(json_object_get(r, "value")),
		    (long long)json_integer_value(json_object_get(r, "entered")),
		    (long long)json_integer_value(json_object_get(r,
		    "converted")));
	json_decref(rows);
}

static size_t
nstages(const char *s)
{
	size_t n = 1;

	for (; *s; s++)
		n += *s == '|';
	return n;
}

static const struct fcase cases[] = {
	/* Mixpanel's own example: A 1:00, A 1:30, B 1:45, C 2:15, 1 h. */
	{ "mixpanel latest", "A|B|C", CJM_ENTRY_LATEST, 0, 0, 0, NULL, 0,
	  "u A 3600;u A 5400;u B 6300;u C 8100", "1 1 1" },
	{ "mixpanel first", "A|B|C", CJM_ENTRY_FIRST, 0, 0, 0, NULL, 0,
	  "u A 3600;u A 5400;u B 6300;u C 8100", "1 1 0" },
	/* One event that two stages name fills one of them. */
	{ "one event two stages", "v|v", 0, 0, 0, 0, NULL, 0,
	  "u v 10", "1 0" },
	{ "two events two stages", "v|v", 0, 0, 0, 0, NULL, 0,
	  "u v 10;u v 20", "1 1" },
	{ "same event twice in one second", "v|v", 0, 0, 0, 0, NULL, 0,
	  "u v 10;u v 10", "1 0" },
	{ "duplicates counted once (totals)", "a|b", 0, 0, CJM_COUNT_TOTALS,
	  0, NULL, 0, "u a 10;u a 10;u b 10", "1 1" },
	{ "first, two stages", "v|v,w|w", CJM_ENTRY_FIRST, 0, 0, 0, NULL, 0,
	  "u v 1;u v 2;u w 3", "1 1 1" },
	/* a -> c -> b */
	{ "a c b loose", "a|b|c", 0, 0, 0, 0, NULL, 0,
	  "u a 0;u c 10;u b 20", "1 1 0" },
	{ "a c b strict", "a|b|c", 0, CJM_ORDER_STRICT, 0, 0, NULL, 0,
	  "u a 0;u c 10;u b 20", "1 0 0" },
	{ "a c b any", "a|b|c", 0, CJM_ORDER_ANY, 0, 0, NULL, 0,
	  "u a 0;u c 10;u b 20", "1 1 1" },
	{ "a c b first strict", "a|b|c", CJM_ENTRY_FIRST, CJM_ORDER_STRICT,
	  0, 0, NULL, 0, "u a 0;u c 10;u b 20", "1 0 0" },
	/* The window is inclusive. */
	{ "gap equal to window", "a|b", 0, 0, 0, 0, NULL, 0,
	  "u a 0;u b 3600", "1 1" },
	{ "gap over window", "a|b", 0, 0, 0, 0, NULL, 0,
	  "u a 0;u b 3601", "1 0" },
	{ "gap equal, first", "a|b", CJM_ENTRY_FIRST, 0, 0, 0, NULL, 0,
	  "u a 0;u b 3600", "1 1" },
	{ "window from the first step", "a|b|c", 0, 0, 0, 0, NULL, 0,
	  "u a 0;u b 3000;u c 3700", "1 1 0" },
	/* Equal times: by stage, whatever the input order. */
	{ "equal times by stage", "a|b|c", 0, 0, 0, 0, NULL, 0,
	  "u c 5;u b 5;u a 5", "1 1 1" },
	{ "strict equal times", "a|b", 0, CJM_ORDER_STRICT, 0, 0, NULL, 0,
	  "u b 5;u a 5", "1 1" },
	/* Equal times and the same first stage: input order. q reaches
	 * stages 1 and 2, p stage 1: p then q is a chain, q then p is not. */
	{ "tie by input order, p first", "p,q|q", 0, 0, 0, 0, NULL, 0,
	  "u p 5;u q 5", "1 1" },
	{ "tie by input order, q first", "p,q|q", 0, 0, 0, 0, NULL, 0,
	  "u q 5;u p 5", "1 0" },
	{ "tie by input order, first", "p,q|q", CJM_ENTRY_FIRST, 0, 0, 0,
	  NULL, 0, "u q 5;u p 5;v p 5;v q 5", "2 1" },
	{ "seven names at one time", "a|b|c|d|e|f|g", 0, 0, 0, 0, NULL, 0,
	  "u g 1;u f 1;u e 1;u d 1;u c 1;u b 1;u a 1;u a 1", "1 1 1 1 1 1 1" },
	/* Strict: another funnel event between steps breaks the chain. */
	{ "strict a a b", "a|b", 0, CJM_ORDER_STRICT, 0, 0, NULL, 0,
	  "u a 0;u a 1;u b 2", "1 1" },
	{ "strict first a a b", "a|b", CJM_ENTRY_FIRST, CJM_ORDER_STRICT, 0,
	  0, NULL, 0, "u a 0;u a 1;u b 2", "1 1" },
	{ "strict a b a c", "a|b|c", 0, CJM_ORDER_STRICT, 0, 0, NULL, 0,
	  "u a 0;u b 1;u a 2;u c 3", "1 1 0" },
	{ "loose a b a c", "a|b|c", 0, 0, 0, 0, NULL, 0,
	  "u a 0;u b 1;u a 2;u c 3", "1 1 1" },
	/* Latest: a later start can still reach further. */
	{ "latest restarts", "a|b|c", 0, 0, 0, 0, NULL, 0,
	  "u a 0;u b 100;u a 3000;u b 3100;u c 6000", "1 1 1" },
	/* Latest keeps chains as shared lines: two starts live at once,
	 * the best on the older line while the newer goes further. */
	{ "latest two lines", "a|b|c|d", 0, 0, 0, 0, NULL, 0,
	  "u a 0;u b 100;u a 200;u c 300;u b 400;u c 500;u d 3700",
	  "1 1 1 1" },
	{ "first two starts", "a|b|c|d", CJM_ENTRY_FIRST, 0, 0, 0, NULL, 0,
	  "u a 0;u b 100;u a 200;u c 300;u b 400;u c 500;u d 3700",
	  "1 1 1 0" },
	{ "latest two lines, totals", "a|b|c|d", 0, 0, CJM_COUNT_TOTALS, 0,
	  NULL, 0, "u a 0;u b 100;u a 200;u c 300;u b 400;u c 500;"
	  "u d 3700;u a 9000;u b 9100", "2 2 1 1" },
	{ "first does not", "a|b|c", CJM_ENTRY_FIRST, 0, 0, 0, NULL, 0,
	  "u a 0;u b 100;u a 3000;u b 3100;u c 6000", "1 1 0" },
	{ "first, a second attempt", "a|b|c", CJM_ENTRY_FIRST, 0, 0, 0, NULL,
	  0, "u a 0;u b 100;u a 4000;u b 4100;u c 5000", "1 1 1" },
	/* Totals count re-entries after a conversion or a time-out. */
	{ "totals", "a|b", 0, 0, CJM_COUNT_TOTALS, 0, NULL, 0,
	  "u a 0;u b 10;u a 20;u a 9000;u b 9010;u a 20000", "4 2" },
	{ "users", "a|b", 0, 0, 0, 0, NULL, 0,
	  "u a 0;u b 10;u a 20;u a 9000;u b 9010;u a 20000", "1 1" },
	{ "totals first", "a|b", CJM_ENTRY_FIRST, 0, CJM_COUNT_TOTALS, 0,
	  NULL, 0, "u a 0;u a 5;u b 4000;u a 4001;u b 4002", "2 1" },
	/* Exclusions. */
	{ "exclude drop", "a|b", 0, 0, 0, 0, "x", CJM_EXCLUDE_DROP,
	  "u a 0;u x 5;u b 10;v a 0;v b 10", "1 1" },
	{ "exclude truncate", "a|b", 0, 0, 0, 0, "x", CJM_EXCLUDE_TRUNCATE,
	  "u a 0;u x 5;u b 10;v a 0;v b 10", "2 1" },
	{ "exclude before entry", "a|b", 0, 0, 0, 0, "x", CJM_EXCLUDE_DROP,
	  "u x 0;u a 5;u b 10", "1 1" },
	{ "exclude after conversion", "a|b", 0, 0, 0, 0, "x",
	  CJM_EXCLUDE_DROP, "u a 0;u b 5;u x 10", "1 1" },
	{ "exclude same time as step", "a|b", 0, 0, 0, 0, "x",
	  CJM_EXCLUDE_TRUNCATE, "u x 0;u a 0;u b 10", "1 0" },
	{ "exclude after time-out", "a|b", 0, 0, 0, 0, "x", CJM_EXCLUDE_DROP,
	  "u a 0;u x 7200;u b 7300", "1 0" },
	/* Several users; nobody at a stage gives 0 after it. */
	{ "users apart", "a|b|c", 0, 0, 0, 0, NULL, 0,
	  "u a 0;v a 0;w b 0;v b 5;u c 9", "2 1 0" },
	{ "empty", "a|b", 0, 0, 0, 0, NULL, 0, "", "0 0" },
	{ "one stage", "a", 0, 0, 0, 0, NULL, 0, "u a 0;u a 1;v a 3", "2" },
	{ "any within window", "a|b|c", 0, CJM_ORDER_ANY, 0, 0, NULL, 0,
	  "u c 0;u a 3000;u b 3700", "1 1 0" },
	{ "any needs stage 1", "a|b", 0, CJM_ORDER_ANY, 0, 0, NULL, 0,
	  "u b 0", "0 0" },
	/* any keeps ages before the last event: summed over steps, kept
	 * at the window's edge, gone past it, near 2^32 ms too. */
	{ "any ages at the edge", "a|b|c", 0, CJM_ORDER_ANY, 0, 0, NULL, 0,
	  "u c 0;u a 1000;u a 2000;u b 3600", "1 1 1" },
	{ "any ages past the edge", "a|b|c", 0, CJM_ORDER_ANY, 0, 0, NULL,
	  0, "u c 0;u a 1000;u a 2000;u b 3601", "1 1 0" },
	{ "any ages, longest window", "a|b|c", 0, CJM_ORDER_ANY, 0,
	  4294967, NULL, 0, "u c 0;u a 1;u b 4294967", "1 1 1" },
	{ "any ages past the longest window", "a|b|c", 0, CJM_ORDER_ANY, 0,
	  4294967, NULL, 0, "u c 0;u a 1;u b 4294968", "1 1 0" },
};

static void
feed(cjm_funnel *f, const char *events, cjm_diags *ds)
{
	char buf[512], *s, *save;

	snprintf(buf, sizeof(buf), "%s", events);
	for (s = strtok_r(buf, ";", &save); s; s = strtok_r(NULL, ";", &save)) {
		char u[32], e[32], by[32] = "";
		long t;
		int n = sscanf(s, "%31s %31s %ld %31s", u, e, &t, by);

		ck_assert_int_ge(n, 3);
		ck_assert_int_eq(cjm_funnel_add(f, u, e, t * 1000LL,
		    n == 4 ? by : NULL, ds), CJM_OK);
	}
}

/* Every case again with its user ids made long (kept apart from the
 * record), starting with byte 0xFF (which marks such an id), or 7 and 8
 * bytes long with the same start: the same counts. */
START_TEST(user_ids)
{
	static const char *const pre[] = { "a-customer-id-past-8-bytes-",
	    "\xFF", "1234567" };
	static const struct fcase apart = { "7 and 8 bytes", "a|b", 0, 0, 0,
	    0, NULL, 0, "abcdefg a 0;abcdefgh b 5;abcdefgh a 9", "2 0" };
	size_t i, k;

	for (i = 0; i <= sizeof(cases) / sizeof(cases[0]); i++)
		for (k = 0; k < sizeof(pre) / sizeof(pre[0]); k++) {
			const struct fcase *c = i < sizeof(cases) /
			    sizeof(cases[0]) ? &cases[i] : &apart;
			cjm_diags *ds = cjm_diags_new();
			cjm_funnel *f = make(c, ds, NULL);
			char buf[512], ev[1024] = "", got[128], *s, *save;
			size_t used = 0;

			snprintf(buf, sizeof(buf), "%s", c->events);
			for (s = strtok_r(buf, ";", &save); s;
			    s = strtok_r(NULL, ";", &save))
				used += (size_t)snprintf(ev + used, sizeof(ev) -
				    used, "%s%s%s", used ? ";" : "",
				    c == &apart ? "" : pre[k], s);
			feed(f, ev, ds);
			ck_assert_int_eq(cjm_funnel_finish(f, ds), CJM_OK);
			counts(f, nstages(c->stages), got, sizeof(got));
			ck_assert_msg(strcmp(got, c->want) == 0, "%s (%zu): "
			    "got %s, want %s", c->name, k, got, c->want);
			cjm_funnel_free(f);
			cjm_diags_free(ds);
		}
}
END_TEST

START_TEST(matcher)
{
	const struct fcase *c = &cases[_i];
	cjm_diags *ds = cjm_diags_new();
	cjm_funnel *f = make(c, ds, NULL);
	char got[128];

	ck_assert_ptr_nonnull(f);
	feed(f, c->events, ds);
	ck_assert_int_eq(cjm_funnel_finish(f, ds), CJM_OK);
	counts(f, nstages(c->stages), got, sizeof(got));
	ck_assert_msg(strcmp(got, c->want) == 0, "%s: got %s, want %s",
	    c->name, got, c->want);
	cjm_funnel_free(f);
	cjm_diags_free(ds);
}
END_TEST

/* Times: per step and end to end, median, p90 (nearest rank), mean. */
START_TEST(times)
{
	static const struct fcase c = { "t", "a|b", 0, 0, 0, 0, NULL, 0,
	    "", "" };
	static const struct {
		int n;		/* users, step times 1..n s */
		double med, p90, mean;
	} t[] = {
		{ 1, 1, 1, 1 }, { 2, 1.5, 2, 1.5 }, { 10, 5.5, 9, 5.5 },
		{ 11, 6, 10, 6 }, { 20, 10.5, 18, 10.5 },
	};
	size_t i;
	int u;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cjm_diags *ds = cjm_diags_new();
		cjm_funnel *f = make(&c, ds, NULL);

		/* Users in a scrambled order, so selection is exercised. */
		for (u = 0; u < t[i].n; u++) {
			int v = (u * 7) % t[i].n + 1;
			char id[16];

			snprintf(id, sizeof(id), "u%d", u);
			cjm_funnel_add(f, id, "a", 0, NULL, ds);
			cjm_funnel_add(f, id, "b", v * 1000LL, NULL, ds);
		}
		cjm_funnel_finish(f, ds);
		ck_assert_double_eq(cjm_funnel_time(f, 1, 0), t[i].med * 1000);
		ck_assert_double_eq(cjm_funnel_time(f, 1, 1), t[i].p90 * 1000);
		ck_assert_double_eq(cjm_funnel_time(f, 1, 2), t[i].mean * 1000);
		ck_assert_double_eq(cjm_funnel_time(f, 2, 0), t[i].med * 1000);
		ck_assert_double_eq(cjm_funnel_time(f, 0, 0), -1);
		cjm_funnel_free(f);
		cjm_diags_free(ds);
	}
}
END_TEST

/* The chain a user is timed on: Mixpanel's example. */
START_TEST(chain_times)
{
	static const struct { enum cjm_funnel_entry e; double s1, s2, e2e; }
	    t[] = { { CJM_ENTRY_LATEST, 900, 1800, 2700 },
		    { CJM_ENTRY_FIRST, 2700, -1, -1 } };
	size_t i;

	for (i = 0; i < 2; i++) {
		struct fcase c = cases[0];
		cjm_diags *ds = cjm_diags_new();
		cjm_funnel *f;

		c.entry = t[i].e;
		f = make(&c, ds, NULL);
		feed(f, c.events, ds);
		cjm_funnel_finish(f, ds);
		ck_assert_double_eq(cjm_funnel_time(f, 1, 0), t[i].s1 * 1000);
		ck_assert_double_eq(cjm_funnel_time(f, 2, 0),
		    t[i].s2 < 0 ? -1 : t[i].s2 * 1000);
		ck_assert_double_eq(cjm_funnel_time(f, 3, 0),
		    t[i].e2e < 0 ? -1 : t[i].e2e * 1000);
		cjm_funnel_free(f);
		cjm_diags_free(ds);
	}
}
END_TEST

/* Breakdown by the stage-1 event's value: top values, other, (none);
 * and a shard's state merged twice is the sum. */
START_TEST(breakdown_and_merge)
{
	static const struct fcase c = { "b", "a|b", 0, 0, 0, 0, NULL, 0,
	    "u a 1 ads;u b 2;v a 1 ads;w a 1 mail;w b 5 ads;x a 1 tv;"
	    "y a 1;z b 1 ads", "" };
	static const char *want = "ads 2 1|mail 1 1|other 1 0|(none) 1 0";
	cjm_diags *ds = cjm_diags_new();
	cjm_funnel *f = make(&c, ds, "channel"), *g;
	json_t *p;
	char got[128];
	size_t i;

	feed(f, c.events, ds);
	cjm_funnel_finish(f, ds);
	breakdown(f, got, sizeof(got));
	ck_assert_str_eq(got, want);
	p = cjm_funnel_partial(f);
	g = make(&c, ds, "channel");
	ck_assert_int_eq(cjm_funnel_merge(g, p, "p", ds), CJM_OK);
	/* The same shard twice would double every count: refused (issue
	 * 10, case 8), and the merged state stays as it was. */
	ck_assert_int_eq(cjm_funnel_merge(g, p, "q", ds), CJM_EDATA);
	ck_assert_str_eq(cjm_diags_get(ds, cjm_diags_count(ds) - 1)->code,
	    "duplicate-shard");
	for (i = 0; i < 2; i++)
		ck_assert_uint_eq(cjm_funnel_count(g, i),
		    cjm_funnel_count(f, i));
	ck_assert_double_eq(cjm_funnel_time(g, 1, 0), cjm_funnel_time(f, 1, 0));
	json_decref(p);
	cjm_funnel_free(f);
	cjm_funnel_free(g);
	cjm_diags_free(ds);
}
END_TEST

/* Shards carry a digest of their users: disjoint shards merge, shards
 * that share a user are refused, and so is a shard given twice or one
 * without an identity (issue 10, case 8). */
START_TEST(shard_identity)
{
	static const struct fcase c = { "t", "a|b", 0, 0, 0, 0, NULL, 0,
	    "", "" };
	cjm_diags *ds = cjm_diags_new();
	cjm_funnel *f1 = make(&c, ds, NULL), *f2 = make(&c, ds, NULL),
	    *f3 = make(&c, ds, NULL), *g = make(&c, ds, NULL);
	json_t *p1, *p2, *p3, *bare;
	char got[64];

	feed(f1, "u1 a 10;u1 b 20;u2 a 10", ds);
	feed(f2, "u3 a 10;u3 b 30", ds);
	feed(f3, "u4 a 10;u2 a 50", ds);		/* u2 again */
	cjm_funnel_finish(f1, ds);
	cjm_funnel_finish(f2, ds);
	cjm_funnel_finish(f3, ds);
	p1 = cjm_funnel_partial(f1);
	p2 = cjm_funnel_partial(f2);
	p3 = cjm_funnel_partial(f3);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(
	    json_object_get(p1, "identity"), "users"), "count")), 2);
	ck_assert_int_eq(cjm_funnel_merge(g, p1, "p1", ds), CJM_OK);
	ck_assert_int_eq(cjm_funnel_merge(g, p2, "p2", ds), CJM_OK);
	ck_assert_int_eq(cjm_funnel_merge(g, p3, "p3", ds), CJM_EDATA);
	ck_assert_str_eq(cjm_diags_get(ds, cjm_diags_count(ds) - 1)->code,
	    "shard-overlap");
	ck_assert_ptr_nonnull(strstr(cjm_diags_get(ds, cjm_diags_count(ds) -
	    1)->message, "shares 1 user with 'p1'"));
	ck_assert_int_eq(cjm_funnel_merge(g, p2, "p2 again", ds), CJM_EDATA);
	ck_assert_str_eq(cjm_diags_get(ds, cjm_diags_count(ds) - 1)->code,
	    "duplicate-shard");
	bare = json_deep_copy(p3);
	json_object_del(bare, "identity");
	ck_assert_int_eq(cjm_funnel_merge(g, bare, "old", ds), CJM_EDATA);
	ck_assert_str_eq(cjm_diags_get(ds, cjm_diags_count(ds) - 1)->code,
	    "bad-shard");
	counts(g, 2, got, sizeof(got));
	ck_assert_str_eq(got, "3 2");		/* p1 and p2 only */
	json_decref(bare);
	json_decref(p1);
	json_decref(p2);
	json_decref(p3);
	cjm_funnel_free(f1);
	cjm_funnel_free(f2);
	cjm_funnel_free(f3);
	cjm_funnel_free(g);
	cjm_diags_free(ds);
}
END_TEST

/* A log read from CSV, events of a user out of time order: read twice. */
START_TEST(unsorted_log)
{
	static const char csv[] = "user_id,event,timestamp\n"
	    "u,c,20\nv,a,5\nu,b,10\nu,a,0\nv,b,6000\n";
	static const struct fcase c = { "t", "a|b|c", 0, 0, 0, 0, NULL, 0,
	    "", "" };
	cjm_diags *ds = cjm_diags_new();
	cjm_funnel *f = make(&c, ds, NULL);
	FILE *fp = fmemopen((void *)csv, sizeof(csv) - 1, "r");
	char got[64];

	ck_assert_int_eq(cjm_funnel_read(f, fp, "e.csv", CJM_EVENTS_AUTO,
	    ds), CJM_OK);
	cjm_funnel_finish(f, ds);
	counts(f, 3, got, sizeof(got));
	ck_assert_str_eq(got, "2 1 1");
	fclose(fp);
	cjm_funnel_free(f);
	cjm_diags_free(ds);
}
END_TEST

/* Events after the finish (which frees the user table's slots): the
 * slots are rebuilt for 2,000 users, more than the first table holds,
 * and neither the finish's counts nor the calls go wrong. */
START_TEST(after_finish)
{
	static const struct fcase c = { "t", "a|b", 0, 0, 0, 0, NULL, 0,
	    "", "" };
	cjm_diags *ds = cjm_diags_new();
	cjm_funnel *f = make(&c, ds, NULL);
	char u[16], got[64];
	int i;

	for (i = 0; i < 2000; i++) {
		snprintf(u, sizeof(u), "u%d", i);
		ck_assert_int_eq(cjm_funnel_add(f, u, "a", i, NULL, ds),
		    CJM_OK);
	}
	ck_assert_int_eq(cjm_funnel_finish(f, ds), CJM_OK);
	for (i = 0; i < 4000; i += 2) {
		snprintf(u, sizeof(u), "u%d", i);
		ck_assert_int_eq(cjm_funnel_add(f, u, "b", 5000 + i, NULL,
		    ds), CJM_OK);
	}
	counts(f, 2, got, sizeof(got));
	ck_assert_str_eq(got, "2000 0");
	cjm_funnel_free(f);
	cjm_diags_free(ds);
}
END_TEST

/* --entry first keeps a best chain of level 1 apart (a side chain) only
 * with --by, where its stage-1 value is counted: here the first
 * attempt's (x), not the second's (y), with and without a later user
 * who starts again and goes further. */
START_TEST(first_side_by)
{
	static const struct fcase c = { "s", "a|b|c", CJM_ENTRY_FIRST,
	    CJM_ORDER_STRICT, 0, 0, NULL, 0,
	    "u a 0 x;u c 10;u a 20 y;v a 0 y;v c 10;v a 20 x;v b 30", "" };
	cjm_diags *ds = cjm_diags_new();
	cjm_funnel *f = make(&c, ds, "channel");
	char got[128];

	feed(f, c.events, ds);
	cjm_funnel_finish(f, ds);
	breakdown(f, got, sizeof(got));
	ck_assert_str_eq(got, "x 2 0");
	counts(f, 3, got, sizeof(got));
	ck_assert_str_eq(got, "2 1 0");
	cjm_funnel_free(f);
	cjm_diags_free(ds);
}
END_TEST

/* Times as logs write them. */
START_TEST(time_parse)
{
	static const struct { const char *s; int ok; int64_t ms; } t[] = {
		{ "1970-01-01T00:00:00Z", 0, 0 },
		{ "2024-02-29T12:30:15Z", 0, 1709209815000LL },
		{ "2024-02-29 12:30:15", 0, 1709209815000LL },
		{ "2024-02-29T12:30:15.123456+00:00", 0, 1709209815123LL },
		{ "2024-02-29T14:30:15+02:00", 0, 1709209815000LL },
		{ "2024-02-29T07:30:15-0500", 0, 1709209815000LL },
		{ "2024-02-29T12:30", 0, 1709209800000LL },
		{ "2024-02-29", 0, 1709164800000LL },
		{ "1709209815", 0, 1709209815000LL },
		{ "1709209815.5", 0, 1709209815500LL },
		{ "1709209815123", 0, 1709209815123LL },
		{ "99999999999", 0, 99999999999000LL },
		{ "100000000000", 0, 100000000000LL },
		{ " 42 ", 0, 42000 },
		{ "2023-02-29", -1, 0 }, { "2024-13-01", -1, 0 },
		{ "2024-01-01T25:00", -1, 0 }, { "2024-01-01T10:00+1", -1, 0 },
		{ "yesterday", -1, 0 }, { "", -1, 0 }, { "12abc", -1, 0 },
		{ "1e9", -1, 0 }, { "-5", -1, 0 }, { "1.", -1, 0 },
		{ "2024-01-01X10:00", -1, 0 }, { "9999999999999999", -1, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int64_t ms = -7;
		int r = cjm_time_parse(t[i].s, strlen(t[i].s), &ms);

		ck_assert_msg(r == t[i].ok, "'%s': %d", t[i].s, r);
		if (r == 0)
			ck_assert_msg(ms == t[i].ms, "'%s': %lld", t[i].s,
			    (long long)ms);
	}
}
END_TEST

START_TEST(duration_parse)
{
	static const struct { const char *s; int ok; int64_t ms; } t[] = {
		{ "14d", 0, 1209600000LL }, { "90", 0, 90000 },
		{ "30s", 0, 30000 }, { "15m", 0, 900000 }, { "2h", 0, 7200000 },
		{ "", -1, 0 }, { "d", -1, 0 }, { "5w", -1, 0 },
		{ "1.5h", -1, 0 }, { "-1d", -1, 0 }, { "3dd", -1, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int64_t ms = 0;

		ck_assert_int_eq(cjm_duration_parse(t[i].s, &ms), t[i].ok);
		if (t[i].ok == 0)
			ck_assert_int_eq(ms, t[i].ms);
	}
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("funnel");
	TCase *tc = tcase_create("funnel");

	tcase_add_loop_test(tc, matcher, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, user_ids);
	tcase_add_test(tc, times);
	tcase_add_test(tc, chain_times);
	tcase_add_test(tc, unsorted_log);
	tcase_add_test(tc, after_finish);
	tcase_add_test(tc, first_side_by);
	tcase_add_test(tc, breakdown_and_merge);
	tcase_add_test(tc, time_parse);
	tcase_add_test(tc, shard_identity);
	tcase_add_test(tc, duration_parse);
	suite_add_tcase(s, tc);
	return s;
}
