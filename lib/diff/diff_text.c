/* diff_text.c: a change in words (English and Russian), and the reports:
 * text grouped by stage, JSON, GitHub annotations, SARIF. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "jtext.h"
#include "diff_impl.h"
#include "num.h"
#include "grow.h"

struct buf {
	char *s;
	size_t n, cap;
	int oom;
};

static void bput(struct buf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
bput(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	va_start(ap, fmt);
	n = cjm_vsnprintf(b->s ? b->s + b->n : NULL, b->s ? b->cap - b->n : 0,
	    fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = 1;
		return;
	}
	if (b->s == NULL || b->n + (size_t)n >= b->cap) {
		if (cjm_grow(&b->s, &b->cap, b->n + (size_t)n, 1, 256) != 0) {
			b->oom = 1;
			return;
		}
		va_start(ap, fmt);
		cjm_vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
	}
	b->n += (size_t)n;
}

static int
is_ru(const char *lang)
{
	return lang != NULL && strncmp(lang, "ru", 2) == 0 &&
	    (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_');
}

/* A number the language's way: 1.5 or 1,5; sign when asked. */
static void
num(struct buf *b, double v, int ru, int sign)
{
	char s[64], *p;

	cjm_snprintf(s, sizeof(s), sign ? "%+.6g" : "%.6g", v);
	if (ru && (p = strchr(s, '.')) != NULL)
		*p = ',';
	bput(b, "%s", s);
}

/* A quoted text, cut after 60 characters (code points). */
static void
quoted(struct buf *b, const char *s, int ru)
{
	size_t i, cps = 0;

	for (i = 0; s[i] != '\0' && cps < 60; i++)
		cps += ((unsigned char)s[i] & 0xc0) != 0x80;
	while (s[i] != '\0' && ((unsigned char)s[i] & 0xc0) == 0x80)
		i++;
	bput(b, ru ? "«%.*s%s»" : "'%.*s%s'", (int)i, s, s[i] ? "…" : "");
}

static const char *const sev_ru[] = { "низкая", "средняя", "высокая" };

/* A value in a message. */
static void
val(struct buf *b, const json_t *v, int ru)
{
	char *s;

	if (v == NULL || json_is_null(v))
		bput(b, ru ? "нет" : "none");
	else if (json_is_number(v))
		num(b, json_number_value(v), ru, 0);
	else if (json_is_string(v))
		quoted(b, json_string_value(v), ru);
	else if (json_is_boolean(v))
		bput(b, "%s", json_is_true(v) ? "true" : "false");
	else if ((s = cjm_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER))) {
		bput(b, "%.60s%s", s, strlen(s) > 60 ? "…" : "");
		free(s);
	}
}

/* A metric's value with its unit: "52%", "190 s". */
static void
val_unit(struct buf *b, const json_t *v, const char *unit, int ru)
{
	val(b, v, ru);
	if (unit != NULL && *unit != '\0' && json_is_number(v))
		bput(b, "%s%s", strcmp(unit, "%") == 0 ? "" : " ", unit);
}

static void
severity(struct buf *b, const json_t *v, int ru)
{
	const char *s = json_string_value(v);
	int k = s == NULL ? -1 : strcmp(s, "high") == 0 ? 2 :
	    strcmp(s, "medium") == 0 ? 1 : 0;

	if (k < 0)
		bput(b, ru ? "не указана" : "unset");
	else
		bput(b, "%s", ru ? sev_ru[k] : s);
}

/* Words of the lists that are not lanes, and the funnel's figures. */
static const struct {
	const char *key, *en, *ru;
} words[] = {
	{ "events", "events", "события" },
	{ "conflicts", "conflicts with needs", "противоречия потребностям" },
	{ "strengthen", "how to strengthen it", "как усилить" },
	{ "decisions", "stages it touches", "затронутые этапы" },
	{ "count", "customers", "число клиентов" },
	{ "entered", "customers who entered", "вошли в воронку" },
	{ "converted", "customers converted", "дошли до конца" },
	{ "pct_previous", "conversion from the previous stage",
	  "конверсия из предыдущего этапа" },
	{ "pct_start", "share of those who started", "доля от начала" },
	{ "pct", "conversion", "конверсия" },
	{ "owner", "owner", "ответственный" },
};

static const char *
word(const char *key, int ru)
{
	size_t i;
	const char *l = cjm_lane_label(key, ru ? "ru" : "en");

	if (l != NULL)
		return l;
	for (i = 0; key != NULL && i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i].key, key) == 0)
			return ru ? words[i].ru : words[i].en;
	return key ? key : "";
}

static void
at_stage(struct buf *b, const cjm_change *c, int ru, int with)
{
	if (with && c->stage != NULL) {
		bput(b, ru ? " на этапе " : " in ");
		quoted(b, c->stage, ru);
	}
}

/* "was X, now Y" with the direction. */
static void
from_to(struct buf *b, const cjm_change *c, int ru, const char *up_en,
    const char *down_en, const char *up_ru, const char *down_ru)
{
	bput(b, " %s %s ", c->delta < 0 ? (ru ? down_ru : down_en) :
	    (ru ? up_ru : up_en), ru ? "с" : "from");
	val_unit(b, c->old, c->unit, ru);
	bput(b, ru ? " до " : " to ");
	val_unit(b, c->new, c->unit, ru);
}

/* What a list item is, for a change inside it. */
static const char *
noun(const char *lane, int ru)
{
	static const struct {
		const char *key, *en, *ru;
	} n[] = {
		{ "touchpoints", "touchpoint", "точка контакта" },
		{ "pain_points", "pain point", "болевая точка" },
		{ "metrics", "metric", "метрика" },
		{ "transitions", "transition", "переход" },
		{ "personas", "persona", "персона" },
		{ "decisions", "decision", "решение" },
		{ "conflicts", "decision", "решение" },
		{ "strengthen", "decision", "решение" },
	};
	size_t i;

	for (i = 0; lane != NULL && i < sizeof(n) / sizeof(n[0]); i++)
		if (strcmp(n[i].key, lane) == 0)
			return ru ? n[i].ru : n[i].en;
	return NULL;
}

static void
field(struct buf *b, const cjm_change *c, int ru, int with)
{
	const char *what = noun(c->lane, ru);

	if (c->lane != NULL && strcmp(c->lane, "persona") == 0)
		bput(b, ru ? "персона, " : "persona ");
	if (c->item != NULL) {
		bput(b, "%s%s", what ? what : "", what ? " " : "");
		if (c->lane != NULL && strcmp(c->lane, "transitions") == 0)
			bput(b, "%s", c->item);
		else
			quoted(b, c->item, ru);
		bput(b, ", ");
	}
	bput(b, "%s", c->kind == CJM_CH_OWNER ? word("owner", ru) : c->what ?
	    c->what : "");
	at_stage(b, c, ru, with);
	if (c->old == NULL) {
		bput(b, ru ? " добавлено: " : " added: ");
		val(b, c->new, ru);
	} else if (c->new == NULL) {
		bput(b, ru ? " удалено (было " : " removed (was ");
		val(b, c->old, ru);
		bput(b, ")");
	} else {
		bput(b, ": ");
		val(b, c->old, ru);
		bput(b, " → ");
		val(b, c->new, ru);
	}
}

static void
item(struct buf *b, const cjm_change *c, int ru, int with)
{
	if (c->item != NULL) {
		bput(b, ru ? "решение " : "decision ");
		quoted(b, c->item, ru);
		bput(b, ", ");
	}
	bput(b, "%s", word(c->lane, ru));
	at_stage(b, c, ru, with);
	if (c->kind == CJM_CH_ITEMS_REORDERED) {
		bput(b, ru ? ": те же пункты в новом порядке" :
		    ": the same items in a new order");
		return;
	}
	bput(b, c->kind == CJM_CH_ITEM_ADDED ? (ru ? ": добавлено " :
	    ": added ") : (ru ? ": удалено " : ": removed "));
	quoted(b, c->what ? c->what : "", ru);
}

static void
emotion(struct buf *b, const cjm_change *c, int ru, int with)
{
	bput(b, ru ? "эмоция" : "emotion");
	if (c->persona != NULL) {
		bput(b, ru ? " персоны " : " of ");
		quoted(b, c->persona, ru);
	}
	at_stage(b, c, ru, with);
	if (c->kind == CJM_CH_EMOTION_ADDED) {
		bput(b, ru ? " задана: " : " set to ");
		val(b, c->new, ru);
	} else if (c->kind == CJM_CH_EMOTION_REMOVED) {
		bput(b, ru ? " убрана (было " : " removed (was ");
		val(b, c->old, ru);
		bput(b, ")");
	} else {
		from_to(b, c, ru, "rose", "fell", "выросла", "упала");
	}
}

static void
pain(struct buf *b, const cjm_change *c, int ru, int with)
{
	const json_t *sev = json_object_get(c->new ? c->new : c->old,
	    "severity");

	switch (c->kind) {
	case CJM_CH_NEW_PAIN:
		bput(b, ru ? "новая болевая точка " : "new pain point ");
		quoted(b, c->what ? c->what : "", ru);
		if (sev != NULL) {
			bput(b, " (");
			severity(b, sev, ru);
			bput(b, ")");
		}
		at_stage(b, c, ru, with);
		break;
	case CJM_CH_PAIN_RESOLVED:
		bput(b, ru ? "болевая точка " : "pain point ");
		quoted(b, c->what ? c->what : "", ru);
		at_stage(b, c, ru, with);
		bput(b, ru ? " устранена" : " resolved");
		break;
	default:
		bput(b, ru ? "серьёзность болевой точки " :
		    "severity of pain point ");
		quoted(b, c->what ? c->what : "", ru);
		at_stage(b, c, ru, with);
		bput(b, " %s ", c->delta > 0 ? (ru ? "выросла:" : "rose from") :
		    (ru ? "снизилась:" : "fell from"));
		severity(b, c->old, ru);
		bput(b, ru ? " → " : " to ");
		severity(b, c->new, ru);
	}
}

static void
metric(struct buf *b, const cjm_change *c, int ru, int with)
{
	const json_t *m = c->new ? c->new : c->old;

	bput(b, ru ? "метрика " : "metric ");
	quoted(b, c->what ? c->what : "", ru);
	at_stage(b, c, ru, with);
	switch (c->kind) {
	case CJM_CH_METRIC_ADDED:
	case CJM_CH_METRIC_REMOVED:
		bput(b, c->kind == CJM_CH_METRIC_ADDED ? (ru ? " добавлена" :
		    " added") : (ru ? " удалена" : " removed"));
		if (json_is_number(json_object_get(m, "value"))) {
			bput(b, " (");
			val(b, json_object_get(m, "value"), ru);
			bput(b, ")");
		}
		break;
	case CJM_CH_METRIC_VALUE:
		from_to(b, c, ru, "rose", "fell", "выросла", "снизилась");
		bput(b, " (");
		num(b, c->delta, ru, 1);
		/* A change of a percentage is in percentage points. */
		if (c->unit != NULL && strcmp(c->unit, "%") == 0)
			bput(b, ru ? " п. п." : " pp");
		else if (c->unit != NULL && *c->unit != '\0')
			bput(b, " %s", c->unit);
		bput(b, ", %s)", c->worse > 0 ? (ru ? "хуже" : "for the worse") :
		    (ru ? "лучше" : "for the better"));
		break;
	default:
		bput(b, "%s", c->kind == CJM_CH_TARGET_MISSED ?
		    (ru ? " теперь не достигает цели " :
		    " now misses its target ") : (ru ?
		    " теперь достигает цели " : " now meets its target "));
		val_unit(b, c->old, c->unit, ru);
		bput(b, ru ? " (значение " : " (value ");
		val_unit(b, c->new, c->unit, ru);
		bput(b, ")");
	}
}

static void
funnel(struct buf *b, const cjm_change *c, int ru, int with)
{
	int rate = c->kind == CJM_CH_FUNNEL_RATE;
	cjm_change r = *c;

	r.unit = rate ? "%" : NULL;
	bput(b, "%s", word(c->what, ru));
	if (!rate && c->what && strcmp(c->what, "count") == 0)
		bput(b, ru ? " (воронка)" : " (funnel)");
	at_stage(b, c, ru, with);
	if (c->old == NULL || c->new == NULL || ru) {
		bput(b, ": ");
		val_unit(b, c->old, r.unit, ru);
		bput(b, " → ");
		val_unit(b, c->new, r.unit, ru);
		if (c->old == NULL || c->new == NULL)
			return;
	} else {
		from_to(b, &r, ru, "rose", "fell", "", "");
	}
	bput(b, " (");
	num(b, c->delta, ru, 1);
	bput(b, "%s)", rate ? (ru ? " п. п." : " pp") : "");
}

static void
touchpoint(struct buf *b, const cjm_change *c, int ru, int with)
{
	static const char *const en[] = { "added", "removed",
		"became a dead end", "is no longer a dead end",
		"can no longer be reached", "can be reached again" };
	static const char *const rus[] = { "добавлена", "удалена",
		"стала тупиком", "больше не тупик", "стала недостижимой",
		"снова достижима" };
	size_t k;

	switch (c->kind) {
	case CJM_CH_TOUCHPOINT_ADDED: k = 0; break;
	case CJM_CH_TOUCHPOINT_REMOVED: k = 1; break;
	case CJM_CH_DEAD_END_NEW: k = 2; break;
	case CJM_CH_DEAD_END_FIXED: k = 3; break;
	case CJM_CH_UNREACHABLE_NEW: k = 4; break;
	default: k = 5;
	}
	bput(b, ru ? "точка контакта " : "touchpoint ");
	quoted(b, c->what ? c->what : "", ru);
	at_stage(b, c, ru, with);
	bput(b, " %s", ru ? rus[k] : en[k]);
}

static void
graph(struct buf *b, const cjm_change *c, int ru)
{
	bput(b, ru ? "переход %s" : "transition %s", c->kind ==
	    CJM_CH_TRANSITION_COUNT ? c->what : "");
	if (c->kind == CJM_CH_TRANSITION_COUNT) {
		bput(b, ru ? ", клиентов: " : ", customers: ");
		val(b, c->old, ru);
		bput(b, " → ");
		val(b, c->new, ru);
		return;
	}
	{
		const json_t *t = c->new ? c->new : c->old;

		bput(b, "%s → %s %s",
		    json_string_value(json_object_get(t, "from")),
		    json_string_value(json_object_get(t, "to")), c->kind ==
		    CJM_CH_TRANSITION_ADDED ? (ru ? "добавлен" : "added") :
		    (ru ? "удалён" : "removed"));
	}
}

static void
stage(struct buf *b, const cjm_change *c, int ru, int with)
{
	const json_t *st = c->new ? c->new : c->old;

	switch (c->kind) {
	case CJM_CH_STAGE_ADDED:
	case CJM_CH_STAGE_REMOVED:
		bput(b, ru ? "этап " : "stage ");
		quoted(b, c->what ? c->what : "", ru);
		bput(b, " (%s) %s", json_string_value(json_object_get(st,
		    "id")), c->kind == CJM_CH_STAGE_ADDED ? (ru ? "добавлен" :
		    "added") : (ru ? "удалён" : "removed"));
		if (c->kind == CJM_CH_STAGE_ADDED)
			bput(b, ru ? ", позиция %zu" : " at position %zu",
			    c->new_index + 1);
		break;
	case CJM_CH_STAGE_RENAMED:
		bput(b, ru ? "id этапа " : "stage id ");
		val(b, c->old, ru);
		bput(b, ru ? " теперь " : " is now ");
		val(b, c->new, ru);
		break;
	default:
		bput(b, ru ? "этап" : "stage");
		at_stage(b, c, ru, 0);
		if (with && c->stage) {
			bput(b, " ");
			quoted(b, c->stage, ru);
		}
		bput(b, ru ? " перемещён с позиции " : " moved from position ");
		val(b, c->old, ru);
		bput(b, ru ? " на " : " to ");
		val(b, c->new, ru);
	}
}

static void
other(struct buf *b, const cjm_change *c, int ru)
{
	switch (c->kind) {
	case CJM_CH_PERSONA_ADDED:
	case CJM_CH_PERSONA_REMOVED:
		bput(b, ru ? "персона " : "persona ");
		quoted(b, c->what ? c->what : "", ru);
		bput(b, " %s", c->kind == CJM_CH_PERSONA_ADDED ? (ru ?
		    "добавлена" : "added") : (ru ? "удалена" : "removed"));
		break;
	case CJM_CH_DECISION_ADDED:
	case CJM_CH_DECISION_REMOVED:
		bput(b, ru ? "решение " : "decision ");
		quoted(b, json_string_value(json_object_get(c->new ? c->new :
		    c->old, "id")), ru);
		bput(b, " %s", c->kind == CJM_CH_DECISION_ADDED ? (ru ?
		    "добавлено" : "added") : (ru ? "удалено" : "removed"));
		break;
	case CJM_CH_MATURITY_SCORE:
		bput(b, ru ? "оценка CX-зрелости" : "CX maturity score");
		from_to(b, c, ru, "rose", "fell", "выросла", "снизилась");
		break;
	default:
		bput(b, ru ? "стадия CX-зрелости: " : "CX maturity stage: ");
		val(b, c->old, ru);
		bput(b, " → ");
		val(b, c->new, ru);
	}
}

static void
words_of(struct buf *b, const cjm_change *c, int ru, int with)
{
	switch (c->kind) {
	case CJM_CH_FIELD: case CJM_CH_OWNER:
		field(b, c, ru, with);
		break;
	case CJM_CH_ITEM_ADDED: case CJM_CH_ITEM_REMOVED:
	case CJM_CH_ITEMS_REORDERED:
		item(b, c, ru, with);
		break;
	case CJM_CH_EMOTION_DROP: case CJM_CH_EMOTION_RISE:
	case CJM_CH_EMOTION_ADDED: case CJM_CH_EMOTION_REMOVED:
		emotion(b, c, ru, with);
		break;
	case CJM_CH_NEW_PAIN: case CJM_CH_PAIN_RESOLVED:
	case CJM_CH_PAIN_WORSE: case CJM_CH_PAIN_EASED:
		pain(b, c, ru, with);
		break;
	case CJM_CH_METRIC_ADDED: case CJM_CH_METRIC_REMOVED:
	case CJM_CH_METRIC_VALUE: case CJM_CH_TARGET_MISSED:
	case CJM_CH_TARGET_MET:
		metric(b, c, ru, with);
		break;
	case CJM_CH_FUNNEL_COUNT: case CJM_CH_FUNNEL_RATE:
		funnel(b, c, ru, with);
		break;
	case CJM_CH_TOUCHPOINT_ADDED: case CJM_CH_TOUCHPOINT_REMOVED:
	case CJM_CH_DEAD_END_NEW: case CJM_CH_DEAD_END_FIXED:
	case CJM_CH_UNREACHABLE_NEW: case CJM_CH_UNREACHABLE_FIXED:
		touchpoint(b, c, ru, with);
		break;
	case CJM_CH_TRANSITION_ADDED: case CJM_CH_TRANSITION_REMOVED:
	case CJM_CH_TRANSITION_COUNT:
		graph(b, c, ru);
		break;
	case CJM_CH_STAGE_ADDED: case CJM_CH_STAGE_REMOVED:
	case CJM_CH_STAGE_RENAMED: case CJM_CH_STAGE_MOVED:
		stage(b, c, ru, with);
		break;
	default:
		other(b, c, ru);
	}
}

char *
cjm_change_text(const cjm_change *c, const char *lang, int with_stage)
{
	struct buf b = { NULL, 0, 0, 0 };

	words_of(&b, c, is_ru(lang), with_stage);
	bput(&b, "%s", "");
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* ------------------------------------------------------------ JSON */

static json_t *
pos_json(cjm_pos p)
{
	return json_pack("{sIsI}", "line", (json_int_t)p.line, "col",
	    (json_int_t)p.col);
}

static int
is_numeric(enum cjm_change_kind k)
{
	return k == CJM_CH_EMOTION_DROP || k == CJM_CH_EMOTION_RISE ||
	    k == CJM_CH_METRIC_VALUE || k == CJM_CH_FUNNEL_COUNT ||
	    k == CJM_CH_FUNNEL_RATE || k == CJM_CH_TRANSITION_COUNT ||
	    k == CJM_CH_MATURITY_SCORE || k == CJM_CH_STAGE_MOVED ||
	    k == CJM_CH_PAIN_WORSE || k == CJM_CH_PAIN_EASED;
}

json_t *
cjm_change_json(const cjm_change *c, const char *lang)
{
	char *msg = cjm_change_text(c, lang, 1);
	json_t *o;

	if (msg == NULL)
		return NULL;
	o = json_pack("{ss ss* ss* ss* ss* ss* ss* ss* ss* sO* sO* so so si ss}",
	    "kind", cjm_change_kind_name(c->kind), "stage", c->stage,
	    "lane", c->lane, "persona", c->persona, "item", c->item,
	    "what", c->what, "unit", c->unit, "path", c->path, "old_path", c->old_path,
	    "old", c->old, "new", c->new, "old_pos", pos_json(c->old_pos),
	    "new_pos", pos_json(c->new_pos), "worse", c->worse,
	    "message", msg);
	if (o != NULL && is_numeric(c->kind) && isfinite(c->delta))
		json_object_set_new(o, "delta", json_real(c->delta));
	free(msg);
	return o;
}

static json_t *
side_json(const cjm_diff *d, int side)
{
	return json_pack("{ss ss*}", "file", dlabel(d, side), "title",
	    json_string_value(json_object_get(side ? d->b : d->a, "title")));
}

static void
tally(const cjm_diff *d, size_t *worse, size_t *better)
{
	size_t i;

	*worse = *better = 0;
	for (i = 0; i < d->n; i++) {
		*worse += d->v[i].worse > 0;
		*better += d->v[i].worse < 0;
	}
}

static json_t *
report_json(const cjm_diff *d, const char *lang)
{
	json_t *ch = json_array(), *o;
	size_t i, w, b;

	tally(d, &w, &b);
	for (i = 0; ch != NULL && i < d->n; i++)
		if (json_array_append_new(ch, cjm_change_json(&d->v[i],
		    lang)) != 0) {
			json_decref(ch);
			return NULL;
		}
	o = json_pack("{si so so so s{sIsIsI}}", "cjm_diff", 1, "old",
	    side_json(d, 0), "new", side_json(d, 1), "changes", ch, "summary",
	    "changes", (json_int_t)d->n, "worse", (json_int_t)w, "better",
	    (json_int_t)b);
	return o;
}

/* ------------------------------------------------------------ text */

static const char *
section(const char *lane, int ru)
{
	static const struct {
		const char *key, *en, *ru;
	} s[] = {
		{ "transitions", "Touchpoint graph", "Граф точек контакта" },
		{ "metrics", "Map metrics", "Метрики карты" },
		{ "funnel", "Funnel", "Воронка" },
		{ "maturity", "CX maturity", "CX-зрелость" },
		{ "decisions", "Decisions", "Решения" },
		{ "conflicts", "Decisions", "Решения" },
		{ "strengthen", "Decisions", "Решения" },
	};
	size_t i;

	for (i = 0; lane != NULL && i < sizeof(s) / sizeof(s[0]); i++)
		if (strcmp(s[i].key, lane) == 0)
			return ru ? s[i].ru : s[i].en;
	return ru ? "Карта" : "Map";
}

/* The heading a change is listed under. */
static void
heading(struct buf *b, const cjm_change *c, int ru)
{
	if (c->stage != NULL) {
		bput(b, ru ? "Этап " : "Stage ");
		quoted(b, c->stage_name ? c->stage_name : c->stage, ru);
		bput(b, " (%s)\n", c->stage);
	} else {
		bput(b, "%s\n", section(c->lane, ru));
	}
}

/* "1 change", "2 changes"; изменение, изменения, изменений. */
static const char *
changes_word(size_t n, int ru)
{
	return ru ? cjm_plural(n, 1, "изменение", "изменения", "изменений") :
	    cjm_plural(n, 0, "change", NULL, "changes");
}

static void
report_text(const cjm_diff *d, struct buf *b, int ru)
{
	size_t i, w, bt;
	char *m, *h0 = NULL;

	if (d->n == 0)
		return;
	bput(b, "--- %s\n+++ %s\n", dlabel(d, 0), dlabel(d, 1));
	for (i = 0; i < d->n && !b->oom; i++) {
		const cjm_change *c = &d->v[i];
		struct buf h = { NULL, 0, 0, 0 };

		heading(&h, c, ru);
		if (h.s != NULL && (h0 == NULL || strcmp(h.s, h0) != 0))
			bput(b, "%s", h.s);
		free(h0);
		h0 = h.s;
		m = cjm_change_text(c, ru ? "ru" : "en", 0);
		bput(b, "  %s %s\n", c->worse > 0 ? "▼" : c->worse < 0 ? "▲" :
		    "•", m ? m : "");
		b->oom |= m == NULL || h.oom;
		free(m);
	}
	free(h0);
	tally(d, &w, &bt);
	bput(b, ru ? "%zu %s: к худшему %zu, к лучшему %zu\n" :
	    "%zu %s: %zu for the worse, %zu for the better\n", d->n,
	    changes_word(d->n, ru), w, bt);
}

static void
report_github(const cjm_diff *d, struct buf *b, const char *lang)
{
	size_t i;
	char *m, *line;

	for (i = 0; i < d->n && !b->oom; i++) {
		const cjm_change *c = &d->v[i];
		cjm_diag g = { c->worse > 0 ? CJM_WARNING : CJM_NOTE,
			cjm_change_kind_name(c->kind), dlabel(d, 1), 0,
			c->path, c->new_pos, NULL, NULL };

		if ((m = cjm_change_text(c, lang, 1)) == NULL) {
			b->oom = 1;
			break;
		}
		g.message = m;
		line = cjm_diag_github(&g);
		bput(b, "%s\n", line ? line : "");
		b->oom |= line == NULL;
		free(line);
		free(m);
	}
}

/* SARIF 2.1.0: one run, a rule a kind used, a result a change. */
static json_t *
report_sarif(const cjm_diff *d, const char *lang)
{
	json_t *res = json_array(), *rules = json_array(), *seen = json_object();
	size_t i;

	for (i = 0; res && rules && seen && i < d->n; i++) {
		const cjm_change *c = &d->v[i];
		const char *k = cjm_change_kind_name(c->kind);
		char *m = cjm_change_text(c, lang, 1);

		if (!json_object_get(seen, k)) {
			json_object_set_new(seen, k, json_true());
			json_array_append_new(rules, json_pack("{ss}", "id", k));
		}
		json_array_append_new(res, json_pack("{ss ss s{ss} s[{s{s{ss}"
		    "s{sIsI}}}]}", "ruleId", k, "level", c->worse > 0 ?
		    "warning" : "note", "message", "text", m ? m : "",
		    "locations", "physicalLocation", "artifactLocation", "uri",
		    dlabel(d, 1), "region", "startLine", (json_int_t)(
		    c->new_pos.line ? c->new_pos.line : 1), "startColumn",
		    (json_int_t)(c->new_pos.col ? c->new_pos.col : 1)));
		free(m);
	}
	json_decref(seen);
	return json_pack("{ss ss s[{s{s{ss ss ss so}} so}]}", "$schema",
	    "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0",
	    "runs", "tool", "driver", "name", "cjm-diff", "version",
	    CJM_VERSION, "informationUri", "https://example.invalid/cjm",
	    "rules", rules, "results", res);
}

int
cjm_diff_write(const cjm_diff *d, enum cjm_diff_form form, const char *lang,
    cjm_write_fn fn, void *ctx)
{
	struct buf b = { NULL, 0, 0, 0 };
	json_t *o = NULL;
	int st = CJM_OK;
	char *s;

	if (lang == NULL)
		lang = json_string_value(json_object_get(d->b, "lang"));
	if (form == CJM_DIFF_TEXT)
		report_text(d, &b, is_ru(lang));
	else if (form == CJM_DIFF_GITHUB)
		report_github(d, &b, lang);
	else if ((o = form == CJM_DIFF_JSON ? report_json(d, lang) :
	    report_sarif(d, lang)) == NULL)
		b.oom = 1;
	if (o != NULL) {
		if ((s = cjm_dumps(o, JSON_PRESERVE_ORDER | (form ==
		    CJM_DIFF_SARIF ? JSON_INDENT(2) : JSON_COMPACT))) == NULL)
			b.oom = 1;
		else
			bput(&b, "%s\n", s);
		free(s);
		json_decref(o);
	}
	if (b.oom)
		st = CJM_ESYS;
	else if (b.n > 0 && fn(b.s, b.n, ctx) != 0)
		st = CJM_ESYS;
	free(b.s);
	return st;
}
