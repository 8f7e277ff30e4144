/* cell.c: a grid cell's text as a map wants it: HTML left over from Word
 * or Confluence stripped, bullets and numbered lines as list items, a
 * header cell split into name and subtitle. The HTML is a fragment in
 * plain text ("a < b" stays text), so tags are cut here by hand rather
 * than by libxml2's HTML parser, which would take a stray '<' as markup
 * and fold the line breaks that make list items. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "convert_impl.h"

/* Tags that end a line, in lower case without '<' and attributes. */
static int
tag_breaks(const char *t, size_t n)
{
	static const char *const brk[] = { "br", "br/", "p", "/p", "li",
	    "/li", "div", "/div", "ul", "/ul", "ol", "/ol", "tr", "/tr" };
	size_t i;

	for (i = 0; i < sizeof(brk) / sizeof(brk[0]); i++)
		if (strlen(brk[i]) == n && strncasecmp(brk[i], t, n) == 0)
			return 1;
	return 0;
}

/* Decode the entity at s (after '&'); appends it and returns the bytes
 * used, or 0 when it is not one we know (the '&' is then kept). */
static size_t
entity(sbuf *b, const char *s)
{
	static const struct { const char *name, *text; } ents[] = {
		{ "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" },
		{ "quot;", "\"" }, { "apos;", "'" }, { "#39;", "'" },
		{ "nbsp;", " " }, { "laquo;", "«" }, { "raquo;", "»" },
		{ "mdash;", "—" }, { "ndash;", "–" }, { "bull;", "•" },
	};
	size_t i;

	for (i = 0; i < sizeof(ents) / sizeof(ents[0]); i++)
		if (strncmp(s, ents[i].name, strlen(ents[i].name)) == 0) {
			sb_str(b, ents[i].text);
			return strlen(ents[i].name);
		}
	return 0;
}

/* Strip tags (line-breaking ones become '\n'; <li> also a bullet),
 * decode entities, drop the CR of a CR LF: a CR alone is a line end, as
 * old Mac files write them (it was dropped, and the words around it ran
 * together). *sub gets the text of the first <i>, <em> or <small> when
 * sub is not NULL (that text then leaves the result). */
static char *
strip_html(const char *s, char **sub)
{
	sbuf b = { 0 }, sb = { 0 };
	sbuf *to = &b;
	const char *p, *end;

	sb_str(&b, "");
	for (p = s; *p != '\0'; p++) {
		size_t n;

		if (*p == '<' && (end = strchr(p, '>')) != NULL &&
		    (isalpha((unsigned char)p[1]) || p[1] == '/')) {
			const char *t = p + 1;

			n = strcspn(t, " \t>");
			if (n > (size_t)(end - t))
				n = (size_t)(end - t);
			if (tag_breaks(t, n))
				sb_str(to, n == 2 && strncasecmp(t, "li", 2) == 0 ?
				    "\n• " : "\n");
			else if (sub != NULL && (strncasecmp(t, "i>", 2) == 0 ||
			    strncasecmp(t, "em>", 3) == 0 ||
			    strncasecmp(t, "small>", 6) == 0) && sb.s == NULL) {
				sb_str(&sb, "");
				to = &sb;
			} else if (t[0] == '/' && to == &sb)
				to = &b;
			p = end;
		} else if (*p == '&' && (n = entity(to, p + 1)) > 0)
			p += n;
		else if (*p != '\r') {	/* a run of plain text at once */
			n = 1 + strcspn(p + 1, "<&\r");
			sb_add(to, p, n);
			p += n - 1;
		} else if (p[1] != '\n')	/* a CR alone ends a line too */
			sb_str(to, "\n");
	}
	if (sub != NULL)
		*sub = sb.s;
	else
		free(sb.s);
	return b.s;
}

/* Length of a bullet or number marker that starts line s, with the
 * space after it; 0 when the line does not start with one. A marker
 * must be followed by a space, so "-5% off" stays text. */
static size_t
marker(const char *s)
{
	static const char *const bullets[] = { "•", "·", "‣", "▪", "◦",
	    "–", "—", "-", "*", "+" };
	size_t i, n;

	for (i = 0; i < sizeof(bullets) / sizeof(bullets[0]); i++) {
		n = strlen(bullets[i]);
		if (strncmp(s, bullets[i], n) == 0 && (s[n] == ' ' ||
		    s[n] == '\t'))
			return n + 1;
	}
	for (n = 0; isdigit((unsigned char)s[n]) && n < 3; n++)
		;
	if (n > 0 && (s[n] == '.' || s[n] == ')') && (s[n + 1] == ' ' ||
	    s[n + 1] == '\t'))
		return n + 2;
	return 0;
}

/* Trimmed copy of s[0..n) appended to arr (or to its last item with a
 * space when join); empty text is skipped. */
static void
add_item(json_t *arr, const char *s, size_t n, int join)
{
	char *t;
	json_t *last;

	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0)
		return;
	last = json_array_get(arr, json_array_size(arr) - 1);
	if (join && last != NULL) {
		const char *old = json_string_value(last);
		size_t on = strlen(old);

		if ((t = malloc(on + n + 2)) == NULL)
			return;
		memcpy(t, old, on);
		t[on] = ' ';
		memcpy(t + on + 1, s, n);
		t[on + n + 1] = '\0';
		json_string_set(last, t);
		free(t);
		return;
	}
	json_array_append_new(arr, json_stringn(s, n));
}

/* Items on one line, split at inline bullets: "• a • b". */
static void
inline_bullets(json_t *arr, const char *s, size_t n)
{
	const char *p = s, *end = s + n, *q;

	while (p < end) {
		q = strstr(p, " • ");
		if (q == NULL || q >= end)
			q = end;
		add_item(arr, p, (size_t)(q - p), 0);
		p = q == end ? end : q + strlen(" • ");
	}
}

json_t *
cell_items(const char *text)
{
	char *s = strip_html(text, NULL), *line, *next;
	json_t *arr = json_array();
	int bulleted = 0;
	size_t m;

	if (s == NULL || arr == NULL) {
		free(s);
		json_decref(arr);
		return NULL;
	}
	for (line = s; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		if ((m = marker(line)) > 0) {
			bulleted = 1;
			if (strncmp(line, "•", 3) == 0)
				inline_bullets(arr, line + m, strlen(line + m));
			else
				add_item(arr, line + m, strlen(line + m), 0);
		} else		/* a wrapped line continues its bullet */
			add_item(arr, line, strlen(line), bulleted);
	}
	free(s);
	return arr;
}

char *
cell_plain(const char *text, const char *sep)
{
	json_t *items = cell_items(text);
	sbuf b = { 0 };
	size_t i;

	sb_str(&b, "");
	for (i = 0; i < json_array_size(items); i++) {
		if (i > 0)
			sb_str(&b, sep);
		sb_str(&b, json_string_value(json_array_get(items, i)));
	}
	json_decref(items);
	return b.s;
}

void
cell_title(const char *text, char **name, char **sub)
{
	char *s = strip_html(text, sub), *nl;

	*name = NULL;
	if (s == NULL)
		return;
	if ((nl = strchr(s, '\n')) != NULL) {
		*nl++ = '\0';
		if (*sub == NULL || **sub == '\0') {
			free(*sub);
			*sub = cell_plain(nl, " ");
		}
	}
	*name = cell_plain(s, " ");
	free(s);
	if (*sub != NULL && (*sub)[0] == '\0') {
		free(*sub);
		*sub = NULL;
	} else if (*sub != NULL) {
		char *t = cell_plain(*sub, " ");

		free(*sub);
		*sub = t;
	}
}
