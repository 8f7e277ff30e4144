/* csv.c: a fast CSV reader for spreadsheet exports and event logs. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "cjm.h"
#include "grow.h"
#include "load.h"

/*
 * The input is read in blocks; field bytes are copied into one record
 * buffer that grows to the largest record seen, so a record costs no
 * malloc and no function call per character. A byte table says which
 * bytes stop an unquoted field. Limits (refused with a diagnostic, never
 * truncated): a field of CSV_MAX_FIELD bytes, CSV_MAX_FIELDS fields in a
 * record. After an error the stream is over: later calls return
 * CJM_DONE. Blank lines between records are skipped.
 *
 * Borrowing (cjm_csv_borrow, event logs): a regular file is mapped, not
 * read, and a line with no quote, NUL or lone CR whose end is in the
 * buffer is split in place, its fields pointing into the input (not
 * NUL-terminated); anything else takes the full parser from the same
 * place, so results and diagnostics are the same. Pages behind the
 * reader are given back (MADV_DONTNEED) so memory stays a window.
 */
#define CSV_BLOCK	(256 * 1024)
#define CSV_MAX_FIELD	(1024 * 1024)
#define CSV_MAX_FIELDS	10000

struct cjm_csv {
	FILE *fp;
	char *name;
	char delim;
	int started, eof, dead;
	unsigned char stop[256];	/* bytes that end an unquoted run */
#ifdef __SSE2__
	__m128i vstop[4];		/* delim, LF, CR, '"' in every byte */
#endif
	char *buf;			/* input block */
	size_t len, pos;
	size_t base;			/* input offset of buf[0] */
	size_t linestart;		/* input offset where the line starts */
	unsigned long line, recline;
	char *rec;			/* the record's fields, NUL-separated */
	size_t rlen, rcap;
	char **fields;
	size_t *lens, *offs;
	unsigned char *quoted;		/* field i was quoted */
	size_t nf, fcap;
	size_t recoff;			/* input offset of the record */
	int nul;			/* the record holds a NUL byte */
	int borrow;			/* fields may point into the input */
	long start;			/* file offset of input byte 0, or -1 */
	char *map;			/* the mapped file, or NULL */
	size_t maplen, released;	/* released: map bytes given back */
	size_t step;			/* and in steps of so many */
};

/* Pages are given back in steps of 1/256 of the file, at least 256 KiB
 * and at most 8 MiB: each step flushes the TLB of every core the process
 * runs on, an interrupt to the other thread's (cjm-funnel --threads 2:
 * 1.6 % of its samples in 256 KiB steps on the 390 MB log); a step of
 * 1/256 keeps the pages held to 0.4 % of the file. */
#define CSV_RELEASE_MIN	(256 * 1024)
#define CSV_RELEASE_MAX	(8 * 1024 * 1024)

cjm_csv *
cjm_csv_new(FILE *fp, const char *name, char delim)
{
	cjm_csv *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->fp = fp;
	c->name = strdup(name ? name : "<stdin>");
	c->buf = malloc(CSV_BLOCK);
	c->rcap = 4096;
	c->rec = malloc(c->rcap);
	if (c->name == NULL || c->buf == NULL || c->rec == NULL) {
		cjm_csv_free(c);
		return NULL;
	}
	c->delim = delim;
	c->line = 1;
	c->start = ftell(fp);
	return c;
}

void
cjm_csv_free(cjm_csv *c)
{
	if (c == NULL)
		return;
	free(c->name);
	if (c->map != NULL)
		munmap(c->map, c->maplen);
	else
		free(c->buf);
	free(c->rec);
	free(c->fields);
	free(c->lens);
	free(c->offs);
	free(c->quoted);
	free(c);
}

unsigned long
cjm_csv_line(const cjm_csv *c)
{
	return c->recline;
}

char
cjm_csv_delim(const cjm_csv *c)
{
	return c->delim;
}

/* Make sure buf[pos] is a byte of input: 1, or 0 at the end, -1 on a
 * read error. */
static int
fill(cjm_csv *c)
{
	size_t n;

	if (c->pos < c->len)
		return 1;
	if (c->eof)
		return 0;
	c->base += c->len;
	c->len = c->pos = 0;
	n = fread(c->buf, 1, CSV_BLOCK, c->fp);
	if (n == 0) {
		c->eof = 1;
		return ferror(c->fp) ? -1 : 0;
	}
	c->len = n;
	return 1;
}

/* The column, in code points as everywhere, of input offset off on the
 * line that starts at offset ls, while both are in the buffer; else 0. */
static unsigned long
col_at(const cjm_csv *c, size_t ls, size_t off)
{
	unsigned long l = 0, col = 1;

	if (ls < c->base || off < ls || off > c->base + c->len)
		return 0;
	cjm_utf8_advance(&l, &col, (const unsigned char *)c->buf +
	    (ls - c->base), off - ls);
	return col;
}

static cjm_pos rec_walk(const cjm_csv *, size_t off);

static int
fail(cjm_csv *c, cjm_diags *ds, const char *code, unsigned long line,
    size_t off, const char *hint, const char *msg)
{
	cjm_pos p = { line, col_at(c, c->linestart, off), off };

	/* Where the line's start is no longer in the buffer (a line begun
	 * in an earlier block, or the input's end reached), the column is
	 * walked from the record's start through what is copied of it;
	 * none for a place on an earlier line. */
	if (p.col == 0 && off >= c->linestart)
		p.col = rec_walk(c, off).col;
	c->dead = 1;
	cjm_diags_add(ds, CJM_ERROR, code, c->name, 0, NULL, p, hint, "%s",
	    msg);
	return CJM_EDATA;
}

/* The delimiter the header line uses most, outside quotes, of the ones
 * -d takes (, ; tab |): the first of them on a tie, comma when there is
 * none. Looks at the first block only. */
static char
sniff(const char *s, size_t n)
{
	static const char cand[] = ",;\t|";	/* what -d takes; ties: first */
	size_t i = 0, k, cnt[4] = { 0, 0, 0, 0 }, best = 0, j;
	int q = 0;

	/* Lines of blanks before the header are skipped, as the reader
	 * skips blank lines (and a log's format is told past them). */
	for (j = 0; j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r' ||
	    s[j] == '\n'); j++)
		if (s[j] == '\n' || (s[j] == '\r' && (j + 1 == n ||
		    s[j + 1] != '\n')))
			i = j + 1;	/* LF, CR LF or a lone CR ends a line */
	for (; i < n && (q || (s[i] != '\n' && s[i] != '\r')); i++) {
		if (s[i] == '"')
			q = !q;
		else if (!q)
			for (k = 0; k < 4; k++)
				cnt[k] += s[i] == cand[k];
	}
	for (k = 1; k < 4; k++)
		if (cnt[k] > cnt[best])
			best = k;
	return cand[best];
}

/* First call: skip a BOM, refuse binary data, settle the delimiter,
 * build the stop table. -1 on a read error, CJM_EDATA on binary data. */
static int
start(cjm_csv *c, cjm_diags *ds)
{
	int r = fill(c);

	c->started = 1;
	if (r < 0)
		return r;
	/* A short first read may split the BOM; read on to three bytes. */
	while (r > 0 && c->len < 3 && !c->eof) {
		size_t n = fread(c->buf + c->len, 1, CSV_BLOCK - c->len, c->fp);

		if (n == 0) {
			c->eof = 1;
			if (ferror(c->fp))
				return -1;
		}
		c->len += n;
	}
	if (c->len >= 3 && memcmp(c->buf, "\xEF\xBB\xBF", 3) == 0)
		c->pos = 3;
	if (cjm_binary_refuse(ds, c->name, c->buf + c->pos, c->len - c->pos,
	    c->base + c->pos, 1) != CJM_OK)
		return CJM_EDATA;
	if (c->delim == 0)
		c->delim = sniff(c->buf + c->pos, c->len - c->pos);
	c->stop[(unsigned char)c->delim] = 1;
	c->stop['\n'] = c->stop['\r'] = c->stop['"'] = 1;
	c->stop[0] = 1;		/* noted, for the text check */
#ifdef __SSE2__
	c->vstop[0] = _mm_set1_epi8(c->delim);
	c->vstop[1] = _mm_set1_epi8('\n');
	c->vstop[2] = _mm_set1_epi8('\r');
	c->vstop[3] = _mm_set1_epi8('"');
#endif
	c->linestart = c->pos;
	return 0;
}

/* Room for n more bytes (and a NUL) in the record. */
static int
reserve(cjm_csv *c, size_t n)
{
	return cjm_grow(&c->rec, &c->rcap, c->rlen + n, 1, 256);
}

/* Append n bytes to the record. */
static int
put(cjm_csv *c, const char *s, size_t n)
{
	if (reserve(c, n) < 0)
		return -1;
	memcpy(c->rec + c->rlen, s, n);
	c->rlen += n;
	return 0;
}

/* Consume a line end at buf[pos] ('\n', '\r' or "\r\n"). */
static int
eol(cjm_csv *c)
{
	char ch = c->buf[c->pos++];
	int r;

	if (ch == '\r') {
		if ((r = fill(c)) < 0)
			return r;
		if (r > 0 && c->buf[c->pos] == '\n')
			c->pos++;
	}
	c->line++;
	c->linestart = c->base + c->pos;
	return 0;
}

/* Room for field number n in the field arrays. */
static int
fields_room(cjm_csv *c, size_t n)
{
	/* Four arrays, one length: each grows from the same cap, and the
	 * cap moves only when all have grown. */
	size_t fc = c->fcap, lc = c->fcap, oc = c->fcap, qc = c->fcap;

	if (n < c->fcap)
		return 0;
	if (cjm_grow(&c->fields, &fc, n, sizeof(*c->fields), 16) ||
	    cjm_grow(&c->lens, &lc, n, sizeof(*c->lens), 16) ||
	    cjm_grow(&c->offs, &oc, n, sizeof(*c->offs), 16) ||
	    cjm_grow(&c->quoted, &qc, n, 1, 16))
		return -1;
	c->fcap = fc;
	return 0;
}

/* Open field number nf at the end of the record. */
static int
field_begin(cjm_csv *c, cjm_diags *ds)
{
	if (c->nf == CSV_MAX_FIELDS)
		return fail(c, ds, "csv-fields", c->recline, c->base + c->pos,
		    NULL, "more than 10000 fields in one record");
	if (fields_room(c, c->nf) != 0)
		return CJM_ESYS;
	c->offs[c->nf] = c->rlen;
	return CJM_OK;
}

static int
field_end(cjm_csv *c)
{
	c->lens[c->nf] = c->rlen - c->offs[c->nf];
	c->nf++;
	return put(c, "", 1);	/* the NUL */
}

static int text_check(cjm_csv *, cjm_diags *);

static int
too_long(cjm_csv *c, cjm_diags *ds, size_t at)
{
	size_t i;
	int r;

	/* A long run of NUL bytes (a zeroed or sparse file) is not text,
	 * not a long field: report its first NUL as a record would. */
	if (c->nul && field_end(c) == 0) {
		for (i = 0; i < c->nf; i++)
			c->fields[i] = c->rec + c->offs[i];
		if ((r = text_check(c, ds)) != CJM_OK)
			return r;
	}
	return fail(c, ds, "csv-field-size", c->line, at,
	    "split the value, or check for a quote that is never closed",
	    "field longer than 1048576 bytes");
}

/*
 * An unquoted field from buf[pos]. *last is set when it ends the record
 * (line end or end of input) rather than a delimiter. A quote inside an
 * unquoted field is taken literally, as spreadsheets do.
 */
static int
unquoted(cjm_csv *c, cjm_diags *ds, int *last)
{
	size_t from = c->base + c->pos, start = c->rlen;
	int r;

	for (;;) {
		const char *p, *e;
		char *d;

		if ((r = fill(c)) <= 0) {
			*last = 1;
			return r < 0 ? CJM_ESYS : CJM_OK;
		}
		p = c->buf + c->pos;
		e = c->buf + c->len;
		if (reserve(c, (size_t)(e - p)) < 0)
			return CJM_ESYS;
		/* Scan and copy in one pass: fields are short. */
		for (d = c->rec + c->rlen; p < e &&
		    !c->stop[(unsigned char)*p]; p++)
			*d++ = *p;
		c->rlen = (size_t)(d - c->rec);
		c->pos = (size_t)(p - c->buf);
		if (c->rlen - start > CSV_MAX_FIELD)
			return too_long(c, ds, from);
		if (p == e)
			continue;
		if (*p == c->delim) {
			c->pos++;
			*last = 0;
			return CJM_OK;
		}
		if (*p == '"' || *p == '\0') {
			c->nul |= *p == '\0';
			c->pos++;
			if (put(c, p, 1))
				return CJM_ESYS;
			continue;
		}
		*last = 1;
		return eol(c) < 0 ? CJM_ESYS : CJM_OK;
	}
}

/* What follows a closing quote: a delimiter, a line end or the end. */
static int
after_quote(cjm_csv *c, cjm_diags *ds, int *last)
{
	int r = fill(c);

	if (r <= 0) {
		*last = 1;
		return r < 0 ? CJM_ESYS : CJM_OK;
	}
	if (c->buf[c->pos] == c->delim) {
		c->pos++;
		*last = 0;
		return CJM_OK;
	}
	if (c->buf[c->pos] == '\n' || c->buf[c->pos] == '\r') {
		*last = 1;
		return eol(c) < 0 ? CJM_ESYS : CJM_OK;
	}
	return fail(c, ds, "csv-after-quote", c->line, c->base + c->pos,
	    "quote the whole field and double the quotes inside it (\"\")",
	    "text after a closing quote");
}

/* A quoted field; buf[pos] is its opening quote. */
static int
quoted(cjm_csv *c, cjm_diags *ds, int *last)
{
	size_t open = c->base + c->pos, start = c->rlen;
	unsigned long openline = c->line;
	size_t openls = c->linestart;
	int r;

	c->pos++;
	for (;;) {
		const char *p, *e;

		if ((r = fill(c)) < 0)
			return CJM_ESYS;
		if (r == 0) {
			c->linestart = openls;
			return fail(c, ds, "csv-quote", openline, open,
			    "close the quote; a quote inside a quoted field "
			    "is written twice (\"\")",
			    "unclosed quote: the field runs to the end of "
			    "the input");
		}
		p = c->buf + c->pos;
		e = c->buf + c->len;
		while (p < e && *p != '"' && *p != '\n' && *p != '\0')
			p++;
		if (put(c, c->buf + c->pos, (size_t)(p - (c->buf + c->pos))))
			return CJM_ESYS;
		c->pos = (size_t)(p - c->buf);
		if (c->rlen - start > CSV_MAX_FIELD) {
			c->linestart = openls;
			c->line = openline;
			return too_long(c, ds, open);
		}
		if (p == e)
			continue;
		if (*p == '\0') {
			c->nul = 1;
			c->pos++;
			if (put(c, p, 1))
				return CJM_ESYS;
			continue;
		}
		if (*p == '\n') {
			if (put(c, "\n", 1))
				return CJM_ESYS;
			c->pos++;
			c->line++;
			c->linestart = c->base + c->pos;
			continue;
		}
		c->pos++;		/* a quote: closing, or "" */
		if ((r = fill(c)) < 0)
			return CJM_ESYS;
		if (r > 0 && c->buf[c->pos] == '"') {
			c->pos++;
			if (put(c, "\"", 1))
				return CJM_ESYS;
			continue;
		}
		return after_quote(c, ds, last);
	}
}

/* Skip blank lines before a record: 1 when a record starts, 0 at the
 * end, -1 on a read error. */
static int
skip_blank(cjm_csv *c)
{
	int r;

	while ((r = fill(c)) > 0) {
		char ch = c->buf[c->pos];

		if (ch != '\n' && ch != '\r')
			return 1;
		if (eol(c) < 0)
			return -1;
	}
	return r;
}

/* p moved over the first n bytes of field i as they were written (a
 * doubled quote is two bytes, a newline in quotes starts a line), since
 * the block that held the record may be gone, or until input offset
 * stop. Columns count code points. */
static cjm_pos
walk_field(const cjm_csv *c, size_t i, size_t n, size_t stop, cjm_pos p)
{
	const unsigned char *f = (const unsigned char *)c->rec + c->offs[i];
	int q = c->quoted[i];
	size_t j;

	for (j = 0; j < n && p.offset < stop; j++) {
		if (f[j] == '\n') {
			p.line++;
			p.col = 1;
		} else
			p.col += (f[j] & 0xC0) != 0x80 || f[j] >= 0xF8;
		p.offset += q && f[j] == '"' ? 2 : 1;
		p.col += q && f[j] == '"';
	}
	return p;
}

/* Where field n of the record starts: its first n fields (complete,
 * each with its delimiter) walked from the record's start. */
static cjm_pos
fields_walk(const cjm_csv *c, size_t n)
{
	cjm_pos p = { c->recline, 1, c->recoff };
	size_t j;

	for (j = 0; j < n; j++) {
		p.offset += c->quoted[j];	/* the opening quote */
		p.col += c->quoted[j];
		p = walk_field(c, j, c->lens[j], (size_t)-1, p);
		p.offset += (size_t)c->quoted[j] + 1;	/* closing, delimiter */
		p.col += (unsigned long)c->quoted[j] + 1;
	}
	return p;
}

/* Where field i of a record the full parser read starts (its opening
 * quote when quoted); i at or past the last: just after the last. */
static cjm_pos
field_at(const cjm_csv *c, size_t i)
{
	size_t n = i < c->nf ? i : c->nf;
	cjm_pos p = fields_walk(c, n);

	if (n == c->nf && n > 0) {	/* no delimiter after the last */
		p.offset--;
		p.col--;
	}
	return p;
}

/* Where input offset off of the record being read stood: walked over its
 * complete fields, then what is copied of field nf (being read), then
 * the buffer. Column 0 when off cannot be reached so. */
static cjm_pos
rec_walk(const cjm_csv *c, size_t off)
{
	cjm_pos p = fields_walk(c, c->nf);

	if (c->nf >= c->fcap)	/* over the field limit: none begun */
		return (cjm_pos){ p.line, p.offset == off ? p.col : 0, off };
	if (p.offset < off && c->quoted[c->nf]) {	/* its opening quote */
		p.offset++;
		p.col++;
	}
	if (p.offset < off)
		p = walk_field(c, c->nf, c->rlen - c->offs[c->nf], off, p);
	if (p.offset < off && p.offset >= c->base && off <= c->base + c->len) {
		cjm_utf8_advance(&p.line, &p.col, (const unsigned char *)c->buf +
		    (p.offset - c->base), off - p.offset);
		p.offset = off;
	}
	if (p.offset != off)
		p.col = 0;
	return p;
}

/* Where byte k of the record stood in the input. */
static cjm_pos
rec_pos(const cjm_csv *c, size_t k)
{
	cjm_pos p;
	size_t i;

	for (i = 0; i + 1 < c->nf && c->offs[i + 1] <= k; i++)
		;
	p = field_at(c, i);
	p.offset += c->quoted[i];
	p.col += c->quoted[i];
	return walk_field(c, i, k - c->offs[i], (size_t)-1, p);
}

cjm_pos
cjm_csv_field_pos(const cjm_csv *c, size_t i)
{
	cjm_pos p = { c->recline, 1, c->recoff };
	const char *at;

	/* Copied fields are in rec, a plain line's are in the input: told
	 * apart by address, so reading a line costs no flag. */
	if (c->nf > 0 && (uintptr_t)c->fields[0] - (uintptr_t)c->rec <
	    c->rcap)
		return field_at(c, i);
	/* A plain line is still in the buffer, all of it on one line. */
	if (c->nf == 0)
		return p;
	at = i < c->nf ? c->fields[i] : c->fields[c->nf - 1] +
	    c->lens[c->nf - 1];
	cjm_utf8_advance(&p.line, &p.col, (const unsigned char *)c->fields[0],
	    (size_t)(at - c->fields[0]));
	p.offset += (size_t)(at - c->fields[0]);
	return p;
}

/* Every field must be UTF-8 text: one shared rule with maps and JSON
 * (cjm_text_check); the error names the encoding the bytes seem to be
 * in. NUL bytes are noted as the fields are copied (a stop byte of the
 * scan), since the fields' own terminators are NULs too: only then is
 * each field measured. */
static int
text_check(cjm_csv *c, cjm_diags *ds)
{
	size_t k = cjm_utf8_check(c->rec, c->rlen), i;

	if (!c->nul && k >= c->rlen)
		return CJM_OK;		/* the usual case: one fast scan */
	for (i = 0; c->nul && i < c->nf; i++) {
		size_t n = strlen(c->fields[i]);

		if (n < c->lens[i]) {
			if (c->offs[i] + n < k)
				k = c->offs[i] + n;
			break;
		}
		if (c->offs[i] + n >= k)
			break;
	}
	if (k >= c->rlen)
		return CJM_OK;
	c->dead = 1;
	/* The sample is the field: the record's NUL terminators would look
	 * like UTF-16 to the guess. */
	for (i = 0; i + 1 < c->nf && c->offs[i + 1] <= k; i++)
		;
	return cjm_text_refuse(ds, c->name, rec_pos(c, k), c->fields[i],
	    c->lens[i], (unsigned char)c->rec[k], 1);
}

/* Give back the mapped pages before the next record's. */
static void
release(cjm_csv *c)
{
	size_t at = ((size_t)c->start + c->base + c->pos) & ~(size_t)4095;

	if (c->map != NULL && at >= c->released + c->step) {
		madvise(c->map + c->released, at - c->released, MADV_DONTNEED);
		c->released = at;
	}
}

/* Bit i: byte p[i] of 16 is a stop; *hi gets the bytes over 0x7F. SSE2
 * where there is one: a plain line is split at its three or four stops,
 * not byte by byte (measured: the byte loop was 15 to 20 % of a
 * funnel's time); the stop bytes' vectors are made once (SSE2 has no
 * one-instruction broadcast: 16 instructions a chunk). */
static unsigned
stops16(const cjm_csv *c, const unsigned char *p, unsigned *hi)
{
#ifdef __SSE2__
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, c->vstop[0]),
	    _mm_cmpeq_epi8(v, c->vstop[1]));

	m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, c->vstop[2]),
	    _mm_cmpeq_epi8(v, c->vstop[3])));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_setzero_si128()));
	*hi |= (unsigned)_mm_movemask_epi8(v);
	return (unsigned)_mm_movemask_epi8(m);
#else
	unsigned b = 0, i;

	for (i = 0; i < 16; i++) {
		b |= (unsigned)c->stop[p[i]] << i;
		*hi |= p[i] & 0x80;
	}
	return b;
#endif
}

/* Field nf of a plain line, f[0..n-1]: 0, or -1 past a limit. */
static int
plain_field(cjm_csv *c, size_t nf, const unsigned char *f, size_t n)
{
	if (nf == CSV_MAX_FIELDS || n > CSV_MAX_FIELD ||
	    (nf >= c->fcap && fields_room(c, nf) != 0))
		return -1;
	c->fields[nf] = (char *)f;
	c->lens[nf] = n;
	return 0;
}

/* The record at buf[pos] split in place when it is a plain line that
 * ends 16 bytes or more before the buffer does: 1, else 0 (the full
 * parser takes it, and the last line of a file). One loop over 16-byte
 * chunks and their stop bits: a scan state kept between calls cost 100
 * instructions a line more (callgrind). */
static int
plain_record(cjm_csv *c)
{
	const unsigned char *s = (unsigned char *)c->buf + c->pos, *p, *f = s;
	size_t n = c->len - c->pos, at, nf = 0;
	unsigned bits, hi = 0;

	for (at = 0; n - at >= 16; at += 16)
		for (bits = stops16(c, s + at, &hi); bits != 0;
		    bits &= bits - 1) {
			p = s + at + __builtin_ctz(bits);
			if (*p != (unsigned char)c->delim && *p != '\n' &&
			    (*p != '\r' || p[1] != '\n'))
				return 0;	/* a quote, NUL or lone CR */
			if (plain_field(c, nf++, f, (size_t)(p - f)) != 0)
				return 0;
			f = p + 1;
			if (*p != (unsigned char)c->delim)
				goto end;
		}
	return 0;
end:
	if (hi && cjm_utf8_check((const char *)s, (size_t)(p - s)) <
	    (size_t)(p - s))
		return 0;
	c->nf = nf;
	c->recline = c->line++;
	c->recoff = c->base + c->pos;
	c->pos = (size_t)((const char *)p - c->buf) + 1 + (*p == '\r');
	c->linestart = c->base + c->pos;
	return 1;
}

int
cjm_csv_borrow(cjm_csv *c)
{
	struct stat st;
	void *m;

	c->borrow = 1;
	if (!c->started || c->dead || c->eof || c->start < 0 ||
	    fstat(fileno(c->fp), &st) != 0 || !S_ISREG(st.st_mode) ||
	    (uintmax_t)st.st_size > SIZE_MAX ||
	    (size_t)st.st_size < (size_t)c->start + c->base + c->len)
		return 0;
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE,
	    fileno(c->fp), 0);
	if (m == MAP_FAILED)
		return 0;	/* read() goes on */
	madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
	free(c->buf);
	c->map = m;
	c->maplen = (size_t)st.st_size;
	c->step = c->maplen / 256 < CSV_RELEASE_MIN ? CSV_RELEASE_MIN :
	    c->maplen / 256 > CSV_RELEASE_MAX ? CSV_RELEASE_MAX :
	    c->maplen / 256;
	c->buf = c->map + c->start;
	c->pos += c->base;
	c->base = 0;
	c->len = c->maplen - (size_t)c->start;
	c->eof = 1;
	return 0;
}

int
cjm_csv_next(cjm_csv *c, char ***fields, size_t **lens, size_t *nfields,
    cjm_diags *ds)
{
	int r, last = 0;
	size_t i;

	if (c->dead)
		return CJM_DONE;
	if (!c->started && (r = start(c, ds)) != 0) {
		if (r < 0)
			goto ioerr;
		c->dead = 1;
		return r;
	}
	if ((r = skip_blank(c)) <= 0) {
		if (r < 0)
			goto ioerr;
		return CJM_DONE;
	}
	if (c->borrow) {
		release(c);
		if (plain_record(c)) {
			*fields = c->fields;
			*lens = c->lens;
			*nfields = c->nf;
			return CJM_OK;
		}
	}
	c->rlen = c->nf = 0;
	c->nul = 0;
	c->recline = c->line;
	c->recoff = c->base + c->pos;
	while (!last) {
		if ((r = field_begin(c, ds)) != CJM_OK)
			return r;
		c->quoted[c->nf] = fill(c) > 0 && c->buf[c->pos] == '"';
		if (c->quoted[c->nf])
			r = quoted(c, ds, &last);
		else
			r = unquoted(c, ds, &last);
		if (r == CJM_ESYS)
			goto ioerr;
		if (r != CJM_OK)
			return r;
		if (field_end(c))
			goto ioerr;
	}
	for (i = 0; i < c->nf; i++)
		c->fields[i] = c->rec + c->offs[i];
	if ((r = text_check(c, ds)) != CJM_OK)
		return r;
	*fields = c->fields;
	*lens = c->lens;
	*nfields = c->nf;
	return CJM_OK;
ioerr:
	c->dead = 1;
	cjm_diags_add(ds, CJM_FATAL, "io", c->name, 0, NULL,
	    (cjm_pos){ c->line, 0, c->base + c->pos }, NULL,
	    "%s%s", ferror(c->fp) ? "read error: " : "", ferror(c->fp) ?
	    strerror(errno) : "out of memory");
	return CJM_ESYS;
}

char
cjm_csv_other_delim(const char *field, char used)
{
	static const char cand[] = ",;\t|";
	size_t i, best = 0, n;
	char pick = 0;
	const char *p;

	for (i = 0; cand[i]; i++) {
		if (cand[i] == used)
			continue;
		for (n = 0, p = field; (p = strchr(p, cand[i])) != NULL; p++)
			n++;
		if (n > best) {
			best = n;
			pick = cand[i];
		}
	}
	return pick;
}

/* ',' as a message names it: in quotes, or the word tab. */
static const char *
delim_name(char d, char *buf)
{
	if (d == '\t')
		return "tab";
	buf[0] = '\'';
	buf[1] = d;
	buf[2] = '\'';
	buf[3] = '\0';
	return buf;
}

void
cjm_csv_delim_hint(char d, char used, int given, char *buf, size_t size)
{
	char a[4], b[4];

	snprintf(buf, size, "the header is one column: the file is separated "
	    "by %s, not %s; give -d %s%s", delim_name(d, a),
	    delim_name(used, b), d == '\t' ? "tab" : a,
	    given ? " or leave -d out" : "");
}
