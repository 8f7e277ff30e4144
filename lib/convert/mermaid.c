/* mermaid.c: Mermaid journey diagrams in and out. Read line by line
 * after Mermaid's own grammar (journey.jison: case-insensitive keywords,
 * '#' and '%%' comments, "Task: score: actor, actor"), written here
 * because the diagnostics need lines and columns. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert_impl.h"
#include "load.h"
#include "num.h"

struct mrd {
	const char *name;
	cjm_diags *ds;
	json_t *stages;
	char *title, *descr, *section;
	unsigned long line;
	double lo, hi;		/* scores seen */
	int failed, journey, tasks;
};

static void
mfail(struct mrd *m, enum cjm_level lv, const char *code,
    unsigned long col, const char *hint, const char *fmt, const char *arg)
{
	cjm_pos p = { m->line, col, 0 };

	cjm_diags_add(m->ds, lv, code, m->name, 0, NULL, p, hint, fmt, arg);
	if (lv >= CJM_ERROR)
		m->failed = 1;
}

/* A malloc()ed copy of s[0..n) without surrounding blanks. */
static char *
trimdup(const char *s, size_t n)
{
	char *t;

	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if ((t = malloc(n + 1)) != NULL) {
		memcpy(t, s, n);
		t[n] = '\0';
	}
	return t;
}

/* Keyword kw (any case) at s, followed by a blank or the end (or ':' for
 * the accessibility keywords). */
static const char *
keyword(const char *s, const char *kw)
{
	size_t n = strlen(kw);

	if (strncasecmp(s, kw, n) != 0)
		return NULL;
	if (s[n] == '\0' || s[n] == ' ' || s[n] == '\t' || s[n] == ':' ||
	    s[n] == '{')
		return s + n;
	return NULL;
}

static void
task(struct mrd *m, const char *s, size_t col)
{
	const char *colon = strchr(s, ':'), *data, *c2;
	json_t *st = json_object(), *actors = json_array();
	char *name, *score, *end;
	double v;

	if (strncmp(s, "\xE2\x81\xA0", 3) == 0)	/* see task_name() */
		s += 3;
	name = trimdup(s, (size_t)(colon - s));
	data = colon + 1;
	c2 = strchr(data, ':');
	score = trimdup(data, c2 ? (size_t)(c2 - data) : strlen(data));
	v = score != NULL ? cjm_strtod(score, &end) : 0;
	if (name == NULL || name[0] == '\0')
		mfail(m, CJM_ERROR, "mermaid-task", col, "write 'Task name: 5: "
		    "Actor'", "a task without a name%s", "");
	else if (score == NULL || score[0] == '\0' || *end != '\0' ||
	    !isfinite(v))
		mfail(m, CJM_ERROR, "mermaid-score", col + (size_t)(data - s),
		    "a task is 'Task name: 5: Actor', the score 1 to 5",
		    "score '%s' is not a number", score ? score : "");
	else {
		json_object_set_new(st, "name", json_string(name));
		if (m->section != NULL)
			json_object_set_new(st, "phase", json_string(m->section));
		json_object_set_new(st, "emotion", conv_number(v));
		if (m->tasks++ == 0 || v < m->lo)
			m->lo = v;
		if (m->tasks == 1 || v > m->hi)
			m->hi = v;
		while (c2 != NULL) {	/* actors: comma separated */
			const char *a = c2 + 1, *e = a + strcspn(a, ",");
			char *t = trimdup(a, (size_t)(e - a));

			if (t != NULL && t[0] != '\0')
				json_array_append_new(actors, json_string(t));
			free(t);
			c2 = *e == ',' ? e : NULL;
		}
		if (json_array_size(actors) > 0)
			json_object_set(st, "x-actors", actors);
		json_array_append(m->stages, st);
	}
	json_decref(st);
	json_decref(actors);
	free(name);
	free(score);
}

static void
set_text(char **to, const char *s)
{
	free(*to);
	*to = trimdup(s, strlen(s));
}

/* One statement (a line without its comment). */
static void
statement(struct mrd *m, char *s, size_t col)
{
	const char *rest;

	if (!m->journey) {
		if ((rest = keyword(s, "journey")) != NULL && rest[strspn(rest,
		    " \t")] == '\0') {
			m->journey = 1;
			return;
		}
		mfail(m, CJM_ERROR, "mermaid-journey", col, "a Mermaid user "
		    "journey starts with the line 'journey'", "'%s' is not "
		    "the start of a journey diagram", s);
		return;
	}
	if ((rest = keyword(s, "title")) != NULL)
		set_text(&m->title, rest);
	else if ((rest = keyword(s, "section")) != NULL)
		set_text(&m->section, rest);
	else if ((rest = keyword(s, "accTitle")) != NULL)
		;	/* the diagram's title for screen readers: title says it */
	else if ((rest = keyword(s, "accDescr")) != NULL)
		set_text(&m->descr, rest + strspn(rest, " \t:{"));
	else if (strchr(s, ':') != NULL)
		task(m, s, col);
	else
		mfail(m, CJM_ERROR, "mermaid-task", col, "a task is 'Task "
		    "name: 5: Actor'; other lines are title, section or "
		    "comments (%%)", "'%s' has no score", s);
}

/* Cut a '%%' or '#' comment off the line (Mermaid's lexer skips both
 * wherever they start); a "%%{init}%%" directive is a comment too. */
static void
uncomment(char *s)
{
	char *p;

	if ((p = strstr(s, "%%")) != NULL)
		*p = '\0';
	if ((p = strchr(s, '#')) != NULL)
		*p = '\0';
}

static json_t *
mermaid_map(struct mrd *m)
{
	size_t n = json_array_size(m->stages), i;
	const char **names = calloc(n + 1, sizeof(*names));
	char (*ids)[64] = calloc(n + 1, sizeof(*ids));
	json_t *map = json_object(), *canon;
	const char *lang = "en";

	if (names == NULL || ids == NULL) {
		free(names);
		free(ids);
		json_decref(map);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		names[i] = json_string_value(json_object_get(
		    json_array_get(m->stages, i), "name"));
		if (has_cyrillic(names[i]))
			lang = "ru";
	}
	stage_ids(names, n, ids);
	for (i = 0; i < n; i++)
		json_object_set_new(json_array_get(m->stages, i), "id",
		    json_string(ids[i]));
	if (m->title != NULL && has_cyrillic(m->title))
		lang = "ru";
	json_object_set_new(map, "cjm", json_integer(1));
	json_object_set_new(map, "title", json_string(m->title != NULL &&
	    m->title[0] != '\0' ? m->title : "Journey"));
	if (m->descr != NULL && m->descr[0] != '\0')
		json_object_set_new(map, "description", json_string(m->descr));
	json_object_set_new(map, "lang", json_string(lang));
	if (m->lo < 1 || m->hi > 5)	/* Mermaid draws 1..5; keep the rest */
		json_object_set_new(map, "emotion_scale", json_pack("[o,o]",
		    conv_number(m->lo < 1 ? floor(m->lo) : 1),
		    conv_number(m->hi > 5 ? ceil(m->hi) : 5)));
	json_object_set(map, "stages", m->stages);
	canon = cjm_map_canonical(map);
	json_decref(map);
	free(names);
	free(ids);
	return canon;
}

int
cjm_mermaid_read(const char *buf, size_t len, const char *name,
    json_t **map, cjm_diags *ds)
{
	struct mrd m;
	char *text, *line, *next;
	int front = 0, descr = 0;
	size_t bad;

	memset(&m, 0, sizeof(m));
	m.name = name;
	m.ds = ds;
	*map = NULL;
	if (cjm_binary_refuse(ds, name, buf, len < 65536 ? len : 65536, 0,
	    0) != CJM_OK)
		return CJM_EDATA;
	if ((bad = cjm_text_check(buf, len)) < len) {	/* every input's rule */
		cjm_pos p = { 1, 1, bad };
		size_t i;

		for (i = 0; i < bad; i++)
			if (buf[i] == '\n')
				p.line++, p.col = 1;
			else
				p.col += ((unsigned char)buf[i] & 0xC0) != 0x80;
		return cjm_text_refuse(ds, name, p, buf + bad, len - bad,
		    (unsigned char)buf[bad], 0);
	}
	if ((text = malloc(len + 1)) == NULL || (m.stages = json_array()) ==
	    NULL) {
		free(text);
		return CJM_ESYS;
	}
	memcpy(text, buf, len);
	text[len] = '\0';
	for (line = text; line != NULL && !m.failed; line = next) {
		char *s;
		size_t n;

		m.line++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (m.line == 1 && strncmp(line, "\xEF\xBB\xBF", 3) == 0)
			line += 3;
		s = line + strspn(line, " \t");
		n = strlen(s);
		while (n > 0 && isspace((unsigned char)s[n - 1]))
			s[--n] = '\0';
		if (front || (m.line == 1 && strcmp(s, "---") == 0)) {
			/* YAML front matter: its title is the diagram's */
			if (m.line > 1 && strcmp(s, "---") == 0)
				front = 0;
			else if (m.line == 1)
				front = 1;
			else if (strncmp(s, "title:", 6) == 0)
				set_text(&m.title, s + 6);
			continue;
		}
		if (descr) {		/* accDescr { ... } */
			descr = strchr(s, '}') == NULL;
			continue;
		}
		uncomment(s);
		n = strlen(s);
		while (n > 0 && isspace((unsigned char)s[n - 1]))
			s[--n] = '\0';
		if (*s == '\0')
			continue;
		if (keyword(s, "accDescr") != NULL && strchr(s, '{') != NULL &&
		    strchr(s, '}') == NULL) {
			descr = 1;
			continue;
		}
		statement(&m, s, (size_t)(s - line) + 1);
	}
	if (!m.failed && !m.journey) {
		cjm_pos p = { 0, 0, 0 };

		cjm_diags_add(ds, CJM_ERROR, "mermaid-journey", name, 0, NULL, p,
		    "a Mermaid user journey starts with the line 'journey'",
		    "no journey diagram in the input");
		m.failed = 1;
	} else if (!m.failed && m.tasks == 0) {
		m.line = 0;
		mfail(&m, CJM_ERROR, "mermaid-empty", 0, "add tasks: 'Task "
		    "name: 5: Actor'", "the journey has no tasks%s", "");
	}
	if (!m.failed)
		*map = mermaid_map(&m);
	json_decref(m.stages);
	free(text);
	free(m.title);
	free(m.descr);
	free(m.section);
	return m.failed ? CJM_EDATA : *map != NULL ? CJM_OK : CJM_ESYS;
}

/* ------------------------------------------------------------- writer */

/* Text as Mermaid's lexer can take it on one line: no ':' (it ends a
 * task name; U+A789 MODIFIER LETTER COLON looks the same), '#' or ';'
 * (comments and statement ends), no line breaks. */
static void
mtext(sbuf *b, const char *s, int *changed)
{
	for (; *s != '\0'; s++) {
		if (*s == ':')
			sb_str(b, "\xEA\x9E\x89"), *changed = 1;
		else if (*s == '#' || *s == ';')
			sb_add(b, ",", 1), *changed = 1;
		else if (*s == '\n' || *s == '\r' || *s == '\t')
			sb_add(b, " ", 1), *changed = 1;
		else if (*s == '%' && s[1] == '%')
			sb_add(b, "%", 1), s++, *changed = 1;
		else
			sb_add(b, s, 1);
	}
}

/* A task name that starts with a keyword ("Section review") would be
 * read as the keyword: a WORD JOINER (U+2060, not a space to Mermaid's
 * lexer, invisible when drawn) goes first; the reader drops it. */
static void
task_name(sbuf *b, const char *s, int *changed)
{
	static const char *const kws[] = { "title", "section", "journey",
	    "accTitle", "accDescr" };
	size_t i;

	for (i = 0; i < sizeof(kws) / sizeof(kws[0]); i++)
		if (keyword(s, kws[i]) != NULL) {
			sb_str(b, "\xE2\x81\xA0");
			break;
		}
	mtext(b, s, changed);
}

/* A stage's score on Mermaid's 1..5 from the map's scale; a per-persona
 * emotion counts as its mean. 0 when the stage has none. */
static int
score(const json_t *st, double lo, double hi)
{
	const json_t *e = json_object_get(st, "emotion"), *v;
	const char *k;
	double sum = 0, x;
	int n = 0;

	if (json_is_number(e)) {
		sum = json_number_value(e);
		n = 1;
	} else if (json_is_object(e))
		json_object_foreach((json_t *)e, k, v)
			if (json_is_number(v))
				sum += json_number_value(v), n++;
	if (n == 0)
		return 0;
	x = 1 + (sum / n - lo) * 4 / (hi - lo);
	return (int)lround(x < 1 ? 1 : x > 5 ? 5 : x);
}

/* Who walks each task when the stage does not say (x-actors): the
 * persona(s), else "Customer"/"Клиент". */
static void
actors(sbuf *b, const json_t *map, const json_t *st, int *changed)
{
	const json_t *xa = json_object_get(st, "x-actors"), *p, *v;
	size_t i;

	if (json_is_array(xa) && json_array_size(xa) > 0) {
		json_array_foreach(xa, i, v) {
			sb_str(b, i ? ", " : "");
			mtext(b, json_string_value(v) ? json_string_value(v) :
			    "", changed);
		}
		return;
	}
	if ((p = json_object_get(map, "persona")) != NULL) {
		mtext(b, json_string_value(json_object_get(p, "name")) ?
		    json_string_value(json_object_get(p, "name")) : "Customer",
		    changed);
		return;
	}
	if ((p = json_object_get(map, "personas")) != NULL) {
		json_array_foreach(p, i, v) {
			sb_str(b, i ? ", " : "");
			mtext(b, json_string_value(json_object_get(v, "name")) ?
			    json_string_value(json_object_get(v, "name")) : "?",
			    changed);
		}
		return;
	}
	sb_str(b, strncmp(json_string_value(json_object_get(map, "lang")) ?
	    json_string_value(json_object_get(map, "lang")) : "", "ru", 2) == 0 ?
	    "Клиент" : "Customer");
}

/* The one note on what Mermaid cannot hold. */
static void
mlost(const json_t *map, int noemo, int changed, cjm_diags *ds)
{
	static const char *const keep[] = { "cjm", "title", "lang",
	    "emotion_scale", "stages", "description", "persona", "personas" };
	static const char *const skeep[] = { "id", "name", "phase", "emotion",
	    "x-actors" };
	json_t *seen = json_object(), *v, *st;
	const char *k;
	sbuf b = { 0 };
	size_t i, j;
	cjm_pos p = { 0, 0, 0 };

	json_object_foreach((json_t *)map, k, v) {
		for (j = 0; j < sizeof(keep) / sizeof(keep[0]) &&
		    strcmp(keep[j], k) != 0; j++)
			;
		if (j == sizeof(keep) / sizeof(keep[0]))
			json_object_set(seen, k, json_true());
	}
	json_array_foreach(json_object_get(map, "stages"), i, st) {
		if (json_is_object(json_object_get(st, "emotion")))
			json_object_set(seen, "emotion per persona (its mean "
			    "is the score)", json_true());
		json_object_foreach(st, k, v) {
			for (j = 0; j < sizeof(skeep) / sizeof(skeep[0]) &&
			    strcmp(skeep[j], k) != 0; j++)
				;
			if (j == sizeof(skeep) / sizeof(skeep[0]))
				json_object_set(seen, k, json_true());
		}
	}
	json_object_foreach(seen, k, v)
		sb_printf(&b, "%s%s", b.len ? ", " : "", k);
	if (b.len > 0)
		cjm_diags_add(ds, CJM_NOTE, "mermaid-lost", NULL, 0, NULL, p,
		    NULL, "Mermaid's journey cannot hold: %s", b.s);
	if (noemo)
		cjm_diags_add(ds, CJM_NOTE, "mermaid-lost", NULL, 0, NULL, p,
		    NULL, "%d stage(s) without an emotion got the neutral "
		    "score 3", noemo);
	if (changed)
		cjm_diags_add(ds, CJM_NOTE, "mermaid-lost", NULL, 0, NULL, p,
		    NULL, "':' became '\xEA\x9E\x89', '#' and ';' ',', line "
		    "breaks spaces: Mermaid's grammar reserves them");
	free(b.s);
	json_decref(seen);
}

int
cjm_mermaid_write(const json_t *map, cjm_write_fn fn, void *ctx,
    cjm_diags *ds)
{
	const json_t *st, *d;
	const char *prev = NULL;
	sbuf b = { 0 };
	double lo, hi;
	size_t i;
	int noemo = 0, changed = 0, sc;

	cjm_map_emotion_scale(map, &lo, &hi);
	sb_str(&b, "journey\n    title ");
	mtext(&b, json_string_value(json_object_get(map, "title")) ?
	    json_string_value(json_object_get(map, "title")) : "", &changed);
	sb_str(&b, "\n");
	if ((d = json_object_get(map, "description")) != NULL) {
		sb_str(&b, "    accDescr: ");
		mtext(&b, json_string_value(d) ? json_string_value(d) : "",
		    &changed);
		sb_str(&b, "\n");
	}
	json_array_foreach(json_object_get(map, "stages"), i, st) {
		const char *ph = json_string_value(json_object_get(st, "phase"));

		/* A stage without a phase after a section gets a section
		 * of its own name, or Mermaid would put it in the last one. */
		if (ph == NULL && prev != NULL)
			ph = json_string_value(json_object_get(st, "name"));
		if (ph != NULL && (prev == NULL || strcmp(prev, ph) != 0)) {
			sb_str(&b, "    section ");
			mtext(&b, ph, &changed);
			sb_str(&b, "\n");
		}
		prev = ph;
		if ((sc = score(st, lo, hi)) == 0)
			sc = 3, noemo++;
		sb_str(&b, "      ");
		task_name(&b, json_string_value(json_object_get(st, "name")) ?
		    json_string_value(json_object_get(st, "name")) : "", &changed);
		sb_printf(&b, ": %d: ", sc);
		actors(&b, map, st, &changed);
		sb_str(&b, "\n");
	}
	mlost(map, noemo, changed, ds);
	return sb_emit(&b, fn, ctx);
}
