/* num.c: numbers read and written with '.' in every locale, and as text
 * in the shortest form that reads back the same (the breakdown value
 * rule, cjm-funnel(1)). */
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cjm.h"
#include "num.h"

/* glibc returns its static "C" locale object here without allocating;
 * elsewhere it is a small allocation, freed at once. (locale_t)0 from
 * newlocale: no memory, and the caller's locale is used. */
static locale_t
c_begin(locale_t *c)
{
	*c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	return *c != (locale_t)0 ? uselocale(*c) : (locale_t)0;
}

static void
c_end(locale_t c, locale_t old)
{
	if (c != (locale_t)0) {
		uselocale(old);
		freelocale(c);
	}
}

double
cjm_strtod(const char *s, char **end)
{
	locale_t c, old = c_begin(&c);
	double v = strtod(s, end);

	c_end(c, old);
	return v;
}

int
cjm_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	locale_t c, old = c_begin(&c);
	int n = vsnprintf(buf, size, fmt, ap);

	c_end(c, old);
	return n;
}

int
cjm_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = cjm_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

const char *
cjm_number_text(double v, char *buf, size_t cap)
{
	int prec;

	if (v == 0) {			/* -0 and 0 are one value */
		snprintf(buf, cap, "0");
		return buf;
	}
	if (!isfinite(v)) {
		snprintf(buf, cap, "%s", isnan(v) ? "nan" : v < 0 ? "-inf" :
		    "inf");
		return buf;
	}
	/* A whole number within 2^53 is written as one: 5.0 is 5. */
	if (v == floor(v) && fabs(v) < 9007199254740992.0) {
		cjm_snprintf(buf, cap, "%.0f", v);
		return buf;
	}
	for (prec = 1; prec < 17; prec++) {
		cjm_snprintf(buf, cap, "%.*g", prec, v);
		if (cjm_strtod(buf, NULL) == v)
			return buf;
	}
	cjm_snprintf(buf, cap, "%.17g", v);
	return buf;
}
