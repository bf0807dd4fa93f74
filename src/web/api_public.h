/* api_public.h — handlers of the public results API (api_public.c). */
#ifndef DIGIDEN_API_PUBLIC_H
#define DIGIDEN_API_PUBLIC_H

#include "web.h"

json_t *api_public_subsidies(web_request *r, svc_err *err);
json_t *api_public_subsidy(web_request *r, svc_err *err);
json_t *api_public_report(web_request *r, svc_err *err);
json_t *api_public_bar_chart(web_request *r, svc_err *err);
json_t *api_public_tile_map(web_request *r, svc_err *err);
json_t *api_public_org_adoptions(web_request *r, svc_err *err);

#endif
