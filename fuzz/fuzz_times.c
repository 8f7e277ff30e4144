/* fuzz_times.c: libFuzzer target for the time readers: the input is a
 * format, a newline, then a time; each reader must return 0, -1 or -2,
 * never read past the text, and a time it takes must be within the
 * bounds (1900..2200); what a format writes back must read the same;
 * the hints that say why a time fails are whole strings. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cjm_funnel.h"

#define T_MIN	(-2208988800000LL)
#define T_MAX	(7258118400000LL)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
in_bounds(int r, int64_t ms)
{
	if (r < -2 || r > 0)
		abort();
	if (r == 0 && (ms < T_MIN || ms >= T_MAX))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	char fmt[256], hint[200], *t;
	size_t flen, tlen;
	int64_t ms = 0;
	int u;

	if (nl == NULL || (flen = (size_t)(nl - (const char *)data)) >=
	    sizeof(fmt))
		return 0;
	memcpy(fmt, data, flen);
	fmt[flen] = '\0';
	tlen = size - flen - 1;
	/* An exact-size copy, so ASan sees a read past the time. */
	if ((t = malloc(tlen ? tlen : 1)) == NULL)
		return 0;
	memcpy(t, nl + 1, tlen);
	if (cjm_time_format_check(fmt) == 0) {
		in_bounds(cjm_time_format_parse(fmt, t, tlen, &ms), ms);
		cjm_time_format_hint(fmt, t, tlen, hint, sizeof(hint));
		if (memchr(hint, '\0', sizeof(hint)) == NULL)
			abort();
	}
	for (u = CJM_TIME_S; u <= CJM_TIME_NS; u++)
		in_bounds(cjm_time_unit_parse(t, tlen, (enum cjm_time_unit)u,
		    &ms), ms);
	in_bounds(cjm_time_auto(t, tlen, &ms, hint, sizeof(hint)), ms);
	if (memchr(hint, '\0', sizeof(hint)) == NULL)
		abort();
	free(t);
	return 0;
}
