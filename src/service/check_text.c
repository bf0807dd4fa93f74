/* check_text.c — see check_text.h. */
#include "check_text.h"

#include <string.h>

#include "../core/check.h"
#include "../io/json_application.h"
#include "../io/json_decode.h"

int svc_check_text(svc *s, const char *text, size_t len, json_buf *out, svc_err *err)
{
	arena a;
	arena_init(&a);
	jv *root = NULL;
	int rc = jv_parse(text, len, &a, &root);
	/* json_loadb without JSON_DECODE_ANY takes only an object or an array */
	if (rc == 0 && root->t != JV_OBJECT && root->t != JV_ARRAY)
		rc = 1;
	if (rc != 0) {
		arena_free(&a);
		if (rc < 0)
			svc_fail(err, 500, "NOMEM", "メモリが足りません");
		return rc;
	}
	application *app = arena_alloc(&a, sizeof *app);
	diag_list dl;
	diag_list_init(&dl, &a);
	check_result r;
	rc = -1;
	if (app != NULL) {
		memset(app, 0, sizeof *app);
		rc = json_application_decode_jv(root, &a, app, &dl);
	}
	if (rc == 0) {
		app->label = ""; /* as svc_check_one(): the answer names no file */
		rc = check_application(app, &dl, &s->cat->rules, &s->cat->orgs, &a, &r);
	}
	if (rc == 0)
		rc = json_result_write(&r, out, false);
	arena_free(&a);
	if (rc != 0)
		svc_fail(err, 500, "NOMEM", "メモリが足りません");
	return rc;
}
