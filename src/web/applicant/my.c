/* my.c — /my: the applications of the officer's organization. */
#include "../pages.h"

static void round_cell(web_request *r, const view_cell *c)
{
	html_text(&r->raw, view_jstr(c->row, "round"));
	buf_raw(&r->raw, " / ");
	html_text(&r->raw, view_jstr(c->row, "menu"));
}

void page_my(web_request *r)
{
	svc_err e = { 0 };
	json_t *list = svc_app_list(r->svc, &r->user, &e);
	if (list == NULL) {
		page_svc_error(r, &e);
		svc_err_clear(&e);
		return;
	}
	page_begin(r, "自団体の申請");
	buf *b = &r->raw;
	buf_raw(b, "<p><a class=\"button\" href=\"/applications/new\">実施計画書を新しく作成</a> "
		   "<a class=\"button secondary\" href=\"/guide\">どの類型が合うか調べる</a></p>");
	json_t *apps = json_object_get(list, "applications");
	if (json_array_size(apps) == 0) {
		view_para(r, "まだ申請はありません。");
	} else {
		static const view_col cols[] = {
			{ .header = "ID", .flags = VIEW_NUM_CELLS, .cell = view_cell_int, .key = "id" },
			{ .header = "事業名", .cell = view_cell_link, .key = "title", .href = "/applications/" },
			{ .header = "募集回・類型", .cell = round_cell },
			{ .header = "状態", .key = "status_label" },
			{ .header = "版", .flags = VIEW_NUM_CELLS, .cell = view_cell_int, .key = "version" },
			{ .header = "更新日時", .key = "updated_at" },
		};
		static const view_table t = { .caption = "申請一覧", .cols = cols, .n_cols = 6 };
		view_table_json(r, &t, apps);
	}
	json_decref(list);
	page_end(r);
}

