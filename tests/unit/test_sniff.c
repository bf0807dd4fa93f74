/* test_sniff.c — uploads typed by their bytes and their names cleaned for display
 * (src/io/sniff.c): each accepted type, each refusal with its reason, NFC and the
 * length limit of names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/io/sniff.h"

typedef struct {
	const unsigned char *data;
	size_t size;
} mem;

static long mem_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	const mem *m = ctx;
	if (off > m->size)
		return -1;
	size_t n = m->size - (size_t)off < len ? m->size - (size_t)off : len;
	memcpy(buf, m->data + off, n);
	return (long)n;
}

static int sniff(const void *data, size_t size, const char *name, sniff_result *r)
{
	mem m = { data, size };
	return sniff_file(mem_read, &m, size, name, r);
}

/* A stored ZIP holding only [Content_Types].xml naming ct. */
static size_t zip_with(const char *ct, unsigned char *out)
{
	char xml[400];
	int xl = snprintf(xml, sizeof xml, "<Types><Override PartName=\"/x\" ContentType=\"%s\"/></Types>", ct);
	static const char name[] = "[Content_Types].xml";
	size_t nl = sizeof name - 1, p = 0;
	unsigned char lh[30] = { 'P', 'K', 3, 4, 20 };
	lh[18] = lh[22] = (unsigned char)xl; /* sizes (< 256) */
	lh[26] = (unsigned char)nl;
	memcpy(out + p, lh, 30), p += 30;
	memcpy(out + p, name, nl), p += nl;
	memcpy(out + p, xml, (size_t)xl), p += (size_t)xl;
	size_t dir = p;
	unsigned char ch[46] = { 'P', 'K', 1, 2, 20, 0, 20 };
	ch[20] = ch[24] = (unsigned char)xl;
	ch[28] = (unsigned char)nl;
	memcpy(out + p, ch, 46), p += 46;
	memcpy(out + p, name, nl), p += nl;
	unsigned char eo[22] = { 'P', 'K', 5, 6, 0, 0, 0, 0, 1, 0, 1 };
	eo[12] = (unsigned char)(p - dir);
	eo[16] = (unsigned char)dir;
	memcpy(out + p, eo, 22), p += 22;
	return p;
}

static void magic_types(void **state)
{
	(void)state;
	sniff_result r;
	assert_int_equal(sniff("%PDF-1.7\n", 9, "計画書.PDF", &r), 0);
	assert_int_equal(r.type, SNIFF_PDF);
	assert_string_equal(r.mime, "application/pdf");
	assert_int_equal(sniff("\x89PNG\r\n\x1a\n\0\0", 10, "a.png", &r), 0);
	assert_int_equal(r.type, SNIFF_PNG);
	assert_int_equal(sniff("\xff\xd8\xff\xdb", 4, "a.jpeg", &r), 0);
	assert_int_equal(r.type, SNIFF_JPEG);
}

static void office_types(void **state)
{
	(void)state;
	unsigned char z[512];
	sniff_result r;
	size_t n = zip_with("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", z);
	assert_int_equal(sniff(z, n, "見積.xlsx", &r), 0);
	assert_int_equal(r.type, SNIFF_XLSX);
	assert_int_not_equal(sniff(z, n, "見積.docx", &r), 0); /* a workbook named as a document */
	assert_non_null(strstr(r.reason, "XLSX"));
	n = zip_with("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", z);
	assert_int_equal(sniff(z, n, "a.docx", &r), 0);
	n = zip_with("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", z);
	assert_int_equal(sniff(z, n, "a.pptx", &r), 0);
	n = zip_with("application/vnd.ms-excel.sheet.macroEnabled.main+xml", z);
	assert_int_not_equal(sniff(z, n, "a.xlsx", &r), 0); /* macros: not an accepted type */
	assert_int_not_equal(sniff(z, n - 5, "a.xlsx", &r), 0); /* cut off: no end record */

	unsigned char ole[1024] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };
	ole[0x1e] = 9;
	const char *stream = "WordDocument";
	for (size_t i = 0; stream[i]; i++)
		ole[512 + 128 + 2 * i] = (unsigned char)stream[i];
	ole[512 + 128 + 64] = (unsigned char)((strlen(stream) + 1) * 2);
	assert_int_equal(sniff(ole, sizeof ole, "a.doc", &r), 0);
	assert_int_equal(r.type, SNIFF_DOC);
	assert_int_not_equal(sniff(ole, sizeof ole, "a.xls", &r), 0);
	assert_int_not_equal(sniff(ole, 600, "a.doc", &r), 0); /* the directory sector missing */
}

static void text_types(void **state)
{
	(void)state;
	sniff_result r;
	assert_int_equal(sniff("a,b\n名取,1\n", strlen("a,b\n名取,1\n"), "a.csv", &r), 0);
	assert_string_equal(r.mime, "text/csv; charset=utf-8");
	assert_int_equal(sniff("\x96\xbc\x8e\xe6\r\n", 6, "a.txt", &r), 0); /* CP932 */
	assert_string_equal(r.mime, "text/plain; charset=Shift_JIS");
	assert_int_not_equal(sniff("\x80\x80", 2, "a.txt", &r), 0);        /* neither UTF-8 nor CP932 */
	assert_int_not_equal(sniff("ab\0cd", 5, "a.txt", &r), 0);          /* NUL: binary */
	assert_int_not_equal(sniff("ab\xe5", 3, "a.txt", &r), 0);        /* UTF-8 cut in a character, CP932 lead left open */
}

static void refusals(void **state)
{
	(void)state;
	sniff_result r;
	assert_int_not_equal(sniff("just text\n", 10, "fake.pdf", &r), 0);
	assert_non_null(strstr(r.reason, "PDF"));
	assert_non_null(strstr(r.reason, "テキスト"));
	assert_int_not_equal(sniff("%PDF-1.4", 8, "a.html", &r), 0);
	assert_non_null(strstr(r.reason, ".html"));
	assert_int_not_equal(sniff("%PDF-1.4", 8, "noext", &r), 0);
	assert_int_not_equal(sniff("", 0, "a.txt", &r), 0);
	assert_int_not_equal(sniff("\x7f" "ELF\1\1", 6, "a.pdf", &r), 0);
	assert_int_equal(r.type, SNIFF_UNKNOWN);
}

static void names(void **state)
{
	(void)state;
	char out[1024];
	assert_int_equal(sniff_clean_name("C:\\Users\\me\\見積書.xlsx", out, sizeof out), 0);
	assert_string_equal(out, "見積書.xlsx");
	assert_int_equal(sniff_clean_name("../../etc/passwd", out, sizeof out), 0);
	assert_string_equal(out, "passwd");
	/* NFD from macOS: か + U+3099, ハ + U+309A, e + U+0301 */
	assert_int_equal(sniff_clean_name("\xe3\x81\x8b\xe3\x82\x99\xe3\x83\x8f\xe3\x82\x9a" "e\xcc\x81.pdf", out, sizeof out), 0);
	assert_string_equal(out, "がパé.pdf");
	assert_int_equal(sniff_clean_name("a\x01\xe2\x80\xaegpj.exe", out, sizeof out), 0); /* control and RLO dropped */
	assert_string_equal(out, "agpj.exe");
	assert_int_not_equal(sniff_clean_name("dir/", out, sizeof out), 0);
	assert_int_not_equal(sniff_clean_name("..", out, sizeof out), 0);
	assert_int_not_equal(sniff_clean_name("\xff.pdf", out, sizeof out), 0);
	char longname[1024] = "";
	for (int i = 0; i < 250; i++)
		strcat(longname, "あ");
	strcat(longname, ".pdf");
	assert_int_equal(sniff_clean_name(longname, out, sizeof out), 0);
	size_t chars = 0;
	for (const char *p = out; *p; p++)
		chars += ((unsigned char)*p & 0xc0) != 0x80;
	assert_int_equal(chars, 200);
	assert_int_equal(strcmp(out + strlen(out) - 4, ".pdf"), 0); /* the type still shows */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(magic_types), cmocka_unit_test(office_types), cmocka_unit_test(text_types),
		cmocka_unit_test(refusals),    cmocka_unit_test(names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
