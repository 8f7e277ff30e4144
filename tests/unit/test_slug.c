/* test_slug.c: slugs and the Cyrillic transliteration (cjm_slug.h). */
#include "unit.h"
#include "cjm_slug.h"

START_TEST(slugs_made)
{
	static const struct { const char *name, *want; size_t size; } t[] = {
		{ "симптом", "simptom", 64 },
		{ "Оформление заказа", "oformlenie-zakaza", 64 },
		{ "Check Out!", "check-out", 64 },
		{ "Pay", "pay", 64 },
		{ "Щука и ёж", "shchuka-i-ezh", 64 },
		{ "Подъезд, объём", "podezd-obem", 64 },
		{ "Юля Яковлева", "yulya-yakovleva", 64 },
		{ "Хлеб-соль", "khleb-sol", 64 },
		{ "Їжак Ґанок", "yizhak-ganok", 64 },
		{ "  __a__  ", "a", 64 },
		{ "step_2", "step_2", 64 },
		{ "😀 中文", "", 64 },
		{ "оплата 😀 картой", "oplata-kartoy", 64 },
		{ "a very long name indeed", "a-very-long", 14 },
		{ "abcdefghij", "abcdefg", 8 },
		{ "", "", 8 },
		{ "\xFF\xFE bad", "bad", 16 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char buf[64];
		size_t n = cjm_slug_make(t[i].name, buf, t[i].size);

		ck_assert_msg(strcmp(buf, t[i].want) == 0, "%s -> '%s', want "
		    "'%s'", t[i].name, buf, t[i].want);
		ck_assert_uint_eq(n, strlen(buf));
		ck_assert(n == 0 || cjm_slug_valid(buf));
	}
}
END_TEST

START_TEST(translit_keeps_case_and_others)
{
	static const struct { const char *s, *want; } t[] = {
		{ "Щука", "Shchuka" },
		{ "Москва, 2024 — café", "Moskva, 2024 — café" },
		{ "ЮЛЯ", "YuLYa" },
	};
	size_t i;
	char buf[64];

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cjm_translit(t[i].s, buf, sizeof(buf));
		ck_assert_str_eq(buf, t[i].want);
	}
	/* Never a cut character: 'ш' needs two bytes, not one. */
	ck_assert_uint_eq(cjm_translit("аш", buf, 3), 1);
	ck_assert_str_eq(buf, "a");
}
END_TEST

START_TEST(slug_valid)
{
	ck_assert(cjm_slug_valid("a-b_c9"));
	ck_assert(cjm_slug_valid("9"));
	ck_assert(!cjm_slug_valid(""));
	ck_assert(!cjm_slug_valid("-a"));
	ck_assert(!cjm_slug_valid("A"));
	ck_assert(!cjm_slug_valid("симптом"));
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("slug");
	TCase *tc = tcase_create("slug");

	tcase_add_test(tc, slugs_made);
	tcase_add_test(tc, translit_keeps_case_and_others);
	tcase_add_test(tc, slug_valid);
	suite_add_tcase(s, tc);
	return s;
}
