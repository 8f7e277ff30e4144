/* funnel_gen.c: a synthetic event log for bench/funnel.sh: USERS users,
 * EVENTS events, 8 funnel stages plus noise, comebacks after a time-out,
 * duplicates and ties, in time order as analytics exports are (ties in
 * user order). Usage: funnel_gen USERS EVENTS SEED > events.csv */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct ev {
	int64_t t;
	uint32_t user;
	uint8_t name;
};

static const char *const names[] = { "visit", "search", "product_view",
	"add_to_cart", "checkout_start", "shipping_info", "payment",
	"purchase", "page_scroll", "banner_click" };

static uint64_t rng;

static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static int
cmp(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return (x->user > y->user) - (x->user < y->user);
}

/* One event, unless the user's share is used up. */
static void
put(struct ev *e, size_t *i, size_t n, int64_t t, uint32_t u, int name)
{
	if (*i < n)
		e[(*i)++] = (struct ev){ t, u, (uint8_t)name };
}

/*
 * One user's events: steps through the stages (3 in 4 go on to the
 * next), repeats and noise; all within 10 days of the first. So that the
 * modes give different counts: 1 user in 8 comes back 15 to 20 days
 * later (past the bench's 14-day window) and starts again from the
 * first stage; 1 event in 100 is a visit 13 to 14 days on, after
 * which the user goes through the stages again (--entry first's window,
 * opened by the first visit, closes on the way); 1 in 40 does a step one early (--order any
 * differs); 1 event in 50 is sent twice (a duplicate: same user,
 * event and second); 1 in 30 has another event at the same second (a
 * tie: the previous stage or noise).
 */
static size_t
user(struct ev *e, uint32_t u, size_t n)
{
	int64_t t = 1714521600 + rnd() % (30 * 86400);
	size_t i = 0, k = 0, back = rnd() % 8 == 0 ? n / 2 : n;

	while (i < n) {
		uint32_t r = rnd() % 100;
		int x;

		t += 1 + rnd() % (r < 3 ? 86400 : 1800);
		if (i >= back) {	/* the comeback: a new session */
			t += 15 * 86400 + rnd() % (5 * 86400);
			back = n;
			k = 0;
		}
		if (k > 1 && rnd() % 100 == 0) {
			t += 13 * 86400 + rnd() % 86400;
			x = 0;		/* a late visit: only latest counts */
			k = 1;		/* what follows from it */
		} else if (k > 0 && k < 8 && rnd() % 40 == 0)
			x = (int)k + (k < 7);	/* a step early: any */
		else if (k < 8 && (k == 0 || r < 60)) {
			x = (int)k;
			k += rnd() % 4 != 0 || k == 0;
		} else
			x = 8 + (int)(r % 2);
		put(e, &i, n, t, u, x);
		if (rnd() % 50 == 0)
			put(e, &i, n, t, u, x);
		if (rnd() % 30 == 0)
			put(e, &i, n, t, u, k > 1 && r % 2 ? (int)k - 2 : 9 - (x == 9));
		if (k > 0 && rnd() % 3 == 0)
			put(e, &i, n, t + 5, u, (int)k - 1);
	}
	return i;
}

int
main(int argc, char **argv)
{
	size_t users, events, i, n = 0, per;
	struct ev *e;
	char buf[32];

	if (argc != 4)
		return 2;
	users = strtoul(argv[1], NULL, 10);
	events = strtoul(argv[2], NULL, 10);
	rng = 0x9E3779B97F4A7C15ULL ^ strtoul(argv[3], NULL, 10);
	per = events / users;
	if ((e = malloc(events * sizeof(*e))) == NULL)
		return 1;
	for (i = 0; i < users; i++)
		n += user(e + n, (uint32_t)i + 1, per);
	qsort(e, n, sizeof(*e), cmp);
	printf("user_id,event,timestamp\n");
	for (i = 0; i < n; i++) {
		time_t t = (time_t)e[i].t;

		strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
		printf("u%u,%s,%s\n", e[i].user, names[e[i].name], buf);
	}
	free(e);
	return 0;
}
