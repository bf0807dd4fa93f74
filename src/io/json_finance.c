/* json_finance.c — JSON inputs and outputs of the 総務省 calculators and of the
 * デジタル専門人材派遣 check; see json_finance.h. The decoders stop at the first problem
 * (longjmp out of the nested readers to finance_decode / dispatch_decode, which leave
 * the message, its path and the "LABEL: path: message" line in a finance_err). */
#include "json_finance.h"

#include "json_decode.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/fiscal.h"
#include "../core/keys.h"
#include "catalog.h"
#include "dispatch_rules.h"
#include "json_strict.h"
#include "mic_rules.h"
#include "readfile.h"

/* ---- input decoding: every problem is "LABEL: path: message" ------------------------------ */

typedef struct in_ctx {
	const char *file; /* label of the input (NULL: none) */
	arena *a;
	finance_err *err;
	jmp_buf fail;
} in_ctx;

__attribute__((noreturn, format(printf, 3, 4))) static void bad(in_ctx *x, const char *path, const char *fmt, ...)
{
	char msg[700];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	finance_err *e = x->err;
	const char *where = path[0] ? path : "(入力全体)";
	if (x->file)
		snprintf(e->text, sizeof e->text, "%s: %s: %s", x->file, where, msg);
	else
		snprintf(e->text, sizeof e->text, "%s: %s", where, msg);
	snprintf(e->path, sizeof e->path, "%s", path);
	snprintf(e->message, sizeof e->message, "%s", msg);
	longjmp(x->fail, 1);
}

static const char *sub(in_ctx *x, const char *parent, const char *key)
{
	return parent[0] ? arena_printf(x->a, "%s.%s", parent, key) : key;
}

static void keys_only(in_ctx *x, json_t *o, const char *path, const char *const *allowed)
{
	if (!json_is_object(o))
		bad(x, path, "オブジェクトであるべきです");
	const char *k = js_unknown_key(o, allowed);
	if (k != NULL)
		bad(x, sub(x, path, k), "未知の項目です");
}

/* o.key when it is there and not null, else NULL; a missing required value fails
 * with missing. *p (may be NULL) gets the value's path. */
static json_t *field(in_ctx *x, json_t *o, const char *key, const char *path, bool required, const char *missing,
		     const char **p)
{
	json_t *v = json_object_get(o, key);
	if (v == NULL || json_is_null(v)) {
		if (required)
			bad(x, sub(x, path, key), "%s", missing);
		return NULL;
	}
	if (p != NULL)
		*p = sub(x, path, key);
	return v;
}

/* o.key as an object with no key outside keys; NULL when it is absent or null. */
static json_t *get_obj(in_ctx *x, json_t *o, const char *key, const char *path, const char *const *keys)
{
	const char *p;
	json_t *v = field(x, o, key, path, false, NULL, &p);
	if (v != NULL)
		keys_only(x, v, p, keys);
	return v;
}

static bool get_yen(in_ctx *x, json_t *o, const char *key, const char *path, bool required, int64_t *out)
{
	const char *p;
	json_t *v = field(x, o, key, path, required, "必須項目がありません（金額）", &p);
	if (v == NULL)
		return false;
	if (json_is_integer(v)) {
		*out = json_integer_value(v);
	} else if (json_is_string(v)) {
		money_err e = money_parse(json_string_value(v), out);
		if (e != MONEY_OK)
			bad(x, p, "%s", money_strerror(e));
	} else {
		bad(x, p, "円の整数か \"1億円\" のような金額であるべきです");
	}
	if (*out < 0)
		bad(x, p, "金額が負です");
	if (*out > MONEY_ABSURD_YEN)
		bad(x, p, "1兆円を超える金額は誤りとして扱います");
	return true;
}

static bool get_int(in_ctx *x, json_t *o, const char *key, const char *path, bool required, int64_t lo, int64_t hi, int64_t *out)
{
	const char *p;
	json_t *v = field(x, o, key, path, required, "必須項目がありません（整数）", &p);
	if (v == NULL)
		return false;
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		bad(x, p, "%lld以上%lld以下の整数であるべきです", (long long)lo, (long long)hi);
	*out = json_integer_value(v);
	return true;
}

static fin_tri get_tri(in_ctx *x, json_t *o, const char *key, const char *path)
{
	json_t *v = json_object_get(o, key);
	if (v == NULL || json_is_null(v))
		return TRI_UNKNOWN;
	if (!json_is_boolean(v))
		bad(x, sub(x, path, key), "true か false であるべきです");
	return json_is_true(v) ? TRI_YES : TRI_NO;
}

static const char *get_str(in_ctx *x, json_t *o, const char *key, const char *path, bool required)
{
	const char *p;
	json_t *v = field(x, o, key, path, required, "必須項目がありません", &p);
	if (v == NULL)
		return NULL;
	if (!json_is_string(v) || json_string_length(v) == 0)
		bad(x, p, "空でない文字列であるべきです");
	return arena_strdup(x->a, json_string_value(v));
}

/* An organization: "042072", 42072 (six digits with the leading zero lost), or {"code": …}. */
static const char *get_code(in_ctx *x, json_t *o, const char *key, const char *path, bool required)
{
	const char *p;
	json_t *v = field(x, o, key, path, required, "必須項目がありません（団体コード）", &p);
	if (v == NULL)
		return NULL;
	if (json_is_object(v)) {
		static const char *const keys[] = { "code", "name", NULL };
		keys_only(x, v, p, keys);
		return get_code(x, v, "code", p, true);
	}
	if (json_is_integer(v) && json_integer_value(v) >= 10000 && json_integer_value(v) <= 999999)
		return arena_printf(x->a, "%06lld", (long long)json_integer_value(v));
	if (!json_is_string(v))
		bad(x, p, "団体コード（6桁の文字列）であるべきです");
	return arena_strdup(x->a, json_string_value(v));
}

static bool get_fy(in_ctx *x, json_t *o, const char *key, const char *path, bool required, int *out)
{
	const char *p;
	json_t *v = field(x, o, key, path, required, "必須項目がありません（年度: 2025 や \"令和7年度\"）", &p);
	if (v == NULL)
		return false;
	int fy = 0;
	if (json_is_integer(v))
		fy = (int)json_integer_value(v);
	else if (!json_is_string(v) || !wareki_parse_fiscal_year(json_string_value(v), &fy))
		bad(x, p, "年度として読めません（2025、\"令和7年度\"、\"R7\" など）");
	if (fy < 1989 || fy > 2100)
		bad(x, p, "年度が範囲外です（1989〜2100）");
	*out = fy;
	return true;
}

static fin_person *get_persons(in_ctx *x, json_t *arr, const char *path, size_t *n, bool with_employment)
{
	static const char *const keys[] = { "name", "cost_yen", "employment", NULL };
	if (!json_is_array(arr))
		bad(x, path, "人の配列であるべきです");
	*n = json_array_size(arr);
	if (*n > 10000)
		bad(x, path, "人数が多すぎます");
	fin_person *p = arena_alloc(x->a, (*n + 1) * sizeof *p);
	if (p == NULL)
		bad(x, path, "メモリが足りません");
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e)
	{
		const char *ep = arena_printf(x->a, "%s[%zu]", path, i);
		keys_only(x, e, ep, keys);
		p[i].name = get_str(x, e, "name", ep, false);
		get_yen(x, e, "cost_yen", ep, true, &p[i].cost_yen);
		const char *emp = get_str(x, e, "employment", ep, false);
		if (emp && (!with_employment || !fin_employment_from_id(emp, &p[i].employment)))
			bad(x, sub(x, ep, "employment"), with_employment ? "part_time / contract / full_time のどれかであるべきです"
									 : "この計算では使いません");
	}
	return p;
}

/* ---- output ------------------------------------------------------------------------------- */
static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *statuses_json(unsigned st, bool labels)
{
	json_t *a = json_array();
	for (int s = 0; s < FIN_STATUS__MAX; s++)
		if (s != FIN_FINAL && (st >> s) & 1u)
			json_array_append_new(a, json_string(labels ? fin_status_label((fin_status)s) : fin_status_id((fin_status)s)));
	return a;
}

static json_t *trace_json(const fin_result *r)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < r->n_trace; i++) {
		const fin_step *t = &r->trace[i];
		json_t *s = json_object();
		json_object_set_new(s, "rule", str_or_null(t->rule));
		json_object_set_new(s, "value", str_or_null(t->value));
		json_object_set_new(s, "source", str_or_null(t->source));
		json_object_set_new(s, "label", str_or_null(t->label));
		json_object_set_new(s, "quote", str_or_null(t->quote));
		json_object_set_new(s, "status", json_string(fin_status_id(t->status)));
		json_object_set_new(s, "reading", json_boolean(t->reading));
		if (t->note)
			json_object_set_new(s, "note", json_string(t->note));
		json_array_append_new(arr, s);
	}
	return arr;
}

void finance_result_into(json_t *o, const fin_result *r)
{
	json_t *fig = json_object(), *det = json_array(), *facts = json_object();
	for (size_t i = 0; i < r->n_figures; i++) {
		const fin_figure *f = &r->figures[i];
		json_object_set_new(fig, f->key, f->present ? json_integer(f->yen) : json_null());
		json_t *d = json_object();
		json_object_set_new(d, "key", json_string(f->key));
		json_object_set_new(d, "label", json_string(f->label));
		json_object_set_new(d, "yen", f->present ? json_integer(f->yen) : json_null());
		json_object_set_new(d, "approximate", json_boolean(f->approximate));
		json_array_append_new(det, d);
	}
	for (size_t i = 0; i < r->n_facts; i++) {
		const fin_fact *f = &r->facts[i];
		json_object_set_new(facts, f->key,
				    f->type == FACT_BOOL   ? json_boolean(f->b)
				    : f->type == FACT_INT  ? json_integer(f->n)
				    : f->type == FACT_TEXT ? json_string(f->text)
							   : json_null());
	}
	json_object_set_new(o, "statuses", statuses_json(r->statuses, false));
	json_object_set_new(o, "status_labels", statuses_json(r->statuses, true));
	json_object_set_new(o, "figures", fig);
	json_object_set_new(o, "figure_details", det);
	json_object_set_new(o, "facts", facts);
	json_object_set_new(o, "errors", json_diags(&r->diags, DIAG_ERROR));
	json_object_set_new(o, "warnings", json_diags(&r->diags, DIAG_WARNING));
	json_object_set_new(o, "info", json_diags(&r->diags, DIAG_INFO));
	json_object_set_new(o, "trace", trace_json(r));
}

static const char *code_of(in_ctx *x, json_t *v, const char *path)
{
	if (json_is_integer(v) && json_integer_value(v) >= 10000 && json_integer_value(v) <= 999999)
		return arena_printf(x->a, "%06lld", (long long)json_integer_value(v));
	if (!json_is_string(v) || json_string_length(v) == 0)
		bad(x, path, "団体コード（6桁の文字列）であるべきです");
	return arena_strdup(x->a, json_string_value(v));
}

static void dec_dx_package(in_ctx *x, json_t *in, fin_dx_package_in *d)
{
	static const char *const keys[] = { "prefecture", "partners", "partner_count", "previously_selected", "previous_partner_count",
					    "project_scale_yen", "note", NULL };
	keys_only(x, in, "", keys);
	get_str(x, in, "note", "", false);
	d->prefecture_code = get_code(x, in, "prefecture", "", true);
	json_t *parr = json_object_get(in, "partners");
	d->has_partner_count = get_int(x, in, "partner_count", "", false, 0, 100000, &d->partner_count);
	if (parr && !json_is_null(parr)) {
		if (d->has_partner_count)
			bad(x, "partner_count", "partners と partner_count はどちらか一方だけを書きます");
		if (!json_is_array(parr))
			bad(x, "partners", "団体コードの配列であるべきです");
		size_t n = json_array_size(parr);
		const char **codes = arena_alloc(x->a, (n + 1) * sizeof *codes);
		if (codes == NULL)
			bad(x, "partners", "メモリが足りません");
		size_t i;
		json_t *e;
		json_array_foreach(parr, i, e) codes[i] = code_of(x, e, arena_printf(x->a, "partners[%zu]", i));
		d->partner_codes = codes;
		d->n_partner_codes = n;
	} else if (!d->has_partner_count) {
		bad(x, "partners", "partners（連携する市区町村の団体コードの配列）か partner_count（数）が必要です");
	}
	d->previously_selected = get_tri(x, in, "previously_selected", "") == TRI_YES;
	d->has_previous_partner_count = get_int(x, in, "previous_partner_count", "", false, 0, 100000, &d->previous_partner_count);
	if (d->previously_selected && !d->has_previous_partner_count)
		bad(x, "previous_partner_count", "過去に選定された地域は、前回の申請で連携した市町村の数が必要です（「過去に申請した際よりも1以上多く」）");
	if (!d->previously_selected && d->has_previous_partner_count)
		bad(x, "previous_partner_count", "previously_selected が true のときだけ書きます");
	d->has_scale = get_yen(x, in, "project_scale_yen", "", false, &d->scale_yen);
}

static void dec_bond_choice(in_ctx *x, json_t *in, const char *key, fin_bond *b)
{
	const char *s = get_str(x, in, key, "", true);
	if (!fin_bond_from_id(s, b))
		bad(x, key, "kaso / hekichi / general_subsidy / public_works / digital_utilization のどれかであるべきです");
}

static void dec_subsidy(in_ctx *x, json_t *in, fin_subsidy_in *d)
{
	static const char *const keys[] = { "applicant", "eligible_cost_yen", "wireless_network", "connected_solution",
					    "consortium_with_local_government", "rental_cloud_years", "bond", "kaso_area",
					    "hekichi_facility", "note", NULL };
	keys_only(x, in, "", keys);
	get_str(x, in, "note", "", false);
	json_t *ap = json_object_get(in, "applicant");
	if (ap == NULL || json_is_null(ap))
		bad(x, "applicant", "必須項目がありません（{\"code\": 団体コード} か {\"kind\": \"private\"}）");
	if (json_is_object(ap) && json_object_get(ap, "kind")) {
		static const char *const pk[] = { "kind", "name", NULL };
		keys_only(x, ap, "applicant", pk);
		const char *kind = get_str(x, ap, "kind", "applicant", true);
		if (strcmp(kind, "private") != 0)
			bad(x, "applicant.kind", "\"private\"（企業・団体など）だけを書けます。地方公共団体は code で");
		get_str(x, ap, "name", "applicant", false);
		d->private_applicant = true;
	} else {
		d->applicant_code = get_code(x, in, "applicant", "", true);
	}
	get_yen(x, in, "eligible_cost_yen", "", true, &d->eligible_yen);
	d->wireless_network = get_tri(x, in, "wireless_network", "");
	d->connected_solution = get_tri(x, in, "connected_solution", "");
	d->consortium_with_local_government = get_tri(x, in, "consortium_with_local_government", "");
	if (!d->private_applicant && d->consortium_with_local_government != TRI_UNKNOWN)
		bad(x, "consortium_with_local_government", "企業・団体などが実施主体のときだけ書きます");
	d->has_rental_years = get_int(x, in, "rental_cloud_years", "", false, 0, 100, &d->rental_years);
	if (json_object_get(in, "bond")) {
		d->has_bond = true;
		dec_bond_choice(x, in, "bond", &d->bond);
	}
	d->kaso_area = get_tri(x, in, "kaso_area", "");
	d->hekichi_facility = get_tri(x, in, "hekichi_facility", "");
}

static void dec_bond(in_ctx *x, json_t *in, fin_bond_in *d)
{
	static const char *const keys[] = { "bond", "issuer", "local_share_yen", "eligible_cost_yen", "project_cost_yen", "fiscal_year",
					    "kaso_area", "hekichi_facility", "note", NULL };
	keys_only(x, in, "", keys);
	get_str(x, in, "note", "", false);
	dec_bond_choice(x, in, "bond", &d->bond);
	d->issuer_code = get_code(x, in, "issuer", "", false);
	d->has_local_share = get_yen(x, in, "local_share_yen", "", false, &d->local_share_yen);
	d->has_eligible = get_yen(x, in, "eligible_cost_yen", "", false, &d->eligible_yen);
	d->has_project = get_yen(x, in, "project_cost_yen", "", false, &d->project_yen);
	int n = (int)d->has_local_share + (int)d->has_eligible + (int)d->has_project;
	if (d->bond == FIN_BOND_DIGITAL) {
		if (!d->has_project || n != 1)
			bad(x, "project_cost_yen", "デジタル活用推進事業債は地方単独事業の事業費（project_cost_yen）だけを書きます");
	} else if (d->has_project || n != 1) {
		bad(x, d->has_project ? "project_cost_yen" : "local_share_yen",
		    "補助事業の地方負担（local_share_yen）か補助対象経費（eligible_cost_yen）のどちらか一方を書きます");
	}
	d->has_fiscal_year = get_fy(x, in, "fiscal_year", "", false, &d->fiscal_year);
	d->kaso_area = get_tri(x, in, "kaso_area", "");
	d->hekichi_facility = get_tri(x, in, "hekichi_facility", "");
	if (d->kaso_area != TRI_UNKNOWN && d->bond != FIN_BOND_KASO)
		bad(x, "kaso_area", "過疎対策事業債（bond: kaso）のときだけ書きます");
	if (d->hekichi_facility != TRI_UNKNOWN && d->bond != FIN_BOND_HEKICHI)
		bad(x, "hekichi_facility", "辺地対策事業債（bond: hekichi）のときだけ書きます");
}

static void dec_special_tax(in_ctx *x, json_t *in, fin_special_tax_in *d)
{
	static const char *const keys[] = { "measure", "organization", "fiscal_year", "persons", "recruitment_cost_yen", "other_cost_yen",
					    "training_cost_yen", "note", NULL };
	keys_only(x, in, "", keys);
	get_str(x, in, "note", "", false);
	const char *m = get_str(x, in, "measure", "", true);
	if (!fin_measure_from_id(m, &d->measure))
		bad(x, "measure", "cio / pref_digital_staff / dx_leader のどれかであるべきです");
	d->org_code = get_code(x, in, "organization", "", true);
	d->org_path = "organization";
	get_fy(x, in, "fiscal_year", "", true, &d->fiscal_year);
	json_t *persons = json_object_get(in, "persons");
	if (persons && !json_is_null(persons)) {
		if (d->measure == FIN_M_DX_LEADER)
			bad(x, "persons", "DX推進リーダーの育成の措置では persons ではなく training_cost_yen を書きます");
		d->persons = get_persons(x, persons, "persons", &d->n_persons, d->measure == FIN_M_PREF_DIGITAL_STAFF);
	}
	d->persons_key = "persons";
	d->path = "";
	d->has_recruitment = get_yen(x, in, "recruitment_cost_yen", "", false, &d->recruitment_yen);
	if (d->has_recruitment && d->measure == FIN_M_DX_LEADER)
		bad(x, "recruitment_cost_yen", "DX推進リーダーの育成の措置には募集経費はありません");
	int64_t other = 0;
	bool has_other = get_yen(x, in, "other_cost_yen", "", false, &other);
	if (has_other && d->measure != FIN_M_PREF_DIGITAL_STAFF)
		bad(x, "other_cost_yen", "市町村支援のデジタル人材（pref_digital_staff）のときだけ書きます");
	int64_t training = 0;
	bool has_training = get_yen(x, in, "training_cost_yen", "", d->measure == FIN_M_DX_LEADER, &training);
	if (has_training && d->measure != FIN_M_DX_LEADER)
		bad(x, "training_cost_yen", "DX推進リーダーの育成（dx_leader）のときだけ書きます");
	d->has_other = has_other || has_training;
	d->other_yen = has_other ? other : training;
	if (d->measure != FIN_M_DX_LEADER && d->n_persons == 0 && !d->has_recruitment && !has_other)
		bad(x, "persons", "人（persons）か募集経費（recruitment_cost_yen）が必要です");
}

static void dec_kigyoujin(in_ctx *x, json_t *in, fin_kigyoujin_in *d)
{
	static const char *const keys[] = { "organization", "fiscal_year", "persons", "cost_yen", "outside_three_metropolitan_areas", "note", NULL };
	keys_only(x, in, "", keys);
	get_str(x, in, "note", "", false);
	d->org_code = get_code(x, in, "organization", "", true);
	d->org_path = "organization";
	d->has_fiscal_year = get_fy(x, in, "fiscal_year", "", false, &d->fiscal_year);
	json_t *persons = json_object_get(in, "persons");
	int64_t cost = 0;
	bool has_cost = get_yen(x, in, "cost_yen", "", false, &cost);
	if (persons && !json_is_null(persons)) {
		if (has_cost)
			bad(x, "cost_yen", "persons と cost_yen はどちらか一方だけを書きます");
		d->persons = get_persons(x, persons, "persons", &d->n_persons, false);
		d->persons_key = "persons";
	} else if (has_cost) {
		fin_person *p = arena_alloc(x->a, sizeof *p);
		if (p == NULL)
			bad(x, "cost_yen", "メモリが足りません");
		p->cost_yen = cost;
		p->path = "cost_yen";
		p->name = "受入れる人材";
		d->persons = p;
		d->n_persons = 1;
	} else {
		bad(x, "persons", "人材の受入に要する経費（persons か cost_yen）が必要です");
	}
	if (d->n_persons == 0)
		bad(x, "persons", "1人以上が必要です");
	d->outside_metro = get_tri(x, in, "outside_three_metropolitan_areas", "");
	d->path = "";
}

/* Runs a decoder with the bad-input exit in place: 0, or -1 with x->err set. */
typedef void (*decoder)(in_ctx *x, json_t *in, void *out);
static int guarded(in_ctx *x, decoder f, json_t *in, void *out)
{
	if (setjmp(x->fail) != 0)
		return -1;
	f(x, in, out);
	return 0;
}
static void dec_dx_package_v(in_ctx *x, json_t *in, void *out) { dec_dx_package(x, in, out); }
static void dec_subsidy_v(in_ctx *x, json_t *in, void *out) { dec_subsidy(x, in, out); }
static void dec_bond_v(in_ctx *x, json_t *in, void *out) { dec_bond(x, in, out); }
static void dec_special_tax_v(in_ctx *x, json_t *in, void *out) { dec_special_tax(x, in, out); }
static void dec_kigyoujin_v(in_ctx *x, json_t *in, void *out) { dec_kigyoujin(x, in, out); }

/* ---- calculators ---------------------------------------------------------------------------- */

static const char *const calc_keys[FINANCE_CALC__MAX] = { "dx-package", "subsidy", "bond", "special-tax", "kigyoujin" };

KEY_TABLE_FUNCS(finance_calc, finance_calc_key, finance_calc_from_key, calc_keys, FINANCE_CALC__MAX)

int finance_rules_load(finance_rules *out, bool with_dispatch, arena *a, char *err, size_t errlen)
{
	if (mic_rules_load_embedded(a, &out->mic, err, errlen) != 0)
		return -1;
	if (with_dispatch) {
		if (dispatch_rules_load_embedded(a, &out->dsp, err, errlen) != 0)
			return -1;
		out->have_dsp = true;
	}
	return 0;
}

int finance_decode(finance_calc c, json_t *input, const char *label, arena *a, finance_input *out, finance_err *err)
{
	static const decoder decs[FINANCE_CALC__MAX] = { dec_dx_package_v, dec_subsidy_v, dec_bond_v, dec_special_tax_v,
							 dec_kigyoujin_v };
	memset(out, 0, sizeof *out);
	memset(err, 0, sizeof *err);
	out->calc = c;
	if ((unsigned)c >= FINANCE_CALC__MAX) {
		snprintf(err->message, sizeof err->message, "未知の計算です");
		snprintf(err->text, sizeof err->text, "%s", err->message);
		return -1;
	}
	in_ctx x = { .file = label, .a = a, .err = err };
	return guarded(&x, decs[c], input, &out->u);
}

int finance_compute(const mic_rules *mr, const org_master *m, const finance_input *in, arena *a, fin_result *out)
{
	switch (in->calc) {
	case FINANCE_DX_PACKAGE: return fin_dx_package(mr, m, &in->u.dx_package, a, out);
	case FINANCE_SUBSIDY: return fin_subsidy(mr, m, &in->u.subsidy, a, out);
	case FINANCE_BOND: return fin_bond_calc(mr, m, &in->u.bond, a, out);
	case FINANCE_SPECIAL_TAX: return fin_special_tax(mr, m, &in->u.special_tax, a, out);
	case FINANCE_KIGYOUJIN: return fin_kigyoujin(mr, m, &in->u.kigyoujin, a, out);
	case FINANCE_CALC__MAX: break;
	}
	return -1;
}

json_t *finance_result_json(const mic_rules *mr, const fin_result *r, const char *file)
{
	json_t *j = json_object();
	json_object_set_new(j, "format", json_string(CALC_RESULT_FORMAT));
	json_object_set_new(j, "calculator", json_string(r->calculator));
	json_object_set_new(j, "title", json_string(r->title));
	json_object_set_new(j, "file", str_or_null(file));
	json_object_set_new(j, "rules", json_string(mr->label));
	json_object_set_new(j, "ok", json_boolean(fin_ok(r)));
	finance_result_into(j, r);
	return j;
}

__attribute__((format(printf, 3, 4))) static void internal(finance_err *err, int *status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	snprintf(err->text, sizeof err->text, "%s", err->message);
	err->path[0] = 0;
	*status = FINANCE_RUN_INTERNAL;
}

/* The run's end when memory ran out: NULL, with the internal error set. */
static json_t *out_of_memory(finance_err *err, int *status)
{
	internal(err, status, "メモリが足りません");
	return NULL;
}

/* The shipped rule sets (with the dispatch rules or not), or NULL with the internal
 * error set. */
static const finance_rules *run_rules(bool with_dispatch, finance_err *err, int *status)
{
	const finance_rules *rules = rules_cache_finance(with_dispatch, err->text, sizeof err->text);
	if (rules == NULL)
		internal(err, status, "規則を読めません: %.600s", err->text);
	return rules;
}

json_t *finance_run_json(const char *calculator, json_t *input, const char *label, const org_master *orgs, arena *a,
			 finance_err *err, int *status)
{
	memset(err, 0, sizeof *err);
	*status = FINANCE_RUN_BAD_INPUT;
	finance_calc c;
	if (!finance_calc_from_key(calculator, &c)) {
		snprintf(err->message, sizeof err->message, "未知の計算「%.100s」です（dx-package, subsidy, bond, special-tax, kigyoujin）",
			 calculator ? calculator : "");
		snprintf(err->text, sizeof err->text, "%s", err->message);
		return NULL;
	}
	/* rule sets and input in the arena: a server thread's stack stays small */
	finance_input *in = arena_alloc(a, sizeof *in);
	fin_result *r = arena_alloc(a, sizeof *r);
	if (in == NULL || r == NULL)
		return out_of_memory(err, status);
	const finance_rules *rules = run_rules(false, err, status);
	if (rules == NULL || finance_decode(c, input, label, a, in, err) != 0)
		return NULL;
	json_t *j = finance_compute(&rules->mic, orgs, in, a, r) == 0 ? finance_result_json(&rules->mic, r, NULL) : NULL;
	if (j == NULL)
		return out_of_memory(err, status);
	*status = fin_ok(r) ? FINANCE_RUN_OK : FINANCE_RUN_RULE_ERRORS;
	return j;
}

/* ---- デジタル専門人材派遣 -------------------------------------------------------------- */


int dsp_populations_load(const char *path, arena *a, dsp_population **out, size_t *n, char *err, size_t errlen)
{
	char *text;
	size_t len;
	*out = NULL;
	*n = 0;
	if (readfile(path, READFILE_MAX_BYTES, &text, &len, err, errlen) != 0)
		return -1;
	size_t cap = 0;
	int line_no = 0, rc = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		line_no++;
		size_t l = strlen(line);
		if (l > 0 && line[l - 1] == '\r')
			line[--l] = 0;
		if (l == 0 || line[0] == '#')
			continue;
		char *tab = strchr(line, '\t');
		if (tab == NULL) {
			snprintf(err, errlen, "%s:%d: 「団体コード<TAB>人口」の形ではありません", path, line_no);
			rc = -1;
			break;
		}
		*tab = 0;
		char *num = tab + 1, *note = strchr(num, '\t');
		if (note)
			*note++ = 0;
		if (orgcode_validate(line) != ORGCODE_OK) {
			snprintf(err, errlen, "%s:%d: 団体コード「%s」が正しくありません", path, line_no, line);
			rc = -1;
			break;
		}
		int64_t v = 0;
		bool digits = false, okv = true;
		for (const char *p = num; *p; p++) {
			if (isdigit((unsigned char)*p)) {
				if (v > (INT64_C(1000000000) - 9) / 10) {
					okv = false;
					break;
				}
				v = v * 10 + (*p - '0');
				digits = true;
			} else if (*p != ',') {
				okv = false;
				break;
			}
		}
		if (!digits || !okv) {
			snprintf(err, errlen, "%s:%d: 人口「%s」は0以上の整数（10億未満）ではありません", path, line_no, num);
			rc = -1;
			break;
		}
		for (size_t k = 0; k < *n; k++)
			if (strcmp((*out)[k].code, line) == 0) {
				snprintf(err, errlen, "%s:%d: 団体コード %s が2回あります", path, line_no, line);
				rc = -1;
				break;
			}
		if (rc != 0)
			break;
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			dsp_population *g = arena_grow(a, *out, *n, nc, sizeof *g);
			if (g == NULL) {
				snprintf(err, errlen, "%s: メモリが足りません", path);
				rc = -1;
				break;
			}
			*out = g;
			cap = nc;
		}
		dsp_population *p = &(*out)[(*n)++];
		memcpy(p->code, line, 7);
		p->value = v;
		p->source = note && note[0] ? arena_printf(a, "%s:%d（%s）", path, line_no, note) : arena_printf(a, "%s:%d", path, line_no);
	}
	free(text);
	return rc;
}

static void dec_dispatch(in_ctx *x, json_t *in, dsp_request *d)
{
	static const char *const keys[] = { "format", "organization", "kind", "menu", "period", "extension", "partner_company",
					    "need", "measures", "note", NULL };
	keys_only(x, in, "", keys);
	get_str(x, in, "note", "", false);
	const char *fmt = get_str(x, in, "format", "", false);
	if (fmt && strcmp(fmt, DISPATCH_FORMAT) != 0)
		bad(x, "format", "\"" DISPATCH_FORMAT "\" であるべきです");
	d->org_code = get_code(x, in, "organization", "", true);
	const char *kind = get_str(x, in, "kind", "", false);
	if (kind && !dsp_kind_from_id(kind, &d->kind))
		bad(x, "kind", "national_official / university_researcher / private_expert / digital_expert のどれかであるべきです");
	d->has_kind = kind != NULL;
	const char *menu = get_str(x, in, "menu", "", false);
	if (menu) {
		if (!dsp_menu_from_id(menu, &d->menu))
			bad(x, "menu", "company_dispatch（企業派遣型） / talent_referral（人材紹介型）のどちらかであるべきです");
		if (!d->has_kind || d->kind != DSP_DIGITAL_EXPERT)
			bad(x, "menu", "menu はデジタル専門人材（kind: digital_expert）のメニューです");
		d->has_menu = true;
	} else if (d->has_kind && d->kind == DSP_DIGITAL_EXPERT) {
		bad(x, "menu", "デジタル専門人材は企業派遣型（company_dispatch）か人材紹介型（talent_referral）かを書きます");
	}
	static const char *const pk[] = { "start", "months", NULL };
	json_t *period = get_obj(x, in, "period", "", pk);
	if (period) {
		const char *start = get_str(x, period, "start", "period", false);
		if (start) {
			int y = 0, mo = 0, dd = 0;
			char tail = 0;
			int k = sscanf(start, "%4d-%2d-%2d%c", &y, &mo, &dd, &tail);
			if (!((k == 2 && strlen(start) == 7) || (k == 3 && strlen(start) == 10)) || y < 1989 || y > 2100 || mo < 1 || mo > 12)
				bad(x, "period.start", "開始年月は \"2024-04\"（または \"2024-04-01\"）の形で書きます");
			d->has_start = true;
			d->start_year = y;
			d->start_month = mo;
		}
		d->has_months = get_int(x, period, "months", "period", false, 1, 600, &d->months);
	}
	static const char *const ek[] = { "months", "agreement", NULL };
	json_t *ext = get_obj(x, in, "extension", "", ek);
	if (ext) {
		d->extension_requested = true;
		d->extension_months = 12;
		get_int(x, ext, "months", "extension", false, 1, 600, &d->extension_months);
		static const char *const ak[] = { "dispatchee", "sending_organization", "recipient", NULL };
		json_t *ag = get_obj(x, ext, "agreement", "extension", ak);
		if (ag) {
			for (int p = 0; p < DSP_PARTY__MAX; p++)
				d->agreement[p] = get_tri(x, ag, dsp_party_id((dsp_party)p), "extension.agreement");
		}
		if (!d->has_months)
			bad(x, "period.months", "延長を判定するには延長前の派遣期間（period.months）が必要です");
	}
	d->partner_company = get_str(x, in, "partner_company", "", false);
	static const char *const nk[] = { "text", "menu", "industry", NULL };
	json_t *need = get_obj(x, in, "need", "", nk);
	if (need) {
		d->has_need = true;
		d->need_text = get_str(x, need, "text", "need", false);
		d->need_industry = get_str(x, need, "industry", "need", false);
		const char *nm = get_str(x, need, "menu", "need", false);
		if (nm && !dsp_menu_from_id(nm, &d->need_menu))
			bad(x, "need.menu", "company_dispatch / talent_referral のどちらかであるべきです");
		d->need_has_menu = nm != NULL;
		if (!d->need_text && !nm && !d->need_industry)
			bad(x, "need", "text・menu・industry のどれかを書きます");
	}
	json_t *ms = json_object_get(in, "measures");
	if (ms && !json_is_null(ms)) {
		static const char *const mk[] = { "id", "fiscal_year", "cost_yen", "recruitment_cost_yen", "others", "employment",
						  "outside_three_metropolitan_areas", NULL };
		if (!json_is_array(ms))
			bad(x, "measures", "支援措置の配列であるべきです");
		size_t n = json_array_size(ms);
		if (n > 100)
			bad(x, "measures", "支援措置が多すぎます");
		dsp_measure_req *q = arena_alloc(x->a, (n + 1) * sizeof *q);
		if (q == NULL)
			bad(x, "measures", "メモリが足りません");
		size_t i;
		json_t *e;
		json_array_foreach(ms, i, e)
		{
			const char *p = arena_printf(x->a, "measures[%zu]", i);
			keys_only(x, e, p, mk);
			const char *id = get_str(x, e, "id", p, true);
			if (!dsp_measure_from_id(id, &q[i].measure))
				bad(x, sub(x, p, "id"), "kigyoujin / cio / pref_digital_staff / digiden_grant のどれかであるべきです");
			dsp_measure m = q[i].measure;
			q[i].has_fiscal_year = get_fy(x, e, "fiscal_year", p, false, &q[i].fiscal_year);
			q[i].has_cost = get_yen(x, e, "cost_yen", p, m != DSP_M_DIGIDEN_GRANT, &q[i].cost_yen);
			if (q[i].has_cost && m == DSP_M_DIGIDEN_GRANT)
				bad(x, sub(x, p, "cost_yen"), "交付金の額はプロジェクトの内容に応じて審査され、ここでは計算しません");
			q[i].has_recruitment = get_yen(x, e, "recruitment_cost_yen", p, false, &q[i].recruitment_yen);
			if (q[i].has_recruitment && m != DSP_M_CIO && m != DSP_M_PREF_DIGITAL_STAFF)
				bad(x, sub(x, p, "recruitment_cost_yen"), "募集経費は cio と pref_digital_staff の措置のものです");
			json_t *others = json_object_get(e, "others");
			if (others && !json_is_null(others)) {
				if (m != DSP_M_CIO && m != DSP_M_PREF_DIGITAL_STAFF)
					bad(x, sub(x, p, "others"), "同じ団体の他の人材は cio と pref_digital_staff の措置で書きます");
				q[i].others = get_persons(x, others, sub(x, p, "others"), &q[i].n_others, m == DSP_M_PREF_DIGITAL_STAFF);
			}
			const char *emp = get_str(x, e, "employment", p, false);
			if (emp && (m != DSP_M_PREF_DIGITAL_STAFF || !fin_employment_from_id(emp, &q[i].employment)))
				bad(x, sub(x, p, "employment"), "pref_digital_staff の措置で part_time / contract / full_time のどれかを書きます");
			q[i].outside_metro = get_tri(x, e, "outside_three_metropolitan_areas", p);
			if (q[i].outside_metro != TRI_UNKNOWN && m != DSP_M_KIGYOUJIN)
				bad(x, sub(x, p, "outside_three_metropolitan_areas"), "地域活性化起業人（kigyoujin）の措置のときだけ書きます");
		}
		d->measures = q;
		d->n_measures = n;
	}
}

static void dec_dispatch_v(in_ctx *x, json_t *in, void *out) { dec_dispatch(x, in, out); }

int dispatch_decode(json_t *input, const char *label, arena *a, dsp_request *out, finance_err *err)
{
	memset(out, 0, sizeof *out);
	memset(err, 0, sizeof *err);
	in_ctx x = { .file = label, .a = a, .err = err };
	return guarded(&x, dec_dispatch_v, input, out);
}

void dispatch_apply_populations(dsp_request *req, const dsp_population *pops, size_t n)
{
	for (size_t i = 0; pops && i < n; i++)
		if (req->org_code && strcmp(pops[i].code, req->org_code) == 0) {
			req->has_population = true;
			req->population = pops[i].value;
			req->population_source = pops[i].source;
		}
}

/* The organization of a result: code, name and kind; null when it is unknown. */
static json_t *org_json(const organization *org)
{
	if (org == NULL)
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(org->code));
	json_object_set_new(o, "name", json_string(org->name));
	json_object_set_new(o, "kind", json_string(org_kind_id(org->kind)));
	json_object_set_new(o, "kind_label", json_string(org_kind_label(org->kind)));
	return o;
}

/* The kind of dispatch asked for, or null when none was. */
static json_t *dispatch_json(const dsp_rules *dr, const dsp_request *req, const dsp_result *r)
{
	if (!req->has_kind)
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "kind", json_string(dsp_kind_id(req->kind)));
	json_object_set_new(o, "menu", req->has_menu ? json_string(dsp_menu_id(req->menu)) : json_null());
	json_object_set_new(o, "name", json_string(dsp_kv(dr, req->kind, DKF_NAME)->text));
	json_object_set_new(o, "allowed", r->kind_checked ? json_boolean(r->allowed) : json_null());
	return o;
}

/* The period check, or null when the period was not checked. */
static json_t *period_json(const dsp_request *req, const dsp_result *r)
{
	if (!r->period_checked)
		return json_null();
	const char *start = req->has_start ? arena_printf(r->base.arena, "%04d-%02d", req->start_year, req->start_month) : NULL;
	json_t *o = json_object();
	json_object_set_new(o, "start", str_or_null(start));
	json_object_set_new(o, "start_fiscal_year", r->has_start_fy ? json_integer(r->start_fy) : json_null());
	json_object_set_new(o, "months", json_integer(req->months));
	json_object_set_new(o, "min_months", json_integer(r->min_months));
	json_object_set_new(o, "max_months", json_integer(r->max_months));
	json_object_set_new(o, "ok", json_boolean(r->period_ok));
	json_object_set_new(o, "severity", json_string(r->period_severity));
	json_object_set_new(o, "extension_requested", json_boolean(r->extension_requested));
	json_object_set_new(o, "extension_allowed", json_boolean(r->extension_allowed));
	json_object_set_new(o, "total_months", json_integer(r->total_months));
	return o;
}

/* The partner companies matched, or null when nothing was matched. */
static json_t *matching_json(const dsp_result *r)
{
	if (!r->matched)
		return json_null();
	json_t *o = json_object(), *menus = json_array(), *cs = json_array();
	for (size_t i = 0; i < r->n_match_menus; i++)
		json_array_append_new(menus, json_string(dsp_menu_id(r->match_menus[i])));
	for (size_t i = 0; i < r->n_matches; i++) {
		const dsp_match *m = &r->matches[i];
		json_t *c = json_object();
		json_object_set_new(c, "name", json_string(m->partner->name));
		json_object_set_new(c, "menu", json_string(dsp_menu_id(m->menu)));
		json_object_set_new(c, "industry", str_or_null(m->partner->industry));
		json_object_set_new(c, "reason", json_string(m->reason));
		json_array_append_new(cs, c);
	}
	json_object_set_new(o, "menus", menus);
	json_object_set_new(o, "count", json_integer((json_int_t)r->n_matches));
	json_object_set_new(o, "companies", cs);
	json_object_set_new(o, "method", json_string(r->match_method));
	return o;
}

json_t *dispatch_result_json(const dsp_rules *dr, const dsp_request *req, const dsp_result *r, const char *file)
{
	json_t *j = json_object();
	json_object_set_new(j, "format", json_string(DISPATCH_RESULT_FORMAT));
	json_object_set_new(j, "file", str_or_null(file));
	json_object_set_new(j, "rules", json_string(dr->label));
	json_object_set_new(j, "ok", json_boolean(dsp_ok(r)));
	unsigned st = dsp_statuses(r);
	json_object_set_new(j, "statuses", statuses_json(st, false));
	json_object_set_new(j, "status_labels", statuses_json(st, true));
	json_object_set_new(j, "organization", org_json(r->org));
	json_t *kinds = json_array();
	for (size_t i = 0; i < r->n_verdicts; i++) {
		const dsp_verdict *v = &r->verdicts[i];
		json_t *o = json_object();
		json_object_set_new(o, "kind", json_string(dsp_kind_id(v->kind)));
		json_object_set_new(o, "menu", v->has_menu ? json_string(dsp_menu_id(v->menu)) : json_null());
		json_object_set_new(o, "allowed", json_boolean(v->allowed));
		json_object_set_new(o, "reason", json_string(v->reason));
		json_array_append_new(kinds, o);
	}
	json_object_set_new(j, "kinds", kinds);
	json_object_set_new(j, "dispatch", dispatch_json(dr, req, r));
	if (req->has_kind && req->kind == DSP_NATIONAL_OFFICIAL) {
		json_t *o = json_object();
		json_object_set_new(o, "value", req->has_population ? json_integer(req->population) : json_null());
		json_object_set_new(o, "source", str_or_null(req->has_population ? req->population_source : NULL));
		json_object_set_new(o, "max", json_integer(dr->v[DSPV_POPULATION_MAX].n));
		json_object_set_new(o, "ok", r->population_ok == TRI_UNKNOWN ? json_null() : json_boolean(r->population_ok == TRI_YES));
		json_object_set_new(j, "population", o);
	}
	json_object_set_new(j, "period", period_json(req, r));
	json_object_set_new(j, "matching", matching_json(r));
	json_t *ms = json_array();
	for (size_t i = 0; i < r->n_measures; i++) {
		const dsp_measure_out *m = &r->measures[i];
		json_t *o = json_object();
		json_object_set_new(o, "id", json_string(dsp_measure_id(m->measure)));
		json_object_set_new(o, "name", json_string(m->name));
		json_object_set_new(o, "path", json_string(m->path));
		json_object_set_new(o, "usable", json_boolean(m->usable));
		json_object_set_new(o, "computed", json_boolean(m->computed));
		finance_result_into(o, &m->calc);
		json_array_append_new(ms, o);
	}
	json_object_set_new(j, "measures", ms);
	json_object_set_new(j, "errors", json_diags(&r->base.diags, DIAG_ERROR));
	json_object_set_new(j, "warnings", json_diags(&r->base.diags, DIAG_WARNING));
	json_object_set_new(j, "info", json_diags(&r->base.diags, DIAG_INFO));
	json_object_set_new(j, "trace", trace_json(&r->base));
	return j;
}

json_t *dispatch_run_json(json_t *input, const char *label, const org_master *orgs, const dsp_population *pops,
			  size_t n_pops, arena *a, finance_err *err, int *status)
{
	memset(err, 0, sizeof *err);
	*status = FINANCE_RUN_BAD_INPUT;
	dsp_request *req = arena_alloc(a, sizeof *req);
	dsp_result *r = arena_alloc(a, sizeof *r);
	if (req == NULL || r == NULL)
		return out_of_memory(err, status);
	const finance_rules *rules = run_rules(true, err, status);
	if (rules == NULL || dispatch_decode(input, label, a, req, err) != 0)
		return NULL;
	dispatch_apply_populations(req, pops, n_pops);
	json_t *j = dsp_check(&rules->dsp, &rules->mic, orgs, req, a, r) == 0 ? dispatch_result_json(&rules->dsp, req, r, NULL)
									      : NULL;
	if (j == NULL)
		return out_of_memory(err, status);
	*status = dsp_ok(r) ? FINANCE_RUN_OK : FINANCE_RUN_RULE_ERRORS;
	return j;
}
