/* render_personas.c: a map with several personas: a compact row of
 * persona cards, a legend, and one emotion curve per persona in the
 * Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), which
 * readers with any common colour-vision deficiency can tell apart; each
 * persona has its own marker too, and the grey theme adds dashes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

static const double okabe_ito[][3] = {
	{ 0, .447, .698 },	/* blue */
	{ .902, .624, 0 },	/* orange */
	{ 0, .620, .451 },	/* bluish green */
	{ .835, .369, 0 },	/* vermillion */
	{ .800, .475, .655 },	/* reddish purple */
	{ .337, .706, .914 },	/* sky blue */
	{ 0, 0, 0 },		/* black */
	{ .941, .894, .259 },	/* yellow: last, it is faint on white */
};
#define NCOLORS (sizeof(okabe_ito) / sizeof(okabe_ito[0]))

static const json_t *
personas(const struct cjm_render *r)
{
	const json_t *p = json_object_get(r->map, "personas");

	return json_array_size(p) > 0 ? p : NULL;
}

static void
style(const struct cjm_render *r, cairo_t *cr, size_t i, double s)
{
	static const double dashes[][2] = { { 0, 0 }, { 1.2, .5 }, { .4, .4 },
	    { 1.6, .4 } };
	double d[2];
	size_t k = r->th->grey ? i % 4 : (i / NCOLORS) % 4;

	if (r->th->grey) {
		double g = .1 + .12 * (double)(i % 4);
		cairo_set_source_rgb(cr, g, g, g);
	} else
		set_rgb(cr, okabe_ito[i % NCOLORS]);
	cairo_set_dash(cr, NULL, 0, 0);
	if (k > 0) {
		d[0] = dashes[k][0] * s;
		d[1] = dashes[k][1] * s;
		cairo_set_dash(cr, d, 2, 0);
	}
}

/* Persona i's marker at (x, y), about 2r across: circle, square,
 * triangle, diamond, triangle down, then round again. */
static void
marker(const struct cjm_render *r, cairo_t *cr, size_t i, double x, double y,
    double rad)
{
	cairo_save(cr);
	style(r, cr, i, 1);
	cairo_set_dash(cr, NULL, 0, 0);
	switch (i % 5) {
	case 0: cairo_arc(cr, x, y, rad, 0, 2 * M_PI); break;
	case 1: cairo_rectangle(cr, x - .85 * rad, y - .85 * rad, 1.7 * rad,
		    1.7 * rad); break;
	case 2: cairo_move_to(cr, x, y - 1.1 * rad);
		cairo_line_to(cr, x + rad, y + .75 * rad);
		cairo_line_to(cr, x - rad, y + .75 * rad);
		cairo_close_path(cr); break;
	case 3: cairo_move_to(cr, x, y - 1.2 * rad);
		cairo_line_to(cr, x + rad, y);
		cairo_line_to(cr, x, y + 1.2 * rad);
		cairo_line_to(cr, x - rad, y);
		cairo_close_path(cr); break;
	default: cairo_move_to(cr, x, y + 1.1 * rad);
		cairo_line_to(cr, x + rad, y - .75 * rad);
		cairo_line_to(cr, x - rad, y - .75 * rad);
		cairo_close_path(cr); break;
	}
	cairo_fill_preserve(cr);
	set_rgb(cr, r->th->bg);
	cairo_set_line_width(cr, .25 * rad);
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* A line sample with the marker: the legend's key, w wide. */
static void
key(const struct cjm_render *r, cairo_t *cr, size_t i, double x, double y,
    double w, double s)
{
	cairo_save(cr);
	style(r, cr, i, s);
	cairo_set_line_width(cr, .22 * s);
	cairo_move_to(cr, x, y);
	cairo_line_to(cr, x + w, y);
	cairo_stroke(cr);
	cairo_restore(cr);
	marker(r, cr, i, x + w / 2, y, .38 * s);
}

/* The legend: a key and a name a persona, in a row that wraps, w wide. */
double
personas_legend(struct cjm_render *r, cairo_t *cr, double x, double y,
    double w, double s)
{
	const json_t *ps = personas(r), *p;
	double kw = 1.6 * s, cx = 0, ch = 0, lh = s, t;
	size_t i;

	if (ps == NULL)
		return 0;
	json_array_foreach(ps, i, p) {
		t = kw + .4 * s + text_width(r, jstr(p, "name"), .8 * s, 0) +
		    1.2 * s;
		if (cx > 0 && cx + t > w) {
			ch += lh + .2 * s;
			cx = 0;
		}
		lh = fmax(s, text_box(r, cr, jstr(p, "name"), x + cx + kw +
		    .4 * s, y + ch, w - cx - kw - .4 * s, .8 * s, 0, NULL));
		if (cr != NULL)
			key(r, cr, i, x + cx, y + ch + .5 * s, kw, s);
		cx += t;
	}
	return ch + lh;
}

/* One card: a stripe in the persona's colour with its marker, then
 * name, segment, quote. */
static double
card(struct cjm_render *r, cairo_t *cr, const json_t *p, size_t i, double x,
    double y, double w, double ch, double s)
{
	double pad = .5 * s, h = pad, ph = jstr(p, "photo") ? 3.2 * s : 0;
	double tx = x + pad + 1.2 * s + (ph > 0 ? ph + pad : 0);
	double tw = w - (tx - x) - pad;
	char q[1100];

	if (cr != NULL) {
		fill_box(cr, x, y, w, ch, .5 * s, r->th->label, r->th->grid);
		marker(r, cr, i, x + pad + .45 * s, y + pad + .6 * s, .45 * s);
		if (ph > 0)
			persona_photo(r, cr, jstr(p, "photo"), x + pad + 1.2 * s,
			    y + pad, ph);
	}
	h += text_box(r, cr, jstr(p, "name"), tx, y + h, tw, 1.05 * s, T_BOLD,
	    NULL);
	h += text_box(r, cr, jstr(p, "segment"), tx, y + h, tw, .78 * s, 0,
	    r->th->muted);
	if (jstr(p, "quote")) {
		snprintf(q, sizeof(q), strcmp(r->lang, "ru") == 0 ? "«%s»" :
		    "“%s”", jstr(p, "quote"));
		h += .15 * s + text_box(r, cr, q, tx, y + h + .15 * s, tw,
		    .78 * s, T_ITALIC, r->th->head);
	}
	return fmax(h, ph + pad) + pad;
}

/* Cards side by side, all as tall as the tallest; when they would be
 * narrower than 8 em, a compact row of names with their markers. */
double
personas_cards(struct cjm_render *r, cairo_t *cr, double x, double y,
    double w, double s)
{
	const json_t *ps = personas(r), *p;
	size_t i, n = json_array_size(ps);
	double gap = .5 * s, cw, ch = 0, cx = 0, lh = 0, t;

	if (ps == NULL || w <= 0)
		return 0;
	cw = (w - gap * (double)(n - 1)) / (double)n;
	if (cw >= 8 * s) {
		json_array_foreach(ps, i, p)
			ch = fmax(ch, card(r, NULL, p, i, 0, 0, cw, 0, s));
		json_array_foreach(ps, i, p)
			if (cr != NULL)
				card(r, cr, p, i, x + (double)i * (cw + gap), y,
				    cw, ch, s);
		return ch;
	}
	json_array_foreach(ps, i, p) {
		t = text_width(r, jstr(p, "name"), .9 * s, T_BOLD) + 1.8 * s;
		if (cx > 0 && cx + t > w) {
			ch += lh + .3 * s;
			cx = 0;
		}
		lh = text_box(r, cr, jstr(p, "name"), x + cx + 1.2 * s, y + ch,
		    w - cx - 1.2 * s, .9 * s, T_BOLD, NULL);
		if (cr != NULL)
			marker(r, cr, i, x + cx + .5 * s, y + ch + .6 * s,
			    .4 * s);
		cx += t;
	}
	return ch + lh;
}

/* Persona id's value at stage st: its own, or the stage's one number. */
static int
value_of(const json_t *st, const char *id, double *v)
{
	const json_t *e = json_object_get(st, "emotion");

	if (json_is_object(e))
		e = json_object_get(e, id);
	if (!json_is_number(e))
		return 0;
	*v = json_number_value(e);
	return 1;
}

/* One persona's curve: runs of stages with a value, broken at a gap. */
static void
persona_curve(struct cjm_render *r, cairo_t *cr, size_t pi, const char *id,
    double *x, double *y, double *m, double x0, double top, double bot,
    double off, double s)
{
	const json_t *sts = json_object_get(r->map, "stages"), *st;
	size_t i, n = 0, ns = r->g.nst, k;	/* the page's stages */
	double lo, hi, v;

	cjm_map_emotion_scale(r->map, &lo, &hi);
	if (!(hi > lo))
		hi = lo + 1;
	for (i = 0; i <= ns; i++) {
		st = json_array_get(sts, r->g.first + i);
		if (i < ns && value_of(st, id, &v)) {
			x[n] = x0 + ((double)i + .5) * r->g.col_w + off;
			y[n++] = bot - fmin(1, fmax(0, (v - lo) / (hi - lo))) *
			    (bot - top);
			continue;
		}
		cairo_save(cr);
		style(r, cr, pi, s);
		cairo_set_line_width(cr, .22 * s);
		if (n > 1)
			emotion_curve(cr, x, y, n, m);
		cairo_restore(cr);
		for (k = 0; k < n; k++)
			marker(r, cr, pi, x[k], y[k], .42 * s);
		n = 0;
	}
}

int
personas_curves(struct cjm_render *r, cairo_t *cr, double x0, double top,
    double bot, double s)
{
	const json_t *ps = personas(r), *p;
	size_t i, np = json_array_size(ps);
	size_t ns = r->g.nst;
	double *x, off;

	if (ps == NULL)
		return 0;
	if ((x = calloc(3 * ns + 1, sizeof(double))) == NULL)
		return 1;
	json_array_foreach(ps, i, p) {
		/* Side by side where values meet, a marker's width apart. */
		off = ((double)i - (double)(np - 1) / 2) * .45 * s;
		if (jstr(p, "id") != NULL)
			persona_curve(r, cr, i, jstr(p, "id"), x, x + ns,
			    x + 2 * ns, x0, top, bot, off, s);
	}
	free(x);
	return 1;
}
