/* notify.h — notifications (issue 13, part 4): every change of an application writes
 * its notifications in its own transaction (svc_notify_op, called by svc_op_run), the
 * logged-in user reads them in the app, a background notifier mails them over SMTP
 * (libcurl) and writes the deadline reminders. Results are JSON as in service.h. */
#ifndef DIGIDEN_NOTIFY_H
#define DIGIDEN_NOTIFY_H

#include <stdio.h>
#include <time.h>

#include "service.h"

struct svc_op;

/* The notifications of op (its action and application), written inside its transaction
 * by svc_op_run after the step: for a status change, a comment, an assignment, a decision,
 * 内示 and 交付決定, to the applicant organization's users, the office and the assigned
 * reviewers concerned, never to the actor. Actions that tell nobody write nothing. */
store_rc svc_notify_op(svc *s, const struct svc_op *op);

/* GET /api/v1/notifications: {"notifications":[{"id","at","kind","application","title",
 * "read","link"}],"unread","total"} of u, newest first; page from 1, per_page 1–500. */
json_t *svc_notifications(svc *s, const svc_user *u, int64_t page, int64_t per_page, svc_err *err);
/* u's unread count (one indexed count), or -1 on a database error. */
int64_t svc_notify_unread(svc *s, const svc_user *u);
/* Marks u's notification id read: {"id","read":true}; 404 when it is not u's. */
json_t *svc_notification_read(svc *s, const svc_user *u, int64_t id, svc_err *err);
/* Sets user_id's mail address from body {"email": "a@example.jp"} ("" or null clears it):
 * the user itself or the office. {"id","email"}. */
json_t *svc_user_email_set(svc *s, const svc_user *actor, int64_t user_id, json_t *body, svc_err *err);
/* Whether text is a plain mail address digiden will put in a header (local@domain, no
 * spaces, controls, quotes or brackets). */
bool svc_email_valid(const char *text);
/* The mail not yet sent: {"outbox":[{"id","at","kind","to","login","subject","application",
 * "attempts","next_attempt_at","last_error"}],"total"}. */
json_t *svc_outbox(svc *s, svc_err *err);
/* Writes the deadline reminders due at now: 7 days and 1 day before an open round's
 * deadline, to the users of each organization with an unsubmitted application in it, once
 * per (round, organization, span). The number of organizations reminded, or -1 with err. */
int svc_remind(svc *s, time_t now, svc_err *err);

/* The whole message (headers and base64 body, CRLF lines) of n from from, its link under
 * base_url: malloc'd, the caller frees; NULL when out of memory. Message-ID and Date come
 * from the notification's id and time, so a resend is the same message. */
char *svc_mail_compose(const store_notification *n, const char *from, const char *base_url, size_t *len);

/* The background notifier of a server: reminders always, mail only when smtp_url is set. */
typedef struct notify_options {
	const char *db_path;
	const catalog *cat;
	const char *smtp_url;  /* smtp://host:port or smtps://…; NULL = mail stays in the outbox */
	const char *smtp_from; /* the sender's address */
	const char *smtp_user, *smtp_password; /* NULL = no authentication */
	const char *base_url;  /* of the links in the mail: "http://127.0.0.1:8080" */
	FILE *log;             /* where delivery failures are told (stderr) */
} notify_options;

typedef struct notify_worker notify_worker;
/* Opens its own store connection and starts the thread; NULL with err filled. The strings
 * of o must outlive the worker. */
notify_worker *notify_start(const notify_options *o, char *err, size_t errlen);
/* Stops the thread (a mail in flight is abandoned, not marked sent) and frees it. */
void notify_stop(notify_worker *w);

#endif
