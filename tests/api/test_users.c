/* test_users.c — accounts, password resets, reviewers and conflicts of interest
 * (issue 13, part 2) against a real `digiden serve` started by the harness:
 *
 *   test_users DIGIDEN_BINARY
 *
 * The list with its search, role filter and pages; who may change a role; disabling
 * ends the sessions at once; a reset token works once and not after it expires (the
 * expiry is moved into the past in the database, as 24 hours would); a declared
 * conflict of interest refuses the assignment with 409; the picker on the office page
 * shows the reviewers with their counts and the review summary its means and spreads;
 * every write leaves its audit entry. Ends with "users tests: N passed, M failed". */
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PW "correct-horse-battery-1"
#define PW2 "a-new-password-for-natori"

static h_server S;
static h_client *C;
static char last_req[400];

static h_resp rq(const char *jar, const char *method, const char *path, const json_t *body)
{
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	snprintf(last_req, sizeof last_req, "%s %s as %s%s%.150s", method, path, jar ? jar : "anonymous", text ? " " : "",
		 text ? text : "");
	h_resp r = h_http(C, method, path, "application/json", text, jar);
	free(text);
	return r;
}

/* rq with the body given as JSON text */
static h_resp rqt(const char *jar, const char *method, const char *path, const char *text)
{
	json_t *b = json_loads(text, 0, NULL);
	h_resp r = rq(jar, method, path, b);
	json_decref(b);
	return r;
}

static bool expect_free(const char *name, h_resp r, long status, const char *code)
{
	bool ok = r.status == status && (code == NULL || strcmp(h_err_code(&r), code) == 0);
	h_check(name, ok, "%s → %s; want %ld %s", last_req, h_resp_brief(&r), status, code ? code : "");
	h_resp_free(&r);
	return ok;
}

static const char *nm(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *nm(const char *fmt, ...)
{
	static char bufs[8][300];
	static int k;
	char *b = bufs[k++ % 8];
	va_list a;
	va_start(a, fmt);
	vsnprintf(b, sizeof bufs[0], fmt, a);
	va_end(a);
	return b;
}

static json_int_t ji(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? json_integer_value(v) : -1;
}

static const char *js(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* Creates a user as admin; its id (0 on failure). */
static json_int_t add_user(const char *login, const char *role, const char *org)
{
	json_t *b = json_pack("{ssssss}", "login", login, "password", PW, "role", role);
	if (org)
		json_object_set_new(b, "organization", json_string(org));
	h_resp r = rq("admin", "POST", "/api/v1/users", b);
	json_decref(b);
	json_int_t id = r.status == 201 ? ji(r.json, "id") : 0;
	if (id <= 0)
		h_check(nm("setup: add %s", login), false, "%s", h_resp_brief(&r));
	h_resp_free(&r);
	return id;
}

static const char *up(json_int_t id, const char *suffix)
{
	static char bufs[8][120];
	static int k;
	char *b = bufs[k++ % 8];
	snprintf(b, sizeof bufs[0], "/api/v1/users/%lld%s", (long long)id, suffix ? suffix : "");
	return b;
}

static const char *ap(json_int_t id, const char *suffix)
{
	static char bufs[8][120];
	static int k;
	char *b = bufs[k++ % 8];
	snprintf(b, sizeof bufs[0], "/api/v1/applications/%lld%s", (long long)id, suffix ? suffix : "");
	return b;
}

/* The entry of login among {"users"|"reviewers": [...]}, or NULL. */
static json_t *entry_of(json_t *list, const char *login)
{
	size_t i;
	json_t *u;
	json_array_foreach(list, i, u)
	{
		if (strcmp(js(u, "login"), login) == 0)
			return u;
	}
	return NULL;
}

/* How many audit entries have this action. */
static size_t audit_count(const char *action)
{
	h_resp r = rq("admin", "GET", "/api/v1/audit", NULL);
	size_t n = 0, i;
	json_t *e;
	json_array_foreach(json_object_get(r.json, "entries"), i, e)
	{
		if (strcmp(js(e, "action"), action) == 0)
			n++;
	}
	h_resp_free(&r);
	return n;
}

/* One integer from SQL on the server's database (a second connection, as another
 * process would open it). -1 on error. */
static long long db_int(const char *sql)
{
	sqlite3 *db;
	long long v = -1;
	if (sqlite3_open(S.db, &db) == SQLITE_OK) {
		sqlite3_busy_timeout(db, 5000);
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
			int rc = sqlite3_step(st);
			if (rc == SQLITE_ROW)
				v = sqlite3_column_int64(st, 0);
			else if (rc == SQLITE_DONE)
				v = 0;
			sqlite3_finalize(st);
		}
	}
	sqlite3_close(db);
	return v;
}

static json_int_t ADMIN_ID, SEC, NATORI, REV1, REV2, REV3, PG[12];

static void setup(void)
{
	h_resp r = rq("admin", "GET", "/api/v1/me", NULL);
	ADMIN_ID = ji(json_object_get(r.json, "user"), "id");
	h_resp_free(&r);
	SEC = add_user("sec1", "secretariat", NULL);
	NATORI = add_user("natori", "applicant", "042072");
	REV1 = add_user("rev1", "reviewer", NULL);
	REV2 = add_user("rev2", "reviewer", NULL);
	REV3 = add_user("rev3", "reviewer", NULL);
	for (int i = 0; i < 12; i++)
		PG[i] = add_user(nm("pg-reviewer-%02d", i), "reviewer", NULL);
	const char *jars[] = { "sec1", "natori", "rev1", "rev2", "rev3", "pg-reviewer-01", "pg-reviewer-02" };
	for (size_t i = 0; i < sizeof jars / sizeof jars[0]; i++)
		h_check(nm("setup: %s logs in", jars[i]), h_login(C, jars[i], jars[i], PW) == 200, "login failed");
}

static void scenario_list(void)
{
	h_resp r = rq("sec1", "GET", "/api/v1/users", NULL);
	json_t *users = json_object_get(r.json, "users");
	json_t *n = entry_of(users, "natori");
	h_check("list: secretariat sees every account (18) with the fixed fields", r.status == 200 && ji(r.json, "total") == 18 &&
		json_array_size(users) == 18 && n && ji(n, "id") == NATORI && strcmp(js(n, "role"), "applicant") == 0 &&
		strcmp(js(n, "organization"), "042072") == 0 && json_is_string(json_object_get(n, "display_name")) &&
		json_is_false(json_object_get(n, "disabled")) && json_object_get(n, "last_login_at") != NULL,
		"%s → %s", last_req, h_resp_brief(&r));
	json_t *pg5 = entry_of(users, "pg-reviewer-05");
	h_check("list: last_login_at is the time of the last login, null before any",
		n && json_is_string(json_object_get(n, "last_login_at")) && pg5 && json_is_null(json_object_get(pg5, "last_login_at")),
		"natori %s", n ? js(n, "last_login_at") : "absent");
	h_resp_free(&r);

	r = rq("sec1", "GET", "/api/v1/users?role=reviewer", NULL);
	size_t i;
	json_t *u;
	bool all_reviewers = true;
	json_array_foreach(json_object_get(r.json, "users"), i, u) all_reviewers = all_reviewers && strcmp(js(u, "role"), "reviewer") == 0;
	h_check("list: role=reviewer gives the 15 reviewers only", r.status == 200 && ji(r.json, "total") == 15 && all_reviewers,
		"%s", h_resp_brief(&r));
	h_resp_free(&r);

	r = rq("sec1", "GET", "/api/v1/users?q=%E5%90%8D%E5%8F%96", NULL); /* 名取: the organization's name */
	h_check("list: q matches the organization's name (名取 → natori)",
		r.status == 200 && ji(r.json, "total") == 1 && entry_of(json_object_get(r.json, "users"), "natori"), "%s",
		h_resp_brief(&r));
	h_resp_free(&r);
	r = rq("sec1", "GET", "/api/v1/users?q=PG-REVIEWER-1&role=reviewer", NULL);
	h_check("list: q matches logins regardless of case (pg-reviewer-10, -11)", r.status == 200 && ji(r.json, "total") == 2,
		"%s", h_resp_brief(&r));
	h_resp_free(&r);

	h_resp p1 = rq("sec1", "GET", "/api/v1/users?role=reviewer&per_page=4&page=1", NULL);
	h_resp p4 = rq("sec1", "GET", "/api/v1/users?role=reviewer&per_page=4&page=4", NULL);
	h_resp p5 = rq("sec1", "GET", "/api/v1/users?role=reviewer&per_page=4&page=5", NULL);
	json_t *first = json_array_get(json_object_get(p1.json, "users"), 0);
	h_check("list: pages of 4 — page 1 has 4 (the first reviewer), page 4 the last 3, page 5 none; total 15 on each",
		json_array_size(json_object_get(p1.json, "users")) == 4 && ji(first, "id") == REV1 &&
		json_array_size(json_object_get(p4.json, "users")) == 3 && json_array_size(json_object_get(p5.json, "users")) == 0 &&
		ji(p1.json, "total") == 15 && ji(p5.json, "total") == 15 && ji(p4.json, "per_page") == 4,
		"%s / %s", h_resp_brief(&p1), h_resp_brief(&p4));
	h_resp_free(&p1);
	h_resp_free(&p4);
	h_resp_free(&p5);
	r = rq("sec1", "GET", "/api/v1/users", NULL);
	h_check("list: per_page defaults to 50", ji(r.json, "per_page") == 50, "%s", h_resp_brief(&r));
	h_resp_free(&r);
	expect_free("list: per_page 501 → 400", rq("sec1", "GET", "/api/v1/users?per_page=501", NULL), 400, "INVALID");
	expect_free("list: page 0 → 400", rq("sec1", "GET", "/api/v1/users?page=0", NULL), 400, "INVALID");
	expect_free("list: an unknown role → 400", rq("sec1", "GET", "/api/v1/users?role=king", NULL), 400, "INVALID");
	expect_free("list: an applicant may not list users → 403", rq("natori", "GET", "/api/v1/users", NULL), 403, "FORBIDDEN");
	expect_free("list: a reviewer may not list users → 403", rq("rev1", "GET", "/api/v1/users", NULL), 403, "FORBIDDEN");
	expect_free("list: anonymous → 401", rq(NULL, "GET", "/api/v1/users", NULL), 401, "LOGIN_REQUIRED");
}

static void scenario_patch(void)
{
	size_t audits = audit_count("user.update");
	h_resp r = rqt("sec1", "PATCH", up(REV1, NULL), "{\"display_name\":\"審査 一郎\"}");
	h_check("patch: secretariat renames a reviewer → 200", r.status == 200 && strcmp(js(r.json, "display_name"), "審査 一郎") == 0,
		"%s → %s", last_req, h_resp_brief(&r));
	h_resp_free(&r);
	h_check("patch: the change is an audit entry user.update", audit_count("user.update") == audits + 1, "entries %zu",
		audit_count("user.update"));
	expect_free("patch: secretariat cannot make an admin → 403",
		    rqt("sec1", "PATCH", up(REV1, NULL), "{\"role\":\"admin\"}"), 403, "FORBIDDEN");
	expect_free("patch: secretariat cannot make a secretariat → 403",
		    rqt("sec1", "PATCH", up(REV1, NULL), "{\"role\":\"secretariat\"}"), 403, "FORBIDDEN");
	expect_free("patch: secretariat cannot disable the admin → 403",
		    rqt("sec1", "PATCH", up(ADMIN_ID, NULL), "{\"disabled\":true}"), 403, "FORBIDDEN");
	r = rq("sec1", "GET", up(REV1, NULL), NULL);
	h_check("patch: the refused changes changed nothing (rev1 is still a reviewer)",
		r.status == 200 && strcmp(js(r.json, "role"), "reviewer") == 0, "%s", h_resp_brief(&r));
	h_resp_free(&r);
	expect_free("patch: admin makes rev3 an admin and back → 200",
		    rqt("admin", "PATCH", up(REV3, NULL), "{\"role\":\"admin\"}"), 200, NULL);
	expect_free("patch: … (back to reviewer) → 200", rqt("admin", "PATCH", up(REV3, NULL), "{\"role\":\"reviewer\"}"), 200, NULL);
	expect_free("patch: a reviewer made applicant needs an organization → 400",
		    rqt("sec1", "PATCH", up(PG[11], NULL), "{\"role\":\"applicant\"}"), 400, "INVALID");
	expect_free("patch: the admin cannot disable itself → 409",
		    rqt("admin", "PATCH", up(ADMIN_ID, NULL), "{\"disabled\":true}"), 409, "SELF_LOCKOUT");
	expect_free("patch: an unknown key → 400", rqt("sec1", "PATCH", up(REV1, NULL), "{\"login\":\"x\"}"), 400, "UNKNOWN_KEY");
	expect_free("patch: disabled must be a boolean → 400", rqt("sec1", "PATCH", up(REV1, NULL), "{\"disabled\":1}"), 400,
		    "INVALID");
	expect_free("patch: an applicant patching another user → 404",
		    rqt("natori", "PATCH", up(REV1, NULL), "{\"display_name\":\"x\"}"), 404, "NOT_FOUND");
	expect_free("patch: an applicant reading another user → 404", rq("natori", "GET", up(REV1, NULL), NULL), 404, "NOT_FOUND");
	expect_free("patch: a user that does not exist → 404",
		    rqt("sec1", "PATCH", up(999999, NULL), "{\"display_name\":\"x\"}"), 404, "NOT_FOUND");
}

static void scenario_disable(void)
{
	expect_free("disable: rev2's session works before", rq("rev2", "GET", "/api/v1/me", NULL), 200, NULL);
	char old_cookie[256];
	snprintf(old_cookie, sizeof old_cookie, "%s", h_jar_cookie(C, "rev2"));
	long long sessions = db_int(nm("SELECT count(*) FROM sessions WHERE user_id = %lld", (long long)REV2));
	h_resp r = rqt("sec1", "PATCH", up(REV2, NULL), "{\"disabled\":true}");
	h_check("disable: secretariat disables rev2 → 200 disabled", r.status == 200 && json_is_true(json_object_get(r.json, "disabled")),
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	h_jar_set(C, "rev2", old_cookie);
	expect_free("disable: rev2's old cookie gets 401 at once", rq("rev2", "GET", "/api/v1/me", NULL), 401, "LOGIN_REQUIRED");
	h_check("disable: rev2's sessions are gone from the database",
		sessions >= 1 && db_int(nm("SELECT count(*) FROM sessions WHERE user_id = %lld", (long long)REV2)) == 0,
		"before %lld", sessions);
	long st = h_login(C, "rev2", "rev2", PW);
	h_check("disable: a disabled user cannot log in (403 ACCOUNT_DISABLED)", st == 403, "login → %ld", st);
	expect_free("disable: enabled again → 200", rqt("sec1", "PATCH", up(REV2, NULL), "{\"disabled\":false}"), 200, NULL);
	st = h_login(C, "rev2", "rev2", PW);
	h_check("disable: enabled again, rev2 logs in", st == 200, "login → %ld", st);
}

static void scenario_reset(void)
{
	size_t issued = audit_count("user.reset_issue"), redeemed = audit_count("user.password_reset");
	expect_free("reset: secretariat cannot reset the admin's password → 403",
		    rq("sec1", "POST", up(ADMIN_ID, "/password-reset"), NULL), 403, "FORBIDDEN");
	expect_free("reset: an applicant cannot issue a reset → 404", rq("natori", "POST", up(REV1, "/password-reset"), NULL),
		    404, "NOT_FOUND");
	h_resp r = rq("sec1", "POST", up(NATORI, "/password-reset"), NULL);
	char token[80] = "";
	snprintf(token, sizeof token, "%s", js(r.json, "token"));
	h_check("reset: secretariat issues a token for natori → 201, 64 hex, expires_at",
		r.status == 201 && strlen(token) == 64 && strspn(token, "0123456789abcdef") == 64 &&
		json_is_string(json_object_get(r.json, "expires_at")),
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	h_check("reset: the token is stored as a hash, not as itself",
		db_int(nm("SELECT count(*) FROM password_resets WHERE hex(token_hash) = upper('%s') OR token_hash = '%s'", token,
			  token)) == 0 && db_int("SELECT count(*) FROM password_resets WHERE used_at IS NULL") == 1,
		"found the token in password_resets");
	h_check("reset: the expiry is 24 hours ahead",
		db_int("SELECT count(*) FROM password_resets WHERE used_at IS NULL AND expires_at - strftime('%s','now') "
		       "BETWEEN 86390 AND 86400") == 1,
		"expires_at not now + 24 h");
	expect_free("reset: a short new password → 400",
		    rqt(NULL, "POST", "/api/v1/password-reset", nm("{\"token\":\"%s\",\"password\":\"short\"}", token)), 400, "INVALID");
	expect_free("reset: a wrong token → 400 INVALID_TOKEN",
		    rqt(NULL, "POST", "/api/v1/password-reset",
			"{\"token\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"password\":\"" PW2 "\"}"),
		    400, "INVALID_TOKEN");
	r = rqt(NULL, "POST", "/api/v1/password-reset", nm("{\"token\":\"%s\",\"password\":\"" PW2 "\"}", token));
	h_check("reset: redeemed → 200 naming natori", r.status == 200 && strcmp(js(json_object_get(r.json, "user"), "login"), "natori") == 0,
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	expect_free("reset: natori's session ended with the new password", rq("natori", "GET", "/api/v1/me", NULL), 401, NULL);
	h_check("reset: the old password no longer works", h_login(C, "natori", "natori", PW) == 401, "old password accepted");
	h_check("reset: the new password works", h_login(C, "natori", "natori", PW2) == 200, "new password refused");
	expect_free("reset: the token works once → second use 400 INVALID_TOKEN",
		    rqt(NULL, "POST", "/api/v1/password-reset", nm("{\"token\":\"%s\",\"password\":\"yet-another-pass-3\"}", token)),
		    400, "INVALID_TOKEN");

	r = rq("sec1", "POST", up(NATORI, "/password-reset"), NULL);
	snprintf(token, sizeof token, "%s", js(r.json, "token"));
	h_resp_free(&r);
	/* 24 hours on: the expiry moved into the past */
	long long moved = db_int("UPDATE password_resets SET expires_at = strftime('%s','now') - 1 WHERE used_at IS NULL "
				 "RETURNING 1");
	h_check("reset: (the test moves the expiry into the past)", moved == 1, "update → %lld", moved);
	expect_free("reset: an expired token → 400 INVALID_TOKEN",
		    rqt(NULL, "POST", "/api/v1/password-reset", nm("{\"token\":\"%s\",\"password\":\"yet-another-pass-3\"}", token)),
		    400, "INVALID_TOKEN");
	h_check("reset: the expired token changed nothing", h_login(C, "natori", "natori", PW2) == 200, "PW2 refused");
	h_check("reset: each issue and the redemption are audit entries",
		audit_count("user.reset_issue") == issued + 2 && audit_count("user.password_reset") == redeemed + 1, "%zu / %zu",
		audit_count("user.reset_issue"), audit_count("user.password_reset"));
	h_resp au = rq("admin", "GET", "/api/v1/audit", NULL);
	h_check("reset: no audit entry holds the token", au.status == 200 && strstr(au.body, token) == NULL, "token in the log");
	h_resp_free(&au);
}

/* The example application of 名取市 (042072, 宮城県 = 4), submitted and screened. */
static json_int_t screened_app(const char *bin)
{
	char *path = h_find_example(bin, "type1-natori.json");
	json_error_t je;
	json_t *body = path ? json_load_file(path, 0, &je) : NULL;
	free(path);
	h_resp r = rq("natori", "POST", "/api/v1/applications", body);
	json_decref(body);
	json_int_t id = r.status == 201 ? ji(r.json, "id") : 0;
	h_check("coi: natori creates the example", id > 0, "%s", h_resp_brief(&r));
	h_resp_free(&r);
	expect_free("coi: natori submits", rq("natori", "POST", ap(id, "/submit"), NULL), 200, NULL);
	expect_free("coi: the office screens", rq("sec1", "POST", ap(id, "/screen"), NULL), 200, NULL);
	return id;
}

static json_int_t APP;

static void scenario_conflicts(const char *bin)
{
	APP = screened_app(bin);
	size_t audits = audit_count("user.conflicts");
	h_resp r = rqt("sec1", "PUT", up(REV1, "/conflicts"), "{\"organizations\":[\"042072\"]}");
	h_check("coi: the office declares 名取市 for rev1 → 200",
		r.status == 200 && json_array_size(json_object_get(json_object_get(r.json, "conflicts"), "organizations")) == 1,
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	expect_free("coi: rev3 declares 宮城県 (4) for itself → 200",
		    rqt("rev3", "PUT", up(REV3, "/conflicts"), "{\"prefectures\":[4]}"), 200, NULL);
	h_check("coi: each declaration is an audit entry", audit_count("user.conflicts") == audits + 2, "%zu",
		audit_count("user.conflicts"));
	expect_free("coi: rev3 cannot declare for rev1 → 404",
		    rqt("rev3", "PUT", up(REV1, "/conflicts"), "{\"prefectures\":[13]}"), 404, "NOT_FOUND");
	expect_free("coi: an applicant has no conflicts to declare → 409",
		    rqt("sec1", "PUT", up(NATORI, "/conflicts"), "{\"prefectures\":[13]}"), 409, "NOT_REVIEWER");
	expect_free("coi: an unknown organization code → 400",
		    rqt("sec1", "PUT", up(REV2, "/conflicts"), "{\"organizations\":[\"999999\"]}"), 400, "INVALID");
	expect_free("coi: prefecture 48 → 400", rqt("sec1", "PUT", up(REV2, "/conflicts"), "{\"prefectures\":[48]}"), 400, "INVALID");
	r = rq("sec1", "GET", up(REV3, NULL), NULL);
	json_t *pref = json_array_get(json_object_get(json_object_get(r.json, "conflicts"), "prefectures"), 0);
	h_check("coi: the user's conflicts are read back", r.status == 200 && json_integer_value(pref) == 4, "%s", h_resp_brief(&r));
	h_resp_free(&r);

	/* rev2 is disabled for a moment: not in the picker, cannot be assigned */
	expect_free("coi: (pg-reviewer-00 disabled)", rqt("sec1", "PATCH", up(PG[0], NULL), "{\"disabled\":true}"), 200, NULL);
	r = rq("sec1", "GET", ap(APP, "/reviewers"), NULL);
	json_t *list = json_object_get(r.json, "reviewers");
	json_t *e1 = entry_of(list, "rev1"), *e2 = entry_of(list, "rev2"), *e3 = entry_of(list, "rev3");
	h_check("coi: the candidates are the 14 enabled reviewers, the disabled one left out",
		r.status == 200 && json_array_size(list) == 14 && entry_of(list, "pg-reviewer-00") == NULL, "%s", h_resp_brief(&r));
	h_check("coi: the candidates mark rev1 (名取市) and rev3 (宮城県), not rev2",
		e1 && strstr(js(e1, "conflict"), "名取市") && e3 && strstr(js(e3, "conflict"), "宮城県") && e2 &&
		json_is_null(json_object_get(e2, "conflict")) && ji(e2, "assignments") == 0,
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	expect_free("coi: an applicant cannot see the candidates of its own application → 403",
		    rq("natori", "GET", ap(APP, "/reviewers"), NULL), 403, "FORBIDDEN");

	size_t assigns = audit_count("application.assign");
	r = rqt("sec1", "POST", ap(APP, "/assign"), "{\"reviewer\":\"rev1\"}");
	h_check("coi: assigning rev1 is refused → 409 CONFLICT_OF_INTEREST naming 名取市",
		r.status == 409 && strcmp(h_err_code(&r), "CONFLICT_OF_INTEREST") == 0 && strstr(r.body, "名取市"), "%s",
		h_resp_brief(&r));
	h_resp_free(&r);
	expect_free("coi: assigning rev3 by reviewer_id is refused (宮城県) → 409",
		    rqt("sec1", "POST", ap(APP, "/assign"), nm("{\"reviewer_id\":%lld}", (long long)REV3)), 409,
		    "CONFLICT_OF_INTEREST");
	expect_free("coi: assigning a disabled reviewer → 400",
		    rqt("sec1", "POST", ap(APP, "/assign"), "{\"reviewer\":\"pg-reviewer-00\"}"), 400, "INVALID");
	expect_free("coi: naming the reviewer twice → 400",
		    rqt("sec1", "POST", ap(APP, "/assign"), nm("{\"reviewer\":\"rev2\",\"reviewer_id\":%lld}", (long long)REV2)),
		    400, "INVALID");
	h_check("coi: the refused assignments left no audit entry", audit_count("application.assign") == assigns, "%zu",
		audit_count("application.assign"));
	expect_free("coi: assigning rev2 by reviewer_id → 200",
		    rqt("sec1", "POST", ap(APP, "/assign"), nm("{\"reviewer_id\":%lld}", (long long)REV2)), 200, NULL);
	expect_free("coi: assigning pg-reviewer-01 by login → 200",
		    rqt("sec1", "POST", ap(APP, "/assign"), "{\"reviewer\":\"pg-reviewer-01\"}"), 200, NULL);
	h_check("coi: the assignments are audit entries", audit_count("application.assign") == assigns + 2, "%zu",
		audit_count("application.assign"));
	r = rq("sec1", "GET", ap(APP, "/reviewers"), NULL);
	e2 = entry_of(json_object_get(r.json, "reviewers"), "rev2");
	h_check("coi: rev2 now has 1 assignment, open, on this application",
		e2 && ji(e2, "assignments") == 1 && ji(e2, "open_assignments") == 1 && json_is_true(json_object_get(e2, "assigned")),
		"%s", h_resp_brief(&r));
	h_resp_free(&r);

	json_int_t other = screened_app(bin);
	r = h_http(C, "GET", nm("/office/applications/%lld", (long long)other), NULL, NULL, "sec1");
	bool has_select = strstr(r.body, "<datalist id=\"assign-reviewers\">") && strstr(r.body, "name=\"reviewer\"");
	h_check("coi: the office page picks the reviewer from a list with open counts and conflicts marked",
		r.status == 200 && has_select && strstr(r.body, "<option value=\"rev2\">rev2（担当中 1件・累計 1件）") &&
		strstr(r.body, "pg-reviewer-05（担当中 0件・累計 0件）") &&
		strstr(r.body, "rev1（担当中 0件・利害関係あり: 「名取市」（042072）") && strstr(r.body, "審査 一郎") &&
		strstr(r.body, "<option value=\"pg-reviewer-00\"") == NULL,
		"status %ld, select %d", r.status, has_select);
	h_resp_free(&r);
	r = h_http(C, "GET", nm("/office/applications/%lld", (long long)APP), NULL, NULL, "sec1");
	h_check("coi: reviewers already assigned are not offered again",
		r.status == 200 && strstr(r.body, "<option value=\"rev2\"") == NULL &&
		strstr(r.body, "<option value=\"pg-reviewer-05\"") != NULL,
		"status %ld", r.status);
	h_resp_free(&r);
}

static void scenario_summary(void)
{
	h_resp r = rq("sec1", "GET", ap(APP, "/review-summary"), NULL);
	json_t *p0 = json_array_get(json_object_get(r.json, "points"), 0);
	h_check("summary: before any review, both reviewers are listed as not reviewed and the means are null",
		r.status == 200 && json_array_size(json_object_get(r.json, "not_reviewed")) == 2 &&
		json_is_null(json_object_get(p0, "mean")),
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	json_t *rv = json_pack("{s{sisisisisisi}}", "scores", "issue_solution", 4, "kpi", 5, "consortium_roles", 3,
			       "running_cost_plan", 4, "pdca", 2, "cost_item_detail", 5);
	expect_free("summary: rev2 reviews", rq("rev2", "POST", ap(APP, "/reviews"), rv), 201, NULL);
	json_decref(rv);
	r = rq("sec1", "GET", ap(APP, "/review-summary"), NULL);
	json_t *nr = json_object_get(r.json, "not_reviewed");
	p0 = json_array_get(json_object_get(r.json, "points"), 0);
	h_check("summary: one review — mean 4.0, spread 0.0, pg-reviewer-01 not reviewed yet",
		json_array_size(nr) == 1 && strcmp(json_string_value(json_array_get(nr, 0)), "pg-reviewer-01") == 0 &&
		strcmp(js(p0, "mean"), "4.0") == 0 && strcmp(js(p0, "sd"), "0.0") == 0 && ji(p0, "n") == 1,
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	rv = json_pack("{s{sisisisisisi}}", "scores", "issue_solution", 3, "kpi", 5, "consortium_roles", 1, "running_cost_plan", 4,
		       "pdca", 5, "cost_item_detail", 4);
	expect_free("summary: pg-reviewer-01 reviews", rq("pg-reviewer-01", "POST", ap(APP, "/reviews"), rv), 201, NULL);
	json_decref(rv);
	r = rq("sec1", "GET", ap(APP, "/review-summary"), NULL);
	json_t *pts = json_object_get(r.json, "points");
	p0 = json_array_get(pts, 0);
	json_t *p4 = json_array_get(pts, 4);
	h_check("summary: two reviews — issue_solution 3.5 ± 0.5, pdca 3.5 ± 1.5, everyone reviewed",
		json_array_size(json_object_get(r.json, "not_reviewed")) == 0 && strcmp(js(p0, "key"), "issue_solution") == 0 &&
		strcmp(js(p0, "mean"), "3.5") == 0 && strcmp(js(p0, "sd"), "0.5") == 0 && strcmp(js(p4, "key"), "pdca") == 0 &&
		strcmp(js(p4, "mean"), "3.5") == 0 && strcmp(js(p4, "sd"), "1.5") == 0 && ji(p4, "mean_tenths") == 35,
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	expect_free("summary: a reviewer cannot read the summary → 403", rq("rev2", "GET", ap(APP, "/review-summary"), NULL), 403,
		    "FORBIDDEN");
	expect_free("summary: the applicant → 403", rq("natori", "GET", ap(APP, "/review-summary"), NULL), 403, "FORBIDDEN");
	r = h_http(C, "GET", nm("/office/applications/%lld", (long long)APP), NULL, NULL, "sec1");
	h_check("summary: the office page shows the summary table with the means and spreads",
		r.status == 200 && strstr(r.body, "id=\"review-summary\"") && strstr(r.body, "3.5") && strstr(r.body, "1.5") &&
		strstr(r.body, "全員が評価済みです"),
		"status %ld", r.status);
	h_resp_free(&r);
	r = h_http(C, "GET", "/office/users?q=rev", NULL, NULL, "sec1");
	h_check("pages: /office/users lists the accounts found (rev1 with its name)",
		r.status == 200 && strstr(r.body, "審査 一郎") && strstr(r.body, "rev3"), "status %ld", r.status);
	h_resp_free(&r);
	r = h_http(C, "GET", nm("/office/users/%lld", (long long)REV3), NULL, NULL, "sec1");
	h_check("pages: /office/users/{id} shows the edit, reset and conflicts forms",
		r.status == 200 && strstr(r.body, "name=\"display_name\"") && strstr(r.body, "name=\"prefectures\"") &&
		strstr(r.body, "value=\"reset\""),
		"status %ld", r.status);
	h_resp_free(&r);
	r = h_http(C, "GET", "/password-reset?token=abc", NULL, NULL, NULL);
	h_check("pages: /password-reset shows its form", r.status == 200 && strstr(r.body, "name=\"password\""), "status %ld",
		r.status);
	h_resp_free(&r);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DIGIDEN_BINARY\n", argv[0]);
		return 2;
	}
	h_watchdog(300, "users tests", &h_passed, &h_failed, &S);
	if (h_server_start(&S, argv[1]) != 0) {
		printf("FAIL start the server: see stderr\nusers tests: 0 passed, 1 failed\n");
		return 1;
	}
	C = h_client_new(&S);
	if (h_check("admin logs in", h_login(C, "admin", "admin", H_ADMIN_PASSWORD) == 200, "login failed")) {
		setup();
		scenario_list();
		scenario_patch();
		scenario_disable();
		scenario_reset();
		scenario_conflicts(argv[1]);
		scenario_summary();
	}
	h_client_free(C);
	int stop = h_server_stop(&S);
	h_check("the server stops cleanly", stop == 0, "wait status %d", S.last_exit);
	char why[512];
	h_check("the server's log has no sanitizer report", h_server_log_clean(&S, why, sizeof why), "%s", why);
	if (h_failed)
		h_server_log_tail(&S, 20);
	h_server_cleanup(&S);
	printf("users tests: %d passed, %d failed\n", h_passed, h_failed);
	return h_failed ? 1 : 0;
}
