/* diag.c: the diagnostics list every libcjm function reports into. */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cjm.h"
#include "diagpos.h"
#include "grow.h"
#include "num.h"

struct cjm_diags {
	cjm_diag *v;
	size_t n, cap;
};

cjm_diags *
cjm_diags_new(void)
{
	return calloc(1, sizeof(cjm_diags));
}

static void
diag_release(cjm_diag *d)
{
	free((char *)d->code);
	free((char *)d->file);
	free((char *)d->path);
	free((char *)d->message);
	free((char *)d->hint);
}

void
cjm_diags_clear(cjm_diags *ds)
{
	size_t i;

	if (ds == NULL)
		return;
	for (i = 0; i < ds->n; i++)
		diag_release(&ds->v[i]);
	ds->n = 0;
}

void
cjm_diags_free(cjm_diags *ds)
{
	if (ds == NULL)
		return;
	cjm_diags_clear(ds);
	free(ds->v);
	free(ds);
}

/* Is code point u one a terminal or a CI log would act on: C0 and C1
 * controls, DEL, line and paragraph separators, bidirectional
 * overrides and isolates (which reorder what a reader sees)? */
static int
unsafe(unsigned long u)
{
	return u < 0x20 || (u >= 0x7F && u <= 0x9F) || u == 0x2028 ||
	    u == 0x2029 || (u >= 0x202A && u <= 0x202E) ||
	    (u >= 0x2066 && u <= 0x2069) || u == 0xFEFF;
}

/*
 * A copy of untrusted text safe for any diagnostic form: what a message
 * quotes from the input (a CSV field, a key, a file name) cannot start a
 * new line, move the cursor or reorder text. Unsafe characters become
 * \xNN or \uNNNN, and bytes that are not UTF-8 \xNN, so every form
 * (text, github, JSON) gets one valid UTF-8 line.
 */
static char *
safe_dup(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, ok, len, k;
	char *out = malloc(n * 6 + 1), *o = out;

	if (out == NULL)
		return NULL;
	while (i < n) {
		ok = i + cjm_utf8_check(s + i, n - i);	/* valid up to ok */
		for (; i < ok; i += len) {
			unsigned long u = p[i];

			len = u < 0x80 ? 1 : u < 0xE0 ? 2 : u < 0xF0 ? 3 : 4;
			if (len > 1)
				u &= 0x7Fu >> len;
			for (k = 1; k < len; k++)
				u = u << 6 | (p[i + k] & 0x3F);
			if (!unsafe(u)) {
				memcpy(o, s + i, len);
				o += len;
			} else
				o += sprintf(o, u < 0x100 ? "\\x%02lX" :
				    "\\u%04lX", u);
		}
		if (i < n)		/* a byte that is not UTF-8 */
			o += sprintf(o, "\\x%02X", p[i++]);
	}
	*o = '\0';
	/* Room was made for the worst case, six times the text: a map
	 * with many findings keeps them all until it is checked. */
	if ((size_t)(o - out) < n * 6 && (o = strdup(out)) != NULL) {
		free(out);
		return o;
	}
	return out;
}

char *
cjm_text_escape(const char *s)
{
	return safe_dup(s);
}

static char *
dupornull(const char *s)
{
	return s == NULL ? NULL : safe_dup(s);
}

int
cjm_diags_add(cjm_diags *ds, enum cjm_level level, const char *code,
    const char *file, unsigned doc, const char *path, cjm_pos pos,
    const char *hint, const char *fmt, ...)
{
	cjm_diag *d;
	va_list ap;
	char *msg;
	int len;

	if (ds == NULL)
		return CJM_OK;
	if (cjm_grow(&ds->v, &ds->cap, ds->n, sizeof(*ds->v), 16) < 0)
		return CJM_ESYS;
	va_start(ap, fmt);
	len = cjm_vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || (msg = malloc((size_t)len + 1)) == NULL)
		return CJM_ESYS;
	va_start(ap, fmt);
	cjm_vsnprintf(msg, (size_t)len + 1, fmt, ap);
	va_end(ap);
	d = &ds->v[ds->n];
	memset(d, 0, sizeof(*d));
	d->level = level;
	d->doc = doc;
	d->pos = pos;
	d->message = safe_dup(msg);
	free(msg);
	d->code = strdup(code ? code : "");
	d->file = dupornull(file);
	d->path = safe_dup(path ? path : "");
	d->hint = dupornull(hint);
	if (d->message == NULL || d->code == NULL || d->path == NULL ||
	    (file && !d->file) ||
	    (hint && !d->hint)) {
		diag_release(d);
		return CJM_ESYS;
	}
	ds->n++;
	return CJM_OK;
}

void
cjm_diags_place(cjm_diags *ds, unsigned long line, cjm_pos p)
{
	size_t i;

	for (i = ds->n; i > 0 && ds->v[i - 1].pos.line == line; i--)
		if (ds->v[i - 1].pos.col == 0)
			ds->v[i - 1].pos = p;
}

void
cjm_diags_redoc(cjm_diags *ds, size_t from, unsigned was, unsigned doc)
{
	for (; ds != NULL && from < ds->n; from++)
		if (ds->v[from].doc == was)
			ds->v[from].doc = doc;
}

int
cjm_diags_hint_last(cjm_diags *ds, const char *hint)
{
	char *h;

	if (ds == NULL || ds->n == 0 || ds->v[ds->n - 1].hint != NULL)
		return CJM_OK;
	if ((h = safe_dup(hint)) == NULL)
		return CJM_ESYS;
	ds->v[ds->n - 1].hint = h;
	return CJM_OK;
}

int
cjm_diags_reword(cjm_diags *ds, size_t i, const char *fmt, ...)
{
	char msg[512], *m;
	va_list ap;

	if (ds == NULL || i >= ds->n)
		return CJM_OK;
	va_start(ap, fmt);
	cjm_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if ((m = safe_dup(msg)) == NULL)
		return CJM_ESYS;
	free((char *)ds->v[i].message);
	free((char *)ds->v[i].hint);
	ds->v[i].message = m;
	ds->v[i].hint = NULL;
	return CJM_OK;
}

size_t
cjm_diags_count(const cjm_diags *ds)
{
	return ds ? ds->n : 0;
}

const cjm_diag *
cjm_diags_get(const cjm_diags *ds, size_t i)
{
	return ds && i < ds->n ? &ds->v[i] : NULL;
}

int
cjm_diags_worst(const cjm_diags *ds)
{
	int worst = -1;
	size_t i;

	for (i = 0; ds && i < ds->n; i++)
		if ((int)ds->v[i].level > worst)
			worst = (int)ds->v[i].level;
	return worst;
}

size_t
cjm_diags_count_level(const cjm_diags *ds, enum cjm_level level)
{
	size_t i, k = 0;

	for (i = 0; ds && i < ds->n; i++)
		k += ds->v[i].level == level;
	return k;
}

const char *
cjm_level_name(enum cjm_level level)
{
	switch (level) {
	case CJM_NOTE:
		return "note";
	case CJM_WARNING:
		return "warning";
	case CJM_ERROR:
		return "error";
	default:
		return "fatal";
	}
}

/* asprintf is not C11; this is the one place that needs it. */
static char *
xprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int len;

	va_start(ap, fmt);
	len = cjm_vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || (s = malloc((size_t)len + 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	cjm_vsnprintf(s, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* "file:line:col" with the parts that are known; the position is 1-based
 * and an unknown column is left out, as compilers do. */
static char *
where(const cjm_diag *d)
{
	const char *f = d->file ? d->file : "<input>";

	if (d->pos.line == 0)
		return xprintf("%s", f);
	if (d->pos.col == 0)
		return xprintf("%s:%lu", f, d->pos.line);
	return xprintf("%s:%lu:%lu", f, d->pos.line, d->pos.col);
}

char *
cjm_diag_text(const cjm_diag *d)
{
	char *w = where(d), *s;
	char docbuf[32] = "";

	if (w == NULL)
		return NULL;
	/* Line numbers count from the start of the input, so they already
	 * pin the document; naming it helps a reader of a long stream. */
	if (d->doc > 1)
		snprintf(docbuf, sizeof(docbuf), "document %u: ", d->doc);
	s = xprintf("%s: %s: %s%s%s%s [%s]", w, cjm_level_name(d->level),
	    docbuf, d->message, d->hint ? "; " : "", d->hint ? d->hint : "",
	    d->code);
	free(w);
	return s;
}

/* GitHub's workflow commands take %, CR and LF escaped in the message,
 * and also ',' and ':' in properties. */
static char *
gh_escape(const char *s, int prop)
{
	size_t n = strlen(s), i;
	char *out = malloc(n * 3 + 1), *p = out;

	if (out == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		const char *e = NULL;

		switch (s[i]) {
		case '%': e = "%25"; break;
		case '\r': e = "%0D"; break;
		case '\n': e = "%0A"; break;
		case ':': e = prop ? "%3A" : NULL; break;
		case ',': e = prop ? "%2C" : NULL; break;
		}
		if (e) {
			memcpy(p, e, 3);
			p += 3;
		} else
			*p++ = s[i];
	}
	*p = '\0';
	return out;
}

char *
cjm_diag_github(const cjm_diag *d)
{
	const char *kind = d->level >= CJM_ERROR ? "error" :
	    d->level == CJM_WARNING ? "warning" : "notice";
	char *file = gh_escape(d->file ? d->file : "", 1);
	char *msg0 = d->hint ? xprintf("%s; %s", d->message, d->hint) :
	    xprintf("%s", d->message);
	char *msg = msg0 ? gh_escape(msg0, 0) : NULL;
	char *code = gh_escape(d->code, 1), *s = NULL;

	if (file && msg && code)
		s = xprintf("::%s file=%s,line=%lu,col=%lu,title=%s::%s", kind,
		    file, d->pos.line ? d->pos.line : 1UL,
		    d->pos.col ? d->pos.col : 1UL, code, msg);
	free(file);
	free(msg0);
	free(msg);
	free(code);
	return s;
}

json_t *
cjm_diag_json(const cjm_diag *d)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	json_object_set_new(o, "file", d->file ? json_string(d->file) :
	    json_null());
	/* Every member on every line, as cjm(7) lists them: null when
	 * the diagnostic is about no one document (a file that cannot be
	 * opened, an event log, a run). */
	json_object_set_new(o, "document", d->doc ? json_integer(d->doc) :
	    json_null());
	json_object_set_new(o, "line", d->pos.line ? json_integer(
	    (json_int_t)d->pos.line) : json_null());
	json_object_set_new(o, "column", d->pos.col ? json_integer(
	    (json_int_t)d->pos.col) : json_null());
	json_object_set_new(o, "level", json_string(cjm_level_name(d->level)));
	json_object_set_new(o, "code", json_string(d->code));
	json_object_set_new(o, "path", json_string(d->path));
	json_object_set_new(o, "message", json_string(d->message));
	json_object_set_new(o, "hint", d->hint ? json_string(d->hint) :
	    json_null());
	return o;
}

/* A letter in lower case (Latin and Cyrillic): "User_ID" is user_id to
 * its writer, so case costs no edit. */
static uint32_t
fold(uint32_t u)
{
	if (u >= 'A' && u <= 'Z')
		return u + 32;
	if (u >= 0x410 && u <= 0x42F)	/* А..Я */
		return u + 0x20;
	if (u >= 0x400 && u <= 0x40F)	/* Ѐ..Џ, Ё among them */
		return u + 0x50;
	return u;
}

/* Decode UTF-8 s into at most 64 code points, case folded; their count,
 * or -1 when longer (no key or value of the format is). A byte that is
 * not UTF-8 counts as one. Blanks around s are left out: a header name
 * padded with any number of them ("   event   ") is still "event" to a
 * user. */
static int
code_points(const char *s, uint32_t *u)
{
	const unsigned char *p = (const unsigned char *)s + strspn(s, " \t");
	const unsigned char *e = p + strlen((const char *)p);
	int n = 0, k, i;

	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	while (p < e) {
		if (n == 64)
			return -1;
		k = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 :
		    *p >= 0xC0 ? 2 : 1;
		u[n] = k == 1 ? *p : *p & (0x7Fu >> k);
		for (i = 1; i < k && (p[i] & 0xC0) == 0x80; i++)
			u[n] = u[n] << 6 | (p[i] & 0x3F);
		u[n] = fold(u[n]);
		p += i;
		n++;
	}
	return n;
}

/* Edit distance in code points, where a swap of two neighbouring
 * letters is one edit (optimal string alignment), since "titel",
 * "wbe" and "часот" are typos of one slip: Cyrillic words get the same
 * room as Latin ones. */
static size_t
distance(const uint32_t *a, size_t la, const uint32_t *b, size_t lb)
{
	size_t prev2[65], prev[65], cur[65], i, j;

	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t best = prev[j - 1] + (a[i - 1] != b[j - 1]);

			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
		}
		memcpy(prev2, prev, sizeof(prev));
		memcpy(prev, cur, sizeof(cur));
	}
	return prev[lb];
}

/* Is a an abbreviation of b: its letters in b in order, the first the
 * same ("cnt" of "count")? */
static int
abbreviates(const uint32_t *a, size_t la, const uint32_t *b, size_t lb)
{
	size_t i = 0, j = 0;

	if (la < 2 || la >= lb || a[0] != b[0])
		return 0;
	for (; i < la && j < lb; j++)
		i += a[i] == b[j];
	return i == la;
}

const char *
cjm_suggest(const char *word, const char *const *cand, size_t n)
{
	uint32_t w[64], c[64];
	size_t i, best = (size_t)-1, d, limit, abbrs = 0;
	const char *pick = NULL, *abbr = NULL;
	int lw = code_points(word, w), lc;

	if (lw < 0)
		return NULL;
	/* A third of the word, at least one and at most three edits: close
	 * enough to be a typo, far enough to miss unrelated words. */
	limit = (size_t)lw / 3;
	limit = limit < 1 ? 1 : limit > 3 ? 3 : limit;
	for (i = 0; i < n; i++) {
		if ((lc = code_points(cand[i], c)) < 0)
			continue;
		d = distance(w, (size_t)lw, c, (size_t)lc);
		if (d <= limit && d < best) {
			best = d;
			pick = cand[i];
		}
		if (abbreviates(w, (size_t)lw, c, (size_t)lc) && abbrs++ == 0)
			abbr = cand[i];
	}
	/* An abbreviation only when it names one candidate. */
	return pick != NULL ? pick : abbrs == 1 ? abbr : NULL;
}

int
cjm_diags_move(cjm_diags *from, cjm_diags *to, int min, const char *file)
{
	int st = CJM_OK;
	size_t i;

	for (i = 0; i < cjm_diags_count(from); i++) {
		const cjm_diag *d = cjm_diags_get(from, i);

		if ((int)d->level >= min && cjm_diags_add(to, d->level,
		    d->code, d->file ? d->file : file, d->doc, d->path, d->pos,
		    d->hint, "%s", d->message) != CJM_OK)
			st = CJM_ESYS;
	}
	cjm_diags_clear(from);
	return st;
}
