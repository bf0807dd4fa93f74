/* cmd_outbox.c — `digiden outbox --db FILE [--json]`: the notification mail not yet sent
 * (without `serve --smtp` every mail stays there; with it, what waits for a retry). */
#include <stdio.h>

#include "../service/notify.h"
#include "cli_db.h"
#include "cli_opt.h"
#include "commands.h"

enum { O_DB, O_JSON };
static const cli_opt outbox_opts[] = {
	[O_DB] = CLI_OPT_DB,
	[O_JSON] = { "json", 'j', NULL, "JSON で出力する", false },
	CLI_OPT_END,
};

/* One line per waiting mail, then the count. */
static void print_outbox(json_t *out)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(out, "outbox"), i, v)
	{
		json_t *why = json_object_get(v, "last_error");
		printf("%6lld  %s  %-28s %s  試行%lld回%s%s\n", (long long)json_integer_value(json_object_get(v, "id")),
		       json_string_value(json_object_get(v, "at")), json_string_value(json_object_get(v, "to")),
		       json_string_value(json_object_get(v, "subject")),
		       (long long)json_integer_value(json_object_get(v, "attempts")), json_is_string(why) ? "  " : "",
		       json_is_string(why) ? json_string_value(why) : "");
	}
	printf("未送信 %lld 件\n", (long long)json_integer_value(json_object_get(out, "total")));
}

static int cmd_outbox(const cli_args *a)
{
	cli_db d;
	if (cli_db_open(&d, a->val[O_DB], "digiden outbox") != 0)
		return EXIT_BAD_INPUT;
	svc_err e = { 0 };
	json_t *out = svc_outbox(&d.svc, &e);
	int status = out ? EXIT_OK : EXIT_RULE_ERRORS;
	if (out && a->val[O_JSON])
		cli_print_json(out);
	else if (out)
		print_outbox(out);
	else
		cli_print_error("digiden outbox", &e);
	cli_finish(&d, out, &e);
	return status;
}

const cli_cmd cmd_outbox_spec = { "outbox", "outbox --db FILE [--json]", "まだ送っていない通知メール（outbox）を一覧します",
				  outbox_opts, NULL, .summary = "未送信の通知メールを一覧する", .run = cmd_outbox };
