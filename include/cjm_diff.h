/* cjm_diff.h: what changed in the customer's journey between two maps. */
#ifndef CJM_DIFF_H
#define CJM_DIFF_H

#include "cjm.h"

/*
 * A semantic diff of two journey maps (format 1, man cjm(5)). Both maps
 * are checked (cjm_map_check) and brought to canonical form
 * (cjm_map_canonical) first, so differences of form only (YAML or JSON,
 * key order, quoting, a string or a list of one) are no difference.
 * Stages are matched by id; an old stage and a new one with different
 * ids are the same stage renamed when their names are equal, or close
 * (edit distance at most a third of the longer) with at least half of
 * their lane items in common, or when at least 80% of their items are
 * the same (our rule, not a published one); past 250000 candidate pairs
 * of unpaired stages only ids pair them.
 * Lane items are matched as text; touchpoints by id, else by
 * name; pain points and metrics by text and name; personas and
 * decisions by id; transitions by from and to. Dead ends and
 * unreachable touchpoints are the checker's own findings (codes
 * dead-end, unreachable), missed targets its target-missed notes, so
 * the diff and cjm-validate never disagree.
 *
 * Ownership follows cjm.h: a change's strings and values are borrowed
 * from the handle and live until the next cjm_diff_maps or
 * cjm_diff_free. The library never prints and never exits.
 */

typedef struct cjm_diff cjm_diff;

/* The kinds of change, in the order a report lists them. Names (for
 * --fail-on and JSON) are cjm_change_kind_name(): "field-changed", ... */
enum cjm_change_kind {
	CJM_CH_FIELD,		/* a value changed, was added or removed */
	CJM_CH_PERSONA_ADDED, CJM_CH_PERSONA_REMOVED,
	CJM_CH_STAGE_ADDED, CJM_CH_STAGE_REMOVED,
	CJM_CH_STAGE_RENAMED,	/* its id changed (old and new ids) */
	CJM_CH_STAGE_MOVED,	/* out of its former order */
	CJM_CH_OWNER,		/* a stage's or a decision's owner */
	CJM_CH_ITEM_ADDED, CJM_CH_ITEM_REMOVED,	/* a lane's list item */
	CJM_CH_ITEMS_REORDERED,	/* the same items in another order */
	CJM_CH_TOUCHPOINT_ADDED, CJM_CH_TOUCHPOINT_REMOVED,
	CJM_CH_EMOTION_DROP, CJM_CH_EMOTION_RISE,
	CJM_CH_EMOTION_ADDED, CJM_CH_EMOTION_REMOVED,
	CJM_CH_NEW_PAIN, CJM_CH_PAIN_RESOLVED,
	CJM_CH_PAIN_WORSE, CJM_CH_PAIN_EASED,	/* severity up, down */
	CJM_CH_METRIC_ADDED, CJM_CH_METRIC_REMOVED,
	CJM_CH_METRIC_VALUE,	/* delta: new - old, in the metric's unit */
	CJM_CH_TARGET_MISSED, CJM_CH_TARGET_MET,	/* newly */
	CJM_CH_FUNNEL_COUNT,	/* delta: customers */
	CJM_CH_FUNNEL_RATE,	/* delta: percentage points */
	CJM_CH_TRANSITION_ADDED, CJM_CH_TRANSITION_REMOVED,
	CJM_CH_TRANSITION_COUNT,
	CJM_CH_DEAD_END_NEW, CJM_CH_DEAD_END_FIXED,
	CJM_CH_UNREACHABLE_NEW, CJM_CH_UNREACHABLE_FIXED,
	CJM_CH_MATURITY_SCORE, CJM_CH_MATURITY_STAGE,
	CJM_CH_DECISION_ADDED, CJM_CH_DECISION_REMOVED,
	CJM_CH_NKINDS
};

typedef struct cjm_change {
	enum cjm_change_kind kind;
	const char *stage;	/* the stage's id (the new one when renamed);
				   NULL for what is not in a stage */
	const char *stage_name;	/* its name, NULL likewise */
	const char *lane;	/* lane or section key ("pain_points",
				   "transitions", "decisions", "maturity",
				   "funnel", "personas"), or NULL */
	const char *persona;	/* an emotion's persona id, or NULL */
	const char *what;	/* the item's text or name, a field's key
				   path within its thing ("severity"), or
				   NULL */
	const char *unit;	/* a metric's unit, or NULL */
	const char *item;	/* a field change inside a list item: the
				   item's name or text; else NULL */
	const char *path;	/* in the new map, "stages[3].emotion"; for
				   what was removed, the nearest place
				   ("stages[3].pain_points") */
	const char *old_path;	/* in the old map, or its nearest place */
	const json_t *old;	/* the value before (canonical), NULL: none */
	const json_t *new;	/* after; NULL: none */
	cjm_pos old_pos, new_pos;	/* in each file; 0:0 when unknown */
	double delta;		/* numeric kinds: new - old (rates: pp) */
	int worse;		/* 1 for the worse, -1 for the better, 0 */
	size_t old_index, new_index;	/* the stage's 0-based place in
				   each map; (size_t)-1 where it is absent */
} cjm_change;

typedef struct cjm_diff_opts {
	cjm_check_opts check;	/* how the two maps are checked */
	int strict;		/* a map with warnings is refused */
} cjm_diff_opts;

CJM_API cjm_diff *cjm_diff_new(const cjm_diff_opts *);	/* NULL opts: defaults */
CJM_API void cjm_diff_free(cjm_diff *);

/*
 * Compare two map documents. Returns CJM_OK with the changes in the
 * handle (none when the maps mean the same), CJM_EDATA when either map
 * fails its check (its errors, or warnings too with strict, are added
 * to diags; no changes), CJM_ESYS when memory runs out.
 */
CJM_API int cjm_diff_maps(cjm_diff *, const cjm_doc *old, const cjm_doc *new,
    cjm_diags *);
CJM_API size_t cjm_diff_count(const cjm_diff *);
CJM_API const cjm_change *cjm_diff_get(const cjm_diff *, size_t i);
/* The two maps compared, canonical (borrowed). */
CJM_API const json_t *cjm_diff_old(const cjm_diff *);
CJM_API const json_t *cjm_diff_new_map(const cjm_diff *);

/* "emotion-drop", ...; NULL out of range. parse: -1 when unknown. */
CJM_API const char *cjm_change_kind_name(enum cjm_change_kind);
CJM_API int cjm_change_kind_parse(const char *);

/*
 * Classes for --fail-on: every kind name, and
 *   new-pain-high  a new pain point of high severity, or one raised to high
 *   worse          any change for the worse (worse == 1)
 *   any            every change.
 * Does the change belong to the class? -1 for an unknown class name.
 */
CJM_API int cjm_change_is(const cjm_change *, const char *cls);

/* One change in words, in lang ("ru" Russian, else English), numbers
 * written the language's way. with_stage: name the stage ("emotion in
 * 'checkout' fell from 3 to 1.5"); without, for a report grouped by
 * stage ("emotion fell from 3 to 1.5"). malloc()ed; NULL: no memory. */
CJM_API char *cjm_change_text(const cjm_change *, const char *lang, int with_stage);
/* One change as a JSON object (new reference): kind, stage, lane,
 * persona, item, what, unit, path, old_path, old, new, old_pos,
 * new_pos {line, col}, delta (numeric kinds), worse, message (in lang). */
CJM_API json_t *cjm_change_json(const cjm_change *, const char *lang);

/* The report forms of cjm_diff_write. */
enum cjm_diff_form {
	CJM_DIFF_TEXT,		/* grouped by stage, for people */
	CJM_DIFF_JSON,		/* one JSON document, one line */
	CJM_DIFF_GITHUB,	/* ::warning/::notice on the new file's lines */
	CJM_DIFF_SARIF		/* SARIF 2.1.0, results on the new file */
};

/* Labels of the two versions (file names, or what the caller names
 * them), for reports and the x-diff section; copied. */
CJM_API int cjm_diff_labels(cjm_diff *, const char *old_label, const char *new_label);

/* Write the report of the last comparison. lang NULL: the new map's.
 * CJM_ESYS when fn fails or memory runs out. */
CJM_API int cjm_diff_write(const cjm_diff *, enum cjm_diff_form, const char *lang,
    cjm_write_fn, void *ctx);

/*
 * The picture of the change: the new map (canonical, new reference)
 * with an "x-diff" extension that cjm-render draws (man cjm(5),
 * "x-diff"): the two labels, the old emotion curve on the new stages,
 * a mark for every added, removed or changed cell, the removed stages,
 * and the count of changes. NULL when memory runs out.
 */
CJM_API json_t *cjm_diff_map(const cjm_diff *);

#endif
