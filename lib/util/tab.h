/* tab.h: a grid of text cells printed in aligned columns, for the
 * reports people read (maturity, funnel); internal to libcjm. */
#ifndef CJM_TAB_H
#define CJM_TAB_H

#include <stdio.h>

/* rows x cols cells, row 0 the header; align has a letter a column:
 * 'l' left, 'r' right. */
struct cjm_tab {
	char **c;
	size_t rows, cols;
	const char *align;
};

int cjm_tab_init(struct cjm_tab *, size_t rows, size_t cols,
    const char *align);		/* 0, or -1 when memory runs out */
void cjm_tab_set(struct cjm_tab *, size_t r, size_t c, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Columns padded to their widest cell, two spaces apart. */
void cjm_tab_print(FILE *, const struct cjm_tab *);
void cjm_tab_free(struct cjm_tab *);
/* Display width: one column a code point (Latin and Cyrillic). */
size_t cjm_text_width(const char *);
/* v by fmt ("%.2f" rounds half away from zero, as people round) with a
 * decimal comma when comma; buf is returned. */
char *cjm_num_local(char *buf, size_t sz, const char *fmt, double v,
    int comma);

#endif
