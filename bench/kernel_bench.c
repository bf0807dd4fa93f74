/* kernel_bench.c — the rules kernel alone: a decoded application in, a check result
 * out (check_application), no I/O, no JSON. The applications are the benchmark mix of
 * bench/gen_apps.c (TYPE1/2/3, 横展開, テレワーク over 12 organizations), decoded once;
 * the loop then checks them round-robin on one thread, the result's arena reset
 * between applications as `digiden check` does. Prints applications per second per
 * core (the best of 5 runs of about 0.2 s each) and the goal.
 *
 * Usage: kernel_bench [SECONDS_PER_RUN] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/core/check.h"
#include "../src/io/catalog.h"
#include "../src/io/json_application.h"

#define N_APPS 84 /* 7 menus × 12 organizations */

static const char *const orgs[] = { "042072", "040002", "131016", "011002", "271004", "401307",
				    "202011", "100005", "342025", "472018", "014036", "262013" };
static const char *const menus[] = { "type1", "type1", "type1", "type2", "type3", "mnc_expansion", "telework_high" };

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static char *app_text(int i)
{
	const char *menu = menus[i % 7];
	const char *org = orgs[(i / 7) % 12];
	long amount = 1000000L + (i * 7919L) % 300000000L;
	char *t = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&t, &n);
	if (f == NULL)
		return NULL;
	fprintf(f,
		"{\"format\":\"digiden/application/1\",\"round\":\"digital-implementation/fy2022-supp\",\"menu\":\"%s\","
		"\"applicant\":{\"code\":\"%s\"},\"title\":\"ベンチマーク事業%d\",\"fields\":[\"administration\"],"
		"\"summary\":\"課題と効果\",\"services\":[{\"name\":\"書かない窓口\",\"model\":\"m\",\"target\":\"住民\",\"area\":\"全域\","
		"\"cost_items\":[{\"category\":\"委託料\",\"description\":\"システム導入\",\"amount_yen\":%ld,\"eligible\":true},"
		"{\"category\":\"備品購入費\",\"description\":\"端末\",\"amount_yen\":\"1,200万円\",\"eligible\":true},"
		"{\"category\":\"職員人件費\",\"description\":\"\",\"amount_yen\":2000000,\"eligible\":false}]},"
		"{\"name\":\"地域アプリ\",\"cost_items\":[{\"category\":\"委託料\",\"description\":\"アプリ\",\"amount_yen\":\"179,293千円\",\"eligible\":true}]}],"
		"\"kpis\":[{\"name\":\"利用者数\",\"unit\":\"人\",\"baseline\":{\"fiscal_year\":2022,\"value\":100},\"targets\":[{\"fiscal_year\":2025,\"value\":500}]}],"
		"\"consortium\":[{\"name\":\"〇〇株式会社\",\"kind\":\"private\",\"role\":\"運用\"}],"
		"\"running_costs\":[{\"fiscal_year\":2024,\"amount_yen\":6000000,\"source\":\"一般財源\"}],"
		"\"pdca\":{\"frequency\":\"四半期\",\"external_evaluation\":true,\"method\":\"アンケート\"},"
		"\"data_platform\":{\"policy\":\"existing_open\",\"services_linked\":[\"書かない窓口\",\"地域アプリ\"]},"
		"\"mynumber_card\":{\"new_uses\":[\"図書館カード\"],\"application_rate\":\"0.72\",\"rate_as_of\":\"2023-01-31\"},"
		"\"telework\":%s,"
		"\"declarations\":{\"primary_purpose_staff_efficiency\":false,\"demonstration_only\":false,\"multi_year_build\":false,"
		"\"one_off_event\":false,\"ict_purchase_subsidy_without_service\":false,\"smartphone_class_or_staffing\":false,"
		"\"wifi_or_devices_primary\":false}}\n",
		menu, org, i, amount,
		i % 7 == 6 ? "{\"facilities\":[{\"kind\":\"municipal\",\"name\":\"SO\",\"cost_yen\":95000000}],\"promotion_cost_yen\":5000000,"
			     "\"companies\":[{\"name\":\"A社\",\"support_yen\":1000000}],\"settlement_projects\":[]}"
			   : "null");
	return fclose(f) == 0 ? t : NULL;
}

int main(int argc, char **argv)
{
	double per_run = argc > 1 ? atof(argv[1]) : 0.2;
	char err[1024];
	catalog cat;
	if (catalog_load(&cat, NULL, NULL, err, sizeof err) != 0) {
		fprintf(stderr, "kernel_bench: %s\n", err);
		return 2;
	}
	static application apps[N_APPS];
	static diag_list dls[N_APPS];
	arena decoded;
	arena_init(&decoded);
	for (int i = 0; i < N_APPS; i++) {
		char *t = app_text(i);
		json_t *root = t ? json_parse_text(t, strlen(t), err, sizeof err) : NULL;
		free(t);
		diag_list_init(&dls[i], &decoded);
		if (root == NULL || json_application_decode(root, &decoded, &apps[i], &dls[i]) != 0) {
			fprintf(stderr, "kernel_bench: cannot decode application %d: %s\n", i, err);
			return 2;
		}
		apps[i].label = "bench";
		json_decref(root);
	}
	arena a;
	arena_init(&a);
	check_result r;
	double best = 0;
	unsigned long long sink = 0;
	for (int run = 0; run < 5; run++) {
		long n = 0;
		double t0 = now(), t;
		do {
			for (int k = 0; k < 1000; k++, n++) {
				int i = (int)(n % N_APPS);
				if (check_application(&apps[i], &dls[i], &cat.rules, &cat.orgs, &a, &r) != 0) {
					fprintf(stderr, "kernel_bench: out of memory\n");
					return 2;
				}
				sink += r.diags.len + r.n_trace;
				arena_reset(&a);
			}
			t = now() - t0;
		} while (t < per_run);
		double rate = (double)n / t;
		if (rate > best)
			best = rate;
	}
	printf("kernel %.0f applications/s/core (goal 1000000) [%llu]\n", best, sink % 10);
	arena_free(&a);
	arena_free(&decoded);
	catalog_free(&cat);
	return 0;
}
