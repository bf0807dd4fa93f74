/* service.c — digiden's operations on the store; see service.h. */
#include "service.h"

#include <sodium.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/check.h"
#include "../io/json_application.h"
#include "../io/json_result.h"
#include "../io/json_rules.h"

#define SESSION_SECONDS (8 * 3600)
/* Login throttling (issue 10): failures count per (login, client address) and per
 * address within a window; past a free number each further failure doubles the wait,
 * up to the window. The account itself is never locked: its owner on another address
 * logs in as usual, so a stranger cannot lock anyone out. */
#define THROTTLE_WINDOW_SECONDS (15 * 60)
#define THROTTLE_FREE_PER_LOGIN 5    /* one login from one address */
#define THROTTLE_FREE_PER_ADDRESS 20 /* any logins from one address (password spraying) */
#define THROTTLE_FIRST_WAIT 30       /* seconds after the first failure past the free ones */

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
	json_t *inner = json_object();
	json_object_set_new(inner, "code", json_string(e->code ? e->code : "ERROR"));
	json_object_set_new(inner, "message", json_string(e->message));
	if (e->details)
		json_object_set(inner, "details", e->details);
	else
		json_object_set_new(inner, "details", json_array());
	json_t *o = json_object();
	json_object_set_new(o, "error", inner);
	return o;
}

static json_t *db_error(svc *s, svc_err *err)
{
	store_rollback(s->st);
	svc_fail(err, 500, "DATABASE", "データベースの処理に失敗しました（%s）", store_errmsg(s->st));
	return NULL;
}

/* A write refused because the application changed between reading and writing it
 * (rc STORE_NOT_FOUND from a compare-and-set): 409, nothing written; else db_error. */
static json_t *write_failed(svc *s, store_rc rc, svc_err *err)
{
	if (rc != STORE_NOT_FOUND)
		return db_error(s, err);
	store_rollback(s->st);
	svc_fail(err, 409, "CONFLICT", "この申請はほかの操作で変わりました。開き直してからやり直してください");
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

static void iso_time(time_t t, char *buf, size_t n)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *json_text(const embedded_file *f, char *err, size_t errlen, json_t **root)
{
	*root = json_parse_text(f->data, f->len, err, errlen);
	return *root ? f->name : NULL;
}

static bool hash_password(const char *password, char out[crypto_pwhash_STRBYTES])
{
	return crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

int svc_seed(svc *s, const char *admin_password, char *generated_password, char *err, size_t errlen)
{
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium を初期化できません");
		return -1;
	}
	if (store_begin(s->st) != STORE_OK || store_orgs_load(s->st, &s->cat->orgs) != STORE_OK)
		goto dberr;
	char deadline[32];
	iso_time(time(NULL) + 90 * 24 * 3600, deadline, sizeof deadline);
	for (const embedded_file *f = embedded_files; f->name; f++) {
		if (strncmp(f->name, "rules/", 6) != 0)
			continue;
		json_t *root;
		if (json_text(f, err, errlen, &root) == NULL)
			goto fail;
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
		if (store_round_add(s->st, &r, NULL) != STORE_OK)
			goto dberr;
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
		goto fail;
	}
	if (store_user_add(s->st, "admin", hash, "admin", NULL, NULL) != STORE_OK ||
	    store_audit_add(s->st, "system", "seed", 0, NULL,
			    "{\"organizations\":\"data/organizations.tsv\",\"rounds\":\"rules/\",\"user\":\"admin\"}") != STORE_OK ||
	    store_commit(s->st) != STORE_OK)
		goto dberr;
	return 0;
dberr:
	snprintf(err, errlen, "初期データを入れられません: %s", store_errmsg(s->st));
fail:
	store_rollback(s->st);
	return -1;
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
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(u->id));
	json_object_set_new(o, "login", json_string(u->login));
	json_object_set_new(o, "role", json_string(user_role_key(u->role)));
	json_object_set_new(o, "organization", u->organization ? json_string(u->organization) : json_null());
	return o;
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

json_t *svc_login(svc *s, const char *login, const char *password, const char *address,
		  char token[SVC_TOKEN_HEX + 1], svc_user *user, arena *a, svc_err *err)
{
	store_user u;
	time_t now = time(NULL);
	if (address == NULL || address[0] == '\0')
		address = "unknown";
	char *pair_key = arena_printf(a, "%s\n%s", login, address), *addr_key = arena_printf(a, "\n%s", address);
	if (pair_key == NULL || addr_key == NULL) {
		svc_fail(err, 500, "NOMEM", "メモリが足りません");
		return NULL;
	}
	/* refused while this address waits, for this login or for all */
	store_login_failure pf, af;
	store_rc prc = store_login_failure_get(s->st, pair_key, a, &pf), arc = store_login_failure_get(s->st, addr_key, a, &af);
	if (prc == STORE_ERROR || arc == STORE_ERROR)
		return db_error(s, err);
	int64_t until = 0;
	if (prc == STORE_OK && pf.blocked_until > now)
		until = pf.blocked_until;
	if (arc == STORE_OK && af.blocked_until > until && af.blocked_until > now)
		until = af.blocked_until;
	if (until > 0) {
		svc_fail(err, 429, "THROTTLED", "ログインの失敗が続いたため、%lld秒後まで、この端末からはログインできません",
			 (long long)(until - now));
		err->retry_after = until - now;
		return NULL;
	}
	store_rc rc = store_user_by_login(s->st, login, a, &u);
	if (rc == STORE_ERROR)
		return db_error(s, err);
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
		char *detail = NULL;
		if (store_begin(s->st) != STORE_OK ||
		    count_failure(s, pair_key, login, address, THROTTLE_FREE_PER_LOGIN, now, a, &pf) != STORE_OK ||
		    count_failure(s, addr_key, "", address, THROTTLE_FREE_PER_ADDRESS, now, a, &af) != STORE_OK)
			return db_error(s, err);
		json_t *d = json_object();
		json_object_set_new(d, "address", json_string(address));
		json_object_set_new(d, "failures", json_integer(pf.failures));
		json_object_set_new(d, "address_failures", json_integer(af.failures));
		if (pf.blocked_until > 0 || af.blocked_until > 0)
			json_object_set_new(d, "throttled_until",
					    json_integer(pf.blocked_until > af.blocked_until ? pf.blocked_until : af.blocked_until));
		detail = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(d);
		/* an unknown login is counted (its address is throttled too) but not written to
		 * the audit log, which a stranger could otherwise fill with made-up names */
		bool logged = rc == STORE_NOT_FOUND || store_audit_add(s->st, u.login, "login.failed", 0, NULL, detail) == STORE_OK;
		free(detail);
		if (!logged || store_commit(s->st) != STORE_OK)
			return db_error(s, err);
		svc_fail(err, 401, "BAD_CREDENTIALS", "ログインIDまたはパスワードが違います");
		return NULL;
	}
	unsigned char raw[32], hash[32], craw[32];
	char csrf[65];
	randombytes_buf(raw, sizeof raw);
	randombytes_buf(craw, sizeof craw);
	sodium_bin2hex(token, SVC_TOKEN_HEX + 1, raw, sizeof raw);
	sodium_bin2hex(csrf, sizeof csrf, craw, sizeof craw);
	token_hash(token, hash);
	if (store_begin(s->st) != STORE_OK || store_login_failure_clear(s->st, pair_key) != STORE_OK ||
	    store_session_add(s->st, hash, u.id, (int64_t)now + SESSION_SECONDS, csrf) != STORE_OK ||
	    store_audit_add(s->st, u.login, "login", 0, NULL, NULL) != STORE_OK || store_commit(s->st) != STORE_OK)
		return db_error(s, err);
	if (!user_from_row(&u, user)) {
		svc_fail(err, 500, "BAD_ROLE", "利用者の役割が不正です");
		return NULL;
	}
	memcpy(user->csrf, csrf, sizeof csrf);
	json_t *o = json_object();
	json_object_set_new(o, "user", svc_user_json(user));
	return o;
}

static bool is_office(const svc_user *u) { return u->role == ROLE_SECRETARIAT || u->role == ROLE_ADMIN; }

json_t *svc_login_throttles(svc *s, const svc_user *actor, svc_err *err)
{
	if (!is_office(actor)) {
		svc_fail(err, 403, "FORBIDDEN", "ログイン制限の一覧を見られるのは事務局・管理者だけです");
		return NULL;
	}
	arena a;
	arena_init(&a);
	store_login_failure *f;
	size_t n;
	json_t *out = NULL;
	if (store_login_failures_blocked(s->st, (int64_t)time(NULL), &a, &f, &n) != STORE_OK) {
		db_error(s, err);
		goto done;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "login", f[i].login[0] ? json_string(f[i].login) : json_null());
		json_object_set_new(o, "address", json_string(f[i].address));
		json_object_set_new(o, "failures", json_integer(f[i].failures));
		json_object_set_new(o, "first_failed_at", json_integer(f[i].first_failed_at));
		json_object_set_new(o, "blocked_until", json_integer(f[i].blocked_until));
		json_array_append_new(arr, o);
	}
	out = json_object();
	json_object_set_new(out, "throttles", arr);
	json_object_set_new(out, "total", json_integer((json_int_t)n));
done:
	arena_free(&a);
	return out;
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
	if (store_begin(s->st) == STORE_OK && store_session_delete(s->st, hash) == STORE_OK &&
	    (!known || store_audit_add(s->st, u.login, "logout", 0, NULL, NULL) == STORE_OK) && store_commit(s->st) == STORE_OK) {
		arena_free(&a);
		return;
	}
	store_rollback(s->st);
	arena_free(&a);
}


static const char *body_str(json_t *body, const char *key)
{
	json_t *v = json_object_get(body, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool body_object(json_t *body, svc_err *err)
{
	if (!json_is_object(body)) {
		svc_fail(err, 400, "BAD_BODY", "本文はJSONオブジェクトで送ってください");
		return false;
	}
	return true;
}

static bool only_keys(json_t *body, const char *const *keys, svc_err *err)
{
	const char *k;
	json_t *v;
	json_object_foreach(body, k, v)
	{
		bool ok = false;
		for (const char *const *p = keys; *p && !ok; p++)
			ok = strcmp(*p, k) == 0;
		if (!ok) {
			svc_fail(err, 400, "UNKNOWN_KEY", "未知の項目「%s」です", k);
			svc_detail(err, k, "未知の項目です");
			return false;
		}
	}
	return true;
}

json_t *svc_user_add(svc *s, const svc_user *actor, json_t *body, svc_err *err)
{
	static const char *const keys[] = { "login", "password", "role", "organization", NULL };
	if (!is_office(actor)) {
		svc_fail(err, 403, "FORBIDDEN", "利用者の登録は事務局・管理者だけができます");
		return NULL;
	}
	if (!body_object(body, err) || !only_keys(body, keys, err))
		return NULL;
	const char *login = body_str(body, "login"), *password = body_str(body, "password"),
		   *role_s = body_str(body, "role"), *org = body_str(body, "organization");
	user_role role;
	if (login == NULL || strlen(login) < 2 || strlen(login) > 64 || strspn(login, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@") != strlen(login))
		svc_detail(err, "login", "ログインIDは英数字と . _ - @ の2〜64文字です");
	if (password == NULL || strlen(password) < 10 || strlen(password) > 256)
		svc_detail(err, "password", "パスワードは10〜256文字です");
	if (!user_role_from_key(role_s, &role))
		svc_detail(err, "role", "役割は applicant / reviewer / secretariat / admin のいずれかです");
	else if (role == ROLE_APPLICANT) {
		const organization *o = org ? org_find(&s->cat->orgs, org) : NULL;
		if (o == NULL || !o->applicant)
			svc_detail(err, "organization", "申請者には申請主体となる団体のコード（6桁）が必要です");
	} else if (org != NULL) {
		svc_detail(err, "organization", "団体に属するのは申請者だけです");
	}
	if (err->details) {
		svc_fail(err, 400, "INVALID", "利用者の内容に誤りがあります");
		return NULL;
	}
	if ((role == ROLE_ADMIN || role == ROLE_SECRETARIAT) && actor->role != ROLE_ADMIN) {
		svc_fail(err, 403, "FORBIDDEN", "事務局・管理者の登録は管理者だけができます");
		return NULL;
	}
	char hash[crypto_pwhash_STRBYTES];
	if (!hash_password(password, hash)) {
		svc_fail(err, 500, "HASH", "パスワードをハッシュ化できません");
		return NULL;
	}
	int64_t id;
	if (store_begin(s->st) != STORE_OK)
		return db_error(s, err);
	store_rc rc = store_user_add(s->st, login, hash, user_role_key(role), role == ROLE_APPLICANT ? org : NULL, &id);
	if (rc == STORE_DUPLICATE) {
		store_rollback(s->st);
		svc_fail(err, 409, "DUPLICATE", "ログインID「%s」は既にあります", login);
		return NULL;
	}
	svc_user created = { .id = id, .login = login, .role = role, .organization = role == ROLE_APPLICANT ? org : NULL };
	json_t *out = svc_user_json(&created);
	char *after = json_dumps(out, JSON_COMPACT);
	rc = rc == STORE_OK ? store_audit_add(s->st, actor->login, "user.add", 0, NULL, after) : rc;
	free(after);
	if (rc != STORE_OK || store_commit(s->st) != STORE_OK) {
		json_decref(out);
		return db_error(s, err);
	}
	return out;
}

/* ---- rounds and rule sets ---- */

const rule_set *svc_round_rules(svc *s, int64_t round_id, arena *a, svc_err *err)
{
	for (size_t i = 0; i < s->n_rules_cache; i++)
		if (s->rules_cache[i].round_id == round_id)
			return s->rules_cache[i].rules;
	store_round r;
	if (store_round_by_id(s->st, round_id, a, &r) != STORE_OK) {
		svc_fail(err, 500, "ROUND", "募集回を読めません");
		return NULL;
	}
	rule_set *rs = arena_alloc(&s->cache, sizeof *rs);
	char e[512];
	const char *frozen = arena_strdup(&s->cache, r.rules_json);
	if (rs == NULL || frozen == NULL ||
	    json_rules_load_text(frozen, strlen(frozen), r.key, &s->cache, rs, e, sizeof e) != 0) {
		svc_fail(err, 500, "ROUND_RULES", "募集回のルールセットを読めません");
		return NULL;
	}
	struct svc_round_rules *n = arena_grow(&s->cache, s->rules_cache, s->n_rules_cache, s->n_rules_cache + 1, sizeof *n);
	if (n == NULL)
		return rs;
	n[s->n_rules_cache++] = (struct svc_round_rules){ round_id, rs };
	s->rules_cache = n;
	return rs;
}

json_t *svc_rounds(svc *s, svc_err *err)
{
	arena a;
	arena_init(&a);
	store_round *rounds;
	size_t n;
	if (store_round_list(s->st, &a, &rounds, &n) != STORE_OK) {
		arena_free(&a);
		return db_error(s, err);
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const rule_set *rs = svc_round_rules(s, rounds[i].id, &a, err);
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(rounds[i].id));
		json_object_set_new(o, "key", json_string(rounds[i].key));
		json_object_set_new(o, "title", json_string(rounds[i].title));
		json_object_set_new(o, "fiscal_year", json_integer(rounds[i].fiscal_year));
		char fy[32];
		json_object_set_new(o, "fiscal_year_label", json_string(wareki_fiscal_year(rounds[i].fiscal_year, fy, sizeof fy)));
		json_object_set_new(o, "status", json_string(rounds[i].status));
		json_object_set_new(o, "deadline", rounds[i].deadline ? json_string(rounds[i].deadline) : json_null());
		json_t *menus = json_array();
		for (size_t m = 0; rs && m < rs->n_menus; m++) {
			json_t *mo = json_object();
			char fb[32];
			json_object_set_new(mo, "id", json_string(rs->menus[m].id));
			json_object_set_new(mo, "name", json_string(rs->menus[m].name));
			json_object_set_new(mo, "rate", rs->menus[m].has_rate ? json_string(fraction_format(rs->menus[m].rate, fb, sizeof fb)) : json_null());
			json_object_set_new(mo, "cap_yen", rs->menus[m].cap.present ? json_integer(rs->menus[m].cap.yen) : json_null());
			json_array_append_new(menus, mo);
		}
		json_object_set_new(o, "menus", menus);
		json_array_append_new(arr, o);
	}
	arena_free(&a);
	json_t *out = json_object();
	json_object_set_new(out, "rounds", arr);
	return out;
}

int svc_round_set_open(svc *s, const char *actor, const char *key, bool open, const char *deadline, svc_err *err)
{
	arena a;
	arena_init(&a);
	store_round r;
	int rc = -1;
	if (deadline != NULL) {
		struct tm tm = { 0 };
		const char *end = strptime(deadline, "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (end == NULL || *end != '\0') {
			svc_fail(err, 400, "BAD_DEADLINE", "締切は YYYY-MM-DDTHH:MM:SSZ（UTC）で指定してください");
			goto out;
		}
	}
	if (store_begin(s->st) != STORE_OK) {
		db_error(s, err);
		goto out;
	}
	store_rc sr = store_round_by_key(s->st, key, &a, &r);
	if (sr == STORE_NOT_FOUND) {
		store_rollback(s->st);
		svc_fail(err, 404, "NOT_FOUND", "募集回「%s」はありません", key);
		goto out;
	}
	const char *new_deadline = deadline ? deadline : r.deadline;
	char *before = (char *)arena_printf(&a, "{\"status\":\"%s\"}", r.status);
	char *after = (char *)arena_printf(&a, "{\"status\":\"%s\"}", open ? "open" : "closed");
	if (sr != STORE_OK || store_round_set_status(s->st, r.id, open ? "open" : "closed", new_deadline) != STORE_OK ||
	    store_audit_add(s->st, actor, open ? "round.open" : "round.close", 0, before, after) != STORE_OK ||
	    store_commit(s->st) != STORE_OK) {
		db_error(s, err);
		goto out;
	}
	rc = 0;
out:
	arena_free(&a);
	return rc;
}

json_t *svc_organizations(svc *s, const char *q)
{
	json_t *arr = json_array();
	size_t n = 0;
	for (size_t i = 0; i < s->cat->orgs.len && n < 50; i++) {
		const organization *o = &s->cat->orgs.items[i];
		if (q && q[0] && !strstr(o->name, q) && !strstr(o->code, q) && !(o->kana && strstr(o->kana, q)))
			continue;
		const organization *p = org_prefecture_of(&s->cat->orgs, o);
		json_t *j = json_object();
		json_object_set_new(j, "code", json_string(o->code));
		json_object_set_new(j, "name", json_string(o->name));
		json_object_set_new(j, "kind", json_string(org_kind_label(o->kind)));
		json_object_set_new(j, "prefecture", p ? json_string(p->name) : json_null());
		json_object_set_new(j, "applicant", json_boolean(o->applicant));
		json_array_append_new(arr, j);
		n++;
	}
	json_t *out = json_object();
	json_object_set_new(out, "organizations", arr);
	return out;
}

/* ---- checking ---- */

/* Decodes and checks one body against the given rules (NULL = the shipped catalog). */
int svc_check_one(svc *s, json_t *body, const rule_set *rules, arena *a, check_result *out)
{
	application *app = arena_alloc(a, sizeof *app);
	diag_list dl;
	diag_list_init(&dl, a);
	if (app == NULL || json_application_decode(body, a, app, &dl) != 0)
		return -1;
	app->label = "";
	rule_catalog one = { .sets = (rule_set **)&rules, .len = 1 };
	return check_application(app, &dl, rules ? &one : &s->cat->rules, &s->cat->orgs, a, out);
}

json_t *svc_check_body(svc *s, json_t *body, svc_err *err)
{
	arena a;
	arena_init(&a);
	check_result r;
	if (svc_check_one(s, body, NULL, &a, &r) != 0) {
		arena_free(&a);
		svc_fail(err, 500, "NOMEM", "メモリが足りません");
		return NULL;
	}
	json_t *out = json_result_encode(&r);
	json_object_del(out, "file");
	arena_free(&a);
	return out;
}

/* Checks app (body) with the limits over every submitted application of its round
 * (the app itself counted once). Returns the check result in *out. Limits count per
 * organization (check_limits groups by round and organization), so only the
 * organization's own applications are read: the cost does not grow with the round. */
static int check_in_round(svc *s, const store_app *app, const char *body_text, arena *a, check_result *out, svc_err *err)
{
	const rule_set *rs = svc_round_rules(s, app->round_id, a, err);
	if (rs == NULL)
		return -1;
	store_app *others;
	size_t n;
	if (store_app_list(s->st, SCOPE_ROUND_ORG_SUBMITTED, app->organization, app->round_id, a, &others, &n) != STORE_OK) {
		db_error(s, err);
		return -1;
	}
	check_result *results = arena_alloc(a, (n + 1) * sizeof *results);
	check_result **ptrs = arena_alloc(a, (n + 1) * sizeof *ptrs);
	if (results == NULL || ptrs == NULL)
		goto nomem;
	size_t m = 0;
	json_t *root = json_loads(body_text, 0, NULL);
	if (root == NULL || svc_check_one(s, root, rs, a, &results[m]) != 0) {
		json_decref(root);
		goto nomem;
	}
	json_decref(root);
	ptrs[m] = &results[m];
	m++;
	for (size_t i = 0; i < n; i++) {
		if (others[i].id == app->id)
			continue;
		json_t *o = json_loads(others[i].body, 0, NULL);
		if (o == NULL)
			continue;
		int rc = svc_check_one(s, o, rs, a, &results[m]);
		json_decref(o);
		if (rc != 0)
			goto nomem;
		ptrs[m] = &results[m];
		m++;
	}
	check_limits(ptrs, m, a);
	*out = results[0];
	return 0;
nomem:
	svc_fail(err, 500, "NOMEM", "メモリが足りません");
	return -1;
}

/* ---- applications ---- */

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

static bool owns(const svc_user *u, const store_app *app)
{
	return u->role == ROLE_APPLICANT && u->organization && strcmp(u->organization, app->organization) == 0;
}

/* Loads application id visible to actor: 404 when absent and 404 when not visible —
 * the same answer, so ids of other organizations cannot be probed (docs/api.md). */
static bool load_app(svc *s, const svc_user *actor, int64_t id, arena *a, store_app *app, svc_err *err)
{
	if (actor->id == 0) {
		svc_fail(err, 401, "LOGIN_REQUIRED", "ログインしてください");
		return false;
	}
	store_rc rc = store_app_get(s->st, id, a, app);
	if (rc == STORE_NOT_FOUND) {
		svc_fail(err, 404, "NOT_FOUND", "申請 %lld はありません", (long long)id);
		return false;
	}
	if (rc != STORE_OK) {
		db_error(s, err);
		return false;
	}
	if (!can_see(s, actor, app)) {
		svc_fail(err, 404, "NOT_FOUND", "申請 %lld はありません", (long long)id);
		return false;
	}
	return true;
}

static json_t *app_summary(const store_app *app)
{
	json_t *o = json_object();
	app_status st = APP_DRAFT;
	app_status_from_key(app->status, &st);
	json_object_set_new(o, "id", json_integer(app->id));
	json_object_set_new(o, "round", json_string(app->round_key));
	json_object_set_new(o, "menu", json_string(app->menu));
	json_t *org = json_object();
	json_object_set_new(org, "code", json_string(app->organization));
	json_object_set_new(org, "name", json_string(app->organization_name ? app->organization_name : ""));
	json_object_set_new(o, "organization", org);
	json_object_set_new(o, "title", json_string(app->title));
	json_object_set_new(o, "status", json_string(app->status));
	json_object_set_new(o, "status_label", json_string(app_status_label(st)));
	json_object_set_new(o, "version", json_integer(app->version));
	json_object_set_new(o, "updated_at", json_string(app->updated_at ? app->updated_at : ""));
	return o;
}

json_t *svc_app_list(svc *s, const svc_user *actor, svc_err *err)
{
	if (actor->id == 0) {
		svc_fail(err, 401, "LOGIN_REQUIRED", "ログインしてください");
		return NULL;
	}
	arena a;
	arena_init(&a);
	store_app *apps;
	size_t n;
	store_app_scope scope = actor->role == ROLE_APPLICANT  ? SCOPE_ORGANIZATION
				: actor->role == ROLE_REVIEWER ? SCOPE_REVIEWER
							       : SCOPE_ALL_BUT_DRAFTS;
	if (store_app_list(s->st, scope, actor->organization, actor->id, &a, &apps, &n) != STORE_OK) {
		arena_free(&a);
		return db_error(s, err);
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, app_summary(&apps[i]));
	arena_free(&a);
	json_t *out = json_object();
	json_object_set_new(out, "applications", arr);
	return out;
}

/* The parts of a body the store indexes: round, menu, applicant code, title. */
static bool body_keys(json_t *body, const char **round, const char **menu, const char **code, const char **title,
		      svc_err *err)
{
	if (!body_object(body, err))
		return false;
	*round = body_str(body, "round");
	*menu = body_str(body, "menu");
	*title = body_str(body, "title");
	*code = body_str(json_object_get(body, "applicant"), "code");
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

static json_t *with_check(svc *s, json_t *out, json_t *body)
{
	svc_err e = { 0 };
	json_t *c = svc_check_body(s, body, &e);
	svc_err_clear(&e);
	json_object_set_new(out, "check", c ? c : json_null());
	return out;
}

/* Stores body as version 1 of a new draft in round (by key) with its audit entry.
 * Returns the new id, or 0 with err filled (400 for an unknown round). */
static int64_t new_draft(svc *s, json_t *body, const char *round, const char *code, const char *menu, const char *title,
			 int64_t saved_by, const char *actor, const char *action, svc_err *err)
{
	arena a;
	arena_init(&a);
	store_round r;
	int64_t id = 0;
	store_rc rc = store_round_by_key(s->st, round, &a, &r);
	arena_free(&a);
	if (rc != STORE_OK) {
		if (rc == STORE_ERROR) {
			db_error(s, err);
			return 0;
		}
		svc_fail(err, 400, "ROUND_UNKNOWN", "募集回「%s」はありません", round);
		svc_detail(err, "round", "GET /api/v1/rounds（digiden rules）にある募集回を指定してください");
		return 0;
	}
	char *text = json_dumps(body, JSON_COMPACT);
	if (text == NULL || store_begin(s->st) != STORE_OK ||
	    store_app_add(s->st, r.id, code, menu, title, text, saved_by, &id) != STORE_OK ||
	    store_audit_add(s->st, actor, action, id, NULL, "{\"status\":\"draft\",\"version\":1}") != STORE_OK ||
	    store_commit(s->st) != STORE_OK) {
		free(text);
		db_error(s, err);
		return 0;
	}
	free(text);
	return id;
}

json_t *svc_app_create(svc *s, const svc_user *actor, json_t *body, svc_err *err)
{
	if (actor->id == 0) {
		svc_fail(err, 401, "LOGIN_REQUIRED", "ログインしてください");
		return NULL;
	}
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
	int64_t id = new_draft(s, body, round, code, menu, title, actor->id, actor->login, "application.create", err);
	if (id == 0)
		return NULL;
	json_t *out = json_object();
	json_object_set_new(out, "id", json_integer(id));
	json_object_set_new(out, "status", json_string("draft"));
	json_object_set_new(out, "version", json_integer(1));
	return with_check(s, out, body);
}

static json_t *notes_json(const store_note *notes, size_t n, bool reviews)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		if (!reviews)
			json_object_set_new(o, "id", json_integer(notes[i].id));
		json_object_set_new(o, reviews ? "reviewer" : "author", json_string(notes[i].author));
		if (!reviews)
			json_object_set_new(o, "role", json_string(notes[i].author_role));
		if (reviews) {
			json_t *scores = json_loads(notes[i].body, 0, NULL);
			json_object_set_new(o, "scores", scores ? scores : json_null());
			json_object_set_new(o, "comment", notes[i].extra ? json_string(notes[i].extra) : json_null());
		} else {
			json_object_set_new(o, "body", json_string(notes[i].body));
		}
		json_object_set_new(o, "at", json_string(notes[i].at));
		json_array_append_new(arr, o);
	}
	return arr;
}

json_t *svc_app_get(svc *s, const svc_user *actor, int64_t id, svc_err *err)
{
	arena a;
	arena_init(&a);
	store_app app;
	json_t *out = NULL;
	if (!load_app(s, actor, id, &a, &app, err))
		goto done;
	out = app_summary(&app);
	json_t *body = json_loads(app.body, 0, NULL);
	json_object_set_new(out, "application", body ? body : json_null());
	store_note *notes;
	size_t n;
	if (store_comment_list(s->st, id, &a, &notes, &n) == STORE_OK)
		json_object_set_new(out, "comments", notes_json(notes, n, false));
	int64_t only = actor->role == ROLE_REVIEWER ? actor->id : 0;
	if (actor->role != ROLE_APPLICANT && store_review_list(s->st, id, only, &a, &notes, &n) == STORE_OK)
		json_object_set_new(out, "reviews", notes_json(notes, n, true));
	else
		json_object_set_new(out, "reviews", json_array());
	store_decision d;
	if (store_decision_get(s->st, id, &a, &d) == STORE_OK) {
		json_t *dj = json_object();
		json_object_set_new(dj, "decision", json_string(d.decision));
		json_object_set_new(dj, "amount_yen", d.has_amount ? json_integer(d.amount_yen) : json_null());
		json_object_set_new(dj, "reason", d.reason ? json_string(d.reason) : json_null());
		json_object_set_new(dj, "decided_by", json_string(d.decided_by));
		json_object_set_new(dj, "at", json_string(d.at));
		json_object_set_new(out, "decision", dj);
	} else {
		json_object_set_new(out, "decision", json_null());
	}
	json_t *kpis = json_array();
	if (store_kpi_list(s->st, id, &a, &notes, &n) == STORE_OK)
		for (size_t i = 0; i < n; i++) {
			json_t *k = json_loads(notes[i].body, 0, NULL);
			if (k) {
				json_object_set_new(k, "reported_by", json_string(notes[i].author));
				json_object_set_new(k, "at", json_string(notes[i].at));
				json_array_append_new(kpis, k);
			}
		}
	json_object_set_new(out, "kpi_reports", kpis);
done:
	arena_free(&a);
	return out;
}

json_t *svc_app_update(svc *s, const svc_user *actor, int64_t id, json_t *body, svc_err *err)
{
	arena a;
	arena_init(&a);
	store_app app;
	json_t *out = NULL;
	const char *round, *menu, *code, *title;
	if (!load_app(s, actor, id, &a, &app, err))
		goto done;
	if (!owns(actor, &app)) {
		svc_fail(err, 403, "FORBIDDEN", "申請書を編集できるのはその団体の申請者だけです");
		goto done;
	}
	app_status st;
	app_status_from_key(app.status, &st);
	if (!lifecycle_next(st, ACT_EDIT, NULL)) {
		svc_fail(err, 409, "ILLEGAL_TRANSITION", "「%s」の申請書は編集できません（下書き・事前相談中のみ）", app_status_label(st));
		goto done;
	}
	if (!body_keys(body, &round, &menu, &code, &title, err))
		goto done;
	if (strcmp(round, app.round_key) != 0 || strcmp(code, app.organization) != 0) {
		svc_fail(err, 400, "IMMUTABLE", "募集回と団体は変更できません");
		svc_detail(err, strcmp(round, app.round_key) != 0 ? "round" : "applicant.code", "作成時の値のままにしてください");
		goto done;
	}
	char *text = json_dumps(body, JSON_COMPACT);
	int version = 0;
	char *before = arena_printf(&a, "{\"version\":%d}", app.version);
	store_rc rc = text == NULL ? STORE_ERROR : store_begin(s->st);
	if (rc == STORE_OK)
		rc = store_app_save(s->st, id, app.status, app.version, menu, title, text, actor->id, &version);
	if (rc == STORE_OK)
		rc = store_audit_add(s->st, actor->login, "application.save", id, before,
				     arena_printf(&a, "{\"version\":%d}", version));
	if (rc == STORE_OK)
		rc = store_commit(s->st);
	if (rc != STORE_OK) {
		free(text);
		write_failed(s, rc, err);
		goto done;
	}
	free(text);
	out = json_object();
	json_object_set_new(out, "id", json_integer(id));
	json_object_set_new(out, "status", json_string(app.status));
	json_object_set_new(out, "version", json_integer(version));
	out = with_check(s, out, body);
done:
	arena_free(&a);
	return out;
}

json_t *svc_app_versions(svc *s, const svc_user *actor, int64_t id, svc_err *err)
{
	arena a;
	arena_init(&a);
	store_app app;
	json_t *out = NULL;
	store_version *v;
	size_t n;
	if (!load_app(s, actor, id, &a, &app, err))
		goto done;
	if (store_app_versions(s->st, id, &a, &v, &n) != STORE_OK) {
		db_error(s, err);
		goto done;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "version", json_integer(v[i].version));
		json_object_set_new(o, "saved_at", json_string(v[i].saved_at));
		json_object_set_new(o, "saved_by", json_string(v[i].saved_by));
		json_array_append_new(arr, o);
	}
	out = json_object();
	json_object_set_new(out, "versions", arr);
done:
	arena_free(&a);
	return out;
}

json_t *svc_app_check(svc *s, const svc_user *actor, int64_t id, svc_err *err)
{
	arena a;
	arena_init(&a);
	store_app app;
	json_t *out = NULL;
	check_result r;
	if (load_app(s, actor, id, &a, &app, err) && check_in_round(s, &app, app.body, &a, &r, err) == 0) {
		out = json_result_encode(&r);
		json_object_del(out, "file");
	}
	arena_free(&a);
	return out;
}

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
		db_error(s, err);
		return false;
	}
	char now[32];
	iso_time(time(NULL), now, sizeof now);
	if (strcmp(r.status, "open") != 0 || (r.deadline && strcmp(now, r.deadline) > 0)) {
		svc_fail(err, 409, "ROUND_CLOSED", "募集回「%s」は受付を終了しています（締切 %s）", r.title, r.deadline ? r.deadline : "なし");
		return false;
	}
	return true;
}

json_t *svc_app_transition(svc *s, const svc_user *actor, int64_t id, app_action act, svc_err *err)
{
	arena a;
	arena_init(&a);
	store_app app;
	json_t *out = NULL;
	app_status from, to;
	if (!load_app(s, actor, id, &a, &app, err))
		goto done;
	bool applicant_act = act == ACT_CONSULT || act == ACT_SUBMIT || act == ACT_WITHDRAW;
	if (!lifecycle_role_may(actor->role, act) || (applicant_act && !owns(actor, &app))) {
		svc_fail(err, 403, "FORBIDDEN", "この操作（%s）をする権限がありません", app_action_key(act));
		goto done;
	}
	app_status_from_key(app.status, &from);
	if (!lifecycle_next(from, act, &to)) {
		svc_fail(err, 409, "ILLEGAL_TRANSITION", "「%s」の申請に %s はできません", app_status_label(from), app_action_key(act));
		goto done;
	}
	if (act == ACT_SUBMIT && !round_accepting(s, &app, &a, err))
		goto done;
	/* the write lock first: the limits are counted over what is submitted while no
	 * other submission can land (two of one organization at once cannot both pass) */
	store_rc rc = store_begin(s->st);
	if (rc != STORE_OK) {
		db_error(s, err);
		goto done;
	}
	if (act == ACT_SUBMIT || act == ACT_SCREEN) {
		/* the version checked is the version moved: a save that landed since the read
		 * above makes this a conflict rather than a submission of an unchecked body */
		store_app now;
		rc = store_app_get(s->st, id, &a, &now);
		if (rc != STORE_OK || now.version != app.version || strcmp(now.status, app.status) != 0) {
			write_failed(s, rc == STORE_OK ? STORE_NOT_FOUND : rc, err);
			goto done;
		}
		check_result r;
		if (check_in_round(s, &now, now.body, &a, &r, err) != 0) {
			store_rollback(s->st);
			goto done;
		}
		if (!check_ok(&r)) {
			store_rollback(s->st);
			svc_fail(err, 422, "RULE_ERRORS", "申請書にエラーがあるため%sできません（%zu件）",
			     act == ACT_SUBMIT ? "提出" : "確認済みに", diag_count(&r.diags, DIAG_ERROR));
			errors_as_details(&r, err);
			goto done;
		}
	}
	char *before = arena_printf(&a, "{\"status\":\"%s\",\"version\":%d}", app.status, app.version);
	char *after = arena_printf(&a, "{\"status\":\"%s\",\"version\":%d}", app_status_key(to), app.version);
	rc = store_app_set_status(s->st, id, app.status, app_status_key(to));
	if (rc == STORE_OK)
		rc = store_audit_add(s->st, actor->login, arena_printf(&a, "application.%s", app_action_key(act)), id, before, after);
	if (rc == STORE_OK)
		rc = store_commit(s->st);
	if (rc != STORE_OK) {
		write_failed(s, rc, err);
		goto done;
	}
	out = json_object();
	json_object_set_new(out, "id", json_integer(id));
	json_object_set_new(out, "status", json_string(app_status_key(to)));
	json_object_set_new(out, "status_label", json_string(app_status_label(to)));
	json_object_set_new(out, "version", json_integer(app.version));
done:
	arena_free(&a);
	return out;
}

json_t *svc_comment(svc *s, const svc_user *actor, int64_t id, json_t *body, svc_err *err)
{
	static const char *const keys[] = { "body", NULL };
	arena a;
	arena_init(&a);
	store_app app;
	json_t *out = NULL;
	if (!load_app(s, actor, id, &a, &app, err))
		goto done;
	if (!(is_office(actor) || owns(actor, &app))) {
		svc_fail(err, 403, "FORBIDDEN", "事前相談のコメントは事務局と申請団体だけが書けます");
		goto done;
	}
	if (strcmp(app.status, "draft") == 0) {
		svc_fail(err, 409, "ILLEGAL_TRANSITION", "下書きにはコメントできません（事前相談を依頼してください）");
		goto done;
	}
	if (!body_object(body, err) || !only_keys(body, keys, err))
		goto done;
	const char *text = body_str(body, "body");
	if (text == NULL || text[0] == '\0' || strlen(text) > 20000) {
		svc_fail(err, 400, "INVALID", "コメント（body）は1〜20000文字で入力してください");
		svc_detail(err, "body", "必須です");
		goto done;
	}
	int64_t cid;
	if (store_begin(s->st) != STORE_OK || store_comment_add(s->st, id, actor->id, text, &cid) != STORE_OK ||
	    store_audit_add(s->st, actor->login, "comment.add", id, NULL, arena_printf(&a, "{\"comment\":%lld}", (long long)cid)) != STORE_OK ||
	    store_commit(s->st) != STORE_OK) {
		db_error(s, err);
		goto done;
	}
	out = json_object();
	json_object_set_new(out, "id", json_integer(cid));
done:
	arena_free(&a);
	return out;
}

json_t *svc_assign(svc *s, const svc_user *actor, int64_t id, json_t *body, svc_err *err)
{
	static const char *const keys[] = { "reviewer", NULL };
	arena a;
	arena_init(&a);
	store_app app;
	json_t *out = NULL;
	store_user reviewer;
	if (!load_app(s, actor, id, &a, &app, err))
		goto done;
	if (!lifecycle_role_may(actor->role, ACT_ASSIGN)) {
		svc_fail(err, 403, "FORBIDDEN", "審査員の割当ては事務局だけができます");
		goto done;
	}
	if (!body_object(body, err) || !only_keys(body, keys, err))
		goto done;
	const char *login = body_str(body, "reviewer");
	if (login == NULL || store_user_by_login(s->st, login, &a, &reviewer) != STORE_OK ||
	    strcmp(reviewer.role, "reviewer") != 0) {
		svc_fail(err, 400, "INVALID", "審査員（reviewer）のログインIDを指定してください");
		svc_detail(err, "reviewer", "審査員の役割を持つ利用者ではありません");
		goto done;
	}
	app_status from, to;
	app_status_from_key(app.status, &from);
	if (!lifecycle_next(from, ACT_ASSIGN, &to)) {
		svc_fail(err, 409, "ILLEGAL_TRANSITION", "「%s」の申請には審査員を割り当てられません", app_status_label(from));
		goto done;
	}
	store_rc rc = store_begin(s->st);
	if (rc == STORE_OK)
		rc = store_assign(s->st, id, reviewer.id);
	if (rc == STORE_OK)
		rc = store_app_set_status(s->st, id, app.status, app_status_key(to));
	if (rc == STORE_OK)
		rc = store_audit_add(s->st, actor->login, "application.assign", id, arena_printf(&a, "{\"status\":\"%s\"}", app.status),
				     arena_printf(&a, "{\"status\":\"%s\",\"reviewer\":\"%s\"}", app_status_key(to), reviewer.login));
	if (rc == STORE_OK)
		rc = store_commit(s->st);
	if (rc != STORE_OK) {
		write_failed(s, rc, err);
		goto done;
	}
	out = json_object();
	json_object_set_new(out, "id", json_integer(id));
	json_object_set_new(out, "status", json_string(app_status_key(to)));
done:
	arena_free(&a);
	return out;
}

json_t *svc_review(svc *s, const svc_user *actor, int64_t id, json_t *body, svc_err *err)
{
	static const char *const keys[] = { "scores", "comment", NULL };
	arena a;
	arena_init(&a);
	store_app app;
	json_t *out = NULL;
	if (!load_app(s, actor, id, &a, &app, err))
		goto done;
	if (actor->role != ROLE_REVIEWER || !store_is_assigned(s->st, id, actor->id)) {
		svc_fail(err, 403, "FORBIDDEN", "評価を書けるのは割り当てられた審査員だけです");
		goto done;
	}
	if (strcmp(app.status, "under_review") != 0) {
		svc_fail(err, 409, "ILLEGAL_TRANSITION", "審査中の申請だけを評価できます");
		goto done;
	}
	if (!body_object(body, err) || !only_keys(body, keys, err))
		goto done;
	/* scores on the six review points of the seeds (000_23c807c41fd90cd5.txt 審査のポイント);
	 * the scale is not stated there, digiden uses 1–5 */
	json_t *scores = json_object_get(body, "scores");
	if (!json_is_object(scores) || json_object_size(scores) == 0) {
		svc_fail(err, 400, "INVALID", "scores（審査のポイントごとの1〜5の点）が必要です");
		svc_detail(err, "scores", "オブジェクトで指定してください");
		goto done;
	}
	const char *k;
	json_t *v;
	json_object_foreach(scores, k, v)
	{
		review_point_id rp;
		if (!review_point_from_key(k, &rp))
			svc_detail(err, arena_printf(&a, "scores.%s", k), "審査のポイントにない項目です");
		else if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 5)
			svc_detail(err, arena_printf(&a, "scores.%s", k), "1〜5の整数で評価してください");
	}
	json_t *comment = json_object_get(body, "comment");
	if (comment && !json_is_string(comment) && !json_is_null(comment))
		svc_detail(err, "comment", "文字列で入力してください");
	if (err->details) {
		svc_fail(err, 400, "INVALID", "評価の内容に誤りがあります");
		goto done;
	}
	char *scores_text = json_dumps(scores, JSON_COMPACT | JSON_SORT_KEYS);
	const char *c = json_is_string(comment) ? json_string_value(comment) : NULL;
	if (scores_text == NULL || store_begin(s->st) != STORE_OK ||
	    store_review_put(s->st, id, actor->id, scores_text, c) != STORE_OK ||
	    store_audit_add(s->st, actor->login, "review.put", id, NULL, scores_text) != STORE_OK || store_commit(s->st) != STORE_OK) {
		free(scores_text);
		db_error(s, err);
		goto done;
	}
	free(scores_text);
	out = json_object();
	json_object_set_new(out, "application", json_integer(id));
	json_object_set_new(out, "reviewer", json_string(actor->login));
done:
	arena_free(&a);
	return out;
}

json_t *svc_decide(svc *s, const svc_user *actor, int64_t id, json_t *body, svc_err *err)
{
	static const char *const keys[] = { "decision", "amount_yen", "reason", NULL };
	arena a;
	arena_init(&a);
	store_app app;
	json_t *out = NULL;
	if (!load_app(s, actor, id, &a, &app, err))
		goto done;
	if (!body_object(body, err) || !only_keys(body, keys, err))
		goto done;
	const char *decision = body_str(body, "decision"), *reason = body_str(body, "reason");
	bool adopt = decision && strcmp(decision, "adopted") == 0;
	if (!adopt && !(decision && strcmp(decision, "rejected") == 0)) {
		svc_fail(err, 400, "INVALID", "decision は adopted か rejected です");
		svc_detail(err, "decision", "adopted / rejected");
		goto done;
	}
	app_action act = adopt ? ACT_ADOPT : ACT_REJECT;
	if (!lifecycle_role_may(actor->role, act)) {
		svc_fail(err, 403, "FORBIDDEN", "採否の決定は事務局だけができます");
		goto done;
	}
	app_status from, to;
	app_status_from_key(app.status, &from);
	if (!lifecycle_next(from, act, &to)) {
		svc_fail(err, 409, "ILLEGAL_TRANSITION", "「%s」の申請は採否を決定できません（審査中のみ）", app_status_label(from));
		goto done;
	}
	store_note *reviews;
	size_t nrev;
	if (store_review_list(s->st, id, 0, &a, &reviews, &nrev) != STORE_OK || nrev == 0) {
		svc_fail(err, 409, "NO_REVIEW", "審査員の評価が1件もないため決定できません");
		goto done;
	}
	int64_t amount = 0;
	json_t *amount_j = json_object_get(body, "amount_yen");
	if (adopt) {
		check_result r;
		if (check_in_round(s, &app, app.body, &a, &r, err) != 0)
			goto done;
		if (!json_is_integer(amount_j) || json_integer_value(amount_j) <= 0) {
			svc_fail(err, 400, "INVALID", "採択には国費の額（amount_yen、正の整数の円）が必要です");
			svc_detail(err, "amount_yen", "正の整数の円");
			goto done;
		}
		amount = json_integer_value(amount_j);
		if (!r.has_national_share || amount > r.national_share_yen) {
			svc_fail(err, 422, "AMOUNT_ABOVE_COMPUTED", "決定額 %lld円 が計算上の国費 %lld円 を超えています", (long long)amount,
			     (long long)(r.has_national_share ? r.national_share_yen : 0));
			svc_detail(err, "amount_yen", "計算上の国費以下にしてください");
			goto done;
		}
		if (amount < r.national_share_yen && (reason == NULL || reason[0] == '\0')) {
			svc_fail(err, 400, "REASON_REQUIRED", "計算上の国費より減額するときは理由（reason）が必要です");
			svc_detail(err, "reason", "減額の理由を書いてください");
			goto done;
		}
	} else if (reason == NULL || reason[0] == '\0') {
		svc_fail(err, 400, "REASON_REQUIRED", "不採択には理由（reason）が必要です");
		svc_detail(err, "reason", "不採択の理由を書いてください");
		goto done;
	} else if (amount_j != NULL) {
		svc_fail(err, 400, "INVALID", "不採択に金額は指定できません");
		svc_detail(err, "amount_yen", "不要です");
		goto done;
	}
	char *before = arena_printf(&a, "{\"status\":\"%s\"}", app.status);
	char *after = arena_printf(&a, "{\"status\":\"%s\",\"amount_yen\":%lld}", app_status_key(to), (long long)amount);
	store_rc rc = store_begin(s->st);
	if (rc == STORE_OK)
		rc = store_app_set_status(s->st, id, app.status, app_status_key(to)); /* first: a racing decision stops here */
	if (rc == STORE_OK)
		rc = store_decision_put(s->st, id, decision, adopt, amount, reason, actor->id);
	if (rc == STORE_OK)
		rc = store_audit_add(s->st, actor->login, adopt ? "application.adopt" : "application.reject", id, before, after);
	if (rc == STORE_OK)
		rc = store_commit(s->st);
	if (rc != STORE_OK) {
		write_failed(s, rc, err);
		goto done;
	}
	out = json_object();
	json_object_set_new(out, "id", json_integer(id));
	json_object_set_new(out, "status", json_string(app_status_key(to)));
	json_object_set_new(out, "amount_yen", adopt ? json_integer(amount) : json_null());
done:
	arena_free(&a);
	return out;
}

json_t *svc_kpi_report(svc *s, const svc_user *actor, int64_t id, json_t *body, svc_err *err)
{
	static const char *const keys[] = { "fiscal_year", "values", NULL };
	arena a;
	arena_init(&a);
	store_app app;
	json_t *out = NULL;
	if (!load_app(s, actor, id, &a, &app, err))
		goto done;
	if (!owns(actor, &app)) {
		svc_fail(err, 403, "FORBIDDEN", "KPIの実績を報告できるのはその団体の申請者だけです");
		goto done;
	}
	app_status st;
	app_status_from_key(app.status, &st);
	if (!lifecycle_next(st, ACT_REPORT_KPI, NULL)) {
		svc_fail(err, 409, "ILLEGAL_TRANSITION", "KPIの実績は交付決定の後に報告します");
		goto done;
	}
	if (!body_object(body, err) || !only_keys(body, keys, err))
		goto done;
	store_round r;
	if (store_round_by_id(s->st, app.round_id, &a, &r) != STORE_OK) {
		db_error(s, err);
		goto done;
	}
	json_t *fy = json_object_get(body, "fiscal_year"), *values = json_object_get(body, "values");
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
			svc_detail(err, arena_printf(&a, "values[%zu]", i), "{\"kpi\": 名称, \"value\": 数値} で指定してください");
	}
	if (err->details) {
		svc_fail(err, 400, "INVALID", "KPI報告の内容に誤りがあります");
		goto done;
	}
	char *text = json_dumps(body, JSON_COMPACT);
	int64_t kid;
	store_rc rc = text && store_begin(s->st) == STORE_OK
			      ? store_kpi_add(s->st, id, (int)json_integer_value(fy), text, actor->id, &kid)
			      : STORE_ERROR;
	if (rc == STORE_DUPLICATE) {
		store_rollback(s->st);
		free(text);
		svc_fail(err, 409, "DUPLICATE", "%lld年度のKPI実績は報告済みです", (long long)json_integer_value(fy));
		goto done;
	}
	if (rc != STORE_OK || store_audit_add(s->st, actor->login, "kpi.report", id, NULL, text) != STORE_OK ||
	    store_commit(s->st) != STORE_OK) {
		free(text);
		db_error(s, err);
		goto done;
	}
	free(text);
	out = json_object();
	json_object_set_new(out, "id", json_integer(kid));
done:
	arena_free(&a);
	return out;
}

static json_t *maybe_json(const char *text)
{
	if (text == NULL)
		return json_null();
	json_t *j = json_loads(text, 0, NULL);
	return j ? j : json_string(text);
}

json_t *svc_audit(svc *s, const svc_user *actor, int64_t app_id, svc_err *err)
{
	arena a;
	arena_init(&a);
	json_t *out = NULL;
	if (actor->id == 0) {
		svc_fail(err, 401, "LOGIN_REQUIRED", "ログインしてください");
		goto done;
	}
	/* one application's trail follows that application's own access rule (an unknown
	 * or invisible id is 404 for everyone, the office included); the whole log is the
	 * office's */
	if (app_id > 0) {
		store_app app;
		if (!load_app(s, actor, app_id, &a, &app, err))
			goto done;
	}
	if (!is_office(actor) && (app_id <= 0 || actor->role != ROLE_APPLICANT)) {
		svc_fail(err, 403, "FORBIDDEN", "監査ログを見られるのは事務局・管理者と、自団体の申請についての申請者だけです");
		goto done;
	}
	store_audit_entry *e;
	size_t n;
	if (store_audit_list(s->st, app_id, &a, &e, &n) != STORE_OK) {
		db_error(s, err);
		goto done;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		/* applicants do not see reviews, nor who reviewed (docs/api.md): their view of
		 * the log leaves out review entries and the reviewer of an assignment */
		bool applicant = actor->role == ROLE_APPLICANT;
		if (applicant && strcmp(e[i].action, "review.put") == 0)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(e[i].id));
		json_object_set_new(o, "at", json_string(e[i].at));
		json_object_set_new(o, "actor", json_string(e[i].actor));
		json_object_set_new(o, "action", json_string(e[i].action));
		json_object_set_new(o, "application", e[i].application ? json_integer(e[i].application) : json_null());
		json_object_set_new(o, "before", maybe_json(e[i].before));
		json_t *after = maybe_json(e[i].after);
		if (applicant && json_is_object(after))
			json_object_del(after, "reviewer");
		json_object_set_new(o, "after", after);
		json_array_append_new(arr, o);
	}
	out = json_object();
	json_object_set_new(out, "entries", arr);
done:
	arena_free(&a);
	return out;
}

json_t *svc_export(svc *s, const char *round_key, svc_err *err)
{
	arena a;
	arena_init(&a);
	store_app *apps;
	size_t n;
	if (store_app_list(s->st, SCOPE_ALL_BUT_DRAFTS, NULL, 0, &a, &apps, &n) != STORE_OK) {
		arena_free(&a);
		return db_error(s, err);
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
	json_t *out = json_object();
	json_object_set_new(out, "applications", arr);
	return out;
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
	int64_t id = new_draft(s, body, round, code, menu, title, 0, actor, "application.import", err);
	if (id == 0)
		return NULL;
	json_t *out = json_object();
	json_object_set_new(out, "id", json_integer(id));
	json_object_set_new(out, "status", json_string("draft"));
	return out;
}
