/* office_users.c — /office/users: registering an account (applicant, reviewer,
 * secretariat, admin) with each field's error beside it, and the logins and
 * addresses refused now after failed logins. */
#include <string.h>
#include <time.h>

#include "users.h"

static const char *detail_for(const svc_err *e, const char *path)
{
	size_t i;
	json_t *d;
	json_array_foreach(e ? e->details : NULL, i, d)
	{
		if (strcmp(view_jstr(d, "path"), path) == 0)
			return view_jstr(d, "message");
	}
	return NULL;
}

static void login_cell(web_request *r, const view_cell *c)
{
	const char *login = json_string_value(json_object_get(c->row, "login"));
	html_text(&r->raw, login ? login : "（この端末からのすべてのログイン）");
}

static void until_cell(web_request *r, const view_cell *c)
{
	time_t until = (time_t)json_integer_value(json_object_get(c->row, "blocked_until"));
	struct tm tm;
	char when[32] = "";
	if (gmtime_r(&until, &tm))
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	html_text(&r->raw, when);
}

/* Logins and addresses refused now after failed logins (issue 10): the office sees
 * who is being guessed at and from where; the wait ends by itself. */
static void throttles_section(web_request *r)
{
	svc_err e = { 0 };
	json_t *t = svc_login_throttles(r->svc, &r->user, &e);
	view_section_open(r, "throttles", 2, "ログインを制限中のアカウントと端末");
	json_t *list = json_object_get(t, "throttles");
	if (t == NULL) {
		view_para(r, e.message);
	} else if (json_array_size(list) == 0) {
		view_para(r, "いまログインを制限しているアカウント・端末はありません。");
	} else {
		view_para(r, "パスワードの誤りが続いたため、しばらくログインを受け付けていない組み合わせです。"
			     "アカウント自体は止めていないので、本人は別の端末からログインできます。");
		static const view_col cols[] = {
			{ .header = "ログインID", .cell = login_cell },
			{ .header = "接続元アドレス", .key = "address" },
			{ .header = "失敗回数", .flags = VIEW_NUM, .cell = view_cell_int, .key = "failures" },
			{ .header = "制限の終わり（UTC）", .cell = until_cell },
		};
		static const view_table tab = { .caption = "制限中（新しい順）", .cols = cols, .n_cols = 4 };
		view_table_json(r, &tab, list);
	}
	view_section_close(r);
	json_decref(t);
	svc_err_clear(&e);
}

static void users_page(web_request *r, const svc_err *e)
{
	page_begin(r, "利用者");
	buf *b = &r->raw;
	const char *created = page_param(r, "created");
	if (e == NULL && created && created[0]) {
		char *msg = arena_printf(&r->arena, "利用者「%s」を登録しました。", created);
		view_notice_ok(r, msg ? msg : "登録しました。");
	}
	if (e) {
		html_wrap(b, "<div class=\"notice error\" role=\"alert\"><p>", e->message, "</p>");
		if (json_array_size(e->details) > 0)
			buf_raw(b, "<p>各項目の下の説明を確認してください。</p>");
		buf_raw(b, "</div>");
	}
	office_users_list(r);
	view_heading(r, 2, "利用者の登録");
	view_para(r, "申請者（自治体の職員）、審査員、事務局のアカウントを登録します。事務局・管理者を登録できるのは管理者だけです。");
	view_form_open(r, "/office/users");
	const char *login = e ? page_param(r, "login") : "", *role = e ? page_param(r, "role") : "applicant",
		   *org = e ? page_param(r, "organization") : "";
	const char *lerr = detail_for(e, "login");
	if (lerr == NULL && e && e->code && strcmp(e->code, "DUPLICATE") == 0)
		lerr = e->message;
	page_text_input(r, "ログインID", "login", login, "英数字と . _ - @ の2〜64文字", lerr, "required autocomplete=\"off\"");
	view_field pw = { .type = "password", .id = "password", .label = "パスワード", .hint = "10〜256文字。本人に安全な方法で伝えてください。",
			  .error = detail_for(e, "password"), .attrs = "autocomplete=\"new-password\" required" };
	view_field_write(r, &pw);
	static const char *const roles[] = { "applicant|申請者（団体の職員）", "reviewer|審査員", "secretariat|事務局",
					     "admin|管理者", NULL };
	const char *rerr = detail_for(e, "role");
	if (rerr == NULL && e && e->status == 403)
		rerr = e->message;
	page_select(r, "役割", "role", role, roles, rerr);
	page_text_input(r, "団体コード（申請者のみ）", "organization", org,
			"申請者は所属団体の6桁の全国地方公共団体コード（例: 042072 名取市）。申請者以外は空欄にします。",
			detail_for(e, "organization"), "inputmode=\"numeric\" autocomplete=\"off\"");
	view_submit(r, "登録する", NULL);
	throttles_section(r);
	page_end(r);
}

void page_office_users(web_request *r) { users_page(r, NULL); }

void page_office_users_post(web_request *r)
{
	json_t *body = json_object();
	const char *names[] = { "login", "password", "role" };
	for (size_t i = 0; i < 3; i++) {
		const char *v = page_param(r, names[i]);
		json_object_set_new(body, names[i], json_string(v ? v : ""));
	}
	const char *org = page_param(r, "organization");
	if (org && org[0])
		json_object_set_new(body, "organization", json_string(org));
	svc_err e = { 0 };
	json_t *out = svc_user_add(r->svc, &r->user, body, &e);
	json_decref(body);
	if (out == NULL) {
		r->status = e.status ? e.status : 400;
		if (r->status >= 500)
			page_svc_error(r, &e);
		else
			users_page(r, &e);
		svc_err_clear(&e);
		return;
	}
	buf loc = { 0 };
	buf_raw(&loc, "/office/users?created=");
	html_url_param(&loc, view_jstr(out, "login"));
	page_redirect(r, loc.data ? loc.data : "/office/users");
	buf_free(&loc);
	json_decref(out);
}

/* ---- the list of accounts (issue 13, part 2) ---- */

static void role_cell(web_request *r, const view_cell *c)
{
	static const char *const labels[][2] = { { "applicant", "申請者" }, { "reviewer", "審査員" },
						 { "secretariat", "事務局" }, { "admin", "管理者" } };
	const char *role = view_jstr(c->row, "role");
	for (size_t i = 0; i < 4; i++)
		if (strcmp(labels[i][0], role) == 0)
			role = labels[i][1];
	html_text(&r->raw, role);
}

static void org_cell(web_request *r, const view_cell *c)
{
	view_text_or(r, view_jstr(c->row, "organization_name"), view_jstr(c->row, "organization")[0] ? view_jstr(c->row, "organization") : "—");
}

static void state_cell(web_request *r, const view_cell *c)
{
	html_text(&r->raw, json_is_true(json_object_get(c->row, "disabled")) ? "無効" : "有効");
}

void office_users_list(web_request *r)
{
	const char *q = page_param(r, "q"), *role = page_param(r, "list_role"), *pg = page_param(r, "page");
	svc_err e = { 0 };
	json_t *list = svc_users_list(r->svc, &r->user, role, q, pg, NULL, &e);
	view_section_open(r, "users", 2, "利用者の一覧");
	buf_raw(&r->raw, "<form method=\"get\" action=\"/office/users\" class=\"filters\">");
	page_text_input(r, "検索（ログインID・表示名・団体）", "q", q ? q : "", NULL, NULL, "autocomplete=\"off\"");
	static const char *roles[] = { "|すべて", "applicant|申請者", "reviewer|審査員", "secretariat|事務局", "admin|管理者", NULL };
	office_filter_select(r, "役割", "list_role", role ? role : "", roles); /* "role" is the registration form's */
	buf_raw(&r->raw, "<p><button type=\"submit\" class=\"secondary\">絞り込む</button></p></form>");
	if (list == NULL) {
		view_para(r, e.message);
	} else {
		static const view_col cols[] = {
			{ .header = "ID", .flags = VIEW_NUM, .cell = view_cell_int, .key = "id" },
			{ .header = "ログインID", .cell = view_cell_link, .key = "login", .href = "/office/users/" },
			{ .header = "表示名", .key = "display_name", .dflt = "—" },
			{ .header = "役割", .cell = role_cell },
			{ .header = "団体", .cell = org_cell },
			{ .header = "状態", .cell = state_cell },
			{ .header = "最終ログイン（日本時間）", .cell = view_cell_time, .key = "last_login_at" },
		};
		static const view_table tab = { .id = "users-table", .caption = "利用者", .cols = cols, .n_cols = 7,
						.empty = "該当する利用者はいません。" };
		view_table_json(r, &tab, json_object_get(list, "users"));
		buf base = { 0 };
		buf_raw(&base, "/office/users?q=");
		html_url_param(&base, q ? q : "");
		buf_raw(&base, "&list_role=");
		html_url_param(&base, role ? role : "");
		buf_raw(&base, "&");
		view_pager(r, base.data ? base.data : "/office/users?", (size_t)json_integer_value(json_object_get(list, "total")),
			   (size_t)json_integer_value(json_object_get(list, "page")),
			   (size_t)json_integer_value(json_object_get(list, "per_page")));
		buf_free(&base);
	}
	view_section_close(r);
	json_decref(list);
	svc_err_clear(&e);
}
