/* attachments.c — the attachments section of /applications/{id} and
 * /office/applications/{id}, and the applicant's form posting to
 * /applications/{id}/attachments (multipart; the body was collected by server.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../api_attachments.h"
#include "attachments.h"

static const char *kind_label(const char *kind)
{
	static const char *const labels[][2] = {
		{ "estimate", "見積書" }, { "plan", "計画書" }, { "reference", "参考資料" }, { "other", "その他" }
	};
	for (size_t i = 0; kind && i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(kind, labels[i][0]) == 0)
			return labels[i][1];
	return "その他";
}

static void kind_cell(web_request *r, const view_cell *c) { html_text(&r->raw, kind_label(view_jstr(c->row, "kind"))); }

/* The file name as a link to its download (the API route; the session cookie suffices). */
static void name_cell(web_request *r, const view_cell *c)
{
	buf_fmt(&r->raw, "<a href=\"/api/v1/applications/%lld/attachments/%lld\" download>", (long long)r->id,
		(long long)json_integer_value(json_object_get(c->row, "id")));
	html_text(&r->raw, view_jstr(c->row, "file_name"));
	buf_raw(&r->raw, "</a>");
}

static void size_cell(web_request *r, const view_cell *c)
{
	long long n = (long long)json_integer_value(json_object_get(c->row, "size"));
	if (n < 1024)
		buf_fmt(&r->raw, "%lld バイト", n);
	else if (n < 1024 * 1024)
		buf_fmt(&r->raw, "%.1f KB", (double)n / 1024.0);
	else
		buf_fmt(&r->raw, "%.1f MB", (double)n / (1024.0 * 1024.0));
}

/* The first 12 hex digits, the whole hash in its title. */
static void sha_cell(web_request *r, const view_cell *c)
{
	const char *h = view_jstr(c->row, "sha256");
	html_wrap(&r->raw, "<code title=\"", h, "\">");
	char shortened[13];
	snprintf(shortened, sizeof shortened, "%s", h ? h : "");
	html_text(&r->raw, shortened);
	buf_raw(&r->raw, "</code>");
}

/* A delete button: a multipart form like the upload, so it takes the same path. */
static void delete_cell(web_request *r, const view_cell *c)
{
	buf_fmt(&r->raw, "<form method=\"post\" action=\"/applications/%lld/attachments\" enctype=\"multipart/form-data\" class=\"inline-form\">",
		(long long)r->id);
	page_csrf_field(r);
	buf_fmt(&r->raw, "<input type=\"hidden\" name=\"delete\" value=\"%lld\"><button type=\"submit\" class=\"danger\">削除</button></form>",
		(long long)json_integer_value(json_object_get(c->row, "id")));
}

void page_attachments_section(web_request *r, bool can_change)
{
	svc_err e = { 0 };
	json_t *got = svc_attach_list(r->svc, &r->user, r->id, 0, &e);
	view_section_open(r, "attachments", 2, "添付ファイル");
	if (got == NULL) {
		view_notice_error(r, e.message);
		svc_err_clear(&e);
		view_section_close(r);
		return;
	}
	static const view_col cols[] = {
		{ .header = "種類", .cell = kind_cell },
		{ .header = "ファイル名", .cell = name_cell },
		{ .header = "大きさ", .flags = VIEW_NUM, .cell = size_cell },
		{ .header = "SHA-256", .cell = sha_cell },
		{ .header = "版", .flags = VIEW_NUM, .cell = view_cell_int, .key = "version" },
		{ .header = "登録者", .key = "uploaded_by" },
		{ .header = "登録日時", .cell = view_cell_time, .key = "uploaded_at" },
		{ .header = "操作", .cell = delete_cell },
	};
	view_table t = { .id = "attachment-list", .caption = "この版の添付ファイル", .cols = cols,
			 .n_cols = sizeof cols / sizeof cols[0] - (can_change ? 0 : 1), .empty = "添付ファイルはまだありません。" };
	view_table_json(r, &t, json_object_get(got, "attachments"));
	json_decref(got);
	if (can_change) {
		svc_attach_limits l = svc_attach_limits_get();
		buf_fmt(&r->raw,
			"<form method=\"post\" action=\"/applications/%lld/attachments\" enctype=\"multipart/form-data\" id=\"attachment-form\">",
			(long long)r->id);
		page_csrf_field(r);
		static const char *const kinds[] = { "estimate|見積書", "plan|計画書", "reference|参考資料", "other|その他", NULL };
		view_select(r, &(view_field){ .id = "attachment-kind", .name = "kind", .label = "種類", .value = "estimate", .control = true },
			    kinds);
		char *hint = arena_printf(&r->arena,
					  "PDF・Excel（XLSX/XLS）・Word（DOCX/DOC）・PowerPoint（PPTX）・PNG・JPEG・CSV/TXT。1件 %lld MB まで、合計 %lld MB・%u 件まで。形式は中身で確かめます",
					  (long long)(l.file_max / 1000000), (long long)(l.total_max / 1000000), l.files_max);
		view_field_write(r, &(view_field){ .type = "file", .id = "attachment-file", .name = "file", .label = "ファイル",
						   .hint = hint, .attrs = "required", .control = true });
		view_submit(r, "添付する", NULL);
	}
	view_section_close(r);
}

void page_app_attachments_post(web_request *r)
{
	web_upload *u = web_request_upload(r);
	const char *sent = u ? web_upload_field(u, "csrf") : NULL;
	size_t want = strlen(r->user.csrf);
	if (sent == NULL || want == 0 || strlen(sent) != want || sodium_memcmp(sent, r->user.csrf, want) != 0) {
		page_error(r, 403, "フォームの確認用トークンが一致しません。ページを開き直してから送信してください");
		return;
	}
	svc_err e = { 0 };
	json_t *done = NULL;
	const char *del = web_upload_field(u, "delete");
	if (del) {
		char *end;
		long long aid = strtoll(del, &end, 10);
		if (*del == '\0' || *end != '\0' || aid <= 0)
			svc_fail(&e, 404, "NOT_FOUND", "その添付ファイルはありません");
		else
			done = svc_attach_delete(r->svc, &r->user, r->id, aid, &e);
	} else {
		svc_upload up;
		if (web_upload_as_svc(u, &up, &e) == 0)
			done = svc_attach_add(r->svc, &r->user, r->id, &up, &e);
	}
	if (done == NULL) {
		page_error(r, e.status ? e.status : 500, e.message);
		svc_err_clear(&e);
		return;
	}
	json_decref(done);
	char *back = arena_printf(&r->arena, "/applications/%lld#attachments", (long long)r->id);
	page_redirect(r, back ? back : "/my");
}
