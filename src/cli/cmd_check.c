/* cmd_check.c — `digiden check [--json] [-j N] [--rules DIR] [--orgs FILE] FILE...`
 *
 * Checks each application; with several files the per-organization limits across
 * them are checked too. Exit 0 all ok, 1 some application has errors, 2 some input
 * could not be read or parsed at all (then nothing is printed on stdout).
 *
 * Design: two passes over the files, memory independent of their number.
 *  1. Scan: every file is read and parsed (the same strict parser as pass 2), and
 *     its round, organization and menu resolved as check_application() resolves
 *     them. Only a count per (round, organization) group and limit is kept. Any
 *     file that cannot be read or parsed ends the run here with exit 2, before a
 *     byte of stdout — as before, when everything was kept until the end.
 *  2. Check: every file is read, parsed, decoded and checked again, the limits
 *     applied from the counts of pass 1 (check_limits_apply(), what check_limits() does per member:
 *     whether a group is over a limit depends only on the number of its members
 *     named by the limit, never on their other contents), encoded, and dropped.
 *  Both passes run on -j N workers (default: the online cores) over chunks of
 *  consecutive files. In pass 2 a chunk's text goes to one of a ring of buffers and
 *  the main thread writes the buffers in input order; workers wait when they are a
 *  ring ahead of the writer. Memory: the ring, one arena and one read buffer per
 *  worker, and the group table (bounded by rounds × organizations).
 *  A second read costs far less than keeping results (≈10 KiB each) in memory.
 *  Pass 2 checks that it saw the groups pass 1 counted; a file changed between the
 *  passes is reported (exit 2) rather than given wrong limits silently.
 *  Standard input ("-") is read once, in order, and kept for both passes. */
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/check.h"
#include "../io/catalog.h"
#include "../io/json_application.h"
#include "../io/json_result.h"
#include "../io/readfile.h"
#include "commands.h"

static void check_usage(FILE *f)
{
	fputs("使い方: digiden check [--json] [-j N] [--rules DIR] [--orgs FILE] FILE...\n"
	      "  申請書（digiden/application/1 形式のJSON）を判定します。FILE に - で標準入力。\n"
	      "  複数のファイルを渡すと、同じ募集回・同じ団体の申請上限数も判定します。\n"
	      "  --json        機械可読の出力（shared/schema/application.md の形式）\n"
	      "  -j, --jobs N  N 個のスレッドで判定する（既定 コア数。出力は入力の順）\n"
	      "  --rules DIR   組み込みの代わりに DIR/<program>/<round>.json のルールセットを使う\n"
	      "  --orgs FILE   運用者が登録する団体（広域連合・一部事務組合）を追加する\n"
	      "  終了コード: 0 すべて受付可 / 1 エラーのある申請あり / 2 入力を読めない\n",
	      f);
}

__attribute__((format(printf, 2, 3))) static void bprintf(json_buf *b, const char *fmt, ...)
{
	char small[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		(void)json_buf_put(b, small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (big == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	(void)json_buf_put(b, big, (size_t)n);
	free(big);
}

static void print_human(json_buf *out, const check_result *r)
{
	const application *app = r->app;
	char b[64];
	bprintf(out, "■ %s — %s\n", app->title ? app->title : "（事業名なし）", app->label);
	if (r->org)
		bprintf(out, "  団体          %s（%s、%s）\n", r->org->name, r->org->code, org_kind_label(r->org->kind));
	else
		bprintf(out, "  団体          %s\n", app->applicant_code ? app->applicant_code : "（未記入）");
	if (r->rules)
		bprintf(out, "  募集回        %s（%s）\n", r->rules->title, r->rules->id);
	if (r->menu)
		bprintf(out, "  類型          %s\n", r->menu->name);
	if (r->has_project_cost)
		bprintf(out, "  総事業費      %s\n", money_format_yen(r->project_cost_yen, b, sizeof b));
	if (r->has_eligible_cost)
		bprintf(out, "  交付対象事業費 %s\n", money_format_yen(r->eligible_cost_yen, b, sizeof b));
	if (r->has_rate)
		bprintf(out, "  補助率        %s\n", fraction_format(r->rate, b, sizeof b));
	if (r->has_cap) {
		char h[64];
		bprintf(out, "  国費上限      %s（%s）\n", money_format_yen(r->cap_yen, b, sizeof b),
		       money_format_human(r->cap_yen, h, sizeof h));
	}
	if (r->has_national_share)
		bprintf(out, "  国費          %s\n", money_format_yen(r->national_share_yen, b, sizeof b));
	if (r->has_local_share)
		bprintf(out, "  地方負担      %s\n", money_format_yen(r->local_share_yen, b, sizeof b));
	size_t ne = diag_count(&r->diags, DIAG_ERROR), nw = diag_count(&r->diags, DIAG_WARNING);
	bprintf(out, "  判定          %s（エラー %zu件、警告 %zu件）\n", ne ? "このままでは受け付けられません" : "受付可", ne, nw);
	static const char *const heading[DIAG__MAX] = { "エラー", "警告", "情報" };
	for (int s = 0; s < DIAG__MAX; s++) {
		if (diag_count(&r->diags, (diag_severity)s) == 0)
			continue;
		bprintf(out, "  %s:\n", heading[s]);
		for (size_t i = 0; i < r->diags.len; i++) {
			const diag *d = &r->diags.items[i];
			if (d->severity == (diag_severity)s)
				bprintf(out, "    - %s%s%s [%s]\n", d->path, d->path[0] ? ": " : "", d->message, d->code);
		}
	}
	check_trace_labels(r);
	if (r->n_trace) {
		bprintf(out, "  計算の根拠:\n");
		for (size_t i = 0; i < r->n_trace; i++) {
			const trace_step *t = &r->trace[i];
			bprintf(out, "    %zu. %s", i + 1, t->label);
			if (t->source && strcmp(t->source, "application") != 0)
				bprintf(out, " ［%s%s%s%s］", t->source, t->quote ? "「" : "", t->quote ? t->quote : "",
				       t->quote ? "」" : "");
			bprintf(out, "\n");
		}
	}
	bprintf(out, "\n");
}


/* ---- groups: (round, organization) → members named by each limit ------------ */

typedef struct group {
	const rule_set *rules; /* NULL: empty slot */
	const organization *org;
	size_t *counts; /* [rules->n_limits]: members whose menu the limit names (with repeats, as check_limits counts) */
	size_t members;
	atomic_size_t seen; /* pass 2 */
} group;

typedef struct group_table {
	group *slots;
	size_t cap, len; /* cap a power of two */
	arena arena;     /* counts */
	bool oom;
} group_table;

static size_t group_hash(const rule_set *rs, const organization *org, size_t cap)
{
	uintptr_t h = (uintptr_t)rs * 31u + (uintptr_t)org;
	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15u;
	return (size_t)(h >> 7) & (cap - 1);
}

static group *group_find(group_table *t, const rule_set *rs, const organization *org, bool add)
{
	if (t->cap == 0 || (add && (t->len + 1) * 2 > t->cap)) {
		if (!add)
			return NULL;
		size_t ncap = t->cap ? t->cap * 2 : 64;
		group *n = calloc(ncap, sizeof *n);
		if (n == NULL) {
			t->oom = true;
			return NULL;
		}
		for (size_t i = 0; i < t->cap; i++) {
			if (t->slots[i].rules == NULL)
				continue;
			size_t h = group_hash(t->slots[i].rules, t->slots[i].org, ncap);
			while (n[h].rules != NULL)
				h = (h + 1) & (ncap - 1);
			n[h].rules = t->slots[i].rules;
			n[h].org = t->slots[i].org;
			n[h].counts = t->slots[i].counts;
			n[h].members = t->slots[i].members;
		}
		free(t->slots);
		t->slots = n;
		t->cap = ncap;
	}
	size_t h = group_hash(rs, org, t->cap);
	while (t->slots[h].rules != NULL) {
		if (t->slots[h].rules == rs && t->slots[h].org == org)
			return &t->slots[h];
		h = (h + 1) & (t->cap - 1);
	}
	if (!add)
		return NULL;
	group *g = &t->slots[h];
	g->rules = rs;
	g->org = org;
	g->counts = arena_alloc(&t->arena, (rs->n_limits ? rs->n_limits : 1) * sizeof(size_t));
	if (g->counts == NULL) {
		g->rules = NULL;
		t->oom = true;
		return NULL;
	}
	t->len++;
	return g;
}

static void group_add(group_table *t, const rule_set *rs, const organization *org, const rule_menu *menu, size_t times)
{
	group *g = group_find(t, rs, org, true);
	if (g == NULL)
		return;
	g->members += times;
	for (size_t l = 0; l < rs->n_limits; l++)
		g->counts[l] += times * check_limit_names(&rs->limits[l], menu);
}

static void group_table_free(group_table *t)
{
	free(t->slots);
	arena_free(&t->arena);
	memset(t, 0, sizeof *t);
}

/* ---- reading ----------------------------------------------------------- */

typedef struct cached_input { /* a "-" argument, read once */
	int index;
	char *text; /* NULL: problem */
	size_t len;
	char *problem;
} cached_input;

typedef struct run {
	char **paths;
	int nfiles;
	bool as_json, limits;
	const catalog *cat;
	cached_input *stdin_inputs;
	int n_stdin;
	group_table groups; /* filled after pass 1, read-only in pass 2 */
	/* chunks */
	int chunk, nchunks;
	atomic_int next_chunk;
	/* pass 2: the ring */
	pthread_mutex_t mu;
	pthread_cond_t done_cv, free_cv;
	int ring;
	struct slot {
		json_buf out;
		int chunk; /* -1 while empty */
		bool done;
		int bad;     /* results with errors */
		bool failed; /* memory, or a file changed after pass 1: exit 2 */
		bool mismatch;
	} *slots;
	int written; /* chunks written */
} run;

typedef struct worker {
	pthread_t thread;
	run *run;
	arena arena; /* one input at a time */
	char *buf;   /* the read buffer, reused */
	size_t cap;
	group_table groups; /* pass 1 */
	arena problems;
	struct problem {
		int index;
		const char *text;
	} *prob;
	size_t n_prob, cap_prob;
	bool oom;
} worker;

static const cached_input *stdin_input(const run *rn, int i)
{
	for (int k = 0; k < rn->n_stdin; k++)
		if (rn->stdin_inputs[k].index == i)
			return &rn->stdin_inputs[k];
	return NULL;
}

/* Reads input i into the worker's buffer: one fstat and one read for a regular
 * file; anything else (and every error, for its message) through readfile(). */
static int read_input(worker *w, int i, const char **text, size_t *len, char *err, size_t errlen)
{
	const run *rn = w->run;
	const char *path = rn->paths[i];
	if (strcmp(path, "-") == 0) {
		const cached_input *c = stdin_input(rn, i);
		if (c == NULL || c->text == NULL) {
			snprintf(err, errlen, "%s", c && c->problem ? c->problem : "-: 読み込めません");
			return -1;
		}
		*text = c->text;
		*len = c->len;
		return 0;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size <= READFILE_MAX_BYTES) {
		size_t want = (size_t)st.st_size + 2; /* one byte more shows a file that grew */
		if (w->cap < want) {
			char *n = realloc(w->buf, want);
			if (n != NULL) {
				w->buf = n;
				w->cap = want;
			}
		}
		if (w->cap >= want) {
			ssize_t r = read(fd, w->buf, want - 1);
			if (r >= 0 && (size_t)r <= (size_t)st.st_size) {
				close(fd);
				w->buf[r] = '\0';
				*text = w->buf;
				*len = (size_t)r;
				return 0;
			}
		}
	}
	if (fd >= 0)
		close(fd);
	char *data;
	if (readfile(path, READFILE_MAX_BYTES, &data, len, err, errlen) != 0)
		return -1;
	free(w->buf);
	w->buf = data;
	w->cap = *len + 1;
	*text = data;
	return 0;
}

static void add_problem(worker *w, int index, const char *text)
{
	if (w->n_prob == w->cap_prob) {
		size_t ncap = w->cap_prob ? w->cap_prob * 2 : 16;
		struct problem *n = arena_grow(&w->problems, w->prob, w->n_prob, ncap, sizeof *n);
		if (n == NULL) {
			w->oom = true;
			return;
		}
		w->prob = n;
		w->cap_prob = ncap;
	}
	w->prob[w->n_prob++] = (struct problem){ index, text ? text : "メモリが足りません" };
}

/* ---- pass 1 ------------------------------------------------------------ */

static const char *str_member(const jv *o, const char *key)
{
	const jv *v = jv_get(o, key);
	return v && jv_is_string(v) ? v->u.s : NULL;
}

/* Round, organization and menu as check_application() resolves them from what
 * json_application_decode() reads: limits group only fully resolved results. */
static void scan_one(worker *w, int i)
{
	const run *rn = w->run;
	char err[1024];
	const char *text;
	size_t len;
	if (read_input(w, i, &text, &len, err, sizeof err) != 0) {
		add_problem(w, i, arena_strdup(&w->problems, err));
		return;
	}
	jv *root;
	int rc = json_application_parse(text, len, &w->arena, &root, err, sizeof err);
	if (rc != 0) {
		add_problem(w, i, rc < 0 ? arena_printf(&w->problems, "%s: メモリが足りません", rn->paths[i])
					 : arena_printf(&w->problems, "%s: %s", rn->paths[i], err));
		arena_reset(&w->arena);
		return;
	}
	if (rn->limits && jv_is_object(root)) {
		const char *round = str_member(root, "round"), *menu = str_member(root, "menu"), *code = NULL;
		const jv *ap = jv_get(root, "applicant");
		if (ap && jv_is_object(ap))
			code = str_member(ap, "code");
		const rule_set *rs = round ? rules_find(&rn->cat->rules, round) : NULL;
		const rule_menu *m = rs && menu ? rules_find_menu(rs, menu) : NULL;
		const organization *org = code && orgcode_validate(code) == ORGCODE_OK ? org_find(&rn->cat->orgs, code) : NULL;
		if (rs && m && org)
			group_add(&w->groups, rs, org, m, 1);
	}
	arena_reset(&w->arena);
}

/* ---- pass 2 ------------------------------------------------------------ */

/* Checks input i and appends its text to out. Returns 0, or -1 (reported on
 * stderr) when it cannot be read or parsed any more, or memory ran out. */
static int check_one(worker *w, int i, json_buf *out, bool *bad, bool *mismatch)
{
	const run *rn = w->run;
	char err[1024];
	const char *text;
	size_t len;
	int status = 0;
	jv *root = NULL;
	if (read_input(w, i, &text, &len, err, sizeof err) != 0) {
		fprintf(stderr, "digiden check: %s（1回目の読み込みの後に変わりました）\n", err);
		return -1;
	}
	int rc = json_application_parse(text, len, &w->arena, &root, err, sizeof err);
	if (rc != 0) {
		fprintf(stderr, "digiden check: %s: %s\n", rn->paths[i], rc < 0 ? "メモリが足りません" : err);
		arena_reset(&w->arena);
		return -1;
	}
	application *app = arena_alloc(&w->arena, sizeof *app);
	check_result *r = arena_alloc(&w->arena, sizeof *r);
	diag_list dl;
	diag_list_init(&dl, &w->arena);
	if (app == NULL || r == NULL || json_application_decode_jv(root, &w->arena, app, &dl) != 0 ||
	    check_application(app, &dl, &rn->cat->rules, &rn->cat->orgs, &w->arena, r) != 0) {
		fprintf(stderr, "digiden check: %s: メモリが足りません\n", rn->paths[i]);
		arena_reset(&w->arena);
		return -1;
	}
	app->label = rn->paths[i];
	if (rn->limits && r->rules && r->menu && r->org) {
		group *g = group_find((group_table *)&rn->groups, r->rules, r->org, false);
		if (g == NULL)
			*mismatch = true;
		else {
			atomic_fetch_add(&g->seen, 1);
			check_limits_apply(r, g->counts);
		}
	}
	*bad = !check_ok(r);
	if (!rn->as_json) {
		print_human(out, r);
	} else if (rn->nfiles == 1) {
		/* one file: an indented object, as jansson indents it */
		json_t *o = json_result_encode(r);
		char *t = o ? json_dumps(o, JSON_INDENT(2)) : NULL;
		json_decref(o);
		if (t == NULL || json_buf_put(out, t, strlen(t)) != 0 || json_buf_put(out, "\n", 1) != 0)
			status = -1;
		free(t);
	} else if (json_result_write_compact(r, out) != 0 ||
		   json_buf_put(out, i + 1 < rn->nfiles ? ",\n" : "\n", i + 1 < rn->nfiles ? 2 : 1) != 0) {
		status = -1;
	}
	if (status != 0)
		fprintf(stderr, "digiden check: 出力に失敗しました（メモリ不足）\n");
	arena_reset(&w->arena);
	return status;
}

static void *scan_worker(void *arg)
{
	worker *w = arg;
	run *rn = w->run;
	for (;;) {
		int c = atomic_fetch_add(&rn->next_chunk, 1);
		if (c >= rn->nchunks)
			break;
		int end = (c + 1) * rn->chunk < rn->nfiles ? (c + 1) * rn->chunk : rn->nfiles;
		for (int i = c * rn->chunk; i < end; i++)
			scan_one(w, i);
	}
	return NULL;
}

/* Checks chunk c into its ring slot (the caller made sure the slot is free). */
static void check_chunk(worker *w, int c)
{
	run *rn = w->run;
	struct slot *s = &rn->slots[c % rn->ring];
	int end = (c + 1) * rn->chunk < rn->nfiles ? (c + 1) * rn->chunk : rn->nfiles;
	int bad = 0;
	bool failed = false, mismatch = false;
	s->out.len = 0;
	for (int i = c * rn->chunk; i < end; i++) {
		bool b = false;
		if (check_one(w, i, &s->out, &b, &mismatch) != 0)
			failed = true;
		bad += b;
	}
	pthread_mutex_lock(&rn->mu);
	s->bad = bad;
	s->failed = failed;
	s->mismatch = mismatch;
	s->done = true;
	pthread_cond_broadcast(&rn->done_cv);
	pthread_mutex_unlock(&rn->mu);
}

static void *check_worker(void *arg)
{
	worker *w = arg;
	run *rn = w->run;
	for (;;) {
		pthread_mutex_lock(&rn->mu);
		int c = atomic_load(&rn->next_chunk);
		while (c < rn->nchunks && c >= rn->written + rn->ring) {
			pthread_cond_wait(&rn->free_cv, &rn->mu);
			c = atomic_load(&rn->next_chunk);
		}
		if (c >= rn->nchunks) {
			pthread_mutex_unlock(&rn->mu);
			break;
		}
		atomic_store(&rn->next_chunk, c + 1);
		rn->slots[c % rn->ring].chunk = c;
		rn->slots[c % rn->ring].done = false;
		pthread_mutex_unlock(&rn->mu);
		check_chunk(w, c);
	}
	return NULL;
}

/* Starts fn on every worker; returns how many threads started (0: none, the
 * caller does the work itself). */
static int start_workers(worker *ws, int n, void *(*fn)(void *))
{
	int started = 0;
	for (int k = 0; k < n; k++) {
		if (pthread_create(&ws[k].thread, NULL, fn, &ws[k]) != 0)
			break;
		started++;
	}
	return started;
}

static int cmp_problem(const void *a, const void *b)
{
	const struct problem *x = a, *y = b;
	return (x->index > y->index) - (x->index < y->index);
}

static long default_jobs(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	return cpus < 1 ? 1 : cpus;
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "rules", required_argument, NULL, 'r' },
		{ "orgs", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool as_json = false;
	const char *rules_dir = NULL, *orgs = NULL;
	long jobs = default_jobs();
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "j:r:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'J': as_json = true; break;
		case 'j': {
			char *end;
			jobs = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || jobs < 1 || jobs > 256) {
				fprintf(stderr, "digiden check: -j には 1〜256 のスレッド数を指定してください（%s）\n", optarg);
				return EXIT_BAD_INPUT;
			}
			break;
		}
		case 'r': rules_dir = optarg; break;
		case 'o': orgs = optarg; break;
		case 'h': check_usage(stdout); return EXIT_OK;
		default: check_usage(stderr); return EXIT_BAD_INPUT;
		}
	}
	int nfiles = argc - optind;
	if (nfiles <= 0) {
		fprintf(stderr, "digiden check: 申請書のファイルを指定してください\n");
		check_usage(stderr);
		return EXIT_BAD_INPUT;
	}

	char err[1024];
	catalog cat;
	if (catalog_load(&cat, rules_dir, orgs, err, sizeof err) != 0) {
		fprintf(stderr, "digiden check: %s\n", err);
		catalog_free(&cat);
		return EXIT_BAD_INPUT;
	}
	json_object_seed(0); /* before any thread creates objects (jansson thread-safety note) */

	run rn = { .paths = argv + optind, .nfiles = nfiles, .as_json = as_json, .limits = nfiles > 1, .cat = &cat };
	/* chunks small enough to share out, large enough to amortize the locking */
	rn.chunk = nfiles < 256 ? 1 : 32;
	rn.nchunks = (nfiles + rn.chunk - 1) / rn.chunk;
	int nworkers = jobs < rn.nchunks ? (int)jobs : rn.nchunks;
	rn.ring = 4 * nworkers;
	pthread_mutex_init(&rn.mu, NULL);
	pthread_cond_init(&rn.done_cv, NULL);
	pthread_cond_init(&rn.free_cv, NULL);
	int status = EXIT_OK;
	worker *ws = calloc((size_t)nworkers, sizeof *ws);
	rn.slots = calloc((size_t)rn.ring, sizeof *rn.slots);
	arena_init(&rn.groups.arena);
	if (ws == NULL || rn.slots == NULL) {
		fprintf(stderr, "digiden check: メモリが足りません\n");
		status = EXIT_BAD_INPUT;
		goto out;
	}
	for (int k = 0; k < nworkers; k++) {
		ws[k].run = &rn;
		arena_init(&ws[k].arena);
		arena_init(&ws[k].problems);
		arena_init(&ws[k].groups.arena);
	}

	/* standard input: once, in argument order (a second "-" reads an empty stream, as before) */
	for (int i = 0; i < nfiles; i++)
		if (strcmp(rn.paths[i], "-") == 0)
			rn.n_stdin++;
	if (rn.n_stdin > 0) {
		rn.stdin_inputs = calloc((size_t)rn.n_stdin, sizeof *rn.stdin_inputs);
		if (rn.stdin_inputs == NULL) {
			fprintf(stderr, "digiden check: メモリが足りません\n");
			status = EXIT_BAD_INPUT;
			goto out;
		}
		for (int i = 0, k = 0; i < nfiles; i++) {
			if (strcmp(rn.paths[i], "-") != 0)
				continue;
			cached_input *ci = &rn.stdin_inputs[k++];
			ci->index = i;
			if (readfile("-", READFILE_MAX_BYTES, &ci->text, &ci->len, err, sizeof err) != 0)
				ci->problem = strdup(err);
		}
	}

	/* pass 1 */
	atomic_store(&rn.next_chunk, 0);
	int started = start_workers(ws, nworkers, scan_worker);
	if (started == 0)
		scan_worker(&ws[0]);
	for (int k = 0; k < started; k++)
		pthread_join(ws[k].thread, NULL);
	size_t n_prob = 0;
	bool oom = false;
	for (int k = 0; k < nworkers; k++) {
		n_prob += ws[k].n_prob;
		oom = oom || ws[k].oom || ws[k].groups.oom;
		for (size_t g = 0; g < ws[k].groups.cap; g++) {
			const group *wg = &ws[k].groups.slots[g];
			if (wg->rules == NULL)
				continue;
			group *m = group_find(&rn.groups, wg->rules, wg->org, true);
			if (m == NULL)
				continue;
			m->members += wg->members;
			for (size_t l = 0; l < wg->rules->n_limits; l++)
				m->counts[l] += wg->counts[l];
		}
		group_table_free(&ws[k].groups);
	}
	if (oom || rn.groups.oom) {
		fprintf(stderr, "digiden check: メモリが足りません\n");
		status = EXIT_BAD_INPUT;
		goto out;
	}
	if (n_prob > 0) {
		struct problem *all = malloc(n_prob * sizeof *all);
		if (all == NULL) {
			fprintf(stderr, "digiden check: メモリが足りません\n");
		} else {
			size_t n = 0;
			for (int k = 0; k < nworkers; k++)
				for (size_t j = 0; j < ws[k].n_prob; j++)
					all[n++] = ws[k].prob[j];
			qsort(all, n, sizeof *all, cmp_problem);
			for (size_t j = 0; j < n; j++)
				fprintf(stderr, "digiden check: %s\n", all[j].text);
			free(all);
		}
		status = EXIT_BAD_INPUT;
		goto out;
	}

	/* pass 2 */
	for (int k = 0; k < rn.ring; k++)
		rn.slots[k].chunk = -1;
	atomic_store(&rn.next_chunk, 0);
	rn.written = 0;
	if (as_json && nfiles > 1)
		fputs("[\n", stdout);
	started = start_workers(ws, nworkers, check_worker);
	int bad = 0;
	bool failed = false, mismatch = false;
	for (int ch = 0; ch < rn.nchunks; ch++) {
		struct slot *s = &rn.slots[ch % rn.ring];
		if (started == 0) {
			/* no thread: this one does the work, chunk by chunk */
			atomic_store(&rn.next_chunk, ch + 1);
			s->chunk = ch;
			check_chunk(&ws[0], ch);
		}
		pthread_mutex_lock(&rn.mu);
		while (!(s->chunk == ch && s->done))
			pthread_cond_wait(&rn.done_cv, &rn.mu);
		pthread_mutex_unlock(&rn.mu);
		fwrite(s->out.data, 1, s->out.len, stdout);
		bad += s->bad;
		failed = failed || s->failed;
		mismatch = mismatch || s->mismatch;
		pthread_mutex_lock(&rn.mu);
		s->done = false;
		s->chunk = -1;
		rn.written = ch + 1;
		pthread_cond_broadcast(&rn.free_cv);
		pthread_mutex_unlock(&rn.mu);
	}
	for (int k = 0; k < started; k++)
		pthread_join(ws[k].thread, NULL);
	if (as_json && nfiles > 1)
		fputs("]\n", stdout);
	else if (!as_json && nfiles > 1)
		printf("%d件中 %d件が受付可、%d件にエラーがあります\n", nfiles, nfiles - bad, bad);
	for (size_t g = 0; g < rn.groups.cap; g++)
		if (rn.groups.slots[g].rules != NULL && atomic_load(&rn.groups.slots[g].seen) != rn.groups.slots[g].members)
			mismatch = true;
	if (mismatch) {
		fprintf(stderr, "digiden check: 1回目と2回目の読み込みで申請書が変わりました（申請上限数の判定が不正確です）\n");
		failed = true;
	}
	status = failed ? EXIT_BAD_INPUT : bad ? EXIT_RULE_ERRORS : EXIT_OK;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "digiden check: 出力に失敗しました\n");
		status = EXIT_BAD_INPUT;
	}
out:
	for (int k = 0; ws && k < nworkers; k++) {
		arena_free(&ws[k].arena);
		arena_free(&ws[k].problems);
		group_table_free(&ws[k].groups);
		free(ws[k].buf);
	}
	for (int k = 0; rn.slots && k < rn.ring; k++)
		free(rn.slots[k].out.data);
	for (int k = 0; rn.stdin_inputs && k < rn.n_stdin; k++) {
		free(rn.stdin_inputs[k].text);
		free(rn.stdin_inputs[k].problem);
	}
	free(rn.stdin_inputs);
	group_table_free(&rn.groups);
	free(rn.slots);
	free(ws);
	pthread_cond_destroy(&rn.free_cv);
	pthread_cond_destroy(&rn.done_cv);
	pthread_mutex_destroy(&rn.mu);
	catalog_free(&cat);
	return status;
}
