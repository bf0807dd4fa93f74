/* sqlite.c — the SQLite implementation of store.h: the statement table (all SQL of
 * digiden, prepared once per connection and always bound), opening and migrating,
 * transactions, and the row helpers the store_*.c files share. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "migrations.h"
#include "store_internal.h"

#define APP_COLUMNS                                                                                        \
	"a.id, a.round_id, r.key, a.organization, o.name, a.menu, a.title, a.status, a.version, a.created_at, " \
	"a.updated_at"
#define APP_FROM " FROM applications a JOIN rounds r ON r.id = a.round_id JOIN organizations o ON o.code = a.organization "

#define HISTORY_COLUMNS                                                                                   \
	"id, organization_code, organization_name, program, round, fiscal_year, budget, menu, status, title, note, " \
	"source, file, line"

#define USER_SELECT "SELECT id, login, password_hash, role, organization FROM users "
#define ROUND_SELECT "SELECT id, key, title, fiscal_year, rules_json, status, deadline FROM rounds "

static const char *const sql[ST__MAX] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE", [ST_BEGIN_READ] = "BEGIN", [ST_COMMIT] = "COMMIT", [ST_ROLLBACK] = "ROLLBACK",
	[ST_SAVEPOINT] = "SAVEPOINT op", [ST_RELEASE] = "RELEASE op", [ST_ROLLBACK_TO] = "ROLLBACK TO op",
	[ST_PING] = "SELECT count(*) FROM schema_migrations",
	/* receipts (issue 13, part 5) */
	[ST_RECEIPT_NEXT] = "SELECT coalesce(max(seq), 0) + 1 FROM receipts WHERE round_id = ?",
	[ST_RECEIPT_ADD] = "INSERT INTO receipts(round_id, seq, number, application_id, version, body_sha256, submitted_at) "
			   "VALUES (?,?,?,?,?,?,?)",
	[ST_RECEIPT_LIST] = "SELECT number, application_id, version, body_sha256, submitted_at FROM receipts "
			    "WHERE application_id = ? ORDER BY seq DESC",
	[ST_PROBE] = "INSERT INTO health_probe(id, at) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET at = excluded.at",
	[ST_LOGIN_FAIL_GET] = "SELECT key, login, address, failures, first_failed_at, blocked_until FROM login_failures WHERE key = ?",
	[ST_LOGIN_FAIL_PUT] = "INSERT INTO login_failures(key, login, address, failures, first_failed_at, blocked_until) "
			      "VALUES (?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, "
			      "first_failed_at = excluded.first_failed_at, blocked_until = excluded.blocked_until",
	[ST_LOGIN_FAIL_CLEAR] = "DELETE FROM login_failures WHERE key = ?",
	[ST_LOGIN_FAIL_BLOCKED] = "SELECT key, login, address, failures, first_failed_at, blocked_until FROM login_failures "
				  "WHERE blocked_until > ? ORDER BY blocked_until DESC LIMIT 500",
	[ST_ORG_PUT] = "INSERT INTO organizations(code, name, kind, prefecture, applicant) VALUES (?,?,?,?,?) "
		       "ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind, "
		       "prefecture = excluded.prefecture, applicant = excluded.applicant",
	[ST_USER_ADD] = "INSERT INTO users(login, password_hash, role, organization) VALUES (?,?,?,?)",
	[ST_USER_BY_LOGIN] = USER_SELECT "WHERE login = ?", [ST_USER_BY_ID] = USER_SELECT "WHERE id = ?",
	[ST_SESSION_ADD] = "INSERT INTO sessions(token_hash, user_id, expires_at, csrf) VALUES (?,?,?,?)",
	[ST_SESSION_USER] = "SELECT user_id, csrf FROM sessions WHERE token_hash = ? AND expires_at > ?",
	[ST_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = ?", [ST_SESSION_PURGE] = "DELETE FROM sessions WHERE expires_at <= ?",
	[ST_ROUND_ADD] = "INSERT INTO rounds(key, title, fiscal_year, rules_json, status, deadline) VALUES (?,?,?,?,?,?)",
	[ST_ROUND_BY_KEY] = ROUND_SELECT "WHERE key = ?", [ST_ROUND_BY_ID] = ROUND_SELECT "WHERE id = ?",
	[ST_ROUND_LIST] = ROUND_SELECT "ORDER BY key",
	[ST_ROUND_STATUS] = "UPDATE rounds SET status = ?, deadline = ? WHERE id = ?",
	[ST_APP_ADD] = "INSERT INTO applications(round_id, organization, menu, title, status, version) "
		       "VALUES (?,?,?,?,'draft',1)",
	[ST_VERSION_ADD] = "INSERT INTO application_versions(application_id, version, body, saved_by) VALUES (?,?,?,?)",
	[ST_APP_GET] = "SELECT " APP_COLUMNS ", v.body" APP_FROM
		       "JOIN application_versions v ON v.application_id = a.id AND v.version = a.version WHERE a.id = ?",
	[ST_APP_HEAD] = "SELECT " APP_COLUMNS APP_FROM "WHERE a.id = ?",
	/* both only from the state the caller saw (compare and set): a request racing
	 * another on the same application finds it changed and is refused, never applied
	 * over the other */
	[ST_APP_SAVE] = "UPDATE applications SET menu = ?, title = ?, version = version + 1, "
			"updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ? AND status = ? AND version = ? "
			"RETURNING version",
	[ST_APP_STATUS] = "UPDATE applications SET status = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') "
			  "WHERE id = ? AND status = ?",
	/* the office sees what was shared with it: not drafts, nor drafts withdrawn unshared */
	[ST_APP_LIST_OFFICE] = "SELECT " APP_COLUMNS APP_FROM "WHERE a.status <> 'draft' AND (a.status <> 'withdrawn' OR EXISTS "
			       "(SELECT 1 FROM audit_log l WHERE l.application_id = a.id AND l.action IN "
			       "('application.consult','application.submit'))) ORDER BY a.id",
	[ST_APP_LIST_ORG] = "SELECT " APP_COLUMNS APP_FROM "WHERE a.organization = ? ORDER BY a.id",
	[ST_APP_LIST_REVIEWER] = "SELECT " APP_COLUMNS APP_FROM
				 "JOIN review_assignments ra ON ra.application_id = a.id AND ra.reviewer = ? "
				 "WHERE a.status NOT IN ('draft','consultation') ORDER BY a.id",
	[ST_APP_LIST_ROUND] = "SELECT " APP_COLUMNS ", v.body" APP_FROM
			      "JOIN application_versions v ON v.application_id = a.id AND v.version = a.version "
			      "WHERE a.round_id = ? AND a.status IN ('submitted','screened','under_review','adopted','naiji',"
			      "'granted') ORDER BY a.id",
	[ST_APP_LIST_ROUND_ALL] = "SELECT " APP_COLUMNS ", v.body" APP_FROM
				  "JOIN application_versions v ON v.application_id = a.id AND v.version = a.version "
				  "WHERE a.round_id = ? AND a.status <> 'draft' ORDER BY a.id",
	[ST_ROUND_SEQ] = "SELECT seq FROM round_changes WHERE round_id = ?",
	[ST_PUBLIC_SEQ] = "SELECT seq FROM change_stamps WHERE name = 'public'",
	[ST_APP_LIST_ROUND_ORG] = "SELECT " APP_COLUMNS ", v.body" APP_FROM
				  "JOIN application_versions v ON v.application_id = a.id AND v.version = a.version "
				  "WHERE a.round_id = ? AND a.organization = ? AND a.status IN ('submitted','screened',"
				  "'under_review','adopted','naiji','granted') ORDER BY a.id",
	[ST_APP_VERSIONS] = "SELECT v.version, v.saved_at, coalesce(u.login, '') FROM application_versions v "
			    "LEFT JOIN users u ON u.id = v.saved_by WHERE v.application_id = ? ORDER BY v.version",
	[ST_COMMENT_ADD] = "INSERT INTO comments(application_id, author, body) VALUES (?,?,?)",
	[ST_COMMENT_LIST] = "SELECT c.id, u.login, u.role, c.body, c.at, NULL FROM comments c JOIN users u ON u.id = c.author "
			    "WHERE c.application_id = ? ORDER BY c.id",
	[ST_ASSIGN] = "INSERT OR IGNORE INTO review_assignments(application_id, reviewer) VALUES (?,?)", [ST_IS_ASSIGNED] =
		"SELECT 1 FROM review_assignments WHERE application_id = ? AND reviewer = ?",
	[ST_REVIEW_PUT] = "INSERT INTO reviews(application_id, reviewer, scores, comment) VALUES (?,?,?,?) "
			  "ON CONFLICT(application_id, reviewer) DO UPDATE SET scores = excluded.scores, "
			  "comment = excluded.comment, at = strftime('%Y-%m-%dT%H:%M:%SZ','now')",
	[ST_REVIEW_LIST] = "SELECT 0, u.login, u.role, r.scores, r.at, r.comment FROM reviews r JOIN users u ON u.id = r.reviewer "
			   "WHERE r.application_id = ? AND (? = 0 OR r.reviewer = ?) ORDER BY u.login",
	[ST_DECISION_PUT] = "INSERT INTO decisions(application_id, decision, amount_yen, reason, decided_by) VALUES (?,?,?,?,?) "
			    "ON CONFLICT(application_id) DO UPDATE SET decision = excluded.decision, amount_yen = "
			    "excluded.amount_yen, reason = excluded.reason, decided_by = excluded.decided_by, "
			    "at = strftime('%Y-%m-%dT%H:%M:%SZ','now')",
	[ST_DECISION_GET] = "SELECT d.decision, d.amount_yen IS NOT NULL, d.amount_yen, d.reason, u.login, d.at FROM decisions d "
			    "JOIN users u ON u.id = d.decided_by WHERE d.application_id = ?",
	[ST_KPI_ADD] = "INSERT INTO kpi_reports(application_id, fiscal_year, body, reported_by) VALUES (?,?,?,?)",
	[ST_KPI_LIST] = "SELECT k.id, u.login, u.role, k.body, k.at, k.fiscal_year FROM kpi_reports k "
			"JOIN users u ON u.id = k.reported_by WHERE k.application_id = ? ORDER BY k.fiscal_year",
	[ST_AUDIT_ADD] = "INSERT INTO audit_log(actor, action, application_id, before, after) VALUES (?,?,?,?,?)",
	[ST_AUDIT_LIST] = "SELECT id, at, actor, action, coalesce(application_id, 0), before, after FROM audit_log "
			  "WHERE ? = 0 OR application_id = ? ORDER BY id",
	[ST_PUBLISHED_ADD] = "INSERT INTO published_decisions(round_key, menu, prefecture, organization_code, organization_name, "
			     "title, fields, project_cost_yen, national_share_yen, status, category, platform_policy, source, line) "
			     "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	[ST_PUBLISHED_LIST] = "SELECT id, round_key, menu, prefecture, organization_code, organization_name, title, fields, "
			      "project_cost_yen, national_share_yen, status, category, platform_policy, source, line "
			      "FROM published_decisions WHERE ?1 IS NULL OR round_key = ?1 ORDER BY round_key, line, id",
	[ST_APP_SHARED] = "SELECT 1 FROM audit_log WHERE application_id = ? AND action IN ('application.consult','application.submit') LIMIT 1",
	[ST_DECIDED_LIST] = "SELECT " APP_COLUMNS ", v.body, d.amount_yen" APP_FROM
			    "JOIN application_versions v ON v.application_id = a.id AND v.version = a.version "
			    "JOIN decisions d ON d.application_id = a.id "
			    "WHERE a.status IN ('adopted','naiji','granted') AND (?1 IS NULL OR r.key = ?1) ORDER BY a.id",
	[ST_HISTORY_ADD] = "INSERT INTO history(organization_code, organization_name, program, round, fiscal_year, budget, menu, "
			   "status, title, note, source, file, line) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
	[ST_HISTORY_BY_ORG] = "SELECT " HISTORY_COLUMNS " FROM history WHERE organization_code = ? "
			      "ORDER BY fiscal_year, program, round, menu, id",
	[ST_HISTORY_BY_PROGRAM] = "SELECT " HISTORY_COLUMNS " FROM history WHERE program = ?1 AND (?2 IS NULL OR round = ?2) "
				  "ORDER BY fiscal_year, round, menu, organization_code, id",
};

const char *store_errmsg(store *s) { return s->errmsg; }

/* Disk trouble seen by any connection of the process: the sequence number of the
 * last full-disk or I/O error, and of the last write transaction committed after it.
 * A tiny health probe can still succeed in space the WAL already has while real saves
 * fail, so /health also reports the errors real writes met (store_disk_trouble). */
static atomic_llong disk_events, last_disk_error, last_commit_ok;

void store_commit_ok(void) { atomic_store(&last_commit_ok, atomic_fetch_add(&disk_events, 1) + 1); }

store_rc store_fail(store *s, int rc)
{
	snprintf(s->errmsg, sizeof s->errmsg, "SQLite: %s (%d)", sqlite3_errmsg(store_db(s)), rc);
	int primary = rc & 0xff;
	if (primary == SQLITE_FULL || primary == SQLITE_IOERR)
		atomic_store(&last_disk_error, atomic_fetch_add(&disk_events, 1) + 1);
	return STORE_ERROR;
}

bool store_disk_trouble(void) { return atomic_load(&last_disk_error) > atomic_load(&last_commit_ok); }

sqlite3_stmt *store_stmt(store *s, enum stmt i)
{
	sqlite3_stmt *st = s->writing ? s->wconn->st[i] : s->st[i];
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

void store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

store_rc store_exec(store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	store_rc out = STORE_OK;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		int ext = sqlite3_extended_errcode(store_db(s));
		out = (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) ? STORE_DUPLICATE : store_fail(s, rc);
		if (out == STORE_DUPLICATE)
			snprintf(s->errmsg, sizeof s->errmsg, "%s", sqlite3_errmsg(store_db(s)));
	}
	sqlite3_reset(st);
	return out;
}

store_rc store_insert(store *s, sqlite3_stmt *st, int64_t *id)
{
	store_rc rc = store_exec(s, st);
	if (rc == STORE_OK && id)
		*id = sqlite3_last_insert_rowid(store_db(s));
	return rc;
}

store_rc store_one_int64(store *s, sqlite3_stmt *st, int64_t *out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : store_fail(s, rc);
}

bool store_exists(sqlite3_stmt *st)
{
	bool yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return yes;
}

/* ---- rows and structs ---- */

void store_bind_cols(sqlite3_stmt *st, const void *row, const store_col *cols, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *f = (const char *)row + cols[i].off;
		int p = (int)i + 1;
		switch (cols[i].kind) {
		case COL_I64: sqlite3_bind_int64(st, p, *(const int64_t *)f); break;
		case COL_INT: sqlite3_bind_int(st, p, *(const int *)f); break;
		case COL_BOOL: sqlite3_bind_int(st, p, *(const bool *)f); break;
		case COL_TEXT: store_bind_text(st, p, *(const char *const *)f); break;
		case COL_TEXT_EMPTY: {
			const char *t = *(const char *const *)f;
			store_bind_text(st, p, t ? t : "");
			break;
		}
		}
	}
}

static void read_cols(sqlite3_stmt *st, arena *a, void *row, const store_col *cols, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *f = (char *)row + cols[i].off;
		int c = (int)i;
		switch (cols[i].kind) {
		case COL_I64: *(int64_t *)f = sqlite3_column_int64(st, c); break;
		case COL_INT: *(int *)f = sqlite3_column_int(st, c); break;
		case COL_BOOL: *(bool *)f = sqlite3_column_int(st, c) != 0; break;
		case COL_TEXT:
		case COL_TEXT_EMPTY: {
			const unsigned char *t = sqlite3_column_text(st, c);
			*(const char **)f = t ? arena_strdup(a, (const char *)t) : NULL;
			break;
		}
		}
	}
}

store_rc store_row(store *s, sqlite3_stmt *st, arena *a, void *row, const store_col *cols, size_t n)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_cols(st, a, row, cols, n);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : store_fail(s, rc);
}

store_rc store_rows(store *s, sqlite3_stmt *st, arena *a, void **out, size_t *count, size_t size, const store_col *cols,
		    size_t n)
{
	size_t cap = 0;
	char *rows = NULL;
	*out = NULL;
	*count = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*count == cap) {
			cap = cap ? cap * 2 : 16;
			char *g = arena_grow(a, rows, *count, cap, size);
			if (g == NULL) {
				sqlite3_reset(st);
				snprintf(s->errmsg, sizeof s->errmsg, "out of memory");
				return STORE_ERROR;
			}
			rows = g;
		}
		char *row = rows + *count * size;
		memset(row, 0, size); /* fields the query does not have (a body) stay NULL */
		read_cols(st, a, row, cols, n);
		(*count)++;
	}
	sqlite3_reset(st);
	*out = rows;
	return rc == SQLITE_DONE ? STORE_OK : store_fail(s, rc);
}

store_rc store_insert_cols(store *s, enum stmt which, const void *row, const store_col *cols, size_t n, int64_t *id)
{
	sqlite3_stmt *st = store_stmt(s, which);
	store_bind_cols(st, row, cols + 1, n - 1);
	return store_insert(s, st, id);
}

store_rc store_row_by_id(store *s, enum stmt which, int64_t id, arena *a, void *out, const store_col *cols, size_t n)
{
	sqlite3_stmt *st = store_stmt(s, which);
	sqlite3_bind_int64(st, 1, id);
	return store_row(s, st, a, out, cols, n);
}

store_rc store_row_by_text(store *s, enum stmt which, const char *key, arena *a, void *out, const store_col *cols,
			   size_t n)
{
	sqlite3_stmt *st = store_stmt(s, which);
	store_bind_text(st, 1, key);
	return store_row(s, st, a, out, cols, n);
}

int store_open_conn(const char *path, bool migrate, store **out, char *err, size_t errlen)
{
	*out = NULL;
	store *s = calloc(1, sizeof *s);
	if (s == NULL) {
		snprintf(err, errlen, "メモリが足りません");
		return -1;
	}
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: データベースを開けません: %s", path, s->db ? sqlite3_errmsg(s->db) : "?");
		goto fail;
	}
	sqlite3_busy_timeout(s->db, 5000);
	sqlite3_extended_result_codes(s->db, 1);
	/* WAL for concurrent readers; synchronous=FULL so an acknowledged save survives a crash. */
	char *emsg = NULL;
	if (sqlite3_exec(s->db,
			 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
			 "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
			 " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));",
			 NULL, NULL, &emsg) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, emsg ? emsg : "初期化に失敗しました（SQLiteのデータベースではない可能性があります）");
		sqlite3_free(emsg);
		goto fail;
	}
	if (!migrate)
		goto prepare;
	int applied = 0;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(version), 0) FROM schema_migrations", -1, &q, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(s->db));
		goto fail;
	}
	if (sqlite3_step(q) == SQLITE_ROW)
		applied = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	int known = (int)(sizeof store_migrations / sizeof store_migrations[0]);
	if (applied > known) {
		snprintf(err, errlen, "%s: データベースの版 %d はこの digiden（%d まで）より新しいものです", path, applied, known);
		goto fail;
	}
	for (int v = applied + 1; v <= known; v++) {
		char *sqlbuf = sqlite3_mprintf("BEGIN IMMEDIATE; %s INSERT INTO schema_migrations(version) VALUES (%d); COMMIT;",
					       store_migrations[v - 1], v);
		if (sqlbuf == NULL || sqlite3_exec(s->db, sqlbuf, NULL, NULL, &emsg) != SQLITE_OK) {
			snprintf(err, errlen, "%s: 移行 %d に失敗しました: %s", path, v, emsg ? emsg : "?");
			sqlite3_free(emsg);
			sqlite3_free(sqlbuf);
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			goto fail;
		}
		sqlite3_free(sqlbuf);
	}
prepare:
	for (int i = 0; i < ST__MAX; i++)
		if (sqlite3_prepare_v3(s->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) != SQLITE_OK) {
			snprintf(err, errlen, "%s: 文 %d を準備できません: %s", path, i, sqlite3_errmsg(s->db));
			goto fail;
		}
	*out = s;
	return 0;
fail:
	store_close(s);
	return -1;
}

int store_open(const char *path, store **out, bool *created, char *err, size_t errlen)
{
	*created = access(path, F_OK) != 0;
	if (store_open_conn(path, true, out, err, errlen) != 0)
		return -1;
	/* a database of this connection alone (in memory, or a private temporary one) has no
	 * second connection to write through: it writes on its own */
	bool private_db = path[0] == '\0' || strcmp(path, ":memory:") == 0 || strstr(path, "mode=memory") != NULL;
	if (!private_db && ((*out)->wl = store_writer_get(path, err, errlen)) == NULL) {
		store_close(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

void store_close(store *s)
{
	if (s == NULL)
		return;
	for (int i = 0; i < ST__MAX; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	store_writer_put(s->wl);
	free(s);
}

bool store_ping(store *s) { return store_exists(store_stmt(s, ST_PING)); }

store_rc store_round_change_seq(store *s, int64_t round_id, int64_t *seq)
{
	sqlite3_stmt *st = store_stmt(s, ST_ROUND_SEQ);
	sqlite3_bind_int64(st, 1, round_id);
	return store_one_int64(s, st, seq);
}

store_rc store_public_seq(store *s, int64_t *seq) { return store_one_int64(s, store_stmt(s, ST_PUBLIC_SEQ), seq); }

store_rc store_orgs_load(store *s, const org_master *m)
{
	for (size_t i = 0; i < m->len; i++) {
		const organization *o = &m->items[i];
		sqlite3_stmt *st = store_stmt(s, ST_ORG_PUT);
		store_bind_text(st, 1, o->code);
		store_bind_text(st, 2, o->name);
		store_bind_text(st, 3, org_kind_id(o->kind));
		sqlite3_bind_int(st, 4, o->prefecture);
		sqlite3_bind_int(st, 5, o->applicant);
		store_rc rc = store_exec(s, st);
		if (rc != STORE_OK)
			return rc;
	}
	return STORE_OK;
}
