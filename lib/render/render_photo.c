/* render_photo.c: the persona's photo: a regular PNG file of bounded
 * size, read only after its header says what it is. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render.h"

/* The path of the photo: absolute as given; relative to --photo-dir,
 * else to the map file's folder, else (a map from standard input) to the
 * current folder. */
static void
photo_path(const struct cjm_render *r, const char *photo, char *path,
    size_t size)
{
	const char *file = r->file, *slash;

	if (photo[0] == '/')
		snprintf(path, size, "%s", photo);
	else if (r->o.photo_dir != NULL)
		snprintf(path, size, "%s/%s", r->o.photo_dir, photo);
	else if (file != NULL && (slash = strrchr(file, '/')) != NULL)
		snprintf(path, size, "%.*s/%s", (int)(slash - file), file,
		    photo);
	else
		snprintf(path, size, "%s", photo);
}

/* A map from standard input has no folder of its own. */
static int
from_stdin(const struct cjm_render *r)
{
	return r->file == NULL || strcmp(r->file, "-") == 0 ||
	    strcmp(r->file, "<stdin>") == 0;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* What is wrong with the file, from its first 24 bytes; NULL when it is
 * a PNG of at most CJM_RENDER_PHOTO_PIXELS pixels. */
static const char *
photo_header(const unsigned char *h, size_t n, char *why, size_t size)
{
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r',
	    '\n', 0x1A, '\n' };
	uint32_t w, ht;

	if (n >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF)
		return "it is a JPEG, and only PNG is supported: convert it, "
		    "e.g. with 'magick photo.jpg photo.png'";
	if (n < 24 || memcmp(h, png, 8) != 0 || memcmp(h + 12, "IHDR", 4))
		return "it is not a PNG file";
	w = be32(h + 16);
	ht = be32(h + 20);
	if (w == 0 || ht == 0 || (double)w * ht > CJM_RENDER_PHOTO_PIXELS) {
		snprintf(why, size, "it is %lu x %lu pixels, over the limit of "
		    "%d million: scale it down", (unsigned long)w,
		    (unsigned long)ht, CJM_RENDER_PHOTO_PIXELS / 1000000);
		return why;
	}
	return NULL;
}

static cairo_status_t
read_fp(void *fp, unsigned char *buf, unsigned int n)
{
	return fread(buf, 1, n, fp) == n ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_READ_ERROR;
}

/* The decoded photo, or NULL after a warning. A FIFO or device is not
 * opened for reading (it could block forever or never end). */
static cairo_surface_t *
photo_load(struct cjm_render *r, const char *path)
{
	unsigned char h[24];
	char why[160];
	const char *bad = NULL;
	cairo_surface_t *img = NULL;
	struct stat st;
	FILE *fp = NULL;
	size_t n = 0;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);

	if (fd < 0)
		bad = strerror(errno);
	else if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		bad = "it is not a regular file";
	else if ((fp = fdopen(fd, "rb")) == NULL)
		bad = strerror(errno);
	else {
		fd = -1;
		n = fread(h, 1, sizeof(h), fp);
		if ((bad = photo_header(h, n, why, sizeof(why))) == NULL) {
			rewind(fp);
			img = cairo_image_surface_create_from_png_stream(read_fp,
			    fp);
			if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS)
				bad = cairo_status_to_string(
				    cairo_surface_status(img));
		}
	}
	if (fd >= 0)
		close(fd);
	if (fp != NULL)
		fclose(fp);
	if (bad == NULL)
		return img;
	cairo_surface_destroy(img);
	render_warn(r, "render-photo", "persona.photo", "cannot use the "
	    "persona's photo '%s': %s; drawn without it%s", path, bad,
	    r->o.photo_dir == NULL && from_stdin(r) && path[0] != '/' ?
	    " (for a map from standard input a relative photo is looked for "
	    "in the current folder: give --photo-dir)" : "");
	return NULL;
}

void
persona_photo(struct cjm_render *r, cairo_t *cr, const char *photo, double x,
    double y, double side)
{
	char path[4096];
	cairo_surface_t *img;
	double k;

	photo_path(r, photo, path, sizeof(path));
	if ((img = photo_load(r, path)) == NULL)
		return;
	k = side / fmax(cairo_image_surface_get_width(img),
	    cairo_image_surface_get_height(img));
	cairo_save(cr);
	rounded(cr, x, y, side, side, side / 6);
	cairo_clip(cr);
	cairo_translate(cr, x, y);
	cairo_scale(cr, k, k);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_paint(cr);
	cairo_restore(cr);
	cairo_surface_destroy(img);
}
