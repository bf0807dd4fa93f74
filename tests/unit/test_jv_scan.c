/* test_jv_scan.c — json_application_scan (pass 1 of `digiden check`: the verdict and
 * three members without a tree) against json_application_parse (the whole tree):
 * the same verdict and the same round, menu and applicant.code for every golden
 * input, and for the shapes that once fooled the fast parser. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/io/json_application.h"

static size_t compared;

static const char *member(const jv *o, const char *key)
{
	const jv *v = o && jv_is_object(o) ? jv_get(o, key) : NULL;
	return v && jv_is_string(v) ? v->u.s : NULL;
}

static void same_str(const char *a, const char *b, const char *what, const char *where)
{
	if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
		fail_msg("%s: %s differs: scan %s, parse %s", where, what, a ? a : "(null)", b ? b : "(null)");
}

static void same_verdict(const char *text, size_t len, const char *where)
{
	arena a;
	arena_init(&a);
	char e1[512] = "", e2[512] = "";
	json_app_key k;
	jv *root = NULL;
	int rs = json_application_scan(text, len, &a, &k, e1, sizeof e1);
	int rp = json_application_parse(text, len, &a, &root, e2, sizeof e2);
	if (rs != rp)
		fail_msg("%s: scan %d, parse %d (%s)", where, rs, rp, e2);
	if (rp == 1)
		assert_string_equal(e1, e2);
	if (rp == 0) {
		same_str(k.round, member(root, "round"), "round", where);
		same_str(k.menu, member(root, "menu"), "menu", where);
		const jv *ap = jv_is_object(root) ? jv_get(root, "applicant") : NULL;
		same_str(k.applicant_code, member(ap, "code"), "applicant.code", where);
	}
	compared++;
	arena_free(&a);
}

static void golden_inputs(void **state)
{
	(void)state;
	DIR *d = opendir("tests/cases");
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strstr(e->d_name, ".json") == NULL)
			continue;
		char path[512];
		snprintf(path, sizeof path, "tests/cases/%s", e->d_name);
		json_t *c = json_load_file(path, 0, NULL);
		const char *lists[] = { "inputs", "raw_inputs" };
		for (size_t l = 0; c && l < 2; l++) {
			size_t i;
			json_t *in;
			json_array_foreach(json_object_get(c, lists[l]), i, in)
			{
				char *t = json_is_string(in) ? strdup(json_string_value(in)) : json_dumps(in, JSON_INDENT(1));
				char where[600];
				snprintf(where, sizeof where, "%s %s[%zu]", e->d_name, lists[l], i);
				if (t)
					same_verdict(t, strlen(t), where);
				free(t);
			}
		}
		json_decref(c);
	}
	closedir(d);
	assert_true(compared > 300);
}

static void tricky_shapes(void **state)
{
	(void)state;
	const char *docs[] = {
		"{\"a\":{\"bb\":1},\"a\":2}", /* a duplicate after an object value (once missed) */
		"{\"applicant\":{\"code\":\"042072\",\"x\":1},\"menu\":\"type1\",\"applicant\":3}",
		"{\"round\":\"r\",\"applicant\":{\"code\":\"0\\u0034\"},\"menu\":\"m\\n\"}", /* escapes */
		"{\"applicant\":{\"inner\":{\"code\":\"no\"}},\"code\":\"top\"}", /* code only one level down */
		"{\"applicant\":[{\"code\":\"no\"}],\"round\":5}",                  /* not an object, not a string */
		"[{\"round\":\"r\"}]", "{\"round\":\"a\",\"round\":\"b\"}", "\xEF\xBB\xBF{\"menu\":\"type1\"}", "  \n",
		"{\"\\u0061\":1,\"a\":2}", "{\"menu\":\"type1\"} x",
	};
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
		same_verdict(docs[i], strlen(docs[i]), docs[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_inputs),
		cmocka_unit_test(tricky_shapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
