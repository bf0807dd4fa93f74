/* results.h — route table of the public pages (results.c, menus.c). */
#ifndef DIGIDEN_PAGE_RESULTS_H
#define DIGIDEN_PAGE_RESULTS_H

#include "../pages.h"

extern const page_table results_page_table;

/* results.c: published results (no login) */
void page_results(web_request *r);             /* GET /results */
void page_results_prefectures(web_request *r); /* GET /results/prefectures */
void page_results_prefecture(web_request *r);  /* GET /results/prefectures/{key} (2-digit code) */
void page_org(web_request *r);                 /* GET /orgs/{key} (6-digit code) */
/* menus.c: the menus of a round, generated from its rule set (no login) */
void page_menus(web_request *r);               /* GET /menus */

/* The round a public page shows by default. */
#define RESULTS_DEFAULT_ROUND "digital-implementation/fy2022-supp"

#endif
