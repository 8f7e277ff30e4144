/* maturity_csv.c: survey answers from a spreadsheet's CSV export. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "maturity.h"

#define NQ CJM_MATURITY_QUESTIONS

/* Which field holds what; -1 for none. */
struct cols {
	int resp, dept, q[NQ];
	size_t n;		/* fields in the header */
};

/* The reading state: the raw input, to place fields by line and column,
 * since cjm_csv gives the line of a record only. */
struct rd {
	cjm_answers *a;
	const char *buf, *name;
	size_t len, off;	/* off: start of line `line` */
	unsigned long line, row;
	char delim;
	int skip;
	cjm_diags *ds;
	int delim_given;	/* -d chose delim (else it was sniffed) */
};

static const char *const known_cols[] = {
	"respondent", "department", "q1", "q2", "q3", "q4", "q5", "q6", "q7",
	"q8", "q9", "q10", "q11", "q12", "q13", "q14", "q15", "q16", "q17",
	"q18", "q19", "q20"
};

/* Where field k of the record on line ln starts (1-based; columns count
 * characters). Quotes are followed as cjm_csv reads them. */
static cjm_pos
field_pos(struct rd *r, unsigned long ln, size_t k)
{
	cjm_pos p = { 0, 1, 0 };
	size_t i;
	int inq = 0;

	while (r->line < ln && r->off < r->len)
		if (r->buf[r->off++] == '\n')
			r->line++;
	i = r->off;
	if (i == 0 && r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	p.line = ln;
	for (; i < r->len && k > 0; i++) {
		unsigned char c = (unsigned char)r->buf[i];

		if (inq) {
			if (c == '"' && i + 1 < r->len && r->buf[i + 1] == '"')
				i++, p.col++;
			else if (c == '"')
				inq = 0;
		} else if (c == '"')
			inq = 1;
		else if (c == (unsigned char)r->delim)
			k--;
		else if (c == '\n' || c == '\r')
			break;
		if (c == '\n')
			p.line++, p.col = 1;
		else if ((c & 0xC0) != 0x80)
			p.col++;
	}
	p.offset = i;
	return p;
}

static void
trim(char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

/* Russian spreadsheets head these columns in Russian. */
static const struct { const char *name; int role; } ru_cols[] = {
	{ "респондент", 0 }, { "отдел", 1 }, { "подразделение", 1 },
};

/* The role of header field f: 0 respondent, 1 department, 2.. q1..q20,
 * -1 unknown. Case (Latin and Cyrillic) and surrounding blanks do not
 * matter. */
static int
col_role(char *f, size_t len, char *low, size_t lowsz)
{
	size_t i;

	trim(&f, &len);
	if (len >= lowsz)
		len = lowsz - 1;
	maturity_fold((const unsigned char *)f, len, low);
	for (i = 0; i < sizeof(known_cols) / sizeof(known_cols[0]); i++)
		if (strcmp(low, known_cols[i]) == 0)
			return (int)i;
	for (i = 0; i < sizeof(ru_cols) / sizeof(ru_cols[0]); i++)
		if (strcmp(low, ru_cols[i].name) == 0)
			return ru_cols[i].role;
	return -1;
}

static int
header_field(struct rd *r, struct cols *c, char *f, size_t len, size_t k)
{
	char low[64];
	int role = col_role(f, len, low, sizeof(low)), *slot;
	const char *near;
	cjm_pos p = field_pos(r, r->line, k);

	if (role < 0) {
		char hint[96] = "";

		if ((near = cjm_suggest(low, known_cols, 22)) != NULL)
			snprintf(hint, sizeof(hint), "did you mean '%s'?",
			    near);
		return cjm_diags_add(r->ds, CJM_WARNING, "unknown-column",
		    r->name, 0, "", p, hint[0] ? hint : NULL,
		    "column %zu '%s' is not respondent, department or "
		    "q1..q20: ignored", k + 1, cjm_utf8_check(low,
		    strlen(low)) == strlen(low) ? low : "?"), CJM_OK;
	}
	slot = role == 0 ? &c->resp : role == 1 ? &c->dept : &c->q[role - 2];
	if (*slot >= 0) {
		cjm_diags_add(r->ds, CJM_ERROR, "duplicate-column", r->name, 0,
		    "", p, NULL, "column '%s' appears twice (columns %d and "
		    "%zu)", known_cols[role], *slot + 1, k + 1);
		return CJM_EDATA;
	}
	*slot = (int)k;
	return CJM_OK;
}

/* One error naming every answer column the header lacks, runs as
 * ranges ("q2..q5, q9"), rather than one error a column. Returns how
 * many are missing. */
static int
missing_cols(struct rd *r, const struct cols *c, cjm_pos p)
{
	char list[160];
	size_t used = 0;
	int q, e, n = 0;

	list[0] = '\0';
	for (q = 0; q < NQ; q = e) {
		for (e = q; e < NQ && c->q[e] < 0; e++)
			;
		if (e == q) {
			e = q + 1;
			continue;
		}
		n += e - q;
		used += (size_t)snprintf(list + used, sizeof(list) - used,
		    e - q > 1 ? "%sq%d..q%d" : "%sq%d", used ? ", " : "", q + 1,
		    e);
	}
	if (n > 0)
		cjm_diags_add(r->ds, CJM_ERROR, "missing-column", r->name, 0,
		    "", p, n > 1 ? "add them to the header row: a survey has "
		    "the columns q1 .. q20, one a question (cjm-maturity(1) "
		    "lists them)" : "add it to the header row: a survey has "
		    "the columns q1 .. q20, one a question (cjm-maturity(1) "
		    "lists them)", "the header has no column%s %s",
		    n > 1 ? "s" : "", list);
	return n;
}

static int
read_header(struct rd *r, struct cols *c, char **f, size_t *lens, size_t n)
{
	cjm_pos p = { r->line, 1, 0 };
	int st = CJM_OK, q, any = 0;
	size_t k;

	c->resp = c->dept = -1;
	for (q = 0; q < NQ; q++)
		c->q[q] = -1;
	c->n = n;
	/* No answer column at all: the first row is no header, and one
	 * message says so rather than one per field. */
	for (k = 0; k < n; k++) {
		char low[64];

		any |= col_role(f[k], lens[k], low, sizeof(low)) >= 2;
	}
	for (k = 0; any && k < n; k++)
		if (header_field(r, c, f[k], lens[k], k) != CJM_OK)
			st = CJM_EDATA;
	if (!any && n == 1 && cjm_csv_other_delim(f[0], r->delim) != 0) {
		char hb[160];

		cjm_csv_delim_hint(cjm_csv_other_delim(f[0], r->delim),
		    r->delim, r->delim_given, hb, sizeof(hb));
		return cjm_diags_add(r->ds, CJM_ERROR, "wrong-delimiter",
		    r->name, 0, "", p, hb, "no q1..q20 columns in the header "
		    "row"), CJM_EDATA;
	}
	if (!any)
		return cjm_diags_add(r->ds, CJM_ERROR, "missing-column", r->name,
		    0, "", p, "the first row must name the columns: "
		    "respondent, department, q1 .. q20", "no q1..q20 columns "
		    "in the header row"), CJM_EDATA;
	return missing_cols(r, c, p) != 0 ? CJM_EDATA : st;
}

/* A copy of a name field without surrounding blanks; NULL when empty.
 * *bad is set when it is not UTF-8 (JSON strings must be). */
static char *
name_field(char *f, size_t len, int *bad)
{
	char *s;

	trim(&f, &len);
	if (len == 0)
		return NULL;
	if (cjm_utf8_check(f, len) < len) {
		*bad = 1;
		return NULL;
	}
	if ((s = malloc(len + 1)) != NULL) {
		memcpy(s, f, len);
		s[len] = '\0';
	}
	return s;
}

static int
blank_row(char **f, size_t *lens, size_t n)
{
	size_t k, i;

	for (k = 0; k < n; k++)
		for (i = 0; i < lens[k]; i++)
			if (f[k][i] != ' ' && f[k][i] != '\t')
				return 0;
	return 1;
}

/* Parse the answers of a row into ans; every problem reported. */
static int
row_answers(struct rd *r, const struct cols *c, char **f, size_t *lens,
    const char *name, unsigned char ans[NQ])
{
	char where[160], path[16];
	int q, v, bad = 0;

	for (q = 0; q < NQ; q++) {
		size_t k = (size_t)c->q[q];
		cjm_pos p;

		v = cjm_maturity_answer(f[k], lens[k]);
		ans[q] = (unsigned char)(v > 0 ? v : 0);
		if (v > 0)
			continue;
		p = field_pos(r, r->line, k);
		maturity_who(where, sizeof(where), "row", r->row, name, q + 1);
		snprintf(path, sizeof(path), "q%d", q + 1);
		if (v == 0)
			cjm_diags_add(r->ds, CJM_WARNING, "answer-missing",
			    r->name, 0, path, p, NULL, "%s: no answer; left "
			    "out of the means", where);
		else {
			maturity_bad_answer(r->ds, r->skip, v, f[k], r->name, p,
			    path, where);
			bad = 1;
		}
	}
	return bad ? CJM_EDATA : CJM_OK;
}

/* A bad row: an error, or with skip_bad a warning and a count. */
static int
row_bad(struct rd *r, const char *who)
{
	cjm_pos p = { r->line, 1, 0 };

	if (!r->skip)
		return CJM_EDATA;
	maturity_skipped(r->a, r->ds, r->name, p, who);
	return CJM_OK;
}

static int
read_row(struct rd *r, const struct cols *c, char **f, size_t *lens,
    size_t n)
{
	unsigned char ans[NQ];
	char where[160], *name = NULL, *dept = NULL;
	cjm_pos p = { r->line, 1, 0 };
	int bad = 0, st;

	r->row++;
	if (c->resp >= 0 && (size_t)c->resp < n)
		name = name_field(f[c->resp], lens[c->resp], &bad);
	if (c->dept >= 0 && (size_t)c->dept < n)
		dept = name_field(f[c->dept], lens[c->dept], &bad);
	maturity_who(where, sizeof(where), "row", r->row, name, 0);
	if (bad)
		cjm_diags_add(r->ds, r->skip ? CJM_WARNING : CJM_ERROR,
		    "bad-utf8", r->name, 0, "", p, MATURITY_UTF8_HINT,
		    "%s: respondent or "
		    "department is not valid UTF-8", where);
	else if (n != c->n) {
		size_t other = c->n - NQ;

		cjm_diags_add(r->ds, r->skip ? CJM_WARNING : CJM_ERROR,
		    "row-length", r->name, 0, "", p, "each row needs one "
		    "field per header column", "%s has %zu answer%s; expected "
		    "%d (q1..q20)", where, n > other ? n - other : 0,
		    n == other + 1 ? "" : "s", NQ);
		bad = 1;
	} else
		bad = row_answers(r, c, f, lens, name, ans) != CJM_OK;
	st = bad ? row_bad(r, where) : maturity_add(r->a, name, dept, ans,
	    r->name, r->line, r->row, 1);
	free(name);
	free(dept);
	return st;
}

int
maturity_read_csv(cjm_answers *a, const char *buf, size_t len,
    const char *name, const cjm_answers_opts *o, cjm_diags *ds)
{
	struct rd r = { a, buf, name, len, 0, 1, 0, o->delim, o->skip_bad, ds,
	    o->delim != 0 };
	struct cols c;
	/* fmemopen's "r" mode only reads, so the const is kept in fact. */
	FILE *fp = fmemopen((void *)(uintptr_t)buf, len, "r");
	cjm_csv *csv = fp ? cjm_csv_new(fp, name, o->delim) : NULL;
	char **f;
	size_t *lens, n;
	int st, worst = CJM_OK, header = 1;
	cjm_pos nopos = { 0, 0, 0 };

	if (csv == NULL) {
		if (fp)
			fclose(fp);
		return CJM_ESYS;
	}
	while ((st = cjm_csv_next(csv, &f, &lens, &n, ds)) == CJM_OK) {
		unsigned long ln = cjm_csv_line(csv);

		r.delim = cjm_csv_delim(csv);
		if (blank_row(f, lens, n))
			continue;
		if (ln < r.line)	/* field_pos moves forward only */
			r.off = 0, r.line = 1;
		field_pos(&r, ln, 0);
		if (header) {
			header = 0;
			if ((st = read_header(&r, &c, f, lens, n)) != CJM_OK)
				break;
			continue;
		}
		if ((st = read_row(&r, &c, f, lens, n)) == CJM_ESYS)
			break;
		if (st == CJM_EDATA)
			worst = CJM_EDATA;
	}
	if (st == CJM_ESYS || st == CJM_EDATA)
		worst = st;
	else if (header) {
		cjm_diags_add(ds, CJM_ERROR, "empty", name, 0, "", nopos,
		    NULL, "no header row: the input holds only blank lines");
		worst = CJM_EDATA;
	}
	cjm_csv_free(csv);
	fclose(fp);
	return worst;
}
