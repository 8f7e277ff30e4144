/* unit.h: the main() every Check unit test shares; a test file defines
 * unit_suite() and includes this once. */
#ifndef CJM_UNIT_H
#define CJM_UNIT_H

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cjm.h"

Suite *unit_suite(void);

int
main(void)
{
	SRunner *sr = srunner_create(unit_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* Load a document from a C string; fails the test if it does not load. */
static inline cjm_doc *
unit_load(const char *text, cjm_diags *ds)
{
	cjm_doc *doc = NULL;

	ck_assert_int_eq(cjm_doc_load_memory(text, strlen(text), "t.yaml",
	    NULL, CJM_INPUT_AUTO, &doc, ds), CJM_OK);
	return doc;
}

/* A stream on a file of text that another program then truncated to
 * keep bytes, as if between the open and the read: readers must say the
 * file shrank, not take the part left for the file. */
static inline FILE *
unit_shrunk(const char *text, size_t keep)
{
	char path[] = "/tmp/cjm-test-XXXXXX";
	int fd = mkstemp(path);
	FILE *fp;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	fp = fopen(path, "rb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(truncate(path, (off_t)keep), 0);
	unlink(path);
	return fp;
}

#endif
