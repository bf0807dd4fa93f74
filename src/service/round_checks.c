/* round_checks.c — see round_checks.h. */
#include "round_checks.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../io/json_application.h"

struct svc_round_checks {
	int64_t round_id, seq;
	int refs;
	bool stale; /* replaced by a newer pass: freed when the last reader releases it */
	arena mem;
	svc_check_row *rows; /* ordered by id */
	size_t n;
};

/* The process's passes, one per round (a handful of rounds: a list is enough). */
#define MAX_CACHED_ROUNDS 64
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static svc_round_checks *cache[MAX_CACHED_ROUNDS];

static void entry_free(svc_round_checks *c)
{
	arena_free(&c->mem);
	free(c);
}

void svc_round_checks_release(svc_round_checks *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&cache_lock);
	bool last = --c->refs == 0 && c->stale;
	pthread_mutex_unlock(&cache_lock);
	if (last)
		entry_free(c);
}

static bool counted_by_limits(const char *status)
{
	static const char *const counted[] = { "submitted", "screened", "under_review", "adopted", "naiji", "granted" };
	for (size_t i = 0; i < sizeof counted / sizeof counted[0]; i++)
		if (strcmp(status, counted[i]) == 0)
			return true;
	return false;
}

/* What the limits need of one application, and what its own check found. */
typedef struct pass_item {
	int64_t id;
	bool counted;
	check_result stub; /* rules, menu, org; diags/trace get the limits' findings */
	size_t base_errors;
	bool has_ns;
	int64_t ns;
	const char *fields;
} pass_item;

static int cmp_org(const void *pa, const void *pb)
{
	const pass_item *a = *(pass_item *const *)pa, *b = *(pass_item *const *)pb;
	return strcmp(a->stub.org->code, b->stub.org->code);
}

/* The limit findings of a stub, as the row's hits (the k-th LIMIT_EXCEEDED error goes
 * with the k-th limits.* trace step: check_limits writes them in pairs). */
static void take_hits(arena *mem, const check_result *stub, svc_check_row *row)
{
	size_t n = diag_count(&stub->diags, DIAG_ERROR);
	row->errors += n;
	if (n == 0)
		return;
	svc_limit_hit *hits = arena_alloc(mem, n * sizeof *hits);
	if (hits == NULL)
		return;
	size_t k = 0, step = 0;
	for (size_t i = 0; i < stub->diags.len; i++) {
		const diag *d = &stub->diags.items[i];
		if (d->severity != DIAG_ERROR || strcmp(d->code, "LIMIT_EXCEEDED") != 0)
			continue;
		while (step < stub->n_trace && strncmp(stub->trace[step].rule, "limits.", 7) != 0)
			step++;
		svc_limit_hit h = { .count = -1, .max = -1, .message = d->message };
		if (step < stub->n_trace) {
			if (sscanf(stub->trace[step].value, "%d/%d", &h.count, &h.max) != 2)
				h.count = h.max = -1;
			step++;
		}
		hits[k++] = h;
	}
	row->hits = hits;
	row->n_hits = k;
}

/* "|a|b|" of app's fields in mem ("" when none or out of memory). */
static const char *fields_joined(arena *mem, const application *app)
{
	if (app == NULL || app->n_fields == 0)
		return "";
	size_t len = 2;
	for (size_t i = 0; i < app->n_fields; i++)
		len += strlen(app->fields[i]) + 1;
	char *out = arena_alloc(mem, len), *p = out;
	if (out == NULL)
		return "";
	*p++ = '|';
	for (size_t i = 0; i < app->n_fields; i++) {
		size_t l = strlen(app->fields[i]);
		memcpy(p, app->fields[i], l);
		p += l;
		*p++ = '|';
	}
	*p = '\0';
	return out;
}

/* Computes the pass for round_id on s's own store connection. */
static svc_round_checks *compute(svc *s, int64_t round_id, int64_t seq, svc_err *err)
{
	svc_round_checks *c = calloc(1, sizeof *c);
	if (c == NULL) {
		svc_fail(err, 500, "NOMEM", "メモリが足りません");
		return NULL;
	}
	c->round_id = round_id;
	c->seq = seq;
	arena_init(&c->mem);
	arena tmp;
	arena_init(&tmp);
	const rule_set *rs = svc_round_rules(s, round_id, &tmp, err);
	store_app *apps;
	size_t n;
	if (rs == NULL)
		goto fail;
	if (store_app_list(s->st, SCOPE_ROUND_ALL, NULL, round_id, &tmp, &apps, &n) != STORE_OK) {
		svc_fail(err, 500, "DATABASE", "データベースの処理に失敗しました（%s）", store_errmsg(s->st));
		goto fail;
	}
	pass_item *items = arena_alloc(&tmp, (n ? n : 1) * sizeof *items);
	c->rows = arena_alloc(&c->mem, (n ? n : 1) * sizeof *c->rows);
	if (items == NULL || c->rows == NULL)
		goto nomem;
	/* each application once: decode, check, keep the summary and the limit inputs */
	for (size_t i = 0; i < n; i++) {
		pass_item *it = &items[i];
		it->id = apps[i].id;
		it->counted = counted_by_limits(apps[i].status);
		arena one;
		arena_init(&one);
		check_result r;
		json_t *root = json_loadb(apps[i].body, strlen(apps[i].body), 0, NULL);
		int rc = root ? svc_check_one(s, root, rs, &one, &r) : -1;
		json_decref(root);
		if (rc == 0) {
			it->base_errors = diag_count(&r.diags, DIAG_ERROR);
			it->has_ns = r.has_national_share;
			it->ns = r.national_share_yen;
			it->stub = (check_result){ .rules = r.rules, .menu = r.menu, .org = r.org, .arena = &c->mem };
			it->fields = fields_joined(&c->mem, r.app);
		} else {
			it->base_errors = 1; /* unreadable: counted as an error, left out of the limits */
		}
		diag_list_init(&it->stub.diags, &c->mem);
		arena_free(&one);
	}
	/* the limits: once over the counted ones (check_limits groups by organization) */
	check_result **ptrs = arena_alloc(&tmp, (n ? n : 1) * sizeof *ptrs);
	pass_item **by_org = arena_alloc(&tmp, (n ? n : 1) * sizeof *by_org);
	if (ptrs == NULL || by_org == NULL)
		goto nomem;
	size_t m = 0, n_by_org = 0;
	for (size_t i = 0; i < n; i++)
		if (items[i].counted && items[i].stub.org != NULL) {
			ptrs[m++] = &items[i].stub;
			by_org[n_by_org++] = &items[i];
		}
	check_limits(ptrs, m, &tmp);
	/* one not counted: as if it joined its organization's counted ones */
	qsort(by_org, n_by_org, sizeof *by_org, cmp_org);
	for (size_t i = 0; i < n; i++) {
		pass_item *it = &items[i];
		if (it->counted || it->stub.org == NULL || it->stub.menu == NULL)
			continue;
		pass_item key = { .stub = { .org = it->stub.org } }, *kp = &key;
		pass_item **lo = bsearch(&kp, by_org, n_by_org, sizeof *by_org, cmp_org);
		size_t first = lo ? (size_t)(lo - by_org) : 0, last = first;
		if (lo) {
			while (first > 0 && strcmp(by_org[first - 1]->stub.org->code, it->stub.org->code) == 0)
				first--;
			while (last < n_by_org && strcmp(by_org[last]->stub.org->code, it->stub.org->code) == 0)
				last++;
		}
		/* copies with empty findings, so the counted ones keep their own; in one array,
		 * the application first (its input position decides the order of its group) */
		size_t k = 1 + (last - first);
		check_result *group = arena_alloc(&tmp, k * sizeof *group);
		check_result **gp = arena_alloc(&tmp, k * sizeof *gp);
		if (group == NULL || gp == NULL)
			goto nomem;
		group[0] = it->stub;
		for (size_t j = first; j < last; j++) {
			group[1 + j - first] = (check_result){ .rules = by_org[j]->stub.rules, .menu = by_org[j]->stub.menu,
							       .org = by_org[j]->stub.org, .arena = &tmp };
			diag_list_init(&group[1 + j - first].diags, &tmp);
		}
		for (size_t j = 0; j < k; j++)
			gp[j] = &group[j];
		check_limits(gp, k, &tmp);
		it->stub = group[0];
	}
	for (size_t i = 0; i < n; i++) {
		svc_check_row *row = &c->rows[i];
		*row = (svc_check_row){ .id = items[i].id,
					.has_national_share = items[i].has_ns,
					.national_share_yen = items[i].ns,
					.errors = items[i].base_errors,
					.fields = items[i].fields ? items[i].fields : "" };
		take_hits(&c->mem, &items[i].stub, row);
	}
	c->n = n;
	arena_free(&tmp);
	return c;
nomem:
	svc_fail(err, 500, "NOMEM", "メモリが足りません");
fail:
	arena_free(&tmp);
	entry_free(c);
	return NULL;
}

svc_round_checks *svc_round_checks_get(svc *s, const svc_user *actor, const char *round_key, svc_err *err)
{
	if (actor->role != ROLE_SECRETARIAT && actor->role != ROLE_ADMIN) {
		svc_fail(err, 403, "FORBIDDEN", "募集回全体の判定を見られるのは事務局・管理者だけです");
		return NULL;
	}
	arena a;
	arena_init(&a);
	store_round r;
	int64_t seq = 0;
	store_rc rc = store_round_by_key(s->st, round_key, &a, &r);
	if (rc == STORE_OK)
		rc = store_round_change_seq(s->st, r.id, &seq);
	arena_free(&a);
	if (rc == STORE_NOT_FOUND) {
		svc_fail(err, 404, "NOT_FOUND", "募集回「%s」はありません", round_key);
		return NULL;
	}
	if (rc != STORE_OK) {
		svc_fail(err, 500, "DATABASE", "データベースの処理に失敗しました（%s）", store_errmsg(s->st));
		return NULL;
	}
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < MAX_CACHED_ROUNDS; i++)
		if (cache[i] && cache[i]->round_id == r.id && cache[i]->seq == seq) {
			cache[i]->refs++;
			svc_round_checks *hit = cache[i];
			pthread_mutex_unlock(&cache_lock);
			return hit;
		}
	pthread_mutex_unlock(&cache_lock);
	/* not there (or older): compute outside the lock, then install */
	svc_round_checks *c = compute(s, r.id, seq, err);
	if (c == NULL)
		return NULL;
	c->refs = 1;
	pthread_mutex_lock(&cache_lock);
	size_t slot = MAX_CACHED_ROUNDS, empty = MAX_CACHED_ROUNDS;
	for (size_t i = 0; i < MAX_CACHED_ROUNDS; i++) {
		if (cache[i] && cache[i]->round_id == r.id)
			slot = i;
		else if (cache[i] == NULL && empty == MAX_CACHED_ROUNDS)
			empty = i;
	}
	if (slot == MAX_CACHED_ROUNDS)
		slot = empty;
	svc_round_checks *old = slot < MAX_CACHED_ROUNDS ? cache[slot] : NULL;
	bool free_old = false;
	if (old && old->seq > seq) {
		/* another worker installed a newer pass meanwhile: keep it, ours is this reader's alone */
		c->stale = true;
	} else if (slot < MAX_CACHED_ROUNDS) {
		cache[slot] = c;
		c->refs++; /* the cache's own reference */
		if (old) {
			old->stale = true;
			free_old = --old->refs == 0;
		}
	} else {
		c->stale = true; /* no slot: used once */
	}
	pthread_mutex_unlock(&cache_lock);
	if (free_old)
		entry_free(old);
	return c;
}

static int cmp_row_id(const void *key, const void *elem)
{
	int64_t id = *(const int64_t *)key, other = ((const svc_check_row *)elem)->id;
	return (id > other) - (id < other);
}

const svc_check_row *svc_round_checks_find(const svc_round_checks *c, int64_t id)
{
	return c && c->n ? bsearch(&id, c->rows, c->n, sizeof *c->rows, cmp_row_id) : NULL;
}

bool svc_check_row_has_field(const svc_check_row *row, const char *field)
{
	size_t l = field ? strlen(field) : 0;
	for (const char *p = l && row && row->fields ? strstr(row->fields, field) : NULL; p; p = strstr(p + 1, field))
		if (p[-1] == '|' && p[l] == '|')
			return true;
	return false;
}
