/* test_cov_keys.c — the key tables of src/core/dispatch.c, promotion.c and future_tech.c
 * (round trips, unknown keys, out-of-range values), and the consistency checks of the
 * デジタル専門人材派遣制度 rule data (dsp_rules_validate) on the embedded rules/dispatch/program.json. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../../src/core/dispatch.h"
#include "../../src/core/future_tech.h"
#include "../../src/core/promotion.h"
#include "../../src/io/catalog.h"
#include "../../src/io/json_finance.h"
#include "../../src/io/promotion_rules.h"

static void dispatch_keys(void **state)
{
	(void)state;
	for (int i = 0; i < DSP_KIND__MAX; i++) {
		dsp_kind k;
		assert_true(dsp_kind_from_id(dsp_kind_id((dsp_kind)i), &k));
		assert_int_equal(k, i);
	}
	for (int i = 0; i < DSP_MENU__MAX; i++) {
		dsp_menu m;
		assert_true(dsp_menu_from_id(dsp_menu_id((dsp_menu)i), &m));
		assert_int_equal(m, i);
	}
	for (int i = 0; i < DSP_MEASURE__MAX; i++) {
		dsp_measure m;
		assert_true(dsp_measure_from_id(dsp_measure_id((dsp_measure)i), &m));
		assert_int_equal(m, i);
	}
	assert_string_equal(dsp_kind_id(DSP_KIND__MAX), "?");
	assert_string_equal(dsp_menu_id(DSP_MENU__MAX), "?");
	assert_string_equal(dsp_measure_id(DSP_MEASURE__MAX), "?");
	assert_string_equal(dsp_party_id(DSP_PARTY__MAX), "?");
	assert_string_equal(dsp_party_label(DSP_PARTY__MAX), "?");
	assert_string_equal(dsp_party_label(DSP_PARTY__MAX - 1), "派遣先");
	dsp_kind k;
	dsp_menu m;
	dsp_measure s;
	assert_false(dsp_kind_from_id(NULL, &k));
	assert_false(dsp_kind_from_id("nothing", &k));
	assert_false(dsp_menu_from_id("nothing", &m));
	assert_false(dsp_measure_from_id("nothing", &s));
}

static void promotion_keys(void **state)
{
	(void)state;
	for (int i = 0; i < PROMO_SUBTYPE__MAX; i++) {
		promo_subtype x;
		assert_true(promo_subtype_from_key(promo_subtype_key((promo_subtype)i), &x));
		assert_int_equal(x, i);
	}
	for (int i = 0; i < PROMO_KIND__MAX; i++) {
		promo_kind x;
		assert_true(promo_kind_from_key(promo_kind_key((promo_kind)i), &x));
		assert_int_equal(x, i);
	}
	for (int i = 0; i < PROMO_REQ__MAX; i++) {
		promo_req x;
		assert_true(promo_req_from_key(promo_req_key((promo_req)i), &x));
		assert_int_equal(x, i);
	}
	for (int i = 0; i < PROMO_LIMIT_FORM__MAX; i++) {
		promo_limit_form x;
		assert_true(promo_limit_form_from_key(promo_limit_form_key((promo_limit_form)i), &x));
		assert_int_equal(x, i);
	}
	assert_string_equal(promo_subtype_key(PROMO_SUBTYPE__MAX), "?");
	assert_string_equal(promo_kind_key(PROMO_KIND__MAX), "?");
	assert_string_equal(promo_kind_label(PROMO_KIND__MAX), "?");
	assert_string_equal(promo_req_key(PROMO_REQ__MAX), "?");
	assert_string_equal(promo_limit_form_key(PROMO_LIMIT_FORM__MAX), "?");
	promo_subtype st;
	promo_kind pk;
	promo_req pr;
	promo_limit_form lf;
	assert_false(promo_subtype_from_key(NULL, &st));
	assert_false(promo_kind_from_key("nothing", &pk));
	assert_false(promo_req_from_key("nothing", &pr));
	assert_false(promo_limit_form_from_key("nothing", &lf));
	assert_null(promo_rules_find(NULL, "regional-promotion/fy2021"));
	promo_catalog empty = { 0 };
	assert_null(promo_rules_find(&empty, NULL));
	assert_null(core_city_find(NULL, "042072"));
	core_city_list none = { 0 };
	assert_null(core_city_find(&none, NULL));
	/* 令和3年度 / 令和6年度概算要求 / 補正 */
	promo_rules r = { .fiscal_year = 2021 };
	char b[64];
	assert_string_equal(promo_round_label(&r, b, sizeof b), "令和3年度");
	r.budget = "supplementary";
	assert_string_equal(promo_round_label(&r, b, sizeof b), "令和3年度補正");
	r.budget = "request";
	r.fiscal_year = 2024;
	assert_string_equal(promo_round_label(&r, b, sizeof b), "令和6年度概算要求");
	r.budget = "initial";
	assert_string_equal(promo_round_label(&r, b, sizeof b), "令和6年度");
}

static void future_tech_keys(void **state)
{
	(void)state;
	assert_string_equal(ft_decision_key(FT_DECISION_APPROVED), "approved");
	assert_string_equal(ft_decision_key(FT_DECISION__MAX), "?");
	assert_string_equal(ft_phase_key(FT_PHASE_UNDECIDED), "undecided");
	assert_string_equal(ft_phase_key(FT_PHASE__MAX), "?");
	ft_decision d = FT_DECISION_PENDING;
	assert_true(ft_decision_parse(NULL, &d));
	assert_int_equal(d, FT_DECISION_NONE);
	assert_true(ft_decision_parse("継続", &d));
	assert_int_equal(d, FT_DECISION_APPROVED);
	assert_true(ft_decision_parse("終了", &d));
	assert_int_equal(d, FT_DECISION_REJECTED);
	assert_true(ft_decision_parse("審査中", &d));
	assert_int_equal(d, FT_DECISION_PENDING);
	assert_false(ft_decision_parse("maybe", &d));
}

static rv_value *kv(dsp_rules *r, dsp_kind k, dsp_kind_field f) { return (rv_value *)dsp_kv(r, k, f); }
static rv_value *mv(dsp_rules *r, dsp_menu m, dsp_menu_field f) { return (rv_value *)dsp_mv(r, m, f); }

static void dispatch_rules_checks(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	finance_rules *fr = arena_alloc(&a, sizeof *fr);
	char err[512], want[512];
	assert_int_equal(finance_rules_load(fr, true, &a, err, sizeof err), 0);
	assert_true(fr->have_dsp);
	assert_int_equal(dsp_rules_validate(&fr->dsp, err, sizeof err), 0);
	dsp_rules *t = arena_alloc(&a, sizeof *t);
	static const char *one_party[] = { "dispatchee", "dispatchee" };
	static const char *bad_party[] = { "someone" };
	static const char *two_parties[] = { "dispatchee", "recipient" };
#define BROKEN(change, msg_fmt, ...)                                            \
	do {                                                                    \
		*t = fr->dsp;                                                   \
		change;                                                         \
		assert_int_equal(dsp_rules_validate(t, err, sizeof err), -1);   \
		snprintf(want, sizeof want, msg_fmt, __VA_ARGS__);              \
		assert_string_equal(err, want);                                 \
	} while (0)
	BROKEN(kv(t, DSP_PRIVATE_EXPERT, DKF_PERIOD_MIN)->n = 0, "%s: 期間の下限と上限が合いません",
	       dsp_kv(t, DSP_PRIVATE_EXPERT, DKF_PERIOD_MIN)->id);
	BROKEN(kv(t, DSP_NATIONAL_OFFICIAL, DKF_PERIOD_MIN)->n = kv(t, DSP_NATIONAL_OFFICIAL, DKF_PERIOD_MAX)->n + 1,
	       "%s: 期間の下限と上限が合いません", dsp_kv(t, DSP_NATIONAL_OFFICIAL, DKF_PERIOD_MIN)->id);
	BROKEN(kv(t, DSP_NATIONAL_OFFICIAL, DKF_PERIOD_SEVERITY)->text = "info", "%s: error か warning であるべきです",
	       dsp_kv(t, DSP_NATIONAL_OFFICIAL, DKF_PERIOD_SEVERITY)->id);
	BROKEN((kv(t, DSP_NATIONAL_OFFICIAL, DKF_EXTENSION)->present = true, kv(t, DSP_NATIONAL_OFFICIAL, DKF_EXTENSION)->n = 0),
	       "%s: 延長の月数は1以上であるべきです", dsp_kv(t, DSP_NATIONAL_OFFICIAL, DKF_EXTENSION)->id);
	BROKEN(kv(t, DSP_NATIONAL_OFFICIAL, DKF_KIGYOUJIN)->text = NULL,
	       "%s: usable / not_applicable / principle_not_usable のどれかであるべきです",
	       dsp_kv(t, DSP_NATIONAL_OFFICIAL, DKF_KIGYOUJIN)->id);
	BROKEN(mv(t, DSP_TALENT_REFERRAL, DMF_PERIOD_MIN)->n = 0, "%s: 期間の下限と上限が合いません",
	       dsp_mv(t, DSP_TALENT_REFERRAL, DMF_PERIOD_MIN)->id);
	BROKEN(mv(t, DSP_COMPANY_DISPATCH, DMF_PARTNER_COUNT)->n += 1, "%s: 協力企業の数 %lld と一覧の %zu 社が合いません",
	       dsp_mv(t, DSP_COMPANY_DISPATCH, DMF_PARTNERS)->id, (long long)dsp_mv(t, DSP_COMPANY_DISPATCH, DMF_PARTNER_COUNT)->n,
	       dsp_mv(t, DSP_COMPANY_DISPATCH, DMF_PARTNERS)->n_partners);
	BROKEN(mv(t, DSP_COMPANY_DISPATCH, DMF_KIGYOUJIN)->text = "sometimes",
	       "%s: usable / not_applicable / principle_not_usable のどれかであるべきです",
	       dsp_mv(t, DSP_COMPANY_DISPATCH, DMF_KIGYOUJIN)->id);
	BROKEN(((rv_value *)dsp_msv(t, DSP_M_CIO, DMEF_MUNICIPALITY))->text = "maybe", "%s: yes / no / conditional のどれかであるべきです",
	       dsp_msv(t, DSP_M_CIO, DMEF_MUNICIPALITY)->id);
	BROKEN((t->v[DSPV_EXTENSION_PARTIES].strings = one_party, t->v[DSPV_EXTENSION_PARTIES].n_strings = 2),
	       "%s: 「dispatchee」は dispatchee / sending_organization / recipient のどれでもないか重複しています",
	       t->v[DSPV_EXTENSION_PARTIES].id);
	BROKEN((t->v[DSPV_EXTENSION_PARTIES].strings = bad_party, t->v[DSPV_EXTENSION_PARTIES].n_strings = 1),
	       "%s: 「someone」は dispatchee / sending_organization / recipient のどれでもないか重複しています",
	       t->v[DSPV_EXTENSION_PARTIES].id);
	BROKEN((t->v[DSPV_EXTENSION_PARTIES].strings = two_parties, t->v[DSPV_EXTENSION_PARTIES].n_strings = 2),
	       "%s: 延長の合意は３者（dispatchee, sending_organization, recipient）です", t->v[DSPV_EXTENSION_PARTIES].id);
	BROKEN(t->v[DSPV_POPULATION_MAX].n = 0, "%s: 人口の上限は正であるべきです", t->v[DSPV_POPULATION_MAX].id);
#undef BROKEN
	arena_free(&a);
}

static const diag *find_diag(const diag_list *l, const char *code)
{
	for (size_t i = 0; i < l->len; i++)
		if (strcmp(l->items[i].code, code) == 0)
			return &l->items[i];
	return NULL;
}

/* promo_check's entry checks: the decoder's diagnostics come first, then the round and 類型 keys */
static void promotion_entry(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	char err[512];
	promo_catalog pc;
	assert_int_equal(promotion_rules_load_embedded(&pc, &a, err, sizeof err), 0);
	catalog cat;
	assert_int_equal(catalog_load(&cat, NULL, NULL, err, sizeof err), 0);
	diag_list dd;
	diag_list_init(&dd, &a);
	diag_add(&dd, DIAG_WARNING, "UNKNOWN_KEY", "x", "不明なキー");
	promo_project p = { 0 };
	promo_result r;
	/* nothing at all: only the decoder's diagnostic, no rules, no organization */
	assert_int_equal(promo_check(&p, &dd, &pc, &cat.orgs, NULL, &a, &r), 0);
	assert_int_equal(r.diags.len, 1);
	assert_string_equal(r.diags.items[0].code, "UNKNOWN_KEY");
	assert_string_equal(r.diags.items[0].message, "不明なキー");
	assert_null(r.rules);
	assert_null(r.org);
	p.round = "regional-promotion/fy2099";
	p.subtype_key = "senku2";
	assert_int_equal(promo_check(&p, NULL, &pc, &cat.orgs, NULL, &a, &r), 0);
	const diag *d = find_diag(&r.diags, "ROUND_UNKNOWN");
	assert_non_null(d);
	assert_non_null(strstr(d->message, "regional-promotion/fy2021"));
	assert_string_equal(find_diag(&r.diags, "SUBTYPE_UNKNOWN")->message,
			    "類型「senku2」はありません（senku 先駆型 / yokotenkai 横展開型 / society5 Society5.0型）");
	assert_false(r.has_subtype);
	/* no catalog at all */
	assert_int_equal(promo_check(&p, NULL, NULL, &cat.orgs, NULL, &a, &r), 0);
	assert_string_equal(find_diag(&r.diags, "ROUND_UNKNOWN")->message, "募集回「regional-promotion/fy2099」はありません（あるもの: ）");
	catalog_free(&cat);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dispatch_keys),
		cmocka_unit_test(promotion_keys),
		cmocka_unit_test(future_tech_keys),
		cmocka_unit_test(dispatch_rules_checks),
		cmocka_unit_test(promotion_entry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
