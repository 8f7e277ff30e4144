/* funnel_match.c: the matcher: one user's events, in time order, to the
 * stages they reach (the semantics of cjm-funnel(1)). */
#include <stdlib.h>
#include <string.h>

#include "funnel_impl.h"
#include "grow.h"

int
tvec_push(tvec *v, uint32_t x)
{
	if (cjm_grow(&v->v, &v->cap, v->n, sizeof(*v->v), 1024) < 0)
		return -1;
	v->v[v->n++] = x;
	return 0;
}

/* Count a result: the chain reached level stages (0: did not enter). */
static void
emit(cjm_funnel *f, chain *c, size_t level)
{
	size_t k, s = f->nstages;
	uint32_t *d = chain_d(f, c);

	for (k = 0; k < level; k++) {
		f->count[k]++;
		f->by[chain_by(f, c)].count[k]++;
	}
	if (level == 0)
		return;
	if (f->o.order == CJM_ORDER_ANY) {	/* d[0]: end to end */
		if (level == s)
			tvec_push(&f->times[0], s > 1 ? d[0] : 0);
		return;
	}
	for (k = 1; k < level; k++)
		tvec_push(&f->times[k], d[k - 1] - (k > 1 ? d[k - 2] : 0));
	if (level == s)
		tvec_push(&f->times[0], s > 1 ? d[s - 2] : 0);
}

/* The chain c reached level: the best so far when further. With
 * --entry first the attempt's chain is the best in place. */
static void
reached(cjm_funnel *f, uhead *u, const chain *c, size_t level)
{
	if (level <= u->blvl)
		return;
	u->blvl = (uint8_t)level;
	if (f->o.entry == CJM_ENTRY_FIRST)
		u->flags |= U_BESTCUR;
	else if (f->lat)
		lat_ref(f, u, (chain *)c, 0, LAT_BEST);
	else
		memcpy(funnel_best(f, u), c, chain_size(f, level - 1));
}

/* No chain is alive (latest: their lines go back to the pool). */
static void
kill_chains(cjm_funnel *f, uhead *u)
{
	if (f->lat)
		lat_drop(f, u, ~0ULL, LAT_ASTART);
}

/* Totals: the next attempt starts from no best chain. */
static void
best_reset(cjm_funnel *f, uhead *u)
{
	u->blvl = 0;
	if (f->lat)
		lat_drop(f, u, 0, LAT_BEST);
}

/* The attempt is over: converted, timed out, broken, excluded. */
static void
attempt_end(cjm_funnel *f, uhead *u, int dropped)
{
	u->flags &= (uint8_t)~U_ACTIVE;
	u->lvl = 0;
	kill_chains(f, u);
	if (f->o.count == CJM_COUNT_TOTALS) {
		if (!dropped)
			emit(f, funnel_best(f, u), u->blvl);
		best_reset(f, u);
		return;
	}
	if (dropped)
		u->flags |= U_DROPPED | U_DONE;
	else if (u->blvl == f->nstages)
		u->flags |= U_DONE;
}

/* A new attempt. First entry, users: the attempt's chain is about to be
 * reused; when it holds the best so far, keep it in the side table. */
static void
attempt_start(cjm_funnel *f, uhead *u, int64_t t)
{
	chain *side;

	u->flags |= U_ACTIVE;
	u_set_astart(f, u, t);
	kill_chains(f, u);
	u->lvl = 0;
	if (f->o.count == CJM_COUNT_TOTALS) {
		best_reset(f, u);
		return;
	}
	/* A best chain of level 1 counts nothing of its own without --by:
	 * the new attempt's chain serves for it, and no side chain is
	 * needed (first-strict, 100,000 users: 61,851 side chains of 36
	 * bytes -> 25,684). */
	if (f->o.entry == CJM_ENTRY_FIRST && (u->flags & U_BESTCUR) &&
	    (u->blvl > 1 || (u->blvl == 1 && f->o.by != NULL)) &&
	    (side = funnel_side(f, u)) != NULL) {
		memcpy(side, funnel_chain(f, u, 0), f->csize);
		u->flags &= (uint8_t)~U_BESTCUR;
	}
}

/* --entry first: one chain, from the attempt's first stage-1 event; the
 * earliest event of the next stage extends it. */
static void
first_step(cjm_funnel *f, uhead *u, int64_t t, uint64_t st, uint32_t by)
{
	chain *c = funnel_chain(f, u, 0);
	size_t s = f->nstages;

	if (u->flags & U_ACTIVE) {
		if (u->lvl < s && (st >> u->lvl & 1) &&
		    t - get64(c->start) <= f->o.window_ms) {
			chain_d(f, c)[u->lvl - 1] =
			    (uint32_t)(t - get64(c->start));
			u->lvl++;
			reached(f, u, c, u->lvl);
			if (u->lvl == s)
				attempt_end(f, u, 0);
			return;
		}
		if (f->o.order != CJM_ORDER_STRICT)
			return;
		attempt_end(f, u, 0);	/* strict: another event broke it */
	}
	if (st & 1) {
		attempt_start(f, u, t);
		put64(c->start, t);
		chain_set_by(f, c, by);
		u->lvl = 1;
		reached(f, u, c, 1);
		if (s == 1)
			attempt_end(f, u, 0);
	}
}

/*
 * --entry latest: for each level, the chain reaching it with the latest
 * start (it can go furthest: its window ends last). From the state
 * before the event, so one event fills one stage of a chain. Strict: a
 * chain the event does not extend dies.
 */
static void
latest_step(cjm_funnel *f, uhead *u, int64_t t, uint64_t st, uint32_t by)
{
	size_t s = f->nstages, k;
	uint64_t old, now;

	if (lat_reserve(f, s + 1) < 0)
		return;			/* cjm_funnel_finish fails */
	old = lat_alive(f, u);
	if (!(u->flags & U_ACTIVE)) {
		if (!(st & 1))
			return;
		attempt_start(f, u, t);
		old = 0;
	}
	now = f->o.order == CJM_ORDER_STRICT ? 0 : old;
	for (k = s; k-- > 0;) {
		chain *c, *p;

		if (!(st >> k & 1))
			continue;
		if (k == 0) {
			c = lat_start(f, u, t, by);
		} else {
			if (!(old >> (k - 1) & 1))
				continue;
			p = lat_chain(f, u, 1ULL << (k - 1), 0);
			if (t - get64(p->start) > f->o.window_ms ||
			    ((now >> k & 1) && get64(p->start) <=
			    get64(lat_chain(f, u, 1ULL << k, 0)->start)))
				continue;
			c = lat_extend(f, u, p, k,
			    (uint32_t)(t - get64(p->start)));
		}
		now |= 1ULL << k;
		reached(f, u, c, k + 1);
		if (k + 1 == s) {
			attempt_end(f, u, 0);
			return;
		}
	}
	/* Strict: the chains this event did not extend die. */
	lat_drop(f, u, old & ~now, 0);
	if (now == 0)
		attempt_end(f, u, 0);
}

/* --order any: the stages' ages (ms before the attempt's last event
 * at *last, and the bits of the stages that have one, nw words) move on
 * to time t, at or after it; an age past the window goes, as it stays
 * past it. A loop over the ages each step: 3 % more instructions than
 * 64-bit times (callgrind), for 56 bytes less a customer. */
static void
any_age(const cjm_funnel *f, uint32_t *last, int64_t t, uint32_t *age,
    uint32_t *has, size_t nw)
{
	int64_t dt = t - get64(last);
	size_t w, k;
	uint32_t m;

	if (dt == 0)
		return;
	for (w = 0; w < nw; w++)
		for (m = has[w]; m != 0; m &= m - 1) {
			k = 32 * w + (size_t)__builtin_ctz(m);
			if (dt > f->o.window_ms - (int64_t)age[k])
				has[w] &= ~(m & -m);
			else
				age[k] += (uint32_t)dt;
		}
}

/* The level the ages reach: stages 1..level all have one. */
static size_t
any_level(size_t s, const uint32_t *has, size_t nw)
{
	size_t w, lvl = 0;

	for (w = 0; w < nw && has[w] == ~0u; w++)
		lvl += 32;
	if (w < nw)
		lvl += (size_t)__builtin_ctz(~has[w]);
	return lvl < s ? lvl : s;
}

/*
 * --order any: the last time of each stage (an event fills its first
 * stage), kept as its age; level k is reached when stages 1..k all
 * happened within the window before now.
 */
static void
any_step(cjm_funnel *f, uhead *u, int64_t t, uint64_t st, uint32_t by)
{
	uint32_t *age = (uint32_t *)(void *)((char *)u + f->coff);
	uint32_t *words = (uint32_t *)(void *)((char *)u + f->xoff);
	uint32_t *has = words + f->w_has, *last = words + f->w_astart;
	size_t s = f->nstages, nw = (s + 31) / 32, k = 0, lvl;
	uint32_t oldest = 0;
	chain *b;

	while (!(st >> k & 1))
		k++;
	if (!(u->flags & U_ACTIVE)) {
		attempt_start(f, u, t);
		memset(has, 0, 4 * nw);
	} else
		any_age(f, last, t, age, has, nw);
	put64(last, t);
	age[k] = 0;
	has[k / 32] |= 1U << (k % 32);
	if (k == 0 && f->w_by1 >= 0)
		words[f->w_by1] = by;
	for (lvl = any_level(s, has, nw), k = 0; k < lvl; k++)
		if (age[k] > oldest)
			oldest = age[k];
	if (lvl > u->blvl) {
		b = (chain *)(void *)((char *)u + f->boff);
		u->blvl = (uint8_t)lvl;
		put64(b->start, t - oldest);
		if (f->w_by1 >= 0)
			chain_set_by(f, b, words[f->w_by1]);
		if (s > 1)
			chain_d(f, b)[0] = oldest;
	}
	if (lvl == s)
		attempt_end(f, u, 0);
}

/* Is one of the names (a bit mask) in the user's pending group? */
int
funnel_grp_has(const uhead *u, uint32_t names)
{
	uint8_t i;

	if (u->ngrp == GRP_MASK)
		return (u->grp & names) != 0;
	for (i = 0; i < u->ngrp; i++)
		if (names >> (u->grp >> (5 * i) & 31) & 1)
			return 1;
	return 0;
}

/* Add name x (not in it yet) to the pending group. */
void
funnel_grp_add(uhead *u, int x)
{
	uint32_t m = 1U << x;
	uint8_t i;

	if (u->ngrp == GRP_MASK) {
		u->grp |= m;
	} else if (u->ngrp < GRP_MAX) {
		u->grp |= (uint32_t)x << (5 * u->ngrp);
		u->ngrp++;
	} else {
		/* A seventh name at one time: from now a set, taken in the
		 * map's order of names (cjm-funnel(1) says so). */
		for (i = 0; i < u->ngrp; i++)
			m |= 1U << (u->grp >> (5 * i) & 31);
		u->grp = m;
		u->ngrp = GRP_MASK;
	}
}

/* One name of the pending group at time t to the matcher. */
static void
step(cjm_funnel *f, uhead *u, int64_t t, int x)
{
	uint64_t st = f->names[x].stages;

	if (st == 0) {
		if (u->flags & U_ACTIVE)
			attempt_end(f, u, f->o.exclude_mode ==
			    CJM_EXCLUDE_DROP);
	} else if (f->o.order == CJM_ORDER_ANY)
		any_step(f, u, t, st, u_gby(f, u));
	else if (f->o.entry == CJM_ENTRY_FIRST)
		first_step(f, u, t, st, u_gby(f, u));
	else
		latest_step(f, u, t, st, u_gby(f, u));
}

/* The rank of name x at one time: its first stage; excluded names last. */
static int
rank(const cjm_funnel *f, int x)
{
	return f->names[x].first >= 0 ? f->names[x].first : (int)f->nstages;
}

/* The pending group at time t: its names by stage, then arrival. */
void
funnel_group(cjm_funnel *f, uhead *u, int64_t t)
{
	int x[GRP_MAX], y;
	size_t i, j, n = 0;

	u->flags &= (uint8_t)~U_GROUP;
	if ((u->flags & U_ACTIVE) && t - u_astart(f, u) > f->o.window_ms)
		attempt_end(f, u, 0);		/* timed out */
	if (u->ngrp == GRP_MASK) {
		for (i = 0; i < f->nnames && !(u->flags & U_DONE); i++)
			if (u->grp >> f->order[i] & 1)
				step(f, u, t, f->order[i]);
		return;
	}
	for (i = 0; i < u->ngrp; i++) {	/* insertion sort, stable */
		y = (int)(u->grp >> (5 * i) & 31);
		for (j = n++; j > 0 && rank(f, x[j - 1]) > rank(f, y); j--)
			x[j] = x[j - 1];
		x[j] = y;
	}
	for (i = 0; i < n && !(u->flags & U_DONE); i++)
		step(f, u, t, x[i]);
}

void
funnel_user_end(cjm_funnel *f, uhead *u)
{
	if (u->flags & U_GROUP)
		funnel_group(f, u, get64(u->last));
	if (u->flags & U_ACTIVE)
		attempt_end(f, u, 0);
	if (f->o.count == CJM_COUNT_USERS && !(u->flags & U_DROPPED))
		emit(f, funnel_best(f, u), u->blvl);
}
