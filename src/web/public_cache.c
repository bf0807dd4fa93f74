/* public_cache.c — see public_cache.h. */
#include "public_cache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct entry {
	char *target;
	int64_t seq;
	char *body;
	size_t len;
	char type[64];
	char etag[PUBLIC_ETAG_MAX];
	uint64_t used; /* the clock value of its last use */
	time_t made;   /* pages that show the time (a deadline passing) are remade after PUBLIC_CACHE_SECONDS */
} entry;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static entry entries[PUBLIC_CACHE_ENTRIES];
static size_t n_entries, total_bytes;
static uint64_t clock_now;

bool public_cache_target(const char *target)
{
	static const char *const exact[] = { "/", "/menus", "/results", "/results/prefectures" };
	static const char *const prefixes[] = { "/results?", "/results/prefectures/", "/orgs/", "/menus?", "/api/v1/public/" };
	for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
		if (strcmp(target, exact[i]) == 0)
			return true;
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (strncmp(target, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

void public_cache_etag(int64_t seq, const char *body, size_t len, char etag[PUBLIC_ETAG_MAX])
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a: a fingerprint, not a secret */
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)body[i];
		h *= 1099511628211ULL;
	}
	snprintf(etag, PUBLIC_ETAG_MAX, "\"%lld-%016llx\"", (long long)seq, (unsigned long long)h);
}

static entry *find(const char *target)
{
	for (size_t i = 0; i < n_entries; i++)
		if (strcmp(entries[i].target, target) == 0)
			return &entries[i];
	return NULL;
}

static void drop(entry *e)
{
	total_bytes -= e->len;
	free(e->target);
	free(e->body);
	*e = entries[--n_entries];
}

bool public_cache_get(const char *target, int64_t seq, char **body, size_t *len, char *type, size_t typelen,
		      char etag[PUBLIC_ETAG_MAX])
{
	bool hit = false;
	pthread_mutex_lock(&lock);
	entry *e = find(target);
	if (e && e->seq == seq && time(NULL) - e->made < PUBLIC_CACHE_SECONDS) {
		*body = malloc(e->len ? e->len : 1);
		if (*body) {
			memcpy(*body, e->body, e->len);
			*len = e->len;
			snprintf(type, typelen, "%s", e->type);
			memcpy(etag, e->etag, PUBLIC_ETAG_MAX);
			e->used = ++clock_now;
			hit = true;
		}
	}
	pthread_mutex_unlock(&lock);
	return hit;
}

void public_cache_put(const char *target, int64_t seq, const char *body, size_t len, const char *type,
		      char etag[PUBLIC_ETAG_MAX])
{
	public_cache_etag(seq, body, len, etag);
	if (len > PUBLIC_CACHE_BYTES / 8)
		return; /* too big to keep: served fresh each time */
	char *copy = malloc(len ? len : 1), *key = strdup(target);
	if (copy == NULL || key == NULL) {
		free(copy);
		free(key);
		return;
	}
	memcpy(copy, body, len);
	pthread_mutex_lock(&lock);
	entry *old = find(target);
	if (old && old->seq > seq) { /* a newer answer got there first */
		pthread_mutex_unlock(&lock);
		free(copy);
		free(key);
		return;
	}
	if (old)
		drop(old);
	while (n_entries > 0 && (n_entries == PUBLIC_CACHE_ENTRIES || total_bytes + len > PUBLIC_CACHE_BYTES)) {
		entry *lru = &entries[0];
		for (size_t i = 1; i < n_entries; i++)
			if (entries[i].used < lru->used)
				lru = &entries[i];
		drop(lru);
	}
	entry *e = &entries[n_entries++];
	*e = (entry){ .target = key, .seq = seq, .body = copy, .len = len, .used = ++clock_now, .made = time(NULL) };
	snprintf(e->type, sizeof e->type, "%s", type);
	memcpy(e->etag, etag, PUBLIC_ETAG_MAX);
	total_bytes += len;
	pthread_mutex_unlock(&lock);
}
