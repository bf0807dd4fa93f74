/* test_cov_future_tech.c — 未来技術社会実装事業 support periods (src/core/future_tech.c)
 * with the embedded rules/future-tech/program.json (003_73909b06327bf539.txt):
 *   「本事業の支援期間は、初めて採択された年から3年間としており」
 *   「事業継続が認められた事業については、2年間の支援延長を行う。」
 *   「継続申請を行わない場合は、支援期間満了後、自動的に支援終了とする。」 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../../src/core/future_tech.h"
#include "../../src/io/future_tech_rules.h"

static arena a;
static ft_rules rules;

static int setup(void **state)
{
	(void)state;
	char err[512];
	arena_init(&a);
	if (future_tech_rules_load_embedded(&rules, &a, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&a);
	return 0;
}

static const diag *has(const ft_status *s, const char *code)
{
	for (size_t i = 0; i < s->diags.len; i++)
		if (strcmp(s->diags.items[i].code, code) == 0)
			return &s->diags.items[i];
	return NULL;
}

static ft_status one(ft_selection s, int fy)
{
	ft_report r;
	if (s.where == NULL)
		s.where = "";
	assert_int_equal(future_tech_report(&rules, &s, 1, fy, 0, &a, &r), 0);
	assert_int_equal(r.n, 1);
	return r.status[0];
}

static void periods(void **state)
{
	(void)state;
	assert_int_equal(rules.support_fiscal_years.value, 3);
	assert_int_equal(rules.extension_fiscal_years.value, 2);
	ft_selection s = { .org_name = "A町", .first_fiscal_year = 2020 };
	/* not yet selected; an approved extension already known → ends 2024 */
	s.filed = true;
	s.filed_fiscal_year = 2022;
	s.decision = FT_DECISION_APPROVED;
	ft_status st = one(s, 2019);
	assert_int_equal(st.phase, FT_PHASE_NOT_YET);
	assert_int_equal(st.support_end_fiscal_year, 2024);
	/* within 2020–2022: approved → until 2024, final */
	st = one(s, 2021);
	assert_int_equal(st.phase, FT_PHASE_INITIAL);
	assert_int_equal(st.initial_end_fiscal_year, 2022);
	assert_int_equal(st.support_end_fiscal_year, 2024);
	assert_true(st.end_final);
	assert_false(st.ends_this_year);
	/* the extension 2023–2024, ending in 2024, then over */
	st = one(s, 2024);
	assert_int_equal(st.phase, FT_PHASE_EXTENSION);
	assert_true(st.ends_this_year);
	st = one(s, 2025);
	assert_int_equal(st.phase, FT_PHASE_ENDED);
	/* rejected: ends 2022, final, ends this year in 2022 */
	s.decision = FT_DECISION_REJECTED;
	st = one(s, 2022);
	assert_int_equal(st.phase, FT_PHASE_INITIAL);
	assert_int_equal(st.support_end_fiscal_year, 2022);
	assert_true(st.end_final);
	assert_true(st.ends_this_year);
	st = one(s, 2023);
	assert_int_equal(st.phase, FT_PHASE_ENDED);
	/* pending: not final; after the initial period the status is undecided */
	s.decision = FT_DECISION_PENDING;
	st = one(s, 2021);
	assert_false(st.end_final);
	assert_non_null(strstr(st.reason, "審査中"));
	st = one(s, 2023);
	assert_int_equal(st.phase, FT_PHASE_UNDECIDED);
	assert_false(ft_in_support(&st));
	/* filed, no decision recorded */
	s.decision = FT_DECISION_NONE;
	st = one(s, 2021);
	assert_non_null(strstr(st.reason, "審査結果は未記録"));
	/* nothing filed: 自動的に支援終了 after 2022 */
	s.filed = false;
	st = one(s, 2022);
	assert_non_null(strstr(st.reason, "自動的に支援終了（予定）"));
	st = one(s, 2023);
	assert_int_equal(st.phase, FT_PHASE_ENDED);
	assert_int_equal(st.support_end_fiscal_year, 2022);
}

static void inconsistent_records(void **state)
{
	(void)state;
	/* 継続申請 before the first selection: ignored, error */
	ft_selection s = { .org_code = "042072", .first_fiscal_year = 2020, .filed = true, .filed_fiscal_year = 2019,
			   .decision = FT_DECISION_APPROVED, .where = "5:" };
	ft_status st = one(s, 2023);
	const diag *d = has(&st, "FT_FILED_BEFORE_SELECTION");
	assert_non_null(d);
	assert_string_equal(d->path, "5:continuation_filed_fiscal_year");
	assert_true(strncmp(d->message, "042072: ", 8) == 0); /* no name: the code */
	assert_int_equal(st.phase, FT_PHASE_ENDED);            /* the approval does not count */
	/* a decision without an application; a nameless record */
	s = (ft_selection){ .first_fiscal_year = 2020, .decision = FT_DECISION_REJECTED, .org_name = "" };
	st = one(s, 2021);
	d = has(&st, "FT_DECISION_WITHOUT_APPLICATION");
	assert_non_null(d);
	assert_true(strncmp(d->message, "（団体名なし）: ", strlen("（団体名なし）: ")) == 0);
	assert_false(st.end_final);
	/* a date without a decision; a decision dated before the filing year */
	s = (ft_selection){ .org_name = "B村", .first_fiscal_year = 2020, .filed = true, .filed_fiscal_year = 2022,
			    .decision = FT_DECISION_PENDING, .has_decided_on = true, .decided_on = { 2022, 5, 1 } };
	st = one(s, 2022);
	assert_non_null(has(&st, "FT_DECIDED_ON_WITHOUT_DECISION"));
	s.decision = FT_DECISION_APPROVED;
	s.decided_on = (civil_date){ 2022, 3, 31 }; /* 令和3年度 */
	st = one(s, 2022);
	assert_non_null(has(&st, "FT_DECIDED_BEFORE_FILED"));
	s.decided_on = (civil_date){ 2022, 4, 1 };
	st = one(s, 2022);
	assert_null(has(&st, "FT_DECIDED_BEFORE_FILED"));
	assert_int_equal(st.diags.len, 0);
}

static void report_years(void **state)
{
	(void)state;
	ft_selection s[] = {
		{ .where = "", .org_name = "C", .first_fiscal_year = 2021 },
		{ .where = "", .org_name = "D", .first_fiscal_year = 2019 },
		{ .where = "", .org_name = "E", .first_fiscal_year = 2021 },
		{ .where = "", .org_name = "F", .first_fiscal_year = 2018 },
	};
	ft_report r;
	assert_int_equal(future_tech_report(&rules, s, 4, 2021, 0, &a, &r), 0);
	assert_int_equal(r.n_years, 3); /* ascending */
	assert_int_equal(r.years[0].fiscal_year, 2018);
	assert_int_equal(r.years[1].fiscal_year, 2019);
	assert_int_equal(r.years[2].fiscal_year, 2021);
	assert_int_equal(r.years[2].selected, 2);
	assert_int_equal(r.in_support, 3); /* 2019 (2019–2021) and both of 2021; 2018 ended 2020 */
	assert_int_equal(future_tech_report(&rules, s, 4, 2021, 2021, &a, &r), 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.n_years, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(periods),
		cmocka_unit_test(inconsistent_records),
		cmocka_unit_test(report_years),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
