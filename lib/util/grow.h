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

#endif
