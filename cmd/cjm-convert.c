/* cjm-convert.c: journey maps in and out of spreadsheet grids (CSV, TSV,
 * XLSX), Markdown tables, Mermaid journey diagrams and Graphviz dot. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jtext.h"
#include "grow.h"
#include "util.h"
#include "cli.h"
#include "cjm_convert.h"
#include "num.h"

enum { F_AUTO, F_GRID, F_CSV, F_TSV, F_XLSX, F_MERMAID, F_YAML, F_JSON };
enum { T_JSON, T_YAML, T_CSV, T_TSV, T_XLSX, T_MARKDOWN, T_MERMAID, T_DOT };

static const char *const froms[] = { "auto", "grid", "csv", "tsv", "xlsx",
	"mermaid", "yaml", "json", NULL };
static const char *const tos[] = { "json", "yaml", "csv", "tsv", "xlsx",
	"markdown", "mermaid", "dot", NULL };

struct opts {
	struct cli c;
	util_out out;
	const char *path;	/* the input, "-" for standard input */
};

static struct opts opts;
static void usage(FILE *);

static const struct cli_opt own[] = { { NULL, 0, NULL, NULL } };

static const struct cli_tool tool = {
	.synopsis = "[options] [FILE]",
	.about = "Convert a journey map between cjm's format and spreadsheet "
	    "grids\n(CSV, TSV, XLSX: stages as columns, lanes as rows), "
	    "Markdown tables,\nMermaid journey diagrams and Graphviz dot.",
	.shared = CLI_OUTPUT | CLI_FROM | CLI_TO | CLI_MAPOUT | CLI_LIMITS |
	    CLI_LANG | CLI_DELIM | CLI_SHEET | CLI_THREADS,
	.from = froms, .to = tos, .opts = own, .ctx = &opts, .usage = usage,
	.epilog = "Exit: 0 converted, 1 the input has problems (or warnings "
	    "with --strict),\n2 usage or system error. See cjm-convert(1).\n",
};

static void
usage(FILE *fp)
{
	cli_usage(&tool, fp);
}

static int
write_out(const char *buf, size_t len, void *ctx)
{
	return fwrite(buf, 1, len, ctx) == len ? 0 : -1;
}

/* The extension of path in lower case ("" when none). */
static const char *
ext(const char *path, char *buf, size_t size)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	size_t i;

	buf[0] = '\0';
	if (dot == NULL || (slash != NULL && dot < slash))
		return buf;
	for (i = 0; dot[i + 1] != '\0' && i + 1 < size; i++)
		buf[i] = (char)(dot[i + 1] | (dot[i + 1] >= 'A' &&
		    dot[i + 1] <= 'Z' ? 0x20 : 0));
	buf[i] = '\0';
	return buf;
}

/* -f auto: by the file's extension, else by its first bytes. */
static int
sniff_from(const char *path, const char *buf, size_t len)
{
	static const char *const exts[] = { "csv", "tsv", "txt", "xlsx",
	    "mmd", "mermaid", "yaml", "yml", "json" };
	static const int forms[] = { F_GRID, F_TSV, F_GRID, F_XLSX, F_MERMAID,
	    F_MERMAID, F_YAML, F_YAML, F_JSON };
	char e[16];
	size_t i;

	ext(path, e, sizeof(e));
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (strcmp(e, exts[i]) == 0)
			return forms[i];
	if (len >= 4 && memcmp(buf, "PK\3\4", 4) == 0)
		return F_XLSX;
	for (i = 0; i < len && strchr(" \t\r\n", buf[i]) != NULL; i++)
		;
	if (len - i >= 7 && strncasecmp(buf + i, "journey", 7) == 0)
		return F_MERMAID;
	return F_AUTO;		/* a map, YAML or JSON by its first byte */
}

/* -t not given: by the output file's extension, else JSON. */
static int
pick_to(const struct cli *c)
{
	static const char *const exts[] = { "json", "yaml", "yml", "csv",
	    "tsv", "xlsx", "md", "markdown", "mmd", "mermaid", "dot", "gv" };
	static const int forms[] = { T_JSON, T_YAML, T_YAML, T_CSV, T_TSV,
	    T_XLSX, T_MARKDOWN, T_MARKDOWN, T_MERMAID, T_MERMAID, T_DOT, T_DOT };
	char e[16];
	size_t i;

	if (c->to_given)
		return c->to;
	ext(c->output, e, sizeof(e));
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (strcmp(e, exts[i]) == 0)
			return forms[i];
	return T_JSON;
}

/* The whole input in memory (an XLSX needs it: ZIP's directory is at
 * the end), at most max bytes, into *out; a failure is a diagnostic
 * with the input's name and code, as the other tools' readers give it
 * (io, too-large), so --format json and sarif carry the file. */
static int
slurp(const char *path, size_t max, char **out, size_t *len, cjm_diags *ds)
{
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;
	int st = CJM_OK;

	if (fp == NULL) {
		cjm_diags_add(ds, CJM_FATAL, "io", name, 0, NULL, (cjm_pos){ 0,
		    0, 0 }, NULL, "cannot open: %s", strerror(errno));
		return CJM_ESYS;
	}
	do {
		if (cjm_grow(&buf, &cap, n + 1, 1, 65536) != 0) {
			cjm_diags_add(ds, CJM_FATAL, "nomem", name, 0, NULL,
			    (cjm_pos){ 0, 0, 0 }, NULL, "out of memory");
			st = CJM_ESYS;
			break;
		}
		got = fread(buf + n, 1, cap - n - 1, fp);
		n += got;
	} while (got > 0 && n <= max);
	if (st == CJM_OK && n > max) {
		cjm_diags_add(ds, CJM_ERROR, "too-large", name, 0, NULL,
		    (cjm_pos){ 0, 0, max }, "raise the limit with --max-input",
		    "input is larger than the limit of %zu %s", max,
		    BYTES(max));
		st = CJM_EDATA;
	} else if (st == CJM_OK && ferror(fp)) {
		cjm_diags_add(ds, CJM_FATAL, "io", name, 0, NULL, (cjm_pos){ 0,
		    0, 0 }, NULL, "read error: %s", strerror(errno));
		st = CJM_ESYS;
	}
	if (fp != stdin)
		fclose(fp);
	if (st != CJM_OK) {
		free(buf);
		return st;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return CJM_OK;
}

/* The map's title from the file name: "b2b-print-grid.tsv" ->
 * "b2b-print-grid"; NULL for standard input (the library's default). */
static char *
title_of(const char *path)
{
	const char *base = strrchr(path, '/');
	char *t, *dot;

	if (strcmp(path, "-") == 0)
		return NULL;
	if ((t = strdup(base ? base + 1 : path)) != NULL &&
	    (dot = strrchr(t, '.')) != NULL && dot != t)
		*dot = '\0';
	return t;
}

/* A grid (CSV, TSV or XLSX) to a map. */
static int
from_grid(int from, const char *buf, size_t len, json_t **map,
    cjm_diags *ds)
{
	const struct cli *c = &opts.c;
	const char *name = strcmp(opts.path, "-") ? opts.path : "<stdin>";
	cjm_grid *g = cjm_grid_new();
	char *title = title_of(opts.path);
	int r;

	if (g == NULL)
		return CJM_ESYS;
	if (from == F_XLSX || (from == F_GRID && len >= 4 &&
	    memcmp(buf, "PK\3\4", 4) == 0))
		r = cjm_grid_read_xlsx(g, buf, len, name, c->sheet,
		    c->lim.max_input, ds);
	else {
		FILE *fp = fmemopen((void *)buf, len, "r");

		r = fp == NULL ? CJM_ESYS : cjm_grid_read_csv(g, fp, name,
		    from == F_TSV ? '\t' : c->delim, ds);
		if (fp != NULL)
			fclose(fp);
	}
	if (r == CJM_OK)
		r = cjm_grid_to_map(g, title, c->lang, map, ds);
	cjm_grid_free(g);
	free(title);
	return r;
}

/* Move diagnostics at min or worse to another list; those without a
 * file are about this input and get its name. */
static void
move_diags(cjm_diags *from, cjm_diags *to, int min)
{
	cjm_diags_move(from, to, min, strcmp(opts.path, "-") ? opts.path :
	    "<stdin>");
}

/* A map document (YAML or JSON): checked, then in canonical form. Only
 * the check's errors are told: its warnings and notes are about the
 * journey, cjm-validate's to tell, not the conversion's. */
/* A CSV or TSV grid given where a map was looked for: the first line has
 * a delimiter and no ':' (no YAML key), the second the same delimiter.
 * Returns the delimiter, or 0. */
static char
grid_delim(const char *buf, size_t len)
{
	static const char delims[] = ",;\t|";
	const char *nl = memchr(buf, '\n', len), *nl2;
	size_t n1 = nl != NULL ? (size_t)(nl - buf) : len, i;

	/* Not text (a gzip or ELF file has a delimiter byte somewhere):
	 * the reader has said it is binary. */
	if (n1 == 0 || cjm_text_check(buf, n1) < n1 || memchr(buf, ':',
	    n1) != NULL || strchr("{[-#%", buf[0]) != NULL)
		return 0;
	nl2 = nl != NULL ? memchr(nl + 1, '\n', len - n1 - 1) : NULL;
	for (i = 0; delims[i] != '\0'; i++) {
		if (memchr(buf, delims[i], n1) == NULL)
			continue;
		if (nl == NULL || memchr(nl + 1, delims[i], (nl2 != NULL ?
		    (size_t)(nl2 - nl) : len - n1) - 1) != NULL)
			return delims[i];
	}
	return 0;
}

/* A stream that did not load as one map (more than one document, or a
 * fault further on) whose first document is an event record: the
 * checker's one event-log error into cds, as the tools that read map
 * streams give it, and 1. The stream is read again only then. */
static int
first_is_log(const char *buf, size_t len, const char *name,
    enum cjm_input_format f, cjm_diags *cds)
{
	cjm_reader *rd = cli_reader(&opts.c, f);
	cjm_diags *tmp = cjm_diags_new();
	cjm_doc *doc = NULL;
	int log = 0;

	if (rd != NULL && tmp != NULL && cjm_reader_open_memory(rd, buf, len,
	    name, tmp) == CJM_OK && cjm_reader_next(rd, &doc, tmp) == CJM_OK &&
	    cjm_map_check(doc, NULL, tmp) == CJM_EDATA &&
	    (log = util_stream_is_log(tmp)))
		cjm_diags_move(tmp, cds, CJM_ERROR, name);
	cjm_doc_free(doc);
	cjm_diags_free(tmp);
	cjm_reader_free(rd);
	return log;
}

/* A CSV or TSV grid, where a map was looked for (standard input has no
 * name to tell it by), that the grid reader finds an event log by its
 * header: its one event-log error into out, and 1, in place of the
 * map's not-a-map and looks-like-grid, whose -f grid would say it. */
static int
grid_is_log(const char *buf, size_t len, const char *name, char d,
    cjm_diags *out)
{
	cjm_grid *g = cjm_grid_new();
	cjm_diags *tmp = cjm_diags_new();
	FILE *fp = fmemopen((void *)buf, len, "r");
	json_t *map = NULL;
	int log = 0;

	if (g != NULL && tmp != NULL && fp != NULL && cjm_grid_read_csv(g, fp,
	    name, d, tmp) == CJM_OK && cjm_grid_to_map(g, NULL, NULL, &map,
	    tmp) == CJM_EDATA && (log = util_stream_is_log(tmp)))
		cjm_diags_move(tmp, out, CJM_ERROR, NULL);
	if (fp != NULL)
		fclose(fp);
	json_decref(map);
	cjm_diags_free(tmp);
	cjm_grid_free(g);
	return log;
}

static int
from_map(int from, const char *buf, size_t len, json_t **map,
    cjm_diags *ds)
{
	const char *name = strcmp(opts.path, "-") ? opts.path : "<stdin>";
	enum cjm_input_format f = from == F_YAML ? CJM_INPUT_YAML :
	    from == F_JSON ? CJM_INPUT_JSON : CJM_INPUT_AUTO;
	cjm_diags *cds = cjm_diags_new(), *lds = cjm_diags_new();
	cjm_doc *doc = NULL;
	cjm_pos one = { 1, 1, 0 };
	char d;
	int r;

	if (cds == NULL || lds == NULL) {
		cjm_diags_free(cds);
		cjm_diags_free(lds);
		return CJM_ESYS;
	}
	r = cjm_doc_load_memory(buf, len, name, &opts.c.lim, f, &doc, lds);
	if (r == CJM_OK && (r = cjm_map_check(doc, NULL, cds)) == CJM_OK &&
	    (*map = cjm_map_canonical(cjm_doc_root(doc))) == NULL)
		r = CJM_ESYS;
	if (r == CJM_EDATA && doc == NULL && first_is_log(buf, len, name, f,
	    cds))
		cjm_diags_clear(lds);
	cjm_diags_move(lds, ds, CJM_NOTE, NULL);
	d = r == CJM_EDATA && from == F_AUTO ? grid_delim(buf, len) : 0;
	if (d != 0 && grid_is_log(buf, len, name, d, lds)) {
		cjm_diags_clear(cds);	/* not-a-map: the CSV as a string */
		cjm_diags_move(lds, ds, CJM_ERROR, NULL);
		d = 0;
	}
	move_diags(cds, ds, CJM_ERROR);
	if (d != 0)
		cjm_diags_add(ds, CJM_ERROR, "looks-like-grid", name, 0, NULL,
		    one, "read it with -f grid (or name the file .csv or "
		    ".tsv)", "the input looks like a %s grid (%s between "
		    "cells), not a YAML or JSON map", d == '\t' ? "TSV" :
		    "CSV", d == '\t' ? "tabs" : d == ',' ? "','" : d == ';' ?
		    "';'" : "'|'");
	cjm_diags_free(cds);
	cjm_diags_free(lds);
	cjm_doc_free(doc);
	return r;
}

/* What an importer made must pass the checker like any map: a map that
 * does not is a bug here, and is never passed on. */
static int
self_check(const json_t *map, cjm_diags *ds)
{
	char *text = cjm_dumps(map, JSON_COMPACT);
	cjm_diags *cds = cjm_diags_new();
	cjm_doc *doc = NULL;
	int r = CJM_ESYS;

	if (text != NULL && cds != NULL && (r = cjm_doc_load_memory(text,
	    strlen(text), "<converted>", NULL, CJM_INPUT_JSON, &doc, cds)) ==
	    CJM_OK)
		r = cjm_map_check(doc, NULL, cds);
	if (cds != NULL)
		move_diags(cds, ds, CJM_ERROR);
	cjm_diags_free(cds);
	cjm_doc_free(doc);
	free(text);
	return r;
}

static int
read_input(json_t **map, cjm_diags *ds)
{
	const struct cli *c = &opts.c;
	size_t len;
	char *buf = NULL;
	int from = c->from, r = slurp(opts.path, c->lim.max_input, &buf, &len,
	    ds);

	if (r != CJM_OK)
		return r;
	if (from == F_AUTO)
		from = sniff_from(opts.path, buf, len);
	if (c->sheet != NULL && from != F_XLSX && !(from == F_GRID &&
	    len >= 4 && memcmp(buf, "PK\3\4", 4) == 0) && !c->quiet)
		warnx_("note: --sheet is for XLSX input; '%s' is not one",
		    opts.path);
	if (from == F_MERMAID)
		r = cjm_mermaid_read(buf, len, strcmp(opts.path, "-") ?
		    opts.path : "<stdin>", map, ds);
	else if (from == F_AUTO || from == F_YAML || from == F_JSON)
		r = from_map(from, buf, len, map, ds);
	else
		r = from_grid(from, buf, len, map, ds);
	if (r == CJM_OK && from != F_AUTO && from != F_YAML && from != F_JSON)
		r = self_check(*map, ds);
	if (r == CJM_ESYS && cjm_diags_worst(ds) < CJM_FATAL)
		warnx_("out of memory");	/* the readers' only silent failure */
	if (r == CJM_OK && c->lang != NULL && (c->to == T_JSON ||
	    c->to == T_YAML))
		json_object_set_new(*map, "lang", json_string(c->lang));
	free(buf);
	return r;
}

/* The map out in the chosen form. */
static int
write_map(const json_t *map, int to, cjm_diags *ds)
{
	const struct cli *c = &opts.c;
	FILE *fp = opts.out.fp;
	cjm_grid *g;
	int r;

	switch (to) {
	case T_JSON:
	case T_YAML:
		return cjm_write(map, c->wflags | (to == T_YAML ?
		    CJM_WRITE_YAML : 0), write_out, fp, ds);
	case T_MERMAID:
		return cjm_mermaid_write(map, write_out, fp, ds);
	case T_DOT:
		return cjm_dot_write(map, write_out, fp, ds);
	}
	if ((g = cjm_grid_new()) == NULL)
		return CJM_ESYS;
	r = cjm_grid_from_map(g, map, c->lang, ds);
	if (r == CJM_OK && to == T_MARKDOWN)
		r = cjm_grid_write_markdown(g, write_out, fp);
	else if (r == CJM_OK && to == T_XLSX)
		r = cjm_grid_write_xlsx(g, json_string_value(json_object_get(map,
		    "title")), write_out, fp, ds);
	else if (r == CJM_OK)
		r = cjm_grid_write_csv(g, to == T_TSV ? '\t' : c->delim ?
		    c->delim : ',', write_out, fp);
	cjm_grid_free(g);
	return r;
}

int
main(int argc, char **argv)
{
	struct cli *c = &opts.c;
	cjm_diags *ds;
	json_t *map = NULL;
	int first, to, r, worst;

	util_init(argv[0]);
	if ((first = cli_parse(&tool, c, argc, argv)) < 0)
		return cli_exit(first);
	if (argc - first > 1) {
		warnx_("one input at a time (got %d); see cjm-convert(1)",
		    argc - first);
		return EXIT_USAGE;
	}
	opts.path = first < argc ? argv[first] : "-";
	to = c->to = pick_to(c);
	if (to == T_XLSX && strcmp(c->output, "-") == 0 && isatty(1)) {
		warnx_("XLSX is binary: give -o FILE.xlsx or redirect it");
		return EXIT_USAGE;
	}
	if ((ds = cjm_diags_new()) == NULL)
		return EXIT_USAGE;
	r = read_input(&map, ds);
	if (r == CJM_OK && c->strict &&
	    cjm_diags_count_level(ds, CJM_WARNING) > 0)
		;	/* warnings fail: nothing is written */
	else if (r == CJM_OK && util_out_open(&opts.out, c->output) != 0)
		r = CJM_ESYS;
	else if (r == CJM_OK) {
		cjm_diags *wds = cjm_diags_new();

		r = wds != NULL ? write_map(map, to, wds) : CJM_ESYS;
		move_diags(wds, ds, CJM_NOTE);
		cjm_diags_free(wds);
		if (r == CJM_ESYS && opts.out.fp == stdout)
			util_exit_if_epipe();	/* the reader went away */
		if (r == CJM_ESYS && cjm_diags_worst(ds) < CJM_FATAL)
			warnx_("%s: write error: %s", c->output, strerror(errno));
		if (r != CJM_OK || (c->strict &&
		    cjm_diags_count_level(ds, CJM_WARNING) > 0))
			util_out_abort(&opts.out);
		else if (util_out_commit(&opts.out) != 0)
			r = CJM_ESYS;
	}
	worst = util_diags_flush(ds, c->diag, cli_min_level(c, CJM_NOTE));
	if (r == CJM_ESYS && worst < CJM_FATAL)
		worst = CJM_FATAL;
	json_decref(map);
	cjm_diags_free(ds);
	return util_close_stdout(util_exit_status(worst, c->strict));
}
