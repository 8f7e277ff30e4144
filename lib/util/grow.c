/* grow.c: the one doubling realloc every growing array in libcjm uses. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

int
cjm_grow(void *vp, size_t *cap, size_t n, size_t elem, size_t first)
{
	size_t want = *cap ? *cap : first;
	void *old, *p;

	if (n < *cap)
		return 0;
	while (want <= n) {
		if (want > SIZE_MAX / 2)
			return -1;
		want *= 2;
	}
	if (elem == 0 || want > SIZE_MAX / elem)
		return -1;
	/* vp is a T **; its pointer is read and written as bytes, which
	 * every object pointer type on our platforms shares with void *. */
	memcpy(&old, vp, sizeof(old));
	if ((p = realloc(old, want * elem)) == NULL)
		return -1;
	memcpy(vp, &p, sizeof(p));
	*cap = want;
	return 0;
}
