/* yaml_load.c: YAML documents through libyaml's event API into jansson
 * trees with positions; scalars by the YAML 1.2 core schema. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "load.h"
#include "grow.h"
#include "num.h"
#include "yaml_pipe.h"

#define SCAN_AHEAD 65536

/* An anchor: its node once complete, and how many nodes it holds. */
struct anchor {
	char *name;
	json_t *node;		/* NULL while the node is still open */
	size_t nodes;
};

/* A run of non-ASCII characters of one width w, from char index c: libyaml
 * marks count characters, positions want bytes. e0 is the extra bytes
 * (bytes minus characters) of the input before the run. */
struct run {
	size_t c, len, e0;
	unsigned w;
};

struct yaml_state {
	yaml_parser_t parser;
	struct run *run;	/* runs libyaml has read but not yet passed */
	size_t head, nrun, caprun;
	size_t bytes, extra;	/* handed to libyaml; extra bytes in them */
	size_t ehead;		/* extra bytes before run[head] */
	const unsigned char *ok;	/* the source's bytes checked, to here */
	size_t seen;		/* src.total when they were */
	int bad;		/* a bad byte is at ok */
	struct anchor *an;
	size_t nan, cap;
	uint32_t *slot;		/* 1 + anchor index; 0 empty */
	size_t nslot;		/* power of two */
	cjm_ypipe *pipe;	/* the parser's thread, or NULL */
};

static struct yaml_state *
state(cjm_reader *r)
{
	return r->yaml;
}

static void
anchors_reset(struct yaml_state *y)
{
	size_t i;

	for (i = 0; i < y->nan; i++) {
		free(y->an[i].name);
		json_decref(y->an[i].node);
	}
	y->nan = 0;
	if (y->slot != NULL)
		memset(y->slot, 0, y->nslot * sizeof(*y->slot));
}

void
cjm_yaml_free(cjm_reader *r)
{
	struct yaml_state *y = state(r);

	if (y == NULL)
		return;
	cjm_ypipe_stop(y->pipe, NULL);
	anchors_reset(y);
	yaml_parser_delete(&y->parser);
	free(y->an);
	free(y->slot);
	free(y->run);
	free(y);
	r->yaml = NULL;
}

static uint32_t
name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* The slot of name: where it is, or the empty slot it would take. */
static uint32_t *
anchor_slot(struct yaml_state *y, const char *name)
{
	size_t j = name_hash(name) & (y->nslot - 1);

	while (y->slot[j] != 0 && strcmp(y->an[y->slot[j] - 1].name, name))
		j = (j + 1) & (y->nslot - 1);
	return &y->slot[j];
}

static struct anchor *
anchor_find(struct yaml_state *y, const char *name)
{
	uint32_t *s;

	if (y->nslot == 0)
		return NULL;
	s = anchor_slot(y, name);
	return *s ? &y->an[*s - 1] : NULL;
}

static int
anchor_grow(struct yaml_state *y)
{
	size_t cap, i;
	uint32_t *slot;

	if (cjm_grow(&y->an, &y->cap, y->nan, sizeof(*y->an), 16) != 0)
		return -1;
	cap = y->cap;
	if ((slot = calloc(cap * 2, sizeof(*slot))) == NULL)
		return -1;
	free(y->slot);
	y->slot = slot;
	y->nslot = cap * 2;
	for (i = 0; i < y->nan; i++)
		*anchor_slot(y, y->an[i].name) = (uint32_t)(i + 1);
	return 0;
}

/* Define (or redefine: the later one counts) an anchor; node NULL while
 * open. Returns 1 + its index, or 0 when out of memory. */
static size_t
anchor_define(struct yaml_state *y, const char *name, json_t *node,
    size_t nodes)
{
	struct anchor *a = anchor_find(y, name);

	if (a == NULL) {
		if (y->nan == y->cap && anchor_grow(y) != 0)
			return 0;
		a = &y->an[y->nan];
		if ((a->name = strdup(name)) == NULL)
			return 0;
		*anchor_slot(y, name) = (uint32_t)++y->nan;
	} else {
		json_decref(a->node);
	}
	a->node = json_incref(node);
	a->nodes = nodes;
	return (size_t)(a - y->an) + 1;
}

/* ---------------------------------------------------------------- events */

/* A new run for a character of width w at s[i] of the piece. */
static struct run *
run_new(struct yaml_state *y, size_t i, unsigned w)
{
	struct run *r;

	if (y->nrun == y->caprun) {
		if (y->head > 0) {
			memmove(y->run, y->run + y->head,
			    (y->nrun - y->head) * sizeof(*r));
			y->nrun -= y->head;
			y->head = 0;
		} else if (cjm_grow(&y->run, &y->caprun, y->nrun,
		    sizeof(*y->run), 256) != 0) {
			return NULL;
		}
	}
	r = &y->run[y->nrun++];
	r->c = y->bytes + i - y->extra;
	r->len = 0;
	r->e0 = y->extra;
	r->w = w;
	return r;
}

/*
 * Bytes at the start of s that are ASCII text YAML allows: printable
 * (0x20..0x7E), tab and LF; the caller looks at a CR's next byte. With
 * SSE2 (every x86-64) sixteen at a time, line ends included: the
 * eight-at-a-time loop stopped at each line's end, and this loop was a
 * quarter of cjm-validate's own instructions on the bench map (issue
 * 16). Elsewhere eight at a time, stopping early at tab and LF too.
 */
static size_t
printable_span(const unsigned char *s, size_t n)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F),
	    tab = _mm_set1_epi8('\t'), lf = _mm_set1_epi8('\n');

	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)
		    (s + i));
		/* signed: below 0x20, or 0x80 and above */
		__m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, space),
		    _mm_cmpeq_epi8(v, del));
		__m128i ok = _mm_or_si128(_mm_cmpeq_epi8(v, tab),
		    _mm_cmpeq_epi8(v, lf));

		if (_mm_movemask_epi8(_mm_andnot_si128(ok, bad)) != 0)
			break;
	}
#else
	const uint64_t ones = 0x0101010101010101ULL, high = ones << 7;

	while (i + 8 <= n) {
		uint64_t x, d;

		memcpy(&x, s + i, 8);
		d = x ^ (ones * 0x7F);
		/* a byte < 0x20, >= 0x80, or == 0x7F sets its high bit */
		if ((((x - ones * 0x20) & ~x) | x | ((d - ones) & ~d)) & high)
			break;
		i += 8;
	}
#endif
	return i;
}

/* Whether s starts a character of w bytes that the fast loop below may
 * take: a lead that needs no narrower range for the second byte (not
 * 0xE0, 0xED, 0xF0, 0xF4), nor could start a forbidden one (0xC2, 0xEF;
 * U+2028 and U+2029 themselves), and its continuation bytes. */
static int
same_width(const unsigned char *s, unsigned w)
{
	unsigned c = s[0], j;

	if (w == 2 ? c <= 0xC2 || c >= 0xE0 : w == 3 ? c <= 0xE0 ||
	    c == 0xED || c >= 0xEF || (c == 0xE2 && s[1] == 0x80 &&
	    (s[2] & 0xFE) == 0xA8) : c <= 0xF0 || c >= 0xF4)
		return 0;
	for (j = 1; j < w; j++)
		if ((s[j] & 0xC0) != 0x80)
			return 0;
	return 1;
}

/* How many characters of w bytes that same_width takes s starts with.
 * Two-byte ones (Cyrillic, Greek, ...) sixteen bytes at a time with
 * SSE2: a lead 0xC3..0xDF at even bytes, a continuation at odd ones;
 * they were a third of this file's instructions on the bench map. */
static size_t
same_width_span(const unsigned char *s, size_t n, unsigned w)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i c2 = _mm_set1_epi8((char)0xC2),
	    e0 = _mm_set1_epi8((char)0xE0), top = _mm_set1_epi8((char)0xC0),
	    cont = _mm_set1_epi8((char)0x80);

	for (; w == 2 && i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)
		    (s + i));
		/* signed compares: 0xC2 < lead < 0xE0 */
		unsigned lead = (unsigned)_mm_movemask_epi8(_mm_and_si128(
		    _mm_cmpgt_epi8(v, c2), _mm_cmplt_epi8(v, e0)));
		unsigned tail = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		    _mm_and_si128(v, top), cont));
		unsigned m = (lead & 0x5555) | (tail & 0xAAAA);

		if (m != 0xFFFF) {	/* the whole pairs before the first miss */
			i += (unsigned)__builtin_ctz(~m) & ~1u;
			break;
		}
	}
#endif
	while (i + w <= n && same_width(s + i, w))
		i += w;
	return i / w;
}

/*
 * One pass over a piece of the input for libyaml, which is also the
 * UTF-8 check of all but the first chunk of a file (cjm_src.lazy): the
 * pass the source made before was a tenth of cjm-validate's own
 * instructions on the bench map (issue 16). It notes the non-ASCII
 * characters, so that marks (in characters) can become byte offsets,
 * and finds the first byte that is not UTF-8 text (NUL, an invalid or
 * cut sequence) or is a character YAML forbids (C0 and C1 controls but
 * tab, LF and CR; DEL; U+FFFE, U+FFFF), which libyaml would refuse
 * without saying on which line, or one libyaml reads as a line break
 * where cjm's lines (and editors') have none: a CR without an LF, NEL,
 * U+2028, U+2029 (YAML 1.1 line breaks; in YAML 1.2 only CR is one).
 * Those would move every later line number and fold or split the text
 * around them. control_error tells which. A piece ends at a character,
 * but at the end of the input. Returns the bytes before that (n if
 * none), or SIZE_MAX when out of memory.
 */
static size_t
piece_scan(struct yaml_state *y, const unsigned char *s, size_t n)
{
	struct run *r = y->nrun > y->head ? &y->run[y->nrun - 1] : NULL;
	size_t i = 0;

	while (i < n) {
		unsigned c, w;
		size_t more;
		int k;

		i += printable_span(s + i, n - i);
		if (i >= n)
			break;
		if ((c = s[i]) < 0x80) {
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
			    c == 0x7F)
				break;
			/* a CR without an LF (the source keeps a chunk's
			 * last CR for the next, scan_window a window's) */
			if (c == '\r' && (i + 1 == n || s[i + 1] != '\n'))
				break;
			i++;
			continue;
		}
		if ((k = cjm_utf8_seq(s + i, n - i)) <= 0)
			break;
		if ((c == 0xC2 && s[i + 1] < 0xA0) || (c == 0xE2 &&
		    s[i + 1] == 0x80 && (s[i + 2] & 0xFE) == 0xA8) ||
		    (c == 0xEF && s[i + 1] == 0xBF && s[i + 2] >= 0xBE))
			break;
		w = (unsigned)k;
		if (r == NULL || r->w != w || r->c + r->len !=
		    y->bytes + i - y->extra) {
			if ((r = run_new(y, i, w)) == NULL)
				return SIZE_MAX;
		}
		/* The rest of a word in one script at once. */
		more = 1 + same_width_span(s + i + w, n - i - w, w);
		r->len += more;
		y->extra += more * (w - 1);
		i += more * w;
	}
	y->bytes += i;
	return i;
}

/* The byte offset of character index m; marks come in order, so runs
 * behind m are dropped. */
static size_t
runs_offset(struct yaml_state *y, size_t m)
{
	while (y->head < y->nrun && y->run[y->head].c + y->run[y->head].len
	    <= m) {
		const struct run *r = &y->run[y->head++];

		y->ehead = r->e0 + r->len * (r->w - 1);
	}
	if (y->head < y->nrun && y->run[y->head].c <= m)
		return m + y->run[y->head].e0 + (m - y->run[y->head].c) *
		    (y->run[y->head].w - 1);
	return m + y->ehead;
}

static cjm_pos
mark_pos(const cjm_reader *r, const yaml_mark_t *m)
{
	cjm_pos p;

	p.line = (unsigned long)m->line + 1;
	p.col = (unsigned long)m->column + 1;
	p.offset = r->src.base + runs_offset(r->yaml, m->index);
	return p;
}

static int
at_key(const cjm_build *b)
{
	return b->depth > 0 && b->st[b->depth - 1].is_obj &&
	    !b->st[b->depth - 1].has_key;
}

static int
on_scalar(cjm_reader *r, cjm_build *b, const struct cjm_yitem *it)
{
	struct yaml_state *y = state(r);
	const yaml_event_t *ev = &it->ev;
	cjm_pos pos = it->pos;
	const char *tag = (const char *)ev->data.scalar.tag;
	const char *anchor = (const char *)ev->data.scalar.anchor;
	json_t *v;
	int st = CJM_OK;

	if (ev->data.scalar.length > r->lim.max_scalar)
		return cjm_build_err(b, "scalar-too-large", &pos,
		    "raise the limit with --max-scalar",
		    "scalar of %zu %s is larger than the limit of %zu %s",
		    ev->data.scalar.length, BYTES(ev->data.scalar.length),
		    r->lim.max_scalar, BYTES(r->lim.max_scalar));
	if (at_key(b)) {
		/* A key is its text, whatever it would resolve to. */
		if (tag != NULL && strcmp(tag, "!") != 0 &&
		    (strncmp(tag, CJM_CORE, CJM_CORE_LEN) != 0 ||
		    strchr(tag + CJM_CORE_LEN, '/') != NULL))
			return cjm_yaml_bad_tag(b, tag, &pos);
		if (anchor == NULL)	/* no node: the key's text is copied */
			return cjm_build_key(b, (const char *)
			    ev->data.scalar.value, ev->data.scalar.length, &pos);
		v = cjm_build_string(b, (const char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		if (v != NULL && !anchor_define(y, anchor, v, 1))
			json_decref(v), v = NULL;
		if (v == NULL)
			return cjm_reader_err(r, CJM_ESYS, "nomem", NULL, NULL,
			    "out of memory");
		st = cjm_build_key(b, json_string_value(v), json_string_length(v),
		    &pos);
		json_decref(v);
		return st;
	}
	if ((v = cjm_yaml_scalar(b, ev, &pos, &st)) == NULL)
		return st != CJM_OK ? st : cjm_reader_err(r, CJM_ESYS, "nomem",
		    NULL, NULL, "out of memory");
	if (anchor != NULL && !anchor_define(y, anchor, v, 1)) {
		json_decref(v);
		return cjm_reader_err(r, CJM_ESYS, "nomem", NULL, NULL,
		    "out of memory");
	}
	return cjm_build_value(b, v, &pos);
}

static int
on_start(cjm_reader *r, cjm_build *b, const struct cjm_yitem *it, int is_obj)
{
	struct yaml_state *y = state(r);
	const yaml_event_t *ev = &it->ev;
	cjm_pos pos = it->pos;
	const char *tag = (const char *)(is_obj ? ev->data.mapping_start.tag :
	    ev->data.sequence_start.tag);
	const char *anchor = (const char *)(is_obj ?
	    ev->data.mapping_start.anchor : ev->data.sequence_start.anchor);
	int st;

	if (at_key(b))
		return cjm_build_err(b, "key-collection", &pos,
		    "use a plain text key",
		    "a %s cannot be a key", is_obj ? "mapping" : "sequence");
	if (tag != NULL && strcmp(tag, "!") != 0 &&
	    strcmp(tag, is_obj ? CJM_CORE "map" : CJM_CORE "seq") != 0)
		return strncmp(tag, CJM_CORE, CJM_CORE_LEN) == 0 && strchr(tag + CJM_CORE_LEN,
		    '/') == NULL ? cjm_build_err(b, "tag-value", &pos, NULL,
		    "a %s cannot be tagged !!%s", is_obj ? "mapping" :
		    "sequence", tag + CJM_CORE_LEN) : cjm_yaml_bad_tag(b, tag, &pos);
	st = cjm_build_open(b, is_obj ? json_object() : json_array(), is_obj,
	    &pos);
	if (st == CJM_OK && anchor != NULL &&
	    (b->st[b->depth - 1].anchor = anchor_define(y, anchor, NULL, 0)) == 0)
		return cjm_reader_err(r, CJM_ESYS, "nomem", NULL, NULL,
		    "out of memory");
	return st;
}

static int
on_end(cjm_reader *r, cjm_build *b)
{
	struct cjm_frame *f = &b->st[b->depth - 1];

	if (f->anchor != 0) {
		struct anchor *a = &state(r)->an[f->anchor - 1];

		/* Unless redefined inside (&a [&a x]): the later one wins. */
		if (a->node == NULL) {
			a->node = json_incref(f->node);
			a->nodes = b->nodes - f->nodes0 + 1;
		}
	}
	return cjm_build_close(b);
}

static int
on_alias(cjm_reader *r, cjm_build *b, const struct cjm_yitem *it)
{
	cjm_pos pos = it->pos;
	const char *name = (const char *)it->ev.data.alias.anchor;
	struct anchor *a = anchor_find(state(r), name);
	int st;

	if (++b->aliases > r->lim.max_aliases)
		return cjm_build_err(b, "too-many-aliases", &pos,
		    "an alias bomb? use fewer aliases",
		    "more than %zu aliases in the document", r->lim.max_aliases);
	if (a == NULL)
		return cjm_build_err(b, "alias-unknown", &pos, NULL,
		    "unknown alias '*%s'", name);
	if (a->node == NULL)
		return cjm_build_err(b, "alias-cycle", &pos, NULL,
		    "alias '*%s' refers to a node that contains it", name);
	if (at_key(b)) {
		if (!json_is_string(a->node))
			return cjm_build_err(b, "key-collection", &pos,
			    "use a plain text key",
			    "alias '*%s' as a key is not a text", name);
		return cjm_build_key(b, json_string_value(a->node),
		    json_string_length(a->node), &pos);
	}
	if ((st = cjm_build_count(b, a->nodes - 1, &pos)) != CJM_OK)
		return st;
	return cjm_build_value(b, json_incref(a->node), &pos);
}

/* A character libyaml reads as a line break and cjm does not, at pos. */
static int
line_break_error(cjm_reader *r, const cjm_pos *pos, unsigned u)
{
	static const struct {
		unsigned u;
		const char *name, *esc;
	} lb[] = {
		{ 0x0D, "a carriage return without a line feed", "\\r" },
		{ 0x85, "U+0085 (next line)", "\\N" },
		{ 0x2028, "U+2028 (line separator)", "\\L" },
		{ 0x2029, "U+2029 (paragraph separator)", "\\P" },
	};
	size_t i;
	char hint[160];

	for (i = 0; lb[i].u != u; i++)
		;
	snprintf(hint, sizeof(hint), "%s, or write it as %s in a "
	    "double-quoted string", u == 0x0D ? "end lines with LF or "
	    "CR LF" : "use a plain line break", lb[i].esc);
	return cjm_src_err(r, CJM_EDATA, "line-break-char", pos, hint,
	    "%s: the YAML reader (YAML 1.1) takes it as a line break, "
	    "which would move every later line and change the text around "
	    "it", lb[i].name);
}

/* The error at the byte piece_scan stopped at: not UTF-8 text (the
 * source's error, as if it had found it), a control character, or a
 * line break only libyaml sees. */
static int
control_error(cjm_reader *r)
{
	cjm_src *src = &r->src;
	const unsigned char *s = src->p;
	size_t left = (size_t)(src->end - s);
	cjm_pos pos = { src->cline, src->ccol, src->total - left };
	unsigned u;

	cjm_utf8_advance(&pos.line, &pos.col, src->chunk,
	    (size_t)(s - src->chunk));
	if (s[0] == 0 || (s[0] >= 0x80 && cjm_utf8_seq(s, left) <= 0)) {
		/* the sample runs on over a cut character kept back */
		cjm_src_refuse(r, pos, s, left + src->ncarry);
		return 0;
	}
	if (s[0] == '\r' && left == 1 && src->bad != SIZE_MAX &&
	    strcmp(src->badcode, "too-large") == 0) {
		/* --max-input cut a CR LF: the input is too large, the CR is
		 * not alone; the first byte past the limit is the LF */
		pos.col++;
		cjm_src_refuse(r, pos, s, left);
		return 0;
	}
	/* piece_scan stops only at these: ASCII, C2 xx, E2 80 xx, EF BF xx */
	u = s[0] < 0x80 ? s[0] : s[0] == 0xC2 ? s[1] : s[0] == 0xE2 ?
	    0x2000 + (s[2] & 0x3F) : 0xFFC0 + (s[2] & 0x3F);
	src->state = -1;
	if (u == 0x0D || u == 0x85 || u == 0x2028 || u == 0x2029)
		r->status = line_break_error(r, &pos, u);
	else
		r->status = cjm_src_err(r, CJM_EDATA, "control-char", &pos,
		    "remove it, or write it as an escape in a double-quoted "
		    "string", "control character U+%04X is not allowed in "
		    "YAML", u);
	return 0;
}

/* Check the next window of the chunk (piece_scan), up to 64 KiB and a
 * character's end, so that the runs it notes stay few. */
static int
scan_window(cjm_reader *r, struct yaml_state *y)
{
	cjm_src *s = &r->src;
	size_t n = (size_t)(s->end - s->p), k;

	if (n > SCAN_AHEAD) {
		n = SCAN_AHEAD - cjm_utf8_cut(s->p, SCAN_AHEAD);
		n -= s->p[n - 1] == '\r';	/* with its LF, next time */
	}
	if ((k = piece_scan(y, s->p, n)) == SIZE_MAX) {
		s->state = -1;
		r->status = cjm_src_err(r, CJM_ESYS, "nomem", NULL, NULL,
		    "out of memory");
		return -1;
	}
	y->ok = s->p + k;
	y->bad = k < n;
	y->seen = s->total;
	return 0;
}

static int
yaml_read(void *data, unsigned char *buf, size_t size, size_t *size_read)
{
	cjm_reader *r = data;
	struct yaml_state *y = state(r);
	cjm_src *s = &r->src;
	size_t n;
	int st;

	*size_read = 0;
	if (y->bad && s->p == y->ok)
		return control_error(r);
	if ((st = cjm_src_fill(r)) < 0)
		return 0;
	if (st == 0)
		return 1;
	if (y->seen != s->total || s->p >= y->ok) {
		if (scan_window(r, y) != 0)
			return 0;
		if (y->bad && s->p == y->ok)
			return control_error(r);
	}
	n = (size_t)(y->ok - s->p);
	if (n > size)
		n = size;
	memcpy(buf, s->p, n);
	s->p += n;
	*size_read = n;
	return 1;
}

/* What libyaml said when it failed, placed now: the places need the
 * source's state of the moment. */
static void
fail_capture(cjm_reader *r, struct cjm_yfail *f)
{
	yaml_parser_t *p = &state(r)->parser;

	f->error = p->error;
	f->problem = p->problem ? p->problem : "syntax error";
	f->context = p->context;
	if (p->error == YAML_READER_ERROR) {
		f->pos = mark_pos(r, &p->mark);
		f->pos.offset = r->src.base + p->problem_offset;
		return;
	}
	f->pos = mark_pos(r, &p->problem_mark);
	if (p->context != NULL)
		f->ctx = mark_pos(r, &p->context_mark);
}

/* libyaml's failure as a diagnostic, unless the source already said. */
static int
yaml_error(cjm_reader *r, cjm_build *b, const struct cjm_yfail *f)
{
	if (r->status != CJM_OK)
		return r->status;
	if (f->error == YAML_MEMORY_ERROR)
		return cjm_reader_err(r, CJM_ESYS, "nomem", NULL, NULL,
		    "out of memory");
	if (f->error == YAML_READER_ERROR)
		return cjm_reader_err(r, CJM_EDATA, "syntax", &f->pos, NULL,
		    "%s (byte %zu)", f->problem, f->pos.offset);
	b->depth = 0;	/* libyaml's position says where */
	if (f->context == NULL)
		return cjm_build_err(b, "syntax", &f->pos, NULL, "%s",
		    f->problem);
	return cjm_build_err(b, "syntax", &f->pos, NULL,
	    "%s (%s at line %lu, column %lu)", f->problem, f->context,
	    f->ctx.line, f->ctx.col);
}

/* The next event and its place, on the thread that parses. */
static int
produce(cjm_reader *r, struct cjm_yitem *it, struct cjm_yfail *f)
{
	if (!yaml_parser_parse(&state(r)->parser, &it->ev)) {
		fail_capture(r, f);
		return 0;
	}
	switch (it->ev.type) {
	case YAML_SCALAR_EVENT:
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
	case YAML_ALIAS_EVENT:
		it->pos = mark_pos(r, &it->ev.start_mark);
		break;
	default:
		break;
	}
	return 1;
}

/*
 * The parser's thread pays off on a big input when the process may use
 * two CPUs (cjm_threads_auto). Not on a pipe or a terminal: a map
 * the tree builder refuses must not wait for input that may never come
 * while the thread is stopped.
 */
static int
want_thread(const cjm_reader *r)
{
	if (r->threads == 1 || (r->size == 0 && r->src.fp != NULL))
		return 0;
	if (r->threads == 2)
		return 1;
	return cjm_threads_auto(r->size) == 2;
}

static int
yaml_init(cjm_reader *r)
{
	struct yaml_state *y = calloc(1, sizeof(*y));

	if (y == NULL || !yaml_parser_initialize(&y->parser)) {
		free(y);
		return cjm_reader_err(r, CJM_ESYS, "nomem", NULL, NULL,
		    "out of memory");
	}
	yaml_parser_set_input(&y->parser, yaml_read, r);
	y->seen = SIZE_MAX;
	r->src.lazy = 1;	/* piece_scan checks the chunks after this */
	yaml_parser_set_encoding(&y->parser, YAML_UTF8_ENCODING);
	r->yaml = y;
	if (want_thread(r))
		y->pipe = cjm_ypipe_start(r, produce);	/* NULL: here */
	return CJM_OK;
}

static int
on_event(cjm_reader *r, cjm_build *b, const struct cjm_yitem *it)
{
	switch (it->ev.type) {
	case YAML_SCALAR_EVENT:
		return on_scalar(r, b, it);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(r, b, it, 0);
	case YAML_MAPPING_START_EVENT:
		return on_start(r, b, it, 1);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_end(r, b);
	case YAML_ALIAS_EVENT:
		return on_alias(r, b, it);
	default:
		return CJM_OK;
	}
}

/* The next event, from the parser's thread or parsed here; 0 with the
 * failure in *f. */
static int
next_item(cjm_reader *r, struct cjm_yitem *own, struct cjm_yitem **it,
    struct cjm_yfail *f)
{
	struct yaml_state *y = state(r);

	if (y->pipe != NULL)
		return cjm_ypipe_pull(y->pipe, it, f);
	*it = own;
	return produce(r, own, f);
}

/* Join the parser's thread once the stream is done with, so that the
 * source is this thread's again. At the parser's failure its errors
 * come to ds; when the tree builder stopped first (ds NULL) they are
 * dropped, as one thread would never have read so far. */
static int
pipe_end(cjm_reader *r, cjm_diags *ds, int st)
{
	struct yaml_state *y = state(r);
	int st2;

	if (y->pipe == NULL || st == CJM_OK)
		return st;
	st2 = cjm_ypipe_stop(y->pipe, ds);
	y->pipe = NULL;
	return st2 != CJM_OK ? st2 : st;
}

int
cjm_yaml_next(cjm_reader *r, cjm_doc **out, cjm_diags *ds)
{
	struct cjm_yitem own, *it;
	struct cjm_yfail f;
	cjm_build b;
	int st = CJM_OK, indoc = 0, end = 0;

	memset(&b, 0, sizeof(b));
	if (r->yaml == NULL && (st = yaml_init(r)) != CJM_OK)
		return st;
	while (st == CJM_OK && !end) {
		if (!next_item(r, &own, &it, &f)) {
			if (!indoc)
				b.name = r->name, b.docno = r->cur, b.ds = ds;
			st = pipe_end(r, ds, CJM_EDATA);
			st = st == CJM_ESYS ? st : yaml_error(r, &b, &f);
			break;
		}
		if (it->ev.type == YAML_STREAM_END_EVENT) {
			st = CJM_DONE;
		} else if (it->ev.type == YAML_DOCUMENT_START_EVENT) {
			st = cjm_build_begin(&b, r, ds);
			indoc = st == CJM_OK;
		} else if (it->ev.type == YAML_DOCUMENT_END_EVENT) {
			end = 1;
		} else if (indoc) {
			st = on_event(r, &b, it);
		}
		if (it == &own)	/* the thread's are the thread's to free */
			yaml_event_delete(&own.ev);
	}
	st = pipe_end(r, NULL, st);
	anchors_reset(state(r));
	if (st == CJM_OK) {
		*out = b.doc;
		b.doc = NULL;
	}
	cjm_build_abort(&b);
	return st;
}
