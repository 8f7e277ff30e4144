/* num.h: numbers read and written with '.' in every locale (internal). */
#ifndef CJM_NUM_H
#define CJM_NUM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/*
 * strtod and snprintf in the "C" locale, whatever LC_NUMERIC the program
 * (or another thread) set: a map says 3.5 in every locale, and a comma
 * decimal would break CSV and JSON. The locale is switched for this
 * thread only (uselocale, POSIX 2008), so it is safe in threads.
 */
double cjm_strtod(const char *s, char **end);
int cjm_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int cjm_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms",
 * days_from_civil): exact for every year, no table, no time zone. */
static inline int64_t
cjm_civil_days(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/*
 * The form of a noun after the count n: English one or many ("1
 * customer", "2 customers"); with ru, Russian one, few or many ("1
 * клиент", "2 клиента", "5 клиентов"; 21 is one, 12 many). few is not
 * read for English.
 */
/* "byte" or "bytes" after a size: "the limit of 1 byte". */
#define BYTES(n)	cjm_plural((n), 0, "byte", NULL, "bytes")

static inline const char *
cjm_plural(unsigned long long n, int ru, const char *one, const char *few,
    const char *many)
{
	if (!ru)
		return n == 1 ? one : many;
	if (n % 10 == 1 && n % 100 != 11)
		return one;
	if (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14))
		return few;
	return many;
}

/* A number or a time as a cell may hold it: the spaces and tabs around
 * it dropped (*s and *len narrowed). */
static inline void
cjm_trim_blanks(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t'))
		(*s)++, (*len)--;
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

#endif
