/* support.c — 伴走支援（デジタル実装伴走支援事業）の応募要件: a form for 類型①②③
 * (the organizations, the required answers of the rule data, the representative and
 * contact of 類型③) and the answer of svc_support_check: which condition holds or
 * fails, and the history record that made it fail, each with its seed. A GET form:
 * checking changes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../io/rules_cache.h"
#include "../../io/support_rules.h"
#include "../../service/history.h"
#include "../pages.h"

#define SUPPORT_PROGRAM "bansou/fy2025"

static int category_param(web_request *r)
{
	const char *c = page_param(r, "category");
	return c && (c[0] == '1' || c[0] == '2' || c[0] == '3') && c[1] == '\0' ? c[0] - '0' : 1;
}

static bool checked(web_request *r, const char *name)
{
	const char *v = page_param(r, name);
	return v && strcmp(v, "1") == 0;
}

/* The name of the form's checkbox of condition c ("decl.C2a"), or NULL when the
 * answer is not asked of the applicant in this category (it comes from the history). */
static const char *answer_name(web_request *r, const support_condition *c, int category)
{
	if (c->category != category || !(c->kind == SUPPORT_DECLARATION || c->kind == SUPPORT_TARGETS || c->kind == SUPPORT_GUIDANCE))
		return NULL;
	return arena_printf(&r->arena, "decl.%s", c->id);
}

static void form(web_request *r, const support_rules *rules, int category)
{
	buf *b = &r->raw;
	buf_raw(b, "<form method=\"get\" action=\"/support\">");
	static const char *const cats[] = { "1|類型① 市町村単独支援枠", "2|類型② 都道府県包括スキーム枠", "3|類型③ 広域連携事業推進枠", NULL };
	char cv[4];
	snprintf(cv, sizeof cv, "%d", category);
	page_select(r, "類型", "category", cv, cats, NULL);
	const char *orgs = page_param(r, "orgs");
	if (orgs == NULL)
		orgs = r->user.organization ? r->user.organization : "";
	page_text_input(r, category == 2 ? "団体コード（都道府県、続けて支援対象に決めた市区町村。カンマ区切り）"
			: category == 3 ? "構成団体の団体コード（カンマ区切り）" : "団体コード",
			"orgs", orgs, "6桁の全国地方公共団体コード", NULL, NULL);
	if (category == 3) {
		page_text_input(r, "代表団体の団体コード", "representative", page_param(r, "representative"), NULL, NULL, NULL);
		page_text_input(r, "担当者（氏名・連絡先）", "contact", page_param(r, "contact"), NULL, NULL, NULL);
	}
	if (category == 2)
		page_text_input(r, "連携する地元デジタル関連事業者の名称", "partner", page_param(r, "partner"), NULL, NULL, NULL);
	if (category == 1) {
		page_checkbox(r, "県が同じ募集回で類型②に応募する予定", "prefecture_plans_category2", checked(r, "prefecture_plans_category2"));
		page_checkbox(r, "県と事前に調整済み", "consulted_prefecture", checked(r, "consulted_prefecture"));
	}
	buf_raw(b, "<fieldset><legend>応募要件への回答（当てはまるものにチェック）</legend>");
	for (size_t i = 0; i < rules->n_conditions; i++) {
		const support_condition *c = &rules->conditions[i];
		const char *name = answer_name(r, c, category);
		if (name)
			page_checkbox(r, arena_printf(&r->arena, "%s: %s", c->id, c->label), name, checked(r, name));
	}
	buf_raw(b, "</fieldset><p><button type=\"submit\" name=\"check\" value=\"1\">応募要件を確かめる</button></p></form>");
}

static json_t *body_from_params(web_request *r, const support_rules *rules, int category)
{
	json_t *body = json_object(), *orgs = json_array(), *answers = json_object(), *decl = json_object();
	json_object_set_new(body, "program", json_string(SUPPORT_PROGRAM));
	json_object_set_new(body, "category", json_integer(category));
	char *list = arena_strdup(&r->arena, page_param(r, "orgs") ? page_param(r, "orgs") : "");
	for (char *save = NULL, *t = strtok_r(list, ", 、\t", &save); t; t = strtok_r(NULL, ", 、\t", &save))
		json_array_append_new(orgs, json_string(t));
	json_object_set_new(body, "organizations", orgs);
	const char *rep = page_param(r, "representative"), *contact = page_param(r, "contact"), *partner = page_param(r, "partner");
	if (category == 3 && rep && rep[0])
		json_object_set_new(body, "representative", json_string(rep));
	if (category == 3 && contact && contact[0])
		json_object_set_new(body, "contact", json_string(contact));
	for (size_t i = 0; i < rules->n_conditions; i++) {
		const support_condition *c = &rules->conditions[i];
		const char *name = answer_name(r, c, category);
		if (name)
			json_object_set_new(decl, c->id, json_boolean(checked(r, name)));
	}
	json_object_set_new(answers, "declarations", decl);
	if (category == 2 && partner && partner[0])
		json_object_set_new(answers, "partner", json_string(partner));
	if (category == 1) {
		json_object_set_new(answers, "prefecture_plans_category2", json_boolean(checked(r, "prefecture_plans_category2")));
		json_object_set_new(answers, "consulted_prefecture", json_boolean(checked(r, "consulted_prefecture")));
	}
	json_object_set_new(body, "answers", answers);
	return body;
}

static void verdict_cell(web_request *r, const view_cell *c)
{
	buf_raw(&r->raw, json_is_true(json_object_get(c->row, "ok")) ? "○ 満たす" : "<strong>× 満たさない</strong>");
}

static void record_cell(web_request *r, const view_cell *c)
{
	html_text(&r->raw, view_jstr(json_object_get(c->row, "record"), "label"));
}

static void source_cell(web_request *r, const view_cell *c)
{
	buf_raw(&r->raw, "<small>");
	view_cite(r, view_jstr(c->row, "source"), json_string_value(json_object_get(c->row, "quote")));
	if (json_is_true(json_object_get(c->row, "reading")))
		buf_raw(&r->raw, "（digidenの読み）");
	buf_raw(&r->raw, "</small>");
}

static void result(web_request *r, json_t *out)
{
	bool eligible = json_is_true(json_object_get(out, "eligible"));
	view_heading(r, 2, "判定");
	buf_raw(&r->raw, eligible ? "<p class=\"notice ok\" id=\"support-verdict\">応募要件をすべて満たしています</p>"
				  : "<p class=\"notice error\" id=\"support-verdict\">満たしていない応募要件があります</p>");
	static const view_col cols[] = {
		{ .header = "要件", .flags = VIEW_ROWHEAD, .key = "id" },
		{ .header = "判定", .cls = "nowrap", .cell = verdict_cell },
		{ .header = "理由", .key = "reason" },
		{ .header = "該当した実績", .cell = record_cell },
		{ .header = "出典", .cell = source_cell },
	};
	static const view_table t = { .caption = "応募要件ごとの判定（出典つき）", .cols = cols, .n_cols = 5 };
	view_table_json(r, &t, json_object_get(out, "conditions"));
	json_t *w = json_object_get(out, "warnings");
	if (json_array_size(w) > 0) {
		view_heading(r, 3, "留意点");
		view_diags(r, w, "warning", "id");
	}
}

void page_support(web_request *r)
{
	char err[512];
	const support_rules *rules = rules_cache_support(SUPPORT_PROGRAM, err, sizeof err);
	if (rules == NULL) {
		page_error(r, 500, err);
		return;
	}
	int category = category_param(r);
	json_t *out = NULL;
	svc_err e = { 0 };
	if (page_param(r, "check")) {
		json_t *body = body_from_params(r, rules, category);
		out = svc_support_check(r->svc, body, &e);
		json_decref(body);
		if (out == NULL && e.status != 400) {
			page_svc_error(r, &e);
			svc_err_clear(&e);
			return;
		}
		if (out == NULL)
			r->status = 400;
	}
	page_begin(r, "伴走支援の応募要件");
	buf *b = &r->raw;
	buf_raw(b, "<p>");
	html_text(b, rules->title);
	buf_raw(b, "の応募要件を、団体の実績（採択・伴走支援・デジタル専門人材派遣の利用など）と回答から確かめます"
		   "（002_71bcee7856d5932f.txt）。伴走支援を受けるにあたり、自治体の費用負担はありません。</p>");
	if (out == NULL && e.status == 400)
		view_notice_error(r, e.message);
	form(r, rules, category);
	if (out)
		result(r, out);
	json_decref(out);
	svc_err_clear(&e);
	page_end(r);
}
