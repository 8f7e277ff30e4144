/* funnel.c: the funnel engine: users, their events in time, the log. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "funnel_impl.h"
#include "grow.h"
#include "thread.h"

/*
 * Each user is a fixed-size record in one array (no malloc per user):
 * a header, then the chains the mode needs (see funnel_impl.h). A hash
 * table of 32-bit record numbers finds them by id; ids live in one arena.
 * A user's events are taken in groups of equal time: the group keeps its
 * distinct names in arrival order (a duplicate event is not added again,
 * so it counts once) and goes to the matcher ordered by stage, then
 * arrival, when a later time arrives.
 */

void
cjm_funnel_opts_default(cjm_funnel_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->window_ms = 14LL * 86400000;
	o->top = 10;
	o->user_col = "user_id";
	o->event_col = "event";
	o->time_col = "timestamp";
}

/* Find or add the name; its index, or -1 when there are too many. */
static int
name_index(cjm_funnel *f, const char *s, int add)
{
	size_t i;

	for (i = 0; i < f->nnames; i++)
		if (strcmp(f->names[i].s, s) == 0)
			return (int)i;
	if (!add || f->nnames == CJM_FUNNEL_MAX_NAMES)
		return -1;
	if ((f->names[f->nnames].s = strdup(s)) == NULL)
		return -1;
	f->names[f->nnames].len = strlen(s);
	f->names[f->nnames].first = -1;
	return (int)f->nnames++;
}

/* The home slot of event name s[0..n-1]: its length and first eight
 * bytes mixed (every event's name is looked up; FNV's loop over every
 * byte was 4 % of the time). */
static size_t
name_slot(const char *s, size_t n)
{
	uint64_t w = 0;

	memcpy(&w, s, n < 8 ? n : 8);
	w = (w ^ n) * 0x9E3779B97F4A7C15ULL;
	return (size_t)(w >> 56) & NAME_SLOTS_MASK;
}

/* The order names are matched in at one time: by first stage, then by
 * their order in the map; names only excluded come last. */
static void
name_order(cjm_funnel *f)
{
	size_t i, j, n = 0;

	for (j = 0; j < f->nstages; j++)
		for (i = 0; i < f->nnames; i++)
			if (f->names[i].first == (int)j)
				f->order[n++] = (uint8_t)i;
	for (i = 0; i < f->nnames; i++)
		if (f->names[i].first < 0)
			f->order[n++] = (uint8_t)i;
	for (i = 0; i < f->nnames; i++) {
		const char *s = f->names[i].s;
		size_t h = name_slot(s, strlen(s));

		for (j = h; f->nslot[j] != 0;
		    j = (j + 1) & NAME_SLOTS_MASK)
			;
		f->nslot[j] = (uint8_t)(i + 1);
		if (f->names[i].stages & 1)
			f->s1names |= 1U << i;
	}
}

static int
add_names(cjm_funnel *f, const char *const *const *names,
    const size_t *nnames, cjm_diags *ds)
{
	cjm_pos p = { 0, 0, 0 };
	size_t i, k;
	int x;

	for (k = 0; k < f->nstages; k++) {
		for (i = 0; i < nnames[k]; i++) {
			if ((x = name_index(f, names[k][i], 1)) < 0)
				goto many;
			f->names[x].stages |= 1ULL << k;
			if (f->names[x].first < 0)
				f->names[x].first = (int)k;
		}
	}
	for (i = 0; i < f->o.nexclude; i++) {
		if ((x = name_index(f, f->o.exclude[i], 1)) < 0)
			goto many;
		if (f->names[x].stages != 0) {
			cjm_diags_add(ds, CJM_FATAL, "exclude-stage",
			    f->o.map_name, 0, NULL, p, NULL, "--exclude %s: "
			    "the event reaches a stage", f->o.exclude[i]);
			return CJM_ESYS;
		}
		f->names[x].excluded = 1;
	}
	name_order(f);
	return CJM_OK;
many:
	cjm_diags_add(ds, CJM_ERROR, "too-many-events", f->o.map_name, 0,
	    NULL, p, "a funnel's stages and exclusions name at most 32 events",
	    "more than %d distinct event names in the funnel",
	    CJM_FUNNEL_MAX_NAMES);
	return CJM_ESYS;
}

/* The mode's words after the header: latest its live levels (two
 * words), first the side chain's number + 1, any the by value. */
uint32_t *
funnel_words(const cjm_funnel *f, uhead *u)
{
	return (uint32_t *)(void *)((char *)u + f->xoff);
}

/* The side word (first), the live levels (latest), by1 (any). */
static uint32_t *
word(const cjm_funnel *f, uhead *u, int w)
{
	return funnel_words(f, u) + w;
}

chain *
funnel_chain(const cjm_funnel *f, uhead *u, size_t i)
{
	return (chain *)(void *)((char *)u + f->coff + i * f->csize);
}

uint32_t
chain_by(const cjm_funnel *f, const chain *c)
{
	return f->o.by ? c->w[0] : NONE_BY;
}

void
chain_set_by(const cjm_funnel *f, chain *c, uint32_t by)
{
	if (f->o.by)
		c->w[0] = by;
}

/* The side chain of a user (first): an earlier attempt's best. */
chain *
funnel_side(cjm_funnel *f, uhead *u)
{
	uint32_t *x = word(f, u, f->w_side);
	size_t w = f->csize / 4;

	if (*x == 0) {
		/* The number is kept in 32 bits: the cap comes first. */
		if (f->nside >= UINT32_MAX - 1 || cjm_grow(&f->side,
		    &f->sidecap, f->nside, f->csize, 1024) != 0)
			return NULL;
		*x = (uint32_t)++f->nside;
	}
	return (chain *)(void *)(f->side + (*x - 1) * w);
}

chain *
funnel_best(cjm_funnel *f, uhead *u)
{
	if (f->o.entry == CJM_ENTRY_FIRST && f->o.order != CJM_ORDER_ANY) {
		if ((u->flags & U_BESTCUR) || *word(f, u, f->w_side) == 0)
			return funnel_chain(f, u, 0);
		return funnel_side(f, u);
	}
	if (f->lat) {	/* blvl 0: any chain, emit reads none */
		chain *c = lat_chain(f, u, 0, LAT_BEST);

		return c != NULL ? c : (chain *)(void *)((char *)u + f->coff +
		    4 * f->nhw);
	}
	return (chain *)(void *)((char *)u + f->boff);
}

int64_t
u_astart(const cjm_funnel *f, uhead *u)
{
	if (f->lat) {
		chain *c = lat_chain(f, u, 0, LAT_ASTART);

		return c != NULL ? get64(c->start) : 0;
	}
	if (f->w_astart < 0)	/* first: the attempt's chain's start */
		return get64(funnel_chain(f, u, 0)->start);
	return get64(funnel_words(f, u) + f->w_astart);
}

void
u_set_astart(const cjm_funnel *f, uhead *u, int64_t t)
{
	if (f->w_astart >= 0)
		put64(funnel_words(f, u) + f->w_astart, t);
}

uint32_t
u_gby(const cjm_funnel *f, uhead *u)
{
	return f->w_gby < 0 ? NONE_BY : funnel_words(f, u)[f->w_gby];
}

void
u_set_gby(const cjm_funnel *f, uhead *u, uint32_t by)
{
	if (f->w_gby >= 0)
		funnel_words(f, u)[f->w_gby] = by;
}

/* Record layout for the mode, in 32-bit words. */
static void
layout(cjm_funnel *f)
{
	size_t s = f->nstages, chains;
	int w = 0;

	f->csize = chain_size(f, s - 1);
	f->xoff = sizeof(uhead);
	f->w_side = f->w_alive = f->w_astart = f->w_by1 = f->w_gby = -1;
	f->w_has = -1;
	f->lat = 0;
	if (f->o.order == CJM_ORDER_ANY) {
		if (f->o.by != NULL)
			f->w_by1 = w++;
		chains = 0;
	} else if (f->o.entry == CJM_ENTRY_LATEST) {
		f->lat = 1;
		f->nhw = s > 29 ? 3 : 1;
		f->lsize = 4 * f->nhw + f->csize;
		chains = 0;
	} else {
		f->w_side = w++;
		chains = 1;
	}
	if (f->o.order == CJM_ORDER_ANY)
		f->w_astart = w, w += 2;
	if (f->o.by != NULL)
		f->w_gby = w++;
	if (f->o.order == CJM_ORDER_ANY)	/* a bit per stage */
		f->w_has = w, w += (int)(s + 31) / 32;
	f->coff = f->xoff + 4 * (size_t)w;
	if (f->o.order == CJM_ORDER_ANY) {	/* stage ages, then best */
		f->boff = f->coff + 4 * s;
		f->rsize = f->boff + chain_size(f, s > 1);
	} else if (f->lat) {		/* latest: the first line */
		f->boff = f->coff;
		f->rsize = f->coff + f->lsize;
	} else {
		f->boff = f->coff + chains * f->csize;
		f->rsize = f->boff;
	}
}

static int
check_opts(const cjm_funnel_opts *o, size_t nstages, cjm_diags *ds)
{
	cjm_pos p = { 0, 0, 0 };

	if (nstages == 0 || nstages > CJM_FUNNEL_MAX_STAGES) {
		cjm_diags_add(ds, CJM_ERROR, "stages", o->map_name, 0, NULL, p,
		    NULL, "a funnel has 1 to %d stages", CJM_FUNNEL_MAX_STAGES);
		return CJM_ESYS;
	}
	if (o->window_ms < 0 || o->window_ms > CJM_FUNNEL_MAX_WINDOW) {
		cjm_diags_add(ds, CJM_FATAL, "window", NULL, 0, NULL, p,
		    "the longest window is 49d", "window out of range");
		return CJM_ESYS;
	}
	return CJM_OK;
}

/* Copy the options' strings so the handle owns them. */
static int
own_opts(cjm_funnel *f, const cjm_funnel_opts *o)
{
	f->o = *o;
	f->o.exclude = NULL;
	f->o.nexclude = 0;
	f->o.user_col = strdup(o->user_col ? o->user_col : "user_id");
	f->o.event_col = strdup(o->event_col ? o->event_col : "event");
	f->o.time_col = strdup(o->time_col ? o->time_col : "timestamp");
	f->o.by = o->by ? strdup(o->by) : NULL;
	f->o.time_format = o->time_format ? strdup(o->time_format) : NULL;
	if (!f->o.user_col || !f->o.event_col || !f->o.time_col ||
	    (o->by && !f->o.by) || (o->time_format && !f->o.time_format))
		return -1;
	if (o->nexclude > 0) {
		char **x = calloc(o->nexclude, sizeof(*x));
		size_t i;

		if (x == NULL)
			return -1;
		f->o.exclude = (const char *const *)x;
		for (i = 0; i < o->nexclude; i++)
			if ((x[i] = strdup(o->exclude[i])) == NULL)
				return -1;
			else
				f->o.nexclude++;
	}
	return 0;
}

cjm_funnel *
cjm_funnel_new(size_t nstages, const char *const *stage_ids,
    const char *const *const *names, const size_t *nnames,
    const cjm_funnel_opts *opts, cjm_diags *ds)
{
	cjm_funnel *f;
	uint32_t none;
	size_t i;

	if (check_opts(opts, nstages, ds) != CJM_OK)
		return NULL;
	if ((f = calloc(1, sizeof(*f))) == NULL)
		return NULL;
	f->nstages = nstages;
	f->ids = calloc(nstages, sizeof(char *));
	f->count = calloc(nstages, sizeof(uint64_t));
	f->times = calloc(nstages + 1, sizeof(tvec));
	if (f->ids == NULL || f->count == NULL || f->times == NULL ||
	    own_opts(f, opts) < 0 || funnel_by_intern(f, "(none)", 6, &none) < 0)
		goto fail;
	for (i = 0; i < nstages; i++)
		if ((f->ids[i] = strdup(stage_ids[i])) == NULL)
			goto fail;
	if (add_names(f, names, nnames, ds) != CJM_OK)
		goto fail;
	layout(f);
	return f;
fail:
	cjm_funnel_free(f);
	return NULL;
}

/* What a funnel owns of its settings and names (a twin shares them). */
static void
free_settings(cjm_funnel *f)
{
	size_t i;

	for (i = 0; f->ids && i < f->nstages; i++)
		free(f->ids[i]);
	for (i = 0; i < f->nnames; i++)
		free(f->names[i].s);
	for (i = 0; i < f->o.nexclude; i++)
		free((char *)f->o.exclude[i]);
	free((void *)f->o.exclude);
	free((char *)f->o.user_col);
	free((char *)f->o.event_col);
	free((char *)f->o.time_col);
	free((char *)f->o.by);
	free((char *)f->o.time_format);
	free(f->ids);
}

void
cjm_funnel_free(cjm_funnel *f)
{
	size_t i;

	if (f == NULL)
		return;
	cjm_funnel_free(f->twin);
	if (!f->shared)
		free_settings(f);
	for (i = 0; i < f->nby; i++) {
		free(f->by[i].s);
		free(f->by[i].count);
	}
	for (i = 0; f->times && i <= f->nstages; i++)
		free(f->times[i].v);
	for (i = 0; i < f->nother; i++)
		free(f->other[i]);
	free(f->shash);
	free(f->merged);
	json_decref(f->shards);
	free(f->logname);
	free(f->by);
	free(f->byslots);
	free(f->count);
	free(f->times);
	free(f->recs);
	free(f->cur);
	free(f->side);
	free(f->lmap);
	free(f->slots);
	free(f->arena);
	free(f);
}

static const char *
by_key(const cjm_funnel *f, size_t i)
{
	return f->by[i].s;
}

/* The id of record u: in it when short (most are: one cache miss
 * fewer a probe, and no arena bytes), else in the arena. */
static const char *
id_of(const cjm_funnel *f, const uhead *u)
{
	uint32_t off;

	if ((unsigned char)u->id[0] != ID_FAR)
		return u->id;
	memcpy(&off, u->id + 4, sizeof(off));
	return f->arena + off;
}

static const char *
user_key(const cjm_funnel *f, size_t i)
{
	return id_of(f, (const uhead *)(f->recs + i * f->rsize));
}

/* Does id s[0..n-1] stay in its record? */
static int
id_near(const char *s, size_t n)
{
	return n < 8 && (n == 0 || (unsigned char)s[0] != ID_FAR);
}

/* The first slot for hash h in a table of cap slots (any cap: the high
 * bits scaled, so tables grow by half, not double) and the next one. */
static size_t
home(uint64_t h, size_t cap)
{
	return (size_t)(((h >> 32) * (uint64_t)cap) >> 32);
}

static size_t
next(size_t j, size_t cap)
{
	return j + 1 == cap ? 0 : j + 1;
}

/* Is a table of cap slots too full for one more key (3/4 at most)? */
static int
full(size_t n, size_t cap)
{
	return 4 * (n + 1) > 3 * cap;
}


/* A slot of the user table: the record's number + 1 in the low 24 bits
 * and 8 bits of the hash above, so most probes of other users need not
 * read their ids (tagged); past 2^24 - 1 users, the number alone. */
#define TAG_LIMIT	0xFFFFFFu

static uint32_t
slot_tag(uint64_t h, int tagged)
{
	return tagged ? (uint32_t)(h & 0xFF) << 24 : 0;
}

/* Grow a table of 32-bit slots (0 empty, else index + 1) by half over
 * the n keys key(f, 0..n-1). The keys are rehashed from key(), not
 * from the old slots, so the table is resized in place (realloc, then
 * cleared): the old and the new table are never both in memory, which
 * at 100,000 users was 5 bytes a customer of peak memory (measured). */
static int
slots_grow(cjm_funnel *f, uint32_t **slots, size_t *nslots, size_t n,
    const char *(*key)(const cjm_funnel *, size_t), size_t min, int tagged)
{
	size_t cap = *nslots ? *nslots + *nslots / 2 : min, i, j;
	uint32_t *s;

	while (full(n, cap) && cap < SIZE_MAX / 8)	/* after unindex */
		cap += cap / 2;
	if (cjm_resize(slots, cap, sizeof(uint32_t)) != 0)
		return -1;
	s = *slots;
	memset(s, 0, cap * sizeof(uint32_t));
	for (i = 0; i < n; i++) {
		const char *k = key(f, i);

		uint64_t h = funnel_hash(k, strlen(k));

		for (j = home(h, cap); s[j]; j = next(j, cap))
			;
		s[j] = ((uint32_t)i + 1) | slot_tag(h, tagged);
	}
	*slots = s;
	*nslots = cap;
	return 0;
}

/* The index of breakdown value s[0..n-1], added when new. */
int
funnel_by_intern(cjm_funnel *f, const char *s, size_t n, uint32_t *out)
{
	size_t j;
	byval *b;

	if (full(f->nby, f->nbyslots) && slots_grow(f, &f->byslots,
	    &f->nbyslots, f->nby, by_key, 64, 0) < 0)
		return -1;
	for (j = home(funnel_hash(s, n), f->nbyslots); f->byslots[j];
	    j = next(j, f->nbyslots)) {
		b = &f->by[f->byslots[j] - 1];
		if (strnlen(b->s, n + 1) == n && memcmp(b->s, s, n) == 0) {
			*out = f->byslots[j] - 1;
			return 0;
		}
	}
	if (cjm_grow(&f->by, &f->bycap, f->nby, sizeof(*f->by), 16) < 0)
		return -1;
	b = &f->by[f->nby];
	b->s = strndup(s, n);
	b->count = calloc(f->nstages, sizeof(uint64_t));
	if (b->s == NULL || b->count == NULL) {
		free(b->s);
		free(b->count);
		return -1;
	}
	f->byslots[j] = (uint32_t)++f->nby;
	*out = (uint32_t)(f->nby - 1);
	return 0;
}

static uhead *
rec(const cjm_funnel *f, size_t i)
{
	return (uhead *)(f->recs + i * f->rsize);
}

uint64_t
funnel_user_hash(const cjm_funnel *f, size_t i)
{
	const char *id = id_of(f, rec(f, i));

	return funnel_hash(id, strlen(id));
}

/* Room for one more record and an id of n bytes. */
static int
users_room(cjm_funnel *f, size_t n)
{
	/* Record numbers and arena offsets are kept in 32 bits: the caps
	 * are checked before anything grows. */
	if (f->nrec >= UINT32_MAX - 1 || n >= UINT32_MAX - f->alen)
		return -1;
	if (cjm_grow(&f->recs, &f->rcap, f->nrec, f->rsize, 1024) != 0 ||
	    cjm_grow(&f->arena, &f->acap, f->alen + n, 1, 65536) != 0)
		return -1;
	return 0;
}

/* Bring into the cache user h's slot (stage 2), or its slot being
 * there, its record (1), or its record being there too, its id and
 * with --entry latest its lmap slot (0): a
 * batch of events looks ahead, so the table's misses (most of its time,
 * measured) overlap. */
void
funnel_prefetch(const cjm_funnel *f, uint64_t h, int stage)
{
	uint32_t v, m;
	const uhead *u;

	if (f->twin != NULL && (h & TWIN_BIT))
		f = f->twin;
	if (f->nslots == 0 || f->o.sorted)
		return;
	if (stage == 2) {
		__builtin_prefetch(f->slots + home(h, f->nslots));
		return;
	}
	m = f->nrec < TAG_LIMIT ? TAG_LIMIT : ~0u;
	v = f->slots[home(h, f->nslots)];
	if (v == 0 || (v & ~m) != slot_tag(h, m == TAG_LIMIT))
		return;
	u = rec(f, (v & m) - 1);
	if (stage == 1)
		__builtin_prefetch(u);
	else if ((unsigned char)u->id[0] == ID_FAR)
		__builtin_prefetch(id_of(f, u));
	if (stage == 0 && f->lat)	/* latest: its lmap slot too */
		lat_prefetch(f, (uhead *)u);
}

/* Is the NUL-terminated id s[0..n-1] (which holds no NUL)? A loop
 * that stops at the first difference: ids are short, and strnlen then
 * memcmp read each twice. */
static int
id_is(const char *id, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && id[i] == s[i]; i++)
		;
	return i == n && id[i] == '\0';
}

/* The record number of user id s[0..n-1] (hash h), added when new
 * (add), or -1. */
static long
user_find(cjm_funnel *f, const char *s, size_t n, uint64_t h, int add)
{
	int tagged = f->nrec < TAG_LIMIT;
	uint32_t tag = slot_tag(h, tagged), m = tagged ? TAG_LIMIT : ~0u;
	size_t j;
	uhead *u;

	if (full(f->nrec, f->nslots) || (!tagged && !f->untagged)) {
		if (slots_grow(f, &f->slots, &f->nslots, f->nrec, user_key,
		    1024, tagged) < 0)
			return -1;
		f->untagged = !tagged;
	}
	for (j = home(h, f->nslots); f->slots[j]; j = next(j, f->nslots)) {
		const char *id;

		if ((f->slots[j] & ~m) != tag)
			continue;
		id = id_of(f, rec(f, (f->slots[j] & m) - 1));
		if (id_is(id, s, n))
			return (long)(f->slots[j] & m) - 1;
	}
	if (!add || users_room(f, id_near(s, n) ? 0 : n) < 0)
		return -1;
	u = rec(f, f->nrec);
	memset(u, 0, f->rsize);
	if (id_near(s, n))
		memcpy(u->id, s, n);	/* the NUL: memset */
	else {
		uint32_t off = (uint32_t)f->alen;

		u->id[0] = (char)ID_FAR;
		memcpy(u->id + 4, &off, sizeof(off));
		memcpy(f->arena + f->alen, s, n);
		f->arena[f->alen + n] = '\0';
		f->alen += n + 1;
	}
	f->slots[j] = (uint32_t)++f->nrec | tag;
	f->users++;
	return (long)f->nrec - 1;
}

/* The name's index, or -1 when the funnel does not use the event. Reads
 * the funnel only: the reading thread calls it. */
int
funnel_name(const cjm_funnel *f, const char *s, size_t n)
{
	size_t j;

	for (j = name_slot(s, n); f->nslot[j];
	    j = (j + 1) & NAME_SLOTS_MASK) {
		const struct fname *c = &f->names[f->nslot[j] - 1];

		if (c->len == n && memcmp(c->s, s, n) == 0)
			return f->nslot[j] - 1;
	}
	return -1;
}

void
funnel_seen(cjm_funnel *f, int x, const char *s, size_t n)
{
	size_t j;

	if (x >= 0) {
		f->seen |= 1ULL << x;
		return;
	}
	if (n > 64 || f->nother == OTHER_MAX)
		return;			/* no hint is made of such a name */
	for (j = name_slot(s, n) & (OTHER_SLOTS - 1); f->oslot[j];
	    j = (j + 1) & (OTHER_SLOTS - 1)) {
		size_t k = f->oslot[j] - 1u;

		if (f->olen[k] == n && memcmp(f->other[k], s, n) == 0)
			return;
	}
	if ((f->other[f->nother] = strndup(s, n)) == NULL)
		return;			/* hints only: no error */
	f->olen[f->nother] = (uint8_t)n;
	f->oslot[j] = (uint16_t)++f->nother;
}

/* Warn of each stage none of whose events occur in the log: a typo in
 * the map or the log ($pageview and pageview) gives zeros that look
 * like a result. The hint is the closest name the log has. */
static void
unmatched_stages(cjm_funnel *f, cjm_diags *ds)
{
	size_t k, j, len;
	char list[256], hint[200];
	const char *near;

	for (k = 0; k < f->nstages; k++) {
		near = NULL;
		list[0] = '\0';
		for (j = 0; j < f->nnames; j++) {
			if (!(f->names[j].stages & (1ULL << k)))
				continue;
			if (f->seen & (1ULL << j))
				break;
			len = strlen(list);
			snprintf(list + len, sizeof(list) - len, "%s'%.60s'",
			    len ? ", " : "", f->names[j].s);
			if (near == NULL)
				near = cjm_suggest(f->names[j].s,
				    (const char *const *)f->other, f->nother);
		}
		if (j < f->nnames || list[0] == '\0')
			continue;
		if (near != NULL)
			snprintf(hint, sizeof(hint), "did you mean '%.60s'? "
			    "Event names are compared exactly", near);
		else
			snprintf(hint, sizeof(hint), "check the stage's events "
			    "against the log's event names");
		cjm_diags_add(ds, CJM_WARNING, "stage-no-events", f->logname,
		    0, NULL, (cjm_pos){ 0, 0, 0 }, hint, "no event of stage "
		    "'%.60s' (%s) occurs in the log", f->ids[k], list);
	}
}

/* One event of a user, in time order: into the pending group, or the
 * group goes to the matcher first. -1 when it is out of order. */
static int
feed(cjm_funnel *f, uhead *u, int64_t t, int x, uint32_t by)
{
	int s1 = (f->names[x].stages & 1) != 0;

	if (u->flags & U_DONE)
		return 0;
	if (u->flags & U_GROUP) {
		if (t == get64(u->last)) {
			if (funnel_grp_has(u, 1U << x))
				return 0;	/* a duplicate */
			if (s1 && !funnel_grp_has(u, f->s1names))
				u_set_gby(f, u, by);
			funnel_grp_add(u, x);
			return 0;
		}
		if (t < get64(u->last))
			return -1;
		funnel_group(f, u, get64(u->last));
	}
	u->flags |= U_GROUP;
	put64(u->last, t);
	u->grp = 0;
	u->ngrp = 0;
	funnel_grp_add(u, x);
	u_set_gby(f, u, by);
	return 0;
}

/* --sorted: one user at a time; a new id ends the last one. */
static int
feed_sorted(cjm_funnel *f, const char *user, size_t ulen, int64_t t, int x,
    uint32_t by, unsigned long line, cjm_diags *ds)
{
	if (f->cur == NULL || strnlen(f->arena, ulen + 1) != ulen ||
	    memcmp(f->arena, user, ulen) != 0) {
		if (f->cur == NULL && (f->cur = calloc(1, f->rsize)) == NULL)
			return CJM_ESYS;
		uint32_t keep;

		if (f->users > 0)
			funnel_user_end(f, f->cur);
		if (f->lat)
			lat_free_all(f, f->cur);
		/* The side chain's slot serves every user in turn. */
		keep = f->w_side >= 0 ? *word(f, f->cur, f->w_side) : 0;
		memset(f->cur, 0, f->rsize);
		if (f->w_side >= 0)
			*word(f, f->cur, f->w_side) = keep;
		f->alen = 0;
		if (users_room(f, ulen) < 0)
			return CJM_ESYS;
		memcpy(f->arena, user, ulen);
		f->arena[ulen] = '\0';
		f->users++;
		if (cjm_grow(&f->shash, &f->shcap, f->nshash,
		    sizeof(*f->shash), 1024) < 0)
			return CJM_ESYS;
		f->shash[f->nshash++] = funnel_hash(user, ulen);
	}
	if (feed(f, f->cur, t, x, by) == 0)
		return CJM_OK;
	cjm_diags_add(ds, CJM_ERROR, "unsorted", f->curname, 0, NULL,
	    (cjm_pos){ line, 0, 0 }, "leave out --sorted, or sort by user, "
	    "then time", "--sorted: events of user '%.*s' are not in time "
	    "order", cjm_utf8_prefix(f->arena, 80), f->arena);
	return CJM_EDATA;
}

/* One event of the funnel's (name x) into its user. */
int
funnel_event(cjm_funnel *f, const char *user, size_t ulen, uint64_t h,
    int x, int64_t ms, const char *by, size_t blen, unsigned long line,
    cjm_diags *ds)
{
	uint32_t b = NONE_BY;
	long r;

	/* Each half of the users numbers its own breakdown values, so the
	 * two halves match at once; twin_merge joins them by value. */
	if (!f->o.sorted)
		f = funnel_part(f, h);
	if (f->o.by != NULL && by != NULL && blen > 0 &&
	    (f->names[x].stages & 1) && funnel_by_intern(f, by, blen, &b) < 0)
		return CJM_ESYS;
	if (f->o.sorted)
		return feed_sorted(f, user, ulen, ms, x, b, line, ds);
	if ((r = user_find(f, user, ulen, h, 1)) < 0)
		return CJM_ESYS;
	if (rec(f, (size_t)r)->flags & U_UNSORTED)
		return CJM_OK;
	if (feed(f, rec(f, (size_t)r), ms, x, b) < 0) {
		rec(f, (size_t)r)->flags |= U_UNSORTED;
		f->nunsorted++;
	}
	return CJM_OK;
}

static int
on_event(void *ctx, const char *user, size_t ulen, const char *ev,
    size_t elen, int64_t ms, const char *by, size_t blen,
    unsigned long line, cjm_diags *ds)
{
	cjm_funnel *f = ctx;
	int x = funnel_name(f, ev, elen);

	f->events++;
	funnel_seen(f, x, ev, elen);
	if (x < 0)
		return CJM_OK;
	return funnel_event(f, user, ulen, f->o.sorted ? 0 : funnel_hash(user,
	    ulen), x, ms, by, blen, line, ds);
}

/* Pass 2: the events of users that came out of time order, kept and
 * sorted (by user, time, input order), then matched again. With --count
 * totals pass 1 has already counted the attempts such a user ended
 * before its disorder showed, and counts cannot be taken back one user
 * at a time: then every result starts afresh and every user is matched
 * again, the sorted ones as pass 2 reads them (all). */
struct late {
	uint32_t rec, by;
	int64_t t;
	uint64_t seq;
	int name, twin;		/* twin: the user is the twin's */
};

struct pass2 {
	cjm_funnel *f;
	struct late *v;
	size_t n, cap;
	uint64_t seq;
	int all;
};

static int
on_late(void *ctx, const char *user, size_t ulen, const char *ev,
    size_t elen, int64_t ms, const char *by, size_t blen,
    unsigned long line, cjm_diags *ds)
{
	struct pass2 *p = ctx;
	cjm_funnel *f = p->f, *g;
	int x = funnel_name(f, ev, elen);
	uint64_t h = funnel_hash(user, ulen);
	uint32_t b = NONE_BY;
	long r;

	(void)line, (void)ds;
	p->seq++;
	g = funnel_part(f, h);
	if (x < 0 || (r = user_find(g, user, ulen, h, 0)) < 0 ||
	    (!p->all && !(rec(g, (size_t)r)->flags & U_UNSORTED)))
		return CJM_OK;
	if (f->o.by != NULL && by != NULL && blen > 0 &&
	    (f->names[x].stages & 1) && funnel_by_intern(g, by, blen, &b) < 0)
		return CJM_ESYS;
	if (!(rec(g, (size_t)r)->flags & U_UNSORTED)) {
		feed(g, rec(g, (size_t)r), ms, x, b);
		return CJM_OK;
	}
	if (cjm_grow(&p->v, &p->cap, p->n, sizeof(*p->v), 4096) < 0)
		return CJM_ESYS;
	p->v[p->n++] = (struct late){ (uint32_t)r, b, ms, p->seq, x, g != f };
	return CJM_OK;
}

static int
late_cmp(const void *a, const void *b)
{
	const struct late *x = a, *y = b;

	if (x->twin != y->twin)
		return x->twin - y->twin;
	if (x->rec != y->rec)
		return x->rec < y->rec ? -1 : 1;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Every count and time back to none (the by values stay interned). */
static void
results_reset(cjm_funnel *f)
{
	size_t i;

	memset(f->count, 0, f->nstages * sizeof(*f->count));
	for (i = 0; i < f->nby; i++)
		memset(f->by[i].count, 0, f->nstages * sizeof(uint64_t));
	for (i = 0; i <= f->nstages; i++)
		f->times[i].n = 0;
}

/* Pass 2 starts the users it reads again afresh (all: every user, and
 * every result). */
static void
pass2_reset(cjm_funnel *f, int all)
{
	size_t i;

	for (i = 0; i < f->nrec; i++)
		if (all || (rec(f, i)->flags & U_UNSORTED)) {
			char id[sizeof(rec(f, i)->id)];
			uint8_t fl = rec(f, i)->flags & U_UNSORTED;

			memcpy(id, rec(f, i)->id, sizeof(id));
			if (f->lat)
				lat_free_all(f, rec(f, i));
			memset(rec(f, i), 0, f->rsize);
			memcpy(rec(f, i)->id, id, sizeof(id));
			rec(f, i)->flags = fl;
		}
	if (all)
		results_reset(f);
}

static int
pass2(cjm_funnel *f, FILE *fp, const char *name, enum cjm_events_format fmt)
{
	cjm_events_spec sp = { f->o.user_col, f->o.event_col, f->o.time_col,
	    f->o.by, 1, fmt, f->o.delim, f->o.time_unit, f->o.time_format };
	struct pass2 p = { f, NULL, 0, 0, 0, f->o.count == CJM_COUNT_TOTALS };
	uint64_t skipped = 0, rows = 0;
	cjm_diags *quiet = cjm_diags_new();	/* pass 1 said it all */
	size_t i;
	int st;

	if (quiet == NULL)
		return CJM_ESYS;
	pass2_reset(f, p.all);
	if (f->twin != NULL)
		pass2_reset(f->twin, p.all);
	st = cjm_events_read(fp, name, &sp, on_late, &p, &skipped, &rows,
	    quiet);
	cjm_diags_free(quiet);
	if (st == CJM_OK) {
		qsort(p.v, p.n, sizeof(*p.v), late_cmp);
		for (i = 0; i < p.n; i++) {
			cjm_funnel *g = p.v[i].twin ? f->twin : f;

			feed(g, rec(g, p.v[i].rec), p.v[i].t, p.v[i].name,
			    p.v[i].by);
		}
	}
	free(p.v);
	return st;
}

int
cjm_funnel_read(cjm_funnel *f, FILE *fp, const char *name,
    enum cjm_events_format fmt, cjm_diags *ds)
{
	cjm_events_spec sp = { f->o.user_col, f->o.event_col, f->o.time_col,
	    f->o.by, f->o.skip_bad, fmt, f->o.delim, f->o.time_unit,
	    f->o.time_format };
	uint64_t rows = 0;
	long at = ftell(fp);
	int st;

	f->curname = name;
	free(f->logname);
	if ((f->logname = strdup(name ? name : "<stdin>")) == NULL)
		return CJM_ESYS;
	/* Parsing on a second thread while this one matches, when asked,
	 * else in batches on this one; --sorted takes each event as it
	 * comes (its errors must come in order). */
	st = -1;
	if (!f->o.sorted && f->o.threads >= 2)
		st = funnel_read_piped(f, fp, &sp, ds);
	if (!f->o.sorted && st < 0)
		st = funnel_read_batched(f, fp, &sp, ds);
	if (st < 0)
		st = cjm_events_read(fp, name, &sp, on_event, f, &f->skipped,
		    &rows, ds);
	if (st != CJM_OK || f->nunsorted + (f->twin ? f->twin->nunsorted :
	    0) == 0)
		return st;
	if (at < 0 || fseek(fp, at, SEEK_SET) != 0) {
		cjm_diags_add(ds, CJM_FATAL, "reread", name, 0, NULL,
		    (cjm_pos){ 0, 0, 0 }, "give the events as a file, or "
		    "sorted with --sorted", "events out of time order, and "
		    "the input cannot be read again");
		return CJM_ESYS;
	}
	f->nunsorted = 0;
	if (f->twin != NULL)
		f->twin->nunsorted = 0;
	return pass2(f, fp, name, fmt);
}

int
cjm_funnel_add(cjm_funnel *f, const char *user, const char *event,
    int64_t ms, const char *by, cjm_diags *ds)
{
	int st = on_event(f, user, strlen(user), event, strlen(event), ms, by,
	    by ? strlen(by) : 0, 0, ds);

	if (st == CJM_OK && f->nunsorted > 0) {
		cjm_diags_add(ds, CJM_ERROR, "unsorted", NULL, 0, NULL,
		    (cjm_pos){ 0, 0, 0 }, NULL, "cjm_funnel_add: events of "
		    "user '%s' out of time order", user);
		return CJM_EDATA;
	}
	return st;
}

/* The users of t end (a thread's start routine). */
static void *
users_end(void *arg)
{
	cjm_funnel *t = arg;
	size_t i;

	for (i = 0; i < t->nrec; i++)
		funnel_user_end(t, rec(t, i));
	return NULL;
}

/* The twin's results join f's (its users ended): breakdown values by
 * their text, since each half numbered its own. */
static void
twin_merge(cjm_funnel *f, cjm_funnel *t)
{
	size_t i, k;
	uint32_t x;

	for (k = 0; k < f->nstages; k++)
		f->count[k] += t->count[k];
	for (i = 0; i < t->nby; i++) {
		if (funnel_by_intern(f, t->by[i].s, strlen(t->by[i].s),
		    &x) < 0) {
			f->nomem = 1;
			continue;
		}
		for (k = 0; k < f->nstages; k++)
			f->by[x].count[k] += t->by[i].count[k];
	}
	for (i = 0; i <= f->nstages; i++)
		for (k = 0; k < t->times[i].n; k++)
			if (tvec_push(&f->times[i], t->times[i].v[k]) < 0)
				f->nomem = 1;
	f->users += t->users;
	f->nomem |= t->nomem;
}

int
funnel_twin(cjm_funnel *f)
{
	cjm_funnel *t;
	uint32_t none;

	if (f->twin != NULL)
		return 0;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return -1;
	t->shared = 1;
	t->o = f->o;
	t->ids = f->ids;
	t->nstages = f->nstages;
	memcpy(t->names, f->names, sizeof(f->names));
	t->nnames = f->nnames;
	memcpy(t->order, f->order, sizeof(f->order));
	memcpy(t->nslot, f->nslot, sizeof(f->nslot));
	t->s1names = f->s1names;
	t->curname = f->curname;
	t->count = calloc(f->nstages, sizeof(uint64_t));
	t->times = calloc(f->nstages + 1, sizeof(tvec));
	if (t->count == NULL || t->times == NULL ||
	    funnel_by_intern(t, "(none)", 6, &none) < 0) {
		cjm_funnel_free(t);
		return -1;
	}
	layout(t);
	f->twin = t;
	return 0;
}

/* The user table's slots go before the users' results are counted
 * (their times vectors grow then, the peak of memory): 8 bytes a
 * customer less at the peak, measured. Records stay; slots_grow
 * rebuilds the slots from them should events come after all. */
static void
unindex(cjm_funnel *f)
{
	free(f->slots);
	f->slots = NULL;
	f->nslots = 0;
}

int
cjm_funnel_finish(cjm_funnel *f, cjm_diags *ds)
{
	pthread_t th;
	int own = 0;	/* the twin's users end on a thread of their own */

	(void)ds;
	if (f->finished)
		return CJM_OK;
	f->finished = 1;
	unindex(f);
	/* The halves share nothing (they were matched at once), so their
	 * users end at once too: on one thread this was 6 % of the work
	 * (callgrind), done while the other core waited. */
	if (f->twin != NULL) {
		unindex(f->twin);
		own = cjm_thread_start(&th, users_end, f->twin) == 0;
	}
	if (f->cur != NULL)
		funnel_user_end(f, f->cur);
	users_end(f);
	if (f->twin != NULL) {
		if (own)
			pthread_join(th, NULL);
		else
			users_end(f->twin);
		twin_merge(f, f->twin);
	}
	if (f->logname != NULL)
		unmatched_stages(f, ds);
	return f->nomem ? CJM_ESYS : CJM_OK;
}
