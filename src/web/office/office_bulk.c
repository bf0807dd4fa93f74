/* office_bulk.c — the downloads of the office's filtered list and its bulk actions
 * (office_list.h): each checked row is its own operation in the service
 * (svc_app_bulk), and the page shows what became of each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../api_apps.h"
#include "office_list.h"

static void download(web_request *r, const char *format)
{
	svc_err e = { 0 };
	svc_app_query q;
	json_t *done = web_app_query(r, &q, &e) == 0 ? web_app_list_download(r, &q, format, &e) : NULL;
	if (done == NULL)
		page_svc_error(r, &e);
	json_decref(done);
	svc_err_clear(&e);
}

void page_office_apps_csv(web_request *r) { download(r, "csv"); }

void page_office_apps_xlsx(web_request *r) { download(r, "xlsx"); }

/* ---- the results, one row each: {"id","ok","status","error"} ---- */

static void result_id_cell(web_request *r, const view_cell *c)
{
	long long id = (long long)json_integer_value(json_object_get(c->row, "id"));
	buf_fmt(&r->raw, "<a href=\"/office/applications/%lld\">%lld</a>", id, id);
}

static void result_cell(web_request *r, const view_cell *c)
{
	if (json_is_true(json_object_get(c->row, "ok")))
		html_wrap(&r->raw, "完了（", page_status_label(view_jstr(c->row, "status")), "）");
	else
		html_wrap(&r->raw, "<strong>失敗</strong>: ", view_jstr(c->row, "error"), "");
}

void page_office_apps_bulk(web_request *r)
{
	json_t *ids = json_array();
	for (size_t i = 0; i < r->n_form; i++) {
		if (strcmp(r->form[i].name, "id") != 0)
			continue;
		char *end;
		long long id = strtoll(r->form[i].value, &end, 10);
		/* a value no checkbox sends: kept as 0, so the service refuses the request */
		json_array_append_new(ids, json_integer(*end == '\0' && id > 0 ? id : 0));
	}
	const char *action = page_param(r, "action"), *reviewer = page_param(r, "reviewer");
	json_t *body = json_pack("{s:s,s:o}", "action", action ? action : "", "ids", ids);
	if (action && strcmp(action, "assign") == 0)
		json_object_set_new(body, "reviewer", json_string(reviewer ? reviewer : ""));
	svc_err e = { 0 };
	json_t *out = svc_app_bulk(r->svc, &r->user, body, &e);
	json_decref(body);
	if (out == NULL) {
		if (e.status == 400 && json_array_size(ids) == 0)
			snprintf(e.message, sizeof e.message, "申請が選ばれていません。一覧で申請を選んでから実行してください");
		page_svc_error(r, &e);
		svc_err_clear(&e);
		return;
	}
	json_t *results = json_object_get(out, "results"), *x;
	size_t ok = 0, i;
	json_array_foreach(results, i, x) ok += json_is_true(json_object_get(x, "ok"));
	page_begin(r, "一括操作の結果");
	char *summary = arena_printf(&r->arena, "%zu件中 %zu件を処理しました（失敗 %zu件。1件ずつ処理したので、失敗した申請のほかは反映されています）。",
				     json_array_size(results), ok, json_array_size(results) - ok);
	if (ok == json_array_size(results))
		view_notice_ok(r, summary);
	else
		view_notice_error(r, summary);
	static const view_col cols[] = { { .header = "申請ID", .flags = VIEW_NUM, .cell = result_id_cell },
					 { .header = "結果", .cell = result_cell } };
	view_table t = { .id = "bulk-results", .caption = "申請ごとの結果", .cols = cols, .n_cols = 2 };
	view_table_json(r, &t, results);
	buf_raw(&r->raw, "<p><a href=\"/office/applications\">申請一覧に戻る</a></p>");
	page_end(r);
	json_decref(out);
}
