/* finance.h — 総務省 地域社会DX推進パッケージ (ア-2 推進体制構築支援, ウ 補助事業), the
 * 地方債 for the local share and デジタル活用推進事業債, the 特別交付税 measures for
 * digital personnel (CIO補佐官等, 市町村支援のデジタル人材, DX推進リーダー) and the
 * 地域活性化起業人 cap (004_c96e97b2604f50b2.txt, 000_23c807c41fd90cd5.txt; RULES.md §9–§11).
 *
 * Every computation is in integer yen with exact fractions (措置率0.7 = 7/10, 充当率90% =
 * 90/100), rounding down to the yen where the seeds say nothing (the rule data says so
 * with reading: true, and so does the trace). Each rule value carries its status —
 * final, draft (案) or requested (要望中) — and every result records the statuses of
 * the values it used so that outputs can mark drafts and requested measures.
 *
 * Pure: no I/O. All memory comes from the caller's arena. */
#ifndef DIGIDEN_FINANCE_H
#define DIGIDEN_FINANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "money.h"
#include "orgcode.h"

/* ---- rule values (shared with dispatch.h) ------------------------------------ */

typedef enum fin_status {
	FIN_FINAL,     /* in force / stated as decided */
	FIN_DRAFT,     /* 案: part of a budget request draft */
	FIN_REQUESTED, /* 要望中: a measure still being requested, may change */
	FIN_STATUS__MAX
} fin_status;

const char *fin_status_id(fin_status s);    /* "final" / "draft" / "requested" */
const char *fin_status_label(fin_status s); /* "確定" / "案" / "要望中" */
bool fin_status_from_id(const char *id, fin_status *out);

/* Types of rule values, as the loaders read them. */
typedef enum rv_type {
	RV_YEN,      /* integer yen, or a money string ("1億円") */
	RV_INT,      /* integer (counts, months, fiscal years) */
	RV_RATE,     /* exact fraction "n/d" */
	RV_TEXT,     /* string with a citation */
	RV_KINDS,    /* array of org_kind ids (org_kind_id) */
	RV_STRINGS,  /* array of strings */
	RV_PARTNERS, /* array of {"name", "industry"?} */
	RV_LABEL,    /* a plain string, no citation (names) */
	RV_TYPE__MAX
} rv_type;

typedef struct rv_def {
	const char *id; /* dotted path in the rule file, e.g. "package.a2.cap" */
	rv_type type;
	bool nullable;  /* the value may be null: the seed states there is none (e.g. 上限なし) */
} rv_def;

typedef struct rv_partner {
	const char *name;
	const char *industry; /* NULL when the seed gives none */
} rv_partner;

/* One loaded value with its citation. Strings are owned by the loader's arena. */
typedef struct rv_value {
	const char *id;
	bool present; /* false when the value is null */
	int64_t n;    /* RV_YEN, RV_INT */
	fraction rate;
	const char *text;      /* RV_TEXT, RV_LABEL */
	unsigned kinds;        /* RV_KINDS: bit (1u << org_kind) */
	const char **strings;  /* RV_STRINGS */
	size_t n_strings;
	const rv_partner *partners; /* RV_PARTNERS */
	size_t n_partners;
	fin_status status;
	const char *source, *quote, *note; /* quote verbatim from source (whitespace aside) */
	bool reading;                      /* digiden's reading, not stated outright */
} rv_value;

static inline bool rv_has_kind(const rv_value *v, org_kind k) { return (v->kinds >> (unsigned)k) & 1u; }

/* ---- the 総務省 rule set ("digiden/mic-rules/1") --------------------------------- */

typedef enum mic_key {
	MIC_BUDGET,
	MIC_A2_NAME, MIC_A2_APPLICANT, MIC_A2_PARTNER_KINDS, MIC_A2_MIN_PARTNERS, MIC_A2_MORE_THAN_PREVIOUS,
	MIC_A2_SHARE_POINTS, MIC_A2_CAP, MIC_A2_CAP_PREVIOUS,
	MIC_C_NAME, MIC_C_RATE, MIC_C_CAP, MIC_C_CONSORTIUM, MIC_C_SYSTEM, MIC_C_RENTAL_YEARS, MIC_C_ROUNDING,
	MIC_BOND_LOCAL_SHARE, MIC_BOND_REQUESTED, MIC_BOND_ROUNDING,
	MIC_KASO_NAME, MIC_KASO_ISSUERS, MIC_KASO_JUUTOU, MIC_KASO_SOCHI,
	MIC_HEKICHI_NAME, MIC_HEKICHI_ISSUERS, MIC_HEKICHI_JUUTOU, MIC_HEKICHI_SOCHI,
	MIC_GENERAL_NAME, MIC_GENERAL_ISSUERS, MIC_GENERAL_JUUTOU, MIC_GENERAL_SOCHI, MIC_GENERAL_STATED_COVER,
	MIC_PUBLIC_NAME, MIC_PUBLIC_ISSUERS, MIC_PUBLIC_JUUTOU, MIC_PUBLIC_SOCHI,
	MIC_DIGITAL_NAME, MIC_DIGITAL_ISSUERS, MIC_DIGITAL_JUUTOU, MIC_DIGITAL_SOCHI, MIC_DIGITAL_REPAYMENT_YEARS,
	MIC_DIGITAL_END_FY, MIC_DIGITAL_EXCLUDED,
	MIC_ST_ROUNDING,
	MIC_CIO_NAME, MIC_CIO_WHO, MIC_CIO_RATE, MIC_CIO_APPOINTMENT_CAP, MIC_CIO_RECRUITMENT_CAP, MIC_CIO_MAX_PERSONS,
	MIC_CIO_MAX_PERSONS_FROM_FY, MIC_CIO_MAX_PERSONS_TO_FY, MIC_CIO_END_FY,
	MIC_PDS_NAME, MIC_PDS_WHO, MIC_PDS_RATE, MIC_PDS_PERSON_CAP, MIC_PDS_RECRUITMENT_CAP, MIC_PDS_RECRUITMENT_CAP_RAISED,
	MIC_PDS_RAISED_UNTIL_FY, MIC_PDS_END_FY, MIC_PDS_EXCLUDED, MIC_PDS_ACCELERATOR_FROM_FY, MIC_PDS_ACCELERATOR_UNIT,
	MIC_DXL_NAME, MIC_DXL_WHO, MIC_DXL_RATE, MIC_DXL_CAP, MIC_DXL_END_FY,
	MIC_KJ_NAME, MIC_KJ_WHO, MIC_KJ_EXCEPTIONS, MIC_KJ_CAP,
	MIC__MAX
} mic_key;

/* The schema of the rule file: mic_defs[k] describes value k. */
extern const rv_def mic_defs[MIC__MAX];

typedef struct mic_rules {
	const char *id, *title, *note, *label; /* label: where it was loaded from */
	rv_value v[MIC__MAX];
} mic_rules;

/* Consistency checks after loading (rates at most 1, caps positive, fiscal years in
 * order). Returns 0, or -1 with a Japanese message in err. */
int mic_rules_validate(const mic_rules *r, char *err, size_t errlen);

/* ---- results ------------------------------------------------------------------ */

typedef struct fin_step {
	const char *rule;   /* rule value id, or "input.…" / "calc.…" for steps over the input */
	const char *value;  /* the value as text: "50000000", "7/10", "true" */
	const char *source; /* seed file, or "input" for figures taken from the input */
	const char *label;  /* plain Japanese */
	const char *quote;  /* the seed's words when a rule applies; may be NULL */
	const char *note;   /* the rule's note (readings, damaged extraction); may be NULL */
	fin_status status;
	bool reading;
} fin_step;

typedef struct fin_figure {
	const char *key;   /* "national_yen" */
	const char *label; /* 国費 */
	bool present;      /* false: not computable (the seed gives no rate, …) */
	int64_t yen;
	bool approximate;  /* the seed says 程度 */
} fin_figure;

typedef enum fin_fact_type { FACT_BOOL, FACT_INT, FACT_TEXT, FACT_NULL } fin_fact_type;

typedef struct fin_fact {
	const char *key, *label;
	fin_fact_type type;
	bool b;
	int64_t n;
	const char *text;
} fin_fact;

typedef struct fin_result {
	arena *arena;
	const char *calculator; /* "dx-package", "subsidy", "bond", "special-tax", "kigyoujin" */
	const char *title;      /* Japanese */
	unsigned statuses;      /* bit (1u << fin_status) for every rule value used */
	fin_figure *figures;
	size_t n_figures, cap_figures;
	fin_fact *facts;
	size_t n_facts, cap_facts;
	fin_step *trace;
	size_t n_trace, cap_trace;
	diag_list diags;
	bool oom; /* some item was dropped for lack of memory */
} fin_result;

void fin_result_init(fin_result *r, arena *a, const char *calculator, const char *title);
static inline bool fin_ok(const fin_result *r) { return diag_count(&r->diags, DIAG_ERROR) == 0; }
const fin_figure *fin_figure_get(const fin_result *r, const char *key);

/* Building blocks, also used by dispatch.c. value_fmt/label_fmt are printf formats. */
void fin_step_rule(fin_result *r, const rv_value *v, const char *value, const char *label_fmt, ...)
	__attribute__((format(printf, 4, 5)));
void fin_step_plain(fin_result *r, const char *rule, const char *source, const char *value, const char *label_fmt, ...)
	__attribute__((format(printf, 5, 6)));
void fin_set_figure(fin_result *r, const char *key, const char *label, bool present, int64_t yen, bool approximate);
void fin_fact_bool(fin_result *r, const char *key, const char *label, bool b);
void fin_fact_int(fin_result *r, const char *key, const char *label, int64_t n);
void fin_fact_text(fin_result *r, const char *key, const char *label, const char *text);
void fin_fact_null(fin_result *r, const char *key, const char *label);
/* Appends src's trace, diagnostics, figures and facts to dst (same arena). */
void fin_result_append(fin_result *dst, const fin_result *src);
/* "a.b" with the prefix "" → "b"; with "measures[0]" → "measures[0].b". Arena-owned. */
const char *fin_path(fin_result *r, const char *prefix, const char *key);

/* Resolves an organization code: validates it, finds it, refuses non-applicants (行政区).
 * Adds an error at path and returns NULL when it cannot. */
const organization *fin_resolve_org(fin_result *r, const org_master *m, const char *code, const char *path);

/* Optional yes/no answers of the input. */
typedef enum fin_tri { TRI_UNKNOWN, TRI_NO, TRI_YES } fin_tri;

/* ---- calculators ---------------------------------------------------------------- */

/* ア-2 推進体制構築支援. */
typedef struct fin_dx_package_in {
	const char *prefecture_code;      /* required: the applying 都道府県 */
	const char *const *partner_codes; /* the partner 市区町村, or NULL with partner_count */
	size_t n_partner_codes;
	bool has_partner_count;
	int64_t partner_count;
	bool previously_selected;
	bool has_previous_partner_count;
	int64_t previous_partner_count;
	bool has_scale;
	int64_t scale_yen; /* 事業規模 asked for */
} fin_dx_package_in;

/* ウ 補助事業 (optionally followed by a bond for the local share). */
typedef enum fin_bond {
	FIN_BOND_KASO,         /* 過疎対策事業債 */
	FIN_BOND_HEKICHI,      /* 辺地対策事業債 */
	FIN_BOND_GENERAL,      /* 一般補助施設整備等事業債 */
	FIN_BOND_PUBLIC_WORKS, /* 公共事業等債 */
	FIN_BOND_DIGITAL,      /* デジタル活用推進事業債 (地方単独事業) */
	FIN_BOND__MAX
} fin_bond;
const char *fin_bond_id(fin_bond b); /* kaso, hekichi, general_subsidy, public_works, digital_utilization */
bool fin_bond_from_id(const char *id, fin_bond *out);

typedef struct fin_bond_in {
	fin_bond bond;
	const char *issuer_code; /* optional: checks who may issue the bond */
	bool has_local_share;
	int64_t local_share_yen; /* the local share (地方負担) of the ウ 補助事業 */
	bool has_eligible;
	int64_t eligible_yen;    /* or the 補助対象経費: local share = eligible − 国費 */
	bool has_project;
	int64_t project_yen;     /* デジタル活用推進事業債: the 地方単独事業's cost */
	bool has_fiscal_year;
	int fiscal_year;
	fin_tri kaso_area, hekichi_facility;
} fin_bond_in;

typedef struct fin_subsidy_in {
	const char *applicant_code; /* NULL with private_applicant */
	bool private_applicant;
	int64_t eligible_yen;       /* 補助対象経費 */
	fin_tri wireless_network, connected_solution, consortium_with_local_government;
	bool has_rental_years;
	int64_t rental_years;
	bool has_bond;
	fin_bond bond;
	fin_tri kaso_area, hekichi_facility;
} fin_subsidy_in;

/* 特別交付税 measures. */
typedef enum fin_measure {
	FIN_M_CIO,                /* CIO補佐官等 外部人材の任用等 */
	FIN_M_PREF_DIGITAL_STAFF, /* 市町村支援のためのデジタル人材の確保 */
	FIN_M_DX_LEADER,          /* DX推進リーダーの育成 */
	FIN_M__MAX
} fin_measure;
const char *fin_measure_id(fin_measure m); /* cio, pref_digital_staff, dx_leader */
bool fin_measure_from_id(const char *id, fin_measure *out);

typedef enum fin_employment {
	FIN_EMP_UNSPECIFIED,
	FIN_EMP_PART_TIME, /* 非常勤職員（特別職非常勤を含む） */
	FIN_EMP_CONTRACT,  /* 業務委託 */
	FIN_EMP_FULL_TIME, /* 常勤職員（アクセラレータ） */
	FIN_EMP__MAX
} fin_employment;
const char *fin_employment_id(fin_employment e);
bool fin_employment_from_id(const char *id, fin_employment *out);

typedef struct fin_person {
	const char *name; /* optional */
	int64_t cost_yen; /* 報酬等・委託料等・人件費 for the fiscal year */
	fin_employment employment;
	const char *path; /* optional: its input path for diagnostics (else "<persons_key>[i]") */
} fin_person;

typedef struct fin_special_tax_in {
	fin_measure measure;
	const char *org_code;
	int fiscal_year;
	const fin_person *persons; /* CIO補佐官等 / デジタル人材 */
	size_t n_persons;
	const char *persons_key;   /* input key of persons for paths ("persons") */
	bool has_recruitment;
	int64_t recruitment_yen;   /* 募集経費 */
	bool has_other;
	int64_t other_yen;         /* pref_digital_staff: other eligible costs (市町村の負担金 等); dx_leader: 研修経費 */
	const char *path;          /* prefix for diagnostics paths: "" or "measures[1]" */
	const char *org_path;      /* path of the organization code (default: path + "organization") */
} fin_special_tax_in;

typedef struct fin_kigyoujin_in {
	const char *org_code;
	bool has_fiscal_year;
	int fiscal_year;
	const fin_person *persons;
	size_t n_persons;
	const char *persons_key;
	fin_tri outside_metro; /* 三大都市圏外の市町村 (or one of the stated exceptions) */
	const char *path;
	const char *org_path;
} fin_kigyoujin_in;

/* Each fills out (initialized by the function) and returns 0, or -1 when memory ran
 * out. Rule errors are diagnostics in out->diags (fin_ok() false), never a crash. */
int fin_dx_package(const mic_rules *r, const org_master *m, const fin_dx_package_in *in, arena *a, fin_result *out);
int fin_subsidy(const mic_rules *r, const org_master *m, const fin_subsidy_in *in, arena *a, fin_result *out);
int fin_bond_calc(const mic_rules *r, const org_master *m, const fin_bond_in *in, arena *a, fin_result *out);
int fin_special_tax(const mic_rules *r, const org_master *m, const fin_special_tax_in *in, arena *a, fin_result *out);
int fin_kigyoujin(const mic_rules *r, const org_master *m, const fin_kigyoujin_in *in, arena *a, fin_result *out);

#endif
