/* test_plural.c: the form of a noun after a count, English and Russian
 * ("1 customers" was printed; «1 клиентов» too). */
#include "unit.h"
#include "num.h"

START_TEST(forms)
{
	static const struct {
		unsigned long long n;
		int ru;
		const char *want;
	} t[] = {
		{ 0, 0, "many" }, { 1, 0, "one" }, { 2, 0, "many" },
		{ 11, 0, "many" }, { 21, 0, "many" },
		{ 0, 1, "many" }, { 1, 1, "one" }, { 2, 1, "few" },
		{ 4, 1, "few" }, { 5, 1, "many" }, { 11, 1, "many" },
		{ 12, 1, "many" }, { 14, 1, "many" }, { 21, 1, "one" },
		{ 22, 1, "few" }, { 25, 1, "many" }, { 101, 1, "one" },
		{ 111, 1, "many" }, { 112, 1, "many" }, { 1002, 1, "few" },
		{ 18446744073709551615ULL, 1, "many" },	/* ...615: 5 */
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ck_assert_msg(strcmp(cjm_plural(t[i].n, t[i].ru, "one", "few",
		    "many"), t[i].want) == 0, "%llu (%s): %s", t[i].n,
		    t[i].ru ? "ru" : "en", cjm_plural(t[i].n, t[i].ru, "one",
		    "few", "many"));
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("plural");
	TCase *tc = tcase_create("plural");

	tcase_add_test(tc, forms);
	suite_add_tcase(s, tc);
	return s;
}
