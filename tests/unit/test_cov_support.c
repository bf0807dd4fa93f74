/* test_cov_support.c — history records and the 伴走支援 (デジタル実装伴走支援事業) check
 * of src/core/support.c through its C API, with the real rule data
 * (rules/bansou/fy2025.json, embedded) and the real organization master.
 * The conditions are RULES.md §6.3; seed sentences from 002_71bcee7856d5932f.txt. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../../src/core/support.h"
#include "../../src/io/catalog.h"
#include "../../src/io/support_rules.h"

static catalog cat;
static arena a;
static support_rules rules;

static int setup(void **state)
{
	(void)state;
	char err[512];
	arena_init(&a);
	if (catalog_load(&cat, NULL, NULL, err, sizeof err) != 0)
		return -1;
	if (support_rules_load("bansou/fy2025", &a, &rules, err, sizeof err) != 0) {
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

static const organization *org(const char *code)
{
	const organization *o = org_find(&cat.orgs, code);
	if (o == NULL)
		fail_msg("organization %s not in the master", code);
	return o;
}

#define NATORI "042072"    /* 宮城県名取市 */
#define ISHINOMAKI "042021" /* 宮城県石巻市 */
#define MIYAGI "040002"    /* 宮城県 */
#define AOMORI_CITY "022012"
#define AOMORI "020001"
#define MURORAN "012050"   /* 北海道室蘭市 */
#define SENDAI "041009"    /* 指定都市 */

static history_record rec(const char *code, const char *program, int fy, const char *budget, const char *menu, const char *status)
{
	return (history_record){ .origin = "history", .organization = code, .organization_name = "", .program = program,
				 .round = "", .fiscal_year = fy, .budget = budget, .menu = menu, .status = status, .title = "",
				 .note = "", .source = "000_23c807c41fd90cd5.txt", .imported_from = "" };
}

static const support_outcome *outcome(const support_result *r, const char *id, size_t nth)
{
	for (size_t i = 0; i < r->n_conditions; i++)
		if (strcmp(r->conditions[i].cond->id, id) == 0 && nth-- == 0)
			return &r->conditions[i];
	fail_msg("no outcome %s", id);
	return NULL;
}

static size_t count_outcomes(const support_result *r, const char *id)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n_conditions; i++)
		n += strcmp(r->conditions[i].cond->id, id) == 0;
	return n;
}

static const support_outcome *warning(const support_result *r, const char *id)
{
	for (size_t i = 0; i < r->n_warnings; i++)
		if (strcmp(r->warnings[i].cond->id, id) == 0)
			return &r->warnings[i];
	return NULL;
}

#define assert_contains(s, sub)                                                                                           \
	do {                                                                                                              \
		if (strstr((s), (sub)) == NULL)                                                                           \
			fail_msg("\"%s\" does not contain \"%s\"", (s), (sub));                                           \
	} while (0)

static const support_declaration yes1[] = { { "C2a", true }, { "C2b", true }, { "C3", true } };

/* ---- history ---- */

static void programs_and_labels(void **state)
{
	(void)state;
	assert_true(history_program_known("digital-implementation"));
	assert_true(history_program_known("new-local-economy-digital"));
	assert_true(history_program_known("bansou"));
	assert_true(history_program_known("dispatch"));
	assert_true(history_program_known("future-tech"));
	assert_false(history_program_known("telework"));
	/* 002: 「令和3年度補正デジ田推進交付金デジタル実装タイプ」 — R3 was the 推進交付金 */
	assert_string_equal(history_program_label("digital-implementation", 2021), "デジタル田園都市国家構想推進交付金 デジタル実装タイプ");
	assert_string_equal(history_program_label("digital-implementation", 2022), "デジタル田園都市国家構想交付金 デジタル実装タイプ");
	assert_string_equal(history_program_label("new-local-economy-digital", 2024), "新しい地方経済・生活環境創生交付金（デジタル実装型）");
	/* 002: 「令和5、6年度デジタル実装計画策定支援事業」, renamed デジタル実装伴走支援事業 in R7 */
	assert_string_equal(history_program_label("bansou", 2024), "デジタル実装計画策定支援事業（伴走支援）");
	assert_string_equal(history_program_label("bansou", 2025), "デジタル実装伴走支援事業");
	assert_string_equal(history_program_label("dispatch", 2023), "デジタル専門人材派遣制度");
	assert_string_equal(history_program_label("future-tech", 2023), "未来技術社会実装事業");
	assert_string_equal(history_program_label("other", 2023), "other");
}

static void round_parse(void **state)
{
	(void)state;
	char key[32];
	int fy = 0;
	const char *b = NULL;
	struct {
		const char *in, *key;
		int fy;
		const char *budget;
	} ok[] = {
		{ "fy2022-supp", "fy2022-supp", 2022, "supplementary" },
		{ "fy2023", "fy2023", 2023, "" },
		{ "fy2022-initial", "fy2022-initial", 2022, "initial" },
		{ "fy2024-request", "fy2024-request", 2024, "request" },
		{ "令和4年度補正", "fy2022-supp", 2022, "supplementary" },
		{ "令和5年度当初", "fy2023-initial", 2023, "initial" },
		{ "令和6年度概算要求", "fy2024-request", 2024, "request" },
		{ "令和5年度", "fy2023", 2023, "" },
		{ "令和4年度第2次補正", "fy2022-supp", 2022, "supplementary" },
		{ "令和4年度２次補正", "fy2022-supp", 2022, "supplementary" },
		{ "令和4年度12次補正", "fy2022-supp", 2022, "supplementary" },
		{ "令和4年度第２次補正", "fy2022-supp", 2022, "supplementary" },
		{ "R3補正", "fy2021-supp", 2021, "supplementary" },
		{ "平成30年度", "fy2018", 2018, "" },
		{ "令和元年度補正", "fy2019-supp", 2019, "supplementary" },
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		if (!history_round_parse(ok[i].in, key, sizeof key, &fy, &b))
			fail_msg("history_round_parse(%s) failed", ok[i].in);
		assert_string_equal(key, ok[i].key);
		assert_int_equal(fy, ok[i].fy);
		assert_string_equal(b, ok[i].budget);
	}
	const char *bad[] = { NULL, "", "fy22", "fz2022", "fy2022-extra", "fyabcd", "fy1999", "fy2101", "平成10年度", "令和4年度補充",
			      "令和年度補正", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (history_round_parse(bad[i], key, sizeof key, &fy, &b))
			fail_msg("history_round_parse(%s) accepted", bad[i] ? bad[i] : "NULL");
}

static void menus_and_statuses(void **state)
{
	(void)state;
	assert_string_equal(history_menu_canonical("digital-implementation", "TYPE1"), "type1");
	assert_string_equal(history_menu_canonical("digital-implementation", "TYPE3"), "type3");
	assert_string_equal(history_menu_canonical("new-local-economy-digital", "type2"), "type2");
	assert_string_equal(history_menu_canonical("digital-implementation", "地方創生テレワーク型"), "telework");
	assert_string_equal(history_menu_canonical("digital-implementation", "マイナンバーカード利用横展開事例創出型"), "mnc_expansion");
	assert_null(history_menu_canonical("digital-implementation", "類型①"));
	assert_string_equal(history_menu_canonical("bansou", "類型①"), "1");
	assert_string_equal(history_menu_canonical("bansou", "②"), "2");
	assert_string_equal(history_menu_canonical("bansou", "3"), "3");
	assert_string_equal(history_menu_canonical("dispatch", "企業派遣型"), "company");
	assert_string_equal(history_menu_canonical("dispatch", "人材紹介型"), "referral");
	assert_null(history_menu_canonical("future-tech", "type1"));
	assert_string_equal(history_menu_canonical("future-tech", ""), "");
	assert_string_equal(history_menu_canonical("future-tech", NULL), "");

	assert_string_equal(history_status_canonical("digital-implementation", "採択"), "adopted");
	assert_string_equal(history_status_canonical("new-local-economy-digital", "交付決定"), "granted");
	assert_null(history_status_canonical("digital-implementation", "選定"));
	assert_string_equal(history_status_canonical("bansou", "採択"), "selected");
	assert_string_equal(history_status_canonical("bansou", "支援"), "selected");
	assert_string_equal(history_status_canonical("dispatch", "派遣"), "used");
	assert_string_equal(history_status_canonical("future-tech", "継続"), "continued");
	assert_string_equal(history_status_canonical("future-tech", "採択"), "selected");
	assert_null(history_status_canonical("future-tech", "adopted"));
	assert_null(history_status_canonical("other", "adopted"));
	assert_null(history_status_canonical("bansou", NULL));
}

static void record_labels(void **state)
{
	(void)state;
	history_record r = rec(NATORI, "digital-implementation", 2022, "supplementary", "type1", "adopted");
	assert_string_equal(history_record_label(&r, &a), "令和4年度補正 デジタル田園都市国家構想交付金 デジタル実装タイプ TYPE1 採択");
	r = rec(NATORI, "digital-implementation", 2021, "supplementary", "telework_high", "granted");
	assert_string_equal(history_record_label(&r, &a),
			    "令和3年度補正 デジタル田園都市国家構想推進交付金 デジタル実装タイプ 地方創生テレワーク型（高水準タイプ） 交付決定");
	r = rec(NATORI, "bansou", 2023, "", "2", "selected");
	assert_string_equal(history_record_label(&r, &a), "令和5年度 デジタル実装計画策定支援事業（伴走支援） 類型② 支援先に採択");
	r = rec(NATORI, "bansou", 2025, "initial", "1", "selected");
	assert_string_equal(history_record_label(&r, &a), "令和7年度当初 デジタル実装伴走支援事業 類型① 支援先に採択");
	r = rec(NATORI, "bansou", 2025, "request", "3", "selected");
	assert_string_equal(history_record_label(&r, &a), "令和7年度概算要求 デジタル実装伴走支援事業 類型③ 支援先に採択");
	r = rec(NATORI, "bansou", 2025, "", "9", "selected");
	assert_string_equal(history_record_label(&r, &a), "令和7年度 デジタル実装伴走支援事業 9 支援先に採択");
	r = rec(NATORI, "dispatch", 2023, "", "company", "used");
	assert_string_equal(history_record_label(&r, &a), "令和5年度 デジタル専門人材派遣制度 企業派遣型 利用");
	r = rec(NATORI, "future-tech", 2020, "", "", "selected");
	assert_string_equal(history_record_label(&r, &a), "令和2年度 未来技術社会実装事業 選定");
	r = rec(NATORI, "future-tech", 2021, "", "x", "continued");
	assert_string_equal(history_record_label(&r, &a), "令和3年度 未来技術社会実装事業 x 継続（支援延長）");
	r = rec(NATORI, "future-tech", 2021, "", "", "other");
	assert_string_equal(history_record_label(&r, &a), "令和3年度 未来技術社会実装事業 other");
}

static void matching(void **state)
{
	(void)state;
	history_record r = rec(NATORI, "digital-implementation", 2022, "supplementary", "telework", "adopted");
	const char *menus[] = { "type1", "telework" }, *ex[] = { "telework" }, *st[] = { "granted" };
	history_match any = { 0 };
	assert_true(history_matches(&r, &any));
	assert_false(history_matches(&r, &(history_match){ .program = "bansou" }));
	assert_true(history_matches(&r, &(history_match){ .program = "digital-implementation", .fiscal_year = 2022 }));
	assert_false(history_matches(&r, &(history_match){ .fiscal_year = 2023 }));
	assert_false(history_matches(&r, &(history_match){ .budget = "initial" }));
	assert_true(history_matches(&r, &(history_match){ .budget = "supplementary", .menus = menus, .n_menus = 2 }));
	assert_false(history_matches(&r, &(history_match){ .menus = menus, .n_menus = 1 }));
	assert_false(history_matches(&r, &(history_match){ .statuses = st, .n_statuses = 1 }));
	/* C1c: 「（地方創生テレワーク型を除く）」 */
	assert_false(history_matches(&r, &(history_match){ .exclude_menus = ex, .n_exclude_menus = 1 }));
	r.menu = "type1";
	assert_true(history_matches(&r, &(history_match){ .exclude_menus = ex, .n_exclude_menus = 1 }));
}

static void kinds_and_find(void **state)
{
	(void)state;
	for (int k = 0; k < SUPPORT_KIND__MAX; k++) {
		support_kind back;
		assert_true(support_kind_from_key(support_kind_key((support_kind)k), &back));
		assert_int_equal(back, k);
	}
	assert_string_equal(support_kind_key(SUPPORT_COMPOSITION), "composition");
	assert_string_equal(support_kind_key(SUPPORT_KIND__MAX), "?");
	support_kind k;
	assert_false(support_kind_from_key("nothing", &k));
	const support_condition *c = support_condition_find(&rules, 1, "C1a");
	assert_non_null(c);
	assert_int_equal(c->kind, SUPPORT_HISTORY);
	assert_string_equal(c->cite.quote, "令和5、6年度デジタル実装計画策定支援事業における伴走支援を受けていないこと");
	assert_null(support_condition_find(&rules, 2, "C1a"));
	assert_null(support_condition_find(&rules, 1, "ZZ"));
}

/* ---- 類型① ---- */

static support_application app1(const organization **orgs, const history_record *h, size_t nh)
{
	return (support_application){ .rules = &rules, .category = 1, .orgs = orgs, .n_orgs = 1, .answers = yes1,
				      .n_answers = 3, .history = h, .n_history = nh };
}

static void category1_clean(void **state)
{
	(void)state;
	const organization *orgs[] = { org(NATORI) };
	support_application app = app1(orgs, NULL, 0);
	support_result r;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_true(r.eligible);
	/* 基礎条件 C0, 【条件1】 C1a–C1e, 【条件2】 C2a C2b, 【条件3】 C3 */
	assert_int_equal(r.n_conditions, 9);
	assert_int_equal(r.n_warnings, 0);
	assert_string_equal(outcome(&r, "C0", 0)->reason, "宮城県名取市（市）は市区町村です");
	assert_string_equal(outcome(&r, "C1a", 0)->reason, "宮城県名取市に該当する実績はありません");
	assert_string_equal(outcome(&r, "C2a", 0)->reason, "「はい」と回答されています");
	/* 指定都市 counts as 市区町村 (C0 note: 「特別区・指定都市も市区町村に含める」) */
	orgs[0] = org(SENDAI);
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_true(r.eligible);
	assert_string_equal(outcome(&r, "C0", 0)->reason, "宮城県仙台市（指定都市）は市区町村です");
	/* no organization at all */
	app.n_orgs = 0;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), -1);
}

static void category1_history(void **state)
{
	(void)state;
	const organization *orgs[] = { org(MURORAN) };
	/* C1c 「令和4年度又は令和5年度補正デジ田交付金デジタル実装タイプ（地方創生テレワーク型を除く）を未採択であること」:
	 * an adoption under テレワーク型 alone does not disqualify, and the reason says so */
	history_record h[] = { rec(MURORAN, "digital-implementation", 2022, "supplementary", "telework_high", "adopted") };
	support_application app = app1(orgs, h, 1);
	support_result r;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_true(r.eligible);
	assert_string_equal(outcome(&r, "C1c", 0)->reason,
			    "北海道室蘭市に該当する実績はありません（令和4年度補正 デジタル田園都市国家構想交付金 デジタル実装タイプ "
			    "地方創生テレワーク型（高水準タイプ） 採択 は条件の対象外です）");
	/* TYPE1 in R4補正 does */
	history_record h2[] = { rec(MURORAN, "digital-implementation", 2022, "supplementary", "type1", "granted"),
				rec(ISHINOMAKI, "dispatch", 2022, "", "company", "used") };
	h2[0].title = "書かない窓口";
	app = app1(orgs, h2, 2);
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_false(r.eligible);
	const support_outcome *c = outcome(&r, "C1c", 0);
	assert_false(c->ok);
	assert_ptr_equal(c->record, &h2[0]);
	assert_ptr_equal(c->org, orgs[0]);
	assert_contains(c->reason, "北海道室蘭市は「令和4年度又は令和5年度補正デジ田交付金デジタル実装タイプ（地方創生テレワーク型を除く）を未採択であること」を満たしません");
	assert_contains(c->reason, "TYPE1 交付決定「書かない窓口」（出典 000_23c807c41fd90cd5.txt）の実績があります");
	/* another organization's dispatch record does not count against 室蘭市 (C1e) */
	assert_true(outcome(&r, "C1e", 0)->ok);
	/* C1e 「内閣府「デジタル専門人材派遣制度」を利用したことがないこと」 — ever, any menu */
	history_record h3[] = { rec(MURORAN, "dispatch", 2019, "", "referral", "used") };
	app = app1(orgs, h3, 1);
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_false(r.eligible);
	assert_false(outcome(&r, "C1e", 0)->ok);
	assert_true(outcome(&r, "C1c", 0)->ok);
}

static void category1_declarations(void **state)
{
	(void)state;
	const organization *orgs[] = { org(NATORI) };
	support_declaration d[] = { { "C2a", false }, { "C3", true } };
	support_application app = app1(orgs, NULL, 0);
	app.answers = d;
	app.n_answers = 2;
	support_result r;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_false(r.eligible);
	assert_string_equal(outcome(&r, "C2a", 0)->reason, "「いいえ」と回答されています（強い意欲と、地方創生人材を巻き込んだ推進体制構築への協力）");
	assert_string_equal(outcome(&r, "C2b", 0)->reason, "回答がありません（answers の declarations.C2b に true か false で答えてください）");
	assert_true(outcome(&r, "C3", 0)->ok);
}

static void category1_applicant_kind(void **state)
{
	(void)state;
	/* 基礎条件：以下の条件すべてを満たす市区町村 */
	const organization *orgs[] = { org(MIYAGI) };
	support_application app = app1(orgs, NULL, 0);
	support_result r;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_false(r.eligible);
	assert_string_equal(outcome(&r, "C0", 0)->reason, "宮城県は都道府県です。類型①は市区町村が申請します");
	/* the notes about the applicant's prefecture do not apply to a prefecture */
	assert_null(warning(&r, "N1"));
	assert_null(warning(&r, "N2"));
	/* a ward of a 指定都市 is not a local government */
	orgs[0] = org("011011");
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_false(outcome(&r, "C0", 0)->ok);
	assert_string_equal(outcome(&r, "C0", 0)->reason, "北海道札幌市中央区は行政区です。類型①は市区町村が申請します");
}

static void category1_notes(void **state)
{
	(void)state;
	/* N1: 「令和5、6年度に類型②で伴走支援を受けている都道府県（青森県、埼玉県、静岡県、徳島県、宮崎県）の管内市町村が
	 * 類型①に申請する場合、県と調整の上で提出すること」 — a warning, not a bar */
	const organization *orgs[] = { org(AOMORI_CITY) };
	support_application app = app1(orgs, NULL, 0);
	support_result r;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_true(r.eligible);
	const support_outcome *w = warning(&r, "N1");
	assert_non_null(w);
	assert_false(w->ok);
	assert_ptr_equal(w->org, org(AOMORI));
	assert_null(w->record);
	assert_contains(w->reason, "青森県は令和5、6年度に類型②で伴走支援を受けている都道府県です。県と調整の上で提出してください。");
	assert_null(strstr(w->reason, "回答されています"));
	app.consulted_prefecture = ANSWER_YES;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_contains(warning(&r, "N1")->reason, "（県と調整済みと回答されています）");
	app.consulted_prefecture = ANSWER_NO;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_contains(warning(&r, "N1")->reason, "（県と調整していないと回答されています）");

	/* N1 by a record: 宮城県 selected for 類型② in 令和5年度 (not in the list) */
	orgs[0] = org(NATORI);
	history_record h[] = { rec(MIYAGI, "bansou", 2023, "", "2", "selected") };
	app = app1(orgs, h, 1);
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	w = warning(&r, "N1");
	assert_non_null(w);
	assert_ptr_equal(w->record, &h[0]);
	assert_contains(w->reason, "宮城県は令和5、6年度に類型②で伴走支援を受けている都道府県です（令和5年度 デジタル実装計画策定支援事業（伴走支援） 類型② 支援先に採択");
	/* the prefecture's record is not the municipality's: C1a still holds */
	assert_true(outcome(&r, "C1a", 0)->ok);
	assert_true(r.eligible);

	/* N2: 「今回の申請において類型②を申請予定の都道府県の管内市区町村の場合…」 */
	app = app1(orgs, NULL, 0);
	app.prefecture_plans_category2 = ANSWER_YES;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	w = warning(&r, "N2");
	assert_non_null(w);
	assert_string_equal(w->reason, "宮城県は今回類型②を申請予定です。類型①の申請にあたっては県とよく相談した上で提出してください。"
				       "事前の調整なく申請があった場合、類型②における支援対象市区町村として位置づける等の条件付き採択となります。");
	app.consulted_prefecture = ANSWER_YES;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_contains(warning(&r, "N2")->reason, "県とよく相談した上での提出と回答されています。");
	app.prefecture_plans_category2 = ANSWER_NO;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_null(warning(&r, "N2"));
	/* N2 by a record of this round (fy2025 類型② selected) */
	history_record h2[] = { rec(MIYAGI, "bansou", 2025, "", "2", "selected"), rec(NATORI, "bansou", 2025, "", "1", "selected") };
	app = app1(orgs, h2, 2);
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_ptr_equal(warning(&r, "N2")->record, &h2[0]);
	/* SAME_ROUND: the applicant is already a 支援先 this year */
	w = warning(&r, "SAME_ROUND");
	assert_non_null(w);
	assert_ptr_equal(w->record, &h2[1]);
	assert_contains(w->reason, "宮城県名取市には同じ年度の令和7年度 デジタル実装伴走支援事業 類型① 支援先に採択");
}

/* ---- 類型② ---- */

static void category2(void **state)
{
	(void)state;
	const support_declaration d[] = { { "P2a", true }, { "P2b", true }, { "P3a", true },
					  { "P3b", true }, { "P3c", true }, { "P3d", true } };
	const char *texts[] = { "partner", "株式会社仙台デジタル" };
	const organization *orgs[] = { org(MIYAGI), org(NATORI) };
	support_application app = { .rules = &rules, .category = 2, .orgs = orgs, .n_orgs = 2, .answers = d, .n_answers = 6,
				    .texts = texts, .n_texts = 1 };
	support_result r;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_true(r.eligible);
	assert_string_equal(outcome(&r, "P0", 0)->reason, "宮城県は都道府県です");
	assert_string_equal(outcome(&r, "P2a", 0)->reason, "「はい」と回答されています（partner: 株式会社仙台デジタル）");
	/* P3a: the declaration, then each target against 類型① C1a–C1e */
	assert_int_equal(count_outcomes(&r, "P3a"), 2);
	assert_string_equal(outcome(&r, "P3a", 1)->reason,
			    "支援対象として挙げた宮城県名取市は管内の市区町村で、類型①の応募要件（C1a・C1b・C1c・C1d・C1e）を満たします");

	/* P2a 「少なくとも内諾を得ていること」 needs the partner's name */
	const char *empty[] = { "partner", "" };
	app.texts = empty;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_false(r.eligible);
	assert_string_equal(outcome(&r, "P2a", 0)->reason, "「はい」と回答されていますが、連携先の名称（partner）がありません");
	app.texts = texts;

	/* targets: outside the prefecture, not a municipality, and one failing C1e */
	const organization *orgs2[] = { org(MIYAGI), org(AOMORI_CITY), org(AOMORI), org(ISHINOMAKI) };
	history_record h[] = { rec(ISHINOMAKI, "dispatch", 2021, "", "company", "used") };
	app.orgs = orgs2;
	app.n_orgs = 4;
	app.history = h;
	app.n_history = 1;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_false(r.eligible);
	assert_int_equal(count_outcomes(&r, "P3a"), 4);
	assert_true(outcome(&r, "P3a", 0)->ok); /* the declaration */
	assert_string_equal(outcome(&r, "P3a", 1)->reason, "支援対象として挙げた青森県青森市は宮城県の管内の市区町村ではありません");
	assert_string_equal(outcome(&r, "P3a", 2)->reason, "支援対象として挙げた青森県は市区町村ではありません（都道府県）");
	const support_outcome *o = outcome(&r, "P3a", 3);
	assert_false(o->ok);
	assert_ptr_equal(o->record, &h[0]);
	assert_contains(o->reason, "支援対象として挙げた宮城県石巻市は類型①の応募要件 C1e「内閣府「デジタル専門人材派遣制度」を利用したことがないこと」を満たしません");

	/* P1: 「令和5、6年度デジタル実装計画策定支援事業における伴走支援を受けていないこと」 — excludes 青森県 by its record */
	const organization *orgs3[] = { org(AOMORI) };
	history_record h2[] = { rec(AOMORI, "bansou", 2024, "", "2", "selected") };
	app.orgs = orgs3;
	app.n_orgs = 1;
	app.history = h2;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_false(r.eligible);
	assert_false(outcome(&r, "P1", 0)->ok);
	assert_ptr_equal(outcome(&r, "P1", 0)->record, &h2[0]);
	/* a municipality cannot apply for 類型② */
	orgs3[0] = org(NATORI);
	app.n_history = 0;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_string_equal(outcome(&r, "P0", 0)->reason, "宮城県名取市は市です。類型②は都道府県が申請します");
}

/* ---- 類型③ ---- */

static const support_declaration d3[] = { { "W1", true }, { "W3a", true }, { "W3b", true },
					  { "W3c", true }, { "W3d", true }, { "W3e", true } };

static support_application app3(const organization **orgs, size_t n)
{
	return (support_application){ .rules = &rules, .category = 3, .orgs = orgs, .n_orgs = n, .representative = orgs[0],
				      .contact = "デジタル推進課 山田", .answers = d3, .n_answers = 6, .round_decided = true };
}

static void category3_composition(void **state)
{
	(void)state;
	/* W0 「都道府県及び管内の複数市区町村、または、複数市区町村」 */
	const organization *ok1[] = { org(MIYAGI), org(NATORI), org(ISHINOMAKI) };
	support_application app = app3(ok1, 3);
	support_result r;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_true(r.eligible);
	assert_string_equal(outcome(&r, "W0", 0)->reason, "宮城県と管内の市区町村2団体の構成です");
	assert_string_equal(outcome(&r, "W3f", 0)->reason, "代表: 宮城県、担当者: デジタル推進課 山田");
	assert_string_equal(outcome(&r, "W4", 0)->reason, "類型③には類型①の条件1（採択・伴走支援の実績）は適用されません");
	assert_string_equal(outcome(&r, "W2", 0)->reason, "構成団体（市区町村）に令和7年度の類型①②の支援先はありません");
	assert_int_equal(r.n_warnings, 0);

	/* 複数市区町村 across prefectures: allowed, with a warning that the seeds do not say */
	const organization *span[] = { org(NATORI), org(AOMORI_CITY) };
	app = app3(span, 2);
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_true(r.eligible);
	assert_string_equal(outcome(&r, "W0", 0)->reason, "市区町村2団体の構成です");
	assert_non_null(warning(&r, "W0"));

	/* one municipality only */
	const organization *one[] = { org(MIYAGI), org(NATORI) };
	app = app3(one, 2);
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_false(r.eligible);
	assert_string_equal(outcome(&r, "W0", 0)->reason,
			    "構成が「基礎条件：以下の条件すべてを満たす都道府県及び管内の複数市区町村、または、複数市区町村」に当たりません: 市区町村が1団体です（複数の市区町村が必要です）。");

	/* two prefectures, a municipality outside, and an 広域連合 */
	organization koiki = { .code = "048003", .kind = ORG_KOIKI, .prefecture = 4, .name = "宮城県後期高齢者医療広域連合" };
	const organization *bad[] = { org(MIYAGI), org(AOMORI), org(NATORI), org(ISHINOMAKI), &koiki };
	app = app3(bad, 5);
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_false(r.eligible);
	assert_contains(outcome(&r, "W0", 0)->reason, "都道府県が2団体あります（都道府県は1団体まで）。");
	assert_contains(outcome(&r, "W0", 0)->reason, "都道府県・市区町村でない団体があります: 宮城県宮城県後期高齢者医療広域連合（広域連合）。");
	const organization *outside[] = { org(MIYAGI), org(NATORI), org(AOMORI_CITY) };
	app = app3(outside, 3);
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_false(r.eligible);
	assert_contains(outcome(&r, "W0", 0)->reason, "宮城県の管内でない市区町村があります: 青森県青森市。");
}

static void category3_round_and_representative(void **state)
{
	(void)state;
	const organization *orgs[] = { org(NATORI), org(ISHINOMAKI), org(MIYAGI) };
	/* W2 「同年度中に本事業類型①及び②で伴走支援を受ける団体（市区町村）が、類型③の構成団体の中に含まれていないこと」 */
	history_record h[] = { rec(ISHINOMAKI, "bansou", 2025, "", "1", "selected"), rec(MIYAGI, "bansou", 2025, "", "2", "selected"),
			       rec(NATORI, "digital-implementation", 2022, "supplementary", "type1", "adopted") };
	support_application app = app3(orgs, 3);
	app.history = h;
	app.n_history = 3;
	support_result r;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_false(r.eligible);
	assert_int_equal(count_outcomes(&r, "W2"), 1); /* the prefecture's own 類型② does not count: 「団体（市区町村）」 */
	const support_outcome *o = outcome(&r, "W2", 0);
	assert_ptr_equal(o->record, &h[0]);
	assert_ptr_equal(o->org, orgs[1]);
	assert_contains(o->reason, "構成団体の宮城県石巻市は令和7年度に類型①②で伴走支援を受けます");
	/* W4 「採択実績有無に関係なく申請が可能」: 名取市's adoption and 石巻市's support are named, not counted */
	assert_string_equal(outcome(&r, "W4", 0)->reason,
			    "類型③には類型①の条件1（採択・伴走支援の実績）は適用されません（構成団体のうち3団体に実績がありますが、申請できます）");
	/* before the round is decided W2 cannot be checked: met, with a warning */
	app.round_decided = false;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_true(outcome(&r, "W2", 0)->ok);
	assert_contains(outcome(&r, "W2", 0)->reason, "令和7年度の伴走支援の採択が記録されていないため");
	assert_non_null(warning(&r, "W2"));
	assert_true(r.eligible);

	/* W3f 「代表となる団体・担当者を明確にしたうえで申請すること」 */
	app.representative = NULL;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_false(r.eligible);
	assert_string_equal(outcome(&r, "W3f", 0)->reason, "代表となる団体が示されていません（--representative）");
	app.representative = org(AOMORI);
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_string_equal(outcome(&r, "W3f", 0)->reason, "代表となる団体青森県が構成団体にありません");
	app.representative = orgs[2];
	app.contact = "";
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_string_equal(outcome(&r, "W3f", 0)->reason, "代表となる団体の担当者が示されていません（--contact）");
	app.contact = NULL;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_false(outcome(&r, "W3f", 0)->ok);

	/* W3d guidance: 「地域外の事業者を選定することを妨げるものではない」 — a warning only */
	support_declaration d[6];
	memcpy(d, d3, sizeof d);
	d[4].value = false;
	app.contact = "担当";
	app.answers = d;
	app.n_history = 0;
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_true(r.eligible);
	assert_non_null(warning(&r, "W3d"));
	assert_contains(warning(&r, "W3d")->reason, "地域外の事業者を選定することを妨げるものではありません");
}

static void more_edges(void **state)
{
	(void)state;
	support_result r;
	/* C1c: two テレワーク型 adoptions, both named as left out */
	const organization *o1[] = { org(MURORAN) };
	history_record h[] = { rec(MURORAN, "digital-implementation", 2022, "supplementary", "telework_high", "adopted"),
			       rec(MURORAN, "digital-implementation", 2023, "supplementary", "telework_standard", "granted") };
	support_application app = app1(o1, h, 2);
	assert_int_equal(support_evaluate(&app, &cat.orgs, &a, &r), 0);
	assert_true(r.eligible);
	assert_contains(outcome(&r, "C1c", 0)->reason, "地方創生テレワーク型（高水準タイプ） 採択、令和5年度補正");
	/* an organization whose prefecture is not in the master: named alone, no notes about its prefecture */
	org_master none = { 0 };
	app.n_history = 0;
	app.prefecture_plans_category2 = ANSWER_YES;
	assert_int_equal(support_evaluate(&app, &none, &a, &r), 0);
	assert_string_equal(outcome(&r, "C1a", 0)->reason, "室蘭市に該当する実績はありません");
	assert_int_equal(r.n_warnings, 0);

	/* 類型② without a text answer for partner (another key given) */
	const support_declaration d[] = { { "P2a", true } };
	const char *texts[] = { "other", "x" };
	const organization *o2[] = { org(MIYAGI) };
	support_application a2 = { .rules = &rules, .category = 2, .orgs = o2, .n_orgs = 1, .answers = d, .n_answers = 1,
				   .texts = texts, .n_texts = 1 };
	assert_int_equal(support_evaluate(&a2, &cat.orgs, &a, &r), 0);
	assert_string_equal(outcome(&r, "P2a", 0)->reason, "「はい」と回答されていますが、連携先の名称（partner）がありません");
	/* a municipality applying for 類型② with a target: P0 fails; the target is checked against 類型① only */
	const organization *o3[] = { org(NATORI), org(AOMORI_CITY) };
	a2.orgs = o3;
	a2.n_orgs = 2;
	assert_int_equal(support_evaluate(&a2, &cat.orgs, &a, &r), 0);
	assert_false(outcome(&r, "P0", 0)->ok);
	assert_true(outcome(&r, "P3a", 1)->ok);

	/* 類型③: two municipalities of one prefecture, no prefecture member: no warning about spanning */
	const organization *o4[] = { org(NATORI), org(ISHINOMAKI) };
	support_application a3 = app3(o4, 2);
	history_record h3[] = { rec(NATORI, "new-local-economy-digital", 2024, "supplementary", "", "adopted"),
				rec(ISHINOMAKI, "bansou", 2023, "", "1", "selected") };
	a3.history = h3;
	a3.n_history = 2;
	assert_int_equal(support_evaluate(&a3, &cat.orgs, &a, &r), 0);
	assert_true(r.eligible);
	assert_null(warning(&r, "W0"));
	assert_contains(outcome(&r, "W4", 0)->reason, "構成団体のうち2団体に実績があります");
	/* two non-municipal members and two outside the prefecture */
	organization k1 = { .code = "048003", .kind = ORG_KOIKI, .prefecture = 4, .name = "広域連合A" };
	organization k2 = { .code = "048011", .kind = ORG_KUMIAI, .prefecture = 4, .name = "組合B" };
	const organization *o5[] = { org(MIYAGI), org(AOMORI_CITY), org("022021"), &k1, &k2 };
	a3 = app3(o5, 5);
	assert_int_equal(support_evaluate(&a3, &cat.orgs, &a, &r), 0);
	assert_contains(outcome(&r, "W0", 0)->reason, "宮城県広域連合A（広域連合）、宮城県組合B（一部事務組合）");
	assert_contains(outcome(&r, "W0", 0)->reason, "宮城県の管内でない市区町村があります: 青森県青森市、青森県弘前市。");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(programs_and_labels),
		cmocka_unit_test(round_parse),
		cmocka_unit_test(menus_and_statuses),
		cmocka_unit_test(record_labels),
		cmocka_unit_test(matching),
		cmocka_unit_test(kinds_and_find),
		cmocka_unit_test(category1_clean),
		cmocka_unit_test(category1_history),
		cmocka_unit_test(category1_declarations),
		cmocka_unit_test(category1_applicant_kind),
		cmocka_unit_test(category1_notes),
		cmocka_unit_test(category2),
		cmocka_unit_test(category3_composition),
		cmocka_unit_test(category3_round_and_representative),
		cmocka_unit_test(more_edges),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
