/* utf8.c: UTF-8 validation (RFC 3629) and line/column counting in code
 * points, the way libyaml's marks count. */
#include <string.h>

#include "load.h"

/* Length of the valid sequence at s (n bytes left), 0 if invalid, or
 * -1 when valid so far but cut short by the end. */
static int
seq_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0], lo = 0x80, hi = 0xBF;
	int len, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4;
	else
		return 0;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	for (i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return -1;
		if (s[i] < lo || s[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xBF;
	}
	return len;
}

size_t
cjm_ascii_span(const unsigned char *s, size_t n)
{
	size_t i = 0;

	/* Eight bytes at a time while none has its high bit set. */
	while (i + 8 <= n) {
		uint64_t w;

		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ULL)
			break;
		i += 8;
	}
	while (i < n && s[i] < 0x80)
		i++;
	return i;
}

size_t
cjm_utf8_scan(const unsigned char *s, size_t len, int *cut)
{
	size_t i = 0;

	*cut = 0;
	while (i < len) {
		int k;

		i += cjm_ascii_span(s + i, len - i);
		/* Two-byte characters (Cyrillic, Greek, accents) fast. */
		while (i + 1 < len && s[i] >= 0xC2 && s[i] <= 0xDF &&
		    (s[i + 1] & 0xC0) == 0x80)
			i += 2;
		if (i >= len)
			break;
		if (s[i] < 0x80)
			continue;
		k = seq_len(s + i, len - i);
		if (k <= 0) {
			*cut = k < 0;
			return i;
		}
		i += (size_t)k;
	}
	return len;
}

size_t
cjm_utf8_check(const char *s, size_t len)
{
	int cut;

	return cjm_utf8_scan((const unsigned char *)s, len, &cut);
}

void
cjm_utf8_advance(unsigned long *line, unsigned long *col,
    const unsigned char *s, size_t n)
{
	const unsigned char *nl, *last = NULL, *p = s, *end = s + n;
	size_t i;

	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		(*line)++;
		last = nl;
		p = nl + 1;
	}
	if (last != NULL) {
		*col = 1;
		s = last + 1;
	}
	for (i = 0; s + i < end; i++)
		*col += (s[i] & 0xC0) != 0x80;
}

size_t
cjm_utf8_put(unsigned long u, unsigned char *o)
{
	if (u < 0x80) {
		o[0] = (unsigned char)u;
		return 1;
	}
	if (u < 0x800) {
		o[0] = (unsigned char)(0xC0 | u >> 6);
		o[1] = (unsigned char)(0x80 | (u & 0x3F));
		return 2;
	}
	if (u < 0x10000) {
		o[0] = (unsigned char)(0xE0 | u >> 12);
		o[1] = (unsigned char)(0x80 | (u >> 6 & 0x3F));
		o[2] = (unsigned char)(0x80 | (u & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | u >> 18);
	o[1] = (unsigned char)(0x80 | (u >> 12 & 0x3F));
	o[2] = (unsigned char)(0x80 | (u >> 6 & 0x3F));
	o[3] = (unsigned char)(0x80 | (u & 0x3F));
	return 4;
}
