/* render_out.c: pages to PDF, PNG and SVG streams, and option names. */
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <png.h>

#include "render.h"

/* cairo writes through this into the caller's cjm_write_fn. */
static cairo_status_t
sink_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct sink *s = closure;

	return s->fn((const char *)data, len, s->ctx) == 0 ?
	    CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static int
fail(struct cjm_render *r, cjm_diags *ds, cairo_status_t st, const char *what)
{
	cjm_pos pos = { 0, 0, 0 };

	/* A write error is the writer's to report: it knows where. */
	if (ds != NULL && st != CAIRO_STATUS_WRITE_ERROR)
		cjm_diags_add(ds, CJM_FATAL, "render-cairo", r->file, r->index,
		    "", pos, NULL, "%s: %s", what, cairo_status_to_string(st));
	return CJM_ESYS;
}

int
cjm_render_pdf_begin(cjm_render *r, cjm_write_fn fn, void *ctx,
    cjm_diags *ds)
{
	cairo_status_t st;

	r->sink.fn = fn;
	r->sink.ctx = ctx;
	r->pdf_titled = 0;
	r->pdf = cairo_pdf_surface_create_for_stream(sink_write, &r->sink,
	    960, 540);
	if ((st = cairo_surface_status(r->pdf)) != CAIRO_STATUS_SUCCESS)
		return fail(r, ds, st, "PDF");
	cairo_pdf_surface_set_metadata(r->pdf, CAIRO_PDF_METADATA_CREATOR,
	    "cjm-render " CJM_VERSION);
	cairo_pdf_surface_set_metadata(r->pdf, CAIRO_PDF_METADATA_CREATE_DATE,
	    r->date);
	cairo_pdf_surface_set_metadata(r->pdf, CAIRO_PDF_METADATA_MOD_DATE,
	    r->date);
	return CJM_OK;
}

int
cjm_render_pdf_add(cjm_render *r, size_t page, cjm_diags *ds)
{
	cairo_status_t st;
	cairo_t *cr;
	int rc;

	if (r->pdf == NULL || page >= r->npages)
		return CJM_ESYS;
	if (!r->pdf_titled && r->map != NULL && jstr(r->map, "title")) {
		cairo_pdf_surface_set_metadata(r->pdf,
		    CAIRO_PDF_METADATA_TITLE, jstr(r->map, "title"));
		r->pdf_titled = 1;
	}
	cairo_pdf_surface_set_size(r->pdf, r->pages[page].w,
	    r->pages[page].h);
	cr = cairo_create(r->pdf);
	rc = cjm_render_draw(r, page, cr, ds);
	cairo_show_page(cr);
	st = cairo_status(cr);
	cairo_destroy(cr);
	if (rc == CJM_OK && st != CAIRO_STATUS_SUCCESS)
		rc = fail(r, ds, st, "PDF page");
	return rc;
}

int
cjm_render_pdf_end(cjm_render *r, cjm_diags *ds)
{
	cairo_status_t st;

	if (r->pdf == NULL)
		return CJM_ESYS;
	cairo_surface_finish(r->pdf);
	st = cairo_surface_status(r->pdf);
	cairo_surface_destroy(r->pdf);
	r->pdf = NULL;
	return st == CAIRO_STATUS_SUCCESS ? CJM_OK : fail(r, ds, st, "PDF");
}

int
cjm_render_png_size(const cjm_render *r, size_t page, int *w, int *h)
{
	double pw, ph, k = r->o.dpi / 72;

	cjm_render_page_size(r, page, &pw, &ph);
	pw = ceil(pw * k);
	ph = ceil(ph * k);
	if (pw < 1 || ph < 1 || pw > CJM_RENDER_PNG_SIDE_MAX ||
	    ph > CJM_RENDER_PNG_SIDE_MAX || pw * ph > CJM_RENDER_PNG_AREA_MAX)
		return -1;
	*w = (int)pw;
	*h = (int)ph;
	return 0;
}

/* Draw a page on a surface, scaled by k. */
static int
draw_on(cjm_render *r, cairo_surface_t *sf, size_t page, double k,
    cjm_diags *ds)
{
	cairo_t *cr = cairo_create(sf);
	int rc;

	cairo_scale(cr, k, k);
	rc = cjm_render_draw(r, page, cr, ds);
	cairo_destroy(cr);
	return rc;
}

static void
png_out(png_structp png, png_bytep data, size_t len)
{
	struct sink *s = png_get_io_ptr(png);

	if (s->fn((const char *)data, len, s->ctx) != 0)
		png_error(png, "write");
}

static void
png_flush(png_structp png)
{
	(void)png;
}

/* The image as an 8-bit RGB PNG through libpng at zlib level 1 without
 * row filters: cairo's own writer takes the default level and filters,
 * several times the time for a file a little smaller (issue 15 measured
 * 25 ms against 6 ms for a slide at 96 dpi). */
static int
png_write(cairo_surface_t *sf, struct sink *s)
{
	int w = cairo_image_surface_get_width(sf);
	int h = cairo_image_surface_get_height(sf), y, x;
	int stride = cairo_image_surface_get_stride(sf);
	const unsigned char *px;
	png_structp png;
	png_infop info;
	png_bytep row = malloc((size_t)w * 3);
	volatile int rc = -1;

	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png ? png_create_info_struct(png) : NULL;
	if (row == NULL || info == NULL || setjmp(png_jmpbuf(png)))
		goto out;
	cairo_surface_flush(sf);
	px = cairo_image_surface_get_data(sf);
	png_set_write_fn(png, s, png_out, png_flush);
	png_set_compression_level(png, 1);
	png_set_filter(png, 0, PNG_FILTER_NONE);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
	    PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (y = 0; y < h; y++) {
		/* cairo's RGB24 is a native-endian 32-bit 0xXXRRGGBB. */
		const uint32_t *p = (const uint32_t *)(px + (size_t)y * stride);

		for (x = 0; x < w; x++) {
			row[3 * x] = (unsigned char)(p[x] >> 16);
			row[3 * x + 1] = (unsigned char)(p[x] >> 8);
			row[3 * x + 2] = (unsigned char)p[x];
		}
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	rc = 0;
out:
	png_destroy_write_struct(&png, &info);
	free(row);
	return rc;
}

int
cjm_render_png(cjm_render *r, size_t page, cjm_write_fn fn, void *ctx,
    cjm_diags *ds)
{
	struct sink s = { fn, ctx };
	cairo_surface_t *sf;
	cairo_t *cr;
	cjm_pos pos = { 0, 0, 0 };
	int w, h, rc;

	if (cjm_render_png_size(r, page, &w, &h) != 0) {
		cjm_diags_add(ds, CJM_FATAL, "render-size", r->file, r->index,
		    "", pos, "lower --dpi or use --page", "page %zu is too "
		    "large for a PNG at %g dpi (at most %d pixels a side, "
		    "%.0f in all)", page + 1, r->o.dpi, CJM_RENDER_PNG_SIDE_MAX,
		    CJM_RENDER_PNG_AREA_MAX);
		return CJM_ESYS;
	}
	sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	/* The page's background to the last pixel: a page of 841.89 pt is
	 * 1122.5 pixels at 96 dpi, and the image's last column is whole. */
	cr = cairo_create(sf);
	set_rgb(cr, r->th->bg);
	cairo_paint(cr);
	cairo_destroy(cr);
	if ((rc = draw_on(r, sf, page, r->o.dpi / 72, ds)) == CJM_OK &&
	    cairo_surface_status(sf) == CAIRO_STATUS_SUCCESS &&
	    png_write(sf, &s) != 0)
		rc = fail(r, ds, CAIRO_STATUS_WRITE_ERROR, "PNG");
	cairo_surface_destroy(sf);
	return rc;
}

int
cjm_render_svg(cjm_render *r, size_t page, cjm_write_fn fn, void *ctx,
    cjm_diags *ds)
{
	struct sink s = { fn, ctx };
	cairo_surface_t *sf;
	cairo_status_t st;
	int rc;

	if (page >= r->npages)
		return CJM_ESYS;
	sf = cairo_svg_surface_create_for_stream(sink_write, &s,
	    r->pages[page].w, r->pages[page].h);
	rc = draw_on(r, sf, page, 1, ds);
	cairo_surface_finish(sf);
	st = cairo_surface_status(sf);
	cairo_surface_destroy(sf);
	if (rc == CJM_OK && st != CAIRO_STATUS_SUCCESS)
		rc = fail(r, ds, st, "SVG");
	return rc;
}

static int
name_index(const char *s, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; s != NULL && i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

static const char *const page_names[] = { "slide", "a4", "a3", "letter",
    "auto" };

const char *
page_name(enum cjm_render_page p)
{
	return page_names[p <= CJM_PAGE_AUTO ? p : 0];
}

int
cjm_render_page_parse(const char *s)
{
	return name_index(s, page_names, 5);
}

int
cjm_render_theme_parse(const char *s)
{
	static const char *const n[] = { "color", "grey", "colour", "gray" };
	int i = name_index(s, n, 4);

	return i < 0 ? -1 : i % 2;
}

int
cjm_render_format_parse(const char *s)
{
	static const char *const n[] = { "pdf", "png", "svg" };

	return name_index(s, n, 3);
}
