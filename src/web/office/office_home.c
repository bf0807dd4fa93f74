/* office_home.c — /office: the office's dashboard — where to go, how many
 * applications wait in each state and what the office does next, and the rounds. */
#include <string.h>

#include "office.h"

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

typedef struct status_row {
	app_status status;
	size_t count;
} status_row;

static void status_cell(web_request *r, const view_cell *c)
{
	const status_row *s = c->row;
	buf_raw(&r->raw, "<a href=\"/office/applications?status=");
	html_url_param(&r->raw, app_status_key(s->status));
	html_wrap(&r->raw, "\">", app_status_label(s->status), "</a>");
}

static void count_cell(web_request *r, const view_cell *c)
{
	buf_fmt(&r->raw, "%zu", ((const status_row *)c->row)->count);
}

static void next_cell(web_request *r, const view_cell *c)
{
	const status_row *s = c->row;
	html_text(&r->raw, s->count ? next_step(s->status) : "—");
}

static void total_foot(web_request *r, void *ctx)
{
	buf_fmt(&r->raw, "<tfoot><tr class=\"total\"><th scope=\"row\">合計</th><td class=\"num\">%zu</td><td></td></tr></tfoot>",
		*(const size_t *)ctx);
}

static void round_cell(web_request *r, const view_cell *c)
{
	buf_raw(&r->raw, "<a href=\"/office/applications?round=");
	html_url_param(&r->raw, view_jstr(c->row, "key"));
	html_wrap(&r->raw, "\">", view_jstr(c->row, "title"), "</a>");
}

static void apps_cell(web_request *r, const view_cell *c)
{
	size_t n = 0, j;
	json_t *a;
	json_array_foreach((json_t *)c->ctx, j, a)
	{
		n += strcmp(view_jstr(a, "round"), view_jstr(c->row, "key")) == 0;
	}
	buf_fmt(&r->raw, "%zu", n);
}

static void limits_cell(web_request *r, const view_cell *c)
{
	buf_raw(&r->raw, "<a href=\"/office/limits?round=");
	html_url_param(&r->raw, view_jstr(c->row, "key"));
	buf_raw(&r->raw, "\">確認する</a>");
}

void page_office_home(web_request *r)
{
	json_t *list, *rounds;
	if (!office_load_lists(r, &list, &rounds))
		return;
	json_t *apps = json_object_get(list, "applications"), *rarr = json_object_get(rounds, "rounds");
	status_row rows[APP_STATUS__MAX];
	size_t n = 0, total = 0;
	for (int s = APP_CONSULTATION; s < APP_STATUS__MAX; s++)
		rows[n++] = (status_row){ .status = (app_status)s };
	size_t i;
	json_t *a;
	json_array_foreach(apps, i, a)
	{
		app_status st;
		if (app_status_from_key(view_jstr(a, "status"), &st) && st >= APP_CONSULTATION) {
			rows[st - APP_CONSULTATION].count++;
			total++;
		}
	}
	page_begin(r, "事務局");
	buf_raw(&r->raw, "<p class=\"lead\">募集回の運営、申請の確認・審査員の割当て・採否の決定・内示・交付決定を行います。</p>"
			 "<div class=\"cards\">"
			 "<section class=\"card\"><h2>申請一覧</h2><p>全申請を募集回・類型・分野・都道府県・状態で絞り込み、並べ替えます。</p>"
			 "<p><a class=\"button\" href=\"/office/applications\">申請一覧へ</a></p></section>"
			 "<section class=\"card\"><h2>募集回</h2><p>受付の開始・終了と締切を設定します。</p>"
			 "<p><a class=\"button secondary\" href=\"/office/rounds\">募集回の管理</a></p></section>"
			 "<section class=\"card\"><h2>申請上限数</h2><p>団体ごとの申請数（都道府県9件・市町村5件、TYPE2/3は1団体1申請）を確かめます。</p>"
			 "<p><a class=\"button secondary\" href=\"/office/limits\">上限数の確認</a></p></section>"
			 "<section class=\"card\"><h2>利用者</h2><p>申請者・審査員などのアカウントを登録します。</p>"
			 "<p><a class=\"button secondary\" href=\"/office/users\">利用者の登録</a></p></section></div>");

	static const view_col status_cols[] = {
		{ .header = "状態", .flags = VIEW_ROWHEAD, .cell = status_cell },
		{ .header = "件数", .flags = VIEW_NUM, .cell = count_cell },
		{ .header = "事務局の次の操作", .cell = next_cell },
	};
	view_table st = { .caption = "状態別の申請数（下書きを除く）", .cols = status_cols, .n_cols = 3, .ctx = &total, .foot = total_foot };
	view_heading(r, 2, "状態別の申請数");
	view_table_array(r, &st, rows, n, sizeof rows[0]);

	static const view_col round_cols[] = {
		{ .header = "募集回", .flags = VIEW_ROWHEAD, .cell = round_cell },
		{ .header = "年度", .key = "fiscal_year_label" },
		{ .header = "受付", .cell = office_cell_round_status },
		{ .header = "締切（日本時間）", .cell = office_cell_round_deadline },
		{ .header = "申請数", .flags = VIEW_NUM, .cell = apps_cell },
		{ .header = "上限数", .cell = limits_cell },
	};
	view_table rt = { .caption = "募集回と申請数", .cols = round_cols, .n_cols = 6, .ctx = apps };
	view_heading(r, 2, "募集回");
	view_table_json(r, &rt, rarr);
	page_end(r);
	json_decref(list);
	json_decref(rounds);
}
