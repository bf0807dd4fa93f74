/* test_api.c — end-to-end tests of the HTTP API (docs/api.md) against a real
 * `digiden serve` started by the harness.
 *
 *   test_api DIGIDEN_BINARY
 *
 * Prints "ok   NAME" or "FAIL NAME: WHY" per check and ends with exactly one line
 * "api tests: N passed, M failed" (exit status 1 when any failed). The example
 * application is found as in h_find_example (examples/type1-natori.json). */
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define ROUND_KEY "digital-implementation/fy2022-supp"
#define PW "correct-horse-battery-1"

static h_server S;
static h_client *C;
static json_t *EXAMPLE; /* examples/type1-natori.json */
static char last_req[600];

/* ---- reporting ---- */

/* ---- requests ---- */

static h_resp rq(const char *jar, const char *method, const char *path, const json_t *body)
{
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	snprintf(last_req, sizeof last_req, "%s %s as %s%s%.200s", method, path, jar ? jar : "anonymous",
		 text ? " body " : "", text ? text : "");
	/* body-less requests say application/json too, as a same-origin client does (a
	 * state-changing request without it needs X-CSRF-Token: tests/api/test_hostile.c) */
	h_resp r = h_http(C, method, path, "application/json", text, jar);
	free(text);
	return r;
}

static h_resp rqs(const char *jar, const char *method, const char *path, const char *ct, const char *body, size_t len)
{
	snprintf(last_req, sizeof last_req, "%s %s as %s (Content-Type %s, %zu-byte body)", method, path,
		 jar ? jar : "anonymous", ct ? ct : "none", len);
	return h_http_raw(C, method, path, ct, body, len, jar);
}

static bool expect(const char *name, const h_resp *r, long status, const char *code)
{
	bool ok = r->status == status && (code == NULL || strcmp(h_err_code(r), code) == 0);
	return h_check(name, ok, "%s → %s; want %ld%s%s", last_req, h_resp_brief(r), status, code ? " " : "", code ? code : "");
}

/* discards the response after checking it */
static bool expect_free(const char *name, h_resp r, long status, const char *code)
{
	bool ok = expect(name, &r, status, code);
	h_resp_free(&r);
	return ok;
}

static const char *ap(json_int_t id, const char *suffix)
{
	static char bufs[8][160];
	static int k;
	char *b = bufs[k++ % 8];
	snprintf(b, sizeof bufs[0], "/api/v1/applications/%lld%s", (long long)id, suffix ? suffix : "");
	return b;
}

static const char *nm(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *nm(const char *fmt, ...)
{
	static char bufs[8][300];
	static int k;
	char *b = bufs[k++ % 8];
	va_list ap_;
	va_start(ap_, fmt);
	vsnprintf(b, sizeof bufs[0], fmt, ap_);
	va_end(ap_);
	return b;
}

/* ---- JSON ---- */

/* "a.b[2].c" */
static json_t *jp(json_t *root, const char *path)
{
	json_t *cur = root;
	const char *p = path;
	while (cur && *p) {
		if (*p == '.') {
			p++;
			continue;
		}
		if (*p == '[') {
			char *end;
			long i = strtol(p + 1, &end, 10);
			if (*end != ']')
				return NULL;
			cur = json_array_get(cur, (size_t)i);
			p = end + 1;
			continue;
		}
		size_t n = strcspn(p, ".[");
		char key[128];
		if (n >= sizeof key)
			return NULL;
		memcpy(key, p, n);
		key[n] = '\0';
		cur = json_object_get(cur, key);
		p += n;
	}
	return cur;
}

static json_int_t ji(json_t *root, const char *path)
{
	json_t *v = jp(root, path);
	return json_is_integer(v) ? json_integer_value(v) : -1;
}

static const char *js(json_t *root, const char *path)
{
	const char *s = json_string_value(jp(root, path));
	return s ? s : "";
}

static json_t *app_body(const char *code, const char *title)
{
	json_t *b = json_deep_copy(EXAMPLE);
	json_object_set_new(json_object_get(b, "applicant"), "code", json_string(code));
	if (title)
		json_object_set_new(b, "title", json_string(title));
	return b;
}

static json_t *review_body(int score)
{
	return json_pack("{s{sisisisisisi}ss}", "scores", "issue_solution", score, "kpi", score, "consortium_roles", score,
			 "running_cost_plan", score, "pdca", score, "cost_item_detail", score, "comment", "良い計画です");
}

/* POST /applications (body is consumed); returns the id or 0 (after a failed check) */
static json_int_t create_app(const char *name, const char *jar, json_t *body)
{
	h_resp r = rq(jar, "POST", "/api/v1/applications", body);
	json_decref(body);
	json_int_t id = ji(r.json, "id");
	bool ok = expect(name, &r, 201, NULL) && id > 0;
	h_resp_free(&r);
	return ok ? id : 0;
}

/* one transition/action: POST /applications/{id}/ACTION (body may be NULL) */
static bool act(const char *name, const char *jar, json_int_t id, const char *action, json_t *body, long status,
		const char *code)
{
	char suffix[64];
	snprintf(suffix, sizeof suffix, "/%s", action);
	h_resp r = rq(jar, "POST", ap(id, suffix), body);
	bool ok = expect(name, &r, status, code);
	h_resp_free(&r);
	return ok;
}

/* ---- "nothing changed" ---- */

typedef struct {
	char *apps; /* the applicants' listings: id, status, version, updated_at, title */
	size_t audit;
} snap;

static size_t audit_count(void)
{
	h_resp r = h_http(C, "GET", "/api/v1/audit", NULL, NULL, "admin");
	size_t n = r.status == 200 ? json_array_size(json_object_get(r.json, "entries")) : (size_t)-1;
	h_resp_free(&r);
	return n;
}

static snap snapshot(void)
{
	snap s = { 0 };
	json_t *all = json_object();
	static const char *const owners[] = { "natori", "chiyoda" };
	for (size_t i = 0; i < 2; i++) {
		h_resp r = h_http(C, "GET", "/api/v1/applications", NULL, NULL, owners[i]);
		json_object_set(all, owners[i], r.json ? r.json : json_null());
		h_resp_free(&r);
	}
	s.apps = json_dumps(all, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(all);
	s.audit = audit_count();
	return s;
}

static void snap_free(snap *s)
{
	free(s->apps);
	s->apps = NULL;
}

/* Compares with *before; when something changed, reports it and re-bases *before. */
static bool same_as(snap *before, char *why, size_t whylen)
{
	snap now = snapshot();
	bool apps_same = before->apps && now.apps && strcmp(before->apps, now.apps) == 0;
	bool audit_same = before->audit == now.audit;
	why[0] = '\0';
	if (!apps_same)
		snprintf(why, whylen, "applications changed: before %.300s after %.300s", before->apps ? before->apps : "?",
			 now.apps ? now.apps : "?");
	else if (!audit_same)
		snprintf(why, whylen, "audit entries changed: %zu → %zu", before->audit, now.audit);
	if (!apps_same || !audit_same) {
		snap_free(before);
		*before = now;
		return false;
	}
	snap_free(&now);
	return true;
}

/* A refused request: status want1 (or want2 if non-zero), code (if given), and nothing changed. */
static bool refused(const char *name, h_resp r, long want1, long want2, const char *code, snap *before)
{
	char why[800];
	bool status_ok = (r.status == want1 || (want2 != 0 && r.status == want2)) &&
			 (code == NULL || strcmp(h_err_code(&r), code) == 0);
	bool same = same_as(before, why, sizeof why);
	bool ok = h_check(name, status_ok && same, "%s → %s; want %ld%s%s%s%s%s", last_req, h_resp_brief(&r), want1,
			want2 ? " or " : "", want2 ? nm("%ld", want2) : "", code ? " " : "", code ? code : "",
			same ? "" : nm("; and %s", why));
	h_resp_free(&r);
	return ok;
}

/* ---- scenario 1: a full round ---- */

static json_int_t G_ID; /* the granted application of scenario 1 */

static const struct {
	const char *login, *role, *org;
} USERS[] = {
	{ "natori", "applicant", "042072" }, { "chiyoda", "applicant", "131016" }, { "rev1", "reviewer", NULL },
	{ "rev2", "reviewer", NULL },	     { "office", "secretariat", NULL },
};

static void scenario_full_round(void)
{
	/* users */
	for (size_t i = 0; i < sizeof USERS / sizeof USERS[0]; i++) {
		json_t *b = json_pack("{ssssss}", "login", USERS[i].login, "password", PW, "role", USERS[i].role);
		if (USERS[i].org)
			json_object_set_new(b, "organization", json_string(USERS[i].org));
		h_resp r = rq("admin", "POST", "/api/v1/users", b);
		json_decref(b);
		bool org_ok = USERS[i].org ? strcmp(js(r.json, "organization"), USERS[i].org) == 0
					   : json_is_null(json_object_get(r.json, "organization"));
		h_check(nm("round: admin creates %s %s", USERS[i].role, USERS[i].login),
		      r.status == 201 && ji(r.json, "id") > 0 && strcmp(js(r.json, "login"), USERS[i].login) == 0 &&
			      strcmp(js(r.json, "role"), USERS[i].role) == 0 && org_ok,
		      "%s → %s", last_req, h_resp_brief(&r));
		h_resp_free(&r);
	}
	json_t *dup = json_pack("{ssssssss}", "login", "natori", "password", PW, "role", "applicant", "organization", "042072");
	expect_free("round: creating an existing login is 409 DUPLICATE", rq("admin", "POST", "/api/v1/users", dup), 409, "DUPLICATE");
	json_decref(dup);
	for (size_t i = 0; i < sizeof USERS / sizeof USERS[0]; i++) {
		long st = h_login(C, USERS[i].login, USERS[i].login, PW);
		h_resp r = rq(USERS[i].login, "GET", "/api/v1/me", NULL);
		h_check(nm("round: %s logs in and /me shows role %s", USERS[i].login, USERS[i].role),
		      st == 200 && r.status == 200 && strcmp(js(r.json, "user.login"), USERS[i].login) == 0 &&
			      strcmp(js(r.json, "user.role"), USERS[i].role) == 0,
		      "login → %ld, %s → %s", st, last_req, h_resp_brief(&r));
		h_resp_free(&r);
	}

	/* create */
	json_t *body = json_deep_copy(EXAMPLE);
	h_resp r = rq("natori", "POST", "/api/v1/applications", body);
	json_int_t id = ji(r.json, "id");
	h_check("round: applicant creates the example → 201 draft v1, national_share_yen 27500000",
	      r.status == 201 && id > 0 && strcmp(js(r.json, "status"), "draft") == 0 && ji(r.json, "version") == 1 &&
		      ji(r.json, "check.national_share_yen") == 27500000,
	      "%s → %s", last_req, h_resp_brief(&r));
	h_resp_free(&r);
	if (id <= 0) {
		json_decref(body);
		h_check("round: cannot continue without an application", false, "create failed");
		return;
	}

	/* PUT version 2: 備品購入費 3,000,000 → 5,000,000 */
	json_object_set_new(jp(body, "services[0].cost_items[1]"), "amount_yen", json_integer(5000000));
	r = rq("natori", "PUT", ap(id, ""), body);
	h_check("round: PUT with a changed cost item → 200 v2, check amounts follow (57M eligible, 28.5M 国費)",
	      r.status == 200 && ji(r.json, "version") == 2 && strcmp(js(r.json, "status"), "draft") == 0 &&
		      ji(r.json, "check.eligible_cost_yen") == 57000000 && ji(r.json, "check.project_cost_yen") == 59000000 &&
		      ji(r.json, "check.national_share_yen") == 28500000 && ji(r.json, "check.local_share_yen") == 30500000,
	      "%s → %s", last_req, h_resp_brief(&r));
	h_resp_free(&r);
	r = rq("natori", "GET", ap(id, ""), NULL);
	h_check("round: GET shows v2 with the changed amount",
	      r.status == 200 && ji(r.json, "version") == 2 &&
		      ji(r.json, "application.services[0].cost_items[1].amount_yen") == 5000000 &&
		      strcmp(js(r.json, "round"), ROUND_KEY) == 0,
	      "%s → %s", last_req, h_resp_brief(&r));
	h_resp_free(&r);
	r = rq("natori", "GET", ap(id, "/versions"), NULL);
	json_t *vs = json_object_get(r.json, "versions");
	h_check("round: versions lists 1 and 2, saved by natori",
	      r.status == 200 && json_array_size(vs) == 2 && ji(vs, "[0].version") == 1 && ji(vs, "[1].version") == 2 &&
		      strcmp(js(vs, "[1].saved_by"), "natori") == 0 && js(vs, "[1].saved_at")[0] != '\0',
	      "%s → %s", last_req, h_resp_brief(&r));
	h_resp_free(&r);
	r = rq("natori", "GET", ap(id, "/check"), NULL);
	h_check("round: GET check of the current version → 28500000", r.status == 200 && ji(r.json, "national_share_yen") == 28500000,
	      "%s → %s", last_req, h_resp_brief(&r));
	h_resp_free(&r);

	/* consultation */
	act("round: consult → 200", "natori", id, "consult", NULL, 200, NULL);
	r = rq("natori", "GET", ap(id, ""), NULL);
	h_check("round: status is consultation", strcmp(js(r.json, "status"), "consultation") == 0, "%s → %s", last_req, h_resp_brief(&r));
	h_resp_free(&r);
	json_t *c1 = json_pack("{ss}", "body", "KPIの目標値の根拠を補足してください。");
	json_t *c2 = json_pack("{ss}", "body", "アンケート調査に基づく推計を追記しました。");
	act("round: office comments → 201", "office", id, "comments", c1, 201, NULL);
	act("round: applicant replies → 201", "natori", id, "comments", c2, 201, NULL);

	/* submit, screen, assign, review */
	act("round: submit → 200", "natori", id, "submit", NULL, 200, NULL);
	act("round: office screens → 200", "office", id, "screen", NULL, 200, NULL);
	json_t *as = json_pack("{ss}", "reviewer", "rev1");
	act("round: office assigns rev1 → 200", "office", id, "assign", as, 200, NULL);
	r = rq("rev1", "GET", ap(id, ""), NULL);
	h_check("round: assigned reviewer sees it under_review", r.status == 200 && strcmp(js(r.json, "status"), "under_review") == 0,
	      "%s → %s", last_req, h_resp_brief(&r));
	h_resp_free(&r);
	json_t *rv = review_body(4);
	act("round: reviewer posts scores → 201", "rev1", id, "reviews", rv, 201, NULL);

	/* decision */
	json_t *d_noreason = json_pack("{sssI}", "decision", "adopted", "amount_yen", (json_int_t)27000000);
	act("round: adopt 27,000,000 (< computed) without reason → 400 REASON_REQUIRED", "office", id, "decision", d_noreason,
	    400, "REASON_REQUIRED");
	json_t *d_above = json_pack("{sssIss}", "decision", "adopted", "amount_yen", (json_int_t)28500001, "reason", "上乗せ");
	act("round: adopt above the computed 国費 → 422 AMOUNT_ABOVE_COMPUTED", "office", id, "decision", d_above, 422,
	    "AMOUNT_ABOVE_COMPUTED");
	const char *reason = "備品購入費のうち150万円は他の補助金と重複するため減額";
	json_t *d = json_pack("{sssIss}", "decision", "adopted", "amount_yen", (json_int_t)27000000, "reason", reason);
	r = rq("office", "POST", ap(id, "/decision"), d);
	h_check("round: adopt 27,000,000 with a reason → 200 adopted",
	      r.status == 200 && strcmp(js(r.json, "status"), "adopted") == 0 && ji(r.json, "amount_yen") == 27000000,
	      "%s → %s", last_req, h_resp_brief(&r));
	h_resp_free(&r);
	act("round: naiji → 200", "office", id, "naiji", NULL, 200, NULL);
	act("round: grant → 200", "office", id, "grant", NULL, 200, NULL);

	/* KPI reports */
	json_t *k = json_pack("{sis[{sssi}]}", "fiscal_year", 2024, "values", "kpi", "駅－空港間1日平均バス利用人数", "value", 420);
	act("round: KPI report for 2024 → 201", "natori", id, "kpi-reports", k, 201, NULL);
	act("round: KPI report for 2024 again → 409", "natori", id, "kpi-reports", k, 409, NULL);
	json_t *k_old = json_pack("{sis[{sssi}]}", "fiscal_year", 2022, "values", "kpi", "x", "value", 1);
	act("round: KPI report for the round's own year (2022) → 400", "natori", id, "kpi-reports", k_old, 400, NULL);

	/* what everyone sees */
	r = rq("natori", "GET", ap(id, ""), NULL);
	h_check("round: applicant GET shows granted, v2, the decision, the KPI report, 2 comments, no reviews",
	      r.status == 200 && strcmp(js(r.json, "status"), "granted") == 0 && ji(r.json, "version") == 2 &&
		      strcmp(js(r.json, "decision.decision"), "adopted") == 0 && ji(r.json, "decision.amount_yen") == 27000000 &&
		      strcmp(js(r.json, "decision.reason"), reason) == 0 && json_array_size(jp(r.json, "kpi_reports")) == 1 &&
		      ji(r.json, "kpi_reports[0].fiscal_year") == 2024 && ji(r.json, "kpi_reports[0].values[0].value") == 420 &&
		      json_array_size(jp(r.json, "comments")) == 2 &&
		      strcmp(js(r.json, "comments[0].body"), json_string_value(json_object_get(c1, "body"))) == 0 &&
		      json_is_array(jp(r.json, "reviews")) && json_array_size(jp(r.json, "reviews")) == 0,
	      "%s → %s", last_req, h_resp_brief(&r));
	h_resp_free(&r);
	r = rq("office", "GET", ap(id, ""), NULL);
	h_check("round: office GET shows the review", r.status == 200 && json_array_size(jp(r.json, "reviews")) == 1 &&
							   strcmp(js(r.json, "reviews[0].reviewer"), "rev1") == 0 &&
							   ji(r.json, "reviews[0].scores.kpi") == 4,
	      "%s → %s", last_req, h_resp_brief(&r));
	h_resp_free(&r);

	/* listings */
	static const struct {
		const char *who;
		bool sees;
	} lists[] = { { "natori", true }, { "chiyoda", false }, { "rev1", true }, { "rev2", false }, { "office", true } };
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		r = rq(lists[i].who, "GET", "/api/v1/applications", NULL);
		bool found = false;
		size_t j;
		json_t *a;
		json_array_foreach(json_object_get(r.json, "applications"), j, a) found |= ji(a, "id") == id;
		h_check(nm("round: GET /applications as %s %s it", lists[i].who, lists[i].sees ? "lists" : "does not list"),
		      r.status == 200 && found == lists[i].sees, "%s → %s", last_req, h_resp_brief(&r));
		h_resp_free(&r);
	}

	/* the audit trail, in order */
	static const char *const want[][2] = {
		{ "application.create", "natori" }, { "application.save", "natori" },	  { "application.consult", "natori" },
		{ "comment.add", "office" },	    { "comment.add", "natori" },	  { "application.submit", "natori" },
		{ "application.screen", "office" }, { "application.assign", "office" },	  { "review.put", "rev1" },
		{ "application.adopt", "office" },  { "application.naiji", "office" },	  { "application.grant", "office" },
		{ "kpi.report", "natori" },
	};
	size_t nwant = sizeof want / sizeof want[0];
	r = rq("admin", "GET", nm("/api/v1/audit?application=%lld", (long long)id), NULL);
	json_t *entries = json_object_get(r.json, "entries");
	char got[1200] = "";
	size_t j;
	json_t *e;
	bool order_ok = json_array_size(entries) == nwant;
	json_int_t prev_id = 0;
	json_array_foreach(entries, j, e)
	{
		size_t used = strlen(got);
		snprintf(got + used, sizeof got - used, "%s%s/%s", j ? ", " : "", js(e, "action"), js(e, "actor"));
		if (j < nwant && (strcmp(js(e, "action"), want[j][0]) != 0 || strcmp(js(e, "actor"), want[j][1]) != 0 ||
				  ji(e, "application") != id || ji(e, "id") <= prev_id || js(e, "at")[0] == '\0'))
			order_ok = false;
		prev_id = ji(e, "id");
	}
	h_check("round: audit lists every step in order with its actor", r.status == 200 && order_ok, "%s → %ld, entries: %s",
	      last_req, r.status, got);
	json_t *save = NULL;
	json_array_foreach(entries, j, e) if (strcmp(js(e, "action"), "application.save") == 0) save = e;
	h_check("round: the save entry records before {version 1} and after {version 2}",
	      save && ji(save, "before.version") == 1 && ji(save, "after.version") == 2, "save entry: %s",
	      save ? nm("before %lld after %lld", (long long)ji(save, "before.version"), (long long)ji(save, "after.version")) : "missing");
	h_resp_free(&r);
	r = rq("natori", "GET", nm("/api/v1/audit?application=%lld", (long long)id), NULL);
	bool has_create = false;
	json_array_foreach(json_object_get(r.json, "entries"), j, e) has_create |= strcmp(js(e, "action"), "application.create") == 0;
	h_check("round: the applicant reads the audit of its own application", r.status == 200 && has_create, "%s → %s", last_req,
	      h_resp_brief(&r));
	/* the applicant sees no reviews (GET /applications/{id}: "the applicant none"), so its view of
	 * the audit must not reveal them either: neither the scores nor who reviewed */
	char leaks[1500] = "";
	json_array_foreach(json_object_get(r.json, "entries"), j, e)
	{
		char *one = json_dumps(e, JSON_COMPACT);
		if (one && (strstr(one, "issue_solution") || strstr(one, "\"rev1\""))) {
			size_t used = strlen(leaks);
			snprintf(leaks + used, sizeof leaks - used, "%s%s", used ? " " : "", one);
		}
		free(one);
	}
	h_check("round: the applicant's audit view does not reveal the reviews (scores, reviewer)",
	      r.status == 200 && leaks[0] == '\0', "%s → %ld with entries revealing the review: %s", last_req, r.status, leaks);
	h_resp_free(&r);

	G_ID = id;
	json_decref(body);
	json_decref(c1);
	json_decref(c2);
	json_decref(as);
	json_decref(rv);
	json_decref(d_noreason);
	json_decref(d_above);
	json_decref(d);
	json_decref(k);
	json_decref(k_old);
}

/* ---- scenario 2: who may not do what ---- */

enum body_kind { B_NONE, B_APP, B_COMMENT, B_KPI, B_REVIEW, B_DECISION, B_ASSIGN };

static json_t *make_body(enum body_kind k)
{
	switch (k) {
	case B_NONE: return NULL;
	case B_APP: return app_body("042072", "乗っ取り");
	case B_COMMENT: return json_pack("{ss}", "body", "書けてはいけないコメント");
	case B_KPI: return json_pack("{sis[{sssi}]}", "fiscal_year", 2025, "values", "kpi", "x", "value", 1);
	case B_REVIEW: return review_body(1);
	case B_DECISION: return json_pack("{sssiss}", "decision", "adopted", "amount_yen", 1, "reason", "x");
	case B_ASSIGN: return json_pack("{ss}", "reviewer", "rev2");
	}
	return NULL;
}

typedef struct {
	const char *method, *suffix;
	enum body_kind body;
} endpoint;

static const endpoint APP_ENDPOINTS[] = {
	{ "GET", "", B_NONE },			{ "PUT", "", B_APP },			 { "GET", "/versions", B_NONE },
	{ "GET", "/check", B_NONE },		{ "POST", "/consult", B_NONE },		 { "POST", "/submit", B_NONE },
	{ "POST", "/withdraw", B_NONE },	{ "POST", "/comments", B_COMMENT },	 { "POST", "/kpi-reports", B_KPI },
	{ "POST", "/screen", B_NONE },		{ "POST", "/assign", B_ASSIGN },	 { "POST", "/reviews", B_REVIEW },
	{ "POST", "/decision", B_DECISION },	{ "POST", "/naiji", B_NONE },		 { "POST", "/grant", B_NONE },
};
#define N_APP_ENDPOINTS (sizeof APP_ENDPOINTS / sizeof APP_ENDPOINTS[0])

static const endpoint *find_ep(const char *method, const char *suffix)
{
	for (size_t i = 0; i < N_APP_ENDPOINTS; i++)
		if (strcmp(APP_ENDPOINTS[i].method, method) == 0 && strcmp(APP_ENDPOINTS[i].suffix, suffix) == 0)
			return &APP_ENDPOINTS[i];
	return NULL;
}

static void try_refused(const char *who, const char *target_name, json_int_t id, const endpoint *ep, long want1, long want2,
			const char *code, snap *sn)
{
	json_t *b = make_body(ep->body);
	h_resp r = rq(who, ep->method, ap(id, ep->suffix), b);
	json_decref(b);
	refused(nm("forbidden: %s %s %s on %s → %ld%s, nothing changed", who ? who : "anonymous", ep->method,
		   ep->suffix[0] ? ep->suffix : "/{id}", target_name, want1, want2 ? nm("/%ld", want2) : ""),
		r, want1, want2, code, sn);
}

/* fixtures shared by scenarios 2–4 */
static json_int_t D_ID, CONS_ID, U_ID;

static void scenario_forbidden(void)
{
	D_ID = create_app("forbidden: fixture draft", "natori", app_body("042072", "下書きの申請"));
	CONS_ID = create_app("forbidden: fixture consultation", "natori", app_body("042072", "事前相談中の申請"));
	act("forbidden: fixture consultation → consult", "natori", CONS_ID, "consult", NULL, 200, NULL);
	U_ID = create_app("forbidden: fixture under review", "natori", app_body("042072", "審査中の申請"));
	act("forbidden: fixture under review → submit", "natori", U_ID, "submit", NULL, 200, NULL);
	act("forbidden: fixture under review → screen", "office", U_ID, "screen", NULL, 200, NULL);
	json_t *as = json_pack("{ss}", "reviewer", "rev1");
	act("forbidden: fixture under review → assign rev1", "office", U_ID, "assign", as, 200, NULL);
	json_decref(as);
	if (!D_ID || !CONS_ID || !U_ID)
		return;

	snap sn = snapshot();
	struct {
		const char *name;
		json_int_t id;
	} targets[] = { { "natori's draft", D_ID }, { "natori's consultation", CONS_ID }, { "natori's under_review", U_ID },
			{ "natori's granted", G_ID } };
	size_t ntargets = G_ID ? 4 : 3;

	/* the second applicant: every application endpoint on every state of someone else's application */
	for (size_t t = 0; t < ntargets; t++)
		for (size_t e = 0; e < N_APP_ENDPOINTS; e++)
			try_refused("chiyoda", targets[t].name, targets[t].id, &APP_ENDPOINTS[e], 404, 0, NULL, &sn); /* never 403: ids cannot be probed */
	for (size_t t = 0; t < ntargets; t++) {
		h_resp r = rq("chiyoda", "GET", nm("/api/v1/audit?application=%lld", (long long)targets[t].id), NULL);
		refused(nm("forbidden: chiyoda GET /audit?application= on %s → 404", targets[t].name), r, 404, 0, NULL, &sn);
	}
	json_t *other = app_body("042072", "他団体の申請書");
	refused("forbidden: chiyoda POST /applications for 042072 (not its organization) → 403",
		rq("chiyoda", "POST", "/api/v1/applications", other), 403, 0, NULL, &sn);
	json_decref(other);

	/* reviewers */
	static const char *const rev2_on[][2] = { { "GET", "" },	   { "GET", "/versions" }, { "GET", "/check" },
						  { "POST", "/reviews" }, { "POST", "/comments" }, { "PUT", "" } };
	for (size_t t = 2; t < ntargets; t++)
		for (size_t i = 0; i < sizeof rev2_on / sizeof rev2_on[0]; i++)
			try_refused("rev2", nm("%s (rev2 not assigned)", targets[t].name), targets[t].id,
				    find_ep(rev2_on[i][0], rev2_on[i][1]), 404, 0, NULL, &sn);
	for (size_t t = 0; t < 2; t++) {
		try_refused("rev1", targets[t].name, targets[t].id, find_ep("GET", ""), 404, 0, NULL, &sn);
		try_refused("rev1", targets[t].name, targets[t].id, find_ep("POST", "/reviews"), 404, 0, NULL, &sn);
		try_refused("rev1", targets[t].name, targets[t].id, find_ep("GET", "/versions"), 404, 0, NULL, &sn);
	}
	static const char *const rev1_on_u[][2] = { { "PUT", "" },	       { "POST", "/consult" },	 { "POST", "/submit" },
						    { "POST", "/withdraw" },   { "POST", "/comments" },	 { "POST", "/kpi-reports" },
						    { "POST", "/screen" },     { "POST", "/assign" },	 { "POST", "/decision" },
						    { "POST", "/naiji" },      { "POST", "/grant" } };
	for (size_t i = 0; i < sizeof rev1_on_u / sizeof rev1_on_u[0]; i++)
		try_refused("rev1", "natori's under_review (assigned)", U_ID, find_ep(rev1_on_u[i][0], rev1_on_u[i][1]), 403, 0,
			    NULL, &sn);

	/* the owner may not act for the office or the reviewers */
	static const char *const owner_on_u[] = { "/screen", "/assign", "/decision", "/naiji", "/grant", "/reviews" };
	for (size_t i = 0; i < sizeof owner_on_u / sizeof owner_on_u[0]; i++)
		try_refused("natori", "its own under_review", U_ID, find_ep("POST", owner_on_u[i]), 403, 0, NULL, &sn);

	/* the office: no drafts, no applicant actions, no reviews */
	for (size_t e = 0; e < N_APP_ENDPOINTS; e++)
		try_refused("office", targets[0].name, D_ID, &APP_ENDPOINTS[e], 404, 0, NULL, &sn);
	static const char *const office_on_cons[][2] = { { "PUT", "" }, { "POST", "/submit" }, { "POST", "/withdraw" },
							 { "POST", "/consult" }, { "POST", "/kpi-reports" } };
	for (size_t i = 0; i < sizeof office_on_cons / sizeof office_on_cons[0]; i++)
		try_refused("office", targets[1].name, CONS_ID, find_ep(office_on_cons[i][0], office_on_cons[i][1]), 403, 0, NULL,
			    &sn);
	try_refused("office", targets[2].name, U_ID, find_ep("POST", "/reviews"), 403, 0, NULL, &sn);
	if (G_ID)
		try_refused("office", targets[3].name, G_ID, find_ep("POST", "/kpi-reports"), 403, 0, NULL, &sn);
	try_refused("admin", targets[0].name, D_ID, find_ep("GET", ""), 404, 0, NULL, &sn);
	/* the audit trail of an application follows the application's own access rule
	 * (issue 10 #6): a never-shared draft's trail and an unknown id are 404 */
	refused("forbidden: office GET /audit?application= on natori's draft → 404",
		rq("office", "GET", nm("/api/v1/audit?application=%lld", (long long)D_ID), NULL), 404, 0, "NOT_FOUND", &sn);
	refused("forbidden: admin GET /audit?application= on an unknown id → 404",
		rq("admin", "GET", "/api/v1/audit?application=999999", NULL), 404, 0, "NOT_FOUND", &sn);

	/* users and the audit log */
	static const struct {
		const char *who, *role, *org;
	} user_adds[] = { { "natori", "applicant", "042072" }, { "natori", "reviewer", NULL },	 { "rev1", "reviewer", NULL },
			  { "office", "admin", NULL },		{ "office", "secretariat", NULL }, { "chiyoda", "admin", NULL } };
	for (size_t i = 0; i < sizeof user_adds / sizeof user_adds[0]; i++) {
		json_t *b = json_pack("{ssssss}", "login", nm("new-%zu", i), "password", PW, "role", user_adds[i].role);
		if (user_adds[i].org)
			json_object_set_new(b, "organization", json_string(user_adds[i].org));
		h_resp r = rq(user_adds[i].who, "POST", "/api/v1/users", b);
		json_decref(b);
		refused(nm("forbidden: %s POST /users role %s → 403", user_adds[i].who, user_adds[i].role), r, 403, 0, NULL, &sn);
	}
	static const char *const audit_readers[] = { "natori", "chiyoda", "rev1" };
	for (size_t i = 0; i < 3; i++)
		refused(nm("forbidden: %s GET /audit (all) → 403", audit_readers[i]),
			rq(audit_readers[i], "GET", "/api/v1/audit", NULL), 403, 0, NULL, &sn);
	refused("forbidden: rev1 GET /audit?application= on its assigned application → 403",
		rq("rev1", "GET", nm("/api/v1/audit?application=%lld", (long long)U_ID), NULL), 403, 0, NULL, &sn);
	refused("forbidden: office POST /applications → 403",
		rq("office", "POST", "/api/v1/applications", EXAMPLE), 403, 0, NULL, &sn);

	/* anonymous and a forged cookie: 401 on everything that needs a login */
	h_jar_set(C, "forged", "digiden_session=0000000000000000000000000000000000000000000000000000000000000000");
	static const char *const nobodies[] = { NULL, "forged" };
	for (size_t k = 0; k < 2; k++) {
		for (size_t e = 0; e < N_APP_ENDPOINTS; e++)
			try_refused(nobodies[k], "natori's under_review", U_ID, &APP_ENDPOINTS[e], 401, 0, "LOGIN_REQUIRED", &sn);
		static const struct {
			const char *method, *path;
			enum body_kind b;
		} plain[] = { { "GET", "/api/v1/me", B_NONE },
			      { "POST", "/api/v1/users", B_NONE },
			      { "GET", "/api/v1/applications", B_NONE },
			      { "POST", "/api/v1/applications", B_APP },
			      { "GET", "/api/v1/audit", B_NONE },
			      { "GET", "/api/v1/audit?application=1", B_NONE } };
		for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
			json_t *b = plain[i].b == B_APP ? app_body("042072", "x")
				    : strcmp(plain[i].path, "/api/v1/users") == 0
					    ? json_pack("{ssssss}", "login", "anon-user", "password", PW, "role", "admin")
					    : NULL;
			h_resp r = rq(nobodies[k], plain[i].method, plain[i].path, b);
			json_decref(b);
			refused(nm("forbidden: %s %s %s → 401", nobodies[k] ? "forged cookie" : "anonymous", plain[i].method,
				   plain[i].path),
				r, 401, 0, "LOGIN_REQUIRED", &sn);
		}
	}
	snap_free(&sn);
}

/* ---- scenario 3: illegal transitions ---- */

static void illegal(const char *name, const char *jar, json_int_t id, const char *action, json_t *body, const char *code,
		    snap *sn)
{
	char suffix[64];
	snprintf(suffix, sizeof suffix, "/%s", action);
	h_resp r = rq(jar, "POST", ap(id, suffix), body);
	refused(name, r, 409, 0, code, sn);
}

static void scenario_transitions(void)
{
	json_int_t id = create_app("transitions: create", "natori", app_body("042072", "状態遷移の確認"));
	if (!id)
		return;
	snap sn = snapshot();
	json_t *as = json_pack("{ss}", "reviewer", "rev1");
	json_t *rv = review_body(3);
	json_t *adopt_full = json_pack("{sssI}", "decision", "adopted", "amount_yen", (json_int_t)27500000);
	json_t *put = app_body("042072", "提出後の編集");
	json_t *kpi = make_body(B_KPI);
	json_t *cm = make_body(B_COMMENT);

	illegal("transitions: screen a consultation-state application → 409 ILLEGAL_TRANSITION", "office", CONS_ID, "screen",
		NULL, "ILLEGAL_TRANSITION", &sn);
	refused("transitions: office screens a draft → 404 (cannot see drafts)", rq("office", "POST", ap(id, "/screen"), NULL),
		404, 0, NULL, &sn);
	illegal("transitions: comment on a draft → 409", "natori", id, "comments", cm, "ILLEGAL_TRANSITION", &sn);
	illegal("transitions: KPI report on a draft → 409", "natori", id, "kpi-reports", kpi, "ILLEGAL_TRANSITION", &sn);
	expect_free("transitions: submit directly from draft → 200", rq("natori", "POST", ap(id, "/submit"), NULL), 200, NULL);
	snap_free(&sn);
	sn = snapshot();
	illegal("transitions: submit twice → 409 ILLEGAL_TRANSITION", "natori", id, "submit", NULL, "ILLEGAL_TRANSITION", &sn);
	illegal("transitions: consult after submit → 409", "natori", id, "consult", NULL, "ILLEGAL_TRANSITION", &sn);
	refused("transitions: PUT after submit → 409 ILLEGAL_TRANSITION", rq("natori", "PUT", ap(id, ""), put), 409, 0,
		"ILLEGAL_TRANSITION", &sn);
	illegal("transitions: decide a submitted application → 409", "office", id, "decision", adopt_full, "ILLEGAL_TRANSITION", &sn);
	illegal("transitions: assign before screening → 409", "office", id, "assign", as, "ILLEGAL_TRANSITION", &sn);
	illegal("transitions: naiji before decision (submitted) → 409", "office", id, "naiji", NULL, "ILLEGAL_TRANSITION", &sn);
	expect_free("transitions: screen → 200", rq("office", "POST", ap(id, "/screen"), NULL), 200, NULL);
	snap_free(&sn);
	sn = snapshot();
	illegal("transitions: screen twice → 409", "office", id, "screen", NULL, "ILLEGAL_TRANSITION", &sn);
	illegal("transitions: decide before review (screened) → 409 ILLEGAL_TRANSITION", "office", id, "decision", adopt_full,
		"ILLEGAL_TRANSITION", &sn);
	illegal("transitions: grant before naiji (screened) → 409", "office", id, "grant", NULL, "ILLEGAL_TRANSITION", &sn);
	expect_free("transitions: assign → 200", rq("office", "POST", ap(id, "/assign"), as), 200, NULL);
	snap_free(&sn);
	sn = snapshot();
	illegal("transitions: decide with no review yet → 409 NO_REVIEW", "office", id, "decision", adopt_full, "NO_REVIEW", &sn);
	illegal("transitions: naiji before decision (under_review) → 409", "office", id, "naiji", NULL, "ILLEGAL_TRANSITION", &sn);
	illegal("transitions: grant before naiji (under_review) → 409", "office", id, "grant", NULL, "ILLEGAL_TRANSITION", &sn);
	expect_free("transitions: review → 201", rq("rev1", "POST", ap(id, "/reviews"), rv), 201, NULL);
	expect_free("transitions: re-posting the review replaces it → 201", rq("rev1", "POST", ap(id, "/reviews"), rv), 201, NULL);
	h_resp r = rq("office", "GET", ap(id, ""), NULL);
	h_check("transitions: one review after re-posting", json_array_size(jp(r.json, "reviews")) == 1, "%s → %s", last_req,
	      h_resp_brief(&r));
	h_resp_free(&r);
	/* a second reviewer: under_review → under_review; each reviewer sees only its own review */
	json_t *as2 = json_pack("{ss}", "reviewer", "rev2");
	expect_free("transitions: assign a second reviewer while under review → 200", rq("office", "POST", ap(id, "/assign"), as2),
		    200, NULL);
	json_decref(as2);
	r = rq("rev2", "GET", ap(id, ""), NULL);
	h_check("transitions: the second reviewer does not see the first one's review",
	      r.status == 200 && json_is_array(jp(r.json, "reviews")) && json_array_size(jp(r.json, "reviews")) == 0, "%s → %s",
	      last_req, h_resp_brief(&r));
	h_resp_free(&r);
	json_t *rv5 = review_body(5);
	expect_free("transitions: the second reviewer posts → 201", rq("rev2", "POST", ap(id, "/reviews"), rv5), 201, NULL);
	json_decref(rv5);
	r = rq("rev2", "GET", ap(id, ""), NULL);
	h_check("transitions: the second reviewer sees only its own review",
	      r.status == 200 && json_array_size(jp(r.json, "reviews")) == 1 && strcmp(js(r.json, "reviews[0].reviewer"), "rev2") == 0,
	      "%s → %s", last_req, h_resp_brief(&r));
	h_resp_free(&r);
	r = rq("office", "GET", ap(id, ""), NULL);
	h_check("transitions: the office sees both reviews", r.status == 200 && json_array_size(jp(r.json, "reviews")) == 2,
	      "%s → %s", last_req, h_resp_brief(&r));
	h_resp_free(&r);
	snap_free(&sn);
	sn = snapshot();
	expect_free("transitions: adopt the full computed amount without a reason → 200",
		    rq("office", "POST", ap(id, "/decision"), adopt_full), 200, NULL);
	snap_free(&sn);
	sn = snapshot();
	illegal("transitions: decide twice → 409", "office", id, "decision", adopt_full, "ILLEGAL_TRANSITION", &sn);
	illegal("transitions: grant before naiji (adopted) → 409 ILLEGAL_TRANSITION", "office", id, "grant", NULL,
		"ILLEGAL_TRANSITION", &sn);
	illegal("transitions: KPI report before grant → 409", "natori", id, "kpi-reports", kpi, "ILLEGAL_TRANSITION", &sn);
	illegal("transitions: review after the decision → 409", "rev1", id, "reviews", rv, "ILLEGAL_TRANSITION", &sn);
	expect_free("transitions: naiji → 200", rq("office", "POST", ap(id, "/naiji"), NULL), 200, NULL);
	snap_free(&sn);
	sn = snapshot();
	illegal("transitions: naiji twice → 409", "office", id, "naiji", NULL, "ILLEGAL_TRANSITION", &sn);
	expect_free("transitions: grant → 200", rq("office", "POST", ap(id, "/grant"), NULL), 200, NULL);
	snap_free(&sn);
	sn = snapshot();
	illegal("transitions: withdraw after grant → 409 ILLEGAL_TRANSITION", "natori", id, "withdraw", NULL, "ILLEGAL_TRANSITION",
		&sn);
	illegal("transitions: grant twice → 409", "office", id, "grant", NULL, "ILLEGAL_TRANSITION", &sn);
	if (G_ID)
		illegal("transitions: withdraw the scenario-1 grant → 409", "natori", G_ID, "withdraw", NULL, "ILLEGAL_TRANSITION",
			&sn);

	/* rejection and withdrawal (the second applicant) */
	json_int_t rj = create_app("transitions: chiyoda creates", "chiyoda", app_body("131016", "千代田区の申請"));
	if (rj) {
		expect_free("transitions: chiyoda submits → 200", rq("chiyoda", "POST", ap(rj, "/submit"), NULL), 200, NULL);
		expect_free("transitions: office screens chiyoda's → 200", rq("office", "POST", ap(rj, "/screen"), NULL), 200, NULL);
		expect_free("transitions: office assigns rev1 to chiyoda's → 200", rq("office", "POST", ap(rj, "/assign"), as), 200, NULL);
		expect_free("transitions: rev1 reviews chiyoda's → 201", rq("rev1", "POST", ap(rj, "/reviews"), rv), 201, NULL);
		snap_free(&sn);
		sn = snapshot();
		json_t *rej0 = json_pack("{ss}", "decision", "rejected");
		refused("transitions: reject without a reason → 400 REASON_REQUIRED",
			rq("office", "POST", ap(rj, "/decision"), rej0), 400, 0, "REASON_REQUIRED", &sn);
		json_decref(rej0);
		json_t *rej = json_pack("{ssss}", "decision", "rejected", "reason", "KPIの設定根拠が不十分");
		expect_free("transitions: reject with a reason → 200", rq("office", "POST", ap(rj, "/decision"), rej), 200, NULL);
		json_decref(rej);
		snap_free(&sn);
		sn = snapshot();
		illegal("transitions: withdraw after rejection → 409", "chiyoda", rj, "withdraw", NULL, "ILLEGAL_TRANSITION", &sn);
		illegal("transitions: naiji after rejection → 409", "office", rj, "naiji", NULL, "ILLEGAL_TRANSITION", &sn);
	}
	json_int_t wd = create_app("transitions: chiyoda creates another", "chiyoda", app_body("131016", "取下げる申請"));
	if (wd) {
		expect_free("transitions: consult → 200", rq("chiyoda", "POST", ap(wd, "/consult"), NULL), 200, NULL);
		expect_free("transitions: withdraw from consultation → 200", rq("chiyoda", "POST", ap(wd, "/withdraw"), NULL), 200,
			    NULL);
		snap_free(&sn);
		sn = snapshot();
		illegal("transitions: withdraw twice → 409", "chiyoda", wd, "withdraw", NULL, "ILLEGAL_TRANSITION", &sn);
		illegal("transitions: submit after withdrawal → 409", "chiyoda", wd, "submit", NULL, "ILLEGAL_TRANSITION", &sn);
		refused("transitions: PUT after withdrawal → 409", rq("chiyoda", "PUT", ap(wd, ""), put), 409, 0,
			"ILLEGAL_TRANSITION", &sn);
		/* shared through 事前相談 before the withdrawal: the office still sees it */
		expect_free("visibility: office sees a withdrawn application it was consulted on → 200", rq("office", "GET", ap(wd, ""), NULL),
			    200, NULL);
	}
	/* a draft withdrawn before it was ever shared stays the applicant's own */
	json_int_t pd = create_app("visibility: chiyoda creates a private draft", "chiyoda", app_body("131016", "共有しない下書き"));
	if (pd) {
		expect_free("visibility: withdraw the unshared draft → 200", rq("chiyoda", "POST", ap(pd, "/withdraw"), NULL), 200, NULL);
		snap_free(&sn);
		sn = snapshot();
		refused("visibility: office cannot open a draft withdrawn unshared → 404", rq("office", "GET", ap(pd, ""), NULL), 404, 0,
			"NOT_FOUND", &sn);
		h_resp lst = rq("office", "GET", "/api/v1/applications", NULL);
		bool listed = false;
		size_t li;
		json_t *la;
		json_array_foreach(json_object_get(lst.json, "applications"), li, la)
		listed = listed || json_integer_value(json_object_get(la, "id")) == pd;
		expect_free("visibility: the office list leaves it out", lst, 200, NULL);
		h_check("visibility: the unshared withdrawn draft is not in the office list", !listed, "id %lld listed", (long long)pd);
	}

	/* submit with rule errors */
	json_t *noc = app_body("042072", "推進体制なし");
	json_object_del(noc, "consortium");
	json_int_t bad = create_app("transitions: create without consortium → 201 (drafts may have errors)", "natori", noc);
	noc = NULL;
	if (bad) {
		snap_free(&sn);
		sn = snapshot();
		r = rq("natori", "POST", ap(bad, "/submit"), NULL);
		bool has_path = false;
		size_t i;
		json_t *dd;
		json_array_foreach(jp(r.json, "error.details"), i, dd) has_path |= strcmp(js(dd, "path"), "consortium") == 0;
		h_check("transitions: submit with rule errors → 422 RULE_ERRORS with a detail at path consortium",
		      r.status == 422 && strcmp(h_err_code(&r), "RULE_ERRORS") == 0 && has_path, "%s → %s", last_req,
		      h_resp_brief(&r));
		refused("transitions: … and nothing changed", r, 422, 0, "RULE_ERRORS", &sn);
	}
	json_decref(noc);

	snap_free(&sn);
	json_decref(as);
	json_decref(rv);
	json_decref(adopt_full);
	json_decref(put);
	json_decref(kpi);
	json_decref(cm);
}

/* ---- scenario 4: bad input ---- */

static void scenario_bad_input(void)
{
	if (!D_ID)
		return;
	snap sn = snapshot();
	const char *dpath = ap(D_ID, "");
	static const char malformed[] = "{\"round\": \"digital-implementation/fy2022-supp\", \"menu\": ";
	refused("bad input: malformed JSON in PUT → 400 MALFORMED_JSON",
		rqs("natori", "PUT", dpath, "application/json", malformed, strlen(malformed)), 400, 0, "MALFORMED_JSON", &sn);
	refused("bad input: malformed JSON in POST /applications → 400 MALFORMED_JSON",
		rqs("natori", "POST", "/api/v1/applications", "application/json", malformed, strlen(malformed)), 400, 0,
		"MALFORMED_JSON", &sn);
	static const char dupkeys[] = "{\"title\": \"a\", \"title\": \"b\"}";
	refused("bad input: duplicate keys → 400 MALFORMED_JSON",
		rqs("natori", "PUT", dpath, "application/json", dupkeys, strlen(dupkeys)), 400, 0, "MALFORMED_JSON", &sn);
	refused("bad input: empty body with application/json → 400",
		rqs("natori", "PUT", dpath, "application/json", "", 0), 400, 0, NULL, &sn);
	refused("bad input: a JSON array as the application → 400",
		rqs("natori", "PUT", dpath, "application/json", "[1,2]", 5), 400, 0, NULL, &sn);
	static const char nul[] = "{\"title\": \"a\\u0000b\"}";
	refused("bad input: \\u0000 in a string → 400",
		rqs("natori", "PUT", dpath, "application/json", nul, strlen(nul)), 400, 0, NULL, &sn);

	char *good = json_dumps(EXAMPLE, JSON_COMPACT);
	static const char *const bad_types[] = { "text/plain", "application/x-www-form-urlencoded", "application/jsonx",
						 "multipart/form-data; boundary=x", NULL };
	for (size_t i = 0; i < sizeof bad_types / sizeof bad_types[0]; i++) {
		refused(nm("bad input: PUT with Content-Type %s → 415", bad_types[i] ? bad_types[i] : "(none)"),
			rqs("natori", "PUT", dpath, bad_types[i], good, strlen(good)), 415, 0, NULL, &sn);
	}
	static const char login_x[] = "{\"login\":\"natori\",\"password\":\"x\"}";
	refused("bad input: POST /session with text/plain → 415",
		rqs(NULL, "POST", "/api/v1/session", "text/plain", login_x, strlen(login_x)), 415, 0, NULL, &sn);
	h_resp r = rqs(NULL, "POST", "/api/v1/check", "application/json; charset=utf-8", good, strlen(good));
	h_check("bad input: Content-Type application/json; charset=utf-8 is accepted", r.status == 200, "%s → %s", last_req,
	      h_resp_brief(&r));
	h_resp_free(&r);

	/* 2 MiB */
	size_t big = 2u << 20;
	char *huge = malloc(big + 1);
	if (huge) {
		memcpy(huge, "{\"title\":\"", 10);
		memset(huge + 10, 'a', big - 12);
		memcpy(huge + big - 2, "\"}", 2);
		huge[big] = '\0';
		refused("bad input: 2 MiB PUT → 413", rqs("natori", "PUT", dpath, "application/json", huge, big), 413, 0, NULL, &sn);
		refused("bad input: 2 MiB anonymous POST /check → 413",
			rqs(NULL, "POST", "/api/v1/check", "application/json", huge, big), 413, 0, NULL, &sn);
		refused("bad input: 2 MiB login → 413",
			rqs(NULL, "POST", "/api/v1/session", "application/json", huge, big), 413, 0, NULL, &sn);
		free(huge);
	}
	/* the limit is "larger than 1 MiB": exactly 1 MiB passes, one byte more does not */
	size_t mib = (size_t)1 << 20;
	char *edge = malloc(mib + 2);
	if (edge) {
		size_t gl = strlen(good);
		memset(edge, ' ', mib + 1);
		memcpy(edge, good, gl);
		edge[mib + 1] = '\0';
		r = rqs(NULL, "POST", "/api/v1/check", "application/json", edge, mib);
		h_check("bad input: a body of exactly 1 MiB is accepted → 200",
		      r.status == 200 && ji(r.json, "national_share_yen") == 27500000, "%s → %s", last_req, h_resp_brief(&r));
		h_resp_free(&r);
		refused("bad input: a body of 1 MiB + 1 byte → 413", rqs(NULL, "POST", "/api/v1/check", "application/json", edge, mib + 1),
			413, 0, NULL, &sn);
		free(edge);
	}
	/* without Content-Length (chunked), the limit applies while reading */
	r = h_http_chunked(C, "POST", "/api/v1/check", "application/json", good, strlen(good), NULL);
	snprintf(last_req, sizeof last_req, "POST /api/v1/check chunked (%zu bytes)", strlen(good));
	h_check("bad input: a small chunked body is read → 200", r.status == 200 && ji(r.json, "national_share_yen") == 27500000,
	      "%s → %s", last_req, h_resp_brief(&r));
	h_resp_free(&r);
	huge = malloc(big + 1);
	if (huge) {
		memcpy(huge, "{\"title\":\"", 10);
		memset(huge + 10, 'a', big - 12);
		memcpy(huge + big - 2, "\"}", 2);
		huge[big] = '\0';
		snprintf(last_req, sizeof last_req, "PUT %s as natori, 2 MiB chunked", dpath);
		refused("bad input: 2 MiB chunked PUT → 413", h_http_chunked(C, "PUT", dpath, "application/json", huge, big, "natori"),
			413, 0, NULL, &sn);
		free(huge);
	}

	/* deeply nested and oversize numbers */
	size_t depth = 100000;
	char *deep = malloc(depth * 2 + 1);
	if (deep) {
		memset(deep, '[', depth);
		memset(deep + depth, ']', depth);
		deep[depth * 2] = '\0';
		refused("bad input: 100000 nested arrays → 400", rqs(NULL, "POST", "/api/v1/check", "application/json", deep, depth * 2),
			400, 0, NULL, &sn);
		free(deep);
	}
	static const char bignum[] = "{\"format\":\"digiden/application/1\",\"amount_yen\":99999999999999999999999}";
	refused("bad input: an integer beyond 64 bits → 400",
		rqs(NULL, "POST", "/api/v1/check", "application/json", bignum, strlen(bignum)), 400, 0, NULL, &sn);

	/* ids */
	static const char *const ids[] = { "abc", "0", "-1", "1.5", "1abc", "99999999999999999999", "9223372036854775808",
					   "1%2F..%2F..%2Fetc", "1/", "999999999", " 1" };
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		char path[200];
		snprintf(path, sizeof path, "/api/v1/applications/%s", ids[i]);
		refused(nm("bad input: GET %s → 404", path), rq("natori", "GET", ids[i][0] == ' ' ? "/api/v1/applications/%201" : path, NULL),
			404, 0, NULL, &sn);
	}
	static const char *const id_writes[][2] = { { "PUT", "/api/v1/applications/abc" },
						    { "POST", "/api/v1/applications/0/submit" },
						    { "POST", "/api/v1/applications/99999999999999999999/withdraw" },
						    { "POST", "/api/v1/applications/1%2F..%2F..%2Fetc/comments" } };
	for (size_t i = 0; i < sizeof id_writes / sizeof id_writes[0]; i++) {
		json_t *b = strcmp(id_writes[i][0], "PUT") == 0 ? app_body("042072", "x") : json_pack("{ss}", "body", "x");
		refused(nm("bad input: %s %s → 404", id_writes[i][0], id_writes[i][1]), rq("natori", id_writes[i][0], id_writes[i][1], b),
			404, 0, NULL, &sn);
		json_decref(b);
	}
	refused("bad input: GET /api/v1/audit?application=abc → 400", rq("admin", "GET", "/api/v1/audit?application=abc", NULL),
		400, 0, NULL, &sn);
	refused("bad input: unknown path → 404", rq("natori", "GET", "/api/v1/nothing-here", NULL), 404, 0, NULL, &sn);
	refused("bad input: DELETE /api/v1/health → 405", rq(NULL, "DELETE", "/api/v1/health", NULL), 405, 0, NULL, &sn);
	refused("bad input: DELETE an application → 405", rq("natori", "DELETE", dpath, NULL), 405, 0, NULL, &sn);

	/* SQL-looking strings */
	static const char *const sql_logins[][2] = { { "' OR 1=1 --", "' OR 1=1 --" },
						     { "admin' --", "x" },
						     { "admin\" OR \"1\"=\"1", "' OR '1'='1" },
						     { "nobody'; DROP TABLE users; --", "x" } };
	for (size_t i = 0; i < sizeof sql_logins / sizeof sql_logins[0]; i++) {
		json_t *b = json_pack("{ssss}", "login", sql_logins[i][0], "password", sql_logins[i][1]);
		refused(nm("bad input: login %s → 401 BAD_CREDENTIALS", sql_logins[i][0]),
			rq("sqli", "POST", "/api/v1/session", b), 401, 0, "BAD_CREDENTIALS", &sn);
		json_decref(b);
	}
	static const char login_extra[] = "{\"login\":\"natori\",\"password\":\"x\",\"admin\":true}";
	static const char login_num[] = "{\"login\":\"natori\",\"password\":1}";
	refused("bad input: login body with an extra key → 400",
		rqs(NULL, "POST", "/api/v1/session", "application/json", login_extra, strlen(login_extra)), 400, 0, NULL, &sn);
	refused("bad input: login with a non-string password → 400",
		rqs(NULL, "POST", "/api/v1/session", "application/json", login_num, strlen(login_num)), 400, 0, NULL, &sn);
	h_resp me = rq("admin", "GET", "/api/v1/me", NULL);
	h_check("bad input: admin still logs in normally after the SQL-looking logins", me.status == 200, "%s → %s", last_req,
	      h_resp_brief(&me));
	h_resp_free(&me);

	const char *evil = "x'); DROP TABLE applications; -- \" \\ <script>alert(1)</script> 💥 %s %n";
	json_t *eb = app_body("042072", evil);
	size_t audit_before = sn.audit;
	json_int_t eid = create_app("bad input: a title with SQL, quotes, HTML and emoji → 201", "natori", eb);
	if (eid) {
		r = rq("natori", "GET", ap(eid, ""), NULL);
		h_check("bad input: the title comes back verbatim (GET)",
		      r.status == 200 && strcmp(js(r.json, "title"), evil) == 0 && strcmp(js(r.json, "application.title"), evil) == 0,
		      "%s → %s", last_req, h_resp_brief(&r));
		h_resp_free(&r);
		r = rq("natori", "GET", "/api/v1/applications", NULL);
		bool found = false;
		size_t i;
		json_t *a;
		json_array_foreach(json_object_get(r.json, "applications"), i, a) found |= ji(a, "id") == eid &&
											strcmp(js(a, "title"), evil) == 0;
		h_check("bad input: the title comes back verbatim (list), and the list still works", r.status == 200 && found,
		      "%s → %s", last_req, h_resp_brief(&r));
		h_resp_free(&r);
		size_t audit_after = audit_count();
		h_check("bad input: creating it wrote exactly one audit entry", audit_after == audit_before + 1, "audit %zu → %zu",
		      audit_before, audit_after);
		snap_free(&sn);
		sn = snapshot();
	}

	/* invalid UTF-8 */
	static const char bad_utf8[] = "{\"format\":\"digiden/application/1\",\"title\":\"\xff\xfe\xc3\x28\"}";
	refused("bad input: invalid UTF-8 in POST /check → 400",
		rqs(NULL, "POST", "/api/v1/check", "application/json", bad_utf8, strlen(bad_utf8)), 400, 0, NULL, &sn);
	char *bad_put = malloc(strlen(good) + 16);
	if (bad_put) {
		/* the example with its title bytes replaced by an overlong encoding of '/' */
		json_t *b = json_deep_copy(EXAMPLE);
		json_object_set_new(b, "title", json_string("TITLE_PLACEHOLDER"));
		char *t = json_dumps(b, JSON_COMPACT);
		json_decref(b);
		char *p = t ? strstr(t, "TITLE_PLACEHOLDER") : NULL;
		if (p) {
			memcpy(p, "\xc0\xaf\xed\xa0\x80", 5); /* overlong '/', then a UTF-16 surrogate */
			memmove(p + 5, p + 17, strlen(p + 17) + 1);
			refused("bad input: invalid UTF-8 in PUT → 400", rqs("natori", "PUT", dpath, "application/json", t, strlen(t)),
				400, 0, NULL, &sn);
			refused("bad input: invalid UTF-8 in POST /applications → 400",
				rqs("natori", "POST", "/api/v1/applications", "application/json", t, strlen(t)), 400, 0, NULL, &sn);
		}
		free(t);
		free(bad_put);
	}
	static const char bad_login[] = "{\"login\":\"nat\xffori\",\"password\":\"x\"}";
	refused("bad input: invalid UTF-8 in login → 400",
		rqs(NULL, "POST", "/api/v1/session", "application/json", bad_login, strlen(bad_login)), 400, 0, NULL, &sn);

	/* users: unknown keys and bad values */
	static const char *const user_bodies[] = {
		"{\"login\":\"extra1\",\"password\":\"" PW "\",\"role\":\"reviewer\",\"is_admin\":true}",
		"{\"login\":\"extra2\",\"password\":\"" PW "\",\"role\":\"superuser\"}",
		"{\"login\":\"extra3\",\"password\":\"short\",\"role\":\"reviewer\"}",
		"{\"login\":\"extra4\",\"password\":\"" PW "\",\"role\":\"applicant\"}",
		"{\"login\":\"extra5\",\"password\":\"" PW "\",\"role\":\"applicant\",\"organization\":\"999999\"}",
		"{\"login\":\"bad login!\",\"password\":\"" PW "\",\"role\":\"reviewer\"}",
		"{\"login\":\"extra7\",\"password\":\"" PW "\",\"role\":\"reviewer\",\"organization\":\"042072\"}",
		"[\"extra8\"]",
	};
	static const char *const user_why[] = { "an unknown key", "an unknown role", "a short password",
						"an applicant without organization", "an unknown organization",
						"a login with a space", "a reviewer with an organization", "an array" };
	for (size_t i = 0; i < sizeof user_bodies / sizeof user_bodies[0]; i++)
		refused(nm("bad input: POST /users with %s → 400", user_why[i]),
			rqs("admin", "POST", "/api/v1/users", "application/json", user_bodies[i], strlen(user_bodies[i])), 400, 0,
			i == 0 ? "UNKNOWN_KEY" : NULL, &sn);

	/* other bodies with unknown keys or bad values */
	json_t *ck = json_pack("{sssb}", "body", "x", "pinned", 1);
	refused("bad input: comment with an unknown key → 400",
		rq("natori", "POST", ap(CONS_ID, "/comments"), ck), 400, 0, "UNKNOWN_KEY", &sn);
	json_decref(ck);
	ck = json_pack("{ss}", "body", "");
	refused("bad input: empty comment → 400", rq("natori", "POST", ap(CONS_ID, "/comments"), ck), 400, 0, NULL, &sn);
	json_decref(ck);
	json_t *badrev = json_pack("{s{si}}", "scores", "kpi", 9);
	refused("bad input: review score 9 → 400", rq("rev1", "POST", ap(U_ID, "/reviews"), badrev), 400, 0, NULL, &sn);
	json_decref(badrev);
	badrev = json_pack("{s{si}}", "scores", "beauty", 3);
	refused("bad input: review on an unknown point → 400", rq("rev1", "POST", ap(U_ID, "/reviews"), badrev), 400, 0, NULL,
		&sn);
	json_decref(badrev);
	json_t *badassign = json_pack("{ss}", "reviewer", "natori");
	refused("bad input: assigning a non-reviewer → 400", rq("office", "POST", ap(U_ID, "/assign"), badassign), 400, 0, NULL,
		&sn);
	json_decref(badassign);
	json_t *baddec = json_pack("{ss}", "decision", "maybe");
	refused("bad input: decision \"maybe\" → 400", rq("office", "POST", ap(U_ID, "/decision"), baddec), 400, 0, NULL, &sn);
	json_decref(baddec);
	json_t *moved = app_body("042072", "募集回の変更");
	json_object_set_new(moved, "round", json_string("digital-implementation/fy2021-supp"));
	refused("bad input: PUT changing the round → 400", rq("natori", "PUT", dpath, moved), 400, 0, NULL, &sn);
	json_decref(moved);
	json_t *noround = app_body("042072", "募集回なし");
	json_object_set_new(noround, "round", json_string("no-such/round"));
	refused("bad input: POST /applications for an unknown round → 400",
		rq("natori", "POST", "/api/v1/applications", noround), 400, 0, NULL, &sn);
	json_decref(noround);
	free(good);

	/* the "nothing changed" comparison itself notices a change */
	snap probe = snapshot();
	json_t *legit = app_body("042072", "正当な保存");
	h_resp saved = rq("natori", "PUT", dpath, legit);
	json_decref(legit);
	char why[800];
	bool noticed = saved.status == 200 && !same_as(&probe, why, sizeof why);
	h_check("bad input: (self-test) a legitimate save is noticed as a change", noticed, "%s → %s", last_req, h_resp_brief(&saved));
	h_resp_free(&saved);
	snap_free(&probe);

	r = rq(NULL, "GET", "/api/v1/health", NULL);
	h_check("bad input: the server is still healthy", r.status == 200 && strcmp(js(r.json, "status"), "ok") == 0, "%s → %s",
	      last_req, h_resp_brief(&r));
	h_resp_free(&r);
	snap_free(&sn);
}

/* ---- scenario 5: sessions ---- */

static void scenario_sessions(void)
{
	json_t *u = json_pack("{ssssss}", "login", "throttled", "password", PW, "role", "reviewer");
	expect_free("sessions: create a user for throttling", rq("admin", "POST", "/api/v1/users", u), 201, NULL);
	json_decref(u);
	for (int i = 1; i <= 5; i++) {
		json_t *b = json_pack("{ssss}", "login", "throttled", "password", "wrong-password");
		expect_free(nm("sessions: wrong password #%d → 401 BAD_CREDENTIALS", i), rq("throttled", "POST", "/api/v1/session", b),
			    401, "BAD_CREDENTIALS");
		json_decref(b);
	}
	json_t *right = json_pack("{ssss}", "login", "throttled", "password", PW);
	h_resp r = rq("throttled", "POST", "/api/v1/session", right);
	expect("sessions: the right password after 5 failures → 429 THROTTLED", &r, 429, "THROTTLED");
	h_check("sessions: no session cookie with the 429", r.set_cookie[0] == '\0' && h_jar_cookie(C, "throttled")[0] == '\0',
	      "Set-Cookie: %s", r.set_cookie);
	h_resp_free(&r);
	json_decref(right);
	long other = h_login(C, "natori-throttle-check", "natori", PW);
	h_check("sessions: throttling one login does not block another", other == 200, "natori login → %ld", other);
	/* issue 10 #5: the throttle is per (login, address), not a lock of the account —
	 * the owner on another address logs in at once */
	h_client_set_source(C, "127.0.0.2");
	long fresh = h_login(C, "throttled-elsewhere", "throttled", PW);
	h_check("sessions: the owner on a fresh address logs in despite the throttle", fresh == 200, "→ %ld", fresh);
	h_client_set_source(C, NULL);
	h_resp th = rq("admin", "GET", "/api/v1/login-throttles", NULL);
	json_t *first = json_array_get(json_object_get(th.json, "throttles"), 0);
	h_check("sessions: the office sees the throttled login and its address",
	      th.status == 200 && json_is_object(first) && strcmp(js(first, "login"), "throttled") == 0 &&
		      strcmp(js(first, "address"), "127.0.0.1") == 0 && json_integer_value(json_object_get(first, "failures")) == 5,
	      "%s", h_resp_brief(&th));
	h_resp_free(&th);
	th = rq("admin", "GET", "/office/users", NULL);
	h_check("sessions: /office/users lists the throttled login with its address",
	      th.status == 200 && strstr(th.body, "ログインを制限中") && strstr(th.body, "<td>throttled</td><td>127.0.0.1</td>"),
	      "%s", h_resp_brief(&th));
	h_resp_free(&th);
	expect_free("sessions: an applicant may not list throttles → 403", rq("natori-throttle-check", "GET", "/api/v1/login-throttles", NULL),
		    403, "FORBIDDEN");

	/* logout */
	json_t *li = json_pack("{ssss}", "login", "natori", "password", PW);
	r = rq("session2", "POST", "/api/v1/session", li);
	json_decref(li);
	h_check("sessions: login → 200 with the user and a session cookie",
	      r.status == 200 && strcmp(js(r.json, "user.login"), "natori") == 0 && strcmp(js(r.json, "user.role"), "applicant") == 0 &&
		      strcmp(js(r.json, "user.organization"), "042072") == 0 && ji(r.json, "user.id") > 0,
	      "%s → %s", last_req, h_resp_brief(&r));
	h_check("sessions: the cookie is HttpOnly, SameSite=Strict, Path=/",
	      strstr(r.set_cookie, "digiden_session=") == r.set_cookie && strstr(r.set_cookie, "HttpOnly") &&
		      strstr(r.set_cookie, "SameSite=Strict") && strstr(r.set_cookie, "Path=/"),
	      "Set-Cookie: %s", r.set_cookie);
	h_check("sessions: the token is 64 hex characters", strlen(h_jar_cookie(C, "session2")) == strlen("digiden_session=") + 64,
	      "cookie %s", h_jar_cookie(C, "session2"));
	h_resp_free(&r);
	char old[256];
	snprintf(old, sizeof old, "%s", h_jar_cookie(C, "session2"));
	expect_free("sessions: /me with the new session → 200", rq("session2", "GET", "/api/v1/me", NULL), 200, NULL);
	expect_free("sessions: logout → 204", rq("session2", "DELETE", "/api/v1/session", NULL), 204, NULL);
	h_jar_set(C, "session2-old", old);
	expect_free("sessions: the old cookie after logout → 401", rq("session2-old", "GET", "/api/v1/me", NULL), 401, "LOGIN_REQUIRED");
	expect_free("sessions: the old cookie cannot read an application → 401",
		    rq("session2-old", "GET", ap(D_ID ? D_ID : 1, ""), NULL), 401, "LOGIN_REQUIRED");
	expect_free("sessions: another session of the same user still works", rq("natori", "GET", "/api/v1/me", NULL), 200, NULL);
}

/* ---- scenario 6: public endpoints ---- */

static void scenario_public(void)
{
	h_resp r = rq(NULL, "GET", "/api/v1/health", NULL);
	h_check("public: /health → ok", r.status == 200 && strcmp(js(r.json, "status"), "ok") == 0 &&
					      strcmp(js(r.json, "database"), "ok") == 0,
	      "%s → %s", last_req, h_resp_brief(&r));
	h_resp_free(&r);

	r = rq(NULL, "GET", "/api/v1/rounds", NULL);
	json_t *round = NULL;
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(r.json, "rounds"), i, o) if (strcmp(js(o, "key"), ROUND_KEY) == 0) round = o;
	const char *dl = js(round, "deadline");
	bool dl_ok = strlen(dl) == 20 && dl[4] == '-' && dl[10] == 'T' && dl[19] == 'Z';
	bool type1 = false;
	json_array_foreach(json_object_get(round, "menus"), i, o) type1 |= strcmp(js(o, "id"), "type1") == 0 &&
									  ji(o, "cap_yen") == 100000000 &&
									  strcmp(js(o, "rate"), "1/2") == 0;
	h_check("public: /rounds lists fy2022-supp open with a deadline and type1 (1/2, cap 1億)",
	      r.status == 200 && round && strcmp(js(round, "status"), "open") == 0 && dl_ok && type1 &&
		      ji(round, "fiscal_year") == 2022,
	      "%s → %s", last_req, h_resp_brief(&r));
	h_resp_free(&r);

	r = rq(NULL, "GET", "/api/v1/organizations?q=%E7%BE%8E%E9%83%B7", NULL);
	json_t *orgs = json_object_get(r.json, "organizations");
	bool names = json_array_size(orgs) == 3;
	const char *prefs[3] = { "", "", "" };
	json_array_foreach(orgs, i, o)
	{
		names &= strcmp(js(o, "name"), "美郷町") == 0 && strlen(js(o, "code")) == 6;
		if (i < 3)
			prefs[i] = js(o, "prefecture");
	}
	bool distinct = prefs[0][0] && prefs[1][0] && prefs[2][0] && strcmp(prefs[0], prefs[1]) != 0 &&
			strcmp(prefs[0], prefs[2]) != 0 && strcmp(prefs[1], prefs[2]) != 0;
	h_check("public: /organizations?q=美郷 → 3 美郷町 in 3 prefectures", r.status == 200 && names && distinct, "%s → %s",
	      last_req, h_resp_brief(&r));
	h_resp_free(&r);
	r = rq(NULL, "GET", "/api/v1/organizations?q=042072", NULL);
	h_check("public: /organizations?q=042072 → 名取市 (宮城県)",
	      r.status == 200 && json_array_size(json_object_get(r.json, "organizations")) == 1 &&
		      strcmp(js(r.json, "organizations[0].name"), "名取市") == 0 &&
		      strcmp(js(r.json, "organizations[0].prefecture"), "宮城県") == 0,
	      "%s → %s", last_req, h_resp_brief(&r));
	h_resp_free(&r);
	r = rq(NULL, "GET", "/api/v1/organizations", NULL);
	h_check("public: /organizations without q → at most 50",
	      r.status == 200 && json_array_size(json_object_get(r.json, "organizations")) == 50, "%s → %ld, %zu organizations",
	      last_req, r.status, json_array_size(json_object_get(r.json, "organizations")));
	h_resp_free(&r);

	size_t audit_before = audit_count();
	r = rq(NULL, "POST", "/api/v1/check", EXAMPLE);
	h_check("public: POST /check with the example → 200, national_share_yen 27500000, ok",
	      r.status == 200 && ji(r.json, "national_share_yen") == 27500000 && json_is_true(json_object_get(r.json, "ok")) &&
		      json_object_get(r.json, "file") == NULL,
	      "%s → %s", last_req, h_resp_brief(&r));
	h_resp_free(&r);
	h_check("public: POST /check stores nothing", audit_count() == audit_before, "audit count changed");
}

/* ---- per-organization limits: a municipality submits at most 5 TYPE1–3 applications ---- */

static void scenario_limits(void)
{
	static const char *const counted[] = { "submitted", "screened", "under_review", "adopted", "naiji", "granted" };
	h_resp r = rq("natori", "GET", "/api/v1/applications", NULL);
	int n = 0;
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(r.json, "applications"), i, a) for (size_t k = 0; k < 6; k++) n +=
		strcmp(js(a, "status"), counted[k]) == 0 && strcmp(js(a, "menu"), "type1") == 0;
	h_resp_free(&r);
	if (!h_check("limits: natori has at most 5 submitted type1 applications so far", n <= 5, "%d", n))
		return;
	for (int k = n; k < 5; k++) {
		json_int_t id = create_app(nm("limits: create application %d of 5", k + 1), "natori", app_body("042072", nm("上限確認 %d", k + 1)));
		if (!id || !act(nm("limits: submit application %d of 5 → 200", k + 1), "natori", id, "submit", NULL, 200, NULL))
			return;
	}
	json_int_t six = create_app("limits: create a 6th application", "natori", app_body("042072", "上限超過"));
	if (!six)
		return;
	snap sn = snapshot();
	r = rq("natori", "POST", ap(six, "/submit"), NULL);
	bool limit = false;
	json_t *d;
	json_array_foreach(jp(r.json, "error.details"), i, d) limit |= strstr(js(d, "message"), "5") != NULL;
	h_check("limits: submitting a 6th type1 application → 422 RULE_ERRORS naming the limit",
	      r.status == 422 && strcmp(h_err_code(&r), "RULE_ERRORS") == 0 && limit, "%s → %s", last_req, h_resp_brief(&r));
	refused("limits: … and nothing changed", r, 422, 0, "RULE_ERRORS", &sn);
	snap_free(&sn);
	/* the second applicant is not affected by natori's count */
	json_int_t other = create_app("limits: chiyoda creates", "chiyoda", app_body("131016", "千代田区の2件目"));
	if (other)
		act("limits: chiyoda submits → 200", "chiyoda", other, "submit", NULL, 200, NULL);
}

/* ---- the round closes (`digiden round close`), then submit → 409 ROUND_CLOSED ---- */

static int run_cli(const char *const argv[])
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	int st;
	double deadline = h_now() + 30.0;
	for (;;) {
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		if (w < 0)
			return -1;
		if (h_now() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return -1;
		}
		usleep(10000);
	}
}

static void scenario_round_closed(void)
{
	json_int_t id = create_app("round closed: create a draft while open", "natori", app_body("042072", "締切後の提出"));
	if (!id)
		return;
	int stop = h_server_stop(&S);
	h_check("round closed: the server stops cleanly on SIGTERM", stop == 0, "wait status %d", S.last_exit);
	const char *argv[] = { S.bin, "round", "close", "--db", S.db, ROUND_KEY, NULL };
	int rc = run_cli(argv);
	h_check("round closed: digiden round close → exit 0", rc == 0, "exit %d", rc);
	if (h_server_restart(&S) != 0) {
		h_check("round closed: restart the server", false, "did not start");
		return;
	}
	h_client_retarget(C, &S);
	h_login(C, "natori", "natori", PW);
	h_login(C, "admin", "admin", H_ADMIN_PASSWORD);
	h_resp r = rq(NULL, "GET", "/api/v1/rounds", NULL);
	const char *status = "";
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(r.json, "rounds"), i, o) if (strcmp(js(o, "key"), ROUND_KEY) == 0) status =
		js(o, "status");
	h_check("round closed: /rounds shows it closed", strcmp(status, "closed") == 0, "%s → %s", last_req, h_resp_brief(&r));
	h_resp_free(&r);
	snap sn = snapshot();
	refused("round closed: submit → 409 ROUND_CLOSED", rq("natori", "POST", ap(id, "/submit"), NULL), 409, 0,
		"ROUND_CLOSED", &sn);
	snap_free(&sn);

	/* open again, but with the deadline passed: still 409; with a future deadline: 200 */
	static const char *const deadlines[] = { "2000-01-01T00:00:00Z", "2099-12-31T23:59:59Z" };
	for (int k = 0; k < 2; k++) {
		h_server_stop(&S);
		const char *open_argv[] = { S.bin, "round", "open", "--db", S.db, ROUND_KEY, "--deadline", deadlines[k], NULL };
		rc = run_cli(open_argv);
		h_check(nm("round closed: digiden round open --deadline %s → exit 0", deadlines[k]), rc == 0, "exit %d", rc);
		if (h_server_restart(&S) != 0) {
			h_check("round closed: restart the server", false, "did not start");
			return;
		}
		h_client_retarget(C, &S);
		h_login(C, "natori", "natori", PW);
		h_login(C, "admin", "admin", H_ADMIN_PASSWORD);
		if (k == 0) {
			sn = snapshot();
			refused("round closed: open but past its deadline, submit → 409 ROUND_CLOSED",
				rq("natori", "POST", ap(id, "/submit"), NULL), 409, 0, "ROUND_CLOSED", &sn);
			snap_free(&sn);
		} else {
			h_resp ok = rq("natori", "POST", ap(id, "/submit"), NULL);
			/* natori may be at its limit of 5 (scenario_limits): 422 is the rule check, past the round check */
			h_check("round closed: open with a future deadline, submit passes the round check (200, or 422 at the limit)",
			      ok.status == 200 || (ok.status == 422 && strcmp(h_err_code(&ok), "RULE_ERRORS") == 0), "%s → %s",
			      last_req, h_resp_brief(&ok));
			h_resp_free(&ok);
		}
	}
	if (G_ID) {
		r = rq("natori", "GET", ap(G_ID, ""), NULL);
		h_check("round closed: the data survived the restart", r.status == 200 && strcmp(js(r.json, "status"), "granted") == 0,
		      "%s → %s", last_req, h_resp_brief(&r));
		h_resp_free(&r);
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DIGIDEN_BINARY\n", argv[0]);
		return 2;
	}
	char *ex = h_find_example(argv[1], "type1-natori.json");
	json_error_t je;
	EXAMPLE = ex ? json_load_file(ex, 0, &je) : NULL;
	if (EXAMPLE == NULL) {
		fprintf(stderr, "test_api: cannot read examples/type1-natori.json (%s)\n", ex ? je.text : "not found");
		printf("api tests: 0 passed, 1 failed\n");
		free(ex);
		return 1;
	}
	free(ex);
	h_watchdog(600, "api tests", &h_passed, &h_failed, &S);
	if (h_server_start(&S, argv[1]) != 0) {
		printf("FAIL start the server: see stderr\napi tests: 0 passed, 1 failed\n");
		json_decref(EXAMPLE);
		return 1;
	}
	C = h_client_new(&S);
	long st = h_login(C, "admin", "admin", H_ADMIN_PASSWORD);
	if (h_check("admin logs in with DIGIDEN_ADMIN_PASSWORD", st == 200, "POST /api/v1/session → %ld", st)) {
		scenario_full_round();
		scenario_forbidden();
		scenario_transitions();
		scenario_bad_input();
		scenario_sessions();
		scenario_public();
		scenario_limits();
		scenario_round_closed();
	}
	h_resp r = h_http(C, "GET", "/api/v1/health", NULL, NULL, NULL);
	h_check("the server is alive at the end", r.status == 200, "GET /api/v1/health → %s", h_resp_brief(&r));
	h_resp_free(&r);
	h_client_free(C);
	int stop = h_server_stop(&S);
	h_check("the server stops cleanly on SIGTERM at the end", stop == 0, "wait status %d", S.last_exit);
	char why[512];
	h_check("the server log has no sanitizer report", h_server_log_clean(&S, why, sizeof why), "%s", why);
	if (h_failed)
		h_server_log_tail(&S, 15);
	h_server_cleanup(&S);
	json_decref(EXAMPLE);
	printf("api tests: %d passed, %d failed\n", h_passed, h_failed);
	return h_failed ? 1 : 0;
}
