/* home.c — the top page, login and logout. */
#include <stdio.h>
#include <string.h>

#include "../pages.h"

void page_home(web_request *r)
{
	page_begin(r, "デジタル田園都市国家構想交付金 申請・審査・公表システム");
	buf *b = &r->raw;
	buf_raw(b, "<p class=\"lead\">デジタル実装タイプ（TYPE1/2/3、マイナンバーカード利用横展開事例創出型、地方創生テレワーク型）の"
		   "実施計画書を作成し、交付対象になるか、国費がいくらになるかをその場で確かめられます。</p><div class=\"cards\">");
	if (r->user.id == 0) {
		buf_raw(b, "<section class=\"card\"><h2>自治体の方</h2><p>ログインして実施計画書を作成・提出します。</p>"
			   "<p><a class=\"button\" href=\"/login\">ログイン</a></p></section>");
	} else if (r->user.role == ROLE_APPLICANT) {
		buf_raw(b, "<section class=\"card\"><h2>自団体の申請</h2><p>下書き・事前相談・提出・決定の状況を確認します。</p>"
			   "<p><a class=\"button\" href=\"/my\">申請一覧へ</a> <a class=\"button secondary\" href=\"/applications/new\">新しく作成</a></p></section>"
			   "<section class=\"card\"><h2>どの類型が合うか</h2><p>いくつかの質問に答えると、合う類型と国費の上限・補助率を比べられます。</p>"
			   "<p><a class=\"button secondary\" href=\"/guide\">類型の選び方</a></p></section>");
	} else if (r->user.role == ROLE_REVIEWER) {
		buf_raw(b, "<section class=\"card\"><h2>担当の審査</h2><p><a class=\"button\" href=\"/review\">審査一覧へ</a></p></section>");
	} else {
		buf_raw(b, "<section class=\"card\"><h2>事務局</h2><p>募集回の運営、申請の確認・審査・決定を行います。</p>"
			   "<p><a class=\"button\" href=\"/office\">事務局ページへ</a></p></section>");
	}
	buf_raw(b, "<section class=\"card\"><h2>公表結果</h2><p>採択・交付決定の結果を表・グラフ・地図とオープンデータで公開しています。</p>"
		   "<p><a class=\"button secondary\" href=\"/results\">公表結果を見る</a></p></section>"
		   "<section class=\"card\"><h2>制度の説明</h2><p>募集回ごとの類型・国費上限・補助率・要件を、出典資料とともに説明します。</p>"
		   "<p><a class=\"button secondary\" href=\"/menus\">制度の説明を見る</a></p></section></div>");
	page_end(r);
}

/* Only same-site paths are followed after login. */
static const char *safe_next(const char *next)
{
	return next && next[0] == '/' && next[1] != '/' && next[1] != '\\' ? next : "/";
}

static void login_page(web_request *r, const char *error, const char *login)
{
	page_begin(r, "ログイン");
	if (error)
		view_notice_error(r, error);
	view_form_open(r, "/login");
	view_hidden(r, "next", safe_next(page_param(r, "next")));
	page_text_input(r, "ログインID", "login", login, NULL, NULL, "autocomplete=\"username\" required");
	view_field pw = { .type = "password", .id = "password", .label = "パスワード", .attrs = "autocomplete=\"current-password\" required" };
	view_field_write(r, &pw);
	view_submit(r, "ログイン", NULL);
	page_end(r);
}

void page_login_form(web_request *r) { login_page(r, NULL, ""); }

void page_login_submit(web_request *r)
{
	const char *login = page_param(r, "login"), *password = page_param(r, "password");
	if (login == NULL || password == NULL || !*login || !*password) {
		r->status = 400;
		login_page(r, "ログインIDとパスワードを入力してください", login ? login : "");
		return;
	}
	char token[SVC_TOKEN_HEX + 1];
	svc_err e = { 0 };
	char address[64];
	web_client_addr(r, address, sizeof address);
	json_t *out = svc_login(r->svc, login, password, address, token, &r->user, &r->arena, &e);
	if (out == NULL) {
		memset(&r->user, 0, sizeof r->user);
		r->status = e.status ? e.status : 401;
		login_page(r, e.message, login);
		svc_err_clear(&e);
		return;
	}
	json_decref(out);
	web_set_cookie(r, "digiden_session", token, 28800);
	const char *next = safe_next(page_param(r, "next"));
	if (strcmp(next, "/") == 0)
		next = r->user.role == ROLE_APPLICANT ? "/my" : r->user.role == ROLE_REVIEWER ? "/review" : "/office";
	page_redirect(r, next);
}

void page_logout(web_request *r)
{
	svc_logout(r->svc, r->token);
	memset(&r->user, 0, sizeof r->user);
	web_set_cookie(r, "digiden_session", "", 0);
	page_redirect(r, "/");
}
