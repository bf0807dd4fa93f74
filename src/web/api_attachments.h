/* api_attachments.h — uploads of attachments (issue 13, part 3): the multipart body read
 * as it arrives (MHD_PostProcessor) into an unlinked temporary file while it is hashed,
 * never whole in memory; and the API routes over it. server.c feeds the collector;
 * the handlers and the applicant's page form read what it collected. */
#ifndef DIGIDEN_WEB_API_ATTACHMENTS_H
#define DIGIDEN_WEB_API_ATTACHMENTS_H

#include "../service/attachments.h"
#include "web.h"

/* Multipart headers and the small text parts an upload may carry besides its file. */
#define WEB_UPLOAD_SLACK ((size_t)64 * 1024)

typedef struct web_upload web_upload;

/* Whether a request is an upload: POST /api/v1/applications/{id}/attachments or the
 * page form's POST /applications/{id}/attachments. */
bool web_upload_route(const char *method, const char *url);
/* The largest body an upload may have (the file limit and WEB_UPLOAD_SLACK). */
uint64_t web_upload_body_max(void);
/* A collector for conn's body (NULL when out of memory); not multipart when its
 * Content-Type is not multipart/form-data (then nothing is collected). Freed with
 * web_upload_free (which closes and so removes the temporary file). */
web_upload *web_upload_new(struct MHD_Connection *conn);
/* Feeds the next piece of the body: false to stop reading (the connection is closed). */
bool web_upload_feed(web_upload *u, const char *data, size_t len);
/* The body is in: the parser flushed, the hash finished. */
void web_upload_finish(web_upload *u);
/* Whether the file or the body passed its limit (answered 413, nothing stored). */
bool web_upload_too_big(const web_upload *u);
/* The value of text part name (the first), or NULL. */
const char *web_upload_field(const web_upload *u, const char *name);
void web_upload_free(web_upload *u);

/* The collector of r, or NULL when r is no upload (server.c keeps it beside r). */
web_upload *web_request_upload(web_request *r);
/* A Content-Disposition longer than r->disposition holds (a file name of 200
 * characters, percent-encoded): copied into r's arena; server.c sends it. */
void web_set_long_disposition(web_request *r, const char *value);

/* The upload as svc_attach_add takes it: -1 with err (415 not multipart, 400 no file
 * part or more than one) when there is none. */
int web_upload_as_svc(web_upload *u, svc_upload *out, svc_err *err);
/* attachment; filename="ascii fallback"; filename*=UTF-8''… (RFC 5987) into r. */
void web_attachment_disposition(web_request *r, const char *file_name);

/* The API handlers (docs/api.md, "添付ファイル"). */
json_t *api_attach_upload(web_request *r, svc_err *err);
json_t *api_attach_list(web_request *r, svc_err *err);
json_t *api_attach_download(web_request *r, svc_err *err);
json_t *api_attach_delete(web_request *r, svc_err *err);

#endif
