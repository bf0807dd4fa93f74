/* cmd_audit.c — `digiden audit --db FILE [--application ID] [--json]`: the audit log. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli_db.h"
#include "commands.h"

int cmd_audit(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, 'd' },
					      { "application", required_argument, NULL, 'a' },
					      { "json", no_argument, NULL, 'j' },
					      { NULL, 0, NULL, 0 } };
	const char *db = NULL;
	long long app = 0;
	bool as_json = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:a:j", opts, NULL)) != -1) {
		if (c == 'd') {
			db = optarg;
		} else if (c == 'a') {
			char *end;
			app = strtoll(optarg, &end, 10);
			if (*end != '\0' || app <= 0) {
				fputs("digiden audit: --application は正の整数のIDです\n", stderr);
				return EXIT_BAD_INPUT;
			}
		} else if (c == 'j') {
			as_json = true;
		} else {
			return EXIT_BAD_INPUT;
		}
	}
	if (db == NULL) {
		fputs("使い方: digiden audit --db FILE [--application ID] [--json]\n", stderr);
		return EXIT_BAD_INPUT;
	}
	cli_db d;
	if (cli_db_open(&d, db, "digiden audit") != 0)
		return EXIT_BAD_INPUT;
	svc_err e = { 0 };
	json_t *out = svc_audit(&d.svc, &(svc_user){ .id = -1, .login = "cli", .role = ROLE_ADMIN }, app, &e);
	int status = EXIT_OK;
	if (out == NULL) {
		cli_print_error("digiden audit", &e);
		status = EXIT_RULE_ERRORS;
	} else if (as_json) {
		json_dumpf(out, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
	} else {
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(out, "entries"), i, v)
		{
			char *before = json_dumps(json_object_get(v, "before"), JSON_COMPACT | JSON_ENCODE_ANY);
			char *after = json_dumps(json_object_get(v, "after"), JSON_COMPACT | JSON_ENCODE_ANY);
			json_t *a = json_object_get(v, "application");
			printf("%s  %-12s %-22s 申請%-6s %s → %s\n", json_string_value(json_object_get(v, "at")),
			       json_string_value(json_object_get(v, "actor")), json_string_value(json_object_get(v, "action")),
			       json_is_integer(a) ? "" : "-", before ? before : "", after ? after : "");
			if (json_is_integer(a))
				printf("%*s(申請 %lld)\n", 22, "", (long long)json_integer_value(a));
			free(before);
			free(after);
		}
	}
	json_decref(out);
	svc_err_clear(&e);
	cli_db_close(&d);
	return status;
}
