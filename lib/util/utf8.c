/* utf8.c: UTF-8 validation (RFC 3629) and line/column counting in code
 * points, the way libyaml's marks count. */
#include <stdio.h>
#include <string.h>

#include "load.h"

int
cjm_utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0], lo = 0x80, hi = 0xBF;
	int len, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4;
	else
		return 0;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	for (i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return -1;
		if (s[i] < lo || s[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xBF;
	}
	return len;
}

size_t
cjm_utf8_cut(const unsigned char *s, size_t n)
{
	size_t back;

	for (back = 1; back <= 3 && back <= n; back++) {
		unsigned c = s[n - back];

		if ((c & 0xC0) != 0x80)
			return c >= 0xC0 && cjm_utf8_seq(s + n - back, back) < 0 ?
			    back : 0;
	}
	return 0;
}

size_t
cjm_ascii_span(const unsigned char *s, size_t n)
{
	size_t i = 0;

	/* Eight bytes at a time while none has its high bit set. */
	while (i + 8 <= n) {
		uint64_t w;

		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ULL)
			break;
		i += 8;
	}
	while (i < n && s[i] < 0x80)
		i++;
	return i;
}

size_t
cjm_utf8_scan(const unsigned char *s, size_t len, int *cut)
{
	size_t i = 0;

	*cut = 0;
	while (i < len) {
		int k;

		i += cjm_ascii_span(s + i, len - i);
		/* Two-byte characters (Cyrillic, Greek, accents) fast. */
		while (i + 1 < len && s[i] >= 0xC2 && s[i] <= 0xDF &&
		    (s[i + 1] & 0xC0) == 0x80)
			i += 2;
		if (i >= len)
			break;
		if (s[i] < 0x80)
			continue;
		k = cjm_utf8_seq(s + i, len - i);
		if (k <= 0) {
			*cut = k < 0;
			return i;
		}
		i += (size_t)k;
	}
	return len;
}

int
cjm_utf8_prefix(const char *s, int max)
{
	int i = 0, n = 0;

	for (; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && n++ == max)
			break;
	return i;
}

const char *
cjm_utf8_middle(const char *s, size_t max, char *buf, size_t cap)
{
	size_t n = 0, i, head, tail, hb, tb, len = strlen(s);

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	if (n <= max || max < 3 || cap < 4) {
		snprintf(buf, cap, "%s", s);
		return buf;
	}
	head = (max - 1) / 2 + (max - 1) % 2;	/* code points kept */
	tail = (max - 1) / 2;
	hb = (size_t)cjm_utf8_prefix(s, (int)head);
	tb = len;
	for (i = 0; i < tail && tb > 0; i++)	/* back over tail chars */
		while (tb > 0 && ((unsigned char)s[--tb] & 0xC0) == 0x80)
			;
	if (hb + 3 + (len - tb) + 1 > cap) {	/* shrink to fit cap */
		size_t room = cap - 4;

		while (hb > room / 2 && hb > 0)
			while (hb > 0 && ((unsigned char)s[--hb] & 0xC0) ==
			    0x80)
				;
		while (len - tb > room - hb)
			while (++tb < len && ((unsigned char)s[tb] & 0xC0) ==
			    0x80)
				;
	}
	snprintf(buf, cap, "%.*s\xE2\x80\xA6%s", (int)hb, s, s + tb);
	return buf;
}

size_t
cjm_utf8_check(const char *s, size_t len)
{
	int cut;

	return cjm_utf8_scan((const unsigned char *)s, len, &cut);
}

void
cjm_utf8_advance(unsigned long *line, unsigned long *col,
    const unsigned char *s, size_t n)
{
	const unsigned char *nl, *last = NULL, *p = s, *end = s + n;
	size_t i;

	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		(*line)++;
		last = nl;
		p = nl + 1;
	}
	if (last != NULL) {
		*col = 1;
		s = last + 1;
	}
	for (i = 0; s + i < end; i++)
		*col += (s[i] & 0xC0) != 0x80;
}

/* Decode one UTF-8 character at s: its code point, *n its bytes. A
 * byte that does not start a valid sequence is taken alone. */
unsigned long
cjm_utf8_decode(const unsigned char *s, size_t *n)
{
	unsigned long u = s[0];
	size_t k, i;

	*n = 1;
	if (u < 0xC2 || u > 0xF4)
		return u;
	k = u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : 2;
	u &= 0x3F >> (k - 1);
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return s[0];
		u = u << 6 | (s[i] & 0x3F);
	}
	*n = k;
	return u;
}

size_t
cjm_utf8_put(unsigned long u, unsigned char *o)
{
	if (u < 0x80) {
		o[0] = (unsigned char)u;
		return 1;
	}
	if (u < 0x800) {
		o[0] = (unsigned char)(0xC0 | u >> 6);
		o[1] = (unsigned char)(0x80 | (u & 0x3F));
		return 2;
	}
	if (u < 0x10000) {
		o[0] = (unsigned char)(0xE0 | u >> 12);
		o[1] = (unsigned char)(0x80 | (u >> 6 & 0x3F));
		o[2] = (unsigned char)(0x80 | (u & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | u >> 18);
	o[1] = (unsigned char)(0x80 | (u >> 12 & 0x3F));
	o[2] = (unsigned char)(0x80 | (u >> 6 & 0x3F));
	o[3] = (unsigned char)(0x80 | (u & 0x3F));
	return 4;
}

/* ------------------------------------------------------ text or not */

size_t
cjm_text_check(const char *s, size_t len)
{
	size_t k = cjm_utf8_check(s, len);
	const char *nul = memchr(s, '\0', k);

	return nul != NULL ? (size_t)(nul - s) : k;
}

/* UTF-32 without a byte order mark: in every 4-byte unit the top byte
 * is NUL and (but for a few code points past U+FFFF) the next one too,
 * while the low byte is not always NUL (a zeroed file is no text). */
static const char *
guess_utf32(const unsigned char *s, size_t n)
{
	size_t i, units = n / 4, z[4] = { 0, 0, 0, 0 };

	for (i = 0; i < units * 4; i++)
		z[i % 4] += s[i] == 0;
	if (units == 0)
		return NULL;
	if (z[3] == units && z[2] * 4 >= units * 3 && z[0] < units)
		return "UTF-32LE";
	if (z[0] == units && z[1] * 4 >= units * 3 && z[3] < units)
		return "UTF-32BE";
	return NULL;
}

/* UTF-16 without a byte order mark, high bytes on side h of the pairs
 * (1: LE, 0: BE): a good share of all bytes are NULs, nearly all on
 * that side (ASCII text); or that side holds a NUL and is nearly all
 * NULs and one small high byte (0x04 for Cyrillic, 0x03 for Greek),
 * while the low side is varied, as letters are (UTF-8 'аааа' is d0 b0
 * repeated: no NUL, and its low side the same byte). */
static int
utf16_side(const unsigned char *s, size_t n, int h)
{
	unsigned short hist[2][256];
	size_t i, pairs = n / 2, top[2] = { 0, 0 };

	memset(hist, 0, sizeof(hist));
	for (i = 0; i < pairs * 2; i++)
		hist[i % 2][s[i]]++;
	for (i = 1; i < 256; i++) {
		top[0] = hist[0][i] > top[0] ? hist[0][i] : top[0];
		top[1] = hist[1][i] > top[1] ? hist[1][i] : top[1];
	}
	if (hist[h][0] <= (size_t)hist[!h][0] * 4)
		return 0;
	return (size_t)(hist[0][0] + hist[1][0]) * 4 >= n ||
	    ((hist[h][0] + top[h]) * 10 >= pairs * 9 && top[!h] * 2 < pairs);
}

/* UTF-16 or UTF-32 by a byte order mark (bom: the sample is the
 * input's start; inside it FF FE are two bad bytes, not a mark), or
 * without one by where the NULs of the first bytes are. */
static const char *
guess_utf16(const unsigned char *s, size_t n, int bom)
{
	const char *u32;

	if (bom && n >= 4 && s[0] == 0xFF && s[1] == 0xFE && !s[2] && !s[3])
		return "UTF-32LE";
	if (bom && n >= 4 && !s[0] && !s[1] && s[2] == 0xFE && s[3] == 0xFF)
		return "UTF-32BE";
	if (bom && n >= 2 && s[0] == 0xFF && s[1] == 0xFE)
		return "UTF-16LE";
	if (bom && n >= 2 && s[0] == 0xFE && s[1] == 0xFF)
		return "UTF-16BE";
	n = n < 256 ? n : 256;
	if (n < 4)
		return NULL;
	if ((u32 = guess_utf32(s, n)) != NULL)
		return u32;
	return utf16_side(s, n, 1) ? "UTF-16LE" : utf16_side(s, n, 0) ?
	    "UTF-16BE" : NULL;
}

/* Windows-1251 when the high bytes are Cyrillic letters (А..я, Ё, ё,
 * and Ukrainian Є Ї І) that come in runs, as words do; Latin-1 and
 * Windows-1252 have lone accented letters between ASCII ones. */
static int
is_cp1251(const unsigned char *s, size_t n)
{
	size_t i, high = 0, letters = 0, runs = 0;

	n = n < 4096 ? n : 4096;
	for (i = 0; i < n; i++) {
		int hi = s[i] >= 0xC0 || s[i] == 0xA8 || s[i] == 0xB8 ||
		    s[i] == 0xAA || s[i] == 0xBA || s[i] == 0xAF ||
		    s[i] == 0xBF || s[i] == 0xB2 || s[i] == 0xB3;

		if (s[i] < 0x80)
			continue;
		high++;
		letters += hi;
		runs += hi && ((i > 0 && s[i - 1] >= 0xC0) ||
		    (i + 1 < n && s[i + 1] >= 0xC0));
	}
	return high > 0 && letters * 10 >= high * 9 && runs * 2 >= letters;
}

static const char *
guess(const unsigned char *s, size_t n, int bom)
{
	const char *u16 = guess_utf16(s, n, bom);

	if (u16 != NULL)
		return u16;
	return is_cp1251(s, n) ? "Windows-1251" : NULL;
}

const char *
cjm_encoding_guess(const void *sample, size_t n)
{
	return guess(sample, n, 1);
}

/* "answers.csv" -> "answers-utf8.csv": where the converted copy goes. */
static void
utf8_name(const char *name, char *buf, size_t size)
{
	const char *dot = strrchr(name, '.'), *slash = strrchr(name, '/');

	if (dot == NULL || (slash != NULL && dot < slash) || dot == name)
		dot = name + strlen(name);
	snprintf(buf, size, "%.*s-utf8%s", (int)(dot - name < 200 ?
	    dot - name : 200), name, dot);
}

/* s in single quotes for a shell command in a hint, a quote in it as
 * '\'' (a new user's file named it's.gz made the hint a syntax error);
 * at most 200 bytes of s, cut at a character. */
static const char *
shq(const char *s, size_t len, char *buf, size_t cap)
{
	size_t i, k = 0, n = (size_t)cjm_utf8_prefix(s, 200);

	if (n > len)
		n = len;
	buf[k++] = '\'';
	for (i = 0; i < n && k + 6 < cap; i++) {
		if (s[i] == '\'') {
			memcpy(buf + k, "'\\''", 4);
			k += 4;
		} else
			buf[k++] = s[i];
	}
	buf[k++] = '\'';
	buf[k] = '\0';
	return buf;
}

/* How to unpack compressed input (unz: "gunzip .gz"), the file's name
 * without the suffix (map.yaml.gz -> map.yaml), as the tool that packed
 * it would name it; standard input ("FILE") is unpacked into a pipe. */
static void
unpack_hint(char *hint, size_t cap, const char *file, const char *unz)
{
	const char *sp = strchr(unz, ' '), *suf = sp + 1;
	size_t n = strlen(file), k = strlen(suf);
	int cmd = (int)(sp - unz);
	char q[1024], q2[1024], out[256];

	if (strcmp(file, "FILE") == 0)
		snprintf(hint, cap, "unpack it first: %.*s -c FILE | ...",
		    cmd, unz);
	else if (n > k && strcmp(file + n - k, suf) == 0)
		snprintf(hint, cap, "unpack it first: %.*s -k %s (writes %s)",
		    cmd, unz, shq(file, n, q, sizeof(q)), shq(file, n - k, q2,
		    sizeof(q2)));
	else {
		snprintf(out, sizeof(out), "%.200s.out", file);
		snprintf(hint, cap, "unpack it first: %.*s -c %s > %s", cmd,
		    unz, shq(file, n, q, sizeof(q)), shq(out, strlen(out), q2,
		    sizeof(q2)));
	}
}

/* A NUL byte that is no UTF-16 or UTF-32 (no text encoding has one), or
 * a binary format's magic number: binary data (an archive, an image, a
 * zeroed file, .xlsx), which iconv cannot help; say so (what: why it is
 * binary, the format's name; NULL: the NUL at pos), and how to see what
 * the file is. Text repairs (tr for stray NULs, Excel's CSV UTF-8) only
 * for a NUL: a known format is no text to repair; compressed data (unz:
 * the command that unpacks it) is said to be unpacked. */
static int
binary(cjm_diags *ds, const char *name, const char *file, const char *out,
    cjm_pos pos, int sheet, const char *what, const char *unz)
{
	char hint[2400], nul[64], q[1024], q2[1024];

	shq(file, strlen(file), q, sizeof(q));
	if (what == NULL) {
		snprintf(nul, sizeof(nul), "a NUL byte at byte offset %zu",
		    pos.offset);
		what = nul;
		snprintf(hint, sizeof(hint), "give the text file meant (file %s "
		    "says what this one is)%s; if it is text with stray NULs: "
		    "tr -d '\\000' < %s > %s", q, sheet ? "; from Excel: Save "
		    "As 'CSV UTF-8'" : "", q, shq(out, strlen(out), q2,
		    sizeof(q2)));
	} else if (unz != NULL)
		unpack_hint(hint, sizeof(hint), file, unz);
	else
		snprintf(hint, sizeof(hint), "give the text file meant (file %s "
		    "says what this one is)", q);
	cjm_diags_add(ds, CJM_ERROR, "encoding", name, 0, NULL, pos, hint,
	    "this is binary data (%s), not a text file", what);
	return CJM_EDATA;
}

/* The file's name for a hint ("FILE" for standard input), and where its
 * converted copy would go (out, size bytes). A name that starts with '-'
 * is written ./-name in buf (size bytes), so that the commands of the
 * hint (iconv, gunzip, file) do not read it as an option. */
static const char *
hint_names(const char *name, char *buf, char *out, size_t size)
{
	const char *file = name == NULL || strcmp(name, "<stdin>") == 0 ?
	    "FILE" : name;

	if (file[0] == '-') {
		snprintf(buf, size, "./%s", file);
		file = buf;
	}
	utf8_name(file, out, size);
	return file;
}

/* Magic numbers (from file(1)'s database) of binary formats that reach a
 * text tool by mistake: each has a byte no text has in its first eight,
 * but PDF's "%PDF-", which opens no text format either. */
static const struct magic {
	const char *m;
	size_t n;
	const char *what;
	const char *unz;	/* compressed: the command, the suffix */
} magics[] = {
	{ "\x89PNG\r\n\x1A\n", 8, "a PNG image", NULL },
	{ "\xFF\xD8\xFF", 3, "a JPEG image", NULL },
	{ "\x1F\x8B", 2, "gzip-compressed data", "gunzip .gz" },
	{ "PK\x03\x04", 4, "a ZIP archive: .zip, .xlsx, .docx", NULL },
	{ "\x7F" "ELF", 4, "an ELF program", NULL },
	{ "%PDF-", 5, "a PDF document", NULL },
	{ "\xFD" "7zXZ", 6, "xz-compressed data", "unxz .xz" },
	{ "\x28\xB5\x2F\xFD", 4, "zstd-compressed data", "unzstd .zst" },
	{ "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "an OLE2 document: "
	    ".xls, .doc", NULL },
	{ "SQLite format 3", 16, "an SQLite database", NULL },
};

int
cjm_binary_refuse(cjm_diags *ds, const char *name, const void *sample,
    size_t n, size_t base, int sheet)
{
	const unsigned char *b = sample, *nul;
	const char *file, *enc;
	cjm_pos pos = { 1, 1, base };
	char out[256], dash[256];
	size_t i;

	file = hint_names(name, dash, out, sizeof(out));
	for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (n >= magics[i].n && memcmp(b, magics[i].m, magics[i].n) == 0)
			return binary(ds, name, file, out, pos, sheet,
			    magics[i].what, magics[i].unz);
	/* UTF-16 or UTF-32 text (a BOM, or NULs on one side of the byte
	 * pairs) is said so here, at its start, for every reader alike: its
	 * first byte that is not UTF-8 may be the second (UTF-16LE 'u' is
	 * 75 00), which a reader's own check would point at. */
	enc = cjm_encoding_guess(b, n);
	if (enc != NULL && strncmp(enc, "UTF-", 4) == 0)
		return cjm_text_refuse(ds, name, pos, b, n, b[0], sheet);
	if ((nul = memchr(b, 0, n)) == NULL)
		return CJM_OK;
	cjm_utf8_advance(&pos.line, &pos.col, b, (size_t)(nul - b));
	pos.offset += (size_t)(nul - b);
	return binary(ds, name, file, out, pos, sheet, NULL, NULL);
}

/* The name iconv is to read enc by: UTF-16 or UTF-32 after a byte
 * order mark, which iconv takes and drops; without one, the byte order
 * guessed (glibc's iconv reads a bare UTF-16 in the machine's order, so
 * UTF-16BE text from a little-endian machine came out as CJK). */
static const char *
iconv_name(const char *enc, const void *sample, size_t n)
{
	const unsigned char *s = sample;
	int bom = n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) ||
	    (s[0] == 0xFE && s[1] == 0xFF) || (n >= 4 && !s[0] && !s[1] &&
	    s[2] == 0xFE && s[3] == 0xFF));

	if (strncmp(enc, "UTF-", 4) != 0)
		return "WINDOWS-1251";
	if (!bom)
		return enc;
	return strncmp(enc, "UTF-16", 6) == 0 ? "UTF-16" : "UTF-32";
}

int
cjm_text_refuse(cjm_diags *ds, const char *name, cjm_pos pos,
    const void *sample, size_t n, unsigned char bad, int sheet)
{
	/* Bytes at line 1, column 1 start the input: a byte order mark
	 * there names the encoding; further on it is two bad bytes (a new
	 * user's "FF FE" in a line was called UTF-16LE). */
	const char *enc = guess(sample, n, pos.line == 1 && pos.col == 1);
	const char *excel = sheet ? " (from Excel: Save As 'CSV UTF-8')" : "";
	char hint[2400], out[256], dash[256], q[1024], q2[1024];
	const char *file = hint_names(name, dash, out, sizeof(out));
	int utf = enc != NULL && strncmp(enc, "UTF-", 4) == 0;	/* 16, 32 */

	if (bad == 0 && !utf)
		return binary(ds, name, file, out, pos, sheet, NULL, NULL);
	shq(file, strlen(file), q, sizeof(q));
	shq(out, strlen(out), q2, sizeof(q2));
	if (enc != NULL)
		snprintf(hint, sizeof(hint), "convert it: iconv -f %s -t UTF-8 "
		    "%s > %s%s", iconv_name(enc, sample, n), q, q2, excel);
	else
		snprintf(hint, sizeof(hint), "convert it: iconv -f CODEPAGE "
		    "-t UTF-8 %s > %s, CODEPAGE the one it was saved in%s", q,
		    q2, excel);
	if (utf)
		cjm_diags_add(ds, CJM_ERROR, "encoding", name, 0, NULL, pos,
		    hint, "the input is %s, not UTF-8 (byte offset %zu)", enc,
		    pos.offset);
	else
		cjm_diags_add(ds, CJM_ERROR, "encoding", name, 0, NULL, pos,
		    hint, "byte 0x%02X at byte offset %zu is not UTF-8%s%s",
		    bad, pos.offset, enc ? "; the text reads as " : "",
		    enc ? "Windows-1251 (Cyrillic)" : "");
	return CJM_EDATA;
}
