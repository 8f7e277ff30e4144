/* funnel_match.c: the matcher: one user's events, in time order, to the
 * stages they reach (the semantics of cjm-funnel(1)). */
#include <stdlib.h>
#include <string.h>

#include "funnel_impl.h"

int
tvec_push(tvec *v, uint32_t x)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 1024;
		uint32_t *n = realloc(v->v, cap * sizeof(*n));

		if (n == NULL)
			return -1;
		v->v = n;
		v->cap = cap;
	}
	v->v[v->n++] = x;
	return 0;
}

/* Count a result: the chain reached level stages (0: did not enter). */
static void
emit(cjm_funnel *f, const chain *c, size_t level)
{
	size_t k, s = f->nstages;

	for (k = 0; k < level; k++) {
		f->count[k]++;
		f->by[chain_by(f, c)].count[k]++;
	}
	if (level == 0)
		return;
	if (f->o.order == CJM_ORDER_ANY) {
		if (level == s)
			tvec_push(&f->times[0], s > 1 ? c->d[s - 2] : 0);
		return;
	}
	for (k = 1; k < level; k++)
		tvec_push(&f->times[k], c->d[k - 1] - (k > 1 ? c->d[k - 2] : 0));
	if (level == s)
		tvec_push(&f->times[0], s > 1 ? c->d[s - 2] : 0);
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
	else
		memcpy(funnel_best(f, u), c, f->csize);
}

static void
set_alive(cjm_funnel *f, uhead *u, uint64_t v)
{
	if (f->o.entry == CJM_ENTRY_LATEST && f->o.order != CJM_ORDER_ANY)
		put64(funnel_words(f, u) + f->w_alive, v);
}

/* The attempt is over: converted, timed out, broken, excluded. */
static void
attempt_end(cjm_funnel *f, uhead *u, int dropped)
{
	u->flags &= (uint8_t)~U_ACTIVE;
	u->lvl = 0;
	set_alive(f, u, 0);
	if (f->o.count == CJM_COUNT_TOTALS) {
		if (!dropped)
			emit(f, funnel_best(f, u), u->blvl);
		u->blvl = 0;
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
	set_alive(f, u, 0);
	u->lvl = 0;
	if (f->o.count == CJM_COUNT_TOTALS) {
		u->blvl = 0;
		return;
	}
	if (f->o.entry == CJM_ENTRY_FIRST && (u->flags & U_BESTCUR) &&
	    u->blvl > 0 && (side = funnel_side(f, u)) != NULL) {
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
			c->d[u->lvl - 1] = (uint32_t)(t - get64(c->start));
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
	uint64_t old = get64(funnel_words(f, u) + f->w_alive), now;

	if (!(u->flags & U_ACTIVE)) {
		if (!(st & 1))
			return;
		attempt_start(f, u, t);
		old = 0;
	}
	now = f->o.order == CJM_ORDER_STRICT ? 0 : old;
	for (k = s; k-- > 0;) {
		chain *c = funnel_chain(f, u, k), *p;

		if (!(st >> k & 1))
			continue;
		if (k == 0) {
			put64(c->start, t);
			u_set_astart(f, u, t);
			chain_set_by(f, c, by);
		} else {
			p = funnel_chain(f, u, k - 1);
			if (!(old >> (k - 1) & 1) ||
			    t - get64(p->start) > f->o.window_ms ||
			    ((now >> k & 1) &&
			    get64(p->start) <= get64(c->start)))
				continue;
			memcpy(c, p, f->csize);
			c->d[k - 1] = (uint32_t)(t - get64(c->start));
		}
		now |= 1ULL << k;
		reached(f, u, c, k + 1);
		if (k + 1 == s) {
			attempt_end(f, u, 0);
			return;
		}
	}
	set_alive(f, u, now);
	if (now == 0)
		attempt_end(f, u, 0);
}

/*
 * --order any: the last time of each stage (an event fills its first
 * stage); level k is reached when stages 1..k all happened within the
 * window before now.
 */
static void
any_step(cjm_funnel *f, uhead *u, int64_t t, uint64_t st, uint32_t by)
{
	uint32_t *lt = (uint32_t *)(void *)funnel_chain(f, u, 0);
	uint32_t *by1 = funnel_words(f, u) + f->w_by1;
	size_t s = f->nstages, k = 0, lvl;
	int64_t start = t, x;
	chain *b;

	while (!(st >> k & 1))
		k++;
	if (!(u->flags & U_ACTIVE)) {
		attempt_start(f, u, t);
		for (lvl = 0; lvl < s; lvl++)
			put64(lt + 2 * lvl, INT64_MIN);
	}
	u_set_astart(f, u, t);
	put64(lt + 2 * k, t);
	if (k == 0)
		*by1 = by;
	for (lvl = 0; lvl < s && (x = get64(lt + 2 * lvl)) != INT64_MIN &&
	    t - x <= f->o.window_ms; lvl++)
		if (x < start)
			start = x;
	if (lvl > u->blvl) {
		b = funnel_best(f, u);
		u->blvl = (uint8_t)lvl;
		put64(b->start, start);
		chain_set_by(f, b, *by1);
		if (s > 1)
			b->d[s - 2] = (uint32_t)(t - start);
	}
	if (lvl == s)
		attempt_end(f, u, 0);
}

/* The pending group at time t, its names in the funnel's order. */
void
funnel_group(cjm_funnel *f, uhead *u, int64_t t)
{
	uint32_t m = u->mask;
	size_t i;

	u->mask = 0;
	u->flags &= (uint8_t)~U_GROUP;
	if ((u->flags & U_ACTIVE) && t - u_astart(f, u) > f->o.window_ms)
		attempt_end(f, u, 0);		/* timed out */
	for (i = 0; i < f->nnames; i++) {
		int x = f->order[i];
		uint64_t st = f->names[x].stages;

		if (u->flags & U_DONE)
			return;
		if (!(m >> x & 1))
			continue;
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
