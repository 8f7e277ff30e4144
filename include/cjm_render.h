/* cjm_render.h: draw journey maps, funnels and maturity results with cairo. */
#ifndef CJM_RENDER_H
#define CJM_RENDER_H

#include <cairo.h>
#include "cjm.h"

/*
 * A renderer turns one document at a time (a canonical map, or a
 * standalone maturity document {"cjm_maturity": 1, "maturity": {...}})
 * into a sequence of pages: the map page, then a funnel page when stages
 * carry funnel counts, a maturity page when the map has a maturity
 * section, a touchpoint-graph page when it has transitions. Pages are
 * drawn in points (1/72 in) on any cairo context, or written as PDF, PNG
 * or SVG through a cjm_write_fn. Text is laid out by pango (wrapping,
 * Cyrillic, font fallback through fontconfig); nothing is clipped: text
 * wraps, rows grow, the font shrinks down to min_font on a fixed page,
 * and past that the page grows and a warning names the stage and lane.
 * Ownership follows cjm.h. The renderer never prints and never exits.
 */

typedef struct cjm_render cjm_render;

enum cjm_render_page {
	CJM_PAGE_SLIDE = 0,	/* 16:9, 960 x 540 pt (13.33 x 7.5 in) */
	CJM_PAGE_A4,		/* landscape, 842 x 595 pt */
	CJM_PAGE_A3,		/* landscape, 1191 x 842 pt */
	CJM_PAGE_LETTER,	/* landscape, 792 x 612 pt */
	CJM_PAGE_AUTO		/* as large as the content at the default size */
};

enum cjm_render_theme {
	CJM_THEME_COLOR = 0,
	CJM_THEME_GREY		/* print-friendly: greys, marks as well as tints */
};

enum cjm_render_format { CJM_RENDER_PDF = 0, CJM_RENDER_PNG, CJM_RENDER_SVG };

/* Limits, checked by cjm_render_new and before a PNG is drawn. */
#define CJM_RENDER_DPI_MIN 36
#define CJM_RENDER_DPI_MAX 1200
#define CJM_RENDER_PNG_SIDE_MAX 32767		/* pixels, cairo's limit */
#define CJM_RENDER_PNG_AREA_MAX 200000000.0	/* pixels of one PNG page */
#define CJM_RENDER_FONT_MIN 4.0			/* pt: min_font's floor */
#define CJM_RENDER_FONT_MAX 24.0		/* pt: min_font's ceiling */

typedef struct cjm_render_opts {
	enum cjm_render_page page;
	double dpi;		/* PNG resolution; 0: 96 */
	enum cjm_render_theme theme;
	const char *font;	/* pango family list; NULL: "DejaVu Sans" */
	const char *lang;	/* lane labels' language; NULL: the map's lang */
	double min_font;	/* readable floor in pt; 0: 6 */
	const char *date;	/* PDF dates, ISO 8601; NULL: 2000-01-01T00:00:00Z */
	const char *photo_dir;	/* relative persona photos are in this
				   folder; NULL: the map file's folder, or
				   the current one for standard input */
} cjm_render_opts;

/* A persona photo is a regular PNG file of at most this many pixels
 * (width x height, read from its header before it is decoded; 4096 x
 * 4096 decodes to 64 MiB); anything else is a render-photo warning. */
#define CJM_RENDER_PHOTO_PIXELS 16000000

/* Set the defaults above. */
CJM_API void cjm_render_opts_default(cjm_render_opts *);

/* A renderer (the font map and pango context are made once and reused).
 * Options out of range (dpi, min_font) are a CJM_FATAL diagnostic and
 * NULL, as is running out of memory. The strings in opts are copied. */
CJM_API cjm_render *cjm_render_new(const cjm_render_opts *, cjm_diags *);
CJM_API void cjm_render_free(cjm_render *);

/* Take a document and lay out its pages. doc is borrowed (json_incref'd
 * until the next load or free); file names the input for diagnostics and
 * is where a persona photo's path is relative to (NULL or "-": the
 * current directory); index is the document's 1-based place in its
 * stream. Warnings (text that does not fit at min_font) go to diags.
 * Returns CJM_OK, CJM_EDATA for a document that is neither a map nor a
 * maturity document, CJM_ESYS when out of memory. */
CJM_API int cjm_render_load(cjm_render *, json_t *doc, const char *file,
    unsigned index, cjm_diags *);
/* Where stage k of the next documents stands in the input (pos[k], n of
 * them; borrowed until set again; NULL: none): warnings about a stage
 * then carry its line:col. Call before cjm_render_load. */
CJM_API void cjm_render_stage_pos(cjm_render *, const cjm_pos *pos,
    size_t n);
/* Pages of the loaded document, and their size in points. */
CJM_API size_t cjm_render_pages(const cjm_render *);
CJM_API void cjm_render_page_size(const cjm_render *, size_t page, double *w,
    double *h);
/* Draw a page at the origin of cr in points (the caller scales for
 * pixels). Warnings: glyphs missing from every font, an unreadable
 * photo. CJM_ESYS when cairo reports an error. */
CJM_API int cjm_render_draw(cjm_render *, size_t page, cairo_t *cr, cjm_diags *);

/* Whole files. When fn fails the result is CJM_ESYS with no
 * diagnostic: the caller's writer knows what and where. A PDF deck: begin once, add every page of every document,
 * end (which writes the rest; after an error, end still frees). The
 * dates in the options are the PDF's creation and modification dates,
 * so the same input gives the same bytes. */
CJM_API int cjm_render_pdf_begin(cjm_render *, cjm_write_fn, void *ctx,
    cjm_diags *);
CJM_API int cjm_render_pdf_add(cjm_render *, size_t page, cjm_diags *);
CJM_API int cjm_render_pdf_end(cjm_render *, cjm_diags *);
/* One page as a PNG (at the options' dpi) or an SVG file. A PNG larger
 * than the limits above is a CJM_FATAL diagnostic and CJM_ESYS. */
CJM_API int cjm_render_png(cjm_render *, size_t page, cjm_write_fn, void *ctx,
    cjm_diags *);
CJM_API int cjm_render_svg(cjm_render *, size_t page, cjm_write_fn, void *ctx,
    cjm_diags *);
/* Size of a page as a PNG at the options' dpi; -1 when over the limits. */
CJM_API int cjm_render_png_size(const cjm_render *, size_t page, int *w, int *h);

/* What the layout chose for a page: for tests and for tools that check
 * a render (a debugging aid, not a stable layout contract). Sizes in
 * points; 0 where the page has no such text. Returns -1 for no such
 * page. */
typedef struct cjm_render_info {
	double body_pt;		/* the body text's size */
	double head_min_pt, head_max_pt; /* the stage names' sizes (one size
				   a row: min == max) */
	double chip_min_pt, chip_max_pt; /* the maturity ladder's chips */
	double content_h;	/* height the content needs, before rows
				   are stretched to the page */
	double spare_h;		/* height left free at the bottom */
	size_t broken_words;	/* words broken between letters */
	size_t first_stage, stages; /* a map page's stages (0-based) */
} cjm_render_info;
CJM_API int cjm_render_page_info(const cjm_render *, size_t page, cjm_render_info *);

/* The largest page side, in points: a map wider than this (at the
 * smallest font) is split over pages, stages continued, each page with
 * its headers and lane labels (many PDF viewers open nothing larger). */
#define CJM_RENDER_PAGE_MAX 14400.0

/* Names for options: "slide", "a4", ...; "color", "grey" (or "gray");
 * "pdf", "png", "svg". Return -1 for an unknown name. */
CJM_API int cjm_render_page_parse(const char *);
CJM_API int cjm_render_theme_parse(const char *);
CJM_API int cjm_render_format_parse(const char *);
/* Points of a fixed page kind (auto: 0 x 0). */
CJM_API void cjm_render_page_points(enum cjm_render_page, double *w, double *h);

#endif
