/* test_limits.c — the per-organization limits of core/check.c on hand-built inputs,
 * and the engine's guards against sums beyond int64 (which the decoder's 1兆円 cap per
 * amount keeps out of real input, so they are reached here by setting the decoded
 * amounts directly):
 * check_limits (groups by round and organization), check_limits_apply (one member,
 * from counts made elsewhere, as the streaming `digiden check` does) and
 * check_limit_names. The limit is the seed's 「※申請上限数（上記TYPEの合算値）：
 * 都道府県9事業 市町村5事業」 (001_2b97fb39079cc39d.txt), here with small numbers so
 * each branch is reached with few results. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "../../src/core/arena.h"
#include "../../src/core/check.h"
#include "../../src/io/catalog.h"
#include "../../src/io/json_application.h"

static const char *const type123[] = { "type1", "type2", "type3" };
static rule_menu menus[] = { { .id = "type1" }, { .id = "type2" }, { .id = "mnc_expansion" } };
static rule_limit limits[] = { {
	.id = "type123_total",
	.menus = (const char **)type123,
	.n_menus = 3,
	.max_prefecture = { .present = true, .value = 2, .cite = { .source = "001_2b97fb39079cc39d.txt", .quote = "都道府県9事業" } },
	.max_municipality = { .present = true, .value = 1, .cite = { .source = "001_2b97fb39079cc39d.txt", .quote = "市町村5事業" } },
} };
static rule_set round_rules = { .id = "digital-implementation/test", .menus = menus, .n_menus = 3, .limits = limits, .n_limits = 1 };
static rule_set no_limits = { .id = "digital-implementation/none", .menus = menus, .n_menus = 3 };
static organization city = { .code = "042072", .kind = ORG_CITY, .name = "名取市" };
static organization pref = { .code = "040002", .kind = ORG_PREFECTURE, .name = "宮城県" };
static organization koiki = { .code = "049999", .kind = ORG_KOIKI, .name = "広域連合" };

static check_result result(arena *a, const rule_set *rs, const organization *org, const rule_menu *menu)
{
	check_result r = { .rules = rs, .org = org, .menu = menu, .arena = a };
	diag_list_init(&r.diags, a);
	return r;
}

static size_t count_code(const check_result *r, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < r->diags.len; i++)
		n += strcmp(r->diags.items[i].code, code) == 0;
	return n;
}

static void over_the_limit_of_a_municipality(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	/* two TYPE1/2 of one city over a limit of 1, a 横展開型 the limit does not name,
	 * and one of a prefecture within its 2 */
	check_result rs[4] = { result(&a, &round_rules, &city, &menus[0]), result(&a, &round_rules, &city, &menus[1]),
			       result(&a, &round_rules, &city, &menus[2]), result(&a, &round_rules, &pref, &menus[0]) };
	check_result *p[4] = { &rs[0], &rs[1], &rs[2], &rs[3] };
	check_limits(p, 4, &a);
	assert_int_equal(count_code(&rs[0], "LIMIT_EXCEEDED"), 1);
	assert_int_equal(count_code(&rs[1], "LIMIT_EXCEEDED"), 1);
	assert_int_equal(count_code(&rs[2], "LIMIT_EXCEEDED"), 0); /* not named by the limit */
	assert_int_equal(count_code(&rs[3], "LIMIT_EXCEEDED"), 0); /* 1 of 2 */
	assert_int_equal(rs[0].n_trace, 1);
	assert_string_equal(rs[0].trace[0].rule, "limits.type123_total");
	assert_string_equal(rs[0].trace[0].value, "2/1");
	assert_non_null(strstr(rs[0].diags.items[0].message, "名取市 の申請は 2件で、申請上限数 1件"));
	arena_free(&a);
}

static void limit_not_stated_for_the_kind(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	/* a 広域連合: the limit states neither a number for it nor one for every kind */
	check_result r = result(&a, &round_rules, &koiki, &menus[0]);
	check_result *p[1] = { &r };
	check_limits(p, 1, &a);
	assert_int_equal(count_code(&r, "LIMIT_NOT_STATED"), 1);
	assert_int_equal(count_code(&r, "LIMIT_EXCEEDED"), 0);
	/* a prefecture when the round states only the municipal number */
	rule_limit only_municipal = limits[0];
	only_municipal.max_prefecture.present = false;
	rule_set rs = round_rules;
	rs.limits = &only_municipal;
	check_result q = result(&a, &rs, &pref, &menus[0]);
	size_t counts[1] = { 3 };
	check_limits_apply(&q, counts);
	assert_int_equal(count_code(&q, "LIMIT_NOT_STATED"), 1);
	arena_free(&a);
}

static void what_the_limits_leave_out(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	/* unknown organization or menu: not counted; a round without limits: nothing */
	check_result rs[3] = { result(&a, &round_rules, NULL, &menus[0]), result(&a, &round_rules, &city, NULL),
			       result(&a, &no_limits, &city, &menus[0]) };
	check_result *p[3] = { &rs[0], &rs[1], &rs[2] };
	check_limits(p, 3, &a);
	for (int i = 0; i < 3; i++)
		assert_int_equal(rs[i].diags.len, 0);
	check_limits(p, 0, &a); /* no results at all */
	arena_free(&a);
}

static void counts_from_elsewhere(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	/* the streaming check counts a group in a first pass; the same findings follow */
	check_result r = result(&a, &round_rules, &city, &menus[1]);
	size_t one[1] = { 1 }, none[1] = { 0 }, three[1] = { 3 };
	check_limits_apply(&r, one);
	check_limits_apply(&r, none);
	assert_int_equal(r.diags.len, 0);
	check_limits_apply(&r, three);
	assert_int_equal(count_code(&r, "LIMIT_EXCEEDED"), 1);
	assert_string_equal(r.trace[0].value, "3/1");
	/* a limit naming a menu twice counts it twice, as check_limits does */
	static const char *const twice[] = { "type1", "type1" };
	rule_limit dup = { .id = "dup", .menus = (const char **)twice, .n_menus = 2 };
	assert_int_equal(check_limit_names(&dup, &menus[0]), 2);
	assert_int_equal(check_limit_names(&dup, &menus[1]), 0);
	arena_free(&a);
}

static bool has_code(const check_result *r, const char *code) { return count_code(r, code) > 0; }

/* A テレワーク型 application (the shape of tests/cases/025) decoded, then its amounts set. */
static void telework_overflow(void **state)
{
	(void)state;
	static const char *const text =
		"{\"format\":\"digiden/application/1\",\"round\":\"digital-implementation/fy2022-supp\",\"menu\":\"telework_high\","
		"\"applicant\":{\"code\":\"042072\"},\"title\":\"t\",\"fields\":[\"industry\"],\"summary\":\"s\",\"services\":[],"
		"\"kpis\":[{\"name\":\"k\",\"unit\":\"人\",\"baseline\":{\"fiscal_year\":2023,\"value\":1},\"targets\":[{\"fiscal_year\":2025,\"value\":2}]}],"
		"\"consortium\":[{\"name\":\"c\",\"kind\":\"private\",\"role\":\"r\"}],"
		"\"running_costs\":[{\"fiscal_year\":2023,\"amount_yen\":6000000,\"source\":\"一般財源\"}],"
		"\"pdca\":{\"frequency\":\"四半期\",\"external_evaluation\":true,\"method\":\"m\"},\"data_platform\":null,\"mynumber_card\":null,"
		"\"telework\":{\"facilities\":[{\"kind\":\"municipal\",\"name\":\"A\",\"cost_yen\":10000000},"
		"{\"kind\":\"existing_expansion\",\"name\":\"B\",\"cost_yen\":10000000}],\"promotion_cost_yen\":1000000,"
		"\"companies\":[{\"name\":\"A社\",\"support_yen\":1500000}],\"settlement_projects\":[{\"name\":\"X\",\"cost_yen\":35000000}]},"
		"\"declarations\":{\"primary_purpose_staff_efficiency\":false,\"demonstration_only\":false,\"multi_year_build\":false,"
		"\"one_off_event\":false,\"ict_purchase_subsidy_without_service\":false,\"smartphone_class_or_staffing\":false,"
		"\"wifi_or_devices_primary\":false}}";
	catalog cat;
	char err[512];
	assert_int_equal(catalog_load(&cat, NULL, NULL, err, sizeof err), 0);
	/* each place a sum can run over: the first facility, the expansion, the promotion,
	 * a company, a settlement project */
	for (int where = 0; where < 5; where++) {
		arena a;
		arena_init(&a);
		json_t *root = json_parse_text(text, strlen(text), err, sizeof err);
		assert_non_null(root);
		application *app = arena_alloc(&a, sizeof *app);
		diag_list dl;
		diag_list_init(&dl, &a);
		assert_int_equal(json_application_decode(root, &a, app, &dl), 0);
		json_decref(root);
		app->label = "overflow";
		app_telework *tw = &app->telework;
		assert_true(tw->present && tw->n_facilities == 2 && tw->n_companies == 1 && tw->n_settlement_projects == 1);
		tw->facilities[0].cost_yen = INT64_MAX - 1; /* the project sum overflows at the next addend */
		if (where == 1)
			tw->facilities[0].cost_yen = 1, tw->facilities[1].cost_yen = INT64_MAX - 1;
		else if (where == 2)
			tw->facilities[0].cost_yen = 1, tw->promotion_cost_yen = INT64_MAX - 1;
		else if (where == 3)
			tw->facilities[0].cost_yen = 1, tw->companies[0].amount_yen = INT64_MAX - 1;
		else if (where == 4)
			tw->facilities[0].cost_yen = 1, tw->settlement_projects[0].amount_yen = INT64_MAX - 1;
		check_result r;
		assert_int_equal(check_application(app, &dl, &cat.rules, &cat.orgs, &a, &r), 0);
		assert_true(has_code(&r, "AMOUNT_OVERFLOW"));
		assert_false(r.has_national_share); /* no 国費 from a sum that ran over */
		arena_free(&a);
	}
	catalog_free(&cat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(over_the_limit_of_a_municipality),
		cmocka_unit_test(limit_not_stated_for_the_kind),
		cmocka_unit_test(what_the_limits_leave_out),
		cmocka_unit_test(counts_from_elsewhere),
		cmocka_unit_test(telework_overflow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
