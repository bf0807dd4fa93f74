/* promotion.h — 地方創生推進タイプ (先駆型・横展開型・Society5.0型) as multi-year projects:
 * the rule sets (rules/regional-promotion/<round>.json, "digiden/promotion-rules/1"),
 * one project's computation per fiscal year (国費 = min(年度上限, 事業費 × 補助率)) with a
 * trace citing the seeds, the project period, the Society5.0 requirements and total,
 * the 地域再生計画, and the per-organization application limits across projects in both
 * forms the seeds give (令和3年度 「原則N事業以内（うちM）」, 令和6年度 「N事業 ※M事業まで追加可」).
 *
 * Pure: no I/O. Every string and array lives in the caller's arena. */
#ifndef DIGIDEN_PROMOTION_H
#define DIGIDEN_PROMOTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "check.h"
#include "diag.h"
#include "fiscal.h"
#include "money.h"
#include "orgcode.h"
#include "rules.h"

/* ---- rule sets ---------------------------------------------------------- */

typedef enum promo_subtype {
	PROMO_SENKU,      /* 先駆型 / 先駆タイプ */
	PROMO_YOKOTENKAI, /* 横展開型 / 横展開タイプ */
	PROMO_SOCIETY5,   /* Society5.0型 / Society5.0タイプ */
	PROMO_SUBTYPE__MAX
} promo_subtype;

/* The organization kinds the caps and limits distinguish. */
typedef enum promo_kind {
	PROMO_KIND_PREFECTURE,   /* 都道府県 */
	PROMO_KIND_CORE_CITY,    /* 中枢中核都市 (operator-loaded designation) */
	PROMO_KIND_MUNICIPALITY, /* 市町村 (003: 市区町村; 特別区 included) */
	PROMO_KIND__MAX
} promo_kind;

/* The Society5.0 requirements (000 「主な事業要件」 1–4, 003 「4項目」). */
typedef enum promo_req {
	PROMO_REQ_ADVICE,         /* 1 国・専門家等の助言・サポート／協働PDCA */
	PROMO_REQ_DEMONSTRATION,  /* 2 一部実証済で、開始から5か年度以内に本格実装 */
	PROMO_REQ_REGIONAL_ISSUE, /* 3 地域課題を解決し地方創生に寄与 */
	PROMO_REQ_NEW_SYSTEM,     /* 4 新たな社会システムづくり */
	PROMO_REQ__MAX
} promo_req;

/* How the application limits are written. */
typedef enum promo_limit_form {
	PROMO_LIMIT_WITHIN_TOTAL,   /* 令和3年度: 原則N事業以内（うち広域連携M事業） */
	PROMO_LIMIT_BASE_PLUS_KOIKI, /* 令和6年度: N事業 ※広域連携事業はM事業まで追加可 */
	PROMO_LIMIT_FORM__MAX
} promo_limit_form;

typedef struct promo_requirement {
	bool present;
	const char *label;
	citation cite;
	int within_fiscal_years; /* PROMO_REQ_DEMONSTRATION only; 0 otherwise */
} promo_requirement;

typedef struct promo_subtype_rules {
	bool present;
	const char *name; /* 先駆型 */
	rule_amount cap[PROMO_KIND__MAX]; /* 1事業の年度当たり 国費上限 */
	rule_count max_fiscal_years;
	bool counted_in_limit;
	citation counted_cite;
	rule_amount total_cap; /* Society5.0型 5年間で最大15億円 (令和6年度 only) */
	bool has_requirements_all;
	citation requirements_all_cite;
	promo_requirement req[PROMO_REQ__MAX];
} promo_subtype_rules;

typedef struct promo_kind_limit {
	rule_count first; /* WITHIN_TOTAL: total N; BASE_PLUS_KOIKI: base N */
	rule_count koiki; /* WITHIN_TOTAL: うち広域連携 M; BASE_PLUS_KOIKI: 追加可 M */
} promo_kind_limit;

typedef struct promo_rules {
	RULE_ROUND_HEAD /* id "regional-promotion/fy2021", program "regional-promotion" … */
	fraction rate;
	citation rate_cite;
	rounding_mode rounding;
	citation rounding_cite;
	bool regional_plan_required;
	citation regional_plan_cite;
	promo_limit_form limit_form;
	const char *limits_note;
	promo_kind_limit limit[PROMO_KIND__MAX];
	promo_subtype_rules sub[PROMO_SUBTYPE__MAX];
	const char *label; /* the file it was loaded from */
} promo_rules;

typedef struct promo_catalog {
	promo_rules **sets;
	size_t len;
} promo_catalog;

const char *promo_subtype_key(promo_subtype s); /* senku / yokotenkai / society5 */
bool promo_subtype_from_key(const char *key, promo_subtype *out);
const char *promo_kind_key(promo_kind k);   /* prefecture / core_city / municipality */
const char *promo_kind_label(promo_kind k); /* 都道府県 / 中枢中核都市 / 市町村 */
bool promo_kind_from_key(const char *key, promo_kind *out);
const char *promo_req_key(promo_req r); /* advice_structure / demonstration_and_implementation / … */
bool promo_req_from_key(const char *key, promo_req *out);
const char *promo_limit_form_key(promo_limit_form f); /* within_total / base_plus_koiki */
bool promo_limit_form_from_key(const char *key, promo_limit_form *out);
const promo_rules *promo_rules_find(const promo_catalog *c, const char *id);
/* 令和3年度 / 令和6年度概算要求 … into buf. */
char *promo_round_label(const promo_rules *r, char *buf, size_t n);

/* ---- 中枢中核都市: operator data ------------------------------------------ */

typedef struct core_city {
	const char *code;
	const char *name;
	const char *source; /* where the operator took the designation from */
} core_city;

typedef struct core_city_list {
	bool loaded;       /* a list was given (--core-cities), possibly empty */
	const char *label; /* its file name */
	core_city *items;
	size_t len;
} core_city_list;

const core_city *core_city_find(const core_city_list *l, const char *code);

/* ---- one project ----------------------------------------------------------- */

typedef struct promo_year {
	int fiscal_year;
	bool has_fiscal_year;
	int64_t project_cost_yen; /* 事業費 of that fiscal year */
	bool has_cost;
} promo_year;

typedef struct promo_s5_answers {
	bool present;                    /* society5_requirements given */
	bool answered[PROMO_REQ__MAX];   /* for DEMONSTRATION: partly_demonstrated answered */
	bool value[PROMO_REQ__MAX];
	bool has_implementation_fy;      /* full_implementation_fiscal_year */
	int implementation_fy;
} promo_s5_answers;

typedef struct promo_project {
	const char *label; /* input file name */
	const char *format;
	const char *round;
	const char *subtype_key;
	const char *applicant_code;
	const char *title;
	bool koiki, has_koiki;
	const char **partners;
	size_t n_partners;
	bool has_start;
	int start_fiscal_year;
	promo_year *years;
	size_t n_years;
	bool has_budget;
	promo_s5_answers s5;
	bool has_regional_plan;
	const char *regional_plan_name;
	const char *regional_plan_reference;
} promo_project;

typedef struct promo_year_result {
	int fiscal_year;
	int64_t project_cost_yen;
	int64_t national_share_yen;
	int64_t local_share_yen;
	bool cap_applied;
} promo_year_result;

/* What the limit check found for the project's organization and round. */
typedef struct promo_limit_result {
	bool checked;       /* the group was checked (kind known, rules state limits) */
	bool counted;       /* this project is one of the counted new projects */
	const char *why;    /* why it is or is not counted (Japanese) */
	size_t n_counted, n_koiki, n_non_koiki;
	int max_first, max_koiki; /* as in promo_kind_limit */
} promo_limit_result;

typedef struct promo_result {
	const promo_project *project;
	const promo_rules *rules; /* NULL when the round is unknown */
	bool has_subtype;
	promo_subtype subtype;
	const organization *org;
	bool has_kind;
	promo_kind kind;
	const char *kind_source; /* "organizations" or the core-city list's file and source */
	bool is_new;             /* start fiscal year = the round's fiscal year */
	bool has_period;
	int end_fiscal_year;
	int period_fiscal_years;
	bool has_money;
	bool has_cap;
	int64_t cap_yen;
	promo_year_result *years;
	size_t n_years;
	int64_t project_cost_total_yen, national_share_total_yen, local_share_total_yen;
	bool has_total_cap;
	int64_t total_cap_yen;
	const organization **partners; /* resolved partner organizations (NULL where unknown) */
	promo_limit_result limit;
	diag_list diags;
	trace_step *trace;
	size_t n_trace, cap_trace;
	arena *arena;
} promo_result;

/* Checks one project. decode_diags are the decoder's diagnostics (taken over first).
 * catalog, master and core_cities must outlive out. Returns 0, or -1 when memory ran out. */
int promo_check(const promo_project *p, const diag_list *decode_diags, const promo_catalog *catalog,
		const org_master *master, const core_city_list *core_cities, arena *a, promo_result *out);

/* Application limits across results[0..n): projects of the same round and organization
 * are grouped; Society5.0型 and continuing projects are outside the count. Adds
 * diagnostics and trace steps to the results concerned (in their own arenas);
 * scratch holds a temporary index. */
void promo_check_limits(promo_result *const *results, size_t n, arena *scratch);

static inline bool promo_ok(const promo_result *r) { return diag_count(&r->diags, DIAG_ERROR) == 0; }

#endif
