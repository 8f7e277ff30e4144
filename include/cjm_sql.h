/* cjm_sql.h: a funnel as one SQL query for a warehouse (ClickHouse,
 * DuckDB, PostgreSQL) that computes, in the engine, what cjm-funnel
 * computes from the same events (the semantics of cjm-funnel(1)), and
 * the engine's result read back into the funnel. */
#ifndef CJM_SQL_H
#define CJM_SQL_H

#include <stdio.h>

#include "cjm_funnel.h"

enum cjm_sql_dialect { CJM_SQL_CLICKHOUSE = 0, CJM_SQL_DUCKDB,
	CJM_SQL_POSTGRES };

typedef struct cjm_sql_spec {
	enum cjm_sql_dialect dialect;
	/* The events table ("events", "db.events": each dotted part is
	 * quoted as an identifier). The columns are the funnel's user_col,
	 * event_col, time_col (a timestamp type: DateTime or DateTime64 in
	 * ClickHouse, TIMESTAMP or TIMESTAMPTZ in DuckDB and PostgreSQL;
	 * or a number in the funnel's time_unit) and by (any type,
	 * compared as text; NULL or '' is "(none)"). */
	const char *table;
	/* A column giving the input order of events (a sequence number, an
	 * ingestion id), for events of one customer at one time that share
	 * a first stage; NULL: they are taken in the map's order of names,
	 * as cjm-funnel takes more than six names at one time. */
	const char *seq;
} cjm_sql_spec;

/* "clickhouse", "duckdb", "postgres" (case-insensitive; "postgresql"
 * too). 0 or -1. */
CJM_API int cjm_sql_dialect_parse(const char *s, enum cjm_sql_dialect *out);

/*
 * The query for the funnel f (its stages, names and options; no events
 * are needed), a new NUL-terminated string the caller frees. Its result
 * has three columns, breakdown (text; '' without --by, and for none),
 * stage (a stage id, or "*users" and "*events" for the customers with
 * a funnel event and the rows of the table) and count (customers, or
 * attempts with --count totals, reaching the stage), one row a stage
 * and breakdown value that someone reached. No times are computed.
 * NULL with a diagnostic (CJM_FATAL "sql-option", naming the option)
 * when the options cannot be expressed (time_format: no dialect parses
 * strptime formats), or when memory runs out.
 */
CJM_API char *cjm_funnel_sql(const cjm_funnel *f, const cjm_sql_spec *,
    cjm_diags *);

/*
 * The engine's result of that query, as CSV with a header (any column
 * order; delimiter sniffed) or JSON (an array of objects, an object with
 * a "data" array as ClickHouse's JSON format writes, or one object a
 * line), into f as if its events had been read: counts, breakdown,
 * users and events; no times. CJM_OK, CJM_EDATA (a malformed result:
 * diagnostics name the line), CJM_ESYS.
 */
CJM_API int cjm_funnel_sql_result(cjm_funnel *f, FILE *fp, const char *name,
    cjm_diags *);

#endif
