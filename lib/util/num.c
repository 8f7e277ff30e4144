/* num.c: numbers as text in the shortest form that reads back the same
 * (the breakdown value rule, cjm-funnel(1)). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cjm.h"

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
		snprintf(buf, cap, "%.0f", v);
		return buf;
	}
	for (prec = 1; prec < 17; prec++) {
		snprintf(buf, cap, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return buf;
	}
	snprintf(buf, cap, "%.17g", v);
	return buf;
}
