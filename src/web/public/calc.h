/* calc.h — route table of the calculator pages (calc.c): the 総務省 calculators
 * (地域社会DX推進パッケージ, 地方債, 特別交付税, 地域活性化起業人) and the デジタル専門人材派遣
 * check. GET forms, no login, nothing stored. */
#ifndef DIGIDEN_PAGE_CALC_H
#define DIGIDEN_PAGE_CALC_H

#include "../pages.h"

extern const page_table calc_page_table;

void page_calc_menu(web_request *r);      /* GET /calc: the calculators with one-line explanations */
void page_calc(web_request *r);           /* GET /calc/{key}: one calculator's form, its result with check=1 */
void page_dispatch_check(web_request *r); /* GET /dispatch: the dispatch check, its result with check=1 */

#endif
