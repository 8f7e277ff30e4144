/* grid.c: the spreadsheet grid: cells with their places, CSV/TSV in,
 * CSV/TSV and Markdown out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert_impl.h"
#include "grow.h"

cjm_grid *
cjm_grid_new(void)
{
	return calloc(1, sizeof(cjm_grid));
}

void
cjm_grid_free(cjm_grid *g)
{
	size_t r, c;

	if (g == NULL)
		return;
	for (r = 0; r < g->n; r++) {
		for (c = 0; c < g->rows[r].n; c++)
			free(g->rows[r].cells[c].text);
		free(g->rows[r].cells);
	}
	free(g->rows);
	free(g->merges);
	free(g);
}

size_t
cjm_grid_rows(const cjm_grid *g)
{
	return g->n;
}

size_t
cjm_grid_cols(const cjm_grid *g)
{
	return g->cols;
}

size_t
cjm_grid_row_len(const cjm_grid *g, size_t row)
{
	return row < g->n ? g->rows[row].n : 0;
}

size_t
cjm_grid_header_rows(const cjm_grid *g)
{
	return g->head ? g->head : 1;
}

static const struct grid_cell *
cell_at(const cjm_grid *g, size_t row, size_t col)
{
	if (row >= g->n || col >= g->rows[row].n)
		return NULL;
	return &g->rows[row].cells[col];
}

const char *
cjm_grid_cell(const cjm_grid *g, size_t row, size_t col)
{
	const struct grid_cell *c = cell_at(g, row, col);

	return c != NULL && c->text != NULL ? c->text : "";
}

int
cjm_grid_severity(const cjm_grid *g, size_t row, size_t col)
{
	const struct grid_cell *c = cell_at(g, row, col);

	return c != NULL ? c->sev : 0;
}

char *
cjm_grid_cell_name(size_t row, size_t col, char *buf, size_t size)
{
	char letters[16];
	size_t n = 0, i;

	col++;
	do {		/* bijective base 26: A..Z, AA.. */
		letters[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	} while (col > 0 && n < sizeof(letters));
	for (i = 0; i < n / 2; i++) {
		char t = letters[i];

		letters[i] = letters[n - 1 - i];
		letters[n - 1 - i] = t;
	}
	snprintf(buf, size, "%.*s%zu", (int)n, letters, row + 1);
	return buf;
}

int
cjm_grid_set(cjm_grid *g, size_t row, size_t col, const char *text,
    size_t len, cjm_pos pos)
{
	struct grid_row *r;
	struct grid_cell *c;
	char *t;

	if (col >= CJM_GRID_MAX_COLS || row >= CJM_GRID_MAX_ROWS ||
	    g->cells >= CJM_GRID_MAX_CELLS)
		return CJM_EDATA;
	if (cjm_grow(&g->rows, &g->cap, row, sizeof(*g->rows), 16) != 0)
		return CJM_ESYS;
	while (g->n <= row)
		memset(&g->rows[g->n++], 0, sizeof(*g->rows));
	r = &g->rows[row];
	if (cjm_grow(&r->cells, &r->cap, col, sizeof(*r->cells), 16) != 0)
		return CJM_ESYS;
	while (r->n <= col) {
		memset(&r->cells[r->n++], 0, sizeof(*r->cells));
		g->cells++;
	}
	if (r->n > g->cols)
		g->cols = r->n;
	c = &r->cells[col];
	if ((t = malloc(len + 1)) == NULL)
		return CJM_ESYS;
	memcpy(t, text, len);
	t[len] = '\0';
	free(c->text);
	c->text = t;
	c->pos = pos;
	return CJM_OK;
}

int
cjm_grid_merge(cjm_grid *g, size_t r0, size_t c0, size_t r1, size_t c1)
{
	struct grid_merge *m;

	if (cjm_grow(&g->merges, &g->mcap, g->nmerge, sizeof(*g->merges),
	    8) != 0)
		return CJM_ESYS;
	m = &g->merges[g->nmerge++];
	m->r0 = r0 < r1 ? r0 : r1;
	m->r1 = r0 < r1 ? r1 : r0;
	m->c0 = c0 < c1 ? c0 : c1;
	m->c1 = c0 < c1 ? c1 : c0;
	return CJM_OK;
}

static int
too_big(cjm_grid *g, cjm_diags *ds, unsigned long line, size_t col)
{
	cjm_pos p = { line, 0, 0 };

	cjm_diags_add(ds, CJM_ERROR, "grid-limit", g->name, 0, NULL, p,
	    "split the table", "grid over the limit of %d columns, %d rows "
	    "or %lu cells (column %zu)", CJM_GRID_MAX_COLS, CJM_GRID_MAX_ROWS,
	    CJM_GRID_MAX_CELLS, col + 1);
	return CJM_EDATA;
}

/* Every field must be UTF-8: a legacy code page taken as text would
 * come out as mojibake in every tool after this one. */
static int
field_utf8(cjm_grid *g, const char *f, size_t len, unsigned long line,
    size_t col, cjm_diags *ds)
{
	size_t bad = cjm_utf8_check(f, len);
	cjm_pos p = { line, 0, 0 };
	char nm[24];

	if (bad == len)
		return CJM_OK;
	cjm_diags_add(ds, CJM_ERROR, "bad-utf8", g->name, 0, NULL, p,
	    "save the table as CSV UTF-8 (in iconv: iconv -f cp1251 -t "
	    "utf-8)", "cell %s: byte 0x%02X at %zu is not UTF-8",
	    cjm_grid_cell_name(g->n, col, nm, sizeof(nm)),
	    (unsigned char)f[bad], bad + 1);
	return CJM_EDATA;
}

int
cjm_grid_read_csv(cjm_grid *g, FILE *fp, const char *name, char delim,
    cjm_diags *ds)
{
	cjm_csv *c = cjm_csv_new(fp, name, delim);
	char **f;
	size_t *l, n, i;
	int r;

	if (c == NULL)
		return CJM_ESYS;
	g->name = name;
	while ((r = cjm_csv_next(c, &f, &l, &n, ds)) == CJM_OK) {
		unsigned long line = cjm_csv_line(c);
		size_t row = g->n;

		for (i = 0; i < n && r == CJM_OK; i++) {
			cjm_pos p = { line, 0, 0 };

			if ((r = field_utf8(g, f[i], l[i], line, i, ds)) != 0)
				break;
			r = cjm_grid_set(g, row, i, f[i], l[i], p);
			if (r == CJM_EDATA)
				r = too_big(g, ds, line, i);
		}
		if (r != CJM_OK)
			break;
	}
	cjm_csv_free(c);
	return r == CJM_DONE ? CJM_OK : r;
}

/* ------------------------------------------------------------ writers */

static void
csv_field(sbuf *b, const char *s, char delim)
{
	const char *p;

	if (strpbrk(s, "\"\r\n") == NULL && strchr(s, delim) == NULL &&
	    s[0] != ' ' && (s[0] == '\0' || s[strlen(s) - 1] != ' ')) {
		sb_str(b, s);
		return;
	}
	sb_add(b, "\"", 1);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			sb_add(b, "\"", 1);
		sb_add(b, p, 1);
	}
	sb_add(b, "\"", 1);
}

int
cjm_grid_write_csv(const cjm_grid *g, char delim, cjm_write_fn fn,
    void *ctx)
{
	sbuf b = { 0 };
	size_t r, c;

	for (r = 0; r < g->n; r++) {
		for (c = 0; c < g->cols; c++) {
			if (c > 0)
				sb_add(&b, &delim, 1);
			csv_field(&b, cjm_grid_cell(g, r, c), delim);
		}
		sb_add(&b, "\n", 1);
	}
	return sb_emit(&b, fn, ctx);
}

/* A Markdown table cell: one line, pipes and backslashes escaped. */
static void
md_cell(sbuf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\r' && s[1] == '\n')
			continue;
		if (*s == '\n' || *s == '\r')	/* a CR alone is a line end */
			sb_str(b, "<br>");
		else if (*s == '|' || *s == '\\')
			sb_add(b, "\\", 1), sb_add(b, s, 1);
		else
			sb_add(b, s, 1);
	}
}

int
cjm_grid_write_markdown(const cjm_grid *g, cjm_write_fn fn, void *ctx)
{
	sbuf b = { 0 };
	size_t r, c;

	for (r = 0; r < g->n; r++) {
		sb_add(&b, "|", 1);
		for (c = 0; c < g->cols; c++) {
			sb_add(&b, " ", 1);
			md_cell(&b, cjm_grid_cell(g, r, c));
			sb_add(&b, " |", 2);
		}
		sb_add(&b, "\n", 1);
		if (r == 0) {
			sb_add(&b, "|", 1);
			for (c = 0; c < g->cols; c++)
				sb_str(&b, "---|");
			sb_add(&b, "\n", 1);
		}
	}
	return sb_emit(&b, fn, ctx);
}
