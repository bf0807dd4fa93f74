/* review_app.c — /review/{id}: one assigned application for its reviewer: the facts,
 * the reviewer's last scores, the scoring form on the six 審査のポイント
 * (000_23c807c41fd90cd5.txt) while it is under review, the plan and the rules
 * engine's panel. The service returns only the caller's own review; scores post to
 * /applications/{id}/action (action=review). */
#include <stdio.h>
#include <string.h>

#include "../../core/rules.h"
#include "../office/office.h"

/* The select of one review point, with the seed's wording as its hint when the rule
 * set words it differently from the label. */
static void point_select(web_request *r, const rule_set *rs, size_t p, json_t *scores)
{
	buf *b = &r->raw;
	const char *key = office_review_points[p].key;
	json_t *prev = json_object_get(scores, key);
	long long pv = json_is_integer(prev) ? (long long)json_integer_value(prev) : 0;
	const char *quote = NULL;
	review_point_id rp;
	if (rs && review_point_from_key(key, &rp) && rs->review[rp].present && rs->review[rp].cite.quote &&
	    strcmp(rs->review[rp].cite.quote, office_review_points[p].label) != 0)
		quote = rs->review[rp].cite.quote;
	buf_raw(b, "<div class=\"row-group\"><label for=\"score-");
	html_attr(b, key);
	buf_fmt(b, "\">%zu. ", p + 1);
	html_text(b, office_review_points[p].label);
	buf_raw(b, "</label>");
	if (quote) {
		html_wrap(b, "<p class=\"hint\" id=\"score-", key, "-hint\">資料の記載: 「");
		html_text(b, quote);
		buf_raw(b, "」</p>");
	}
	html_wrap(b, "<select id=\"score-", key, "\" name=\"scores.");
	html_attr(b, key);
	buf_raw(b, "\" required aria-describedby=\"scale-hint");
	if (quote) {
		html_wrap(b, " score-", key, "-hint");
	}
	buf_raw(b, "\"><option value=\"\">選択してください</option>");
	static const char *const labels[] = { "", "1（低い）", "2", "3", "4", "5（高い）" };
	for (int v = 1; v <= 5; v++)
		buf_fmt(b, "<option value=\"%d\"%s>%s</option>", v, pv == v ? " selected" : "", labels[v]);
	buf_raw(b, "</select></div>");
}

static void score_form(web_request *r, json_t *got, json_t *mine)
{
	buf *b = &r->raw;
	const rule_set *rs = rules_find(&r->svc->cat->rules, view_jstr(got, "round"));
	char back[64];
	snprintf(back, sizeof back, "/review/%lld?saved=1", (long long)r->id);
	view_action_form_open(r, r->id, "review", back);
	buf_raw(b, "<fieldset><legend>審査のポイント（各1〜5）</legend><p class=\"hint\" id=\"scale-hint\">"
		   "審査のポイントは資料（000_23c807c41fd90cd5.txt「審査のポイント」）の6項目です。"
		   "資料には評価の尺度・重み・合格点の定めがないため、digiden では各項目を1（低い）〜5（高い）の5段階で評価します。"
		   "「判定と国費の見込み」の「警告」は、審査のポイントで弱いと見られる点です。</p>");
	for (size_t p = 0; p < OFFICE_REVIEW_POINTS; p++)
		point_select(r, rs, p, json_object_get(mine, "scores"));
	buf_raw(b, "</fieldset>");
	view_field comment = { .type = "textarea", .id = "review-comment", .name = "comment", .label = "コメント（任意）",
			       .value = view_jstr(mine, "comment"),
			       .hint = "評価の理由、申請者に確かめたい点など。事務局が見ます（申請者には表示されません）。" };
	view_field_write(r, &comment);
	view_submit(r, "評価を保存", NULL);
}

void page_review_app(web_request *r)
{
	json_t *got, *rounds;
	if (!office_load_app(r, &got, &rounds))
		return;
	svc_err ce = { 0 };
	json_t *check = svc_app_check(r->svc, &r->user, r->id, &ce);
	json_t *rarr = json_object_get(rounds, "rounds");
	char *title = arena_printf(&r->arena, "申請 %lld の審査", (long long)r->id);
	page_begin(r, title ? title : "申請の審査");
	buf *b = &r->raw;
	const char *saved = page_param(r, "saved");
	if (saved && strcmp(saved, "1") == 0)
		view_notice_ok(r, "評価を保存しました。審査中の間は何度でも直せます（最後に保存したものが有効です）。");
	buf_raw(b, "<p><a href=\"/review\">担当の審査に戻る</a></p><div class=\"layout-editor\"><div><h2>");
	view_text_or(r, view_jstr(got, "title"), "（無題）");
	buf_raw(b, "</h2>");
	office_app_facts(r, got, rarr);

	json_t *mine = office_own_review(r, got);
	view_heading(r, 2, "評価");
	if (mine) {
		buf_raw(b, "<p>あなたの前回の評価（");
		view_time(r, view_jstr(mine, "at"));
		buf_raw(b, "、日本時間）:</p>");
		json_t *one = json_array();
		json_array_append(one, mine);
		office_review_table(r, one, "あなたの前回の評価");
		json_decref(one);
	}
	if (strcmp(view_jstr(got, "status"), "under_review") != 0) {
		html_wrap(b, "<p>この申請は「", page_status_label(view_jstr(got, "status")), "」のため評価できません（評価できるのは審査中の申請だけです）。</p>");
	} else
		score_form(r, got, mine);

	view_heading(r, 2, "申請内容（実施計画書）");
	office_app_body(r, json_object_get(got, "application"), 3);
	buf_raw(b, "</div>");
	office_check_aside(r, check, &ce);
	buf_raw(b, "</div>");
	page_end(r);
	svc_err_clear(&ce);
	json_decref(check);
	json_decref(got);
	json_decref(rounds);
}
