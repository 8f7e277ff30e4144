/* sql_result.c: the result of cjm_funnel_sql's query, as the engine's
 * client writes it (CSV or JSON), into a funnel. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cjm_sql.h"
#include "funnel_impl.h"
#include "grow.h"
#include "jtext.h"

static int
bad(cjm_diags *ds, const char *name, unsigned long line, const char *msg)
{
	cjm_diags_add(ds, CJM_ERROR, "sql-result", name, 0, NULL,
	    (cjm_pos){ line, 0, 0 }, "give the result of cjm-funnel --sql's "
	    "query for this map, as CSV with a header or JSON", "%s", msg);
	return CJM_EDATA;
}

/* Add c to *to; -1 when the sum would pass INT64_MAX, the largest
 * count the map's JSON carries (c itself is no larger). */
static int
add_count(uint64_t *to, uint64_t c)
{
	if (*to > (uint64_t)INT64_MAX - c)
		return -1;
	*to += c;
	return 0;
}

/* One row: breakdown value, stage (or *users, *events), count. Counts
 * past INT64_MAX are refused, not wrapped: 18446744073709551615 became
 * a count of -1 in the map (a new user's find). */
static int
add_row(cjm_funnel *f, const char *b, size_t blen, const char *stage,
    const char *count, const char *name, unsigned long line, cjm_diags *ds)
{
	static const char *const big = "the count, or the counts of this "
	    "stage added up, pass 9223372036854775807";
	char *end;
	unsigned long long c;
	uint32_t bi = NONE_BY;
	size_t k;

	errno = 0;
	if (count[0] < '0' || count[0] > '9' ||
	    (c = strtoull(count, &end, 10), *end != '\0'))
		return bad(ds, name, line, "the count is not a whole number");
	if (errno == ERANGE || c > (unsigned long long)INT64_MAX)
		return bad(ds, name, line, big);
	if (strcmp(stage, "*users") == 0)
		return add_count(&f->users, c) == 0 ? CJM_OK : bad(ds, name,
		    line, big);
	if (strcmp(stage, "*events") == 0)
		return add_count(&f->events, c) == 0 ? CJM_OK : bad(ds, name,
		    line, big);
	for (k = 0; k < f->nstages && strcmp(f->ids[k], stage) != 0; k++)
		;
	if (k == f->nstages)
		return bad(ds, name, line, "the stage is not one of the map's");
	if (blen > 0 && f->o.by == NULL)
		return bad(ds, name, line, "a breakdown value, but no --by");
	if (blen > 0 && funnel_by_intern(f, b, blen, &bi) < 0)
		return CJM_ESYS;
	if (add_count(&f->count[k], c) != 0)
		return bad(ds, name, line, big);
	f->by[bi].count[k] += c;	/* a part of the sum: no larger */
	return CJM_OK;
}

/* The column of each of the three names in a header; -1 when absent. */
static int
header(char **fl, size_t n, int col[3])
{
	static const char *const names[] = { "breakdown", "stage", "count" };
	size_t i, j;

	for (j = 0; j < 3; j++) {
		col[j] = -1;
		for (i = 0; i < n; i++)
			if (strcmp(fl[i], names[j]) == 0)
				col[j] = (int)i;
	}
	return col[1] < 0 || col[2] < 0 ? -1 : 0;
}

static int
read_csv(cjm_funnel *f, FILE *fp, const char *name, cjm_diags *ds)
{
	cjm_csv *c = cjm_csv_new(fp, name, 0);
	char **fl;
	size_t *len, n;
	int col[3], st = CJM_OK, r = CJM_DONE, hdr = 0;

	if (c == NULL)
		return CJM_ESYS;
	while (st == CJM_OK && (r = cjm_csv_next(c, &fl, &len, &n, ds)) == CJM_OK) {
		if (n == 1 && len[0] == 0)
			continue;
		if (!hdr) {
			hdr = 1;
			if (header(fl, n, col) < 0)
				st = bad(ds, name, cjm_csv_line(c), "the header "
				    "has no stage and count columns");
			continue;
		}
		if ((size_t)col[1] >= n || (size_t)col[2] >= n ||
		    (col[0] >= 0 && (size_t)col[0] >= n))
			st = bad(ds, name, cjm_csv_line(c), "a short row");
		else
			st = add_row(f, col[0] >= 0 ? fl[col[0]] : "",
			    col[0] >= 0 ? len[col[0]] : 0, fl[col[1]],
			    fl[col[2]], name, cjm_csv_line(c), ds);
	}
	if (st == CJM_OK && r != CJM_DONE)
		st = r;
	if (st == CJM_OK && !hdr)
		st = bad(ds, name, 0, "the result is empty");
	cjm_csv_free(c);
	return st;
}

/* A JSON value as text: strings as they are, numbers written out
 * (ClickHouse quotes 64-bit integers, DuckDB does not). */
static const char *
jtext(const json_t *v, char *buf, size_t n)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, n, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	return v == NULL || json_is_null(v) ? "" : "?";
}

static int
json_row(cjm_funnel *f, const json_t *o, const char *name, unsigned long i,
    cjm_diags *ds)
{
	char nb[32];
	const char *b, *s;

	if (!json_is_object(o))
		return bad(ds, name, i, "a row that is not an object");
	b = jtext(json_object_get(o, "breakdown"), nb, sizeof(nb));
	s = json_string_value(json_object_get(o, "stage"));
	if (s == NULL)
		return bad(ds, name, i, "a row without a stage");
	return add_row(f, b, strlen(b), s, jtext(json_object_get(o, "count"),
	    nb + 0, sizeof(nb)), name, i, ds);
}

/* One JSON document: an array of rows, {"data": [...]}, or one row. */
static int
json_doc(cjm_funnel *f, const json_t *v, const char *name,
    unsigned long line, cjm_diags *ds)
{
	const json_t *rows = json_is_object(v) && json_is_array(
	    json_object_get(v, "data")) ? json_object_get(v, "data") : v;
	size_t i;
	int st = CJM_OK;

	if (!json_is_array(rows))
		return json_row(f, rows, name, line, ds);
	for (i = 0; i < json_array_size(rows) && st == CJM_OK; i++)
		st = json_row(f, json_array_get(rows, i), name, line ? line :
		    (unsigned long)i + 1, ds);
	return st;
}

/* The whole result (a client's output is small): one document, or one
 * a line (JSON Lines, ClickHouse's JSONEachRow). */
static int
read_json(cjm_funnel *f, FILE *fp, const char *name, cjm_diags *ds)
{
	char *buf = NULL, *p, *nl;
	size_t len = 0, cap = 0, n;
	unsigned long line = 0;
	json_error_t e;
	json_t *v;
	int st = CJM_OK;
	char msg[JSON_ERROR_TEXT_LENGTH + 16];

	do {
		if (cjm_grow(&buf, &cap, len + 65536, 1, 65536) < 0) {
			free(buf);
			return CJM_ESYS;
		}
		n = fread(buf + len, 1, 65536, fp);
		len += n;
	} while (n > 0);
	if (ferror(fp)) {
		free(buf);
		return CJM_ESYS;
	}
	/* Duplicate keys are refused, as in event logs: a second "stage"
	 * silently won before (a new user's find). */
	if ((v = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &e)) != NULL ||
	    json_error_code(&e) == json_error_duplicate_key) {
		st = v != NULL ? json_doc(f, v, name, 0, ds) : bad(ds, name,
		    (unsigned long)e.line, cjm_json_error(e.text, msg,
		    sizeof(msg)));
		json_decref(v);
		free(buf);
		return st;
	}
	buf[len] = '\0';
	for (p = buf; st == CJM_OK && p < buf + len; p = nl + 1) {
		line++;
		if ((nl = strchr(p, '\n')) == NULL)
			nl = buf + len;
		if (strspn(p, " \t\r") == (size_t)(nl - p))
			continue;
		if ((v = json_loadb(p, (size_t)(nl - p),
		    JSON_REJECT_DUPLICATES, &e)) == NULL)
			st = bad(ds, name, line, cjm_json_error(e.text, msg,
			    sizeof(msg)));
		else
			st = json_doc(f, v, name, line, ds);
		json_decref(v);
	}
	free(buf);
	return st;
}

int
cjm_funnel_sql_result(cjm_funnel *f, FILE *fp, const char *name,
    cjm_diags *ds)
{
	int c, st;

	while ((c = getc(fp)) == ' ' || c == '\n' || c == '\r' || c == '\t')
		;
	if (c == EOF)
		return bad(ds, name, 0, "the result is empty");
	ungetc(c, fp);
	st = c == '{' || c == '[' ? read_json(f, fp, name, ds) :
	    read_csv(f, fp, name, ds);
	if (st == CJM_OK)
		f->finished = 1;
	return st;
}
