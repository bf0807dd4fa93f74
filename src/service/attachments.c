/* attachments.c — an application's attached files (attachments.h). The type is judged
 * from the bytes (io/sniff.h) before the transaction; the limits are counted and the
 * bytes stored inside it (svc_op_run), so two uploads at once cannot both pass a limit
 * and an upload that fails half-way leaves neither a row nor a blob. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../io/sniff.h"
#include "attachments.h"
#include "service_internal.h"

/* Set once by `serve` before its threads start, read-only afterwards. */
static svc_attach_limits limits = { SVC_ATTACH_FILE_MAX, SVC_ATTACH_TOTAL_MAX, SVC_ATTACH_FILES_MAX };

void svc_attach_set_limits(const svc_attach_limits *l)
{
	if (l->file_max > 0)
		limits.file_max = l->file_max;
	if (l->total_max > 0)
		limits.total_max = l->total_max;
	if (l->files_max > 0)
		limits.files_max = l->files_max;
}

svc_attach_limits svc_attach_limits_get(void) { return limits; }

static const char *const kinds[] = { "estimate", "plan", "reference", "other", NULL };

static long fd_read_at(void *ctx, uint64_t off, void *buf, size_t len)
{
	const int *fd = ctx;
	size_t got = 0;
	while (got < len) {
		ssize_t n = pread(*fd, (char *)buf + got, len - got, (off_t)(off + got));
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (long)got;
}

/* The spooled file read from its start, for store_blob_put. */
typedef struct spool {
	int fd;
	uint64_t off;
} spool;

static long spool_next(void *ctx, void *buf, size_t len)
{
	spool *sp = ctx;
	long n = fd_read_at(&sp->fd, sp->off, buf, len);
	if (n > 0)
		sp->off += (uint64_t)n;
	return n;
}

static json_t *attachment_json(const store_attachment *a, bool who)
{
	json_t *o = json_pack("{s:I,s:s,s:s,s:I,s:s,s:i,s:s}", "id", (json_int_t)a->id, "kind", a->kind, "file_name",
			      a->file_name, "size", (json_int_t)a->size, "sha256", a->sha256, "version", a->version,
			      "content_type", a->content_type);
	if (o && who) {
		json_object_set_new(o, "uploaded_by", json_string(a->uploaded_by ? a->uploaded_by : ""));
		json_object_set_new(o, "uploaded_at", json_string(a->uploaded_at ? a->uploaded_at : ""));
	}
	return o;
}

/* Whether q's actor may change q's application's set now (404 and 403/409 otherwise). */
static bool may_change(app_req *q, svc_err *err)
{
	if (!svc_owns(q->actor, &q->app)) {
		svc_fail(err, 403, "FORBIDDEN", "添付ファイルを変えられるのはその団体の申請者だけです");
		return false;
	}
	app_status st;
	app_status_from_key(q->app.status, &st);
	if (st != APP_DRAFT && st != APP_CONSULTATION) {
		svc_fail(err, 409, "ILLEGAL_TRANSITION", "「%s」の申請の添付ファイルは変えられません（下書き・事前相談中のみ。提出した版の添付は固定されます）",
			 app_status_label(st));
		return false;
	}
	return true;
}

/* The application as it is inside the write: still in the status and version q saw. */
static store_rc still_same(svc *s, app_req *q)
{
	store_app now;
	store_rc rc = store_app_head(s->st, q->id, &q->a, &now);
	if (rc != STORE_OK)
		return rc;
	return now.version == q->app.version && strcmp(now.status, q->app.status) == 0 ? STORE_OK : STORE_NOT_FOUND;
}

/* ---- adding ---- */

typedef struct add_ctx {
	const svc_upload *u;
	store_attachment row;
	char *after;
} add_ctx;

static store_rc add_step(svc *s, svc_op *op, void *ctx, svc_err *err)
{
	app_req *q = ctx;
	add_ctx *c = (add_ctx *)q->more;
	store_rc rc = still_same(s, q);
	if (rc != STORE_OK)
		return rc;
	store_attachment *set;
	size_t n;
	if ((rc = store_attachment_list(s->st, q->id, q->app.version, &q->a, &set, &n)) != STORE_OK)
		return rc;
	int64_t total = c->u->size;
	for (size_t i = 0; i < n; i++)
		total += set[i].size;
	if (n + 1 > limits.files_max) {
		svc_fail(err, 413, "TOO_MANY_ATTACHMENTS", "1つの申請に添付できるファイルは %u 件までです", limits.files_max);
		return STORE_ERROR;
	}
	if (total > limits.total_max) {
		svc_fail(err, 413, "ATTACHMENTS_TOO_LARGE", "1つの申請の添付ファイルは合計 %lld MB までです（このファイルを加えると %lld バイト）",
			 (long long)(limits.total_max / 1000000), (long long)total);
		return STORE_ERROR;
	}
	bool stored;
	spool sp = { .fd = c->u->fd };
	if ((rc = store_blob_put(s->st, c->u->sha256, c->u->size, spool_next, &sp, &stored)) != STORE_OK)
		return rc;
	if ((rc = store_attachment_add(s->st, &c->row, q->actor->id, &c->row.id)) != STORE_OK)
		return rc;
	json_t *o = attachment_json(&c->row, false);
	json_object_set_new(o, "blob_stored", json_boolean(stored));
	c->after = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	op->after = c->after;
	return STORE_OK;
}

static json_t *attach_add(app_req *q, svc_err *err)
{
	add_ctx *c = (add_ctx *)q->more;
	if (!may_change(q, err))
		return NULL;
	c->row.application = q->id;
	c->row.version = q->app.version;
	c->row.size = c->u->size;
	c->row.sha256 = c->u->sha256;
	c->row.kind = c->u->kind;
	if (c->u->size > limits.file_max) {
		svc_fail(err, 413, "FILE_TOO_LARGE", "添付ファイルは1件 %lld MB までです", (long long)(limits.file_max / 1000000));
		return NULL;
	}
	sniff_result sr;
	if (sniff_file(fd_read_at, (void *)&c->u->fd, (uint64_t)c->u->size, c->row.file_name, &sr) != 0) {
		svc_fail(err, 415, "UNSUPPORTED_ATTACHMENT", "%s", sr.reason);
		svc_detail(err, "file", sr.reason);
		return NULL;
	}
	c->row.content_type = sr.mime;
	svc_op op = { .actor = q->actor->login, .action = "attachment.add", .application = q->id };
	int rc = svc_op_run(q->s, &op, add_step, q, err);
	free(c->after);
	if (rc != 0)
		return NULL;
	return attachment_json(&c->row, false);
}

json_t *svc_attach_add(svc *s, const svc_user *actor, int64_t app, const svc_upload *u, svc_err *err)
{
	if (u->kind == NULL || !svc_key_known(kinds, u->kind)) {
		svc_fail(err, 400, "INVALID", "kind は estimate（見積書）・plan（計画書）・reference（参考資料）・other（その他）のどれかです");
		svc_detail(err, "kind", "種類を選んでください");
		return NULL;
	}
	char name[1024];
	if (sniff_clean_name(u->file_name, name, sizeof name) != 0) {
		svc_fail(err, 400, "INVALID", "ファイル名がありません（または UTF-8 ではありません）");
		svc_detail(err, "file", "ファイル名のあるファイルを選んでください");
		return NULL;
	}
	add_ctx c = { .u = u, .row = { .file_name = name } };
	app_req q = { .s = s, .actor = actor, .id = app, .act = ACT_EDIT, .more = &c };
	return svc_with_app(&q, false, attach_add, err);
}

/* ---- reading ---- */

static json_t *attach_list(app_req *q, svc_err *err)
{
	int version = q->ref > 0 ? (int)q->ref : q->app.version;
	store_attachment *set;
	size_t n;
	if (store_attachment_list(q->s->st, q->id, version, &q->a, &set, &n) != STORE_OK)
		return svc_db_fail(q->s, err);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, attachment_json(&set[i], true));
	return json_pack("{s:o,s:I,s:i}", "attachments", arr, "total", (json_int_t)n, "version", version);
}

json_t *svc_attach_list(svc *s, const svc_user *actor, int64_t app, int version, svc_err *err)
{
	app_req q = { .s = s, .actor = actor, .id = app, .act = ACT_EDIT, .ref = version };
	return svc_with_app(&q, false, attach_list, err);
}

typedef struct get_ctx {
	int64_t aid;
	arena *a;
	svc_attach_file *out;
} get_ctx;

static json_t *attach_get(app_req *q, svc_err *err)
{
	get_ctx *g = (get_ctx *)q->more;
	int version = q->ref > 0 ? (int)q->ref : q->app.version;
	store_attachment row;
	store_rc rc = store_attachment_get(q->s->st, q->id, version, g->aid, g->a, &row);
	if (rc == STORE_NOT_FOUND) {
		svc_fail(err, 404, "NOT_FOUND", "添付ファイル %lld はありません", (long long)g->aid);
		return NULL;
	}
	if (rc != STORE_OK)
		return svc_db_fail(q->s, err);
	g->out->len = (size_t)row.size;
	g->out->data = malloc(g->out->len ? g->out->len : 1);
	if (g->out->data == NULL)
		return svc_nomem(err);
	if (store_blob_read(q->s->st, row.sha256, g->out->data, g->out->len) != STORE_OK) {
		free(g->out->data);
		g->out->data = NULL;
		return svc_db_fail(q->s, err);
	}
	g->out->file_name = row.file_name;
	g->out->content_type = row.content_type;
	return json_null();
}

int svc_attach_get(svc *s, const svc_user *actor, int64_t app, int64_t aid, int version, arena *a, svc_attach_file *out,
		   svc_err *err)
{
	memset(out, 0, sizeof *out);
	get_ctx g = { .aid = aid, .a = a, .out = out };
	app_req q = { .s = s, .actor = actor, .id = app, .act = ACT_EDIT, .ref = version, .more = &g };
	json_t *done = svc_with_app(&q, false, attach_get, err);
	if (done == NULL)
		return -1;
	json_decref(done);
	return 0;
}

/* ---- removing ---- */

static store_rc delete_step(svc *s, svc_op *op, void *ctx, svc_err *err)
{
	(void)op;
	app_req *q = ctx;
	store_rc rc = still_same(s, q);
	if (rc != STORE_OK)
		return rc;
	rc = store_attachment_remove(s->st, q->ref, q->app.version);
	if (rc == STORE_NOT_FOUND)
		svc_fail(err, 404, "NOT_FOUND", "添付ファイル %lld はありません", (long long)q->ref);
	return rc;
}

static json_t *attach_delete(app_req *q, svc_err *err)
{
	if (!may_change(q, err))
		return NULL;
	store_attachment row;
	store_rc rc = store_attachment_get(q->s->st, q->id, q->app.version, q->ref, &q->a, &row);
	if (rc == STORE_NOT_FOUND) {
		svc_fail(err, 404, "NOT_FOUND", "添付ファイル %lld はありません", (long long)q->ref);
		return NULL;
	}
	if (rc != STORE_OK)
		return svc_db_fail(q->s, err);
	json_t *before = attachment_json(&row, false);
	char *text = json_dumps(before, JSON_COMPACT);
	json_decref(before);
	svc_op op = { .actor = q->actor->login, .action = "attachment.delete", .application = q->id, .before = text,
		      .after = arena_printf(&q->a, "{\"version\":%d}", q->app.version) };
	int failed = svc_op_run(q->s, &op, delete_step, q, err);
	free(text);
	if (failed)
		return NULL;
	return json_pack("{s:I,s:b}", "id", (json_int_t)q->ref, "deleted", 1);
}

json_t *svc_attach_delete(svc *s, const svc_user *actor, int64_t app, int64_t aid, svc_err *err)
{
	app_req q = { .s = s, .actor = actor, .id = app, .act = ACT_EDIT, .ref = aid };
	return svc_with_app(&q, false, attach_delete, err);
}
