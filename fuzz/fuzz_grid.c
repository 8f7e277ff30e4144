/* fuzz_grid.c: libFuzzer target for the grid readers (CSV/TSV and, for
 * input that starts like a ZIP, XLSX) and the grid importer: any bytes;
 * every map it makes must pass cjm_map_check without an error, and go
 * out as a grid and come back with as many stages. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cjm_convert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
sink(const char *buf, size_t len, void *ctx)
{
	(void)buf;
	*(size_t *)ctx += len;
	return 0;
}

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

/* The map must be valid, and survive a trip through CSV. */
static void
judge(json_t *map)
{
	char *text = json_dumps(map, JSON_COMPACT), *csv = NULL;
	cjm_diags *ds = cjm_diags_new();
	cjm_grid *g = cjm_grid_new(), *g2 = cjm_grid_new();
	cjm_doc *doc = NULL;
	json_t *back = NULL;
	size_t out = 0;
	FILE *fp;

	if (cjm_doc_load_memory(text, strlen(text), "m", NULL, CJM_INPUT_JSON,
	    &doc, ds) != CJM_OK || cjm_map_check(doc, NULL, ds) != CJM_OK)
		abort();		/* the importer made an invalid map */
	if (cjm_grid_from_map(g, map, NULL, ds) != CJM_OK ||
	    cjm_grid_write_csv(g, ',', collect, &csv) != CJM_OK ||
	    cjm_grid_write_markdown(g, sink, &out) != CJM_OK ||
	    cjm_mermaid_write(map, sink, &out, ds) != CJM_OK ||
	    cjm_dot_write(map, sink, &out, ds) != CJM_OK)
		abort();
	if ((fp = fmemopen(csv, strlen(csv), "r")) == NULL)
		abort();
	if (cjm_grid_read_csv(g2, fp, "rt", ',', ds) != CJM_OK ||
	    cjm_grid_to_map(g2, "T", NULL, &back, ds) != CJM_OK ||
	    json_array_size(json_object_get(back, "stages")) !=
	    json_array_size(json_object_get(map, "stages")))
		abort();		/* export and import disagree */
	fclose(fp);
	json_decref(back);
	cjm_grid_free(g);
	cjm_grid_free(g2);
	cjm_doc_free(doc);
	cjm_diags_free(ds);
	free(csv);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_grid *g = cjm_grid_new();
	json_t *map = NULL;
	int r;

	if (size >= 4 && memcmp(data, "PK\3\4", 4) == 0)
		r = cjm_grid_read_xlsx(g, data, size, "f.xlsx", NULL,
		    1024 * 1024, ds);
	else {
		FILE *fp;

		if (memchr(data, '\0', size) != NULL ||
		    (fp = fmemopen((void *)data, size ? size : 1, "r")) == NULL) {
			cjm_grid_free(g);
			cjm_diags_free(ds);
			return 0;
		}
		r = size ? cjm_grid_read_csv(g, fp, "f.csv", 0, ds) : CJM_OK;
		fclose(fp);
	}
	if (r == CJM_OK && cjm_grid_to_map(g, NULL, NULL, &map, ds) == CJM_OK)
		judge(map);
	json_decref(map);
	cjm_grid_free(g);
	cjm_diags_free(ds);
	return 0;
}
