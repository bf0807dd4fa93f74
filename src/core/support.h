/* support.h — organizations' history (what each received, by program, round and
 * menu) and the eligibility check of the 伴走支援 (デジタル実装伴走支援事業) 類型①②③
 * against that history (RULES.md §6.3, 002_71bcee7856d5932f.txt).
 *
 * Pure: no I/O. The conditions and the round parameters are data
 * (rules/bansou/<round>.json, "digiden/support-rules/1", loaded by
 * io/support_rules.c); every outcome points at the condition it evaluated, and so
 * at its seed citation. All memory comes from the caller's arena. */
#ifndef DIGIDEN_SUPPORT_H
#define DIGIDEN_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "orgcode.h"
#include "rules.h"

/* ---- history ---- */

/* Programs a history record belongs to. */
#define PROGRAM_DIGITAL_IMPLEMENTATION "digital-implementation"  /* デジ田（推進）交付金 デジタル実装タイプ */
#define PROGRAM_NEW_LOCAL_ECONOMY_DIGITAL "new-local-economy-digital" /* 新しい地方経済・生活環境創生交付金（デジタル実装型） */
#define PROGRAM_BANSOU "bansou"           /* デジタル実装計画策定支援事業 (R5/R6) / デジタル実装伴走支援事業 (R7) */
#define PROGRAM_DISPATCH "dispatch"       /* デジタル専門人材派遣制度 */
#define PROGRAM_FUTURE_TECH "future-tech" /* 未来技術社会実装事業 */

/* One thing an organization received. Strings are never NULL ("" when absent). */
typedef struct history_record {
	int64_t id;                    /* row id in its origin (0 when none) */
	const char *origin;            /* "history" (import-history), "published" (import-decisions), "digiden" (decided here) */
	const char *organization;      /* 6-digit 全国地方公共団体コード */
	const char *organization_name;
	const char *program;           /* PROGRAM_* */
	const char *round;             /* canonical round key: fy2022-supp, fy2023, fy2024-request, fy2023-initial */
	int fiscal_year;
	const char *budget;            /* initial / supplementary / request, or "" when the round does not say */
	const char *menu;              /* type1…, "1"/"2"/"3" (類型), company/referral, or "" */
	const char *status;            /* adopted / granted / selected / used / continued */
	const char *title;             /* project or group, or "" */
	const char *note;
	const char *source;            /* the document that states it (seed file name, or the decisions CSV) */
	const char *imported_from;     /* "file.csv:LINE", "digiden 申請 #12" */
} history_record;

bool history_program_known(const char *program);
/* 「デジタル田園都市国家構想交付金 デジタル実装タイプ」 etc. (the name changed over the years). */
const char *history_program_label(const char *program, int fiscal_year);

/* Parses a round: fy2022-supp, fy2022-initial, fy2024-request, fy2023, or 和暦
 * 令和4年度補正, 令和5年度当初, 令和6年度概算要求, 令和5年度 (平成/R/H/元 too). Writes the
 * canonical key into key, the fiscal year and the budget (static string, "" when not
 * stated). Returns false when s is none of these. */
bool history_round_parse(const char *s, char *key, size_t keylen, int *fiscal_year, const char **budget);

/* The canonical menu for program (accepting the Japanese names: 類型①, 企業派遣型 …),
 * static storage; NULL when program has no such menu. "" is always accepted. */
const char *history_menu_canonical(const char *program, const char *menu);
/* The canonical status for program (adopted/採択, granted/交付決定, selected/選定/採択
 * for 伴走支援, used/利用, continued/継続); NULL when it does not apply to program. */
const char *history_status_canonical(const char *program, const char *status);

/* 「令和4年度補正 デジタル田園都市国家構想交付金 デジタル実装タイプ TYPE1 採択」 (arena). */
char *history_record_label(const history_record *r, arena *a);

/* Which records a condition looks for. Empty lists and 0 / NULL mean "any". */
typedef struct history_match {
	const char *program;
	int fiscal_year;
	const char *budget;
	const char **menus;
	size_t n_menus;
	const char **exclude_menus;
	size_t n_exclude_menus;
	const char **statuses;
	size_t n_statuses;
} history_match;

bool history_matches(const history_record *r, const history_match *m);

/* ---- the 伴走支援 conditions (rules/bansou/<round>.json) ---- */

typedef enum support_kind {
	SUPPORT_APPLICANT,      /* C0/P0: the applicant is of the category's kind (市区町村 / 都道府県) */
	SUPPORT_HISTORY,        /* C1a–C1e, P1: the applicant has no record matching match[] */
	SUPPORT_DECLARATION,    /* C2a, P2b, W1 …: a required answer (true); answer_text names a required text */
	SUPPORT_TARGETS,        /* P3a: declaration, and each named target lies 管内 and passes apply[] */
	SUPPORT_COMPOSITION,    /* W0: ≥2 市区町村; with a prefecture member, all of them 管内 */
	SUPPORT_SAME_ROUND,     /* W2: no municipal member has a record matching match[] (once the round is decided) */
	SUPPORT_REPRESENTATIVE, /* W3f: a representative member and a contact person */
	SUPPORT_EXEMPT,         /* W4: the history conditions do not apply (always met; says so) */
	SUPPORT_NOTE_PREFECTURE,/* N1 (warning): the applicant's prefecture is in prefectures[] or matches match[] */
	SUPPORT_NOTE_PLANNED,   /* N2 (warning): the prefecture applies for 類型② this round (answer or match[]) */
	SUPPORT_NOTE_SAME_ROUND,/* (warning): the applicant already has a record matching match[] */
	SUPPORT_GUIDANCE,       /* W3d (warning): shown when the answer is false */
	SUPPORT_KIND__MAX
} support_kind;

const char *support_kind_key(support_kind k); /* "applicant", "history", … (the data files) */
bool support_kind_from_key(const char *key, support_kind *out);

typedef struct support_condition {
	const char *id;    /* C1a, P3a, W0 … (RULES.md §6.3) */
	int category;      /* 1, 2 or 3 */
	support_kind kind;
	const char *label; /* short Japanese statement */
	citation cite;     /* source, verbatim quote, note, reading */
	history_match *match;
	size_t n_match;
	const char **apply; /* SUPPORT_TARGETS: ids of 類型① conditions each target must pass */
	size_t n_apply;
	const char **prefectures; /* SUPPORT_NOTE_PREFECTURE: 都道府県 names */
	size_t n_prefectures;
	const char *answer_text; /* SUPPORT_DECLARATION: a text answer also required (e.g. "partner"), or NULL */
} support_condition;

typedef struct support_category {
	int id; /* 1..3 */
	const char *name; /* 市町村単独支援枠 … */
	citation cite;
} support_category;

typedef struct support_rules {
	const char *id;      /* "bansou/fy2025" */
	const char *program; /* "bansou" */
	const char *title;
	int fiscal_year;
	const char *note;
	const char **sources;
	size_t n_sources;
	support_category categories[3];
	support_condition *conditions;
	size_t n_conditions;
} support_rules;

const support_condition *support_condition_find(const support_rules *r, int category, const char *id);

/* ---- an application and its evaluation ---- */

typedef enum support_answer { ANSWER_MISSING = 0, ANSWER_YES, ANSWER_NO } support_answer;

typedef struct support_declaration {
	const char *id; /* condition id */
	bool value;
} support_declaration;

typedef struct support_application {
	const support_rules *rules;
	int category; /* 1..3 */
	/* 1: the 市区町村. 2: the 都道府県, then the 管内市区町村 named as targets.
	 * 3: the members (都道府県 and/or 市区町村). No duplicates (the caller checks). */
	const organization **orgs;
	size_t n_orgs;
	const organization *representative; /* 類型③, or NULL */
	const char *contact;                /* 類型③ 担当者, or NULL */
	const support_declaration *answers;
	size_t n_answers;
	const char **texts; /* text answers as id/value pairs: texts[2i] = "partner", texts[2i+1] = value */
	size_t n_texts;
	support_answer prefecture_plans_category2; /* N2 */
	support_answer consulted_prefecture;       /* N1/N2: 県と調整済み */
	bool round_decided; /* the round's selections are known (any record of the round exists) */
	/* every record of the organizations involved and of their prefectures */
	const history_record *history;
	size_t n_history;
} support_application;

typedef struct support_outcome {
	const support_condition *cond;
	bool ok;                       /* conditions: met; warnings: always false */
	const char *reason;            /* Japanese */
	const history_record *record;  /* the record that made it fail (or that the warning is about), or NULL */
	const organization *org;       /* the organization concerned, or NULL for the whole application */
} support_outcome;

typedef struct support_result {
	bool eligible; /* every condition met */
	support_outcome *conditions;
	size_t n_conditions;
	support_outcome *warnings;
	size_t n_warnings;
} support_result;

/* Evaluates every condition of app->category in the order of the rule data.
 * m is the organization master (for prefectures and 管内). Returns 0, or -1 when out
 * of memory. */
int support_evaluate(const support_application *app, const org_master *m, arena *a, support_result *out);

#endif
