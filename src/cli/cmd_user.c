/* cmd_user.c — `digiden user add --db FILE --login L --role R [--organization CODE]`;
 * the password comes from DIGIDEN_PASSWORD or the first line of standard input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_db.h"
#include "cli_opt.h"
#include "commands.h"

enum { O_DB, O_LOGIN, O_ROLE, O_ORG };
static const cli_opt user_opts[] = {
	[O_DB] = CLI_OPT_DB,
	[O_LOGIN] = { "login", 'l', "L", "ログインID", true },
	[O_ROLE] = { "role", 'r', "R", "役割: applicant|reviewer|secretariat|admin", true },
	[O_ORG] = { "organization", 'o', "CODE", "申請者の団体コード", false },
	CLI_OPT_END,
};
static const char user_notes[] = "パスワードは環境変数 DIGIDEN_PASSWORD、なければ標準入力の1行目から読みます";
const cli_cmd cmd_user_spec = { "user", "user add --db FILE --login L --role R [--organization CODE]", "利用者を管理します",
				  user_opts, user_notes,
	.summary = "利用者を登録する（user add）", .run_raw = cmd_user
};
static const cli_cmd user_add = { "user add", "user add --db FILE --login L --role applicant|reviewer|secretariat|admin [--organization CODE]",
				  "利用者を登録する", user_opts, user_notes };

int cmd_user(int argc, char **argv)
{
	static const cli_cmd *const subs[] = { &user_add };
	int status;
	cli_args a;
	if (cli_sub_pick(&cmd_user_spec, "サブコマンド", subs, 1, argc, argv, &status) < 0 ||
	    cli_opt_parse(&user_add, argc - 1, argv + 1, &a, &status) != 0)
		return status;
	const char *db = a.val[O_DB], *login = a.val[O_LOGIN], *role = a.val[O_ROLE], *org = a.val[O_ORG];
	char line[512] = "";
	const char *password = getenv("DIGIDEN_PASSWORD");
	if (password == NULL) {
		if (fgets(line, sizeof line, stdin) == NULL) {
			fputs("digiden user add: パスワードを DIGIDEN_PASSWORD か標準入力で渡してください\n", stderr);
			return EXIT_BAD_INPUT;
		}
		line[strcspn(line, "\r\n")] = '\0';
		password = line;
	}
	cli_db d;
	if (cli_db_open(&d, db, "digiden user") != 0)
		return EXIT_BAD_INPUT;
	json_t *body = json_object();
	json_object_set_new(body, "login", json_string(login));
	json_object_set_new(body, "password", json_string(password));
	json_object_set_new(body, "role", json_string(role));
	if (org)
		json_object_set_new(body, "organization", json_string(org));
	svc_err e = { 0 };
	json_t *out = svc_user_add(&d.svc, &d.office, body, &e);
	json_decref(body);
	status = EXIT_OK;
	if (out == NULL) {
		cli_print_error("digiden user add", &e);
		status = EXIT_RULE_ERRORS;
	} else {
		printf("利用者 %s（%s）を登録しました（ID %lld）\n", login, role, (long long)json_integer_value(json_object_get(out, "id")));
	}
	json_decref(out);
	svc_err_clear(&e);
	cli_db_close(&d);
	return status;
}
