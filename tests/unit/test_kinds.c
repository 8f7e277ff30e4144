/* test_kinds.c: the seed's other map kinds: decisions, owners, personas
 * through the checker, the canonical form, the writers and the
 * renderer (pages, no clipping, reference images). */
#include <math.h>
#include <stdio.h>

#include "unit.h"
#include "cjm_render.h"

/* Five stages every map below shares. */
#define STAGES "stages: [{id: a, name: A, actions: [x]}, {id: b, name: B, " \
	"actions: [x]}, {id: c, name: C, actions: [x]}, {id: d, name: D, " \
	"actions: [x]}, {id: e, name: E, actions: [x]}]\n"

/* Map text, and the codes of its findings in order. */
static const struct { const char *map, *codes; } checks[] = {
	{ "cjm: 1\ntitle: T\n" STAGES, "" },
	{ "cjm: 1\ntitle: T\ntype: checklist\n" STAGES, "advice-checklist" },
	{ "cjm: 1\ntitle: T\ntype: checklist\n" STAGES "decisions: []\n",
	  "advice-checklist" },
	{ "cjm: 1\ntitle: T\ntype: checklist\n" STAGES "decisions: [{id: p, "
	  "title: P, stages: [{stage: a, conflicts: [], strengthen: []}]}]\n",
	  "" },
	{ "cjm: 1\ntitle: T\n" STAGES "decisions: [{id: p, title: P, stages: "
	  "[{stage: f, conflicts: [], strengthen: []}]}]\n", "unknown-stage" },
	{ "cjm: 1\ntitle: T\n" STAGES "decisions: [{id: p, title: P, stages: "
	  "[{stage: a}]}]\n", "open-question open-question" },
	{ "cjm: 1\ntitle: T\n" STAGES "decisions: [{id: p, title: P, stages: "
	  "[{stage: a, conflicts: null, strengthen: x}]}]\n",
	  "open-question" },
	{ "cjm: 1\ntitle: T\n" STAGES "decisions: [{id: p, title: P}]\n",
	  "open-question" },
	{ "cjm: 1\ntitle: T\n" STAGES "decisions: [{id: p, title: P, status: "
	  "maybe, stages: [{stage: a, conflicts: [], strengthen: []}]}]\n",
	  "bad-value" },
	{ "cjm: 1\ntitle: T\ntype: management\n" STAGES,
	  "advice-management" },
	{ "cjm: 1\ntitle: T\ntype: management\nstages: [{id: a, name: A, "
	  "owner: X, actions: [x]}, {id: b, name: B, actions: [x]}, {id: c, "
	  "name: C, owner: Y, actions: [x]}, {id: d, name: D, owner: Y, "
	  "actions: [x]}, {id: e, name: E, owner: Z, actions: [x]}]\n",
	  "advice-management" },
	{ "cjm: 1\ntitle: T\npersonas: [{id: m, name: M}, {id: t, name: T}]\n"
	  "stages: [{id: a, name: A, emotion: {m: 1, t: 5}}, {id: b, name: B, "
	  "emotion: 3}, {id: c, name: C, emotion: {t: 2}}, {id: d, name: D, "
	  "emotion: {}}, {id: e, name: E, actions: [x]}]\n", "" },
	{ "cjm: 1\ntitle: T\npersonas: [{id: m, name: M}]\nstages: [{id: a, "
	  "name: A, emotion: {x: 1}}, {id: b, name: B, emotion: {m: 6}}, {id: "
	  "c, name: C, emotion: true}, {id: d, name: D, actions: [x]}, {id: e, "
	  "name: E, actions: [x]}]\n",
	  "unknown-persona emotion-range wrong-type" },
	{ "cjm: 1\ntitle: T\npersona: {name: M}\npersonas: [{id: m, name: M}]\n"
	  STAGES, "persona-both" },
	{ "cjm: 1\ntitle: T\npersonas: [{id: m, name: M}, {id: m, name: N}, "
	  "{name: O}]\n" STAGES, "duplicate-id missing-key" },
	{ "cjm: 1\ntitle: T\nstages: [{id: a, name: A, emotion: {m: 1}}, "
	  "{id: b, name: B, owner: 3, actions: [x]}, {id: c, name: C, actions: "
	  "[x]}, {id: d, name: D, actions: [x]}, {id: e, name: E, actions: "
	  "[x]}]\n", "unknown-persona wrong-type" },
};

START_TEST(check_codes)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *doc = unit_load(checks[_i].map, ds);
	char got[512] = "";
	size_t i;

	cjm_map_check(doc, NULL, ds);
	for (i = 0; i < cjm_diags_count(ds); i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s",
		    i ? " " : "", cjm_diags_get(ds, i)->code);
	ck_assert_str_eq(got, checks[_i].codes);
	cjm_doc_free(doc);
	cjm_diags_free(ds);
}
END_TEST

/* --no-advice leaves the kinds' advice out too, not the open questions. */
START_TEST(no_advice)
{
	cjm_check_opts o = { 1 };
	cjm_diags *ds = cjm_diags_new();
	cjm_doc *doc = unit_load("cjm: 1\ntitle: T\ntype: management\n" STAGES
	    "decisions: [{id: p, title: P}]\n", ds);

	cjm_map_check(doc, &o, ds);
	ck_assert_uint_eq(cjm_diags_count(ds), 1);
	ck_assert_str_eq(cjm_diags_get(ds, 0)->code, "open-question");
	cjm_doc_free(doc);
	cjm_diags_free(ds);
}
END_TEST

static const struct { const char *in, *want; } canon[] = {
	/* An answered "none" is kept; an unasked question stays absent. */
	{ "{\"decisions\": [{\"stages\": [{\"strengthen\": \"s\", "
	  "\"conflicts\": [], \"stage\": \"a\"}, {\"stage\": \"b\"}], "
	  "\"status\": \"done\", \"title\": \"T\", \"id\": \"d\"}]}",
	  "{\"decisions\":[{\"id\":\"d\",\"title\":\"T\",\"status\":\"done\","
	  "\"stages\":[{\"stage\":\"a\",\"conflicts\":[],\"strengthen\":"
	  "[\"s\"]},{\"stage\":\"b\"}]}]}" },
	/* personas after persona's place, decisions after metrics. */
	{ "{\"decisions\": [], \"metrics\": [{\"name\": \"m\"}], \"personas\": "
	  "[{\"goals\": \"g\", \"name\": \"M\", \"id\": \"m\"}], \"title\": "
	  "\"T\"}",
	  "{\"title\":\"T\",\"personas\":[{\"id\":\"m\",\"name\":\"M\","
	  "\"goals\":[\"g\"]}],\"metrics\":[{\"name\":\"m\"}]}" },
	/* owner after duration; an emotion mapping as written. */
	{ "{\"stages\": [{\"emotion\": {\"t\": 2, \"m\": 1}, \"owner\": \"O\", "
	  "\"duration\": \"1 d\", \"id\": \"a\"}]}",
	  "{\"stages\":[{\"id\":\"a\",\"duration\":\"1 d\",\"owner\":\"O\","
	  "\"emotion\":{\"t\":2,\"m\":1}}]}" },
};

START_TEST(canonical)
{
	json_t *in = json_loads(canon[_i].in, 0, NULL), *out;
	char *got;

	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(out = cjm_map_canonical(in));
	got = json_dumps(out, JSON_COMPACT);
	ck_assert_str_eq(got, canon[_i].want);
	free(got);
	json_decref(out);
	json_decref(in);
}
END_TEST

struct buf {
	char *p;
	size_t n;
};

static int
put(const char *b, size_t n, void *ctx)
{
	struct buf *m = ctx;
	char *q = realloc(m->p, m->n + n + 1);

	if (q == NULL)
		return -1;
	memcpy(q + m->n, b, n);
	m->p = q;
	m->n += n;
	m->p[m->n] = '\0';
	return 0;
}

static json_t *
file_json(const char *path)
{
	json_error_t e;
	json_t *j = json_load_file(path, 0, &e);

	ck_assert_msg(j != NULL, "%s: %s", path, e.text);
	return j;
}

/* The writers pass the new fields on: JSON and YAML read back to the
 * same canonical map, checked clean. */
START_TEST(round_trip)
{
	static const char *const maps[] = { "checklist-ru", "personas",
	    "management" };
	static const unsigned flags[] = { CJM_WRITE_JSON, CJM_WRITE_YAML,
	    CJM_WRITE_PRETTY };
	char path[128];
	json_t *m, *c, *back;
	size_t f;

	snprintf(path, sizeof(path), "tests/render/kinds/%s.json", maps[_i]);
	m = file_json(path);
	for (f = 0; f < 3; f++) {
		cjm_diags *ds = cjm_diags_new();
		struct buf b = { NULL, 0 };
		cjm_doc *doc;

		ck_assert_int_eq(cjm_write(m, flags[f], put, &b, ds), CJM_OK);
		doc = unit_load(b.p, ds);
		ck_assert_int_eq(cjm_map_check(doc, NULL, ds), CJM_OK);
		ck_assert_uint_eq(cjm_diags_count_level(ds, CJM_ERROR), 0);
		c = cjm_map_canonical(cjm_doc_root(doc));
		back = cjm_map_canonical(m);
		ck_assert_msg(json_equal(c, back), "%s, flags %u", maps[_i],
		    flags[f]);
		json_decref(c);
		json_decref(back);
		cjm_doc_free(doc);
		cjm_diags_free(ds);
		free(b.p);
	}
	json_decref(m);
}
END_TEST

static cjm_render *
renderer(void)
{
	cjm_render_opts o;
	cjm_render *r;

	cjm_render_opts_default(&o);
	o.font = "DejaVu Sans";
	ck_assert_ptr_nonnull(r = cjm_render_new(&o, NULL));
	return r;
}

/* Many decisions: as many slide pages as needed, none grown, no
 * warning, and every page drawn without a cairo error. */
START_TEST(checklist_pages)
{
	json_t *m = file_json("tests/render/kinds/checklist-ru.json");
	json_t *ds = json_object_get(m, "decisions"), *one = json_array_get(ds,
	    0);
	cjm_diags *d = cjm_diags_new();
	cjm_render *r = renderer();
	size_t i, few;
	double w, h;

	ck_assert_int_eq(cjm_render_load(r, m, "m.json", 1, d), CJM_OK);
	few = cjm_render_pages(r);
	ck_assert_uint_ge(few, 2);
	for (i = 0; i < 20; i++)
		json_array_append_new(ds, json_deep_copy(one));
	ck_assert_int_eq(cjm_render_load(r, m, "m.json", 1, d), CJM_OK);
	ck_assert_uint_gt(cjm_render_pages(r), few + 5);
	for (i = 0; i < cjm_render_pages(r); i++) {
		cairo_surface_t *sf = cairo_image_surface_create(
		    CAIRO_FORMAT_RGB24, 96, 54);
		cairo_t *cr = cairo_create(sf);

		cjm_render_page_size(r, i, &w, &h);
		ck_assert(w == 960 && h == 540);
		cairo_scale(cr, 0.1, 0.1);
		ck_assert_int_eq(cjm_render_draw(r, i, cr, d), CJM_OK);
		cairo_destroy(cr);
		cairo_surface_destroy(sf);
	}
	ck_assert_uint_eq(cjm_diags_count(d), 0);
	cjm_render_free(r);
	cjm_diags_free(d);
	json_decref(m);
}
END_TEST

/* One stage entry taller than a slide at the floor: the page grows and a
 * warning says so; nothing is cut. */
START_TEST(checklist_overflow)
{
	json_t *m = file_json("tests/render/kinds/checklist-ru.json");
	json_t *ent = json_array_get(json_object_get(json_array_get(
	    json_object_get(m, "decisions"), 0), "stages"), 0);
	json_t *many = json_array();
	cjm_diags *d = cjm_diags_new();
	cjm_render *r = renderer();
	double w, h;
	size_t i;

	for (i = 0; i < 200; i++)
		json_array_append_new(many, json_string("Клиент ждёт, что "
		    "цена с доставкой видна сразу"));
	json_object_set_new(ent, "conflicts", many);
	ck_assert_int_eq(cjm_render_load(r, m, "m.json", 1, d), CJM_OK);
	cjm_render_page_size(r, 1, &w, &h);
	ck_assert(h > 540);
	ck_assert_uint_eq(cjm_diags_count(d), 1);
	ck_assert_str_eq(cjm_diags_get(d, 0)->code, "render-overflow");
	cjm_render_free(r);
	cjm_diags_free(d);
	json_decref(m);
}
END_TEST

/* The library draws what it is given, checked or not: a stage id that
 * is not on the map, an entry that is not a mapping, a decision without
 * stages, answers of the wrong shape. */
START_TEST(checklist_unchecked)
{
	json_t *m = json_loads("{\"cjm\": 1, \"title\": \"T\", \"stages\": "
	    "[{\"id\": \"a\", \"name\": \"A\"}], \"decisions\": [{\"id\": "
	    "\"d\", \"title\": \"D\", \"stages\": [{\"stage\": \"nowhere\", "
	    "\"strengthen\": \"text\"}, 7, {\"stage\": \"a\", \"conflicts\": "
	    "{}}]}, {\"title\": \"No stages\"}, 3]}", 0, NULL);
	cjm_render *r = renderer();
	size_t i;

	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(cjm_render_load(r, m, "m.json", 1, NULL), CJM_OK);
	ck_assert_uint_ge(cjm_render_pages(r), 2);
	for (i = 0; i < cjm_render_pages(r); i++) {
		cairo_surface_t *sf = cairo_image_surface_create(
		    CAIRO_FORMAT_RGB24, 96, 54);
		cairo_t *cr = cairo_create(sf);

		cairo_scale(cr, 0.1, 0.1);
		ck_assert_int_eq(cjm_render_draw(r, i, cr, NULL), CJM_OK);
		cairo_destroy(cr);
		cairo_surface_destroy(sf);
	}
	cjm_render_free(r);
	json_decref(m);
}
END_TEST

/* Share of pixels of a and b (same size) that differ by more than tol
 * in a channel. */
static double
differ(cairo_surface_t *a, cairo_surface_t *b, int tol)
{
	int w = cairo_image_surface_get_width(a), x, y, k;
	int h = cairo_image_surface_get_height(a);
	long n = 0;

	if (w != cairo_image_surface_get_width(b) ||
	    h != cairo_image_surface_get_height(b))
		return 1;
	cairo_surface_flush(a);
	cairo_surface_flush(b);
	for (y = 0; y < h; y++) {
		const unsigned char *p = cairo_image_surface_get_data(a) +
		    y * cairo_image_surface_get_stride(a);
		const unsigned char *q = cairo_image_surface_get_data(b) +
		    y * cairo_image_surface_get_stride(b);

		for (x = 0; x < 4 * w; x += 4)
			for (k = 0; k < 3; k++)
				if (abs(p[x + k] - q[x + k]) > tol) {
					n++;
					break;
				}
	}
	return (double)n / ((double)w * h);
}

/* Reference images of the new pages (tests/render/kinds/NAME-PAGE.png, at half
 * scale): a layout change fails, a shade of antialiasing does not.
 * UPDATE_REF=1 writes them anew; look at them before committing. */
START_TEST(reference)
{
	static const struct { const char *map; size_t page; } t[] = {
		{ "checklist-ru", 1 }, { "personas", 0 }, { "management", 0 },
		{ "management", 1 },
	};
	char src[128], ref[128];
	json_t *m;
	cjm_render *r = renderer();
	cairo_surface_t *got, *want;
	cairo_t *cr;

	snprintf(src, sizeof(src), "tests/render/kinds/%s.json", t[_i].map);
	snprintf(ref, sizeof(ref), "tests/render/kinds/%s-%zu.png", t[_i].map,
	    t[_i].page + 1);
	m = file_json(src);
	ck_assert_int_eq(cjm_render_load(r, m, src, 1, NULL), CJM_OK);
	got = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 480, 270);
	cr = cairo_create(got);
	cairo_scale(cr, 0.5, 0.5);
	ck_assert_int_eq(cjm_render_draw(r, t[_i].page, cr, NULL), CJM_OK);
	cairo_destroy(cr);
	if (getenv("UPDATE_REF") != NULL)
		cairo_surface_write_to_png(got, ref);
	want = cairo_image_surface_create_from_png(ref);
	ck_assert_int_eq(cairo_surface_status(want), CAIRO_STATUS_SUCCESS);
	ck_assert_msg(differ(got, want, 48) < 0.005, "%s differs", ref);
	cairo_surface_destroy(got);
	cairo_surface_destroy(want);
	cjm_render_free(r);
	json_decref(m);
}
END_TEST

/* The grey theme prints the new pages without colour: persona curves
 * part by dash and marker, statuses and severities by shade. */
START_TEST(grey)
{
	static const char *const maps[] = { "checklist-ru", "personas",
	    "management" };
	char src[128];
	cjm_render_opts o;
	cjm_render *r;
	json_t *m;
	size_t i, x;

	snprintf(src, sizeof(src), "tests/render/kinds/%s.json", maps[_i]);
	m = file_json(src);
	cjm_render_opts_default(&o);
	o.theme = CJM_THEME_GREY;
	o.font = "DejaVu Sans";
	ck_assert_ptr_nonnull(r = cjm_render_new(&o, NULL));
	ck_assert_int_eq(cjm_render_load(r, m, src, 1, NULL), CJM_OK);
	for (i = 0; i < cjm_render_pages(r); i++) {
		cairo_surface_t *sf = cairo_image_surface_create(
		    CAIRO_FORMAT_RGB24, 480, 270);
		cairo_t *cr = cairo_create(sf);
		const unsigned char *px;

		cairo_scale(cr, 0.5, 0.5);
		ck_assert_int_eq(cjm_render_draw(r, i, cr, NULL), CJM_OK);
		cairo_destroy(cr);
		cairo_surface_flush(sf);
		px = cairo_image_surface_get_data(sf);
		for (x = 0; x < (size_t)cairo_image_surface_get_stride(sf) *
		    270; x += 4)
			ck_assert_msg(abs(px[x] - px[x + 1]) <= 2 &&
			    abs(px[x + 1] - px[x + 2]) <= 2,
			    "%s page %zu: a coloured pixel", maps[_i], i + 1);
		cairo_surface_destroy(sf);
	}
	cjm_render_free(r);
	json_decref(m);
}
END_TEST

/* Five personas (the most the SaaS editors draw) and a persona card
 * each still fit one slide, without a warning. */
START_TEST(five_personas)
{
	json_t *m = file_json("tests/render/kinds/personas.json");
	json_t *ps = json_object_get(m, "personas"), *st;
	cjm_diags *d = cjm_diags_new();
	cjm_render *r = renderer();
	double w, h;
	size_t i;

	json_array_append_new(ps, json_pack("{s:s,s:s,s:s}", "id", "ola",
	    "name", "Ola", "segment", "Agency copywriter"));
	json_array_append_new(ps, json_pack("{s:s,s:s,s:s}", "id", "raj",
	    "name", "Raj", "segment", "Developer advocate"));
	json_array_foreach(json_object_get(m, "stages"), i, st)
		if (json_is_object(json_object_get(st, "emotion"))) {
			json_object_set_new(json_object_get(st, "emotion"),
			    "ola", json_integer((json_int_t)(1 + i % 5)));
			json_object_set_new(json_object_get(st, "emotion"),
			    "raj", json_integer((json_int_t)(5 - i % 5)));
		}
	ck_assert_int_eq(cjm_render_load(r, m, "m.json", 1, d), CJM_OK);
	ck_assert_uint_eq(cjm_render_pages(r), 1);
	cjm_render_page_size(r, 0, &w, &h);
	ck_assert(w == 960 && h == 540);
	ck_assert_uint_eq(cjm_diags_count(d), 0);
	cjm_render_free(r);
	cjm_diags_free(d);
	json_decref(m);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("kinds");
	TCase *tc = tcase_create("kinds");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, check_codes, 0, (int)(sizeof(checks) /
	    sizeof(checks[0])));
	tcase_add_test(tc, no_advice);
	tcase_add_loop_test(tc, canonical, 0, (int)(sizeof(canon) /
	    sizeof(canon[0])));
	tcase_add_loop_test(tc, round_trip, 0, 3);
	tcase_add_test(tc, checklist_pages);
	tcase_add_test(tc, checklist_overflow);
	tcase_add_test(tc, checklist_unchecked);
	tcase_add_loop_test(tc, reference, 0, 4);
	tcase_add_loop_test(tc, grey, 0, 3);
	tcase_add_test(tc, five_personas);
	suite_add_tcase(s, tc);
	return s;
}
