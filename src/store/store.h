/* store.h — digiden's persistent store: one interface, implemented for SQLite in
 * sqlite.c (the embedded default). Callers never see SQL, so another backend
 * (PostgreSQL) can implement this same header.
 *
 * Ownership: strings in returned structs live in the arena the caller passes and
 * stay valid until that arena is freed. Functions return a store_rc; on
 * STORE_ERROR store_errmsg() says what happened. Mutations are grouped by the
 * caller with store_begin()/store_commit() (store_rollback() on any failure); in the
 * service only svc_op_run() does that. */
#ifndef DIGIDEN_STORE_H
#define DIGIDEN_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"
#include "../core/orgcode.h"

typedef struct store store;

typedef enum store_rc {
	STORE_OK = 0,
	STORE_NOT_FOUND,
	STORE_DUPLICATE, /* a unique key exists already */
	STORE_ERROR,     /* database error; see store_errmsg() */
} store_rc;

/* Opens (creating when absent) the database file: WAL, foreign keys on, full sync,
 * migrations applied and recorded in schema_migrations. *created tells whether the
 * file was new. Returns 0 or -1 with a message in err. */
int store_open(const char *path, store **out, bool *created, char *err, size_t errlen);
void store_close(store *s);
const char *store_errmsg(store *s);

/* Starts the writes of one operation (store_txn.c): they go through the one writer
 * connection of the process for the file, in a savepoint of its transaction (BEGIN
 * IMMEDIATE, waiting on a busy database). Operations of one process queue for it; until
 * store_commit() or store_rollback() no other runs, and the statements of s run on the
 * writer, seeing the writes of the operations before it in the same transaction. */
store_rc store_begin(store *s);
/* One read transaction around a request's reads (one snapshot, one lock instead of
 * one per statement); no write may start inside it. */
store_rc store_read_begin(store *s);
void store_read_end(store *s);
/* Ends the operation's writes: returns once the transaction they are in is committed
 * and durable (with the operations that joined it: one fsync for all), or with its
 * error when that commit failed — then none of its writes remain. */
store_rc store_commit(store *s);
/* Undoes the operation's own writes (the savepoint); the others of the transaction stay. */
void store_rollback(store *s);
/* A counter that changes whenever an application of the round is created, saved,
 * changes status or is removed (a trigger keeps it): what the round's cached checks
 * are keyed by. */
store_rc store_round_change_seq(store *s, int64_t round_id, int64_t *seq);
/* A counter that changes whenever anything the public pages show changes: a
 * decision, an imported published decision, an application's status, history, a
 * round (triggers keep it). */
store_rc store_public_seq(store *s, int64_t *seq);
/* Whether the database answers (for /health). */
bool store_ping(store *s);
/* Whether it still takes a durable write (a one-row table, in its own transaction):
 * false on a full disk or a failing fsync, for /health. */
bool store_write_probe(store *s, int64_t now);
/* Whether a write of this process met a full disk or an I/O error that no committed
 * write has followed yet (for /health: the probe alone can pass in space the journal
 * already has). */
bool store_disk_trouble(void);

/* ---- organizations ---- */
store_rc store_orgs_load(store *s, const org_master *m); /* insert or replace every row */

/* ---- users and sessions ---- */
typedef struct store_user {
	int64_t id;
	const char *login, *password_hash, *role, *organization; /* organization NULL unless applicant */
} store_user;

store_rc store_user_add(store *s, const char *login, const char *password_hash, const char *role,
			const char *org_code, int64_t *id);
store_rc store_user_by_login(store *s, const char *login, arena *a, store_user *out);
store_rc store_user_by_id(store *s, int64_t id, arena *a, store_user *out);

/* Failed logins by key ("login\naddress" for one login from one address, "\naddress"
 * for the address alone): how many since first_failed_at, and refused until when. */
typedef struct store_login_failure {
	const char *key, *login, *address;
	int failures;
	int64_t first_failed_at, blocked_until; /* unix seconds */
} store_login_failure;

store_rc store_login_failure_get(store *s, const char *key, arena *a, store_login_failure *out);
store_rc store_login_failure_put(store *s, const store_login_failure *f);
store_rc store_login_failure_clear(store *s, const char *key);
/* Every key still refused at now (blocked_until > now), latest first. */
store_rc store_login_failures_blocked(store *s, int64_t now, arena *a, store_login_failure **out, size_t *n);

store_rc store_session_add(store *s, const unsigned char token_hash[32], int64_t user_id, int64_t expires_at,
			   const char *csrf);
/* The session's user (and its CSRF token, 64 hex + NUL) when it exists and has not expired at now. */
store_rc store_session_user(store *s, const unsigned char token_hash[32], int64_t now, int64_t *user_id, char csrf[65]);
store_rc store_session_delete(store *s, const unsigned char token_hash[32]);

/* ---- accounts, password resets, conflicts of interest (issue 13, part 2; store_users.c) ---- */
typedef struct store_account {
	int64_t id;
	const char *login, *display_name, *role, *organization; /* organization NULL unless applicant */
	const char *organization_name;                          /* from the master, NULL when none */
	bool disabled;
	const char *last_login_at; /* ISO 8601 UTC, NULL before the first login */
} store_account;

/* Accounts with role (NULL = any) whose login, display name, organization code or name
 * contains q (NULL or "" = all), ordered by id: limit rows from offset, *total all that match. */
store_rc store_account_list(store *s, const char *role, const char *q, int64_t limit, int64_t offset, arena *a,
			    store_account **out, size_t *n, int64_t *total);
store_rc store_account_get(store *s, int64_t id, arena *a, store_account *out);
/* Writes display name, role, organization and disabled of a->id. */
store_rc store_account_update(store *s, const store_account *a);
/* Whether the account login may log in (exists and not disabled). */
bool store_account_enabled(store *s, int64_t id);
/* Ends every session of the account. */
store_rc store_account_sessions_end(store *s, int64_t id);
store_rc store_account_set_password(store *s, int64_t id, const char *password_hash);
store_rc store_account_logged_in(store *s, int64_t id, const char *at);

/* A reset token (its hash) for user_id until expires_at (unix seconds); earlier unused
 * tokens of the user are dropped. */
store_rc store_reset_add(store *s, const unsigned char token_hash[32], int64_t user_id, int64_t created_by,
			 int64_t expires_at);
/* Marks the token used at now and gives its user, only when it is unused and unexpired:
 * STORE_NOT_FOUND otherwise (a second use, an expired or unknown token). */
store_rc store_reset_take(store *s, const unsigned char token_hash[32], int64_t now, int64_t *user_id);

typedef struct store_conflict {
	int64_t user_id;
	const char *kind;  /* organization / prefecture */
	const char *value; /* a 6-digit code, or a prefecture number "4" */
} store_conflict;
/* Replaces every conflict of user_id with c[0..n). */
store_rc store_conflicts_put(store *s, int64_t user_id, const store_conflict *c, size_t n);
/* user_id 0 = the conflicts of every enabled reviewer. */
store_rc store_conflicts_list(store *s, int64_t user_id, arena *a, store_conflict **out, size_t *n);

/* Enabled reviewers with their assignments (all, and on applications under review),
 * and whether each is assigned to application app. */
typedef struct store_reviewer {
	int64_t id;
	const char *login, *display_name;
	int64_t assignments, open_assignments;
	bool assigned;
} store_reviewer;
store_rc store_reviewers(store *s, int64_t app, arena *a, store_reviewer **out, size_t *n);

/* The reviewers assigned to app with their review, if any (scores NULL when none). */
typedef struct store_assigned {
	int64_t id;
	const char *login, *display_name, *scores, *at;
} store_assigned;
store_rc store_assigned_list(store *s, int64_t app, arena *a, store_assigned **out, size_t *n);

/* ---- rounds ---- */
typedef struct store_round {
	int64_t id;
	const char *key;        /* "digital-implementation/fy2022-supp" */
	const char *title;
	int fiscal_year;
	const char *rules_json; /* the rule set frozen when the round was created */
	const char *status;     /* open / closed */
	const char *deadline;   /* ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ", or NULL */
} store_round;

store_rc store_round_add(store *s, const store_round *r, int64_t *id);
store_rc store_round_by_key(store *s, const char *key, arena *a, store_round *out);
store_rc store_round_by_id(store *s, int64_t id, arena *a, store_round *out);
store_rc store_round_list(store *s, arena *a, store_round **out, size_t *n);
store_rc store_round_set_status(store *s, int64_t id, const char *status, const char *deadline);

/* ---- applications ---- */
typedef struct store_app {
	int64_t id, round_id;
	const char *round_key, *organization, *organization_name, *menu, *title, *status;
	int version;
	const char *body; /* the current version's JSON (store_app_get only) */
	const char *created_at, *updated_at;
} store_app;

typedef enum store_app_scope {
	SCOPE_ALL_BUT_DRAFTS, /* the office */
	SCOPE_ORGANIZATION,   /* an applicant: arg = organization code */
	SCOPE_REVIEWER,       /* a reviewer: assigned, not draft/consultation; arg_id = user */
	SCOPE_ROUND_SUBMITTED, /* limit checks: round arg_id, status submitted or later, not withdrawn/rejected */
	SCOPE_ROUND_ORG_SUBMITTED, /* the same for one organization arg: all that its limits can count */
	SCOPE_ROUND_ALL            /* a round's every application but drafts, with bodies (the office's round pass) */
} store_app_scope;

store_rc store_app_add(store *s, int64_t round_id, const char *org_code, const char *menu, const char *title,
		       const char *body, int64_t saved_by, int64_t *id);
store_rc store_app_get(store *s, int64_t id, arena *a, store_app *out);
/* store_app_get without the body (body NULL): what access checks and saves need. */
store_rc store_app_head(store *s, int64_t id, arena *a, store_app *out);
/* Saves body as a new version (version + 1), only if the application is still in
 * seen_status at seen_version: STORE_NOT_FOUND when it changed meanwhile (or is gone). */
store_rc store_app_save(store *s, int64_t id, const char *seen_status, int seen_version, const char *menu,
			const char *title, const char *body, int64_t saved_by, int *new_version);
/* Moves the application from seen_status to status: STORE_NOT_FOUND when it is no
 * longer in seen_status (another request moved it first) or is gone. */
store_rc store_app_set_status(store *s, int64_t id, const char *seen_status, const char *status);
/* Whether the applicant ever shared the application with the office (事前相談 or submission). */
bool store_app_was_shared(store *s, int64_t app);
/* Lists applications (bodies included for the SCOPE_ROUND_* scopes only). */
store_rc store_app_list(store *s, store_app_scope scope, const char *arg, int64_t arg_id, arena *a, store_app **out,
			size_t *n);

typedef struct store_version {
	int version;
	const char *saved_at, *saved_by;
} store_version;
store_rc store_app_versions(store *s, int64_t id, arena *a, store_version **out, size_t *n);

/* ---- comments, reviews, decisions, KPI reports ---- */
typedef struct store_note {
	int64_t id;
	const char *author, *author_role, *body, *at; /* comments; for reviews body = scores JSON, extra = comment */
	const char *extra;
} store_note;

store_rc store_comment_add(store *s, int64_t app, int64_t author, const char *body, int64_t *id);
store_rc store_comment_list(store *s, int64_t app, arena *a, store_note **out, size_t *n);
store_rc store_assign(store *s, int64_t app, int64_t reviewer);
bool store_is_assigned(store *s, int64_t app, int64_t reviewer);
store_rc store_review_put(store *s, int64_t app, int64_t reviewer, const char *scores_json, const char *comment);
/* reviewer 0 = every review */
store_rc store_review_list(store *s, int64_t app, int64_t reviewer, arena *a, store_note **out, size_t *n);

typedef struct store_decision {
	const char *decision; /* adopted / rejected */
	bool has_amount;
	int64_t amount_yen;
	const char *reason, *decided_by, *at;
} store_decision;
store_rc store_decision_put(store *s, int64_t app, const char *decision, bool has_amount, int64_t amount_yen,
			    const char *reason, int64_t decided_by);
store_rc store_decision_get(store *s, int64_t app, arena *a, store_decision *out);

store_rc store_kpi_add(store *s, int64_t app, int fiscal_year, const char *body, int64_t reported_by, int64_t *id);
store_rc store_kpi_list(store *s, int64_t app, arena *a, store_note **out, size_t *n); /* extra = fiscal year */

/* ---- decisions: published (imported) and made in digiden ---- */
typedef struct store_published {
	int64_t id;
	const char *round_key, *menu, *prefecture, *organization_code, *organization_name, *title;
	const char *fields; /* keys joined with '|' */
	int64_t project_cost_yen, national_share_yen;
	const char *status; /* adopted / granted */
	const char *category, *platform_policy; /* TYPE2/3, may be NULL */
	const char *source; /* file name */
	int line;           /* CSV line */
} store_published;

store_rc store_published_add(store *s, const store_published *p, int64_t *id);
/* round_key NULL = every round. */
store_rc store_published_list(store *s, const char *round_key, arena *a, store_published **out, size_t *n);

/* Applications decided in digiden (adopted, naiji, granted) with their current body
 * and the decided amount. round_key NULL = every round. */
typedef struct store_decided {
	store_app app; /* body included */
	int64_t amount_yen;
} store_decided;
store_rc store_decided_list(store *s, const char *round_key, arena *a, store_decided **out, size_t *n);

/* ---- history: what organizations received (issue 6; imported from CSV) ---- */
typedef struct store_history {
	int64_t id;
	const char *organization_code, *organization_name;
	const char *program;  /* digital-implementation, new-local-economy-digital, bansou, dispatch, future-tech */
	const char *round;    /* canonical key: fy2022-supp, fy2023 … */
	int fiscal_year;
	const char *budget;   /* initial / supplementary / request / "" */
	const char *menu, *status, *title, *note; /* "" when absent */
	const char *source;   /* the document that states it */
	const char *file;     /* the CSV it was imported from */
	int line;
} store_history;

/* STORE_DUPLICATE when the same (organization, program, round, menu, status, title) exists. */
store_rc store_history_add(store *s, const store_history *h, int64_t *id);
store_rc store_history_by_org(store *s, const char *org_code, arena *a, store_history **out, size_t *n);
/* round NULL = every round of the program. */
store_rc store_history_by_program(store *s, const char *program, const char *round, arena *a, store_history **out,
				  size_t *n);

/* ---- audit log (append-only: the schema refuses UPDATE and DELETE) ---- */
typedef struct store_audit_entry {
	int64_t id, application;
	const char *at, *actor, *action, *before, *after;
} store_audit_entry;
store_rc store_audit_add(store *s, const char *actor, const char *action, int64_t application, const char *before,
			 const char *after);
/* application 0 = every entry */
store_rc store_audit_list(store *s, int64_t application, arena *a, store_audit_entry **out, size_t *n);

/* ---- receipts: 受付番号 (issue 13, part 5) ---- */

typedef struct store_receipt {
	const char *number;       /* "<prefix>-000123" */
	int64_t application_id;
	int version;              /* the version submitted */
	const char *body_sha256;  /* hex SHA-256 of the body text submitted */
	const char *submitted_at; /* UTC, "YYYY-MM-DDTHH:MM:SSZ" */
} store_receipt;

/* Inside a write transaction: the next number of round_id ("<prefix>-%06d", the
 * round's sequence; a number once given is never given again), recorded for r
 * (number filled in, in a). */
store_rc store_receipt_add(store *s, int64_t round_id, const char *prefix, store_receipt *r, arena *a);
/* Every receipt of an application, the newest first. */
store_rc store_receipt_list(store *s, int64_t app, arena *a, store_receipt **out, size_t *n);
/* ---- notifications (issue 13, part 4; store_notify.c) ---- */
/* One change told to the people concerned: a row per recipient, all in the caller's
 * transaction. Recipients are the applicant users of organization (to_org), the office
 * (secretariat and admin, to_office) and the reviewers assigned to application
 * (to_reviewers), never the user whose login is actor. link_suffix follows each
 * recipient's page of the application (/applications/ID, /office/applications/ID,
 * /review/ID) or, with no application, is the whole link. The mail address is each
 * user's at this moment (none: in-app only). *n the rows written. */
typedef struct store_notice {
	const char *kind, *title, *body, *actor, *organization, *link;
	int64_t application, round_id; /* 0 = none */
	bool to_org, to_office, to_reviewers;
} store_notice;
store_rc store_notify_add(store *s, const store_notice *n, int64_t *count);

typedef struct store_notification {
	int64_t id, application, round_id, user_id;
	const char *at, *kind, *title, *body, *link, *email, *read_at, *sent_at, *last_error;
	int attempts;
	int64_t next_attempt_at; /* unix seconds */
	const char *login;       /* the recipient's */
} store_notification;

/* A user's notifications, newest first, from offset (at most limit); *total of all. */
store_rc store_notify_list(store *s, int64_t user, int64_t limit, int64_t offset, arena *a, store_notification **out,
			   size_t *n, int64_t *total);
/* How many of the user's notifications are unread (one indexed count). */
store_rc store_notify_unread(store *s, int64_t user, int64_t *unread);
/* Marks the user's notification id read: STORE_NOT_FOUND when it is not the user's. */
store_rc store_notify_read(store *s, int64_t user, int64_t id);
/* The mail not yet sent (every one when due < 0, else those due at due), oldest first, at most limit. */
store_rc store_outbox_list(store *s, int64_t due, int64_t limit, arena *a, store_notification **out, size_t *n);
/* Takes row id for sending until lease_until (attempts + 1): STORE_NOT_FOUND when it is
 * sent or another sender holds it, so two senders never send one row at once. */
store_rc store_outbox_claim(store *s, int64_t id, int64_t now, int64_t lease_until);
/* After the server accepted it: sent. */
store_rc store_outbox_sent(store *s, int64_t id);
/* After a failure: tried again at next_attempt_at, with the reason. */
store_rc store_outbox_retry(store *s, int64_t id, int64_t next_attempt_at, const char *error);
/* A user's mail address (NULL or "" = none). */
store_rc store_user_set_email(store *s, int64_t user, const char *email);
store_rc store_user_email(store *s, int64_t user, arena *a, const char **email);

/* A deadline reminder due: organization has an unsubmitted application (draft or 事前相談)
 * in open round_id whose deadline falls in the span's window, and none was written. */
typedef struct store_reminder {
	int64_t round_id;
	const char *round_title, *deadline, *organization, *organization_name;
} store_reminder;
/* Those due at now_iso for span ("7d": deadline in (after_iso, until_iso]). */
store_rc store_reminders_due(store *s, const char *span, const char *after_iso, const char *until_iso, arena *a,
			     store_reminder **out, size_t *n);
/* Records that one was written: STORE_DUPLICATE when it was already. */
store_rc store_reminder_mark(store *s, int64_t round_id, const char *org_code, const char *span);
/* ---- attachments (issue 13, part 3; store_attachments.c) ----
 * A file's bytes are stored once per SHA-256 (blobs); an attachment row names them for
 * one application and belongs to the versions from `version` up to `removed_in`. */
typedef struct store_attachment {
	int64_t id, application, size;
	int version; /* the version it was added in */
	const char *kind, *file_name, *content_type, *sha256, *uploaded_by, *uploaded_at;
} store_attachment;

/* Fills buf with up to len bytes of what is being stored: the count, 0 at the end, -1 on error. */
typedef long (*store_blob_src)(void *ctx, void *buf, size_t len);
/* Stores size bytes from src under sha256 (hex) unless they are stored already (*stored
 * false then): written in chunks with SQLite's incremental BLOB API, never whole in memory. */
store_rc store_blob_put(store *s, const char *sha256, int64_t size, store_blob_src src, void *ctx, bool *stored);
/* Reads the whole blob of sha256 into buf (len = its size). */
store_rc store_blob_read(store *s, const char *sha256, void *buf, size_t len);
/* Adds the row (its id and uploaded_* ignored) uploaded by user uploaded_by; *id the new row. */
store_rc store_attachment_add(store *s, const store_attachment *a, int64_t uploaded_by, int64_t *id);
/* The set of application app at version (oldest first). */
store_rc store_attachment_list(store *s, int64_t app, int version, arena *a, store_attachment **out, size_t *n);
/* Attachment id of app when it belongs to version: STORE_NOT_FOUND otherwise. */
store_rc store_attachment_get(store *s, int64_t app, int version, int64_t id, arena *a, store_attachment *out);
/* Takes attachment id out of version and the later ones: the row goes when it was added
 * in version (no earlier version holds it), and its blob with it when no row names it. */
store_rc store_attachment_remove(store *s, int64_t id, int version);

#endif
