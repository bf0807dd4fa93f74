/* menus.c — 制度の説明 (public): every menu of a round with its 補助率, 国費上限,
 * requirements, テレワーク型 element caps, the round's application limits, the
 * excluded projects and the review points. The page is generated from the round's
 * rule set: every value is shown beside its citation (seed file and verbatim
 * quote), and digiden's readings and provisional values are marked in words. */
#include <stdio.h>
#include <string.h>

#include "../../core/money.h"
#include "results.h"

/* Japanese names of the requirement ids (rules.h requirement_key). */
static const struct {
	const char *key, *label;
} requirement_labels[] = {
	{ "digital_service", "地域の課題解決にデジタルを活用するサービス" },
	{ "consortium", "推進体制（コンソーシアム等）" },
	{ "data_platform", "データ連携基盤の整備方針" },
	{ "multiple_services", "複数のサービス実装" },
	{ "card_new_use", "マイナンバーカードの新たな用途" },
	{ "card_application_rate", "マイナンバーカード申請率（基準日と下限）" },
	{ "telework_section", "テレワーク型の施設・経費" },
};

static const char *requirement_label(requirement_id q)
{
	const char *key = requirement_key(q);
	for (size_t i = 0; key && i < sizeof requirement_labels / sizeof requirement_labels[0]; i++)
		if (strcmp(requirement_labels[i].key, key) == 0)
			return requirement_labels[i].label;
	return key ? key : "?";
}

static bool is_provisional(const char *status) { return status && strcmp(status, "provisional") == 0; }

/* The citation of a value: seed file and quote, then digiden's reading (marked in
 * words, not by colour) or a plain note. */
static void citation_html(buf *b, const citation *c, bool with_quote)
{
	if (c->source && c->source[0]) {
		html_wrap(b, "<p>出典：<cite>", c->source, "</cite>");
		if (with_quote && c->quote && c->quote[0]) {
			html_wrap(b, "<br>「", c->quote, "」");
		}
		buf_raw(b, "</p>");
	}
	if (c->reading) {
		html_wrap(b, "<p><strong class=\"badge\">digidenの読み</strong> ", c->note && c->note[0] ? c->note : "資料に明記されていない点を digiden が解釈しています。", "</p>");
	} else if (c->note && c->note[0]) {
		html_wrap(b, "<p class=\"hint\">補足：", c->note, "</p>");
	}
}

static void cite_cell(buf *b, const citation *c, bool with_quote)
{
	buf_raw(b, "<td>");
	citation_html(b, c, with_quote);
	buf_raw(b, "</td>");
}

static void absent_row(buf *b, const char *what)
{
	buf_raw(b, "<tr><th scope=\"row\">");
	buf_raw(b, what);
	buf_raw(b, "</th><td>資料に記載なし</td><td>—</td></tr>");
}

static void amount_row(web_request *r, const char *what, const rule_amount *a, const char *unit)
{
	buf *b = &r->raw;
	if (!a->present) {
		absent_row(b, what);
		return;
	}
	buf_raw(b, "<tr><th scope=\"row\">");
	buf_raw(b, what);
	buf_raw(b, "</th><td class=\"num\">");
	view_yen(r, a->yen);
	buf_raw(b, unit);
	buf_raw(b, "</td>");
	cite_cell(b, &a->cite, true);
	buf_raw(b, "</tr>");
}

static void count_row(buf *b, const char *what, const rule_count *c, const char *unit)
{
	if (!c->present) {
		absent_row(b, what);
		return;
	}
	buf_raw(b, "<tr><th scope=\"row\">");
	buf_raw(b, what);
	buf_fmt(b, "</th><td class=\"num\">%d", c->value);
	buf_raw(b, unit);
	buf_raw(b, "</td>");
	cite_cell(b, &c->cite, true);
	buf_raw(b, "</tr>");
}

static void fraction_text(buf *b, fraction f)
{
	char s[48];
	html_text(b, fraction_format(f, s, sizeof s));
	if (f.den > 0 && (f.num * 100) % f.den == 0)
		buf_fmt(b, "（%lld%%）", (long long)(f.num * 100 / f.den));
}

/* The head of a table of values with their sources: col1 (flags1), col2 and the
 * citation column. Rows are written by the sections; view_table_close() ends it. */
static void table_head(web_request *r, const char *caption, const char *col1, unsigned flags1, const char *col2)
{
	view_table_open(r, NULL, caption);
	view_th(r, col1, flags1);
	view_th(r, col2, 0);
	view_th(r, "出典・digidenの読み", 0);
	view_table_body(r);
}

static void menu_section(web_request *r, const rule_menu *m)
{
	buf *b = &r->raw;
	html_wrap(b, "<section aria-labelledby=\"menu-", m->id, "\"><h2 id=\"menu-");
	html_attr(b, m->id);
	buf_raw(b, "\">");
	html_text(b, m->name);
	if (m->provisional)
		buf_raw(b, " <span class=\"badge\">暫定</span>");
	buf_raw(b, "</h2>");
	if (m->provisional)
		buf_raw(b, "<div class=\"notice\"><p><strong>暫定</strong>：この類型の値は暫定です（確定した資料の値ではありません）。</p></div>");
	if (m->note && m->note[0]) {
		view_para(r, m->note);
	}

	/* 補助率 and 国費上限 */
	buf_raw(b, "<h3>補助率と国費上限</h3>");
	table_head(r, arena_printf(&r->arena, "%sの補助率と国費上限", m->name), "項目", 0, "値");
	if (m->has_rate) {
		buf_raw(b, "<tr><th scope=\"row\">補助率</th><td class=\"num\">");
		fraction_text(b, m->rate);
		buf_raw(b, "</td>");
		cite_cell(b, &m->rate_cite, true);
		buf_raw(b, "</tr>");
	} else {
		absent_row(b, "補助率");
	}
	amount_row(r, "国費上限（1申請当たり）", &m->cap, "");
	view_table_close(r);

	/* requirements */
	buf_raw(b, "<h3>要件</h3>");
	bool any = false;
	for (int q = 0; q < REQ__MAX; q++)
		any |= m->req[q].present;
	if (!any) {
		buf_raw(b, "<p>資料に記載なし</p>");
	} else {
		table_head(r, arena_printf(&r->arena, "%sの要件", m->name), "要件", 0, "内容");
		for (int q = 0; q < REQ__MAX; q++) {
			const rule_requirement *rq = &m->req[q];
			if (!rq->present)
				continue;
			html_wrap(b, "<tr><th scope=\"row\">", requirement_label((requirement_id)q), "</th><td>");
			if (q == REQ_CARD_APPLICATION_RATE) {
				buf_raw(b, "申請率 ");
				fraction_text(b, rq->min_rate);
				buf_fmt(b, " 以上（基準日 %04d年%d月%d日）", rq->as_of.year, rq->as_of.month, rq->as_of.day);
			} else {
				html_text(b, rq->cite.quote ? rq->cite.quote : "");
			}
			buf_raw(b, "</td>");
			cite_cell(b, &rq->cite, q == REQ_CARD_APPLICATION_RATE);
			buf_raw(b, "</tr>");
		}
		view_table_close(r);
	}

	/* テレワーク型: caps per element (事業費ベース) */
	const rule_telework *t = &m->telework;
	if (t->present) {
		buf_raw(b, "<h3>テレワーク型の要素事業ごとの上限（事業費ベース）</h3>");
		table_head(r, arena_printf(&r->arena, "%sの要素事業ごとの上限", m->name), "要素事業", 0, "上限");
		amount_row(r, "①自治体運営施設の整備・②民間運営施設の開設支援（施設整備・運営）", &t->facility_cap, "／施設");
		count_row(b, "①・②の施設数", &t->max_facilities, "施設まで");
		amount_row(r, "①・②と一体の利活用促進", &t->promotion_cap, "／団体");
		amount_row(r, "③既存施設の拡充・利用促進", &t->expansion_cap, "／団体");
		amount_row(r, "④進出支援事業（進出支援金）", &t->company_cap, "／社");
		amount_row(r, "⑤進出企業定着・地域活性化支援事業", &t->settlement_project_cap, "／事業");
		if (t->has_exclusive) {
			buf_raw(b, "<tr><th scope=\"row\">①・②と③の併用</th><td>");
			buf_raw(b, t->exclusive ? "併用できない（①・② または ③）" : "併用できる");
			buf_raw(b, "</td>");
			cite_cell(b, &t->exclusive_cite, true);
			buf_raw(b, "</tr>");
		} else {
			absent_row(b, "①・②と③の併用");
		}
		view_table_close(r);
	}
	buf_raw(b, "</section>");
}

/* <h2 id="…"> of a part of the round, and "資料に記載なし" when the rule set has
 * nothing for it; returns any. */
static bool part_heading(web_request *r, const char *id, const char *heading, bool any)
{
	buf_raw(&r->raw, "<h2 id=\"");
	html_attr(&r->raw, id);
	html_wrap(&r->raw, "\">", heading, "</h2>");
	if (!any)
		view_para(r, "資料に記載なし");
	return any;
}

static void limits_section(web_request *r, const rule_set *rs)
{
	buf *b = &r->raw;
	if (!part_heading(r, "limits", "申請上限数", rs->n_limits > 0))
		return;
	for (size_t i = 0; i < rs->n_limits; i++) {
		const rule_limit *l = &rs->limits[i];
		char *menus = arena_strdup(&r->arena, "");
		for (size_t k = 0; k < l->n_menus && menus; k++) {
			const rule_menu *m = rules_find_menu(rs, l->menus[k]);
			menus = arena_printf(&r->arena, "%s%s%s", menus, k ? "・" : "", m ? m->name : l->menus[k]);
		}
		const char *title = arena_printf(&r->arena, "%s%s", menus ? menus : "", l->n_menus > 1 ? "（合算）" : "");
		html_wrap(b, "<h3>", title, "</h3>");
		table_head(r, arena_printf(&r->arena, "%sの申請上限数", title), "団体", 0, "上限");
		if (l->max_prefecture.present)
			count_row(b, "都道府県", &l->max_prefecture, "件");
		if (l->max_municipality.present)
			count_row(b, "市町村（特別区を含む）", &l->max_municipality, "件");
		if (l->max_any.present)
			count_row(b, "1団体当たり（種別を問わない）", &l->max_any, "件");
		if (!l->max_prefecture.present && !l->max_municipality.present && !l->max_any.present)
			absent_row(b, "上限");
		view_table_close(r);
	}
}

static void exclusions_section(web_request *r, const rule_set *rs)
{
	buf *b = &r->raw;
	if (!part_heading(r, "exclusions", "対象外となる事業（NG例）", rs->n_exclusions > 0))
		return;
	view_para(r, "主な目的が次のいずれかに当たる事業は交付対象外です。");
	table_head(r, "対象外となる事業の分類と例", "分類", 0, "対象外となる例（資料の記載）");
	for (size_t i = 0; i < rs->n_exclusions; i++) {
		const rule_exclusion *x = &rs->exclusions[i];
		buf_raw(b, "<tr><th scope=\"row\">");
		if (x->category && x->category[0]) {
			html_text(b, x->category);
			buf_raw(b, " ");
		}
		html_text(b, x->label ? x->label : "");
		html_wrap(b, "</th><td>", x->cite.quote ? x->cite.quote : "", "</td>");
		cite_cell(b, &x->cite, false);
		buf_raw(b, "</tr>");
	}
	view_table_close(r);
}

static void review_section(web_request *r, const rule_set *rs)
{
	buf *b = &r->raw;
	bool any = false;
	for (int i = 0; i < RP__MAX; i++)
		any |= rs->review[i].present;
	if (!part_heading(r, "review", "審査のポイント", any))
		return;
	/* in their numbers' order */
	const rule_review_point *order[RP__MAX];
	size_t n = 0;
	for (int i = 0; i < RP__MAX; i++)
		if (rs->review[i].present)
			order[n++] = &rs->review[i];
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && order[j - 1]->number > order[j]->number; j--) {
			const rule_review_point *t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	view_para(r, "スコア・配点・合格点は資料に記載がありません。");
	table_head(r, "審査のポイント", "番号", VIEW_NUM, "観点");
	for (size_t i = 0; i < n; i++) {
		buf_fmt(b, "<tr><td class=\"num\">%d</td><th scope=\"row\">", order[i]->number);
		html_text(b, order[i]->label ? order[i]->label : "");
		buf_raw(b, "</th>");
		cite_cell(b, &order[i]->cite, true);
		buf_raw(b, "</tr>");
	}
	view_table_close(r);
}

void page_menus(web_request *r)
{
	const rule_catalog *c = &r->svc->cat->rules;
	const char *want = page_param(r, "round");
	const rule_set *rs = NULL;
	if (want && want[0]) {
		rs = rules_find(c, want);
		if (rs == NULL) {
			page_error(r, 404, arena_printf(&r->arena, "募集回「%s」はありません", want));
			return;
		}
	} else {
		rs = rules_find(c, RESULTS_DEFAULT_ROUND);
		if (rs == NULL && c->len > 0)
			rs = c->sets[0];
	}
	if (rs == NULL) {
		page_error(r, 404, "制度の資料（ルールセット）が読み込まれていません");
		return;
	}

	page_begin(r, "制度の説明");
	buf *b = &r->raw;
	buf_raw(b, "<p class=\"lead\">募集回ごとの類型・補助率・国費上限・要件を説明します。値はすべて出典資料（seeds）の記載に基づき、"
		   "値の横に出典の資料名と記載をそのまま示しています。資料に明記されていない点を digiden が解釈した値には"
		   "「digidenの読み」と書いています。</p>");

	/* round selector */
	const char **opts = arena_alloc(&r->arena, (c->len + 1) * sizeof *opts);
	if (opts) {
		for (size_t i = 0; i < c->len; i++)
			opts[i] = arena_printf(&r->arena, "%s|%s%s", c->sets[i]->id, c->sets[i]->title,
					       is_provisional(c->sets[i]->status) ? "（暫定）" : "");
		opts[c->len] = NULL;
		buf_raw(b, "<form method=\"get\" action=\"/menus\"><div class=\"filters\"><div>");
		page_select(r, "募集回", "round", rs->id, opts, NULL);
		buf_raw(b, "</div><div><button type=\"submit\">表示</button></div></div></form>");
	}

	/* the round */
	char rl[64];
	buf_raw(b, "<h2 id=\"round-overview\">");
	html_text(b, rs->title);
	if (is_provisional(rs->status))
		buf_raw(b, " <span class=\"badge\">暫定</span>");
	buf_raw(b, "</h2>");
	if (is_provisional(rs->status))
		buf_raw(b, "<div class=\"notice\"><p><strong>暫定</strong>：この募集回の制度は確定していません（概算要求時点の資料などに基づく暫定版）。"
			   "値は変わることがあります。</p></div>");
	html_wrap(b, "<dl><dt>年度</dt><dd>", rules_round_label(rs, rl, sizeof rl), "</dd><dt>状態</dt><dd>");
	buf_raw(b, is_provisional(rs->status) ? "暫定" : "確定");
	buf_raw(b, "</dd><dt>端数処理</dt><dd>");
	buf_raw(b, rs->rounding == ROUND_FLOOR_THOUSAND ? "国費の千円未満を切り捨て" : "国費の1円未満を切り捨て");
	citation_html(b, &rs->rounding_cite, true);
	buf_raw(b, "</dd>");
	if (rs->n_sources > 0) {
		buf_raw(b, "<dt>出典資料</dt><dd><ul>");
		for (size_t i = 0; i < rs->n_sources; i++) {
			html_wrap(b, "<li><cite>", rs->sources[i], "</cite></li>");
		}
		buf_raw(b, "</ul></dd>");
	}
	buf_raw(b, "</dl>");
	if (rs->note && rs->note[0]) {
		view_para(r, rs->note);
	}

	/* contents */
	buf_raw(b, "<nav aria-label=\"このページの目次\"><ul>");
	for (size_t i = 0; i < rs->n_menus; i++) {
		html_wrap(b, "<li><a href=\"#menu-", rs->menus[i].id, "\">");
		html_text(b, rs->menus[i].name);
		buf_raw(b, "</a></li>");
	}
	buf_raw(b, "<li><a href=\"#limits\">申請上限数</a></li><li><a href=\"#exclusions\">対象外となる事業（NG例）</a></li>"
		   "<li><a href=\"#review\">審査のポイント</a></li></ul></nav>");

	for (size_t i = 0; i < rs->n_menus; i++)
		menu_section(r, &rs->menus[i]);
	limits_section(r, rs);
	exclusions_section(r, rs);
	review_section(r, rs);

	buf_raw(b, "<p>この制度の一覧は jGrants の公開APIと同じ形の <a href=\"/api/v1/public/subsidies\">/api/v1/public/subsidies</a>"
		   "（JSON）でも取得できます。採択・交付決定の結果は<a href=\"/results");
	{
		buf_raw(b, "?round=");
		html_url_param(b, rs->id);
	}
	buf_raw(b, "\">公表結果</a>を見てください。</p>");
	page_end(r);
}
