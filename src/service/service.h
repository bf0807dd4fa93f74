/* service.h — the operations of digiden on a store: accounts and sessions, rounds,
 * applications through their lifecycle, comments, reviews, decisions, KPI reports
 * and the audit log. The HTTP API (src/web/) and the office CLI (src/cli/) both call
 * these, so the same checks apply whichever way a request arrives.
 *
 * Every mutation runs in one transaction together with its audit entry (one path for
 * all: svc_op_run in service_internal.h). Results and
 * errors are JSON (jansson): a function returns a new reference (caller decrefs) or
 * NULL with *err filled. */
#ifndef DIGIDEN_SERVICE_H
#define DIGIDEN_SERVICE_H

#include <jansson.h>
#include <stdint.h>

#include "../core/check.h"
#include "../core/lifecycle.h"
#include "../io/catalog.h"
#include "../store/store.h"

typedef struct svc {
	store *st;
	const catalog *cat; /* organization master and shipped rule sets */
	arena cache;        /* frozen rule sets of rounds, parsed once */
	struct svc_round_rules {
		int64_t round_id;
		rule_set *rules;
	} *rules_cache;
	size_t n_rules_cache;
} svc;

typedef struct svc_user {
	int64_t id; /* 0 = anonymous */
	const char *login;
	user_role role;
	const char *organization; /* applicants only */
	char csrf[65];            /* the session's CSRF token (hex), for HTML forms */
} svc_user;

/* An error for the caller: HTTP status, stable code, Japanese message, details
 * [{path, message}] (owned here; svc_err_clear() frees). */
typedef struct svc_err {
	int status;
	const char *code;
	char message[512];
	json_t *details;
	int64_t retry_after; /* seconds, for 429 (Retry-After); 0 when none */
} svc_err;

void svc_err_clear(svc_err *e);
/* Fills e with status, code and a formatted Japanese message. */
void svc_fail(svc_err *e, int status, const char *code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Adds one {path, message} to e's details. */
void svc_detail(svc_err *e, const char *path, const char *message);
/* {"error": {"code", "message", "details"}} — new reference. */
json_t *svc_err_json(const svc_err *e);

/* The frozen rule set of a round, parsed once per svc (NULL with *err on failure). */
const rule_set *svc_round_rules(svc *s, int64_t round_id, arena *a, svc_err *err);
/* Decodes and checks one body against rules (NULL = the shipped catalogue), without
 * limits; everything lives in a. 0, or -1 when memory ran out. */
int svc_check_one(svc *s, json_t *body, const rule_set *rules, arena *a, check_result *out);

void svc_init(svc *s, store *st, const catalog *cat);
void svc_free(svc *s);

/* First start: organizations, every shipped rule set as a round (fy2022-supp open
 * until now + 90 days), and the admin account (password from admin_password, or
 * generated and copied into generated_password, 33 bytes). */
int svc_seed(svc *s, const char *admin_password, char *generated_password, char *err, size_t errlen);

/* ---- accounts ---- */
#define SVC_TOKEN_HEX 64
/* Verifies login/password, creates a session and writes its token (hex) into token.
 * address is the client's; failures are throttled per (login, address) and per
 * address with a doubling wait (429 with err->retry_after), never by locking the
 * account. Returns the user JSON or NULL (401 / 429). */
json_t *svc_login(svc *s, const char *login, const char *password, const char *address,
		  char token[SVC_TOKEN_HEX + 1], svc_user *user, arena *a, svc_err *err);
/* Logins and addresses refused now because of failed logins (office, admin):
 * {"throttles":[{"login","address","failures","first_failed_at","blocked_until"}],"total"}. */
json_t *svc_login_throttles(svc *s, const svc_user *actor, svc_err *err);
/* The session's user; false when the token is unknown or expired. */
bool svc_session(svc *s, const char *token, arena *a, svc_user *user);
void svc_logout(svc *s, const char *token);
json_t *svc_user_json(const svc_user *u);
json_t *svc_user_add(svc *s, const svc_user *actor, json_t *body, svc_err *err);

/* ---- public ---- */
json_t *svc_rounds(svc *s, svc_err *err);
json_t *svc_organizations(svc *s, const char *q);
json_t *svc_check_body(svc *s, json_t *body, svc_err *err);
int svc_round_set_open(svc *s, const char *actor, const char *key, bool open, const char *deadline, svc_err *err);

/* ---- applications ---- */
json_t *svc_app_list(svc *s, const svc_user *actor, svc_err *err);
json_t *svc_app_create(svc *s, const svc_user *actor, json_t *body, svc_err *err);
json_t *svc_app_get(svc *s, const svc_user *actor, int64_t id, svc_err *err);
/* svc_app_get's answer as JSON text (the same bytes as json_dumps(…, JSON_COMPACT) of
 * it), the stored body spliced in without being parsed: malloc'd, the caller frees; *len
 * its length. NULL with err filled. */
char *svc_app_get_text(svc *s, const svc_user *actor, int64_t id, size_t *len, svc_err *err);
json_t *svc_app_update(svc *s, const svc_user *actor, int64_t id, json_t *body, svc_err *err);
json_t *svc_app_versions(svc *s, const svc_user *actor, int64_t id, svc_err *err);
json_t *svc_app_check(svc *s, const svc_user *actor, int64_t id, svc_err *err);
/* consult / submit / withdraw / screen / naiji / grant */
json_t *svc_app_transition(svc *s, const svc_user *actor, int64_t id, app_action act, svc_err *err);
json_t *svc_comment(svc *s, const svc_user *actor, int64_t id, json_t *body, svc_err *err);
json_t *svc_assign(svc *s, const svc_user *actor, int64_t id, json_t *body, svc_err *err);
json_t *svc_review(svc *s, const svc_user *actor, int64_t id, json_t *body, svc_err *err);
json_t *svc_decide(svc *s, const svc_user *actor, int64_t id, json_t *body, svc_err *err);
json_t *svc_kpi_report(svc *s, const svc_user *actor, int64_t id, json_t *body, svc_err *err);
json_t *svc_audit(svc *s, const svc_user *actor, int64_t app_id, svc_err *err);
/* Stores body as a draft of its applicant.code organization (office import; the
 * applicant sees it as its own draft). */
json_t *svc_app_import(svc *s, const char *actor, json_t *body, svc_err *err);
/* Every application with its current body (office export). */
json_t *svc_export(svc *s, const char *round_key, svc_err *err);

/* ---- issue 13, part 6: the office's list at national scale (app_query.h) ---- */
/* One row of svc_app_list: {"id","round","menu","organization":{"code","name"},"title",
 * "status","status_label","version","updated_at"}; new reference. */
json_t *svc_app_summary(const store_app *app);
/* ---- users, reviewers, conflicts of interest (issue 13, part 2) ---- */
/* A reset token lives this long (24 h). */
#define SVC_RESET_SECONDS (24 * 3600)
/* Accounts (office; role NULL = any, q = text in login, display name, organization;
 * page from 1, per_page ≤ 500, both text as in the query, NULL = defaults):
 * {"users":[{"id","login","display_name","role","organization","organization_name",
 * "disabled","last_login_at"}],"total","page","per_page"}. 400 on a bad role or page. */
json_t *svc_users_list(svc *s, const svc_user *actor, const char *role, const char *q, const char *page,
		       const char *per_page, svc_err *err);
/* One account with its conflicts ("conflicts":{"organizations","prefectures"}): the
 * office, or the user itself; 404 for anyone else. */
json_t *svc_user_get(svc *s, const svc_user *actor, int64_t id, svc_err *err);
/* {"display_name","role","organization","disabled"} (any of them; office only, and only
 * an admin gives or changes the admin and secretariat roles). Disabling ends the user's
 * sessions in the same transaction. Audited as user.update. */
json_t *svc_user_patch(svc *s, const svc_user *actor, int64_t id, json_t *body, svc_err *err);
/* {"organizations":["042072"],"prefectures":[4]} of a reviewer (office, or the reviewer
 * itself): replaces its declared conflicts. Audited as user.conflicts. */
json_t *svc_user_conflicts_put(svc *s, const svc_user *actor, int64_t id, json_t *body, svc_err *err);
/* A one-time password reset token for the account (office; admin only for admin and
 * secretariat accounts): {"user","token","expires_at"} — the token is shown this once,
 * only its hash is stored; it lasts SVC_RESET_SECONDS. Audited as user.reset_issue. */
json_t *svc_user_reset_issue(svc *s, const svc_user *actor, int64_t id, svc_err *err);
/* {"token","password"}: sets the password once per token, within its time, and ends the
 * user's sessions; 400 INVALID_TOKEN otherwise. Audited as user.password_reset. */
json_t *svc_password_reset(svc *s, json_t *body, svc_err *err);
/* Enabled reviewers for application id (office): {"reviewers":[{"id","login",
 * "display_name","assignments","open_assignments","assigned","conflict"}],"total"},
 * conflict the reason a declared conflict of interest bars one, else null. */
json_t *svc_reviewer_candidates(svc *s, const svc_user *actor, int64_t id, json_t *body, svc_err *err);
/* The reviews of application id by 審査の観点 (office): {"points":[{"key","n","mean",
 * "sd","mean_tenths","sd_tenths"}],"reviewers":[{"id","login","display_name",
 * "reviewed","scores","at"}],"not_reviewed":[login]} (sd: population, one decimal). */
json_t *svc_review_summary(svc *s, const svc_user *actor, int64_t id, json_t *body, svc_err *err);

#endif
