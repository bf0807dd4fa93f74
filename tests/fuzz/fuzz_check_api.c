/* fuzz_check_api.c — POST /api/v1/check's two paths against each other: whenever the
 * fast path (svc_check_text: the jv parser, the direct writer) takes a body, jansson
 * must take it too and the jansson path (json_loadb → svc_check_body → json_dumps)
 * must give the same bytes; a body the fast path leaves (1) goes to jansson unharmed.
 * Any difference aborts: it would be an answer that depends on which parser ran. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/service/check_text.h"

#include "fuzz_catalog.h"

static svc s;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_catalog_load("fuzz_check_api");
	svc_init(&s, NULL, &cat);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	json_buf fast = { 0 };
	svc_err err = { 0 };
	int rc = svc_check_text(&s, text, size, &fast, &err);
	if (rc < 0) { /* out of memory: nothing else to compare */
		free(fast.data);
		return 0;
	}
	json_error_t je;
	json_t *body = json_loadb(text, size, JSON_REJECT_DUPLICATES, &je);
	if (rc == 0 && body == NULL) {
		fprintf(stderr, "fast path took a body jansson rejects: %s\n", je.text);
		abort();
	}
	if (body != NULL) {
		svc_err e2 = { 0 };
		json_t *want = svc_check_body(&s, body, &e2);
		char *want_text = want ? json_dumps(want, JSON_COMPACT) : NULL;
		if (rc == 0 && (want_text == NULL || fast.len != strlen(want_text) || memcmp(fast.data, want_text, fast.len) != 0)) {
			fprintf(stderr, "answers differ\n fast:    %.*s\n jansson: %s\n", (int)fast.len, fast.data,
				want_text ? want_text : "(none)");
			abort();
		}
		free(want_text);
		json_decref(want);
		json_decref(body);
	}
	free(fast.data);
	return 0;
}
