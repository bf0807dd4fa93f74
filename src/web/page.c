/* page.c — layout and form helpers for the HTML pages; see page.h. */
#include "page.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "notify_page.h"
#include "view.h"

/* The navigation of each role: what a municipal officer, the office, a reviewer and
 * the public need to reach from every page. */
static void nav(web_request *r)
{
	buf *b = &r->raw;
	buf_raw(b, "<nav aria-label=\"メインメニュー\"><ul>");
	buf_raw(b, "<li><a href=\"/results\">公表結果</a></li><li><a href=\"/menus\">制度の説明</a></li>"
		   "<li><a href=\"/calc\">交付税・地方債の計算</a></li>");
	if (r->user.id != 0) {
		switch (r->user.role) {
		case ROLE_APPLICANT:
			buf_raw(b, "<li><a href=\"/my\">自団体の申請</a></li><li><a href=\"/guide\">類型の選び方</a></li>"
				   "<li><a href=\"/worksheet\">課題分析</a></li><li><a href=\"/support\">伴走支援</a></li>"
				   "<li><a href=\"/promotion\">推進タイプ</a></li>");
			break;
		case ROLE_REVIEWER: buf_raw(b, "<li><a href=\"/review\">担当の審査</a></li>"); break;
		case ROLE_SECRETARIAT:
		case ROLE_ADMIN:
			buf_raw(b, "<li><a href=\"/office\">事務局</a></li><li><a href=\"/office/applications\">申請一覧</a></li>"
				   "<li><a href=\"/office/rounds\">募集回</a></li>");
			break;
		case ROLE__MAX: break;
		}
	}
	buf_raw(b, "</ul></nav>");
}

static const char *role_label(user_role role)
{
	static const char *const labels[ROLE__MAX] = { "申請者", "審査員", "事務局", "管理者" };
	return role < ROLE__MAX ? labels[role] : "";
}

void page_begin(web_request *r, const char *title)
{
	buf *b = &r->raw;
	r->raw_type = "text/html; charset=utf-8";
	buf_raw(b, "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
	html_text(b, title);
	buf_raw(b, " | digiden デジタル田園都市国家構想交付金</title>"
		   "<link rel=\"stylesheet\" href=\"/static/tokens.css\"><link rel=\"stylesheet\" href=\"/static/digiden.css\">"
		   "</head><body><a class=\"skip\" href=\"#main\">本文へ移動</a><header class=\"site\"><div class=\"inner\">"
		   "<a class=\"brand\" href=\"/\">digiden</a>");
	nav(r);
	buf_raw(b, "<div class=\"who\">");
	if (r->user.id != 0) {
		html_wrap(b, "<span>", r->user.login, "（");
		buf_raw(b, role_label(r->user.role));
		if (r->user.organization) {
			const organization *o = org_find(&r->svc->cat->orgs, r->user.organization);
			buf_raw(b, "・");
			html_text(b, o ? o->name : r->user.organization);
		}
		buf_raw(b, "）</span>");
		page_notify_badge(r); /* 通知 (N): one indexed count */
		buf_raw(b, "<form method=\"post\" action=\"/logout\">");
		page_csrf_field(r);
		buf_raw(b, "<button type=\"submit\">ログアウト</button></form>");
	} else {
		buf_raw(b, "<a href=\"/login\">ログイン</a>");
	}
	html_wrap(b, "</div></div></header><main id=\"main\"><h1>", title, "</h1>");
}

void page_end(web_request *r)
{
	buf_raw(&r->raw, "</main><footer class=\"site\">digiden — デジタル田園都市国家構想交付金の申請・審査・公表。"
			 "制度の値はすべて出典資料（seeds）に基づきます。</footer></body></html>\n");
}

void page_redirect(web_request *r, const char *location)
{
	r->status = 303;
	snprintf(r->location, sizeof r->location, "%s", location);
	r->raw_type = "text/html; charset=utf-8";
	html_wrap(&r->raw, "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>移動</title></head><body><p><a href=\"", location, "\">次のページへ</a></p></body></html>\n");
}

void page_error(web_request *r, int status, const char *message)
{
	static const struct {
		int status;
		const char *title;
	} titles[] = { { 400, "入力に誤りがあります" }, { 401, "ログインしてください" }, { 403, "このページを見る権限がありません" },
		       { 404, "ページが見つかりません" },   { 409, "この操作はできません" },   { 413, "送信内容が大きすぎます" },
		       { 415, "送信形式が違います" },       { 500, "システムエラー" } };
	const char *title = "エラー";
	for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
		if (titles[i].status == status)
			title = titles[i].title;
	buf_free(&r->raw);
	r->status = status;
	page_begin(r, title);
	buf_raw(&r->raw, "<div class=\"notice error\" role=\"alert\"><p>");
	html_text(&r->raw, message);
	buf_fmt(&r->raw, "</p><p>（HTTP %d）</p></div><p><a href=\"/\">トップページへ</a></p>", status);
	page_end(r);
}

const char *page_param(web_request *r, const char *name)
{
	for (size_t i = 0; i < r->n_form; i++)
		if (strcmp(r->form[i].name, name) == 0)
			return r->form[i].value;
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

void page_csrf_field(web_request *r)
{
	const char *token = r->user.id != 0 ? r->user.csrf : web_anon_csrf(r);
	html_wrap(&r->raw, "<input type=\"hidden\" name=\"csrf\" value=\"", token, "\">");
}

/* The page_ form controls: a view_field wrapped in <div class="control">, its name and id the path. */
void page_text_input(web_request *r, const char *label, const char *path, const char *value, const char *hint,
		     const char *error, const char *extra_attrs)
{
	view_field f = { .id = path, .label = label, .value = value, .hint = hint, .error = error, .attrs = extra_attrs,
			 .control = true };
	view_field_write(r, &f);
}

void page_textarea(web_request *r, const char *label, const char *path, const char *value, const char *error)
{
	view_field f = { .type = "textarea", .id = path, .label = label, .value = value, .error = error, .control = true };
	view_field_write(r, &f);
}

void page_select(web_request *r, const char *label, const char *path, const char *value, const char *const *opts,
		 const char *error)
{
	view_field f = { .id = path, .label = label, .value = value, .error = error, .control = true };
	view_select(r, &f, opts);
}

void page_checkbox(web_request *r, const char *label, const char *path, bool checked)
{
	html_wrap(&r->raw, "<label class=\"inline\"><input type=\"checkbox\" value=\"1\" id=\"", path, "\" name=\"");
	html_attr(&r->raw, path);
	buf_raw(&r->raw, checked ? "\" checked>" : "\">");
	html_text(&r->raw, label);
	buf_raw(&r->raw, "</label>");
}
