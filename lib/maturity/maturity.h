/* maturity.h: what the maturity files share inside libcjm (not installed). */
#ifndef CJM_MATURITY_INT_H
#define CJM_MATURITY_INT_H

#include "cjm_maturity.h"

/* Russian spreadsheets save CSV in Windows-1251 unless told otherwise. */
#define MATURITY_UTF8_HINT "save the sheet as 'CSV UTF-8' (Windows-1251 " \
	"and other code pages are not read)"

/* One respondent; file and line say where the answers came from. */
struct mat_resp {
	char *name, *dept, *file;
	unsigned long line;
	unsigned long row;	/* its number in its input, for messages */
	int csv;		/* called a "row" (CSV) or a "respondent" */
	unsigned char a[CJM_MATURITY_QUESTIONS];	/* 0: missing */
};

struct cjm_answers {
	struct mat_resp *v;
	size_t n, cap, skipped;
	char *org;
	char *src;		/* the first input's name, for diagnostics */
};

int maturity_add(cjm_answers *, const char *name, const char *dept,
    const unsigned char a[CJM_MATURITY_QUESTIONS], const char *file,
    unsigned long line, unsigned long row, int csv);
/* The two readers; the same contract as cjm_answers_read_memory. */
int maturity_read_csv(cjm_answers *, const char *buf, size_t len,
    const char *name, const cjm_answers_opts *, cjm_diags *);
int maturity_read_doc(cjm_answers *, const char *buf, size_t len,
    const char *name, const cjm_answers_opts *, cjm_diags *);
/* An answer's problem as a diagnostic: "'x' is not an answer" etc.
 * where names the respondent and statement. */
int maturity_bad_answer(cjm_diags *, int skip, int v, const char *text,
    const char *file, cjm_pos pos, const char *path, const char *where);

/* "row 3 ('Anna'), q7" (q 0: no statement) into buf, the name cut on a
 * character boundary. */
void maturity_who(char *buf, size_t sz, const char *unit, unsigned long n,
    const char *name, int q);
/* Count a respondent left out with skip_bad, and say so. */
void maturity_skipped(cjm_answers *, cjm_diags *, const char *file,
    cjm_pos pos, const char *who);
/* Lower-case ASCII and Cyrillic А..Я, Ё of s into out (len + 1 bytes). */
void maturity_fold(const unsigned char *s, size_t len, char *out);

#endif
