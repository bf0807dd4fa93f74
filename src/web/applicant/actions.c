/* actions.c — POST /applications/{id}/action: every state change a page makes,
 * through the same service functions as the API (so the same access checks and
 * rules apply). Form fields:
 *   action   consult | submit | withdraw | screen | naiji | grant      (no other field)
 *            comment  (body)
 *            assign   (reviewer = login)
 *            review   (scores.<review point> = 1–5 …, comment)
 *            decide   (decision = adopted|rejected, amount_yen in 円/千円/万円/億円, reason)
 *            kpi      (fiscal_year, kpi_name_N + kpi_value_N for N = 0, 1, …)
 *   _back    where to go afterwards (a path of this site; default /applications/{id})
 *   confirm  yes: 提出, 取下げ, 不採択 and 交付決定 are done; without it they answer the
 *            confirmation page (receipt.c), whose form sends the same fields again with it */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/money.h"
#include "../pages.h"

static json_t *scores_from_form(web_request *r)
{
	json_t *scores = json_object();
	for (size_t i = 0; i < r->n_form; i++)
		if (strncmp(r->form[i].name, "scores.", 7) == 0 && r->form[i].value[0]) {
			char *end;
			long v = strtol(r->form[i].value, &end, 10);
			json_object_set_new(scores, r->form[i].name + 7, *end ? json_string(r->form[i].value) : json_integer(v));
		}
	return scores;
}

void page_app_action(web_request *r)
{
	const char *action = page_param(r, "action");
	svc_err e = { 0 };
	json_t *out = NULL, *body = NULL;
	static const struct {
		const char *name;
		app_action act;
	} simple[] = { { "consult", ACT_CONSULT }, { "submit", ACT_SUBMIT }, { "withdraw", ACT_WITHDRAW },
		       { "screen", ACT_SCREEN },   { "naiji", ACT_NAIJI },   { "grant", ACT_GRANT } };
	if (action == NULL) {
		page_error(r, 400, "操作（action）が指定されていません");
		return;
	}
	if (page_app_needs_confirm(r, action)) { /* 提出, 取下げ, 不採択, 交付決定: first the confirmation page */
		page_app_confirm(r, action);
		return;
	}
	for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++)
		if (strcmp(action, simple[i].name) == 0) {
			out = svc_app_transition(r->svc, &r->user, r->id, simple[i].act, &e);
			goto done;
		}
	body = json_object();
	if (strcmp(action, "comment") == 0) {
		json_object_set_new(body, "body", json_string(page_param(r, "body") ? page_param(r, "body") : ""));
		out = svc_comment(r->svc, &r->user, r->id, body, &e);
	} else if (strcmp(action, "assign") == 0) {
		json_object_set_new(body, "reviewer", json_string(page_param(r, "reviewer") ? page_param(r, "reviewer") : ""));
		out = svc_assign(r->svc, &r->user, r->id, body, &e);
	} else if (strcmp(action, "review") == 0) {
		json_object_set_new(body, "scores", scores_from_form(r));
		const char *c = page_param(r, "comment");
		if (c && c[0])
			json_object_set_new(body, "comment", json_string(c));
		out = svc_review(r->svc, &r->user, r->id, body, &e);
	} else if (strcmp(action, "decide") == 0) {
		const char *d = page_param(r, "decision"), *amount = page_param(r, "amount_yen"), *reason = page_param(r, "reason");
		json_object_set_new(body, "decision", json_string(d ? d : ""));
		if (amount && amount[0]) {
			int64_t yen;
			money_err me = money_parse(amount, &yen);
			if (me != MONEY_OK) {
				e = (svc_err){ .status = 400, .code = "INVALID" };
				snprintf(e.message, sizeof e.message, "決定額「%s」: %s", amount, money_strerror(me));
				goto done;
			}
			json_object_set_new(body, "amount_yen", json_integer(yen));
		}
		if (reason && reason[0])
			json_object_set_new(body, "reason", json_string(reason));
		out = svc_decide(r->svc, &r->user, r->id, body, &e);
	} else if (strcmp(action, "kpi") == 0) {
		const char *fy = page_param(r, "fiscal_year");
		char *end = NULL;
		long year = fy ? strtol(fy, &end, 10) : 0;
		json_object_set_new(body, "fiscal_year", end && *end == '\0' ? json_integer(year) : json_string(fy ? fy : ""));
		json_t *values = json_array();
		for (int k = 0; k < 100; k++) {
			char nk[32], vk[32];
			snprintf(nk, sizeof nk, "kpi_name_%d", k);
			snprintf(vk, sizeof vk, "kpi_value_%d", k);
			const char *name = page_param(r, nk), *value = page_param(r, vk);
			if (name == NULL)
				break;
			if (value == NULL || value[0] == '\0')
				continue;
			double v = strtod(value, &end);
			json_t *o = json_object();
			json_object_set_new(o, "kpi", json_string(name));
			json_object_set_new(o, "value", *end == '\0' ? json_real(v) : json_string(value));
			json_array_append_new(values, o);
		}
		json_object_set_new(body, "values", values);
		out = svc_kpi_report(r->svc, &r->user, r->id, body, &e);
	} else {
		e = (svc_err){ .status = 400, .code = "INVALID" };
		snprintf(e.message, sizeof e.message, "未知の操作「%s」です", action);
	}
done:
	json_decref(body);
	if (out == NULL) {
		page_svc_error(r, &e);
	} else {
		const char *back = page_param(r, "_back");
		char target[256];
		if (strcmp(action, "submit") == 0 && (back == NULL || back[0] == '\0'))
			snprintf(target, sizeof target, "/applications/%lld/receipt", (long long)r->id);
		else if (back && back[0] == '/' && back[1] != '/' && strchr(back, '\\') == NULL)
			snprintf(target, sizeof target, "%s", back);
		else
			snprintf(target, sizeof target, "/applications/%lld", (long long)r->id);
		page_redirect(r, target);
	}
	json_decref(out);
	svc_err_clear(&e);
}
