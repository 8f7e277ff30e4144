/* check_schema.c: the JSON Schema (draft 2020-12) of map format 1, made
 * from the checker's own tables (check_map.c) so that the two cannot
 * drift. It says what the tables say: keys, types, required keys, words,
 * ranges, slugs; what the checker does in code (emotion within the map's
 * scale, ids that refer to each other, the touchpoint graph, warnings)
 * only cjm-validate can tell. */
#include <string.h>

#include "check_impl.h"

static json_t *map_schema(const ck_schema *, int root);

/* null stands for an absent key (check_walk.c): let it through. */
static json_t *
or_null(json_t *s)
{
	json_t *t = json_object_get(s, "type"), *e = json_object_get(s, "enum");

	if (json_is_string(t)) {
		json_object_set_new(s, "type", json_pack("[O,s]", t, "null"));
		if (e != NULL)
			json_array_append_new(e, json_null());
		return s;
	}
	return json_pack("{s:[o,{s:s}]}", "anyOf", s, "type", "null");
}

static json_t *
words(const ck_field *f)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < *f->nvals; i++)
		json_array_append_new(a, json_string(f->vals[i]));
	return a;
}

static json_t *
number(const ck_field *f)
{
	json_t *s = json_pack("{s:s}", "type", f->type == T_INT ? "integer" :
	    "number");

	if (f->flags & F_MIN)
		json_object_set_new(s, "minimum", f->type == T_INT ?
		    json_integer((json_int_t)f->min) : json_real(f->min));
	if (f->flags & F_MAX)
		json_object_set_new(s, "maximum", f->type == T_INT ?
		    json_integer((json_int_t)f->max) : json_real(f->max));
	return s;
}

static json_t *
string(const ck_field *f)
{
	json_t *s = json_pack("{s:s}", "type", "string");

	if (f->vals != NULL)
		json_object_set_new(s, "enum", words(f));
	if (f->flags & F_REQ)
		json_object_set_new(s, "minLength", json_integer(1));
	if (f->fn == ck_slug)	/* ck_is_slug */
		json_object_set_new(s, "pattern",
		    json_string("^[a-z0-9][a-z0-9_-]*$"));
	return s;
}

/* What one field's value may be. */
static json_t *
field_schema(const ck_field *f)
{
	switch (f->type) {
	case T_STR: return string(f);
	case T_INT: case T_NUM: return number(f);
	case T_LIST:
		return json_pack("{s:[{s:s},{s:s,s:{s:s}}]}", "anyOf", "type",
		    "string", "type", "array", "items", "type", "string");
	case T_SEQ:
		/* F_ONE: one bare string stands for a list of it. */
		if (f->flags & F_ONE)
			return json_pack("{s:[{s:s},{s:s,s:o}]}", "anyOf",
			    "type", "string", "type", "array", "items",
			    field_schema(f->item));
		return json_pack("{s:s,s:o}", "type", "array", "items",
		    field_schema(f->item));
	case T_MAP: return map_schema(f->sub, 0);
	case T_STRMAP:
		return json_pack("{s:[{s:s},o]}", "anyOf", "type", "string",
		    map_schema(f->sub, 0));
	default:
		/* A stage's emotion: a number, or a number a persona id. */
		if (f->fn == ck_emotion_any)
			return json_pack("{s:[{s:s},{s:s,s:{s:[s,s]}}]}",
			    "anyOf", "type", "number", "type", "object",
			    "additionalProperties", "type", "number", "null");
		return json_object();	/* T_ANY: not looked at */
	}
}

static json_t *
map_schema(const ck_schema *s, int root)
{
	json_t *o = json_pack("{s:s}", "type", "object");
	json_t *props = json_object(), *req = json_array(), *v;
	size_t i;

	if (s == NULL)
		return o;
	if (s->what != NULL)
		json_object_set_new(o, "title", json_string(s->what));
	for (i = 0; i < s->n; i++) {
		const ck_field *f = &s->fields[i];

		v = field_schema(f);
		/* The version key's value is the format this library reads. */
		if (root && strcmp(f->key, "cjm") == 0)
			json_object_set_new(v, "const", json_integer(CJM_FORMAT));
		if (f->flags & F_REQ)
			json_array_append_new(req, json_string(f->key));
		else
			v = or_null(v);
		json_object_set_new(props, f->key, v);
	}
	json_object_set_new(o, "properties", props);
	if (json_array_size(req) > 0)
		json_object_set_new(o, "required", req);
	else
		json_decref(req);
	/* x- keys are everyone's extensions; open sections are tools'. */
	json_object_set_new(o, "patternProperties", json_pack("{s:b}", "^x-",
	    1));
	json_object_set_new(o, "additionalProperties", json_boolean(s->open));
	return o;
}

json_t *
cjm_map_schema(void)
{
	json_t *m = map_schema(&ck_root_schema, 1), *s;

	s = json_pack("{s:s,s:s,s:s,s:s}", "$schema",
	    "https://json-schema.org/draft/2020-12/schema", "$id",
	    "urn:cjm:format:1", "title", "Customer journey map (cjm format 1)",
	    "description", "Generated from cjm-validate's tables (cjm-validate "
	    "--schema); see cjm(5). Checks made in code (emotion within the "
	    "map's scale, ids that refer to each other, the touchpoint graph, "
	    "warnings) only cjm-validate can tell.");
	if (m == NULL || s == NULL || json_object_update(s, m) != 0) {
		json_decref(m);
		json_decref(s);
		return NULL;
	}
	json_object_set_new(s, "title", json_string("Customer journey map "
	    "(cjm format 1)"));
	json_decref(m);
	return s;
}
