/* fuzz_answers.c: libFuzzer target for the survey answers readers and scoring. */
#include <stdint.h>
#include <stdlib.h>

#include "cjm_maturity.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The first byte picks the reading options, so one corpus reaches the
 * CSV reader with each delimiter, the YAML/JSON reader, and skip_bad;
 * what reads is scored and reported, to reach those paths too. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[4] = { 0, ',', ';', '\t' };
	cjm_answers_opts o = { CJM_ANSWERS_AUTO, 0, 0 };
	cjm_maturity_opts mo;
	cjm_answers *a;
	cjm_diags *ds;
	json_t *m = NULL;
	char *t;

	if (size < 1)
		return 0;
	o.format = (enum cjm_answers_format)(data[0] % 3);
	o.delim = delims[(data[0] >> 2) & 3];
	o.skip_bad = (data[0] >> 4) & 1;
	cjm_maturity_opts_default(&mo);
	mo.rule = (data[0] >> 5) & 1 ? CJM_RULE_WEAKEST : CJM_RULE_MEAN;
	mo.lang = (data[0] >> 6) & 1 ? "ru" : "en";
	a = cjm_answers_new();
	ds = cjm_diags_new();
	if (cjm_answers_read_memory(a, data + 1, size - 1, "fuzz", &o, ds) ==
	    CJM_OK && cjm_maturity_score(a, &mo, &m, ds) == CJM_OK) {
		t = cjm_maturity_table(m, NULL);
		free(t);
		json_decref(m);
	}
	cjm_diags_free(ds);
	cjm_answers_free(a);
	return 0;
}
