/* thread.c: libcjm's threads take none of the process's signals. */
#define _GNU_SOURCE		/* sched_getaffinity, CPU_COUNT */
#include <sched.h>
#include <signal.h>
#include <unistd.h>

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

/* CPUs this process may run on: its affinity mask, which taskset and a
 * container's cpuset narrow, unlike the CPUs online. */
static long
usable_cpus(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		return CPU_COUNT(&set);
	return sysconf(_SC_NPROCESSORS_ONLN);
}

int
cjm_threads_auto(size_t bytes)
{
	return bytes > CJM_THREADS_BYTES && usable_cpus() >= 2 ? 2 : 1;
}
