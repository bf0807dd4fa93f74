/* page_office.h — route table of the office and reviewer pages (page_office.c, page_review.c). */
#ifndef DIGIDEN_PAGE_OFFICE_H
#define DIGIDEN_PAGE_OFFICE_H

#include "pages.h"

extern const page_table office_page_table;

/* page_review.c: the reviewer's pages (PAGE_REVIEWER) */
void page_review_list(web_request *r);
void page_review_app(web_request *r);

/* Shared by page_office.c and page_review.c (defined in page_office.c). */
/* A UTC time "YYYY-MM-DDTHH:MM:SSZ" as <time> shown in 日本時間 (JST). */
void office_time(web_request *r, const char *iso);
/* Names from svc_rounds() output (rounds = the "rounds" array); the key when unknown. */
const char *office_round_title(json_t *rounds, const char *round);
const char *office_menu_name(json_t *rounds, const char *round, const char *menu);
/* The facts of an application (svc_app_get output) as a <dl>: ID, 募集回, 類型, 団体, 状態 … */
void office_app_facts(web_request *r, json_t *got, json_t *rounds);
/* The application body (実施計画書) summarised: summary, fields, services with their cost
 * items, KPIs, 推進体制, running costs, PDCA, data platform, card, telework. Headings
 * start at level (2 or 3). */
void office_app_body(web_request *r, json_t *application, int level);
/* The six 審査のポイント of the seeds (000_23c807c41fd90cd5.txt): review score keys and labels. */
#define OFFICE_REVIEW_POINTS 6
extern const struct office_review_point {
	const char *key, *label;
} office_review_points[OFFICE_REVIEW_POINTS];
/* Reviews (svc_app_get "reviews") as a table: one column per reviewer, one row per point. */
void office_review_table(web_request *r, json_t *reviews, const char *caption);

#endif
