/* sniff.h — what an uploaded file is, from its bytes (magic numbers, the parts of a ZIP,
 * the streams of an OLE2 file, the validity of text), and whether its name agrees.
 * Pure: the bytes come through a read callback, so the caller decides where they live
 * (a temporary file, memory in the fuzz harness); nothing here does I/O itself. */
#ifndef DIGIDEN_IO_SNIFF_H
#define DIGIDEN_IO_SNIFF_H

#include <stddef.h>
#include <stdint.h>

typedef enum sniff_type {
	SNIFF_UNKNOWN,
	SNIFF_PDF,
	SNIFF_XLSX,
	SNIFF_DOCX,
	SNIFF_PPTX,
	SNIFF_XLS,
	SNIFF_DOC,
	SNIFF_PNG,
	SNIFF_JPEG,
	SNIFF_TEXT, /* CSV or TXT: valid UTF-8 or CP932 */
	SNIFF__MAX
} sniff_type;

/* Reads up to len bytes at off into buf: the count read (short only at the end), or -1. */
typedef long (*sniff_read_fn)(void *ctx, uint64_t off, void *buf, size_t len);

typedef struct sniff_result {
	sniff_type type;
	const char *mime;   /* of the accepted file (static) */
	char reason[256];   /* Japanese, when refused */
} sniff_result;

/* Sniffs size bytes read through rd and checks file_name's extension against them.
 * 0 with out->type and out->mime when the file is one of the accepted types and its
 * name says so; -1 with out->reason otherwise (an unknown type, a mismatch, a read
 * failure). Reads at most a few MiB however big the file, but every byte of a text. */
int sniff_file(sniff_read_fn rd, void *ctx, uint64_t size, const char *file_name, sniff_result *out);

/* The type's name for messages ("PDF", "Excel（XLSX）" …). */
const char *sniff_type_label(sniff_type t);

/* A file name kept for display: the part after the last '/' or '\\', controls dropped,
 * composed to Unicode NFC (the canonical compositions of kana voicing marks and of
 * Latin letters with accents: what macOS and some browsers send decomposed), at most
 * 200 characters. Writes into out (outlen ≥ 1); 0, or -1 when name is not UTF-8 or
 * nothing is left. */
int sniff_clean_name(const char *name, char *out, size_t outlen);

#endif
