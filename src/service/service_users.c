/* service_users.c — the first start (svc_seed), accounts, logins with their throttling,
 * sessions; see service.h. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../io/json_application.h"
#include "service_internal.h"

#define SESSION_SECONDS (8 * 3600)
/* Login throttling (issue 10): failures count per (login, client address) and per
 * address within a window; past a free number each further failure doubles the wait,
 * up to the window. The account itself is never locked: its owner on another address
 * logs in as usual, so a stranger cannot lock anyone out. */
#define THROTTLE_WINDOW_SECONDS (15 * 60)
#define THROTTLE_FREE_PER_LOGIN 5    /* one login from one address */
#define THROTTLE_FREE_PER_ADDRESS 20 /* any logins from one address (password spraying) */
#define THROTTLE_FIRST_WAIT 30       /* seconds after the first failure past the free ones */

static bool hash_password(const char *password, char out[crypto_pwhash_STRBYTES])
{
	return crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

/* hash_password, or false with 500 HASH in err. */
static bool hash_or_fail(const char *password, char out[crypto_pwhash_STRBYTES], svc_err *err)
{
	if (hash_password(password, out))
		return true;
	svc_fail(err, 500, "HASH", "パスワードをハッシュ化できません");
	return false;
}

/* ---- first start ---- */

typedef struct seed_ctx {
	const char *hash; /* the admin's password hash */
	char *err;        /* a message of the step's own (a rule file that does not parse) */
	size_t errlen;
} seed_ctx;

static store_rc seed_step(svc *s, svc_op *op, void *ctx, svc_err *err)
{
	(void)op;
	seed_ctx *c = ctx;
	store_rc rc = store_orgs_load(s->st, &s->cat->orgs);
	char deadline[32];
	svc_iso_time(time(NULL) + 90 * 24 * 3600, deadline, sizeof deadline);
	for (const embedded_file *f = embedded_files; rc == STORE_OK && f->name; f++) {
		if (strncmp(f->name, "rules/", 6) != 0)
			continue;
		json_t *root = json_parse_text(f->data, f->len, c->err, c->errlen);
		if (root == NULL) {
			svc_fail(err, 500, "SEED", "%s", c->err);
			return STORE_ERROR;
		}
		const rule_set *rs = NULL;
		for (size_t i = 0; i < s->cat->rules.len; i++)
			if (strcmp(s->cat->rules.sets[i]->id, json_string_value(json_object_get(root, "id"))) == 0)
				rs = s->cat->rules.sets[i];
		json_decref(root);
		if (rs == NULL)
			continue;
		/* the demonstration round: 令和4年度補正 デジタル実装タイプ, open for applications */
		bool open = strcmp(rs->id, "digital-implementation/fy2022-supp") == 0;
		char *frozen = arena_strndup(&s->cache, f->data, f->len);
		store_round r = { .key = rs->id, .title = rs->title, .fiscal_year = rs->fiscal_year, .rules_json = frozen,
				  .status = open ? "open" : "closed", .deadline = open ? deadline : NULL };
		rc = store_round_add(s->st, &r, NULL);
	}
	return rc == STORE_OK ? store_user_add(s->st, "admin", c->hash, "admin", NULL, NULL) : rc;
}

int svc_seed(svc *s, const char *admin_password, char *generated_password, char *err, size_t errlen)
{
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium を初期化できません");
		return -1;
	}
	const char *password = admin_password;
	if (password == NULL || password[0] == '\0') {
		unsigned char raw[16];
		randombytes_buf(raw, sizeof raw);
		sodium_bin2hex(generated_password, 33, raw, sizeof raw);
		password = generated_password;
	} else {
		generated_password[0] = '\0';
	}
	char hash[crypto_pwhash_STRBYTES];
	if (!hash_password(password, hash)) {
		snprintf(err, errlen, "パスワードをハッシュ化できません（メモリ不足）");
		return -1;
	}
	seed_ctx c = { .hash = hash, .err = err, .errlen = errlen };
	svc_op op = { .actor = "system", .action = "seed",
		      .after = "{\"organizations\":\"data/organizations.tsv\",\"rounds\":\"rules/\",\"user\":\"admin\"}" };
	svc_err e = { 0 };
	int rc = svc_op_run(s, &op, seed_step, &c, &e);
	if (rc != 0 && (e.code == NULL || strcmp(e.code, "SEED") != 0))
		snprintf(err, errlen, "初期データを入れられません: %s", store_errmsg(s->st));
	svc_err_clear(&e);
	return rc;
}

/* ---- accounts ---- */

static void token_hash(const char *token, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

static bool user_from_row(const store_user *u, svc_user *out)
{
	user_role r;
	if (!user_role_from_key(u->role, &r))
		return false;
	*out = (svc_user){ .id = u->id, .login = u->login, .role = r, .organization = u->organization };
	return true;
}

json_t *svc_user_json(const svc_user *u)
{
	return json_pack("{s:I,s:s,s:s,s:s?}", "id", (json_int_t)u->id, "login", u->login, "role", user_role_key(u->role),
			 "organization", u->organization);
}

/* A hash to verify against for logins that do not exist, made once per process
 * (workers log in at the same time). */
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[crypto_pwhash_STRBYTES];
static void make_dummy_hash(void)
{
	unsigned char raw[16];
	char secret[33];
	randombytes_buf(raw, sizeof raw); /* a password nobody can type */
	sodium_bin2hex(secret, sizeof secret, raw, sizeof raw);
	if (!hash_password(secret, dummy_hash))
		dummy_hash[0] = '\0';
}

/* Seconds to wait after `failures` failures of which all but the last of
 * `free_failures` cost nothing: 30, 60, 120 … up to the window (15 minutes). */
static int64_t backoff_seconds(int failures, int free_failures)
{
	if (failures < free_failures)
		return 0;
	int n = failures - free_failures;
	int64_t wait = n >= 10 ? THROTTLE_WINDOW_SECONDS : (int64_t)THROTTLE_FIRST_WAIT << n;
	return wait < THROTTLE_WINDOW_SECONDS ? wait : THROTTLE_WINDOW_SECONDS;
}

/* Counts one more failure under key; returns the row as written. */
static store_rc count_failure(svc *s, const char *key, const char *login, const char *address, int free_failures,
			      int64_t now, arena *a, store_login_failure *f)
{
	store_rc rc = store_login_failure_get(s->st, key, a, f);
	if (rc == STORE_ERROR)
		return rc;
	if (rc == STORE_NOT_FOUND || now - f->first_failed_at >= THROTTLE_WINDOW_SECONDS)
		*f = (store_login_failure){ .key = key, .login = login, .address = address, .failures = 0, .first_failed_at = now };
	f->failures++;
	int64_t wait = backoff_seconds(f->failures, free_failures);
	f->blocked_until = wait > 0 ? now + wait : 0;
	return store_login_failure_put(s->st, f);
}

/* One login attempt: its keys and what the step of its write needs. */
typedef struct login_ctx {
	const char *login, *address, *pair_key, *addr_key;
	int64_t now;
	arena *a;
	store_login_failure pf, af;
	/* a success */
	unsigned char hash[32];
	int64_t user_id;
	const char *csrf;
} login_ctx;

static store_rc login_failed_step(svc *s, svc_op *op, void *ctx, svc_err *err)
{
	(void)err;
	login_ctx *c = ctx;
	store_rc rc = count_failure(s, c->pair_key, c->login, c->address, THROTTLE_FREE_PER_LOGIN, c->now, c->a, &c->pf);
	if (rc == STORE_OK)
		rc = count_failure(s, c->addr_key, "", c->address, THROTTLE_FREE_PER_ADDRESS, c->now, c->a, &c->af);
	if (rc != STORE_OK)
		return rc;
	json_t *d = json_pack("{s:s,s:i,s:i}", "address", c->address, "failures", c->pf.failures, "address_failures",
			      c->af.failures);
	if (c->pf.blocked_until > 0 || c->af.blocked_until > 0)
		json_object_set_new(d, "throttled_until",
				    json_integer(c->pf.blocked_until > c->af.blocked_until ? c->pf.blocked_until : c->af.blocked_until));
	char *detail = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(d);
	op->after = arena_strdup(c->a, detail);
	free(detail);
	return STORE_OK;
}

static store_rc login_ok_step(svc *s, svc_op *op, void *ctx, svc_err *err)
{
	(void)op;
	login_ctx *c = ctx;
	/* checked again in the write lock: a disabling that landed since the password was
	 * verified leaves no new session behind */
	if (!store_account_enabled(s->st, c->user_id)) {
		svc_fail(err, 403, "ACCOUNT_DISABLED", "このアカウントは無効にされています。事務局にお問い合わせください");
		return STORE_ERROR;
	}
	char at[32];
	svc_iso_time((time_t)c->now, at, sizeof at);
	store_rc rc = store_login_failure_clear(s->st, c->pair_key);
	if (rc == STORE_OK)
		rc = store_account_logged_in(s->st, c->user_id, at);
	return rc == STORE_OK ? store_session_add(s->st, c->hash, c->user_id, c->now + SESSION_SECONDS, c->csrf) : rc;
}

/* The wait still ahead of this address for this login or for all (0 = none), or -1
 * when the store could not say. */
static int64_t throttled_until(svc *s, login_ctx *c)
{
	store_login_failure pf, af;
	store_rc prc = store_login_failure_get(s->st, c->pair_key, c->a, &pf);
	store_rc arc = store_login_failure_get(s->st, c->addr_key, c->a, &af);
	if (prc == STORE_ERROR || arc == STORE_ERROR)
		return -1;
	int64_t until = 0;
	if (prc == STORE_OK && pf.blocked_until > c->now)
		until = pf.blocked_until;
	if (arc == STORE_OK && af.blocked_until > until && af.blocked_until > c->now)
		until = af.blocked_until;
	return until;
}

json_t *svc_login(svc *s, const char *login, const char *password, const char *address,
		  char token[SVC_TOKEN_HEX + 1], svc_user *user, arena *a, svc_err *err)
{
	if (address == NULL || address[0] == '\0')
		address = "unknown";
	login_ctx c = { .login = login, .address = address, .now = (int64_t)time(NULL), .a = a,
			.pair_key = arena_printf(a, "%s\n%s", login, address), .addr_key = arena_printf(a, "\n%s", address) };
	if (c.pair_key == NULL || c.addr_key == NULL)
		return svc_nomem(err);
	int64_t until = throttled_until(s, &c);
	if (until < 0)
		return svc_db_fail(s, err);
	if (until > 0) {
		svc_fail(err, 429, "THROTTLED", "ログインの失敗が続いたため、%lld秒後まで、この端末からはログインできません",
			 (long long)(until - c.now));
		err->retry_after = until - c.now;
		return NULL;
	}
	store_user u;
	store_rc rc = store_user_by_login(s->st, login, a, &u);
	if (rc == STORE_ERROR)
		return svc_db_fail(s, err);
	bool ok;
	if (rc == STORE_NOT_FOUND) {
		/* same work as a real check, so timing does not reveal which logins exist */
		pthread_once(&dummy_once, make_dummy_hash);
		ok = false; /* even if the dummy verified: nobody knows its password */
		if (dummy_hash[0] != '\0' && crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0)
			ok = false;
	} else {
		ok = crypto_pwhash_str_verify(u.password_hash, password, strlen(password)) == 0;
	}
	if (!ok) {
		/* an unknown login is counted (its address is throttled too) but not written to
		 * the audit log, which a stranger could otherwise fill with made-up names */
		svc_op op = { .actor = rc == STORE_OK ? u.login : NULL, .action = rc == STORE_OK ? "login.failed" : NULL };
		if (svc_op_run(s, &op, login_failed_step, &c, err) != 0)
			return NULL;
		svc_fail(err, 401, "BAD_CREDENTIALS", "ログインIDまたはパスワードが違います");
		return NULL;
	}
	unsigned char raw[32], craw[32];
	char csrf[65];
	randombytes_buf(raw, sizeof raw);
	randombytes_buf(craw, sizeof craw);
	sodium_bin2hex(token, SVC_TOKEN_HEX + 1, raw, sizeof raw);
	sodium_bin2hex(csrf, sizeof csrf, craw, sizeof craw);
	token_hash(token, c.hash);
	c.user_id = u.id;
	c.csrf = csrf;
	svc_op op = { .actor = u.login, .action = "login" };
	if (svc_op_run(s, &op, login_ok_step, &c, err) != 0)
		return NULL;
	if (!user_from_row(&u, user)) {
		svc_fail(err, 500, "BAD_ROLE", "利用者の役割が不正です");
		return NULL;
	}
	memcpy(user->csrf, csrf, sizeof csrf);
	return json_pack("{s:o}", "user", svc_user_json(user));
}

json_t *svc_login_throttles(svc *s, const svc_user *actor, svc_err *err)
{
	if (!svc_is_office(actor)) {
		svc_fail(err, 403, "FORBIDDEN", "ログイン制限の一覧を見られるのは事務局・管理者だけです");
		return NULL;
	}
	arena a;
	arena_init(&a);
	store_login_failure *f = NULL;
	size_t n = 0;
	json_t *arr = store_login_failures_blocked(s->st, (int64_t)time(NULL), &a, &f, &n) == STORE_OK ? json_array()
													: svc_db_fail(s, err);
	for (size_t i = 0; arr && i < n; i++)
		json_array_append_new(arr, json_pack("{s:s?,s:s,s:i,s:I,s:I}", "login", f[i].login[0] ? f[i].login : NULL,
						     "address", f[i].address, "failures", f[i].failures, "first_failed_at",
						     (json_int_t)f[i].first_failed_at, "blocked_until", (json_int_t)f[i].blocked_until));
	arena_free(&a);
	return arr ? json_pack("{s:o,s:I}", "throttles", arr, "total", (json_int_t)n) : NULL;
}

bool svc_session(svc *s, const char *token, arena *a, svc_user *user)
{
	if (token == NULL || strlen(token) != SVC_TOKEN_HEX)
		return false;
	unsigned char hash[32];
	token_hash(token, hash);
	int64_t uid;
	store_user u;
	char csrf[65];
	if (store_session_user(s->st, hash, (int64_t)time(NULL), &uid, csrf) == STORE_OK &&
	    store_user_by_id(s->st, uid, a, &u) == STORE_OK && user_from_row(&u, user)) {
		memcpy(user->csrf, csrf, sizeof csrf);
		return true;
	}
	return false;
}

static store_rc logout_step(svc *s, svc_op *op, void *ctx, svc_err *err)
{
	(void)op;
	(void)err;
	return store_session_delete(s->st, ctx);
}

void svc_logout(svc *s, const char *token)
{
	if (token == NULL || strlen(token) != SVC_TOKEN_HEX)
		return;
	unsigned char hash[32];
	token_hash(token, hash);
	arena a;
	arena_init(&a);
	svc_user u;
	bool known = svc_session(s, token, &a, &u);
	svc_op op = { .actor = known ? u.login : NULL, .action = known ? "logout" : NULL };
	svc_err e = { 0 };
	(void)svc_op_run(s, &op, logout_step, hash, &e); /* logging out answers the same either way */
	svc_err_clear(&e);
	arena_free(&a);
}

/* ---- adding users ---- */

typedef struct user_add_ctx {
	const char *login, *hash, *org;
	user_role role;
	json_t *out;
	arena a;
} user_add_ctx;

static store_rc user_add_step(svc *s, svc_op *op, void *ctx, svc_err *err)
{
	user_add_ctx *c = ctx;
	int64_t id;
	store_rc rc = store_user_add(s->st, c->login, c->hash, user_role_key(c->role), c->org, &id);
	if (rc == STORE_DUPLICATE)
		svc_fail(err, 409, "DUPLICATE", "ログインID「%s」は既にあります", c->login);
	if (rc != STORE_OK)
		return rc;
	svc_user created = { .id = id, .login = c->login, .role = c->role, .organization = c->org };
	c->out = svc_user_json(&created);
	char *after = json_dumps(c->out, JSON_COMPACT);
	op->after = arena_strdup(&c->a, after);
	free(after);
	return STORE_OK;
}

/* The fields of a new user that are wrong, as details of err. */
static void user_fields_check(svc *s, const char *login, const char *password, const char *role_s, const char *org,
			      user_role *role, svc_err *err)
{
	static const char login_chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@";
	if (login == NULL || strlen(login) < 2 || strlen(login) > 64 || strspn(login, login_chars) != strlen(login))
		svc_detail(err, "login", "ログインIDは英数字と . _ - @ の2〜64文字です");
	if (password == NULL || strlen(password) < 10 || strlen(password) > 256)
		svc_detail(err, "password", "パスワードは10〜256文字です");
	if (!user_role_from_key(role_s, role)) {
		svc_detail(err, "role", "役割は applicant / reviewer / secretariat / admin のいずれかです");
	} else if (*role == ROLE_APPLICANT) {
		const organization *o = org ? org_find(&s->cat->orgs, org) : NULL;
		if (o == NULL || !o->applicant)
			svc_detail(err, "organization", "申請者には申請主体となる団体のコード（6桁）が必要です");
	} else if (org != NULL) {
		svc_detail(err, "organization", "団体に属するのは申請者だけです");
	}
}

json_t *svc_user_add(svc *s, const svc_user *actor, json_t *body, svc_err *err)
{
	static const char *const keys[] = { "login", "password", "role", "organization", NULL };
	if (!svc_is_office(actor)) {
		svc_fail(err, 403, "FORBIDDEN", "利用者の登録は事務局・管理者だけができます");
		return NULL;
	}
	if (!svc_body_fields(body, keys, err))
		return NULL;
	const char *login = svc_body_str(body, "login"), *password = svc_body_str(body, "password");
	const char *org = svc_body_str(body, "organization");
	user_role role;
	user_fields_check(s, login, password, svc_body_str(body, "role"), org, &role, err);
	if (err->details) {
		svc_fail(err, 400, "INVALID", "利用者の内容に誤りがあります");
		return NULL;
	}
	if ((role == ROLE_ADMIN || role == ROLE_SECRETARIAT) && actor->role != ROLE_ADMIN) {
		svc_fail(err, 403, "FORBIDDEN", "事務局・管理者の登録は管理者だけができます");
		return NULL;
	}
	char hash[crypto_pwhash_STRBYTES];
	if (!hash_or_fail(password, hash, err))
		return NULL;
	user_add_ctx c = { .login = login, .hash = hash, .org = role == ROLE_APPLICANT ? org : NULL, .role = role };
	arena_init(&c.a);
	svc_op op = { .actor = actor->login, .action = "user.add" };
	if (svc_op_run(s, &op, user_add_step, &c, err) != 0) {
		json_decref(c.out);
		c.out = NULL;
	}
	arena_free(&c.a);
	return c.out;
}

/* ---- password resets (issue 13, part 2) ---- */

typedef struct reset_ctx {
	unsigned char hash[32];
	int64_t user_id, created_by, now;
	const char *password_hash;
	svc_user *who; /* the redeemer, found in the step */
	arena *a;
} reset_ctx;

static store_rc reset_issue_step(svc *s, svc_op *op, void *ctx, svc_err *err)
{
	(void)op;
	(void)err;
	reset_ctx *c = ctx;
	return store_reset_add(s->st, c->hash, c->user_id, c->created_by, c->now + SVC_RESET_SECONDS);
}

json_t *svc_user_reset_issue(svc *s, const svc_user *actor, int64_t id, svc_err *err)
{
	if (!svc_is_office(actor)) {
		svc_fail(err, 404, "NOT_FOUND", "利用者 %lld はありません", (long long)id);
		return NULL;
	}
	arena a;
	arena_init(&a);
	json_t *out = NULL;
	store_account u;
	store_rc rc = store_account_get(s->st, id, &a, &u);
	if (rc != STORE_OK) {
		if (rc == STORE_ERROR)
			svc_db_fail(s, err);
		else
			svc_fail(err, 404, "NOT_FOUND", "利用者 %lld はありません", (long long)id);
		goto out;
	}
	if ((strcmp(u.role, "admin") == 0 || strcmp(u.role, "secretariat") == 0) && actor->role != ROLE_ADMIN) {
		svc_fail(err, 403, "FORBIDDEN", "事務局・管理者のパスワードの再設定は管理者だけができます");
		goto out;
	}
	unsigned char raw[32];
	char token[SVC_TOKEN_HEX + 1], expires[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(token, sizeof token, raw, sizeof raw);
	reset_ctx c = { .user_id = id, .created_by = actor->id, .now = (int64_t)time(NULL) };
	token_hash(token, c.hash);
	svc_iso_time((time_t)(c.now + SVC_RESET_SECONDS), expires, sizeof expires);
	/* the audit entry names the account and the expiry, never the token */
	svc_op op = { .actor = actor->login, .action = "user.reset_issue",
		      .after = arena_printf(&a, "{\"user\":%lld,\"login\":\"%s\",\"expires_at\":\"%s\"}", (long long)id,
					    u.login, expires) };
	if (svc_op_run(s, &op, reset_issue_step, &c, err) == 0)
		out = json_pack("{s:{s:I,s:s},s:s,s:s}", "user", "id", (json_int_t)id, "login", u.login, "token", token,
				"expires_at", expires);
	sodium_memzero(token, sizeof token);
out:
	arena_free(&a);
	return out;
}

static store_rc reset_redeem_step(svc *s, svc_op *op, void *ctx, svc_err *err)
{
	reset_ctx *c = ctx;
	store_rc rc = store_reset_take(s->st, c->hash, c->now, &c->user_id);
	store_user u;
	if (rc == STORE_OK)
		rc = store_user_by_id(s->st, c->user_id, c->a, &u);
	if (rc == STORE_OK && !store_account_enabled(s->st, c->user_id))
		rc = STORE_NOT_FOUND; /* a disabled account is not revived by a token */
	if (rc == STORE_NOT_FOUND)
		svc_fail(err, 400, "INVALID_TOKEN", "再設定用のトークンが正しくないか、使用済みか、有効期限（24時間）を過ぎています");
	if (rc != STORE_OK)
		return rc;
	op->actor = arena_strdup(c->a, u.login);
	op->after = arena_printf(c->a, "{\"user\":%lld}", (long long)c->user_id);
	rc = store_account_set_password(s->st, c->user_id, c->password_hash);
	return rc == STORE_OK ? store_account_sessions_end(s->st, c->user_id) : rc;
}

json_t *svc_password_reset(svc *s, json_t *body, svc_err *err)
{
	static const char *const keys[] = { "token", "password", NULL };
	if (!svc_body_fields(body, keys, err))
		return NULL;
	const char *token = svc_body_str(body, "token"), *password = svc_body_str(body, "password");
	if (token == NULL || strlen(token) != SVC_TOKEN_HEX)
		svc_detail(err, "token", "再設定用のトークン（64文字）が必要です");
	if (password == NULL || strlen(password) < 10 || strlen(password) > 256)
		svc_detail(err, "password", "パスワードは10〜256文字です");
	if (err->details) {
		svc_fail(err, 400, "INVALID", "パスワードの再設定の内容に誤りがあります");
		return NULL;
	}
	char hash[crypto_pwhash_STRBYTES];
	if (!hash_or_fail(password, hash, err))
		return NULL;
	arena a;
	arena_init(&a);
	reset_ctx c = { .now = (int64_t)time(NULL), .password_hash = hash, .a = &a };
	token_hash(token, c.hash);
	svc_op op = { .actor = "system", .action = "user.password_reset" };
	json_t *out = NULL;
	if (svc_op_run(s, &op, reset_redeem_step, &c, err) == 0)
		out = json_pack("{s:{s:I,s:s}}", "user", "id", (json_int_t)c.user_id, "login", op.actor);
	arena_free(&a);
	return out;
}
