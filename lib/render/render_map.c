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

/* The i-th stage of the page (a huge map's page holds some of them). */
static const json_t *
stage(const struct cjm_render *r, size_t i)
{
	return json_array_get(stages(r), r->g.first + i);
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

/* An age with its word: "34 years old", «34 года». */
static void
age_text(const struct cjm_render *r, char *buf, size_t n, long long age)
{
	snprintf(buf, n, "%lld %s", age, tr_count(r, "years", age));
}

/* The persona card at (x, y), w wide; returns its height. */
static double
persona(struct cjm_render *r, cairo_t *cr, double x, double y, double w,
    double s)
{
	const json_t *p = json_object_get(r->map, "persona"), *v;
	double pad = 0.6 * s, ph = 0, tx, tw, h = pad, fs = 0.85 * s;
	char buf[512], q[1100], age[64];
	size_t i;

	if (!json_is_object(p))
		return 0;
	ph = jstr(p, "photo") ? 5 * s : 0;
	tx = x + pad + (ph > 0 ? ph + pad : 0);
	tw = w - (tx - x) - pad;
	if (cr != NULL) {
		fill_box(cr, x, y, w, r->g.head_h - (y - r->g.m), 0.5 * s,
		    r->th->label, r->th->grid);
		if (ph > 0)
			persona_photo(r, cr, jstr(p, "photo"), x + pad, y + pad,
			    ph);
	}
	h += text_box(r, cr, jstr(p, "name"), tx, y + h, tw, 1.1 * s, T_BOLD,
	    NULL);
	buf[0] = '\0';
	if (jstr(p, "segment"))
		snprintf(buf, sizeof(buf), "%s", jstr(p, "segment"));
	if (json_is_integer(json_object_get(p, "age"))) {
		age_text(r, age, sizeof(age), json_integer_value(
		    json_object_get(p, "age")));
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
		    *buf ? ", " : "", age);
	}
	h += text_box(r, cr, buf, tx, y + h, tw, fs, 0, r->th->muted);
	h += text_box(r, cr, jstr(p, "description"), tx, y + h, tw, fs, 0,
	    NULL);
	if (jstr(p, "quote")) {
		quote_text(r, q, sizeof(q), jstr(p, "quote"));
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

/* Where the title goes: its one line beside the persona, narrowed to
 * 20 em for it, when that is enough; else across the page above the
 * persona (it then takes the free width the persona leaves below); else,
 * a title too long for one line, beside the widest persona. Returns the
 * persona's width; *top is 1 for a title above. */
static double
persona_width(struct cjm_render *r, double w, double s, int *top)
{
	size_t np = json_array_size(json_object_get(r->map, "personas"));
	int one = json_is_object(json_object_get(r->map, "persona"));
	double most = one ? fmin(0.36 * w, 32 * s) : fmin(0.6 * w,
	    (double)np * 17 * s), least = one ? fmin(most, 20 * s) : most, tw;

	*top = 0;
	if (!one && np == 0)
		return 0;
	tw = text_width(r, jstr(r->map, "title"), 1.9 * s, T_BOLD);
	if (tw <= w - least - s)
		return fmin(most, w - tw - s);
	*top = tw <= w;
	return most;
}

/* Title, description, map metrics on the left; the persona on the
 * right. Returns the height. */
static double
header(struct cjm_render *r, cairo_t *cr, double x, double y, double w,
    double s)
{
	int top;
	double pw = persona_width(r, w, s, &top), py = y;
	double lw = w - (pw > 0 ? pw + s : 0), h = 0, ph;
	size_t n = json_array_size(stages(r));
	char buf[200], a[32], b[32], c[32];

	h += text_box(r, cr, jstr(r->map, "title"), x, y, top ? w : lw,
	    1.9 * s, T_BOLD, NULL);
	if (top)
		py = y + h + 0.3 * s;
	if (r->g.nst < n) {	/* a page of a split map */
		count_text(a, sizeof(a), (double)r->g.first + 1);
		count_text(b, sizeof(b), (double)(r->g.first + r->g.nst));
		count_text(c, sizeof(c), (double)n);
		snprintf(buf, sizeof(buf), strcmp(r->lang, "ru") == 0 ?
		    "этапы %s–%s из %s" : "stages %s–%s of %s", a, b, c);
		h += 0.2 * s + text_box(r, cr, buf, x, y + h + 0.2 * s, lw,
		    s, T_BOLD, r->th->head);
	}
	if (jstr(r->map, "description"))
		h += 0.2 * s + text_box(r, cr, jstr(r->map, "description"), x,
		    y + h + 0.2 * s, lw, s, 0, r->th->muted);
	if (json_array_size(json_object_get(r->map, "metrics")) > 0)
		h += 0.5 * s + map_metrics(r, cr, x, y + h + 0.5 * s, lw, s);
	ph = fmax(persona(r, cr, x + w - pw, py, pw, s),
	    personas_cards(r, cr, x + w - pw, py, pw, s)) + (py - y);
	return h > ph ? h : ph;
}

static double
phase_row(struct cjm_render *r, cairo_t *cr, double y, double s)
{
	const struct grid *g = &r->g;
	size_t i, j, n = g->nst;
	double pad = 0.35 * s, h = 0, t;
	const char *ph, *next;

	for (i = 0; i < n; i = j) {
		ph = jstr(stage(r, i), "phase");
		for (j = i + 1; j < n; j++) {
			next = jstr(stage(r, j), "phase");
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
	double pad = 0.45 * s, h = pad, fs = r->g.head_fs;
	const double *ink = r->th->head_ink;
	char buf[300];

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

/* The stage names' one size: the largest, from 1.1 em down to 0.6 em,
 * at which every name's longest word fits its column (neighbouring
 * headers in different sizes look like a mistake). */
static double
head_size(struct cjm_render *r, double s)
{
	double fs = 1.1 * s, w = r->g.col_w - 0.9 * s, lw;
	size_t i;

	for (i = 0; i < r->g.nst; i++) {
		lw = longest_word(r, jstr(stage(r, i), "name"), 1.1 * s, T_BOLD);
		if (lw > w)
			fs = fmin(fs, 1.1 * s * w / lw);
	}
	return fmax(fs, 0.6 * s);
}

static double
stage_row(struct cjm_render *r, cairo_t *cr, double y, double s)
{
	double h = 0, t;
	size_t i;

	if (cr == NULL)
		r->g.head_fs = head_size(r, s);
	for (i = 0; i < r->g.nst; i++) {
		t = stage_head(r, cr, stage(r, i), r->g.x0 + i * r->g.col_w, y,
		    r->g.col_w, s);
		h = t > h ? t : h;
	}
	return h;
}

/* One lane row: the label, then a cell per stage, below the room for a
 * blueprint line. Returns its height. */
static double
lane_row(struct cjm_render *r, cairo_t *cr, int k, double y, double s)
{
	struct grid *g = &r->g;
	int lane = g->lanes[k];
	double pad = 0.45 * s, h, t;
	size_t i, np;

	y += g->line_gap[k];
	h = text_box(r, cr, cjm_lane_label(cjm_lanes[lane], r->lang),
	    g->m + pad, y + pad, g->label_w - 2 * pad, 0.9 * s, T_BOLD,
	    r->th->head);
	if (strcmp(cjm_lanes[lane], "emotion") == 0) {
		/* The chart under the label's line (the personas' legend
		 * beside the label), the scale's marks in the label column
		 * beside it; several curves need room to part. */
		np = json_array_size(json_object_get(r->map, "personas"));
		h = fmax(h, personas_legend(r, cr, g->x0 + pad, y + pad,
		    g->nst * g->col_w - 2 * pad, s));
		g->emo_top = pad + h + 0.5 * s;
		return g->line_gap[k] + g->emo_top + (4.2 + 1.5 *
		    fmin((double)np, 4)) * s;
	}
	for (i = 0; i < g->nst; i++) {
		t = cell(r, cr, lane, stage(r, i), g->x0 + i * g->col_w + pad,
		    y + pad, g->col_w - 2 * pad, s);
		if (cr == NULL && t > g->tall_h) {
			g->tall_h = t;
			g->tall_stage = g->first + i;
			g->tall_lane = lane;
		}
		h = t > h ? t : h;
	}
	return g->line_gap[k] + h + 2 * pad;
}

/* The blueprint's lines go above these lanes (Shostack's service
 * blueprint): interaction between the customer's lanes and the front
 * stage, visibility above the back stage, internal interaction above
 * support. The words' keys, or NULL. */
static const char *
line_above(const struct cjm_render *r, size_t k)
{
	const char *lane = cjm_lanes[r->g.lanes[k]];

	if (k == 0)
		return NULL;
	if (strcmp(lane, "frontstage") == 0)
		return "line_int";
	if (strcmp(lane, "backstage") == 0)
		return "visibility";
	if (strcmp(lane, "support") == 0)
		return "interaction";
	return NULL;
}

/* Measure the page at font size s for width w; the height it needs. */
static double
measure(struct cjm_render *r, double w, double s)
{
	struct grid *g = &r->g;
	double y;
	size_t k;

	g->s = s;
	g->w = w;
	g->m = 2 * s;
	g->label_w = label_width(r, s);
	g->x0 = g->m + g->label_w;
	g->col_w = (w - 2 * g->m - g->label_w) / (double)g->nst;
	g->tall_h = 0;
	r->nbroken = 0;
	g->head_h = header(r, NULL, g->m, g->m, w - 2 * g->m, s);
	y = g->m + g->head_h + s;
	g->phase_h = phase_row(r, NULL, y, s);
	g->stage_h = stage_row(r, NULL, y, s);
	y += g->phase_h + g->stage_h;
	for (k = 0; k < g->nlanes; k++) {
		g->line_gap[k] = line_above(r, k) ? 1.1 * s : 0;
		y += g->row_h[k] = lane_row(r, NULL, (int)k, y, s);
	}
	g->total_h = y + g->m;
	g->broken = r->nbroken;
	return g->total_h;
}

/* A stage column narrower than this many em would break words into
 * letters: the page is too narrow at that size. */
#define MIN_COL 6.0
/* The largest body size on a fixed page, as a share of its width (17 pt
 * on a slide): a sparse map is drawn larger, to fill the page, up to a
 * size that still reads as body text. */
#define FILL 56.0

/* Does the map fit at size s? strict: without a word broken between
 * letters, too. */
static int
fits(struct cjm_render *r, const struct rpage *p, double s, int strict,
    double *h)
{
	*h = measure(r, p->w, s);
	return *h <= p->h && r->g.col_w >= MIN_COL * s &&
	    (!strict || r->g.broken == 0);
}

/* The largest size in [min_font, FILL] at which the map fits; -1 when
 * none does. The text's area grows with the square of the size, so
 * guess from that and keep a bracket [lo fits, hi does not]: two or
 * three passes, not eight. The probes estimate wrapped text's lines
 * from its unwrapped layout (r->estimate); the size found is then laid
 * out for real, a little smaller while that does not fit. */
static double
search(struct cjm_render *r, struct rpage *p, int strict)
{
	double lo = r->o.min_font, hi = fmax(lo, p->w / FILL), s = hi, h;
	int i, lo_ok = 0;

	r->estimate = 1;
	for (i = 0; i < 8 && hi - lo > 0.1; i++) {
		if (fits(r, p, s, strict, &h)) {
			/* Within 2% of the page is as good as the best. */
			if (s == hi || h > 0.98 * p->h)
				break;
			lo = s;
			lo_ok = 1;
		} else {
			hi = s;
		}
		s = fmin(s * sqrt(p->h / h) * 0.995, p->w / (MIN_COL *
		    (double)r->g.nst + 12));
		if (r->g.broken > 0 && h <= p->h)
			s = (lo + hi) / 2;	/* breaks do not scale so */
		s = fmin(fmax(s, lo + 0.02), hi - 0.02);
	}
	if (i == 8 || hi - lo <= 0.1)
		s = lo;
	r->estimate = 0;
	if (!lo_ok && s == lo && !fits(r, p, lo, strict, &h))
		return -1;
	for (i = 0; i < 12 && s > r->o.min_font; i++) {
		if (fits(r, p, s, strict, &h))
			return s;
		s = fmax(r->o.min_font, s * 0.985);
	}
	return fits(r, p, s, strict, &h) ? s : -1;
}

static void
overflow_warn(struct cjm_render *r, const struct rpage *p, double h0)
{
	const json_t *st = json_array_get(stages(r), r->g.tall_stage);
	const char *lane = cjm_lanes[r->g.tall_lane];
	char path[64], name[256];

	snprintf(path, sizeof(path), "stages[%zu].%s", r->g.tall_stage, lane);
	cjm_utf8_middle(jstr(st, "name") ? jstr(st, "name") : "", 60, name,
	    sizeof(name));
	render_warn(r, "render-overflow", path, "the map does not fit a %s page even "
	    "at %g pt: the page grows from %.0f to %.0f pt high; the tallest "
	    "cell is stage '%s', lane '%s' (shorten it, or use --page a3 or "
	    "auto)", page_name(r->o.page), p->s, h0, p->h, name, lane);
}

/* Past the floor: the page grows, wider for too many stages, taller for
 * too much text, and a warning says so. */
static void
grow(struct cjm_render *r, struct rpage *p)
{
	double w0 = p->w, h0 = p->h, s = p->s;

	measure(r, p->w, s);
	if (r->g.col_w < MIN_COL * s) {
		p->w = ceil(2 * r->g.m + r->g.label_w +
		    (double)r->g.nst * MIN_COL * s);
		if (r->g.nst < json_array_size(stages(r)))
			;	/* a split map: map_layout says so once */
		else
				render_warn(r, "render-overflow", "stages", "the map's %zu "
			    "stages do not fit a %s page even at %g pt: the "
			    "page grows from %.0f to %.0f pt wide (use fewer "
			    "stages, or --page auto)", r->g.nst,
			    page_name(r->o.page), s, w0, p->w);
	}
	if (measure(r, p->w, s) > p->h) {
		p->h = ceil(r->g.total_h);
		overflow_warn(r, p, h0);
	}
}

/* Rows grow into the height the content leaves free, alike: the map
 * uses the page down to its margin. */
static void
stretch(struct cjm_render *r, const struct rpage *p)
{
	struct grid *g = &r->g;
	double spare = p->h - g->total_h, e;
	size_t k;

	if (r->o.page == CJM_PAGE_AUTO || g->nlanes == 0 || !(spare > 0))
		return;
	for (k = 0; k < g->nlanes; k++) {
		e = spare / (double)g->nlanes;
		g->row_h[k] += e;
		g->total_h += e;
	}
}

/* Lay out one page of the map: its stages at the largest size that fits
 * without a word broken between letters (smaller type and taller rows
 * first), else with, else at the floor on a grown page. */
static void
layout_page(struct cjm_render *r, struct rpage *p)
{
	r->g.first = p->first;
	r->g.nst = p->nst;
	if (r->o.page == CJM_PAGE_AUTO) {
		p->s = 10;
		p->w = fmax(64 * p->s, 2 * 2 * p->s + 6.8 * p->s +
		    (double)p->nst * 15 * p->s);
		p->h = ceil(measure(r, p->w, p->s));
	} else if ((p->s = search(r, p, 1)) < 0 &&
	    (p->s = search(r, p, 0)) < 0) {
		p->s = r->o.min_font;
		grow(r, p);
	}
	if (r->g.s != p->s || r->g.w != p->w)
		measure(r, p->w, p->s);
	p->content_h = r->g.total_h;
	stretch(r, p);
	p->spare = p->h - r->g.total_h;
	p->broken = r->g.broken;
}

/* Stages a page holds: all, unless the map at the smallest size would
 * be wider than PAGE_MAX. */
static size_t
per_page(struct cjm_render *r, size_t n)
{
	int aut = r->o.page == CJM_PAGE_AUTO;
	double s = aut ? 10 : r->o.min_font, col = (aut ? 15 : MIN_COL) * s;
	double fixed = 4 * s + (aut ? 6.8 * s : label_width(r, s));
	double k = floor((PAGE_MAX - fixed) / col);

	if (fixed + (double)n * col <= PAGE_MAX)
		return n;
	return k < 1 ? 1 : (size_t)k;
}

/* The map's pages: one, or (a huge map) as many as its stages need,
 * stages continued, each with the header, stage and lane labels. */
int
map_layout(struct cjm_render *r)
{
	size_t n = json_array_size(stages(r)), per, first;
	struct rpage *p;

	pick_lanes(r);
	per = per_page(r, n);
	for (first = 0; first < n; first += per) {
		if ((p = page_new(r, PAGE_MAP)) == NULL)
			return CJM_ESYS;
		p->first = first;
		p->nst = n - first < per ? n - first : per;
		layout_page(r, p);
		p->head_min = p->head_max = r->g.head_fs;
	}
	if (per < n)
		render_warn(r, "render-overflow", "stages", "the map's %zu stages "
		    "would make a page wider than %.0f pt, more than many PDF "
		    "viewers open: drawn on %zu pages of at most %zu stages "
		    "(use fewer stages)", n, PAGE_MAX, (n + per - 1) / per, per);
	return CJM_OK;
}

/* A dashed line across the grid at y, with its name at the right. */
static void
dashed_line(struct cjm_render *r, cairo_t *cr, double y, const char *name,
    double s)
{
	const struct grid *g = &r->g;
	double dash[] = { 0.6 * s, 0.4 * s }, right = g->x0 + g->nst * g->col_w;
	double fs = 0.7 * s, tw = text_width(r, name, fs, T_ITALIC), bw;

	cairo_save(cr);
	set_rgb(cr, r->th->head);
	cairo_set_line_width(cr, 0.12 * s);
	cairo_set_dash(cr, dash, 2, 0);
	cairo_move_to(cr, g->m, y);
	cairo_line_to(cr, right, y);
	cairo_stroke(cr);
	cairo_restore(cr);
	bw = tw + 0.9 * fs;
	label(r, cr, name, right - bw - 0.3 * s, y - (fs * 1.2 + 0.44 * fs) / 2,
	    bw, fs, T_ITALIC, r->th->bg, r->th->head, NULL);
}

/* The blueprint's line above lane k, in the middle of its room. */
static void
blueprint_line(struct cjm_render *r, cairo_t *cr, size_t k, double y,
    double s)
{
	const char *key = line_above(r, k);

	if (key != NULL)
		dashed_line(r, cr, y + r->g.line_gap[k] / 2, tr(r, key), s);
}

static void
row_frame(struct cjm_render *r, cairo_t *cr, size_t k, double y, double s)
{
	const struct grid *g = &r->g;
	double right = g->x0 + g->nst * g->col_w, h = g->row_h[k];
	double gap = g->line_gap[k];
	size_t i;

	if (k % 2 == 1)
		fill_box(cr, g->x0, y + gap, right - g->x0, h - gap, 0,
		    r->th->band, NULL);
	fill_box(cr, g->m, y + gap + 1, g->label_w - 2, h - gap - 2, 0.3 * s,
	    r->th->label, NULL);
	set_rgb(cr, r->th->grid);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, g->x0, y + h);
	cairo_line_to(cr, right, y + h);
	for (i = 1; i < g->nst; i++) {
		cairo_move_to(cr, g->x0 + i * g->col_w, y + gap);
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

	if (g->s != s || g->w != p->w || g->first != p->first ||
	    g->nst != p->nst || fabs(g->total_h - (p->h - p->spare)) > 1e-6) {
		g->first = p->first;
		g->nst = p->nst;
		measure(r, p->w, s);
		stretch(r, p);
	}
	header(r, cr, g->m, g->m, p->w - 2 * g->m, s);
	y = g->m + g->head_h + s;
	phase_row(r, cr, y, s);
	stage_row(r, cr, y + g->phase_h, s);
	y += g->phase_h + g->stage_h;
	for (k = 0; k < g->nlanes; k++) {
		row_frame(r, cr, k, y, s);
		if (strcmp(cjm_lanes[g->lanes[k]], "emotion") == 0)
			emotion_row(r, cr, g->x0, y + g->line_gap[k] + g->emo_top,
			    y + g->row_h[k] - 0.9 * s, s);
		lane_row(r, cr, (int)k, y, s);
		blueprint_line(r, cr, k, y, s);
		y += g->row_h[k];
	}
	diff_draw(r, cr, p);
}
