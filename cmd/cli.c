/* cli.c: the one option grammar of the cjm tools: a table of the shared
 * options (cjm(7)), parsed with getopt_long beside each tool's own, with
 * one wording for usage errors and notes for old spellings. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

/* Keys of the shared options; old long spellings are K_OLD + index. */
enum { K_OUTPUT = 0x1000, K_FROM, K_INFMT, K_TO, K_YAML, K_PRETTY, K_MAXIN,
	K_MAXSC, K_MAXDEPTH, K_MAXAL, K_LANG, K_MAP, K_DELIM, K_SKIP, K_SHEET,
	K_THREADS, K_FORMAT, K_QUIET, K_STRICT, K_HELP, K_VERSION, K_LIST,
	K_OLD = 0x2000 };

/* A shared option; bit 0 means every tool has it. */
struct shared {
	unsigned bit;
	const char *name;
	int letter;
	int key;
	const char *arg;
	const char *help;	/* NULL: made from the tool's values */
};

static const struct shared shared[] = {
	{ CLI_MAP, "map", 'm', K_MAP, "FILE", "the journey map (YAML or JSON)" },
	{ CLI_OUTPUT, "output", 'o', K_OUTPUT, "FILE", "write here (- is "
	    "standard output, the default);\nwritten whole or not at all" },
	{ CLI_FROM, "from", 'f', K_FROM, "FMT", NULL },
	{ CLI_FROM, "input-format", 0, K_INFMT, "FMT", "the same as --from" },
	{ CLI_TO, "to", 't', K_TO, "FMT", NULL },
	{ CLI_MAPOUT, "yaml", 0, K_YAML, NULL, "maps as YAML (--to yaml)" },
	{ CLI_MAPOUT, "pretty", 0, K_PRETTY, NULL, "indented JSON" },
	{ CLI_LANG, "lang", 'l', K_LANG, "LANG", "en or ru: the language of "
	    "added words, tables,\nnumbers (default: the map's lang, else en)" },
	{ CLI_DELIM, "delimiter", 'd', K_DELIM, "C", "CSV delimiter: , ; | "
	    "or tab (default: sniffed)" },
	{ CLI_SHEET, "sheet", 's', K_SHEET, "NAME", "XLSX sheet, by name or "
	    "number (default: the first)" },
	{ CLI_SKIPBAD, "skip-bad", 0, K_SKIP, NULL, "bad rows or respondents "
	    "become warnings, not errors" },
	{ CLI_LIMITS, "max-input", 0, K_MAXIN, "SIZE", "bytes of one input "
	    "(default 256M; k, M, G)" },
	{ CLI_LIMITS, "max-scalar", 0, K_MAXSC, "SIZE", "bytes of one scalar "
	    "(default 1M)" },
	{ CLI_LIMITS, "max-depth", 0, K_MAXDEPTH, "N", "nesting depth "
	    "(default 64, at most 1000)" },
	{ CLI_LIMITS, "max-aliases", 0, K_MAXAL, "N", "YAML alias uses per "
	    "document (default 1000)" },
	{ CLI_THREADS, "threads", 0, K_THREADS, "N", "1 or 2 (default: 2 for "
	    "an input file over 8 MiB\nwhen the process may use two CPUs)" },
	{ 0, "format", 0, K_FORMAT, "FMT", "diagnostics as text (default), "
	    "json, github or sarif" },
	{ 0, "quiet", 'q', K_QUIET, NULL, "print errors only" },
	{ 0, "strict", 0, K_STRICT, NULL, "warnings fail too (exit 1)" },
	{ 0, "help", 'h', K_HELP, NULL, "this help" },
	{ 0, "version", 0, K_VERSION, NULL, "print the version" },
	/* For shell completion, not in --help (cjm(7)). */
	{ 0, "list-options", 0, K_LIST, NULL, NULL },
};
#define NSHARED (sizeof(shared) / sizeof(shared[0]))

static const char *const diag_names[] = { "text", "json", "github", "sarif",
	NULL };
static const char *const langs[] = { "en", "ru", NULL };
static const char *const nthreads[] = { "1", "2", NULL };
static const char *const delims[] = { ",", ";", "|", "tab", NULL };

/* The state of one cli_parse call. */
struct parse {
	const struct cli_tool *t;
	struct cli *c;
	char **argv;
	struct option lo[96];
	int nlo;
	char optstring[128];
	int letter_key[128];	/* short letter -> key */
	/* The old spellings' notes, said once --format is known: inside
	 * a SARIF log, not before it. */
	char notes[1024];
	size_t nnotes;		/* bytes used */
};

/* An old spelling's note, kept for say_notes (printed now if there is
 * no room: a note is never lost). */
static void
keep_note(struct parse *p, const char *was, const char *arg, const char *now)
{
	char line[256];
	size_t n;

	if (arg != NULL)
		snprintf(line, sizeof(line), "note: '%s %s' is now '%s %s'",
		    was, arg, now, arg);
	else
		snprintf(line, sizeof(line), "note: '%s' is now '%s'", was,
		    now);
	n = strlen(line) + 1;
	if (p->nnotes + n > sizeof(p->notes)) {
		warnx_("%s", line);
		return;
	}
	memcpy(p->notes + p->nnotes, line, n);
	p->nnotes += n;
}

static void
say_notes(const struct parse *p)
{
	size_t i;

	for (i = 0; i < p->nnotes; i += strlen(p->notes + i) + 1)
		warnx_("%s", p->notes + i);
}

static int
has(const struct parse *p, const struct shared *s)
{
	return s->bit == 0 || (p->t->shared & s->bit);
}

int
cli_bad_value(const char *opt, const char *arg, const char *why)
{
	warnx_("%s: '%s' %s", opt, arg, why);
	return -1;
}

/* "a, b, c" into buf. */
static void
join(const char *const *names, char *buf, size_t cap)
{
	size_t n = 0;

	buf[0] = '\0';
	for (; names && *names && n < cap; names++)
		n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? ", " : "",
		    *names);
}

static int
match(const char *arg, const char *const *names)
{
	int i;

	for (i = 0; names && names[i]; i++)
		if (strcasecmp(arg, names[i]) == 0)
			return i;
	return -1;
}

int
cli_choice(const char *opt, const char *arg, const char *const *names)
{
	char list[512], why[560];
	int i = match(arg, names);

	if (i >= 0)
		return i;
	join(names, list, sizeof(list));
	snprintf(why, sizeof(why), "is not one of %s", list);
	return cli_bad_value(opt, arg, why);
}

int
cli_min_level(const struct cli *c, int usual)
{
	int lv = c->quiet ? CJM_ERROR : usual;

	return c->strict && lv > CJM_WARNING ? CJM_WARNING : lv;
}

const char *
cli_to_name(const struct cli_tool *t, const struct cli *c)
{
	return t->to ? t->to[c->to] : NULL;
}

/* A limit: a size (k, M, G suffixes) from min to max; anything else is
 * refused, never clamped. */
static int
limit(const char *opt, const char *arg, size_t min, size_t max, size_t *out)
{
	size_t v, d = strspn(arg, "0123456789");
	char why[96];

	if (util_parse_size(arg, &v) != 0) {
		/* Digits that did not parse overflowed. */
		if (d > 0 && strspn(arg + d, "kKmMgG") == strlen(arg + d))
			return cli_bad_value(opt, arg, "is too large");
		return cli_bad_value(opt, arg, "is not a whole number (k, M "
		    "or G may follow)");
	}
	if (v < min || v > max) {
		snprintf(why, sizeof(why), "is out of range: it must be at %s "
		    "%zu", v < min ? "least" : "most", v < min ? min : max);
		return cli_bad_value(opt, arg, why);
	}
	*out = v;
	return 0;
}

static int
delimiter(const char *opt, const char *arg, char *out)
{
	int i;

	/* A tab as typed: the word, \t, or the character itself. */
	if (strcmp(arg, "\\t") == 0 || strcmp(arg, "\t") == 0)
		arg = "tab";
	/* Listed with blanks: "one of ,, ;, |, tab" would not read. */
	if ((i = match(arg, delims)) < 0)
		return cli_bad_value(opt, arg, "is not one of , ; | tab");
	*out = i == 3 ? '\t' : delims[i][0];
	return 0;
}

/* A shared value option into c; -1 after the message. */
static int
shared_value(struct parse *p, int key, const char *opt, const char *arg)
{
	struct cli *c = p->c;
	size_t v;
	int i;

	switch (key) {
	case K_OUTPUT: c->output = arg; return 0;
	case K_MAP: c->map = arg; return 0;
	case K_SHEET: c->sheet = arg; return 0;
	case K_DELIM: return delimiter(opt, arg, &c->delim);
	case K_MAXIN: return limit(opt, arg, 1, SIZE_MAX, &c->lim.max_input);
	case K_MAXSC: return limit(opt, arg, 1, SIZE_MAX, &c->lim.max_scalar);
	case K_MAXAL: return limit(opt, arg, 0, SIZE_MAX, &c->lim.max_aliases);
	case K_MAXDEPTH:
		/* Writers recurse: deeper trees would not fit the stack. */
		if (limit(opt, arg, 1, CJM_DEPTH_MAX, &v) != 0)
			return -1;
		c->lim.max_depth = (unsigned)v;
		return 0;
	case K_LANG:
		if ((i = cli_choice(opt, arg, langs)) < 0)
			return -1;
		c->lang = langs[i];
		return 0;
	case K_THREADS:
		if ((i = cli_choice(opt, arg, nthreads)) < 0)
			return -1;
		c->threads = i + 1;
		return 0;
	}
	return -1;
}

/* The index of name in the tool's old spellings, or -1. */
static int
old_index(const struct parse *p, const char *was)
{
	int i;

	for (i = 0; p->t->old && p->t->old[i].was; i++)
		if (strcmp(p->t->old[i].was, was) == 0)
			return i;
	return -1;
}

static int dispatch(struct parse *, int key, const char *opt,
    const char *arg);
static const char *values_help(const char *, const char *const *, char *,
    size_t);

/* The key of a long option of this tool, or -1; *takes_arg its arg. */
static int
long_key(const struct parse *p, const char *name, int *takes_arg)
{
	int i;

	for (i = 0; i < p->nlo; i++)
		if (strcmp(p->lo[i].name, name) == 0 && p->lo[i].val < K_OLD) {
			*takes_arg = p->lo[i].has_arg;
			return p->lo[i].val;
		}
	return -1;
}

/* The values an enum option takes, or NULL for a free value. */
static const char *const *
values_of(const struct parse *p, int key)
{
	switch (key) {
	case K_FROM: case K_INFMT: return p->t->from;
	case K_TO: return p->t->to;
	case K_FORMAT: return diag_names;
	case K_LANG: return langs;
	case K_THREADS: return nthreads;
	case K_DELIM: return delims;
	}
	return NULL;
}

/* Old spelling i with arg (NULL: none): a note, then what it is now.
 * collided: was is also a new option that refused arg; then a flag
 * gives a separate arg back as an operand, and -2 means the old
 * meaning does not take it either. */
static int
old_use(struct parse *p, int i, const char *arg, int collided)
{
	const struct cli_old *o = &p->t->old[i];
	const char *sp = strchr(o->now, ' '), *const *vals;
	char name[64];
	int key, takes;

	snprintf(name, sizeof(name), "%.*s", (int)(sp ? (size_t)(sp - o->now)
	    : strlen(o->now)) - 2, o->now + 2);
	if ((key = long_key(p, name, &takes)) < 0)
		return -2;	/* a mistake in the tool's table */
	if (collided && sp != NULL && arg != NULL) {
		if (arg != p->argv[optind - 1])
			return -2;	/* -tfoo: nothing to give back */
		optind--;	/* an operand again */
	}
	vals = values_of(p, key);
	if (collided && sp == NULL && arg != NULL && vals != NULL &&
	    match(arg, vals) < 0)
		return -2;
	keep_note(p, o->was, collided && sp == NULL ? arg : NULL, o->now);
	return dispatch(p, key, o->now, sp ? sp + 1 : arg);
}

/* A shared enum option: its index in names, else an old spelling's
 * meaning (-3 once used), else -1 after the message. */
static int
shared_enum(struct parse *p, const char *opt, const char *arg,
    const char *const *names)
{
	int i = match(arg, names), r;

	if (i >= 0)
		return i;
	if ((i = old_index(p, opt)) >= 0 &&
	    (r = old_use(p, i, arg, 1)) != -2)
		return r == 0 ? -3 : -1;
	return cli_choice(opt, arg, names);
}

/* --to or --yaml chose output i. */
static void
set_to(struct parse *p, int i)
{
	const char *n = p->t->to ? p->t->to[i] : "";

	p->c->to = i;
	p->c->to_given = 1;
	if (strcmp(n, "yaml") == 0)
		p->c->wflags |= CJM_WRITE_YAML;
	else if (strcmp(n, "json") == 0)
		p->c->wflags &= ~(unsigned)CJM_WRITE_YAML;
}

/* One option, spelled opt on the command line; -1 on a usage error. */
static int
dispatch(struct parse *p, int key, const char *opt, const char *arg)
{
	struct cli *c = p->c;
	int i;

	if (key < K_OUTPUT)
		return p->t->option(p->t->ctx, key, arg);
	if (key >= K_OLD)
		return old_use(p, key - K_OLD, arg, 0) == 0 ? 0 : -1;
	switch (key) {
	case K_FROM: case K_INFMT: case K_TO: case K_FORMAT:
		if ((i = shared_enum(p, opt, arg, values_of(p, key))) < 0)
			return i == -3 ? 0 : -1;
		if (key == K_TO)
			set_to(p, i);
		else if (key == K_FORMAT)
			c->diag = (enum util_diag_format)i;
		else
			c->from = i;
		return 0;
	case K_YAML:
		c->wflags |= CJM_WRITE_YAML;
		if ((i = match("yaml", p->t->to)) >= 0)
			set_to(p, i);
		return 0;
	case K_PRETTY: c->wflags |= CJM_WRITE_PRETTY; return 0;
	case K_QUIET: c->quiet = 1; return 0;
	case K_STRICT: c->strict = 1; return 0;
	case K_SKIP: c->skip_bad = 1; return 0;
	}
	return shared_value(p, key, opt, arg);
}

static void
add_long(struct parse *p, const char *name, int takes_arg, int key)
{
	struct option *o;

	/* Room for the ending entry; a tool with more is a table mistake
	 * the golden tests of its options would show. */
	if (p->nlo + 1 >= (int)(sizeof(p->lo) / sizeof(p->lo[0])))
		return;
	o = &p->lo[p->nlo++];

	o->name = name;
	o->has_arg = takes_arg ? required_argument : no_argument;
	o->flag = NULL;
	o->val = key;
}

static void
add_letter(struct parse *p, int letter, int takes_arg, int key)
{
	size_t n = strlen(p->optstring);

	if (n + 3 > sizeof(p->optstring) || letter <= 0 || letter >= 128)
		return;
	p->optstring[n++] = (char)letter;
	if (takes_arg)
		p->optstring[n++] = ':';
	p->optstring[n] = '\0';
	p->letter_key[letter] = key;
}

/* An old spelling that is not a new option gets its own entry. */
static void
add_old(struct parse *p, int i)
{
	const struct cli_old *o = &p->t->old[i];
	const char *sp = strchr(o->now, ' ');
	char name[64];
	int takes = 0;

	snprintf(name, sizeof(name), "%.*s", (int)(sp ? (size_t)(sp - o->now)
	    : strlen(o->now)) - 2, o->now + 2);
	if (long_key(p, name, &takes) < 0)
		takes = 0;
	takes = takes && sp == NULL;
	if (o->was[1] == '-') {
		if (long_key(p, o->was + 2, &(int){ 0 }) < 0)
			add_long(p, o->was + 2, takes, K_OLD + i);
	} else if (p->letter_key[(unsigned char)o->was[1]] == 0)
		add_letter(p, (unsigned char)o->was[1], takes, K_OLD + i);
}

/* The getopt_long tables of this tool. */
static void
build(struct parse *p)
{
	const struct cli_opt *o;
	size_t i;

	strcpy(p->optstring, ":");
	for (i = 0; i < NSHARED; i++) {
		if (!has(p, &shared[i]))
			continue;
		add_long(p, shared[i].name, shared[i].arg != NULL,
		    shared[i].key);
		if (shared[i].letter)
			add_letter(p, shared[i].letter, shared[i].arg != NULL,
			    shared[i].key);
	}
	for (o = p->t->opts; o && o->name; o++) {
		add_long(p, o->name, o->arg != NULL, o->key);
		if (o->key < 128)
			add_letter(p, o->key, o->arg != NULL, o->key);
	}
	for (i = 0; p->t->old && p->t->old[i].was; i++)
		add_old(p, (int)i);
	memset(&p->lo[p->nlo], 0, sizeof(p->lo[0]));
}

/* How the option just read was spelled: "-t" or "--to". */
static void
spelling(const struct parse *p, int ch, int longindex, char *buf,
    size_t cap)
{
	if (longindex >= 0)
		snprintf(buf, cap, "--%s", p->lo[longindex].name);
	else if (ch > 0 && ch < 128)
		snprintf(buf, cap, "-%c", ch);
	else
		snprintf(buf, cap, "%s", p->argv[optind - 1]);
}

/* getopt's ':' and '?': a value missing, or an option unknown. */
static int
getopt_error(struct parse *p, int ch)
{
	char opt[64], list[512];
	const char *const *vals;
	int key = optopt > 0 && optopt < 128 ? p->letter_key[optopt] : optopt;
	int i;

	spelling(p, optopt, -1, opt, sizeof(opt));
	if (optopt <= 0 || optopt >= 128)
		snprintf(opt, sizeof(opt), "%.*s", (int)strcspn(
		    p->argv[optind - 1], "="), p->argv[optind - 1]);
	if (ch == ':' && (i = old_index(p, opt)) >= 0 &&
	    strchr(p->t->old[i].now, ' ') != NULL)
		return old_use(p, i, NULL, 0);
	if (ch == ':') {
		vals = values_of(p, key);
		join(vals, list, sizeof(list));
		warnx_("%s needs a value%s%s", opt, vals ? ": one of " : "",
		    vals ? list : "");
	} else if (optopt > 0 && optopt < 128 && key == 0)
		warnx_("unknown option '%s'", opt);
	else if (optopt != 0)
		warnx_("%s takes no value", opt);
	else
		warnx_("unknown option '%s'", p->argv[optind - 1]);
	return -1;
}

static const char *const *
own_words(const struct cli_tool *t, int key)
{
	const struct cli_words *w;

	for (w = t->words; w && w->key; w++)
		if (w->key == key)
			return w->words;
	return NULL;
}

/* One line of the table: -o, --output, FILE, the words, the help. */
static void
list_line(FILE *fp, int letter, const char *name, const char *arg,
    const char *const *vals, const char *help)
{
	size_t n = help ? strcspn(help, "\n") : 0;

	if (letter)
		fprintf(fp, "-%c", letter);
	fprintf(fp, "\t--%s\t%s\t", name, arg ? arg : "");
	for (; vals && *vals; vals++)
		fprintf(fp, "%s%s", *vals, vals[1] ? " " : "");
	fprintf(fp, "\t%.*s\n", (int)n, help ? help : "");
}

void
cli_list(const struct cli_tool *t, FILE *fp)
{
	struct parse p = { .t = t };
	const struct cli_opt *o;
	size_t i;

	for (o = t->opts; o && o->name; o++)
		list_line(fp, o->key < 128 ? o->key : 0, o->name, o->arg,
		    own_words(t, o->key), o->help);
	for (i = 0; i < NSHARED; i++) {
		const struct shared *sh = &shared[i];
		char buf[512];
		const char *h = sh->help;

		if (!has(&p, sh) || sh->key == K_LIST)
			continue;
		if (sh->key == K_FROM || sh->key == K_INFMT)
			h = values_help("input form", t->from, buf, sizeof(buf));
		else if (sh->key == K_TO)
			h = values_help("output form", t->to, buf, sizeof(buf));
		list_line(fp, sh->letter, sh->name, sh->arg, values_of(&p,
		    sh->key), h);
	}
	fprintf(fp, "\t\tOPERAND\t%s\t\n", t->operands ? t->operands :
	    "yaml yml json");
}

int
cli_parse(const struct cli_tool *t, struct cli *c, int argc, char **argv)
{
	struct parse *p = calloc(1, sizeof(*p));
	char opt[64];
	int ch, li = -1, st = 0;

	memset(c, 0, sizeof(*c));
	c->output = "-";
	cjm_limits_default(&c->lim);
	/* util_out_open refuses an output that is one of these inputs. */
	util_args(argc, argv);
	if (p == NULL) {
		warnx_("out of memory");
		return -1;
	}
	*p = (struct parse){ .t = t, .c = c, .argv = argv };
	build(p);
	opterr = 0;
	while (st == 0 && (ch = getopt_long(argc, argv, p->optstring, p->lo,
	    &li)) != -1) {
		int key = ch > 0 && ch < 128 && p->letter_key[ch] ?
		    p->letter_key[ch] : ch;

		spelling(p, ch, li, opt, sizeof(opt));
		li = -1;
		if (ch == ':' || ch == '?')
			st = getopt_error(p, ch);
		else if (key == K_HELP) {
			if (t->usage != NULL)
				t->usage(stdout);
			else
				cli_usage(t, stdout);
			st = -2;
		} else if (key == K_LIST) {
			cli_list(t, stdout);
			st = -2;
		} else if (key == K_VERSION) {
			printf("%s %s\n", progname, CJM_VERSION);
			st = -2;
		} else
			st = dispatch(p, key, opt, optarg);
	}
	/* A SARIF log only for a run that gets going. */
	if (st == 0 && c->diag == DIAG_SARIF)
		util_sarif_begin();
	if (st == 0 && c->diag == DIAG_JSON)
		util_json_begin();
	say_notes(p);
	free(p);
	if (st == -1)
		util_try_help();
	return st < 0 ? (st == -2 ? -2 : -1) : optind;
}

int
cli_exit(int parsed)
{
	return parsed == -2 ? util_close_stdout(EXIT_OK) : EXIT_USAGE;
}

/* One line of help text, broken at blanks to fit 80 columns. */
static void
help_text(FILE *fp, const char *s, size_t n)
{
	const size_t room = 55;		/* 80 - 24 - 1 */

	while (n > room) {
		size_t cut = room;

		while (cut > 0 && s[cut] != ' ')
			cut--;
		if (cut == 0)
			break;
		fprintf(fp, "%.*s\n%24s", (int)cut, s, "");
		s += cut + 1;
		n -= cut + 1;
	}
	fprintf(fp, "%.*s", (int)n, s);
}

/* "  -o, --output FILE" and its help, lines broken at its "\n" and
 * where they would pass 80 columns. */
static void
help_line(FILE *fp, int letter, const char *name, const char *arg,
    const char *help)
{
	char head[64];
	const char *nl;

	snprintf(head, sizeof(head), "  %c%c%s--%s%s%s", letter ? '-' : ' ',
	    letter ? letter : ' ', letter ? ", " : "  ", name, arg ? " " : "",
	    arg ? arg : "");
	fprintf(fp, "%-24s", head);
	if (strlen(head) >= 24)
		fprintf(fp, "\n%24s", "");
	for (; (nl = strchr(help, '\n')) != NULL; help = nl + 1) {
		help_text(fp, help, (size_t)(nl - help));
		fprintf(fp, "\n%24s", "");
	}
	help_text(fp, help, strlen(help));
	fputc('\n', fp);
}

/* The help of -f or -t: the tool's values. */
static const char *
values_help(const char *what, const char *const *vals, char *buf,
    size_t cap)
{
	char list[400];

	join(vals, list, sizeof(list));
	snprintf(buf, cap, "%s: %s (default %s)", what, list, vals && vals[0] ?
	    vals[0] : "-");
	return buf;
}

void
cli_usage(const struct cli_tool *t, FILE *fp)
{
	struct parse p = { .t = t };
	const struct cli_opt *o;
	const char *s = t->synopsis, *nl;
	char buf[512];
	size_t i;

	for (; (nl = strchr(s, '\n')) != NULL; s = nl + 1)
		fprintf(fp, "%s %s %.*s\n", s == t->synopsis ? "usage:" : "      ",
		    progname, (int)(nl - s), s);
	fprintf(fp, "%s %s %s\n%s\n\n", s == t->synopsis ? "usage:" : "      ",
	    progname, s, t->about);
	if (t->opts && t->opts[0].name)
		fprintf(fp, "Options:\n");
	for (o = t->opts; o && o->name; o++)
		help_line(fp, o->key < 128 ? o->key : 0, o->name, o->arg,
		    o->help);
	fprintf(fp, "Common options (cjm(7)):\n");
	for (i = 0; i < NSHARED; i++) {
		const struct shared *sh = &shared[i];
		const char *h = sh->help;

		if (!has(&p, sh) || sh->key == K_LIST)
			continue;
		if (sh->key == K_FROM)
			h = values_help("input form", t->from, buf, sizeof(buf));
		else if (sh->key == K_TO)
			h = values_help("output form", t->to, buf, sizeof(buf));
		help_line(fp, sh->letter, sh->name, sh->arg, h);
	}
	if (t->epilog != NULL)
		fprintf(fp, "%s", t->epilog);
}

cjm_reader *
cli_reader(const struct cli *c, enum cjm_input_format f)
{
	cjm_reader *r = cjm_reader_new(&c->lim, f);

	/* 0 (auto), 1 or 2: nothing else comes from the parser */
	if (r != NULL)
		cjm_reader_set_threads(r, c->threads);
	return r;
}
