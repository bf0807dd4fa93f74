/* notify.c — notifications (see notify.h): the rows each operation writes in its own
 * transaction, the in-app list, the mail addresses, the deadline reminders and the
 * outbox. The mail itself (composing and sending over SMTP) is in notify_mail.c. */
#include "notify.h"

#include <stdlib.h>
#include <string.h>

#include "service_internal.h"

/* ---- what each operation tells whom ---- */

enum { TO_ORG = 1, TO_OFFICE = 2, TO_REVIEWERS = 4 };

/* The actions that notify, with the title's wording (%s = the application's title).
 * Another application.* action (a new transition) tells the same people as a status
 * change, with the new status in the title. */
static const struct notify_kind {
	const char *action, *title;
	unsigned to;
} notify_kinds[] = {
	{ "application.consult", "申請「%s」の事前相談が依頼されました", TO_ORG | TO_OFFICE },
	{ "application.submit", "申請「%s」が提出されました", TO_ORG | TO_OFFICE },
	{ "application.withdraw", "申請「%s」が取り下げられました", TO_ORG | TO_OFFICE | TO_REVIEWERS },
	{ "application.screen", "申請「%s」が確認済みになりました", TO_ORG | TO_OFFICE },
	{ "application.assign", "申請「%s」に審査員が割り当てられました", TO_ORG | TO_OFFICE | TO_REVIEWERS },
	{ "application.adopt", "申請「%s」が採択されました", TO_ORG | TO_OFFICE | TO_REVIEWERS },
	{ "application.reject", "申請「%s」は不採択になりました", TO_ORG | TO_OFFICE | TO_REVIEWERS },
	{ "application.naiji", "申請「%s」が内示されました", TO_ORG | TO_OFFICE | TO_REVIEWERS },
	{ "application.grant", "申請「%s」が交付決定されました", TO_ORG | TO_OFFICE | TO_REVIEWERS },
	{ "comment.add", "申請「%s」に事前相談のコメントがあります", TO_ORG | TO_OFFICE },
};

/* Writes of an application that are not news to anyone else: the applicant's own drafts. */
static const char *const quiet_actions[] = { "application.create", "application.import", "application.save", NULL };

/* A status key as its Japanese label; the key itself for one the lifecycle does not know. */
static const char *status_label(const char *key)
{
	app_status st;
	return app_status_from_key(key, &st) ? app_status_label(st) : key;
}

store_rc svc_notify_op(svc *s, const svc_op *op)
{
	if (op->action == NULL || op->application == 0 || svc_key_known(quiet_actions, op->action))
		return STORE_OK;
	const struct notify_kind *k = NULL;
	for (size_t i = 0; i < sizeof notify_kinds / sizeof notify_kinds[0]; i++)
		if (strcmp(notify_kinds[i].action, op->action) == 0)
			k = &notify_kinds[i];
	if (k == NULL && strncmp(op->action, "application.", 12) != 0)
		return STORE_OK;
	arena a;
	arena_init(&a);
	store_app app;
	/* the head as this transaction sees it: the status after the step */
	store_rc rc = store_app_head(s->st, op->application, &a, &app);
	if (rc != STORE_OK) {
		arena_free(&a);
		return rc == STORE_NOT_FOUND ? STORE_OK : rc;
	}
	const char *label = status_label(app.status);
	unsigned to = k ? k->to : TO_ORG | TO_OFFICE | TO_REVIEWERS;
	/* the office never hears of what the applicant never shared with it */
	bool unshared = strcmp(app.status, "draft") == 0 ||
			(strcmp(app.status, "withdrawn") == 0 && !store_app_was_shared(s->st, op->application));
	if (unshared)
		to &= ~(unsigned)(TO_OFFICE | TO_REVIEWERS);
	const char *title = k ? arena_printf(&a, k->title, app.title)
			      : arena_printf(&a, "申請「%s」は「%s」になりました", app.title, label);
	const char *body = arena_printf(&a,
					"%sの申請「%s」（%s）についてのお知らせです。\n\n%s\n現在の状態: %s\n操作した人: %s",
					app.organization_name, app.title, app.round_key, title, label, op->actor ? op->actor : "");
	store_notice n = { .kind = op->action, .title = title, .body = body, .actor = op->actor,
			   .organization = app.organization, .application = op->application, .round_id = app.round_id,
			   .to_org = to & TO_ORG, .to_office = to & TO_OFFICE, .to_reviewers = to & TO_REVIEWERS };
	rc = title && body ? store_notify_add(s->st, &n, NULL) : STORE_ERROR;
	arena_free(&a);
	return rc;
}

/* ---- in the app ---- */

static json_t *need_login(const svc_user *u, svc_err *err)
{
	if (u->id == 0)
		svc_fail(err, 401, "UNAUTHENTICATED", "ログインしてください");
	return NULL;
}

int64_t svc_notify_unread(svc *s, const svc_user *u)
{
	int64_t n = 0;
	return u->id != 0 && store_notify_unread(s->st, u->id, &n) == STORE_OK ? n : -1;
}

json_t *svc_notifications(svc *s, const svc_user *u, int64_t page, int64_t per_page, svc_err *err)
{
	if (u->id == 0)
		return need_login(u, err);
	if (page < 1 || per_page < 1 || per_page > 500) {
		svc_fail(err, 400, "INVALID", "page は1以上、per_page は1〜500の整数です");
		return NULL;
	}
	arena a;
	arena_init(&a);
	store_notification *rows;
	size_t n;
	int64_t total = 0, unread = 0;
	json_t *out = NULL;
	if (store_notify_list(s->st, u->id, per_page, (page - 1) * per_page, &a, &rows, &n, &total) != STORE_OK ||
	    store_notify_unread(s->st, u->id, &unread) != STORE_OK) {
		svc_db_fail(s, err);
		goto out;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:b,s:s}", "id", (json_int_t)rows[i].id, "at", rows[i].at, "kind",
				      rows[i].kind, "title", rows[i].title, "read", rows[i].read_at != NULL, "link", rows[i].link);
		json_object_set_new(o, "application", rows[i].application ? json_integer(rows[i].application) : json_null());
		json_array_append_new(list, o);
	}
	out = json_pack("{s:o,s:I,s:I}", "notifications", list, "unread", (json_int_t)unread, "total", (json_int_t)total);
out:
	arena_free(&a);
	return out;
}

/* One user's row written: a notification read (email NULL) or an address set; 404 when
 * the row is not there for that user. */
typedef struct user_row_ctx {
	int64_t user, id;
	const char *email;
} user_row_ctx;

static store_rc user_row_step(svc *s, svc_op *op, void *ctx, svc_err *err)
{
	(void)op;
	user_row_ctx *c = ctx;
	store_rc rc = c->email ? store_user_set_email(s->st, c->id, c->email) : store_notify_read(s->st, c->user, c->id);
	if (rc == STORE_NOT_FOUND)
		svc_fail(err, 404, "NOT_FOUND", c->email ? "利用者 %lld はいません" : "通知 %lld はありません", (long long)c->id);
	return rc;
}

json_t *svc_notification_read(svc *s, const svc_user *u, int64_t id, svc_err *err)
{
	if (u->id == 0)
		return need_login(u, err);
	user_row_ctx c = { .user = u->id, .id = id };
	svc_op op = { .actor = u->login }; /* no audit entry: reading is not a change of the record */
	if (svc_op_run(s, &op, user_row_step, &c, err) != 0)
		return NULL;
	return json_pack("{s:I,s:b}", "id", (json_int_t)id, "read", 1);
}

/* ---- mail addresses ---- */

bool svc_email_valid(const char *t)
{
	const char *at = t ? strchr(t, '@') : NULL;
	if (at == NULL || at == t || at[1] == '\0' || strchr(at + 1, '@') || strlen(t) > 254)
		return false;
	for (const unsigned char *p = (const unsigned char *)t; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || strchr("<>()[]\\,;:\"", *p))
			return false;
	return strchr(at + 1, '.') != NULL;
}

json_t *svc_user_email_set(svc *s, const svc_user *actor, int64_t user_id, json_t *body, svc_err *err)
{
	static const char *const keys[] = { "email", NULL };
	if (actor->id == 0)
		return need_login(actor, err);
	if (actor->id != user_id && !svc_is_office(actor)) {
		/* another user's id is not there for this caller: the same answer as an unknown one */
		svc_fail(err, 404, "NOT_FOUND", "利用者 %lld はいません", (long long)user_id);
		return NULL;
	}
	if (!svc_body_fields(body, keys, err))
		return NULL;
	json_t *e = json_object_get(body, "email");
	const char *email = json_is_string(e) ? json_string_value(e) : "";
	if ((!json_is_string(e) && !json_is_null(e)) || (email[0] != '\0' && !svc_email_valid(email))) {
		svc_fail(err, 400, "INVALID", "メールアドレス（email）の形が正しくありません");
		svc_detail(err, "email", "user@example.jp の形で入力してください（空で削除）");
		return NULL;
	}
	char after[320];
	json_t *aj = json_pack("{s:I,s:s}", "user", (json_int_t)user_id, "email", email);
	char *at = json_dumps(aj, JSON_COMPACT);
	json_decref(aj);
	snprintf(after, sizeof after, "%s", at ? at : "{}");
	free(at);
	user_row_ctx c = { .id = user_id, .email = email };
	svc_op op = { .actor = actor->login, .action = "user.email", .after = after };
	if (svc_op_run(s, &op, user_row_step, &c, err) != 0)
		return NULL;
	return json_pack("{s:I,s:s?}", "id", (json_int_t)user_id, "email", email[0] ? email : NULL);
}

/* ---- the outbox ---- */

json_t *svc_outbox(svc *s, svc_err *err)
{
	arena a;
	arena_init(&a);
	store_notification *rows;
	size_t n;
	if (store_outbox_list(s->st, -1, 1000000, &a, &rows, &n) != STORE_OK) {
		arena_free(&a);
		return svc_db_fail(s, err);
	}
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const store_notification *r = &rows[i];
		json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:i,s:I}", "id", (json_int_t)r->id, "at", r->at, "kind", r->kind,
				      "to", r->email, "login", r->login, "subject", r->title, "attempts", r->attempts,
				      "next_attempt_at", (json_int_t)r->next_attempt_at);
		json_object_set_new(o, "application", r->application ? json_integer(r->application) : json_null());
		json_object_set_new(o, "last_error", r->last_error ? json_string(r->last_error) : json_null());
		json_array_append_new(list, o);
	}
	arena_free(&a);
	return json_pack("{s:o,s:I}", "outbox", list, "total", (json_int_t)n);
}

/* ---- deadline reminders ---- */

/* The two reminders: how long before the deadline each opens, and where the next one
 * (the nearer) takes over, so a round found 12 hours before its deadline gets only
 * the one-day reminder. */
static const struct reminder_span {
	const char *key, *label;
	time_t from, until; /* the deadline in (now + until, now + from] */
} reminder_spans[] = {
	{ "7d", "7日", 7 * 86400, 86400 },
	{ "1d", "1日", 86400, 0 },
};

typedef struct remind_ctx {
	time_t now;
	arena *a;
	int reminded;
} remind_ctx;

/* "2026年12月11日 09時00分（日本時間）" of an ISO UTC time, or the text itself. */
static const char *jst_text(arena *a, const char *iso)
{
	struct tm tm = { 0 };
	const char *end = strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (end == NULL || *end != '\0')
		return iso;
	time_t t = timegm(&tm) + 9 * 3600;
	gmtime_r(&t, &tm);
	return arena_printf(a, "%d年%d月%d日 %02d時%02d分（日本時間）", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
			    tm.tm_min);
}

static store_rc remind_step(svc *s, svc_op *op, void *ctx, svc_err *err)
{
	(void)op;
	(void)err;
	remind_ctx *c = ctx;
	for (size_t k = 0; k < sizeof reminder_spans / sizeof reminder_spans[0]; k++) {
		const struct reminder_span *sp = &reminder_spans[k];
		char after[32], until[32];
		svc_iso_time(c->now + sp->until, after, sizeof after);
		svc_iso_time(c->now + sp->from, until, sizeof until);
		store_reminder *due;
		size_t n;
		store_rc rc = store_reminders_due(s->st, sp->key, after, until, c->a, &due, &n);
		for (size_t i = 0; i < n && rc == STORE_OK; i++) {
			rc = store_reminder_mark(s->st, due[i].round_id, due[i].organization, sp->key);
			if (rc == STORE_DUPLICATE) { /* another server wrote it first */
				rc = STORE_OK;
				continue;
			}
			const char *title = arena_printf(c->a, "「%s」の締切まであと%sです", due[i].round_title, sp->label);
			const char *body = arena_printf(c->a,
							"%sには、募集回「%s」にまだ提出していない申請（下書き・事前相談中）があります。\n"
							"締切: %s\n締切を過ぎると提出できません。",
							due[i].organization_name, due[i].round_title, jst_text(c->a, due[i].deadline));
			store_notice no = { .kind = arena_printf(c->a, "reminder.%s", sp->key), .title = title, .body = body,
					    .organization = due[i].organization, .link = "/my", .round_id = due[i].round_id,
					    .to_org = true };
			if (rc == STORE_OK)
				rc = store_notify_add(s->st, &no, NULL);
			c->reminded++;
		}
		if (rc != STORE_OK)
			return rc;
	}
	return STORE_OK;
}

/* Whether any reminder is due at now (a read, so a pass with nothing to write takes no
 * write transaction). */
static bool reminders_due(svc *s, time_t now, arena *a)
{
	for (size_t k = 0; k < sizeof reminder_spans / sizeof reminder_spans[0]; k++) {
		char after[32], until[32];
		svc_iso_time(now + reminder_spans[k].until, after, sizeof after);
		svc_iso_time(now + reminder_spans[k].from, until, sizeof until);
		store_reminder *due;
		size_t n = 0;
		/* an error here is met again by the write pass, which reports it */
		if (store_reminders_due(s->st, reminder_spans[k].key, after, until, a, &due, &n) != STORE_OK || n > 0)
			return true;
	}
	return false;
}

int svc_remind(svc *s, time_t now, svc_err *err)
{
	arena a;
	arena_init(&a);
	remind_ctx c = { .now = now, .a = &a };
	svc_op op = { .actor = "system" }; /* the reminders are the record; no audit entry per pass */
	int rc = reminders_due(s, now, &a) ? svc_op_run(s, &op, remind_step, &c, err) : 0;
	arena_free(&a);
	return rc == 0 ? c.reminded : -1;
}
