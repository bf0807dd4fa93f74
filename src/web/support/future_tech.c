/* future_tech.c — 未来技術社会実装事業: who is in support in a fiscal year, from the
 * selections (pasted as CSV or JSON in the documented format of
 * src/io/future_tech_io.h), with each project's period and why. Also the API handler
 * POST /api/v1/future-tech. Nothing is stored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../io/rules_cache.h"
#include "../../core/fiscal.h"
#include "../../io/future_tech_io.h"
#include "../../io/future_tech_rules.h"
#include "../pages.h"

/* Runs the report; NULL with err (400) when the selections or the year cannot be read. */
static json_t *future_report(web_request *r, const char *text, const char *year, const char *selected, svc_err *err)
{
	int fy = 0, sel_in = 0;
	if (year == NULL || !wareki_parse_fiscal_year(year, &fy) || fy < 1989 || fy > 2100) {
		err->status = 400;
		err->code = "INVALID";
		snprintf(err->message, sizeof err->message, "年度（例: 2021、令和3年度、R3）を指定してください");
		return NULL;
	}
	if (selected && selected[0] && (!wareki_parse_fiscal_year(selected, &sel_in) || sel_in < 1989 || sel_in > 2100)) {
		err->status = 400;
		err->code = "INVALID";
		snprintf(err->message, sizeof err->message, "選定年度が読めません");
		return NULL;
	}
	char e[8192]; /* per request: handlers run on several workers at once */
	const ft_rules *rules = rules_cache_future_tech(e, sizeof e);
	if (rules == NULL) {
		err->status = 500;
		snprintf(err->message, sizeof err->message, "%.400s", e);
		return NULL;
	}
	ft_selection *sel;
	size_t n;
	if (text == NULL || future_tech_selections_load(text, strlen(text), "selections", &r->svc->cat->orgs, &r->arena, &sel, &n, e,
							sizeof e) != 0) {
		err->status = 400;
		err->code = "SELECTIONS_INVALID";
		snprintf(err->message, sizeof err->message, "選定の記録を読めません: %.400s", text ? e : "記録がありません");
		return NULL;
	}
	ft_report rep;
	if (future_tech_report(rules, sel, n, fy, sel_in, &r->arena, &rep) != 0) {
		err->status = 500;
		snprintf(err->message, sizeof err->message, "メモリが足りません");
		return NULL;
	}
	return future_tech_report_encode(&rep, rules, "selections", sel_in);
}

json_t *api_future_tech(web_request *r, svc_err *err)
{
	json_t *b = r->json;
	json_t *year = json_object_get(b, "year"), *selected = json_object_get(b, "selected_in"), *csv = json_object_get(b, "selections_csv"),
	       *sel = json_object_get(b, "selections");
	char ybuf[32] = "", sbuf[32] = "";
	if (json_is_integer(year))
		snprintf(ybuf, sizeof ybuf, "%lld", (long long)json_integer_value(year));
	else if (json_is_string(year))
		snprintf(ybuf, sizeof ybuf, "%s", json_string_value(year));
	if (json_is_integer(selected))
		snprintf(sbuf, sizeof sbuf, "%lld", (long long)json_integer_value(selected));
	char *text = NULL;
	if (json_is_string(csv))
		text = arena_strdup(&r->arena, json_string_value(csv));
	else if (json_is_object(sel)) {
		char *d = json_dumps(sel, JSON_COMPACT);
		text = arena_strdup(&r->arena, d);
		free(d);
	}
	return future_report(r, text, ybuf[0] ? ybuf : NULL, sbuf, err);
}

void page_future_tech(web_request *r)
{
	const char *text = page_param(r, "selections"), *year = page_param(r, "year"), *selected = page_param(r, "selected_in");
	json_t *out = NULL;
	svc_err e = { 0 };
	if (page_param(r, "check"))
		out = future_report(r, text, year, selected, &e);
	page_begin(r, "未来技術社会実装事業の支援期間");
	buf *b = &r->raw;
	buf_raw(b, "<p>選定された事業の記録（CSV または JSON）から、指定した年度に支援中の事業と、その支援期間・理由を示します"
		   "（003_73909b06327bf539.txt: 初めて採択された年から3年間。継続申請と書面による2年延長。継続申請がなければ終了）。</p>");
	if (e.message[0]) {
		view_notice_error(r, e.message);
		r->status = e.status ? e.status : 400;
	}
	view_form_open(r, "/future-tech");
	page_text_input(r, "年度", "year", year ? year : "令和3年度", "例: 2021、令和3年度、R3", NULL, NULL);
	page_text_input(r, "選定年度で絞る（任意）", "selected_in", selected ? selected : "", NULL, NULL, NULL);
	page_textarea(r, "選定の記録（見出し行: organization_code,organization,title,first_selected_fiscal_year,continuation_filed_fiscal_year,"
			 "continuation_decision,decided_on,source,note）",
		      "selections", text ? text : "", NULL);
	buf_raw(b, "<p><button type=\"submit\" name=\"check\" value=\"1\">支援中の事業を表示</button></p></form>");
	if (out) {
		json_t *list = json_object_get(out, "in_support");
		buf_raw(b, "<h2>結果</h2><p>");
		html_text(b, json_string_value(json_object_get(out, "fiscal_year_label")));
		buf_fmt(b, "に支援中: <strong id=\"future-tech-count\">%lld</strong>事業</p>",
			(long long)json_integer_value(json_object_get(out, "in_support_count")));
		static const view_col cols[] = {
			{ .header = "団体", .key = "organization" },
			{ .header = "事業", .key = "title" },
			{ .header = "支援期間", .key = "support_period" },
			{ .header = "理由", .key = "reason" },
		};
		static const view_table t = { .id = "future-tech", .caption = "支援中の事業", .cols = cols, .n_cols = 4 };
		view_table_json(r, &t, list);
	}
	json_decref(out);
	page_end(r);
}
