/* convert_impl.h: what the converters share inside lib/convert. */
#ifndef CJM_CONVERT_IMPL_H
#define CJM_CONVERT_IMPL_H

#include "cjm_convert.h"

struct grid_cell {
	char *text;		/* NULL: empty */
	cjm_pos pos;
	int sev;		/* pain point severity 0..3 (export only) */
};

struct grid_row {
	struct grid_cell *cells;
	size_t n, cap;
};

struct grid_merge {
	size_t r0, c0, r1, c1;
};

struct cjm_grid {
	struct grid_row *rows;
	size_t n, cap, cols, cells;
	struct grid_merge *merges;
	size_t nmerge, mcap;
	size_t head;		/* header rows (export) */
	const char *name;	/* input name for diagnostics, borrowed */
	int xlsx;		/* cells named with their sheet reference only */
};

/* A growing string. */
typedef struct sbuf {
	char *s;
	size_t len, cap;
	int oom;
} sbuf;

void sb_add(sbuf *, const char *, size_t);
void sb_str(sbuf *, const char *);
void sb_printf(sbuf *, const char *, ...) __attribute__((format(printf, 2, 3)));
/* Pass the buffer to fn; CJM_ESYS when memory ran out or fn failed. */
int sb_emit(sbuf *, cjm_write_fn, void *);

/* A number as JSON: an integer when it is whole and fits (as people
 * write it), else a real; never a wrapped integer. */
json_t *conv_number(double v);

/* Lane keys that hold one string rather than a list. */
int lane_is_string(const char *key);
/* Normalise a label for matching: lower case (Latin and Cyrillic), ё as
 * е, '?', ':', '*' dropped, spaces collapsed and trimmed. */
void label_norm(const char *s, char *buf, size_t size);
/* The known labels, for the "which labels it knows" hint. */
const char *label_known_list(void);

/* Split a cell into list items (bullets, numbers, HTML lists, lines);
 * returns a new JSON array of strings. */
json_t *cell_items(const char *text);
/* A cell's text with HTML stripped and entities decoded, lines joined
 * with sep. malloc()ed. */
char *cell_plain(const char *text, const char *sep);
/* Split "Name <i>sub</i>" or "Name\nsub" into name and subtitle (both
 * malloc()ed; *sub NULL when none). */
void cell_title(const char *text, char **name, char **sub);

/* The stage ids import makes from names: slugs, unique ("-2", "-3"),
 * "stage-N" for a name with no letters to make one. ids has n slots of
 * 64 bytes. */
void stage_ids(const char *const *names, size_t n, char (*ids)[64]);

/* Is s Cyrillic (any letter of U+0400..U+04FF)? */
int has_cyrillic(const char *s);

#endif
