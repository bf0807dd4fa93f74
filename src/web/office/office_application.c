/* office_application.c — /office/applications/{id}: one application for the office:
 * its facts, the next step of its state (screen, assign reviewers, decide, 内示,
 * 交付決定), the decision, the reviews, the plan, KPI reports, 事前相談 comments and
 * the audit log, with the rules engine's panel beside it. */
#include <stdio.h>
#include <string.h>

#include "../../core/money.h"
#include "../applicant/attachments.h"
#include "office.h"

static const char *audit_action_label(const char *action)
{
	static const struct {
		const char *key, *label;
	} labels[] = { { "application.create", "作成" },
		       { "application.import", "取込み" },
		       { "application.save", "保存" },
		       { "application.consult", "事前相談の依頼" },
		       { "application.submit", "提出" },
		       { "application.withdraw", "取下げ" },
		       { "application.screen", "審査前確認" },
		       { "application.assign", "審査員の割当て" },
		       { "application.adopt", "採択" },
		       { "application.reject", "不採択" },
		       { "application.naiji", "内示" },
		       { "application.grant", "交付決定" },
		       { "review.put", "評価" },
		       { "comment.add", "コメント" },
		       { "kpi.report", "KPI実績の報告" } };
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(labels[i].key, action) == 0)
			return labels[i].label;
	return NULL;
}

static const char *done_label(const char *done)
{
	static const struct {
		const char *key, *label;
	} labels[] = { { "screen", "「審査前確認済み」にしました。" }, { "assign", "審査員を割り当てました。" },
		       { "decide", "採否を決定しました。" },             { "naiji", "内示しました。" },
		       { "grant", "交付決定しました。" },               { "comment", "コメントを送りました。" } };
	for (size_t i = 0; done && i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(labels[i].key, done) == 0)
			return labels[i].label;
	return NULL;
}

/* The page to come back to after action done ("/office/applications/7?done=screen"). */
static const char *back_to(web_request *r, const char *done)
{
	return arena_printf(&r->arena, "/office/applications/%lld?done=%s", (long long)r->id, done);
}

/* A one-button form for the state change action, after its explanation. */
static void step_form(web_request *r, const char *text, const char *action, const char *button)
{
	view_para(r, text);
	view_action_form_open(r, r->id, action, back_to(r, action));
	view_submit(r, button, NULL);
}

/* A decision form up to its fieldset's legend. */
static void decide_form_open(web_request *r, const char *decision, const char *back, const char *legend)
{
	char path[64];
	snprintf(path, sizeof path, "/applications/%lld/action", (long long)r->id);
	view_form_open(r, path);
	view_hidden(r, "action", "decide");
	view_hidden(r, "decision", decision);
	view_hidden(r, "_back", back);
	html_wrap(&r->raw, "<fieldset><legend>", legend, "</legend>");
}

/* The adopt and reject forms of an application under review. */
static void decide_forms(web_request *r, json_t *check, json_t *reviews)
{
	buf *b = &r->raw;
	const char *back = back_to(r, "decide");
	buf_fmt(b, "<section><h3>採否の決定</h3><p>評価 %zu件。決定には審査員の評価が1件以上必要です。</p>", json_array_size(reviews));
	json_t *ns = json_object_get(check, "national_share_yen");
	char nsbuf[32] = "", nsfmt[64] = "";
	if (json_is_integer(ns)) {
		snprintf(nsbuf, sizeof nsbuf, "%lld", (long long)json_integer_value(ns));
		money_format_yen(json_integer_value(ns), nsfmt, sizeof nsfmt);
	}
	buf_raw(b, "<div class=\"grid-2\">");
	decide_form_open(r, "adopted", back, "採択");
	char *hint = json_is_integer(ns)
			     ? arena_printf(&r->arena, "計算上の国費（%s）が入っています。これより多くはできません。減額するときは理由が必要です。円・千円・万円・億円の表記が使えます。", nsfmt)
			     : "国費を算定できないため採択できません（判定のエラーを確認してください）。";
	view_field amount = { .id = "adopt-amount", .name = "amount_yen", .label = "決定額（国費）", .value = nsbuf, .hint = hint,
			      .attrs = "required inputmode=\"numeric\"" };
	view_field_write(r, &amount);
	view_field reason = { .type = "textarea", .id = "adopt-reason", .name = "reason", .label = "理由（減額するときは必須）" };
	view_field_write(r, &reason);
	buf_raw(b, "<p><button type=\"submit\">採択する</button></p></fieldset></form>");
	decide_form_open(r, "rejected", back, "不採択");
	view_field rreason = { .type = "textarea", .id = "reject-reason", .name = "reason", .label = "不採択の理由（必須）", .attrs = "required" };
	view_field_write(r, &rreason);
	buf_raw(b, "<p><button type=\"submit\" class=\"danger\">不採択にする</button></p></fieldset></form></div></section>");
}

/* One reviewer of the picker: <option value="login">login（担当中 N件[・利害関係あり: …]・累計 M件） 表示名</option>. */
static void picker_option(web_request *r, json_t *c)
{
	const char *why = view_jstr(c, "conflict"), *dn = view_jstr(c, "display_name");
	char *label = arena_printf(&r->arena, "%s（担当中 %lld件%s%s・累計 %lld件）%s%s", view_jstr(c, "login"),
				   (long long)json_integer_value(json_object_get(c, "open_assignments")),
				   why[0] ? "・利害関係あり: " : "", why,
				   (long long)json_integer_value(json_object_get(c, "assignments")), dn[0] ? " " : "", dn);
	html_wrap(&r->raw, "<option value=\"", view_jstr(c, "login"), "\">");
	html_text(&r->raw, label ? label : view_jstr(c, "login"));
	buf_raw(&r->raw, "</option>");
}

/* The assignment form: the reviewer picked from the list of enabled reviewers not yet
 * assigned, with their open assignments and conflicts marked (the service refuses a
 * conflicted one with 409 whatever the form sends). The control is an input with a
 * <datalist>, so the list drops down as the office types and a login still fills it. */
static void assign_picker(web_request *r)
{
	svc_err e = { 0 };
	json_t *cand = svc_reviewer_candidates(r->svc, &r->user, r->id, NULL, &e);
	json_t *list = json_object_get(cand, "reviewers");
	size_t i, offered = 0;
	json_t *c;
	json_array_foreach(list, i, c) offered += !json_is_true(json_object_get(c, "assigned"));
	view_section_open(r, NULL, 3, "審査員の割当て");
	if (cand == NULL) {
		view_para(r, e.message);
	} else if (offered == 0) {
		view_para(r, "割り当てられる審査員がいません（有効な審査員を「利用者」で登録してください）。");
	} else {
		view_action_form_open(r, r->id, "assign", back_to(r, "assign"));
		view_field who = { .id = "assign-reviewer", .name = "reviewer", .label = "審査員", .value = "",
				   .hint = "一覧から選びます（有効で未割当ての審査員。担当中はいま審査中の申請の割当て数）。"
					   "「利害関係あり」の審査員には割り当てられません。",
				   .attrs = "required autocomplete=\"off\" list=\"assign-reviewers\"" };
		view_field_write(r, &who);
		buf_raw(&r->raw, "<datalist id=\"assign-reviewers\">");
		json_array_foreach(list, i, c)
		{
			if (!json_is_true(json_object_get(c, "assigned")))
				picker_option(r, c);
		}
		buf_raw(&r->raw, "</datalist>");
		static const view_col cols[] = {
			{ .header = "審査員", .key = "login" },
			{ .header = "表示名", .key = "display_name", .dflt = "—" },
			{ .header = "担当中", .flags = VIEW_NUM, .cell = view_cell_int, .key = "open_assignments" },
			{ .header = "累計", .flags = VIEW_NUM, .cell = view_cell_int, .key = "assignments" },
			{ .header = "利害関係", .key = "conflict", .dflt = "なし" },
		};
		static const view_table t = { .id = "reviewer-picker", .caption = "有効な審査員", .cols = cols, .n_cols = 5 };
		view_table_json(r, &t, list);
		view_submit(r, "割り当てる", NULL);
	}
	view_section_close(r);
	json_decref(cand);
	svc_err_clear(&e);
}

/* The label of a 審査の観点 key. */
static const char *point_label(const char *key)
{
	for (size_t p = 0; p < OFFICE_REVIEW_POINTS; p++)
		if (strcmp(office_review_points[p].key, key) == 0)
			return office_review_points[p].label;
	return key;
}

/* One row of the summary: the point, each reviewer's score, mean, spread, count. */
static void summary_row(web_request *r, json_t *point, json_t *reviewers)
{
	buf *b = &r->raw;
	const char *key = view_jstr(point, "key");
	size_t i;
	json_t *rv;
	buf_raw(b, "<tr>");
	view_cell_open(r, VIEW_ROWHEAD);
	html_text(b, point_label(key));
	view_cell_close(r, VIEW_ROWHEAD);
	json_array_foreach(reviewers, i, rv)
	{
		json_t *sc = json_object_get(json_object_get(rv, "scores"), key);
		view_cell_open(r, VIEW_NUM);
		if (json_is_integer(sc))
			buf_fmt(b, "%lld", (long long)json_integer_value(sc));
		else
			buf_raw(b, "—");
		view_cell_close(r, VIEW_NUM);
	}
	const char *figs[] = { view_jstr(point, "mean"), view_jstr(point, "sd") };
	for (size_t f = 0; f < 2; f++) {
		view_cell_open(r, VIEW_NUM);
		view_text_or(r, figs[f], "—");
		view_cell_close(r, VIEW_NUM);
	}
	view_cell_open(r, VIEW_NUM);
	buf_fmt(b, "%lld", (long long)json_integer_value(json_object_get(point, "n")));
	view_cell_close(r, VIEW_NUM);
	buf_raw(b, "</tr>");
}

/* The review summary: reviewers × 審査の観点, mean and spread, who has not reviewed. */
static void summary_part(web_request *r)
{
	svc_err e = { 0 };
	json_t *sum = svc_review_summary(r->svc, &r->user, r->id, NULL, &e);
	json_t *reviewers = json_object_get(sum, "reviewers"), *missing = json_object_get(sum, "not_reviewed");
	view_section_open(r, "review-summary", 2, "評価の集計（審査の観点ごと）");
	if (sum == NULL) {
		view_para(r, e.message);
	} else if (json_array_size(reviewers) == 0) {
		view_para(r, "審査員はまだ割り当てられていません。");
	} else {
		view_para(r, "平均と標準偏差（母標準偏差）は評価済みの審査員の点から、小数第1位に四捨五入して出しています。");
		size_t i;
		json_t *rv;
		view_table_open(r, NULL, "審査員ごとの点と平均・ばらつき");
		view_th(r, "審査の観点", 0);
		json_array_foreach(reviewers, i, rv)
		{
			view_th(r, view_jstr(rv, "login"), VIEW_NUM);
		}
		view_th(r, "平均", VIEW_NUM);
		view_th(r, "標準偏差", VIEW_NUM);
		view_th(r, "評価数", VIEW_NUM);
		view_table_body(r);
		json_array_foreach(json_object_get(sum, "points"), i, rv)
		{
			summary_row(r, rv, reviewers);
		}
		view_table_close(r);
		if (json_array_size(missing) == 0) {
			view_para(r, "割り当てた審査員の全員が評価済みです。");
		} else {
			buf_raw(&r->raw, "<p>まだ評価していない審査員: ");
			json_array_foreach(missing, i, rv)
			{
				if (i)
					buf_raw(&r->raw, "、");
				html_text(&r->raw, json_string_value(rv));
			}
			buf_raw(&r->raw, "</p>");
		}
	}
	view_section_close(r);
	json_decref(sum);
	svc_err_clear(&e);
}

static void next_steps(web_request *r, app_status st, json_t *got, json_t *check, json_t *audit)
{
	buf *b = &r->raw;
	view_heading(r, 2, "次の操作");
	switch (st) {
	case APP_CONSULTATION:
		view_para(r, "事前相談中です。下の「事前相談（コメント）」で回答してください。提出は申請者が行います。");
		break;
	case APP_SUBMITTED:
		step_form(r, "内容を確認し、問題がなければ「審査前確認済み」にします。団体ごとの申請上限数を含めて判定をやり直し、エラーがあれば確認済みにできません。",
			  "screen", "審査前確認済みにする");
		break;
	case APP_SCREENED:
	case APP_UNDER_REVIEW: {
		/* who is assigned already: from the audit log */
		size_t j;
		json_t *en;
		bool any = false;
		json_array_foreach(json_object_get(audit, "entries"), j, en)
		{
			if (strcmp(view_jstr(en, "action"), "application.assign") != 0)
				continue;
			buf_raw(b, any ? "、" : "<p>割当て済みの審査員: ");
			html_text(b, view_jstr(json_object_get(en, "after"), "reviewer"));
			any = true;
		}
		if (any)
			buf_raw(b, "</p>");
		assign_picker(r);
		if (st == APP_UNDER_REVIEW)
			decide_forms(r, check, json_object_get(got, "reviews"));
		break;
	}
	case APP_ADOPTED: step_form(r, "採択済みです。交付決定の前に内示します。", "naiji", "内示する"); break;
	case APP_NAIJI: step_form(r, "内示済みです。交付を決定します。", "grant", "交付決定する"); break;
	default:
		html_wrap(b, "<p>この申請で事務局が行う操作はありません（", app_status_label(st), "）。</p>");
		break;
	}
}

static void decision_part(web_request *r, json_t *dec)
{
	view_heading(r, 2, "採否の結果");
	if (!json_is_object(dec)) {
		view_para(r, "まだ決定していません。");
		return;
	}
	bool adopted = strcmp(view_jstr(dec, "decision"), "adopted") == 0;
	view_dl_open(r);
	view_dl_text(r, "決定", adopted ? "採択" : "不採択", NULL);
	if (adopted) {
		view_dt(r, "決定額（国費）");
		view_amount(r, json_object_get(dec, "amount_yen"));
		view_dd_close(r);
	}
	view_dt(r, "理由");
	if (view_jstr(dec, "reason")[0])
		view_lines(r, view_jstr(dec, "reason"));
	else
		buf_raw(&r->raw, "（なし）");
	view_dd_close(r);
	view_dl_text(r, "決定者", view_jstr(dec, "decided_by"), NULL);
	view_dt(r, "決定日時（日本時間）");
	view_time(r, view_jstr(dec, "at"));
	view_dd_close(r);
	view_dl_close(r);
}

/* One reported value of a KPI report: the report and the value. */
typedef struct kpi_value {
	json_t *report, *value;
} kpi_value;

static void kv_year(web_request *r, const view_cell *c)
{
	view_fiscal_year(r, json_object_get(((kpi_value *)c->row)->report, "fiscal_year"));
}

static void kv_text(web_request *r, const view_cell *c)
{
	const kpi_value *kv = c->row;
	/* tag 0: of the value, 1: of the report */
	html_text(&r->raw, view_jstr(c->col->tag ? kv->report : kv->value, c->col->key));
}

static void kv_value(web_request *r, const view_cell *c)
{
	view_scalar(r, json_object_get(((kpi_value *)c->row)->value, "value"));
}

static void kv_at(web_request *r, const view_cell *c)
{
	view_time(r, view_jstr(((kpi_value *)c->row)->report, "at"));
}

static void kpi_reports_part(web_request *r, json_t *reports)
{
	if (json_array_size(reports) == 0)
		return;
	static const view_col cols[] = {
		{ .header = "年度", .cell = kv_year },
		{ .header = "指標", .cell = kv_text, .key = "kpi" },
		{ .header = "実績値", .flags = VIEW_NUM, .cell = kv_value },
		{ .header = "報告者", .cell = kv_text, .key = "reported_by", .tag = 1 },
		{ .header = "報告日時（日本時間）", .cell = kv_at },
	};
	static const view_table t = { .caption = "KPI実績", .cols = cols, .n_cols = 5 };
	view_heading(r, 2, "KPI実績の報告");
	view_table_begin(r, &t);
	size_t j, v, n = 0;
	json_t *k, *val;
	json_array_foreach(reports, j, k)
	{
		json_array_foreach(json_object_get(k, "values"), v, val)
		{
			kpi_value kv = { k, val };
			view_table_row(r, &t, &kv);
			n++;
		}
	}
	view_table_end(r, &t, n);
}

static void comment_item(web_request *r, const view_cell *c)
{
	const char *role = view_jstr(c->row, "role");
	html_wrap(&r->raw, "<p><strong>", view_jstr(c->row, "author"), "</strong>（");
	html_text(&r->raw, strcmp(role, "applicant") == 0 ? "申請者" : strcmp(role, "reviewer") == 0 ? "審査員" : "事務局");
	buf_raw(&r->raw, "）");
	view_time(r, view_jstr(c->row, "at"));
	buf_raw(&r->raw, "</p><p>");
	view_lines(r, view_jstr(c->row, "body"));
	buf_raw(&r->raw, "</p>");
}

static void comments_part(web_request *r, json_t *comments)
{
	view_heading(r, 2, "事前相談（コメント）");
	view_list(r, "<ol class=\"comments\">", comments, comment_item, NULL, "コメントはまだありません。");
	view_action_form_open(r, r->id, "comment", back_to(r, "comment"));
	view_field body = { .type = "textarea", .id = "comment-body", .name = "body", .label = "コメントを書く",
			    .hint = "申請団体に表示されます。", .attrs = "required maxlength=\"20000\"" };
	view_field_write(r, &body);
	view_submit(r, "コメントを送る", "secondary");
}

static void audit_action_cell(web_request *r, const view_cell *c)
{
	const char *label = audit_action_label(view_jstr(c->row, "action"));
	if (label) {
		html_text(&r->raw, label);
		buf_raw(&r->raw, "<br>");
	}
	html_wrap(&r->raw, "<small>", view_jstr(c->row, "action"), "</small>");
}

static void audit_json_cell(web_request *r, const view_cell *c)
{
	view_json_code(r, json_object_get(c->row, c->col->key));
}

static void audit_part(web_request *r, json_t *audit, const svc_err *ae)
{
	view_heading(r, 2, "監査ログ");
	if (audit == NULL) {
		html_wrap(&r->raw, "<p>監査ログを読めませんでした: ", ae->message, "</p>");
		return;
	}
	static const view_col cols[] = {
		{ .header = "日時（日本時間）", .cell = view_cell_time, .key = "at" },
		{ .header = "操作者", .key = "actor" },
		{ .header = "操作", .cell = audit_action_cell },
		{ .header = "変更前", .cell = audit_json_cell, .key = "before" },
		{ .header = "変更後", .cell = audit_json_cell, .key = "after" },
	};
	static const view_table t = { .caption = "この申請の操作履歴", .cols = cols, .n_cols = 5, .empty = "記録はありません。" };
	view_table_json(r, &t, json_object_get(audit, "entries"));
}

void page_office_app(web_request *r)
{
	json_t *got, *rounds;
	if (!office_load_app(r, &got, &rounds))
		return;
	svc_err ce = { 0 }, ae = { 0 };
	json_t *check = svc_app_check(r->svc, &r->user, r->id, &ce);
	json_t *audit = svc_audit(r->svc, &r->user, r->id, &ae);
	json_t *rarr = json_object_get(rounds, "rounds");
	app_status st = APP_DRAFT;
	app_status_from_key(view_jstr(got, "status"), &st);
	char *title = arena_printf(&r->arena, "申請 %lld の確認", (long long)r->id);
	page_begin(r, title ? title : "申請の確認");
	const char *done = done_label(page_param(r, "done"));
	if (done)
		view_notice_ok(r, done);
	buf_raw(&r->raw, "<p><a href=\"/office/applications\">申請一覧に戻る</a></p><div class=\"layout-editor\"><div>");
	buf_raw(&r->raw, "<h2>");
	view_text_or(r, view_jstr(got, "title"), "（無題）");
	buf_raw(&r->raw, "</h2>");
	office_app_facts(r, got, rarr);
	next_steps(r, st, got, check, audit);
	decision_part(r, json_object_get(got, "decision"));

	json_t *reviews = json_object_get(got, "reviews");
	view_heading(r, 2, "審査員の評価");
	if (json_array_size(reviews) == 0)
		view_para(r, "まだ評価はありません。");
	else {
		view_para(r, "各項目1〜5点（資料に尺度・重み・合格点の定めはなく、digiden の5段階です）。");
		office_review_table(r, reviews, "審査員ごとの評価");
	}
	summary_part(r);
	view_heading(r, 2, "申請内容（実施計画書）");
	office_app_body(r, json_object_get(got, "application"), 3);
	page_attachments_section(r, false);
	kpi_reports_part(r, json_object_get(got, "kpi_reports"));
	comments_part(r, json_object_get(got, "comments"));
	audit_part(r, audit, &ae);
	buf_raw(&r->raw, "</div>");
	office_check_aside(r, check, &ce);
	buf_raw(&r->raw, "</div>");
	page_end(r);
	svc_err_clear(&ce);
	svc_err_clear(&ae);
	json_decref(check);
	json_decref(audit);
	json_decref(got);
	json_decref(rounds);
}
