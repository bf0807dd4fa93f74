/* cli_opt.c — see cli_opt.h. */
#include "cli_opt.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"

enum { LONG_VAL = 1000, HELP_VAL = 999 }; /* getopt_long's val for table row i: LONG_VAL + i */

static const cli_opt help_opt = { "help", 'h', NULL, "この説明を表示する", false };

static size_t n_opts(const cli_cmd *cmd)
{
	size_t n = 0;
	while (cmd->opts && cmd->opts[n].name)
		n++;
	return n;
}

/* Terminal columns of s: the help's Japanese argument names are two columns a
 * character, general punctuation (U+2000–U+207F, the "…" of "R[,R…]") one. */
static int columns(const char *s)
{
	int w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x80)
			w++;
		else if ((*p & 0xC0) != 0x80)
			w += *p == 0xE2 && (p[1] == 0x80 || p[1] == 0x81) ? 1 : 2;
	return w;
}

static void label(const cli_opt *o, char *buf, size_t n)
{
	char shortpart[8] = "";
	if (o->short_name)
		snprintf(shortpart, sizeof shortpart, "-%c, ", o->short_name);
	snprintf(buf, n, "%s--%s%s%s", shortpart, o->name, o->arg ? " " : "", o->arg ? o->arg : "");
}

/* Prints text's lines, each after indent (a "\n" inside text starts a new line). */
static void print_lines(FILE *f, const char *indent, const char *text)
{
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		fprintf(f, "%s%.*s\n", len ? indent : "", (int)len, p);
		p += len + (nl != NULL);
	}
}

static void print_opt(const cli_opt *o, int width)
{
	char l[128];
	label(o, l, sizeof l);
	printf("  %s%*s  ", l, width - columns(l), "");
	for (const char *p = o->help; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		printf("%.*s%s\n", (int)len, p, nl == NULL && o->required ? "（必須）" : "");
		p += len + (nl != NULL);
		if (*p)
			printf("  %*s  ", width, "");
	}
}

void cli_opt_help(const cli_cmd *cmd)
{
	printf("使い方: digiden %s\n", cmd->usage);
	if (cmd->about)
		print_lines(stdout, "  ", cmd->about);
	size_t n = n_opts(cmd);
	int width = 0;
	char l[128];
	for (size_t i = 0; i <= n; i++) {
		label(i < n ? &cmd->opts[i] : &help_opt, l, sizeof l);
		if (columns(l) > width)
			width = columns(l);
	}
	printf("\nオプション:\n");
	for (size_t i = 0; i < n; i++)
		print_opt(&cmd->opts[i], width);
	print_opt(&help_opt, width);
	if (cmd->notes) {
		printf("\n");
		print_lines(stdout, "  ", cmd->notes);
	}
}

static void hint(const cli_cmd *cmd)
{
	fprintf(stderr, "digiden %s: 使い方は digiden %s --help で表示します\n", cmd->name, cmd->name);
}

int cli_usage_error(const cli_cmd *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "digiden %s: ", cmd->name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	hint(cmd);
	return EXIT_BAD_INPUT;
}

/* The error for getopt_long's '?': an unknown or ambiguous option, or a flag given a value. */
static int bad_option(const cli_cmd *cmd, const char *text, int optopt_)
{
	size_t n = n_opts(cmd);
	if (optopt_ >= LONG_VAL && (size_t)(optopt_ - LONG_VAL) < n)
		return cli_usage_error(cmd, "オプション --%s は値をとりません", cmd->opts[optopt_ - LONG_VAL].name);
	if (optopt_ == HELP_VAL)
		return cli_usage_error(cmd, "オプション --help は値をとりません");
	if (optopt_ != 0)
		return cli_usage_error(cmd, "未知のオプション「-%c」です", optopt_);
	if (text && strncmp(text, "--", 2) == 0) {
		size_t len = strcspn(text + 2, "=");
		int matches = 0;
		for (size_t i = 0; i < n; i++)
			matches += strncmp(cmd->opts[i].name, text + 2, len) == 0;
		if (matches > 1)
			return cli_usage_error(cmd, "オプション「%.*s」は複数のオプションに当たります（省略せずに書いてください）",
					       (int)(len + 2), text);
		return cli_usage_error(cmd, "未知のオプション「%.*s」です", (int)(len + 2), text);
	}
	return cli_usage_error(cmd, "未知のオプション「%s」です", text ? text : "");
}

int cli_opt_parse(const cli_cmd *cmd, int argc, char **argv, cli_args *out, int *exit_code)
{
	memset(out, 0, sizeof *out);
	size_t n = n_opts(cmd);
	struct option lo[CLI_OPT_MAX + 2];
	char shorts[3 * CLI_OPT_MAX + 8] = ":h";
	size_t ns = 2;
	if (n > CLI_OPT_MAX) { /* a table too long for the arrays: a build defect */
		*exit_code = cli_usage_error(cmd, "オプションの表が長すぎます");
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		const cli_opt *o = &cmd->opts[i];
		lo[i] = (struct option){ o->name, o->arg ? required_argument : no_argument, NULL, LONG_VAL + (int)i };
		if (o->short_name) {
			shorts[ns++] = o->short_name;
			if (o->arg)
				shorts[ns++] = ':';
		}
	}
	shorts[ns] = '\0';
	lo[n] = (struct option){ "help", no_argument, NULL, HELP_VAL };
	lo[n + 1] = (struct option){ NULL, 0, NULL, 0 };
	int c, seq = 0;
	opterr = 0;
	optind = 0; /* 0, not 1: glibc then starts afresh (a command may parse twice in one process) */
	while ((c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		size_t i = n;
		if (c >= LONG_VAL)
			i = (size_t)(c - LONG_VAL);
		else
			for (size_t k = 0; k < n && i == n; k++)
				if (cmd->opts[k].short_name && cmd->opts[k].short_name == c)
					i = k;
		if (c == HELP_VAL || c == 'h') {
			cli_opt_help(cmd);
			*exit_code = EXIT_OK;
			return 1;
		}
		if (c == ':') {
			const cli_opt *o = NULL;
			if (optopt >= LONG_VAL && (size_t)(optopt - LONG_VAL) < n)
				o = &cmd->opts[optopt - LONG_VAL];
			for (size_t k = 0; k < n && o == NULL; k++)
				if (cmd->opts[k].short_name && cmd->opts[k].short_name == optopt)
					o = &cmd->opts[k];
			*exit_code = o ? cli_usage_error(cmd, "オプション --%s の後に %s を指定してください", o->name, o->arg)
				       : cli_usage_error(cmd, "オプション「%s」の後に値を指定してください", argv[optind - 1]);
			return 1;
		}
		if (c == '?' || i == n) {
			*exit_code = bad_option(cmd, optind > 0 && optind <= argc ? argv[optind - 1] : NULL, optopt);
			return 1;
		}
		out->val[i] = cmd->opts[i].arg ? optarg : "";
		out->order[i] = ++seq;
	}
	for (size_t i = 0; i < n; i++)
		if (cmd->opts[i].required && out->val[i] == NULL) {
			*exit_code = cli_usage_error(cmd, "--%s %s を指定してください", cmd->opts[i].name,
						     cmd->opts[i].arg ? cmd->opts[i].arg : "");
			return 1;
		}
	out->operands = argv + optind;
	out->n_operands = argc - optind;
	return 0;
}

static const char *last_word(const char *name)
{
	const char *sp = strrchr(name, ' ');
	return sp ? sp + 1 : name;
}

int cli_sub_pick(const cli_cmd *cmd, const char *what, const cli_cmd *const *subs, int n, int argc, char **argv,
		 int *exit_code)
{
	char list[512] = "";
	size_t used = 0;
	for (int k = 0; k < n && used < sizeof list; k++)
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "", last_word(subs[k]->name));
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		cli_opt_help(cmd);
		printf("\n%s:\n", what);
		for (int k = 0; k < n; k++) {
			const char *about = subs[k]->about ? subs[k]->about : "";
			printf("  %-14s %.*s\n", last_word(subs[k]->name), (int)strcspn(about, "\n"), about);
		}
		printf("\n各%sの説明: digiden %s %s --help\n", what, cmd->name, n ? last_word(subs[0]->name) : "");
		*exit_code = EXIT_OK;
		return -1;
	}
	if (argc < 2) {
		*exit_code = cli_usage_error(cmd, "%sを指定してください（%s）", what, list);
		return -1;
	}
	for (int k = 0; k < n; k++)
		if (strcmp(argv[1], last_word(subs[k]->name)) == 0)
			return k;
	*exit_code = cli_usage_error(cmd, "未知の%s「%s」です（%s）", what, argv[1], list);
	return -1;
}
