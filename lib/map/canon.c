/* canon.c: the canonical form of a map, the one shape every tool works
 * on; it follows the checker's tables, so the two cannot disagree on the
 * format's keys and their order. */
#include <string.h>

#include "check_impl.h"

static int canon_value(const json_t *, const ck_field *, json_t **);

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
		if (canon_value(x, f, &v) != 0 ||
		    (v != NULL && json_object_set_new(out, f->key, v) != 0))
			goto fail;
	}
	json_object_foreach((json_t *)in, key, v) {
		size_t k;

		for (k = 0; k < s->n; k++)
			if (strcmp(s->fields[k].key, key) == 0)
				break;
		if (k == s->n && json_object_set_new(out, key, copy(v)) != 0)
			goto fail;
	}
	return out;
fail:
	json_decref(out);
	return NULL;
}

/* A list, item by item; an empty one is dropped (*out NULL). */
static int
canon_list(const json_t *in, const ck_field *item, json_t **out)
{
	const json_t *v;
	json_t *c;
	size_t i;

	*out = NULL;
	if (json_array_size(in) == 0)
		return 0;
	if ((*out = json_array()) == NULL)
		return -1;
	json_array_foreach(in, i, v)
		if (canon_value(v, item, &c) != 0 || c == NULL ||
		    json_array_append_new(*out, c) != 0) {
			json_decref(*out);
			*out = NULL;
			return -1;
		}
	return 0;
}

static const ck_field one_string = { .type = T_STR };

/* A value in canonical form into *out (NULL: an empty list, left out);
 * -1 when memory ran out, so nothing is dropped silently. */
static int
canon_value(const json_t *v, const ck_field *f, json_t **out)
{
	json_t *o = NULL;
	const char *w;

	switch (f->type) {
	case T_LIST:
		/* conflicts: [] says "asked, and none": kept. */
		if (json_is_array(v) && json_array_size(v) == 0 &&
		    (f->flags & F_KEEP)) {
			o = json_array();
			break;
		}
		if (json_is_array(v))
			return canon_list(v, &one_string, out);
		o = json_is_string(v) ? json_pack("[o]", copy(v)) : copy(v);
		break;
	case T_SEQ:
		if (json_is_array(v))
			return canon_list(v, f->item, out);
		if ((f->flags & F_ONE) && json_is_string(v)) {
			json_t *one = json_pack("[O]", v);
			int st = one ? canon_list(one, f->item, out) : -1;

			json_decref(one);
			return st;
		}
		o = copy(v);
		break;
	case T_STRMAP:
		/* A bare touchpoint is its name, a bare pain point its
		 * text: the first key of the table. */
		if (json_is_string(v)) {
			o = json_pack("{so}", f->sub->fields[0].key, copy(v));
			break;
		}
		/* FALLTHROUGH */
	case T_MAP:
		o = json_is_object(v) && f->sub != NULL ? canon_map(v, f->sub) :
		    copy(v);
		break;
	default:
		/* A word written another way (NPS, высокая, app): the
		 * format's word, as the checker noted. */
		if (json_is_string(v) && (w = ck_word(f, json_string_value(
		    v))) != NULL && strcmp(w, json_string_value(v)) != 0)
			o = json_string(w);
		else
			o = copy(v);
	}
	*out = o;
	return o == NULL ? -1 : 0;
}

json_t *
cjm_map_canonical(const json_t *map)
{
	if (!json_is_object(map))
		return NULL;
	return canon_map(map, &ck_root_schema);
}
