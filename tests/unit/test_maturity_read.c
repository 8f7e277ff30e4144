/* test_maturity_read.c: survey answers from CSV, YAML and JSON, good and bad. */
#include <stdint.h>

#include "unit.h"
#include "cjm_maturity.h"

#define QC "q1,q2,q3,q4,q5,q6,q7,q8,q9,q10,q11,q12,q13,q14,q15,q16,q17," \
	"q18,q19,q20"
#define QS "q1;q2;q3;q4;q5;q6;q7;q8;q9;q10;q11;q12;q13;q14;q15;q16;q17;" \
	"q18;q19;q20"
#define A17C "3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3"	/* q4..q20 */
#define A20C "1,2,3," A17C

struct read_case {
	const char *name, *text;
	int skip;
	int status;
	size_t resp, skipped;
	long missing;		/* -1: not scored (errors) */
	const char *diag;	/* the first diagnostic, or NULL for none */
};

static const struct read_case cases[] = {
	{ "comma", "respondent,department," QC "\n"
	  "Ann,Sales," A20C "\n", 0, CJM_OK, 1, 0, 0, NULL },
	{ "semicolon, BOM, CRLF, words in any case",
	  "\xEF\xBB\xBFrespondent;department;" QS "\r\n"
	  "Анна;Продажи;Всегда;НИКОГДА;иногда;часто;РЕДКО;never;RARELY;"
	  "Sometimes;often;ALWAYS;1;2;3;4;5;3;3;3;3;3\r\n", 0, CJM_OK, 1,
	  0, 0, NULL },
	{ "tab", "respondent\tdepartment\tq1\tq2\tq3\tq4\tq5\tq6\tq7\tq8\t"
	  "q9\tq10\tq11\tq12\tq13\tq14\tq15\tq16\tq17\tq18\tq19\tq20\n"
	  "Ann\tSales\t1\t2\t3\t4\t5\t1\t2\t3\t4\t5\t1\t2\t3\t4\t5\t1\t2\t3"
	  "\t4\t5\n", 0, CJM_OK, 1, 0, 0, NULL },
	{ "quoted fields", "respondent,department," QC "\n"
	  "\"Smith, J\",\"R&D \"\"Lab\"\"\"," A20C "\n", 0, CJM_OK, 1, 0, 0,
	  NULL },
	{ "answers only, upper-case header", "Q1,Q2,Q3,Q4,Q5,Q6,Q7,Q8,Q9,"
	  "Q10,Q11,Q12,Q13,Q14,Q15,Q16,Q17,Q18,Q19,Q20\n" A20C "\n" A20C "\n",
	  0, CJM_OK, 2, 0, 0, NULL },
	{ "blank lines and empty rows skipped", "respondent,department," QC
	  "\n\n,,,,,,,,,,,,,,,,,,,,,\nAnn,Sales," A20C "\n\n", 0, CJM_OK, 1, 0,
	  0, NULL },
	{ "missing answers are warnings", "respondent,department," QC "\n"
	  "Ann,Sales,1,,3," A17C "\nBob,,1, ,3," A17C "\n", 0, CJM_OK, 2, 0, 2,
	  "t.csv:2:13: warning: row 1 ('Ann'), q2: no answer; left out of "
	  "the means [answer-missing]" },
	{ "out of range", "respondent,department," QC "\n"
	  "Ann,Sales,3,3,6," A17C "\n", 0, CJM_EDATA, 0, 0, -1,
	  "t.csv:2:15: error: row 1 ('Ann'), q3: answer 6 is out of 1..5 "
	  "[answer-range]" },
	{ "zero", "respondent,department," QC "\nAnn,Sales,0,3,3," A17C "\n",
	  0, CJM_EDATA, 0, 0, -1, "t.csv:2:11: error: row 1 ('Ann'), q1: "
	  "answer 0 is out of 1..5 [answer-range]" },
	{ "unknown word, after a quoted name", "respondent,department," QC
	  "\n\"Smith, J\",Sales,3,всегдa,3," A17C "\n", 0, CJM_EDATA, 0, 0, -1,
	  "t.csv:2:20: error: row 1 ('Smith, J'), q2: 'всегдa' is not an "
	  "answer: use 1..5, never..always or никогда..всегда; did you mean "
	  "'всегда'? [answer-word]" },
	{ "a quoted name over two lines", "respondent,department," QC "\n"
	  "\"Ann\nLee\",Sales,1,2,9," A17C "\n", 0, CJM_EDATA, 0, 0, -1,
	  "t.csv:3:16: error: row 1 ('Ann Lee'), q3: answer 9 is out of "
	  "1..5 [answer-range]" },
	{ "19 answers", "respondent,department," QC "\n"
	  "Ann,Sales,1,2," A17C "\n", 0, CJM_EDATA, 0, 0, -1,
	  "t.csv:2:1: error: row 1 ('Ann') has 19 answers; expected 20 "
	  "(q1..q20); each row needs one field per header column "
	  "[row-length]" },
	{ "21 answers", "respondent,department," QC "\n"
	  "Ann,Sales," A20C ",4\n", 0, CJM_EDATA, 0, 0, -1,
	  "t.csv:2:1: error: row 1 ('Ann') has 21 answers; expected 20 "
	  "(q1..q20); each row needs one field per header column "
	  "[row-length]" },
	{ "skip bad rows", "respondent,department," QC "\n"
	  "Ann,Sales,1,2," A17C "\nBob,IT," A20C "\nCid,IT,x," "2,3," A17C
	  "\n", 1, CJM_OK, 1, 2, 0, "t.csv:2:1: warning: row 1 ('Ann') has "
	  "19 answers; expected 20 (q1..q20); each row needs one field per "
	  "header column [row-length]" },
	{ "no header", A20C "\n", 0, CJM_EDATA, 0, 0, -1,
	  "t.csv:1:1: error: no q1..q20 columns in the header row; the first "
	  "row must name the columns: respondent, department, q1 .. q20 "
	  "[missing-column]" },
	{ "a column missing", "respondent,q1,q2,q3,q4,q5,q6,q7,q8,q9,q10,"
	  "q11,q12,q13,q14,q15,q16,q17,q18,q19\n", 0, CJM_EDATA, 0, 0, -1,
	  "t.csv:1:1: error: the header has no column q20; add it to the "
	  "header row: a survey has the columns q1 .. q20, one a question "
	  "(cjm-maturity(1) lists them) [missing-column]" },
	{ "a column twice", "q1,q1,q2,q3,q4,q5,q6,q7,q8,q9,q10,q11,q12,q13,"
	  "q14,q15,q16,q17,q18,q19,q20\n", 0, CJM_EDATA, 0, 0, -1,
	  "t.csv:1:4: error: column 'q1' appears twice (columns 1 and 2) "
	  "[duplicate-column]" },
	{ "an unknown column", "respondent,departmnet," QC "\n"
	  "Ann,Sales," A20C "\n", 0, CJM_OK, 1, 0, 0,
	  "t.csv:1:12: warning: column 2 'departmnet' is not respondent, "
	  "department or q1..q20: ignored; did you mean 'department'? "
	  "[unknown-column]" },
	{ "BOM: columns count from after it", "\xEF\xBB\xBFnote;" QS "\n"
	  "x;" "1;2;3;3;3;3;3;3;3;3;3;3;3;3;3;3;3;3;3;3\n", 0, CJM_OK, 1, 0, 0,
	  "t.csv:1:1: warning: column 1 'note' is not respondent, department "
	  "or q1..q20: ignored [unknown-column]" },
	{ "tab columns", "q1\tq2\tq3\tq4\tq5\tq6\tq7\tq8\tq9\tq10\tq11\t"
	  "q12\tq13\tq14\tq15\tq16\tq17\tq18\tq19\tq20\n"
	  "1\t2\t3\t4\t5\t1\t2\t3\t4\t5\t1\t2\t3\t4\t5\t1\t2\t3\t4\tсто\n",
	  0, CJM_EDATA, 0, 0, -1, "t.csv:2:39: error: row 1, q20: 'сто' is "
	  "not an answer: use 1..5, never..always or никогда..всегда "
	  "[answer-word]" },
	{ "bad UTF-8 in a name", "respondent,department," QC "\n"
	  "A\xffn,Sales," A20C "\n", 0, CJM_EDATA, 0, 0, -1,
	  "t.csv:2:2: error: byte 0xFF at byte offset 94 is not UTF-8; "
	  "convert it: iconv -f CODEPAGE -t UTF-8 't.csv' > 't-utf8.csv', "
	  "CODEPAGE the one it was saved in (from Excel: Save As 'CSV "
	  "UTF-8') [encoding]" },
	{ "unclosed quote", "respondent,department," QC "\n\"Ann,Sales," A20C
	  "\n", 0, CJM_EDATA, 0, 0, -1, NULL },
	{ "empty", "", 0, CJM_EDATA, 0, 0, -1, "t.csv: error: empty input: "
	  "no answers; give a CSV with a header row, or YAML or JSON answers "
	  "[empty]" },
};

/* Read one case; check status, counts, the first diagnostic and, when
 * it reads, the missing answers the score reports. */
static void
run_case(const struct read_case *c)
{
	cjm_answers *a = cjm_answers_new();
	cjm_diags *ds = cjm_diags_new();
	cjm_answers_opts o = { CJM_ANSWERS_AUTO, 0, c->skip };
	json_t *m = NULL;

	ck_assert_msg(cjm_answers_read_memory(a, c->text, strlen(c->text),
	    "t.csv", &o, ds) == c->status, "%s", c->name);
	if (c->status == CJM_OK)
		ck_assert_uint_eq(cjm_answers_count(a), c->resp);
	ck_assert_uint_eq(cjm_answers_skipped(a), c->skipped);
	if (c->diag != NULL) {
		char *s = cjm_diag_text(cjm_diags_get(ds, 0));

		ck_assert_ptr_nonnull(s);
		ck_assert_str_eq(s, c->diag);
		free(s);
	} else if (c->status == CJM_OK)
		ck_assert_uint_eq(cjm_diags_count(ds), 0);
	if (c->missing >= 0) {
		ck_assert_int_eq(cjm_maturity_score(a, NULL, &m, NULL), CJM_OK);
		ck_assert_int_eq(json_integer_value(json_object_get(m,
		    "missing")), c->missing);
		json_decref(m);
	}
	cjm_answers_free(a);
	cjm_diags_free(ds);
}

START_TEST(read_csv)
{
	run_case(&cases[_i]);
}
END_TEST

#define Y20 "[1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]"

static const struct read_case docs[] = {
	{ "yaml", "organization: ACME\nrespondents:\n  - name: Ann\n"
	  "    department: Sales\n    answers: " Y20 "\n", 0, CJM_OK, 1, 0, 0,
	  NULL },
	{ "yaml words and nulls", "respondents:\n  - answers: [Всегда, NEVER,"
	  " null, '', 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]\n", 0,
	  CJM_OK, 1, 0, 2, "t.csv:2:30: warning: respondent 1, q3: no "
	  "answer; left out of the means [answer-missing]" },
	{ "json", "{\"respondents\": [{\"answers\": " Y20 "}, {\"answers\": "
	  Y20 ", \"x-note\": 1}]}", 0, CJM_OK, 2, 0, 0, NULL },
	{ "yaml out of range", "respondents:\n  - name: Ann\n    answers: "
	  "[1, 2, 7, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]\n", 0,
	  CJM_EDATA, 0, 0, -1, "t.csv:3:21: error: respondent 1 ('Ann'), q3: "
	  "answer 7 is out of 1..5 [answer-range]" },
	{ "yaml 3.5", "respondents:\n  - answers: [1, 3.5, 3, 3, 3, 3, 3, 3,"
	  " 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]\n", 0, CJM_EDATA, 0, 0, -1,
	  "t.csv:2:18: error: respondent 1, q2: answer 3.5 is out of 1..5 "
	  "[answer-range]" },
	{ "yaml word", "respondents:\n  - answers: [sometimez, 3, 3, 3, 3, 3,"
	  " 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]\n", 0, CJM_EDATA, 0, 0,
	  -1, "t.csv:2:15: error: respondent 1, q1: 'sometimez' is not an "
	  "answer: use 1..5, never..always or никогда..всегда; did you mean "
	  "'sometimes'? [answer-word]" },
	{ "yaml 19 answers", "respondents:\n  - answers: [3, 3, 3, 3, 3, 3, "
	  "3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]\n", 0, CJM_EDATA, 0, 0, -1,
	  "t.csv:2:14: error: respondent 1 has 19 answers; expected 20 "
	  "(q1..q20); give 20 answers, q1..q20 in order; null or \"\" for a "
	  "missing one [row-length]" },
	{ "yaml unknown key", "respondents:\n  - answer: " Y20 "\n", 0,
	  CJM_EDATA, 0, 0, -1, "t.csv:2:5: error: unknown key 'answer'; did "
	  "you mean 'answers'? [unknown-key]" },
	{ "yaml no respondents", "organization: ACME\n", 0, CJM_EDATA, 0, 0,
	  -1, "t.csv:1:1: error: expected a mapping with a 'respondents' "
	  "list; see FORMAT in cjm-maturity(1) [answers-shape]" },
	{ "a stream adds up", "respondents:\n  - answers: " Y20 "\n---\n"
	  "respondents:\n  - answers: " Y20 "\n", 0, CJM_OK, 2, 0, 0, NULL },
	{ "a YAML list is not CSV", "- 1\n- 2\n", 0, CJM_EDATA, 0, 0, -1,
	  "t.csv:1:1: error: expected a mapping with a 'respondents' list; "
	  "see FORMAT in cjm-maturity(1) [answers-shape]" },
	{ "yaml skip bad", "respondents:\n  - answers: [9]\n  - answers: " Y20
	  "\n", 1, CJM_OK, 1, 1, 0, "t.csv:2:14: warning: respondent 1 has 1 "
	  "answer; expected 20 (q1..q20); give 20 answers, q1..q20 in "
	  "order; null or \"\" for a missing one [row-length]" },
};

START_TEST(read_doc)
{
	run_case(&docs[_i]);
}
END_TEST

/* Past the size limit the input is refused, not cut short; within it,
 * a stream reads like memory. */
START_TEST(read_file_limit)
{
	static const char text[] = "q1,q2,q3,q4,q5,q6,q7,q8,q9,q10,q11,q12,"
	    "q13,q14,q15,q16,q17,q18,q19,q20\n" A20C "\n";
	static const size_t lims[] = { 10, sizeof(text) - 2, sizeof(text) - 1 };
	size_t i;

	for (i = 0; i < 3; i++) {
		FILE *fp = fmemopen((void *)(uintptr_t)text, sizeof(text) - 1,
		    "r");
		cjm_answers *a = cjm_answers_new();
		cjm_diags *ds = cjm_diags_new();
		cjm_limits lim;
		int st;

		cjm_limits_default(&lim);
		lim.max_input = lims[i];
		st = cjm_answers_read_file(a, fp, "t.csv", &lim, NULL, ds);
		if (i < 2) {
			ck_assert_int_eq(st, CJM_EDATA);
			ck_assert_str_eq(cjm_diags_get(ds, 0)->code, "too-large");
			ck_assert_uint_eq(cjm_answers_count(a), 0);
		} else {
			ck_assert_int_eq(st, CJM_OK);
			ck_assert_uint_eq(cjm_answers_count(a), 1);
		}
		fclose(fp);
		cjm_answers_free(a);
		cjm_diags_free(ds);
	}
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("maturity_read");
	TCase *tc = tcase_create("maturity_read");

	tcase_add_loop_test(tc, read_csv, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_loop_test(tc, read_doc, 0,
	    (int)(sizeof(docs) / sizeof(docs[0])));
	tcase_add_test(tc, read_file_limit);
	suite_add_tcase(s, tc);
	return s;
}
