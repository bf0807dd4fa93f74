/* cmd_check.c — `digiden check [--json] [--rules DIR] [--orgs FILE] FILE...`
 *
 * Checks each application; with several files the per-organization limits across
 * them are checked too. Exit 0 all ok, 1 some application has errors, 2 some input
 * could not be read or parsed at all (then nothing is printed on stdout). */
#include <getopt.h>
#include <pthread.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/check.h"
#include "../io/catalog.h"
#include "../io/json_application.h"
#include "../io/json_result.h"
#include "../io/readfile.h"
#include "commands.h"

static void check_usage(FILE *f)
{
	fputs("使い方: digiden check [--json] [--rules DIR] [--orgs FILE] FILE...\n"
	      "  申請書（digiden/application/1 形式のJSON）を判定します。FILE に - で標準入力。\n"
	      "  複数のファイルを渡すと、同じ募集回・同じ団体の申請上限数も判定します。\n"
	      "  --json        機械可読の出力（shared/schema/application.md の形式）\n"
	      "  --rules DIR   組み込みの代わりに DIR/<program>/<round>.json のルールセットを使う\n"
	      "  --orgs FILE   運用者が登録する団体（広域連合・一部事務組合）を追加する\n"
	      "  終了コード: 0 すべて受付可 / 1 エラーのある申請あり / 2 入力を読めない\n",
	      f);
}

static void print_human(const check_result *r)
{
	const application *app = r->app;
	char b[64];
	printf("■ %s — %s\n", app->title ? app->title : "（事業名なし）", app->label);
	if (r->org)
		printf("  団体          %s（%s、%s）\n", r->org->name, r->org->code, org_kind_label(r->org->kind));
	else
		printf("  団体          %s\n", app->applicant_code ? app->applicant_code : "（未記入）");
	if (r->rules)
		printf("  募集回        %s（%s）\n", r->rules->title, r->rules->id);
	if (r->menu)
		printf("  類型          %s\n", r->menu->name);
	if (r->has_project_cost)
		printf("  総事業費      %s\n", money_format_yen(r->project_cost_yen, b, sizeof b));
	if (r->has_eligible_cost)
		printf("  交付対象事業費 %s\n", money_format_yen(r->eligible_cost_yen, b, sizeof b));
	if (r->has_rate)
		printf("  補助率        %s\n", fraction_format(r->rate, b, sizeof b));
	if (r->has_cap) {
		char h[64];
		printf("  国費上限      %s（%s）\n", money_format_yen(r->cap_yen, b, sizeof b),
		       money_format_human(r->cap_yen, h, sizeof h));
	}
	if (r->has_national_share)
		printf("  国費          %s\n", money_format_yen(r->national_share_yen, b, sizeof b));
	if (r->has_local_share)
		printf("  地方負担      %s\n", money_format_yen(r->local_share_yen, b, sizeof b));
	size_t ne = diag_count(&r->diags, DIAG_ERROR), nw = diag_count(&r->diags, DIAG_WARNING);
	printf("  判定          %s（エラー %zu件、警告 %zu件）\n", ne ? "このままでは受け付けられません" : "受付可", ne, nw);
	static const char *const heading[DIAG__MAX] = { "エラー", "警告", "情報" };
	for (int s = 0; s < DIAG__MAX; s++) {
		if (diag_count(&r->diags, (diag_severity)s) == 0)
			continue;
		printf("  %s:\n", heading[s]);
		for (size_t i = 0; i < r->diags.len; i++) {
			const diag *d = &r->diags.items[i];
			if (d->severity == (diag_severity)s)
				printf("    - %s%s%s [%s]\n", d->path, d->path[0] ? ": " : "", d->message, d->code);
		}
	}
	if (r->n_trace) {
		printf("  計算の根拠:\n");
		for (size_t i = 0; i < r->n_trace; i++) {
			const trace_step *t = &r->trace[i];
			printf("    %zu. %s", i + 1, t->label);
			if (t->source && strcmp(t->source, "application") != 0)
				printf(" ［%s%s%s%s］", t->source, t->quote ? "「" : "", t->quote ? t->quote : "",
				       t->quote ? "」" : "");
			printf("\n");
		}
	}
	printf("\n");
}

/* One input's state, filled by a worker thread. */
typedef struct input_slot {
	const char *path;
	char *problem; /* unreadable/unparsable: message for stderr (worker arena) */
	bool oom;
} input_slot;

typedef struct worker {
	pthread_t thread;
	int first, step, n;
	arena arena; /* everything decoded by this worker lives here */
	input_slot *slots;
	check_result *results;
	const catalog *cat;
} worker;

/* Reads, decodes and checks inputs first, first+step, … (each index touched by
 * exactly one worker, so no locking). */
static void *work(void *arg)
{
	worker *w = arg;
	for (int i = w->first; i < w->n; i += w->step) {
		input_slot *s = &w->slots[i];
		char err[1024];
		char *text = NULL;
		size_t len = 0;
		if (readfile(s->path, READFILE_MAX_BYTES, &text, &len, err, sizeof err) != 0) {
			s->problem = arena_strdup(&w->arena, err);
			continue;
		}
		json_t *root = json_parse_text(text, len, err, sizeof err);
		free(text);
		if (root == NULL) {
			s->problem = arena_printf(&w->arena, "%s: %s", s->path, err);
			continue;
		}
		application *app = arena_alloc(&w->arena, sizeof *app);
		diag_list dl;
		diag_list_init(&dl, &w->arena);
		if (app == NULL || json_application_decode(root, &w->arena, app, &dl) != 0 ||
		    check_application(app, &dl, &w->cat->rules, &w->cat->orgs, &w->arena, &w->results[i]) != 0)
			s->oom = true;
		else
			app->label = s->path;
		json_decref(root);
	}
	return NULL;
}

/* Phase 2 of a worker: encodes its results as compact JSON text (after the limits). */
typedef struct encoder {
	pthread_t thread;
	int first, step, n;
	const check_result *results;
	char **json_text; /* malloc'd by json_dumps; NULL on failure */
} encoder;

static void *encode(void *arg)
{
	encoder *e = arg;
	for (int i = e->first; i < e->n; i += e->step) {
		json_t *o = json_result_encode(&e->results[i]);
		e->json_text[i] = o ? json_dumps(o, JSON_COMPACT) : NULL;
		json_decref(o);
	}
	return NULL;
}

/* Encodes every result on nworkers threads; json_text[i] is NULL where memory ran out. */
static void encode_all(const check_result *results, int n, int nworkers, char **json_text)
{
	encoder single, *es = calloc((size_t)nworkers, sizeof *es);
	if (es == NULL) {
		nworkers = 1;
		es = &single;
	}
	for (int k = 0; k < nworkers; k++)
		es[k] = (encoder){ .first = k, .step = nworkers, .n = n, .results = results, .json_text = json_text };
	int started = 0;
	for (int k = 1; k < nworkers; k++, started++)
		if (pthread_create(&es[k].thread, NULL, encode, &es[k]) != 0)
			break;
	encode(&es[0]);
	for (int k = 1; k <= started; k++)
		pthread_join(es[k].thread, NULL);
	for (int k = started + 1; k < nworkers; k++)
		encode(&es[k]);
	if (es != &single)
		free(es);
}

/* Number of worker threads: the CPUs we may use, at most 8, and no more than inputs. */
static int worker_count(int nfiles)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int n = cpus < 1 ? 1 : cpus > 8 ? 8 : (int)cpus;
	return nfiles < 64 ? 1 : n;
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "rules", required_argument, NULL, 'r' },
		{ "orgs", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool as_json = false;
	const char *rules_dir = NULL, *orgs = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "jr:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': as_json = true; break;
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

	int status = EXIT_OK, nworkers = worker_count(nfiles);
	input_slot *slots = calloc((size_t)nfiles, sizeof *slots);
	check_result *results = calloc((size_t)nfiles, sizeof *results);
	check_result **ptrs = calloc((size_t)nfiles, sizeof *ptrs);
	worker *workers = calloc((size_t)nworkers, sizeof *workers);
	arena scratch;
	arena_init(&scratch);
	if (!slots || !results || !ptrs || !workers) {
		fprintf(stderr, "digiden check: メモリが足りません\n");
		status = EXIT_BAD_INPUT;
		goto out;
	}
	for (int i = 0; i < nfiles; i++) {
		slots[i].path = argv[optind + i];
		ptrs[i] = &results[i];
	}
	for (int k = 0; k < nworkers; k++) {
		workers[k] = (worker){ .first = k, .step = nworkers, .n = nfiles, .slots = slots, .results = results, .cat = &cat };
		arena_init(&workers[k].arena);
	}
	int started = 0;
	for (int k = 1; k < nworkers; k++, started++)
		if (pthread_create(&workers[k].thread, NULL, work, &workers[k]) != 0)
			break;
	/* the main thread is worker 0; any worker that could not start runs here too */
	work(&workers[0]);
	for (int k = 1; k <= started; k++)
		pthread_join(workers[k].thread, NULL);
	for (int k = started + 1; k < nworkers; k++)
		work(&workers[k]);

	bool unreadable = false;
	for (int i = 0; i < nfiles; i++) {
		if (slots[i].problem) {
			fprintf(stderr, "digiden check: %s\n", slots[i].problem);
			unreadable = true;
		} else if (slots[i].oom) {
			fprintf(stderr, "digiden check: %s: メモリが足りません\n", slots[i].path);
			unreadable = true;
		}
	}
	if (unreadable) {
		status = EXIT_BAD_INPUT;
		goto out;
	}
	if (nfiles > 1)
		check_limits(ptrs, (size_t)nfiles, &scratch);
	for (int i = 0; i < nfiles; i++)
		if (!check_ok(&results[i]))
			status = EXIT_RULE_ERRORS;

	if (as_json) {
		/* one file: an indented object; several: an array, one compact object per line */
		if (nfiles == 1) {
			json_t *o = json_result_encode(&results[0]);
			if (o == NULL || json_dumpf(o, stdout, JSON_INDENT(2)) != 0)
				status = EXIT_BAD_INPUT;
			json_decref(o);
			fputs("\n", stdout);
		} else {
			char **text = calloc((size_t)nfiles, sizeof *text);
			if (text == NULL) {
				status = EXIT_BAD_INPUT;
			} else {
				encode_all(results, nfiles, nworkers, text);
				fputs("[\n", stdout);
				for (int i = 0; i < nfiles; i++) {
					if (text[i] == NULL)
						status = EXIT_BAD_INPUT;
					else
						fputs(text[i], stdout);
					fputs(i + 1 < nfiles ? ",\n" : "\n", stdout);
					free(text[i]);
				}
				fputs("]\n", stdout);
				free(text);
			}
		}
		if (status == EXIT_BAD_INPUT) {
			fprintf(stderr, "digiden check: 出力に失敗しました（メモリ不足）\n");
			goto out;
		}
	} else {
		for (int i = 0; i < nfiles; i++)
			print_human(&results[i]);
		if (nfiles > 1) {
			int bad = 0;
			for (int i = 0; i < nfiles; i++)
				bad += !check_ok(&results[i]);
			printf("%d件中 %d件が受付可、%d件にエラーがあります\n", nfiles, nfiles - bad, bad);
		}
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "digiden check: 出力に失敗しました\n");
		status = EXIT_BAD_INPUT;
	}
out:
	for (int k = 0; workers && k < nworkers; k++)
		arena_free(&workers[k].arena);
	arena_free(&scratch);
	free(workers);
	free(ptrs);
	free(results);
	free(slots);
	catalog_free(&cat);
	return status;
}
