/* util.h: what every cjm tool's main shares: messages, exits, outputs. */
#ifndef CJM_UTIL_H
#define CJM_UTIL_H

#include <stdio.h>
#include "cjm.h"

/* Exit statuses, the same for every tool (the man pages' tables). */
enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2 };

/* How diagnostics are printed on standard error. */
enum util_diag_format { DIAG_TEXT, DIAG_JSON, DIAG_GITHUB, DIAG_SARIF };

extern const char *progname;

/* Record the program name; call first in main. */
void util_init(const char *argv0);
/* jansson's blocks from heap.c's size classes instead of malloc; call
 * before any jansson value exists, in a tool using jansson from one
 * thread. */
void heap_init(void);
/* Name the input now read, for the message if it shrinks while mapped
 * (SIGBUS: exit 2, temporary outputs removed); the first call installs
 * the handler. NULL when none is read. */
void util_reading(const char *name);
/* "prog: message" on stderr. */
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* --format sarif (sarif.c): gather diagnostics from now on and print
 * them as one SARIF 2.1.0 log on stderr at exit. */
void util_sarif_begin(void);
/* --format json: warnx_ and util_try_help write JSON lines (code "run")
 * from now on. */
void util_json_begin(void);
void util_sarif_add(const cjm_diag *);
/* A system or usage error (level "error"), or a "warning" or "note"
 * about the run, as a tool execution notification of the log: 1, or 0
 * when no log is gathered (print it). warnx_ calls it. */
int util_sarif_note(const char *level, const char *text);
/* The tool's exit status: 2 (it stopped, as cjm-diff does on a map with
 * errors) makes executionSuccessful false, with a notification saying so
 * when none of level error did already. util_close_stdout calls it. */
void util_sarif_status(int status);
/* The "try PROG --help" of a usage error onto the last notification: 1,
 * or 0 when no log is gathered. */
int util_sarif_try_help(void);
/* "Try 'PROG --help'." after a usage error, or into the SARIF log. */
void util_try_help(void);
/* Parse "text", "json", "github" or "sarif"; -1 when none. */
int util_diag_format(const char *s);
/* Print the diagnostics at min_level or worse in the format, then clear
 * the list. Returns the worst level it held (-1 for none), printed or
 * not. DIAG_JSON prints one JSON object a line; DIAG_SARIF gathers
 * them for the log printed at exit. */
int util_diags_flush(cjm_diags *, enum util_diag_format, int min_level);
/* 1 when the map checker found the document an event log's (code
 * event-log): the rest of the stream is the same log, so a tool stops
 * reading it, and a JSON Lines log given as a map gets one error, not
 * one a line. */
int util_stream_is_log(const cjm_diags *);
/* Map a worst diagnostic level (-1 for none) to an exit status. With
 * strict, warnings count as errors. */
int util_exit_status(int worst, int strict);
/* Standard input can be read once: the inputs of a run, noted one by
 * one, each with what the message calls it ("the map", "a shard"). */
struct util_once {
	const char *first;	/* the first that names "-", or NULL */
	char why[160];
};
/* Note an input (path NULL: none). The second naming "-" words why
 * ("X and Y cannot both be standard input") and returns 1, as does
 * every later one. */
int util_stdin_note(struct util_once *, const char *path, const char *what);
/* The FILE arguments of a tool (each called what): when two name "-",
 * the usage error and "try --help", and -1; else 0. */
int util_args_stdin_once(char *const *args, int n, const char *what);
/* Parse a non-negative size with an optional k, M or G suffix (binary);
 * -1 on anything else, so no number is silently clamped. */
int util_parse_size(const char *s, size_t *out);
/* Flush and close stdout; a broken pipe ends quietly (status kept), any
 * other write error is reported and the status becomes 2. */
int util_close_stdout(int status);
/* Is this write error a reader that went away? Then exit quietly. */
void util_exit_if_epipe(void);

/* An output file written whole or not at all: a temporary file beside
 * the target (synced, then renamed over it by util_out_commit); removed
 * on any failure and on SIGINT, SIGTERM and SIGHUP. path "-" is stdout.
 * Every failure is reported on stderr: what failed and why (standard
 * output's by util_close_stdout, once). */
typedef struct util_out {
	FILE *fp;
	char *path;
	char *tmp;		/* NULL for stdout or a direct write */
	int direct;		/* a device or FIFO, written in place */
	int err;		/* the first write error (errno), 0 none */
} util_out;

/* The command line, so util_out_open can refuse an output that is also
 * an input (a FILE argument, -m's map, standard input); call after
 * util_init (cli_parse does). */
void util_args(int argc, char **argv);
int util_out_open(util_out *, const char *path);	/* 0 or -1 (warned) */
/* A cjm_write_fn writing to the util_out ctx; records the error. */
int util_out_put(const char *buf, size_t len, void *ctx);
int util_out_commit(util_out *);	/* 0 or -1 (warned, temp removed) */
void util_out_abort(util_out *);	/* remove the temp file, quietly */
/* Abort after a failure, saying first what the write error was if
 * writing is what failed. */
void util_out_fail(util_out *);
/* A set of files (the pages of one render) replaced all together or not
 * at all: with ok, every file is finished (written, synced), and only
 * when all are, renamed over their targets; otherwise, or without ok,
 * every temporary file is removed. 0 or -1 (warned). */
int util_out_finish(util_out *);	/* flush, sync, close; keep temp */
int util_out_rename(util_out *);	/* the finished temp to its name */
int util_out_commit_all(util_out *set, size_t n, int ok);

/* An anonymous temporary file in $TMPDIR (else /tmp), opened w+b; NULL
 * with errno set. tmpfile() ignores TMPDIR. */
FILE *util_tmpfile(void);
const char *util_tmpdir(void);	/* $TMPDIR, else /tmp */

#endif
