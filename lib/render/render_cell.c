/* render_cell.c: what goes in a map cell: lists, cards, metrics, emotion. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "num.h"

/* Channel badges: the word, and a hue. */
static const struct {
	const char *id, *en, *ru;
	double c[3];
} channels[] = {
	{ "web", "web", "сайт", { .20, .45, .80 } },
	{ "mobile", "app", "приложение", { .42, .30, .75 } },
	{ "phone", "phone", "телефон", { .10, .55, .55 } },
	{ "email", "email", "email", { .80, .40, .10 } },
	{ "sms", "SMS", "SMS", { .65, .45, .10 } },
	{ "chat", "chat", "чат", { .15, .60, .35 } },
	{ "messenger", "messenger", "мессенджер", { .10, .50, .75 } },
	{ "social", "social", "соцсети", { .75, .20, .50 } },
	{ "store", "store", "магазин", { .55, .35, .20 } },
	{ "office", "office", "офис", { .35, .40, .50 } },
	{ "mail", "mail", "почта", { .50, .50, .20 } },
	{ "ads", "ads", "реклама", { .80, .25, .25 } },
	{ "word-of-mouth", "word of mouth", "сарафан", { .45, .55, .15 } },
	{ "other", "other", "другое", { .50, .50, .50 } },
};

/* The i-th string or object of a lane value (a list, or one string). */
static const json_t *
item(const json_t *v, size_t i)
{
	if (json_is_array(v))
		return json_array_get(v, i);
	return i == 0 ? v : NULL;
}

static size_t
items(const json_t *v)
{
	if (json_is_array(v))
		return json_array_size(v);
	return json_is_string(v) || json_is_object(v) ? 1 : 0;
}

static void
tint(const double *c, double k, double *out)
{
	int i;

	for (i = 0; i < 3; i++)
		out[i] = c[i] + (1 - c[i]) * k;
}

/* A bulleted item; one item alone goes without a bullet. */
static double
bullet(struct cjm_render *r, cairo_t *cr, const char *text, double x,
    double y, double w, double s, int style, int alone)
{
	double ind = alone ? 0 : 0.8 * s;

	if (!alone && cr != NULL)
		text_box(r, cr, "•", x, y, ind, 0.9 * s, 0, r->th->muted);
	return text_box(r, cr, text, x + ind, y, w - ind, 0.9 * s, style,
	    NULL);
}

/* A channel's word in the page's language (an unknown one as it is). */
const char *
channel_word(const struct cjm_render *r, const char *ch)
{
	size_t i;

	for (i = 0; ch != NULL && i < sizeof(channels) / sizeof(channels[0]);
	    i++)
		if (strcmp(channels[i].id, ch) == 0)
			return strcmp(r->lang, "ru") == 0 ? channels[i].ru :
			    channels[i].en;
	return ch;
}

/* A badge naming the channel: a label sized to its word, smaller in a
 * column narrower than the word. Returns its height. */
static double
channel_badge(struct cjm_render *r, cairo_t *cr, const char *ch, double x,
    double y, double w, double s)
{
	size_t i, n = sizeof(channels) / sizeof(channels[0]);
	const char *word = channel_word(r, ch);
	const double *c = channels[n - 1].c;
	double fs;

	for (i = 0; i < n; i++)
		if (strcmp(channels[i].id, ch) == 0)
			c = r->th->grey ? r->th->muted : channels[i].c;
	fs = label_size(r, word, 0.68 * s, 0.5 * s, T_BOLD, w - 0.61 * s);
	return label(r, cr, word, x, y + 0.08 * s, w, fs, T_BOLD, c,
	    r->th->head_ink, NULL) + 0.24 * s;
}

/* A touchpoint: channel badge above, name, description. */
static double
touchpoint(struct cjm_render *r, cairo_t *cr, const json_t *tp, double x,
    double y, double w, double s)
{
	const char *name = json_is_string(tp) ? json_string_value(tp) :
	    jstr(tp, "name");
	const char *ch = jstr(tp, "channel");
	double h = 0;

	if (ch != NULL)
		h += channel_badge(r, cr, ch, x, y, w, s);
	h += text_box(r, cr, name, x, y + h, w, 0.9 * s, T_BOLD, NULL);
	h += text_box(r, cr, jstr(tp, "description"), x, y + h, w, 0.8 * s, 0,
	    r->th->muted);
	return h;
}

/* A card with a coloured bar at the left; tag (may be NULL) above the
 * text. */
static double
card(struct cjm_render *r, cairo_t *cr, const char *tag, const char *text,
    const double *c, double x, double y, double w, double s)
{
	double pad = 0.4 * s, bar = 0.3 * s, tx = x + bar + pad, h = pad;
	double tw = w - bar - 2 * pad, t;
	double fill[3], dark[3];
	int i;

	tint(c, r->th->grey ? 0.85 : 0.84, fill);
	if (cr != NULL) {
		/* Measure first: the box is drawn under the text. */
		t = text_box(r, NULL, tag, tx, 0, tw, 0.65 * s, T_BOLD, c);
		t += text_box(r, NULL, text, tx, 0, tw, 0.88 * s, 0, NULL);
		fill_box(cr, x, y, w, t + 2 * pad, 0.3 * s, fill, NULL);
		fill_box(cr, x, y, bar + 0.3 * s, t + 2 * pad, 0.3 * s, c,
		    NULL);
		fill_box(cr, x + bar, y, 0.3 * s, t + 2 * pad, 0, fill, NULL);
	}
	/* The tag in a darker shade: amber on a pale card is hard to read. */
	for (i = 0; i < 3; i++)
		dark[i] = r->th->grey ? r->th->ink[i] : c[i] * 0.72;
	h += text_box(r, cr, tag, tx, y + h, tw, 0.65 * s, T_BOLD, dark);
	h += text_box(r, cr, text, tx, y + h, tw, 0.88 * s, 0, NULL);
	return h + pad;
}

static double
pain_point(struct cjm_render *r, cairo_t *cr, const json_t *pp, double x,
    double y, double w, double s)
{
	const char *sev = jstr(pp, "severity"), *text;
	const double *c = r->th->sev_none;

	text = json_is_string(pp) ? json_string_value(pp) : jstr(pp, "text");
	if (sev != NULL && strcmp(sev, "high") == 0)
		c = r->th->sev_high;
	else if (sev != NULL && strcmp(sev, "medium") == 0)
		c = r->th->sev_med;
	else if (sev != NULL && strcmp(sev, "low") == 0)
		c = r->th->sev_low;
	return card(r, cr, sev ? tr(r, sev) : NULL, text, c, x, y, w, s);
}

static void
number(const struct cjm_render *r, char *buf, size_t n, double v,
    const char *unit)
{
	int sp = unit != NULL && strcmp(unit, "%") != 0;
	char num[80];

	/* Whole and large numbers in full (1 500 000, not 1.5e+06), others
	 * to six significant digits, with the language's decimal mark. */
	if ((v == floor(v) || fabs(v) >= 1e6) && fabs(v) < 1e15)
		count_text(num, sizeof(num), v);
	else
		num_text(r, num, sizeof(num), "%.6g", v);
	snprintf(buf, n, "%s%s%s", num, sp ? " " : "", unit ? unit : "");
}

/* Did the metric miss its target? -1: no target or no value. */
static int
missed(const json_t *m)
{
	double v, t;
	const char *better = jstr(m, "better"), *kind = jstr(m, "kind");
	int lower;

	if (!jnum(m, "value", &v) || !jnum(m, "target", &t))
		return -1;
	lower = better ? strcmp(better, "lower") == 0 :
	    kind != NULL && strcmp(kind, "time") == 0;
	return lower ? v > t : v < t;
}

/* A metric: its name, value and target; a missed target in red with a
 * cross, so it stands out in grey too. */
double
metric_box(struct cjm_render *r, cairo_t *cr, const json_t *m, double x,
    double y, double w, double s)
{
	char val[160], tgt[200], num[64];
	const char *unit = jstr(m, "unit");
	int miss = missed(m);
	double v, pad = 0.35 * s, h = pad, fill[3];
	const double *c = miss == 1 ? r->th->miss : r->th->ink;

	val[0] = tgt[0] = '\0';
	if (jnum(m, "value", &v))
		number(r, val, sizeof(val), v, unit);
	if (jnum(m, "target", &v)) {
		number(r, num, sizeof(num), v, unit);
		snprintf(tgt, sizeof(tgt), "%s %s %s", miss == 1 ? "✗" :
		    miss == 0 ? "✓" : "", tr(r, "target"), num);
	}
	if (cr != NULL) {
		tint(miss == 1 ? r->th->miss : r->th->grid, miss == 1 ? 0.86 :
		    0.6, fill);
		fill_box(cr, x, y, w, metric_box(r, NULL, m, x, y, w, s), 0.3 * s,
		    fill, miss == 1 ? r->th->miss : NULL);
	}
	h += text_box(r, cr, jstr(m, "name"), x + pad, y + h, w - 2 * pad,
	    0.78 * s, 0, r->th->muted);
	h += text_box(r, cr, val, x + pad, y + h, w - 2 * pad, 1.05 * s,
	    T_BOLD, c);
	h += text_box(r, cr, tgt, x + pad, y + h, w - 2 * pad, 0.75 * s,
	    miss == 1 ? T_BOLD : 0, miss == 1 ? c : r->th->muted);
	return h + pad;
}

static double
lane_item(struct cjm_render *r, cairo_t *cr, const char *lane,
    const json_t *it, double x, double y, double w, double s, int alone)
{
	char q[4200];

	if (strcmp(lane, "touchpoints") == 0)
		return touchpoint(r, cr, it, x, y, w, s);
	if (strcmp(lane, "pain_points") == 0)
		return pain_point(r, cr, it, x, y, w, s);
	if (strcmp(lane, "opportunities") == 0)
		return card(r, cr, NULL, json_string_value(it), r->th->opp, x,
		    y, w, s);
	if (strcmp(lane, "metrics") == 0)
		return metric_box(r, cr, it, x, y, w, s);
	if (strcmp(lane, "thoughts") == 0) {
		quote_text(r, q, sizeof(q), json_string_value(it));
		return bullet(r, cr, q, x, y, w, s, T_ITALIC, alone);
	}
	return bullet(r, cr, json_string_value(it), x, y, w, s, 0, alone);
}

/* The content of one cell (not the emotion lane); its height. */
double
cell(struct cjm_render *r, cairo_t *cr, int lane, const json_t *stage,
    double x, double y, double w, double s)
{
	const char *key = cjm_lanes[lane];
	const json_t *v = json_object_get(stage, key);
	size_t i, n = items(v);
	double h = 0, gap = 0.35 * s;

	for (i = 0; i < n; i++) {
		if (i > 0)
			h += gap;
		h += lane_item(r, cr, key, item(v, i), x, y + h, w, s, n == 1);
	}
	return h;
}

/* Red through amber to green as t goes 0..1. */
void
mood_color(const struct cjm_render *r, double t, double *out)
{
	const double *a = t < 0.5 ? r->th->mood_neg : r->th->mood_neu;
	const double *b = t < 0.5 ? r->th->mood_neu : r->th->mood_pos;
	double k = t < 0.5 ? t * 2 : (t - 0.5) * 2;
	int i;

	if (!(k >= 0))
		k = 0;
	if (k > 1)
		k = 1;
	for (i = 0; i < 3; i++)
		out[i] = a[i] + (b[i] - a[i]) * k;
}

