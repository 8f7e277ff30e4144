/* cjm-validate.c: check journey maps against the format; as a filter,
 * pass each valid map on in canonical form. */
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct opts {
	cjm_limits lim;
	enum cjm_input_format in;
	enum util_diag_format fmt;
	cjm_check_opts check;
	int min_level;		/* print diagnostics at this level or worse */
	int strict;
	int print;		/* -1: when the input is standard input */
	unsigned wflags;
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: cjm-validate [options] [FILE...]\n"
	    "Check journey maps (YAML or JSON, streams of them). Reading\n"
	    "standard input, write each valid map to standard output in\n"
	    "canonical form.\n\n"
	    "  -q, --quiet           print errors only\n"
	    "      --strict          warnings fail too (exit 1)\n"
	    "      --format FMT      diagnostics as text, json or github\n"
	    "  -p, --print           write valid maps even with FILE arguments\n"
	    "  -n, --no-print        write nothing to standard output\n"
	    "      --pretty          indented JSON\n"
	    "      --yaml            YAML instead of JSON\n"
	    "      --input-format F  yaml or json (default: by the first byte)\n"
	    "      --max-input SIZE  bytes of one input (default 256M)\n"
	    "      --max-scalar SIZE bytes of one scalar (default 1M)\n"
	    "      --max-depth N     nesting depth (default 64, at most 1000)\n"
	    "      --max-aliases N   YAML alias uses per document (default 1000)\n"
	    "      --no-advice       leave out map-type advice\n"
	    "  -h, --help            this help\n"
	    "      --version         print the version\n");
}

enum { O_STRICT = 256, O_FORMAT, O_PRETTY, O_YAML, O_INFMT, O_MAXIN,
	O_MAXSC, O_MAXDEPTH, O_MAXAL, O_NOADV, O_VERSION };

static const struct option longopts[] = {
	{ "quiet", no_argument, NULL, 'q' },
	{ "strict", no_argument, NULL, O_STRICT },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "print", no_argument, NULL, 'p' },
	{ "no-print", no_argument, NULL, 'n' },
	{ "pretty", no_argument, NULL, O_PRETTY },
	{ "yaml", no_argument, NULL, O_YAML },
	{ "input-format", required_argument, NULL, O_INFMT },
	{ "max-input", required_argument, NULL, O_MAXIN },
	{ "max-scalar", required_argument, NULL, O_MAXSC },
	{ "max-depth", required_argument, NULL, O_MAXDEPTH },
	{ "max-aliases", required_argument, NULL, O_MAXAL },
	{ "no-advice", no_argument, NULL, O_NOADV },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, O_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* A limit: a size (k, M, G suffixes) from min to max; anything else is
 * refused, never clamped. */
static int
limit(const char *name, const char *arg, size_t min, size_t max,
    size_t *out)
{
	size_t v;

	if (util_parse_size(arg, &v) != 0) {
		/* Digits that did not parse overflowed. */
		if (strspn(arg, "0123456789") > 0 && strspn(arg + strspn(arg,
		    "0123456789"), "kKmMgG") == strlen(arg + strspn(arg,
		    "0123456789")))
			warnx_("--%s: %s is too large", name, arg);
		else
			warnx_("--%s: '%s' is not a whole number (k, M or G "
			    "may follow)", name, arg);
		return -1;
	}
	if (v < min || v > max) {
		warnx_("--%s: %s is out of range: it must be at %s %zu", name,
		    arg, v < min ? "least" : "most", v < min ? min : max);
		return -1;
	}
	*out = v;
	return 0;
}

static int
input_format(const char *s, enum cjm_input_format *out)
{
	if (strcmp(s, "yaml") == 0)
		*out = CJM_INPUT_YAML;
	else if (strcmp(s, "json") == 0)
		*out = CJM_INPUT_JSON;
	else if (strcmp(s, "auto") == 0)
		*out = CJM_INPUT_AUTO;
	else {
		warnx_("--input-format: '%s' is not yaml, json or auto", s);
		return -1;
	}
	return 0;
}

/* One option into o; -1 on a usage error. */
static int
option(int ch, const char *arg, struct opts *o)
{
	size_t v;

	switch (ch) {
	case 'q': o->min_level = CJM_ERROR; break;
	case 'p': o->print = 1; break;
	case 'n': o->print = 0; break;
	case O_STRICT: o->strict = 1; break;
	case O_PRETTY: o->wflags |= CJM_WRITE_PRETTY; break;
	case O_YAML: o->wflags |= CJM_WRITE_YAML; break;
	case O_NOADV: o->check.no_advice = 1; break;
	case O_FORMAT:
		if ((ch = util_diag_format(arg)) < 0) {
			warnx_("--format: '%s' is not text, json or github",
			    arg);
			return -1;
		}
		o->fmt = (enum util_diag_format)ch;
		break;
	case O_INFMT: return input_format(arg, &o->in);
	case O_MAXIN: return limit("max-input", arg, 1, SIZE_MAX,
	    &o->lim.max_input);
	case O_MAXSC: return limit("max-scalar", arg, 1, SIZE_MAX,
	    &o->lim.max_scalar);
	case O_MAXAL: return limit("max-aliases", arg, 0, SIZE_MAX,
	    &o->lim.max_aliases);
	case O_MAXDEPTH:
		/* The writer recurses: deeper trees could not be written. */
		if (limit("max-depth", arg, 1, CJM_DEPTH_MAX, &v) != 0)
			return -1;
		o->lim.max_depth = (unsigned)v;
		break;
	default: return -1;
	}
	return 0;
}

/* Options into o; returns optind, or -1 for a usage error, -2 when
 * --help or --version was answered. */
static int
parse_args(int argc, char **argv, struct opts *o)
{
	int ch;

	memset(o, 0, sizeof(*o));
	cjm_limits_default(&o->lim);
	o->print = -1;
	o->fmt = DIAG_TEXT;
	o->min_level = CJM_NOTE;
	while ((ch = getopt_long(argc, argv, "qpnh", longopts, NULL)) != -1) {
		if (ch == 'h') {
			usage(stdout);
			return -2;
		}
		if (ch == O_VERSION) {
			printf("cjm-validate %s\n", CJM_VERSION);
			return -2;
		}
		if (option(ch, optarg, o) != 0) {
			fprintf(stderr, "Try 'cjm-validate --help'.\n");
			return -1;
		}
	}
	/* Failing warnings are shown even with -q. */
	if (o->strict && o->min_level > CJM_WARNING)
		o->min_level = CJM_WARNING;
	if (o->print < 0)
		o->print = optind == argc || (optind + 1 == argc &&
		    strcmp(argv[optind], "-") == 0);
	return optind;
}

static void
move_diags(cjm_diags *from, cjm_diags *to)
{
	size_t i;

	for (i = 0; i < cjm_diags_count(from); i++) {
		const cjm_diag *d = cjm_diags_get(from, i);

		cjm_diags_add(to, d->level, d->code, d->file, d->doc, d->path,
		    d->pos, d->hint, "%s", d->message);
	}
}

/* Check one document, write it when valid; -1 when output failed. */
static int
check_doc(const cjm_doc *doc, const struct opts *o, cjm_diags *ds)
{
	cjm_diags *wds;
	json_t *canon;
	int st;

	st = cjm_map_check(doc, &o->check, ds);
	if (st != CJM_OK || !o->print || (o->strict &&
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
		st = cjm_write_file(canon, o->wflags, stdout, wds);
	/* Each map goes on as soon as it is checked, so the next tool of
	 * a pipeline can start while a long stream is still coming. */
	if (st == CJM_OK && fflush(stdout) != 0)
		st = CJM_ESYS;
	if (st == CJM_EDATA)	/* a map the writer refused: say why */
		move_diags(wds, ds);
	cjm_diags_free(wds);
	json_decref(canon);
	return st == CJM_ESYS ? -1 : 0;
}

static int
worse(int a, int b)
{
	return a > b ? a : b;
}

/* Every document of one input; the worst level seen, or CJM_FATAL + 1
 * when standard output failed and nothing more should be tried. */
static int
check_input(const char *path, const struct opts *o, cjm_diags *ds)
{
	cjm_reader *r = cjm_reader_new(&o->lim, o->in);
	cjm_doc *doc;
	int st, worst = -1, out = 0;

	if (r == NULL) {
		warnx_("out of memory");
		return CJM_FATAL;
	}
	st = cjm_reader_open_file(r, path, ds);
	while (st == CJM_OK && out == 0 &&
	    (st = cjm_reader_next(r, &doc, ds)) == CJM_OK) {
		out = check_doc(doc, o, ds);
		cjm_doc_free(doc);
		worst = worse(worst, util_diags_flush(ds, o->fmt,
		    o->min_level));
	}
	worst = worse(worst, util_diags_flush(ds, o->fmt, o->min_level));
	cjm_reader_free(r);
	return out ? CJM_FATAL + 1 : worst;
}

int
main(int argc, char **argv)
{
	struct opts o;
	cjm_diags *ds;
	int i, worst = -1, first;

	util_init(argv[0]);
	util_args(argc, argv);
	if ((first = parse_args(argc, argv, &o)) < 0)
		return first == -2 ? util_close_stdout(EXIT_OK) : EXIT_USAGE;
	if ((ds = cjm_diags_new()) == NULL) {
		warnx_("out of memory");
		return EXIT_USAGE;
	}
	/* No FILE: standard input, once. */
	for (i = first; i < argc || (i == first && first == argc); i++) {
		int w = check_input(i < argc ? argv[i] : "-", &o, ds);

		if (w > CJM_FATAL) {
			worst = CJM_FATAL;
			break;
		}
		worst = worse(worst, w);
	}
	cjm_diags_free(ds);
	return util_close_stdout(util_exit_status(worst, o.strict));
}
