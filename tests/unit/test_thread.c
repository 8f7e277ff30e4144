/* test_thread.c: a thread libcjm starts blocks the process's signals,
 * not the ones it raises itself, and leaves the caller's mask as it
 * was. */
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

Suite *
unit_suite(void)
{
	Suite *s = suite_create("thread");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, masks, 0, sizeof(sigs) / sizeof(sigs[0]));
	suite_add_tcase(s, tc);
	return s;
}
