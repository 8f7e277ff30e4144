/* xlsx_write.c: a grid as an XLSX workbook through libxlsxwriter:
 * wrapped text, column widths, the label column and the header frozen,
 * phases merged over their stages, pain points coloured by severity. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "convert_impl.h"

/* Fills after the usual traffic light of severity (Excel's "Good,
 * Neutral, Bad" cell styles): low green, medium amber, high red. */
static const lxw_color_t sev_fill[4] = { 0, 0xE2EFDA, 0xFFEB9C, 0xFFC7CE };

/* Column widths in characters: the longest line, within these bounds
 * (narrow enough that three stages show on a laptop screen). */
#define LABEL_MIN	12
#define LABEL_MAX	30
#define STAGE_MIN	18
#define STAGE_MAX	42

/* A sheet name Excel accepts: at most 31 characters, none of []:*?/\. */
static void
sheet_name(const char *title, char *buf, size_t size)
{
	size_t n = 0, chars = 0;

	for (; title != NULL && *title != '\0' && n + 4 < size; title++) {
		unsigned char ch = (unsigned char)*title;

		if ((ch & 0xC0) != 0x80 && ++chars > 31)
			break;
		buf[n++] = strchr("[]:*?/\\'", ch) != NULL ? '-' : (char)ch;
	}
	buf[n] = '\0';
	if (n == 0)
		snprintf(buf, size, "Map");
}

/* Lines a cell takes when wrapped at width characters (a guess from
 * its code points: Excel does not size rows of files it did not lay out). */
static double
cell_lines(const char *s, size_t width)
{
	size_t lines = 1, col = 0;

	for (; *s != '\0'; s++) {
		if (*s == '\n') {
			lines++;
			col = 0;
		} else if (((unsigned char)*s & 0xC0) != 0x80 && ++col > width) {
			lines++;
			col = 1;
		}
	}
	return (double)lines;
}

/* The width of column c: its longest line in code points, bounded. */
static size_t
col_width(const cjm_grid *g, size_t c)
{
	size_t r, lo = c ? STAGE_MIN : LABEL_MIN, hi = c ? STAGE_MAX : LABEL_MAX;
	size_t best = 0;

	for (r = 0; r < g->n; r++) {
		const char *s = cjm_grid_cell(g, r, c);
		size_t n = 0;

		for (; ; s++) {
			if (*s == '\n' || *s == '\0') {
				best = n > best ? n : best;
				n = 0;
				if (*s == '\0')
					break;
			} else if (((unsigned char)*s & 0xC0) != 0x80)
				n++;
		}
	}
	best += 2;
	return best < lo ? lo : best > hi ? hi : best;
}

static int
write_cells(const cjm_grid *g, lxw_workbook *wb, lxw_worksheet *ws)
{
	lxw_format *wrap = workbook_add_format(wb), *head = workbook_add_format(wb);
	lxw_format *lab = workbook_add_format(wb), *sev[4] = { NULL };
	size_t r, c, nh = cjm_grid_header_rows(g);
	int k;

	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	format_set_text_wrap(head);
	format_set_bold(head);
	format_set_align(head, LXW_ALIGN_CENTER);
	format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_bg_color(head, 0xDDEBF7);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_text_wrap(lab);
	format_set_bold(lab);
	format_set_align(lab, LXW_ALIGN_VERTICAL_TOP);
	for (k = 1; k < 4; k++) {
		sev[k] = workbook_add_format(wb);
		format_set_text_wrap(sev[k]);
		format_set_align(sev[k], LXW_ALIGN_VERTICAL_TOP);
		format_set_bg_color(sev[k], sev_fill[k]);
	}
	for (r = 0; r < g->n; r++) {
		double lines = 1;

		for (c = 0; c < g->cols; c++) {
			const char *t = cjm_grid_cell(g, r, c);
			int s = cjm_grid_severity(g, r, c);
			lxw_format *f = r < nh ? head : c == 0 ? lab :
			    s > 0 ? sev[s] : wrap;
			double l = cell_lines(t, col_width(g, c));

			if (l > lines)
				lines = l;
			if (worksheet_write_string(ws, (lxw_row_t)r,
			    (lxw_col_t)c, t, f) != LXW_NO_ERROR)
				return -1;
		}
		worksheet_set_row(ws, (lxw_row_t)r, 15 * (lines < 30 ? lines :
		    30), NULL);
	}
	return 0;
}

/* A phase's top cell merged over the empty cells after it. */
static void
merge_phases(const cjm_grid *g, lxw_worksheet *ws, lxw_format *f)
{
	size_t c, e;

	if (cjm_grid_header_rows(g) < 2)
		return;
	for (c = 1; c < g->cols; c = e) {
		for (e = c + 1; e < g->cols && cjm_grid_cell(g, 0, e)[0] == '\0'
		    && cjm_grid_cell(g, 1, e)[0] != '\0' && cjm_grid_cell(g, 1,
		    c)[0] != '\0'; e++)
			;
		if (e > c + 1)
			worksheet_merge_range(ws, 0, (lxw_col_t)c, 0,
			    (lxw_col_t)(e - 1), cjm_grid_cell(g, 0, c), f);
	}
}

/* Copy the finished file to fn. */
static int
pass_on(const char *path, cjm_write_fn fn, void *ctx)
{
	FILE *fp = fopen(path, "rb");
	char buf[65536];
	size_t n;
	int r = CJM_OK;

	if (fp == NULL)
		return CJM_ESYS;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		if (fn(buf, n, ctx) != 0) {
			r = CJM_ESYS;
			break;
		}
	if (ferror(fp))
		r = CJM_ESYS;
	fclose(fp);
	return r;
}

int
cjm_grid_write_xlsx(const cjm_grid *g, const char *title, cjm_write_fn fn,
    void *ctx, cjm_diags *ds)
{
	const char *dir = getenv("TMPDIR");
	char path[4096], name[128];
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head;
	lxw_error e;
	cjm_pos p = { 0, 0, 0 };
	size_t c;
	int fd, r;

	snprintf(path, sizeof(path), "%s/cjm-xlsx-XXXXXX", dir && *dir ? dir :
	    "/tmp");
	if ((fd = mkstemp(path)) < 0) {
		cjm_diags_add(ds, CJM_FATAL, "xlsx-write", NULL, 0, NULL, p,
		    "set TMPDIR to a writable folder", "cannot make a "
		    "temporary file in %s", dir && *dir ? dir : "/tmp");
		return CJM_ESYS;
	}
	close(fd);
	sheet_name(title, name, sizeof(name));
	wb = workbook_new(path);
	ws = wb ? workbook_add_worksheet(wb, name) : NULL;
	if (ws == NULL) {
		workbook_close(wb);
		unlink(path);
		return CJM_ESYS;
	}
	for (c = 0; c < g->cols; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
		    (double)col_width(g, c), NULL);
	worksheet_freeze_panes(ws, (lxw_row_t)cjm_grid_header_rows(g), 1);
	head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_align(head, LXW_ALIGN_CENTER);
	format_set_bg_color(head, 0xDDEBF7);
	format_set_border(head, LXW_BORDER_THIN);
	r = write_cells(g, wb, ws);
	merge_phases(g, ws, head);
	if ((e = workbook_close(wb)) != LXW_NO_ERROR || r != 0) {
		cjm_diags_add(ds, CJM_FATAL, "xlsx-write", NULL, 0, NULL, p,
		    NULL, "libxlsxwriter: %s", lxw_strerror(e));
		unlink(path);
		return CJM_ESYS;
	}
	r = pass_on(path, fn, ctx);
	unlink(path);
	return r;
}
