/* office_user.c — /office/users/{id}: one account for the office: its facts, editing
 * its name, role and whether it may log in, a one-time password reset token (shown
 * once, on the answer to the post), and a reviewer's conflicts of interest (issue 13,
 * part 2). The service decides who may change what. */
#include <stdlib.h>
#include <string.h>

#include "users.h"

static const char *done_text(const char *done)
{
	if (done == NULL)
		return NULL;
	return strcmp(done, "update") == 0 ? "利用者の情報を変更しました。"
	       : strcmp(done, "conflicts") == 0 ? "利害関係の申告を保存しました。"
						: NULL;
}

/* "a, b、c d" → ["a","b","c"] of strings, or of integers when numbers. */
static json_t *split_list(const char *text, bool numbers)
{
	json_t *arr = json_array();
	char *copy = strdup(text ? text : ""), *save = NULL;
	for (char *t = copy ? strtok_r(copy, ", \t\r\n", &save) : NULL; t; t = strtok_r(NULL, ", \t\r\n", &save)) {
		char *end;
		long v = strtol(t, &end, 10);
		json_array_append_new(arr, numbers && *end == '\0' ? json_integer(v) : json_string(t));
	}
	free(copy);
	return arr;
}

/* The declared conflicts as text for the form fields. */
static const char *joined(web_request *r, json_t *arr)
{
	buf b = { 0 };
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		if (i)
			buf_raw(&b, ", ");
		if (json_is_integer(v))
			buf_fmt(&b, "%lld", (long long)json_integer_value(v));
		else
			buf_raw(&b, json_string_value(v) ? json_string_value(v) : "");
	}
	const char *out = arena_strdup(&r->arena, b.data ? b.data : "");
	buf_free(&b);
	return out ? out : "";
}

static void facts(web_request *r, json_t *u)
{
	view_dl_open(r);
	view_dt(r, "ID");
	buf_fmt(&r->raw, "%lld", (long long)json_integer_value(json_object_get(u, "id")));
	view_dd_close(r);
	view_dl_text(r, "ログインID", view_jstr(u, "login"), NULL);
	view_dl_text(r, "役割", view_jstr(u, "role"), NULL);
	view_dl_text(r, "団体", view_jstr(u, "organization_name"), "—");
	view_dl_text(r, "状態", json_is_true(json_object_get(u, "disabled")) ? "無効（ログインできません）" : "有効", NULL);
	view_dt(r, "最終ログイン（日本時間）");
	view_time(r, view_jstr(u, "last_login_at"));
	view_dd_close(r);
	view_dl_close(r);
}

static void edit_form(web_request *r, json_t *u, const char *action)
{
	view_section_open(r, NULL, 2, "情報の変更");
	view_form_open(r, action);
	view_hidden(r, "op", "update");
	page_text_input(r, "表示名", "display_name", view_jstr(u, "display_name"), "200バイトまで", NULL, "autocomplete=\"off\"");
	static const char *const roles[] = { "applicant|申請者（団体の職員）", "reviewer|審査員", "secretariat|事務局", "admin|管理者",
					     NULL };
	page_select(r, "役割", "role", view_jstr(u, "role"), roles, NULL);
	page_text_input(r, "団体コード（申請者のみ）", "organization", view_jstr(u, "organization"), NULL, NULL,
			"inputmode=\"numeric\" autocomplete=\"off\"");
	buf_raw(&r->raw, "<div class=\"control\">");
	page_checkbox(r, "無効にする（ログインできなくなり、いまのセッションもすぐに終わります）", "disabled",
		      json_is_true(json_object_get(u, "disabled")));
	buf_raw(&r->raw, "</div>");
	view_submit(r, "変更する", NULL);
	view_section_close(r);
}

static void reset_part(web_request *r, json_t *reset, const char *action)
{
	view_section_open(r, NULL, 2, "パスワードの再設定");
	if (reset) {
		char *url = arena_printf(&r->arena, "/password-reset?token=%s", view_jstr(reset, "token"));
		buf_raw(&r->raw, "<div class=\"notice\" role=\"status\"><p>再設定用のURLです。この画面でだけ表示します（保存しているのはハッシュだけです）。"
				 "本人に安全な方法で伝えてください。一度だけ、24時間以内に使えます。</p><p><code>");
		html_text(&r->raw, url ? url : "");
		buf_raw(&r->raw, "</code></p><p>有効期限: ");
		view_time(r, view_jstr(reset, "expires_at"));
		buf_raw(&r->raw, "</p></div>");
	}
	view_para(r, "一度だけ使える再設定用のトークンを発行します。前に発行した未使用のトークンは使えなくなります。");
	view_form_open(r, action);
	view_hidden(r, "op", "reset");
	view_submit(r, "再設定用のトークンを発行する", "secondary");
	view_section_close(r);
}

static void conflicts_part(web_request *r, json_t *u, const char *action)
{
	if (strcmp(view_jstr(u, "role"), "reviewer") != 0)
		return;
	json_t *c = json_object_get(u, "conflicts");
	view_section_open(r, NULL, 2, "利害関係（審査しない団体・都道府県）");
	view_para(r, "ここに挙げた団体、または都道府県内の団体の申請には、この審査員を割り当てられません。");
	view_form_open(r, action);
	view_hidden(r, "op", "conflicts");
	page_text_input(r, "団体コード", "organizations", joined(r, json_object_get(c, "organizations")),
			"6桁の団体コードをカンマで区切って（例: 042072, 131016）", NULL, "autocomplete=\"off\"");
	page_text_input(r, "都道府県番号", "prefectures", joined(r, json_object_get(c, "prefectures")),
			"1〜47の番号をカンマで区切って（例: 4 は宮城県）", NULL, "inputmode=\"numeric\" autocomplete=\"off\"");
	view_submit(r, "保存する", NULL);
	view_section_close(r);
}

/* The whole page; e the error of a post (NULL: none), reset a token just issued. */
static void user_page(web_request *r, const svc_err *e, json_t *reset)
{
	svc_err ge = { 0 };
	json_t *u = svc_user_get(r->svc, &r->user, r->id, &ge);
	if (u == NULL) {
		page_svc_error(r, &ge);
		svc_err_clear(&ge);
		return;
	}
	char *title = arena_printf(&r->arena, "利用者 %s", view_jstr(u, "login"));
	page_begin(r, title ? title : "利用者");
	buf_raw(&r->raw, "<p><a href=\"/office/users\">利用者の一覧に戻る</a></p>");
	const char *done = e ? NULL : done_text(page_param(r, "done"));
	if (done)
		view_notice_ok(r, done);
	if (e) {
		html_wrap(&r->raw, "<div class=\"notice error\" role=\"alert\"><p>", e->message, "</p>");
		view_diags(r, e->details, "error", "path");
		buf_raw(&r->raw, "</div>");
	}
	facts(r, u);
	const char *action = arena_printf(&r->arena, "/office/users/%lld", (long long)r->id);
	edit_form(r, u, action);
	reset_part(r, reset, action);
	conflicts_part(r, u, action);
	page_end(r);
	json_decref(u);
}

void page_office_user(web_request *r) { user_page(r, NULL, NULL); }

/* The JSON body of the update form. */
static json_t *update_body(web_request *r)
{
	const char *org = page_param(r, "organization");
	json_t *b = json_pack("{s:s,s:s,s:b}", "display_name", page_param(r, "display_name") ? page_param(r, "display_name") : "",
			      "role", page_param(r, "role") ? page_param(r, "role") : "", "disabled", page_param(r, "disabled") != NULL);
	json_object_set_new(b, "organization", org && org[0] ? json_string(org) : json_null());
	return b;
}

void page_office_user_post(web_request *r)
{
	const char *op = page_param(r, "op");
	op = op ? op : "";
	svc_err e = { 0 };
	json_t *out = NULL, *body = NULL;
	if (strcmp(op, "update") == 0) {
		body = update_body(r);
		out = svc_user_patch(r->svc, &r->user, r->id, body, &e);
	} else if (strcmp(op, "conflicts") == 0) {
		body = json_pack("{s:o,s:o}", "organizations", split_list(page_param(r, "organizations"), false), "prefectures",
				 split_list(page_param(r, "prefectures"), true));
		out = svc_user_conflicts_put(r->svc, &r->user, r->id, body, &e);
	} else if (strcmp(op, "reset") == 0) {
		out = svc_user_reset_issue(r->svc, &r->user, r->id, &e);
	} else {
		svc_fail(&e, 400, "INVALID", "操作（op）が不明です");
	}
	json_decref(body);
	if (out == NULL) {
		r->status = e.status ? e.status : 400;
		if (r->status >= 500 || r->status == 404)
			page_svc_error(r, &e);
		else
			user_page(r, &e, NULL);
	} else if (strcmp(op, "reset") == 0) {
		user_page(r, NULL, out); /* the token is shown in this answer only */
	} else {
		page_redirect(r, arena_printf(&r->arena, "/office/users/%lld?done=%s", (long long)r->id, op));
	}
	json_decref(out);
	svc_err_clear(&e);
}
