/* check.c: the map checker's engine: walks a document against tables of
 * keys (check_map.c), reports with positions, and sorts the findings
 * into file order. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jtext.h"
#include "check_impl.h"
#include "cjm_slug.h"
#include "grow.h"
#include "hints.h"
#include "num.h"

void
ck_report(ck *c, enum cjm_level level, const char *code, cjm_pos pos,
    const char *hint, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	cjm_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (cjm_diags_add(c->ds, level, code, c->file, c->docidx,
	    c->at ? c->at : ck_path(c, c->depth), pos, hint, "%s",
	    buf) != CJM_OK)
		c->oom = 1;
}

cjm_pos
ck_pos_in(const ck *c, const json_t *parent, const char *key)
{
	cjm_pos p;

	cjm_doc_pos(c->doc, parent, key, 0, &p, NULL);
	return p;
}

cjm_pos
ck_pos(const ck *c, const ck_node *n)
{
	cjm_pos p;

	cjm_doc_pos(c->doc, n->parent, n->key, n->index, &p, NULL);
	return p;
}

/* Where a key stands; its value's place when the key's is not known. */
cjm_pos
ck_key_pos(const ck *c, const json_t *obj, const char *key)
{
	cjm_pos v, k;

	if (cjm_doc_pos(c->doc, obj, key, 0, &v, &k) != 0 || k.line == 0)
		return v;
	return k;
}

char *
ck_strdup(ck *c, const char *s)
{
	char *d = strdup(s ? s : "");

	if (d == NULL)
		c->oom = 1;
	return d;
}

static void
path_add(ck *c, const char *s, size_t n)
{
	if (cjm_grow(&c->path, &c->pcap, c->plen + n, 1, 64) != 0) {
		c->oom = 1;
		return;
	}
	memcpy(c->path + c->plen, s, n);
	c->plen += n;
	c->path[c->plen] = '\0';
}

/* Keys that are not plain words are written as jq writes them:
 * ["odd key"]. */
static int
plain_key(const char *k)
{
	if (*k == '\0')
		return 0;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
		    (*k >= '0' && *k <= '9') || *k == '_' || *k == '-'))
			return 0;
	return 1;
}

static void
path_step(ck *c, const ck_node *n)
{
	char buf[32];
	json_t *s;
	char *q;

	if (n->key == NULL) {
		/* Digits by hand: snprintf here was a tenth of the check's
		 * instructions on the bench map, where every touchpoint and
		 * pain point keeps its path (issue 16). */
		size_t i = n->index, k = sizeof(buf);

		buf[--k] = ']';
		do
			buf[--k] = (char)('0' + i % 10);
		while ((i /= 10) > 0);
		buf[--k] = '[';
		path_add(c, buf + k, sizeof(buf) - k);
	} else if (plain_key(n->key)) {
		if (c->plen > 0)
			path_add(c, ".", 1);
		path_add(c, n->key, strlen(n->key));
	} else {
		s = json_string(n->key);
		q = s ? cjm_dumps(s, JSON_ENCODE_ANY) : NULL;
		path_add(c, "[", 1);
		if (q != NULL)
			path_add(c, q, strlen(q));
		path_add(c, "]", 1);
		free(q);
		json_decref(s);
	}
}

const char *
ck_path(ck *c, size_t depth)
{
	size_t i;

	c->plen = 0;
	path_add(c, "", 0);
	for (i = 0; i < depth && i < c->depth; i++)
		path_step(c, c->stack[i]);
	return c->path ? c->path : "";
}

/* The walk keeps a stack of where it is; the path text is made from it
 * only for a message, so the walk itself formats nothing. */
size_t
ck_push(ck *c, const ck_node *n)
{
	size_t old = c->depth;

	if (cjm_grow(&c->stack, &c->scap, c->depth, sizeof(*c->stack),
	    32) < 0) {
		c->oom = 1;
		return old;
	}
	c->stack[c->depth++] = n;
	return old;
}

void
ck_pop(ck *c, size_t depth)
{
	c->depth = depth;
}

const char *
ck_quote(const char *s, char *buf, size_t size)
{
	size_t i = 0, chars = 0;

	for (; *s && i + 8 < size; s++) {
		unsigned char ch = (unsigned char)*s;

		/* Stop at a character boundary once past the cut. */
		if ((ch & 0xC0) != 0x80 && chars++ == 40) {
			memcpy(buf + i, "...", 3);
			i += 3;
			break;
		}
		if (ch < 0x20 || ch == 0x7F)
			i += (size_t)snprintf(buf + i, size - i, "\\x%02X", ch);
		else
			buf[i++] = (char)ch;
	}
	buf[i] = '\0';
	return buf;
}

/* Numbers as people write them: 3, 0.25, 1e+30. */
const char *
ck_num(double v, char *buf, size_t size)
{
	cjm_snprintf(buf, size, "%.15g", v);
	return buf;
}

int
ck_is_slug(const char *s)
{
	return cjm_slug_valid(s);
}

static const cjm_check_opts no_opts;

/* A root that is not a mapping: say what a map looks like. */
static void
not_a_map(ck *c)
{
	const json_t *r = c->root;
	ck_node n = { r, NULL, NULL, 0 };
	const char *hint = "a map is a mapping such as: {cjm: 1, title: "
	    "My journey, stages: [{id: visit, name: Visit}]}";
	char q[CK_QBUF];

	if (r == NULL || json_is_null(r))
		ck_report(c, CJM_ERROR, "not-a-map", ck_pos(c, &n), hint,
		    "the document is empty, not a map");
	else if (json_is_array(r))
		ck_report(c, CJM_ERROR, "not-a-map", ck_pos(c, &n), hint,
		    "the document is a list, not a map");
	else if (json_is_string(r))
		ck_report(c, CJM_ERROR, "not-a-map", ck_pos(c, &n), hint,
		    "the document is a string ('%s'), not a map",
		    ck_quote(json_string_value(r), q, sizeof(q)));
	else
		ck_report(c, CJM_ERROR, "not-a-map", ck_pos(c, &n), hint,
		    "the document is a single %s, not a map",
		    json_is_number(r) ? "number" : "true/false value");
}

/* An event record's name: the first of its event keys that holds a
 * text, with *key that key; NULL when o is no record (not a mapping, or
 * a map's, with cjm or stages). */
static const json_t *
event_name(const json_t *o, const char **key)
{
	static const char *const keys[] = { CJM_EVENT_KEYS };
	const json_t *ev;
	size_t i;

	if (!json_is_object(o) || json_object_get(o, "cjm") != NULL ||
	    json_object_get(o, "stages") != NULL)
		return NULL;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (json_is_string(ev = json_object_get(o, keys[i]))) {
			*key = keys[i];
			return ev;
		}
	return NULL;
}

/* An event log given where a map goes (cjm-funnel -m LOG, cjm-validate
 * LOG), as its reader sees it: a CSV file is one plain YAML scalar (the
 * lines folded, the separators kept; it may be a grid or answers too,
 * so not-a-map), a JSON Lines log a stream of records with an event
 * name (event-log, on which the tools stop reading the stream: the rest
 * is the same log), a JSON log one list of such records. One error
 * pointing at -e, rather than what a map looks like or each record's
 * unknown keys. */
static int
event_log(ck *c)
{
	const json_t *r = c->root, *ev;
	ck_node n = { r, NULL, NULL, 0 };
	const char *key = NULL;
	char q[CK_QBUF];

	if (json_is_string(r) && strpbrk(json_string_value(r), ",;\t")) {
		ck_report(c, CJM_ERROR, "not-a-map", ck_pos(c, &n), "it reads "
		    "as CSV or TSV: " CJM_LOG_HINT ", survey answers to "
		    "cjm-maturity, a grid to cjm-convert -f grid", "the "
		    "document is a string ('%s'), not a map",
		    ck_quote(json_string_value(r), q, sizeof(q)));
		return 1;
	}
	if ((ev = event_name(r, &key)) != NULL)
		ck_report(c, CJM_ERROR, "event-log", ck_pos(c, &n),
		    CJM_LOG_HINT " (the rest of the input, the same log, is "
		    "not read as maps)", "the document is an event record (%s "
		    "'%s'), not a map", key, ck_quote(json_string_value(ev), q,
		    sizeof(q)));
	else if (json_is_array(r) && (ev = event_name(json_array_get(r, 0),
	    &key)) != NULL)
		ck_report(c, CJM_ERROR, "event-log", ck_pos(c, &n),
		    CJM_LOG_HINT, "the document is a list of event records "
		    "(the first's %s '%s'), not a map", key, ck_quote(
		    json_string_value(ev), q, sizeof(q)));
	else
		return 0;
	return 1;
}

/* The other documents of the kit, given where a map was wanted: one
 * clear error rather than a list of unknown keys. */
static int
other_document(ck *c)
{
	ck_node n = { c->root, NULL, NULL, 0 };
	const char *what = NULL, *hint = NULL;

	if (json_object_get(c->root, "cjm") != NULL)
		return 0;
	if (json_object_get(c->root, "cjm_maturity") != NULL) {
		what = "a CX maturity result (cjm-maturity's output)";
		hint = "attach it to a map with: cjm-maturity -m MAP ANSWERS";
	} else if (json_is_array(json_object_get(c->root, "respondents"))) {
		what = "CX maturity answers (cjm-maturity's input)";
		hint = "score them with cjm-maturity";
	} else
		return 0;
	ck_report(c, CJM_ERROR, "not-a-map", ck_pos(c, &n), hint,
	    "the document is %s, not a map", what);
	return 1;
}

struct order {
	const cjm_diag *d;
	size_t i;
};

/* File order; findings at the same place keep the order they were
 * made in. */
static int
by_place(const void *a, const void *b)
{
	const struct order *x = a, *y = b;

	if (x->d->pos.line != y->d->pos.line)
		return x->d->pos.line < y->d->pos.line ? -1 : 1;
	if (x->d->pos.col != y->d->pos.col)
		return x->d->pos.col < y->d->pos.col ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static int
move_sorted(cjm_diags *from, cjm_diags *to)
{
	size_t i, n = cjm_diags_count(from);
	struct order *o = malloc((n ? n : 1) * sizeof(*o));
	int st = CJM_OK;

	if (o == NULL)
		return CJM_ESYS;
	for (i = 0; i < n; i++) {
		o[i].d = cjm_diags_get(from, i);
		o[i].i = i;
	}
	qsort(o, n, sizeof(*o), by_place);
	for (i = 0; i < n && st == CJM_OK; i++)
		st = cjm_diags_add(to, o[i].d->level, o[i].d->code,
		    o[i].d->file, o[i].d->doc, o[i].d->path, o[i].d->pos,
		    o[i].d->hint, "%s", o[i].d->message);
	free(o);
	return st;
}

int
cjm_map_check(const cjm_doc *doc, const cjm_check_opts *opts,
    cjm_diags *out)
{
	ck c;
	int st;

	memset(&c, 0, sizeof(c));
	c.doc = doc;
	c.opts = opts ? opts : &no_opts;
	c.file = cjm_doc_name(doc);
	c.docidx = cjm_doc_index(doc);
	c.root = cjm_doc_root(doc);
	c.scale_ok = 1;
	c.emin = 1;
	c.emax = 5;
	c.ds = cjm_diags_new();
	c.stage_ids = json_object();
	c.tp_ids = json_object();
	if (c.ds == NULL || c.stage_ids == NULL || c.tp_ids == NULL)
		c.oom = 1;
	else if (event_log(&c))
		;
	else if (!json_is_object(c.root))
		not_a_map(&c);
	else if (other_document(&c))
		;
	else {
		ck_node n = { c.root, NULL, NULL, 0 };

		ck_map(&c, &n, &ck_root_schema);
		ck_finish(&c);
	}
	st = c.oom ? CJM_ESYS : move_sorted(c.ds, out);
	if (st == CJM_OK && cjm_diags_count_level(c.ds, CJM_ERROR) > 0)
		st = CJM_EDATA;
	if (st == CJM_ESYS) {
		cjm_pos none = { 0, 0, 0 };

		cjm_diags_add(out, CJM_FATAL, "nomem", c.file, c.docidx, NULL,
		    none, NULL, "out of memory while checking the map");
	}
	cjm_diags_free(c.ds);
	ck_state_free(&c);
	return st;
}
