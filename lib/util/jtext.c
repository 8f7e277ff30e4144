/* jtext.c: JSON text that free() can release (jtext.h says why). */
#include <stdlib.h>
#include <string.h>

#include "jtext.h"

char *
cjm_dumps(const json_t *v, size_t flags)
{
	json_malloc_t jmalloc;
	json_free_t jfree;
	char *s = json_dumps(v, flags), *copy;

	json_get_alloc_funcs(&jmalloc, &jfree);
	if (s == NULL || jfree == free)
		return s;
	copy = strdup(s);
	jfree(s);
	return copy;
}
