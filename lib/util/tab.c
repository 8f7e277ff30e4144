/* tab.c: a grid of text cells printed in aligned columns (tab.h). */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tab.h"
#include "num.h"

int
cjm_tab_init(struct cjm_tab *t, size_t rows, size_t cols, const char *align)
{
	t->rows = rows;
	t->cols = cols;
	t->align = align;
	t->c = calloc(rows * cols, sizeof(char *));
	return t->c ? 0 : -1;
}

void
cjm_tab_free(struct cjm_tab *t)
{
	size_t i;

	for (i = 0; t->c && i < t->rows * t->cols; i++)
		free(t->c[i]);
	free(t->c);
	t->c = NULL;
}

void
cjm_tab_set(struct cjm_tab *t, size_t r, size_t c, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	va_start(ap, fmt);
	cjm_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	free(t->c[r * t->cols + c]);
	t->c[r * t->cols + c] = strdup(buf);
}

size_t
cjm_text_width(const char *s)
{
	size_t w = 0;

	for (; s && *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

void
cjm_tab_print(FILE *fp, const struct cjm_tab *t)
{
	size_t r, c, w[16] = { 0 };

	for (r = 0; r < t->rows; r++)
		for (c = 0; c < t->cols && c < 16; c++)
			if (cjm_text_width(t->c[r * t->cols + c]) > w[c])
				w[c] = cjm_text_width(t->c[r * t->cols + c]);
	for (r = 0; r < t->rows; r++) {
		for (c = 0; c < t->cols && c < 16; c++) {
			const char *s = t->c[r * t->cols + c];
			size_t pad = w[c] - cjm_text_width(s);
			int last = c + 1 == t->cols;

			if (c > 0)
				fputs("  ", fp);
			if (t->align[c] == 'r')
				fprintf(fp, "%*s", (int)pad, "");
			fputs(s ? s : "", fp);
			if (t->align[c] != 'r' && !last)
				fprintf(fp, "%*s", (int)pad, "");
		}
		fputc('\n', fp);
	}
}

char *
cjm_num_local(char *buf, size_t sz, const char *fmt, double v, int comma)
{
	char *dot;

	/* 3.125 shows as 3.13: printf would round the binary 3.125 to even. */
	cjm_snprintf(buf, sz, fmt, strcmp(fmt, "%.2f") == 0 ? round(v * 100) / 100
	    : v);
	if (comma && (dot = strchr(buf, '.')) != NULL)
		*dot = ',';
	return buf;
}
