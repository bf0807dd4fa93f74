/* api.c — the JSON API routes (docs/api.md): each handler validates what is
 * particular to HTTP and calls the service, which checks access and rules. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../service/history.h"
#include "../service/check_text.h"
#include "../service/receipts.h"
#include "api_apps.h" /* issue 13, part 6 */
/* issue 13, part 3: attachments */
#include "api_attachments.h"
#include "api_programs.h"
#include "api_public.h"
#include "api_users.h" /* issue 13, part 2 */
#include "pages.h"
#include "svg.h"
#include "web.h"

/* The database answers reads, and takes a write (at most one probe every 5 s, so a
 * load balancer polling /health does not cost an fsync per call), and no real write
 * has met a disk error since the last one that worked: a full disk or a failing
 * fsync shows as "degraded" and 503. */
static json_t *health(web_request *r, svc_err *err)
{
	(void)err;
	static pthread_mutex_t probe_lock = PTHREAD_MUTEX_INITIALIZER;
	static time_t probed_at;
	static bool probe_ok = true;
	time_t now = time(NULL);
	bool db = store_ping(r->svc->st);
	pthread_mutex_lock(&probe_lock);
	if (db && (now - probed_at >= 5 || !probe_ok)) {
		probe_ok = store_write_probe(r->svc->st, (int64_t)now);
		probed_at = now;
	}
	bool writable = db && probe_ok && !store_disk_trouble();
	pthread_mutex_unlock(&probe_lock);
	json_t *o = json_object();
	json_object_set_new(o, "status", json_string(writable ? "ok" : "degraded"));
	json_object_set_new(o, "database", json_string(!db ? "error" : writable ? "ok" : "degraded"));
	if (db && !writable)
		json_object_set_new(o, "detail", json_string("データベースに書き込めません（ディスクの空き容量か記憶装置を確認してください）"));
	if (!writable)
		r->status = 503;
	return o;
}

static json_t *login(web_request *r, svc_err *err)
{
	json_t *lj = json_object_get(r->json, "login"), *pj = json_object_get(r->json, "password");
	if (!json_is_object(r->json) || !json_is_string(lj) || !json_is_string(pj) || json_object_size(r->json) != 2) {
		err->status = 400;
		err->code = "INVALID";
		snprintf(err->message, sizeof err->message, "{\"login\", \"password\"} を送ってください");
		return NULL;
	}
	char token[SVC_TOKEN_HEX + 1];
	char address[64];
	web_client_addr(r, address, sizeof address);
	json_t *out = svc_login(r->svc, json_string_value(lj), json_string_value(pj), address, token, &r->user, &r->arena, err);
	if (out) {
		web_set_cookie(r, "digiden_session", token, 28800);
		/* for clients that send X-CSRF-Token instead of a JSON Content-Type */
		json_object_set_new(out, "csrf_token", json_string(r->user.csrf));
	}
	return out;
}

static json_t *logout(web_request *r, svc_err *err)
{
	(void)err;
	svc_logout(r->svc, r->token);
	web_set_cookie(r, "digiden_session", "", 0);
	r->status = 204;
	return json_object();
}

static json_t *me(web_request *r, svc_err *err)
{
	(void)err;
	json_t *o = json_object();
	json_object_set_new(o, "user", svc_user_json(&r->user));
	json_object_set_new(o, "csrf_token", json_string(r->user.csrf));
	return o;
}

static json_t *login_throttles(web_request *r, svc_err *err) { return svc_login_throttles(r->svc, &r->user, err); }

static json_t *users_add(web_request *r, svc_err *err)
{
	json_t *o = svc_user_add(r->svc, &r->user, r->json, err);
	if (o)
		r->status = 201;
	return o;
}

static json_t *rounds(web_request *r, svc_err *err) { return svc_rounds(r->svc, err); }

static json_t *organizations(web_request *r, svc_err *err)
{
	(void)err;
	const char *q = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "q");
	return svc_organizations(r->svc, q);
}

/* POST /api/v1/check: the fast parser and writer (check_text.h) for what they take
 * for sure, else jansson — the same answer either way. */
static json_t *check(web_request *r, svc_err *err)
{
	json_buf out = { 0 };
	int rc = svc_check_text(r->svc, r->body ? r->body : "", r->body_len, &out, err);
	if (rc == 0) {
		buf_free(&r->raw);
		r->raw = (buf){ .data = out.data, .len = out.len, .cap = out.cap };
		r->raw_type = "application/json; charset=utf-8";
		return json_null();
	}
	free(out.data);
	if (rc < 0 || web_parse_json_body(r, err) != 0)
		return NULL;
	return svc_check_body(r->svc, r->json, err);
}

static json_t *apps_create(web_request *r, svc_err *err)
{
	json_t *o = svc_app_create(r->svc, &r->user, r->json, err);
	if (o)
		r->status = 201;
	return o;
}

/* The answer as text with the stored body spliced in (svc_app_get_text): the same
 * bytes as svc_app_get's JSON, without parsing the body to dump it again. */
static json_t *app_get(web_request *r, svc_err *err)
{
	size_t len;
	char *text = svc_app_get_text(r->svc, &r->user, r->id, &len, err);
	if (text == NULL)
		return NULL;
	buf_rawn(&r->raw, text, len);
	free(text);
	r->raw_type = "application/json; charset=utf-8";
	return json_null();
}
static json_t *app_put(web_request *r, svc_err *err) { return svc_app_update(r->svc, &r->user, r->id, r->json, err); }
static json_t *app_versions(web_request *r, svc_err *err) { return svc_app_versions(r->svc, &r->user, r->id, err); }
static json_t *app_receipts(web_request *r, svc_err *err) { return svc_app_receipts(r->svc, &r->user, r->id, err); }
static json_t *app_check(web_request *r, svc_err *err) { return svc_app_check(r->svc, &r->user, r->id, err); }

#define TRANSITION(name, act)                                                 \
	static json_t *name(web_request *r, svc_err *err)                     \
	{                                                                     \
		return svc_app_transition(r->svc, &r->user, r->id, act, err); \
	}
TRANSITION(app_consult, ACT_CONSULT)
TRANSITION(app_submit, ACT_SUBMIT)
TRANSITION(app_withdraw, ACT_WITHDRAW)
TRANSITION(app_screen, ACT_SCREEN)
TRANSITION(app_naiji, ACT_NAIJI)
TRANSITION(app_grant, ACT_GRANT)

static json_t *created(web_request *r, json_t *o)
{
	if (o)
		r->status = 201;
	return o;
}

static json_t *app_comment(web_request *r, svc_err *err) { return created(r, svc_comment(r->svc, &r->user, r->id, r->json, err)); }
static json_t *app_assign(web_request *r, svc_err *err) { return svc_assign(r->svc, &r->user, r->id, r->json, err); }
static json_t *app_review(web_request *r, svc_err *err) { return created(r, svc_review(r->svc, &r->user, r->id, r->json, err)); }
static json_t *app_decide(web_request *r, svc_err *err) { return svc_decide(r->svc, &r->user, r->id, r->json, err); }
static json_t *app_kpi_reports(web_request *r, svc_err *err) { return created(r, svc_kpi_report(r->svc, &r->user, r->id, r->json, err)); }

/* GET /api/v1/applications/{id}/kpi.svg?kpi=N — baseline, targets and reported
 * actuals of one KPI by fiscal year (who may see the application may see this). */
static json_t *app_kpi_chart(web_request *r, svc_err *err)
{
	json_t *got = svc_app_get(r->svc, &r->user, r->id, err);
	if (got == NULL)
		return NULL;
	const char *kq = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "kpi");
	size_t idx = kq ? (size_t)strtoul(kq, NULL, 10) : 0;
	json_t *kpi = json_array_get(json_object_get(json_object_get(got, "application"), "kpis"), idx);
	if (!json_is_object(kpi)) {
		json_decref(got);
		err->status = 404;
		err->code = "NOT_FOUND";
		snprintf(err->message, sizeof err->message, "KPI %zu はありません", idx);
		return NULL;
	}
	const char *name = json_string_value(json_object_get(kpi, "name"));
	svg_kpi_point pts[64];
	size_t n = 0;
	json_t *b = json_object_get(kpi, "baseline");
	if (json_is_integer(json_object_get(b, "fiscal_year")) && json_is_number(json_object_get(b, "value")))
		pts[n++] = (svg_kpi_point){ (int)json_integer_value(json_object_get(b, "fiscal_year")), json_number_value(json_object_get(b, "value")), 0 };
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(kpi, "targets"), i, t)
	if (n < 64 && json_is_integer(json_object_get(t, "fiscal_year")) && json_is_number(json_object_get(t, "value")))
		pts[n++] = (svg_kpi_point){ (int)json_integer_value(json_object_get(t, "fiscal_year")), json_number_value(json_object_get(t, "value")), 1 };
	json_array_foreach(json_object_get(got, "kpi_reports"), i, t)
	{
		size_t k;
		json_t *v;
		json_array_foreach(json_object_get(t, "values"), k, v)
		if (n < 64 && name && json_is_string(json_object_get(v, "kpi")) && strcmp(json_string_value(json_object_get(v, "kpi")), name) == 0 &&
		    json_is_number(json_object_get(v, "value")))
			pts[n++] = (svg_kpi_point){ (int)json_integer_value(json_object_get(t, "fiscal_year")), json_number_value(json_object_get(v, "value")), 2 };
	}
	svg_kpi_chart(&r->raw, name, json_string_value(json_object_get(kpi, "unit")), pts, n);
	json_decref(got);
	r->raw_type = "image/svg+xml; charset=utf-8";
	return json_null();
}

static json_t *audit(web_request *r, svc_err *err)
{
	const char *a = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "application");
	int64_t id = 0;
	if (a != NULL) {
		char *end;
		long long v = strtoll(a, &end, 10);
		if (*a == '\0' || *end != '\0' || v <= 0) {
			err->status = 400;
			err->code = "INVALID";
			snprintf(err->message, sizeof err->message, "application は正の整数のIDです");
			return NULL;
		}
		id = v;
	}
	return svc_audit(r->svc, &r->user, id, err);
}

static json_t *support_check(web_request *r, svc_err *err) { return svc_support_check(r->svc, r->json, err); }

static json_t *history(web_request *r, svc_err *err)
{
	const char *org = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "organization");
	if (org == NULL) {
		err->status = 400;
		err->code = "INVALID";
		snprintf(err->message, sizeof err->message, "organization（団体コード）を指定してください");
		return NULL;
	}
	return svc_history(r->svc, org, err);
}

/* issue 13, part 4: notifications (notify_page.c) */
json_t *api_notifications(web_request *r, svc_err *err);
json_t *api_notification_read(web_request *r, svc_err *err);
json_t *api_user_email(web_request *r, svc_err *err);

const web_route web_routes[] = {
	{ "GET", "/api/v1/health", health, 0 },
	{ "POST", "/api/v1/session", login, ROUTE_BODY },
	{ "DELETE", "/api/v1/session", logout, 0 },
	{ "GET", "/api/v1/me", me, ROUTE_LOGIN },
	{ "POST", "/api/v1/users", users_add, ROUTE_LOGIN | ROUTE_BODY },
	{ "GET", "/api/v1/login-throttles", login_throttles, ROUTE_LOGIN },
	{ "GET", "/api/v1/rounds", rounds, 0 },
	{ "GET", "/api/v1/organizations", organizations, 0 },
	{ "POST", "/api/v1/check", check, ROUTE_BODY | ROUTE_BODY_TEXT },
	/* issue 13, part 6: the list with search, filters, sort, pages and downloads, and
	 * bulk actions; before the plain list, which this one answers for now */
	{ "GET", "/api/v1/applications", api_apps_list, ROUTE_LOGIN },
	{ "POST", "/api/v1/applications/bulk", api_apps_bulk, ROUTE_LOGIN | ROUTE_BODY },
	{ "POST", "/api/v1/applications", apps_create, ROUTE_LOGIN | ROUTE_BODY },
	{ "GET", "/api/v1/applications/{id}", app_get, ROUTE_LOGIN },
	{ "PUT", "/api/v1/applications/{id}", app_put, ROUTE_LOGIN | ROUTE_BODY },
	{ "GET", "/api/v1/applications/{id}/versions", app_versions, ROUTE_LOGIN },
	/* receipts (issue 13, part 5) */
	{ "GET", "/api/v1/applications/{id}/receipts", app_receipts, ROUTE_LOGIN },
	{ "GET", "/api/v1/applications/{id}/check", app_check, ROUTE_LOGIN },
	{ "GET", "/api/v1/applications/{id}/kpi.svg", app_kpi_chart, ROUTE_LOGIN },
	{ "POST", "/api/v1/applications/{id}/consult", app_consult, ROUTE_LOGIN },
	{ "POST", "/api/v1/applications/{id}/submit", app_submit, ROUTE_LOGIN },
	{ "POST", "/api/v1/applications/{id}/withdraw", app_withdraw, ROUTE_LOGIN },
	{ "POST", "/api/v1/applications/{id}/screen", app_screen, ROUTE_LOGIN },
	{ "POST", "/api/v1/applications/{id}/naiji", app_naiji, ROUTE_LOGIN },
	{ "POST", "/api/v1/applications/{id}/grant", app_grant, ROUTE_LOGIN },
	{ "POST", "/api/v1/applications/{id}/comments", app_comment, ROUTE_LOGIN | ROUTE_BODY },
	{ "POST", "/api/v1/applications/{id}/assign", app_assign, ROUTE_LOGIN | ROUTE_BODY },
	{ "POST", "/api/v1/applications/{id}/reviews", app_review, ROUTE_LOGIN | ROUTE_BODY },
	{ "POST", "/api/v1/applications/{id}/decision", app_decide, ROUTE_LOGIN | ROUTE_BODY },
	{ "POST", "/api/v1/applications/{id}/kpi-reports", app_kpi_reports, ROUTE_LOGIN | ROUTE_BODY },
	{ "GET", "/api/v1/audit", audit, ROUTE_LOGIN },
	{ "POST", "/api/v1/support/check", support_check, ROUTE_LOGIN | ROUTE_BODY },
	{ "GET", "/api/v1/history", history, ROUTE_LOGIN },
	{ "POST", "/api/v1/future-tech", api_future_tech, ROUTE_BODY },
	{ "POST", "/api/v1/calc/{key}", api_calc, ROUTE_BODY },
	{ "POST", "/api/v1/dispatch/check", api_dispatch_check, ROUTE_BODY },
	{ "POST", "/api/v1/promotion/check", api_promotion_check, ROUTE_BODY },
	{ "GET", "/api/v1/public/subsidies", api_public_subsidies, 0 },
	{ "GET", "/api/v1/public/subsidies/id/{key}", api_public_subsidy, 0 },
	{ "GET", "/api/v1/public/reports", api_public_report, 0 },
	{ "GET", "/api/v1/public/charts/bar.svg", api_public_bar_chart, 0 },
	{ "GET", "/api/v1/public/charts/map.svg", api_public_tile_map, 0 },
	{ "GET", "/api/v1/public/organizations/{key}/adoptions", api_public_org_adoptions, 0 },
	/* issue 13, part 4: notifications */
	{ "GET", "/api/v1/notifications", api_notifications, ROUTE_LOGIN },
	{ "POST", "/api/v1/notifications/{id}/read", api_notification_read, ROUTE_LOGIN },
	{ "PUT", "/api/v1/users/{id}/email", api_user_email, ROUTE_LOGIN | ROUTE_BODY },
	/* issue 13, part 3: attachments (the upload's body is collected by server.c) */
	{ "POST", "/api/v1/applications/{id}/attachments", api_attach_upload, ROUTE_LOGIN },
	{ "GET", "/api/v1/applications/{id}/attachments", api_attach_list, ROUTE_LOGIN },
	{ "GET", "/api/v1/applications/{id}/attachments/{key}", api_attach_download, ROUTE_LOGIN },
	{ "DELETE", "/api/v1/applications/{id}/attachments/{key}", api_attach_delete, ROUTE_LOGIN },
	/* issue 13, part 2: users, password resets, the reviewer picker, the review summary */
	{ "GET", "/api/v1/users", api_users_list, ROUTE_LOGIN },
	{ "GET", "/api/v1/users/{id}", api_user_get, ROUTE_LOGIN },
	{ "PATCH", "/api/v1/users/{id}", api_user_patch, ROUTE_LOGIN | ROUTE_BODY },
	{ "POST", "/api/v1/users/{id}/password-reset", api_user_reset_issue, ROUTE_LOGIN },
	{ "PUT", "/api/v1/users/{id}/conflicts", api_user_conflicts, ROUTE_LOGIN | ROUTE_BODY },
	{ "POST", "/api/v1/password-reset", api_password_reset, ROUTE_BODY },
	{ "GET", "/api/v1/applications/{id}/reviewers", api_app_reviewers, ROUTE_LOGIN },
	{ "GET", "/api/v1/applications/{id}/review-summary", api_app_review_summary, ROUTE_LOGIN },
};
const size_t web_route_count = sizeof web_routes / sizeof web_routes[0];
