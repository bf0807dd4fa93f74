/* service_apps.c — applications: who may see one, creating, reading, saving, versions,
 * checks, import and export; see service.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/json_result.h"
#include "service_internal.h"

/* ---- access ---- */

static bool can_see(svc *s, const svc_user *u, const store_app *app)
{
	app_status st;
	if (!app_status_from_key(app->status, &st))
		return false;
	switch (u->role) {
	case ROLE_APPLICANT: return u->organization && strcmp(u->organization, app->organization) == 0;
	case ROLE_REVIEWER: return st != APP_DRAFT && st != APP_CONSULTATION && store_is_assigned(s->st, app->id, u->id);
	case ROLE_SECRETARIAT:
	case ROLE_ADMIN:
		/* a draft withdrawn before it was ever shared stays the applicant's own */
		return st != APP_DRAFT && (st != APP_WITHDRAWN || store_app_was_shared(s->st, app->id));
	case ROLE__MAX: break;
	}
	return false;
}

bool svc_owns(const svc_user *u, const store_app *app)
{
	return u->role == ROLE_APPLICANT && u->organization && strcmp(u->organization, app->organization) == 0;
}

static bool logged_in(const svc_user *actor, svc_err *err)
{
	if (actor->id == 0)
		svc_fail(err, 401, "LOGIN_REQUIRED", "ログインしてください");
	return actor->id != 0;
}

json_t *svc_with_app(app_req *q, bool full, app_handler fn, svc_err *err)
{
	if (!logged_in(q->actor, err))
		return NULL;
	svc *s = q->s;
	arena_init(&q->a);
	json_t *out = NULL;
	store_rc rc = full ? store_app_get(s->st, q->id, &q->a, &q->app) : store_app_head(s->st, q->id, &q->a, &q->app);
	if (rc == STORE_ERROR)
		svc_db_fail(s, err);
	else if (rc == STORE_NOT_FOUND || !can_see(s, q->actor, &q->app))
		svc_fail(err, 404, "NOT_FOUND", "申請 %lld はありません", (long long)q->id);
	else
		out = fn(q, err);
	arena_free(&q->a);
	return out;
}

json_t *svc_app_do(svc *s, const svc_user *actor, int64_t id, json_t *body, app_action act, bool full, app_handler fn,
		   svc_err *err)
{
	app_req q = { .s = s, .actor = actor, .id = id, .body = body, .act = act };
	return svc_with_app(&q, full, fn, err);
}

json_t *svc_app_state(int64_t id, const char *status) { return json_pack("{s:I,s:s}", "id", (json_int_t)id, "status", status); }

static json_t *app_summary(const store_app *app)
{
	app_status st = APP_DRAFT;
	app_status_from_key(app->status, &st);
	return json_pack("{s:I,s:s,s:s,s:{s:s,s:s},s:s,s:s,s:s,s:i,s:s}", "id", (json_int_t)app->id, "round", app->round_key,
			 "menu", app->menu, "organization", "code", app->organization, "name",
			 app->organization_name ? app->organization_name : "", "title", app->title, "status", app->status,
			 "status_label", app_status_label(st), "version", app->version, "updated_at",
			 app->updated_at ? app->updated_at : "");
}

json_t *svc_app_list(svc *s, const svc_user *actor, svc_err *err)
{
	if (!logged_in(actor, err))
		return NULL;
	arena a;
	arena_init(&a);
	store_app *apps;
	size_t n;
	store_app_scope scope = actor->role == ROLE_APPLICANT  ? SCOPE_ORGANIZATION
				: actor->role == ROLE_REVIEWER ? SCOPE_REVIEWER
							       : SCOPE_ALL_BUT_DRAFTS;
	if (store_app_list(s->st, scope, actor->organization, actor->id, &a, &apps, &n) != STORE_OK) {
		arena_free(&a);
		return svc_db_fail(s, err);
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, app_summary(&apps[i]));
	arena_free(&a);
	return json_pack("{s:o}", "applications", arr);
}

/* ---- creating ---- */

/* The parts of a body the store indexes: round, menu, applicant code, title. */
static bool body_keys(json_t *body, const char **round, const char **menu, const char **code, const char **title,
		      svc_err *err)
{
	if (!json_is_object(body)) {
		svc_fail(err, 400, "BAD_BODY", "本文はJSONオブジェクトで送ってください");
		return false;
	}
	*round = svc_body_str(body, "round");
	*menu = svc_body_str(body, "menu");
	*title = svc_body_str(body, "title");
	*code = svc_body_str(json_object_get(body, "applicant"), "code");
	if (*round == NULL)
		svc_detail(err, "round", "募集回（round）が必要です");
	if (*menu == NULL)
		svc_detail(err, "menu", "類型（menu）が必要です");
	if (*code == NULL)
		svc_detail(err, "applicant.code", "団体コード（applicant.code）が必要です");
	if (*title == NULL)
		*title = "";
	if (err->details) {
		svc_fail(err, 400, "INVALID", "申請書に必須の項目がありません");
		return false;
	}
	return true;
}

/* A new draft's write: version 1 of the body under a new id. */
typedef struct draft_ctx {
	int64_t round_id, saved_by, id;
	const char *code, *menu, *title, *text;
} draft_ctx;

static store_rc draft_step(svc *s, svc_op *op, void *ctx, svc_err *err)
{
	(void)err;
	draft_ctx *c = ctx;
	store_rc rc = store_app_add(s->st, c->round_id, c->code, c->menu, c->title, c->text, c->saved_by, &c->id);
	op->application = c->id;
	return rc;
}

/* Stores body as version 1 of a new draft in round (by key) with its audit entry.
 * Returns {"id", "status"} with the check of body added when check, or NULL with err
 * filled (400 for an unknown round). */
static json_t *new_draft(svc *s, json_t *body, const char *round, draft_ctx *c, const char *actor, const char *action,
			 bool check, svc_err *err)
{
	arena a;
	arena_init(&a);
	store_round r;
	store_rc rc = store_round_by_key(s->st, round, &a, &r);
	arena_free(&a);
	if (rc == STORE_ERROR)
		return svc_db_fail(s, err);
	if (rc != STORE_OK) {
		svc_fail(err, 400, "ROUND_UNKNOWN", "募集回「%s」はありません", round);
		svc_detail(err, "round", "GET /api/v1/rounds（digiden rules）にある募集回を指定してください");
		return NULL;
	}
	char *text = json_dumps(body, JSON_COMPACT);
	if (text == NULL)
		return svc_nomem(err);
	/* the check before the write transaction, which holds only the writes */
	svc_err ce = { 0 };
	json_t *result = check ? svc_check_body(s, body, &ce) : NULL;
	svc_err_clear(&ce);
	c->round_id = r.id;
	c->text = text;
	svc_op op = { .actor = actor, .action = action, .after = "{\"status\":\"draft\",\"version\":1}" };
	int ok = svc_op_run(s, &op, draft_step, c, err);
	free(text);
	if (ok != 0) {
		json_decref(result);
		return NULL;
	}
	json_t *out = svc_app_state(c->id, "draft");
	if (check) {
		json_object_set_new(out, "version", json_integer(1));
		json_object_set_new(out, "check", result ? result : json_null());
	}
	return out;
}

json_t *svc_app_create(svc *s, const svc_user *actor, json_t *body, svc_err *err)
{
	if (!logged_in(actor, err))
		return NULL;
	if (actor->role != ROLE_APPLICANT) {
		svc_fail(err, 403, "FORBIDDEN", "申請書を作成できるのは申請者（団体の職員）だけです");
		return NULL;
	}
	const char *round, *menu, *code, *title;
	if (!body_keys(body, &round, &menu, &code, &title, err))
		return NULL;
	if (strcmp(code, actor->organization) != 0) {
		svc_fail(err, 403, "FORBIDDEN", "自団体（%s）以外の申請書は作成できません", actor->organization);
		svc_detail(err, "applicant.code", "自団体のコードを指定してください");
		return NULL;
	}
	draft_ctx c = { .saved_by = actor->id, .code = code, .menu = menu, .title = title };
	return new_draft(s, body, round, &c, actor->login, "application.create", true, err);
}

json_t *svc_app_import(svc *s, const char *actor, json_t *body, svc_err *err)
{
	const char *round, *menu, *code, *title;
	if (!body_keys(body, &round, &menu, &code, &title, err))
		return NULL;
	const organization *o = org_find(&s->cat->orgs, code);
	if (o == NULL || !o->applicant) {
		svc_fail(err, 400, "ORG_UNKNOWN", "団体コード「%s」は申請主体の団体ではありません", code);
		svc_detail(err, "applicant.code", "団体マスタにある申請主体のコードを指定してください");
		return NULL;
	}
	draft_ctx c = { .saved_by = 0, .code = code, .menu = menu, .title = title };
	return new_draft(s, body, round, &c, actor, "application.import", false, err);
}

/* ---- reading ---- */

static json_t *notes_json(const store_note *notes, size_t n, bool reviews)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const store_note *t = &notes[i];
		json_t *o;
		if (reviews) {
			json_t *scores = json_loads(t->body, 0, NULL);
			o = json_pack("{s:s,s:o,s:s?,s:s}", "reviewer", t->author, "scores", scores ? scores : json_null(),
				      "comment", t->extra, "at", t->at);
		} else {
			o = json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)t->id, "author", t->author, "role",
				      t->author_role, "body", t->body, "at", t->at);
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

/* What an application's answer holds after its body: comments, reviews (not for its
 * applicant; a reviewer sees its own), the decision and the KPI reports. */
static json_t *app_records(app_req *q)
{
	svc *s = q->s;
	json_t *out = json_object();
	store_note *notes;
	size_t n;
	if (store_comment_list(s->st, q->id, &q->a, &notes, &n) == STORE_OK)
		json_object_set_new(out, "comments", notes_json(notes, n, false));
	int64_t only = q->actor->role == ROLE_REVIEWER ? q->actor->id : 0;
	if (q->actor->role != ROLE_APPLICANT && store_review_list(s->st, q->id, only, &q->a, &notes, &n) == STORE_OK)
		json_object_set_new(out, "reviews", notes_json(notes, n, true));
	else
		json_object_set_new(out, "reviews", json_array());
	store_decision d;
	json_t *dj = json_null();
	if (store_decision_get(s->st, q->id, &q->a, &d) == STORE_OK)
		dj = json_pack("{s:s,s:o,s:s?,s:s,s:s}", "decision", d.decision, "amount_yen",
			       d.has_amount ? json_integer(d.amount_yen) : json_null(), "reason", d.reason, "decided_by",
			       d.decided_by, "at", d.at);
	json_object_set_new(out, "decision", dj);
	json_t *kpis = json_array();
	if (store_kpi_list(s->st, q->id, &q->a, &notes, &n) == STORE_OK)
		for (size_t i = 0; i < n; i++) {
			json_t *k = json_loads(notes[i].body, 0, NULL);
			if (k) {
				json_object_set_new(k, "reported_by", json_string(notes[i].author));
				json_object_set_new(k, "at", json_string(notes[i].at));
				json_array_append_new(kpis, k);
			}
		}
	json_object_set_new(out, "kpi_reports", kpis);
	return out;
}

static json_t *app_get(app_req *q, svc_err *err)
{
	(void)err;
	json_t *out = app_summary(&q->app);
	json_t *body = json_loads(q->app.body, 0, NULL);
	json_object_set_new(out, "application", body ? body : json_null());
	json_t *records = app_records(q);
	json_object_update(out, records);
	json_decref(records);
	return out;
}

json_t *svc_app_get(svc *s, const svc_user *actor, int64_t id, svc_err *err)
{
	return svc_app_do(s, actor, id, NULL, ACT_EDIT, true, app_get, err);
}

/* ---- the answer as text ---- */

/* A growing text (malloc'd), for an answer written without building JSON values. */
typedef struct answer_text {
	char *s;
	size_t len, cap;
	bool oom;
} answer_text;

static void text_add(answer_text *t, const char *s, size_t n)
{
	if (t->oom)
		return;
	if (t->len + n + 1 > t->cap) {
		size_t cap = (t->len + n + 1) * 2;
		char *g = realloc(t->s, cap);
		if (g == NULL) {
			t->oom = true;
			return;
		}
		t->s = g;
		t->cap = cap;
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void text_raw(answer_text *t, const char *s) { text_add(t, s, strlen(s)); }

/* s as a JSON string the way jansson's json_dumps writes one: " and \ escaped, the
 * controls as \b \f \n \r \t or \u00XX (upper case), everything else (UTF-8, DEL, /) as
 * it is; null for NULL. */
static void text_str(answer_text *t, const char *s)
{
	if (s == NULL) {
		text_raw(t, "null");
		return;
	}
	text_add(t, "\"", 1);
	const char *run = s;
	for (const char *p = s;; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		text_add(t, run, (size_t)(p - run));
		if (c == '\0')
			break;
		static const char short_esc[] = { ['"'] = '"', ['\\'] = '\\', ['\b'] = 'b', ['\f'] = 'f',
						  ['\n'] = 'n', ['\r'] = 'r',   ['\t'] = 't' };
		char esc[8];
		if (c < sizeof short_esc && short_esc[c])
			snprintf(esc, sizeof esc, "\\%c", short_esc[c]);
		else
			snprintf(esc, sizeof esc, "\\u%04X", c);
		text_raw(t, esc);
		run = p + 1;
	}
	text_add(t, "\"", 1);
}

/* svc_app_get as text: the summary, the stored body as it is, the records. The body
 * is not parsed to be dumped again: digiden alone writes it (new_draft, app_update), as
 * json_dumps(…, JSON_COMPACT) of a parsed request, which parsing and dumping again gives
 * back byte for byte; the summary is written as app_summary dumped would be — so the
 * answer is the same bytes as svc_app_get's, dumped (tests/unit/test_service_op.c). */
static json_t *app_get_text(app_req *q, svc_err *err)
{
	const store_app *app = &q->app;
	app_status st = APP_DRAFT;
	app_status_from_key(app->status, &st);
	answer_text t = { 0 };
	char num[32];
	snprintf(num, sizeof num, "{\"id\":%lld,\"round\":", (long long)app->id);
	text_raw(&t, num);
	text_str(&t, app->round_key);
	text_raw(&t, ",\"menu\":");
	text_str(&t, app->menu);
	text_raw(&t, ",\"organization\":{\"code\":");
	text_str(&t, app->organization);
	text_raw(&t, ",\"name\":");
	text_str(&t, app->organization_name ? app->organization_name : "");
	text_raw(&t, "},\"title\":");
	text_str(&t, app->title);
	text_raw(&t, ",\"status\":");
	text_str(&t, app->status);
	text_raw(&t, ",\"status_label\":");
	text_str(&t, app_status_label(st));
	snprintf(num, sizeof num, ",\"version\":%d,\"updated_at\":", app->version);
	text_raw(&t, num);
	text_str(&t, app->updated_at ? app->updated_at : "");
	text_raw(&t, ",\"application\":");
	text_raw(&t, app->body ? app->body : "null");
	json_t *records = app_records(q);
	char *tail = json_dumps(records, JSON_COMPACT);
	json_decref(records);
	if (tail == NULL || tail[0] != '{' || tail[1] == '}') {
		t.oom = true;
	} else {
		text_raw(&t, ",");
		text_raw(&t, tail + 1);
	}
	free(tail);
	if (t.oom) {
		free(t.s);
		return svc_nomem(err);
	}
	q->answer = t.s;
	q->answer_len = t.len;
	return json_null();
}

char *svc_app_get_text(svc *s, const svc_user *actor, int64_t id, size_t *len, svc_err *err)
{
	app_req q = { .s = s, .actor = actor, .id = id, .act = ACT_EDIT };
	json_t *done = svc_with_app(&q, true, app_get_text, err);
	if (done == NULL)
		return NULL;
	json_decref(done);
	*len = q.answer_len;
	return q.answer;
}

/* ---- saving ---- */

static store_rc save_step(svc *s, svc_op *op, void *ctx, svc_err *err)
{
	(void)err;
	app_req *q = ctx;
	store_rc rc = store_app_save(s->st, q->id, q->app.status, q->app.version, q->menu, q->title, q->text, q->actor->id,
				     &q->version);
	op->after = arena_printf(&q->a, "{\"version\":%d}", q->version);
	return rc;
}

static json_t *app_update(app_req *q, svc_err *err)
{
	const char *round, *code;
	if (!svc_owns(q->actor, &q->app)) {
		svc_fail(err, 403, "FORBIDDEN", "申請書を編集できるのはその団体の申請者だけです");
		return NULL;
	}
	app_status st;
	app_status_from_key(q->app.status, &st);
	if (!lifecycle_next(st, ACT_EDIT, NULL)) {
		svc_fail(err, 409, "ILLEGAL_TRANSITION", "「%s」の申請書は編集できません（下書き・事前相談中のみ）", app_status_label(st));
		return NULL;
	}
	if (!body_keys(q->body, &round, &q->menu, &code, &q->title, err))
		return NULL;
	if (strcmp(round, q->app.round_key) != 0 || strcmp(code, q->app.organization) != 0) {
		svc_fail(err, 400, "IMMUTABLE", "募集回と団体は変更できません");
		svc_detail(err, strcmp(round, q->app.round_key) != 0 ? "round" : "applicant.code", "作成時の値のままにしてください");
		return NULL;
	}
	/* everything but the writes before the transaction: the stored text and the check
	 * (encoded once, for the answer) */
	char *text = json_dumps(q->body, JSON_COMPACT);
	if (text == NULL)
		return svc_nomem(err);
	svc_err ce = { 0 };
	json_t *check = svc_check_body(q->s, q->body, &ce);
	svc_err_clear(&ce);
	q->text = text;
	svc_op op = { .actor = q->actor->login, .action = "application.save", .application = q->id,
		      .before = arena_printf(&q->a, "{\"version\":%d}", q->app.version) };
	int rc = svc_op_run(q->s, &op, save_step, q, err);
	free(text);
	if (rc != 0) {
		json_decref(check);
		return NULL;
	}
	json_t *out = svc_app_state(q->id, q->app.status);
	json_object_set_new(out, "version", json_integer(q->version));
	json_object_set_new(out, "check", check ? check : json_null());
	return out;
}

json_t *svc_app_update(svc *s, const svc_user *actor, int64_t id, json_t *body, svc_err *err)
{
	return svc_app_do(s, actor, id, body, ACT_EDIT, false, app_update, err);
}

/* ---- versions, checks, export ---- */

static json_t *app_versions(app_req *q, svc_err *err)
{
	store_version *v;
	size_t n;
	if (store_app_versions(q->s->st, q->id, &q->a, &v, &n) != STORE_OK)
		return svc_db_fail(q->s, err);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:i,s:s,s:s}", "version", v[i].version, "saved_at", v[i].saved_at,
						     "saved_by", v[i].saved_by));
	return json_pack("{s:o}", "versions", arr);
}

json_t *svc_app_versions(svc *s, const svc_user *actor, int64_t id, svc_err *err)
{
	return svc_app_do(s, actor, id, NULL, ACT_EDIT, false, app_versions, err);
}

static json_t *app_check(app_req *q, svc_err *err)
{
	check_result r;
	if (svc_check_in_round(q->s, &q->app, q->app.body, &q->a, &r, err) != 0)
		return NULL;
	json_t *out = json_result_encode(&r);
	json_object_del(out, "file");
	return out;
}

json_t *svc_app_check(svc *s, const svc_user *actor, int64_t id, svc_err *err)
{
	return svc_app_do(s, actor, id, NULL, ACT_EDIT, true, app_check, err);
}

json_t *svc_export(svc *s, const char *round_key, svc_err *err)
{
	arena a;
	arena_init(&a);
	store_app *apps;
	size_t n;
	if (store_app_list(s->st, SCOPE_ALL_BUT_DRAFTS, NULL, 0, &a, &apps, &n) != STORE_OK) {
		arena_free(&a);
		return svc_db_fail(s, err);
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		if (round_key && strcmp(round_key, apps[i].round_key) != 0)
			continue;
		store_app full;
		if (store_app_get(s->st, apps[i].id, &a, &full) != STORE_OK)
			continue;
		json_t *o = app_summary(&full);
		json_t *body = json_loads(full.body, 0, NULL);
		json_object_set_new(o, "application", body ? body : json_null());
		json_array_append_new(arr, o);
	}
	arena_free(&a);
	return json_pack("{s:o}", "applications", arr);
}

/* ---- issue 13, part 6: the list's rows outside this file ---- */

json_t *svc_app_summary(const store_app *app) { return app_summary(app); }
