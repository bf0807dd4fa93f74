/* notify_page.c — notifications on the web (see notify_page.h): what the API answers,
 * the /notifications page (the list, newest first, a mark-read form on each unread one,
 * and the user's own mail address) and the unread count in every page's header. */
#include "notify_page.h"

#include <stdlib.h>
#include <string.h>

#include "../service/notify.h"
#include "pages.h"
#include "view.h"

#define NOTIFY_PER_PAGE 50

/* The query's integer name (dflt when absent) into *out; false when it is not a whole number. */
static bool query_int(web_request *r, const char *name, int64_t dflt, int64_t *out)
{
	const char *v = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
	if (v == NULL) {
		*out = dflt;
		return true;
	}
	char *end;
	long long n = strtoll(v, &end, 10);
	*out = n;
	return *v != '\0' && *end == '\0';
}

json_t *api_notifications(web_request *r, svc_err *err)
{
	int64_t page, per;
	if (!query_int(r, "page", 1, &page) || !query_int(r, "per_page", NOTIFY_PER_PAGE, &per)) {
		svc_fail(err, 400, "INVALID", "page と per_page は整数で指定してください");
		return NULL;
	}
	return svc_notifications(r->svc, &r->user, page, per, err);
}

json_t *api_notification_read(web_request *r, svc_err *err) { return svc_notification_read(r->svc, &r->user, r->id, err); }

json_t *api_user_email(web_request *r, svc_err *err) { return svc_user_email_set(r->svc, &r->user, r->id, r->json, err); }

void page_notify_badge(web_request *r)
{
	if (r->user.id == 0)
		return;
	int64_t n = svc_notify_unread(r->svc, &r->user);
	buf_raw(&r->raw, "<a class=\"notifications\" href=\"/notifications\">通知");
	if (n > 0)
		buf_fmt(&r->raw, " (%lld)", (long long)n);
	buf_raw(&r->raw, "</a>");
}

/* ---- the page ---- */

static void title_cell(web_request *r, const view_cell *c)
{
	bool unread = !json_is_true(json_object_get(c->row, "read"));
	html_wrap(&r->raw, unread ? "<strong><a href=\"" : "<a href=\"", view_jstr(c->row, "link"), "\">");
	html_text(&r->raw, view_jstr(c->row, "title"));
	buf_raw(&r->raw, unread ? "</a></strong>" : "</a>");
}

static void state_cell(web_request *r, const view_cell *c)
{
	if (json_is_true(json_object_get(c->row, "read"))) {
		buf_raw(&r->raw, "既読");
		return;
	}
	view_form_open(r, "/notifications");
	view_hidden(r, "op", "read");
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(c->row, "id")));
	view_hidden(r, "id", id);
	view_submit(r, "既読にする", NULL);
}

static void email_section(web_request *r, const char *value, const char *error)
{
	view_section_open(r, "mail", 2, "通知メールの宛先");
	view_para(r, "ここに登録したアドレスに、これからの通知を電子メールでもお送りします（サーバがメールを送る設定のとき）。"
		     "空にして保存すると、画面でだけお知らせします。");
	view_form_open(r, "/notifications");
	view_hidden(r, "op", "email");
	view_field f = { .type = "email", .id = "email", .label = "メールアドレス", .value = value, .error = error,
			 .hint = "例: tanto@city.example.lg.jp", .attrs = "autocomplete=\"email\"", .control = true };
	view_field_write(r, &f);
	view_submit(r, "宛先を保存する", NULL);
	view_section_close(r);
}

static void notifications_page(web_request *r, const char *email, const char *email_error)
{
	int64_t page;
	if (!query_int(r, "page", 1, &page) || page < 1)
		page = 1;
	svc_err e = { 0 };
	json_t *got = svc_notifications(r->svc, &r->user, page, NOTIFY_PER_PAGE, &e);
	if (got == NULL) {
		page_svc_error(r, &e);
		svc_err_clear(&e);
		return;
	}
	page_begin(r, "通知");
	const char *done = page_param(r, "done");
	if (done && strcmp(done, "read") == 0)
		view_notice_ok(r, "既読にしました。");
	else if (done && strcmp(done, "email") == 0)
		view_notice_ok(r, "通知メールの宛先を保存しました。");
	if (email_error)
		view_notice_error(r, email_error);
	char *summary = arena_printf(&r->arena, "未読 %lld 件", (long long)json_integer_value(json_object_get(got, "unread")));
	view_para(r, summary ? summary : "");
	static const view_col cols[] = {
		{ .header = "日時", .cell = view_cell_time, .key = "at", .cls = "nowrap" },
		{ .header = "内容", .cell = title_cell },
		{ .header = "状態", .cell = state_cell },
	};
	static const view_table tab = { .id = "notifications", .caption = "通知（新しい順）", .cols = cols, .n_cols = 3,
					.empty = "通知はまだありません。" };
	view_table_json(r, &tab, json_object_get(got, "notifications"));
	view_pager(r, "/notifications?", (size_t)json_integer_value(json_object_get(got, "total")), (size_t)page, NOTIFY_PER_PAGE);
	const char *current = email;
	arena a;
	arena_init(&a);
	if (current == NULL && store_user_email(r->svc->st, r->user.id, &a, &current) != STORE_OK)
		current = "";
	email_section(r, current, email_error);
	arena_free(&a);
	page_end(r);
	json_decref(got);
}

void page_notifications(web_request *r) { notifications_page(r, NULL, NULL); }

void page_notifications_post(web_request *r)
{
	const char *op = page_param(r, "op");
	svc_err e = { 0 };
	json_t *out = NULL;
	if (op && strcmp(op, "read") == 0) {
		const char *id = page_param(r, "id");
		char *end;
		long long v = id ? strtoll(id, &end, 10) : 0;
		if (id == NULL || *id == '\0' || *end != '\0' || v <= 0)
			svc_fail(&e, 400, "INVALID", "通知のIDが正しくありません");
		else
			out = svc_notification_read(r->svc, &r->user, v, &e);
		if (out)
			page_redirect(r, "/notifications?done=read");
		else
			page_svc_error(r, &e);
	} else if (op && strcmp(op, "email") == 0) {
		const char *email = page_param(r, "email");
		json_t *body = json_pack("{s:s}", "email", email ? email : "");
		out = svc_user_email_set(r->svc, &r->user, r->user.id, body, &e);
		json_decref(body);
		if (out)
			page_redirect(r, "/notifications?done=email");
		else {
			r->status = e.status;
			notifications_page(r, email ? email : "", e.message);
		}
	} else {
		page_error(r, 400, "操作（op）が正しくありません");
	}
	json_decref(out);
	svc_err_clear(&e);
}
