/* maturity_doc.c: survey answers from YAML or JSON (format.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "maturity.h"
#include "num.h"

#define NQ CJM_MATURITY_QUESTIONS

struct dr {
	cjm_answers *a;
	const cjm_doc *doc;
	const char *name;
	int skip;
	cjm_diags *ds;
};

static cjm_pos
pos_of(const struct dr *r, const json_t *parent, const char *key,
    size_t index)
{
	cjm_pos p;

	cjm_doc_pos(r->doc, parent, key, index, &p, NULL);
	return p;
}

/* Check the keys of a mapping against the known ones (x- keys pass). */
static int
check_keys(const struct dr *r, const json_t *obj, const char *const *known,
    size_t nk, const char *path)
{
	const char *key;
	json_t *v;
	int st = CJM_OK;

	json_object_foreach((json_t *)obj, key, v) {
		const char *near;
		char hint[96] = "";
		size_t i;
		cjm_pos kp;

		for (i = 0; i < nk && strcmp(key, known[i]) != 0; i++)
			;
		if (i < nk || strncmp(key, "x-", 2) == 0)
			continue;
		if ((near = cjm_suggest(key, known, nk)) != NULL)
			snprintf(hint, sizeof(hint), "did you mean '%s'?", near);
		cjm_doc_pos(r->doc, obj, key, 0, &kp, &kp);
		cjm_diags_add(r->ds, CJM_ERROR, "unknown-key", r->name,
		    cjm_doc_index(r->doc), path, kp, hint[0] ? hint : NULL,
		    "unknown key '%s'", key);
		st = CJM_EDATA;
	}
	return st;
}

/* A string member, or NULL; a value of another type is an error. */
static int
str_member(const struct dr *r, const json_t *obj, const char *key,
    const char *path, const char **out)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return CJM_OK;
	if (json_is_string(v)) {
		*out = json_string_value(v);
		return CJM_OK;
	}
	cjm_diags_add(r->ds, CJM_ERROR, "type", r->name, cjm_doc_index(r->doc),
	    path, pos_of(r, obj, key, 0), NULL, "'%s' must be a string", key);
	return CJM_EDATA;
}

/* One answer; returns 1..5, 0 missing, -1 out of range, -2 not one.
 * *text gets what to quote in a message (in buf, or the string). */
static int
answer_value(const json_t *v, char *buf, size_t sz, const char **text)
{
	*text = buf;
	buf[0] = '\0';
	if (json_is_null(v))
		return 0;
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);

		snprintf(buf, sz, "%lld", (long long)i);
		return i >= 1 && i <= 5 ? (int)i : -1;
	}
	if (json_is_real(v)) {
		cjm_snprintf(buf, sz, "%g", json_real_value(v));
		return -1;
	}
	if (json_is_string(v)) {
		*text = json_string_value(v);
		return cjm_maturity_answer(*text, json_string_length(v));
	}
	snprintf(buf, sz, "%s", json_is_boolean(v) ? (json_is_true(v) ?
	    "true" : "false") : json_is_array(v) ? "[...]" : "{...}");
	return -2;
}

/* The answers list of respondent i into ans; each problem reported. */
static int
read_answers(const struct dr *r, const json_t *list, size_t i,
    const char *name, unsigned char ans[NQ])
{
	char where[160], path[64], buf[64];
	const char *text;
	size_t q;
	int v, bad = 0;

	for (q = 0; q < NQ; q++) {
		cjm_pos p = pos_of(r, list, NULL, q);

		v = answer_value(json_array_get(list, q), buf, sizeof(buf),
		    &text);
		ans[q] = (unsigned char)(v > 0 ? v : 0);
		if (v > 0)
			continue;
		maturity_who(where, sizeof(where), "respondent", i + 1, name,
		    (int)q + 1);
		snprintf(path, sizeof(path), "respondents[%zu].answers[%zu]",
		    i, q);
		if (v == 0)
			cjm_diags_add(r->ds, CJM_WARNING, "answer-missing",
			    r->name, cjm_doc_index(r->doc), path, p, NULL,
			    "%s: no answer; left out of the means", where);
		else {
			maturity_bad_answer(r->ds, r->skip, v, text, r->name, p,
			    path, where);
			bad = 1;
		}
	}
	return bad ? CJM_EDATA : CJM_OK;
}

/* The answers member of respondent i: a list of exactly 20. */
static int
answers_list(const struct dr *r, const json_t *o, size_t i,
    const char *name, cjm_pos rpos, const json_t **out)
{
	static const char *const hint = "give 20 answers, q1..q20 in order; "
	    "null or \"\" for a missing one";
	const json_t *list = json_object_get(o, "answers");
	char where[160], path[64];
	cjm_pos p = list ? pos_of(r, o, "answers", 0) : rpos;

	maturity_who(where, sizeof(where), "respondent", i + 1, name, 0);
	snprintf(path, sizeof(path), "respondents[%zu]%s", i,
	    list ? ".answers" : "");
	*out = list;
	if (list == NULL || !json_is_array(list)) {
		cjm_diags_add(r->ds, r->skip ? CJM_WARNING : CJM_ERROR,
		    list ? "type" : "missing-key", r->name,
		    cjm_doc_index(r->doc), path, p, hint, list ? "%s: "
		    "'answers' must be a list" : "%s: no 'answers'", where);
		return CJM_EDATA;
	}
	if (json_array_size(list) != NQ) {
		cjm_diags_add(r->ds, r->skip ? CJM_WARNING : CJM_ERROR,
		    "row-length", r->name, cjm_doc_index(r->doc), path, p,
		    hint, "%s has %zu answer%s; expected %d (q1..q20)", where,
		    json_array_size(list), json_array_size(list) == 1 ? "" :
		    "s", NQ);
		return CJM_EDATA;
	}
	return CJM_OK;
}

static int
read_respondent(const struct dr *r, const json_t *arr, size_t i)
{
	static const char *const keys[] = { "name", "department", "answers" };
	const json_t *o = json_array_get(arr, i), *list;
	const char *name = NULL, *dept = NULL;
	unsigned char ans[NQ];
	char path[48];
	int bad = 0;

	snprintf(path, sizeof(path), "respondents[%zu]", i);
	if (!json_is_object(o)) {
		cjm_diags_add(r->ds, CJM_ERROR, "type", r->name,
		    cjm_doc_index(r->doc), path, pos_of(r, arr, NULL, i),
		    NULL, "respondent %zu must be a mapping with answers",
		    i + 1);
		return CJM_EDATA;
	}
	bad |= check_keys(r, o, keys, 3, path) != CJM_OK;
	bad |= str_member(r, o, "name", path, &name) != CJM_OK;
	bad |= str_member(r, o, "department", path, &dept) != CJM_OK;
	if (answers_list(r, o, i, name, pos_of(r, arr, NULL, i),
	    &list) != CJM_OK ||
	    read_answers(r, list, i, name, ans) != CJM_OK) {
		char who[160];

		if (!r->skip || bad)
			return CJM_EDATA;
		maturity_who(who, sizeof(who), "respondent", i + 1, name, 0);
		maturity_skipped(r->a, r->ds, r->name, pos_of(r, arr, NULL, i),
		    who);
		return CJM_OK;
	}
	if (bad)
		return CJM_EDATA;
	return maturity_add(r->a, name, dept, ans, r->name,
	    pos_of(r, arr, NULL, i).line, i + 1, 0);
}

static int
read_root(struct dr *r)
{
	static const char *const keys[] = { "organization", "respondents" };
	const json_t *root = cjm_doc_root(r->doc), *arr;
	const char *org = NULL;
	cjm_pos p = pos_of(r, NULL, NULL, 0);
	int st = CJM_OK;
	size_t i;

	if (!json_is_object(root) || !json_is_array(arr = json_object_get(
	    root, "respondents"))) {
		cjm_diags_add(r->ds, CJM_ERROR, "answers-shape", r->name,
		    cjm_doc_index(r->doc), "", p, "see FORMAT in "
		    "cjm-maturity(1)", "expected a mapping with a "
		    "'respondents' list");
		return CJM_EDATA;
	}
	if (check_keys(r, root, keys, 2, "") != CJM_OK ||
	    str_member(r, root, "organization", "organization", &org))
		st = CJM_EDATA;
	if (org != NULL && r->a->org == NULL &&
	    cjm_answers_set_organization(r->a, org) != CJM_OK)
		return CJM_ESYS;
	for (i = 0; i < json_array_size(arr); i++) {
		int s = read_respondent(r, arr, i);

		if (s == CJM_ESYS)
			return s;
		if (s != CJM_OK)
			st = s;
	}
	return st;
}

int
maturity_read_doc(cjm_answers *a, const char *buf, size_t len,
    const char *name, const cjm_answers_opts *o, cjm_diags *ds)
{
	struct dr r = { a, NULL, name, o->skip_bad, ds };
	cjm_reader *rd = cjm_reader_new(NULL, CJM_INPUT_AUTO);
	cjm_doc *doc;
	int st, worst = CJM_OK;

	if (rd == NULL)
		return CJM_ESYS;
	st = cjm_reader_open_memory(rd, buf, len, name, ds);
	while (st == CJM_OK && (st = cjm_reader_next(rd, &doc, ds)) == CJM_OK) {
		r.doc = doc;
		st = read_root(&r);
		cjm_doc_free(doc);
		if (st == CJM_EDATA) {
			worst = st;
			st = CJM_OK;
		}
	}
	cjm_reader_free(rd);
	if (st == CJM_ESYS || st == CJM_EDATA)
		return st;
	return worst;
}
