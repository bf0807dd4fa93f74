/* replay_main.c — a main() for the fuzz harnesses without libFuzzer: feeds every file
 * named on the command line, and every file under every directory named (recursively,
 * sorted by name, names starting with '.' skipped), to LLVMFuzzerTestOneInput, after LLVMFuzzerInitialize
 * when the harness defines it (a weak symbol). Used by `make check-fuzz-regress` in the
 * plain and the ASan+UBSan build. Options:
 *   -t SECONDS   per-input alarm (default 10): an input that runs longer is reported and
 *                the program exits with status 3 (a hang fails instead of blocking)
 *   -v           print each input's name before running it
 * Exit status 0 when every input ran (a crash ends the process with the sanitizer's or
 * the signal's status); 2 when an input could not be read. */
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static const char *volatile current = "";
static unsigned timeout_seconds = 10;

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "replay: TIMEOUT after the per-input alarm: ";
	ssize_t w = write(2, msg, sizeof msg - 1);
	const char *c = current;
	w = write(2, c, strlen(c));
	w = write(2, "\n", 1);
	(void)w;
	_exit(3);
}

static int run_file(const char *path, int verbose)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		perror(path);
		return -1;
	}
	size_t cap = 4096, len = 0;
	unsigned char *data = malloc(cap);
	size_t r;
	while (data && (r = fread(data + len, 1, cap - len, f)) > 0) {
		len += r;
		if (len == cap) {
			unsigned char *g = realloc(data, cap * 2);
			if (g == NULL) {
				free(data);
				data = NULL;
				break;
			}
			data = g;
			cap *= 2;
		}
	}
	int bad = ferror(f);
	fclose(f);
	if (data == NULL || bad) {
		fprintf(stderr, "%s: could not read\n", path);
		free(data);
		return -1;
	}
	/* an exact-size copy so that reads past the end are caught */
	unsigned char *exact = malloc(len ? len : 1);
	if (exact == NULL) {
		free(data);
		return -1;
	}
	memcpy(exact, data, len);
	free(data);
	if (verbose)
		fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
	current = path;
	alarm(timeout_seconds);
	LLVMFuzzerTestOneInput(exact, len);
	alarm(0);
	free(exact);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, int verbose, size_t *count)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		perror(dir);
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	int status = 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		size_t need = strlen(dir) + strlen(e->d_name) + 2;
		char *p = malloc(need);
		if (p == NULL) {
			status = -1;
			break;
		}
		snprintf(p, need, "%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(p, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) {
			free(p);
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **g = realloc(names, cap * sizeof *g);
			if (g == NULL) {
				free(p);
				status = -1;
				break;
			}
			names = g;
		}
		names[n++] = p;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (status != 0) {
			/* stop at the first problem */
		} else if (stat(names[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			status = run_dir(names[i], verbose, count);
		} else if (run_file(names[i], verbose) != 0) {
			status = -1;
		} else {
			(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return status;
}

int main(int argc, char **argv)
{
	int verbose = 0, c;
	while ((c = getopt(argc, argv, "t:v")) != -1) {
		switch (c) {
		case 't': timeout_seconds = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'v': verbose = 1; break;
		default: fprintf(stderr, "usage: %s [-t SECONDS] [-v] FILE|DIR...\n", argv[0]); return 2;
		}
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	int status = 0;
	size_t count = 0;
	for (int i = optind; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			status = 2;
		} else if (S_ISDIR(st.st_mode)) {
			if (run_dir(argv[i], verbose, &count) != 0)
				status = 2;
		} else if (run_file(argv[i], verbose) != 0) {
			status = 2;
		} else {
			count++;
		}
	}
	if (verbose)
		fprintf(stderr, "replay: %zu inputs\n", count);
	return status;
}
