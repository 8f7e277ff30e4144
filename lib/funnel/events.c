/* events.c: event logs (CSV or JSON Lines) and their times, for funnels. */
#define _GNU_SOURCE	/* fopencookie: see struct replay */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jtext.h"
#include "cjm_funnel.h"
#include "diagpos.h"
#include "grow.h"
#include "load.h"
#include "num.h"

#define EV_MAX_LINE	(1024 * 1024)	/* one JSON Lines record */
#define EV_MAX_BAD	20		/* bad rows reported before stopping */
#define EV_MAX_SKIP_WARN 1000	/* rows --skip-bad names one by one */

/* n digits at s as a number; -1 when one is not a digit. */
static long
digits(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Fraction digits after a point as milliseconds (truncated); *n gets
 * how many digits there were. */
static int64_t
fraction_ms(const char *s, size_t len, size_t *n)
{
	int64_t ms = 0;
	size_t i;

	for (i = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		if (i < 3)
			ms = ms * 10 + (s[i] - '0');
	*n = i;
	for (; i < 3 && *n > 0; i++)
		ms *= 10;
	return ms;
}

/* Unix seconds below 1e11 (until the year 5138), else milliseconds. */
static int
unix_time(const char *s, size_t len, int64_t *ms)
{
	int64_t v = 0, f = 0;
	size_t i, nf = 0;

	for (i = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (i >= 15)
			return -1;	/* past the year 30000 in ms */
		v = v * 10 + (s[i] - '0');
	}
	if (i == 0)
		return -1;
	if (i < len) {
		if (s[i] != '.')
			return -1;
		f = fraction_ms(s + i + 1, len - i - 1, &nf);
		if (nf == 0 || i + 1 + nf != len)
			return -1;
	}
	if (v < 100000000000LL)
		*ms = v * 1000 + f;
	else
		*ms = v;	/* a fraction of a millisecond is dropped */
	return 0;
}

static int
month_days(long y, long m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/* A zone at s: Z, +HH, +HHMM, +HH:MM; its offset in minutes. */
static int
zone(const char *s, size_t len, long *min)
{
	long h, m = 0;

	*min = 0;
	if (len == 0)
		return 0;
	if (len == 1 && (*s == 'Z' || *s == 'z'))
		return 0;
	/* BigQuery's CSV: "2024-05-01 10:00:00 UTC". */
	if (len == 4 && *s == ' ' && (strncasecmp(s + 1, "UTC", 3) == 0 ||
	    strncasecmp(s + 1, "GMT", 3) == 0))
		return 0;
	if ((*s != '+' && *s != '-') || len < 3 || (h = digits(s + 1, 2)) < 0)
		return -1;
	if (len == 6 && s[3] == ':')
		m = digits(s + 4, 2);
	else if (len == 5)
		m = digits(s + 3, 2);
	else if (len != 3)
		return -1;
	if (m < 0 || m > 59 || h > 23)
		return -1;
	*min = (h * 60 + m) * (*s == '-' ? -1 : 1);
	return 0;
}

/* The part after the date: [T ]HH:MM[:SS[.f]][zone]. */
static int
clock_part(const char *s, size_t len, int64_t *ms)
{
	long h, mi, sec = 0, off;
	int64_t f = 0;
	size_t i = 5, nf;

	if (len < 5 || s[2] != ':' || (h = digits(s, 2)) < 0 ||
	    (mi = digits(s + 3, 2)) < 0 || h > 23 || mi > 59)
		return -1;
	if (i < len && s[i] == ':') {
		if (len < 8 || (sec = digits(s + 6, 2)) < 0 || sec > 60)
			return -1;
		i = 8;
		if (i < len && (s[i] == '.' || s[i] == ',')) {
			f = fraction_ms(s + i + 1, len - i - 1, &nf);
			if (nf == 0)
				return -1;
			i += 1 + nf;
		}
	}
	if (zone(s + i, len - i, &off) < 0)
		return -1;
	*ms = ((h * 60 + mi - off) * 60 + sec) * 1000 + f;
	return 0;
}

int
cjm_time_parse(const char *s, size_t len, int64_t *ms)
{
	long y, mo, d;
	int64_t t = 0;

	cjm_trim_blanks(&s, &len);
	if (len < 10 || s[4] != '-')
		return unix_time(s, len, ms);
	if (s[7] != '-' || (y = digits(s, 4)) < 0 ||
	    (mo = digits(s + 5, 2)) < 1 || mo > 12 ||
	    (d = digits(s + 8, 2)) < 1 || d > month_days(y, mo))
		return -1;
	if (len > 10) {
		if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
		    clock_part(s + 11, len - 11, &t) < 0)
			return -1;
	}
	*ms = cjm_civil_days(y, (unsigned)mo, (unsigned)d) * 86400000LL + t;
	return 0;
}

int
cjm_duration_parse(const char *s, int64_t *ms)
{
	int64_t v = 0, unit = 1000;
	size_t i;

	for (i = 0; s[i] >= '0' && s[i] <= '9'; i++) {
		if (i >= 18)
			return -2;	/* checked before it could overflow */
		v = v * 10 + (s[i] - '0');
	}
	if (i == 0)
		return -1;
	switch (s[i]) {
	case '\0': break;
	case 's': unit = 1000; i++; break;
	case 'm': unit = 60000; i++; break;
	case 'h': unit = 3600000; i++; break;
	case 'd': unit = 86400000; i++; break;
	default: return -1;
	}
	if (s[i] != '\0')
		return -1;
	if (v > INT64_MAX / unit)
		return -2;
	*ms = v * unit;
	return 0;
}

/* One read of an event log. */
struct evread {
	const char *name;
	const cjm_events_spec *sp;
	cjm_event_fn fn;
	void *ctx;
	uint64_t *skipped, *rows;
	cjm_diags *ds;
	unsigned nbad;
	int status;
	uint64_t nrec;			/* records seen (JSON) */
	char day[10];			/* the last plain ISO time's date */
	int64_t dayms;			/* its midnight, or -1: none */
	size_t off0;			/* byte offset the reader starts at */
	/* The row being read, to place a fault in it: */
	cjm_csv *csv;			/* CSV: the reader */
	size_t fi[3];			/* CSV: the user, event, time fields */
	const char *rec;		/* JSON: the record's text */
	size_t rlen;
	cjm_pos rat;			/* JSON: where the record starts */
	/* The last row fault said, and the rows since with the same: */
	char *rep;			/* code, a NUL, message */
	enum cjm_level rep_level;
	uint64_t nrep;
	unsigned long rep_first;	/* the first of those rows' line */
	size_t rep_i;			/* its diagnostic's index in ds */
};

/* What in a row a diagnostic points at: the user, event or time field
 * (the order of field()'s tables), the row's start, its end. */
enum { AT_USER, AT_EVENT, AT_TIME, AT_ROW, AT_END };

/* A place rel in a record's text as a place in the input, the record
 * starting at at. */
static cjm_pos
shift(cjm_pos at, cjm_pos rel)
{
	if (rel.line > 1) {
		at.line += rel.line - 1;
		at.col = rel.col;
	} else
		at.col += rel.col - 1;
	at.offset += rel.offset;
	return at;
}

static inline json_t *lookup_in(json_t *obj, const char *key, json_t **parent,
    const char **last);

/* Where a JSON record's fault is: the value of key (at_key: the key
 * itself, for a key misspelt), or (key NULL) the first syntax error;
 * the record's start when there is none. The record is read again by
 * the reader that keeps places (jansson keeps none), only when a
 * diagnostic is made. */
static cjm_pos
json_place(const struct evread *r, const char *key, int at_key)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *doc = NULL;
	cjm_pos p = r->rat, rel, kp;
	json_t *parent;
	const char *last;

	if (ds != NULL && cjm_doc_load_memory(r->rec, r->rlen, "", NULL,
	    CJM_INPUT_JSON, &doc, ds) == CJM_OK) {
		if (key != NULL && lookup_in(cjm_doc_root(doc), key, &parent,
		    &last) != NULL && cjm_doc_pos(doc, parent, last, 0, &rel,
		    &kp) == 0)
			p = shift(r->rat, at_key && kp.line > 0 ? kp : rel);
	} else if (ds != NULL && key == NULL && cjm_diags_count(ds) > 0 &&
	    cjm_diags_get(ds, 0)->pos.line > 0)
		p = shift(r->rat, cjm_diags_get(ds, 0)->pos);
	cjm_doc_free(doc);
	cjm_diags_free(ds);
	return p;
}

/* Where in the row at line the fault is (what: AT_*); worked out only
 * when a diagnostic is made, so good rows cost nothing more. */
static cjm_pos
place(const struct evread *r, unsigned long line, int what)
{
	static const size_t end = (size_t)-1;

	if (r->csv != NULL)
		return cjm_csv_field_pos(r->csv, what == AT_END ? end :
		    what == AT_ROW ? 0 : r->fi[what]);
	if (r->rec == NULL)
		return (cjm_pos){ line, 0, 0 };
	if (what <= AT_TIME)
		return json_place(r, what == AT_USER ? r->sp->user_col :
		    what == AT_EVENT ? r->sp->event_col : r->sp->time_col, 0);
	return r->rat;
}

/* An event log with nothing in it is not a result of zero customers. */
static int
empty_log(struct evread *r, const char *what)
{
	cjm_diags_add(r->ds, CJM_ERROR, "empty-log", r->name, 0, NULL,
	    (cjm_pos){ 0, 0, 0 }, "a CSV log starts with a header row such "
	    "as user_id,event,timestamp; JSON Lines has one object a line",
	    "the event log is empty: %s", what);
	return CJM_EDATA;
}

/*
 * A row's fault, said; or, when it is the fault the last one said (its
 * code and text), folded: the first such row is said in full, and from
 * the second on that line counts them all ("the same in 19 more rows,
 * lines 2 to 20"), in its place, so that the list stays in the order
 * of places whatever is said after it. A key every record lacks, or a
 * column named wrong, gave a line a row: a new user's JSON Lines log,
 * 20 equal lines before the read stopped.
 */
static void
row_fault(struct evread *r, enum cjm_level lv, const char *code, cjm_pos p,
    const char *hint, const char *msg)
{
	size_t cl = strlen(code) + 1, ml = strlen(msg) + 1;

	if (r->rep != NULL && r->rep_level == lv && strcmp(r->rep, code) ==
	    0 && strcmp(r->rep + cl, msg) == 0) {
		if (r->nrep++ == 0) {
			r->rep_first = p.line;
			r->rep_i = cjm_diags_count(r->ds);
		} else if ((r->rep_first == p.line ? cjm_diags_reword(r->ds,
		    r->rep_i, "the same in %llu more rows, all on line %lu",
		    (unsigned long long)r->nrep, p.line) : cjm_diags_reword(
		    r->ds, r->rep_i, "the same in %llu more rows, lines %lu to "
		    "%lu", (unsigned long long)r->nrep, r->rep_first, p.line)) ==
		    CJM_OK) {
			return;
		}
		/* the first folded row, or the reword failed: in full */
	} else {
		r->nrep = 0;
		free(r->rep);
		if ((r->rep = malloc(cl + ml)) != NULL) {	/* else no fold */
			memcpy(r->rep, code, cl);
			memcpy(r->rep + cl, msg, ml);
			r->rep_level = lv;
		}
	}
	cjm_diags_add(r->ds, lv, code, r->name, 0, NULL, p, hint, "%s", msg);
}

/* A bad row: skipped and counted, or reported (up to EV_MAX_BAD, then
 * the read stops). Returns 0 to go on, -1 to stop. */
static int
bad_row(struct evread *r, cjm_pos p, const char *code, const char *hint,
    const char *what, const char *val)
{
	char msg[768];

	snprintf(msg, sizeof(msg), "%s%s%s%.*s%s", r->sp->skip_bad ?
	    "row left out (--skip-bad): " : "", what, val ? " '" : "",
	    val ? cjm_utf8_prefix(val, 80) : 0, val ? val : "",
	    val ? "'" : "");
	if (r->sp->skip_bad) {	/* each a warning, as cjm-maturity's */
		if (++*r->skipped <= EV_MAX_SKIP_WARN)
			row_fault(r, CJM_WARNING, "skipped", p, NULL, msg);
		if (*r->skipped == EV_MAX_SKIP_WARN + 1)
			cjm_diags_add(r->ds, CJM_WARNING, "skipped", r->name, 0,
			    NULL, place(r, p.line, AT_ROW), "the summary's "
			    "'skipped' counts them all",
			    "more than %d rows left out (--skip-bad): the rest "
			    "are not listed one by one", EV_MAX_SKIP_WARN);
		return 0;
	}
	r->status = CJM_EDATA;
	row_fault(r, CJM_ERROR, code, p, hint, msg);
	if (++r->nbad < EV_MAX_BAD)
		return 0;
	/* About the read, so at the start of the row it stopped at. */
	cjm_diags_add(r->ds, CJM_ERROR, "bad-rows", r->name, 0, NULL,
	    place(r, p.line, AT_ROW), "--skip-bad skips and counts them",
	    "stopped after %d bad rows", EV_MAX_BAD);
	return -1;
}

/* Times (1900..2199, as cjm_time_auto takes them) of midnights whose
 * whole day, a leap second included, is in range. */
#define DAY_MS		86400000LL
#define DAY_MIN		(-2208988800000LL)
#define DAY_MAX		(7258118400000LL - DAY_MS - 1000)

/* The clock of YYYY-MM-DD[T ]HH:MM:SS[Z], the form most logs write, as
 * ms from midnight; -1 for any other form. */
static int64_t
plain_clock(const char *s, size_t len)
{
	long h, mi, sec;

	if ((len != 20 || s[19] != 'Z') && len != 19)
		return -1;
	if (s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
	    s[13] != ':' || s[16] != ':' || (h = digits(s + 11, 2)) < 0 ||
	    (mi = digits(s + 14, 2)) < 0 || (sec = digits(s + 17, 2)) < 0 ||
	    h > 23 || mi > 59 || sec > 60)
		return -1;
	return ((h * 60 + mi) * 60 + sec) * 1000;
}

/* Auto times: a plain ISO time on the date of the one before (logs come
 * in time order) needs only its clock read; the rest, and the first of
 * each date, take cjm_time_auto, whose result this equals (measured: the
 * full parse was 10 % of a funnel's time). */
static int
auto_time(struct evread *r, const char *s, size_t len, int64_t *ms,
    char *hint, size_t cap)
{
	int64_t c = plain_clock(s, len);
	int st;

	if (c >= 0 && r->dayms >= 0 && memcmp(s, r->day, 10) == 0) {
		*ms = r->dayms + c;
		return 0;
	}
	st = cjm_time_auto(s, len, ms, hint, cap);
	if (st == 0 && c >= 0 && *ms - c >= DAY_MIN && *ms - c <= DAY_MAX) {
		memcpy(r->day, s, 10);
		r->dayms = *ms - c;
	}
	return st;
}

/* The time of a row by the spec: a format, a unit, or auto. On a
 * failure, hint says why and *what names the fault. */
static int
read_time(struct evread *r, const char *s, size_t len, int64_t *ms,
    char *hint, size_t cap, const char **what)
{
	int st;

	if (r->sp->time_format != NULL)
		st = cjm_time_format_parse(r->sp->time_format, s, len, ms);
	else if (r->sp->time_unit != CJM_TIME_AUTO)
		st = cjm_time_unit_parse(s, len, r->sp->time_unit, ms);
	else
		st = auto_time(r, s, len, ms, hint, cap);
	if (st == 0)
		return 0;
	*what = st == -1 ? "bad timestamp" : "timestamp out of range";
	if (r->sp->time_format != NULL)
		cjm_time_format_hint(r->sp->time_format, s, len, hint, cap);
	else if (r->sp->time_unit != CJM_TIME_AUTO)
		snprintf(hint, cap, st == -2 ? "times must fall in 1900..2199" :
		    (r->sp->time_unit == CJM_TIME_US || r->sp->time_unit ==
		    CJM_TIME_NS) && memchr(s, '.', len) != NULL ? "--time-unit "
		    "us and ns take whole numbers" : "--time-unit takes a "
		    "number");
	else if (*hint == '\0')
		snprintf(hint, cap, "use ISO 8601 (2024-05-01T10:00:00Z), "
		    "Unix seconds or milliseconds, or name the form with "
		    "--time-format or --time-unit");
	else if (st == -2 && memchr(s, '-', len) == NULL)
		*what = "implausible timestamp";	/* a bare number */
	return st;
}

/* The start of field s[0..n-1] NUL-terminated in buf, for a message
 * (borrowed CSV fields are not; a message quotes 80 characters). */
static const char *
cstr(const char *s, size_t n, char *buf, size_t cap)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

/* Check and pass on one row. Returns 0 to go on, -1 to stop. */
static int
row(struct evread *r, unsigned long line, const char *user, size_t ulen,
    const char *ev, size_t elen, const char *tm, size_t tlen,
    const char *by, size_t blen)
{
	char hint[200], tb[400];
	const char *what;
	int64_t ms;
	int st;

	/* No NUL reaches here: the CSV reader refuses one as text that is
	 * not UTF-8, and JSON strings cannot hold one (no JSON_ALLOW_NUL). */
	(*r->rows)++;
	if (ulen == 0)
		return bad_row(r, place(r, line, AT_USER), "empty-user", NULL,
		    "empty user id in column", r->sp->user_col);
	if (read_time(r, tm, tlen, &ms, hint, sizeof(hint), &what) < 0)
		return bad_row(r, place(r, line, AT_TIME), "bad-time", hint,
		    what, cstr(tm, tlen, tb, sizeof(tb)));
	st = r->fn(r->ctx, user, ulen, ev, elen, ms, by, blen, line, r->ds);
	if (st != CJM_OK) {
		/* What fn found wrong with the row (--sorted: a time out of
		 * order) is at its time field. */
		cjm_diags_place(r->ds, line, place(r, line, AT_TIME));
		r->status = st;
		return -1;
	}
	return 0;
}

/* The log is a map (the map given with -e): one error, quoting how it
 * starts, rather than a column or a record at a time. */
static int
map_given(struct evread *r, cjm_pos at, const char *start)
{
	cjm_diags_add(r->ds, CJM_ERROR, "no-column", r->name, 0, NULL, at,
	    "give the map as MAP (or -m) and the event log with -e",
	    "this is a journey map ('%.*s'), not an event log",
	    cjm_utf8_prefix(start, 40), start);
	r->status = CJM_EDATA;
	return CJM_EDATA;
}

/* Does the header look like a map's first line (a comment, "cjm:",
 * "---" or "%YAML"), with none of the columns the funnel reads? */
static int
map_header(const struct evread *r, char **f, size_t n)
{
	const char *s = f[0] + strspn(f[0], " \t"), *want[3] = {
	    r->sp->user_col, r->sp->event_col, r->sp->time_col };
	size_t i, k;

	if (*s != '#' && strncmp(s, "cjm:", 4) != 0 && strncmp(s, "---",
	    3) != 0 && strncmp(s, "%YAML", 5) != 0)
		return 0;
	for (i = 0; i < n; i++)
		for (k = 0; k < 3; k++)
			if (strcmp(f[i], want[k]) == 0)
				return 0;
	return 1;
}

/* Is name want with blanks (spaces, tabs) around it? */
static int
padded(const char *name, const char *want)
{
	size_t a = strspn(name, " \t"), n = strlen(want);

	return strncmp(name + a, want, n) == 0 && (a > 0 ||
	    name[a + n] != '\0') && strspn(name + a + n, " \t") ==
	    strlen(name + a + n);
}

/* The hint for a column of the header (JSON: a key of the record) want
 * that is not there, among its names: the one meant, by cjm_suggest, as
 * CSV and JSON say it alike; its index, or n when none is close (the
 * hint then says to name it with opt). */
static size_t
name_hint(const char *want, const char *const *names, size_t n, int json,
    const char *opt, char *buf, size_t cap)
{
	const char *hint = cjm_suggest(want, names, n), *where = json ?
	    "record" : "header";
	size_t i;

	if (hint == NULL) {
		snprintf(buf, cap, json ? "name it with %s" :
		    "name the column with %s", opt);
		return n;
	}
	if (padded(hint, want))
		snprintf(buf, cap, "the %s's '%.*s' has blanks around the "
		    "name: remove them, or give %s '%.*s'", where,
		    cjm_utf8_prefix(hint, 40), hint, opt,
		    cjm_utf8_prefix(hint, 40), hint);
	else
		snprintf(buf, cap, "did you mean '%s'? (%s)", hint, opt);
	for (i = 0; i < n && names[i] != hint; i++)
		;
	return i;
}

/* Index of column want in the header (at hp; field i of it at
 * cjm_csv_field_pos(c, i)), or -1 with an error naming it, placed at the
 * column it is about: the second of two, the one suggested. */
static long
column(struct evread *r, cjm_csv *c, char **f, size_t n, const char *want,
    const char *opt, cjm_pos hp)
{
	char buf[256];
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(f[i], want) == 0)
			break;
	if (i < n) {		/* which of two would be a guess */
		size_t j;

		for (j = i + 1; j < n && strcmp(f[j], want) != 0; j++)
			;
		if (j == n)
			return (long)i;
		cjm_diags_add(r->ds, CJM_ERROR, "duplicate-column", r->name,
		    0, NULL, cjm_csv_field_pos(c, j), "rename one of them", "column '%s' is in the "
		    "header twice (columns %zu and %zu)", want, i + 1, j + 1);
		r->status = CJM_EDATA;
		return -1;
	}
	if ((i = name_hint(want, (const char *const *)f, n, 0, opt, buf,
	    sizeof(buf))) < n)
		hp = cjm_csv_field_pos(c, i);
	cjm_diags_add(r->ds, CJM_ERROR, "no-column", r->name, 0, NULL, hp,
	    buf, "no column '%s' in the header", want);
	r->status = CJM_EDATA;
	return -1;
}

/* Only spaces and tabs in every field (a tab-separated line of tabs is
 * several empty fields). The header's fields are copied, so end in NUL. */
static int
blank_record(char **f, const size_t *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strspn(f[i], " \t") != l[i])
			return 0;
	return 1;
}

static int
read_csv(struct evread *r, FILE *fp)
{
	cjm_csv *c = cjm_csv_new(fp, r->name, r->sp->delim);
	char **f;
	size_t *l, n, need;
	long cu, ce, ct, cb = -1;
	cjm_pos hp;		/* the header's: blank lines may come first */
	int st;

	if (c == NULL)
		return CJM_ESYS;
	/* Lines of blanks before the header are skipped, as empty lines
	 * are (and as the format's sniffing and the delimiter's skip them). */
	while ((st = cjm_csv_next(c, &f, &l, &n, r->ds)) == CJM_OK &&
	    blank_record(f, l, n))
		;
	if (st != CJM_OK) {
		cjm_csv_free(c);
		if (st == CJM_DONE && ferror(fp)) {
			cjm_diags_add(r->ds, CJM_FATAL, "io", r->name, 0, NULL,
			    (cjm_pos){ 0, 0, 0 }, NULL, "read error: %s",
			    strerror(errno));
			return CJM_ESYS;
		}
		return st == CJM_DONE ? empty_log(r, "no header row") : st;
	}
	hp = cjm_csv_field_pos(c, 0);
	if (n == 1 && cjm_csv_other_delim(f[0], cjm_csv_delim(c)) != 0) {
		char hb[160];

		cjm_csv_delim_hint(cjm_csv_other_delim(f[0], cjm_csv_delim(c)),
		    cjm_csv_delim(c), r->sp->delim != 0, hb, sizeof(hb));
		cjm_diags_add(r->ds, CJM_ERROR, "wrong-delimiter", r->name, 0,
		    NULL, hp, hb, "no column '%s' in the header",
		    r->sp->user_col);
		cjm_csv_free(c);
		return CJM_EDATA;
	}
	if (map_header(r, f, n)) {
		st = map_given(r, hp, f[0]);
		cjm_csv_free(c);
		return st;
	}
	cu = column(r, c, f, n, r->sp->user_col, "--user", hp);
	ce = column(r, c, f, n, r->sp->event_col, "--event", hp);
	ct = column(r, c, f, n, r->sp->time_col, "--time", hp);
	if (r->sp->by_col != NULL)
		cb = column(r, c, f, n, r->sp->by_col, "--by", hp);
	if (cu < 0 || ce < 0 || ct < 0 || (r->sp->by_col && cb < 0)) {
		cjm_csv_free(c);
		return CJM_EDATA;
	}
	cjm_csv_borrow(c);	/* the fields are used by length from here */
	r->csv = c;
	r->fi[AT_USER] = (size_t)cu;
	r->fi[AT_EVENT] = (size_t)ce;
	r->fi[AT_TIME] = (size_t)ct;
	need = (size_t)(cu > ce ? cu : ce);
	need = (size_t)ct > need ? (size_t)ct : need;
	while ((st = cjm_csv_next(c, &f, &l, &n, r->ds)) == CJM_OK) {
		if (n <= need) {
			if (bad_row(r, place(r, 0, AT_END), "short-row", NULL,
			    "too few fields in the row", NULL) < 0)
				break;
			continue;
		}
		if (row(r, cjm_csv_line(c), f[cu], l[cu], f[ce], l[ce], f[ct],
		    l[ct], cb >= 0 && (size_t)cb < n ? f[cb] : NULL,
		    cb >= 0 && (size_t)cb < n ? l[cb] : 0) < 0)
			break;
	}
	cjm_csv_free(c);
	r->csv = NULL;
	if (st == CJM_EDATA || st == CJM_ESYS)
		return st;
	return r->status;
}

/* obj[key], or the dotted path key (properties.$browser) when obj has no
 * such key; *parent and *last get the object and key it was found by. */
static inline json_t *
lookup_in(json_t *obj, const char *key, json_t **parent, const char **last)
{
	json_t *v = json_object_get(obj, key);
	const char *dot;
	char part[256];
	size_t n;

	while (v == NULL && json_is_object(obj) &&
	    (dot = strchr(key, '.')) != NULL) {
		n = (size_t)(dot - key);
		if (n >= sizeof(part))
			return NULL;
		memcpy(part, key, n);
		part[n] = '\0';
		obj = json_object_get(obj, part);
		key = dot + 1;
		v = json_object_get(obj, key);
	}
	*parent = obj;
	*last = key;
	return v;
}

/* lookup_in for a value only (inlined, the place is not kept). */
static json_t *
lookup(json_t *obj, const char *key)
{
	json_t *parent;
	const char *last;

	return lookup_in(obj, key, &parent, &last);
}

/*
 * A JSON value as the text the funnel compares (the rule is in
 * cjm-funnel(1), BREAKDOWN VALUES): a string as it is; a number by its
 * numeric value in the shortest form that reads back the same (5 and
 * 5.0 are "5", 1.1234 stays "1.1234", 1e300 is "1e+300"); true, false
 * and null as those words; an array or object as compact JSON with its
 * keys sorted, so equal values are equal text. The text is in buf when
 * it fits, else malloc()ed into *own (the caller frees it).
 */
static const char *
value_text(json_t *v, char *buf, size_t cap, size_t *len, char **own)
{
	*own = NULL;
	if (json_is_string(v)) {
		*len = json_string_length(v);
		return json_string_value(v);
	}
	if (json_is_integer(v))
		snprintf(buf, cap, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
	else if (json_is_real(v))
		cjm_number_text(json_real_value(v), buf, cap);
	else if (json_is_true(v) || json_is_false(v) || json_is_null(v))
		snprintf(buf, cap, "%s", json_is_true(v) ? "true" :
		    json_is_false(v) ? "false" : "null");
	else if ((*own = cjm_dumps(v, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_ENCODE_ANY)) != NULL) {
		*len = strlen(*own);
		return *own;
	} else
		return NULL;
	*len = strlen(buf);
	return buf;
}

static const char *
type_name(const json_t *v)
{
	return json_is_object(v) ? "an object" : json_is_array(v) ?
	    "an array" : json_is_null(v) ? "null" : json_is_boolean(v) ?
	    "true/false" : "a number";
}

/* A key the record lacks: the hint (a key of the record meant, as a
 * CSV header's column is suggested) and the place, that key (as a CSV
 * header's column is placed) or the record's start. */
static cjm_pos
no_key(struct evread *r, json_t *o, const char *key, const char *opt,
    char *hint, size_t cap)
{
	size_t n = json_object_size(o), i = 0;
	const char **names = NULL, *k;
	json_t *v;
	cjm_pos p = r->rat;

	/* Past the skipped rows --skip-bad lists, neither is shown: a log
	 * of rows without the key does not pay for them. */
	if (n == 0 || (r->sp->skip_bad && *r->skipped >= EV_MAX_SKIP_WARN) ||
	    (names = malloc(n * sizeof(*names))) == NULL) {
		snprintf(hint, cap, "name it with %s", opt);
		return p;
	}
	json_object_foreach(o, k, v)
		names[i++] = k;
	if ((i = name_hint(key, names, n, 1, opt, hint, cap)) < n)
		p = json_place(r, names[i], 1);
	free(names);
	return p;
}

/* The user, event or time of a record: NULL with a reported bad row
 * (*stop set when the read must stop) when the key is absent, null or
 * of a type it cannot be. A key that is there is never "no key". */
static const char *
field(struct evread *r, unsigned long ln, json_t *o, const char *key,
    int which, char *buf, size_t cap, size_t *len, int *stop)
{
	static const char *const what[] = { "user id", "event name",
	    "timestamp" };
	static const char *const opt[] = { "--user", "--event", "--time" };
	static const char *const code[] = { "empty-user", "bad-event",
	    "bad-time" };
	json_t *v = lookup(o, key);
	char *own, hint[160], msg[160];

	if (v != NULL && (json_is_string(v) || json_is_number(v)))
		return value_text(v, buf, cap, len, &own);
	if (v == NULL) {
		snprintf(msg, sizeof(msg), "no key '%.60s' (the %s) in the "
		    "record", key, what[which]);
		*stop = bad_row(r, no_key(r, o, key, opt[which], hint,
		    sizeof(hint)), "no-column", hint, msg, NULL) < 0;
		return NULL;
	}
	if (json_is_null(v) && which == 0)
		snprintf(hint, sizeof(hint), "an anonymous event has no user; "
		    "--skip-bad skips and counts such rows, or --user names "
		    "another key (device_id)");
	else
		snprintf(hint, sizeof(hint), "give it as %s, or --skip-bad "
		    "skips and counts such rows", which == 2 ?
		    "a string or a number" : "a string");
	snprintf(msg, sizeof(msg), "the %s in key '%.60s' is %s", what[which],
	    key, type_name(v));
	*stop = bad_row(r, place(r, ln, which), which == 0 &&
	    !json_is_null(v) ? "bad-user" : code[which], hint, msg, NULL) < 0;
	return NULL;
}

/* One JSON record (a line, or an element of an array) starting at at.
 * Returns 0 to go on, -1 to stop. */
static int
json_record(struct evread *r, const char *text, size_t len, cjm_pos at)
{
	char ub[64], eb[64], tb[64], bb[64], *bown = NULL;
	const char *u, *e = NULL, *t = NULL, *b = NULL;
	size_t ul = 0, el = 0, tl = 0, bl = 0;
	json_error_t err;
	json_t *o = json_loadb(text, len, JSON_DECODE_ANY |
	    JSON_REJECT_DUPLICATES, &err), *bv;
	unsigned long ln = at.line;
	int ret = 0, stop = 0;

	r->rec = text;
	r->rlen = len;
	r->rat = at;
	if (!json_is_object(o)) {
		char msg[JSON_ERROR_TEXT_LENGTH + 16];

		json_decref(o);
		return bad_row(r, o ? at : json_place(r, NULL, 0), "bad-json",
		    "one JSON object a record", o ? "not a JSON object" :
		    cjm_json_error(err.text, msg, sizeof(msg)), NULL);
	}
	if ((u = field(r, ln, o, r->sp->user_col, 0, ub, sizeof(ub), &ul,
	    &stop)) && (e = field(r, ln, o, r->sp->event_col, 1, eb,
	    sizeof(eb), &el, &stop)) && (t = field(r, ln, o,
	    r->sp->time_col, 2, tb, sizeof(tb), &tl, &stop))) {
		if (r->sp->by_col != NULL &&
		    (bv = lookup(o, r->sp->by_col)) != NULL)
			b = value_text(bv, bb, sizeof(bb), &bl, &bown);
		ret = row(r, ln, u, ul, e, el, t, tl, b, bl);
	} else if (stop)
		ret = -1;
	free(bown);
	json_decref(o);
	return ret;
}

/* One line into *buf (without its newline, NUL-ended): its length, -1 at
 * the end of the input, -2 when it is longer than max bytes (reading
 * stops there, so memory stays within the limit). */
static ssize_t
line_read(FILE *fp, char **buf, size_t *cap, size_t max)
{
	size_t n = 0;
	int ch;

	while ((ch = getc_unlocked(fp)) != EOF && ch != '\n') {
		if (n == max)
			return -2;
		if (cjm_grow(buf, cap, n + 1, 1, 256) != 0)
			return -3;
		(*buf)[n++] = (char)ch;
	}
	if (ch == EOF && n == 0)
		return -1;
	if (cjm_grow(buf, cap, n, 1, 256) != 0)
		return -3;
	(*buf)[n] = '\0';
	return (ssize_t)n;
}

static int
read_jsonl(struct evread *r, FILE *fp)
{
	char *line = NULL;
	size_t cap = 0, i;
	ssize_t n;
	unsigned long ln = 0;
	size_t off = r->off0, bad;

	while ((n = line_read(fp, &line, &cap, EV_MAX_LINE)) != -1 &&
	    n != -3) {
		ln++;
		if (n == -2) {	/* an error even with --skip-bad: the rest
				 * of the log is not read */
			cjm_diags_add(r->ds, CJM_ERROR, "line-size", r->name, 0,
			    NULL, (cjm_pos){ ln, 1, off }, "split the record",
			    "record longer than 1 MiB; the rest of the log is "
			    "not read");
			r->status = CJM_EDATA;
			break;
		}
		off += (size_t)n + 1;
		if ((bad = cjm_text_check(line, (size_t)n)) < (size_t)n) {
			cjm_pos p = { ln, 1, off - (size_t)n - 1 + bad };

			for (i = 0; i < bad; i++)
				p.col += ((unsigned char)line[i] & 0xC0) != 0x80;
			r->status = cjm_text_refuse(r->ds, r->name, p, line,
			    (size_t)n, (unsigned char)line[bad], 0);
			break;
		}
		for (i = 0; i < (size_t)n && strchr(" \t\r", line[i]); i++)
			;
		if (i == (size_t)n)
			continue;
		r->nrec++;
		if (json_record(r, line + i, (size_t)n - i, (cjm_pos){ ln,
		    i + 1, off - (size_t)n - 1 + i }) < 0)
			break;
	}
	free(line);
	if (n == -3) {
		cjm_diags_add(r->ds, CJM_FATAL, "nomem", r->name, 0, NULL,
		    (cjm_pos){ ln, 0, 0 }, NULL, "out of memory");
		return CJM_ESYS;
	}
	if (ferror(fp)) {
		cjm_diags_add(r->ds, CJM_FATAL, "io", r->name, 0, NULL,
		    (cjm_pos){ ln, 0, 0 }, NULL, "read error: %s",
		    strerror(errno));
		return CJM_ESYS;
	}
	if (r->nrec == 0 && r->status == CJM_OK)
		return empty_log(r, "no JSON record in it");
	return r->status;
}

/*
 * A log that is one JSON array of event objects (Mixpanel's import body,
 * "download as JSON" buttons), streamed: each element's bytes are found
 * by nesting depth and string state, then parsed alone, so memory is one
 * element however long the array is. Columns are not counted byte by
 * byte (measured: 1.3 % more instructions): only bytes inside elements
 * can be UTF-8 continuation bytes, so a column is the bytes since the
 * line's start less those, counted an element at a time (jcount).
 */
struct jarr {
	FILE *fp;
	char *buf;
	size_t len, cap;
	unsigned long line;		/* the line of the next byte */
	size_t off;			/* the offset of the next byte */
	size_t lstart, lcont;		/* the line's start; its continuation
					   bytes in elements counted so far */
};

static int
jgetc(struct jarr *a)
{
	int ch = getc(a->fp);

	if (ch == '\n') {
		a->line++;
		a->lstart = a->off + 1;
		a->lcont = 0;
	}
	if (ch != EOF)
		a->off++;
	return ch;
}

/* Count the continuation bytes of the element in buf that are on the
 * current line (after its last newline). */
static void
jcount(struct jarr *a)
{
	size_t i = a->len;

	while (i > 0 && a->buf[i - 1] != '\n')
		a->lcont += ((unsigned char)a->buf[--i] & 0xC0) == 0x80;
}

/* The place of the byte read last (not a newline), or of the end once
 * the end was read. */
static cjm_pos
jat(const struct jarr *a)
{
	size_t at = a->off - !feof(a->fp);

	return (cjm_pos){ a->line, at - a->lstart - a->lcont + 1, at };
}

/* The next byte that is not blank. */
static int
jskip(struct jarr *a)
{
	int ch;

	while ((ch = jgetc(a)) == ' ' || ch == '\t' || ch == '\r' ||
	    ch == '\n')
		;
	return ch;
}

static int
jput(struct jarr *a, int ch)
{
	if (cjm_grow(&a->buf, &a->cap, a->len + 1, 1, 4096) != 0)
		return -1;
	a->buf[a->len++] = (char)ch;
	return 0;
}

/* jelement's reading. */
static const char *
element_read(struct jarr *a, int ch, int *next)
{
	int depth = 0, str = 0, esc = 0;

	a->len = 0;
	for (;; ch = jgetc(a)) {
		if (ch == EOF)
			return "the array is not closed (a ']' is missing)";
		if (!str && depth == 0 && a->len > 0 && (ch == ',' ||
		    ch == ']' || ch == ' ' || ch == '\t' || ch == '\r' ||
		    ch == '\n')) {
			*next = ch;
			return NULL;
		}
		if (jput(a, ch) < 0)
			return "out of memory";
		if (a->len > EV_MAX_LINE)
			return "an element is longer than 1 MiB";
		if (str) {
			if (esc)
				esc = 0;
			else if (ch == '\\')
				esc = 1;
			else if (ch == '"')
				str = 0;
		} else if (ch == '"')
			str = 1;
		else if (ch == '{' || ch == '[')
			depth++;
		else if ((ch == '}' || ch == ']') && --depth <= 0) {
			if (depth < 0)	/* placed at that byte, the last read */
				return "a ']' or '}' that closes nothing";
			*next = jgetc(a);
			return NULL;
		}
	}
}

/* One element starting with byte ch into a->buf; the byte after it in
 * *next. 0, or a message for a broken array. Its continuation bytes
 * count on the line it ends on (not when the byte after is a newline:
 * that line is over). */
static const char *
jelement(struct jarr *a, int ch, int *next)
{
	const char *why = element_read(a, ch, next);

	if (why != NULL || *next != '\n')
		jcount(a);
	return why;
}

/* The element's bytes (starting at at) must be UTF-8 text, as every
 * input's. */
static int
jtext(struct evread *r, struct jarr *a, cjm_pos at)
{
	size_t bad = cjm_text_check(a->buf, a->len);
	cjm_pos p = at;

	if (bad == a->len)
		return 0;
	cjm_utf8_advance(&p.line, &p.col, (const unsigned char *)a->buf,
	    bad);
	p.offset += bad;
	r->status = cjm_text_refuse(r->ds, r->name, p, a->buf, a->len,
	    (unsigned char)a->buf[bad], 0);
	return -1;
}

/* The array is broken at the byte read last. */
static int
jbroken(struct evread *r, struct jarr *a, const char *why)
{
	cjm_diags_add(r->ds, CJM_ERROR, "bad-json", r->name, 0, NULL,
	    jat(a), "an event log in JSON is one "
	    "array of objects, or JSON Lines (one object a line)",
	    "the JSON array of events is broken: %s", why);
	r->status = CJM_EDATA;
	return -1;
}

static int
read_json_array(struct evread *r, FILE *fp)
{
	struct jarr a = { fp, NULL, 0, 0, 1, r->off0, r->off0, 0 };
	const char *why;
	int ch = jskip(&a), next, st = 0;

	if (ch != '[')
		st = jbroken(r, &a, "it does not start with '['");
	else if ((ch = jskip(&a)) == ']')
		ch = jskip(&a);
	else
		for (;;) {
			cjm_pos at = jat(&a);	/* the element's first byte */

			if ((why = jelement(&a, ch, &next)) != NULL) {
				st = jbroken(r, &a, why);
				break;
			}
			if ((st = jtext(r, &a, at)) < 0)
				break;
			r->nrec++;
			if (json_record(r, a.buf, a.len, at) < 0) {
				st = -1;
				break;
			}
			if (next == ' ' || next == '\t' || next == '\r' ||
			    next == '\n')
				next = jskip(&a);
			if (next == ']') {
				ch = jskip(&a);
				break;
			}
			if (next != ',' || (ch = jskip(&a)) == ']') {
				st = jbroken(r, &a, next == EOF ? "the array "
				    "is not closed (a ']' is missing)" : next ==
				    ',' ? "a ',' before the closing ']' (JSON "
				    "takes none there)" : "expected ',' or ']' "
				    "after an element");
				break;
			}
		}
	if (st == 0 && ch != EOF)
		jbroken(r, &a, "text after the closing ']'");
	free(a.buf);
	if (ferror(fp)) {
		cjm_diags_add(r->ds, CJM_FATAL, "io", r->name, 0, NULL,
		    (cjm_pos){ a.line, 0, 0 }, NULL, "read error: %s",
		    strerror(errno));
		return CJM_ESYS;
	}
	return r->status;	/* [] is a log without events, as a header is */
}

#define SNIFF_MAX	(1024 * 1024)	/* blank bytes looked past, at most */

/* The bytes the format sniffing read. */
struct sniffed {
	unsigned char *b;
	size_t n, cap;
	int nomem;
};

static int
sniff_getc(FILE *fp, struct sniffed *sn)
{
	int ch = getc(fp);

	if (ch == EOF)
		return EOF;
	if (cjm_grow(&sn->b, &sn->cap, sn->n, 1, 256) != 0) {
		sn->nomem = 1;
		return EOF;
	}
	sn->b[sn->n++] = (unsigned char)ch;
	return ch;
}

/* JSON Lines when the first byte past a BOM and blanks is '{', a JSON
 * array when it is '['; *bom is set when a BOM opens the input. Past
 * SNIFF_MAX blank bytes the log is taken for CSV (which skips blank
 * lines), so that a pipe's blanks are not kept without end. */
static enum cjm_events_format
sniff_format(FILE *fp, int *bom, struct sniffed *sn)
{
	int ch = sniff_getc(fp, sn);

	if (ch == 0xEF) {
		*bom = sniff_getc(fp, sn) == 0xBB && sniff_getc(fp, sn) == 0xBF;
		if (!*bom)
			return CJM_EVENTS_CSV;
		ch = sniff_getc(fp, sn);
	}
	/* No strchr: it finds the NUL byte too, in its terminator. */
	while ((ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') &&
	    sn->n < SNIFF_MAX)
		ch = sniff_getc(fp, sn);
	return ch == '{' ? CJM_EVENTS_JSONL : ch == '[' ? CJM_EVENTS_JSON :
	    CJM_EVENTS_CSV;
}

/*
 * Input that cannot seek (a pipe) gets the sniffed bytes back through a
 * stream that gives them before the rest (glibc's fopencookie; a reader
 * of our own could take a prefix, but every reader would need it): the
 * reader sees every byte, as in a file, so blank lines count, a cut BOM
 * or a NUL is reported where it stands, and a header's blanks stay.
 */
struct replay {
	struct sniffed sn;
	size_t at;
	FILE *rest;
};

static ssize_t
replay_read(void *cookie, char *out, size_t n)
{
	struct replay *p = cookie;
	size_t k;

	if (p->at < p->sn.n) {
		k = p->sn.n - p->at < n ? p->sn.n - p->at : n;
		memcpy(out, p->sn.b + p->at, k);
		p->at += k;
		return (ssize_t)k;
	}
	k = fread(out, 1, n, p->rest);
	return k == 0 && ferror(p->rest) ? -1 : (ssize_t)k;
}

static int
replay_close(void *cookie)
{
	struct replay *p = cookie;

	free(p->sn.b);
	free(p);
	return 0;
}

/*
 * The format told, go back to where the input started: JSON readers
 * start past a BOM, the CSV reader drops it itself. A file seeks; other
 * input is read again through a replay stream, *fp then (the caller
 * closes it). -1: no memory.
 */
static int
rewind_sniffed(struct evread *r, FILE **fp, long at, int bom,
    enum cjm_events_format f, struct sniffed *sn)
{
	static const cookie_io_functions_t io = { replay_read, NULL, NULL,
	    replay_close };
	size_t skip = f != CJM_EVENTS_CSV && bom > 0 ? 3 : 0;
	struct replay *p;
	FILE *x;

	r->off0 = skip;
	if (sn->nomem)
		return -1;
	if (at >= 0 && fseek(*fp, at + (long)skip, SEEK_SET) == 0)
		return 0;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return -1;
	p->sn = *sn;
	p->at = skip;
	p->rest = *fp;
	if ((x = fopencookie(p, "r", io)) == NULL) {
		free(p);
		return -1;
	}
	sn->b = NULL;		/* the replay's now */
	*fp = x;
	return 1;
}

#define PEEK_MAX	512	/* bytes looked at past the first one */

/* A JSON map starts '{' then "cjm" (a YAML flow map: cjm) as its first
 * key, blanks and line breaks between (one line, or pretty-printed); no
 * event record does. The start, blanks squeezed, goes into q. */
static int
json_map_start(const unsigned char *b, size_t n, char *q, size_t cap)
{
	size_t i = 1, k = 0;

	/* No strchr: it finds a NUL byte too, in its terminator. */
#define BLANK(c)	((c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\n')
	while (i < n && BLANK(b[i]))
		i++;
	i += i < n && b[i] == '"';
	if (n - i < 4 || memcmp(b + i, "cjm", 3) != 0)
		return 0;
	for (i += 3 + (b[i + 3] == '"'); i < n && BLANK(b[i]); i++)
		;
	if (i == n || b[i] != ':')
		return 0;
	for (i = 0; i < n && k + 1 < cap; i++)
		if (!BLANK(b[i]))
			q[k++] = (char)b[i];
		else if (k > 0 && q[k - 1] != ' ')
			q[k++] = ' ';
	q[k - (k > 0 && q[k - 1] == ' ')] = '\0';
	return 1;
#undef BLANK
}

/* A JSON log's first bytes (from the first one that is not blank, at
 * b[at]; a BOM of skip bytes first), looked at before its records are:
 * binary data, UTF-16 or UTF-32 (said at the start, as every reader
 * says it), or a JSON map given as the log. 0, or CJM_EDATA. */
static int
json_start(struct evread *r, FILE *fp, struct sniffed *sn, size_t skip)
{
	size_t at = sn->n - 1, n;
	cjm_pos p = { 1, 1, skip };
	char q[256];		/* 40 characters of 4 bytes fit */

	while (sn->n - at <= PEEK_MAX && sniff_getc(fp, sn) != EOF)
		;
	n = sn->n - at;
	if (cjm_binary_refuse(r->ds, r->name, sn->b + skip, sn->n - skip,
	    skip, 0) != CJM_OK) {
		r->status = CJM_EDATA;
		return CJM_EDATA;
	}
	if (!json_map_start(sn->b + at, n, q, sizeof(q)))
		return 0;
	cjm_utf8_advance(&p.line, &p.col, sn->b + skip, at - skip);
	p.offset = at;
	return map_given(r, p, q);
}

static int
read_format(struct evread *r, FILE *fp, enum cjm_events_format f)
{
	int st = f == CJM_EVENTS_JSON ? read_json_array(r, fp) :
	    f == CJM_EVENTS_JSONL ? read_jsonl(r, fp) : read_csv(r, fp);

	free(r->rep);
	r->rep = NULL;
	return st;
}

int
cjm_events_read(FILE *fp, const char *name, const cjm_events_spec *sp,
    cjm_event_fn fn, void *ctx, uint64_t *skipped, uint64_t *rows,
    cjm_diags *ds)
{
	struct evread r;
	enum cjm_events_format f = sp->format;

	memset(&r, 0, sizeof(r));
	r.name = name;
	r.sp = sp;
	r.fn = fn;
	r.ctx = ctx;
	r.skipped = skipped;
	r.rows = rows;
	r.ds = ds;
	r.dayms = -1;
	if (f != CJM_EVENTS_CSV) {	/* the CSV reader looks itself */
		struct sniffed sn = { NULL, 0, 0, 0 };
		long at = ftell(fp);
		int bom = 0, st;
		enum cjm_events_format sf = sniff_format(fp, &bom, &sn);

		f = f == CJM_EVENTS_AUTO ? sf : f;
		if (sf != CJM_EVENTS_CSV && json_start(&r, fp, &sn, bom > 0 ?
		    3 : 0) != 0) {
			free(sn.b);
			return CJM_EDATA;
		}
		st = rewind_sniffed(&r, &fp, at, bom, f, &sn);
		free(sn.b);
		if (st < 0) {
			cjm_diags_add(ds, CJM_FATAL, "io", name, 0, NULL,
			    (cjm_pos){ 0, 0, 0 }, NULL, "out of memory");
			return CJM_ESYS;
		}
		if (st > 0) {		/* the replay */
			st = read_format(&r, fp, f);
			fclose(fp);
			return st;
		}
	}
	return read_format(&r, fp, f);
}
