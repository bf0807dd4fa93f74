/* cli_opt.h — the one option parser of the digiden commands: each command declares
 * its options in a table, cli_opt_parse() reads argv with getopt_long, prints
 * `digiden CMD --help` from the table, and gives the same error for an unknown
 * option, a missing argument or a missing required option in every command. */
#ifndef DIGIDEN_CLI_OPT_H
#define DIGIDEN_CLI_OPT_H

#include <stdbool.h>

enum { CLI_OPT_MAX = 24 }; /* options in one table (--help added by the parser) */

typedef struct cli_opt {
	const char *name; /* long name without "--"; NULL ends the table */
	char short_name;  /* -x, or 0 */
	const char *arg;  /* the argument's name in the help ("FILE"); NULL: a flag */
	const char *help; /* Japanese; "\n" starts a continuation line */
	bool required;
} cli_opt;

struct cli_args;

/* Rows several commands' tables share. */
#define CLI_OPT_DB { "db", 'd', "FILE", "データベース", true }
#define CLI_OPT_ORGS(short_name) \
	{ "orgs", short_name, "FILE", "運用者が登録する団体（広域連合・一部事務組合）を追加する", false }
#define CLI_OPT_FORMAT(values) { "format", 'f', "FMT", values, false }
#define CLI_OPT_END { NULL, 0, NULL, NULL, false }

typedef struct cli_cmd {
	const char *name;  /* as typed after "digiden": "check", "round open" */
	const char *usage; /* what follows "使い方: digiden " (continuation lines carry their own indent) */
	const char *about; /* what the command does (lines, each printed indented); may be NULL */
	const cli_opt *opts;
	const char *notes; /* printed after the table (exit codes, formats); may be NULL */
	/* A top-level command (main.c's table): its line in `digiden --help`, and run() on
	 * the arguments main parsed with this spec, or run_raw() on argv (argv[0]: the
	 * command's word) when it has sub-commands or reads argv itself. */
	const char *summary;
	int (*run)(const struct cli_args *a);
	int (*run_raw)(int argc, char **argv);
} cli_cmd;

typedef struct cli_args {
	const char *val[CLI_OPT_MAX]; /* option i's argument as last given ("" for a flag); NULL: absent */
	int order[CLI_OPT_MAX];       /* 1, 2, … in the order options were last given; 0: absent */
	char **operands;              /* what is left of argv (points into it) */
	int n_operands;
} cli_args;

/* Parses argv (argv[0] is the command's own word and is skipped). Returns 0 to run
 * the command, or 1 when it is done: *exit_code is then EXIT_OK after --help (printed
 * on stdout) or EXIT_BAD_INPUT after one error line and the --help hint on stderr. */
int cli_opt_parse(const cli_cmd *cmd, int argc, char **argv, cli_args *out, int *exit_code);

/* Prints 「digiden NAME: message」 and the --help hint on stderr (the same form as the
 * parser's own errors, for the operands a command checks itself); returns EXIT_BAD_INPUT. */
__attribute__((format(printf, 2, 3))) int cli_usage_error(const cli_cmd *cmd, const char *fmt, ...);

/* Prints cmd's help (usage, about, option table, notes) on stdout. */
void cli_opt_help(const cli_cmd *cmd);

/* Commands with sub-commands (round open|close, user add, calc KIND): picks argv[1]
 * among subs[0..n). Returns its index, or -1 when done with *exit_code set: --help
 * prints cmd's help and the list (EXIT_OK); none or an unknown word is an error
 * naming `what` and the list (EXIT_BAD_INPUT). */
int cli_sub_pick(const cli_cmd *cmd, const char *what, const cli_cmd *const *subs, int n, int argc, char **argv,
		 int *exit_code);

#endif
