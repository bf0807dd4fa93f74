/* cmd_audit.c — `digiden audit --db FILE [--application ID] [--json]`: the audit log. */
#include <stdio.h>
#include <stdlib.h>

#include "cli_db.h"
#include "cli_opt.h"
#include "commands.h"

enum { O_DB, O_APP, O_JSON };
static const cli_opt audit_opts[] = {
	[O_DB] = CLI_OPT_DB,
	[O_APP] = { "application", 'a', "ID", "この申請の記録だけを表示する", false },
	[O_JSON] = { "json", 'j', NULL, "JSON で出力する", false },
	CLI_OPT_END,
};
int cmd_audit(const cli_args *a)
{
	int status;
	long long app = 0;
	if (a->val[O_APP]) {
		char *end;
		app = strtoll(a->val[O_APP], &end, 10);
		if (*end != '\0' || app <= 0) {
			fputs("digiden audit: --application は正の整数のIDです\n", stderr);
			return EXIT_BAD_INPUT;
		}
	}
	cli_db d;
	if (cli_db_open(&d, a->val[O_DB], "digiden audit") != 0)
		return EXIT_BAD_INPUT;
	svc_err e = { 0 };
	json_t *out = svc_audit(&d.svc, &(svc_user){ .id = -1, .login = "cli", .role = ROLE_ADMIN }, app, &e);
	status = EXIT_OK;
	if (out == NULL) {
		cli_print_error("digiden audit", &e);
		status = EXIT_RULE_ERRORS;
	} else if (a->val[O_JSON]) {
		cli_print_json(out);
	} else {
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(out, "entries"), i, v)
		{
			char *before = json_dumps(json_object_get(v, "before"), JSON_COMPACT | JSON_ENCODE_ANY);
			char *after = json_dumps(json_object_get(v, "after"), JSON_COMPACT | JSON_ENCODE_ANY);
			json_t *ap = json_object_get(v, "application");
			printf("%s  %-12s %-22s 申請%-6s %s → %s\n", json_string_value(json_object_get(v, "at")),
			       json_string_value(json_object_get(v, "actor")), json_string_value(json_object_get(v, "action")),
			       json_is_integer(ap) ? "" : "-", before ? before : "", after ? after : "");
			if (json_is_integer(ap))
				printf("%*s(申請 %lld)\n", 22, "", (long long)json_integer_value(ap));
			free(before);
			free(after);
		}
	}
	cli_finish(&d, out, &e);
	return status;
}

const cli_cmd cmd_audit_spec = { "audit", "audit --db FILE [--application ID] [--json]", "監査ログを表示します", audit_opts,
				   NULL,
	.summary = "監査ログを表示する", .run = cmd_audit
};
