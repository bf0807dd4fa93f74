/* test_cov_dispatch.c — デジタル専門人材派遣制度: the partner companies and the matching of
 * needs (src/core/dispatch.c) with the embedded rules/dispatch/program.json
 * (000_23c807c41fd90cd5.txt, RULES.md §7): 企業派遣型 40 partner companies 「※業種ごと、五十音順で表記」
 * (6 of them 通信), 人材紹介型 8 companies without industries; 想定されるニーズ
 * 「情報化推進計画（DX推進計画）の策定」 (企業派遣型), 「…プロジェクトマネジャー」 (人材紹介型). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../../src/core/dispatch.h"
#include "../../src/io/catalog.h"
#include "../../src/io/json_finance.h"

static catalog cat;
static arena a;
static finance_rules *fr;

static int setup(void **state)
{
	(void)state;
	char err[512];
	arena_init(&a);
	if (catalog_load(&cat, NULL, NULL, err, sizeof err) != 0)
		return -1;
	fr = arena_alloc(&a, sizeof *fr);
	return finance_rules_load(fr, true, &a, err, sizeof err);
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&a);
	catalog_free(&cat);
	return 0;
}

static const diag *has(const dsp_result *r, const char *code)
{
	for (size_t i = 0; i < r->base.diags.len; i++)
		if (strcmp(r->base.diags.items[i].code, code) == 0)
			return &r->base.diags.items[i];
	return NULL;
}

static void partners(void **state)
{
	(void)state;
	dsp_result r;
	/* the list writes 「株式会社 サーキュレーション」; spaces (ASCII, U+3000, tabs) do not matter */
	const char *names[] = { "株式会社サーキュレーション", "株式会社\xE3\x80\x80サーキュレーション", "\t株式会社 サーキュレーション\r\n" };
	for (size_t i = 0; i < 3; i++) {
		dsp_request q = { .org_code = "042072", .has_kind = true, .kind = DSP_DIGITAL_EXPERT, .has_menu = true,
				  .menu = DSP_TALENT_REFERRAL, .partner_company = names[i] };
		assert_int_equal(dsp_check(&fr->dsp, &fr->mic, &cat.orgs, &q, &a, &r), 0);
		assert_null(has(&r, "DSP_PARTNER_NOT_LISTED"));
		assert_true(dsp_ok(&r));
	}
	/* a 人材紹介型 company is not a 企業派遣型 partner */
	dsp_request q = { .org_code = "042072", .has_kind = true, .kind = DSP_DIGITAL_EXPERT, .has_menu = true,
			  .menu = DSP_COMPANY_DISPATCH, .partner_company = "株式会社 サーキュレーション" };
	assert_int_equal(dsp_check(&fr->dsp, &fr->mic, &cat.orgs, &q, &a, &r), 0);
	assert_string_equal(has(&r, "DSP_PARTNER_NOT_LISTED")->message,
			    "「株式会社 サーキュレーション」は企業派遣型の協力企業一覧（令和5年9月時点）にありません（その後の登録は資料にありません）");
	/* the lists are the デジタル専門人材's: not checked for a 民間専門人材 */
	q.kind = DSP_PRIVATE_EXPERT;
	q.has_menu = false;
	assert_int_equal(dsp_check(&fr->dsp, &fr->mic, &cat.orgs, &q, &a, &r), 0);
	assert_non_null(has(&r, "DSP_PARTNER_NOT_CHECKED"));
}

static size_t count_menu(const dsp_result *r, dsp_menu m)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n_matches; i++)
		n += r->matches[i].menu == m;
	return n;
}

static void needs(void **state)
{
	(void)state;
	dsp_result r;
	/* the need's words pick 企業派遣型; 業種 通信 narrows the 40 to 6 */
	dsp_request q = { .org_code = "042072", .has_need = true, .need_text = "DX推進計画の策定を支援してほしい", .need_industry = "通信" };
	assert_int_equal(dsp_check(&fr->dsp, &fr->mic, &cat.orgs, &q, &a, &r), 0);
	assert_true(r.matched);
	assert_int_equal(r.n_match_menus, 1);
	assert_int_equal(r.match_menus[0], DSP_COMPANY_DISPATCH);
	assert_int_equal(r.n_matches, 6);
	assert_string_equal(r.matches[0].partner->name, "NTTコミュニケーションズ株式会社／株式会社NTTドコモ");
	/* an industry no partner has: a warning, and no narrowing */
	q.need_industry = "宇宙";
	assert_int_equal(dsp_check(&fr->dsp, &fr->mic, &cat.orgs, &q, &a, &r), 0);
	assert_non_null(has(&r, "DSP_INDUSTRY_UNKNOWN"));
	assert_int_equal(r.n_matches, 40);
	/* no known word: both menus, every company */
	q = (dsp_request){ .org_code = "042072", .has_need = true, .need_text = "よろしくお願いします" };
	assert_int_equal(dsp_check(&fr->dsp, &fr->mic, &cat.orgs, &q, &a, &r), 0);
	assert_int_equal(r.n_match_menus, 2);
	assert_int_equal(r.n_matches, 48);
	assert_int_equal(count_menu(&r, DSP_TALENT_REFERRAL), 8);
	/* the need names 人材紹介型; its list has no industries, so 業種 cannot narrow it */
	q = (dsp_request){ .org_code = "042072", .has_need = true, .need_has_menu = true, .need_menu = DSP_TALENT_REFERRAL,
			   .need_industry = "通信" };
	assert_int_equal(dsp_check(&fr->dsp, &fr->mic, &cat.orgs, &q, &a, &r), 0);
	assert_int_equal(r.n_matches, 8);
	assert_non_null(has(&r, "DSP_INDUSTRY_UNKNOWN"));
	/* the dispatch's own menu when the need names none; 「プロジェクトマネジャー」 */
	q = (dsp_request){ .org_code = "042072", .has_need = true, .has_menu = true, .menu = DSP_COMPANY_DISPATCH };
	assert_int_equal(dsp_check(&fr->dsp, &fr->mic, &cat.orgs, &q, &a, &r), 0);
	assert_int_equal(r.n_match_menus, 1);
	assert_int_equal(r.n_matches, 40);
	q = (dsp_request){ .org_code = "042072", .has_need = true, .need_text = "プロジェクトマネジャーが欲しい" };
	assert_int_equal(dsp_check(&fr->dsp, &fr->mic, &cat.orgs, &q, &a, &r), 0);
	assert_int_equal(r.match_menus[0], DSP_TALENT_REFERRAL);
	assert_int_equal(r.n_matches, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(partners), cmocka_unit_test(needs) };
	return cmocka_run_group_tests(tests, setup, teardown);
}
