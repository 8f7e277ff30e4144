/* cjm.h: libcjm, the journey-map library under every cjm tool. */
#ifndef CJM_H
#define CJM_H

#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

#define CJM_VERSION "0.1.0"
#define CJM_FORMAT 1		/* the map format version this library reads */

/* Marks the public API. libcjm is built with -fvisibility=hidden, so only
 * what is marked CJM_API is exported from libcjm.so; every such name
 * starts with cjm_ (tests/symbols.test.sh holds it). Mark each new public
 * function in include/ with it. */
#if defined(__GNUC__) || defined(__clang__)
#define CJM_API __attribute__((visibility("default")))
#else
#define CJM_API
#endif

/*
 * Ownership, once for the whole API:
 * - a handle from cjm_X_new() is the caller's; free it with cjm_X_free();
 *   free functions accept NULL;
 * - a json_t * returned by a function named *_root or *_get is borrowed:
 *   it lives as long as the handle it came from; json_incref() to keep it;
 * - a json_t * returned by any other function is a new reference: the
 *   caller json_decref()s it;
 * - strings returned as const char * are borrowed from their handle;
 *   char * results are malloc()ed and the caller free()s them.
 * The library never prints and never exits. Functions return a status;
 * what went wrong is in the cjm_diags list the caller passed in.
 */

/* Status codes. Ordered so that a tool's exit status is the worst seen. */
enum cjm_status {
	CJM_OK = 0,		/* done */
	CJM_EDATA = 1,		/* the input has problems: see the diagnostics */
	CJM_ESYS = 2,		/* I/O, memory or usage: see the diagnostics */
	CJM_DONE = 3		/* cjm_reader_next: no more documents */
};

/* ---------------------------------------------------------------- diag */

/* Levels, as mandoc: a tool's exit status is the worst level seen. */
enum cjm_level {
	CJM_NOTE = 0,
	CJM_WARNING = 1,
	CJM_ERROR = 2,
	CJM_FATAL = 3		/* a system or usage error (exit 2) */
};

/* A place in an input. line and col are 1-based; 0 means unknown. */
typedef struct cjm_pos {
	unsigned long line;
	unsigned long col;
	size_t offset;		/* byte offset from the start of the input */
} cjm_pos;

typedef struct cjm_diag {
	enum cjm_level level;
	const char *code;	/* short stable code, e.g. "unknown-key" */
	const char *file;	/* input name as given ("-" shown as "<stdin>") */
	unsigned doc;		/* 1-based index of the document in its stream; 0 none */
	const char *path;	/* e.g. "stages[3].emotion"; "" for the document */
	cjm_pos pos;
	const char *message;	/* one line, no trailing period */
	const char *hint;	/* "did you mean 'pain_points'?", or NULL */
} cjm_diag;

typedef struct cjm_diags cjm_diags;

CJM_API cjm_diags *cjm_diags_new(void);
CJM_API void cjm_diags_free(cjm_diags *);
/* Add one diagnostic; strings are copied. file, path, hint may be NULL.
 * Returns CJM_ESYS only when memory runs out. */
CJM_API int cjm_diags_add(cjm_diags *, enum cjm_level, const char *code,
    const char *file, unsigned doc, const char *path, cjm_pos pos,
    const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));
CJM_API size_t cjm_diags_count(const cjm_diags *);
CJM_API const cjm_diag *cjm_diags_get(const cjm_diags *, size_t i);	/* borrowed */
/* The worst level among them, or -1 when the list is empty. */
CJM_API int cjm_diags_worst(const cjm_diags *);
/* Count of diagnostics at exactly this level. */
CJM_API size_t cjm_diags_count_level(const cjm_diags *, enum cjm_level);
CJM_API void cjm_diags_clear(cjm_diags *);
/* Move the diagnostics of from at level min or worse to the end of to,
 * in order; from is emptied. Those without a file get file (NULL: none).
 * Returns CJM_ESYS when memory runs out (from is emptied all the same). */
CJM_API int cjm_diags_move(cjm_diags *from, cjm_diags *to, int min,
    const char *file);
/* Output forms of one diagnostic: a malloc()ed line without newline.
 * text:   file:line:col: error: message [code]  (+ "; hint")
 * github: ::error file=F,line=L,col=C,title=code::message
 * A JSON object (new reference) for --format json: file, document,
 * line, column, level, code, path, message, hint, each always there
 * (null when not known). */
CJM_API char *cjm_diag_text(const cjm_diag *);
CJM_API char *cjm_diag_github(const cjm_diag *);
CJM_API json_t *cjm_diag_json(const cjm_diag *);
CJM_API const char *cjm_level_name(enum cjm_level);	/* "error", ... */
/* A copy of untrusted text safe in any message (malloc()ed; NULL when
 * memory ran out): control characters, DEL, C1, line separators and
 * bidirectional overrides as \xNN or \uNNNN, bytes that are not UTF-8 as
 * \xNN. cjm_diags_add applies it to every message, hint, file and path,
 * so no diagnostic in any form carries raw input (a newline followed by
 * "::error" that GitHub Actions would run, an escape sequence). */
CJM_API char *cjm_text_escape(const char *s);
/* The diagnostic codes, one table (lib/util/codes.c): each code with the
 * level it is reported at and a one-line meaning; man names the man
 * pages that list it, space-separated ("cjm-validate cjm-maturity"). */
typedef struct cjm_code {
	const char *code;
	enum cjm_level level;
	const char *man;
	const char *meaning;
} cjm_code;

/* All of them, sorted by code; *n gets the count. */
CJM_API const cjm_code *cjm_codes(size_t *n);
/* One code's entry, or NULL for a code not in the table. */
CJM_API const cjm_code *cjm_code_find(const char *code);

/* Closest candidate to word within a small edit distance (in code
 * points, so Russian words get the room of English ones; a unique
 * abbreviation counts: "cnt" for "count"), or NULL. */
CJM_API const char *cjm_suggest(const char *word, const char *const *candidates,
    size_t n);

/* --------------------------------------------------------------- limits */

/* Limits on input, so bad input is refused, never a crash or a hang. */
typedef struct cjm_limits {
	size_t max_input;	/* bytes of one input; default 256 MiB */
	size_t max_scalar;	/* bytes of one scalar or string; default 1 MiB */
	unsigned max_depth;	/* nesting of collections; default 64, at
				   most CJM_DEPTH_MAX (a larger value is
				   taken as CJM_DEPTH_MAX) */
	size_t max_aliases;	/* alias uses per document; default 1000 */
	size_t max_nodes;	/* nodes per document incl. alias expansion; 
				   default 10,000,000 */
} cjm_limits;

/* The ceiling of max_depth. Writing, copying and freeing a tree (here
 * and in jansson) recurse once a level; 1000 levels take under a quarter
 * of a 1 MiB stack even with AddressSanitizer (tests/faults.test.sh runs
 * them under ulimit -s 1024), where 10000 overflowed a 2 MiB one. */
#define CJM_DEPTH_MAX 1000

CJM_API void cjm_limits_default(cjm_limits *);

/* --------------------------------------------------------------- reader */

enum cjm_input_format {
	CJM_INPUT_AUTO = 0,	/* first non-blank byte '{' or '[' means JSON */
	CJM_INPUT_YAML,
	CJM_INPUT_JSON
};

/*
 * A document: a jansson tree in which every node keeps its line and
 * column, whichever the input format. Scalars follow the YAML 1.2 core
 * schema. Positions are looked up by parent and key (objects) or index
 * (arrays), so that singletons (true, false, null) have places too.
 */
typedef struct cjm_doc cjm_doc;

/* The root (borrowed). The caller may modify the tree; nodes it adds
 * simply have no position. */
CJM_API json_t *cjm_doc_root(const cjm_doc *);
CJM_API const char *cjm_doc_name(const cjm_doc *);	/* input name, borrowed */
CJM_API unsigned cjm_doc_index(const cjm_doc *);	/* 1-based in its stream */
CJM_API enum cjm_input_format cjm_doc_format(const cjm_doc *);
/* Where parent[key] (object, key != NULL) or parent[index] (array)
 * stands. parent NULL asks for the root. val gets the value's place,
 * key_pos (may be NULL) the key's. Returns 0, or -1 if not known
 * (both then zeroed). */
CJM_API int cjm_doc_pos(const cjm_doc *, const json_t *parent, const char *key,
    size_t index, cjm_pos *val, cjm_pos *key_pos);
/* Release the document; detaches from the tree (a root someone holds a
 * reference to survives). */
CJM_API void cjm_doc_free(cjm_doc *);

/* A stream of documents: YAML documents separated by '---', or JSON
 * values one after another. */
typedef struct cjm_reader cjm_reader;

/* lim NULL: defaults. The limits are copied. */
CJM_API cjm_reader *cjm_reader_new(const cjm_limits *lim, enum cjm_input_format);
CJM_API void cjm_reader_free(cjm_reader *);
/* Threads for reading YAML (JSON is read on the calling thread): 1, all
 * on the calling thread; 2, libyaml parses on a second thread, ahead of
 * the tree built on the calling thread: faster when two CPUs are free
 * (the documents and diagnostics are the same, byte for byte); 0, the
 * default, cjm_threads_auto of a file's or memory's size. A pipe or a terminal is read
 * on one thread whatever is set: a map refused early must not wait for
 * input that may never come. Before the first cjm_reader_next; returns
 * CJM_OK, or CJM_ESYS when n is not 0, 1 or 2 (nothing set). */
#define CJM_THREADS_BYTES ((size_t)8 << 20)
CJM_API int cjm_reader_set_threads(cjm_reader *, int n);
/* The threads that pay off for an input of the given bytes: 2 when it
 * is over CJM_THREADS_BYTES and this process may run on two CPUs or
 * more (its affinity mask: taskset, a container's cpuset), else 1. The
 * default of cjm_reader_set_threads and of cjm-funnel's log. */
CJM_API int cjm_threads_auto(size_t bytes);
/* One input per reader. path "-" is standard input. name is what
 * diagnostics call the input (NULL: path, or "<stdin>"). The memory
 * variant does not copy buf: it must outlive the reader. The FILE variant
 * does not close fp. */
CJM_API int cjm_reader_open_file(cjm_reader *, const char *path, cjm_diags *);
CJM_API int cjm_reader_open_memory(cjm_reader *, const void *buf, size_t len,
    const char *name, cjm_diags *);
CJM_API int cjm_reader_open_stream(cjm_reader *, FILE *fp, const char *name,
    cjm_diags *);
/* Next document into *out (the caller's, cjm_doc_free()). Returns CJM_OK,
 * CJM_DONE at the end, CJM_EDATA on bad input (diagnostics added; the
 * stream cannot go on: later calls return CJM_DONE), CJM_ESYS on I/O. */
CJM_API int cjm_reader_next(cjm_reader *, cjm_doc **out, cjm_diags *);
CJM_API const char *cjm_reader_name(const cjm_reader *);

/* Load exactly one document from memory (tests, small inputs). More than
 * one document is an error. */
CJM_API int cjm_doc_load_memory(const void *buf, size_t len, const char *name,
    const cjm_limits *, enum cjm_input_format, cjm_doc **out,
    cjm_diags *);

/* --------------------------------------------------------------- writer */

enum cjm_write_flags {
	CJM_WRITE_JSON = 0,
	CJM_WRITE_YAML = 1 << 0,	/* YAML through libyaml's emitter */
	CJM_WRITE_PRETTY = 1 << 1	/* JSON: two-space indent */
};

/* Receives output; returns 0, or -1 to stop (the writer then returns
 * CJM_ESYS). */
typedef int (*cjm_write_fn)(const char *buf, size_t len, void *ctx);

/* Write a JSON value as one document. JSON ends in a newline; YAML
 * starts with "---" when the CJM_WRITE_YAML flag is given, so a stream
 * of written documents is a valid stream. Strings that YAML 1.1 would
 * read as booleans, nulls or numbers are quoted. */
CJM_API int cjm_write(const json_t *, unsigned flags, cjm_write_fn, void *ctx,
    cjm_diags *);
/* cjm_write to a FILE (ferror checked: CJM_ESYS on a write error). */
CJM_API int cjm_write_file(const json_t *, unsigned flags, FILE *, cjm_diags *);

/* ------------------------------------------------------------------ map */

/* Options for checking a map. */
typedef struct cjm_check_opts {
	int no_advice;		/* leave out map-type advice warnings */
} cjm_check_opts;

/* Check a map document against format 1 (man cjm(5)). Every finding goes
 * into diags with its position. Returns CJM_OK when no error was found
 * (warnings may have been), CJM_EDATA otherwise. opts may be NULL. */
CJM_API int cjm_map_check(const cjm_doc *, const cjm_check_opts *, cjm_diags *);
/* The JSON Schema (draft 2020-12) of the map format, made from the
 * tables cjm_map_check uses: keys, types, required keys, words, ranges,
 * slugs (checks made in code are not in it). A new reference; NULL when
 * memory runs out. Installed as share/cjm/cjm.schema.json. */
CJM_API json_t *cjm_map_schema(void);

/* The canonical form of a valid map (new reference): keys in the format's
 * order with x- extensions after the known keys in their input order; a
 * single string where a list is allowed becomes a list of one; a bare
 * string touchpoint becomes {name}, a bare string pain point {text};
 * empty lists are dropped; defaults are not filled in. Tools check first,
 * then work on this form, so they never see the short forms. */
CJM_API json_t *cjm_map_canonical(const json_t *map);

/* Map-level facts the tools share. */
/* emotion_scale of a (canonical or raw) map; [1, 5] when absent. */
CJM_API void cjm_map_emotion_scale(const json_t *map, double *min, double *max);
/* The event names that reach stage (its "events", else its id). Returns
 * the count; names[i] are borrowed from the stage. */
CJM_API size_t cjm_stage_events(const json_t *stage, const char **names, size_t max);

/* The seven map types, and the channels, in the format's order. */
CJM_API extern const char *const cjm_map_types[];
CJM_API extern const size_t cjm_map_types_count;
CJM_API extern const char *const cjm_channels[];
CJM_API extern const size_t cjm_channels_count;

/* The map types that fit a CX maturity stage (level 1..5), from the
 * maturity model's table (maturity.md); NULL for a level out of range.
 * The list is static and NULL-terminated; *n gets its length. */
CJM_API const char *const *cjm_maturity_fits(int level, size_t *n);
/* Does map type fit maturity level (1..5)? 1 when it does, or when the
 * level is out of range; 0 when it does not, with the diagnostic's
 * message and hint written to msg and hint (truncated to their caps),
 * the one wording every tool uses for code "type-maturity". */
CJM_API int cjm_maturity_fit_check(const char *type, int level, char *msg,
    size_t msgcap, char *hint, size_t hintcap);
/* The maturity stage ids, level 1..5 at index 0..4. */
CJM_API extern const char *const cjm_maturity_stages[5];

/* The lane keys of a stage in the format's (and the renderer's) order,
 * and their labels in a language ("en", "ru"; others fall back to "en"). */
CJM_API extern const char *const cjm_lanes[];
CJM_API extern const size_t cjm_lanes_count;
CJM_API const char *cjm_lane_label(const char *lane, const char *lang);

/* ---------------------------------------------------------------- csv */

/* A CSV reader for spreadsheet exports: comma, semicolon or tab (sniffed
 * from the header line unless given), quoted fields with "" escapes and
 * newlines inside quotes, CRLF or LF, a UTF-8 BOM skipped. */
typedef struct cjm_csv cjm_csv;

/* delim 0: sniff. name is for diagnostics. fp is not closed. */
CJM_API cjm_csv *cjm_csv_new(FILE *fp, const char *name, char delim);
CJM_API void cjm_csv_free(cjm_csv *);
/* Read the next record. Returns CJM_OK with *nfields fields (borrowed,
 * valid until the next call, NUL-terminated, lens in *lens), CJM_DONE at
 * the end, CJM_EDATA on a malformed record (unclosed quote, a field over
 * the limit; a diagnostic names line and column), CJM_ESYS on I/O. */
CJM_API int cjm_csv_next(cjm_csv *, char ***fields, size_t **lens, size_t *nfields,
    cjm_diags *);
/* From the next record on, fields may point into the input and are not
 * NUL-terminated (lens give their lengths); a regular file is mapped
 * rather than read. Call it after the header. Returns 0. */
CJM_API int cjm_csv_borrow(cjm_csv *);
/* 1-based line where the last record returned starts. */
CJM_API unsigned long cjm_csv_line(const cjm_csv *);
/* Where field i of the last record returned starts in the input (its
 * opening quote when quoted): line, column in code points, byte offset;
 * i at or past the field count: just after the last field, where a
 * missing one would be. Worked out when asked, for a diagnostic. */
CJM_API cjm_pos cjm_csv_field_pos(const cjm_csv *, size_t i);
CJM_API char cjm_csv_delim(const cjm_csv *);
/* A header that came out as one field may be split by another
 * delimiter: the one of , ; tab | (not used) that field holds most, or
 * 0. cjm_csv_delim_hint words the hint that names both; given: the user
 * chose used with -d (the hint then offers leaving -d out). */
CJM_API char cjm_csv_other_delim(const char *field, char used);
CJM_API void cjm_csv_delim_hint(char d, char used, int given, char *buf,
    size_t size);

/* --------------------------------------------------------------- number */

/* v in the shortest form that strtod reads back as v ("%.17g" at most):
 * 5.0 is "5", 0.1 is "0.1", -0 is "0". buf needs 32 bytes. */
CJM_API const char *cjm_number_text(double v, char *buf, size_t cap);

/* ---------------------------------------------------------------- utf8 */

/* Bytes of s that hold at most max code points (s NUL-terminated), for
 * "%.*s": a quoted value is cut at a character, never inside one. */
CJM_API int cjm_utf8_prefix(const char *s, int max);
/* s for a message: as it is when it has at most max code points, else
 * its start and end with U+2026 between, max code points in all (cut at
 * characters, within cap bytes), so a long name keeps both ends and the
 * message around it is not cut. Writes buf, returns it. */
CJM_API const char *cjm_utf8_middle(const char *s, size_t max, char *buf,
    size_t cap);
/* Offset of the first byte that is not valid UTF-8, or len when all is
 * valid. */
CJM_API size_t cjm_utf8_check(const char *s, size_t len);
/* Offset of the first byte that is not UTF-8 text (invalid UTF-8, or a
 * NUL), or len. Every text input of every tool (maps, event logs,
 * surveys, shards) goes through this rule. */
CJM_API size_t cjm_text_check(const char *s, size_t len);
/* What bytes that are not UTF-8 seem to be, from a sample (the record
 * or chunk holding them): "UTF-32LE", "UTF-32BE" (a byte order mark, or
 * the top two bytes of each 4-byte unit NUL), "UTF-16LE", "UTF-16BE" (a
 * byte order mark, or NULs on one side of the byte pairs, that side
 * otherwise one small high byte), "Windows-1251" (high bytes that
 * are Cyrillic letters in runs, as words are), or NULL. A heuristic:
 * it names, it never converts. */
CJM_API const char *cjm_encoding_guess(const void *sample, size_t n);
/* Refuse input that is not UTF-8 text: one error, code "encoding", at
 * pos (line, column and byte offset of the first bad byte, which is
 * bad), naming the encoding the sample seems to be in and the iconv line
 * that converts it; sheet adds how to save CSV UTF-8 from Excel (for
 * CSV inputs). Returns CJM_EDATA. */
CJM_API int cjm_text_refuse(cjm_diags *, const char *name, cjm_pos pos,
    const void *sample, size_t n, unsigned char bad, int sheet);

#endif
