/* grow.c: the one realloc every growing array in libcjm goes through,
 * and the writing of fresh tables before they are read. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

int
cjm_resize(void *vp, size_t n, size_t elem)
{
	void *old, *p;

	if (elem == 0 || n == 0 || n > SIZE_MAX / elem)
		return -1;
	/* vp is a T **; its pointer is read and written as bytes, which
	 * every object pointer type on our platforms shares with void *. */
	memcpy(&old, vp, sizeof(old));
	if ((p = realloc(old, n * elem)) == NULL)
		return -1;
	memcpy(vp, &p, sizeof(p));
	return 0;
}

int
cjm_grow(void *vp, size_t *cap, size_t n, size_t elem, size_t first)
{
	size_t want = *cap ? *cap : first;

	if (n < *cap)
		return 0;
	while (want <= n) {
		if (want > SIZE_MAX / 2)
			return -1;
		want *= 2;
	}
	if (cjm_resize(vp, want, elem) != 0)
		return -1;
	*cap = want;
	return 0;
}

void
cjm_pages_touch(void *p, size_t n)
{
	volatile char *c = p;
	size_t i;

	/* 4096: the smallest page; on bigger pages some writes repeat. */
	for (i = 0; i < n; i += 4096)
		c[i] = 0;
}
