/* notify_page.h — notifications on the web (issue 13, part 4; notify_page.c): the API
 * handlers, the /notifications page and the header's unread count. */
#ifndef DIGIDEN_NOTIFY_PAGE_H
#define DIGIDEN_NOTIFY_PAGE_H

#include "page.h"

/* GET /api/v1/notifications?page=&per_page= */
json_t *api_notifications(web_request *r, svc_err *err);
/* POST /api/v1/notifications/{id}/read */
json_t *api_notification_read(web_request *r, svc_err *err);
/* PUT /api/v1/users/{id}/email {"email": …} */
json_t *api_user_email(web_request *r, svc_err *err);
/* GET and POST /notifications: the list with a mark-read form per row, the mail address */
void page_notifications(web_request *r);
void page_notifications_post(web_request *r);
/* The header's link 通知 (N) for a logged-in user; nothing for a visitor. */
void page_notify_badge(web_request *r);

#endif
