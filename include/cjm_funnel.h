/* cjm_funnel.h: conversion funnels over a map's stages, from counts or
 * from an event log. The semantics are in man/cjm-funnel.1. */
#ifndef CJM_FUNNEL_H
#define CJM_FUNNEL_H

#include <stdint.h>
#include <stdio.h>
#include <jansson.h>

#include "cjm.h"

/* Ownership follows cjm.h: handles are the caller's (cjm_X_free), json_t
 * results are new references unless the name ends in _root or _get. */

enum cjm_funnel_entry { CJM_ENTRY_LATEST = 0, CJM_ENTRY_FIRST };
enum cjm_funnel_order { CJM_ORDER_LOOSE = 0, CJM_ORDER_STRICT, CJM_ORDER_ANY };
enum cjm_funnel_count { CJM_COUNT_USERS = 0, CJM_COUNT_TOTALS };
enum cjm_funnel_exmode { CJM_EXCLUDE_DROP = 0, CJM_EXCLUDE_TRUNCATE };
enum cjm_events_format { CJM_EVENTS_AUTO = 0, CJM_EVENTS_CSV,
	CJM_EVENTS_JSONL, CJM_EVENTS_JSON };	/* JSON: one array of objects */
/* How a bare number in the time column is read (--time-unit). */
enum cjm_time_unit { CJM_TIME_AUTO = 0, CJM_TIME_S, CJM_TIME_MS,
	CJM_TIME_US, CJM_TIME_NS };

#define CJM_FUNNEL_MAX_STAGES	64	/* stages of one funnel */
#define CJM_FUNNEL_MAX_NAMES	32	/* distinct event names, excludes too */
#define CJM_FUNNEL_MAX_WINDOW	4294967295LL	/* ms: 49 days 17 h */

typedef struct cjm_funnel_opts {
	int64_t window_ms;		/* default 14 days */
	enum cjm_funnel_entry entry;
	enum cjm_funnel_order order;
	enum cjm_funnel_count count;
	enum cjm_funnel_exmode exclude_mode;
	const char *const *exclude;	/* event names; borrowed */
	size_t nexclude;
	const char *by;			/* breakdown column, or NULL */
	size_t top;			/* breakdown values kept; default 10 */
	const char *user_col, *event_col, *time_col;
	int skip_bad;			/* skip and count bad rows */
	int sorted;			/* input grouped by user, in time order */
	int allow_growth;		/* counts may grow along the journey */
	const char *map_name;		/* the map, for diagnostics (or NULL) */
	int threads;			/* 2: parse on a second thread; 0, 1 not */
	char delim;			/* CSV delimiter of the log; 0: sniffed */
	enum cjm_time_unit time_unit;	/* AUTO: see cjm_time_auto */
	const char *time_format;	/* strptime-style, or NULL */
} cjm_funnel_opts;

CJM_API void cjm_funnel_opts_default(cjm_funnel_opts *);

/* Parse a time: ISO 8601 (date, date and time with or without seconds,
 * fraction and zone; no zone is UTC) or Unix time, seconds when below
 * 1e11, else milliseconds (a fraction allowed). 0 or -1. */
CJM_API int cjm_time_parse(const char *s, size_t len, int64_t *ms);
/*
 * Times as the event reader takes them. Every time must fall in
 * 1900-01-01T00:00:00Z .. 2200-01-01T00:00:00Z (exclusive). Each returns
 * 0, -1 when the text is not of the form, -2 when it is but out of the
 * bounds.
 * cjm_time_unit_parse: a number in a unit, negative before 1970 (s and
 *   ms take a fraction; us and ns are whole): the ms the time falls in
 *   (floor: a fraction of a ms is dropped after 1970, rounds down before).
 * cjm_time_format_parse: by a strptime-style format: %Y %y %m %d %e %H
 *   %I %p %M %S %f (fraction, 1-9 digits) %z %Z (Z, UTC, GMT, +HH[:MM])
 *   %b %B %h (English month names) %s (Unix seconds) %T %F %%; a space
 *   matches any run of blanks; the rest literally. No zone is UTC; the
 *   day is checked against the month. cjm_time_format_check: 0, -1
 *   for an unknown directive, -2 for a format with none (no time).
 * cjm_time_auto: ISO 8601 (cjm_time_parse, " UTC" too), or a bare
 *   number that is plausible Unix seconds or milliseconds: within
 *   1990-01-01 .. 2100-01-01 as one of them. Otherwise -2 (or -1) with
 *   hint naming the option that reads it (compact dates 20240101,
 *   microseconds, day-first dates 01.05.2024 ...), or, for ISO 8601 of
 *   the right form, what is wrong (2024-02-30 is not a date, hour 25,
 *   year 2300); hint is empty when the form is what is wrong.
 */
CJM_API int cjm_time_unit_parse(const char *s, size_t len, enum cjm_time_unit,
    int64_t *ms);
CJM_API int cjm_time_format_check(const char *fmt);
CJM_API int cjm_time_format_parse(const char *fmt, const char *s, size_t len,
    int64_t *ms);
/* After cjm_time_format_parse failed on s, what is wrong, for a
 * diagnostic's hint: a value out of its range (month 13, hour 25), a day
 * its month has not (2024-02-30), a year outside 1900..2199, or that the
 * text does not fit the format. Parses s again: call it on failures. */
CJM_API void cjm_time_format_hint(const char *fmt, const char *s,
    size_t len, char *hint, size_t cap);
CJM_API int cjm_time_auto(const char *s, size_t len, int64_t *ms, char *hint,
    size_t cap);
/* Parse a duration "90", "30s", "15m", "2h", "14d" (no unit: seconds)
 * into milliseconds. 0, -1 when it is not one, -2 when it is but does
 * not fit 64-bit milliseconds (checked before any arithmetic). */
CJM_API int cjm_duration_parse(const char *s, int64_t *ms);

/*
 * Reading an event log, CSV (via cjm_csv) or JSON Lines: each good row
 * goes to fn (strings borrowed for the call, NUL-terminated; by is NULL
 * when no by column was asked for or the row has none). A missing column
 * is an error naming it; a row with an empty user id or a bad time is an
 * error naming its line, or skipped and counted in *skipped when
 * skip_bad. fn returns CJM_OK or a status that stops the read.
 */
typedef int (*cjm_event_fn)(void *ctx, const char *user, size_t ulen,
    const char *event, size_t elen, int64_t ms, const char *by, size_t blen,
    unsigned long line, cjm_diags *);
typedef struct cjm_events_spec {
	const char *user_col, *event_col, *time_col, *by_col;
	int skip_bad;
	enum cjm_events_format format;
	char delim;		/* CSV delimiter: , ; | or tab; 0: sniffed */
	enum cjm_time_unit time_unit;
	const char *time_format;	/* NULL: by time_unit */
} cjm_events_spec;
CJM_API int cjm_events_read(FILE *fp, const char *name, const cjm_events_spec *,
    cjm_event_fn fn, void *ctx, uint64_t *skipped, uint64_t *rows,
    cjm_diags *);

typedef struct cjm_funnel cjm_funnel;

/*
 * A funnel over nstages stages; stage i is reached by the event names
 * names[i][0..nnames[i]-1] (borrowed only during the call). stage_ids
 * name the stages in results. opts is copied (its strings too). NULL
 * when the funnel cannot be: a map with too many stages or event names
 * (an error), or options that do not fit it (fatal).
 */
CJM_API cjm_funnel *cjm_funnel_new(size_t nstages, const char *const *stage_ids,
    const char *const *const *names, const size_t *nnames,
    const cjm_funnel_opts *opts, cjm_diags *);
CJM_API void cjm_funnel_free(cjm_funnel *);

/* Read an event log. A seekable input may be read twice (for users
 * whose events are out of time order); the tool gives non-seekable
 * input as a temporary copy. A regular file is memory-mapped: if it is
 * truncated while read, the process gets SIGBUS, which the caller
 * handles (cjm-funnel reports a read error). Returns CJM_OK, CJM_EDATA (bad rows: see
 * the diagnostics; no result then), CJM_ESYS. */
CJM_API int cjm_funnel_read(cjm_funnel *, FILE *fp, const char *name,
    enum cjm_events_format, cjm_diags *);

/* One event, for tests and other front ends: user, event name, time in
 * ms, breakdown value (NULL none). Input order is call order. */
CJM_API int cjm_funnel_add(cjm_funnel *, const char *user, const char *event,
    int64_t ms, const char *by, cjm_diags *);
/* Events are complete: finish every user. Call once, before results. */
CJM_API int cjm_funnel_finish(cjm_funnel *, cjm_diags *);

/* Results. count of stage i (0-based); entries (attempts in totals). */
CJM_API uint64_t cjm_funnel_count(const cjm_funnel *, size_t stage);
/* Time in ms from stage i-1 to stage i (i >= 1) or end to end (i ==
 * nstages): what 0 median, 1 p90, 2 mean. -1 when nobody converted. */
CJM_API double cjm_funnel_time(const cjm_funnel *, size_t i, int what);

/* The mergeable state of a shard of users (new reference), and merging
 * one into a funnel with the same stages and settings. */
CJM_API json_t *cjm_funnel_partial(const cjm_funnel *);
CJM_API int cjm_funnel_merge(cjm_funnel *, const json_t *partial, const char *name,
    cjm_diags *);

/* The settings as the map's funnel section has them, and back (strings
 * then borrowed from st; exclude gets up to maxex names). */
CJM_API json_t *cjm_funnel_settings(const cjm_funnel *);
CJM_API int cjm_funnel_settings_parse(const json_t *st, cjm_funnel_opts *,
    const char **exclude, size_t maxex);
/* The breakdown rows (new reference): the top values by customers who
 * entered, then "other", then "(none)". */
CJM_API json_t *cjm_funnel_breakdown(const cjm_funnel *);
/* a as a percentage of b (b > 0), rounded to two decimals. */
CJM_API double cjm_funnel_pct(uint64_t a, uint64_t b);
/* Users (with a funnel event), events read, bad rows skipped. */
CJM_API void cjm_funnel_totals(const cjm_funnel *, uint64_t *users,
    uint64_t *events, uint64_t *skipped);
CJM_API size_t cjm_funnel_nstages(const cjm_funnel *);
CJM_API const cjm_funnel_opts *cjm_funnel_get_opts(const cjm_funnel *);

/* Write the results into a canonical map: stages[].funnel and the map's
 * funnel section (the contract's schema). A count that grows along the
 * journey is a warning unless allowed. src, the document the map came
 * from (or NULL), gives diagnostics their places. */
CJM_API int cjm_funnel_annotate(const cjm_funnel *, json_t *map, const cjm_doc *src,
    cjm_diags *);

/* Counts mode: the map's stages carry funnel.count; add the rates and
 * the summary. CJM_EDATA when a stage has no count. */
CJM_API int cjm_funnel_counts(json_t *map, const cjm_doc *src,
    const cjm_funnel_opts *, cjm_diags *);

/* Reports of a map that carries its funnel (after cjm_funnel_annotate
 * or cjm_funnel_counts), as malloc()ed text; NULL when memory runs out.
 * The table is for people: in lang ("en" or "ru"; NULL: the map's lang,
 * else English), with the language's labels, decimal commas in Russian,
 * stage names, columns aligned by display width (one column a code
 * point). The CSV is for spreadsheets and scripts: stable English column
 * names (stage id and name, customers, percentages, seconds), decimal
 * points, RFC 4180 quoting, whatever the language. */
CJM_API char *cjm_funnel_table(const json_t *map, const char *lang);
CJM_API char *cjm_funnel_csv(const json_t *map);

#endif
