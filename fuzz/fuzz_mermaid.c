/* fuzz_mermaid.c: libFuzzer target for the Mermaid journey reader: any
 * bytes; a map it makes must pass cjm_map_check, and writing it as
 * Mermaid and reading that back must give as many stages. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cjm_convert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
collect(const char *buf, size_t len, void *ctx)
{
	char **s = ctx;
	size_t n = *s ? strlen(*s) : 0;
	char *t = realloc(*s, n + len + 1);

	if (t == NULL)
		return -1;
	memcpy(t + n, buf, len);
	t[n + len] = '\0';
	*s = t;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cjm_diags *ds = cjm_diags_new();
	json_t *map = NULL, *back = NULL;
	cjm_doc *doc = NULL;
	char *text, *mmd = NULL;

	if (cjm_mermaid_read((const char *)data, size, "f.mmd", &map, ds) !=
	    CJM_OK) {
		cjm_diags_free(ds);
		return 0;
	}
	text = json_dumps(map, JSON_COMPACT);
	if (cjm_doc_load_memory(text, strlen(text), "m", NULL, CJM_INPUT_JSON,
	    &doc, ds) != CJM_OK || cjm_map_check(doc, NULL, ds) != CJM_OK)
		abort();		/* the reader made an invalid map */
	if (cjm_mermaid_write(map, collect, &mmd, ds) != CJM_OK ||
	    cjm_mermaid_read(mmd, strlen(mmd), "back", &back, ds) != CJM_OK ||
	    json_array_size(json_object_get(back, "stages")) !=
	    json_array_size(json_object_get(map, "stages")))
		abort();		/* what it writes it cannot read */
	json_decref(map);
	json_decref(back);
	cjm_doc_free(doc);
	cjm_diags_free(ds);
	free(text);
	free(mmd);
	return 0;
}
