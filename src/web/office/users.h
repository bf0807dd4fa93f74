/* users.h — the pages of issue 13, part 2: one account for the office
 * (office_user.c, /office/users/{id}) and the password reset form
 * (../public/password_reset.c, /password-reset). */
#ifndef DIGIDEN_OFFICE_USERS_H
#define DIGIDEN_OFFICE_USERS_H

#include "office.h"

void page_office_user(web_request *r);
void page_office_user_post(web_request *r);
void page_password_reset(web_request *r);
void page_password_reset_post(web_request *r);
/* The list of accounts with its search form (office_users.c, on /office/users). */
void office_users_list(web_request *r);

#endif
