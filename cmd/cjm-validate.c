/* cjm-validate.c: check journey maps against the format; as a filter,
 * pass each valid map on in canonical form. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#include "cli.h"

struct opts {
	struct cli c;
	cjm_check_opts check;
	int min_level;		/* print diagnostics at this level or worse */
	int print;		/* -1: when the input is standard input */
	int schema;		/* --schema: write it, read nothing */
	util_out out;		/* -o, or standard output */
};

static const char *const froms[] = { "auto", "yaml", "json", NULL };
static const char *const tos[] = { "json", "yaml", NULL };

enum { O_NOADV = CLI_OWN, O_SCHEMA };

static const struct cli_opt own[] = {
	{ "print", 'p', NULL, "write valid maps even with FILE arguments" },
	{ "no-print", 'n', NULL, "write nothing to standard output" },
	{ "no-advice", O_NOADV, NULL, "leave out map-type advice" },
	{ "schema", O_SCHEMA, NULL, "write the format's JSON Schema (2020-12) "
	    "and exit" },
	{ NULL, 0, NULL, NULL }
};

static int
option(void *ctx, int key, const char *arg)
{
	struct opts *o = ctx;

	(void)arg;
	switch (key) {
	case 'p': o->print = 1; break;
	case 'n': o->print = 0; break;
	case O_NOADV: o->check.no_advice = 1; break;
	case O_SCHEMA: o->schema = 1; break;
	default: return -1;
	}
	return 0;
}

static struct opts opts = { .print = -1 };
static void usage(FILE *);

static const struct cli_tool tool = {
	.synopsis = "[options] [FILE...]",
	.about = "Check journey maps (*.cjm.yaml, *.cjm.json; streams of "
	    "them). Reading\nstandard input, write each valid map to "
	    "standard output in\ncanonical form.",
	.shared = CLI_OUTPUT | CLI_FROM | CLI_TO | CLI_MAPOUT | CLI_LIMITS |
	    CLI_THREADS,
	.from = froms, .to = tos, .opts = own,
	.option = option, .ctx = &opts, .usage = usage,
	.epilog = "Exit: 0 valid, 1 a map has errors (or warnings with "
	    "--strict),\n2 usage or system error. See cjm-validate(1).\n",
};

static void
usage(FILE *fp)
{
	cli_usage(&tool, fp);
}

/* Options into o; returns optind, or what cli_parse says. */
static int
parse_args(int argc, char **argv, struct opts *o)
{
	int first = cli_parse(&tool, &o->c, argc, argv);

	if (first < 0)
		return first;
	o->min_level = cli_min_level(&o->c, CJM_NOTE);
	if (o->print < 0)
		o->print = first == argc || (first + 1 == argc &&
		    strcmp(argv[first], "-") == 0) || o->c.output[0] != '-' ||
		    o->c.output[1] != '\0';
	return first;
}

/* Check one document, write it when valid; -1 when output failed. */
static int
check_doc(const cjm_doc *doc, const struct opts *o, cjm_diags *ds)
{
	cjm_diags *wds;
	json_t *canon;
	int st;

	st = cjm_map_check(doc, &o->check, ds);
	if (st != CJM_OK || !o->print || (o->c.strict &&
	    cjm_diags_count_level(ds, CJM_WARNING) > 0))
		return 0;
	if ((canon = cjm_map_canonical(cjm_doc_root(doc))) == NULL) {
		cjm_pos none = { 0, 0, 0 };

		cjm_diags_add(ds, CJM_FATAL, "nomem", cjm_doc_name(doc),
		    cjm_doc_index(doc), NULL, none, NULL, "out of memory");
		return -1;
	}
	/* A write error is reported once, by util_close_stdout, as for
	 * every tool; the writer's own account of it is dropped. */
	if ((wds = cjm_diags_new()) == NULL)
		st = CJM_ESYS;
	else
		st = cjm_write_file(canon, o->c.wflags, o->out.fp, wds);
	/* Each map goes on as soon as it is checked, so the next tool of
	 * a pipeline can start while a long stream is still coming. */
	if (st == CJM_OK && fflush(o->out.fp) != 0)
		st = CJM_ESYS;
	if (st == CJM_EDATA)	/* a map the writer refused: say why */
		cjm_diags_move(wds, ds, CJM_NOTE, NULL);
	cjm_diags_free(wds);
	json_decref(canon);
	return st == CJM_ESYS ? -1 : 0;
}

/*
 * The tree of the last map is not freed: the process ends, and freeing a
 * big map's nodes one by one was 4% of the instructions on a 1000-stage
 * map (issue 16). Under AddressSanitizer it is freed, so LeakSanitizer
 * still sees every other leak.
 */
#if defined(__SANITIZE_ADDRESS__)
#define FREE_LAST 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FREE_LAST 1
#endif
#endif
#ifndef FREE_LAST
#define FREE_LAST 0
#endif

static int
worse(int a, int b)
{
	return a > b ? a : b;
}

/* Every document of one input; the worst level seen, or CJM_FATAL + 1
 * when standard output failed and nothing more should be tried. */
static int
check_input(const char *path, const struct opts *o, cjm_diags *ds, int last)
{
	cjm_reader *r = cli_reader(&o->c, (enum cjm_input_format)o->c.from);
	cjm_doc *doc, *prev = NULL;
	int st, worst = -1, out = 0;

	if (r == NULL) {
		warnx_("out of memory");
		return CJM_FATAL;
	}
	st = cjm_reader_open_file(r, path, ds);
	while (st == CJM_OK && out == 0 &&
	    (st = cjm_reader_next(r, &doc, ds)) == CJM_OK) {
		out = check_doc(doc, o, ds);
		st = util_stream_is_log(ds) ? CJM_DONE : st;
		/* Kept until the next is read: the last one of the last
		 * input is never freed (FREE_LAST). */
		cjm_doc_free(prev);
		prev = doc;
		worst = worse(worst, util_diags_flush(ds, o->c.diag,
		    o->min_level));
	}
	worst = worse(worst, util_diags_flush(ds, o->c.diag, o->min_level));
	if (!last || FREE_LAST)
		cjm_doc_free(prev);
	cjm_reader_free(r);
	return out ? CJM_FATAL + 1 : worst;
}

/* --schema: the JSON Schema editors use, made from the checker's tables. */
static int
write_schema(struct opts *o)
{
	json_t *s = cjm_map_schema();
	int st = s && util_out_open(&o->out, o->c.output) == 0 ? 0 : -1;

	if (st == 0 && (json_dumpf(s, o->out.fp, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER) != 0 || fputc('\n', o->out.fp) == EOF ||
	    util_out_commit(&o->out) != 0))
		st = -1;
	json_decref(s);
	return util_close_stdout(st == 0 ? EXIT_OK : EXIT_USAGE);
}

int
main(int argc, char **argv)
{
	struct opts *o = &opts;
	cjm_diags *ds;
	int i, worst = -1, first, out_failed = 0;

	util_init(argv[0]);
	heap_init();
	if ((first = parse_args(argc, argv, o)) < 0 ||
	    util_args_stdin_once(argv + first, argc - first, "a map") != 0)
		return cli_exit(first < 0 ? first : -1);
	if (o->schema)
		return write_schema(o);
	if ((ds = cjm_diags_new()) == NULL || util_out_open(&o->out,
	    o->c.output) != 0) {
		cjm_diags_free(ds);
		return EXIT_USAGE;
	}
	/* No FILE: standard input, once. */
	for (i = first; i < argc || (i == first && first == argc); i++) {
		int w = check_input(i < argc ? argv[i] : "-", o, ds,
		    i + 1 >= argc);

		if (w > CJM_FATAL) {
			worst = CJM_FATAL;
			out_failed = 1;
			break;
		}
		worst = worse(worst, w);
	}
	cjm_diags_free(ds);
	if (out_failed)		/* says once what failed: the output's name
				 * and why (util_close_stdout for stdout) */
		util_out_commit(&o->out);
	else if (util_exit_status(worst, o->c.strict) != EXIT_OK)
		util_out_abort(&o->out);	/* whole or not at all */
	else if (util_out_commit(&o->out) != 0)
		worst = CJM_FATAL;
	return util_close_stdout(util_exit_status(worst, o->c.strict));
}
