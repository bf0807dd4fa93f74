/* json_promotion.c — 推進タイプ project decoder and result encoder; see json_promotion.h. */
#include "json_promotion.h"

#include <stdio.h>
#include <string.h>

#include "../core/fiscal.h"
#include "../core/money.h"
#include "json_decode.h"

typedef json_dec dec;

/* obj.key when it is given (neither absent nor null), else NULL, reported missing
 * when required. *p gets the member's path. */
static json_t *field(dec *x, json_t *obj, const char *key, const char *path, bool required, const char **p)
{
	json_t *v = json_object_get(obj, key);
	*p = json_dec_sub(x, path, key);
	if (v != NULL && !json_is_null(v))
		return v;
	if (required)
		json_dec_missing(x, *p);
	return NULL;
}

static const char *get_str(dec *x, json_t *obj, const char *key, const char *path, bool required)
{
	const char *p;
	json_t *v = field(x, obj, key, path, required, &p);
	if (v == NULL)
		return NULL;
	if (!json_is_string(v)) {
		json_dec_type_error(x, p, "文字列", v);
		return NULL;
	}
	if (required && json_string_length(v) == 0) {
		diag_add(x->d, DIAG_ERROR, "REQUIRED_MISSING", p, "「%s」が空です", p);
		return NULL;
	}
	return arena_strdup(x->a, json_string_value(v));
}

/* Boolean member; *answered says whether it was given. */
static void get_bool(dec *x, json_t *obj, const char *key, const char *path, bool required, bool *out, bool *answered)
{
	const char *p;
	json_t *v = field(x, obj, key, path, required, &p);
	*answered = false;
	if (v == NULL)
		return;
	if (!json_is_boolean(v)) {
		json_dec_type_error(x, p, "真偽値（true/false）", v);
		return;
	}
	*out = json_is_true(v);
	*answered = true;
}

/* Fiscal year: an integer (西暦) or a string 令和3年度 / R3 / 2021年度. */
static bool fiscal_year_value(dec *x, json_t *v, const char *p, int *out)
{
	int fy;
	if (json_is_integer(v)) {
		json_int_t y = json_integer_value(v);
		if (y < 1989 || y > 2100) {
			diag_add(x->d, DIAG_ERROR, "FISCAL_YEAR_RANGE", p, "年度 %lld は範囲外です（西暦で、例: 2021）", (long long)y);
			return false;
		}
		fy = (int)y;
	} else if (json_is_string(v)) {
		if (!wareki_parse_fiscal_year(json_string_value(v), &fy)) {
			diag_add(x->d, DIAG_ERROR, "FISCAL_YEAR_INVALID", p,
				 "「%s」は年度として読めません（例: 2021、令和3年度、R3）", json_string_value(v));
			return false;
		}
		if (fy < 1989 || fy > 2100) {
			diag_add(x->d, DIAG_ERROR, "FISCAL_YEAR_RANGE", p, "年度 %d は範囲外です", fy);
			return false;
		}
	} else {
		json_dec_type_error(x, p, "年度（西暦の整数、例: 2021、または「令和3年度」）", v);
		return false;
	}
	*out = fy;
	return true;
}

static bool get_fiscal_year(dec *x, json_t *obj, const char *key, const char *path, bool required, int *out)
{
	const char *p;
	json_t *v = field(x, obj, key, path, required, &p);
	return v != NULL && fiscal_year_value(x, v, p, out);
}

static bool get_amount(dec *x, json_t *obj, const char *key, const char *path, int64_t *out)
{
	const char *p;
	json_t *v = field(x, obj, key, path, true, &p);
	int64_t yen = 0;
	if (v == NULL)
		return false;
	if (json_is_integer(v)) {
		yen = json_integer_value(v);
		if (yen < 0) {
			diag_add(x->d, DIAG_ERROR, "AMOUNT_NEGATIVE", p, "金額が負です（%lld）", (long long)yen);
			return false;
		}
	} else if (json_is_real(v)) {
		diag_add(x->d, DIAG_ERROR, "AMOUNT_NOT_INTEGER", p, "金額は1円単位の整数で入力してください（%g）",
			 json_real_value(v));
		return false;
	} else if (json_is_string(v)) {
		money_err e = money_parse(json_string_value(v), &yen);
		if (e != MONEY_OK) {
			diag_add(x->d, DIAG_ERROR, e == MONEY_ERR_NEGATIVE ? "AMOUNT_NEGATIVE" : "AMOUNT_INVALID", p, "「%s」: %s",
				 json_string_value(v), money_strerror(e));
			return false;
		}
	} else {
		json_dec_type_error(x, p, "金額（整数の円、または「113,000千円」のような文字列）", v);
		return false;
	}
	if (yen > MONEY_ABSURD_YEN) {
		char b[64];
		diag_add(x->d, DIAG_ERROR, "AMOUNT_ABSURD", p, "金額 %s は大きすぎます（1件の上限 1兆円）",
			 money_format_yen(yen, b, sizeof b));
		return false;
	}
	*out = yen;
	return true;
}

static json_t *get_object(dec *x, json_t *obj, const char *key, const char *path)
{
	json_t *v = json_object_get(obj, key);
	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_object(v)) {
		json_dec_type_error(x, json_dec_sub(x, path, key), "オブジェクト", v);
		return NULL;
	}
	return v;
}

static json_t *get_array(dec *x, json_t *obj, const char *key, bool required)
{
	json_t *v = json_object_get(obj, key);
	if (v == NULL || json_is_null(v)) {
		if (required)
			json_dec_missing(x, key);
		return NULL;
	}
	if (!json_is_array(v)) {
		json_dec_type_error(x, key, "配列", v);
		return NULL;
	}
	return v;
}

static void decode_budget(dec *x, json_t *root, promo_project *p)
{
	static const char *const keys[] = { "fiscal_year", "project_cost_yen", "note", NULL };
	json_t *arr = get_array(x, root, "budget", true);
	if (arr == NULL)
		return;
	p->has_budget = true;
	p->years = arena_alloc(x->a, (json_array_size(arr) + 1) * sizeof *p->years);
	if (p->years == NULL)
		return;
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		const char *path = arena_printf(x->a, "budget[%zu]", i);
		promo_year *y = &p->years[p->n_years++];
		if (!json_is_object(v)) {
			json_dec_type_error(x, path, "オブジェクト", v);
			continue;
		}
		json_dec_only_keys(x, v, path, keys);
		y->has_fiscal_year = get_fiscal_year(x, v, "fiscal_year", path, true, &y->fiscal_year);
		y->has_cost = get_amount(x, v, "project_cost_yen", path, &y->project_cost_yen);
		json_t *note = json_object_get(v, "note");
		if (note != NULL && !json_is_null(note) && !json_is_string(note))
			json_dec_type_error(x, json_dec_sub(x, path, "note"), "文字列", note);
	}
}

static void decode_society5(dec *x, json_t *root, promo_project *p)
{
	static const char *const keys[] = { "advice_structure", "partly_demonstrated", "full_implementation_fiscal_year",
					    "regional_issue", "new_social_system", NULL };
	json_t *o = get_object(x, root, "society5_requirements", "");
	if (o == NULL)
		return;
	const char *path = "society5_requirements";
	json_dec_only_keys(x, o, path, keys);
	promo_s5_answers *s = &p->s5;
	s->present = true;
	get_bool(x, o, "advice_structure", path, false, &s->value[PROMO_REQ_ADVICE], &s->answered[PROMO_REQ_ADVICE]);
	get_bool(x, o, "partly_demonstrated", path, false, &s->value[PROMO_REQ_DEMONSTRATION],
		 &s->answered[PROMO_REQ_DEMONSTRATION]);
	s->has_implementation_fy = get_fiscal_year(x, o, "full_implementation_fiscal_year", path, false, &s->implementation_fy);
	get_bool(x, o, "regional_issue", path, false, &s->value[PROMO_REQ_REGIONAL_ISSUE],
		 &s->answered[PROMO_REQ_REGIONAL_ISSUE]);
	get_bool(x, o, "new_social_system", path, false, &s->value[PROMO_REQ_NEW_SYSTEM],
		 &s->answered[PROMO_REQ_NEW_SYSTEM]);
}

int json_promotion_decode(json_t *root, arena *a, promo_project *p, diag_list *diags)
{
	static const char *const keys[] = { "format",         "round",        "subtype",           "applicant",
					    "title",          "koiki",        "koiki_partners",    "start_fiscal_year",
					    "budget",         "society5_requirements", "regional_plan", "note", NULL };
	dec x = { .a = a, .d = diags };
	memset(p, 0, sizeof *p);
	if (!json_is_object(root)) {
		json_dec_type_error(&x, "", "推進タイプの事業（JSONオブジェクト）", root);
		return 0;
	}
	json_dec_only_keys(&x, root, "", keys);
	p->format = get_str(&x, root, "format", "", true);
	if (p->format && strcmp(p->format, PROMOTION_FORMAT) != 0)
		diag_add(diags, DIAG_ERROR, "FORMAT_UNKNOWN", "format", "形式「%s」には対応していません（%s）", p->format,
			 PROMOTION_FORMAT);
	p->round = get_str(&x, root, "round", "", true);
	p->subtype_key = get_str(&x, root, "subtype", "", true);
	json_t *apv = json_object_get(root, "applicant");
	if (apv == NULL || json_is_null(apv))
		json_dec_missing(&x, "applicant");
	json_t *ap = get_object(&x, root, "applicant", "");
	if (ap != NULL) {
		static const char *const akeys[] = { "code", "name", NULL };
		json_dec_only_keys(&x, ap, "applicant", akeys);
		p->applicant_code = get_str(&x, ap, "code", "applicant", true);
		get_str(&x, ap, "name", "applicant", false);
	}
	p->title = get_str(&x, root, "title", "", true);
	get_bool(&x, root, "koiki", "", true, &p->koiki, &p->has_koiki);
	json_t *partners = get_array(&x, root, "koiki_partners", false);
	if (partners != NULL) {
		p->partners = arena_alloc(a, (json_array_size(partners) + 1) * sizeof(char *));
		size_t i;
		json_t *v;
		json_array_foreach(partners, i, v)
		{
			if (!json_is_string(v)) {
				json_dec_type_error(&x, arena_printf(a, "koiki_partners[%zu]", i), "団体コード（文字列）", v);
				continue;
			}
			if (p->partners)
				p->partners[p->n_partners++] = arena_strdup(a, json_string_value(v));
		}
	}
	p->has_start = get_fiscal_year(&x, root, "start_fiscal_year", "", true, &p->start_fiscal_year);
	decode_budget(&x, root, p);
	decode_society5(&x, root, p);
	json_t *plan = get_object(&x, root, "regional_plan", "");
	if (plan != NULL) {
		static const char *const pkeys[] = { "name", "reference", NULL };
		json_dec_only_keys(&x, plan, "regional_plan", pkeys);
		p->regional_plan_name = get_str(&x, plan, "name", "regional_plan", true);
		p->regional_plan_reference = get_str(&x, plan, "reference", "regional_plan", false);
		p->has_regional_plan = p->regional_plan_name != NULL;
	}
	json_t *note = json_object_get(root, "note");
	if (note != NULL && !json_is_null(note) && !json_is_string(note))
		json_dec_type_error(&x, "note", "文字列", note);
	return 0;
}

/* ---- output -------------------------------------------------------------------- */

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *fy_or_null(bool has, int fy)
{
	return has ? json_integer(fy) : json_null();
}

json_t *json_promotion_result_encode(const promo_result *r)
{
	const promo_project *p = r->project;
	json_t *o = json_object();
	if (o == NULL)
		return NULL;
	char b[64];
	json_object_set_new(o, "ok", json_boolean(promo_ok(r)));
	json_object_set_new(o, "round", str_or_null(p->round));
	json_object_set_new(o, "round_title", r->rules ? json_string(r->rules->title) : json_null());
	json_object_set_new(o, "subtype", str_or_null(p->subtype_key));
	json_object_set_new(o, "subtype_name",
			    r->rules && r->has_subtype ? json_string(r->rules->sub[r->subtype].name) : json_null());
	json_object_set_new(o, "title", str_or_null(p->title));
	json_t *ap = json_object();
	json_object_set_new(ap, "code", str_or_null(p->applicant_code));
	json_object_set_new(ap, "name", r->org ? json_string(r->org->name) : json_null());
	json_object_set_new(ap, "kind", r->org ? json_string(org_kind_label(r->org->kind)) : json_null());
	json_object_set_new(ap, "rule_kind", r->has_kind ? json_string(promo_kind_key(r->kind)) : json_null());
	json_object_set_new(ap, "rule_kind_label", r->has_kind ? json_string(promo_kind_label(r->kind)) : json_null());
	json_object_set_new(ap, "rule_kind_source", str_or_null(r->has_kind ? r->kind_source : NULL));
	json_object_set_new(o, "applicant", ap);
	json_object_set_new(o, "koiki", json_boolean(p->koiki));
	json_t *partners = json_array();
	for (size_t i = 0; i < p->n_partners; i++) {
		json_t *po = json_object();
		json_object_set_new(po, "code", json_string(p->partners[i]));
		const organization *org = r->partners ? r->partners[i] : NULL;
		json_object_set_new(po, "name", org ? json_string(org->name) : json_null());
		json_array_append_new(partners, po);
	}
	json_object_set_new(o, "koiki_partners", partners);
	json_object_set_new(o, "start_fiscal_year", fy_or_null(p->has_start, p->start_fiscal_year));
	json_object_set_new(o, "end_fiscal_year", fy_or_null(r->has_period, r->end_fiscal_year));
	json_object_set_new(o, "period_fiscal_years", r->has_period ? json_integer(r->period_fiscal_years) : json_null());
	const promo_subtype_rules *s = r->rules && r->has_subtype ? &r->rules->sub[r->subtype] : NULL;
	json_object_set_new(o, "max_fiscal_years",
			    s && s->max_fiscal_years.present ? json_integer(s->max_fiscal_years.value) : json_null());
	json_object_set_new(o, "rate", r->rules ? json_string(fraction_format(r->rules->rate, b, sizeof b)) : json_null());
	json_object_set_new(o, "cap_per_year_yen", r->has_cap ? json_integer(r->cap_yen) : json_null());
	json_t *years = json_array();
	for (size_t i = 0; i < r->n_years; i++) {
		const promo_year_result *y = &r->years[i];
		json_t *yo = json_object();
		json_object_set_new(yo, "fiscal_year", json_integer(y->fiscal_year));
		json_object_set_new(yo, "label", json_string(wareki_fiscal_year(y->fiscal_year, b, sizeof b)));
		json_object_set_new(yo, "project_cost_yen", json_integer(y->project_cost_yen));
		json_object_set_new(yo, "national_share_yen", json_integer(y->national_share_yen));
		json_object_set_new(yo, "local_share_yen", json_integer(y->local_share_yen));
		json_object_set_new(yo, "cap_applied", json_boolean(y->cap_applied));
		json_array_append_new(years, yo);
	}
	json_object_set_new(o, "years", years);
	json_object_set_new(o, "project_cost_total_yen", r->has_money ? json_integer(r->project_cost_total_yen) : json_null());
	json_object_set_new(o, "national_share_total_yen",
			    r->has_money ? json_integer(r->national_share_total_yen) : json_null());
	json_object_set_new(o, "local_share_total_yen", r->has_money ? json_integer(r->local_share_total_yen) : json_null());
	json_object_set_new(o, "total_cap_yen", r->has_total_cap ? json_integer(r->total_cap_yen) : json_null());
	json_t *lim = json_object();
	json_object_set_new(lim, "form", r->rules ? json_string(promo_limit_form_key(r->rules->limit_form)) : json_null());
	json_object_set_new(lim, "counted", json_boolean(r->limit.counted));
	json_object_set_new(lim, "why", str_or_null(r->limit.why));
	json_object_set_new(lim, "checked", json_boolean(r->limit.checked));
	if (r->limit.checked) {
		json_object_set_new(lim, "new_projects", json_integer((json_int_t)r->limit.n_counted));
		json_object_set_new(lim, "koiki", json_integer((json_int_t)r->limit.n_koiki));
		json_object_set_new(lim, "non_koiki", json_integer((json_int_t)r->limit.n_non_koiki));
		bool within = r->rules->limit_form == PROMO_LIMIT_WITHIN_TOTAL;
		json_object_set_new(lim, within ? "max_total" : "max_base", json_integer(r->limit.max_first));
		json_object_set_new(lim, within ? "max_koiki_within" : "max_koiki_additional", json_integer(r->limit.max_koiki));
	}
	json_object_set_new(o, "limit", lim);
	json_object_set_new(o, "errors", json_diags(&r->diags, DIAG_ERROR));
	json_object_set_new(o, "warnings", json_diags(&r->diags, DIAG_WARNING));
	json_object_set_new(o, "trace", json_trace(r->trace, r->n_trace));
	json_object_set_new(o, "info", json_diags(&r->diags, DIAG_INFO));
	json_object_set_new(o, "file", str_or_null(p->label));
	return o;
}
