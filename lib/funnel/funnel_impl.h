/* funnel_impl.h: the funnel engine's insides, shared by lib/funnel*.c
 * only (not installed). */
#ifndef CJM_FUNNEL_IMPL_H
#define CJM_FUNNEL_IMPL_H


#include <string.h>

#include "cjm_funnel.h"
#include "grow.h"

#define NAME_SLOTS	256
#define NAME_SLOTS_MASK	(NAME_SLOTS - 1)
#define NONE_BY		0	/* breakdown value index of "(none)" */
#define OTHER_MAX	64	/* other event names kept for hints */
#define OTHER_SLOTS	128

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
	U_GROUP = 16,		/* a group of events is pending */
	U_BESTCUR = 32		/* first: the best chain is the current one */
};

/*
 * A user's record: this header, a few mode words, then chains; all of
 * 32-bit words, so records pack without padding (64-bit times are word
 * pairs, read with get64/put64). A chain is a start time, the offsets in
 * ms from the start of steps 2..S (u32: hence the window's limit), and
 * with --by the breakdown value of its stage-1 event. --entry first keeps
 * the attempt's chain, and a previous attempt's better chain in a side
 * table (only users who start again need one); latest keeps a chain per
 * level (the latest start reaching it: level k's holds k - 1 steps) and
 * the best, as prefixes of shared lines (funnel_latest.c; the first in
 * the record, 40 bytes for eight stages); --order any keeps
 * the last time of each stage, as its age in ms before the attempt's last
 * event (u32, as no age past the window is kept), and of the best chain
 * only its start, by value and end-to-end time (all that is counted).
 * Eight stages, first, no breakdown: 60 bytes (latest too; any 80). The
 * mode words: the side chain's number (first), the last stage-1
 * breakdown value (any, --by), the attempt's start (any: the last event;
 * first: its chain's start; latest: its line's), the group's stage-1
 * breakdown value (--by) and a bit per stage that has an age (any).
 */
typedef struct uhead {
	uint32_t last[2];	/* time of the pending group */
	char id[8];		/* the id when short, else ID_FAR and its
				 * offset in the arena (bytes 4..7) */
	uint32_t grp;		/* the pending group: see feed() */
	uint8_t flags;
	uint8_t lvl;		/* first: level of the attempt's chain */
	uint8_t blvl;		/* level of the best chain */
	uint8_t ngrp;		/* names in grp, or GRP_MASK */
} uhead;

/* The first byte of a record's id that is in the arena: never one of
 * an id kept in place (no UTF-8 text starts so; the API's ids are
 * checked). */
#define ID_FAR		0xFF

/* A pending group holds up to GRP_MAX names in arrival order, 5 bits
 * each; past that, a bit mask of the names (ngrp == GRP_MASK). */
#define GRP_MAX		6
#define GRP_MASK	0xFF

typedef struct chain {
	uint32_t start[2];
	uint32_t w[];		/* [by,] then d: see chain_d */
} chain;

static inline int64_t
get64(const uint32_t *p)
{
	int64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline void
put64(uint32_t *p, int64_t v)
{
	memcpy(p, &v, sizeof(v));
}

struct fname {
	char *s;
	size_t len;
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
	uint32_t s1names;	/* names that reach stage 1 */
	const char *curname;	/* the events' input name */
	/* users: written as events are matched, so on cache lines apart
	 * from the names above, which the reading thread reads a row at a
	 * time (funnel_pipe.c) */
	_Alignas(64) char *recs;
	size_t rsize, nrec, rcap, csize, xoff, coff, boff;
	int w_side, w_alive, w_astart, w_by1, w_gby, w_has;	/* mode words,
							 * or -1 */
	int lat;		/* --entry latest, ordered: funnel_latest.c */
	size_t nhw, lsize;	/* latest: header words, bytes of a line */
	uint32_t lfree;		/* latest: the pool's free lines, 1-based */
	size_t nfree;
	uint64_t *lmap;		/* latest: user key << 32 | its first pool
				 * line, for users with more than one line */
	size_t nlmap, lmapcap;
	int nomem;		/* a step found no memory: finish fails */
	uint32_t *side;		/* first: earlier attempts' best chains;
				 * latest: the pool of lines */
	size_t nside, sidecap;
	uint32_t *slots;
	size_t nslots;
	int untagged;		/* the user table's slots hold no tags */
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
	/* Event names seen in the log, for the warning on a stage none of
	 * whose events occur: a bit per funnel name, and the first
	 * OTHER_MAX other names (for "did you mean"). */
	_Alignas(64) uint64_t seen;	/* the reading thread's, as above */
	char *other[OTHER_MAX];
	uint8_t olen[OTHER_MAX];	/* their lengths (64 at most) */
	uint16_t oslot[OTHER_SLOTS];
	size_t nother;
	char *logname;		/* the last log read, or NULL */
	/* Shard identity (funnel_shard.c): --sorted keeps its users'
	 * hashes as they pass; a merge keeps every merged shard's, sorted,
	 * each with the index of its shard, and the shards' names. */
	uint64_t *shash;
	size_t nshash, shcap;
	struct merged *merged;
	size_t nmerged, mcap;
	json_t *shards;		/* [{name, id}] of the shards merged */
	uint64_t seq;
	/* Two threads match at once, each its half of the users (by a bit
	 * of their hash): the twin holds the other half, with the settings
	 * and names of this one (shared: it owns none of them) and its own
	 * users and results, added to these at the finish. */
	struct cjm_funnel *twin;
	int shared;
};

/* The bit of a user's hash that picks its half (the table's home is the
 * high bits, the slot's tag the low eight). */
#define TWIN_BIT	(1ULL << 8)

/* A chain's steps: d[k - 1] is step k + 1's time - start (after the by
 * value, when there is one). */
static inline uint32_t *
chain_d(const cjm_funnel *f, chain *c)
{
	return c->w + (f->o.by != NULL);
}

/* Bytes of a chain that holds k steps after its start. */
static inline size_t
chain_size(const cjm_funnel *f, size_t k)
{
	return 4 * (2 + k + (f->o.by != NULL));
}

/* A user hash in a merge: which shard had it. */
struct merged {
	uint64_t h;
	uint32_t shard;
};

/* funnel.c */
/* FNV-1a: its low bits index the small table of event names. Inline:
 * it runs for every event. */
static inline uint64_t
fnv(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* FNV-1a with MurmurHash3's finalizer: the users' 64-bit hash. FNV's
 * high bits hardly change with the last bytes, and tables index by the
 * high bits. */
static inline uint64_t
funnel_hash(const char *s, size_t n)
{
	uint64_t h = fnv(s, n);

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
}
uint64_t funnel_user_hash(const cjm_funnel *, size_t rec);
chain *funnel_chain(const cjm_funnel *, uhead *, size_t i);
chain *funnel_best(cjm_funnel *, uhead *);
uint32_t *funnel_words(const cjm_funnel *, uhead *);
uint32_t chain_by(const cjm_funnel *, const chain *);
void chain_set_by(const cjm_funnel *, chain *, uint32_t);
chain *funnel_side(cjm_funnel *, uhead *);
int64_t u_astart(const cjm_funnel *, uhead *);
void u_set_astart(const cjm_funnel *, uhead *, int64_t);
uint32_t u_gby(const cjm_funnel *, uhead *);
void u_set_gby(const cjm_funnel *, uhead *, uint32_t);
int funnel_by_intern(cjm_funnel *, const char *s, size_t n, uint32_t *out);
int funnel_name(const cjm_funnel *, const char *s, size_t n);
/* Note that the log has event s (x its funnel name index, or -1). */
void funnel_seen(cjm_funnel *, int x, const char *s, size_t n);
/* One event of user[0..ulen-1], whose funnel_hash is h (unused with
 * --sorted). */
int funnel_event(cjm_funnel *, const char *user, size_t ulen, uint64_t h,
    int x, int64_t ms, const char *by, size_t blen, unsigned long line,
    cjm_diags *);
void funnel_prefetch(const cjm_funnel *, uint64_t h, int stage);
/* The funnel that holds user h: f or its twin. */
static inline cjm_funnel *
funnel_part(cjm_funnel *f, uint64_t h)
{
	return f->twin != NULL && (h & TWIN_BIT) ? f->twin : f;
}
/* Make f's twin (the users' other half, funnel_part); -1: no memory. */
int funnel_twin(cjm_funnel *);
/* funnel_pipe.c: read on a second thread; -1 when no thread could be
 * started (nothing read then), else a status. */
int funnel_read_piped(cjm_funnel *, FILE *, const cjm_events_spec *,
    cjm_diags *);
/* The same on this thread, a batch at a time; -1 when no batch could be
 * had (nothing read then). */
int funnel_read_batched(cjm_funnel *, FILE *, const cjm_events_spec *,
    cjm_diags *);
/* funnel_match.c */
int funnel_grp_has(const uhead *, uint32_t names);
void funnel_grp_add(uhead *, int x);
void funnel_group(cjm_funnel *, uhead *, int64_t t);
void funnel_user_end(cjm_funnel *, uhead *);
int tvec_push(tvec *, uint32_t);
/* funnel_latest.c: flags of a line */
#define LAT_BEST	0x80000000u
#define LAT_ASTART	0x40000000u
int lat_reserve(cjm_funnel *, size_t n);
chain *lat_chain(const cjm_funnel *, uhead *, uint64_t levels, uint32_t flag);
uint64_t lat_alive(const cjm_funnel *, uhead *);
void lat_ref(cjm_funnel *, uhead *, chain *, uint64_t levels, uint32_t flag);
chain *lat_start(cjm_funnel *, uhead *, int64_t t, uint32_t by);
chain *lat_extend(cjm_funnel *, uhead *, chain *p, size_t k, uint32_t d);
void lat_drop(cjm_funnel *, uhead *, uint64_t levels, uint32_t flag);
void lat_free_all(cjm_funnel *, uhead *);
void lat_prefetch(const cjm_funnel *, uhead *);
/* funnel_shard.c */
json_t *funnel_identity(const cjm_funnel *);
int funnel_identity_merge(cjm_funnel *, const json_t *partial,
    const char *name, cjm_diags *);

#endif
