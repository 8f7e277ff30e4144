/* cjm-funnel.c: where the journey loses its customers: a conversion
 * funnel over a map's stages, from its counts or from an event log. */
#include <sys/stat.h>

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cjm_funnel.h"
#include "cjm_sql.h"

#define MAX_EXCLUDE	16

struct opts {
	struct cli c;
	cjm_funnel_opts f;
	const char *exclude[MAX_EXCLUDE];
	const char *events;
	enum cjm_events_format evfmt;
	int partial, merge;
	/* --sql: the query instead of the map; --sql-result: the map from
	 * the query's result (see from_sql). */
	int sql;
	cjm_sql_spec sqlspec;
	const char *sqlresult;
	const char *setting;	/* the last funnel setting given (--merge) */
};

static const char *const froms[] = { "auto", "yaml", "json", NULL };
static const char *const tos[] = { "json", "yaml", "table", "csv", NULL };
enum { TO_JSON, TO_YAML, TO_TABLE, TO_CSV };

enum { O_EVFMT = CLI_OWN, O_USER, O_EVENT, O_TIME, O_ENTRY, O_ORDER,
	O_COUNT, O_BY, O_TOP, O_EXCL, O_EXMODE, O_SORTED, O_GROWTH, O_PARTIAL,
	O_MERGE, O_TUNIT, O_TFMT, O_SQL, O_SQLTABLE, O_SQLSEQ,
	O_SQLRESULT };

static const struct cli_opt own[] = {
	{ "events", 'e', "FILE", "the event log (- for standard input)" },
	{ "events-format", O_EVFMT, "F", "csv, jsonl, json (one array) or "
	    "auto (by the\nfirst byte: '{' jsonl, '[' json, else csv)" },
	{ "user", O_USER, "COL", "user id column (default user_id)" },
	{ "event", O_EVENT, "COL", "event name column (default event)" },
	{ "time", O_TIME, "COL", "timestamp column (default timestamp)" },
	{ "time-unit", O_TUNIT, "U", "a number in the time column is in s, "
	    "ms, us or ns\n(default auto: plausible s or ms only)" },
	{ "time-format", O_TFMT, "F", "times as strptime writes them: "
	    "'%d.%m.%Y %H:%M'" },
	{ "window", 'w', "DUR", "from the first step to the last: 14d (s, m, "
	    "h, d)" },
	{ "entry", O_ENTRY, "MODE", "latest (default) or first" },
	{ "order", O_ORDER, "MODE", "loose (default), strict or any" },
	{ "count", O_COUNT, "WHAT", "users (default) or totals" },
	{ "by", O_BY, "COL", "break down by the stage-1 event's COL" },
	{ "top", O_TOP, "N", "breakdown values kept (default 10)" },
	{ "exclude", O_EXCL, "EVENT", "an event that spoils the attempt "
	    "(repeatable)" },
	{ "exclude-mode", O_EXMODE, "M", "drop (default) or truncate" },
	{ "sorted", O_SORTED, NULL, "events grouped by user, in time order" },
	{ "allow-growth", O_GROWTH, NULL, "no warning when a count grows "
	    "along the journey" },
	{ "partial", O_PARTIAL, NULL, "write the mergeable state of a shard" },
	{ "merge", O_MERGE, NULL, "combine --partial shards (the SHARD "
	    "files)" },
	{ "sql", O_SQL, "DIALECT", "print the query that computes the funnel "
	    "in\nclickhouse, duckdb or postgres" },
	{ "sql-table", O_SQLTABLE, "NAME", "the query's table of events "
	    "(default events)" },
	{ "sql-seq", O_SQLSEQ, "COL", "the table's column of input order, for "
	    "ties" },
	{ "sql-result", O_SQLRESULT, "FILE", "the query's result (CSV or "
	    "JSON) into the map" },
	{ NULL, 0, NULL, NULL }
};

static const struct cli_old old[] = {
	{ "--table", "--to table" }, { "--csv", "--to csv" }, { NULL, NULL }
};

static const char *const entries[] = { "latest", "first", NULL };
static const char *const orders[] = { "loose", "strict", "any", NULL };
static const char *const counts[] = { "users", "totals", NULL };
static const char *const exmodes[] = { "drop", "truncate", NULL };
static const char *const evfmts[] = { "auto", "csv", "jsonl", "json",
	NULL };
static const char *const tunits[] = { "auto", "s", "ms", "us", "ns", NULL };
static const char *const dialects[] = { "clickhouse", "duckdb", "postgres",
	NULL };

/* A choice option into *out; -1 on a usage error. */
#define CHOICE(opt, names, out) do { \
	int c_ = cli_choice(opt, arg, names); \
	if (c_ < 0) \
		return -1; \
	out = c_; \
} while (0)

static int
number_option(const char *arg, struct opts *o)
{
	size_t v;

	if (util_parse_size(arg, &v) != 0 || v == 0 || v > 1000)
		return cli_bad_value("--top", arg, "is not a number from 1 to "
		    "1000");
	o->f.top = v;
	return 0;
}

static int
window_option(const char *arg, struct opts *o)
{
	int r = cjm_duration_parse(arg, &o->f.window_ms);

	if (r == -1)
		return cli_bad_value("--window", arg, "is not a duration such "
		    "as 14d, 36h, 90m or 45s");
	if (r == -2 || o->f.window_ms > CJM_FUNNEL_MAX_WINDOW)
		return cli_bad_value("--window", arg, "is over the limit of "
		    "49d");
	return 0;
}

static int
tformat_option(const char *arg, struct opts *o)
{
	int st = cjm_time_format_check(arg);

	if (st != 0)
		return cli_bad_value("--time-format", arg, st == -2 ?
		    "reads no part of a time; give the form, such as "
		    "'%d.%m.%Y %H:%M'" : "has a directive cjm-funnel does not "
		    "know; use %Y %y %m %d %e %H %I %p %M %S %f %z %Z %b %B %s "
		    "%T %F %%");
	o->f.time_format = arg;
	return 0;
}

/* Note a funnel setting's option: --merge takes the shards' own, and
 * says so when one is given. */
static void
note_setting(struct opts *o, int ch)
{
	static const struct { int ch; const char *name; } settings[] = {
		{ 'w', "--window" }, { O_ENTRY, "--entry" },
		{ O_ORDER, "--order" }, { O_COUNT, "--count" }, { O_BY, "--by" },
		{ O_TOP, "--top" }, { O_EXCL, "--exclude" },
		{ O_EXMODE, "--exclude-mode" }, { O_TUNIT, "--time-unit" },
		{ O_TFMT, "--time-format" } };
	size_t i;

	for (i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
		if (settings[i].ch == ch)
			o->setting = settings[i].name;
}

/* One option into o; -1 on a usage error. */
static int
option(void *ctx, int ch, const char *arg)
{
	struct opts *o = ctx;

	note_setting(o, ch);
	switch (ch) {
	case 'e': o->events = arg; break;
	case 'w': return window_option(arg, o);
	case O_USER: o->f.user_col = arg; break;
	case O_EVENT: o->f.event_col = arg; break;
	case O_TIME: o->f.time_col = arg; break;
	case O_TUNIT: CHOICE("--time-unit", tunits, o->f.time_unit); break;
	case O_TFMT: return tformat_option(arg, o);
	case O_BY: o->f.by = arg; break;
	case O_TOP: return number_option(arg, o);
	case O_EVFMT: CHOICE("--events-format", evfmts, o->evfmt); break;
	case O_ENTRY: CHOICE("--entry", entries, o->f.entry); break;
	case O_ORDER: CHOICE("--order", orders, o->f.order); break;
	case O_COUNT: CHOICE("--count", counts, o->f.count); break;
	case O_EXMODE: CHOICE("--exclude-mode", exmodes, o->f.exclude_mode);
		break;
	case O_EXCL:
		if (o->f.nexclude == MAX_EXCLUDE)
			return cli_bad_value("--exclude", arg, "is one too "
			    "many: at most 16 events");
		o->exclude[o->f.nexclude++] = arg;
		break;
	case O_SORTED: o->f.sorted = 1; break;
	case O_GROWTH: o->f.allow_growth = 1; break;
	case O_PARTIAL: o->partial = 1; break;
	case O_MERGE: o->merge = 1; break;
	case O_SQL: CHOICE("--sql", dialects, o->sqlspec.dialect);
		o->sql = 1;
		break;
	case O_SQLTABLE: o->sqlspec.table = arg; break;
	case O_SQLSEQ: o->sqlspec.seq = arg; break;
	case O_SQLRESULT: o->sqlresult = arg; break;
	default: return -1;
	}
	return 0;
}

static struct opts opts;
static void usage(FILE *);

static const struct cli_tool tool = {
	.synopsis = "[options] [MAP...]\n-e EVENTS [options] [MAP...]\n"
	    "-m MAP [options] < EVENTS\n--merge [-m MAP] [options] SHARD...",
	.about = "Add a conversion funnel to journey maps (YAML or JSON, "
	    "streams of\nthem; standard input by default): from the stages' "
	    "funnel.count,\nor from an event log (CSV or JSON Lines).",
	.shared = CLI_MAP | CLI_OUTPUT | CLI_FROM | CLI_TO | CLI_MAPOUT |
	    CLI_LANG | CLI_DELIM | CLI_SKIPBAD | CLI_LIMITS | CLI_THREADS,
	.from = froms, .to = tos, .opts = own, .old = old,
	.option = option, .ctx = &opts, .usage = usage,
	.words = (const struct cli_words[]){ { O_EVFMT, evfmts },
	    { O_ENTRY, entries }, { O_ORDER, orders }, { O_COUNT, counts },
	    { O_EXMODE, exmodes }, { O_SQL, dialects },
	    { 0, NULL } },
	.epilog = "Exit: 0 done, 1 a map or the events have errors, 2 usage "
	    "or system\nerror. See cjm-funnel(1).\n",
};

static void
usage(FILE *fp)
{
	cli_usage(&tool, fp);
}

/* --sql and --sql-result read no events: the options of the log's
 * reading are refused, naming them. */
static const char *
sql_conflicts(const struct opts *o)
{
	if (!o->sql && (o->sqlspec.table || o->sqlspec.seq))
		return "--sql-table and --sql-seq go with --sql";
	if (!o->sql && !o->sqlresult)
		return NULL;
	if (o->sql && o->sqlresult)
		return "--sql prints the query, --sql-result reads its result: "
		    "one at a time";
	if (o->events)
		return o->sql ? "--sql reads no events: leave out -e" :
		    "--sql-result reads the query's result, not events: "
		    "leave out -e";
	if (o->merge || o->partial)
		return o->sql ? "--sql does not go with --merge or --partial" :
		    "--sql-result does not go with --merge or --partial";
	if (o->f.sorted || o->c.skip_bad || o->f.threads || o->evfmt ||
	    o->c.delim)
		return o->sql ? "--sql reads no log: --sorted, --skip-bad, "
		    "--threads, --events-format and -d do not apply" :
		    "--sql-result reads no log: --sorted, --skip-bad, "
		    "--threads, --events-format and -d do not apply";
	if (o->sqlresult && (o->f.time_unit || o->f.time_format))
		return "--sql-result reads no times: --time-unit and "
		    "--time-format do not apply";
	if (o->sql && (o->c.to_given || o->c.wflags))
		return "--sql prints a query: --to, --yaml and --pretty do "
		    "not apply";
	return NULL;
}

/* Every input of the run, as main opens them: the map (-m, MAP
 * arguments, or standard input with neither), the events (-e, or
 * standard input after -m), the query's result, the shards. Any two on
 * standard input is a usage error: the first would read it all. */
static void
stdin_inputs(const struct opts *o, int nargs, char *const *args,
    struct util_once *once)
{
	int i, maps = !o->merge && !o->c.map;

	util_stdin_note(once, o->c.map ? o->c.map : o->merge || nargs == 0 ?
	    "-" : NULL, "the map");
	for (i = 0; maps && i < nargs; i++)
		util_stdin_note(once, args[i], nargs == 1 ? "the map" : "a map");
	util_stdin_note(once, o->events ? o->events : o->c.map && !o->merge &&
	    !o->sql && !o->sqlresult ? "-" : NULL, "the events");
	util_stdin_note(once, o->sqlresult, "the query's result");
	for (i = 0; o->merge && i < nargs; i++)
		util_stdin_note(once, args[i], "a shard");
}

/* Options that do not go together; -1 with a message. */
static int
conflicts(const struct opts *o, int nargs, char *const *args)
{
	const char *why = sql_conflicts(o), *map = o->c.map;
	struct util_once once = { NULL, "" };

	stdin_inputs(o, nargs, args, &once);
	if (why != NULL)
		;
	else if (o->partial && o->c.to >= TO_TABLE)
		why = "--partial writes a shard's state, not --to table or csv";
	else if (o->merge && (o->events || o->partial))
		why = "--merge reads shards, not events";
	else if (o->merge && nargs == 0)
		why = "--merge needs SHARD files";
	else if (o->partial && !o->events && !map)
		why = "--partial needs events (-e, or -m with events on "
		    "standard input)";
	else if (o->f.time_format && o->f.time_unit != CJM_TIME_AUTO)
		why = "--time-format and --time-unit exclude each other";
	else if (!o->merge && map && nargs > 0)
		why = o->events ? "-m names the map: no MAP arguments with it" :
		    "-m names the map: no MAP arguments with it (the events "
		    "go with -e FILE)";
	else if (once.why[0] != '\0')
		why = once.why;
	else if (o->f.sorted && o->f.threads == 2)
		why = "--sorted reads on one thread: leave out --threads 2";
	if (why != NULL)
		warnx_("%s", why);
	else if (o->merge && o->setting != NULL)
		warnx_("warning: --merge takes the shards' settings (each "
		    "shard holds them): %s is not used", o->setting);
	return why ? -1 : 0;
}

/* Options into o; returns optind, or -1 for a usage error, -2 when
 * --help or --version was answered. */
static int
parse_args(int argc, char **argv, struct opts *o)
{
	int first;

	cjm_funnel_opts_default(&o->f);
	o->f.exclude = o->exclude;
	if ((first = cli_parse(&tool, &o->c, argc, argv)) < 0)
		return first;
	o->f.skip_bad = o->c.skip_bad;
	o->f.delim = o->c.delim;
	o->f.threads = o->c.threads;
	if (conflicts(o, argc - first, argv + first) != 0) {
		util_try_help();
		return -1;
	}
	if (o->c.map && !o->events && !o->merge && !o->sql && !o->sqlresult)
		o->events = "-";	/* -m MAP < EVENTS */
	if (o->sqlspec.table == NULL)
		o->sqlspec.table = "events";
	return first;
}

/* ------------------------------------------------------------ running */

struct run {
	struct opts *o;
	util_out out;		/* -o, or standard output */
	FILE *ev;		/* the events, seekable */
	const char *evname;
	int evused;		/* read once already */
	const char *mapname;	/* of the map at hand, for diagnostics */
	cjm_reader **shards;
	char **shardnames;
	size_t nshards;
	cjm_diags *ds;
};

/* The events (name as messages give it), seekable so every map of a
 * stream (and the second pass for users out of time order) can read
 * them: a pipe is copied to a temporary file first, unless --sorted.
 * A failure is a fatal diagnostic, as a map's is, so every --format
 * carries it. */
static FILE *
events_open(const char *path, const char *name, int sorted, cjm_diags *ds)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	FILE *tmp;
	char buf[65536];
	size_t n;

	if (fp == NULL) {
		cjm_diags_add(ds, CJM_FATAL, "io", name, 0, NULL, (cjm_pos){ 0,
		    0, 0 }, NULL, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (sorted || fseek(fp, 0, SEEK_CUR) == 0)
		return fp;
	if ((tmp = util_tmpfile()) == NULL) {
		cjm_diags_add(ds, CJM_FATAL, "io", name, 0, NULL, (cjm_pos){ 0,
		    0, 0 }, "set TMPDIR to a folder with room, or give the "
		    "events as a file", "cannot make a temporary file in %s "
		    "(TMPDIR): %s", util_tmpdir(), strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		if (fwrite(buf, 1, n, tmp) != n)
			break;
	if (ferror(fp) || ferror(tmp) || fflush(tmp) != 0) {
		cjm_diags_add(ds, CJM_FATAL, "io", name, 0, NULL, (cjm_pos){ 0,
		    0, 0 }, NULL, "cannot copy to a temporary file: %s",
		    strerror(errno));
		fclose(tmp);
		return NULL;
	}
	rewind(tmp);
	return tmp;
}

/* Why no funnel could be built: the map (an error) or the options. */
static int
no_funnel(cjm_diags *ds)
{
	return cjm_diags_worst(ds) >= CJM_FATAL ? CJM_ESYS : CJM_EDATA;
}

/* Two threads pay off on a big log when the process may use two CPUs;
 * on a small one they only cost (cjm_threads_auto). */
static int
auto_threads(FILE *ev)
{
	struct stat st;

	if (fstat(fileno(ev), &st) != 0 || st.st_size < 0)
		return 1;
	return cjm_threads_auto((size_t)st.st_size);
}

/* The funnel of a canonical map's stages. */
static cjm_funnel *
funnel_for(const json_t *map, const cjm_funnel_opts *fo, cjm_diags *ds)
{
	const json_t *stages = json_object_get(map, "stages");
	size_t n = json_array_size(stages), i;
	const char **ids = calloc(n + 1, sizeof(*ids));
	const char **names = calloc((n + 1) * (CJM_FUNNEL_MAX_NAMES + 1),
	    sizeof(*names));
	const char **np[CJM_FUNNEL_MAX_STAGES];
	size_t nn[CJM_FUNNEL_MAX_STAGES];
	cjm_funnel *f = NULL;

	if (ids != NULL && names != NULL && n <= CJM_FUNNEL_MAX_STAGES) {
		for (i = 0; i < n; i++) {
			const json_t *st = json_array_get(stages, i);

			ids[i] = json_string_value(json_object_get(st, "id"));
			/* One more than the limit, so too many is seen. */
			np[i] = names + i * (CJM_FUNNEL_MAX_NAMES + 1);
			nn[i] = cjm_stage_events(st, np[i],
			    CJM_FUNNEL_MAX_NAMES + 1);
		}
		f = cjm_funnel_new(n, ids, (const char *const *const *)np, nn,
		    fo, ds);
	} else
		cjm_diags_add(ds, CJM_ERROR, "stages", fo->map_name, 0, NULL,
		    (cjm_pos){ 0, 0, 0 }, NULL, "a funnel has at most %d "
		    "stages", CJM_FUNNEL_MAX_STAGES);
	free(ids);
	free(names);
	return f;
}

/* The events into the map's funnel. */
static int
from_events(struct run *r, cjm_funnel *f)
{
	int st;

	if (r->evused && fseek(r->ev, 0, SEEK_SET) != 0) {
		cjm_diags_add(r->ds, CJM_FATAL, "reread", r->evname, 0, NULL,
		    (cjm_pos){ 0, 0, 0 }, "give the events as a file",
		    "--sorted events from a pipe serve one map only");
		return CJM_ESYS;
	}
	r->evused = 1;
	util_reading(r->evname);	/* the log may be mapped */
	st = cjm_funnel_read(f, r->ev, r->evname, r->o->evfmt, r->ds);
	util_reading(NULL);
	return st == CJM_OK ? cjm_funnel_finish(f, r->ds) : st;
}

#define SHARD_HINT "a shard is the JSON that cjm-funnel --partial -m MAP " \
	"-e LOG writes; a map goes to -m"

/* Shard i's next state. A shard that is not JSON at all (a map or a log
 * given where --partial output goes) is one bad-shard error naming the
 * fix, not the parser's syntax error. */
static int
shard_next(struct run *r, size_t i, cjm_doc **doc)
{
	cjm_diags *sd = cjm_diags_new();
	const cjm_diag *d;
	int st;

	if (sd == NULL)
		return CJM_ESYS;
	st = cjm_reader_next(r->shards[i], doc, sd);
	d = cjm_diags_count(sd) > 0 ? cjm_diags_get(sd, 0) : NULL;
	if (st == CJM_EDATA && d != NULL && strcmp(d->code, "syntax") == 0)
		cjm_diags_add(r->ds, CJM_ERROR, "bad-shard", r->shardnames[i],
		    0, NULL, d->pos, SHARD_HINT,
		    "not a cjm-funnel --partial state: not JSON (%s)",
		    d->message);
	else
		cjm_diags_move(sd, r->ds, CJM_NOTE, NULL);
	cjm_diags_free(sd);
	return st;
}

/* The next state of every shard, merged into a funnel for the map; the
 * settings are the shards'. */
static int
from_shards(struct run *r, const json_t *map, cjm_funnel **out)
{
	cjm_funnel_opts fo = r->o->f;
	const char *ex[CJM_FUNNEL_MAX_NAMES];
	cjm_doc **docs = calloc(r->nshards, sizeof(*docs));
	size_t i;
	int st = docs ? CJM_OK : CJM_ESYS;

	for (i = 0; i < r->nshards && st == CJM_OK; i++) {
		st = shard_next(r, i, &docs[i]);
		if (st == CJM_DONE) {
			cjm_diags_add(r->ds, CJM_ERROR, "bad-shard",
			    r->shardnames[i], 0, NULL, (cjm_pos){ 0, 0, 0 },
			    "a shard has one state for each map", "no state "
			    "left for this map");
			st = CJM_EDATA;
		}
	}
	if (st == CJM_OK && cjm_funnel_settings_parse(json_object_get(
	    cjm_doc_root(docs[0]), "settings"), &fo, ex,
	    CJM_FUNNEL_MAX_NAMES) != 0) {
		cjm_diags_add(r->ds, CJM_ERROR, "bad-shard", r->shardnames[0],
		    1, "settings", (cjm_pos){ 0, 0, 0 }, SHARD_HINT,
		    "not a cjm-funnel --partial state%s", json_object_get(
		    cjm_doc_root(docs[0]), "stages") ? " (it is a map)" : "");
		st = CJM_EDATA;
	}
	fo.map_name = r->mapname;
	if (st == CJM_OK && (*out = funnel_for(map, &fo, r->ds)) == NULL)
		st = no_funnel(r->ds);
	for (i = 0; i < r->nshards && st == CJM_OK; i++)
		st = cjm_funnel_merge(*out, cjm_doc_root(docs[i]),
		    r->shardnames[i], r->ds);
	for (i = 0; docs && i < r->nshards; i++)
		cjm_doc_free(docs[i]);
	free(docs);
	return st;
}

/* --sql: the query for the map's funnel; --sql-result: the query's
 * result into a funnel for the map. */
static int
from_sql(struct run *r, const json_t *map, cjm_funnel **out)
{
	char *q;

	r->o->f.map_name = r->mapname;
	if ((*out = funnel_for(map, &r->o->f, r->ds)) == NULL)
		return no_funnel(r->ds);
	if (r->o->sqlresult) {
		if (r->evused && fseek(r->ev, 0, SEEK_SET) != 0)
			return CJM_ESYS;
		r->evused = 1;
		return cjm_funnel_sql_result(*out, r->ev, r->evname, r->ds);
	}
	if ((q = cjm_funnel_sql(*out, &r->o->sqlspec, r->ds)) == NULL) {
		if (cjm_diags_worst(r->ds) < CJM_FATAL)
			warnx_("%s", strerror(ENOMEM));
		return CJM_ESYS;
	}
	fputs(q, r->out.fp);
	free(q);
	return ferror(r->out.fp) ? CJM_ESYS : CJM_OK;
}

/* Write a JSON or YAML document. A write error is said once, at the
 * end, with the output's name (util_out_commit, util_close_stdout); the
 * writer's own nameless account of it is dropped. */
static int
write_doc(struct run *r, const json_t *out, FILE *fp)
{
	cjm_diags *wds = cjm_diags_new();
	int st = wds ? cjm_write_file(out, r->o->c.wflags, fp, wds) : CJM_ESYS;

	if (st == CJM_EDATA)	/* a document the writer refused: why */
		cjm_diags_move(wds, r->ds, CJM_NOTE, NULL);
	cjm_diags_free(wds);
	return st;
}

/* Write the result of one map. */
static int
output(struct run *r, json_t *map, cjm_funnel *f)
{
	FILE *fp = r->out.fp;
	json_t *out;
	char *text;
	int st;

	if (r->o->partial) {
		if ((out = cjm_funnel_partial(f)) == NULL)
			return CJM_ESYS;
		st = write_doc(r, out, fp);
		json_decref(out);
		return st;
	}
	if (r->o->c.to >= TO_TABLE) {
		text = r->o->c.to == TO_TABLE ? cjm_funnel_table(map,
		    r->o->c.lang) : cjm_funnel_csv(map);
		if (text == NULL)
			return CJM_ESYS;
		fputs(text, fp);
		free(text);
		return ferror(fp) ? CJM_ESYS : CJM_OK;
	}
	if ((out = cjm_map_canonical(map)) == NULL)
		return CJM_ESYS;
	st = write_doc(r, out, fp);
	json_decref(out);
	return st;
}

/* One map: check it, compute its funnel, write it. */
static int
one_map(struct run *r, const cjm_doc *doc)
{
	cjm_funnel *f = NULL;
	json_t *map;
	int st;

	r->mapname = cjm_doc_name(doc);
	if ((st = cjm_map_check(doc, NULL, r->ds)) != CJM_OK)
		return st;
	if ((map = cjm_map_canonical(cjm_doc_root(doc))) == NULL)
		return CJM_ESYS;
	if (r->o->merge)
		st = from_shards(r, map, &f);
	else if (r->o->sql || r->o->sqlresult)
		st = from_sql(r, map, &f);
	else if (r->ev != NULL) {
		r->o->f.map_name = r->mapname;
		f = funnel_for(map, &r->o->f, r->ds);
		st = f ? CJM_OK : no_funnel(r->ds);
		if (st == CJM_OK)
			st = from_events(r, f);
	} else
		st = cjm_funnel_counts(map, doc, &r->o->f, r->ds);
	if (st == CJM_OK && f != NULL && !r->o->partial && !r->o->sql)
		st = cjm_funnel_annotate(f, map, doc, r->ds);
	if (st == CJM_OK && !r->o->sql)
		st = output(r, map, f);
	cjm_funnel_free(f);
	json_decref(map);
	return st;
}

static int
worse(int a, int b)
{
	return a > b ? a : b;
}

/* Every map of one input; the worst diagnostic level seen. */
static int
one_input(struct run *r, const char *path)
{
	cjm_reader *rd = cli_reader(&r->o->c, (enum cjm_input_format)r->o->c.from);
	cjm_doc *doc;
	int st, worst = -1;

	if (rd == NULL)
		return CJM_FATAL;
	st = cjm_reader_open_file(rd, path, r->ds);
	while (st == CJM_OK && (st = cjm_reader_next(rd, &doc, r->ds)) ==
	    CJM_OK) {
		st = one_map(r, doc);
		cjm_doc_free(doc);
		if (util_stream_is_log(r->ds))
			st = CJM_DONE;
		worst = worse(worst, util_diags_flush(r->ds, r->o->c.diag,
		    cli_min_level(&r->o->c, CJM_WARNING)));
		if (st == CJM_EDATA)
			st = CJM_OK;	/* on to the next map */
	}
	if (st == CJM_ESYS && cjm_diags_worst(r->ds) < CJM_FATAL)
		worst = CJM_FATAL;	/* e.g. a write error, reported */
	worst = worse(worst, util_diags_flush(r->ds, r->o->c.diag,
	    cli_min_level(&r->o->c, CJM_WARNING)));
	cjm_reader_free(rd);
	return worst;
}

/* Open every shard of --merge; -1 when one cannot be. */
static int
shards_open(struct run *r, char **paths, size_t n)
{
	size_t i;

	r->shards = calloc(n, sizeof(*r->shards));
	r->shardnames = paths;
	if (r->shards == NULL)
		return -1;
	r->nshards = n;
	for (i = 0; i < n; i++) {
		r->shards[i] = cjm_reader_new(NULL, CJM_INPUT_JSON);
		if (r->shards[i] == NULL ||
		    cjm_reader_open_file(r->shards[i], paths[i], r->ds) !=
		    CJM_OK)
			return -1;
	}
	return 0;
}

static void
run_free(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nshards; i++)
		cjm_reader_free(r->shards[i]);
	free(r->shards);
	if (r->ev != NULL && r->ev != stdin)
		fclose(r->ev);
	cjm_diags_free(r->ds);
}

int
main(int argc, char **argv)
{
	struct opts *o = &opts;
	struct run r;
	int first, i, worst = -1;

	util_init(argv[0]);
#ifdef __GLIBC__
	/* Arrays past 128 KiB (records, times vectors) stay mapped, so they
	 * grow by mremap: glibc would raise its mmap threshold as the first
	 * such arrays are freed, and the times vectors then grow by copying
	 * in the heap, old and new both resident. Peak memory, --entry
	 * latest, 100,000 users: 97 -> 88 bytes a customer (measured). */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
	if ((first = parse_args(argc, argv, o)) < 0)
		return cli_exit(first);
	memset(&r, 0, sizeof(r));
	r.o = o;
	if ((r.ds = cjm_diags_new()) == NULL ||
	    util_out_open(&r.out, o->c.output) != 0) {
		cjm_diags_free(r.ds);	/* the output was refused */
		return EXIT_USAGE;
	}
	if (o->merge && shards_open(&r, argv + first, (size_t)(argc - first)))
		worst = CJM_FATAL;
	if (o->events != NULL) {
		r.evname = strcmp(o->events, "-") ? o->events : "<stdin>";
		if ((r.ev = events_open(o->events, r.evname, o->f.sorted,
		    r.ds)) == NULL)
			worst = CJM_FATAL;
		else if (o->f.threads == 0)
			o->f.threads = auto_threads(r.ev);
	} else if (o->sqlresult != NULL) {
		r.evname = strcmp(o->sqlresult, "-") ? o->sqlresult : "<stdin>";
		if ((r.ev = events_open(o->sqlresult, r.evname, 0, r.ds)) ==
		    NULL)
			worst = CJM_FATAL;
	}
	if (worst < CJM_FATAL && (o->c.map || o->merge || first == argc))
		worst = one_input(&r, o->c.map ? o->c.map : "-");
	for (i = first; worst < CJM_FATAL && !o->merge && !o->c.map &&
	    i < argc; i++)
		worst = worse(worst, one_input(&r, argv[i]));
	worst = worse(worst, util_diags_flush(r.ds, o->c.diag,
	    cli_min_level(&o->c, CJM_WARNING)));
	/* Whole or not at all: a run that fails (exit 1 or 2) leaves an
	 * existing -o file as it was; it was replaced by an empty one. */
	if (r.out.fp != NULL && ferror(r.out.fp))
		util_out_commit(&r.out);	/* names the output, once */
	else if (util_exit_status(worst, o->c.strict) != EXIT_OK)
		util_out_abort(&r.out);
	else if (util_out_commit(&r.out) != 0)
		worst = CJM_FATAL;
	run_free(&r);
	return util_close_stdout(util_exit_status(worst, o->c.strict));
}
