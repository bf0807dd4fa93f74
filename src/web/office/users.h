/* users.h — the pages of issue 13, part 2 (declared here so that office.h stays as
 * it was): one account for the office and the public password reset form. */
#ifndef DIGIDEN_OFFICE_USERS_H
#define DIGIDEN_OFFICE_USERS_H

#include "office.h"

/* office_user.c — GET /office/users/{id}: facts, edit, reset and conflicts forms. */
void page_office_user(web_request *r);
/* POST /office/users/{id} with op=update|reset|conflicts; a reset's token is shown in
 * this answer only. */
void page_office_user_post(web_request *r);
/* ../public/password_reset.c — GET /password-reset?token=… (no login) and its POST. */
void page_password_reset(web_request *r);
void page_password_reset_post(web_request *r);
/* office_users.c — the list of accounts with its search form, on /office/users. */
void office_users_list(web_request *r);

#endif
