/* load.h: internals shared by the loader's files (reader, YAML, JSON,
 * positions); not installed. */
#ifndef CJM_LOAD_H
#define CJM_LOAD_H

#include <limits.h>
#include <stdint.h>

#include "cjm.h"

/* ------------------------------------------------------------ positions */

/* Positions of every node of a document, keyed by (parent, key) or
 * (parent, index). Keys are copied into the table's own arena. */
typedef struct cjm_postab cjm_postab;

cjm_postab *cjm_postab_new(void);
void cjm_postab_free(cjm_postab *);
/* Keep a key (once however often it comes): its number, never 0, and
 * in *copy its text, which lives as long as the table; 0 out of
 * memory. */
uint32_t cjm_postab_key(cjm_postab *, const char *key, size_t len,
    const char **copy);
/* A hash of text, for the loader's tables. */
uint64_t cjm_text_hash(const char *s, size_t len);
/* The same hash; *nul says whether the text has a NUL byte. */
uint64_t cjm_text_hash_nul(const char *s, size_t len, int *nul);
/* Open-addressing slots of 1 + item index, doubled while more than three
 * quarters full for items; hash_at(ctx, i) is item i's hash. 0, or -1
 * out of memory. */
int cjm_slots_grow(uint32_t **slots, size_t *cap, size_t items,
    uint64_t (*hash_at)(const void *ctx, size_t i), const void *ctx);
/* While a collection is open, its children's places are added in order
 * (items, or members with their key's number from cjm_postab_key);
 * cjm_postab_open gives the mark to pass to cjm_postab_close when it
 * ends. These return 0, or -1 out of memory. */
size_t cjm_postab_open(const cjm_postab *, int is_obj);
int cjm_postab_item(cjm_postab *, const cjm_pos *val);
int cjm_postab_member(cjm_postab *, uint32_t key, const cjm_pos *val,
    const cjm_pos *kpos);
int cjm_postab_close(cjm_postab *, const json_t *node, int is_obj,
    size_t mark);
/* The key place of the open object's member with that key (mark from
 * cjm_postab_open): 0, or -1 if there is none. */
int cjm_postab_pending(const cjm_postab *, size_t mark, uint32_t key,
    cjm_pos *kpos);
/* A closed collection's child; key NULL: by index. 0, or -1 if not
 * there. */
int cjm_postab_get(cjm_postab *, const json_t *parent,
    const char *key, size_t len, size_t index, cjm_pos *val, cjm_pos *kpos);

/* ----------------------------------------------------------------- utf8 */

/* Offset of the first byte that is not valid UTF-8; *cut is set to 1
 * when that byte starts a sequence the end of s merely cuts short. */
size_t cjm_utf8_scan(const unsigned char *s, size_t len, int *cut);
/* Write code point u (<= 0x10FFFF, no surrogate) as UTF-8 into o (room
 * for 4); returns its length. */
size_t cjm_utf8_put(unsigned long u, unsigned char *o);
/* The code point of the character at s (NUL-terminated, or whole), *n
 * its bytes; a byte that starts no valid sequence is taken alone. */
unsigned long cjm_utf8_decode(const unsigned char *s, size_t *n);
/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if it is
 * invalid, or -1 when it is valid so far but cut short by the end. */
int cjm_utf8_seq(const unsigned char *s, size_t n);
/* Bytes at the end of s that start a sequence valid so far but cut
 * short (0 to 3). */
size_t cjm_utf8_cut(const unsigned char *s, size_t n);
/* Length of the ASCII run at the start of s. */
size_t cjm_ascii_span(const unsigned char *s, size_t n);
/* Refuse input whose first bytes (sample[0..n-1], at input offset base)
 * are binary: a binary format's magic number at the start, or a NUL byte
 * that is no UTF-16 or UTF-32; or are UTF-16 or UTF-32 text, said as
 * cjm_text_refuse says it, at the start (line 1, column 1). One error,
 * code "encoding", saying what it is; CJM_EDATA, or CJM_OK when the
 * bytes may be UTF-8 text (whose readers then check every byte). Called
 * on each input's first block, so that a PNG is not told to use iconv
 * for its first high byte, and UTF-16 is placed alike by every reader. */
int cjm_binary_refuse(cjm_diags *, const char *name, const void *sample,
    size_t n, size_t base, int sheet);
/* Move a line/col (1-based, columns in code points) over n bytes. */
void cjm_utf8_advance(unsigned long *line, unsigned long *col,
    const unsigned char *s, size_t n);

/* --------------------------------------------------------------- source */

/* The input of a reader: memory or a FILE, handed out in chunks of valid
 * UTF-8, the size limit enforced. */
typedef struct cjm_src {
	FILE *fp;
	int own_fp;
	int fd;				/* read(2) from it, or -1: fread fp */
	const unsigned char *mem;
	size_t memlen;
	unsigned char *buf;		/* chunk buffer when reading fp */
	size_t ncarry;			/* cut UTF-8 sequence kept for next */
	const unsigned char *p, *end;	/* unread part of the chunk */
	const unsigned char *chunk;	/* its start, at line/col: */
	unsigned long cline, ccol;
	size_t total;			/* bytes handed out (offset of end) */
	size_t nread;			/* bytes read from fp or mem */
	size_t base;			/* bytes skipped at the start (BOM) */
	unsigned long line, col;	/* position of end */
	int state;			/* 0 more, 1 eof, -1 failed */
	int lazy;			/* the consumer checks the UTF-8
					 * (YAML): chunks after the first
					 * are only cut at a character */
	size_t bad;			/* a pending error's offset, or SIZE_MAX */
	const char *badcode;
	const unsigned char *sample;	/* the bad bytes on, for the guess */
	size_t nsample;
} cjm_src;

/* ------------------------------------------------------------- building */

/* One open collection while a document is built. */
struct cjm_frame {
	json_t *node;
	int is_obj;
	int has_key;		/* objects: a key waits for its value */
	const char *key;	/* in the pos table's arena */
	size_t klen;
	uint32_t kid;		/* its number there */
	size_t mark;		/* cjm_postab_open's */
	cjm_pos kpos;
	size_t index;		/* arrays: index of the next item */
	size_t anchor;		/* YAML: 1 + anchor slot, or 0 */
	size_t nodes0;		/* node count when it opened */
};

struct cjm_doc {
	json_t *root;
	cjm_postab *pos;
	cjm_pos root_pos;
	char *name;
	unsigned index;
	enum cjm_input_format fmt;
};

/* Scalar nodes kept once per document while it is built (reader.c). */
struct cjm_keep {
	struct cjm_kept *slot;	/* open addressing; v NULL: empty */
	size_t n, nslot;	/* nslot a power of two */
	size_t first;		/* slots to start with, or 0: 64 */
};

/* Builds one document from a parser's events; shared by YAML and JSON. */
typedef struct cjm_build {
	const cjm_limits *lim;
	cjm_diags *ds;
	const char *name;
	unsigned docno;
	cjm_doc *doc;
	struct cjm_frame *st;
	unsigned depth;
	size_t cap, nodes, aliases;
	int done;		/* the root is complete */
	struct cjm_keep strs;	/* the document's strings, each once */
	struct cjm_keep nums;	/* and numbers */
	int nul;		/* cjm_build_string's text has a NUL */
} cjm_build;

struct cjm_reader {
	cjm_limits lim;
	enum cjm_input_format want, fmt;
	char *name;
	cjm_src src;
	int opened, failed, started;
	int status;		/* the source's error status, or CJM_OK */
	unsigned docs;		/* documents returned */
	unsigned cur;		/* index of the document being read */
	cjm_diags *ds;		/* the current call's list */
	void *yaml;		/* yaml_load.c's state */
	void *json;		/* json_load.c's state */
	size_t keep_slots;	/* the first document's string slots, from
				 * the input's size; 0 unknown */
	size_t size;		/* the input's size: memory's, or a file's
				 * bytes from its offset at the open (a
				 * file read with read(2) must give them
				 * all); 0 unknown (a pipe, a terminal) */
	int threads;		/* cjm_reader_set_threads: 0 auto, 1, 2 */
	cjm_diags *pds;		/* the parser thread's, while it runs */
};

/* The document a source error's is, while a parser thread reports it:
 * the one being read when the caller's thread takes it over. */
#define CJM_DOC_PENDING UINT_MAX

int cjm_build_begin(cjm_build *, cjm_reader *, cjm_diags *);
void cjm_build_abort(cjm_build *);
/* A string value (new reference): the document's earlier one of the
 * same text if there is one, else a new one; NULL out of memory. */
json_t *cjm_build_string(cjm_build *, const char *s, size_t len);
/* The same for numbers. */
json_t *cjm_build_int(cjm_build *, json_int_t);
json_t *cjm_build_real(cjm_build *, double);
/* Attach v (stolen) at pos: as root, item, or value of the waiting key. */
int cjm_build_value(cjm_build *, json_t *v, const cjm_pos *pos);
/* Attach a new collection (stolen) and open it. */
int cjm_build_open(cjm_build *, json_t *v, int is_obj, const cjm_pos *pos);
int cjm_build_close(cjm_build *);
int cjm_build_key(cjm_build *, const char *key, size_t len,
    const cjm_pos *pos);
/* An error at pos in the document being built; returns CJM_EDATA. */
int cjm_build_err(cjm_build *, const char *code, const cjm_pos *pos,
    const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Count n more nodes (alias expansion counts the whole copy). */
int cjm_build_count(cjm_build *, size_t n, const cjm_pos *pos);

/* An error of the reader outside a document (level error, or fatal for
 * CJM_ESYS); returns status. */
int cjm_reader_err(cjm_reader *, int status, const char *code,
    const cjm_pos *pos, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* The same for the source's errors, which a parser thread may report
 * (yaml_pipe.c): to r->pds while it runs. */
int cjm_src_err(cjm_reader *, int status, const char *code,
    const cjm_pos *pos, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Refuse the input at pos: too large if the source has that pending
 * (at its offset), else not UTF-8 text, sample the bytes from there.
 * Returns the status negated. */
int cjm_src_refuse(cjm_reader *, cjm_pos pos, const unsigned char *sample,
    size_t nsample);
/* Next chunk of the source into src.p/end: 1, 0 at the end, or
 * CJM_EDATA/CJM_ESYS negated with the diagnostic added. */
int cjm_src_fill(cjm_reader *);

/* Numbers: text to value, refusing out of range. 0 ok, -1 out of range,
 * -2 not a number of that form. */
int cjm_num_int(const char *s, size_t len, int base, json_int_t *out);
int cjm_num_real(const char *s, size_t len, double *out);

/* YAML scalars (yaml_scalar.c). The core tags' prefix: */
#define CJM_CORE "tag:yaml.org,2002:"
#define CJM_CORE_LEN (sizeof(CJM_CORE) - 1)
struct yaml_event_s;
/* A scalar event's value (new reference), or NULL with *st set and the
 * error reported. */
json_t *cjm_yaml_scalar(cjm_build *, const struct yaml_event_s *,
    const cjm_pos *, int *st);
/* Refuse a tag other than the core ones; returns CJM_EDATA. */
int cjm_yaml_bad_tag(cjm_build *, const char *tag, const cjm_pos *);

/* The two parsers: next document, and their state's release. */
int cjm_yaml_next(cjm_reader *, cjm_doc **, cjm_diags *);
void cjm_yaml_free(cjm_reader *);
int cjm_json_next(cjm_reader *, cjm_doc **, cjm_diags *);
void cjm_json_free(cjm_reader *);

#endif
