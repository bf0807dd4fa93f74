/* migrations.h — the SQLite schema, one entry per version, applied in order at
 * start-up and recorded in schema_migrations. Never edit an applied migration:
 * add a new one. */
#ifndef DIGIDEN_MIGRATIONS_H
#define DIGIDEN_MIGRATIONS_H

static const char *const store_migrations[] = {
	/* 1: the application lifecycle */
	"CREATE TABLE organizations ("
	"  code TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, prefecture INTEGER NOT NULL,"
	"  applicant INTEGER NOT NULL);"
	"CREATE TABLE users ("
	"  id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,"
	"  role TEXT NOT NULL CHECK (role IN ('applicant','reviewer','secretariat','admin')),"
	"  organization TEXT REFERENCES organizations(code),"
	"  failed_logins INTEGER NOT NULL DEFAULT 0, first_failed_at INTEGER NOT NULL DEFAULT 0,"
	"  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
	"  CHECK ((role = 'applicant') = (organization IS NOT NULL)));"
	"CREATE TABLE sessions ("
	"  token_hash BLOB PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  expires_at INTEGER NOT NULL);"
	"CREATE TABLE rounds ("
	"  id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, title TEXT NOT NULL, fiscal_year INTEGER NOT NULL,"
	"  rules_json TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('open','closed')), deadline TEXT);"
	"CREATE TABLE applications ("
	"  id INTEGER PRIMARY KEY, round_id INTEGER NOT NULL REFERENCES rounds(id),"
	"  organization TEXT NOT NULL REFERENCES organizations(code), menu TEXT NOT NULL, title TEXT NOT NULL,"
	"  status TEXT NOT NULL, version INTEGER NOT NULL,"
	"  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
	"  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
	"CREATE INDEX applications_org ON applications(organization);"
	"CREATE INDEX applications_round ON applications(round_id, status);"
	"CREATE TABLE application_versions ("
	"  application_id INTEGER NOT NULL REFERENCES applications(id), version INTEGER NOT NULL, body TEXT NOT NULL,"
	"  saved_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
	"  saved_by INTEGER REFERENCES users(id), PRIMARY KEY (application_id, version));"
	"CREATE TABLE comments ("
	"  id INTEGER PRIMARY KEY, application_id INTEGER NOT NULL REFERENCES applications(id),"
	"  author INTEGER NOT NULL REFERENCES users(id), body TEXT NOT NULL,"
	"  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
	"CREATE TABLE review_assignments ("
	"  application_id INTEGER NOT NULL REFERENCES applications(id), reviewer INTEGER NOT NULL REFERENCES users(id),"
	"  assigned_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
	"  PRIMARY KEY (application_id, reviewer));"
	"CREATE TABLE reviews ("
	"  application_id INTEGER NOT NULL, reviewer INTEGER NOT NULL, scores TEXT NOT NULL, comment TEXT,"
	"  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
	"  PRIMARY KEY (application_id, reviewer),"
	"  FOREIGN KEY (application_id, reviewer) REFERENCES review_assignments(application_id, reviewer));"
	"CREATE TABLE decisions ("
	"  application_id INTEGER PRIMARY KEY REFERENCES applications(id),"
	"  decision TEXT NOT NULL CHECK (decision IN ('adopted','rejected')), amount_yen INTEGER, reason TEXT,"
	"  decided_by INTEGER NOT NULL REFERENCES users(id),"
	"  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
	"CREATE TABLE kpi_reports ("
	"  id INTEGER PRIMARY KEY, application_id INTEGER NOT NULL REFERENCES applications(id),"
	"  fiscal_year INTEGER NOT NULL, body TEXT NOT NULL, reported_by INTEGER NOT NULL REFERENCES users(id),"
	"  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')), UNIQUE (application_id, fiscal_year));"
	"CREATE TABLE audit_log ("
	"  id INTEGER PRIMARY KEY, at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
	"  actor TEXT NOT NULL, action TEXT NOT NULL, application_id INTEGER, before TEXT, after TEXT);"
	"CREATE INDEX audit_app ON audit_log(application_id);"
	"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
	"  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
	"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
	"  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
	/* 2: decisions the government already published, imported from CSV (issue 5) */
	"CREATE TABLE published_decisions ("
	"  id INTEGER PRIMARY KEY, round_key TEXT NOT NULL, menu TEXT NOT NULL, prefecture TEXT NOT NULL,"
	"  organization_code TEXT NOT NULL REFERENCES organizations(code), organization_name TEXT NOT NULL,"
	"  title TEXT NOT NULL, fields TEXT NOT NULL, project_cost_yen INTEGER NOT NULL CHECK (project_cost_yen >= 0),"
	"  national_share_yen INTEGER NOT NULL CHECK (national_share_yen >= 0),"
	"  status TEXT NOT NULL CHECK (status IN ('adopted','granted')), category TEXT, platform_policy TEXT,"
	"  source TEXT NOT NULL, line INTEGER NOT NULL,"
	"  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
	"  UNIQUE (round_key, menu, organization_code, title));"
	"CREATE INDEX published_round ON published_decisions(round_key);",
	/* 3: a CSRF token per session for the HTML forms (issue 4) */
	"ALTER TABLE sessions ADD COLUMN csrf TEXT NOT NULL DEFAULT '';",
	/* 4: organizations' history: what each received, by program, round and menu (issue 6).
	 * Imported from CSV (import-history); decisions (published_decisions, decisions)
	 * are read alongside as history without being copied here. */
	"CREATE TABLE history ("
	"  id INTEGER PRIMARY KEY, organization_code TEXT NOT NULL REFERENCES organizations(code),"
	"  organization_name TEXT NOT NULL, program TEXT NOT NULL, round TEXT NOT NULL,"
	"  fiscal_year INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),"
	"  budget TEXT NOT NULL CHECK (budget IN ('','initial','supplementary','request')),"
	"  menu TEXT NOT NULL, status TEXT NOT NULL, title TEXT NOT NULL, note TEXT NOT NULL,"
	"  source TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL,"
	"  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
	"  UNIQUE (organization_code, program, round, menu, status, title));"
	"CREATE INDEX history_program ON history(program, round);",
	/* 5: login throttling per (login, client address) and per address, with backoff
	 * instead of locking the account (issue 10; users.failed_logins/first_failed_at of
	 * version 1 are no longer read or written); and the row /health writes to prove the
	 * database still takes writes */
	"CREATE TABLE login_failures ("
	"  key TEXT PRIMARY KEY, login TEXT NOT NULL, address TEXT NOT NULL,"
	"  failures INTEGER NOT NULL, first_failed_at INTEGER NOT NULL, blocked_until INTEGER NOT NULL);"
	"CREATE INDEX login_failures_blocked ON login_failures(blocked_until);"
	"CREATE TABLE health_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL);",
	/* 6: a round's limit check reads only the organization's own applications (issue 11) */
	"CREATE INDEX applications_round_org ON applications(round_id, organization);",
	/* 7: a change counter per round, for the checks cached per round (issue 11): any
	 * application created, saved (its version), moved or removed bumps its round */
	"ALTER TABLE rounds ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;"
	"CREATE TRIGGER applications_seq_insert AFTER INSERT ON applications"
	"  BEGIN UPDATE rounds SET change_seq = change_seq + 1 WHERE id = NEW.round_id; END;"
	"CREATE TRIGGER applications_seq_update AFTER UPDATE ON applications"
	"  BEGIN UPDATE rounds SET change_seq = change_seq + 1 WHERE id IN (OLD.round_id, NEW.round_id); END;"
	"CREATE TRIGGER applications_seq_delete AFTER DELETE ON applications"
	"  BEGIN UPDATE rounds SET change_seq = change_seq + 1 WHERE id = OLD.round_id; END;",
	/* 8: a change counter of everything the public pages and the public API show
	 * (issue 11: their answers are cached per target and keyed by it) */
	"CREATE TABLE change_stamps (name TEXT PRIMARY KEY, seq INTEGER NOT NULL);"
	"INSERT INTO change_stamps(name, seq) VALUES ('public', 0);"
	"CREATE TRIGGER public_seq_app_status AFTER UPDATE OF status ON applications"
	"  BEGIN UPDATE change_stamps SET seq = seq + 1 WHERE name = 'public'; END;"
	"CREATE TRIGGER public_seq_decision_insert AFTER INSERT ON decisions"
	"  BEGIN UPDATE change_stamps SET seq = seq + 1 WHERE name = 'public'; END;"
	"CREATE TRIGGER public_seq_decision_update AFTER UPDATE ON decisions"
	"  BEGIN UPDATE change_stamps SET seq = seq + 1 WHERE name = 'public'; END;"
	"CREATE TRIGGER public_seq_decision_delete AFTER DELETE ON decisions"
	"  BEGIN UPDATE change_stamps SET seq = seq + 1 WHERE name = 'public'; END;"
	"CREATE TRIGGER public_seq_published_insert AFTER INSERT ON published_decisions"
	"  BEGIN UPDATE change_stamps SET seq = seq + 1 WHERE name = 'public'; END;"
	"CREATE TRIGGER public_seq_published_update AFTER UPDATE ON published_decisions"
	"  BEGIN UPDATE change_stamps SET seq = seq + 1 WHERE name = 'public'; END;"
	"CREATE TRIGGER public_seq_published_delete AFTER DELETE ON published_decisions"
	"  BEGIN UPDATE change_stamps SET seq = seq + 1 WHERE name = 'public'; END;"
	"CREATE TRIGGER public_seq_history_insert AFTER INSERT ON history"
	"  BEGIN UPDATE change_stamps SET seq = seq + 1 WHERE name = 'public'; END;"
	"CREATE TRIGGER public_seq_history_update AFTER UPDATE ON history"
	"  BEGIN UPDATE change_stamps SET seq = seq + 1 WHERE name = 'public'; END;"
	"CREATE TRIGGER public_seq_history_delete AFTER DELETE ON history"
	"  BEGIN UPDATE change_stamps SET seq = seq + 1 WHERE name = 'public'; END;"
	"CREATE TRIGGER public_seq_round_insert AFTER INSERT ON rounds"
	"  BEGIN UPDATE change_stamps SET seq = seq + 1 WHERE name = 'public'; END;"
	"CREATE TRIGGER public_seq_round_update AFTER UPDATE OF status, deadline, title, rules_json ON rounds"
	"  BEGIN UPDATE change_stamps SET seq = seq + 1 WHERE name = 'public'; END;",
	/* 9: the round counters of 7 in a table of their own: bumping rounds.change_seq
	 * rewrote the round's whole row, its frozen rule set of ~25 KB included, in every
	 * save's transaction (issue 11, item 5) */
	"CREATE TABLE round_changes (round_id INTEGER PRIMARY KEY, seq INTEGER NOT NULL);"
	"INSERT INTO round_changes(round_id, seq) SELECT id, change_seq FROM rounds;"
	"DROP TRIGGER applications_seq_insert;"
	"DROP TRIGGER applications_seq_update;"
	"DROP TRIGGER applications_seq_delete;"
	"CREATE TRIGGER round_changes_insert AFTER INSERT ON rounds"
	"  BEGIN INSERT INTO round_changes(round_id, seq) VALUES (NEW.id, 0); END;"
	"CREATE TRIGGER applications_seq_insert AFTER INSERT ON applications"
	"  BEGIN UPDATE round_changes SET seq = seq + 1 WHERE round_id = NEW.round_id; END;"
	"CREATE TRIGGER applications_seq_update AFTER UPDATE ON applications"
	"  BEGIN UPDATE round_changes SET seq = seq + 1 WHERE round_id IN (OLD.round_id, NEW.round_id); END;"
	"CREATE TRIGGER applications_seq_delete AFTER DELETE ON applications"
	"  BEGIN UPDATE round_changes SET seq = seq + 1 WHERE round_id = OLD.round_id; END;",
	/* 10: accounts the office can edit and disable, one-time password resets (stored
	 * hashed), and the organizations and prefectures a reviewer must not review
	 * (issue 13, part 2) */
	"ALTER TABLE users ADD COLUMN display_name TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));"
	"ALTER TABLE users ADD COLUMN last_login_at TEXT;"
	"CREATE INDEX users_role ON users(role, disabled);"
	"CREATE TABLE password_resets ("
	"  token_hash BLOB PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  created_by INTEGER NOT NULL REFERENCES users(id), expires_at INTEGER NOT NULL, used_at INTEGER);"
	"CREATE INDEX password_resets_user ON password_resets(user_id);"
	"CREATE TABLE user_conflicts ("
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('organization','prefecture')), value TEXT NOT NULL,"
	"  PRIMARY KEY (user_id, kind, value));"
	"CREATE INDEX sessions_user ON sessions(user_id);"
	"CREATE INDEX review_assignments_reviewer ON review_assignments(reviewer);",
	/* 11: notifications (issue 13, part 4): an outbox written in the transaction of the
	 * change it tells of, read in the app (read_at) and mailed (sent_at, with attempts and
	 * next_attempt_at for the backoff; email NULL = in-app only); users get an address;
	 * deadline reminders once per (round, organization, span) */
	"ALTER TABLE users ADD COLUMN email TEXT;"
	"CREATE INDEX users_role_org ON users(role, organization);"
	"CREATE TABLE notifications ("
	"  id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),"
	"  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')), kind TEXT NOT NULL,"
	"  application_id INTEGER REFERENCES applications(id), round_id INTEGER REFERENCES rounds(id),"
	"  title TEXT NOT NULL, body TEXT NOT NULL, link TEXT NOT NULL, email TEXT, read_at TEXT,"
	"  sent_at TEXT, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL DEFAULT 0,"
	"  last_error TEXT);"
	"CREATE INDEX notifications_user ON notifications(user_id, read_at);"
	"CREATE INDEX notifications_outbox ON notifications(next_attempt_at) WHERE sent_at IS NULL AND email IS NOT NULL;"
	"CREATE TABLE notification_reminders ("
	"  round_id INTEGER NOT NULL REFERENCES rounds(id), organization TEXT NOT NULL REFERENCES organizations(code),"
	"  span TEXT NOT NULL CHECK (span IN ('7d','1d')),"
	"  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')), PRIMARY KEY (round_id, organization, span));",
	/* 12: attachments, content-addressed by SHA-256 (issue 13, part 3): a file's bytes
	 * once in blobs however often it is attached; an attachment belongs to the versions
	 * from `version` up to (not including) `removed_in`, so a submitted version keeps its
	 * set while later versions change theirs */
	"CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, data BLOB NOT NULL);"
	"CREATE TABLE attachments ("
	"  id INTEGER PRIMARY KEY, application_id INTEGER NOT NULL REFERENCES applications(id),"
	"  version INTEGER NOT NULL, removed_in INTEGER,"
	"  kind TEXT NOT NULL CHECK (kind IN ('estimate','plan','reference','other')),"
	"  file_name TEXT NOT NULL, content_type TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL REFERENCES blobs(sha256), size INTEGER NOT NULL,"
	"  uploaded_by INTEGER NOT NULL REFERENCES users(id),"
	"  uploaded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
	"CREATE INDEX attachments_app ON attachments(application_id, version);"
	"CREATE INDEX attachments_sha ON attachments(sha256);",
	/* 13: 受付番号 — one per submission, numbered per round, never reused (issue 13, part 5) */
	"CREATE TABLE receipts ("
	"  round_id INTEGER NOT NULL REFERENCES rounds(id), seq INTEGER NOT NULL,"
	"  number TEXT NOT NULL UNIQUE, application_id INTEGER NOT NULL REFERENCES applications(id),"
	"  version INTEGER NOT NULL, body_sha256 TEXT NOT NULL, submitted_at TEXT NOT NULL,"
	"  PRIMARY KEY (round_id, seq));"
	"CREATE INDEX receipts_by_application ON receipts(application_id, seq);",
};

#endif
