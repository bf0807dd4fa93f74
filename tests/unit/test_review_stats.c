/* test_review_stats.c — mean and spread of review scores in integers
 * (src/core/review_stats.c), rounded half up to one decimal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "../../src/core/review_stats.h"

static review_stat of(const int *scores, size_t n)
{
	review_stat s = { 0 };
	for (size_t i = 0; i < n; i++)
		review_stat_add(&s, scores[i]);
	return s;
}

static void expect(const int *scores, size_t n, int64_t mean, int64_t sd)
{
	review_stat s = of(scores, n);
	int64_t m = -1, d = -1;
	assert_true(review_stat_mean_tenths(&s, &m));
	assert_true(review_stat_sd_tenths(&s, &d));
	assert_int_equal(m, mean);
	assert_int_equal(d, sd);
}

static void means_and_spreads(void **state)
{
	(void)state;
	expect((int[]){ 3, 4 }, 2, 35, 5);          /* 3.5 ± 0.5 */
	expect((int[]){ 1, 5 }, 2, 30, 20);         /* 3.0 ± 2.0 */
	expect((int[]){ 4 }, 1, 40, 0);             /* one reviewer: no spread */
	expect((int[]){ 1, 2, 2 }, 3, 17, 5);       /* 5/3 = 1.67, √2/3 = 0.47 */
	expect((int[]){ 1, 2, 3, 4, 5 }, 5, 30, 14); /* √2 = 1.41 */
	expect((int[]){ 1, 1, 1, 2 }, 4, 13, 4);    /* 1.25 rounds up; √3/4 = 0.43 */
	expect((int[]){ 2, 3 }, 2, 25, 5);          /* 2.5 exactly */
	expect((int[]){ 5, 5, 5, 5, 5, 5 }, 6, 50, 0);
	expect((int[]){ 1, 4, 4, 4 }, 4, 33, 13); /* 3.25 → 3.3; √27/4 = 1.299 → 1.3 */
}

static void nothing_without_scores(void **state)
{
	(void)state;
	review_stat s = { 0 };
	int64_t v = 7;
	assert_false(review_stat_mean_tenths(&s, &v));
	assert_false(review_stat_sd_tenths(&s, &v));
	assert_int_equal(v, 7);
}

static void tenths_as_text(void **state)
{
	(void)state;
	char b[24];
	review_tenths_text(35, b, sizeof b);
	assert_string_equal(b, "3.5");
	review_tenths_text(0, b, sizeof b);
	assert_string_equal(b, "0.0");
	review_tenths_text(200, b, sizeof b);
	assert_string_equal(b, "20.0");
	review_tenths_text(-5, b, sizeof b);
	assert_string_equal(b, "-0.5");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(means_and_spreads),
		cmocka_unit_test(nothing_without_scores),
		cmocka_unit_test(tenths_as_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
