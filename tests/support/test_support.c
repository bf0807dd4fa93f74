/* test_support.c — organizations' history and the 伴走支援 check (issue 6 parts 1–2)
 * through the real binary: imports the seeds' published lists (tests/data/history,
 * and tests/data/published through import-decisions) into a temporary database, then
 * runs `digiden support-check --format json` and checks every 類型①② history condition
 * failing alone with the record that made it fail, the 類型③ composition rules, the
 * notes N1/N2, the declarations, bad input, and the seeds' own answers (the five
 * prefectures excluded from 類型② in 令和7年度). A decision made in digiden (over the
 * HTTP API) must count as history too. Each check cites the seed sentence it tests.
 *
 * Usage: test_support DIGIDEN DATA_DIR (DATA_DIR = tests/data/history). Run from the
 * repository root (the rule data and seeds/ are read to verify the quotes).
 * Ends with "support tests: N passed, M failed"; exit 1 on any failure. */
#include <dirent.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../api/harness.h"

static int passed, failed;
static const char *digiden, *data_dir;
static char dir[] = "/tmp/digiden-support-XXXXXX";
static char db[256], empty_db[256];
static h_server srv; /* the server of decided_in_digiden(), killed by the watchdog */

/* The seed sentences the checks cite (002_71bcee7856d5932f.txt unless named). */
#define S_C1A "002「令和5、6年度デジタル実装計画策定支援事業における伴走支援を受けていないこと」"
#define S_C1B "002「令和3年度補正デジ田推進交付金デジタル実装タイプを未採択であること」"
#define S_C1C "002「令和4年度又は令和5年度補正デジ田交付金デジタル実装タイプ（地方創生テレワーク型を除く）を未採択であること」"
#define S_C1D "002「令和6年度補正新しい地方経済・生活環境創生交付金（デジタル実装型）を未採択であること」"
#define S_C1E "002「内閣府「デジタル専門人材派遣制度」を利用したことがないこと」"
#define S_C2 "002【条件2】【条件3】（自己申告）"
#define S_N1 "002「令和5、6年度に類型②で伴走支援を受けている都道府県（青森県、埼玉県、静岡県、徳島県、宮崎県）の管内市町村が類型①に申請する場合、県と調整の上で提出すること」"
#define S_N2 "002「今回の申請において類型②を申請予定の都道府県の管内市区町村の場合…よく相談した上で提出すること」"
#define S_P1 "002 類型②「【条件1】令和5、6年度デジタル実装計画策定支援事業における伴走支援を受けていないこと」"
#define S_P2A "002「本店、支社にかかわらず、域内に拠点を置く地元デジタル関連事業者との連携体制を構築していること（少なくとも内諾を得ていること）」"
#define S_P3A "002「類型①の応募要件（※前ページ参照）を全て満たす管内の市区町村を伴走支援の対象として選定し」"
#define S_W0 "002「都道府県及び管内の複数市区町村、または、複数市区町村」"
#define S_W2 "002「同年度中に本事業類型①及び②で伴走支援を受ける団体（市区町村）が、類型③の構成団体の中に含まれていないこと」"
#define S_W3D "002「地域外の事業者を選定することを妨げるものではない」"
#define S_W3F "002「本事業への申請時、代表となる団体・担当者を明確にしたうえで申請すること」"
#define S_W4 "002「類型③は類型①・②とは異なり、デジ田交付金デジタル実装タイプの採択実績有無に関係なく申請が可能」"
#define S_R7 "002 採択結果（令和7年度 類型① 標茶町・佐々町・伊平屋村、類型③ 山形県7町村・北海道5市町、「類型②の採択はありませんでした」）"

static void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void check(bool ok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf(ok ? "ok   " : "FAIL ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
	ok ? passed++ : failed++;
}

/* Runs a shell command; returns its exit status (-1 when it did not exit). */
static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 4096, n = 0;
	char *b = malloc(cap);
	size_t got;
	while (b && (got = fread(b + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (n + 1 == cap) {
			char *g = realloc(b, cap *= 2);
			if (g == NULL) {
				free(b);
				b = NULL;
			}
			b = g;
		}
	}
	fclose(f);
	if (b)
		b[n] = '\0';
	return b;
}

/* The code of an organization (prefecture name + organization name) through `digiden org`. */
static const char *code_of(const char *pref, const char *name)
{
	static char codes[64][7];
	static int next;
	char cmd[512], line[512];
	snprintf(cmd, sizeof cmd, "%s org %s 2>/dev/null", digiden, name);
	FILE *p = popen(cmd, "r");
	char *out = codes[next++ % 64];
	strcpy(out, "000000");
	while (p && fgets(line, sizeof line, p)) {
		/* CODE \t name \t kind \t prefecture */
		char *f[4] = { line, NULL, NULL, NULL };
		for (int i = 1; i < 4 && f[i - 1]; i++) {
			char *t = strchr(f[i - 1], '\t');
			if (t) {
				*t = '\0';
				f[i] = t + 1;
			}
		}
		if (f[3])
			f[3][strcspn(f[3], "\r\n")] = '\0';
		if (f[1] && f[3] && strcmp(f[1], name) == 0 && strcmp(f[3], pref) == 0 && strlen(f[0]) == 6)
			snprintf(out, 7, "%s", f[0]);
	}
	if (p)
		pclose(p);
	return out;
}

static int check_digit(const char *first5)
{
	int w[5] = { 6, 5, 4, 3, 2 }, s = 0;
	for (int i = 0; i < 5; i++)
		s += (first5[i] - '0') * w[i];
	return (11 - s % 11) % 10;
}

/* support-check on dbp with the given arguments; the JSON result (NULL when none) and
 * the exit status. */
static json_t *support(const char *dbp, int *code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static json_t *support(const char *dbp, int *code, const char *fmt, ...)
{
	char args[4096], out[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof args, fmt, ap);
	va_end(ap);
	snprintf(out, sizeof out, "%s/out.json", dir);
	*code = run("%s support-check --db %s --program bansou/fy2025 --format json %s >%s 2>%s/err.txt", digiden, dbp, args, out, dir);
	json_error_t e;
	return json_load_file(out, 0, &e);
}

/* The n-th condition (or warning) with id. */
static json_t *item(json_t *res, const char *list, const char *id, int nth)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(res, list), i, c)
	{
		if (strcmp(json_string_value(json_object_get(c, "id")), id) == 0 && nth-- == 0)
			return c;
	}
	return NULL;
}
static json_t *cond(json_t *res, const char *id) { return item(res, "conditions", id, 0); }
static json_t *warn(json_t *res, const char *id) { return item(res, "warnings", id, 0); }

/* "C1a,P3a" — the ids of the failing conditions, in order, each once. */
static const char *failing(json_t *res)
{
	static char buf[512];
	buf[0] = '\0';
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(res, "conditions"), i, c)
	{
		if (json_is_true(json_object_get(c, "ok")))
			continue;
		const char *id = json_string_value(json_object_get(c, "id"));
		char probe[64];
		snprintf(probe, sizeof probe, ",%s,", id);
		char have[520];
		snprintf(have, sizeof have, ",%s,", buf);
		if (strstr(have, probe))
			continue;
		strncat(buf, buf[0] ? "," : "", sizeof buf - strlen(buf) - 1);
		strncat(buf, id, sizeof buf - strlen(buf) - 1);
	}
	return buf;
}

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* The record of a failing condition: program, fiscal year, menu, origin. */
static bool record_is(json_t *c, const char *program, int fy, const char *menu, const char *origin)
{
	json_t *r = c ? json_object_get(c, "record") : NULL;
	return json_is_object(r) && strcmp(str(r, "program"), program) == 0 && json_integer_value(json_object_get(r, "fiscal_year")) == fy &&
	       (menu == NULL || strcmp(str(r, "menu"), menu) == 0) && (origin == NULL || strcmp(str(r, "origin"), origin) == 0);
}

/* Exactly the condition id fails (everything else met), and it names a record. */
static void fails_alone(const char *what, json_t *res, int code, const char *id, const char *program, int fy, const char *menu,
			const char *origin, const char *seed)
{
	json_t *c = res ? cond(res, id) : NULL;
	check(res && code == 1 && !json_is_true(json_object_get(res, "eligible")) && strcmp(failing(res), id) == 0 &&
		      record_is(c, program, fy, menu, origin),
	      "%s: only %s fails (failing: %s), record %s %d %s — %s", what, id, res ? failing(res) : "?", program, fy,
	      menu ? menu : "*", seed);
}

static void write_file(const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* Removes ASCII whitespace and U+3000. */
static void squeeze(char *s)
{
	char *o = s;
	for (char *p = s; *p;) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			p++;
		} else if ((unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80) {
			p += 3;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
}

/* The rule data: every quote is verbatim seed text (whitespace aside). */
static void quotes_are_in_the_seed(void)
{
	char root[512], path[600];
	snprintf(root, sizeof root, "%s", access("rules/bansou/fy2025.json", R_OK) == 0 ? "." : data_dir);
	if (strcmp(root, ".") != 0)
		strncat(root, "/../../..", sizeof root - strlen(root) - 1);
	snprintf(path, sizeof path, "%s/rules/bansou/fy2025.json", root);
	json_error_t e;
	json_t *r = json_load_file(path, 0, &e);
	check(r != NULL, "rules/bansou/fy2025.json is JSON (%s)", r ? "ok" : e.text);
	if (r == NULL)
		return;
	const char *lists[] = { "categories", "conditions" };
	int n = 0, bad = 0;
	for (int l = 0; l < 2; l++) {
		size_t i;
		json_t *c;
		json_array_foreach(json_object_get(r, lists[l]), i, c)
		{
			snprintf(path, sizeof path, "%s/seeds/%s", root, str(c, "source"));
			char *seed = slurp(path), *q = strdup(str(c, "quote"));
			if (seed)
				squeeze(seed);
			squeeze(q);
			bool ok = seed && q[0] && strstr(seed, q);
			n++;
			if (!ok) {
				bad++;
				check(false, "quote of %s %s is not in %s: %s", lists[l], str(c, "id"), str(c, "source"), str(c, "quote"));
			}
			free(seed);
			free(q);
		}
	}
	check(n > 30 && bad == 0, "all %d quotes of rules/bansou/fy2025.json appear verbatim in their seed (whitespace aside)", n);
	json_decref(r);
}

static void import_all(void)
{
	DIR *d = opendir(data_dir);
	struct dirent *e;
	char *names[64];
	int n = 0;
	while (d && (e = readdir(d)) != NULL && n < 64) {
		size_t l = strlen(e->d_name);
		if (l > 4 && strcmp(e->d_name + l - 4, ".csv") == 0)
			names[n++] = strdup(e->d_name);
	}
	if (d)
		closedir(d);
	check(n >= 5, "%d history CSV files in %s", n, data_dir);
	for (int i = 0; i < n; i++) {
		check(run("%s import-history --db %s %s/%s >/dev/null 2>%s/err.txt", digiden, db, data_dir, names[i], dir) == 0,
		      "import-history %s", names[i]);
		free(names[i]);
	}
	const char *published[] = { "type23.csv", "mnc-expansion.csv", "telework.csv" };
	for (int i = 0; i < 3; i++)
		check(run("%s import-decisions --db %s %s/../published/%s >/dev/null 2>&1", digiden, db, data_dir, published[i]) == 0,
		      "import-decisions ../published/%s (R4補正 adoptions from 000/001 count as history)", published[i]);
	/* records the seeds do not give (R5補正, R6補正): synthetic, marked as such */
	write_file("synthetic.csv",
		   "organization_code,prefecture,organization,program,round,menu,status,title,note,source\n"
		   ",岩手県,軽米町,digital-implementation,fy2021-supp,type2,adopted,,テスト用（資料に一覧なし）,test_support.c\n"
		   ",岩手県,葛巻町,digital-implementation,令和5年度補正,type1,adopted,,テスト用（資料に一覧なし）,test_support.c\n"
		   ",岩手県,岩泉町,new-local-economy-digital,令和6年度補正,type1,adopted,,テスト用（資料に一覧なし）,test_support.c\n"
		   ",岩手県,田野畑村,digital-implementation,令和5年度補正,telework,adopted,,テスト用（資料に一覧なし）,test_support.c\n"
		   ",岩手県,普代村,dispatch,fy2024,referral,used,,テスト用（資料に一覧なし）,test_support.c\n");
	check(run("%s import-history --db %s %s/synthetic.csv >/dev/null 2>&1", digiden, db, dir) == 0,
	      "import-history of synthetic records for C1b/C1c/C1d alone and 人材紹介型 (no seed lists such organizations)");
}

static void history_queries(void)
{
	char out[300];
	snprintf(out, sizeof out, "%s/h.json", dir);
	json_error_t e;
	/* the seeds' lists as history: 類型② of 令和5、6年度 */
	run("%s history --db %s --program bansou --format json >%s 2>/dev/null", digiden, db, out);
	json_t *h = json_load_file(out, 0, &e);
	int r5 = 0, r7 = 0, prefs = 0;
	char names[512] = "";
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(h, "records"), i, r)
	{
		int fy = (int)json_integer_value(json_object_get(r, "fiscal_year"));
		r5 += fy == 2023;
		r7 += fy == 2025;
		const char *code = str(r, "organization_code");
		if ((fy == 2023 || fy == 2024) && strcmp(str(r, "menu"), "2") == 0 && strcmp(code + 2, "0000") > 0 &&
		    strncmp(code + 2, "000", 3) == 0) {
			prefs++;
			strncat(names, str(r, "organization"), sizeof names - strlen(names) - 1);
		}
	}
	check(r5 == 32, "令和5年度 伴走支援: 32 records (000「類型①で20団体、類型②で３団体を支援」+ 類型②の支援先9団体), got %d", r5);
	check(r7 == 15, "令和7年度 伴走支援: 15 records (" S_R7 "), got %d", r7);
	check(prefs == 5 && strstr(names, "青森県") && strstr(names, "埼玉県") && strstr(names, "静岡県") && strstr(names, "徳島県") &&
		      strstr(names, "宮崎県"),
	      "prefectures with 類型② in 令和5、6年度: %s — " S_N1, names);
	json_decref(h);
	/* one organization: 大蔵村 (R4補正 横展開型 via import-decisions + R7 類型③) */
	run("%s history --db %s --org %s --format json >%s 2>/dev/null", digiden, db, code_of("山形県", "大蔵村"), out);
	h = json_load_file(out, 0, &e);
	bool pub = false, r7g = false;
	json_array_foreach(json_object_get(h, "records"), i, r)
	{
		pub = pub || (strcmp(str(r, "origin"), "published") == 0 && strcmp(str(r, "menu"), "mnc_expansion") == 0);
		r7g = r7g || (strcmp(str(r, "program"), "bansou") == 0 && strcmp(str(r, "menu"), "3") == 0);
	}
	check(pub && r7g, "history of 大蔵村: R4補正 横展開型 (published decision) and R7 類型③ (002) — RULES.md §12.12 cross-check");
	json_decref(h);
	check(run("%s history --db %s --org 999999 >/dev/null 2>&1", digiden, db) == 2, "history of an invalid code → exit 2");
}

static void category1(void)
{
	int code;
	json_t *r;
	const char *yes = "--answers %s/yes1.json";
	char y[300];
	snprintf(y, sizeof y, yes, dir);

	r = support(db, &code, "--category 1 --org %s %s", code_of("北海道", "標茶町"), y);
	check(r && code == 0 && json_is_true(json_object_get(r, "eligible")) && strcmp(failing(r), "") == 0,
	      "標茶町 (R7 類型① selected, no other record) meets every 類型① condition — " S_R7);
	check(r && warn(r, "SAME_ROUND") && record_is(warn(r, "SAME_ROUND"), "bansou", 2025, "1", "history"),
	      "標茶町: warning SAME_ROUND names its R7 類型① record");
	json_t *c = r ? cond(r, "C1a") : NULL;
	check(c && str(c, "source")[0] && str(c, "quote")[0] && json_is_null(json_object_get(c, "record")),
	      "each condition carries its seed citation (source, quote) and record null when met");
	json_decref(r);

	r = support(db, &code, "--category 1 --org %s %s", code_of("北海道", "奥尻町"), y);
	fails_alone("奥尻町 (R5 類型①, 000)", r, code, "C1a", "bansou", 2023, "1", "history", S_C1A);
	json_decref(r);
	r = support(db, &code, "--category 1 --org %s %s", code_of("青森県", "田子町"), y);
	fails_alone("田子町 (supported under 青森県's R5 類型②, 000; reading RULES.md §15.4 item 38)", r, code, "C1a", "bansou", 2023, "2",
		    "history", S_C1A);
	check(r && warn(r, "N1") && record_is(warn(r, "N1"), "bansou", 2023, "2", "history"),
	      "田子町: N1 warning with 青森県's 類型② record — " S_N1);
	json_decref(r);
	r = support(db, &code, "--category 1 --org %s %s", code_of("岩手県", "軽米町"), y);
	fails_alone("軽米町 (R3補正 TYPE2, synthetic)", r, code, "C1b", "digital-implementation", 2021, "type2", "history", S_C1B);
	json_decref(r);
	r = support(db, &code, "--category 1 --org %s %s", code_of("茨城県", "つくば市"), y);
	check(r && code == 1 && strcmp(failing(r), "C1b,C1c") == 0 &&
		      record_is(cond(r, "C1b"), "digital-implementation", 2021, "type1", "history") &&
		      record_is(cond(r, "C1c"), "digital-implementation", 2022, "mnc_expansion", "published"),
	      "つくば市 fails C1b with its R3補正 TYPE1 record (000「R３年度補正 デジタル田園都市国家構想推進交付金 デジタル実装タイプ（TYPE1）採択」) "
	      "and C1c with its R4補正 横展開型 decision (import-decisions) — " S_C1B " / " S_C1C);
	json_decref(r);
	r = support(db, &code, "--category 1 --org %s %s", code_of("岡山県", "西粟倉村"), y);
	fails_alone("西粟倉村 (R4補正 TYPE2, imported with import-decisions)", r, code, "C1c", "digital-implementation", 2022, "type2",
		    "published", S_C1C);
	json_decref(r);
	r = support(db, &code, "--category 1 --org %s %s", code_of("北海道", "三笠市"), y);
	fails_alone("三笠市 (R4補正 横展開型, import-decisions)", r, code, "C1c", "digital-implementation", 2022, "mnc_expansion",
		    "published", S_C1C);
	json_decref(r);
	r = support(db, &code, "--category 1 --org %s %s", code_of("北海道", "室蘭市"), y);
	c = r ? cond(r, "C1c") : NULL;
	check(r && code == 0 && c && json_is_true(json_object_get(c, "ok")) && strstr(str(c, "reason"), "テレワーク型"),
	      "室蘭市 (R4補正 テレワーク型 only) meets C1c, and the reason names the excluded テレワーク型 adoption — " S_C1C);
	json_decref(r);
	r = support(db, &code, "--category 1 --org %s %s", code_of("岩手県", "葛巻町"), y);
	fails_alone("葛巻町 (R5補正 TYPE1, synthetic)", r, code, "C1c", "digital-implementation", 2023, "type1", "history", S_C1C);
	json_decref(r);
	r = support(db, &code, "--category 1 --org %s %s", code_of("岩手県", "田野畑村"), y);
	check(r && code == 0, "田野畑村 (R5補正 テレワーク型 only, synthetic) meets C1c — " S_C1C);
	json_decref(r);
	r = support(db, &code, "--category 1 --org %s %s", code_of("岩手県", "岩泉町"), y);
	fails_alone("岩泉町 (R6補正 デジタル実装型, synthetic)", r, code, "C1d", "new-local-economy-digital", 2024, "type1", "history",
		    S_C1D);
	json_decref(r);
	r = support(db, &code, "--category 1 --org %s %s", code_of("宮城県", "岩沼市"), y);
	fails_alone("岩沼市 (企業派遣型 from 令和3年4月, 000)", r, code, "C1e", "dispatch", 2021, "company", "history", S_C1E);
	json_decref(r);
	r = support(db, &code, "--category 1 --org %s %s", code_of("岩手県", "普代村"), y);
	fails_alone("普代村 (人材紹介型, synthetic; any menu counts — reading §15.4 item 38)", r, code, "C1e", "dispatch", 2024, "referral",
		    "history", S_C1E);
	json_decref(r);

	/* declarations */
	r = support(db, &code, "--category 1 --org %s", code_of("北海道", "標茶町"));
	check(r && code == 1 && strcmp(failing(r), "C2a,C2b,C3") == 0, "no answers: C2a, C2b, C3 fail as unanswered (%s) — " S_C2,
	      r ? failing(r) : "?");
	json_decref(r);
	r = support(db, &code, "--category 1 --org %s --answers %s/c2b-no.json", code_of("北海道", "標茶町"), dir);
	check(r && code == 1 && strcmp(failing(r), "C2b") == 0 && json_is_null(json_object_get(cond(r, "C2b"), "record")),
	      "C2b answered false: only C2b fails, no record — 002「人事異動があった際は後任者を確保し…」");
	json_decref(r);
	r = support(db, &code, "--category 1 --org 010006 %s", y);
	check(r && code == 1 && strstr(failing(r), "C0"), "北海道 (a prefecture) for 類型①: C0 fails — 002「基礎条件：以下の条件すべてを満たす市区町村」");
	json_decref(r);

	/* N1: one municipality in each of the five prefectures */
	static const char *const n1[][2] = { { "青森県", "弘前市" }, { "埼玉県", "川越市" }, { "静岡県", "熱海市" },
					     { "徳島県", "上勝町" }, { "宮崎県", "日南市" } };
	for (int i = 0; i < 5; i++) {
		r = support(db, &code, "--category 1 --org %s %s", code_of(n1[i][0], n1[i][1]), y);
		json_t *w = r ? warn(r, "N1") : NULL;
		check(r && code == 0 && w && record_is(w, "bansou", i < 3 ? 2023 : 2024, "2", "history"),
		      "%s%s: eligible with warning N1 (record: %s 類型②, %s) — " S_N1, n1[i][0], n1[i][1], n1[i][0],
		      i < 3 ? "令和5年度, 000" : "令和6年度, derived from 002");
		json_decref(r);
	}
	r = support(db, &code, "--category 1 --org %s %s", code_of("北海道", "標茶町"), y);
	check(r && warn(r, "N1") == NULL && warn(r, "N2") == NULL, "標茶町 (北海道): no N1/N2 warning");
	json_decref(r);
	/* N2 */
	r = support(db, &code, "--category 1 --org %s --answers %s/n2.json", code_of("北海道", "標茶町"), dir);
	json_t *w = r ? warn(r, "N2") : NULL;
	check(r && code == 0 && w && strstr(str(w, "message"), "条件付き採択"),
	      "prefecture plans 類型②, no prior consultation: eligible, warning N2 says 条件付き採択 — " S_N2);
	json_decref(r);
	r = support(db, &code, "--category 1 --org %s --answers %s/n2-consulted.json", code_of("北海道", "標茶町"), dir);
	w = r ? warn(r, "N2") : NULL;
	check(r && code == 0 && w && strstr(str(w, "message"), "相談した上"), "prefecture plans 類型②, consulted: warning N2 notes it — " S_N2);
	json_decref(r);
}

static void category2(void)
{
	int code;
	json_t *r;
	char y[300];
	snprintf(y, sizeof y, "--answers %s/yes2.json", dir);
	/* all 47 prefectures: exactly the five are excluded, by P1 alone */
	char excluded[512] = "";
	int n_ok = 0, n_alone = 0;
	for (int p = 1; p <= 47; p++) {
		char c5[16];
		snprintf(c5, sizeof c5, "%02d000", p);
		r = support(db, &code, "--category 2 --org %s%d %s", c5, check_digit(c5), y);
		if (r && code == 0)
			n_ok++;
		else if (r && code == 1) {
			const char *name = str(json_array_get(json_object_get(r, "organizations"), 0), "name");
			strncat(excluded, excluded[0] ? "、" : "", sizeof excluded - strlen(excluded) - 1);
			strncat(excluded, name, sizeof excluded - strlen(excluded) - 1);
			json_t *rec = json_object_get(cond(r, "P1"), "record");
			json_int_t fy = json_integer_value(json_object_get(rec, "fiscal_year"));
			n_alone += strcmp(failing(r), "P1") == 0 && strcmp(str(rec, "program"), "bansou") == 0 &&
				   strcmp(str(rec, "menu"), "2") == 0 && (fy == 2023 || fy == 2024);
		}
		json_decref(r);
	}
	check(n_ok == 42 && strcmp(excluded, "青森県、埼玉県、静岡県、徳島県、宮崎県") == 0,
	      "類型② 令和7年度: the prefectures excluded are %s (%d of 47 eligible) — " S_P1 " and " S_N1, excluded, n_ok);
	check(n_alone == 5, "each of the five fails P1 alone, with its 類型② record (%d of 5)", n_alone);
	r = support(db, &code, "--category 2 --org 220001 %s", y);
	fails_alone("静岡県", r, code, "P1", "bansou", 2023, "2", "history", S_P1 " / 000 令和5年度 類型② 静岡県");
	json_decref(r);
	r = support(db, &code, "--category 2 --org 360007 %s", y);
	fails_alone("徳島県", r, code, "P1", "bansou", 2024, "2", "history", S_P1 " / 002 留意点（令和6年度と導出）");
	json_decref(r);

	r = support(db, &code, "--category 2 --org 010006 --answers %s/p2a-no-partner.json", dir);
	check(r && code == 1 && strcmp(failing(r), "P2a") == 0, "北海道 without the partner's name: P2a fails (reading) — " S_P2A);
	json_decref(r);
	r = support(db, &code, "--category 2 --org %s %s", code_of("北海道", "標茶町"), y);
	check(r && code == 1 && strstr(failing(r), "P0"), "a municipality for 類型②: P0 fails — 002「基礎条件：以下の条件すべてを満たす都道府県」");
	json_decref(r);
	/* P3a: named targets */
	r = support(db, &code, "--category 2 --org 010006,%s,%s,%s %s", code_of("北海道", "標茶町"), code_of("北海道", "奥尻町"),
		    code_of("茨城県", "つくば市"), y);
	json_t *t0 = r ? item(r, "conditions", "P3a", 1) : NULL, *t1 = r ? item(r, "conditions", "P3a", 2) : NULL,
	       *t2 = r ? item(r, "conditions", "P3a", 3) : NULL;
	check(r && code == 1 && strcmp(failing(r), "P3a") == 0 && t0 && json_is_true(json_object_get(t0, "ok")) && t1 &&
		      !json_is_true(json_object_get(t1, "ok")) && record_is(t1, "bansou", 2023, "1", "history") && t2 &&
		      !json_is_true(json_object_get(t2, "ok")) && strstr(str(t2, "reason"), "管内"),
	      "北海道 naming 標茶町 (meets C1a–C1e), 奥尻町 (C1a, R5 類型① record) and つくば市 (not 管内) — " S_P3A);
	json_decref(r);
}

static void category3(void)
{
	int code;
	json_t *r;
	char y[300];
	snprintf(y, sizeof y, "--answers %s/yes3.json", dir);
	static const char *const yamagata[] = { "金山町", "最上町", "舟形町", "真室川町", "大蔵村", "鮭川村", "戸沢村" };
	char list[256] = "060003";
	for (int i = 0; i < 7; i++) {
		strcat(list, ",");
		strcat(list, code_of("山形県", yamagata[i]));
	}
	r = support(db, &code, "--category 3 --org %s %s --representative %s --contact '金山町 企画課'", list, y, code_of("山形県", "金山町"));
	json_t *w4 = r ? cond(r, "W4") : NULL;
	check(r && code == 0 && json_is_true(json_object_get(cond(r, "W2"), "ok")) && w4 && strstr(str(w4, "reason"), "申請できます"),
	      "山形県 + 7町村 (R7 類型③ No.1) is eligible although 金山町 (R5 類型①) and 大蔵村 (R4補正 横展開型) have records — " S_W4);
	json_decref(r);
	char hok[256] = "";
	static const char *const hk[] = { "苫小牧市", "厚真町", "安平町", "むかわ町", "白老町" };
	for (int i = 0; i < 5; i++) {
		strcat(hok, i ? "," : "");
		strcat(hok, code_of("北海道", hk[i]));
	}
	r = support(db, &code, "--category 3 --org %s %s --representative %s --contact 担当", hok, y, code_of("北海道", "苫小牧市"));
	check(r && code == 0, "北海道 5市町 without the prefecture (R7 類型③ No.2) is eligible — " S_W0);
	json_decref(r);

	/* W0 */
	const char *kane = code_of("山形県", "金山町"), *moga = code_of("山形県", "最上町"), *shibe = code_of("北海道", "標茶町");
	r = support(db, &code, "--category 3 --org %s %s --representative %s --contact x", kane, y, kane);
	check(r && code == 1 && strcmp(failing(r), "W0") == 0, "one municipality alone: W0 fails — " S_W0);
	json_decref(r);
	r = support(db, &code, "--category 3 --org 060003,%s %s --representative %s --contact x", kane, y, kane);
	check(r && code == 1 && strcmp(failing(r), "W0") == 0, "山形県 + one municipality: W0 fails (複数市区町村) — " S_W0);
	json_decref(r);
	r = support(db, &code, "--category 3 --org 060003,%s,%s,%s %s --representative %s --contact x", kane, moga,
		    code_of("宮城県", "岩沼市"), y, kane);
	check(r && code == 1 && strcmp(failing(r), "W0") == 0 && strstr(str(cond(r, "W0"), "reason"), "管内"),
	      "山形県 with 岩沼市 (宮城県): W0 fails, not 管内 — " S_W0);
	json_decref(r);
	r = support(db, &code, "--category 3 --org 060003,040002,%s,%s %s --representative %s --contact x", kane, moga, y, kane);
	check(r && code == 1 && strcmp(failing(r), "W0") == 0, "two prefectures: W0 fails — " S_W0);
	json_decref(r);
	r = support(db, &code, "--category 3 --org %s,%s %s --representative %s --contact x", kane, code_of("宮城県", "岩沼市"), y, kane);
	check(r && code == 0 && warn(r, "W0"),
	      "金山町 + 岩沼市 (two prefectures, no prefecture member): accepted with a W0 warning (not stated) — " S_W0);
	json_decref(r);
	/* W2 */
	r = support(db, &code, "--category 3 --org %s,%s %s --representative %s --contact x", shibe, code_of("北海道", "弟子屈町"), y,
		    shibe);
	fails_alone("標茶町 (R7 類型①) in a 類型③ group", r, code, "W2", "bansou", 2025, "1", "history", S_W2);
	json_decref(r);
	r = support(empty_db, &code, "--category 3 --org %s,%s %s --representative %s --contact x", shibe, code_of("北海道", "弟子屈町"), y,
		    shibe);
	check(r && code == 0 && warn(r, "W2"), "no R7 selections recorded yet: W2 met with a warning to re-check after the decisions — " S_W2);
	json_decref(r);
	/* W3f */
	r = support(db, &code, "--category 3 --org %s %s", hok, y);
	check(r && code == 1 && strcmp(failing(r), "W3f") == 0, "no representative: W3f fails — " S_W3F);
	json_decref(r);
	r = support(db, &code, "--category 3 --org %s %s --representative %s --contact x", hok, y, kane);
	check(r && code == 1 && strcmp(failing(r), "W3f") == 0, "representative not a member: W3f fails — " S_W3F);
	json_decref(r);
	r = support(db, &code, "--category 3 --org %s %s --representative %s", hok, y, code_of("北海道", "苫小牧市"));
	check(r && code == 1 && strcmp(failing(r), "W3f") == 0, "no contact person: W3f fails — " S_W3F);
	json_decref(r);
	/* declarations and guidance */
	r = support(db, &code, "--category 3 --org %s --answers %s/w1-missing.json --representative %s --contact x", hok, dir,
		    code_of("北海道", "苫小牧市"));
	check(r && code == 1 && strcmp(failing(r), "W1") == 0 && warn(r, "W3d"),
	      "W1 unanswered fails; W3d answered false gives a warning only — 002【条件1】 and " S_W3D);
	json_decref(r);
}

static void bad_input(void)
{
	int code;
	json_t *r;
	const char *shibe = code_of("北海道", "標茶町");
	r = support(db, &code, "--category 4 --org %s", shibe);
	check(code == 2 && r == NULL, "--category 4 → exit 2, nothing on stdout");
	json_decref(r);
	r = support(db, &code, "--category 1 --org 016642");
	check(code == 2, "check digit wrong → exit 2");
	json_decref(r);
	r = support(db, &code, "--category 1 --org 999990");
	check(code == 2, "invalid prefecture part → exit 2");
	json_decref(r);
	r = support(db, &code, "--category 1 --org %s,%s", shibe, code_of("北海道", "奥尻町"));
	check(code == 2, "類型① with two organizations → exit 2");
	json_decref(r);
	r = support(db, &code, "--category 3 --org %s,%s", shibe, shibe);
	check(code == 2, "duplicate organization → exit 2");
	json_decref(r);
	r = support(db, &code, "--category 1 --org %s --answers %s/unknown-id.json", shibe, dir);
	char path[300];
	snprintf(path, sizeof path, "%s/err.txt", dir);
	char *err = slurp(path);
	check(code == 2 && err && strstr(err, "answers.declarations.P2a"), "an answer for a 類型② condition in 類型① → exit 2 naming answers.declarations.P2a");
	free(err);
	json_decref(r);
	r = support(db, &code, "--category 1 --org %s --answers %s/broken.json", shibe, dir);
	err = slurp(path);
	check(code == 2 && err && strstr(err, "broken.json:"), "malformed answers JSON → exit 2 with file:line:column");
	free(err);
	json_decref(r);
	code = run("%s support-check --db %s --program bansou/fy2030 --category 1 --org %s >/dev/null 2>&1", digiden, db, shibe);
	check(code == 2, "unknown program bansou/fy2030 → exit 2");
	code = run("%s support-check --db %s --program ../../etc/passwd --category 1 --org %s >/dev/null 2>&1", digiden, db, shibe);
	check(code == 2, "a path as program → exit 2 (rule data only from the embedded files)");
}

static int history_count(void)
{
	char out[300];
	snprintf(out, sizeof out, "%s/count.json", dir);
	int n = 0;
	const char *programs[] = { "bansou", "digital-implementation", "dispatch", "future-tech", "new-local-economy-digital" };
	for (int i = 0; i < 5; i++) {
		run("%s history --db %s --program %s --format json >%s 2>/dev/null", digiden, db, programs[i], out);
		json_error_t e;
		json_t *h = json_load_file(out, 0, &e);
		n += (int)json_array_size(json_object_get(h, "records"));
		json_decref(h);
	}
	return n;
}

static void import_errors(void)
{
	int before = history_count();
	write_file("bad.csv", "organization_code,prefecture,organization,program,round,menu,status,title,note,source\n"
			      ",北海道,標茶町,bansou,fy2026,1,selected,,ok row,x\n"
			      ",北海道,存在しない町,bansou,fy2026,1,selected,,,x\n"
			      ",北海道,標茶町,bansou,令和99年度,1,selected,,,x\n"
			      ",北海道,標茶町,bansou,fy2026,4,selected,,,x\n"
			      ",北海道,標茶町,bansou,fy2026,1,adopted,,,x\n"
			      ",北海道,標茶町,lottery,fy2026,1,selected,,,x\n"
			      "016642,北海道,,bansou,fy2026,1,selected,,,x\n"
			      ",北海道,標茶町,future-tech,fy2026,,selected,,,\n"
			      ",北海道,標茶町,bansou,fy2026,1,selected,,ok row,x\n");
	int code = run("%s import-history --db %s %s/bad.csv >/dev/null 2>%s/err.txt", digiden, db, dir, dir);
	char path[300];
	snprintf(path, sizeof path, "%s/err.txt", dir);
	char *err = slurp(path);
	bool lines = err && strstr(err, "3:organization") && strstr(err, "4:round") && strstr(err, "5:menu") && strstr(err, "6:status") &&
		     strstr(err, "7:program") && strstr(err, "8:organization_code") && strstr(err, "9:source") && strstr(err, "10:");
	check(code == 1 && lines, "a history CSV with 8 bad rows → exit 1, every problem with LINE:column (incl. a duplicate row)");
	check(history_count() == before, "… and nothing was imported (all or nothing): %d records before and after", before);
	free(err);
	write_file("header.csv", "code,prefecture\n");
	check(run("%s import-history --db %s %s/header.csv >/dev/null 2>&1", digiden, db, dir) == 2, "a wrong header → exit 2");
	code = run("%s import-history --db %s %s/dispatch.csv >/dev/null 2>&1", digiden, db, data_dir);
	check(code == 1 && history_count() == before, "importing dispatch.csv again → exit 1 (already imported), nothing added");
}

/* An application decided in digiden (over the HTTP API) counts as history. */
static void decided_in_digiden(void)
{
	if (h_server_start(&srv, digiden) != 0) {
		check(false, "digiden serve started");
		return;
	}
	char *example = h_find_example(digiden, "type1-natori.json");
	check(example && run("%s import --db %s %s >/dev/null 2>&1", digiden, srv.db, example) == 0,
	      "import examples/type1-natori.json as 名取市's draft");
	free(example);
	setenv("DIGIDEN_PASSWORD", "support-test-pw-1", 1);
	check(run("%s user add --db %s --login natori --role applicant --organization 042072 >/dev/null 2>&1", digiden, srv.db) == 0 &&
		      run("%s user add --db %s --login rev --role reviewer >/dev/null 2>&1", digiden, srv.db) == 0,
	      "applicant and reviewer accounts");
	h_client *c = h_client_new(&srv);
	bool logged = h_login(c, "app", "natori", "support-test-pw-1") == 200 && h_login(c, "office", "admin", H_ADMIN_PASSWORD) == 200 &&
		      h_login(c, "rev", "rev", "support-test-pw-1") == 200;
	const char *steps[][4] = {
		{ "app", "/api/v1/applications/1/submit", "{}", "submitted" },
		{ "office", "/api/v1/applications/1/screen", "{}", "screened" },
		{ "office", "/api/v1/applications/1/assign", "{\"reviewer\":\"rev\"}", "under_review" },
		{ "rev", "/api/v1/applications/1/reviews", "{\"scores\":{\"issue_solution\":3},\"comment\":\"可\"}", NULL },
		{ "office", "/api/v1/applications/1/decision", "{\"decision\":\"adopted\",\"amount_yen\":27500000}", "adopted" },
	};
	bool ok = logged;
	for (size_t i = 0; ok && i < sizeof steps / sizeof steps[0]; i++) {
		h_resp r = h_http(c, "POST", steps[i][1], "application/json", steps[i][2], steps[i][0]);
		ok = r.status >= 200 && r.status < 300 &&
		     (steps[i][3] == NULL || strcmp(str(r.json, "status"), steps[i][3]) == 0);
		if (!ok)
			fprintf(stderr, "%s: %s\n", steps[i][1], h_resp_brief(&r));
		h_resp_free(&r);
	}
	check(ok, "名取市's TYPE1 application submitted, screened, reviewed and adopted over the API");
	h_client_free(c);
	h_server_stop(&srv);
	int code;
	json_t *r = support(srv.db, &code, "--category 1 --org 042072 --answers %s/yes1.json", dir);
	fails_alone("名取市 (R4補正 TYPE1 adopted in digiden)", r, code, "C1c", "digital-implementation", 2022, "type1", "digiden", S_C1C);
	json_decref(r);
	h_server_cleanup(&srv);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: test_support DIGIDEN DATA_DIR\n");
		return 2;
	}
	digiden = argv[1];
	data_dir = argv[2];
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	h_watchdog(600, "support tests", &passed, &failed, &srv);
	setenv("DIGIDEN_ADMIN_PASSWORD", "support-test-admin-1", 1);
	snprintf(db, sizeof db, "%s/history.db", dir);
	snprintf(empty_db, sizeof empty_db, "%s/empty.db", dir);
	write_file("yes1.json", "{\"declarations\":{\"C2a\":true,\"C2b\":true,\"C3\":true}}");
	write_file("c2b-no.json", "{\"declarations\":{\"C2a\":true,\"C2b\":false,\"C3\":true}}");
	write_file("n2.json", "{\"declarations\":{\"C2a\":true,\"C2b\":true,\"C3\":true},\"prefecture_plans_category2\":true}");
	write_file("n2-consulted.json", "{\"declarations\":{\"C2a\":true,\"C2b\":true,\"C3\":true},\"prefecture_plans_category2\":true,"
					"\"consulted_prefecture\":true}");
	write_file("yes2.json", "{\"declarations\":{\"P2a\":true,\"P2b\":true,\"P3a\":true,\"P3b\":true,\"P3c\":true,\"P3d\":true},"
				"\"partner\":\"地元デジタル株式会社 本店\"}");
	write_file("p2a-no-partner.json", "{\"declarations\":{\"P2a\":true,\"P2b\":true,\"P3a\":true,\"P3b\":true,\"P3c\":true,\"P3d\":true}}");
	write_file("yes3.json", "{\"declarations\":{\"W1\":true,\"W3a\":true,\"W3b\":true,\"W3c\":true,\"W3d\":true,\"W3e\":true}}");
	write_file("w1-missing.json", "{\"declarations\":{\"W3a\":true,\"W3b\":true,\"W3c\":true,\"W3d\":false,\"W3e\":true}}");
	write_file("unknown-id.json", "{\"declarations\":{\"C2a\":true,\"P2a\":true}}");
	write_file("broken.json", "{\"declarations\": {\"C2a\": tru}}");

	quotes_are_in_the_seed();
	import_all();
	history_queries();
	category1();
	category2();
	category3();
	bad_input();
	import_errors();
	decided_in_digiden();

	run("rm -rf %s", dir);
	printf("support tests: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
