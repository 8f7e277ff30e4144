/* test_schema.c: the JSON Schema cjm_map_schema makes from the checker's
 * tables says what the tables say. */
#include "unit.h"

/* A member by a path of keys, "/" separated ("~1" is a "/"). */
static const json_t *
at(const json_t *v, const char *path)
{
	char key[64];

	while (v != NULL && *path == '/') {
		size_t n = strcspn(path + 1, "/");

		snprintf(key, sizeof(key), "%.*s", (int)n, path + 1);
		v = json_object_get(v, key);
		path += n + 1;
	}
	return v;
}

static const struct {
	const char *path, *want;	/* want: the value as compact JSON */
} cases[] = {
	{ "/$schema", "\"https://json-schema.org/draft/2020-12/schema\"" },
	{ "/required", "[\"cjm\", \"title\", \"stages\"]" },
	{ "/properties/cjm/const", "1" },
	{ "/additionalProperties", "false" },
	{ "/patternProperties/^x-", "true" },
	{ "/properties/title/minLength", "1" },
	{ "/properties/stages/items/required", "[\"id\", \"name\"]" },
	{ "/properties/stages/items/properties/id/pattern",
	  "\"^[a-z0-9][a-z0-9_-]*$\"" },
	{ "/properties/stages/items/properties/funnel/properties/count/type",
	  "[\"integer\", \"null\"]" },
	{ "/properties/stages/items/properties/funnel/properties/count/minimum",
	  "0" },
	{ "/properties/maturity/properties/level/maximum", "5" },
	{ "/properties/maturity/additionalProperties", "false" },	/* strict */
	{ "/properties/type/enum", "[\"conversion\", \"management\", "
	  "\"assessment\", \"design\", \"customer-view\", \"checklist\", "
	  "\"training\", null]" },
};

START_TEST(member)
{
	json_t *s = cjm_map_schema(), *want;
	const json_t *got;

	ck_assert_ptr_nonnull(s);
	want = json_loads(cases[_i].want, JSON_DECODE_ANY, NULL);
	ck_assert_ptr_nonnull(want);
	got = at(s, cases[_i].path);
	ck_assert_msg(got != NULL && json_equal(got, want), "%s: want %s",
	    cases[_i].path, cases[_i].want);
	json_decref(want);
	json_decref(s);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("schema");
	TCase *tc = tcase_create("schema");

	tcase_add_loop_test(tc, member, 0, sizeof(cases) / sizeof(cases[0]));
	suite_add_tcase(s, tc);
	return s;
}
