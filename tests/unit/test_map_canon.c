/* test_map_canon.c: cjm_map_canonical: key order, short forms made
 * long, empty lists dropped, extensions kept untouched. */
#include "unit.h"

static const struct { const char *in, *want; } rows[] = {
	/* The format's key order; x- keys after, in input order. */
	{ "{\"stages\": [], \"x-b\": 1, \"title\": \"T\", \"x-a\": 2, "
	  "\"cjm\": 1}",
	  "{\"cjm\":1,\"title\":\"T\",\"x-b\":1,\"x-a\":2}" },
	{ "{\"cjm\": 1, \"stages\": [{\"name\": \"N\", \"emotion\": 3, "
	  "\"goals\": \"g\", \"id\": \"a\"}]}",
	  "{\"cjm\":1,\"stages\":[{\"id\":\"a\",\"name\":\"N\",\"goals\":"
	  "[\"g\"],\"emotion\":3}]}" },
	/* Bare touchpoints and pain points become mappings. */
	{ "{\"stages\": [{\"id\": \"a\", \"touchpoints\": [\"Web\", "
	  "{\"channel\": \"web\", \"name\": \"App\"}], \"pain_points\": "
	  "\"Slow\"}]}",
	  "{\"stages\":[{\"id\":\"a\",\"touchpoints\":[{\"name\":\"Web\"},"
	  "{\"name\":\"App\",\"channel\":\"web\"}],\"pain_points\":[{\"text\":"
	  "\"Slow\"}]}]}" },
	{ "{\"stages\": [{\"touchpoints\": \"Phone\"}]}",
	  "{\"stages\":[{\"touchpoints\":[{\"name\":\"Phone\"}]}]}" },
	/* Empty lists and nulls are the same as absent. */
	{ "{\"stages\": [{\"id\": \"a\", \"goals\": [], \"subtitle\": null, "
	  "\"metrics\": []}], \"transitions\": []}",
	  "{\"stages\":[{\"id\":\"a\"}]}" },
	/* Extensions are not looked into. */
	{ "{\"x-a\": {\"goals\": \"g\", \"z\": [], \"a\": null}}",
	  "{\"x-a\":{\"goals\":\"g\",\"z\":[],\"a\":null}}" },
	/* Tool sections: known keys first, nulls kept, others after. */
	{ "{\"funnel\": {\"extra\": 1, \"pct\": null, \"source\": \"counts\"}}",
	  "{\"funnel\":{\"source\":\"counts\",\"pct\":null,\"extra\":1}}" },
	{ "{\"stages\": [{\"funnel\": {\"pct_start\": 50, \"count\": 5, "
	  "\"time\": {\"mean\": null, \"median\": 2}}}]}",
	  "{\"stages\":[{\"funnel\":{\"count\":5,\"pct_start\":50,\"time\":"
	  "{\"median\":2,\"mean\":null}}}]}" },
	{ "{\"maturity\": {\"level\": 2, \"fits\": [\"design\"], "
	  "\"organization\": \"A\"}}",
	  "{\"maturity\":{\"organization\":\"A\",\"level\":2,\"fits\":"
	  "[\"design\"]}}" },
	{ "{\"persona\": {\"photo\": \"p.png\", \"goals\": \"g\", "
	  "\"name\": \"P\"}, \"transitions\": [{\"to\": \"b\", \"from\": "
	  "\"a\"}], \"metrics\": [{\"kind\": \"nps\", \"name\": \"m\"}]}",
	  "{\"persona\":{\"name\":\"P\",\"goals\":[\"g\"],\"photo\":\"p.png\"},"
	  "\"transitions\":[{\"from\":\"a\",\"to\":\"b\"}],\"metrics\":"
	  "[{\"name\":\"m\",\"kind\":\"nps\"}]}" },
};

START_TEST(canonical)
{
	json_t *in = json_loads(rows[_i].in, 0, NULL), *out;
	char *got;

	ck_assert_ptr_nonnull(in);
	out = cjm_map_canonical(in);
	ck_assert_ptr_nonnull(out);
	got = json_dumps(out, JSON_COMPACT);
	ck_assert_str_eq(got, rows[_i].want);
	free(got);
	json_decref(out);
	json_decref(in);
}
END_TEST

/* The input is not changed, and canonical twice is canonical once. */
START_TEST(stable)
{
	const char *text = "{\"cjm\": 1, \"stages\": [{\"id\": \"a\", "
	    "\"touchpoints\": \"W\", \"goals\": \"g\"}]}";
	json_t *in = json_loads(text, 0, NULL), *copy = json_deep_copy(in);
	json_t *once = cjm_map_canonical(in), *twice = cjm_map_canonical(once);

	ck_assert(json_equal(in, copy));
	ck_assert(json_equal(once, twice));
	json_decref(in);
	json_decref(copy);
	json_decref(once);
	json_decref(twice);
}
END_TEST

/* A stage's lanes come out in cjm_lanes' order, the renderer's, from
 * any input order. */
START_TEST(lane_order)
{
	json_t *stage = json_object(), *map, *out;
	const char *key;
	json_t *v;
	size_t i = cjm_lanes_count, k = 0;

	while (i-- > 0)
		json_object_set_new(stage, cjm_lanes[i],
		    strcmp(cjm_lanes[i], "emotion") == 0 ? json_integer(3) :
		    json_string("x"));
	map = json_pack("{s[o]}", "stages", stage);
	out = cjm_map_canonical(map);
	json_object_foreach(json_array_get(json_object_get(out, "stages"), 0),
	    key, v) {
		ck_assert_uint_lt(k, cjm_lanes_count);
		ck_assert_str_eq(key, cjm_lanes[k]);
		k++;
	}
	ck_assert_uint_eq(k, cjm_lanes_count);
	json_decref(out);
	json_decref(map);
}
END_TEST

START_TEST(not_a_map)
{
	json_t *a = json_array();

	ck_assert_ptr_null(cjm_map_canonical(a));
	ck_assert_ptr_null(cjm_map_canonical(NULL));
	json_decref(a);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("map_canon");
	TCase *tc = tcase_create("map_canon");

	tcase_add_loop_test(tc, canonical, 0, (int)(sizeof(rows) /
	    sizeof(rows[0])));
	tcase_add_test(tc, stable);
	tcase_add_test(tc, lane_order);
	tcase_add_test(tc, not_a_map);
	suite_add_tcase(s, tc);
	return s;
}
