/* sniff.c — an upload's type from its bytes, its name for display (sniff.h).
 * OOXML is told apart by the main part's content type in [Content_Types].xml (inflated
 * with zlib when deflated), OLE2 by the name of its main stream, text by decoding every
 * byte as UTF-8 or CP932. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>

#include "sniff.h"

static const char *const labels[SNIFF__MAX] = {
	[SNIFF_UNKNOWN] = "不明な形式", [SNIFF_PDF] = "PDF",	       [SNIFF_XLSX] = "Excel（XLSX）",
	[SNIFF_DOCX] = "Word（DOCX）",  [SNIFF_PPTX] = "PowerPoint（PPTX）", [SNIFF_XLS] = "Excel（XLS）",
	[SNIFF_DOC] = "Word（DOC）",    [SNIFF_PNG] = "PNG 画像",	       [SNIFF_JPEG] = "JPEG 画像",
	[SNIFF_TEXT] = "テキスト（CSV/TXT）",
};

static const char *const mimes[SNIFF__MAX] = {
	[SNIFF_UNKNOWN] = "application/octet-stream",
	[SNIFF_PDF] = "application/pdf",
	[SNIFF_XLSX] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	[SNIFF_DOCX] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	[SNIFF_PPTX] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	[SNIFF_XLS] = "application/vnd.ms-excel",
	[SNIFF_DOC] = "application/msword",
	[SNIFF_PNG] = "image/png",
	[SNIFF_JPEG] = "image/jpeg",
	[SNIFF_TEXT] = "text/plain; charset=utf-8",
};

const char *sniff_type_label(sniff_type t) { return t < SNIFF__MAX ? labels[t] : labels[SNIFF_UNKNOWN]; }

/* The extensions each type may be named with. */
static const struct {
	const char *ext;
	sniff_type type;
	const char *mime; /* overrides the type's (CSV) */
} exts[] = {
	{ "pdf", SNIFF_PDF, NULL },   { "xlsx", SNIFF_XLSX, NULL }, { "docx", SNIFF_DOCX, NULL },
	{ "pptx", SNIFF_PPTX, NULL }, { "xls", SNIFF_XLS, NULL },   { "doc", SNIFF_DOC, NULL },
	{ "png", SNIFF_PNG, NULL },   { "jpg", SNIFF_JPEG, NULL },  { "jpeg", SNIFF_JPEG, NULL },
	{ "csv", SNIFF_TEXT, "text/csv; charset=utf-8" },	       { "txt", SNIFF_TEXT, NULL },
};

/* A text that is CP932 and not UTF-8 says so in its type. */
static const char *cp932_mime(const char *ext)
{
	return strcasecmp(ext, "csv") == 0 ? "text/csv; charset=Shift_JIS" : "text/plain; charset=Shift_JIS";
}

/* Reads exactly len bytes at off: false on a short read or an error. */
static bool read_at(sniff_read_fn rd, void *ctx, uint64_t off, void *buf, size_t len)
{
	return rd(ctx, off, buf, len) == (long)len;
}

static uint32_t le16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const unsigned char *p) { return le16(p) | le16(p + 2) << 16; }

/* ---- ZIP: Office Open XML ---- */

#define ZIP_TAIL (22 + 65535)           /* end record + the longest comment */
#define ZIP_MAX_DIR ((size_t)4 << 20)   /* a central directory past this is not read */
#define CT_MAX ((size_t)1 << 20)        /* [Content_Types].xml past this is not read */

/* [Content_Types].xml of the ZIP (NUL-terminated, malloc'd) or NULL. */
static char *zip_content_types(sniff_read_fn rd, void *ctx, uint64_t size)
{
	size_t tail = size < ZIP_TAIL ? (size_t)size : ZIP_TAIL;
	unsigned char *t = malloc(tail), *dir = NULL, *comp = NULL;
	char *xml = NULL;
	if (t == NULL || tail < 22 || !read_at(rd, ctx, size - tail, t, tail))
		goto out;
	size_t e = tail - 22 + 1;
	while (e-- > 0)
		if (t[e] == 'P' && t[e + 1] == 'K' && t[e + 2] == 5 && t[e + 3] == 6)
			break;
	if (e == (size_t)-1)
		goto out;
	uint32_t dir_len = le32(t + e + 12), dir_off = le32(t + e + 16);
	if (dir_len < 46 || dir_len > ZIP_MAX_DIR || (uint64_t)dir_off + dir_len > size || (dir = malloc(dir_len)) == NULL ||
	    !read_at(rd, ctx, dir_off, dir, dir_len))
		goto out;
	static const char name[] = "[Content_Types].xml";
	for (size_t p = 0; p + 46 <= dir_len;) {
		const unsigned char *h = dir + p;
		if (le32(h) != 0x02014b50)
			break;
		uint32_t method = le16(h + 10), csize = le32(h + 20), usize = le32(h + 24), nlen = le16(h + 28);
		uint32_t next = 46 + nlen + le16(h + 30) + le16(h + 32), loc = le32(h + 42);
		if (p + 46 + nlen > dir_len)
			break;
		if (nlen == sizeof name - 1 && memcmp(h + 46, name, nlen) == 0) {
			unsigned char lh[30];
			if ((method != 0 && method != 8) || usize > CT_MAX || csize > CT_MAX || !read_at(rd, ctx, loc, lh, 30) ||
			    le32(lh) != 0x04034b50)
				goto out;
			uint64_t data = (uint64_t)loc + 30 + le16(lh + 26) + le16(lh + 28);
			if (data + csize > size || (comp = malloc(csize + 1)) == NULL || (xml = calloc(1, usize + 1)) == NULL ||
			    !read_at(rd, ctx, data, comp, csize))
				goto fail;
			if (method == 0) {
				if (csize != usize)
					goto fail;
				memcpy(xml, comp, csize);
				goto out;
			}
			z_stream z = { 0 };
			if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
				goto fail;
			z.next_in = comp;
			z.avail_in = csize;
			z.next_out = (unsigned char *)xml;
			z.avail_out = usize;
			int zr = inflate(&z, Z_FINISH);
			size_t got = usize - z.avail_out;
			inflateEnd(&z);
			if (zr != Z_STREAM_END || got != usize)
				goto fail;
			goto out;
		}
		p += next;
	}
	goto out;
fail:
	free(xml);
	xml = NULL;
out:
	free(t);
	free(dir);
	free(comp);
	return xml;
}

static sniff_type zip_type(sniff_read_fn rd, void *ctx, uint64_t size)
{
	char *xml = zip_content_types(rd, ctx, size);
	if (xml == NULL)
		return SNIFF_UNKNOWN;
	/* the main part's type: a macro-enabled or template workbook has another */
	static const struct {
		const char *ct;
		sniff_type t;
	} main_parts[] = {
		{ "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", SNIFF_XLSX },
		{ "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", SNIFF_DOCX },
		{ "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", SNIFF_PPTX },
	};
	sniff_type t = SNIFF_UNKNOWN;
	for (size_t i = 0; i < sizeof main_parts / sizeof main_parts[0] && t == SNIFF_UNKNOWN; i++)
		if (strstr(xml, main_parts[i].ct))
			t = main_parts[i].t;
	free(xml);
	return t;
}

/* ---- OLE2 (Compound File): Excel 97–2003 and Word 97–2003 ---- */

/* Whether the UTF-16LE name of a directory entry (length in bytes with its NUL) is ascii. */
static bool ole_name_is(const unsigned char *entry, const char *ascii)
{
	size_t n = strlen(ascii), len = le16(entry + 64);
	if (len != (n + 1) * 2)
		return false;
	for (size_t i = 0; i < n; i++)
		if (entry[2 * i] != (unsigned char)ascii[i] || entry[2 * i + 1] != 0)
			return false;
	return true;
}

/* The main stream named in the first directory sector: Workbook/Book (Excel) or
 * WordDocument (Word), which the writers put among the first entries. */
static sniff_type ole_type(sniff_read_fn rd, void *ctx, uint64_t size, const unsigned char *head)
{
	uint32_t shift = le16(head + 30);
	if (shift != 9 && shift != 12)
		return SNIFF_UNKNOWN;
	uint64_t sector = (uint64_t)1 << shift, off = ((uint64_t)le32(head + 48) + 1) << shift;
	if (off + sector > size)
		return SNIFF_UNKNOWN;
	unsigned char dir[4096];
	if (!read_at(rd, ctx, off, dir, (size_t)sector))
		return SNIFF_UNKNOWN;
	for (size_t e = 0; e + 128 <= sector; e += 128) {
		if (ole_name_is(dir + e, "Workbook") || ole_name_is(dir + e, "Book"))
			return SNIFF_XLS;
		if (ole_name_is(dir + e, "WordDocument"))
			return SNIFF_DOC;
	}
	return SNIFF_UNKNOWN;
}

/* ---- text: every byte valid UTF-8, or valid CP932 ---- */

typedef struct text_state {
	bool utf8_ok, sjis_ok;
	int need;          /* UTF-8 continuation bytes still expected */
	uint32_t cp, min;  /* the code point so far, and the least it may be (no overlongs) */
	bool sjis_trail;   /* a CP932 lead byte wants its trail */
} text_state;

static void text_byte(text_state *s, unsigned char c)
{
	bool ctrl = (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f;
	if (s->utf8_ok) {
		if (s->need > 0) {
			if ((c & 0xc0) != 0x80)
				s->utf8_ok = false;
			s->cp = s->cp << 6 | (c & 0x3f);
			if (--s->need == 0 && (s->cp < s->min || s->cp > 0x10ffff || (s->cp >= 0xd800 && s->cp <= 0xdfff)))
				s->utf8_ok = false;
		} else if (c < 0x80) {
			s->utf8_ok = !ctrl;
		} else if (c >= 0xc2 && c <= 0xdf) {
			s->need = 1, s->cp = c & 0x1f, s->min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			s->need = 2, s->cp = c & 0x0f, s->min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			s->need = 3, s->cp = c & 0x07, s->min = 0x10000;
		} else {
			s->utf8_ok = false;
		}
	}
	if (s->sjis_ok) {
		if (s->sjis_trail) {
			s->sjis_ok = (c >= 0x40 && c <= 0x7e) || (c >= 0x80 && c <= 0xfc);
			s->sjis_trail = false;
		} else if ((c >= 0x81 && c <= 0x9f) || (c >= 0xe0 && c <= 0xfc)) {
			s->sjis_trail = true;
		} else {
			s->sjis_ok = (c < 0x80 && !ctrl) || (c >= 0xa1 && c <= 0xdf);
		}
	}
}

/* 1 when every byte is UTF-8, 2 when CP932 (and not UTF-8), 0 when neither. */
static int text_kind(sniff_read_fn rd, void *ctx, uint64_t size)
{
	text_state s = { .utf8_ok = true, .sjis_ok = true };
	unsigned char buf[16384];
	for (uint64_t off = 0; off < size && (s.utf8_ok || s.sjis_ok);) {
		size_t n = size - off < sizeof buf ? (size_t)(size - off) : sizeof buf;
		if (!read_at(rd, ctx, off, buf, n))
			return 0;
		for (size_t i = 0; i < n; i++)
			text_byte(&s, buf[i]);
		off += n;
	}
	return s.utf8_ok && s.need == 0 ? 1 : s.sjis_ok && !s.sjis_trail ? 2 : 0;
}

/* ---- the whole ---- */

static sniff_type content_type(sniff_read_fn rd, void *ctx, uint64_t size, bool *cp932)
{
	unsigned char h[512];
	size_t n = size < sizeof h ? (size_t)size : sizeof h;
	if (!read_at(rd, ctx, 0, h, n))
		return SNIFF_UNKNOWN;
	if (n >= 5 && memcmp(h, "%PDF-", 5) == 0)
		return SNIFF_PDF;
	if (n >= 8 && memcmp(h, "\x89PNG\r\n\x1a\n", 8) == 0)
		return SNIFF_PNG;
	if (n >= 3 && h[0] == 0xff && h[1] == 0xd8 && h[2] == 0xff)
		return SNIFF_JPEG;
	if (n >= 4 && memcmp(h, "PK\x03\x04", 4) == 0)
		return zip_type(rd, ctx, size);
	if (n >= 512 && memcmp(h, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
		return ole_type(rd, ctx, size, h);
	int text = text_kind(rd, ctx, size);
	*cp932 = text == 2;
	return text ? SNIFF_TEXT : SNIFF_UNKNOWN;
}

int sniff_file(sniff_read_fn rd, void *ctx, uint64_t size, const char *file_name, sniff_result *out)
{
	memset(out, 0, sizeof *out);
	const char *dot = file_name ? strrchr(file_name, '.') : NULL;
	int want = -1;
	for (size_t i = 0; dot && i < sizeof exts / sizeof exts[0]; i++)
		if (strcasecmp(dot + 1, exts[i].ext) == 0)
			want = (int)i;
	if (want < 0) {
		snprintf(out->reason, sizeof out->reason,
			 "ファイル名の拡張子（%.40s）は受け付けません（PDF・XLSX・DOCX・PPTX・XLS・DOC・PNG・JPEG・CSV・TXT）",
			 dot ? dot : "なし");
		return -1;
	}
	if (size == 0) {
		snprintf(out->reason, sizeof out->reason, "空のファイルは添付できません");
		return -1;
	}
	bool cp932 = false;
	out->type = content_type(rd, ctx, size, &cp932);
	if (out->type == SNIFF_UNKNOWN) {
		snprintf(out->reason, sizeof out->reason,
			 "ファイルの中身が受け付ける形式（PDF・XLSX・DOCX・PPTX・XLS・DOC・PNG・JPEG・UTF-8 か Shift_JIS のテキスト）のどれでもありません");
		return -1;
	}
	if (out->type != exts[want].type) {
		snprintf(out->reason, sizeof out->reason, "ファイル名は %s（.%s）ですが、中身は %s です", labels[exts[want].type],
			 exts[want].ext, labels[out->type]);
		return -1;
	}
	out->mime = cp932 ? cp932_mime(exts[want].ext) : exts[want].mime ? exts[want].mime : mimes[out->type];
	return 0;
}

/* ---- file names ---- */

/* Canonical compositions (NFC) of a base and a combining mark: the kana voicing marks and
 * the Latin-1 letters with accents. Others pass through as sent. */
static uint32_t compose(uint32_t base, uint32_t mark)
{
	if (mark == 0x3099 || mark == 0x309a) {
		for (uint32_t kata = 0; kata <= 0x60; kata += 0x60) {
			uint32_t b = base - kata;
			if (mark == 0x3099 && ((b >= 0x304b && b <= 0x3061 && (b & 1)) || (b >= 0x3064 && b <= 0x3068 && !(b & 1))))
				return base + 1;
			if (b >= 0x306f && b <= 0x307b && (b - 0x306f) % 3 == 0)
				return base + (mark == 0x3099 ? 1 : 2);
		}
		if (mark == 0x3099) {
			static const uint32_t v[][2] = { { 0x3046, 0x3094 }, { 0x309d, 0x309e }, { 0x30a6, 0x30f4 }, { 0x30ef, 0x30f7 },
							 { 0x30f0, 0x30f8 }, { 0x30f1, 0x30f9 }, { 0x30f2, 0x30fa }, { 0x30fd, 0x30fe } };
			for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
				if (v[i][0] == base)
					return v[i][1];
		}
		return 0;
	}
	static const struct {
		char base;
		uint16_t mark;
		uint8_t upper;
	} latin[] = {
		{ 'A', 0x300, 0xc0 }, { 'A', 0x301, 0xc1 }, { 'A', 0x302, 0xc2 }, { 'A', 0x303, 0xc3 }, { 'A', 0x308, 0xc4 },
		{ 'A', 0x30a, 0xc5 }, { 'C', 0x327, 0xc7 }, { 'E', 0x300, 0xc8 }, { 'E', 0x301, 0xc9 }, { 'E', 0x302, 0xca },
		{ 'E', 0x308, 0xcb }, { 'I', 0x300, 0xcc }, { 'I', 0x301, 0xcd }, { 'I', 0x302, 0xce }, { 'I', 0x308, 0xcf },
		{ 'N', 0x303, 0xd1 }, { 'O', 0x300, 0xd2 }, { 'O', 0x301, 0xd3 }, { 'O', 0x302, 0xd4 }, { 'O', 0x303, 0xd5 },
		{ 'O', 0x308, 0xd6 }, { 'U', 0x300, 0xd9 }, { 'U', 0x301, 0xda }, { 'U', 0x302, 0xdb }, { 'U', 0x308, 0xdc },
		{ 'Y', 0x301, 0xdd },
	};
	for (size_t i = 0; i < sizeof latin / sizeof latin[0]; i++)
		if (latin[i].mark == mark) {
			if (base == (uint32_t)latin[i].base)
				return latin[i].upper;
			if (base == (uint32_t)latin[i].base + 0x20)
				return latin[i].upper + 0x20u;
		}
	if (base == 'y' && mark == 0x308)
		return 0xff;
	return 0;
}

/* The next code point of s (strict UTF-8) and its length in *len; -1 when invalid. */
static long utf8_next(const unsigned char *s, size_t *len)
{
	uint32_t c = s[0], cp, min;
	int n;
	if (c < 0x80)
		return *len = 1, (long)c;
	if (c >= 0xc2 && c <= 0xdf)
		n = 1, cp = c & 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		n = 2, cp = c & 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 3, cp = c & 0x07, min = 0x10000;
	else
		return -1;
	for (int i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*len = (size_t)n + 1;
	return (long)cp;
}

static size_t utf8_put(uint32_t cp, char *o)
{
	if (cp < 0x80)
		return o[0] = (char)cp, 1;
	if (cp < 0x800)
		return o[0] = (char)(0xc0 | cp >> 6), o[1] = (char)(0x80 | (cp & 0x3f)), 2;
	if (cp < 0x10000)
		return o[0] = (char)(0xe0 | cp >> 12), o[1] = (char)(0x80 | ((cp >> 6) & 0x3f)), o[2] = (char)(0x80 | (cp & 0x3f)), 3;
	o[0] = (char)(0xf0 | cp >> 18), o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f)), o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

#define NAME_MAX_CHARS 200

int sniff_clean_name(const char *name, char *out, size_t outlen)
{
	out[0] = '\0';
	if (name == NULL)
		return -1;
	const char *base = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	/* code points after cleaning and composing */
	size_t cap = strlen(base) + 1, n = 0;
	uint32_t *cps = malloc(cap * sizeof *cps);
	if (cps == NULL)
		return -1;
	const unsigned char *s = (const unsigned char *)base;
	while (*s) {
		size_t len;
		long c = utf8_next(s, &len);
		if (c < 0) {
			free(cps);
			return -1;
		}
		s += len;
		uint32_t cp = (uint32_t)c;
		/* controls and the bidirectional overrides that make a name display as another */
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
			continue;
		uint32_t composed = n > 0 ? compose(cps[n - 1], cp) : 0;
		if (composed)
			cps[n - 1] = composed;
		else
			cps[n++] = cp;
	}
	size_t from = 0;
	while (from < n && cps[from] == ' ')
		from++;
	while (n > from && cps[n - 1] == ' ')
		n--;
	if (n == from || (n - from == 1 && cps[from] == '.') || (n - from == 2 && cps[from] == '.' && cps[from + 1] == '.')) {
		free(cps);
		return -1;
	}
	/* too long: the start and the extension (so the type still shows) */
	size_t ext = 0;
	if (n - from > NAME_MAX_CHARS) {
		for (size_t i = n; i > from && n - i < 10; i--)
			if (cps[i - 1] == '.') {
				ext = n - i + 1;
				break;
			}
	}
	size_t head_end = n - from > NAME_MAX_CHARS ? from + NAME_MAX_CHARS - ext : n, o = 0;
	for (size_t i = from; i < n; i++) {
		if (i == head_end)
			i = n - ext;
		if (i >= n)
			break;
		char enc[4];
		size_t l = utf8_put(cps[i], enc);
		if (o + l + 1 > outlen)
			break;
		memcpy(out + o, enc, l);
		o += l;
	}
	while (o > 0 && out[o - 1] == ' ') /* a cut that ends in spaces: trimmed as a whole name would be */
		o--;
	out[o] = '\0';
	free(cps);
	return o > 0 ? 0 : -1;
}
