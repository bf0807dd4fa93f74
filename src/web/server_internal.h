/* server_internal.h — what server.c and server_pages.c share: answering a request
 * (kept until the I/O thread queues it), the route matcher, and the page side of
 * the dispatch. Not for handlers: they fill web_request and return. */
#ifndef DIGIDEN_WEB_SERVER_INTERNAL_H
#define DIGIDEN_WEB_SERVER_INTERNAL_H

#include "web.h"

/* Keeps resp (owned from here on) as r's answer with status. */
enum MHD_Result srv_respond(web_request *r, unsigned status, struct MHD_Response *resp);
/* A JSON error {"error":{code,message}} with status. */
enum MHD_Result srv_send_error(web_request *r, int status, const char *code, const char *message);
/* A public answer just made (status 200, no cookie set), kept for the next readers. */
void srv_cache_answer(web_request *r, int status, const char *data, size_t len, const char *type);
/* The security and cache headers of every HTML answer. */
void srv_html_headers(struct MHD_Response *resp, const char *etag);
/* Whether path matches pattern ({id}, {key}); fills id and key. */
bool srv_match(const char *pattern, const char *path, int64_t *id, char *key, size_t keylen);

/* server_pages.c: the HTML pages and the embedded static files. */
enum MHD_Result srv_send_page(web_request *r);
enum MHD_Result srv_send_static(web_request *r, const char *url);
enum MHD_Result srv_page_dispatch(web_request *r, const char *url, const char *method);

#endif
