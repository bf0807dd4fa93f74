/* service.c — what the operations of service.h share: errors, setup, the one path of
 * every write (svc_op_run) and the checks of request bodies. The operations are in
 * service_users.c, service_rounds.c, service_apps.c and service_review.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notify.h"
#include "service_internal.h"

/* ---- errors ---- */

void svc_fail(svc_err *e, int status, const char *code, const char *fmt, ...)
{
	e->status = status;
	e->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
}

void svc_detail(svc_err *e, const char *path, const char *message)
{
	if (e->details == NULL)
		e->details = json_array();
	json_t *d = json_object();
	json_object_set_new(d, "path", json_string(path ? path : ""));
	json_object_set_new(d, "message", json_string(message ? message : ""));
	json_array_append_new(e->details, d);
}

void svc_err_clear(svc_err *e)
{
	json_decref(e->details);
	memset(e, 0, sizeof *e);
}

json_t *svc_err_json(const svc_err *e)
{
	/* not json_pack: a message cut at its buffer's end may end inside a character, and
	 * then only that member is left out, not the whole answer */
	json_t *inner = json_object();
	json_object_set_new(inner, "code", json_string(e->code ? e->code : "ERROR"));
	json_object_set_new(inner, "message", json_string(e->message));
	json_object_set_new(inner, "details", e->details ? json_incref(e->details) : json_array());
	json_t *o = json_object();
	json_object_set_new(o, "error", inner);
	return o;
}

void *svc_db_fail(svc *s, svc_err *err)
{
	svc_fail(err, 500, "DATABASE", "データベースの処理に失敗しました（%s）", store_errmsg(s->st));
	return NULL;
}

void *svc_nomem(svc_err *err)
{
	svc_fail(err, 500, "NOMEM", "メモリが足りません");
	return NULL;
}

/* ---- setup ---- */

void svc_init(svc *s, store *st, const catalog *cat)
{
	memset(s, 0, sizeof *s);
	s->st = st;
	s->cat = cat;
	arena_init(&s->cache);
}

void svc_free(svc *s) { arena_free(&s->cache); }

void svc_iso_time(time_t t, char *buf, size_t n)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- the one operation path ---- */

int svc_op_run(svc *s, svc_op *op, svc_op_step step, void *ctx, svc_err *err)
{
	store_rc rc = store_begin(s->st);
	if (rc == STORE_OK && step)
		rc = step(s, op, ctx, err);
	/* the notifications of the change, in its transaction: gone with it on a rollback */
	if (rc == STORE_OK)
		rc = svc_notify_op(s, op);
	if (rc == STORE_OK && op->action)
		rc = store_audit_add(s->st, op->actor, op->action, op->application, op->before, op->after);
	if (rc == STORE_OK)
		rc = store_commit(s->st);
	if (rc == STORE_OK)
		return 0;
	store_rollback(s->st);
	if (err->status != 0)
		return -1; /* the step said what went wrong */
	if (rc == STORE_NOT_FOUND)
		svc_fail(err, 409, "CONFLICT", "この申請はほかの操作で変わりました。開き直してからやり直してください");
	else
		svc_db_fail(s, err);
	return -1;
}

/* ---- request bodies ---- */

const char *svc_body_str(json_t *body, const char *key)
{
	json_t *v = json_object_get(body, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

bool svc_key_known(const char *const *keys, const char *key)
{
	while (*keys && strcmp(*keys, key) != 0)
		keys++;
	return *keys != NULL;
}

bool svc_body_fields(json_t *body, const char *const *keys, svc_err *err)
{
	if (!json_is_object(body)) {
		svc_fail(err, 400, "BAD_BODY", "本文はJSONオブジェクトで送ってください");
		return false;
	}
	const char *k;
	json_t *v;
	json_object_foreach(body, k, v)
	if (!svc_key_known(keys, k)) {
		svc_fail(err, 400, "UNKNOWN_KEY", "未知の項目「%s」です", k);
		svc_detail(err, k, "未知の項目です");
		return false;
	}
	return true;
}

bool svc_is_office(const svc_user *u) { return u->role == ROLE_SECRETARIAT || u->role == ROLE_ADMIN; }

/* ---- imports: every row or none ---- */

typedef struct import_run {
	const svc_import *im;
	const void *rows;
	size_t n;
	arena *a;
} import_run;

static store_rc import_step(svc *s, svc_op *op, void *ctx, svc_err *err)
{
	(void)op;
	import_run *c = ctx;
	store_rc rc = STORE_OK;
	for (size_t i = 0; i < c->n && rc == STORE_OK; i++)
		rc = c->im->add(s, c->rows, i, c->n, c->a, c->im->ctx, err);
	return rc;
}

/* Adds the decoded rows with their audit entry; {"imported","source"} or NULL. */
static json_t *import_rows(svc *s, import_run *c, svc_err *err)
{
	json_t *audit = json_pack("{s:s,s:I}", "source", c->im->source, "rows", (json_int_t)c->n);
	char *after = json_dumps(audit, JSON_COMPACT);
	json_decref(audit);
	if (after == NULL)
		return svc_nomem(err);
	svc_op op = { .actor = c->im->actor, .action = c->im->action, .after = after };
	int rc = svc_op_run(s, &op, import_step, c, err);
	free(after);
	return rc == 0 ? json_pack("{s:I,s:s}", "imported", (json_int_t)c->n, "source", c->im->source) : NULL;
}

json_t *svc_import_csv(svc *s, const svc_import *im, const char *data, size_t len, csv_encoding enc, svc_err *err)
{
	arena a;
	arena_init(&a);
	diag_list problems;
	diag_list_init(&problems, &a);
	import_run c = { .im = im, .a = &a };
	json_t *out = NULL;
	char e[512];
	void *rows = NULL;
	if (im->decode(s, data, len, enc, im->source, &a, &rows, &c.n, &problems, e, sizeof e) != 0) {
		svc_fail(err, 400, "CSV_INVALID", "%s: %s", im->source, e);
	} else if (problems.len > 0) {
		svc_fail(err, 422, im->invalid_code, "%s: %zu件の問題があるため、何も取り込んでいません", im->source, problems.len);
		for (size_t i = 0; i < problems.len; i++)
			svc_detail(err, problems.items[i].path, problems.items[i].message);
	} else {
		c.rows = rows;
		out = import_rows(s, &c, err);
	}
	arena_free(&a);
	return out;
}
