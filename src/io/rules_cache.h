/* rules_cache.h — the shipped rule sets of the support programs (推進タイプ, 未来技術,
 * 総務省の措置と人材派遣, 伴走支援), parsed once per process on first use and shared
 * read-only by every thread (issue 11: the pages and the API re-parsed them on every
 * request). The デジタル実装タイプ rounds are in the catalogue (catalog.h) instead.
 * Each returns NULL with err filled when the embedded data does not load (a build
 * defect) or, for support rules, when the program id is not one shipped. */
#ifndef DIGIDEN_IO_RULES_CACHE_H
#define DIGIDEN_IO_RULES_CACHE_H

#include <stddef.h>

#include "future_tech_rules.h"
#include "json_finance.h"
#include "promotion_rules.h"
#include "support_rules.h"

const promo_catalog *rules_cache_promotion(char *err, size_t errlen);
const ft_rules *rules_cache_future_tech(char *err, size_t errlen);
/* with_dispatch: the デジタル専門人材派遣 rules too (have_dsp). */
const finance_rules *rules_cache_finance(bool with_dispatch, char *err, size_t errlen);
const support_rules *rules_cache_support(const char *program, char *err, size_t errlen);

#endif
