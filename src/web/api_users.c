/* api_users.c — handlers of the account routes (api_users.h): the query values and
 * statuses of HTTP around the service, which checks who may do what. */
#include "api_users.h"

static const char *query(web_request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

json_t *api_users_list(web_request *r, svc_err *err)
{
	return svc_users_list(r->svc, &r->user, query(r, "role"), query(r, "q"), query(r, "page"), query(r, "per_page"), err);
}

json_t *api_user_get(web_request *r, svc_err *err) { return svc_user_get(r->svc, &r->user, r->id, err); }

json_t *api_user_patch(web_request *r, svc_err *err) { return svc_user_patch(r->svc, &r->user, r->id, r->json, err); }

json_t *api_user_reset_issue(web_request *r, svc_err *err)
{
	json_t *o = svc_user_reset_issue(r->svc, &r->user, r->id, err);
	if (o)
		r->status = 201;
	return o;
}

json_t *api_user_conflicts(web_request *r, svc_err *err)
{
	return svc_user_conflicts_put(r->svc, &r->user, r->id, r->json, err);
}

json_t *api_password_reset(web_request *r, svc_err *err) { return svc_password_reset(r->svc, r->json, err); }

json_t *api_app_reviewers(web_request *r, svc_err *err)
{
	return svc_reviewer_candidates(r->svc, &r->user, r->id, NULL, err);
}

json_t *api_app_review_summary(web_request *r, svc_err *err)
{
	return svc_review_summary(r->svc, &r->user, r->id, NULL, err);
}
