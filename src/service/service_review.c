/* service_review.c — what happens to an application after it is written: lifecycle
 * transitions, comments, reviewer assignments, reviews, decisions, KPI reports and the
 * audit log; see service.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "receipts.h"
#include "../core/review_stats.h"
#include "service_internal.h"

/* An application's status as the audit log records it: {"status":…[,"version":…]}. */
static const char *status_text(app_req *q, const char *status, bool version)
{
	return version ? arena_printf(&q->a, "{\"status\":\"%s\",\"version\":%d}", status, q->app.version)
		       : arena_printf(&q->a, "{\"status\":\"%s\"}", status);
}

/* The op of a write about q's application by q's actor. */
static svc_op app_op(app_req *q, const char *action, const char *before, const char *after)
{
	return (svc_op){ .actor = q->actor->login, .action = action, .application = q->id, .before = before, .after = after };
}

/* 409: the application's status does not allow what was asked; NULL. */
#define ILLEGAL(err, ...) (svc_fail((err), 409, "ILLEGAL_TRANSITION", __VA_ARGS__), NULL)

/* A write step on an application request (ctx is the app_req q); op and err are there
 * for the steps that use them. */
#define APP_STEP(name) \
	static store_rc name(svc *s, svc_op *op __attribute__((unused)), void *ctx, svc_err *err __attribute__((unused)))

/* The public operation name: handler on the application, loaded as full says. */
#define APP_OPERATION(name, act, full, handler)                                                  \
	json_t *name(svc *s, const svc_user *actor, int64_t id, json_t *body, svc_err *err)      \
	{                                                                                        \
		return svc_app_do(s, actor, id, body, act, full, handler, err);                  \
	}

/* The status act leads to from q's, into q->to; false when the lifecycle has no such move. */
static bool next_status(app_req *q, app_action act)
{
	app_status from;
	app_status_from_key(q->app.status, &from);
	return lifecycle_next(from, act, &q->to);
}

/* ---- transitions ---- */

/* Adds the errors of a check result as details of err. */
static void errors_as_details(const check_result *r, svc_err *err)
{
	for (size_t i = 0; i < r->diags.len; i++)
		if (r->diags.items[i].severity == DIAG_ERROR)
			svc_detail(err, r->diags.items[i].path, r->diags.items[i].message);
}

static bool round_accepting(svc *s, const store_app *app, arena *a, svc_err *err)
{
	store_round r;
	if (store_round_by_id(s->st, app->round_id, a, &r) != STORE_OK) {
		svc_db_fail(s, err);
		return false;
	}
	char now[32];
	svc_iso_time(time(NULL), now, sizeof now);
	if (strcmp(r.status, "open") != 0 || (r.deadline && strcmp(now, r.deadline) > 0)) {
		svc_fail(err, 409, "ROUND_CLOSED", "募集回「%s」は受付を終了しています（締切 %s）", r.title, r.deadline ? r.deadline : "なし");
		return false;
	}
	return true;
}

/* A move from the status q saw to q->to. For a submission or screening, inside the
 * write lock: the limits are counted over what is submitted while no other submission
 * can land (two of one organization at once cannot both pass), and the version checked
 * is the version moved (a save that landed since makes this a conflict). */
APP_STEP(transition_step)
{
	app_req *q = ctx;
	if (q->act == ACT_SUBMIT || q->act == ACT_SCREEN) {
		store_app now;
		store_rc rc = store_app_get(s->st, q->id, &q->a, &now);
		if (rc != STORE_OK || now.version != q->app.version || strcmp(now.status, q->app.status) != 0)
			return rc == STORE_OK ? STORE_NOT_FOUND : rc;
		check_result r;
		if (svc_check_in_round(s, &now, now.body, &q->a, &r, err) != 0)
			return STORE_ERROR;
		if (!check_ok(&r)) {
			svc_fail(err, 422, "RULE_ERRORS", "申請書にエラーがあるため%sできません（%zu件）",
				 q->act == ACT_SUBMIT ? "提出" : "確認済みに", diag_count(&r.diags, DIAG_ERROR));
			errors_as_details(&r, err);
			return STORE_ERROR;
		}
		store_rc set = store_app_set_status(s->st, q->id, q->app.status, app_status_key(q->to));
		if (set != STORE_OK || q->act != ACT_SUBMIT)
			return set;
		/* the 受付番号 in the same transaction: a submission without one cannot exist */
		if ((set = svc_receipt_issue(s, &now, &q->a, &q->receipt)) == STORE_OK)
			op->after = arena_printf(&q->a, "{\"status\":\"%s\",\"version\":%d,\"receipt\":\"%s\"}",
						 app_status_key(q->to), now.version, q->receipt);
		return set;
	}
	return store_app_set_status(s->st, q->id, q->app.status, app_status_key(q->to));
}

static json_t *transition(app_req *q, svc_err *err)
{
	app_action act = q->act;
	bool applicant_act = act == ACT_CONSULT || act == ACT_SUBMIT || act == ACT_WITHDRAW;
	if (!lifecycle_role_may(q->actor->role, act) || (applicant_act && !svc_owns(q->actor, &q->app))) {
		svc_fail(err, 403, "FORBIDDEN", "この操作（%s）をする権限がありません", app_action_key(act));
		return NULL;
	}
	if (!next_status(q, act)) {
		app_status from;
		app_status_from_key(q->app.status, &from);
		svc_fail(err, 409, "ILLEGAL_TRANSITION", "「%s」の申請に %s はできません", app_status_label(from), app_action_key(act));
		return NULL;
	}
	if (act == ACT_SUBMIT && !round_accepting(q->s, &q->app, &q->a, err))
		return NULL;
	const char *to = app_status_key(q->to);
	svc_op op = app_op(q, arena_printf(&q->a, "application.%s", app_action_key(act)), status_text(q, q->app.status, true),
			   status_text(q, to, true));
	if (svc_op_run(q->s, &op, transition_step, q, err) != 0)
		return NULL;
	json_t *out = svc_app_state(q->id, to);
	json_object_set_new(out, "status_label", json_string(app_status_label(q->to)));
	json_object_set_new(out, "version", json_integer(q->app.version));
	if (q->receipt)
		json_object_set_new(out, "receipt", json_string(q->receipt));
	return out;
}

json_t *svc_app_transition(svc *s, const svc_user *actor, int64_t id, app_action act, svc_err *err)
{
	return svc_app_do(s, actor, id, NULL, act, false, transition, err);
}

/* ---- comments ---- */

APP_STEP(comment_step)
{
	app_req *q = ctx;
	store_rc rc = store_comment_add(s->st, q->id, q->actor->id, q->text, &q->ref);
	op->after = arena_printf(&q->a, "{\"comment\":%lld}", (long long)q->ref);
	return rc;
}

static json_t *comment(app_req *q, svc_err *err)
{
	static const char *const keys[] = { "body", NULL };
	if (!(svc_is_office(q->actor) || svc_owns(q->actor, &q->app))) {
		svc_fail(err, 403, "FORBIDDEN", "事前相談のコメントは事務局と申請団体だけが書けます");
		return NULL;
	}
	if (strcmp(q->app.status, "draft") == 0)
		return ILLEGAL(err, "下書きにはコメントできません（事前相談を依頼してください）");
	if (!svc_body_fields(q->body, keys, err))
		return NULL;
	q->text = svc_body_str(q->body, "body");
	if (q->text == NULL || q->text[0] == '\0' || strlen(q->text) > 20000) {
		svc_fail(err, 400, "INVALID", "コメント（body）は1〜20000文字で入力してください");
		svc_detail(err, "body", "必須です");
		return NULL;
	}
	svc_op op = app_op(q, "comment.add", NULL, NULL);
	if (svc_op_run(q->s, &op, comment_step, q, err) != 0)
		return NULL;
	return json_pack("{s:I}", "id", (json_int_t)q->ref);
}

APP_OPERATION(svc_comment, ACT_EDIT, false, comment)

/* ---- assignments and reviews ---- */

APP_STEP(assign_step)
{
	app_req *q = ctx;
	store_rc rc = store_assign(s->st, q->id, q->ref);
	return rc == STORE_OK ? store_app_set_status(s->st, q->id, q->app.status, app_status_key(q->to)) : rc;
}

/* The conflict of interest a reviewer declared (c[0..n), every enabled reviewer's)
 * that bars reviewer from app: its Japanese reason into msg and true, else false. */
static bool conflict_of(svc *s, const store_conflict *c, size_t n, int64_t reviewer, const store_app *app, char *msg,
			size_t len)
{
	const organization *o = org_find(&s->cat->orgs, app->organization);
	const organization *pref = o ? org_prefecture_of(&s->cat->orgs, o) : NULL;
	const char *name = app->organization_name ? app->organization_name : app->organization;
	for (size_t i = 0; i < n; i++) {
		if (c[i].user_id != reviewer)
			continue;
		if (strcmp(c[i].kind, "organization") == 0 && strcmp(c[i].value, app->organization) == 0) {
			snprintf(msg, len, "「%s」（%s）との利害関係が申告されています", name, app->organization);
			return true;
		}
		if (strcmp(c[i].kind, "prefecture") == 0 && o && atoi(c[i].value) == o->prefecture) {
			snprintf(msg, len, "「%s」（%s）のある%sとの利害関係が申告されています", name, app->organization,
				 pref ? pref->name : "都道府県");
			return true;
		}
	}
	return false;
}

/* The reviewer the body names by login ("reviewer") or id ("reviewer_id"): an enabled
 * account with the reviewer role, else 400 with the field that named it. */
static bool assign_target(app_req *q, store_account *out, svc_err *err)
{
	json_t *idj = json_object_get(q->body, "reviewer_id");
	const char *login = svc_body_str(q->body, "reviewer");
	const char *field = idj ? "reviewer_id" : "reviewer";
	store_user u;
	store_rc rc = STORE_NOT_FOUND;
	if (idj && !login && json_is_integer(idj))
		rc = store_account_get(q->s->st, json_integer_value(idj), &q->a, out);
	else if (login && !idj && (rc = store_user_by_login(q->s->st, login, &q->a, &u)) == STORE_OK)
		rc = store_account_get(q->s->st, u.id, &q->a, out);
	if (rc == STORE_ERROR) {
		svc_db_fail(q->s, err);
		return false;
	}
	if (rc != STORE_OK || strcmp(out->role, "reviewer") != 0 || out->disabled) {
		svc_fail(err, 400, "INVALID", "審査員を reviewer（ログインID）か reviewer_id（利用者ID）のどちらか一方で指定してください");
		svc_detail(err, field, "有効な審査員の利用者ではありません");
		return false;
	}
	return true;
}

static json_t *assign(app_req *q, svc_err *err)
{
	static const char *const keys[] = { "reviewer", "reviewer_id", NULL };
	if (!lifecycle_role_may(q->actor->role, ACT_ASSIGN)) {
		svc_fail(err, 403, "FORBIDDEN", "審査員の割当ては事務局だけができます");
		return NULL;
	}
	if (!svc_body_fields(q->body, keys, err))
		return NULL;
	store_account reviewer;
	if (!assign_target(q, &reviewer, err))
		return NULL;
	if (!next_status(q, ACT_ASSIGN)) {
		app_status from;
		app_status_from_key(q->app.status, &from);
		return ILLEGAL(err, "「%s」の申請には審査員を割り当てられません", app_status_label(from));
	}
	store_conflict *c;
	size_t nc;
	char why[256];
	if (store_conflicts_list(q->s->st, reviewer.id, &q->a, &c, &nc) != STORE_OK)
		return svc_db_fail(q->s, err);
	if (conflict_of(q->s, c, nc, reviewer.id, &q->app, why, sizeof why)) {
		svc_fail(err, 409, "CONFLICT_OF_INTEREST", "審査員「%s」はこの申請を審査できません: %s", reviewer.login, why);
		return NULL;
	}
	q->ref = reviewer.id;
	const char *to = app_status_key(q->to);
	svc_op op = app_op(q, "application.assign", status_text(q, q->app.status, false),
			   arena_printf(&q->a, "{\"status\":\"%s\",\"reviewer\":\"%s\"}", to, reviewer.login));
	return svc_op_run(q->s, &op, assign_step, q, err) == 0 ? svc_app_state(q->id, to) : NULL;
}

APP_OPERATION(svc_assign, ACT_ASSIGN, false, assign)

/* ---- the reviewer picker and the review summary (issue 13, part 2) ---- */

static bool office_only(app_req *q, const char *what, svc_err *err)
{
	if (!svc_is_office(q->actor))
		svc_fail(err, 403, "FORBIDDEN", "%sを見られるのは事務局・管理者だけです", what);
	return svc_is_office(q->actor);
}

static json_t *candidates(app_req *q, svc_err *err)
{
	if (!office_only(q, "審査員の候補", err))
		return NULL;
	store_reviewer *r;
	store_conflict *c;
	size_t n, nc;
	if (store_reviewers(q->s->st, q->id, &q->a, &r, &n) != STORE_OK ||
	    store_conflicts_list(q->s->st, 0, &q->a, &c, &nc) != STORE_OK)
		return svc_db_fail(q->s, err);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		char why[256];
		bool barred = conflict_of(q->s, c, nc, r[i].id, &q->app, why, sizeof why);
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:I,s:I,s:b,s:s?}", "id", (json_int_t)r[i].id, "login",
						     r[i].login, "display_name", r[i].display_name ? r[i].display_name : "",
						     "assignments", (json_int_t)r[i].assignments, "open_assignments",
						     (json_int_t)r[i].open_assignments, "assigned", r[i].assigned, "conflict",
						     barred ? why : NULL));
	}
	return json_pack("{s:o,s:I}", "reviewers", arr, "total", (json_int_t)n);
}

APP_OPERATION(svc_reviewer_candidates, ACT_EDIT, false, candidates)

/* {"n","mean","sd","mean_tenths","sd_tenths"} of one point (null figures with no score). */
static json_t *stat_json(const review_stat *st)
{
	int64_t m, d;
	if (!review_stat_mean_tenths(st, &m) || !review_stat_sd_tenths(st, &d))
		return json_pack("{s:I,s:n,s:n,s:n,s:n}", "n", (json_int_t)st->n, "mean", "sd", "mean_tenths", "sd_tenths");
	char mt[24], dt[24];
	review_tenths_text(m, mt, sizeof mt);
	review_tenths_text(d, dt, sizeof dt);
	return json_pack("{s:I,s:s,s:s,s:I,s:I}", "n", (json_int_t)st->n, "mean", mt, "sd", dt, "mean_tenths", (json_int_t)m,
			 "sd_tenths", (json_int_t)d);
}

static json_t *summary(app_req *q, svc_err *err)
{
	if (!office_only(q, "評価の集計", err))
		return NULL;
	store_assigned *a;
	size_t n;
	if (store_assigned_list(q->s->st, q->id, &q->a, &a, &n) != STORE_OK)
		return svc_db_fail(q->s, err);
	review_stat st[RP__MAX] = { 0 };
	json_t *reviewers = json_array(), *missing = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *scores = a[i].scores ? json_loads(a[i].scores, 0, NULL) : NULL;
		for (int p = 0; p < RP__MAX && scores; p++) {
			json_t *v = json_object_get(scores, review_point_key((review_point_id)p));
			if (json_is_integer(v))
				review_stat_add(&st[p], json_integer_value(v));
		}
		if (scores == NULL)
			json_array_append_new(missing, json_string(a[i].login));
		json_array_append_new(reviewers, json_pack("{s:I,s:s,s:s,s:b,s:o,s:s?}", "id", (json_int_t)a[i].id, "login",
							   a[i].login, "display_name", a[i].display_name ? a[i].display_name : "",
							   "reviewed", scores != NULL, "scores", scores ? scores : json_null(),
							   "at", a[i].at));
	}
	json_t *points = json_array();
	for (int p = 0; p < RP__MAX; p++) {
		json_t *o = stat_json(&st[p]);
		json_object_set_new(o, "key", json_string(review_point_key((review_point_id)p)));
		json_array_append_new(points, o);
	}
	return json_pack("{s:o,s:o,s:o}", "points", points, "reviewers", reviewers, "not_reviewed", missing);
}

APP_OPERATION(svc_review_summary, ACT_EDIT, false, summary)

APP_STEP(review_step)
{
	app_req *q = ctx;
	return store_review_put(s->st, q->id, q->actor->id, q->text, q->extra);
}

/* The scores on the six review points of the seeds (000_23c807c41fd90cd5.txt 審査のポイント)
 * and the comment, wrong ones as details of err. The scale is not stated there, digiden
 * uses 1–5. */
static bool review_fields(app_req *q, json_t *scores, json_t *comment_j, svc_err *err)
{
	if (!json_is_object(scores) || json_object_size(scores) == 0) {
		svc_fail(err, 400, "INVALID", "scores（審査のポイントごとの1〜5の点）が必要です");
		svc_detail(err, "scores", "オブジェクトで指定してください");
		return false;
	}
	const char *k;
	json_t *v;
	json_object_foreach(scores, k, v)
	{
		review_point_id rp;
		if (!review_point_from_key(k, &rp))
			svc_detail(err, arena_printf(&q->a, "scores.%s", k), "審査のポイントにない項目です");
		else if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 5)
			svc_detail(err, arena_printf(&q->a, "scores.%s", k), "1〜5の整数で評価してください");
	}
	if (comment_j && !json_is_string(comment_j) && !json_is_null(comment_j))
		svc_detail(err, "comment", "文字列で入力してください");
	if (err->details)
		svc_fail(err, 400, "INVALID", "評価の内容に誤りがあります");
	return err->details == NULL;
}

static json_t *review(app_req *q, svc_err *err)
{
	static const char *const keys[] = { "scores", "comment", NULL };
	if (q->actor->role != ROLE_REVIEWER || !store_is_assigned(q->s->st, q->id, q->actor->id)) {
		svc_fail(err, 403, "FORBIDDEN", "評価を書けるのは割り当てられた審査員だけです");
		return NULL;
	}
	if (strcmp(q->app.status, "under_review") != 0)
		return ILLEGAL(err, "審査中の申請だけを評価できます");
	if (!svc_body_fields(q->body, keys, err))
		return NULL;
	json_t *scores = json_object_get(q->body, "scores"), *comment_j = json_object_get(q->body, "comment");
	if (!review_fields(q, scores, comment_j, err))
		return NULL;
	char *scores_text = json_dumps(scores, JSON_COMPACT | JSON_SORT_KEYS);
	if (scores_text == NULL)
		return svc_nomem(err);
	q->text = arena_strdup(&q->a, scores_text);
	free(scores_text);
	q->extra = json_is_string(comment_j) ? json_string_value(comment_j) : NULL;
	svc_op op = app_op(q, "review.put", NULL, q->text);
	if (svc_op_run(q->s, &op, review_step, q, err) != 0)
		return NULL;
	return json_pack("{s:I,s:s}", "application", (json_int_t)q->id, "reviewer", q->actor->login);
}

APP_OPERATION(svc_review, ACT_EDIT, false, review)

/* ---- decisions ---- */

typedef struct decision {
	bool adopt;
	int64_t amount;
	const char *decision, *reason;
} decision;

APP_STEP(decide_step)
{
	app_req *q = ctx;
	const decision *d = q->more;
	/* the status first: a racing decision stops here */
	store_rc rc = store_app_set_status(s->st, q->id, q->app.status, app_status_key(q->to));
	return rc == STORE_OK ? store_decision_put(s->st, q->id, d->decision, d->adopt, d->amount, d->reason, q->actor->id)
			      : rc;
}

/* Whether amount_j is a national share the check of q's body allows, with a reason
 * when it is less (400/422 otherwise). */
static bool adopt_amount(app_req *q, json_t *amount_j, decision *d, svc_err *err)
{
	check_result r;
	if (svc_check_in_round(q->s, &q->app, q->app.body, &q->a, &r, err) != 0)
		return false;
	if (!json_is_integer(amount_j) || json_integer_value(amount_j) <= 0) {
		svc_fail(err, 400, "INVALID", "採択には国費の額（amount_yen、正の整数の円）が必要です");
		svc_detail(err, "amount_yen", "正の整数の円");
		return false;
	}
	d->amount = json_integer_value(amount_j);
	if (!r.has_national_share || d->amount > r.national_share_yen) {
		svc_fail(err, 422, "AMOUNT_ABOVE_COMPUTED", "決定額 %lld円 が計算上の国費 %lld円 を超えています", (long long)d->amount,
			 (long long)(r.has_national_share ? r.national_share_yen : 0));
		svc_detail(err, "amount_yen", "計算上の国費以下にしてください");
		return false;
	}
	if (d->amount < r.national_share_yen && (d->reason == NULL || d->reason[0] == '\0')) {
		svc_fail(err, 400, "REASON_REQUIRED", "計算上の国費より減額するときは理由（reason）が必要です");
		svc_detail(err, "reason", "減額の理由を書いてください");
		return false;
	}
	return true;
}

/* A rejection has a reason and no amount (400 otherwise). */
static bool reject_fields(json_t *amount_j, const decision *d, svc_err *err)
{
	if (d->reason == NULL || d->reason[0] == '\0') {
		svc_fail(err, 400, "REASON_REQUIRED", "不採択には理由（reason）が必要です");
		svc_detail(err, "reason", "不採択の理由を書いてください");
		return false;
	}
	if (amount_j != NULL) {
		svc_fail(err, 400, "INVALID", "不採択に金額は指定できません");
		svc_detail(err, "amount_yen", "不要です");
		return false;
	}
	return true;
}

static json_t *decide(app_req *q, svc_err *err)
{
	static const char *const keys[] = { "decision", "amount_yen", "reason", NULL };
	if (!svc_body_fields(q->body, keys, err))
		return NULL;
	decision d = { .decision = svc_body_str(q->body, "decision"), .reason = svc_body_str(q->body, "reason") };
	d.adopt = d.decision && strcmp(d.decision, "adopted") == 0;
	if (!d.adopt && !(d.decision && strcmp(d.decision, "rejected") == 0)) {
		svc_fail(err, 400, "INVALID", "decision は adopted か rejected です");
		svc_detail(err, "decision", "adopted / rejected");
		return NULL;
	}
	app_action act = d.adopt ? ACT_ADOPT : ACT_REJECT;
	if (!lifecycle_role_may(q->actor->role, act)) {
		svc_fail(err, 403, "FORBIDDEN", "採否の決定は事務局だけができます");
		return NULL;
	}
	if (!next_status(q, act)) {
		app_status from;
		app_status_from_key(q->app.status, &from);
		return ILLEGAL(err, "「%s」の申請は採否を決定できません（審査中のみ）", app_status_label(from));
	}
	store_note *reviews;
	size_t nrev;
	if (store_review_list(q->s->st, q->id, 0, &q->a, &reviews, &nrev) != STORE_OK || nrev == 0) {
		svc_fail(err, 409, "NO_REVIEW", "審査員の評価が1件もないため決定できません");
		return NULL;
	}
	json_t *amount_j = json_object_get(q->body, "amount_yen");
	if (!(d.adopt ? adopt_amount(q, amount_j, &d, err) : reject_fields(amount_j, &d, err)))
		return NULL;
	const char *to = app_status_key(q->to);
	q->more = &d;
	svc_op op = app_op(q, d.adopt ? "application.adopt" : "application.reject", status_text(q, q->app.status, false),
			   arena_printf(&q->a, "{\"status\":\"%s\",\"amount_yen\":%lld}", to, (long long)d.amount));
	if (svc_op_run(q->s, &op, decide_step, q, err) != 0)
		return NULL;
	json_t *out = svc_app_state(q->id, to);
	json_object_set_new(out, "amount_yen", d.adopt ? json_integer(d.amount) : json_null());
	return out;
}

APP_OPERATION(svc_decide, ACT_ADOPT, true, decide)

/* ---- KPI reports ---- */

APP_STEP(kpi_step)
{
	app_req *q = ctx;
	store_rc rc = store_kpi_add(s->st, q->id, q->version, q->text, q->actor->id, &q->ref);
	if (rc == STORE_DUPLICATE)
		svc_fail(err, 409, "DUPLICATE", "%d年度のKPI実績は報告済みです", q->version);
	return rc;
}

/* The fiscal year (after the round's, within 20 years) and values [{kpi, value}] of a
 * KPI report, wrong ones as details of err. */
static bool kpi_fields(app_req *q, json_t *fy, json_t *values, svc_err *err)
{
	store_round r;
	if (store_round_by_id(q->s->st, q->app.round_id, &q->a, &r) != STORE_OK) {
		svc_db_fail(q->s, err);
		return false;
	}
	if (!json_is_integer(fy) || json_integer_value(fy) <= r.fiscal_year || json_integer_value(fy) > r.fiscal_year + 20)
		svc_detail(err, "fiscal_year", "募集回の年度より後の年度（西暦）を指定してください");
	if (!json_is_array(values) || json_array_size(values) == 0)
		svc_detail(err, "values", "[{\"kpi\": 名称, \"value\": 数値}] の配列が必要です");
	size_t i;
	json_t *v;
	json_array_foreach(values, i, v)
	{
		if (!json_is_object(v) || !json_is_string(json_object_get(v, "kpi")) || !json_is_number(json_object_get(v, "value")) ||
		    json_object_size(v) != 2)
			svc_detail(err, arena_printf(&q->a, "values[%zu]", i), "{\"kpi\": 名称, \"value\": 数値} で指定してください");
	}
	if (err->details)
		svc_fail(err, 400, "INVALID", "KPI報告の内容に誤りがあります");
	return err->details == NULL;
}

static json_t *kpi_report(app_req *q, svc_err *err)
{
	static const char *const keys[] = { "fiscal_year", "values", NULL };
	if (!svc_owns(q->actor, &q->app)) {
		svc_fail(err, 403, "FORBIDDEN", "KPIの実績を報告できるのはその団体の申請者だけです");
		return NULL;
	}
	app_status st;
	app_status_from_key(q->app.status, &st);
	if (!lifecycle_next(st, ACT_REPORT_KPI, NULL))
		return ILLEGAL(err, "KPIの実績は交付決定の後に報告します");
	if (!svc_body_fields(q->body, keys, err))
		return NULL;
	json_t *fy = json_object_get(q->body, "fiscal_year");
	if (!kpi_fields(q, fy, json_object_get(q->body, "values"), err))
		return NULL;
	char *text = json_dumps(q->body, JSON_COMPACT);
	if (text == NULL)
		return svc_db_fail(q->s, err);
	q->text = arena_strdup(&q->a, text);
	free(text);
	q->version = (int)json_integer_value(fy);
	svc_op op = app_op(q, "kpi.report", NULL, q->text);
	if (svc_op_run(q->s, &op, kpi_step, q, err) != 0)
		return NULL;
	return json_pack("{s:I}", "id", (json_int_t)q->ref);
}

APP_OPERATION(svc_kpi_report, ACT_REPORT_KPI, false, kpi_report)

/* ---- the audit log ---- */

static json_t *maybe_json(const char *text)
{
	if (text == NULL)
		return json_null();
	json_t *j = json_loads(text, 0, NULL);
	return j ? j : json_string(text);
}

/* The entries of application app_id (0 = all) as actor may see them: applicants do not
 * see reviews, nor who reviewed (docs/api.md), so their view leaves out review entries
 * and the reviewer of an assignment. */
static json_t *audit_entries(svc *s, const svc_user *actor, int64_t app_id, svc_err *err)
{
	if (!svc_is_office(actor) && (app_id <= 0 || actor->role != ROLE_APPLICANT)) {
		svc_fail(err, 403, "FORBIDDEN", "監査ログを見られるのは事務局・管理者と、自団体の申請についての申請者だけです");
		return NULL;
	}
	bool applicant = actor->role == ROLE_APPLICANT;
	arena a;
	arena_init(&a);
	store_audit_entry *e = NULL;
	size_t n = 0;
	json_t *arr = store_audit_list(s->st, app_id, &a, &e, &n) == STORE_OK ? json_array() : svc_db_fail(s, err);
	for (size_t i = 0; arr && i < n; i++) {
		if (applicant && strcmp(e[i].action, "review.put") == 0)
			continue;
		json_t *after = maybe_json(e[i].after);
		if (applicant && json_is_object(after))
			json_object_del(after, "reviewer");
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:o}", "id", (json_int_t)e[i].id, "at", e[i].at,
						     "actor", e[i].actor, "action", e[i].action, "application",
						     e[i].application ? json_integer(e[i].application) : json_null(), "before",
						     maybe_json(e[i].before), "after", after));
	}
	arena_free(&a);
	return arr ? json_pack("{s:o}", "entries", arr) : NULL;
}

static json_t *app_audit(app_req *q, svc_err *err) { return audit_entries(q->s, q->actor, q->id, err); }

json_t *svc_audit(svc *s, const svc_user *actor, int64_t app_id, svc_err *err)
{
	/* one application's trail follows that application's own access rule (an unknown
	 * or invisible id is 404 for everyone, the office included); the whole log is the
	 * office's */
	if (app_id > 0)
		return svc_app_do(s, actor, app_id, NULL, ACT_EDIT, false, app_audit, err);
	if (actor->id == 0) {
		svc_fail(err, 401, "LOGIN_REQUIRED", "ログインしてください");
		return NULL;
	}
	return audit_entries(s, actor, app_id, err);
}
