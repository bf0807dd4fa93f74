/* test_fiscal.c — fiscal years and 和暦 (src/core/fiscal.c). RULES.md §0.3:
 * 「令和N年度 = FY(2018+N)」, R1 (令和元年度) = 2019, H30 = 2018. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../src/core/fiscal.h"

static int fy(const char *s)
{
	int y = 0;
	if (!wareki_parse_fiscal_year(s, &y))
		fail_msg("wareki_parse_fiscal_year(\"%s\") failed", s);
	return y;
}

static void wareki_both_ways(void **state)
{
	(void)state;
	char b[32];
	assert_string_equal(wareki_fiscal_year(2022, b, sizeof b), "令和4年度");
	assert_string_equal(wareki_fiscal_year(2019, b, sizeof b), "令和元年度");
	assert_string_equal(wareki_fiscal_year(2018, b, sizeof b), "平成30年度");
	assert_string_equal(wareki_fiscal_year(2030, b, sizeof b), "令和12年度");
	assert_int_equal(fy("令和4年度"), 2022);
	assert_int_equal(fy("令和元年度"), 2019);
	assert_int_equal(fy("令和６年度"), 2024);
	assert_int_equal(fy("R7"), 2025);
	assert_int_equal(fy("平成30年度"), 2018);
	assert_int_equal(fy("H27"), 2015);
	assert_int_equal(fy("2023年度"), 2023);
	assert_int_equal(fy("FY2022"), 2022);
	for (int y = 1990; y <= 2100; y++) {
		assert_int_equal(fy(wareki_fiscal_year(y, b, sizeof b)), y);
	}
	int out;
	assert_false(wareki_parse_fiscal_year("令和年度", &out));
	assert_false(wareki_parse_fiscal_year("平成32年度", &out));
	assert_false(wareki_parse_fiscal_year("令和4年度です", &out));
	assert_false(wareki_parse_fiscal_year("", &out));
}

static void fiscal_year_starts_in_april(void **state)
{
	(void)state;
	civil_date d;
	assert_true(date_parse_iso("2023-03-31", &d));
	assert_int_equal(fiscal_year_of(d), 2022);
	assert_true(date_parse_iso("2023-04-01", &d));
	assert_int_equal(fiscal_year_of(d), 2023);
	/* 「2023年1月末時点」 (001_2b97fb39079cc39d.txt) is in 令和4年度 */
	assert_true(date_parse_iso("2023-01-31", &d));
	assert_int_equal(fiscal_year_of(d), 2022);
	assert_true(date_parse_iso("2024-02-29", &d));
	assert_false(date_parse_iso("2023-02-29", &d));
	assert_false(date_parse_iso("2023-13-01", &d));
	assert_false(date_parse_iso("2023-1-31", &d));
	civil_date a = { 2023, 1, 31 }, b = { 2023, 2, 1 };
	assert_true(date_cmp(a, b) < 0);
	assert_int_equal(date_cmp(a, a), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(wareki_both_ways), cmocka_unit_test(fiscal_year_starts_in_april) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
