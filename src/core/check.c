/* check.c — the rules engine; see check.h. Each check cites the seed through the
 * rule set it reads its parameters from; nothing here hard-codes a cap or a rate. */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define YEN_BUF 64

/* What a computation step's plain-Japanese label is made of. The kernel records
 * these and check_trace_labels() formats them when a result is output: formatting
 * was three quarters of the kernel's time (issue 11, item 4). */
typedef enum label_kind {
	LABEL_SET, /* trace_step.label already holds the text */
	LABEL_PROJECT_COST,
	LABEL_ELIGIBLE_COST,
	LABEL_ELIGIBLE_COST_TELEWORK,
	LABEL_RATE,
	LABEL_ROUNDING,
	LABEL_CAP,
	LABEL_NATIONAL_CAPPED,
	LABEL_NATIONAL,
	LABEL_LOCAL_SHARE,
} label_kind;

struct trace_label_args {
	label_kind kind;
	int64_t yen, raw_yen, result_yen;
	bool cap_hit;
};

static void trace_add_lazy(check_result *r, const char *rule, const char *value, const char *source,
			   const char *quote, const char *label, trace_label_args args)
{
	if (r->n_trace == r->cap_trace) {
		size_t ncap = r->cap_trace ? r->cap_trace * 2 : 16;
		trace_step *n = arena_grow(r->arena, r->trace, r->n_trace, ncap, sizeof(trace_step));
		trace_label_args *na = arena_grow(r->arena, r->label_args, r->n_trace, ncap, sizeof(trace_label_args));
		if (n == NULL || na == NULL)
			return;
		r->trace = n;
		r->label_args = na;
		r->cap_trace = ncap;
	}
	r->label_args[r->n_trace] = args;
	r->trace[r->n_trace++] = (trace_step){
		.rule = rule,
		.value = value,
		.source = source,
		.quote = quote,
		.label = label,
	};
}

/* A step whose strings are already made (rule and value copied into the arena). */
static void trace_add(check_result *r, const char *rule, const char *value, const char *source, const char *quote,
		      const char *label)
{
	trace_add_lazy(r, arena_strdup(r->arena, rule), arena_strdup(r->arena, value), source, quote,
		       arena_strdup(r->arena, label), (trace_label_args){ LABEL_SET, 0, 0, 0, false });
}

/* A step of compute(): rule and value are arena strings made by the caller, the
 * label is formatted later from args. */
static void trace_add_step(check_result *r, const char *rule, const char *value, const char *source,
			   const char *quote, trace_label_args args)
{
	trace_add_lazy(r, rule, value, source, quote, NULL, args);
}

/* Decimal text of v in the arena, without printf (the kernel's hot path). */
static const char *i64s(arena *a, int64_t v)
{
	char b[24];
	size_t i = sizeof b;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		b[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		b[--i] = '-';
	return arena_strndup(a, b + i, sizeof b - i);
}

/* prefix followed by suffix, in the arena. */
static const char *concat(arena *a, const char *prefix, const char *suffix)
{
	if (prefix == NULL || suffix == NULL)
		return NULL;
	size_t n1 = strlen(prefix), n2 = strlen(suffix);
	char *s = arena_alloc(a, n1 + n2 + 1);
	if (s == NULL)
		return NULL;
	memcpy(s, prefix, n1);
	memcpy(s + n1, suffix, n2 + 1);
	return s;
}

/* "（読み）" marker for values that are digiden's reading of the seed. */
static const char *reading_mark(const citation *c) { return c->reading ? "（digidenの読み）" : ""; }

/* ---- organization ------------------------------------------------------ */

static void resolve_org(check_result *r, const org_master *master)
{
	const char *code = r->app->applicant_code;
	if (code == NULL)
		return; /* the decoder reported it missing */
	switch (orgcode_validate(code)) {
	case ORGCODE_ERR_SYNTAX:
		diag_add(&r->diags, DIAG_ERROR, "ORG_CODE_SYNTAX", "applicant.code",
			 "団体コード「%s」は6桁の数字ではありません（全国地方公共団体コード）", code);
		return;
	case ORGCODE_ERR_PREFECTURE:
		diag_add(&r->diags, DIAG_ERROR, "ORG_CODE_PREFECTURE", "applicant.code",
			 "団体コード「%s」の都道府県部分（先頭2桁）が01〜47ではありません", code);
		return;
	case ORGCODE_ERR_CHECK_DIGIT: {
		char expect = (char)('0' + orgcode_check_digit(code));
		diag_add(&r->diags, DIAG_ERROR, "ORG_CHECK_DIGIT", "applicant.code",
			 "団体コード「%s」の検査数字が誤っています（正しくは末尾 %c。重み6,5,4,3,2、(11−和 mod 11) mod 10）",
			 code, expect);
		return;
	}
	case ORGCODE_OK:
		break;
	}
	const organization *o = org_find(master, code);
	if (o == NULL) {
		diag_add(&r->diags, DIAG_ERROR, "ORG_UNKNOWN", "applicant.code",
			 "団体コード「%s」は団体マスタにありません（広域連合・一部事務組合は運用者が登録します）", code);
		return;
	}
	r->org = o;
	if (!o->applicant) {
		if (o->kind == ORG_WARD)
			diag_add(&r->diags, DIAG_ERROR, "ORG_NOT_APPLICANT", "applicant.code",
				 "「%s」（%s）は指定都市の行政区で、地方公共団体として申請できません。市のコード %s で申請してください",
				 o->name, code, o->parent_code);
		else
			diag_add(&r->diags, DIAG_ERROR, "ORG_NOT_APPLICANT", "applicant.code",
				 "「%s」（%s）は申請主体になれない団体です", o->name, code);
	}
}

/* ---- costs ------------------------------------------------------------- */

/* Sums every amount of the services; false (and an error) on overflow. */
static bool sum_services(check_result *r, int64_t *project, int64_t *eligible, bool count_eligible)
{
	const application *app = r->app;
	for (size_t i = 0; i < app->n_services; i++)
		for (size_t j = 0; j < app->services[i].n_cost_items; j++) {
			const app_cost_item *c = &app->services[i].cost_items[j];
			if (!money_add(*project, c->amount_yen, project) ||
			    (count_eligible && c->eligible && !money_add(*eligible, c->amount_yen, eligible))) {
				diag_add(&r->diags, DIAG_ERROR, "AMOUNT_OVERFLOW", "services", "経費の合計が大きすぎます");
				return false;
			}
		}
	return true;
}

/* min(amount, cap) with a warning naming the path when the cap bites. */
static int64_t capped(check_result *r, int64_t amount, const rule_amount *cap, const char *path, const char *what)
{
	if (!cap->present)
		return amount;
	if (amount > cap->yen) {
		char a[YEN_BUF], c[YEN_BUF], e[YEN_BUF];
		diag_add(&r->diags, DIAG_WARNING, "TELEWORK_CAP_EXCEEDED", path,
			 "%sの事業費 %s は上限 %s を超えています。超過分 %s は交付対象外（自己負担）として計算します（%s「%s」）",
			 what, money_format_yen(amount, a, sizeof a), money_format_human(cap->yen, c, sizeof c),
			 money_format_yen(amount - cap->yen, e, sizeof e), cap->cite.source, cap->cite.quote);
		return cap->yen;
	}
	return amount;
}

/* テレワーク型: every element capped on the 事業費 basis (001_2b97fb39079cc39d.txt,
 * 「[金額は総事業費ベース、国費は3／4又は1／2]」); structure errors for the
 * three-facility maximum and 「①・② または③」. */
static bool telework_costs(check_result *r, int64_t *project, int64_t *eligible)
{
	const app_telework *tw = &r->app->telework;
	const rule_telework *rt = &r->menu->telework;
	if (!tw->present)
		return true;
	size_t n_new = 0, n_exp = 0;
	int64_t exp_total = 0;
	bool ok = true;
	for (size_t i = 0; i < tw->n_facilities; i++) {
		const app_tw_facility *f = &tw->facilities[i];
		ok = ok && money_add(*project, f->cost_yen, project);
		if (f->kind == TW_EXISTING_EXPANSION) {
			n_exp++;
			ok = ok && money_add(exp_total, f->cost_yen, &exp_total);
		} else {
			n_new++;
			const char *path = arena_printf(r->arena, "telework.facilities[%zu].cost_yen", i);
			ok = ok && money_add(*eligible, capped(r, f->cost_yen, &rt->facility_cap, path, "施設"), eligible);
		}
	}
	if (rt->max_facilities.present && n_new > (size_t)rt->max_facilities.value)
		diag_add(&r->diags, DIAG_ERROR, "TELEWORK_TOO_MANY_FACILITIES", "telework.facilities",
			 "①自治体運営施設・②民間運営施設は合わせて最大%d施設です（%zu施設あります）（%s「%s」）",
			 rt->max_facilities.value, n_new, rt->max_facilities.cite.source, rt->max_facilities.cite.quote);
	if (rt->has_exclusive && rt->exclusive && n_new > 0 && n_exp > 0)
		diag_add(&r->diags, DIAG_ERROR, "TELEWORK_NEW_AND_EXPANSION", "telework.facilities",
			 "①・②（施設整備・開設支援）と③（既設拡充・活用促進）は併用できません（%s「%s」）",
			 rt->exclusive_cite.source, rt->exclusive_cite.quote);
	int64_t promo = tw->has_promotion_cost ? tw->promotion_cost_yen : 0;
	ok = ok && money_add(*project, promo, project);
	if (n_exp > 0) {
		/* ③: 既設拡充・利用促進 together under one per-organization cap (RULES.md §15.4 item 33) */
		int64_t both;
		ok = ok && money_add(exp_total, promo, &both);
		ok = ok && money_add(*eligible,
				     capped(r, both, &rt->expansion_cap, "telework",
					    "③既設拡充・活用促進（施設拡充＋利活用促進）"),
				     eligible);
	} else {
		ok = ok && money_add(*eligible,
				     capped(r, promo, &rt->promotion_cap, "telework.promotion_cost_yen", "利活用促進"),
				     eligible);
	}
	for (size_t i = 0; i < tw->n_companies; i++) {
		const char *path = arena_printf(r->arena, "telework.companies[%zu].support_yen", i);
		ok = ok && money_add(*project, tw->companies[i].amount_yen, project);
		ok = ok && money_add(*eligible,
				     capped(r, tw->companies[i].amount_yen, &rt->company_cap, path, "④進出支援金（1社）"),
				     eligible);
	}
	for (size_t i = 0; i < tw->n_settlement_projects; i++) {
		const char *path = arena_printf(r->arena, "telework.settlement_projects[%zu].cost_yen", i);
		ok = ok && money_add(*project, tw->settlement_projects[i].amount_yen, project);
		ok = ok && money_add(*eligible,
				     capped(r, tw->settlement_projects[i].amount_yen, &rt->settlement_project_cap, path,
					    "⑤進出企業定着・地域活性化支援事業（1事業）"),
				     eligible);
	}
	if (!ok)
		diag_add(&r->diags, DIAG_ERROR, "AMOUNT_OVERFLOW", "telework", "テレワーク型の経費の合計が大きすぎます");
	return ok;
}

static void compute(check_result *r)
{
	const application *app = r->app;
	const rule_menu *m = r->menu;
	const rule_set *rs = r->rules;
	arena *a = r->arena;
	int64_t project = 0, eligible = 0;
	bool is_telework = m->telework.present;

	if (!sum_services(r, &project, &eligible, !is_telework))
		return;
	if (is_telework) {
		int64_t service_costs = project;
		if (!telework_costs(r, &project, &eligible))
			return;
		if (service_costs > 0) {
			char b[YEN_BUF];
			diag_add(&r->diags, DIAG_WARNING, "TELEWORK_SERVICE_COSTS", "services",
				 "テレワーク型では telework 欄の経費が交付対象です。services の経費 %s は総事業費に含め、交付対象外として計算します",
				 money_format_yen(service_costs, b, sizeof b));
		}
	} else if (app->telework.present) {
		diag_add(&r->diags, DIAG_ERROR, "SECTION_NOT_FOR_MENU", "telework",
			 "telework 欄はテレワーク型（telework_high / telework_standard）の申請でのみ使えます。%s では null にしてください",
			 m->id);
	}
	r->has_project_cost = r->has_eligible_cost = true;
	r->project_cost_yen = project;
	r->eligible_cost_yen = eligible;
	trace_add_step(r, "project_cost", i64s(a, project), "application", NULL,
		       (trace_label_args){ LABEL_PROJECT_COST, project, 0, 0, false });
	trace_add_step(r, "eligible_cost", i64s(a, eligible), "application", NULL,
		       (trace_label_args){ is_telework ? LABEL_ELIGIBLE_COST_TELEWORK : LABEL_ELIGIBLE_COST, eligible, 0, 0,
					   false });

	if (!m->has_rate) {
		char round_label[64];
		rules_round_label(rs, round_label, sizeof round_label);
		diag_add(&r->diags, DIAG_WARNING, "RULE_NOT_STATED", "menu",
			 "%s %s の補助率は資料に記載がないため、国費を計算できません（推測しません）", round_label, m->name);
		return;
	}
	r->has_rate = true;
	r->rate = m->rate;
	const char *rate_text = concat(a, concat(a, i64s(a, m->rate.num), "/"), i64s(a, m->rate.den));
	trace_add_step(r, concat(a, m->id, ".rate"), rate_text, m->rate_cite.source, m->rate_cite.quote,
		       (trace_label_args){ LABEL_RATE, 0, 0, 0, false });

	int64_t raw;
	if (!money_mul_fraction_floor(eligible, m->rate, &raw)) {
		diag_add(&r->diags, DIAG_ERROR, "AMOUNT_OVERFLOW", "services", "国費の計算で桁あふれが起きました");
		return;
	}
	int64_t national = rounding_apply(rs->rounding, raw);
	if (national != raw)
		trace_add_step(r, "rounding", rounding_mode_key(rs->rounding), rs->rounding_cite.source,
			       rs->rounding_cite.quote, (trace_label_args){ LABEL_ROUNDING, eligible, raw, national, false });
	if (m->cap.present) {
		r->has_cap = true;
		r->cap_yen = m->cap.yen;
		bool hit = national > m->cap.yen;
		trace_add_step(r, concat(a, m->id, ".cap_yen"), i64s(a, m->cap.yen), m->cap.cite.source, m->cap.cite.quote,
			       (trace_label_args){ LABEL_CAP, m->cap.yen, 0, 0, hit });
		if (hit) {
			char b1[YEN_BUF], b2[YEN_BUF];
			diag_add(&r->diags, DIAG_INFO, "CAP_APPLIED", "services",
				 "交付対象事業費×補助率 %s が国費上限 %s を超えるため、国費は上限額になります",
				 money_format_yen(national, b1, sizeof b1), money_format_human(m->cap.yen, b2, sizeof b2));
			national = m->cap.yen;
		}
	}
	r->has_national_share = r->has_local_share = true;
	r->national_share_yen = national;
	r->local_share_yen = project - national;
	trace_add_step(r, "national_share", i64s(a, national), m->rate_cite.source, NULL,
		       (trace_label_args){ m->cap.present ? LABEL_NATIONAL_CAPPED : LABEL_NATIONAL, national, 0, 0, false });
	trace_add_step(r, "local_share", i64s(a, r->local_share_yen), "application", NULL,
		       (trace_label_args){ LABEL_LOCAL_SHARE, r->local_share_yen, 0, 0, false });
}

/* The parts joined, in the arena (labels are made of a few fixed texts and
 * numbers: no printf); NULL on out-of-memory. */
static const char *join(arena *a, const char *const *parts, size_t n)
{
	size_t len[12], total = 0;
	for (size_t i = 0; i < n; i++)
		total += len[i] = strlen(parts[i]);
	char *s = arena_alloc(a, total + 1), *d = s;
	if (s == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		memcpy(d, parts[i], len[i]);
		d += len[i];
	}
	*d = '\0';
	return s;
}
#define JOIN(a, ...) join((a), (const char *const[]){ __VA_ARGS__ }, sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))

/* The label of step i from its args (see label_kind); NULL on out-of-memory. */
static const char *format_label(const check_result *r, size_t i)
{
	const trace_label_args *g = &r->label_args[i];
	const rule_menu *m = r->menu;
	const rule_set *rs = r->rules;
	arena *a = r->arena;
	char round_label[64], fb[48], y1[YEN_BUF], y2[YEN_BUF], raw[24];
	if (g->kind == LABEL_RATE || g->kind == LABEL_CAP)
		rules_round_label(rs, round_label, sizeof round_label);
	if (g->kind == LABEL_RATE || g->kind == LABEL_ROUNDING || g->kind == LABEL_NATIONAL_CAPPED || g->kind == LABEL_NATIONAL)
		fraction_format(m->rate, fb, sizeof fb);
	money_format_human(g->yen, y1, sizeof y1);
	switch (g->kind) {
	case LABEL_SET:
		return r->trace[i].label;
	case LABEL_PROJECT_COST:
		return JOIN(a, "総事業費 ", y1, "（全経費の合計）");
	case LABEL_ELIGIBLE_COST:
		return JOIN(a, "交付対象事業費 ", y1, "（eligible な経費の合計）");
	case LABEL_ELIGIBLE_COST_TELEWORK:
		return JOIN(a, "交付対象事業費 ", y1, "（要素事業ごとの事業費上限を適用した合計）");
	case LABEL_RATE:
		return JOIN(a, "補助率 ", fb, ": ", round_label, " ", m->name, reading_mark(&m->rate_cite));
	case LABEL_ROUNDING:
		snprintf(raw, sizeof raw, "%lld", (long long)g->raw_yen);
		return JOIN(a, "端数処理: ", y1, " × ", fb, " = ", raw, "円 を千円未満切り捨てで ",
			    money_format_human(g->result_yen, y2, sizeof y2), reading_mark(&rs->rounding_cite));
	case LABEL_CAP:
		return JOIN(a, "国費上限 ", y1, ": ", round_label, " ", m->name, reading_mark(&m->cap.cite),
			    g->cap_hit ? " — 上限を適用" : " — 上限内");
	case LABEL_NATIONAL_CAPPED:
		return JOIN(a, "国費 = min(上限, 交付対象事業費 × ", fb, ") = ", y1);
	case LABEL_NATIONAL:
		return JOIN(a, "国費 = 交付対象事業費 × ", fb, " = ", y1);
	case LABEL_LOCAL_SHARE:
		return JOIN(a, "地方負担 = 総事業費 − 国費 = ", y1);
	}
	return NULL;
}

void check_trace_labels(const check_result *r)
{
	for (size_t i = 0; i < r->n_trace; i++)
		if (r->trace[i].label == NULL && r->label_args != NULL && r->label_args[i].kind != LABEL_SET)
			r->trace[i].label = format_label(r, i);
}

/* ---- requirements ------------------------------------------------------ */

static void check_requirements(check_result *r)
{
	const application *app = r->app;
	const rule_menu *m = r->menu;
	for (int i = 0; i < REQ__MAX; i++) {
		const rule_requirement *q = &m->req[i];
		if (!q->present)
			continue;
		const char *src = q->cite.source, *quote = q->cite.quote;
		switch ((requirement_id)i) {
		case REQ_DIGITAL_SERVICE: {
			bool any = false;
			for (size_t s = 0; s < app->n_services; s++)
				any = any || (app->services[s].name && app->services[s].name[0]);
			if (!any)
				diag_add(&r->diags, DIAG_ERROR, "REQ_DIGITAL_SERVICE", "services",
					 "実装するデジタルサービスが記載されていません（共通要件: %s「%s」）", src, quote);
			break;
		}
		case REQ_CONSORTIUM:
			if (app->n_consortium == 0)
				diag_add(&r->diags, DIAG_ERROR, "REQ_CONSORTIUM", "consortium",
					 "推進体制（コンソーシアム等の連携先）が記載されていません（共通要件: %s「%s」）", src, quote);
			break;
		case REQ_DATA_PLATFORM:
			if (!app->data_platform.present || !app->data_platform.has_policy)
				diag_add(&r->diags, DIAG_ERROR, "REQ_DATA_PLATFORM", "data_platform",
					 "%s ではデータ連携基盤の整備方針（data_platform.policy）が必須です（%s「%s」）", m->name, src,
					 quote);
			break;
		case REQ_MULTIPLE_SERVICES:
			if (app->n_services < 2)
				diag_add(&r->diags, DIAG_ERROR, "REQ_MULTIPLE_SERVICES", "services",
					 "%s は複数のサービス実装を伴う取組が要件です（サービス %zu件）（%s「%s」）", m->name,
					 app->n_services, src, quote);
			break;
		case REQ_CARD_NEW_USE:
			if (!app->mynumber_card.present || app->mynumber_card.n_new_uses == 0)
				diag_add(&r->diags, DIAG_ERROR, "REQ_CARD_NEW_USE", "mynumber_card.new_uses",
					 "マイナンバーカードの新規用途が記載されていません（%s「%s」）", src, quote);
			break;
		case REQ_CARD_APPLICATION_RATE: {
			const app_mynumber_card *c = &app->mynumber_card;
			char want[32], asof[16];
			snprintf(asof, sizeof asof, "%04d-%02d-%02d", q->as_of.year, q->as_of.month, q->as_of.day);
			if (!c->present || !c->has_rate) {
				diag_add(&r->diags, DIAG_ERROR, "REQ_CARD_RATE_MISSING", "mynumber_card.application_rate",
					 "%s時点のマイナンバーカード申請率が入力されていません。要件を判定できません（推測しません）（%s「%s」）",
					 asof, src, quote);
				break;
			}
			if (!c->has_rate_as_of || date_cmp(c->rate_as_of, q->as_of) != 0) {
				diag_add(&r->diags, DIAG_ERROR, "REQ_CARD_RATE_DATE", "mynumber_card.rate_as_of",
					 "申請率は基準日 %s 時点の値が必要です（%s「%s」）", asof, src, quote);
				break;
			}
			/* 「7割以上」 includes exactly 70%. */
			if (fraction_cmp(c->application_rate, q->min_rate) < 0) {
				fraction_format(q->min_rate, want, sizeof want);
				diag_add(&r->diags, DIAG_ERROR, "REQ_CARD_RATE", "mynumber_card.application_rate",
					 "マイナンバーカード申請率 %s は要件 %s 以上（%s時点）を満たしません（%s「%s」）",
					 c->application_rate_text, want, asof, src, quote);
			}
			break;
		}
		case REQ_TELEWORK_SECTION: {
			const app_telework *t = &app->telework;
			if (!t->present || (t->n_facilities == 0 && !t->has_promotion_cost && t->n_companies == 0 &&
					    t->n_settlement_projects == 0))
				diag_add(&r->diags, DIAG_ERROR, "REQ_TELEWORK_SECTION", "telework",
					 "テレワーク型では telework 欄（施設・利活用促進・進出支援等の経費）が必須です（%s「%s」）", src,
					 quote);
			break;
		}
		case REQ__MAX:
			break;
		}
	}
}

static void check_exclusions(check_result *r)
{
	const application *app = r->app;
	const rule_set *rs = r->rules;
	if (rs->n_exclusions == 0)
		return;
	if (!app->has_declarations) {
		diag_add(&r->diags, DIAG_ERROR, "DECLARATIONS_MISSING", "declarations",
			 "対象外事業に関する確認（declarations）への回答がありません");
		return;
	}
	for (size_t i = 0; i < rs->n_exclusions; i++) {
		const rule_exclusion *x = &rs->exclusions[i];
		bool answered = app->declaration_answered[x->declaration];
		if (answered && !app->declaration[x->declaration])
			continue;
		const char *path = concat(r->arena, "declarations.", declaration_key(x->declaration));
		if (!answered)
			diag_add(&r->diags, DIAG_ERROR, "DECLARATION_UNANSWERED", path,
				 "対象外事業の確認「%s」（%s: %s）に回答してください", declaration_key(x->declaration),
				 x->category, x->label);
		else if (app->declaration[x->declaration])
			diag_add(&r->diags, DIAG_ERROR, "EXCLUDED_PROJECT", path,
				 "交付対象外の事業です — 類型%s「%s」（%s「%s」）%s", x->category, x->label, x->cite.source,
				 x->cite.quote, reading_mark(&x->cite));
	}
}

/* ---- review points (warnings) ------------------------------------------ */

static bool blank(const char *s) { return s == NULL || s[0] == '\0'; }

static void check_review_points(check_result *r)
{
	const application *app = r->app;
	const rule_set *rs = r->rules;
	const rule_review_point *rp = rs->review;
	arena *a = r->arena;

	if (rp[RP_ISSUE_SOLUTION].present && blank(app->summary))
		diag_add(&r->diags, DIAG_WARNING, "SUMMARY_MISSING", "summary",
			 "事業概要（解決したい課題と事業効果）が記載されていません（審査のポイント%d「%s」）",
			 rp[RP_ISSUE_SOLUTION].number, rp[RP_ISSUE_SOLUTION].label);
	if (rp[RP_KPI].present) {
		const rule_review_point *p = &rp[RP_KPI];
		if (app->n_kpis == 0)
			diag_add(&r->diags, DIAG_WARNING, "KPI_MISSING", "kpis",
				 "KPIが設定されていません（審査のポイント%d「%s」）", p->number, p->label);
		for (size_t i = 0; i < app->n_kpis; i++) {
			const app_kpi *k = &app->kpis[i];
			if (!k->baseline.present || !k->baseline.has_fiscal_year || !k->baseline.has_value)
				diag_add(&r->diags, DIAG_WARNING, "KPI_NO_BASELINE", arena_printf(a, "kpis[%zu].baseline", i),
					 "KPI「%s」に基準値（年度と値）がありません（審査のポイント%d「%s」）",
					 k->name ? k->name : "", p->number, p->label);
			bool target = false;
			for (size_t t = 0; t < k->n_targets; t++)
				target = target || (k->targets[t].has_fiscal_year && k->targets[t].has_value);
			if (!target)
				diag_add(&r->diags, DIAG_WARNING, "KPI_NO_TARGET", arena_printf(a, "kpis[%zu].targets", i),
					 "KPI「%s」に目標年度と目標値がありません（審査のポイント%d「%s」）",
					 k->name ? k->name : "", p->number, p->label);
		}
	}
	if (rp[RP_CONSORTIUM_ROLES].present)
		for (size_t i = 0; i < app->n_consortium; i++)
			if (blank(app->consortium[i].role))
				diag_add(&r->diags, DIAG_WARNING, "CONSORTIUM_ROLE_MISSING",
					 arena_printf(a, "consortium[%zu].role", i),
					 "推進体制の構成員「%s」の役割が記載されていません（審査のポイント%d「%s」）",
					 app->consortium[i].name ? app->consortium[i].name : "", rp[RP_CONSORTIUM_ROLES].number,
					 rp[RP_CONSORTIUM_ROLES].label);
	if (rp[RP_RUNNING_COST_PLAN].present) {
		/* 「交付金対象年度だけでなく、次年度以降の計画」: some entry after the round's fiscal year. */
		bool later = false;
		for (size_t i = 0; i < app->n_running_costs; i++)
			later = later || (app->running_costs[i].has_fiscal_year && app->running_costs[i].fiscal_year > rs->fiscal_year);
		if (!later) {
			char fy[32];
			diag_add(&r->diags, DIAG_WARNING, "NO_RUNNING_COST_PLAN", "running_costs",
				 "%sより後の年度のランニングコストと財源が計上されていません（審査のポイント%d「%s」）",
				 wareki_fiscal_year(rs->fiscal_year, fy, sizeof fy), rp[RP_RUNNING_COST_PLAN].number,
				 rp[RP_RUNNING_COST_PLAN].label);
		}
	}
	if (rp[RP_PDCA].present) {
		if (!app->pdca.present)
			diag_add(&r->diags, DIAG_WARNING, "PDCA_MISSING", "pdca",
				 "PDCAサイクルの体制・手法が記載されていません（審査のポイント%d「%s」）", rp[RP_PDCA].number,
				 rp[RP_PDCA].label);
		else if (blank(app->pdca.frequency) || blank(app->pdca.method))
			diag_add(&r->diags, DIAG_WARNING, "PDCA_THIN", blank(app->pdca.frequency) ? "pdca.frequency" : "pdca.method",
				 "PDCAの頻度と手法を具体的に記載してください（審査のポイント%d「%s」）", rp[RP_PDCA].number,
				 rp[RP_PDCA].label);
	}
	if (rp[RP_COST_ITEM_DETAIL].present)
		for (size_t s = 0; s < app->n_services; s++)
			for (size_t j = 0; j < app->services[s].n_cost_items; j++)
				if (blank(app->services[s].cost_items[j].description))
					diag_add(&r->diags, DIAG_WARNING, "COST_ITEM_NO_DESCRIPTION",
						 arena_printf(a, "services[%zu].cost_items[%zu].description", s, j),
						 "経費「%s」の内容（購入する設備・委託の内容等）が記載されていません（審査のポイント%d「%s」）",
						 app->services[s].cost_items[j].category ? app->services[s].cost_items[j].category : "",
						 rp[RP_COST_ITEM_DETAIL].number, rp[RP_COST_ITEM_DETAIL].label);
}

/* ---- entry points ------------------------------------------------------ */

int check_application(const application *app, const diag_list *decode_diags, const rule_catalog *catalog,
		      const org_master *master, arena *a, check_result *out)
{
	memset(out, 0, sizeof *out);
	out->app = app;
	out->arena = a;
	diag_list_init(&out->diags, a);
	if (decode_diags != NULL && decode_diags->len > 0) {
		out->diags.items = arena_grow(a, NULL, 0, decode_diags->len, sizeof(diag));
		if (out->diags.items == NULL)
			return -1;
		memcpy(out->diags.items, decode_diags->items, decode_diags->len * sizeof(diag));
		out->diags.len = out->diags.cap = decode_diags->len;
	}

	resolve_org(out, master);
	if (app->round != NULL) {
		out->rules = rules_find(catalog, app->round);
		if (out->rules == NULL) {
			char *known = arena_strdup(a, "");
			for (size_t i = 0; catalog && i < catalog->len; i++)
				known = arena_printf(a, "%s%s%s", known, i ? ", " : "", catalog->sets[i]->id);
			diag_add(&out->diags, DIAG_ERROR, "ROUND_UNKNOWN", "round", "募集回「%s」はありません（あるもの: %s）",
				 app->round, known);
		}
	}
	if (out->rules != NULL && app->menu != NULL) {
		out->menu = rules_find_menu(out->rules, app->menu);
		if (out->menu == NULL) {
			char *known = arena_strdup(a, "");
			for (size_t i = 0; i < out->rules->n_menus; i++)
				known = arena_printf(a, "%s%s%s", known, i ? ", " : "", out->rules->menus[i].id);
			diag_add(&out->diags, DIAG_ERROR, "MENU_UNKNOWN", "menu",
				 "募集回「%s」に類型「%s」はありません（あるもの: %s）", out->rules->id, app->menu, known);
		}
	}
	if (out->rules != NULL && strcmp(out->rules->status, "provisional") == 0)
		diag_add(&out->diags, DIAG_INFO, "ROUND_PROVISIONAL", "round",
			 "「%s」は暫定版の制度（概算要求時点）です。確定した制度で再確認してください", out->rules->title);
	if (out->menu != NULL) {
		if (out->menu->provisional)
			diag_add(&out->diags, DIAG_INFO, "MENU_PROVISIONAL", "menu",
				 "「%s」の値は前年度の制度を暫定的に用いています（%s）", out->menu->name,
				 out->menu->note ? out->menu->note : "");
		compute(out);
		check_requirements(out);
		check_exclusions(out);
		check_review_points(out);
		/* Only when nothing else explains it (a missing section already does). */
		if (out->has_eligible_cost && out->eligible_cost_yen == 0 && diag_count(&out->diags, DIAG_ERROR) == 0)
			diag_add(&out->diags, DIAG_ERROR, "NO_ELIGIBLE_COST", out->menu->telework.present ? "telework" : "services",
				 "交付対象となる経費がありません（交付対象事業費 0円）");
	}
	return 0;
}

size_t check_limit_names(const rule_limit *lim, const rule_menu *menu)
{
	size_t n = 0;
	for (size_t k = 0; k < lim->n_menus; k++)
		n += strcmp(lim->menus[k], menu->id) == 0;
	return n;
}

void check_limits_apply(check_result *r, const size_t *counts)
{
	const rule_set *rs = r->rules;
	const organization *org = r->org;
	for (size_t l = 0; l < rs->n_limits; l++) {
		const rule_limit *lim = &rs->limits[l];
		const rule_count *max = lim->max_any.present ? &lim->max_any
				      : org->kind == ORG_PREFECTURE ? &lim->max_prefecture
				      : org_kind_is_municipal(org->kind) ? &lim->max_municipality
									: NULL;
		size_t count = counts[l];
		if (count == 0)
			continue;
		if (max == NULL || !max->present) {
			diag_add(&r->diags, DIAG_INFO, "LIMIT_NOT_STATED", "applicant.code",
				 "%s（%s）の申請上限数（%s）は資料に記載がないため判定していません", org->name,
				 org_kind_label(org->kind), lim->id);
			continue;
		}
		if (count <= (size_t)max->value || check_limit_names(lim, r->menu) == 0)
			continue;
		diag_add(&r->diags, DIAG_ERROR, "LIMIT_EXCEEDED", "menu",
			 "%s の申請は %zu件で、申請上限数 %d件（%s）を超えています（%s「%s」）%s", org->name, count,
			 max->value, lim->id, max->cite.source, max->cite.quote, reading_mark(&max->cite));
		trace_add(r, arena_printf(r->arena, "limits.%s", lim->id), arena_printf(r->arena, "%zu/%d", count, max->value),
			  max->cite.source, max->cite.quote,
			  arena_printf(r->arena, "申請上限数 %d件（%s %s）: 申請 %zu件", max->value, org->name,
				       org_kind_label(org->kind), count));
	}
}

/* Applies every limit of the group's round to one (round, organization) group: the
 * counts first, then each member's findings. */
static void limits_for_group(check_result *const *group, size_t n, arena *scratch)
{
	const rule_set *rs = group[0]->rules;
	size_t *counts = arena_alloc(scratch, (rs->n_limits ? rs->n_limits : 1) * sizeof *counts);
	if (counts == NULL)
		return;
	for (size_t l = 0; l < rs->n_limits; l++)
		for (size_t j = 0; j < n; j++)
			counts[l] += check_limit_names(&rs->limits[l], group[j]->menu);
	for (size_t j = 0; j < n; j++)
		check_limits_apply(group[j], counts);
}

/* Orders by round, then organization, then input position (so groups are contiguous
 * and each group keeps the input order). */
static int cmp_group(const void *pa, const void *pb)
{
	const check_result *a = *(check_result *const *)pa, *b = *(check_result *const *)pb;
	int c = strcmp(a->rules->id, b->rules->id);
	if (c == 0)
		c = strcmp(a->org->code, b->org->code);
	if (c == 0)
		c = (a > b) - (a < b);
	return c;
}

void check_limits(check_result *const *results, size_t n, arena *scratch)
{
	check_result **v = arena_alloc(scratch, (n ? n : 1) * sizeof *v);
	if (v == NULL)
		return;
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (results[i]->rules != NULL && results[i]->menu != NULL && results[i]->org != NULL)
			v[m++] = results[i];
	qsort(v, m, sizeof *v, cmp_group);
	for (size_t i = 0; i < m;) {
		size_t j = i + 1;
		while (j < m && v[j]->rules == v[i]->rules && v[j]->org == v[i]->org)
			j++;
		limits_for_group(v + i, j - i, scratch);
		i = j;
	}
}
