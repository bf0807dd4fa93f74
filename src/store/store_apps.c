/* store_apps.c — rounds, applications and their versions in the SQLite store (store.h). */
#include "store_internal.h"

/* ---- rounds ---- */

/* id, then the columns ST_ROUND_ADD binds in this order */
#define R(field, kind) STORE_COL(store_round, field, kind)
static const store_col round_cols[] = { R(id, COL_I64),	      R(key, COL_TEXT),	   R(title, COL_TEXT), R(fiscal_year, COL_INT),
					R(rules_json, COL_TEXT), R(status, COL_TEXT), R(deadline, COL_TEXT) };
#undef R
#define ROUND_COLS round_cols, STORE_NCOLS(round_cols)

store_rc store_round_add(store *s, const store_round *r, int64_t *id)
{
	return store_insert_cols(s, ST_ROUND_ADD, r, ROUND_COLS, id);
}

store_rc store_round_by_key(store *s, const char *key, arena *a, store_round *out)
{
	return store_row_by_text(s, ST_ROUND_BY_KEY, key, a, out, ROUND_COLS);
}

store_rc store_round_by_id(store *s, int64_t id, arena *a, store_round *out)
{
	return store_row_by_id(s, ST_ROUND_BY_ID, id, a, out, ROUND_COLS);
}

store_rc store_round_list(store *s, arena *a, store_round **out, size_t *n)
{
	return store_rows(s, store_stmt(s, ST_ROUND_LIST), a, (void **)out, n, sizeof **out, ROUND_COLS);
}

store_rc store_round_set_status(store *s, int64_t id, const char *status, const char *deadline)
{
	sqlite3_stmt *st = store_stmt(s, ST_ROUND_STATUS);
	store_bind_text(st, 1, status);
	store_bind_text(st, 2, deadline);
	sqlite3_bind_int64(st, 3, id);
	return store_exec(s, st);
}

/* ---- applications ---- */

#define A(field, kind) STORE_COL(store_app, field, kind)
const store_col store_app_cols[12] = { A(id, COL_I64),	       A(round_id, COL_I64), A(round_key, COL_TEXT),
				       A(organization, COL_TEXT), A(organization_name, COL_TEXT), A(menu, COL_TEXT),
				       A(title, COL_TEXT),	       A(status, COL_TEXT),   A(version, COL_INT),
				       A(created_at, COL_TEXT),   A(updated_at, COL_TEXT), A(body, COL_TEXT) };
#undef A
#define APP_NCOLS_NO_BODY 11

static store_rc version_add(store *s, int64_t id, int version, const char *body, int64_t saved_by)
{
	sqlite3_stmt *st = store_stmt(s, ST_VERSION_ADD);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, version);
	store_bind_text(st, 3, body);
	if (saved_by > 0)
		sqlite3_bind_int64(st, 4, saved_by);
	return store_exec(s, st);
}

store_rc store_app_add(store *s, int64_t round_id, const char *org_code, const char *menu, const char *title,
		       const char *body, int64_t saved_by, int64_t *id)
{
	sqlite3_stmt *st = store_stmt(s, ST_APP_ADD);
	sqlite3_bind_int64(st, 1, round_id);
	store_bind_text(st, 2, org_code);
	store_bind_text(st, 3, menu);
	store_bind_text(st, 4, title);
	store_rc rc = store_insert(s, st, id);
	return rc == STORE_OK ? version_add(s, *id, 1, body, saved_by) : rc;
}

static store_rc app_one(store *s, enum stmt which, int64_t id, arena *a, store_app *out, size_t ncols)
{
	sqlite3_stmt *st = store_stmt(s, which);
	sqlite3_bind_int64(st, 1, id);
	out->body = NULL;
	return store_row(s, st, a, out, store_app_cols, ncols);
}

store_rc store_app_get(store *s, int64_t id, arena *a, store_app *out)
{
	return app_one(s, ST_APP_GET, id, a, out, STORE_NCOLS(store_app_cols));
}

store_rc store_app_head(store *s, int64_t id, arena *a, store_app *out)
{
	return app_one(s, ST_APP_HEAD, id, a, out, APP_NCOLS_NO_BODY);
}

store_rc store_app_save(store *s, int64_t id, const char *seen_status, int seen_version, const char *menu,
			const char *title, const char *body, int64_t saved_by, int *new_version)
{
	sqlite3_stmt *st = store_stmt(s, ST_APP_SAVE);
	store_bind_text(st, 1, menu);
	store_bind_text(st, 2, title);
	sqlite3_bind_int64(st, 3, id);
	store_bind_text(st, 4, seen_status);
	sqlite3_bind_int(st, 5, seen_version);
	int64_t version;
	store_rc rc = store_one_int64(s, st, &version);
	if (rc != STORE_OK)
		return rc; /* NOT_FOUND: not in the state seen any more */
	*new_version = (int)version;
	return version_add(s, id, *new_version, body, saved_by);
}

store_rc store_app_set_status(store *s, int64_t id, const char *seen_status, const char *status)
{
	sqlite3_stmt *st = store_stmt(s, ST_APP_STATUS);
	store_bind_text(st, 1, status);
	sqlite3_bind_int64(st, 2, id);
	store_bind_text(st, 3, seen_status);
	store_rc rc = store_exec(s, st);
	if (rc == STORE_OK && sqlite3_changes(store_db(s)) == 0)
		return STORE_NOT_FOUND;
	return rc;
}

store_rc store_app_list(store *s, store_app_scope scope, const char *arg, int64_t arg_id, arena *a, store_app **out,
			size_t *n)
{
	static const enum stmt which[] = {
		[SCOPE_ALL_BUT_DRAFTS] = ST_APP_LIST_OFFICE,   [SCOPE_ORGANIZATION] = ST_APP_LIST_ORG,
		[SCOPE_REVIEWER] = ST_APP_LIST_REVIEWER,       [SCOPE_ROUND_SUBMITTED] = ST_APP_LIST_ROUND,
		[SCOPE_ROUND_ORG_SUBMITTED] = ST_APP_LIST_ROUND_ORG, [SCOPE_ROUND_ALL] = ST_APP_LIST_ROUND_ALL,
	};
	if ((size_t)scope >= sizeof which / sizeof which[0])
		scope = SCOPE_ALL_BUT_DRAFTS;
	sqlite3_stmt *st = store_stmt(s, which[scope]);
	/* the bodies come with the round scopes only */
	size_t ncols = scope == SCOPE_ROUND_SUBMITTED || scope == SCOPE_ROUND_ALL || scope == SCOPE_ROUND_ORG_SUBMITTED
			       ? STORE_NCOLS(store_app_cols)
			       : APP_NCOLS_NO_BODY;
	if (scope == SCOPE_ORGANIZATION)
		store_bind_text(st, 1, arg);
	else if (scope != SCOPE_ALL_BUT_DRAFTS)
		sqlite3_bind_int64(st, 1, arg_id);
	if (scope == SCOPE_ROUND_ORG_SUBMITTED)
		store_bind_text(st, 2, arg);
	return store_rows(s, st, a, (void **)out, n, sizeof **out, store_app_cols, ncols);
}

store_rc store_app_versions(store *s, int64_t id, arena *a, store_version **out, size_t *n)
{
	static const store_col cols[] = { STORE_COL(store_version, version, COL_INT), STORE_COL(store_version, saved_at, COL_TEXT),
					  STORE_COL(store_version, saved_by, COL_TEXT) };
	sqlite3_stmt *st = store_stmt(s, ST_APP_VERSIONS);
	sqlite3_bind_int64(st, 1, id);
	return store_rows(s, st, a, (void **)out, n, sizeof **out, cols, STORE_NCOLS(cols));
}

bool store_app_was_shared(store *s, int64_t app)
{
	sqlite3_stmt *st = store_stmt(s, ST_APP_SHARED);
	sqlite3_bind_int64(st, 1, app);
	return store_exists(st);
}
