/* funnel_floor.c: the floor bench/funnel.sh measures cjm-funnel against,
 * the plain C program issue 16 describes: counts of a latest-entry, loose
 * order funnel by ClickHouse's windowFunnel algorithm, nothing else.
 *
 * Not a tool: it knows only the bench's log (user_id,event,timestamp with
 * UTC times as YYYY-MM-DDTHH:MM:SSZ, no quotes) and trusts it. What it
 * leaves out, and cjm-funnel does: positions and checks of every row,
 * other forms of time, the stage-to-stage times (median, p90, mean), the
 * other modes, breakdowns, shards. So the ratio to it is an upper bound on
 * what is left to gain, not a like-for-like race.
 *
 * The algorithm (ClickHouse, AggregateFunctionWindowFunnel.h, default
 * mode): per user one start time per level; an event of stage 0 sets
 * level 0's start to its time, an event of stage k > 0 copies level k-1's
 * start into level k when that start is within the window. A user reaches
 * the highest level with a start.
 *
 * The log is mapped with its pages filled at once (MAP_POPULATE: 0.4 s
 * of page faults less on the 390 MB log), so its whole size counts in
 * the peak memory; cjm-funnel gives pages back behind its reader.
 *
 * Usage: funnel_floor [-t THREADS] WINDOW_SECONDS LOG STAGE_EVENT...
 * Prints the customers per stage, one a line. With -t 2 both threads
 * scan the whole file, each keeping the users of one half of the hashes.
 */
#define _DEFAULT_SOURCE	/* madvise */
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAXST	8
#define NONE	INT64_MIN

struct user {
	uint64_t h;		/* 0: the slot is free */
	char id[16];		/* ids of up to 15 bytes kept here */
	const char *far;	/* else the id in the mapped file */
	uint32_t len;
	int64_t ts[MAXST];
};

struct job {
	const char *p, *e;
	int part, parts;
	struct user *u;
	size_t n, cap;
	uint64_t reached[MAXST];
};

static int nst;
static const char *names[MAXST];
static size_t nlen[MAXST];
static int64_t window_ms;

/* Eight bytes at a time, multiplied and folded (as wyhash does). */
static uint64_t
hash(const char *s, size_t n)
{
	uint64_t h = n * 0x9E3779B97F4A7C15ULL, w;
	__uint128_t x;

	for (; n > 0; s += 8, n = n > 8 ? n - 8 : 0) {
		w = 0;
		memcpy(&w, s, n < 8 ? n : 8);
		x = (__uint128_t)(h ^ w) * 0xA0761D6478BD642FULL;
		h = (uint64_t)x ^ (uint64_t)(x >> 64);
	}
	return h | 1;
}

static int64_t
days(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int64_t)era * 146097 + doe - 719468;
}

static int
num(const char *s, int n)
{
	int v = 0;

	while (n--)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* YYYY-MM-DDTHH:MM:SSZ in ms, the day reused from the last call's. */
static int64_t
ms(const char *s)
{
	static __thread char last[10];
	static __thread int64_t lastday = NONE;

	if (lastday == NONE || memcmp(s, last, 10) != 0) {
		memcpy(last, s, 10);
		lastday = days(num(s, 4), num(s + 5, 2), num(s + 8, 2));
	}
	return ((lastday * 24 + num(s + 11, 2)) * 60 + num(s + 14, 2)) *
	    60000 + num(s + 17, 2) * 1000;
}

static void *(*volatile zero)(void *, int, size_t) = memset;

static struct user *
find(struct job *j, const char *id, size_t n, uint64_t h)
{
	size_t i, k;
	struct user *u;

	if (2 * (j->n + 1) > j->cap) {
		struct job o = *j;

		j->cap = j->cap ? 2 * j->cap : 1 << 16;
		/* Written before it is read: calloc's fresh pages map the
		 * zero page on a read, and the write after it must flush the
		 * other core's TLB (an interrupt to it, 3 s of system time
		 * with two threads). Through a volatile pointer, or gcc
		 * makes malloc and memset a calloc again. */
		if ((j->u = malloc(j->cap * sizeof(*j->u))) == NULL)
			exit(2);
		zero(j->u, 0, j->cap * sizeof(*j->u));
		for (i = 0; i < o.cap; i++)
			if (o.u[i].h) {
				for (k = o.u[i].h & (j->cap - 1); j->u[k].h;
				    k = (k + 1) & (j->cap - 1))
					;
				j->u[k] = o.u[i];
			}
		free(o.u);
	}
	for (k = h & (j->cap - 1);; k = (k + 1) & (j->cap - 1)) {
		u = &j->u[k];
		if (u->h == 0)
			break;
		if (u->h == h && u->len == n && memcmp(n < 16 ? u->id :
		    u->far, id, n) == 0)
			return u;
	}
	u->h = h;
	u->len = (uint32_t)n;
	if (n < 16)
		memcpy(u->id, id, n);
	else
		u->far = id;
	for (i = 0; i < MAXST; i++)
		u->ts[i] = NONE;
	j->n++;
	return u;
}

static int
stage(const char *s, size_t n)
{
	int k;

	for (k = 0; k < nst; k++)
		if (nlen[k] == n && memcmp(names[k], s, n) == 0)
			return k;
	return -1;
}

/* One parsed event, waiting in a batch while its user's slot is fetched
 * into the cache: the table is far larger than the caches, and a miss an
 * event one after another is most of a naive loop's time. */
struct ev {
	const char *id, *t;
	uint64_t h;
	uint32_t idn;
	int k;
};

#define BATCH	16

static void
event(struct job *j, const struct ev *e)
{
	struct user *u = find(j, e->id, e->idn, e->h);
	int64_t now = ms(e->t);

	if (e->k == 0)
		u->ts[0] = now;
	else if (u->ts[e->k - 1] != NONE && now - u->ts[e->k - 1] <=
	    window_ms)
		u->ts[e->k] = u->ts[e->k - 1];
}

static void
flush(struct job *j, struct ev *b, int n)
{
	int i;

	for (i = 0; i < n; i++)
		__builtin_prefetch(&j->u[b[i].h & (j->cap - 1)]);
	for (i = 0; i < n; i++)
		event(j, &b[i]);
}

static void *
run(void *arg)
{
	struct job *j = arg;
	const char *p = j->p, *a, *b, *e;
	struct ev batch[BATCH];
	size_t i;
	int k, n = 0;

	find(j, "", 0, 1);	/* the table exists before a prefetch */
	for (; p < j->e; p = e + 1) {
		if ((e = memchr(p, '\n', (size_t)(j->e - p))) == NULL)
			e = j->e;
		if ((a = memchr(p, ',', (size_t)(e - p))) == NULL ||
		    (b = memchr(a + 1, ',', (size_t)(e - a - 1))) == NULL ||
		    e - b <= 20 ||
		    (k = stage(a + 1, (size_t)(b - a - 1))) < 0)
			continue;
		batch[n] = (struct ev){ p, b + 1, hash(p, (size_t)(a - p)),
		    (uint32_t)(a - p), k };
		if ((int)(batch[n].h >> 63) % j->parts != j->part)
			continue;
		if (++n == BATCH) {
			flush(j, batch, n);
			n = 0;
		}
	}
	flush(j, batch, n);
	for (i = 0; i < j->cap; i++)
		for (k = 0; j->u[i].h && k < nst; k++)
			j->reached[k] += j->u[i].ts[k] != NONE &&
			    j->u[i].len > 0;
	return NULL;
}

int
main(int argc, char **argv)
{
	struct job job[2];
	pthread_t th;
	struct stat st;
	const char *m, *p;
	int fd, parts = 1, i, k;

	if (argc > 2 && strcmp(argv[1], "-t") == 0) {
		parts = atoi(argv[2]) == 2 ? 2 : 1;
		argv += 2, argc -= 2;
	}
	if (argc < 4 || argc - 3 > MAXST) {
		fprintf(stderr, "usage: funnel_floor [-t 2] WINDOW_SECONDS LOG STAGE_EVENT...\n");
		return 2;
	}
	window_ms = atoll(argv[1]) * 1000;
	for (nst = 0; nst < argc - 3; nst++) {
		names[nst] = argv[nst + 3];
		nlen[nst] = strlen(names[nst]);
	}
	if ((fd = open(argv[2], O_RDONLY)) < 0 || fstat(fd, &st) != 0 ||
	    (m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE |
	    MAP_POPULATE, fd, 0)) == MAP_FAILED) {
		perror(argv[2]);
		return 2;
	}
	madvise((void *)m, (size_t)st.st_size, MADV_SEQUENTIAL);
	p = memchr(m, '\n', (size_t)st.st_size);	/* the header */
	for (i = 0; i < parts; i++)
		job[i] = (struct job){ p ? p + 1 : m + st.st_size,
		    m + st.st_size, i, parts, NULL, 0, 0, { 0 } };
	if (parts == 2 && pthread_create(&th, NULL, run, &job[1]) != 0)
		return 2;
	run(&job[0]);
	if (parts == 2)
		pthread_join(th, NULL);
	for (k = 0; k < nst; k++)
		printf("%llu\n", (unsigned long long)(job[0].reached[k] +
		    (parts == 2 ? job[1].reached[k] : 0)));
	return 0;
}
