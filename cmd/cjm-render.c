/* cjm-render.c: draw journey maps to PDF, PNG or SVG. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cjm_render.h"
#include "grow.h"
#include "util.h"

/* A document read and checked, waiting to be drawn. */
struct item {
	json_t *root;		/* canonical map or maturity document */
	char *name;		/* input name, as diagnostics give it */
	unsigned index;
};

struct run {
	cjm_render_opts ro;
	const char *out;	/* -o: "-" for stdout */
	int format;		/* enum cjm_render_format, -1: from the name */
	int input_format;
	int diag_format;
	char date[32];
	struct item *items;
	size_t nitems, cap;
	unsigned page_no;	/* pages written to PNG/SVG so far */
	util_out *pages;	/* their files, renamed together at the end */
	size_t pcap;
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: cjm-render [-o FILE] [-f pdf|png|svg] [-p PAGE] [options] "
	    "[FILE ...]\n"
	    "Draw journey maps (and funnel, maturity, touchpoint-graph pages)."
	    "\n\n"
	    "  -o, --output FILE      output file; - is stdout (default);\n"
	    "                         PNG/SVG: %%d or %%02d numbers the pages\n"
	    "  -f, --format FMT       pdf, png or svg (default: from FILE's\n"
	    "                         extension, else pdf)\n"
	    "  -p, --page PAGE        slide (16:9, default), a4, a3, letter,\n"
	    "                         auto\n"
	    "  -d, --dpi N            PNG resolution, %d..%d (default 96)\n"
	    "  -t, --theme THEME      color (default) or grey\n"
	    "  -F, --font FAMILY      pango font family (default DejaVu Sans)\n"
	    "  -l, --lang LANG        lane labels: en or ru (default: the "
	    "map's)\n"
	    "      --min-font PT      smallest font on a fixed page, %g..%g "
	    "(default 6)\n"
	    "  -i, --input-format F   auto, yaml or json\n"
	    "      --diag-format F    text, json or github\n"
	    "  -h, --help             this help\n"
	    "      --version          print the version\n",
	    CJM_RENDER_DPI_MIN, CJM_RENDER_DPI_MAX, CJM_RENDER_FONT_MIN,
	    CJM_RENDER_FONT_MAX);
}

static int
bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", progname);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s: see --help\n", progname);
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

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "format", required_argument, NULL, 'f' },
	{ "page", required_argument, NULL, 'p' },
	{ "dpi", required_argument, NULL, 'd' },
	{ "theme", required_argument, NULL, 't' },
	{ "font", required_argument, NULL, 'F' },
	{ "lang", required_argument, NULL, 'l' },
	{ "min-font", required_argument, NULL, 'm' },
	{ "input-format", required_argument, NULL, 'i' },
	{ "diag-format", required_argument, NULL, 'D' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static int
input_format(const char *s)
{
	if (strcmp(s, "auto") == 0)
		return CJM_INPUT_AUTO;
	if (strcmp(s, "yaml") == 0)
		return CJM_INPUT_YAML;
	if (strcmp(s, "json") == 0)
		return CJM_INPUT_JSON;
	return -1;
}

/* One option; returns -1 to go on, else the exit status. */
static int
option(struct run *rn, int c, const char *arg)
{
	int v = 0;

	switch (c) {
	case 'o': rn->out = arg; return -1;
	case 'F': rn->ro.font = arg; return -1;
	case 'f':
		if ((rn->format = cjm_render_format_parse(arg)) < 0)
			return bad_usage("unknown format '%s': use pdf, png "
			    "or svg", arg);
		return -1;
	case 'p': v = cjm_render_page_parse(arg); rn->ro.page = v; break;
	case 't': v = cjm_render_theme_parse(arg); rn->ro.theme = v; break;
	case 'i': v = rn->input_format = input_format(arg); break;
	case 'D': v = rn->diag_format = util_diag_format(arg); break;
	case 'l':
		if (strcmp(arg, "en") != 0 && strcmp(arg, "ru") != 0)
			return bad_usage("unknown language '%s': use en or "
			    "ru", arg);
		rn->ro.lang = arg;
		return -1;
	case 'd':
		if (parse_num(arg, CJM_RENDER_DPI_MIN, CJM_RENDER_DPI_MAX,
		    &rn->ro.dpi) != 0)
			return bad_usage("--dpi '%s': give a number from 36 "
			    "to 1200", arg);
		return -1;
	case 'm':
		if (parse_num(arg, CJM_RENDER_FONT_MIN, CJM_RENDER_FONT_MAX,
		    &rn->ro.min_font) != 0)
			return bad_usage("--min-font '%s': give points from "
			    "4 to 24", arg);
		return -1;
	case 'h': usage(stdout); return util_close_stdout(EXIT_OK);
	case 'V':
		printf("cjm-render %s\n", CJM_VERSION);
		return util_close_stdout(EXIT_OK);
	default:
		fprintf(stderr, "%s: see --help\n", progname);
		return EXIT_USAGE;
	}
	if (v < 0)
		return bad_usage("unknown value '%s' (see --help)", arg);
	return -1;
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

/* The format from --format, else the output's extension, else PDF. */
static int
pick_format(struct run *rn)
{
	static const char *const ext[] = { ".pdf", ".png", ".svg" };
	const char *dot = strrchr(rn->out, '.');
	int i;

	if (rn->format >= 0)
		return 0;
	rn->format = CJM_RENDER_PDF;
	if (strcmp(rn->out, "-") == 0)
		return 0;
	for (i = 0; dot != NULL && i < 3; i++)
		if (strcasecmp(dot, ext[i]) == 0) {
			rn->format = i;
			return 0;
		}
	return -1;
}

/* Everything about the options that can be refused before drawing. */
static int
check_run(struct run *rn)
{
	double w, h;
	int k = numbered(rn->out);

	if (pick_format(rn) != 0)
		return bad_usage("cannot tell the format from '%s': give "
		    "--format pdf, png or svg", rn->out);
	if (k < 0 || (k > 0 && rn->format == CJM_RENDER_PDF))
		return bad_usage("'%s': only PNG and SVG names may number "
		    "pages, with one %%d or %%0Nd", rn->out);
	cjm_render_page_points(rn->ro.page, &w, &h);
	w *= rn->ro.dpi / 72;
	h *= rn->ro.dpi / 72;
	if (rn->format == CJM_RENDER_PNG && (w > CJM_RENDER_PNG_SIDE_MAX ||
	    h > CJM_RENDER_PNG_SIDE_MAX || w * h > CJM_RENDER_PNG_AREA_MAX))
		return bad_usage("%s: the PNG would be too large (at most "
		    "32767 pixels a side, 200 million in all): lower --dpi",
		    "page and dpi");
	return pdf_date(rn) == 0 ? -1 : EXIT_USAGE;
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
	rn->nitems++;
	return 0;
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
	cjm_reader *rd = cjm_reader_new(NULL, rn->input_format);
	cjm_doc *doc;
	int st, worst = CJM_OK;

	if (rd == NULL)
		return CJM_ESYS;
	st = cjm_reader_open_file(rd, path, ds);
	while (st == CJM_OK && (st = cjm_reader_next(rd, &doc, ds)) == CJM_OK) {
		st = take(rn, doc, ds);
		cjm_doc_free(doc);
		worst = st > worst ? st : worst;
		/* A map that fails gets all cjm-validate says; a valid one
		 * only its warnings, as drawing is the job here. */
		util_diags_flush(ds, rn->diag_format, st == CJM_OK ?
		    CJM_WARNING : CJM_NOTE);
		st = st == CJM_ESYS ? st : CJM_OK;
	}
	cjm_reader_free(rd);
	util_diags_flush(ds, rn->diag_format, CJM_NOTE);
	return st != CJM_DONE && st > worst ? st : worst;
}

/* The name of the k-th PNG/SVG page: the pattern's number, or page 1
 * as named and page k as NAME-k.EXT. Sized to fit: never cut short. */
static char *
page_name(const struct run *rn, unsigned k)
{
	const char *dot = strrchr(rn->out, '.');
	int pat = numbered(rn->out) > 0, ext = dot && !strchr(dot, '/');
	int n, len = ext ? (int)(dot - rn->out) : (int)strlen(rn->out);
	char *s;

	/* The pattern is checked (numbered): one %d with a width. */
	n = pat ? snprintf(NULL, 0, rn->out, k) : (int)strlen(rn->out) + 16;
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL) {
		warnx_("out of memory");
		return NULL;
	}
	if (pat)
		snprintf(s, (size_t)n + 1, rn->out, k);
	else if (k == 1)
		snprintf(s, (size_t)n + 1, "%s", rn->out);
	else
		snprintf(s, (size_t)n + 1, "%.*s-%u%s", len, rn->out, k,
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
		st = cjm_render_load(r, rn->items[d].root, rn->items[d].name,
		    rn->items[d].index, ds);
		for (i = 0; st == CJM_OK && i < cjm_render_pages(r); i++)
			st = rn->format == CJM_RENDER_PDF ?
			    cjm_render_pdf_add(r, i, ds) :
			    write_page(rn, r, i, ds);
		util_diags_flush(ds, rn->diag_format, CJM_NOTE);
	}
	return st;
}

/* Standard output takes one PNG or SVG page: refuse more before
 * anything is written. */
static int
one_page(struct run *rn, cjm_render *r, cjm_diags *ds)
{
	size_t n = rn->nitems;

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

static int
render(struct run *rn, cjm_diags *ds)
{
	cjm_render *r = cjm_render_new(&rn->ro, ds);
	util_out o;
	int st;

	util_diags_flush(ds, rn->diag_format, CJM_NOTE);
	if (r == NULL)
		return CJM_ESYS;
	if (rn->format != CJM_RENDER_PDF) {
		st = strcmp(rn->out, "-") == 0 ? one_page(rn, r, ds) : CJM_OK;
		if (st == CJM_OK)
			st = draw_all(rn, r, ds);
		st = finish_pages(rn, st);
	} else if (util_out_open(&o, rn->out) != 0) {
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
	util_diags_flush(ds, rn->diag_format, CJM_NOTE);
	cjm_render_free(r);
	return st;
}

int
main(int argc, char **argv)
{
	struct run rn = { .out = "-", .format = -1 };
	cjm_diags *ds;
	int c, st = CJM_OK, in;
	size_t i;

	util_init(argv[0]);
	util_args(argc, argv);
	cjm_render_opts_default(&rn.ro);
	while ((c = getopt_long(argc, argv, "o:f:p:d:t:F:l:i:h", longopts,
	    NULL)) != -1)
		if ((in = option(&rn, c, optarg)) >= 0)
			return in;
	if ((in = check_run(&rn)) >= 0 || (ds = cjm_diags_new()) == NULL)
		return in >= 0 ? in : EXIT_USAGE;
	if (optind == argc)
		st = read_input(&rn, "-", ds);
	for (i = optind; i < (size_t)argc; i++) {
		in = read_input(&rn, argv[i], ds);
		st = in > st ? in : st;
	}
	if (st == CJM_OK)
		st = render(&rn, ds);
	for (i = 0; i < rn.nitems; i++) {
		json_decref(rn.items[i].root);
		free(rn.items[i].name);
	}
	free(rn.items);
	cjm_diags_free(ds);
	return util_close_stdout(st == CJM_OK ? EXIT_OK : st == CJM_EDATA ?
	    EXIT_DATA : EXIT_USAGE);
}
