/* gen_apps.c — benchmark input: writes N varied applications (TYPE1/2/3, 横展開,
 * テレワーク) as DIR/app-NNNNN.json, spread over many organizations so the limit check
 * sees realistic groups. Usage: gen_apps DIR N */
#include <stdio.h>
#include <stdlib.h>

static const char *const orgs[] = { "042072", "040002", "131016", "011002", "271004", "401307",
				    "202011", "100005", "342025", "472018", "014036", "262013" };

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: gen_apps DIR N\n");
		return 2;
	}
	int n = atoi(argv[2]);
	static const char *const menus[] = { "type1", "type1", "type1", "type2", "type3", "mnc_expansion", "telework_high" };
	for (int i = 0; i < n; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/app-%05d.json", argv[1], i);
		FILE *f = fopen(path, "w");
		if (!f) {
			perror(path);
			return 1;
		}
		const char *menu = menus[i % 7];
		const char *org = orgs[(i / 7) % (sizeof orgs / sizeof orgs[0])];
		long amount = 1000000L + (i * 7919L) % 300000000L;
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
		fclose(f);
	}
	return 0;
}
