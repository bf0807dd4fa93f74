/* application.h — one application (実施計画書), decoded from the format of
 * shared/schema/application.md. Pure data: every pointer is owned by the arena the
 * decoder was given; absent optional values are NULL / has_* false. */
#ifndef DIGIDEN_APPLICATION_H
#define DIGIDEN_APPLICATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fiscal.h"
#include "money.h"

typedef struct app_cost_item {
	const char *category;
	const char *description;
	int64_t amount_yen;
	bool eligible;
} app_cost_item;

typedef struct app_service {
	const char *name, *model, *target, *area;
	app_cost_item *cost_items;
	size_t n_cost_items;
} app_service;

typedef struct app_kpi_point {
	bool present;
	bool has_fiscal_year;
	int fiscal_year;
	bool has_value;
} app_kpi_point;

typedef struct app_kpi {
	const char *name, *unit;
	app_kpi_point baseline;
	app_kpi_point *targets;
	size_t n_targets;
} app_kpi;

typedef struct app_member {
	const char *name, *kind, *role;
} app_member;

typedef struct app_running_cost {
	bool has_fiscal_year;
	int fiscal_year;
	int64_t amount_yen;
	const char *source;
} app_running_cost;

typedef struct app_pdca {
	bool present;
	const char *frequency, *method;
	bool external_evaluation;
} app_pdca;

typedef enum dp_policy {
	DP_EXISTING_OPEN,           /* 既存のオープンなデータ連携基盤を活用 */
	DP_EXISTING_OPEN_WITH_BROKER,
	DP_NEW_WITH_BROKER,
	DP_NEW_WITHOUT_BROKER,
	DP__MAX
} dp_policy;

typedef struct app_data_platform {
	bool present;
	bool has_policy;
	dp_policy policy;
	const char **services_linked;
	size_t n_services_linked;
} app_data_platform;

typedef struct app_mynumber_card {
	bool present;
	const char **new_uses;
	size_t n_new_uses;
	bool has_rate;
	fraction application_rate; /* exact, from the decimal string */
	const char *application_rate_text;
	bool has_rate_as_of;
	civil_date rate_as_of;
} app_mynumber_card;

typedef enum tw_facility_kind {
	TW_MUNICIPAL,          /* ① サテライトオフィス等整備事業（自治体運営施設整備） */
	TW_PRIVATE_SUPPORT,    /* ② サテライトオフィス等開設支援事業（民間運営施設開設支援） */
	TW_EXISTING_EXPANSION, /* ③ サテライトオフィス等活用促進事業（既設拡充） */
	TW__MAX
} tw_facility_kind;

typedef struct app_tw_facility {
	tw_facility_kind kind;
	const char *name;
	int64_t cost_yen;
} app_tw_facility;

typedef struct app_named_amount {
	const char *name;
	int64_t amount_yen;
} app_named_amount;

typedef struct app_telework {
	bool present;
	app_tw_facility *facilities;
	size_t n_facilities;
	bool has_promotion_cost;
	int64_t promotion_cost_yen;
	app_named_amount *companies; /* support_yen */
	size_t n_companies;
	app_named_amount *settlement_projects; /* cost_yen */
	size_t n_settlement_projects;
} app_telework;

/* The 対象外 questions (000_23c807c41fd90cd5.txt 「交付対象外となります」). */
typedef enum declaration_id {
	DECL_PRIMARY_PURPOSE_STAFF_EFFICIENCY,
	DECL_DEMONSTRATION_ONLY,
	DECL_MULTI_YEAR_BUILD,
	DECL_ONE_OFF_EVENT,
	DECL_ICT_PURCHASE_SUBSIDY_WITHOUT_SERVICE,
	DECL_SMARTPHONE_CLASS_OR_STAFFING,
	DECL_WIFI_OR_DEVICES_PRIMARY,
	DECL__MAX
} declaration_id;

const char *declaration_key(declaration_id d); /* JSON key, e.g. "demonstration_only" */
bool declaration_from_key(const char *key, declaration_id *out);
const char *dp_policy_key(dp_policy p);
const char *dp_policy_label(dp_policy p);
bool dp_policy_from_key(const char *key, dp_policy *out);
const char *tw_facility_kind_key(tw_facility_kind k);
const char *tw_facility_kind_label(tw_facility_kind k);
bool tw_facility_kind_from_key(const char *key, tw_facility_kind *out);

typedef struct application {
	const char *label; /* where it came from (file name), for messages */
	const char *round, *menu, *applicant_code, *title, *summary;
	const char **fields;
	size_t n_fields;
	app_service *services;
	size_t n_services;
	app_kpi *kpis;
	size_t n_kpis;
	bool has_kpis;
	app_member *consortium;
	size_t n_consortium;
	bool has_consortium;
	app_running_cost *running_costs;
	size_t n_running_costs;
	bool has_running_costs;
	app_pdca pdca;
	app_data_platform data_platform;
	app_mynumber_card mynumber_card;
	app_telework telework;
	bool has_declarations;
	bool declaration_answered[DECL__MAX];
	bool declaration[DECL__MAX];
} application;

/* 事業分野 keys of the schema; label in Japanese, NULL when unknown. */
const char *field_label(const char *key);

#endif
