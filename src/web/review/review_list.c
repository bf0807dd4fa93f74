/* review_list.c — /review: the applications assigned to the reviewer (the service
 * returns only those), with whether the reviewer has scored each. */
#include <string.h>

#include "../office/office.h"

static void org_cell(web_request *r, const view_cell *c)
{
	json_t *org = json_object_get(c->row, "organization");
	view_text_or(r, view_jstr(org, "name"), view_jstr(org, "code"));
}

static void round_cell(web_request *r, const view_cell *c)
{
	html_text(&r->raw, office_round_title(c->ctx, view_jstr(c->row, "round")));
	html_wrap(&r->raw, "<br><small>", office_menu_name(c->ctx, view_jstr(c->row, "round"), view_jstr(c->row, "menu")), "</small>");
}

static void mine_cell(web_request *r, const view_cell *c)
{
	svc_err ge = { 0 };
	json_t *got = svc_app_get(r->svc, &r->user, json_integer_value(json_object_get(c->row, "id")), &ge);
	svc_err_clear(&ge);
	bool reviewed = got && office_own_review(r, got) != NULL;
	json_decref(got);
	buf_raw(&r->raw, reviewed ? "評価済み" : strcmp(view_jstr(c->row, "status"), "under_review") == 0 ? "未評価" : "—");
}

void page_review_list(web_request *r)
{
	json_t *list, *rounds;
	if (!office_load_lists(r, &list, &rounds))
		return;
	json_t *apps = json_object_get(list, "applications"), *rarr = json_object_get(rounds, "rounds");
	page_begin(r, "担当の審査");
	view_para(r, "事務局から割り当てられた申請です。審査中の申請について、審査のポイントごとに評価してください。");
	if (json_array_size(apps) == 0) {
		view_para(r, "割り当てられた申請はまだありません。");
	} else {
		static const view_col cols[] = {
			{ .header = "ID", .flags = VIEW_NUM, .cell = view_cell_int, .key = "id" },
			{ .header = "団体", .cell = org_cell },
			{ .header = "募集回・類型", .cell = round_cell },
			{ .header = "事業名", .cell = view_cell_link, .key = "title", .dflt = "（無題）", .href = "/review/" },
			{ .header = "状態", .cell = view_cell_status, .key = "status" },
			{ .header = "自分の評価", .cell = mine_cell },
			{ .header = "更新日時（日本時間）", .cell = view_cell_time, .key = "updated_at" },
		};
		view_table t = { .caption = "担当する申請", .cols = cols, .n_cols = 7, .ctx = rarr };
		view_table_json(r, &t, apps);
	}
	page_end(r);
	json_decref(list);
	json_decref(rounds);
}
