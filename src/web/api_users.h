/* api_users.h — the JSON API of accounts, password resets, the reviewer picker and the
 * review summary (issue 13, part 2; docs/api.md). */
#ifndef DIGIDEN_API_USERS_H
#define DIGIDEN_API_USERS_H

#include "web.h"

json_t *api_users_list(web_request *r, svc_err *err);
json_t *api_user_get(web_request *r, svc_err *err);
json_t *api_user_patch(web_request *r, svc_err *err);
json_t *api_user_reset_issue(web_request *r, svc_err *err);
json_t *api_user_conflicts(web_request *r, svc_err *err);
json_t *api_password_reset(web_request *r, svc_err *err);
json_t *api_app_reviewers(web_request *r, svc_err *err);
json_t *api_app_review_summary(web_request *r, svc_err *err);

#endif
