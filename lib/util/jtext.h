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

/*
 * jansson's error text as a message gives it, in buf: "bad JSON: " and
 * the text, not quoted again (it quotes tokens itself), a string token
 * shown as the string alone: "near \"user_id\"", not "near '\"user_id\"'".
 * Every message that quotes jansson says it this way.
 */
const char *cjm_json_error(const char *text, char *buf, size_t cap);

#endif
