/* test_money.c — integer yen parsing/formatting and exact fractions (src/core/money.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../../src/core/money.h"

static int64_t parse_ok(const char *s)
{
	int64_t y = -1;
	money_err e = money_parse(s, &y);
	if (e != MONEY_OK)
		fail_msg("money_parse(\"%s\") failed: %s", s, money_strerror(e));
	return y;
}

/* The notations of the seeds: 「179,293千円」 (001_2b97fb39079cc39d.txt テレワーク型の事業費),
 * 「1億円」 (TYPE1 国費上限), 「9,000万円」 (テレワーク 最大9,000万円／施設). */
static void parses_seed_notations(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("179,293千円"), 179293000);
	assert_int_equal(parse_ok("1億円"), 100000000);
	assert_int_equal(parse_ok("9,000万円"), 90000000);
	assert_int_equal(parse_ok("1億2,000万円"), 120000000);
	assert_int_equal(parse_ok("228.0億円"), 22800000000);
	assert_int_equal(parse_ok("1.5億円"), 150000000);
	assert_int_equal(parse_ok("57000000"), 57000000);
	assert_int_equal(parse_ok("57,000,000円"), 57000000);
	assert_int_equal(parse_ok("3百万円"), 3000000);
	assert_int_equal(parse_ok("1兆円"), 1000000000000);
	assert_int_equal(parse_ok(" 0円 "), 0);
}

static void parses_full_width(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("１億２，０００万円"), 120000000);
	assert_int_equal(parse_ok("１７９，２９３千円"), 179293000);
	assert_int_equal(parse_ok("￥１，０００"), 1000);
}

static void rejects_bad_amounts(void **state)
{
	(void)state;
	int64_t y;
	assert_int_equal(money_parse("", &y), MONEY_ERR_EMPTY);
	assert_int_equal(money_parse("abc", &y), MONEY_ERR_SYNTAX);
	assert_int_equal(money_parse("千円", &y), MONEY_ERR_SYNTAX);
	assert_int_equal(money_parse("-100円", &y), MONEY_ERR_NEGATIVE);
	assert_int_equal(money_parse("－100円", &y), MONEY_ERR_NEGATIVE);
	assert_int_equal(money_parse("1.5円", &y), MONEY_ERR_FRACTION);
	assert_int_equal(money_parse("1.2345千円", &y), MONEY_ERR_FRACTION);
	assert_int_equal(money_parse("1万2億円", &y), MONEY_ERR_SYNTAX); /* units must decrease */
	assert_int_equal(money_parse("1,,000", &y), MONEY_ERR_SYNTAX);
	assert_int_equal(money_parse("12,34万円", &y), MONEY_ERR_SYNTAX); /* a comma groups three digits */
	assert_int_equal(money_parse("1,2345円", &y), MONEY_ERR_SYNTAX);
	assert_int_equal(money_parse("1234,567円", &y), MONEY_ERR_SYNTAX);
	assert_int_equal(money_parse("1,000,", &y), MONEY_ERR_SYNTAX);
	assert_int_equal(money_parse("100円 余り", &y), MONEY_ERR_SYNTAX);
	assert_int_equal(money_parse("99999999999999999999", &y), MONEY_ERR_OVERFLOW);
	assert_int_equal(money_parse("99999999兆円", &y), MONEY_ERR_OVERFLOW);
	assert_int_equal(money_parse("\xff\xfe", &y), MONEY_ERR_SYNTAX);
}

static void formats(void **state)
{
	(void)state;
	char b[64];
	assert_string_equal(money_format_yen(57000000, b, sizeof b), "57,000,000円");
	assert_string_equal(money_format_yen(0, b, sizeof b), "0円");
	assert_string_equal(money_format_grouped(-1234567, b, sizeof b), "-1,234,567");
	assert_string_equal(money_format_human(100000000, b, sizeof b), "1億円");
	assert_string_equal(money_format_human(90000000, b, sizeof b), "9,000万円");
	assert_string_equal(money_format_human(120000000, b, sizeof b), "1億2,000万円");
	assert_string_equal(money_format_human(1234, b, sizeof b), "1,234円");
	/* published tables round to 0.1億円: 228.0億円 for 22,795,000,000 (half up) */
	assert_string_equal(money_format_oku1(22795000000, b, sizeof b), "228.0億円");
	assert_string_equal(money_format_oku1(22794999999, b, sizeof b), "227.9億円");
	assert_string_equal(money_format_oku1(650000000, b, sizeof b), "6.5億円");
}

/* Rates are exact fractions: 「TYPE3 : 2／3」 (001_2b97fb39079cc39d.txt). */
static void fractions(void **state)
{
	(void)state;
	fraction f;
	assert_true(fraction_parse("2／3", &f));
	assert_int_equal(f.num, 2);
	assert_int_equal(f.den, 3);
	assert_true(fraction_parse("10/10", &f));
	assert_false(fraction_parse("1/0", &f));
	assert_false(fraction_parse("1/2x", &f));
	assert_false(fraction_parse("0.5", &f));
	int64_t y;
	assert_true(money_mul_fraction_floor(12345679, (fraction){ 2, 3 }, &y));
	assert_int_equal(y, 8230452); /* 24691358/3 = 8230452.67 → floor */
	assert_true(money_mul_fraction_floor(88201000, (fraction){ 3, 4 }, &y));
	assert_int_equal(y, 66150750);
	assert_false(money_mul_fraction_floor(INT64_MAX, (fraction){ 3, 2 }, &y));
	assert_true(money_mul_fraction_floor(INT64_MAX, (fraction){ 1, 2 }, &y));
	/* 「7割以上」: 0.7 counts, 0.6999 does not (001_2b97fb39079cc39d.txt) */
	fraction seven = { 7, 10 }, r;
	assert_true(fraction_parse_decimal("0.70", &r));
	assert_int_equal(fraction_cmp(r, seven), 0);
	assert_true(fraction_parse_decimal("0.6999", &r));
	assert_true(fraction_cmp(r, seven) < 0);
	assert_true(fraction_parse_decimal("1", &r));
	assert_true(fraction_cmp(r, seven) > 0);
	assert_false(fraction_parse_decimal("0.", &r));
	assert_false(fraction_parse_decimal("72%", &r));
	assert_false(fraction_parse_decimal("0.1234567891", &r));
}

static void checked_add(void **state)
{
	(void)state;
	int64_t s;
	assert_true(money_add(1, 2, &s));
	assert_int_equal(s, 3);
	assert_false(money_add(INT64_MAX, 1, &s));
}

/* The formatters as they were written with snprintf (before issue 11 took printf off
 * the trace labels' path): the new ones must give the same bytes, cut the same way. */
static char *ref_grouped(int64_t v, char *buf, size_t n)
{
	char digits[32], out[48];
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
	size_t len = strlen(digits), o = 0;
	if (v < 0)
		out[o++] = '-';
	for (size_t i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	snprintf(buf, n, "%s", out);
	return buf;
}

static char *ref_human(int64_t yen, char *buf, size_t n)
{
	char a[48], b[48];
	if (yen < 10000 || yen % 10000 != 0) {
		snprintf(buf, n, "%s円", ref_grouped(yen, a, sizeof a));
		return buf;
	}
	int64_t oku = yen / 100000000, man = (yen % 100000000) / 10000;
	if (oku == 0)
		snprintf(buf, n, "%s万円", ref_grouped(man, a, sizeof a));
	else if (man == 0)
		snprintf(buf, n, "%s億円", ref_grouped(oku, a, sizeof a));
	else
		snprintf(buf, n, "%s億%s万円", ref_grouped(oku, a, sizeof a), ref_grouped(man, b, sizeof b));
	return buf;
}

static void formats_as_snprintf_did(void **state)
{
	(void)state;
	const int64_t vals[] = { 0, 1, -1, 999, 1000, 9999, 10000, -10000, 12345678, 100000000, 120000000, 123450000,
				 1200000000000, 99999999990000, INT64_MAX, INT64_MIN, 57000000, 179293000, 30000000 };
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++)
		for (size_t n = 1; n <= 48; n++) {
			char got[64], want[64];
			memset(got, 'x', sizeof got);
			memset(want, 'x', sizeof want);
			assert_string_equal(money_format_grouped(vals[i], got, n), ref_grouped(vals[i], want, n));
			assert_string_equal(money_format_human(vals[i], got, n), ref_human(vals[i], want, n));
			char wy[64];
			snprintf(wy, n, "%s円", ref_grouped(vals[i], want, sizeof want));
			assert_string_equal(money_format_yen(vals[i], got, n), wy);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_seed_notations), cmocka_unit_test(parses_full_width),
		cmocka_unit_test(rejects_bad_amounts),   cmocka_unit_test(formats),
		cmocka_unit_test(formats_as_snprintf_did),
		cmocka_unit_test(fractions),             cmocka_unit_test(checked_add),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
