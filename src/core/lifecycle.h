/* lifecycle.h — the states of an application and who may move it where
 * (DESIGN.md "Lifecycle"): draft → 事前相談 → submitted → screened → under review →
 * adopted/rejected → 内示 → 交付決定; withdrawn before 交付決定. Pure tables. */
#ifndef DIGIDEN_LIFECYCLE_H
#define DIGIDEN_LIFECYCLE_H

#include <stdbool.h>

typedef enum app_status {
	APP_DRAFT,
	APP_CONSULTATION, /* 事前相談 */
	APP_SUBMITTED,
	APP_SCREENED,
	APP_UNDER_REVIEW,
	APP_ADOPTED,  /* 採択 */
	APP_REJECTED, /* 不採択 */
	APP_NAIJI,    /* 内示 */
	APP_GRANTED,  /* 交付決定 */
	APP_WITHDRAWN,
	APP_STATUS__MAX
} app_status;

typedef enum app_action {
	ACT_EDIT,
	ACT_CONSULT,
	ACT_SUBMIT,
	ACT_SCREEN,
	ACT_ASSIGN,
	ACT_ADOPT,
	ACT_REJECT,
	ACT_NAIJI,
	ACT_GRANT,
	ACT_WITHDRAW,
	ACT_REPORT_KPI,
	ACT__MAX
} app_action;

typedef enum user_role { ROLE_APPLICANT, ROLE_REVIEWER, ROLE_SECRETARIAT, ROLE_ADMIN, ROLE__MAX } user_role;

/* The state after act from `from`; false when the transition is illegal. ACT_EDIT
 * and ACT_REPORT_KPI keep the state. */
bool lifecycle_next(app_status from, app_action act, app_status *to);
/* Whether role may perform act at all (ownership is checked separately). */
bool lifecycle_role_may(user_role role, app_action act);

const char *app_status_key(app_status s);   /* "draft" … */
const char *app_status_label(app_status s); /* 下書き … */
bool app_status_from_key(const char *key, app_status *out);
const char *app_action_key(app_action a);
const char *user_role_key(user_role r);
bool user_role_from_key(const char *key, user_role *out);

#endif
