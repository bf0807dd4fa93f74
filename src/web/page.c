/* page.c — layout and form helpers for the HTML pages; see page.h. */
#include "page.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../core/money.h"

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
		buf_raw(b, "<span>");
		html_text(b, r->user.login);
		buf_raw(b, "（");
		buf_raw(b, role_label(r->user.role));
		if (r->user.organization) {
			const organization *o = org_find(&r->svc->cat->orgs, r->user.organization);
			buf_raw(b, "・");
			html_text(b, o ? o->name : r->user.organization);
		}
		buf_raw(b, "）</span><form method=\"post\" action=\"/logout\">");
		page_csrf_field(r);
		buf_raw(b, "<button type=\"submit\">ログアウト</button></form>");
	} else {
		buf_raw(b, "<a href=\"/login\">ログイン</a>");
	}
	buf_raw(b, "</div></div></header><main id=\"main\"><h1>");
	html_text(b, title);
	buf_raw(b, "</h1>");
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
	buf_raw(&r->raw, "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>移動</title></head><body><p><a href=\"");
	html_attr(&r->raw, location);
	buf_raw(&r->raw, "\">次のページへ</a></p></body></html>\n");
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
	buf_raw(&r->raw, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(&r->raw, token);
	buf_raw(&r->raw, "\">");
}

static void field_error(web_request *r, const char *path, const char *error)
{
	if (error == NULL)
		return;
	buf_raw(&r->raw, "<p class=\"field-error\" id=\"");
	html_attr(&r->raw, path);
	buf_raw(&r->raw, "-error\">");
	html_text(&r->raw, error);
	buf_raw(&r->raw, "</p>");
}

static void label_for(web_request *r, const char *label, const char *path)
{
	buf_raw(&r->raw, "<label for=\"");
	html_attr(&r->raw, path);
	buf_raw(&r->raw, "\">");
	html_text(&r->raw, label);
	buf_raw(&r->raw, "</label>");
}

static void describedby(web_request *r, const char *path, const char *hint, const char *error)
{
	if (hint == NULL && error == NULL)
		return;
	buf_raw(&r->raw, " aria-describedby=\"");
	if (hint) {
		html_attr(&r->raw, path);
		buf_raw(&r->raw, "-hint");
	}
	if (error) {
		buf_raw(&r->raw, hint ? " " : "");
		html_attr(&r->raw, path);
		buf_raw(&r->raw, "-error");
	}
	buf_raw(&r->raw, "\"");
	if (error)
		buf_raw(&r->raw, " aria-invalid=\"true\"");
}

void page_text_input(web_request *r, const char *label, const char *path, const char *value, const char *hint,
		     const char *error, const char *extra_attrs)
{
	buf_raw(&r->raw, "<div class=\"control\">");
	label_for(r, label, path);
	if (hint) {
		buf_raw(&r->raw, "<p class=\"hint\" id=\"");
		html_attr(&r->raw, path);
		buf_raw(&r->raw, "-hint\">");
		html_text(&r->raw, hint);
		buf_raw(&r->raw, "</p>");
	}
	field_error(r, path, error);
	buf_raw(&r->raw, "<input type=\"text\" id=\"");
	html_attr(&r->raw, path);
	buf_raw(&r->raw, "\" name=\"");
	html_attr(&r->raw, path);
	buf_raw(&r->raw, "\" value=\"");
	html_attr(&r->raw, value ? value : "");
	buf_raw(&r->raw, "\"");
	describedby(r, path, hint, error);
	if (extra_attrs) {
		buf_raw(&r->raw, " ");
		buf_raw(&r->raw, extra_attrs);
	}
	buf_raw(&r->raw, "></div>");
}

void page_textarea(web_request *r, const char *label, const char *path, const char *value, const char *error)
{
	buf_raw(&r->raw, "<div class=\"control\">");
	label_for(r, label, path);
	field_error(r, path, error);
	buf_raw(&r->raw, "<textarea id=\"");
	html_attr(&r->raw, path);
	buf_raw(&r->raw, "\" name=\"");
	html_attr(&r->raw, path);
	buf_raw(&r->raw, "\"");
	describedby(r, path, NULL, error);
	buf_raw(&r->raw, ">");
	html_text(&r->raw, value ? value : "");
	buf_raw(&r->raw, "</textarea></div>");
}

void page_select(web_request *r, const char *label, const char *path, const char *value, const char *const *opts,
		 const char *error)
{
	buf_raw(&r->raw, "<div class=\"control\">");
	label_for(r, label, path);
	field_error(r, path, error);
	buf_raw(&r->raw, "<select id=\"");
	html_attr(&r->raw, path);
	buf_raw(&r->raw, "\" name=\"");
	html_attr(&r->raw, path);
	buf_raw(&r->raw, "\"");
	describedby(r, path, NULL, error);
	buf_raw(&r->raw, ">");
	for (const char *const *o = opts; *o; o++) {
		const char *bar = strchr(*o, '|');
		size_t vl = bar ? (size_t)(bar - *o) : strlen(*o);
		char v[128];
		snprintf(v, sizeof v, "%.*s", (int)vl, *o);
		buf_raw(&r->raw, "<option value=\"");
		html_attr(&r->raw, v);
		buf_raw(&r->raw, "\"");
		if (value && strcmp(value, v) == 0)
			buf_raw(&r->raw, " selected");
		buf_raw(&r->raw, ">");
		html_text(&r->raw, bar ? bar + 1 : *o);
		buf_raw(&r->raw, "</option>");
	}
	buf_raw(&r->raw, "</select></div>");
}

void page_checkbox(web_request *r, const char *label, const char *path, bool checked)
{
	buf_raw(&r->raw, "<label class=\"inline\"><input type=\"checkbox\" value=\"1\" id=\"");
	html_attr(&r->raw, path);
	buf_raw(&r->raw, "\" name=\"");
	html_attr(&r->raw, path);
	buf_raw(&r->raw, checked ? "\" checked>" : "\">");
	html_text(&r->raw, label);
	buf_raw(&r->raw, "</label>");
}

void page_yen(web_request *r, int64_t yen)
{
	char a[64], h[64];
	money_format_yen(yen, a, sizeof a);
	money_format_human(yen, h, sizeof h);
	html_text(&r->raw, a);
	if (strcmp(a, h) != 0) {
		buf_raw(&r->raw, "（");
		html_text(&r->raw, h);
		buf_raw(&r->raw, "）");
	}
}
