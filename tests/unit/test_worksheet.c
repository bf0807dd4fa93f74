/* test_worksheet.c — 課題分析ワークシート ordering (src/core/worksheet.c). The seed
 * (000_23c807c41fd90cd5.txt) scores 「住民への裨益性や深刻度などの観点からスコア付け」 with
 * values 1–3 (コスト 3 「(安い)」, 1 「(高い)」) and states no combination rule, so every
 * ordering is the user's choice; these tests pin what each choice does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../src/core/worksheet.h"

static const ws_issue issues[] = {
	{ "総務課", "地域内の移動が不便", "バスの路線や運行本数が少ない", 2, 2, 1 },
	{ "農政課", "耕作放棄地の増加", "担い手や新規就農者が不足", 2, 3, 3 },
	{ "福祉課", "見守りの担い手不足", "", 3, 2, 2 },
	{ "教育課", "採点の負担", "", 0, 9, 1 }, /* invalid scores sort last */
};

static void sum_order(void **state)
{
	(void)state;
	size_t rank[4];
	long score[4];
	ws_ordering o = { .order = WS_ORDER_SUM };
	worksheet_rank(issues, 4, &o, rank, score);
	assert_int_equal(rank[0], 1); /* 2+3+3 = 8 */
	assert_int_equal(rank[1], 2); /* 3+2+2 = 7 */
	assert_int_equal(rank[2], 0); /* 5 */
	assert_int_equal(rank[3], 3);
	assert_int_equal(score[1], 8);
}

static void weighted_and_lexicographic(void **state)
{
	(void)state;
	size_t rank[3];
	long score[3];
	ws_ordering w = { .order = WS_ORDER_WEIGHTED, .w_benefit = 5, .w_severity = 1, .w_cost = 0 };
	worksheet_rank(issues, 3, &w, rank, score);
	assert_int_equal(rank[0], 2); /* 15+2 = 17 */
	assert_int_equal(score[2], 17);
	ws_ordering l = { .order = WS_ORDER_LEXICOGRAPHIC, .axes = { 1, 0, 2 } }; /* 深刻度, then 裨益性, then コスト */
	worksheet_rank(issues, 3, &l, rank, score);
	assert_int_equal(rank[0], 1); /* 深刻度 3 */
	assert_int_equal(rank[1], 2); /* 深刻度 2, 裨益性 3 */
	assert_int_equal(rank[2], 0);
	ws_order k;
	assert_int_equal(ws_order_from_key("weighted", &k), 0);
	assert_int_equal(k, WS_ORDER_WEIGHTED);
	assert_int_equal(ws_order_from_key("product", &k), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(sum_order), cmocka_unit_test(weighted_and_lexicographic) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
