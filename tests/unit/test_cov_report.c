/* test_cov_report.c — the published result tables and the audit of decisions
 * (src/core/report.c) with the embedded rule set digital-implementation/fy2022-supp
 * and the real organization master. Rule values (001_2b97fb39079cc39d.txt):
 * TYPE1 「国費：1億円」 and 「TYPE1及びTYPE2 : 1／2」, 横展開型 「国費3億円、補助率10/10」,
 * 「※申請上限数（上記TYPEの合算値）：都道府県9事業 市町村5事業」, 「※2/3は1団体1申請とすること」. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../../src/core/report.h"
#include "../../src/io/catalog.h"

static catalog cat;
static arena a;
static const rule_set *rs;

static int setup(void **state)
{
	(void)state;
	char err[512];
	arena_init(&a);
	if (catalog_load(&cat, NULL, NULL, err, sizeof err) != 0)
		return -1;
	rs = rules_find(&cat.rules, "digital-implementation/fy2022-supp");
	return rs ? 0 : -1;
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

static const report_row *row(const report *r, const char *key)
{
	for (size_t i = 0; i < r->n_rows; i++)
		if (strcmp(r->rows[i].key, key) == 0)
			return &r->rows[i];
	fail_msg("no row %s", key);
	return NULL;
}

static organization koiki = { .code = "048003", .kind = ORG_KOIKI, .prefecture = 4, .name = "宮城県後期高齢者医療広域連合" };

static const char *f_admin[] = { "administration", "education" };
static const char *f_med[] = { "medical_welfare" };
static const char *f_child[] = { "childcare", "medical_welfare" };
static const char *f_bad[] = { "nonsense" };

#define P(code_, menu_, fields_, nf_, cat_, plat_, cost_, nat_) \
	{ .round = "digital-implementation/fy2022-supp", .menu = menu_, .org = org(code_), .title = "t", .status = "adopted", \
	  .fields = fields_, .n_fields = nf_, .category = cat_, .platform = plat_, .project_cost_yen = cost_, \
	  .national_share_yen = nat_, .rules = rs }

static size_t projects(decided_project *p)
{
	decided_project list[] = {
		P("042072", "type1", f_admin, 2, NULL, NULL, 20000000, 10000000), /* 名取市 */
		P("042072", "type1", f_med, 1, NULL, NULL, 3000000, 1500000),     /* 名取市 again */
		P("040002", "type2", f_child, 2, "A", "existing_open", 400000000, 200000000), /* 宮城県 */
		P("131016", "type3", f_bad, 1, NULL, "bogus", 90000000, 60000000), /* 千代田区 */
		P("131016", "mnc_expansion", NULL, 0, NULL, NULL, 5000000, 5000000),
	};
	memcpy(p, list, sizeof list);
	p[5] = p[0];
	p[5].org = &koiki;
	p[5].menu = "type1";
	p[5].fields = f_child;
	p[5].n_fields = 1;
	p[5].project_cost_yen = 1000;
	p[5].national_share_yen = 500;
	return 6;
}

static void keys(void **state)
{
	(void)state;
	for (int b = 0; b < BY__MAX; b++) {
		report_by back;
		assert_true(report_by_from_key(report_by_key((report_by)b), &back));
		assert_int_equal(back, b);
	}
	assert_string_equal(report_by_key(BY_FIELD_MERGED), "field_merged");
	assert_string_equal(report_by_label(BY_PREFECTURE), "都道府県別");
	assert_string_equal(report_by_key(BY__MAX), "?");
	assert_string_equal(report_by_label(BY__MAX), "?");
	report_by b;
	assert_false(report_by_from_key("town", &b));
}

static void by_menu(void **state)
{
	(void)state;
	decided_project p[6];
	size_t n = projects(p);
	report r;
	assert_int_equal(report_build(p, n, BY_MENU, rs, &cat.orgs, false, &a, &r), 0);
	assert_int_equal(r.by, BY_MENU);
	assert_int_equal(r.n_rows, 4); /* in order of first appearance */
	assert_string_equal(r.rows[0].key, "type1");
	assert_string_equal(r.rows[0].label, "TYPE1 優良モデル導入支援型");
	assert_int_equal(r.rows[0].projects, 3);
	assert_int_equal(r.rows[0].organizations, 2); /* 名取市 twice + 広域連合 */
	assert_int_equal(r.rows[0].project_cost_yen, 23001000);
	assert_int_equal(r.rows[0].national_share_yen, 11500500);
	assert_string_equal(r.rows[3].label, "マイナンバーカード利用横展開事例創出型");
	assert_int_equal(r.total.projects, 6);
	assert_int_equal(r.total.organizations, 4);
	assert_int_equal(r.total.project_cost_yen, 518001000);
	assert_int_equal(r.total.national_share_yen, 276500500);
	/* without rules the label is the key */
	assert_int_equal(report_build(p, n, BY_MENU, NULL, &cat.orgs, false, &a, &r), 0);
	assert_string_equal(r.rows[0].label, "type1");
	/* no projects: no rows, zero total */
	assert_int_equal(report_build(p, 0, BY_MENU, rs, &cat.orgs, false, &a, &r), 0);
	assert_int_equal(r.n_rows, 0);
	assert_int_equal(r.total.organizations, 0);
}

static void by_kind(void **state)
{
	(void)state;
	decided_project p[6];
	size_t n = projects(p);
	report r;
	/* 「市町村（特別区含む）」 (001_2b97fb39079cc39d.txt): 特別区 inside 市町村, shown as うち */
	assert_int_equal(report_build(p, n, BY_KIND, rs, &cat.orgs, false, &a, &r), 0);
	assert_int_equal(r.n_rows, 4);
	assert_string_equal(r.rows[0].key, "prefecture");
	assert_string_equal(r.rows[1].key, "municipality");
	assert_string_equal(r.rows[2].key, "special_ward");
	assert_true(r.rows[2].within);
	assert_string_equal(r.rows[3].label, "広域連合・一部事務組合");
	assert_int_equal(row(&r, "prefecture")->projects, 1);
	assert_int_equal(row(&r, "municipality")->projects, 4);
	assert_int_equal(row(&r, "municipality")->organizations, 2);
	assert_int_equal(row(&r, "special_ward")->projects, 2);
	assert_int_equal(row(&r, "special_ward")->organizations, 1);
	assert_int_equal(row(&r, "special_ward")->national_share_yen, 65000000);
	assert_int_equal(row(&r, "koiki")->organizations, 1);
	assert_int_equal(r.total.projects, 6); /* the うち row is not added */
	/* orgs_once leaves the うち row alone */
	assert_int_equal(report_build(p, n, BY_KIND, rs, &cat.orgs, true, &a, &r), 0);
	assert_int_equal(row(&r, "special_ward")->organizations, 1);
	assert_int_equal(row(&r, "municipality")->organizations, 2);
}

static void by_field(void **state)
{
	(void)state;
	decided_project p[6];
	size_t n = projects(p);
	report r;
	/* a project counts once, in its first field; unknown or none → その他 */
	assert_int_equal(report_build(p, n, BY_FIELD, rs, &cat.orgs, false, &a, &r), 0);
	assert_int_equal(r.n_rows, 4);
	assert_int_equal(row(&r, "administration")->projects, 1);
	assert_string_equal(row(&r, "administration")->label, "行政サービス");
	assert_int_equal(row(&r, "medical_welfare")->projects, 1);
	assert_int_equal(row(&r, "childcare")->projects, 2);
	assert_int_equal(row(&r, "other")->projects, 2);
	assert_string_equal(row(&r, "other")->label, "その他");
	/* 000_23c807c41fd90cd5.txt 採択結果: 医療・福祉・子育て together */
	assert_int_equal(report_build(p, n, BY_FIELD_MERGED, rs, &cat.orgs, false, &a, &r), 0);
	assert_int_equal(r.n_rows, 3);
	const report_row *m = row(&r, "medical_welfare_childcare");
	assert_string_equal(m->label, "医療・福祉・子育て");
	assert_int_equal(m->projects, 3);
	assert_int_equal(m->organizations, 3);
	assert_int_equal(m->project_cost_yen, 403001000);
}

static void by_prefecture(void **state)
{
	(void)state;
	decided_project p[6];
	size_t n = projects(p);
	report r;
	assert_int_equal(report_build(p, n, BY_PREFECTURE, rs, &cat.orgs, false, &a, &r), 0);
	assert_int_equal(r.n_rows, 47); /* all 47, zero rows included */
	assert_string_equal(r.rows[0].key, "01");
	assert_string_equal(r.rows[0].label, "北海道");
	assert_int_equal(r.rows[0].projects, 0);
	assert_string_equal(r.rows[46].label, "沖縄県");
	const report_row *m = row(&r, "04");
	assert_string_equal(m->label, "宮城県");
	assert_int_equal(m->projects, 4);
	assert_int_equal(m->organizations, 3);
	assert_int_equal(row(&r, "13")->national_share_yen, 65000000);
	/* a master without the prefectures labels the rows by their code */
	org_master none = { 0 };
	assert_int_equal(report_build(p, 0, BY_PREFECTURE, rs, &none, false, &a, &r), 0);
	assert_int_equal(r.n_rows, 47);
	assert_string_equal(r.rows[3].label, "04");
}

static void by_category_and_platform(void **state)
{
	(void)state;
	decided_project p[6];
	size_t n = projects(p);
	report r;
	/* TYPE2/3 only */
	assert_int_equal(report_build(p, n, BY_CATEGORY, rs, &cat.orgs, false, &a, &r), 0);
	assert_int_equal(r.n_rows, 2);
	assert_int_equal(row(&r, "A")->projects, 1);
	assert_string_equal(row(&r, "unknown")->label, "（カテゴリ未記入）");
	assert_int_equal(r.total.projects, 2);
	assert_int_equal(r.total.national_share_yen, 260000000);
	assert_int_equal(report_build(p, n, BY_PLATFORM, rs, &cat.orgs, false, &a, &r), 0);
	assert_int_equal(r.n_rows, 5); /* the four policies, always, then 未記入 */
	assert_string_equal(r.rows[0].key, "existing_open");
	assert_int_equal(r.rows[0].projects, 1);
	assert_int_equal(r.rows[1].projects, 0);
	assert_string_equal(r.rows[4].key, "unknown");
	assert_string_equal(r.rows[4].label, "（整備方針未記入）");
	assert_int_equal(r.rows[4].projects, 1);
}

static void orgs_once(void **state)
{
	(void)state;
	/* 「岐阜県は高水準・標準両タイプで交付決定」 yet 標準 32団体 (001_2b97fb39079cc39d.txt): with orgs_once the
	 * organization counts in the first row only */
	decided_project p[] = {
		P("210005", "telework_high", NULL, 0, NULL, NULL, 4000000, 3000000),
		P("210005", "telework_standard", NULL, 0, NULL, NULL, 2000000, 1000000),
		P("042072", "telework_standard", NULL, 0, NULL, NULL, 2000000, 1000000),
		P("042072", "telework_standard", NULL, 0, NULL, NULL, 2000000, 1000000),
	};
	report r;
	assert_int_equal(report_build(p, 4, BY_MENU, rs, &cat.orgs, false, &a, &r), 0);
	assert_int_equal(row(&r, "telework_standard")->organizations, 2);
	assert_int_equal(report_build(p, 4, BY_MENU, rs, &cat.orgs, true, &a, &r), 0);
	assert_int_equal(row(&r, "telework_high")->organizations, 1);
	assert_int_equal(row(&r, "telework_standard")->organizations, 1);
	assert_int_equal(row(&r, "telework_standard")->projects, 3);
	assert_int_equal(r.total.organizations, 2);
}

static const decision_finding *find_rule(const decision_finding *f, size_t n, const char *rule, size_t line)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].rule, rule) == 0 && f[i].line == line)
			return &f[i];
	return NULL;
}

static void audit(void **state)
{
	(void)state;
	decided_project p[16];
	size_t n = 0;
	/* the seeds' own violation: 愛媛県 横展開型 6.5億円 over 「国費3億円」 */
	p[n++] = (decided_project)P("380008", "mnc_expansion", NULL, 0, NULL, NULL, 650000000, 650000000);
	/* exactly at the cap and the rate: no finding */
	p[n++] = (decided_project)P("040002", "type1", NULL, 0, NULL, NULL, 200000000, 100000000);
	/* 1 yen above 1/2 of 事業費 */
	p[n++] = (decided_project)P("010006", "type1", NULL, 0, NULL, NULL, 100000001, 50000001);
	/* 名取市: six TYPE1 — one above 「市町村5事業」 */
	for (int i = 0; i < 6; i++)
		p[n++] = (decided_project)P("042072", "type1", NULL, 0, NULL, NULL, 2000000, 1000000);
	/* 千代田区: TYPE2 and TYPE3 — 「2/3は1団体1申請」 */
	p[n++] = (decided_project)P("131016", "type2", NULL, 0, NULL, NULL, 2000000, 1000000);
	p[n++] = (decided_project)P("131016", "type3", NULL, 0, NULL, NULL, 3000000, 2000000);
	/* 広域連合: no 市町村/都道府県 limit for TYPE1–3 total, but 1団体1申請 applies to every kind */
	p[n++] = (decided_project)P("042072", "type2", NULL, 0, NULL, NULL, 2000000, 1000000);
	p[n - 1].org = &koiki;
	p[n++] = (decided_project)P("042072", "type2", NULL, 0, NULL, NULL, 2000000, 1000000);
	p[n - 1].org = &koiki;
	/* no rules, unknown menu: not audited */
	p[n++] = (decided_project)P("042072", "type1", NULL, 0, NULL, NULL, 1, 999999999);
	p[n - 1].rules = NULL;
	p[n++] = (decided_project)P("042072", "unknown", NULL, 0, NULL, NULL, 1, 999999999);
	for (size_t i = 0; i < n; i++)
		p[i].line = i + 2;
	decision_finding *f;
	size_t nf;
	assert_int_equal(decision_audit(p, n, &a, &f, &nf), 0);
	assert_int_equal(nf, 5);
	const decision_finding *x = find_rule(f, nf, "mnc_expansion.cap_yen", 2);
	assert_non_null(x);
	assert_ptr_equal(x->org, org("380008"));
	assert_string_equal(x->message, "国費 650,000,000円 がマイナンバーカード利用横展開事例創出型の国費上限 3億円 を超えています"
					"（001_2b97fb39079cc39d.txt「マイナンバーカード利用横展開事例創出型を創設（国費3億円、補助率10/10）」）");
	x = find_rule(f, nf, "type1.rate", 4);
	assert_non_null(x);
	assert_string_equal(x->message, "国費 50,000,001円 が事業費 100,000,001円 × 補助率 1/2 を超えています"
					"（001_2b97fb39079cc39d.txt「TYPE1及びTYPE2 : 1／2」）");
	assert_null(find_rule(f, nf, "type1.cap_yen", 3));
	x = find_rule(f, nf, "limits.type123_total", 5); /* reported at the organization's first decision */
	assert_non_null(x);
	assert_string_equal(x->message, "名取市 の決定は 6件で、申請上限数 5件を超えています"
					"（001_2b97fb39079cc39d.txt「※申請上限数（上記TYPEの合算値）：都道府県9事業 市町村5事業」）");
	x = find_rule(f, nf, "limits.type23_one_per_org", 11);
	assert_non_null(x);
	assert_ptr_equal(x->org, org("131016"));
	assert_string_equal(x->message, "千代田区 の決定は 2件で、申請上限数 1件を超えています（001_2b97fb39079cc39d.txt「※2/3は1団体1申請とすること」）");
	x = find_rule(f, nf, "limits.type23_one_per_org", 13);
	assert_non_null(x);
	assert_ptr_equal(x->org, &koiki);
	/* nothing at all */
	assert_int_equal(decision_audit(p, 0, &a, &f, &nf), 0);
	assert_int_equal(nf, 0);
	assert_null(f);
}

static void older_round_and_no_table(void **state)
{
	(void)state;
	/* digital-implementation/fy2021-supp (003_73909b06327bf539.txt) states neither caps nor rates: only the limits apply */
	const rule_set *old = rules_find(&cat.rules, "digital-implementation/fy2021-supp");
	assert_non_null(old);
	decided_project p[7];
	for (int i = 0; i < 6; i++) {
		p[i] = (decided_project)P("042072", "type1", NULL, 0, NULL, NULL, 1000, 999999999);
		p[i].rules = old;
		p[i].line = (size_t)i + 2;
	}
	p[6] = (decided_project)P("042072", "telework_high", NULL, 0, NULL, NULL, 1000, 999999999); /* fy2022-supp: rate 3/4, no cap */
	p[6].line = 8;
	decision_finding *f;
	size_t nf;
	assert_int_equal(decision_audit(p, 7, &a, &f, &nf), 0);
	assert_int_equal(nf, 2);
	/* 003_73909b06327bf539.txt 「※申請上限数：都道府県 9事業 市町村 5事業」 */
	assert_string_equal(find_rule(f, nf, "limits.type123_total", 2)->message,
			    "名取市 の決定は 6件で、申請上限数 5件を超えています（003_73909b06327bf539.txt「※申請上限数：都道府県 9事業 市町村 5事業」）");
	assert_non_null(find_rule(f, nf, "telework_high.rate", 8));
	assert_null(find_rule(f, nf, "telework_high.cap_yen", 8));
	/* the TYPE2/3 tables: a project without a policy is 未記入 */
	decided_project q[2] = { P("042072", "type3", NULL, 0, "B", NULL, 10, 5), P("042072", "type2", NULL, 0, "B", "new_with_broker", 10, 5) };
	report r;
	assert_int_equal(report_build(q, 2, BY_PLATFORM, rs, &cat.orgs, false, &a, &r), 0);
	assert_int_equal(row(&r, "unknown")->projects, 1);
	assert_int_equal(row(&r, "new_with_broker")->projects, 1);
	assert_int_equal(report_build(q, 2, BY_CATEGORY, rs, &cat.orgs, true, &a, &r), 0);
	assert_int_equal(r.n_rows, 1);
	assert_int_equal(row(&r, "B")->organizations, 1);
	assert_int_equal(row(&r, "B")->projects, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys),          cmocka_unit_test(by_menu),
		cmocka_unit_test(by_kind),       cmocka_unit_test(by_field),
		cmocka_unit_test(by_prefecture), cmocka_unit_test(by_category_and_platform),
		cmocka_unit_test(orgs_once),     cmocka_unit_test(audit), cmocka_unit_test(older_round_and_no_table),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
