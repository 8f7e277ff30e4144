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

#endif
