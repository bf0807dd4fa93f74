/* json_promotion.h — the 地方創生推進タイプ project format ("digiden/promotion/1") and the
 * `digiden promotion-check --json` output.
 *
 * Input (a JSON object; unknown keys are errors, every problem names its JSON path):
 *   format                 "digiden/promotion/1"
 *   round                  "regional-promotion/fy2021" | "regional-promotion/fy2024-request"
 *   subtype                "senku" (先駆型) | "yokotenkai" (横展開型) | "society5" (Society5.0型)
 *   applicant              {"code": "202096", "name"?: "伊那市"}
 *   title                  事業名
 *   koiki                  true when the project is a 広域連携事業
 *   koiki_partners         codes of the partner organizations (required when koiki)
 *   start_fiscal_year      2021, or "令和3年度" / "R3"
 *   budget                 [{"fiscal_year": 2021, "project_cost_yen": 113000000, "note"?: "…"}, …]
 *                          one line per fiscal year from the start, in order (事業費 of the year;
 *                          integer yen or "113,000千円" / "1億1,300万円")
 *   society5_requirements  null, or {"advice_structure": bool, "partly_demonstrated": bool,
 *                          "full_implementation_fiscal_year": FY, "regional_issue": bool,
 *                          "new_social_system": bool}
 *   regional_plan          null, or {"name": 地域再生計画の名称, "reference"?: 認定番号など}
 *   note                   free text */
#ifndef DIGIDEN_JSON_PROMOTION_H
#define DIGIDEN_JSON_PROMOTION_H

#include <jansson.h>

#include "../core/diag.h"
#include "../core/promotion.h"

#define PROMOTION_FORMAT "digiden/promotion/1"

/* Fills *p (strings copied into a) from root; appends problems to diags. Returns 0,
 * or -1 when memory ran out. */
int json_promotion_decode(json_t *root, arena *a, promo_project *p, diag_list *diags);

/* The output object of one checked project. New reference (caller json_decref()s);
 * NULL on out-of-memory. */
json_t *json_promotion_result_encode(const promo_result *r);

#endif
