/* test_check_text.c — POST /api/v1/check's fast path (svc_check_text: the jv parser
 * and the direct writer) gives the same bytes as the jansson path it replaced
 * (json_dumps(svc_check_body(json_loadb(body)), JSON_COMPACT)), for every application
 * in the golden cases (the "inputs" of tests/cases/NNN-name.json, compact and indented, and their
 * "raw_inputs" texts), and leaves to the jansson path what it does not take. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/io/catalog.h"
#include "../../src/service/check_text.h"

static catalog cat;
static svc s;
static size_t fast, fallback;

static int setup(void **state)
{
	(void)state;
	char err[512];
	if (catalog_load(&cat, NULL, NULL, err, sizeof err) != 0)
		return -1;
	svc_init(&s, NULL, &cat);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	catalog_free(&cat);
	return 0;
}

/* Both paths on one body; the jansson path's answer when it parses, else its 400. */
static void same_answer(const char *text, size_t len, const char *where)
{
	json_buf got = { 0 };
	svc_err err = { 0 };
	int rc = svc_check_text(&s, text, len, &got, &err);
	assert_true(rc == 0 || rc == 1);
	json_error_t je;
	json_t *body = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (rc == 1) {
		fallback++;
		json_decref(body);
		free(got.data);
		return;
	}
	if (body == NULL)
		fail_msg("%s: the fast path took a body jansson rejects (%s)", where, je.text);
	svc_err e2 = { 0 };
	json_t *want = svc_check_body(&s, body, &e2);
	json_decref(body);
	assert_non_null(want);
	char *want_text = json_dumps(want, JSON_COMPACT);
	json_decref(want);
	if (got.len != strlen(want_text) || memcmp(got.data, want_text, got.len) != 0)
		fail_msg("%s: answers differ\n fast:    %.*s\n jansson: %s", where, (int)got.len, got.data, want_text);
	fast++;
	free(want_text);
	free(got.data);
}

static void each_input(json_t *inputs, const char *name, size_t flags)
{
	size_t i;
	json_t *in;
	json_array_foreach(inputs, i, in)
	{
		char *t = json_is_string(in) ? strdup(json_string_value(in)) : json_dumps(in, flags);
		if (t == NULL)
			continue;
		char where[512];
		snprintf(where, sizeof where, "%s input %zu", name, i);
		same_answer(t, strlen(t), where);
		free(t);
	}
}

static void golden_cases_answer_the_same(void **state)
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
		if (c == NULL)
			continue;
		each_input(json_object_get(c, "inputs"), e->d_name, JSON_COMPACT);
		each_input(json_object_get(c, "inputs"), e->d_name, JSON_INDENT(2));
		each_input(json_object_get(c, "raw_inputs"), e->d_name, 0);
		json_decref(c);
	}
	closedir(d);
	/* the comparison is not vacuous: most bodies take the fast path */
	assert_true(fast > 300);
}

/* What the fast parser does not take goes to jansson: a scalar (json_loadb takes only
 * an object or an array), a BOM, an empty body, a duplicate key, a huge integer. */
static void unusual_bodies_take_the_jansson_path(void **state)
{
	(void)state;
	const char *bodies[] = { "\"x\"", "42", "\xEF\xBB\xBF{}", "", "{\"a\":1,\"a\":2}", "{\"a\":123456789012345678901234}",
				 "{\"format\":" };
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		json_buf got = { 0 };
		svc_err err = { 0 };
		assert_int_equal(svc_check_text(&s, bodies[i], strlen(bodies[i]), &got, &err), 1);
		assert_int_equal(got.len, 0);
		free(got.data);
	}
	same_answer("{}", 2, "empty object");
	same_answer("[]", 2, "empty array");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_cases_answer_the_same),
		cmocka_unit_test(unusual_bodies_take_the_jansson_path),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
