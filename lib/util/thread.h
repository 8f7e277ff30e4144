/* thread.h: the threads libcjm starts (internal). */
#ifndef CJM_THREAD_H
#define CJM_THREAD_H

#include <pthread.h>

#include "cjm.h"

/*
 * pthread_create, with the new thread blocking every signal a process
 * is sent (SIGINT, SIGTERM, SIGPIPE, ...): they go to the caller's
 * threads, whose handlers and masks the program set up (cjm's tools
 * block the signals while they change the list of temporary files the
 * handler removes; a signal taken by a library thread then would read
 * the list half changed). Signals a thread raises itself (SIGBUS from a
 * truncated mapped file, SIGSEGV, SIGFPE, SIGILL) stay open: blocked,
 * the kernel would kill the process for them without its handler.
 * Returns pthread_create's result.
 */
int cjm_thread_start(pthread_t *, void *(*fn)(void *), void *arg);

#endif
