/* test_check.c — the rules engine through its C API: decoder → check_application →
 * check_limits, with the embedded rule sets and organization master. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../../src/core/check.h"
#include "../../src/io/catalog.h"
#include "../../src/io/json_application.h"

static catalog cat;
static arena a;

static int setup(void **state)
{
	(void)state;
	char err[512];
	arena_init(&a);
	return catalog_load(&cat, NULL, NULL, err, sizeof err);
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&a);
	catalog_free(&cat);
	return 0;
}

/* A TYPE1 application with one eligible cost item of `amount` (a JSON value text). */
static void check_text(const char *text, check_result *out)
{
	char err[512];
	json_t *root = json_parse_text(text, strlen(text), err, sizeof err);
	if (root == NULL)
		fail_msg("test JSON: %s", err);
	application *app = arena_alloc(&a, sizeof *app);
	diag_list dl;
	diag_list_init(&dl, &a);
	assert_int_equal(json_application_decode(root, &a, app, &dl), 0);
	app->label = "test";
	assert_int_equal(check_application(app, &dl, &cat.rules, &cat.orgs, &a, out), 0);
	json_decref(root);
}

static const char *app_fmt =
	"{\"format\":\"digiden/application/1\",\"round\":\"digital-implementation/%s\",\"menu\":\"%s\","
	"\"applicant\":{\"code\":\"%s\"},\"title\":\"t\",\"fields\":[\"administration\"],\"summary\":\"s\","
	"\"services\":[{\"name\":\"書かない窓口\",\"cost_items\":[{\"category\":\"委託料\",\"description\":\"d\",\"amount_yen\":%s,\"eligible\":true}]}%s],"
	"\"kpis\":[{\"name\":\"k\",\"unit\":\"人\",\"baseline\":{\"fiscal_year\":2022,\"value\":1},\"targets\":[{\"fiscal_year\":2025,\"value\":2}]}],"
	"\"consortium\":[{\"name\":\"c\",\"kind\":\"private\",\"role\":\"r\"}],"
	"\"running_costs\":[{\"fiscal_year\":2024,\"amount_yen\":1000000,\"source\":\"一般財源\"}],"
	"\"pdca\":{\"frequency\":\"四半期\",\"external_evaluation\":true,\"method\":\"アンケート\"},"
	"\"data_platform\":%s,\"mynumber_card\":%s,\"telework\":null,"
	"\"declarations\":{\"primary_purpose_staff_efficiency\":false,\"demonstration_only\":false,\"multi_year_build\":false,"
	"\"one_off_event\":false,\"ict_purchase_subsidy_without_service\":false,\"smartphone_class_or_staffing\":false,"
	"\"wifi_or_devices_primary\":false}}";

static void make_app(char *buf, size_t n, const char *round, const char *menu, const char *code, const char *amount)
{
	bool t23 = strcmp(menu, "type2") == 0 || strcmp(menu, "type3") == 0;
	snprintf(buf, n, app_fmt, round, menu, code, amount,
		 t23 ? ",{\"name\":\"二つ目\",\"cost_items\":[]}" : "",
		 t23 ? "{\"policy\":\"existing_open\",\"services_linked\":[\"a\",\"b\"]}" : "null",
		 strcmp(menu, "type3") == 0 ? "{\"new_uses\":[\"図書館カード\"]}" : "null");
}

static bool has_code(const check_result *r, diag_severity sev, const char *code)
{
	for (size_t i = 0; i < r->diags.len; i++)
		if (r->diags.items[i].severity == sev && strcmp(r->diags.items[i].code, code) == 0)
			return true;
	return false;
}

/* 国費 = min(cap, eligible × rate): TYPE1 1/2 with 「国費：1億円」 (001_2b97fb39079cc39d.txt). */
static void type1_cap_and_rate(void **state)
{
	(void)state;
	char buf[4096];
	check_result r;
	make_app(buf, sizeof buf, "fy2022-supp", "type1", "042072", "\"1億9,400万円\"");
	check_text(buf, &r);
	assert_true(check_ok(&r));
	assert_int_equal(r.project_cost_yen, 194000000);
	assert_int_equal(r.national_share_yen, 97000000); /* under the cap, cf. 一関市 ≈1.94億円 → ≈0.97億円 */
	assert_int_equal(r.local_share_yen, 97000000);
	make_app(buf, sizeof buf, "fy2022-supp", "type1", "042072", "250000000");
	check_text(buf, &r);
	assert_int_equal(r.national_share_yen, 100000000);
	assert_true(has_code(&r, DIAG_INFO, "CAP_APPLIED"));
	/* TYPE3 2/3 floored to 千円 (rounding read from 88,201千円×3/4 = 66,150千円) */
	make_app(buf, sizeof buf, "fy2022-supp", "type3", "042072", "12345679");
	check_text(buf, &r);
	assert_true(check_ok(&r));
	assert_int_equal(r.national_share_yen, 8230000);
}

/* R3補正: 「not stated」 rate → no 国費, a warning, never a guess. */
static void unstated_rate_gives_no_amount(void **state)
{
	(void)state;
	char buf[4096];
	check_result r;
	make_app(buf, sizeof buf, "fy2021-supp", "type1", "042072", "1000000");
	check_text(buf, &r);
	assert_false(r.has_national_share);
	assert_false(r.has_rate);
	assert_true(has_code(&r, DIAG_WARNING, "RULE_NOT_STATED"));
}

/* 「申請上限数（上記TYPEの合算値）：都道府県9事業 市町村5事業」 and 「※2/3は1団体1申請とすること」 (001). */
static void limits_across_applications(void **state)
{
	(void)state;
	char buf[4096];
	check_result rs[12];
	check_result *ptrs[12];
	/* 6 TYPE1 of 名取市 + 1 TYPE1 of 宮城県 */
	for (int i = 0; i < 6; i++) {
		make_app(buf, sizeof buf, "fy2022-supp", "type1", "042072", "1000000");
		check_text(buf, &rs[i]);
		ptrs[i] = &rs[i];
	}
	make_app(buf, sizeof buf, "fy2022-supp", "type1", "040002", "1000000");
	check_text(buf, &rs[6]);
	ptrs[6] = &rs[6];
	check_limits(ptrs, 7, &a);
	for (int i = 0; i < 6; i++)
		assert_true(has_code(&rs[i], DIAG_ERROR, "LIMIT_EXCEEDED"));
	assert_true(check_ok(&rs[6]));

	/* 5 is allowed; TYPE2 + TYPE3 of one organization is not */
	for (int i = 0; i < 5; i++) {
		make_app(buf, sizeof buf, "fy2022-supp", "type1", "131016", "1000000");
		check_text(buf, &rs[i]);
		ptrs[i] = &rs[i];
	}
	check_limits(ptrs, 5, &a);
	for (int i = 0; i < 5; i++)
		assert_true(check_ok(&rs[i]));
	make_app(buf, sizeof buf, "fy2022-supp", "type2", "042072", "1000000");
	check_text(buf, &rs[0]);
	make_app(buf, sizeof buf, "fy2022-supp", "type3", "042072", "1000000");
	check_text(buf, &rs[1]);
	assert_true(check_ok(&rs[0]));
	assert_true(check_ok(&rs[1]));
	check_limits(ptrs, 2, &a);
	assert_true(has_code(&rs[0], DIAG_ERROR, "LIMIT_EXCEEDED"));
	assert_true(has_code(&rs[1], DIAG_ERROR, "LIMIT_EXCEEDED"));
	/* the R3補正 round states no TYPE2/3 rule (RULES.md §15.2 item 11) */
	make_app(buf, sizeof buf, "fy2021-supp", "type2", "042072", "1000000");
	check_text(buf, &rs[0]);
	make_app(buf, sizeof buf, "fy2021-supp", "type3", "042072", "1000000");
	check_text(buf, &rs[1]);
	check_limits(ptrs, 2, &a);
	assert_false(has_code(&rs[0], DIAG_ERROR, "LIMIT_EXCEEDED"));
}

static void decoder_paths(void **state)
{
	(void)state;
	check_result r;
	check_text("{\"format\":\"digiden/application/1\",\"round\":\"digital-implementation/fy2022-supp\",\"menu\":\"type1\","
		   "\"applicant\":{\"code\":\"042072\"},\"title\":\"t\",\"services\":[{\"name\":\"s\",\"cost_items\":["
		   "{\"category\":\"c\",\"amout_yen\":5},{\"category\":\"c\",\"amount_yen\":-1},{\"category\":\"c\",\"amount_yen\":1.5}]}],"
		   "\"declarations\":{}}",
		   &r);
	const char *want[][2] = {
		{ "UNKNOWN_KEY", "services[0].cost_items[0].amout_yen" },
		{ "REQUIRED_MISSING", "services[0].cost_items[0].amount_yen" },
		{ "AMOUNT_NEGATIVE", "services[0].cost_items[1].amount_yen" },
		{ "AMOUNT_NOT_INTEGER", "services[0].cost_items[2].amount_yen" },
	};
	for (size_t i = 0; i < 4; i++) {
		bool found = false;
		for (size_t k = 0; k < r.diags.len; k++)
			found = found || (strcmp(r.diags.items[k].code, want[i][0]) == 0 &&
					  strcmp(r.diags.items[k].path, want[i][1]) == 0);
		if (!found)
			fail_msg("missing %s at %s", want[i][0], want[i][1]);
	}
	assert_true(has_code(&r, DIAG_ERROR, "DECLARATION_UNANSWERED"));
	assert_true(has_code(&r, DIAG_ERROR, "REQ_CONSORTIUM"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(type1_cap_and_rate),
		cmocka_unit_test(unstated_rate_gives_no_amount),
		cmocka_unit_test(limits_across_applications),
		cmocka_unit_test(decoder_paths),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
