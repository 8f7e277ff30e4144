/* grow.h: room for one more item in a growing array (internal). */
#ifndef CJM_GROW_H
#define CJM_GROW_H

#include <stddef.h>

/*
 * Make room for item n of the array *vp (items of size elem, *cap of
 * them allocated): when n < *cap there is nothing to do; otherwise the
 * array doubles, starting at first items. Returns 0, or -1 when memory
 * runs out or the size would overflow; *vp and *cap are then unchanged.
 * vp is the address of the array pointer, passed as void * so that any
 * T ** fits without a cast.
 */
int cjm_grow(void *vp, size_t *cap, size_t n, size_t elem, size_t first);

/*
 * Make the array *vp exactly n items of size elem (n > 0), keeping its
 * first items, for tables that grow by other steps than doubling.
 * Returns 0, or -1 when memory runs out or the size would overflow; *vp
 * is then unchanged.
 */
int cjm_resize(void *vp, size_t n, size_t elem);

/*
 * Write to every page of the fresh zeroed block p[0..n-1] (from calloc)
 * before anything reads it. A read first maps the shared zero page, and
 * the write after it must then flush the TLB of every core the process
 * runs on: with two threads an interrupt to the other one per page
 * (bench/funnel_floor.c: 3 s of system time on two threads, 0.35 s with
 * the pages written first).
 */
void cjm_pages_touch(void *p, size_t n);

#endif
