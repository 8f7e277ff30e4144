/* hints.h: hint texts that more than one part of the library gives for
 * the same fault, so that every tool words it alike (internal). */
#ifndef CJM_HINTS_H
#define CJM_HINTS_H

/* An event log given where a map or a grid goes (code event-log). */
#define CJM_LOG_HINT	"an event log goes to cjm-funnel with -e FILE"

#endif
