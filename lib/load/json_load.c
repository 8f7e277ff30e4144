/* json_load.c: JSON documents (RFC 8259, strict) with positions, read
 * from the source's chunks: a stream of values is a stream of documents.
 * jansson's own loader keeps no positions, hence this small parser. */
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "grow.h"
#include "num.h"

struct json_state {
	unsigned long line, col;	/* place of src.p */
	char *buf;			/* a string or number being read */
	size_t len, cap;
};

typedef struct jp {
	cjm_reader *r;
	cjm_src *s;
	struct json_state *j;
	cjm_build *b;
} jp;

enum { J_EOF = -1, J_ERR = -2 };

void
cjm_json_free(cjm_reader *r)
{
	struct json_state *j = r->json;

	if (j == NULL)
		return;
	free(j->buf);
	free(j);
	r->json = NULL;
}

static inline int
peek(jp *p)
{
	int st;

	if (p->s->p < p->s->end)
		return *p->s->p;
	st = cjm_src_fill(p->r);
	return st > 0 ? *p->s->p : st == 0 ? J_EOF : J_ERR;
}

/* Step over the byte peek() returned. */
static inline void
adv(jp *p)
{
	unsigned c = *p->s->p++;

	if (c == '\n') {
		p->j->line++;
		p->j->col = 1;
	} else if ((c & 0xC0) != 0x80) {
		p->j->col++;
	}
}

static cjm_pos
here(const jp *p)
{
	cjm_pos pos;

	pos.line = p->j->line;
	pos.col = p->j->col;
	pos.offset = p->s->total - (size_t)(p->s->end - p->s->p);
	return pos;
}

static int
skip_ws(jp *p)
{
	int c;

	while ((c = peek(p)) == ' ' || c == '\n' || c == '\t' || c == '\r')
		adv(p);
	return c;
}

/* A syntax error at the current place, naming what was found. */
static int
syntax(jp *p, int c, const char *what)
{
	cjm_pos pos = here(p);

	if (c == J_ERR)
		return p->r->status;
	if (c == J_EOF)
		return cjm_build_err(p->b, "syntax", &pos, NULL,
		    "%s, found the end of the input", what);
	if (c >= 0x20 && c < 0x7F)
		return cjm_build_err(p->b, "syntax", &pos, NULL, "%s, found '%c'",
		    what, c);
	return cjm_build_err(p->b, "syntax", &pos, NULL,
	    "%s, found byte 0x%02X", what, (unsigned)c);
}

static int
nomem(jp *p)
{
	return cjm_reader_err(p->r, CJM_ESYS, "nomem", NULL, NULL,
	    "out of memory");
}

static int
buf_add(jp *p, const void *data, size_t n)
{
	struct json_state *j = p->j;

	if (n == 0)
		return CJM_OK;
	if (cjm_grow(&j->buf, &j->cap, j->len + n - 1, 1, 256) != 0)
		return nomem(p);
	memcpy(j->buf + j->len, data, n);
	j->len += n;
	return CJM_OK;
}

static int
too_long(jp *p, const cjm_pos *pos, size_t len)
{
	if (len <= p->r->lim.max_scalar)
		return CJM_OK;
	return cjm_build_err(p->b, "scalar-too-large", pos,
	    "raise the limit with --max-scalar",
	    "string or number longer than the limit of %zu %s",
	    p->r->lim.max_scalar, BYTES(p->r->lim.max_scalar));
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The four hex digits of a \u escape ("\u" already read). */
static int
hex4(jp *p, unsigned *out)
{
	unsigned v = 0;
	int i, c;

	for (i = 0; i < 4; i++) {
		c = peek(p);
		if (c < 0 || hexval(c) < 0)
			return syntax(p, c, "expected four hex digits after \\u");
		v = v * 16 + (unsigned)hexval(c);
		adv(p);
	}
	*out = v;
	return CJM_OK;
}

/* A \u escape, surrogate pairs joined, as UTF-8. */
static int
unicode(jp *p, const cjm_pos *pos)
{
	unsigned u, lo;
	unsigned char o[4];
	size_t n;
	int st, c = 0;

	if ((st = hex4(p, &u)) != CJM_OK)
		return st;
	if (u >= 0xD800 && u <= 0xDBFF) {
		if ((c = peek(p)) != '\\')
			goto lone;
		adv(p);
		if ((c = peek(p)) != 'u')
			goto lone;
		adv(p);
		if ((st = hex4(p, &lo)) != CJM_OK)
			return st;
		if (lo < 0xDC00 || lo > 0xDFFF)
			goto lone;
		u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
	} else if (u >= 0xDC00 && u <= 0xDFFF) {
		goto lone;
	}
	n = cjm_utf8_put(u, o);
	return buf_add(p, o, n);
lone:
	if (c == J_ERR)
		return p->r->status;
	return cjm_build_err(p->b, "syntax", pos, NULL,
	    "a \\u escape is half of a surrogate pair");
}

/* An escape ("\" already read). */
static int
escape(jp *p)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	cjm_pos pos = here(p);
	const char *k;
	int c = peek(p);

	if (c == 'u') {
		adv(p);
		return unicode(p, &pos);
	}
	if (c <= 0 || (k = strchr(from, c)) == NULL)
		return syntax(p, c, "invalid escape in a string");
	adv(p);
	return buf_add(p, &to[k - from], 1);
}

/* A string (the opening quote is next); *out and *n get its bytes: in
 * the chunk itself when it holds the whole string without escapes, else
 * in the state's buffer. Valid until the next read. */
static int
string(jp *p, const char **out, size_t *n)
{
	cjm_pos pos = here(p);
	const unsigned char *q, *start, *end;
	unsigned long col;
	int c, st;

	adv(p);
	p->j->len = 0;
	for (;;) {
		start = q = p->s->p;
		end = p->s->end;
		col = p->j->col;
		while (q < end && *q != '"' && *q != '\\' && *q >= 0x20)
			col += (*q++ & 0xC0) != 0x80;
		p->s->p = q;
		p->j->col = col;
		if ((st = too_long(p, &pos, p->j->len + (size_t)(q - start))))
			return st;
		if (q < end && *q == '"' && p->j->len == 0) {
			*out = (const char *)start;
			*n = (size_t)(q - start);
			adv(p);
			return CJM_OK;
		}
		if ((st = buf_add(p, start, (size_t)(q - start))) != CJM_OK)
			return st;
		if ((c = peek(p)) == '"') {
			adv(p);
			*out = p->j->buf ? p->j->buf : "";
			*n = p->j->len;
			return CJM_OK;
		}
		if (c == '\\') {
			adv(p);
			if ((st = escape(p)) != CJM_OK)
				return st;
		} else if (c >= 0x20) {
			continue;	/* the run goes on in the next chunk */
		} else if (c >= 0) {
			return syntax(p, c, "a control character in a string "
			    "must be escaped");
		} else if (c == J_EOF) {
			return cjm_build_err(p->b, "syntax", &pos, NULL,
			    "string not closed");
		} else {
			return p->r->status;
		}
	}
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?: 1 for a real, 0 for an
 * integer, -1 when it is no JSON number. */
static int
number_form(const char *s, size_t n)
{
	size_t i = s[0] == '-', d;
	int real = 0;

	for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		;
	if (i == d || (s[d] == '0' && i - d > 1))
		return -1;
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return -1;
		real = 1;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return -1;
		real = 1;
	}
	return i == n ? real : -1;
}

static int
number(jp *p, const cjm_pos *pos)
{
	struct json_state *j = p->j;
	json_int_t iv;
	double dv;
	int c, st, real, rc;

	j->len = 0;
	while ((c = peek(p)) >= 0 && ((c >= '0' && c <= '9') || c == '-' ||
	    c == '+' || c == '.' || c == 'e' || c == 'E')) {
		char ch = (char)c;

		adv(p);
		if ((st = buf_add(p, &ch, 1)) != CJM_OK ||
		    (st = too_long(p, pos, j->len)) != CJM_OK)
			return st;
	}
	if (c == J_ERR)
		return p->r->status;
	if ((real = number_form(j->buf, j->len)) < 0)
		return cjm_build_err(p->b, "syntax", pos, NULL,
		    "invalid number '%.*s'", j->len > 40 ? 40 : (int)j->len,
		    j->buf);
	rc = real ? cjm_num_real(j->buf, j->len, &dv) :
	    cjm_num_int(j->buf, j->len, 10, &iv);
	if (rc == -1)
		return cjm_build_err(p->b, "number-range", pos,
		    "quote it to keep it as text", real ?
		    "number '%.*s%s' is out of range" :
		    "integer '%.*s%s' is out of the 64-bit range",
		    j->len > 40 ? 40 : (int)j->len, j->buf,
		    j->len > 40 ? "..." : "");
	if (rc != 0)
		return nomem(p);
	return cjm_build_value(p->b, real ? cjm_build_real(p->b, dv) :
	    cjm_build_int(p->b, iv), pos);
}

static int
literal(jp *p, const cjm_pos *pos)
{
	char w[8];
	size_t n = 0;
	int c = 0;

	while (n < sizeof(w) - 1 && (c = peek(p)) >= 'a' && c <= 'z') {
		w[n++] = (char)c;
		adv(p);
	}
	if (c == J_ERR)
		return p->r->status;
	w[n] = '\0';
	if (strcmp(w, "true") == 0)
		return cjm_build_value(p->b, json_true(), pos);
	if (strcmp(w, "false") == 0)
		return cjm_build_value(p->b, json_false(), pos);
	if (strcmp(w, "null") == 0)
		return cjm_build_value(p->b, json_null(), pos);
	return cjm_build_err(p->b, "syntax", pos,
	    "quote text; JSON's words are true, false and null",
	    "invalid literal '%s'", w);
}

/* One value at the current place: a scalar, or a collection opened. */
static int
value(jp *p, int c)
{
	cjm_pos pos = here(p);
	const char *s;
	size_t n;
	int st;

	switch (c) {
	case '{':
	case '[':
		adv(p);
		return cjm_build_open(p->b, c == '{' ? json_object() :
		    json_array(), c == '{', &pos);
	case '"':
		if ((st = string(p, &s, &n)) != CJM_OK)
			return st;
		return cjm_build_value(p->b, cjm_build_string(p->b, s, n), &pos);
	case 't':
	case 'f':
	case 'n':
		return literal(p, &pos);
	default:
		if (c == '-' || (c >= '0' && c <= '9'))
			return number(p, &pos);
		return syntax(p, c, "expected a value");
	}
}

/* A key and its colon, in an object. */
static int
key(jp *p)
{
	cjm_pos pos;
	const char *s;
	size_t n;
	int c = skip_ws(p), st;

	if (c != '"' && p->r->want == CJM_INPUT_AUTO && (c == '\'' ||
	    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
		/* Likely YAML in flow style, taken for JSON by its '{'. */
		pos = here(p);
		return cjm_build_err(p->b, "syntax", &pos,
		    "read as JSON since it starts with '{'; "
		    "--input-format yaml reads it as YAML",
		    "expected a key in double quotes, found '%c'", c);
	}
	if (c != '"')
		return syntax(p, c, "expected a key in double quotes");
	pos = here(p);
	if ((st = string(p, &s, &n)) != CJM_OK ||
	    (st = cjm_build_key(p->b, s, n, &pos)) != CJM_OK)
		return st;
	if ((c = skip_ws(p)) != ':')
		return syntax(p, c, "expected ':' after the key");
	adv(p);
	return CJM_OK;
}

/* After a value inside a collection: ',' and the next, or the end. */
static int
after(jp *p, int *more)
{
	struct cjm_frame *f = &p->b->st[p->b->depth - 1];
	int c = skip_ws(p), close = f->is_obj ? '}' : ']';

	*more = 0;
	if (c == close) {
		adv(p);
		return cjm_build_close(p->b);
	}
	if (c != ',')
		return syntax(p, c, f->is_obj ? "expected ',' or '}'" :
		    "expected ',' or ']'");
	adv(p);
	*more = 1;
	return f->is_obj ? key(p) : CJM_OK;
}

/* A whole document: values until the root is complete. */
static int
document(jp *p, int c)
{
	cjm_build *b = p->b;
	int st, more;

	for (;;) {
		unsigned depth = b->depth;

		if ((st = value(p, c)) != CJM_OK)
			return st;
		if (b->depth > depth) {
			/* Just opened: empty, or its first item. */
			int close = b->st[b->depth - 1].is_obj ? '}' : ']';

			if ((c = skip_ws(p)) == close) {
				adv(p);
				if ((st = cjm_build_close(b)) != CJM_OK)
					return st;
			} else if (close == '}') {
				if ((st = key(p)) != CJM_OK)
					return st;
				c = skip_ws(p);
				continue;
			} else {
				continue;
			}
		}
		do {
			if (b->depth == 0)
				return CJM_OK;
			if ((st = after(p, &more)) != CJM_OK)
				return st;
		} while (!more);
		c = skip_ws(p);
	}
}

int
cjm_json_next(cjm_reader *r, cjm_doc **out, cjm_diags *ds)
{
	cjm_build b;
	jp p;
	int c, st;

	if (r->json == NULL) {
		if ((r->json = calloc(1, sizeof(struct json_state))) == NULL)
			return cjm_reader_err(r, CJM_ESYS, "nomem", NULL, NULL,
			    "out of memory");
		((struct json_state *)r->json)->line = 1;
		((struct json_state *)r->json)->col = 1;
	}
	p.r = r;
	p.s = &r->src;
	p.j = r->json;
	p.b = &b;
	if ((c = skip_ws(&p)) == J_EOF)
		return CJM_DONE;
	if (c == J_ERR)
		return r->status;
	if ((st = cjm_build_begin(&b, r, ds)) != CJM_OK)
		return st;
	if ((st = document(&p, c)) == CJM_OK) {
		*out = b.doc;
		b.doc = NULL;
	}
	cjm_build_abort(&b);
	return st;
}
