/* diff_impl.h: what the files of the map diff share (internal). */
#ifndef CJM_DIFF_IMPL_H
#define CJM_DIFF_IMPL_H

#include "cjm_diff.h"

#define NONE ((size_t)-1)

struct cjm_diff {
	cjm_diff_opts o;
	json_t *a, *b;			/* the canonical old and new maps */
	const cjm_doc *da, *db;		/* during cjm_diff_maps only */
	cjm_change *v;
	size_t n, cap;
	char *la, *lb;			/* the versions' labels */
	size_t *a2b, *b2a;		/* stage pairing; NONE: unpaired */
	size_t na, nb;
	json_t *found[2];		/* checker findings per map:
					   "code path" -> true */
	json_t *personas;		/* ids of both maps' personas, in order */
	int oom;
};

/* The thing a change is about, filled in by the caller of dch_add. */
struct dch {
	enum cjm_change_kind kind;
	size_t ia, ib;			/* stage in old, new; NONE */
	const char *lane, *persona, *what, *item, *unit;
	const char *path, *old_path;	/* old_path NULL: as path */
	const json_t *old, *new;	/* borrowed, kept by dch_add */
	double delta;
	int worse;
};

/* diff.c */
void dch_add(cjm_diff *, const struct dch *);
/* A stage of a map (0 old, 1 new) and its id. */
const json_t *dstage(const cjm_diff *, int side, size_t i);
/* Did the checker report code at path in that map? */
int dfound(const cjm_diff *, int side, const char *code, const char *path);
/* Deep equality with numbers compared by value (3 and 3.0 are one). */
int dsame(const json_t *, const json_t *);

/* diff_list.c: lists matched item by item, by the value of key by
 * (NULL: the item is its own text; DBY_EDGE: a transition's ends), then
 * the items left by key then (NULL: no second pass). Pairs go to pa
 * (old index -> new, NONE) and pb (new -> old); returns -1 out of
 * memory, else 1 when the matched items changed their order, 0 when
 * not. */
#define DBY_EDGE "from\x1fto"
int dmatch(const json_t *a, const json_t *b, const char *by,
    const char *then, size_t *pa, size_t *pb);
/* "from → to" into buf; NULL when an end is missing. */
const char *dkey_transition(const json_t *, char *buf, size_t size);
/* A list under key in old object oa and new ob, each item's changes
 * reported through item_fn; the rest (added, removed, reordered) here. */
struct dlist {
	const char *key;		/* e.g. "pain_points" */
	const char *lane;		/* for the records */
	const char *pa, *pb;		/* paths of the holders ("stages[2]") */
	const char *item;		/* the holder's name, for the records */
	size_t ia, ib;
	const char *by, *then;		/* what identifies an item */
	enum cjm_change_kind added, removed;
	void (*item_fn)(cjm_diff *, const struct dlist *, const json_t *,
	    const json_t *, size_t, size_t);
};
void dlist(cjm_diff *, const struct dlist *, const json_t *oa,
    const json_t *ob);
/* Report every key of two mappings that differs as CJM_CH_FIELD,
 * except those in skip (NULL-terminated). */
void dfields(cjm_diff *, const struct dch *t, const json_t *a,
    const json_t *b, const char *pa, const char *pb, const char *const *skip);
/* What an item is called in a report. */
const char *ditem_name(const json_t *, char *buf, size_t size);

/* One key of two mappings, reported when it differs. */
void dfield(cjm_diff *, const struct dch *t, const char *key,
    const json_t *a, const json_t *b, const char *pa, const char *pb);

/* diff_stage.c */
void dmap_funnel(cjm_diff *);
int dpair_stages(cjm_diff *);
void dstages(cjm_diff *);
void dmetric_item(cjm_diff *, const struct dlist *, const json_t *,
    const json_t *, size_t, size_t);

/* diff_map.c */
void dtop(cjm_diff *);
void dgraph(cjm_diff *);
void dsections(cjm_diff *);

/* diff_text.c */
const char *dlabel(const cjm_diff *, int side);

#endif
