/* gen_round.c — a national round for benchmarks and the scale tests: N applications
 * of 令和4年度補正 デジタル実装タイプ TYPE1, one after another over every organization
 * that may apply (data/organizations.tsv), so each organization gets ⌈N / 1,835⌉ at
 * most — within its limit (市町村 5, 都道府県 9) — and the round passes the checks.
 * Each is examples/type1-natori.json with the organization's code and its own title
 * and amount. They are loaded the way an office would: `digiden import --submit`.
 *
 *   gen_round ORGS.tsv EXAMPLE.json DIR N      writes DIR/app-NNNNN.json
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	char *buf = NULL;
	size_t cap = 0;
	*len = 0;
	for (;;) {
		if (*len + 4096 + 1 > cap) {
			cap = (*len + 4096 + 1) * 2;
			char *n = realloc(buf, cap);
			if (n == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = n;
		}
		size_t k = fread(buf + *len, 1, 4096, f);
		*len += k;
		if (k < 4096)
			break;
	}
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

/* Writes text with the first occurrence of each `from` replaced by `to`. */
static void put_replaced(FILE *f, const char *text, const char *const *from, const char *const *to, int n)
{
	const char *p = text;
	for (;;) {
		const char *best = NULL;
		int which = -1;
		for (int i = 0; i < n; i++) {
			const char *q = strstr(p, from[i]);
			if (q && (best == NULL || q < best)) {
				best = q;
				which = i;
			}
		}
		if (best == NULL) {
			fputs(p, f);
			return;
		}
		fwrite(p, 1, (size_t)(best - p), f);
		fputs(to[which], f);
		p = best + strlen(from[which]);
	}
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: gen_round ORGS.tsv EXAMPLE.json DIR N\n");
		return 2;
	}
	int n = atoi(argv[4]);
	size_t len;
	char *orgs = read_all(argv[1], &len), *example = read_all(argv[2], &len);
	if (orgs == NULL || example == NULL || n <= 0) {
		fprintf(stderr, "gen_round: cannot read %s or %s\n", argv[1], argv[2]);
		return 1;
	}
	/* the applicant organizations: code<TAB>kind<TAB>pref<TAB>name<TAB>kana<TAB>parent<TAB>applicant */
	char (*codes)[7] = malloc(4000 * sizeof *codes);
	int n_codes = 0;
	for (char *line = strtok(orgs, "\n"); line && n_codes < 4000; line = strtok(NULL, "\n")) {
		if (line[0] == '#' || strncmp(line, "code\t", 5) == 0)
			continue;
		size_t l = strlen(line);
		if (l < 8 || line[6] != '\t' || line[l - 1] != '1' || line[l - 2] != '\t')
			continue;
		memcpy(codes[n_codes], line, 6);
		codes[n_codes][6] = '\0';
		n_codes++;
	}
	if (n_codes == 0) {
		fprintf(stderr, "gen_round: no applicant organizations in %s\n", argv[1]);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		char path[4096], code[32], title[128], amount[64];
		snprintf(path, sizeof path, "%s/app-%05d.json", argv[3], i);
		FILE *f = fopen(path, "w");
		if (f == NULL) {
			perror(path);
			return 1;
		}
		snprintf(code, sizeof code, "\"code\": \"%s\"", codes[i % n_codes]);
		snprintf(title, sizeof title, "\"title\": \"地域公共交通DX導入事業 第%d号\"", i + 1);
		snprintf(amount, sizeof amount, "\"amount_yen\": %d,", 40000000 + (i * 7919) % 20000000);
		static const char *const from[] = { "\"code\": \"042072\"", "\"title\": \"名取市地域公共交通DX導入事業\"", "\"amount_yen\": 52000000," };
		const char *to[] = { code, title, amount };
		put_replaced(f, example, from, to, 3);
		fclose(f);
	}
	free(codes);
	free(orgs);
	free(example);
	return 0;
}
