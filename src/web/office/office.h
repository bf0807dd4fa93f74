/* office.h — the program office (事務局) pages, one file per page under /office:
 * office_home.c /office, office_rounds.c /office/rounds, office_applications.c
 * /office/applications, office_application.c /office/applications/{id},
 * office_limits.c /office/limits, office_users.c /office/users; office.c holds the
 * route table (with the reviewer's pages of review/) and what the pages share;
 * office_app_body.c an application summarised for the office and the reviewers.
 * Every state change posts to /applications/{id}/action (page_actions.c) with _back
 * set to the page it came from; the service layer enforces who may do what. */
#ifndef DIGIDEN_OFFICE_H
#define DIGIDEN_OFFICE_H

#include "../../service/round_checks.h"
#include "../pages.h"

extern const page_table office_page_table;

void page_office_home(web_request *r);
void page_office_rounds(web_request *r);
void page_office_rounds_post(web_request *r);
void page_office_apps(web_request *r);
void page_office_app(web_request *r);
void page_office_limits(web_request *r);
void page_office_users(web_request *r);
void page_office_users_post(web_request *r);
/* review/: the reviewer's pages (PAGE_REVIEWER) */
void page_review_list(web_request *r);
void page_review_app(web_request *r);

/* svc_app_list and svc_rounds of the caller (new references, the caller decrefs both);
 * false when either failed, the error page written. */
bool office_load_lists(web_request *r, json_t **list, json_t **rounds);
/* svc_app_get of r->id and svc_rounds, the same way. */
bool office_load_app(web_request *r, json_t **got, json_t **rounds);

/* The round of key round among svc_rounds() "rounds" (borrowed), or NULL. */
json_t *office_find_round(json_t *rounds, const char *round);
/* Names from svc_rounds() output (rounds = the "rounds" array); the key when unknown. */
const char *office_round_title(json_t *rounds, const char *round);
const char *office_menu_name(json_t *rounds, const char *round, const char *menu);
/* The organization of a code in the master, or NULL; its prefecture's name or "". */
const organization *office_org(web_request *r, const char *code);
const char *office_prefecture_name(web_request *r, const char *code);
/* 受付中 / 受付中（締切を過ぎたため提出できません） / 受付終了 of a round. */
void office_round_status(web_request *r, json_t *ro);
/* A round's deadline as <time>, "なし" when it has none. */
void office_round_deadline(web_request *r, json_t *ro);
/* The same two as table cells of a round row. */
void office_cell_round_status(web_request *r, const view_cell *c);
void office_cell_round_deadline(web_request *r, const view_cell *c);
/* <div> with a labelled <select> for a filter form; opts "value|label", NULL-terminated. */
void office_filter_select(web_request *r, const char *label, const char *name, const char *value, const char **opts);
/* "key|title" options of every round (arena-owned, NULL-terminated), first "|すべて"
 * when with_all. NULL when out of memory. */
const char **office_round_options(web_request *r, json_t *rounds, bool with_all);

/* The round checks a page has taken, one handle per round (released at the end). */
typedef struct office_checks {
	const char *key[32];
	svc_round_checks *checks[32];
	size_t n;
} office_checks;
/* The check of application id in round (computed once per round); NULL when none. */
const svc_check_row *office_check_of(web_request *r, office_checks *h, const char *round, int64_t id);
void office_checks_release(office_checks *h);

/* The facts of an application (svc_app_get output) as a <dl>: ID, 募集回, 類型, 団体, 状態 … */
void office_app_facts(web_request *r, json_t *got, json_t *rounds);
/* The application body (実施計画書) summarised: summary, fields, services with their cost
 * items, KPIs, 推進体制, running costs, PDCA, data platform, card, telework. Headings
 * start at level (2 or 3). */
void office_app_body(web_request *r, json_t *application, int level);
/* The rules engine's panel beside an application, or why there is none (ce). */
void office_check_aside(web_request *r, json_t *check, const svc_err *ce);
/* The six 審査のポイント of the seeds (000_23c807c41fd90cd5.txt): review score keys and labels. */
#define OFFICE_REVIEW_POINTS 6
extern const struct office_review_point {
	const char *key, *label;
} office_review_points[OFFICE_REVIEW_POINTS];
/* The caller's own review among svc_app_get "reviews" (borrowed), or NULL. */
json_t *office_own_review(web_request *r, json_t *got);
/* Reviews (svc_app_get "reviews") as a table: one column per reviewer, one row per point. */
void office_review_table(web_request *r, json_t *reviews, const char *caption);

#endif
