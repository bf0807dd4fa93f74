/* commands.h — the subcommands of the digiden CLI (one cmd_*.c per subcommand). */
#ifndef DIGIDEN_COMMANDS_H
#define DIGIDEN_COMMANDS_H

/* Exit statuses shared by every subcommand. */
enum {
	EXIT_OK = 0,         /* everything checked is acceptable */
	EXIT_RULE_ERRORS = 1, /* some application has errors */
	EXIT_BAD_INPUT = 2,  /* input unreadable / unparsable, or bad usage */
};

int cmd_check(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_org(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_round(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_import_decisions(int argc, char **argv);
int cmd_audit_decisions(int argc, char **argv);
int cmd_export_decisions(int argc, char **argv);
int cmd_chart(int argc, char **argv);
/* support programs (issue 6) */
int cmd_support_check(int argc, char **argv);
int cmd_import_history(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_promotion_check(int argc, char **argv);
int cmd_future_tech(int argc, char **argv);
int cmd_calc(int argc, char **argv);
int cmd_dispatch_check(int argc, char **argv);

#endif
