/* pos.c: the position table of a document, an open-addressing hash from
 * (parent, key) or (parent, index) to places in the input. */
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "grow.h"

/* Compact places: a table holds one or two per node. */
struct cpos {
	uint32_t line, col;
	uint64_t off;
};

struct pent {
	const json_t *parent;
	const char *key;	/* NULL: an array item */
	size_t n;		/* key length or index */
	struct cpos val, kpos;
};

struct slot {
	uint32_t hash;
	uint32_t idx;		/* 1 + entry index; 0 empty */
};

struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
};

struct cjm_postab {
	struct pent *e;
	size_t n, ecap;
	struct slot *s;
	size_t scap;		/* power of two */
	size_t indexed;		/* entries in the slots so far */
	struct chunk *arena;
	size_t chunk;		/* size of the next arena chunk */
};

/* Arena chunks and the entry vector start small, so that a stream of
 * small documents does not allocate and free big blocks for each. */
#define ARENA_CHUNK 65536
#define ARENA_FIRST 512
#define ENTRIES_FIRST 64

cjm_postab *
cjm_postab_new(void)
{
	cjm_postab *t = calloc(1, sizeof(cjm_postab));

	if (t != NULL)
		t->chunk = ARENA_FIRST;
	return t;
}

void
cjm_postab_free(cjm_postab *t)
{
	struct chunk *c, *next;

	if (t == NULL)
		return;
	for (c = t->arena; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(t->e);
	free(t->s);
	free(t);
}

const char *
cjm_postab_key(cjm_postab *t, const char *key, size_t len)
{
	struct chunk *c = t->arena;
	char *k;

	if (c == NULL || c->cap - c->used < len + 1) {
		int big = len + 1 > t->chunk;
		size_t cap = big ? len + 1 : t->chunk;

		if ((c = malloc(sizeof(*c) + cap)) == NULL)
			return NULL;
		c->used = 0;
		c->cap = cap;
		if (!big && t->chunk < ARENA_CHUNK)
			t->chunk *= 2;
		/* A big key gets its own chunk behind the current one, so
		 * the current one's free space is not wasted. */
		if (t->arena != NULL && big) {
			c->next = t->arena->next;
			t->arena->next = c;
		} else {
			c->next = t->arena;
			t->arena = c;
		}
	}
	k = c->data + c->used;
	memcpy(k, key, len);
	k[len] = '\0';
	c->used += len + 1;
	return k;
}

static uint32_t
hash_of(const json_t *parent, const char *key, size_t n)
{
	uint64_t h = (uint64_t)(uintptr_t)parent * 0x9E3779B97F4A7C15ULL;
	size_t i;

	if (key == NULL)
		h ^= (uint64_t)n * 0xC2B2AE3D27D4EB4FULL + 1;
	else
		for (i = 0; i < n; i++)
			h = (h ^ (unsigned char)key[i]) * 0x100000001B3ULL;
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	h ^= h >> 32;
	return (uint32_t)h;
}

static int
grow_slots(cjm_postab *t)
{
	size_t cap = t->scap ? t->scap * 2 : 256, i, j;
	struct slot *s = calloc(cap, sizeof(*s));

	if (s == NULL)
		return -1;
	for (i = 0; i < t->scap; i++) {
		if (t->s[i].idx == 0)
			continue;
		for (j = t->s[i].hash & (cap - 1); s[j].idx != 0;
		    j = (j + 1) & (cap - 1))
			;
		s[j] = t->s[i];
	}
	free(t->s);
	t->s = s;
	t->scap = cap;
	return 0;
}

static void
pack(struct cpos *c, const cjm_pos *p)
{
	if (p == NULL) {
		memset(c, 0, sizeof(*c));
		return;
	}
	c->line = p->line > UINT32_MAX ? UINT32_MAX : (uint32_t)p->line;
	c->col = p->col > UINT32_MAX ? UINT32_MAX : (uint32_t)p->col;
	c->off = p->offset;
}

static void
unpack(cjm_pos *p, const struct cpos *c)
{
	if (p == NULL)
		return;
	p->line = c->line;
	p->col = c->col;
	p->offset = (size_t)c->off;
}

/* Insert entry i into the slots. */
static void
slot_insert(cjm_postab *t, size_t i)
{
	const struct pent *e = &t->e[i];
	uint32_t h = hash_of(e->parent, e->key, e->n);
	size_t j;

	for (j = h & (t->scap - 1); t->s[j].idx != 0; j = (j + 1) & (t->scap - 1))
		;
	t->s[j].hash = h;
	t->s[j].idx = (uint32_t)(i + 1);
}

/* Index the entries added since the last lookup. Building a document
 * only appends; most documents are never asked for a place (a valid
 * map has no diagnostics), so the hashing waits for the first lookup. */
static int
index_rest(cjm_postab *t)
{
	while (t->n * 2 > t->scap) {
		if (grow_slots(t) != 0)
			return -1;
	}
	for (; t->indexed < t->n; t->indexed++)
		slot_insert(t, t->indexed);
	return 0;
}

static int
put(cjm_postab *t, const json_t *parent, const char *key, size_t n,
    const cjm_pos *val, const cjm_pos *kpos)
{
	struct pent *e;

	if (t->n + 1 > UINT32_MAX - 1 ||
	    cjm_grow(&t->e, &t->ecap, t->n, sizeof(*t->e), ENTRIES_FIRST) != 0)
		return -1;
	e = &t->e[t->n++];
	e->parent = parent;
	e->key = key;
	e->n = n;
	pack(&e->val, val);
	pack(&e->kpos, kpos);
	return 0;
}

int
cjm_postab_put_key(cjm_postab *t, const json_t *parent, const char *key,
    size_t len, const cjm_pos *val, const cjm_pos *kpos)
{
	return put(t, parent, key, len, val, kpos);
}

int
cjm_postab_put_index(cjm_postab *t, const json_t *parent, size_t index,
    const cjm_pos *val)
{
	return put(t, parent, NULL, index, val, val);
}

int
cjm_postab_get(cjm_postab *t, const json_t *parent, const char *key,
    size_t len, size_t index, cjm_pos *val, cjm_pos *kpos)
{
	size_t n = key != NULL ? len : index, j;
	uint32_t h;

	if (t == NULL || t->n == 0 || index_rest(t) != 0)
		return -1;
	h = hash_of(parent, key, n);
	for (j = h & (t->scap - 1); t->s[j].idx != 0; j = (j + 1) & (t->scap - 1)) {
		const struct pent *e = &t->e[t->s[j].idx - 1];

		if (t->s[j].hash != h || e->parent != parent || e->n != n ||
		    (e->key == NULL) != (key == NULL))
			continue;
		if (key != NULL && memcmp(e->key, key, n) != 0)
			continue;
		unpack(val, &e->val);
		unpack(kpos, &e->kpos);
		return 0;
	}
	return -1;
}
