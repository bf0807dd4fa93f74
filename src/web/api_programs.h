/* api_programs.h — API handlers of the program calculators (api_programs.c): the 総務省
 * calculators (地域社会DX推進パッケージ, 地方債, 特別交付税, 地域活性化起業人), the
 * デジタル専門人材派遣 check and the 地方創生推進タイプ check. They compute and store
 * nothing; each answers what the CLI prints with --json (without "file"). */
#ifndef DIGIDEN_API_PROGRAMS_H
#define DIGIDEN_API_PROGRAMS_H

#include "web.h"

/* POST /api/v1/calc/{key}: key dx-package | subsidy | bond | special-tax | kigyoujin, the
 * body the input of `digiden calc KEY` (see io/json_finance.h). 200 with the
 * "digiden/calc-result/1" object, also when it has rule errors ("ok": false); 400
 * INVALID with details [{path, message}] when the input cannot be read; 404 for an
 * unknown key. */
json_t *api_calc(web_request *r, svc_err *err);

/* POST /api/v1/dispatch/check: the body of `digiden dispatch-check` ("digiden/dispatch/1").
 * 200 with the "digiden/dispatch-result/1" object (also with rule errors); 400 INVALID
 * with details on bad input. The server has no population data: a 国家公務員 dispatch
 * gets the warning that the population is unknown. */
json_t *api_dispatch_check(web_request *r, svc_err *err);

/* POST /api/v1/promotion/check: a "digiden/promotion/1" project (an object), or an array
 * of up to 100 projects checked together (申請上限数 across them), as `digiden
 * promotion-check --json`. 200 with the result (an array for an array); problems of
 * the project are errors of the result ("ok": false); 400 when the body is neither.
 * No 中枢中核都市 list is loaded: a city is checked as a 市町村. */
json_t *api_promotion_check(web_request *r, svc_err *err);

#endif
