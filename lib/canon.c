/* canon.c: the canonical form of a map, the one shape every tool works
 * on; it follows the checker's tables, so the two cannot disagree on the
 * format's keys and their order. */
#include <string.h>

#include "check_impl.h"

static json_t *canon_value(const json_t *, const ck_field *);

/* Scalars are shared with the input (jansson never changes them in
 * place, and a copy of every string would double the work on a large
 * map); containers are copied, so the two trees can be changed apart. */
static json_t *
copy(const json_t *v)
{
	if (json_is_object(v) || json_is_array(v))
		return json_deep_copy(v);
	return json_incref((json_t *)v);
}

/* A mapping: the table's keys in its order, then the others (x-
 * extensions, tool fields) in input order, untouched. */
static json_t *
canon_map(const json_t *in, const ck_schema *s)
{
	json_t *out = json_object(), *v;
	const char *key;
	size_t i;

	if (out == NULL)
		return NULL;
	for (i = 0; i < s->n; i++) {
		const ck_field *f = &s->fields[i];
		const json_t *x = json_object_get(in, f->key);

		if (x == NULL || (json_is_null(x) && !(f->flags & F_NULL)))
			continue;
		if ((v = canon_value(x, f)) == NULL)
			continue;	/* an empty list: the same as absent */
		if (json_object_set_new(out, f->key, v) != 0)
			goto fail;
	}
	json_object_foreach((json_t *)in, key, v) {
		size_t k;

		for (k = 0; k < s->n; k++)
			if (strcmp(s->fields[k].key, key) == 0)
				break;
		if (k == s->n && json_object_set_new(out, key,
		    copy(v)) != 0)
			goto fail;
	}
	return out;
fail:
	json_decref(out);
	return NULL;
}

static json_t *
canon_list(const json_t *in, const ck_field *item)
{
	json_t *out = json_array();
	const json_t *v;
	size_t i;

	json_array_foreach(in, i, v)
		json_array_append_new(out, canon_value(v, item));
	if (json_array_size(out) == 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

static const ck_field one_string = { .type = T_STR };

/* NULL for an empty list (dropped by the caller). */
static json_t *
canon_value(const json_t *v, const ck_field *f)
{
	json_t *o;

	switch (f->type) {
	case T_LIST:
		if (json_is_string(v))
			return json_pack("[o]", copy(v));
		return json_is_array(v) ? canon_list(v, &one_string) :
		    copy(v);
	case T_SEQ:
		if (json_is_array(v))
			return canon_list(v, f->item);
		if ((f->flags & F_ONE) && json_is_string(v) &&
		    (o = json_array()) != NULL) {
			json_array_append_new(o, canon_value(v, f->item));
			return o;
		}
		return copy(v);
	case T_STRMAP:
		/* A bare touchpoint is its name, a bare pain point its
		 * text: the first key of the table. */
		if (json_is_string(v))
			return json_pack("{so}", f->sub->fields[0].key,
			    copy(v));
		/* FALLTHROUGH */
	case T_MAP:
		if (json_is_object(v) && f->sub != NULL)
			return canon_map(v, f->sub);
		return copy(v);
	default:
		return copy(v);
	}
}

json_t *
cjm_map_canonical(const json_t *map)
{
	if (!json_is_object(map))
		return NULL;
	return canon_map(map, &ck_root_schema);
}
