/* fuzz_events.c: libFuzzer target for event logs and the funnel: any
 * bytes, read as CSV and as JSON Lines into a small funnel with every
 * setting the first byte picks; the counts must never grow along the
 * journey, and the results must serialize. */
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
	static const char *const s1[] = { "a" }, *const s2[] = { "b", "a" },
	    *const s3[] = { "c" }, *const ids[] = { "s1", "s2", "s3" },
	    *const ex[] = { "x" };
	const char *const *names[] = { s1, s2, s3 };
	size_t nn[] = { 1, 2, 1 }, i;
	cjm_funnel_opts o;
	cjm_diags *ds = cjm_diags_new();
	cjm_funnel *f;
	FILE *fp = fmemopen((void *)data, size, "r");
	json_t *p;

	cjm_funnel_opts_default(&o);
	o.window_ms = (sel & 8) ? 60000 : 14LL * 86400000;
	o.entry = sel & 1 ? CJM_ENTRY_FIRST : CJM_ENTRY_LATEST;
	o.order = (enum cjm_funnel_order)((sel >> 1) % 3);
	o.count = sel & 16 ? CJM_COUNT_TOTALS : CJM_COUNT_USERS;
	o.exclude = ex;
	o.nexclude = (sel & 32) != 0;
	o.exclude_mode = sel & 64 ? CJM_EXCLUDE_TRUNCATE : CJM_EXCLUDE_DROP;
	o.by = sel & 128 ? "event" : NULL;
	o.skip_bad = 1;
	f = cjm_funnel_new(3, ids, names, nn, &o, ds);
	if (f != NULL && fp != NULL &&
	    cjm_funnel_read(f, fp, "f", fmt, ds) == CJM_OK) {
		cjm_funnel_finish(f, ds);
		for (i = 1; i < 3; i++)
			if (cjm_funnel_count(f, i) > cjm_funnel_count(f, i - 1))
				abort();
		if ((p = cjm_funnel_partial(f)) == NULL)
			abort();
		json_decref(p);
		json_decref(cjm_funnel_breakdown(f));
	}
	if (fp != NULL)
		fclose(fp);
	cjm_funnel_free(f);
	cjm_diags_free(ds);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	run(data + 1, size - 1, data[0], CJM_EVENTS_CSV);
	run(data + 1, size - 1, data[0], CJM_EVENTS_JSONL);
	return 0;
}
