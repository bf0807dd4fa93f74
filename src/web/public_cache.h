/* public_cache.h — answers of the public pages and the public API, kept per request
 * target and served again without running a handler (issue 11): the same bytes for
 * every anonymous reader until the published data changes.
 *
 * Each answer is stored with the public change counter it was made at
 * (store_public_seq: triggers on decisions, published decisions, application status,
 * history and rounds keep it), so a decision, an import or a 内示 makes the next reader
 * get a fresh answer; nothing is ever served from before the last change. Every
 * answer carries a strong ETag ("seq-hash"), and If-None-Match gets 304. Bounded:
 * at most PUBLIC_CACHE_ENTRIES answers and PUBLIC_CACHE_BYTES bytes, the least
 * recently used dropped first; and none older than PUBLIC_CACHE_SECONDS, since a page
 * may show whether a round's deadline has passed. Thread-safe (one mutex): the I/O thread reads it,
 * workers fill it. */
#ifndef DIGIDEN_WEB_PUBLIC_CACHE_H
#define DIGIDEN_WEB_PUBLIC_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PUBLIC_CACHE_ENTRIES 512
#define PUBLIC_CACHE_BYTES ((size_t)64 * 1024 * 1024)
#define PUBLIC_ETAG_MAX 48
#define PUBLIC_CACHE_SECONDS 60 /* at most this old, whatever the counter says (deadlines pass) */

/* Whether an anonymous GET of target may be answered from the cache: the public
 * pages (/, /results…, /orgs/…, /menus) and the public API (/api/v1/public/…). */
bool public_cache_target(const char *target);

/* A copy of the answer stored for target at seq: *body (malloc'd, caller frees),
 * its length, content type and ETag. false when there is none at seq. */
bool public_cache_get(const char *target, int64_t seq, char **body, size_t *len, char *type, size_t typelen,
		      char etag[PUBLIC_ETAG_MAX]);

/* Stores a copy of an answer made at seq (replacing any older one of target) and
 * writes its ETag. */
void public_cache_put(const char *target, int64_t seq, const char *body, size_t len, const char *type,
		      char etag[PUBLIC_ETAG_MAX]);

/* The ETag of body made at seq, without storing it. */
void public_cache_etag(int64_t seq, const char *body, size_t len, char etag[PUBLIC_ETAG_MAX]);

#endif
