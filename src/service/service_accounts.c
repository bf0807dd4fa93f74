/* service_accounts.c — the office's view of accounts: the list with its search, one
 * account, editing its name, role and whether it may log in, and a reviewer's declared
 * conflicts of interest (issue 13, part 2); see service.h. Password resets are in
 * service_users.c beside the other password code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service_internal.h"

#define USERS_PER_PAGE 50
#define USERS_PER_PAGE_MAX 500
#define CONFLICTS_MAX 200

/* 404 for an account the caller may not know about (interfaces.md: never 403). */
static void *no_user(int64_t id, svc_err *err)
{
	svc_fail(err, 404, "NOT_FOUND", "利用者 %lld はありません", (long long)id);
	return NULL;
}

static bool privileged(const char *role) { return strcmp(role, "admin") == 0 || strcmp(role, "secretariat") == 0; }

static json_t *account_json(const store_account *u)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s?,s:s?,s:b,s:s?}", "id", (json_int_t)u->id, "login", u->login, "display_name",
			 u->display_name ? u->display_name : "", "role", u->role, "organization", u->organization,
			 "organization_name", u->organization_name, "disabled", u->disabled, "last_login_at", u->last_login_at);
}

/* A positive integer query value in [1, max] into *out (dflt when absent); false when
 * it is something else. */
static bool query_int(const char *v, int64_t dflt, int64_t max, int64_t *out)
{
	if (v == NULL || v[0] == '\0') {
		*out = dflt;
		return true;
	}
	char *end;
	long long n = strtoll(v, &end, 10);
	if (*end != '\0' || n < 1 || n > max)
		return false;
	*out = n;
	return true;
}

json_t *svc_users_list(svc *s, const svc_user *actor, const char *role, const char *q, const char *page,
		       const char *per_page, svc_err *err)
{
	if (!svc_is_office(actor)) {
		svc_fail(err, 403, "FORBIDDEN", "利用者の一覧を見られるのは事務局・管理者だけです");
		return NULL;
	}
	user_role r;
	int64_t pg = 1, per = USERS_PER_PAGE;
	if (role && role[0] && !user_role_from_key(role, &r))
		svc_detail(err, "role", "applicant / reviewer / secretariat / admin のいずれかです");
	if (!query_int(page, 1, 1000000, &pg))
		svc_detail(err, "page", "1以上の整数です");
	if (!query_int(per_page, USERS_PER_PAGE, USERS_PER_PAGE_MAX, &per))
		svc_detail(err, "per_page", "1〜500の整数です");
	if (q && strlen(q) > 200)
		svc_detail(err, "q", "200バイトまでです");
	if (err->details) {
		svc_fail(err, 400, "INVALID", "一覧の条件に誤りがあります");
		return NULL;
	}
	arena a;
	arena_init(&a);
	store_account *u;
	size_t n;
	int64_t total;
	json_t *out = NULL;
	if (store_account_list(s->st, role && role[0] ? role : NULL, q, per, (pg - 1) * per, &a, &u, &n, &total) != STORE_OK) {
		svc_db_fail(s, err);
	} else {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, account_json(&u[i]));
		out = json_pack("{s:o,s:I,s:I,s:I}", "users", arr, "total", (json_int_t)total, "page", (json_int_t)pg,
				"per_page", (json_int_t)per);
	}
	arena_free(&a);
	return out;
}

/* {"organizations":[…],"prefectures":[…]} of c[0..n). */
static json_t *conflicts_json(const store_conflict *c, size_t n)
{
	json_t *orgs = json_array(), *prefs = json_array();
	for (size_t i = 0; i < n; i++) {
		if (strcmp(c[i].kind, "organization") == 0)
			json_array_append_new(orgs, json_string(c[i].value));
		else
			json_array_append_new(prefs, json_integer(atoi(c[i].value)));
	}
	return json_pack("{s:o,s:o}", "organizations", orgs, "prefectures", prefs);
}

/* The account id as actor may see it (office, or itself) into *u; NULL with 404/500
 * in err, else the JSON of it. */
static json_t *visible_account(svc *s, const svc_user *actor, int64_t id, arena *a, store_account *u, svc_err *err)
{
	if (actor->id == 0) {
		svc_fail(err, 401, "LOGIN_REQUIRED", "ログインしてください");
		return NULL;
	}
	if (!svc_is_office(actor) && actor->id != id)
		return no_user(id, err);
	store_rc rc = store_account_get(s->st, id, a, u);
	if (rc == STORE_ERROR)
		return svc_db_fail(s, err);
	if (rc != STORE_OK)
		return no_user(id, err);
	return account_json(u);
}

/* visible_account for a write with a body of keys: true with *u, else err filled. */
static bool writable_account(svc *s, const svc_user *actor, int64_t id, json_t *body, const char *const *keys, arena *a,
			     store_account *u, svc_err *err)
{
	json_t *seen = visible_account(s, actor, id, a, u, err);
	json_decref(seen);
	return seen != NULL && svc_body_fields(body, keys, err);
}

json_t *svc_user_get(svc *s, const svc_user *actor, int64_t id, svc_err *err)
{
	arena a;
	arena_init(&a);
	store_account u;
	store_conflict *c;
	size_t n;
	json_t *out = visible_account(s, actor, id, &a, &u, err);
	if (out && store_conflicts_list(s->st, id, &a, &c, &n) == STORE_OK) {
		json_object_set_new(out, "conflicts", conflicts_json(c, n));
	} else if (out) {
		json_decref(out);
		out = svc_db_fail(s, err);
	}
	arena_free(&a);
	return out;
}

/* ---- editing ---- */

typedef struct patch_ctx {
	store_account before, after;
	bool end_sessions;
} patch_ctx;

static store_rc patch_step(svc *s, svc_op *op, void *ctx, svc_err *err)
{
	(void)op;
	(void)err;
	patch_ctx *c = ctx;
	store_rc rc = store_account_update(s->st, &c->after);
	/* a disabled account's sessions end with the change that disables it */
	return rc == STORE_OK && c->end_sessions ? store_account_sessions_end(s->st, c->after.id) : rc;
}

/* Applies body to c->after (a copy of c->before), the wrong fields as details of err. */
static void patch_fields(svc *s, json_t *body, patch_ctx *c, svc_err *err)
{
	json_t *dn = json_object_get(body, "display_name"), *role = json_object_get(body, "role");
	json_t *org = json_object_get(body, "organization"), *dis = json_object_get(body, "disabled");
	user_role r;
	if (dn && (!json_is_string(dn) || json_string_length(dn) > 200))
		svc_detail(err, "display_name", "200バイトまでの文字列です");
	else if (dn)
		c->after.display_name = json_string_value(dn);
	if (dis && !json_is_boolean(dis))
		svc_detail(err, "disabled", "true か false です");
	else if (dis)
		c->after.disabled = json_is_true(dis);
	if (role && (!json_is_string(role) || !user_role_from_key(json_string_value(role), &r)))
		svc_detail(err, "role", "applicant / reviewer / secretariat / admin のいずれかです");
	else if (role)
		c->after.role = json_string_value(role);
	if (org && !json_is_string(org) && !json_is_null(org))
		svc_detail(err, "organization", "団体コード（6桁）の文字列です");
	else if (org)
		c->after.organization = json_string_value(org);
	/* the schema's rule: an organization for applicants, and for them only */
	if (strcmp(c->after.role, "applicant") != 0) {
		if (org && json_is_string(org))
			svc_detail(err, "organization", "団体に属するのは申請者だけです");
		c->after.organization = NULL;
	} else {
		const organization *o = c->after.organization ? org_find(&s->cat->orgs, c->after.organization) : NULL;
		if (o == NULL || !o->applicant)
			svc_detail(err, "organization", "申請者には申請主体となる団体のコード（6桁）が必要です");
	}
}

json_t *svc_user_patch(svc *s, const svc_user *actor, int64_t id, json_t *body, svc_err *err)
{
	static const char *const keys[] = { "display_name", "role", "organization", "disabled", NULL };
	arena a;
	arena_init(&a);
	patch_ctx c = { 0 };
	json_t *out = NULL;
	if (!writable_account(s, actor, id, body, keys, &a, &c.before, err))
		goto done;
	if (!svc_is_office(actor)) {
		svc_fail(err, 403, "FORBIDDEN", "利用者の情報を変えられるのは事務局・管理者だけです");
		goto done;
	}
	c.after = c.before;
	patch_fields(s, body, &c, err);
	if (err->details) {
		svc_fail(err, 400, "INVALID", "利用者の内容に誤りがあります");
		goto done;
	}
	if ((privileged(c.before.role) || privileged(c.after.role)) && actor->role != ROLE_ADMIN) {
		svc_fail(err, 403, "FORBIDDEN", "事務局・管理者の役割と、その利用者の変更は管理者だけができます");
		goto done;
	}
	if (id == actor->id && (c.after.disabled || strcmp(c.after.role, c.before.role) != 0)) {
		svc_fail(err, 409, "SELF_LOCKOUT", "自分自身を無効にしたり、自分の役割を変えたりはできません");
		goto done;
	}
	c.end_sessions = c.after.disabled && !c.before.disabled;
	json_t *bj = account_json(&c.before), *aj = account_json(&c.after);
	char *bt = json_dumps(bj, JSON_COMPACT | JSON_SORT_KEYS), *at = json_dumps(aj, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(bj);
	svc_op op = { .actor = actor->login, .action = "user.update", .before = bt, .after = at };
	if (bt && at && svc_op_run(s, &op, patch_step, &c, err) == 0)
		out = aj;
	else
		json_decref(aj);
	if ((bt == NULL || at == NULL) && err->status == 0)
		svc_nomem(err);
	free(bt);
	free(at);
done:
	arena_free(&a);
	return out;
}

/* ---- conflicts of interest ---- */

typedef struct conflicts_ctx {
	int64_t user_id;
	store_conflict *c;
	size_t n;
} conflicts_ctx;

static store_rc conflicts_step(svc *s, svc_op *op __attribute__((unused)), void *ctx, svc_err *err __attribute__((unused)))
{
	const conflicts_ctx *c = ctx;
	return store_conflicts_put(s->st, c->user_id, c->c, c->n); /* the old list goes, the new one replaces it */
}

/* The declared organizations and prefectures of body into c (in a), the wrong ones as
 * details of err. */
static void conflict_fields(svc *s, json_t *body, conflicts_ctx *c, arena *a, svc_err *err)
{
	json_t *orgs = json_object_get(body, "organizations"), *prefs = json_object_get(body, "prefectures");
	if ((orgs && !json_is_array(orgs)) || (prefs && !json_is_array(prefs)) ||
	    json_array_size(orgs) + json_array_size(prefs) > CONFLICTS_MAX) {
		svc_detail(err, "", "organizations（団体コードの配列）と prefectures（都道府県番号の配列）、合わせて200件までです");
		return;
	}
	c->c = arena_alloc(a, (json_array_size(orgs) + json_array_size(prefs) + 1) * sizeof *c->c);
	if (c->c == NULL)
		return;
	size_t i;
	json_t *v;
	json_array_foreach(orgs, i, v)
	{
		const char *code = json_string_value(v);
		if (code == NULL || org_find(&s->cat->orgs, code) == NULL)
			svc_detail(err, arena_printf(a, "organizations[%zu]", i), "団体マスタにある6桁の団体コードです");
		else
			c->c[c->n++] = (store_conflict){ .user_id = c->user_id, .kind = "organization", .value = code };
	}
	json_array_foreach(prefs, i, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 47)
			svc_detail(err, arena_printf(a, "prefectures[%zu]", i), "1〜47の都道府県番号です");
		else
			c->c[c->n++] = (store_conflict){ .user_id = c->user_id, .kind = "prefecture",
							 .value = arena_printf(a, "%d", (int)json_integer_value(v)) };
	}
}

json_t *svc_user_conflicts_put(svc *s, const svc_user *actor, int64_t id, json_t *body, svc_err *err)
{
	static const char *const keys[] = { "organizations", "prefectures", NULL };
	arena a;
	arena_init(&a);
	store_account u;
	conflicts_ctx c = { .user_id = id };
	json_t *out = NULL;
	if (!writable_account(s, actor, id, body, keys, &a, &u, err))
		goto done;
	if (!svc_is_office(actor) && actor->role != ROLE_REVIEWER) {
		svc_fail(err, 403, "FORBIDDEN", "利害関係を申告できるのは審査員本人と事務局・管理者だけです");
		goto done;
	}
	if (strcmp(u.role, "reviewer") != 0) {
		svc_fail(err, 409, "NOT_REVIEWER", "利害関係を申告するのは審査員だけです（「%s」は審査員ではありません）", u.login);
		goto done;
	}
	conflict_fields(s, body, &c, &a, err);
	if (c.c == NULL && err->details == NULL) {
		svc_nomem(err);
		goto done;
	}
	if (err->details) {
		svc_fail(err, 400, "INVALID", "利害関係の申告に誤りがあります");
		goto done;
	}
	json_t *cj = conflicts_json(c.c, c.n);
	char *after = json_dumps(cj, JSON_COMPACT);
	svc_op op = { .actor = actor->login, .action = "user.conflicts",
		      .before = arena_printf(&a, "{\"user\":%lld,\"login\":\"%s\"}", (long long)id, u.login), .after = after };
	if (after && svc_op_run(s, &op, conflicts_step, &c, err) == 0)
		out = json_pack("{s:I,s:s,s:o}", "id", (json_int_t)id, "login", u.login, "conflicts", cj);
	else
		json_decref(cj);
	if (after == NULL && err->status == 0)
		svc_nomem(err);
	free(after);
done:
	arena_free(&a);
	return out;
}
