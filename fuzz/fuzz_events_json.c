/* fuzz_events_json.c: libFuzzer target for the streamed JSON array event
 * reader (and auto-detection): any bytes into a small funnel, with a
 * time unit or a format the first byte picks; the counts never grow
 * along the journey, a merge of the shard with itself is refused, and a
 * broken array is an error, never a crash or a hang. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cjm_funnel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
run(const uint8_t *data, size_t size, unsigned sel,
    enum cjm_events_format fmt)
{
	static const char *const s1[] = { "a" }, *const s2[] = { "b" },
	    *const ids[] = { "s1", "s2" };
	const char *const *names[] = { s1, s2 };
	size_t nn[] = { 1, 1 };
	cjm_funnel_opts o;
	cjm_diags *ds = cjm_diags_new();
	cjm_funnel *f, *g;
	FILE *fp = fmemopen((void *)data, size, "r");
	json_t *p;

	cjm_funnel_opts_default(&o);
	o.time_unit = (enum cjm_time_unit)(sel % 5);
	o.time_format = sel & 8 ? "%d.%m.%Y %H:%M" : NULL;
	if (o.time_format != NULL)
		o.time_unit = CJM_TIME_AUTO;
	o.by = sel & 16 ? "v" : NULL;
	o.skip_bad = (sel & 32) != 0;
	o.sorted = (sel & 64) != 0;
	f = cjm_funnel_new(2, ids, names, nn, &o, ds);
	g = cjm_funnel_new(2, ids, names, nn, &o, ds);
	if (f != NULL && g != NULL && fp != NULL &&
	    cjm_funnel_read(f, fp, "f", fmt, ds) == CJM_OK) {
		cjm_funnel_finish(f, ds);
		if (cjm_funnel_count(f, 1) > cjm_funnel_count(f, 0))
			abort();
		if ((p = cjm_funnel_partial(f)) == NULL)
			abort();
		if (cjm_funnel_merge(g, p, "p", ds) != CJM_OK ||
		    cjm_funnel_merge(g, p, "q", ds) != CJM_EDATA)
			abort();
		json_decref(p);
		json_decref(cjm_funnel_breakdown(f));
	}
	if (fp != NULL)
		fclose(fp);
	cjm_funnel_free(f);
	cjm_funnel_free(g);
	cjm_diags_free(ds);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	run(data + 1, size - 1, data[0], CJM_EVENTS_JSON);
	run(data + 1, size - 1, data[0], CJM_EVENTS_AUTO);
	return 0;
}
