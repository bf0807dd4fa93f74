/* password_reset.c — /password-reset?token=…: the form where the holder of a one-time
 * reset token sets a new password (issue 13, part 2). No login; the form carries the
 * visitor's CSRF token (double submit, as the login form). */
#include "../office/users.h"

static void reset_form(web_request *r, const char *token, const svc_err *e)
{
	page_begin(r, "パスワードの再設定");
	if (e) {
		html_wrap(&r->raw, "<div class=\"notice error\" role=\"alert\"><p>", e->message, "</p>");
		view_diags(r, e->details, "error", "path");
		buf_raw(&r->raw, "</div>");
	}
	view_para(r, "事務局から受け取った再設定用のURLで、新しいパスワードを決めます。URLは一度だけ、発行から24時間以内に使えます。");
	view_form_open(r, "/password-reset");
	view_hidden(r, "token", token ? token : "");
	view_field pw = { .type = "password", .id = "password", .label = "新しいパスワード", .hint = "10〜256文字",
			  .attrs = "autocomplete=\"new-password\" required minlength=\"10\"" };
	view_field_write(r, &pw);
	view_submit(r, "パスワードを設定する", NULL);
	page_end(r);
}

void page_password_reset(web_request *r)
{
	(void)web_anon_csrf(r);
	reset_form(r, page_param(r, "token"), NULL);
}

void page_password_reset_post(web_request *r)
{
	const char *token = page_param(r, "token"), *password = page_param(r, "password");
	json_t *body = json_pack("{s:s,s:s}", "token", token ? token : "", "password", password ? password : "");
	svc_err e = { 0 };
	json_t *out = svc_password_reset(r->svc, body, &e);
	json_decref(body);
	if (out == NULL) {
		r->status = e.status ? e.status : 400;
		reset_form(r, token, &e);
	} else {
		page_begin(r, "パスワードを再設定しました");
		view_notice_ok(r, "新しいパスワードを設定しました。ログインしてください。");
		buf_raw(&r->raw, "<p><a href=\"/login\">ログイン</a></p>");
		page_end(r);
	}
	json_decref(out);
	svc_err_clear(&e);
}
