/* fuzz_load.c: libFuzzer target for the loader: any bytes, loaded as a
 * stream with small limits; what loads is checked as a map, made
 * canonical and written in every form, and the JSON and YAML forms must
 * load back to the same tree. Read again with the YAML parser on its own
 * thread, the stream must give the same documents and diagnostics. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cjm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct buf {
	char *p;
	size_t len, cap;
};

static int
to_buf(const char *s, size_t n, void *ctx)
{
	struct buf *b = ctx;

	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *p = realloc(b->p, cap);

		if (p == NULL)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	return 0;
}

/* Written as JSON or YAML, the tree must read back equal. */
static void
round_trip(const json_t *root, const cjm_limits *lim, unsigned flags,
    cjm_diags *ds)
{
	struct buf b = { NULL, 0, 0 };
	cjm_doc *back = NULL;

	if (cjm_write(root, flags, to_buf, &b, ds) == CJM_OK) {
		if (cjm_doc_load_memory(b.p, b.len, "back", lim, flags ?
		    CJM_INPUT_YAML : CJM_INPUT_JSON, &back, ds) != CJM_OK ||
		    !json_equal(root, cjm_doc_root(back)))
			abort();
		cjm_doc_free(back);
	}
	free(b.p);
}

static void
use(const cjm_doc *doc, const cjm_limits *lim, cjm_diags *ds)
{
	static const unsigned forms[] = { 0, CJM_WRITE_PRETTY, CJM_WRITE_YAML };
	struct buf b = { NULL, 0, 0 };
	json_t *canon;
	size_t i;

	cjm_map_check(doc, NULL, ds);
	if ((canon = cjm_map_canonical(cjm_doc_root(doc))) != NULL) {
		cjm_write(canon, CJM_WRITE_YAML, to_buf, &b, ds);
		json_decref(canon);
	}
	for (i = 0; i < 3; i++) {
		b.len = 0;
		cjm_write(cjm_doc_root(doc), forms[i], to_buf, &b, ds);
	}
	free(b.p);
	round_trip(cjm_doc_root(doc), lim, 0, ds);
	round_trip(cjm_doc_root(doc), lim, CJM_WRITE_YAML, ds);
}

static int
same_diag(const cjm_diag *a, const cjm_diag *b)
{
	return a->level == b->level && strcmp(a->code, b->code) == 0 &&
	    a->doc == b->doc && a->pos.line == b->pos.line &&
	    a->pos.col == b->pos.col && a->pos.offset == b->pos.offset &&
	    strcmp(a->message, b->message) == 0;
}

/* One thread and two, in step: the same documents, end and findings. */
static void
same_threaded(const uint8_t *data, size_t size, const cjm_limits *lim)
{
	cjm_reader *r[2];
	cjm_diags *ds[2];
	cjm_doc *doc[2];
	int st[2], i, n = 0;
	size_t k;

	for (i = 0; i < 2; i++) {
		ds[i] = cjm_diags_new();
		r[i] = cjm_reader_new(lim, CJM_INPUT_AUTO);
		cjm_reader_set_threads(r[i], i + 1);
		cjm_reader_open_memory(r[i], data, size, "fuzz", ds[i]);
	}
	do {
		for (i = 0; i < 2; i++)
			st[i] = cjm_reader_next(r[i], &doc[i], ds[i]);
		if (st[0] != st[1] || (st[0] == CJM_OK &&
		    !json_equal(cjm_doc_root(doc[0]), cjm_doc_root(doc[1]))))
			abort();
		for (i = 0; i < 2; i++)
			cjm_doc_free(doc[i]);
	} while (st[0] == CJM_OK && n++ < 8);
	if (cjm_diags_count(ds[0]) != cjm_diags_count(ds[1]))
		abort();
	for (k = 0; k < cjm_diags_count(ds[0]); k++)
		if (!same_diag(cjm_diags_get(ds[0], k), cjm_diags_get(ds[1], k)))
			abort();
	for (i = 0; i < 2; i++) {
		cjm_reader_free(r[i]);
		cjm_diags_free(ds[i]);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_reader *r;
	cjm_limits lim;
	cjm_doc *doc;
	int n = 0;

	cjm_limits_default(&lim);
	lim.max_input = 1 << 20;
	lim.max_scalar = 4096;
	lim.max_depth = 32;
	lim.max_aliases = 64;
	lim.max_nodes = 20000;
	r = cjm_reader_new(&lim, CJM_INPUT_AUTO);
	if (cjm_reader_open_memory(r, data, size, "fuzz", ds) == CJM_OK)
		while (n++ < 8 && cjm_reader_next(r, &doc, ds) == CJM_OK) {
			cjm_pos p;

			cjm_doc_pos(doc, NULL, NULL, 0, &p, NULL);
			use(doc, &lim, ds);
			cjm_doc_free(doc);
		}
	cjm_reader_free(r);
	cjm_diags_free(ds);
	same_threaded(data, size, &lim);
	return 0;
}
