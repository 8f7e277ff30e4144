/* jtext.h: a JSON value as text in malloc()ed memory (internal). */
#ifndef CJM_JTEXT_H
#define CJM_JTEXT_H

#include <jansson.h>

/*
 * json_dumps, but the text is malloc()ed, so free() releases it whatever
 * allocator jansson was given (cjm-validate gives it heap.c's, whose
 * blocks free() must never see). NULL when out of memory.
 */
char *cjm_dumps(const json_t *v, size_t flags);

#endif
