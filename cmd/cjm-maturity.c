/* cjm-maturity.c: score a CX maturity survey and say which maps fit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cjm_maturity.h"
#include "cli.h"

/* What the command line asked for. */
struct opts {
	struct cli c;
	cjm_maturity_opts score;
	cjm_answers_opts read;
	const char *org;
	int table;
};

static const char *const froms[] = { "auto", "csv", "yaml", "json", NULL };
static const char *const tos[] = { "json", "yaml", "table", NULL };

enum { O_THR = CLI_OWN, O_RULE, O_ORG };

static const struct cli_opt own[] = {
	{ "thresholds", O_THR, "A,B,C,D", "lower bounds of stages 2..5 "
	    "(default\n1.8,2.6,3.4,4.2: ours, not a standard)" },
	{ "rule", O_RULE, "RULE", "mean (default): the stage of the overall "
	    "score;\nweakest: of the weakest dimension" },
	{ "organization", O_ORG, "NAME", "name the organization in the "
	    "result" },
	{ NULL, 0, NULL, NULL }
};

static const struct cli_old old[] = {
	{ "-t", "--to table" },
	{ "--table", "--to table" },
	{ NULL, NULL }
};

static const char *const rules[] = { "mean", "weakest", NULL };

static int
option(void *ctx, int key, const char *arg)
{
	struct opts *o = ctx;
	int i;

	switch (key) {
	case O_THR:
		if (cjm_maturity_thresholds_parse(arg, o->score.thresholds))
			return cli_bad_value("--thresholds", arg, "is not four "
			    "increasing numbers inside (1, 5), e.g. "
			    "1.8,2.6,3.4,4.2");
		return 0;
	case O_RULE:
		if ((i = cli_choice("--rule", arg, rules)) < 0)
			return -1;
		o->score.rule = i ? CJM_RULE_WEAKEST : CJM_RULE_MEAN;
		return 0;
	case O_ORG: o->org = arg; return 0;
	}
	return -1;
}

static struct opts opts;
static void usage(FILE *);

static const struct cli_tool tool = {
	.synopsis = "[options] [FILE ...]",
	.about = "Score a CX maturity self-assessment (20 statements, answers "
	    "1..5 or\nnever..always / никогда..всегда) from CSV, YAML or JSON "
	    "(stdin when no\nFILE or '-'); all FILEs make one survey. Writes "
	    "a maturity document\n(JSON), or with -m the map with its "
	    "maturity section.",
	.shared = CLI_MAP | CLI_OUTPUT | CLI_FROM | CLI_TO | CLI_MAPOUT |
	    CLI_LANG | CLI_DELIM | CLI_SKIPBAD | CLI_LIMITS | CLI_THREADS,
	.from = froms, .to = tos, .opts = own, .old = old,
	.option = option, .ctx = &opts, .usage = usage,
	.operands = "csv tsv yaml yml json",
	.words = (const struct cli_words[]){ { O_RULE, rules }, { 0, NULL } },
	.epilog = "Exit: 0 done, 1 the survey or map has errors (nothing "
	    "written),\n2 usage or system error. See cjm-maturity(1).\n",
};

static void
usage(FILE *fp)
{
	cli_usage(&tool, fp);
}

/* Options into o; returns optind, or what cli_parse says. */
static int
parse_args(struct opts *o, int argc, char **argv)
{
	static const enum cjm_answers_format forms[] = { CJM_ANSWERS_AUTO,
	    CJM_ANSWERS_CSV, CJM_ANSWERS_DOC, CJM_ANSWERS_DOC };
	int first;

	cjm_maturity_opts_default(&o->score);
	if ((first = cli_parse(&tool, &o->c, argc, argv)) < 0)
		return first;
	o->read.format = forms[o->c.from];
	o->read.delim = o->c.delim;
	o->read.skip_bad = o->c.skip_bad;
	o->table = strcmp(cli_to_name(&tool, &o->c), "table") == 0;
	return first;
}

/* Every input into one survey; the worst status. */
static int
read_inputs(const struct opts *o, char **files, int n, cjm_answers *a,
    cjm_diags *ds)
{
	static char *dash[] = { "-" };
	cjm_pos nopos = { 0, 0, 0 };
	int i, st, worst = CJM_OK;

	if (n == 0) {
		files = dash;
		n = 1;
	}
	for (i = 0; i < n; i++) {
		int std = strcmp(files[i], "-") == 0;
		FILE *fp = std ? stdin : fopen(files[i], "rb");

		if (fp == NULL) {
			cjm_diags_add(ds, CJM_FATAL, "io", files[i], 0, "",
			    nopos, NULL, "cannot open: %s", strerror(errno));
			worst = CJM_ESYS;
			continue;
		}
		st = cjm_answers_read_file(a, fp, std ? "<stdin>" : files[i],
		    NULL, &o->read, ds);
		if (!std)
			fclose(fp);
		worst = st > worst ? st : worst;
	}
	if (worst == CJM_OK && o->org != NULL &&
	    cjm_answers_set_organization(a, o->org) != CJM_OK)
		worst = CJM_ESYS;
	return worst;
}

/* The survey scored once per language, so a stream of maps in two
 * languages reports the survey's warnings once. */
struct scored {
	const cjm_answers *a;
	const struct opts *o;
	json_t *by_lang[2];	/* en, ru */
	int done;
};

static int
score_in(struct scored *s, const char *lang, json_t **out, cjm_diags *ds)
{
	cjm_maturity_opts so = s->o->score;
	int ru = strcmp(lang, "ru") == 0, st = CJM_OK;
	cjm_diags *scratch = NULL;

	if (s->by_lang[ru] == NULL) {
		so.lang = lang;
		if (s->done)
			ds = scratch = cjm_diags_new();
		st = cjm_maturity_score(s->a, &so, &s->by_lang[ru], ds);
		s->done = 1;
		cjm_diags_free(scratch);
	}
	*out = s->by_lang[ru] ? json_deep_copy(s->by_lang[ru]) : NULL;
	return st;
}

/* Say it here too when the map's type does not fit the stage: that is
 * what cjm-validate will warn about. */
static void
warn_fit(const cjm_doc *doc, const json_t *m, cjm_diags *ds)
{
	const json_t *root = cjm_doc_root(doc);
	const char *type = json_string_value(json_object_get(root, "type"));
	int level = (int)json_integer_value(json_object_get(m, "level"));
	char msg[256], hint[160];
	cjm_pos p;

	if (cjm_maturity_fit_check(type, level, msg, sizeof(msg), hint,
	    sizeof(hint)))
		return;
	cjm_doc_pos(doc, root, "type", 0, &p, NULL);
	cjm_diags_add(ds, CJM_WARNING, "type-maturity", cjm_doc_name(doc),
	    cjm_doc_index(doc), "type", p, hint, "%s", msg);
}

/* Check one map and add the survey's result to it. */
static int
map_one(struct scored *s, cjm_doc *doc, int survey_ok, json_t *outs,
    cjm_diags *ds)
{
	json_t *root = cjm_doc_root(doc), *m, *canon;
	const char *lang = s->o->c.lang;

	/* The section is ours to replace: an old one is not checked. */
	if (json_is_object(root))
		json_object_del(root, "maturity");
	if (cjm_map_check(doc, NULL, ds) != CJM_OK)
		return CJM_EDATA;
	if (!survey_ok)
		return CJM_OK;
	if (lang == NULL)
		lang = cjm_maturity_lang(json_string_value(json_object_get(root,
		    "lang")));
	if (score_in(s, lang, &m, ds) != CJM_OK)
		return CJM_EDATA;
	warn_fit(doc, m, ds);
	json_object_set_new(root, "maturity", m);
	if ((canon = cjm_map_canonical(root)) == NULL)
		return CJM_ESYS;
	json_array_append_new(outs, canon);
	return CJM_OK;
}

static int
run_maps(struct scored *s, int survey_ok, json_t *outs, cjm_diags *ds)
{
	cjm_reader *r = cli_reader(&s->o->c, CJM_INPUT_AUTO);
	cjm_pos nopos = { 0, 0, 0 };
	cjm_doc *doc;
	int st, worst = CJM_OK, maps = 0;

	if (r == NULL)
		return CJM_ESYS;
	st = cjm_reader_open_file(r, s->o->c.map, ds);
	while (st == CJM_OK && (st = cjm_reader_next(r, &doc, ds)) == CJM_OK) {
		int one = map_one(s, doc, survey_ok, outs, ds);

		maps++;
		worst = one > worst ? one : worst;
		cjm_doc_free(doc);
		if (util_stream_is_log(ds))
			break;
	}
	if (st == CJM_DONE && maps == 0) {
		cjm_diags_add(ds, CJM_ERROR, "empty", cjm_reader_name(r), 0, "",
		    nopos, NULL, "no map in the input");
		st = CJM_EDATA;
	}
	cjm_reader_free(r);
	return st != CJM_DONE && st > worst ? st : worst;
}

/* Write the documents, or their reports with --table. A write error on
 * standard output is left to util_close_stdout, which says it once. */
static int
emit(const struct opts *o, const json_t *outs)
{
	util_out out;
	const json_t *doc;
	size_t i;
	int st = CJM_OK;

	if (util_out_open(&out, o->c.output) != 0)
		return CJM_ESYS;
	json_array_foreach(outs, i, doc) {
		char *text;

		if (!o->table) {
			if (cjm_write_file(doc, o->c.wflags, out.fp, NULL) != CJM_OK)
				st = CJM_ESYS;
			continue;
		}
		if ((text = cjm_maturity_table(json_object_get(doc,
		    "maturity"), NULL)) == NULL) {
			warnx_("out of memory");
			st = CJM_ESYS;
			continue;
		}
		fprintf(out.fp, "%s%s", i > 0 ? "\n" : "", text);
		free(text);
	}
	if (out.fp == stdout)
		return st;
	if (st != CJM_OK) {
		util_out_fail(&out);
		return st;
	}
	return util_out_commit(&out) == 0 ? CJM_OK : CJM_ESYS;
}

/* The exit status: the worst of the diagnostics and the statuses. */
static int
exit_status(int worst_level, int st, int strict)
{
	int e = util_exit_status(worst_level, strict);
	int f = st == CJM_ESYS ? EXIT_USAGE : st == CJM_EDATA ? EXIT_DATA :
	    EXIT_OK;

	return e > f ? e : f;
}

/* Read the survey, score it (alone or into maps), write the result
 * only when no error was found anywhere. */
static int
run(const struct opts *o, char **files, int n, cjm_diags *ds)
{
	cjm_answers *a = cjm_answers_new();
	json_t *outs = json_array(), *m;
	struct scored s = { a, o, { NULL, NULL }, 0 };
	int st, ms, worst, minlv = cli_min_level(&o->c, CJM_WARNING);

	if (a == NULL || outs == NULL) {
		cjm_answers_free(a);
		json_decref(outs);
		warnx_("out of memory");
		return EXIT_USAGE;
	}
	st = read_inputs(o, files, n, a, ds);
	if (o->c.map != NULL) {
		ms = run_maps(&s, st == CJM_OK, outs, ds);
		st = ms > st ? ms : st;
	} else if (st == CJM_OK && (st = score_in(&s, o->c.lang ? o->c.lang :
	    "en", &m, ds)) == CJM_OK)
		json_array_append_new(outs, json_pack("{s:i,s:o}",
		    "cjm_maturity", 1, "maturity", m));
	worst = util_diags_flush(ds, o->c.diag, minlv);
	/* With --strict a warning fails, and fails before writing. */
	if (st == CJM_OK && util_exit_status(worst, o->c.strict) == EXIT_OK)
		st = emit(o, outs);
	ms = util_diags_flush(ds, o->c.diag, minlv);
	json_decref(s.by_lang[0]);
	json_decref(s.by_lang[1]);
	json_decref(outs);
	cjm_answers_free(a);
	return exit_status(ms > worst ? ms : worst, st, o->c.strict);
}

/* The map (-m) and the answers (FILE arguments, or standard input
 * with none): two on standard input is a usage error, as the first
 * would read it all. -1 after the message, else 0. */
static int
stdin_once(const struct opts *o, char **files, int n)
{
	struct util_once once = { NULL, "" };
	int i;

	util_stdin_note(&once, o->c.map, "the map");
	util_stdin_note(&once, n == 0 ? "-" : NULL, "the answers");
	for (i = 0; i < n; i++)
		util_stdin_note(&once, files[i], n == 1 ? "the answers" :
		    "an answers file");
	if (once.why[0] == '\0')
		return 0;
	warnx_("%s", once.why);
	util_try_help();
	return -1;
}

int
main(int argc, char **argv)
{
	struct opts *o = &opts;
	cjm_diags *ds;
	int first, status;

	util_init(argv[0]);
	if ((first = parse_args(o, argc, argv)) < 0 ||
	    stdin_once(o, argv + first, argc - first) != 0)
		return cli_exit(first < 0 ? first : -1);
	if ((ds = cjm_diags_new()) == NULL) {
		warnx_("out of memory");
		return EXIT_USAGE;
	}
	status = run(o, argv + first, argc - first, ds);
	cjm_diags_free(ds);
	return util_close_stdout(status);
}
