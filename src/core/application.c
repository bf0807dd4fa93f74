/* application.c — key tables of the application format (shared/schema/application.md). */
#include "application.h"

#include <string.h>

#include "keys.h"

static const char *const decl_keys[DECL__MAX] = {
	[DECL_PRIMARY_PURPOSE_STAFF_EFFICIENCY] = "primary_purpose_staff_efficiency",
	[DECL_DEMONSTRATION_ONLY] = "demonstration_only", [DECL_MULTI_YEAR_BUILD] = "multi_year_build",
	[DECL_ONE_OFF_EVENT] = "one_off_event",
	[DECL_ICT_PURCHASE_SUBSIDY_WITHOUT_SERVICE] = "ict_purchase_subsidy_without_service",
	[DECL_SMARTPHONE_CLASS_OR_STAFFING] = "smartphone_class_or_staffing",
	[DECL_WIFI_OR_DEVICES_PRIMARY] = "wifi_or_devices_primary",
};

static const char *const dp_keys[DP__MAX] = { "existing_open", "existing_open_with_broker", "new_with_broker",
					      "new_without_broker" };
/* Labels of the published table of policies (001_2b97fb39079cc39d.txt データ連携基盤の整備方針). */
static const char *const dp_labels[DP__MAX] = {
	"既存のオープンなデータ連携基盤を活用",
	"既存のオープンなデータ連携基盤を活用（ブローカー有）",
	"新たにデータ連携基盤を整備（ブローカー有）",
	"新たにデータ連携基盤を整備（ブローカー無）",
};
static const char *const tw_keys[TW__MAX] = { "municipal", "private_support", "existing_expansion" };
static const char *const tw_labels[TW__MAX] = {
	"① サテライトオフィス等整備事業（自治体運営施設）",
	"② サテライトオフィス等開設支援事業（民間運営施設）",
	"③ サテライトオフィス等活用促進事業（既設拡充）",
};

KEY_TABLE_FUNCS(declaration_id, declaration_key, declaration_from_key, decl_keys, DECL__MAX)
const char *dp_policy_label(dp_policy p) { return p < DP__MAX ? dp_labels[p] : "?"; }
KEY_TABLE_FUNCS(dp_policy, dp_policy_key, dp_policy_from_key, dp_keys, DP__MAX)
const char *tw_facility_kind_label(tw_facility_kind k) { return k < TW__MAX ? tw_labels[k] : "?"; }
KEY_TABLE_FUNCS(tw_facility_kind, tw_facility_kind_key, tw_facility_kind_from_key, tw_keys, TW__MAX)

const char *field_label(const char *key)
{
	static const struct {
		const char *key, *label;
	} fields[] = {
		{ "administration", "行政サービス" },   { "resident_services", "住民サービス" },
		{ "education", "教育" },                 { "culture_sports", "文化・スポーツ" },
		{ "medical_welfare", "医療・福祉" },     { "childcare", "子育て" },
		{ "transport_logistics", "交通・物流" }, { "disaster_infrastructure", "防災・インフラ" },
		{ "agriculture", "農林水産" },           { "industry", "産業振興" },
		{ "tourism", "観光" },                   { "other", "その他" },
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (strcmp(fields[i].key, key) == 0)
			return fields[i].label;
	return NULL;
}
