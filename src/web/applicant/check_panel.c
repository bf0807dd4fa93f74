/* check_panel.c — the rules engine's answer rendered for people: amounts, errors and
 * warnings each linked to the field they are about, and the trace in plain Japanese.
 * static/app.js renders the same structure live from POST /api/v1/check. */
#include <stdio.h>
#include <string.h>

#include "../../core/lifecycle.h"
#include "../pages.h"

static void amount_row(web_request *r, const char *label, json_t *v, const char *id)
{
	html_wrap(&r->raw, "<dt>", label, "</dt><dd id=\"");
	html_attr(&r->raw, id);
	buf_raw(&r->raw, "\">");
	if (json_is_integer(v))
		view_yen(r, json_integer_value(v));
	else if (json_is_string(v))
		html_text(&r->raw, json_string_value(v));
	else
		buf_raw(&r->raw, "—");
	buf_raw(&r->raw, "</dd>");
}

static void diag_list_html(web_request *r, json_t *list, const char *cls, const char *heading, bool link)
{
	if (json_array_size(list) == 0)
		return;
	buf_raw(&r->raw, "<h3>");
	html_text(&r->raw, heading);
	buf_fmt(&r->raw, "（%zu件）</h3><ul class=\"diags\">", json_array_size(list));
	size_t i;
	json_t *d;
	json_array_foreach(list, i, d)
	{
		const char *path = json_string_value(json_object_get(d, "path"));
		buf_raw(&r->raw, "<li class=\"");
		buf_raw(&r->raw, cls);
		buf_raw(&r->raw, "\">");
		if (link && path && path[0]) {
			html_wrap(&r->raw, "<a href=\"#", path, "\">");
			html_text(&r->raw, path);
			buf_raw(&r->raw, "</a>: ");
		} else if (path && path[0]) {
			html_text(&r->raw, path);
			buf_raw(&r->raw, ": ");
		}
		html_text(&r->raw, json_string_value(json_object_get(d, "message")));
		buf_raw(&r->raw, "</li>");
	}
	buf_raw(&r->raw, "</ul>");
}

void page_check_panel(web_request *r, json_t *check, bool link_fields)
{
	buf *b = &r->raw;
	buf_raw(b, "<aside class=\"estimate\" id=\"estimate\" aria-live=\"polite\"><h2>判定と国費の見込み</h2>");
	bool ok = json_is_true(json_object_get(check, "ok"));
	if (!json_is_object(check))
		buf_raw(b, "<p class=\"notice\" id=\"estimate-verdict\">入力すると判定結果がここに表示されます</p>");
	else
		buf_raw(b, ok ? "<p class=\"notice ok\" id=\"estimate-verdict\">受付可能です（エラーなし）</p>"
			      : "<p class=\"notice error\" id=\"estimate-verdict\">このままでは受け付けられません</p>");
	buf_raw(b, "<dl>");
	amount_row(r, "総事業費", json_object_get(check, "project_cost_yen"), "estimate-project-cost");
	amount_row(r, "交付対象事業費", json_object_get(check, "eligible_cost_yen"), "estimate-eligible-cost");
	amount_row(r, "補助率", json_object_get(check, "rate"), "estimate-rate");
	amount_row(r, "国費上限", json_object_get(check, "cap_yen"), "estimate-cap");
	amount_row(r, "国費", json_object_get(check, "national_share_yen"), "estimate-national-share");
	amount_row(r, "地方負担", json_object_get(check, "local_share_yen"), "estimate-local-share");
	buf_raw(b, "</dl><div id=\"estimate-diags\">");
	diag_list_html(r, json_object_get(check, "errors"), "error", "エラー", link_fields);
	diag_list_html(r, json_object_get(check, "warnings"), "warning", "警告（審査で弱いと見られる点）", link_fields);
	diag_list_html(r, json_object_get(check, "info"), "info", "お知らせ", link_fields);
	buf_raw(b, "</div><h3>計算の根拠</h3><ol class=\"trace\" id=\"estimate-trace\">");
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(check, "trace"), i, t)
	{
		buf_raw(b, "<li>");
		html_text(b, json_string_value(json_object_get(t, "label")));
		const char *src = json_string_value(json_object_get(t, "source"));
		if (src && strcmp(src, "application") != 0) {
			buf_raw(b, "<br><small>出典: ");
			view_cite(r, src, json_string_value(json_object_get(t, "quote")));
			buf_raw(b, "</small>");
		}
		buf_raw(b, "</li>");
	}
	buf_raw(b, "</ol></aside>");
}

const char *page_check_message(json_t *check, const char *path)
{
	const char *lists[] = { "errors", "warnings" };
	for (size_t l = 0; l < 2; l++) {
		size_t i;
		json_t *d;
		json_array_foreach(json_object_get(check, lists[l]), i, d)
		{
			const char *p = json_string_value(json_object_get(d, "path"));
			if (p && strcmp(p, path) == 0)
				return json_string_value(json_object_get(d, "message"));
		}
	}
	return NULL;
}

void page_svc_error(web_request *r, const svc_err *e)
{
	int status = e->status ? e->status : 500;
	buf_free(&r->raw);
	r->status = status;
	page_begin(r, status == 422 ? "申請書にエラーがあります" : status == 409 ? "この操作はできません" : "操作できませんでした");
	html_wrap(&r->raw, "<div class=\"notice error\" role=\"alert\"><p>", e->message, "</p>");
	view_diags(r, e->details, "error", "path");
	buf_raw(&r->raw, "</div>");
	if (r->id > 0)
		buf_fmt(&r->raw, "<p><a href=\"/applications/%lld\">申請に戻る</a></p>", (long long)r->id);
	page_end(r);
}

json_t *page_app_or_error(web_request *r)
{
	svc_err e = { 0 };
	json_t *got = svc_app_get(r->svc, &r->user, r->id, &e);
	if (got == NULL)
		page_svc_error(r, &e);
	svc_err_clear(&e);
	return got;
}

const char *page_status_label(const char *status)
{
	app_status s;
	return app_status_from_key(status, &s) ? app_status_label(s) : status;
}
