/* fuzz_sniff.c — the upload sniffer (src/io/sniff.h) and the file-name cleaner. The
 * first byte picks the name the bytes come with (one per accepted extension and one
 * that is not), the rest is the file, read through the same callback the service uses
 * (a memory reader here). Checks: an accepted file has a type whose name agrees, a
 * refused one a reason; the cleaned name is valid UTF-8 of at most 200 characters with
 * no '/' or '\\' and cleaning it again changes nothing. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/io/sniff.h"

typedef struct {
	const uint8_t *data;
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

static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "a.pdf", "a.xlsx", "a.docx", "a.pptx", "a.xls", "a.doc",
					     "a.png", "a.jpg",  "a.csv",  "a.txt",  "a.exe", "noext" };
	if (size < 1)
		return 0;
	const char *name = names[data[0] % (sizeof names / sizeof names[0])];
	mem m = { data + 1, size - 1 };
	sniff_result r;
	if (sniff_file(mem_read, &m, m.size, name, &r) == 0) {
		if (r.type == SNIFF_UNKNOWN || r.mime == NULL)
			abort();
	} else if (r.reason[0] == '\0') {
		abort();
	}
	/* the bytes as a file name (NUL-terminated copy) */
	char *text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	char out[1024], again[1024];
	if (sniff_clean_name(text, out, sizeof out) == 0) {
		if (strchr(out, '/') || strchr(out, '\\') || chars(out) > 200 || out[0] == '\0')
			abort();
		if (sniff_clean_name(out, again, sizeof again) != 0 || strcmp(out, again) != 0)
			abort();
	}
	free(text);
	return 0;
}
