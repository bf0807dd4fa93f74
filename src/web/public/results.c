/* results.c — the public results pages (no login): the result tables with
 * their filters, charts, tile map and downloads; every prefecture's adopted
 * organizations; an organization's adoptions over the years. The route table
 * also lists the menus page (menus.c). Everything shown comes from the
 * decided projects (svc_decided_projects / svc_report_table) and the rule catalog. */
#include "results.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/money.h"
#include "../../service/results.h"
#include "../svg.h"

/* ---- small helpers ---- */

static const char *const no_options[] = { NULL };

static const rule_set *default_round(const rule_catalog *c)
{
	const rule_set *rs = rules_find(c, RESULTS_DEFAULT_ROUND);
	return rs ? rs : c->len > 0 ? c->sets[0] : NULL;
}

/* The round of the query: "all" (or nothing when default_all) is every round (NULL).
 * An unknown id answers a 404 page and returns false. */
static bool parse_round(web_request *r, bool default_all, const rule_set **out)
{
	const rule_catalog *c = &r->svc->cat->rules;
	const char *v = page_param(r, "round");
	*out = NULL;
	if (v == NULL || v[0] == '\0') {
		if (!default_all)
			*out = default_round(c);
		return true;
	}
	if (strcmp(v, "all") == 0)
		return true;
	*out = rules_find(c, v);
	if (*out == NULL) {
		page_error(r, 404, arena_printf(&r->arena, "募集回「%s」はありません", v));
		return false;
	}
	return true;
}

/* A menu of the round (or of any round when rs is NULL). */
static const rule_menu *find_menu(const rule_catalog *c, const rule_set *rs, const char *id)
{
	if (rs)
		return rules_find_menu(rs, id);
	for (size_t i = 0; i < c->len; i++) {
		const rule_menu *m = rules_find_menu(c->sets[i], id);
		if (m)
			return m;
	}
	return NULL;
}

static const char *const *round_options(web_request *r, bool with_all)
{
	const rule_catalog *c = &r->svc->cat->rules;
	const char **o = arena_alloc(&r->arena, (c->len + 2) * sizeof *o);
	if (o == NULL)
		return no_options;
	size_t k = 0;
	if (with_all)
		o[k++] = "all|すべての募集回";
	for (size_t i = 0; i < c->len; i++) {
		const rule_set *rs = c->sets[i];
		bool prov = rs->status && strcmp(rs->status, "provisional") == 0;
		o[k++] = arena_printf(&r->arena, "%s|%s%s", rs->id, rs->title, prov ? "（暫定）" : "");
	}
	o[k] = NULL;
	return o;
}

static const char *const *menu_options(web_request *r, const rule_set *rs)
{
	const rule_catalog *c = &r->svc->cat->rules;
	size_t total = 0;
	for (size_t i = 0; i < c->len; i++)
		total += c->sets[i]->n_menus;
	const char **o = arena_alloc(&r->arena, (total + 2) * sizeof *o);
	const char **ids = arena_alloc(&r->arena, (total + 1) * sizeof *ids);
	if (o == NULL || ids == NULL)
		return no_options;
	size_t k = 0, n_ids = 0;
	o[k++] = "all|すべての類型";
	for (size_t i = 0; i < c->len; i++) {
		const rule_set *s = c->sets[i];
		if (rs && s != rs)
			continue;
		for (size_t m = 0; m < s->n_menus; m++) {
			bool seen = false;
			for (size_t j = 0; j < n_ids && !seen; j++)
				seen = strcmp(ids[j], s->menus[m].id) == 0;
			if (seen)
				continue;
			ids[n_ids++] = s->menus[m].id;
			o[k++] = arena_printf(&r->arena, "%s|%s", s->menus[m].id, s->menus[m].name);
		}
	}
	o[k] = NULL;
	return o;
}

static const char *round_label(const rule_set *rs, char *b, size_t n)
{
	if (rs == NULL) {
		snprintf(b, n, "すべての募集回");
		return b;
	}
	return rules_round_label(rs, b, n);
}

/* 億円 with one decimal, as published, without the unit. */
static void oku_text(web_request *r, int64_t yen)
{
	char s[64];
	money_format_oku1(yen, s, sizeof s);
	size_t l = strlen(s), u = strlen("億円");
	if (l >= u && strcmp(s + l - u, "億円") == 0)
		s[l - u] = '\0';
	html_text(&r->raw, s);
}

/* Exact yen, grouped, without the unit. */
static void grouped(web_request *r, int64_t yen)
{
	char s[64];
	money_format_grouped(yen, s, sizeof s);
	html_text(&r->raw, s);
}

static const char *status_label(const char *s)
{
	if (s == NULL)
		return "";
	if (strcmp(s, "adopted") == 0)
		return "採択";
	if (strcmp(s, "granted") == 0)
		return "交付決定";
	return s;
}

/* One query parameter of a link: "?name=value" first, "&amp;name=value" after. */
static void q_param(buf *b, bool *first, const char *name, const char *value)
{
	buf_raw(b, *first ? "?" : "&amp;");
	*first = false;
	buf_raw(b, name);
	buf_raw(b, "=");
	html_url_param(b, value);
}

static void hidden(buf *b, const char *name, const char *value)
{
	html_wrap(b, "<input type=\"hidden\" name=\"", name, "\" value=\"");
	html_attr(b, value);
	buf_raw(b, "\">");
}

static void round_query(buf *b, const rule_set *rs)
{
	bool first = true;
	if (rs)
		q_param(b, &first, "round", rs->id);
}

/* ---- /results ---- */

typedef struct selection {
	const rule_set *round; /* NULL: every round */
	const char *menu;      /* NULL: every menu */
	const char *field;     /* NULL: every 事業分野 */
	const char *prefecture; /* NULL: every prefecture, else "01".."47" */
	report_by by;
	bool orgs_once;
	svg_measure map;       /* organizations or national_share */
	const char *dropped;   /* a menu asked for that the round does not have */
} selection;

static bool parse_selection(web_request *r, selection *s)
{
	*s = (selection){ .by = BY_MENU, .map = SVG_ORGANIZATIONS };
	if (!parse_round(r, false, &s->round))
		return false;
	const char *menu = page_param(r, "menu"), *by = page_param(r, "by"), *once = page_param(r, "orgs_once"),
		   *map = page_param(r, "map");
	if (menu && menu[0] && strcmp(menu, "all") != 0) {
		if (find_menu(&r->svc->cat->rules, s->round, menu))
			s->menu = menu;
		else if (find_menu(&r->svc->cat->rules, NULL, menu))
			s->dropped = menu; /* the round changed: show every menu of the new one */
		else {
			page_error(r, 404, arena_printf(&r->arena, "類型「%s」はありません", menu));
			return false;
		}
	}
	if (by && by[0] && !report_by_from_key(by, &s->by)) {
		page_error(r, 400, "集計の区分（by）は menu, kind, field, field_merged, prefecture, category, platform のいずれかです");
		return false;
	}
	s->orgs_once = once && strcmp(once, "1") == 0;
	const char *field = page_param(r, "field"), *pref = page_param(r, "prefecture");
	if (field && field[0] && strcmp(field, "all") != 0) {
		if (field_label(field) == NULL) {
			page_error(r, 400, "事業分野（field）が不正です");
			return false;
		}
		s->field = field;
	}
	if (pref && pref[0] && strcmp(pref, "all") != 0) {
		if (strlen(pref) != 2 || pref[0] < '0' || pref[0] > '4' || pref[1] < '0' || pref[1] > '9' || atoi(pref) < 1 || atoi(pref) > 47) {
			page_error(r, 400, "都道府県（prefecture）は 01〜47 です");
			return false;
		}
		s->prefecture = pref;
	}
	if (map && map[0]) {
		if (strcmp(map, "national_share") == 0)
			s->map = SVG_NATIONAL_SHARE;
		else if (strcmp(map, "organizations") != 0) {
			page_error(r, 400, "地図に示す値（map）は organizations か national_share です");
			return false;
		}
	}
	return true;
}

/* round, menu, by, orgs_once of the selection as a query string (leading '?'). */
static void selection_query(buf *b, const selection *s, bool with_by, bool *first)
{
	if (s->round)
		q_param(b, first, "round", s->round->id);
	if (s->menu)
		q_param(b, first, "menu", s->menu);
	if (s->field)
		q_param(b, first, "field", s->field);
	if (s->prefecture)
		q_param(b, first, "prefecture", s->prefecture);
	if (with_by)
		q_param(b, first, "by", report_by_key(s->by));
	if (s->orgs_once)
		q_param(b, first, "orgs_once", "1");
}

static void selection_hidden(buf *b, const selection *s, bool with_map)
{
	hidden(b, "round", s->round ? s->round->id : "all");
	hidden(b, "menu", s->menu ? s->menu : "all");
	hidden(b, "field", s->field ? s->field : "all");
	hidden(b, "prefecture", s->prefecture ? s->prefecture : "all");
	hidden(b, "by", report_by_key(s->by));
	if (s->orgs_once)
		hidden(b, "orgs_once", "1");
	if (with_map)
		hidden(b, "map", s->map == SVG_NATIONAL_SHARE ? "national_share" : "organizations");
}

/* ---- the result tables: one row per 区分, the total in the footer ---- */

typedef struct report_ctx {
	const report *rep;
	const view_table *t;
	const rule_set *round; /* of the prefecture links */
	bool link;             /* rows link to /results/prefectures/{key} */
	const char *total;     /* the label of the totals row */
} report_ctx;

static void label_cell(web_request *r, const view_cell *c)
{
	const report_row *row = c->row;
	const report_ctx *x = c->ctx;
	if (row == &x->rep->total) {
		html_text(&r->raw, x->total);
		return;
	}
	if (row->within)
		buf_raw(&r->raw, "<span aria-hidden=\"true\">　└ </span>");
	if (x->link) {
		buf_raw(&r->raw, "<a href=\"/results/prefectures/");
		html_url_param(&r->raw, row->key);
		round_query(&r->raw, x->round);
		html_wrap(&r->raw, "\">", row->label, "</a>");
	} else {
		html_text(&r->raw, row->label);
	}
	if (row->within)
		buf_raw(&r->raw, "（内数）");
}

static void orgs_cell(web_request *r, const view_cell *c) { buf_fmt(&r->raw, "%zu", ((const report_row *)c->row)->organizations); }

static void projects_cell(web_request *r, const view_cell *c) { buf_fmt(&r->raw, "%zu", ((const report_row *)c->row)->projects); }

static void cost_oku_cell(web_request *r, const view_cell *c) { oku_text(r, ((const report_row *)c->row)->project_cost_yen); }

static void share_oku_cell(web_request *r, const view_cell *c) { oku_text(r, ((const report_row *)c->row)->national_share_yen); }

static void cost_yen_cell(web_request *r, const view_cell *c) { grouped(r, ((const report_row *)c->row)->project_cost_yen); }

static void share_yen_cell(web_request *r, const view_cell *c) { grouped(r, ((const report_row *)c->row)->national_share_yen); }

static const char *within_cls(void *row) { return ((const report_row *)row)->within ? "within" : NULL; }

static void total_foot(web_request *r, void *ctx)
{
	const report_ctx *x = ctx;
	buf_raw(&r->raw, "<tfoot>");
	view_table_row_cls(r, x->t, (void *)&x->rep->total, "total");
	buf_raw(&r->raw, "</tfoot>");
}

/* The result table: 区分 (head), 団体数, 事業件数, 億円 as published and exact yen;
 * compact (the prefectures' list) keeps only the 国費 of the amounts. Rows of a
 * prefecture table link to the prefecture's list; the total row is labelled total. */
static void report_table(web_request *r, const report *rep, const char *caption, const rule_set *round, const char *head,
			 bool compact, const char *total)
{
	view_col cols[7];
	size_t n = 0;
	cols[n++] = (view_col){ .header = head, .flags = VIEW_ROWHEAD, .cell = label_cell };
	cols[n++] = (view_col){ .header = "団体数", .flags = VIEW_NUM, .cell = orgs_cell };
	cols[n++] = (view_col){ .header = "事業件数", .flags = VIEW_NUM, .cell = projects_cell };
	if (!compact)
		cols[n++] = (view_col){ .header = "事業費（億円）", .flags = VIEW_NUM, .cell = cost_oku_cell };
	cols[n++] = (view_col){ .header = "国費（億円）", .flags = VIEW_NUM, .cell = share_oku_cell };
	if (!compact)
		cols[n++] = (view_col){ .header = "事業費（円）", .flags = VIEW_NUM, .cell = cost_yen_cell };
	cols[n++] = (view_col){ .header = "国費（円）", .flags = VIEW_NUM, .cell = share_yen_cell };
	report_ctx x = { rep, NULL, round, rep->by == BY_PREFECTURE, total };
	view_table t = { .caption = caption, .cols = cols, .n_cols = n, .ctx = &x, .foot = total_foot, .row_cls = within_cls };
	x.t = &t;
	view_table_array(r, &t, rep->rows, rep->n_rows, sizeof rep->rows[0]);
}

static void figure(web_request *r, const char *src_path, const selection *s, bool with_by, const char *measure,
		   const char *alt, const char *caption)
{
	buf *b = &r->raw;
	bool first = true;
	buf_raw(b, "<figure><img class=\"chart\" src=\"");
	buf_raw(b, src_path);
	selection_query(b, s, with_by, &first);
	q_param(b, &first, "measure", measure);
	html_wrap(b, "\" alt=\"", alt, "\"><figcaption>");
	html_text(b, caption);
	buf_raw(b, "</figcaption></figure>");
}

void page_results(web_request *r)
{
	selection s;
	if (!parse_selection(r, &s))
		return;
	report rep;
	const rule_set *labels = NULL;
	svc_err e = { 0 };
	report_query q = { .rounds = s.round ? s.round->id : NULL, .menus = s.menu, .field = s.field, .prefecture = s.prefecture,
			   .by = s.by, .orgs_once = s.orgs_once };
	if (svc_report_table(r->svc, &q, &r->arena, &rep, &labels, &e) != 0) {
		page_svc_error(r, &e);
		svc_err_clear(&e);
		return;
	}
	const rule_catalog *c = &r->svc->cat->rules;
	char rl[64];
	round_label(s.round, rl, sizeof rl);
	const rule_menu *menu = s.menu ? find_menu(c, s.round, s.menu) : NULL;
	const char *menu_name = menu ? menu->name : "すべての類型";
	const char *by_label = report_by_label(s.by);
	const char *what = arena_printf(&r->arena, "%s・%s", rl, menu_name);

	page_begin(r, "公表結果");
	buf *b = &r->raw;
	buf_raw(b, "<p class=\"lead\">採択・交付決定された事業を、類型・団体種別・事業分野・都道府県などの区分で集計しています。"
		   "公表資料から取り込んだ決定と、digiden で決定した申請の両方を数えます（digiden の決定は、資料の「内示・公表」のとおり内示の時点から載せます）。</p>");

	/* filters: a plain GET form, no script needed */
	buf_raw(b, "<h2>表示する条件</h2><form method=\"get\" action=\"/results\"><div class=\"filters\"><div>");
	page_select(r, "募集回", "round", s.round ? s.round->id : "all", round_options(r, true), NULL);
	buf_raw(b, "</div><div>");
	page_select(r, "類型", "menu", s.menu ? s.menu : "all", menu_options(r, s.round), NULL);
	buf_raw(b, "</div><div>");
	{
		static const char *const fkeys[] = { "administration", "resident_services", "education", "culture_sports",
						     "medical_welfare", "childcare", "transport_logistics", "disaster_infrastructure",
						     "agriculture", "industry", "tourism", "other" };
		const char *fopts[14];
		fopts[0] = "all|すべての事業分野";
		for (size_t i = 0; i < 12; i++)
			fopts[i + 1] = arena_printf(&r->arena, "%s|%s", fkeys[i], field_label(fkeys[i]));
		fopts[13] = NULL;
		page_select(r, "事業分野", "field", s.field ? s.field : "all", fopts, NULL);
		buf_raw(b, "</div><div>");
		const char *popts[49];
		popts[0] = "all|すべての都道府県";
		for (int pref = 1; pref <= 47; pref++) {
			char code[16];
			snprintf(code, sizeof code, "%02d000", pref);
			code[5] = (char)('0' + orgcode_check_digit(code));
			code[6] = 0;
			const organization *o = org_find(&r->svc->cat->orgs, code);
			popts[pref] = arena_printf(&r->arena, "%02d|%s", pref, o ? o->name : code);
		}
		popts[48] = NULL;
		page_select(r, "都道府県", "prefecture", s.prefecture ? s.prefecture : "all", popts, NULL);
	}
	buf_raw(b, "</div><div>");
	const char *by_opts[BY__MAX + 1];
	for (int i = 0; i < BY__MAX; i++)
		by_opts[i] = arena_printf(&r->arena, "%s|%s", report_by_key((report_by)i), report_by_label((report_by)i));
	by_opts[BY__MAX] = NULL;
	page_select(r, "集計の区分", "by", report_by_key(s.by), by_opts, NULL);
	buf_raw(b, "</div></div><p><label class=\"inline\"><input type=\"checkbox\" id=\"orgs_once\" name=\"orgs_once\" value=\"1\""
		   " aria-describedby=\"orgs_once-hint\"");
	buf_raw(b, s.orgs_once ? " checked>" : ">");
	buf_raw(b, "複数の行に現れる団体は最初の行だけで数える</label></p>"
		   "<p class=\"hint\" id=\"orgs_once-hint\">公表資料のテレワーク型の団体数は、高水準タイプと標準タイプの両方で交付決定を受けた"
		   "岐阜県を1団体として数えています（標準タイプの行では数えない）。この数え方にそろえるときに選びます。"
		   "選ばないときは、各行で重複を除いた団体数です。</p>");
	hidden(b, "map", s.map == SVG_NATIONAL_SHARE ? "national_share" : "organizations");
	buf_raw(b, "<p><button type=\"submit\">この条件で表示</button></p></form>");
	if (s.dropped) {
		buf_raw(b, "<div class=\"notice\" role=\"status\"><p>類型「");
		const rule_menu *dm = find_menu(c, NULL, s.dropped);
		html_text(b, dm ? dm->name : s.dropped);
		buf_raw(b, "」はこの募集回にないため、すべての類型を表示しています。</p></div>");
	}
	if (s.round && s.round->status && strcmp(s.round->status, "provisional") == 0)
		buf_raw(b, "<div class=\"notice\"><p><strong>暫定</strong>：この募集回の制度は確定していません（概算要求時点などの暫定版）。</p></div>");

	/* the table */
	html_wrap(b, "<h2 id=\"table\">", by_label, "の集計</h2>");
	if (rep.total.projects == 0)
		buf_raw(b, "<div class=\"notice\"><p>この条件に当てはまる採択・交付決定はまだありません"
			   "（公表結果が取り込まれていないか、条件に合う事業がありません）。</p></div>");
	if (s.by == BY_CATEGORY || s.by == BY_PLATFORM)
		buf_raw(b, "<p class=\"hint\">この区分は TYPE2・TYPE3 の事業だけを数えます。</p>");
	report_table(r, &rep, arena_printf(&r->arena, "%s：%s", what, by_label), s.round, "区分", false,
		     rep.total.label ? rep.total.label : "合計");
	buf_raw(b, "<ul class=\"hint\">"
		   "<li>億円の値は公表資料と同じく0.1億円単位に四捨五入しています。そのため内訳の和が合計と一致しないことがあります。"
		   "正確な金額は円単位の列を見てください。</li>"
		   "<li>団体数は各行・合計とも重複を除いた数です。同じ団体が複数の行に現れることがあるため、各行の団体数の和は合計と一致しないことがあります。</li>"
		   "<li>「（内数）」の行は直前の行の内訳で、合計に重ねて加えてはいません。</li>"
		   "<li>事業分野別では、各事業を最初の（主な）分野で1回だけ数えます。</li></ul>");
	if (s.by != BY_PREFECTURE)
		buf_raw(b, "<p><a href=\"/results/prefectures\">都道府県ごとの採択団体の一覧</a></p>");

	/* charts */
	buf_raw(b, "<h2>グラフと地図</h2><p>グラフと地図は上の表と同じ数値を図にしたものです。"
		   "数値は表で確かめられます（表が図の代替テキストです）。</p>");
	buf_raw(b, "<h3>国費</h3>");
	figure(r, "/api/v1/public/charts/bar.svg", &s, true, "national_share",
	       arena_printf(&r->arena, "国費（%s）の棒グラフ（%s）。数値は上の表「%sの集計」の国費の列と同じです。", by_label, what, by_label),
	       arena_printf(&r->arena, "国費（%s）。数値は上の表を参照。", by_label));
	buf_raw(b, "<h3>事業件数</h3>");
	figure(r, "/api/v1/public/charts/bar.svg", &s, true, "projects",
	       arena_printf(&r->arena, "事業件数（%s）の棒グラフ（%s）。数値は上の表「%sの集計」の事業件数の列と同じです。", by_label, what,
			    by_label),
	       arena_printf(&r->arena, "事業件数（%s）。数値は上の表を参照。", by_label));
	const char *map_what = s.map == SVG_NATIONAL_SHARE ? "国費" : "採択団体数";
	buf_raw(b, "<h3 id=\"map-section\">都道府県別の地図</h3>"
		   "<form method=\"get\" action=\"/results#map-section\"><div class=\"filters\"><div>");
	selection_hidden(b, &s, false);
	static const char *const map_opts[] = { "organizations|採択団体数", "national_share|国費", NULL };
	page_select(r, "地図に示す値", "map", s.map == SVG_NATIONAL_SHARE ? "national_share" : "organizations", map_opts, NULL);
	buf_raw(b, "</div><div><button type=\"submit\" class=\"secondary\">地図を切り替える</button></div></div></form>");
	figure(r, "/api/v1/public/charts/map.svg", &s, false, s.map == SVG_NATIONAL_SHARE ? "national_share" : "organizations",
	       arena_printf(&r->arena,
			    "都道府県別の%sを47都道府県のタイルで示した地図（%s）。都道府県別の数値は、集計の区分を「都道府県別」にした表と"
			    "「都道府県ごとの採択団体の一覧」で確かめられます。",
			    map_what, what),
	       arena_printf(&r->arena, "都道府県別の%s（%s）。各タイルに値を文字で記載。", map_what, what));
	{
		bool first = true;
		buf_raw(b, "<p><a href=\"/results");
		selection s2 = s;
		s2.by = BY_PREFECTURE;
		selection_query(b, &s2, true, &first);
		buf_raw(b, "#table\">都道府県別の表で数値を見る</a></p>");
	}

	/* downloads */
	static const struct {
		const char *extra, *label;
	} dl[] = { { "format=csv", "CSV（UTF-8、BOM付き）" },
		   { "format=csv&amp;encoding=sjis", "CSV（Shift_JIS）" },
		   { "format=xlsx", "Excel（XLSX、すべての集計区分をシートごとに収録）" },
		   { "format=json", "JSON" } };
	html_wrap(b, "<h2>ダウンロード（オープンデータ）</h2><p>表示中の条件（", what, "、");
	html_text(b, by_label);
	buf_raw(b, "）の表をダウンロードできます。</p><ul>");
	for (size_t i = 0; i < sizeof dl / sizeof dl[0]; i++) {
		bool first = true;
		buf_raw(b, "<li><a href=\"/api/v1/public/reports");
		selection_query(b, &s, true, &first);
		buf_raw(b, "&amp;");
		buf_raw(b, dl[i].extra);
		buf_raw(b, "\">");
		buf_raw(b, dl[i].label);
		buf_raw(b, "</a></li>");
	}
	buf_raw(b, "</ul><p>制度（類型・補助率・国費上限）の一覧は、jGrants の公開APIと同じ形の "
		   "<a href=\"/api/v1/public/subsidies\">/api/v1/public/subsidies</a>（JSON）でも取得できます。"
		   "制度の詳しい説明は<a href=\"/menus\">制度の説明</a>を見てください。</p>");
	page_end(r);
}

/* ---- /results/prefectures ---- */

static void round_filter(web_request *r, const char *action, const rule_set *rs)
{
	buf *b = &r->raw;
	html_wrap(b, "<form method=\"get\" action=\"", action, "\"><div class=\"filters\"><div>");
	page_select(r, "募集回", "round", rs ? rs->id : "all", round_options(r, true), NULL);
	buf_raw(b, "</div><div><button type=\"submit\">表示</button></div></div></form>");
}

void page_results_prefectures(web_request *r)
{
	const rule_set *rs;
	if (!parse_round(r, true, &rs))
		return;
	report rep;
	const rule_set *labels = NULL;
	svc_err e = { 0 };
	report_query q = { .rounds = rs ? rs->id : NULL, .by = BY_PREFECTURE };
	if (svc_report_table(r->svc, &q, &r->arena, &rep, &labels, &e) != 0) {
		page_svc_error(r, &e);
		svc_err_clear(&e);
		return;
	}
	char rl[64];
	round_label(rs, rl, sizeof rl);
	page_begin(r, "都道府県別の採択団体");
	buf *b = &r->raw;
	buf_raw(b, "<p>47都道府県それぞれの採択団体数と事業件数です。都道府県名を選ぶと、その都道府県内で採択・交付決定された"
		   "団体と事業の一覧を表示します。</p>");
	round_filter(r, "/results/prefectures", rs);
	view_heading(r, 2, "都道府県の一覧");
	report_table(r, &rep, arena_printf(&r->arena, "%s：都道府県別の団体数・事業件数", rl), rs, "都道府県", true, "合計");
	buf_raw(b, "<ul class=\"hint\"><li>団体数は都道府県ごとに重複を除いた数です（都道府県自身を含みます）。</li>"
		   "<li>億円の値は0.1億円単位に四捨五入しています（公表資料と同じ）。正確な金額は円単位の列を見てください。</li></ul>"
		   "<p><a href=\"/results\">公表結果（表・グラフ・ダウンロード）へ戻る</a></p>");
	page_end(r);
}

/* ---- decided projects, sorted ---- */

static int fiscal_year_of_project(const decided_project *p) { return p->rules ? p->rules->fiscal_year : 0; }

static int by_org_then_round(const void *a, const void *b)
{
	const decided_project *x = a, *y = b;
	int c = strcmp(x->org->code, y->org->code);
	if (c)
		return c;
	int fx = fiscal_year_of_project(x), fy = fiscal_year_of_project(y);
	if (fx != fy)
		return fx < fy ? -1 : 1;
	if ((c = strcmp(x->round, y->round)) != 0)
		return c;
	return strcmp(x->menu, y->menu);
}

static const char *project_menu_name(const decided_project *p)
{
	const rule_menu *m = rules_find_menu(p->rules, p->menu);
	return m ? m->name : p->menu;
}

/* The round of a project as text (arena-owned, or the round key). */
static const char *project_round_text(web_request *r, const decided_project *p)
{
	char rl[64];
	const char *s = p->rules ? arena_strdup(&r->arena, rules_round_label(p->rules, rl, sizeof rl)) : NULL;
	return s ? s : p->round;
}

/* ---- the tables of decided projects (a prefecture's, an organization's) ---- */

static void org_link_cell(web_request *r, const view_cell *c)
{
	const decided_project *p = c->row;
	buf_raw(&r->raw, "<a href=\"/orgs/");
	html_url_param(&r->raw, p->org->code);
	html_wrap(&r->raw, "\">", p->org->name, "</a>");
}

static void round_cell(web_request *r, const view_cell *c) { html_text(&r->raw, project_round_text(r, c->row)); }

static void menu_cell(web_request *r, const view_cell *c) { html_text(&r->raw, project_menu_name(c->row)); }

static void title_cell(web_request *r, const view_cell *c)
{
	const decided_project *p = c->row;
	html_text(&r->raw, p->title ? p->title : "");
}

static void cost_cell(web_request *r, const view_cell *c) { grouped(r, ((const decided_project *)c->row)->project_cost_yen); }

static void share_cell(web_request *r, const view_cell *c) { grouped(r, ((const decided_project *)c->row)->national_share_yen); }

static void status_cell(web_request *r, const view_cell *c) { html_text(&r->raw, status_label(((const decided_project *)c->row)->status)); }

/* The totals row of a table of projects: its label spans the columns before the amounts. */
typedef struct project_sum {
	const char *label;
	int span;
	int64_t cost, share;
} project_sum;

static void sum_foot(web_request *r, void *ctx)
{
	const project_sum *s = ctx;
	if (s->label == NULL)
		return;
	buf_fmt(&r->raw, "<tfoot><tr class=\"total\"><th scope=\"row\" colspan=\"%d\">", s->span);
	html_text(&r->raw, s->label);
	buf_raw(&r->raw, "</th>");
	buf_raw(&r->raw, "<td class=\"num\">");
	grouped(r, s->cost);
	buf_raw(&r->raw, "</td><td class=\"num\">");
	grouped(r, s->share);
	buf_raw(&r->raw, "</td>");
	buf_raw(&r->raw, "<td></td></tr></tfoot>");
}

static void sum_projects(const decided_project *p, size_t n, project_sum *s)
{
	for (size_t i = 0; i < n; i++) {
		money_add(s->cost, p[i].project_cost_yen, &s->cost);
		money_add(s->share, p[i].national_share_yen, &s->share);
	}
}

/* ---- /results/prefectures/{key} ---- */

void page_results_prefecture(web_request *r)
{
	const char *k = r->key;
	if (k == NULL || strlen(k) != 2 || k[0] < '0' || k[0] > '9' || k[1] < '0' || k[1] > '9' || atoi(k) < 1 || atoi(k) > 47) {
		page_error(r, 404, "都道府県コードは01〜47の2桁です");
		return;
	}
	int pref = atoi(k);
	char code[8];
	snprintf(code, sizeof code, "%02d000", pref);
	code[5] = (char)('0' + orgcode_check_digit(code));
	code[6] = '\0';
	const organization *po = org_find(&r->svc->cat->orgs, code);
	const rule_set *rs;
	if (!parse_round(r, true, &rs))
		return;
	decided_project *p;
	size_t n;
	svc_err e = { 0 };
	if (svc_decided_projects(r->svc, rs ? rs->id : NULL, &r->arena, &p, &n, &e) != 0) {
		page_svc_error(r, &e);
		svc_err_clear(&e);
		return;
	}
	size_t k2 = 0, orgs = 0;
	for (size_t i = 0; i < n; i++)
		if (p[i].org->prefecture == pref)
			p[k2++] = p[i];
	n = k2;
	qsort(p, n, sizeof *p, by_org_then_round);
	for (size_t i = 0; i < n; i++)
		orgs += i == 0 || p[i].org != p[i - 1].org;
	const char *pname = po ? po->name : k;
	char rl[64];
	round_label(rs, rl, sizeof rl);

	page_begin(r, arena_printf(&r->arena, "%sの採択・交付決定", pname));
	buf *b = &r->raw;
	round_filter(r, arena_printf(&r->arena, "/results/prefectures/%02d", pref), rs);
	buf_raw(b, "<h2>採択・交付決定された事業</h2>");
	if (n == 0) {
		html_wrap(b, "<p>", rl, "に公表された、");
		html_text(b, pname);
		buf_raw(b, "内の団体の採択・交付決定はありません。</p>");
	} else {
		buf_fmt(b, "<p>%zu団体・%zu件</p>", orgs, n);
		static const view_col cols[] = {
			{ .header = "団体", .flags = VIEW_ROWHEAD, .cell = org_link_cell },
			{ .header = "募集回", .cell = round_cell },
			{ .header = "類型", .cell = menu_cell },
			{ .header = "事業名", .cell = title_cell },
			{ .header = "事業費（円）", .flags = VIEW_NUM, .cell = cost_cell },
			{ .header = "国費（円）", .flags = VIEW_NUM, .cell = share_cell },
			{ .header = "状態", .cell = status_cell },
		};
		project_sum sum = { .label = arena_printf(&r->arena, "合計（%zu団体・%zu件）", orgs, n), .span = 4 };
		sum_projects(p, n, &sum);
		view_table t = { .caption = arena_printf(&r->arena, "%s：%s内の団体の採択・交付決定", rl, pname),
				 .cols = cols,
				 .n_cols = 7,
				 .ctx = &sum,
				 .foot = sum_foot };
		view_table_array(r, &t, p, n, sizeof *p);
	}
	buf_raw(b, "<p><a href=\"/results/prefectures");
	round_query(b, rs);
	buf_raw(b, "\">都道府県の一覧へ戻る</a></p>");
	page_end(r);
}

/* ---- /orgs/{key} ---- */

void page_org(web_request *r)
{
	const organization *o = r->key ? org_find(&r->svc->cat->orgs, r->key) : NULL;
	if (o == NULL) {
		page_error(r, 404, arena_printf(&r->arena, "団体コード「%s」の団体はありません", r->key ? r->key : ""));
		return;
	}
	decided_project *p;
	size_t n;
	svc_err e = { 0 };
	if (svc_decided_projects(r->svc, NULL, &r->arena, &p, &n, &e) != 0) {
		page_svc_error(r, &e);
		svc_err_clear(&e);
		return;
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (p[i].org == o)
			p[k++] = p[i];
	n = k;
	qsort(p, n, sizeof *p, by_org_then_round);
	const organization *pref = org_prefecture_of(&r->svc->cat->orgs, o);

	page_begin(r, o->name);
	buf *b = &r->raw;
	html_wrap(b, "<dl><dt>団体コード</dt><dd>", o->code, "</dd><dt>種別</dt><dd>");
	html_text(b, org_kind_label(o->kind));
	buf_raw(b, "</dd><dt>都道府県</dt><dd>");
	if (pref) {
		buf_fmt(b, "<a href=\"/results/prefectures/%02d\">", o->prefecture);
		html_text(b, pref->name);
		buf_raw(b, "</a>");
	} else {
		buf_fmt(b, "%02d", o->prefecture);
	}
	buf_raw(b, "</dd>");
	if (o->parent_code[0]) {
		const organization *parent = org_find(&r->svc->cat->orgs, o->parent_code);
		buf_raw(b, "<dt>属する指定都市</dt><dd>");
		if (parent) {
			buf_raw(b, "<a href=\"/orgs/");
			html_url_param(b, parent->code);
			html_wrap(b, "\">", parent->name, "</a>");
		} else {
			html_text(b, o->parent_code);
		}
		buf_raw(b, "</dd>");
	}
	buf_raw(b, "</dl>");

	buf_raw(b, "<h2>採択・交付決定の実績</h2>");
	if (n == 0) {
		buf_raw(b, "<p>公表された採択・交付決定はありません。</p>");
	} else {
		for (size_t i = 0; i < n;) {
			size_t j = i;
			while (j < n && strcmp(p[j].round, p[i].round) == 0)
				j++;
			const char *round = project_round_text(r, &p[i]);
			view_heading(r, 3, round);
			if (p[i].rules) {
				view_para(r, p[i].rules->title);
			}
			static const view_col cols[] = {
				{ .header = "類型", .flags = VIEW_ROWHEAD, .cell = menu_cell },
				{ .header = "事業名", .cell = title_cell },
				{ .header = "事業費（円）", .flags = VIEW_NUM, .cell = cost_cell },
				{ .header = "国費（円）", .flags = VIEW_NUM, .cell = share_cell },
				{ .header = "状態", .cell = status_cell },
			};
			project_sum sum = { .label = j - i > 1 ? arena_printf(&r->arena, "計（%zu件）", j - i) : NULL, .span = 2 };
			sum_projects(p + i, j - i, &sum);
			view_table t = { .caption = arena_printf(&r->arena, "%sの%sの採択・交付決定", o->name, round),
					 .cols = cols,
					 .n_cols = 5,
					 .ctx = &sum,
					 .foot = sum_foot };
			view_table_array(r, &t, p + i, j - i, sizeof *p);
			i = j;
		}
	}
	buf_raw(b, "<p>この一覧は JSON でも取得できます：<a href=\"/api/v1/public/organizations/");
	html_url_param(b, o->code);
	html_wrap(b, "/adoptions\">/api/v1/public/organizations/", o->code, "/adoptions</a></p>");
	page_end(r);
}

static const page_route routes[] = {
	{ "GET", "/results", page_results, 0 },
	{ "GET", "/results/prefectures", page_results_prefectures, 0 },
	{ "GET", "/results/prefectures/{key}", page_results_prefecture, 0 },
	{ "GET", "/orgs/{key}", page_org, 0 },
	{ "GET", "/menus", page_menus, 0 },
};
const page_table results_page_table = { routes, sizeof routes / sizeof routes[0] };
