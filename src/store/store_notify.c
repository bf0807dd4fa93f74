/* store_notify.c — notifications in the SQLite store (store.h): the outbox rows, the
 * in-app list, the sender's claims and the deadline reminders.
 *
 * These statements have their own enum-indexed table here and are prepared at each
 * call (and finalized after it), not in sqlite.c's per-connection table: this part
 * could not edit that file. Moving the strings into sql[] there makes them persistent
 * with no other change. */
#include <stdio.h>

#include "store_internal.h"

enum nstmt {
	NS_ADD,
	NS_LIST,
	NS_COUNT,
	NS_UNREAD,
	NS_READ,
	NS_OUTBOX,
	NS_CLAIM,
	NS_SENT,
	NS_RETRY,
	NS_SET_EMAIL,
	NS_EMAIL,
	NS_REMINDERS_DUE,
	NS_REMINDER_MARK,
	NS__MAX
};

#define NOTE_COLUMNS                                                                                                \
	"n.id, coalesce(n.application_id, 0), coalesce(n.round_id, 0), n.user_id, n.at, n.kind, n.title, n.body, n.link, " \
	"n.email, n.read_at, n.sent_at, n.last_error, n.attempts, n.next_attempt_at, u.login"
#define NOTE_FROM " FROM notifications n JOIN users u ON u.id = n.user_id "

static const char *const nsql[NS__MAX] = {
	/* one statement per change: the recipients are chosen here, inside the transaction
	 * of the change, so the set is what the database holds at that moment */
	[NS_ADD] = "INSERT INTO notifications(user_id, kind, application_id, round_id, title, body, link, email) "
		   "SELECT u.id, ?1, nullif(?2, 0), nullif(?3, 0), ?4, ?5, "
		   "CASE WHEN ?2 = 0 THEN ?6 WHEN u.role = 'applicant' THEN '/applications/' || ?2 "
		   "WHEN u.role = 'reviewer' THEN '/review/' || ?2 ELSE '/office/applications/' || ?2 END, "
		   "nullif(u.email, '') FROM users u WHERE u.login IS NOT coalesce(?7, '') AND ("
		   "(?8 AND u.role = 'applicant' AND u.organization = ?9) OR "
		   "(?10 AND u.role IN ('secretariat','admin')) OR "
		   "(?11 AND u.role = 'reviewer' AND u.id IN "
		   "(SELECT reviewer FROM review_assignments WHERE application_id = ?2)))",
	[NS_LIST] = "SELECT " NOTE_COLUMNS NOTE_FROM "WHERE n.user_id = ? ORDER BY n.id DESC LIMIT ? OFFSET ?",
	[NS_COUNT] = "SELECT count(*) FROM notifications WHERE user_id = ?",
	[NS_UNREAD] = "SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL",
	[NS_READ] = "UPDATE notifications SET read_at = coalesce(read_at, strftime('%Y-%m-%dT%H:%M:%SZ','now')) "
		    "WHERE id = ? AND user_id = ? RETURNING id",
	[NS_OUTBOX] = "SELECT " NOTE_COLUMNS NOTE_FROM "WHERE n.sent_at IS NULL AND n.email IS NOT NULL "
		      "AND (?1 < 0 OR n.next_attempt_at <= ?1) ORDER BY n.id LIMIT ?2",
	/* a lease: the row is the caller's until lease_until; a sender that dies keeps it
	 * only that long */
	[NS_CLAIM] = "UPDATE notifications SET attempts = attempts + 1, next_attempt_at = ?3 "
		     "WHERE id = ?1 AND sent_at IS NULL AND email IS NOT NULL AND next_attempt_at <= ?2 RETURNING id",
	[NS_SENT] = "UPDATE notifications SET sent_at = strftime('%Y-%m-%dT%H:%M:%SZ','now'), last_error = NULL WHERE id = ?",
	[NS_RETRY] = "UPDATE notifications SET next_attempt_at = ?2, last_error = ?3 WHERE id = ?1 AND sent_at IS NULL",
	[NS_SET_EMAIL] = "UPDATE users SET email = nullif(?2, '') WHERE id = ?1 RETURNING id",
	[NS_EMAIL] = "SELECT coalesce(email, '') FROM users WHERE id = ?",
	[NS_REMINDERS_DUE] = "SELECT r.id, r.title, r.deadline, a.organization, o.name FROM rounds r "
			     "JOIN applications a ON a.round_id = r.id AND a.status IN ('draft','consultation') "
			     "JOIN organizations o ON o.code = a.organization "
			     "WHERE r.status = 'open' AND r.deadline > ?2 AND r.deadline <= ?3 AND NOT EXISTS "
			     "(SELECT 1 FROM notification_reminders m WHERE m.round_id = r.id AND m.organization = a.organization "
			     "AND m.span = ?1) GROUP BY r.id, a.organization ORDER BY r.id, a.organization",
	[NS_REMINDER_MARK] = "INSERT INTO notification_reminders(round_id, organization, span) VALUES (?,?,?)",
};

#define N(field, kind) STORE_COL(store_notification, field, kind)
static const store_col note_cols[] = {
	N(id, COL_I64),	     N(application, COL_I64), N(round_id, COL_I64),	 N(user_id, COL_I64),	N(at, COL_TEXT),
	N(kind, COL_TEXT),   N(title, COL_TEXT),      N(body, COL_TEXT),	 N(link, COL_TEXT),	N(email, COL_TEXT),
	N(read_at, COL_TEXT), N(sent_at, COL_TEXT),    N(last_error, COL_TEXT), N(attempts, COL_INT), N(next_attempt_at, COL_I64),
	N(login, COL_TEXT),
};
#undef N

#define R(field, kind) STORE_COL(store_reminder, field, kind)
static const store_col reminder_cols[] = { R(round_id, COL_I64), R(round_title, COL_TEXT), R(deadline, COL_TEXT),
					   R(organization, COL_TEXT), R(organization_name, COL_TEXT) };
#undef R

/* One bound value: an integer, or text (NULL binds NULL). */
typedef struct nval {
	const char *text;
	int64_t num;
	bool is_text;
} nval;
#define NUM(x) { .num = (x) }
#define TXT(x) { .text = (x), .is_text = true }
#define NVALS(...) (const nval[]){ __VA_ARGS__ }, sizeof((const nval[]){ __VA_ARGS__ }) / sizeof(nval)

/* Statement which prepared on the connection s's statements run on now, with v[0..n)
 * bound as parameters 1..n; NULL after recording the error. The caller finalizes it. */
static sqlite3_stmt *prep(store *s, enum nstmt which, const nval *v, size_t n)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(store_db(s), nsql[which], -1, &st, NULL);
	if (rc != SQLITE_OK) {
		store_fail(s, rc);
		sqlite3_finalize(st);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i].is_text)
			store_bind_text(st, (int)i + 1, v[i].text);
		else
			sqlite3_bind_int64(st, (int)i + 1, v[i].num);
	}
	return st;
}

/* which run for no rows; *changes the rows it changed (when not NULL). */
static store_rc run(store *s, enum nstmt which, const nval *v, size_t n, int64_t *changes)
{
	sqlite3_stmt *st = prep(s, which, v, n);
	if (st == NULL)
		return STORE_ERROR;
	store_rc rc = store_exec(s, st);
	if (rc == STORE_OK && changes)
		*changes = sqlite3_changes64(store_db(s));
	sqlite3_finalize(st);
	return rc;
}

/* which run for one integer: OK with *out, NOT_FOUND without a row, or the error. */
static store_rc one(store *s, enum nstmt which, const nval *v, size_t n, int64_t *out)
{
	sqlite3_stmt *st = prep(s, which, v, n);
	if (st == NULL)
		return STORE_ERROR;
	store_rc rc = store_one_int64(s, st, out);
	sqlite3_finalize(st);
	return rc;
}

/* which run for rows of cols into an arena array. */
static store_rc rows(store *s, enum nstmt which, const nval *v, size_t n, arena *a, void **out, size_t *count,
		     size_t size, const store_col *cols, size_t ncols)
{
	sqlite3_stmt *st = prep(s, which, v, n);
	if (st == NULL)
		return STORE_ERROR;
	store_rc rc = store_rows(s, st, a, out, count, size, cols, ncols);
	sqlite3_finalize(st);
	return rc;
}

store_rc store_notify_add(store *s, const store_notice *n, int64_t *count)
{
	return run(s, NS_ADD,
		   NVALS(TXT(n->kind), NUM(n->application), NUM(n->round_id), TXT(n->title), TXT(n->body),
			 TXT(n->link ? n->link : "/notifications"), TXT(n->actor), NUM(n->to_org), TXT(n->organization),
			 NUM(n->to_office), NUM(n->to_reviewers)),
		   count);
}

store_rc store_notify_list(store *s, int64_t user, int64_t limit, int64_t offset, arena *a, store_notification **out,
			   size_t *n, int64_t *total)
{
	store_rc rc = one(s, NS_COUNT, NVALS(NUM(user)), total);
	return rc != STORE_OK ? rc
			      : rows(s, NS_LIST, NVALS(NUM(user), NUM(limit), NUM(offset)), a, (void **)out, n, sizeof **out,
				     note_cols, STORE_NCOLS(note_cols));
}

store_rc store_notify_unread(store *s, int64_t user, int64_t *unread) { return one(s, NS_UNREAD, NVALS(NUM(user)), unread); }

store_rc store_notify_read(store *s, int64_t user, int64_t id)
{
	int64_t got;
	return one(s, NS_READ, NVALS(NUM(id), NUM(user)), &got);
}

store_rc store_outbox_list(store *s, int64_t due, int64_t limit, arena *a, store_notification **out, size_t *n)
{
	return rows(s, NS_OUTBOX, NVALS(NUM(due), NUM(limit)), a, (void **)out, n, sizeof **out, note_cols,
		    STORE_NCOLS(note_cols));
}

store_rc store_outbox_claim(store *s, int64_t id, int64_t now, int64_t lease_until)
{
	int64_t got;
	return one(s, NS_CLAIM, NVALS(NUM(id), NUM(now), NUM(lease_until)), &got);
}

store_rc store_outbox_sent(store *s, int64_t id) { return run(s, NS_SENT, NVALS(NUM(id)), NULL); }

store_rc store_outbox_retry(store *s, int64_t id, int64_t next_attempt_at, const char *error)
{
	return run(s, NS_RETRY, NVALS(NUM(id), NUM(next_attempt_at), TXT(error)), NULL);
}

store_rc store_user_set_email(store *s, int64_t user, const char *email)
{
	int64_t got;
	return one(s, NS_SET_EMAIL, NVALS(NUM(user), TXT(email ? email : "")), &got);
}

store_rc store_user_email(store *s, int64_t user, arena *a, const char **email)
{
	sqlite3_stmt *st = prep(s, NS_EMAIL, NVALS(NUM(user)));
	if (st == NULL)
		return STORE_ERROR;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*email = arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
	store_rc out = rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : store_fail(s, rc);
	sqlite3_finalize(st);
	return out;
}

store_rc store_reminders_due(store *s, const char *span, const char *after_iso, const char *until_iso, arena *a,
			     store_reminder **out, size_t *n)
{
	return rows(s, NS_REMINDERS_DUE, NVALS(TXT(span), TXT(after_iso), TXT(until_iso)), a, (void **)out, n, sizeof **out,
		    reminder_cols, STORE_NCOLS(reminder_cols));
}

store_rc store_reminder_mark(store *s, int64_t round_id, const char *org_code, const char *span)
{
	return run(s, NS_REMINDER_MARK, NVALS(NUM(round_id), TXT(org_code), TXT(span)), NULL);
}
