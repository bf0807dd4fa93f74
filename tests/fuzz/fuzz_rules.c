/* fuzz_rules.c — bytes → every rule-file loader: json_rules_load_text (digiden/rules/1),
 * promotion_rules_load_text, support_rules_decode_text, future_tech_rules_load_text,
 * dispatch_rules_load_text and mic_rules_load_text. A rule set that loads is then used:
 * a fixed application is checked against each of its menus (and the limits across two
 * copies), so impossible-but-accepted values reach the engine. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/core/check.h"
#include "../../src/io/catalog.h"
#include "../../src/io/dispatch_rules.h"
#include "../../src/io/future_tech_rules.h"
#include "../../src/io/json_application.h"
#include "../../src/io/json_result.h"
#include "../../src/io/json_rules.h"
#include "../../src/io/mic_rules.h"
#include "../../src/io/promotion_rules.h"
#include "../../src/io/support_rules.h"

static const char app_json[] =
	"{\"format\":\"digiden/application/1\",\"round\":\"digital-implementation/fy2022-supp\",\"menu\":\"type1\","
	"\"applicant\":{\"code\":\"042072\"},\"title\":\"t\",\"fields\":[\"transport_logistics\"],\"summary\":\"s\","
	"\"services\":[{\"name\":\"n\",\"model\":\"on_demand_transport\",\"target\":\"市民\",\"area\":\"全域\","
	"\"cost_items\":[{\"category\":\"委託料\",\"description\":\"d\",\"amount_yen\":52000000,\"eligible\":true},"
	"{\"category\":\"職員人件費\",\"description\":\"\",\"amount_yen\":\"200万円\",\"eligible\":false}]}],"
	"\"kpis\":[{\"name\":\"k\",\"unit\":\"人\",\"baseline\":{\"fiscal_year\":2023,\"value\":350},"
	"\"targets\":[{\"fiscal_year\":2025,\"value\":600}]}],"
	"\"running_costs\":[{\"fiscal_year\":2024,\"amount_yen\":6000000,\"source\":\"一般財源\"}],"
	"\"pdca\":{\"frequency\":\"四半期\",\"external_evaluation\":true,\"method\":\"m\"}}";

#include "fuzz_catalog.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_catalog_load("fuzz_rules");
	json_object_seed(1);
	return 0;
}

/* The fixed application against every menu of rs (at most 8). */
static void exercise(const rule_set *rs, arena *a)
{
	char err[256];
	json_t *root = json_parse_text(app_json, sizeof app_json - 1, err, sizeof err);
	if (root == NULL)
		abort(); /* the harness's own application must parse */
	rule_set *sets[1] = { (rule_set *)rs };
	rule_catalog one = { sets, 1 };
	for (size_t m = 0; m < rs->n_menus && m < 8; m++) {
		application app[2];
		check_result res[2];
		check_result *ptrs[2];
		size_t ok = 0;
		memset(app, 0, sizeof app); /* the decoder fills a zeroed struct (cmd_check.c: arena_alloc) */
		for (int k = 0; k < 2; k++) {
			diag_list dl;
			diag_list_init(&dl, a);
			if (json_application_decode(root, a, &app[k], &dl) != 0)
				continue;
			app[k].round = rs->id;
			app[k].menu = rs->menus[m].id;
			app[k].label = "fuzz";
			if (check_application(&app[k], &dl, &one, &cat.orgs, a, &res[ok]) == 0) {
				ptrs[ok] = &res[ok];
				ok++;
			}
		}
		if (ok == 2)
			check_limits(ptrs, ok, a);
		for (size_t k = 0; k < ok; k++) {
			json_t *o = json_result_encode(&res[k]);
			char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
			free(s);
			json_decref(o);
		}
	}
	json_decref(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	char err[1024];
	arena a;

	arena_init(&a);
	rule_set rs;
	memset(&rs, 0, sizeof rs);
	if (json_rules_load_text(text, size, "fuzz.json", &a, &rs, err, sizeof err) == 0)
		exercise(&rs, &a);
	arena_free(&a);

	arena_init(&a);
	promo_rules pr;
	memset(&pr, 0, sizeof pr);
	(void)promotion_rules_load_text(text, size, "fuzz.json", &a, &pr, err, sizeof err);
	arena_free(&a);

	arena_init(&a);
	support_rules sr;
	memset(&sr, 0, sizeof sr);
	(void)support_rules_decode_text(text, size, "fuzz.json", &a, &sr, err, sizeof err);
	arena_free(&a);

	arena_init(&a);
	ft_rules fr;
	memset(&fr, 0, sizeof fr);
	(void)future_tech_rules_load_text(text, size, "fuzz.json", &a, &fr, err, sizeof err);
	arena_free(&a);

	arena_init(&a);
	dsp_rules dr;
	memset(&dr, 0, sizeof dr);
	(void)dispatch_rules_load_text(text, size, "fuzz.json", &a, &dr, err, sizeof err);
	arena_free(&a);

	arena_init(&a);
	mic_rules mr;
	memset(&mr, 0, sizeof mr);
	(void)mic_rules_load_text(text, size, "fuzz.json", &a, &mr, err, sizeof err);
	arena_free(&a);
	return 0;
}
