/* render_out.c: pages to PDF, PNG and SVG streams, and option names. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <libdeflate.h>

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

/* A PNG chunk: length, type, data, CRC of type and data. */
static int
png_chunk(struct sink *s, const char *type, const unsigned char *data,
    size_t len)
{
	unsigned char b[8];
	uint32_t crc = libdeflate_crc32(0, type, 4);

	if (len > 0)	/* a NULL buffer would restart the CRC */
		crc = libdeflate_crc32(crc, data, len);
	b[0] = (unsigned char)(len >> 24);
	b[1] = (unsigned char)(len >> 16);
	b[2] = (unsigned char)(len >> 8);
	b[3] = (unsigned char)len;
	memcpy(b + 4, type, 4);
	if (s->fn((const char *)b, 8, s->ctx) != 0 ||
	    (len > 0 && s->fn((const char *)data, len, s->ctx) != 0))
		return -1;
	b[0] = (unsigned char)(crc >> 24);
	b[1] = (unsigned char)(crc >> 16);
	b[2] = (unsigned char)(crc >> 8);
	b[3] = (unsigned char)crc;
	return s->fn((const char *)b, 4, s->ctx);
}

/* The image's rows as PNG scanlines, in place over its pixels: filter
 * type 0 (none), then R, G, B of cairo's RGB24, a native-endian 32-bit
 * 0xXXRRGGBB. A scanline (3w + 1 bytes) is shorter than a row of the
 * surface, so no write reaches a pixel not yet read: no second copy of
 * the image (200 million pixels at most). Returns the bytes. */
static size_t
png_rows(cairo_surface_t *sf)
{
	unsigned char *px = cairo_image_surface_get_data(sf), *out = px;
	int w = cairo_image_surface_get_width(sf);
	int h = cairo_image_surface_get_height(sf);
	int stride = cairo_image_surface_get_stride(sf), y, x;

	for (y = 0; y < h; y++) {
		const unsigned char *row = px + (size_t)y * stride;
		unsigned char *f = out++;

		for (x = 0; x < w; x++, out += 3) {
			uint32_t v;

			memcpy(&v, row + 4 * (size_t)x, 4);
			out[0] = (unsigned char)(v >> 16);
			out[1] = (unsigned char)(v >> 8);
			out[2] = (unsigned char)v;
		}
		*f = 0;		/* after the row: on the first, its first pixel */
	}
	return (size_t)(out - px);
}

/* The image as an 8-bit RGB PNG, its rows unfiltered and compressed at
 * once by libdeflate at level 1. Why not libpng: it compresses through
 * zlib, whose fastest level took 79 of the 230 million instructions of
 * a slide at 96 dpi; libdeflate does it in 38 million and a smaller file
 * (issue 15). Filters made the file larger and slower at level 1. */
static int
png_write(cairo_surface_t *sf, struct sink *s)
{
	static const unsigned char sig[8] = { 137, 'P', 'N', 'G', '\r', '\n',
	    26, '\n' };
	int w = cairo_image_surface_get_width(sf);
	int h = cairo_image_surface_get_height(sf);
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(1);
	unsigned char ihdr[13] = { 0 }, *z = NULL;
	const unsigned char *raw;
	size_t n, cap, len = 0, off, k;
	int rc = -1;

	if (c == NULL)
		goto out;
	cairo_surface_flush(sf);
	raw = cairo_image_surface_get_data(sf);
	n = png_rows(sf);
	/* A page compresses some fifteen times: try an eighth of the raw
	 * size, and the bound only for an image that needs more. */
	cap = n / 8 + 4096;
	if ((z = malloc(cap)) != NULL)
		len = libdeflate_zlib_compress(c, raw, n, z, cap);
	if (len == 0) {
		free(z);
		cap = libdeflate_zlib_compress_bound(c, n);
		if ((z = malloc(cap)) == NULL ||
		    (len = libdeflate_zlib_compress(c, raw, n, z, cap)) == 0)
			goto out;
	}
	for (k = 0; k < 4; k++) {
		ihdr[k] = (unsigned char)((uint32_t)w >> (24 - 8 * k));
		ihdr[4 + k] = (unsigned char)((uint32_t)h >> (24 - 8 * k));
	}
	ihdr[8] = 8;		/* bits a channel */
	ihdr[9] = 2;		/* RGB */
	if (s->fn((const char *)sig, 8, s->ctx) != 0 ||
	    png_chunk(s, "IHDR", ihdr, 13) != 0)
		goto out;
	/* A chunk holds less than 2 GiB: a huge page takes several. */
	for (off = 0; off < len; off += k) {
		k = len - off < (1u << 30) ? len - off : (1u << 30);
		if (png_chunk(s, "IDAT", z + off, k) != 0)
			goto out;
	}
	rc = png_chunk(s, "IEND", NULL, 0);
out:
	libdeflate_free_compressor(c);
	free(z);
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
