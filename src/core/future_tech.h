/* future_tech.h — 未来技術社会実装事業 (内閣府): selections by fiscal year, the support
 * period counted from the first selection (3か年度), the 継続申請 decided on paper and
 * the 2-year extension, and the automatic end when no 継続申請 is filed
 * (003_73909b06327bf539.txt). Given the selections and a fiscal year, says who is in
 * support that year, each with its period and why, citing the rules
 * (rules/future-tech/program.json, "digiden/future-tech-rules/1").
 *
 * Pure: no I/O. Every string and array lives in the caller's arena. */
#ifndef DIGIDEN_FUTURE_TECH_H
#define DIGIDEN_FUTURE_TECH_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "check.h"
#include "diag.h"
#include "fiscal.h"
#include "rules.h"

typedef struct ft_published {
	int fiscal_year;
	int value;
	citation cite;
} ft_published;

typedef struct ft_rules {
	const char *id; /* "future-tech/program" */
	const char *title;
	const char *note;
	const char **sources;
	size_t n_sources;
	rule_count support_fiscal_years;   /* 3 (from the first selection, inclusive) */
	rule_count extension_fiscal_years; /* 2 */
	rule_count max_extensions;         /* 1 (reading) */
	citation continuation_application; /* 継続申請書を内閣府に提出 */
	citation continuation_review;      /* 主に書面により審査 */
	citation automatic_end;            /* 支援期間満了後、自動的に支援終了 */
	citation filing_within_period;     /* 継続申請は当初の支援期間中に (reading) */
	ft_published *published_selections; /* selections per fiscal year, as published */
	size_t n_published_selections;
	ft_published *published_in_support; /* projects in support in a fiscal year, as published */
	size_t n_published_in_support;
	const char *label; /* file it was loaded from */
} ft_rules;

typedef enum ft_decision {
	FT_DECISION_NONE,     /* no decision recorded */
	FT_DECISION_PENDING,  /* filed, under review (審査中) */
	FT_DECISION_APPROVED, /* 事業継続が認められた */
	FT_DECISION_REJECTED, /* 認められなかった */
	FT_DECISION__MAX
} ft_decision;

const char *ft_decision_key(ft_decision d); /* none / pending / approved / rejected */
/* Accepts approved/承認/継続, rejected/不承認/終了, pending/審査中, and "" / none. */
bool ft_decision_parse(const char *s, ft_decision *out);

/* One selected project, as recorded. */
typedef struct ft_selection {
	const char *where;    /* path prefix of its fields: "5:" (CSV line) or "selections[3]." (JSON) */
	const char *org_code; /* may be NULL: the seeds do not name every selected organization */
	const char *org_name;
	const char *title;
	int first_fiscal_year; /* 初めて選定された年度 */
	bool filed;            /* 継続申請 filed */
	int filed_fiscal_year;
	ft_decision decision;
	bool has_decided_on;
	civil_date decided_on;
	const char *source; /* where the record comes from, e.g. "003_73909b06327bf539.txt:54" */
	const char *note;
} ft_selection;

typedef enum ft_phase {
	FT_PHASE_NOT_YET,   /* first selected after the fiscal year asked */
	FT_PHASE_INITIAL,   /* within the 3 fiscal years from the first selection */
	FT_PHASE_EXTENSION, /* within the 2-year extension */
	FT_PHASE_UNDECIDED, /* initial period over, 継続申請 filed, decision not recorded */
	FT_PHASE_ENDED,     /* support over */
	FT_PHASE__MAX
} ft_phase;

const char *ft_phase_key(ft_phase p); /* not_yet / initial / extension / undecided / ended */

typedef struct ft_status {
	const ft_selection *sel;
	ft_phase phase;
	int initial_end_fiscal_year; /* first + support − 1 */
	int support_end_fiscal_year; /* the last fiscal year of support as it stands */
	bool end_final;              /* the end year cannot move any more (no extension possible) */
	bool ends_this_year;         /* support ends at the end of the fiscal year asked */
	const char *reason;          /* Japanese: period and why */
	diag_list diags;             /* this record's inconsistencies with the rules */
} ft_status;

typedef struct ft_year_summary {
	int fiscal_year;  /* first selection year */
	size_t selected;  /* records with that first selection year */
	size_t in_support; /* of which in support in the year asked */
	bool has_published;
	const ft_published *published;
} ft_year_summary;

typedef struct ft_report {
	int fiscal_year;
	ft_status *status; /* one per selection, in input order */
	size_t n;
	size_t in_support;
	ft_year_summary *years; /* by first selection year, ascending */
	size_t n_years;
	const ft_published *published_in_support; /* for the year asked, if published */
	diag_list diags;  /* report-wide: counts compared with the published ones */
	trace_step *trace; /* the rules applied, with their quotes */
	size_t n_trace, cap_trace;
	arena *arena;
} ft_report;

/* Evaluates every selection for fiscal year fy. selected_in (0 = all) keeps only the
 * records first selected in that fiscal year (the counts are then compared only for
 * that year). Returns 0, or -1 when memory ran out. */
int future_tech_report(const ft_rules *rules, const ft_selection *sel, size_t n, int fy, int selected_in, arena *a,
		       ft_report *out);

static inline bool ft_in_support(const ft_status *s)
{
	return s->phase == FT_PHASE_INITIAL || s->phase == FT_PHASE_EXTENSION;
}

#endif
