/* test_service_op.c — the one operation path of the service (svc_op_run in
 * src/service/service_internal.h) on a temporary store: a step that succeeds is
 * committed with exactly one audit entry; one that fails is rolled back, its writes and
 * the audit entry both gone, and its error passed through; and the text answer of
 * GET /api/v1/applications/{id} is the same bytes as the JSON one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/io/catalog.h"
#include "../../src/service/service_internal.h"

static char dir[] = "/tmp/digiden-svc-op-XXXXXX";
static char path[256];
static catalog cat;
static store *st;
static svc s;

static int setup(void **state)
{
	(void)state;
	char err[512];
	bool created;
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof path, "%s/t.db", dir);
	if (catalog_load(&cat, NULL, NULL, err, sizeof err) != 0 || store_open(path, &st, &created, err, sizeof err) != 0)
		return -1;
	svc_init(&s, st, &cat);
	char generated[33];
	return svc_seed(&s, "test-admin-password-1", generated, err, sizeof err);
}

static int teardown(void **state)
{
	(void)state;
	svc_free(&s);
	store_close(st);
	catalog_free(&cat);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* How many audit entries there are now. */
static size_t audit_count(void)
{
	arena a;
	arena_init(&a);
	store_audit_entry *e;
	size_t n = 0;
	assert_int_equal(store_audit_list(st, 0, &a, &e, &n), STORE_OK);
	arena_free(&a);
	return n;
}

static bool round_exists(const char *key)
{
	arena a;
	arena_init(&a);
	store_round r;
	bool yes = store_round_by_key(st, key, &a, &r) == STORE_OK;
	arena_free(&a);
	return yes;
}

/* What a test step does: write a round, then end as told. */
typedef struct step_ctx {
	const char *key;
	store_rc end;      /* what the step returns after its write */
	bool fill_err;     /* whether it says itself what went wrong */
	const char *after; /* set into the op, as a step that learns it does */
} step_ctx;

static store_rc step(svc *sv, svc_op *op, void *ctx, svc_err *err)
{
	step_ctx *c = ctx;
	store_round r = { .key = c->key, .title = "t", .fiscal_year = 2030, .rules_json = "{}", .status = "closed" };
	store_rc rc = store_round_add(sv->st, &r, NULL);
	assert_int_equal(rc, STORE_OK);
	if (c->after)
		op->after = c->after;
	if (c->fill_err)
		svc_fail(err, 422, "STEP_SAID", "手順が誤りを返しました（%d）", 7);
	return c->end;
}

static void commits_with_one_audit_entry(void **state)
{
	(void)state;
	size_t before = audit_count();
	step_ctx c = { .key = "test/ok", .end = STORE_OK, .after = "{\"round\":\"test/ok\"}" };
	svc_op op = { .actor = "tester", .action = "test.ok", .before = "{\"x\":1}" };
	svc_err err = { 0 };
	assert_int_equal(svc_op_run(&s, &op, step, &c, &err), 0);
	assert_int_equal(err.status, 0);
	assert_true(round_exists("test/ok"));
	assert_int_equal(audit_count(), before + 1);
	arena a;
	arena_init(&a);
	store_audit_entry *e;
	size_t n;
	assert_int_equal(store_audit_list(st, 0, &a, &e, &n), STORE_OK);
	assert_string_equal(e[n - 1].actor, "tester");
	assert_string_equal(e[n - 1].action, "test.ok");
	assert_string_equal(e[n - 1].before, "{\"x\":1}");
	assert_string_equal(e[n - 1].after, "{\"round\":\"test/ok\"}"); /* what the step set */
	arena_free(&a);
	/* the write lock is given back: another write runs at once */
	svc_op op2 = { .actor = "tester", .action = "test.again" };
	assert_int_equal(svc_op_run(&s, &op2, NULL, NULL, &err), 0);
	assert_int_equal(audit_count(), before + 2);
}

static void a_failed_step_rolls_back_and_passes_its_error(void **state)
{
	(void)state;
	size_t before = audit_count();
	step_ctx c = { .key = "test/said", .end = STORE_ERROR, .fill_err = true };
	svc_op op = { .actor = "tester", .action = "test.said" };
	svc_err err = { 0 };
	assert_int_equal(svc_op_run(&s, &op, step, &c, &err), -1);
	assert_int_equal(err.status, 422);
	assert_string_equal(err.code, "STEP_SAID");
	assert_string_equal(err.message, "手順が誤りを返しました（7）");
	assert_false(round_exists("test/said")); /* the step's write is gone */
	assert_int_equal(audit_count(), before); /* and no audit entry */
	svc_err_clear(&err);

	/* a compare-and-set that found the application changed: 409 CONFLICT */
	c = (step_ctx){ .key = "test/conflict", .end = STORE_NOT_FOUND };
	assert_int_equal(svc_op_run(&s, &op, step, &c, &err), -1);
	assert_int_equal(err.status, 409);
	assert_string_equal(err.code, "CONFLICT");
	assert_false(round_exists("test/conflict"));
	svc_err_clear(&err);

	/* any other failure the step did not explain: 500 DATABASE */
	c = (step_ctx){ .key = "test/db", .end = STORE_ERROR };
	assert_int_equal(svc_op_run(&s, &op, step, &c, &err), -1);
	assert_int_equal(err.status, 500);
	assert_string_equal(err.code, "DATABASE");
	assert_false(round_exists("test/db"));
	assert_int_equal(audit_count(), before);
	svc_err_clear(&err);
}

static void the_audit_entry_is_part_of_the_transaction(void **state)
{
	(void)state;
	size_t before = audit_count();
	/* an audit entry the schema refuses (no actor) undoes the step's write too */
	step_ctx c = { .key = "test/no-actor", .end = STORE_OK };
	svc_op op = { .actor = NULL, .action = "test.no_actor" };
	svc_err err = { 0 };
	assert_int_equal(svc_op_run(&s, &op, step, &c, &err), -1);
	assert_int_equal(err.status, 500);
	assert_false(round_exists("test/no-actor"));
	assert_int_equal(audit_count(), before);
	svc_err_clear(&err);
	/* without an action no entry is written, and the step's write stays */
	c = (step_ctx){ .key = "test/unaudited", .end = STORE_OK };
	svc_op quiet = { .actor = NULL, .action = NULL };
	assert_int_equal(svc_op_run(&s, &quiet, step, &c, &err), 0);
	assert_true(round_exists("test/unaudited"));
	assert_int_equal(audit_count(), before);
}

static void get_text_is_the_json_answer(void **state)
{
	(void)state;
	int64_t uid;
	assert_int_equal(svc_op_run(&s, &(svc_op){ .actor = "tester", .action = "test.user" }, NULL, NULL, &(svc_err){ 0 }), 0);
	assert_int_equal(store_user_add(st, "natori-op", "x", "applicant", "042072", &uid), STORE_OK);
	svc_user u = { .id = uid, .login = "natori-op", .role = ROLE_APPLICANT, .organization = "042072" };
	/* a body with what a dump must keep: key order, escapes, non-ASCII, reals, nesting */
	json_error_t je;
	json_t *body = json_loads("{\"round\":\"digital-implementation/fy2022-supp\",\"menu\":\"type1\",\"title\":\"題名 \\\"引用\\\" \\\\ \\n\\t\\b\\f\\r\\u0001\\u001f\\u007f/\\u2028\","
				  "\"applicant\":{\"code\":\"042072\"},\"z\":1.5,\"a\":[0.1,-0.0,1e300,{}],\"\\u00e9\":null}",
				  JSON_REJECT_DUPLICATES, &je);
	assert_non_null(body);
	svc_err err = { 0 };
	json_t *created = svc_app_create(&s, &u, body, &err);
	assert_non_null(created);
	int64_t id = json_integer_value(json_object_get(created, "id"));
	json_t *got = svc_app_get(&s, &u, id, &err);
	assert_non_null(got);
	char *want = json_dumps(got, JSON_COMPACT);
	size_t len = 0;
	char *text = svc_app_get_text(&s, &u, id, &len, &err);
	assert_non_null(text);
	assert_int_equal(len, strlen(want));
	assert_string_equal(text, want);
	free(text);
	free(want);
	/* the same refusal as the JSON answer for an application that is not there */
	assert_null(svc_app_get_text(&s, &u, id + 1000, &len, &err));
	assert_int_equal(err.status, 404);
	svc_err_clear(&err);
	json_decref(got);
	json_decref(created);
	json_decref(body);
}

/* A database in memory has no second connection to write through: its writes still
 * work, on its own connection (the fuzz harnesses use one). */
static void a_database_in_memory_writes(void **state)
{
	(void)state;
	char err[512];
	store *m;
	bool created;
	assert_int_equal(store_open(":memory:", &m, &created, err, sizeof err), 0);
	svc ms;
	svc_init(&ms, m, &cat);
	step_ctx c = { .key = "test/memory", .end = STORE_OK };
	svc_op op = { .actor = "tester", .action = "test.memory" };
	svc_err e = { 0 };
	assert_int_equal(svc_op_run(&ms, &op, step, &c, &e), 0);
	arena a;
	arena_init(&a);
	store_round r;
	assert_int_equal(store_round_by_key(m, "test/memory", &a, &r), STORE_OK);
	arena_free(&a);
	svc_free(&ms);
	store_close(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(commits_with_one_audit_entry),
		cmocka_unit_test(a_failed_step_rolls_back_and_passes_its_error),
		cmocka_unit_test(the_audit_entry_is_part_of_the_transaction),
		cmocka_unit_test(get_text_is_the_json_answer),
		cmocka_unit_test(a_database_in_memory_writes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
