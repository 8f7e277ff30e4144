/* check_impl.h: internals of the map checker, shared by check.c (the engine
 * that walks a document against a table of keys) and check_map.c (the
 * format's tables and the checks that need more than a table). */
#ifndef CJM_CHECK_IMPL_H
#define CJM_CHECK_IMPL_H

#include "cjm.h"

/* What a value must be. */
enum ck_type {
	T_ANY,			/* not looked at (tool-written free fields) */
	T_STR,
	T_INT,			/* a JSON integer: 3.0 is not one */
	T_NUM,
	T_LIST,			/* list of strings, or one string */
	T_MAP,			/* mapping checked against .sub */
	T_SEQ,			/* sequence, each item checked against .item */
	T_STRMAP		/* a bare string or a mapping (.sub) */
};

#define F_REQ	0x01u		/* required */
#define F_NULL	0x02u		/* null is a value (else null means absent) */
#define F_MIN	0x04u		/* number >= .min */
#define F_MAX	0x08u		/* number <= .max */
#define F_ONE	0x10u		/* T_SEQ: one bare item stands for a list */
#define F_LANE	0x40u		/* a lane of a stage (cjm_lanes) */
#define F_KEEP	0x80u		/* T_LIST: an empty list is an answer, kept */

typedef struct ck ck;
typedef struct ck_schema ck_schema;
typedef struct ck_field ck_field;

/* A value and where it stands: its container and key, or index. */
typedef struct ck_node {
	const json_t *v;
	const json_t *parent;	/* NULL for the root */
	const char *key;	/* NULL when parent is an array */
	size_t index;
} ck_node;

typedef void (*ck_fn)(ck *, const ck_node *);

struct ck_field {
	const char *key;
	enum ck_type type;
	unsigned flags;
	double min, max;
	const char *const *vals;	/* the strings allowed, NULL: any */
	const size_t *nvals;
	const ck_schema *sub;		/* T_MAP, T_STRMAP */
	const ck_field *item;		/* T_SEQ */
	ck_fn fn;			/* more checks once the type is right */
	const char *hint;		/* hint when a required key is missing */
};

#define CK_MAXFIELDS 32		/* keys a table may have */

struct ck_schema {
	const char *what;		/* "stage"; NULL: named by its path */
	const char *ident[2];		/* keys that name an instance */
	const ck_field *fields;
	size_t n;
	int open;			/* other keys allowed (tool sections) */
	int stage;			/* a stage: names what is inside it */
	ck_fn fn;			/* after the keys are checked */
};

/* Checker state for one document. */
struct ck {
	const cjm_doc *doc;
	const cjm_check_opts *opts;
	cjm_diags *ds;			/* findings, sorted on the way out */
	const char *file;
	unsigned docidx;
	const json_t *root;
	const ck_node **stack;		/* where the walk is */
	size_t depth, scap;
	char *path;			/* "stages[3].emotion", made on demand */
	size_t plen, pcap;
	const char *at;			/* a path to report at instead */
	char name[128];			/* an item's name: "goals[2]" */
	struct ck_frame *fr;		/* the mapping being checked */
	size_t stage_i;
	int oom;
	int scale_ok;			/* emotion_scale usable */
	double emin, emax;
	json_t *stage_ids;		/* id -> index of the stage */
	json_t *tp_ids;			/* id -> index into tps */
	struct ck_tp *tps;
	size_t ntps, tpcap;
	struct ck_ref *refs;		/* pain points' touchpoint ids */
	size_t nrefs, refcap;
	size_t *edges;			/* transitions: from, to pairs */
	size_t nedges, edgecap;
	int bad_edges;			/* a transition that does not resolve */
	int has_counts;			/* some stage has funnel.count */
	int has_events;			/* some stage has events */
	int has_blueprint;		/* some stage has front/backstage */
	json_t *persona_ids;		/* check_kinds.c: id -> index */
	json_t *decision_ids;		/* id -> index of the decision */
};

/* A mapping being checked. Its description ("stage 'checkout'") is made
 * only when a message needs it: most mappings never need one. */
struct ck_frame {
	const ck_node *n;
	const ck_schema *s;
	size_t depth;			/* its depth in the walk's stack */
	char *desc;
	struct ck_frame *stage;		/* the stage it is in, or NULL */
	size_t lanes;			/* F_LANE keys with content */
};

/* A touchpoint with an id, a node of the graph. */
struct ck_tp {
	const char *id;
	const json_t *obj;		/* the touchpoint mapping */
	size_t stage;
	char *path;
};

/* A reference to check once every touchpoint is known. */
struct ck_ref {
	const char *id;
	const json_t *obj;		/* mapping holding key */
	const char *key;
	size_t stage;
	char *path;
};

/* check.c: the engine. */
void ck_report(ck *, enum cjm_level, const char *code, cjm_pos,
    const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
cjm_pos ck_pos(const ck *, const ck_node *);
cjm_pos ck_pos_in(const ck *, const json_t *parent, const char *key);
cjm_pos ck_key_pos(const ck *, const json_t *obj, const char *key);
/* Enter a node (returns the depth to ck_pop back to), leave it. */
size_t ck_push(ck *, const ck_node *);
void ck_pop(ck *, size_t depth);
/* The path of the first depth nodes of the walk (borrowed, valid until
 * the next call). */
const char *ck_path(ck *, size_t depth);
char *ck_strdup(ck *, const char *);
/* s quoted for a message: cut after 40 characters (code points, so
 * Cyrillic and Latin names get the same room), control characters
 * escaped; buf needs CK_QBUF bytes. */
#define CK_QBUF 176
const char *ck_quote(const char *s, char *buf, size_t size);
const char *ck_num(double v, char *buf, size_t size);
/* name NULL: an item, named by the end of its path ("goals[2]"). */
int ck_value(ck *, const ck_node *, const ck_field *, const char *name);
/* "a, b or c" into buf, cut short if it would not fit. */
void ck_join_words(const char *const *w, size_t n, char *buf, size_t size);
/* Anything but absent, null, "" and []. */
int ck_has_content(const json_t *);
/* What the current mapping is called in messages. */
const char *ck_desc(ck *);
void ck_map(ck *, const ck_node *, const ck_schema *);
int ck_is_slug(const char *);
/* The format's word for s in field f: s itself, a word of another case
 * when only one matches (NPS), or an alias by the field's key (Russian
 * severities, channel names such as app and site); NULL when none. The
 * checker notes it, the canonical form writes the word. */
const char *ck_word(const ck_field *, const char *s);
void ck_word_note(ck *, const ck_node *, const char *name,
    const char *word);

/* check_map.c: the format. */
/* Index of the touchpoint obj[key] names, or -1 (an error reported;
 * desc NULL: the current mapping's). */
long ck_resolve(ck *, const json_t *obj, const char *key, const char *desc);
extern const ck_schema ck_root_schema;
void ck_slug(ck *, const ck_node *);
void ck_emotion(ck *, const ck_node *);

/* check_kinds.c: the seed's other map kinds (decisions, owners,
 * personas); the state they keep is freed by ck_kinds_free. */
void ck_emotion_any(ck *, const ck_node *);
void ck_persona(ck *, const ck_node *);
void ck_personas(ck *, const ck_node *);
extern const ck_field ck_decision_item;
void ck_kinds_advice(ck *);
void ck_kinds_free(ck *);
void ck_finish(ck *);
void ck_state_free(ck *);

#endif
