/* check_kinds.c: the checks of the seed's other map kinds (format.md,
 * "Additions"): several personas and their emotions, decisions against
 * the seed's three questions, stage owners of a management map. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_impl.h"
#include "num.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A finding at obj[key] (key NULL: at obj itself, the walk's place). */
static void
report_at(ck *c, const json_t *obj, const char *key, enum cjm_level level,
    const char *code, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static void
report_at(ck *c, const json_t *obj, const char *key, enum cjm_level level,
    const char *code, const char *hint, const char *fmt, ...)
{
	ck_node n = { json_object_get(obj, key), obj, key, 0 };
	size_t len = c->depth;
	cjm_pos pos;
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	cjm_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (key != NULL) {
		len = ck_push(c, &n);
		pos = ck_pos(c, &n);
	} else
		pos = ck_pos(c, c->stack[c->depth - 1]);
	ck_report(c, level, code, pos, hint, "%s", msg);
	ck_pop(c, len);
}

/* Remember id -> index in *ids; 0 when it was new, 1 when a duplicate
 * (reported). */
static int
remember(ck *c, json_t **ids, const ck_node *n, const char *what,
    const char *list)
{
	const char *id = json_string_value(json_object_get(n->v, "id"));
	const json_t *had;
	char q[CK_QBUF], hb[96];

	if (id == NULL || !ck_is_slug(id))
		return 0;
	if (*ids == NULL && (*ids = json_object()) == NULL) {
		c->oom = 1;
		return 0;
	}
	if ((had = json_object_get(*ids, id)) != NULL) {
		snprintf(hb, sizeof(hb), "%s[%lld] has it already", list,
		    (long long)json_integer_value(had));
		report_at(c, n->v, "id", CJM_ERROR, "duplicate-id", hb,
		    "duplicate %s id '%s'", what, ck_quote(id, q, sizeof(q)));
		return 1;
	}
	if (json_object_set_new(*ids, id, json_integer((json_int_t)n->index)))
		c->oom = 1;
	return 0;
}

/* "did you mean 'x'?" over the keys of ids, or the list of them. */
static void
near_hint(const json_t *ids, const char *word, const char *what, char *buf,
    size_t size)
{
	/* Zeroed only for gcc's LTO, which cannot see that names[k...] is
	 * never read. */
	const char *names[64] = { NULL }, *key, *near;
	const json_t *v;
	size_t k = 0;

	json_object_foreach((json_t *)ids, key, v)
		if (k < NELEM(names))
			names[k++] = key;
	if ((near = cjm_suggest(word, names, k)) != NULL)
		snprintf(buf, size, "did you mean '%s'?", near);
	else if (k > 0) {
		snprintf(buf, size, "%s ids in this map: ", what);
		ck_join_words(names, k, buf + strlen(buf), size - strlen(buf));
	} else
		snprintf(buf, size, "the map has no %s ids yet", what);
}

/* ------------------------------------------------------------ personas */

void
ck_persona(ck *c, const ck_node *n)
{
	remember(c, &c->persona_ids, n, "persona", "personas");
}

/* persona and personas say the same thing two ways: one of them. */
void
ck_personas(ck *c, const ck_node *n)
{
	(void)n;
	if (json_object_get(c->root, "persona") != NULL)
		report_at(c, c->root, "personas", CJM_ERROR, "persona-both",
		    "keep 'personas' and move the single persona into it "
		    "with an id", "the map has both 'persona' and 'personas'; "
		    "it may have one of the two");
}

/* A stage's emotion: one number for every persona, or a mapping from
 * persona id to a number (a persona left out has a gap there). */
void
ck_emotion_any(ck *c, const ck_node *n)
{
	static const ck_field num = { .type = T_NUM, .fn = ck_emotion };
	const char *key;
	const json_t *v;
	char q[CK_QBUF], hb[400];

	if (!json_is_object(n->v)) {
		ck_value(c, n, &num, "emotion");
		return;
	}
	if (c->persona_ids == NULL) {
		report_at(c, n->parent, n->key, CJM_ERROR, "unknown-persona",
		    "write one number, or list the personas under "
		    "'personas' with these ids", "'emotion' in %s gives a "
		    "value per persona, and the map has no 'personas'",
		    ck_desc(c));
		return;
	}
	json_object_foreach((json_t *)n->v, key, v) {
		ck_node kn = { v, n->v, key, 0 };
		size_t len = ck_push(c, &kn);

		if (json_object_get(c->persona_ids, key) == NULL) {
			near_hint(c->persona_ids, key, "persona", hb,
			    sizeof(hb));
			ck_report(c, CJM_ERROR, "unknown-persona",
			    ck_key_pos(c, n->v, key), hb, "'emotion' in %s "
			    "names persona '%s', and no persona has that id",
			    ck_desc(c), ck_quote(key, q, sizeof(q)));
		} else
			ck_value(c, &kn, &num, key);
		ck_pop(c, len);
	}
}

/* ----------------------------------------------------------- decisions */

static const char *const statuses[] = { "proposed", "accepted", "rejected",
	"done" };
static const size_t statuses_n = NELEM(statuses);

/* The seed's questions 2 and 3, the keys that answer them. */
static const struct question {
	const char *key, *text;
} questions[] = {
	{ "conflicts", "does it contradict the customer's needs at this "
	  "stage?" },
	{ "strengthen", "how can it be strengthened to meet the customer's "
	  "needs?" },
};

/* The decision a stage entry belongs to: the walk is at
 * decisions[i].stages[j], three steps below decisions[i]. */
static const char *
decision_name(ck *c, char *buf, size_t size)
{
	const json_t *d = c->depth >= 3 ? c->stack[c->depth - 3]->v : NULL;
	const char *id = json_string_value(json_object_get(d, "id"));

	if (id == NULL)
		id = json_string_value(json_object_get(d, "title"));
	return ck_quote(id ? id : "?", buf, size);
}

/* A stage named by its name, not its id: say which id that is. */
static int
name_hint(ck *c, const char *word, char *buf, size_t size)
{
	const json_t *st;
	const char *id;
	char q[CK_QBUF];
	size_t i;

	json_array_foreach(json_object_get(c->root, "stages"), i, st) {
		id = json_string_value(json_object_get(st, "id"));
		if (id != NULL && json_is_string(json_object_get(st, "name")) &&
		    strcmp(json_string_value(json_object_get(st, "name")),
		    word) == 0) {
			snprintf(buf, size, "that is the name of a stage; write "
			    "its id: 'stage: %s'", ck_quote(id, q, sizeof(q)));
			return 1;
		}
	}
	return 0;
}

static void
decision_stage(ck *c, const ck_node *n)
{
	const char *st = json_string_value(json_object_get(n->v, "stage"));
	char dq[CK_QBUF], sq[CK_QBUF], hb[400];
	size_t i;

	decision_name(c, dq, sizeof(dq));
	if (st != NULL && json_object_get(c->stage_ids, st) == NULL) {
		if (!name_hint(c, st, hb, sizeof(hb)))
			near_hint(c->stage_ids, st, "stage", hb, sizeof(hb));
		report_at(c, n->v, "stage", CJM_ERROR, "unknown-stage", hb,
		    "decision '%s' names stage '%s', and no stage has that id",
		    dq, ck_quote(st, sq, sizeof(sq)));
	}
	for (i = 0; i < NELEM(questions); i++) {
		const json_t *a = json_object_get(n->v, questions[i].key);

		if (a != NULL && !json_is_null(a))
			continue;
		snprintf(hb, sizeof(hb), "write the answer as '%s: [...]', "
		    "or '%s: []' when there is none", questions[i].key,
		    questions[i].key);
		report_at(c, n->v, NULL, CJM_WARNING, "open-question", hb,
		    "decision '%s', stage '%s': question %zu is not answered "
		    "yet: %s", dq, ck_quote(st ? st : "?", sq, sizeof(sq)),
		    i + 2, questions[i].text);
	}
}

static void
decision(ck *c, const ck_node *n)
{
	char q[CK_QBUF];

	remember(c, &c->decision_ids, n, "decision", "decisions");
	if (json_array_size(json_object_get(n->v, "stages")) > 0)
		return;
	report_at(c, n->v, NULL, CJM_WARNING, "open-question",
	    "list the stages it touches: stages: [{stage: ID, conflicts: "
	    "[...], strengthen: [...]}]", "decision '%s': question 1 is not "
	    "answered yet: on which stages of the customer's path does it "
	    "act?", ck_quote(json_string_value(json_object_get(n->v, "id")) ?
	    json_string_value(json_object_get(n->v, "id")) : "?", q,
	    sizeof(q)));
}

#define SCHEMA(w, i0, i1, f) .what = (w), .ident = { (i0), (i1) }, \
	.fields = (f), .n = NELEM(f)

static const ck_field dstage_fields[] = {
	{ .key = "stage", .type = T_STR, .flags = F_REQ,
	  .hint = "name the stage by its id: 'stage: checkout'" },
	{ .key = "conflicts", .type = T_LIST, .flags = F_KEEP },
	{ .key = "strengthen", .type = T_LIST, .flags = F_KEEP },
};
static const ck_schema dstage_schema = { SCHEMA(NULL, NULL, NULL,
	dstage_fields), .fn = decision_stage };
static const ck_field dstage_item = { .type = T_MAP, .sub = &dstage_schema };

static const ck_field decision_fields[] = {
	{ .key = "id", .type = T_STR, .flags = F_REQ, .fn = ck_slug,
	  .hint = "add an id such as 'id: paid-delivery'" },
	{ .key = "title", .type = T_STR, .flags = F_REQ,
	  .hint = "add a 'title' saying what is decided" },
	{ .key = "owner", .type = T_STR },
	{ .key = "status", .type = T_STR, .vals = statuses,
	  .nvals = &statuses_n },
	{ .key = "stages", .type = T_SEQ, .item = &dstage_item },
};
static const ck_schema decision_schema = { SCHEMA("decision", "id", "title",
	decision_fields), .fn = decision };
const ck_field ck_decision_item = { .type = T_MAP, .sub = &decision_schema };

/* -------------------------------------------------------------- advice */

static int
has_owner(const json_t *st)
{
	const char *o = json_string_value(json_object_get(st, "owner"));

	return o != NULL && o[strspn(o, " \t")] != '\0';
}

/* A management map names who owns each stage: one warning when no stage
 * has an owner, else one at each stage without. */
static void
owners(ck *c)
{
	const json_t *sts = json_object_get(c->root, "stages"), *st;
	const char *hint = "add 'owner: TEAM', the team or person accountable "
	    "for the stage";
	char q[CK_QBUF];
	size_t i, k = 0;

	json_array_foreach(sts, i, st)
		k += has_owner(st);
	if (k == 0 && json_array_size(sts) > 0) {
		report_at(c, c->root, "type", CJM_WARNING, "advice-management",
		    hint, "a management map names who owns each stage, and no "
		    "stage has an 'owner'");
		return;
	}
	json_array_foreach(sts, i, st) {
		ck_node sn = { st, sts, NULL, i };
		ck_node kn = { json_object_get(c->root, "stages"), c->root,
		    "stages", 0 };
		size_t len;

		if (has_owner(st) || !json_is_object(st))
			continue;
		len = ck_push(c, &kn);
		ck_push(c, &sn);
		ck_report(c, CJM_WARNING, "advice-management", ck_pos(c, &sn),
		    hint, "stage '%s' of a management map has no owner",
		    ck_quote(json_string_value(json_object_get(st, "id")) ?
		    json_string_value(json_object_get(st, "id")) : "?", q,
		    sizeof(q)));
		ck_pop(c, len);
	}
}

void
ck_kinds_advice(ck *c)
{
	const char *type = json_string_value(json_object_get(c->root, "type"));

	if (type == NULL)
		return;
	if (strcmp(type, "checklist") == 0 &&
	    json_array_size(json_object_get(c->root, "decisions")) == 0)
		report_at(c, c->root, "type", CJM_WARNING, "advice-checklist",
		    "add 'decisions', each with the stages it touches "
		    "(cjm(5), Decisions)", "a checklist map weighs decisions "
		    "against the journey, and the map has no 'decisions'");
	if (strcmp(type, "management") == 0)
		owners(c);
}

void
ck_kinds_free(ck *c)
{
	json_decref(c->persona_ids);
	json_decref(c->decision_ids);
}
