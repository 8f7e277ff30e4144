/* map.c: the map format's fixed tables (types, channels, lanes, maturity
 * fits) and the small map facts every tool shares. */
#include <stdio.h>
#include <string.h>

#include "cjm.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *const cjm_map_types[] = {
	"conversion", "management", "assessment", "design", "customer-view",
	"checklist", "training"
};
const size_t cjm_map_types_count = NELEM(cjm_map_types);

const char *const cjm_channels[] = {
	"web", "mobile", "phone", "email", "sms", "chat", "messenger",
	"social", "store", "office", "mail", "ads", "word-of-mouth", "other"
};
const size_t cjm_channels_count = NELEM(cjm_channels);

const char *const cjm_maturity_stages[5] = {
	"investigate", "initiate", "mobilize", "scale", "embed"
};

/* maturity.md's table: stages 1-2 share a cell, and so do 4-5. */
static const char *const fits_early[] = {
	"conversion", "management", "assessment", "design", NULL
};
static const char *const fits_mobilize[] = { "customer-view", NULL };
static const char *const fits_late[] = { "checklist", "training", NULL };

const char *const *
cjm_maturity_fits(int level, size_t *n)
{
	const char *const *v;
	size_t k = 0;

	switch (level) {
	case 1: case 2: v = fits_early; break;
	case 3: v = fits_mobilize; break;
	case 4: case 5: v = fits_late; break;
	default:
		if (n != NULL)
			*n = 0;
		return NULL;
	}
	while (v[k] != NULL)
		k++;
	if (n != NULL)
		*n = k;
	return v;
}

int
cjm_maturity_fit_check(const char *type, int level, char *msg,
    size_t msgcap, char *hint, size_t hintcap)
{
	const char *const *fits = cjm_maturity_fits(level, NULL);
	size_t i, len;

	if (fits == NULL || type == NULL)
		return 1;
	for (i = 0; fits[i] != NULL; i++)
		if (strcmp(fits[i], type) == 0)
			return 1;
	snprintf(msg, msgcap, "map type '%s' does not fit CX maturity level "
	    "%d (%s)", type, level, cjm_maturity_stages[level - 1]);
	for (i = 0, len = 0; fits[i] != NULL && len < hintcap; i++)
		len += (size_t)snprintf(hint + len, hintcap - len, "%s%s",
		    i ? ", " : "maps that fit: ", fits[i]);
	return 0;
}

/* Lane keys with their labels; the order is the format's and the
 * renderer's, top to bottom. */
static const struct lane {
	const char *key, *en, *ru;
} lanes[] = {
	{ "goals", "Goals", "Задачи клиента" },
	{ "actions", "Actions", "Действия" },
	{ "touchpoints", "Touchpoints", "Точки контакта" },
	{ "thoughts", "Thoughts", "Мысли" },
	{ "feelings", "Feelings", "Что мы испытываем" },
	{ "emotion", "Emotion", "Эмоции" },
	{ "needs", "Needs", "Что для нас важно" },
	{ "expectations", "Expectations", "Ожидания" },
	{ "experience", "Experience", "Опыт" },
	{ "pain_points", "Pain points", "Болевые точки" },
	{ "opportunities", "Opportunities", "Возможности" },
	{ "metrics", "Metrics", "Метрики" },
	{ "frontstage", "Front stage", "На сцене" },
	{ "backstage", "Back stage", "За сценой" },
	{ "support", "Support", "Поддержка" },
};

const char *const cjm_lanes[] = {
	"goals", "actions", "touchpoints", "thoughts", "feelings", "emotion",
	"needs", "expectations", "experience", "pain_points", "opportunities",
	"metrics", "frontstage", "backstage", "support"
};
const size_t cjm_lanes_count = NELEM(cjm_lanes);

/* "ru", "RU", "ru-RU", "ru_RU" all pick Russian; anything else English. */
static int
is_russian(const char *lang)
{
	return lang != NULL && (lang[0] == 'r' || lang[0] == 'R') &&
	    (lang[1] == 'u' || lang[1] == 'U') &&
	    (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_');
}

const char *
cjm_lane_label(const char *lane, const char *lang)
{
	size_t i;

	if (lane == NULL)
		return NULL;
	for (i = 0; i < NELEM(lanes); i++)
		if (strcmp(lanes[i].key, lane) == 0)
			return is_russian(lang) ? lanes[i].ru : lanes[i].en;
	return NULL;
}

void
cjm_map_emotion_scale(const json_t *map, double *min, double *max)
{
	const json_t *s = json_object_get(map, "emotion_scale");

	*min = 1;
	*max = 5;
	if (json_is_array(s) && json_array_size(s) == 2 &&
	    json_is_number(json_array_get(s, 0)) &&
	    json_is_number(json_array_get(s, 1)) &&
	    json_number_value(json_array_get(s, 0)) <
	    json_number_value(json_array_get(s, 1))) {
		*min = json_number_value(json_array_get(s, 0));
		*max = json_number_value(json_array_get(s, 1));
	}
}

/* Fills at most max names and returns how many it filled; a stage with
 * no usable events falls back to its id (none when the id is missing). */
size_t
cjm_stage_events(const json_t *stage, const char **names, size_t max)
{
	const json_t *ev = json_object_get(stage, "events"), *v;
	size_t i, k = 0;

	if (json_is_string(ev) && max > 0) {
		names[0] = json_string_value(ev);
		return 1;
	}
	json_array_foreach(ev, i, v)
		if (json_is_string(v) && k < max)
			names[k++] = json_string_value(v);
	if (k == 0 && max > 0 &&
	    json_is_string(json_object_get(stage, "id"))) {
		names[0] = json_string_value(json_object_get(stage, "id"));
		k = 1;
	}
	return k;
}
