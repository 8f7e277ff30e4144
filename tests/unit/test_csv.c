/* test_csv.c: the CSV reader: delimiters, quotes, line ends, limits. */
#include <stdio.h>

#include "unit.h"
#include "load.h"

/* Read all of text; records as "[f1][f2]" joined by "/", the delimiter
 * and, on an error, "line:col code" of the diagnostic. */
static int
read_all(const char *text, size_t len, char delim, char *out, size_t cap,
    char *gotdelim, char *err, size_t errcap)
{
	FILE *fp = fmemopen((void *)text, len, "r");
	cjm_csv *c = cjm_csv_new(fp, "t.csv", delim);
	cjm_diags *ds = cjm_diags_new();
	char **f;
	size_t *l, n, i, used = 0;
	int r;

	out[0] = err[0] = '\0';
	while ((r = cjm_csv_next(c, &f, &l, &n, ds)) == CJM_OK) {
		if (used > 0)
			used += (size_t)snprintf(out + used, cap - used, "/");
		for (i = 0; i < n; i++) {
			ck_assert_uint_eq(strlen(f[i]), l[i]);
			used += (size_t)snprintf(out + used, cap - used,
			    "[%s]", f[i]);
		}
	}
	*gotdelim = cjm_csv_delim(c);
	if (cjm_diags_count(ds) > 0) {
		const cjm_diag *d = cjm_diags_get(ds, 0);

		snprintf(err, errcap, "%lu:%lu %s", d->pos.line, d->pos.col,
		    d->code);
	}
	ck_assert_int_eq(cjm_csv_next(c, &f, &l, &n, ds), CJM_DONE);
	cjm_diags_free(ds);
	cjm_csv_free(c);
	fclose(fp);
	return r;
}

START_TEST(records)
{
	static const struct {
		const char *in;
		char delim, wantdelim;
		int status;
		const char *want, *err;
	} t[] = {
		{ "a,b\n1,2\n", 0, ',', CJM_DONE, "[a][b]/[1][2]", "" },
		{ "a;b\r\n1;2\r\n", 0, ';', CJM_DONE, "[a][b]/[1][2]", "" },
		{ "a\tb\n1\t2", 0, '\t', CJM_DONE, "[a][b]/[1][2]", "" },
		{ "\xEF\xBB\xBFid,x\n1,2\n", 0, ',', CJM_DONE, "[id][x]/[1][2]",
		  "" },
		{ "a;b,c\n", ',', ',', CJM_DONE, "[a;b][c]", "" },
		{ "a,b;c;d\n", 0, ';', CJM_DONE, "[a,b][c][d]", "" },
		{ "\"a,b\";c\n", 0, ';', CJM_DONE, "[a,b][c]", "" },
		{ "a|b|c\n1|2|3\n", 0, '|', CJM_DONE, "[a][b][c]/[1][2][3]",
		  "" },
		{ "a|b,c\n", 0, ',', CJM_DONE, "[a|b][c]", "" },
		{ "x\n\"say \"\"hi\"\"\"\n", 0, ',', CJM_DONE,
		  "[x]/[say \"hi\"]", "" },
		{ "x,y\n\"two\nlines\",2\n", 0, ',', CJM_DONE,
		  "[x][y]/[two\nlines][2]", "" },
		{ "a,,\n,\n", 0, ',', CJM_DONE, "[a][][]/[][]", "" },
		{ "a\n\n\nb\n", 0, ',', CJM_DONE, "[a]/[b]", "" },
		{ "a\rb\r", 0, ',', CJM_DONE, "[a]/[b]", "" },
		{ "a,\"\"\n", 0, ',', CJM_DONE, "[a][]", "" },
		{ "5\"6,x\n", 0, ',', CJM_DONE, "[5\"6][x]", "" },
		{ "", 0, ',', CJM_DONE, "", "" },
		{ "\xEF\xBB\xBF", 0, ',', CJM_DONE, "", "" },
		{ "a,b\n1,\"open\n2,3\n", 0, ',', CJM_EDATA, "[a][b]",
		  "2:3 csv-quote" },
		{ "a,b\n1,\"x\"y\n", 0, ',', CJM_EDATA, "[a][b]",
		  "2:6 csv-after-quote" },
		{ "\"x\"\"\n", 0, ',', CJM_EDATA, "", "1:1 csv-quote" },
	};
	char out[512], err[128], d;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int r = read_all(t[i].in, strlen(t[i].in), t[i].delim, out,
		    sizeof(out), &d, err, sizeof(err));

		ck_assert_msg(r == t[i].status, "case %zu: status %d", i, r);
		ck_assert_msg(strcmp(out, t[i].want) == 0,
		    "case %zu: got '%s'", i, out);
		ck_assert_msg(strcmp(err, t[i].err) == 0,
		    "case %zu: error '%s'", i, err);
		if (t[i].status == CJM_DONE)
			ck_assert_msg(d == t[i].wantdelim, "case %zu", i);
	}
}
END_TEST

/* The wrong-delimiter hint offers leaving -d out only when -d was
 * given: sniffing chose the delimiter otherwise. */
START_TEST(delim_hint)
{
	char buf[160];

	cjm_csv_delim_hint('|', ',', 1, buf, sizeof(buf));
	ck_assert_str_eq(buf, "the header is one column: the file is "
	    "separated by '|', not ','; give -d '|' or leave -d out");
	cjm_csv_delim_hint('\t', ';', 0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "the header is one column: the file is "
	    "separated by tab, not ';'; give -d tab");
}
END_TEST

/* Records that straddle the reader's blocks, and the line numbers. */
START_TEST(blocks_and_lines)
{
	size_t n = 700000, i, len = 0;
	char *in = malloc(n * 2 + 64);
	FILE *fp;
	cjm_csv *c;
	cjm_diags *ds = cjm_diags_new();
	char **f;
	size_t *l, nf;
	unsigned long rec = 0;

	len += (size_t)sprintf(in, "k,v\n");
	for (i = 0; len < n; i++)
		len += (size_t)sprintf(in + len, "%zu,\"q\"\"%zu\"\r\n", i, i);
	fp = fmemopen(in, len, "r");
	c = cjm_csv_new(fp, "t.csv", 0);
	while (cjm_csv_next(c, &f, &l, &nf, ds) == CJM_OK) {
		char want[64];

		ck_assert_uint_eq(cjm_csv_line(c), rec + 1);
		ck_assert_uint_eq(nf, 2);
		if (rec > 0) {
			snprintf(want, sizeof(want), "q\"%lu", rec - 1);
			ck_assert_str_eq(f[1], want);
		}
		rec++;
	}
	ck_assert_uint_eq(rec, i + 1);
	ck_assert_uint_eq(cjm_diags_count(ds), 0);
	cjm_csv_free(c);
	fclose(fp);
	cjm_diags_free(ds);
	free(in);
}
END_TEST

/* A field over the limit is refused, not cut. */
START_TEST(field_limit)
{
	size_t n = 1024 * 1024 + 10, len;
	char *in = malloc(n + 16), out[64], err[128], d;

	memcpy(in, "a\n", 2);
	memset(in + 2, 'x', n);
	len = n + 2;
	ck_assert_int_eq(read_all(in, len, 0, out, sizeof(out), &d, err,
	    sizeof(err)), CJM_EDATA);
	ck_assert_str_eq(err, "2:1 csv-field-size");
	in[2] = '"';
	ck_assert_int_eq(read_all(in, len, 0, out, sizeof(out), &d, err,
	    sizeof(err)), CJM_EDATA);
	ck_assert_str_eq(err, "2:1 csv-field-size");
	free(in);
}
END_TEST

/* Text that is not UTF-8: refused at the first bad byte, with its line,
 * column (code points) and byte offset, whatever the quoting before it,
 * and the encoding named when the bytes read as one (issue 10, case 1). */
START_TEST(not_text)
{
	static const struct {
		const char *in;
		size_t len;
		unsigned long line, col;
		size_t off;
		const char *says;
	} t[] = {
		{ "a,b\nx,\xC0\xED\xED\xE0\n", 0, 2, 3, 6, "Windows-1251" },
		{ "a,b\n\"q\"\"q\",\xC0\xED\xED\xE0\n", 0, 2, 8, 11,
		  "Windows-1251" },
		{ "a,b\n\"x\ny\",z\xFF\n", 0, 3, 5, 11, "0xFF" },
		{ "\xD0\xB0,b\n\xD1\x8F,\xE9t\xE9\n", 0, 2, 3, 8, "0xE9" },
		{ "\xFF\xFE" "a\0,\0", 6, 1, 1, 0, "UTF-16LE" },
		{ "a,b\nc,d\0e\n", 11, 2, 4, 7, "NUL" },
		{ "a;b\n1;2\n", 0, 0, 0, 0, NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		size_t len = t[i].len ? t[i].len : strlen(t[i].in);
		FILE *fp = fmemopen((void *)t[i].in, len, "r");
		cjm_diags *ds = cjm_diags_new();
		cjm_csv *c = cjm_csv_new(fp, "t.csv", 0);
		const cjm_diag *d;
		char **f;
		size_t *l, n;
		int st;

		while ((st = cjm_csv_next(c, &f, &l, &n, ds)) == CJM_OK)
			;
		d = cjm_diags_get(ds, 0);
		if (t[i].says == NULL)
			ck_assert_int_eq(st, CJM_DONE);
		else {
			ck_assert_msg(st == CJM_EDATA && d != NULL, "case %zu", i);
			ck_assert_str_eq(d->code, "encoding");
			ck_assert_msg(d->pos.line == t[i].line &&
			    d->pos.col == t[i].col && d->pos.offset == t[i].off,
			    "case %zu: %lu:%lu @%zu: %s", i, d->pos.line,
			    d->pos.col, d->pos.offset, d->message);
			ck_assert_msg(strstr(d->message, t[i].says) != NULL,
			    "case %zu: %s", i, d->message);
			ck_assert_int_eq(cjm_csv_next(c, &f, &l, &n, ds),
			    CJM_DONE);
		}
		cjm_csv_free(c);
		cjm_diags_free(ds);
		fclose(fp);
	}
}
END_TEST

/* The first bytes of an input: binary (a format's signature, a NUL that
 * is no UTF-16) or maybe text, and where and what the message says. */
START_TEST(binary_start)
{
	static const struct {
		const char *b;
		size_t n;
		int st;
		const char *what;	/* in the message, or NULL */
		unsigned long line, col;
	} t[] = {
		{ "\x89PNG\r\n\x1A\n\0\0", 10, CJM_EDATA, "a PNG image", 1, 1 },
		{ "\x1F\x8B\x08\0", 4, CJM_EDATA, "gzip", 1, 1 },
		{ "PK\x03\x04\x14\0", 6, CJM_EDATA, "ZIP", 1, 1 },
		{ "%PDF-1.4\n", 9, CJM_EDATA, "PDF", 1, 1 },
		{ "SQLite format 3", 16, CJM_EDATA, "SQLite", 1, 1 },
		{ "SQLite format 3!", 16, CJM_OK, NULL, 0, 0 },
		{ "a,b\nc\xE9,\0", 8, CJM_EDATA, "NUL byte at byte offset 7",
		    2, 4 },
		/* UTF-16 at its start, whichever byte is the
		 * first that is not UTF-8 (LE 'u' is 75 00: the second) */
		{ "u\0s\0e\0r\0", 8, CJM_EDATA, "UTF-16LE, not UTF-8 (byte "
		    "offset 0)", 1, 1 },
		{ "\0u\0s\0e\0r", 8, CJM_EDATA, "UTF-16BE", 1, 1 },
		{ "\xFF\xFE\x3F\x04\x40\x04", 6, CJM_EDATA, "UTF-16LE", 1, 1 },
		{ "\xCF\xF0\xE8\xE2\xE5\xF2", 6, CJM_OK, NULL, 0, 0 },
		{ "%PDF", 4, CJM_OK, NULL, 0, 0 },	/* cut: maybe text */
		{ "", 0, CJM_OK, NULL, 0, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cjm_diags *ds = cjm_diags_new();
		int st = cjm_binary_refuse(ds, "x", t[i].b, t[i].n, 0, 0);

		ck_assert_msg(st == t[i].st, "case %zu: %d", i, st);
		ck_assert_uint_eq(cjm_diags_count(ds), t[i].what != NULL);
		if (t[i].what != NULL) {
			const cjm_diag *d = cjm_diags_get(ds, 0);

			ck_assert_msg(strstr(d->message, t[i].what) != NULL,
			    "case %zu: %s", i, d->message);
			ck_assert_uint_eq(d->pos.line, t[i].line);
			ck_assert_uint_eq(d->pos.col, t[i].col);
		}
		cjm_diags_free(ds);
	}
}
END_TEST

/* UTF-16 and UTF-32 without a byte order mark, ASCII or not: said at
 * the start, with the byte order iconv is to read (a bare UTF-16 it
 * reads in the machine's order); with a mark, iconv's name that drops
 * it. Text that is none of them is not taken for one. */
START_TEST(utf_no_bom)
{
	static const struct {
		const char *b;
		size_t n;
		const char *what, *iconv;	/* NULL: not UTF-16/32 */
	} t[] = {
		{ "c\0\0\0j\0\0\0m\0\0\0:\0\0\0", 16, "UTF-32LE",
		    "-f UTF-32LE " },
		{ "\0\0\0c\0\0\0j\0\0\0m", 12, "UTF-32BE", "-f UTF-32BE " },
		/* Cyrillic, one code point past U+FFFF */
		{ "\x1F\x04\0\0\x40\x04\0\0\x00\xF6\x01\0\x38\x04\0\0"
		    "\x20\0\0\0", 20, "UTF-32LE", "-f UTF-32LE " },
		{ "\xFF\xFE\0\0c\0\0\0", 8, "UTF-32LE", "-f UTF-32 " },
		/* 'Привет мир': the NUL and 0x04 on the high side */
		{ "\x1F\x04\x40\x04\x38\x04\x32\x04\x35\x04\x42\x04\x20\0"
		    "\x3C\x04\x38\x04\x40\x04", 20, "UTF-16LE",
		    "-f UTF-16LE " },
		{ "\x04\x1F\x04\x40\x04\x38\x04\x32\x04\x35\x04\x42\0\x20"
		    "\x04\x3C\x04\x38\x04\x40", 20, "UTF-16BE",
		    "-f UTF-16BE " },
		{ "\0u\0s\0e\0r", 8, "UTF-16BE", "-f UTF-16BE " },
		{ "\xFE\xFF\0u\0s", 6, "UTF-16BE", "-f UTF-16 " },
		/* UTF-8 'аааа' with a NUL: both sides the same bytes */
		{ "\xD0\xB0\xD0\xB0\xD0\xB0\xD0\xB0\0\xB0", 10, NULL, NULL },
		{ "\0\0\0\0\0\0\0\0", 8, NULL, NULL },	/* zeroed */
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cjm_diags *ds = cjm_diags_new();
		const cjm_diag *d;

		ck_assert_int_eq(cjm_binary_refuse(ds, "x", t[i].b, t[i].n, 0,
		    0), CJM_EDATA);
		d = cjm_diags_get(ds, 0);
		ck_assert_msg(t[i].what ? strstr(d->message, t[i].what) !=
		    NULL && strstr(d->hint, t[i].iconv) != NULL :
		    strstr(d->message, "binary") != NULL, "case %zu: %s; %s",
		    i, d->message, d->hint);
		/* binary is placed at its NUL */
		ck_assert_uint_eq(d->pos.col, t[i].what ? 1 : t[i].b[0] ? 5 :
		    1);
		ck_assert_uint_eq(d->pos.line, 1);
		cjm_diags_free(ds);
	}
}
END_TEST

/* A known binary format gets no text repairs; compressed data is said
 * to be unpacked, by the name without its suffix; a NUL keeps them. */
START_TEST(binary_hints)
{
	static const struct {
		const char *b, *name;
		size_t n;
		const char *has, *hasnt;
	} t[] = {
		{ "\x89PNG\r\n\x1A\n", "p.png", 8, "file 'p.png'", "tr -d" },
		{ "\x89PNG\r\n\x1A\n", "p.png", 8, "file 'p.png'", "Excel" },
		/* a name with a quote, quoted for the shell; one with a
		 * leading dash, not an option to the command */
		{ "\x1F\x8B\x08\0", "-x.gz", 4, "gunzip -k './-x.gz' "
		    "(writes './-x')", "utf8" },
		{ "\x1F\x8B\x08\0", "it's.gz", 4, "gunzip -k 'it'\\''s.gz' "
		    "(writes 'it'\\''s')", "utf8" },
		{ "ab\0", "o'k.csv", 3, "tr -d '\\000' < 'o'\\''k.csv' > "
		    "'o'\\''k-utf8.csv'", "unpack" },
		{ "\x1F\x8B\x08\0", "map.yaml.gz", 4, "gunzip -k 'map.yaml.gz' "
		    "(writes 'map.yaml')", "utf8" },
		{ "\x1F\x8B\x08\0", "<stdin>", 4, "gunzip -c FILE", "tr -d" },
		{ "\xFD" "7zXZ\0\0", "a.bin", 6, "unxz -c 'a.bin' > "
		    "'a.bin.out'", "Excel" },
		{ "ab\0", "a.csv", 3, "tr -d '\\000' < 'a.csv' > 'a-utf8.csv'",
		    "unpack" },
		{ "ab\0", "a.csv", 3, "Save As 'CSV UTF-8'", "unpack" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cjm_diags *ds = cjm_diags_new();
		const char *h;

		ck_assert_int_eq(cjm_binary_refuse(ds, t[i].name, t[i].b,
		    t[i].n, 0, 1), CJM_EDATA);
		h = cjm_diags_get(ds, 0)->hint;
		ck_assert_msg(strstr(h, t[i].has) != NULL && strstr(h,
		    t[i].hasnt) == NULL, "case %zu: %s", i, h);
		cjm_diags_free(ds);
	}
}
END_TEST

START_TEST(encoding_guess)
{
	ck_assert_str_eq(cjm_encoding_guess("\xCF\xF0\xE8\xE2\xE5\xF2", 6),
	    "Windows-1251");
	ck_assert_ptr_null(cjm_encoding_guess("caf\xE9 cr\xE8me", 10));
	ck_assert_str_eq(cjm_encoding_guess("\0a\0b\0c\0d", 8), "UTF-16BE");
	ck_assert_str_eq(cjm_encoding_guess("a\0b\0c\0d\0", 8), "UTF-16LE");
	ck_assert_str_eq(cjm_encoding_guess("\xFE\xFF", 2), "UTF-16BE");
	ck_assert_str_eq(cjm_encoding_guess("\xFF\xFE\0\0c\0\0\0", 8),
	    "UTF-32LE");
	ck_assert_str_eq(cjm_encoding_guess("\0\0\xFE\xFF\0\0\0c", 8),
	    "UTF-32BE");
	ck_assert_uint_eq(cjm_text_check("ab\0c", 4), 2);
	ck_assert_uint_eq(cjm_text_check("\xD0\xB0" "b", 3), 3);
}
END_TEST

/* Where a field starts, for a diagnostic: the same whether the full
 * parser copied the record or a plain line was split in place (read in
 * blocks, or mapped): columns in code points, a quoted field at its
 * opening quote, past the last field the row's end. */
START_TEST(field_pos)
{
	static const struct {
		const char *in, *want;	/* want: line:col@offset a field */
	} t[] = {
		{ "u,e,t\nu1,cart,soon\n", "2:1@6 2:4@9 2:9@14 2:13@18" },
		{ "u,e,t\r\nu,e,t\r\n", "2:1@7 2:3@9 2:5@11 2:6@12" },
		{ "u,e,t\n\xD0\xB6\xD0\xB6,\xC3\xA9,soon\n",
		  "2:1@6 2:4@11 2:6@14 2:10@18" },
		{ "u,e,t\nu1,\"a,\"\"b\",soon\n",
		  "2:1@6 2:4@9 2:12@17 2:16@21" },
		{ "u,e,t\n\"x\ny\",\xC3\xA9,soon\n",
		  "2:1@6 3:4@12 3:6@15 3:10@19" },
		{ "u,e,t\nu1,\"\",\"soon\"\n", "2:1@6 2:4@9 2:7@12 2:13@18" },
		{ "u,e,t\nu1,,\n", "2:1@6 2:4@9 2:5@10 2:5@10" },
		{ "u;e;t\n\n\nu1;x;y\n", "4:1@8 4:4@11 4:6@13 4:7@14" },
	};
	size_t i, k;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		for (k = 0; k < 3; k++) {
			size_t len = strlen(t[i].in), n, j, used = 0, *l;
			FILE *fp = k < 2 ? fmemopen((void *)t[i].in, len, "r") :
			    tmpfile();
			cjm_diags *ds = cjm_diags_new();
			char **f, got[128];
			cjm_csv *c;

			if (k == 2) {
				ck_assert_uint_eq(fwrite(t[i].in, 1, len, fp),
				    len);
				rewind(fp);
			}
			c = cjm_csv_new(fp, "t.csv", 0);
			ck_assert_int_eq(cjm_csv_next(c, &f, &l, &n, ds),
			    CJM_OK);
			if (k > 0)	/* split in place: read, then mapped */
				cjm_csv_borrow(c);
			ck_assert_int_eq(cjm_csv_next(c, &f, &l, &n, ds),
			    CJM_OK);
			for (j = 0; j <= n; j++) {
				cjm_pos p = cjm_csv_field_pos(c, j);

				used += (size_t)snprintf(got + used,
				    sizeof(got) - used, "%s%lu:%lu@%zu",
				    j ? " " : "", p.line, p.col, p.offset);
			}
			ck_assert_msg(strcmp(got, t[i].want) == 0, "case %zu "
			    "way %zu: %s", i, k, got);
			cjm_csv_free(c);
			cjm_diags_free(ds);
			fclose(fp);
		}
}
END_TEST

/* What a reader gives for the input in fp: a hash of every record's
 * line and fields (by their lengths: borrowed fields have no NUL), the
 * status, and the first diagnostic's place and code, and where each
 * field starts (cjm_csv_field_pos). With borrow, the
 * fields are borrowed after the first record. */
static unsigned long long
summary(FILE *fp, int borrow, int *st, char *err, size_t cap)
{
	cjm_csv *c = cjm_csv_new(fp, "t.csv", 0);
	cjm_diags *ds = cjm_diags_new();
	unsigned long long h = 1469598103934665603ULL;
	char **f;
	size_t *l, n, i, j;

	err[0] = '\0';
	while ((*st = cjm_csv_next(c, &f, &l, &n, ds)) == CJM_OK) {
		h = (h ^ cjm_csv_line(c) ^ (n << 32)) * 1099511628211ULL;
		for (i = 0; i <= n; i++) {
			cjm_pos p = cjm_csv_field_pos(c, i);

			h = (h ^ p.line ^ p.col << 20 ^ (unsigned long long)
			    p.offset << 40) * 1099511628211ULL;
		}
		for (i = 0; i < n; i++)
			for (h = (h ^ l[i]) * 1099511628211ULL, j = 0; j < l[i];
			    j++)
				h = (h ^ (unsigned char)f[i][j]) *
				    1099511628211ULL;
		if (borrow)
			cjm_csv_borrow(c);
	}
	if (cjm_diags_count(ds) > 0) {
		const cjm_diag *d = cjm_diags_get(ds, 0);

		snprintf(err, cap, "%lu:%lu@%zu %s", d->pos.line, d->pos.col,
		    d->pos.offset, d->code);
	}
	cjm_diags_free(ds);
	cjm_csv_free(c);
	return h;
}

/* A log of about n bytes: plain lines, with now and then a quoted
 * field, a CR LF, UTF-8, a blank line, and tail at the end. */
static size_t
make_log(char *in, size_t n, const char *tail, size_t tlen)
{
	size_t len = (size_t)sprintf(in, "user,event,time\n"), i;

	for (i = 0; len < n; i++)
		len += (size_t)sprintf(in + len, i % 997 == 5 ? "u%zu,\"a,b\","
		    "t\n" : i % 1009 == 7 ? "u%zu,x,t\r\n" : i % 1013 == 9 ?
		    "u%zu,\xD0\xB0,t\n\n" : "u%zu,visit,2024-05-01\n", i);
	memcpy(in + len, tail, tlen);
	return len + tlen;
}

/* Borrowed fields (a file mapped or read in blocks, lines split in
 * place) give what copied ones give: records, lines, and the place of
 * an error, whether the odd line comes early or after the mapping
 * has given pages back. */
START_TEST(borrow_same)
{
	static const struct {
		const char *s;
		size_t n;
	} tails[] = { { "", 0 }, { "u,last", 6 }, { "u,\"open\n", 8 },
	    { "u,\xC0\xE9\n", 5 }, { "u,b\0c\n", 6 }, { "u,\"x\"y\n", 8 },
	    { "u,\r\r\n", 5 } };
	static const size_t sizes[] = { 40, 3000, 900000 };
	size_t i, k, len, cap = 900000 + 64;
	char *in = malloc(cap), e1[128], e2[128], e3[128];

	for (k = 0; k < 3; k++)
		for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
			FILE *m, *t = tmpfile();
			unsigned long long h1, h2, h3;
			int s1, s2, s3;

			len = make_log(in, sizes[k], tails[i].s, tails[i].n);
			ck_assert_uint_eq(fwrite(in, 1, len, t), len);
			rewind(t);
			m = fmemopen(in, len, "r");
			h1 = summary(m, 0, &s1, e1, sizeof(e1));
			rewind(m);
			h2 = summary(m, 1, &s2, e2, sizeof(e2));
			h3 = summary(t, 1, &s3, e3, sizeof(e3));
			ck_assert_msg(h1 == h2 && h1 == h3 && s1 == s2 &&
			    s1 == s3, "size %zu tail %zu", sizes[k], i);
			ck_assert_str_eq(e1, e2);
			ck_assert_str_eq(e1, e3);
			ck_assert_int_eq(s1, i == 0 || i == 1 || i == 6 ?
			    CJM_DONE : CJM_EDATA);
			fclose(m);
			fclose(t);
		}
	free(in);
}
END_TEST

/* One log read copied (fmemopen) and borrowed (a mapped file): the
 * same summary, status and error. */
static void
same_both_ways(char *in, size_t len, size_t what, size_t a, size_t b)
{
	FILE *m = fmemopen(in, len, "r"), *t = tmpfile();
	char e1[128], e2[128];
	unsigned long long h1, h2;
	int s1, s2;

	ck_assert_uint_eq(fwrite(in, 1, len, t), len);
	rewind(t);
	h1 = summary(m, 0, &s1, e1, sizeof(e1));
	h2 = summary(t, 1, &s2, e2, sizeof(e2));
	ck_assert_msg(h1 == h2 && s1 == s2 && strcmp(e1, e2) == 0,
	    "odd bytes %zu, line of %zu, at %zu: %s / %s", what, a, b, e1,
	    e2);
	fclose(m);
	fclose(t);
}

/* The borrowed split reads 16-byte chunks: lines of every length from 1
 * to 50, and an odd byte at every place in them, so that each line end,
 * delimiter, quote, CR LF, UTF-8 sequence, NUL or bad byte falls at each
 * place of a chunk. Odd bytes that end the stream (NUL, bad UTF-8, an
 * open quote) take a log each. */
START_TEST(borrow_chunks)
{
	static const char *const odd[] = { "\"q,\"", "\r\n", "\xD0\xB0", "\r",
	    "\0", "\xC0", "\"" };
	char *in = malloc(1 << 20);
	size_t len, L, at, k, i;

	for (k = 0; k < sizeof(odd) / sizeof(odd[0]); k++)
		for (L = 1; L <= 50; L++)
			for (at = 0; at < L; at++) {
				size_t on = k == 4 ? 1 : strlen(odd[k]);

				len = (size_t)sprintf(in, "u,e,t\n");
				for (i = 0; i < 3; i++) {
					memset(in + len, 'a' + (char)i, L);
					in[len + L / 3] = ',';
					len += L;
					in[len++] = '\n';
				}
				memset(in + len, 'x', L);
				memcpy(in + len + at, odd[k], on);
				len += L + on;
				len += (size_t)sprintf(in + len, "\nv,w,%zu\n"
				    "end,of,log\n", L);
				same_both_ways(in, len, k, L, at);
			}
	free(in);
}
END_TEST

/* An unclosed quote is reported at its own column, in code points,
 * though the input past it has moved on to other blocks (read, not
 * mapped) or to the end. */
START_TEST(quote_columns)
{
	static const struct {
		size_t wide;		/* 'Ж' (2 bytes) before head */
		const char *head;
		size_t tail;		/* 'y' bytes after the quote */
		const char *want;
	} t[] = {
		{ 0, "a,b\n\xD0\x9F\xD1\x91\xD1\x82\xD1\x80,\"x", 0,
		    "2:6@13 csv-quote" },
		{ 0, "\xF0\x9F\x98\x80\xF0\x9F\x98\x80,\"\xD0\xBE", 0,
		    "1:4@9 csv-quote" },
		{ 0, "\xD0\x96\xD0\x96\xD0\x96,\"", 300000, "1:5@7 csv-quote" },
		/* The line began in an earlier 256 KiB block: still code
		 * points (it said bytes, 1:300002), the quote open to the
		 * end or closed with text after it, on a later line; a
		 * field over the size limit too. */
		{ 150000, ",\"x", 0, "1:150002@300001 csv-quote" },
		{ 150000, ",\"\xD0\xBE", 200000, "1:150002@300001 csv-quote" },
		{ 150000, ",\"x\"y,z\n", 0, "1:150005@300004 csv-after-quote" },
		{ 150000, ",\"x\n\xD0\x96\"y\n", 0,
		    "2:3@300007 csv-after-quote" },
		{ 150000, ",\"\"\"\"\xD0\x96\"y\n", 0,
		    "1:150006@300005 csv-after-quote" },	/* "" is 2 */
		{ 150000, ",", 1100000, "1:150002@300001 csv-field-size" },
	};
	size_t i, k, len;
	char *in = malloc(1500000), err[128];

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		FILE *m;
		int st;

		for (len = 0, k = 0; k < t[i].wide; k++, len += 2)
			memcpy(in + len, "\xD0\x96", 2);
		memcpy(in + len, t[i].head, strlen(t[i].head));
		len += strlen(t[i].head);
		memset(in + len, 'y', t[i].tail);
		len += t[i].tail;
		m = fmemopen(in, len, "r");
		summary(m, 0, &st, err, sizeof(err));
		ck_assert_int_eq(st, CJM_EDATA);
		ck_assert_msg(strcmp(err, t[i].want) == 0, "%zu: %s", i, err);
		fclose(m);
		same_both_ways(in, len, i, len, 0);
	}
	free(in);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("csv");
	TCase *tc = tcase_create("csv");

	tcase_add_test(tc, records);
	tcase_add_test(tc, blocks_and_lines);
	tcase_add_test(tc, delim_hint);
	tcase_add_test(tc, field_limit);
	tcase_add_test(tc, not_text);
	tcase_add_test(tc, encoding_guess);
	tcase_add_test(tc, binary_start);
	tcase_add_test(tc, utf_no_bom);
	tcase_add_test(tc, binary_hints);
	tcase_add_test(tc, borrow_same);
	tcase_add_test(tc, borrow_chunks);
	tcase_add_test(tc, field_pos);
	tcase_add_test(tc, quote_columns);
	suite_add_tcase(s, tc);
	return s;
}
