/* diff_xmap.c: the picture of a change as data: the new map with an
 * "x-diff" extension (man cjm(5)) that cjm-render draws. */
#include <string.h>

#include "diff_impl.h"

static int
is_lane(const char *lane)
{
	size_t i;

	for (i = 0; lane != NULL && i < cjm_lanes_count; i++)
		if (strcmp(cjm_lanes[i], lane) == 0)
			return 1;
	return 0;
}

/* added, removed or changed, as the change reads in a cell. */
static const char *
mark(enum cjm_change_kind k)
{
	switch (k) {
	case CJM_CH_ITEM_ADDED: case CJM_CH_TOUCHPOINT_ADDED:
	case CJM_CH_NEW_PAIN: case CJM_CH_METRIC_ADDED:
	case CJM_CH_EMOTION_ADDED: case CJM_CH_STAGE_ADDED:
		return "added";
	case CJM_CH_ITEM_REMOVED: case CJM_CH_TOUCHPOINT_REMOVED:
	case CJM_CH_PAIN_RESOLVED: case CJM_CH_METRIC_REMOVED:
	case CJM_CH_EMOTION_REMOVED:
		return "removed";
	case CJM_CH_STAGE_MOVED:
		return "moved";
	default:
		return "changed";
	}
}

/* Record change c's mark under its stage (and lane) in marks (an
 * object of {stage, lane, mark} in the order first seen); two different
 * marks make "changed". A cell keeps the texts of what left it, which
 * the picture cannot show in place. */
static int
put(json_t *marks, const cjm_change *c, const char *lane)
{
	const char *m = mark(c->kind), *was;
	char key[600];
	json_t *o, *gone;

	snprintf(key, sizeof(key), "%s\x1f%s", c->stage, lane ? lane : "");
	if ((o = json_object_get(marks, key)) == NULL) {
		o = lane ? json_pack("{ssssss}", "stage", c->stage, "lane", lane,
		    "mark", m) : json_pack("{ssss}", "stage", c->stage, "mark",
		    m);
		if (json_object_set_new(marks, key, o) != 0)
			return -1;
	} else if ((was = json_string_value(json_object_get(o, "mark"))) !=
	    NULL && strcmp(was, m) != 0 &&
	    json_object_set_new(o, "mark", json_string("changed")) != 0) {
		return -1;
	}
	if (lane == NULL || strcmp(m, "removed") != 0 || c->what == NULL)
		return 0;
	if ((gone = json_object_get(o, "removed")) == NULL &&
	    json_object_set_new(o, "removed", gone = json_array()) != 0)
		return -1;
	return json_array_append_new(gone, json_string(c->what));
}

/* The old map's emotion on each new stage (null where there is none). */
static json_t *
old_curve(const cjm_diff *d)
{
	json_t *v = json_array(), *e;
	size_t j;

	for (j = 0; v != NULL && j < d->nb; j++) {
		e = d->b2a[j] == NONE ? NULL : json_object_get(dstage(d, 0,
		    d->b2a[j]), "emotion");
		if (json_array_append_new(v, e ? json_incref(e) :
		    json_null()) != 0) {
			json_decref(v);
			return NULL;
		}
	}
	return v;
}

static json_t *
removed(const cjm_diff *d)
{
	json_t *v = json_array();
	const json_t *st;
	size_t i;

	for (i = 0; v != NULL && i < d->na; i++) {
		if (d->a2b[i] != NONE)
			continue;
		st = dstage(d, 0, i);
		json_array_append_new(v, json_pack("{ss* ss* sI}", "id",
		    json_string_value(json_object_get(st, "id")), "name",
		    json_string_value(json_object_get(st, "name")), "position",
		    (json_int_t)i + 1));
	}
	return v;
}

json_t *
cjm_diff_map(const cjm_diff *d)
{
	json_t *map, *cells = json_object(), *stages = json_object(), *x;
	json_t *cv = json_array(), *sv = json_array(), *v;
	const char *key;
	size_t i, w = 0, b = 0;
	int bad = cells == NULL || stages == NULL || cv == NULL || sv == NULL;

	for (i = 0; !bad && i < d->n; i++) {
		const cjm_change *c = &d->v[i];

		w += c->worse > 0;
		b += c->worse < 0;
		if (c->new_index == NONE || c->stage == NULL)
			continue;
		if (is_lane(c->lane) && c->kind != CJM_CH_STAGE_ADDED)
			bad |= put(cells, c, c->lane) != 0;
		else
			bad |= put(stages, c, NULL) != 0;
	}
	json_object_foreach(cells, key, v)
		bad |= json_array_append(cv, v);
	json_object_foreach(stages, key, v)
		bad |= json_array_append(sv, v);
	json_decref(cells);
	json_decref(stages);
	x = bad ? NULL : json_pack("{sssssIsIsI so* so so so*}", "old",
	    dlabel(d, 0), "new", dlabel(d, 1), "changes", (json_int_t)d->n,
	    "worse", (json_int_t)w, "better", (json_int_t)b, "emotion",
	    old_curve(d), "stages", sv, "cells", cv, "removed", removed(d));
	if (x == NULL) {
		if (bad) {
			json_decref(cv);
			json_decref(sv);
		}
		return NULL;
	}
	if ((map = json_deep_copy(d->b)) == NULL ||
	    json_object_set_new(map, "x-diff", x) != 0) {
		json_decref(map);
		return NULL;
	}
	return map;
}
