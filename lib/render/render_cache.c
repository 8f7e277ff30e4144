/* render_cache.c: texts laid out so far, so each is shaped once. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

/*
 * Text is laid out at one nominal size and scaled (render.c), so a
 * text's size depends only on its words, its wrap width in layout units
 * and its style. The fitting search measures every cell at several
 * scales and the draw pass measures them again; shaping is most of a
 * render's time, and most of those layouts repeat. The layout itself is
 * kept too: the draw pass shows the one the measure pass shaped.
 */
struct tcache_ent {
	char *text;		/* NULL: an empty slot */
	uint64_t hash;
	int width, style;
	struct tsize sz;
	PangoLayout *lay;	/* owned */
};

struct tcache {
	struct tcache_ent *v;
	size_t n, cap;		/* cap a power of two, at most half full */
};

static uint64_t
text_hash(const char *s, int width, int style)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	h = (h ^ (uint32_t)width) * 1099511628211ULL;
	return (h ^ (uint32_t)style) * 1099511628211ULL;
}

static struct tcache_ent *
slot(struct tcache_ent *v, size_t cap, const char *text, uint64_t h,
    int width, int style)
{
	size_t i = (size_t)h & (cap - 1);

	while (v[i].text != NULL && !(v[i].hash == h && v[i].width == width &&
	    v[i].style == style && strcmp(v[i].text, text) == 0))
		i = (i + 1) & (cap - 1);
	return &v[i];
}

/* The layout of text at width and style, and its size; NULL when it
 * was not laid out yet. */
PangoLayout *
tcache_get(const struct tcache *c, const char *text, int width, int style,
    struct tsize *sz)
{
	const struct tcache_ent *e;

	if (c == NULL || c->cap == 0)
		return NULL;
	e = slot(c->v, c->cap, text, text_hash(text, width, style), width,
	    style);
	if (e->text == NULL)
		return NULL;
	*sz = e->sz;
	return e->lay;
}

static int
grow(struct tcache *c)
{
	size_t cap = c->cap ? c->cap * 2 : 1024, i;
	struct tcache_ent *v = calloc(cap, sizeof(*v));

	if (v == NULL)
		return -1;
	for (i = 0; i < c->cap; i++)
		if (c->v[i].text != NULL)
			*slot(v, cap, c->v[i].text, c->v[i].hash,
			    c->v[i].width, c->v[i].style) = c->v[i];
	free(c->v);
	c->v = v;
	c->cap = cap;
	return 0;
}

/* Keep a layout (the cache owns it from here); 0, or -1 when out of
 * memory, and then the caller still owns it. */
int
tcache_put(struct tcache *c, const char *text, int width, int style,
    const struct tsize *sz, PangoLayout *lay)
{
	uint64_t h = text_hash(text, width, style);
	struct tcache_ent *e;

	if (c == NULL || ((c->n + 1) * 2 > c->cap && grow(c) < 0))
		return -1;
	e = slot(c->v, c->cap, text, h, width, style);
	if (e->text != NULL || (e->text = strdup(text)) == NULL)
		return -1;
	e->hash = h;
	e->width = width;
	e->style = style;
	e->sz = *sz;
	e->lay = lay;
	c->n++;
	return 0;
}

size_t
tcache_count(const struct tcache *c)
{
	return c == NULL ? 0 : c->n;
}

/* Forget every text (a long deck of different maps would otherwise
 * keep every layout of every map). */
void
tcache_clear(struct tcache *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->cap; i++)
		if (c->v[i].text != NULL) {
			free(c->v[i].text);
			free(c->v[i].sz.bk);
			g_object_unref(c->v[i].lay);
		}
	free(c->v);
	c->v = NULL;
	c->n = c->cap = 0;
}

struct tcache *
tcache_new(void)
{
	return calloc(1, sizeof(struct tcache));
}

void
tcache_free(struct tcache *c)
{
	tcache_clear(c);
	free(c);
}
