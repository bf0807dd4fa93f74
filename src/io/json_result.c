/* json_result.c — check result encoder; see json_result.h. */
#include "json_result.h"

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }
static json_t *yen_or_null(bool has, int64_t v) { return has ? json_integer(v) : json_null(); }

static json_t *diags_of(const check_result *r, diag_severity sev)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < r->diags.len; i++) {
		const diag *d = &r->diags.items[i];
		if (d->severity != sev)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(d->code));
		json_object_set_new(o, "path", json_string(d->path));
		json_object_set_new(o, "message", json_string(d->message));
		json_array_append_new(arr, o);
	}
	return arr;
}

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
	json_object_set_new(o, "errors", diags_of(r, DIAG_ERROR));
	json_object_set_new(o, "warnings", diags_of(r, DIAG_WARNING));
	json_t *trace = json_array();
	for (size_t i = 0; i < r->n_trace; i++) {
		const trace_step *t = &r->trace[i];
		json_t *s = json_object();
		json_object_set_new(s, "rule", json_string(t->rule));
		json_object_set_new(s, "value", json_string(t->value));
		json_object_set_new(s, "source", str_or_null(t->source));
		json_object_set_new(s, "label", str_or_null(t->label));
		if (t->quote)
			json_object_set_new(s, "quote", json_string(t->quote));
		json_array_append_new(trace, s);
	}
	json_object_set_new(o, "trace", trace);
	json_object_set_new(o, "info", diags_of(r, DIAG_INFO));
	json_object_set_new(o, "file", str_or_null(app->label));
	return o;
}
