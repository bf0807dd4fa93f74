/* csv.c — see csv.h. */
#include "csv.h"
#include "sheet.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool csv_encoding_from_name(const char *name, csv_encoding *out)
{
	if (strcasecmp(name, "auto") == 0)
		*out = CSV_ENC_AUTO;
	else if (strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0)
		*out = CSV_ENC_UTF8;
	else if (strcasecmp(name, "sjis") == 0 || strcasecmp(name, "shift_jis") == 0 || strcasecmp(name, "cp932") == 0 ||
		 strcasecmp(name, "windows-31j") == 0)
		*out = CSV_ENC_CP932;
	else
		return false;
	return true;
}

char *csv_convert(const char *in, size_t len, const char *from, const char *to, size_t *out_len, size_t *bad_at)
{
	iconv_t cd = iconv_open(to, from);
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = len * 2 + 16;
	char *out = malloc(cap);
	char *ip = (char *)in, *op = out;
	size_t il = len, ol = cap - 1;
	*bad_at = (size_t)-1;
	while (out && il > 0) {
		if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1)
			break;
		if (errno == E2BIG) {
			size_t used = (size_t)(op - out);
			cap *= 2;
			char *n = realloc(out, cap);
			if (n == NULL) {
				free(out);
				out = NULL;
				break;
			}
			out = n;
			op = out + used;
			ol = cap - used - 1;
			continue;
		}
		*bad_at = (size_t)(ip - in);
		free(out);
		out = NULL;
	}
	iconv_close(cd);
	if (out) {
		*op = '\0';
		*out_len = (size_t)(op - out);
	}
	return out;
}

/* Offset of the first byte that is not well-formed UTF-8, or n. */
static size_t utf8_invalid_at(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
		if (k == 0 || i + k > n || (k == 2 && c < 0xC2))
			return i;
		for (size_t j = 1; j < k; j++)
			if ((s[i + j] & 0xC0) != 0x80)
				return i;
		i += k;
	}
	return n;
}

static bool valid_utf8(const unsigned char *s, size_t n) { return utf8_invalid_at(s, n) == n; }

/* Line number of byte offset off in text. */
static size_t line_of(const char *text, size_t off)
{
	size_t line = 1;
	for (size_t i = 0; i < off; i++)
		line += text[i] == '\n';
	return line;
}

/* Bytes from i to the end of the field starting there (its closing quote for a
 * quoted field, else the next ',', CR or LF): an upper bound of its decoded length. */
static size_t field_span(const char *text, size_t tlen, size_t i)
{
	size_t j = i;
	if (j < tlen && text[j] == '"') {
		for (j++; j < tlen; j++) {
			if (text[j] != '"')
				continue;
			if (j + 1 < tlen && text[j + 1] == '"')
				j++;
			else
				break;
		}
		return j - i;
	}
	while (j < tlen && text[j] != ',' && text[j] != '\n' && text[j] != '\r')
		j++;
	return j - i;
}

int csv_parse(const char *data, size_t len, csv_encoding enc, arena *a, csv_file *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	const char *text = data;
	size_t tlen = len;
	char *converted = NULL;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		out->had_bom = true;
		text += 3;
		tlen -= 3;
		if (enc == CSV_ENC_AUTO)
			enc = CSV_ENC_UTF8;
	}
	if (enc == CSV_ENC_AUTO)
		enc = valid_utf8((const unsigned char *)text, tlen) ? CSV_ENC_UTF8 : CSV_ENC_CP932;
	out->detected = enc;
	if (enc == CSV_ENC_UTF8) {
		size_t bad = utf8_invalid_at((const unsigned char *)text, tlen);
		if (bad != tlen) {
			snprintf(err, errlen, "%zu行: UTF-8として不正なバイトがあります（--encoding sjis を試してください）",
				 line_of(text, bad));
			return -1;
		}
	} else {
		size_t bad;
		converted = csv_convert(text, tlen, "CP932", "UTF-8", &tlen, &bad);
		if (converted == NULL) {
			snprintf(err, errlen, "%zu行: Shift_JIS（CP932）として読めないバイトがあります",
				 bad == (size_t)-1 ? 1 : line_of(text, bad));
			return -1;
		}
		text = converted;
	}
	if (memchr(text, '\0', tlen) != NULL) {
		snprintf(err, errlen, "%zu行: NUL文字を含んでいます", line_of(text, (size_t)((const char *)memchr(text, '\0', tlen) - text)));
		free(converted);
		return -1;
	}

	size_t cap = 0, i = 0, line = 1;
	while (i < tlen) {
		csv_record rec = { .line = line };
		size_t fcap = 0;
		for (;;) { /* one field */
			/* Its size first, so memory stays linear in the input: the field
			 * never holds more bytes than the span up to its delimiter. */
			char *field = arena_alloc(a, field_span(text, tlen, i) + 1);
			size_t fl = 0;
			if (field == NULL)
				goto nomem;
			if (i < tlen && text[i] == '"') {
				size_t qline = line;
				i++;
				for (;;) {
					if (i >= tlen) {
						snprintf(err, errlen, "%zu行: 引用符（\"）が閉じていません", qline);
						free(converted);
						return -1;
					}
					if (text[i] == '"') {
						if (i + 1 < tlen && text[i + 1] == '"') {
							field[fl++] = '"';
							i += 2;
							continue;
						}
						i++;
						break;
					}
					line += text[i] == '\n';
					field[fl++] = text[i++];
				}
				if (i < tlen && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
					snprintf(err, errlen, "%zu行: 引用符の後に余分な文字があります", line);
					free(converted);
					return -1;
				}
			} else {
				while (i < tlen && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
					if (text[i] == '"') {
						snprintf(err, errlen, "%zu行: 引用されていない項目の中に引用符（\"）があります", line);
						free(converted);
						return -1;
					}
					field[fl++] = text[i++];
				}
			}
			field[fl] = '\0';
			if (rec.n_fields == fcap) {
				fcap = fcap ? fcap * 2 : 16;
				char **nf = arena_grow(a, rec.fields, rec.n_fields, fcap, sizeof(char *));
				if (nf == NULL)
					goto nomem;
				rec.fields = nf;
			}
			rec.fields[rec.n_fields++] = field;
			if (i < tlen && text[i] == ',') {
				i++;
				continue;
			}
			break;
		}
		/* end of record: CRLF, LF or CR, or end of input */
		if (i < tlen && text[i] == '\r')
			i++;
		if (i < tlen && text[i] == '\n')
			i++;
		line++;
		/* skip completely empty lines */
		if (rec.n_fields == 1 && rec.fields[0][0] == '\0')
			continue;
		if (out->n_records == cap) {
			cap = cap ? cap * 2 : 64;
			csv_record *nr = arena_grow(a, out->records, out->n_records, cap, sizeof(csv_record));
			if (nr == NULL)
				goto nomem;
			out->records = nr;
		}
		out->records[out->n_records++] = rec;
	}
	free(converted);
	return 0;
nomem:
	snprintf(err, errlen, "メモリが足りません");
	free(converted);
	return -1;
}

int csv_parse_headed(const char *data, size_t len, csv_encoding enc, const char *header, arena *a, csv_file *out, char *err,
		     size_t errlen)
{
	if (csv_parse(data, len, enc, a, out, err, errlen) != 0)
		return -1;
	if (out->n_records == 0) {
		snprintf(err, errlen, "ファイルが空です（見出し行 %s が必要です）", header);
		return -1;
	}
	return 0;
}

static void put(csv_writer *w, const char *s, size_t n)
{
	if (w->oom)
		return;
	if (w->len + n + 1 > w->cap) {
		size_t cap = (w->len + n + 1) * 2;
		char *b = realloc(w->buf, cap);
		if (b == NULL) {
			w->oom = true;
			return;
		}
		w->buf = b;
		w->cap = cap;
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

void csv_field(csv_writer *w, const char *text)
{
	if (w->row_started)
		put(w, ",", 1);
	w->row_started = true;
	if (text == NULL)
		return;
	bool guard = sheet_formula_like(text); /* a leading apostrophe: never run as a formula */
	if (strpbrk(text, ",\"\r\n") == NULL) {
		if (guard)
			put(w, "'", 1);
		put(w, text, strlen(text));
		return;
	}
	put(w, "\"", 1);
	if (guard)
		put(w, "'", 1);
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			put(w, "\"", 1);
		put(w, p, 1);
	}
	put(w, "\"", 1);
}

void csv_field_int(csv_writer *w, long long v)
{
	char b[32];
	int n = snprintf(b, sizeof b, "%lld", v);
	if (w->row_started)
		put(w, ",", 1);
	w->row_started = true;
	put(w, b, (size_t)n); /* a number, written as one (a negative one is not a formula) */
}

void csv_end_row(csv_writer *w)
{
	put(w, "\r\n", 2);
	w->row_started = false;
}

int csv_finish(csv_writer *w, csv_encoding enc, FILE *f, char *err, size_t errlen)
{
	int rc = 0;
	if (w->oom) {
		snprintf(err, errlen, "メモリが足りません");
		rc = -1;
	} else if (enc == CSV_ENC_CP932) {
		size_t n, bad;
		char *sj = csv_convert(w->buf ? w->buf : "", w->len, "UTF-8", "CP932", &n, &bad);
		if (sj == NULL) {
			snprintf(err, errlen, "Shift_JIS（CP932）で表せない文字があります（%zuバイト目）", bad == (size_t)-1 ? 0 : bad + 1);
			rc = -1;
		} else {
			if (fwrite(sj, 1, n, f) != n)
				rc = -1;
			free(sj);
		}
	} else {
		if (fwrite("\xEF\xBB\xBF", 1, 3, f) != 3 || (w->len && fwrite(w->buf, 1, w->len, f) != w->len))
			rc = -1;
	}
	if (rc != 0 && err[0] == '\0')
		snprintf(err, errlen, "書き出しに失敗しました");
	free(w->buf);
	memset(w, 0, sizeof *w);
	return rc;
}
