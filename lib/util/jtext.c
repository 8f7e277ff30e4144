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
	const char *near = strstr(text, "near '"), *tok;
	size_t n = strlen(text), k;

	if (near == NULL || text[n - 1] != '\'' || text + n - near < 8) {
		snprintf(buf, cap, "bad JSON: %s", text);
		return buf;
	}
	/* jansson quotes the token near the fault in '...': a string
	 * token (it starts with '"', closed or not) needs no second pair,
	 * and a quote token gets the other kind. */
	tok = near + 6;
	k = (size_t)(text + n - 1 - tok);
	if (tok[0] == '"')
		snprintf(buf, cap, "bad JSON: %.*s%.*s", (int)(tok - 1 - text),
		    text, (int)k, tok);
	else if (k == 1 && tok[0] == '\'')
		snprintf(buf, cap, "bad JSON: %.*s\"'\"", (int)(tok - 1 - text),
		    text);
	else
		snprintf(buf, cap, "bad JSON: %s", text);
	return buf;
}
