/* test_sql.c: the funnel's SQL generator (what each dialect's query is
 * made of, quoting) and the reader of the engine's result. The queries'
 * numbers are checked on real engines by tests/funnel-sql-engines.test.sh. */
#include <stdio.h>

#include "unit.h"
#include "cjm_sql.h"

/* A funnel of three stages: a | b,y | c,b (b in two stages when two). */
static cjm_funnel *
make(int two, enum cjm_funnel_entry entry, enum cjm_funnel_order order,
    enum cjm_funnel_count count, const char *exclude, const char *by)
{
	static const char *s1[] = { "a" }, *s2[] = { "b", "y" },
	    *s3[] = { "c", "b" }, *s3b[] = { "c" };
	const char *const *names[3] = { s1, s2, two ? s3 : s3b };
	size_t nn[3] = { 1, 2, two ? 2 : 1 };
	const char *ids[3] = { "one", "two", "three" };
	cjm_funnel_opts o;
	cjm_diags *ds = cjm_diags_new();
	cjm_funnel *f;

	cjm_funnel_opts_default(&o);
	o.entry = entry;
	o.order = order;
	o.count = count;
	o.exclude = &exclude;
	o.nexclude = exclude != NULL;
	o.by = by;
	f = cjm_funnel_new(3, ids, names, nn, &o, ds);
	ck_assert_ptr_nonnull(f);
	cjm_diags_free(ds);
	return f;
}

/* A case: the funnel, the dialect, strings the query must and must not
 * hold. */
struct qcase {
	const char *name;
	int two;
	enum cjm_funnel_entry entry;
	enum cjm_funnel_order order;
	enum cjm_funnel_count count;
	const char *exclude, *by;
	enum cjm_sql_dialect d;
	const char *table, *seq;
	const char *has[4], *hasnot[3];
};

static const struct qcase qcases[] = {
	{ "clickhouse windowFunnel: its rules are cjm's here", 0,
	    CJM_ENTRY_LATEST, CJM_ORDER_LOOSE, CJM_COUNT_USERS, NULL, NULL,
	    CJM_SQL_CLICKHOUSE, "events", NULL,
	    { "windowFunnel(1209600000)(toUInt64(t)", "n IN ('a')",
	    "toUnixTimestamp64Milli", NULL }, { "arrayFold", "RECURSIVE",
	    NULL } },
	{ "clickhouse: a name in two stages, no windowFunnel", 1,
	    CJM_ENTRY_LATEST, CJM_ORDER_LOOSE, CJM_COUNT_USERS, NULL, NULL,
	    CJM_SQL_CLICKHOUSE, "events", NULL,
	    { "arrayFold((S, E) ->", "arraySort(", NULL }, { "windowFunnel",
	    NULL } },
	{ "clickhouse: --by, no windowFunnel", 0, CJM_ENTRY_LATEST,
	    CJM_ORDER_LOOSE, CJM_COUNT_USERS, NULL, "ch",
	    CJM_SQL_CLICKHOUSE, "events", NULL,
	    { "arrayFold", "argMin(b", "toString(\"ch\")", NULL },
	    { "windowFunnel", NULL } },
	{ "clickhouse totals: the ended attempts in a list", 0,
	    CJM_ENTRY_FIRST, CJM_ORDER_STRICT, CJM_COUNT_TOTALS, "z", NULL,
	    CJM_SQL_CLICKHOUSE, "events", NULL,
	    { "em Array(Tuple(Int64, String))", "ARRAY JOIN", "--exclude z",
	    NULL }, { "windowFunnel", NULL } },
	{ "duckdb: a recursive fold, a row a step", 0, CJM_ENTRY_LATEST,
	    CJM_ORDER_LOOSE, CJM_COUNT_USERS, NULL, NULL, CJM_SQL_DUCKDB,
	    "events", NULL,
	    { "WITH RECURSIVE", "epoch_ms(\"timestamp\")",
	    "JOIN e AS E ON E.u = S.u AND E.i = S.i + 1", "AS VARCHAR" },
	    { "windowFunnel", "arrayFold", NULL } },
	{ "postgres: schema-qualified table, a sequence column", 0,
	    CJM_ENTRY_FIRST, CJM_ORDER_ANY, CJM_COUNT_TOTALS, NULL, NULL,
	    CJM_SQL_POSTGRES, "an\"alytics.events", "ingest",
	    { "FROM \"an\"\"alytics\".\"events\"", "\"ingest\" AS q",
	    "extract(epoch FROM \"timestamp\")", "AS text" },
	    { "VARCHAR", NULL } },
	{ "postgres: without a sequence column, ties in map order", 0,
	    CJM_ENTRY_LATEST, CJM_ORDER_STRICT, CJM_COUNT_USERS, NULL, NULL,
	    CJM_SQL_POSTGRES, "events", NULL,
	    { "0 AS q", "CASE WHEN ng > 6 THEN x ELSE 0 END, q, x", NULL },
	    { NULL } },
};

START_TEST(test_query)
{
	const struct qcase *c = &qcases[_i];
	cjm_funnel *f = make(c->two, c->entry, c->order, c->count, c->exclude,
	    c->by);
	cjm_sql_spec sp = { c->d, c->table, c->seq };
	cjm_diags *ds = cjm_diags_new();
	char *q = cjm_funnel_sql(f, &sp, ds);
	size_t i;

	ck_assert_msg(q != NULL, "%s: no query", c->name);
	for (i = 0; i < 4 && c->has[i]; i++)
		ck_assert_msg(strstr(q, c->has[i]) != NULL, "%s: no '%s'",
		    c->name, c->has[i]);
	for (i = 0; i < 3 && c->hasnot[i]; i++)
		ck_assert_msg(strstr(q, c->hasnot[i]) == NULL, "%s: '%s'",
		    c->name, c->hasnot[i]);
	free(q);
	cjm_diags_free(ds);
	cjm_funnel_free(f);
}
END_TEST

/* Event names are string literals: quotes doubled, and backslashes
 * doubled in ClickHouse, where they escape. */
START_TEST(test_quoting)
{
	static const char *s1[] = { "it's" }, *s2[] = { "a\\b" };
	const char *const *names[2] = { s1, s2 };
	size_t nn[2] = { 1, 1 };
	const char *ids[2] = { "x", "y" };
	cjm_funnel_opts o;
	cjm_diags *ds = cjm_diags_new();
	cjm_funnel *f;
	cjm_sql_spec ch = { CJM_SQL_CLICKHOUSE, "events", NULL };
	cjm_sql_spec pg = { CJM_SQL_POSTGRES, "events", NULL };
	char *q;

	cjm_funnel_opts_default(&o);
	f = cjm_funnel_new(2, ids, names, nn, &o, ds);
	q = cjm_funnel_sql(f, &ch, ds);
	ck_assert_ptr_nonnull(strstr(q, "'it''s'"));
	ck_assert_ptr_nonnull(strstr(q, "'a\\\\b'"));
	free(q);
	q = cjm_funnel_sql(f, &pg, ds);
	ck_assert_ptr_nonnull(strstr(q, "'a\\b'"));
	ck_assert_ptr_null(strstr(q, "'a\\\\b'"));
	free(q);
	cjm_funnel_free(f);
	cjm_diags_free(ds);
}
END_TEST

START_TEST(test_dialects)
{
	enum cjm_sql_dialect d;

	ck_assert_int_eq(cjm_sql_dialect_parse("ClickHouse", &d), 0);
	ck_assert_int_eq(d, CJM_SQL_CLICKHOUSE);
	ck_assert_int_eq(cjm_sql_dialect_parse("duckdb", &d), 0);
	ck_assert_int_eq(d, CJM_SQL_DUCKDB);
	ck_assert_int_eq(cjm_sql_dialect_parse("PostgreSQL", &d), 0);
	ck_assert_int_eq(d, CJM_SQL_POSTGRES);
	ck_assert_int_eq(cjm_sql_dialect_parse("mysql", &d), -1);
}
END_TEST

/* A result: the input, the status, stage counts and customers wanted. */
struct rcase {
	const char *name, *in;
	int status;
	uint64_t c[3], users, events;
};

static const struct rcase rcases[] = {
	{ "csv", "breakdown,stage,count\n,*events,9\n,*users,4\n,one,4\n"
	    ",two,2\n,three,1\n", CJM_OK, { 4, 2, 1 }, 4, 9 },
	{ "csv, columns in another order, semicolons, by values",
	    "count;stage;breakdown\n3;one;web\n1;one;\n2;two;web\n",
	    CJM_OK, { 4, 2, 0 }, 0, 0 },
	{ "clickhouse JSON", "{\"meta\": [], \"data\": [{\"breakdown\": \"\", "
	    "\"stage\": \"one\", \"count\": \"5\"}], \"rows\": 1}", CJM_OK,
	    { 5, 0, 0 }, 0, 0 },
	{ "an array", "[{\"stage\": \"two\", \"count\": 2}, {\"stage\": "
	    "\"*users\", \"count\": 7}]", CJM_OK, { 0, 2, 0 }, 7, 0 },
	{ "JSON lines", "{\"stage\": \"one\", \"count\": 1}\n\n{\"stage\": "
	    "\"three\", \"count\": 1}\n", CJM_OK, { 1, 0, 1 }, 0, 0 },
	{ "an unknown stage", "stage,count\nfour,1\n", CJM_EDATA, { 0 }, 0,
	    0 },
	{ "a negative count", "stage,count\none,-1\n", CJM_EDATA, { 0 }, 0,
	    0 },
	{ "no header", "one,1\n", CJM_EDATA, { 0 }, 0, 0 },
	{ "a bad line of JSON lines", "{\"stage\": \"one\", \"count\": 1}\n"
	    "{oops\n", CJM_EDATA, { 0 }, 0, 0 },
	{ "empty", "  \n", CJM_EDATA, { 0 }, 0, 0 },
};

START_TEST(test_result)
{
	const struct rcase *c = &rcases[_i];
	cjm_funnel *f = make(0, CJM_ENTRY_LATEST, CJM_ORDER_LOOSE,
	    CJM_COUNT_USERS, NULL, "ch");
	cjm_diags *ds = cjm_diags_new();
	FILE *fp = fmemopen((void *)c->in, strlen(c->in), "r");
	uint64_t users, events, skipped;
	size_t k;

	ck_assert_int_eq(cjm_funnel_sql_result(f, fp, "r", ds), c->status);
	if (c->status == CJM_OK) {
		for (k = 0; k < 3; k++)
			ck_assert_msg(cjm_funnel_count(f, k) == c->c[k],
			    "%s: stage %zu", c->name, k);
		cjm_funnel_totals(f, &users, &events, &skipped);
		ck_assert_uint_eq(users, c->users);
		ck_assert_uint_eq(events, c->events);
	} else
		ck_assert_int_ge(cjm_diags_worst(ds), CJM_ERROR);
	fclose(fp);
	cjm_diags_free(ds);
	cjm_funnel_free(f);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("sql");
	TCase *tc = tcase_create("sql");

	tcase_add_loop_test(tc, test_query, 0,
	    (int)(sizeof(qcases) / sizeof(qcases[0])));
	tcase_add_test(tc, test_quoting);
	tcase_add_test(tc, test_dialects);
	tcase_add_loop_test(tc, test_result, 0,
	    (int)(sizeof(rcases) / sizeof(rcases[0])));
	suite_add_tcase(s, tc);
	return s;
}
