/* office_applications.c — /office/applications: every application the office sees,
 * searched (title, organization name or code) and filtered by round, menu, field,
 * prefecture, organization kind, state and failing checks, sorted by a column, in pages,
 * with downloads of the filtered list and bulk actions on checked rows. The rows are the
 * service's (svc_app_find: one pass over the list and each round's checks, computed once
 * per change of the round); this file only draws them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/rules.h"
#include "../api_apps.h"
#include "office.h"

/* What the table's header and cells need: the query (for the sort links) and the rounds. */
typedef struct list_ctx {
	const svc_app_query *q;
	const char *query; /* the filters as a query string ("q=…&round=…&"), not escaped */
	json_t *rounds;
} list_ctx;

static const char *str_or_empty(const char *v) { return v ? v : ""; }

/* The filters of q as a query string ending in "&" (or ""), values URL-encoded, in
 * r->arena; with_order adds sort, dir and per_page. */
static const char *filter_query(web_request *r, const svc_app_query *q, bool with_order)
{
	const char *names[] = { "q", "round", "menu", "field", "prefecture", "kind", "status" };
	const char *values[] = { q->q, q->round, q->menu, q->field, q->prefecture, q->kind, q->status };
	buf b = { 0 };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (values[i] == NULL || values[i][0] == '\0')
			continue;
		buf_fmt(&b, "%s=", names[i]);
		html_url_param(&b, values[i]);
		buf_raw(&b, "&");
	}
	if (q->errors)
		buf_raw(&b, "errors=1&");
	if (with_order && (q->sort != APP_SORT_ID || q->desc))
		buf_fmt(&b, "sort=%s&dir=%s&", svc_app_sort_keys[q->sort], q->desc ? "desc" : "asc");
	if (with_order && q->per_page)
		buf_fmt(&b, "per_page=%zu&", q->per_page);
	const char *out = arena_strndup(&r->arena, b.data ? b.data : "", b.len);
	buf_free(&b);
	return out ? out : "";
}

/* A column header that sorts by its column (col->tag), marked when it is the current one. */
static void sort_header(web_request *r, const view_cell *c)
{
	const list_ctx *x = c->ctx;
	buf *b = &r->raw;
	int key = c->col->tag;
	bool cur = x->q->sort == key;
	buf_raw(b, "<th scope=\"col\"");
	if (c->col->flags & VIEW_NUM)
		buf_raw(b, " class=\"num\"");
	if (cur)
		buf_raw(b, x->q->desc ? " aria-sort=\"descending\"" : " aria-sort=\"ascending\"");
	buf_raw(b, "><a href=\"/office/applications?");
	html_attr(b, x->query);
	buf_fmt(b, "sort=%s&amp;dir=%s", svc_app_sort_keys[key], cur && !x->q->desc ? "desc" : "asc");
	if (x->q->per_page)
		buf_fmt(b, "&amp;per_page=%zu", x->q->per_page);
	buf_raw(b, "\">");
	html_text(b, c->col->header);
	if (cur)
		buf_raw(b, x->q->desc ? "（降順 ▼）" : "（昇順 ▲）");
	buf_raw(b, "</a></th>");
}

/* ---- the cells of a row (c->row: an svc_app_item) ---- */

#define ITEM(c) ((const svc_app_item *)(c)->row)

static void select_cell(web_request *r, const view_cell *c)
{
	long long id = (long long)ITEM(c)->app->id;
	buf_fmt(&r->raw, "<input type=\"checkbox\" name=\"id\" value=\"%lld\" aria-label=\"申請%lldを選ぶ\">", id, id);
}

static void id_cell(web_request *r, const view_cell *c)
{
	long long id = (long long)ITEM(c)->app->id;
	buf_fmt(&r->raw, "<a href=\"/office/applications/%lld\">%lld</a>", id, id);
}

static void org_cell(web_request *r, const view_cell *c)
{
	const store_app *a = ITEM(c)->app;
	view_text_or(r, a->organization_name, a->organization);
}

static void pref_cell(web_request *r, const view_cell *c)
{
	html_text(&r->raw, office_prefecture_name(r, ITEM(c)->app->organization));
}

static void menu_cell(web_request *r, const view_cell *c)
{
	const store_app *a = ITEM(c)->app;
	json_t *rounds = ((const list_ctx *)c->ctx)->rounds;
	html_text(&r->raw, office_menu_name(rounds, a->round_key, a->menu));
	html_wrap(&r->raw, "<br><small>", office_round_title(rounds, a->round_key), "</small>");
}

static void title_cell(web_request *r, const view_cell *c)
{
	const store_app *a = ITEM(c)->app;
	buf_fmt(&r->raw, "<a href=\"/office/applications/%lld\">", (long long)a->id);
	view_text_or(r, a->title, "（無題）");
	buf_raw(&r->raw, "</a>");
}

static void status_cell(web_request *r, const view_cell *c) { html_text(&r->raw, page_status_label(ITEM(c)->app->status)); }

static void ns_cell(web_request *r, const view_cell *c)
{
	const svc_check_row *k = ITEM(c)->check;
	if (k && k->has_national_share)
		view_yen(r, k->national_share_yen);
	else
		buf_raw(&r->raw, k ? "算定できません" : "判定できません");
}

static void errors_cell(web_request *r, const view_cell *c)
{
	const svc_check_row *k = ITEM(c)->check;
	if (k)
		buf_fmt(&r->raw, "%zu件", k->errors);
	else
		buf_raw(&r->raw, "—");
}

static void updated_cell(web_request *r, const view_cell *c) { view_time(r, ITEM(c)->app->updated_at); }

/* ---- the filter form (GET; works without JavaScript) ---- */

static const char *const field_keys[] = { "administration", "resident_services", "education", "culture_sports",
					   "medical_welfare", "childcare", "transport_logistics", "disaster_infrastructure",
					   "agriculture", "industry", "tourism", "other" };

/* "value|label" options of the menus of every round, each id once (NULL when out of memory). */
static const char **menu_options(web_request *r, json_t *rarr)
{
	const char **opts = arena_alloc(&r->arena, 64 * sizeof *opts);
	if (opts == NULL)
		return NULL;
	size_t k = 0, i, j;
	json_t *ro, *m;
	opts[k++] = "|すべて";
	json_array_foreach(rarr, i, ro)
	{
		json_array_foreach(json_object_get(ro, "menus"), j, m)
		{
			const char *id = view_jstr(m, "id");
			bool seen = false;
			for (size_t q = 1; q < k && !seen; q++)
				seen = strncmp(opts[q], id, strlen(id)) == 0 && opts[q][strlen(id)] == '|';
			if (!seen && k < 62)
				opts[k++] = arena_printf(&r->arena, "%s|%s", id, view_jstr(m, "name"));
		}
	}
	opts[k] = NULL;
	return opts;
}

static void filter_form(web_request *r, const svc_app_query *q, json_t *rarr)
{
	buf *b = &r->raw;
	buf_raw(b, "<form method=\"get\" action=\"/office/applications\" class=\"filters\" aria-label=\"絞り込み\">");
	page_text_input(r, "検索（事業名・団体名・団体コード）", "q", str_or_empty(q->q), NULL, NULL, NULL);
	const char **opts = office_round_options(r, rarr, true);
	if (opts)
		office_filter_select(r, "募集回", "round", str_or_empty(q->round), opts);
	if ((opts = menu_options(r, rarr)) != NULL)
		office_filter_select(r, "類型", "menu", str_or_empty(q->menu), opts);
	const size_t nf = sizeof field_keys / sizeof field_keys[0];
	opts = arena_alloc(&r->arena, (nf + 2) * sizeof *opts);
	if (opts) {
		opts[0] = "|すべて";
		for (size_t k = 0; k < nf; k++)
			opts[k + 1] = arena_printf(&r->arena, "%s|%s", field_keys[k], field_label(field_keys[k]));
		opts[nf + 1] = NULL;
		office_filter_select(r, "事業分野", "field", str_or_empty(q->field), opts);
	}
	opts = arena_alloc(&r->arena, 49 * sizeof *opts);
	if (opts) {
		opts[0] = "|すべて";
		for (int p = 1; p <= 47; p++) {
			char first5[16], code[24];
			snprintf(first5, sizeof first5, "%02d000", p % 100);
			snprintf(code, sizeof code, "%s%d", first5, orgcode_check_digit(first5));
			const organization *o = office_org(r, code);
			opts[p] = arena_printf(&r->arena, "%02d|%02d %s", p, p, o ? o->name : "");
		}
		opts[48] = NULL;
		office_filter_select(r, "都道府県", "prefecture", str_or_empty(q->prefecture), opts);
	}
	const char *kopts[ORG_KIND__MAX + 3];
	size_t k = 0;
	kopts[k++] = "|すべて";
	kopts[k++] = "municipality|市町村（特別区を含む）";
	for (int i = 0; i < ORG_KIND__MAX; i++)
		if (i != ORG_WARD) /* a ward of a designated city never applies */
			kopts[k++] = arena_printf(&r->arena, "%s|%s", org_kind_id((org_kind)i), org_kind_label((org_kind)i));
	kopts[k] = NULL;
	office_filter_select(r, "団体の種類", "kind", str_or_empty(q->kind), kopts);
	const char *sopts[APP_STATUS__MAX + 1];
	k = 0;
	sopts[k++] = "|すべて";
	for (int st = APP_CONSULTATION; st < APP_STATUS__MAX; st++)
		sopts[k++] = arena_printf(&r->arena, "%s|%s", app_status_key((app_status)st), app_status_label((app_status)st));
	sopts[k] = NULL;
	office_filter_select(r, "状態", "status", str_or_empty(q->status), sopts);
	static const char *const per_opts[] = { "|すべて", "50|50件", "100|100件", "200|200件", "500|500件", NULL };
	office_filter_select(r, "1ページの件数", "per_page", q->per_page ? arena_printf(&r->arena, "%zu", q->per_page) : "",
			     (const char **)per_opts);
	buf_raw(b, "<div><input type=\"checkbox\" id=\"errors\" name=\"errors\" value=\"1\"");
	buf_raw(b, q->errors ? " checked>" : ">");
	buf_raw(b, "<label for=\"errors\" class=\"inline\">判定にエラーがある申請だけ</label></div>");
	if (q->sort != APP_SORT_ID || q->desc)
		buf_fmt(b, "<input type=\"hidden\" name=\"sort\" value=\"%s\"><input type=\"hidden\" name=\"dir\" value=\"%s\">",
			svc_app_sort_keys[q->sort], q->desc ? "desc" : "asc");
	buf_raw(b, "<div><button type=\"submit\">絞り込む</button> <a href=\"/office/applications\">条件を解除</a></div></form>");
}

/* The downloads of the filtered list (every matching row, not only this page). */
static void downloads(web_request *r, const char *query)
{
	buf *b = &r->raw;
	buf_raw(b, "<p>絞り込んだ一覧をダウンロード: <a href=\"/office/applications.csv?");
	html_attr(b, query);
	buf_raw(b, "\" download>CSV（UTF-8）</a>　<a href=\"/office/applications.csv?");
	html_attr(b, query);
	buf_raw(b, "encoding=sjis\" download>CSV（Shift_JIS）</a>　<a href=\"/office/applications.xlsx?");
	html_attr(b, query);
	buf_raw(b, "\" download>XLSX</a></p>");
}

/* The controls of the bulk form above the table: the action, the reviewer, the button. */
static void bulk_controls(web_request *r)
{
	static const char *const acts[] = { "screen|確認済みにする（screen）", "assign|審査員を割り当てる", "naiji|内示する", NULL };
	buf_raw(&r->raw, "<fieldset class=\"bulk\"><legend>選んだ申請をまとめて操作（1件ずつ処理し、結果を1件ずつ表示します）</legend>");
	office_filter_select(r, "操作", "action", "screen", (const char **)acts);
	page_text_input(r, "審査員のログインID（割当てのとき）", "reviewer", "", NULL, NULL, "autocomplete=\"off\"");
	buf_raw(&r->raw, "<div><button type=\"submit\">選んだ申請に実行</button></div></fieldset>");
}

void page_office_apps(web_request *r)
{
	svc_err e = { 0 };
	svc_app_query q;
	svc_app_page p = { 0 };
	json_t *rounds = NULL;
	if (web_app_query(r, &q, &e) != 0 || (rounds = svc_rounds(r->svc, &e)) == NULL ||
	    svc_app_find(r->svc, &r->user, &q, &p, &e) != 0) {
		page_svc_error(r, &e);
		svc_err_clear(&e);
		svc_app_page_free(&p);
		json_decref(rounds);
		return;
	}
	json_t *rarr = json_object_get(rounds, "rounds");
	const char *query = filter_query(r, &q, false), *paged = filter_query(r, &q, true);
	page_begin(r, "申請一覧");
	filter_form(r, &q, rarr);
	buf_fmt(&r->raw, "<p role=\"status\">%zu件が条件に合います（事務局が見られる申請 全%zu件のうち。下書きは含みません）。</p>", p.total,
		p.visible);
	downloads(r, query);
	static const view_col cols[] = {
		{ .header = "選択", .cell = select_cell },
		{ .header = "ID", .flags = VIEW_NUM, .cell = id_cell, .head = sort_header, .tag = APP_SORT_ID },
		{ .header = "団体", .cell = org_cell, .head = sort_header, .tag = APP_SORT_ORG },
		{ .header = "都道府県", .cell = pref_cell },
		{ .header = "類型", .cell = menu_cell, .head = sort_header, .tag = APP_SORT_MENU },
		{ .header = "事業名", .cell = title_cell, .head = sort_header, .tag = APP_SORT_TITLE },
		{ .header = "状態", .cell = status_cell, .head = sort_header, .tag = APP_SORT_STATUS },
		{ .header = "国費（判定）", .flags = VIEW_NUM, .cell = ns_cell, .head = sort_header, .tag = APP_SORT_NS },
		{ .header = "エラー数", .flags = VIEW_NUM, .cell = errors_cell },
		{ .header = "更新日時（日本時間）", .cell = updated_cell, .head = sort_header, .tag = APP_SORT_UPDATED },
	};
	list_ctx ctx = { &q, query, rarr };
	view_table t = { .id = "applications",
			 .caption = "申請一覧（列の見出しで並べ替え、国費は判定による計算値）",
			 .cols = cols,
			 .n_cols = sizeof cols / sizeof cols[0],
			 .empty = "条件に合う申請はありません。",
			 .ctx = &ctx };
	view_form_open(r, "/office/applications/bulk");
	bulk_controls(r);
	view_table_array(r, &t, p.items, p.n, sizeof *p.items);
	buf_raw(&r->raw, "</form>");
	view_pager(r, arena_printf(&r->arena, "/office/applications?%s", paged), p.total, p.page, p.per_page);
	page_end(r);
	svc_app_page_free(&p);
	json_decref(rounds);
}
