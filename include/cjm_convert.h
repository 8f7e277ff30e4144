/* cjm_convert.h: maps in and out of spreadsheet grids (CSV, TSV, XLSX),
 * Markdown tables, Mermaid journey diagrams and Graphviz dot. */
#ifndef CJM_CONVERT_H
#define CJM_CONVERT_H

#include "cjm.h"

/*
 * A grid is a spreadsheet as rows of cells: row 0 (and row 1 when the
 * stages split into sub-stages) holds the stage header, column 0 the lane
 * labels. Cells are UTF-8 strings; an absent cell reads as "". Row and
 * column indexes are 0-based; cell names in diagnostics are A1-style
 * ("C5"), as spreadsheets show them. Ownership follows cjm.h.
 *
 * Limits (refused with a diagnostic, never truncated): CJM_GRID_MAX_COLS
 * columns (the CSV reader's field limit), CJM_GRID_MAX_ROWS rows (Excel's
 * own), CJM_GRID_MAX_CELLS cells in all, so a sparse XLSX cannot make a
 * huge dense grid.
 */
#define CJM_GRID_MAX_COLS	10000
#define CJM_GRID_MAX_ROWS	1048576
#define CJM_GRID_MAX_CELLS	(4UL * 1024 * 1024)

typedef struct cjm_grid cjm_grid;

CJM_API cjm_grid *cjm_grid_new(void);
CJM_API void cjm_grid_free(cjm_grid *);
CJM_API size_t cjm_grid_rows(const cjm_grid *);
CJM_API size_t cjm_grid_cols(const cjm_grid *);		/* the widest row */
CJM_API size_t cjm_grid_row_len(const cjm_grid *, size_t row);	/* cells given */
CJM_API const char *cjm_grid_cell(const cjm_grid *, size_t row, size_t col);
/* Set a cell (text copied; len bytes, need not be NUL-terminated). pos
 * is where it stood in its input (for diagnostics). CJM_OK, CJM_EDATA
 * over the limits, CJM_ESYS out of memory. */
CJM_API int cjm_grid_set(cjm_grid *, size_t row, size_t col, const char *text,
    size_t len, cjm_pos pos);
/* A merged range (as XLSX has them): its top-left cell holds the text.
 * Inclusive bounds. */
CJM_API int cjm_grid_merge(cjm_grid *, size_t r0, size_t c0, size_t r1, size_t c1);
/* "C5" for row 4, column 2; buf of 24 bytes is always enough. */
CJM_API char *cjm_grid_cell_name(size_t row, size_t col, char *buf, size_t size);

/* Read a CSV or TSV grid as spreadsheets export it (cjm_csv_new: comma,
 * semicolon or tab sniffed when delim is 0; quotes, CRLF, BOM, quoted
 * newlines). Text that is not UTF-8 is refused with its place. */
CJM_API int cjm_grid_read_csv(cjm_grid *, FILE *fp, const char *name, char delim,
    cjm_diags *);
/* Read one sheet of an XLSX workbook (Office Open XML, ECMA-376 part 1,
 * 18.3 worksheets and 18.4 shared strings) held in memory: libzip opens
 * the container, libxml2 parses the parts. sheet NULL: the first sheet;
 * otherwise a sheet name (case-insensitive) or a 1-based number. Merged
 * ranges are kept (cjm_grid_merge). max_part bounds the inflated size of
 * one part (zip bombs); 0 means 256 MiB. */
CJM_API int cjm_grid_read_xlsx(cjm_grid *, const void *buf, size_t len,
    const char *name, const char *sheet, size_t max_part, cjm_diags *);

/*
 * A grid to a map (a new reference in *map, cjm(5) format 1, canonical
 * key order). Lane labels are matched ignoring case, '?', ':' and
 * surrounding spaces (cjm_convert_label); an unknown label becomes an
 * "x-" lane with a warning. title NULL: "Journey map" in the map's
 * language. lang NULL: "ru" when the labels are Cyrillic, else "en".
 * CJM_OK (warnings possible), CJM_EDATA with diagnostics naming cells.
 */
CJM_API int cjm_grid_to_map(const cjm_grid *, const char *title, const char *lang,
    json_t **map, cjm_diags *);
/* A valid canonical map to a grid with labels in lang (NULL: the map's).
 * What a grid cannot hold (persona, transitions, touchpoint ids and
 * channels, metric targets) is left out; man cjm-convert(1) lists it. */
CJM_API int cjm_grid_from_map(cjm_grid *, const json_t *map, const char *lang,
    cjm_diags *);
/* Header rows of a grid made by cjm_grid_from_map (1 or 2). */
CJM_API size_t cjm_grid_header_rows(const cjm_grid *);
/* Worst pain point severity in a cell made by cjm_grid_from_map: 0 none,
 * 1 low, 2 medium, 3 high (XLSX colours it). */
CJM_API int cjm_grid_severity(const cjm_grid *, size_t row, size_t col);

/* The lane key a label means ("Болевые точки" -> "pain_points"; also
 * "stage", "id", "duration", "owner"), or NULL when unknown. */
CJM_API const char *cjm_convert_label(const char *label);

/* Grids out. CSV after RFC 4180 (LF line ends, quotes only where
 * needed); delim ',' ';' or '\t'. Markdown: a GitHub table, lines of a
 * cell joined with <br>, pipes escaped. */
CJM_API int cjm_grid_write_csv(const cjm_grid *, char delim, cjm_write_fn, void *);
CJM_API int cjm_grid_write_markdown(const cjm_grid *, cjm_write_fn, void *);
/* XLSX through libxlsxwriter (it writes a file: a temporary one in
 * TMPDIR, passed to fn and removed): wrapped text, column widths from
 * the longest lines, frozen
 * label column and header, phases merged, pain points coloured by
 * severity. title names the sheet (at most 31 characters). */
CJM_API int cjm_grid_write_xlsx(const cjm_grid *, const char *title, cjm_write_fn,
    void *, cjm_diags *);

/*
 * Mermaid journey diagrams (mermaid.js.org/syntax/userJourney.html):
 * title, sections -> phases, tasks -> stages with the score as emotion
 * on 1..5, actors kept as the stage's "x-actors". The writer scales
 * emotion from the map's emotion_scale and adds a note (CJM_NOTE,
 * code "mermaid-lost") for each thing Mermaid cannot hold.
 */
CJM_API int cjm_mermaid_read(const char *buf, size_t len, const char *name,
    json_t **map, cjm_diags *);
CJM_API int cjm_mermaid_write(const json_t *map, cjm_write_fn, void *, cjm_diags *);

/* Graphviz dot of the touchpoint graph: a cluster a stage, transitions
 * as edges (count as label and weight), dead ends and unreachable
 * touchpoints marked (the same rules as cjm_map_check). */
CJM_API int cjm_dot_write(const json_t *map, cjm_write_fn, void *, cjm_diags *);

#endif
