/* test_orgcode.c — 全国地方公共団体コード check digits and the organization master
 * (src/core/orgcode.c, src/io/org_master.c, data/organizations.tsv). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../../src/core/orgcode.h"
#include "../../src/io/catalog.h"
#include "../../src/io/org_master.h"

/* DESIGN.md: weights 6,5,4,3,2 on the first five digits, (11 − sum mod 11) mod 10. */
static void check_digits(void **state)
{
	(void)state;
	assert_int_equal(orgcode_check_digit("04207"), 2); /* 名取市 042072 */
	assert_int_equal(orgcode_check_digit("13101"), 6); /* 千代田区 131016 */
	assert_int_equal(orgcode_check_digit("01000"), 6); /* 北海道 010006 */
	assert_int_equal(orgcode_validate("042072"), ORGCODE_OK);
	assert_int_equal(orgcode_validate("042073"), ORGCODE_ERR_CHECK_DIGIT);
	assert_int_equal(orgcode_validate("04207"), ORGCODE_ERR_SYNTAX);
	assert_int_equal(orgcode_validate("04207a"), ORGCODE_ERR_SYNTAX);
	assert_int_equal(orgcode_validate("482001"), ORGCODE_ERR_PREFECTURE);
	assert_int_equal(orgcode_validate("000000"), ORGCODE_ERR_PREFECTURE);
}

static catalog cat;

static int load(void **state)
{
	(void)state;
	char err[512];
	return catalog_load(&cat, NULL, NULL, err, sizeof err);
}

static int unload(void **state)
{
	(void)state;
	catalog_free(&cat);
	return 0;
}

static void master_is_complete(void **state)
{
	(void)state;
	size_t by_kind[ORG_KIND__MAX] = { 0 };
	for (size_t i = 0; i < cat.orgs.len; i++) {
		const organization *o = &cat.orgs.items[i];
		assert_int_equal(orgcode_validate(o->code), ORGCODE_OK);
		by_kind[o->kind]++;
		if (i > 0)
			assert_true(strcmp(cat.orgs.items[i - 1].code, o->code) < 0);
	}
	assert_int_equal(by_kind[ORG_PREFECTURE], 47);
	assert_int_equal(by_kind[ORG_DESIGNATED_CITY], 20); /* 指定都市 */
	assert_int_equal(by_kind[ORG_SPECIAL_WARD], 23);    /* 東京23区 */
	assert_true(by_kind[ORG_WARD] > 150);
	/* 1,718 市町村 + 23 特別区 + the six 北方領土 villages */
	assert_int_equal(by_kind[ORG_DESIGNATED_CITY] + by_kind[ORG_CITY] + by_kind[ORG_TOWN] + by_kind[ORG_VILLAGE] +
				 by_kind[ORG_SPECIAL_WARD],
			 1747);
	for (int p = 1; p <= 47; p++) {
		char code[16];
		snprintf(code, sizeof code, "%02d000", p % 100);
		code[5] = (char)('0' + orgcode_check_digit(code));
		code[6] = 0;
		const organization *o = org_find(&cat.orgs, code);
		assert_non_null(o);
		assert_int_equal(o->kind, ORG_PREFECTURE);
	}
}

static void kinds_and_applicants(void **state)
{
	(void)state;
	const organization *o = org_find(&cat.orgs, "042072");
	assert_non_null(o);
	assert_string_equal(o->name, "名取市");
	assert_int_equal(o->kind, ORG_CITY);
	assert_string_equal(org_prefecture_of(&cat.orgs, o)->name, "宮城県");
	o = org_find(&cat.orgs, "011002");
	assert_int_equal(o->kind, ORG_DESIGNATED_CITY);
	assert_true(o->applicant);
	o = org_find(&cat.orgs, "011011"); /* 札幌市中央区: a ward, not an applicant */
	assert_int_equal(o->kind, ORG_WARD);
	assert_false(o->applicant);
	assert_string_equal(o->parent_code, "011002");
	o = org_find(&cat.orgs, "131016");
	assert_int_equal(o->kind, ORG_SPECIAL_WARD);
	assert_true(org_kind_is_municipal(o->kind)); /* 「市町村 1,526件（特別区30件含む）」 001 */
	assert_false(org_kind_is_municipal(ORG_PREFECTURE));
	assert_false(org_kind_is_municipal(ORG_KOIKI));
	o = org_find(&cat.orgs, "016951"); /* 色丹村 (北方領土) */
	assert_non_null(o);
	assert_false(o->applicant);
	assert_true(org_find(&cat.orgs, "014036")->applicant); /* 泊村 (後志) */
	char absent[8] = "04999";
	absent[5] = (char)('0' + orgcode_check_digit(absent));
	absent[6] = 0;
	assert_int_equal(orgcode_validate(absent), ORGCODE_OK);
	assert_null(org_find(&cat.orgs, absent));
}

/* import rows name organizations by code or by prefecture + name: 「美郷町」 exists in
 * 秋田県, 島根県 and 宮崎県 (the published 横展開型 list names 島根県の美郷町). */
static void resolve_rows(void **state)
{
	(void)state;
	org_resolution r;
	org_resolve_row(&cat.orgs, "島根県", "", "美郷町", &r);
	assert_int_equal(r.n_problems, 0);
	assert_string_equal(r.org->code, "324485");
	org_resolve_row(&cat.orgs, "愛媛県", "", "愛媛県", &r); /* a prefecture names itself */
	assert_int_equal(r.org->kind, ORG_PREFECTURE);
	org_resolve_row(&cat.orgs, "北海道", "", "泊村", &r); /* 後志の泊村; 北方領土の泊村 is no applicant */
	assert_string_equal(r.org->code, "014036");
	org_resolve_row(&cat.orgs, "宮城県", "", "存在しない町", &r);
	assert_null(r.org);
	assert_int_equal(r.problem[0].column, ORG_ROW_NAME);
	org_resolve_row(&cat.orgs, "宮城県", "131016", "", &r); /* 千代田区 is not in 宮城県 */
	assert_null(r.org);
	assert_int_equal(r.problem[0].column, ORG_ROW_CODE);
	org_resolve_row(&cat.orgs, "宮城県", "042072", "岩沼市", &r); /* code and name disagree */
	assert_null(r.org);
	assert_int_equal(r.problem[0].column, ORG_ROW_NAME);
	org_resolve_row(&cat.orgs, "北海道", "011011", "", &r); /* a ward is not an applicant */
	assert_null(r.org);
	org_resolve_row(&cat.orgs, "大江戸県", "", "名取市", &r);
	assert_null(r.org);
	assert_int_equal(r.problem[0].column, ORG_ROW_PREFECTURE);
}

static void loader_rejects_bad_rows(void **state)
{
	(void)state;
	const char *head = "code\tkind\tprefecture_code\tname\tkana\tparent_code\tapplicant\n";
	struct {
		const char *row, *want;
	} bad[] = {
		{ "042073\tcity\t04\tX\tx\t\t1\n", "042073" },         /* check digit */
		{ "042072\tcastle\t04\tX\tx\t\t1\n", "castle" },       /* kind */
		{ "042072\tcity\t05\tX\tx\t\t1\n", "prefecture_code" }, /* prefecture mismatch */
		{ "042072\tcity\t04\tX\n", "列" },                      /* columns */
		{ "042072\tcity\t04\tX\tx\t\t2\n", "applicant" },
		{ "042072\tcity\t04\tX\tx\t\t1\n042072\tcity\t04\tY\ty\t\t1\n", "重複" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		arena a;
		arena_init(&a);
		org_master m = { 0 };
		char text[512], err[512] = "";
		snprintf(text, sizeof text, "# comment\n%s%s", head, bad[i].row);
		assert_int_equal(org_master_load_text(&m, text, strlen(text), "extra.tsv", &a, err, sizeof err), -1);
		if (strstr(err, bad[i].want) == NULL)
			fail_msg("case %zu: message \"%s\" lacks \"%s\"", i, err, bad[i].want);
		if (i < 5)
			assert_non_null(strstr(err, "extra.tsv:3:")); /* names file and line */
		arena_free(&a);
	}
	/* an operator-loaded 広域連合 */
	arena a;
	arena_init(&a);
	org_master m = { 0 };
	char text[512], err[512];
	char code[8] = "01801";
	code[5] = (char)('0' + orgcode_check_digit(code));
	code[6] = 0;
	snprintf(text, sizeof text, "%s%s\tkoiki\t01\t北海道後期高齢者医療広域連合\t\t\t1\n", head, code);
	assert_int_equal(org_master_load_text(&m, text, strlen(text), "extra.tsv", &a, err, sizeof err), 0);
	assert_int_equal(org_find(&m, code)->kind, ORG_KOIKI);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(check_digits),
		cmocka_unit_test_setup_teardown(master_is_complete, load, unload),
		cmocka_unit_test_setup_teardown(kinds_and_applicants, load, unload),
		cmocka_unit_test_setup_teardown(resolve_rows, load, unload),
		cmocka_unit_test(loader_rejects_bad_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
