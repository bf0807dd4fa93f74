/* pages.h — handlers of the HTML pages, grouped by URL into folders: applicant/,
 * public/, support/, office/ (office/office.h), review/. Pages are written with the
 * view toolkit (view.h). */
#ifndef DIGIDEN_PAGES_H
#define DIGIDEN_PAGES_H

#include <jansson.h>

#include "page.h"
#include "view.h"

/* public/home.c: /, /login, /logout */
void page_home(web_request *r);
void page_login_form(web_request *r);
void page_login_submit(web_request *r);
void page_logout(web_request *r);
/* applicant/my.c (/my), editor.c (new, edit), application.c (/applications/{id}) */
void page_my(web_request *r);
void page_app_new(web_request *r);
void page_app_create(web_request *r);
void page_app_edit(web_request *r);
void page_app_save(web_request *r);
void page_app_view(web_request *r);
/* applicant/actions.c: every state change posted from a page */
void page_app_action(web_request *r);
/* applicant/receipt.c: 受付票, the print view, and the confirmation of the steps that
 * cannot be taken back (提出, 取下げ, 不採択, 交付決定) */
void page_app_receipt(web_request *r);
void page_app_print(web_request *r);
/* Whether action (with the form's fields) needs a confirmation it has not had. */
bool page_app_needs_confirm(web_request *r, const char *action);
void page_app_confirm(web_request *r, const char *action);
/* support/future_tech.c: 未来技術社会実装事業 (the page and the API handler) */
void page_future_tech(web_request *r);
json_t *api_future_tech(web_request *r, svc_err *err);
/* support/promotion.c: 地方創生推進タイプ */
void page_promotion(web_request *r);
/* support/support.c: 伴走支援の応募要件 */
void page_support(web_request *r);
/* applicant/worksheet.c: 課題分析ワークシート */
void page_worksheet(web_request *r);
/* public/guide.c */
void page_guide(web_request *r);

/* Shared rendering (applicant/check_panel.c): the rules engine's result beside a form — amounts,
 * errors and warnings linked to their fields, and the trace in plain Japanese. */
void page_check_panel(web_request *r, json_t *check, bool link_fields);
/* The message of the first error or warning whose path is path, or NULL. */
const char *page_check_message(json_t *check, const char *path);
/* A service error as a page (status and message, details listed). */
void page_svc_error(web_request *r, const svc_err *e);
/* svc_app_get of r->id (new reference), or NULL with the error page written. */
json_t *page_app_or_error(web_request *r);
/* Japanese label of a status key. */
const char *page_status_label(const char *status);

#endif
