/* cjm-render.c: draw journey maps to PDF, PNG or SVG. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <fontconfig/fontconfig.h>

#include "cjm_render.h"
#include "grow.h"
#include "util.h"
#include "cli.h"

/* A document read and checked, waiting to be drawn. */
struct item {
	json_t *root;		/* canonical map or maturity document */
	char *name;		/* input name, as diagnostics give it */
	unsigned index;
	cjm_pos *stage_pos;	/* where each stage stands, for warnings */
	size_t nstages;
};

struct run {
	struct cli c;
	cjm_render_opts ro;
	int format;		/* enum cjm_render_format, -1: from the name */
	char date[32];
	struct item *items;
	size_t nitems, cap;
	unsigned page_no;	/* pages written to PNG/SVG so far */
	util_out *pages;	/* their files, renamed together at the end */
	size_t pcap;
	int worst;		/* diagnostic level while reading, -1 none */
};

static int
worse(int a, int b)
{
	return a > b ? a : b;
}

/* A usage error found after the options were read. */
static int
bad_usage(const char *fmt, const char *arg)
{
	warnx_(fmt, arg);	/* escapes what it quotes */
	util_try_help();
	return EXIT_USAGE;
}

/* A number in [lo, hi], or -1 (no clamping: out of range is an error). */
static int
parse_num(const char *s, double lo, double hi, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(*out >= lo) ||
	    !(*out <= hi))
		return -1;
	return 0;
}

/* Fixed dates make the same input give the same bytes: SOURCE_DATE_EPOCH
 * when set, else 2000-01-01. */
static int
pdf_date(struct run *rn)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	time_t t = 946684800;
	struct tm tm;
	char *end;
	long long v;

	if (e != NULL && *e != '\0') {
		errno = 0;
		v = strtoll(e, &end, 10);
		if (errno != 0 || *end != '\0' || v < 0 || v > 253402300799LL) {
			warnx_("SOURCE_DATE_EPOCH '%s' is not a time in seconds "
			    "from 1970 to 9999", e);
			return -1;
		}
		t = (time_t)v;
	}
	gmtime_r(&t, &tm);
	strftime(rn->date, sizeof(rn->date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	rn->ro.date = rn->date;
	return 0;
}

static const char *const froms[] = { "auto", "yaml", "json", NULL };
/* The order of enum cjm_render_format, _page, _theme. */
static const char *const tos[] = { "pdf", "png", "svg", NULL };
static const char *const pages[] = { "slide", "a4", "a3", "letter", "auto",
	NULL };
/* British and American spellings both: the index modulo 2. */
static const char *const themes[] = { "color", "grey", "colour", "gray",
	NULL };

enum { O_PAGE = CLI_OWN, O_DPI, O_THEME, O_MINFONT, O_PHOTODIR };

static const struct cli_opt own[] = {
	{ "page", O_PAGE, "PAGE", "slide (16:9, default), a4, a3, letter, "
	    "auto" },
	{ "dpi", O_DPI, "N", "PNG resolution, 36..1200 (default 96)" },
	{ "theme", O_THEME, "THEME", "color (default) or grey" },
	{ "font", 'F', "FAMILY", "pango font family (default DejaVu Sans)" },
	{ "min-font", O_MINFONT, "PT", "smallest font on a fixed page, "
	    "4..24 (default 6)" },
	{ "photo-dir", O_PHOTODIR, "DIR", "folder of relative persona photos "
	    "(default: the map's)" },
	{ NULL, 0, NULL, NULL }
};

/* The spellings of cjm-render 0.1 (see cjm-render(1)). */
static const struct cli_old old[] = {
	{ "-f", "--to" }, { "--format", "--to" }, { "-t", "--theme" },
	{ "-p", "--page" }, { "-d", "--dpi" }, { "-i", "--from" },
	{ "--diag-format", "--format" }, { NULL, NULL }
};

static int
option(void *ctx, int key, const char *arg)
{
	struct run *rn = ctx;
	int v;

	switch (key) {
	case 'F': rn->ro.font = arg; return 0;
	case O_PHOTODIR: rn->ro.photo_dir = arg; return 0;
	case O_PAGE:
		if ((v = cli_choice("--page", arg, pages)) < 0)
			return -1;
		rn->ro.page = (enum cjm_render_page)v;
		return 0;
	case O_THEME:
		if ((v = cli_choice("--theme", arg, themes)) < 0)
			return -1;
		rn->ro.theme = (enum cjm_render_theme)(v % 2);
		return 0;
	case O_DPI:
		if (parse_num(arg, CJM_RENDER_DPI_MIN, CJM_RENDER_DPI_MAX,
		    &rn->ro.dpi) != 0)
			return cli_bad_value("--dpi", arg, "is not a number "
			    "from 36 to 1200");
		return 0;
	case O_MINFONT:
		if (parse_num(arg, CJM_RENDER_FONT_MIN, CJM_RENDER_FONT_MAX,
		    &rn->ro.min_font) != 0)
			return cli_bad_value("--min-font", arg, "is not points "
			    "from 4 to 24");
		return 0;
	}
	return -1;
}

static struct run run = { .format = -1, .worst = -1 };
static void usage(FILE *);

static const struct cli_tool tool = {
	.synopsis = "[-o FILE] [-t pdf|png|svg] [--page PAGE] [options] "
	    "[FILE ...]",
	.about = "Draw journey maps (and funnel, maturity, touchpoint-graph "
	    "pages).\nThe output form is -t, else -o FILE's extension, else "
	    "PDF; PNG and SVG\nnames may number the pages with %d or %02d.",
	.shared = CLI_OUTPUT | CLI_FROM | CLI_TO | CLI_LANG | CLI_LIMITS |
	    CLI_THREADS,
	.from = froms, .to = tos, .opts = own, .old = old,
	.option = option, .ctx = &run, .usage = usage,
	.words = (const struct cli_words[]){ { O_PAGE, pages },
	    { O_THEME, themes }, { 0, NULL } },
	.epilog = "Exit: 0 drawn, 1 a map has errors (nothing written), 2 "
	    "usage or\nsystem error. See cjm-render(1).\n",
};

static void
usage(FILE *fp)
{
	cli_usage(&tool, fp);
}

/* Does the name hold one %d (with an optional 0 and a width: at most 4
 * characters, as a file name has at most 255 bytes) and no other
 * conversion? 1 yes, 0 no conversion, -1 a bad one. */
static int
numbered(const char *name)
{
	const char *p;
	size_t w;
	int n = 0;

	for (p = strchr(name, '%'); p != NULL; p = strchr(p, '%')) {
		if (p[1] == '%') {
			p += 2;
			continue;
		}
		w = strspn(p + 1, "0123456789");	/* "0" and the width */
		p += w + 1;
		if (*p != 'd' || n++ > 0 || w > 4)
			return -1;
	}
	return n;
}

/* The format from -t, else the output's extension, else PDF on standard
 * output; -1 for a file named otherwise. */
static int
pick_format(struct run *rn)
{
	static const char *const ext[] = { ".pdf", ".png", ".svg" };
	const char *dot = strrchr(rn->c.output, '.');
	int i;

	if (rn->format >= 0) {
		/* -t png -o deck.pdf: the file's name would say another
		 * form than the one it gets; said, not refused (a name may
		 * be a scheme's). */
		for (i = 0; dot != NULL && i < 3; i++)
			if (i != rn->format && strcasecmp(dot, ext[i]) == 0)
				warnx_("warning: %s: its name says %s, but -t "
				    "%s writes %s into it", rn->c.output,
				    ext[i] + 1, ext[rn->format] + 1,
				    ext[rn->format] + 1);
		return 0;
	}
	rn->format = CJM_RENDER_PDF;
	if (strcmp(rn->c.output, "-") == 0)
		return 0;
	for (i = 0; dot != NULL && i < 3; i++)
		if (strcasecmp(dot, ext[i]) == 0) {
			rn->format = i;
			return 0;
		}
	return -1;
}

/* fontconfig reads its configuration file to its end: a device or a
 * FIFO (FONTCONFIG_FILE=/dev/zero, a pipe nobody writes to) holds it
 * forever, as it holds fc-list. The name is looked up as fontconfig
 * will (FONTCONFIG_PATH, ~) in a configuration that loads nothing; a
 * regular file or a folder goes on, and so does a name not found
 * (fontconfig says so and falls back). Files it includes are not
 * looked at (cjm-render(1), BUGS). */
static int
fc_file_check(void)
{
	FcConfig *c = FcConfigCreate();
	FcChar8 *file = c != NULL ? FcConfigGetFilename(c, NULL) : NULL;
	struct stat st;
	int bad;

	bad = file != NULL && stat((const char *)file, &st) == 0 &&
	    !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
	if (bad)
		warnx_("fontconfig's configuration '%s' is not a regular file "
		    "(a device or FIFO can hold fontconfig forever): set "
		    "FONTCONFIG_FILE to a fonts.conf, or unset it", file);
	FcStrFree(file);
	if (c != NULL)
		FcConfigDestroy(c);
	return bad ? -1 : 0;
}

/* Everything about the options that can be refused before drawing. */
static int
check_run(struct run *rn)
{
	double w, h;
	int k = numbered(rn->c.output);

	if (pick_format(rn) != 0)
		return bad_usage("cannot tell the format from '%s': give "
		    "--to pdf, png or svg", rn->c.output);
	if (k < 0 || (k > 0 && rn->format == CJM_RENDER_PDF))
		return bad_usage("'%s': only PNG and SVG names may number "
		    "pages, with one %%d or %%0Nd", rn->c.output);
	/* As gzip: binary is not for a terminal (exit 2 before reading). */
	if (strcmp(rn->c.output, "-") == 0 && isatty(STDOUT_FILENO)) {
		warnx_("will not write %s to a terminal: give -o FILE or "
		    "redirect standard output", tos[rn->format]);
		return EXIT_USAGE;
	}
	cjm_render_page_points(rn->ro.page, &w, &h);
	w *= rn->ro.dpi / 72;
	h *= rn->ro.dpi / 72;
	if (rn->format == CJM_RENDER_PNG && (w > CJM_RENDER_PNG_SIDE_MAX ||
	    h > CJM_RENDER_PNG_SIDE_MAX || w * h > CJM_RENDER_PNG_AREA_MAX))
		return bad_usage("%s: the PNG would be too large (at most "
		    "32767 pixels a side, 200 million in all): lower --dpi",
		    "page and dpi");
	return pdf_date(rn) == 0 && fc_file_check() == 0 ? -1 : EXIT_USAGE;
}

/* Where each stage of the map stands in its input (the canonical form
 * keeps their order), so that render warnings name a line. */
static int
stage_places(struct item *it, const cjm_doc *doc)
{
	const json_t *st = json_object_get(cjm_doc_root(doc), "stages");
	size_t k, n = json_array_size(st);

	if (n == 0)
		return 0;
	if ((it->stage_pos = calloc(n, sizeof(*it->stage_pos))) == NULL)
		return -1;
	it->nstages = n;
	for (k = 0; k < n; k++)
		cjm_doc_pos(doc, st, NULL, k, &it->stage_pos[k], NULL);
	return 0;
}

static int
keep(struct run *rn, json_t *root, const cjm_doc *doc)
{
	struct item *it;

	if (cjm_grow(&rn->items, &rn->cap, rn->nitems, sizeof(*it), 16) != 0)
		return -1;
	it = &rn->items[rn->nitems];
	if ((it->name = strdup(cjm_doc_name(doc))) == NULL)
		return -1;
	it->root = root;
	it->index = cjm_doc_index(doc);
	it->stage_pos = NULL;
	it->nstages = 0;
	rn->nitems++;
	return stage_places(it, doc);
}

/* Check one document as cjm-validate does; keep its canonical form. */
static int
take(struct run *rn, cjm_doc *doc, cjm_diags *ds)
{
	json_t *root = cjm_doc_root(doc), *canon;

	if (json_is_object(root) && json_object_get(root, "cjm_maturity")) {
		if (keep(rn, json_incref(root), doc) != 0)
			return CJM_ESYS;
		return CJM_OK;
	}
	if (cjm_map_check(doc, NULL, ds) != CJM_OK)
		return CJM_EDATA;
	if ((canon = cjm_map_canonical(root)) == NULL ||
	    keep(rn, canon, doc) != 0) {
		json_decref(canon);
		return CJM_ESYS;
	}
	return CJM_OK;
}

/* Read every document of one input; the worst status. */
static int
read_input(struct run *rn, const char *path, cjm_diags *ds)
{
	cjm_reader *rd = cli_reader(&rn->c, (enum cjm_input_format)rn->c.from);
	cjm_doc *doc;
	int st, worst = CJM_OK;

	if (rd == NULL)
		return CJM_ESYS;
	st = cjm_reader_open_file(rd, path, ds);
	while (st == CJM_OK && (st = cjm_reader_next(rd, &doc, ds)) == CJM_OK) {
		st = take(rn, doc, ds);
		cjm_doc_free(doc);
		worst = st > worst ? st : worst;
		if (util_stream_is_log(ds))
			break;
		/* A map that fails gets all cjm-validate says; a valid one
		 * only its warnings, as drawing is the job here. */
		rn->worst = worse(rn->worst, util_diags_flush(ds, rn->c.diag,
		    cli_min_level(&rn->c, st == CJM_OK ? CJM_WARNING :
		    CJM_NOTE)));
		st = st == CJM_ESYS ? st : CJM_OK;
	}
	cjm_reader_free(rd);
	rn->worst = worse(rn->worst, util_diags_flush(ds, rn->c.diag,
	    cli_min_level(&rn->c, CJM_NOTE)));
	return st != CJM_DONE && st > worst ? st : worst;
}

/* The name of the k-th PNG/SVG page: the pattern's number, or page 1
 * as named and page k as NAME-k.EXT. Sized to fit: never cut short. */
static char *
page_name(const struct run *rn, unsigned k)
{
	const char *dot = strrchr(rn->c.output, '.');
	int pat = numbered(rn->c.output) > 0, ext = dot && !strchr(dot, '/');
	int n, len = ext ? (int)(dot - rn->c.output) : (int)strlen(rn->c.output);
	char *s;

	/* The pattern is checked (numbered): one %d with a width. */
	n = pat ? snprintf(NULL, 0, rn->c.output, k) : (int)strlen(rn->c.output) + 16;
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL) {
		warnx_("out of memory");
		return NULL;
	}
	if (pat)
		snprintf(s, (size_t)n + 1, rn->c.output, k);
	else if (k == 1)
		snprintf(s, (size_t)n + 1, "%s", rn->c.output);
	else
		snprintf(s, (size_t)n + 1, "%.*s-%u%s", len, rn->c.output, k,
		    ext ? dot : "");
	return s;
}

/* Two pages to one name would keep only the last: refuse. */
static int
name_taken(const struct run *rn, const char *name)
{
	unsigned i;

	for (i = 0; i + 1 < rn->page_no; i++)
		if (strcmp(rn->pages[i].path, name) == 0) {
			warnx_("%s: two pages would go to this name; give -o "
			    "a name with %%d", name);
			return 1;
		}
	return 0;
}

/* One PNG or SVG page to its own file, finished but not yet renamed:
 * the set is replaced all together at the end (finish_pages). */
static int
write_page(struct run *rn, cjm_render *r, size_t i, cjm_diags *ds)
{
	util_out *o;
	char *name;
	int st;

	if (cjm_grow(&rn->pages, &rn->pcap, rn->page_no, sizeof(*o), 4) != 0)
		return CJM_ESYS;
	o = &rn->pages[rn->page_no];
	memset(o, 0, sizeof(*o));
	if ((name = page_name(rn, ++rn->page_no)) == NULL ||
	    name_taken(rn, name) || util_out_open(o, name) != 0) {
		free(name);
		rn->page_no--;
		return CJM_ESYS;
	}
	free(name);
	st = rn->format == CJM_RENDER_PNG ?
	    cjm_render_png(r, i, util_out_put, o, ds) :
	    cjm_render_svg(r, i, util_out_put, o, ds);
	if (st != CJM_OK) {
		util_out_fail(o);
		rn->page_no--;
	} else if (util_out_finish(o) != 0) {
		rn->page_no--;
		st = CJM_ESYS;
	}
	return st;
}

/* Every page written, or none: rename the set, or remove it. */
static int
finish_pages(struct run *rn, int st)
{
	if (util_out_commit_all(rn->pages, rn->page_no, st == CJM_OK) != 0 &&
	    st == CJM_OK)
		st = CJM_ESYS;
	free(rn->pages);
	rn->pages = NULL;
	return st;
}

/* Every page of every document kept. */
static int
draw_all(struct run *rn, cjm_render *r, cjm_diags *ds)
{
	size_t d, i;
	int st = CJM_OK;

	for (d = 0; d < rn->nitems && st == CJM_OK; d++) {
		cjm_render_stage_pos(r, rn->items[d].stage_pos,
		    rn->items[d].nstages);
		st = cjm_render_load(r, rn->items[d].root, rn->items[d].name,
		    rn->items[d].index, ds);
		for (i = 0; st == CJM_OK && i < cjm_render_pages(r); i++)
			st = rn->format == CJM_RENDER_PDF ?
			    cjm_render_pdf_add(r, i, ds) :
			    write_page(rn, r, i, ds);
		util_diags_flush(ds, rn->c.diag, cli_min_level(&rn->c, CJM_NOTE));
	}
	return st;
}

/* Standard output takes one PNG or SVG page: refuse more before
 * anything is written. */
static int
one_page(struct run *rn, cjm_render *r, cjm_diags *ds)
{
	size_t n = rn->nitems;

	if (n == 1)
		cjm_render_stage_pos(r, rn->items[0].stage_pos,
		    rn->items[0].nstages);
	if (n == 1 && cjm_render_load(r, rn->items[0].root,
	    rn->items[0].name, rn->items[0].index, ds) == CJM_OK)
		n = cjm_render_pages(r);
	if (n <= 1)
		return CJM_OK;
	warnx_("%zu pages cannot go to standard output as %s: give -o "
	    "NAME-%%02d.%s", n, rn->format == CJM_RENDER_PNG ? "PNG" : "SVG",
	    rn->format == CJM_RENDER_PNG ? "png" : "svg");
	return CJM_ESYS;
}

/*
 * fontconfig's configuration as FcInit loads it, less one step: FcInit
 * also parses every template in conf.avail (82 files on Debian) only to
 * list them for fc-conflist, 10 of its 24 million instructions, a
 * sixteenth of a slide to PDF (issue 15). Made current before pango's
 * font map starts, so that pango's FcInit finds it loaded. Whatever fails
 * (no configuration, none with a <cachedir>, for which FcInit adds its
 * defaults) is left to FcInit as before: a missing file is not reported
 * here, so FcInit's error comes once; the warnings of a configuration
 * without a <cachedir> come twice.
 */
static void
fc_start(void)
{
	FcConfig *c;
	FcStrList *dirs = NULL;

	/* FcInit reads FC_DEBUG before it parses, as nothing else does:
	 * asked for fontconfig's debugging output, leave it to FcInit. */
	if (getenv("FC_DEBUG") != NULL || (c = FcConfigCreate()) == NULL)
		return;
	if (FcConfigParseAndLoad(c, NULL, FcFalse) &&
	    (dirs = FcConfigGetCacheDirs(c)) != NULL &&
	    FcStrListNext(dirs) != NULL)
		(void)FcConfigSetCurrent(c);	/* takes its own reference */
	if (dirs != NULL)
		FcStrListDone(dirs);
	FcConfigDestroy(c);
}

static int
render(struct run *rn, cjm_diags *ds)
{
	cjm_diags *od = cjm_diags_new();
	cjm_render *r;
	util_out o;
	int st;

	fc_start();
	r = od != NULL ? cjm_render_new(&rn->ro, od) : NULL;
	/* The options' own messages (dpi, font) are the program's, not an
	 * input's: "cjm-render: warning: ..." */
	if (od != NULL)
		cjm_diags_move(od, ds, CJM_NOTE, progname);
	cjm_diags_free(od);
	util_diags_flush(ds, rn->c.diag, cli_min_level(&rn->c, CJM_NOTE));
	if (r == NULL)
		return CJM_ESYS;
	if (rn->format != CJM_RENDER_PDF) {
		st = strcmp(rn->c.output, "-") == 0 ? one_page(rn, r, ds) : CJM_OK;
		if (st == CJM_OK)
			st = draw_all(rn, r, ds);
		st = finish_pages(rn, st);
	} else if (util_out_open(&o, rn->c.output) != 0) {
		st = CJM_ESYS;
	} else {
		st = cjm_render_pdf_begin(r, util_out_put, &o, ds);
		if (st == CJM_OK)
			st = draw_all(rn, r, ds);
		if (cjm_render_pdf_end(r, st == CJM_OK ? ds : NULL) != CJM_OK)
			st = CJM_ESYS;
		if (st == CJM_OK && util_out_commit(&o) != 0)
			st = CJM_ESYS;
		else if (st != CJM_OK)
			util_out_fail(&o);
	}
	util_diags_flush(ds, rn->c.diag, cli_min_level(&rn->c, CJM_NOTE));
	cjm_render_free(r);
	return st;
}

/* Drop what was read. */
static void
run_free(struct run *rn)
{
	size_t i;

	for (i = 0; i < rn->nitems; i++) {
		json_decref(rn->items[i].root);
		free(rn->items[i].name);
		free(rn->items[i].stage_pos);
	}
	free(rn->items);
}

int
main(int argc, char **argv)
{
	struct run *rn = &run;
	cjm_diags *ds;
	int st = CJM_OK, in, first;

	util_init(argv[0]);
	cjm_render_opts_default(&rn->ro);
	if ((first = cli_parse(&tool, &rn->c, argc, argv)) < 0 ||
	    util_args_stdin_once(argv + first, argc - first, "a map") != 0)
		return cli_exit(first < 0 ? first : -1);
	rn->ro.lang = rn->c.lang;
	rn->format = rn->c.to_given ? rn->c.to : -1;
	if ((in = check_run(rn)) >= 0 || (ds = cjm_diags_new()) == NULL)
		return in >= 0 ? in : EXIT_USAGE;
	for (in = first; in < argc || (in == first && first == argc); in++)
		st = worse(st, read_input(rn, in < argc ? argv[in] : "-", ds));
	/* With --strict a warning fails, before anything is drawn. */
	if (st == CJM_OK && rn->c.strict && rn->worst >= CJM_WARNING)
		st = CJM_EDATA;
	if (st == CJM_OK)
		st = render(rn, ds);
	run_free(rn);
	cjm_diags_free(ds);
	return util_close_stdout(st == CJM_OK ? EXIT_OK : st == CJM_EDATA ?
	    EXIT_DATA : EXIT_USAGE);
}
