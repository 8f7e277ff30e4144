/* funnel_latest.c: --entry latest's chains kept as shared lines, so a
 * customer costs about as much as with --entry first (issue 16). */
#include <stdlib.h>
#include <string.h>

#include "funnel_impl.h"
#include "grow.h"

/*
 * A chain of level k is a start and its first k steps. Chains share: the
 * chain a step extends keeps its steps, and the new one adds one, so a
 * line (a start, the breakdown value, steps 2..S) holds every chain that
 * is one of its prefixes. A line is words: next (the user's next line in
 * the pool, 1-based, 0 at the end) with the flags LAT_BEST (the best
 * chain, of u->blvl stages, is a prefix) and LAT_ASTART (its start is the
 * attempt's latest stage-1 time) in the top bits; then the levels whose
 * chain it holds (f->nlw words); then the chain. A user's first line is
 * in its record; more come from a pool (f->side) with a free list. Lines
 * are only ever appended to, so a chain stays what it was until its level
 * points elsewhere; a step writes in place only where no chain reads.
 */
#define NEXT_MASK	0x3FFFFFFFu

static uint32_t *
line_at(const cjm_funnel *f, uhead *u, uint32_t i)
{
	if (i == 0)
		return (uint32_t *)(void *)((char *)u + f->coff);
	return f->side + (size_t)(i - 1) * (f->lsize / 4);
}

static uint64_t
levels(const cjm_funnel *f, const uint32_t *l)
{
	return f->nlw == 1 ? l[1] : (uint64_t)l[1] | (uint64_t)l[2] << 32;
}

static void
set_levels(const cjm_funnel *f, uint32_t *l, uint64_t v)
{
	l[1] = (uint32_t)v;
	if (f->nlw == 2)
		l[2] = (uint32_t)(v >> 32);
}

static chain *
line_chain(const cjm_funnel *f, uint32_t *l)
{
	return (chain *)(void *)(l + 1 + f->nlw);
}

static uint32_t *
chain_line(const cjm_funnel *f, chain *c)
{
	return (uint32_t *)(void *)c - 1 - f->nlw;
}

static int
unused(const cjm_funnel *f, const uint32_t *l)
{
	return levels(f, l) == 0 && (l[0] & ~NEXT_MASK) == 0;
}

/* Room for n more pool lines, so that no step moves the pool. */
int
lat_reserve(cjm_funnel *f, size_t n)
{
	if (f->nfree >= n)
		return 0;
	if (f->nside + n >= NEXT_MASK || cjm_grow(&f->side, &f->sidecap,
	    f->nside + n, f->lsize, 1024) != 0) {
		f->nomem = 1;
		return -1;
	}
	return 0;
}

/* The chain of the line that has one of the levels (mask) or flags. */
chain *
lat_chain(const cjm_funnel *f, uhead *u, uint64_t lv, uint32_t flag)
{
	uint32_t *l = line_at(f, u, 0);

	for (;;) {
		if ((levels(f, l) & lv) || (l[0] & flag))
			return line_chain(f, l);
		if ((l[0] & NEXT_MASK) == 0)
			return NULL;
		l = line_at(f, u, l[0] & NEXT_MASK);
	}
}

uint64_t
lat_alive(const cjm_funnel *f, uhead *u)
{
	uint32_t *l = line_at(f, u, 0);
	uint64_t v = 0;

	for (;;) {
		v |= levels(f, l);
		if ((l[0] & NEXT_MASK) == 0)
			return v;
		l = line_at(f, u, l[0] & NEXT_MASK);
	}
}

/* Give level bits lv and flags to c's line alone. */
void
lat_ref(cjm_funnel *f, uhead *u, chain *c, uint64_t lv, uint32_t flag)
{
	uint32_t *l = line_at(f, u, 0), *to = chain_line(f, c);

	for (;;) {
		set_levels(f, l, levels(f, l) & ~lv);
		l[0] &= ~flag;
		if ((l[0] & NEXT_MASK) == 0)
			break;
		l = line_at(f, u, l[0] & NEXT_MASK);
	}
	set_levels(f, to, levels(f, to) | lv);
	to[0] |= flag;
}

/* A line without references for a new chain (room reserved). */
static uint32_t *
line_new(cjm_funnel *f, uhead *u)
{
	uint32_t *head = line_at(f, u, 0), *l, i;

	if (unused(f, head))
		return head;
	if (f->lfree != 0) {
		i = f->lfree;
		l = line_at(f, u, i);
		f->lfree = l[0] & NEXT_MASK;
		f->nfree--;
	} else {
		i = (uint32_t)++f->nside;
		l = line_at(f, u, i);
	}
	memset(l, 0, f->lsize);
	l[0] = head[0] & NEXT_MASK;
	head[0] = (head[0] & ~NEXT_MASK) | i;
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

	/* Step k + 1 is read by levels above k - 1 but k, and by the
	 * best chain when it has more than k stages. */
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

/* Drop levels lv and flags; lines left without references go back to the
 * pool, and the record's line takes a pooled one when it is free. */
void
lat_drop(cjm_funnel *f, uhead *u, uint64_t lv, uint32_t flag)
{
	uint32_t *head = line_at(f, u, 0), *prev = head, *l, i;

	for (l = head;;) {
		set_levels(f, l, levels(f, l) & ~lv);
		l[0] &= ~flag;
		if ((l[0] & NEXT_MASK) == 0)
			break;
		l = line_at(f, u, l[0] & NEXT_MASK);
	}
	while ((i = prev[0] & NEXT_MASK) != 0) {
		l = line_at(f, u, i);
		if (!unused(f, l)) {
			prev = l;
			continue;
		}
		prev[0] = (prev[0] & ~NEXT_MASK) | (l[0] & NEXT_MASK);
		l[0] = f->lfree;
		f->lfree = i;
		f->nfree++;
	}
	if (unused(f, head) && (i = head[0] & NEXT_MASK) != 0) {
		l = line_at(f, u, i);
		memcpy(head, l, f->lsize);	/* its next becomes ours */
		l[0] = f->lfree;
		f->lfree = i;
		f->nfree++;
	}
}

/* Return the user's pooled lines (its record is about to be reset). */
void
lat_free_all(cjm_funnel *f, uhead *u)
{
	lat_drop(f, u, ~0ULL, ~NEXT_MASK);
}
