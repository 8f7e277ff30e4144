/* reader.c: the document reader: limits, input sources in checked UTF-8
 * chunks, format detection, documents and the tree builder both parsers
 * share. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load.h"
#include "diagpos.h"
#include "fsize.h"
#include "grow.h"
#include "num.h"

#define SRC_CHUNK 65536

enum { SRC_MORE = 0, SRC_EOF = 1, SRC_FAILED = -1 };

void
cjm_limits_default(cjm_limits *lim)
{
	lim->max_input = (size_t)256 << 20;
	lim->max_scalar = (size_t)1 << 20;
	lim->max_depth = 64;
	lim->max_aliases = 1000;
	lim->max_nodes = 10000000;
}

/* ------------------------------------------------------------ documents */

json_t *
cjm_doc_root(const cjm_doc *doc)
{
	return doc ? doc->root : NULL;
}

const char *
cjm_doc_name(const cjm_doc *doc)
{
	return doc ? doc->name : NULL;
}

unsigned
cjm_doc_index(const cjm_doc *doc)
{
	return doc ? doc->index : 0;
}

enum cjm_input_format
cjm_doc_format(const cjm_doc *doc)
{
	return doc ? doc->fmt : CJM_INPUT_AUTO;
}

int
cjm_doc_pos(const cjm_doc *doc, const json_t *parent, const char *key,
    size_t index, cjm_pos *val, cjm_pos *key_pos)
{
	static const cjm_pos zero;

	if (val != NULL)
		*val = zero;
	if (key_pos != NULL)
		*key_pos = zero;
	if (doc == NULL)
		return -1;
	if (parent == NULL) {
		if (doc->root == NULL || doc->root_pos.line == 0)
			return -1;
		if (val != NULL)
			*val = doc->root_pos;
		if (key_pos != NULL)
			*key_pos = doc->root_pos;
		return 0;
	}
	return cjm_postab_get(doc->pos, parent, key, key ? strlen(key) : 0,
	    index, val, key_pos);
}

void
cjm_doc_free(cjm_doc *doc)
{
	if (doc == NULL)
		return;
	json_decref(doc->root);
	cjm_postab_free(doc->pos);
	free(doc->name);
	free(doc);
}

/* -------------------------------------------------------------- numbers */

int
cjm_num_int(const char *s, size_t len, int base, json_int_t *out)
{
	uint64_t v = 0, lim = (uint64_t)INT64_MAX;
	size_t i = 0;
	int neg = 0;

	if (base == 10 && len > 0 && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		lim += neg;
		i = 1;
	}
	if (i == len)
		return -2;
	for (; i < len; i++) {
		int d;
		char c = s[i];

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -2;
		if (d >= base)
			return -2;
		if (v > (lim - (uint64_t)d) / (uint64_t)base)
			return -1;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = neg ? (json_int_t)(0 - v) : (json_int_t)v;
	return 0;
}

/* strtod with '.' whatever LC_NUMERIC the program set (num.c).
 * Infinite results and underflow of a non-zero number to zero are
 * refused. */
int
cjm_num_real(const char *s, size_t len, double *out)
{
	char small[64], *buf = small, *end;
	int ret = 0, nonzero = 0;
	size_t i;
	double v;

	if (len + 1 > sizeof(small) && (buf = malloc(len + 1)) == NULL)
		return -2;
	for (i = 0; i < len && s[i] != 'e' && s[i] != 'E'; i++)
		nonzero |= s[i] >= '1' && s[i] <= '9';
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	v = cjm_strtod(buf, &end);
	if (end != buf + len)
		ret = -2;
	else if (isinf(v) || isnan(v) || (v == 0 && nonzero))
		ret = -1;
	else
		*out = v;
	if (buf != small)
		free(buf);
	return ret;
}

/* -------------------------------------------------------------- reports */

static void
vreport(cjm_diags *ds, enum cjm_level lv, const char *code, const char *file,
    unsigned doc, const char *path, const cjm_pos *pos, const char *hint,
    const char *fmt, va_list ap)
{
	static const cjm_pos zero;
	char msg[1024];

	cjm_vsnprintf(msg, sizeof(msg), fmt, ap);
	cjm_diags_add(ds, lv, code, file, doc, path, pos ? *pos : zero, hint,
	    "%s", msg);
}

static int
reader_vreport(cjm_reader *r, cjm_diags *ds, unsigned doc, int status,
    const char *code, const cjm_pos *pos, const char *hint, const char *fmt,
    va_list ap)
{
	vreport(ds, status == CJM_ESYS ? CJM_FATAL : CJM_ERROR, code, r->name,
	    doc, "", pos, hint, fmt, ap);
	return status;
}

int
cjm_reader_err(cjm_reader *r, int status, const char *code,
    const cjm_pos *pos, const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	status = reader_vreport(r, r->ds, r->cur, status, code, pos, hint, fmt,
	    ap);
	va_end(ap);
	return status;
}

/* The list the source's errors go to, and their document: while a
 * parser thread reads the source (yaml_pipe.c), its own list, which the
 * caller's thread takes over in order, and the document told then; else
 * the current call's. */
static cjm_diags *
src_ds(const cjm_reader *r)
{
	return r->pds != NULL ? r->pds : r->ds;
}

static unsigned
src_doc(const cjm_reader *r)
{
	return r->pds != NULL ? CJM_DOC_PENDING : r->cur;
}

int
cjm_src_err(cjm_reader *r, int status, const char *code, const cjm_pos *pos,
    const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	status = reader_vreport(r, src_ds(r), src_doc(r), status, code, pos,
	    hint, fmt, ap);
	va_end(ap);
	return status;
}

/* --------------------------------------------------------------- source */

/* Hand out data[0..n) once checked as UTF-8. A sequence cut by the end
 * of a chunk waits for the next one; anything else invalid ends the
 * input after the valid part, the error pending for the next fill. */
static void
src_deliver(cjm_reader *r, const unsigned char *data, size_t n, int eof)
{
	cjm_src *s = &r->src;
	int cut = 0;
	size_t k = n;
	const unsigned char *nul;

	if (s->lazy) {
		if (!eof && (k = n - cjm_utf8_cut(data, n)) < n)
			cut = 1;
	} else {
		k = cjm_utf8_scan(data, n, &cut);
		if ((nul = memchr(data, 0, k)) != NULL) {
			/* NUL is UTF-8, but not text */
			k = (size_t)(nul - data);
			cut = 0;
		}
	}
	/* A last CR waits for the next chunk, with the LF that may follow:
	 * the YAML reader refuses a CR without one (yaml_load.c). */
	if (!eof && k > 0 && (k == n || cut) && data[k - 1] == '\r') {
		k--;
		cut = 1;
	}
	s->p = s->chunk = data;
	s->end = data + k;
	s->cline = s->line;
	s->ccol = s->col;
	s->ncarry = 0;
	if (k < n) {
		if (cut && !eof) {
			s->ncarry = n - k;
		} else {
			s->bad = s->total + k;
			s->badcode = "utf8";
			s->sample = data + k;
			s->nsample = n - k;
		}
	}
	s->total += k;
	cjm_utf8_advance(&s->line, &s->col, data, k);
}

int
cjm_src_refuse(cjm_reader *r, cjm_pos pos, const unsigned char *sample,
    size_t nsample)
{
	cjm_src *s = &r->src;

	s->state = SRC_FAILED;
	if (s->bad != SIZE_MAX && strcmp(s->badcode, "too-large") == 0) {
		pos.offset = s->bad;
		r->status = cjm_src_err(r, CJM_EDATA, "too-large", &pos,
		    "raise the limit with --max-input",
		    "input is larger than the limit of %zu %s",
		    r->lim.max_input, BYTES(r->lim.max_input));
	} else {
		size_t n = cjm_diags_count(src_ds(r));

		r->status = cjm_text_refuse(src_ds(r), r->name, pos, sample,
		    nsample, *sample, 0);
		cjm_diags_redoc(src_ds(r), n, 0, src_doc(r));
	}
	return -r->status;
}

static int
src_fail(cjm_reader *r)
{
	cjm_src *s = &r->src;
	cjm_pos pos = { s->line, s->col, s->bad };

	return cjm_src_refuse(r, pos, s->sample, s->nsample);
}

/* Up to want bytes into buf; *eof at the end. A caller's FILE is read
 * with fread; an input the reader opened itself (a path, or "-") with
 * read(2), taking what has arrived, so that a document coming down a
 * pipe is handled when it is complete, not when 64 KiB have come. */
static int
src_get(cjm_src *s, unsigned char *buf, size_t want, size_t *n, int *eof)
{
	ssize_t k;

	if (s->fd < 0) {
		*n = fread(buf, 1, want, s->fp);
		*eof = *n < want;
		return *eof && ferror(s->fp) ? -1 : 0;
	}
	while ((k = read(s->fd, buf, want)) < 0 && errno == EINTR)
		;
	*n = k > 0 ? (size_t)k : 0;
	*eof = k <= 0;
	return k < 0 ? -1 : 0;
}

/* Read the next raw piece of fp behind the carried bytes; *over is set
 * when the input passes the size limit (the excess is dropped). At the
 * start, at least the four bytes that tell the encoding. */
static int
src_read(cjm_reader *r, size_t *n, int *eof, int *over)
{
	cjm_src *s = &r->src;
	size_t got = 0, k;

	if (s->ncarry > 0)
		memmove(s->buf, s->end, s->ncarry);
	*over = 0;
	do {
		if (src_get(s, s->buf + s->ncarry + got,
		    SRC_CHUNK - s->ncarry - got, &k, eof) != 0) {
			s->state = SRC_FAILED;
			r->status = cjm_src_err(r, CJM_ESYS, "io", NULL,
			    NULL, "read error: %s", strerror(errno));
			return -1;
		}
		got += k;
	} while (!*eof && s->nread == 0 && got < 4);
	*n = got;
	s->nread += *n;
	if (*eof && s->fd >= 0 && s->nread < r->size) {
		/* A regular file ended short of its size at the start:
		 * another program truncated it meanwhile, and what was read
		 * is not the file (its first half may well pass the check). */
		s->state = SRC_FAILED;
		r->status = cjm_src_err(r, CJM_ESYS, "io", NULL,
		    CJM_SHRANK_HINT, CJM_SHRANK_MSG, s->nread, r->size);
		return -1;
	}
	if (s->nread > r->lim.max_input) {
		*n -= s->nread - r->lim.max_input;
		*eof = *over = 1;
	}
	return 0;
}

static void
src_over(cjm_reader *r)
{
	r->src.bad = r->lim.max_input;
	r->src.badcode = "too-large";
}

int
cjm_src_fill(cjm_reader *r)
{
	cjm_src *s = &r->src;
	size_t n;
	int eof, over;

	for (;;) {
		if (s->p < s->end)
			return 1;
		if (s->state == SRC_FAILED)
			return -r->status;
		if (s->bad != SIZE_MAX)
			return src_fail(r);
		if (s->state == SRC_EOF || s->fp == NULL)
			return 0;
		if (src_read(r, &n, &eof, &over) != 0)
			return -r->status;
		src_deliver(r, s->buf, s->ncarry + n, eof);
		if (over)
			src_over(r);
		if (eof)
			s->state = SRC_EOF;
	}
}

/* Refuse UTF-16 and UTF-32, by their BOM or by NUL bytes among the first
 * two, and binary data; return how many bytes of UTF-8 BOM to skip, or
 * -1. */
static int
src_encoding(cjm_reader *r, const unsigned char *b, size_t n)
{
	cjm_pos pos = { 1, 1, 0 };
	int skip = n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ?
	    3 : 0;

	if (skip == 0 && n >= 2 && ((b[0] == 0xFE && b[1] == 0xFF) ||
	    (b[0] == 0xFF && b[1] == 0xFE) || b[0] == 0 || b[1] == 0)) {
		/* Worded as every other input's (cjm_text_refuse): the
		 * encoding, and the iconv line with the file's name. */
		r->src.state = SRC_FAILED;
		r->status = cjm_text_refuse(r->ds, r->name, pos, b, n, b[0], 0);
		return -1;
	}
	if (cjm_binary_refuse(r->ds, r->name, b + skip, n - (size_t)skip,
	    (size_t)skip, 0) != CJM_OK) {
		r->src.state = SRC_FAILED;
		r->status = CJM_EDATA;
		return -1;
	}
	return skip;
}

/* First chunk: encoding, BOM, then JSON or YAML from the first non-blank
 * byte. */
static int
src_start(cjm_reader *r)
{
	cjm_src *s = &r->src;
	const unsigned char *b = s->mem;
	size_t n = s->memlen, i;
	int eof = 1, over = 0, skip;

	if (s->fp != NULL) {
		if (src_read(r, &n, &eof, &over) != 0)
			return r->status;
		b = s->buf;
	} else if (n > r->lim.max_input) {
		n = r->lim.max_input;
		over = 1;
	}
	if ((skip = src_encoding(r, b, n)) < 0)
		return r->status;
	s->base = s->total = (size_t)skip;
	src_deliver(r, b + skip, n - (size_t)skip, eof);
	if (over)
		src_over(r);
	if (eof)
		s->state = SRC_EOF;
	r->fmt = r->want;
	if (r->fmt == CJM_INPUT_AUTO) {
		for (i = 0; s->p + i < s->end && (s->p[i] == ' ' ||
		    s->p[i] == '\t' || s->p[i] == '\r' || s->p[i] == '\n'); i++)
			;
		r->fmt = s->p + i < s->end && (s->p[i] == '{' ||
		    s->p[i] == '[') ? CJM_INPUT_JSON : CJM_INPUT_YAML;
	}
	return CJM_OK;
}

/* ------------------------------------------------------------- building */

int
cjm_build_begin(cjm_build *b, cjm_reader *r, cjm_diags *ds)
{
	cjm_doc *doc;

	memset(b, 0, sizeof(*b));
	b->lim = &r->lim;
	b->ds = ds;
	b->name = r->name;
	b->docno = r->cur;
	if ((doc = calloc(1, sizeof(*doc))) == NULL ||
	    (doc->pos = cjm_postab_new()) == NULL ||
	    (doc->name = strdup(r->name)) == NULL) {
		cjm_doc_free(doc);
		return cjm_reader_err(r, CJM_ESYS, "nomem", NULL, NULL,
		    "out of memory");
	}
	doc->index = r->cur;
	doc->fmt = r->fmt;
	b->doc = doc;
	b->strs.first = r->keep_slots;
	r->keep_slots = 0;	/* a stream's later maps grow their own */
	return CJM_OK;
}

/*
 * Equal scalars of a document share one node (as an alias's do): maps
 * repeat their labels, channels, ids and numbers, and each node is 24
 * or 32 bytes and a string a copy of its text. On the bench map 380,000
 * strings are 102,000 texts and 60,000 numbers 11,000 values: 25 MB
 * less. Nothing in cjm changes a loaded scalar in place.
 *
 * Why by hand, not json_incref on each find (issue 16, measured on the
 * bench map): the 440,000 finds were 16 % of the time, three cache
 * misses each (the slot, the node, its text), the node's only for its
 * type, text pointer and an atomic increment. A slot now holds what a
 * find compares (a short text itself, else a pointer to the node's
 * text) and counts the finds; the node is not touched until the table
 * is freed, when the counts become references. Until then the table's
 * own reference is KEEP_CREDIT, so that no node is freed while the table
 * or an uncounted holder has it, whatever the order of the releases.
 */
#define KEEP_CREDIT (SIZE_MAX / 4)
#define KEEP_LONG ((size_t)1 << 24)	/* texts this long are not kept */

struct cjm_kept {
	json_t *v;		/* NULL: empty */
	union {
		const char *s;	/* a text longer than 8 bytes: the node's */
		uint64_t bits;	/* else its bytes, or a number's bits */
	} u;
	uint32_t hash;
	uint32_t lenuse;	/* length, or a number's type; finds (8 bits) */
};

/* Move a slot's uncounted finds into its node's references. */
static void
keep_settle(struct cjm_kept *e, size_t plus)
{
	e->v->refcount += (e->lenuse & 0xFF) + plus;
	e->lenuse &= ~(uint32_t)0xFF;
}

static void
keep_free(struct cjm_keep *k)
{
	size_t i;

	for (i = 0; i < k->nslot; i++) {
		if (k->slot[i].v == NULL)
			continue;
		keep_settle(&k->slot[i], 1 - KEEP_CREDIT);
		json_decref(k->slot[i].v);
	}
	free(k->slot);
	memset(k, 0, sizeof(*k));
}

/* Room for one more node: the slots double past four fifths full. */
static int
keep_grow(struct cjm_keep *k)
{
	size_t cap = k->nslot ? k->nslot * 2 : k->first ? k->first : 64, i, j;
	struct cjm_kept *s;

	if ((k->n + 1) * 5 < k->nslot * 4)
		return 0;
	if ((s = calloc(cap, sizeof(*s))) == NULL)
		return -1;
	for (i = 0; i < k->nslot; i++) {
		if (k->slot[i].v == NULL)
			continue;
		for (j = k->slot[i].hash & (cap - 1); s[j].v != NULL;
		    j = (j + 1) & (cap - 1))
			;
		s[j] = k->slot[i];
	}
	free(k->slot);
	k->slot = s;
	k->nslot = cap;
	return 0;
}

void
cjm_build_abort(cjm_build *b)
{
	cjm_doc_free(b->doc);
	b->doc = NULL;
	free(b->st);
	b->st = NULL;
	keep_free(&b->strs);
	keep_free(&b->nums);
}

/* What a kept node is compared by: a string's text (or, up to 8 bytes,
 * its bytes in bits), a number's type (as len) and bits. */
struct sought {
	const char *s;
	size_t len;
	uint64_t bits;
};

static int
same(const struct cjm_kept *e, const struct sought *q)
{
	if (e->lenuse >> 8 != q->len)
		return 0;
	if (q->s == NULL || q->len <= 8)
		return e->u.bits == q->bits;
	return memcmp(e->u.s, q->s, q->len) == 0;
}

/* The node equal to q, found or made by make(); NULL out of memory.
 * 32 bits of hash index the slots (2^32 of them would be 96 GiB; a
 * bigger table would stay right, its probes only longer). */
static json_t *
keep(struct cjm_keep *k, uint32_t h, const struct sought *q,
    json_t *(*make)(const struct sought *))
{
	size_t j;
	json_t *v;
	struct cjm_kept *e;

	if (keep_grow(k) != 0)
		return NULL;
	for (j = h & (k->nslot - 1); (e = &k->slot[j])->v != NULL;
	    j = (j + 1) & (k->nslot - 1)) {
		if (e->hash == h && same(e, q)) {
			if ((++e->lenuse & 0xFF) == 0xFF)
				keep_settle(e, 0);
			return e->v;
		}
	}
	if ((v = make(q)) == NULL)
		return NULL;
	v->refcount += KEEP_CREDIT;
	e->v = v;
	e->hash = h;
	e->lenuse = (uint32_t)q->len << 8;
	if (q->s != NULL && q->len > 8)
		e->u.s = json_string_value(v);
	else
		e->u.bits = q->bits;
	k->n++;
	return v;
}

static json_t *
make_string(const struct sought *q)
{
	return json_stringn_nocheck(q->s, q->len);
}

static json_t *
make_number(const struct sought *q)
{
	double d;

	if (q->len == JSON_INTEGER)
		return json_integer((json_int_t)q->bits);
	memcpy(&d, &q->bits, sizeof(d));
	return json_real(d);
}

json_t *
cjm_build_string(cjm_build *b, const char *s, size_t len)
{
	struct sought q = { s, len, 0 };
	uint32_t h;

	/* The NUL check here, where the text is in the cache, not in
	 * cjm_build_value, which would have to read the node. */
	if (len >= KEEP_LONG) {
		b->nul = memchr(s, '\0', len) != NULL;
		return make_string(&q);
	}
	h = (uint32_t)cjm_text_hash_nul(s, len, &b->nul);
	if (len <= 8)
		memcpy(&q.bits, s, len);
	return keep(&b->strs, h, &q, make_string);
}

json_t *
cjm_build_int(cjm_build *b, json_int_t i)
{
	struct sought q = { NULL, JSON_INTEGER, (uint64_t)i };

	return keep(&b->nums, (uint32_t)cjm_text_hash((const char *)&q.bits,
	    8), &q, make_number);
}

json_t *
cjm_build_real(cjm_build *b, double d)
{
	struct sought q = { NULL, JSON_REAL, 0 };

	memcpy(&q.bits, &d, sizeof(d));
	return keep(&b->nums, (uint32_t)cjm_text_hash((const char *)&q.bits,
	    8) ^ 1, &q, make_number);
}

/* The path of the place being built, e.g. "stages[3].emotion". */
static void
build_path(const cjm_build *b, char *buf, size_t size)
{
	size_t len = 0;
	unsigned i;

	buf[0] = '\0';
	for (i = 0; i < b->depth && len < size; i++) {
		const struct cjm_frame *f = &b->st[i];
		int top = i + 1 == b->depth;

		if (f->is_obj && (!top || f->has_key))
			len += (size_t)snprintf(buf + len, size - len, "%s%.*s",
			    len ? "." : "", (int)f->klen, f->key);
		else if (!f->is_obj)
			len += (size_t)snprintf(buf + len, size - len, "[%zu]",
			    top ? f->index : f->index - 1);
	}
}

int
cjm_build_err(cjm_build *b, const char *code, const cjm_pos *pos,
    const char *hint, const char *fmt, ...)
{
	char path[512];
	va_list ap;

	build_path(b, path, sizeof(path));
	va_start(ap, fmt);
	vreport(b->ds, CJM_ERROR, code, b->name, b->docno, path, pos, hint,
	    fmt, ap);
	va_end(ap);
	return CJM_EDATA;
}

static int
build_nomem(cjm_build *b)
{
	static const cjm_pos zero;

	cjm_diags_add(b->ds, CJM_FATAL, "nomem", b->name, b->docno, "", zero,
	    NULL, "out of memory");
	return CJM_ESYS;
}

int
cjm_build_count(cjm_build *b, size_t n, const cjm_pos *pos)
{
	if (n > b->lim->max_nodes - b->nodes) {
		b->nodes = b->lim->max_nodes;
		return cjm_build_err(b, "too-many-nodes", pos,
		    "an alias bomb? expand fewer aliases",
		    "document has more than %zu nodes (aliases expanded)",
		    b->lim->max_nodes);
	}
	b->nodes += n;
	return CJM_OK;
}

/* Attach v to the open collection, or make it the root. */
static int
build_attach(cjm_build *b, json_t *v, const cjm_pos *pos)
{
	struct cjm_frame *f;
	cjm_pos first = { 0, 0, 0 };
	size_t before;

	if (b->depth == 0) {
		b->doc->root = v;
		b->doc->root_pos = *pos;
		b->done = 1;
		return CJM_OK;
	}
	f = &b->st[b->depth - 1];
	if (!f->is_obj) {
		if (json_array_append_new(f->node, v) != 0 ||
		    cjm_postab_item(b->doc->pos, pos) != 0)
			return build_nomem(b);
		f->index++;
		return CJM_OK;
	}
	before = json_object_size(f->node);
	if (json_object_setn_new_nocheck(f->node, f->key, f->klen, v) != 0)
		return build_nomem(b);
	if (json_object_size(f->node) == before) {
		cjm_postab_pending(b->doc->pos, f->mark, f->kid, &first);
		/* A second top-level cjm: two maps run together, as
		 * `cat *.yaml` makes them. */
		return cjm_build_err(b, "duplicate-key", &f->kpos, b->depth == 1
		    && f->klen == 3 && memcmp(f->key, "cjm", 3) == 0 ?
		    "a second map starts here: separate maps in a stream with "
		    "a '---' line" : NULL,
		    "duplicate key '%.*s' (first at line %lu, column %lu)",
		    (int)f->klen, f->key, first.line, first.col);
	}
	if (cjm_postab_member(b->doc->pos, f->kid, pos, &f->kpos) != 0)
		return build_nomem(b);
	f->has_key = 0;
	return CJM_OK;
}

int
cjm_build_value(cjm_build *b, json_t *v, const cjm_pos *pos)
{
	int st, nul = b->nul;

	b->nul = 0;
	if (v == NULL)
		return build_nomem(b);
	/* A NUL (JSON \u0000, YAML \0) would cut the text short in every
	 * C string after this one: refused as in keys. cjm_build_string
	 * looked (an alias's node was a value before, so it has none). */
	if (nul) {
		json_decref(v);
		return cjm_build_err(b, "value-nul", pos, "remove the \\u0000 "
		    "(YAML \\0) from the text", "a string contains a NUL "
		    "character");
	}
	if ((st = cjm_build_count(b, 1, pos)) != CJM_OK) {
		json_decref(v);
		return st;
	}
	return build_attach(b, v, pos);
}

int
cjm_build_open(cjm_build *b, json_t *v, int is_obj, const cjm_pos *pos)
{
	struct cjm_frame *f;
	int st;

	if (b->depth >= b->lim->max_depth) {
		json_decref(v);
		return cjm_build_err(b, "too-deep", pos,
		    "flatten the document",
		    "nesting deeper than the limit of %u", b->lim->max_depth);
	}
	if (cjm_grow(&b->st, &b->cap, b->depth, sizeof(*b->st), 16) != 0) {
		json_decref(v);
		return build_nomem(b);
	}
	if ((st = cjm_build_value(b, v, pos)) != CJM_OK)
		return st;
	f = &b->st[b->depth++];
	memset(f, 0, sizeof(*f));
	f->node = v;
	f->is_obj = is_obj;
	f->nodes0 = b->nodes;
	f->mark = cjm_postab_open(b->doc->pos, is_obj);
	return CJM_OK;
}

int
cjm_build_close(cjm_build *b)
{
	const struct cjm_frame *f;

	if (b->depth == 0)
		return CJM_OK;
	f = &b->st[--b->depth];
	return cjm_postab_close(b->doc->pos, f->node, f->is_obj, f->mark) != 0 ?
	    build_nomem(b) : CJM_OK;
}

int
cjm_build_key(cjm_build *b, const char *key, size_t len, const cjm_pos *pos)
{
	struct cjm_frame *f = &b->st[b->depth - 1];

	b->nul = 0;	/* an anchored key's, from cjm_build_string */
	if (memchr(key, '\0', len) != NULL)
		return cjm_build_err(b, "key-nul", pos, NULL,
		    "a key contains a NUL character");
	if ((f->kid = cjm_postab_key(b->doc->pos, key, len, &f->key)) == 0)
		return build_nomem(b);
	f->klen = len;
	f->kpos = *pos;
	f->has_key = 1;
	return CJM_OK;
}

/* --------------------------------------------------------------- reader */

cjm_reader *
cjm_reader_new(const cjm_limits *lim, enum cjm_input_format fmt)
{
	cjm_reader *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	if (lim != NULL)
		r->lim = *lim;
	else
		cjm_limits_default(&r->lim);
	/* Deeper trees could not be written, copied or freed on a small
	 * stack (cjm.h). */
	if (r->lim.max_depth > CJM_DEPTH_MAX)
		r->lim.max_depth = CJM_DEPTH_MAX;
	r->want = fmt;
	r->src.bad = SIZE_MAX;
	r->src.fd = -1;
	r->src.line = r->src.col = 1;
	return r;
}

void
cjm_reader_free(cjm_reader *r)
{
	if (r == NULL)
		return;
	cjm_yaml_free(r);
	cjm_json_free(r);
	if (r->src.own_fp && r->src.fp != NULL)
		fclose(r->src.fp);
	free(r->src.buf);
	free(r->name);
	free(r);
}

int
cjm_reader_set_threads(cjm_reader *r, int n)
{
	if (n < 0 || n > 2)
		return CJM_ESYS;
	r->threads = n;
	return CJM_OK;
}

const char *
cjm_reader_name(const cjm_reader *r)
{
	return r ? r->name : NULL;
}

/*
 * Slots for the first document's strings, from the input's size in
 * bytes (0: unknown). Measured (issue 16, bench map): doubling the table
 * from 64 slots moved every string to a new place at each step, a cache
 * miss a move, as many as all the finds made; sized at once it never
 * moves. The bench map has one distinct string in 320 bytes; a guess of
 * one in 256 rounds up to the same table there, and a table too large
 * for a map of longer texts costs only the pages its strings touch.
 */
static size_t
keep_slots(size_t bytes)
{
	size_t n = 64;

	while (n < ((size_t)1 << 20) && n < bytes / 256)
		n *= 2;
	return n;
}

static int
reader_open(cjm_reader *r, const char *name, FILE *fp, cjm_diags *ds)
{
	r->ds = ds;
	if (r->opened)
		return cjm_reader_err(r, CJM_ESYS, "usage", NULL, NULL,
		    "the reader already has an input");
	if ((r->name = strdup(name)) == NULL ||
	    (fp != NULL && (r->src.buf = malloc(SRC_CHUNK)) == NULL))
		return cjm_reader_err(r, CJM_ESYS, "nomem", NULL, NULL,
		    "out of memory");
	r->src.fp = fp;
	r->opened = 1;
	return CJM_OK;
}

int
cjm_reader_open_file(cjm_reader *r, const char *path, cjm_diags *ds)
{
	FILE *fp;
	int st;

	if (strcmp(path, "-") == 0) {
		if ((st = reader_open(r, "<stdin>", stdin, ds)) == CJM_OK) {
			r->src.fd = fileno(stdin);
			r->size = cjm_fd_rest(r->src.fd);
			r->keep_slots = keep_slots(r->size);
		}
		return st;
	}
	if ((fp = fopen(path, "rb")) == NULL) {
		r->ds = ds;
		free(r->name);
		r->name = strdup(path);
		return cjm_reader_err(r, CJM_ESYS, "io", NULL, NULL,
		    "cannot open: %s", strerror(errno));
	}
	if ((st = reader_open(r, path, fp, ds)) != CJM_OK) {
		fclose(fp);
		return st;
	}
	r->src.own_fp = 1;
	r->src.fd = fileno(fp);
	r->size = cjm_fd_rest(r->src.fd);
	r->keep_slots = keep_slots(r->size);
	return CJM_OK;
}

int
cjm_reader_open_memory(cjm_reader *r, const void *buf, size_t len,
    const char *name, cjm_diags *ds)
{
	int st = reader_open(r, name ? name : "<memory>", NULL, ds);

	if (st == CJM_OK) {
		r->src.mem = buf != NULL ? buf : (const void *)"";
		r->src.memlen = buf != NULL ? len : 0;
		r->size = r->src.memlen;
		r->keep_slots = keep_slots(r->size);
	}
	return st;
}

int
cjm_reader_open_stream(cjm_reader *r, FILE *fp, const char *name,
    cjm_diags *ds)
{
	int st = reader_open(r, name ? name : fp == stdin ? "<stdin>" :
	    "<stream>", fp, ds);

	if (st == CJM_OK && fp != NULL) {
		r->size = cjm_fp_rest(fp);
		r->keep_slots = keep_slots(r->size);
	}
	return st;
}

/* libyaml says only "found character that cannot start any token" of
 * a tab where indentation goes (YAML indents with spaces only): when
 * the byte it points at is a tab still in the chunk read, say so. */
static void
tab_hint(const cjm_reader *r, cjm_diags *ds)
{
	const cjm_src *s = &r->src;
	size_t n = cjm_diags_count(ds), from;
	const cjm_diag *d = n > 0 ? cjm_diags_get(ds, n - 1) : NULL;

	if (d == NULL || d->hint != NULL || s->chunk == NULL ||
	    strcmp(d->code, "syntax") != 0 ||
	    strstr(d->message, "cannot start any token") == NULL)
		return;
	from = s->total - (size_t)(s->end - s->chunk);
	if (d->pos.offset >= from && d->pos.offset < s->total &&
	    s->chunk[d->pos.offset - from] == '\t')
		cjm_diags_hint_last(ds, "YAML indents with spaces, not tabs: "
		    "replace the tab with spaces");
}

int
cjm_reader_next(cjm_reader *r, cjm_doc **out, cjm_diags *ds)
{
	int st;

	*out = NULL;
	r->ds = ds;
	if (!r->opened)
		return cjm_reader_err(r, CJM_ESYS, "usage", NULL, NULL,
		    "the reader has no input");
	if (r->failed)
		return CJM_DONE;
	r->cur = r->docs + 1;
	if (!r->started) {
		r->started = 1;
		if ((st = src_start(r)) != CJM_OK) {
			r->failed = 1;
			return st;
		}
	}
	st = r->fmt == CJM_INPUT_JSON ? cjm_json_next(r, out, ds) :
	    cjm_yaml_next(r, out, ds);
	if (st == CJM_EDATA && r->fmt != CJM_INPUT_JSON)
		tab_hint(r, ds);
	if (st == CJM_OK) {
		r->docs++;
	} else if (st == CJM_DONE && r->docs == 0) {
		cjm_pos pos = { r->src.line, r->src.col, r->src.total };

		r->cur = 0;
		st = cjm_reader_err(r, CJM_EDATA, "empty", &pos, NULL,
		    "no document in the input (empty, or only comments)");
	}
	if (st != CJM_OK)
		r->failed = 1;
	return st;
}

int
cjm_doc_load_memory(const void *buf, size_t len, const char *name,
    const cjm_limits *lim, enum cjm_input_format fmt, cjm_doc **out,
    cjm_diags *ds)
{
	cjm_reader *r = cjm_reader_new(lim, fmt);
	cjm_doc *more = NULL;
	int st;

	*out = NULL;
	if (r == NULL)
		return CJM_ESYS;
	if ((st = cjm_reader_open_memory(r, buf, len, name, ds)) == CJM_OK &&
	    (st = cjm_reader_next(r, out, ds)) == CJM_OK) {
		st = cjm_reader_next(r, &more, ds);
		if (st == CJM_OK) {
			cjm_pos pos;

			cjm_doc_pos(more, NULL, NULL, 0, &pos, NULL);
			st = cjm_reader_err(r, CJM_EDATA, "multiple-docs", &pos,
			    "split the stream, or read it with a tool",
			    "more than one document where one was expected");
		}
		if (st == CJM_DONE)
			st = CJM_OK;
	}
	if (st != CJM_OK) {
		cjm_doc_free(*out);
		*out = NULL;
	}
	cjm_doc_free(more);
	cjm_reader_free(r);
	return st;
}
