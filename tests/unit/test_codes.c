/* test_codes.c: the one table of diagnostic codes against the man pages
 * (every code in the DIAGNOSTICS section of each page its entry names, no
 * page listing a code the table lacks), the sources (every code literal
 * at a call site) and the golden tests (every code a tool printed). Runs
 * from the top of the source tree, as make check-unit does. */
#include <ctype.h>
#include <stdio.h>

#include "unit.h"

/* The codes a man page lists in DIAGNOSTICS: the words after ".It Sy"
 * or ".It Cm" up to the first macro (".It Sy io , nomem",
 * ".It Sy empty Pq error"), as one string " a b c ". */
static char *
man_codes(const char *page)
{
	char path[256], line[1024], *out = calloc(1, 65536);
	FILE *fp;
	int in = 0;

	snprintf(path, sizeof(path), "man/%s.1", page);
	ck_assert_msg((fp = fopen(path, "r")) != NULL, "cannot read %s", path);
	strcpy(out, " ");
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *w, *save;

		if (strncmp(line, ".Sh ", 4) == 0)
			in = strncmp(line, ".Sh DIAGNOSTICS", 15) == 0;
		if (!in || (strncmp(line, ".It Sy ", 7) != 0 &&
		    strncmp(line, ".It Cm ", 7) != 0))
			continue;
		for (w = strtok_r(line + 7, " \n", &save); w != NULL &&
		    !isupper((unsigned char)w[0]); w = strtok_r(NULL, " \n",
		    &save))
			if (strcmp(w, ",") != 0) {
				strcat(out, w);
				strcat(out, " ");
			}
	}
	fclose(fp);
	return out;
}

static int
listed(const char *codes, const char *code)
{
	char key[128];

	snprintf(key, sizeof(key), " %s ", code);
	return strstr(codes, key) != NULL;
}

START_TEST(table_sane)
{
	size_t n, i;
	const cjm_code *t = cjm_codes(&n);

	ck_assert_uint_gt(n, 50);
	for (i = 0; i < n; i++) {
		if (i > 0)
			ck_assert_msg(strcmp(t[i - 1].code, t[i].code) < 0,
			    "%s: out of order or twice", t[i].code);
		ck_assert_msg(*t[i].meaning && !strchr(t[i].meaning, '\n'),
		    "%s: no one-line meaning", t[i].code);
		ck_assert_msg(*t[i].man != '\0', "%s: in no man page",
		    t[i].code);
		ck_assert(t[i].level <= CJM_FATAL);
		ck_assert_ptr_eq(cjm_code_find(t[i].code), &t[i]);
	}
	ck_assert_ptr_null(cjm_code_find("no-such-code"));
}
END_TEST

/* The tools' man pages: man/cjm-*.1. */
static size_t
man_pages(char pages[][64], size_t max)
{
	FILE *p = popen("cd man && ls cjm-*.1 | sed 's/[.]1$//'", "r");
	size_t n = 0;

	ck_assert_ptr_nonnull(p);
	while (n < max && fgets(pages[n], 64, p) != NULL) {
		pages[n][strcspn(pages[n], "\n")] = '\0';
		n++;
	}
	pclose(p);
	ck_assert_uint_ge(n, 4);
	return n;
}

/* Every code is in the pages its entry names. */
START_TEST(codes_in_man)
{
	char pages[32][64];
	size_t n, i, k, np = man_pages(pages, 32);
	const cjm_code *t = cjm_codes(&n);

	/* A page a code names but that is not written yet is not checked
	 * (its tool's branch brings it). */
	for (k = 0; k < np; k++) {
		char *m = man_codes(pages[k]);

		for (i = 0; i < n; i++) {
			char want[128];

			snprintf(want, sizeof(want), " %s ", t[i].man);
			if (!listed(want, pages[k]))
				continue;
			ck_assert_msg(listed(m, t[i].code), "%s(1) DIAGNOSTICS "
			    "lacks %s", pages[k], t[i].code);
		}
		free(m);
	}
}
END_TEST

/* No man page lists a code twice in DIAGNOSTICS (two entries that
 * disagree, as cjm-validate(1)'s encoding once did). */
START_TEST(man_code_once)
{
	char pages[32][64];
	size_t k, np = man_pages(pages, 32);

	for (k = 0; k < np; k++) {
		char *m = man_codes(pages[k]), *w, *save, key[128];
		char *copy = strdup(m);
		const char *first;

		for (w = strtok_r(copy, " ", &save); w != NULL;
		    w = strtok_r(NULL, " ", &save)) {
			snprintf(key, sizeof(key), " %s ", w);
			first = strstr(m, key);
			ck_assert_msg(first != NULL && strstr(first + 1, key) ==
			    NULL, "%s(1) DIAGNOSTICS lists '%s' twice",
			    pages[k], w);
		}
		free(copy);
		free(m);
	}
}
END_TEST

/* No man page lists a code the table lacks. */
START_TEST(man_in_codes)
{
	char pages[32][64];
	size_t k, np = man_pages(pages, 32);

	for (k = 0; k < np; k++) {
		char *m = man_codes(pages[k]), *w, *save;

		for (w = strtok_r(m, " ", &save); w != NULL;
		    w = strtok_r(NULL, " ", &save))
			ck_assert_msg(cjm_code_find(w) != NULL, "%s(1) lists "
			    "'%s', a code not in lib/util/codes.c", pages[k], w);
		free(m);
	}
}
END_TEST

/* Every code a call site names and every code a golden test printed is
 * in the table. */
START_TEST(used_in_codes)
{
	static const char cmd[] =
	    "{ grep -rhoE '(CJM_(NOTE|WARNING|ERROR|FATAL)|bad_row|"
	    "render_warn|ck_report|tp_warn|type_report|cjm_build_err|"
	    "cjm_reader_err|xfail)[(,] *[^\"(]*\"[a-z][a-z0-9-]*\"' "
	    "--exclude=codes.c lib cmd | "
	    "sed 's/.*\"\\([a-z0-9-]*\\)\"$/\\1/'; "
	    "cat tests/golden/*/*/stderr | "
	    "sed -n 's/.* \\[\\([a-z][a-z0-9-]*\\)\\]$/\\1/p'; } | sort -u";
	char line[256];
	FILE *p = popen(cmd, "r");
	int seen = 0;

	ck_assert_ptr_nonnull(p);
	while (fgets(line, sizeof(line), p) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		seen++;
		ck_assert_msg(cjm_code_find(line) != NULL, "code '%s' is used "
		    "but not in lib/util/codes.c", line);
	}
	pclose(p);
	ck_assert_int_gt(seen, 50);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("codes");
	TCase *tc = tcase_create("codes");

	tcase_add_test(tc, table_sane);
	tcase_add_test(tc, codes_in_man);
	tcase_add_test(tc, man_in_codes);
	tcase_add_test(tc, man_code_once);
	tcase_add_test(tc, used_in_codes);
	suite_add_tcase(s, tc);
	return s;
}
