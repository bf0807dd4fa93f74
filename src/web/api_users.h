/* api_users.h — the JSON API of accounts, password resets, the reviewer picker and the
 * review summary (issue 13, part 2; docs/api.md): thin handlers over service.h. */
#ifndef DIGIDEN_API_USERS_H
#define DIGIDEN_API_USERS_H

#include "web.h"

/* GET /api/v1/users?role=&q=&page=&per_page= and GET/PATCH /api/v1/users/{id} */
json_t *api_users_list(web_request *r, svc_err *err);
json_t *api_user_get(web_request *r, svc_err *err);
json_t *api_user_patch(web_request *r, svc_err *err);
/* POST /api/v1/users/{id}/password-reset (201 with the token, once) and the
 * redemption POST /api/v1/password-reset {"token","password"} */
json_t *api_user_reset_issue(web_request *r, svc_err *err);
json_t *api_password_reset(web_request *r, svc_err *err);
/* PUT /api/v1/users/{id}/conflicts */
json_t *api_user_conflicts(web_request *r, svc_err *err);
/* GET /api/v1/applications/{id}/reviewers and …/review-summary (office) */
json_t *api_app_reviewers(web_request *r, svc_err *err);
json_t *api_app_review_summary(web_request *r, svc_err *err);

#endif
