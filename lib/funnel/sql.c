/* sql.c: a funnel as one SQL query (ClickHouse, DuckDB, PostgreSQL) with
 * cjm-funnel's semantics, exactly.
 *
 * Written here, not taken from an engine: no engine's funnel function
 * has cjm-funnel(1)'s rules (one event fills one stage, ties by stage,
 * re-entries after a time-out, exclusions, --entry first), so the query
 * runs cjm's matcher (funnel_match.c) itself, as a fold over each
 * customer's events in the order cjm takes them: a recursive query in
 * DuckDB and PostgreSQL (one step a row), arrayFold over a tuple in
 * ClickHouse. The step is written once, as expressions over the old
 * state (S.name) and the event (E.name) that read the same in the three
 * dialects. ClickHouse's windowFunnel is used only where its rules are
 * cjm's: --entry latest, loose, users, no exclusion, no breakdown, and
 * no event name in two stages (it lets one event fill two stages).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cjm_sql.h"
#include "funnel_impl.h"
#include "grow.h"
#include "num.h"

#define NONE_T	"-9000000000000000000"	/* no time yet (any) */
#define MAXF	(4 * CJM_FUNNEL_MAX_STAGES + 16)

struct field {
	const char *name, *x;	/* the name, the new value */
};

struct gen {
	const cjm_funnel *f;
	const cjm_sql_spec *sp;
	int init;		/* the old state is the start state */
	char **pool;		/* every string made, freed at the end */
	size_t npool, cap;
	int err;
	size_t n;		/* stages */
	char w[32];		/* the window in ms */
	int by, totals, strict, drop;
	struct field fl[MAXF];
	size_t nf;
	char *out;		/* the query */
	size_t olen, ocap;
};

/* A formatted string that lives until the query is made. */
static const char *
X(struct gen *g, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = cjm_vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL ||
	    cjm_grow(&g->pool, &g->cap, g->npool, sizeof(*g->pool), 64) < 0) {
		if (n >= 0)
			free(s);
		g->err = 1;
		return "NULL";
	}
	va_start(ap, fmt);
	cjm_vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	g->pool[g->npool++] = s;
	return s;
}

/* Append to the query. */
static void
put(struct gen *g, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = cjm_vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || cjm_grow(&g->out, &g->ocap, g->olen + (size_t)n, 1,
	    4096) < 0) {
		g->err = 1;
		return;
	}
	va_start(ap, fmt);
	cjm_vsnprintf(g->out + g->olen, (size_t)n + 1, fmt, ap);
	va_end(ap);
	g->olen += (size_t)n;
}

static int
is_str(const char *name)
{
	return strcmp(name, "bby") == 0 || strcmp(name, "cby") == 0 ||
	    strcmp(name, "g1") == 0 || strcmp(name, "o1b") == 0 ||
	    strcmp(name, "o2b") == 0 || (name[0] == 'b' && name[1] >= '0' &&
	    name[1] <= '9');
}

/* The old value of a state field. */
static const char *
O(struct gen *g, const char *name)
{
	if (!g->init)
		return X(g, "S.%s", name);
	if (is_str(name))
		return "''";
	if (name[0] == 't' && name[1] >= '0' && name[1] <= '9')
		return NONE_T;
	return "0";
}

static const char *
Ok(struct gen *g, const char *name, size_t k)
{
	return O(g, X(g, "%s%zu", name, k));
}

static void
F(struct gen *g, const char *name, const char *x)
{
	g->fl[g->nf].name = name;
	g->fl[g->nf++].x = x;
}

/* A chain's breakdown value (old), '' without --by. */
static const char *
chain_b(struct gen *g, size_t k)
{
	return g->by ? Ok(g, "b", k) : "''";
}

/* The fields every mode has at the end: done and drp (users), the ended
 * attempts o1 (timed out) and o2 (this event ended it; totals). */
static void
common_tail(struct gen *g, const char *A, const char *TO, const char *conv,
    const char *o2l, const char *o2b)
{
	const char *xa = X(g, "(E.xc = 1 AND %s)", A);

	if (!g->totals) {
		F(g, "done", g->drop ? X(g, "CASE WHEN %s OR %s THEN 1 ELSE 0 "
		    "END", conv, xa) : X(g, "CASE WHEN %s THEN 1 ELSE 0 END",
		    conv));
		F(g, "drp", g->drop ? X(g, "CASE WHEN %s THEN 1 ELSE 0 END",
		    xa) : "0");
		return;
	}
	F(g, "o1l", X(g, "CASE WHEN %s THEN %s ELSE 0 END", TO,
	    O(g, "blvl")));
	F(g, "o1b", O(g, "bby"));
	F(g, "o2l", X(g, "CASE WHEN %s THEN %zu %s ELSE 0 END", conv, g->n,
	    o2l));
	F(g, "o2b", o2b);
}

/* --entry latest, loose or strict: a chain per level, the one with the
 * latest start (latest_step in funnel_match.c). */
static void
gen_latest(struct gen *g)
{
	size_t n = g->n, k;
	const char *A = X(g, "(%s = 1 AND E.t - %s <= %s)", O(g, "act"),
	    Ok(g, "s", 1), g->w);
	const char *TO = X(g, "(%s = 1 AND E.t - %s > %s)", O(g, "act"),
	    Ok(g, "s", 1), g->w);
	const char *old[CJM_FUNNEL_MAX_STAGES + 1], *ext[CJM_FUNNEL_MAX_STAGES
	    + 1];
	const char *H = "0", *any = "FALSE", *base, *bby, *nowzero, *conv;

	for (k = 1; k <= n; k++)
		old[k] = X(g, "(%s AND %s = 1)", A, Ok(g, "al", k));
	ext[1] = "E.m1 = 1";
	for (k = 2; k <= n; k++)
		ext[k] = X(g, "(E.m%zu = 1 AND %s AND E.t - %s <= %s%s)", k,
		    old[k - 1], Ok(g, "s", k - 1), g->w, g->strict ? "" :
		    X(g, " AND NOT (%s AND %s <= %s)", old[k], Ok(g, "s",
		    k - 1), Ok(g, "s", k)));
	for (k = 1; k <= n; k++) {
		H = X(g, "CASE WHEN %s THEN %zu ELSE %s END", ext[k], k, H);
		any = X(g, "%s OR %s", any, ext[k]);
	}
	base = g->totals ? X(g, "CASE WHEN %s THEN %s ELSE 0 END", A,
	    O(g, "blvl")) : O(g, "blvl");
	bby = O(g, "bby");
	for (k = 1; k <= n; k++)
		bby = X(g, "CASE WHEN %s AND %zu > %s THEN %s ELSE %s END",
		    ext[k], k, base, k == 1 ? "E.gb" : chain_b(g, k - 1), bby);
	conv = ext[n];
	nowzero = g->strict ? X(g, "(%s AND E.xc = 0 AND NOT (%s))", A,
	    any) : "FALSE";
	F(g, "act", X(g, "CASE WHEN E.xc = 1 OR %s OR %s THEN 0 WHEN %s OR "
	    "E.m1 = 1 THEN 1 ELSE 0 END", conv, nowzero, A));
	F(g, "blvl", X(g, "greatest(%s, %s)", base, H));
	F(g, "bby", bby);
	for (k = 1; k <= n; k++) {
		F(g, X(g, "al%zu", k), X(g, "CASE WHEN %s%s%s THEN 1 ELSE 0 "
		    "END", ext[k], g->strict ? "" : " OR ", g->strict ? "" :
		    old[k]));
		F(g, X(g, "s%zu", k), X(g, "CASE WHEN %s THEN %s ELSE %s END",
		    ext[k], k == 1 ? "E.t" : Ok(g, "s", k - 1), Ok(g, "s", k)));
		if (g->by)
			F(g, X(g, "b%zu", k), X(g, "CASE WHEN %s THEN %s ELSE "
			    "%s END", ext[k], k == 1 ? "E.gb" : chain_b(g,
			    k - 1), chain_b(g, k)));
	}
	common_tail(g, A, TO, conv, X(g, "WHEN %s THEN %s WHEN %s AND E.xc = "
	    "1 THEN %s", nowzero, O(g, "blvl"), g->drop ? "FALSE" : A,
	    O(g, "blvl")), bby);
}

/* --entry first: one chain, the attempt's (first_step). */
static void
gen_first(struct gen *g)
{
	size_t n = g->n, k;
	const char *A = X(g, "(%s = 1 AND E.t - %s <= %s)", O(g, "act"),
	    O(g, "st"), g->w);
	const char *TO = X(g, "(%s = 1 AND E.t - %s > %s)", O(g, "act"),
	    O(g, "st"), g->w);
	const char *nx = "0", *ext, *brk, *start, *conv, *lvl1;

	if (n > 1) {
		nx = X(g, "CASE %s", O(g, "lvl"));
		for (k = 1; k < n; k++)
			nx = X(g, "%s WHEN %zu THEN E.m%zu", nx, k, k + 1);
		nx = X(g, "%s ELSE 0 END", nx);
	}
	ext = X(g, "(%s AND %s = 1)", A, nx);
	brk = g->strict ? X(g, "(%s AND NOT %s AND E.xc = 0)", A, ext) :
	    "FALSE";
	start = X(g, "(E.m1 = 1 AND NOT %s AND (NOT %s OR %s))", ext, A, brk);
	conv = X(g, "((%s AND %s + 1 = %zu) OR (%s AND %zu = 1))", ext,
	    O(g, "lvl"), n, start, n);
	lvl1 = X(g, "CASE WHEN %s THEN %s + 1 WHEN %s THEN 1 ELSE %s END",
	    ext, O(g, "lvl"), start, O(g, "lvl"));
	F(g, "act", X(g, "CASE WHEN %s THEN 0 WHEN %s THEN 1 WHEN E.xc = 1 OR "
	    "%s THEN 0 WHEN %s THEN 1 ELSE 0 END", conv, start, brk, A));
	F(g, "lvl", lvl1);
	F(g, "st", X(g, "CASE WHEN %s THEN E.t ELSE %s END", start,
	    O(g, "st")));
	F(g, "cby", X(g, "CASE WHEN %s THEN E.gb ELSE %s END", start,
	    O(g, "cby")));
	if (g->totals) {	/* the attempt's best is its chain */
		F(g, "blvl", lvl1);
		F(g, "bby", X(g, "CASE WHEN %s THEN E.gb ELSE %s END", start,
		    O(g, "cby")));
	} else {
		F(g, "blvl", X(g, "greatest(%s, %s)", O(g, "blvl"), X(g,
		    "CASE WHEN %s THEN %s + 1 WHEN %s THEN 1 ELSE 0 END", ext,
		    O(g, "lvl"), start)));
		F(g, "bby", X(g, "CASE WHEN %s AND %s + 1 > %s THEN %s WHEN %s "
		    "AND 1 > %s THEN E.gb ELSE %s END", ext, O(g, "lvl"),
		    O(g, "blvl"), O(g, "cby"), start, O(g, "blvl"),
		    O(g, "bby")));
	}
	/* Totals: o1 is the timed-out attempt (its chain), o2 the one this
	 * event converted, broke or truncated. */
	common_tail(g, A, TO, conv, X(g, "WHEN %s OR (%s AND E.xc = 1) THEN "
	    "%s", brk, g->drop ? "FALSE" : A, O(g, "lvl")), X(g, "CASE WHEN %s "
	    "AND %s THEN E.gb ELSE %s END", conv, start, O(g, "cby")));
	if (g->totals) {
		g->fl[g->nf - 4].x = X(g, "CASE WHEN %s THEN %s ELSE 0 END",
		    TO, O(g, "lvl"));
		g->fl[g->nf - 3].x = O(g, "cby");
	}
}

/* --order any: the last time of each stage (any_step). */
static void
gen_any(struct gen *g)
{
	size_t n = g->n, k;
	const char *A = X(g, "(%s = 1 AND E.t - %s <= %s)", O(g, "act"),
	    O(g, "ast"), g->w);
	const char *TO = X(g, "(%s = 1 AND E.t - %s > %s)", O(g, "act"),
	    O(g, "ast"), g->w);
	const char *tk[CJM_FUNNEL_MAX_STAGES + 1], *lvl, *base, *g1, *conv;

	for (k = 1; k <= n; k++)
		tk[k] = X(g, "CASE WHEN E.fs = %zu THEN E.t WHEN %s THEN %s "
		    "ELSE %s END", k, A, Ok(g, "t", k), NONE_T);
	lvl = X(g, "%zu", n);
	for (k = n; k >= 1; k--)
		lvl = X(g, "CASE WHEN E.t - (%s) > %s THEN %zu ELSE %s END",
		    tk[k], g->w, k - 1, lvl);
	lvl = X(g, "(CASE WHEN E.xc = 1 THEN 0 ELSE %s END)", lvl);
	base = g->totals ? X(g, "CASE WHEN %s THEN %s ELSE 0 END", A,
	    O(g, "blvl")) : O(g, "blvl");
	g1 = X(g, "CASE WHEN E.fs = 1 THEN E.gb ELSE %s END", O(g, "g1"));
	conv = X(g, "(%s = %zu)", lvl, n);
	F(g, "act", X(g, "CASE WHEN E.xc = 1 OR %s THEN 0 ELSE 1 END", conv));
	F(g, "ast", "E.t");
	for (k = 1; k <= n; k++)
		F(g, X(g, "t%zu", k), tk[k]);
	F(g, "g1", g1);
	F(g, "blvl", X(g, "greatest(%s, %s)", base, lvl));
	F(g, "bby", X(g, "CASE WHEN %s > %s THEN %s ELSE %s END", lvl, base,
	    g1, O(g, "bby")));
	common_tail(g, A, TO, conv, X(g, "WHEN %s AND E.xc = 1 THEN %s",
	    g->drop ? "FALSE" : A, O(g, "blvl")), g->fl[g->nf - 1].x);
}

/* The step of the mode into g->fl; users skip everything once done. */
static void
gen_step(struct gen *g)
{
	size_t i;

	g->nf = 0;
	if (g->f->o.order == CJM_ORDER_ANY)
		gen_any(g);
	else if (g->f->o.entry == CJM_ENTRY_FIRST)
		gen_first(g);
	else
		gen_latest(g);
	if (g->totals || g->init)
		return;
	for (i = 0; i < g->nf; i++)
		g->fl[i].x = X(g, "CASE WHEN S.done = 1 THEN S.%s ELSE %s END",
		    g->fl[i].name, g->fl[i].x);
}

/* ------------------------------------------------------------ quoting */

static void
put_ident(struct gen *g, const char *s)
{
	put(g, "\"");
	for (; *s; s++)
		put(g, *s == '"' ? "\"\"" : "%c", *s);
	put(g, "\"");
}

/* A table name, each dotted part quoted. */
static void
put_table(struct gen *g, const char *s)
{
	const char *dot;

	while ((dot = strchr(s, '.')) != NULL) {
		char *part = strndup(s, (size_t)(dot - s));

		if (part == NULL) {
			g->err = 1;
			return;
		}
		put_ident(g, part);
		free(part);
		put(g, ".");
		s = dot + 1;
	}
	put_ident(g, s);
}

static void
put_str(struct gen *g, const char *s)
{
	put(g, "'");
	for (; *s; s++) {
		if (*s == '\'')
			put(g, "''");
		else if (*s == '\\' && g->sp->dialect == CJM_SQL_CLICKHOUSE)
			put(g, "\\\\");
		else
			put(g, "%c", *s);
	}
	put(g, "'");
}

/* "n IN ('a', 'b')" for the names with bit k (k < 0: every name). */
static void
put_in(struct gen *g, int k, int excluded)
{
	const cjm_funnel *f = g->f;
	size_t i;
	int sep = 0;

	put(g, "n IN (");
	for (i = 0; i < f->nnames; i++) {
		if (k >= 0 ? !(f->names[i].stages >> k & 1) :
		    (excluded ? !f->names[i].excluded : 0))
			continue;
		put(g, sep ? ", " : "");
		put_str(g, f->names[i].s);
		sep = 1;
	}
	if (!sep)
		put(g, "NULL");
	put(g, ")");
}

/* CASE n WHEN 'a' THEN v(a) ... END */
static void
put_case(struct gen *g, int (*v)(const cjm_funnel *, size_t))
{
	size_t i;

	put(g, "CASE n");
	for (i = 0; i < g->f->nnames; i++) {
		put(g, " WHEN ");
		put_str(g, g->f->names[i].s);
		put(g, " THEN %d", v(g->f, i));
	}
	put(g, " END");
}

/* A name's rank at one time (its first stage; excluded last), its
 * place in the map's order, its first stage (1-based, 0 excluded). */
static int
v_rank(const cjm_funnel *f, size_t i)
{
	return f->names[i].first >= 0 ? f->names[i].first : (int)f->nstages;
}

static int
v_index(const cjm_funnel *f, size_t i)
{
	size_t j;

	for (j = 0; j < f->nnames; j++)
		if (f->order[j] == i)
			return (int)j;
	return 0;
}

static int
v_fs(const cjm_funnel *f, size_t i)
{
	return f->names[i].first + 1;
}

static int
v_xc(const cjm_funnel *f, size_t i)
{
	return f->names[i].excluded;
}

/* ------------------------------------------------------------ the query */

static const char *const dialect_names[] = { "clickhouse", "duckdb",
	"postgres" };

static int
ch(const struct gen *g)
{
	return g->sp->dialect == CJM_SQL_CLICKHOUSE;
}

static const char *
text_type(const struct gen *g)
{
	return g->sp->dialect == CJM_SQL_DUCKDB ? "VARCHAR" : "text";
}

/* CAST(col AS text) (toString in ClickHouse). */
static void
put_text(struct gen *g, const char *col)
{
	if (ch(g)) {
		put(g, "toString(");
		put_ident(g, col);
		put(g, ")");
		return;
	}
	put(g, "CAST(");
	put_ident(g, col);
	put(g, " AS %s)", text_type(g));
}

/* A number in the time column (--time-unit) in ms, cut as cjm-funnel
 * cuts it: the whole ms below. */
static void
put_time_number(struct gen *g)
{
	static const char *const fmt[3][4] = {
		{ "toInt64(floor(%s * 1000))", "toInt64(floor(%s))",
		    "intDiv(toInt64(%s), 1000)", "intDiv(toInt64(%s), 1000000)" },
		{ "CAST(floor(%s * 1000) AS BIGINT)", "CAST(floor(%s) AS BIGINT)",
		    "(CAST(%s AS BIGINT) // 1000)",
		    "(CAST(%s AS BIGINT) // 1000000)" },
		{ "CAST(floor(%s * 1000) AS bigint)", "CAST(floor(%s) AS bigint)",
		    "div(CAST(%s AS bigint), 1000)",
		    "div(CAST(%s AS bigint), 1000000)" } };
	const char *f = fmt[g->sp->dialect][g->f->o.time_unit - CJM_TIME_S];
	const char *at = strstr(f, "%s");

	put(g, "%.*s", (int)(at - f), f);
	put_ident(g, g->f->o.time_col);
	put(g, "%s", at + 2);
}

/* The time column in ms since 1970, cut to the millisecond as cjm-funnel
 * keeps it: a timestamp, or a number in --time-unit. */
static void
put_time(struct gen *g)
{
	const char *c = g->f->o.time_col;

	if (g->f->o.time_unit != CJM_TIME_AUTO) {
		put_time_number(g);
		return;
	}
	switch (g->sp->dialect) {
	case CJM_SQL_CLICKHOUSE:
		put(g, "toUnixTimestamp64Milli(toDateTime64(");
		put_ident(g, c);
		put(g, ", 3))");
		break;
	case CJM_SQL_DUCKDB:
		put(g, "epoch_ms(");
		put_ident(g, c);
		put(g, ")");
		break;
	case CJM_SQL_POSTGRES:
		put(g, "CAST(floor(extract(epoch FROM ");
		put_ident(g, c);
		put(g, ") * 1000) AS bigint)");
		break;
	}
}

/* raw: the funnel's events, with the columns the query uses. */
static void
put_raw(struct gen *g)
{
	const cjm_funnel *f = g->f;

	put(g, "raw AS (\n  SELECT * FROM (SELECT ");
	put_text(g, f->o.user_col);
	put(g, " AS u, ");
	put_text(g, f->o.event_col);
	put(g, " AS n, ");
	put_time(g);
	put(g, " AS t, ");
	if (g->by) {
		put(g, "coalesce(");
		put_text(g, f->o.by);
		put(g, ", '') AS b, ");
	} else
		put(g, "'' AS b, ");
	if (g->sp->seq != NULL) {
		if (ch(g))
			put(g, "toInt64(");
		put_ident(g, g->sp->seq);
		put(g, ch(g) ? ") AS q" : " AS q");
	} else
		put(g, "0 AS q");
	put(g, "\n    FROM ");
	put_table(g, g->sp->table);
	put(g, ") AS z0\n  WHERE ");
	put_in(g, -1, 0);
	put(g, "),\n");
}

/* ed: the same event of a customer at one time once, at its first
 * arrival; g: the breakdown value of a customer's stage-1 events at one
 * time, the first one's (as cjm-funnel's pending group has it); e: the
 * events with what the step reads. */
static void
put_events(struct gen *g)
{
	size_t k;

	put(g, "ed AS (SELECT u, n, t, min(q) AS q FROM raw GROUP BY u, n, "
	    "t),\n");
	if (g->by) {
		if (ch(g)) {
			put(g, "g AS (SELECT u, t, argMin(b, (q, ");
			put_case(g, v_index);
			put(g, ", b)) AS gb FROM raw WHERE ");
		} else {
			put(g, "g AS (SELECT u, t, b AS gb FROM (SELECT u, t, b, "
			    "row_number() OVER (PARTITION BY u, t ORDER BY q, ");
			put_case(g, v_index);
			put(g, ", b) AS k FROM raw WHERE ");
		}
		put_in(g, 0, 0);
		put(g, ch(g) ? " GROUP BY u, t),\n" : ") AS z1 WHERE k = 1),\n");
		put(g, "e0 AS (SELECT ed.u AS u, ed.t AS t, ed.q AS q, ed.n AS n, "
		    "coalesce(g.gb, '') AS gb, count(*) OVER (PARTITION BY ed.u, "
		    "ed.t) AS ng FROM ed LEFT JOIN g ON g.u = ed.u AND g.t = "
		    "ed.t),\n");
	} else
		put(g, "e0 AS (SELECT u, t, q, n, '' AS gb, count(*) OVER "
		    "(PARTITION BY u, t) AS ng FROM ed),\n");
	put(g, "e1 AS (SELECT u, t, q, gb");
	for (k = 0; k < g->n; k++) {
		put(g, ",\n  CASE WHEN ");
		put_in(g, (int)k, 0);
		put(g, " THEN 1 ELSE 0 END AS m%zu", k + 1);
	}
	put(g, ",\n  ");
	put_case(g, v_xc);
	put(g, " AS xc,\n  ");
	put_case(g, v_fs);
	put(g, " AS fs,\n  ");
	put_case(g, v_rank);
	put(g, " AS r,\n  ");
	put_case(g, v_index);
	put(g, " AS x, ng\n  FROM e0),\n");
	/* More than six names at one time go in the map's order. */
	if (ch(g)) {
		put(g, "e AS (SELECT *, CASE WHEN ng > 6 THEN x ELSE 0 END AS p "
		    "FROM e1),\n");
		return;
	}
	put(g, "e AS MATERIALIZED (SELECT *, row_number() OVER (PARTITION BY u "
	    "ORDER BY t, r, CASE WHEN ng > 6 THEN x ELSE 0 END, q, x) AS i "
	    "FROM e1),\n");
}

/* The fields of the step as a select list (recursive query). */
static void
put_fields(struct gen *g)
{
	size_t i;

	for (i = 0; i < g->nf; i++)
		put(g, ",\n    CAST(%s AS %s) AS %s", g->fl[i].x,
		    is_str(g->fl[i].name) ? text_type(g) : "bigint",
		    g->fl[i].name);
}

/* DuckDB and PostgreSQL: the fold as a recursive query, a row a step. */
static void
put_recursive(struct gen *g)
{
	put(g, "r AS (\n  SELECT E.u, E.i");
	g->init = 1;
	gen_step(g);
	put_fields(g);
	put(g, "\n  FROM e AS E WHERE E.i = 1\n  UNION ALL\n  SELECT E.u, E.i");
	g->init = 0;
	gen_step(g);
	put_fields(g);
	put(g, "\n  FROM r AS S JOIN e AS E ON E.u = S.u AND E.i = S.i + 1),\n");
	put(g, "fin AS (SELECT r.* FROM r JOIN (SELECT u, max(i) AS i FROM e "
	    "GROUP BY u) AS l ON l.u = r.u AND l.i = r.i),\n");
	if (g->totals)
		put(g, "lv AS (SELECT o1l AS l, o1b AS b FROM r WHERE o1l > 0\n"
		    "  UNION ALL SELECT o2l, o2b FROM r WHERE o2l > 0\n"
		    "  UNION ALL SELECT blvl, bby FROM fin WHERE act = 1 AND "
		    "blvl > 0)\n");
	else
		put(g, "lv AS (SELECT blvl AS l, bby AS b FROM fin WHERE drp = 0 "
		    "AND blvl > 0)\n");
}

/* The ClickHouse type of the state tuple. */
static void
put_ch_type(struct gen *g)
{
	size_t i;
	int sep = 0;

	put(g, "'Tuple(");
	for (i = 0; i < g->nf; i++) {
		if (g->totals && g->fl[i].name[0] == 'o')
			continue;
		put(g, "%s%s %s", sep ? ", " : "", g->fl[i].name,
		    is_str(g->fl[i].name) ? "String" : "Int64");
		sep = 1;
	}
	put(g, g->totals ? ", em Array(Tuple(Int64, String)))'" : ")'");
}

/* The state tuple of the step's fields (o1, o2 become the list em). */
static void
put_ch_tuple(struct gen *g)
{
	const char *o[4] = { "0", "''", "0", "''" };
	size_t i;
	int sep = 0;

	put(g, "CAST(tuple(");
	for (i = 0; i < g->nf; i++) {
		if (g->totals && g->fl[i].name[0] == 'o') {
			o[(g->fl[i].name[1] - '1') * 2 +
			    (g->fl[i].name[2] == 'b')] = g->fl[i].x;
			continue;
		}
		put(g, "%s\n    %s", sep ? "," : "", g->fl[i].x);
		sep = 1;
	}
	if (g->totals && g->init)
		put(g, ",\n    []");
	else if (g->totals)
		put(g, ",\n    arrayConcat(S.em, arrayFilter(z -> z.1 > 0, "
		    "[(toInt64(%s), toString(%s)), (toInt64(%s), toString(%s))]))",
		    o[0], o[1], o[2], o[3]);
	put(g, "), ");
	put_ch_type(g);
	put(g, ")");
}

/* ClickHouse: the fold as arrayFold over each customer's events. */
static void
put_fold(struct gen *g)
{
	size_t k;

	put(g, "fd AS (SELECT u, arrayFold((S, E) -> ");
	g->init = 0;
	gen_step(g);
	put_ch_tuple(g);
	put(g, ",\n  arraySort(v -> (v.t, v.r, v.p, v.q, v.x), groupArray("
	    "CAST((t, r, p, q, x, gb");
	for (k = 1; k <= g->n; k++)
		put(g, ", m%zu", k);
	put(g, ", xc, fs), 'Tuple(t Int64, r Int64, p Int64, q Int64, x Int64, "
	    "gb String");
	for (k = 1; k <= g->n; k++)
		put(g, ", m%zu Int64", k);
	put(g, ", xc Int64, fs Int64)'))),\n  ");
	/* The start state: the step of the first event with constants. */
	g->nf = 0;
	g->init = 1;
	gen_step(g);
	for (k = 0; k < g->nf; k++)
		g->fl[k].x = O(g, g->fl[k].name);
	put_ch_tuple(g);
	put(g, ") AS F FROM e GROUP BY u),\n");
	if (g->totals)
		put(g, "lv AS (SELECT z.1 AS l, z.2 AS b FROM fd ARRAY JOIN "
		    "arrayConcat(F.em, arrayFilter(y -> F.act = 1, [(F.blvl, "
		    "F.bby)])) AS z WHERE z.1 > 0)\n");
	else
		put(g, "lv AS (SELECT F.blvl AS l, F.bby AS b FROM fd WHERE "
		    "F.drp = 0 AND F.blvl > 0)\n");
}

/* Is windowFunnel's matching cjm's here? (See the top of the file.) */
static int
window_funnel_fits(const cjm_funnel *f)
{
	size_t i;

	if (f->o.entry != CJM_ENTRY_LATEST || f->o.order != CJM_ORDER_LOOSE ||
	    f->o.count != CJM_COUNT_USERS || f->o.nexclude > 0 ||
	    f->o.by != NULL)
		return 0;
	for (i = 0; i < f->nnames; i++)
		if (f->names[i].stages & (f->names[i].stages - 1))
			return 0;
	return 1;
}

static void
put_window_funnel(struct gen *g)
{
	size_t k;

	put(g, "lv AS (SELECT '' AS b, windowFunnel(%s)(toUInt64(t)", g->w);
	for (k = 0; k < g->n; k++) {
		put(g, ", ");
		put_in(g, (int)k, 0);
	}
	put(g, ") AS l FROM raw GROUP BY u)\n");
}

/* The result: rows read, customers, then a row a stage and value. */
static void
put_result(struct gen *g)
{
	size_t k;

	put(g, "SELECT breakdown, stage, count FROM (\n  SELECT '' AS breakdown, "
	    "'*events' AS stage, %s AS k, count(*) AS count FROM ",
	    ch(g) ? "toInt64(-1)" : "-1");
	put_table(g, g->sp->table);
	put(g, "\n  UNION ALL SELECT '', '*users', %s, count(DISTINCT u) FROM "
	    "raw\n  UNION ALL SELECT b, ", ch(g) ? "toInt64(0)" : "0");
	if (ch(g)) {
		put(g, "[");
		for (k = 0; k < g->n; k++) {
			put(g, k ? ", " : "");
			put_str(g, g->f->ids[k]);
		}
		put(g, "][k], toInt64(k), count(*) FROM lv ARRAY JOIN range(1, "
		    "l + 1) AS k GROUP BY b, k");
	} else {
		put(g, "st.stage, st.k, count(*) FROM lv JOIN (VALUES ");
		for (k = 0; k < g->n; k++) {
			put(g, "%s(%zu, ", k ? ", " : "", k + 1);
			put_str(g, g->f->ids[k]);
			put(g, ")");
		}
		put(g, ") AS st(k, stage) ON lv.l >= st.k GROUP BY b, st.k, "
		    "st.stage");
	}
	put(g, "\n) AS res ORDER BY k, breakdown;\n");
}

/* A name in a comment line: no line breaks (they would end it). */
static void
put_comment(struct gen *g, const char *s)
{
	for (; *s; s++)
		put(g, "%c", *s == '\n' || *s == '\r' ? '?' : *s);
}

/* The first line: what the query computes, as cjm-funnel's options. */
static void
put_settings(struct gen *g)
{
	const cjm_funnel *f = g->f;
	size_t i;

	put(g, "-- cjm-funnel --sql %s: %zu stages; --entry %s --order %s "
	    "--count %s --window %sms", dialect_names[g->sp->dialect], g->n,
	    f->o.entry == CJM_ENTRY_FIRST ? "first" : "latest",
	    f->o.order == CJM_ORDER_ANY ? "any" : g->strict ? "strict" :
	    "loose", g->totals ? "totals" : "users", g->w);
	for (i = 0; i < f->nnames; i++)
		if (f->names[i].excluded) {
			put(g, " --exclude ");
			put_comment(g, f->names[i].s);
		}
	if (f->o.nexclude > 0)
		put(g, " --exclude-mode %s", g->drop ? "drop" : "truncate");
	if (g->by) {
		put(g, " --by ");
		put_comment(g, f->o.by);
	}
	put(g, "\n-- result: breakdown, stage, count (customers%s); no "
	    "times. Read it back with cjm-funnel --sql-result.\n",
	    g->totals ? " or attempts" : "");
}

int
cjm_sql_dialect_parse(const char *s, enum cjm_sql_dialect *out)
{
	if (strcasecmp(s, "clickhouse") == 0)
		*out = CJM_SQL_CLICKHOUSE;
	else if (strcasecmp(s, "duckdb") == 0)
		*out = CJM_SQL_DUCKDB;
	else if (strcasecmp(s, "postgres") == 0 ||
	    strcasecmp(s, "postgresql") == 0)
		*out = CJM_SQL_POSTGRES;
	else
		return -1;
	return 0;
}

char *
cjm_funnel_sql(const cjm_funnel *f, const cjm_sql_spec *sp, cjm_diags *ds)
{
	struct gen g;
	size_t i;

	/* Every funnel option is expressible in the three dialects; a
	 * parsing rule for text times is not (cast the strings in a view). */
	if (f->o.time_format != NULL) {
		cjm_diags_add(ds, CJM_FATAL, "sql-option", f->o.map_name, 0, NULL,
		    (cjm_pos){ 0, 0, 0 }, "give --sql a timestamp column, or a "
		    "number with --time-unit", "--time-format: the query "
		    "cannot parse text times by a strptime format");
		return NULL;
	}
	memset(&g, 0, sizeof(g));
	g.f = f;
	g.sp = sp;
	g.n = f->nstages;
	g.by = f->o.by != NULL;
	g.totals = f->o.count == CJM_COUNT_TOTALS;
	g.strict = f->o.order == CJM_ORDER_STRICT;
	g.drop = f->o.exclude_mode == CJM_EXCLUDE_DROP;
	snprintf(g.w, sizeof(g.w), "%lld", (long long)f->o.window_ms);
	put_settings(&g);
	put(&g, sp->dialect == CJM_SQL_CLICKHOUSE ? "WITH\n" :
	    "WITH RECURSIVE\n");
	put_raw(&g);
	if (sp->dialect == CJM_SQL_CLICKHOUSE && window_funnel_fits(f))
		put_window_funnel(&g);
	else {
		put_events(&g);
		if (sp->dialect == CJM_SQL_CLICKHOUSE)
			put_fold(&g);
		else
			put_recursive(&g);
	}
	put_result(&g);
	for (i = 0; i < g.npool; i++)
		free(g.pool[i]);
	free(g.pool);
	if (g.err) {
		free(g.out);
		return NULL;
	}
	return g.out;
}
