/* app_query.h — the list of applications at national scale (issue 13, part 6): search,
 * filters, sort and pages computed on the server in one pass over the caller's list
 * (one query) and the round checks of each round (round_checks.h, computed once per
 * change of the round), and bulk actions on many applications, each in its own
 * transaction. The office's page, its CSV/XLSX export and GET /api/v1/applications all
 * read the same svc_app_find, so they show the same rows. */
#ifndef DIGIDEN_SERVICE_APP_QUERY_H
#define DIGIDEN_SERVICE_APP_QUERY_H

#include "round_checks.h"
#include "service.h"

enum svc_app_sort { APP_SORT_ID, APP_SORT_ORG, APP_SORT_MENU, APP_SORT_STATUS, APP_SORT_NS, APP_SORT_UPDATED,
		    APP_SORT_TITLE, APP_SORT__MAX };
/* "id", "organization", "menu", "status", "national_share", "updated", "title" */
extern const char *const svc_app_sort_keys[APP_SORT__MAX];

#define SVC_PER_PAGE_DEFAULT 50
#define SVC_PER_PAGE_MAX 500

/* What to list. Strings are borrowed; NULL or "" means any. */
typedef struct svc_app_query {
	const char *q;          /* part of the title, the organization's name or its code */
	const char *round, *menu, *status, *field;
	const char *prefecture; /* "01".."47" */
	const char *kind;       /* an org_kind_id ("prefecture", "city", "special_ward" …) or "municipality" */
	bool errors;            /* only those whose check has an error (office and admin) */
	int sort;               /* enum svc_app_sort */
	bool desc;
	size_t page;     /* from 1 */
	size_t per_page; /* 0: every row on one page (the list before paging existed) */
} svc_app_query;

/* Reads a query from named parameters: get(ctx, name) gives a parameter's value or
 * NULL. Without page and per_page every row is listed (as before); with either, pages of
 * per_page rows (default 50, at most 500). 0, or -1 with a 400 in err naming the
 * parameter. */
int svc_app_query_parse(svc_app_query *q, const char *(*get)(void *ctx, const char *name), void *ctx, svc_err *err);

typedef struct svc_app_item {
	const store_app *app;
	const organization *org;    /* NULL when not in the master */
	const svc_check_row *check; /* its round's check; NULL for a caller who is not the office */
} svc_app_item;

/* One page of the list. Everything lives until svc_app_page_free. */
typedef struct svc_app_page {
	arena a;
	svc_app_item *items;
	size_t n;       /* rows on this page */
	size_t total;   /* rows matching the query */
	size_t visible; /* rows the caller may see at all */
	size_t page, per_page;
	svc_round_checks *checks[32];
	const char *check_keys[32];
	size_t n_checks;
} svc_app_page;

/* The page of the caller's applications (an applicant's own, a reviewer's assigned,
 * everything but drafts for the office) that q selects. Filters by errors, field and the
 * 国費 sort read the round checks, so they are the office's: 400 for others. 0, or -1
 * with err filled; *out is to be freed either way. */
int svc_app_find(svc *s, const svc_user *actor, const svc_app_query *q, svc_app_page *out, svc_err *err);
void svc_app_page_free(svc_app_page *p);

/* {"applications":[…the fields of svc_app_list, and for the office "national_share_yen"
 * (null when it cannot be computed) and "errors"…],"total","page","per_page"}; new
 * reference, or NULL with err filled. */
json_t *svc_app_search(svc *s, const svc_user *actor, const svc_app_query *q, svc_err *err);

/* Bulk actions of the office: body {"action":"screen"|"assign"|"naiji","ids":[…],
 * "reviewer": login or id (assign)}. Each id is its own operation (its own transaction
 * and audit entry, as one request would be), so one failing row leaves the others
 * done: {"results":[{"id","ok","status","error"}]} with the error's message (null when
 * ok). 400 for a malformed body or more than 500 ids; 403 for a caller who is not the
 * office. */
json_t *svc_app_bulk(svc *s, const svc_user *actor, json_t *body, svc_err *err);

#endif
