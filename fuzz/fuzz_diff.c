/* fuzz_diff.c: libFuzzer target for the map diff: any bytes, loaded as a
 * stream with small limits; the first two maps are compared, and the
 * comparison written in every form. A map compared with itself must
 * show no change, whatever it holds. */
#include <stdint.h>
#include <stdlib.h>

#include "cjm_diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
sink(const char *s, size_t n, void *ctx)
{
	(void)s;
	(void)n;
	(void)ctx;
	return 0;
}

static void
compare(cjm_diff *d, const cjm_doc *a, const cjm_doc *b, cjm_diags *ds)
{
	static const enum cjm_diff_form forms[] = { CJM_DIFF_TEXT,
		CJM_DIFF_JSON, CJM_DIFF_GITHUB, CJM_DIFF_SARIF };
	json_t *map;
	size_t i;

	if (cjm_diff_maps(d, a, b, ds) != CJM_OK)
		return;
	if (a == b && cjm_diff_count(d) != 0)
		abort();
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		cjm_diff_write(d, forms[i], i % 2 ? "ru" : NULL, sink, NULL);
	map = cjm_diff_map(d);
	json_decref(map);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cjm_limits lim;
	cjm_reader *r;
	cjm_diags *ds = cjm_diags_new();
	cjm_diff *d = cjm_diff_new(NULL);
	cjm_doc *doc[2] = { NULL, NULL };
	int n = 0;

	cjm_limits_default(&lim);
	lim.max_depth = 32;
	lim.max_nodes = 100000;
	r = cjm_reader_new(&lim, CJM_INPUT_AUTO);
	if (r != NULL && ds != NULL && d != NULL &&
	    cjm_reader_open_memory(r, data, size, "fuzz", ds) == CJM_OK) {
		while (n < 2 && cjm_reader_next(r, &doc[n], ds) == CJM_OK)
			n++;
		if (n >= 1)
			compare(d, doc[0], doc[0], ds);
		if (n == 2)
			compare(d, doc[0], doc[1], ds);
	}
	cjm_doc_free(doc[0]);
	cjm_doc_free(doc[1]);
	cjm_reader_free(r);
	cjm_diff_free(d);
	cjm_diags_free(ds);
	return 0;
}
