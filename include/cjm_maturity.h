/* cjm_maturity.h: the CX maturity model, survey answers and their scoring. */
#ifndef CJM_MATURITY_H
#define CJM_MATURITY_H

#include <stdio.h>
#include <jansson.h>

#include "cjm.h"

/*
 * Ownership follows lib/cjm.h: handles from _new() are the caller's and
 * go back through _free(); const char * results are static or borrowed;
 * json_t * results are new references. Nothing here prints or exits.
 */

#define CJM_MATURITY_QUESTIONS 20	/* statements q1..q20 */
#define CJM_MATURITY_DIMENSIONS 6
#define CJM_MATURITY_MAX_DEPARTMENTS 1000	/* distinct departments */

/* ---------------------------------------------------------------- model */

/* Dimension ids in the model's order: organization, planning,
 * activation, response, improvement, innovation. */
CJM_API extern const char *const cjm_maturity_dims[CJM_MATURITY_DIMENSIONS];

/* lang is "ru" for Russian; anything else gives English. Out-of-range
 * arguments give NULL (or -1). */
CJM_API const char *cjm_maturity_dim_name(int dim, const char *lang);	/* 0..5 */
CJM_API const char *cjm_maturity_statement(int q, const char *lang);	/* 1..20 */
CJM_API int cjm_maturity_statement_dim(int q);			/* 1..20 -> 0..5 */
CJM_API const char *cjm_maturity_stage_name(int level, const char *lang); /* 1..5 */
/* "ru" when the tag is Russian (ru, ru-RU, RU), "en" otherwise. */
CJM_API const char *cjm_maturity_lang(const char *tag);

/* An answer: "1".."5", or a word in English or Russian in any case
 * (never..always, никогда..всегда), surrounding blanks ignored.
 * Returns 1..5, 0 for an empty (missing) answer, -1 for a number out of
 * 1..5, -2 for anything else. */
CJM_API int cjm_maturity_answer(const char *s, size_t len);
/* The answer words, 1..5 at index 0..4, for hints and documentation. */
CJM_API extern const char *const cjm_maturity_words_en[5];
CJM_API extern const char *const cjm_maturity_words_ru[5];

/* -------------------------------------------------------------- answers */

/* A survey: respondents, each with up to 20 answers (0 = missing). */
typedef struct cjm_answers cjm_answers;

enum cjm_answers_format {
	CJM_ANSWERS_AUTO = 0,	/* a first line starting '{' '[' '#' '---'
				   or '- ', or holding a ':': YAML/JSON;
				   otherwise CSV */
	CJM_ANSWERS_CSV,
	CJM_ANSWERS_DOC		/* YAML or JSON (format.md) */
};

/* Reading options. */
typedef struct cjm_answers_opts {
	enum cjm_answers_format format;
	char delim;		/* CSV delimiter; 0 sniffs */
	int skip_bad;		/* drop a bad respondent with a warning
				   instead of an error */
} cjm_answers_opts;

CJM_API cjm_answers *cjm_answers_new(void);
CJM_API void cjm_answers_free(cjm_answers *);
/* Add the respondents of one input (a survey may come in several).
 * name is what diagnostics call the input. Returns CJM_OK (warnings,
 * e.g. missing answers, may have been added), CJM_EDATA when the input
 * has errors (every one is reported; respondents read so far are kept),
 * CJM_ESYS on memory or I/O errors. opts may be NULL. */
CJM_API int cjm_answers_read_memory(cjm_answers *, const void *buf, size_t len,
    const char *name, const cjm_answers_opts *, cjm_diags *);
/* The same from a stream, read whole (at most lim->max_input bytes; lim
 * NULL: defaults). fp is not closed. */
CJM_API int cjm_answers_read_file(cjm_answers *, FILE *fp, const char *name,
    const cjm_limits *lim, const cjm_answers_opts *, cjm_diags *);
/* Add one respondent directly; a[q-1] is the answer to q (0: missing).
 * name and department may be NULL; they are copied. */
CJM_API int cjm_answers_add(cjm_answers *, const char *name, const char *dept,
    const unsigned char a[CJM_MATURITY_QUESTIONS]);
CJM_API size_t cjm_answers_count(const cjm_answers *);
CJM_API size_t cjm_answers_skipped(const cjm_answers *);	/* with skip_bad */
/* The organization named by the input, or NULL (borrowed). */
CJM_API const char *cjm_answers_organization(const cjm_answers *);
CJM_API int cjm_answers_set_organization(cjm_answers *, const char *);

/* -------------------------------------------------------------- scoring */

enum cjm_maturity_rule {
	CJM_RULE_MEAN = 0,	/* stage of the overall score */
	CJM_RULE_WEAKEST	/* stage of the lowest dimension mean */
};

typedef struct cjm_maturity_opts {
	double thresholds[4];	/* lower bounds of stages 2..5 */
	enum cjm_maturity_rule rule;
	const char *lang;	/* "en" or "ru" */
} cjm_maturity_opts;

/* 1.8, 2.6, 3.4, 4.2 (five equal bands; ours, not a standard), mean,
 * "en". */
CJM_API void cjm_maturity_opts_default(cjm_maturity_opts *);
/* "a,b,c,d": four plain decimals, increasing, each inside (1, 5).
 * Returns 0, or -1 leaving out untouched. */
CJM_API int cjm_maturity_thresholds_parse(const char *s, double out[4]);
/* The stage (1..5) of a score: the number of cut-offs it reaches, plus
 * one; a score within 1e-9 below a cut-off counts as reaching it, so a
 * computed 1.7999999999999998 is 1.8. */
CJM_API int cjm_maturity_level(double score, const double thresholds[4]);

/* Score a survey into the `maturity` section (format.md, CONTRACT):
 * *out is a new reference, NULL on error. Returns CJM_EDATA when there
 * are no respondents or a dimension (overall or in a department) has
 * no answers at all, each reported. opts NULL: defaults. */
CJM_API int cjm_maturity_score(const cjm_answers *, const cjm_maturity_opts *,
    json_t **out, cjm_diags *);

/* A readable report of a maturity section in its lang (or lang when not
 * NULL): malloc()ed text, NULL when memory runs out. Columns are aligned
 * by display width (one column a code point). */
CJM_API char *cjm_maturity_table(const json_t *maturity, const char *lang);

#endif
