/* commands.h — the subcommands of the digiden CLI (one cmd_*.c per subcommand). */
#ifndef DIGIDEN_COMMANDS_H
#define DIGIDEN_COMMANDS_H

#include "cli_opt.h"

/* Exit statuses shared by every subcommand. */
enum {
	EXIT_OK = 0,         /* everything checked is acceptable */
	EXIT_RULE_ERRORS = 1, /* some application has errors */
	EXIT_BAD_INPUT = 2,  /* input unreadable / unparsable, or bad usage */
};

/* Commands whose options main.c parses with their spec before running them. */
extern const cli_cmd cmd_check_spec;
int cmd_check(const cli_args *a);
extern const cli_cmd cmd_rules_spec;
int cmd_rules(const cli_args *a);
extern const cli_cmd cmd_org_spec;
int cmd_org(const cli_args *a);
extern const cli_cmd cmd_serve_spec;
int cmd_serve(const cli_args *a);
extern const cli_cmd cmd_import_spec;
int cmd_import(const cli_args *a);
extern const cli_cmd cmd_export_spec;
int cmd_export(const cli_args *a);
extern const cli_cmd cmd_audit_spec;
int cmd_audit(const cli_args *a);
extern const cli_cmd cmd_report_spec;
int cmd_report(const cli_args *a);
extern const cli_cmd cmd_import_decisions_spec;
int cmd_import_decisions(const cli_args *a);
extern const cli_cmd cmd_audit_decisions_spec;
int cmd_audit_decisions(const cli_args *a);
extern const cli_cmd cmd_export_decisions_spec;
int cmd_export_decisions(const cli_args *a);
extern const cli_cmd cmd_chart_spec;
int cmd_chart(const cli_args *a);
extern const cli_cmd cmd_support_check_spec;
int cmd_support_check(const cli_args *a);
extern const cli_cmd cmd_import_history_spec;
int cmd_import_history(const cli_args *a);
extern const cli_cmd cmd_history_spec;
int cmd_history(const cli_args *a);
extern const cli_cmd cmd_promotion_check_spec;
int cmd_promotion_check(const cli_args *a);
extern const cli_cmd cmd_future_tech_spec;
int cmd_future_tech(const cli_args *a);

/* Commands with sub-commands (round open|close, user add, calc KIND) or their own
 * input flags (dispatch-check shares calc's reader): argv[0] is the command's word. */
extern const cli_cmd cmd_round_spec, cmd_user_spec, cmd_calc_spec, cmd_dispatch_check_spec;
int cmd_round(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_calc(int argc, char **argv);
int cmd_dispatch_check(int argc, char **argv);

#endif
