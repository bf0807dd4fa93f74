/* api_programs.c — the program calculators over HTTP (see api_programs.h): the same
 * decoders, computations and JSON encodings as `digiden calc`, `digiden dispatch-check`
 * (io/json_finance.c) and `digiden promotion-check` (io/json_promotion.c). Nothing is
 * stored; all memory of a request is its arena. */
#include "../io/rules_cache.h"
#include "api_programs.h"

#include <stdio.h>
#include <string.h>

#include "../core/promotion.h"
#include "../io/json_finance.h"
#include "../io/json_promotion.h"
#include "../io/promotion_rules.h"

/* The input's label in messages: "本文: eligible_cost_yen: 必須項目がありません（金額）". */
#define BODY_LABEL "本文"

/* A run's answer: the result (without "file"), or err. */
static json_t *answer(json_t *out, int status, const finance_err *fe, svc_err *err)
{
	if (out != NULL) {
		json_object_del(out, "file");
		return out;
	}
	if (status == FINANCE_RUN_BAD_INPUT) {
		svc_fail(err, 400, "INVALID", "入力に誤りがあります（%.400s）", fe->text);
		svc_detail(err, fe->path, fe->message);
	} else {
		svc_fail(err, 500, "INTERNAL", "計算できませんでした（%.400s）", fe->text);
	}
	return NULL;
}

json_t *api_calc(web_request *r, svc_err *err)
{
	finance_calc c;
	if (r->key == NULL || !finance_calc_from_key(r->key, &c)) {
		svc_fail(err, 404, "NOT_FOUND", "計算「%.100s」はありません（dx-package, subsidy, bond, special-tax, kigyoujin）",
			 r->key ? r->key : "");
		return NULL;
	}
	finance_err *fe = arena_alloc(&r->arena, sizeof *fe);
	if (fe == NULL) {
		svc_fail(err, 500, "NOMEM", "メモリが足りません");
		return NULL;
	}
	int status = FINANCE_RUN_INTERNAL;
	json_t *out = finance_run_json(r->key, r->json, BODY_LABEL, &r->svc->cat->orgs, &r->arena, fe, &status);
	return answer(out, status, fe, err);
}

json_t *api_dispatch_check(web_request *r, svc_err *err)
{
	finance_err *fe = arena_alloc(&r->arena, sizeof *fe);
	if (fe == NULL) {
		svc_fail(err, 500, "NOMEM", "メモリが足りません");
		return NULL;
	}
	int status = FINANCE_RUN_INTERNAL;
	json_t *out = dispatch_run_json(r->json, BODY_LABEL, &r->svc->cat->orgs, NULL, 0, &r->arena, fe, &status);
	return answer(out, status, fe, err);
}

#define PROMOTION_MAX_PROJECTS 100

json_t *api_promotion_check(web_request *r, svc_err *err)
{
	json_t *body = r->json;
	bool many = json_is_array(body);
	size_t n = many ? json_array_size(body) : 1;
	if (!many && !json_is_object(body)) {
		svc_fail(err, 400, "INVALID", "本文は " PROMOTION_FORMAT " の事業（オブジェクト）か、その配列です");
		return NULL;
	}
	if (many && (n == 0 || n > PROMOTION_MAX_PROJECTS)) {
		svc_fail(err, 400, "INVALID", "事業の配列は1件以上%d件以下です（%zu件）", PROMOTION_MAX_PROJECTS, n);
		return NULL;
	}
	arena *a = &r->arena;
	char msg[1024];
	promo_result *results = arena_alloc(a, n * sizeof *results);
	promo_result **ptrs = arena_alloc(a, n * sizeof *ptrs);
	if (results == NULL || ptrs == NULL) {
		svc_fail(err, 500, "NOMEM", "メモリが足りません");
		return NULL;
	}
	const promo_catalog *pc = rules_cache_promotion(msg, sizeof msg);
	if (pc == NULL) {
		svc_fail(err, 500, "INTERNAL", "規則を読めません（%.400s）", msg);
		return NULL;
	}
	static const core_city_list no_core_cities = { 0 };
	for (size_t i = 0; i < n; i++) {
		promo_project *p = arena_alloc(a, sizeof *p);
		diag_list dl;
		diag_list_init(&dl, a);
		ptrs[i] = &results[i];
		if (p == NULL || json_promotion_decode(many ? json_array_get(body, i) : body, a, p, &dl) != 0 ||
		    promo_check(p, &dl, pc, &r->svc->cat->orgs, &no_core_cities, a, &results[i]) != 0) {
			svc_fail(err, 500, "NOMEM", "メモリが足りません");
			return NULL;
		}
	}
	promo_check_limits(ptrs, n, a);
	json_t *out = many ? json_array() : NULL;
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_promotion_result_encode(&results[i]);
		if (o == NULL) {
			json_decref(out);
			svc_fail(err, 500, "NOMEM", "メモリが足りません");
			return NULL;
		}
		json_object_del(o, "file");
		if (!many)
			return o;
		json_array_append_new(out, o);
	}
	return out;
}
