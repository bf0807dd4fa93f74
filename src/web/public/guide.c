/* page_guide.c — 類型の選び方: a short question flow (a GET form, works without
 * JavaScript) that points to the menus that fit and compares their caps and rates for
 * the selected round, read from the rule set (nothing hard-coded). */
#include <stdio.h>
#include <string.h>

#include "../pages.h"

static bool yes(web_request *r, const char *q)
{
	const char *v = page_param(r, q);
	return v && strcmp(v, "yes") == 0;
}

static void question(web_request *r, const char *name, const char *text)
{
	const char *v = page_param(r, name);
	buf *b = &r->raw;
	html_wrap(b, "<fieldset><legend>", text, "</legend>");
	buf_fmt(b, "<label class=\"inline\"><input type=\"radio\" name=\"%s\" value=\"yes\"%s>はい</label>", name,
		v && strcmp(v, "yes") == 0 ? " checked" : "");
	buf_fmt(b, "<label class=\"inline\"><input type=\"radio\" name=\"%s\" value=\"no\"%s>いいえ</label></fieldset>", name,
		v && strcmp(v, "no") == 0 ? " checked" : "");
}

void page_guide(web_request *r)
{
	const char *round = page_param(r, "round");
	const rule_set *rs = rules_find(&r->svc->cat->rules, round ? round : "digital-implementation/fy2022-supp");
	if (rs == NULL)
		rs = r->svc->cat->rules.len ? r->svc->cat->rules.sets[0] : NULL;
	page_begin(r, "類型の選び方");
	buf *b = &r->raw;
	buf_raw(b, "<p>取り組みたい事業について答えると、合う類型と国費の上限・補助率を比べられます。</p>"
		   "<form method=\"get\" action=\"/guide\">");
	const char **opts = arena_alloc(&r->arena, (r->svc->cat->rules.len + 1) * sizeof *opts);
	for (size_t i = 0; i < r->svc->cat->rules.len; i++)
		opts[i] = arena_printf(&r->arena, "%s|%s", r->svc->cat->rules.sets[i]->id, r->svc->cat->rules.sets[i]->title);
	page_select(r, "募集回", "round", rs ? rs->id : "", opts, NULL);
	question(r, "q_model", "他の地域で確立された優良なモデル・サービスを導入しますか（例: 書かない窓口、地域アプリ、オンデマンド交通）");
	question(r, "q_platform", "オープンなデータ連携基盤を活用し、複数のサービスを実装しますか");
	question(r, "q_card", "マイナンバーカードの新しい用途を開拓しますか（図書館カード、避難所受付など）");
	question(r, "q_card_rate", "2023年1月末時点でマイナンバーカード申請率が7割以上ですか");
	question(r, "q_telework", "サテライトオフィス等の整備・利用促進に取り組みますか");
	buf_raw(b, "<p><button type=\"submit\">合う類型を表示</button></p></form>");
	if (rs == NULL) {
		page_end(r);
		return;
	}
	bool answered = page_param(r, "q_model") || page_param(r, "q_platform") || page_param(r, "q_card") || page_param(r, "q_telework");
	buf_raw(b, "<h2>類型の比較（");
	html_text(b, rs->title);
	buf_raw(b, "）</h2><div class=\"table-wrap\"><table><caption>類型ごとの補助率と国費上限（出典つき）</caption><thead><tr>"
		   "<th scope=\"col\">類型</th><th scope=\"col\">補助率</th><th scope=\"col\">国費上限</th><th scope=\"col\">合うか</th>"
		   "<th scope=\"col\">作成</th></tr></thead><tbody>");
	for (size_t i = 0; i < rs->n_menus; i++) {
		const rule_menu *m = &rs->menus[i];
		bool fit = false;
		if (strcmp(m->id, "type1") == 0)
			fit = yes(r, "q_model");
		else if (strcmp(m->id, "type2") == 0)
			fit = yes(r, "q_platform") && !yes(r, "q_card");
		else if (strcmp(m->id, "type3") == 0)
			fit = yes(r, "q_platform") && yes(r, "q_card");
		else if (strcmp(m->id, "mnc_expansion") == 0)
			fit = yes(r, "q_card_rate");
		else if (m->telework.present)
			fit = yes(r, "q_telework");
		char fb[32];
		html_wrap(b, "<tr><th scope=\"row\">", m->name, "</th><td>");
		if (m->has_rate) {
			html_text(b, fraction_format(m->rate, fb, sizeof fb));
			html_wrap(b, "<br><small>", m->rate_cite.source, "</small>");
		} else {
			buf_raw(b, "資料に記載なし");
		}
		buf_raw(b, "</td><td>");
		if (m->cap.present)
			view_yen(r, m->cap.yen);
		else if (m->telework.present)
			buf_raw(b, "要素事業ごとの事業費上限（施設・利活用促進・進出支援など）");
		else
			buf_raw(b, "資料に記載なし");
		buf_raw(b, "</td><td>");
		buf_raw(b, !answered ? "—" : fit ? "<strong>合う可能性があります</strong>" : "—");
		buf_raw(b, "</td><td><a href=\"/applications/new?round=");
		html_url_param(b, rs->id);
		buf_raw(b, "&amp;menu=");
		html_url_param(b, m->id);
		buf_raw(b, "\">この類型で作成</a></td></tr>");
	}
	buf_raw(b, "</tbody></table></div><p class=\"hint\">TYPE3 は TYPE2 の要件を満たしたうえで、マイナンバーカードの新規用途を開拓する取組です。"
		   "申請上限数・要件の詳細は<a href=\"/menus\">制度の説明</a>をご覧ください。</p>");
	page_end(r);
}
