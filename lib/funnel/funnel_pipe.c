/* funnel_pipe.c: an event log parsed in batches and matched a batch at a
 * time, looking ahead in the batch (prefetch); on a second thread while
 * the caller's thread matches, so the two halves share two cores, or on
 * one (solo). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "funnel_impl.h"
#include "grow.h"
#include "thread.h"

/*
 * The reading thread parses rows, drops the events the funnel does not
 * use and packs the rest into batches, each in two halves by the users'
 * hash when the funnel has a twin (funnel_part): then two threads match
 * at once, each a half, and each half's batches in order. Both threads
 * match: the caller's takes any half that is ready, the reader's when
 * every batch is full. Only the reading thread adds to its own
 * diagnostics list and counters and to the funnel's log of names seen;
 * one thread at a time matches a half (its funnel's users). A row too
 * big for a batch gets a batch of its own size. Solo: one thread, one
 * batch, matched when full.
 */
#define BATCH	(128u << 10)	/* a half */
#define SOLO	(64u << 10)	/* solo: enough to look ahead */
#define NBUF	4

/* A row as the matcher needs it, then the user's id and the breakdown
 * value: 32 bytes, not 40 (the line and whether a value was given are
 * not kept: without --sorted the matcher reads neither, and an empty
 * value is no value). The rows cross from one core to the other. */
struct row {
	int64_t ms;
	uint64_t h;		/* funnel_hash of the user: the parser's work */
	uint32_t ulen, blen;
	int32_t name;
};

struct buf {
	char *p;
	size_t len, cap;
};

struct batch {
	struct buf half[2];
	int done[2];		/* the half is matched */
};

struct pipe {
	cjm_funnel *f;
	FILE *fp;
	const cjm_events_spec *sp;
	cjm_diags *ds;			/* the reading thread's */
	/* What the reading thread writes a row at a time, on a cache line
	 * of its own: on the matcher's lines (p->f, f->seen next to
	 * f->users) each write took the line from the other core, and two
	 * threads spent 1.5 times one's CPU (two one-thread runs side by
	 * side spend 1.02 times, bench/funnel.sh). Added at the end. */
	struct {
		_Alignas(64) uint64_t rows;
		uint64_t skipped, events, seen;
	} rd;
	int status;			/* the reading thread's result */
	int halves;			/* 2 with a twin, else 1 */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch b[NBUF];		/* a ring: [first, first + nfull) full */
	struct batch *cur;		/* the reader's, after the full ones */
	size_t first, nfull;
	int busy[2];			/* a thread matches the half */
	int done, stop, sync;		/* sync: the lock and signal exist */
	int solo, mst;			/* solo: one thread; mst: matching's */
};

static int match(struct pipe *, const struct buf *, cjm_diags *);

/* A half ready to be matched (the lock held): its batch, or NULL. */
static struct batch *
task(struct pipe *p, int *half)
{
	size_t i;
	int h;

	for (h = 0; h < p->halves; h++)
		for (i = 0; !p->busy[h] && i < p->nfull; i++)
			if (!p->b[(p->first + i) % NBUF].done[h]) {
				*half = h;
				return &p->b[(p->first + i) % NBUF];
			}
	return NULL;
}

/* Match half h of batch b (the lock held on entry and on return); a
 * batch both of whose halves are done is free again. */
static void
work(struct pipe *p, struct batch *b, int h, cjm_diags *ds)
{
	struct batch *x;
	int st;

	p->busy[h] = 1;
	pthread_mutex_unlock(&p->mu);
	st = match(p, &b->half[h], ds);
	pthread_mutex_lock(&p->mu);
	p->busy[h] = 0;
	b->done[h] = 1;
	if (st != CJM_OK && p->mst == CJM_OK) {
		p->mst = st;
		p->stop = 1;
	}
	while (p->nfull > 0 && (x = &p->b[p->first])->done[0] &&
	    (p->halves == 1 || x->done[1])) {
		x->half[0].len = x->half[1].len = 0;
		x->done[0] = x->done[1] = 0;
		p->first = (p->first + 1) % NBUF;
		p->nfull--;
	}
	pthread_cond_broadcast(&p->cv);
}

/* Reading thread: hand the batch over, take an empty one, matching
 * while every batch is full. -1: stop. */
static int
hand_over(struct pipe *p)
{
	struct batch *b;
	int h, stop;

	pthread_mutex_lock(&p->mu);
	p->nfull++;
	pthread_cond_broadcast(&p->cv);
	while (p->nfull == NBUF && !p->stop) {
		if ((b = task(p, &h)) != NULL)
			work(p, b, h, p->ds);
		else
			pthread_cond_wait(&p->cv, &p->mu);
	}
	stop = p->stop;
	p->cur = &p->b[(p->first + p->nfull) % NBUF];
	pthread_mutex_unlock(&p->mu);
	return stop ? -1 : 0;
}

/* Room for need bytes in half h of the batch being filled. */
static int
room(struct pipe *p, size_t need, int h)
{
	struct buf *d = &p->cur->half[h];

	if (d->len + need <= d->cap)
		return 0;
	if (p->solo && d->len > 0) {
		if ((p->mst = match(p, d, p->ds)) != CJM_OK)
			return -1;
		d->len = 0;
	} else if (!p->solo && p->cur->half[0].len + p->cur->half[1].len > 0 &&
	    hand_over(p) < 0)
		return -1;
	d = &p->cur->half[h];
	return d->len + need <= d->cap ? 0 : cjm_grow(&d->p, &d->cap,
	    d->len + need - 1, 1, need);
}

static int
on_row(void *ctx, const char *user, size_t ulen, const char *ev,
    size_t elen, int64_t ms, const char *by, size_t blen,
    unsigned long line, cjm_diags *ds)
{
	struct pipe *p = ctx;
	int x = funnel_name(p->f, ev, elen), h;
	size_t need;
	struct buf *d;
	struct row r;

	(void)ds, (void)line;
	p->rd.events++;
	if (x < 0) {	/* only this thread writes what was seen */
		funnel_seen(p->f, x, ev, elen);
		return CJM_OK;
	}
	p->rd.seen |= 1ULL << x;
	r = (struct row){ ms, funnel_hash(user, ulen), (uint32_t)ulen,
	    by != NULL ? (uint32_t)blen : 0, x };
	need = (sizeof(r) + ulen + r.blen + 7) & ~(size_t)7;
	h = p->halves == 2 && (r.h & TWIN_BIT);
	if (room(p, need, h) < 0)
		return CJM_EDATA;	/* the matcher stopped, or no memory */
	d = &p->cur->half[h];
	memcpy(d->p + d->len, &r, sizeof(r));
	memcpy(d->p + d->len + sizeof(r), user, ulen);
	if (r.blen > 0)
		memcpy(d->p + d->len + sizeof(r) + ulen, by, r.blen);
	d->len += need;
	return CJM_OK;
}

/* Match halves until there are none and the reader is done (the lock
 * held on entry and on return). */
static void
drain(struct pipe *p, cjm_diags *ds)
{
	struct batch *b;
	int h;

	for (;;) {
		if (!p->stop && (b = task(p, &h)) != NULL)
			work(p, b, h, ds);
		else if (p->done && (p->nfull == 0 || p->stop))
			return;
		else
			pthread_cond_wait(&p->cv, &p->mu);
	}
}

static void *
reader(void *arg)
{
	struct pipe *p = arg;

	p->status = cjm_events_read(p->fp, p->f->curname, p->sp, on_row, p,
	    &p->rd.skipped, &p->rd.rows, p->ds);
	pthread_mutex_lock(&p->mu);
	if (!p->stop && p->cur->half[0].len + p->cur->half[1].len > 0)
		p->nfull++;
	p->done = 1;
	pthread_cond_broadcast(&p->cv);
	drain(p, p->ds);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* The row at b->p + at, and the offset of the next. */
static size_t
row_at(const struct buf *b, size_t at, struct row *r)
{
	memcpy(r, b->p + at, sizeof(*r));
	return at + ((sizeof(*r) + r->ulen + r->blen + 7) & ~(size_t)7);
}

/* Rows looked ahead: a user's slot is fetched 24 rows before it is
 * matched, its record 12, its id 4 (each stage reads what the one before
 * brought in, so none waits on memory). */
static const size_t ahead[3] = { 4, 12, 24 };

/* Match one batch. */
static int
match(struct pipe *p, const struct buf *b, cjm_diags *ds)
{
	cjm_funnel *f = p->f;	/* not read from p a row at a time */
	size_t at = 0, c[3] = { 0, 0, 0 }, k;
	int st = CJM_OK, s;
	struct row r;

	for (s = 0; s < 3; s++)
		for (k = 0; k < ahead[s] && c[s] < b->len; k++) {
			c[s] = row_at(b, c[s], &r);
			if (s == 2)
				funnel_prefetch(f, r.h, 2);
		}
	while (at < b->len && st == CJM_OK) {
		const char *u = b->p + at + sizeof(r);

		for (s = 0; s < 3; s++)
			if (c[s] < b->len) {
				c[s] = row_at(b, c[s], &r);
				funnel_prefetch(f, r.h, s);
			}
		at = row_at(b, at, &r);
		st = funnel_event(f, u, r.ulen, r.h, r.name, r.ms,
		    r.blen > 0 ? u + r.ulen : NULL, r.blen, 0, ds);
	}
	return st;
}

static int
pipe_open(struct pipe *p)
{
	size_t i, h;

	for (i = 0; i < NBUF; i++)
		for (h = 0; h < 2; h++)
			if ((p->b[i].half[h].p = malloc(BATCH)) == NULL)
				return -1;
			else
				p->b[i].half[h].cap = BATCH;
	p->cur = &p->b[0];
	if ((p->ds = cjm_diags_new()) == NULL)
		return -1;
	if (pthread_mutex_init(&p->mu, NULL) != 0)
		return -1;
	if (pthread_cond_init(&p->cv, NULL) != 0) {
		pthread_mutex_destroy(&p->mu);
		return -1;
	}
	p->sync = 1;
	return 0;
}

static void
pipe_close(struct pipe *p)
{
	size_t i;

	for (i = 0; i < NBUF; i++) {
		free(p->b[i].half[0].p);
		free(p->b[i].half[1].p);
	}
	cjm_diags_free(p->ds);
	if (p->sync) {
		pthread_cond_destroy(&p->cv);
		pthread_mutex_destroy(&p->mu);
	}
}

/* A pipe on funnel f, for log fp read by sp. */
static void
pipe_init(struct pipe *p, cjm_funnel *f, FILE *fp,
    const cjm_events_spec *sp)
{
	memset(p, 0, sizeof(*p));
	p->f = f;
	p->fp = fp;
	p->sp = sp;
}

/* What the reading thread counted joins the funnel. */
static void
pipe_settle(const struct pipe *p)
{
	p->f->events += p->rd.events;
	p->f->skipped += p->rd.skipped;
	p->f->seen |= p->rd.seen;
}

int
funnel_read_piped(cjm_funnel *f, FILE *fp, const cjm_events_spec *sp,
    cjm_diags *ds)
{
	struct pipe p;
	pthread_t t;

	pipe_init(&p, f, fp, sp);
	/* Halves need a twin, made before any user (users must not be in
	 * both). */
	if (f->twin == NULL && f->nrec == 0 && f->users == 0 &&
	    funnel_twin(f) < 0)
		return -1;
	p.halves = f->twin != NULL ? 2 : 1;
	if (pipe_open(&p) < 0 || cjm_thread_start(&t, reader, &p) != 0) {
		pipe_close(&p);
		return -1;
	}
	pthread_mutex_lock(&p.mu);
	drain(&p, ds);
	pthread_mutex_unlock(&p.mu);
	pthread_join(t, NULL);
	cjm_diags_move(p.ds, ds, CJM_NOTE, NULL);
	pipe_settle(&p);
	pipe_close(&p);
	if (p.mst != CJM_OK)
		return p.mst;
	return p.status;
}

int
funnel_read_batched(cjm_funnel *f, FILE *fp, const cjm_events_spec *sp,
    cjm_diags *ds)
{
	struct pipe p;
	int st;

	pipe_init(&p, f, fp, sp);
	p.ds = ds;
	p.solo = 1;
	p.halves = 1;
	p.cur = &p.b[0];
	if ((p.b[0].half[0].p = malloc(SOLO)) == NULL)
		return -1;
	p.b[0].half[0].cap = SOLO;
	st = cjm_events_read(fp, f->curname, sp, on_row, &p, &p.rd.skipped,
	    &p.rd.rows, ds);
	if (p.mst == CJM_OK && p.b[0].half[0].len > 0)
		p.mst = match(&p, &p.b[0].half[0], ds);
	free(p.b[0].half[0].p);
	pipe_settle(&p);
	return p.mst != CJM_OK ? p.mst : st;
}
