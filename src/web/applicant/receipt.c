/* receipt.c — what a submission leaves the applicant with, and the step before the
 * steps that cannot be taken back (issue 13, part 5):
 *   /applications/{id}/receipt  受付票: the 受付番号, what was submitted (version and
 *                               the SHA-256 of its text) and when, in 日本時間
 *   /applications/{id}/print    the whole 実施計画書 for A4 (print stylesheet), with the
 *                               estimate and its citations; the office's copy adds the
 *                               reviews and the decision
 *   page_app_confirm()          the confirmation page of 提出, 取下げ, 不採択 and 交付決定:
 *                               the same form again with confirm=yes (works without
 *                               JavaScript) */
#include <stdio.h>
#include <string.h>

#include "../../service/receipts.h"
#include "../office/office.h"
#include "../pages.h"

static void receipt_row_number(web_request *r, const view_cell *c) { html_text(&r->raw, view_jstr(c->row, "number")); }
static void receipt_row_at(web_request *r, const view_cell *c) { view_time(r, view_jstr(c->row, "submitted_at")); }
static void receipt_row_hash(web_request *r, const view_cell *c)
{
	html_wrap(&r->raw, "<code class=\"hash\">", view_jstr(c->row, "sha256"), "</code>");
}

/* The application's facts every one of these pages starts with. */
static void app_facts(web_request *r, json_t *got)
{
	view_dl_open(r);
	view_dl_text(r, "申請名", json_string_value(json_object_get(got, "title")), "（無題）");
	view_dl_text(r, "団体", json_string_value(json_object_get(json_object_get(got, "organization"), "name")), "");
	view_dl_text(r, "募集回", json_string_value(json_object_get(got, "round")), "");
	view_dl_text(r, "類型", json_string_value(json_object_get(got, "menu")), "");
	view_dl_text(r, "状態", page_status_label(json_string_value(json_object_get(got, "status"))), "");
	view_dl_close(r);
}

void page_app_receipt(web_request *r)
{
	json_t *got = page_app_or_error(r);
	if (got == NULL)
		return;
	svc_err e = { 0 };
	json_t *rc = svc_app_receipts(r->svc, &r->user, r->id, &e);
	if (rc == NULL) {
		json_decref(got);
		page_svc_error(r, &e);
		svc_err_clear(&e);
		return;
	}
	json_t *list = json_object_get(rc, "receipts");
	json_t *last = json_array_get(list, 0);
	page_begin(r, "受付票");
	buf *b = &r->raw;
	if (last == NULL) {
		view_notice_error(r, "この申請はまだ提出されていません（受付番号は提出したときに付きます）。");
	} else {
		buf_raw(b, "<div class=\"receipt\" id=\"receipt\">");
		html_wrap(b, "<p class=\"receipt-number\">受付番号 <strong id=\"receipt-number\">", view_jstr(last, "number"),
			  "</strong></p>");
		app_facts(r, got);
		view_dl_open(r);
		view_dt(r, "提出した版");
		buf_fmt(b, "第%lld版", (long long)json_integer_value(json_object_get(last, "version")));
		view_dd_close(r);
		view_dt(r, "提出日時");
		view_time(r, view_jstr(last, "submitted_at"));
		view_dd_close(r);
		view_dt(r, "提出内容の SHA-256");
		html_wrap(b, "<code class=\"hash\" id=\"receipt-sha256\">", view_jstr(last, "sha256"), "</code>");
		view_dd_close(r);
		view_dl_close(r);
		view_para(r, "SHA-256 は提出した実施計画書（JSON）の本文から計算した値です。同じ値であれば、提出後に内容が変わっていないことを確かめられます。");
		buf_raw(b, "</div>");
		if (json_array_size(list) > 1) {
			static const view_col cols[] = {
				{ .header = "受付番号", .cell = receipt_row_number },
				{ .header = "版", .flags = VIEW_NUM, .key = "version" },
				{ .header = "提出日時", .cell = receipt_row_at },
				{ .header = "SHA-256", .cell = receipt_row_hash },
			};
			view_table t = { .caption = "これまでの提出", .cols = cols, .n_cols = 4 };
			view_table_json(r, &t, list);
		}
	}
	buf_fmt(b, "<p class=\"no-print\"><a href=\"/applications/%lld\">申請のページへ戻る</a>　<a href=\"/applications/%lld/print\">実施計画書を印刷する</a></p>",
		(long long)r->id, (long long)r->id);
	page_end(r);
	json_decref(rc);
	json_decref(got);
}

static void review_item(web_request *r, const view_cell *c)
{
	html_wrap(&r->raw, "<strong>", view_jstr(c->row, "reviewer"), "</strong>: ");
	view_json_code(r, json_object_get(c->row, "scores"));
	const char *comment = view_jstr(c->row, "comment");
	if (comment[0])
		html_wrap(&r->raw, "　", comment, "");
}

void page_app_print(web_request *r)
{
	json_t *got = page_app_or_error(r);
	if (got == NULL)
		return;
	svc_err e = { 0 };
	json_t *check = svc_app_check(r->svc, &r->user, r->id, &e);
	svc_err_clear(&e);
	json_t *rc = svc_app_receipts(r->svc, &r->user, r->id, &e);
	svc_err_clear(&e);
	page_begin(r, json_string_value(json_object_get(got, "title")));
	buf *b = &r->raw;
	buf_raw(b, "<div class=\"print-sheet\" id=\"print\">");
	view_heading(r, 2, "実施計画書");
	app_facts(r, got);
	json_t *last = json_array_get(json_object_get(rc, "receipts"), 0);
	if (last != NULL) {
		html_wrap(b, "<p>受付番号 <strong>", view_jstr(last, "number"), "</strong>　提出日時 ");
		view_time(r, view_jstr(last, "submitted_at"));
		buf_raw(b, "</p>");
	}
	buf_fmt(b, "<p>版 %lld</p>", (long long)json_integer_value(json_object_get(got, "version")));
	office_app_body(r, json_object_get(got, "application"), 3);
	if (check != NULL)
		page_check_panel(r, check, false);
	bool office = r->user.role == ROLE_SECRETARIAT || r->user.role == ROLE_ADMIN;
	if (office) {
		view_heading(r, 3, "評価");
		view_list(r, "<ul class=\"reviews\">", json_object_get(got, "reviews"), review_item, NULL, "評価はまだありません。");
		json_t *d = json_object_get(got, "decision");
		view_heading(r, 3, "決定");
		if (json_is_object(d)) {
			bool adopted = strcmp(view_jstr(d, "decision"), "adopted") == 0;
			buf_raw(b, adopted ? "<p>採択" : "<p>不採択");
			if (adopted && json_is_integer(json_object_get(d, "amount_yen"))) {
				buf_raw(b, "　国費 ");
				view_yen(r, json_integer_value(json_object_get(d, "amount_yen")));
			}
			buf_raw(b, "</p>");
			if (view_jstr(d, "reason")[0])
				html_wrap(b, "<p>理由: ", view_jstr(d, "reason"), "</p>");
		} else {
			view_para(r, "決定はまだありません。");
		}
	}
	buf_raw(b, "</div>");
	buf_fmt(b, "<p class=\"no-print\"><button type=\"button\" class=\"secondary\" data-print>印刷する</button>　<a href=\"/applications/%lld\">申請のページへ戻る</a></p>",
		(long long)r->id);
	page_end(r);
	json_decref(rc);
	json_decref(check);
	json_decref(got);
}

/* What each confirmed step does, in the words of the page. */
static const char *consequence(const char *action, const char *decision)
{
	if (strcmp(action, "submit") == 0)
		return "提出すると受付番号が付き、事務局の確認が始まります。提出した後は実施計画書を編集できません。";
	if (strcmp(action, "withdraw") == 0)
		return "取り下げた申請は元に戻せません。もう一度申請するには、新しく作り直す必要があります。";
	if (strcmp(action, "grant") == 0)
		return "交付決定は申請団体に通知され、取り消すことはできません。";
	if (strcmp(action, "decide") == 0 && decision && strcmp(decision, "rejected") == 0)
		return "不採択の決定は申請団体に通知されます。";
	return NULL;
}

bool page_app_needs_confirm(web_request *r, const char *action)
{
	const char *yes = page_param(r, "confirm");
	return consequence(action, page_param(r, "decision")) != NULL && !(yes && strcmp(yes, "yes") == 0);
}

void page_app_confirm(web_request *r, const char *action)
{
	static const struct {
		const char *action, *title, *button;
	} steps[] = {
		{ "submit", "提出の確認", "提出する" },
		{ "withdraw", "取下げの確認", "取り下げる" },
		{ "grant", "交付決定の確認", "交付決定する" },
		{ "decide", "不採択の確認", "不採択にする" },
	};
	const char *title = "確認", *button = "実行する";
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (strcmp(steps[i].action, action) == 0) {
			title = steps[i].title;
			button = steps[i].button;
		}
	json_t *got = page_app_or_error(r);
	if (got == NULL)
		return;
	page_begin(r, title);
	app_facts(r, got);
	view_notice_error(r, consequence(action, page_param(r, "decision")));
	buf_fmt(&r->raw, "<form method=\"post\" action=\"/applications/%lld/action\" id=\"confirm-form\">", (long long)r->id);
	page_csrf_field(r);
	/* the step's own fields again, as they were sent */
	for (size_t i = 0; i < r->n_form; i++)
		if (strcmp(r->form[i].name, "csrf") != 0 && strcmp(r->form[i].name, "confirm") != 0)
			view_hidden(r, r->form[i].name, r->form[i].value);
	view_hidden(r, "confirm", "yes");
	buf_raw(&r->raw, "<p>");
	buf_fmt(&r->raw, "<a class=\"button secondary\" href=\"/applications/%lld\">やめる</a> ", (long long)r->id);
	buf_raw(&r->raw, "</p>");
	view_submit(r, button, strcmp(action, "submit") == 0 ? NULL : "danger");
	page_end(r);
	json_decref(got);
}
