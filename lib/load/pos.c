/* pos.c: the position table of a document, an open-addressing hash from
 * (parent, key) or (parent, index) to places in the input. */
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "grow.h"

/* One node's places, 32 bytes: the value's line, column and offset
 * (low 32 bits), and its key's place relative to the value's. Places
 * that do not fit (offsets past 4 GiB, a key far from its value) are
 * kept whole in the wide list, off then WIDE. */
struct pent {
	const json_t *parent;
	uint32_t key;		/* key number, or 0: an array item */
	uint32_t n;		/* item: its index; key: value offset - key's */
	uint32_t line, col, off;
	uint32_t kd;		/* key: its column, lines before the value << 24 */
};

#define WIDE UINT32_MAX
#define KCOL_MAX ((uint32_t)1 << 24)

struct cpos {
	uint32_t line, col;
	uint64_t off;
};

struct wide {
	size_t idx;		/* the entry's */
	struct cpos val, kpos;
};

/* A key, kept once however often it occurs: entries name it by number,
 * so an entry needs no pointer and the index hashes no text. */
struct kent {
	const char *s;
	size_t len;
	uint64_t hash;
};

struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
};

struct cjm_postab {
	struct pent *e;
	size_t n, ecap;
	struct wide *w;
	size_t nw, wcap;
	uint32_t *s;		/* 1 + entry index; 0 empty */
	size_t scap;		/* power of two */
	size_t indexed;		/* entries in the slots so far */
	struct kent *k;
	size_t nk, kcap;
	uint32_t *ks;		/* 1 + key index; 0 empty */
	size_t kscap;		/* power of two */
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
	free(t->w);
	free(t->s);
	free(t->k);
	free(t->ks);
	free(t);
}

/* A copy of key in the arena; the copy lives as long as the table. */
static const char *
arena_copy(cjm_postab *t, const char *key, size_t len)
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

static uint64_t
mix(uint64_t h)
{
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	h ^= h >> 32;
	return h;
}

/* Eight bytes a step: every string of a document is hashed once. */
uint64_t
cjm_text_hash(const char *s, size_t n)
{
	uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15ULL, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = mix(h ^ w);
	}
	w = 0;
	memcpy(&w, s, n);
	return mix(mix(h ^ w) + n);
}

int
cjm_slots_grow(uint32_t **sp, size_t *capp, size_t items,
    uint64_t (*hash_at)(const void *, size_t), const void *t)
{
	size_t cap = *capp ? *capp : 64, i, j;
	uint32_t *s;

	while (items * 4 >= cap * 3)
		cap *= 2;
	if (cap == *capp)
		return 0;
	if ((s = calloc(cap, sizeof(*s))) == NULL)
		return -1;
	for (i = 0; i < *capp; i++) {
		if ((*sp)[i] == 0)
			continue;
		for (j = hash_at(t, (*sp)[i] - 1) & (cap - 1); s[j] != 0;
		    j = (j + 1) & (cap - 1))
			;
		s[j] = (*sp)[i];
	}
	free(*sp);
	*sp = s;
	*capp = cap;
	return 0;
}

static uint64_t
key_hash_at(const void *ctx, size_t i)
{
	const cjm_postab *t = ctx;

	return t->k[i].hash;
}

/* The slot of key: where it is, or the empty one it would take. */
static uint32_t *
key_slot(const cjm_postab *t, const char *key, size_t len, uint64_t h)
{
	size_t j;

	for (j = h & (t->kscap - 1); t->ks[j] != 0; j = (j + 1) & (t->kscap - 1)) {
		const struct kent *k = &t->k[t->ks[j] - 1];

		if (k->hash == h && k->len == len && memcmp(k->s, key, len) == 0)
			break;
	}
	return &t->ks[j];
}

uint32_t
cjm_postab_key(cjm_postab *t, const char *key, size_t len, const char **copy)
{
	uint64_t h = cjm_text_hash(key, len);
	uint32_t *slot;
	struct kent *k;

	if (t->nk >= UINT32_MAX - 1 ||
	    cjm_slots_grow(&t->ks, &t->kscap, t->nk + 1, key_hash_at, t) != 0)
		return 0;
	if (*(slot = key_slot(t, key, len, h)) == 0) {
		if (cjm_grow(&t->k, &t->kcap, t->nk, sizeof(*t->k), 16) != 0)
			return 0;
		k = &t->k[t->nk];
		if ((k->s = arena_copy(t, key, len)) == NULL)
			return 0;
		k->len = len;
		k->hash = h;
		*slot = (uint32_t)++t->nk;
	}
	*copy = t->k[*slot - 1].s;
	return *slot;
}

static uint64_t
entry_hash(const json_t *parent, uint32_t key, size_t n)
{
	uint64_t h = (uint64_t)(uintptr_t)parent * 0x9E3779B97F4A7C15ULL;

	return mix(h ^ (key != 0 ? (uint64_t)key * 0xC2B2AE3D27D4EB4FULL :
	    (uint64_t)n * 0x165667B19E3779F9ULL + 1));
}

static uint64_t
entry_hash_at(const void *ctx, size_t i)
{
	const cjm_postab *t = ctx;
	const struct pent *e = &t->e[i];

	return entry_hash(e->parent, e->key, e->n);
}

static uint32_t
clamp32(unsigned long v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static void
pack(struct cpos *c, const cjm_pos *p)
{
	static const cjm_pos zero;

	if (p == NULL)
		p = &zero;
	c->line = clamp32(p->line);
	c->col = clamp32(p->col);
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

/* Set e's places from v and k (k NULL: an item's); 0, or -1 when they
 * do not fit it. */
static int
narrow(struct pent *e, const struct cpos *v, const struct cpos *k)
{
	if (v->off >= WIDE)
		return -1;
	e->line = v->line;
	e->col = v->col;
	e->off = (uint32_t)v->off;
	if (k == NULL)
		return 0;
	if (k->line > v->line || v->line - k->line > 0xFF ||
	    k->col >= KCOL_MAX || k->off > v->off)
		return -1;
	e->n = (uint32_t)(v->off - k->off);
	e->kd = k->col | (v->line - k->line) << 24;
	return 0;
}

static int
put(cjm_postab *t, const json_t *parent, uint32_t key, size_t index,
    const cjm_pos *val, const cjm_pos *kpos)
{
	struct pent *e;
	struct cpos v, k;

	if (t->n + 1 > UINT32_MAX - 1 ||
	    cjm_grow(&t->e, &t->ecap, t->n, sizeof(*t->e), ENTRIES_FIRST) != 0)
		return -1;
	e = &t->e[t->n];
	e->parent = parent;
	e->key = key;
	e->n = (uint32_t)index;
	e->kd = 0;
	pack(&v, val);
	pack(&k, kpos);
	if (narrow(e, &v, key != 0 ? &k : NULL) != 0) {
		if (cjm_grow(&t->w, &t->wcap, t->nw, sizeof(*t->w), 16) != 0)
			return -1;
		t->w[t->nw].idx = t->n;
		t->w[t->nw].val = v;
		t->w[t->nw++].kpos = key != 0 ? k : v;
		e->off = WIDE;
	}
	t->n++;
	return 0;
}

int
cjm_postab_put_key(cjm_postab *t, const json_t *parent, uint32_t key,
    const cjm_pos *val, const cjm_pos *kpos)
{
	return put(t, parent, key, 0, val, kpos);
}

int
cjm_postab_put_index(cjm_postab *t, const json_t *parent, size_t index,
    const cjm_pos *val)
{
	/* An index is below the entry count, itself below UINT32_MAX. */
	return index >= UINT32_MAX ? -1 : put(t, parent, 0, index, val, val);
}

/* Index the entries added since the last lookup. Building a document
 * only appends; most documents are never asked for a place (a valid
 * map has no diagnostics), so the hashing waits for the first lookup. */
static int
index_rest(cjm_postab *t)
{
	if (cjm_slots_grow(&t->s, &t->scap, t->n, entry_hash_at, t) != 0)
		return -1;
	for (; t->indexed < t->n; t->indexed++) {
		size_t j = entry_hash_at(t, t->indexed) & (t->scap - 1);

		while (t->s[j] != 0)
			j = (j + 1) & (t->scap - 1);
		t->s[j] = (uint32_t)(t->indexed + 1);
	}
	return 0;
}

/* Entry i's places, from the entry or the wide list. */
static void
places(const cjm_postab *t, size_t i, cjm_pos *val, cjm_pos *kpos)
{
	const struct pent *e = &t->e[i];
	size_t lo = 0, hi = t->nw, mid;
	struct cpos v, k;

	if (e->off != WIDE) {
		v.line = e->line;
		v.col = e->col;
		v.off = e->off;
		k = v;
		if (e->key != 0) {
			k.line = e->line - (e->kd >> 24);
			k.col = e->kd & (KCOL_MAX - 1);
			k.off = v.off - e->n;
		}
		unpack(val, &v);
		unpack(kpos, &k);
		return;
	}
	while (lo + 1 < hi) {	/* the wide list is in entry order */
		mid = lo + (hi - lo) / 2;
		if (t->w[mid].idx <= i)
			lo = mid;
		else
			hi = mid;
	}
	unpack(val, &t->w[lo].val);
	unpack(kpos, &t->w[lo].kpos);
}

int
cjm_postab_get(cjm_postab *t, const json_t *parent, const char *key,
    size_t len, size_t index, cjm_pos *val, cjm_pos *kpos)
{
	uint32_t kid = 0;
	uint64_t h;
	size_t j;

	if (t == NULL || t->n == 0 || (key == NULL && index >= t->n))
		return -1;
	if (key != NULL) {
		if (t->nk == 0 || (kid = *key_slot(t, key, len,
		    cjm_text_hash(key, len))) == 0)
			return -1;
		index = 0;
	}
	if (index_rest(t) != 0)
		return -1;
	h = entry_hash(parent, kid, index);
	for (j = h & (t->scap - 1); t->s[j] != 0; j = (j + 1) & (t->scap - 1)) {
		const struct pent *e = &t->e[t->s[j] - 1];

		if (e->parent == parent && e->key == kid &&
		    (kid != 0 || e->n == index)) {
			places(t, t->s[j] - 1, val, kpos);
			return 0;
		}
	}
	return -1;
}
