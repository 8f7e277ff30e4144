/* render_checklist.c: the decision checklist pages (cjm(5), Decisions):
 * per decision its title, owner and status, and for each stage it
 * touches what the map says there beside the answers to the seed's
 * three questions; as many pages as the decisions need. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The renderer's words for the seed's other map kinds; the questions
 * are the seed's own wording (format.md). */
static const struct { const char *key, *en, *ru; } kwords[] = {
	{ "checklist", "Decision checklist", "Чек-лист решений" },
	{ "q1", "1. On which stages of the customer's path does the decision "
	  "act?", "1. На какие этапы пути клиента влияет решение?" },
	{ "q2", "2. Does it contradict the customer's needs at those stages?",
	  "2. Нет ли противоречий потребностям клиента на этом этапе?" },
	{ "q3", "3. How can it be strengthened to meet the customer's needs?",
	  "3. Как можно усилить решение, чтобы оно отвечало потребностям "
	  "клиента?" },
	{ "says", "What the map says there", "Что говорит карта" },
	{ "owner", "Owner", "Ответственный" },
	{ "proposed", "proposed", "предложено" },
	{ "accepted", "accepted", "принято" },
	{ "rejected", "rejected", "отклонено" },
	{ "done", "done", "выполнено" },
	{ "none", "No contradictions", "Противоречий нет" },
	{ "none3", "Nothing to add", "Нечего добавить" },
	{ "open", "Not answered yet", "Ещё нет ответа" },
	{ "no_stages", "No stages named yet: question 1 is open",
	  "Этапы ещё не названы: вопрос 1 открыт" },
	{ "cont", "continued", "продолжение" },
	{ "unknown", "not on the map", "нет на карте" },
	{ "all", "all personas", "все персоны" },
};

const char *
kword(const struct cjm_render *r, const char *key)
{
	size_t i;

	for (i = 0; i < NELEM(kwords); i++)
		if (strcmp(kwords[i].key, key) == 0)
			return strcmp(r->lang, "ru") == 0 ? kwords[i].ru :
			    kwords[i].en;
	return key;
}

/* The checklist is a run of blocks: a decision's heading, then a row per
 * stage it touches. Block k is decision *d, row *e (-1: the heading). */
static int
block_at(const json_t *map, size_t k, size_t *d, long *e)
{
	const json_t *dec;
	size_t i, n;

	json_array_foreach(json_object_get(map, "decisions"), i, dec) {
		n = json_array_size(json_object_get(dec, "stages"));
		if (k <= n) {
			*d = i;
			*e = (long)k - 1;
			return 1;
		}
		k -= n + 1;
	}
	return 0;
}

static size_t
blocks(const json_t *map)
{
	const json_t *dec;
	size_t i, n = 0;

	json_array_foreach(json_object_get(map, "decisions"), i, dec)
		n += 1 + json_array_size(json_object_get(dec, "stages"));
	return n;
}

static const json_t *
stage_by_id(const json_t *map, const char *id)
{
	const json_t *st;
	size_t i;

	json_array_foreach(json_object_get(map, "stages"), i, st)
		if (id != NULL && jstr(st, "id") != NULL &&
		    strcmp(jstr(st, "id"), id) == 0)
			return st;
	return NULL;
}

/* Column x offsets and widths of the table: stage, the map, Q2, Q3. */
struct cols {
	double x[4], w[4], m, pad;
};

static void
columns(const struct rpage *p, struct cols *c)
{
	static const double share[4] = { 0.15, 0.35, 0.25, 0.25 };
	double x, inner;
	int i;

	c->m = 2 * p->s;
	c->pad = 0.45 * p->s;
	inner = p->w - 2 * c->m;
	for (i = 0, x = c->m; i < 4; i++) {
		c->x[i] = x;
		c->w[i] = share[i] * inner;
		x += c->w[i];
	}
}

/* A bulleted list of strings at (x, y), w wide; its height. */
static double
bullets(struct cjm_render *r, cairo_t *cr, const json_t *list, double x,
    double y, double w, double s)
{
	const json_t *v;
	double h = 0;
	size_t i;

	json_array_foreach(list, i, v) {
		if (cr != NULL)
			text_box(r, cr, "•", x, y + h, s, 0.9 * s, 0,
			    r->th->muted);
		h += text_box(r, cr, json_string_value(v), x + 0.8 * s, y + h,
		    w - 0.8 * s, 0.9 * s, 0, NULL) + 0.2 * s;
	}
	return h;
}

/* A labelled list of a stage's lane (needs, expectations). */
static double
lane_list(struct cjm_render *r, cairo_t *cr, const json_t *st,
    const char *lane, double x, double y, double w, double s)
{
	const json_t *v = json_object_get(st, lane);
	double h;

	if (json_array_size(v) == 0)
		return 0;
	h = text_box(r, cr, cjm_lane_label(lane, r->lang), x, y, w, 0.72 * s,
	    T_BOLD, r->th->head);
	return h + bullets(r, cr, v, x, y + h, w, s) + 0.2 * s;
}

/* Pain points, the most severe first, each tagged by its colour. */
static double
pains(struct cjm_render *r, cairo_t *cr, const json_t *st, double x,
    double y, double w, double s)
{
	static const char *const sev[] = { "high", "medium", "low", NULL };
	const double *col[] = { r->th->sev_high, r->th->sev_med,
	    r->th->sev_low, r->th->sev_none };
	const json_t *pp;
	double h = 0, t;
	size_t i, k;
	char buf[1200];

	for (k = 0; k < NELEM(sev); k++)
		json_array_foreach(json_object_get(st, "pain_points"), i, pp) {
			const char *v = jstr(pp, "severity");

			if (sev[k] ? v == NULL || strcmp(v, sev[k]) != 0 :
			    v != NULL)
				continue;
			if (h == 0)
				h = text_box(r, cr, cjm_lane_label("pain_points",
				    r->lang), x, y, w, 0.72 * s, T_BOLD,
				    r->th->head);
			snprintf(buf, sizeof(buf), "%s%s%s", v ? tr(r, v) : "",
			    v ? " · " : "", jstr(pp, "text"));
			t = text_box(r, NULL, buf, 0, 0, w - s, 0.85 * s, 0,
			    NULL);
			if (cr != NULL)
				fill_box(cr, x, y + h + 0.1 * s, 0.35 * s, t -
				    0.1 * s, 0.1 * s, col[k], NULL);
			h += text_box(r, cr, buf, x + 0.7 * s, y + h, w - s,
			    0.85 * s, 0, NULL) + 0.2 * s;
		}
	return h;
}

/* An answer: the list, "none" for an empty one, "open" for no answer. */
static double
answer(struct cjm_render *r, cairo_t *cr, const json_t *a, const char *none,
    double x, double y, double w, double s)
{
	if (a == NULL || json_is_null(a))
		return text_box(r, cr, kword(r, "open"), x, y, w, 0.9 * s,
		    T_BOLD | T_ITALIC, r->th->miss);
	if (json_is_string(a))		/* the short form, unchecked */
		return text_box(r, cr, json_string_value(a), x, y, w, 0.9 * s,
		    0, NULL);
	if (json_array_size(a) == 0)
		return text_box(r, cr, kword(r, none), x, y, w, 0.9 * s,
		    T_ITALIC, r->th->ok);
	return bullets(r, cr, a, x, y, w, s);
}

/* A row: the stage, what the map says there, the two answers. */
static double
row(struct cjm_render *r, cairo_t *cr, const json_t *ent, const struct cols *c,
    double y, double s, int band)
{
	const char *id = jstr(ent, "stage");
	const json_t *st = stage_by_id(r->map, id);
	double h = 0, t, p = c->pad, x = c->x[1] + p, w = c->w[1] - 2 * p;
	char buf[600];

	if (cr != NULL) {
		t = row(r, NULL, ent, c, y, s, band);
		if (band)
			fill_box(cr, c->m, y, c->x[3] + c->w[3] - c->m, t, 0,
			    r->th->band, NULL);
		set_rgb(cr, r->th->grid);
		cairo_set_line_width(cr, 0.5);
		cairo_move_to(cr, c->m, y + t);
		cairo_line_to(cr, c->x[3] + c->w[3], y + t);
		cairo_stroke(cr);
	}
	snprintf(buf, sizeof(buf), "%s", st && jstr(st, "name") ?
	    jstr(st, "name") : id ? id : "?");
	h = text_box(r, cr, buf, c->x[0] + p, y + p, c->w[0] - 2 * p, s,
	    T_BOLD, NULL);
	if (st == NULL)
		h += text_box(r, cr, kword(r, "unknown"), c->x[0] + p,
		    y + p + h, c->w[0] - 2 * p, 0.8 * s, T_ITALIC, r->th->miss);
	else if (jstr(st, "owner"))
		h += text_box(r, cr, jstr(st, "owner"), c->x[0] + p, y + p + h,
		    c->w[0] - 2 * p, 0.8 * s, T_ITALIC, r->th->muted);
	t = 0;
	t += lane_list(r, cr, st, "needs", x, y + p + t, w, s);
	t += lane_list(r, cr, st, "expectations", x, y + p + t, w, s);
	t += pains(r, cr, st, x, y + p + t, w, s);
	h = fmax(h, t);
	t = answer(r, cr, json_object_get(ent, "conflicts"), "none",
	    c->x[2] + p, y + p, c->w[2] - 2 * p, s);
	h = fmax(h, t);
	t = answer(r, cr, json_object_get(ent, "strengthen"), "none3",
	    c->x[3] + p, y + p, c->w[3] - 2 * p, s);
	return fmax(h, t) + 2 * p;
}

/* A decision's heading: title, owner, status; "continued" on the pages
 * after its first. */
static double
heading(struct cjm_render *r, cairo_t *cr, const json_t *dec,
    const struct cols *c, double y, double s, int cont)
{
	const char *status = jstr(dec, "status");
	double p = c->pad, w = c->x[3] + c->w[3] - c->m, h, sw = 0;
	const double *sc = r->th->muted;
	char title[1200], who[600];

	snprintf(title, sizeof(title), "%s%s%s%s", jstr(dec, "title") ?
	    jstr(dec, "title") : "", cont ? " (" : "", cont ?
	    kword(r, "cont") : "", cont ? ")" : "");
	who[0] = '\0';
	if (jstr(dec, "owner"))
		snprintf(who, sizeof(who), "%s: %s", kword(r, "owner"),
		    jstr(dec, "owner"));
	if (status != NULL) {
		sw = text_width(r, kword(r, status), 0.8 * s, T_BOLD) + s;
		sc = strcmp(status, "accepted") == 0 || strcmp(status,
		    "done") == 0 ? r->th->ok : strcmp(status, "rejected") == 0 ?
		    r->th->miss : r->th->sev_med;
	}
	h = text_box(r, NULL, title, 0, 0, w - sw - 3 * p, 1.15 * s, T_BOLD,
	    NULL) + text_box(r, NULL, who, 0, 0, w - sw - 3 * p, 0.85 * s, 0,
	    NULL);
	if (json_array_size(json_object_get(dec, "stages")) == 0)
		h += text_box(r, NULL, kword(r, "no_stages"), 0, 0, w - 2 * p,
		    0.85 * s, T_ITALIC, NULL);
	if (cr == NULL)
		return h + 2 * p + 0.4 * s;
	y += 0.4 * s;
	fill_box(cr, c->m, y, w, h + 2 * p, 0.3 * s, r->th->phase, NULL);
	if (status != NULL) {
		fill_box(cr, c->m + w - sw - p, y + p, sw, 1.4 * s, 0.3 * s,
		    sc, NULL);
		text_box(r, cr, kword(r, status), c->m + w - sw - p, y + p +
		    0.25 * s, sw, 0.8 * s, T_BOLD | T_CENTER, r->th->head_ink);
	}
	y += p;
	y += text_box(r, cr, title, c->m + p, y, w - sw - 3 * p, 1.15 * s,
	    T_BOLD, r->th->head);
	y += text_box(r, cr, who, c->m + p, y, w - sw - 3 * p, 0.85 * s, 0,
	    r->th->ink);
	if (json_array_size(json_object_get(dec, "stages")) == 0)
		text_box(r, cr, kword(r, "no_stages"), c->m + p, y, w - 2 * p,
		    0.85 * s, T_ITALIC, r->th->miss);
	return h + 2 * p + 0.4 * s;
}

/* Block k (cont: a heading repeated atop a later page). */
static double
block(struct cjm_render *r, cairo_t *cr, size_t k, const struct cols *c,
    double y, double s, int cont)
{
	const json_t *dec;
	size_t d;
	long e;

	if (!block_at(r->map, k, &d, &e))
		return 0;
	dec = json_array_get(json_object_get(r->map, "decisions"), d);
	if (e < 0 || cont)
		return heading(r, cr, dec, c, y, s, cont);
	return row(r, cr, json_array_get(json_object_get(dec, "stages"),
	    (size_t)e), c, y, s, e % 2 == 1);
}

/* The column headings: the questions, in the map's language. */
static double
head(struct cjm_render *r, cairo_t *cr, const struct cols *c, double y,
    double s)
{
	static const char *const keys[4] = { "q1", "says", "q2", "q3" };
	double h = 0, t;
	int i;

	for (i = 0; i < 4; i++) {
		t = text_box(r, NULL, kword(r, keys[i]), 0, 0, c->w[i] -
		    2 * c->pad, 0.8 * s, T_BOLD, NULL);
		h = fmax(h, t);
	}
	for (i = 0; i < 4 && cr != NULL; i++) {
		fill_box(cr, c->x[i] + 1, y, c->w[i] - 2, h + 2 * c->pad,
		    0.3 * s, r->th->head, NULL);
		text_box(r, cr, kword(r, keys[i]), c->x[i] + c->pad,
		    y + c->pad, c->w[i] - 2 * c->pad, 0.8 * s, T_BOLD,
		    r->th->head_ink);
	}
	return h + 2 * c->pad;
}

static double
top(struct cjm_render *r, cairo_t *cr, const struct rpage *p,
    const struct cols *c)
{
	char buf[200];
	double y;

	if (p->parts > 1)
		snprintf(buf, sizeof(buf), "%s (%zu/%zu)", kword(r,
		    "checklist"), p->part + 1, p->parts);
	else
		snprintf(buf, sizeof(buf), "%s", kword(r, "checklist"));
	y = page_title(r, cr, p, buf);
	return y + head(r, cr, c, y, p->s);
}

double
checklist_page(struct cjm_render *r, cairo_t *cr, const struct rpage *p)
{
	struct cols c;
	double y;
	size_t k;
	long e;
	size_t d;

	columns(p, &c);
	y = top(r, cr, p, &c);
	if (block_at(r->map, p->k0, &d, &e) && e >= 0)
		y += block(r, cr, p->k0, &c, y, p->s, 1);
	for (k = p->k0; k < p->k1; k++)
		y += block(r, cr, k, &c, y, p->s, 0);
	return y + c.m;
}

/* How the blocks break into pages at font size s on a page w x h: the
 * start of each page into starts (NULL: count only). A heading keeps
 * with its first row. Returns the pages, or 0 when a block does not
 * fit an empty page at this size. */
static size_t
paginate(struct cjm_render *r, struct rpage *p, size_t *starts)
{
	struct cols c;
	size_t k, n = blocks(r->map), pages = 1;
	double y0, y, need, b;
	long e = -1;
	size_t d;

	columns(p, &c);
	p->parts = 2;		/* the title as it will be on most decks */
	y0 = y = top(r, NULL, p, &c);
	if (starts != NULL)
		starts[0] = 0;
	for (k = 0; k < n; k++) {
		block_at(r->map, k, &d, &e);
		need = b = block(r, NULL, k, &c, 0, p->s, 0);
		if (e < 0 && k + 1 < n && block_at(r->map, k + 1, &d, &e) &&
		    e >= 0)
			need += block(r, NULL, k + 1, &c, 0, p->s, 0);
		if (y + need > p->h - c.m && y > y0) {
			if (starts != NULL)
				starts[pages] = k;
			pages++;
			y = y0;
			if (block_at(r->map, k, &d, &e) && e >= 0)
				y += block(r, NULL, k, &c, 0, p->s, 1);
		}
		if (y + need > p->h - c.m && y + b > p->h - c.m)
			return 0;
		y += b;
	}
	return pages;
}

/* The auto page: one page as tall as every decision. */
static int
checklist_auto(struct cjm_render *r, size_t n)
{
	struct rpage *p = page_new(r, PAGE_CHECKLIST);

	if (p == NULL)
		return CJM_ESYS;
	p->s = 10;
	p->w = 96 * p->s;
	p->k1 = n;
	p->parts = 1;
	p->h = ceil(checklist_page(r, NULL, p));
	return CJM_OK;
}

/* Pages for the decisions: the largest size, down to the floor, at
 * which every block fits a page; past the floor, taller pages. */
int
checklist_layout(struct cjm_render *r)
{
	struct rpage proto;
	size_t n = blocks(r->map), pages, i, *starts;
	double h0;

	if (n == 0)
		return CJM_OK;
	memset(&proto, 0, sizeof(proto));
	proto.kind = PAGE_CHECKLIST;
	cjm_render_page_points(r->o.page, &proto.w, &proto.h);
	if (r->o.page == CJM_PAGE_AUTO)
		return checklist_auto(r, n);
	h0 = proto.h;
	proto.s = fmax(r->o.min_font, proto.w / 90);
	while ((pages = paginate(r, &proto, NULL)) == 0) {
		if (proto.s <= r->o.min_font) {
			proto.h *= 1.25;
			continue;
		}
		proto.s = fmax(r->o.min_font, proto.s * 0.92);
	}
	if (proto.h > h0)
		render_warn(r, "render-overflow", "decisions", "a decision's stage "
		    "does not fit a %s page even at %g pt: the checklist pages "
		    "grow from %.0f to %.0f pt high", page_name(r->o.page),
		    proto.s, h0, proto.h);
	if ((starts = calloc(pages + 1, sizeof(*starts))) == NULL)
		return CJM_ESYS;
	paginate(r, &proto, starts);
	starts[pages] = n;
	for (i = 0; i < pages; i++) {
		struct rpage *p = page_new(r, PAGE_CHECKLIST);

		if (p == NULL) {
			free(starts);
			return CJM_ESYS;
		}
		*p = proto;
		p->k0 = starts[i];
		p->k1 = starts[i + 1];
		p->part = i;
		p->parts = pages;
	}
	free(starts);
	return CJM_OK;
}
