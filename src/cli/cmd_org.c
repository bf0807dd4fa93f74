/* cmd_org.c — `digiden org CODE|NAME...`: looks organizations up in the master. */
#include <stdio.h>
#include <string.h>

#include "../io/catalog.h"
#include "cli_db.h"
#include "cli_opt.h"
#include "commands.h"

static void print_org(const org_master *m, const organization *o)
{
	const organization *pref = org_prefecture_of(m, o);
	printf("%s\t%s\t%s\t%s%s\n", o->code, o->name, org_kind_label(o->kind), pref ? pref->name : "",
	       o->applicant ? "" : "\t（申請主体ではない）");
}

static const cli_opt org_opts[] = { CLI_OPT_END };
int cmd_org(const cli_args *a)
{
	int status;
	if (a->n_operands == 0)
		return cli_usage_error(&cmd_org_spec, "団体コードまたは名称を指定してください");
	catalog cat;
	if (cli_catalog_load(&cat, NULL, NULL, "digiden org") != 0)
		return EXIT_BAD_INPUT;
	status = EXIT_OK;
	for (int i = 0; i < a->n_operands; i++) {
		const char *q = a->operands[i];
		size_t found = 0;
		if (orgcode_validate(q) == ORGCODE_OK) {
			const organization *o = org_find(&cat.orgs, q);
			if (o) {
				print_org(&cat.orgs, o);
				found++;
			}
		} else {
			for (size_t k = 0; k < cat.orgs.len; k++)
				if (strstr(cat.orgs.items[k].name, q)) {
					print_org(&cat.orgs, &cat.orgs.items[k]);
					found++;
				}
		}
		if (found == 0) {
			fprintf(stderr, "digiden org: 「%s」に当たる団体はありません\n", q);
			status = EXIT_RULE_ERRORS;
		}
	}
	catalog_free(&cat);
	return status;
}

const cli_cmd cmd_org_spec = { "org", "org CODE|NAME...", "団体コード（6桁）または名称（部分一致）で団体マスタを引きます", org_opts, NULL,
	.summary = "団体コードまたは名称で団体マスタを引く", .run = cmd_org
};
