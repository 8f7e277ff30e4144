/* render_diff.c: the picture of a change (the x-diff extension that
 * cjm-diff -t map writes): changed cells outlined and tagged, new and
 * moved stages marked, the old emotion curve dashed under the new one,
 * and a legend naming both versions. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render.h"

static const struct {
	const char *mark, *tag, *en, *ru;
} marks[] = {
	{ "added", "+", "new", "новое" },
	{ "removed", "\xe2\x88\x92", "removed", "убрано" },
	{ "changed", "\xce\x94", "changed", "изменено" },
	{ "moved", "\xe2\x86\x94", "moved", "перемещён" },
};

static size_t
mark_of(const char *m)
{
	size_t i;

	for (i = 0; m != NULL && i < sizeof(marks) / sizeof(marks[0]); i++)
		if (strcmp(marks[i].mark, m) == 0)
			return i;
	return 2;
}

static const double *
mark_color(const struct cjm_render *r, size_t k)
{
	return k == 0 ? r->th->ok : k == 1 ? r->th->miss : k == 2 ?
	    r->th->sev_med : r->th->head;
}

/* The column of the stage with this id on the page (a huge map's page
 * holds stages first.. of it), or -1. */
static long
column(const struct cjm_render *r, const char *id)
{
	const json_t *st;
	size_t i;

	for (i = 0; id != NULL && i < r->g.nst; i++) {
		st = json_array_get(json_object_get(r->map, "stages"),
		    r->g.first + i);
		if (jstr(st, "id") && strcmp(jstr(st, "id"), id) == 0)
			return (long)i;
	}
	return -1;
}

/* An outline and a tag in a circle at the top right: the tag's shape
 * tells the kind in the grey theme too. */
static void
outline(struct cjm_render *r, cairo_t *cr, size_t k, double x, double y,
    double w, double h, double s)
{
	const double *c = mark_color(r, k);
	double rad = 0.55 * s;

	cairo_save(cr);
	set_rgb(cr, c);
	cairo_set_line_width(cr, 0.16 * s);
	rounded(cr, x + 0.15 * s, y + 0.15 * s, w - 0.3 * s, h - 0.3 * s,
	    0.3 * s);
	cairo_stroke(cr);
	cairo_arc(cr, x + w - rad - 0.1 * s, y + rad + 0.1 * s, rad, 0,
	    2 * M_PI);
	cairo_fill(cr);
	cairo_restore(cr);
	text_box(r, cr, marks[k].tag, x + w - 2 * rad - 0.1 * s, y + 0.1 * s +
	    0.1 * s, 2 * rad, 0.8 * s, T_BOLD | T_CENTER, r->th->bg);
}

/* The y of lane row k, and its index for a lane key (-1: not drawn). */
static int
lane_row_of(const struct cjm_render *r, const char *lane, double *y)
{
	const struct grid *g = &r->g;
	double yy = g->m + g->head_h + g->s + g->phase_h + g->stage_h;
	size_t k;

	for (k = 0; lane != NULL && k < g->nlanes; k++) {
		if (strcmp(cjm_lanes[g->lanes[k]], lane) == 0) {
			*y = yy;
			return (int)k;
		}
		yy += g->row_h[k];
	}
	return -1;
}

static void
cells(struct cjm_render *r, cairo_t *cr, const json_t *x, double s)
{
	const struct grid *g = &r->g;
	const json_t *c;
	double y, sy = g->m + g->head_h + s + g->phase_h;
	long i;
	size_t n;
	int k;

	json_array_foreach(json_object_get(x, "cells"), n, c)
		if ((i = column(r, jstr(c, "stage"))) >= 0 &&
		    (k = lane_row_of(r, jstr(c, "lane"), &y)) >= 0)
			outline(r, cr, mark_of(jstr(c, "mark")), g->x0 +
			    (double)i * g->col_w, y, g->col_w, g->row_h[k], s);
	json_array_foreach(json_object_get(x, "stages"), n, c)
		if ((i = column(r, jstr(c, "stage"))) >= 0)
			outline(r, cr, mark_of(jstr(c, "mark")), g->x0 +
			    (double)i * g->col_w, sy, g->col_w, g->stage_h, s);
}

/* A stage's old emotion for a persona (NULL: the one curve, or the
 * first persona's): a number is every persona's. */
static int
old_emotion(const json_t *e, const char *persona, double *v)
{
	const char *k;
	json_t *p;

	if (json_is_object(e) && persona != NULL)
		e = json_object_get(e, persona);
	if (json_is_object(e))
		json_object_foreach((json_t *)e, k, p)
			return old_emotion(p, NULL, v);
	if (!json_is_number(e))
		return 0;
	*v = json_number_value(e);
	return 1;
}

/* One old curve, dashed, from x-diff's emotion e, shifted off by off as
 * the persona's new curve is; a gap where the old map had no value. */
static void
old_line(struct cjm_render *r, cairo_t *cr, const json_t *e,
    const char *persona, double off, double top, double bot, double s)
{
	const struct grid *g = &r->g;
	double lo, hi, v, px, py, dash[] = { 0.9 * s, 0.45 * s };
	size_t i;
	int pen = 0, pass;

	cjm_map_emotion_scale(r->map, &lo, &hi);
	if (!(hi > lo))
		hi = lo + 1;
	/* The line first, then a hollow ring on each old value. */
	for (pass = 0; pass < 2; pass++) {
		cairo_set_dash(cr, dash, pass == 0 ? 2 : 0, 0);
		for (i = 0; i < g->nst; i++) {
			if (!old_emotion(json_array_get(e, g->first + i),
			    persona, &v)) {
				pen = 0;
				continue;
			}
			px = g->x0 + ((double)i + 0.5) * g->col_w + off;
			py = bot - fmin(1, fmax(0, (v - lo) / (hi - lo))) *
			    (bot - top);
			if (pass == 1) {
				cairo_new_sub_path(cr);
				cairo_arc(cr, px, py, 0.3 * s, 0, 2 * M_PI);
			} else if (pen) {
				cairo_line_to(cr, px, py);
			} else {
				cairo_move_to(cr, px, py);
			}
			pen = 1;
		}
		cairo_stroke(cr);
	}
}

/* The old curves on the emotion chart's scale, between the top and
 * bottom map_draw gives emotion_row: one, or one a persona, placed as
 * render_personas.c places the new ones. */
static void
old_curve(struct cjm_render *r, cairo_t *cr, const json_t *x, double s)
{
	const struct grid *g = &r->g;
	const json_t *e = json_object_get(x, "emotion"), *p;
	const json_t *ps = json_object_get(r->map, "personas");
	size_t i, np = json_array_size(ps);
	double y, top, bot;
	int k = lane_row_of(r, "emotion", &y);

	if (k < 0 || !json_is_array(e))
		return;
	top = y + g->line_gap[k] + g->emo_top;
	bot = y + g->row_h[k] - 0.9 * s;
	cairo_save(cr);
	/* Apart from the neutral line (thin, short dashes, muted). */
	cairo_set_source_rgba(cr, r->th->head[0], r->th->head[1],
	    r->th->head[2], 0.6);
	cairo_set_line_width(cr, 0.2 * s);
	if (np == 0)
		old_line(r, cr, e, NULL, 0, top, bot, s);
	json_array_foreach(ps, i, p)
		old_line(r, cr, e, jstr(p, "id"), ((double)i - (double)(np -
		    1) / 2) * .45 * s, top, bot, s);
	cairo_restore(cr);
}

/* The name of the stage with this id in the whole map, or the id. */
static const char *
stage_name(const struct cjm_render *r, const char *id)
{
	const json_t *st;
	size_t i;

	json_array_foreach(json_object_get(r->map, "stages"), i, st)
		if (id != NULL && jstr(st, "id") && strcmp(jstr(st, "id"),
		    id) == 0)
			return jstr(st, "name") ? jstr(st, "name") : id;
	return id ? id : "?";
}

/* What left a cell cannot be drawn in it: the first few, named in the
 * legend, each cut after 40 characters (code points). */
static size_t
gone(const struct cjm_render *r, const json_t *x, char *buf, size_t n,
    size_t size, int ru)
{
	const json_t *c, *it;
	size_t i, k, shown = 0, more = 0, b, cps;
	const char *t;

	json_array_foreach(json_object_get(x, "cells"), i, c)
		json_array_foreach(json_object_get(c, "removed"), k, it) {
			if ((t = json_string_value(it)) == NULL)
				continue;
			if (shown == 3 || n >= size) {
				more++;
				continue;
			}
			for (b = 0, cps = 0; t[b] != '\0' && cps < 40; b++)
				cps += ((unsigned char)t[b] & 0xc0) != 0x80;
			while (t[b] != '\0' && ((unsigned char)t[b] & 0xc0) == 0x80)
				b++;
			n += (size_t)snprintf(buf + n, size - n, ru ?
			    "%s«%.*s%s» (%s)" : "%s'%.*s%s' (%s)", shown ? "; " :
			    ru ? " Убрано: " : " Removed: ", (int)b, t, t[b] ?
			    "…" : "", stage_name(r, jstr(c, "stage")));
			shown++;
		}
	if (more > 0 && n < size)
		n += (size_t)snprintf(buf + n, size - n, ru ? " и ещё %zu" :
		    " and %zu more", more);
	return n;
}

/* One line in the bottom margin: the versions, the counts, the marks,
 * the stages that are gone. */
static void
legend(struct cjm_render *r, cairo_t *cr, const json_t *x, double s)
{
	const struct grid *g = &r->g;
	int ru = strcmp(r->lang, "ru") == 0;
	char buf[1600];
	size_t n = 0, i;
	const json_t *st;

	n += (size_t)snprintf(buf, sizeof(buf), ru ? "Было: %s (пунктир) → "
	    "стало: %s; изменений: %lld, к худшему %lld, к лучшему %lld. " :
	    "Was: %s (dashed) → now: %s; %lld changes, %lld for the worse, "
	    "%lld for the better. ", jstr(x, "old") ? jstr(x, "old") : "?",
	    jstr(x, "new") ? jstr(x, "new") : "?",
	    (long long)json_integer_value(json_object_get(x, "changes")),
	    (long long)json_integer_value(json_object_get(x, "worse")),
	    (long long)json_integer_value(json_object_get(x, "better")));
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]) && n < sizeof(buf);
	    i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s %s  ",
		    marks[i].tag, ru ? marks[i].ru : marks[i].en);
	json_array_foreach(json_object_get(x, "removed"), i, st)
		if (n < sizeof(buf))
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
			    "%s%s", i == 0 ? (ru ? " Удалены этапы: " :
			    " Stages removed: ") : ", ", jstr(st, "name") ?
			    jstr(st, "name") : "?");
	if (n < sizeof(buf))
		n = gone(r, x, buf, n, sizeof(buf), ru);
	text_box(r, cr, buf, g->m, g->total_h - g->m + 0.25 * s,
	    g->w - 2 * g->m, 0.7 * s, T_ITALIC, r->th->head);
}

void
diff_draw(struct cjm_render *r, cairo_t *cr, const struct rpage *p)
{
	const json_t *x = json_object_get(r->map, "x-diff");

	if (!json_is_object(x) || cr == NULL)
		return;
	cells(r, cr, x, p->s);
	old_curve(r, cr, x, p->s);
	legend(r, cr, x, p->s);
}
