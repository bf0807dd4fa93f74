/* store_records.c — what is written about applications and organizations in the SQLite
 * store (store.h): comments, review assignments and reviews, decisions, KPI reports,
 * the audit log, published decisions and organizations' history. */
#include "store_internal.h"

/* ---- comments, reviews, decisions, KPI ---- */

#define N(field, kind) STORE_COL(store_note, field, kind)
static const store_col note_cols[] = { N(id, COL_I64), N(author, COL_TEXT), N(author_role, COL_TEXT),
				       N(body, COL_TEXT), N(at, COL_TEXT),     N(extra, COL_TEXT) };
#undef N

static store_rc notes(store *s, sqlite3_stmt *st, arena *a, store_note **out, size_t *n)
{
	return store_rows(s, st, a, (void **)out, n, sizeof **out, note_cols, STORE_NCOLS(note_cols));
}

/* Binds the application and another id as parameters 1 and 2 (a statement with one
 * parameter leaves the second unbound: SQLite ignores an index past its last). */
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
	return notes(s, app_and(s, ST_COMMENT_LIST, app, 0), a, out, n);
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
#define D(field, kind) STORE_COL(store_decision, field, kind)
	static const store_col cols[] = { D(decision, COL_TEXT), D(has_amount, COL_BOOL), D(amount_yen, COL_I64),
					  D(reason, COL_TEXT),   D(decided_by, COL_TEXT), D(at, COL_TEXT) };
#undef D
	return store_row_by_id(s, ST_DECISION_GET, app, a, out, cols, STORE_NCOLS(cols));
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
	return notes(s, app_and(s, ST_KPI_LIST, app, 0), a, out, n);
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
#define E(field, kind) STORE_COL(store_audit_entry, field, kind)
	static const store_col cols[] = { E(id, COL_I64),	    E(at, COL_TEXT),	 E(actor, COL_TEXT), E(action, COL_TEXT),
					  E(application, COL_I64), E(before, COL_TEXT), E(after, COL_TEXT) };
#undef E
	sqlite3_stmt *st = app_and(s, ST_AUDIT_LIST, application, application);
	return store_rows(s, st, a, (void **)out, n, sizeof **out, cols, STORE_NCOLS(cols));
}

/* ---- decisions: published and made in digiden ---- */

/* id, then the columns ST_PUBLISHED_ADD binds in this order */
#define P(field, kind) STORE_COL(store_published, field, kind)
static const store_col published_cols[] = {
	P(id, COL_I64), P(round_key, COL_TEXT), P(menu, COL_TEXT), P(prefecture, COL_TEXT), P(organization_code, COL_TEXT),
	P(organization_name, COL_TEXT), P(title, COL_TEXT), P(fields, COL_TEXT), P(project_cost_yen, COL_I64),
	P(national_share_yen, COL_I64), P(status, COL_TEXT), P(category, COL_TEXT), P(platform_policy, COL_TEXT),
	P(source, COL_TEXT), P(line, COL_INT)
};
#undef P

store_rc store_published_add(store *s, const store_published *p, int64_t *id)
{
	return store_insert_cols(s, ST_PUBLISHED_ADD, p, published_cols, STORE_NCOLS(published_cols), id);
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
#define H(field, kind) STORE_COL(store_history, field, kind)
static const store_col history_cols[] = { H(id, COL_I64), H(organization_code, COL_TEXT), H(organization_name, COL_TEXT),
					  H(program, COL_TEXT), H(round, COL_TEXT), H(fiscal_year, COL_INT),
					  H(budget, COL_TEXT_EMPTY), H(menu, COL_TEXT_EMPTY), H(status, COL_TEXT),
					  H(title, COL_TEXT_EMPTY), H(note, COL_TEXT_EMPTY), H(source, COL_TEXT),
					  H(file, COL_TEXT_EMPTY), H(line, COL_INT) };
#undef H

store_rc store_history_add(store *s, const store_history *h, int64_t *id)
{
	return store_insert_cols(s, ST_HISTORY_ADD, h, history_cols, STORE_NCOLS(history_cols), id);
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
