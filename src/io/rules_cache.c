/* rules_cache.c — see rules_cache.h. One mutex: the first caller loads, the others
 * wait for it once; after that each call is a lock and a pointer. Nothing is freed
 * before the process ends (the sets are a few hundred KiB and live as long as it). */
#include "rules_cache.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static arena mem; /* zero-initialized: an empty arena */
static promo_catalog *promotion;
static ft_rules *future_tech;
static finance_rules *finance[2];

#define MAX_SUPPORT_PROGRAMS 16
static struct {
	const char *id;
	support_rules *rules;
} support[MAX_SUPPORT_PROGRAMS];
static size_t n_support;

const promo_catalog *rules_cache_promotion(char *err, size_t errlen)
{
	pthread_mutex_lock(&lock);
	if (promotion == NULL) {
		promo_catalog *c = arena_alloc(&mem, sizeof *c);
		if (c == NULL)
			snprintf(err, errlen, "メモリが足りません");
		else if (promotion_rules_load_embedded(c, &mem, err, errlen) == 0)
			promotion = c;
	}
	const promo_catalog *out = promotion;
	pthread_mutex_unlock(&lock);
	return out;
}

const ft_rules *rules_cache_future_tech(char *err, size_t errlen)
{
	pthread_mutex_lock(&lock);
	if (future_tech == NULL) {
		ft_rules *r = arena_alloc(&mem, sizeof *r);
		if (r == NULL)
			snprintf(err, errlen, "メモリが足りません");
		else if (future_tech_rules_load_embedded(r, &mem, err, errlen) == 0)
			future_tech = r;
	}
	const ft_rules *out = future_tech;
	pthread_mutex_unlock(&lock);
	return out;
}

const finance_rules *rules_cache_finance(bool with_dispatch, char *err, size_t errlen)
{
	pthread_mutex_lock(&lock);
	finance_rules **slot = &finance[with_dispatch ? 1 : 0];
	if (*slot == NULL) {
		finance_rules *r = arena_alloc(&mem, sizeof *r);
		if (r == NULL)
			snprintf(err, errlen, "メモリが足りません");
		else if (finance_rules_load(r, with_dispatch, &mem, err, errlen) == 0)
			*slot = r;
	}
	const finance_rules *out = *slot;
	pthread_mutex_unlock(&lock);
	return out;
}

const support_rules *rules_cache_support(const char *program, char *err, size_t errlen)
{
	const support_rules *out = NULL;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < n_support && out == NULL; i++)
		if (strcmp(support[i].id, program) == 0)
			out = support[i].rules;
	if (out == NULL) {
		/* tried in scratch memory first: a wrong id (it comes from requests) must not
		 * make the shared memory grow; only a set that loads is loaded again to keep */
		arena scratch;
		arena_init(&scratch);
		support_rules probe;
		bool loads = support_rules_load(program, &scratch, &probe, err, errlen) == 0;
		arena_free(&scratch);
		support_rules *r = loads ? arena_alloc(&mem, sizeof *r) : NULL;
		char *id = r ? arena_strdup(&mem, program) : NULL;
		if (loads && (id == NULL || support_rules_load(program, &mem, r, err, errlen) != 0))
			r = NULL;
		if (r && n_support < MAX_SUPPORT_PROGRAMS) {
			support[n_support].id = id;
			support[n_support].rules = r;
			n_support++;
		}
		out = r;
	}
	pthread_mutex_unlock(&lock);
	return out;
}
