/* guide.c — 類型の選び方: a short question flow (a GET form, works without
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

/* ---- the comparison of the round's menus ---- */

typedef struct guide_ctx {
	const rule_set *rs;
	bool answered; /* a question was answered: the fit column says which menus fit */
} guide_ctx;

/* Whether the answers point to menu m. */
static bool fits(web_request *r, const rule_menu *m)
{
	if (strcmp(m->id, "type1") == 0)
		return yes(r, "q_model");
	if (strcmp(m->id, "type2") == 0)
		return yes(r, "q_platform") && !yes(r, "q_card");
	if (strcmp(m->id, "type3") == 0)
		return yes(r, "q_platform") && yes(r, "q_card");
	if (strcmp(m->id, "mnc_expansion") == 0)
		return yes(r, "q_card_rate");
	return m->telework.present && yes(r, "q_telework");
}

static void name_cell(web_request *r, const view_cell *c) { html_text(&r->raw, ((const rule_menu *)c->row)->name); }

static void rate_cell(web_request *r, const view_cell *c)
{
	const rule_menu *m = c->row;
	char fb[32];
	if (m->has_rate) {
		html_text(&r->raw, fraction_format(m->rate, fb, sizeof fb));
		html_wrap(&r->raw, "<br><small>", m->rate_cite.source, "</small>");
	} else {
		buf_raw(&r->raw, "資料に記載なし");
	}
}

static void cap_cell(web_request *r, const view_cell *c)
{
	const rule_menu *m = c->row;
	if (m->cap.present)
		view_yen(r, m->cap.yen);
	else if (m->telework.present)
		buf_raw(&r->raw, "要素事業ごとの事業費上限（施設・利活用促進・進出支援など）");
	else
		buf_raw(&r->raw, "資料に記載なし");
}

static void fit_cell(web_request *r, const view_cell *c)
{
	const guide_ctx *g = c->ctx;
	buf_raw(&r->raw, g->answered && fits(r, c->row) ? "<strong>合う可能性があります</strong>" : "—");
}

static void create_cell(web_request *r, const view_cell *c)
{
	const guide_ctx *g = c->ctx;
	buf_raw(&r->raw, "<a href=\"/applications/new?round=");
	html_url_param(&r->raw, g->rs->id);
	buf_raw(&r->raw, "&amp;menu=");
	html_url_param(&r->raw, ((const rule_menu *)c->row)->id);
	buf_raw(&r->raw, "\">この類型で作成</a>");
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
	html_wrap(b, "<h2>類型の比較（", rs->title, "）</h2>");
	static const view_col cols[] = {
		{ .header = "類型", .flags = VIEW_ROWHEAD, .cell = name_cell },
		{ .header = "補助率", .cell = rate_cell },
		{ .header = "国費上限", .cell = cap_cell },
		{ .header = "合うか", .cell = fit_cell },
		{ .header = "作成", .cell = create_cell },
	};
	bool answered = page_param(r, "q_model") || page_param(r, "q_platform") || page_param(r, "q_card") || page_param(r, "q_telework");
	guide_ctx ctx = { rs, answered };
	view_table t = { .caption = "類型ごとの補助率と国費上限（出典つき）", .cols = cols, .n_cols = 5, .ctx = &ctx };
	view_table_array(r, &t, rs->menus, rs->n_menus, sizeof rs->menus[0]);
	buf_raw(b, "<p class=\"hint\">TYPE3 は TYPE2 の要件を満たしたうえで、マイナンバーカードの新規用途を開拓する取組です。"
		   "申請上限数・要件の詳細は<a href=\"/menus\">制度の説明</a>をご覧ください。</p>");
	page_end(r);
}
