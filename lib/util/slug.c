/* slug.c: slugs for ids and the Cyrillic-to-Latin transliteration that
 * makes them from Russian names (include/cjm_slug.h). Written here, not
 * taken from iconv's //TRANSLIT: glibc's leaves Cyrillic as '?'. */
#include <string.h>

#include "cjm_slug.h"
#include "load.h"

int
cjm_slug_valid(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return 0;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_' || *s == '-'))
			return 0;
	return 1;
}

/* а..я (U+0430..U+044F) in the web-address scheme. */
static const char *const ru[32] = {
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m",
	"n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh",
	"shch", "", "y", "", "e", "yu", "ya"
};

/* The Latin for lower-case code point u, or NULL when u is not a
 * Cyrillic letter the scheme knows. */
static const char *
latin(unsigned long u)
{
	if (u >= 0x430 && u <= 0x44F)
		return ru[u - 0x430];
	switch (u) {
	case 0x451: return "e";		/* ё */
	case 0x454: return "ye";	/* є */
	case 0x456: return "i";		/* і */
	case 0x457: return "yi";	/* ї */
	case 0x45E: return "u";		/* ў */
	case 0x491: return "g";		/* ґ */
	}
	return NULL;
}

/* Lower case of a Cyrillic capital, or u itself. */
static unsigned long
lower(unsigned long u, int *cap)
{
	*cap = 1;
	if (u >= 0x410 && u <= 0x42F)
		return u + 0x20;
	if (u >= 0x400 && u <= 0x40F)
		return u + 0x50;
	if (u == 0x490)
		return 0x491;
	*cap = 0;
	return u;
}

size_t
cjm_translit(const char *s, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0, n, k;

	if (size == 0)
		return 0;
	while (*p) {
		int cap;
		unsigned long u = lower(cjm_utf8_decode(p, &n), &cap);
		const char *l = latin(u);

		k = l ? strlen(l) : n;
		if (o + k + 1 > size)
			break;
		if (l == NULL)
			memcpy(buf + o, p, n);
		else {
			memcpy(buf + o, l, k);
			if (cap && k > 0)
				buf[o] = (char)(buf[o] - 'a' + 'A');
		}
		o += k;
		p += n;
	}
	buf[o] = '\0';
	return o;
}

/* Append the slug characters of one code point to buf. */
static size_t
slug_put(unsigned long u, char *buf, size_t o, size_t size, int *sep)
{
	int cap;
	const char *l = latin(lower(u, &cap));
	char one[2] = { 0, 0 };
	size_t k;

	if (u >= 'A' && u <= 'Z')
		u += 'a' - 'A';
	if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') ||
	    ((u == '-' || u == '_') && o > 0 && !*sep)) {
		one[0] = (char)u;
		l = one;
	}
	if (l == NULL) {
		*sep = o > 0;		/* a separator, written lazily */
		return o;
	}
	k = strlen(l);
	if (k == 0)
		return o;		/* ъ, ь */
	if (*sep && o + 1 + k + 1 <= size)
		buf[o++] = '-';
	*sep = 0;
	if (o + k + 1 > size)
		return (size_t)-1;
	memcpy(buf + o, l, k);
	return o + k;
}

size_t
cjm_slug_make(const char *name, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t o = 0, n, r;
	int sep = 0;

	if (size == 0)
		return 0;
	for (; *p; p += n) {
		r = slug_put(cjm_utf8_decode(p, &n), buf, o, size, &sep);
		if (r == (size_t)-1) {
			/* Full: end at the last word's end when near. */
			char *d;

			buf[o] = '\0';
			d = strrchr(buf, '-');
			if (d != NULL && (size_t)(d - buf) * 4 >= o * 3)
				o = (size_t)(d - buf);
			break;
		}
		o = r;
	}
	while (o > 0 && (buf[o - 1] == '-' || buf[o - 1] == '_'))
		o--;
	buf[o] = '\0';
	return o;
}
