/* cmd_rules.c — `digiden rules [--rules DIR]`: lists every round and menu with its
 * cap, rate and requirements, each with its seed. */
#include <stdio.h>
#include <string.h>

#include "../io/catalog.h"
#include "cli_db.h"
#include "cli_opt.h"
#include "commands.h"

static const cli_opt rules_opts[] = {
	{ "rules", 'r', "DIR", "組み込みの代わりに DIR/<program>/<round>.json のルールセットを使う", false },
	CLI_OPT_END,
};
int cmd_rules(const cli_args *a)
{
	const char *rules_dir = a->val[0];
	catalog cat;
	if (cli_catalog_load(&cat, rules_dir, NULL, "digiden rules") != 0)
		return EXIT_BAD_INPUT;
	for (size_t i = 0; i < cat.rules.len; i++) {
		const rule_set *rs = cat.rules.sets[i];
		char label[64], b[64];
		printf("%s  %s %s%s\n", rs->id, rules_round_label(rs, label, sizeof label), rs->title,
		       strcmp(rs->status, "provisional") == 0 ? "（暫定）" : "");
		for (size_t m = 0; m < rs->n_menus; m++) {
			const rule_menu *mn = &rs->menus[m];
			printf("  %-18s %s\n", mn->id, mn->name);
			if (mn->has_rate)
				printf("      補助率 %s  ［%s「%s」］\n", fraction_format(mn->rate, b, sizeof b), mn->rate_cite.source,
				       mn->rate_cite.quote);
			else
				printf("      補助率 記載なし\n");
			if (mn->cap.present)
				printf("      国費上限 %s  ［%s「%s」］\n", money_format_human(mn->cap.yen, b, sizeof b),
				       mn->cap.cite.source, mn->cap.cite.quote);
			for (int q = 0; q < REQ__MAX; q++)
				if (mn->req[q].present)
					printf("      要件 %s  ［%s「%s」］\n", requirement_key((requirement_id)q),
					       mn->req[q].cite.source, mn->req[q].cite.quote);
		}
		for (size_t l = 0; l < rs->n_limits; l++) {
			const rule_limit *lim = &rs->limits[l];
			printf("  申請上限 %s:", lim->id);
			if (lim->max_prefecture.present)
				printf(" 都道府県 %d", lim->max_prefecture.value);
			if (lim->max_municipality.present)
				printf(" 市町村 %d", lim->max_municipality.value);
			if (lim->max_any.present)
				printf(" 1団体 %d", lim->max_any.value);
			printf("\n");
		}
		printf("\n");
	}
	catalog_free(&cat);
	return EXIT_OK;
}

const cli_cmd cmd_rules_spec = { "rules", "rules [--rules DIR]", "募集回ごとの類型・国費上限・補助率・要件を出典つきで一覧します",
				   rules_opts, NULL,
	.summary = "募集回と類型（上限・補助率・要件）を一覧する", .run = cmd_rules
};
