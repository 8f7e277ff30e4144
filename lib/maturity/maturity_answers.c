/* maturity_answers.c: a survey's respondents, and reading them from input. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "maturity.h"
#include "grow.h"
#include "num.h"

cjm_answers *
cjm_answers_new(void)
{
	return calloc(1, sizeof(cjm_answers));
}

void
cjm_answers_free(cjm_answers *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->n; i++) {
		free(a->v[i].name);
		free(a->v[i].dept);
		free(a->v[i].file);
	}
	free(a->v);
	free(a->org);
	free(a->src);
	free(a);
}

static char *
dup_or_null(const char *s, int *bad)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		*bad = 1;
	return d;
}

int
maturity_add(cjm_answers *a, const char *name, const char *dept,
    const unsigned char ans[CJM_MATURITY_QUESTIONS], const char *file,
    unsigned long line, unsigned long row, int csv)
{
	struct mat_resp *r;
	int bad = 0;

	if (cjm_grow(&a->v, &a->cap, a->n, sizeof(*a->v), 16) < 0)
		return CJM_ESYS;
	r = &a->v[a->n];
	memset(r, 0, sizeof(*r));
	r->name = dup_or_null(name, &bad);
	r->dept = dup_or_null(dept != NULL && *dept != '\0' ? dept : NULL,
	    &bad);
	r->file = dup_or_null(file, &bad);
	r->line = line;
	r->row = row;
	r->csv = csv;
	memcpy(r->a, ans, CJM_MATURITY_QUESTIONS);
	if (bad) {
		free(r->name);
		free(r->dept);
		free(r->file);
		return CJM_ESYS;
	}
	a->n++;
	return CJM_OK;
}

int
cjm_answers_add(cjm_answers *a, const char *name, const char *dept,
    const unsigned char ans[CJM_MATURITY_QUESTIONS])
{
	int q;

	for (q = 0; q < CJM_MATURITY_QUESTIONS; q++)
		if (ans[q] > 5)
			return CJM_EDATA;
	/* Names end up in JSON strings, which must be UTF-8. */
	if ((name && cjm_utf8_check(name, strlen(name)) < strlen(name)) ||
	    (dept && cjm_utf8_check(dept, strlen(dept)) < strlen(dept)))
		return CJM_EDATA;
	return maturity_add(a, name, dept, ans, NULL, 0, a->n + 1, 0);
}

size_t
cjm_answers_count(const cjm_answers *a)
{
	return a ? a->n : 0;
}

size_t
cjm_answers_skipped(const cjm_answers *a)
{
	return a ? a->skipped : 0;
}

const char *
cjm_answers_organization(const cjm_answers *a)
{
	return a ? a->org : NULL;
}

int
cjm_answers_set_organization(cjm_answers *a, const char *org)
{
	char *s = org ? strdup(org) : NULL;

	if (org != NULL && s == NULL)
		return CJM_ESYS;
	free(a->org);
	a->org = s;
	return CJM_OK;
}

/* YAML or JSON when the first line says so: a flow collection, a
 * comment, a document marker, a block sequence, or a "key:" (no CSV
 * header has a colon). */
static enum cjm_answers_format
sniff(const char *buf, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' ||
	    buf[i] == '\n'))
		i++;
	if (i < len && (buf[i] == '{' || buf[i] == '[' || buf[i] == '#'))
		return CJM_ANSWERS_DOC;
	if (len - i >= 3 && memcmp(buf + i, "---", 3) == 0)
		return CJM_ANSWERS_DOC;
	/* A YAML sequence ("- 1"); no CSV header starts so. */
	if (len - i >= 2 && buf[i] == '-' && (buf[i + 1] == ' ' ||
	    buf[i + 1] == '\n'))
		return CJM_ANSWERS_DOC;
	for (; i < len && buf[i] != '\n'; i++)
		if (buf[i] == ':')
			return CJM_ANSWERS_DOC;
	return CJM_ANSWERS_CSV;
}

int
cjm_answers_read_memory(cjm_answers *a, const void *buf, size_t len,
    const char *name, const cjm_answers_opts *opts, cjm_diags *ds)
{
	static const cjm_answers_opts none;
	cjm_pos nopos = { 0, 0, 0 };
	enum cjm_answers_format f;

	if (opts == NULL)
		opts = &none;
	if (name == NULL)
		name = "<input>";
	if (a->src == NULL && (a->src = strdup(name)) == NULL)
		return CJM_ESYS;
	f = opts->format ? opts->format : sniff(buf, len);
	if (len == 0 || (len == 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)) {
		cjm_diags_add(ds, CJM_ERROR, "empty", name, 0, "", nopos,
		    "give a CSV with a header row, or YAML or JSON answers",
		    "empty input: no answers");
		return CJM_EDATA;
	}
	if (f == CJM_ANSWERS_CSV)
		return maturity_read_csv(a, buf, len, name, opts, ds);
	return maturity_read_doc(a, buf, len, name, opts, ds);
}

int
cjm_answers_read_file(cjm_answers *a, FILE *fp, const char *name,
    const cjm_limits *lim, const cjm_answers_opts *opts, cjm_diags *ds)
{
	cjm_limits def;
	cjm_pos nopos = { 0, 0, 0 };
	char *buf = NULL;
	size_t len = 0, cap = 0, got, want;
	int st;

	if (lim == NULL) {
		cjm_limits_default(&def);
		lim = &def;
	}
	do {
		/* Room for one more byte and the NUL; a read stops one byte
		 * past the limit, so memory stays within it. */
		if (cjm_grow(&buf, &cap, len + 1, 1, 65536) != 0) {
			free(buf);
			return cjm_diags_add(ds, CJM_FATAL, "nomem", name, 0,
			    "", nopos, NULL, "out of memory"), CJM_ESYS;
		}
		want = cap - len - 1;
		if (want > lim->max_input + 1 - len)
			want = lim->max_input + 1 - len;
		got = fread(buf + len, 1, want, fp);
		len += got;
		if (len > lim->max_input) {
			free(buf);
			cjm_diags_add(ds, CJM_ERROR, "too-large", name, 0, "",
			    nopos, "split the survey, or raise the limit",
			    "input is over %zu %s", lim->max_input,
			    BYTES(lim->max_input));
			return CJM_EDATA;
		}
	} while (got > 0);
	if (ferror(fp)) {
		cjm_diags_add(ds, CJM_FATAL, "io", name, 0, "", nopos, NULL,
		    "read error: %s", strerror(errno ? errno : EIO));
		free(buf);
		return CJM_ESYS;
	}
	buf[len] = '\0';
	st = cjm_answers_read_memory(a, buf, len, name, opts, ds);
	free(buf);
	return st;
}

/* "all words" for the messages: the English and Russian ones. */
static const char *const all_words[10] = {
	"never", "rarely", "sometimes", "often", "always",
	"никогда", "редко", "иногда", "часто", "всегда"
};

int
maturity_bad_answer(cjm_diags *ds, int skip, int v, const char *text,
    const char *file, cjm_pos pos, const char *path, const char *where)
{
	enum cjm_level lv = skip ? CJM_WARNING : CJM_ERROR;
	char folded[64], hint[96];
	const char *near;
	size_t len = strlen(text), cut;

	if (v == -1)
		return cjm_diags_add(ds, lv, "answer-range", file, 0, path,
		    pos, NULL, "%s: answer %.20s%s is out of 1..5", where, text,
		    len > 20 ? "..." : "");
	if (cjm_utf8_check(text, len) < len)
		return cjm_diags_add(ds, lv, "answer-word", file, 0, path, pos,
		    MATURITY_UTF8_HINT, "%s: the answer is not valid UTF-8 "
		    "(byte %zu)", where, cjm_utf8_check(text, len) + 1);
	hint[0] = '\0';
	if (len < sizeof(folded)) {
		maturity_fold((const unsigned char *)text, len, folded);
		if ((near = cjm_suggest(folded, all_words, 10)) != NULL)
			snprintf(hint, sizeof(hint), "did you mean '%s'?",
			    near);
	}
	/* Quote at most 40 bytes, cut on a character boundary. */
	for (cut = len > 40 ? 40 : len; cut > 0 && cut < len &&
	    ((unsigned char)text[cut] & 0xC0) == 0x80; cut--)
		;
	return cjm_diags_add(ds, lv, "answer-word", file, 0, path, pos,
	    hint[0] ? hint : NULL, "%s: '%.*s%s' is not an answer: use 1..5, "
	    "never..always or никогда..всегда", where, (int)cut, text,
	    cut < len ? "..." : "");
}

void
maturity_who(char *buf, size_t sz, const char *unit, unsigned long n,
    const char *name, int q)
{
	size_t len = name ? strlen(name) : 0, cut = len > 40 ? 40 : len, i;
	int k;

	while (cut > 0 && cut < len && ((unsigned char)name[cut] & 0xC0) == 0x80)
		cut--;
	k = snprintf(buf, sz, "%s %lu", unit, n);
	if (len > 0 && k >= 0 && (size_t)k + cut + 8 < sz) {
		/* A diagnostic is one line: a newline in a quoted name is
		 * shown as a space. */
		k += snprintf(buf + k, sz - (size_t)k, " ('");
		for (i = 0; i < cut; i++)
			buf[k++] = (unsigned char)name[i] < 0x20 ? ' ' : name[i];
		k += snprintf(buf + k, sz - (size_t)k, "%s')",
		    cut < len ? "..." : "");
	}
	if (q > 0 && k >= 0 && (size_t)k < sz)
		snprintf(buf + k, sz - (size_t)k, ", q%d", q);
}

void
maturity_skipped(cjm_answers *a, cjm_diags *ds, const char *file,
    cjm_pos pos, const char *who)
{
	a->skipped++;
	cjm_diags_add(ds, CJM_WARNING, "skipped", file, 0, "", pos, NULL,
	    "%s left out (--skip-bad)", who);
}
