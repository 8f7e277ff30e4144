/* map_grid.c: a journey map to a spreadsheet grid: stages as columns
 * (phases as a header row above them), lanes as rows, a label each. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert_impl.h"
#include "num.h"

/* Rows in the order a practitioner reads a grid: the format's lane order
 * (cjm_lanes), time first and the owner last, as blueprints put them. */
static const char *const row_keys[] = { "duration", "goals", "actions",
	"touchpoints", "thoughts", "feelings", "emotion", "needs",
	"expectations", "experience", "pain_points", "opportunities",
	"metrics", "frontstage", "backstage", "support", "owner" };
#define NROWKEYS (sizeof(row_keys) / sizeof(row_keys[0]))

/* Stage keys the grid holds (the rest is reported as lost). */
static int
held(const char *key)
{
	size_t i;

	if (strcmp(key, "id") == 0 || strcmp(key, "name") == 0 ||
	    strcmp(key, "subtitle") == 0 || strcmp(key, "phase") == 0)
		return 1;
	for (i = 0; i < NROWKEYS; i++)
		if (strcmp(row_keys[i], key) == 0)
			return 1;
	return 0;
}

static int
is_russian(const char *lang)
{
	return lang != NULL && strncasecmp(lang, "ru", 2) == 0 &&
	    (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_');
}

static const char *
label(const char *key, const char *lang)
{
	int ru = is_russian(lang);

	if (strcmp(key, "stage") == 0)
		return ru ? "Этап" : "Stage";
	if (strcmp(key, "duration") == 0)
		return ru ? "Время" : "Time";
	if (strcmp(key, "owner") == 0)
		return ru ? "Ответственный" : "Owner";
	return cjm_lane_label(key, lang);
}

static int
set(cjm_grid *g, size_t r, size_t c, const char *s)
{
	cjm_pos p = { 0, 0, 0 };

	return cjm_grid_set(g, r, c, s, strlen(s), p);
}

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

/* The text of one list item of a lane. */
static void
item_text(sbuf *b, const char *key, const json_t *it, int *sev)
{
	if (json_is_string(it)) {
		sb_str(b, json_string_value(it));
	} else if (strcmp(key, "touchpoints") == 0) {
		sb_str(b, str(it, "name"));
	} else if (strcmp(key, "pain_points") == 0) {
		static const char *const lv[] = { "low", "medium", "high" };
		const char *s = str(it, "severity");
		int k;

		sb_str(b, str(it, "text"));
		for (k = 0; k < 3; k++)
			if (strcmp(s, lv[k]) == 0 && k + 1 > *sev)
				*sev = k + 1;
	} else if (strcmp(key, "metrics") == 0) {
		const json_t *v = json_object_get(it, "value");

		sb_str(b, str(it, "name"));
		if (json_is_number(v))
			sb_printf(b, ": %.15g", json_number_value(v));
		if (json_is_number(v) && json_is_string(json_object_get(it,
		    "unit")))
			sb_printf(b, " %s", str(it, "unit"));
	}
}

/* A lane's cell: one item as it is, several as bullet lines. An item
 * that itself starts like a bullet or holds a line break is bulleted
 * too, so that reading it back gives one item. */
static char *
lane_cell(const char *key, const json_t *v, int *sev)
{
	sbuf b = { 0 }, one = { 0 };
	size_t i, n;

	sb_str(&b, "");
	if (json_is_string(v))
		sb_str(&b, json_string_value(v));
	else if (json_is_number(v))
		sb_printf(&b, "%.15g", json_number_value(v));
	if (!json_is_array(v))
		return b.s;
	n = json_array_size(v);
	for (i = 0; i < n; i++) {
		sb_str(&one, "");
		item_text(&one, key, json_array_get(v, i), sev);
		if (one.s == NULL)
			continue;
		if (n > 1 || strchr(one.s, '\n') != NULL ||
		    strpbrk(one.s, "-*+•0123456789") == one.s)
			sb_str(&b, i ? "\n• " : "• ");
		sb_str(&b, one.s);
		free(one.s);
		memset(&one, 0, sizeof(one));
	}
	return b.s;
}

static char *
stage_title(const json_t *st)
{
	sbuf b = { 0 };

	sb_str(&b, str(st, "name"));
	if (json_object_get(st, "subtitle") != NULL)
		sb_printf(&b, "\n%s", str(st, "subtitle"));
	return b.s;
}

/* The header: stage names, or phases over sub-stage names. */
static size_t
header(cjm_grid *g, const json_t *stages, const char *lang)
{
	size_t i, n = json_array_size(stages), rows = 1;
	const char *prev = NULL;

	for (i = 0; i < n; i++)
		if (json_object_get(json_array_get(stages, i), "phase"))
			rows = 2;
	set(g, 0, 0, label("stage", lang));
	if (rows == 2)
		set(g, 1, 0, "");
	for (i = 0; i < n; i++) {
		const json_t *st = json_array_get(stages, i);
		const char *ph = json_string_value(json_object_get(st, "phase"));
		char *t = stage_title(st);

		if (t == NULL)
			continue;
		if (ph == NULL) {
			set(g, 0, i + 1, t);
			if (rows == 2)
				set(g, 1, i + 1, "");
		} else {
			set(g, 0, i + 1, prev != NULL && strcmp(prev, ph) == 0 ?
			    "" : ph);
			set(g, 1, i + 1, t);
		}
		prev = ph;
		free(t);
	}
	return rows;
}

/* An "id" row only when the ids are not the ones reading the grid back
 * would make from the names. */
static void
id_row(cjm_grid *g, size_t *row, const json_t *stages)
{
	size_t n = json_array_size(stages), i;
	const char **names = calloc(n + 1, sizeof(*names));
	char (*ids)[64] = calloc(n + 1, sizeof(*ids));
	int same = 1;

	if (names != NULL && ids != NULL) {
		for (i = 0; i < n; i++)
			names[i] = str(json_array_get(stages, i), "name");
		stage_ids(names, n, ids);
		for (i = 0; i < n; i++)
			same &= strcmp(ids[i], str(json_array_get(stages, i),
			    "id")) == 0;
	}
	if (!same) {
		set(g, *row, 0, "id");
		for (i = 0; i < n; i++)
			set(g, *row, i + 1, str(json_array_get(stages, i), "id"));
		(*row)++;
	}
	free(names);
	free(ids);
}

static void
lane_row(cjm_grid *g, size_t *row, const json_t *map, const char *key,
    const char *lab)
{
	const json_t *stages = json_object_get(map, "stages");
	size_t i, n = json_array_size(stages);
	double lo, hi;
	int any = 0;

	for (i = 0; i < n; i++)
		any |= json_object_get(json_array_get(stages, i), key) != NULL;
	if (!any)
		return;
	cjm_map_emotion_scale(map, &lo, &hi);
	if (strcmp(key, "emotion") == 0 && (lo != 1 || hi != 5)) {
		char buf[128];

		cjm_snprintf(buf, sizeof(buf), "%s [%g..%g]", lab, lo, hi);
		set(g, *row, 0, buf);
	} else
		set(g, *row, 0, lab);
	for (i = 0; i < n; i++) {
		const json_t *v = json_object_get(json_array_get(stages, i), key);
		int sev = 0;
		char *t = lane_cell(key, v, &sev);

		if (t == NULL)
			continue;
		set(g, *row, i + 1, t);
		if (sev > 0)
			g->rows[*row].cells[i + 1].sev = sev;
		free(t);
	}
	(*row)++;
}

/* x- lanes of the stages (strings or lists of strings), in the order
 * they are first met. */
static json_t *
x_lanes(const json_t *stages)
{
	json_t *keys = json_object(), *st, *v;
	const char *k;
	size_t i;

	json_array_foreach(stages, i, st)
		json_object_foreach((json_t *)st, k, v)
			if (strncmp(k, "x-", 2) == 0 && (json_is_string(v) ||
			    json_is_array(v)))
				json_object_set(keys, k, json_true());
	return keys;
}

/* An x- lane the grid holds whole: text, or a list of texts (a nested
 * list, a mapping or a number would come out empty or not at all). */
static int
x_held(const json_t *v)
{
	size_t i;
	json_t *it;

	if (json_is_string(v))
		return 1;
	if (!json_is_array(v))
		return 0;
	json_array_foreach(v, i, it)
		if (!json_is_string(it))
			return 0;
	return 1;
}

/* One note naming what the grid leaves out of this map. */
static void
lost(const json_t *map, cjm_diags *ds)
{
	const char *k;
	json_t *v, *st, *seen = json_object();
	size_t i;
	sbuf b = { 0 };
	cjm_pos p = { 0, 0, 0 };

	json_object_foreach((json_t *)map, k, v)
		if (strcmp(k, "cjm") && strcmp(k, "title") && strcmp(k, "lang") &&
		    strcmp(k, "emotion_scale") && strcmp(k, "stages"))
			json_object_set(seen, k, json_true());
	json_array_foreach(json_object_get(map, "stages"), i, st) {
		json_object_foreach(st, k, v)
			if (strncmp(k, "x-", 2) != 0 ? !held(k) : !x_held(v))
				json_object_set(seen, k, json_true());
		if (json_is_object(json_object_get(st, "emotion")))
			json_object_set(seen, "emotion per persona", json_true());
	}
	json_object_foreach(seen, k, v)
		sb_printf(&b, "%s%s", b.len ? ", " : "", k);
	if (b.len > 0)
		cjm_diags_add(ds, CJM_NOTE, "grid-lost", NULL, 0, NULL, p, NULL,
		    "a grid cannot hold: %s (and touchpoint ids and channels, "
		    "metric targets)", b.s);
	free(b.s);
	json_decref(seen);
}

int
cjm_grid_from_map(cjm_grid *g, const json_t *map, const char *lang,
    cjm_diags *ds)
{
	const json_t *stages = json_object_get(map, "stages");
	json_t *xs;
	const char *k;
	json_t *v;
	size_t row, i;

	if (lang == NULL)
		lang = json_string_value(json_object_get(map, "lang"));
	row = g->head = header(g, stages, lang);
	id_row(g, &row, stages);
	for (i = 0; i < NROWKEYS; i++)
		lane_row(g, &row, map, row_keys[i], label(row_keys[i], lang));
	if ((xs = x_lanes(stages)) != NULL) {
		json_object_foreach(xs, k, v)
			lane_row(g, &row, map, k, k);
		json_decref(xs);
	}
	lost(map, ds);
	return CJM_OK;
}
