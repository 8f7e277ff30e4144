/* thread.c: libcjm's threads take none of the process's signals. */
#include <signal.h>

#include "thread.h"

int
cjm_thread_start(pthread_t *th, void *(*fn)(void *), void *arg)
{
	static const int own[] = { SIGBUS, SIGSEGV, SIGFPE, SIGILL };
	sigset_t all, old;
	size_t i;
	int e;

	sigfillset(&all);
	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		sigdelset(&all, own[i]);
	/* The new thread inherits the mask in force when it is made. */
	if ((e = pthread_sigmask(SIG_BLOCK, &all, &old)) != 0)
		return e;
	e = pthread_create(th, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return e;
}
