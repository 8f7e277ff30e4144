/* render.c: the renderer's handle, its text helpers and its page list.
 * Text is pango's; the one piece written here, estimate_lines, counts
 * a text's wrapped lines from its unwrapped layout for the fitting
 * search's probes, for speed (shaping is most of a render's time). */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grow.h"
#include "render.h"
#include "num.h"

static const struct theme theme_color = {
	.bg = { 1, 1, 1 }, .ink = { .13, .15, .19 }, .muted = { .38, .41, .47 },
	.grid = { .84, .86, .90 }, .head = { .15, .32, .53 },
	.head_ink = { 1, 1, 1 }, .phase = { .86, .91, .97 },
	.label = { .94, .95, .97 }, .band = { .985, .985, .99 },
	.sev_high = { .85, .22, .20 }, .sev_med = { .93, .53, .13 },
	.sev_low = { .91, .76, .18 }, .sev_none = { .55, .57, .62 },
	.opp = { .16, .58, .45 }, .miss = { .82, .13, .13 },
	.ok = { .13, .52, .28 }, .mood_neg = { .84, .22, .20 },
	.mood_neu = { .93, .70, .16 }, .mood_pos = { .16, .62, .34 },
	.bar = { .24, .46, .74 }, .loss = { .84, .20, .20 },
	.node = { .93, .95, .99 }, .edge = { .36, .43, .56 }, .grey = 0
};

static const struct theme theme_grey = {
	.bg = { 1, 1, 1 }, .ink = { .08, .08, .08 }, .muted = { .35, .35, .35 },
	.grid = { .80, .80, .80 }, .head = { .22, .22, .22 },
	.head_ink = { 1, 1, 1 }, .phase = { .86, .86, .86 },
	.label = { .94, .94, .94 }, .band = { .98, .98, .98 },
	.sev_high = { .10, .10, .10 }, .sev_med = { .40, .40, .40 },
	.sev_low = { .65, .65, .65 }, .sev_none = { .75, .75, .75 },
	.opp = { .45, .45, .45 }, .miss = { .05, .05, .05 },
	.ok = { .45, .45, .45 }, .mood_neg = { .10, .10, .10 },
	.mood_neu = { .55, .55, .55 }, .mood_pos = { .92, .92, .92 },
	.bar = { .45, .45, .45 }, .loss = { .10, .10, .10 },
	.node = { .95, .95, .95 }, .edge = { .30, .30, .30 }, .grey = 1
};

/* The renderer's own words, English and Russian. */
static const struct { const char *key, *en, *ru; } words[] = {
	{ "time", "Time", "Время" },
	{ "visibility", "line of visibility", "линия видимости" },
	{ "interaction", "line of internal interaction",
	  "линия внутреннего взаимодействия" },
	{ "goals", "Goals", "Цели" },
	{ "funnel", "Funnel", "Воронка" },
	{ "maturity", "CX maturity", "Зрелость CX" },
	{ "graph", "Touchpoint graph", "Граф точек контакта" },
	{ "of_prev", "of previous", "от предыдущего" },
	{ "of_start", "of start", "от начала" },
	{ "loss", "biggest loss", "наибольшая потеря" },
	{ "loss_rate", "biggest drop rate", "наибольшая доля потерь" },
	{ "entered", "entered", "вошли" },
	{ "converted", "converted", "дошли до конца" },
	{ "dead_end", "dead end", "тупик" },
	{ "score", "score", "оценка" },
	{ "level", "Level", "Уровень" },
	{ "fits", "Map types that fit", "Подходящие типы карт" },
	{ "weakest", "Weakest dimension", "Самое слабое измерение" },
	{ "lowest", "Lowest statements", "Утверждения с низшей оценкой" },
	{ "target", "target", "цель" },
	{ "high", "HIGH", "ВЫСОКАЯ" },
	{ "medium", "MEDIUM", "СРЕДНЯЯ" },
	{ "low", "LOW", "НИЗКАЯ" },
	{ "metrics", "Metrics", "Метрики" },
	{ "missed", "missed", "не достигнута" },
	{ "line_int", "line of interaction", "линия взаимодействия" },
	{ "positive", "positive", "позитив" },
	{ "negative", "negative", "негатив" },
	{ "q", "Q", "№" },
	{ "conversion", "conversion map (inverted sales funnel)",
	  "карта конверсии (перевёрнутая воронка продаж)" },
	{ "management", "management map (owners of stages)",
	  "карта управления (владельцы этапов)" },
	{ "assessment", "assessment map (CX scored stage by stage)",
	  "карта оценки (CX по этапам)" },
	{ "design", "design map (user flow, service blueprint)",
	  "карта проектирования (пользовательский путь, блупринт)" },
	{ "customer-view", "customer view (the journey through the "
	  "customer's eyes)", "взгляд клиента (путь глазами клиента)" },
	{ "checklist", "decision checklist", "чек-лист решений" },
	{ "training", "training map (a teaching aid)",
	  "обучающая карта (учебное пособие)" },
};

const char *
tr(const struct cjm_render *r, const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i].key, key) == 0)
			return strcmp(r->lang, "ru") == 0 ? words[i].ru :
			    words[i].en;
	return key;
}

/* The renderer's words that follow a count: English one and many,
 * Russian one, few and many (cjm_plural). */
static const struct {
	const char *key, *en[2], *ru[3];
} counted[] = {
	{ "customers", { "customer", "customers" },
	  { "клиент", "клиента", "клиентов" } },
	{ "respondents", { "respondent", "respondents" },
	  { "респондент", "респондента", "респондентов" } },
	{ "years", { "year old", "years old" }, { "год", "года", "лет" } },
};

const char *
tr_count(const struct cjm_render *r, const char *key, long long n)
{
	unsigned long long m = n < 0 ? 0 - (unsigned long long)n :
	    (unsigned long long)n;
	size_t i;

	for (i = 0; i < sizeof(counted) / sizeof(counted[0]); i++)
		if (strcmp(counted[i].key, key) == 0)
			return strcmp(r->lang, "ru") == 0 ? cjm_plural(m, 1,
			    counted[i].ru[0], counted[i].ru[1],
			    counted[i].ru[2]) : cjm_plural(m, 0,
			    counted[i].en[0], NULL, counted[i].en[1]);
	return key;
}

const char *
jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* A JSON number (integer or real) at key; 0 when absent. */
int
jnum(const json_t *o, const char *key, double *out)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_number(v))
		return 0;
	*out = json_number_value(v);
	return 1;
}

void
render_warn(struct cjm_render *r, const char *code, const char *path,
    const char *fmt, ...)
{
	char *msg;
	va_list ap;
	cjm_pos pos = { 0, 0, 0 };
	size_t k;
	int len;

	if (r->ds == NULL)
		return;
	/* No cap: a cut message loses its lane and its fix; the callers
	 * shorten long names in the middle (cjm_utf8_middle) instead. */
	va_start(ap, fmt);
	len = cjm_vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || (msg = malloc((size_t)len + 1)) == NULL)
		return;
	va_start(ap, fmt);
	cjm_vsnprintf(msg, (size_t)len + 1, fmt, ap);
	va_end(ap);
	if (sscanf(path, "stages[%zu]", &k) == 1 && k < r->nstage_pos)
		pos = r->stage_pos[k];
	cjm_diags_add(r->ds, CJM_WARNING, code, r->file, r->index, path, pos,
	    NULL, "%s", msg);
	free(msg);
}

void
cjm_render_stage_pos(cjm_render *r, const cjm_pos *pos, size_t n)
{
	r->stage_pos = pos;
	r->nstage_pos = pos != NULL ? n : 0;
}

/* Digits as people read them: in groups of three (a thin space between
 * them) from 10 000 up. */
static void
group_digits(char *buf, size_t n, const char *d, int neg)
{
	size_t len = strlen(d), i, o = 0;

	if (neg && o + 1 < n)
		buf[o++] = '-';
	for (i = 0; i < len && o + 4 < n; i++) {
		if (len > 4 && i > 0 && (len - i) % 3 == 0) {
			memcpy(buf + o, "\u2009", 3);
			o += 3;
		}
		buf[o++] = d[i];
	}
	buf[o] = '\0';
}

/* A count as people read it; never exponent notation. */
void
count_text(char *buf, size_t n, double v)
{
	char d[400];

	cjm_snprintf(d, sizeof(d), "%.0f", fabs(v));
	group_digits(buf, n, d, v < 0);
}

/* An integer exactly: a double holds only 53 bits, so counts above 2^53
 * (9 007 199 254 740 992) would be drawn rounded. */
void
int_text(char *buf, size_t n, long long v)
{
	char d[32];
	unsigned long long m = v < 0 ? 0 - (unsigned long long)v :
	    (unsigned long long)v;

	snprintf(d, sizeof(d), "%llu", m);
	group_digits(buf, n, d, v < 0);
}

void
set_rgb(cairo_t *cr, const double *c)
{
	cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

void
rounded(cairo_t *cr, double x, double y, double w, double h, double rad)
{
	const double q = 1.5707963267948966;

	if (rad > w / 2)
		rad = w / 2;
	if (rad > h / 2)
		rad = h / 2;
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - rad, y + rad, rad, -q, 0);
	cairo_arc(cr, x + w - rad, y + h - rad, rad, 0, q);
	cairo_arc(cr, x + rad, y + h - rad, rad, q, 2 * q);
	cairo_arc(cr, x + rad, y + rad, rad, 2 * q, 3 * q);
	cairo_close_path(cr);
}

/* A box filled and/or outlined (either colour may be NULL). */
void
fill_box(cairo_t *cr, double x, double y, double w, double h, double rad,
    const double *fill, const double *stroke)
{
	if (cr == NULL || w <= 0 || h <= 0)
		return;
	rad = fmin(rad, fmin(w, h) / 2);
	if (stroke == NULL && fill != NULL && rad > 0 && w - 2 * rad > 0.01 &&
	    h - 2 * rad > 0.01) {
		/* The same shape as a rectangle inset by the radius, filled
		 * and stroked as wide as the corners with round joins: a PDF
		 * writes it in a tenth of the numbers of four arcs, and
		 * formatting numbers is most of cairo's time on a deck. */
		set_rgb(cr, fill);
		cairo_rectangle(cr, x + rad, y + rad, w - 2 * rad, h - 2 * rad);
		cairo_fill_preserve(cr);
		cairo_set_line_width(cr, 2 * rad);
		cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
		cairo_stroke(cr);
		cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
		return;
	}
	rounded(cr, x, y, w, h, rad);
	if (fill != NULL) {
		set_rgb(cr, fill);
		if (stroke != NULL)
			cairo_fill_preserve(cr);
		else
			cairo_fill(cr);
	}
	if (stroke != NULL) {
		set_rgb(cr, stroke);
		cairo_set_line_width(cr, 0.6);
		cairo_stroke(cr);
	}
}

/* Warn once per text whose characters no font has (after fallback). */
static void
glyph_check(struct cjm_render *r, PangoLayout *l, const char *text)
{
	char shown[48];
	size_t n;

	if (pango_layout_get_unknown_glyphs_count(l) == 0)
		return;
	if (++r->nglyph_warn > 20)
		return;
	n = strlen(text);
	if (n > 40) {
		n = 40;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
	}
	snprintf(shown, sizeof(shown), "%.*s%s", (int)n, text,
	    text[n] ? "..." : "");
	render_warn(r, "render-glyph", "", "no font has glyphs for some characters "
	    "of '%s' (font '%s'); they show as boxes", shown, r->font);
}

/* Text is laid out at one nominal size and scaled: pango then needs a
 * fontset (a fontconfig sort, the costly part) per style only, not per
 * size, and without hinting the metrics scale exactly. */
#define NOMINAL 10.0

/* The layout's wrap width in pango units; -1 for no wrapping. A box too
 * narrow for a letter still wraps (a letter a line): text never runs out
 * of its column. */
static int
layout_width(double w, double size, int style)
{
	return style & T_NOWRAP ? -1 :
	    (int)(fmax(w, 1) * NOMINAL / size * PANGO_SCALE);
}

/* pango breaks a word wider than its line character by character and
 * measures the rest again after each break: time grows with the square
 * of the word's length (a 100 000-character word took a minute). A
 * word longer than WORD_RUN characters gets a zero-width space (U+200B,
 * a break opportunity that draws nothing) after every WORD_RUN of them,
 * once, so pango breaks it in pieces and the work stays linear. No word
 * of a language is that long: ordinary text is laid out as before. */
#define WORD_RUN 200

/* text with the breaks, malloc()ed; NULL when it needs none (or memory
 * ran out: then it is laid out as it is, slowly). */
static char *
break_long_words(const char *text)
{
	size_t run = 0, extra = 0, o = 0;
	const char *p;
	char *out;

	for (p = text; *p != '\0'; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;	/* count code points */
		run = *p == ' ' || *p == '\n' ? 0 : run + 1;
		extra += run > 0 && run % WORD_RUN == 0;
	}
	if (extra == 0 || (out = malloc(strlen(text) + 3 * extra + 1)) == NULL)
		return NULL;
	for (p = text, run = 0; *p != '\0'; p++) {
		if ((*p & 0xC0) != 0x80) {
			if (run > 0 && run % WORD_RUN == 0 && *p != ' ' &&
			    *p != '\n') {
				memcpy(out + o, "\u200B", 3);
				o += 3;
			}
			run = *p == ' ' || *p == '\n' ? 0 : run + 1;
		}
		out[o++] = *p;
	}
	out[o] = '\0';
	return out;
}

static PangoLayout *
text_layout(struct cjm_render *r, const char *text, int width, int style)
{
	PangoLayout *l = pango_layout_new(r->pc);
	char *broken = break_long_words(text);
	PangoAlignment al = PANGO_ALIGN_LEFT;

	if (style & T_CENTER)
		al = PANGO_ALIGN_CENTER;
	else if (style & T_RIGHT)
		al = PANGO_ALIGN_RIGHT;
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_attributes(l, r->attrs);
	pango_layout_set_font_description(l, r->fds[style & 3]);
	pango_layout_set_alignment(l, al);
	pango_layout_set_width(l, width);
	pango_layout_set_text(l, broken ? broken : text, -1);
	free(broken);
	return l;
}

/* Does a line of l start where no line may break (inside a word)? */
static int
breaks_word(PangoLayout *l)
{
	const char *text = pango_layout_get_text(l);
	const PangoLogAttr *a;
	GSList *ln;
	long off;
	int n;

	if (pango_layout_get_line_count(l) < 2)
		return 0;
	a = pango_layout_get_log_attrs_readonly(l, &n);
	ln = pango_layout_get_lines_readonly(l);
	for (ln = ln ? ln->next : NULL; ln != NULL; ln = ln->next) {
		off = g_utf8_pointer_to_offset(text, text +
		    ((PangoLayoutLine *)ln->data)->start_index);
		if (off < n && !a[off].is_line_break)
			return 1;
	}
	return 0;
}

/* The break opportunities of an unwrapped layout, for estimate_lines;
 * none for text that is not left to right on one line. */
static void
breaks_of(PangoLayout *l, struct tsize *sz)
{
	const char *text = pango_layout_get_text(l), *p;
	const PangoLogAttr *a;
	PangoLayoutIter *it;
	PangoRectangle rc;
	PangoLayoutRun *run;
	size_t len = strlen(text);
	int n, c, *x, last = 0, end = 0;

	sz->bk = NULL;
	sz->nbk = 0;
	if (strchr(text, '\n') != NULL || (x = malloc((len + 1) *
	    sizeof(int))) == NULL)
		return;
	for (c = 0; c <= (int)len; c++)
		x[c] = -1;
	it = pango_layout_get_iter(l);
	do {
		run = pango_layout_iter_get_run_readonly(it);
		if (run != NULL && run->item->analysis.level % 2 == 1) {
			pango_layout_iter_free(it);
			free(x);
			return;
		}
		pango_layout_iter_get_cluster_extents(it, NULL, &rc);
		x[pango_layout_iter_get_index(it)] = rc.x;
	} while (pango_layout_iter_next_cluster(it));
	pango_layout_iter_free(it);
	x[len] = sz->pw;
	a = pango_layout_get_log_attrs_readonly(l, &n);
	if ((sz->bk = malloc((size_t)n * sizeof(*sz->bk))) == NULL) {
		free(x);
		return;
	}
	/* Walk the characters: a break before c ends the line at the end
	 * of the last character that is not a space. */
	for (c = 0, p = text; c < n && (size_t)(p - text) <= len; c++) {
		int at = x[p - text] >= 0 ? x[p - text] : last;

		if (c > 0 && a[c].is_line_break) {
			sz->bk[sz->nbk].end = end;
			sz->bk[sz->nbk++].start = at;
		}
		if (*p == '\0')
			break;
		last = at;
		p = g_utf8_next_char(p);
		if (!a[c].is_white)
			end = x[p - text] >= 0 ? x[p - text] : at;
	}
	sz->bk[sz->nbk].end = sz->pw;
	sz->bk[sz->nbk++].start = sz->pw;
	free(x);
}

/* The lines of a text at wrap width w (pango units) from its unwrapped
 * layout's break opportunities, greedy as pango wraps (a word wider
 * than the line breaks between letters, and counts in *broken). The
 * fitting search probes sizes with it: shaping is the costly part of a
 * layout, and this needs none. */
static int
estimate_lines(const struct tsize *sz, int w, int *broken)
{
	int lines = 1, i = 0, fit = -1, x0 = 0, k;

	while (i < sz->nbk) {
		if (sz->bk[i].end - x0 <= w) {
			fit = i++;
			continue;
		}
		if (fit >= 0 && sz->bk[fit].start > x0) {
			x0 = sz->bk[fit].start;
			lines++;
			fit = -1;
			continue;
		}
		*broken = 1;
		k = (sz->bk[i].end - x0 - 1) / (w > 0 ? w : 1);
		lines += k;
		x0 += k * w;
		fit = i++;
	}
	return lines;
}

/* The layout of text in a box w wide, shaped once: from the cache when
 * it was laid out before at the same width and style. */
static PangoLayout *
text_get(struct cjm_render *r, const char *text, double w, double size,
    int style, struct tsize *sz)
{
	int lw = layout_width(w, size, style);
	PangoLayout *l = tcache_get(r->tc, text, lw, style, sz);

	if (l != NULL)
		return l;
	l = text_layout(r, text, lw, style);
	pango_layout_get_size(l, &sz->pw, &sz->ph);
	sz->broken = breaks_word(l);
	sz->bk = NULL;
	sz->nbk = 0;
	if (lw < 0)
		breaks_of(l, sz);
	if (tcache_put(r->tc, text, lw, style, sz, l) != 0) {
		free(sz->bk);
		sz->bk = NULL;
		/* Out of memory for the cache: keep it until the next. */
		if (r->spare != NULL)
			g_object_unref(r->spare);
		r->spare = l;
	}
	return l;
}

/* Lay out text in a box w wide at (x, y); draw it when cr is not NULL.
 * Returns the height it takes: the caller's rows grow by it. A word
 * broken between letters is counted in r->nbroken. */
double
text_box(struct cjm_render *r, cairo_t *cr, const char *text, double x,
    double y, double w, double size, int style, const double *color)
{
	struct tsize sz;
	PangoLayout *l;

	if (text == NULL || *text == '\0' || !(size > 0))
		return 0;
	/* A text that fits on one line keeps its one layout at every size
	 * and width: the fitting search shapes it once. */
	l = text_get(r, text, -1, size, (style & (T_BOLD | T_ITALIC)) |
	    T_NOWRAP, &sz);
	if (!(style & T_NOWRAP) && (sz.pw > layout_width(w, size, style) ||
	    strchr(text, '\n') != NULL)) {
		if (cr == NULL && r->estimate && sz.bk != NULL) {
			int broken = 0, n = estimate_lines(&sz,
			    layout_width(w, size, style), &broken);

			r->nbroken += broken;
			return (double)n * sz.ph / PANGO_SCALE * size / NOMINAL;
		}
		l = text_get(r, text, w, size, style, &sz);
	}
	else if (!(style & T_NOWRAP) && style & (T_CENTER | T_RIGHT))
		x += (w - (double)sz.pw / PANGO_SCALE * size / NOMINAL) /
		    (style & T_CENTER ? 2 : 1);
	r->nbroken += sz.broken;
	if (cr != NULL) {
		cairo_save(cr);
		cairo_translate(cr, x, y);
		cairo_scale(cr, size / NOMINAL, size / NOMINAL);
		cairo_move_to(cr, 0, 0);
		set_rgb(cr, color ? color : r->th->ink);
		pango_cairo_show_layout(cr, l);
		cairo_new_path(cr);	/* no current point for later arcs */
		cairo_restore(cr);
		glyph_check(r, l, text);
	}
	return (double)sz.ph / PANGO_SCALE * size / NOMINAL;
}

double
text_width(struct cjm_render *r, const char *text, double size, int style)
{
	struct tsize sz;

	if (text == NULL || !(size > 0))
		return 0;
	text_get(r, text, -1, size, style | T_NOWRAP, &sz);
	return (double)sz.pw / PANGO_SCALE * size / NOMINAL;
}

/* The width of the longest word of text (words break at spaces). */
double
longest_word(struct cjm_render *r, const char *l, double size, int style)
{
	char word[128];
	const char *sp;
	double w = 0;
	size_t n;

	for (; l != NULL && *l != '\0'; l = *sp ? sp + 1 : sp) {
		sp = strchr(l, ' ');
		if (sp == NULL)
			sp = l + strlen(l);
		n = (size_t)(sp - l) < sizeof(word) ? (size_t)(sp - l) :
		    sizeof(word) - 1;
		memcpy(word, l, n);
		word[n] = '\0';
		w = fmax(w, text_width(r, word, size, style));
	}
	return w;
}

/* The size, from size down to floor, at which text's longest word fits
 * w: a smaller heading rather than a word split in two. */
double
word_fit(struct cjm_render *r, const char *text, double size, double floor,
    int style, double w)
{
	while (size > floor && longest_word(r, text, size, style) > w)
		size *= 0.93;
	return size;
}

/* The size, from size down to floor, at which text fits w on one line:
 * widths scale exactly with the size (render.c lays out unhinted). */
double
label_size(struct cjm_render *r, const char *text, double size, double floor,
    int style, double w)
{
	double tw = text_width(r, text, size, style);

	return tw <= w || !(tw > 0) ? size : fmax(floor, size * w / tw);
}

/*
 * A label sized to its text (a channel badge, a count, a chip): the
 * text on one line, never wrapped, in a box 0.45 em of padding wider,
 * as wide as max_w when T_CENTER asks for a fixed width. Only text wider
 * than max_w at this size wraps (the caller shrinks it first with
 * label_size). One helper, so no label wraps by a rounding error when
 * its box equals its measured text. Returns the height; *bw the width.
 */
double
label(struct cjm_render *r, cairo_t *cr, const char *text, double x,
    double y, double max_w, double size, int style, const double *fill,
    const double *ink, double *bw)
{
	double px = 0.45 * size, py = 0.22 * size, w, h;
	double tw = text_width(r, text, size, style & (T_BOLD | T_ITALIC));
	int one = tw + 2 * px <= max_w;

	w = style & T_CENTER || !one ? max_w : tw + 2 * px;
	h = text_box(r, NULL, text, 0, 0, w - 2 * px, size, one ?
	    (style & (T_BOLD | T_ITALIC)) | T_NOWRAP : style, NULL) + 2 * py;
	if (cr != NULL) {
		if (fill != NULL)
			fill_box(cr, x, y, w, h, fmin(0.45 * size, h / 3), fill,
			    NULL);
		text_box(r, cr, text, one ? x + (w - tw) / 2 : x + px, y + py,
		    one ? -1 : w - 2 * px, size, one ? (style & (T_BOLD |
		    T_ITALIC)) | T_NOWRAP : style, ink);
	}
	if (bw != NULL)
		*bw = w;
	return h;
}

/* A number as the page's language writes it: a decimal comma in
 * Russian (as cjm-maturity --lang ru writes it). */
void
num_text(const struct cjm_render *r, char *buf, size_t n, const char *fmt,
    double v)
{
	char *p;

	cjm_snprintf(buf, n, fmt, v);
	if (strcmp(r->lang, "ru") == 0 && (p = strchr(buf, '.')) != NULL)
		*p = ',';
}

/* A quotation in the page's marks, unless it already has its own. */
void
quote_text(const struct cjm_render *r, char *buf, size_t n, const char *t)
{
	static const char *const open[] = { "«", "“", "„", "\"", "'", "‘" };
	static const char *const close[] = { "»", "”", "“", "\"", "'", "’" };
	size_t i, len = t ? strlen(t) : 0, k;

	for (i = 0; i < sizeof(open) / sizeof(open[0]); i++) {
		k = strlen(close[i]);
		if (len > strlen(open[i]) + k && strncmp(t, open[i],
		    strlen(open[i])) == 0 && strcmp(t + len - k, close[i]) == 0) {
			snprintf(buf, n, "%s", t);
			return;
		}
	}
	snprintf(buf, n, strcmp(r->lang, "ru") == 0 ? "«%s»" : "“%s”",
	    t ? t : "");
}

/* The title line of a page; returns the y below it. */
double
page_title(struct cjm_render *r, cairo_t *cr, const struct rpage *p,
    const char *suffix)
{
	const char *title = r->map ? jstr(r->map, "title") : NULL;
	double m = 2 * p->s, y = m;
	char buf[1024];

	if (title == NULL)
		title = jstr(r->maturity, "organization");
	if (title == NULL)
		title = "";
	snprintf(buf, sizeof(buf), "%s%s%s", title,
	    *title && suffix ? " — " : "", suffix ? suffix : "");
	/* A slightly smaller title rather than a second line. */
	y += text_box(r, cr, buf, m, y, p->w - 2 * m, label_size(r, buf,
	    1.8 * p->s, 1.3 * p->s, T_BOLD, p->w - 2 * m), T_BOLD, NULL);
	return y + p->s;
}

void
cjm_render_opts_default(cjm_render_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->page = CJM_PAGE_SLIDE;
	o->dpi = 96;
	o->theme = CJM_THEME_COLOR;
	o->min_font = 6;
}

static int
opts_check(const cjm_render_opts *o, cjm_diags *ds)
{
	cjm_pos pos = { 0, 0, 0 };

	if (!(o->dpi >= CJM_RENDER_DPI_MIN && o->dpi <= CJM_RENDER_DPI_MAX) &&
	    o->dpi != 0) {
		cjm_diags_add(ds, CJM_FATAL, "render-dpi", NULL, 0, "", pos,
		    NULL, "dpi %g is out of range %d..%d", o->dpi,
		    CJM_RENDER_DPI_MIN, CJM_RENDER_DPI_MAX);
		return -1;
	}
	if (!(o->min_font >= CJM_RENDER_FONT_MIN &&
	    o->min_font <= CJM_RENDER_FONT_MAX) && o->min_font != 0) {
		cjm_diags_add(ds, CJM_FATAL, "render-font-size", NULL, 0, "",
		    pos, NULL, "minimum font size %g is out of range %g..%g pt",
		    o->min_font, CJM_RENDER_FONT_MIN, CJM_RENDER_FONT_MAX);
		return -1;
	}
	if ((unsigned)o->page > CJM_PAGE_AUTO ||
	    (unsigned)o->theme > CJM_THEME_GREY) {
		cjm_diags_add(ds, CJM_FATAL, "render-option", NULL, 0, "", pos,
		    NULL, "unknown page or theme");
		return -1;
	}
	return 0;
}

/* The pango side, made once: layouts are reused for every text. */
static int
pango_setup(struct cjm_render *r)
{
	cairo_font_options_t *fo;
	int i;

	if ((r->fm = pango_cairo_font_map_new()) == NULL)
		return -1;
	r->pc = pango_font_map_create_context(r->fm);
	/* Units are points; no hinting, so a layout measures the same on
	 * every surface and at every dpi. */
	pango_cairo_context_set_resolution(r->pc, 72);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(r->pc, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(r->pc, FALSE);
	if ((r->tc = tcache_new()) == NULL)
		return -1;
	r->attrs = pango_attr_list_new();
	/* No hyphens where a long word breaks: words survive text search. */
	pango_attr_list_insert(r->attrs, pango_attr_insert_hyphens_new(FALSE));
	for (i = 0; i < 4; i++) {
		r->fds[i] = pango_font_description_from_string(r->font);
		pango_font_description_set_family(r->fds[i], r->font);
		pango_font_description_set_absolute_size(r->fds[i],
		    NOMINAL * PANGO_SCALE);
		pango_font_description_set_weight(r->fds[i], i & T_BOLD ?
		    PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
		pango_font_description_set_style(r->fds[i], i & T_ITALIC ?
		    PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	}
	return 0;
}

/* With no font at all pango measures nothing (its sizes are not even
 * set: valgrind), so every page would come out a different size. */
static gboolean
count_font(PangoFontset *fs, PangoFont *f, gpointer n)
{
	(void)fs;
	(void)f;
	++*(int *)n;
	return FALSE;	/* go on */
}

static int
fonts_present(struct cjm_render *r, cjm_diags *ds)
{
	/* pango lists its generic families (Sans, Serif) even then, so
	 * count the fonts it would draw the body text with. */
	PangoFontset *fs = pango_font_map_load_fontset(r->fm, r->pc,
	    r->fds[0], pango_language_get_default());
	int n = 0;

	if (fs != NULL) {
		pango_fontset_foreach(fs, count_font, &n);
		g_object_unref(fs);
	}
	if (n > 0)
		return 1;
	cjm_diags_add(ds, CJM_FATAL, "render-no-font", NULL, 0, "",
	    (cjm_pos){ 0, 0, 0 }, "fc-list shows what fontconfig finds; "
	    "check FONTCONFIG_FILE, or install fonts-dejavu-core",
	    "fontconfig finds no font at all: nothing can be drawn");
	return 0;
}

/* fontconfig quietly substitutes a family it lacks: say so. */
static void
font_check(struct cjm_render *r, cjm_diags *ds)
{
	PangoFont *f;
	PangoFontDescription *d;
	const char *fam;
	cjm_pos pos = { 0, 0, 0 };

	if (strchr(r->font, ',') != NULL ||
	    (f = pango_font_map_load_font(r->fm, r->pc, r->fds[0])) == NULL)
		return;
	d = pango_font_describe(f);
	fam = pango_font_description_get_family(d);
	if (fam != NULL && strcasecmp(fam, r->font) != 0)
		cjm_diags_add(ds, CJM_WARNING, "render-font", NULL, 0, "", pos,
		    "fc-list : family lists the installed families",
		    "font family '%s' is not installed; drawing with '%s'",
		    r->font, fam);
	pango_font_description_free(d);
	g_object_unref(f);
}

cjm_render *
cjm_render_new(const cjm_render_opts *opts, cjm_diags *ds)
{
	struct cjm_render *r;
	cjm_render_opts def;

	if (opts == NULL) {
		cjm_render_opts_default(&def);
		opts = &def;
	}
	if (opts_check(opts, ds) != 0)
		return NULL;
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->o = *opts;
	if (r->o.dpi == 0)
		r->o.dpi = 96;
	if (r->o.min_font == 0)
		r->o.min_font = 6;
	r->font = strdup(opts->font ? opts->font : "DejaVu Sans");
	r->lang_opt = opts->lang ? strdup(opts->lang) : NULL;
	r->date = strdup(opts->date ? opts->date : "2000-01-01T00:00:00Z");
	r->o.photo_dir = opts->photo_dir ? strdup(opts->photo_dir) : NULL;
	r->th = opts->theme == CJM_THEME_GREY ? &theme_grey : &theme_color;
	if (r->font == NULL || r->date == NULL ||
	    (opts->lang && r->lang_opt == NULL) ||
	    (opts->photo_dir && r->o.photo_dir == NULL) ||
	    pango_setup(r) != 0 || !fonts_present(r, ds)) {
		cjm_render_free(r);
		return NULL;
	}
	font_check(r, ds);
	return r;
}

void
cjm_render_free(cjm_render *r)
{
	int i;

	if (r == NULL)
		return;
	tcache_free(r->tc);
	if (r->pdf != NULL)
		cairo_surface_destroy(r->pdf);
	if (r->spare != NULL)
		g_object_unref(r->spare);
	if (r->pc != NULL)
		g_object_unref(r->pc);
	if (r->fm != NULL)
		g_object_unref(r->fm);
	if (r->attrs != NULL)
		pango_attr_list_unref(r->attrs);
	for (i = 0; i < 4; i++)
		if (r->fds[i] != NULL)
			pango_font_description_free(r->fds[i]);
	json_decref(r->doc);
	free(r->pages);
	free(r->font);
	free(r->lang_opt);
	free(r->date);
	free((char *)r->o.photo_dir);	/* the copy made in _new */
	free(r);
}

/* en or ru: --lang, else the map's, else the maturity result's. */
static void
pick_lang(struct cjm_render *r)
{
	const char *l = r->lang_opt;

	if (l == NULL && r->map != NULL)
		l = jstr(r->map, "lang");
	if (l == NULL && r->maturity != NULL)
		l = jstr(r->maturity, "lang");
	if (l != NULL && tolower((unsigned char)l[0]) == 'r' &&
	    tolower((unsigned char)l[1]) == 'u' && !isalpha((unsigned char)l[2]))
		strcpy(r->lang, "ru");
	else
		strcpy(r->lang, "en");
}

void
cjm_render_page_points(enum cjm_render_page p, double *w, double *h)
{
	static const double size[][2] = { { 960, 540 },
	    { 841.89, 595.28 }, { 1190.55, 841.89 }, { 792, 612 }, { 0, 0 } };

	*w = size[p <= CJM_PAGE_AUTO ? p : 0][0];
	*h = size[p <= CJM_PAGE_AUTO ? p : 0][1];
}

/* A new page of the document at the options' size; NULL when out of
 * memory. */
struct rpage *
page_new(struct cjm_render *r, enum page_kind kind)
{
	struct rpage *p;

	if (cjm_grow(&r->pages, &r->pcap, r->npages, sizeof(*p), 8) < 0)
		return NULL;
	p = &r->pages[r->npages++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	cjm_render_page_points(r->o.page, &p->w, &p->h);
	return p;
}

static int
add_page(struct cjm_render *r, enum page_kind kind)
{
	struct rpage *p;

	if (kind == PAGE_MAP)
		return map_layout(r);
	if ((p = page_new(r, kind)) == NULL)
		return CJM_ESYS;
	switch (kind) {
	case PAGE_FUNNEL:
		return page_fit(r, p, funnel_page, "funnel");
	case PAGE_GRAPH:
		return page_fit(r, p, graph_page, "touchpoint graph");
	default:
		return page_fit(r, p, maturity_page, "maturity");
	}
}

int
cjm_render_page_info(const cjm_render *r, size_t i, cjm_render_info *in)
{
	const struct rpage *p;

	memset(in, 0, sizeof(*in));
	if (i >= r->npages)
		return -1;
	p = &r->pages[i];
	in->body_pt = p->s;
	in->head_min_pt = p->head_min;
	in->head_max_pt = p->head_max;
	in->chip_min_pt = p->chip_min;
	in->chip_max_pt = p->chip_max;
	in->content_h = p->content_h;
	in->spare_h = p->spare;
	in->broken_words = p->broken;
	in->first_stage = p->first;
	in->stages = p->nst;
	return 0;
}

static int
load_kind(struct cjm_render *r, json_t *doc)
{
	cjm_pos pos = { 0, 0, 0 };

	if (json_is_object(doc) && json_object_get(doc, "cjm_maturity") &&
	    json_is_object(json_object_get(doc, "maturity"))) {
		r->maturity = json_object_get(doc, "maturity");
		return CJM_OK;
	}
	if (json_is_object(doc) &&
	    json_array_size(json_object_get(doc, "stages")) > 0) {
		r->map = doc;
		if (json_is_object(json_object_get(doc, "maturity")))
			r->maturity = json_object_get(doc, "maturity");
		return CJM_OK;
	}
	cjm_diags_add(r->ds, CJM_ERROR, "render-doc", r->file, r->index, "",
	    pos, "give a map (cjm: 1, stages) or cjm-maturity's output",
	    "not a journey map nor a maturity document");
	return CJM_EDATA;
}

int
cjm_render_load(cjm_render *r, json_t *doc, const char *file,
    unsigned index, cjm_diags *ds)
{
	int st;

	json_decref(r->doc);
	r->doc = json_incref(doc);
	r->map = r->maturity = NULL;
	r->file = file;
	r->index = index;
	r->npages = 0;
	/* Maps of a deck often share their texts; a deck of different maps
	 * should not keep every layout of every map. */
	if (tcache_count(r->tc) > 50000)
		tcache_clear(r->tc);
	r->ds = ds;
	r->nglyph_warn = 0;
	if ((st = load_kind(r, doc)) != CJM_OK)
		return st;
	pick_lang(r);
	if (r->map == NULL)
		return add_page(r, PAGE_MATURITY);
	if ((st = add_page(r, PAGE_MAP)) != CJM_OK)
		return st;
	if (funnel_has(r->map) && (st = add_page(r, PAGE_FUNNEL)) != CJM_OK)
		return st;
	if (r->maturity && (st = add_page(r, PAGE_MATURITY)) != CJM_OK)
		return st;
	if (graph_has(r->map) && (st = add_page(r, PAGE_GRAPH)) != CJM_OK)
		return st;
	return checklist_layout(r);
}

size_t
cjm_render_pages(const cjm_render *r)
{
	return r->npages;
}

void
cjm_render_page_size(const cjm_render *r, size_t i, double *w, double *h)
{
	*w = i < r->npages ? r->pages[i].w : 0;
	*h = i < r->npages ? r->pages[i].h : 0;
}

static int
cairo_fail(struct cjm_render *r, cairo_status_t st, const char *what)
{
	cjm_pos pos = { 0, 0, 0 };

	cjm_diags_add(r->ds, CJM_FATAL, "render-cairo", r->file, r->index, "",
	    pos, NULL, "%s: %s", what, cairo_status_to_string(st));
	return CJM_ESYS;
}

int
cjm_render_draw(cjm_render *r, size_t i, cairo_t *cr, cjm_diags *ds)
{
	const struct rpage *p;
	cairo_status_t st;

	r->ds = ds;
	if (i >= r->npages)
		return CJM_ESYS;
	p = &r->pages[i];
	cairo_save(cr);
	set_rgb(cr, r->th->bg);
	cairo_rectangle(cr, 0, 0, p->w, p->h);
	cairo_fill(cr);
	switch (p->kind) {
	case PAGE_MAP: map_draw(r, cr, p); break;
	case PAGE_FUNNEL: funnel_page(r, cr, p); break;
	case PAGE_MATURITY: maturity_page(r, cr, p); break;
	case PAGE_GRAPH: graph_page(r, cr, p); break;
	case PAGE_CHECKLIST: checklist_page(r, cr, p); break;
	}
	cairo_restore(cr);
	if ((st = cairo_status(cr)) != CAIRO_STATUS_SUCCESS)
		return cairo_fail(r, st, "drawing");
	return CJM_OK;
}
