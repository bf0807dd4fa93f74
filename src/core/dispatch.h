/* dispatch.h — 地方創生人材支援制度 and デジタル専門人材派遣制度 (000_23c807c41fd90cd5.txt;
 * RULES.md §7): which kinds of dispatch an organization may receive, the period
 * (半年以上２年以下, 国家公務員 原則２年間) and the one-year extension that needs all three
 * parties (派遣者・派遣元企業等・派遣先), the registered partner companies of 企業派遣型 and
 * 人材紹介型 matched against a posted need, and the financial measures usable with a
 * dispatch (地域活性化起業人, CIO補佐官等, 市町村支援のデジタル人材 …) computed with
 * finance.h.
 *
 * Matching is deliberately simple, because the seed gives no per-company skills:
 * the menu (型) comes from the need (named, or found by the seed's own words for the
 * menu's 想定されるニーズ), then every partner company of that menu is listed in the
 * seed's order, narrowed by 業種 when the need names one (企業派遣型 only; the 業種 are
 * digiden's reading of the damaged table). The real matching is done by 内閣官房・内閣府
 * (企業派遣型) or the DX人材紹介企業 (人材紹介型).
 *
 * Pure: no I/O. All memory comes from the caller's arena. */
#ifndef DIGIDEN_DISPATCH_H
#define DIGIDEN_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finance.h"

typedef enum dsp_kind {
	DSP_NATIONAL_OFFICIAL,     /* 国家公務員 */
	DSP_UNIVERSITY_RESEARCHER, /* 大学研究者 */
	DSP_PRIVATE_EXPERT,        /* 民間専門人材 */
	DSP_DIGITAL_EXPERT,        /* デジタル専門人材 (a field of 民間専門人材) */
	DSP_KIND__MAX
} dsp_kind;

typedef enum dsp_menu {
	DSP_COMPANY_DISPATCH, /* 企業派遣型 */
	DSP_TALENT_REFERRAL,  /* 人材紹介型 */
	DSP_MENU__MAX
} dsp_menu;

typedef enum dsp_measure {
	DSP_M_KIGYOUJIN,          /* 地域活性化起業人制度 */
	DSP_M_CIO,                /* CIO補佐官等としての外部人材の任用等 */
	DSP_M_PREF_DIGITAL_STAFF, /* 都道府県等の市町村支援のためのデジタル人材の確保 */
	DSP_M_DIGIDEN_GRANT,      /* デジタル田園都市国家構想交付金（デジタル実装タイプ） */
	DSP_MEASURE__MAX
} dsp_measure;

typedef enum dsp_party {
	DSP_PARTY_DISPATCHEE, /* 派遣者 */
	DSP_PARTY_SENDING,    /* 派遣元企業等 */
	DSP_PARTY_RECIPIENT,  /* 派遣先 */
	DSP_PARTY__MAX
} dsp_party;

const char *dsp_kind_id(dsp_kind k); /* national_official, university_researcher, private_expert, digital_expert */
bool dsp_kind_from_id(const char *id, dsp_kind *out);
const char *dsp_menu_id(dsp_menu m); /* company_dispatch, talent_referral */
bool dsp_menu_from_id(const char *id, dsp_menu *out);
const char *dsp_measure_id(dsp_measure m); /* kigyoujin, cio, pref_digital_staff, digiden_grant */
bool dsp_measure_from_id(const char *id, dsp_measure *out);
const char *dsp_party_id(dsp_party p); /* dispatchee, sending_organization, recipient */
const char *dsp_party_label(dsp_party p);

/* ---- the rule file ("digiden/dispatch-rules/1") ---------------------------------- */

typedef enum dsp_kind_field {
	DKF_NAME, DKF_RECIPIENTS, DKF_PERIOD_MIN, DKF_PERIOD_MAX, DKF_PERIOD_SEVERITY, DKF_EXTENSION, DKF_KIGYOUJIN, DKF__MAX
} dsp_kind_field;

typedef enum dsp_menu_field {
	DMF_NAME, DMF_RECIPIENTS, DMF_CREATED_FY, DMF_EXPANDED_FY, DMF_PERIOD_MIN, DMF_PERIOD_MAX, DMF_MATCHING, DMF_RECRUITMENT,
	DMF_PARTNER_COUNT, DMF_PARTNERS, DMF_NEEDS, DMF_KIGYOUJIN, DMF__MAX
} dsp_menu_field;

typedef enum dsp_measure_field { DMEF_NAME, DMEF_PREFECTURE, DMEF_MUNICIPALITY, DMEF__MAX } dsp_measure_field;

enum {
	DSPV_POPULATION_MAX,    /* kinds.national_official.population_max */
	DSPV_EXTENSION_PARTIES, /* extension.parties */
	DSPV_KINDS,             /* DKF__MAX values per kind */
	DSPV_MENUS = DSPV_KINDS + DSP_KIND__MAX * DKF__MAX,
	DSPV_MEASURES = DSPV_MENUS + DSP_MENU__MAX * DMF__MAX,
	DSPV__MAX = DSPV_MEASURES + DSP_MEASURE__MAX * DMEF__MAX
};

extern const rv_def dsp_defs[DSPV__MAX];

typedef struct dsp_rules {
	const char *id, *title, *as_of, *note, *label;
	rv_value v[DSPV__MAX];
} dsp_rules;

static inline const rv_value *dsp_kv(const dsp_rules *r, dsp_kind k, dsp_kind_field f)
{
	return &r->v[DSPV_KINDS + (int)k * DKF__MAX + (int)f];
}
static inline const rv_value *dsp_mv(const dsp_rules *r, dsp_menu m, dsp_menu_field f)
{
	return &r->v[DSPV_MENUS + (int)m * DMF__MAX + (int)f];
}
static inline const rv_value *dsp_msv(const dsp_rules *r, dsp_measure m, dsp_measure_field f)
{
	return &r->v[DSPV_MEASURES + (int)m * DMEF__MAX + (int)f];
}

/* Consistency after loading: partner counts equal the lists, min ≤ max, known words
 * for severities and availabilities, the three parties. 0, or -1 with err. */
int dsp_rules_validate(const dsp_rules *r, char *err, size_t errlen);

/* ---- a dispatch to check ----------------------------------------------------------- */

typedef struct dsp_measure_req {
	dsp_measure measure;
	bool has_fiscal_year;
	int fiscal_year;             /* default: the fiscal year the dispatch starts */
	bool has_cost;
	int64_t cost_yen;            /* the dispatched person's cost for the year (報酬・委託料・受入経費) */
	bool has_recruitment;
	int64_t recruitment_yen;     /* 募集経費 */
	const fin_person *others;    /* other CIO補佐官等 / デジタル人材 of the same organization that year */
	size_t n_others;
	fin_employment employment;   /* of the dispatched person */
	fin_tri outside_metro;       /* 地域活性化起業人: 三大都市圏外の市町村 */
} dsp_measure_req;

typedef struct dsp_request {
	const char *org_code;
	bool has_kind;
	dsp_kind kind;
	bool has_menu;
	dsp_menu menu;
	bool has_start;
	int start_year, start_month;
	bool has_months;
	int64_t months;               /* the period asked for, before any extension */
	bool extension_requested;
	int64_t extension_months;     /* 12 unless given */
	fin_tri agreement[DSP_PARTY__MAX];
	const char *partner_company;  /* optional: the company the dispatch comes from */
	bool has_need;
	const char *need_text;        /* the posted need, free text */
	bool need_has_menu;
	dsp_menu need_menu;
	const char *need_industry;    /* 業種 asked for (企業派遣型) */
	const dsp_measure_req *measures;
	size_t n_measures;
	bool has_population;          /* operator data (--populations) */
	int64_t population;
	const char *population_source;
} dsp_request;

typedef struct dsp_verdict {
	dsp_kind kind;
	bool has_menu;
	dsp_menu menu;
	bool allowed;
	const char *reason; /* Japanese */
} dsp_verdict;

typedef struct dsp_match {
	const rv_partner *partner;
	dsp_menu menu;
	const char *reason; /* Japanese */
} dsp_match;

typedef struct dsp_measure_out {
	dsp_measure measure;
	const char *path;  /* "measures[0]" */
	const char *name;
	bool usable;       /* no error for this measure */
	bool computed;     /* calc holds yen figures */
	fin_result calc;   /* its own trace and diagnostics (paths under path) */
} dsp_measure_out;

typedef struct dsp_result {
	fin_result base; /* the dispatch's trace, diagnostics and statuses */
	const organization *org;
	dsp_verdict verdicts[DSP_KIND__MAX + DSP_MENU__MAX - 1];
	size_t n_verdicts;
	bool has_start_fy;
	int start_fy;
	bool kind_checked, allowed;
	fin_tri population_ok;
	bool period_checked, period_ok;
	const char *period_severity; /* "error" / "warning" */
	int64_t min_months, max_months, total_months;
	bool extension_requested, extension_allowed;
	bool matched;
	dsp_menu match_menus[DSP_MENU__MAX];
	size_t n_match_menus;
	dsp_match *matches;
	size_t n_matches;
	const char *match_method; /* how the list was made (Japanese) */
	dsp_measure_out *measures;
	size_t n_measures;
} dsp_result;

/* Checks req. dr, mr and m must outlive out. Returns 0, or -1 when memory ran out. */
int dsp_check(const dsp_rules *dr, const mic_rules *mr, const org_master *m, const dsp_request *req, arena *a, dsp_result *out);

/* True when out, including every measure, has no error. */
bool dsp_ok(const dsp_result *out);
/* Statuses (bits) of every rule value used, measures included. */
unsigned dsp_statuses(const dsp_result *out);

#endif
