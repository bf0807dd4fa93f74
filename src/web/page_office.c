/* page_office.c — the program office (事務局) pages: dashboard, rounds, every
 * application with filters and sorting, the per-organization limit check, one
 * application with its next steps and audit log, and user registration. Every
 * state change posts to /applications/{id}/action (page_actions.c) with _back set
 * to the page it came from; the service layer enforces who may do what. The
 * reviewer's pages are in page_review.c; this file holds the route table of both. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/fiscal.h"
#include "../core/money.h"
#include "../core/rules.h"
#include "../service/round_checks.h"
#include "page_office.h"

/* ---- shared helpers ---- */

static bool parse_utc(const char *iso, time_t *out)
{
	int y, mo, d, h, mi, s;
	char z;
	if (iso == NULL || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &z) != 7 || z != 'Z')
		return false;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = s };
	*out = timegm(&tm);
	return true;
}

/* 令和7年3月31日 23:59 (JST) into buf. */
static void wareki_jst(time_t t, char *out, size_t n)
{
	time_t j = t + 9 * 3600;
	struct tm tm;
	gmtime_r(&j, &tm);
	int y = tm.tm_year + 1900, m = tm.tm_mon + 1, d = tm.tm_mday;
	bool reiwa = y > 2019 || (y == 2019 && m >= 5);
	int ey = reiwa ? y - 2018 : y - 1988;
	char yb[16];
	if (ey == 1)
		snprintf(yb, sizeof yb, "元");
	else
		snprintf(yb, sizeof yb, "%d", ey);
	snprintf(out, n, "%s%s年%d月%d日 %02d:%02d", reiwa ? "令和" : "平成", yb, m, d, tm.tm_hour, tm.tm_min);
}

void office_time(web_request *r, const char *iso)
{
	buf *b = &r->raw;
	time_t t;
	if (!parse_utc(iso, &t)) {
		html_text(b, iso && iso[0] ? iso : "—");
		return;
	}
	char s[64];
	wareki_jst(t, s, sizeof s);
	buf_raw(b, "<time datetime=\"");
	html_attr(b, iso);
	buf_raw(b, "\">");
	html_text(b, s);
	buf_raw(b, "</time>");
}

static void now_iso(char *out, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static json_t *find_round(json_t *rounds, const char *round)
{
	size_t i;
	json_t *ro;
	json_array_foreach(rounds, i, ro)
	{
		if (round && strcmp(jstr(ro, "key"), round) == 0)
			return ro;
	}
	return NULL;
}

const char *office_round_title(json_t *rounds, const char *round)
{
	json_t *ro = find_round(rounds, round);
	return ro ? jstr(ro, "title") : (round ? round : "");
}

const char *office_menu_name(json_t *rounds, const char *round, const char *menu)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(find_round(rounds, round), "menus"), i, m)
	{
		if (menu && strcmp(jstr(m, "id"), menu) == 0)
			return jstr(m, "name");
	}
	return menu ? menu : "";
}

/* A JSON scalar for display: strings escaped, numbers as written, booleans はい/いいえ. */
static void scalar(web_request *r, json_t *v)
{
	buf *b = &r->raw;
	if (json_is_string(v))
		html_text(b, json_string_value(v));
	else if (json_is_integer(v))
		buf_fmt(b, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		buf_fmt(b, "%.15g", json_real_value(v));
	else if (json_is_true(v))
		buf_raw(b, "はい");
	else if (json_is_false(v))
		buf_raw(b, "いいえ");
	else
		buf_raw(b, "—");
}

/* Text with its line breaks kept (<br>). */
static void text_lines(web_request *r, const char *s)
{
	const char *p = s ? s : "";
	for (;;) {
		const char *nl = strchr(p, '\n');
		char *piece = arena_strndup(&r->arena, p, nl ? (size_t)(nl - p) : strlen(p));
		html_text(&r->raw, piece ? piece : "");
		if (nl == NULL)
			break;
		buf_raw(&r->raw, "<br>");
		p = nl + 1;
	}
}

/* An amount of the body (integer yen or a notation such as "179,293千円"). */
static bool amount_of(json_t *v, int64_t *yen)
{
	if (json_is_integer(v)) {
		*yen = json_integer_value(v);
		return true;
	}
	return json_is_string(v) && money_parse(json_string_value(v), yen) == MONEY_OK;
}

static void amount(web_request *r, json_t *v)
{
	int64_t yen;
	if (amount_of(v, &yen))
		view_yen(r, yen);
	else if (json_is_string(v) && json_string_value(v)[0]) {
		html_text(&r->raw, json_string_value(v));
		buf_raw(&r->raw, "（金額として読めません）");
	} else
		buf_raw(&r->raw, "—");
}

static void fiscal_year(web_request *r, json_t *v)
{
	if (json_is_integer(v)) {
		char fy[32];
		html_text(&r->raw, wareki_fiscal_year((int)json_integer_value(v), fy, sizeof fy));
	} else
		scalar(r, v);
}

static void heading(web_request *r, int level, const char *text)
{
	buf_fmt(&r->raw, "<h%d>", level);
	html_text(&r->raw, text);
	buf_fmt(&r->raw, "</h%d>", level);
}

static const organization *org_of(web_request *r, const char *code)
{
	return code && code[0] ? org_find(&r->svc->cat->orgs, code) : NULL;
}

static const char *prefecture_name(web_request *r, const char *code)
{
	const organization *o = org_of(r, code);
	const organization *p = o ? org_prefecture_of(&r->svc->cat->orgs, o) : NULL;
	return p ? p->name : "";
}

/* A notice after a redirect (role=status so screen readers announce it). */
static void done_notice(web_request *r, const char *text)
{
	buf_raw(&r->raw, "<div class=\"notice ok\" role=\"status\"><p>");
	html_text(&r->raw, text);
	buf_raw(&r->raw, "</p></div>");
}

static void error_notice(web_request *r, const char *text)
{
	buf_raw(&r->raw, "<div class=\"notice error\" role=\"alert\"><p>");
	html_text(&r->raw, text);
	buf_raw(&r->raw, "</p></div>");
}

/* A labelled text input whose id differs from its name (several forms on a page). */
static void input_field(web_request *r, const char *type, const char *id, const char *name, const char *label,
			const char *value, const char *hint, const char *attrs)
{
	buf *b = &r->raw;
	buf_raw(b, "<label for=\"");
	html_attr(b, id);
	buf_raw(b, "\">");
	html_text(b, label);
	buf_raw(b, "</label>");
	if (hint) {
		buf_raw(b, "<p class=\"hint\" id=\"");
		html_attr(b, id);
		buf_raw(b, "-hint\">");
		html_text(b, hint);
		buf_raw(b, "</p>");
	}
	buf_raw(b, "<input type=\"");
	buf_raw(b, type);
	buf_raw(b, "\" id=\"");
	html_attr(b, id);
	buf_raw(b, "\" name=\"");
	html_attr(b, name);
	buf_raw(b, "\" value=\"");
	html_attr(b, value ? value : "");
	buf_raw(b, "\"");
	if (hint) {
		buf_raw(b, " aria-describedby=\"");
		html_attr(b, id);
		buf_raw(b, "-hint\"");
	}
	if (attrs) {
		buf_raw(b, " ");
		buf_raw(b, attrs);
	}
	buf_raw(b, ">");
}

static void textarea_field(web_request *r, const char *id, const char *name, const char *label, const char *hint,
			   const char *attrs)
{
	buf *b = &r->raw;
	buf_raw(b, "<label for=\"");
	html_attr(b, id);
	buf_raw(b, "\">");
	html_text(b, label);
	buf_raw(b, "</label>");
	if (hint) {
		buf_raw(b, "<p class=\"hint\" id=\"");
		html_attr(b, id);
		buf_raw(b, "-hint\">");
		html_text(b, hint);
		buf_raw(b, "</p>");
	}
	buf_raw(b, "<textarea id=\"");
	html_attr(b, id);
	buf_raw(b, "\" name=\"");
	html_attr(b, name);
	buf_raw(b, "\"");
	if (hint) {
		buf_raw(b, " aria-describedby=\"");
		html_attr(b, id);
		buf_raw(b, "-hint\"");
	}
	if (attrs) {
		buf_raw(b, " ");
		buf_raw(b, attrs);
	}
	buf_raw(b, "></textarea>");
}

/* <form method="post" action="/applications/{id}/action"> with csrf, action and _back. */
static void action_form_begin(web_request *r, int64_t id, const char *action, const char *back)
{
	buf *b = &r->raw;
	buf_fmt(b, "<form method=\"post\" action=\"/applications/%lld/action\">", (long long)id);
	page_csrf_field(r);
	buf_raw(b, "<input type=\"hidden\" name=\"action\" value=\"");
	html_attr(b, action);
	buf_raw(b, "\"><input type=\"hidden\" name=\"_back\" value=\"");
	html_attr(b, back);
	buf_raw(b, "\">");
}

/* ---- the application, summarised (office and reviewer pages) ---- */

const struct office_review_point office_review_points[OFFICE_REVIEW_POINTS] = {
	{ "issue_solution", "実装するサービスが地域の課題解決等に資するものである" },
	{ "kpi", "課題や将来像とリンクした、事業の成果を測ることのできるKPIが設定されている" },
	{ "consortium_roles", "官民が連携した推進体制が整っている" },
	{ "running_cost_plan", "交付金対象年度だけでなく、次年度以降の計画・運営方針が具体的" },
	{ "pdca", "PDCAサイクルの体制や手法が具体的" },
	{ "cost_item_detail", "経費項目が詳細" },
};

void office_app_facts(web_request *r, json_t *got, json_t *rounds)
{
	buf *b = &r->raw;
	const char *round = jstr(got, "round"), *menu = jstr(got, "menu");
	json_t *org = json_object_get(got, "organization");
	const char *code = jstr(org, "code");
	buf_fmt(b, "<dl class=\"grid-2\"><div><dt>申請ID</dt><dd>%lld</dd></div><div><dt>募集回</dt><dd>",
		(long long)json_integer_value(json_object_get(got, "id")));
	html_text(b, office_round_title(rounds, round));
	buf_raw(b, "</dd></div><div><dt>類型</dt><dd>");
	html_text(b, office_menu_name(rounds, round, menu));
	buf_raw(b, "</dd></div><div><dt>団体</dt><dd>");
	html_text(b, jstr(org, "name")[0] ? jstr(org, "name") : code);
	buf_raw(b, "（団体コード ");
	html_text(b, code);
	const char *pref = prefecture_name(r, code);
	if (pref[0]) {
		buf_raw(b, "、");
		html_text(b, pref);
	}
	buf_raw(b, "）</dd></div><div><dt>事業名</dt><dd>");
	html_text(b, jstr(got, "title"));
	buf_raw(b, "</dd></div><div><dt>状態</dt><dd><span class=\"badge\">");
	html_text(b, page_status_label(jstr(got, "status")));
	buf_fmt(b, "</span></dd></div><div><dt>版</dt><dd>第%lld版</dd></div><div><dt>更新日時（日本時間）</dt><dd>",
		(long long)json_integer_value(json_object_get(got, "version")));
	office_time(r, jstr(got, "updated_at"));
	buf_raw(b, "</dd></div></dl>");
}

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

static void cost_items_table(web_request *r, json_t *items, size_t sv)
{
	buf *b = &r->raw;
	buf_raw(b, "<div class=\"table-wrap\"><table><caption>");
	buf_fmt(b, "サービス%zuの経費項目", sv + 1);
	buf_raw(b, "</caption><thead><tr><th scope=\"col\">区分</th><th scope=\"col\">内容</th>"
		   "<th scope=\"col\" class=\"num\">金額</th><th scope=\"col\">交付対象</th></tr></thead><tbody>");
	int64_t total = 0, eligible = 0;
	bool readable = true;
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		int64_t yen = 0;
		bool ok = amount_of(json_object_get(it, "amount_yen"), &yen);
		readable = readable && ok;
		if (ok) {
			total += yen;
			if (!json_is_false(json_object_get(it, "eligible")))
				eligible += yen;
		}
		buf_raw(b, "<tr><td>");
		html_text(b, jstr(it, "category"));
		buf_raw(b, "</td><td>");
		html_text(b, jstr(it, "description")[0] ? jstr(it, "description") : "（記載なし）");
		buf_raw(b, "</td><td class=\"num\">");
		amount(r, json_object_get(it, "amount_yen"));
		buf_raw(b, "</td><td>");
		buf_raw(b, json_is_false(json_object_get(it, "eligible")) ? "対象外" : "対象");
		buf_raw(b, "</td></tr>");
	}
	if (json_array_size(items) == 0)
		buf_raw(b, "<tr><td colspan=\"4\">経費項目がありません</td></tr>");
	buf_raw(b, "</tbody>");
	if (json_array_size(items) > 0 && readable) {
		buf_raw(b, "<tfoot><tr class=\"total\"><th scope=\"row\" colspan=\"2\">合計（うち交付対象）</th><td class=\"num\">");
		view_yen(r, total);
		buf_raw(b, "</td><td>");
		view_yen(r, eligible);
		buf_raw(b, "</td></tr></tfoot>");
	}
	buf_raw(b, "</table></div>");
}

static void kpi_point(web_request *r, json_t *p)
{
	if (!json_is_object(p)) {
		buf_raw(&r->raw, "—");
		return;
	}
	scalar(r, json_object_get(p, "value"));
	if (json_object_get(p, "fiscal_year")) {
		buf_raw(&r->raw, "（");
		fiscal_year(r, json_object_get(p, "fiscal_year"));
		buf_raw(&r->raw, "）");
	}
}

void office_app_body(web_request *r, json_t *app, int level)
{
	buf *b = &r->raw;
	if (!json_is_object(app)) {
		buf_raw(b, "<p>申請書の内容を読めません。</p>");
		return;
	}
	heading(r, level, "事業の概要");
	buf_raw(b, "<p>");
	if (jstr(app, "summary")[0])
		text_lines(r, jstr(app, "summary"));
	else
		buf_raw(b, "（記載なし）");
	buf_raw(b, "</p>");

	heading(r, level, "事業分野");
	json_t *fields = json_object_get(app, "fields");
	if (json_array_size(fields) == 0)
		buf_raw(b, "<p>（記載なし）</p>");
	else {
		buf_raw(b, "<ul>");
		size_t i;
		json_t *f;
		json_array_foreach(fields, i, f)
		{
			const char *k = json_string_value(f);
			const char *label = k ? field_label(k) : NULL;
			buf_raw(b, "<li>");
			html_text(b, label ? label : k ? k : "");
			buf_raw(b, "</li>");
		}
		buf_raw(b, "</ul>");
	}

	heading(r, level, "実装するサービスと経費");
	json_t *services = json_object_get(app, "services");
	if (json_array_size(services) == 0)
		buf_raw(b, "<p>（サービスの記載なし）</p>");
	size_t si;
	json_t *sv;
	json_array_foreach(services, si, sv)
	{
		buf_fmt(b, "<h%d>サービス%zu: ", level + 1, si + 1);
		html_text(b, jstr(sv, "name")[0] ? jstr(sv, "name") : "（名称なし）");
		buf_fmt(b, "</h%d><dl class=\"grid-2\"><div><dt>モデル</dt><dd>", level + 1);
		html_text(b, jstr(sv, "model")[0] ? jstr(sv, "model") : "—");
		buf_raw(b, "</dd></div><div><dt>対象者</dt><dd>");
		html_text(b, jstr(sv, "target")[0] ? jstr(sv, "target") : "—");
		buf_raw(b, "</dd></div><div><dt>対象地域</dt><dd>");
		html_text(b, jstr(sv, "area")[0] ? jstr(sv, "area") : "—");
		buf_raw(b, "</dd></div></dl>");
		cost_items_table(r, json_object_get(sv, "cost_items"), si);
	}

	heading(r, level, "KPI（重要業績評価指標）");
	json_t *kpis = json_object_get(app, "kpis");
	if (json_array_size(kpis) == 0)
		buf_raw(b, "<p>（KPIの記載なし）</p>");
	else {
		buf_raw(b, "<div class=\"table-wrap\"><table><caption>KPI</caption><thead><tr><th scope=\"col\">指標</th>"
			   "<th scope=\"col\">単位</th><th scope=\"col\">基準値（年度）</th><th scope=\"col\">目標値（年度）</th></tr></thead><tbody>");
		size_t i;
		json_t *k;
		json_array_foreach(kpis, i, k)
		{
			buf_raw(b, "<tr><td>");
			html_text(b, jstr(k, "name"));
			buf_raw(b, "</td><td>");
			html_text(b, jstr(k, "unit"));
			buf_raw(b, "</td><td>");
			kpi_point(r, json_object_get(k, "baseline"));
			buf_raw(b, "</td><td>");
			json_t *targets = json_object_get(k, "targets");
			if (json_array_size(targets) == 0)
				buf_raw(b, "—");
			size_t t;
			json_t *tv;
			json_array_foreach(targets, t, tv)
			{
				if (t > 0)
					buf_raw(b, "<br>");
				kpi_point(r, tv);
			}
			buf_raw(b, "</td></tr>");
		}
		buf_raw(b, "</tbody></table></div>");
	}

	heading(r, level, "推進体制（コンソーシアム等）");
	json_t *members = json_object_get(app, "consortium");
	if (json_array_size(members) == 0)
		buf_raw(b, "<p>（推進体制の記載なし）</p>");
	else {
		buf_raw(b, "<div class=\"table-wrap\"><table><caption>推進体制の構成員</caption><thead><tr><th scope=\"col\">名称</th>"
			   "<th scope=\"col\">区分</th><th scope=\"col\">役割</th></tr></thead><tbody>");
		size_t i;
		json_t *m;
		json_array_foreach(members, i, m)
		{
			buf_raw(b, "<tr><td>");
			html_text(b, jstr(m, "name"));
			buf_raw(b, "</td><td>");
			html_text(b, member_kind_label(json_string_value(json_object_get(m, "kind"))));
			buf_raw(b, "</td><td>");
			html_text(b, jstr(m, "role")[0] ? jstr(m, "role") : "（記載なし）");
			buf_raw(b, "</td></tr>");
		}
		buf_raw(b, "</tbody></table></div>");
	}

	heading(r, level, "次年度以降のランニングコスト");
	json_t *rc = json_object_get(app, "running_costs");
	if (json_array_size(rc) == 0)
		buf_raw(b, "<p>（記載なし）</p>");
	else {
		buf_raw(b, "<div class=\"table-wrap\"><table><caption>ランニングコストと財源</caption><thead><tr><th scope=\"col\">年度</th>"
			   "<th scope=\"col\" class=\"num\">金額</th><th scope=\"col\">財源</th></tr></thead><tbody>");
		size_t i;
		json_t *c;
		json_array_foreach(rc, i, c)
		{
			buf_raw(b, "<tr><td>");
			fiscal_year(r, json_object_get(c, "fiscal_year"));
			buf_raw(b, "</td><td class=\"num\">");
			amount(r, json_object_get(c, "amount_yen"));
			buf_raw(b, "</td><td>");
			html_text(b, jstr(c, "source")[0] ? jstr(c, "source") : "（記載なし）");
			buf_raw(b, "</td></tr>");
		}
		buf_raw(b, "</tbody></table></div>");
	}

	heading(r, level, "PDCAサイクル");
	json_t *pdca = json_object_get(app, "pdca");
	if (!json_is_object(pdca))
		buf_raw(b, "<p>（記載なし）</p>");
	else {
		buf_raw(b, "<dl class=\"grid-2\"><div><dt>頻度</dt><dd>");
		html_text(b, jstr(pdca, "frequency")[0] ? jstr(pdca, "frequency") : "—");
		buf_raw(b, "</dd></div><div><dt>手法</dt><dd>");
		html_text(b, jstr(pdca, "method")[0] ? jstr(pdca, "method") : "—");
		buf_raw(b, "</dd></div><div><dt>外部評価</dt><dd>");
		json_t *ext = json_object_get(pdca, "external_evaluation");
		buf_raw(b, json_is_true(ext) ? "あり" : json_is_false(ext) ? "なし" : "—");
		buf_raw(b, "</dd></div></dl>");
	}

	json_t *dp = json_object_get(app, "data_platform");
	if (json_is_object(dp)) {
		heading(r, level, "データ連携基盤");
		dp_policy p;
		const char *key = json_string_value(json_object_get(dp, "policy"));
		buf_raw(b, "<p>方針: ");
		html_text(b, key && dp_policy_from_key(key, &p) ? dp_policy_label(p) : key ? key : "（記載なし）");
		buf_raw(b, "</p>");
		json_t *linked = json_object_get(dp, "services_linked");
		if (json_array_size(linked) > 0) {
			buf_raw(b, "<p>連携するサービス:</p><ul>");
			size_t i;
			json_t *s;
			json_array_foreach(linked, i, s)
			{
				buf_raw(b, "<li>");
				scalar(r, s);
				buf_raw(b, "</li>");
			}
			buf_raw(b, "</ul>");
		}
	}

	json_t *card = json_object_get(app, "mynumber_card");
	if (json_is_object(card)) {
		heading(r, level, "マイナンバーカードの利用");
		buf_raw(b, "<dl class=\"grid-2\"><div><dt>申請率</dt><dd>");
		scalar(r, json_object_get(card, "application_rate"));
		buf_raw(b, "</dd></div><div><dt>申請率の基準日</dt><dd>");
		scalar(r, json_object_get(card, "rate_as_of"));
		buf_raw(b, "</dd></div></dl>");
		json_t *uses = json_object_get(card, "new_uses");
		if (json_array_size(uses) > 0) {
			buf_raw(b, "<p>新たな利用用途:</p><ul>");
			size_t i;
			json_t *u;
			json_array_foreach(uses, i, u)
			{
				buf_raw(b, "<li>");
				scalar(r, u);
				buf_raw(b, "</li>");
			}
			buf_raw(b, "</ul>");
		}
	}

	json_t *tw = json_object_get(app, "telework");
	if (json_is_object(tw)) {
		heading(r, level, "テレワーク（施設・経費）");
		json_t *fac = json_object_get(tw, "facilities");
		if (json_array_size(fac) > 0) {
			buf_raw(b, "<div class=\"table-wrap\"><table><caption>施設</caption><thead><tr><th scope=\"col\">種類</th>"
				   "<th scope=\"col\">名称</th><th scope=\"col\" class=\"num\">経費</th></tr></thead><tbody>");
			size_t i;
			json_t *f;
			json_array_foreach(fac, i, f)
			{
				tw_facility_kind k;
				const char *key = json_string_value(json_object_get(f, "kind"));
				buf_raw(b, "<tr><td>");
				html_text(b, key && tw_facility_kind_from_key(key, &k) ? tw_facility_kind_label(k) : key ? key : "—");
				buf_raw(b, "</td><td>");
				html_text(b, jstr(f, "name"));
				buf_raw(b, "</td><td class=\"num\">");
				amount(r, json_object_get(f, "cost_yen"));
				buf_raw(b, "</td></tr>");
			}
			buf_raw(b, "</tbody></table></div>");
		}
		if (json_object_get(tw, "promotion_cost_yen")) {
			buf_raw(b, "<p>利活用促進の経費: ");
			amount(r, json_object_get(tw, "promotion_cost_yen"));
			buf_raw(b, "</p>");
		}
		static const struct {
			const char *key, *caption, *amount_key;
		} lists[] = { { "companies", "進出企業への支援", "support_yen" }, { "settlement_projects", "定着促進事業", "cost_yen" } };
		for (size_t l = 0; l < 2; l++) {
			json_t *arr = json_object_get(tw, lists[l].key);
			if (json_array_size(arr) == 0)
				continue;
			buf_raw(b, "<div class=\"table-wrap\"><table><caption>");
			html_text(b, lists[l].caption);
			buf_raw(b, "</caption><thead><tr><th scope=\"col\">名称</th><th scope=\"col\" class=\"num\">金額</th></tr></thead><tbody>");
			size_t i;
			json_t *x;
			json_array_foreach(arr, i, x)
			{
				buf_raw(b, "<tr><td>");
				html_text(b, jstr(x, "name"));
				buf_raw(b, "</td><td class=\"num\">");
				amount(r, json_object_get(x, lists[l].amount_key));
				buf_raw(b, "</td></tr>");
			}
			buf_raw(b, "</tbody></table></div>");
		}
	}
}

/* ---- 1. dashboard ---- */

static const char *next_step(app_status s)
{
	switch (s) {
	case APP_CONSULTATION: return "事前相談にコメントで回答する";
	case APP_SUBMITTED: return "内容を確認し「審査前確認済み」にする";
	case APP_SCREENED: return "審査員を割り当てる";
	case APP_UNDER_REVIEW: return "評価を受けて採否を決定する";
	case APP_ADOPTED: return "内示する";
	case APP_NAIJI: return "交付決定する";
	default: return "—";
	}
}

static void round_status_text(web_request *r, json_t *ro)
{
	char now[32];
	now_iso(now, sizeof now);
	const char *deadline = jstr(ro, "deadline");
	if (strcmp(jstr(ro, "status"), "open") == 0) {
		if (deadline[0] && strcmp(now, deadline) > 0)
			buf_raw(&r->raw, "受付中（締切を過ぎたため提出できません）");
		else
			buf_raw(&r->raw, "受付中");
	} else
		buf_raw(&r->raw, "受付終了");
}

static void page_office_home(web_request *r)
{
	svc_err e = { 0 };
	json_t *list = svc_app_list(r->svc, &r->user, &e);
	json_t *rounds = list ? svc_rounds(r->svc, &e) : NULL;
	if (list == NULL || rounds == NULL) {
		page_svc_error(r, &e);
		svc_err_clear(&e);
		json_decref(list);
		return;
	}
	json_t *apps = json_object_get(list, "applications"), *rarr = json_object_get(rounds, "rounds");
	size_t counts[APP_STATUS__MAX] = { 0 };
	size_t i;
	json_t *a;
	json_array_foreach(apps, i, a)
	{
		app_status st;
		if (app_status_from_key(jstr(a, "status"), &st))
			counts[st]++;
	}
	page_begin(r, "事務局");
	buf *b = &r->raw;
	buf_raw(b, "<p class=\"lead\">募集回の運営、申請の確認・審査員の割当て・採否の決定・内示・交付決定を行います。</p>"
		   "<div class=\"cards\">"
		   "<section class=\"card\"><h2>申請一覧</h2><p>全申請を募集回・類型・分野・都道府県・状態で絞り込み、並べ替えます。</p>"
		   "<p><a class=\"button\" href=\"/office/applications\">申請一覧へ</a></p></section>"
		   "<section class=\"card\"><h2>募集回</h2><p>受付の開始・終了と締切を設定します。</p>"
		   "<p><a class=\"button secondary\" href=\"/office/rounds\">募集回の管理</a></p></section>"
		   "<section class=\"card\"><h2>申請上限数</h2><p>団体ごとの申請数（都道府県9件・市町村5件、TYPE2/3は1団体1申請）を確かめます。</p>"
		   "<p><a class=\"button secondary\" href=\"/office/limits\">上限数の確認</a></p></section>"
		   "<section class=\"card\"><h2>利用者</h2><p>申請者・審査員などのアカウントを登録します。</p>"
		   "<p><a class=\"button secondary\" href=\"/office/users\">利用者の登録</a></p></section></div>");

	buf_raw(b, "<h2>状態別の申請数</h2><div class=\"table-wrap\"><table><caption>状態別の申請数（下書きを除く）</caption>"
		   "<thead><tr><th scope=\"col\">状態</th><th scope=\"col\" class=\"num\">件数</th><th scope=\"col\">事務局の次の操作</th></tr></thead><tbody>");
	size_t total = 0;
	for (int s = APP_CONSULTATION; s < APP_STATUS__MAX; s++) {
		total += counts[s];
		buf_raw(b, "<tr><th scope=\"row\"><a href=\"/office/applications?status=");
		html_url_param(b, app_status_key((app_status)s));
		buf_raw(b, "\">");
		html_text(b, app_status_label((app_status)s));
		buf_fmt(b, "</a></th><td class=\"num\">%zu</td><td>", counts[s]);
		html_text(b, counts[s] ? next_step((app_status)s) : "—");
		buf_raw(b, "</td></tr>");
	}
	buf_fmt(b, "</tbody><tfoot><tr class=\"total\"><th scope=\"row\">合計</th><td class=\"num\">%zu</td><td></td></tr></tfoot></table></div>",
		total);

	buf_raw(b, "<h2>募集回</h2><div class=\"table-wrap\"><table><caption>募集回と申請数</caption><thead><tr>"
		   "<th scope=\"col\">募集回</th><th scope=\"col\">年度</th><th scope=\"col\">受付</th><th scope=\"col\">締切（日本時間）</th>"
		   "<th scope=\"col\" class=\"num\">申請数</th><th scope=\"col\">上限数</th></tr></thead><tbody>");
	json_t *ro;
	json_array_foreach(rarr, i, ro)
	{
		size_t n = 0, j;
		json_array_foreach(apps, j, a)
		{
			n += strcmp(jstr(a, "round"), jstr(ro, "key")) == 0;
		}
		buf_raw(b, "<tr><th scope=\"row\"><a href=\"/office/applications?round=");
		html_url_param(b, jstr(ro, "key"));
		buf_raw(b, "\">");
		html_text(b, jstr(ro, "title"));
		buf_raw(b, "</a></th><td>");
		html_text(b, jstr(ro, "fiscal_year_label"));
		buf_raw(b, "</td><td>");
		round_status_text(r, ro);
		buf_raw(b, "</td><td>");
		office_time(r, jstr(ro, "deadline")[0] ? jstr(ro, "deadline") : "なし");
		buf_fmt(b, "</td><td class=\"num\">%zu</td><td><a href=\"/office/limits?round=", n);
		html_url_param(b, jstr(ro, "key"));
		buf_raw(b, "\">確認する</a></td></tr>");
	}
	buf_raw(b, "</tbody></table></div>");
	page_end(r);
	json_decref(list);
	json_decref(rounds);
}

/* ---- 2. rounds ---- */

/* datetime-local "YYYY-MM-DDTHH:MM[:SS]" in JST → "YYYY-MM-DDTHH:MM:SSZ" (UTC). */
static bool jst_local_to_utc(const char *in, char *out, size_t n)
{
	int y, mo, d, h, mi, s = 0, used = 0;
	if (in == NULL)
		return false;
	int got = sscanf(in, "%4d-%2d-%2dT%2d:%2d%n:%2d%n", &y, &mo, &d, &h, &mi, &used, &s, &used);
	if (got < 5 || in[used] != '\0' || y < 1970 || y > 9999)
		return false;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = s };
	time_t t = timegm(&tm);
	struct tm back;
	gmtime_r(&t, &back);
	if (back.tm_year != y - 1900 || back.tm_mon != mo - 1 || back.tm_mday != d || back.tm_hour != h || back.tm_min != mi ||
	    back.tm_sec != s)
		return false;
	t -= 9 * 3600;
	gmtime_r(&t, &back);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &back);
	return true;
}

/* UTC ISO → the datetime-local value in JST ("YYYY-MM-DDTHH:MM"), "" when absent. */
static void utc_to_jst_local(const char *iso, char *out, size_t n)
{
	time_t t;
	out[0] = '\0';
	if (!parse_utc(iso, &t))
		return;
	t += 9 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M", &tm);
}

static void rounds_page(web_request *r, const char *err_round, const char *err_msg, const char *err_value)
{
	svc_err e = { 0 };
	json_t *rounds = svc_rounds(r->svc, &e);
	if (rounds == NULL) {
		page_svc_error(r, &e);
		svc_err_clear(&e);
		return;
	}
	json_t *rarr = json_object_get(rounds, "rounds");
	page_begin(r, "募集回の管理");
	buf *b = &r->raw;
	const char *updated = page_param(r, "updated");
	if (err_msg == NULL && updated && updated[0]) {
		json_t *ro = find_round(rarr, updated);
		if (ro) {
			char *msg = arena_printf(&r->arena, "「%s」を更新しました。", jstr(ro, "title"));
			done_notice(r, msg ? msg : "更新しました。");
		}
	}
	if (err_msg)
		error_notice(r, err_msg);
	buf_raw(b, "<p>受付中の募集回にだけ申請者は提出できます（締切を過ぎると受付中でも提出できません）。"
		   "締切は日本時間（JST、UTC+9）で入力します。保存時に協定世界時（UTC）に変換して記録します。</p>");
	buf_raw(b, "<div class=\"table-wrap\"><table><caption>募集回の一覧</caption><thead><tr><th scope=\"col\">キー</th>"
		   "<th scope=\"col\">名称</th><th scope=\"col\">年度</th><th scope=\"col\">受付</th><th scope=\"col\">締切（日本時間）</th>"
		   "</tr></thead><tbody>");
	size_t i;
	json_t *ro;
	json_array_foreach(rarr, i, ro)
	{
		buf_raw(b, "<tr><td><code>");
		html_text(b, jstr(ro, "key"));
		buf_raw(b, "</code></td><th scope=\"row\">");
		html_text(b, jstr(ro, "title"));
		buf_raw(b, "</th><td>");
		html_text(b, jstr(ro, "fiscal_year_label"));
		buf_raw(b, "</td><td>");
		round_status_text(r, ro);
		buf_raw(b, "</td><td>");
		office_time(r, jstr(ro, "deadline")[0] ? jstr(ro, "deadline") : "なし");
		buf_raw(b, "</td></tr>");
	}
	buf_raw(b, "</tbody></table></div>");

	json_array_foreach(rarr, i, ro)
	{
		const char *key = jstr(ro, "key");
		bool open = strcmp(jstr(ro, "status"), "open") == 0;
		bool has_err = err_round && strcmp(err_round, key) == 0;
		buf_raw(b, "<section><h2>");
		html_text(b, jstr(ro, "title"));
		buf_raw(b, "</h2><p>現在: ");
		round_status_text(r, ro);
		buf_raw(b, "。締切: ");
		office_time(r, jstr(ro, "deadline")[0] ? jstr(ro, "deadline") : "なし");
		buf_raw(b, "</p><form method=\"post\" action=\"/office/rounds\">");
		page_csrf_field(r);
		buf_raw(b, "<input type=\"hidden\" name=\"round\" value=\"");
		html_attr(b, key);
		buf_fmt(b, "\"><label for=\"op-%zu\">操作</label><select id=\"op-%zu\" name=\"op\">", i, i);
		buf_raw(b, open ? "<option value=\"open\" selected>受付中のまま締切だけ変更する</option><option value=\"close\">受付を終了する</option>"
				: "<option value=\"open\">受付を開始する</option><option value=\"close\" selected>受付終了のまま締切だけ変更する</option>");
		buf_raw(b, "</select>");
		char local[32];
		utc_to_jst_local(jstr(ro, "deadline"), local, sizeof local);
		buf_fmt(b, "<label for=\"deadline-%zu\">締切（日本時間 JST、UTC+9）</label>"
			   "<p class=\"hint\" id=\"deadline-%zu-hint\">日本時間で入力してください。空欄にすると今の締切のままです。</p>",
			i, i);
		if (has_err) {
			buf_fmt(b, "<p class=\"field-error\" id=\"deadline-%zu-error\">", i);
			html_text(b, err_msg);
			buf_raw(b, "</p>");
		}
		buf_fmt(b, "<input type=\"datetime-local\" id=\"deadline-%zu\" name=\"deadline\" value=\"", i);
		html_attr(b, has_err && err_value ? err_value : local);
		buf_fmt(b, "\" aria-describedby=\"deadline-%zu-hint", i);
		if (has_err)
			buf_fmt(b, " deadline-%zu-error\" aria-invalid=\"true", i);
		buf_raw(b, "\"");
		buf_raw(b, "><p><button type=\"submit\">この募集回を更新</button></p></form></section>");
	}
	page_end(r);
	json_decref(rounds);
}

static void page_office_rounds(web_request *r) { rounds_page(r, NULL, NULL, NULL); }

static void page_office_rounds_post(web_request *r)
{
	const char *round = page_param(r, "round"), *op = page_param(r, "op"), *deadline = page_param(r, "deadline");
	if (round == NULL || round[0] == '\0') {
		r->status = 400;
		rounds_page(r, NULL, "募集回（round）が指定されていません。", NULL);
		return;
	}
	if (op == NULL || (strcmp(op, "open") != 0 && strcmp(op, "close") != 0)) {
		r->status = 400;
		rounds_page(r, round, "操作は「受付を開始する」か「受付を終了する」を選んでください。", deadline);
		return;
	}
	char utc[32];
	const char *dl = NULL;
	if (deadline && deadline[0]) {
		if (!jst_local_to_utc(deadline, utc, sizeof utc)) {
			r->status = 400;
			rounds_page(r, round, "締切は「年-月-日 時:分」の正しい日時で入力してください（日本時間）。", deadline);
			return;
		}
		dl = utc;
	}
	svc_err e = { 0 };
	if (svc_round_set_open(r->svc, r->user.login, round, strcmp(op, "open") == 0, dl, &e) != 0) {
		page_svc_error(r, &e);
		svc_err_clear(&e);
		return;
	}
	buf loc = { 0 };
	buf_raw(&loc, "/office/rounds?updated=");
	html_url_param(&loc, round);
	page_redirect(r, loc.data ? loc.data : "/office/rounds");
	buf_free(&loc);
}

/* ---- 3. applications ---- */

enum sort_key { SORT_ID, SORT_ORG, SORT_MENU, SORT_STATUS, SORT_NS, SORT_UPDATED, SORT__MAX };
static const char *const sort_keys[SORT__MAX] = { "id", "organization", "menu", "status", "national_share", "updated" };

typedef struct app_row {
	json_t *app; /* borrowed from the list */
	int64_t id;
	const char *org_code, *org_name, *org_kana, *pref_name, *menu, *round, *title, *status, *updated;
	int status_rank, menu_rank;
	bool checked, has_ns;
	int64_t ns;
	size_t errors;
} app_row;

typedef struct sort_spec {
	int key;
	bool desc;
} sort_spec;

static int menu_rank(const char *menu)
{
	static const char *const order[] = { "type1", "type2", "type3", "mnc_expansion", "telework_high", "telework_standard" };
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		if (strcmp(order[i], menu) == 0)
			return (int)i;
	return 100;
}

static int cmp_rows(const void *pa, const void *pb, void *ctx)
{
	const app_row *a = pa, *b = pb;
	const sort_spec *s = ctx;
	int c = 0;
	switch (s->key) {
	case SORT_ORG:
		c = strcmp(a->org_kana, b->org_kana);
		if (c == 0)
			c = strcmp(a->org_code, b->org_code);
		break;
	case SORT_MENU:
		c = a->menu_rank != b->menu_rank ? (a->menu_rank > b->menu_rank) - (a->menu_rank < b->menu_rank) : strcmp(a->menu, b->menu);
		break;
	case SORT_STATUS: c = (a->status_rank > b->status_rank) - (a->status_rank < b->status_rank); break;
	case SORT_NS:
		if (a->has_ns != b->has_ns)
			return a->has_ns ? -1 : 1; /* no amount: last either way */
		c = (a->ns > b->ns) - (a->ns < b->ns);
		break;
	case SORT_UPDATED: c = strcmp(a->updated, b->updated); break;
	default: c = (a->id > b->id) - (a->id < b->id); break;
	}
	if (s->desc)
		c = -c;
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

typedef struct app_filters {
	const char *round, *menu, *field, *prefecture, *status;
	bool errors;
	sort_spec sort;
} app_filters;

static const char *param_or_empty(web_request *r, const char *name)
{
	const char *v = page_param(r, name);
	return v ? v : "";
}

/* The query string of the filters ("round=…&amp;menu=…"), escaped for an attribute. */
static void filter_query(buf *b, const app_filters *f)
{
	const char *names[] = { "round", "menu", "field", "prefecture", "status" };
	const char *values[] = { f->round, f->menu, f->field, f->prefecture, f->status };
	bool first = true;
	for (size_t i = 0; i < 5; i++) {
		if (values[i][0] == '\0')
			continue;
		buf_raw(b, first ? "" : "&amp;");
		buf_raw(b, names[i]);
		buf_raw(b, "=");
		html_url_param(b, values[i]);
		first = false;
	}
	if (f->errors) {
		buf_raw(b, first ? "" : "&amp;");
		buf_raw(b, "errors=1");
		first = false;
	}
	buf_raw(b, first ? "" : "&amp;");
}

static void sort_header(web_request *r, const app_filters *f, int key, const char *label, bool num)
{
	buf *b = &r->raw;
	bool cur = f->sort.key == key;
	buf_raw(b, "<th scope=\"col\"");
	if (num)
		buf_raw(b, " class=\"num\"");
	if (cur)
		buf_raw(b, f->sort.desc ? " aria-sort=\"descending\"" : " aria-sort=\"ascending\"");
	buf_raw(b, "><a href=\"/office/applications?");
	filter_query(b, f);
	buf_fmt(b, "sort=%s&amp;dir=%s\">", sort_keys[key], cur && !f->sort.desc ? "desc" : "asc");
	html_text(b, label);
	if (cur)
		buf_raw(b, f->sort.desc ? "（降順 ▼）" : "（昇順 ▲）");
	buf_raw(b, "</a></th>");
}

static const char *const field_keys[] = { "administration", "resident_services", "education", "culture_sports",
					   "medical_welfare", "childcare", "transport_logistics", "disaster_infrastructure",
					   "agriculture", "industry", "tourism", "other" };

static bool has_field(json_t *app, const char *field)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(app, "fields"), i, f)
	{
		if (json_is_string(f) && strcmp(json_string_value(f), field) == 0)
			return true;
	}
	return false;
}

/* <div><label><select>…</select></div> for the filter form; opts "value|label", NULL-terminated. */
static void filter_select(web_request *r, const char *label, const char *name, const char *value, const char **opts)
{
	buf_raw(&r->raw, "<div>");
	page_select(r, label, name, value, opts, NULL);
	buf_raw(&r->raw, "</div>");
}

/* The round checks a page has taken, one handle per round (released at the end). */
typedef struct round_handles {
	const char *key[32];
	svc_round_checks *checks[32];
	size_t n;
} round_handles;

static const svc_check_row *round_check_of(web_request *r, round_handles *h, const char *round, int64_t id)
{
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->key[i], round) == 0)
			return svc_round_checks_find(h->checks[i], id);
	if (h->n == sizeof h->key / sizeof h->key[0])
		return NULL;
	svc_err e = { 0 };
	svc_round_checks *c = svc_round_checks_get(r->svc, &r->user, round, &e);
	svc_err_clear(&e);
	h->key[h->n] = round;
	h->checks[h->n++] = c; /* NULL when it failed: the rows show no check */
	return svc_round_checks_find(c, id);
}

static void round_handles_release(round_handles *h)
{
	for (size_t i = 0; i < h->n; i++)
		svc_round_checks_release(h->checks[i]);
	h->n = 0;
}

static void page_office_apps(web_request *r)
{
	svc_err e = { 0 };
	json_t *list = svc_app_list(r->svc, &r->user, &e);
	json_t *rounds = list ? svc_rounds(r->svc, &e) : NULL;
	if (list == NULL || rounds == NULL) {
		page_svc_error(r, &e);
		svc_err_clear(&e);
		json_decref(list);
		return;
	}
	json_t *apps = json_object_get(list, "applications"), *rarr = json_object_get(rounds, "rounds");
	app_filters f = { .round = param_or_empty(r, "round"),
			  .menu = param_or_empty(r, "menu"),
			  .field = param_or_empty(r, "field"),
			  .prefecture = param_or_empty(r, "prefecture"),
			  .status = param_or_empty(r, "status"),
			  .errors = strcmp(param_or_empty(r, "errors"), "1") == 0 };
	const char *sort = param_or_empty(r, "sort"), *dir = param_or_empty(r, "dir");
	for (int k = 0; k < SORT__MAX; k++)
		if (strcmp(sort, sort_keys[k]) == 0)
			f.sort.key = k;
	f.sort.desc = strcmp(dir, "desc") == 0;

	size_t n_all = json_array_size(apps), n = 0;
	app_row *rows = arena_alloc(&r->arena, (n_all ? n_all : 1) * sizeof *rows);
	round_handles handles = { 0 }; /* each round's checks, computed once per change of the round */
	size_t i;
	json_t *a;
	json_array_foreach(apps, i, a)
	{
		if (rows == NULL)
			break;
		app_row row = { .app = a };
		row.id = json_integer_value(json_object_get(a, "id"));
		json_t *org = json_object_get(a, "organization");
		row.org_code = jstr(org, "code");
		row.org_name = jstr(org, "name")[0] ? jstr(org, "name") : row.org_code;
		const organization *o = org_of(r, row.org_code);
		row.org_kana = o && o->kana ? o->kana : row.org_name;
		row.pref_name = prefecture_name(r, row.org_code);
		row.menu = jstr(a, "menu");
		row.round = jstr(a, "round");
		row.title = jstr(a, "title");
		row.status = jstr(a, "status");
		row.updated = jstr(a, "updated_at");
		app_status st = APP_DRAFT;
		app_status_from_key(row.status, &st);
		row.status_rank = (int)st;
		row.menu_rank = menu_rank(row.menu);
		if ((f.round[0] && strcmp(f.round, row.round) != 0) || (f.menu[0] && strcmp(f.menu, row.menu) != 0) ||
		    (f.status[0] && strcmp(f.status, row.status) != 0) ||
		    (f.prefecture[0] && strncmp(f.prefecture, row.org_code, 2) != 0) || (f.prefecture[0] && strlen(f.prefecture) != 2))
			continue;
		if (f.field[0]) {
			svc_err ge = { 0 };
			json_t *got = svc_app_get(r->svc, &r->user, row.id, &ge);
			bool match = got && has_field(json_object_get(got, "application"), f.field);
			json_decref(got);
			svc_err_clear(&ge);
			if (!match)
				continue;
		}
		const svc_check_row *check = round_check_of(r, &handles, row.round, row.id);
		if (check) {
			row.checked = true;
			row.has_ns = check->has_national_share;
			row.ns = check->national_share_yen;
			row.errors = check->errors;
		}
		if (f.errors && (!row.checked || row.errors == 0))
			continue;
		rows[n++] = row;
	}
	sort_spec spec = f.sort;
	if (n > 1)
		qsort_r(rows, n, sizeof *rows, cmp_rows, &spec);

	page_begin(r, "申請一覧");
	buf *b = &r->raw;
	/* the filter form (GET; works without JavaScript) */
	buf_raw(b, "<form method=\"get\" action=\"/office/applications\" class=\"filters\" aria-label=\"絞り込み\">");
	{
		size_t nr = json_array_size(rarr);
		const char **opts = arena_alloc(&r->arena, (nr + 2) * sizeof *opts);
		size_t k = 0;
		if (opts) {
			opts[k++] = "|すべて";
			json_t *ro;
			json_array_foreach(rarr, i, ro)
			{
				opts[k++] = arena_printf(&r->arena, "%s|%s", jstr(ro, "key"), jstr(ro, "title"));
			}
			opts[k] = NULL;
			filter_select(r, "募集回", "round", f.round, opts);
		}
	}
	{
		/* menus of every round, each id once */
		const char **opts = arena_alloc(&r->arena, 64 * sizeof *opts);
		size_t k = 0;
		if (opts) {
			opts[k++] = "|すべて";
			json_t *ro, *m;
			json_array_foreach(rarr, i, ro)
			{
				size_t j;
				json_array_foreach(json_object_get(ro, "menus"), j, m)
				{
					const char *id = jstr(m, "id");
					bool seen = false;
					for (size_t q = 1; q < k && !seen; q++)
						seen = strncmp(opts[q], id, strlen(id)) == 0 && opts[q][strlen(id)] == '|';
					if (!seen && k < 62)
						opts[k++] = arena_printf(&r->arena, "%s|%s", id, jstr(m, "name"));
				}
			}
			opts[k] = NULL;
			filter_select(r, "類型", "menu", f.menu, opts);
		}
	}
	{
		const size_t nf = sizeof field_keys / sizeof field_keys[0];
		const char **opts = arena_alloc(&r->arena, (nf + 2) * sizeof *opts);
		if (opts) {
			opts[0] = "|すべて";
			for (size_t k = 0; k < nf; k++)
				opts[k + 1] = arena_printf(&r->arena, "%s|%s", field_keys[k], field_label(field_keys[k]));
			opts[nf + 1] = NULL;
			filter_select(r, "事業分野", "field", f.field, opts);
		}
	}
	{
		const char **opts = arena_alloc(&r->arena, 49 * sizeof *opts);
		if (opts) {
			opts[0] = "|すべて";
			for (int p = 1; p <= 47; p++) {
				char first5[16], code[24];
				snprintf(first5, sizeof first5, "%02d000", p % 100);
				snprintf(code, sizeof code, "%s%d", first5, orgcode_check_digit(first5));
				const organization *o = org_of(r, code);
				opts[p] = arena_printf(&r->arena, "%02d|%02d %s", p, p, o ? o->name : "");
			}
			opts[48] = NULL;
			filter_select(r, "都道府県", "prefecture", f.prefecture, opts);
		}
	}
	{
		const char *opts[APP_STATUS__MAX + 1];
		size_t k = 0;
		opts[k++] = "|すべて";
		for (int s = APP_CONSULTATION; s < APP_STATUS__MAX; s++)
			opts[k++] = arena_printf(&r->arena, "%s|%s", app_status_key((app_status)s), app_status_label((app_status)s));
		opts[k] = NULL;
		filter_select(r, "状態", "status", f.status, opts);
	}
	buf_raw(b, "<div><input type=\"checkbox\" id=\"errors\" name=\"errors\" value=\"1\"");
	buf_raw(b, f.errors ? " checked>" : ">");
	buf_raw(b, "<label for=\"errors\" class=\"inline\">判定にエラーがある申請だけ</label></div>");
	if (f.sort.key != SORT_ID || f.sort.desc) {
		buf_fmt(b, "<input type=\"hidden\" name=\"sort\" value=\"%s\"><input type=\"hidden\" name=\"dir\" value=\"%s\">",
			sort_keys[f.sort.key], f.sort.desc ? "desc" : "asc");
	}
	buf_raw(b, "<div><button type=\"submit\">絞り込む</button> <a href=\"/office/applications\">条件を解除</a></div></form>");

	buf_fmt(b, "<p role=\"status\">%zu件を表示しています（事務局が見られる申請 全%zu件のうち。下書きは含みません）。</p>", n, n_all);
	buf_raw(b, "<div class=\"table-wrap\"><table><caption>申請一覧（列の見出しで並べ替え、国費は判定による計算値）</caption><thead><tr>");
	sort_header(r, &f, SORT_ID, "ID", true);
	sort_header(r, &f, SORT_ORG, "団体", false);
	buf_raw(b, "<th scope=\"col\">都道府県</th>");
	sort_header(r, &f, SORT_MENU, "類型", false);
	buf_raw(b, "<th scope=\"col\">事業名</th>");
	sort_header(r, &f, SORT_STATUS, "状態", false);
	sort_header(r, &f, SORT_NS, "国費（判定）", true);
	buf_raw(b, "<th scope=\"col\" class=\"num\">エラー数</th>");
	sort_header(r, &f, SORT_UPDATED, "更新日時（日本時間）", false);
	buf_raw(b, "</tr></thead><tbody>");
	for (size_t k = 0; k < n; k++) {
		const app_row *w = &rows[k];
		buf_fmt(b, "<tr><td class=\"num\"><a href=\"/office/applications/%lld\">%lld</a></td><td>", (long long)w->id,
			(long long)w->id);
		html_text(b, w->org_name);
		buf_raw(b, "</td><td>");
		html_text(b, w->pref_name);
		buf_raw(b, "</td><td>");
		html_text(b, office_menu_name(rarr, w->round, w->menu));
		buf_raw(b, "<br><small>");
		html_text(b, office_round_title(rarr, w->round));
		buf_fmt(b, "</small></td><td><a href=\"/office/applications/%lld\">", (long long)w->id);
		html_text(b, w->title[0] ? w->title : "（無題）");
		buf_raw(b, "</a></td><td>");
		html_text(b, page_status_label(w->status));
		buf_raw(b, "</td><td class=\"num\">");
		if (w->has_ns)
			view_yen(r, w->ns);
		else
			buf_raw(b, w->checked ? "算定できません" : "判定できません");
		buf_raw(b, "</td><td class=\"num\">");
		if (w->checked)
			buf_fmt(b, "%zu件", w->errors);
		else
			buf_raw(b, "—");
		buf_raw(b, "</td><td>");
		office_time(r, w->updated);
		buf_raw(b, "</td></tr>");
	}
	if (n == 0)
		buf_raw(b, "<tr><td colspan=\"9\">条件に合う申請はありません。</td></tr>");
	buf_raw(b, "</tbody></table></div>");
	page_end(r);
	round_handles_release(&handles);
	json_decref(list);
	json_decref(rounds);
}

/* ---- 4. per-organization limits ---- */

static bool counted_status(const char *status)
{
	static const char *const counted[] = { "submitted", "screened", "under_review", "adopted", "naiji", "granted" };
	for (size_t i = 0; i < sizeof counted / sizeof counted[0]; i++)
		if (strcmp(counted[i], status) == 0)
			return true;
	return false;
}

#define LIMIT_MENUS 16
typedef struct org_count {
	const char *code, *name;
	const organization *o;
	int by_menu[LIMIT_MENUS];
	int consultation;
} org_count;

/* "TYPE1" from "TYPE1 優良モデル導入支援型": a menu's name up to its first space. */
static const char *menu_short(web_request *r, const rule_set *rs, const char *id)
{
	const rule_menu *m = rules_find_menu(rs, id);
	if (m == NULL || m->name == NULL)
		return id;
	const char *sp = strchr(m->name, ' ');
	return sp ? arena_strndup(&r->arena, m->name, (size_t)(sp - m->name)) : m->name;
}

static const rule_count *limit_for(const rule_limit *lim, const organization *o)
{
	if (lim->max_any.present)
		return &lim->max_any;
	if (o && o->kind == ORG_PREFECTURE)
		return &lim->max_prefecture;
	if (o && org_kind_is_municipal(o->kind))
		return &lim->max_municipality;
	return NULL;
}

/* Organizations counted so far, by code (open addressing; cap twice the rows). */
typedef struct org_index {
	org_count **slots;
	size_t cap;
} org_index;

static size_t code_hash(const char *code)
{
	size_t h = 5381;
	for (const char *p = code; *p; p++)
		h = h * 33 + (unsigned char)*p;
	return h;
}

static org_count *org_index_find(const org_index *x, const char *code)
{
	if (x->slots == NULL)
		return NULL;
	for (size_t i = code_hash(code) % x->cap;; i = (i + 1) % x->cap) {
		if (x->slots[i] == NULL)
			return NULL;
		if (strcmp(x->slots[i]->code, code) == 0)
			return x->slots[i];
	}
}

static void org_index_add(org_index *x, org_count *oc)
{
	if (x->slots == NULL)
		return;
	size_t i = code_hash(oc->code) % x->cap;
	while (x->slots[i] != NULL)
		i = (i + 1) % x->cap;
	x->slots[i] = oc;
}

static void page_office_limits(web_request *r)
{
	round_handles handles = { 0 };
	svc_err e = { 0 };
	json_t *list = svc_app_list(r->svc, &r->user, &e);
	json_t *rounds = list ? svc_rounds(r->svc, &e) : NULL;
	if (list == NULL || rounds == NULL) {
		page_svc_error(r, &e);
		svc_err_clear(&e);
		json_decref(list);
		return;
	}
	json_t *apps = json_object_get(list, "applications"), *rarr = json_object_get(rounds, "rounds");
	const char *round = page_param(r, "round");
	size_t i;
	json_t *ro, *a;
	if (round == NULL || round[0] == '\0') { /* the first open round, else the first */
		round = jstr(json_array_get(rarr, 0), "key");
		json_array_foreach(rarr, i, ro)
		{
			if (strcmp(jstr(ro, "status"), "open") == 0) {
				round = jstr(ro, "key");
				break;
			}
		}
	}
	page_begin(r, "申請上限数の確認");
	buf *b = &r->raw;
	buf_raw(b, "<p>同じ団体の申請数が募集回の申請上限数を超えていないかを確かめます。"
		   "数えるのは提出済み以降の申請（提出済み・審査前確認済み・審査中・採択・内示・交付決定）で、取下げ・不採択・事前相談中は数えません。</p>");
	buf_raw(b, "<form method=\"get\" action=\"/office/limits\" class=\"filters\">");
	{
		const char **opts = arena_alloc(&r->arena, (json_array_size(rarr) + 1) * sizeof *opts);
		size_t k = 0;
		if (opts) {
			json_array_foreach(rarr, i, ro)
			{
				opts[k++] = arena_printf(&r->arena, "%s|%s", jstr(ro, "key"), jstr(ro, "title"));
			}
			opts[k] = NULL;
			filter_select(r, "募集回", "round", round, opts);
		}
	}
	buf_raw(b, "<div><button type=\"submit\">表示</button></div></form>");

	json_t *rinfo = find_round(rarr, round);
	const rule_set *rs = rules_find(&r->svc->cat->rules, round);
	if (rinfo == NULL) {
		buf_raw(b, "<p>募集回を選んでください。</p>");
		goto end;
	}
	buf_raw(b, "<h2>");
	html_text(b, jstr(rinfo, "title"));
	buf_raw(b, "</h2>");
	if (rs == NULL || rs->n_limits == 0) {
		buf_raw(b, "<p>この募集回のルールセットには申請上限数の定めがありません。</p>");
		goto end;
	}

	/* the menus the limits name, each once */
	const char *menus[LIMIT_MENUS];
	size_t n_menus = 0;
	for (size_t l = 0; l < rs->n_limits; l++)
		for (size_t k = 0; k < rs->limits[l].n_menus; k++) {
			bool seen = false;
			for (size_t q = 0; q < n_menus && !seen; q++)
				seen = strcmp(menus[q], rs->limits[l].menus[k]) == 0;
			if (!seen && n_menus < LIMIT_MENUS)
				menus[n_menus++] = rs->limits[l].menus[k];
		}

	/* counts per organization */
	size_t n_apps = json_array_size(apps), n_orgs = 0;
	org_count *orgs = arena_alloc(&r->arena, (n_apps ? n_apps : 1) * sizeof *orgs);
	org_index idx = { .slots = arena_alloc(&r->arena, 2 * (n_apps ? n_apps : 1) * sizeof(org_count *)),
			  .cap = 2 * (n_apps ? n_apps : 1) };
	json_array_foreach(apps, i, a)
	{
		if (orgs == NULL || strcmp(jstr(a, "round"), round) != 0)
			continue;
		int mi = -1;
		for (size_t q = 0; q < n_menus; q++)
			if (strcmp(menus[q], jstr(a, "menu")) == 0)
				mi = (int)q;
		bool counted = counted_status(jstr(a, "status")), consult = strcmp(jstr(a, "status"), "consultation") == 0;
		if (mi < 0 || (!counted && !consult))
			continue;
		json_t *org = json_object_get(a, "organization");
		org_count *oc = NULL;
		/* the last organization seen first (the list is by id, an organization's
		 * applications often adjacent), then the index by code: linear in the round */
		const char *code = jstr(org, "code");
		if (n_orgs > 0 && strcmp(orgs[n_orgs - 1].code, code) == 0)
			oc = &orgs[n_orgs - 1];
		else if (n_orgs > 0)
			oc = org_index_find(&idx, code);
		if (oc == NULL) {
			oc = &orgs[n_orgs++];
			oc->code = jstr(org, "code");
			oc->name = jstr(org, "name")[0] ? jstr(org, "name") : oc->code;
			oc->o = org_of(r, oc->code);
			org_index_add(&idx, oc);
		}
		if (counted)
			oc->by_menu[mi]++;
		else
			oc->consultation++;
	}

	/* applications whose check finds LIMIT_EXCEEDED */
	buf_raw(b, "<h3>上限数を超えている申請</h3>");
	size_t n_exceeded = 0;
	json_array_foreach(apps, i, a)
	{
		if (strcmp(jstr(a, "round"), round) != 0 ||
		    !(counted_status(jstr(a, "status")) || strcmp(jstr(a, "status"), "consultation") == 0))
			continue;
		int64_t id = json_integer_value(json_object_get(a, "id"));
		const svc_check_row *check = round_check_of(r, &handles, round, id);
		if (check == NULL)
			continue;
		for (size_t k = 0; k < check->n_hits; k++) {
			const svc_limit_hit *hit = &check->hits[k];
			if (n_exceeded++ == 0)
				buf_raw(b, "<div class=\"table-wrap\"><table><caption>申請上限数を超えている申請（判定エラー LIMIT_EXCEEDED）</caption>"
					   "<thead><tr><th scope=\"col\">申請ID</th><th scope=\"col\">団体</th><th scope=\"col\">類型</th>"
					   "<th scope=\"col\">状態</th><th scope=\"col\" class=\"num\">件数／上限</th><th scope=\"col\">内容</th></tr></thead><tbody>");
			json_t *org = json_object_get(a, "organization");
			buf_fmt(b, "<tr><td><a href=\"/office/applications/%lld\">%lld</a></td><td>", (long long)id, (long long)id);
			html_text(b, jstr(org, "name")[0] ? jstr(org, "name") : jstr(org, "code"));
			buf_raw(b, "</td><td>");
			html_text(b, office_menu_name(rarr, round, jstr(a, "menu")));
			buf_raw(b, "</td><td>");
			html_text(b, page_status_label(jstr(a, "status")));
			buf_raw(b, "</td><td class=\"num\">");
			if (hit->count >= 0)
				buf_fmt(b, "%d件／上限%d件", hit->count, hit->max);
			else
				buf_raw(b, "—");
			buf_raw(b, "</td><td>");
			html_text(b, hit->message);
			buf_raw(b, "</td></tr>");
		}
	}
	if (n_exceeded > 0)
		buf_raw(b, "</tbody></table></div><p class=\"hint\">事前相談中の申請の件数は、その申請を提出したと仮定して数えたものです。</p>");
	else
		buf_raw(b, "<p class=\"notice ok\">上限数を超えている申請はありません。</p>");

	/* the summary per organization */
	buf_raw(b, "<h3>団体ごとの申請数</h3>");
	if (n_orgs == 0) {
		buf_raw(b, "<p>この募集回に上限数の対象となる類型の申請はまだありません。</p>");
	} else {
		buf_raw(b, "<div class=\"table-wrap\"><table><caption>団体ごとの申請数（提出済み以降）と申請上限数</caption><thead><tr>"
			   "<th scope=\"col\">団体</th><th scope=\"col\">種別</th>");
		for (size_t q = 0; q < n_menus; q++) {
			buf_raw(b, "<th scope=\"col\" class=\"num\">");
			html_text(b, menu_short(r, rs, menus[q]));
			buf_raw(b, "</th>");
		}
		for (size_t l = 0; l < rs->n_limits; l++) {
			buf_raw(b, "<th scope=\"col\">");
			for (size_t k = 0; k < rs->limits[l].n_menus; k++) {
				if (k)
					buf_raw(b, "・");
				html_text(b, menu_short(r, rs, rs->limits[l].menus[k]));
			}
			buf_raw(b, "の合計／上限</th>");
		}
		buf_raw(b, "<th scope=\"col\" class=\"num\">事前相談中（参考、数えない）</th></tr></thead><tbody>");
		for (size_t q = 0; q < n_orgs; q++) {
			const org_count *oc = &orgs[q];
			buf_raw(b, "<tr><th scope=\"row\">");
			html_text(b, oc->name);
			buf_raw(b, "<br><small>");
			html_text(b, oc->code);
			buf_raw(b, "</small></th><td>");
			html_text(b, oc->o ? org_kind_label(oc->o->kind) : "不明");
			buf_raw(b, "</td>");
			for (size_t m = 0; m < n_menus; m++)
				buf_fmt(b, "<td class=\"num\">%d</td>", oc->by_menu[m]);
			for (size_t l = 0; l < rs->n_limits; l++) {
				const rule_limit *lim = &rs->limits[l];
				int count = 0;
				for (size_t k = 0; k < lim->n_menus; k++)
					for (size_t m = 0; m < n_menus; m++)
						if (strcmp(menus[m], lim->menus[k]) == 0)
							count += oc->by_menu[m];
				const rule_count *max = limit_for(lim, oc->o);
				buf_raw(b, "<td>");
				if (max == NULL || !max->present)
					buf_fmt(b, "%d件／上限の記載なし", count);
				else if (count > max->value)
					buf_fmt(b, "<strong>%d件／上限%d件 超過</strong>", count, max->value);
				else
					buf_fmt(b, "%d件／上限%d件 上限内", count, max->value);
				buf_raw(b, "</td>");
			}
			buf_fmt(b, "<td class=\"num\">%d</td></tr>", oc->consultation);
		}
		buf_raw(b, "</tbody></table></div>");
	}

	/* where the limits come from */
	buf_raw(b, "<h3>申請上限数の根拠</h3><ul>");
	for (size_t l = 0; l < rs->n_limits; l++) {
		const rule_limit *lim = &rs->limits[l];
		const rule_count *cs[] = { &lim->max_prefecture, &lim->max_municipality, &lim->max_any };
		const char *who[] = { "都道府県", "市町村（特別区を含む）", "すべての団体" };
		buf_raw(b, "<li>");
		for (size_t k = 0; k < lim->n_menus; k++) {
			if (k)
				buf_raw(b, "・");
			html_text(b, menu_short(r, rs, lim->menus[k]));
		}
		buf_raw(b, "の合計: ");
		bool any = false;
		for (size_t c = 0; c < 3; c++) {
			if (!cs[c]->present)
				continue;
			buf_raw(b, any ? "、" : "");
			html_text(b, who[c]);
			buf_fmt(b, " %d件", cs[c]->value);
			any = true;
		}
		const citation *cite = lim->max_any.present ? &lim->max_any.cite : &lim->max_prefecture.cite;
		if (cite->source) {
			buf_raw(b, "<br><small>出典: ");
			html_text(b, cite->source);
			if (cite->quote) {
				buf_raw(b, "「");
				html_text(b, cite->quote);
				buf_raw(b, "」");
			}
			if (cite->reading)
				buf_raw(b, "（digiden の読み）");
			buf_raw(b, "</small>");
		}
		buf_raw(b, "</li>");
	}
	buf_raw(b, "</ul>");
end:
	round_handles_release(&handles);
	page_end(r);
	json_decref(list);
	json_decref(rounds);
}

/* ---- 5. one application ---- */

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

static void json_compact(web_request *r, json_t *v)
{
	if (v == NULL || json_is_null(v)) {
		buf_raw(&r->raw, "—");
		return;
	}
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	buf_raw(&r->raw, "<code>");
	html_text(&r->raw, s ? s : "");
	buf_raw(&r->raw, "</code>");
	free(s);
}

static void review_scores_table(web_request *r, json_t *reviews, const char *caption)
{
	buf *b = &r->raw;
	buf_raw(b, "<div class=\"table-wrap\"><table><caption>");
	html_text(b, caption);
	buf_raw(b, "</caption><thead><tr><th scope=\"col\">審査のポイント</th>");
	size_t i;
	json_t *rv;
	json_array_foreach(reviews, i, rv)
	{
		buf_raw(b, "<th scope=\"col\" class=\"num\">");
		html_text(b, jstr(rv, "reviewer"));
		buf_raw(b, "</th>");
	}
	buf_raw(b, "</tr></thead><tbody>");
	for (size_t p = 0; p < OFFICE_REVIEW_POINTS; p++) {
		buf_fmt(b, "<tr><th scope=\"row\">%zu. ", p + 1);
		html_text(b, office_review_points[p].label);
		buf_raw(b, "</th>");
		json_array_foreach(reviews, i, rv)
		{
			json_t *s = json_object_get(json_object_get(rv, "scores"), office_review_points[p].key);
			buf_raw(b, "<td class=\"num\">");
			if (json_is_integer(s))
				buf_fmt(b, "%lld / 5", (long long)json_integer_value(s));
			else
				buf_raw(b, "未評価");
			buf_raw(b, "</td>");
		}
		buf_raw(b, "</tr>");
	}
	buf_raw(b, "<tr><th scope=\"row\">コメント</th>");
	json_array_foreach(reviews, i, rv)
	{
		buf_raw(b, "<td>");
		if (jstr(rv, "comment")[0])
			text_lines(r, jstr(rv, "comment"));
		else
			buf_raw(b, "（なし）");
		buf_raw(b, "</td>");
	}
	buf_raw(b, "</tr><tr><th scope=\"row\">評価日時（日本時間）</th>");
	json_array_foreach(reviews, i, rv)
	{
		buf_raw(b, "<td>");
		office_time(r, jstr(rv, "at"));
		buf_raw(b, "</td>");
	}
	buf_raw(b, "</tr></tbody></table></div>");
}

void office_review_table(web_request *r, json_t *reviews, const char *caption) { review_scores_table(r, reviews, caption); }

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

static void page_office_app(web_request *r)
{
	svc_err e = { 0 };
	json_t *got = svc_app_get(r->svc, &r->user, r->id, &e);
	json_t *rounds = got ? svc_rounds(r->svc, &e) : NULL;
	if (got == NULL || rounds == NULL) {
		page_svc_error(r, &e);
		svc_err_clear(&e);
		json_decref(got);
		return;
	}
	svc_err ce = { 0 }, ae = { 0 };
	json_t *check = svc_app_check(r->svc, &r->user, r->id, &ce);
	json_t *audit = svc_audit(r->svc, &r->user, r->id, &ae);
	json_t *rarr = json_object_get(rounds, "rounds");
	long long id = (long long)r->id;
	char back[64];
	app_status st = APP_DRAFT;
	app_status_from_key(jstr(got, "status"), &st);
	char *title = arena_printf(&r->arena, "申請 %lld の確認", id);
	page_begin(r, title ? title : "申請の確認");
	buf *b = &r->raw;
	const char *done = done_label(page_param(r, "done"));
	if (done)
		done_notice(r, done);
	buf_raw(b, "<p><a href=\"/office/applications\">申請一覧に戻る</a></p><div class=\"layout-editor\"><div>");
	buf_raw(b, "<h2>");
	html_text(b, jstr(got, "title")[0] ? jstr(got, "title") : "（無題）");
	buf_raw(b, "</h2>");
	office_app_facts(r, got, rarr);

	/* next steps */
	buf_raw(b, "<h2>次の操作</h2>");
	json_t *reviews = json_object_get(got, "reviews");
	switch (st) {
	case APP_CONSULTATION:
		buf_raw(b, "<p>事前相談中です。下の「事前相談（コメント）」で回答してください。提出は申請者が行います。</p>");
		break;
	case APP_SUBMITTED:
		snprintf(back, sizeof back, "/office/applications/%lld?done=screen", id);
		buf_raw(b, "<p>内容を確認し、問題がなければ「審査前確認済み」にします。団体ごとの申請上限数を含めて判定をやり直し、エラーがあれば確認済みにできません。</p>");
		action_form_begin(r, r->id, "screen", back);
		buf_raw(b, "<p><button type=\"submit\">審査前確認済みにする</button></p></form>");
		break;
	case APP_SCREENED:
	case APP_UNDER_REVIEW: {
		/* who is assigned already: from the audit log */
		size_t j;
		json_t *en;
		bool any = false;
		json_array_foreach(json_object_get(audit, "entries"), j, en)
		{
			if (strcmp(jstr(en, "action"), "application.assign") != 0)
				continue;
			buf_raw(b, any ? "、" : "<p>割当て済みの審査員: ");
			html_text(b, jstr(json_object_get(en, "after"), "reviewer"));
			any = true;
		}
		if (any)
			buf_raw(b, "</p>");
		snprintf(back, sizeof back, "/office/applications/%lld?done=assign", id);
		buf_raw(b, "<section><h3>審査員の割当て</h3>");
		action_form_begin(r, r->id, "assign", back);
		input_field(r, "text", "assign-reviewer", "reviewer", "審査員のログインID", "",
			    "審査員の役割で登録された利用者のログインIDを入力します（一覧はありません）。", "required autocomplete=\"off\"");
		buf_raw(b, "<p><button type=\"submit\">割り当てる</button></p></form></section>");
		if (st != APP_UNDER_REVIEW)
			break;
		snprintf(back, sizeof back, "/office/applications/%lld?done=decide", id);
		buf_fmt(b, "<section><h3>採否の決定</h3><p>評価 %zu件。決定には審査員の評価が1件以上必要です。</p>", json_array_size(reviews));
		json_t *ns = json_object_get(check, "national_share_yen");
		char nsbuf[32] = "", nsfmt[64] = "";
		if (json_is_integer(ns)) {
			snprintf(nsbuf, sizeof nsbuf, "%lld", (long long)json_integer_value(ns));
			money_format_yen(json_integer_value(ns), nsfmt, sizeof nsfmt);
		}
		buf_raw(b, "<div class=\"grid-2\"><form method=\"post\" action=\"/applications/");
		buf_fmt(b, "%lld/action\">", id);
		page_csrf_field(r);
		buf_raw(b, "<input type=\"hidden\" name=\"action\" value=\"decide\"><input type=\"hidden\" name=\"decision\" value=\"adopted\">"
			   "<input type=\"hidden\" name=\"_back\" value=\"");
		html_attr(b, back);
		buf_raw(b, "\"><fieldset><legend>採択</legend>");
		char *hint = json_is_integer(ns)
				     ? arena_printf(&r->arena, "計算上の国費（%s）が入っています。これより多くはできません。減額するときは理由が必要です。円・千円・万円・億円の表記が使えます。", nsfmt)
				     : "国費を算定できないため採択できません（判定のエラーを確認してください）。";
		input_field(r, "text", "adopt-amount", "amount_yen", "決定額（国費）", nsbuf, hint, "required inputmode=\"numeric\"");
		textarea_field(r, "adopt-reason", "reason", "理由（減額するときは必須）", NULL, NULL);
		buf_raw(b, "<p><button type=\"submit\">採択する</button></p></fieldset></form>");
		buf_fmt(b, "<form method=\"post\" action=\"/applications/%lld/action\">", id);
		page_csrf_field(r);
		buf_raw(b, "<input type=\"hidden\" name=\"action\" value=\"decide\"><input type=\"hidden\" name=\"decision\" value=\"rejected\">"
			   "<input type=\"hidden\" name=\"_back\" value=\"");
		html_attr(b, back);
		buf_raw(b, "\"><fieldset><legend>不採択</legend>");
		textarea_field(r, "reject-reason", "reason", "不採択の理由（必須）", NULL, "required");
		buf_raw(b, "<p><button type=\"submit\" class=\"danger\">不採択にする</button></p></fieldset></form></div></section>");
		break;
	}
	case APP_ADOPTED:
		snprintf(back, sizeof back, "/office/applications/%lld?done=naiji", id);
		buf_raw(b, "<p>採択済みです。交付決定の前に内示します。</p>");
		action_form_begin(r, r->id, "naiji", back);
		buf_raw(b, "<p><button type=\"submit\">内示する</button></p></form>");
		break;
	case APP_NAIJI:
		snprintf(back, sizeof back, "/office/applications/%lld?done=grant", id);
		buf_raw(b, "<p>内示済みです。交付を決定します。</p>");
		action_form_begin(r, r->id, "grant", back);
		buf_raw(b, "<p><button type=\"submit\">交付決定する</button></p></form>");
		break;
	default:
		buf_raw(b, "<p>この申請で事務局が行う操作はありません（");
		html_text(b, app_status_label(st));
		buf_raw(b, "）。</p>");
		break;
	}

	/* decision */
	json_t *dec = json_object_get(got, "decision");
	buf_raw(b, "<h2>採否の結果</h2>");
	if (!json_is_object(dec))
		buf_raw(b, "<p>まだ決定していません。</p>");
	else {
		bool adopted = strcmp(jstr(dec, "decision"), "adopted") == 0;
		buf_raw(b, "<dl class=\"grid-2\"><div><dt>決定</dt><dd>");
		buf_raw(b, adopted ? "採択" : "不採択");
		buf_raw(b, "</dd></div>");
		if (adopted) {
			buf_raw(b, "<div><dt>決定額（国費）</dt><dd>");
			amount(r, json_object_get(dec, "amount_yen"));
			buf_raw(b, "</dd></div>");
		}
		buf_raw(b, "<div><dt>理由</dt><dd>");
		if (jstr(dec, "reason")[0])
			text_lines(r, jstr(dec, "reason"));
		else
			buf_raw(b, "（なし）");
		buf_raw(b, "</dd></div><div><dt>決定者</dt><dd>");
		html_text(b, jstr(dec, "decided_by"));
		buf_raw(b, "</dd></div><div><dt>決定日時（日本時間）</dt><dd>");
		office_time(r, jstr(dec, "at"));
		buf_raw(b, "</dd></div></dl>");
	}

	/* reviews */
	buf_raw(b, "<h2>審査員の評価</h2>");
	if (json_array_size(reviews) == 0)
		buf_raw(b, "<p>まだ評価はありません。</p>");
	else {
		buf_raw(b, "<p>各項目1〜5点（資料に尺度・重み・合格点の定めはなく、digiden の5段階です）。</p>");
		review_scores_table(r, reviews, "審査員ごとの評価");
	}

	/* the plan itself */
	buf_raw(b, "<h2>申請内容（実施計画書）</h2>");
	office_app_body(r, json_object_get(got, "application"), 3);

	/* KPI reports */
	json_t *kr = json_object_get(got, "kpi_reports");
	if (json_array_size(kr) > 0) {
		buf_raw(b, "<h2>KPI実績の報告</h2><div class=\"table-wrap\"><table><caption>KPI実績</caption><thead><tr>"
			   "<th scope=\"col\">年度</th><th scope=\"col\">指標</th><th scope=\"col\" class=\"num\">実績値</th>"
			   "<th scope=\"col\">報告者</th><th scope=\"col\">報告日時（日本時間）</th></tr></thead><tbody>");
		size_t j;
		json_t *k;
		json_array_foreach(kr, j, k)
		{
			size_t v;
			json_t *val;
			json_array_foreach(json_object_get(k, "values"), v, val)
			{
				buf_raw(b, "<tr><td>");
				fiscal_year(r, json_object_get(k, "fiscal_year"));
				buf_raw(b, "</td><td>");
				html_text(b, jstr(val, "kpi"));
				buf_raw(b, "</td><td class=\"num\">");
				scalar(r, json_object_get(val, "value"));
				buf_raw(b, "</td><td>");
				html_text(b, jstr(k, "reported_by"));
				buf_raw(b, "</td><td>");
				office_time(r, jstr(k, "at"));
				buf_raw(b, "</td></tr>");
			}
		}
		buf_raw(b, "</tbody></table></div>");
	}

	/* comments (事前相談) */
	buf_raw(b, "<h2>事前相談（コメント）</h2>");
	json_t *comments = json_object_get(got, "comments");
	if (json_array_size(comments) == 0)
		buf_raw(b, "<p>コメントはまだありません。</p>");
	else {
		buf_raw(b, "<ol class=\"comments\">");
		size_t j;
		json_t *c;
		json_array_foreach(comments, j, c)
		{
			buf_raw(b, "<li><p><strong>");
			html_text(b, jstr(c, "author"));
			buf_raw(b, "</strong>（");
			html_text(b, strcmp(jstr(c, "role"), "applicant") == 0 ? "申請者" : strcmp(jstr(c, "role"), "reviewer") == 0 ? "審査員" : "事務局");
			buf_raw(b, "）");
			office_time(r, jstr(c, "at"));
			buf_raw(b, "</p><p>");
			text_lines(r, jstr(c, "body"));
			buf_raw(b, "</p></li>");
		}
		buf_raw(b, "</ol>");
	}
	snprintf(back, sizeof back, "/office/applications/%lld?done=comment", id);
	action_form_begin(r, r->id, "comment", back);
	textarea_field(r, "comment-body", "body", "コメントを書く", "申請団体に表示されます。", "required maxlength=\"20000\"");
	buf_raw(b, "<p><button type=\"submit\" class=\"secondary\">コメントを送る</button></p></form>");

	/* audit log */
	buf_raw(b, "<h2>監査ログ</h2>");
	if (audit == NULL) {
		buf_raw(b, "<p>監査ログを読めませんでした: ");
		html_text(b, ae.message);
		buf_raw(b, "</p>");
	} else {
		buf_raw(b, "<div class=\"table-wrap\"><table><caption>この申請の操作履歴</caption><thead><tr>"
			   "<th scope=\"col\">日時（日本時間）</th><th scope=\"col\">操作者</th><th scope=\"col\">操作</th>"
			   "<th scope=\"col\">変更前</th><th scope=\"col\">変更後</th></tr></thead><tbody>");
		size_t j;
		json_t *en;
		json_array_foreach(json_object_get(audit, "entries"), j, en)
		{
			buf_raw(b, "<tr><td>");
			office_time(r, jstr(en, "at"));
			buf_raw(b, "</td><td>");
			html_text(b, jstr(en, "actor"));
			buf_raw(b, "</td><td>");
			const char *label = audit_action_label(jstr(en, "action"));
			if (label) {
				html_text(b, label);
				buf_raw(b, "<br>");
			}
			buf_raw(b, "<small>");
			html_text(b, jstr(en, "action"));
			buf_raw(b, "</small></td><td>");
			json_compact(r, json_object_get(en, "before"));
			buf_raw(b, "</td><td>");
			json_compact(r, json_object_get(en, "after"));
			buf_raw(b, "</td></tr>");
		}
		if (json_array_size(json_object_get(audit, "entries")) == 0)
			buf_raw(b, "<tr><td colspan=\"5\">記録はありません。</td></tr>");
		buf_raw(b, "</tbody></table></div>");
	}
	buf_raw(b, "</div>");
	if (check)
		page_check_panel(r, check, false);
	else {
		buf_raw(b, "<aside class=\"estimate\" id=\"estimate\"><h2>判定と国費の見込み</h2><p>判定できませんでした: ");
		html_text(b, ce.message);
		buf_raw(b, "</p></aside>");
	}
	buf_raw(b, "</div>");
	page_end(r);
	svc_err_clear(&ce);
	svc_err_clear(&ae);
	json_decref(check);
	json_decref(audit);
	json_decref(got);
	json_decref(rounds);
}

/* ---- 8. users ---- */

static const char *detail_for(const svc_err *e, const char *path)
{
	size_t i;
	json_t *d;
	json_array_foreach(e ? e->details : NULL, i, d)
	{
		if (strcmp(jstr(d, "path"), path) == 0)
			return jstr(d, "message");
	}
	return NULL;
}

/* Logins and addresses refused now after failed logins (issue 10): the office sees
 * who is being guessed at and from where; the wait ends by itself. */
static void throttles_section(web_request *r)
{
	buf *b = &r->raw;
	svc_err e = { 0 };
	json_t *t = svc_login_throttles(r->svc, &r->user, &e);
	buf_raw(b, "<section aria-labelledby=\"throttles\"><h2 id=\"throttles\">ログインを制限中のアカウントと端末</h2>");
	json_t *list = json_object_get(t, "throttles");
	if (t == NULL) {
		buf_raw(b, "<p>");
		html_text(b, e.message);
		buf_raw(b, "</p>");
	} else if (json_array_size(list) == 0) {
		buf_raw(b, "<p>いまログインを制限しているアカウント・端末はありません。</p>");
	} else {
		buf_raw(b, "<p>パスワードの誤りが続いたため、しばらくログインを受け付けていない組み合わせです。"
			   "アカウント自体は止めていないので、本人は別の端末からログインできます。</p>"
			   "<div class=\"table-wrap\"><table><caption>制限中（新しい順）</caption><thead><tr>"
			   "<th scope=\"col\">ログインID</th><th scope=\"col\">接続元アドレス</th><th scope=\"col\" class=\"num\">失敗回数</th>"
			   "<th scope=\"col\">制限の終わり（UTC）</th></tr></thead><tbody>");
		size_t i;
		json_t *row;
		json_array_foreach(list, i, row)
		{
			const char *login = json_string_value(json_object_get(row, "login"));
			time_t until = (time_t)json_integer_value(json_object_get(row, "blocked_until"));
			struct tm tm;
			char when[32] = "";
			if (gmtime_r(&until, &tm))
				strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
			buf_raw(b, "<tr><td>");
			html_text(b, login ? login : "（この端末からのすべてのログイン）");
			buf_raw(b, "</td><td>");
			html_text(b, json_string_value(json_object_get(row, "address")));
			buf_fmt(b, "</td><td class=\"num\">%lld</td><td>", (long long)json_integer_value(json_object_get(row, "failures")));
			html_text(b, when);
			buf_raw(b, "</td></tr>");
		}
		buf_raw(b, "</tbody></table></div>");
	}
	buf_raw(b, "</section>");
	json_decref(t);
	svc_err_clear(&e);
}

static void users_page(web_request *r, const svc_err *e)
{
	page_begin(r, "利用者の登録");
	buf *b = &r->raw;
	const char *created = page_param(r, "created");
	if (e == NULL && created && created[0]) {
		char *msg = arena_printf(&r->arena, "利用者「%s」を登録しました。", created);
		done_notice(r, msg ? msg : "登録しました。");
	}
	if (e) {
		buf_raw(b, "<div class=\"notice error\" role=\"alert\"><p>");
		html_text(b, e->message);
		buf_raw(b, "</p>");
		if (json_array_size(e->details) > 0)
			buf_raw(b, "<p>各項目の下の説明を確認してください。</p>");
		buf_raw(b, "</div>");
	}
	buf_raw(b, "<p>申請者（自治体の職員）、審査員、事務局のアカウントを登録します。事務局・管理者を登録できるのは管理者だけです。"
		   "登録済みの利用者の一覧はこの画面にはありません。</p>");
	buf_raw(b, "<form method=\"post\" action=\"/office/users\">");
	page_csrf_field(r);
	const char *login = e ? page_param(r, "login") : "", *role = e ? page_param(r, "role") : "applicant",
		   *org = e ? page_param(r, "organization") : "";
	const char *lerr = detail_for(e, "login");
	if (lerr == NULL && e && e->code && strcmp(e->code, "DUPLICATE") == 0)
		lerr = e->message;
	page_text_input(r, "ログインID", "login", login, "英数字と . _ - @ の2〜64文字", lerr,
			"required autocomplete=\"off\"");
	const char *perr = detail_for(e, "password");
	buf_raw(b, "<label for=\"password\">パスワード</label><p class=\"hint\" id=\"password-hint\">10〜256文字。本人に安全な方法で伝えてください。</p>");
	if (perr) {
		buf_raw(b, "<p class=\"field-error\" id=\"password-error\">");
		html_text(b, perr);
		buf_raw(b, "</p>");
	}
	buf_raw(b, "<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"new-password\" required");
	buf_raw(b, perr ? " aria-describedby=\"password-hint password-error\" aria-invalid=\"true\">" : " aria-describedby=\"password-hint\">");
	static const char *const roles[] = { "applicant|申請者（団体の職員）", "reviewer|審査員", "secretariat|事務局",
					     "admin|管理者", NULL };
	const char *rerr = detail_for(e, "role");
	if (rerr == NULL && e && e->status == 403)
		rerr = e->message;
	page_select(r, "役割", "role", role, roles, rerr);
	page_text_input(r, "団体コード（申請者のみ）", "organization", org,
			"申請者は所属団体の6桁の全国地方公共団体コード（例: 042072 名取市）。申請者以外は空欄にします。",
			detail_for(e, "organization"), "inputmode=\"numeric\" autocomplete=\"off\"");
	buf_raw(b, "<p><button type=\"submit\">登録する</button></p></form>");
	throttles_section(r);
	page_end(r);
}

static void page_office_users(web_request *r) { users_page(r, NULL); }

static void page_office_users_post(web_request *r)
{
	json_t *body = json_object();
	const char *names[] = { "login", "password", "role" };
	for (size_t i = 0; i < 3; i++) {
		const char *v = page_param(r, names[i]);
		json_object_set_new(body, names[i], json_string(v ? v : ""));
	}
	const char *org = page_param(r, "organization");
	if (org && org[0])
		json_object_set_new(body, "organization", json_string(org));
	svc_err e = { 0 };
	json_t *out = svc_user_add(r->svc, &r->user, body, &e);
	json_decref(body);
	if (out == NULL) {
		r->status = e.status ? e.status : 400;
		if (r->status >= 500) {
			page_svc_error(r, &e);
		} else {
			users_page(r, &e);
		}
		svc_err_clear(&e);
		return;
	}
	buf loc = { 0 };
	buf_raw(&loc, "/office/users?created=");
	html_url_param(&loc, jstr(out, "login"));
	page_redirect(r, loc.data ? loc.data : "/office/users");
	buf_free(&loc);
	json_decref(out);
}

/* ---- routes of page_office.c and page_review.c ---- */

static const page_route routes[] = {
	{ "GET", "/office", page_office_home, PAGE_OFFICE },
	{ "GET", "/office/rounds", page_office_rounds, PAGE_OFFICE },
	{ "POST", "/office/rounds", page_office_rounds_post, PAGE_OFFICE | PAGE_FORM },
	{ "GET", "/office/applications", page_office_apps, PAGE_OFFICE },
	{ "GET", "/office/applications/{id}", page_office_app, PAGE_OFFICE },
	{ "GET", "/office/limits", page_office_limits, PAGE_OFFICE },
	{ "GET", "/office/users", page_office_users, PAGE_OFFICE },
	{ "POST", "/office/users", page_office_users_post, PAGE_OFFICE | PAGE_FORM },
	{ "GET", "/review", page_review_list, PAGE_REVIEWER },
	{ "GET", "/review/{id}", page_review_app, PAGE_REVIEWER },
};
const page_table office_page_table = { routes, sizeof routes / sizeof routes[0] };
