/* xlsx_read.c: one sheet of an XLSX workbook into a grid. libzip opens
 * the container and libxml2 parses the parts (ECMA-376 part 1: 18.2
 * workbook, 18.3.1 sheetData and mergeCells, 18.4 shared strings); no
 * network, no entity expansion, and every part's inflated size bounded. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "convert_impl.h"
#include "grow.h"
#include "num.h"

#define XLSX_MAX_PART	((size_t)256 * 1024 * 1024)

struct xr {
	zip_t *z;
	const char *name;
	cjm_diags *ds;
	size_t max;
	char **sst;		/* shared strings */
	size_t nsst, sstcap;
	int bad;		/* a diagnostic was added */
};

static int
xfail(struct xr *x, const char *code, const char *hint, const char *fmt,
    const char *arg)
{
	cjm_pos p = { 0, 0, 0 };

	cjm_diags_add(x->ds, CJM_ERROR, code, x->name, 0, NULL, p, hint, fmt,
	    arg);
	x->bad = 1;
	return CJM_EDATA;
}

/* A part of the package parsed, or NULL (with a diagnostic unless the
 * part is optional and absent). */
static xmlDoc *
part(struct xr *x, const char *path, int optional)
{
	zip_stat_t st;
	zip_file_t *f;
	char *buf;
	xmlDoc *doc;
	zip_int64_t n;

	if (zip_stat(x->z, path, ZIP_FL_NOCASE, &st) != 0) {
		if (!optional)
			xfail(x, "xlsx-part", "save the workbook again as "
			    "Excel Workbook (.xlsx)", "the workbook has no "
			    "part '%s'", path);
		return NULL;
	}
	if (!(st.valid & ZIP_STAT_SIZE) || st.size > x->max) {
		char msg[160];

		snprintf(msg, sizeof(msg), "part '%%s' is larger than the "
		    "limit for one part (%zu %s, --max-input)", x->max,
		    BYTES(x->max));
		xfail(x, "xlsx-limit", "split the workbook", msg, path);
		return NULL;
	}
	if ((buf = malloc(st.size + 1)) == NULL)
		return NULL;
	if ((f = zip_fopen(x->z, path, ZIP_FL_NOCASE)) == NULL ||
	    (n = zip_fread(f, buf, st.size)) < 0 || (zip_uint64_t)n != st.size) {
		if (f != NULL)
			zip_fclose(f);
		free(buf);
		xfail(x, "xlsx-zip", "the file is damaged; save it again",
		    "cannot read part '%s'", path);
		return NULL;
	}
	zip_fclose(f);
	doc = xmlReadMemory(buf, (int)st.size, path, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	free(buf);
	if (doc == NULL)
		xfail(x, "xlsx-xml", "the file is damaged; save it again",
		    "part '%s' is not well-formed XML", path);
	return doc;
}

static int
is(const xmlNode *n, const char *local)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, local) == 0;
}

static xmlNode *
child(const xmlNode *n, const char *local)
{
	for (n = n ? n->children : NULL; n != NULL; n = n->next)
		if (is(n, local))
			return (xmlNode *)n;
	return NULL;
}

/* An attribute by local name, whatever its namespace (r:id). */
static char *
attr(const xmlNode *n, const char *local)
{
	const xmlAttr *a;

	for (a = n->properties; a != NULL; a = a->next)
		if (strcmp((const char *)a->name, local) == 0)
			return (char *)xmlNodeGetContent((xmlNode *)a);
	return NULL;
}

/* The text of every <t> under n (rich text runs joined), phonetic runs
 * (<rPh>) left out. */
static void
runs(sbuf *b, const xmlNode *n)
{
	for (n = n->children; n != NULL; n = n->next) {
		if (is(n, "rPh"))
			continue;
		if (is(n, "t")) {
			xmlChar *t = xmlNodeGetContent((xmlNode *)n);

			sb_str(b, t ? (const char *)t : "");
			xmlFree(t);
		} else if (n->type == XML_ELEMENT_NODE)
			runs(b, n);
	}
}

static int
shared_strings(struct xr *x)
{
	xmlDoc *doc = part(x, "xl/sharedStrings.xml", 1);
	xmlNode *n;

	if (doc == NULL)
		return x->bad ? CJM_EDATA : CJM_OK;
	for (n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
		sbuf b = { 0 };

		if (!is(n, "si"))
			continue;
		if (cjm_grow(&x->sst, &x->sstcap, x->nsst, sizeof(*x->sst),
		    64) != 0)
			break;
		sb_str(&b, "");
		runs(&b, n);
		x->sst[x->nsst++] = b.s;
	}
	xmlFreeDoc(doc);
	return CJM_OK;
}

/* Sheet names match in any case, Cyrillic too ("карта" is "Карта"). */
static int
same_name(const char *a, const char *b)
{
	char na[512], nb[512];

	label_norm(a, na, sizeof(na));
	label_norm(b, nb, sizeof(nb));
	return strcmp(na, nb) == 0;
}

/* The sheet's part name: by name (any case) or 1-based number, else
 * the first; from workbook.xml and its relationships. */
static char *
sheet_path(struct xr *x, const char *want)
{
	xmlDoc *wb = part(x, "xl/workbook.xml", 0), *rels;
	xmlNode *sheets, *n, *r;
	char *rid = NULL, *path = NULL, *end;
	sbuf names = { 0 };
	long num = want ? strtol(want, &end, 10) : 1, k = 0;

	if (wb == NULL)
		return NULL;
	if (want != NULL && (*end != '\0' || end == want))
		num = 0;
	sb_str(&names, "the workbook's sheets: ");
	sheets = child(xmlDocGetRootElement(wb), "sheets");
	for (n = sheets ? sheets->children : NULL; n && !rid; n = n->next) {
		char *nm;

		if (!is(n, "sheet"))
			continue;
		k++;
		nm = attr(n, "name");
		sb_printf(&names, "%s'%s'", k > 1 ? ", " : "", nm ? nm : "");
		if ((num > 0 && k == num) || (num == 0 && nm != NULL &&
		    same_name(nm, want)))
			rid = attr(n, "id");
		xmlFree(nm);
	}
	xmlFreeDoc(wb);
	if (rid == NULL) {
		xfail(x, "xlsx-sheet", k > 0 ? names.s : NULL, want ?
		    "no sheet '%s' in the workbook" :
		    "the workbook has no sheets%s", want ? want : "");
		free(names.s);
		return NULL;
	}
	free(names.s);
	if ((rels = part(x, "xl/_rels/workbook.xml.rels", 0)) == NULL) {
		xmlFree(rid);
		return NULL;
	}
	for (r = xmlDocGetRootElement(rels)->children; r; r = r->next) {
		char *id = is(r, "Relationship") ? attr(r, "Id") : NULL;

		if (id != NULL && strcmp(id, rid) == 0 && path == NULL) {
			char *t = attr(r, "Target");

			if (t != NULL && (path = malloc(strlen(t) + 4)) != NULL)
				sprintf(path, t[0] == '/' ? "%s" : "xl/%s",
				    t[0] == '/' ? t + 1 : t);
			xmlFree(t);
		}
		xmlFree(id);
	}
	xmlFreeDoc(rels);
	xmlFree(rid);
	if (path == NULL)
		xfail(x, "xlsx-part", "save the workbook again as Excel "
		    "Workbook (.xlsx)", "the sheet's part is not named in the "
		    "workbook's relationships%s", "");
	return path;
}

/* "C5" -> row 4, column 2; -1 when it is not a cell reference. */
static int
ref(const char *s, size_t *row, size_t *col)
{
	size_t c = 0, r = 0, n = 0;

	for (; isalpha((unsigned char)*s) && n < 4; s++, n++)
		c = c * 26 + (size_t)(toupper((unsigned char)*s) - 'A' + 1);
	if (n == 0 || n > 3 || !isdigit((unsigned char)*s))
		return -1;
	for (n = 0; isdigit((unsigned char)*s) && n < 8; s++, n++)
		r = r * 10 + (size_t)(*s - '0');
	if (*s != '\0' || r == 0)
		return -1;
	*row = r - 1;
	*col = c - 1;
	return 0;
}

/* The text of cell c by its type (18.18.11 ST_CellType): shared string,
 * inline string, formula string, boolean, error, or number as written. */
static char *
cell_text(struct xr *x, const xmlNode *c)
{
	char *t = attr(c, "t"), *out = NULL;
	xmlNode *v = child(c, "v"), *is_ = child(c, "is");
	xmlChar *vs = v ? xmlNodeGetContent(v) : NULL;
	sbuf b = { 0 };

	if (t != NULL && strcmp(t, "s") == 0) {
		long k = vs ? strtol((const char *)vs, NULL, 10) : -1;

		if (k >= 0 && (size_t)k < x->nsst)
			out = strdup(x->sst[k]);
		else {		/* a damaged workbook: say so, never drop text */
			char *cr = attr(c, "r");

			xfail(x, "xlsx-ref", "the file is damaged; save it again",
			    "cell %s names a shared string that is not there",
			    cr ? cr : "?");
			xmlFree(cr);
		}
	} else if (t != NULL && strcmp(t, "inlineStr") == 0 && is_ != NULL) {
		sb_str(&b, "");
		runs(&b, is_);
		out = b.s;
	} else if (t != NULL && strcmp(t, "b") == 0 && vs != NULL)
		out = strdup(vs[0] == '1' ? "TRUE" : "FALSE");
	else if (vs != NULL)
		out = strdup((const char *)vs);
	xmlFree(vs);
	xmlFree(t);
	return out;
}

static int
sheet_cells(struct xr *x, cjm_grid *g, xmlNode *data)
{
	xmlNode *row, *c;
	size_t rn = 0, cn;
	int r = CJM_OK;

	for (row = data->children; row && r == CJM_OK; row = row->next) {
		char *rs;

		if (!is(row, "row"))
			continue;
		if ((rs = attr(row, "r")) != NULL) {
			char *end;
			unsigned long v = strtoul(rs, &end, 10);

			if (*end != '\0' || v == 0 || v > CJM_GRID_MAX_ROWS)
				r = xfail(x, "xlsx-ref", "save the workbook "
				    "again", "bad row number '%s'", rs);
			rn = (size_t)v - 1;
		}
		xmlFree(rs);
		if (r != CJM_OK)
			break;
		cn = 0;
		for (c = row->children; c && r == CJM_OK; c = c->next) {
			char *cr, *text;
			size_t rr = rn, cc = cn;
			cjm_pos p = { 0, 0, 0 };

			if (!is(c, "c"))
				continue;
			if ((cr = attr(c, "r")) != NULL && ref(cr, &rr, &cc) != 0) {
				r = xfail(x, "xlsx-ref", "save the workbook again",
				    "bad cell reference '%s'", cr);
				xmlFree(cr);
				break;
			}
			xmlFree(cr);
			cn = cc + 1;
			if ((text = cell_text(x, c)) == NULL || text[0] == '\0') {
				free(text);
				if (x->bad)
					r = CJM_EDATA;
				continue;
			}
			p.line = (unsigned long)rr + 1;
			p.col = (unsigned long)cc + 1;
			if (cjm_utf8_check(text, strlen(text)) != strlen(text))
				r = xfail(x, "bad-utf8", NULL, "cell text is not "
				    "UTF-8%s", "");
			else if ((r = cjm_grid_set(g, rr, cc, text, strlen(text),
			    p)) == CJM_EDATA)
				xfail(x, "grid-limit", "split the table", "the "
				    "sheet is over the grid's limits%s", "");
			free(text);
		}
		rn++;
	}
	return r;
}

static int
sheet_merges(cjm_grid *g, xmlNode *root)
{
	xmlNode *mc = child(root, "mergeCells"), *m;

	for (m = mc ? mc->children : NULL; m != NULL; m = m->next) {
		char *rs = is(m, "mergeCell") ? attr(m, "ref") : NULL, *colon;
		size_t r0, c0, r1, c1;

		if (rs != NULL && (colon = strchr(rs, ':')) != NULL) {
			*colon = '\0';
			if (ref(rs, &r0, &c0) == 0 && ref(colon + 1, &r1, &c1) == 0
			    && cjm_grid_merge(g, r0, c0, r1, c1) != CJM_OK) {
				xmlFree(rs);
				return CJM_ESYS;
			}
		}
		xmlFree(rs);
	}
	return CJM_OK;
}

int
cjm_grid_read_xlsx(cjm_grid *g, const void *buf, size_t len,
    const char *name, const char *sheet, size_t max_part, cjm_diags *ds)
{
	struct xr x;
	zip_error_t ze;
	zip_source_t *src;
	xmlDoc *doc = NULL;
	char *path = NULL;
	size_t i;
	int r = CJM_EDATA;

	memset(&x, 0, sizeof(x));
	x.name = name;
	x.ds = ds;
	x.max = max_part ? max_part : XLSX_MAX_PART;
	g->name = name;
	g->xlsx = 1;
	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(buf, len, 0, &ze)) == NULL ||
	    (x.z = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL) {
		zip_source_free(src);
		zip_error_fini(&ze);
		return xfail(&x, "xlsx-zip", "save it as Excel Workbook (.xlsx); "
		    "for .xls or .ods save as .xlsx or CSV UTF-8", "not an XLSX "
		    "workbook (not a ZIP archive)%s", "");
	}
	zip_error_fini(&ze);
	if (shared_strings(&x) == CJM_OK && (path = sheet_path(&x, sheet)) &&
	    (doc = part(&x, path, 0)) != NULL) {
		xmlNode *root = xmlDocGetRootElement(doc);
		xmlNode *data = child(root, "sheetData");

		r = data ? sheet_cells(&x, g, data) : CJM_OK;
		if (r == CJM_OK)
			r = sheet_merges(g, root);
	}
	xmlFreeDoc(doc);
	free(path);
	zip_discard(x.z);	/* frees the source too */
	for (i = 0; i < x.nsst; i++)
		free(x.sst[i]);
	free(x.sst);
	return r;
}
