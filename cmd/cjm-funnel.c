/* cjm-funnel.c: where the journey loses its customers: a conversion
 * funnel over a map's stages, from its counts or from an event log. */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "cjm_funnel.h"

#define MAX_EXCLUDE	16

struct opts {
	cjm_funnel_opts f;
	const char *exclude[MAX_EXCLUDE];
	const char *events, *map;
	enum cjm_events_format evfmt;
	enum util_diag_format fmt;
	unsigned wflags;
	int partial, merge, table, csv, strict;
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: cjm-funnel [options] [MAP...]\n"
	    "       cjm-funnel -e EVENTS [options] [MAP...]\n"
	    "       cjm-funnel -m MAP [options] < EVENTS\n"
	    "       cjm-funnel --merge [-m MAP] [options] SHARD...\n"
	    "Add a conversion funnel to journey maps (YAML or JSON, streams of\n"
	    "them; standard input by default): from the stages' funnel.count,\n"
	    "or from an event log (CSV or JSON Lines). See cjm-funnel(1).\n\n"
	    "  -e, --events FILE     the event log (- for standard input)\n"
	    "  -m, --map FILE        the map, when the events are on standard input\n"
	    "      --events-format F csv, jsonl, json (one array) or auto (by the\n"
	    "                        first byte: '{' jsonl, '[' json, else csv)\n"
	    "      --user COL        user id column (default user_id)\n"
	    "      --event COL       event name column (default event)\n"
	    "      --time COL        timestamp column (default timestamp)\n"
	    "      --time-unit U     a number in the time column is in s, ms, us\n"
	    "                        or ns (default auto: plausible s or ms)\n"
	    "      --time-format F   times as strptime writes them: '%%d.%%m.%%Y %%H:%%M'\n"
	    "  -w, --window DUR      from the first step to the last: 14d (s, m, h, d)\n"
	    "      --entry MODE      latest (default) or first\n"
	    "      --order MODE      loose (default), strict or any\n"
	    "      --count WHAT      users (default) or totals\n"
	    "      --by COL          break down by the stage-1 event's COL\n"
	    "      --top N           breakdown values kept (default 10)\n"
	    "      --exclude EVENT   an event that spoils the attempt (repeatable)\n"
	    "      --exclude-mode M  drop (default) or truncate\n"
	    "      --skip-bad        skip and count bad rows instead of failing\n"
	    "      --sorted          events grouped by user, in time order\n"
	    "      --threads N       1, or 2: parse on a second thread (default:\n"
	    "                        2 for a log file over 8 MiB on 2+ cores)\n"
	    "      --allow-growth    no warning when a count grows along the journey\n"
	    "      --partial         write the mergeable state of a shard\n"
	    "      --merge           combine --partial shards (the SHARD files)\n"
	    "      --table           a table for people\n"
	    "      --csv             the table as CSV\n"
	    "      --yaml            the map as YAML (default JSON)\n"
	    "      --pretty          indented JSON\n"
	    "      --format FMT      diagnostics as text, json or github\n"
	    "      --strict          warnings fail (exit 1): a stage whose events\n"
	    "                        never occur, a count that grows, ...\n"
	    "  -h, --help            this help\n"
	    "      --version         print the version\n");
}

enum { O_EVFMT = 256, O_USER, O_EVENT, O_TIME, O_ENTRY, O_ORDER, O_COUNT,
	O_BY, O_TOP, O_EXCL, O_EXMODE, O_SKIP, O_SORTED, O_GROWTH, O_PARTIAL,
	O_MERGE, O_TABLE, O_CSV, O_YAML, O_PRETTY, O_FORMAT, O_VERSION,
	O_THREADS, O_TUNIT, O_TFMT, O_STRICT };

static const struct option longopts[] = {
	{ "events", required_argument, NULL, 'e' },
	{ "map", required_argument, NULL, 'm' },
	{ "events-format", required_argument, NULL, O_EVFMT },
	{ "user", required_argument, NULL, O_USER },
	{ "event", required_argument, NULL, O_EVENT },
	{ "time", required_argument, NULL, O_TIME },
	{ "time-unit", required_argument, NULL, O_TUNIT },
	{ "time-format", required_argument, NULL, O_TFMT },
	{ "window", required_argument, NULL, 'w' },
	{ "entry", required_argument, NULL, O_ENTRY },
	{ "order", required_argument, NULL, O_ORDER },
	{ "count", required_argument, NULL, O_COUNT },
	{ "by", required_argument, NULL, O_BY },
	{ "top", required_argument, NULL, O_TOP },
	{ "exclude", required_argument, NULL, O_EXCL },
	{ "exclude-mode", required_argument, NULL, O_EXMODE },
	{ "skip-bad", no_argument, NULL, O_SKIP },
	{ "sorted", no_argument, NULL, O_SORTED },
	{ "threads", required_argument, NULL, O_THREADS },
	{ "allow-growth", no_argument, NULL, O_GROWTH },
	{ "partial", no_argument, NULL, O_PARTIAL },
	{ "merge", no_argument, NULL, O_MERGE },
	{ "table", no_argument, NULL, O_TABLE },
	{ "csv", no_argument, NULL, O_CSV },
	{ "yaml", no_argument, NULL, O_YAML },
	{ "pretty", no_argument, NULL, O_PRETTY },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "strict", no_argument, NULL, O_STRICT },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, O_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* arg as one of names (its index), or -1 with a message naming them
 * all. */
static int
choice(const char *opt, const char *arg, const char *const *names, int n)
{
	char list[256] = "";
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(arg, names[i]) == 0)
			return i;
	for (i = 0; i < n; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
		    "%s%s", i == 0 ? "" : i == n - 1 ? " or " : ", ",
		    names[i]);
	warnx_("--%s: '%s' is not %s", opt, arg, list);
	return -1;
}

static const char *const entries[] = { "latest", "first" };
static const char *const orders[] = { "loose", "strict", "any" };
static const char *const counts[] = { "users", "totals" };
static const char *const exmodes[] = { "drop", "truncate" };
static const char *const evfmts[] = { "auto", "csv", "jsonl", "json" };
static const char *const tunits[] = { "auto", "s", "ms", "us", "ns" };

/* A choice option into *out; -1 on a usage error. */
#define CHOICE(opt, names, out) do { \
	int c_ = choice(opt, arg, names, sizeof(names) / sizeof(names[0])); \
	if (c_ < 0) \
		return -1; \
	out = c_; \
} while (0)

static int
number_option(const char *arg, struct opts *o)
{
	size_t v;

	if (util_parse_size(arg, &v) != 0 || v == 0 || v > 1000) {
		warnx_("--top: '%s' is not a number from 1 to 1000", arg);
		return -1;
	}
	o->f.top = v;
	return 0;
}

static int
window_option(const char *arg, struct opts *o)
{
	int r = cjm_duration_parse(arg, &o->f.window_ms);

	if (r == -1) {
		warnx_("--window: '%s' is not a duration such as 14d, 36h, "
		    "90m or 45s", arg);
		return -1;
	}
	if (r == -2 || o->f.window_ms > CJM_FUNNEL_MAX_WINDOW) {
		warnx_("--window: %s is over the limit of 49d", arg);
		return -1;
	}
	return 0;
}

/* One option into o; -1 on a usage error. */
static int
option(int ch, const char *arg, struct opts *o)
{
	int v;

	switch (ch) {
	case 'e': o->events = arg; break;
	case 'm': o->map = arg; break;
	case 'w': return window_option(arg, o);
	case O_USER: o->f.user_col = arg; break;
	case O_EVENT: o->f.event_col = arg; break;
	case O_TIME: o->f.time_col = arg; break;
	case O_TUNIT: CHOICE("time-unit", tunits, o->f.time_unit); break;
	case O_TFMT:
		if (cjm_time_format_check(arg) != 0) {
			warnx_("--time-format: '%s' has a directive cjm-funnel "
			    "does not know; use %%Y %%y %%m %%d %%e %%H %%I "
			    "%%p %%M %%S %%f %%z %%Z %%b %%B %%s %%T %%F %%%%",
			    arg);
			return -1;
		}
		o->f.time_format = arg;
		break;
	case O_BY: o->f.by = arg; break;
	case O_TOP: return number_option(arg, o);
	case O_EVFMT: CHOICE("events-format", evfmts, o->evfmt); break;
	case O_ENTRY: CHOICE("entry", entries, o->f.entry); break;
	case O_ORDER: CHOICE("order", orders, o->f.order); break;
	case O_COUNT: CHOICE("count", counts, o->f.count); break;
	case O_EXMODE: CHOICE("exclude-mode", exmodes, o->f.exclude_mode);
		break;
	case O_EXCL:
		if (o->f.nexclude == MAX_EXCLUDE) {
			warnx_("--exclude: at most %d events", MAX_EXCLUDE);
			return -1;
		}
		o->exclude[o->f.nexclude++] = arg;
		break;
	case O_SKIP: o->f.skip_bad = 1; break;
	case O_STRICT: o->strict = 1; break;
	case O_SORTED: o->f.sorted = 1; break;
	case O_THREADS:
		if (strcmp(arg, "1") != 0 && strcmp(arg, "2") != 0) {
			warnx_("--threads: '%s' is not 1 or 2", arg);
			return -1;
		}
		o->f.threads = arg[0] - '0';
		break;
	case O_GROWTH: o->f.allow_growth = 1; break;
	case O_PARTIAL: o->partial = 1; break;
	case O_MERGE: o->merge = 1; break;
	case O_TABLE: o->table = 1; break;
	case O_CSV: o->csv = 1; break;
	case O_YAML: o->wflags |= CJM_WRITE_YAML; break;
	case O_PRETTY: o->wflags |= CJM_WRITE_PRETTY; break;
	case O_FORMAT:
		if ((v = util_diag_format(arg)) < 0) {
			warnx_("--format: '%s' is not text, json or github",
			    arg);
			return -1;
		}
		o->fmt = (enum util_diag_format)v;
		break;
	default: return -1;
	}
	return 0;
}

/* Options that do not go together; -1 with a message. */
static int
conflicts(const struct opts *o, int nargs)
{
	const char *why = NULL;

	if (o->table + o->csv + o->partial > 1)
		why = "--table, --csv and --partial exclude each other";
	else if (o->merge && (o->events || o->partial))
		why = "--merge reads shards, not events";
	else if (o->merge && nargs == 0)
		why = "--merge needs SHARD files";
	else if (o->partial && !o->events && !o->map)
		why = "--partial needs events (-e, or -m with events on "
		    "standard input)";
	else if (o->f.time_format && o->f.time_unit != CJM_TIME_AUTO)
		why = "--time-format and --time-unit exclude each other";
	else if (o->map && o->events && strcmp(o->events, "-") == 0)
		why = "-m with -e -: give the events a file, or leave out -e";
	else if (!o->merge && o->map && nargs > 0)
		why = "-m names the map: no MAP arguments with it";
	else if (o->events && strcmp(o->events, "-") == 0 && nargs == 0)
		why = "the map and the events cannot both be standard input";
	if (why != NULL)
		warnx_("%s", why);
	return why ? -1 : 0;
}

/* Options into o; returns optind, or -1 for a usage error, -2 when
 * --help or --version was answered. */
static int
parse_args(int argc, char **argv, struct opts *o)
{
	int ch;

	memset(o, 0, sizeof(*o));
	cjm_funnel_opts_default(&o->f);
	o->f.exclude = o->exclude;
	o->fmt = DIAG_TEXT;
	while ((ch = getopt_long(argc, argv, "e:m:w:h", longopts, NULL)) !=
	    -1) {
		if (ch == 'h') {
			usage(stdout);
			return -2;
		}
		if (ch == O_VERSION) {
			printf("cjm-funnel %s\n", CJM_VERSION);
			return -2;
		}
		if (option(ch, optarg, o) != 0)
			goto bad;
	}
	if (conflicts(o, argc - optind) == 0) {
		if (o->map && !o->events && !o->merge)
			o->events = "-";	/* -m MAP < EVENTS */
		return optind;
	}
bad:
	fprintf(stderr, "Try 'cjm-funnel --help'.\n");
	return -1;
}

/* ---------------------------------------------------------- the table */

/* Columns of a terminal a UTF-8 string takes (one per code point). */
static int
width(const char *s)
{
	int w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

/* Seconds as people read them: 45s, 5m 30s, 2h 05m, 3d 4h. */
static void
human_time(const json_t *v, char *buf, size_t cap)
{
	double s = json_number_value(v);
	long n = (long)(s + 0.5);

	if (!json_is_number(v))
		snprintf(buf, cap, "-");
	else if (s < 10)
		snprintf(buf, cap, "%.1fs", s);
	else if (n < 60)
		snprintf(buf, cap, "%lds", n);
	else if (n < 3600)
		snprintf(buf, cap, "%ldm %02lds", n / 60, n % 60);
	else if (n < 86400)
		snprintf(buf, cap, "%ldh %02ldm", n / 3600, n % 3600 / 60);
	else
		snprintf(buf, cap, "%ldd %ldh", n / 86400, n % 86400 / 3600);
}

/* A number of the funnel section, or "-" for null. */
static void
num(const json_t *v, char *buf, size_t cap)
{
	if (json_is_integer(v))
		snprintf(buf, cap, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, cap, "%.2f", json_real_value(v));
	else
		snprintf(buf, cap, "-");
}

static void
table_row(const json_t *st, int w)
{
	const json_t *fu = json_object_get(st, "funnel");
	const char *name = json_string_value(json_object_get(st, "name"));
	char c[32], pp[32], ps[32], d[32], dp[32], drop[72], t[32];

	num(json_object_get(fu, "count"), c, sizeof(c));
	num(json_object_get(fu, "pct_previous"), pp, sizeof(pp));
	num(json_object_get(fu, "pct_start"), ps, sizeof(ps));
	num(json_object_get(fu, "dropped"), d, sizeof(d));
	num(json_object_get(fu, "drop_pct"), dp, sizeof(dp));
	if (json_is_null(json_object_get(fu, "dropped")))
		snprintf(drop, sizeof(drop), "-");
	else
		snprintf(drop, sizeof(drop), "%s (%s%%)", d, dp);
	human_time(json_object_get(json_object_get(fu, "time"), "median"), t,
	    sizeof(t));
	printf("%s%*s  %10s  %7s  %7s  %18s  %11s\n", name ? name : "",
	    w - width(name ? name : ""), "", c, pp, ps, drop, t);
}

/* With --by: a row per value under the table. */
static void
print_breakdown(const json_t *sum)
{
	const json_t *rows = json_object_get(sum, "breakdown"), *r;
	const char *by = json_string_value(json_object_get(json_object_get(
	    sum, "settings"), "by"));
	char pct[32];
	size_t i;
	int w = 5;

	if (!json_is_array(rows) || by == NULL)
		return;
	json_array_foreach(rows, i, r) {
		const char *v = json_string_value(json_object_get(r, "value"));

		if (v && width(v) > w)
			w = width(v);
	}
	printf("by %s:\n%-*s  %10s  %10s  %7s\n", by, w, "value", "entered",
	    "converted", "%");
	json_array_foreach(rows, i, r) {
		const char *v = json_string_value(json_object_get(r, "value"));

		num(json_object_get(r, "pct"), pct, sizeof(pct));
		printf("%s%*s  %10" JSON_INTEGER_FORMAT "  %10" JSON_INTEGER_FORMAT
		    "  %7s\n", v, w - width(v), "", json_integer_value(
		    json_object_get(r, "entered")), json_integer_value(
		    json_object_get(r, "converted")), pct);
	}
}

static void
print_table(const json_t *map)
{
	const json_t *stages = json_object_get(map, "stages"), *st;
	const json_t *sum = json_object_get(map, "funnel");
	const json_t *bl = json_object_get(sum, "biggest_loss");
	char pct[32];
	size_t i;
	int w = 5;

	json_array_foreach(stages, i, st) {
		const char *n = json_string_value(json_object_get(st, "name"));

		if (n && width(n) > w)
			w = width(n);
	}
	printf("%s\n%-*s  %10s  %7s  %7s  %18s  %11s\n",
	    json_string_value(json_object_get(map, "title")), w, "stage",
	    "customers", "% prev", "% start", "drop-off", "median time");
	json_array_foreach(stages, i, st)
		table_row(st, w);
	num(json_object_get(sum, "pct"), pct, sizeof(pct));
	printf("converted %" JSON_INTEGER_FORMAT " of %" JSON_INTEGER_FORMAT
	    " (%s%%)", json_integer_value(json_object_get(sum, "converted")),
	    json_integer_value(json_object_get(sum, "entered")), pct);
	if (json_is_object(bl))
		printf("\nbiggest loss: %s (%" JSON_INTEGER_FORMAT " customers)"
		    " by count, %s (%.2f%%) by rate", json_string_value(json_object_get(
		    json_object_get(bl, "count"), "stage")), json_integer_value(
		    json_object_get(json_object_get(bl, "count"), "dropped")),
		    json_string_value(json_object_get(json_object_get(bl,
		    "rate"), "stage")), json_number_value(json_object_get(
		    json_object_get(bl, "rate"), "drop_pct")));
	printf("\n");
	print_breakdown(sum);
}

/* A CSV field: quoted when it has to be. */
static void
csv_field(const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

static void
print_csv(const json_t *map)
{
	static const char *const keys[] = { "count", "pct_previous",
	    "pct_start", "dropped", "drop_pct" };
	static const char *const tk[] = { "median", "p90", "mean" };
	const json_t *st;
	size_t i, k;
	char buf[32];

	printf("stage,name,customers,pct_previous,pct_start,dropped,drop_pct,"
	    "median_s,p90_s,mean_s\n");
	json_array_foreach(json_object_get(map, "stages"), i, st) {
		const json_t *fu = json_object_get(st, "funnel");
		const json_t *t = json_object_get(fu, "time");

		csv_field(json_string_value(json_object_get(st, "id")));
		putchar(',');
		csv_field(json_string_value(json_object_get(st, "name")));
		for (k = 0; k < 5; k++) {
			num(json_object_get(fu, keys[k]), buf, sizeof(buf));
			printf(",%s", strcmp(buf, "-") ? buf : "");
		}
		for (k = 0; k < 3; k++) {
			const json_t *v = json_object_get(t, tk[k]);

			if (json_is_number(v))
				printf(",%.3f", json_number_value(v));
			else
				printf(",");
		}
		putchar('\n');
	}
}

/* ------------------------------------------------------------ running */

struct run {
	struct opts *o;
	FILE *ev;		/* the events, seekable */
	const char *evname;
	int evused;		/* read once already */
	const char *mapname;	/* of the map at hand, for diagnostics */
	cjm_reader **shards;
	char **shardnames;
	size_t nshards;
	cjm_diags *ds;
};

/* The events, seekable so every map of a stream (and the second pass
 * for users out of time order) can read them: a pipe is copied to a
 * temporary file first, unless --sorted. */
static FILE *
events_open(const char *path, int sorted)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	FILE *tmp;
	char buf[65536];
	size_t n;

	if (fp == NULL) {
		warnx_("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (sorted || fseek(fp, 0, SEEK_CUR) == 0)
		return fp;
	if ((tmp = tmpfile()) == NULL) {
		warnx_("temporary file: %s", strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		if (fwrite(buf, 1, n, tmp) != n)
			break;
	if (ferror(fp) || ferror(tmp) || fflush(tmp) != 0) {
		warnx_("%s: cannot copy to a temporary file: %s", path,
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

/* Two threads pay off on a big log when two cores are online; on a
 * small one they only cost. */
static int
auto_threads(FILE *ev)
{
	struct stat st;

	if (fstat(fileno(ev), &st) != 0 || st.st_size < (8 << 20) ||
	    sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return 1;
	return 2;
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
	st = cjm_funnel_read(f, r->ev, r->evname, r->o->evfmt, r->ds);
	return st == CJM_OK ? cjm_funnel_finish(f, r->ds) : st;
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
		st = cjm_reader_next(r->shards[i], &docs[i], r->ds);
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
		    1, "settings", (cjm_pos){ 0, 0, 0 }, NULL,
		    "not a cjm-funnel --partial state");
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

/* Write the result of one map. */
static int
output(struct run *r, json_t *map, cjm_funnel *f)
{
	json_t *out;
	int st;

	if (r->o->partial) {
		if ((out = cjm_funnel_partial(f)) == NULL)
			return CJM_ESYS;
		st = cjm_write_file(out, r->o->wflags, stdout, r->ds);
		json_decref(out);
		return st;
	}
	if (r->o->table)
		print_table(map);
	else if (r->o->csv)
		print_csv(map);
	if (r->o->table || r->o->csv)
		return ferror(stdout) ? CJM_ESYS : CJM_OK;
	if ((out = cjm_map_canonical(map)) == NULL)
		return CJM_ESYS;
	st = cjm_write_file(out, r->o->wflags, stdout, r->ds);
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
	else if (r->ev != NULL) {
		r->o->f.map_name = r->mapname;
		f = funnel_for(map, &r->o->f, r->ds);
		st = f ? CJM_OK : no_funnel(r->ds);
		if (st == CJM_OK)
			st = from_events(r, f);
	} else
		st = cjm_funnel_counts(map, doc, &r->o->f, r->ds);
	if (st == CJM_OK && f != NULL && !r->o->partial)
		st = cjm_funnel_annotate(f, map, doc, r->ds);
	if (st == CJM_OK)
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
	cjm_reader *rd = cjm_reader_new(NULL, CJM_INPUT_AUTO);
	cjm_doc *doc;
	int st, worst = -1;

	if (rd == NULL)
		return CJM_FATAL;
	st = cjm_reader_open_file(rd, path, r->ds);
	while (st == CJM_OK && (st = cjm_reader_next(rd, &doc, r->ds)) ==
	    CJM_OK) {
		st = one_map(r, doc);
		cjm_doc_free(doc);
		worst = worse(worst, util_diags_flush(r->ds, r->o->fmt,
		    CJM_WARNING));
		if (st == CJM_EDATA)
			st = CJM_OK;	/* on to the next map */
	}
	if (st == CJM_ESYS && cjm_diags_worst(r->ds) < CJM_FATAL)
		worst = CJM_FATAL;	/* e.g. a write error, reported */
	worst = worse(worst, util_diags_flush(r->ds, r->o->fmt, CJM_WARNING));
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
	struct opts o;
	struct run r;
	int first, i, worst = -1;

	util_init(argv[0]);
	if ((first = parse_args(argc, argv, &o)) < 0)
		return first == -2 ? util_close_stdout(EXIT_OK) : EXIT_USAGE;
	memset(&r, 0, sizeof(r));
	r.o = &o;
	if ((r.ds = cjm_diags_new()) == NULL)
		return EXIT_USAGE;
	if (o.merge && shards_open(&r, argv + first, (size_t)(argc - first)))
		worst = CJM_FATAL;
	if (o.events != NULL) {
		r.evname = strcmp(o.events, "-") ? o.events : "<stdin>";
		if ((r.ev = events_open(o.events, o.f.sorted)) == NULL)
			worst = CJM_FATAL;
		else if (o.f.threads == 0)
			o.f.threads = auto_threads(r.ev);
	}
	if (worst < CJM_FATAL && (o.map || o.merge || first == argc))
		worst = one_input(&r, o.map ? o.map : "-");
	for (i = first; worst < CJM_FATAL && !o.merge && !o.map && i < argc;
	    i++)
		worst = worse(worst, one_input(&r, argv[i]));
	worst = worse(worst, util_diags_flush(r.ds, o.fmt, CJM_WARNING));
	run_free(&r);
	return util_close_stdout(util_exit_status(worst, o.strict));
}
