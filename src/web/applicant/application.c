/* application.c — /applications/{id}: an application for its organization (and the
 * office or reviewer who may see it): state, 事前相談 and submission, withdrawal,
 * the decision, comments, KPI actuals after 交付決定 and their charts, with the
 * rules engine's panel beside it. */
#include <string.h>

#include "../../core/fiscal.h"
#include "../pages.h"
#include "attachments.h"

static void action_button(web_request *r, const char *action, const char *label, const char *cls)
{
	buf_fmt(&r->raw, "<form method=\"post\" action=\"/applications/%lld/action\" class=\"inline-form\">", (long long)r->id);
	page_csrf_field(r);
	buf_fmt(&r->raw, "<input type=\"hidden\" name=\"action\" value=\"%s\"><button type=\"submit\" class=\"%s\">", action, cls);
	html_text(&r->raw, label);
	buf_raw(&r->raw, "</button></form>");
}

static void comment_item(web_request *r, const view_cell *c)
{
	html_wrap(&r->raw, "<strong>", view_jstr(c->row, "author"), "</strong>（");
	html_text(&r->raw, view_jstr(c->row, "at"));
	buf_raw(&r->raw, "）: ");
	html_text(&r->raw, view_jstr(c->row, "body"));
}

void page_app_view(web_request *r)
{
	json_t *got = page_app_or_error(r);
	if (got == NULL)
		return;
	svc_err e = { 0 };
	json_t *check = svc_app_check(r->svc, &r->user, r->id, &e);
	svc_err_clear(&e);
	const char *status = json_string_value(json_object_get(got, "status"));
	json_t *app = json_object_get(got, "application");
	page_begin(r, json_string_value(json_object_get(got, "title")));
	buf *b = &r->raw;
	bool mine = r->user.role == ROLE_APPLICANT;
	buf_raw(b, "<div class=\"layout-editor\"><div><p>状態: <strong id=\"status\">");
	html_text(b, page_status_label(status));
	buf_fmt(b, "</strong>（版 %lld）</p><p>団体: ", (long long)json_integer_value(json_object_get(got, "version")));
	html_text(b, json_string_value(json_object_get(json_object_get(got, "organization"), "name")));
	html_wrap(b, "　募集回: ", json_string_value(json_object_get(got, "round")), "　類型: ");
	html_text(b, json_string_value(json_object_get(got, "menu")));
	buf_raw(b, "</p>");
	if (strcmp(status, "draft") != 0 && strcmp(status, "consultation") != 0)
		buf_fmt(b, "<p><a href=\"/applications/%lld/receipt\">受付票</a>　<a href=\"/applications/%lld/print\">印刷用の実施計画書</a></p>",
			(long long)r->id, (long long)r->id);
	if (r->user.role == ROLE_SECRETARIAT || r->user.role == ROLE_ADMIN)
		buf_fmt(b, "<p><a class=\"button\" href=\"/office/applications/%lld\">事務局の操作画面へ</a></p>", (long long)r->id);
	if (r->user.role == ROLE_REVIEWER)
		buf_fmt(b, "<p><a class=\"button\" href=\"/review/%lld\">評価を入力する</a></p>", (long long)r->id);
	if (mine) {
		buf_raw(b, "<div class=\"actions\">");
		bool editable = strcmp(status, "draft") == 0 || strcmp(status, "consultation") == 0;
		if (editable)
			buf_fmt(b, "<p><a class=\"button secondary\" href=\"/applications/%lld/edit\">実施計画書を編集する</a></p>", (long long)r->id);
		if (strcmp(status, "draft") == 0)
			action_button(r, "consult", "事前相談を依頼する", "secondary");
		if (editable)
			action_button(r, "submit", "提出する", "");
		if (strcmp(status, "granted") != 0 && strcmp(status, "rejected") != 0 && strcmp(status, "withdrawn") != 0)
			action_button(r, "withdraw", "取り下げる", "danger");
		buf_raw(b, "</div>");
	}
	json_t *d = json_object_get(got, "decision");
	if (json_is_object(d)) {
		bool adopted = strcmp(json_string_value(json_object_get(d, "decision")), "adopted") == 0;
		buf_raw(b, "<h2>決定</h2><div class=\"notice\" id=\"decision\"><p>");
		buf_raw(b, adopted ? "採択" : "不採択");
		if (adopted && json_is_integer(json_object_get(d, "amount_yen"))) {
			buf_raw(b, "　国費 ");
			view_yen(r, json_integer_value(json_object_get(d, "amount_yen")));
		}
		buf_raw(b, "</p>");
		if (json_is_string(json_object_get(d, "reason"))) {
			html_wrap(b, "<p>理由: ", json_string_value(json_object_get(d, "reason")), "</p>");
		}
		buf_raw(b, "</div>");
	}
	page_attachments_section(r, mine && (strcmp(status, "draft") == 0 || strcmp(status, "consultation") == 0));
	view_heading(r, 2, "事前相談・コメント");
	view_list(r, "<ul class=\"comments\">", json_object_get(got, "comments"), comment_item, NULL, "コメントはまだありません。");
	if (strcmp(status, "draft") != 0 && (mine || r->user.role == ROLE_SECRETARIAT || r->user.role == ROLE_ADMIN)) {
		view_action_form_open(r, r->id, "comment", NULL);
		page_textarea(r, mine ? "事務局への返信・質問" : "コメント", "body", "", NULL);
		view_submit(r, "コメントを送る", NULL);
	}
	if (mine && strcmp(status, "granted") == 0) {
		view_heading(r, 2, "KPIの実績報告");
		view_action_form_open(r, r->id, "kpi", NULL);
		page_text_input(r, "報告する年度（西暦）", "fiscal_year", "", NULL, NULL, "inputmode=\"numeric\"");
		size_t i;
		json_t *k;
		json_array_foreach(json_object_get(app, "kpis"), i, k)
		{
			const char *name = json_string_value(json_object_get(k, "name"));
			view_hidden(r, arena_printf(&r->arena, "kpi_name_%zu", i), name);
			page_text_input(r, arena_printf(&r->arena, "%s の実績値", name ? name : "KPI"), arena_printf(&r->arena, "kpi_value_%zu", i), "",
					NULL, NULL, "inputmode=\"decimal\"");
		}
		view_submit(r, "実績を報告する", NULL);
		json_t *reports = json_object_get(got, "kpi_reports");
		json_array_foreach(reports, i, k)
		{
			char fy[32];
			html_wrap(b, "<p>報告済み: ", wareki_fiscal_year((int)json_integer_value(json_object_get(k, "fiscal_year")), fy, sizeof fy), "</p>");
		}
	}
	if (json_array_size(json_object_get(app, "kpis")) > 0 &&
	    (strcmp(status, "granted") == 0 || strcmp(status, "naiji") == 0 || strcmp(status, "adopted") == 0)) {
		view_heading(r, 2, "KPIの推移");
		size_t i;
		json_t *k;
		json_array_foreach(json_object_get(app, "kpis"), i, k)
		{
			buf_fmt(b, "<figure><img class=\"chart\" src=\"/api/v1/applications/%lld/kpi.svg?kpi=%zu\" width=\"560\" height=\"300\" alt=\"", (long long)r->id, i);
			html_attr(b, json_string_value(json_object_get(k, "name")));
			html_wrap(b, "の基準値・目標値・実績値の年度別グラフ\"><figcaption>", json_string_value(json_object_get(k, "name")), "（●基準値 ■目標値 ▲実績値）</figcaption></figure>");
		}
	}
	buf_raw(b, "</div>");
	page_check_panel(r, check, false);
	buf_raw(b, "</div>");
	page_end(r);
	json_decref(check);
	json_decref(got);
}

