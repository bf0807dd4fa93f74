/* catalog_all.c — the shipped catalogue (catalog_load_all and the accessors); see
 * catalog.h. One mutex guards the filling of the parts: the first caller of a part
 * loads it, the others wait for it once, and a filled part is never written again.
 * Nothing is freed before the process ends (the sets are a few hundred KiB and live
 * as long as it). */
#include "catalog.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define MAX_SUPPORT_PROGRAMS 16

typedef enum part {
	PART_ROUNDS,
	PART_PROMOTION,
	PART_FUTURE_TECH,
	PART_FINANCE,
	PART_FINANCE_DISPATCH,
	PART_SUPPORT,
	PART__MAX
} part;

/* The support programs' part: every shipped support rule set. */
typedef struct support_set {
	catalog_support items[MAX_SUPPORT_PROGRAMS];
	size_t n;
} support_set;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static arena mem; /* zero-initialized: an empty arena */
static const void *loaded[PART__MAX];
static catalog_all all; /* set once every part is loaded */

static int load_rounds(void *out, char *err, size_t errlen)
{
	if (catalog_load(out, NULL, NULL, err, errlen) == 0)
		return 0;
	catalog_free(out);
	return -1;
}

static int load_promotion(void *out, char *err, size_t errlen)
{
	return promotion_rules_load_embedded(out, &mem, err, errlen);
}

static int load_future_tech(void *out, char *err, size_t errlen)
{
	return future_tech_rules_load_embedded(out, &mem, err, errlen);
}

static int load_finance(void *out, char *err, size_t errlen) { return finance_rules_load(out, false, &mem, err, errlen); }

static int load_finance_dispatch(void *out, char *err, size_t errlen)
{
	return finance_rules_load(out, true, &mem, err, errlen);
}

/* Every embedded rules/<id>.json of the support-rules format, under that id. */
static int load_support(void *out, char *err, size_t errlen)
{
	support_set *s = out;
	for (const embedded_file *f = embedded_files; f->name; f++) {
		size_t l = strlen(f->name);
		if (strncmp(f->name, "rules/", 6) != 0 || l <= 11 || !embedded_has_format(f, SUPPORT_RULES_FORMAT))
			continue;
		if (s->n == MAX_SUPPORT_PROGRAMS) {
			snprintf(err, errlen, "%s: 支援制度のルールセットが多すぎます（%d まで）", f->name, MAX_SUPPORT_PROGRAMS);
			return -1;
		}
		support_rules *r = arena_alloc(&mem, sizeof *r);
		char *id = arena_strndup(&mem, f->name + 6, l - 11);
		if (r == NULL || id == NULL) {
			snprintf(err, errlen, "%s: メモリが足りません", f->name);
			return -1;
		}
		if (support_rules_decode_text(f->data, f->len, f->name, &mem, r, err, errlen) != 0)
			return -1;
		s->items[s->n++] = (catalog_support){ .id = id, .rules = r };
	}
	return 0;
}

static const struct {
	size_t size;
	int (*load)(void *out, char *err, size_t errlen);
} parts[PART__MAX] = {
	[PART_ROUNDS] = { sizeof(catalog), load_rounds },
	[PART_PROMOTION] = { sizeof(promo_catalog), load_promotion },
	[PART_FUTURE_TECH] = { sizeof(ft_rules), load_future_tech },
	[PART_FINANCE] = { sizeof(finance_rules), load_finance },
	[PART_FINANCE_DISPATCH] = { sizeof(finance_rules), load_finance_dispatch },
	[PART_SUPPORT] = { sizeof(support_set), load_support },
};

/* Part k, loaded first when it is not yet; lock held. NULL with err filled. */
static const void *fill(part k, char *err, size_t errlen)
{
	if (loaded[k] == NULL) {
		void *p = arena_alloc(&mem, parts[k].size);
		if (p == NULL)
			snprintf(err, errlen, "メモリが足りません");
		else if (memset(p, 0, parts[k].size), parts[k].load(p, err, errlen) == 0)
			loaded[k] = p;
	}
	return loaded[k];
}

static const void *get(part k, char *err, size_t errlen)
{
	pthread_mutex_lock(&lock);
	const void *out = fill(k, err, errlen);
	pthread_mutex_unlock(&lock);
	return out;
}

const catalog_all *catalog_load_all(char *err, size_t errlen)
{
	pthread_mutex_lock(&lock);
	bool ok = true;
	for (int k = 0; k < PART__MAX && ok; k++)
		ok = fill((part)k, err, errlen) != NULL;
	if (ok && all.rounds == NULL) {
		const support_set *s = loaded[PART_SUPPORT];
		all = (catalog_all){
			.rounds = loaded[PART_ROUNDS],
			.promotion = loaded[PART_PROMOTION],
			.future_tech = loaded[PART_FUTURE_TECH],
			.finance = loaded[PART_FINANCE],
			.finance_dispatch = loaded[PART_FINANCE_DISPATCH],
			.support = s->items,
			.n_support = s->n,
		};
	}
	pthread_mutex_unlock(&lock);
	return ok ? &all : NULL;
}

const catalog *catalog_rounds(char *err, size_t errlen) { return get(PART_ROUNDS, err, errlen); }
const promo_catalog *rules_cache_promotion(char *err, size_t errlen) { return get(PART_PROMOTION, err, errlen); }
const ft_rules *rules_cache_future_tech(char *err, size_t errlen) { return get(PART_FUTURE_TECH, err, errlen); }

const finance_rules *rules_cache_finance(bool with_dispatch, char *err, size_t errlen)
{
	return get(with_dispatch ? PART_FINANCE_DISPATCH : PART_FINANCE, err, errlen);
}

const support_rules *rules_cache_support(const char *program, char *err, size_t errlen)
{
	const support_set *s = get(PART_SUPPORT, err, errlen);
	if (s == NULL)
		return NULL;
	for (size_t i = 0; program != NULL && i < s->n; i++)
		if (strcmp(s->items[i].id, program) == 0)
			return s->items[i].rules;
	/* not shipped: the loader words the refusal (no id, or the ids there are); it
	 * runs in scratch memory, as the id comes from requests */
	arena scratch;
	arena_init(&scratch);
	support_rules probe;
	if (support_rules_load(program, &scratch, &probe, err, errlen) == 0)
		snprintf(err, errlen, "募集回「%s」の応募要件はありません", program);
	arena_free(&scratch);
	return NULL;
}
