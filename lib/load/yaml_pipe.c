/* yaml_pipe.c: libyaml parses on a second thread, ahead of the tree. */
/*
 * Why (issue 16, measured on the 33 MB bench map): libyaml's parse is
 * about 70 % of cjm-validate's time and building the tree with its
 * places the rest; on two cores the two overlap. The parser thread
 * fills batches of events, with their places (which need the source's
 * state), and the caller's thread builds from them. Each event's texts
 * are copied into its batch and libyaml's copy freed at once: freed a
 * batch later, libyaml's blocks outgrew malloc's per-thread cache and
 * malloc and free took a third of the parser thread's time. Each side
 * wakes the other only when it sleeps: a wake-up costs some 20 us here.
 * Everything the source reports goes to a list of the thread's own,
 * moved to the caller's when the caller reaches the failure: errors
 * come out as on one thread, and a map the tree builder refuses first
 * says only that.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "diagpos.h"
#include "grow.h"
#include "thread.h"
#include "yaml_pipe.h"

/* Batches of 4,096 events (and 256 KiB of texts) put 1.9 MiB more on
 * the bench map's peak than these, 81.5 MiB against 79.6, over issue 16's
 * 80.5; in 15 interleaved rounds the two took the same time. */
#define BATCH 1024			/* events a batch */
#define NBATCH 4			/* batches in flight */
#define WAKE_AT 2			/* full batches that wake the caller */
#define TEXT0 ((size_t)64 << 10)	/* a batch's texts, to start with */
#define LINE 64			/* bytes in a cache line (x86-64, ARMv8) */

struct batch {
	_Alignas(LINE) struct cjm_yitem it[BATCH];
	size_t n;
	int end;			/* 1: the stream's end; 2: failure */
	struct cjm_yfail fail;
	char *text;			/* the events' texts, one after another */
	size_t tlen, tcap;
};

struct cjm_ypipe {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	cjm_reader *r;
	cjm_yproduce produce;
	/* Each side's fields on cache lines of their own: with the
	 * caller's next on the line of the parser's k, the two cores took
	 * the line from each other at every event, and reading the event's
	 * mark after libyaml was a fifth of the parser thread's own time
	 * (perf; 650 against 620 ms a run on the bench map). */
	_Alignas(LINE) atomic_size_t filled; /* batches handed over */
	atomic_size_t taken;		/* batches the caller is done with */
	atomic_int stop;		/* the caller wants no more */
	atomic_int done;		/* the parser has filled its last */
	atomic_int asleep[2];		/* the parser, the caller waits on cv */
	/* The parser thread's: */
	_Alignas(LINE) struct cjm_yitem ev;	/* not yet in a batch */
	int held;
	size_t k;			/* the batch being filled */
	/* The caller's: */
	_Alignas(LINE) size_t next;	/* its item in batch taken */
	int holding;			/* it is in batch taken */
	struct batch b[NBATCH];
};

/* Sleep until ready() (who: 0 the parser, 1 the caller). The other
 * side stores its count, then looks at asleep[who]; this side sets it,
 * then looks at the count: one of the two sees the other. Each side
 * has its flag: one side clearing a shared one on waking would hide
 * that the other went to sleep meanwhile. */
static void
wait_for(cjm_ypipe *p, int who, int (*ready)(cjm_ypipe *))
{
	if (ready(p))
		return;
	pthread_mutex_lock(&p->mu);
	atomic_store(&p->asleep[who], 1);
	while (!ready(p))
		pthread_cond_wait(&p->cv, &p->mu);
	atomic_store(&p->asleep[who], 0);
	pthread_mutex_unlock(&p->mu);
}

/* Wake who if it sleeps and would now go on: ready is the test it
 * sleeps on, so a wake-up it would sleep through is not paid for. */
static void
wake(cjm_ypipe *p, int who, int (*ready)(cjm_ypipe *))
{
	if (!atomic_load(&p->asleep[who]) || !ready(p))
		return;
	pthread_mutex_lock(&p->mu);
	pthread_cond_broadcast(&p->cv);	/* one cv for both sides */
	pthread_mutex_unlock(&p->mu);
}

/* Where the event keeps its anchor and its tag (NULL: no such field). */
static void
fields(yaml_event_t *e, yaml_char_t ***an, yaml_char_t ***tag)
{
	*an = *tag = NULL;
	if (e->type == YAML_SCALAR_EVENT)
		*an = &e->data.scalar.anchor, *tag = &e->data.scalar.tag;
	else if (e->type == YAML_SEQUENCE_START_EVENT)
		*an = &e->data.sequence_start.anchor,
		    *tag = &e->data.sequence_start.tag;
	else if (e->type == YAML_MAPPING_START_EVENT)
		*an = &e->data.mapping_start.anchor,
		    *tag = &e->data.mapping_start.tag;
	else if (e->type == YAML_ALIAS_EVENT)
		*an = &e->data.alias.anchor;
}

static size_t
text_size(yaml_char_t **f)
{
	return f != NULL && *f != NULL ? strlen((const char *)*f) + 1 : 0;
}

/* Bytes of the event's texts, NULs included: *a the anchor's, *t the
 * tag's. */
static size_t
texts_size(yaml_event_t *e, size_t *a, size_t *t)
{
	yaml_char_t **an, **tag;

	fields(e, &an, &tag);
	*a = text_size(an);
	*t = text_size(tag);
	return *a + *t + (e->type == YAML_SCALAR_EVENT ?
	    e->data.scalar.length + 1 : 0);
}

/* Room for n (> 0) more bytes in an empty batch's texts; -1 out of
 * memory. */
static int
text_room(struct batch *bt, size_t n)
{
	return cjm_grow(&bt->text, &bt->tcap, n - 1, 1, TEXT0);
}

static yaml_char_t *
text_put(struct batch *bt, const yaml_char_t *s, size_t n)
{
	char *d = bt->text + bt->tlen;

	if (n == 0)
		return NULL;
	memcpy(d, s, n);
	bt->tlen += n;
	return (yaml_char_t *)d;
}

/* The held event into bt, its texts copied, libyaml's freed. A document
 * start's directives are dropped: the tree builder does not read them. */
static void
item_keep(cjm_ypipe *p, struct batch *bt, size_t a, size_t t)
{
	struct cjm_yitem *it = &bt->it[bt->n++];
	yaml_event_t *e = &p->ev.ev;
	yaml_char_t **an, **tag, **an2, **tag2;

	*it = p->ev;
	fields(e, &an, &tag);
	fields(&it->ev, &an2, &tag2);
	if (an != NULL)
		*an2 = text_put(bt, *an, a);
	if (tag != NULL)
		*tag2 = text_put(bt, *tag, t);
	if (e->type == YAML_SCALAR_EVENT)
		it->ev.data.scalar.value = text_put(bt, e->data.scalar.value,
		    e->data.scalar.length + 1);
	else if (e->type == YAML_DOCUMENT_START_EVENT)
		memset(&it->ev.data, 0, sizeof(it->ev.data));
	yaml_event_delete(e);
	p->held = 0;
}

/* Fill bt until it is full or the stream ends; an event whose texts
 * do not fit waits for the next batch. */
static void
batch_fill(cjm_ypipe *p, struct batch *bt)
{
	size_t a, t, need;
	int type;

	bt->n = bt->tlen = 0;
	bt->end = 0;
	while (bt->n < BATCH) {
		if (!p->held && !p->produce(p->r, &p->ev, &bt->fail)) {
			bt->end = 2;
			return;
		}
		p->held = 1;
		need = texts_size(&p->ev.ev, &a, &t);
		if (need > bt->tcap - bt->tlen) {
			if (bt->n > 0)
				return;
			if (text_room(bt, need) != 0) {
				yaml_event_delete(&p->ev.ev);
				p->held = 0;
				memset(&bt->fail, 0, sizeof(bt->fail));
				bt->fail.error = YAML_MEMORY_ERROR;
				bt->end = 2;
				return;
			}
		}
		type = p->ev.ev.type;
		item_keep(p, bt, a, t);
		if (type == YAML_STREAM_END_EVENT) {
			bt->end = 1;
			return;
		}
		/* Not handed over at a document's end: the source is a file
		 * or memory, so the batch fills soon; a batch a document made
		 * a stream of small maps 4 times as slow as one thread (two
		 * wake-ups each, 44 us). */
	}
}

/* Whether the sleeping caller is to wake: WAKE_AT batches are full, or
 * the last one is. It builds some five times as fast as libyaml parses:
 * woken at the first full batch it slept again after each, 1,000 times
 * on the bench map's 1,053 batches, and each wake-up is some 15 us of
 * the parser thread's (perf: futex_wake); now 380 times. */
static int
caller_ready(cjm_ypipe *p)
{
	size_t full = atomic_load(&p->filled) - atomic_load(&p->taken);

	return full >= WAKE_AT || (full > 0 && atomic_load(&p->done));
}

static int
parser_ready(cjm_ypipe *p)
{
	return p->k - atomic_load(&p->taken) < NBATCH ||
	    atomic_load(&p->stop);
}

static void *
parser_main(void *arg)
{
	cjm_ypipe *p = arg;
	struct batch *bt;

	for (p->k = 0;; p->k++) {
		wait_for(p, 0, parser_ready);
		if (atomic_load(&p->stop))
			break;
		bt = &p->b[p->k % NBATCH];
		batch_fill(p, bt);	/* the caller is done with it */
		if (bt->end)
			atomic_store(&p->done, 1);
		atomic_store(&p->filled, p->k + 1);
		wake(p, 1, caller_ready);
		if (bt->end)
			break;
	}
	return NULL;
}

cjm_ypipe *
cjm_ypipe_start(cjm_reader *r, cjm_yproduce produce)
{
	cjm_ypipe *p = aligned_alloc(LINE, sizeof(*p));

	if (p == NULL)
		return NULL;
	memset(p, 0, sizeof(*p));
	p->r = r;
	p->produce = produce;
	if ((r->pds = cjm_diags_new()) == NULL)
		goto fail;
	if (pthread_mutex_init(&p->mu, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&p->cv, NULL) != 0) {
		pthread_mutex_destroy(&p->mu);
		goto fail;
	}
	if (cjm_thread_start(&p->th, parser_main, p) != 0) {
		pthread_cond_destroy(&p->cv);
		pthread_mutex_destroy(&p->mu);
		goto fail;
	}
	return p;
fail:
	cjm_diags_free(r->pds);
	r->pds = NULL;
	free(p);
	return NULL;
}

/* The batch after the one the caller was in, once filled. */
static struct batch *
batch_take(cjm_ypipe *p)
{
	if (p->holding) {
		atomic_fetch_add(&p->taken, 1);
		wake(p, 0, parser_ready);
	}
	if (atomic_load(&p->filled) == atomic_load(&p->taken))
		wait_for(p, 1, caller_ready);	/* none full: sleep */
	p->holding = 1;
	p->next = 0;
	return &p->b[atomic_load(&p->taken) % NBATCH];
}

int
cjm_ypipe_pull(cjm_ypipe *p, struct cjm_yitem **it, struct cjm_yfail *f)
{
	struct batch *bt = &p->b[atomic_load(&p->taken) % NBATCH];

	if (!p->holding || (p->next == bt->n && bt->end == 0))
		bt = batch_take(p);
	if (p->next < bt->n) {
		*it = &bt->it[p->next++];
		return 1;
	}
	*f = bt->fail;		/* end 2: a stream's end is its last item */
	return 0;
}

int
cjm_ypipe_stop(cjm_ypipe *p, cjm_diags *ds)
{
	cjm_reader *r;
	size_t i;
	int st = CJM_OK;

	if (p == NULL)
		return CJM_OK;
	r = p->r;
	atomic_store(&p->stop, 1);
	pthread_mutex_lock(&p->mu);
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->th, NULL);
	if (p->held)
		yaml_event_delete(&p->ev.ev);
	for (i = 0; i < NBATCH; i++)
		free(p->b[i].text);
	if (ds != NULL) {
		cjm_diags_redoc(r->pds, 0, CJM_DOC_PENDING, r->cur);
		st = cjm_diags_move(r->pds, ds, CJM_NOTE, NULL);
	}
	cjm_diags_free(r->pds);
	r->pds = NULL;
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free(p);
	return st;
}
