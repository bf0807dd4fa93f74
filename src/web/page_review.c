/* page_review.c — the reviewer's (審査員) pages: the applications assigned to the
 * reviewer, and one application with the rules engine's result and the scoring form
 * on the six 審査のポイント (000_23c807c41fd90cd5.txt). The service scopes both
 * (svc_app_list / svc_app_get only return assigned applications, and "reviews" only
 * the caller's own); scores post to /applications/{id}/action (action=review). */
#include <stdio.h>
#include <string.h>

#include "../core/rules.h"
#include "page_office.h"

static const char *jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* The caller's own review among "reviews" (the service returns only the caller's). */
static json_t *own_review(web_request *r, json_t *got)
{
	size_t i;
	json_t *rv;
	json_array_foreach(json_object_get(got, "reviews"), i, rv)
	{
		if (strcmp(jstr(rv, "reviewer"), r->user.login ? r->user.login : "") == 0)
			return rv;
	}
	return NULL;
}

void page_review_list(web_request *r)
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
	page_begin(r, "担当の審査");
	buf *b = &r->raw;
	buf_raw(b, "<p>事務局から割り当てられた申請です。審査中の申請について、審査のポイントごとに評価してください。</p>");
	if (json_array_size(apps) == 0) {
		buf_raw(b, "<p>割り当てられた申請はまだありません。</p>");
		page_end(r);
		json_decref(list);
		json_decref(rounds);
		return;
	}
	buf_raw(b, "<div class=\"table-wrap\"><table><caption>担当する申請</caption><thead><tr><th scope=\"col\" class=\"num\">ID</th>"
		   "<th scope=\"col\">団体</th><th scope=\"col\">募集回・類型</th><th scope=\"col\">事業名</th><th scope=\"col\">状態</th>"
		   "<th scope=\"col\">自分の評価</th><th scope=\"col\">更新日時（日本時間）</th></tr></thead><tbody>");
	size_t i;
	json_t *a;
	json_array_foreach(apps, i, a)
	{
		long long id = (long long)json_integer_value(json_object_get(a, "id"));
		svc_err ge = { 0 };
		json_t *got = svc_app_get(r->svc, &r->user, id, &ge);
		svc_err_clear(&ge);
		bool reviewed = got && own_review(r, got) != NULL;
		json_decref(got);
		json_t *org = json_object_get(a, "organization");
		buf_fmt(b, "<tr><td class=\"num\">%lld</td><td>", id);
		html_text(b, jstr(org, "name")[0] ? jstr(org, "name") : jstr(org, "code"));
		buf_raw(b, "</td><td>");
		html_text(b, office_round_title(rarr, jstr(a, "round")));
		buf_raw(b, "<br><small>");
		html_text(b, office_menu_name(rarr, jstr(a, "round"), jstr(a, "menu")));
		buf_fmt(b, "</small></td><td><a href=\"/review/%lld\">", id);
		html_text(b, jstr(a, "title")[0] ? jstr(a, "title") : "（無題）");
		buf_raw(b, "</a></td><td>");
		html_text(b, page_status_label(jstr(a, "status")));
		buf_raw(b, "</td><td>");
		buf_raw(b, reviewed ? "評価済み" : strcmp(jstr(a, "status"), "under_review") == 0 ? "未評価" : "—");
		buf_raw(b, "</td><td>");
		office_time(r, jstr(a, "updated_at"));
		buf_raw(b, "</td></tr>");
	}
	buf_raw(b, "</tbody></table></div>");
	page_end(r);
	json_decref(list);
	json_decref(rounds);
}

void page_review_app(web_request *r)
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
	svc_err ce = { 0 };
	json_t *check = svc_app_check(r->svc, &r->user, r->id, &ce);
	json_t *rarr = json_object_get(rounds, "rounds");
	long long id = (long long)r->id;
	char *title = arena_printf(&r->arena, "申請 %lld の審査", id);
	page_begin(r, title ? title : "申請の審査");
	buf *b = &r->raw;
	const char *saved = page_param(r, "saved");
	if (saved && strcmp(saved, "1") == 0)
		buf_raw(b, "<div class=\"notice ok\" role=\"status\"><p>評価を保存しました。審査中の間は何度でも直せます（最後に保存したものが有効です）。</p></div>");
	buf_raw(b, "<p><a href=\"/review\">担当の審査に戻る</a></p><div class=\"layout-editor\"><div><h2>");
	html_text(b, jstr(got, "title")[0] ? jstr(got, "title") : "（無題）");
	buf_raw(b, "</h2>");
	office_app_facts(r, got, rarr);

	/* the scoring form */
	json_t *mine = own_review(r, got);
	json_t *scores = json_object_get(mine, "scores");
	bool open = strcmp(jstr(got, "status"), "under_review") == 0;
	buf_raw(b, "<h2>評価</h2>");
	if (mine) {
		buf_raw(b, "<p>あなたの前回の評価（");
		office_time(r, jstr(mine, "at"));
		buf_raw(b, "、日本時間）:</p>");
		json_t *one = json_array();
		json_array_append(one, mine);
		office_review_table(r, one, "あなたの前回の評価");
		json_decref(one);
	}
	if (!open) {
		buf_raw(b, "<p>この申請は「");
		html_text(b, page_status_label(jstr(got, "status")));
		buf_raw(b, "」のため評価できません（評価できるのは審査中の申請だけです）。</p>");
	} else {
		const rule_set *rs = rules_find(&r->svc->cat->rules, jstr(got, "round"));
		buf_fmt(b, "<form method=\"post\" action=\"/applications/%lld/action\">", id);
		page_csrf_field(r);
		buf_fmt(b, "<input type=\"hidden\" name=\"action\" value=\"review\"><input type=\"hidden\" name=\"_back\" value=\"/review/%lld?saved=1\">",
			id);
		buf_raw(b, "<fieldset><legend>審査のポイント（各1〜5）</legend><p class=\"hint\" id=\"scale-hint\">"
			   "審査のポイントは資料（000_23c807c41fd90cd5.txt「審査のポイント」）の6項目です。"
			   "資料には評価の尺度・重み・合格点の定めがないため、digiden では各項目を1（低い）〜5（高い）の5段階で評価します。"
			   "「判定と国費の見込み」の「警告」は、審査のポイントで弱いと見られる点です。</p>");
		for (size_t p = 0; p < OFFICE_REVIEW_POINTS; p++) {
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
				buf_raw(b, "<p class=\"hint\" id=\"score-");
				html_attr(b, key);
				buf_raw(b, "-hint\">資料の記載: 「");
				html_text(b, quote);
				buf_raw(b, "」</p>");
			}
			buf_raw(b, "<select id=\"score-");
			html_attr(b, key);
			buf_raw(b, "\" name=\"scores.");
			html_attr(b, key);
			buf_raw(b, "\" required aria-describedby=\"scale-hint");
			if (quote) {
				buf_raw(b, " score-");
				html_attr(b, key);
				buf_raw(b, "-hint");
			}
			buf_raw(b, "\"><option value=\"\">選択してください</option>");
			static const char *const labels[] = { "", "1（低い）", "2", "3", "4", "5（高い）" };
			for (int v = 1; v <= 5; v++)
				buf_fmt(b, "<option value=\"%d\"%s>%s</option>", v, pv == v ? " selected" : "", labels[v]);
			buf_raw(b, "</select></div>");
		}
		buf_raw(b, "</fieldset><label for=\"review-comment\">コメント（任意）</label>"
			   "<p class=\"hint\" id=\"review-comment-hint\">評価の理由、申請者に確かめたい点など。事務局が見ます（申請者には表示されません）。</p>"
			   "<textarea id=\"review-comment\" name=\"comment\" aria-describedby=\"review-comment-hint\">");
		html_text(b, jstr(mine, "comment"));
		buf_raw(b, "</textarea><p><button type=\"submit\">評価を保存</button></p></form>");
	}

	buf_raw(b, "<h2>申請内容（実施計画書）</h2>");
	office_app_body(r, json_object_get(got, "application"), 3);
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
	json_decref(check);
	json_decref(got);
	json_decref(rounds);
}
