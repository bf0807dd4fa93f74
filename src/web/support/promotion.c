/* promotion.c — 地方創生推進タイプ: a multi-year project (先駆型・横展開型・
 * Society5.0型) entered year by year and checked against the round's rules: 国費 per
 * fiscal year under the cap of the organization's kind, the project period, the
 * Society5.0 total and requirements, 地域再生計画. A GET form: checking changes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../io/rules_cache.h"
#include "../../core/fiscal.h"
#include "../../io/json_promotion.h"
#include "../../io/promotion_rules.h"
#include "../pages.h"

#define PROMO_MAX_YEARS 6

static bool on(web_request *r, const char *name)
{
	const char *v = page_param(r, name);
	return v && strcmp(v, "1") == 0;
}

static const char *param(web_request *r, const char *name, const char *def)
{
	const char *v = page_param(r, name);
	return v && v[0] ? v : def;
}

/* The project document (digiden/promotion/1) from the form. */
static json_t *project_from_params(web_request *r)
{
	json_t *p = json_object();
	json_object_set_new(p, "format", json_string(PROMOTION_FORMAT));
	json_object_set_new(p, "round", json_string(param(r, "round", "regional-promotion/fy2024-request")));
	json_object_set_new(p, "subtype", json_string(param(r, "subtype", "senku")));
	json_t *ap = json_object();
	json_object_set_new(ap, "code", json_string(param(r, "code", r->user.organization ? r->user.organization : "")));
	json_object_set_new(p, "applicant", ap);
	json_object_set_new(p, "title", json_string(param(r, "title", "")));
	json_object_set_new(p, "koiki", json_boolean(on(r, "koiki")));
	const char *partners = param(r, "partners", NULL);
	if (partners) {
		json_t *arr = json_array();
		char *copy = arena_strdup(&r->arena, partners);
		for (char *save = NULL, *t = strtok_r(copy, ", 、\t", &save); t; t = strtok_r(NULL, ", 、\t", &save))
			json_array_append_new(arr, json_string(t));
		json_object_set_new(p, "koiki_partners", arr);
	}
	const char *start = param(r, "start_fiscal_year", "");
	char *end;
	long sfy = strtol(start, &end, 10);
	json_object_set_new(p, "start_fiscal_year", *start && *end == '\0' ? json_integer(sfy) : json_string(start));
	json_t *budget = json_array();
	for (int i = 0; i < PROMO_MAX_YEARS; i++) {
		char k[32];
		snprintf(k, sizeof k, "cost_%d", i);
		const char *cost = param(r, k, NULL);
		if (cost == NULL)
			continue;
		json_t *y = json_object();
		json_object_set_new(y, "fiscal_year", json_integer(sfy + i));
		json_object_set_new(y, "project_cost_yen", json_string(cost));
		json_array_append_new(budget, y);
	}
	json_object_set_new(p, "budget", budget);
	if (strcmp(param(r, "subtype", "senku"), "society5") == 0) {
		json_t *s5 = json_object();
		json_object_set_new(s5, "advice_structure", json_boolean(on(r, "advice_structure")));
		json_object_set_new(s5, "partly_demonstrated", json_boolean(on(r, "partly_demonstrated")));
		const char *impl = param(r, "full_implementation_fiscal_year", NULL);
		if (impl)
			json_object_set_new(s5, "full_implementation_fiscal_year", json_integer(strtol(impl, NULL, 10)));
		json_object_set_new(s5, "regional_issue", json_boolean(on(r, "regional_issue")));
		json_object_set_new(s5, "new_social_system", json_boolean(on(r, "new_social_system")));
		json_object_set_new(p, "society5_requirements", s5);
	} else {
		json_object_set_new(p, "society5_requirements", json_null());
	}
	const char *plan = param(r, "regional_plan", NULL);
	if (plan) {
		json_t *rp = json_object();
		json_object_set_new(rp, "name", json_string(plan));
		json_object_set_new(p, "regional_plan", rp);
	} else {
		json_object_set_new(p, "regional_plan", json_null());
	}
	return p;
}

static void form(web_request *r)
{
	buf *b = &r->raw;
	buf_raw(b, "<form method=\"get\" action=\"/promotion\">");
	static const char *const rounds[] = { "regional-promotion/fy2024-request|令和6年度概算要求（暫定）",
					      "regional-promotion/fy2021|令和3年度（当初）", NULL };
	static const char *const subtypes[] = { "senku|先駆型", "yokotenkai|横展開型", "society5|Society5.0型", NULL };
	page_select(r, "募集回", "round", param(r, "round", "regional-promotion/fy2024-request"), rounds, NULL);
	page_select(r, "事業の型", "subtype", param(r, "subtype", "senku"), subtypes, NULL);
	page_text_input(r, "団体コード", "code", param(r, "code", r->user.organization ? r->user.organization : ""), NULL, NULL, NULL);
	page_text_input(r, "事業名", "title", param(r, "title", ""), NULL, NULL, NULL);
	page_checkbox(r, "広域連携事業", "koiki", on(r, "koiki"));
	page_text_input(r, "連携する団体の団体コード（広域連携。カンマ区切り）", "partners", param(r, "partners", ""), NULL, NULL, NULL);
	page_text_input(r, "開始年度（西暦）", "start_fiscal_year", param(r, "start_fiscal_year", "2024"), NULL, NULL, "inputmode=\"numeric\"");
	buf_raw(b, "<fieldset><legend>年度ごとの事業費（開始年度から順に）</legend><div class=\"grid-2\">");
	for (int i = 0; i < PROMO_MAX_YEARS; i++) {
		char k[32];
		snprintf(k, sizeof k, "cost_%d", i);
		page_text_input(r, arena_printf(&r->arena, "%d年目の事業費", i + 1), k, param(r, k, ""), i == 0 ? "円のほか「1億円」「7,000万円」も可" : NULL,
				NULL, NULL);
	}
	buf_raw(b, "</div></fieldset><fieldset><legend>Society5.0型の要件（Society5.0型のみ）</legend>");
	page_checkbox(r, "1 国・専門家等の助言・サポートを受ける体制", "advice_structure", on(r, "advice_structure"));
	page_checkbox(r, "2 一部実証済み", "partly_demonstrated", on(r, "partly_demonstrated"));
	page_text_input(r, "2 本格実装の年度（西暦）", "full_implementation_fiscal_year", param(r, "full_implementation_fiscal_year", ""), NULL, NULL, NULL);
	page_checkbox(r, "3 地域課題を解決し地方創生に寄与", "regional_issue", on(r, "regional_issue"));
	page_checkbox(r, "4 新たな社会システムづくり", "new_social_system", on(r, "new_social_system"));
	buf_raw(b, "</fieldset>");
	page_text_input(r, "地域再生計画の名称", "regional_plan", param(r, "regional_plan", ""), "地方創生推進タイプは地域再生法に基づく交付金で、地域再生計画が必要です", NULL, NULL);
	buf_raw(b, "<p><button type=\"submit\" name=\"check\" value=\"1\">判定する</button></p></form>");
}

static void cap_cell(web_request *r, const view_cell *c)
{
	buf_raw(&r->raw, json_is_true(json_object_get(c->row, "cap_applied")) ? "上限を適用" : "上限内");
}

/* <h3>heading</h3> and the list, nothing when it is empty. */
static void diags_part(web_request *r, json_t *list, const char *cls, const char *heading)
{
	if (json_array_size(list) == 0)
		return;
	view_heading(r, 3, heading);
	view_diags(r, list, cls, "path");
}

static void result(web_request *r, json_t *res)
{
	buf *b = &r->raw;
	bool ok = json_is_true(json_object_get(res, "ok"));
	view_heading(r, 2, "判定");
	buf_raw(b, ok ? "<p class=\"notice ok\" id=\"promotion-verdict\">受付可能です（エラーなし）</p>"
		      : "<p class=\"notice error\" id=\"promotion-verdict\">このままでは受け付けられません</p>");
	static const view_col cols[] = {
		{ .header = "年度", .flags = VIEW_ROWHEAD, .cell = view_cell_fiscal_year, .key = "fiscal_year" },
		{ .header = "事業費", .flags = VIEW_NUM_CELLS, .cell = view_cell_amount, .key = "project_cost_yen" },
		{ .header = "国費", .flags = VIEW_NUM_CELLS, .cell = view_cell_amount, .key = "national_share_yen" },
		{ .header = "地方負担", .flags = VIEW_NUM_CELLS, .cell = view_cell_amount, .key = "local_share_yen" },
		{ .header = "上限", .cell = cap_cell },
	};
	static const view_table t = { .id = "promotion-years", .caption = "年度ごとの国費", .cols = cols, .n_cols = 5 };
	view_table_json(r, &t, json_object_get(res, "years"));
	buf_raw(b, "<p>合計 国費 <strong id=\"promotion-total\">");
	json_t *tot = json_object_get(res, "national_share_total_yen");
	if (json_is_integer(tot))
		view_yen(r, json_integer_value(tot));
	else
		buf_raw(b, "—");
	buf_raw(b, "</strong></p>");
	diags_part(r, json_object_get(res, "errors"), "error", "エラー");
	diags_part(r, json_object_get(res, "warnings"), "warning", "警告");
	diags_part(r, json_object_get(res, "info"), "info", "お知らせ");
	buf_raw(b, "<h3>計算の根拠</h3><ol class=\"trace\">");
	size_t i;
	json_t *y;
	json_array_foreach(json_object_get(res, "trace"), i, y)
	{
		buf_raw(b, "<li>");
		html_text(b, view_jstr(y, "label"));
		const char *src = json_string_value(json_object_get(y, "source"));
		if (src && strcmp(src, "application") != 0 && strcmp(src, "project") != 0) {
			buf_raw(b, "<br><small>出典: ");
			view_cite(r, src, json_string_value(json_object_get(y, "quote")));
			buf_raw(b, "</small>");
		}
		buf_raw(b, "</li>");
	}
	buf_raw(b, "</ol>");
}

void page_promotion(web_request *r)
{
	json_t *res = NULL;
	if (page_param(r, "check")) {
		arena *a = &r->arena;
		char err[512];
		const promo_catalog *pc = rules_cache_promotion(err, sizeof err);
		if (pc == NULL) {
			page_error(r, 500, err);
			return;
		}
		json_t *doc = project_from_params(r);
		promo_project proj;
		memset(&proj, 0, sizeof proj);
		diag_list dl;
		diag_list_init(&dl, a);
		promo_result pr;
		core_city_list none = { 0 };
		if (json_promotion_decode(doc, a, &proj, &dl) == 0) {
			proj.label = "form";
			if (promo_check(&proj, &dl, pc, &r->svc->cat->orgs, &none, a, &pr) == 0) {
				promo_result *one = &pr;
				promo_check_limits(&one, 1, a);
				res = json_promotion_result_encode(&pr);
			}
		}
		json_decref(doc);
		if (res == NULL) {
			page_error(r, 500, "判定できませんでした（メモリ不足）");
			return;
		}
	}
	page_begin(r, "地方創生推進タイプの事業（複数年度）");
	buf_raw(&r->raw, "<p>先駆型・横展開型・Society5.0型の事業を年度ごとに入れ、団体の種類に応じた1事業・1年度当たりの国費上限、"
			 "事業期間、Society5.0型の5年間の上限と要件、地域再生計画を確かめます（000_23c807c41fd90cd5.txt, 003_73909b06327bf539.txt）。"
			 "中枢中核都市の指定は運用者が登録する情報で、この画面では市町村として計算します。</p>");
	form(r);
	if (res)
		result(r, res);
	json_decref(res);
	page_end(r);
}
