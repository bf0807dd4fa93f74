/* promotion.c — 地方創生推進タイプ checks; see promotion.h. Every cap, period, limit
 * and requirement is read from the rule set with its citation; nothing here
 * hard-codes a value of the seeds. */
#include "promotion.h"

#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "trace.h"

#define YEN_BUF 64

/* ---- key tables ----------------------------------------------------------- */

static const char *const subtype_keys[PROMO_SUBTYPE__MAX] = { "senku", "yokotenkai", "society5" };
static const char *const kind_keys[PROMO_KIND__MAX] = { "prefecture", "core_city", "municipality" };
static const char *const kind_labels[PROMO_KIND__MAX] = { "都道府県", "中枢中核都市", "市町村" };
static const char *const req_keys[PROMO_REQ__MAX] = { "advice_structure", "demonstration_and_implementation",
						      "regional_issue", "new_social_system" };
static const char *const req_codes[PROMO_REQ__MAX] = { "REQ_S5_ADVICE", "REQ_S5_DEMONSTRATION",
						       "REQ_S5_REGIONAL_ISSUE", "REQ_S5_NEW_SYSTEM" };
/* the input's answer key for each requirement (DEMONSTRATION also has full_implementation_fiscal_year) */
static const char *const req_answer_keys[PROMO_REQ__MAX] = { "advice_structure", "partly_demonstrated",
							     "regional_issue", "new_social_system" };
static const char *const form_keys[PROMO_LIMIT_FORM__MAX] = { "within_total", "base_plus_koiki" };

KEY_TABLE_FUNCS(promo_subtype, promo_subtype_key, promo_subtype_from_key, subtype_keys, PROMO_SUBTYPE__MAX)
const char *promo_kind_label(promo_kind k) { return k < PROMO_KIND__MAX ? kind_labels[k] : "?"; }
KEY_TABLE_FUNCS(promo_kind, promo_kind_key, promo_kind_from_key, kind_keys, PROMO_KIND__MAX)
KEY_TABLE_FUNCS(promo_req, promo_req_key, promo_req_from_key, req_keys, PROMO_REQ__MAX)
KEY_TABLE_FUNCS(promo_limit_form, promo_limit_form_key, promo_limit_form_from_key, form_keys, PROMO_LIMIT_FORM__MAX)

const promo_rules *promo_rules_find(const promo_catalog *c, const char *id)
{
	if (c == NULL || id == NULL)
		return NULL;
	for (size_t i = 0; i < c->len; i++)
		if (strcmp(c->sets[i]->id, id) == 0)
			return c->sets[i];
	return NULL;
}

char *promo_round_label(const promo_rules *r, char *buf, size_t n)
{
	return wareki_round(r->fiscal_year, r->budget, false, buf, n);
}

const core_city *core_city_find(const core_city_list *l, const char *code)
{
	if (l == NULL || code == NULL)
		return NULL;
	for (size_t i = 0; i < l->len; i++)
		if (strcmp(l->items[i].code, code) == 0)
			return &l->items[i];
	return NULL;
}

/* ---- trace ------------------------------------------------------------------- */

static void trace_add(promo_result *r, const char *rule, const char *value, const char *source, const char *quote,
		      const char *label)
{
	trace_push(r->arena, &r->trace, &r->n_trace, &r->cap_trace, rule, value, source, quote, label);
}

static const char *i64s(arena *a, int64_t v) { return arena_printf(a, "%lld", (long long)v); }

static const char *yen_h(arena *a, int64_t v)
{
	char b[YEN_BUF];
	return arena_strdup(a, money_format_human(v, b, sizeof b));
}

static const char *yen_full(arena *a, int64_t v)
{
	char b[YEN_BUF];
	return arena_strdup(a, money_format_yen(v, b, sizeof b));
}

static const char *fy_label(arena *a, int fy)
{
	char b[32];
	return arena_strdup(a, wareki_fiscal_year(fy, b, sizeof b));
}

static const char *reading_mark(const citation *c) { return c->reading ? "（digidenの読み）" : ""; }

/* ---- organization ------------------------------------------------------------ */

/* Validates an organization code; on a problem adds an error at path and returns NULL. */
static const organization *find_org(promo_result *r, const org_master *master, const char *code, const char *path,
				    const char *what)
{
	switch (orgcode_validate(code)) {
	case ORGCODE_ERR_SYNTAX:
		diag_add(&r->diags, DIAG_ERROR, "ORG_CODE_SYNTAX", path,
			 "%sの団体コード「%s」は6桁の数字ではありません（全国地方公共団体コード）", what, code);
		return NULL;
	case ORGCODE_ERR_PREFECTURE:
		diag_add(&r->diags, DIAG_ERROR, "ORG_CODE_PREFECTURE", path,
			 "%sの団体コード「%s」の都道府県部分（先頭2桁）が01〜47ではありません", what, code);
		return NULL;
	case ORGCODE_ERR_CHECK_DIGIT:
		diag_add(&r->diags, DIAG_ERROR, "ORG_CHECK_DIGIT", path,
			 "%sの団体コード「%s」の検査数字が誤っています（正しくは末尾 %c）", what, code,
			 (char)('0' + orgcode_check_digit(code)));
		return NULL;
	case ORGCODE_OK:
		break;
	}
	const organization *o = org_find(master, code);
	if (o == NULL) {
		diag_add(&r->diags, DIAG_ERROR, "ORG_UNKNOWN", path,
			 "%sの団体コード「%s」は団体マスタにありません（広域連合・一部事務組合は運用者が --orgs で登録します）", what,
			 code);
		return NULL;
	}
	if (!o->applicant) {
		if (o->kind == ORG_WARD)
			diag_add(&r->diags, DIAG_ERROR, "ORG_NOT_APPLICANT", path,
				 "「%s」（%s）は指定都市の行政区で、地方公共団体として申請できません。市のコード %s を使ってください",
				 o->name, code, o->parent_code);
		else
			diag_add(&r->diags, DIAG_ERROR, "ORG_NOT_APPLICANT", path, "「%s」（%s）は申請主体になれない団体です",
				 o->name, code);
		return NULL;
	}
	return o;
}

/* Does the 中枢中核都市 designation change anything for this project? Only when the
 * caps differ from 市町村 or the project counts toward the application limits. */
static bool designation_matters(const promo_subtype_rules *s)
{
	const rule_amount *c = &s->cap[PROMO_KIND_CORE_CITY], *m = &s->cap[PROMO_KIND_MUNICIPALITY];
	return s->counted_in_limit || c->present != m->present || (c->present && c->yen != m->yen);
}

/* The kind the caps and limits use: 都道府県, 中枢中核都市 (only from the loaded list)
 * or 市町村. 広域連合・一部事務組合 have no stated caps or limits. */
static void resolve_kind(promo_result *r, const core_city_list *cc)
{
	const organization *o = r->org;
	arena *a = r->arena;
	const promo_subtype_rules *s = &r->rules->sub[r->subtype];
	switch (o->kind) {
	case ORG_PREFECTURE:
		r->kind = PROMO_KIND_PREFECTURE;
		r->kind_source = "organizations";
		break;
	case ORG_CITY:
	case ORG_DESIGNATED_CITY: {
		const core_city *c = core_city_find(cc, o->code);
		if (c != NULL) {
			r->kind = PROMO_KIND_CORE_CITY;
			r->kind_source = arena_printf(a, "%s（出典: %s）", cc->label, c->source);
			break;
		}
		r->kind = PROMO_KIND_MUNICIPALITY;
		r->kind_source = "organizations";
		if (designation_matters(s)) {
			if (cc != NULL && cc->loaded)
				diag_add(&r->diags, DIAG_INFO, "CORE_CITY_UNKNOWN", "applicant.code",
					 "%s（%s）は読み込んだ中枢中核都市の一覧（%s）にありません。指定の有無は分からないため、市町村の上限・申請上限数で判定します（推測しません）",
					 o->name, o->code, cc->label);
			else
				diag_add(&r->diags, DIAG_INFO, "CORE_CITY_UNKNOWN", "applicant.code",
					 "中枢中核都市の一覧が読み込まれていないため（--core-cities FILE）、%s（%s）が中枢中核都市かどうかは分かりません。市町村の上限・申請上限数で判定します（推測しません）",
					 o->name, o->code);
		}
		break;
	}
	case ORG_TOWN:
	case ORG_VILLAGE:
	case ORG_SPECIAL_WARD:
		r->kind = PROMO_KIND_MUNICIPALITY;
		r->kind_source = "organizations";
		break;
	case ORG_KOIKI:
	case ORG_KUMIAI:
	case ORG_WARD:
	case ORG_KIND__MAX:
		diag_add(&r->diags, DIAG_WARNING, "RULE_NOT_STATED", "applicant.code",
			 "%s（%s）の交付上限額・申請上限数は資料に記載がありません（都道府県・中枢中核都市・市町村のみ）。国費は計算しません（推測しません）",
			 o->name, org_kind_label(o->kind));
		return;
	}
	r->has_kind = true;
	trace_add(r, "applicant.kind", promo_kind_key(r->kind), r->kind_source, NULL,
		  r->kind == PROMO_KIND_CORE_CITY
			  ? arena_printf(a, "団体の区分: 中枢中核都市（%s。運用者が読み込んだ一覧による）", o->name)
		  : o->kind == ORG_SPECIAL_WARD
			  ? arena_printf(a, "団体の区分: 市町村（%sは特別区。市区町村として数える）", o->name)
			  : arena_printf(a, "団体の区分: %s（%s、%s）", promo_kind_label(r->kind), o->name,
					 org_kind_label(o->kind)));
}

/* ---- period -------------------------------------------------------------------- */

static void check_period(promo_result *r)
{
	const promo_project *p = r->project;
	const promo_rules *rs = r->rules;
	const promo_subtype_rules *s = &rs->sub[r->subtype];
	arena *a = r->arena;
	if (!p->has_start || !p->has_budget)
		return; /* the decoder reported it */
	if (p->n_years == 0) {
		diag_add(&r->diags, DIAG_ERROR, "BUDGET_EMPTY", "budget", "年度ごとの事業費（budget）が1年度もありません");
		return;
	}
	bool seq_ok = true;
	for (size_t i = 0; i < p->n_years; i++) {
		const promo_year *y = &p->years[i];
		int want = p->start_fiscal_year + (int)i;
		if (y->has_fiscal_year && y->fiscal_year != want) {
			diag_add(&r->diags, DIAG_ERROR, "BUDGET_YEAR_SEQUENCE",
				 arena_printf(a, "budget[%zu].fiscal_year", i),
				 "budget は事業開始年度（%s）から1年度ずつ順に並べてください。%zu番目は%sであるべきところが%sです",
				 fy_label(a, p->start_fiscal_year), i + 1, fy_label(a, want), fy_label(a, y->fiscal_year));
			seq_ok = false;
		} else if (!y->has_fiscal_year) {
			seq_ok = false;
		}
	}
	if (!seq_ok)
		return;
	r->has_period = true;
	r->period_fiscal_years = (int)p->n_years;
	r->end_fiscal_year = p->start_fiscal_year + (int)p->n_years - 1;
	if (!s->max_fiscal_years.present)
		return;
	int max = s->max_fiscal_years.value;
	bool over = r->period_fiscal_years > max;
	trace_add(r, arena_printf(a, "%s.max_fiscal_years", promo_subtype_key(r->subtype)), arena_printf(a, "%d", max),
		  s->max_fiscal_years.cite.source, s->max_fiscal_years.cite.quote,
		  arena_printf(a, "事業期間 最長%dか年度（%s）: 計画は%s〜%sの%dか年度 — %s%s", max, s->name,
			       fy_label(a, p->start_fiscal_year), fy_label(a, r->end_fiscal_year), r->period_fiscal_years,
			       over ? "期間超過" : "期間内", reading_mark(&s->max_fiscal_years.cite)));
	if (over)
		diag_add(&r->diags, DIAG_ERROR, "PERIOD_TOO_LONG", "budget",
			 "%sの事業期間は最長%dか年度です。計画は%s〜%sの%dか年度あります（%s「%s」）", s->name, max,
			 fy_label(a, p->start_fiscal_year), fy_label(a, r->end_fiscal_year), r->period_fiscal_years,
			 s->max_fiscal_years.cite.source, s->max_fiscal_years.cite.quote);
}

/* ---- money ----------------------------------------------------------------------- */

static void compute(promo_result *r)
{
	const promo_project *p = r->project;
	const promo_rules *rs = r->rules;
	const promo_subtype_rules *s = &rs->sub[r->subtype];
	arena *a = r->arena;
	const rule_amount *cap = &s->cap[r->kind];
	char fb[32], round_label[64];
	fraction_format(rs->rate, fb, sizeof fb);
	promo_round_label(rs, round_label, sizeof round_label);

	for (size_t i = 0; i < p->n_years; i++)
		if (!p->years[i].has_cost || !p->years[i].has_fiscal_year)
			return; /* the decoder reported it */
	if (p->n_years == 0)
		return;

	trace_add(r, "rate", fb, rs->rate_cite.source, rs->rate_cite.quote,
		  arena_printf(a, "補助率 %s: %s %s%s", fb, round_label, s->name, reading_mark(&rs->rate_cite)));
	if (!cap->present) {
		diag_add(&r->diags, DIAG_WARNING, "RULE_NOT_STATED", "subtype",
			 "%s %sの%sの交付上限額は資料に記載がないため、国費を計算できません（推測しません）", round_label, s->name,
			 promo_kind_label(r->kind));
		return;
	}
	r->has_cap = true;
	r->cap_yen = cap->yen;
	trace_add(r, arena_printf(a, "%s.cap_yen.%s", promo_subtype_key(r->subtype), promo_kind_key(r->kind)),
		  i64s(a, cap->yen), cap->cite.source, cap->cite.quote,
		  arena_printf(a, "交付上限額（国費、1事業の年度当たり）%s: %s %s・%s%s", yen_h(a, cap->yen), round_label, s->name,
			       promo_kind_label(r->kind), reading_mark(&cap->cite)));

	r->years = arena_alloc(a, p->n_years * sizeof *r->years);
	if (r->years == NULL)
		return;
	int64_t tp = 0, tn = 0, tl = 0;
	bool rounded = false;
	for (size_t i = 0; i < p->n_years; i++) {
		const promo_year *y = &p->years[i];
		promo_year_result *yr = &r->years[i];
		int64_t raw;
		if (!money_mul_fraction_floor(y->project_cost_yen, rs->rate, &raw)) {
			diag_add(&r->diags, DIAG_ERROR, "AMOUNT_OVERFLOW", arena_printf(a, "budget[%zu].project_cost_yen", i),
				 "国費の計算で桁あふれが起きました");
			return;
		}
		/* exact: raw*den == cost*num? (whether the 1円未満 floor dropped anything) */
		if ((y->project_cost_yen % rs->rate.den) * rs->rate.num % rs->rate.den != 0)
			rounded = true;
		int64_t national = rounding_apply(rs->rounding, raw);
		yr->fiscal_year = y->fiscal_year;
		yr->project_cost_yen = y->project_cost_yen;
		yr->cap_applied = national > cap->yen;
		if (yr->cap_applied) {
			char b1[YEN_BUF], b2[YEN_BUF];
			diag_add(&r->diags, DIAG_INFO, "CAP_APPLIED", arena_printf(a, "budget[%zu].project_cost_yen", i),
				 "%s: 事業費×補助率 %s が1事業の年度当たりの上限 %s を超えるため、国費は上限額になります",
				 fy_label(a, y->fiscal_year), money_format_yen(national, b1, sizeof b1),
				 money_format_human(cap->yen, b2, sizeof b2));
			national = cap->yen;
		}
		yr->national_share_yen = national;
		yr->local_share_yen = y->project_cost_yen - national;
		trace_add(r, arena_printf(a, "budget[%zu].national_share", i), i64s(a, national), rs->rate_cite.source, NULL,
			  arena_printf(a, "%s: 国費 = min(上限 %s, 事業費 %s × %s) = %s%s、地方負担 %s", fy_label(a, y->fiscal_year),
				       yen_h(a, cap->yen), yen_full(a, y->project_cost_yen), fb, yen_full(a, national),
				       yr->cap_applied ? "（上限を適用）" : "", yen_full(a, yr->local_share_yen)));
		if (!money_add(tp, y->project_cost_yen, &tp) || !money_add(tn, national, &tn) ||
		    !money_add(tl, yr->local_share_yen, &tl)) {
			diag_add(&r->diags, DIAG_ERROR, "AMOUNT_OVERFLOW", "budget", "事業費の合計が大きすぎます");
			return;
		}
	}
	if (rounded)
		trace_add(r, "rounding", rounding_mode_key(rs->rounding), rs->rounding_cite.source, rs->rounding_cite.quote,
			  arena_printf(a, "端数処理: 事業費 × %s の1円未満は切り捨て%s", fb, reading_mark(&rs->rounding_cite)));
	r->n_years = p->n_years;
	r->has_money = true;
	r->project_cost_total_yen = tp;
	r->national_share_total_yen = tn;
	r->local_share_total_yen = tl;
	trace_add(r, "national_share_total", i64s(a, tn), "application", NULL,
		  arena_printf(a, "国費の合計 %s（%zuか年度、事業費の合計 %s、地方負担の合計 %s）", yen_full(a, tn), p->n_years,
			       yen_full(a, tp), yen_full(a, tl)));

	if (s->total_cap.present) {
		r->has_total_cap = true;
		r->total_cap_yen = s->total_cap.yen;
		bool over = tn > s->total_cap.yen;
		trace_add(r, arena_printf(a, "%s.total_cap_yen", promo_subtype_key(r->subtype)), i64s(a, s->total_cap.yen),
			  s->total_cap.cite.source, s->total_cap.cite.quote,
			  arena_printf(a, "%sの国費は5年間で最大 %s: 計画の国費の合計 %s — %s%s", s->name,
				       yen_h(a, s->total_cap.yen), yen_full(a, tn), over ? "超過" : "上限内",
				       reading_mark(&s->total_cap.cite)));
		if (over) {
			char b1[YEN_BUF], b2[YEN_BUF], b3[YEN_BUF];
			diag_add(&r->diags, DIAG_ERROR, "TOTAL_CAP_EXCEEDED", "budget",
				 "%sの国費の合計 %s が総額の上限 %s を %s 超えています（%s「%s」）", s->name,
				 money_format_yen(tn, b1, sizeof b1), money_format_human(s->total_cap.yen, b2, sizeof b2),
				 money_format_yen(tn - s->total_cap.yen, b3, sizeof b3), s->total_cap.cite.source,
				 s->total_cap.cite.quote);
		}
	} else if (r->subtype == PROMO_SOCIETY5) {
		diag_add(&r->diags, DIAG_INFO, "TOTAL_CAP_NOT_STATED", "budget",
			 "%s %sの事業期間全体の国費の上限は資料に記載がありません（年度当たりの上限と事業期間だけで判定します）",
			 round_label, s->name);
	}
}

/* ---- Society5.0 requirements --------------------------------------------------- */

static void check_society5(promo_result *r)
{
	const promo_project *p = r->project;
	const promo_subtype_rules *s = &r->rules->sub[r->subtype];
	arena *a = r->arena;
	if (r->subtype != PROMO_SOCIETY5) {
		if (p->s5.present)
			diag_add(&r->diags, DIAG_ERROR, "SECTION_NOT_FOR_SUBTYPE", "society5_requirements",
				 "society5_requirements は Society5.0型（subtype: society5）の事業でのみ使えます。%s では null にしてください",
				 s->name);
		return;
	}
	bool any = false;
	for (int i = 0; i < PROMO_REQ__MAX; i++)
		any = any || s->req[i].present;
	if (!any)
		return;
	if (s->has_requirements_all)
		trace_add(r, "society5.requirements", "all", s->requirements_all_cite.source, s->requirements_all_cite.quote,
			  arena_printf(a, "%sの事業要件はすべて満たす必要がある%s", s->name,
				       reading_mark(&s->requirements_all_cite)));
	if (!p->s5.present) {
		diag_add(&r->diags, DIAG_ERROR, "REQ_S5_MISSING", "society5_requirements",
			 "%sの事業要件（society5_requirements）への回答がありません。要件を判定できません", s->name);
		return;
	}
	for (int i = 0; i < PROMO_REQ__MAX; i++) {
		const promo_requirement *q = &s->req[i];
		if (!q->present)
			continue;
		const char *path = arena_printf(a, "society5_requirements.%s", req_answer_keys[i]);
		bool ok = true;
		if (!p->s5.answered[i]) {
			diag_add(&r->diags, DIAG_ERROR, "REQ_S5_UNANSWERED", path, "事業要件「%s」への回答（%s）がありません", q->label,
				 req_answer_keys[i]);
			ok = false;
		} else if (!p->s5.value[i]) {
			diag_add(&r->diags, DIAG_ERROR, req_codes[i], path, "%sの事業要件を満たしません: 「%s」（%s「%s」）%s",
				 s->name, q->label, q->cite.source, q->cite.quote, reading_mark(&q->cite));
			ok = false;
		}
		const char *extra = "";
		if (i == PROMO_REQ_DEMONSTRATION && q->within_fiscal_years > 0) {
			const char *ipath = "society5_requirements.full_implementation_fiscal_year";
			if (!p->s5.has_implementation_fy) {
				diag_add(&r->diags, DIAG_ERROR, "REQ_S5_UNANSWERED", ipath,
					 "本格実装の年度（full_implementation_fiscal_year）がありません。「%s」を判定できません", q->label);
				ok = false;
			} else if (p->has_start) {
				int last = p->start_fiscal_year + q->within_fiscal_years - 1;
				extra = arena_printf(a, "。本格実装 %s（期限 %s = 事業開始%sから%dか年度目）",
						     fy_label(a, p->s5.implementation_fy), fy_label(a, last),
						     fy_label(a, p->start_fiscal_year), q->within_fiscal_years);
				if (p->s5.implementation_fy > last) {
					diag_add(&r->diags, DIAG_ERROR, req_codes[i], ipath,
						 "本格実装が%sで、事業開始（%s）から%dか年度以内（%sまで）ではありません（%s「%s」）%s",
						 fy_label(a, p->s5.implementation_fy), fy_label(a, p->start_fiscal_year),
						 q->within_fiscal_years, fy_label(a, last), q->cite.source, q->cite.quote,
						 reading_mark(&q->cite));
					ok = false;
				}
			}
		}
		trace_add(r, arena_printf(a, "society5.requirements.%s", req_keys[i]), ok ? "ok" : "failed", q->cite.source,
			  q->cite.quote,
			  arena_printf(a, "事業要件%d「%s」: %s%s%s", i + 1, q->label, ok ? "満たす" : "満たさない", extra,
				       reading_mark(&q->cite)));
	}
}

/* ---- 地域再生計画, 広域連携 ----------------------------------------------------- */

static void check_regional_plan(promo_result *r)
{
	const promo_rules *rs = r->rules;
	const promo_project *p = r->project;
	arena *a = r->arena;
	if (!rs->regional_plan_required)
		return;
	trace_add(r, "regional_plan", p->has_regional_plan ? "present" : "missing", rs->regional_plan_cite.source,
		  rs->regional_plan_cite.quote,
		  p->has_regional_plan
			  ? arena_printf(a, "地域再生計画への記載が必要: 「%s」%s", p->regional_plan_name ? p->regional_plan_name : "",
					 reading_mark(&rs->regional_plan_cite))
			  : arena_printf(a, "地域再生計画への記載が必要: 記載なし%s", reading_mark(&rs->regional_plan_cite)));
	if (!p->has_regional_plan)
		diag_add(&r->diags, DIAG_ERROR, "REGIONAL_PLAN_MISSING", "regional_plan",
			 "地方創生推進タイプの事業は地域再生計画に記載されている必要があります。regional_plan（計画の名称）を記入してください（%s「%s」）%s",
			 rs->regional_plan_cite.source, rs->regional_plan_cite.quote, reading_mark(&rs->regional_plan_cite));
}

static void check_koiki(promo_result *r, const org_master *master)
{
	const promo_project *p = r->project;
	arena *a = r->arena;
	if (!p->has_koiki)
		return;
	if (p->koiki && p->n_partners == 0)
		diag_add(&r->diags, DIAG_ERROR, "KOIKI_NO_PARTNERS", "koiki_partners",
			 "広域連携事業（koiki: true）には連携する団体のコード（koiki_partners）が必要です");
	if (!p->koiki && p->n_partners > 0)
		diag_add(&r->diags, DIAG_WARNING, "KOIKI_PARTNERS_NOT_KOIKI", "koiki",
			 "連携団体（koiki_partners）がありますが koiki が false のため、広域連携事業としては数えません");
	r->partners = arena_alloc(a, (p->n_partners + 1) * sizeof *r->partners);
	for (size_t i = 0; i < p->n_partners && r->partners != NULL; i++) {
		const char *path = arena_printf(a, "koiki_partners[%zu]", i);
		if (p->applicant_code && strcmp(p->partners[i], p->applicant_code) == 0) {
			diag_add(&r->diags, DIAG_ERROR, "PARTNER_IS_APPLICANT", path,
				 "連携団体に申請団体自身（%s）が入っています", p->partners[i]);
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->partners[i], p->partners[j]) == 0)
				diag_add(&r->diags, DIAG_ERROR, "PARTNER_DUPLICATE", path, "連携団体 %s が重複しています",
					 p->partners[i]);
		r->partners[i] = find_org(r, master, p->partners[i], path, "連携団体");
	}
}

/* Whether this project is one of the new projects the limits count. */
static void describe_count(promo_result *r)
{
	const promo_subtype_rules *s = &r->rules->sub[r->subtype];
	const promo_project *p = r->project;
	arena *a = r->arena;
	char round_label[64];
	promo_round_label(r->rules, round_label, sizeof round_label);
	promo_limit_result *l = &r->limit;
	if (!s->counted_in_limit) {
		l->why = arena_printf(a, "%sは申請上限数の枠外", s->name);
		diag_add(&r->diags, DIAG_INFO, "LIMIT_OUTSIDE_COUNT", "subtype", "%sは申請上限数の枠外です（数えません）（%s「%s」）",
			 s->name, s->counted_cite.source, s->counted_cite.quote);
	} else if (!p->has_start) {
		l->why = "事業開始年度が不明";
	} else if (!r->is_new) {
		l->why = arena_printf(a, "%sに開始した継続事業（新規事業ではない）", fy_label(a, p->start_fiscal_year));
	} else {
		l->counted = true;
		l->why = arena_printf(a, "%sの新規事業%s", s->name, p->koiki ? "（広域連携）" : "");
	}
	trace_add(r, "limit.counted", l->counted ? "true" : "false", s->counted_cite.source, s->counted_cite.quote,
		  arena_printf(a, "申請上限数: %s — %s%s", l->counted ? "数える" : "数えない", l->why,
			       reading_mark(&s->counted_cite)));
}

/* ---- entry ---------------------------------------------------------------------- */

int promo_check(const promo_project *p, const diag_list *decode_diags, const promo_catalog *catalog,
		const org_master *master, const core_city_list *core_cities, arena *a, promo_result *out)
{
	memset(out, 0, sizeof *out);
	out->project = p;
	out->arena = a;
	diag_list_init(&out->diags, a);
	for (size_t i = 0; decode_diags && i < decode_diags->len; i++) {
		const diag *d = &decode_diags->items[i];
		diag_add(&out->diags, d->severity, d->code, d->path, "%s", d->message);
	}

	if (p->round != NULL) {
		out->rules = promo_rules_find(catalog, p->round);
		if (out->rules == NULL) {
			const char *known = "";
			for (size_t i = 0; catalog && i < catalog->len; i++)
				known = arena_printf(a, "%s%s%s", known, i ? ", " : "", catalog->sets[i]->id);
			diag_add(&out->diags, DIAG_ERROR, "ROUND_UNKNOWN", "round", "募集回「%s」はありません（あるもの: %s）",
				 p->round, known);
		}
	}
	if (p->subtype_key != NULL) {
		if (!promo_subtype_from_key(p->subtype_key, &out->subtype))
			diag_add(&out->diags, DIAG_ERROR, "SUBTYPE_UNKNOWN", "subtype",
				 "類型「%s」はありません（senku 先駆型 / yokotenkai 横展開型 / society5 Society5.0型）",
				 p->subtype_key);
		else if (out->rules != NULL && !out->rules->sub[out->subtype].present)
			diag_add(&out->diags, DIAG_ERROR, "SUBTYPE_UNKNOWN", "subtype", "募集回「%s」に類型「%s」はありません",
				 out->rules->id, p->subtype_key);
		else
			out->has_subtype = true;
	}
	if (p->applicant_code != NULL)
		out->org = find_org(out, master, p->applicant_code, "applicant.code", "申請団体");
	if (out->rules == NULL || !out->has_subtype)
		return 0;

	const promo_rules *rs = out->rules;
	if (rs->status && strcmp(rs->status, "provisional") == 0)
		diag_add(&out->diags, DIAG_INFO, "ROUND_PROVISIONAL", "round",
			 "「%s」は暫定版の制度（概算要求時点）です。確定した制度で再確認してください", rs->title);
	if (p->has_start) {
		if (p->start_fiscal_year > rs->fiscal_year)
			diag_add(&out->diags, DIAG_ERROR, "START_AFTER_ROUND", "start_fiscal_year",
				 "事業開始年度（%s）が募集回の年度（%s）より後です。その年度の募集回で申請してください",
				 fy_label(a, p->start_fiscal_year), fy_label(a, rs->fiscal_year));
		else if (p->start_fiscal_year < rs->fiscal_year)
			diag_add(&out->diags, DIAG_INFO, "PROJECT_CONTINUING", "start_fiscal_year",
				 "%sに開始した継続事業として扱います（新規事業の申請上限数には数えません）",
				 fy_label(a, p->start_fiscal_year));
		else
			out->is_new = true;
	}
	if (out->org != NULL)
		resolve_kind(out, core_cities);
	check_period(out);
	if (out->has_kind)
		compute(out);
	check_society5(out);
	check_regional_plan(out);
	check_koiki(out, master);
	describe_count(out);
	return 0;
}

/* ---- limits across projects ---------------------------------------------------- */

static bool same_group(const promo_result *x, const promo_result *y)
{
	return x->rules == y->rules && x->org == y->org;
}

static void add_all(promo_result *const *g, size_t n, int which, diag_severity sev, const char *code, const char *fmt,
		    const char *arg)
{
	/* which: 0 every counted project, 1 counted non-広域 only, 2 counted 広域 only */
	for (size_t i = 0; i < n; i++) {
		promo_result *r = g[i];
		if (!r->limit.counted)
			continue;
		if ((which == 1 && r->project->koiki) || (which == 2 && !r->project->koiki))
			continue;
		diag_add(&r->diags, sev, code, "", fmt, arg);
	}
}

void promo_check_limits(promo_result *const *results, size_t n, arena *scratch)
{
	bool *done = arena_alloc(scratch, (n + 1) * sizeof *done);
	promo_result **g = arena_alloc(scratch, (n + 1) * sizeof *g);
	if (done == NULL || g == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		const promo_result *first = results[i];
		if (done[i] || first->rules == NULL || first->org == NULL || !first->has_subtype)
			continue;
		size_t ng = 0;
		for (size_t j = i; j < n; j++)
			if (!done[j] && results[j]->rules != NULL && results[j]->has_subtype && same_group(first, results[j])) {
				done[j] = true;
				g[ng++] = results[j];
			}
		size_t n_non = 0, n_koiki = 0;
		for (size_t k = 0; k < ng; k++)
			if (g[k]->limit.counted)
				*(g[k]->project->koiki ? &n_koiki : &n_non) += 1;
		size_t total = n_non + n_koiki;
		if (total == 0)
			continue;
		const promo_rules *rs = first->rules;
		const organization *org = first->org;
		char round_label[64];
		promo_round_label(rs, round_label, sizeof round_label);
		if (!first->has_kind || !rs->limit[first->kind].first.present) {
			for (size_t k = 0; k < ng; k++)
				if (g[k]->limit.counted)
					diag_add(&g[k]->diags, DIAG_INFO, "LIMIT_NOT_STATED", "applicant.code",
						 "%s（%s）の申請上限数は資料に記載がないため判定していません", org->name,
						 org_kind_label(org->kind));
			continue;
		}
		const promo_kind_limit *L = &rs->limit[first->kind];
		int N = L->first.value, M = L->koiki.present ? L->koiki.value : 0;
		const char *kl = promo_kind_label(first->kind);
		for (size_t k = 0; k < ng; k++) {
			promo_limit_result *l = &g[k]->limit;
			arena *a = g[k]->arena;
			l->checked = true;
			l->n_counted = total;
			l->n_koiki = n_koiki;
			l->n_non_koiki = n_non;
			l->max_first = N;
			l->max_koiki = M;
			const char *label =
				rs->limit_form == PROMO_LIMIT_WITHIN_TOTAL
					? arena_printf(a, "申請上限数（%s、%s）: 原則%d事業以内（うち広域連携%d事業）— 新規 %zu件（広域連携 %zu件、それ以外 %zu件）",
						       round_label, kl, N, M, total, n_koiki, n_non)
					: arena_printf(a, "申請上限数（%s、%s）: %d事業、広域連携事業は%d事業まで追加可 — 新規 %zu件（広域連携 %zu件、それ以外 %zu件）",
						       round_label, kl, N, M, total, n_koiki, n_non);
			trace_add(g[k], "limits", arena_printf(a, "%zu", total), L->first.cite.source, L->first.cite.quote, label);
		}
		arena *a0 = scratch;
		if (rs->limit_form == PROMO_LIMIT_WITHIN_TOTAL) {
			if (total > (size_t)N)
				add_all(g, ng, 0, DIAG_ERROR, "LIMIT_EXCEEDED", "%s",
					arena_printf(a0, "%s（%s）の%sの新規事業は %zu件で、申請上限数「原則%d事業以内」を超えています（%s「%s」）。「原則」のため例外はありえますが、digiden はエラーとします",
						     org->name, kl, round_label, total, N, L->first.cite.source, L->first.cite.quote));
			if (L->koiki.present && n_koiki > (size_t)M)
				add_all(g, ng, 2, DIAG_WARNING, "LIMIT_R3_KOIKI", "%s",
					arena_printf(a0, "広域連携の新規事業が %zu件あり、「うち広域連携%d事業」を超えています。超えた分を一般の枠で数えられるかは資料から読み切れません（%s「%s」）（digidenの読み）",
						     n_koiki, M, L->koiki.cite.source, L->koiki.cite.quote));
			if (L->koiki.present && n_non > (size_t)(N - M))
				add_all(g, ng, 1, DIAG_WARNING, "LIMIT_R3_NON_KOIKI", "%s",
					arena_printf(a0, "広域連携以外の新規事業が %zu件あり、%d事業（%d事業のうち広域連携%d事業を除いた数）を超えています。令和3年度の「うち広域連携%d事業」が広域連携に充てる枠かどうかは資料から読み切れないため警告とします（%s「%s」）（digidenの読み）",
						     n_non, N - M, N, M, M, L->koiki.cite.source, L->koiki.cite.quote));
		} else {
			if (n_non > (size_t)N)
				add_all(g, ng, 1, DIAG_ERROR, "LIMIT_BASE_EXCEEDED", "%s",
					arena_printf(a0, "%s（%s）の広域連携以外の新規事業は %zu件で、申請上限数「%d事業」を超えています（%s「%s」）",
						     org->name, kl, n_non, N, L->first.cite.source, L->first.cite.quote));
			if (total > (size_t)(N + M))
				add_all(g, ng, 0, DIAG_ERROR, "LIMIT_EXCEEDED", "%s",
					arena_printf(a0, "%s（%s）の新規事業は %zu件で、%d事業に広域連携事業の追加%d事業を加えた %d事業を超えています（%s「%s」）",
						     org->name, kl, total, N, M, N + M, L->koiki.present ? L->koiki.cite.source : L->first.cite.source,
						     L->koiki.present ? L->koiki.cite.quote : L->first.cite.quote));
			else if (n_non <= (size_t)N && n_koiki > (size_t)M)
				add_all(g, ng, 2, DIAG_INFO, "LIMIT_KOIKI_IN_BASE", "%s",
					arena_printf(a0, "広域連携事業 %zu件のうち %zu件は追加の%d事業の枠、残り %zu件は基本の%d事業の枠（空き %zu件）で数えます（digidenの読み: 「%d事業」は事業の種類を限っていない）",
						     n_koiki, (size_t)M, M, n_koiki - (size_t)M, N, (size_t)N - n_non, N));
		}
	}
}
