/* pos.c: the places of a document's nodes, kept per collection: the
 * places of its items or members in one block, found by its node. */
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "grow.h"

/*
 * Per collection, not per node (issue 16: a hash entry a node was 72 of
 * the bench map's 166 MB): while a collection is open its children's
 * places wait on a stack; when it closes they move, in order, to one
 * block, and the collection gets a record. A lookup finds the record by
 * the node (a hash of the collections only, made at the first lookup),
 * then the item by its index, or the member by its key's number (big
 * objects' members are hashed too, so no lookup walks a long block). An
 * item is 12 bytes: the value's line, column and offset (low 32 bits);
 * a member 20: that, its key's number and the key's place relative to
 * the value's (struct member). Places that do not fit (offsets past
 * 4 GiB, a key far above its value) are kept whole in the wide list,
 * off then WIDE and line the index there.
 */

#define WIDE UINT32_MAX
#define OBJ ((uint32_t)1 << 31)	/* in a record's count: an object */
#define BIG 32			/* members beyond which they are hashed */

struct item {
	uint32_t line, col, off;
};

/* kd, the key's place from the value's: with OBJ clear, the bytes from
 * the key to the value, all one column each (a key on the value's line,
 * the text between ASCII); with OBJ set, lines before the value << 24 |
 * key's column << 12 | bytes between (a value on a later line). */
struct member {
	struct item v;
	uint32_t key;		/* the key's number */
	uint32_t kd;
};

#define KD_LINES 0x7F
#define KD_FIELD 0xFFF

struct cont {
	const json_t *node;
	uint32_t first, count;	/* its block; count | OBJ for an object */
};

struct cpos {
	uint32_t line, col;
	uint64_t off;
};

struct wide {
	struct cpos val, kpos;
};

/* A key, kept once however often it occurs: members name it by number. */
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
	struct item *item, *istk;	/* blocks; the open ones' stack */
	size_t nitem, citem, nistk, cistk;
	struct member *mem, *mstk;
	size_t nmem, cmem, nmstk, cmstk;
	struct cont *cont;
	size_t ncont, ccont;
	uint32_t *cs;			/* 1 + record; 0 empty */
	size_t cscap, cdone;		/* records in cs so far */
	uint32_t *bs;			/* 1 + member of a big object */
	size_t bscap, nbig, bdone;	/* records looked at for bs */
	uint32_t *bcont;		/* each member's record, for bs */
	size_t cbcont;
	struct wide *w;
	size_t nw, wcap;
	struct kent *k;
	size_t nk, kcap;
	uint32_t *ks;			/* 1 + key index; 0 empty */
	size_t kscap;
	struct chunk *arena;
	size_t chunk;			/* size of the next arena chunk */
};

/* Arena chunks and the vectors start small, so that a stream of small
 * documents does not allocate and free big blocks for each. */
#define ARENA_CHUNK 65536
#define ARENA_FIRST 512
#define FIRST 16

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
	free(t->item);
	free(t->istk);
	free(t->mem);
	free(t->mstk);
	free(t->cont);
	free(t->cs);
	free(t->bs);
	free(t->bcont);
	free(t->w);
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

/*
 * Every string of a document is hashed once (issue 16: a tenth of
 * cjm-validate's own time on the bench map). Sixteen bytes a step in two
 * chains the CPU runs side by side; a tail of 1 to 7 bytes is read as
 * the text's last whole word (its first bytes again), not copied byte by
 * byte into a zeroed word, whose store and reload stalled. The NUL test
 * rides along (a word has a zero byte iff (w - 1s) & ~w & 80s), so that
 * a scalar's text is read once, not once more by memchr.
 */
uint64_t
cjm_text_hash_nul(const char *s, size_t n, int *nul)
{
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15ULL, g = ~h, w = 0, v,
	    z = 0;
	size_t i, len = n;

	for (; n >= 16; s += 16, n -= 16) {
		memcpy(&w, s, 8);
		memcpy(&v, s + 8, 8);
		z |= ((w - ones) & ~w) | ((v - ones) & ~v);
		h = mix(h ^ w);
		g = mix(g ^ v);
	}
	if (n >= 8) {
		memcpy(&w, s, 8);
		z |= (w - ones) & ~w;
		h = mix(h ^ w);
		s += 8;
		n -= 8;
	}
	*nul = 0;
	if (n > 0 && len >= 8) {
		memcpy(&w, s + n - 8, 8);
		z |= (w - ones) & ~w;
	} else if (n > 0) {
		for (w = 0, i = 0; i < n; i++) {
			w = w << 8 | (unsigned char)s[i];
			*nul |= s[i] == '\0';
		}
	}
	*nul |= (z & ones << 7) != 0;
	return mix(mix(h ^ w) + (g ^ len));
}

uint64_t
cjm_text_hash(const char *s, size_t n)
{
	int nul;

	return cjm_text_hash_nul(s, n, &nul);
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

/* Set *kd to key place k from value place v (offset below WIDE): 1, or
 * 0 when it does not fit. */
static int
key_near(const struct cpos *v, const struct cpos *k, uint32_t *kd)
{
	uint64_t d = v->off - k->off;

	if (k->off > v->off || k->line > v->line)
		return 0;
	if (k->line == v->line && k->col <= v->col && v->col - k->col == d &&
	    d < OBJ) {
		*kd = (uint32_t)d;
		return 1;
	}
	if (v->line - k->line > KD_LINES || k->col > KD_FIELD || d > KD_FIELD)
		return 0;
	*kd = OBJ | (v->line - k->line) << 24 | k->col << 12 | (uint32_t)d;
	return 1;
}

/* Set a place: the value's in it, the key's (kd NULL: an item's) in
 * *kd, or both in the wide list. 0, or -1 out of memory. */
static int
place(cjm_postab *t, struct item *it, uint32_t *kd, const cjm_pos *val,
    const cjm_pos *kpos)
{
	struct cpos v, k;

	pack(&v, val);
	pack(&k, kpos != NULL ? kpos : val);
	if (v.off < WIDE && (kd == NULL || key_near(&v, &k, kd))) {
		it->line = v.line;
		it->col = v.col;
		it->off = (uint32_t)v.off;
		return 0;
	}
	if (t->nw >= WIDE - 1 ||
	    cjm_grow(&t->w, &t->wcap, t->nw, sizeof(*t->w), FIRST) != 0)
		return -1;
	t->w[t->nw].val = v;
	t->w[t->nw].kpos = k;
	it->line = (uint32_t)t->nw++;
	it->col = 0;
	it->off = WIDE;
	return 0;
}

/* The places of an item (m NULL) or member. */
static void
unplace(const cjm_postab *t, const struct item *it, const struct member *m,
    cjm_pos *val, cjm_pos *kpos)
{
	struct cpos v, k;

	if (it->off == WIDE) {
		v = t->w[it->line].val;
		k = t->w[it->line].kpos;
	} else {
		v.line = it->line;
		v.col = it->col;
		v.off = it->off;
		k = v;
		if (m != NULL && !(m->kd & OBJ)) {
			k.col = v.col - m->kd;
			k.off = v.off - m->kd;
		} else if (m != NULL) {
			k.line = v.line - (m->kd >> 24 & KD_LINES);
			k.col = m->kd >> 12 & KD_FIELD;
			k.off = v.off - (m->kd & KD_FIELD);
		}
	}
	unpack(val, &v);
	unpack(kpos, &k);
}

size_t
cjm_postab_open(const cjm_postab *t, int is_obj)
{
	return is_obj ? t->nmstk : t->nistk;
}

int
cjm_postab_item(cjm_postab *t, const cjm_pos *val)
{
	if (t->nistk >= OBJ - 1 || cjm_grow(&t->istk, &t->cistk, t->nistk,
	    sizeof(*t->istk), FIRST) != 0 ||
	    place(t, &t->istk[t->nistk], NULL, val, NULL) != 0)
		return -1;
	t->nistk++;
	return 0;
}

int
cjm_postab_member(cjm_postab *t, uint32_t key, const cjm_pos *val,
    const cjm_pos *kpos)
{
	struct member *m;

	if (t->nmstk >= OBJ - 1 || cjm_grow(&t->mstk, &t->cmstk, t->nmstk,
	    sizeof(*t->mstk), FIRST) != 0)
		return -1;
	m = &t->mstk[t->nmstk];
	m->key = key;
	m->kd = 0;
	if (place(t, &m->v, &m->kd, val, kpos) != 0)
		return -1;
	t->nmstk++;
	return 0;
}

/* Move the top n (> 0) of a stack to the end of its blocks: 0, or -1. */
static int
move_block(void *blocks, size_t *nb, size_t *cap, const void *top,
    size_t n, size_t elem)
{
	char *p;

	if (*nb + n >= OBJ - 1 || cjm_grow(blocks, cap, *nb + n - 1, elem,
	    FIRST) != 0)
		return -1;
	memcpy(&p, blocks, sizeof(p));
	memcpy(p + *nb * elem, top, n * elem);
	*nb += n;
	return 0;
}

int
cjm_postab_close(cjm_postab *t, const json_t *node, int is_obj, size_t start)
{
	struct cont *c;
	size_t first = is_obj ? t->nmem : t->nitem;
	size_t n = (is_obj ? t->nmstk : t->nistk) - start;

	if (t->ncont >= WIDE - 1 || cjm_grow(&t->cont, &t->ccont, t->ncont,
	    sizeof(*t->cont), FIRST) != 0)
		return -1;
	/* Not for an empty one: its stack may be no array yet, and NULL +
	 * 0 is undefined (clang's UBSan: '[]' alone, or the funnel placing
	 * a fault in 'true[]'). */
	if (n > 0 && (is_obj ? move_block(&t->mem, &t->nmem, &t->cmem,
	    t->mstk + start, n, sizeof(*t->mem)) : move_block(&t->item,
	    &t->nitem, &t->citem, t->istk + start, n, sizeof(*t->item))))
		return -1;
	if (is_obj)
		t->nmstk = start;
	else
		t->nistk = start;
	c = &t->cont[t->ncont++];
	c->node = node;
	c->first = (uint32_t)first;
	c->count = (uint32_t)n | (is_obj ? OBJ : 0);
	return 0;
}

int
cjm_postab_pending(const cjm_postab *t, size_t start, uint32_t key,
    cjm_pos *kpos)
{
	size_t i;

	for (i = start; i < t->nmstk; i++)
		if (t->mstk[i].key == key) {
			unplace(t, &t->mstk[i].v, &t->mstk[i], NULL, kpos);
			return 0;
		}
	return -1;
}

static uint64_t
cont_hash(const json_t *node)
{
	return mix((uint64_t)(uintptr_t)node * 0x9E3779B97F4A7C15ULL);
}

static uint64_t
cont_hash_at(const void *ctx, size_t i)
{
	const cjm_postab *t = ctx;

	return cont_hash(t->cont[i].node);
}

static uint64_t
big_hash(uint32_t cont, uint32_t key)
{
	return mix(((uint64_t)cont << 32 | key) * 0xC2B2AE3D27D4EB4FULL);
}

static uint64_t
big_hash_at(const void *ctx, size_t i)
{
	const cjm_postab *t = ctx;

	return big_hash(t->bcont[i], t->mem[i].key);
}

/* Insert item i into slots s (cap a power of two, room left). */
static void
slot_put(uint32_t *s, size_t cap, uint64_t h, size_t i)
{
	size_t j;

	for (j = h & (cap - 1); s[j] != 0; j = (j + 1) & (cap - 1))
		;
	s[j] = (uint32_t)(i + 1);
}

/* Hash the records closed since the last lookup, and the members of the
 * big objects among them. Most documents are never asked for a place (a
 * valid map has no diagnostics), so this waits for the first lookup. */
static int
index_rest(cjm_postab *t)
{
	if (cjm_slots_grow(&t->cs, &t->cscap, t->ncont, cont_hash_at, t) != 0)
		return -1;
	for (; t->cdone < t->ncont; t->cdone++)
		slot_put(t->cs, t->cscap, cont_hash_at(t, t->cdone), t->cdone);
	for (; t->bdone < t->ncont; t->bdone++) {
		const struct cont *c = &t->cont[t->bdone];
		size_t n = c->count & ~OBJ, i;

		if (!(c->count & OBJ) || n <= BIG)
			continue;
		if (cjm_grow(&t->bcont, &t->cbcont, c->first + n - 1,
		    sizeof(*t->bcont), FIRST) != 0 ||
		    cjm_slots_grow(&t->bs, &t->bscap, t->nbig + n, big_hash_at,
		    t) != 0)
			return -1;
		for (i = c->first; i < c->first + n; i++) {
			t->bcont[i] = (uint32_t)t->bdone;
			slot_put(t->bs, t->bscap, big_hash_at(t, i), i);
		}
		t->nbig += n;
	}
	return 0;
}

/* The record of node, or NULL. */
static const struct cont *
cont_find(const cjm_postab *t, const json_t *node)
{
	size_t j;

	for (j = cont_hash(node) & (t->cscap - 1); t->cs[j] != 0;
	    j = (j + 1) & (t->cscap - 1))
		if (t->cont[t->cs[j] - 1].node == node)
			return &t->cont[t->cs[j] - 1];
	return NULL;
}

/* The member of c with key number key, or NULL. */
static const struct member *
member_find(const cjm_postab *t, const struct cont *c, uint32_t key)
{
	size_t n = c->count & ~OBJ, i, j;
	uint32_t ci = (uint32_t)(c - t->cont);

	if (n <= BIG) {
		for (i = c->first; i < c->first + n; i++)
			if (t->mem[i].key == key)
				return &t->mem[i];
		return NULL;
	}
	for (j = big_hash(ci, key) & (t->bscap - 1); t->bs[j] != 0;
	    j = (j + 1) & (t->bscap - 1)) {
		i = t->bs[j] - 1;
		if (t->bcont[i] == ci && t->mem[i].key == key)
			return &t->mem[i];
	}
	return NULL;
}

int
cjm_postab_get(cjm_postab *t, const json_t *parent, const char *key,
    size_t len, size_t index, cjm_pos *val, cjm_pos *kpos)
{
	const struct cont *c;
	const struct member *m;
	uint32_t kid;

	if (t == NULL || t->ncont == 0 || index_rest(t) != 0 ||
	    (c = cont_find(t, parent)) == NULL)
		return -1;
	if (!(c->count & OBJ)) {
		if (key != NULL || index >= c->count)
			return -1;
		unplace(t, &t->item[c->first + index], NULL, val, kpos);
		return 0;
	}
	if (key == NULL || t->nk == 0 ||
	    (kid = *key_slot(t, key, len, cjm_text_hash(key, len))) == 0 ||
	    (m = member_find(t, c, kid)) == NULL)
		return -1;
	unplace(t, &m->v, m, val, kpos);
	return 0;
}
