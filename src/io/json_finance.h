/* json_finance.h — the JSON inputs and outputs of the 総務省 calculators (core/finance.h:
 * 地域社会DX推進パッケージ ア-2 / ウ, 地方債, 特別交付税, 地域活性化起業人) and of the
 * デジタル専門人材派遣 check (core/dispatch.h), shared by `digiden calc` / `digiden
 * dispatch-check` (src/cli/cmd_calc.c), the API (src/web/api_programs.c) and the pages
 * (src/web/public/calc.c).
 *
 * Inputs are JSON objects (documented in the CLI's usage text): unknown keys are
 * errors, amounts are integer yen or "1億円" / "5,000万円" / "113,000千円", fiscal years
 * 2025 / "令和7年度", organizations "042072" or {"code": "042072"}. A bad input is one
 * error naming its JSON path (decoding stops at the first); the rule errors of a valid
 * input (対象外の団体, 連携数の不足 …) are diagnostics of the result, never a crash.
 *
 * Outputs: "digiden/calc-result/1" and "digiden/dispatch-result/1" objects, exactly
 * what `--json` prints. */
#ifndef DIGIDEN_JSON_FINANCE_H
#define DIGIDEN_JSON_FINANCE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"
#include "../core/dispatch.h"
#include "../core/finance.h"
#include "../core/orgcode.h"

#define CALC_RESULT_FORMAT "digiden/calc-result/1"
#define DISPATCH_FORMAT "digiden/dispatch/1"
#define DISPATCH_RESULT_FORMAT "digiden/dispatch-result/1"

/* ---- calculators ------------------------------------------------------------------- */

typedef enum finance_calc {
	FINANCE_DX_PACKAGE,  /* "dx-package"  ア-2 推進体制構築支援 */
	FINANCE_SUBSIDY,     /* "subsidy"     ウ 補助事業 */
	FINANCE_BOND,        /* "bond"        地方債 */
	FINANCE_SPECIAL_TAX, /* "special-tax" 特別交付税 */
	FINANCE_KIGYOUJIN,   /* "kigyoujin"   地域活性化起業人 */
	FINANCE_CALC__MAX
} finance_calc;

const char *finance_calc_key(finance_calc c);
bool finance_calc_from_key(const char *key, finance_calc *out);

/* Outcome of a run. */
enum {
	FINANCE_RUN_OK = 0,          /* computed, no rule error */
	FINANCE_RUN_RULE_ERRORS = 1, /* computed, with rule errors (the result says "ok": false) */
	FINANCE_RUN_BAD_INPUT = 2,   /* the input could not be read: err says where */
	FINANCE_RUN_INTERNAL = 3,    /* the rule data could not be loaded, or memory ran out */
};

/* An error of a run. For FINANCE_RUN_BAD_INPUT: path is the JSON path of the input
 * ("" for the input as a whole), message the problem alone and text the line the CLI
 * prints ("LABEL: path: message"); otherwise text alone. */
typedef struct finance_err {
	char text[1600];
	char path[512];
	char message[768];
} finance_err;

/* The rule sets the calculators use (strings in the loader's arena). */
typedef struct finance_rules {
	mic_rules mic;
	dsp_rules dsp;
	bool have_dsp;
} finance_rules;

/* Loads the embedded 総務省 rules and, with with_dispatch, the dispatch rules.
 * Returns 0, or -1 with a message in err. */
int finance_rules_load(finance_rules *out, bool with_dispatch, arena *a, char *err, size_t errlen);

/* A decoded calculator input (strings and arrays in the decoder's arena). */
typedef struct finance_input {
	finance_calc calc;
	union {
		fin_dx_package_in dx_package;
		fin_subsidy_in subsidy;
		fin_bond_in bond;
		fin_special_tax_in special_tax;
		fin_kigyoujin_in kigyoujin;
	} u;
} finance_input;

/* Decodes input (borrowed) for calculator c. label names the input in err->text (a file
 * name, "標準入力", "本文" …). Returns 0, or -1 with err filled. */
int finance_decode(finance_calc c, json_t *input, const char *label, arena *a, finance_input *out, finance_err *err);

/* Runs the calculator. mr and m must outlive out. Returns 0, or -1 when memory ran out. */
int finance_compute(const mic_rules *mr, const org_master *m, const finance_input *in, arena *a, fin_result *out);

/* The "digiden/calc-result/1" object (file: the input's file name or NULL). New reference. */
json_t *finance_result_json(const mic_rules *mr, const fin_result *r, const char *file);

/* figures, facts, statuses, diagnostics and trace of r into o (also used per measure of
 * the dispatch result). */
void finance_result_into(json_t *o, const fin_result *r);

/* All of the above: loads the rules, decodes input (borrowed) for calculator (a key:
 * dx-package, subsidy, bond, special-tax, kigyoujin) against the organizations orgs,
 * computes, and returns the result object ("file": null) — also when it has rule errors
 * (*status FINANCE_RUN_RULE_ERRORS). NULL with err and *status set (BAD_INPUT: unknown
 * calculator or bad input; INTERNAL). Memory of the run in a (the result JSON is not). */
json_t *finance_run_json(const char *calculator, json_t *input, const char *label, const org_master *orgs, arena *a,
			 finance_err *err, int *status);

/* ---- デジタル専門人材派遣 ------------------------------------------------------------ */

/* The population of an organization: operator data (--populations FILE). */
typedef struct dsp_population {
	char code[7];
	int64_t value;
	const char *source; /* "FILE:LINE（note）" */
} dsp_population;

/* Reads "CODE<TAB>POPULATION[<TAB>NOTE]" lines ('#' comments). Returns 0, or -1 with
 * "FILE:LINE: …" in err. The array lives in a. */
int dsp_populations_load(const char *path, arena *a, dsp_population **out, size_t *n, char *err, size_t errlen);

/* Decodes a dispatch ("digiden/dispatch/1") into out (zeroed first). Returns 0, or -1
 * with err filled. */
int dispatch_decode(json_t *input, const char *label, arena *a, dsp_request *out, finance_err *err);

/* Gives req the population of its organization when pops (n entries) has it. */
void dispatch_apply_populations(dsp_request *req, const dsp_population *pops, size_t n);

/* The "digiden/dispatch-result/1" object. New reference. */
json_t *dispatch_result_json(const dsp_rules *dr, const dsp_request *req, const dsp_result *r, const char *file);

/* All of the above, as finance_run_json: pops may be NULL (populations unknown: a
 * warning for 国家公務員). */
json_t *dispatch_run_json(json_t *input, const char *label, const org_master *orgs, const dsp_population *pops,
			  size_t n_pops, arena *a, finance_err *err, int *status);

#endif
