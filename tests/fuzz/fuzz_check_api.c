/* fuzz_check_api.c — POST /api/v1/check's two paths against each other: whenever the
 * fast path (svc_check_text: the jv parser, the direct writer) takes a body, jansson
 * must take it too and the jansson path (json_loadb → svc_check_body → json_dumps)
 * must give the same bytes; a body the fast path leaves (1) goes to jansson unharmed.
 * Any difference aborts: it would be an answer that depends on which parser ran.
 * Likewise pass 1 of `digiden check` (json_application_scan, no tree) against the
 * whole parse: the same verdict and the same round, menu and applicant.code. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/io/json_application.h"
#include "../../src/service/check_text.h"

#include "fuzz_catalog.h"

static svc s;

static const char *member(const jv *o, const char *key)
{
	const jv *v = o && jv_is_object(o) ? jv_get(o, key) : NULL;
	return v && jv_is_string(v) ? v->u.s : NULL;
}

static void same_str(const char *a, const char *b, const char *what)
{
	if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0)) {
		fprintf(stderr, "scan and parse differ on %s: %s / %s\n", what, a ? a : "(null)", b ? b : "(null)");
		abort();
	}
}

static void scan_against_parse(const char *text, size_t size)
{
	arena a;
	arena_init(&a);
	char e1[512] = "", e2[512] = "";
	json_app_key k;
	jv *root = NULL;
	int rs = json_application_scan(text, size, &a, &k, e1, sizeof e1);
	int rp = json_application_parse(text, size, &a, &root, e2, sizeof e2);
	if (rs != rp) {
		fprintf(stderr, "scan %d, parse %d (%s)\n", rs, rp, e2);
		abort();
	}
	if (rp == 0) {
		same_str(k.round, member(root, "round"), "round");
		same_str(k.menu, member(root, "menu"), "menu");
		same_str(k.applicant_code, member(jv_is_object(root) ? jv_get(root, "applicant") : NULL, "code"), "applicant.code");
	}
	arena_free(&a);
}

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
	scan_against_parse(text, size);
	return 0;
}
