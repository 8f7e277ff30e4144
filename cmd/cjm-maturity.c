/* cjm-maturity.c: score a CX maturity survey and say which maps fit. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cjm_maturity.h"
#include "util.h"

/* What the command line asked for. */
struct opts {
	cjm_maturity_opts score;
	cjm_answers_opts read;
	const char *map, *out, *lang, *org;
	unsigned wflags;
	int table, quiet;
	enum util_diag_format dfmt;
};

static void
usage(FILE *fp)
{
	fprintf(fp,
"usage: %s [options] [FILE ...]\n"
"Score a CX maturity self-assessment (20 statements, answers 1..5 or\n"
"never..always / никогда..всегда) from CSV, YAML or JSON (stdin when no\n"
"FILE or '-'); all FILEs make one survey. Writes a maturity document\n"
"(JSON), or with -m the map with its maturity section.\n"
"  -m, --map FILE         add the result to this map (a stream of maps)\n"
"  -o, --output FILE      write here instead of stdout\n"
"      --yaml             write YAML\n"
"      --pretty           indent the JSON\n"
"  -t, --table            print a readable report instead\n"
"  -l, --lang en|ru       language of names and the report\n"
"                         (default: the map's lang with -m, else en)\n"
"      --thresholds A,B,C,D  lower bounds of stages 2..5\n"
"                         (default 1.8,2.6,3.4,4.2: ours, not a standard)\n"
"      --rule mean|weakest  stage of the overall score (default) or of\n"
"                         the weakest dimension\n"
"      --input-format auto|csv|yaml|json\n"
"  -d, --delimiter C      CSV delimiter: ',' ';' or 'tab' (default: sniff)\n"
"      --organization NAME  name the organization in the result\n"
"      --skip-bad         leave out bad respondents (warning), not fail\n"
"  -q, --quiet            print errors only, not warnings\n"
"      --format text|json|github  how diagnostics are printed\n"
"  -h, --help             this help\n"
"      --version          print the version\n"
"Exit: 0 done, 1 the survey or map has errors (nothing written),\n"
"2 usage or system error. See cjm-maturity(1).\n", progname);
}

enum { O_YAML = 256, O_PRETTY, O_THR, O_RULE, O_INFMT, O_ORG, O_SKIP,
	O_FORMAT, O_VERSION };

static const struct option longopts[] = {
	{ "map", required_argument, NULL, 'm' },
	{ "output", required_argument, NULL, 'o' },
	{ "yaml", no_argument, NULL, O_YAML },
	{ "pretty", no_argument, NULL, O_PRETTY },
	{ "table", no_argument, NULL, 't' },
	{ "lang", required_argument, NULL, 'l' },
	{ "thresholds", required_argument, NULL, O_THR },
	{ "rule", required_argument, NULL, O_RULE },
	{ "input-format", required_argument, NULL, O_INFMT },
	{ "delimiter", required_argument, NULL, 'd' },
	{ "organization", required_argument, NULL, O_ORG },
	{ "skip-bad", no_argument, NULL, O_SKIP },
	{ "quiet", no_argument, NULL, 'q' },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, O_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* A bad option value: say which and how to fix it; exit 2. */
static int
bad_value(const char *opt, const char *val, const char *want)
{
	warnx_("%s '%s': expected %s", opt, val, want);
	fprintf(stderr, "Try '%s --help'.\n", progname);
	return -1;
}

static int
parse_value(struct opts *o, int c, const char *arg)
{
	switch (c) {
	case 'l':
		if (strcmp(arg, "en") != 0 && strcmp(arg, "ru") != 0)
			return bad_value("--lang", arg, "en or ru");
		o->lang = arg;
		return 0;
	case O_THR:
		return cjm_maturity_thresholds_parse(arg, o->score.thresholds) ?
		    bad_value("--thresholds", arg, "four increasing numbers "
		    "inside (1, 5), e.g. 1.8,2.6,3.4,4.2") : 0;
	case O_RULE:
		if (strcmp(arg, "mean") != 0 && strcmp(arg, "weakest") != 0)
			return bad_value("--rule", arg, "mean or weakest");
		o->score.rule = arg[0] == 'w' ? CJM_RULE_WEAKEST : CJM_RULE_MEAN;
		return 0;
	case O_INFMT:
		if (strcmp(arg, "auto") == 0)
			o->read.format = CJM_ANSWERS_AUTO;
		else if (strcmp(arg, "csv") == 0)
			o->read.format = CJM_ANSWERS_CSV;
		else if (strcmp(arg, "yaml") == 0 || strcmp(arg, "json") == 0)
			o->read.format = CJM_ANSWERS_DOC;
		else
			return bad_value("--input-format", arg,
			    "auto, csv, yaml or json");
		return 0;
	case 'd':
		if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0)
			arg = "\t";
		if (strlen(arg) != 1 || strchr(",;\t|", arg[0]) == NULL)
			return bad_value("--delimiter", arg,
			    "',', ';', '|' or 'tab'");
		o->read.delim = arg[0];
		return 0;
	case O_FORMAT:
		if ((c = util_diag_format(arg)) < 0)
			return bad_value("--format", arg, "text, json or github");
		o->dfmt = (enum util_diag_format)c;
		return 0;
	}
	return -1;
}

/* Options into o; returns optind, -1 for a usage error, -2 when help or
 * the version was printed. */
static int
parse_args(struct opts *o, int argc, char **argv)
{
	int c;

	memset(o, 0, sizeof(*o));
	cjm_maturity_opts_default(&o->score);
	while ((c = getopt_long(argc, argv, "m:o:tl:d:qh", longopts, NULL))
	    != -1) {
		switch (c) {
		case 'm': o->map = optarg; break;
		case 'o': o->out = optarg; break;
		case O_YAML: o->wflags |= CJM_WRITE_YAML; break;
		case O_PRETTY: o->wflags |= CJM_WRITE_PRETTY; break;
		case 't': o->table = 1; break;
		case O_ORG: o->org = optarg; break;
		case O_SKIP: o->read.skip_bad = 1; break;
		case 'q': o->quiet = 1; break;
		case 'h': usage(stdout); return -2;
		case O_VERSION: printf("%s %s\n", progname, CJM_VERSION);
			return -2;
		case '?':
			fprintf(stderr, "Try '%s --help'.\n", progname);
			return -1;
		default:
			if (parse_value(o, c, optarg) != 0)
				return -1;
		}
	}
	return optind;
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
	const char *lang = s->o->lang;

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
	cjm_reader *r = cjm_reader_new(NULL, CJM_INPUT_AUTO);
	cjm_pos nopos = { 0, 0, 0 };
	cjm_doc *doc;
	int st, worst = CJM_OK, maps = 0;

	if (r == NULL)
		return CJM_ESYS;
	st = cjm_reader_open_file(r, s->o->map, ds);
	while (st == CJM_OK && (st = cjm_reader_next(r, &doc, ds)) == CJM_OK) {
		int one = map_one(s, doc, survey_ok, outs, ds);

		maps++;
		worst = one > worst ? one : worst;
		cjm_doc_free(doc);
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

	if (util_out_open(&out, o->out ? o->out : "-") != 0)
		return CJM_ESYS;
	json_array_foreach(outs, i, doc) {
		char *text;

		if (!o->table) {
			if (cjm_write_file(doc, o->wflags, out.fp, NULL) != CJM_OK)
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
exit_status(int worst_level, int st)
{
	int e = util_exit_status(worst_level, 0);
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
	int st, ms, worst, minlv = o->quiet ? CJM_ERROR : CJM_WARNING;

	if (a == NULL || outs == NULL) {
		cjm_answers_free(a);
		json_decref(outs);
		warnx_("out of memory");
		return EXIT_USAGE;
	}
	st = read_inputs(o, files, n, a, ds);
	if (o->map != NULL) {
		ms = run_maps(&s, st == CJM_OK, outs, ds);
		st = ms > st ? ms : st;
	} else if (st == CJM_OK && (st = score_in(&s, o->lang ? o->lang :
	    "en", &m, ds)) == CJM_OK)
		json_array_append_new(outs, json_pack("{s:i,s:o}",
		    "cjm_maturity", 1, "maturity", m));
	worst = util_diags_flush(ds, o->dfmt, minlv);
	if (st == CJM_OK && worst < CJM_ERROR)
		st = emit(o, outs);
	ms = util_diags_flush(ds, o->dfmt, minlv);
	json_decref(s.by_lang[0]);
	json_decref(s.by_lang[1]);
	json_decref(outs);
	cjm_answers_free(a);
	return exit_status(ms > worst ? ms : worst, st);
}

/* Is any answers input standard input? */
static int
stdin_answers(char **files, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(files[i], "-") == 0)
			return 1;
	return n == 0;
}

int
main(int argc, char **argv)
{
	struct opts o;
	cjm_diags *ds;
	int first, status;

	util_init(argv[0]);
	util_args(argc, argv);
	if ((first = parse_args(&o, argc, argv)) < 0)
		return first == -2 ? util_close_stdout(EXIT_OK) : EXIT_USAGE;
	if (o.map != NULL && strcmp(o.map, "-") == 0 &&
	    stdin_answers(argv + first, argc - first)) {
		warnx_("the map (-m -) and the answers cannot both be "
		    "standard input; name the answers FILE");
		return EXIT_USAGE;
	}
	if ((ds = cjm_diags_new()) == NULL) {
		warnx_("out of memory");
		return EXIT_USAGE;
	}
	status = run(&o, argv + first, argc - first, ds);
	cjm_diags_free(ds);
	return util_close_stdout(status);
}
