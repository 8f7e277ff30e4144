/* render.h: what the renderer's files share (internal, not installed). */
#ifndef CJM_RENDER_INT_H
#define CJM_RENDER_INT_H

#include <pango/pangocairo.h>
#include "cjm_render.h"

typedef double rgb[3];

/* A theme: every colour a page uses. */
struct theme {
	rgb bg, ink, muted, grid, head, head_ink, phase, label, band;
	rgb sev_high, sev_med, sev_low, sev_none, opp, miss, ok;
	rgb mood_neg, mood_neu, mood_pos, bar, loss, node, edge;
	int grey;		/* marks must not rely on colour alone */
};

enum page_kind { PAGE_MAP, PAGE_FUNNEL, PAGE_MATURITY, PAGE_GRAPH,
	PAGE_CHECKLIST };

struct rpage {
	enum page_kind kind;
	double w, h;		/* points */
	double s;		/* body font size, pt */
	double spare;		/* height the content leaves free, pt */
	size_t first, nst;	/* a map page's stages (a huge map is split) */
	double head_min, head_max;	/* its stage names' sizes, pt */
	double chip_min, chip_max;	/* its ladder chips' sizes, pt */
	double content_h;	/* what the content needs before stretching */
	unsigned broken;	/* words its layout breaks between letters */
	size_t k0, k1;		/* a checklist page's blocks [k0, k1) */
	size_t part, parts;	/* its place among the checklist pages */
};

/* Text styles for text_box. */
enum { T_BOLD = 1, T_ITALIC = 2, T_CENTER = 4, T_RIGHT = 8, T_NOWRAP = 16 };

#define MAX_STAGES 512
#define MAX_LANES 16

/* The measured grid of a map page at one font size. */
struct grid {
	size_t first, nst, nlanes;	/* stages first.. of the page */
	double s, w;		/* measured at this size and page width */
	double head_fs;		/* the stage names' one size */
	double line_gap[MAX_LANES];	/* room for a blueprint line above */
	double emo_top;		/* the emotion chart's top in its row */
	unsigned broken;	/* words broken between letters */
	int lanes[MAX_LANES];	/* indexes into cjm_lanes, in order */
	double m, label_w, col_w, x0;
	double head_h, phase_h, stage_h, row_h[MAX_LANES], total_h;
	double tall_h;		/* the tallest cell: */
	size_t tall_stage;
	int tall_lane;
};

struct cjm_render {
	cjm_render_opts o;
	char *font, *lang_opt, *date;
	PangoFontMap *fm;
	PangoContext *pc;
	PangoLayout *spare;	/* a layout the cache had no room for */
	PangoFontDescription *fds[4];	/* by style & (T_BOLD | T_ITALIC) */
	PangoAttrList *attrs;
	struct tcache *tc;	/* texts laid out so far */
	unsigned nbroken;	/* words broken between letters, counted
				   by text_box since the caller zeroed it */
	int estimate;		/* measure wrapped text from its unwrapped
				   layout (the fitting search's probes) */
	const struct theme *th;
	json_t *doc;		/* the loaded document (a reference) */
	const json_t *map;	/* NULL for a standalone maturity document */
	const json_t *maturity;
	const char *file;
	unsigned index;
	char lang[3];
	struct rpage *pages;	/* the map's, then one a checklist part */
	size_t npages, pcap;
	struct grid g;
	cjm_diags *ds;		/* where draw-time warnings go */
	const cjm_pos *stage_pos;	/* where each stage stands in the
					   input (cjm_render_stage_pos) */
	size_t nstage_pos;
	unsigned nglyph_warn;
	double chip_min, chip_max;	/* the maturity ladder's chip size */
	cairo_surface_t *pdf;
	int pdf_titled;		/* the deck's title: its first map's */
	struct sink {		/* where the PDF deck goes */
		cjm_write_fn fn;
		void *ctx;
	} sink;
};

/* A laid-out text's size in pango units at the nominal size, and
 * whether a line of it starts inside a word (a word wider than the box,
 * broken between letters). */
struct tsize {
	int pw, ph, broken;
	/* An unwrapped text's line-break opportunities (NULL: none kept,
	 * such as for right-to-left text): where the line before a break
	 * would end and the next begin, pango units; the last is the end. */
	struct tbreak {
		int end, start;
	} *bk;
	int nbk;
};

/* render_cache.c */
struct tcache *tcache_new(void);
void tcache_free(struct tcache *);
void tcache_clear(struct tcache *);
size_t tcache_count(const struct tcache *);
PangoLayout *tcache_get(const struct tcache *, const char *text, int width,
    int style, struct tsize *);
int tcache_put(struct tcache *, const char *text, int width, int style,
    const struct tsize *, PangoLayout *);

/* render.c */
double text_box(struct cjm_render *, cairo_t *, const char *, double x,
    double y, double w, double size, int style, const double *color);
double text_width(struct cjm_render *, const char *, double size, int style);
double longest_word(struct cjm_render *, const char *, double size, int style);
double word_fit(struct cjm_render *, const char *, double size, double floor,
    int style, double w);
double label_size(struct cjm_render *, const char *, double size,
    double floor, int style, double w);
double label(struct cjm_render *, cairo_t *, const char *, double x,
    double y, double max_w, double size, int style, const double *fill,
    const double *ink, double *bw);
void num_text(const struct cjm_render *, char *buf, size_t n,
    const char *fmt, double v);
void quote_text(const struct cjm_render *, char *buf, size_t n,
    const char *text);
void set_rgb(cairo_t *, const double *);
void count_text(char *buf, size_t n, double v);
void int_text(char *buf, size_t n, long long v);
void rounded(cairo_t *, double x, double y, double w, double h, double rad);
void fill_box(cairo_t *, double x, double y, double w, double h, double rad,
    const double *fill, const double *stroke);
const char *tr(const struct cjm_render *, const char *key);
/* A word after the count n in the map's language: "1 customer",
 * "5 клиентов". */
const char *tr_count(const struct cjm_render *, const char *key,
    long long n);
const char *jstr(const json_t *, const char *key);
int jnum(const json_t *, const char *key, double *out);
void render_warn(struct cjm_render *, const char *code, const char *path,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
double page_title(struct cjm_render *, cairo_t *, const struct rpage *,
    const char *suffix);

/* The largest page side: many PDF viewers open nothing larger (Adobe's
 * limit, 200 in). A map wider than this is split over pages. */
#define PAGE_MAX CJM_RENDER_PAGE_MAX

/* render_out.c */
const char *page_name(enum cjm_render_page);

/* render_map.c */
int map_layout(struct cjm_render *);
void map_draw(struct cjm_render *, cairo_t *, const struct rpage *);

/* render_cell.c */
const char *channel_word(const struct cjm_render *, const char *channel);
double cell(struct cjm_render *, cairo_t *, int lane, const json_t *stage,
    double x, double y, double w, double s);
void emotion_row(struct cjm_render *, cairo_t *, double x, double top,
    double bot, double s);
void mood_color(const struct cjm_render *, double t, double *out);
double metric_box(struct cjm_render *, cairo_t *, const json_t *m, double x,
    double y, double w, double s);

void persona_photo(struct cjm_render *, cairo_t *, const char *photo,
    double x, double y, double side);

/* A page drawn on cr, or only measured when cr is NULL: the height it
 * needs at p->w and p->s. */
typedef double page_fn(struct cjm_render *, cairo_t *, const struct rpage *);

/* render_chart.c */
int funnel_has(const json_t *map);
page_fn funnel_page, maturity_page;
int page_fit(struct cjm_render *, struct rpage *, page_fn *, const char *);

/* render_diff.c: the marks of cjm-diff's x-diff, over a drawn map page */
void diff_draw(struct cjm_render *, cairo_t *, const struct rpage *);

/* render_graph.c */
int graph_has(const json_t *map);
page_fn graph_page;

/* render.c: a new page of the document (NULL when out of memory),
 * sized for the options' page kind. */
struct rpage *page_new(struct cjm_render *, enum page_kind);

/* render_checklist.c: the decision checklist, as many pages as its
 * decisions need; the renderer's words for the seed's other map kinds. */
int checklist_layout(struct cjm_render *);
page_fn checklist_page;
const char *kword(const struct cjm_render *, const char *key);

/* render_personas.c: several personas: their cards, legend, curves.
 * Each returns the height it takes, 0 without 'personas'. */
double personas_cards(struct cjm_render *, cairo_t *, double x, double y,
    double w, double s);
double personas_legend(struct cjm_render *, cairo_t *, double x, double y,
    double w, double s);
/* The curves over the emotion row's scale [top, bot]; 0 when the map
 * has no personas (then the caller draws the single curve). */
int personas_curves(struct cjm_render *, cairo_t *, double x0, double top,
    double bot, double s);
void emotion_curve(cairo_t *, const double *x, const double *y, size_t n,
    double *m);

#endif
