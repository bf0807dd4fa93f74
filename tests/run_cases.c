/* run_cases.c — golden-case runner: runs the real digiden binary on each
 * tests/cases/NNN-name.json and compares its exit status, stdout JSON and stderr with
 * what the case expects.
 *
 * Case file keys:
 *   description, seed, checks  what the case is about and the seed sentence it checks (required)
 *   args          arguments after "check" (default ["--json"]); "{1}", "{2}"… name the input files
 *   inputs        applications (JSON values) written to files 1.json, 2.json, …
 *   raw_inputs    file contents as strings (for malformed input); raw_inputs_hex as hex strings
 *   generate      {"bytes": N, "pattern": "..."}: a file of N bytes repeating pattern (huge input)
 *   command       subcommand (default "check")
 *   expect_exit   expected exit status (required)
 *   expect        expected stdout JSON: objects match as subsets (every key given must match),
 *                 arrays must have the same length, scalars must be equal
 *   expect_stdout_empty, expect_stderr (substrings), expect_stdout_contains (substrings)
 * Prints one line per case and a final "N passed, M failed". */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CASE_TIMEOUT_SECONDS 120

static char failure[4096];

__attribute__((format(printf, 1, 2))) static void why(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(failure, sizeof failure, fmt, ap);
	va_end(ap);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *b = malloc(cap + 1);
	size_t r;
	while (b && (r = fread(b + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			char *nb = realloc(b, cap + 1);
			if (!nb) {
				free(b);
				b = NULL;
			}
			b = nb;
		}
	}
	fclose(f);
	if (b) {
		b[n] = 0;
		*len = n;
	}
	return b;
}

static int write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t w = fwrite(data, 1, len, f);
	return (fclose(f) == 0 && w == len) ? 0 : -1;
}

/* expected ⊆ actual, recording the first mismatch's path. */
static int match(json_t *exp, json_t *act, const char *path)
{
	if (json_is_object(exp)) {
		if (!json_is_object(act)) {
			why("%s: expected an object", path);
			return 0;
		}
		const char *k;
		json_t *v;
		json_object_foreach(exp, k, v)
		{
			char p[1024];
			snprintf(p, sizeof p, "%s.%s", path, k);
			json_t *a = json_object_get(act, k);
			if (!a) {
				why("%s: missing in output", p);
				return 0;
			}
			if (!match(v, a, p))
				return 0;
		}
		return 1;
	}
	if (json_is_array(exp)) {
		if (!json_is_array(act) || json_array_size(act) != json_array_size(exp)) {
			char *s = json_dumps(act, JSON_COMPACT);
			why("%s: expected an array of %zu, got %.3000s", path, json_array_size(exp), s ? s : "?");
			free(s);
			return 0;
		}
		for (size_t i = 0; i < json_array_size(exp); i++) {
			char p[1024];
			snprintf(p, sizeof p, "%s[%zu]", path, i);
			if (!match(json_array_get(exp, i), json_array_get(act, i), p))
				return 0;
		}
		return 1;
	}
	if (!json_equal(exp, act)) {
		char *e = json_dumps(exp, JSON_ENCODE_ANY), *a = json_dumps(act, JSON_ENCODE_ANY);
		why("%s: expected %s, got %.2000s", path, e ? e : "?", a ? a : "?");
		free(e);
		free(a);
		return 0;
	}
	return 1;
}

static int hexval(int c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; }

/* Runs one case; 1 = pass. */
static int run_case(const char *digiden, const char *case_path)
{
	json_error_t je;
	json_t *c = json_load_file(case_path, JSON_REJECT_DUPLICATES, &je);
	if (!c) {
		why("case file unreadable: line %d: %s", je.line, je.text);
		return 0;
	}
	int ok = 0;
	char dir[] = "/tmp/digiden-case-XXXXXX";
	if (!mkdtemp(dir)) {
		why("mkdtemp: %s", strerror(errno));
		json_decref(c);
		return 0;
	}
	if (!json_is_string(json_object_get(c, "seed")) || !json_is_string(json_object_get(c, "checks")) ||
	    !json_is_integer(json_object_get(c, "expect_exit"))) {
		why("case must have seed, checks and expect_exit");
		goto out;
	}
	char files[64][300];
	int nfiles = 0;
	json_t *inputs = json_object_get(c, "inputs"), *raw = json_object_get(c, "raw_inputs"),
	       *rawhex = json_object_get(c, "raw_inputs_hex"), *gen = json_object_get(c, "generate");
	size_t i;
	json_t *v;
	json_array_foreach(inputs, i, v)
	{
		snprintf(files[nfiles], sizeof files[0], "%s/%d.json", dir, nfiles + 1);
		if (json_dump_file(v, files[nfiles], JSON_INDENT(1)) != 0) {
			why("cannot write input");
			goto out;
		}
		nfiles++;
	}
	json_array_foreach(raw, i, v)
	{
		snprintf(files[nfiles], sizeof files[0], "%s/%d.json", dir, nfiles + 1);
		if (write_file(files[nfiles], json_string_value(v), json_string_length(v)) != 0) {
			why("cannot write raw input");
			goto out;
		}
		nfiles++;
	}
	json_array_foreach(rawhex, i, v)
	{
		const char *h = json_string_value(v);
		size_t n = strlen(h) / 2;
		char *b = malloc(n + 1);
		for (size_t k = 0; k < n; k++)
			b[k] = (char)(hexval(h[2 * k]) * 16 + hexval(h[2 * k + 1]));
		snprintf(files[nfiles], sizeof files[0], "%s/%d.json", dir, nfiles + 1);
		int rc = write_file(files[nfiles], b, n);
		free(b);
		if (rc != 0) {
			why("cannot write raw input");
			goto out;
		}
		nfiles++;
	}
	if (gen) {
		size_t bytes = (size_t)json_integer_value(json_object_get(gen, "bytes"));
		const char *pat = json_string_value(json_object_get(gen, "pattern"));
		size_t pl = strlen(pat);
		char *b = malloc(bytes);
		for (size_t k = 0; k < bytes; k++)
			b[k] = pat[k % pl];
		snprintf(files[nfiles], sizeof files[0], "%s/%d.json", dir, nfiles + 1);
		int rc = write_file(files[nfiles], b, bytes);
		free(b);
		if (rc != 0) {
			why("cannot write generated input");
			goto out;
		}
		nfiles++;
	}

	/* argv: digiden <command> args… (default: check --json FILES…) */
	char *argv[200];
	int argc = 0;
	argv[argc++] = (char *)digiden;
	json_t *cmd = json_object_get(c, "command");
	argv[argc++] = (char *)(cmd ? json_string_value(cmd) : "check");
	json_t *args = json_object_get(c, "args");
	bool named_files = false;
	if (args) {
		json_array_foreach(args, i, v)
		{
			const char *s = json_string_value(v);
			if (s[0] == '{' && s[strlen(s) - 1] == '}') {
				int k = atoi(s + 1);
				if (k < 1 || k > nfiles) {
					why("args: %s names no input", s);
					goto out;
				}
				argv[argc++] = files[k - 1];
				named_files = true;
			} else if (strncmp(s, "{dir}/", 6) == 0) {
				static char extra[8][400];
				snprintf(extra[i % 8], sizeof extra[0], "%s/%s", dir, s + 6);
				argv[argc++] = extra[i % 8];
			} else {
				argv[argc++] = (char *)s;
			}
		}
	} else {
		argv[argc++] = "--json";
	}
	if (!named_files)
		for (int k = 0; k < nfiles; k++)
			argv[argc++] = files[k];
	argv[argc] = NULL;

	char out_path[300], err_path[300];
	snprintf(out_path, sizeof out_path, "%s/stdout", dir);
	snprintf(err_path, sizeof err_path, "%s/stderr", dir);
	pid_t pid = fork();
	if (pid == 0) {
		int o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600), e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int in = open("/dev/null", O_RDONLY);
		dup2(o, 1);
		dup2(e, 2);
		dup2(in, 0);
		execv(digiden, argv);
		_exit(127);
	}
	int status = 0;
	time_t start = time(NULL);
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		if (time(NULL) - start > CASE_TIMEOUT_SECONDS) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			why("hang: killed after %d s", CASE_TIMEOUT_SECONDS);
			goto out;
		}
		struct timespec ts = { 0, 5 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	if (!WIFEXITED(status)) {
		why("crashed (signal %d)", WIFSIGNALED(status) ? WTERMSIG(status) : -1);
		goto out;
	}
	size_t olen = 0, elen = 0;
	char *out = slurp(out_path, &olen), *err = slurp(err_path, &elen);
	int exit_code = WEXITSTATUS(status);
	int want_exit = (int)json_integer_value(json_object_get(c, "expect_exit"));
	if (exit_code != want_exit) {
		why("exit %d, expected %d; stderr: %.500s", exit_code, want_exit, err ? err : "");
		goto done;
	}
	/* sanitizer reports go to stderr even when the exit status is right */
	if (err && (strstr(err, "runtime error") || strstr(err, "AddressSanitizer") || strstr(err, "LeakSanitizer"))) {
		why("sanitizer report: %.1500s", err);
		goto done;
	}
	json_t *exp = json_object_get(c, "expect");
	if (exp) {
		json_t *act = json_loads(out ? out : "", 0, &je);
		if (!act) {
			why("stdout is not JSON: %s: %.300s", je.text, out ? out : "");
			goto done;
		}
		int m = match(exp, act, "$");
		json_decref(act);
		if (!m)
			goto done;
	}
	if (json_is_true(json_object_get(c, "expect_stdout_empty")) && olen != 0) {
		why("stdout should be empty: %.300s", out);
		goto done;
	}
	json_array_foreach(json_object_get(c, "expect_stderr"), i, v)
	if (!err || !strstr(err, json_string_value(v))) {
		why("stderr lacks \"%s\": %.500s", json_string_value(v), err ? err : "");
		goto done;
	}
	json_array_foreach(json_object_get(c, "expect_stdout_contains"), i, v)
	if (!out || !strstr(out, json_string_value(v))) {
		why("stdout lacks \"%s\"", json_string_value(v));
		goto done;
	}
	ok = 1;
done:
	free(out);
	free(err);
out:;
	char cmdline[400];
	snprintf(cmdline, sizeof cmdline, "rm -rf '%s'", dir);
	if (system(cmdline) != 0)
		fprintf(stderr, "warning: could not remove %s\n", dir);
	json_decref(c);
	return ok;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: run_cases DIGIDEN CASES_DIR\n");
		return 2;
	}
	DIR *d = opendir(argv[2]);
	if (!d) {
		perror(argv[2]);
		return 2;
	}
	char *names[2048];
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 2048) {
		size_t l = strlen(e->d_name);
		if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0)
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof names[0], cmp_str);
	int passed = 0, failed = 0;
	for (int i = 0; i < n; i++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", argv[2], names[i]);
		failure[0] = 0;
		if (run_case(argv[1], path)) {
			passed++;
			printf("ok   %s\n", names[i]);
		} else {
			failed++;
			printf("FAIL %s: %s\n", names[i], failure);
		}
		free(names[i]);
	}
	if (passed + failed == 0) {
		printf("no golden cases found in %s\n", argv[2]);
		failed = 1;
	}
	printf("golden cases: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
