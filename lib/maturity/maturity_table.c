/* maturity_table.c: the maturity section as a report people read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "maturity.h"
#include "num.h"
#include "tab.h"

/* Labels, English then Russian. */
enum {
	L_TITLE, L_RESP, L_MISSING, L_SCORE, L_OF5, L_STAGE, L_RULE, L_CUTS,
	L_OURS, L_FITS, L_DIM, L_N, L_MEAN, L_MIN, L_MAX, L_SD, L_WEAKEST,
	L_LOWEST, L_Q, L_TEXT, L_BYSTAGE, L_DEPT, L_DRESP, L_COUNT, L_NONE,
	L_SKIPPED, L_RMEAN, L_RWEAK, L_COUNT_
};

static const char *const lab[2][L_COUNT_] = { {
	"CX maturity", "Respondents", "missing answers", "Score", "of 5",
	"Stage", "Rule", "cut-offs", "ours, not a published standard",
	"Maps that fit", "Dimension", "Answers", "Mean", "Min", "Max", "SD",
	"Weakest dimension", "Statements with the lowest mean", "#",
	"Statement", "Respondents by stage", "Department", "Respondents",
	"Respondents", "none", "skipped rows", "mean of the dimensions",
	"the weakest dimension"
}, {
	"Зрелость клиентского опыта", "Респондентов", "пропущено ответов",
	"Оценка", "из 5", "Этап", "Правило", "пороги",
	"наши, а не опубликованный стандарт", "Подходящие карты",
	"Измерение", "Ответов", "Среднее", "Мин", "Макс", "СО",
	"Самое слабое измерение", "Утверждения с наименьшим средним", "№",
	"Утверждение", "Респонденты по этапам", "Отдел", "Респондентов",
	"Респондентов", "нет", "пропущено строк", "среднее по измерениям",
	"самое слабое измерение"
} };

struct ctx {
	FILE *fp;
	int ru;
	const char *lang;
};

#define L(x) lab[k->ru][x]

/* A table of rows data rows under a header of labels (-1: empty), one
 * column per letter of align. */
static int
tab_open(struct cjm_tab *t, const struct ctx *k, size_t rows, const char *align,
    const int *labels)
{
	size_t c;

	if (cjm_tab_init(t, rows + 1, strlen(align), align) != 0)
		return -1;
	for (c = 0; c < t->cols; c++)
		cjm_tab_set(t, 0, c, "%s", labels[c] < 0 ? "" : L(labels[c]));
	return 0;
}

static void
tab_close(const struct ctx *k, struct cjm_tab *t)
{
	cjm_tab_print(k->fp, t);
	cjm_tab_free(t);
}

/* Two decimals (fmt "%.2f") or as short as it goes ("%g"); a decimal
 * comma in Russian. */
static const char *
numf(const struct ctx *k, const json_t *v, char *buf, size_t sz,
    const char *fmt)
{
	if (!json_is_number(v))
		return "-";
	return cjm_num_local(buf, sz, fmt, json_number_value(v), k->ru);
}

static const char *
num(const struct ctx *k, const json_t *v, char *buf, size_t sz)
{
	return numf(k, v, buf, sz, "%.2f");
}

/* A string member, or "-": the section may have been edited by hand. */
static const char *
str_of(const json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : "-";
}

static int
dim_index(const json_t *id)
{
	int d;

	for (d = 0; json_is_string(id) && d < CJM_MATURITY_DIMENSIONS; d++)
		if (strcmp(json_string_value(id), cjm_maturity_dims[d]) == 0)
			return d;
	return -1;
}

static const char *
dim_label(const struct ctx *k, const json_t *id)
{
	int d = dim_index(id);

	return d >= 0 ? cjm_maturity_dim_name(d, k->lang) :
	    json_is_string(id) ? json_string_value(id) : "-";
}

static int
level_of(const json_t *o)
{
	json_int_t lv = json_integer_value(json_object_get(o, "level"));

	return lv >= 1 && lv <= 5 ? (int)lv : 0;
}

static void
head_part(const struct ctx *k, const json_t *m)
{
	const json_t *org = json_object_get(m, "organization"), *v;
	char b[32];
	size_t i;
	int lv = level_of(m);

	fprintf(k->fp, "%s%s%s\n", L(L_TITLE), json_is_string(org) ? ": " : "",
	    json_is_string(org) ? json_string_value(org) : "");
	fprintf(k->fp, "%s: %lld; %s: %lld", L(L_RESP), (long long)
	    json_integer_value(json_object_get(m, "respondents")), L(L_MISSING),
	    (long long)json_integer_value(json_object_get(m, "missing")));
	if ((v = json_object_get(m, "skipped")) != NULL)
		fprintf(k->fp, "; %s: %lld", L(L_SKIPPED),
		    (long long)json_integer_value(v));
	fprintf(k->fp, "\n%s: %s %s\n", L(L_SCORE), num(k, json_object_get(m,
	    "score"), b, sizeof(b)), L(L_OF5));
	fprintf(k->fp, "%s: %d %s, %s\n", L(L_STAGE), lv, L(L_OF5),
	    lv ? cjm_maturity_stage_name(lv, k->lang) : "-");
	v = json_object_get(m, "rule");
	fprintf(k->fp, "%s: %s; %s", L(L_RULE), json_is_string(v) &&
	    strcmp(json_string_value(v), "weakest") == 0 ? L(L_RWEAK) :
	    L(L_RMEAN), L(L_CUTS));
	json_array_foreach(json_object_get(m, "thresholds"), i, v)
		fprintf(k->fp, "%s%s", i ? "; " : " ", numf(k, v, b, sizeof(b),
		    "%g"));
	fprintf(k->fp, " (%s)\n%s:", L(L_OURS), L(L_FITS));
	json_array_foreach(json_object_get(m, "fits"), i, v)
		fprintf(k->fp, "%s%s", i ? ", " : " ", str_of(v));
	fputc('\n', k->fp);
}

static int
dims_part(const struct ctx *k, const json_t *m)
{
	const json_t *dims = json_object_get(m, "dimensions"), *d;
	struct cjm_tab t;
	char b[32];
	size_t i;
	static const int head[] = { L_DIM, L_N, L_MEAN, L_MIN, L_MAX, L_SD };

	if (tab_open(&t, k, json_array_size(dims), "lrrrrr", head) != 0)
		return -1;
	json_array_foreach(dims, i, d) {
		cjm_tab_set(&t, i + 1, 0, "%s", dim_label(k, json_object_get(d,
		    "id")));
		cjm_tab_set(&t, i + 1, 1, "%lld", (long long)json_integer_value(
		    json_object_get(d, "n")));
		cjm_tab_set(&t, i + 1, 2, "%s", num(k, json_object_get(d, "mean"),
		    b, sizeof(b)));
		cjm_tab_set(&t, i + 1, 3, "%lld", (long long)json_integer_value(
		    json_object_get(d, "min")));
		cjm_tab_set(&t, i + 1, 4, "%lld", (long long)json_integer_value(
		    json_object_get(d, "max")));
		cjm_tab_set(&t, i + 1, 5, "%s", num(k, json_object_get(d, "sd"),
		    b, sizeof(b)));
	}
	fputc('\n', k->fp);
	tab_close(k, &t);
	fprintf(k->fp, "%s: %s\n", L(L_WEAKEST), dim_label(k,
	    json_object_get(m, "weakest")));
	return 0;
}

static int
lowest_part(const struct ctx *k, const json_t *m)
{
	const json_t *low = json_object_get(m, "lowest"), *s;
	struct cjm_tab t;
	char b[32];
	size_t i;
	static const int head[] = { L_Q, L_MEAN, L_DIM, L_TEXT };

	if (tab_open(&t, k, json_array_size(low), "lrll", head) != 0)
		return -1;
	json_array_foreach(low, i, s) {
		int q = (int)json_integer_value(json_object_get(s, "q"));
		const char *text = cjm_maturity_statement(q, k->lang);

		cjm_tab_set(&t, i + 1, 0, "q%d", q);
		cjm_tab_set(&t, i + 1, 1, "%s", num(k, json_object_get(s, "mean"),
		    b, sizeof(b)));
		cjm_tab_set(&t, i + 1, 2, "%s", dim_label(k, json_object_get(s,
		    "dimension")));
		cjm_tab_set(&t, i + 1, 3, "%s", text ? text : "-");
	}
	fprintf(k->fp, "\n%s\n", L(L_LOWEST));
	tab_close(k, &t);
	return 0;
}

static int
stages_part(const struct ctx *k, const json_t *m)
{
	const json_t *sc = json_object_get(m, "stage_counts");
	struct cjm_tab t;
	int lv;
	static const int head[] = { -1, L_STAGE, L_COUNT };

	if (tab_open(&t, k, 5, "rlr", head) != 0)
		return -1;
	for (lv = 1; lv <= 5; lv++) {
		cjm_tab_set(&t, lv, 0, "%d", lv);
		cjm_tab_set(&t, lv, 1, "%s", cjm_maturity_stage_name(lv, k->lang));
		cjm_tab_set(&t, lv, 2, "%lld", (long long)json_integer_value(
		    json_object_get(sc, cjm_maturity_stages[lv - 1])));
	}
	fprintf(k->fp, "\n%s\n", L(L_BYSTAGE));
	tab_close(k, &t);
	return 0;
}

static int
depts_part(const struct ctx *k, const json_t *m)
{
	const json_t *deps = json_object_get(m, "departments"), *d;
	struct cjm_tab t;
	char b[32];
	size_t i;
	static const int head[] = { L_DEPT, L_DRESP, L_SCORE, L_STAGE,
	    L_WEAKEST };

	if (json_array_size(deps) == 0)
		return 0;
	if (tab_open(&t, k, json_array_size(deps), "lrrll", head) != 0)
		return -1;
	json_array_foreach(deps, i, d) {
		int lv = level_of(d);

		cjm_tab_set(&t, i + 1, 0, "%s", str_of(json_object_get(d,
		    "name")));
		cjm_tab_set(&t, i + 1, 1, "%lld", (long long)json_integer_value(
		    json_object_get(d, "respondents")));
		cjm_tab_set(&t, i + 1, 2, "%s", num(k, json_object_get(d, "score"),
		    b, sizeof(b)));
		cjm_tab_set(&t, i + 1, 3, "%d %s", lv, lv ?
		    cjm_maturity_stage_name(lv, k->lang) : "-");
		cjm_tab_set(&t, i + 1, 4, "%s", dim_label(k, json_object_get(d,
		    "weakest")));
	}
	fputc('\n', k->fp);
	tab_close(k, &t);
	return 0;
}

char *
cjm_maturity_table(const json_t *m, const char *lang)
{
	struct ctx k;
	char *buf = NULL;
	size_t len = 0;
	int bad;

	if (lang == NULL)
		lang = json_string_value(json_object_get(m, "lang"));
	k.lang = cjm_maturity_lang(lang);
	k.ru = strcmp(k.lang, "ru") == 0;
	if ((k.fp = open_memstream(&buf, &len)) == NULL)
		return NULL;
	head_part(&k, m);
	bad = dims_part(&k, m) || lowest_part(&k, m) || stages_part(&k, m) ||
	    depts_part(&k, m);
	if (fclose(k.fp) != 0 || bad) {
		free(buf);
		return NULL;
	}
	return buf;
}
