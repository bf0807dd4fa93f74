/* api_apps.c — the list of applications and its bulk actions over HTTP; see api_apps.h. */
#include "api_apps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../io/list_export.h"
#include "page.h"

static const char *param(void *ctx, const char *name) { return page_param(ctx, name); }

int web_app_query(web_request *r, svc_app_query *q, svc_err *err) { return svc_app_query_parse(q, param, r, err); }

/* The columns of the download, as the office's page shows them (amounts in yen). */
static const char *const headers[] = { "申請ID", "募集回", "類型", "団体コード", "団体名", "都道府県", "団体の種類", "事業名",
				       "状態", "国費（判定・円）", "判定のエラー数（件）", "更新日時（UTC）" };
#define N_COLS (sizeof headers / sizeof headers[0])
static const bool yen_cols[N_COLS] = { [9] = true };

static list_cell text_cell(const char *t) { return (list_cell){ .text = t }; }
static list_cell num_cell(int64_t v) { return (list_cell){ .is_num = true, .num = v }; }

/* The cells of the rows of p (N_COLS each) in a, or NULL when out of memory. */
static list_cell *cells_of(web_request *r, const svc_app_page *p)
{
	list_cell *cells = arena_alloc(&r->arena, (p->n ? p->n : 1) * N_COLS * sizeof *cells);
	for (size_t i = 0; cells && i < p->n; i++) {
		const svc_app_item *x = &p->items[i];
		const organization *pref = x->org ? org_prefecture_of(&r->svc->cat->orgs, x->org) : NULL;
		app_status st = APP_DRAFT;
		app_status_from_key(x->app->status, &st);
		list_cell *c = &cells[i * N_COLS];
		c[0] = num_cell(x->app->id);
		c[1] = text_cell(x->app->round_key);
		c[2] = text_cell(x->app->menu);
		c[3] = text_cell(x->app->organization);
		c[4] = text_cell(x->app->organization_name);
		c[5] = text_cell(pref ? pref->name : "");
		c[6] = text_cell(x->org ? org_kind_label(x->org->kind) : "");
		c[7] = text_cell(x->app->title);
		c[8] = text_cell(app_status_label(st));
		c[9] = x->check && x->check->has_national_share ? num_cell(x->check->national_share_yen) : text_cell("");
		c[10] = x->check ? num_cell((int64_t)x->check->errors) : text_cell("");
		c[11] = text_cell(x->app->updated_at);
	}
	return cells;
}

json_t *web_app_list_download(web_request *r, const svc_app_query *q, const char *format, svc_err *err)
{
	bool csv = strcmp(format, "csv") == 0;
	if (!csv && strcmp(format, "xlsx") != 0) {
		svc_fail(err, 400, "INVALID", "format: json, csv, xlsx のいずれかです");
		return NULL;
	}
	csv_encoding enc = CSV_ENC_UTF8;
	const char *e_name = page_param(r, "encoding");
	if (e_name && e_name[0] && (!csv_encoding_from_name(e_name, &enc) || enc == CSV_ENC_AUTO)) {
		svc_fail(err, 400, "INVALID", "encoding: utf-8 か sjis です");
		return NULL;
	}
	svc_app_query all = *q;
	all.per_page = 0; /* a download is the whole filtered list */
	svc_app_page p;
	json_t *out = NULL;
	char e[512] = "", path[] = "/tmp/digiden-apps-XXXXXX";
	int fd = -1;
	if (svc_app_find(r->svc, &r->user, &all, &p, err) != 0)
		goto done;
	list_cell *cells = cells_of(r, &p);
	fd = cells ? mkstemp(path) : -1;
	if (fd < 0) {
		svc_fail(err, 500, "EXPORT", "書き出しの準備ができません");
		goto done;
	}
	list_sheet l = { .name = "申請一覧", .headers = headers, .yen = yen_cols, .n_cols = N_COLS, .cells = cells, .n_rows = p.n };
	int rc;
	if (csv) {
		FILE *f = fdopen(fd, "wb");
		rc = f ? list_write_csv(&l, enc, f, e, sizeof e) : -1;
		if (f)
			fclose(f);
		else
			close(fd);
	} else {
		close(fd);
		rc = list_write_xlsx(&l, path, e, sizeof e);
	}
	if (rc != 0 || !buf_file(&r->raw, path)) {
		svc_fail(err, 500, "EXPORT", "書き出しに失敗しました: %.300s", e);
		unlink(path);
		goto done;
	}
	unlink(path);
	r->raw_type = !csv			? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		      : enc == CSV_ENC_CP932 ? "text/csv; charset=Shift_JIS"
					     : "text/csv; charset=utf-8";
	snprintf(r->disposition, sizeof r->disposition, "attachment; filename=\"digiden-applications%s.%s\"",
		 csv && enc == CSV_ENC_CP932 ? "-sjis" : "", csv ? "csv" : "xlsx");
	out = json_null();
done:
	svc_app_page_free(&p);
	return out;
}

json_t *api_apps_list(web_request *r, svc_err *err)
{
	svc_app_query q;
	if (web_app_query(r, &q, err) != 0)
		return NULL;
	const char *format = page_param(r, "format");
	if (format && format[0] && strcmp(format, "json") != 0)
		return web_app_list_download(r, &q, format, err);
	return svc_app_search(r->svc, &r->user, &q, err);
}

json_t *api_apps_bulk(web_request *r, svc_err *err) { return svc_app_bulk(r->svc, &r->user, r->json, err); }
