/* store_records.c — what is written about applications and organizations in the SQLite
 * store (store.h): comments, review assignments and reviews, decisions, KPI reports,
 * the audit log, published decisions and organizations' history. */
#include "store_internal.h"

/* ---- comments, reviews, decisions, KPI ---- */

static const store_col note_cols[] = {
	STORE_COL(store_note, id, COL_I64), STORE_COL(store_note, author, COL_TEXT),
	STORE_COL(store_note, author_role, COL_TEXT), STORE_COL(store_note, body, COL_TEXT),
	STORE_COL(store_note, at, COL_TEXT), STORE_COL(store_note, extra, COL_TEXT),
};

static store_rc notes(store *s, sqlite3_stmt *st, arena *a, store_note **out, size_t *n)
{
	return store_rows(s, st, a, (void **)out, n, sizeof **out, note_cols, STORE_NCOLS(note_cols));
}

/* Binds the application and another id as parameters 1 and 2. */
static sqlite3_stmt *app_and(store *s, enum stmt which, int64_t app, int64_t other)
{
	sqlite3_stmt *st = store_stmt(s, which);
	sqlite3_bind_int64(st, 1, app);
	sqlite3_bind_int64(st, 2, other);
	return st;
}

store_rc store_comment_add(store *s, int64_t app, int64_t author, const char *body, int64_t *id)
{
	sqlite3_stmt *st = app_and(s, ST_COMMENT_ADD, app, author);
	store_bind_text(st, 3, body);
	return store_insert(s, st, id);
}

store_rc store_comment_list(store *s, int64_t app, arena *a, store_note **out, size_t *n)
{
	sqlite3_stmt *st = store_stmt(s, ST_COMMENT_LIST);
	sqlite3_bind_int64(st, 1, app);
	return notes(s, st, a, out, n);
}

store_rc store_assign(store *s, int64_t app, int64_t reviewer) { return store_exec(s, app_and(s, ST_ASSIGN, app, reviewer)); }

bool store_is_assigned(store *s, int64_t app, int64_t reviewer) { return store_exists(app_and(s, ST_IS_ASSIGNED, app, reviewer)); }

store_rc store_review_put(store *s, int64_t app, int64_t reviewer, const char *scores_json, const char *comment)
{
	sqlite3_stmt *st = app_and(s, ST_REVIEW_PUT, app, reviewer);
	store_bind_text(st, 3, scores_json);
	store_bind_text(st, 4, comment);
	return store_exec(s, st);
}

store_rc store_review_list(store *s, int64_t app, int64_t reviewer, arena *a, store_note **out, size_t *n)
{
	sqlite3_stmt *st = app_and(s, ST_REVIEW_LIST, app, reviewer);
	sqlite3_bind_int64(st, 3, reviewer);
	return notes(s, st, a, out, n);
}

store_rc store_decision_put(store *s, int64_t app, const char *decision, bool has_amount, int64_t amount_yen,
			    const char *reason, int64_t decided_by)
{
	sqlite3_stmt *st = store_stmt(s, ST_DECISION_PUT);
	sqlite3_bind_int64(st, 1, app);
	store_bind_text(st, 2, decision);
	if (has_amount)
		sqlite3_bind_int64(st, 3, amount_yen);
	store_bind_text(st, 4, reason);
	sqlite3_bind_int64(st, 5, decided_by);
	return store_exec(s, st);
}

store_rc store_decision_get(store *s, int64_t app, arena *a, store_decision *out)
{
	static const store_col cols[] = {
		STORE_COL(store_decision, decision, COL_TEXT), STORE_COL(store_decision, has_amount, COL_BOOL),
		STORE_COL(store_decision, amount_yen, COL_I64), STORE_COL(store_decision, reason, COL_TEXT),
		STORE_COL(store_decision, decided_by, COL_TEXT), STORE_COL(store_decision, at, COL_TEXT),
	};
	sqlite3_stmt *st = store_stmt(s, ST_DECISION_GET);
	sqlite3_bind_int64(st, 1, app);
	return store_row(s, st, a, out, cols, STORE_NCOLS(cols));
}

store_rc store_kpi_add(store *s, int64_t app, int fiscal_year, const char *body, int64_t reported_by, int64_t *id)
{
	sqlite3_stmt *st = store_stmt(s, ST_KPI_ADD);
	sqlite3_bind_int64(st, 1, app);
	sqlite3_bind_int(st, 2, fiscal_year);
	store_bind_text(st, 3, body);
	sqlite3_bind_int64(st, 4, reported_by);
	return store_insert(s, st, id);
}

store_rc store_kpi_list(store *s, int64_t app, arena *a, store_note **out, size_t *n)
{
	sqlite3_stmt *st = store_stmt(s, ST_KPI_LIST);
	sqlite3_bind_int64(st, 1, app);
	return notes(s, st, a, out, n);
}

/* ---- audit ---- */

store_rc store_audit_add(store *s, const char *actor, const char *action, int64_t application, const char *before,
			 const char *after)
{
	sqlite3_stmt *st = store_stmt(s, ST_AUDIT_ADD);
	store_bind_text(st, 1, actor);
	store_bind_text(st, 2, action);
	if (application > 0)
		sqlite3_bind_int64(st, 3, application);
	store_bind_text(st, 4, before);
	store_bind_text(st, 5, after);
	return store_exec(s, st);
}

store_rc store_audit_list(store *s, int64_t application, arena *a, store_audit_entry **out, size_t *n)
{
	static const store_col cols[] = {
		STORE_COL(store_audit_entry, id, COL_I64), STORE_COL(store_audit_entry, at, COL_TEXT),
		STORE_COL(store_audit_entry, actor, COL_TEXT), STORE_COL(store_audit_entry, action, COL_TEXT),
		STORE_COL(store_audit_entry, application, COL_I64), STORE_COL(store_audit_entry, before, COL_TEXT),
		STORE_COL(store_audit_entry, after, COL_TEXT),
	};
	sqlite3_stmt *st = app_and(s, ST_AUDIT_LIST, application, application);
	return store_rows(s, st, a, (void **)out, n, sizeof **out, cols, STORE_NCOLS(cols));
}

/* ---- decisions: published and made in digiden ---- */

/* id, then the columns ST_PUBLISHED_ADD binds in this order */
static const store_col published_cols[] = {
	STORE_COL(store_published, id, COL_I64), STORE_COL(store_published, round_key, COL_TEXT),
	STORE_COL(store_published, menu, COL_TEXT), STORE_COL(store_published, prefecture, COL_TEXT),
	STORE_COL(store_published, organization_code, COL_TEXT), STORE_COL(store_published, organization_name, COL_TEXT),
	STORE_COL(store_published, title, COL_TEXT), STORE_COL(store_published, fields, COL_TEXT),
	STORE_COL(store_published, project_cost_yen, COL_I64), STORE_COL(store_published, national_share_yen, COL_I64),
	STORE_COL(store_published, status, COL_TEXT), STORE_COL(store_published, category, COL_TEXT),
	STORE_COL(store_published, platform_policy, COL_TEXT), STORE_COL(store_published, source, COL_TEXT),
	STORE_COL(store_published, line, COL_INT),
};

store_rc store_published_add(store *s, const store_published *p, int64_t *id)
{
	sqlite3_stmt *st = store_stmt(s, ST_PUBLISHED_ADD);
	store_bind_cols(st, p, published_cols + 1, STORE_NCOLS(published_cols) - 1);
	return store_insert(s, st, id);
}

store_rc store_published_list(store *s, const char *round_key, arena *a, store_published **out, size_t *n)
{
	sqlite3_stmt *st = store_stmt(s, ST_PUBLISHED_LIST);
	store_bind_text(st, 1, round_key);
	return store_rows(s, st, a, (void **)out, n, sizeof **out, published_cols, STORE_NCOLS(published_cols));
}

store_rc store_decided_list(store *s, const char *round_key, arena *a, store_decided **out, size_t *n)
{
	/* the application's columns, its body, then the decided amount */
	store_col cols[STORE_NCOLS(store_app_cols) + 1];
	for (size_t i = 0; i < STORE_NCOLS(store_app_cols); i++)
		cols[i] = (store_col){ offsetof(store_decided, app) + store_app_cols[i].off, store_app_cols[i].kind };
	cols[STORE_NCOLS(store_app_cols)] = (store_col)STORE_COL(store_decided, amount_yen, COL_I64);
	sqlite3_stmt *st = store_stmt(s, ST_DECIDED_LIST);
	store_bind_text(st, 1, round_key);
	return store_rows(s, st, a, (void **)out, n, sizeof **out, cols, STORE_NCOLS(cols));
}

/* ---- history ---- */

/* id, then the columns ST_HISTORY_ADD binds in this order ("" for what is absent) */
static const store_col history_cols[] = {
	STORE_COL(store_history, id, COL_I64), STORE_COL(store_history, organization_code, COL_TEXT),
	STORE_COL(store_history, organization_name, COL_TEXT), STORE_COL(store_history, program, COL_TEXT),
	STORE_COL(store_history, round, COL_TEXT), STORE_COL(store_history, fiscal_year, COL_INT),
	STORE_COL(store_history, budget, COL_TEXT_EMPTY), STORE_COL(store_history, menu, COL_TEXT_EMPTY),
	STORE_COL(store_history, status, COL_TEXT), STORE_COL(store_history, title, COL_TEXT_EMPTY),
	STORE_COL(store_history, note, COL_TEXT_EMPTY), STORE_COL(store_history, source, COL_TEXT),
	STORE_COL(store_history, file, COL_TEXT_EMPTY), STORE_COL(store_history, line, COL_INT),
};

store_rc store_history_add(store *s, const store_history *h, int64_t *id)
{
	sqlite3_stmt *st = store_stmt(s, ST_HISTORY_ADD);
	store_bind_cols(st, h, history_cols + 1, STORE_NCOLS(history_cols) - 1);
	return store_insert(s, st, id);
}

static store_rc history_rows(store *s, sqlite3_stmt *st, arena *a, store_history **out, size_t *n)
{
	return store_rows(s, st, a, (void **)out, n, sizeof **out, history_cols, STORE_NCOLS(history_cols));
}

store_rc store_history_by_org(store *s, const char *org_code, arena *a, store_history **out, size_t *n)
{
	sqlite3_stmt *st = store_stmt(s, ST_HISTORY_BY_ORG);
	store_bind_text(st, 1, org_code);
	return history_rows(s, st, a, out, n);
}

store_rc store_history_by_program(store *s, const char *program, const char *round, arena *a, store_history **out,
				  size_t *n)
{
	sqlite3_stmt *st = store_stmt(s, ST_HISTORY_BY_PROGRAM);
	store_bind_text(st, 1, program);
	store_bind_text(st, 2, round);
	return history_rows(s, st, a, out, n);
}
