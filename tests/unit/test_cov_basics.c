/* test_cov_basics.c — the small building blocks of src/core: money notations
 * (money.c), 和暦 and dates (fiscal.c), organization codes (orgcode.c), the key tables
 * of rules.c / application.c / lifecycle.c / worksheet.c / diag.c, and the arena.
 * Complements test_money.c, test_fiscal.c, test_orgcode.c and test_lifecycle.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../../src/core/application.h"
#include "../../src/core/arena.h"
#include "../../src/core/diag.h"
#include "../../src/core/fiscal.h"
#include "../../src/core/lifecycle.h"
#include "../../src/core/money.h"
#include "../../src/core/orgcode.h"
#include "../../src/core/rules.h"
#include "../../src/core/worksheet.h"
#include "../../src/io/catalog.h"

static int64_t yen_of(const char *s)
{
	int64_t y = -1;
	money_err e = money_parse(s, &y);
	if (e != MONEY_OK)
		fail_msg("money_parse(\"%s\") = %d (%s)", s, e, money_strerror(e));
	return y;
}

static money_err err_of(const char *s)
{
	int64_t y = 0;
	return money_parse(s, &y);
}

/* money.h: 「Parsing accepts the notations the seeds use: 179,293千円, 1億円, 9,000万円,
 * 1億2,000万円, 228.0億円 (only when exact in yen), full-width digits too.」 */
static void money_notations(void **state)
{
	(void)state;
	assert_int_equal(yen_of("\xC2\xA5" "1,000"), 1000);               /* ¥ (U+00A5) */
	assert_int_equal(yen_of("￥１，０００"), 1000);                        /* ￥ and full-width digits and comma */
	assert_int_equal(yen_of("1、000円"), 1000);                          /* 、 as grouping */
	assert_int_equal(yen_of("１２．５万円"), 125000);                      /* full-width point */
	assert_int_equal(yen_of("\xE3\x80\x80" "100円" "\xE3\x80\x80"), 100); /* ideographic spaces */
	assert_int_equal(yen_of("\t 5円 \t"), 5);
	assert_int_equal(yen_of("1兆円"), INT64_C(1000000000000));
	assert_int_equal(yen_of("3百万円"), 3000000);
	assert_int_equal(yen_of("2千円"), 2000);
	assert_int_equal(yen_of("179,293千円"), 179293000);
	assert_int_equal(yen_of("1億2,000万円"), 120000000);
	assert_int_equal(yen_of("1億"), 100000000);
	assert_int_equal(yen_of("228.0億円"), INT64_C(22800000000));
	assert_int_equal(yen_of("1,000.5万円"), 10005000);
	assert_int_equal(yen_of("9223372036854775807"), INT64_MAX);
	assert_int_equal(yen_of("0"), 0);

	assert_int_equal(err_of("   "), MONEY_ERR_EMPTY);
	assert_int_equal(err_of("￥"), MONEY_ERR_SYNTAX);
	assert_int_equal(err_of("\xE2\x88\x92" "100"), MONEY_ERR_NEGATIVE); /* − (U+2212) */
	assert_int_equal(err_of("\xF0\x9F\x98\x80"), MONEY_ERR_SYNTAX);     /* an emoji */
	assert_int_equal(err_of("\xE3\x41"), MONEY_ERR_SYNTAX);             /* broken UTF-8 */
	assert_int_equal(err_of("1百円"), MONEY_ERR_SYNTAX);                /* 百 only in 百万 */
	assert_int_equal(err_of("1百"), MONEY_ERR_SYNTAX);
	assert_int_equal(err_of("1."), MONEY_ERR_SYNTAX);
	assert_int_equal(err_of("1,00.5万円"), MONEY_ERR_SYNTAX);
	assert_int_equal(err_of("0.0000000000001億円"), MONEY_ERR_SYNTAX); /* 13 decimals */
	assert_int_equal(err_of("1億円1万"), MONEY_ERR_SYNTAX);
	assert_int_equal(err_of("9223372036854775808"), MONEY_ERR_OVERFLOW);
	assert_int_equal(err_of("9999999兆円"), MONEY_ERR_OVERFLOW);
	assert_int_equal(err_of("9223372兆1000億円"), MONEY_ERR_OVERFLOW);
	assert_int_equal(err_of("0.5円"), MONEY_ERR_FRACTION);
	assert_string_equal(money_strerror(MONEY_ERR_FRACTION), "金額が1円単位の整数になりません");
	assert_string_equal(money_strerror(MONEY_OK), "正常");
	assert_string_equal(money_strerror(MONEY_ERR__MAX), "不明なエラー");
}

static void money_formats(void **state)
{
	(void)state;
	char b[64];
	assert_string_equal(money_format_grouped(-1234567, b, sizeof b), "-1,234,567");
	assert_string_equal(money_format_grouped(INT64_MIN, b, sizeof b), "-9,223,372,036,854,775,808");
	assert_string_equal(money_format_yen(999, b, sizeof b), "999円");
	assert_string_equal(money_format_human(5000, b, sizeof b), "5,000円");
	assert_string_equal(money_format_human(12345, b, sizeof b), "12,345円");
	assert_string_equal(money_format_human(57000000, b, sizeof b), "5,700万円");
	assert_string_equal(money_format_human(100000000, b, sizeof b), "1億円");
	assert_string_equal(money_format_human(120000000, b, sizeof b), "1億2,000万円");
	assert_string_equal(money_format_human(INT64_C(1200000000000), b, sizeof b), "12,000億円");
	/* 「億円は公表どおり 0.1 億円に四捨五入」 (README): half up */
	assert_string_equal(money_format_oku1(25000000, b, sizeof b), "0.3億円");
	assert_string_equal(money_format_oku1(24999999, b, sizeof b), "0.2億円");
	assert_string_equal(money_format_oku1(22800000000, b, sizeof b), "228.0億円");
	assert_string_equal(money_format_oku1(-250000000, b, sizeof b), "-2.5億円");
	int64_t s;
	assert_true(money_add(INT64_MAX - 1, 1, &s));
	assert_int_equal(s, INT64_MAX);
	assert_false(money_add(INT64_MAX, 1, &s));
}

static void fractions(void **state)
{
	(void)state;
	fraction f;
	assert_true(fraction_parse("3/4", &f));
	assert_int_equal(f.num, 3);
	assert_int_equal(f.den, 4);
	assert_false(fraction_parse("x/2", &f));
	assert_false(fraction_parse("1-2", &f));
	assert_false(fraction_parse("1/x", &f));
	assert_false(fraction_parse("1/2000000000", &f));
	assert_false(fraction_parse("2000000000/3", &f));
	assert_false(fraction_parse("99999999999999999999/1", &f));
	assert_true(fraction_parse_decimal("0.123456789", &f));
	assert_int_equal(f.num, 123456789);
	assert_int_equal(f.den, 1000000000);
	assert_false(fraction_parse_decimal("0.1234567890", &f));
	assert_false(fraction_parse_decimal("1000001", &f));
	assert_false(fraction_parse_decimal("abc", &f));
	assert_false(fraction_parse_decimal("0.5x", &f));
	assert_true(fraction_parse_decimal("1000000", &f));
	assert_int_equal(f.num, 1000000);
	assert_int_equal(f.den, 1);
	char b[32];
	assert_string_equal(fraction_format((fraction){ 10, 10 }, b, sizeof b), "10/10");
	assert_int_equal(fraction_cmp((fraction){ 1, 2 }, (fraction){ 2, 4 }), 0);
	assert_true(fraction_cmp((fraction){ 2, 3 }, (fraction){ 3, 4 }) < 0);
	assert_true(fraction_cmp((fraction){ 3, 4 }, (fraction){ 2, 3 }) > 0);
	/* 88,201千円 × 3/4 = 66,150,750円 (001_2b97fb39079cc39d.txt 「88,201千円 (66,150千円)」 before 千円 rounding) */
	int64_t out;
	assert_true(money_mul_fraction_floor(88201000, (fraction){ 3, 4 }, &out));
	assert_int_equal(out, 66150750);
	assert_true(money_mul_fraction_floor(100, (fraction){ 1, 3 }, &out));
	assert_int_equal(out, 33);
	assert_false(money_mul_fraction_floor(100, (fraction){ 1, 0 }, &out));
	assert_false(money_mul_fraction_floor(-1, (fraction){ 1, 2 }, &out));
	assert_false(money_mul_fraction_floor(100, (fraction){ -1, 2 }, &out));
	assert_false(money_mul_fraction_floor(INT64_MAX, (fraction){ 2, 1 }, &out));
	assert_true(money_mul_fraction_floor(INT64_MAX, (fraction){ 1, 1 }, &out));
	assert_int_equal(out, INT64_MAX);
}

static void dates_and_wareki(void **state)
{
	(void)state;
	civil_date d;
	assert_true(date_parse_iso("2000-02-29", &d)); /* divisible by 400 */
	assert_false(date_parse_iso("1900-02-29", &d)); /* by 100, not 400 */
	assert_false(date_parse_iso("2023-02-29", &d));
	assert_true(date_parse_iso("2024-12-31", &d));
	assert_int_equal(fiscal_year_of(d), 2024);
	assert_false(date_parse_iso(NULL, &d));
	assert_false(date_parse_iso("2023/01/01", &d));
	assert_false(date_parse_iso("2023-01-0a", &d));
	assert_false(date_parse_iso("20a3-01-01", &d));
	assert_false(date_parse_iso("1899-12-31", &d));
	assert_false(date_parse_iso("2023-00-10", &d));
	assert_false(date_parse_iso("2023-01-00", &d));
	assert_false(date_parse_iso("2023-04-31", &d));
	assert_false(date_parse_iso("2023-01-011", &d));
	char b[32];
	/* RULES.md §0.3 「令和元年度 = FY2019」, 平成N年度 = FY(1988+N) */
	assert_string_equal(wareki_fiscal_year(1989, b, sizeof b), "平成元年度");
	assert_string_equal(wareki_fiscal_year(1990, b, sizeof b), "平成2年度");
	assert_string_equal(wareki_fiscal_year(1988, b, sizeof b), "1988年度");
	int fy = 0;
	assert_true(wareki_parse_fiscal_year("R元", &fy));
	assert_int_equal(fy, 2019);
	assert_true(wareki_parse_fiscal_year("H元年度", &fy));
	assert_int_equal(fy, 1989);
	assert_true(wareki_parse_fiscal_year("平成31年度", &fy));
	assert_int_equal(fy, 2019);
	assert_true(wareki_parse_fiscal_year("令和４年", &fy));
	assert_int_equal(fy, 2022);
	assert_true(wareki_parse_fiscal_year("2022", &fy));
	assert_int_equal(fy, 2022);
	assert_false(wareki_parse_fiscal_year(NULL, &fy));
	assert_false(wareki_parse_fiscal_year("令和100年度", &fy));
	assert_false(wareki_parse_fiscal_year("平成0年度", &fy));
	assert_false(wareki_parse_fiscal_year("1899年度", &fy));
	assert_false(wareki_parse_fiscal_year("2201", &fy));
	assert_false(wareki_parse_fiscal_year("202201", &fy));
	assert_false(wareki_parse_fiscal_year("2022年", &fy));
	assert_false(wareki_parse_fiscal_year("令和4年度令和4年度令和4年度令和4年度令和4年度", &fy)); /* ≥ 64 bytes */
}

static catalog cat;

static void orgcodes(void **state)
{
	(void)state;
	char err[512];
	assert_int_equal(catalog_load(&cat, NULL, NULL, err, sizeof err), 0);
	assert_int_equal(orgcode_validate(NULL), ORGCODE_ERR_SYNTAX);
	assert_int_equal(orgcode_validate("04207"), ORGCODE_ERR_SYNTAX);
	assert_int_equal(orgcode_validate("482001"), ORGCODE_ERR_PREFECTURE);
	assert_int_equal(orgcode_validate("042073"), ORGCODE_ERR_CHECK_DIGIT);
	assert_null(org_find(&cat.orgs, NULL));
	org_master none = { 0 };
	assert_null(org_find(&none, "042072"));
	assert_null(org_find(NULL, "042072"));
	assert_null(org_find(&cat.orgs, "049905")); /* valid shape, absent */
	assert_string_equal(org_kind_label(ORG_KUMIAI), "一部事務組合");
	assert_string_equal(org_kind_label(ORG_KIND__MAX), "?");
	assert_string_equal(org_kind_id(ORG_KIND__MAX), "?");
	for (int k = 0; k < ORG_KIND__MAX; k++) {
		org_kind back;
		assert_true(org_kind_from_id(org_kind_id((org_kind)k), &back));
		assert_int_equal(back, k);
	}
	/* 「市町村（特別区含む）」 (001_2b97fb39079cc39d.txt) */
	assert_true(org_kind_is_municipal(ORG_SPECIAL_WARD));
	assert_true(org_kind_is_municipal(ORG_VILLAGE));
	assert_true(org_kind_is_municipal(ORG_DESIGNATED_CITY));
	assert_false(org_kind_is_municipal(ORG_WARD));
	assert_false(org_kind_is_municipal(ORG_PREFECTURE));
	assert_false(org_kind_is_municipal(ORG_KOIKI));
	org_resolution r;
	org_resolve_row(&cat.orgs, "宮城県", "04207", "", &r);
	assert_null(r.org);
	assert_int_equal(r.n_problems, 1);
	assert_int_equal(r.problem[0].column, ORG_ROW_CODE);
	assert_string_equal(r.problem[0].message, "団体コード「04207」が不正です（6桁・検査数字）");
	org_resolve_row(&cat.orgs, "宮城県", "049905", "", &r);
	assert_string_equal(r.problem[0].message, "団体コード「049905」は団体マスタにありません");
	org_resolve_row(&cat.orgs, "宮城県", "", "", &r);
	assert_int_equal(r.problem[0].column, ORG_ROW_NAME);
	assert_string_equal(r.problem[0].message, "団体名も団体コードもありません");
	org_resolve_row(&cat.orgs, "宮城県", "042072", "名取市", &r);
	assert_int_equal(r.n_problems, 0);
	assert_string_equal(r.org->code, "042072");
	/* unknown prefecture with a good code: the code still resolves, the prefecture is reported */
	org_resolve_row(&cat.orgs, "大江戸県", "042072", "", &r);
	assert_int_equal(r.n_problems, 1);
	assert_int_equal(r.problem[0].column, ORG_ROW_PREFECTURE);
	assert_non_null(r.org);
	catalog_free(&cat);
}

static void key_tables(void **state)
{
	(void)state;
	assert_string_equal(requirement_key(REQ__MAX), "?");
	assert_string_equal(review_point_key(RP__MAX), "?");
	assert_string_equal(rounding_mode_key(ROUND__MAX), "?");
	for (int i = 0; i < REQ__MAX; i++) {
		requirement_id back;
		assert_true(requirement_from_key(requirement_key((requirement_id)i), &back));
		assert_int_equal(back, i);
	}
	for (int i = 0; i < RP__MAX; i++) {
		review_point_id back;
		assert_true(review_point_from_key(review_point_key((review_point_id)i), &back));
		assert_int_equal(back, i);
	}
	rounding_mode rm;
	assert_true(rounding_mode_from_key("floor_thousand", &rm));
	assert_int_equal(rm, ROUND_FLOOR_THOUSAND);
	assert_false(rounding_mode_from_key("round_half_up", &rm));
	requirement_id rq;
	assert_false(requirement_from_key("nothing", &rq));
	review_point_id rp;
	assert_false(review_point_from_key("nothing", &rp));
	/* fy2022-supp rounding: 「88,201千円 (66,150千円)」 → 千円未満切捨て */
	assert_int_equal(rounding_apply(ROUND_FLOOR_THOUSAND, 66150750), 66150000);
	assert_int_equal(rounding_apply(ROUND_FLOOR_YEN, 66150750), 66150750);
	assert_int_equal(rounding_apply(ROUND__MAX, 1234), 1234);
	assert_null(rules_find(NULL, "x"));
	rule_catalog empty = { 0 };
	assert_null(rules_find(&empty, NULL));
	assert_null(rules_find_menu(NULL, "type1"));
	rule_set rs = { .fiscal_year = 2024, .budget = "request" };
	char b[64];
	assert_string_equal(rules_round_label(&rs, b, sizeof b), "令和6年度概算要求");
	rs.budget = "initial";
	assert_string_equal(rules_round_label(&rs, b, sizeof b), "令和6年度当初");
	rs.budget = "supplementary";
	rs.fiscal_year = 2022;
	assert_string_equal(rules_round_label(&rs, b, sizeof b), "令和4年度補正");
	rs.budget = "";
	assert_string_equal(rules_round_label(&rs, b, sizeof b), "令和4年度");
	assert_null(rules_find_menu(&rs, NULL));

	assert_string_equal(declaration_key(DECL__MAX), "?");
	assert_string_equal(dp_policy_key(DP__MAX), "?");
	assert_string_equal(dp_policy_label(DP__MAX), "?");
	assert_string_equal(tw_facility_kind_key(TW__MAX), "?");
	assert_string_equal(tw_facility_kind_label(TW__MAX), "?");
	for (int i = 0; i < DP__MAX; i++) {
		dp_policy back;
		assert_true(dp_policy_from_key(dp_policy_key((dp_policy)i), &back));
		assert_int_equal(back, i);
		assert_string_not_equal(dp_policy_label((dp_policy)i), "?");
	}
	for (int i = 0; i < TW__MAX; i++) {
		tw_facility_kind back;
		assert_true(tw_facility_kind_from_key(tw_facility_kind_key((tw_facility_kind)i), &back));
		assert_int_equal(back, i);
	}
	for (int i = 0; i < DECL__MAX; i++) {
		declaration_id back;
		assert_true(declaration_from_key(declaration_key((declaration_id)i), &back));
		assert_int_equal(back, i);
	}
	dp_policy dp;
	assert_false(dp_policy_from_key("nothing", &dp));
	tw_facility_kind tk;
	assert_false(tw_facility_kind_from_key("nothing", &tk));
	assert_string_equal(field_label("childcare"), "子育て");
	assert_null(field_label("nothing"));

	assert_string_equal(diag_severity_name(DIAG_INFO), "info");
	assert_string_equal(diag_severity_name(DIAG__MAX), "?");
}

static void lifecycle_tables(void **state)
{
	(void)state;
	assert_string_equal(app_status_key(APP_STATUS__MAX), "?");
	assert_string_equal(app_status_label(APP_STATUS__MAX), "?");
	assert_string_equal(app_action_key(ACT__MAX), "?");
	assert_string_equal(user_role_key(ROLE__MAX), "?");
	assert_string_equal(app_status_label(APP_NAIJI), "内示");
	app_status s;
	user_role r;
	assert_false(app_status_from_key(NULL, &s));
	assert_false(app_status_from_key("nothing", &s));
	assert_false(user_role_from_key(NULL, &r));
	assert_false(user_role_from_key("nothing", &r));
	assert_true(user_role_from_key("reviewer", &r));
	assert_int_equal(r, ROLE_REVIEWER);
	assert_false(lifecycle_role_may(ROLE__MAX, ACT_EDIT));
	assert_false(lifecycle_role_may(ROLE_ADMIN, ACT__MAX));
	assert_false(lifecycle_role_may(ROLE_REVIEWER, ACT_ADOPT));
	assert_true(lifecycle_role_may(ROLE_SECRETARIAT, ACT_GRANT));
	assert_false(lifecycle_next(APP_DRAFT, ACT__MAX, &s));
	assert_true(lifecycle_next(APP_CONSULTATION, ACT_EDIT, NULL));
	assert_true(lifecycle_next(APP_UNDER_REVIEW, ACT_ASSIGN, &s));
	assert_int_equal(s, APP_UNDER_REVIEW);
	assert_true(lifecycle_next(APP_GRANTED, ACT_REPORT_KPI, &s));
	assert_int_equal(s, APP_GRANTED);
	assert_false(lifecycle_next(APP_NAIJI, ACT_REPORT_KPI, &s));
	/* 取下げ: at any point before 交付決定, not after 不採択 or a withdrawal */
	assert_true(lifecycle_next(APP_NAIJI, ACT_WITHDRAW, &s));
	assert_int_equal(s, APP_WITHDRAWN);
	assert_false(lifecycle_next(APP_REJECTED, ACT_WITHDRAW, &s));
	assert_false(lifecycle_next(APP_WITHDRAWN, ACT_WITHDRAW, &s));
}

static void worksheet_orders(void **state)
{
	(void)state;
	assert_string_equal(ws_order_key(WS_ORDER__MAX), "?");
	assert_string_equal(ws_order_label(WS_ORDER__MAX), "?");
	assert_string_equal(ws_order_label(WS_ORDER_SUM), "3つの点数の合計");
	ws_order o;
	assert_int_equal(ws_order_from_key(NULL, &o), -1);
	assert_int_equal(ws_order_from_key("lexicographic", &o), 0);
	assert_int_equal(o, WS_ORDER_LEXICOGRAPHIC);
	/* the seed shows scores 1–3; a score outside sorts last whichever axis is bad */
	ws_issue x[] = {
		{ .benefit = 3, .severity = 3, .cost = 4 }, /* cost out of range */
		{ .benefit = 3, .severity = 0, .cost = 3 }, /* severity out of range */
		{ .benefit = 1, .severity = 1, .cost = 1 },
		{ .benefit = 2, .severity = 1, .cost = 1 },
		{ .benefit = 4, .severity = 1, .cost = 1 }, /* benefit out of range */
		{ .benefit = 2, .severity = 1, .cost = 3 },
	};
	size_t rank[6];
	long score[6];
	ws_ordering lex = { .order = WS_ORDER_LEXICOGRAPHIC, .axes = { 0, 2, 1 } };
	worksheet_rank(x, 6, &lex, rank, score);
	assert_int_equal(rank[0], 5); /* benefit 2, cost 3 */
	assert_int_equal(rank[1], 3); /* benefit 2, cost 1 */
	assert_int_equal(rank[2], 2);
	assert_int_equal(score[0], 0);
	/* the invalid ones come after, ordered among themselves by the same axes */
	assert_int_equal(rank[3], 4);
	assert_int_equal(rank[4], 0);
	assert_int_equal(rank[5], 1);
	ws_ordering w = { .order = WS_ORDER_WEIGHTED, .w_benefit = 0, .w_severity = 0, .w_cost = 10 };
	worksheet_rank(x, 6, &w, rank, score);
	assert_int_equal(score[5], 30);
	assert_int_equal(rank[0], 5);
	ws_ordering bad = { .order = WS_ORDER__MAX };
	worksheet_rank(x, 6, &bad, rank, score); /* unknown order: the plain sum */
	assert_int_equal(score[5], 6);
	assert_int_equal(rank[0], 5);
}

static void arena_limits(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	assert_null(arena_alloc(&a, SIZE_MAX - 2));  /* rounding up overflows */
	assert_null(arena_alloc(&a, SIZE_MAX - 15)); /* no block header fits (refused before malloc) */
	assert_null(arena_grow(&a, NULL, 0, SIZE_MAX / 2, 4));
	assert_null(arena_strdup(&a, NULL));
	assert_null(arena_strndup(&a, NULL, 3));
	char *small = arena_strdup(&a, "小さい");
	char *big = arena_alloc(&a, 1 << 20); /* a one-off block behind the head */
	assert_non_null(big);
	big[(1 << 20) - 1] = 'x';
	char *after = arena_strdup(&a, "後");
	assert_string_equal(small, "小さい");
	assert_string_equal(after, "後");
	int *g = arena_grow(&a, NULL, 0, 4, sizeof(int));
	assert_non_null(g);
	g[3] = 7;
	int *g2 = arena_grow(&a, g, 4, 8, sizeof(int));
	assert_int_equal(g2[3], 7);
	assert_int_equal(g2[7], 0);
	char longer[1200];
	memset(longer, 'a', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	char *p = arena_printf(&a, "%s%d", longer, 42);
	assert_int_equal(strlen(p), sizeof longer - 1 + 2);
	assert_string_equal(p + sizeof longer - 1, "42");
	diag_list dl;
	diag_list_init(&dl, &a);
	for (int i = 0; i < 20; i++)
		diag_add(&dl, i % 2 ? DIAG_WARNING : DIAG_ERROR, "CODE", i ? "x" : NULL, "n=%d", i);
	assert_int_equal(dl.len, 20);
	assert_string_equal(dl.items[0].path, "");
	assert_string_equal(dl.items[19].message, "n=19");
	assert_int_equal(diag_count(&dl, DIAG_ERROR), 10);
	assert_int_equal(diag_count(&dl, DIAG_INFO), 0);
	arena_free(&a);
	assert_null(a.head);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(money_notations), cmocka_unit_test(money_formats),    cmocka_unit_test(fractions),
		cmocka_unit_test(dates_and_wareki), cmocka_unit_test(orgcodes),        cmocka_unit_test(key_tables),
		cmocka_unit_test(lifecycle_tables), cmocka_unit_test(worksheet_orders), cmocka_unit_test(arena_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
