/* sarif.c: diagnostics as one SARIF 2.1.0 log (what code scanning, e.g.
 * GitHub's, uploads), gathered while the tool runs and printed on
 * standard error when it exits: a SARIF log is one document, not lines.
 *
 * A finding about an input is a result. A system or usage error (a file
 * that cannot be read or written, a bad operand: every CJM_FATAL
 * diagnostic and every warnx_ message) is no finding: it is a tool
 * execution notification of the run's invocation (SARIF 2.1.0, 3.20.21),
 * and one of level error makes executionSuccessful false, which is how
 * a consumer learns the results are incomplete (Appendix I). */
#include <stdlib.h>
#include <string.h>

#include "util.h"

static json_t *results;		/* NULL until --format sarif */
static json_t *rules;		/* one {"id": code} a code */
static json_t *notes;		/* toolExecutionNotifications */
static int failed;		/* a notification of level error */

/* A file name as a URI reference: bytes outside the unreserved set and
 * "/" are %-escaped, so "<stdin>" or a space stays a valid URI. */
static json_t *
uri(const char *file)
{
	static const char hex[] = "0123456789ABCDEF";
	char *s = malloc(strlen(file) * 3 + 1), *p = s;
	json_t *j;

	if (s == NULL)
		return NULL;
	for (; *file; file++) {
		unsigned char c = (unsigned char)*file;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c) != NULL) {
			*p++ = (char)c;
			continue;
		}
		*p++ = '%';
		*p++ = hex[c >> 4];
		*p++ = hex[c & 15];
	}
	*p = '\0';
	j = json_string(s);
	free(s);
	return j;
}

static void
add_rule(const char *code)
{
	size_t i;
	json_t *r;

	json_array_foreach(rules, i, r)
		if (strcmp(json_string_value(json_object_get(r, "id")), code) == 0)
			return;
	json_array_append_new(rules, json_pack("{s:s}", "id", code));
}

static json_t *
location(const cjm_diag *d)
{
	json_t *phys = json_object(), *loc = json_object();

	json_object_set_new(phys, "artifactLocation", json_pack("{s:o}",
	    "uri", uri(d->file ? d->file : "<stdin>")));
	if (d->pos.line > 0) {
		json_t *reg = json_pack("{s:I}", "startLine",
		    (json_int_t)d->pos.line);

		if (d->pos.col > 0)
			json_object_set_new(reg, "startColumn",
			    json_integer((json_int_t)d->pos.col));
		json_object_set_new(phys, "region", reg);
	}
	json_object_set_new(loc, "physicalLocation", phys);
	if (d->path != NULL && d->path[0] != '\0')
		json_object_set_new(loc, "logicalLocations", json_pack(
		    "[{s:s,s:s}]", "fullyQualifiedName", d->path, "kind",
		    "member"));
	return loc;
}

/* A notification of the level: "error" fails the run. */
static void
add_note(const char *level, json_t *note)
{
	if (strcmp(level, "error") == 0)
		failed = 1;
	json_array_append_new(notes, note);
}

int
util_sarif_note(const char *level, const char *text)
{
	if (results == NULL)
		return 0;
	add_note(level, json_pack("{s:s,s:{s:s}}", "level", level, "message",
	    "text", text));
	return 1;
}

void
util_sarif_status(int status)
{
	if (results != NULL && status == EXIT_USAGE && !failed)
		util_sarif_note("error", "the run stopped before its work was "
		    "done (exit status 2); the results say why");
}

int
util_sarif_try_help(void)
{
	size_t n = json_array_size(notes);
	json_t *msg;

	if (results == NULL)
		return 0;
	if (n > 0) {
		msg = json_object_get(json_array_get(notes, n - 1), "message");
		json_object_set_new(msg, "text", json_pack("s+++",
		    json_string_value(json_object_get(msg, "text")), "; try '",
		    progname, " --help'"));
	}
	return 1;
}

void
util_sarif_add(const cjm_diag *d)
{
	static const char *const level[] = { "note", "warning", "error",
	    "error" };
	size_t n = strlen(d->message) + (d->hint ? strlen(d->hint) : 0) + 3;
	char *text = d->hint ? malloc(n) : NULL;
	json_t *r;

	if (results == NULL)
		return;
	if (text != NULL)
		snprintf(text, n, "%s; %s", d->message, d->hint);
	if (d->level >= CJM_FATAL) {
		r = json_pack("{s:s,s:{s:s},s:{s:s}}", "level", "error",
		    "descriptor", "id", d->code, "message", "text",
		    text ? text : d->message);
		if (r != NULL && d->file != NULL)
			json_object_set_new(r, "locations", json_pack("[o]",
			    location(d)));
		add_note("error", r);
		free(text);
		return;
	}
	add_rule(d->code);
	r = json_pack("{s:s,s:s,s:{s:s},s:[o]}", "ruleId", d->code, "level",
	    level[d->level], "message", "text", text ? text : d->message,
	    "locations", location(d));
	if (r != NULL && d->doc > 0)
		json_object_set_new(r, "properties", json_pack("{s:I}",
		    "document", (json_int_t)d->doc));
	json_array_append_new(results, r);
	free(text);
}

static void
sarif_end(void)
{
	/* columnKind: cjm counts columns in code points; SARIF's default
	 * is UTF-16 code units (SARIF 2.1.0, 3.14.17). */
	json_t *log = json_pack("{s:s,s:s,s:[{s:{s:{s:s,s:s,s:O}},s:[{s:b,"
	    "s:O}],s:s,s:O}]}",
	    "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
	    "version", "2.1.0", "runs", "tool", "driver", "name", progname,
	    "version", CJM_VERSION, "rules", rules, "invocations",
	    "executionSuccessful", !failed, "toolExecutionNotifications",
	    notes, "columnKind", "unicodeCodePoints", "results", results);

	if (log == NULL || json_dumpf(log, stderr, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER) != 0)
		fprintf(stderr, "%s: out of memory\n", progname);
	else
		fputc('\n', stderr);
	json_decref(log);
	json_decref(results);
	json_decref(rules);
	json_decref(notes);
	results = NULL;		/* a late warnx_ prints as text */
}

void
util_sarif_begin(void)
{
	if (results != NULL)
		return;
	results = json_array();
	rules = json_array();
	notes = json_array();
	if (results != NULL && rules != NULL && notes != NULL)
		atexit(sarif_end);
}
