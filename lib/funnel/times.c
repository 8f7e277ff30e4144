/* times.c: event times by unit (--time-unit), by a strptime-style
 * format (--time-format) and in auto mode with plausibility bounds.
 *
 * The format parser is written here, not taken from strptime(3), for
 * exact semantics: glibc's strptime takes 31.02.2024 and timegm() then
 * moves it to 2 March without a word, it has no fractions of a second,
 * and its %b and %p follow the locale. This one checks every field's
 * range and the day against the month, reads fractions (%f), and is the
 * same in every locale.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cjm_funnel.h"
#include "num.h"

/* The bounds of every event time, whatever its form (man cjm-funnel):
 * 1900-01-01T00:00:00Z inclusive to 2200-01-01T00:00:00Z exclusive. */
#define T_MIN	(-2208988800000LL)
#define T_MAX	(7258118400000LL)
/* Auto mode takes a bare number as Unix seconds or milliseconds only
 * when it falls in 1990-01-01 .. 2100-01-01 as one of them. */
#define AUTO_LO	631152000LL
#define AUTO_HI	4102444800LL

static int
mdays(long y, long m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/* A number of digits at s: at least lo, at most hi. -1 when none. */
static long
num(const char **s, const char *e, int lo, int hi)
{
	long v = 0;
	int n = 0;

	while (*s < e && n < hi && **s >= '0' && **s <= '9') {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return n >= lo ? v : -1;
}

/* Unsigned decimal with an optional fraction: whole part, fraction as
 * nanoseconds. -1 on other text, -2 when the whole part is over 2^63
 * (checked before it could overflow). */
static int
decimal(const char *s, size_t len, int64_t *whole, int64_t *nano)
{
	size_t i = 0, nf = 0;
	int64_t f = 0;

	*whole = 0;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		/* Constants, so no division runs per digit. */
		if (*whole >= INT64_MAX / 10 && (*whole > INT64_MAX / 10 ||
		    s[i] - '0' > INT64_MAX % 10))
			return -2;
		*whole = *whole * 10 + (s[i] - '0');
	}
	if (i == 0)
		return -1;
	if (i < len && s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, nf++)
			if (nf < 9)
				f = f * 10 + (s[i] - '0');
		if (nf == 0)
			return -1;
		for (; nf < 9; nf++)
			f *= 10;
	}
	*nano = f;
	return i == len ? 0 : -1;
}

int
cjm_time_unit_parse(const char *s, size_t len, enum cjm_time_unit u,
    int64_t *ms)
{
	int64_t w, nano, v;
	int st, neg, part;	/* part: a fraction of a ms was dropped */

	cjm_trim_blanks(&s, &len);
	if ((neg = len > 1 && s[0] == '-'))	/* before 1970 */
		s++, len--;
	if ((st = decimal(s, len, &w, &nano)) < 0)
		return st;
	switch (u) {
	case CJM_TIME_S:
		if (w >= T_MAX / 1000)
			return -2;
		v = w * 1000 + nano / 1000000;
		part = nano % 1000000 != 0;
		break;
	case CJM_TIME_MS:
		v = w;
		part = nano != 0;
		break;
	case CJM_TIME_US:
		v = w / 1000;
		part = w % 1000 != 0;
		break;
	case CJM_TIME_NS:
		v = w / 1000000;
		part = w % 1000000 != 0;
		break;
	default:
		return -1;
	}
	if ((u == CJM_TIME_US || u == CJM_TIME_NS) && nano != 0)
		return -1;		/* no fraction of a us or ns */
	/* The ms the time falls in: a fraction is dropped after 1970 and
	 * rounds down before it, so both sides are floor. */
	*ms = neg ? -v - part : v;
	return *ms >= T_MAX || *ms < T_MIN ? -2 : 0;
}

static void say_range(char *, size_t, const char *, long, long, long);

/* Are the zone's hour h and minute m (-1: none) in range? If not, say
 * which is not in why (when not NULL): the user saw "use ISO 8601" for
 * +25:00, which has the form. */
static int
zone_fits(long h, long m, char *why, size_t cap)
{
	if (h > 23 && why != NULL)
		say_range(why, cap, "zone offset hour", h, 0, 23);
	else if (m > 59 && why != NULL)
		say_range(why, cap, "zone offset minute", m, 0, 59);
	return h <= 23 && m <= 59;
}

/* A zone: Z, UTC, GMT, +HH, +HHMM, +HH:MM. Minutes east into *min. */
static int
zone_at(const char **s, const char *e, long *min, char *why, size_t cap)
{
	long h, m = 0;
	int sign;

	if (e - *s >= 3 && (strncasecmp(*s, "UTC", 3) == 0 ||
	    strncasecmp(*s, "GMT", 3) == 0)) {
		*s += 3;
		*min = 0;
		return 0;
	}
	if (*s < e && (**s == 'Z' || **s == 'z')) {
		(*s)++;
		*min = 0;
		return 0;
	}
	if (*s >= e || (**s != '+' && **s != '-'))
		return -1;
	sign = **s == '-' ? -1 : 1;
	(*s)++;
	if ((h = num(s, e, 2, 2)) < 0)
		return -1;
	if (*s < e && **s == ':')
		(*s)++;
	if (*s < e && **s >= '0' && **s <= '9' && (m = num(s, e, 2, 2)) < 0)
		return -1;
	if (!zone_fits(h, m, why, cap))
		return -1;
	*min = sign * (h * 60 + m);
	return 0;
}

static const char *const months[] = { "january", "february", "march",
	"april", "may", "june", "july", "august", "september", "october",
	"november", "december" };

/*
 * Why a time of the right form is refused, for the hint (the user saw
 * "use ISO 8601" for 2024-02-30, which is ISO 8601): a field out of its
 * range, a day its month does not have, a year out of bounds. Written
 * only when a time has failed.
 */
#define SKIP	"or --skip-bad skips and counts such rows"

static void
say_range(char *why, size_t cap, const char *field, long v, long lo,
    long hi)
{
	snprintf(why, cap, "%s %02ld is not one of %02ld..%02ld", field, v,
	    lo, hi);
}

static void
say_day(char *why, size_t cap, long y, long mo, long d)
{
	snprintf(why, cap, "%04ld-%02ld-%02ld is not a date (%c%s %ld has %d "
	    "days)", y, mo, d, months[mo - 1][0] - 'a' + 'A',
	    months[mo - 1] + 1, y, mdays(y, mo));
}

/* A time that reads but is out of bounds: by its year, or (a zone
 * moved it over) in UTC. */
static void
say_bounds(char *why, size_t cap, long y)
{
	if (y < 1900 || y > 2199)
		snprintf(why, cap, "year %ld is outside 1900..2199, the years "
		    "an event may have", y);
	else
		snprintf(why, cap, "in UTC it falls outside 1900..2199, the "
		    "years an event may have");
}

/* An English month name, full or its first three letters. */
static long
month_name(const char **s, const char *e)
{
	int i;

	for (i = 0; i < 12; i++) {
		size_t n = strlen(months[i]);

		if ((size_t)(e - *s) >= n && strncasecmp(*s, months[i], n) == 0) {
			*s += n;
			return i + 1;
		}
	}
	for (i = 0; i < 12; i++)
		if (e - *s >= 3 && strncasecmp(*s, months[i], 3) == 0) {
			*s += 3;
			return i + 1;
		}
	return -1;
}

struct tf {
	long y, mo, d, h, mi, sec, zone, ampm;
	int64_t frac_ms, epoch;
	int has_epoch, h12;
	char *why;		/* NULL, or where to say why a time fails */
	size_t wcap;
	int neg;		/* %s had a minus: -0.25 is below 0 */
};

/* A number of lo..hi digits at *s that must fall in min..max: 0, or
 * -1 when there is none or (said in t->why) it is out of range. */
static int
ranged(const char **s, const char *e, long *v, const char *field,
    long min, long max, struct tf *t)
{
	if ((*v = num(s, e, 1, 2)) < 0)
		return -1;
	if (*v >= min && *v <= max)
		return 0;
	if (t->why != NULL)
		say_range(t->why, t->wcap, field, *v, min, max);
	return -1;
}

/* One directive c at *s into t. 0, or -1 when the text does not fit. */
static int
directive(char c, const char **s, const char *e, struct tf *t)
{
	switch (c) {
	case 'Y': return (t->y = num(s, e, 4, 4)) < 0 ? -1 : 0;
	case 'y':
		if ((t->y = num(s, e, 2, 2)) < 0)
			return -1;
		t->y += t->y < 69 ? 2000 : 1900;	/* POSIX */
		return 0;
	case 'm': return ranged(s, e, &t->mo, "month", 1, 12, t);
	case 'e':
		if (*s < e && **s == ' ')
			(*s)++;
		/* FALLTHROUGH */
	case 'd': return ranged(s, e, &t->d, "day", 1, 31, t);
	case 'H': return ranged(s, e, &t->h, "hour", 0, 23, t);
	case 'I':
		t->h12 = 1;
		return ranged(s, e, &t->h, "hour", 1, 12, t);
	case 'M': return ranged(s, e, &t->mi, "minute", 0, 59, t);
	case 'S': return ranged(s, e, &t->sec, "second", 0, 60, t);
	case 'f': {
		const char *a = *s;
		long v = num(s, e, 1, 9);
		int n = (int)(*s - a);

		if (v < 0)
			return -1;
		for (; n > 3; n--)
			v /= 10;
		for (; n < 3; n++)
			v *= 10;
		t->frac_ms = v;
		return 0;
	}
	case 'z': case 'Z': return zone_at(s, e, &t->zone, t->why, t->wcap);
	case 'b': case 'h': case 'B':
		return (t->mo = month_name(s, e)) < 0 ? -1 : 0;
	case 'p':
		if (e - *s < 2 || ((*s)[1] != 'M' && (*s)[1] != 'm'))
			return -1;
		t->ampm = (**s == 'P' || **s == 'p') ? 2 :
		    (**s == 'A' || **s == 'a') ? 1 : 0;
		*s += 2;
		return t->ampm ? 0 : -1;
	case 's': {	/* a sign, and up to 15 digits: out of range, said so */
		long n = 0;
		int neg = *s < e && **s == '-';

		*s += neg;
		t->epoch = 0;
		while (*s < e && **s >= '0' && **s <= '9' && n++ < 16)
			t->epoch = t->epoch * 10 + (*(*s)++ - '0');
		t->neg = neg;	/* kept apart: -0.25 has whole part 0 */
		t->has_epoch = 1;
		return n > 0 && n <= 15 ? 0 : -1;
	}
	case '%': return *s < e && *(*s)++ == '%' ? 0 : -1;
	}
	return -1;
}

/* The known directives, for checking a format before any row. */
static const char known[] = "YymdeHIMSfzZbhBps%TF";

int
cjm_time_format_check(const char *fmt)
{
	const char *p;
	int fields = 0;

	for (p = fmt; *p; p++)
		if (*p == '%') {
			if (p[1] == '\0' || strchr(known, *++p) == NULL)
				return -1;
			fields += *p != '%';
		}
	return fields > 0 ? 0 : -2;	/* '' or text alone: no time */
}

/* Walk the format over the text. */
static int
walk(const char *fmt, const char **s, const char *e, struct tf *t)
{
	for (; *fmt; fmt++) {
		if (*fmt == ' ') {
			while (*s < e && (**s == ' ' || **s == '\t'))
				(*s)++;
		} else if (*fmt != '%') {
			if (*s >= e || **s != *fmt)
				return -1;
			(*s)++;
		} else if (fmt[1] == 'T') {
			fmt++;
			if (walk("%H:%M:%S", s, e, t) < 0)
				return -1;
		} else if (fmt[1] == 'F') {
			fmt++;
			if (walk("%Y-%m-%d", s, e, t) < 0)
				return -1;
		} else if (directive(*++fmt, s, e, t) < 0)
			return -1;
	}
	return 0;
}

/* cjm_time_format_parse into t, saying in t->why (when not NULL) why a
 * time of the format's form fails. */
static int
format_parse(const char *fmt, const char *s, size_t len, int64_t *ms,
    struct tf *t)
{
	const char *e = s + len;
	int64_t v;

	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (walk(fmt, &s, e, t) < 0 || s != e)
		return -1;
	if (t->has_epoch) {
		v = t->epoch * 1000 + t->frac_ms;
		v = t->neg ? -v : v;
		*ms = v;
		return v >= T_MAX || v < T_MIN ? -2 : 0;
	}
	if (t->h12 != (t->ampm != 0))
		return -1;		/* %I needs %p and the other way */
	if (t->h12)
		t->h = t->h % 12 + (t->ampm == 2 ? 12 : 0);
	if (t->d > mdays(t->y, t->mo)) {
		if (t->why != NULL)
			say_day(t->why, t->wcap, t->y, t->mo, t->d);
		return -1;
	}
	v = cjm_civil_days(t->y, (unsigned)t->mo, (unsigned)t->d) * 86400000LL +
	    (((int64_t)t->h * 60 + t->mi - t->zone) * 60 + t->sec) * 1000 +
	    t->frac_ms;
	*ms = v;
	if (v >= T_MIN && v < T_MAX)
		return 0;
	if (t->why != NULL)
		say_bounds(t->why, t->wcap, t->y);
	return -2;
}

int
cjm_time_format_parse(const char *fmt, const char *s, size_t len,
    int64_t *ms)
{
	struct tf t = { 1970, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL, 0, 0 };

	return format_parse(fmt, s, len, ms, &t);
}

void
cjm_time_format_hint(const char *fmt, const char *s, size_t len,
    char *hint, size_t cap)
{
	char why[120] = "";
	struct tf t = { 1970, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, why,
	    sizeof(why), 0 };
	int64_t ms;
	int st = format_parse(fmt, s, len, &ms, &t);

	if (*why != '\0')	/* the form fits: a value is wrong */
		snprintf(hint, cap, "%s, read by --time-format '%.60s': "
		    "correct the time or the format, " SKIP, why, fmt);
	else if (st == -2)
		snprintf(hint, cap, "times must fall in 1900..2199");
	else if (st == -1)
		snprintf(hint, cap, "it does not fit --time-format '%.60s'",
		    fmt);
	else if (cap > 0)
		*hint = '\0';
}

/* The two digits at s[at] (after sep, when not 0) in *v: 0, or -1. */
static int
two(const char *s, size_t len, size_t at, char sep, long *v)
{
	const char *p = s + at;

	if (at + 2 > len || (sep != 0 && s[at - 1] != sep))
		return -1;
	return (*v = num(&p, s + at + 2, 2, 2)) < 0 ? -1 : 0;
}

/* The zone offset of an ISO time whose clock is right, when it is out
 * of range: at 16, or after :SS and a fraction. */
static void
iso_zone_why(const char *s, size_t len, char *why, size_t cap)
{
	size_t at = len > 16 && s[16] == ':' ? 19 : 16;
	const char *p, *e = s + len;
	long h, m = -1;

	if (at < len && (s[at] == '.' || s[at] == ','))
		for (at++; at < len && s[at] >= '0' && s[at] <= '9'; at++)
			;
	if (at + 3 > len || (s[at] != '+' && s[at] != '-'))
		return;
	p = s + at + 1;
	if ((h = num(&p, e, 2, 2)) < 0)
		return;
	if (p < e && *p == ':')
		p++;
	if (p < e)
		m = num(&p, e, 2, 2);
	if (p == e)	/* the zone has the form: only a value is wrong */
		zone_fits(h, m, why, cap);
}

/* Why an ISO 8601 time (YYYY-MM-DD[T ]HH:MM:SS...) of the right form
 * fails, read: it read but is out of bounds. Nothing is written when
 * its form is what is wrong. */
static void
iso_why(const char *s, size_t len, int read, char *why, size_t cap)
{
	const char *p = s;
	long y, mo, d, h = 0, mi, sec;
	int clock = len > 10 && (s[10] == 'T' || s[10] == 't' ||
	    s[10] == ' ') && two(s, len, 11, 0, &h) == 0;

	*why = '\0';
	if (len < 10 || (y = num(&p, s + 4, 4, 4)) < 0 ||
	    two(s, len, 5, '-', &mo) < 0 || two(s, len, 8, '-', &d) < 0)
		return;
	if (mo < 1 || mo > 12)
		say_range(why, cap, "month", mo, 1, 12);
	else if (d < 1 || d > mdays(y, mo))
		say_day(why, cap, y, mo, d);
	else if (clock && h > 23)
		say_range(why, cap, "hour", h, 0, 23);
	else if (clock && two(s, len, 14, ':', &mi) == 0 && mi > 59)
		say_range(why, cap, "minute", mi, 0, 59);
	else if (clock && two(s, len, 14, ':', &mi) == 0 &&
	    two(s, len, 17, ':', &sec) == 0 && sec > 60)
		say_range(why, cap, "second", sec, 0, 60);
	else if (clock && two(s, len, 14, ':', &mi) == 0)
		iso_zone_why(s, len, why, cap);
	if (*why == '\0' && read)
		say_bounds(why, cap, y);
}

/* A time that failed in auto mode: when it is ISO 8601 of the right
 * form, hint says what is wrong (else it is left empty). */
static void
auto_why(const char *s, size_t len, int read, char *hint, size_t cap)
{
	char why[120];

	iso_why(s, len, read, why, sizeof(why));
	if (*why != '\0')
		snprintf(hint, cap, "%s: correct it in the log, " SKIP, why);
}

/* 20240101: eight digits that make a date in 1900..2199. */
static int
compact_date(const char *s, size_t len)
{
	int64_t ms;

	return len == 8 && cjm_time_format_parse("%Y%m%d", s, len, &ms) == 0;
}

/* 01.05.2024 or 01/05/2024 (with a time or not): a local date form. */
static int
dotted_date(const char *s, size_t len)
{
	return len >= 10 && (s[2] == '.' || s[2] == '/') && s[5] == s[2] &&
	    s[0] >= '0' && s[0] <= '3' && s[6] >= '1' && s[6] <= '2';
}

int
cjm_time_auto(const char *s, size_t len, int64_t *ms, char *hint,
    size_t cap)
{
	int64_t w, nano;
	int st;

	cjm_trim_blanks(&s, &len);
	*hint = '\0';
	if ((st = decimal(s, len, &w, &nano)) == -2) {
		snprintf(hint, cap, "it is too large for any time unit");
		return -2;
	}
	if (st == 0) {
		if (compact_date(s, len))
			snprintf(hint, cap, "it looks like a compact date; "
			    "read it with --time-format %%Y%%m%%d");
		else if (w >= AUTO_LO && w < AUTO_HI) {
			*ms = w * 1000 + nano / 1000000;	/* seconds */
			return 0;
		} else if (w >= AUTO_LO * 1000 && w < AUTO_HI * 1000) {
			*ms = w;	/* a fraction of a ms is dropped */
			return 0;
		}
		else if (w >= AUTO_LO * 1000000 && w < AUTO_HI * 1000000)
			snprintf(hint, cap, "it looks like microseconds (GA4, "
			    "BigQuery); say so with --time-unit us");
		else if (w / 1000 >= AUTO_LO * 1000000 &&
		    w / 1000 < AUTO_HI * 1000000)
			snprintf(hint, cap, "it looks like nanoseconds; say so "
			    "with --time-unit ns");
		else
			snprintf(hint, cap, "as Unix seconds or milliseconds "
			    "it is outside 1990..2100; if it is one, say so "
			    "with --time-unit s|ms|us|ns");
		return -2;
	}
	if (dotted_date(s, len)) {
		snprintf(hint, cap, "a day-first date; read it with "
		    "--time-format '%s'", len > 16 ? "%d.%m.%Y %H:%M:%S" :
		    len > 10 ? "%d.%m.%Y %H:%M" : "%d.%m.%Y");
		if (s[2] == '/')
			snprintf(hint, cap, "a date with '/' is day-first or "
			    "month-first; say which with --time-format "
			    "'%%d/%%m/%%Y %%H:%%M' or '%%m/%%d/%%Y %%H:%%M'");
		return -1;
	}
	if (cjm_time_parse(s, len, ms) < 0) {
		auto_why(s, len, 0, hint, cap);
		return -1;
	}
	if (*ms >= T_MIN && *ms < T_MAX)
		return 0;
	auto_why(s, len, 1, hint, cap);
	return -2;
}
