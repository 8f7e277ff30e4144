/* test_events.c: where the event-log readers place a bad row's fault. */
#include <stdio.h>

#include "unit.h"
#include "cjm_funnel.h"

static int
take(void *ctx, const char *user, size_t ulen, const char *ev, size_t elen,
    int64_t ms, const char *by, size_t blen, unsigned long line,
    cjm_diags *ds)
{
	(void)ctx, (void)user, (void)ulen, (void)ev, (void)elen, (void)ms;
	(void)by, (void)blen, (void)line, (void)ds;
	return CJM_OK;
}

/* The diagnostics of reading log from fp as "line:col@offset code",
 * space-separated, into out. */
static void
places(FILE *fp, const char *tkey, char *out, size_t cap)
{
	cjm_events_spec sp = { "u", "e", tkey, NULL, 0, CJM_EVENTS_AUTO, 0,
	    CJM_TIME_AUTO, NULL };
	cjm_diags *ds = cjm_diags_new();
	uint64_t skipped = 0, rows = 0;
	size_t i, used = 0;

	out[0] = '\0';
	(void)cjm_events_read(fp, "t", &sp, take, NULL, &skipped, &rows, ds);
	for (i = 0; i < cjm_diags_count(ds); i++) {
		const cjm_diag *d = cjm_diags_get(ds, i);

		used += (size_t)snprintf(out + used, cap - used, "%s%lu:%lu@%zu "
		    "%s", i ? " " : "", d->pos.line, d->pos.col, d->pos.offset,
		    d->code);
	}
	cjm_diags_free(ds);
}

/* Each bad row's diagnostic names the line, the column (in characters)
 * and the byte offset of the field or value at fault: the time, the
 * user, the row's end for a short row, the record for a missing key
 * (the key meant, when one is close),
 * the first error in broken JSON. CSV is read twice, from memory (lines
 * split in place in a read buffer, or copied by the full parser when
 * quoted) and from a file (mapped): the places must be the same. */
START_TEST(row_places)
{
	static const struct {
		const char *log, *tkey, *want;
	} t[] = {
		{ "u,e,t\nu1,cart,soon\n", "t", "2:9@14 bad-time" },
		{ "u,e,t\n\"u,1\",\"ca\"\"rt\",soon\n", "t", "2:16@21 bad-time" },
		{ "u,e,t\n\xD0\xBF\xD1\x91\xD1\x82\xD1\x80,\xD0\xBA\xD0\xBE\xD1"
		  "\x80\xD0\xB7\xD0\xB8\xD0\xBD\xD0\xB0,soon\n", "t",
		  "2:14@30 bad-time" },
		{ "u,e,t\n\"a\nb\",cart,soon\n", "t", "3:9@17 bad-time" },
		{ "\xEF\xBB\xBFu\te\tt\nu1\tcart\tsoon\n", "t",
		  "2:9@17 bad-time" },
		{ "u,e,t\n,cart,2024-05-01\nu2,cart\n", "t",
		  "2:1@6 empty-user 3:8@30 short-row" },
		{ "u,e,t\r\nu1,cart,2024-02-30\r\n", "t", "2:9@15 bad-time" },
		{ "{\"u\":\"\xD0\xBF\xD1\x91\xD1\x82\xD1\x80\",\"e\":\"x\","
		  "\"t\":\"soon\"}\n", "t", "1:25@28 bad-time" },
		{ "  {\"u\":\"a\",\"e\":\"x\",\"t\":null}\n", "t",
		  "1:24@23 bad-time" },
		{ "{\"u\":\"a\",\"e\":\"x\",\"p\":{\"t\":\"soon\"}}\n", "p.t",
		  "1:27@26 bad-time" },
		{ "{\"u\":\"a\",\"e\":\"x\"}\n{\"u\":\"a\",\n\n[1]\n", "t",
		  /* at the key meant, key u for t (one slip) */
		  "1:2@1 no-column 2:10@27 bad-json 4:1@29 bad-json" },
		{ "[\n {\"u\":\"a\",\"e\":\"x\",\"t\":\"soon\"},\n 5\n]", "t",
		  "2:23@24 bad-time 3:2@34 bad-json" },
		{ "[{\n\"u\": \"a\",\n\"e\": \"x\",\n\"t\": \"soon\"}]", "t",
		  "4:6@28 bad-time" },
		{ "[{\"u\":\"\xD1\x91\",\"e\":\"x\",\"t\":\"2024-05-01\"} x]", "t",
		  "1:37@37 bad-json" },
		{ "[{\"u\":\"a\",\"e\":\"x\",\"t\":1714557600},\n", "t",
		  "2:1@35 bad-json" },
		{ "[{\"u\":\"\xD1\x91\",\n\"e\":\"\xD1\x91\",\"t\":\"x\"}, 5]",
		  "t", "2:13@25 bad-time 2:19@31 bad-json" },
		{ "[{\"u\":\"\xD1\x91\",\"e\":\"\xD1\x91\",\"t\":1714557600}\n"
		  ", 5]", "t", "2:3@38 bad-json" },
		{ "[1, true[] ]", "t", "1:2@1 bad-json 1:9@8 bad-json" },
	};
	char got[256];
	size_t i, k;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		for (k = 0; k < 2; k++) {
			size_t len = strlen(t[i].log);
			FILE *fp = k ? tmpfile() : fmemopen((void *)t[i].log,
			    len, "r");

			if (k) {
				ck_assert_uint_eq(fwrite(t[i].log, 1, len, fp),
				    len);
				rewind(fp);
			}
			places(fp, t[i].tkey, got, sizeof(got));
			ck_assert_msg(strcmp(got, t[i].want) == 0, "case %zu "
			    "%s: %s", i, k ? "file" : "memory", got);
			fclose(fp);
		}
}
END_TEST

/* What the first diagnostic of reading a log says: its text (place,
 * message and hint) holds want. */
START_TEST(messages)
{
	static const struct {
		const char *log, *want;
		size_t len;	/* 0: strlen */
	} t[] = {
		/* jansson's text quoted once, a string token as itself */
		{ "{\"u\":\"a\",\"u\":\"b\"}\n",
		  "bad JSON: duplicate object key near \"u\";", 0 },
		{ "{\"u\":\"a\"\n", "bad JSON: '}' expected near end of file;", 0 },
		{ "{\"u\":\"a\" x}\n", "bad JSON: '}' expected near 'x';", 0 },
		/* a string token cut short, and a quote token (a new
		 * user read near '"page\q' and near ''') */
		{ "{\"u\":\"pa\\q\"}\n",
		  "bad JSON: invalid escape near \"pa\\q;", 0 },
		{ "{\"u\":\"a\n", "premature end of input near \"a;", 0 },
		{ "{\"u\":'a'}\n", "bad JSON: invalid token near \"'\";", 0 },
		/* a key suggested as a CSV header's column is, placed at the
		 * key (col 27), not its value */
		{ "{\"e\":\"x\",\"t\":\"2024-05-01\",\"U\":\"a\"}\n",
		  "t:1:27: error: no key 'u' (the user id) in the record; did "
		  "you mean 'U'? (--user)", 0 },
		{ "{\"e\":\"x\",\"t\":\"2024-05-01\",\" u\":\"a\"}\n",
		  "the record's ' u' has blanks around the name", 0 },
		{ "u,e,T\n", "t:1:5: error: no column 't' in the header; did you "
		  "mean 'T'? (--time)", 0 },
		/* a JSON map, one line or pretty, as a YAML map is said */
		{ "{\"cjm\":1,\"title\":\"x\"}\n", "t:1:1: error: this is a "
		  "journey map ('{\"cjm\":1,\"title\":\"x\"}'), not an event log", 0 },
		{ "\xEF\xBB\xBF\n {\n  \"cjm\" : 1,\n", "t:2:2: error: this is "
		  "a journey map ('{ \"cjm\" : 1,'), not an event log", 0 },
		{ "cjm: 1\n", "t:1:1: error: this is a journey map ('cjm: 1')",
		  0 },
		{ "{\"cjmx\":1}\n", "no key 'u'", 0 },
		/* UTF-16 with no BOM at its start, whatever the format */
		{ "{\0\"\0u\0\"\0:\0", "t:1:1: error: the input is UTF-16LE",
		  10 },
		{ "[\0{\0}\0]\0", "t:1:1: error: the input is UTF-16LE", 8 },
		{ "u\0,\0e\0", "t:1:1: error: the input is UTF-16LE", 6 },
	};
	cjm_events_spec sp = { "u", "e", "t", NULL, 0, CJM_EVENTS_AUTO, 0,
	    CJM_TIME_AUTO, NULL };
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		FILE *fp = fmemopen((void *)t[i].log, t[i].len ? t[i].len :
		    strlen(t[i].log), "r");
		cjm_diags *ds = cjm_diags_new();
		uint64_t skipped = 0, rows = 0;
		char *text;

		(void)cjm_events_read(fp, "t", &sp, take, NULL, &skipped,
		    &rows, ds);
		ck_assert_uint_gt(cjm_diags_count(ds), 0);
		text = cjm_diag_text(cjm_diags_get(ds, 0));
		ck_assert_msg(strstr(text, t[i].want) != NULL, "case %zu: %s",
		    i, text);
		free(text);
		cjm_diags_free(ds);
		fclose(fp);
	}
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("events");
	TCase *tc = tcase_create("events");

	tcase_add_test(tc, row_places);
	tcase_add_test(tc, messages);
	suite_add_tcase(s, tc);
	return s;
}
