/* test_yaml_pipe.c: the parser's thread (yaml_pipe.c) gives the same
 * documents, places and diagnostics as one thread, from memory and from
 * a file, whatever fails where. */
#include <stdio.h>
#include <unistd.h>

#include "unit.h"
#include "load.h"

/* A growing text, for the generated inputs. */
struct text {
	char *s;
	size_t len, cap;
};

static void
put(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		ck_assert_ptr_nonnull(t->s = realloc(t->s, t->cap));
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void
puts_(struct text *t, const char *s)
{
	put(t, s, strlen(s));
}

/* n stages of a map, each a few nodes, with Cyrillic text (two-byte
 * characters move byte offsets off character counts), an anchor and
 * aliases, tags and a flow sequence. */
static void
items(struct text *t, int n)
{
	char line[256];
	int i;

	for (i = 0; i < n; i++) {
		/* an alias in every tenth: 1,000 in a document at most */
		snprintf(line, sizeof(line), "  - id: s%d\n    name: &n%d "
		    "Этап %d, выбор\n    emotion: %d.5\n    tags: [a, !!str %d, "
		    "%s%d]\n    note: \"кавычки %d\"\n", i, i, i, i % 4, i,
		    i % 10 ? "b" : "*n", i, i);
		puts_(t, line);
	}
}

static void
stages(struct text *t, int n)
{
	puts_(t, "cjm: 1\ntitle: Путь клиента\nstages:\n");
	items(t, n);
}

static void
repeat(struct text *t, char c, size_t n)
{
	while (n-- > 0)
		put(t, &c, 1);
}

/* The generated inputs: what comes after n stages. */
enum tail { T_NONE, T_SYNTAX, T_CONTROL, T_UTF8, T_CR, T_TAB, T_DUP,
	T_DUP_THEN_CONTROL, T_ALIAS, T_STREAM, T_STREAM_BAD, T_BIG, T_BIG_FIRST,
	T_TOO_LARGE, T_MANY_DOCS };

static const struct gen {
	const char *name;
	int n;
	enum tail tail;
	size_t max_input;	/* 0: default */
} gen[] = {
	{ "small", 3, T_NONE, 0 },
	{ "many batches", 4000, T_NONE, 0 },
	{ "syntax error late", 3000, T_SYNTAX, 0 },
	{ "control character late", 3000, T_CONTROL, 0 },
	{ "bad UTF-8 late", 3000, T_UTF8, 0 },
	{ "lone CR late", 3000, T_CR, 0 },
	{ "tab indentation late", 3000, T_TAB, 0 },
	{ "duplicate key late", 3000, T_DUP, 0 },
	/* the tree builder stops first; the thread ran into the control
	 * character ahead, which one thread never reads */
	{ "duplicate key, then a control character", 10, T_DUP_THEN_CONTROL,
	  0 },
	{ "unknown alias", 2000, T_ALIAS, 0 },
	{ "stream of documents", 1500, T_STREAM, 0 },
	{ "stream, bad third document", 1500, T_STREAM_BAD, 0 },
	{ "scalar over a batch's texts", 2000, T_BIG, 0 },
	{ "scalar first in a batch", 0, T_BIG_FIRST, 0 },
	{ "too large", 3000, T_TOO_LARGE, 200000 },
	{ "empty", 0, T_NONE, 0 },
	/* a batch a document: the thread is soon four batches ahead and
	 * waits, while the caller waits for the next one (a wake-up lost
	 * between the two hung both) */
	{ "many small documents", 1, T_MANY_DOCS, 0 },
};

static char *
generate(const struct gen *g, size_t *len)
{
	struct text t = { NULL, 0, 0 };
	int i;

	put(&t, "", 0);
	if (g->n > 0)
		stages(&t, g->n);
	switch (g->tail) {
	case T_NONE: break;
	case T_SYNTAX: puts_(&t, "  - id: [x\n  y: }\n"); break;
	case T_CONTROL: puts_(&t, "  - id: a\x01z\n"); break;
	case T_UTF8: puts_(&t, "  - id: a\xC3\x28z\n"); break;
	case T_CR: puts_(&t, "  - id: a\rb: c\n"); break;
	case T_TAB: puts_(&t, "  - id: x\n\tname: y\n"); break;
	case T_DUP: puts_(&t, "  - id: x\n    id: y\n"); break;
	case T_DUP_THEN_CONTROL:
		puts_(&t, "  - id: x\n    id: y\n");
		items(&t, 40);	/* within the first batch (1,024 events) */
		puts_(&t, "  - id: \x02\n");
		break;
	case T_ALIAS: puts_(&t, "  - id: *nowhere\n"); break;
	case T_STREAM:
	case T_STREAM_BAD:
		puts_(&t, "---\n");
		stages(&t, 1200);
		puts_(&t, "---\n");
		if (g->tail == T_STREAM_BAD)
			puts_(&t, "a: [\x7f\n");
		else
			stages(&t, 2);
		break;
	case T_BIG:
	case T_BIG_FIRST:
		if (g->tail == T_BIG_FIRST)
			puts_(&t, "x: \"");
		else
			puts_(&t, "  - id: \"");
		repeat(&t, 'z', 600000);
		puts_(&t, "\"\n");
		if (g->tail == T_BIG)
			items(&t, 10);
		break;
	case T_TOO_LARGE: break;
	case T_MANY_DOCS:
		for (i = 0; i < 400; i++) {
			puts_(&t, "---\n");
			stages(&t, 1 + i % 3);
		}
		break;
	}
	*len = t.len;
	return t.s;
}

/* All a reader gives: each document's tree and places, then the
 * diagnostics and the last status, as text. */
static void
dump_places(struct text *out, const cjm_doc *doc, const json_t *v)
{
	char buf[128];
	cjm_pos p, k;
	const char *key;
	json_t *x;
	size_t i;

	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, x) {
			cjm_doc_pos(doc, v, key, 0, &p, &k);
			snprintf(buf, sizeof(buf), "%s@%lu:%lu:%zu/%lu:%lu:%zu ",
			    key, p.line, p.col, p.offset, k.line, k.col,
			    k.offset);
			puts_(out, buf);
			dump_places(out, doc, x);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x) {
			cjm_doc_pos(doc, v, NULL, i, &p, NULL);
			snprintf(buf, sizeof(buf), "[%zu]@%lu:%lu:%zu ", i,
			    p.line, p.col, p.offset);
			puts_(out, buf);
			dump_places(out, doc, x);
		}
	}
}

static char *
read_all(cjm_reader *r)
{
	struct text out = { NULL, 0, 0 };
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *doc;
	char buf[64], *s;
	size_t i;
	int st;

	put(&out, "", 0);
	while ((st = cjm_reader_next(r, &doc, ds)) == CJM_OK) {
		s = json_dumps(cjm_doc_root(doc), JSON_ENCODE_ANY |
		    JSON_COMPACT);
		puts_(&out, s);
		free(s);
		dump_places(&out, doc, cjm_doc_root(doc));
		puts_(&out, "\n");
		cjm_doc_free(doc);
	}
	snprintf(buf, sizeof(buf), "status %d\n", st);
	puts_(&out, buf);
	for (i = 0; i < cjm_diags_count(ds); i++) {
		const cjm_diag *d = cjm_diags_get(ds, i);

		snprintf(buf, sizeof(buf), "%d %u %lu:%lu:%zu ", d->level,
		    d->doc, d->pos.line, d->pos.col, d->pos.offset);
		puts_(&out, buf);
		puts_(&out, d->code);
		puts_(&out, " ");
		puts_(&out, d->path ? d->path : "");
		puts_(&out, " ");
		puts_(&out, d->message);
		puts_(&out, " | ");
		puts_(&out, d->hint ? d->hint : "");
		puts_(&out, "\n");
	}
	cjm_diags_free(ds);
	return out.s;
}

/* Read the input with threads 1 or 2, from memory or from a file. */
static char *
run(const struct gen *g, const char *in, size_t len, int threads,
    const char *path)
{
	cjm_limits lim;
	cjm_reader *r;
	cjm_diags *ds = cjm_diags_new();
	char *s;

	cjm_limits_default(&lim);
	if (g->max_input)
		lim.max_input = g->max_input;
	ck_assert_ptr_nonnull(r = cjm_reader_new(&lim, CJM_INPUT_YAML));
	ck_assert_int_eq(cjm_reader_set_threads(r, threads), CJM_OK);
	if (path != NULL)
		ck_assert_int_eq(cjm_reader_open_file(r, path, ds), CJM_OK);
	else
		ck_assert_int_eq(cjm_reader_open_memory(r, in, len, "t.yaml",
		    ds), CJM_OK);
	s = read_all(r);
	cjm_reader_free(r);
	cjm_diags_free(ds);
	return s;
}

START_TEST(same_as_one_thread)
{
	const struct gen *g = &gen[_i];
	char path[] = "/tmp/cjm-pipe-XXXXXX";
	size_t len;
	char *in = generate(g, &len), *one, *two;
	int fd = mkstemp(path), file;
	FILE *fp;

	ck_assert_int_ge(fd, 0);
	ck_assert_ptr_nonnull(fp = fdopen(fd, "wb"));
	ck_assert_uint_eq(fwrite(in, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
	for (file = 0; file < 2; file++) {
		one = run(g, in, len, 1, file ? path : NULL);
		two = run(g, in, len, 2, file ? path : NULL);
		ck_assert_msg(strcmp(one, two) == 0, "%s (%s): threads 1 "
		    "and 2 differ:\n%.300s\n--\n%.300s", g->name, file ?
		    "file" : "memory", one + (strlen(one) > 300 ?
		    strlen(one) - 300 : 0), two + (strlen(two) > 300 ?
		    strlen(two) - 300 : 0));
		free(one);
		free(two);
	}
	unlink(path);
	free(in);
}
END_TEST

/* The failures the cases are about did happen (a test that cannot
 * fail tests nothing): the last status and the first code. */
START_TEST(cases_fail_as_meant)
{
	static const struct {
		int g;
		int st;
		const char *code;
	} want[] = {
		{ 1, CJM_DONE, NULL }, { 2, CJM_EDATA, "syntax" },
		{ 3, CJM_EDATA, "control-char" }, { 4, CJM_EDATA, "encoding" },
		{ 5, CJM_EDATA, "line-break-char" }, { 6, CJM_EDATA, "syntax" },
		{ 7, CJM_EDATA, "duplicate-key" },
		{ 8, CJM_EDATA, "duplicate-key" },
		{ 9, CJM_EDATA, "alias-unknown" }, { 10, CJM_DONE, NULL },
		{ 11, CJM_EDATA, "control-char" }, { 12, CJM_DONE, NULL },
		{ 14, CJM_EDATA, "too-large" }, { 15, CJM_EDATA, "empty" },
		{ 16, CJM_DONE, NULL },
	};
	size_t i, len;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct gen *g = &gen[want[i].g];
		char *in = generate(g, &len), *two, code[64];

		two = run(g, in, len, 2, NULL);
		snprintf(code, sizeof(code), "status %d\n", want[i].st);
		ck_assert_msg(strstr(two, code) != NULL, "%s: no %s", g->name,
		    code);
		if (want[i].code != NULL) {
			snprintf(code, sizeof(code), " %s ", want[i].code);
			ck_assert_msg(strstr(strstr(two, "status"), code) !=
			    NULL, "%s: no %s in %s", g->name, code,
			    strstr(two, "status"));
		}
		free(two);
		free(in);
	}
}
END_TEST

START_TEST(set_threads)
{
	cjm_reader *r = cjm_reader_new(NULL, CJM_INPUT_AUTO);

	ck_assert_int_eq(cjm_reader_set_threads(r, 3), CJM_ESYS);
	ck_assert_int_eq(cjm_reader_set_threads(r, -1), CJM_ESYS);
	ck_assert_int_eq(cjm_reader_set_threads(r, 0), CJM_OK);
	ck_assert_int_eq(cjm_reader_set_threads(r, 2), CJM_OK);
	cjm_reader_free(r);	/* never read: no thread to stop */
}
END_TEST

/* A reader freed in the middle of a stream stops its thread. */
START_TEST(free_mid_stream)
{
	const struct gen *g = &gen[10];
	cjm_reader *r = cjm_reader_new(NULL, CJM_INPUT_YAML);
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *doc;
	size_t len;
	char *in = generate(g, &len);

	ck_assert_int_eq(cjm_reader_set_threads(r, 2), CJM_OK);
	ck_assert_int_eq(cjm_reader_open_memory(r, in, len, "t", ds), CJM_OK);
	ck_assert_int_eq(cjm_reader_next(r, &doc, ds), CJM_OK);
	cjm_doc_free(doc);
	cjm_reader_free(r);
	ck_assert_uint_eq(cjm_diags_count(ds), 0);
	cjm_diags_free(ds);
	free(in);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("yaml_pipe");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, same_as_one_thread, 0,
	    sizeof(gen) / sizeof(gen[0]));
	tcase_add_test(tc, cases_fail_as_meant);
	tcase_add_test(tc, set_threads);
	tcase_add_test(tc, free_mid_stream);
	suite_add_tcase(s, tc);
	return s;
}
