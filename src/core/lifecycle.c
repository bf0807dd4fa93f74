/* lifecycle.c — state and permission tables; see lifecycle.h. */
#include "lifecycle.h"

#include "keys.h"

static const char *const status_keys[APP_STATUS__MAX] = {
	"draft", "consultation", "submitted", "screened", "under_review",
	"adopted", "rejected", "naiji", "granted", "withdrawn",
};
static const char *const status_labels[APP_STATUS__MAX] = {
	"下書き", "事前相談中", "提出済み", "審査前確認済み", "審査中", "採択", "不採択", "内示", "交付決定", "取下げ",
};
static const char *const action_keys[ACT__MAX] = {
	"edit", "consult", "submit", "screen", "assign", "adopt", "reject", "naiji", "grant", "withdraw", "report_kpi",
};
static const char *const role_keys[ROLE__MAX] = { "applicant", "reviewer", "secretariat", "admin" };

/* Which role performs each action: applicants write their plans, the office runs the round. */
static const bool role_may[ROLE__MAX][ACT__MAX] = {
	[ROLE_APPLICANT] = { [ACT_EDIT] = true, [ACT_CONSULT] = true, [ACT_SUBMIT] = true, [ACT_WITHDRAW] = true,
			     [ACT_REPORT_KPI] = true },
	[ROLE_SECRETARIAT] = { [ACT_SCREEN] = true, [ACT_ASSIGN] = true, [ACT_ADOPT] = true, [ACT_REJECT] = true,
			       [ACT_NAIJI] = true, [ACT_GRANT] = true },
	[ROLE_ADMIN] = { [ACT_SCREEN] = true, [ACT_ASSIGN] = true, [ACT_ADOPT] = true, [ACT_REJECT] = true,
			 [ACT_NAIJI] = true, [ACT_GRANT] = true },
};

bool lifecycle_next(app_status from, app_action act, app_status *to)
{
	app_status next = from;
	bool ok = false;
	switch (act) {
	case ACT_EDIT: ok = from == APP_DRAFT || from == APP_CONSULTATION; break;
	case ACT_CONSULT: ok = from == APP_DRAFT; next = APP_CONSULTATION; break;
	case ACT_SUBMIT: ok = from == APP_DRAFT || from == APP_CONSULTATION; next = APP_SUBMITTED; break;
	case ACT_SCREEN: ok = from == APP_SUBMITTED; next = APP_SCREENED; break;
	case ACT_ASSIGN: ok = from == APP_SCREENED || from == APP_UNDER_REVIEW; next = APP_UNDER_REVIEW; break;
	case ACT_ADOPT: ok = from == APP_UNDER_REVIEW; next = APP_ADOPTED; break;
	case ACT_REJECT: ok = from == APP_UNDER_REVIEW; next = APP_REJECTED; break;
	case ACT_NAIJI: ok = from == APP_ADOPTED; next = APP_NAIJI; break;
	case ACT_GRANT: ok = from == APP_NAIJI; next = APP_GRANTED; break;
	/* 取下げ: at any point before 交付決定 (and not after a final 不採択) */
	case ACT_WITHDRAW:
		ok = from != APP_GRANTED && from != APP_REJECTED && from != APP_WITHDRAWN;
		next = APP_WITHDRAWN;
		break;
	case ACT_REPORT_KPI: ok = from == APP_GRANTED; break;
	case ACT__MAX: break;
	}
	if (ok && to)
		*to = next;
	return ok;
}

bool lifecycle_role_may(user_role role, app_action act)
{
	return role < ROLE__MAX && act < ACT__MAX && role_may[role][act];
}

KEY_TABLE_FUNCS(app_status, app_status_key, app_status_from_key, status_keys, APP_STATUS__MAX)
const char *app_status_label(app_status s) { return s < APP_STATUS__MAX ? status_labels[s] : "?"; }
const char *app_action_key(app_action a) { return a < ACT__MAX ? action_keys[a] : "?"; }
KEY_TABLE_FUNCS(user_role, user_role_key, user_role_from_key, role_keys, ROLE__MAX)
