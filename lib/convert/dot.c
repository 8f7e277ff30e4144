/* dot.c: the touchpoint graph as Graphviz dot: a cluster a stage, the
 * transitions as edges, dead ends and unreachable touchpoints marked by
 * the checker's own rules (cjm_map_check is asked, not copied). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jtext.h"
#include "convert_impl.h"

/* A dot string: quoted, with '"' and '\' escaped, line breaks as \n. */
static void
qstr(sbuf *b, const char *s)
{
	sb_add(b, "\"", 1);
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			sb_add(b, "\\", 1), sb_add(b, s, 1);
		else if (*s == '\n')
			sb_str(b, "\\n");
		else if (*s != '\r')
			sb_add(b, s, 1);
	}
	sb_add(b, "\"", 1);
}

/* The checker's findings on the graph: "stages[i].touchpoints[j]" ->
 * 1 unreachable, 2 dead end (or both). */
static json_t *
findings(const json_t *map)
{
	json_t *marks = json_object();
	char *text = cjm_dumps(map, JSON_COMPACT);
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *doc = NULL;
	size_t i;

	if (text != NULL && ds != NULL && cjm_doc_load_memory(text,
	    strlen(text), "map", NULL, CJM_INPUT_JSON, &doc, ds) == CJM_OK) {
		cjm_map_check(doc, NULL, ds);
		for (i = 0; i < cjm_diags_count(ds); i++) {
			const cjm_diag *d = cjm_diags_get(ds, i);
			int bit = strcmp(d->code, "unreachable") == 0 ? 1 :
			    strcmp(d->code, "dead-end") == 0 ? 2 : 0;

			if (bit != 0 && d->path != NULL)
				json_object_set_new(marks, d->path, json_integer(
				    json_integer_value(json_object_get(marks,
				    d->path)) | bit));
		}
	}
	cjm_doc_free(doc);
	cjm_diags_free(ds);
	free(text);
	return marks;
}

static void
node(sbuf *b, size_t i, size_t j, const json_t *tp, int mark)
{
	const char *name = json_string_value(json_object_get(tp, "name"));
	const char *ch = json_string_value(json_object_get(tp, "channel"));

	sb_printf(b, "\t\tn%zu_%zu [label=", i, j);
	if (ch != NULL) {
		sbuf l = { 0 };

		sb_printf(&l, "%s\n(%s)", name ? name : "", ch);
		qstr(b, l.s);
		free(l.s);
	} else
		qstr(b, name);
	if (mark & 2)
		sb_str(b, ", color=red, penwidth=2, peripheries=2");
	if (mark & 1)
		sb_str(b, ", style=\"rounded,dashed\", fontcolor=gray40");
	if (mark != 0)
		sb_printf(b, ", xlabel=\"%s%s%s\"", mark & 2 ? "dead end" : "",
		    mark == 3 ? ", " : "", mark & 1 ? "unreachable" : "");
	sb_str(b, "];\n");
}

static void
clusters(sbuf *b, const json_t *map, json_t *ids, json_t *marks)
{
	const json_t *st, *tp;
	size_t i, j;

	json_array_foreach(json_object_get(map, "stages"), i, st) {
		const json_t *tps = json_object_get(st, "touchpoints");

		sb_printf(b, "\tsubgraph cluster_%zu {\n\t\tlabel=", i);
		qstr(b, json_string_value(json_object_get(st, "name")));
		sb_str(b, ";\n");
		if (json_array_size(tps) == 0)	/* keep the stage in view */
			sb_printf(b, "\t\tn%zu_none [label=\"\", shape=point, "
			    "style=invis];\n", i);
		json_array_foreach(tps, j, tp) {
			char path[64], nm[48];
			const char *id = json_string_value(json_object_get(tp,
			    "id"));

			snprintf(path, sizeof(path), "stages[%zu].touchpoints[%zu]",
			    i, j);
			snprintf(nm, sizeof(nm), "n%zu_%zu", i, j);
			if (id != NULL)
				json_object_set_new(ids, id, json_string(nm));
			node(b, i, j, tp, (int)json_integer_value(
			    json_object_get(marks, path)));
		}
		sb_str(b, "\t}\n");
	}
}

static void
edges(sbuf *b, const json_t *map, const json_t *ids)
{
	const json_t *tr, *cnt;
	json_int_t max = 1;
	size_t i;

	json_array_foreach(json_object_get(map, "transitions"), i, tr)
		if (json_integer_value(json_object_get(tr, "count")) > max)
			max = json_integer_value(json_object_get(tr, "count"));
	json_array_foreach(json_object_get(map, "transitions"), i, tr) {
		const char *f = json_string_value(json_object_get(ids,
		    json_string_value(json_object_get(tr, "from")) ?
		    json_string_value(json_object_get(tr, "from")) : ""));
		const char *t = json_string_value(json_object_get(ids,
		    json_string_value(json_object_get(tr, "to")) ?
		    json_string_value(json_object_get(tr, "to")) : ""));
		const char *lab = json_string_value(json_object_get(tr,
		    "label"));
		sbuf l = { 0 };

		if (f == NULL || t == NULL)
			continue;	/* a broken reference: the checker says */
		sb_printf(b, "\t%s -> %s", f, t);
		cnt = json_object_get(tr, "count");
		if (lab != NULL && json_is_integer(cnt))
			sb_printf(&l, "%s\n%" JSON_INTEGER_FORMAT, lab,
			    json_integer_value(cnt));
		else if (json_is_integer(cnt))
			sb_printf(&l, "%" JSON_INTEGER_FORMAT,
			    json_integer_value(cnt));
		else if (lab != NULL)
			sb_str(&l, lab);
		sb_str(b, " [");
		if (l.s != NULL) {
			sb_str(b, "label=");
			qstr(b, l.s);
			sb_str(b, ", ");
		}
		free(l.s);
		if (json_is_integer(cnt))	/* wider and straighter */
			sb_printf(b, "weight=%" JSON_INTEGER_FORMAT ", penwidth="
			    "%.2f", json_integer_value(cnt) + 1, 1 + 5.0 *
			    (double)json_integer_value(cnt) / (double)max);
		else
			sb_str(b, "style=solid");
		sb_str(b, "];\n");
	}
}

int
cjm_dot_write(const json_t *map, cjm_write_fn fn, void *ctx,
    cjm_diags *ds)
{
	json_t *ids = json_object(), *marks = findings(map);
	sbuf b = { 0 };

	(void)ds;
	sb_str(&b, "digraph journey {\n\tlabel=");
	qstr(&b, json_string_value(json_object_get(map, "title")));
	sb_str(&b, ";\n\tlabelloc=t;\n\trankdir=LR;\n\tcompound=true;\n"
	    "\tnewrank=true;\n\tnode [shape=box, style=rounded, "
	    "fontname=\"sans-serif\"];\n\tedge [fontname=\"sans-serif\", "
	    "fontsize=10];\n");
	clusters(&b, map, ids, marks);
	edges(&b, map, ids);
	sb_str(&b, "}\n");
	json_decref(ids);
	json_decref(marks);
	return sb_emit(&b, fn, ctx);
}
