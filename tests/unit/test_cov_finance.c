/* test_cov_finance.c — 総務省 地域社会DX推進パッケージ ウ 補助事業 and the 地方債 for its
 * local share (src/core/finance.c) with the embedded rule data rules/mic/fy2026-request.json
 * (004_c96e97b2604f50b2.txt, RULES.md §9–§10), and the checks of a loaded rule set.
 * Rule values used (quotes from the rule data):
 *   ウ 「<補助率> 補助対象経費の 1/2」, 「５か年分を上限として補助対象とします」,
 *   「地方公共団体が補助事業の実施主体となる場合の負担分（1 /2）については、以下の地方債を起債することができます」,
 *   過疎対策事業債 充当率 100% 措置率 70%, 辺地対策事業債 100% / 80%, 一般補助施設整備等事業債 90% / 22.2%,
 *   公共事業等債 （都道府県）75% （交付税措置なし）, デジタル活用推進事業債 「地方債充当率：90％」
 *   「交付税措置率（地方単独事業）：50％」 「令和11年度までの５年間」. Money is integer yen, floor to the yen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../../src/core/finance.h"
#include "../../src/io/catalog.h"
#include "../../src/io/mic_rules.h"

static catalog cat;
static arena a;
static mic_rules mr;

static int setup(void **state)
{
	(void)state;
	char err[512];
	arena_init(&a);
	if (catalog_load(&cat, NULL, NULL, err, sizeof err) != 0)
		return -1;
	if (mic_rules_load_embedded(&a, &mr, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&a);
	catalog_free(&cat);
	return 0;
}

static int64_t fig(const fin_result *r, const char *key)
{
	const fin_figure *f = fin_figure_get(r, key);
	if (f == NULL || !f->present)
		fail_msg("no figure %s", key);
	return f->yen;
}

/* The only diagnostic of severity sev, by code. */
static const diag *has_diag(const fin_result *r, diag_severity sev, const char *code)
{
	for (size_t i = 0; i < r->diags.len; i++)
		if (r->diags.items[i].severity == sev && strcmp(r->diags.items[i].code, code) == 0)
			return &r->diags.items[i];
	return NULL;
}

static void ids(void **state)
{
	(void)state;
	for (int i = 0; i < FIN_STATUS__MAX; i++) {
		fin_status s;
		assert_true(fin_status_from_id(fin_status_id((fin_status)i), &s));
		assert_int_equal(s, i);
	}
	for (int i = 0; i < FIN_BOND__MAX; i++) {
		fin_bond b;
		assert_true(fin_bond_from_id(fin_bond_id((fin_bond)i), &b));
		assert_int_equal(b, i);
	}
	for (int i = 0; i < FIN_M__MAX; i++) {
		fin_measure m;
		assert_true(fin_measure_from_id(fin_measure_id((fin_measure)i), &m));
		assert_int_equal(m, i);
	}
	for (int i = 0; i < FIN_EMP__MAX; i++) {
		fin_employment e;
		assert_true(fin_employment_from_id(fin_employment_id((fin_employment)i), &e));
		assert_int_equal(e, i);
	}
	assert_string_equal(fin_status_label(FIN_REQUESTED), "要望中");
	assert_string_equal(fin_status_id(FIN_STATUS__MAX), "?");
	assert_string_equal(fin_status_label(FIN_STATUS__MAX), "?");
	assert_string_equal(fin_bond_id(FIN_BOND_GENERAL), "general_subsidy");
	assert_string_equal(fin_bond_id(FIN_BOND__MAX), "?");
	assert_string_equal(fin_measure_id(FIN_M__MAX), "?");
	assert_string_equal(fin_employment_id(FIN_EMP__MAX), "?");
	fin_status s;
	fin_bond b;
	fin_measure m;
	fin_employment e;
	assert_false(fin_status_from_id("nothing", &s));
	assert_false(fin_status_from_id(NULL, &s));
	assert_false(fin_bond_from_id("nothing", &b));
	assert_false(fin_measure_from_id("nothing", &m));
	assert_false(fin_employment_from_id("nothing", &e));
}

static void validation(void **state)
{
	(void)state;
	char err[256], want[256];
	assert_int_equal(mic_rules_validate(&mr, err, sizeof err), 0);
	mic_rules *t = arena_alloc(&a, sizeof *t);
#define BROKEN(change, msg_fmt, ...)                                                   \
	do {                                                                           \
		*t = mr;                                                               \
		change;                                                                \
		assert_int_equal(mic_rules_validate(t, err, sizeof err), -1);          \
		snprintf(want, sizeof want, msg_fmt, __VA_ARGS__);                     \
		assert_string_equal(err, want);                                        \
	} while (0)
	BROKEN(t->v[MIC_C_RATE].rate = ((fraction){ 3, 2 }), "%s: 率は0以上1以下の分数であるべきです", mic_defs[MIC_C_RATE].id);
	BROKEN(t->v[MIC_C_RATE].rate = ((fraction){ 1, 0 }), "%s: 率は0以上1以下の分数であるべきです", mic_defs[MIC_C_RATE].id);
	BROKEN(t->v[MIC_A2_CAP].n = 0, "%s: 金額は正であるべきです", mic_defs[MIC_A2_CAP].id);
	BROKEN(t->v[MIC_KASO_ISSUERS].kinds = 0, "%s: 団体種別がありません", mic_defs[MIC_KASO_ISSUERS].id);
	BROKEN(t->v[MIC_BOND_ROUNDING].text = "floor_thousand", "%s: 端数処理は floor_yen だけに対応しています",
	       mic_defs[MIC_BOND_ROUNDING].id);
	BROKEN(t->v[MIC_A2_CAP_PREVIOUS].n = 200000000, "%s: 過去に選定された地域の上限が通常の上限を超えています",
	       mic_defs[MIC_A2_CAP_PREVIOUS].id);
	BROKEN(t->v[MIC_CIO_MAX_PERSONS].n = 0, "%s", "人数・団体数の値は1以上であるべきです");
	BROKEN(t->v[MIC_CIO_MAX_PERSONS_FROM_FY].n = 2026, "%s: 年度の範囲が逆です", mic_defs[MIC_CIO_MAX_PERSONS_FROM_FY].id);
	BROKEN(t->v[MIC_PDS_RECRUITMENT_CAP].n = 4000000, "%s: 拡充後の上限が拡充前より小さくなっています",
	       mic_defs[MIC_PDS_RECRUITMENT_CAP_RAISED].id);
#undef BROKEN
}

static void bonds(void **state)
{
	(void)state;
	fin_result r;
	/* デジタル活用推進事業債: 充当率 90%, 措置率 50%, 事業期間 令和11年度まで */
	fin_bond_in in = { .bond = FIN_BOND_DIGITAL };
	assert_int_equal(fin_bond_calc(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_non_null(has_diag(&r, DIAG_ERROR, "REQUIRED_MISSING"));
	assert_string_equal(has_diag(&r, DIAG_ERROR, "REQUIRED_MISSING")->path, "project_cost_yen");
	in = (fin_bond_in){ .bond = FIN_BOND_DIGITAL, .has_project = true, .project_yen = 10000001, .has_fiscal_year = true,
			    .fiscal_year = 2030, .issuer_code = "042072" };
	assert_int_equal(fin_bond_calc(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_false(fin_ok(&r));
	assert_string_equal(has_diag(&r, DIAG_ERROR, "BOND_OUT_OF_PERIOD")->message,
			    "デジタル活用推進事業債の事業期間は令和11年度（2029年度）までです（入力 令和12年度（2030年度））");
	assert_int_equal(fig(&r, "base_yen"), 10000001);
	assert_int_equal(fig(&r, "bond_yen"), 9000000);              /* floor(10,000,001 × 90/100) */
	assert_int_equal(fig(&r, "general_revenue_yen"), 1000001);
	assert_int_equal(fig(&r, "kofuzei_yen"), 4500000);           /* 9,000,000 × 50% */
	assert_int_equal(fig(&r, "net_burden_yen"), 5500001);
	in.fiscal_year = 2029;
	assert_int_equal(fin_bond_calc(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_true(fin_ok(&r));

	/* neither the local share nor the eligible cost */
	in = (fin_bond_in){ .bond = FIN_BOND_KASO };
	assert_int_equal(fin_bond_calc(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_string_equal(has_diag(&r, DIAG_ERROR, "REQUIRED_MISSING")->path, "local_share_yen");

	/* 一般補助施設整備等事業債 from the eligible cost: local share = 10,000,001 − floor(10,000,001 / 2) */
	in = (fin_bond_in){ .bond = FIN_BOND_GENERAL, .has_eligible = true, .eligible_yen = 10000001 };
	assert_int_equal(fin_bond_calc(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_true(fin_ok(&r));
	assert_int_equal(fig(&r, "base_yen"), 5000001);
	assert_int_equal(fig(&r, "bond_yen"), 4500000);    /* floor(5,000,001 × 90/100) = floor(4,500,000.9) */
	assert_int_equal(fig(&r, "kofuzei_yen"), 999000);  /* 4,500,000 × 222/1000 */
	assert_int_equal(fig(&r, "net_burden_yen"), 4001001);

	/* 過疎対策事業債 「過疎法により過疎地域とされた市町村」 */
	in = (fin_bond_in){ .bond = FIN_BOND_KASO, .has_local_share = true, .local_share_yen = 3000000, .kaso_area = TRI_NO };
	assert_int_equal(fin_bond_calc(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_non_null(has_diag(&r, DIAG_ERROR, "BOND_NOT_KASO"));
	assert_int_equal(fig(&r, "kofuzei_yen"), 2100000); /* 3,000,000 × 100% × 70% */
	in.kaso_area = TRI_UNKNOWN;
	assert_int_equal(fin_bond_calc(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_true(fin_ok(&r));
	assert_non_null(has_diag(&r, DIAG_WARNING, "BOND_KASO_UNCONFIRMED"));
	in.kaso_area = TRI_YES;
	assert_int_equal(fin_bond_calc(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_int_equal(r.diags.len, 0);

	/* 辺地対策事業債 「辺地に係る施設整備に限ります」 */
	in = (fin_bond_in){ .bond = FIN_BOND_HEKICHI, .has_local_share = true, .local_share_yen = 3000000, .hekichi_facility = TRI_NO };
	assert_int_equal(fin_bond_calc(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_non_null(has_diag(&r, DIAG_ERROR, "BOND_NOT_HEKICHI"));
	assert_int_equal(fig(&r, "kofuzei_yen"), 2400000); /* 80% */
	in.hekichi_facility = TRI_UNKNOWN;
	assert_int_equal(fin_bond_calc(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_non_null(has_diag(&r, DIAG_WARNING, "BOND_HEKICHI_UNCONFIRMED"));

	/* 公共事業等債 （都道府県）: a city cannot issue it; 「（交付税措置なし）」 → 0円 */
	in = (fin_bond_in){ .bond = FIN_BOND_PUBLIC_WORKS, .has_local_share = true, .local_share_yen = 4000000, .issuer_code = "042072" };
	assert_int_equal(fin_bond_calc(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_string_equal(has_diag(&r, DIAG_ERROR, "BOND_ISSUER")->path, "issuer");
	assert_int_equal(fig(&r, "bond_yen"), 3000000);
	assert_int_equal(fig(&r, "kofuzei_yen"), 0);
	in.issuer_code = "040002"; /* 宮城県 */
	assert_int_equal(fin_bond_calc(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_true(fin_ok(&r));
}

static void organizations(void **state)
{
	(void)state;
	fin_result r;
	struct {
		const char *code, *diag;
	} cases[] = {
		{ NULL, "REQUIRED_MISSING" },      { "04207", "ORG_CODE_SYNTAX" },   { "482001", "ORG_CODE_PREFECTURE" },
		{ "042073", "ORG_CHECK_DIGIT" },   { "049905", "ORG_UNKNOWN" },      { "011011", "ORG_NOT_APPLICANT" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fin_subsidy_in in = { .applicant_code = cases[i].code, .eligible_yen = 1000, .wireless_network = TRI_YES,
				      .connected_solution = TRI_YES };
		assert_int_equal(fin_subsidy(&mr, &cat.orgs, &in, &a, &r), 0);
		const diag *d = has_diag(&r, DIAG_ERROR, cases[i].diag);
		if (d == NULL)
			fail_msg("%s: no %s", cases[i].code ? cases[i].code : "NULL", cases[i].diag);
		assert_string_equal(d->path, "applicant.code");
	}
	fin_subsidy_in in = { .applicant_code = "011011", .eligible_yen = 1000 };
	assert_int_equal(fin_subsidy(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_string_equal(has_diag(&r, DIAG_ERROR, "ORG_NOT_APPLICANT")->message,
			    "札幌市中央区（行政区）は地方公共団体として申請・受入の主体になりません");
	assert_string_equal(fin_path(&r, NULL, "x"), "x");
	assert_string_equal(fin_path(&r, "", "x"), "x");
	assert_string_equal(fin_path(&r, "measures[1]", "x"), "measures[1].x");
}

static void subsidy(void **state)
{
	(void)state;
	fin_result r;
	/* 「補助対象経費の 1/2」, 上限なし */
	fin_subsidy_in in = { .applicant_code = "042072", .eligible_yen = 30000001, .wireless_network = TRI_YES,
			      .connected_solution = TRI_YES, .has_rental_years = true, .rental_years = 5 };
	assert_int_equal(fin_subsidy(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_true(fin_ok(&r));
	assert_int_equal(r.diags.len, 0);
	assert_int_equal(fig(&r, "national_yen"), 15000000);
	assert_int_equal(fig(&r, "local_share_yen"), 15000001);
	/* 「５か年分を上限として」 */
	in.rental_years = 6;
	assert_int_equal(fin_subsidy(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_string_equal(has_diag(&r, DIAG_ERROR, "C_RENTAL_TOO_LONG")->message, "レンタル料・クラウド利用料は5か年分までです（入力 6年）");
	in.has_rental_years = false;
	/* 「①と②を組み合わせたシステムを整備することが要件」 */
	in.wireless_network = TRI_NO;
	assert_int_equal(fin_subsidy(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_string_equal(has_diag(&r, DIAG_ERROR, "C_SYSTEM_INCOMPLETE")->path, "wireless_network");
	in.wireless_network = TRI_YES;
	in.connected_solution = TRI_NO;
	assert_int_equal(fin_subsidy(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_string_equal(has_diag(&r, DIAG_ERROR, "C_SYSTEM_INCOMPLETE")->path, "connected_solution");
	in.connected_solution = TRI_UNKNOWN;
	assert_int_equal(fin_subsidy(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_true(fin_ok(&r));
	assert_non_null(has_diag(&r, DIAG_INFO, "C_SYSTEM_UNCONFIRMED"));
	in.connected_solution = TRI_YES;

	/* the local share with a 過疎対策事業債: 15,000,001 × 100% → 措置 70% = 10,500,000 (floor of 10,500,000.7) */
	in.has_bond = true;
	in.bond = FIN_BOND_KASO;
	in.kaso_area = TRI_YES;
	assert_int_equal(fin_subsidy(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_true(fin_ok(&r));
	assert_int_equal(fig(&r, "bond_yen"), 15000001);
	assert_int_equal(fig(&r, "kofuzei_yen"), 10500000);
	assert_int_equal(fig(&r, "net_burden_yen"), 4500001);
	/* デジタル活用推進事業債 is for 地方単独事業 only (「国庫補助事業の地方負担…を除く」) */
	in.bond = FIN_BOND_DIGITAL;
	assert_int_equal(fin_subsidy(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_non_null(has_diag(&r, DIAG_ERROR, "C_BOND_DIGITAL"));
	/* a 公共事業等債 for a city: the issuer check applies to the applicant */
	in.bond = FIN_BOND_PUBLIC_WORKS;
	assert_int_equal(fin_subsidy(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_string_equal(has_diag(&r, DIAG_ERROR, "BOND_ISSUER")->path, "applicant.code");

	/* 企業・団体などが実施主体: 「地方公共団体を１以上含むコンソーシアムを形成していることが要件」 */
	fin_subsidy_in p = { .private_applicant = true, .eligible_yen = 999, .wireless_network = TRI_YES, .connected_solution = TRI_YES,
			     .consortium_with_local_government = TRI_NO };
	assert_int_equal(fin_subsidy(&mr, &cat.orgs, &p, &a, &r), 0);
	assert_non_null(has_diag(&r, DIAG_ERROR, "C_CONSORTIUM"));
	assert_int_equal(fig(&r, "national_yen"), 499);
	assert_int_equal(fig(&r, "local_share_yen"), 500);
	assert_string_equal(fin_figure_get(&r, "local_share_yen")->label, "実施主体の負担");
	p.consortium_with_local_government = TRI_UNKNOWN;
	assert_int_equal(fin_subsidy(&mr, &cat.orgs, &p, &a, &r), 0);
	assert_true(fin_ok(&r));
	assert_non_null(has_diag(&r, DIAG_WARNING, "C_CONSORTIUM_UNCONFIRMED"));
	p.consortium_with_local_government = TRI_YES;
	p.has_bond = true;
	assert_int_equal(fin_subsidy(&mr, &cat.orgs, &p, &a, &r), 0);
	assert_non_null(has_diag(&r, DIAG_ERROR, "C_BOND_PRIVATE"));
	assert_null(fin_figure_get(&r, "nothing"));
}


/* 特別交付税 (004_c96e97b2604f50b2.txt): 「対象経費の合計額に0.7を乗じて得た額」; CIO補佐官等 「財政措置の対象上限は３名分
 * （令和6～７年度）」, 募集経費 100万円, 「R7年度まで」, 「（23区対象外）」 */
static void special_tax_cio(void **state)
{
	(void)state;
	fin_result r;
	const fin_person persons[] = { { .cost_yen = 1000000 }, { .name = "佐藤", .cost_yen = 3000000 }, { .cost_yen = 2000000 },
				       { .cost_yen = 3000000, .path = "staff.b" } };
	fin_special_tax_in in = { .measure = FIN_M_CIO, .org_code = "042072", .fiscal_year = 2024, .persons = persons, .n_persons = 4,
				  .has_recruitment = true, .recruitment_yen = 1500000 };
	assert_int_equal(fin_special_tax(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_true(fin_ok(&r));
	/* the three largest count; the 1,000,000円 one is left out */
	const diag *d = has_diag(&r, DIAG_WARNING, "ST_CIO_PERSON_LIMIT");
	assert_non_null(d);
	assert_string_equal(d->path, "persons[0]");
	assert_int_equal(diag_count(&r.diags, DIAG_WARNING), 1);
	assert_int_equal(fig(&r, "appointment_cost_yen"), 8000000);
	assert_int_equal(fig(&r, "appointment_kofuzei_yen"), 5600000);
	assert_int_equal(fig(&r, "recruitment_eligible_yen"), 1000000);
	assert_int_equal(fig(&r, "recruitment_kofuzei_yen"), 700000);
	assert_int_equal(fig(&r, "kofuzei_yen"), 6300000);
	/* before 令和6年度 the seed states no limit: everyone counts, with a warning */
	in.fiscal_year = 2023;
	in.has_recruitment = false;
	in.path = "measures[0]";
	assert_int_equal(fin_special_tax(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_string_equal(has_diag(&r, DIAG_WARNING, "ST_CIO_LIMIT_NOT_STATED")->path, "measures[0].fiscal_year");
	assert_int_equal(fig(&r, "appointment_cost_yen"), 9000000);
	assert_int_equal(fig(&r, "kofuzei_yen"), 6300000);
	/* after 令和7年度: out of period */
	in.fiscal_year = 2026;
	assert_int_equal(fin_special_tax(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_string_equal(has_diag(&r, DIAG_ERROR, "ST_OUT_OF_PERIOD")->path, "measures[0].fiscal_year");
	/* 23区対象外, and prefectures are not 市町村 */
	in = (fin_special_tax_in){ .measure = FIN_M_CIO, .org_code = "131016", .fiscal_year = 2025, .org_path = "org" };
	assert_int_equal(fin_special_tax(&mr, &cat.orgs, &in, &a, &r), 0);
	d = has_diag(&r, DIAG_ERROR, "ST_NOT_ELIGIBLE_ORG");
	assert_string_equal(d->path, "org");
	assert_true(strncmp(d->message, "千代田区は特別区で、", strlen("千代田区は特別区で、")) == 0);
	assert_int_equal(fig(&r, "kofuzei_yen"), 0);
	in.org_code = "040002";
	assert_int_equal(fin_special_tax(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_true(strncmp(has_diag(&r, DIAG_ERROR, "ST_NOT_ELIGIBLE_ORG")->message, "宮城県（都道府県）は", strlen("宮城県（都道府県）は")) == 0);
	in.measure = FIN_M__MAX;
	assert_int_equal(fin_special_tax(&mr, &cat.orgs, &in, &a, &r), -1);
}

/* 市町村支援のためのデジタル人材: 「人件費相当額： 2,000万円/人」, 「募集経費： 100万円/団体 →300万円/団体」
 * 「拡充期間は 令和９年度まで」, 「令和7年度から、アクセラレータのうち常勤職員の人件費について普通交付税措置」
 * 「普通交付税 単価780万円程度×人数」; DX推進リーダー 上限なし 「R7年度まで」 */
static void special_tax_staff_and_leader(void **state)
{
	(void)state;
	fin_result r;
	const fin_person persons[] = { { .cost_yen = 25000000, .employment = FIN_EMP_PART_TIME },
				       { .name = "常勤", .cost_yen = 9000000, .employment = FIN_EMP_FULL_TIME } };
	fin_special_tax_in in = { .measure = FIN_M_PREF_DIGITAL_STAFF, .org_code = "040002", .fiscal_year = 2025, .persons = persons,
				  .n_persons = 2, .has_recruitment = true, .recruitment_yen = 5000000, .has_other = true,
				  .other_yen = 1000000 };
	assert_int_equal(fin_special_tax(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_true(fin_ok(&r));
	assert_int_equal(r.diags.len, 0);
	assert_int_equal(fig(&r, "personnel_cost_yen"), 25000000);
	assert_int_equal(fig(&r, "personnel_eligible_yen"), 20000000);
	assert_int_equal(fig(&r, "recruitment_eligible_yen"), 3000000);
	assert_int_equal(fig(&r, "other_cost_yen"), 1000000);
	assert_int_equal(fig(&r, "eligible_total_yen"), 24000000);
	assert_int_equal(fig(&r, "kofuzei_yen"), 16800000);
	assert_int_equal(fig(&r, "ordinary_kofuzei_approx_yen"), 7800000);
	assert_true(fin_figure_get(&r, "ordinary_kofuzei_approx_yen")->approximate);
	/* a 市 (info), after the raised period (100万円), an accelerator at a 市 (warning) */
	const fin_person p2[] = { { .cost_yen = 10000000 }, { .cost_yen = 1, .employment = FIN_EMP_FULL_TIME, .path = "p.x" } };
	in = (fin_special_tax_in){ .measure = FIN_M_PREF_DIGITAL_STAFF, .org_code = "042072", .fiscal_year = 2028, .persons = p2,
				   .n_persons = 2, .has_recruitment = true, .recruitment_yen = 5000000 };
	assert_int_equal(fin_special_tax(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_true(fin_ok(&r));
	assert_non_null(has_diag(&r, DIAG_INFO, "ST_PDS_MUNICIPAL"));
	assert_string_equal(has_diag(&r, DIAG_WARNING, "ST_ACCELERATOR_NOT_PREFECTURE")->path, "p.x");
	assert_int_equal(fig(&r, "recruitment_eligible_yen"), 1000000);
	assert_int_equal(fig(&r, "eligible_total_yen"), 11000000);
	assert_int_equal(fig(&r, "kofuzei_yen"), 7700000);
	/* before 令和7年度 a full-time employee is an ordinary person */
	in.fiscal_year = 2024;
	assert_int_equal(fin_special_tax(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_int_equal(fig(&r, "personnel_cost_yen"), 10000001);
	assert_null(fin_figure_get(&r, "ordinary_kofuzei_approx_yen"));

	in = (fin_special_tax_in){ .measure = FIN_M_DX_LEADER, .org_code = "042072", .fiscal_year = 2025, .has_other = true,
				   .other_yen = 1000001 };
	assert_int_equal(fin_special_tax(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_true(fin_ok(&r));
	assert_int_equal(fig(&r, "training_cost_yen"), 1000001);
	assert_int_equal(fig(&r, "kofuzei_yen"), 700000); /* floor(700,000.7) */
	in.fiscal_year = 2026;
	in.has_other = false;
	assert_int_equal(fin_special_tax(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_non_null(has_diag(&r, DIAG_ERROR, "ST_OUT_OF_PERIOD"));
	assert_int_equal(fig(&r, "kofuzei_yen"), 0);
}

/* 地域活性化起業人: 「三大都市圏外の市町村（※）が…特別交付税措置」, 「人材の受入に要する経費 上限額 年間 560万円/人」;
 * the rate is not stated, so no 措置額 */
static void kigyoujin(void **state)
{
	(void)state;
	fin_result r;
	const fin_person persons[] = { { .cost_yen = 6000000 }, { .name = "鈴木", .cost_yen = 5000000 } };
	fin_kigyoujin_in in = { .org_code = "042072", .persons = persons, .n_persons = 2, .outside_metro = TRI_YES };
	assert_int_equal(fin_kigyoujin(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_true(fin_ok(&r));
	assert_int_equal(fig(&r, "cost_yen"), 11000000);
	assert_int_equal(fig(&r, "eligible_yen"), 10600000);
	assert_false(fin_figure_get(&r, "kofuzei_yen")->present);
	assert_string_equal(has_diag(&r, DIAG_WARNING, "RULE_NOT_STATED")->path, "persons");
	in.outside_metro = TRI_NO;
	assert_int_equal(fin_kigyoujin(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_string_equal(has_diag(&r, DIAG_ERROR, "KJ_INSIDE_METRO")->path, "outside_three_metropolitan_areas");
	in.outside_metro = TRI_UNKNOWN;
	in.path = "m";
	in.org_code = "040002";
	assert_int_equal(fin_kigyoujin(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_non_null(has_diag(&r, DIAG_WARNING, "KJ_METRO_UNKNOWN"));
	assert_string_equal(has_diag(&r, DIAG_ERROR, "KJ_PREFECTURE")->path, "m.organization");
}

static const fin_fact *fact(const fin_result *r, const char *key)
{
	for (size_t i = 0; i < r->n_facts; i++)
		if (strcmp(r->facts[i].key, key) == 0)
			return &r->facts[i];
	fail_msg("no fact %s", key);
	return NULL;
}

/* ア-2 推進体制構築支援: 「都道府県が管内の１市区町村以上と連携して申請すること。」, 「過去に申請した際よりも1以上多くの市町村」,
 * 「上限１億円」, 「過去に支援地域として選定採択された地域については上限5,000万円。」 */
static void dx_package(void **state)
{
	(void)state;
	fin_result r;
	const char *codes[] = { "042072", "042021", "042072", "022012", "040002", "04207" };
	fin_dx_package_in in = { .prefecture_code = "040002", .partner_codes = codes, .n_partner_codes = 6, .previously_selected = true,
				 .has_previous_partner_count = true, .previous_partner_count = 2, .has_scale = true,
				 .scale_yen = 60000000 };
	assert_int_equal(fin_dx_package(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_string_equal(has_diag(&r, DIAG_ERROR, "A2_PARTNER_DUPLICATE")->path, "partners[2]");
	assert_string_equal(has_diag(&r, DIAG_ERROR, "A2_PARTNER_OUTSIDE")->message, "青森市は宮城県の管内ではありません");
	assert_string_equal(has_diag(&r, DIAG_ERROR, "A2_PARTNER_KIND")->path, "partners[4]");
	assert_string_equal(has_diag(&r, DIAG_ERROR, "ORG_CODE_SYNTAX")->path, "partners[5]");
	assert_int_equal(fact(&r, "partners")->n, 2);
	assert_int_equal(fact(&r, "required_partners")->n, 3);
	assert_false(fact(&r, "partners_ok")->b);
	assert_string_equal(has_diag(&r, DIAG_ERROR, "A2_NOT_MORE_THAN_PREVIOUS")->message,
			    "過去に選定された地域は前回（2市町村）より1以上多くの市町村と連携して申請します（今回 2）");
	assert_int_equal(fig(&r, "cap_yen"), 50000000);
	assert_int_equal(fig(&r, "capped_scale_yen"), 50000000);
	assert_non_null(has_diag(&r, DIAG_WARNING, "A2_SCALE_OVER_CAP"));
	assert_int_equal(fact(&r, "municipalities_in_prefecture")->n, 35);
	assert_string_equal(fact(&r, "participating_share")->text, "2/35");

	/* by count: more than the prefecture has */
	in = (fin_dx_package_in){ .prefecture_code = "040002", .has_partner_count = true, .partner_count = 36, .has_scale = true,
				  .scale_yen = 100000000 };
	assert_int_equal(fin_dx_package(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_string_equal(has_diag(&r, DIAG_ERROR, "A2_PARTNER_COUNT_EXCEEDS")->message, "宮城県の管内の市区町村は35団体です（入力 36）");
	assert_int_equal(fig(&r, "cap_yen"), 100000000);
	assert_int_equal(fig(&r, "capped_scale_yen"), 100000000);
	assert_null(has_diag(&r, DIAG_WARNING, "A2_SCALE_OVER_CAP"));
	in.partner_count = 35;
	assert_int_equal(fin_dx_package(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_true(fin_ok(&r));
	assert_string_equal(fact(&r, "participating_share")->text, "35/35");
	/* previously selected without the previous count; none at all */
	in = (fin_dx_package_in){ .prefecture_code = "040002", .has_partner_count = true, .partner_count = 0, .previously_selected = true };
	assert_int_equal(fin_dx_package(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_non_null(has_diag(&r, DIAG_ERROR, "A2_PREVIOUS_COUNT_MISSING"));
	assert_string_equal(has_diag(&r, DIAG_ERROR, "A2_TOO_FEW_PARTNERS")->path, "partner_count");
	/* a city is not a 都道府県 */
	in = (fin_dx_package_in){ .prefecture_code = "042072", .has_partner_count = true, .partner_count = 1 };
	assert_int_equal(fin_dx_package(&mr, &cat.orgs, &in, &a, &r), 0);
	assert_string_equal(has_diag(&r, DIAG_ERROR, "A2_NOT_PREFECTURE")->message, "推進体制構築支援は都道府県が主体となって申請します（名取市は市）");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ids),           cmocka_unit_test(validation), cmocka_unit_test(bonds),
		cmocka_unit_test(organizations), cmocka_unit_test(subsidy),
		cmocka_unit_test(special_tax_cio), cmocka_unit_test(special_tax_staff_and_leader), cmocka_unit_test(kigyoujin), cmocka_unit_test(dx_package),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
