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
		f->by[c->by].count[k]++;
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

/* The chain c reached level: the best so far when further. */
static void
reached(cjm_funnel *f, uhead *u, const chain *c, size_t level)
{
	if (level <= u->blvl)
		return;
	u->blvl = (uint8_t)level;
	memcpy(funnel_best(f, u), c, f->csize);
}

/* The attempt is over: converted, timed out, broken, excluded. */
static void
attempt_end(cjm_funnel *f, uhead *u, int dropped)
{
	u->flags &= (uint8_t)~U_ACTIVE;
	u->lvl = 0;
	u->alive = 0;
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

static void
attempt_start(cjm_funnel *f, uhead *u, int64_t t)
{
	u->flags |= U_ACTIVE;
	u->astart = t;
	u->alive = 0;
	u->lvl = 0;
	if (f->o.count == CJM_COUNT_TOTALS)
		u->blvl = 0;
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
		    t - c->start <= f->o.window_ms) {
			c->d[u->lvl - 1] = (uint32_t)(t - c->start);
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
		c->start = t;
		c->by = by;
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
	uint64_t old = u->alive, now;

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
			c->start = u->astart = t;
			c->by = by;
		} else {
			p = funnel_chain(f, u, k - 1);
			if (!(old >> (k - 1) & 1) ||
			    t - p->start > f->o.window_ms ||
			    ((now >> k & 1) && p->start <= c->start))
				continue;
			memcpy(c, p, f->csize);
			c->d[k - 1] = (uint32_t)(t - c->start);
		}
		now |= 1ULL << k;
		reached(f, u, c, k + 1);
		if (k + 1 == s) {
			attempt_end(f, u, 0);
			return;
		}
	}
	u->alive = now;
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
	int64_t *lt = (int64_t *)(void *)funnel_chain(f, u, 0), start = t;
	size_t s = f->nstages, k = 0, lvl;
	chain *b;

	while (!(st >> k & 1))
		k++;
	if (!(u->flags & U_ACTIVE)) {
		attempt_start(f, u, t);
		for (lvl = 0; lvl < s; lvl++)
			lt[lvl] = INT64_MIN;
	}
	u->astart = t;
	lt[k] = t;
	if (k == 0)
		u->by1 = by;
	for (lvl = 0; lvl < s && lt[lvl] != INT64_MIN &&
	    t - lt[lvl] <= f->o.window_ms; lvl++)
		if (lt[lvl] < start)
			start = lt[lvl];
	if (lvl > u->blvl) {
		b = funnel_best(f, u);
		u->blvl = (uint8_t)lvl;
		b->start = start;
		b->by = u->by1;
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
	uint64_t m = u->mask;
	size_t i;

	u->mask = 0;
	u->flags &= (uint8_t)~U_GROUP;
	if ((u->flags & U_ACTIVE) && t - u->astart > f->o.window_ms)
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
			any_step(f, u, t, st, u->gby);
		else if (f->o.entry == CJM_ENTRY_FIRST)
			first_step(f, u, t, st, u->gby);
		else
			latest_step(f, u, t, st, u->gby);
	}
}

void
funnel_user_end(cjm_funnel *f, uhead *u)
{
	if (u->flags & U_GROUP)
		funnel_group(f, u, u->last);
	if (u->flags & U_ACTIVE)
		attempt_end(f, u, 0);
	if (f->o.count == CJM_COUNT_USERS && !(u->flags & U_DROPPED))
		emit(f, funnel_best(f, u), u->blvl);
}
