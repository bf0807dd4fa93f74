/* office_app_body.c — an application (実施計画書) summarised for the office and the
 * reviewers: its facts are in office.c, this is the plan itself, section by section. */
#include <string.h>

#include "../../core/rules.h"
#include "office.h"

static const char *member_kind_label(const char *kind)
{
	static const struct {
		const char *key, *label;
	} kinds[] = { { "private", "民間" }, { "public", "行政・公的機関" }, { "government", "行政" },
		      { "municipality", "自治体" }, { "university", "大学・研究機関" }, { "npo", "NPO等" } };
	for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].key, kind) == 0)
			return kinds[i].label;
	return kind ? kind : "";
}

/* Totals of a service's cost items, for the table's footer. */
typedef struct cost_totals {
	int64_t total, eligible;
	bool readable;
	size_t n;
} cost_totals;

static void eligible_cell(web_request *r, const view_cell *c)
{
	buf_raw(&r->raw, json_is_false(json_object_get(c->row, "eligible")) ? "対象外" : "対象");
}

static void cost_foot(web_request *r, void *ctx)
{
	const cost_totals *t = ctx;
	if (t->n == 0 || !t->readable)
		return;
	buf_raw(&r->raw, "<tfoot><tr class=\"total\"><th scope=\"row\" colspan=\"2\">合計（うち交付対象）</th><td class=\"num\">");
	view_yen(r, t->total);
	buf_raw(&r->raw, "</td><td>");
	view_yen(r, t->eligible);
	buf_raw(&r->raw, "</td></tr></tfoot>");
}

static void cost_items_table(web_request *r, json_t *items, size_t sv)
{
	static const view_col cols[] = {
		{ .header = "区分", .key = "category" },
		{ .header = "内容", .key = "description", .dflt = "（記載なし）" },
		{ .header = "金額", .flags = VIEW_NUM, .cell = view_cell_amount, .key = "amount_yen" },
		{ .header = "交付対象", .cell = eligible_cell },
	};
	cost_totals t = { .readable = true, .n = json_array_size(items) };
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		int64_t yen = 0;
		bool ok = view_amount_of(json_object_get(it, "amount_yen"), &yen);
		t.readable = t.readable && ok;
		if (ok) {
			t.total += yen;
			if (!json_is_false(json_object_get(it, "eligible")))
				t.eligible += yen;
		}
	}
	view_table tab = { .caption = arena_printf(&r->arena, "サービス%zuの経費項目", sv + 1),
			   .cols = cols,
			   .n_cols = 4,
			   .empty = "経費項目がありません",
			   .ctx = &t,
			   .foot = cost_foot };
	view_table_json(r, &tab, items);
}

static void kpi_point(web_request *r, json_t *p)
{
	if (!json_is_object(p)) {
		buf_raw(&r->raw, "—");
		return;
	}
	view_scalar(r, json_object_get(p, "value"));
	if (json_object_get(p, "fiscal_year")) {
		buf_raw(&r->raw, "（");
		view_fiscal_year(r, json_object_get(p, "fiscal_year"));
		buf_raw(&r->raw, "）");
	}
}

static void kpi_baseline_cell(web_request *r, const view_cell *c)
{
	kpi_point(r, json_object_get(c->row, "baseline"));
}

static void kpi_targets_cell(web_request *r, const view_cell *c)
{
	json_t *targets = json_object_get(c->row, "targets");
	if (json_array_size(targets) == 0)
		buf_raw(&r->raw, "—");
	size_t t;
	json_t *tv;
	json_array_foreach(targets, t, tv)
	{
		if (t > 0)
			buf_raw(&r->raw, "<br>");
		kpi_point(r, tv);
	}
}

static void member_kind_cell(web_request *r, const view_cell *c)
{
	html_text(&r->raw, member_kind_label(json_string_value(json_object_get(c->row, "kind"))));
}

static void facility_kind_cell(web_request *r, const view_cell *c)
{
	tw_facility_kind k;
	const char *key = json_string_value(json_object_get(c->row, "kind"));
	html_text(&r->raw, key && tw_facility_kind_from_key(key, &k) ? tw_facility_kind_label(k) : key ? key : "—");
}

/* The heading of a part, and its table; or the text when the list is empty. */
static void table_part(web_request *r, int level, const char *heading, const view_table *t, json_t *rows, const char *none)
{
	view_heading(r, level, heading);
	if (json_array_size(rows) == 0)
		view_para(r, none);
	else
		view_table_json(r, t, rows);
}

static void scalar_item(web_request *r, const view_cell *c) { view_scalar(r, c->row); }

static void field_item(web_request *r, const view_cell *c)
{
	const char *k = json_string_value(c->row);
	const char *label = k ? field_label(k) : NULL;
	html_text(&r->raw, label ? label : k ? k : "");
}

/* <p>lead</p><ul> of the scalars of a list, nothing when it is empty. */
static void scalar_list(web_request *r, const char *lead, json_t *arr)
{
	if (json_array_size(arr) == 0)
		return;
	view_para(r, lead);
	view_list(r, "<ul>", arr, scalar_item, NULL, NULL);
}

static void summary_and_fields(web_request *r, json_t *app, int level)
{
	buf *b = &r->raw;
	view_heading(r, level, "事業の概要");
	buf_raw(b, "<p>");
	if (view_jstr(app, "summary")[0])
		view_lines(r, view_jstr(app, "summary"));
	else
		buf_raw(b, "（記載なし）");
	buf_raw(b, "</p>");

	view_heading(r, level, "事業分野");
	view_list(r, "<ul>", json_object_get(app, "fields"), field_item, NULL, "（記載なし）");
}

static void services(web_request *r, json_t *app, int level)
{
	view_heading(r, level, "実装するサービスと経費");
	json_t *list = json_object_get(app, "services");
	if (json_array_size(list) == 0)
		view_para(r, "（サービスの記載なし）");
	size_t si;
	json_t *sv;
	json_array_foreach(list, si, sv)
	{
		buf_fmt(&r->raw, "<h%d>サービス%zu: ", level + 1, si + 1);
		view_text_or(r, view_jstr(sv, "name"), "（名称なし）");
		buf_fmt(&r->raw, "</h%d>", level + 1);
		view_dl_open(r);
		view_dl_text(r, "モデル", view_jstr(sv, "model"), "—");
		view_dl_text(r, "対象者", view_jstr(sv, "target"), "—");
		view_dl_text(r, "対象地域", view_jstr(sv, "area"), "—");
		view_dl_close(r);
		cost_items_table(r, json_object_get(sv, "cost_items"), si);
	}
}

static void pdca_part(web_request *r, json_t *app, int level)
{
	view_heading(r, level, "PDCAサイクル");
	json_t *pdca = json_object_get(app, "pdca");
	if (!json_is_object(pdca)) {
		view_para(r, "（記載なし）");
		return;
	}
	view_dl_open(r);
	view_dl_text(r, "頻度", view_jstr(pdca, "frequency"), "—");
	view_dl_text(r, "手法", view_jstr(pdca, "method"), "—");
	json_t *ext = json_object_get(pdca, "external_evaluation");
	view_dl_text(r, "外部評価", json_is_true(ext) ? "あり" : json_is_false(ext) ? "なし" : "—", NULL);
	view_dl_close(r);
}

static void platform_and_card(web_request *r, json_t *app, int level)
{
	json_t *dp = json_object_get(app, "data_platform");
	if (json_is_object(dp)) {
		view_heading(r, level, "データ連携基盤");
		dp_policy p;
		const char *key = json_string_value(json_object_get(dp, "policy"));
		html_wrap(&r->raw, "<p>方針: ", key && dp_policy_from_key(key, &p) ? dp_policy_label(p) : key ? key : "（記載なし）", "</p>");
		scalar_list(r, "連携するサービス:", json_object_get(dp, "services_linked"));
	}
	json_t *card = json_object_get(app, "mynumber_card");
	if (json_is_object(card)) {
		view_heading(r, level, "マイナンバーカードの利用");
		view_dl_open(r);
		view_dt(r, "申請率");
		view_scalar(r, json_object_get(card, "application_rate"));
		view_dd_close(r);
		view_dt(r, "申請率の基準日");
		view_scalar(r, json_object_get(card, "rate_as_of"));
		view_dd_close(r);
		view_dl_close(r);
		scalar_list(r, "新たな利用用途:", json_object_get(card, "new_uses"));
	}
}

static void telework_part(web_request *r, json_t *app, int level)
{
	json_t *tw = json_object_get(app, "telework");
	if (!json_is_object(tw))
		return;
	view_heading(r, level, "テレワーク（施設・経費）");
	static const view_col fac_cols[] = {
		{ .header = "種類", .cell = facility_kind_cell },
		{ .header = "名称", .key = "name" },
		{ .header = "経費", .flags = VIEW_NUM, .cell = view_cell_amount, .key = "cost_yen" },
	};
	static const view_table fac = { .caption = "施設", .cols = fac_cols, .n_cols = 3 };
	json_t *facilities = json_object_get(tw, "facilities");
	if (json_array_size(facilities) > 0)
		view_table_json(r, &fac, facilities);
	if (json_object_get(tw, "promotion_cost_yen")) {
		buf_raw(&r->raw, "<p>利活用促進の経費: ");
		view_amount(r, json_object_get(tw, "promotion_cost_yen"));
		buf_raw(&r->raw, "</p>");
	}
	static const view_col company_cols[] = { { .header = "名称", .key = "name" },
						 { .header = "金額", .flags = VIEW_NUM, .cell = view_cell_amount, .key = "support_yen" } };
	static const view_col project_cols[] = { { .header = "名称", .key = "name" },
						 { .header = "金額", .flags = VIEW_NUM, .cell = view_cell_amount, .key = "cost_yen" } };
	static const struct {
		const char *key;
		view_table t;
	} lists[] = { { "companies", { .caption = "進出企業への支援", .cols = company_cols, .n_cols = 2 } },
		      { "settlement_projects", { .caption = "定着促進事業", .cols = project_cols, .n_cols = 2 } } };
	for (size_t l = 0; l < 2; l++) {
		json_t *arr = json_object_get(tw, lists[l].key);
		if (json_array_size(arr) > 0)
			view_table_json(r, &lists[l].t, arr);
	}
}

void office_app_body(web_request *r, json_t *app, int level)
{
	if (!json_is_object(app)) {
		view_para(r, "申請書の内容を読めません。");
		return;
	}
	summary_and_fields(r, app, level);
	services(r, app, level);

	static const view_col kpi_cols[] = {
		{ .header = "指標", .key = "name" },
		{ .header = "単位", .key = "unit" },
		{ .header = "基準値（年度）", .cell = kpi_baseline_cell },
		{ .header = "目標値（年度）", .cell = kpi_targets_cell },
	};
	static const view_table kpis = { .caption = "KPI", .cols = kpi_cols, .n_cols = 4 };
	table_part(r, level, "KPI（重要業績評価指標）", &kpis, json_object_get(app, "kpis"), "（KPIの記載なし）");

	static const view_col member_cols[] = {
		{ .header = "名称", .key = "name" },
		{ .header = "区分", .cell = member_kind_cell },
		{ .header = "役割", .key = "role", .dflt = "（記載なし）" },
	};
	static const view_table members = { .caption = "推進体制の構成員", .cols = member_cols, .n_cols = 3 };
	table_part(r, level, "推進体制（コンソーシアム等）", &members, json_object_get(app, "consortium"), "（推進体制の記載なし）");

	static const view_col cost_cols[] = {
		{ .header = "年度", .cell = view_cell_fiscal_year, .key = "fiscal_year" },
		{ .header = "金額", .flags = VIEW_NUM, .cell = view_cell_amount, .key = "amount_yen" },
		{ .header = "財源", .key = "source", .dflt = "（記載なし）" },
	};
	static const view_table costs = { .caption = "ランニングコストと財源", .cols = cost_cols, .n_cols = 3 };
	table_part(r, level, "次年度以降のランニングコスト", &costs, json_object_get(app, "running_costs"), "（記載なし）");

	pdca_part(r, app, level);
	platform_and_card(r, app, level);
	telework_part(r, app, level);
}
