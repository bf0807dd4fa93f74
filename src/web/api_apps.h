/* api_apps.h — the list of applications over HTTP (issue 13, part 6): GET
 * /api/v1/applications with search, filters, sort and pages (and ?format=csv|xlsx for
 * the filtered list as a download), POST /api/v1/applications/bulk, and the pieces the
 * office's page shares with them (the query from the request, the download). */
#ifndef DIGIDEN_WEB_API_APPS_H
#define DIGIDEN_WEB_API_APPS_H

#include "../service/app_query.h"
#include "web.h"

/* The list query of the request's parameters (query string, or the form body of a
 * page's POST). 0, or -1 with a 400 in err. */
int web_app_query(web_request *r, svc_app_query *q, svc_err *err);
/* Every row q selects (paging ignored: the whole filtered list) as format "csv" or
 * "xlsx" into r->raw with its type and file name; json_null(), or NULL with err. */
json_t *web_app_list_download(web_request *r, const svc_app_query *q, const char *format, svc_err *err);

json_t *api_apps_list(web_request *r, svc_err *err);
json_t *api_apps_bulk(web_request *r, svc_err *err);

#endif
