/* fuzz_application.c — bytes → json_parse_text → json_application_decode → the check
 * engine → check_limits across the applications → json_result_encode → json_dumps.
 *
 * The input holds one to three applications separated by the byte 0x1e (ASCII record
 * separator); a single application is checked twice so that the per-organization
 * limits (same round, same organization) always run. The catalogue (embedded rule sets
 * and organization master) is loaded once. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/core/check.h"
#include "../../src/io/catalog.h"
#include "../../src/io/json_application.h"
#include "../../src/io/json_result.h"

#define MAX_APPS 3

#include "fuzz_catalog.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_catalog_load("fuzz_application");
	json_object_seed(1); /* deterministic hash order */
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *part[MAX_APPS];
	size_t part_len[MAX_APPS], n = 0, start = 0;
	for (size_t i = 0; i <= size && n < MAX_APPS; i++) {
		if (i == size || (data[i] == 0x1e && n + 1 < MAX_APPS)) {
			part[n] = text + start;
			part_len[n++] = i - start;
			start = i + 1;
		}
	}
	if (n == 1) { /* the same application twice: the limits group them */
		part[1] = part[0];
		part_len[1] = part_len[0];
		n = 2;
	}

	arena a, scratch;
	arena_init(&a);
	arena_init(&scratch);
	check_result results[MAX_APPS];
	check_result *ptrs[MAX_APPS];
	size_t ok = 0;
	memset(results, 0, sizeof results);
	for (size_t k = 0; k < n; k++) {
		char err[1024];
		json_t *root = json_parse_text(part[k], part_len[k], err, sizeof err);
		if (root == NULL)
			continue;
		application *app = arena_alloc(&a, sizeof *app);
		diag_list dl;
		diag_list_init(&dl, &a);
		if (app != NULL && json_application_decode(root, &a, app, &dl) == 0 &&
		    check_application(app, &dl, &cat.rules, &cat.orgs, &a, &results[ok]) == 0) {
			app->label = "fuzz";
			ptrs[ok] = &results[ok];
			ok++;
		}
		json_decref(root);
	}
	if (ok > 1)
		check_limits(ptrs, ok, &scratch);
	for (size_t k = 0; k < ok; k++) {
		(void)check_ok(&results[k]);
		json_t *o = json_result_encode(&results[k]);
		char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
		free(s);
		json_decref(o);
	}
	arena_free(&scratch);
	arena_free(&a);
	return 0;
}
