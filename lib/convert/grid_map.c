/* grid_map.c: a spreadsheet grid (stages as columns, lanes as rows) to
 * a journey map: header rows to stages and phases, lane labels to keys,
 * cells to list items. */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert_impl.h"
#include "cjm_slug.h"
#include "hints.h"
#include "grow.h"
#include "num.h"

/* A face cell: its score on 1..5 waits until the scale is known (the
 * label's, or the one the row's numbers choose), then is put on it. */
struct face {
	json_t *st, *val;	/* the stage; the placeholder emotion set */
	size_t r, c;
	double score;
	char text[44];
};

struct imp {
	const cjm_grid *g;
	cjm_diags *ds;
	size_t head, sub;	/* header rows; sub SIZE_MAX: none */
	size_t width;		/* columns the header rows span */
	json_t *stages;		/* the stages, in column order */
	size_t *col_stage;	/* column -> stage index + 1 (0: none) */
	const char *title;	/* a title row's text, borrowed */
	double emin, emax, smin, smax;	/* emotions seen; scale from label */
	int nemo, scale_given, known, failed;
	struct face *faces;	/* face cells, put on the scale at the end */
	size_t nface, capface;
};

static cjm_pos
pos_of(const cjm_grid *g, size_t r, size_t c)
{
	cjm_pos p = { 0, 0, 0 };

	if (r < g->n && c < g->rows[r].n)
		p = g->rows[r].cells[c].pos;
	else if (r < g->n && g->rows[r].n > 0)
		p = g->rows[r].cells[0].pos;
	p.col = 0;
	return p;
}

static void
report(struct imp *m, enum cjm_level lv, const char *code, size_t r,
    size_t c, const char *hint, const char *fmt, const char *arg)
{
	char nm[24], msg[512];

	cjm_snprintf(msg, sizeof(msg), fmt, arg);
	cjm_diags_add(m->ds, lv, code, m->g->name, 0, NULL,
	    pos_of(m->g, r, c), hint, "cell %s: %s",
	    cjm_grid_cell_name(r, c, nm, sizeof(nm)), msg);
	if (lv >= CJM_ERROR)
		m->failed = 1;
}

/* The text of a data cell; an empty cell inside a merged range reads as
 * the range's top-left text (a value merged over several stages applies
 * to each). */
static const char *
data_cell(const cjm_grid *g, size_t r, size_t c)
{
	const char *t = cjm_grid_cell(g, r, c);
	size_t i;

	if (t[0] != '\0')
		return t;
	for (i = 0; i < g->nmerge; i++) {
		const struct grid_merge *mg = &g->merges[i];

		/* across stages only: a cell merged down over two lanes
		 * belongs to the first of them */
		if (r == mg->r0 && c >= mg->c0 && c <= mg->c1)
			return cjm_grid_cell(g, mg->r0, mg->c0);
	}
	return t;
}

/* Nothing but spaces, tabs, line ends and no-break spaces. */
static int
blank(const char *s)
{
	while (*s != '\0') {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		else if ((unsigned char)s[0] == 0xC2 &&
		    (unsigned char)s[1] == 0xA0)
			s += 2;
		else
			return 0;
	}
	return 1;
}

static int
row_empty(const cjm_grid *g, size_t r, size_t from)
{
	size_t c;

	for (c = from; c < cjm_grid_row_len(g, r); c++)
		if (!blank(cjm_grid_cell(g, r, c)))
			return 0;
	return 1;
}

/* An event log's header (cjm-funnel's default columns user_id, event or
 * event_type or event_name, timestamp: two of the three kinds) where a
 * grid's stage row goes, its label cell not a lane label. One error
 * pointing at cjm-funnel -e, worded as the map checker words a log
 * given as a map, rather than a lane warning for each user id in column
 * A. Returns 1 when it is one. */
static int
log_header(struct imp *m, size_t r)
{
	static const char *const names[] = { "user_id", CJM_EVENT_KEYS,
	    "timestamp" };
	static const int kind[] = { 1, 2, 2, 2, 4 };
	const cjm_grid *g = m->g;
	char seen[128] = "";
	size_t c, i, len;
	int kinds = 0;

	if (cjm_convert_label(cjm_grid_cell(g, r, 0)) != NULL)
		return 0;	/* labelled Stage: a grid whatever its stages */
	for (c = 0; c < cjm_grid_row_len(g, r); c++) {
		const char *t = cjm_grid_cell(g, r, c);

		for (; *t == ' '; t++)
			;
		for (len = strlen(t); len > 0 && t[len - 1] == ' '; len--)
			;
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (len == strlen(names[i]) &&
			    strncasecmp(t, names[i], len) == 0 &&
			    !(kinds & kind[i])) {
				kinds |= kind[i];
				cjm_snprintf(seen + strlen(seen), sizeof(seen) -
				    strlen(seen), "%s%.*s", seen[0] ? ", " : "",
				    (int)len, t);
			}
	}
	if ((kinds & (kinds - 1)) == 0)	/* fewer than two kinds */
		return 0;
	report(m, CJM_ERROR, "event-log", r, 0, CJM_LOG_HINT, "the header "
	    "row has an event log's columns (%s), not stage names", seen);
	return 1;
}

/* Which rows are the stage header: the first non-empty row (its label
 * "Этап"/"Stage" or none we know), and the next when its label cell is
 * empty (sub-stages). Returns -1 with a diagnostic when there is none. */
static int
find_header(struct imp *m)
{
	const cjm_grid *g = m->g;
	const char *key;
	size_t r;

	for (r = 0; r < g->n && row_empty(g, r, 0); r++)
		;
	if (r == g->n) {
		cjm_pos p = { 0, 0, 0 };

		cjm_diags_add(m->ds, CJM_ERROR, "grid-empty", g->name, 0, NULL,
		    p, "stages as columns, lanes as rows, labels in column A",
		    "the table is empty");
		return -1;
	}
	if (log_header(m, r))
		return -1;
	if (g->cols < 2) {
		report(m, CJM_ERROR, "grid-one-column", r, 0, "is the delimiter "
		    "right? give it with -d (',' ';' '|' or tab)", "the table has "
		    "one column only; stages are columns from B on%s", "");
		return -1;
	}
	key = cjm_convert_label(cjm_grid_cell(g, r, 0));
	/* A title above the table: text in column A alone, not a label. */
	while (key == NULL && r + 1 < g->n && row_empty(g, r, 1)) {
		m->title = cjm_grid_cell(g, r, 0);
		for (r++; r < g->n && row_empty(g, r, 0); r++)
			;
		if (r == g->n)
			break;
		key = cjm_convert_label(cjm_grid_cell(g, r, 0));
	}
	if (r == g->n) {
		report(m, CJM_ERROR, "grid-no-stages", r - 1, 1, "the first "
		    "row holds the stage names, from column B on",
		    "no stage names in the header row%s", "");
		return -1;
	}
	if (key != NULL && strcmp(key, "stage") != 0) {
		report(m, CJM_ERROR, "grid-no-stages", r, 0, "the first row "
		    "holds the stage names, labelled Этап or Stage",
		    "the first row is the lane '%s', not the stage names",
		    cjm_grid_cell(g, r, 0));
		return -1;
	}
	m->head = r;
	m->sub = SIZE_MAX;
	m->width = cjm_grid_row_len(g, r);
	key = r + 1 < g->n ? cjm_convert_label(cjm_grid_cell(g, r + 1, 0)) :
	    NULL;
	if (r + 1 < g->n && (blank(cjm_grid_cell(g, r + 1, 0)) || (key &&
	    strcmp(key, "substage") == 0)) && !row_empty(g, r + 1, 1)) {
		m->sub = r + 1;
		if (cjm_grid_row_len(g, r + 1) > m->width)
			m->width = cjm_grid_row_len(g, r + 1);
	}
	return 0;
}

/* Does column c hold any text below the header? */
static int
col_has_data(struct imp *m, size_t c)
{
	size_t r = (m->sub != SIZE_MAX ? m->sub : m->head) + 1;

	for (; r < m->g->n; r++)
		if (!blank(cjm_grid_cell(m->g, r, c)))
			return 1;
	return 0;
}

static int
add_stage(struct imp *m, size_t c, const char *text, const char *phase)
{
	json_t *st = json_object();
	char *name, *sub;

	cell_title(text, &name, &sub);
	if (name != NULL && name[0] == '\0') {
		/* only a bullet or tags: the text as it stands is the name */
		size_t n;

		free(name);
		text += strspn(text, " \t\r\n");
		n = strlen(text);
		while (n > 0 && strchr(" \t\r\n", text[n - 1]) != NULL)
			n--;
		name = strndup(text, n);
	}
	if (st == NULL || name == NULL) {
		free(name);
		free(sub);
		json_decref(st);
		return -1;
	}
	json_object_set_new(st, "name", json_string(name));
	if (sub != NULL)
		json_object_set_new(st, "subtitle", json_string(sub));
	if (phase != NULL) {
		char *p = cell_plain(phase, " ");

		if (p != NULL && p[0] != '\0')
			json_object_set_new(st, "phase", json_string(p));
		free(p);
	}
	free(name);
	free(sub);
	json_array_append_new(m->stages, st);
	m->col_stage[c] = json_array_size(m->stages);
	return 0;
}

/* Stages from the header row(s). A top cell spans the empty top cells
 * to its right (as merged cells export); when any column of a span has
 * a sub-stage name, the span is a phase over those sub-stages. */
static int
stages_from_header(struct imp *m)
{
	const cjm_grid *g = m->g;
	size_t c, e;

	for (c = 1; c < m->width; c = e) {
		const char *top = cjm_grid_cell(g, m->head, c);
		int has_sub = 0;
		size_t k;

		for (e = c + 1; e < m->width &&
		    blank(cjm_grid_cell(g, m->head, e)); e++)
			;
		if (blank(top))		/* columns before any top cell */
			e = c + 1;
		for (k = c; k < e && m->sub != SIZE_MAX; k++)
			has_sub |= !blank(cjm_grid_cell(g, m->sub, k));
		for (k = c; k < e; k++) {
			const char *sub = m->sub != SIZE_MAX ?
			    cjm_grid_cell(g, m->sub, k) : "";
			int r = 0;

			if (!blank(sub))
				r = add_stage(m, k, sub, blank(top) ? NULL : top);
			else if (k == c && !blank(top))
				r = add_stage(m, k, top, has_sub ? top : NULL);
			else if (col_has_data(m, k))
				report(m, CJM_ERROR, "grid-no-stage", m->head, k,
				    "write the stage's name in the header row, "
				    "or delete the column", "the column has text "
				    "but no stage name%s", "");
			if (r != 0)
				return -1;
		}
	}
	if (json_array_size(m->stages) == 0 && !m->failed)
		report(m, CJM_ERROR, "grid-no-stages", m->head, 1, "the first "
		    "row holds the stage names, from column B on",
		    "no stage names in the header row%s", "");
	return m->failed ? -1 : 0;
}


/* A number as a spreadsheet shows it: "4", "-1.5", "+2", "3,5". */
static int
cell_number(const char *s, double *v)
{
	char buf[64], *end;
	size_t n, i;

	s += strspn(s, " \t");
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	for (i = 0; i < n; i++)
		if (buf[i] == ',')
			buf[i] = '.';
	*v = cjm_strtod(buf, &end);
	return *end == '\0' && isfinite(*v);
}

/* "NPS: 42", "Conversion: 12 %": a name, a value and a unit; anything
 * else is a metric with only its name. */
static json_t *
metric_item(const char *s)
{
	const char *colon = strrchr(s, ':');
	json_t *m = json_object();
	char buf[64], *end, *p;
	double v;

	if (colon != NULL && colon > s + strspn(s, " \t")) {
		/* "12,5 %": a decimal comma, as Russian spreadsheets write */
		snprintf(buf, sizeof(buf), "%s", colon + 1);
		if ((p = strchr(buf, ',')) != NULL && p > buf &&
		    isdigit((unsigned char)p[-1]) && isdigit((unsigned char)p[1]))
			*p = '.';
		v = cjm_strtod(buf, &end);
		if (end != buf && isfinite(v)) {
			const char *u = end + strspn(end, " ");
			size_t ul = strlen(u);

			json_object_set_new(m, "name", json_stringn(s,
			    (size_t)(colon - s)));
			json_object_set_new(m, "value", conv_number(v));
			while (ul > 0 && u[ul - 1] == ' ')
				ul--;
			if (ul > 0)
				json_object_set_new(m, "unit", json_stringn(u, ul));
			return m;
		}
	}
	json_object_set_new(m, "name", json_string(s));
	return m;
}

/* The form of one list item in a lane. */
static json_t *
lane_item(const char *key, json_t *item)
{
	const char *s = json_string_value(item);

	if (strcmp(key, "touchpoints") == 0)
		return json_pack("{s:s}", "name", s);
	if (strcmp(key, "pain_points") == 0)
		return json_pack("{s:s}", "text", s);
	if (strcmp(key, "metrics") == 0)
		return metric_item(s);
	return json_incref(item);
}

static void
put_list(json_t *st, const char *key, json_t *items)
{
	json_t *arr = json_object_get(st, key);
	size_t i;

	if (arr == NULL) {
		arr = json_array();
		json_object_set_new(st, key, arr);
	}
	for (i = 0; i < json_array_size(items); i++)
		json_array_append_new(arr, lane_item(key,
		    json_array_get(items, i)));
}

static void
put_string(json_t *st, const char *key, const char *text)
{
	const char *old = json_string_value(json_object_get(st, key));
	char *s = cell_plain(text, "; "), *t;

	if (s == NULL || s[0] == '\0') {
		free(s);
		return;
	}
	if (old != NULL && (t = malloc(strlen(old) + strlen(s) + 3)) != NULL) {
		sprintf(t, "%s; %s", old, s);
		free(s);
		s = t;
	}
	json_object_set_new(st, key, json_string(s));
	free(s);
}

/* A face for a score, as emotion rows are often drawn: the 1..5 of the
 * default scale (5 delighted, 3 neutral, 1 angry or in tears). */
static int
cell_face(const char *s, double *v)
{
	static const struct { const char *face; int score; } faces[] = {
		{ "😍", 5 }, { "🤩", 5 }, { "😄", 5 }, { "😁", 5 }, { "😀", 5 },
		{ "😃", 5 }, { "😊", 4 }, { "🙂", 4 }, { ":)", 4 }, { "😐", 3 },
		{ "😶", 3 }, { "🤔", 3 }, { ":|", 3 }, { "🙁", 2 }, { "😕", 2 },
		{ "😟", 2 }, { ":(", 2 }, { "☹", 2 }, { "😞", 1 }, { "😠", 1 },
		{ "😡", 1 }, { "😢", 1 }, { "😭", 1 }, { "😫", 1 }, { "😩", 1 },
	};
	size_t i, n;

	s += strspn(s, " \t");
	for (i = 0; i < sizeof(faces) / sizeof(faces[0]); i++) {
		n = strlen(faces[i].face);
		if (strncmp(s, faces[i].face, n) != 0)
			continue;
		if (strncmp(s + n, "\xEF\xB8\x8F", 3) == 0)	/* U+FE0F */
			n += 3;
		if (s[n + strspn(s + n, " \t")] == '\0') {
			*v = faces[i].score;
			return 1;
		}
	}
	return 0;
}

static void
emotion_twice(struct imp *m, json_t *st, size_t r, size_t c)
{
	if (json_object_get(st, "emotion") != NULL)
		report(m, CJM_WARNING, "grid-emotion-twice", r, c, "keep one "
		    "emotion row", "a second emotion for the stage%s "
		    "replaces the first", "");
}

static void
put_face(struct imp *m, json_t *st, size_t r, size_t c, const char *t,
    double score)
{
	struct face *f;

	emotion_twice(m, st, r, c);
	if (cjm_grow(&m->faces, &m->capface, m->nface, sizeof(*m->faces),
	    8) != 0) {
		m->failed = 1;
		return;
	}
	f = &m->faces[m->nface++];
	f->st = st;
	f->val = conv_number(score);
	f->r = r;
	f->c = c;
	f->score = score;
	snprintf(f->text, sizeof(f->text), "%.40s", t);
	json_object_set(st, "emotion", f->val);
}

static void
put_emotion(struct imp *m, json_t *st, size_t r, size_t c, const char *t)
{
	double v;

	if (!cell_number(t, &v) && cell_face(t, &v)) {
		put_face(m, st, r, c, t, v);
		return;
	} else if (!cell_number(t, &v)) {
		json_t *items = cell_items(t);

		report(m, CJM_NOTE, "grid-emotion-text", r, c, NULL,
		    "the emotion is words, not a number: kept as %s",
		    "feelings");
		put_list(st, "feelings", items);
		json_decref(items);
		return;
	}
	if (m->scale_given && (v < m->smin || v > m->smax)) {
		char hint[96];

		cjm_snprintf(hint, sizeof(hint), "use a number from %g to %g, or "
		    "widen the scale in the label", m->smin, m->smax);
		report(m, CJM_ERROR, "grid-emotion-range", r, c, hint, "emotion "
		    "%s is outside the scale the label gives", t);
		return;
	}
	emotion_twice(m, st, r, c);
	json_object_set_new(st, "emotion", conv_number(v));
	if (m->nemo++ == 0 || v < m->emin)
		m->emin = v;
	if (m->nemo == 1 || v > m->emax)
		m->emax = v;
}

static void
put_cell(struct imp *m, const char *key, size_t r, size_t c)
{
	json_t *st = json_array_get(m->stages, m->col_stage[c] - 1);
	const char *t = data_cell(m->g, r, c);
	json_t *items;

	if (blank(t))
		return;
	if (strcmp(key, "id") == 0 && !cjm_slug_valid(t)) {
		char slug[64], hint[128];

		if (cjm_slug_make(t, slug, sizeof(slug)) > 0)
			snprintf(hint, sizeof(hint), "write it as '%s'", slug);
		else
			snprintf(hint, sizeof(hint), "an id is a slug: "
			    "[a-z0-9][a-z0-9_-]*");
		report(m, CJM_WARNING, "grid-bad-id", r, c, hint, "'%s' is not "
		    "an id; the stage's name makes one instead", t);
	} else if (strcmp(key, "emotion") == 0)
		put_emotion(m, st, r, c, t);
	else if (lane_is_string(key))
		put_string(st, key, t);
	else if ((items = cell_items(t)) != NULL) {
		put_list(st, key, items);
		json_decref(items);
	}
}

/* Every label variant, for "did you mean". */
static const char *
near_label(const char *norm)
{
	static const char *const words[] = { "стадия", "этап", "действия",
	    "мысли", "эмоции", "чувства", "потребности", "ожидания", "опыт",
	    "точки контакта", "болевые точки", "барьеры", "возможности",
	    "решения", "метрики", "ответственный", "на сцене", "за сценой",
	    "поддержка", "время", "цели", "задачи", "мотивация", "stage",
	    "actions", "thoughts", "emotion", "feelings", "needs",
	    "expectations", "experience", "touchpoints", "pain points",
	    "opportunities", "metrics", "owner", "front stage", "back stage",
	    "support", "time", "duration", "goals" };

	return cjm_suggest(norm, words, sizeof(words) / sizeof(words[0]));
}

/* The key a data row's label means: a lane, or an x- lane for a label we
 * do not know (kept, with a warning), or NULL for a row to skip. */
static const char *
row_key(struct imp *m, size_t r, char *buf, size_t size)
{
	const char *label = cjm_grid_cell(m->g, r, 0), *key, *near;
	char norm[256], slug[200], hint[300];

	if ((key = cjm_convert_label(label)) != NULL) {
		m->known++;
		if (strcmp(key, "stage") == 0 || strcmp(key, "substage") == 0) {
			report(m, CJM_WARNING, "grid-stage-row", r, 0,
			    "keep the stage rows at the top", "a stage row "
			    "'%s' below the lanes is left out", label);
			return NULL;
		}
		return key;
	}
	label_norm(label, norm, sizeof(norm));
	if (strncmp(norm, "x-", 2) == 0 && cjm_slug_make(norm + 2, slug,
	    sizeof(slug)) > 0) {
		m->known++;
		snprintf(buf, size, "x-%s", slug);
		return buf;
	}
	if (cjm_slug_make(norm, slug, sizeof(slug)) == 0)
		snprintf(slug, sizeof(slug), "row-%zu", r + 1);
	snprintf(buf, size, "x-%s", slug);
	near = near_label(norm);
	if (near != NULL)
		snprintf(hint, sizeof(hint), "did you mean '%s'?", near);
	else
		snprintf(hint, sizeof(hint), "cjm-convert(1) lists the labels "
		    "it knows; x-NAME keeps a lane of your own quietly");
	cjm_diags_add(m->ds, CJM_WARNING, "grid-unknown-lane", m->g->name, 0,
	    NULL, pos_of(m->g, r, 0), hint, "cell A%zu: unknown lane label "
	    "'%s', kept as '%s'", r + 1, label, buf);
	return buf;
}

/* "Эмоции [-2..2]": the emotion scale written in the label. */
static void
label_scale(struct imp *m, size_t r)
{
	const char *b = strchr(cjm_grid_cell(m->g, r, 0), '[');
	char *e;
	double lo, hi;

	if (b == NULL)
		return;
	lo = cjm_strtod(b + 1, &e);
	if (e > b + 1 && e[-1] == '.')	/* "-3..3": strtod took "-3." */
		e--;
	if (e == b + 1 || strncmp(e, "..", 2) != 0)
		return;
	hi = cjm_strtod(e + 2, &e);
	if (*e == ']' && lo < hi && isfinite(lo) && isfinite(hi)) {
		m->smin = lo;
		m->smax = hi;
		m->scale_given = 1;
	}
}

/* Cells right of the header's last column are a ragged row: named, since
 * their text would belong to no stage. */
static void
ragged(struct imp *m, size_t r)
{
	size_t c;

	for (c = m->width; c < cjm_grid_row_len(m->g, r); c++)
		if (!blank(cjm_grid_cell(m->g, r, c))) {
			char hint[96], a[24], b[24];

			cjm_grid_cell_name(m->head, m->width - 1, b, sizeof(b));
			b[strcspn(b, "0123456789")] = '\0';	/* the column */
			snprintf(hint, sizeof(hint), "name the stage in %s, or "
			    "move the text into columns B to %s",
			    cjm_grid_cell_name(m->head, c, a, sizeof(a)), b);
			report(m, CJM_ERROR, "grid-ragged", r, c, hint, "the row "
			    "is longer than the stage header row%s", "");
			return;
		}
}

static void
data_rows(struct imp *m)
{
	const char *key = NULL;
	char buf[256];
	size_t r, c;

	r = (m->sub != SIZE_MAX ? m->sub : m->head) + 1;
	for (; r < m->g->n; r++) {
		if (!blank(cjm_grid_cell(m->g, r, 0))) {
			key = row_key(m, r, buf, sizeof(buf));
			if (key != NULL && strcmp(key, "emotion") == 0)
				label_scale(m, r);
		} else if (row_empty(m->g, r, 1))
			continue;
		else if (key == NULL) {	/* a row under a merged label */
			report(m, CJM_ERROR, "grid-no-label", r, 0, "write the "
			    "lane's label in column A", "row has text but no "
			    "lane label%s", "");
			continue;
		}
		ragged(m, r);
		if (key == NULL)
			continue;
		for (c = 1; c < m->width; c++)
			if (m->col_stage[c] > 0)
				put_cell(m, key, r, c);
	}
}

void
stage_ids(const char *const *names, size_t n, char (*ids)[64])
{
	size_t i, j, k;

	for (i = 0; i < n; i++) {
		char base[48];

		if (cjm_slug_make(names[i], base, sizeof(base)) == 0)
			snprintf(base, sizeof(base), "stage-%zu", i + 1);
		snprintf(ids[i], 64, "%s", base);
		for (k = 2;; k++) {	/* unique: "-2", "-3" */
			for (j = 0; j < i && strcmp(ids[j], ids[i]) != 0; j++)
				;
			if (j == i)
				break;
			snprintf(ids[i], 64, "%s-%zu", base, k);
		}
	}
}

/* Stage ids: the "id" row's where given and valid, else slugs of the
 * names; then any id met twice gets "-2", "-3" (a given id may equal a
 * name's slug elsewhere). */
static void
set_ids(struct imp *m)
{
	size_t n = json_array_size(m->stages), i, k;
	const char **names = calloc(n ? n : 1, sizeof(*names));
	char (*ids)[64] = calloc(n ? n : 1, sizeof(*ids));
	json_t *seen = json_object();

	if (names == NULL || ids == NULL || seen == NULL)
		goto out;
	for (i = 0; i < n; i++)
		names[i] = json_string_value(json_object_get(
		    json_array_get(m->stages, i), "name"));
	stage_ids(names, n, ids);
	for (i = 0; i < n; i++) {
		json_t *st = json_array_get(m->stages, i);
		const char *given = json_string_value(json_object_get(st, "id"));
		char id[80];

		snprintf(id, sizeof(id), "%s", given != NULL &&
		    cjm_slug_valid(given) && strlen(given) < 64 ? given : ids[i]);
		for (k = 2; json_object_get(seen, id) != NULL; k++)
			snprintf(id, sizeof(id), "%s-%zu", given != NULL &&
			    cjm_slug_valid(given) && strlen(given) < 64 ? given :
			    ids[i], k);
		json_object_set_new(seen, id, json_true());
		json_object_set_new(st, "id", json_string(id));
	}
out:
	json_decref(seen);
	free(names);
	free(ids);
}

/* The emotion scale: from the label, else the default 1..5 when every
 * emotion fits it, else the usual scale that holds them all. */
static void
scale_bounds(const struct imp *m, double *lo, double *hi)
{
	static const double usual[][2] = { { 1, 5 }, { -2, 2 }, { -3, 3 },
	    { 0, 10 }, { 1, 10 }, { -5, 5 }, { 0, 100 } };
	size_t i;

	*lo = 1;
	*hi = 5;
	if (m->scale_given) {
		*lo = m->smin;
		*hi = m->smax;
		return;
	}
	if (m->nemo == 0)
		return;
	for (i = 0; i < sizeof(usual) / sizeof(usual[0]); i++)
		if (m->emin >= usual[i][0] && m->emax <= usual[i][1]) {
			*lo = usual[i][0];
			*hi = usual[i][1];
			return;
		}
	*lo = floor(m->emin);
	*hi = ceil(m->emax);
	if (!(*hi > *lo))	/* one value, or too large for +1 to show */
		*hi = *lo + 1 > *lo ? *lo + 1 : nextafter(*lo, INFINITY);
}

static json_t *
emotion_scale(const struct imp *m)
{
	double lo, hi;

	scale_bounds(m, &lo, &hi);
	if (!m->scale_given && lo == 1 && hi == 5)
		return NULL;
	return json_pack("[o,o]", conv_number(lo), conv_number(hi));
}

/* Faces scored 1..5 put on the map's scale: 1 its lowest, 3 its middle,
 * 5 its highest (a sad face stays sad on -2..2 or 0..10). */
static void
place_faces(struct imp *m)
{
	double lo, hi, v;
	size_t i;

	scale_bounds(m, &lo, &hi);
	for (i = 0; i < m->nface; i++) {
		struct face *f = &m->faces[i];
		char msg[128];

		v = lo + (f->score - 1) * (hi - lo) / 4;
		if (json_object_get(f->st, "emotion") == f->val)
			json_object_set_new(f->st, "emotion", conv_number(v));
		cjm_snprintf(msg, sizeof(msg), "%s read as the emotion %g on "
		    "%g..%g", f->text, v, lo, hi);
		report(m, CJM_NOTE, "grid-emotion-face", f->r, f->c, NULL,
		    "%s", msg);
		json_decref(f->val);
	}
	m->nface = 0;
}

/* Cyrillic in the labels or the stage names: a Russian map. */
static const char *
guess_lang(struct imp *m)
{
	size_t r, i;

	for (r = 0; r < m->g->n; r++)
		if (has_cyrillic(cjm_grid_cell(m->g, r, 0)))
			return "ru";
	for (i = 0; i < json_array_size(m->stages); i++)
		if (has_cyrillic(json_string_value(json_object_get(
		    json_array_get(m->stages, i), "name"))))
			return "ru";
	return "en";
}

static json_t *
build(struct imp *m, const char *title, const char *lang)
{
	json_t *map = json_object(), *scale, *canon;

	if (lang == NULL)
		lang = guess_lang(m);
	if (title == NULL)
		title = strcmp(lang, "ru") == 0 ? "Карта пути клиента" :
		    "Journey map";
	json_object_set_new(map, "cjm", json_integer(1));
	json_object_set_new(map, "title", json_string(title));
	json_object_set_new(map, "lang", json_string(lang));
	if ((scale = emotion_scale(m)) != NULL)
		json_object_set_new(map, "emotion_scale", scale);
	json_object_set(map, "stages", m->stages);
	canon = cjm_map_canonical(map);
	json_decref(map);
	return canon;
}

int
cjm_grid_to_map(const cjm_grid *g, const char *title, const char *lang,
    json_t **map, cjm_diags *ds)
{
	struct imp m;
	int r = CJM_EDATA;

	memset(&m, 0, sizeof(m));
	m.g = g;
	m.ds = ds;
	*map = NULL;
	if (find_header(&m) != 0)
		return CJM_EDATA;
	m.stages = json_array();
	m.col_stage = calloc(m.width + 1, sizeof(*m.col_stage));
	if (m.stages == NULL || m.col_stage == NULL) {
		r = CJM_ESYS;
		goto out;
	}
	if (stages_from_header(&m) != 0)
		goto out;
	data_rows(&m);
	if (m.scale_given && m.nemo > 0 && (m.emin < m.smin ||
	    m.emax > m.smax))	/* values met before the label's scale */
		report(&m, CJM_ERROR, "grid-emotion-range", m.head, 0, "one "
		    "scale for every emotion row", "emotions outside the scale "
		    "an emotion label gives%s", "");
	place_faces(&m);
	if (m.known == 0 && g->n > (m.sub != SIZE_MAX ? m.sub : m.head) + 1) {
		report(&m, CJM_ERROR, "grid-no-lanes", m.head + 1, 0,
		    label_known_list(), "no lane label in column A is one cjm "
		    "knows%s", "");
	}
	if (m.failed)
		goto out;
	set_ids(&m);
	if (m.title != NULL) {	/* the table's own title wins */
		char *t = cell_plain(m.title, " ");

		*map = t == NULL ? NULL : build(&m, t[0] ? t : title, lang);
		free(t);
	} else
		*map = build(&m, title, lang);
	if (*map == NULL)
		r = CJM_ESYS;
	else
		r = CJM_OK;
out:
	free(m.faces);	/* placed (and emptied) once data_rows ran */
	json_decref(m.stages);
	free(m.col_stage);
	return r;
}
