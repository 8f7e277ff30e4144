/* num.h: numbers read and written with '.' in every locale (internal). */
#ifndef CJM_NUM_H
#define CJM_NUM_H

#include <stdarg.h>
#include <stddef.h>

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

#endif
