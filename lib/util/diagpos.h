/* diagpos.h: placing diagnostics already in a list (internal). */
#ifndef CJM_DIAGPOS_H
#define CJM_DIAGPOS_H

#include "cjm.h"

/*
 * The diagnostics at the end of the list that name line without a
 * column get p (its line, column and offset). For a fault a callback found
 * in a row it was given only the line of: the reader that knows the row
 * works out the column, only when there is such a fault.
 */
void cjm_diags_place(cjm_diags *, unsigned long line, cjm_pos p);
/* Give the last diagnostic, which has none, a hint: for a fault a
 * library reported (libyaml's) without one, whose cause the caller can
 * see. CJM_ESYS when memory runs out (the diagnostic kept as it was). */
int cjm_diags_hint_last(cjm_diags *, const char *hint);
/* The diagnostics from index from on whose document is was get doc: a
 * refusal worded by cjm_text_refuse, which knows no document, in the
 * second map of a stream or later; or a parser thread's errors, told the
 * document once the caller's thread reaches them. */
void cjm_diags_redoc(cjm_diags *, size_t from, unsigned was, unsigned doc);
/* Give diagnostic i a new message, and no hint: a line that counts a
 * run of faults as they come (cjm-funnel's folded rows) keeps its place
 * in the list. CJM_ESYS when memory runs out (the old text kept). */
int cjm_diags_reword(cjm_diags *, size_t i, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
