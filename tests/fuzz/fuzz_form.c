/* fuzz_form.c — bytes (an application/x-www-form-urlencoded body) → form_parse →
 * form_to_application → json_application_decode → json_dumps, the path the
 * application form of the web pages takes (src/web/server.c, applicant/editor.c). Every
 * field name is also looked up again with json_path_get, as the editor does to refill
 * the form. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/core/arena.h"
#include "../../src/core/diag.h"
#include "../../src/io/json_application.h"
#include "../../src/web/form.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	json_object_seed(1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena a;
	arena_init(&a);
	form_pair *pairs = NULL;
	int n = form_parse((const char *)data, size, &a, &pairs);
	if (n >= 0) {
		json_t *app = form_to_application(pairs, (size_t)n);
		if (app != NULL) {
			for (int i = 0; i < n; i++)
				(void)json_path_get(app, pairs[i].name);
			application decoded;
			memset(&decoded, 0, sizeof decoded); /* the decoder fills a zeroed struct */
			diag_list dl;
			diag_list_init(&dl, &a);
			(void)json_application_decode(app, &a, &decoded, &dl);
			char *s = json_dumps(app, JSON_COMPACT);
			free(s);
			json_decref(app);
		}
	}
	arena_free(&a);
	return 0;
}
