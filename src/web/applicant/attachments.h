/* attachments.h — the attachments section of the application pages (issue 13, part 3):
 * the list with download links, and for the applicant while the application may change
 * the upload form (multipart, works without JavaScript) and a delete button per file. */
#ifndef DIGIDEN_WEB_APPLICANT_ATTACHMENTS_H
#define DIGIDEN_WEB_APPLICANT_ATTACHMENTS_H

#include "../pages.h"

/* <section id="attachments"> for application r->id as r->user may see it; with
 * can_change the form and the delete buttons (the service still checks). */
void page_attachments_section(web_request *r, bool can_change);
/* POST /applications/{id}/attachments: an upload, or field delete=AID; back to the page. */
void page_app_attachments_post(web_request *r);

#endif
