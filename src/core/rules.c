/* rules.c — key tables and lookups for rule sets; see rules.h. */
#include "rules.h"

#include <stdio.h>
#include <string.h>

static const char *const req_keys[REQ__MAX] = {
	[REQ_DIGITAL_SERVICE] = "digital_service",
	[REQ_CONSORTIUM] = "consortium",
	[REQ_DATA_PLATFORM] = "data_platform",
	[REQ_MULTIPLE_SERVICES] = "multiple_services",
	[REQ_CARD_NEW_USE] = "card_new_use",
	[REQ_CARD_APPLICATION_RATE] = "card_application_rate",
	[REQ_TELEWORK_SECTION] = "telework_section",
};
static const char *const rp_keys[RP__MAX] = {
	[RP_ISSUE_SOLUTION] = "issue_solution", [RP_KPI] = "kpi",   [RP_CONSORTIUM_ROLES] = "consortium_roles",
	[RP_RUNNING_COST_PLAN] = "running_cost_plan", [RP_PDCA] = "pdca", [RP_COST_ITEM_DETAIL] = "cost_item_detail",
};
static const char *const rounding_keys[ROUND__MAX] = { "floor_yen", "floor_thousand" };

static bool lookup(const char *const *keys, int n, const char *key, int *out)
{
	for (int i = 0; i < n; i++)
		if (strcmp(keys[i], key) == 0) {
			*out = i;
			return true;
		}
	return false;
}

const char *requirement_key(requirement_id r) { return r < REQ__MAX ? req_keys[r] : "?"; }
bool requirement_from_key(const char *key, requirement_id *out)
{
	int i;
	if (!lookup(req_keys, REQ__MAX, key, &i))
		return false;
	*out = (requirement_id)i;
	return true;
}
const char *review_point_key(review_point_id r) { return r < RP__MAX ? rp_keys[r] : "?"; }
bool review_point_from_key(const char *key, review_point_id *out)
{
	int i;
	if (!lookup(rp_keys, RP__MAX, key, &i))
		return false;
	*out = (review_point_id)i;
	return true;
}
const char *rounding_mode_key(rounding_mode m) { return m < ROUND__MAX ? rounding_keys[m] : "?"; }
bool rounding_mode_from_key(const char *key, rounding_mode *out)
{
	int i;
	if (!lookup(rounding_keys, ROUND__MAX, key, &i))
		return false;
	*out = (rounding_mode)i;
	return true;
}

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
	char fy[32];
	wareki_fiscal_year(rs->fiscal_year, fy, sizeof fy);
	const char *b = strcmp(rs->budget, "supplementary") == 0 ? "補正"
			: strcmp(rs->budget, "request") == 0   ? "概算要求"
			: strcmp(rs->budget, "initial") == 0   ? "当初"
							       : "";
	snprintf(buf, n, "%s%s", fy, b);
	return buf;
}
