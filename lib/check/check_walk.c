/* check_walk.c: checks one value or one mapping against its table entry:
 * type, range, allowed words, unknown and missing keys. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_impl.h"
#include "num.h"
#include "load.h"

/* An item's name is the end of its path: "goals[2]" of
 * "stages[0].goals[2]"; made only when a message needs it. */
static const char *
item_name(ck *c, const char *name)
{
	const ck_node *top, *up;

	if (name != NULL)
		return name;
	/* A copy: ck_path's buffer is remade by the next message part. */
	if (c->depth < 2 || (top = c->stack[c->depth - 1])->key != NULL ||
	    (up = c->stack[c->depth - 2])->key == NULL)
		snprintf(c->name, sizeof(c->name), "%s", ck_path(c, c->depth));
	else
		snprintf(c->name, sizeof(c->name), "%.100s[%zu]", up->key,
		    top->index);
	return c->name;
}

static const char *
want_name(const ck_field *f)
{
	switch (f->type) {
	case T_STR: return "a string";
	case T_INT: return "an integer";
	case T_NUM: return "a number";
	case T_LIST: return "a string or a list of strings";
	case T_MAP: return "a mapping";
	case T_SEQ: return "a list";
	case T_STRMAP: return "a string or a mapping";
	default: return "a value";
	}
}

/* The value as a message shows it: 'text', 3.5, true, a mapping. */
static const char *
got_name(const json_t *v, char *buf, size_t size)
{
	char q[CK_QBUF];

	switch (json_typeof(v)) {
	case JSON_STRING:
		snprintf(buf, size, "a string ('%s')",
		    ck_quote(json_string_value(v), q, sizeof(q)));
		return buf;
	case JSON_INTEGER:
		snprintf(buf, size, "%lld", (long long)json_integer_value(v));
		return buf;
	case JSON_REAL:
		/* 3.0 shown as 3 would hide why it is not an integer */
		ck_num(json_real_value(v), buf, size);
		if (strspn(buf, "-0123456789") == strlen(buf))
			strncat(buf, ".0", size - strlen(buf) - 1);
		return buf;
	case JSON_TRUE: return "true";
	case JSON_FALSE: return "false";
	case JSON_NULL: return "empty";
	case JSON_OBJECT: return "a mapping";
	default: return "a list";
	}
}

/* "18,400", "18 400", "18.400", "18 400" (no-break or narrow space):
 * digit groups of three after one to three digits; the number without
 * the separators into buf as a hint. */
static int
grouped(const char *s, char *buf, size_t size)
{
	char digits[64];
	size_t n = 0, run = 0, groups = 0;
	int sep = 0;

	for (; *s && n + 1 < sizeof(digits); s++) {
		size_t skip = 0;

		if (*s >= '0' && *s <= '9') {
			digits[n++] = *s;
			run++;
			continue;
		}
		if (*s == ',' || *s == ' ' || *s == '.' || *s == '\'')
			skip = 1;
		else if (strncmp(s, "\xC2\xA0", 2) == 0)
			skip = 2;
		else if (strncmp(s, "\xE2\x80\xAF", 3) == 0)
			skip = 3;
		if (skip == 0 || run == 0 || run > 3 || (groups && run != 3) ||
		    (sep && sep != *s))
			return 0;
		sep = *s;
		groups++;
		run = 0;
		s += skip - 1;
	}
	if (*s || groups == 0 || run != 3)
		return 0;
	digits[n] = '\0';
	snprintf(buf, size, "write %s, digits only (no thousands "
	    "separator)", digits);
	return 1;
}

/* A hint for the usual slips: a number in quotes, text without them,
 * 3.0 for 3, a mapping where YAML wanted '- ' items. */
static const char *
type_hint(const ck_field *f, const json_t *v, char *buf, size_t size)
{
	if (f->type == T_STR && (json_is_number(v) || json_is_boolean(v)))
		return "put it in quotes to make it text";
	if ((f->type == T_INT || f->type == T_NUM) && json_is_string(v)) {
		char *end;
		const char *s = json_string_value(v);

		if (*s != '\0' && (cjm_strtod(s, &end), *end == '\0'))
			return "remove the quotes to make it a number";
		if (grouped(s, buf, size))
			return buf;
		return NULL;
	}
	if (f->type == T_INT && json_is_real(v)) {
		double d = json_real_value(v);

		if (d == floor(d) && fabs(d) < 1e15) {
			cjm_snprintf(buf, size, "write %.0f, without a "
			    "fraction", d);
			return buf;
		}
		return "use a whole number";
	}
	if ((f->type == T_SEQ || f->type == T_LIST) && json_is_object(v))
		return "write each item on its own line starting with '- '";
	return NULL;
}

static void
type_error(ck *c, const ck_node *n, const ck_field *f, const char *name)
{
	char got[CK_QBUF + 32], hb[128];

	ck_report(c, CJM_ERROR, "wrong-type", ck_pos(c, n),
	    type_hint(f, n->v, hb, sizeof(hb)), "'%s' in %s must be %s, not %s",
	    item_name(c, name), ck_desc(c), want_name(f), got_name(n->v, got, sizeof(got)));
}

static void
range_error(ck *c, const ck_node *n, const ck_field *f, const char *name)
{
	char v[40], lo[40], hi[40];
	double x = json_number_value(n->v);

	ck_num(x, v, sizeof(v));
	ck_num(f->min, lo, sizeof(lo));
	ck_num(f->max, hi, sizeof(hi));
	if ((f->flags & F_MIN) && (f->flags & F_MAX))
		ck_report(c, CJM_ERROR, "out-of-range", ck_pos(c, n), NULL,
		    "'%s' in %s is %s; it must be between %s and %s",
		    item_name(c, name),
		    ck_desc(c), v, lo, hi);
	else
		ck_report(c, CJM_ERROR, "out-of-range", ck_pos(c, n), NULL,
		    "'%s' in %s is %s; it must be at %s %s", item_name(c, name),
		    ck_desc(c), v,
		    (f->flags & F_MIN) ? "least" : "most",
		    (f->flags & F_MIN) ? lo : hi);
}

static int
in_range(const ck_field *f, double x)
{
	return !((f->flags & F_MIN) && x < f->min) &&
	    !((f->flags & F_MAX) && x > f->max);
}

/* "a, b or c" for a hint, cut short if it would not fit. */
void
ck_join_words(const char *const *w, size_t n, char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < n && len + strlen(w[i]) + 8 < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
		    i == 0 ? "" : i + 1 == n ? " or " : ", ", w[i]);
}

static void
word_error(ck *c, const ck_node *n, const ck_field *f, const char *name)
{
	const char *s = json_string_value(n->v), *near;
	char q[CK_QBUF], hb[400];
	size_t k = *f->nvals;

	near = cjm_suggest(s, f->vals, k);
	if (f->key != NULL && strcmp(f->key, "type") == 0 &&
	    strstr(s, "blueprint") != NULL)
		snprintf(hb, sizeof(hb), "a service blueprint is type 'design': "
		    "write 'type: design' and give the stages frontstage, "
		    "backstage and support lanes");
	else if (near != NULL)
		snprintf(hb, sizeof(hb), "did you mean '%s'?", near);
	else {
		memcpy(hb, "use ", 5);
		ck_join_words(f->vals, k, hb + 4, sizeof(hb) - 4);
	}
	/* "unknown severity 'x'" for a key; an item has no word for
	 * what it is, so it is named by its place. */
	ck_quote(s, q, sizeof(q));
	if (n->key != NULL)
		ck_report(c, CJM_ERROR, "bad-value", ck_pos(c, n), hb,
		    "unknown %s '%s' in %s", item_name(c, name), q, ck_desc(c));
	else
		ck_report(c, CJM_ERROR, "bad-value", ck_pos(c, n), hb,
		    "unknown value '%s' for %s in %s", q, item_name(c, name),
		    ck_desc(c));
}

/* What people write for the format's words, by key: Russian severities
 * (as the maturity answers take Russian words) and the usual names of
 * channels. Lower case: the text is folded first. */
static const char *const aliases[][3] = {
	{ "severity", "высокая", "high" }, { "severity", "высокий", "high" },
	{ "severity", "высокое", "high" }, { "severity", "критичная", "high" },
	{ "severity", "средняя", "medium" }, { "severity", "средний", "medium" },
	{ "severity", "среднее", "medium" }, { "severity", "низкая", "low" },
	{ "severity", "низкий", "low" }, { "severity", "низкое", "low" },
	{ "channel", "app", "mobile" }, { "channel", "mobile-app", "mobile" },
	{ "channel", "ios", "mobile" }, { "channel", "android", "mobile" },
	{ "channel", "site", "web" }, { "channel", "website", "web" },
	{ "channel", "online", "web" }, { "channel", "e-mail", "email" },
	{ "channel", "call-centre", "phone" },
	{ "channel", "call-center", "phone" }, { "channel", "hotline", "phone" },
	{ "channel", "приложение", "mobile" }, { "channel", "сайт", "web" },
	{ "channel", "телефон", "phone" }, { "channel", "почта", "email" },
};

/* ASCII and Cyrillic capitals to lower case into buf (size bytes). */
static void
fold(const char *s, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	for (; *p && i + 3 < size; p++) {
		unsigned char c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		else if (c == 0xD0 && p[1] >= 0x90 && p[1] <= 0x9F) {
			buf[i++] = (char)0xD0;	/* А..П -> а..п */
			buf[i++] = (char)(*++p + 0x20);
			continue;
		} else if (c == 0xD0 && p[1] >= 0xA0 && p[1] <= 0xAF) {
			buf[i++] = (char)0xD1;	/* Р..Я -> р..я */
			buf[i++] = (char)(*++p - 0x20);
			continue;
		} else if (c == 0xD0 && p[1] == 0x81) {
			buf[i++] = (char)0xD1;	/* Ё -> ё */
			buf[i++] = (char)0x91;
			p++;
			continue;
		}
		buf[i++] = (char)c;
	}
	buf[i] = '\0';
}

const char *
ck_word(const ck_field *f, const char *s)
{
	const char *const *vals = f->vals, *hit = NULL;
	size_t n = f->nvals ? *f->nvals : 0, i, hits = 0;
	char low[128];

	if (f->key != NULL && strcmp(f->key, "channel") == 0) {
		vals = cjm_channels;
		n = cjm_channels_count;
	}
	if (vals == NULL || s == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (strcmp(vals[i], s) == 0)
			return vals[i];
	fold(s, low, sizeof(low));
	for (i = 0; f->key != NULL && i < sizeof(aliases) /
	    sizeof(aliases[0]); i++)
		if (strcmp(aliases[i][0], f->key) == 0 &&
		    strcmp(aliases[i][1], low) == 0)
			return aliases[i][2];
	/* Another case of one word (NPS, High): the word, when only one
	 * matches. */
	for (i = 0; i < n; i++)
		if (strcmp(vals[i], low) == 0 && hits++ == 0)
			hit = vals[i];
	return hits == 1 ? hit : NULL;
}

/* A word written another way: a note that says how it is read (the
 * canonical form writes the format's word). */
void
ck_word_note(ck *c, const ck_node *n, const char *name, const char *word)
{
	char q[CK_QBUF];

	ck_report(c, CJM_NOTE, "word-read-as", ck_pos(c, n), NULL,
	    "%s '%s' in %s is read as '%s'", name, ck_quote(
	    json_string_value(n->v), q, sizeof(q)), ck_desc(c), word);
}

static int
is_word(const ck_field *f, const char *s)
{
	size_t i;

	for (i = 0; i < *f->nvals; i++)
		if (strcmp(f->vals[i], s) == 0)
			return 1;
	return 0;
}

/* Items of a list, each against item. */
static void
items(ck *c, const ck_node *n, const ck_field *item)
{
	const json_t *v;
	size_t i, len;

	json_array_foreach(n->v, i, v) {
		ck_node in = { v, n->v, NULL, i };

		len = ck_push(c, &in);
		ck_value(c, &in, item, NULL);
		ck_pop(c, len);
	}
}

static const ck_field list_item = { .type = T_STR };

/* Type, then what the type allows; 1 when the type was right. */
static int
typed(ck *c, const ck_node *n, const ck_field *f, const char *name)
{
	const json_t *v = n->v;

	switch (f->type) {
	case T_ANY:
		return 1;
	case T_STR:
		if (!json_is_string(v))
			break;
		if (json_string_length(v) == 0 && (f->flags & F_REQ)) {
			ck_report(c, CJM_ERROR, "empty-value", ck_pos(c, n),
			    NULL, "'%s' in %s is empty", item_name(c, name),
			    ck_desc(c));
			return 0;
		}
		if (f->vals != NULL && !is_word(f, json_string_value(v))) {
			const char *w = ck_word(f, json_string_value(v));

			if (w != NULL)
				ck_word_note(c, n, item_name(c, name), w);
			else
				word_error(c, n, f, name);
		}
		return 1;
	case T_INT:
	case T_NUM:
		if (f->type == T_INT ? !json_is_integer(v) : !json_is_number(v))
			break;
		if (!in_range(f, json_number_value(v)))
			range_error(c, n, f, name);
		return 1;
	case T_LIST:
		if (json_is_string(v))
			return 1;
		if (!json_is_array(v))
			break;
		items(c, n, &list_item);
		return 1;
	case T_SEQ:
		if (json_is_array(v))
			items(c, n, f->item);
		else if ((f->flags & F_ONE) && json_is_string(v))
			ck_value(c, n, f->item, name);
		else
			break;
		return 1;
	case T_MAP:
	case T_STRMAP:
		if (json_is_object(v))
			ck_map(c, n, f->sub);
		else if (f->type == T_MAP || !json_is_string(v))
			break;
		return 1;
	}
	type_error(c, n, f, name);
	return 0;
}

int
ck_value(ck *c, const ck_node *n, const ck_field *f, const char *name)
{
	if (json_is_null(n->v) && (f->flags & F_NULL))
		return 1;
	if (!typed(c, n, f, name))
		return 0;
	if (f->fn != NULL)
		f->fn(c, n);
	return 1;
}

/* "stage 'checkout'", "touchpoint 'Cart' in stage 'checkout'", or the
 * path when the mapping has no name. */
static char *
describe(ck *c, struct ck_frame *fr)
{
	const ck_schema *s = fr->s;
	const json_t *v = fr->n->v;
	const char *id = NULL;
	char q[CK_QBUF], buf[512];
	size_t i;

	if (s->what == NULL || s->ident[0] != NULL) {
		for (i = 0; i < 2 && s->ident[i] != NULL && id == NULL; i++)
			id = json_string_value(json_object_get(v, s->ident[i]));
		if (id == NULL) {
			if (fr->depth == 0)
				return ck_strdup(c, "the document");
			return ck_strdup(c, ck_path(c, fr->depth));
		}
	}
	if (id != NULL)
		snprintf(buf, sizeof(buf), "%s '%s'", s->what,
		    ck_quote(id, q, sizeof(q)));
	else
		snprintf(buf, sizeof(buf), "%s", s->what);
	if (fr->stage != NULL && fr->stage != fr) {
		if (fr->stage->desc == NULL)
			fr->stage->desc = describe(c, fr->stage);
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " in %s",
		    fr->stage->desc ? fr->stage->desc : "a stage");
	}
	return ck_strdup(c, buf);
}

const char *
ck_desc(ck *c)
{
	if (c->fr == NULL)
		return "the document";
	if (c->fr->desc == NULL)
		c->fr->desc = describe(c, c->fr);
	return c->fr->desc ? c->fr->desc : "the document";
}

/* A lane of the wrong type is reported as such, not as an empty lane:
 * so it counts as content. */
int
ck_has_content(const json_t *v)
{
	return v != NULL && !json_is_null(v) && !(json_is_string(v) &&
	    json_string_length(v) == 0) && !(json_is_array(v) &&
	    json_array_size(v) == 0);
}

/* The index of key in the table, or -1. */
static int
field(const ck_schema *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->fields[i].key[0] == key[0] &&
		    strcmp(s->fields[i].key, key) == 0)
			return (int)i;
	return -1;
}

/*
 * An unknown key with no value right after a value on the same line is
 * what a comma inside a plain scalar of a flow mapping leaves: {count:
 * 18,400} is {count: 18, "400": null}, {text: Slow, rude} is {text:
 * Slow, "rude": null}. Say so; 1 when the hint was written.
 */
static int
split_by_comma(ck *c, const ck_node *n, const char *key, const json_t *v,
    char *hb, size_t size)
{
	const char *k, *prev = NULL;
	const json_t *x, *pv = NULL;
	cjm_pos kp, vp;

	if (!json_is_null(v))
		return 0;
	json_object_foreach((json_t *)n->v, k, x) {
		if (strcmp(k, key) == 0)
			break;
		prev = k;
		pv = x;
	}
	kp = ck_key_pos(c, n->v, key);
	vp = ck_pos_in(c, n->v, prev ? prev : "");
	if (prev == NULL || kp.line == 0 || kp.line != vp.line)
		return 0;
	if (json_is_integer(pv) && strlen(key) == 3 &&
	    strspn(key, "0123456789") == 3)
		snprintf(hb, size, "a number written with a thousands "
		    "separator? write %lld%s, digits only",
		    (long long)json_integer_value(pv), key);
	else
		snprintf(hb, size, "quote the text: a comma ends a value in "
		    "{...} ('%.40s' is read as a key of its own)", key);
	return 1;
}

/* A character in a key that an editor does not show, or shows as a
 * plain space: why a key that looks right can be unknown (a new user met
 * 'name ' whose last character was a no-break space). Its words in buf,
 * or NULL. */
static const char *
unseen(const char *key, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)key;
	size_t i, n = strlen(key), len;

	for (i = 0; i < n; i += len) {
		unsigned long u = cjm_utf8_decode(p + i, &len);

		if (u == 0xA0 || u == 0x1680 || (u >= 0x2000 && u <= 0x200A) ||
		    u == 0x202F || u == 0x205F || u == 0x3000) {
			snprintf(buf, size, "U+%04lX, a space that is not a "
			    "plain one", u);
			return buf;
		}
		if (u == 0xAD || u == 0x180E || (u >= 0x200B && u <= 0x200F) ||
		    (u >= 0x202A && u <= 0x202E) || (u >= 0x2060 &&
		    u <= 0x2069) || u == 0xFEFF) {
			snprintf(buf, size, "U+%04lX, which editors do not show",
			    u);
			return buf;
		}
	}
	if (n > 0 && (key[0] == ' ' || key[0] == '\t' || key[n - 1] == ' ' ||
	    key[n - 1] == '\t'))
		return "a blank at its start or end";
	return NULL;
}

static void
unknown_key(ck *c, const ck_node *n, const ck_schema *s, const char *key,
    const json_t *v)
{
	const char *names[CK_MAXFIELDS], *near, *hidden;
	ck_node kn = { v, n->v, key, 0 };
	char q[CK_QBUF], hb[200], ub[64];
	size_t i, len;

	for (i = 0; i < s->n; i++)
		names[i] = s->fields[i].key;
	near = cjm_suggest(key, names, s->n);
	if (split_by_comma(c, n, key, v, hb, sizeof(hb)))
		;
	else if ((hidden = unseen(key, ub, sizeof(ub))) != NULL)
		snprintf(hb, sizeof(hb), "the key has %s%s%s%s", hidden, near ?
		    ": did you mean '" : "", near ? near : "", near ? "'?" : "");
	else if (near != NULL)
		snprintf(hb, sizeof(hb), "did you mean '%s'?", near);
	else
		snprintf(hb, sizeof(hb), "extensions start with 'x-'");
	len = ck_push(c, &kn);
	ck_report(c, CJM_ERROR, "unknown-key", ck_key_pos(c, n->v, key), hb,
	    "unknown key '%s' in %s", ck_quote(key, q, sizeof(q)), ck_desc(c));
	ck_pop(c, len);
}

/* One pass over the mapping's keys: each known key's value into vals[],
 * unknown ones reported (x- extensions are everyone's). */
static void
sort_keys(ck *c, const ck_node *n, const ck_schema *s, const json_t **vals)
{
	const char *key;
	const json_t *v;
	int k;

	json_object_foreach((json_t *)n->v, key, v) {
		if ((k = field(s, key)) >= 0)
			vals[k] = v;
		else if (!s->open && strncmp(key, "x-", 2) != 0)
			unknown_key(c, n, s, key, v);
	}
}

static void
missing(ck *c, const ck_node *n, const ck_field *f, const json_t *v)
{
	if (v != NULL) {
		ck_node kn = { v, n->v, f->key, 0 };
		size_t len = ck_push(c, &kn);

		ck_report(c, CJM_ERROR, "empty-value", ck_pos(c, &kn), f->hint,
		    "'%s' in %s is empty", f->key, ck_desc(c));
		ck_pop(c, len);
		return;
	}
	ck_report(c, CJM_ERROR, "missing-key", ck_pos(c, n), f->hint,
	    "missing key '%s' in %s", f->key, ck_desc(c));
}

void
ck_map(ck *c, const ck_node *n, const ck_schema *s)
{
	struct ck_frame fr = { n, s, c->depth, NULL, NULL, 0 }, *up = c->fr;
	const json_t *vals[CK_MAXFIELDS] = { NULL };
	size_t i, len, oldi = c->stage_i;

	fr.stage = s->stage ? &fr : up ? up->stage : NULL;
	c->fr = &fr;
	if (s->stage)
		c->stage_i = n->index;
	sort_keys(c, n, s, vals);
	for (i = 0; i < s->n; i++) {
		const ck_field *f = &s->fields[i];
		const json_t *v = vals[i];
		ck_node kn = { v, n->v, f->key, 0 };

		if (v == NULL || (json_is_null(v) && !(f->flags & F_NULL))) {
			if (f->flags & F_REQ)
				missing(c, n, f, v);
			continue;
		}
		if ((f->flags & F_LANE) && ck_has_content(v))
			fr.lanes++;
		len = ck_push(c, &kn);
		ck_value(c, &kn, f, f->key);
		ck_pop(c, len);
	}
	if (s->fn != NULL)
		s->fn(c, n);
	free(fr.desc);
	c->fr = up;
	c->stage_i = oldi;
}
