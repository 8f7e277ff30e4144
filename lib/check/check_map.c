/* check_map.c: format 1 as tables of keys (man cjm(5)), with the checks
 * a table cannot say: ids, emotions, metrics, references. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check_impl.h"
#include "cjm_slug.h"
#include "grow.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const severities[] = { "low", "medium", "high" };
static const size_t severities_n = NELEM(severities);
static const char *const kinds[] = { "nps", "csat", "ces", "conversion",
	"time", "count", "custom" };
static const size_t kinds_n = NELEM(kinds);
static const char *const betters[] = { "higher", "lower" };
static const size_t betters_n = NELEM(betters);
static const char *const sources[] = { "counts", "events" };
static const size_t sources_n = NELEM(sources);
static const char *const langs[] = { "en", "ru" };
static const size_t langs_n = NELEM(langs);
static const char *const rules[] = { "mean", "weakest" };
static const size_t rules_n = NELEM(rules);
static const size_t stages_n = 5;

/* ------------------------------------------------------------ small fns */

void
ck_slug(ck *c, const ck_node *n)
{
	const char *s = json_string_value(n->v);
	char q[CK_QBUF], sl[64], hb[256];

	if (ck_is_slug(s))
		return;
	cjm_slug_make(s, sl, sizeof(sl));
	snprintf(hb, sizeof(hb), "use lower-case letters, digits, '-' and "
	    "'_', starting with a letter or digit%s%s%s", *sl ? ", e.g. '" :
	    "", sl, *sl ? "'" : "");
	ck_report(c, CJM_ERROR, "bad-id", ck_pos(c, n), hb,
	    "id '%s' in %s is not a slug", ck_quote(s, q, sizeof(q)), ck_desc(c));
}

static void
version(ck *c, const ck_node *n)
{
	long long v = (long long)json_integer_value(n->v);

	if (v != CJM_FORMAT)
		ck_report(c, CJM_ERROR, "bad-version", ck_pos(c, n),
		    "write 'cjm: 1'", "format version %lld is not one this "
		    "tool reads (1)", v);
}

/* Plausible BCP 47: a 2-3 letter language, then subtags of 1-8 letters
 * or digits (en, ru, pt-BR, zh-Hant-TW); x- and i- tags too. */
static int
bcp47(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ");

	if (!(n >= 2 && n <= 3) && !(n == 1 && (*s == 'x' || *s == 'i') &&
	    s[1] == '-'))
		return 0;
	for (s += n; *s == '-'; s += n) {
		s++;
		n = strspn(s, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
		if (n < 1 || n > 8)
			return 0;
	}
	return *s == '\0';
}

static void
lang(ck *c, const ck_node *n)
{
	const char *s = json_string_value(n->v);
	char q[CK_QBUF], fix[64], hb[96], *u;

	if (bcp47(s))
		return;
	snprintf(fix, sizeof(fix), "%s", s);
	for (u = fix; *u; u++)
		if (*u == '_')
			*u = '-';
	if (strlen(s) < sizeof(fix) && bcp47(fix))
		snprintf(hb, sizeof(hb), "write '%s'", fix);
	else
		snprintf(hb, sizeof(hb), "write a language tag such as 'en', "
		    "'ru' or 'pt-BR'");
	ck_report(c, CJM_WARNING, "bad-lang", ck_pos(c, n), hb,
	    "'lang' is '%s', not a BCP 47 language tag",
	    ck_quote(s, q, sizeof(q)));
}

static void
scale(ck *c, const ck_node *n)
{
	const json_t *lo = json_array_get(n->v, 0), *hi = json_array_get(n->v, 1);

	if (json_array_size(n->v) == 2 && json_is_number(lo) &&
	    json_is_number(hi) && json_number_value(lo) <
	    json_number_value(hi)) {
		c->emin = json_number_value(lo);
		c->emax = json_number_value(hi);
		return;
	}
	c->scale_ok = 0;
	ck_report(c, CJM_ERROR, "bad-scale", ck_pos(c, n),
	    "write it as [min, max], e.g. [1, 5] or [-2, 2]",
	    "'emotion_scale' must be two numbers, the smaller first");
}

void
ck_emotion(ck *c, const ck_node *n)
{
	double v = json_number_value(n->v);
	char a[40], lo[40], hi[40], hb[160];

	if (!c->scale_ok || (v >= c->emin && v <= c->emax))
		return;
	ck_num(c->emin, lo, sizeof(lo));
	ck_num(c->emax, hi, sizeof(hi));
	snprintf(hb, sizeof(hb), "use a number from %s (very negative) to %s "
	    "(very positive), or change 'emotion_scale'", lo, hi);
	ck_report(c, CJM_ERROR, "emotion-range", ck_pos(c, n), hb,
	    "emotion %s in %s is outside the map's emotion scale %s..%s",
	    ck_num(v, a, sizeof(a)), ck_desc(c), lo, hi);
}

/* What practitioners write for a channel, and the format's word. */
static const char *const channel_words[][2] = {
	{ "website", "web" }, { "site", "web" }, { "online", "web" },
	{ "app", "mobile" }, { "ios", "mobile" }, { "android", "mobile" },
	{ "call", "phone" }, { "hotline", "phone" }, { "ivr", "phone" },
	{ "call-centre", "phone" }, { "call-center", "phone" },
	{ "e-mail", "email" }, { "newsletter", "email" }, { "text", "sms" },
	{ "chatbot", "chat" }, { "bot", "chat" }, { "live-chat", "chat" },
	{ "whatsapp", "messenger" }, { "telegram", "messenger" },
	{ "instagram", "social" }, { "facebook", "social" },
	{ "tiktok", "social" }, { "youtube", "social" }, { "vk", "social" },
	{ "linkedin", "social" }, { "shop", "store" }, { "branch", "office" },
	{ "post", "mail" }, { "letter", "mail" }, { "advertising", "ads" },
	{ "banner", "ads" }, { "tv", "ads" }, { "radio", "ads" },
	{ "referral", "word-of-mouth" }, { "friends", "word-of-mouth" },
};

/* An unknown channel is a warning; the hint knows the usual names. */
static void
channel(ck *c, const ck_node *n)
{
	static const ck_field chan = { .key = "channel" };
	const char *s = json_string_value(n->v), *near = NULL;
	char q[CK_QBUF], hb[256];
	size_t i;

	if ((near = ck_word(&chan, s)) != NULL) {	/* app is mobile */
		if (strcmp(near, s) != 0)
			ck_word_note(c, n, "channel", near);
		return;
	}
	for (i = 0; i < NELEM(channel_words) && near == NULL; i++)
		if (strcasecmp(s, channel_words[i][0]) == 0)
			near = channel_words[i][1];
	if (near == NULL)
		near = cjm_suggest(s, cjm_channels, cjm_channels_count);
	if (near != NULL)
		snprintf(hb, sizeof(hb), "did you mean '%s'?", near);
	else {
		memcpy(hb, "use ", 5);
		ck_join_words(cjm_channels, cjm_channels_count, hb + 4,
		    sizeof(hb) - 4);
	}
	ck_report(c, CJM_WARNING, "unknown-channel", ck_pos(c, n), hb,
	    "unknown channel '%s' in %s", ck_quote(s, q, sizeof(q)),
	    ck_desc(c));
}

/* ------------------------------------------------------------- metrics */

/* The ranges of the metric kinds; time and count cannot be negative. */
static const struct kind {
	const char *kind;
	double lo, hi;
	int bounded;
} kind_ranges[] = {
	{ "nps", -100, 100, 1 }, { "csat", 0, 100, 1 }, { "ces", 1, 7, 1 },
	{ "conversion", 0, 100, 1 }, { "time", 0, 0, 0 }, { "count", 0, 0, 0 },
};

static void
metric_range(ck *c, const ck_node *m, const char *key, const struct kind *k)
{
	const json_t *v = json_object_get(m->v, key);
	ck_node n = { v, m->v, key, 0 };
	char a[40], lo[40], hi[40], range[96];
	double x;
	size_t len;

	if (!json_is_number(v))
		return;
	x = json_number_value(v);
	if (x >= k->lo && (!k->bounded || x <= k->hi))
		return;
	ck_num(k->lo, lo, sizeof(lo));
	ck_num(k->hi, hi, sizeof(hi));
	if (k->bounded)
		snprintf(range, sizeof(range), "%s..%s", lo, hi);
	else
		snprintf(range, sizeof(range), "at least %s", lo);
	len = ck_push(c, &n);
	ck_report(c, CJM_ERROR, "metric-range", ck_pos(c, &n), NULL,
	    "'%s' of %s is %s, outside the range of kind '%s' (%s)", key,
	    ck_desc(c), ck_num(x, a, sizeof(a)), k->kind, range);
	ck_pop(c, len);
}

/* "52 %", "190 s", "5.6 заказов": a value with its unit. */
static const char *
with_unit(double x, const char *unit, char *buf, size_t size)
{
	char q[CK_QBUF];

	ck_num(x, buf, size);
	if (unit != NULL && *unit != '\0')
		snprintf(buf + strlen(buf), size - strlen(buf), " %s",
		    ck_quote(unit, q, sizeof(q)));
	return buf;
}

/* A value on the wrong side of its target: a note, since a target
 * missed is a finding about the business, not about the file. */
static void
target(ck *c, const ck_node *m, int lower)
{
	const json_t *v = json_object_get(m->v, "value");
	const json_t *t = json_object_get(m->v, "target");
	const char *unit = json_string_value(json_object_get(m->v, "unit"));
	ck_node n = { v, m->v, "value", 0 };
	char a[CK_QBUF + 32], b[CK_QBUF + 32];
	double x, y;
	size_t len;

	if (!json_is_number(v) || !json_is_number(t))
		return;
	x = json_number_value(v);
	y = json_number_value(t);
	if (lower ? x <= y : x >= y)
		return;
	len = ck_push(c, &n);
	ck_report(c, CJM_NOTE, "target-missed", ck_pos(c, &n), NULL,
	    "%s is %s, %s its target %s (%s is better)", ck_desc(c),
	    with_unit(x, unit, a, sizeof(a)), lower ? "above" : "short of",
	    with_unit(y, unit, b, sizeof(b)), lower ? "lower" : "higher");
	ck_pop(c, len);
}

static void
metric(ck *c, const ck_node *m)
{
	static const ck_field kf = { .key = "kind", .vals = kinds,
	    .nvals = &kinds_n };
	static const ck_field bf = { .key = "better", .vals = betters,
	    .nvals = &betters_n };
	const char *kind = ck_word(&kf, json_string_value(json_object_get(
	    m->v, "kind")));
	const char *better = ck_word(&bf, json_string_value(json_object_get(
	    m->v, "better")));
	int lower = kind != NULL && strcmp(kind, "time") == 0;
	size_t i;

	for (i = 0; kind != NULL && i < NELEM(kind_ranges); i++)
		if (strcmp(kind, kind_ranges[i].kind) == 0) {
			metric_range(c, m, "value", &kind_ranges[i]);
			metric_range(c, m, "target", &kind_ranges[i]);
		}
	if (better != NULL && strcmp(better, "lower") == 0)
		lower = 1;
	else if (better != NULL && strcmp(better, "higher") == 0)
		lower = 0;
	target(c, m, lower);
}

/* ------------------------------------------------ touchpoints, stages */

static int
grow(ck *c, void **v, size_t *cap, size_t n, size_t size)
{
	if (cjm_grow(v, cap, n, size, 16) < 0) {
		c->oom = 1;
		return -1;
	}
	return 0;
}

/* "stages[0].touchpoints[2] (line 14)": where the first holder was. */
static void
first_at(ck *c, const char *path, const json_t *obj, char *buf, size_t sz)
{
	cjm_pos p = ck_pos_in(c, obj, "id");

	if (p.line > 0)
		snprintf(buf, sz, "%.100s (line %lu) has it already", path,
		    p.line);
	else
		snprintf(buf, sz, "%.100s has it already", path);
}

static void
touchpoint(ck *c, const ck_node *n)
{
	const json_t *id = json_object_get(n->v, "id"), *had;
	char q[CK_QBUF], hb[160];
	struct ck_tp *tp;

	if (!json_is_string(id) || !ck_is_slug(json_string_value(id)))
		return;
	if ((had = json_object_get(c->tp_ids, json_string_value(id)))) {
		ck_node in = { id, n->v, "id", 0 };
		size_t len = ck_push(c, &in);

		tp = &c->tps[json_integer_value(had)];
		first_at(c, tp->path, tp->obj, hb, sizeof(hb));
		ck_report(c, CJM_ERROR, "duplicate-id", ck_pos(c, &in), hb,
		    "duplicate touchpoint id '%s'",
		    ck_quote(json_string_value(id), q, sizeof(q)));
		ck_pop(c, len);
		return;
	}
	if (grow(c, (void **)&c->tps, &c->tpcap, c->ntps, sizeof(*tp)))
		return;
	tp = &c->tps[c->ntps];
	tp->id = json_string_value(id);
	tp->obj = n->v;
	tp->stage = c->stage_i;
	if ((tp->path = ck_strdup(c, ck_path(c, c->depth))) == NULL)
		return;
	/* A set that silently missed an id would report false errors. */
	if (json_object_set_new(c->tp_ids, tp->id, json_integer((json_int_t)
	    c->ntps)) != 0) {
		free(tp->path);
		c->oom = 1;
		return;
	}
	c->ntps++;
}

static void
pain_point(ck *c, const ck_node *n)
{
	const json_t *id = json_object_get(n->v, "touchpoint");
	struct ck_ref *r;

	if (!json_is_string(id) || grow(c, (void **)&c->refs, &c->refcap,
	    c->nrefs, sizeof(*r)))
		return;
	r = &c->refs[c->nrefs++];
	r->id = json_string_value(id);
	r->obj = n->v;
	r->key = "touchpoint";
	r->stage = c->stage_i;
	r->path = ck_strdup(c, ck_path(c, c->depth));
}

/* Stage-wide: duplicate ids, what the advice needs, empty stages. */
static void
stage(ck *c, const ck_node *n)
{
	const json_t *id = json_object_get(n->v, "id"), *had;

	c->has_events |= ck_has_content(json_object_get(n->v, "events"));
	c->has_counts |= json_is_integer(json_object_get(json_object_get(
	    n->v, "funnel"), "count"));
	c->has_blueprint |= ck_has_content(json_object_get(n->v,
	    "frontstage")) || ck_has_content(json_object_get(n->v, "backstage"));
	if (c->fr->lanes == 0 && !c->opts->no_advice)
		ck_report(c, CJM_WARNING, "empty-stage", ck_pos(c, n),
		    "fill at least one lane: actions, touchpoints, emotion, ...",
		    "%s has nothing in any lane", ck_desc(c));
	if (!json_is_string(id) || !ck_is_slug(json_string_value(id)))
		return;
	if ((had = json_object_get(c->stage_ids, json_string_value(id)))) {
		ck_node in = { id, n->v, "id", 0 };
		const json_t *first = json_array_get(n->parent,
		    (size_t)json_integer_value(had));
		char q[CK_QBUF], p[32], hb[160];
		size_t len = ck_push(c, &in);

		snprintf(p, sizeof(p), "stages[%lld]",
		    (long long)json_integer_value(had));
		first_at(c, p, first, hb, sizeof(hb));
		ck_report(c, CJM_ERROR, "duplicate-id", ck_pos(c, &in), hb,
		    "duplicate stage id '%s'",
		    ck_quote(json_string_value(id), q, sizeof(q)));
		ck_pop(c, len);
		return;
	}
	if (json_object_set_new(c->stage_ids, json_string_value(id),
	    json_integer((json_int_t)n->index)) != 0)
		c->oom = 1;
}

static void
stage_count(ck *c, const ck_node *n)
{
	size_t k = json_array_size(n->v);

	if (k == 0)
		ck_report(c, CJM_ERROR, "no-stages", ck_pos(c, n),
		    "add at least one stage: - {id: visit, name: Visit}",
		    "'stages' in the map is empty");
	else if (k < 5)
		ck_report(c, CJM_WARNING, "few-stages", ck_pos(c, n),
		    "most journey maps have 5 to 9 stages",
		    "the map has only %zu stage%s", k, k == 1 ? "" : "s");
	else if (k > 9)
		ck_report(c, CJM_WARNING, "many-stages", ck_pos(c, n),
		    "most journey maps have 5 to 9 stages; merge the steps a "
		    "customer sees as one", "the map has %zu stages", k);
}

/* ------------------------------------------------ transitions, maturity */

/* Did-you-mean over the touchpoint ids, for a reference that misses. */
static const char *
suggest_tp(ck *c, const char *id)
{
	const char **names = malloc((c->ntps ? c->ntps : 1) * sizeof(*names));
	const char *near;
	size_t i;

	if (names == NULL)
		return NULL;
	for (i = 0; i < c->ntps; i++)
		names[i] = c->tps[i].id;
	near = cjm_suggest(id, names, c->ntps);
	free(names);
	return near;
}

/* The index of the touchpoint obj[key] names, or -1 (reported). */
long
ck_resolve(ck *c, const json_t *obj, const char *key, const char *desc)
{
	const json_t *v = json_object_get(obj, key), *at;
	const char *near;
	char q[CK_QBUF], hb[256];

	if (!json_is_string(v))
		return -1;
	if ((at = json_object_get(c->tp_ids, json_string_value(v))))
		return (long)json_integer_value(at);
	near = suggest_tp(c, json_string_value(v));
	if (near != NULL)
		snprintf(hb, sizeof(hb), "did you mean '%s'?", near);
	else
		snprintf(hb, sizeof(hb), "give that touchpoint 'id: %s'",
		    ck_quote(json_string_value(v), q, sizeof(q)));
	ck_report(c, CJM_ERROR, "unknown-touchpoint", ck_pos_in(c, obj, key),
	    hb, "'%s' in %s names touchpoint '%s', and no touchpoint has that "
	    "id", key, desc ? desc : ck_desc(c), ck_quote(json_string_value(v), q, sizeof(q)));
	return -1;
}

static void
transition(ck *c, const ck_node *n)
{
	size_t base = c->depth;
	long from, to;
	ck_node fn = { NULL, n->v, "from", 0 }, tn = { NULL, n->v, "to", 0 };

	ck_push(c, &fn);
	from = ck_resolve(c, n->v, "from", NULL);
	ck_pop(c, base);
	ck_push(c, &tn);
	to = ck_resolve(c, n->v, "to", NULL);
	ck_pop(c, base);
	if (from < 0 || to < 0) {
		c->bad_edges = 1;
		return;
	}
	if (grow(c, (void **)&c->edges, &c->edgecap, c->nedges + 1,
	    sizeof(size_t)))
		return;
	c->edges[c->nedges++] = (size_t)from;
	c->edges[c->nedges++] = (size_t)to;
}

static void
thresholds(ck *c, const ck_node *n)
{
	size_t i, k = json_array_size(n->v);
	double prev = 1;

	for (i = 0; i < k; i++) {
		const json_t *v = json_array_get(n->v, i);

		if (!json_is_number(v))
			return;		/* already reported */
		if (json_number_value(v) <= prev ||
		    json_number_value(v) > 5)
			break;
		prev = json_number_value(v);
	}
	if (k != 4 || i < k)
		ck_report(c, CJM_ERROR, "bad-value", ck_pos(c, n),
		    "the default is [1.8, 2.6, 3.4, 4.2]", "'thresholds' in %s "
		    "must be 4 rising numbers between 1 and 5", ck_desc(c));
}

/* level and stage say the same thing twice; they must agree. */
static void
maturity(ck *c, const ck_node *n)
{
	const json_t *lv = json_object_get(n->v, "level");
	const json_t *st = json_object_get(n->v, "stage");
	json_int_t l = json_integer_value(lv);
	ck_node sn = { NULL, n->v, "stage", 0 };
	char q[CK_QBUF];
	size_t len;

	if (!json_is_integer(lv) || l < 1 || l > 5 || !json_is_string(st) ||
	    strcmp(json_string_value(st), cjm_maturity_stages[l - 1]) == 0)
		return;
	sn.v = st;
	len = ck_push(c, &sn);
	ck_report(c, CJM_ERROR, "bad-value", ck_pos(c, &sn), NULL,
	    "maturity stage '%s' does not match level %lld (%s)",
	    ck_quote(json_string_value(st), q, sizeof(q)), (long long)l,
	    cjm_maturity_stages[l - 1]);
	ck_pop(c, len);
}

/* -------------------------------------------------------------- tables */

/* Percentages of counts: never negative, but above 100 when counts grow
 * along the journey (cjm-funnel --allow-growth). A drop-off is never
 * negative either: a count that grows loses nobody (dropped 0). */
#define PCT	.type = T_NUM, .flags = F_NULL | F_MIN
#define COUNT	.type = T_INT, .flags = F_MIN
#define SCHEMA(w, i0, i1, f) .what = (w), .ident = { (i0), (i1) }, \
	.fields = (f), .n = NELEM(f)

static const ck_field num_item = { .type = T_NUM };
static const ck_field count_item = { COUNT };
static const ck_field type_item = { .type = T_STR, .vals = cjm_map_types,
	.nvals = &cjm_map_types_count };

static const ck_field time_fields[] = {
	{ .key = "median", .type = T_NUM, .flags = F_NULL | F_MIN },
	{ .key = "p90", .type = T_NUM, .flags = F_NULL | F_MIN },
	{ .key = "mean", .type = T_NUM, .flags = F_NULL | F_MIN },
};
static const ck_schema time_schema = { SCHEMA(NULL, NULL, NULL,
	time_fields) };

static const ck_field stage_funnel_fields[] = {
	{ .key = "count", COUNT },
	{ .key = "pct_previous", PCT },
	{ .key = "pct_start", PCT },
	{ .key = "dropped", .type = T_INT, .flags = F_NULL | F_MIN },
	{ .key = "drop_pct", PCT },
	{ .key = "time", .type = T_MAP, .flags = F_NULL, .sub = &time_schema },
};
static const ck_schema stage_funnel_schema = { SCHEMA("the funnel", NULL,
	NULL, stage_funnel_fields) };

static const ck_field tp_fields[] = {
	{ .key = "name", .type = T_STR, .flags = F_REQ },
	{ .key = "id", .type = T_STR, .fn = ck_slug },
	{ .key = "channel", .type = T_STR, .fn = channel },
	{ .key = "description", .type = T_STR },
};
static const ck_schema tp_schema = { SCHEMA("touchpoint", "name", "id",
	tp_fields), .fn = touchpoint };
static const ck_field tp_item = { .type = T_STRMAP, .sub = &tp_schema };

static const ck_field pp_fields[] = {
	{ .key = "text", .type = T_STR, .flags = F_REQ },
	{ .key = "severity", .type = T_STR, .vals = severities,
	  .nvals = &severities_n },
	{ .key = "touchpoint", .type = T_STR },
};
static const ck_schema pp_schema = { SCHEMA("pain point", "text", NULL,
	pp_fields), .fn = pain_point };
static const ck_field pp_item = { .type = T_STRMAP, .sub = &pp_schema };

static const ck_field metric_fields[] = {
	{ .key = "name", .type = T_STR, .flags = F_REQ },
	{ .key = "value", .type = T_NUM },
	{ .key = "unit", .type = T_STR },
	{ .key = "target", .type = T_NUM },
	{ .key = "kind", .type = T_STR, .vals = kinds, .nvals = &kinds_n },
	{ .key = "better", .type = T_STR, .vals = betters, .nvals = &betters_n },
};
static const ck_schema metric_schema = { SCHEMA("metric", "name", NULL,
	metric_fields), .fn = metric };
static const ck_field metric_item = { .type = T_MAP, .sub = &metric_schema };

#define LIST(k) { .key = (k), .type = T_LIST }
#define LANE(k) { .key = (k), .type = T_LIST, .flags = F_LANE }
static const ck_field stage_fields[] = {
	{ .key = "id", .type = T_STR, .flags = F_REQ, .fn = ck_slug,
	  .hint = "add an id such as 'id: checkout'" },
	{ .key = "name", .type = T_STR, .flags = F_REQ },
	{ .key = "subtitle", .type = T_STR },
	{ .key = "phase", .type = T_STR },
	{ .key = "duration", .type = T_STR },
	{ .key = "owner", .type = T_STR },
	LANE("goals"), LANE("actions"),
	{ .key = "touchpoints", .type = T_SEQ, .flags = F_ONE | F_LANE,
	  .item = &tp_item },
	LANE("thoughts"), LANE("feelings"),
	{ .key = "emotion", .type = T_ANY, .flags = F_LANE,
	  .fn = ck_emotion_any },
	LANE("needs"), LANE("expectations"), LANE("experience"),
	{ .key = "pain_points", .type = T_SEQ, .flags = F_ONE | F_LANE,
	  .item = &pp_item },
	LANE("opportunities"),
	{ .key = "metrics", .type = T_SEQ, .flags = F_LANE,
	  .item = &metric_item },
	LANE("frontstage"), LANE("backstage"), LANE("support"),
	LIST("events"),
	{ .key = "funnel", .type = T_MAP, .sub = &stage_funnel_schema },
};
static const ck_schema stage_schema = { SCHEMA("stage", "id", "name",
	stage_fields), .stage = 1, .fn = stage };
static const ck_field stage_item = { .type = T_MAP, .sub = &stage_schema };

static const ck_field transition_fields[] = {
	{ .key = "from", .type = T_STR, .flags = F_REQ },
	{ .key = "to", .type = T_STR, .flags = F_REQ },
	{ .key = "label", .type = T_STR },
	{ .key = "count", COUNT },
};
static const ck_schema transition_schema = { SCHEMA(NULL, NULL, NULL,
	transition_fields), .fn = transition };
static const ck_field transition_item = { .type = T_MAP,
	.sub = &transition_schema };

#define PERSONA_FIELDS \
	{ .key = "name", .type = T_STR, .flags = F_REQ }, \
	{ .key = "description", .type = T_STR }, \
	{ .key = "age", COUNT }, \
	{ .key = "segment", .type = T_STR }, \
	{ .key = "quote", .type = T_STR }, \
	LIST("goals"), LIST("needs"), LIST("frustrations"), \
	{ .key = "photo", .type = T_STR }
static const ck_field persona_fields[] = { PERSONA_FIELDS };
static const ck_schema persona_schema = { SCHEMA("the persona", NULL, NULL,
	persona_fields) };
/* One of several personas: the same keys, with an id the stages'
 * emotions name (check_kinds.c). */
static const ck_field personas_fields[] = {
	{ .key = "id", .type = T_STR, .flags = F_REQ, .fn = ck_slug,
	  .hint = "add an id such as 'id: maya'" },
	PERSONA_FIELDS
};
static const ck_schema personas_schema = { SCHEMA("persona", "id", "name",
	personas_fields), .fn = ck_persona };
static const ck_field persona_item = { .type = T_MAP,
	.sub = &personas_schema };

static const ck_field loss_count_fields[] = {
	{ .key = "stage", .type = T_STR },
	{ .key = "dropped", COUNT },
};
static const ck_schema loss_count_schema = { SCHEMA(NULL, NULL, NULL,
	loss_count_fields) };
static const ck_field loss_rate_fields[] = {
	{ .key = "stage", .type = T_STR },
	{ .key = "drop_pct", PCT },
};
static const ck_schema loss_rate_schema = { SCHEMA(NULL, NULL, NULL,
	loss_rate_fields) };
static const ck_field loss_fields[] = {
	{ .key = "count", .type = T_MAP, .flags = F_NULL,
	  .sub = &loss_count_schema },
	{ .key = "rate", .type = T_MAP, .flags = F_NULL,
	  .sub = &loss_rate_schema },
};
static const ck_schema loss_schema = { SCHEMA(NULL, NULL, NULL,
	loss_fields) };
/* What cjm-funnel writes (cjm_funnel_settings): checked as strictly as
 * the rest, since cjm-funnel --merge and cjm-render read it back. */
static const char *const entries_w[] = { "latest", "first" };
static const size_t entries_n = NELEM(entries_w);
static const char *const orders_w[] = { "loose", "strict", "any" };
static const size_t orders_n = NELEM(orders_w);
static const char *const counts_w[] = { "users", "totals" };
static const size_t counts_n = NELEM(counts_w);
static const char *const exmodes_w[] = { "drop", "truncate" };
static const size_t exmodes_n = NELEM(exmodes_w);
static const char *const tunits_w[] = { "auto", "s", "ms", "us", "ns" };
static const size_t tunits_n = NELEM(tunits_w);
static const ck_field settings_fields[] = {
	{ .key = "window", .type = T_STR },
	{ .key = "entry", .type = T_STR, .vals = entries_w,
	  .nvals = &entries_n },
	{ .key = "order", .type = T_STR, .vals = orders_w, .nvals = &orders_n },
	{ .key = "count", .type = T_STR, .vals = counts_w, .nvals = &counts_n },
	{ .key = "by", .type = T_STR, .flags = F_NULL },
	LIST("exclude"),
	{ .key = "exclude_mode", .type = T_STR, .vals = exmodes_w,
	  .nvals = &exmodes_n },
	{ .key = "top", .type = T_INT, .flags = F_MIN | F_MAX, .min = 1,
	  .max = 1000 },
	{ .key = "time_unit", .type = T_STR, .vals = tunits_w,
	  .nvals = &tunits_n },
	{ .key = "time_format", .type = T_STR },
};
static const ck_schema settings_schema = { SCHEMA("the funnel settings",
	NULL, NULL, settings_fields) };

static const ck_field breakdown_fields[] = {
	{ .key = "value", .type = T_ANY },
	{ .key = "entered", COUNT },
	{ .key = "converted", COUNT },
	{ .key = "pct", PCT },
	{ .key = "counts", .type = T_SEQ, .item = &count_item },
};
static const ck_schema breakdown_schema = { SCHEMA(NULL, NULL, NULL,
	breakdown_fields) };
static const ck_field breakdown_item = { .type = T_MAP,
	.sub = &breakdown_schema };

static const ck_field map_funnel_fields[] = {
	{ .key = "source", .type = T_STR, .vals = sources,
	  .nvals = &sources_n },
	{ .key = "entered", COUNT },
	{ .key = "converted", COUNT },
	{ .key = "pct", PCT },
	{ .key = "biggest_loss", .type = T_MAP, .flags = F_NULL,
	  .sub = &loss_schema },
	{ .key = "time", .type = T_MAP, .flags = F_NULL, .sub = &time_schema },
	{ .key = "settings", .type = T_MAP, .sub = &settings_schema },
	{ .key = "breakdown", .type = T_SEQ, .item = &breakdown_item },
	{ .key = "skipped", COUNT },
	{ .key = "users", COUNT },
	{ .key = "events", COUNT },
};
static const ck_schema map_funnel_schema = { SCHEMA("the funnel", NULL,
	NULL, map_funnel_fields) };

#define SCORE	.type = T_NUM, .flags = F_MIN | F_MAX, .min = 1, .max = 5
#define LEVEL	.type = T_INT, .flags = F_MIN | F_MAX, .min = 1, .max = 5
static const ck_field dim_fields[] = {
	{ .key = "id", .type = T_STR },
	{ .key = "name", .type = T_STR },
	{ .key = "n", COUNT },
	{ .key = "mean", SCORE }, { .key = "min", SCORE }, { .key = "max", SCORE },
	{ .key = "sd", .type = T_NUM, .flags = F_NULL | F_MIN },
};
static const ck_schema dim_schema = { SCHEMA("dimension", "id", NULL,
	dim_fields) };
static const ck_field dim_item = { .type = T_MAP, .sub = &dim_schema };

static const ck_field lowest_fields[] = {
	{ .key = "q", .type = T_INT, .flags = F_MIN | F_MAX, .min = 1,
	  .max = 20 },
	{ .key = "dimension", .type = T_STR },
	{ .key = "text", .type = T_STR },
	{ .key = "mean", SCORE },
};
static const ck_schema lowest_schema = { SCHEMA(NULL, NULL, NULL,
	lowest_fields) };
static const ck_field lowest_item = { .type = T_MAP, .sub = &lowest_schema };

/* Respondents per maturity stage: the keys are the stages
 * (cjm_maturity_stages), nothing else. */
static const ck_field counts_fields[] = {
	{ .key = "investigate", COUNT }, { .key = "initiate", COUNT },
	{ .key = "mobilize", COUNT }, { .key = "scale", COUNT },
	{ .key = "embed", COUNT },
};
static const ck_schema counts_schema = { SCHEMA(NULL, NULL, NULL,
	counts_fields) };
static const ck_field dept_fields[] = {
	{ .key = "name", .type = T_STR },
	{ .key = "respondents", COUNT },
	{ .key = "score", SCORE },
	{ .key = "level", LEVEL },
	{ .key = "stage", .type = T_STR, .vals = cjm_maturity_stages,
	  .nvals = &stages_n },
	{ .key = "stage_name", .type = T_STR },
	{ .key = "fits", .type = T_SEQ, .item = &type_item },
	{ .key = "dimensions", .type = T_SEQ, .item = &dim_item },
	{ .key = "weakest", .type = T_STR },
	{ .key = "lowest", .type = T_SEQ, .item = &lowest_item },
	{ .key = "stage_counts", .type = T_MAP, .sub = &counts_schema },
	{ .key = "missing", COUNT },
};
static const ck_schema dept_schema = { SCHEMA("department", "name", NULL,
	dept_fields), .fn = maturity };
static const ck_field dept_item = { .type = T_MAP, .sub = &dept_schema };

static const ck_field maturity_fields[] = {
	{ .key = "organization", .type = T_STR },
	{ .key = "respondents", COUNT },
	{ .key = "score", SCORE },
	{ .key = "level", LEVEL },
	{ .key = "stage", .type = T_STR, .vals = cjm_maturity_stages,
	  .nvals = &stages_n },
	{ .key = "stage_name", .type = T_STR },
	{ .key = "lang", .type = T_STR, .vals = langs, .nvals = &langs_n },
	{ .key = "rule", .type = T_STR, .vals = rules, .nvals = &rules_n },
	{ .key = "thresholds", .type = T_SEQ, .item = &num_item,
	  .fn = thresholds },
	{ .key = "fits", .type = T_SEQ, .item = &type_item },
	{ .key = "dimensions", .type = T_SEQ, .item = &dim_item },
	{ .key = "weakest", .type = T_STR },
	{ .key = "lowest", .type = T_SEQ, .item = &lowest_item },
	{ .key = "stage_counts", .type = T_MAP, .sub = &counts_schema },
	{ .key = "departments", .type = T_SEQ, .item = &dept_item },
	{ .key = "missing", COUNT },
};
static const ck_schema maturity_schema = { SCHEMA("the maturity", NULL,
	NULL, maturity_fields), .fn = maturity };

static const ck_field root_fields[] = {
	{ .key = "cjm", .type = T_INT, .flags = F_REQ, .fn = version,
	  .hint = "add 'cjm: 1' at the top" },
	{ .key = "title", .type = T_STR, .flags = F_REQ,
	  .hint = "add a 'title' naming the journey" },
	{ .key = "description", .type = T_STR },
	{ .key = "lang", .type = T_STR, .fn = lang },
	{ .key = "type", .type = T_STR, .vals = cjm_map_types,
	  .nvals = &cjm_map_types_count },
	{ .key = "persona", .type = T_MAP, .sub = &persona_schema },
	{ .key = "personas", .type = T_SEQ, .item = &persona_item,
	  .fn = ck_personas },
	{ .key = "emotion_scale", .type = T_SEQ, .item = &num_item,
	  .fn = scale },
	{ .key = "stages", .type = T_SEQ, .flags = F_REQ, .item = &stage_item,
	  .fn = stage_count,
	  .hint = "add 'stages' with at least one {id, name}" },
	{ .key = "transitions", .type = T_SEQ, .item = &transition_item },
	{ .key = "metrics", .type = T_SEQ, .item = &metric_item },
	{ .key = "decisions", .type = T_SEQ, .item = &ck_decision_item },
	{ .key = "funnel", .type = T_MAP, .sub = &map_funnel_schema },
	{ .key = "maturity", .type = T_MAP, .sub = &maturity_schema },
};
const ck_schema ck_root_schema = { SCHEMA("the map", NULL, NULL,
	root_fields) };
