/* test_render.c: the renderer: pages, fitting, warnings, reference images. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "unit.h"
#include "cjm_render.h"

/* A growing memory buffer for cjm_write_fn. */
struct buf {
	char *p;
	size_t n;
};

static int
put(const char *b, size_t n, void *ctx)
{
	struct buf *m = ctx;
	char *q = realloc(m->p, m->n + n);

	if (q == NULL)
		return -1;
	memcpy(q + m->n, b, n);
	m->p = q;
	m->n += n;
	return 0;
}

static cjm_render *
renderer(enum cjm_render_page page, double dpi, cjm_diags *ds)
{
	cjm_render_opts o;
	cjm_render *r;

	cjm_render_opts_default(&o);
	o.page = page;
	o.dpi = dpi;
	o.font = "DejaVu Sans";
	r = cjm_render_new(&o, ds);
	ck_assert_ptr_nonnull(r);
	return r;
}

static json_t *
load_json(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);

	ck_assert_msg(j != NULL, "%s", e.text);
	return j;
}

/* Draw every page on an image surface: no cairo error, no NaN. */
static void
draw_all(cjm_render *r, cjm_diags *ds)
{
	size_t i;
	double w, h;

	for (i = 0; i < cjm_render_pages(r); i++) {
		cairo_surface_t *sf = cairo_image_surface_create(
		    CAIRO_FORMAT_RGB24, 200, 120);
		cairo_t *cr = cairo_create(sf);

		cjm_render_page_size(r, i, &w, &h);
		ck_assert(isfinite(w) && isfinite(h) && w > 0 && h > 0);
		cairo_scale(cr, 200 / w, 120 / h);
		ck_assert_int_eq(cjm_render_draw(r, i, cr, ds), CJM_OK);
		ck_assert_int_eq(cairo_status(cr), CAIRO_STATUS_SUCCESS);
		cairo_destroy(cr);
		cairo_surface_destroy(sf);
	}
}

/* Charts with nothing to scale still draw, with the pages expected. */
START_TEST(degenerate)
{
	static const struct { const char *map; size_t pages; } t[] = {
		{ "{\"cjm\":1,\"title\":\"One\",\"stages\":[{\"id\":\"a\","
		  "\"name\":\"A\",\"emotion\":3,\"funnel\":{\"count\":5}}]}", 2 },
		{ "{\"cjm\":1,\"title\":\"Flat\",\"stages\":[{\"id\":\"a\","
		  "\"name\":\"A\",\"emotion\":2,\"funnel\":{\"count\":7}},"
		  "{\"id\":\"b\",\"name\":\"B\",\"emotion\":2,\"funnel\":"
		  "{\"count\":7}}]}", 2 },
		{ "{\"cjm\":1,\"title\":\"Zero\",\"stages\":[{\"id\":\"a\","
		  "\"name\":\"A\",\"funnel\":{\"count\":0}},{\"id\":\"b\","
		  "\"name\":\"B\",\"funnel\":{\"count\":0}}]}", 2 },
		{ "{\"cjm\":1,\"title\":\"Scale\",\"emotion_scale\":[-2,2],"
		  "\"stages\":[{\"id\":\"a\",\"name\":\"A\",\"emotion\":-2},"
		  "{\"id\":\"b\",\"name\":\"B\",\"emotion\":2}]}", 1 },
		{ "{\"cjm\":1,\"title\":\"G\",\"stages\":[{\"id\":\"a\","
		  "\"name\":\"A\",\"touchpoints\":[{\"id\":\"x\",\"name\":\"X\"}"
		  "]}],\"transitions\":[{\"from\":\"x\",\"to\":\"x\","
		  "\"count\":0}]}", 2 },
		{ "{\"cjm\":1,\"title\":\"Unchecked\",\"stages\":[{\"id\":"
		  "\"a\",\"name\":\"A\",\"emotion\":9},{\"id\":\"b\","
		  "\"name\":\"B\",\"emotion\":-40,\"funnel\":{\"count\":-3}}"
		  "]}", 2 },
		{ "{\"cjm_maturity\":1,\"maturity\":{\"level\":1,\"score\":1,"
		  "\"dimensions\":[{\"id\":\"a\",\"mean\":1}]}}", 1 },
	};
	size_t i, p;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		for (p = 0; p <= CJM_PAGE_AUTO; p++) {
			cjm_diags *ds = cjm_diags_new();
			cjm_render *r = renderer(p, 96, ds);
			json_t *j = load_json(t[i].map);

			ck_assert_int_eq(cjm_render_load(r, j, "t.json", 1,
			    ds), CJM_OK);
			ck_assert_uint_eq(cjm_render_pages(r), t[i].pages);
			draw_all(r, ds);
			ck_assert_int_eq(cjm_diags_count(ds), 0);
			json_decref(j);
			cjm_render_free(r);
			cjm_diags_free(ds);
		}
	}
}
END_TEST

START_TEST(not_a_map)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_render *r = renderer(CJM_PAGE_SLIDE, 96, ds);
	json_t *j = load_json("{\"title\":\"x\"}");

	ck_assert_int_eq(cjm_render_load(r, j, "t.json", 1, ds), CJM_EDATA);
	ck_assert_str_eq(cjm_diags_get(ds, 0)->code, "render-doc");
	json_decref(j);
	cjm_render_free(r);
	cjm_diags_free(ds);
}
END_TEST

START_TEST(bad_options)
{
	static const struct { double dpi, min_font; const char *code; } t[] = {
		{ 35, 6, "render-dpi" }, { 1201, 6, "render-dpi" },
		{ NAN, 6, "render-dpi" }, { 96, 3, "render-font-size" },
		{ 96, 25, "render-font-size" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cjm_diags *ds = cjm_diags_new();
		cjm_render_opts o;

		cjm_render_opts_default(&o);
		o.dpi = t[i].dpi;
		o.min_font = t[i].min_font;
		ck_assert_ptr_null(cjm_render_new(&o, ds));
		ck_assert_int_eq(cjm_diags_worst(ds), CJM_FATAL);
		ck_assert_str_eq(cjm_diags_get(ds, 0)->code, t[i].code);
		cjm_diags_free(ds);
	}
}
END_TEST

START_TEST(names)
{
	ck_assert_int_eq(cjm_render_page_parse("slide"), CJM_PAGE_SLIDE);
	ck_assert_int_eq(cjm_render_page_parse("letter"), CJM_PAGE_LETTER);
	ck_assert_int_eq(cjm_render_page_parse("auto"), CJM_PAGE_AUTO);
	ck_assert_int_eq(cjm_render_page_parse("A4"), -1);
	ck_assert_int_eq(cjm_render_theme_parse("gray"), CJM_THEME_GREY);
	ck_assert_int_eq(cjm_render_theme_parse("colour"), CJM_THEME_COLOR);
	ck_assert_int_eq(cjm_render_theme_parse("blue"), -1);
	ck_assert_int_eq(cjm_render_format_parse("svg"), CJM_RENDER_SVG);
	ck_assert_int_eq(cjm_render_format_parse("jpg"), -1);
}
END_TEST

/* A map that cannot fit a slide at the floor: the page grows and the
 * warning names the stage and lane; no text is dropped. */
START_TEST(overflow)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_render *r = renderer(CJM_PAGE_SLIDE, 96, ds);
	json_t *j = load_json("{\"cjm\":1,\"title\":\"T\",\"stages\":["
	    "{\"id\":\"a\",\"name\":\"A\"},{\"id\":\"b\",\"name\":\"Big\","
	    "\"needs\":[]}]}"), *needs;
	double w, h;
	int i;

	needs = json_object_get(json_array_get(json_object_get(j, "stages"),
	    1), "needs");
	for (i = 0; i < 400; i++)
		json_array_append_new(needs, json_string("a long need that "
		    "takes a line or two of the narrow column"));
	ck_assert_int_eq(cjm_render_load(r, j, "t.json", 1, ds), CJM_OK);
	cjm_render_page_size(r, 0, &w, &h);
	ck_assert(w == 960 && h > 540);
	ck_assert_int_eq(cjm_diags_count(ds), 1);
	ck_assert_str_eq(cjm_diags_get(ds, 0)->code, "render-overflow");
	ck_assert_str_eq(cjm_diags_get(ds, 0)->path, "stages[1].needs");
	ck_assert(strstr(cjm_diags_get(ds, 0)->message, "'Big'") != NULL);
	json_decref(j);
	cjm_render_free(r);
	cjm_diags_free(ds);
}
END_TEST

/* Too many stages for the page at the floor: the page grows wider, so
 * no column is narrower than a word. */
START_TEST(too_many_stages)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_render *r = renderer(CJM_PAGE_A4, 96, ds);
	json_t *j = load_json("{\"cjm\":1,\"title\":\"T\",\"stages\":[]}");
	char id[16];
	double w, h;
	int i;

	for (i = 0; i < 200; i++) {
		snprintf(id, sizeof(id), "s%d", i);
		json_array_append_new(json_object_get(j, "stages"),
		    json_pack("{s:s,s:s,s:[s]}", "id", id, "name", id,
		    "actions", "a few words in the cell"));
	}
	ck_assert_int_eq(cjm_render_load(r, j, "t.json", 1, ds), CJM_OK);
	cjm_render_page_size(r, 0, &w, &h);
	ck_assert(w > 200 * 6 * 6 && h >= 595);
	ck_assert_str_eq(cjm_diags_get(ds, 0)->code, "render-overflow");
	ck_assert_str_eq(cjm_diags_get(ds, 0)->path, "stages");
	draw_all(r, ds);
	json_decref(j);
	cjm_render_free(r);
	cjm_diags_free(ds);
}
END_TEST

/* A character no font has: a warning naming the text. */
START_TEST(missing_glyph)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_render *r = renderer(CJM_PAGE_SLIDE, 96, ds);
	json_t *j = load_json("{\"cjm\":1,\"title\":\"T\",\"stages\":["
	    "{\"id\":\"a\",\"name\":\"A\",\"actions\":[\"pay \\udbff\\udffd"
	    "\"]}]}");

	ck_assert_int_eq(cjm_render_load(r, j, "t.json", 1, ds), CJM_OK);
	draw_all(r, ds);
	ck_assert_int_eq(cjm_diags_count(ds), 1);
	ck_assert_str_eq(cjm_diags_get(ds, 0)->code, "render-glyph");
	ck_assert(strstr(cjm_diags_get(ds, 0)->message, "'pay ") != NULL);
	json_decref(j);
	cjm_render_free(r);
	cjm_diags_free(ds);
}
END_TEST

static struct buf
render_file(const char *path, enum cjm_render_format f, double dpi)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_render *r = renderer(CJM_PAGE_SLIDE, dpi, ds);
	json_error_t e;
	json_t *j = json_load_file(path, 0, &e);
	struct buf b = { NULL, 0 };
	size_t i;

	ck_assert_msg(j != NULL, "%s: %s", path, e.text);
	ck_assert_int_eq(cjm_render_load(r, j, path, 1, ds), CJM_OK);
	if (f == CJM_RENDER_PDF) {
		ck_assert_int_eq(cjm_render_pdf_begin(r, put, &b, ds), CJM_OK);
		for (i = 0; i < cjm_render_pages(r); i++)
			ck_assert_int_eq(cjm_render_pdf_add(r, i, ds), CJM_OK);
		ck_assert_int_eq(cjm_render_pdf_end(r, ds), CJM_OK);
	} else if (f == CJM_RENDER_PNG) {
		ck_assert_int_eq(cjm_render_png(r, 0, put, &b, ds), CJM_OK);
	} else {
		ck_assert_int_eq(cjm_render_svg(r, 0, put, &b, ds), CJM_OK);
	}
	json_decref(j);
	cjm_render_free(r);
	cjm_diags_free(ds);
	return b;
}

/* The same input gives the same bytes. PDF and SVG carry ids cairo
 * counts per process, so tests/render.test.sh compares two runs of the
 * tool for them. */
START_TEST(deterministic)
{
	struct buf a = render_file("tests/render/full.json", CJM_RENDER_PNG,
	    48);
	struct buf b = render_file("tests/render/full.json", CJM_RENDER_PNG,
	    48);

	ck_assert_uint_gt(a.n, 1000);
	ck_assert_uint_eq(a.n, b.n);
	ck_assert(memcmp(a.p, b.p, a.n) == 0);
	free(a.p);
	free(b.p);
}
END_TEST

struct png_read {
	const struct buf *b;
	size_t at;
};

static cairo_status_t
png_in(void *ctx, unsigned char *data, unsigned int len)
{
	struct png_read *pr = ctx;

	if (pr->at + len > pr->b->n)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, pr->b->p + pr->at, len);
	pr->at += len;
	return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
png_decode(const struct buf *b)
{
	struct png_read pr = { b, 0 };
	cairo_surface_t *sf = cairo_image_surface_create_from_png_stream(
	    png_in, &pr);

	ck_assert_int_eq(cairo_surface_status(sf), CAIRO_STATUS_SUCCESS);
	cairo_surface_flush(sf);
	return sf;
}

/* Share of pixels whose channels differ by more than tol (0..255). */
static double
png_diff(cairo_surface_t *a, cairo_surface_t *b, int tol)
{
	int w = cairo_image_surface_get_width(a);
	int h = cairo_image_surface_get_height(a), x, y, c, bad = 0;
	const unsigned char *pa, *pb;

	if (w != cairo_image_surface_get_width(b) ||
	    h != cairo_image_surface_get_height(b))
		return 1;
	cairo_surface_flush(a);
	cairo_surface_flush(b);
	for (y = 0; y < h; y++) {
		pa = cairo_image_surface_get_data(a) + y *
		    cairo_image_surface_get_stride(a);
		pb = cairo_image_surface_get_data(b) + y *
		    cairo_image_surface_get_stride(b);
		for (x = 0; x < w; x++)
			for (c = 0; c < 3; c++)
				if (abs(pa[4 * x + c] - pb[4 * x + c]) > tol) {
					bad++;
					break;
				}
	}
	return (double)bad / ((double)w * h);
}

/* Reference images: within a tolerance, so a font or cairo update that
 * moves antialiasing by a shade does not fail, but a layout change does.
 * UPDATE_REF=1 writes them anew (look at them before committing). */
START_TEST(reference)
{
	static const char *const maps[] = { "full", "retail-ru", "tiny" };
	char src[256], ref[256];
	struct buf b = render_file((snprintf(src, sizeof(src),
	    "tests/render/%s.json", maps[_i]), src), CJM_RENDER_PNG, 48);
	struct png_read pr = { &b, 0 };
	cairo_surface_t *got = cairo_image_surface_create_from_png_stream(
	    png_in, &pr), *want;
	FILE *fp;

	snprintf(ref, sizeof(ref), "tests/render/%s.png", maps[_i]);
	if (getenv("UPDATE_REF") != NULL) {
		ck_assert_ptr_nonnull(fp = fopen(ref, "wb"));
		fwrite(b.p, 1, b.n, fp);
		fclose(fp);
	}
	want = cairo_image_surface_create_from_png(ref);
	ck_assert_int_eq(cairo_surface_status(want), CAIRO_STATUS_SUCCESS);
	ck_assert_msg(png_diff(got, want, 48) < 0.005, "%s differs", ref);
	cairo_surface_destroy(got);
	cairo_surface_destroy(want);
	free(b.p);
}
END_TEST

/* The grey theme prints without colour: every pixel of every page is
 * neutral, though the map has severities, moods, channels, misses. */
START_TEST(grey_is_grey)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_render_opts o;
	cjm_render *r;
	json_error_t e;
	json_t *j = json_load_file("tests/render/full.json", 0, &e);
	size_t i, x;
	int w, h;

	cjm_render_opts_default(&o);
	o.theme = CJM_THEME_GREY;
	o.dpi = 36;
	o.font = "DejaVu Sans";
	ck_assert_ptr_nonnull(r = cjm_render_new(&o, ds));
	ck_assert_int_eq(cjm_render_load(r, j, "full.json", 1, ds), CJM_OK);
	for (i = 0; i < cjm_render_pages(r); i++) {
		cairo_surface_t *sf;
		cairo_t *cr;
		const unsigned char *px;

		ck_assert_int_eq(cjm_render_png_size(r, i, &w, &h), 0);
		sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
		cr = cairo_create(sf);
		cairo_scale(cr, 0.5, 0.5);
		ck_assert_int_eq(cjm_render_draw(r, i, cr, ds), CJM_OK);
		cairo_destroy(cr);
		cairo_surface_flush(sf);
		px = cairo_image_surface_get_data(sf);
		for (x = 0; x < (size_t)cairo_image_surface_get_stride(sf) *
		    (size_t)h; x += 4)
			ck_assert_msg(abs(px[x] - px[x + 1]) <= 2 &&
			    abs(px[x + 1] - px[x + 2]) <= 2,
			    "page %zu: a coloured pixel", i + 1);
		cairo_surface_destroy(sf);
	}
	json_decref(j);
	cjm_render_free(r);
	cjm_diags_free(ds);
}
END_TEST

static cjm_render *
load_page(const char *text, enum cjm_render_page page, cjm_diags *ds)
{
	cjm_render *r = renderer(page, 96, ds);
	json_t *j = load_json(text);

	ck_assert_int_eq(cjm_render_load(r, j, "t.json", 1, ds), CJM_OK);
	json_decref(j);
	return r;
}

/* Issue 15.2: twelve to fourteen stages with names of different
 * lengths: the stage names of the row share one size, and no word of
 * the map is broken between letters ("Custom/er"). */
START_TEST(headers_one_size)
{
	static const char *const stage_names[] = { "Awareness", "Consideration",
	    "Customer onboarding", "Go", "Comparison", "Purchase",
	    "Implementation", "Troubleshooting", "Use", "Renewal",
	    "Recommendation", "Advocacy", "Win-back", "Farewell" };
	json_t *j = load_json("{\"cjm\":1,\"title\":\"Long\",\"stages\":[]}");
	cjm_diags *ds = cjm_diags_new();
	cjm_render *r = renderer(CJM_PAGE_SLIDE, 96, ds);
	cjm_render_info in;
	char id[8];
	size_t i, n;

	for (n = 12; n <= 14; n++) {
		json_array_clear(json_object_get(j, "stages"));
		for (i = 0; i < n; i++) {
			snprintf(id, sizeof(id), "s%zu", i);
			json_array_append_new(json_object_get(j, "stages"),
			    json_pack("{s:s,s:s,s:[s],s:[s]}", "id", id, "name",
			    stage_names[i], "actions", "Customer compares the offers "
			    "of competitors", "needs", "Understandable pricing"));
		}
		ck_assert_int_eq(cjm_render_load(r, j, "t.json", 1, ds), CJM_OK);
		ck_assert_int_eq(cjm_render_page_info(r, 0, &in), 0);
		ck_assert(in.head_min_pt > 0);
		ck_assert(fabs(in.head_max_pt - in.head_min_pt) < 1e-9);
		ck_assert_uint_eq(in.broken_words, 0);
		ck_assert(in.body_pt >= 6);
		/* The page is used: rows reach the bottom margin. */
		ck_assert(in.spare_h < 1);
	}
	ck_assert_int_eq(cjm_diags_count(ds), 0);
	json_decref(j);
	cjm_render_free(r);
	cjm_diags_free(ds);
}
END_TEST

/* Issue 15.3: a sparse map is drawn larger than the old 12 pt on a
 * slide, within the most (1/56 of the width), and fills the height; so
 * do a sparse funnel page and a touchpoint graph. */
START_TEST(sparse_fills)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_render *r = load_page("{\"cjm\":1,\"title\":\"Web shop\","
	    "\"stages\":[{\"id\":\"a\",\"name\":\"Visit\",\"actions\":"
	    "[\"Lands on the shop\"],\"funnel\":{\"count\":100},"
	    "\"touchpoints\":[{\"id\":\"x\",\"name\":\"Ad\"}]},"
	    "{\"id\":\"b\",\"name\":\"Pay\",\"actions\":[\"Pays\"],"
	    "\"funnel\":{\"count\":40},\"touchpoints\":[{\"id\":\"y\","
	    "\"name\":\"Checkout\"}]}],\"transitions\":[{\"from\":\"x\","
	    "\"to\":\"y\"}]}", CJM_PAGE_SLIDE, ds);
	cjm_render_info in;
	size_t i;

	ck_assert_uint_eq(cjm_render_pages(r), 3);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(cjm_render_page_info(r, i, &in), 0);
		ck_assert_msg(in.body_pt > 12 && in.body_pt <= 960 / 56.0 +
		    1e-9, "page %zu: %g pt", i, in.body_pt);
	}
	cjm_render_page_info(r, 0, &in);
	ck_assert(in.spare_h < 1 && in.content_h < 540);
	cjm_render_free(r);
	cjm_diags_free(ds);
}
END_TEST

/* Issue 15.5: the maturity ladder's chips share one readable size,
 * «Масштабирование» included. */
START_TEST(ladder_one_size)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_render *r = load_page("{\"cjm_maturity\":1,\"maturity\":{"
	    "\"lang\":\"ru\",\"level\":4,\"score\":3.5,\"fits\":["
	    "\"checklist\"],\"dimensions\":[{\"id\":\"planning\","
	    "\"mean\":3}]}}", CJM_PAGE_A4, ds);
	cjm_render_info in;

	ck_assert_int_eq(cjm_render_page_info(r, 0, &in), 0);
	ck_assert(in.chip_min_pt > 0);
	ck_assert(fabs(in.chip_max_pt - in.chip_min_pt) < 1e-9);
	ck_assert(in.chip_min_pt >= 0.8 * in.body_pt);
	cjm_render_free(r);
	cjm_diags_free(ds);
}
END_TEST

/* Issue 15.7: a map wider than the PDF limit at the floor is split over
 * pages no wider than it, every stage on one page, in order, with one
 * warning. */
START_TEST(huge_split)
{
	static const enum cjm_render_page pg[] = { CJM_PAGE_SLIDE,
	    CJM_PAGE_AUTO };
	json_t *j = load_json("{\"cjm\":1,\"title\":\"Huge\",\"stages\":[]}");
	cjm_render_info in;
	char id[16];
	size_t i, k, next;
	double w, h;

	for (i = 0; i < 3000; i++) {
		snprintf(id, sizeof(id), "s%zu", i);
		json_array_append_new(json_object_get(j, "stages"),
		    json_pack("{s:s,s:s,s:i}", "id", id, "name", id,
		    "emotion", (int)(i % 5) + 1));
	}
	for (k = 0; k < 2; k++) {
		cjm_diags *ds = cjm_diags_new();
		cjm_render *r = renderer(pg[k], 96, ds);

		ck_assert_int_eq(cjm_render_load(r, j, "t.json", 1, ds), CJM_OK);
		ck_assert_uint_gt(cjm_render_pages(r), 1);
		for (i = next = 0; i < cjm_render_pages(r); i++) {
			cjm_render_page_size(r, i, &w, &h);
			ck_assert(w <= CJM_RENDER_PAGE_MAX);
			cjm_render_page_info(r, i, &in);
			ck_assert_uint_eq(in.first_stage, next);
			next += in.stages;
		}
		ck_assert_uint_eq(next, 3000);
		ck_assert_int_eq(cjm_diags_count(ds), 1);
		ck_assert_str_eq(cjm_diags_get(ds, 0)->code, "render-overflow");
		cjm_render_free(r);
		cjm_diags_free(ds);
	}
	json_decref(j);
}
END_TEST

/* Decode a PNG held in memory. */
static cairo_surface_t *
png_decode(const struct buf *b);

/* Issue 15.4: A4 and A3 PNGs (fractional pixels at 96 dpi) are white to
 * the last row and column. */
START_TEST(png_edges_white)
{
	static const enum cjm_render_page pg[] = { CJM_PAGE_A4, CJM_PAGE_A3,
	    CJM_PAGE_LETTER };
	cjm_diags *ds = cjm_diags_new();
	cjm_render *r = load_page("{\"cjm\":1,\"title\":\"T\",\"stages\":["
	    "{\"id\":\"a\",\"name\":\"A\",\"actions\":[\"x\"]}]}",
	    pg[_i], ds);
	struct buf b = { NULL, 0 };
	cairo_surface_t *sf;
	const unsigned char *px;
	int w, h, x, y, st;

	ck_assert_int_eq(cjm_render_png(r, 0, put, &b, ds), CJM_OK);
	sf = png_decode(&b);
	w = cairo_image_surface_get_width(sf);
	h = cairo_image_surface_get_height(sf);
	st = cairo_image_surface_get_stride(sf);
	px = cairo_image_surface_get_data(sf);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x += (y == 0 || y == h - 1) ? 1 : w - 1)
			ck_assert_msg((*(const uint32_t *)(px + y * st +
			    4 * x) & 0xffffff) == 0xffffff,
			    "pixel %d,%d of %dx%d is not white", x, y, w, h);
	cairo_surface_destroy(sf);
	free(b.p);
	cjm_render_free(r);
	cjm_diags_free(ds);
}
END_TEST

/* Issue 15.6: emoji are drawn in colour (fonts-noto-color-emoji), not
 * as boxes: the title's pixels are not all grey. */
START_TEST(emoji_colour)
{
	cjm_diags *ds = cjm_diags_new();
	cjm_render *r = load_page("{\"cjm\":1,\"title\":\"\\ud83d\\ude00"
	    "\\ud83d\\ude80\",\"stages\":[{\"id\":\"a\",\"name\":\"A\"}]}",
	    CJM_PAGE_SLIDE, ds);
	struct buf b = { NULL, 0 };
	cairo_surface_t *sf;
	const unsigned char *px, *p;
	int w, h, x, y, st, colour = 0;

	ck_assert_int_eq(cjm_render_png(r, 0, put, &b, ds), CJM_OK);
	ck_assert_int_eq(cjm_diags_count(ds), 0);
	sf = png_decode(&b);
	w = cairo_image_surface_get_width(sf);
	h = cairo_image_surface_get_height(sf);
	st = cairo_image_surface_get_stride(sf);
	px = cairo_image_surface_get_data(sf);
	for (y = 0; y < h / 4; y++)
		for (x = 0; x < w / 2; x++) {
			p = px + y * st + 4 * x;
			colour += abs(p[2] - p[0]) > 80;	/* red vs blue */
		}
	ck_assert_int_gt(colour, 50);
	cairo_surface_destroy(sf);
	free(b.p);
	cjm_render_free(r);
	cjm_diags_free(ds);
}
END_TEST

/* The comparer itself must be able to fail. */
START_TEST(diff_detects)
{
	cairo_surface_t *a = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    10, 10), *b = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
	cairo_t *cr = cairo_create(b);

	ck_assert(png_diff(a, b, 0) == 0);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, 0, 0, 5, 2);
	cairo_fill(cr);
	cairo_destroy(cr);
	ck_assert(fabs(png_diff(a, b, 48) - 0.1) < 1e-9);
	cairo_surface_destroy(a);
	cairo_surface_destroy(b);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("render");
	TCase *tc = tcase_create("render");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, degenerate);
	tcase_add_test(tc, not_a_map);
	tcase_add_test(tc, bad_options);
	tcase_add_test(tc, names);
	tcase_add_test(tc, overflow);
	tcase_add_test(tc, too_many_stages);
	tcase_add_test(tc, missing_glyph);
	tcase_add_test(tc, deterministic);
	tcase_add_loop_test(tc, reference, 0, 3);
	tcase_add_test(tc, diff_detects);
	tcase_add_test(tc, grey_is_grey);
	tcase_add_test(tc, headers_one_size);
	tcase_add_test(tc, sparse_fills);
	tcase_add_test(tc, ladder_one_size);
	tcase_add_test(tc, huge_split);
	tcase_add_loop_test(tc, png_edges_white, 0, 3);
	tcase_add_test(tc, emoji_colour);
	suite_add_tcase(s, tc);
	return s;
}
