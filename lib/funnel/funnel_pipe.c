/* funnel_pipe.c: an event log parsed in batches and matched a batch at a
 * time, looking ahead in the batch (prefetch); on a second thread while
 * the caller's thread matches, so the two halves share two cores, or on
 * one (solo). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "funnel_impl.h"
#include "grow.h"

/*
 * The reading thread parses rows, drops the events the funnel does not
 * use and packs the rest into batches; the caller's thread takes full
 * batches in order and feeds them to the matcher. Only the reading
 * thread adds to its own diagnostics list and counters, only the caller
 * touches the funnel's users; the funnel's names are read by both and
 * written by neither. A row too big for a batch gets a batch of its own
 * size.
 */
#define BATCH	(256u << 10)
#define NBUF	4

struct row {
	int64_t ms;
	uint64_t h;		/* funnel_hash of the user: the parser's work */
	unsigned long line;
	uint32_t ulen, blen;
	int32_t name, hasby;
};

struct buf {
	char *p;
	size_t len, cap;
};

struct pipe {
	cjm_funnel *f;
	FILE *fp;
	const cjm_events_spec *sp;
	cjm_diags *ds;			/* the reading thread's */
	uint64_t rows, skipped, events;
	int status;			/* the reading thread's result */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct buf full[NBUF], spare[NBUF], cur;
	size_t nfull, first, nspare;
	int done, stop, sync;		/* sync: the lock and signal exist */
	int solo, mst;			/* solo: one thread; mst: its match */
};

static int match(struct pipe *, const struct buf *, cjm_diags *);

/* Reading thread: hand the batch over, take an empty one. -1: stop. */
static int
hand_over(struct pipe *p)
{
	int stop;

	pthread_mutex_lock(&p->mu);
	if (!(stop = p->stop)) {
		p->full[(p->first + p->nfull++) % NBUF] = p->cur;
		while (p->nspare == 0 && !p->stop)
			pthread_cond_wait(&p->cv, &p->mu);
		pthread_cond_broadcast(&p->cv);
		if (!(stop = p->stop))
			p->cur = p->spare[--p->nspare];
		else
			p->cur.p = NULL;
	}
	pthread_mutex_unlock(&p->mu);
	p->cur.len = 0;
	return stop ? -1 : 0;
}

/* Room for need bytes in the batch being filled. */
static int
room(struct pipe *p, size_t need)
{
	if (p->cur.len + need <= p->cur.cap)
		return 0;
	if (p->solo && p->cur.len > 0) {
		if ((p->mst = match(p, &p->cur, p->ds)) != CJM_OK)
			return -1;
		p->cur.len = 0;
	} else if (p->cur.len > 0 && hand_over(p) < 0)
		return -1;
	return cjm_grow(&p->cur.p, &p->cur.cap, need - 1, 1, need);
}

static int
on_row(void *ctx, const char *user, size_t ulen, const char *ev,
    size_t elen, int64_t ms, const char *by, size_t blen,
    unsigned long line, cjm_diags *ds)
{
	struct pipe *p = ctx;
	int x = funnel_name(p->f, ev, elen);
	size_t need;
	struct row r;

	(void)ds;
	p->events++;
	funnel_seen(p->f, x, ev, elen);	/* only this thread, until joined */
	if (x < 0)
		return CJM_OK;
	need = (sizeof(r) + ulen + blen + 7) & ~(size_t)7;
	if (room(p, need) < 0)
		return CJM_EDATA;	/* the matcher stopped, or no memory */
	r = (struct row){ ms, funnel_hash(user, ulen), line, (uint32_t)ulen,
	    (uint32_t)blen, x, by != NULL };
	memcpy(p->cur.p + p->cur.len, &r, sizeof(r));
	memcpy(p->cur.p + p->cur.len + sizeof(r), user, ulen);
	if (blen > 0)
		memcpy(p->cur.p + p->cur.len + sizeof(r) + ulen, by, blen);
	p->cur.len += need;
	return CJM_OK;
}

static void *
reader(void *arg)
{
	struct pipe *p = arg;

	p->status = cjm_events_read(p->fp, p->f->curname, p->sp, on_row, p,
	    &p->skipped, &p->rows, p->ds);
	pthread_mutex_lock(&p->mu);
	if (p->cur.p != NULL) {
		if (!p->stop)
			p->full[(p->first + p->nfull++) % NBUF] = p->cur;
		else
			p->spare[p->nspare++] = p->cur;
	}
	p->done = 1;
	pthread_cond_broadcast(&p->cv);
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

/* Look ahead by this many rows for users' slots, half as many for their
 * records (the slot is in the cache by then). */
#define AHEAD	16

/* Caller's thread: match one batch. */
static int
match(struct pipe *p, const struct buf *b, cjm_diags *ds)
{
	size_t at = 0, far = 0, near = 0, k;
	int st = CJM_OK;
	struct row r;

	for (k = 0; k < AHEAD && far < b->len; k++) {
		far = row_at(b, far, &r);
		funnel_prefetch(p->f, r.h, 1);
		if (k == AHEAD / 2 - 1)
			near = far;
	}
	while (at < b->len && st == CJM_OK) {
		const char *u = b->p + at + sizeof(r);

		if (far < b->len) {
			far = row_at(b, far, &r);
			funnel_prefetch(p->f, r.h, 1);
		}
		if (near < b->len) {
			near = row_at(b, near, &r);
			funnel_prefetch(p->f, r.h, 0);
		}
		at = row_at(b, at, &r);
		st = funnel_event(p->f, u, r.ulen, r.h, r.name, r.ms,
		    r.hasby ? u + r.ulen : NULL, r.blen, r.line, ds);
	}
	return st;
}

/* Caller's thread: take the batches in order until the reader is done. */
static int
consume(struct pipe *p, cjm_diags *ds)
{
	struct buf b;
	int st = CJM_OK;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->nfull == 0 && !p->done)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->nfull == 0) {
			pthread_mutex_unlock(&p->mu);
			return st;
		}
		b = p->full[p->first];
		p->first = (p->first + 1) % NBUF;
		p->nfull--;
		pthread_mutex_unlock(&p->mu);
		if (st == CJM_OK)
			st = match(p, &b, ds);
		b.len = 0;
		pthread_mutex_lock(&p->mu);
		p->spare[p->nspare++] = b;
		if (st != CJM_OK)
			p->stop = 1;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
}

static int
pipe_open(struct pipe *p)
{
	size_t i;

	p->cur = (struct buf){ malloc(BATCH), 0, BATCH };
	for (i = 0; i + 1 < NBUF; i++)
		p->spare[p->nspare++] = (struct buf){ malloc(BATCH), 0, BATCH };
	for (i = 0; i < p->nspare; i++)
		if (p->spare[i].p == NULL)
			return -1;
	if (p->cur.p == NULL || (p->ds = cjm_diags_new()) == NULL)
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

	for (i = 0; i < p->nspare; i++)
		free(p->spare[i].p);
	free(p->cur.p);
	cjm_diags_free(p->ds);
	if (p->sync) {
		pthread_cond_destroy(&p->cv);
		pthread_mutex_destroy(&p->mu);
	}
}

int
funnel_read_piped(cjm_funnel *f, FILE *fp, const cjm_events_spec *sp,
    cjm_diags *ds)
{
	struct pipe p;
	pthread_t t;
	int st;

	memset(&p, 0, sizeof(p));
	p.f = f;
	p.fp = fp;
	p.sp = sp;
	if (pipe_open(&p) < 0 || pthread_create(&t, NULL, reader, &p) != 0) {
		pipe_close(&p);
		return -1;
	}
	st = consume(&p, ds);
	pthread_join(t, NULL);
	p.cur.p = NULL;		/* every batch is back among the spares */
	cjm_diags_move(p.ds, ds, CJM_NOTE, NULL);
	f->events += p.events;
	f->skipped += p.skipped;
	pipe_close(&p);
	if (st != CJM_OK)
		return st;
	return p.status;
}

int
funnel_read_batched(cjm_funnel *f, FILE *fp, const cjm_events_spec *sp,
    cjm_diags *ds)
{
	struct pipe p;
	int st;

	memset(&p, 0, sizeof(p));
	p.f = f;
	p.sp = sp;
	p.ds = ds;
	p.solo = 1;
	if ((p.cur.p = malloc(BATCH)) == NULL)
		return -1;
	p.cur.cap = BATCH;
	st = cjm_events_read(fp, f->curname, sp, on_row, &p, &p.skipped,
	    &p.rows, ds);
	if (p.mst == CJM_OK && p.cur.len > 0)
		p.mst = match(&p, &p.cur, ds);
	free(p.cur.p);
	f->events += p.events;
	f->skipped += p.skipped;
	return p.mst != CJM_OK ? p.mst : st;
}
