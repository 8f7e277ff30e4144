/* render_graph.c: the touchpoint graph: nodes in stage columns, arrows. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "num.h"

struct node {
	const json_t *tp;
	const char *id;
	size_t stage;
	double x, y, w, h;
	int in, out;
	double key;		/* mean rank of the nodes leading here */
	size_t rank;		/* place in its column */
};

struct graph {
	struct node *n;
	size_t nn;
	double max_count;
	long (*e)[2];		/* each transition's from and to; -1: none */
	size_t ne;
	size_t *ord;		/* nodes by column, then rank */
};

int
graph_has(const json_t *map)
{
	return json_array_size(json_object_get(map, "transitions")) > 0;
}

static struct node *
find(struct graph *g, const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < g->nn; i++)
		if (g->n[i].id != NULL && strcmp(g->n[i].id, id) == 0)
			return &g->n[i];
	return NULL;
}

static long
index_of(struct graph *g, const char *id)
{
	struct node *n = find(g, id);

	return n == NULL ? -1 : (long)(n - g->n);
}

static int
collect(const json_t *map, struct graph *g)
{
	const json_t *st, *tp, *t, *ts = json_object_get(map, "transitions");
	size_t i, j, n = 0;
	double c;

	json_array_foreach(json_object_get(map, "stages"), i, st)
		n += json_array_size(json_object_get(st, "touchpoints"));
	g->n = calloc(n + 1, sizeof(*g->n));
	g->ord = calloc(n + 1, sizeof(*g->ord));
	g->e = calloc(json_array_size(ts) + 1, sizeof(*g->e));
	if (g->n == NULL || g->ord == NULL || g->e == NULL)
		return -1;
	json_array_foreach(json_object_get(map, "stages"), i, st)
		json_array_foreach(json_object_get(st, "touchpoints"), j, tp) {
			g->n[g->nn].tp = tp;
			g->n[g->nn].id = jstr(tp, "id");
			g->n[g->nn++].stage = i;
		}
	json_array_foreach(ts, i, t) {
		g->e[i][0] = index_of(g, jstr(t, "from"));
		g->e[i][1] = index_of(g, jstr(t, "to"));
		if (g->e[i][0] >= 0)
			g->n[g->e[i][0]].out++;
		if (g->e[i][1] >= 0)
			g->n[g->e[i][1]].in++;
		if (jnum(t, "count", &c) && c > g->max_count)
			g->max_count = c;
	}
	g->ne = json_array_size(ts);
	return 0;
}

/* Sort one column's nodes [lo, hi) by key, ties in map order. */
static void
sort_column(struct graph *g, size_t lo, size_t hi)
{
	size_t i, j, t;

	for (i = lo; i < hi; i++)
		g->ord[i] = i;
	for (i = lo + 1; i < hi; i++)
		for (j = i; j > lo && g->n[g->ord[j - 1]].key >
		    g->n[g->ord[j]].key; j--) {
			t = g->ord[j];
			g->ord[j] = g->ord[j - 1];
			g->ord[j - 1] = t;
		}
	for (i = lo; i < hi; i++)
		g->n[g->ord[i]].rank = i - lo;
}

/* Column by column, a node goes to the mean rank of the nodes in earlier
 * columns that lead to it (the barycentre rule): fewer crossing arrows.
 * A node nothing leads to keeps its place in the map. */
static void
order(struct graph *g)
{
	size_t lo, hi, k, cnt;
	long a, b;

	for (lo = 0; lo < g->nn; lo = hi) {
		for (hi = lo; hi < g->nn && g->n[hi].stage == g->n[lo].stage;)
			hi++;
		for (k = lo; k < hi; k++) {
			g->n[k].key = 0;
			for (cnt = 0, a = 0; a < (long)g->ne; a++) {
				b = g->e[a][0];
				if (g->e[a][1] != (long)k || b < 0 ||
				    g->n[b].stage >= g->n[k].stage)
					continue;
				g->n[k].key += (double)g->n[b].rank;
				cnt++;
			}
			g->n[k].key = cnt ? g->n[k].key / (double)cnt :
			    (double)(k - lo);
		}
		sort_column(g, lo, hi);
	}
}

static int
dead_end(const struct node *n, size_t nst)
{
	return n->out == 0 && n->in > 0 && n->stage + 1 < nst;
}

/* The most nodes in one column. */
static size_t
deepest(const struct graph *g)
{
	size_t i, j, most = 0;

	for (i = 0; i < g->nn; i = j) {
		for (j = i; j < g->nn && g->n[j].stage == g->n[i].stage; j++)
			;
		most = j - i > most ? j - i : most;
	}
	return most;
}

/* Place the nodes down their columns, spread over the height the page
 * leaves (extra); the height of the tallest. */
static double
place(struct cjm_render *r, struct graph *g, double x0, double y0,
    double cw, double s, double extra)
{
	double col_y[MAX_STAGES], tall = 0, gap = 0.17 * cw, pad = 0.4 * s, h;
	double more = fmin(extra / (double)(deepest(g) + 1), 4 * s);
	size_t i, c;
	struct node *n;

	for (i = 0; i < MAX_STAGES; i++)
		col_y[i] = y0 + more / 2;
	for (i = 0; i < g->nn; i++) {
		n = &g->n[g->ord[i]];
		c = n->stage < MAX_STAGES ? n->stage : MAX_STAGES - 1;
		n->x = x0 + (double)n->stage * cw + gap;
		n->w = cw - 2 * gap;
		n->y = col_y[c];
		h = text_box(r, NULL, jstr(n->tp, "name"), 0, 0, n->w - 2 * pad,
		    0.85 * s, T_BOLD, NULL);
		h += text_box(r, NULL, channel_word(r, jstr(n->tp,
		    "channel")), 0, 0, n->w - 2 * pad, 0.65 * s, 0, NULL);
		n->h = h + 2 * pad;
		col_y[c] += n->h + (dead_end(n, r->g.nst) ? 3 : 2) * s + more;
		tall = fmax(tall, col_y[c] - y0);
	}
	return tall;
}

static void
arrow_head(cairo_t *cr, double x, double y, double dx, double dy, double s)
{
	double len = hypot(dx, dy), ux, uy;

	if (len == 0)
		return;
	ux = dx / len;
	uy = dy / len;
	cairo_move_to(cr, x, y);
	cairo_line_to(cr, x - 0.8 * s * ux + 0.4 * s * uy,
	    y - 0.8 * s * uy - 0.4 * s * ux);
	cairo_line_to(cr, x - 0.8 * s * ux - 0.4 * s * uy,
	    y - 0.8 * s * uy + 0.4 * s * ux);
	cairo_close_path(cr);
	cairo_fill(cr);
}

/* An edge a -> b: forward edges run right to left sides; a loop back or
 * within a column goes out under the nodes. */
static void
edge(struct cjm_render *r, cairo_t *cr, const struct graph *g,
    const json_t *t, const struct node *a, const struct node *b, double s,
    int counts)
{
	double x1, y1, x2, y2, c1x, c1y, c2x, c2y, cnt = -1, mx, my, tw, th;
	char buf[300];

	jnum(t, "count", &cnt);
	if (b->stage > a->stage) {
		x1 = a->x + a->w; y1 = a->y + a->h / 2;
		x2 = b->x - 0.1 * s; y2 = b->y + b->h / 2;
		c1x = x1 + (x2 - x1) / 2; c1y = y1;
		c2x = x2 - (x2 - x1) / 2; c2y = y2;
	} else {
		x1 = a->x + a->w * 0.3; y1 = a->y + a->h;
		x2 = b->x + b->w * 0.7; y2 = b->y + b->h + 0.1 * s;
		c1x = x1; c1y = fmax(y1, y2) + 3 * s;
		c2x = x2; c2y = c1y;
	}
	if (!counts) {
		set_rgb(cr, r->th->edge);
		cairo_set_line_width(cr, 0.1 * s + (g->max_count > 0 &&
		    cnt > 0 ? 0.45 * s * cnt / g->max_count : 0));
		cairo_move_to(cr, x1, y1);
		cairo_curve_to(cr, c1x, c1y, c2x, c2y, x2, y2);
		cairo_stroke(cr);
		arrow_head(cr, x2, y2, x2 - c2x, y2 - c2y, s);
		return;
	}
	/* Only the count on the arrow; labels go in the list below. */
	if (cnt < 0)
		return;
	if (json_is_integer(json_object_get(t, "count")))	/* exactly */
		int_text(buf, sizeof(buf), (long long)json_integer_value(
		    json_object_get(t, "count")));
	else
		count_text(buf, sizeof(buf), cnt);
	mx = (x1 + 3 * c1x + 3 * c2x + x2) / 8;
	my = (y1 + 3 * c1y + 3 * c2y + y2) / 8;
	tw = text_width(r, buf, 0.7 * s, T_BOLD) + 0.63 * s;
	th = label(r, NULL, buf, 0, 0, tw, 0.7 * s, T_BOLD, NULL, NULL, NULL);
	label(r, cr, buf, mx - tw / 2, my - th / 2, tw, 0.7 * s, T_BOLD,
	    r->th->bg, r->th->ink, NULL);
	fill_box(cr, mx - tw / 2, my - th / 2, tw, th, 0.3 * s, NULL,
	    r->th->grid);
}

/* The arrows, or (label) their labels, drawn over the nodes. */
static void
edges(struct cjm_render *r, cairo_t *cr, struct graph *g, double s,
    int label)
{
	size_t i;

	for (i = 0; i < g->ne; i++)
		if (g->e[i][0] >= 0 && g->e[i][1] >= 0)
			edge(r, cr, g, json_array_get(json_object_get(r->map,
			    "transitions"), i), &g->n[g->e[i][0]],
			    &g->n[g->e[i][1]], s, label);
}

static void
node_draw(struct cjm_render *r, cairo_t *cr, const struct node *n, double s)
{
	int dead = dead_end(n, r->g.nst);
	double pad = 0.4 * s, h;

	fill_box(cr, n->x, n->y, n->w, n->h, 0.4 * s, r->th->node,
	    dead ? r->th->miss : r->th->edge);
	if (dead) {
		rounded(cr, n->x, n->y, n->w, n->h, 0.4 * s);
		set_rgb(cr, r->th->miss);
		cairo_set_line_width(cr, 0.25 * s);
		cairo_stroke(cr);
		text_box(r, cr, tr(r, "dead_end"), n->x, n->y + n->h + 0.15 * s,
		    n->w, 0.7 * s, T_BOLD | T_CENTER, r->th->miss);
	}
	h = text_box(r, cr, jstr(n->tp, "name"), n->x + pad, n->y + pad,
	    n->w - 2 * pad, 0.85 * s, T_BOLD, NULL);
	text_box(r, cr, channel_word(r, jstr(n->tp, "channel")), n->x + pad,
	    n->y + pad + h, n->w - 2 * pad, 0.65 * s, 0, r->th->muted);
}

static double
heads(struct cjm_render *r, cairo_t *cr, double x0, double y, double cw,
    double s)
{
	const json_t *st;
	size_t i;
	double h = 0;

	json_array_foreach(json_object_get(r->map, "stages"), i, st) {
		if (cr != NULL)
			fill_box(cr, x0 + i * cw + 1, y, cw - 2, 1.9 * s, 0.3 * s,
			    r->th->head, NULL);
		h = fmax(h, text_box(r, cr, jstr(st, "name"), x0 + i * cw +
		    0.4 * s, y + 0.4 * s, cw - 0.8 * s, 0.85 * s, T_BOLD |
		    T_CENTER, r->th->head_ink));
	}
	return fmax(h + 0.8 * s, 1.9 * s);
}

/* Every transition in words, in three columns under the graph. */
static double
legend(struct cjm_render *r, cairo_t *cr, struct graph *g, double x,
    double y, double w, double s)
{
	const json_t *t;
	struct node *a, *b;
	size_t i, n = json_array_size(json_object_get(r->map, "transitions"));
	double cw = (w - 2 * s) / 3, col[3] = { 0, 0, 0 }, cnt;
	char buf[1024], num[40];
	int c;

	json_array_foreach(json_object_get(r->map, "transitions"), i, t) {
		a = g->e[i][0] >= 0 ? &g->n[g->e[i][0]] : NULL;
		b = g->e[i][1] >= 0 ? &g->n[g->e[i][1]] : NULL;
		num[0] = '\0';
		if (jnum(t, "count", &cnt))
			cjm_snprintf(num, sizeof(num), " · %.0f", cnt);
		snprintf(buf, sizeof(buf), "%s → %s%s%s%s",
		    a ? jstr(a->tp, "name") : jstr(t, "from"),
		    b ? jstr(b->tp, "name") : jstr(t, "to"),
		    jstr(t, "label") ? ": " : "", jstr(t, "label") ?
		    jstr(t, "label") : "", num);
		c = (int)(i * 3 / (n ? n : 1));
		col[c] += text_box(r, cr, buf, x + c * (cw + s), y + col[c], cw,
		    0.75 * s, 0, r->th->muted) + 0.2 * s;
	}
	return fmax(col[0], fmax(col[1], col[2]));
}

double
graph_page(struct cjm_render *r, cairo_t *cr, const struct rpage *p)
{
	struct graph g;
	double s = p->s, m = 2 * s, y = p->h, cw, tall;
	size_t i;

	memset(&g, 0, sizeof(g));
	r->g.nst = json_array_size(json_object_get(r->map, "stages"));
	cw = (p->w - 2 * m) / (double)r->g.nst;
	if (collect(r->map, &g) != 0)
		goto out;
	order(&g);
	y = page_title(r, cr, p, tr(r, "graph"));
	y += heads(r, cr, m, y, cw, s) + s;
	tall = place(r, &g, m, y, cw, s, p->spare);
	tall += legend(r, cr, &g, m, y + tall + s, p->w - 2 * m, s) + s;
	if (cr != NULL) {
		edges(r, cr, &g, s, 0);
		for (i = 0; i < g.nn; i++)
			node_draw(r, cr, &g.n[i], s);
		edges(r, cr, &g, s, 1);
	}
	y += tall + 3 * s + m;
out:
	free(g.n);
	free(g.e);
	free(g.ord);
	return y;
}
