/* test_times.c: event times by unit, by format and in auto mode, and
 * durations that would overflow (issue 10, cases 6 and 9). */
#include "unit.h"
#include "cjm_funnel.h"

#define MAY1 1714557600000LL	/* 2024-05-01T10:00:00Z */

START_TEST(by_unit)
{
	static const struct {
		const char *s; enum cjm_time_unit u; int ok; int64_t ms;
	} t[] = {
		{ "1714557600", CJM_TIME_S, 0, MAY1 },
		{ "1714557600.25", CJM_TIME_S, 0, MAY1 + 250 },
		{ "1714557600000", CJM_TIME_MS, 0, MAY1 },
		{ "1714557600000.9", CJM_TIME_MS, 0, MAY1 },
		{ "1714557600000000", CJM_TIME_US, 0, MAY1 },
		{ "1714557600000999", CJM_TIME_US, 0, MAY1 },
		{ "1714557600000000000", CJM_TIME_NS, 0, MAY1 },
		{ "99999999999999999999", CJM_TIME_NS, -2, 0 },	/* 2^63 < */
		{ "5", CJM_TIME_S, 0, 5000 },
		{ "0", CJM_TIME_MS, 0, 0 },
		{ "1.5", CJM_TIME_US, -1, 0 },
		{ "-5", CJM_TIME_S, 0, -5000 },		/* 1969 */
		{ "-1.5", CJM_TIME_S, 0, -1500 },
		{ "-0.0005", CJM_TIME_S, 0, -1 },	/* floor */
		{ "-1500", CJM_TIME_US, 0, -2 },
		{ "-1000", CJM_TIME_US, 0, -1 },
		{ "-2208988800", CJM_TIME_S, 0, -2208988800000LL },	/* 1900 */
		{ "-2208988800.001", CJM_TIME_S, -2, 0 },
		{ "-2208988800001", CJM_TIME_MS, -2, 0 },
		{ "-", CJM_TIME_S, -1, 0 },
		{ "--5", CJM_TIME_S, -1, 0 },
		{ "- 5", CJM_TIME_S, -1, 0 },
		{ "+5", CJM_TIME_S, -1, 0 },
		{ "1e9", CJM_TIME_S, -1, 0 },
		{ "7258118400", CJM_TIME_S, -2, 0 },		/* 2200 */
		{ "7258118399", CJM_TIME_S, 0, 7258118399000LL },
		{ "999999999999999999", CJM_TIME_S, -2, 0 },	/* no wrap */
		{ "999999999999999999", CJM_TIME_MS, -2, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int64_t ms = -7;
		int r = cjm_time_unit_parse(t[i].s, strlen(t[i].s), t[i].u,
		    &ms);

		ck_assert_msg(r == t[i].ok, "'%s' unit %d: %d", t[i].s,
		    (int)t[i].u, r);
		if (r == 0)
			ck_assert_msg(ms == t[i].ms, "'%s': %lld", t[i].s,
			    (long long)ms);
	}
}
END_TEST

START_TEST(by_format)
{
	static const struct { const char *f, *s; int ok; int64_t ms; } t[] = {
		{ "%d.%m.%Y %H:%M", "01.05.2024 10:00", 0, MAY1 },
		{ "%d.%m.%Y %H:%M", "1.5.2024 10:00", 0, MAY1 },
		{ "%d.%m.%Y %H:%M", "31.02.2024 10:00", -1, 0 },
		{ "%d.%m.%Y %H:%M", "29.02.2023 10:00", -1, 0 },
		{ "%d.%m.%Y %H:%M", "29.02.2024 10:00", 0, 1709200800000LL },
		{ "%d.%m.%Y %H:%M", "01.05.2024 10:00 extra", -1, 0 },
		{ "%Y%m%d", "20240501", 0, MAY1 - 36000000 },
		{ "%Y%m%d", "20241301", -1, 0 },
		{ "%F %T %Z", "2024-05-01 10:00:00 UTC", 0, MAY1 },
		{ "%F %T.%f%z", "2024-05-01 12:00:00.123456+02:00", 0,
		  MAY1 + 123 },
		{ "%FT%T%z", "2024-05-01T05:30:00-0430", 0, MAY1 },
		{ "%m/%d/%Y %I:%M %p", "05/01/2024 10:00 AM", 0, MAY1 },
		{ "%m/%d/%Y %I:%M %p", "05/01/2024 12:00 AM", 0,
		  MAY1 - 36000000 },
		{ "%m/%d/%Y %I:%M %p", "05/01/2024 10:00 PM", 0,
		  MAY1 + 43200000 },
		{ "%m/%d/%Y %I:%M", "05/01/2024 10:00", -1, 0 },	/* no %p */
		{ "%d %b %Y %H:%M", "01 May 2024 10:00", 0, MAY1 },
		{ "%d %B %Y %H:%M", "1 may 2024 10:00", 0, MAY1 },
		{ "%s", "1714557600", 0, MAY1 },
		{ "%s", "-100", 0, -100000 },
		{ "%s.%f", "-1.5", 0, -1500 },
		{ "%s.%f", "-0.25", 0, -250 },	/* whole part 0: still below */
		{ "%s.%f", "-0.500", 0, -500 },
		{ "%s", "-0", 0, 0 },
		{ "%s", "-2208988800", 0, -2208988800000LL },
		{ "%s", "-2208988801", -2, 0 },
		{ "%s", "999999999999999", -2, 0 },
		{ "%s", "9999999999999999", -1, 0 },
		{ "%s", "-", -1, 0 },
		{ "%Y-%m-%d", "1899-12-31", -2, 0 },
		{ "%Y-%m-%d", "2200-01-01", -2, 0 },
		{ "%H:%M", "25:00", -1, 0 },
		{ "100%%", "100%", 0, 0 },
		{ "%Y", "", -1, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int64_t ms = -7;
		int r = cjm_time_format_parse(t[i].f, t[i].s, strlen(t[i].s),
		    &ms);

		ck_assert_msg(r == t[i].ok, "'%s' by '%s': %d", t[i].s, t[i].f,
		    r);
		if (r == 0)
			ck_assert_msg(ms == t[i].ms, "'%s': %lld", t[i].s,
			    (long long)ms);
	}
	ck_assert_int_eq(cjm_time_format_check("%d.%m.%Y %H:%M:%S.%f"), 0);
	ck_assert_int_eq(cjm_time_format_check("%Q"), -1);
	ck_assert_int_eq(cjm_time_format_check("%"), -1);
	ck_assert_int_eq(cjm_time_format_check(""), -2);	/* no time */
	ck_assert_int_eq(cjm_time_format_check("at %%"), -2);
	ck_assert_int_eq(cjm_time_format_check("%s"), 0);
}
END_TEST

START_TEST(auto_mode)
{
	static const struct { const char *s; int ok; const char *hint; } t[] = {
		{ "1714557600", 0, NULL },
		{ "1714557600000", 0, NULL },
		{ "2024-05-01 10:00:00 UTC", 0, NULL },
		{ "2024-05-01T10:00:00Z", 0, NULL },
		{ "20240101", -2, "%Y%m%d" },
		{ "1714557600000000", -2, "--time-unit us" },
		{ "1714557600000000000", -2, "--time-unit ns" },
		{ "171455760000000000", -2, "outside 1990..2100" },
		{ "99999999999999999999", -2, "too large" },
		{ "5", -2, "--time-unit s|ms|us|ns" },
		{ "99999999999", -2, "--time-unit" },
		{ "01.05.2024 10:00", -1, "%d.%m.%Y %H:%M" },
		{ "01/05/2024 10:00", -1, "month-first" },
		/* ISO 8601 of the right form: what is wrong, not "use ISO
		 * 8601"; "" wants no hint (the form is wrong). */
		{ "1850-01-01", -2, "year 1850 is outside 1900..2199" },
		{ "2300-01-01T00:00:00Z", -2, "year 2300 is outside" },
		{ "2199-12-31T23:30:00-01:00", -2, "in UTC it falls outside" },
		{ "2024-02-30", -1, "2024-02-30 is not a date (February 2024 "
		  "has 29 days): correct it in the log, or --skip-bad" },
		{ "2023-02-29T10:00:00Z", -1, "February 2023 has 28 days" },
		{ "2024-06-31 10:00", -1, "June 2024 has 30 days" },
		{ "2024-05-00", -1, "2024-05-00 is not a date" },
		{ "2024-13-01", -1, "month 13 is not one of 01..12" },
		{ "2024-05-01T25:00:00Z", -1, "hour 25 is not one of 00..23" },
		{ "2024-05-01t10:60Z", -1, "minute 60 is not one of 00..59" },
		{ "2024-05-01 10:00:61", -1, "second 61 is not one of 00..60" },
		/* A zone of the right form out of range says which part. */
		{ "2024-01-01T00:00:00+25:00", -1, "zone offset hour 25 is "
		  "not one of 00..23: correct it" },
		{ "2024-01-01T00:00:00-05:60", -1, "zone offset minute 60 is "
		  "not one of 00..59" },
		{ "2024-01-01T00:00+2400", -1, "zone offset hour 24" },
		{ "2024-01-01 00:00:00.5+0599", -1, "zone offset minute 99" },
		{ "2024-01-01T00:00:00,123-99", -1, "zone offset hour 99" },
		{ "2024-01-01T00:00:00+2:00", -1, "" },
		{ "2024-01-01T00:00:00+25:00x", -1, "" },
		{ "2024-05-01T10:00:00 PST", -1, "" },
		{ "2024-05-01T1a:61:00Z", -1, "" },
		{ "2024-5-1", -1, "" },
		{ "yesterday", -1, "" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char hint[200];
		int64_t ms;
		int r = cjm_time_auto(t[i].s, strlen(t[i].s), &ms, hint,
		    sizeof(hint));

		ck_assert_msg(r == t[i].ok, "'%s': %d", t[i].s, r);
		if (t[i].hint)
			ck_assert_msg(*t[i].hint ? strstr(hint, t[i].hint) !=
			    NULL : *hint == '\0', "'%s': hint '%s'", t[i].s,
			    hint);
		if (r == 0)
			ck_assert(ms == MAY1 || t[i].s[4] == '-');
	}
}
END_TEST

/* A time that fails a format: the value that is wrong when the form
 * fits, else that it does not fit (never "does not fit" for 31.02). */
START_TEST(format_hints)
{
	static const struct { const char *fmt, *s, *hint; } t[] = {
		{ "%d.%m.%Y", "31.02.2024", "2024-02-31 is not a date "
		  "(February 2024 has 29 days), read by --time-format "
		  "'%d.%m.%Y': correct the time or the format" },
		{ "%d.%m.%Y", "01.13.2024", "month 13 is not one of 01..12" },
		{ "%m/%d/%Y", "31/12/2024", "month 31 is not one of 01..12" },
		{ "%d.%m.%Y", "32.01.2024", "day 32 is not one of 01..31" },
		{ "%F %H:%M", "2024-05-01 24:00", "hour 24 is not one of" },
		{ "%d.%m.%Y %I:%M %p", "01.05.2024 13:00 PM", "hour 13 is not "
		  "one of 01..12" },
		{ "%F %T", "2024-05-01 10:61:00", "minute 61" },
		{ "%F %T", "2024-05-01 10:00:99", "second 99" },
		{ "%d.%m.%Y", "01.05.2300", "year 2300 is outside 1900..2199" },
		{ "%s", "99999999999", "times must fall in 1900..2199" },
		{ "%s", "99999999999999", "times must fall in 1900..2199" },
		{ "%s", "-2208988801", "times must fall in 1900..2199" },
		{ "%F %H:%M %z", "2024-05-01 10:00 +25:00", "zone offset hour "
		  "25 is not one of 00..23, read by" },
		{ "%F %H:%M%z", "2024-05-01 10:00-0560", "zone offset minute "
		  "60" },
		{ "%d.%m.%Y", "1.5.24", "it does not fit --time-format "
		  "'%d.%m.%Y'" },
		{ "%d.%m.%Y", "01.05.2024", "" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char hint[200] = "x";
		int64_t ms;
		int r = cjm_time_format_parse(t[i].fmt, t[i].s, strlen(t[i].s),
		    &ms);

		cjm_time_format_hint(t[i].fmt, t[i].s, strlen(t[i].s), hint,
		    sizeof(hint));
		ck_assert_msg((r == 0) == (*t[i].hint == '\0'), "%zu: %d", i,
		    r);
		ck_assert_msg(*t[i].hint ? strstr(hint, t[i].hint) != NULL :
		    *hint == '\0', "%zu: hint '%s'", i, hint);
	}
}
END_TEST

START_TEST(duration_overflow)
{
	int64_t ms = 0;

	ck_assert_int_eq(cjm_duration_parse("213503982335d", &ms), -2);
	ck_assert_int_eq(cjm_duration_parse("9223372036854776s", &ms), -2);
	ck_assert_int_eq(cjm_duration_parse("9223372036854775m", &ms), -2);
	ck_assert_int_eq(cjm_duration_parse("9999999999999999999", &ms), -2);
	ck_assert_int_eq(cjm_duration_parse("106751991167d", &ms), 0);
	ck_assert(ms > 0);
}
END_TEST

/* Each row's time, and the bad ones' lines, as a log read gives them. */
struct got {
	int64_t ms[32];
	size_t n;
};

static int
keep_time(void *ctx, const char *user, size_t ulen, const char *ev,
    size_t elen, int64_t ms, const char *by, size_t blen,
    unsigned long line, cjm_diags *ds)
{
	struct got *g = ctx;

	(void)user, (void)ulen, (void)ev, (void)elen, (void)by, (void)blen;
	(void)line, (void)ds;
	g->ms[g->n++] = ms;
	return CJM_OK;
}

/* Times in a log read as cjm_time_auto reads each alone: the reader
 * reuses the last plain ISO time's date, and must not carry it to a
 * time of another form, a bad clock, another date or the range's end. */
START_TEST(log_times)
{
	static const char *const t[] = { "2024-05-01T10:00:00Z",
	    "2024-05-01T10:00:01Z", "2024-05-01 23:59:60",
	    "2024-05-01T24:00:00Z", "2024-05-01T10:60:00Z",
	    "2024-05-01T10:00:00z", "2024-05-01T10:00:00+01",
	    "2024-05-01T10:00:00.5Z", "2024-05-01x10:00:00Z",
	    "2024-05-02T00:00:00Z", "2024-05-01T1a:00:00Z",
	    "2199-12-31T23:59:59Z", "2199-12-31T23:59:60Z",
	    "2024-05-02T00:00:00Z", "1714557600", "2024-05-02T00:00:05Z",
	    /* each clock byte wrong, on a date seen (the same-date path):
	     * bytes just under '0', just over '9' (':' to '?'), colons
	     * moved, and the largest and smallest clocks */
	    "2024-05-02T/0:00:00Z", "2024-05-02T0::00:00Z",
	    "2024-05-02T00?00:00Z", "2024-05-02T00:?0:00Z",
	    "2024-05-02T00:0;:00Z", "2024-05-02T00:00/00Z",
	    "2024-05-02T00:00:<0Z", "2024-05-02T00:00:0>Z",
	    "2024-05-02T0:000:00Z", "2024-05-02T00:00:00 ",
	    "2024-05-02T23:59:59Z", "2024-05-02T19:09:09",
	    "2024-05-02T00:00:00Z", "2024-05-02T20:60:00Z",
	    "2024-05-02T2\xc3\xa9:00:0Z" };
	cjm_events_spec sp = { "u", "e", "t", NULL, 1, CJM_EVENTS_CSV, ',',
	    CJM_TIME_AUTO, NULL };
	char log[4096], hint[200];
	size_t len = (size_t)sprintf(log, "u,e,t\n"), i, k = 0;
	uint64_t skipped = 0, rows = 0;
	struct got g = { { 0 }, 0 };
	cjm_diags *ds = cjm_diags_new();
	FILE *fp;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		len += (size_t)sprintf(log + len, "a,e,%s\n", t[i]);
	fp = fmemopen(log, len, "r");
	ck_assert_int_eq(cjm_events_read(fp, "t.csv", &sp, keep_time, &g,
	    &skipped, &rows, ds), CJM_OK);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int64_t ms;

		if (cjm_time_auto(t[i], strlen(t[i]), &ms, hint,
		    sizeof(hint)) < 0)
			continue;
		ck_assert_msg(k < g.n && g.ms[k] == ms, "time %zu (%s)", i,
		    t[i]);
		k++;
	}
	ck_assert_uint_eq(k, g.n);
	ck_assert_uint_eq(skipped, sizeof(t) / sizeof(t[0]) - k);
	ck_assert_uint_eq(skipped, 16);
	fclose(fp);
	cjm_diags_free(ds);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("times");
	TCase *tc = tcase_create("times");

	tcase_add_test(tc, by_unit);
	tcase_add_test(tc, by_format);
	tcase_add_test(tc, auto_mode);
	tcase_add_test(tc, format_hints);
	tcase_add_test(tc, duration_overflow);
	tcase_add_test(tc, log_times);
	suite_add_tcase(s, tc);
	return s;
}
