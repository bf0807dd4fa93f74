/* rules.h — a round's rule set (rules/<program>/<round>.json), loaded and validated
 * by io/json_rules.c. Every parameter carries its citation: the seed file it comes
 * from and a verbatim quote. A parameter the seeds do not state is absent
 * (has_* false) and the checks that need it say so. Strings are arena-owned. */
#ifndef DIGIDEN_RULES_H
#define DIGIDEN_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "application.h"
#include "fiscal.h"
#include "money.h"

typedef struct citation {
	const char *source; /* seed file name, e.g. "001_2b97fb39079cc39d.txt" */
	const char *quote;  /* verbatim text of the seed */
	const char *note;   /* optional */
	bool reading;       /* digiden's interpretation, not stated outright */
} citation;

typedef struct rule_amount {
	bool present;
	int64_t yen;
	citation cite;
} rule_amount;

typedef struct rule_count {
	bool present;
	int value;
	citation cite;
} rule_count;

typedef enum requirement_id {
	REQ_DIGITAL_SERVICE,       /* 共通要件①: a digital service to implement */
	REQ_CONSORTIUM,            /* 共通要件②: コンソーシアム等の推進体制 */
	REQ_DATA_PLATFORM,         /* TYPE2/3: オープンなデータ連携基盤を活用 */
	REQ_MULTIPLE_SERVICES,     /* TYPE2/3: 複数のサービス実装を伴う */
	REQ_CARD_NEW_USE,          /* TYPE3: マイナンバーカードの新規用途 */
	REQ_CARD_APPLICATION_RATE, /* 横展開型: MNC申請率 ≥ threshold at a reference date */
	REQ_TELEWORK_SECTION,      /* テレワーク型: facilities and costs in the telework section */
	REQ__MAX
} requirement_id;

const char *requirement_key(requirement_id r);
bool requirement_from_key(const char *key, requirement_id *out);

typedef struct rule_requirement {
	bool present;
	citation cite;
	/* REQ_CARD_APPLICATION_RATE only */
	fraction min_rate;
	civil_date as_of;
} rule_requirement;

typedef struct rule_telework {
	bool present;
	rule_amount facility_cap;           /* 最大9,000万円／施設 (①②) */
	rule_count max_facilities;          /* 最大3施設 (①②合計) */
	rule_amount promotion_cap;          /* 利活用促進 1,200万円／団体 */
	rule_amount expansion_cap;          /* ③ 既設拡充・促進 1,200万円／団体 */
	rule_amount company_cap;            /* ④ 100万円／社 */
	rule_amount settlement_project_cap; /* ⑤ 3,000万円／事業 */
	bool has_exclusive;                 /* ①・② または③ */
	bool exclusive;
	citation exclusive_cite;
} rule_telework;

typedef struct rule_menu {
	const char *id;   /* "type1" */
	const char *name; /* "TYPE1 優良モデル導入支援型" */
	const char *note;
	bool provisional;
	bool has_rate;
	fraction rate;
	citation rate_cite;
	rule_amount cap; /* 国費上限, per application */
	rule_requirement req[REQ__MAX];
	rule_telework telework;
} rule_menu;

typedef struct rule_limit {
	const char *id; /* "type123_total", "type23_one_per_org" */
	const char **menus;
	size_t n_menus;
	rule_count max_prefecture;   /* 都道府県 */
	rule_count max_municipality; /* 市町村 (特別区 included) */
	rule_count max_any;          /* every organization kind */
} rule_limit;

typedef struct rule_exclusion {
	declaration_id declaration;
	const char *category; /* A / B / C */
	const char *label;
	citation cite;
} rule_exclusion;

typedef enum review_point_id {
	RP_ISSUE_SOLUTION,     /* 1 課題解決に資する */
	RP_KPI,                /* 2 成果を測るKPI */
	RP_CONSORTIUM_ROLES,   /* 3 官民連携の推進体制 */
	RP_RUNNING_COST_PLAN,  /* 4 次年度以降の計画 */
	RP_PDCA,               /* 5 PDCA */
	RP_COST_ITEM_DETAIL,   /* 6 経費項目が詳細 */
	RP__MAX
} review_point_id;

const char *review_point_key(review_point_id r);
bool review_point_from_key(const char *key, review_point_id *out);

typedef struct rule_review_point {
	bool present;
	int number;
	const char *label;
	citation cite;
} rule_review_point;

typedef enum rounding_mode {
	ROUND_FLOOR_YEN,      /* floor to 1円 */
	ROUND_FLOOR_THOUSAND, /* floor to 千円 */
	ROUND__MAX
} rounding_mode;

/* The members every round's rule set begins with (デジタル実装タイプ here, 推進タイプ in
 * promotion.h), written once; json_strict.h's JS_ROUND_HEAD reads them. */
#define RULE_ROUND_HEAD                                                                       \
	const char *id;      /* "<program>/<round>", e.g. "digital-implementation/fy2022-supp" */ \
	const char *program; /* "digital-implementation" */                                       \
	const char *title;                                                                        \
	int fiscal_year;                                                                          \
	const char *budget; /* initial / supplementary / request */                               \
	const char *status; /* final / provisional */                                             \
	const char *note;                                                                         \
	const char **sources;                                                                     \
	size_t n_sources;

typedef struct rule_set {
	RULE_ROUND_HEAD
	rounding_mode rounding;
	citation rounding_cite;
	rule_menu *menus;
	size_t n_menus;
	rule_limit *limits;
	size_t n_limits;
	rule_exclusion *exclusions;
	size_t n_exclusions;
	rule_review_point review[RP__MAX];
} rule_set;

typedef struct rule_catalog {
	rule_set **sets;
	size_t len;
} rule_catalog;

const rule_set *rules_find(const rule_catalog *c, const char *id);
const rule_menu *rules_find_menu(const rule_set *rs, const char *menu_id);
const char *rounding_mode_key(rounding_mode m);
bool rounding_mode_from_key(const char *key, rounding_mode *out);
/* Applies the rounding mode to a non-negative amount. */
int64_t rounding_apply(rounding_mode m, int64_t yen);
/* 令和4年度補正 etc. from fiscal year + budget, into buf. */
char *rules_round_label(const rule_set *rs, char *buf, size_t n);

#endif
