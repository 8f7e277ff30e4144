/* jtext.c: JSON text that free() can release (jtext.h says why), and
 * jansson's error text as messages quote it. */
#include <stdio.h>
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

const char *
cjm_json_error(const char *text, char *buf, size_t cap)
{
	const char *near = strstr(text, "near '\"");
	size_t n = strlen(text);

	/* near '"..."' at the end: the string token without jansson's
	 * quotes around it */
	if (near != NULL && text + n - near >= 9 &&
	    strcmp(text + n - 2, "\"'") == 0)
		snprintf(buf, cap, "bad JSON: %.*s%.*s", (int)(near + 5 - text),
		    text, (int)(text + n - 1 - (near + 6)), near + 6);
	else
		snprintf(buf, cap, "bad JSON: %s", text);
	return buf;
}
