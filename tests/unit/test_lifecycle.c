/* test_lifecycle.c — the application states and who may move them (src/core/lifecycle.c).
 * DESIGN.md: draft → (事前相談 ↔ revised draft) → submitted → screened → under review →
 * decided (採択 / 不採択) → 内示 → 交付決定; 「Withdrawn at any point before 交付決定」. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../src/core/lifecycle.h"

static void happy_path(void **state)
{
	(void)state;
	app_status s = APP_DRAFT;
	const app_action path[] = { ACT_CONSULT, ACT_SUBMIT, ACT_SCREEN, ACT_ASSIGN, ACT_ADOPT, ACT_NAIJI, ACT_GRANT };
	const app_status want[] = { APP_CONSULTATION, APP_SUBMITTED, APP_SCREENED, APP_UNDER_REVIEW, APP_ADOPTED, APP_NAIJI, APP_GRANTED };
	for (size_t i = 0; i < sizeof path / sizeof path[0]; i++) {
		app_status next;
		assert_true(lifecycle_next(s, path[i], &next));
		assert_int_equal(next, want[i]);
		s = next;
	}
	assert_true(lifecycle_next(APP_GRANTED, ACT_REPORT_KPI, NULL));
	assert_false(lifecycle_next(APP_NAIJI, ACT_REPORT_KPI, NULL));
}

/* Every (state, action) pair outside the diagram is refused. */
static void illegal_transitions(void **state)
{
	(void)state;
	int legal = 0;
	for (int s = 0; s < APP_STATUS__MAX; s++)
		for (int a = 0; a < ACT__MAX; a++)
			legal += lifecycle_next((app_status)s, (app_action)a, NULL);
	/* edit 2 + consult 1 + submit 2 + screen 1 + assign 2 + adopt 1 + reject 1 + naiji 1 + grant 1
	 * + withdraw 7 (all but granted, rejected, withdrawn) + report_kpi 1 */
	assert_int_equal(legal, 20);
	assert_false(lifecycle_next(APP_SUBMITTED, ACT_SUBMIT, NULL));
	assert_false(lifecycle_next(APP_SUBMITTED, ACT_EDIT, NULL));
	assert_false(lifecycle_next(APP_GRANTED, ACT_WITHDRAW, NULL));
	assert_true(lifecycle_next(APP_NAIJI, ACT_WITHDRAW, NULL));
	assert_false(lifecycle_next(APP_UNDER_REVIEW, ACT_NAIJI, NULL));
}

static void roles(void **state)
{
	(void)state;
	assert_true(lifecycle_role_may(ROLE_APPLICANT, ACT_SUBMIT));
	assert_false(lifecycle_role_may(ROLE_APPLICANT, ACT_SCREEN));
	assert_false(lifecycle_role_may(ROLE_REVIEWER, ACT_ADOPT));
	assert_true(lifecycle_role_may(ROLE_SECRETARIAT, ACT_GRANT));
	assert_false(lifecycle_role_may(ROLE_SECRETARIAT, ACT_SUBMIT));
	for (int s = 0; s < APP_STATUS__MAX; s++) {
		app_status back;
		assert_true(app_status_from_key(app_status_key((app_status)s), &back));
		assert_int_equal(back, s);
	}
	user_role r;
	assert_false(user_role_from_key("root", &r));
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(happy_path), cmocka_unit_test(illegal_transitions),
					    cmocka_unit_test(roles) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
