/* test_maturity.c: answer words, cut-offs and scoring, against hand sums. */
#include <math.h>

#include "unit.h"
#include "cjm_maturity.h"

START_TEST(answer_words)
{
	static const struct { const char *s; int want; } t[] = {
		{ "1", 1 }, { " 5 ", 5 }, { "3\r", 3 }, { "0", -1 },
		{ "6", -1 }, { "12", -1 }, { "", 0 }, { "  \t", 0 },
		{ "Всегда", 5 }, { "ВСЕГДА", 5 }, { "всегда", 5 },
		{ "НИКОГДА", 1 }, { "Редко", 2 }, { "иНоГдА", 3 },
		{ "часто ", 4 }, { "NEVER", 1 }, { "Sometimes", 3 },
		{ "rarely", 2 }, { "OFTEN", 4 }, { "Always", 5 },
		{ "always!", -2 }, { "3.0", -2 }, { "-1", -2 }, { "+2", -2 },
		{ "всегдa", -2 },	/* Latin 'a' at the end */
		{ "ёжик", -2 }, { "Ёлка", -2 }, { "yes", -2 },
		{ "никогда никогда никогда никогда", -2 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ck_assert_msg(cjm_maturity_answer(t[i].s, strlen(t[i].s)) ==
		    t[i].want, "'%s': got %d, want %d", t[i].s,
		    cjm_maturity_answer(t[i].s, strlen(t[i].s)), t[i].want);
}
END_TEST

START_TEST(thresholds)
{
	static const struct { const char *s; int ok; double t0, t3; } t[] = {
		{ "1.8,2.6,3.4,4.2", 0, 1.8, 4.2 },
		{ "2,3,4,4.5", 0, 2, 4.5 },
		{ "1.8, 2.6, 3.4, 4.2", 0, 1.8, 4.2 },
		{ "1.01,1.02,1.03,4.99", 0, 1.01, 4.99 },
		{ "1,2,3,4", -1, 0, 0 },	/* 1 is not inside (1, 5) */
		{ "2,3,4,5", -1, 0, 0 },
		{ "1.8,2.6,3.4", -1, 0, 0 },
		{ "1.8,2.6,3.4,4.2,4.5", -1, 0, 0 },
		{ "3,2,3.5,4", -1, 0, 0 }, { "1.8,1.8,3,4", -1, 0, 0 },
		{ "a,b,c,d", -1, 0, 0 }, { "1e0,2,3,4", -1, 0, 0 },
		{ "inf,2,3,4", -1, 0, 0 }, { "", -1, 0, 0 },
		{ "1.8,,3,4", -1, 0, 0 }, { "1.8,2.6,3.4,4.2,", -1, 0, 0 },
		{ ".5,2,3,4", -1, 0, 0 }, { "2.,3,4,4.5", -1, 0, 0 },
		{ "nan,2,3,4", -1, 0, 0 }, { "0x2,3,4,4.5", -1, 0, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		double out[4] = { 0, 0, 0, 0 };

		ck_assert_msg(cjm_maturity_thresholds_parse(t[i].s, out) ==
		    t[i].ok, "'%s'", t[i].s);
		if (t[i].ok == 0) {
			ck_assert_double_eq(out[0], t[i].t0);
			ck_assert_double_eq(out[3], t[i].t3);
		} else
			ck_assert_double_eq(out[0], 0);
	}
}
END_TEST

START_TEST(levels)
{
	static const double def[4] = { 1.8, 2.6, 3.4, 4.2 };
	static const double own[4] = { 2, 3, 4, 4.5 };
	static const struct { double x; const double *cut; int want; } t[] = {
		{ 1, def, 1 }, { 1.79, def, 1 }, { 1.8, def, 2 },
		{ 1.8 - 1e-12, def, 2 },	/* a computed 1.8 */
		{ 1.8 - 1e-6, def, 1 }, { 2.6, def, 3 }, { 3.3999, def, 3 },
		{ 3.4, def, 4 }, { 4.1999, def, 4 }, { 4.2, def, 5 },
		{ 5, def, 5 }, { 1.9, own, 1 }, { 2, own, 2 }, { 4.4, own, 4 },
		{ 4.5, own, 5 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ck_assert_msg(cjm_maturity_level(t[i].x, t[i].cut) ==
		    t[i].want, "%.15g", t[i].x);
}
END_TEST

START_TEST(model_texts)
{
	int q, d, n[6] = { 0 };

	for (q = 1; q <= 20; q++) {
		ck_assert_ptr_nonnull(cjm_maturity_statement(q, "en"));
		ck_assert_ptr_nonnull(cjm_maturity_statement(q, "ru"));
		n[cjm_maturity_statement_dim(q)]++;
	}
	/* maturity.md: 3, 3, 3, 4, 4, 3 statements */
	ck_assert_int_eq(n[0], 3);
	ck_assert_int_eq(n[3], 4);
	ck_assert_int_eq(n[4], 4);
	ck_assert_int_eq(n[5], 3);
	ck_assert_ptr_null(cjm_maturity_statement(0, "en"));
	ck_assert_ptr_null(cjm_maturity_statement(21, "ru"));
	ck_assert_str_eq(cjm_maturity_stage_name(5, "ru-RU"), "Интеграция");
	ck_assert_str_eq(cjm_maturity_stage_name(1, "de"), "Investigate");
	ck_assert_str_eq(cjm_maturity_dim_name(3, "RU"), "Реагирование");
	for (d = 0; d < 6; d++)
		ck_assert_ptr_nonnull(cjm_maturity_dim_name(d, NULL));
	ck_assert_str_eq(cjm_maturity_statement(17, "ru"), "Внедряете "
	    "информацию об опыте клиентов в ключевые операционные процессы "
	    "и системы");
}
END_TEST

/*
 * Scoring cases. A respondent is a pattern: `all` answers every
 * statement (0: none), then `set` overrides "q=v" pairs. Expected figures
 * were worked out by hand:
 *  - five respondents, one all 1 and four all 2: every statement and
 *    dimension has mean 9/5 = 1.8 (initiate, the boundary); organization
 *    has 15 answers, ss = 3 * 0.8^2 + 12 * 0.2^2 = 2.4, sd =
 *    sqrt(2.4 / 14) = 0.414; stages: one investigate, four initiate;
 *  - three all 3 and two all 4: 17/5 = 3.4 (scale, the boundary);
 *    response: 12 threes and 8 fours, ss = 12 * 0.16 + 8 * 0.36 = 4.8,
 *    sd = sqrt(4.8 / 19) = 0.503;
 *  - organization all 1, the rest 5: score (1 + 25) / 6 = 4.333, embed
 *    by the mean, investigate by the weakest rule, scale with the cuts
 *    2,3,4,4.5.
 */
struct resp {
	int all;
	const char *set;	/* "q=v q=v ..."; v 0 means missing */
	const char *dept;
};

struct score_case {
	const char *name;
	struct resp r[6];
	enum cjm_maturity_rule rule;
	const char *cuts;	/* NULL: default */
	int status, level;
	double score;
	const char *weakest;
	int dim;		/* a dimension to look at (0..5) */
	double mean, sd;	/* sd < 0: null */
	long n, dmin, dmax;
	long counts[5];		/* stage_counts */
	int low[3];		/* the lowest statements */
};

static const struct score_case cases[] = {
	{ "all three", { { 3, "", NULL } }, CJM_RULE_MEAN, NULL, CJM_OK, 3,
	  3, "organization", 3, 3, 0, 4, 3, 3, { 0, 0, 1, 0, 0 },
	  { 1, 2, 3 } },
	{ "boundary 1.8", { { 1, "", NULL }, { 2, "", NULL }, { 2, "", NULL },
	  { 2, "", NULL }, { 2, "", NULL } }, CJM_RULE_MEAN, NULL, CJM_OK, 2,
	  1.8, "organization", 0, 1.8, 0.414, 15, 1, 2, { 1, 4, 0, 0, 0 },
	  { 1, 2, 3 } },
	{ "boundary 3.4", { { 3, "", NULL }, { 3, "", NULL }, { 3, "", NULL },
	  { 4, "", NULL }, { 4, "", NULL } }, CJM_RULE_MEAN, NULL, CJM_OK, 4,
	  3.4, "organization", 3, 3.4, 0.503, 20, 3, 4, { 0, 0, 3, 2, 0 },
	  { 1, 2, 3 } },
	{ "all five", { { 5, "", NULL } }, CJM_RULE_MEAN, NULL, CJM_OK, 5, 5,
	  "organization", 5, 5, 0, 3, 5, 5, { 0, 0, 0, 0, 1 }, { 1, 2, 3 } },
	{ "mean rule", { { 5, "1=1 2=1 3=1", NULL } }, CJM_RULE_MEAN, NULL,
	  CJM_OK, 5, 4.333, "organization", 0, 1, 0, 3, 1, 1,
	  { 0, 0, 0, 0, 1 }, { 1, 2, 3 } },
	{ "weakest rule", { { 5, "1=1 2=1 3=1", NULL } }, CJM_RULE_WEAKEST,
	  NULL, CJM_OK, 1, 4.333, "organization", 1, 5, 0, 3, 5, 5,
	  { 1, 0, 0, 0, 0 }, { 1, 2, 3 } },
	{ "own cut-offs", { { 5, "1=1 2=1 3=1", NULL } }, CJM_RULE_MEAN,
	  "2,3,4,4.5", CJM_OK, 4, 4.333, "organization", 0, 1, 0, 3, 1, 1,
	  { 0, 0, 0, 1, 0 }, { 1, 2, 3 } },
	{ "one answer: sd null", { { 4, "2=0 3=0", NULL } }, CJM_RULE_MEAN,
	  NULL, CJM_OK, 4, 4, "organization", 0, 4, -1, 1, 4, 4,
	  { 0, 0, 0, 1, 0 }, { 1, 4, 5 } },
	{ "lowest, ties by number", { { 5, "7=1 20=2 15=2 2=2", NULL } },
	  CJM_RULE_MEAN, NULL, CJM_OK, 5, 4.319, "activation", 2, 11.0 / 3,
	  2.309, 3, 1, 5, { 0, 0, 0, 0, 1 }, { 7, 2, 15 } },
	{ "dimension empty", { { 3, "4=0 5=0 6=0", NULL } }, CJM_RULE_MEAN,
	  NULL, CJM_EDATA, 0, 0, NULL, 0, 0, 0, 0, 0, 0, { 0 }, { 0 } },
	{ "no respondents", { { 0, NULL, NULL } }, CJM_RULE_MEAN, NULL,
	  CJM_EDATA, 0, 0, NULL, 0, 0, 0, 0, 0, 0, { 0 }, { 0 } },
};

static void
fill(const struct resp *r, unsigned char a[20])
{
	const char *p = r->set;
	int q, v, used;

	memset(a, r->all, 20);
	while (p && sscanf(p, " %d=%d%n", &q, &v, &used) == 2) {
		a[q - 1] = (unsigned char)v;
		p += used;
	}
}

static double
num(const json_t *o, const char *key)
{
	return json_number_value(json_object_get(o, key));
}

static void
check_figures(const struct score_case *c, const json_t *m)
{
	const json_t *d = json_array_get(json_object_get(m, "dimensions"),
	    (size_t)c->dim), *low = json_object_get(m, "lowest");
	const json_t *sc = json_object_get(m, "stage_counts");
	int i;

	ck_assert_int_eq(json_integer_value(json_object_get(m, "level")),
	    c->level);
	ck_assert_double_eq_tol(num(m, "score"), c->score, 0.0005);
	ck_assert_str_eq(json_string_value(json_object_get(m, "weakest")),
	    c->weakest);
	ck_assert_double_eq_tol(num(d, "mean"), c->mean, 0.0005);
	if (c->sd < 0)
		ck_assert(json_is_null(json_object_get(d, "sd")));
	else
		ck_assert_double_eq_tol(num(d, "sd"), c->sd, 0.0005);
	ck_assert_int_eq(json_integer_value(json_object_get(d, "n")), c->n);
	ck_assert_int_eq(json_integer_value(json_object_get(d, "min")),
	    c->dmin);
	ck_assert_int_eq(json_integer_value(json_object_get(d, "max")),
	    c->dmax);
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(json_integer_value(json_object_get(sc,
		    cjm_maturity_stages[i])), c->counts[i]);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(json_integer_value(json_object_get(
		    json_array_get(low, (size_t)i), "q")), c->low[i]);
	ck_assert_str_eq(json_string_value(json_object_get(m, "stage")),
	    cjm_maturity_stages[c->level - 1]);
}

START_TEST(scoring)
{
	const struct score_case *c = &cases[_i];
	cjm_answers *a = cjm_answers_new();
	cjm_diags *ds = cjm_diags_new();
	cjm_maturity_opts o;
	json_t *m = NULL;
	unsigned char ans[20];
	int k;

	cjm_maturity_opts_default(&o);
	o.rule = c->rule;
	if (c->cuts)
		ck_assert_int_eq(cjm_maturity_thresholds_parse(c->cuts,
		    o.thresholds), 0);
	for (k = 0; k < 6 && c->r[k].all + (c->r[k].set != NULL) > 0; k++) {
		fill(&c->r[k], ans);
		ck_assert_int_eq(cjm_answers_add(a, NULL, c->r[k].dept, ans),
		    CJM_OK);
	}
	ck_assert_msg(cjm_maturity_score(a, &o, &m, ds) == c->status, "%s",
	    c->name);
	if (c->status == CJM_OK)
		check_figures(c, m);
	else {
		ck_assert_ptr_null(m);
		ck_assert_int_eq(cjm_diags_worst(ds), CJM_ERROR);
	}
	json_decref(m);
	cjm_answers_free(a);
	cjm_diags_free(ds);
}
END_TEST

/* Two departments, all 2 and all 4: overall 3 (mobilize), 2 (initiate)
 * and 4 (scale), in order of first appearance; a respondent without a
 * department joins "(none)". */
START_TEST(departments)
{
	static const struct { int all; const char *dept, *name; int level;
	    double score; long resp; } t[] = {
		{ 2, "Продажи", "Продажи", 2, 2, 2 },
		{ 4, "IT", "IT", 4, 4, 1 },
		{ 3, NULL, "(none)", 3, 3, 1 },
	};
	cjm_answers *a = cjm_answers_new();
	cjm_diags *ds = cjm_diags_new();
	unsigned char ans[20];
	json_t *m, *deps;
	size_t i;

	for (i = 0; i < 3; i++) {
		memset(ans, t[i].all, 20);
		ck_assert_int_eq(cjm_answers_add(a, "x", t[i].dept, ans), 0);
	}
	memset(ans, 2, 20);
	ck_assert_int_eq(cjm_answers_add(a, "y", "Продажи", ans), 0);
	ck_assert_int_eq(cjm_maturity_score(a, NULL, &m, ds), CJM_OK);
	ck_assert_double_eq_tol(num(m, "score"), 2.75, 1e-9);
	deps = json_object_get(m, "departments");
	ck_assert_uint_eq(json_array_size(deps), 3);
	for (i = 0; i < 3; i++) {
		json_t *d = json_array_get(deps, i);

		ck_assert_str_eq(json_string_value(json_object_get(d, "name")),
		    t[i].name);
		ck_assert_int_eq(json_integer_value(json_object_get(d,
		    "level")), t[i].level);
		ck_assert_double_eq_tol(num(d, "score"), t[i].score, 1e-9);
		ck_assert_int_eq(json_integer_value(json_object_get(d,
		    "respondents")), t[i].resp);
	}
	json_decref(m);
	cjm_answers_free(a);
	cjm_diags_free(ds);
}
END_TEST

/* The report: Russian labels and decimal commas, columns aligned by
 * characters, not bytes. */
START_TEST(report)
{
	cjm_answers *a = cjm_answers_new();
	unsigned char ans[20];
	json_t *m;
	char *en, *ru;

	memset(ans, 4, 20);
	cjm_answers_add(a, NULL, "Отдел продаж", ans);
	ck_assert_int_eq(cjm_maturity_score(a, NULL, &m, NULL), CJM_OK);
	en = cjm_maturity_table(m, NULL);
	ru = cjm_maturity_table(m, "ru");
	ck_assert_ptr_nonnull(strstr(en, "Stage: 4 of 5, Scale\n"));
	ck_assert_ptr_nonnull(strstr(en, "Organization        3  4.00    4"
	    "    4  0.00\n"));
	ck_assert_ptr_nonnull(strstr(ru, "Этап: 4 из 5, Масштабирование\n"));
	ck_assert_ptr_nonnull(strstr(ru, "Организация         3     4,00"));
	ck_assert_ptr_nonnull(strstr(ru, "Отдел         Респондентов"));
	ck_assert_ptr_nonnull(strstr(ru, "Отдел продаж             1"));
	free(en);
	free(ru);
	json_decref(m);
	cjm_answers_free(a);
}
END_TEST

/* A section edited by hand, with wrong types and holes, still gives a
 * report, never a crash. */
START_TEST(report_odd_section)
{
	static const char *const odd[] = {
		"{}",
		"{\"fits\": [1, null], \"departments\": [{\"name\": 5, "
		    "\"level\": 9}], \"lowest\": [{\"q\": 77}]}",
		"{\"dimensions\": [{\"id\": \"nope\", \"sd\": null}], "
		    "\"level\": 0, \"rule\": 3, \"thresholds\": \"x\"}",
	};
	size_t i;

	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		json_t *m = json_loads(odd[i], 0, NULL);
		char *t;

		ck_assert_ptr_nonnull(m);
		t = cjm_maturity_table(m, "ru");
		ck_assert_ptr_nonnull(t);
		ck_assert_ptr_nonnull(strstr(t, "Этап: 0 из 5, -"));
		free(t);
		json_decref(m);
	}
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("maturity");
	TCase *tc = tcase_create("maturity");

	tcase_add_test(tc, answer_words);
	tcase_add_test(tc, thresholds);
	tcase_add_test(tc, levels);
	tcase_add_test(tc, model_texts);
	tcase_add_loop_test(tc, scoring, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, departments);
	tcase_add_test(tc, report);
	tcase_add_test(tc, report_odd_section);
	suite_add_tcase(s, tc);
	return s;
}
