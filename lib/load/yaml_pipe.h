/* yaml_pipe.h: libyaml's events, with their places, from a thread of
 * their own (yaml_pipe.c) or from the caller's (yaml_load.c). */
#ifndef CJM_YAML_PIPE_H
#define CJM_YAML_PIPE_H

#include <yaml.h>

#include "load.h"

/* An event, and where it starts in bytes (set for the events that make
 * nodes: scalar, alias, sequence and mapping start). */
struct cjm_yitem {
	yaml_event_t ev;
	cjm_pos pos;
};

/* What the parser said when it failed, placed when it failed (libyaml's
 * problem and context are static strings). */
struct cjm_yfail {
	yaml_error_type_t error;
	const char *problem, *context;
	cjm_pos pos, ctx;
};

/* The next event into *it (1), or the failure into *f (0). */
typedef int (*cjm_yproduce)(cjm_reader *, struct cjm_yitem *it,
    struct cjm_yfail *f);

typedef struct cjm_ypipe cjm_ypipe;

/* Run produce on a new thread, ahead of the caller. From here until
 * cjm_ypipe_stop the thread alone reads the source and the parser, and
 * reports the source's errors to r->pds. NULL when no thread can be
 * had (the caller then produces itself). */
cjm_ypipe *cjm_ypipe_start(cjm_reader *, cjm_yproduce);
/* The next event (borrowed: the thread reuses it, after the next pull),
 * 1; or 0 with the failure in *f. After a failure or the stream's end
 * the thread has ended and cjm_ypipe_stop returns at once. */
int cjm_ypipe_pull(cjm_ypipe *, struct cjm_yitem **it, struct cjm_yfail *f);
/* Stop and join the thread, free its events, and move the errors it
 * reported to ds, in order, as the current document's (NULL: drop). */
int cjm_ypipe_stop(cjm_ypipe *, cjm_diags *ds);

#endif
