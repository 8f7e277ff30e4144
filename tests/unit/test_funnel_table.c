/* test_funnel_table.c: the funnel's table (English, Russian) and CSV,
 * and the aligned grid and local numbers they are made of. */
#include <stdio.h>

#include "unit.h"
#include "cjm_funnel.h"
#include "tab.h"

/* A map as cjm_funnel_annotate leaves it: stages' funnel, summary. */
static const char map_json[] =
	"{\"cjm\":1,\"title\":\"Shop\",\"lang\":\"%s\",\"stages\":["
	"{\"id\":\"visit\",\"name\":\"Visit, first\",\"funnel\":{\"count\":200,"
	"\"pct_previous\":null,\"pct_start\":100.0,\"dropped\":null,"
	"\"drop_pct\":null}},"
	"{\"id\":\"buy\",\"name\":\"Покупка\",\"funnel\":{\"count\":50,"
	"\"pct_previous\":25.0,\"pct_start\":25.0,\"dropped\":150,"
	"\"drop_pct\":75.0,\"time\":{\"median\":330.0,\"p90\":7200.0,"
	"\"mean\":4.25}}}],"
	"\"funnel\":{\"entered\":200,\"converted\":50,\"pct\":25.0,"
	"\"biggest_loss\":{\"count\":{\"stage\":\"buy\",\"dropped\":150},"
	"\"rate\":{\"stage\":\"buy\",\"drop_pct\":75.0}},"
	"\"settings\":{\"by\":\"channel\"},\"breakdown\":[{\"value\":\"ads\","
	"\"entered\":120,\"converted\":30,\"pct\":25.0}]}}";

static const struct {
	const char *map_lang, *lang;	/* lang NULL: the map's */
	const char *want[6];
} table_cases[] = {
	{ "en", NULL, { "stage", "customers", "150 (75.00%)", "5m 30s",
	    "biggest loss: Покупка (150 customers) by count", "by channel:" } },
	{ "ru", NULL, { "этап", "клиентов", "150 (75,00%)", "5 мин 30 с",
	    "наибольшая потеря: Покупка (ушли 150) по числу", "по channel:" } },
	{ "ru-RU", "en", { "stage", "converted 50 of 200 (25.00%)",
	    "100.00", "ads", "by rate", "median time" } },
	{ "en", "ru", { "дошли до конца 50 из 200 (25,00%)", "100,00",
	    "значение", "по доле", "медиана времени", "Visit, first" } },
};

static json_t *
load_map(const char *lang)
{
	char buf[sizeof(map_json) + 16];
	json_t *m;

	snprintf(buf, sizeof(buf), map_json, lang);
	m = json_loads(buf, 0, NULL);
	ck_assert_ptr_nonnull(m);
	return m;
}

START_TEST(table)
{
	json_t *m = load_map(table_cases[_i].map_lang);
	char *t = cjm_funnel_table(m, table_cases[_i].lang);
	size_t k;

	ck_assert_ptr_nonnull(t);
	for (k = 0; k < 6; k++)
		ck_assert_msg(strstr(t, table_cases[_i].want[k]) != NULL,
		    "case %d: no '%s' in:\n%s", _i, table_cases[_i].want[k], t);
	/* The stage's id is not what people read. */
	ck_assert_ptr_null(strstr(t, "(buy"));
	free(t);
	json_decref(m);
}
END_TEST

START_TEST(csv)
{
	json_t *m = load_map("ru");
	char *t = cjm_funnel_csv(m);

	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t, "stage,name,customers,pct_previous,pct_start,"
	    "dropped,drop_pct,median_s,p90_s,mean_s\n"
	    "visit,\"Visit, first\",200,,100.00,,,,,\n"
	    "buy,Покупка,50,25.00,25.00,150,75.00,330.000,7200.000,4.250\n");
	free(t);
	json_decref(m);
}
END_TEST

static const struct {
	const char *fmt;
	double v;
	int comma;
	const char *want;
} num_cases[] = {
	{ "%.2f", 3.125, 0, "3.13" }, { "%.2f", 3.125, 1, "3,13" },
	{ "%.2f", -0.005, 0, "-0.01" }, { "%g", 2.5, 1, "2,5" },
	{ "%g", 4, 1, "4" }, { "%.1f", 0.25, 0, "0.2" },
};

START_TEST(num_local)
{
	char buf[32];

	ck_assert_str_eq(cjm_num_local(buf, sizeof(buf), num_cases[_i].fmt,
	    num_cases[_i].v, num_cases[_i].comma), num_cases[_i].want);
}
END_TEST

START_TEST(grid)
{
	struct cjm_tab t;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_int_eq(cjm_tab_init(&t, 3, 3, "lrl"), 0);
	cjm_tab_set(&t, 0, 0, "этап");
	cjm_tab_set(&t, 0, 1, "n");
	cjm_tab_set(&t, 0, 2, "x");
	cjm_tab_set(&t, 1, 0, "a");
	cjm_tab_set(&t, 1, 1, "%d", 1234);
	cjm_tab_set(&t, 2, 0, "длинный");
	cjm_tab_set(&t, 2, 1, "5");
	cjm_tab_set(&t, 2, 2, "end");
	cjm_tab_print(fp, &t);
	cjm_tab_free(&t);
	fclose(fp);
	/* Widths count code points; a last column is not padded. */
	ck_assert_str_eq(buf, "этап        n  x\n"
	    "a        1234  \n"
	    "длинный     5  end\n");
	ck_assert_uint_eq(cjm_text_width("Зрелость"), 8);
	free(buf);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("funnel_table");
	TCase *tc = tcase_create("funnel_table");

	tcase_add_loop_test(tc, table, 0, sizeof(table_cases) /
	    sizeof(table_cases[0]));
	tcase_add_test(tc, csv);
	tcase_add_loop_test(tc, num_local, 0, sizeof(num_cases) /
	    sizeof(num_cases[0]));
	tcase_add_test(tc, grid);
	suite_add_tcase(s, tc);
	return s;
}
