/* fuzz_sql_result.c: libFuzzer target for the reader of an engine's
 * result of cjm-funnel --sql's query (CSV or JSON). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cjm_sql.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A funnel of three stages, with a breakdown when the first byte is odd,
 * so rows with breakdown values are taken too; the result is annotated
 * into a map when it reads. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *s1[] = { "a" }, *s2[] = { "b" }, *s3[] = { "c" };
	const char *const *names[3] = { s1, s2, s3 };
	size_t nn[3] = { 1, 1, 1 };
	const char *ids[3] = { "one", "two", "three" };
	cjm_funnel_opts o;
	cjm_diags *ds;
	cjm_funnel *f;
	FILE *fp;

	if (size < 1)
		return 0;
	cjm_funnel_opts_default(&o);
	o.by = data[0] & 1 ? "ch" : NULL;
	ds = cjm_diags_new();
	f = cjm_funnel_new(3, ids, names, nn, &o, ds);
	fp = fmemopen((void *)(data + 1), size - 1 ? size - 1 : 1, "r");
	if (f != NULL && fp != NULL && size > 1 &&
	    cjm_funnel_sql_result(f, fp, "fuzz", ds) == CJM_OK) {
		json_t *b = cjm_funnel_breakdown(f);

		json_decref(b);
	}
	if (fp != NULL)
		fclose(fp);
	cjm_funnel_free(f);
	cjm_diags_free(ds);
	return 0;
}
