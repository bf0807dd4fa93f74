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

/* ---- accounts, password resets, conflicts of interest (issue 13, part 2) ----
 *
 * These statements are kept here rather than in sqlite.c's table, and prepared on the
 * connection in use for each call (then finalized): they serve the office's rare
 * account edits, not the hot paths. */

enum acct_stmt {
	AS_LIST,
	AS_COUNT,
	AS_GET,
	AS_UPDATE,
	AS_ENABLED,
	AS_SESSIONS_END,
	AS_PASSWORD,
	AS_LOGGED_IN,
	AS_RESET_DROP,
	AS_RESET_ADD,
	AS_RESET_TAKE,
	AS_CONFLICTS_DROP,
	AS_CONFLICT_ADD,
	AS_CONFLICTS_OF,
	AS_CONFLICTS_REVIEWERS,
	AS_REVIEWERS,
	AS_ASSIGNED,
	AS__MAX
};

#define ACCOUNT_SELECT                                                                                        \
	"SELECT u.id, u.login, u.display_name, u.role, u.organization, o.name, u.disabled, u.last_login_at "  \
	"FROM users u LEFT JOIN organizations o ON o.code = u.organization "
/* ?1 role or NULL, ?2 the text searched for (lower case) or NULL */
#define ACCOUNT_MATCH                                                                                          \
	"WHERE (?1 IS NULL OR u.role = ?1) AND (?2 IS NULL OR instr(lower(u.login), ?2) > 0 OR "                \
	"instr(lower(u.display_name), ?2) > 0 OR instr(coalesce(u.organization, ''), ?2) > 0 OR "               \
	"instr(coalesce(o.name, ''), ?2) > 0) "

static const char *const acct_sql[AS__MAX] = {
	[AS_LIST] = ACCOUNT_SELECT ACCOUNT_MATCH "ORDER BY u.id LIMIT ?3 OFFSET ?4",
	[AS_COUNT] = "SELECT count(*) FROM users u LEFT JOIN organizations o ON o.code = u.organization " ACCOUNT_MATCH,
	[AS_GET] = ACCOUNT_SELECT "WHERE u.id = ?",
	[AS_UPDATE] = "UPDATE users SET display_name = ?, role = ?, organization = ?, disabled = ? WHERE id = ?",
	[AS_ENABLED] = "SELECT 1 FROM users WHERE id = ? AND disabled = 0",
	[AS_SESSIONS_END] = "DELETE FROM sessions WHERE user_id = ?",
	[AS_PASSWORD] = "UPDATE users SET password_hash = ? WHERE id = ?",
	[AS_LOGGED_IN] = "UPDATE users SET last_login_at = ? WHERE id = ?",
	[AS_RESET_DROP] = "DELETE FROM password_resets WHERE user_id = ? AND used_at IS NULL",
	[AS_RESET_ADD] = "INSERT INTO password_resets(token_hash, user_id, created_by, expires_at) VALUES (?,?,?,?)",
	/* once: the row is marked in the same statement that reads it */
	[AS_RESET_TAKE] = "UPDATE password_resets SET used_at = ?2 WHERE token_hash = ?1 AND used_at IS NULL "
			  "AND expires_at > ?2 RETURNING user_id",
	[AS_CONFLICTS_DROP] = "DELETE FROM user_conflicts WHERE user_id = ?",
	[AS_CONFLICT_ADD] = "INSERT OR IGNORE INTO user_conflicts(user_id, kind, value) VALUES (?,?,?)",
	[AS_CONFLICTS_OF] = "SELECT user_id, kind, value FROM user_conflicts WHERE user_id = ? ORDER BY kind, value",
	[AS_CONFLICTS_REVIEWERS] = "SELECT c.user_id, c.kind, c.value FROM user_conflicts c JOIN users u ON u.id = c.user_id "
				   "WHERE u.role = 'reviewer' AND u.disabled = 0 ORDER BY c.user_id, c.kind, c.value",
	[AS_REVIEWERS] = "SELECT u.id, u.login, u.display_name, "
			 "(SELECT count(*) FROM review_assignments ra WHERE ra.reviewer = u.id), "
			 "(SELECT count(*) FROM review_assignments ra JOIN applications a ON a.id = ra.application_id "
			 "WHERE ra.reviewer = u.id AND a.status = 'under_review'), "
			 "EXISTS (SELECT 1 FROM review_assignments ra WHERE ra.reviewer = u.id AND ra.application_id = ?) "
			 "FROM users u WHERE u.role = 'reviewer' AND u.disabled = 0 ORDER BY u.login",
	[AS_ASSIGNED] = "SELECT u.id, u.login, u.display_name, r.scores, r.at FROM review_assignments ra "
			"JOIN users u ON u.id = ra.reviewer LEFT JOIN reviews r ON r.application_id = ra.application_id "
			"AND r.reviewer = ra.reviewer WHERE ra.application_id = ? ORDER BY u.login",
};

/* Statement i prepared on the connection s runs on now (the writer's while writing);
 * NULL with the message in s when it cannot be. The caller finalizes it. */
static sqlite3_stmt *acct_stmt(store *s, enum acct_stmt i)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(store_db(s), acct_sql[i], -1, &st, NULL);
	if (rc != SQLITE_OK) {
		store_fail(s, rc);
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/* Runs a prepared statement that returns no rows and finalizes it. */
static store_rc acct_exec(store *s, sqlite3_stmt *st)
{
	if (st == NULL)
		return STORE_ERROR;
	store_rc rc = store_exec(s, st);
	sqlite3_finalize(st);
	return rc;
}

#define A(field, kind) STORE_COL(store_account, field, kind)
static const store_col account_cols[] = { A(id, COL_I64),	  A(login, COL_TEXT),	     A(display_name, COL_TEXT),
					  A(role, COL_TEXT),	  A(organization, COL_TEXT), A(organization_name, COL_TEXT),
					  A(disabled, COL_BOOL), A(last_login_at, COL_TEXT) };
#undef A
#define C(field, kind) STORE_COL(store_conflict, field, kind)
static const store_col conflict_cols[] = { C(user_id, COL_I64), C(kind, COL_TEXT), C(value, COL_TEXT) };
#undef C
#define R(field, kind) STORE_COL(store_reviewer, field, kind)
static const store_col reviewer_cols[] = { R(id, COL_I64),	    R(login, COL_TEXT),		   R(display_name, COL_TEXT),
					   R(assignments, COL_I64), R(open_assignments, COL_I64), R(assigned, COL_BOOL) };
#undef R
#define S(field, kind) STORE_COL(store_assigned, field, kind)
static const store_col assigned_cols[] = { S(id, COL_I64), S(login, COL_TEXT), S(display_name, COL_TEXT), S(scores, COL_TEXT),
					   S(at, COL_TEXT) };
#undef S

/* Collects the rows of st (finalized here). */
static store_rc acct_rows(store *s, sqlite3_stmt *st, arena *a, void **out, size_t *n, size_t size, const store_col *cols,
			  size_t ncols)
{
	*out = NULL;
	*n = 0;
	if (st == NULL)
		return STORE_ERROR;
	store_rc rc = store_rows(s, st, a, out, n, size, cols, ncols);
	sqlite3_finalize(st);
	return rc;
}

/* Binds role and the lower-cased search text as ?1 and ?2 of a list or count. */
static void bind_match(sqlite3_stmt *st, const char *role, const char *lq)
{
	store_bind_text(st, 1, role);
	store_bind_text(st, 2, lq);
}

store_rc store_account_list(store *s, const char *role, const char *q, int64_t limit, int64_t offset, arena *a,
			    store_account **out, size_t *n, int64_t *total)
{
	char *lq = NULL;
	if (q && q[0]) {
		lq = arena_strdup(a, q);
		if (lq == NULL)
			return STORE_ERROR;
		for (char *p = lq; *p; p++) /* ASCII only: SQLite's lower() leaves other letters as they are */
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
	}
	sqlite3_stmt *st = acct_stmt(s, AS_COUNT);
	if (st == NULL)
		return STORE_ERROR;
	bind_match(st, role, lq);
	store_rc rc = store_one_int64(s, st, total);
	sqlite3_finalize(st);
	if (rc != STORE_OK)
		return rc;
	if ((st = acct_stmt(s, AS_LIST)) == NULL)
		return STORE_ERROR;
	bind_match(st, role, lq);
	sqlite3_bind_int64(st, 3, limit);
	sqlite3_bind_int64(st, 4, offset);
	return acct_rows(s, st, a, (void **)out, n, sizeof **out, account_cols, STORE_NCOLS(account_cols));
}

store_rc store_account_get(store *s, int64_t id, arena *a, store_account *out)
{
	sqlite3_stmt *st = acct_stmt(s, AS_GET);
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	store_rc rc = store_row(s, st, a, out, account_cols, STORE_NCOLS(account_cols));
	sqlite3_finalize(st);
	return rc;
}

store_rc store_account_update(store *s, const store_account *u)
{
	sqlite3_stmt *st = acct_stmt(s, AS_UPDATE);
	if (st) {
		store_bind_text(st, 1, u->display_name ? u->display_name : "");
		store_bind_text(st, 2, u->role);
		store_bind_text(st, 3, u->organization);
		sqlite3_bind_int(st, 4, u->disabled);
		sqlite3_bind_int64(st, 5, u->id);
	}
	return acct_exec(s, st);
}

bool store_account_enabled(store *s, int64_t id)
{
	sqlite3_stmt *st = acct_stmt(s, AS_ENABLED);
	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, id);
	bool yes = store_exists(st);
	sqlite3_finalize(st);
	return yes;
}

/* A statement of one id parameter (?1), run. */
static store_rc acct_exec_id(store *s, enum acct_stmt i, int64_t id)
{
	sqlite3_stmt *st = acct_stmt(s, i);
	if (st)
		sqlite3_bind_int64(st, 1, id);
	return acct_exec(s, st);
}

store_rc store_account_sessions_end(store *s, int64_t id) { return acct_exec_id(s, AS_SESSIONS_END, id); }

/* A statement of a text (?1) and an id (?2), run. */
static store_rc acct_exec_text_id(store *s, enum acct_stmt i, const char *text, int64_t id)
{
	sqlite3_stmt *st = acct_stmt(s, i);
	if (st) {
		store_bind_text(st, 1, text);
		sqlite3_bind_int64(st, 2, id);
	}
	return acct_exec(s, st);
}

store_rc store_account_set_password(store *s, int64_t id, const char *password_hash)
{
	return acct_exec_text_id(s, AS_PASSWORD, password_hash, id);
}

store_rc store_account_logged_in(store *s, int64_t id, const char *at) { return acct_exec_text_id(s, AS_LOGGED_IN, at, id); }

store_rc store_reset_add(store *s, const unsigned char token_hash[32], int64_t user_id, int64_t created_by,
			 int64_t expires_at)
{
	store_rc rc = acct_exec_id(s, AS_RESET_DROP, user_id);
	sqlite3_stmt *st = rc == STORE_OK ? acct_stmt(s, AS_RESET_ADD) : NULL;
	if (rc != STORE_OK)
		return rc;
	if (st) {
		sqlite3_bind_blob(st, 1, token_hash, 32, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, user_id);
		sqlite3_bind_int64(st, 3, created_by);
		sqlite3_bind_int64(st, 4, expires_at);
	}
	return acct_exec(s, st);
}

store_rc store_reset_take(store *s, const unsigned char token_hash[32], int64_t now, int64_t *user_id)
{
	sqlite3_stmt *st = acct_stmt(s, AS_RESET_TAKE);
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_blob(st, 1, token_hash, 32, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now);
	store_rc rc = store_one_int64(s, st, user_id);
	sqlite3_finalize(st);
	return rc;
}

store_rc store_conflicts_put(store *s, int64_t user_id, const store_conflict *c, size_t n)
{
	store_rc rc = acct_exec_id(s, AS_CONFLICTS_DROP, user_id);
	for (size_t i = 0; i < n && rc == STORE_OK; i++) {
		sqlite3_stmt *st = acct_stmt(s, AS_CONFLICT_ADD);
		if (st) {
			sqlite3_bind_int64(st, 1, user_id);
			store_bind_text(st, 2, c[i].kind);
			store_bind_text(st, 3, c[i].value);
		}
		rc = acct_exec(s, st);
	}
	return rc;
}

store_rc store_conflicts_list(store *s, int64_t user_id, arena *a, store_conflict **out, size_t *n)
{
	sqlite3_stmt *st = acct_stmt(s, user_id ? AS_CONFLICTS_OF : AS_CONFLICTS_REVIEWERS);
	if (st && user_id)
		sqlite3_bind_int64(st, 1, user_id);
	return acct_rows(s, st, a, (void **)out, n, sizeof **out, conflict_cols, STORE_NCOLS(conflict_cols));
}

store_rc store_reviewers(store *s, int64_t app, arena *a, store_reviewer **out, size_t *n)
{
	sqlite3_stmt *st = acct_stmt(s, AS_REVIEWERS);
	if (st)
		sqlite3_bind_int64(st, 1, app);
	return acct_rows(s, st, a, (void **)out, n, sizeof **out, reviewer_cols, STORE_NCOLS(reviewer_cols));
}

store_rc store_assigned_list(store *s, int64_t app, arena *a, store_assigned **out, size_t *n)
{
	sqlite3_stmt *st = acct_stmt(s, AS_ASSIGNED);
	if (st)
		sqlite3_bind_int64(st, 1, app);
	return acct_rows(s, st, a, (void **)out, n, sizeof **out, assigned_cols, STORE_NCOLS(assigned_cols));
}
