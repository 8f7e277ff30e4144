/* test_thread.c: a thread libcjm starts blocks the process's signals,
 * not the ones it raises itself, and leaves the caller's mask as it
 * was; two threads only for big inputs, on two usable CPUs. */
#define _GNU_SOURCE		/* sched_setaffinity */
#include <sched.h>
#include <signal.h>

#include "unit.h"
#include "thread.h"

static sigset_t seen;

static void *
look(void *arg)
{
	(void)arg;
	pthread_sigmask(SIG_BLOCK, NULL, &seen);
	return NULL;
}

static const struct {
	int sig;
	int blocked;
} sigs[] = {
	{ SIGINT, 1 }, { SIGTERM, 1 }, { SIGHUP, 1 }, { SIGPIPE, 1 },
	{ SIGQUIT, 1 }, { SIGUSR1, 1 }, { SIGCHLD, 1 }, { SIGALRM, 1 },
	{ SIGBUS, 0 }, { SIGSEGV, 0 }, { SIGFPE, 0 }, { SIGILL, 0 },
};

START_TEST(masks)
{
	sigset_t before, after;
	pthread_t th;

	pthread_sigmask(SIG_BLOCK, NULL, &before);
	ck_assert_int_eq(cjm_thread_start(&th, look, NULL), 0);
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	pthread_sigmask(SIG_BLOCK, NULL, &after);
	ck_assert_int_eq(sigismember(&seen, sigs[_i].sig), sigs[_i].blocked);
	ck_assert_int_eq(sigismember(&after, sigs[_i].sig),
	    sigismember(&before, sigs[_i].sig));
}
END_TEST

static const struct {
	size_t bytes;
	int big;
} sizes[] = {
	{ 0, 0 }, { 1, 0 }, { CJM_THREADS_BYTES, 0 },
	{ CJM_THREADS_BYTES + 1, 1 }, { (size_t)1 << 40, 1 },
};

START_TEST(auto_threads)
{
	cpu_set_t all, one;
	int cpus, i;

	ck_assert_int_eq(sched_getaffinity(0, sizeof(all), &all), 0);
	cpus = CPU_COUNT(&all);
	ck_assert_int_eq(cjm_threads_auto(sizes[_i].bytes),
	    sizes[_i].big && cpus >= 2 ? 2 : 1);
	/* Narrowed to one CPU (as by taskset -c), one thread. */
	for (i = 0; !CPU_ISSET(i, &all); i++)
		;
	CPU_ZERO(&one);
	CPU_SET(i, &one);
	ck_assert_int_eq(sched_setaffinity(0, sizeof(one), &one), 0);
	ck_assert_int_eq(cjm_threads_auto(sizes[_i].bytes), 1);
	ck_assert_int_eq(sched_setaffinity(0, sizeof(all), &all), 0);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("thread");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, masks, 0, sizeof(sigs) / sizeof(sigs[0]));
	tcase_add_loop_test(tc, auto_threads, 0, sizeof(sizes) /
	    sizeof(sizes[0]));
	suite_add_tcase(s, tc);
	return s;
}
