/* test_grow.c: the doubling array growth every module shares. */
#include <stdint.h>

#include "unit.h"
#include "grow.h"

START_TEST(doubling)
{
	static const struct {
		size_t cap, n, first, want;
	} t[] = {
		{ 0, 0, 16, 16 },	/* first item: the first size */
		{ 16, 15, 16, 16 },	/* room left: unchanged */
		{ 16, 16, 16, 32 },	/* full: doubles */
		{ 32, 32, 16, 64 },
		{ 0, 40, 16, 64 },	/* far past: doubles until it fits */
		{ 4, 100, 16, 128 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		size_t cap = t[i].cap;
		int *v = t[i].cap ? calloc(t[i].cap, sizeof(*v)) : NULL;

		ck_assert_int_eq(cjm_grow(&v, &cap, t[i].n, sizeof(*v),
		    t[i].first), 0);
		ck_assert_uint_eq(cap, t[i].want);
		v[t[i].n] = 7;	/* the item fits (ASan checks) */
		free(v);
	}
}
END_TEST

START_TEST(overflow_refused)
{
	static const struct {
		size_t cap, n, elem;
	} t[] = {
		{ SIZE_MAX / 2 + 1, SIZE_MAX / 2 + 1, 1 },	/* cap doubling */
		{ 1024, 1024, SIZE_MAX / 1024 },		/* bytes */
		{ 16, 16, 0 },					/* no size */
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		size_t cap = t[i].cap;
		char *v = NULL;

		ck_assert_int_eq(cjm_grow(&v, &cap, t[i].n, t[i].elem, 16),
		    -1);
		ck_assert_uint_eq(cap, t[i].cap);	/* left as it was */
		ck_assert_ptr_null(v);
	}
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("grow");
	TCase *tc = tcase_create("grow");

	tcase_add_test(tc, doubling);
	tcase_add_test(tc, overflow_refused);
	suite_add_tcase(s, tc);
	return s;
}
