/* hints.h: hint texts (and the names they rest on) that more than one
 * part of the library gives for the same fault, so that every tool
 * words and tells it alike (internal). */
#ifndef CJM_HINTS_H
#define CJM_HINTS_H

/* An event log given where a map or a grid goes (code event-log). */
#define CJM_LOG_HINT	"an event log goes to cjm-funnel with -e FILE"
/* The names an event log gives its event column or key, as the map
 * checker and the grid reader tell a log by them. */
#define CJM_EVENT_KEYS	"event", "event_type", "event_name"

#endif
