/* test_map.c: the format's tables and the shared map facts (lib/map.c). */
#include "unit.h"

START_TEST(types_and_channels)
{
	ck_assert_uint_eq(cjm_map_types_count, 7);
	ck_assert_str_eq(cjm_map_types[0], "conversion");
	ck_assert_str_eq(cjm_map_types[6], "training");
	ck_assert_uint_eq(cjm_channels_count, 14);
	ck_assert_str_eq(cjm_channels[12], "word-of-mouth");
	ck_assert_uint_eq(cjm_lanes_count, 15);
	ck_assert_str_eq(cjm_lanes[5], "emotion");
	ck_assert_str_eq(cjm_maturity_stages[2], "mobilize");
}
END_TEST

START_TEST(fits)
{
	static const struct { int level; size_t n; const char *first; } t[] = {
		{ 1, 4, "conversion" }, { 2, 4, "conversion" },
		{ 3, 1, "customer-view" }, { 4, 2, "checklist" },
		{ 5, 2, "checklist" }, { 0, 0, NULL }, { 6, 0, NULL },
		{ -1, 0, NULL },
	};
	size_t i, n;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *const *f = cjm_maturity_fits(t[i].level, &n);

		ck_assert_uint_eq(n, t[i].n);
		if (t[i].first == NULL) {
			ck_assert_ptr_null(f);
			continue;
		}
		ck_assert_str_eq(f[0], t[i].first);
		ck_assert_ptr_null(f[n]);
	}
}
END_TEST

START_TEST(labels)
{
	static const struct { const char *lane, *lang, *want; } t[] = {
		{ "goals", "en", "Goals" },
		{ "goals", "ru", "Задачи клиента" },
		{ "pain_points", "ru-RU", "Болевые точки" },
		{ "backstage", "RU", "За сценой" },
		{ "frontstage", "de", "Front stage" },
		{ "support", NULL, "Support" },
		{ "feelings", "ru", "Что мы испытываем" },
		{ "emotion", "rus", "Emotion" },
		{ "nope", "en", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *got = cjm_lane_label(t[i].lane, t[i].lang);

		if (t[i].want == NULL)
			ck_assert_ptr_null(got);
		else
			ck_assert_str_eq(got, t[i].want);
	}
	for (i = 0; i < cjm_lanes_count; i++) {
		ck_assert_ptr_nonnull(cjm_lane_label(cjm_lanes[i], "en"));
		ck_assert_ptr_nonnull(cjm_lane_label(cjm_lanes[i], "ru"));
	}
}
END_TEST

START_TEST(scales)
{
	static const struct { const char *json; double min, max; } t[] = {
		{ "{}", 1, 5 },
		{ "{\"emotion_scale\": [-2, 2]}", -2, 2 },
		{ "{\"emotion_scale\": [0, 10.5]}", 0, 10.5 },
		{ "{\"emotion_scale\": [5, 1]}", 1, 5 },
		{ "{\"emotion_scale\": [1, 2, 3]}", 1, 5 },
		{ "{\"emotion_scale\": \"1..5\"}", 1, 5 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		json_t *m = json_loads(t[i].json, 0, NULL);
		double lo, hi;

		cjm_map_emotion_scale(m, &lo, &hi);
		ck_assert_double_eq(lo, t[i].min);
		ck_assert_double_eq(hi, t[i].max);
		json_decref(m);
	}
}
END_TEST

START_TEST(events)
{
	static const struct { const char *json; size_t n; const char *a, *b; }
	    t[] = {
		{ "{\"id\": \"pay\"}", 1, "pay", NULL },
		{ "{\"id\": \"pay\", \"events\": \"paid\"}", 1, "paid", NULL },
		{ "{\"id\": \"pay\", \"events\": [\"a\", \"b\"]}", 2, "a", "b" },
		{ "{\"id\": \"pay\", \"events\": []}", 1, "pay", NULL },
		{ "{\"events\": [\"a\", \"b\", \"c\"]}", 2, "a", "b" },
		{ "{}", 0, NULL, NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		json_t *s = json_loads(t[i].json, 0, NULL);
		const char *names[2] = { NULL, NULL };

		ck_assert_uint_eq(cjm_stage_events(s, names, 2), t[i].n);
		if (t[i].a)
			ck_assert_str_eq(names[0], t[i].a);
		if (t[i].b)
			ck_assert_str_eq(names[1], t[i].b);
		json_decref(s);
	}
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("map");
	TCase *tc = tcase_create("map");

	tcase_add_test(tc, types_and_channels);
	tcase_add_test(tc, fits);
	tcase_add_test(tc, labels);
	tcase_add_test(tc, scales);
	tcase_add_test(tc, events);
	suite_add_tcase(s, tc);
	return s;
}
