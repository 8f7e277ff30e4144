/* funnel_table.c: a map's funnel as a table people read (English or
 * Russian: labels, decimal commas, times) and as CSV for spreadsheets. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cjm_funnel.h"
#include "cjm_maturity.h"
#include "tab.h"
#include "num.h"

enum { L_STAGE, L_CUST, L_PREV, L_START, L_DROP, L_TIME, L_CONV, L_OF,
	L_LOSS, L_LEFT, L_BYCOUNT, L_BYRATE, L_BY, L_VALUE, L_ENTERED,
	L_CONVERTED, L_S, L_M, L_H, L_D, L_OWNER, L_SKIPPED, L_COUNT_ };

static const char *const lab[2][L_COUNT_] = { {
	"stage", "customers", "% prev", "% start", "drop-off", "median time",
	"converted", "of", "biggest loss", "customers", "by count", "by rate",
	"by", "value", "entered", "converted", "s", "m", "h", "d", "owner",
	"bad rows left out (--skip-bad)"
}, {
	"этап", "клиентов", "% к пред.", "% от старта", "отток",
	"медиана времени", "дошли до конца", "из", "наибольшая потеря",
	"ушли", "по числу", "по доле", "по", "значение", "вошли", "дошли",
	"с", "мин", "ч", "д", "ответственный",
	"плохих строк пропущено (--skip-bad)"
} };

struct ctx {
	FILE *fp;
	int ru;
};

#define L(x) lab[k->ru][x]

/* A number of the funnel section in the table's language, "-" for null. */
static const char *
num(const struct ctx *k, const json_t *v, char *buf, size_t cap)
{
	if (json_is_integer(v))
		snprintf(buf, cap, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
	else if (json_is_real(v))	/* past 1e9 %.2f shows digits a
					 * double does not hold: 1.84e+20 */
		cjm_num_local(buf, cap, fabs(json_real_value(v)) < 1e9 ?
		    "%.2f" : "%.3g", json_real_value(v), k->ru);
	else
		snprintf(buf, cap, "-");
	return buf;
}

/* A rate with its % sign, or "-" when it is null (nothing to divide
 * by): "0 (-%)" read as a broken number. */
static const char *
pct(const struct ctx *k, const json_t *v, char *buf, size_t cap)
{
	size_t n;

	if (!json_is_number(v))
		return num(k, v, buf, cap);
	num(k, v, buf, cap > 0 ? cap - 1 : 0);
	n = strlen(buf);
	buf[n] = '%';
	buf[n + 1] = '\0';
	return buf;
}

/* Seconds as people read them: 45s, 5m 30s, 2h 05m, 3d 4h (Russian:
 * 45 с, 5 мин 30 с, ...). */
static const char *
human_time(const struct ctx *k, const json_t *v, char *buf, size_t cap)
{
	double s = json_number_value(v);
	long n = (long)(s + 0.5);
	const char *sp = k->ru ? " " : "";
	char one[32];

	if (!json_is_number(v))
		snprintf(buf, cap, "-");
	else if (s < 10)
		cjm_snprintf(buf, cap, "%s%s%s", cjm_num_local(one, sizeof(one),
		    "%.1f", s, k->ru), sp, L(L_S));
	else if (n < 60)
		snprintf(buf, cap, "%ld%s%s", n, sp, L(L_S));
	else if (n < 3600)
		snprintf(buf, cap, "%ld%s%s %02ld%s%s", n / 60, sp, L(L_M),
		    n % 60, sp, L(L_S));
	else if (n < 86400)
		snprintf(buf, cap, "%ld%s%s %02ld%s%s", n / 3600, sp, L(L_H),
		    n % 3600 / 60, sp, L(L_M));
	else
		snprintf(buf, cap, "%ld%s%s %ld%s%s", n / 86400, sp, L(L_D),
		    n % 86400 / 3600, sp, L(L_H));
	return buf;
}

static const char *
str_of(const json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : "-";
}

/* The stage's owner (cjm(5)), or NULL when it has none. */
static const char *
owner_of(const json_t *st)
{
	const char *o = json_string_value(json_object_get(st, "owner"));

	return o != NULL && *o != '\0' ? o : NULL;
}

/* The name of the stage with this id (the summary names stages by id),
 * with its owner when it has one: the biggest loss has a name. */
static const char *
stage_name(const json_t *map, const json_t *id, char *buf, size_t cap)
{
	const json_t *st;
	size_t i;

	json_array_foreach(json_object_get(map, "stages"), i, st)
		if (json_equal(json_object_get(st, "id"), id)) {
			snprintf(buf, cap, "%s%s%s%s", str_of(json_object_get(st,
			    "name")), owner_of(st) ? " [" : "", owner_of(st) ?
			    owner_of(st) : "", owner_of(st) ? "]" : "");
			return buf;
		}
	return str_of(id);
}

static void
stage_row(const struct ctx *k, struct cjm_tab *t, size_t r, const json_t *st)
{
	const json_t *fu = json_object_get(st, "funnel");
	char b[64], d[32];

	cjm_tab_set(t, r, 0, "%s", str_of(json_object_get(st, "name")));
	cjm_tab_set(t, r, 1, "%s", num(k, json_object_get(fu, "count"), b,
	    sizeof(b)));
	cjm_tab_set(t, r, 2, "%s", num(k, json_object_get(fu, "pct_previous"),
	    b, sizeof(b)));
	cjm_tab_set(t, r, 3, "%s", num(k, json_object_get(fu, "pct_start"), b,
	    sizeof(b)));
	if (json_is_null(json_object_get(fu, "dropped")) ||
	    json_object_get(fu, "dropped") == NULL)
		cjm_tab_set(t, r, 4, "-");
	else
		cjm_tab_set(t, r, 4, "%s (%s)", num(k, json_object_get(fu,
		    "dropped"), d, sizeof(d)), pct(k, json_object_get(fu,
		    "drop_pct"), b, sizeof(b)));
	cjm_tab_set(t, r, 5, "%s", human_time(k, json_object_get(
	    json_object_get(fu, "time"), "median"), b, sizeof(b)));
	if (t->cols > 6)	/* a management map: who owns the stage */
		cjm_tab_set(t, r, 6, "%s", owner_of(st) ? owner_of(st) : "-");
}

/* Does any stage name its owner (type: management)? */
static int
has_owners(const json_t *stages)
{
	const json_t *st;
	size_t i;

	json_array_foreach(stages, i, st)
		if (owner_of(st) != NULL)
			return 1;
	return 0;
}

static int
stages_part(const struct ctx *k, const json_t *map)
{
	const json_t *stages = json_object_get(map, "stages"), *st;
	struct cjm_tab t;
	size_t i, cols = has_owners(stages) ? 7 : 6;
	size_t c;

	if (cjm_tab_init(&t, json_array_size(stages) + 1, cols, "lrrrrrl") != 0)
		return -1;
	for (c = 0; c < 6; c++)
		cjm_tab_set(&t, 0, c, "%s", L(L_STAGE + (int)c));
	if (cols > 6)
		cjm_tab_set(&t, 0, 6, "%s", L(L_OWNER));
	json_array_foreach(stages, i, st)
		stage_row(k, &t, i + 1, st);
	fprintf(k->fp, "%s\n", str_of(json_object_get(map, "title")));
	cjm_tab_print(k->fp, &t);
	cjm_tab_free(&t);
	return 0;
}

/* converted N of M (P%); biggest loss: by count and by rate. */
static void
summary_part(const struct ctx *k, const json_t *map)
{
	const json_t *sum = json_object_get(map, "funnel");
	const json_t *bl = json_object_get(sum, "biggest_loss");
	const json_t *bc = json_object_get(bl, "count");
	const json_t *br = json_object_get(bl, "rate");
	char a[32], b[32], c[32], n1[512], n2[512];
	/* "1 customer", "2 customers"; «ушёл 1», «ушли 2». */
	json_int_t nd = json_integer_value(json_object_get(bc, "dropped"));
	const char *left = cjm_plural(nd < 0 ? 0 : (unsigned long long)nd,
	    k->ru, k->ru ? "ушёл" : "customer", L(L_LEFT), L(L_LEFT));

	fprintf(k->fp, "%s %s %s %s (%s)\n", L(L_CONV), num(k,
	    json_object_get(sum, "converted"), a, sizeof(a)), L(L_OF),
	    num(k, json_object_get(sum, "entered"), b, sizeof(b)), pct(k,
	    json_object_get(sum, "pct"), c, sizeof(c)));
	if (json_integer_value(json_object_get(sum, "skipped")) > 0)
		fprintf(k->fp, "%s: %s\n", L(L_SKIPPED), num(k,
		    json_object_get(sum, "skipped"), a, sizeof(a)));
	if (!json_is_object(bl))
		return;
	fprintf(k->fp, "%s: %s (%s %s) %s, %s (%s) %s\n", L(L_LOSS),
	    stage_name(map, json_object_get(bc, "stage"), n1, sizeof(n1)),
	    k->ru ? left : num(k, json_object_get(bc, "dropped"), a,
	    sizeof(a)), k->ru ? num(k, json_object_get(bc, "dropped"), a,
	    sizeof(a)) : left, L(L_BYCOUNT), stage_name(map,
	    json_object_get(br, "stage"), n2, sizeof(n2)), pct(k,
	    json_object_get(br, "drop_pct"), b, sizeof(b)), L(L_BYRATE));
}

/* With --by: a row per value under the table. */
static int
breakdown_part(const struct ctx *k, const json_t *sum)
{
	const json_t *rows = json_object_get(sum, "breakdown"), *r;
	const char *by = json_string_value(json_object_get(json_object_get(
	    sum, "settings"), "by"));
	struct cjm_tab t;
	char b[32];
	size_t i;

	if (!json_is_array(rows) || by == NULL)
		return 0;
	if (cjm_tab_init(&t, json_array_size(rows) + 1, 4, "lrrr") != 0)
		return -1;
	cjm_tab_set(&t, 0, 0, "%s", L(L_VALUE));
	cjm_tab_set(&t, 0, 1, "%s", L(L_ENTERED));
	cjm_tab_set(&t, 0, 2, "%s", L(L_CONVERTED));
	cjm_tab_set(&t, 0, 3, "%%");
	json_array_foreach(rows, i, r) {
		cjm_tab_set(&t, i + 1, 0, "%s", str_of(json_object_get(r,
		    "value")));
		cjm_tab_set(&t, i + 1, 1, "%s", num(k, json_object_get(r,
		    "entered"), b, sizeof(b)));
		cjm_tab_set(&t, i + 1, 2, "%s", num(k, json_object_get(r,
		    "converted"), b, sizeof(b)));
		cjm_tab_set(&t, i + 1, 3, "%s", num(k, json_object_get(r,
		    "pct"), b, sizeof(b)));
	}
	fprintf(k->fp, "%s %s:\n", L(L_BY), by);
	cjm_tab_print(k->fp, &t);
	cjm_tab_free(&t);
	return 0;
}

char *
cjm_funnel_table(const json_t *map, const char *lang)
{
	struct ctx k;
	char *buf = NULL;
	size_t len = 0;
	int bad;

	if (lang == NULL)
		lang = json_string_value(json_object_get(map, "lang"));
	k.ru = strcmp(cjm_maturity_lang(lang), "ru") == 0;
	if ((k.fp = open_memstream(&buf, &len)) == NULL)
		return NULL;
	bad = stages_part(&k, map);
	summary_part(&k, map);
	bad = bad || breakdown_part(&k, json_object_get(map, "funnel"));
	if (fclose(k.fp) != 0 || bad) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* A CSV field: quoted when it has to be (RFC 4180). */
static void
csv_field(FILE *fp, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, fp);
		return;
	}
	putc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', fp);
		putc(*s, fp);
	}
	putc('"', fp);
}

static void
csv_row(FILE *fp, const json_t *st)
{
	static const char *const keys[] = { "count", "pct_previous",
	    "pct_start", "dropped", "drop_pct" };
	static const char *const tk[] = { "median", "p90", "mean" };
	const json_t *fu = json_object_get(st, "funnel");
	const json_t *t = json_object_get(fu, "time"), *v;
	size_t k;

	csv_field(fp, str_of(json_object_get(st, "id")));
	putc(',', fp);
	csv_field(fp, str_of(json_object_get(st, "name")));
	for (k = 0; k < 5; k++) {
		v = json_object_get(fu, keys[k]);
		if (json_is_integer(v))
			fprintf(fp, ",%" JSON_INTEGER_FORMAT,
			    json_integer_value(v));
		else if (json_is_real(v))	/* as num(): no made-up digits */
			fprintf(fp, fabs(json_real_value(v)) < 1e9 ? ",%.2f" :
			    ",%.3g", json_real_value(v));
		else
			putc(',', fp);
	}
	for (k = 0; k < 3; k++) {
		v = json_object_get(t, tk[k]);
		if (json_is_number(v))
			fprintf(fp, ",%.3f", json_number_value(v));
		else
			putc(',', fp);
	}
	putc('\n', fp);
}

char *
cjm_funnel_csv(const json_t *map)
{
	const json_t *st;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&buf, &len);

	if (fp == NULL)
		return NULL;
	fputs("stage,name,customers,pct_previous,pct_start,dropped,drop_pct,"
	    "median_s,p90_s,mean_s\n", fp);
	json_array_foreach(json_object_get(map, "stages"), i, st)
		csv_row(fp, st);
	if (fclose(fp) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}
