/* html.c — see html.h. */
#include "html.h"

#include <stdio.h>
#include <string.h>

/* Length of the well-formed UTF-8 sequence at s, 0 when there is none: no overlong
 * forms, no UTF-16 surrogates (U+D800–DFFF), nothing past U+10FFFF (RFC 3629). */
static size_t utf8_len(const unsigned char *s)
{
	unsigned c = s[0];
	size_t k = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
	if (k == 0)
		return 0;
	for (size_t j = 1; j < k; j++)
		if ((s[j] & 0xC0) != 0x80)
			return 0;
	if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0) || (c == 0xF0 && s[1] < 0x90) ||
	    (c == 0xF4 && s[1] >= 0x90))
		return 0;
	return k;
}

void html_text(buf *b, const char *s)
{
	if (s == NULL)
		return;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		switch (*p) {
		case '&': buf_raw(b, "&amp;"); p++; continue;
		case '<': buf_raw(b, "&lt;"); p++; continue;
		case '>': buf_raw(b, "&gt;"); p++; continue;
		case '"': buf_raw(b, "&quot;"); p++; continue;
		case '\'': buf_raw(b, "&#39;"); p++; continue;
		default: break;
		}
		if (*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r') {
			buf_raw(b, "\xEF\xBF\xBD");
			p++;
			continue;
		}
		size_t k = utf8_len(p);
		if (k == 0) {
			buf_raw(b, "\xEF\xBF\xBD");
			p++;
			continue;
		}
		buf_rawn(b, (const char *)p, k);
		p += k;
	}
}

void html_wrap(buf *b, const char *before, const char *text, const char *after)
{
	buf_raw(b, before);
	html_text(b, text);
	buf_raw(b, after);
}

void html_url_param(buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
			buf_rawn(b, (const char *)p, 1);
		} else {
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };
			buf_rawn(b, e, 3);
		}
	}
}
