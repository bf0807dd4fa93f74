/* check.h — the rules engine: for one application, resolve its round, menu and
 * organization, compute 総事業費 → 交付対象事業費 → 国費 = min(cap, eligible × rate)
 * (rounded as the rule set says) → 地方負担, with a trace citing the seeds, and run
 * every requirement, exclusion and review-point check. check_limits() then checks
 * the per-organization application limits across several applications.
 *
 * Pure: no I/O. All memory comes from the caller's arena. */
#ifndef DIGIDEN_CHECK_H
#define DIGIDEN_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "application.h"
#include "diag.h"
#include "orgcode.h"
#include "rules.h"

typedef struct trace_step {
	const char *rule;   /* stable id, e.g. "type1.rate" */
	const char *value;  /* the value as text, e.g. "1/2", "100000000" */
	const char *source; /* seed file, or "application" for sums over the input */
	const char *label;  /* plain Japanese: "補助率 1/2（令和4年度補正 TYPE1 …）" */
	const char *quote;  /* the seed's words, when the step applies a rule; may be NULL */
} trace_step;

typedef struct check_result {
	const application *app;
	const rule_set *rules;    /* NULL when the round is unknown */
	const rule_menu *menu;    /* NULL when the menu is unknown */
	const organization *org;  /* NULL when the code is invalid or unknown */
	bool has_project_cost, has_eligible_cost, has_rate, has_cap, has_national_share, has_local_share;
	int64_t project_cost_yen;
	int64_t eligible_cost_yen;
	fraction rate;
	int64_t cap_yen;
	int64_t national_share_yen;
	int64_t local_share_yen;
	diag_list diags; /* decoder's diagnostics first, then the engine's */
	trace_step *trace;
	size_t n_trace, cap_trace;
	/* Parallel to trace: what each computed step's label is made of. Labels of
	 * those steps are NULL until check_trace_labels() (the kernel formats no text
	 * that is only output). */
	struct trace_label_args *label_args;
	arena *arena;
} check_result;
typedef struct trace_label_args trace_label_args;

/* Checks app. decode_diags are the decoder's diagnostics for the same input (taken
 * over, in order). catalog and master must outlive out. Returns 0, or -1 when the
 * arena ran out of memory. */
int check_application(const application *app, const diag_list *decode_diags, const rule_catalog *catalog,
		      const org_master *master, arena *a, check_result *out);

/* Per-organization application limits across results[0..n) (the same round and
 * organization are grouped); adds errors to the offending results. Each result's
 * own arena holds what is added to it; scratch holds a temporary index. The
 * results must be in one array so that their addresses give the input order. */
void check_limits(check_result *const *results, size_t n, arena *scratch);

/* How many of limit lim's menus are menu (check_limits counts every match). */
size_t check_limit_names(const rule_limit *lim, const rule_menu *menu);
/* The limits of r's round for r, one member of a (round, organization) group, given
 * counts[l] = the sum of check_limit_names(limit l, member menu) over the group — what
 * check_limits does per member (a caller that counted the group elsewhere, such as
 * the streaming `digiden check`, applies them with this). r->rules, ->org and ->menu
 * must be set. */
void check_limits_apply(check_result *r, const size_t *counts);

/* Formats the labels of r's trace steps that the kernel left NULL, in r's arena
 * (every encoder of a result calls it before it reads trace[i].label). Not
 * thread-safe for one r; idempotent. On out-of-memory a label stays NULL. */
void check_trace_labels(const check_result *r);

static inline bool check_ok(const check_result *r) { return diag_count(&r->diags, DIAG_ERROR) == 0; }

#endif
