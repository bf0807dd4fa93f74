/* test_store.c — the SQLite store (src/store/sqlite.c) on a temporary file:
 * migrations recorded, versions kept, the audit log append-only, reopen idempotent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/io/catalog.h"
#include "../../src/store/store.h"

static char dir[] = "/tmp/digiden-store-XXXXXX";
static char path[256];

static int setup(void **state)
{
	(void)state;
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof path, "%s/t.db", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void lifecycle_in_store(void **state)
{
	(void)state;
	char err[512];
	store *s;
	bool created;
	assert_int_equal(store_open(path, &s, &created, err, sizeof err), 0);
	assert_true(created);
	catalog cat;
	assert_int_equal(catalog_load(&cat, NULL, NULL, err, sizeof err), 0);
	assert_int_equal(store_begin(s), STORE_OK);
	assert_int_equal(store_orgs_load(s, &cat.orgs), STORE_OK);
	int64_t round_id, user, app;
	store_round r = { .key = "digital-implementation/fy2022-supp", .title = "t", .fiscal_year = 2022,
			  .rules_json = "{}", .status = "open" };
	assert_int_equal(store_round_add(s, &r, &round_id), STORE_OK);
	assert_int_equal(store_round_add(s, &r, NULL), STORE_DUPLICATE);
	assert_int_equal(store_user_add(s, "natori", "hash", "applicant", "042072", &user), STORE_OK);
	assert_int_equal(store_user_add(s, "natori", "hash", "applicant", "042072", NULL), STORE_DUPLICATE);
	/* the schema refuses an applicant without an organization */
	assert_int_equal(store_user_add(s, "x", "hash", "applicant", NULL, NULL), STORE_ERROR);
	assert_int_equal(store_app_add(s, round_id, "042072", "type1", "題名", "{\"v\":1}", user, &app), STORE_OK);
	int version;
	assert_int_equal(store_app_save(s, app, "draft", 1, "type1", "題名2", "{\"v\":2}", user, &version), STORE_OK);
	assert_int_equal(version, 2);
	/* compare and set: a save or a move from a state that is no longer there is refused */
	assert_int_equal(store_app_save(s, app, "draft", 1, "type1", "古い版から", "{\"v\":9}", user, &version), STORE_NOT_FOUND);
	assert_int_equal(store_app_set_status(s, app, "submitted", "withdrawn"), STORE_NOT_FOUND);
	assert_int_equal(store_app_set_status(s, app, "draft", "consultation"), STORE_OK);
	assert_int_equal(store_app_set_status(s, app, "draft", "submitted"), STORE_NOT_FOUND);
	assert_int_equal(store_app_set_status(s, app, "consultation", "draft"), STORE_OK);
	assert_int_equal(store_audit_add(s, "natori", "application.save", app, "{\"version\":1}", "{\"version\":2}"), STORE_OK);
	assert_int_equal(store_commit(s), STORE_OK);

	arena a;
	arena_init(&a);
	store_app got;
	assert_int_equal(store_app_get(s, app, &a, &got), STORE_OK);
	assert_string_equal(got.body, "{\"v\":2}");
	assert_string_equal(got.organization_name, "名取市");
	store_version *v;
	size_t n;
	assert_int_equal(store_app_versions(s, app, &a, &v, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_app_get(s, app + 100, &a, &got), STORE_NOT_FOUND);
	store_close(s);

	/* the audit log is append-only, whoever asks */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE audit_log SET actor = 'x'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit_log", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM schema_migrations", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	int migrations = sqlite3_column_int(q, 0);
	assert_true(migrations >= 1);
	sqlite3_finalize(q);
	sqlite3_close(db);

	/* reopening migrates nothing again and keeps the data */
	assert_int_equal(store_open(path, &s, &created, err, sizeof err), 0);
	assert_false(created);
	assert_int_equal(store_app_get(s, app, &a, &got), STORE_OK);
	assert_int_equal(got.version, 2);
	store_audit_entry *e;
	assert_int_equal(store_audit_list(s, app, &a, &e, &n), STORE_OK);
	assert_int_equal(n, 1);
	store_close(s);
	arena_free(&a);
	catalog_free(&cat);

	/* a file that is not a database is a clear error, not a crash */
	char junk[300];
	snprintf(junk, sizeof junk, "%s/junk.db", dir);
	FILE *f = fopen(junk, "w");
	fputs("this is not sqlite", f);
	fclose(f);
	assert_int_equal(store_open(junk, &s, &created, err, sizeof err), -1);
	assert_non_null(strstr(err, junk));
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test_setup_teardown(lifecycle_in_store, setup, teardown) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
