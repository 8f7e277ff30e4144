/* write.c: the writer: a jansson value as one JSON document (reals in
 * their shortest round-trip form, which jansson 2.14 cannot do) or one
 * YAML document through libyaml's emitter, quoted where YAML 1.1 or 1.2
 * would read a string as something else. */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "cjm.h"
#include "num.h"

/* Deeper trees are refused: writing recurses, and so would a reader of
 * the output (the loader refuses depth over its limit, 64 by default). */
#define WRITE_MAX_DEPTH CJM_DEPTH_MAX

struct out {
	cjm_write_fn fn;
	void *ctx;
	int failed;
	int deep;		/* the tree is deeper than WRITE_MAX_DEPTH */
	size_t len;
	char buf[8192];
};

static void
out_flush(struct out *o)
{
	if (o->len > 0 && !o->failed && o->fn(o->buf, o->len, o->ctx) != 0)
		o->failed = 1;
	o->len = 0;
}

static void
out_put(struct out *o, const char *s, size_t n)
{
	if (n > sizeof(o->buf) - o->len) {
		out_flush(o);
		if (n > sizeof(o->buf)) {
			if (!o->failed && o->fn(s, n, o->ctx) != 0)
				o->failed = 1;
			return;
		}
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void
out_str(struct out *o, const char *s)
{
	out_put(o, s, strlen(s));
}

/* The shortest text that reads back as d, always with a '.' so that it
 * stays a real: 0.1, 1.0, 1.0e+20. */
static void
real_text(double d, char *buf, size_t size)
{
	char tmp[40], *e;
	int prec;

	/* A decimal of 15 digits or fewer survives the trip through a
	 * double, so %.15g is the shortest form whenever it reads back;
	 * subnormals hold fewer digits and start lower. */
	for (prec = fabs(d) < DBL_MIN ? 1 : 15; prec < 17; prec++) {
		cjm_snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
		if (cjm_strtod(tmp, NULL) == d)
			break;
	}
	if (prec == 17)
		cjm_snprintf(tmp, sizeof(tmp), "%.17g", d);
	if (strchr(tmp, '.') != NULL)
		snprintf(buf, size, "%s", tmp);
	else if ((e = strchr(tmp, 'e')) != NULL)
		snprintf(buf, size, "%.*s.0%s", (int)(e - tmp), tmp, e);
	else
		snprintf(buf, size, "%s.0", tmp);
}

/* ----------------------------------------------------------------- JSON */

static void
json_str(struct out *o, const char *s, size_t n)
{
	size_t i, run = 0;
	char esc[8];

	out_put(o, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		out_put(o, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': out_put(o, "\\\"", 2); break;
		case '\\': out_put(o, "\\\\", 2); break;
		case '\n': out_put(o, "\\n", 2); break;
		case '\t': out_put(o, "\\t", 2); break;
		case '\r': out_put(o, "\\r", 2); break;
		case '\b': out_put(o, "\\b", 2); break;
		case '\f': out_put(o, "\\f", 2); break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			out_put(o, esc, 6);
		}
	}
	out_put(o, s + run, n - run);
	out_put(o, "\"", 1);
}

static void
json_indent(struct out *o, int pretty, unsigned depth)
{
	static const char sp[] = "                                ";
	size_t n = (size_t)depth * 2;

	if (!pretty)
		return;
	out_put(o, "\n", 1);
	for (; n > sizeof(sp) - 1; n -= sizeof(sp) - 1)
		out_put(o, sp, sizeof(sp) - 1);
	out_put(o, sp, n);
}

static void json_node(struct out *, const json_t *, int, unsigned);

static void
json_object_out(struct out *o, const json_t *v, int pretty, unsigned depth)
{
	void *it;
	size_t i;

	if (json_object_size(v) == 0) {
		out_put(o, "{}", 2);
		return;
	}
	out_put(o, "{", 1);
	for (it = json_object_iter((json_t *)v), i = 0; it != NULL;
	    it = json_object_iter_next((json_t *)v, it), i++) {
		if (i > 0)
			out_put(o, ",", 1);
		json_indent(o, pretty, depth + 1);
		json_str(o, json_object_iter_key(it),
		    json_object_iter_key_len(it));
		out_put(o, pretty ? ": " : ":", pretty ? 2 : 1);
		json_node(o, json_object_iter_value(it), pretty, depth + 1);
	}
	json_indent(o, pretty, depth);
	out_put(o, "}", 1);
}

static void
json_array_out(struct out *o, const json_t *v, int pretty, unsigned depth)
{
	size_t i, n = json_array_size(v);

	if (n == 0) {
		out_put(o, "[]", 2);
		return;
	}
	out_put(o, "[", 1);
	for (i = 0; i < n; i++) {
		if (i > 0)
			out_put(o, ",", 1);
		json_indent(o, pretty, depth + 1);
		json_node(o, json_array_get(v, i), pretty, depth + 1);
	}
	json_indent(o, pretty, depth);
	out_put(o, "]", 1);
}

static void
json_node(struct out *o, const json_t *v, int pretty, unsigned depth)
{
	char num[48];

	if (depth > WRITE_MAX_DEPTH) {
		o->deep = o->failed = 1;
		return;
	}
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		json_object_out(o, v, pretty, depth);
		return;
	case JSON_ARRAY:
		json_array_out(o, v, pretty, depth);
		return;
	case JSON_STRING:
		json_str(o, json_string_value(v), json_string_length(v));
		return;
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		out_str(o, num);
		return;
	case JSON_REAL:
		real_text(json_real_value(v), num, sizeof(num));
		out_str(o, num);
		return;
	case JSON_TRUE:
		out_put(o, "true", 4);
		return;
	case JSON_FALSE:
		out_put(o, "false", 5);
		return;
	default:
		out_put(o, "null", 4);
	}
}

/* ----------------------------------------------------------------- YAML */

static int
is_word(const char *s, size_t n)
{
	/* What YAML 1.1 or 1.2 reads as a boolean or null, or treats
	 * specially (merge key, value key). */
	static const char *const words[] = { "y", "Y", "yes", "Yes", "YES",
	    "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
	    "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null",
	    "Null", "NULL", "~", "<<", "=", ".inf", ".Inf", ".INF", "+.inf",
	    "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN",
	    ".NAN", NULL };
	size_t i;

	for (i = 0; words[i] != NULL; i++)
		if (strlen(words[i]) == n && memcmp(words[i], s, n) == 0)
			return 1;
	return 0;
}

/* Whether a plain s would be read as anything but this string by YAML
 * 1.1 or 1.2: booleans, nulls, numbers in any base, with '_' or ':'
 * (sexagesimal), and timestamps. Erring towards quotes is harmless. */
static int
needs_quotes(const char *s, size_t n)
{
	size_t i = n > 0 && (s[0] == '-' || s[0] == '+');

	if (n == 0 || is_word(s, n))
		return 1;
	if (i == n || !(isdigit((unsigned char)s[i]) ||
	    (s[i] == '.' && (i + 1 == n || isdigit((unsigned char)s[i + 1])))))
		return 0;
	if (n >= 8 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1])
	    && isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) &&
	    s[4] == '-')
		return 1;	/* 2026-11-23, a timestamp */
	for (; i < n; i++)
		if (!isxdigit((unsigned char)s[i]) && !strchr("xXoO_.:+-", s[i]))
			return 0;
	return 1;
}

static int
emit_out(void *ctx, unsigned char *buf, size_t size)
{
	struct out *o = ctx;

	out_put(o, (const char *)buf, size);
	return !o->failed;
}

/* Whether s has a character YAML 1.1 reads as a line break but LF: a
 * CR, NEL, U+2028, U+2029. libyaml writes U+2028 and U+2029 as they are
 * in other styles, which cjm's reader refuses (line-break-char) and any
 * reader would break the line at; double quotes escape them all. */
static int
has_odd_break(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\r' || (s[i] == '\xC2' && i + 1 < n &&
		    s[i + 1] == '\x85') || (s[i] == '\xE2' && i + 2 < n &&
		    s[i + 1] == '\x80' && (s[i + 2] == '\xA8' ||
		    s[i + 2] == '\xA9')))
			return 1;
	return 0;
}

static int
emit_scalar(yaml_emitter_t *em, const char *s, size_t n, int string)
{
	yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;
	yaml_event_t ev;

	if (string && (needs_quotes(s, n) || has_odd_break(s, n)))
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	else if (string && memchr(s, '\n', n) != NULL)
		style = YAML_LITERAL_SCALAR_STYLE;
	return yaml_scalar_event_initialize(&ev, NULL, NULL,
	    (yaml_char_t *)s, (int)n, 1, 1, style) &&
	    yaml_emitter_emit(em, &ev);
}

static int
emit_node(yaml_emitter_t *em, const json_t *v, struct out *o, unsigned depth)
{
	yaml_event_t ev;
	char num[48];
	size_t i, n;
	void *it;

	if (depth > WRITE_MAX_DEPTH) {
		o->deep = 1;
		return 0;
	}
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
		    YAML_BLOCK_MAPPING_STYLE) || !yaml_emitter_emit(em, &ev))
			return 0;
		for (it = json_object_iter((json_t *)v); it != NULL;
		    it = json_object_iter_next((json_t *)v, it))
			if (!emit_scalar(em, json_object_iter_key(it),
			    json_object_iter_key_len(it), 1) ||
			    !emit_node(em, json_object_iter_value(it), o,
			    depth + 1))
				return 0;
		return yaml_mapping_end_event_initialize(&ev) &&
		    yaml_emitter_emit(em, &ev);
	case JSON_ARRAY:
		if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
		    YAML_BLOCK_SEQUENCE_STYLE) || !yaml_emitter_emit(em, &ev))
			return 0;
		for (i = 0, n = json_array_size(v); i < n; i++)
			if (!emit_node(em, json_array_get(v, i), o, depth + 1))
				return 0;
		return yaml_sequence_end_event_initialize(&ev) &&
		    yaml_emitter_emit(em, &ev);
	case JSON_STRING:
		return emit_scalar(em, json_string_value(v),
		    json_string_length(v), 1);
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		break;
	case JSON_REAL:
		real_text(json_real_value(v), num, sizeof(num));
		break;
	case JSON_TRUE:
		return emit_scalar(em, "true", 4, 0);
	case JSON_FALSE:
		return emit_scalar(em, "false", 5, 0);
	default:
		return emit_scalar(em, "null", 4, 0);
	}
	return emit_scalar(em, num, strlen(num), 0);
}

static int
emit_doc(yaml_emitter_t *em, const json_t *v, struct out *o)
{
	yaml_event_t ev;

	return yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) &&
	    yaml_emitter_emit(em, &ev) &&
	    yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 0) &&
	    yaml_emitter_emit(em, &ev) && emit_node(em, v, o, 0) &&
	    yaml_document_end_event_initialize(&ev, 1) &&
	    yaml_emitter_emit(em, &ev) &&
	    yaml_stream_end_event_initialize(&ev) &&
	    yaml_emitter_emit(em, &ev) && yaml_emitter_flush(em);
}

static int
write_yaml(const json_t *v, struct out *o)
{
	yaml_emitter_t em;
	int ok;

	if (!yaml_emitter_initialize(&em))
		return 0;
	yaml_emitter_set_output(&em, emit_out, o);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);
	yaml_emitter_set_indent(&em, 2);
	ok = emit_doc(&em, v, o);
	yaml_emitter_delete(&em);
	return ok;
}

int
cjm_write(const json_t *v, unsigned flags, cjm_write_fn fn, void *ctx,
    cjm_diags *ds)
{
	static const cjm_pos zero;
	struct out *o = malloc(sizeof(*o));
	int ok = 1, deep;

	if (o == NULL || v == NULL) {
		cjm_diags_add(ds, CJM_FATAL, o ? "usage" : "nomem", NULL, 0,
		    NULL, zero, NULL, o ? "nothing to write" : "out of memory");
		free(o);
		return CJM_ESYS;
	}
	o->fn = fn;
	o->ctx = ctx;
	o->failed = o->deep = 0;
	o->len = 0;
	if (flags & CJM_WRITE_YAML) {
		ok = write_yaml(v, o);
	} else {
		json_node(o, v, (flags & CJM_WRITE_PRETTY) != 0, 0);
		out_put(o, "\n", 1);
	}
	out_flush(o);
	ok = ok && !o->failed;
	deep = o->deep;
	free(o);
	if (deep) {
		cjm_diags_add(ds, CJM_ERROR, "too-deep", NULL, 0, NULL, zero,
		    NULL, "nesting deeper than %d cannot be written",
		    WRITE_MAX_DEPTH);
		return CJM_EDATA;
	}
	if (!ok)
		cjm_diags_add(ds, CJM_FATAL, "write", NULL, 0, NULL, zero, NULL,
		    "cannot write the output");
	return ok ? CJM_OK : CJM_ESYS;
}

static int
file_out(const char *buf, size_t len, void *ctx)
{
	return fwrite(buf, 1, len, ctx) == len ? 0 : -1;
}

int
cjm_write_file(const json_t *v, unsigned flags, FILE *fp, cjm_diags *ds)
{
	static const cjm_pos zero;
	int st = cjm_write(v, flags, file_out, fp, ds);

	if (st == CJM_OK && (fflush(fp) != 0 || ferror(fp))) {
		cjm_diags_add(ds, CJM_FATAL, "write", NULL, 0, NULL, zero, NULL,
		    "write error: %s", strerror(errno));
		st = CJM_ESYS;
	}
	return st;
}
