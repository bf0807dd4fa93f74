/* json_result.c — check result encoder; see json_result.h. */
#include "json_result.h"

#include "json_decode.h"

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }
static json_t *yen_or_null(bool has, int64_t v) { return has ? json_integer(v) : json_null(); }

json_t *json_result_encode(const check_result *r)
{
	const application *app = r->app;
	json_t *o = json_object();
	if (o == NULL)
		return NULL;
	json_object_set_new(o, "ok", json_boolean(check_ok(r)));
	json_object_set_new(o, "round", str_or_null(app->round));
	json_object_set_new(o, "menu", str_or_null(app->menu));
	json_t *ap = json_object();
	json_object_set_new(ap, "code", str_or_null(app->applicant_code));
	json_object_set_new(ap, "name", r->org ? json_string(r->org->name) : json_null());
	json_object_set_new(ap, "kind", r->org ? json_string(org_kind_label(r->org->kind)) : json_null());
	json_object_set_new(o, "applicant", ap);
	json_object_set_new(o, "project_cost_yen", yen_or_null(r->has_project_cost, r->project_cost_yen));
	json_object_set_new(o, "eligible_cost_yen", yen_or_null(r->has_eligible_cost, r->eligible_cost_yen));
	char fb[48];
	json_object_set_new(o, "rate", r->has_rate ? json_string(fraction_format(r->rate, fb, sizeof fb)) : json_null());
	json_object_set_new(o, "cap_yen", yen_or_null(r->has_cap, r->cap_yen));
	json_object_set_new(o, "national_share_yen", yen_or_null(r->has_national_share, r->national_share_yen));
	json_object_set_new(o, "local_share_yen", yen_or_null(r->has_local_share, r->local_share_yen));
	json_object_set_new(o, "errors", json_diags(&r->diags, DIAG_ERROR));
	json_object_set_new(o, "warnings", json_diags(&r->diags, DIAG_WARNING));
	json_object_set_new(o, "trace", json_trace(r->trace, r->n_trace));
	json_object_set_new(o, "info", json_diags(&r->diags, DIAG_INFO));
	json_object_set_new(o, "file", str_or_null(app->label));
	return o;
}
