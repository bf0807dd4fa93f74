/* report.h — the published result tables, computed from decided projects: counts of
 * organizations (distinct) and projects, 事業費 and 国費, by menu, organization kind,
 * 事業分野 (both groupings the seeds use), prefecture, TYPE2/3 category and
 * data-platform policy. Pure: the caller supplies the projects. */
#ifndef DIGIDEN_REPORT_H
#define DIGIDEN_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "orgcode.h"
#include "rules.h"

typedef struct decided_project {
	const char *round;             /* rule-set id */
	const char *menu;              /* type1 … */
	const organization *org;
	const char *title;
	const char *status;            /* adopted / granted (naiji counts as adopted) */
	const char *const *fields;     /* 事業分野 keys; the first is the project's own field */
	size_t n_fields;
	const char *category;          /* TYPE2/3 カテゴリ, or NULL */
	const char *platform;          /* data-platform policy key, or NULL */
	int64_t project_cost_yen;
	int64_t national_share_yen;
	const rule_set *rules; /* the round's rule set (for the audit), may be NULL */
	size_t line;           /* CSV line of an imported decision, 0 for digiden's own */
} decided_project;

typedef enum report_by {
	BY_MENU,
	BY_KIND,         /* 都道府県 / 市町村 (うち特別区) / 広域連合・一部事務組合 */
	BY_FIELD,        /* 11 fields, 医療・福祉 and 子育て apart (001_2b97fb39079cc39d.txt 交付決定結果) */
	BY_FIELD_MERGED, /* 医療・福祉・子育て together, with その他 (000_23c807c41fd90cd5.txt 採択結果) */
	BY_PREFECTURE,   /* all 47, zero rows included */
	BY_CATEGORY,     /* TYPE2/3 only */
	BY_PLATFORM,     /* TYPE2/3 only */
	BY__MAX
} report_by;

const char *report_by_key(report_by b);
bool report_by_from_key(const char *key, report_by *out);
const char *report_by_label(report_by b);

typedef struct report_row {
	const char *key, *label;
	bool within; /* a breakdown inside the row before it (うち特別区): not added to the total */
	size_t organizations, projects;
	int64_t project_cost_yen, national_share_yen;
} report_row;

typedef struct report {
	report_by by;
	report_row *rows;
	size_t n_rows;
	report_row total; /* distinct organizations over every counted project */
} report;

/* Builds the table; menu labels come from rules (NULL: the menu keys). Returns 0,
 * or -1 when the arena ran out. A project counts once per table: in its first field
 * for the field tables; TYPE2/3 tables count only TYPE2/3 projects. Organizations
 * are distinct within each row; with orgs_once an organization found in several
 * rows is counted only in the first (the published テレワーク型 count: 「岐阜県は高水準・
 * 標準両タイプで交付決定」 yet 標準 32団体, 001_2b97fb39079cc39d.txt). */
int report_build(const decided_project *p, size_t n, report_by by, const rule_set *rules, const org_master *m,
		 bool orgs_once, arena *a, report *out);

/* ---- audit of decisions against their round's rules ---- */
typedef struct decision_finding {
	size_t line;
	const organization *org;
	const char *rule;    /* e.g. "mnc_expansion.cap_yen", "limits.type123_total" */
	const char *message; /* Japanese, arena-owned */
} decision_finding;

/* Flags decisions that break their round's rules: 国費 above the menu cap, 国費 above
 * 事業費 × rate, and the per-organization application limits. Returns 0 or -1 (OOM). */
int decision_audit(const decided_project *p, size_t n, arena *a, decision_finding **out, size_t *n_out);

#endif
