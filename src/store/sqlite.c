/* sqlite.c — the SQLite implementation of store.h. All SQL of digiden is in the
 * statement table below, prepared once per connection and always bound. */
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "migrations.h"
#include "store.h"

enum stmt {
	ST_BEGIN,
	ST_BEGIN_READ,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_PING,
	ST_ORG_PUT,
	ST_USER_ADD,
	ST_USER_BY_LOGIN,
	ST_USER_BY_ID,
	ST_SESSION_ADD,
	ST_SESSION_USER,
	ST_SESSION_DELETE,
	ST_SESSION_PURGE,
	ST_ROUND_ADD,
	ST_ROUND_BY_KEY,
	ST_ROUND_BY_ID,
	ST_ROUND_LIST,
	ST_ROUND_STATUS,
	ST_APP_ADD,
	ST_VERSION_ADD,
	ST_APP_GET,
	ST_APP_SAVE,
	ST_APP_STATUS,
	ST_APP_LIST_OFFICE,
	ST_APP_LIST_ORG,
	ST_APP_LIST_REVIEWER,
	ST_APP_LIST_ROUND,
	ST_APP_LIST_ROUND_ORG,
	ST_APP_LIST_ROUND_ALL,
	ST_ROUND_SEQ,
	ST_PUBLIC_SEQ,
	ST_APP_VERSIONS,
	ST_COMMENT_ADD,
	ST_COMMENT_LIST,
	ST_ASSIGN,
	ST_IS_ASSIGNED,
	ST_REVIEW_PUT,
	ST_REVIEW_LIST,
	ST_DECISION_PUT,
	ST_DECISION_GET,
	ST_KPI_ADD,
	ST_KPI_LIST,
	ST_AUDIT_ADD,
	ST_AUDIT_LIST,
	ST_PUBLISHED_ADD,
	ST_PUBLISHED_LIST,
	ST_DECIDED_LIST,
	ST_APP_SHARED,
	ST_HISTORY_ADD,
	ST_HISTORY_BY_ORG,
	ST_HISTORY_BY_PROGRAM,
	ST_PROBE,
	ST_LOGIN_FAIL_GET,
	ST_LOGIN_FAIL_PUT,
	ST_LOGIN_FAIL_CLEAR,
	ST_LOGIN_FAIL_BLOCKED,
	ST__MAX
};

#define APP_COLUMNS                                                                                        \
	"a.id, a.round_id, r.key, a.organization, o.name, a.menu, a.title, a.status, a.version, a.created_at, " \
	"a.updated_at"
#define APP_FROM " FROM applications a JOIN rounds r ON r.id = a.round_id JOIN organizations o ON o.code = a.organization "

#define HISTORY_COLUMNS                                                                                   \
	"id, organization_code, organization_name, program, round, fiscal_year, budget, menu, status, title, note, " \
	"source, file, line"

static const char *const sql[ST__MAX] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_BEGIN_READ] = "BEGIN",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_PING] = "SELECT count(*) FROM schema_migrations",
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
	[ST_USER_BY_LOGIN] = "SELECT id, login, password_hash, role, organization "
			     "FROM users WHERE login = ?",
	[ST_USER_BY_ID] = "SELECT id, login, password_hash, role, organization "
			  "FROM users WHERE id = ?",
	[ST_SESSION_ADD] = "INSERT INTO sessions(token_hash, user_id, expires_at, csrf) VALUES (?,?,?,?)",
	[ST_SESSION_USER] = "SELECT user_id, csrf FROM sessions WHERE token_hash = ? AND expires_at > ?",
	[ST_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = ?",
	[ST_SESSION_PURGE] = "DELETE FROM sessions WHERE expires_at <= ?",
	[ST_ROUND_ADD] = "INSERT INTO rounds(key, title, fiscal_year, rules_json, status, deadline) VALUES (?,?,?,?,?,?)",
	[ST_ROUND_BY_KEY] = "SELECT id, key, title, fiscal_year, rules_json, status, deadline FROM rounds WHERE key = ?",
	[ST_ROUND_BY_ID] = "SELECT id, key, title, fiscal_year, rules_json, status, deadline FROM rounds WHERE id = ?",
	[ST_ROUND_LIST] = "SELECT id, key, title, fiscal_year, rules_json, status, deadline FROM rounds ORDER BY key",
	[ST_ROUND_STATUS] = "UPDATE rounds SET status = ?, deadline = ? WHERE id = ?",
	[ST_APP_ADD] = "INSERT INTO applications(round_id, organization, menu, title, status, version) "
		       "VALUES (?,?,?,?,'draft',1)",
	[ST_VERSION_ADD] = "INSERT INTO application_versions(application_id, version, body, saved_by) VALUES (?,?,?,?)",
	[ST_APP_GET] = "SELECT " APP_COLUMNS ", v.body" APP_FROM
		       "JOIN application_versions v ON v.application_id = a.id AND v.version = a.version WHERE a.id = ?",
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
	[ST_ROUND_SEQ] = "SELECT change_seq FROM rounds WHERE id = ?",
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
	[ST_ASSIGN] = "INSERT OR IGNORE INTO review_assignments(application_id, reviewer) VALUES (?,?)",
	[ST_IS_ASSIGNED] = "SELECT 1 FROM review_assignments WHERE application_id = ? AND reviewer = ?",
	[ST_REVIEW_PUT] = "INSERT INTO reviews(application_id, reviewer, scores, comment) VALUES (?,?,?,?) "
			  "ON CONFLICT(application_id, reviewer) DO UPDATE SET scores = excluded.scores, "
			  "comment = excluded.comment, at = strftime('%Y-%m-%dT%H:%M:%SZ','now')",
	[ST_REVIEW_LIST] = "SELECT 0, u.login, u.role, r.scores, r.at, r.comment FROM reviews r JOIN users u ON u.id = r.reviewer "
			   "WHERE r.application_id = ? AND (? = 0 OR r.reviewer = ?) ORDER BY u.login",
	[ST_DECISION_PUT] = "INSERT INTO decisions(application_id, decision, amount_yen, reason, decided_by) VALUES (?,?,?,?,?) "
			    "ON CONFLICT(application_id) DO UPDATE SET decision = excluded.decision, amount_yen = "
			    "excluded.amount_yen, reason = excluded.reason, decided_by = excluded.decided_by, "
			    "at = strftime('%Y-%m-%dT%H:%M:%SZ','now')",
	[ST_DECISION_GET] = "SELECT d.decision, d.amount_yen, d.reason, u.login, d.at FROM decisions d "
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

struct store {
	sqlite3 *db;
	sqlite3_stmt *st[ST__MAX];
	char errmsg[512];
	bool probing; /* the health probe's commit does not prove that real writes work */
};

const char *store_errmsg(store *s) { return s->errmsg; }

/* Disk trouble seen by any connection of the process: the sequence number of the
 * last full-disk or I/O error, and of the last write transaction committed after it.
 * A tiny health probe can still succeed in space the WAL already has while real saves
 * fail, so /health also reports the errors real writes met (store_disk_trouble). */
static atomic_llong disk_events, last_disk_error, last_commit_ok;

static store_rc fail(store *s, int rc)
{
	snprintf(s->errmsg, sizeof s->errmsg, "SQLite: %s (%d)", sqlite3_errmsg(s->db), rc);
	int primary = rc & 0xff;
	if (primary == SQLITE_FULL || primary == SQLITE_IOERR)
		atomic_store(&last_disk_error, atomic_fetch_add(&disk_events, 1) + 1);
	return STORE_ERROR;
}

bool store_disk_trouble(void) { return atomic_load(&last_disk_error) > atomic_load(&last_commit_ok); }

/* The prepared statement i, reset and with bindings cleared. */
static sqlite3_stmt *stmt(store *s, enum stmt i)
{
	sqlite3_stmt *st = s->st[i];
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

static const char *col_text(sqlite3_stmt *st, int i, arena *a)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? arena_strdup(a, (const char *)t) : NULL;
}

/* Runs a statement that returns no rows; maps constraint violations to DUPLICATE. */
static store_rc exec(store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	store_rc out = STORE_OK;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		int ext = sqlite3_extended_errcode(s->db);
		out = (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) ? STORE_DUPLICATE : fail(s, rc);
		if (out == STORE_DUPLICATE)
			snprintf(s->errmsg, sizeof s->errmsg, "%s", sqlite3_errmsg(s->db));
	}
	sqlite3_reset(st);
	return out;
}

int store_open(const char *path, store **out, bool *created, char *err, size_t errlen)
{
	*out = NULL;
	*created = access(path, F_OK) != 0;
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

void store_close(store *s)
{
	if (s == NULL)
		return;
	for (int i = 0; i < ST__MAX; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	free(s);
}

store_rc store_begin(store *s) { return exec(s, stmt(s, ST_BEGIN)); }
store_rc store_read_begin(store *s) { return exec(s, stmt(s, ST_BEGIN_READ)); }
void store_read_end(store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		(void)exec(s, stmt(s, ST_COMMIT));
}
store_rc store_commit(store *s)
{
	store_rc rc = exec(s, stmt(s, ST_COMMIT));
	if (rc == STORE_OK && !s->probing)
		atomic_store(&last_commit_ok, atomic_fetch_add(&disk_events, 1) + 1);
	return rc;
}
void store_rollback(store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		(void)exec(s, stmt(s, ST_ROLLBACK));
}

bool store_ping(store *s)
{
	sqlite3_stmt *st = stmt(s, ST_PING);
	bool ok = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return ok;
}

/* Steps st, a query for one integer: STORE_OK with *out, STORE_NOT_FOUND, or the error. */
static store_rc one_int64(store *s, sqlite3_stmt *st, int64_t *out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : fail(s, rc);
}

store_rc store_round_change_seq(store *s, int64_t round_id, int64_t *seq)
{
	sqlite3_stmt *st = stmt(s, ST_ROUND_SEQ);
	sqlite3_bind_int64(st, 1, round_id);
	return one_int64(s, st, seq);
}

store_rc store_public_seq(store *s, int64_t *seq) { return one_int64(s, stmt(s, ST_PUBLIC_SEQ), seq); }

bool store_write_probe(store *s, int64_t now)
{
	if (store_begin(s) != STORE_OK)
		return false;
	sqlite3_stmt *st = stmt(s, ST_PROBE);
	sqlite3_bind_int64(st, 1, now);
	s->probing = true;
	bool ok = exec(s, st) == STORE_OK && store_commit(s) == STORE_OK;
	s->probing = false;
	if (!ok)
		store_rollback(s);
	return ok;
}

store_rc store_orgs_load(store *s, const org_master *m)
{
	for (size_t i = 0; i < m->len; i++) {
		const organization *o = &m->items[i];
		sqlite3_stmt *st = stmt(s, ST_ORG_PUT);
		bind_text(st, 1, o->code);
		bind_text(st, 2, o->name);
		bind_text(st, 3, org_kind_id(o->kind));
		sqlite3_bind_int(st, 4, o->prefecture);
		sqlite3_bind_int(st, 5, o->applicant);
		store_rc rc = exec(s, st);
		if (rc != STORE_OK)
			return rc;
	}
	return STORE_OK;
}

/* ---- users ---- */

store_rc store_user_add(store *s, const char *login, const char *password_hash, const char *role,
			const char *org_code, int64_t *id)
{
	sqlite3_stmt *st = stmt(s, ST_USER_ADD);
	bind_text(st, 1, login);
	bind_text(st, 2, password_hash);
	bind_text(st, 3, role);
	bind_text(st, 4, org_code);
	store_rc rc = exec(s, st);
	if (rc == STORE_OK && id)
		*id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

static store_rc user_row(store *s, sqlite3_stmt *st, arena *a, store_user *out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->login = col_text(st, 1, a);
		out->password_hash = col_text(st, 2, a);
		out->role = col_text(st, 3, a);
		out->organization = col_text(st, 4, a);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : fail(s, rc);
}

store_rc store_user_by_login(store *s, const char *login, arena *a, store_user *out)
{
	sqlite3_stmt *st = stmt(s, ST_USER_BY_LOGIN);
	bind_text(st, 1, login);
	return user_row(s, st, a, out);
}

store_rc store_user_by_id(store *s, int64_t id, arena *a, store_user *out)
{
	sqlite3_stmt *st = stmt(s, ST_USER_BY_ID);
	sqlite3_bind_int64(st, 1, id);
	return user_row(s, st, a, out);
}

static store_login_failure login_failure_row(sqlite3_stmt *st, arena *a)
{
	return (store_login_failure){ .key = col_text(st, 0, a),
				      .login = col_text(st, 1, a),
				      .address = col_text(st, 2, a),
				      .failures = sqlite3_column_int(st, 3),
				      .first_failed_at = sqlite3_column_int64(st, 4),
				      .blocked_until = sqlite3_column_int64(st, 5) };
}

store_rc store_login_failure_get(store *s, const char *key, arena *a, store_login_failure *out)
{
	sqlite3_stmt *st = stmt(s, ST_LOGIN_FAIL_GET);
	bind_text(st, 1, key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = login_failure_row(st, a);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : fail(s, rc);
}

store_rc store_login_failure_put(store *s, const store_login_failure *f)
{
	sqlite3_stmt *st = stmt(s, ST_LOGIN_FAIL_PUT);
	bind_text(st, 1, f->key);
	bind_text(st, 2, f->login);
	bind_text(st, 3, f->address);
	sqlite3_bind_int(st, 4, f->failures);
	sqlite3_bind_int64(st, 5, f->first_failed_at);
	sqlite3_bind_int64(st, 6, f->blocked_until);
	return exec(s, st);
}

store_rc store_login_failure_clear(store *s, const char *key)
{
	sqlite3_stmt *st = stmt(s, ST_LOGIN_FAIL_CLEAR);
	bind_text(st, 1, key);
	return exec(s, st);
}

store_rc store_login_failures_blocked(store *s, int64_t now, arena *a, store_login_failure **out, size_t *n)
{
	sqlite3_stmt *st = stmt(s, ST_LOGIN_FAIL_BLOCKED);
	sqlite3_bind_int64(st, 1, now);
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			store_login_failure *g = arena_grow(a, *out, *n, cap, sizeof *g);
			if (g == NULL) {
				sqlite3_reset(st);
				return STORE_ERROR;
			}
			*out = g;
		}
		(*out)[(*n)++] = login_failure_row(st, a);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : fail(s, rc);
}

/* ---- sessions ---- */

store_rc store_session_add(store *s, const unsigned char token_hash[32], int64_t user_id, int64_t expires_at,
			   const char *csrf)
{
	sqlite3_stmt *st = stmt(s, ST_SESSION_PURGE);
	sqlite3_bind_int64(st, 1, expires_at - 8 * 3600);
	(void)exec(s, st);
	st = stmt(s, ST_SESSION_ADD);
	sqlite3_bind_blob(st, 1, token_hash, 32, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_int64(st, 3, expires_at);
	bind_text(st, 4, csrf);
	return exec(s, st);
}

store_rc store_session_user(store *s, const unsigned char token_hash[32], int64_t now, int64_t *user_id, char csrf[65])
{
	sqlite3_stmt *st = stmt(s, ST_SESSION_USER);
	sqlite3_bind_blob(st, 1, token_hash, 32, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*user_id = sqlite3_column_int64(st, 0);
		const unsigned char *c = sqlite3_column_text(st, 1);
		snprintf(csrf, 65, "%s", c ? (const char *)c : "");
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : fail(s, rc);
}

store_rc store_session_delete(store *s, const unsigned char token_hash[32])
{
	sqlite3_stmt *st = stmt(s, ST_SESSION_DELETE);
	sqlite3_bind_blob(st, 1, token_hash, 32, SQLITE_TRANSIENT);
	return exec(s, st);
}

/* ---- rounds ---- */

store_rc store_round_add(store *s, const store_round *r, int64_t *id)
{
	sqlite3_stmt *st = stmt(s, ST_ROUND_ADD);
	bind_text(st, 1, r->key);
	bind_text(st, 2, r->title);
	sqlite3_bind_int(st, 3, r->fiscal_year);
	bind_text(st, 4, r->rules_json);
	bind_text(st, 5, r->status);
	bind_text(st, 6, r->deadline);
	store_rc rc = exec(s, st);
	if (rc == STORE_OK && id)
		*id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

static void round_cols(sqlite3_stmt *st, arena *a, store_round *out)
{
	out->id = sqlite3_column_int64(st, 0);
	out->key = col_text(st, 1, a);
	out->title = col_text(st, 2, a);
	out->fiscal_year = sqlite3_column_int(st, 3);
	out->rules_json = col_text(st, 4, a);
	out->status = col_text(st, 5, a);
	out->deadline = col_text(st, 6, a);
}

static store_rc round_one(store *s, sqlite3_stmt *st, arena *a, store_round *out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		round_cols(st, a, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : fail(s, rc);
}

store_rc store_round_by_key(store *s, const char *key, arena *a, store_round *out)
{
	sqlite3_stmt *st = stmt(s, ST_ROUND_BY_KEY);
	bind_text(st, 1, key);
	return round_one(s, st, a, out);
}

store_rc store_round_by_id(store *s, int64_t id, arena *a, store_round *out)
{
	sqlite3_stmt *st = stmt(s, ST_ROUND_BY_ID);
	sqlite3_bind_int64(st, 1, id);
	return round_one(s, st, a, out);
}

/* Collects rows of st into a growing arena array via fill(). */
#define COLLECT(type, st, a, out, n, fill)                                                   \
	do {                                                                                 \
		size_t cap_ = 0;                                                             \
		*(out) = NULL;                                                               \
		*(n) = 0;                                                                    \
		int rc_;                                                                     \
		while ((rc_ = sqlite3_step(st)) == SQLITE_ROW) {                             \
			if (*(n) == cap_) {                                                  \
				cap_ = cap_ ? cap_ * 2 : 16;                                 \
				type *g_ = arena_grow(a, *(out), *(n), cap_, sizeof(type));  \
				if (g_ == NULL) {                                            \
					sqlite3_reset(st);                                   \
					snprintf(s->errmsg, sizeof s->errmsg, "out of memory");  \
					return STORE_ERROR;                                  \
				}                                                            \
				*(out) = g_;                                                 \
			}                                                                    \
			type *row_ = &(*(out))[(*(n))++];                                    \
			fill;                                                                \
		}                                                                            \
		sqlite3_reset(st);                                                           \
		if (rc_ != SQLITE_DONE)                                                      \
			return fail(s, rc_);                                                 \
	} while (0)

store_rc store_round_list(store *s, arena *a, store_round **out, size_t *n)
{
	sqlite3_stmt *st = stmt(s, ST_ROUND_LIST);
	COLLECT(store_round, st, a, out, n, round_cols(st, a, row_));
	return STORE_OK;
}

store_rc store_round_set_status(store *s, int64_t id, const char *status, const char *deadline)
{
	sqlite3_stmt *st = stmt(s, ST_ROUND_STATUS);
	bind_text(st, 1, status);
	bind_text(st, 2, deadline);
	sqlite3_bind_int64(st, 3, id);
	return exec(s, st);
}

/* ---- applications ---- */

static void app_cols(sqlite3_stmt *st, arena *a, store_app *out, bool body)
{
	out->id = sqlite3_column_int64(st, 0);
	out->round_id = sqlite3_column_int64(st, 1);
	out->round_key = col_text(st, 2, a);
	out->organization = col_text(st, 3, a);
	out->organization_name = col_text(st, 4, a);
	out->menu = col_text(st, 5, a);
	out->title = col_text(st, 6, a);
	out->status = col_text(st, 7, a);
	out->version = sqlite3_column_int(st, 8);
	out->created_at = col_text(st, 9, a);
	out->updated_at = col_text(st, 10, a);
	out->body = body ? col_text(st, 11, a) : NULL;
}

static store_rc version_add(store *s, int64_t id, int version, const char *body, int64_t saved_by)
{
	sqlite3_stmt *st = stmt(s, ST_VERSION_ADD);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, version);
	bind_text(st, 3, body);
	if (saved_by > 0)
		sqlite3_bind_int64(st, 4, saved_by);
	return exec(s, st);
}

store_rc store_app_add(store *s, int64_t round_id, const char *org_code, const char *menu, const char *title,
		       const char *body, int64_t saved_by, int64_t *id)
{
	sqlite3_stmt *st = stmt(s, ST_APP_ADD);
	sqlite3_bind_int64(st, 1, round_id);
	bind_text(st, 2, org_code);
	bind_text(st, 3, menu);
	bind_text(st, 4, title);
	store_rc rc = exec(s, st);
	if (rc != STORE_OK)
		return rc;
	*id = sqlite3_last_insert_rowid(s->db);
	return version_add(s, *id, 1, body, saved_by);
}

store_rc store_app_get(store *s, int64_t id, arena *a, store_app *out)
{
	sqlite3_stmt *st = stmt(s, ST_APP_GET);
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		app_cols(st, a, out, true);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : fail(s, rc);
}

store_rc store_app_save(store *s, int64_t id, const char *seen_status, int seen_version, const char *menu,
			const char *title, const char *body, int64_t saved_by, int *new_version)
{
	sqlite3_stmt *st = stmt(s, ST_APP_SAVE);
	bind_text(st, 1, menu);
	bind_text(st, 2, title);
	sqlite3_bind_int64(st, 3, id);
	bind_text(st, 4, seen_status);
	sqlite3_bind_int(st, 5, seen_version);
	int rc = sqlite3_step(st);
	int version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return STORE_NOT_FOUND;
	if (rc != SQLITE_ROW)
		return fail(s, rc);
	*new_version = version;
	return version_add(s, id, version, body, saved_by);
}

store_rc store_app_set_status(store *s, int64_t id, const char *seen_status, const char *status)
{
	sqlite3_stmt *st = stmt(s, ST_APP_STATUS);
	bind_text(st, 1, status);
	sqlite3_bind_int64(st, 2, id);
	bind_text(st, 3, seen_status);
	store_rc rc = exec(s, st);
	if (rc == STORE_OK && sqlite3_changes(s->db) == 0)
		return STORE_NOT_FOUND;
	return rc;
}

store_rc store_app_list(store *s, store_app_scope scope, const char *arg, int64_t arg_id, arena *a, store_app **out,
			size_t *n)
{
	sqlite3_stmt *st;
	bool body = false;
	switch (scope) {
	case SCOPE_ORGANIZATION:
		st = stmt(s, ST_APP_LIST_ORG);
		bind_text(st, 1, arg);
		break;
	case SCOPE_REVIEWER:
		st = stmt(s, ST_APP_LIST_REVIEWER);
		sqlite3_bind_int64(st, 1, arg_id);
		break;
	case SCOPE_ROUND_SUBMITTED:
		st = stmt(s, ST_APP_LIST_ROUND);
		sqlite3_bind_int64(st, 1, arg_id);
		body = true;
		break;
	case SCOPE_ROUND_ALL:
		st = stmt(s, ST_APP_LIST_ROUND_ALL);
		sqlite3_bind_int64(st, 1, arg_id);
		body = true;
		break;
	case SCOPE_ROUND_ORG_SUBMITTED:
		st = stmt(s, ST_APP_LIST_ROUND_ORG);
		sqlite3_bind_int64(st, 1, arg_id);
		bind_text(st, 2, arg);
		body = true;
		break;
	case SCOPE_ALL_BUT_DRAFTS:
	default:
		st = stmt(s, ST_APP_LIST_OFFICE);
		break;
	}
	COLLECT(store_app, st, a, out, n, app_cols(st, a, row_, body));
	return STORE_OK;
}

store_rc store_app_versions(store *s, int64_t id, arena *a, store_version **out, size_t *n)
{
	sqlite3_stmt *st = stmt(s, ST_APP_VERSIONS);
	sqlite3_bind_int64(st, 1, id);
	COLLECT(store_version, st, a, out, n, {
		row_->version = sqlite3_column_int(st, 0);
		row_->saved_at = col_text(st, 1, a);
		row_->saved_by = col_text(st, 2, a);
	});
	return STORE_OK;
}

/* ---- comments, reviews, decisions, KPI ---- */

static void note_cols(sqlite3_stmt *st, arena *a, store_note *row)
{
	row->id = sqlite3_column_int64(st, 0);
	row->author = col_text(st, 1, a);
	row->author_role = col_text(st, 2, a);
	row->body = col_text(st, 3, a);
	row->at = col_text(st, 4, a);
	row->extra = col_text(st, 5, a);
}

store_rc store_comment_add(store *s, int64_t app, int64_t author, const char *body, int64_t *id)
{
	sqlite3_stmt *st = stmt(s, ST_COMMENT_ADD);
	sqlite3_bind_int64(st, 1, app);
	sqlite3_bind_int64(st, 2, author);
	bind_text(st, 3, body);
	store_rc rc = exec(s, st);
	if (rc == STORE_OK && id)
		*id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

store_rc store_comment_list(store *s, int64_t app, arena *a, store_note **out, size_t *n)
{
	sqlite3_stmt *st = stmt(s, ST_COMMENT_LIST);
	sqlite3_bind_int64(st, 1, app);
	COLLECT(store_note, st, a, out, n, note_cols(st, a, row_));
	return STORE_OK;
}

store_rc store_assign(store *s, int64_t app, int64_t reviewer)
{
	sqlite3_stmt *st = stmt(s, ST_ASSIGN);
	sqlite3_bind_int64(st, 1, app);
	sqlite3_bind_int64(st, 2, reviewer);
	return exec(s, st);
}

bool store_is_assigned(store *s, int64_t app, int64_t reviewer)
{
	sqlite3_stmt *st = stmt(s, ST_IS_ASSIGNED);
	sqlite3_bind_int64(st, 1, app);
	sqlite3_bind_int64(st, 2, reviewer);
	bool yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return yes;
}

store_rc store_review_put(store *s, int64_t app, int64_t reviewer, const char *scores_json, const char *comment)
{
	sqlite3_stmt *st = stmt(s, ST_REVIEW_PUT);
	sqlite3_bind_int64(st, 1, app);
	sqlite3_bind_int64(st, 2, reviewer);
	bind_text(st, 3, scores_json);
	bind_text(st, 4, comment);
	return exec(s, st);
}

store_rc store_review_list(store *s, int64_t app, int64_t reviewer, arena *a, store_note **out, size_t *n)
{
	sqlite3_stmt *st = stmt(s, ST_REVIEW_LIST);
	sqlite3_bind_int64(st, 1, app);
	sqlite3_bind_int64(st, 2, reviewer);
	sqlite3_bind_int64(st, 3, reviewer);
	COLLECT(store_note, st, a, out, n, note_cols(st, a, row_));
	return STORE_OK;
}

store_rc store_decision_put(store *s, int64_t app, const char *decision, bool has_amount, int64_t amount_yen,
			    const char *reason, int64_t decided_by)
{
	sqlite3_stmt *st = stmt(s, ST_DECISION_PUT);
	sqlite3_bind_int64(st, 1, app);
	bind_text(st, 2, decision);
	if (has_amount)
		sqlite3_bind_int64(st, 3, amount_yen);
	bind_text(st, 4, reason);
	sqlite3_bind_int64(st, 5, decided_by);
	return exec(s, st);
}

store_rc store_decision_get(store *s, int64_t app, arena *a, store_decision *out)
{
	sqlite3_stmt *st = stmt(s, ST_DECISION_GET);
	sqlite3_bind_int64(st, 1, app);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->decision = col_text(st, 0, a);
		out->has_amount = sqlite3_column_type(st, 1) != SQLITE_NULL;
		out->amount_yen = sqlite3_column_int64(st, 1);
		out->reason = col_text(st, 2, a);
		out->decided_by = col_text(st, 3, a);
		out->at = col_text(st, 4, a);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : fail(s, rc);
}

store_rc store_kpi_add(store *s, int64_t app, int fiscal_year, const char *body, int64_t reported_by, int64_t *id)
{
	sqlite3_stmt *st = stmt(s, ST_KPI_ADD);
	sqlite3_bind_int64(st, 1, app);
	sqlite3_bind_int(st, 2, fiscal_year);
	bind_text(st, 3, body);
	sqlite3_bind_int64(st, 4, reported_by);
	store_rc rc = exec(s, st);
	if (rc == STORE_OK && id)
		*id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

store_rc store_kpi_list(store *s, int64_t app, arena *a, store_note **out, size_t *n)
{
	sqlite3_stmt *st = stmt(s, ST_KPI_LIST);
	sqlite3_bind_int64(st, 1, app);
	COLLECT(store_note, st, a, out, n, note_cols(st, a, row_));
	return STORE_OK;
}

/* ---- audit ---- */

store_rc store_audit_add(store *s, const char *actor, const char *action, int64_t application, const char *before,
			 const char *after)
{
	sqlite3_stmt *st = stmt(s, ST_AUDIT_ADD);
	bind_text(st, 1, actor);
	bind_text(st, 2, action);
	if (application > 0)
		sqlite3_bind_int64(st, 3, application);
	bind_text(st, 4, before);
	bind_text(st, 5, after);
	return exec(s, st);
}

store_rc store_audit_list(store *s, int64_t application, arena *a, store_audit_entry **out, size_t *n)
{
	sqlite3_stmt *st = stmt(s, ST_AUDIT_LIST);
	sqlite3_bind_int64(st, 1, application);
	sqlite3_bind_int64(st, 2, application);
	COLLECT(store_audit_entry, st, a, out, n, {
		row_->id = sqlite3_column_int64(st, 0);
		row_->at = col_text(st, 1, a);
		row_->actor = col_text(st, 2, a);
		row_->action = col_text(st, 3, a);
		row_->application = sqlite3_column_int64(st, 4);
		row_->before = col_text(st, 5, a);
		row_->after = col_text(st, 6, a);
	});
	return STORE_OK;
}

/* ---- decisions ---- */

store_rc store_published_add(store *s, const store_published *p, int64_t *id)
{
	sqlite3_stmt *st = stmt(s, ST_PUBLISHED_ADD);
	bind_text(st, 1, p->round_key);
	bind_text(st, 2, p->menu);
	bind_text(st, 3, p->prefecture);
	bind_text(st, 4, p->organization_code);
	bind_text(st, 5, p->organization_name);
	bind_text(st, 6, p->title);
	bind_text(st, 7, p->fields);
	sqlite3_bind_int64(st, 8, p->project_cost_yen);
	sqlite3_bind_int64(st, 9, p->national_share_yen);
	bind_text(st, 10, p->status);
	bind_text(st, 11, p->category);
	bind_text(st, 12, p->platform_policy);
	bind_text(st, 13, p->source);
	sqlite3_bind_int(st, 14, p->line);
	store_rc rc = exec(s, st);
	if (rc == STORE_OK && id)
		*id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

store_rc store_published_list(store *s, const char *round_key, arena *a, store_published **out, size_t *n)
{
	sqlite3_stmt *st = stmt(s, ST_PUBLISHED_LIST);
	bind_text(st, 1, round_key);
	COLLECT(store_published, st, a, out, n, {
		row_->id = sqlite3_column_int64(st, 0);
		row_->round_key = col_text(st, 1, a);
		row_->menu = col_text(st, 2, a);
		row_->prefecture = col_text(st, 3, a);
		row_->organization_code = col_text(st, 4, a);
		row_->organization_name = col_text(st, 5, a);
		row_->title = col_text(st, 6, a);
		row_->fields = col_text(st, 7, a);
		row_->project_cost_yen = sqlite3_column_int64(st, 8);
		row_->national_share_yen = sqlite3_column_int64(st, 9);
		row_->status = col_text(st, 10, a);
		row_->category = col_text(st, 11, a);
		row_->platform_policy = col_text(st, 12, a);
		row_->source = col_text(st, 13, a);
		row_->line = sqlite3_column_int(st, 14);
	});
	return STORE_OK;
}

store_rc store_decided_list(store *s, const char *round_key, arena *a, store_decided **out, size_t *n)
{
	sqlite3_stmt *st = stmt(s, ST_DECIDED_LIST);
	bind_text(st, 1, round_key);
	COLLECT(store_decided, st, a, out, n, {
		app_cols(st, a, &row_->app, true);
		row_->amount_yen = sqlite3_column_int64(st, 12);
	});
	return STORE_OK;
}

/* ---- history ---- */

store_rc store_history_add(store *s, const store_history *h, int64_t *id)
{
	sqlite3_stmt *st = stmt(s, ST_HISTORY_ADD);
	bind_text(st, 1, h->organization_code);
	bind_text(st, 2, h->organization_name);
	bind_text(st, 3, h->program);
	bind_text(st, 4, h->round);
	sqlite3_bind_int(st, 5, h->fiscal_year);
	bind_text(st, 6, h->budget ? h->budget : "");
	bind_text(st, 7, h->menu ? h->menu : "");
	bind_text(st, 8, h->status);
	bind_text(st, 9, h->title ? h->title : "");
	bind_text(st, 10, h->note ? h->note : "");
	bind_text(st, 11, h->source);
	bind_text(st, 12, h->file ? h->file : "");
	sqlite3_bind_int(st, 13, h->line);
	store_rc rc = exec(s, st);
	if (rc == STORE_OK && id)
		*id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

static store_rc history_rows(store *s, sqlite3_stmt *st, arena *a, store_history **out, size_t *n)
{
	COLLECT(store_history, st, a, out, n, {
		row_->id = sqlite3_column_int64(st, 0);
		row_->organization_code = col_text(st, 1, a);
		row_->organization_name = col_text(st, 2, a);
		row_->program = col_text(st, 3, a);
		row_->round = col_text(st, 4, a);
		row_->fiscal_year = sqlite3_column_int(st, 5);
		row_->budget = col_text(st, 6, a);
		row_->menu = col_text(st, 7, a);
		row_->status = col_text(st, 8, a);
		row_->title = col_text(st, 9, a);
		row_->note = col_text(st, 10, a);
		row_->source = col_text(st, 11, a);
		row_->file = col_text(st, 12, a);
		row_->line = sqlite3_column_int(st, 13);
	});
	return STORE_OK;
}

store_rc store_history_by_org(store *s, const char *org_code, arena *a, store_history **out, size_t *n)
{
	sqlite3_stmt *st = stmt(s, ST_HISTORY_BY_ORG);
	bind_text(st, 1, org_code);
	return history_rows(s, st, a, out, n);
}

store_rc store_history_by_program(store *s, const char *program, const char *round, arena *a, store_history **out,
				  size_t *n)
{
	sqlite3_stmt *st = stmt(s, ST_HISTORY_BY_PROGRAM);
	bind_text(st, 1, program);
	bind_text(st, 2, round);
	return history_rows(s, st, a, out, n);
}

bool store_app_was_shared(store *s, int64_t app)
{
	sqlite3_stmt *st = stmt(s, ST_APP_SHARED);
	sqlite3_bind_int64(st, 1, app);
	bool yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return yes;
}
