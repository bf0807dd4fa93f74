/* promotion_rules.h — loads the 地方創生推進タイプ rule sets
 * (rules/regional-promotion/<round>.json, "digiden/promotion-rules/1") and the
 * operator's list of 中枢中核都市 (data/core-cities.tsv format, --core-cities FILE).
 *
 * Rule-set format (every value cited: {value, source, quote, reading?, note?}):
 *   format, id "regional-promotion/<round>", program, title, fiscal_year, budget
 *   (initial/supplementary/request), status (final/provisional), sources[], note?,
 *   rate {value "1/2"}, rounding {value floor_yen|floor_thousand}, regional_plan {value bool},
 *   limits {form within_total|base_plus_koiki, note?, prefecture|core_city|municipality:
 *           {total|base: count, koiki: count}},
 *   subtypes {senku|yokotenkai|society5: {name, caps_yen {prefecture, core_city,
 *           municipality}, max_fiscal_years, counted_in_limit {value bool}, total_cap_yen?,
 *           requirements_all? {source, quote}, requirements? {advice_structure,
 *           demonstration_and_implementation (+within_fiscal_years), regional_issue,
 *           new_social_system: {label, source, quote}}}}
 * Unknown keys, missing citations, citations of an unknown seed and impossible values
 * are load errors naming the file and the JSON path. */
#ifndef DIGIDEN_PROMOTION_RULES_H
#define DIGIDEN_PROMOTION_RULES_H

#include <stddef.h>

#include "../core/arena.h"
#include "../core/orgcode.h"
#include "../core/promotion.h"

#define PROMOTION_RULES_FORMAT "digiden/promotion-rules/1"

/* Decodes one rule-set file (text, len bytes) into *out (memory from a). label names
 * the file in messages. Returns 0, or -1 with "label: path: message" in err. */
int promotion_rules_load_text(const char *text, size_t len, const char *label, arena *a, promo_rules *out, char *err,
			      size_t errlen);

/* Loads every embedded rules/regional-promotion/<round>.json into *c (memory from a; c is
 * zeroed first). Returns 0, or -1 with a message in err. */
int promotion_rules_load_embedded(promo_catalog *c, arena *a, char *err, size_t errlen);

/* Parses the 中枢中核都市 list: '#' comment lines and blank lines, a header line
 * "code<TAB>name<TAB>source", then one designated city per line. Every code must be a
 * city (市 or 指定都市) of the master m with that name; the source (where the
 * designation was taken from) is required. Sets l->loaded and l->label. Returns 0, or
 * -1 with "label:LINE: message" in err. Memory from a. */
int core_cities_load_text(core_city_list *l, const org_master *m, const char *text, size_t len, const char *label,
			  arena *a, char *err, size_t errlen);

#endif
