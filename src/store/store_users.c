/* store_users.c — accounts, failed logins and sessions in the SQLite store (store.h). */
#include <stdio.h>

#include "store_internal.h"

#define U(field, kind) STORE_COL(store_user, field, kind)
static const store_col user_cols[] = { U(id, COL_I64), U(login, COL_TEXT), U(password_hash, COL_TEXT), U(role, COL_TEXT),
				       U(organization, COL_TEXT) };
#undef U
#define USER_COLS user_cols, STORE_NCOLS(user_cols)

/* key, login, address, failures, first_failed_at, blocked_until: the columns read and bound */
#define F(field, kind) STORE_COL(store_login_failure, field, kind)
static const store_col failure_cols[] = { F(key, COL_TEXT),	  F(login, COL_TEXT),	    F(address, COL_TEXT),
					  F(failures, COL_INT), F(first_failed_at, COL_I64), F(blocked_until, COL_I64) };
#undef F

store_rc store_user_add(store *s, const char *login, const char *password_hash, const char *role,
			const char *org_code, int64_t *id)
{
	store_user u = { .login = login, .password_hash = password_hash, .role = role, .organization = org_code };
	return store_insert_cols(s, ST_USER_ADD, &u, USER_COLS, id);
}

store_rc store_user_by_login(store *s, const char *login, arena *a, store_user *out)
{
	return store_row_by_text(s, ST_USER_BY_LOGIN, login, a, out, USER_COLS);
}

store_rc store_user_by_id(store *s, int64_t id, arena *a, store_user *out)
{
	return store_row_by_id(s, ST_USER_BY_ID, id, a, out, USER_COLS);
}

/* ---- failed logins ---- */

store_rc store_login_failure_get(store *s, const char *key, arena *a, store_login_failure *out)
{
	return store_row_by_text(s, ST_LOGIN_FAIL_GET, key, a, out, failure_cols, STORE_NCOLS(failure_cols));
}

store_rc store_login_failure_put(store *s, const store_login_failure *f)
{
	sqlite3_stmt *st = store_stmt(s, ST_LOGIN_FAIL_PUT);
	store_bind_cols(st, f, failure_cols, STORE_NCOLS(failure_cols));
	return store_exec(s, st);
}

store_rc store_login_failure_clear(store *s, const char *key)
{
	sqlite3_stmt *st = store_stmt(s, ST_LOGIN_FAIL_CLEAR);
	store_bind_text(st, 1, key);
	return store_exec(s, st);
}

store_rc store_login_failures_blocked(store *s, int64_t now, arena *a, store_login_failure **out, size_t *n)
{
	sqlite3_stmt *st = store_stmt(s, ST_LOGIN_FAIL_BLOCKED);
	sqlite3_bind_int64(st, 1, now);
	return store_rows(s, st, a, (void **)out, n, sizeof **out, failure_cols, STORE_NCOLS(failure_cols));
}

/* ---- sessions ---- */

store_rc store_session_add(store *s, const unsigned char token_hash[32], int64_t user_id, int64_t expires_at,
			   const char *csrf)
{
	sqlite3_stmt *st = store_stmt(s, ST_SESSION_PURGE);
	sqlite3_bind_int64(st, 1, expires_at - 8 * 3600);
	(void)store_exec(s, st);
	st = store_stmt(s, ST_SESSION_ADD);
	sqlite3_bind_blob(st, 1, token_hash, 32, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_int64(st, 3, expires_at);
	store_bind_text(st, 4, csrf);
	return store_exec(s, st);
}

store_rc store_session_user(store *s, const unsigned char token_hash[32], int64_t now, int64_t *user_id, char csrf[65])
{
	sqlite3_stmt *st = store_stmt(s, ST_SESSION_USER);
	sqlite3_bind_blob(st, 1, token_hash, 32, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*user_id = sqlite3_column_int64(st, 0);
		const unsigned char *c = sqlite3_column_text(st, 1);
		snprintf(csrf, 65, "%s", c ? (const char *)c : "");
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : store_fail(s, rc);
}

store_rc store_session_delete(store *s, const unsigned char token_hash[32])
{
	sqlite3_stmt *st = store_stmt(s, ST_SESSION_DELETE);
	sqlite3_bind_blob(st, 1, token_hash, 32, SQLITE_TRANSIENT);
	return store_exec(s, st);
}
