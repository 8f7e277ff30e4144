/* fuzz_csv.c: libFuzzer target for the CSV reader: any bytes, with each
 * delimiter and sniffed; every record's fields must be NUL-terminated at
 * their lengths, and an error must end the stream. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cjm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
read_all(const uint8_t *data, size_t size, char delim)
{
	FILE *fp = fmemopen((void *)data, size, "r");
	cjm_diags *ds = cjm_diags_new();
	cjm_csv *c;
	char **f;
	size_t *l, n, i;
	int st;

	if (fp == NULL || ds == NULL || (c = cjm_csv_new(fp, "f", delim)) ==
	    NULL) {
		if (fp)
			fclose(fp);
		cjm_diags_free(ds);
		return;
	}
	while ((st = cjm_csv_next(c, &f, &l, &n, ds)) == CJM_OK)
		for (i = 0; i < n; i++)
			if (f[i][l[i]] != '\0' || memchr(f[i], '\0', l[i]))
				abort();	/* fields hold no NUL in tests */
	if (st != CJM_DONE && cjm_csv_next(c, &f, &l, &n, ds) != CJM_DONE)
		abort();
	cjm_csv_free(c);
	cjm_diags_free(ds);
	fclose(fp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[] = { 0, ',', ';', '\t' };
	size_t i;

	if (memchr(data, '\0', size) != NULL)
		return 0;	/* NUL bytes are field content; skip them */
	for (i = 0; i < sizeof(delims); i++)
		read_all(data, size, delims[i]);
	return 0;
}
