/* catalog.h — the data digiden runs on: every rule set and the organization master,
 * the one header a caller includes for them.
 *
 * Two ways in:
 *  - catalog_load(): a private catalogue of the デジタル実装タイプ rounds and the
 *    organization master, from the embedded copies or from --rules DIR / --orgs FILE
 *    (the CLI's per-run view; the caller owns and frees it).
 *  - catalog_load_all() and the catalog_* / rules_cache_* accessors: the shipped
 *    catalogue — every embedded rule set (rounds, 推進タイプ, 未来技術, 総務省, 人材派遣,
 *    伴走支援) and the master, loaded and validated once per process, immutable after,
 *    shared by every thread. catalog_load_all() is for the start of the server and of
 *    the CLI, so that a defect in shipped data stops them with the file named instead
 *    of failing a request; an accessor called before it loads its own part on first
 *    use. */
#ifndef DIGIDEN_CATALOG_H
#define DIGIDEN_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/arena.h"
#include "../core/orgcode.h"
#include "../core/rules.h"
#include "embedded.h"
#include "future_tech_rules.h"
#include "json_finance.h"
#include "promotion_rules.h"
#include "support_rules.h"

typedef struct catalog {
	arena arena; /* owns everything below */
	rule_catalog rules;
	org_master orgs;
} catalog;

/* rules_dir: NULL for the embedded rule sets, else a directory holding
 * <program>/<round>.json. extra_orgs: NULL, or a file of operator-loaded
 * organizations (data/organizations-extra.tsv format). Returns 0, or -1 with a
 * message naming the file in err. catalog_free() in both cases. */
int catalog_load(catalog *c, const char *rules_dir, const char *extra_orgs, char *err, size_t errlen);
void catalog_free(catalog *c);

/* ---- the shipped catalogue ------------------------------------------------------------ */

/* One shipped support program's rules, under its id ("bansou/fy2025" for
 * rules/bansou/fy2025.json). */
typedef struct catalog_support {
	const char *id;
	const support_rules *rules;
} catalog_support;

/* Every shipped rule set. All pointers live until the process ends; nothing in them
 * is ever written again, so threads read them without a lock. */
typedef struct catalog_all {
	const catalog *rounds;                  /* デジタル実装タイプ rounds + organization master (catalog_load(NULL, NULL)) */
	const promo_catalog *promotion;         /* rules/regional-promotion/ */
	const ft_rules *future_tech;            /* rules/future-tech/ */
	const finance_rules *finance;           /* rules/mic/ (have_dsp false) */
	const finance_rules *finance_dispatch;  /* rules/mic/ and rules/dispatch/ */
	const catalog_support *support;         /* every "digiden/support-rules/1" file, in embedded order */
	size_t n_support;
} catalog_all;

/* Loads and validates every shipped rule set (once: later calls, from any thread,
 * return the same pointer at the cost of a lock). Returns NULL with the first
 * defect in err ("rules/…json: path: message"); a later call tries again. */
const catalog_all *catalog_load_all(char *err, size_t errlen);

/* The parts one at a time (each loaded on first use when catalog_load_all has not
 * run). NULL with err filled when the embedded data does not load (a build defect). */
const catalog *catalog_rounds(char *err, size_t errlen);
const promo_catalog *rules_cache_promotion(char *err, size_t errlen);
const ft_rules *rules_cache_future_tech(char *err, size_t errlen);
/* with_dispatch: the デジタル専門人材派遣 rules too (have_dsp). */
const finance_rules *rules_cache_finance(bool with_dispatch, char *err, size_t errlen);
/* program: an id such as "bansou/fy2025"; NULL, with the message support_rules_load
 * gives (the ids there are), when it is not a shipped support program. */
const support_rules *rules_cache_support(const char *program, char *err, size_t errlen);

#endif
