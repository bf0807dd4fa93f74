/* html.h — the one escaping helper for HTML and SVG (XML) output. Text and
 * attribute values from data go through html_text()/html_attr(); URL query values
 * through html_url_param(). */
#ifndef DIGIDEN_HTML_H
#define DIGIDEN_HTML_H

#include "buf.h"

/* Escapes & < > " ' (valid in text and in double-quoted attributes). Invalid UTF-8
 * and control characters are replaced by U+FFFD so the document stays well-formed. */
void html_text(buf *b, const char *s);
#define html_attr html_text
/* before, text escaped, after: a piece of data between two of digiden's own markup
 * ("<strong>", name, "</strong>"). */
void html_wrap(buf *b, const char *before, const char *text, const char *after);
/* Percent-encodes everything but unreserved characters (RFC 3986), then escapes for an attribute. */
void html_url_param(buf *b, const char *s);

#endif
