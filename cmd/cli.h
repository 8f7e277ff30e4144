/* cli.h: the one option grammar of the cjm tools (cjm(7)): the shared
 * options, their values, their help lines and their usage errors. */
#ifndef CJM_CLI_H
#define CJM_CLI_H

#include <stdio.h>
#include <getopt.h>
#include "util.h"

/* The shared options a tool takes, OR-ed into cli_tool.shared. Every
 * tool has -h/--help, --version, --format, -q/--quiet and --strict. */
enum {
	CLI_OUTPUT = 1 << 0,	/* -o, --output FILE */
	CLI_FROM = 1 << 1,	/* -f, --from FMT (alias --input-format) */
	CLI_TO = 1 << 2,	/* -t, --to FMT */
	CLI_MAPOUT = 1 << 3,	/* --yaml, --pretty */
	CLI_LIMITS = 1 << 4,	/* --max-input, --max-scalar, ... */
	CLI_LANG = 1 << 5,	/* -l, --lang en|ru */
	CLI_MAP = 1 << 6,	/* -m, --map FILE */
	CLI_DELIM = 1 << 7,	/* -d, --delimiter C */
	CLI_SKIPBAD = 1 << 8,	/* --skip-bad */
	CLI_SHEET = 1 << 9,	/* -s, --sheet NAME/N */
	CLI_THREADS = 1 << 10	/* --threads 1|2 */
};

/* Keys of a tool's own options: a short letter, or from CLI_OWN up for
 * long-only ones. */
enum { CLI_OWN = 256 };

/* One option of the tool's own. */
struct cli_opt {
	const char *name;	/* long name, without "--" */
	int key;		/* short letter, or CLI_OWN + n */
	const char *arg;	/* "FILE", "N", ...; NULL: takes no value */
	const char *help;	/* one line or more ("\n" breaks) */
};

/* The words an own option takes, for shell completion. */
struct cli_words {
	int key;
	const char *const *words;	/* NULL-ended */
};

/* An old spelling that keeps working this release, with a note on
 * stderr: "PROG: note: '-p' is now '--page'". now is a long option
 * (shared or the tool's), with a value for flags ("--to table"). When
 * was is also a shared option (-t, -f, --format), the old meaning
 * takes the values the new one refuses ("-f pdf" is "--to pdf"); a flag
 * given back its would-be value as an operand ("-t answers.csv"). */
struct cli_old {
	const char *was;	/* "-p", "--table", "--diag-format" */
	const char *now;	/* "--page", "--to table", "--format" */
};

/* What a tool declares; main hands it to cli_parse. */
struct cli_tool {
	const char *synopsis;	/* after "usage: PROG "; lines joined by \n */
	const char *about;	/* what the tool does, a few lines */
	unsigned shared;	/* CLI_* */
	const char *const *from;	/* -f values, NULL-ended; first is
					   the default */
	const char *const *to;		/* -t values, NULL-ended; first is
					   the default */
	const struct cli_opt *opts;	/* own options; { NULL } ends */
	const struct cli_old *old;	/* old spellings; { NULL } ends */
	/* An own option: 0, or -1 after cli_bad_value (or another message
	 * through warnx_) for a usage error. */
	int (*option)(void *ctx, int key, const char *arg);
	void *ctx;
	const char *epilog;	/* after the options: exit statuses, man page */
	void (*usage)(FILE *);	/* the tool's usage(), which calls cli_usage */
	const char *operands;	/* file name endings of the operands, for
				   completion: "csv yaml"; NULL: maps */
	const struct cli_words *words;	/* own options' words; { 0 } ends */
};

/* The shared options as given. */
struct cli {
	const char *output;	/* -o; "-" when not given */
	int from;		/* index in tool->from; 0 when not given */
	int to;			/* index in tool->to; 0 when not given */
	int to_given;		/* -t, --yaml or an old spelling set it */
	unsigned wflags;	/* CJM_WRITE_YAML, CJM_WRITE_PRETTY */
	cjm_limits lim;
	const char *lang;	/* "en", "ru", or NULL: the map's */
	const char *map;	/* -m, or NULL */
	char delim;		/* -d: ',' ';' '\t' '|', or 0: sniff */
	int skip_bad;
	const char *sheet;	/* -s, or NULL */
	int threads;		/* --threads: 1, 2, or 0 when not given */
	enum util_diag_format diag;	/* --format */
	int quiet, strict;
};

/* Parse argv by the tool's table into c, calling tool->option for its
 * own options. Returns the index of the first operand; -1 after a usage
 * error was reported (exit 2); -2 when --help or --version was printed
 * (exit 0). cli_exit turns both into the exit status. */
int cli_parse(const struct cli_tool *, struct cli *, int argc, char **argv);
int cli_exit(int parsed);
/* The help text, generated from the table. */
void cli_usage(const struct cli_tool *, FILE *);
/* --list-options: the table for shell completion, a line an option:
 * "-o<TAB>--output<TAB>FILE<TAB>words<TAB>help", and a last line
 * "<TAB><TAB>OPERAND<TAB>endings<TAB>" for the operands. */
void cli_list(const struct cli_tool *, FILE *);

/* arg as one of names (NULL-ended), case-insensitive: its index, or -1
 * after "PROG: --opt: 'arg' is not one of a, b, c". */
int cli_choice(const char *opt, const char *arg, const char *const *names);
/* The one wording of a bad value: "PROG: --opt: 'arg' WHY". Returns -1. */
int cli_bad_value(const char *opt, const char *arg, const char *why);
/* The level diagnostics are printed from: usual, CJM_ERROR with -q, and
 * at most CJM_WARNING with --strict (failing warnings are shown). */
int cli_min_level(const struct cli *, int usual);
/* A reader of maps with the limits and --threads given (NULL: out of
 * memory). */
cjm_reader *cli_reader(const struct cli *, enum cjm_input_format);
/* The name of the -t value chosen (tool->to[c->to]). */
const char *cli_to_name(const struct cli_tool *, const struct cli *);

#endif
