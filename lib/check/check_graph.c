/* check_graph.c: the checks that need the whole map: references to
 * touchpoints, the touchpoint graph, map-type advice. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_impl.h"
#include "num.h"


static const char *
stage_name(ck *c, size_t i, char *buf, size_t size)
{
	const json_t *st = json_array_get(json_object_get(c->root, "stages"),
	    i);
	const char *id = json_string_value(json_object_get(st, "id"));
	char q[CK_QBUF];

	if (id != NULL)
		snprintf(buf, size, "stage '%s'", ck_quote(id, q, sizeof(q)));
	else
		snprintf(buf, size, "stages[%zu]", i);
	return buf;
}

static void
refs(ck *c)
{
	size_t i;

	for (i = 0; i < c->nrefs; i++) {
		struct ck_ref *r = &c->refs[i];
		char path[512], desc[512], q[CK_QBUF], sn[256];

		/* The message is made only for a reference that misses. */
		if (r->path == NULL || json_object_get(c->tp_ids, r->id))
			continue;
		snprintf(path, sizeof(path), "%s.%s", r->path, r->key);
		snprintf(desc, sizeof(desc), "pain point '%s' in %s",
		    ck_quote(json_string_value(json_object_get(r->obj,
		    "text")) ? json_string_value(json_object_get(r->obj,
		    "text")) : "", q, sizeof(q)),
		    stage_name(c, r->stage, sn, sizeof(sn)));
		/* Reported at the place remembered, not where the walk is. */
		c->at = path;
		ck_resolve(c, r->obj, r->key, desc);
		c->at = NULL;
	}
}

/* Breadth-first from the first stage's touchpoints over the edges kept
 * as an adjacency array (CSR): linear in touchpoints and transitions. */
static char *
reach(ck *c, size_t *deg)
{
	size_t *adj = malloc((c->nedges / 2 + 1) * sizeof(*adj));
	size_t *queue = malloc((c->ntps + 1) * sizeof(*queue));
	size_t *fill = calloc(c->ntps + 1, sizeof(*fill));
	char *seen = calloc(c->ntps + 1, 1);
	size_t i, head = 0, tail = 0;

	if (adj == NULL || queue == NULL || fill == NULL || seen == NULL) {
		c->oom = 1;
		free(seen);
		seen = NULL;
		goto out;
	}
	for (i = 0; i < c->nedges; i += 2)
		adj[deg[c->edges[i]] + fill[c->edges[i]]++] = c->edges[i + 1];
	for (i = 0; i < c->ntps; i++)
		if (c->tps[i].stage == 0) {
			seen[i] = 1;
			queue[tail++] = i;
		}
	while (head < tail) {
		size_t u = queue[head++], e;

		for (e = deg[u]; e < deg[u + 1]; e++)
			if (!seen[adj[e]]) {
				seen[adj[e]] = 1;
				queue[tail++] = adj[e];
			}
	}
out:
	free(adj);
	free(queue);
	free(fill);
	return seen;
}

static void
tp_warn(ck *c, const struct ck_tp *tp, const char *code, const char *hint,
    const char *what)
{
	char q[CK_QBUF], sn[256];

	c->at = tp->path;
	ck_report(c, CJM_WARNING, code, ck_pos_in(c, tp->obj, "id"), hint,
	    "touchpoint '%s' in %s %s", ck_quote(tp->id, q, sizeof(q)),
	    stage_name(c, tp->stage, sn, sizeof(sn)), what);
	c->at = NULL;
}

/* Unreachable touchpoints and dead ends, when the map has transitions;
 * touchpoints without an id are not in the graph. A graph with a broken
 * transition is not judged: its errors say what to fix first. */
static void
graph(ck *c)
{
	const json_t *stages = json_object_get(c->root, "stages");
	size_t i, last = json_array_size(stages) - 1, start = 0;
	size_t *deg;
	char *seen;

	if (json_array_size(json_object_get(c->root, "transitions")) == 0 ||
	    c->ntps == 0 || c->bad_edges)
		return;
	if ((deg = calloc(c->ntps + 1, sizeof(*deg))) == NULL) {
		c->oom = 1;
		return;
	}
	for (i = 0; i < c->nedges; i += 2)
		deg[c->edges[i] + 1]++;
	for (i = 0; i < c->ntps; i++) {
		deg[i + 1] += deg[i];
		start += c->tps[i].stage == 0;
	}
	if ((seen = reach(c, deg)) == NULL) {
		free(deg);
		return;
	}
	if (start == 0) {
		ck_node n = { json_array_get(stages, 0), stages, NULL, 0 };
		size_t len = ck_push(c, &n);

		ck_report(c, CJM_WARNING, "unreachable", ck_pos(c, &n),
		    "give the first stage's touchpoints ids and start the "
		    "transitions there", "the first stage has no touchpoint "
		    "with an id, so no touchpoint can be reached");
		ck_pop(c, len);
	}
	for (i = 0; i < c->ntps; i++) {
		if (!seen[i] && start > 0)
			tp_warn(c, &c->tps[i], "unreachable", "add a transition "
			    "that leads to it", "cannot be reached from the "
			    "first stage's touchpoints");
		if (deg[i + 1] == deg[i] && c->tps[i].stage != last)
			tp_warn(c, &c->tps[i], "dead-end", "add a transition "
			    "out of it", "is a dead end: no transition leaves "
			    "it and it is not in the last stage");
	}
	free(seen);
	free(deg);
}

static int
word_in(const char *w, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		if (strcmp(w, v[i]) == 0)
			return 1;
	return 0;
}

static void type_report(ck *, const char *, const char *, const char *, ...)
    __attribute__((format(printf, 4, 5)));

/* A finding about the map's type, reported at 'type'. */
static void
type_report(ck *c, const char *code, const char *hint, const char *fmt, ...)
{
	ck_node n = { json_object_get(c->root, "type"), c->root, "type", 0 };
	size_t len = ck_push(c, &n);
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	cjm_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ck_report(c, CJM_WARNING, code, ck_pos(c, &n), hint, "%s", msg);
	ck_pop(c, len);
}

/* The maturity level: 'level', or the level of 'stage' when only that
 * is given; 0 when neither is usable. */
static int
maturity_level(const json_t *m)
{
	const json_t *lv = json_object_get(m, "level");
	const char *st = json_string_value(json_object_get(m, "stage"));
	int i;

	if (json_is_integer(lv))
		return json_integer_value(lv) >= 1 &&
		    json_integer_value(lv) <= 5 ? (int)json_integer_value(lv) : 0;
	for (i = 0; st != NULL && i < 5; i++)
		if (strcmp(st, cjm_maturity_stages[i]) == 0)
			return i + 1;
	return 0;
}

/* Does the map's type fit the CX maturity found (maturity.md)? */
static void
fit(ck *c, const char *type)
{
	int level = maturity_level(json_object_get(c->root, "maturity"));
	char msg[256], hint[160];

	if (!cjm_maturity_fit_check(type, level, msg, sizeof(msg), hint,
	    sizeof(hint)))
		type_report(c, "type-maturity", hint, "%s", msg);
}

/* Map-type advice, and whether the type fits the maturity found. */
static void
advice(ck *c)
{
	const char *type = json_string_value(json_object_get(c->root, "type"));

	if (type == NULL || !word_in(type, cjm_map_types, cjm_map_types_count))
		return;
	if (!c->opts->no_advice && strcmp(type, "conversion") == 0 &&
	    !c->has_counts && !c->has_events)
		type_report(c, "advice-conversion", "add 'funnel: {count: N}' "
		    "to the stages, or their 'events' for cjm-funnel --events",
		    "a %s map needs funnel counts or events, and no stage has "
		    "them", type);
	if (!c->opts->no_advice && strcmp(type, "design") == 0 &&
	    !c->has_blueprint)
		type_report(c, "advice-design", "add what staff do in view "
		    "('frontstage') and out of view ('backstage')", "a %s map "
		    "(service blueprint) has no front-stage or back-stage lane",
		    type);
	if (!c->opts->no_advice)
		ck_kinds_advice(c);
	fit(c, type);
}

void
ck_finish(ck *c)
{
	refs(c);
	graph(c);
	advice(c);
}

void
ck_state_free(ck *c)
{
	size_t i;

	for (i = 0; i < c->ntps; i++)
		free(c->tps[i].path);
	for (i = 0; i < c->nrefs; i++)
		free(c->refs[i].path);
	free(c->tps);
	free(c->refs);
	free(c->edges);
	free(c->path);
	free(c->stack);
	json_decref(c->stage_ids);
	json_decref(c->tp_ids);
	ck_kinds_free(c);
}
