/* fuzz_cookie_query.c — libmicrohttpd splits cookies and query strings itself, so this
 * fuzzes digiden's consumers of the values it hands over:
 *   - the input as a query string / form body (form_parse), looked up by name with
 *     page_param (a request without a connection: form values only, then
 *     MHD_lookup_connection_value on NULL, which answers NULL);
 *   - every name and value, and the whole input, through the escapers html_text /
 *     html_attr and html_url_param; their outputs are checked: no raw & < > " ' and only
 *     well-formed UTF-8 from html_text, only unreserved characters and %XX from
 *     html_url_param (a violation aborts: a finding);
 *   - every name and value, and the whole input, as a path for json_path_get on a small
 *     fixed application-like document. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/core/arena.h"
#include "../../src/web/buf.h"
#include "../../src/web/form.h"
#include "../../src/web/html.h"
#include "../../src/web/page.h"

static json_t *doc;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void free_doc(void)
{
	json_decref(doc);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	json_object_seed(1);
	json_error_t e;
	doc = json_loads("{\"round\":\"digital-implementation/fy2022-supp\",\"menu\":\"type1\","
			 "\"applicant\":{\"code\":\"042072\"},\"fields\":[\"transport_logistics\",\"health\"],"
			 "\"services\":[{\"name\":\"a\",\"cost_items\":[{\"amount_yen\":\"100万円\",\"eligible\":true},"
			 "{\"amount_yen\":5}]},{\"name\":\"b\",\"cost_items\":[]}],"
			 "\"kpis\":[{\"baseline\":{\"fiscal_year\":2023,\"value\":1.5},\"targets\":[{\"value\":2}]}],"
			 "\"pdca\":{\"external_evaluation\":false},\"data_platform\":null}",
			 0, &e);
	if (doc == NULL) {
		fprintf(stderr, "fuzz_cookie_query: %s\n", e.text);
		abort();
	}
	atexit(free_doc);
	return 0;
}

/* Strict UTF-8 (no overlong forms, no surrogates, at most U+10FFFF). */
static bool strict_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t k;
		unsigned min, cp;
		if (c >= 0xC2 && c <= 0xDF)
			k = 2, min = 0x80, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			k = 3, min = 0x800, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			k = 4, min = 0x10000, cp = c & 0x07;
		else
			return false;
		if (i + k > n)
			return false;
		for (size_t j = 1; j < k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += k;
	}
	return true;
}

static void escape(const char *s)
{
	buf b = { 0 };
	html_text(&b, s);
	if (!b.oom && b.data) {
		for (size_t i = 0; i < b.len; i++) {
			unsigned char c = (unsigned char)b.data[i];
			if (c == '<' || c == '>' || c == '"' || c == '\'' || (c < 0x20 && c != '\n' && c != '\t' && c != '\r')) {
				fprintf(stderr, "fuzz_cookie_query: html_text left byte 0x%02x at %zu\n", c, i);
				abort();
			}
		}
		if (!strict_utf8((const unsigned char *)b.data, b.len)) {
			fprintf(stderr, "fuzz_cookie_query: html_text output is not well-formed UTF-8\n");
			abort();
		}
	}
	buf_free(&b);
	buf u = { 0 };
	html_url_param(&u, s);
	if (!u.oom && u.data) {
		for (size_t i = 0; i < u.len; i++) {
			unsigned char c = (unsigned char)u.data[i];
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
			      c == '_' || c == '~' || c == '%')) {
				fprintf(stderr, "fuzz_cookie_query: html_url_param left byte 0x%02x at %zu\n", c, i);
				abort();
			}
		}
	}
	buf_free(&u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	arena a;
	arena_init(&a);
	form_pair *pairs = NULL;
	int n = form_parse(text, size, &a, &pairs);
	if (n >= 0) {
		web_request r;
		memset(&r, 0, sizeof r);
		r.form = pairs;
		r.n_form = (size_t)n;
		for (int i = 0; i < n && i < 256; i++) {
			const char *v = page_param(&r, pairs[i].name);
			int first = 0;
			while (strcmp(pairs[first].name, pairs[i].name) != 0)
				first++;
			if (v != pairs[first].value) {
				fprintf(stderr, "fuzz_cookie_query: page_param(%s) is not the first value\n", pairs[i].name);
				abort();
			}
			escape(pairs[i].name);
			escape(pairs[i].value);
			(void)json_path_get(doc, pairs[i].name);
			(void)json_path_get(doc, pairs[i].value);
		}
		(void)page_param(&r, "next");
		(void)page_param(&r, "round");
	}
	arena_free(&a);
	escape(text);
	(void)json_path_get(doc, text);
	free(text);
	return 0;
}
