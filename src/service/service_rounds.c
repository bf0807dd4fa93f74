/* service_rounds.c — rounds and their frozen rule sets, the organization master, and
 * checking bodies (alone, and with the limits over a round); see service.h. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/check.h"
#include "../io/json_application.h"
#include "../io/json_result.h"
#include "../io/json_rules.h"
#include "service_internal.h"

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


static json_t *menus_json(const rule_set *rs)
{
	json_t *menus = json_array();
	for (size_t m = 0; rs && m < rs->n_menus; m++) {
		const rule_menu *mn = &rs->menus[m];
		char fb[32];
		json_array_append_new(menus, json_pack("{s:s,s:s,s:o,s:o}", "id", mn->id, "name", mn->name, "rate",
						       mn->has_rate ? json_string(fraction_format(mn->rate, fb, sizeof fb)) : json_null(),
						       "cap_yen", mn->cap.present ? json_integer(mn->cap.yen) : json_null()));
	}
	return menus;
}

json_t *svc_rounds(svc *s, svc_err *err)
{
	arena a;
	arena_init(&a);
	store_round *rounds = NULL;
	size_t n = 0;
	json_t *arr = store_round_list(s->st, &a, &rounds, &n) == STORE_OK ? json_array() : svc_db_fail(s, err);
	for (size_t i = 0; arr && i < n; i++) {
		const store_round *r = &rounds[i];
		char fy[32];
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:i,s:s,s:s,s:s?,s:o}", "id", (json_int_t)r->id, "key", r->key,
						     "title", r->title, "fiscal_year", r->fiscal_year, "fiscal_year_label",
						     wareki_fiscal_year(r->fiscal_year, fy, sizeof fy), "status", r->status,
						     "deadline", r->deadline, "menus", menus_json(svc_round_rules(s, r->id, &a, err))));
	}
	arena_free(&a);
	return arr ? json_pack("{s:o}", "rounds", arr) : NULL;
}

typedef struct round_open_ctx {
	const char *key, *deadline;
	bool open;
	arena a;
} round_open_ctx;

static store_rc round_open_step(svc *s, svc_op *op, void *ctx, svc_err *err)
{
	round_open_ctx *c = ctx;
	store_round r;
	store_rc rc = store_round_by_key(s->st, c->key, &c->a, &r);
	if (rc == STORE_NOT_FOUND)
		svc_fail(err, 404, "NOT_FOUND", "募集回「%s」はありません", c->key);
	if (rc != STORE_OK)
		return rc;
	op->before = arena_printf(&c->a, "{\"status\":\"%s\"}", r.status);
	return store_round_set_status(s->st, r.id, c->open ? "open" : "closed", c->deadline ? c->deadline : r.deadline);
}

int svc_round_set_open(svc *s, const char *actor, const char *key, bool open, const char *deadline, svc_err *err)
{
	if (deadline != NULL) {
		struct tm tm = { 0 };
		const char *end = strptime(deadline, "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (end == NULL || *end != '\0') {
			svc_fail(err, 400, "BAD_DEADLINE", "締切は YYYY-MM-DDTHH:MM:SSZ（UTC）で指定してください");
			return -1;
		}
	}
	round_open_ctx c = { .key = key, .deadline = deadline, .open = open };
	arena_init(&c.a);
	svc_op op = { .actor = actor, .action = open ? "round.open" : "round.close",
		      .after = open ? "{\"status\":\"open\"}" : "{\"status\":\"closed\"}" };
	int rc = svc_op_run(s, &op, round_open_step, &c, err);
	arena_free(&c.a);
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
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s?,s:b}", "code", o->code, "name", o->name, "kind",
						     org_kind_label(o->kind), "prefecture", p ? p->name : NULL, "applicant",
						     o->applicant));
		n++;
	}
	return json_pack("{s:o}", "organizations", arr);
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
		return svc_nomem(err);
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
int svc_check_in_round(svc *s, const store_app *app, const char *body_text, arena *a, check_result *out, svc_err *err)
{
	const rule_set *rs = svc_round_rules(s, app->round_id, a, err);
	if (rs == NULL)
		return -1;
	store_app *others;
	size_t n;
	if (store_app_list(s->st, SCOPE_ROUND_ORG_SUBMITTED, app->organization, app->round_id, a, &others, &n) != STORE_OK) {
		svc_db_fail(s, err);
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
	svc_nomem(err);
	return -1;
}
