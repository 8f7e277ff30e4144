/* cjm-diff.c: what changed in the customer's journey between two maps:
 * a semantic diff, exit status as diff(1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cjm_diff.h"
#include "cli.h"
#include "util.h"

#define FAIL_MAX 64

struct opts {
	struct cli c;
	const char *label[2];
	int nlabel;
	const char *fail[FAIL_MAX];	/* --fail-on classes; none: any */
	size_t nfail;
	char *fail_arg;
	int git;
	cjm_diff_opts dopts;
	util_out out;
};

static const char *const froms[] = { "auto", "yaml", "json", NULL };
static const char *const tos[] = { "text", "json", "map", NULL };

enum { O_FAIL = CLI_OWN, O_GIT };

static const struct cli_opt own[] = {
	{ "fail-on", O_FAIL, "KINDS", "only these kinds of change make exit "
	    "1, comma-\nseparated: emotion-drop, new-pain-high, worse, ...\n"
	    "(default: any change)" },
	{ "label", 'L', "LABEL", "name the old, then the new version in "
	    "reports\n(default: the file names)" },
	{ "git", O_GIT, NULL, "run as git's external diff driver: the seven "
	    "operands\ngit passes; a difference is exit 0" },
	{ NULL, 0, NULL, NULL }
};

/* Every comma-separated class of --fail-on, checked. */
static int
fail_on(struct opts *o, const char *arg)
{
	static const cjm_change probe = { 0 };
	char *s;

	free(o->fail_arg);
	if ((o->fail_arg = strdup(arg)) == NULL)
		return -1;
	o->nfail = 0;
	for (s = strtok(o->fail_arg, ", "); s != NULL; s = strtok(NULL, ", ")) {
		if (cjm_change_is(&probe, s) < 0)
			return cli_bad_value("--fail-on", s, "is not a kind of "
			    "change (see cjm-diff(1)), new-pain-high, worse or "
			    "any");
		if (o->nfail == FAIL_MAX)
			return cli_bad_value("--fail-on", arg, "names too many "
			    "kinds");
		o->fail[o->nfail++] = s;
	}
	return 0;
}

static int
option(void *ctx, int key, const char *arg)
{
	struct opts *o = ctx;

	switch (key) {
	case O_FAIL:
		return fail_on(o, arg);
	case 'L':
		if (o->nlabel == 2)
			return cli_bad_value("--label", arg, "is a third label; "
			    "give one for the old and one for the new map");
		o->label[o->nlabel++] = arg;
		return 0;
	case O_GIT:
		o->git = 1;
		return 0;
	}
	return -1;
}

static struct opts opts;
static void usage(FILE *);

static const struct cli_tool tool = {
	.synopsis = "[options] OLD NEW\n[options] [STREAM]",
	.about = "Compare two journey maps (YAML or JSON, - for standard "
	    "input) and say what\nchanged in the customer's journey, grouped "
	    "by stage. Streams of maps\nare compared map by map; one input "
	    "of two maps (STREAM, default\nstandard input) compares the "
	    "first with the second.",
	.shared = CLI_OUTPUT | CLI_FROM | CLI_TO | CLI_MAPOUT | CLI_LIMITS |
	    CLI_LANG | CLI_THREADS,
	.from = froms, .to = tos, .opts = own,
	.option = option, .ctx = &opts, .usage = usage,
	.epilog = "--format text, json, github or sarif is the form of the "
	    "report; -t map writes\nthe new map with the changes marked, for "
	    "cjm-render.\nExit: 0 no difference, 1 differences, 2 trouble "
	    "(usage, I/O, a broken map).\nSee cjm-diff(1).\n",
};

static void
usage(FILE *fp)
{
	cli_usage(&tool, fp);
}

static int
write_fp(const char *buf, size_t len, void *ctx)
{
	return fwrite(buf, 1, len, ctx) == len ? 0 : -1;
}

/* Does the comparison fail the run (exit 1)? */
static int
differs(const cjm_diff *d, const struct opts *o)
{
	size_t i, k;

	for (i = 0; i < cjm_diff_count(d); i++) {
		if (o->nfail == 0)
			return 1;
		for (k = 0; k < o->nfail; k++)
			if (cjm_change_is(cjm_diff_get(d, i), o->fail[k]) == 1)
				return 1;
	}
	return 0;
}

/* The report, or the marked map, of one pair; CJM_ESYS when writing
 * failed. */
static int
emit(cjm_diff *d, const struct opts *o, cjm_diags *ds)
{
	static const enum cjm_diff_form forms[] = { CJM_DIFF_TEXT,
		CJM_DIFF_JSON, CJM_DIFF_GITHUB, CJM_DIFF_SARIF };
	const char *to = cli_to_name(&tool, &o->c);
	json_t *map;
	int st;

	if (strcmp(to, "map") == 0) {
		if ((map = cjm_diff_map(d)) == NULL)
			return CJM_ESYS;
		st = cjm_write_file(map, o->c.wflags, o->out.fp, ds);
		json_decref(map);
		return st;
	}
	if (o->c.quiet)
		return CJM_OK;
	return cjm_diff_write(d, strcmp(to, "json") == 0 ? CJM_DIFF_JSON :
	    forms[o->c.diag], o->c.lang, write_fp, o->out.fp);
}

/* Compare one pair of maps and write the result: 0 same, 1 differs, 2
 * trouble. */
static int
pair(cjm_diff *d, const cjm_doc *a, const cjm_doc *b, struct opts *o,
    cjm_diags *ds)
{
	if (cjm_diff_maps(d, a, b, ds) != CJM_OK)
		return 2;
	if (emit(d, o, ds) != CJM_OK) {
		util_exit_if_epipe();
		return 2;
	}
	return differs(d, o);
}

/* A side that git gives as /dev/null: a map added or deleted. */
static int
git_whole(const char *path, int added)
{
	printf("%s %s: %s\n", added ? "+++" : "---", path, added ?
	    "new map" : "map removed");
	return 0;
}

/* Streams of different lengths: short ended after n maps, long did not.
 * Only streams of as many maps can pair up. */
static void
uneven(cjm_reader *shorter, cjm_reader *longer, int n, cjm_diags *ds)
{
	cjm_pos none = { 0, 0, 0 };

	cjm_diags_add(ds, CJM_FATAL, "diff-streams", cjm_reader_name(shorter),
	    0, NULL, none, "give both inputs as many maps, or compare the "
	    "maps one by one", "%s has %s than %s: %d map%s, and more in the "
	    "other; streams are compared map by map",
	    cjm_reader_name(shorter), n == 0 ? "no map" : "fewer maps",
	    cjm_reader_name(longer), n, n == 1 ? "" : "s");
}

/* Compare the maps of two inputs pair by pair. Returns 2 for trouble,
 * 1 when a pair differs, 0 when none does. */
static int
compare(const char *pa, const char *pb, struct opts *o, cjm_diags *ds)
{
	cjm_reader *r[2] = { cli_reader(&o->c, (enum cjm_input_format)
	    o->c.from), cli_reader(&o->c, (enum cjm_input_format)o->c.from) };
	cjm_diff *d = cjm_diff_new(&o->dopts);
	cjm_doc *doc[2] = { NULL, NULL };
	int st[2], res = 0, n = 0;

	if (r[0] == NULL || r[1] == NULL || d == NULL ||
	    cjm_diff_labels(d, o->label[0] ? o->label[0] : strcmp(pa, "-") ?
	    pa : "<stdin>", o->label[1] ? o->label[1] : strcmp(pb, "-") ? pb :
	    "<stdin>") != CJM_OK) {
		warnx_("out of memory");
		res = 2;
		goto out;
	}
	/* git gives an added or deleted file as /dev/null. */
	if (o->git && (strcmp(pa, "/dev/null") == 0 || strcmp(pb,
	    "/dev/null") == 0)) {
		res = git_whole(strcmp(pa, "/dev/null") == 0 ? o->label[1] :
		    o->label[0], strcmp(pa, "/dev/null") == 0);
		goto out;
	}
	if (cjm_reader_open_file(r[0], pa, ds) != CJM_OK ||
	    cjm_reader_open_file(r[1], pb, ds) != CJM_OK) {
		res = 2;
		goto out;
	}
	for (;; n++) {
		st[0] = cjm_reader_next(r[0], &doc[0], ds);
		st[1] = cjm_reader_next(r[1], &doc[1], ds);
		if (st[0] == CJM_DONE && st[1] == CJM_DONE && n > 0)
			break;
		if (st[0] == CJM_DONE || st[1] == CJM_DONE) {
			uneven(r[st[0] != CJM_DONE], r[st[0] == CJM_DONE], n,
			    ds);
			res = 2;
			break;
		}
		if (st[0] != CJM_OK || st[1] != CJM_OK) {
			res = 2;
			break;
		}
		st[0] = pair(d, doc[0], doc[1], o, ds);
		res = st[0] > res ? st[0] : res;
		cjm_doc_free(doc[0]);
		cjm_doc_free(doc[1]);
		doc[0] = doc[1] = NULL;
		if (res == 2)
			break;
	}
out:
	cjm_doc_free(doc[0]);
	cjm_doc_free(doc[1]);
	cjm_reader_free(r[0]);
	cjm_reader_free(r[1]);
	cjm_diff_free(d);
	return res;
}

/* One input holding exactly two maps: the old, then the new. */
static int
compare_stream(const char *path, struct opts *o, cjm_diags *ds)
{
	cjm_reader *r = cli_reader(&o->c, (enum cjm_input_format)o->c.from);
	cjm_diff *d = cjm_diff_new(&o->dopts);
	cjm_doc *doc[3] = { NULL, NULL, NULL };
	cjm_pos none = { 0, 0, 0 };
	int res = 2, n = 0, st = CJM_OK;
	char la[4096], lb[4096];

	if (r == NULL || d == NULL) {
		warnx_("out of memory");
		goto out;
	}
	if (cjm_reader_open_file(r, path, ds) != CJM_OK)
		goto out;
	while (n < 3 && (st = cjm_reader_next(r, &doc[n], ds)) == CJM_OK)
		n++;
	if (st != CJM_OK && st != CJM_DONE)
		goto out;
	if (n != 2) {
		cjm_diags_add(ds, CJM_FATAL, "diff-streams",
		    cjm_reader_name(r), 0, NULL, none, "give two maps, OLD "
		    "and NEW, or one input of exactly two", "%s has %s map%s; "
		    "with one input cjm-diff compares its first map with its "
		    "second", cjm_reader_name(r), n < 3 ? (n ? "one" : "no") :
		    "more than two", n == 1 ? "" : "s");
		goto out;
	}
	snprintf(la, sizeof(la), "%s#1", cjm_reader_name(r));
	snprintf(lb, sizeof(lb), "%s#2", cjm_reader_name(r));
	if (cjm_diff_labels(d, o->label[0] ? o->label[0] : la,
	    o->label[1] ? o->label[1] : lb) == CJM_OK)
		res = pair(d, doc[0], doc[1], o, ds);
out:
	cjm_doc_free(doc[0]);
	cjm_doc_free(doc[1]);
	cjm_doc_free(doc[2]);
	cjm_reader_free(r);
	cjm_diff_free(d);
	return res;
}

/* The operands: OLD NEW, or git's seven (path old-file old-hex
 * old-mode new-file new-hex new-mode). Returns 0, or -1 (reported). */
static int
operands(int argc, char **argv, int first, struct opts *o, const char **pa,
    const char **pb)
{
	static char la[4096], lb[4096];
	struct util_once once = { NULL, "" };
	int n = argc - first;

	if (o->git) {
		if (n != 7 && n != 9) {
			warnx_("--git: git passes 7 operands (path, then old "
			    "and new file, hash, mode), not %d; see "
			    "cjm-diff(1), GIT", n);
			return -1;
		}
		*pa = argv[first + 1];
		*pb = argv[first + 4];
		snprintf(la, sizeof(la), "a/%s", argv[first]);
		snprintf(lb, sizeof(lb), "b/%s", n == 9 ? argv[first + 7] :
		    argv[first]);
		o->label[0] = o->label[0] ? o->label[0] : la;
		o->label[1] = o->label[1] ? o->label[1] : lb;
		return 0;
	}
	if (n > 2) {
		warnx_("extra operand: give two maps, OLD and NEW (%d given)",
		    n);
		util_try_help();
		return -1;
	}
	/* One input (or standard input): a stream of the two maps. */
	*pa = n > 0 ? argv[first] : "-";
	*pb = n > 1 ? argv[first + 1] : NULL;
	if (*pb == NULL)
		return 0;
	/* Worded as every tool words two inputs on standard input. */
	util_stdin_note(&once, *pa, "OLD");
	if (util_stdin_note(&once, *pb, "NEW")) {
		warnx_("%s", once.why);
		util_try_help();
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct opts *o = &opts;
	const char *pa, *pb;
	cjm_diags *ds;
	int first, res;

	util_init(argv[0]);
	if ((first = cli_parse(&tool, &o->c, argc, argv)) < 0)
		return cli_exit(first);
	o->dopts.strict = o->c.strict;
	/* --yaml is about maps: alone it asks for the marked map. */
	if ((o->c.wflags & CJM_WRITE_YAML) && !o->c.to_given)
		o->c.to = 2;
	if (operands(argc, argv, first, o, &pa, &pb) != 0)
		return EXIT_USAGE;
	if ((ds = cjm_diags_new()) == NULL || util_out_open(&o->out,
	    o->c.output) != 0) {
		cjm_diags_free(ds);
		return EXIT_USAGE;
	}
	res = pb ? compare(pa, pb, o, ds) : compare_stream(pa, o, ds);
	util_diags_flush(ds, o->c.diag, cli_min_level(&o->c, CJM_ERROR));
	cjm_diags_free(ds);
	if (res == 2)
		util_out_abort(&o->out);
	else if (util_out_commit(&o->out) != 0)
		res = 2;
	free(o->fail_arg);
	if (o->git && res == 1)
		res = 0;	/* git stops at an external diff's non-zero */
	return util_close_stdout(res);
}
