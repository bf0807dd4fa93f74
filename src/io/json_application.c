/* json_application.c — application decoder; see json_application.h. */
#include "json_application.h"

#include <stdio.h>
#include <string.h>

#include "../core/money.h"
#include "json_decode.h"

typedef json_dec dec;

/* String member; NULL when absent/null (reported when required). */
static const char *get_str(dec *x, const jv *obj, const char *key, const char *path, bool required)
{
	const jv *v = jv_get(obj, key);
	const char *p = json_dec_sub(x, path, key);
	if (v == NULL || jv_is_null(v)) {
		if (required)
			json_dec_missing(x, p);
		return NULL;
	}
	if (!jv_is_string(v)) {
		jv_dec_type_error(x, p, "文字列", v);
		return NULL;
	}
	return v->u.s; /* the tree lives in x->a (see json_application_decode_jv) */
}

static bool get_bool(dec *x, const jv *obj, const char *key, const char *path, bool required, bool *out, bool *present)
{
	const jv *v = jv_get(obj, key);
	const char *p = json_dec_sub(x, path, key);
	if (present)
		*present = false;
	if (v == NULL || jv_is_null(v)) {
		if (required)
			json_dec_missing(x, p);
		return false;
	}
	if (!jv_is_boolean(v)) {
		jv_dec_type_error(x, p, "真偽値（true/false）", v);
		return false;
	}
	*out = jv_is_true(v);
	if (present)
		*present = true;
	return true;
}

/* Amount: integer yen, or a string in 円/千円/万円/億円 notation. */
static bool amount_value(dec *x, const jv *v, const char *p, int64_t *out)
{
	int64_t yen = 0;
	if (jv_is_integer(v)) {
		yen = v->u.i;
		if (yen < 0) {
			diag_add(x->d, DIAG_ERROR, "AMOUNT_NEGATIVE", p, "金額が負です（%lld）", (long long)yen);
			return false;
		}
	} else if (jv_is_real(v)) {
		diag_add(x->d, DIAG_ERROR, "AMOUNT_NOT_INTEGER", p, "金額は1円単位の整数で入力してください（%g）",
			 v->u.d);
		return false;
	} else if (jv_is_string(v)) {
		money_err e = money_parse(v->u.s, &yen);
		if (e != MONEY_OK) {
			diag_add(x->d, DIAG_ERROR, e == MONEY_ERR_NEGATIVE ? "AMOUNT_NEGATIVE" : "AMOUNT_INVALID", p,
				 "「%s」: %s", v->u.s, money_strerror(e));
			return false;
		}
	} else {
		jv_dec_type_error(x, p, "金額（整数の円、または「179,293千円」のような文字列）", v);
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

static bool get_amount(dec *x, const jv *obj, const char *key, const char *path, bool required, int64_t *out)
{
	const jv *v = jv_get(obj, key);
	const char *p = json_dec_sub(x, path, key);
	*out = 0;
	if (v == NULL || jv_is_null(v)) {
		if (required)
			json_dec_missing(x, p);
		return false;
	}
	return amount_value(x, v, p, out);
}

static bool get_fiscal_year(dec *x, const jv *obj, const char *key, const char *path, bool required, int *out)
{
	const jv *v = jv_get(obj, key);
	const char *p = json_dec_sub(x, path, key);
	if (v == NULL || jv_is_null(v)) {
		if (required)
			json_dec_missing(x, p);
		return false;
	}
	if (!jv_is_integer(v)) {
		jv_dec_type_error(x, p, "年度（西暦の整数、例: 2023）", v);
		return false;
	}
	int64_t y = v->u.i;
	if (y < 1989 || y > 2100) {
		diag_add(x->d, DIAG_ERROR, "FISCAL_YEAR_RANGE", p, "年度 %lld は範囲外です（西暦で、例: 2023）", (long long)y);
		return false;
	}
	*out = (int)y;
	return true;
}

/* Array member; NULL when absent/null. */
static const jv *get_array(dec *x, const jv *obj, const char *key, const char *path, bool required)
{
	const jv *v = jv_get(obj, key);
	if (v == NULL || jv_is_null(v)) {
		if (required)
			json_dec_missing(x, json_dec_sub(x, path, key));
		return NULL;
	}
	if (!jv_is_array(v)) {
		jv_dec_type_error(x, json_dec_sub(x, path, key), "配列", v);
		return NULL;
	}
	return v;
}

static const jv *get_object(dec *x, const jv *obj, const char *key, const char *path)
{
	const jv *v = jv_get(obj, key);
	if (v == NULL || jv_is_null(v))
		return NULL;
	if (!jv_is_object(v)) {
		jv_dec_type_error(x, json_dec_sub(x, path, key), "オブジェクト", v);
		return NULL;
	}
	return v;
}

/* Array of strings into *out / *n. */
static void get_strings(dec *x, const jv *obj, const char *key, const char *path, bool required, const char ***out,
			size_t *n)
{
	const jv *arr = get_array(x, obj, key, path, required);
	*out = NULL;
	*n = 0;
	if (arr == NULL)
		return;
	const char *p = json_dec_sub(x, path, key);
	*out = arena_alloc(x->a, (arr->n + 1) * sizeof(char *));
	if (*out == NULL)
		return;
	size_t i;
	const jv *v;
	for (i = 0; i < arr->n && (v = arr->u.items[i], true); i++) {
		if (!jv_is_string(v)) {
			jv_dec_type_error(x, json_dec_idx(x, p, i), "文字列", v);
			continue;
		}
		(*out)[(*n)++] = v->u.s;
	}
}

/* Element i of an array that must be an object; NULL (reported) otherwise. */
static const jv *elem_object(dec *x, const jv *v, const char *p)
{
	if (!jv_is_object(v)) {
		jv_dec_type_error(x, p, "オブジェクト", v);
		return NULL;
	}
	return v;
}

static void decode_services(dec *x, const jv *root, application *app)
{
	static const char *const service_keys[] = { "name", "model", "target", "area", "cost_items", NULL };
	static const char *const item_keys[] = { "category", "description", "amount_yen", "eligible", NULL };
	const jv *arr = get_array(x, root, "services", "", true);
	if (arr == NULL)
		return;
	app->services = arena_alloc(x->a, (arr->n + 1) * sizeof(app_service));
	size_t i;
	const jv *sv;
	for (i = 0; i < arr->n && (sv = arr->u.items[i], true); i++) {
		const char *p = json_dec_idx(x, "services", i);
		if (elem_object(x, sv, p) == NULL)
			continue;
		jv_dec_only_keys(x, sv, p, service_keys);
		app_service *s = &app->services[app->n_services++];
		s->name = get_str(x, sv, "name", p, true);
		s->model = get_str(x, sv, "model", p, false);
		s->target = get_str(x, sv, "target", p, false);
		s->area = get_str(x, sv, "area", p, false);
		const jv *items = get_array(x, sv, "cost_items", p, true);
		if (items == NULL)
			continue;
		s->cost_items = arena_alloc(x->a, (items->n + 1) * sizeof(app_cost_item));
		const char *ip = json_dec_sub(x, p, "cost_items");
		size_t j;
		const jv *iv;
		for (j = 0; j < items->n && (iv = items->u.items[j], true); j++) {
			const char *cp = json_dec_idx(x, ip, j);
			if (elem_object(x, iv, cp) == NULL)
				continue;
			jv_dec_only_keys(x, iv, cp, item_keys);
			app_cost_item *c = &s->cost_items[s->n_cost_items++];
			c->category = get_str(x, iv, "category", cp, true);
			c->description = get_str(x, iv, "description", cp, false);
			get_amount(x, iv, "amount_yen", cp, true, &c->amount_yen);
			c->eligible = true;
			get_bool(x, iv, "eligible", cp, false, &c->eligible, NULL);
		}
	}
}

static void decode_kpi_point(dec *x, const jv *v, const char *p, app_kpi_point *pt)
{
	static const char *const keys[] = { "fiscal_year", "value", NULL };
	if (v == NULL || jv_is_null(v))
		return;
	if (elem_object(x, v, p) == NULL)
		return;
	jv_dec_only_keys(x, v, p, keys);
	pt->present = true;
	pt->has_fiscal_year = get_fiscal_year(x, v, "fiscal_year", p, false, &pt->fiscal_year);
	const jv *val = jv_get(v, "value");
	if (val != NULL && !jv_is_null(val)) {
		if (jv_is_number(val))
			pt->has_value = true;
		else
			jv_dec_type_error(x, json_dec_sub(x, p, "value"), "数値", val);
	}
}

static void decode_kpis(dec *x, const jv *root, application *app)
{
	static const char *const keys[] = { "name", "unit", "baseline", "targets", NULL };
	const jv *arr = get_array(x, root, "kpis", "", false);
	if (arr == NULL)
		return;
	app->has_kpis = true;
	app->kpis = arena_alloc(x->a, (arr->n + 1) * sizeof(app_kpi));
	size_t i;
	const jv *kv;
	for (i = 0; i < arr->n && (kv = arr->u.items[i], true); i++) {
		const char *p = json_dec_idx(x, "kpis", i);
		if (elem_object(x, kv, p) == NULL)
			continue;
		jv_dec_only_keys(x, kv, p, keys);
		app_kpi *k = &app->kpis[app->n_kpis++];
		k->name = get_str(x, kv, "name", p, true);
		k->unit = get_str(x, kv, "unit", p, false);
		decode_kpi_point(x, jv_get(kv, "baseline"), json_dec_sub(x, p, "baseline"), &k->baseline);
		const jv *targets = get_array(x, kv, "targets", p, false);
		if (targets == NULL)
			continue;
		k->targets = arena_alloc(x->a, (targets->n + 1) * sizeof(app_kpi_point));
		const char *tp = json_dec_sub(x, p, "targets");
		size_t j;
		const jv *tv;
		for (j = 0; j < targets->n && (tv = targets->u.items[j], true); j++) {
			if (jv_is_null(tv)) {
				jv_dec_type_error(x, json_dec_idx(x, tp, j), "オブジェクト", tv);
				continue;
			}
			decode_kpi_point(x, tv, json_dec_idx(x, tp, j), &k->targets[k->n_targets++]);
		}
	}
}

static void decode_consortium(dec *x, const jv *root, application *app)
{
	static const char *const keys[] = { "name", "kind", "role", NULL };
	const jv *arr = get_array(x, root, "consortium", "", false);
	if (arr == NULL)
		return;
	app->has_consortium = true;
	app->consortium = arena_alloc(x->a, (arr->n + 1) * sizeof(app_member));
	size_t i;
	const jv *mv;
	for (i = 0; i < arr->n && (mv = arr->u.items[i], true); i++) {
		const char *p = json_dec_idx(x, "consortium", i);
		if (elem_object(x, mv, p) == NULL)
			continue;
		jv_dec_only_keys(x, mv, p, keys);
		app_member *m = &app->consortium[app->n_consortium++];
		m->name = get_str(x, mv, "name", p, true);
		m->kind = get_str(x, mv, "kind", p, false);
		m->role = get_str(x, mv, "role", p, false);
	}
}

static void decode_running_costs(dec *x, const jv *root, application *app)
{
	static const char *const keys[] = { "fiscal_year", "amount_yen", "source", NULL };
	const jv *arr = get_array(x, root, "running_costs", "", false);
	if (arr == NULL)
		return;
	app->has_running_costs = true;
	app->running_costs = arena_alloc(x->a, (arr->n + 1) * sizeof(app_running_cost));
	size_t i;
	const jv *rv;
	for (i = 0; i < arr->n && (rv = arr->u.items[i], true); i++) {
		const char *p = json_dec_idx(x, "running_costs", i);
		if (elem_object(x, rv, p) == NULL)
			continue;
		jv_dec_only_keys(x, rv, p, keys);
		app_running_cost *rc = &app->running_costs[app->n_running_costs++];
		rc->has_fiscal_year = get_fiscal_year(x, rv, "fiscal_year", p, true, &rc->fiscal_year);
		get_amount(x, rv, "amount_yen", p, true, &rc->amount_yen);
		rc->source = get_str(x, rv, "source", p, false);
	}
}

static void decode_pdca(dec *x, const jv *root, application *app)
{
	static const char *const keys[] = { "frequency", "external_evaluation", "method", NULL };
	const jv *o = get_object(x, root, "pdca", "");
	if (o == NULL)
		return;
	jv_dec_only_keys(x, o, "pdca", keys);
	app->pdca.present = true;
	app->pdca.frequency = get_str(x, o, "frequency", "pdca", false);
	app->pdca.method = get_str(x, o, "method", "pdca", false);
	get_bool(x, o, "external_evaluation", "pdca", false, &app->pdca.external_evaluation, NULL);
}

static void decode_data_platform(dec *x, const jv *root, application *app)
{
	static const char *const keys[] = { "policy", "services_linked", NULL };
	const jv *o = get_object(x, root, "data_platform", "");
	if (o == NULL)
		return;
	jv_dec_only_keys(x, o, "data_platform", keys);
	app->data_platform.present = true;
	const char *policy = get_str(x, o, "policy", "data_platform", true);
	if (policy != NULL) {
		if (dp_policy_from_key(policy, &app->data_platform.policy))
			app->data_platform.has_policy = true;
		else
			diag_add(x->d, DIAG_ERROR, "ENUM_INVALID", "data_platform.policy",
				 "整備方針「%s」は existing_open, existing_open_with_broker, new_with_broker, new_without_broker のいずれかです",
				 policy);
	}
	get_strings(x, o, "services_linked", "data_platform", false, &app->data_platform.services_linked,
		    &app->data_platform.n_services_linked);
}

static void decode_mynumber_card(dec *x, const jv *root, application *app)
{
	static const char *const keys[] = { "new_uses", "application_rate", "rate_as_of", NULL };
	const jv *o = get_object(x, root, "mynumber_card", "");
	if (o == NULL)
		return;
	app_mynumber_card *c = &app->mynumber_card;
	jv_dec_only_keys(x, o, "mynumber_card", keys);
	c->present = true;
	get_strings(x, o, "new_uses", "mynumber_card", false, &c->new_uses, &c->n_new_uses);
	const jv *rate = jv_get(o, "application_rate");
	if (rate != NULL && !jv_is_null(rate)) {
		if (!jv_is_string(rate)) {
			jv_dec_type_error(x, "mynumber_card.application_rate", "小数の文字列（例: \"0.72\"）", rate);
		} else if (!fraction_parse_decimal(rate->u.s, &c->application_rate) ||
			   fraction_cmp(c->application_rate, (fraction){ 1, 1 }) > 0) {
			diag_add(x->d, DIAG_ERROR, "RATE_INVALID", "mynumber_card.application_rate",
				 "申請率「%s」は0〜1の小数の文字列で入力してください（例: \"0.72\"）", rate->u.s);
		} else {
			c->has_rate = true;
			c->application_rate_text = rate->u.s;
		}
	}
	const char *asof = get_str(x, o, "rate_as_of", "mynumber_card", false);
	if (asof != NULL) {
		if (date_parse_iso(asof, &c->rate_as_of))
			c->has_rate_as_of = true;
		else
			diag_add(x->d, DIAG_ERROR, "DATE_INVALID", "mynumber_card.rate_as_of",
				 "日付「%s」は YYYY-MM-DD 形式の実在する日付で入力してください", asof);
	}
}

static void decode_named_amounts(dec *x, const jv *o, const char *key, const char *amount_key, app_named_amount **out,
				 size_t *n)
{
	const char *const keys[] = { "name", amount_key, NULL };
	const jv *arr = get_array(x, o, key, "telework", false);
	if (arr == NULL)
		return;
	const char *ap = json_dec_sub(x, "telework", key);
	*out = arena_alloc(x->a, (arr->n + 1) * sizeof(app_named_amount));
	size_t i;
	const jv *v;
	for (i = 0; i < arr->n && (v = arr->u.items[i], true); i++) {
		const char *p = json_dec_idx(x, ap, i);
		if (elem_object(x, v, p) == NULL)
			continue;
		jv_dec_only_keys(x, v, p, keys);
		app_named_amount *na = &(*out)[(*n)++];
		na->name = get_str(x, v, "name", p, true);
		get_amount(x, v, amount_key, p, true, &na->amount_yen);
	}
}

static void decode_telework(dec *x, const jv *root, application *app)
{
	static const char *const keys[] = { "facilities", "promotion_cost_yen", "companies", "settlement_projects", NULL };
	static const char *const fkeys[] = { "kind", "name", "cost_yen", NULL };
	const jv *o = get_object(x, root, "telework", "");
	if (o == NULL)
		return;
	app_telework *t = &app->telework;
	jv_dec_only_keys(x, o, "telework", keys);
	t->present = true;
	const jv *arr = get_array(x, o, "facilities", "telework", false);
	if (arr != NULL) {
		t->facilities = arena_alloc(x->a, (arr->n + 1) * sizeof(app_tw_facility));
		size_t i;
		const jv *fv;
		for (i = 0; i < arr->n && (fv = arr->u.items[i], true); i++) {
			const char *p = json_dec_idx(x, "telework.facilities", i);
			if (elem_object(x, fv, p) == NULL)
				continue;
			jv_dec_only_keys(x, fv, p, fkeys);
			const char *kind = get_str(x, fv, "kind", p, true);
			tw_facility_kind k;
			if (kind != NULL && !tw_facility_kind_from_key(kind, &k)) {
				diag_add(x->d, DIAG_ERROR, "ENUM_INVALID", json_dec_sub(x, p, "kind"),
					 "施設の種類「%s」は municipal, private_support, existing_expansion のいずれかです", kind);
				continue;
			}
			if (kind == NULL)
				continue;
			app_tw_facility *f = &t->facilities[t->n_facilities++];
			f->kind = k;
			f->name = get_str(x, fv, "name", p, false);
			get_amount(x, fv, "cost_yen", p, true, &f->cost_yen);
		}
	}
	t->has_promotion_cost = get_amount(x, o, "promotion_cost_yen", "telework", false, &t->promotion_cost_yen);
	decode_named_amounts(x, o, "companies", "support_yen", &t->companies, &t->n_companies);
	decode_named_amounts(x, o, "settlement_projects", "cost_yen", &t->settlement_projects, &t->n_settlement_projects);
}

static void decode_declarations(dec *x, const jv *root, application *app)
{
	const jv *o = get_object(x, root, "declarations", "");
	if (o == NULL)
		return;
	app->has_declarations = true;
	for (size_t m = 0; m < o->n; m++) {
		const char *key = o->u.members[m].key;
		const jv *v = o->u.members[m].val;
		declaration_id d;
		const char *p = json_dec_sub(x, "declarations", key);
		if (!declaration_from_key(key, &d)) {
			diag_add(x->d, DIAG_ERROR, "UNKNOWN_KEY", p,
				 "未知の項目「%s」です（綴りを確認してください。未知の項目は受け付けません）", key);
			continue;
		}
		if (jv_is_null(v))
			continue;
		if (!jv_is_boolean(v)) {
			jv_dec_type_error(x, p, "真偽値（true/false）", v);
			continue;
		}
		app->declaration_answered[d] = true;
		app->declaration[d] = jv_is_true(v);
	}
}

int json_application_decode_jv(const jv *root, arena *a, application *app, diag_list *diags)
{
	static const char *const top_keys[] = { "format",     "round",         "menu",         "applicant", "title",
						"fields",     "summary",       "services",     "kpis",      "consortium",
						"running_costs", "pdca",       "data_platform", "mynumber_card",
						"telework",   "declarations",  NULL };
	dec x = { a, diags };
	size_t before = diags->len;
	if (!jv_is_object(root)) {
		diag_add(diags, DIAG_ERROR, "TYPE_MISMATCH", "",
			 "申請書はJSONオブジェクト（{…}）であるべきところが%sです", jv_kind_label(root));
		return 0;
	}
	jv_dec_only_keys(&x, root, "", top_keys);
	const char *format = get_str(&x, root, "format", "", true);
	if (format != NULL && strcmp(format, APPLICATION_FORMAT) != 0)
		diag_add(diags, DIAG_ERROR, "FORMAT_UNKNOWN", "format", "形式「%s」には対応していません（%s のみ）", format,
			 APPLICATION_FORMAT);
	app->round = get_str(&x, root, "round", "", true);
	app->menu = get_str(&x, root, "menu", "", true);
	const jv *applicant = jv_get(root, "applicant");
	if (applicant == NULL || jv_is_null(applicant)) {
		json_dec_missing(&x, "applicant");
	} else if (!jv_is_object(applicant)) {
		jv_dec_type_error(&x, "applicant", "オブジェクト", applicant);
	} else {
		static const char *const akeys[] = { "code", "name", NULL };
		jv_dec_only_keys(&x, applicant, "applicant", akeys);
		app->applicant_code = get_str(&x, applicant, "code", "applicant", true);
	}
	app->title = get_str(&x, root, "title", "", true);
	app->summary = get_str(&x, root, "summary", "", false);
	get_strings(&x, root, "fields", "", false, &app->fields, &app->n_fields);
	for (size_t i = 0; i < app->n_fields; i++)
		if (field_label(app->fields[i]) == NULL)
			diag_add(diags, DIAG_ERROR, "FIELD_UNKNOWN", json_dec_idx(&x, "fields", i),
				 "事業分野「%s」はありません（administration, resident_services, education, culture_sports, "
				 "medical_welfare, childcare, transport_logistics, disaster_infrastructure, agriculture, "
				 "industry, tourism, other）",
				 app->fields[i]);
	decode_services(&x, root, app);
	decode_kpis(&x, root, app);
	decode_consortium(&x, root, app);
	decode_running_costs(&x, root, app);
	decode_pdca(&x, root, app);
	decode_data_platform(&x, root, app);
	decode_mynumber_card(&x, root, app);
	decode_telework(&x, root, app);
	decode_declarations(&x, root, app);
	(void)before;
	return 0;
}

json_t *json_parse_text(const char *text, size_t len, char *err, size_t errlen)
{
	json_error_t je;
	/* a UTF-8 byte-order mark (Windows editors write one) is not part of the JSON */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	size_t blank = 0; /* within len: the text need not be NUL-terminated */
	while (blank < len && (text[blank] == ' ' || text[blank] == '\t' || text[blank] == '\r' || text[blank] == '\n'))
		blank++;
	if (blank == len) {
		snprintf(err, errlen, "ファイルが空です（申請書のJSONがありません）");
		return NULL;
	}
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		const char *what;
		switch (json_error_code(&je)) {
		case json_error_invalid_utf8: what = "UTF-8として不正なバイトがあります"; break;
		case json_error_numeric_overflow: what = "数値が大きすぎます（64ビット整数の範囲外）"; break;
		case json_error_duplicate_key: what = "同じ項目が2回あります"; break;
		case json_error_premature_end_of_input: what = "JSONが途中で終わっています"; break;
		case json_error_end_of_input_expected: what = "JSONの後ろに余分な文字があります"; break;
		case json_error_null_character: what = "NUL文字を含んでいます"; break;
		case json_error_stack_overflow: what = "入れ子が深すぎます"; break;
		default: what = "JSONとして読めません"; break;
		}
		snprintf(err, errlen, "%d行 %d列: %s（%s）", je.line, je.column, what, je.text);
	}
	return root;
}

int json_application_decode(json_t *root, arena *a, application *app, diag_list *diags)
{
	jv *tree = jv_from_json(root, a);
	if (tree == NULL)
		return -1;
	return json_application_decode_jv(tree, a, app, diags);
}

/* BOM and blank input as json_parse_text() treats them; text and len advanced past a
 * BOM. Returns false (err written) for blank input. */
static bool not_blank(const char **text, size_t *len, char *err, size_t errlen)
{
	if (*len >= 3 && memcmp(*text, "\xEF\xBB\xBF", 3) == 0) {
		*text += 3;
		*len -= 3;
	}
	size_t blank = 0;
	while (blank < *len && ((*text)[blank] == ' ' || (*text)[blank] == '\t' || (*text)[blank] == '\r' ||
				(*text)[blank] == '\n'))
		blank++;
	if (blank == *len) {
		snprintf(err, errlen, "ファイルが空です（申請書のJSONがありません）");
		return false;
	}
	return true;
}

int json_application_parse(const char *text, size_t len, arena *a, jv **out, char *err, size_t errlen)
{
	const char *t = text;
	size_t n = len;
	if (!not_blank(&t, &n, err, errlen))
		return 1;
	int rc = jv_parse(t, n, a, out);
	if (rc != 1)
		return rc;
	/* outside the fast parser's subset: jansson has the last word, and the message */
	json_t *root = json_parse_text(text, len, err, errlen);
	if (root == NULL)
		return 1;
	*out = jv_from_json(root, a);
	json_decref(root);
	return *out ? 0 : -1;
}

int json_application_scan(const char *text, size_t len, arena *a, json_app_key *out, char *err, size_t errlen)
{
	*out = (json_app_key){ NULL, NULL, NULL };
	const char *t = text;
	size_t n = len;
	if (!not_blank(&t, &n, err, errlen))
		return 1;
	jv_scan_want want = { .object = "applicant", .keys = { "round", "menu", "code" }, .in_object = { false, false, true } };
	int rc = jv_scan(t, n, a, &want);
	if (rc == 0) {
		*out = (json_app_key){ want.values[0], want.values[1], want.values[2] };
		return 0;
	}
	if (rc < 0)
		return rc;
	/* outside the fast parser's subset: the whole parse, jansson's verdict */
	jv *root;
	rc = json_application_parse(text, len, a, &root, err, errlen);
	if (rc != 0 || !jv_is_object(root))
		return rc;
	const jv *v = jv_get(root, "round"), *m = jv_get(root, "menu"), *ap = jv_get(root, "applicant");
	const jv *code = ap && jv_is_object(ap) ? jv_get(ap, "code") : NULL;
	*out = (json_app_key){ v && jv_is_string(v) ? v->u.s : NULL, m && jv_is_string(m) ? m->u.s : NULL,
			       code && jv_is_string(code) ? code->u.s : NULL };
	return 0;
}
