/* render_map.c: the map page: header, persona, stage columns, lane rows. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render.h"

static const json_t *
stages(const struct cjm_render *r)
{
	return json_object_get(r->map, "stages");
}

/* Does any stage fill this lane? */
static int
lane_used(const json_t *st, const char *key)
{
	size_t i;
	json_t *s, *v;

	json_array_foreach(st, i, s) {
		v = json_object_get(s, key);
		if (json_is_number(v) || json_object_size(v) > 0 ||
		    (json_is_string(v) &&
		    *json_string_value(v)) || json_array_size(v) > 0)
			return 1;
	}
	return 0;
}

static void
pick_lanes(struct cjm_render *r)
{
	size_t i;

	r->g.nlanes = 0;
	for (i = 0; i < cjm_lanes_count && r->g.nlanes < MAX_LANES; i++)
		if (lane_used(stages(r), cjm_lanes[i]))
			r->g.lanes[r->g.nlanes++] = (int)i;
}

/* The label column: wide enough for the longest word of a label, so
 * labels wrap between words only. */
static double
label_width(struct cjm_render *r, double s)
{
	double w = 5.5 * s;
	size_t k;

	for (k = 0; k < r->g.nlanes; k++)
		w = fmax(w, longest_word(r, cjm_lane_label(cjm_lanes[
		    r->g.lanes[k]], r->lang), 0.9 * s, T_BOLD) + 1.2 * s);
	return fmin(w, 11 * s);
}

/* The persona card at (x, y), w wide; returns its height. */
static double
persona(struct cjm_render *r, cairo_t *cr, double x, double y, double w,
    double s)
{
	const json_t *p = json_object_get(r->map, "persona"), *v;
	double pad = 0.6 * s, ph = 0, tx, tw, h = pad, fs = 0.85 * s;
	char buf[512], q[1100];
	size_t i;

	if (!json_is_object(p))
		return 0;
	ph = jstr(p, "photo") ? 5 * s : 0;
	tx = x + pad + (ph > 0 ? ph + pad : 0);
	tw = w - (tx - x) - pad;
	if (cr != NULL) {
		fill_box(cr, x, y, w, r->g.head_h, 0.5 * s, r->th->label,
		    r->th->grid);
		if (ph > 0)
			persona_photo(r, cr, jstr(p, "photo"), x + pad, y + pad,
			    ph);
	}
	h += text_box(r, cr, jstr(p, "name"), tx, y + h, tw, 1.1 * s, T_BOLD,
	    NULL);
	buf[0] = '\0';
	if (jstr(p, "segment"))
		snprintf(buf, sizeof(buf), "%s", jstr(p, "segment"));
	if (json_is_integer(json_object_get(p, "age")))
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%lld",
		    *buf ? ", " : "", (long long)json_integer_value(
		    json_object_get(p, "age")));
	h += text_box(r, cr, buf, tx, y + h, tw, fs, 0, r->th->muted);
	h += text_box(r, cr, jstr(p, "description"), tx, y + h, tw, fs, 0,
	    NULL);
	if (jstr(p, "quote")) {
		snprintf(q, sizeof(q), strcmp(r->lang, "ru") == 0 ? "«%s»" :
		    "“%s”", jstr(p, "quote"));
		h += 0.2 * s + text_box(r, cr, q, tx, y + h + 0.2 * s, tw, fs,
		    T_ITALIC, r->th->head);
	}
	if (json_array_size(json_object_get(p, "goals")) > 0)
		h += 0.2 * s + text_box(r, cr, tr(r, "goals"), tx,
		    y + h + 0.2 * s, tw, fs, T_BOLD, NULL);
	json_array_foreach(json_object_get(p, "goals"), i, v) {
		snprintf(q, sizeof(q), "• %s", json_string_value(v));
		h += text_box(r, cr, q, tx + 0.4 * s, y + h, tw - 0.4 * s, fs,
		    0, NULL);
	}
	h += pad;
	return h > ph + 2 * pad ? h : ph + 2 * pad;
}

/* Map-wide metrics, a row of boxes that wraps; returns the height. */
static double
map_metrics(struct cjm_render *r, cairo_t *cr, double x, double y, double w,
    double s)
{
	const json_t *ms = json_object_get(r->map, "metrics"), *m;
	double bw = 11 * s, cx = 0, lh = 0, h = 0, bh;
	size_t i;

	if (json_array_size(ms) == 0)
		return 0;
	if (bw > w)
		bw = w;
	json_array_foreach(ms, i, m) {
		if (cx + bw > w + 0.1) {
			h += lh + 0.4 * s;
			cx = lh = 0;
		}
		bh = metric_box(r, cr, m, x + cx, y + h, bw, s);
		lh = bh > lh ? bh : lh;
		cx += bw + 0.4 * s;
	}
	return h + lh;
}

/* Title, description, map metrics on the left; the persona on the
 * right. Returns the height. */
static double
header(struct cjm_render *r, cairo_t *cr, double x, double y, double w,
    double s)
{
	size_t np = json_array_size(json_object_get(r->map, "personas"));
	double pw = json_is_object(json_object_get(r->map, "persona")) ?
	    fmin(0.36 * w, 32 * s) : np > 0 ? fmin(0.6 * w,
	    (double)np * 17 * s) : 0;
	double lw = w - (pw > 0 ? pw + s : 0), h = 0, ph;

	h += text_box(r, cr, jstr(r->map, "title"), x, y, lw, 1.9 * s, T_BOLD,
	    NULL);
	if (jstr(r->map, "description"))
		h += 0.2 * s + text_box(r, cr, jstr(r->map, "description"), x,
		    y + h + 0.2 * s, lw, s, 0, r->th->muted);
	if (json_array_size(json_object_get(r->map, "metrics")) > 0)
		h += 0.5 * s + map_metrics(r, cr, x, y + h + 0.5 * s, lw, s);
	ph = fmax(persona(r, cr, x + w - pw, y, pw, s),
	    personas_cards(r, cr, x + w - pw, y, pw, s));
	return h > ph ? h : ph;
}

static double
phase_row(struct cjm_render *r, cairo_t *cr, double y, double s)
{
	const struct grid *g = &r->g;
	const json_t *st = stages(r);
	size_t i, j, n = json_array_size(st);
	double pad = 0.35 * s, h = 0, t;
	const char *ph, *next;

	for (i = 0; i < n; i = j) {
		ph = jstr(json_array_get(st, i), "phase");
		for (j = i + 1; j < n; j++) {
			next = jstr(json_array_get(st, j), "phase");
			if (ph == NULL || next == NULL || strcmp(ph, next) != 0)
				break;
		}
		if (ph == NULL)
			continue;
		if (cr != NULL)
			fill_box(cr, g->x0 + i * g->col_w + 1, y,
			    (j - i) * g->col_w - 2, g->phase_h - 2, 0.3 * s,
			    r->th->phase, NULL);
		t = text_box(r, cr, ph, g->x0 + i * g->col_w + pad, y + pad,
		    (j - i) * g->col_w - 2 * pad, 0.95 * s, T_BOLD | T_CENTER,
		    r->th->head);
		h = t > h ? t : h;
	}
	return h > 0 ? h + 2 * pad : 0;
}

/* Who owns the stage (a management map), under its name. */
static double
stage_owner(struct cjm_render *r, cairo_t *cr, const json_t *st, double x,
    double y, double w, double s)
{
	char buf[600];

	if (jstr(st, "owner") == NULL || *jstr(st, "owner") == '\0')
		return 0;
	snprintf(buf, sizeof(buf), "%s: %s", kword(r, "owner"),
	    jstr(st, "owner"));
	if (cr != NULL)
		fill_box(cr, x - 0.15 * s, y + 0.2 * s, w + 0.3 * s, text_box(r,
		    NULL, buf, x, y, w, 0.8 * s, T_BOLD, NULL) + 0.2 * s,
		    0.2 * s, r->th->phase, NULL);
	return 0.3 * s + text_box(r, cr, buf, x, y + 0.3 * s, w, 0.8 * s,
	    T_BOLD, r->th->head);
}

static double
stage_head(struct cjm_render *r, cairo_t *cr, const json_t *st, double x,
    double y, double w, double s)
{
	double pad = 0.45 * s, h = pad, fs = 1.1 * s;
	const double *ink = r->th->head_ink;
	char buf[300];

	/* A long word in a narrow column: a smaller name, not a split one. */
	fs = word_fit(r, jstr(st, "name"), fs, 0.8 * s, T_BOLD, w - 2 * pad);

	if (cr != NULL)
		fill_box(cr, x + 1, y, w - 2, r->g.stage_h - 2, 0.3 * s,
		    r->th->head, NULL);
	h += text_box(r, cr, jstr(st, "name"), x + pad, y + h, w - 2 * pad,
	    fs, T_BOLD, ink);
	h += text_box(r, cr, jstr(st, "subtitle"), x + pad, y + h,
	    w - 2 * pad, 0.82 * s, 0, ink);
	if (jstr(st, "duration")) {
		snprintf(buf, sizeof(buf), "%s: %s", tr(r, "time"),
		    jstr(st, "duration"));
		h += 0.15 * s + text_box(r, cr, buf, x + pad, y + h + 0.15 * s,
		    w - 2 * pad, 0.8 * s, T_ITALIC, ink);
	}
	h += stage_owner(r, cr, st, x + pad, y + h, w - 2 * pad, s);
	return h + pad;
}

static double
stage_row(struct cjm_render *r, cairo_t *cr, double y, double s)
{
	const json_t *st;
	double h = 0, t;
	size_t i;

	json_array_foreach(stages(r), i, st) {
		t = stage_head(r, cr, st, r->g.x0 + i * r->g.col_w, y,
		    r->g.col_w, s);
		h = t > h ? t : h;
	}
	return h;
}

/* One lane row: the label, then a cell per stage. Returns its height. */
static double
lane_row(struct cjm_render *r, cairo_t *cr, int k, double y, double s)
{
	struct grid *g = &r->g;
	int lane = g->lanes[k];
	double pad = 0.45 * s, h, t;
	const json_t *st;
	size_t i, np;

	h = text_box(r, cr, cjm_lane_label(cjm_lanes[lane], r->lang),
	    g->m + pad, y + pad, g->label_w - 2 * pad, 0.9 * s, T_BOLD,
	    r->th->head);
	if (strcmp(cjm_lanes[lane], "emotion") == 0) {
		/* Several curves need room to part. */
		np = json_array_size(json_object_get(r->map, "personas"));
		h += personas_legend(r, cr, g->m + pad, y + pad + h,
		    g->label_w - 2 * pad, s);
		return fmax(h, (4.6 + 1.5 * fmin((double)np, 4)) * s) +
		    2 * pad;
	}
	json_array_foreach(stages(r), i, st) {
		t = cell(r, cr, lane, st, g->x0 + i * g->col_w + pad, y + pad,
		    g->col_w - 2 * pad, s);
		if (cr == NULL && t > g->tall_h) {
			g->tall_h = t;
			g->tall_stage = i;
			g->tall_lane = lane;
		}
		h = t > h ? t : h;
	}
	return h + 2 * pad;
}

/* Measure the page at font size s for width w; the height it needs. */
static double
measure(struct cjm_render *r, double w, double s)
{
	struct grid *g = &r->g;
	double y;
	size_t k;

	g->nst = json_array_size(stages(r));
	g->s = s;
	g->w = w;
	g->m = 2 * s;
	g->label_w = label_width(r, s);
	g->x0 = g->m + g->label_w;
	g->col_w = (w - 2 * g->m - g->label_w) / (double)g->nst;
	g->tall_h = 0;
	g->head_h = header(r, NULL, g->m, g->m, w - 2 * g->m, s);
	y = g->m + g->head_h + s;
	g->phase_h = phase_row(r, NULL, y, s);
	g->stage_h = stage_row(r, NULL, y, s);
	y += g->phase_h + g->stage_h;
	for (k = 0; k < g->nlanes; k++)
		y += g->row_h[k] = lane_row(r, NULL, (int)k, y, s);
	g->total_h = y + g->m;
	return g->total_h;
}

static void
overflow_warn(struct cjm_render *r, const struct rpage *p, double h0)
{
	const json_t *st = json_array_get(stages(r), r->g.tall_stage);
	const char *lane = cjm_lanes[r->g.tall_lane];
	char path[64];

	snprintf(path, sizeof(path), "stages[%zu].%s", r->g.tall_stage, lane);
	warn(r, "render-overflow", path, "the map does not fit a %s page even "
	    "at %g pt: the page grows from %.0f to %.0f pt high; the tallest "
	    "cell is stage '%s', lane '%s' (shorten it, or use --page a3 or "
	    "auto)", page_name(r->o.page), p->s, h0, p->h, jstr(st, "name") ?
	    jstr(st, "name") : "", lane);
}

/* A stage column narrower than this many em would break words into
 * letters: the page is too narrow at that size. */
#define MIN_COL 6.0

static int
fits(struct cjm_render *r, const struct rpage *p, double s)
{
	return measure(r, p->w, s) <= p->h && r->g.col_w >= MIN_COL * s;
}

/* Past the floor: the page grows, wider for too many stages, taller for
 * too much text, and a warning says so. */
static void
grow(struct cjm_render *r, struct rpage *p)
{
	double w0 = p->w, h0 = p->h, s = p->s;

	if (r->g.col_w < MIN_COL * s) {
		p->w = ceil(2 * r->g.m + r->g.label_w +
		    (double)r->g.nst * MIN_COL * s);
		warn(r, "render-overflow", "stages", "the map's %zu stages do "
		    "not fit a %s page even at %g pt: the page grows from "
		    "%.0f to %.0f pt wide (use fewer stages, or --page auto)",
		    r->g.nst, page_name(r->o.page), s, w0, p->w);
	}
	if (measure(r, p->w, s) > p->h) {
		p->h = ceil(r->g.total_h);
		overflow_warn(r, p, h0);
	}
}

/* Pick the largest font size at which the map fits the page. The text's
 * area grows with the square of the size, so guess from that and keep
 * a bracket [lo fits, hi does not]: two or three passes, not eight. */
int
map_layout(struct cjm_render *r, struct rpage *p)
{
	double lo = r->o.min_font, hi, s, h;
	int i, lo_ok = 0;

	pick_lanes(r);
	if (r->o.page == CJM_PAGE_AUTO) {
		p->s = 10;
		p->w = fmax(64 * p->s, 2 * 2 * p->s + 6.8 * p->s +
		    (double)json_array_size(stages(r)) * 15 * p->s);
		p->h = ceil(measure(r, p->w, p->s));
		return CJM_OK;
	}
	s = hi = fmax(lo, p->w / 80);
	for (i = 0; i < 6 && hi - lo > 0.25; i++) {
		h = measure(r, p->w, s);
		p->s = s;
		if (h <= p->h && r->g.col_w >= MIN_COL * s) {
			/* Within 4% of the page is as good as the best size
			 * and saves passes (each shapes every text). */
			if (s == hi || h > 0.96 * p->h)
				return CJM_OK;
			lo = s;
			lo_ok = 1;
		} else {
			hi = s;
		}
		s = fmin(s * sqrt(p->h / h) * 0.99, p->w / (MIN_COL *
		    (double)r->g.nst + 12));
		s = fmin(fmax(s, lo + 0.05), hi - 0.05);
	}
	p->s = lo;
	if (!lo_ok && !fits(r, p, lo))
		grow(r, p);
	return CJM_OK;
}

/* A dashed line across the grid at y, with its name at the right. */
static void
dashed_line(struct cjm_render *r, cairo_t *cr, double y, const char *name,
    double s)
{
	const struct grid *g = &r->g;
	double dash[] = { 0.6 * s, 0.4 * s }, right = g->x0 + g->nst * g->col_w;
	double tw = text_width(r, name, 0.7 * s, T_ITALIC);

	cairo_save(cr);
	set_rgb(cr, r->th->head);
	cairo_set_line_width(cr, 0.12 * s);
	cairo_set_dash(cr, dash, 2, 0);
	cairo_move_to(cr, g->m, y);
	cairo_line_to(cr, right, y);
	cairo_stroke(cr);
	cairo_restore(cr);
	fill_box(cr, right - tw - 0.6 * s, y - 0.5 * s, tw + 0.4 * s, s, 0,
	    r->th->bg, NULL);
	text_box(r, cr, name, right - tw - 0.4 * s, y - 0.45 * s, -1, 0.7 * s,
	    T_ITALIC | T_NOWRAP, r->th->head);
}

/* The blueprint's lines: visibility above the back stage, internal
 * interaction above support. */
static void
blueprint_line(struct cjm_render *r, cairo_t *cr, size_t k, double y,
    double s)
{
	const char *lane = cjm_lanes[r->g.lanes[k]];

	if (k == 0)
		return;
	if (strcmp(lane, "backstage") == 0)
		dashed_line(r, cr, y, tr(r, "visibility"), s);
	else if (strcmp(lane, "support") == 0)
		dashed_line(r, cr, y, tr(r, "interaction"), s);
}

static void
row_frame(struct cjm_render *r, cairo_t *cr, size_t k, double y, double s)
{
	const struct grid *g = &r->g;
	double right = g->x0 + g->nst * g->col_w, h = g->row_h[k];
	size_t i;

	if (k % 2 == 1)
		fill_box(cr, g->x0, y, right - g->x0, h, 0, r->th->band, NULL);
	fill_box(cr, g->m, y + 1, g->label_w - 2, h - 2, 0.3 * s,
	    r->th->label, NULL);
	set_rgb(cr, r->th->grid);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, g->x0, y + h);
	cairo_line_to(cr, right, y + h);
	for (i = 1; i < g->nst; i++) {
		cairo_move_to(cr, g->x0 + i * g->col_w, y);
		cairo_line_to(cr, g->x0 + i * g->col_w, y + h);
	}
	cairo_stroke(cr);
}

void
map_draw(struct cjm_render *r, cairo_t *cr, const struct rpage *p)
{
	struct grid *g = &r->g;
	double s = p->s, y;
	size_t k;

	if (g->s != s || g->w != p->w)
		measure(r, p->w, s);
	header(r, cr, g->m, g->m, p->w - 2 * g->m, s);
	y = g->m + g->head_h + s;
	phase_row(r, cr, y, s);
	stage_row(r, cr, y + g->phase_h, s);
	y += g->phase_h + g->stage_h;
	for (k = 0; k < g->nlanes; k++) {
		row_frame(r, cr, k, y, s);
		if (strcmp(cjm_lanes[g->lanes[k]], "emotion") == 0)
			emotion_row(r, cr, g->x0, y, g->row_h[k], s);
		lane_row(r, cr, (int)k, y, s);
		blueprint_line(r, cr, k, y, s);
		y += g->row_h[k];
	}
}
