/* test_grow.c: the array growth every module shares. */
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

START_TEST(resize)
{
	static const struct {
		size_t from, to, elem;
		int rc;
	} t[] = {
		{ 0, 16, 4, 0 },		/* from nothing */
		{ 16, 24, 4, 0 },		/* by half, keeping the items */
		{ 24, 8, 4, 0 },		/* shrinking keeps the first */
		{ 16, 0, 4, -1 },		/* no items */
		{ 16, 16, 0, -1 },		/* no size */
		{ 16, SIZE_MAX / 2, 4, -1 },	/* bytes overflow */
	};
	size_t i, j;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint32_t *v = t[i].from ? calloc(t[i].from, sizeof(*v)) : NULL,
		    *was = v;

		for (j = 0; j < t[i].from; j++)
			v[j] = (uint32_t)j + 1;
		ck_assert_int_eq(cjm_resize(&v, t[i].to, t[i].elem), t[i].rc);
		if (t[i].rc != 0)
			ck_assert_ptr_eq(v, was);	/* left as it was */
		else {
			for (j = 0; j < t[i].from && j < t[i].to; j++)
				ck_assert_uint_eq(v[j], j + 1);
			v[t[i].to - 1] = 7;	/* the last item fits */
		}
		free(v);
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
	tcase_add_test(tc, resize);
	suite_add_tcase(s, tc);
	return s;
}
