/* yaml_scalar.c: what a YAML scalar means: tags first, then style, then
 * the YAML 1.2 core schema for plain scalars (null, bool, int, float,
 * else string), numbers refused when out of range, never clamped. */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "load.h"

enum kind { K_STR, K_NULL, K_TRUE, K_FALSE, K_INT10, K_INT8, K_INT16,
	K_FLOAT, K_INF, K_NAN };

static int
is_one_of(const char *s, size_t len, const char *const *words)
{
	for (; *words != NULL; words++)
		if (strlen(*words) == len && memcmp(s, *words, len) == 0)
			return 1;
	return 0;
}

static size_t
digits(const char *s, size_t len, const char *set)
{
	size_t i = 0;

	while (i < len && s[i] != '\0' && strchr(set, s[i]) != NULL)
		i++;
	return i;
}

#define DEC "0123456789"

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static int
is_float(const char *s, size_t len)
{
	size_t i = 0, d, f = 0;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	d = digits(s + i, len - i, DEC);
	i += d;
	if (i < len && s[i] == '.') {
		i++;
		f = digits(s + i, len - i, DEC);
		i += f;
	}
	if (d == 0 && f == 0)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		if ((d = digits(s + i, len - i, DEC)) == 0)
			return 0;
		i += d;
	}
	return i == len;
}

/* What a plain scalar means in the YAML 1.2 core schema. */
static enum kind
classify(const char *s, size_t len)
{
	static const char *const nulls[] = { "~", "null", "Null", "NULL", NULL };
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE", NULL };
	static const char *const infs[] = { ".inf", ".Inf", ".INF", "+.inf",
	    "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", NULL };
	static const char *const nans[] = { ".nan", ".NaN", ".NAN", NULL };
	size_t i = len > 0 && (s[0] == '-' || s[0] == '+');

	/* Most text starts with a letter that no other kind can. */
	if (len > 5 || (len > 0 && strchr("~nNtTfF", s[0]) == NULL)) {
		if (s[i] != '.' && (s[i] < '0' || s[i] > '9'))
			return K_STR;
	}
	if (len == 0 || is_one_of(s, len, nulls))
		return K_NULL;
	if (is_one_of(s, len, trues))
		return K_TRUE;
	if (is_one_of(s, len, falses))
		return K_FALSE;
	if (i < len && digits(s + i, len - i, DEC) == len - i)
		return K_INT10;
	if (len > 2 && s[0] == '0' && s[1] == 'o' &&
	    digits(s + 2, len - 2, "01234567") == len - 2)
		return K_INT8;
	if (len > 2 && s[0] == '0' && s[1] == 'x' &&
	    digits(s + 2, len - 2, DEC "abcdefABCDEF") == len - 2)
		return K_INT16;
	if (is_float(s, len))
		return K_FLOAT;
	if (is_one_of(s, len, infs))
		return K_INF;
	if (is_one_of(s, len, nans))
		return K_NAN;
	return K_STR;
}

/* The value of s read as k; NULL with the error reported. */
static json_t *
make(cjm_build *b, enum kind k, const char *s, size_t len, const cjm_pos *pos,
    int *st)
{
	int show = len > 40 ? 40 : (int)len;
	json_int_t i = 0;
	double d = 0;
	int rc = 0;

	switch (k) {
	case K_NULL:
		return json_null();
	case K_TRUE:
		return json_true();
	case K_FALSE:
		return json_false();
	case K_INT10:
	case K_INT8:
	case K_INT16:
		rc = k == K_INT10 ? cjm_num_int(s, len, 10, &i) :
		    cjm_num_int(s + 2, len - 2, k == K_INT8 ? 8 : 16, &i);
		if (rc == 0)
			return cjm_build_int(b, i);
		break;
	case K_FLOAT:
		if ((rc = cjm_num_real(s, len, &d)) == 0)
			return cjm_build_real(b, d);
		break;
	case K_INF:
	case K_NAN:
		*st = cjm_build_err(b, "nan-inf", pos,
		    "quote it to keep it as text",
		    "'%.*s' is not a number JSON can carry", show, s);
		return NULL;
	default:
		return cjm_build_string(b, s, len);
	}
	*st = rc == -1 ? cjm_build_err(b, "number-range", pos,
	    "quote it to keep it as text", k == K_FLOAT ?
	    "number '%.*s%s' is out of range" :
	    "integer '%.*s%s' is out of the 64-bit range", show, s,
	    (size_t)show < len ? "..." : "") : CJM_ESYS;
	return NULL;
}

/* The tag as written: "!!int" for the core ones. */
static void
tag_name(const char *tag, char *buf, size_t size)
{
	if (strncmp(tag, CJM_CORE, CJM_CORE_LEN) == 0)
		snprintf(buf, size, "!!%s", tag + CJM_CORE_LEN);
	else
		snprintf(buf, size, "%s", tag);
}

int
cjm_yaml_bad_tag(cjm_build *b, const char *tag, const cjm_pos *pos)
{
	char name[128];

	tag_name(tag, name, sizeof(name));
	return cjm_build_err(b, "tag", pos,
	    "remove the tag; core tags (!!str, !!int, ...) are allowed",
	    "unsupported tag '%s'", name);
}

json_t *
cjm_yaml_scalar(cjm_build *b, const yaml_event_t *ev, const cjm_pos *pos,
    int *st)
{
	const char *s = (const char *)ev->data.scalar.value;
	const char *tag = (const char *)ev->data.scalar.tag;
	size_t len = ev->data.scalar.length;
	enum kind k = K_STR, want;
	char name[128];

	if (tag == NULL && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
		return make(b, classify(s, len), s, len, pos, st);
	if (tag == NULL || strcmp(tag, "!") == 0 || strcmp(tag, CJM_CORE "str") == 0)
		return cjm_build_string(b, s, len);
	k = classify(s, len);
	if (strcmp(tag, CJM_CORE "null") == 0)
		want = k == K_NULL ? k : K_STR;
	else if (strcmp(tag, CJM_CORE "bool") == 0)
		want = k == K_TRUE || k == K_FALSE ? k : K_STR;
	else if (strcmp(tag, CJM_CORE "int") == 0)
		want = k >= K_INT10 && k <= K_INT16 ? k : K_STR;
	else if (strcmp(tag, CJM_CORE "float") == 0)
		want = k >= K_INT10 && k <= K_NAN ? K_FLOAT : K_STR;
	else if (strcmp(tag, CJM_CORE "map") == 0 || strcmp(tag, CJM_CORE "seq") == 0)
		want = K_STR;
	else {
		*st = cjm_yaml_bad_tag(b, tag, pos);
		return NULL;
	}
	if (want == K_FLOAT && k != K_FLOAT) {
		json_t *v = make(b, k, s, len, pos, st);

		/* !!float 12: an integer's text, a real's value. */
		if (v != NULL && json_is_integer(v)) {
			json_t *x = json_real((double)json_integer_value(v));

			json_decref(v);
			v = x;
		}
		return v;
	}
	if (want != K_STR)
		return make(b, want, s, len, pos, st);
	tag_name(tag, name, sizeof(name));
	*st = cjm_build_err(b, "tag-value", pos, NULL,
	    "'%.*s' is not a valid %s", len > 40 ? 40 : (int)len, s, name);
	return NULL;
}
