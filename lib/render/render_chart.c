/* render_chart.c: the emotion curve, the funnel page, the maturity page. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cjm_maturity.h"
#include "render.h"
#include "num.h"

/* Monotone cubic (Fritsch-Carlson) slopes: the curve never overshoots
 * its points, so it stays on the scale and inside its row. */
static void
slopes(const double *x, const double *y, size_t n, double *m)
{
	size_t i;
	double d0, d1, a, b, t;

	for (i = 0; i < n; i++) {
		d0 = i > 0 ? (y[i] - y[i - 1]) / (x[i] - x[i - 1]) : 0;
		d1 = i + 1 < n ? (y[i + 1] - y[i]) / (x[i + 1] - x[i]) : d0;
		if (i == 0)
			d0 = d1;
		m[i] = d0 * d1 <= 0 ? 0 : (d0 + d1) / 2;
	}
	for (i = 0; i + 1 < n; i++) {
		d0 = (y[i + 1] - y[i]) / (x[i + 1] - x[i]);
		if (d0 == 0) {
			m[i] = m[i + 1] = 0;
			continue;
		}
		a = m[i] / d0;
		b = m[i + 1] / d0;
		if ((t = a * a + b * b) > 9) {
			t = 3 / sqrt(t);
			m[i] = t * a * d0;
			m[i + 1] = t * b * d0;
		}
	}
}

void
emotion_curve(cairo_t *cr, const double *x, const double *y, size_t n,
    double *m)
{
	size_t i;
	double dx;

	slopes(x, y, n, m);
	cairo_move_to(cr, x[0], y[0]);
	for (i = 0; i + 1 < n; i++) {
		dx = (x[i + 1] - x[i]) / 3;
		cairo_curve_to(cr, x[i] + dx, y[i] + m[i] * dx, x[i + 1] - dx,
		    y[i + 1] - m[i + 1] * dx, x[i + 1], y[i + 1]);
	}
	cairo_stroke(cr);
}

static void
emotion_points(struct cjm_render *r, cairo_t *cr, const double *x,
    const double *y, const double *v, size_t n, double lo, double hi,
    double s)
{
	char buf[32];
	double c[3];
	size_t i;

	for (i = 0; i < n; i++) {
		mood_color(r, (v[i] - lo) / (hi - lo), c);
		cairo_arc(cr, x[i], y[i], 0.5 * s, 0, 2 * M_PI);
		set_rgb(cr, c);
		cairo_fill_preserve(cr);
		set_rgb(cr, r->th->grey ? r->th->ink : r->th->bg);
		cairo_set_line_width(cr, 0.12 * s);
		cairo_stroke(cr);
		num_text(r, buf, sizeof(buf), "%g", v[i]);
		/* Every value in the same place, above its point: the chart
		 * keeps 1.4 em above its top for them. */
		text_box(r, cr, buf, x[i] - 2 * s, y[i] - 1.45 * s, 4 * s,
		    0.78 * s, T_BOLD | T_CENTER, r->th->ink);
	}
}

/* The scale in the label column beside the chart: its ends and middle,
 * with ticks, the ends named, so a reader can place the points. */
static void
emotion_scale_marks(struct cjm_render *r, cairo_t *cr, double x, double top,
    double bot, double lo, double hi, double s)
{
	const double v[3] = { hi, (lo + hi) / 2, lo };
	const char *word[3] = { tr(r, "positive"), NULL, tr(r, "negative") };
	double fs = 0.72 * s, y, right = x - 0.35 * s, tw;
	char buf[32];
	int i;

	for (i = 0; i < 3; i++) {
		y = top + (bot - top) * i / 2;
		set_rgb(cr, r->th->muted);
		cairo_set_line_width(cr, 0.08 * s);
		cairo_move_to(cr, x - 0.25 * s, y);
		cairo_line_to(cr, x, y);
		cairo_stroke(cr);
		num_text(r, buf, sizeof(buf), "%g", v[i]);
		tw = text_width(r, buf, fs, T_BOLD);
		text_box(r, cr, buf, right - tw, y - 0.6 * fs, -1, fs,
		    T_BOLD | T_NOWRAP, r->th->muted);
		if (word[i] != NULL && text_width(r, word[i], 0.9 * fs, 0) <
		    r->g.label_w - tw - 1.5 * s)
			text_box(r, cr, word[i], r->g.m + 0.45 * s,
			    y - 0.55 * fs, -1, 0.9 * fs, T_NOWRAP, r->th->muted);
	}
}

/* The emotion curve over a dashed neutral line, across the page's stage
 * columns from x0, between top and bot. */
void
emotion_row(struct cjm_render *r, cairo_t *cr, double x0, double top,
    double bot, double s)
{
	const json_t *st;
	size_t i, n = 0, ns = r->g.nst;
	double lo, hi, e;
	double *x = calloc(4 * ns + 1, sizeof(double)), *yy = x + ns,
	    *v = yy + ns, *m = v + ns, dash[] = { 0.3 * s, 0.3 * s };

	if (x == NULL)
		return;
	cjm_map_emotion_scale(r->map, &lo, &hi);
	if (!(hi > lo))
		hi = lo + 1;
	for (i = 0; i < ns; i++) {
		st = json_array_get(json_object_get(r->map, "stages"),
		    r->g.first + i);
		if (!jnum(st, "emotion", &e))
			continue;
		x[n] = x0 + (i + 0.5) * r->g.col_w;
		v[n] = e;
		/* Off the scale (an unchecked map) is drawn at its edge, with
		 * the value written: never off the chart. */
		yy[n++] = bot - fmin(1, fmax(0, (e - lo) / (hi - lo))) *
		    (bot - top);
	}
	cairo_save(cr);
	set_rgb(cr, r->th->muted);
	cairo_set_line_width(cr, 0.08 * s);
	cairo_set_dash(cr, dash, 2, 0);
	cairo_move_to(cr, x0, (top + bot) / 2);
	cairo_line_to(cr, x0 + r->g.nst * r->g.col_w, (top + bot) / 2);
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
	emotion_scale_marks(r, cr, x0, top, bot, lo, hi, s);
	if (personas_curves(r, cr, x0, top, bot, s))
		n = 0;		/* one curve a persona instead */
	set_rgb(cr, r->th->edge);
	cairo_set_line_width(cr, 0.22 * s);
	if (n > 1)
		emotion_curve(cr, x, yy, n, m);
	emotion_points(r, cr, x, yy, v, n, lo, hi, s);
	cairo_restore(cr);
	free(x);
}

/* Does fn's content fit p at size s? need: the height it takes. */
static int
page_fits(struct cjm_render *r, struct rpage *p, page_fn *fn, double cols,
    double s, double *need)
{
	p->s = s;
	*need = fn(r, NULL, p);
	return *need <= p->h && cols * s <= p->w;
}

/* Fit a page: the largest font size, from a page-relative most (17 pt on
 * a slide, as on the map page) down to the floor, at which fn's content
 * fits, found by bisection; the height it leaves is the page's to
 * spread. Past the floor the page grows (and a warning says so). The
 * auto page takes the content's size. */
int
page_fit(struct cjm_render *r, struct rpage *p, page_fn *fn,
    const char *what)
{
	double h0 = p->h, w0 = p->w, need, lo = r->o.min_font, hi, s;
	/* A graph's stage columns need room for a node and its arrows. */
	double cols = fn == graph_page ? 9 * (double)json_array_size(
	    json_object_get(r->map, "stages")) + 4 : 0;
	int i;

	r->chip_min = r->chip_max = 0;
	if (r->o.page == CJM_PAGE_AUTO) {
		p->s = 10;
		p->w = fmax(96 * p->s, cols * 1.4 * p->s);
		p->h = p->content_h = ceil(fn(r, NULL, p));
		return CJM_OK;
	}
	hi = fmax(lo, p->w / (fn == graph_page ? 72 : 56));
	if (!page_fits(r, p, fn, cols, hi, &need)) {
		if (!page_fits(r, p, fn, cols, lo, &need)) {
			p->w = fmax(p->w, ceil(cols * p->s));
			p->h = fmax(p->h, ceil(fn(r, NULL, p)));
			render_warn(r, "render-overflow", "", "the %s page does not "
			    "fit a %s page even at %g pt: it grows from %.0f x "
			    "%.0f to %.0f x %.0f pt", what, page_name(r->o.page),
			    p->s, w0, h0, p->w, p->h);
		}
		for (i = 0; i < 7 && hi - lo > 0.1; i++) {
			s = (lo + hi) / 2;
			if (page_fits(r, p, fn, cols, s, &need))
				lo = s;
			else
				hi = s;
		}
		page_fits(r, p, fn, cols, lo, &need);
	}
	p->content_h = need;
	p->spare = fmax(0, p->h - need);
	p->chip_min = r->chip_min;
	p->chip_max = r->chip_max;
	return CJM_OK;
}

int
funnel_has(const json_t *map)
{
	const json_t *st;
	size_t i;

	json_array_foreach(json_object_get(map, "stages"), i, st)
		if (json_is_integer(json_object_get(json_object_get(st,
		    "funnel"), "count")))
			return 1;
	return 0;
}

/* A stage's count, or -1 when it has none. */
static double
count_of(const json_t *st)
{
	json_t *c = json_object_get(json_object_get(st, "funnel"), "count");

	return json_is_integer(c) ? (double)json_integer_value(c) : -1;
}

/* The same count exactly (for the words; the double is for lengths). */
static long long
icount_of(const json_t *st)
{
	json_t *c = json_object_get(json_object_get(st, "funnel"), "count");

	return json_is_integer(c) ? (long long)json_integer_value(c) : -1;
}

static void
pct(const struct cjm_render *r, char *buf, size_t n, double a, double b)
{
	if (a < 0 || b <= 0)
		snprintf(buf, n, "—");
	else
		num_text(r, buf, n, "%.1f%%", 100 * a / b);
}

/* The stage that loses the most customers from the one before, by count
 * or (rate) by share; -1 when none loses any. */
static long
biggest_loss(const json_t *sts, int rate)
{
	const json_t *st;
	size_t i;
	long at = -1;
	double prev = -1, c, lost, most = 0;

	json_array_foreach(sts, i, st) {
		c = count_of(st);
		if (prev > 0 && c >= 0) {
			lost = rate ? (prev - c) / prev : prev - c;
			if (lost > most) {
				most = lost;
				at = (long)i;
			}
		}
		prev = c;
	}
	return at;
}

struct frow {
	double y, lx, lw, bx, bw, s, max, first, prev, right;
	double rw;		/* from bx to the right margin */
	long long iprev;	/* prev exactly */
};

/* The line under a bar: shares, and the marks of the biggest losses. */
static void
funnel_line(const struct cjm_render *r, const struct frow *f, double c,
    long long ic, int loss, char *buf, size_t n)
{
	char a[48], b[48], mark[200], num[64];

	pct(r, a, sizeof(a), f->prev >= 0 ? c : -1, f->prev);
	pct(r, b, sizeof(b), c, f->first);
	mark[0] = '\0';
	if (loss != 0) {
		int_text(num, sizeof(num), f->iprev - ic);
		snprintf(mark, sizeof(mark), "  ▼ −%s: %s%s%s", num,
		    loss & 1 ? tr(r, "loss") : "", loss == 3 ? ", " : "",
		    loss & 2 ? tr(r, "loss_rate") : "");
	}
	/* The first stage has no previous one to be a share of. */
	if (f->prev < 0)
		snprintf(buf, n, "%s %s%s", b, tr(r, "of_start"), mark);
	else
		snprintf(buf, n, "%s %s · %s %s%s", a, tr(r, "of_prev"), b,
		    tr(r, "of_start"), mark);
}

/* The count beside its bar, kept inside the page: a smaller font when
 * it is long, and wrapped at the thin spaces between digit groups when
 * even that is too wide. Returns its height. */
static double
count_label(struct cjm_render *r, cairo_t *cr, const char *text, double x,
    double y, double w, double s)
{
	double fs = s;

	while (fs > 0.6 * s && text_width(r, text, fs, T_BOLD) > w)
		fs *= 0.93;
	if (text_width(r, text, fs, T_BOLD) <= w)
		return text_box(r, cr, text, x, y, -1, fs, T_BOLD | T_NOWRAP,
		    NULL);
	return text_box(r, cr, text, x, y, w, fs, T_BOLD, NULL);
}

static double
funnel_row(struct cjm_render *r, cairo_t *cr, const json_t *st,
    const struct frow *f, int loss)
{
	double c = count_of(st), s = f->s, h, bh = 1.4 * s, len, x, lh, t;
	long long ic = icount_of(st);
	char buf[400], num[64];

	h = text_box(r, cr, jstr(st, "name"), f->lx, f->y + 0.2 * s, f->lw,
	    0.95 * s, T_BOLD, NULL);
	/* The owner beside the stage: the biggest loss has a name. */
	if (jstr(st, "owner") != NULL) {
		snprintf(buf, sizeof(buf), "%s: %s", kword(r, "owner"),
		    jstr(st, "owner"));
		h += text_box(r, cr, buf, f->lx, f->y + 0.2 * s + h, f->lw,
		    0.78 * s, T_ITALIC, loss ? r->th->loss : r->th->muted);
	}
	len = c > 0 && f->max > 0 ? f->bw * c / f->max : 0;
	if (cr != NULL) {
		fill_box(cr, f->bx, f->y, f->bw, bh, 0.2 * s, r->th->label,
		    NULL);
		fill_box(cr, f->bx, f->y, len, bh, 0.2 * s, loss ?
		    r->th->loss : r->th->bar, NULL);
	}
	int_text(num, sizeof(num), ic);
	snprintf(buf, sizeof(buf), "%s %s", ic < 0 ? "—" : num,
	    ic < 0 ? "" : tr_count(r, "customers", ic));
	x = f->bx + len + 0.5 * s;
	lh = fmax(bh, count_label(r, cr, buf, x, f->y + 0.15 * s, f->right - x,
	    s));
	funnel_line(r, f, c, ic, loss, buf, sizeof(buf));
	/* The shares under the bar, to the margin; a long line of marks
	 * (or a count that wrapped) makes the row grow. */
	t = text_box(r, cr, buf, f->bx, f->y + lh + 0.15 * s, f->rw, 0.8 * s,
	    loss ? T_BOLD : 0, loss ? r->th->loss : r->th->muted);
	return fmax(h + 0.4 * s, lh + 0.15 * s + fmax(t, 1.25 * s)) + 0.6 * s;
}

/* A bar per stage: customers, % of previous, % of start; the stages
 * that lose the most customers, and the largest share, are marked. */
double
funnel_page(struct cjm_render *r, cairo_t *cr, const struct rpage *p)
{
	const json_t *sts = json_object_get(r->map, "stages"), *st;
	struct frow f;
	size_t i;
	long by_count, by_rate;
	double m = 2 * p->s, c;
	char buf[300], a[48], n1[64], n2[64];

	memset(&f, 0, sizeof(f));
	f.s = p->s;
	f.y = page_title(r, cr, p, tr(r, "funnel"));
	f.lx = m;
	f.lw = 0.24 * (p->w - 2 * m);
	f.bx = f.lx + f.lw + p->s;
	f.bw = 0.5 * (p->w - 2 * m);
	f.right = p->w - m;
	f.rw = p->w - m - f.bx;
	f.first = f.prev = -1;
	f.iprev = -1;
	json_array_foreach(sts, i, st) {
		c = count_of(st);
		f.max = fmax(f.max, c);
		if (f.first < 0) {
			f.first = c;
			int_text(n1, sizeof(n1), icount_of(st) > 0 ?
			    icount_of(st) : 0);
		}
		if (c >= 0) {
			f.prev = c;
			f.iprev = icount_of(st);
		}
	}
	by_count = biggest_loss(sts, 0);
	by_rate = biggest_loss(sts, 1);
	pct(r, a, sizeof(a), f.prev, f.first);
	int_text(n2, sizeof(n2), f.iprev > 0 ? f.iprev : 0);
	snprintf(buf, sizeof(buf), "%s %s · %s %s (%s)", tr(r, "entered"), n1,
	    tr(r, "converted"), n2, a);
	f.y += text_box(r, cr, buf, m, f.y, p->w - 2 * m, p->s, 0,
	    r->th->muted) + p->s;
	f.prev = -1;
	f.iprev = -1;
	json_array_foreach(sts, i, st) {
		/* The rows spread over the height the page leaves. */
		f.y += funnel_row(r, cr, st, &f, ((long)i == by_count) |
		    ((long)i == by_rate) << 1) + fmin(p->spare /
		    (double)json_array_size(sts), 2.5 * p->s);
		f.prev = count_of(st);
		f.iprev = icount_of(st);
	}
	return f.y + m;
}

/* A dimension's name in the page's language, from its id. */
static const char *
dim_label(const struct cjm_render *r, const json_t *d)
{
	int i;

	for (i = 0; i < CJM_MATURITY_DIMENSIONS && jstr(d, "id"); i++)
		if (strcmp(jstr(d, "id"), cjm_maturity_dims[i]) == 0)
			return cjm_maturity_dim_name(i, r->lang);
	return jstr(d, "name") ? jstr(d, "name") : jstr(d, "id") ?
	    jstr(d, "id") : "";
}

static void
radar_axes(struct cjm_render *r, cairo_t *cr, const json_t *dims, double cx,
    double cy, double rad, double s)
{
	size_t i, j, n = json_array_size(dims);
	double a, lx, ly, mean, tw;
	char buf[200], num[32];
	const json_t *d;

	set_rgb(cr, r->th->grid);
	cairo_set_line_width(cr, 0.06 * s);
	for (j = 1; j <= 5; j++) {
		for (i = 0; i <= n; i++) {
			a = -M_PI / 2 + 2 * M_PI * (double)(i % n) / (double)n;
			lx = cx + rad * (double)j / 5 * cos(a);
			ly = cy + rad * (double)j / 5 * sin(a);
			if (i == 0)
				cairo_move_to(cr, lx, ly);
			else
				cairo_line_to(cr, lx, ly);
		}
		cairo_stroke(cr);
	}
	json_array_foreach(dims, i, d) {
		a = -M_PI / 2 + 2 * M_PI * (double)i / (double)n;
		set_rgb(cr, r->th->grid);
		cairo_move_to(cr, cx, cy);
		cairo_line_to(cr, cx + rad * cos(a), cy + rad * sin(a));
		cairo_stroke(cr);
		mean = 0;
		jnum(d, "mean", &mean);
		num_text(r, num, sizeof(num), "%.2f", mean);
		snprintf(buf, sizeof(buf), "%s\n%s", dim_label(r, d), num);
		tw = text_width(r, buf, 0.9 * s, T_BOLD);
		lx = cx + (rad + 0.8 * s) * cos(a) - tw / 2 * (1 - cos(a));
		ly = cy + (rad + 0.8 * s) * sin(a) - 1.1 * s * (1 - sin(a));
		text_box(r, cr, buf, lx, ly, tw + 1, 0.9 * s, T_BOLD | T_CENTER,
		    NULL);
	}
}

/* The radar of the dimensions' means on a 0..5 scale. */
static void
radar(struct cjm_render *r, cairo_t *cr, double cx, double cy, double rad,
    double s)
{
	const json_t *dims = json_object_get(r->maturity, "dimensions"), *d;
	size_t i, n = json_array_size(dims);
	double a, mean;

	if (n == 0 || cr == NULL)
		return;
	radar_axes(r, cr, dims, cx, cy, rad, s);
	json_array_foreach(dims, i, d) {
		a = -M_PI / 2 + 2 * M_PI * (double)i / (double)n;
		mean = 0;
		jnum(d, "mean", &mean);
		mean = fmax(0, fmin(5, mean)) / 5 * rad;
		if (i == 0)
			cairo_move_to(cr, cx + mean * cos(a), cy + mean * sin(a));
		else
			cairo_line_to(cr, cx + mean * cos(a), cy + mean * sin(a));
	}
	cairo_close_path(cr);
	cairo_set_source_rgba(cr, r->th->bar[0], r->th->bar[1], r->th->bar[2],
	    0.25);
	cairo_fill_preserve(cr);
	set_rgb(cr, r->th->bar);
	cairo_set_line_width(cr, 0.2 * s);
	cairo_stroke(cr);
}

/* The five stages as a ladder across the page, the result's stage
 * filled; the chips share one size (the longest name decides it). */
static double
ladder(struct cjm_render *r, cairo_t *cr, double x, double y, double w,
    double s, long level)
{
	double gap = 0.3 * s, bw = (w - 4 * gap) / 5, fs = 0.9 * s, h = 0;
	int i;

	for (i = 1; i <= 5; i++)
		fs = fmin(fs, label_size(r, cjm_maturity_stage_name(i, r->lang),
		    0.9 * s, 0.55 * s, T_BOLD, bw - 0.9 * 0.9 * s));
	r->chip_min = r->chip_max = fs;
	for (i = 1; i <= 5; i++) {
		h = label(r, cr, cjm_maturity_stage_name(i, r->lang),
		    x + (i - 1) * (bw + gap), y, bw, fs, T_BOLD | T_CENTER,
		    i == level ? r->th->head : r->th->label, i == level ?
		    r->th->head_ink : r->th->muted, NULL) + 0.5 * s;
	}
	return fmax(h, 2.2 * s) + 0.6 * s;
}

/* A dimension's name (in the page's language) from its id. */
static const char *
dim_name(const struct cjm_render *r, const json_t *mt, const char *id)
{
	const json_t *d;
	size_t i;

	json_array_foreach(json_object_get(mt, "dimensions"), i, d)
		if (jstr(d, "id") && strcmp(jstr(d, "id"), id) == 0)
			return dim_label(r, d);
	return id;
}

/* The map types that fit, by name, a line each. */
static double
fits_list(struct cjm_render *r, cairo_t *cr, double x, double y, double w,
    double s)
{
	const json_t *v;
	char buf[300];
	double h = 0;
	size_t i;

	json_array_foreach(json_object_get(r->maturity, "fits"), i, v) {
		snprintf(buf, sizeof(buf), "• %s", json_is_string(v) ?
		    tr(r, json_string_value(v)) : "");
		h += text_box(r, cr, buf, x, y + h, w, s, 0, NULL);
	}
	return h;
}

static double
maturity_text(struct cjm_render *r, cairo_t *cr, double x, double y,
    double w, double s)
{
	const json_t *mt = r->maturity, *v;
	char buf[1200], num[32];
	double h = 0, sc = 0;
	long lv = (long)json_integer_value(json_object_get(mt, "level"));
	long long q;
	size_t i;

	jnum(mt, "score", &sc);
	snprintf(buf, sizeof(buf), "%s %ld · %s", tr(r, "level"), lv,
	    lv >= 1 && lv <= 5 ? cjm_maturity_stage_name((int)lv, r->lang) :
	    jstr(mt, "stage_name") ? jstr(mt, "stage_name") : "");
	h += text_box(r, cr, buf, x, y, w, 1.6 * s, T_BOLD, r->th->head);
	num_text(r, num, sizeof(num), "%.2f", sc);
	snprintf(buf, sizeof(buf), "%s %s · %lld %s", tr(r, "score"), num,
	    json_integer_value(json_object_get(mt, "respondents")),
	    tr_count(r, "respondents", json_integer_value(json_object_get(mt,
	    "respondents"))));
	h += text_box(r, cr, buf, x, y + h, w, s, 0, r->th->muted) + 0.5 * s;
	h += text_box(r, cr, tr(r, "fits"), x, y + h, w, s, T_BOLD, NULL);
	h += fits_list(r, cr, x, y + h, w, s) + 0.5 * s;
	if (jstr(mt, "weakest")) {
		h += text_box(r, cr, tr(r, "weakest"), x, y + h, w, s, T_BOLD,
		    NULL);
		h += text_box(r, cr, dim_name(r, mt, jstr(mt, "weakest")), x,
		    y + h, w, s, 0, NULL) + 0.5 * s;
	}
	if (json_array_size(json_object_get(mt, "lowest")) > 0)
		h += text_box(r, cr, tr(r, "lowest"), x, y + h, w, s, T_BOLD,
		    NULL);
	json_array_foreach(json_object_get(mt, "lowest"), i, v) {
		q = json_integer_value(json_object_get(v, "q"));
		num_text(r, num, sizeof(num), "%.2f",
		    json_number_value(json_object_get(v, "mean")));
		snprintf(buf, sizeof(buf), "%s%lld (%s): %s", tr(r, "q"), q,
		    num, q >= 1 && q <= CJM_MATURITY_QUESTIONS ?
		    cjm_maturity_statement((int)q, r->lang) : jstr(v, "text") ?
		    jstr(v, "text") : "");
		h += text_box(r, cr, buf, x, y + h, w, 0.9 * s, 0, NULL) +
		    0.3 * s;
	}
	return h;
}

/* The stage ladder across the page; the radar on the left; stage, fits
 * and weakest points on the right. */
double
maturity_page(struct cjm_render *r, cairo_t *cr, const struct rpage *p)
{
	double s = p->s, m = 2 * s, y, half = (p->w - 2 * m) / 2, rad, th;
	long lv = (long)json_integer_value(json_object_get(r->maturity,
	    "level"));

	y = page_title(r, cr, p, tr(r, "maturity"));
	y += ladder(r, cr, m, y, p->w - 2 * m, s, lv);
	th = maturity_text(r, cr, m + half + s, y, half - s, s);
	rad = fmin(half / 2 - 5 * s, fmax(th, 24 * s) / 2 - 3 * s);
	if (rad < 4 * s)
		rad = 4 * s;
	radar(r, cr, m + half / 2, y + 3 * s + rad, rad, s);
	return y + fmax(th, 2 * rad + 6 * s) + m;
}
