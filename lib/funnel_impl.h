/* funnel_impl.h: the funnel engine's insides, shared by lib/funnel*.c
 * only (not installed). */
#ifndef CJM_FUNNEL_IMPL_H
#define CJM_FUNNEL_IMPL_H

#include "cjm_funnel.h"

#define NAME_SLOTS	256
#define NAME_SLOTS_MASK	(NAME_SLOTS - 1)
#define NONE_BY		0	/* breakdown value index of "(none)" */

/* A vector of times in ms (exact quantiles need every value). */
typedef struct tvec {
	uint32_t *v;
	size_t n, cap;
} tvec;

/* Flags of a user. */
enum {
	U_ACTIVE = 1,		/* an attempt is under way */
	U_UNSORTED = 2,		/* events came out of time order: pass 2 */
	U_DROPPED = 4,		/* excluded (users, drop mode) */
	U_DONE = 8,		/* converted: nothing more can change (users) */
	U_GROUP = 16		/* a group of events is pending */
};

/*
 * A user's record: this header, then chains. A chain is a start time,
 * the breakdown value of its stage-1 event and the offsets in ms from
 * the start of steps 2..S (u32: hence the window's limit). First entry
 * keeps one chain (the attempt's), latest one per level (the latest
 * start reaching it), any one time per stage; then one best chain.
 */
typedef struct uhead {
	int64_t last;		/* time of the pending group */
	int64_t astart;		/* attempt: latest start / last event (any) */
	uint64_t mask;		/* names in the pending group */
	uint64_t alive;		/* latest: levels with a chain */
	uint32_t id;		/* offset of the id in the arena */
	uint32_t gby;		/* by value of the group's stage-1 event */
	uint32_t by1;		/* any: by value of the last stage-1 event */
	uint8_t flags;
	uint8_t lvl;		/* first: level of the attempt's chain */
	uint8_t blvl;		/* level of the best chain */
	uint8_t pad;
} uhead;

typedef struct chain {
	int64_t start;
	uint32_t by;
	uint32_t d[];		/* d[k-1]: step k+1's time - start */
} chain;

struct fname {
	char *s;
	uint64_t stages;	/* bit k: reaches stage k */
	int first;		/* its first stage, -1 if none */
	int excluded;
};

/* Counts per breakdown value. */
typedef struct byval {
	char *s;
	uint64_t *count;	/* per stage */
} byval;

struct cjm_funnel {
	cjm_funnel_opts o;
	char **ids;		/* stage ids */
	size_t nstages;
	struct fname names[CJM_FUNNEL_MAX_NAMES];
	size_t nnames;
	uint8_t order[CJM_FUNNEL_MAX_NAMES];
	uint8_t nslot[NAME_SLOTS];
	uint64_t s1names;	/* names that reach stage 1 */
	const char *curname;	/* the events' input name */
	/* users */
	char *recs;
	size_t rsize, nrec, rcap, csize, nchains;
	uint32_t *slots;
	size_t nslots;
	char *arena;
	size_t alen, acap;
	uhead *cur;		/* --sorted: the one user */
	unsigned long curline;
	size_t nunsorted;
	/* breakdown values */
	byval *by;
	size_t nby, bycap;
	uint32_t *byslots;
	size_t nbyslots;
	/* results */
	uint64_t *count;
	tvec *times;		/* [0] end to end, [k] step k-1 -> k */
	uint64_t users, events, skipped;
	int finished, pass2;
	uint64_t seq;
};

/* funnel.c */
chain *funnel_chain(const cjm_funnel *, uhead *, size_t i);
chain *funnel_best(const cjm_funnel *, uhead *);
int funnel_by_intern(cjm_funnel *, const char *s, size_t n, uint32_t *out);
/* funnel_match.c */
void funnel_group(cjm_funnel *, uhead *, int64_t t);
void funnel_user_end(cjm_funnel *, uhead *);
int tvec_push(tvec *, uint32_t);

#endif
