/* funnel_latest.c: --entry latest's chains kept as shared lines, so a
 * customer costs what it costs with --entry first (issue 16). */
#include <stdlib.h>
#include <string.h>

#include "funnel_impl.h"
#include "grow.h"

/*
 * A chain of level k is a start and its first k steps. Chains share: the
 * chain a step extends keeps its steps, and the new one adds one, so a
 * line (a start, the breakdown value, steps 2..S) holds every chain that
 * is one of its prefixes. A line's header has the flags LAT_BEST (the
 * best chain, of u->blvl stages, is a prefix of it), LAT_ASTART (its
 * start is the attempt's latest stage-1 time) and, on the record's line,
 * MORE, and the levels whose chain it holds: one word up to 29 stages,
 * else a word of flags and two of levels. Then the chain. A user's first
 * line is in its record; the few users who need more take them from a
 * pool (f->side: a next word, then the line) with a free list, found
 * through f->lmap by the record's number. Lines are only ever appended
 * to, so a chain stays what it was until its level points elsewhere; a
 * step writes in place only where no chain reads.
 */
#define MORE	0x20000000u
#define FLAGS	(LAT_BEST | LAT_ASTART | MORE)

/* Pool line i (1-based); its next is the word before it. */
static uint32_t *
pool_line(const cjm_funnel *f, uint32_t i)
{
	return f->side + (size_t)(i - 1) * (f->lsize / 4 + 1) + 1;
}

static uint32_t
ukey(const cjm_funnel *f, uhead *u)
{
	if (u == f->cur)
		return UINT32_MAX;
	return (uint32_t)(((char *)u - f->recs) / f->rsize + 1);
}

/* The lmap slot of key k: its entry or the empty slot for it. */
static size_t
map_slot(const cjm_funnel *f, uint32_t k)
{
	size_t m = f->lmapcap - 1, j = (k * 0x9E3779B1u) & m;

	while (f->lmap[j] != 0 && (uint32_t)(f->lmap[j] >> 32) != k)
		j = (j + 1) & m;
	return j;
}

static uint32_t
head_get(const cjm_funnel *f, uhead *u, const uint32_t *rl)
{
	if (!(rl[0] & MORE))
		return 0;
	return (uint32_t)f->lmap[map_slot(f, ukey(f, u))];
}

/* Remove slot j, moving later entries of its run back (linear probing). */
static void
map_del(cjm_funnel *f, size_t j)
{
	size_t m = f->lmapcap - 1, i = j, h;

	f->nlmap--;
	for (;;) {
		f->lmap[j] = 0;
		do {
			i = (i + 1) & m;
			if (f->lmap[i] == 0)
				return;
			h = ((uint32_t)(f->lmap[i] >> 32) * 0x9E3779B1u) & m;
		} while (j <= i ? (j < h && h <= i) : (j < h || h <= i));
		f->lmap[j] = f->lmap[i];
		j = i;
	}
}

static int
map_grow(cjm_funnel *f)
{
	uint64_t *old = f->lmap;
	size_t n = f->lmapcap, i, j;

	f->lmapcap = n ? 2 * n : 1024;
	if ((f->lmap = calloc(f->lmapcap, sizeof(*f->lmap))) == NULL) {
		f->lmap = old;
		f->lmapcap = n;
		return -1;
	}
	cjm_pages_touch(f->lmap, f->lmapcap * sizeof(*f->lmap));
	for (i = 0; i < n; i++)
		if (old[i] != 0) {
			j = map_slot(f, (uint32_t)(old[i] >> 32));
			f->lmap[j] = old[i];
		}
	free(old);
	return 0;
}

/* The user's first pool line becomes i (0: none). Room is reserved. */
static void
head_set(cjm_funnel *f, uhead *u, uint32_t *rl, uint32_t i)
{
	uint32_t k = ukey(f, u);
	size_t j;

	if (i == 0) {
		if (rl[0] & MORE)
			map_del(f, map_slot(f, k));
		rl[0] &= ~MORE;
		return;
	}
	j = map_slot(f, k);
	if (f->lmap[j] == 0)
		f->nlmap++;
	f->lmap[j] = (uint64_t)k << 32 | i;
	rl[0] |= MORE;
}

static uint32_t *
rec_line(const cjm_funnel *f, uhead *u)
{
	return (uint32_t *)(void *)((char *)u + f->coff);
}

/* Bring the user's lmap slot into the cache ahead of its event (the
 * batch looks ahead): walking or adding a user's pool lines starts
 * there, and it was a cache miss. */
void
lat_prefetch(const cjm_funnel *f, uhead *u)
{
	if (f->lmapcap > 0)
		__builtin_prefetch(f->lmap + ((ukey(f, u) * 0x9E3779B1u) &
		    (f->lmapcap - 1)));
}

/* The line after l (rl the record's), or NULL. */
static uint32_t *
line_next(const cjm_funnel *f, uhead *u, const uint32_t *rl,
    const uint32_t *l)
{
	uint32_t i = l == rl ? head_get(f, u, rl) : l[-1];

	return i != 0 ? pool_line(f, i) : NULL;
}

static uint64_t
levels(const cjm_funnel *f, const uint32_t *l)
{
	if (f->nhw == 1)
		return l[0] & ~FLAGS;
	return (uint64_t)l[1] | (uint64_t)l[2] << 32;
}

static void
set_levels(const cjm_funnel *f, uint32_t *l, uint64_t v)
{
	if (f->nhw == 1) {
		l[0] = (l[0] & FLAGS) | (uint32_t)v;
		return;
	}
	l[1] = (uint32_t)v;
	l[2] = (uint32_t)(v >> 32);
}

static chain *
line_chain(const cjm_funnel *f, uint32_t *l)
{
	return (chain *)(void *)(l + f->nhw);
}

static uint32_t *
chain_line(const cjm_funnel *f, chain *c)
{
	return (uint32_t *)(void *)c - f->nhw;
}

static int
unused(const cjm_funnel *f, const uint32_t *l)
{
	return levels(f, l) == 0 && (l[0] & (LAT_BEST | LAT_ASTART)) == 0;
}

/* Room for n more pool lines (and their users in lmap), so that no
 * step moves the pool. */
int
lat_reserve(cjm_funnel *f, size_t n)
{
	if (f->nlmap + 1 > f->lmapcap / 4 * 3 && map_grow(f) < 0)
		goto nomem;
	if (f->nfree >= n || f->nside + n < f->sidecap)
		return 0;
	if (f->nside + n >= UINT32_MAX / 2 || cjm_grow(&f->side,
	    &f->sidecap, f->nside + n, f->lsize + 4, 1024) != 0)
		goto nomem;
	return 0;
nomem:
	f->nomem = 1;
	return -1;
}

/* The chain of the line that has one of the levels (mask) or flags. */
chain *
lat_chain(const cjm_funnel *f, uhead *u, uint64_t lv, uint32_t flag)
{
	uint32_t *rl = rec_line(f, u), *l;

	if (!(rl[0] & MORE))	/* most users: one line */
		return (levels(f, rl) & lv) || (rl[0] & flag) ?
		    line_chain(f, rl) : NULL;
	for (l = rl; l != NULL; l = line_next(f, u, rl, l))
		if ((levels(f, l) & lv) || (l[0] & flag))
			return line_chain(f, l);
	return NULL;
}

uint64_t
lat_alive(const cjm_funnel *f, uhead *u)
{
	uint32_t *rl = rec_line(f, u), *l;
	uint64_t v = 0;

	if (!(rl[0] & MORE))
		return levels(f, rl);
	for (l = rl; l != NULL; l = line_next(f, u, rl, l))
		v |= levels(f, l);
	return v;
}

/* Clear levels lv and flags on every line of the user. */
static void
unref(cjm_funnel *f, uhead *u, uint64_t lv, uint32_t flag)
{
	uint32_t *rl = rec_line(f, u), *l;

	if (!(rl[0] & MORE)) {
		set_levels(f, rl, levels(f, rl) & ~lv);
		rl[0] &= ~flag;
		return;
	}
	for (l = rl; l != NULL; l = line_next(f, u, rl, l)) {
		set_levels(f, l, levels(f, l) & ~lv);
		l[0] &= ~flag;
	}
}

/* Give level bits lv and flags to c's line alone. */
void
lat_ref(cjm_funnel *f, uhead *u, chain *c, uint64_t lv, uint32_t flag)
{
	uint32_t *to = chain_line(f, c);

	if (rec_line(f, u)[0] & MORE)	/* else every bit is on to */
		unref(f, u, lv, flag);
	set_levels(f, to, levels(f, to) | lv);
	to[0] |= flag;
}

/* A line without references for a new chain (room reserved). */
static uint32_t *
line_new(cjm_funnel *f, uhead *u)
{
	uint32_t *rl = rec_line(f, u), *l, i;

	if (unused(f, rl))
		return rl;
	if (f->lfree != 0) {
		i = f->lfree;
		l = pool_line(f, i);
		f->lfree = l[-1];
		f->nfree--;
	} else {
		i = (uint32_t)++f->nside;
		l = pool_line(f, i);
	}
	memset(l, 0, f->lsize);
	l[-1] = head_get(f, u, rl);
	head_set(f, u, rl, i);
	return l;
}

/* A new attempt's start (level 1 and the attempt's start): in place when
 * the old level-1 chain's line serves nothing else. */
chain *
lat_start(cjm_funnel *f, uhead *u, int64_t t, uint32_t by)
{
	chain *c = lat_chain(f, u, 1, 0);
	uint32_t *l;

	if (c == NULL || levels(f, l = chain_line(f, c)) != 1 ||
	    (l[0] & LAT_BEST))
		c = line_chain(f, line_new(f, u));
	put64(c->start, t);
	chain_set_by(f, c, by);
	lat_ref(f, u, c, 1, LAT_ASTART);
	return c;
}

/* Level k's chain: p's (level k - 1) with step k + 1 at d ms. */
chain *
lat_extend(cjm_funnel *f, uhead *u, chain *p, size_t k, uint32_t d)
{
	uint32_t *l = chain_line(f, p);
	chain *c = p;

	/* Step k + 1 is read by the levels above k, and by the best chain
	 * when it has more than k stages: then the chain is copied. (Starts
	 * only grow along the levels, so the matcher's rules seem never to
	 * ask for it: no test reaches the copy. It stays, as the guard of
	 * the sharing.) */
	if (chain_d(f, p)[k - 1] != d &&
	    ((levels(f, l) & ~((2ULL << k) - 1)) ||
	    ((l[0] & LAT_BEST) && u->blvl > k))) {
		c = line_chain(f, line_new(f, u));
		memcpy(c, p, chain_size(f, k - 1));
	}
	chain_d(f, c)[k - 1] = d;
	lat_ref(f, u, c, 1ULL << k, 0);
	return c;
}

static void
pool_free(cjm_funnel *f, uint32_t i)
{
	pool_line(f, i)[-1] = f->lfree;
	f->lfree = i;
	f->nfree++;
}

/* Drop levels lv and flags; lines left without references go back to the
 * pool, and the record's line takes a pooled one's place when free. */
void
lat_drop(cjm_funnel *f, uhead *u, uint64_t lv, uint32_t flag)
{
	uint32_t *rl = rec_line(f, u), *l, i, first = 0, *last = NULL, nx;

	if (!(rl[0] & MORE)) {	/* most steps: one line, nothing to drop */
		if (lv != 0 || flag != 0)
			unref(f, u, lv, flag);
		return;
	}
	unref(f, u, lv, flag);	/* (moves may have left pool lines unused) */
	for (i = head_get(f, u, rl); i != 0; i = nx) {
		l = pool_line(f, i);
		nx = l[-1];
		if (unused(f, l)) {
			pool_free(f, i);
			continue;
		}
		if (last == NULL)
			first = i;
		else
			last[-1] = i;
		last = l;
		l[-1] = 0;
	}
	if (first != 0 && unused(f, rl)) {
		l = pool_line(f, first);
		memcpy(rl, l, f->lsize);	/* flags and levels too */
		i = first;
		first = l[-1];
		pool_free(f, i);
	}
	rl[0] |= MORE;		/* head_set keeps lmap in step */
	head_set(f, u, rl, first);
}

/* Return the user's pooled lines (its record is about to be reset). */
void
lat_free_all(cjm_funnel *f, uhead *u)
{
	lat_drop(f, u, ~0ULL, LAT_BEST | LAT_ASTART);
}
