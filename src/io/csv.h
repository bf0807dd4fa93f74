/* csv.h — RFC 4180 CSV reading and writing, with the encodings Japanese government
 * files use: UTF-8 (with or without BOM) and Shift_JIS/CP932 (via iconv). */
#ifndef DIGIDEN_CSV_H
#define DIGIDEN_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../core/arena.h"

typedef enum csv_encoding {
	CSV_ENC_AUTO,  /* BOM → UTF-8; valid UTF-8 → UTF-8; otherwise CP932 */
	CSV_ENC_UTF8,
	CSV_ENC_CP932, /* Shift_JIS as Windows writes it (a superset of JIS X 0208 Shift_JIS) */
} csv_encoding;

bool csv_encoding_from_name(const char *name, csv_encoding *out); /* utf-8, utf8, sjis, shift_jis, cp932, auto */

typedef struct csv_record {
	size_t line;    /* line number (1-based) where the record starts */
	char **fields;  /* UTF-8, NUL-terminated, arena-owned */
	size_t n_fields;
} csv_record;

typedef struct csv_file {
	csv_record *records;
	size_t n_records;
	csv_encoding detected; /* UTF-8 or CP932 */
	bool had_bom;
} csv_file;

/* Decodes data (len bytes) to UTF-8 and splits it into records. Returns 0, or -1
 * with "line N: message" (Japanese) in err: an unterminated quote, a stray quote,
 * bytes that are not in the encoding, a NUL byte. */
int csv_parse(const char *data, size_t len, csv_encoding enc, arena *a, csv_file *out, char *err, size_t errlen);
/* csv_parse of a file that must at least have its header line: no record at all is
 * the error "ファイルが空です（見出し行 HEADER が必要です）". */
int csv_parse_headed(const char *data, size_t len, csv_encoding enc, const char *header, arena *a, csv_file *out, char *err,
		     size_t errlen);

/* Writing: a growing buffer of UTF-8 CSV (CRLF line ends, fields quoted when they
 * hold a comma, quote or line break). */
typedef struct csv_writer {
	char *buf;
	size_t len, cap;
	bool oom;
	bool row_started;
} csv_writer;

void csv_field(csv_writer *w, const char *text);
void csv_field_int(csv_writer *w, long long v);
void csv_end_row(csv_writer *w);
/* Writes the buffer to f in enc (UTF-8 with BOM, or CP932 without). Returns 0, or -1
 * with a message (e.g. a character CP932 cannot represent). Frees the buffer. */
int csv_finish(csv_writer *w, csv_encoding enc, FILE *f, char *err, size_t errlen);

/* iconv helper: converts in (len bytes) from one encoding to another; malloc'd
 * result (NUL-terminated) or NULL with the byte offset of the problem in *bad_at. */
char *csv_convert(const char *in, size_t len, const char *from, const char *to, size_t *out_len, size_t *bad_at);

#endif
