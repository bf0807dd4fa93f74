/* rules.c — key tables and lookups for rule sets; see rules.h. */
#include "rules.h"

#include <stdio.h>
#include <string.h>

#include "keys.h"

static const char *const req_keys[REQ__MAX] = {
	[REQ_DIGITAL_SERVICE] = "digital_service",     [REQ_CONSORTIUM] = "consortium",
	[REQ_DATA_PLATFORM] = "data_platform",         [REQ_MULTIPLE_SERVICES] = "multiple_services",
	[REQ_CARD_NEW_USE] = "card_new_use",           [REQ_CARD_APPLICATION_RATE] = "card_application_rate",
	[REQ_TELEWORK_SECTION] = "telework_section",
};
static const char *const rp_keys[RP__MAX] = {
	[RP_ISSUE_SOLUTION] = "issue_solution", [RP_KPI] = "kpi",   [RP_CONSORTIUM_ROLES] = "consortium_roles",
	[RP_RUNNING_COST_PLAN] = "running_cost_plan", [RP_PDCA] = "pdca", [RP_COST_ITEM_DETAIL] = "cost_item_detail",
};
static const char *const rounding_keys[ROUND__MAX] = { "floor_yen", "floor_thousand" };

KEY_TABLE_FUNCS(requirement_id, requirement_key, requirement_from_key, req_keys, REQ__MAX)
KEY_TABLE_FUNCS(review_point_id, review_point_key, review_point_from_key, rp_keys, RP__MAX)
KEY_TABLE_FUNCS(rounding_mode, rounding_mode_key, rounding_mode_from_key, rounding_keys, ROUND__MAX)

int64_t rounding_apply(rounding_mode m, int64_t yen)
{
	switch (m) {
	case ROUND_FLOOR_THOUSAND:
		return yen - yen % 1000;
	case ROUND_FLOOR_YEN:
	case ROUND__MAX:
		break;
	}
	return yen;
}

const rule_set *rules_find(const rule_catalog *c, const char *id)
{
	if (c == NULL || id == NULL)
		return NULL;
	for (size_t i = 0; i < c->len; i++)
		if (strcmp(c->sets[i]->id, id) == 0)
			return c->sets[i];
	return NULL;
}

const rule_menu *rules_find_menu(const rule_set *rs, const char *menu_id)
{
	if (rs == NULL || menu_id == NULL)
		return NULL;
	for (size_t i = 0; i < rs->n_menus; i++)
		if (strcmp(rs->menus[i].id, menu_id) == 0)
			return &rs->menus[i];
	return NULL;
}

char *rules_round_label(const rule_set *rs, char *buf, size_t n)
{
	return wareki_round(rs->fiscal_year, rs->budget, true, buf, n);
}
