/* diff_list.c: two lists matched item by item (by text, name or id,
 * through a hash, so long lists stay linear), and two mappings compared
 * key by key. */
#include <stdlib.h>
#include <string.h>

#include "diff_impl.h"

static const char *
key_of(const json_t *v, const char *k)
{
	return json_string_value(json_object_get(v, k));
}

const char *
dkey_transition(const json_t *v, char *buf, size_t size)
{
	const char *f = key_of(v, "from"), *t = key_of(v, "to");

	if (f == NULL || t == NULL)
		return NULL;
	snprintf(buf, size, "%s \xe2\x86\x92 %s", f, t);
	return buf;
}

/* An item's identity: its text (by NULL), a key's value, or for
 * transitions (by DBY_EDGE) its ends. */
static const char *
key(const json_t *v, const char *by, char *buf, size_t size)
{
	if (by == NULL)
		return json_string_value(v);
	if (strcmp(by, DBY_EDGE) == 0)
		return dkey_transition(v, buf, size);
	return key_of(v, by);
}

/* The key of an item with its occurrence: the k-th "Pay" of one list
 * pairs with the k-th of the other. malloc()ed. */
static char *
occurrence(json_t *count, const char *id)
{
	json_t *c = json_object_get(count, id);
	size_t k = c ? (size_t)json_integer_value(c) : 0, n = strlen(id) + 24;
	char *s = malloc(n);

	if (s == NULL || json_object_set_new(count, id,
	    json_integer((json_int_t)k + 1)) != 0) {
		free(s);
		return NULL;
	}
	snprintf(s, n, "%s\x01%zu", id, k);
	return s;
}

/* One pass: pair the items still unpaired whose keys agree. */
static int
pass(const json_t *a, const json_t *b, const char *by, size_t *pa,
    size_t *pb)
{
	json_t *h = json_object(), *cnt = json_object(), *hit;
	size_t i;
	int st = -1;
	char buf[1024], *k;
	const char *id;

	if (h == NULL || cnt == NULL)
		goto out;
	for (i = 0; i < json_array_size(b); i++) {
		if (pb[i] != NONE || (id = key(json_array_get(b, i), by, buf,
		    sizeof(buf))) == NULL)
			continue;
		if ((k = occurrence(cnt, id)) == NULL)
			goto out;
		st = json_object_set_new(h, k, json_integer((json_int_t)i));
		free(k);
		if (st != 0)
			goto out;
	}
	json_object_clear(cnt);
	for (i = 0; i < json_array_size(a); i++) {
		if (pa[i] != NONE || (id = key(json_array_get(a, i), by, buf,
		    sizeof(buf))) == NULL)
			continue;
		if ((k = occurrence(cnt, id)) == NULL)
			goto out;
		hit = json_object_get(h, k);
		free(k);
		if (hit != NULL) {
			pa[i] = (size_t)json_integer_value(hit);
			pb[pa[i]] = i;
		}
	}
	st = 0;
out:
	json_decref(h);
	json_decref(cnt);
	return st;
}

int
dmatch(const json_t *a, const json_t *b, const char *by, const char *then,
    size_t *pa, size_t *pb)
{
	size_t i, last = 0;
	int seen = 0;

	for (i = 0; i < json_array_size(a); i++)
		pa[i] = NONE;
	for (i = 0; i < json_array_size(b); i++)
		pb[i] = NONE;
	if (pass(a, b, by, pa, pb) != 0 || (then != NULL && pass(a, b, then,
	    pa, pb) != 0))
		return -1;
	for (i = 0; i < json_array_size(b); i++) {
		if (pb[i] == NONE)
			continue;
		if (seen && pb[i] < last)
			return 1;
		last = pb[i];
		seen = 1;
	}
	return 0;
}

const char *
ditem_name(const json_t *v, char *buf, size_t size)
{
	static const char *const keys[] = { "name", "text", "title", "id",
		"stage" };
	const char *s;
	size_t k;

	if (json_is_string(v))
		return json_string_value(v);
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		if ((s = key_of(v, keys[k])) != NULL)
			return s;
	return dkey_transition(v, buf, size);
}

/* "stages[2].pain_points", or with [i] when i is not NONE. */
static void
list_path(char *buf, size_t size, const char *holder, const char *key,
    size_t i)
{
	int n = snprintf(buf, size, "%s%s%s", holder, *holder ? "." : "", key);

	if (i != NONE && n >= 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, "[%zu]", i);
}

/* An item only one side has: side 0 removed (a[i]), 1 added (b[i]).
 * i NONE: the list's order changed, v the old list, w the new. */
static void
lone(cjm_diff *d, const struct dlist *l, const json_t *v, const json_t *w,
    int side, size_t i)
{
	struct dch x = { .lane = l->lane, .ia = l->ia, .ib = l->ib,
		.item = l->item };
	char path[512], opath[512], buf[1024];

	x.kind = i == NONE ? CJM_CH_ITEMS_REORDERED : side ? l->added :
	    l->removed;
	x.old = side ? NULL : v;
	x.new = side ? v : NULL;
	if (i == NONE) {
		x.new = w;
	} else {
		x.what = ditem_name(v, buf, sizeof(buf));
		x.worse = x.kind == CJM_CH_NEW_PAIN ? 1 :
		    x.kind == CJM_CH_PAIN_RESOLVED ? -1 : 0;
	}
	list_path(path, sizeof(path), l->pb, l->key, side ? i : NONE);
	list_path(opath, sizeof(opath), l->pa, l->key, side ? NONE : i);
	x.path = path;
	x.old_path = opath;
	dch_add(d, &x);
}

void
dlist(cjm_diff *d, const struct dlist *l, const json_t *oa, const json_t *ob)
{
	const json_t *a = json_object_get(oa, l->key);
	const json_t *b = json_object_get(ob, l->key);
	size_t na = json_array_size(a), nb = json_array_size(b), i;
	size_t *pa, *pb;
	int moved;

	/* The same list: nothing to match (a long graph kept as it was). */
	if (dsame(a, b))
		return;
	if ((pa = malloc((na + nb + 1) * sizeof(size_t))) == NULL ||
	    (moved = dmatch(a, b, l->by, l->then, pa, pb = pa + na)) < 0) {
		d->oom = 1;
		free(pa);
		return;
	}
	for (i = 0; i < na; i++)
		if (pa[i] == NONE)
			lone(d, l, json_array_get(a, i), NULL, 0, i);
		else if (l->item_fn != NULL)
			l->item_fn(d, l, json_array_get(a, i),
			    json_array_get(b, pa[i]), i, pa[i]);
	for (i = 0; i < nb; i++)
		if (pb[i] == NONE)
			lone(d, l, json_array_get(b, i), NULL, 1, i);
	if (moved)
		lone(d, l, a, b, 0, NONE);
	free(pa);
}

static int
skipped(const char *key, const char *const *skip)
{
	for (; skip != NULL && *skip != NULL; skip++)
		if (strcmp(*skip, key) == 0)
			return 1;
	return 0;
}

void
dfield(cjm_diff *d, const struct dch *t, const char *key, const json_t *a,
    const json_t *b, const char *pa, const char *pb)
{
	struct dch x = *t;
	char path[512], opath[512];
	const json_t *va = json_object_get(a, key), *vb = json_object_get(b,
	    key);

	if (dsame(va, vb))
		return;
	x.kind = strcmp(key, "owner") == 0 ? CJM_CH_OWNER : CJM_CH_FIELD;
	x.what = key;
	x.old = va;
	x.new = vb;
	snprintf(path, sizeof(path), "%s%s%s", pb, *pb ? "." : "", key);
	snprintf(opath, sizeof(opath), "%s%s%s", pa, *pa ? "." : "", key);
	x.path = path;
	x.old_path = opath;
	dch_add(d, &x);
}

void
dfields(cjm_diff *d, const struct dch *t, const json_t *a, const json_t *b,
    const char *pa, const char *pb, const char *const *skip)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)a, key, v)
		if (!skipped(key, skip))
			dfield(d, t, key, a, b, pa, pb);
	json_object_foreach((json_t *)b, key, v)
		if (!skipped(key, skip) && json_object_get(a, key) == NULL)
			dfield(d, t, key, a, b, pa, pb);
}
