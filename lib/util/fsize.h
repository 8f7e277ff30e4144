/* fsize.h: what is left of a regular file, to tell one that shrank
 * while it was read (internal). */
#ifndef CJM_FSIZE_H
#define CJM_FSIZE_H

#include <stdio.h>

/*
 * Bytes a regular file has from the offset of fd (or fp's position: a
 * stream may come part read) to its end; 0 when it has no size (a pipe,
 * a terminal, a FIFO). Taken at the open, it is what a whole read must
 * give: fewer, and another program truncated the file meanwhile, so
 * what was read is not the file (its first part may well pass a check).
 */
size_t cjm_fd_rest(int fd);
size_t cjm_fp_rest(FILE *fp);

/* The message and hint a reader gives then (the map reader, reader.c),
 * with code "io" at level fatal: the bytes read, then those expected. */
#define CJM_SHRANK_MSG "read error: the file shrank while it was read " \
	"(%zu of %zu bytes)"
#define CJM_SHRANK_HINT "read it once it is written whole, or read a copy"

#endif
