/* sbuf.c: the growing output string every converter writes into, and
 * numbers as the converters write them. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert_impl.h"
#include "grow.h"
#include "num.h"

void
sb_add(sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap &&
	    cjm_grow(&b->s, &b->cap, b->len + n, 1, 256) != 0) {
		b->oom = 1;
		return;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
sb_str(sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

void
sb_printf(sbuf *b, const char *fmt, ...)
{
	char small[256], *big;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = cjm_vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		sb_add(b, small, (size_t)n);
		return;
	}
	if ((big = malloc((size_t)n + 1)) == NULL) {
		b->oom = 1;
		return;
	}
	va_start(ap, fmt);
	cjm_vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb_add(b, big, (size_t)n);
	free(big);
}

int
sb_emit(sbuf *b, cjm_write_fn fn, void *ctx)
{
	int r = CJM_OK;

	if (b->oom || (b->len > 0 && fn(b->s, b->len, ctx) != 0))
		r = CJM_ESYS;
	free(b->s);
	memset(b, 0, sizeof(*b));
	return r;
}

json_t *
conv_number(double v)
{
	return v == floor(v) && fabs(v) < 1e15 ? json_integer((json_int_t)v) :
	    json_real(v);
}
