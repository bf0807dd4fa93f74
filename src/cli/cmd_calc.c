/* cmd_calc.c — `digiden calc KIND` (総務省 地域社会DX推進パッケージ, 地方債, 特別交付税,
 * 地域活性化起業人) and `digiden dispatch-check` (デジタル専門人材派遣): read an input
 * (a JSON file and/or --key value flags), decode it and run core/finance.c or
 * core/dispatch.c through io/json_finance.c (shared with the API and the pages), and
 * print the yen figures with the trace — Japanese text by default, JSON with --json.
 * Drafts (案) and requested measures (要望中) are marked wherever they are used. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/dispatch.h"
#include "../core/finance.h"
#include "../io/catalog.h"
#include "../io/json_finance.h"
#include "../io/readfile.h"
#include "../io/rules_cache.h"
#include "cli_db.h"
#include "cli_opt.h"
#include "commands.h"

/* ---- the commands' options and help ------------------------------------------------------- */

enum { O_JSON, O_ORGS, O_POPULATIONS };
static const cli_opt calc_opts[] = {
	[O_JSON] = { "json", 0, NULL, "機械向けの JSON を出す", false },
	[O_ORGS] = CLI_OPT_ORGS(0),
	CLI_OPT_END,
};
static const char calc_about[] =
	"総務省の地域社会DX推進パッケージ（令和8年度概算要求（案））、地方債（要望中）、交付税措置の額を\n"
	"整数の円で計算し、根拠（資料と文言）を示します。入力は JSON ファイル（- で標準入力）か、\n"
	"--項目 値 のフラグ（項目名の - は _ と同じ。値は JSON として読めればその値、読めなければ文字列。\n"
	"--applicant.code 042072 のように . で入れ子）。両方あればフラグが優先します。金額は円の整数か\n"
	"\"1億円\" \"5,000万円\" のような文字列。";
static const char calc_notes[] =
	"端数は資料に記載がなく、1円未満切り捨て（digidenの読み。根拠に表示）。\n"
	"終了コード: 0 計算できた / 1 規則のエラー（対象外の団体、連携数の不足 など） / 2 入力を読めない";
const cli_cmd cmd_calc_spec = { "calc", "calc 種類 [--json] [--orgs FILE] [INPUT.json|-] [--項目 値 ...]", calc_about, calc_opts,
				  calc_notes,
	.summary = "地域社会DX推進パッケージ・地方債・交付税措置の額を計算する", .run_raw = cmd_calc
};
#define CALC_USAGE(kind) "calc " kind " [--json] [--orgs FILE] [INPUT.json|-] [--項目 値 ...]"
static const cli_cmd calc_kinds[] = {
	{ "calc dx-package", CALC_USAGE("dx-package"),
	  "ア-2 推進体制構築支援（上限1億円、過去に選定された地域は5,000万円）\n"
	  "入力の項目: prefecture（都道府県の団体コード、必須） partners（管内の市区町村コードの配列）か\n"
	  "partner_count（数）  previously_selected（真偽）  previous_partner_count（前回の連携数。\n"
	  "過去に選定された地域では必須）  project_scale_yen（事業規模）",
	  calc_opts, calc_notes },
	{ "calc subsidy", CALC_USAGE("subsidy"),
	  "ウ 補助事業（補助率1/2、上限なし）\n"
	  "入力の項目: eligible_cost_yen（補助対象経費、必須） applicant（{\"code\": 団体コード} か {\"kind\": \"private\"}）\n"
	  "wireless_network, connected_solution, consortium_with_local_government（真偽）\n"
	  "rental_cloud_years（レンタル・クラウドの年数） bond（地方負担に充てる地方債: kaso, hekichi,\n"
	  "general_subsidy, public_works） kaso_area, hekichi_facility（真偽）",
	  calc_opts, calc_notes },
	{ "calc bond", CALC_USAGE("bond"),
	  "地方債（充当率・元利償還金に対する交付税措置率）\n"
	  "入力の項目: bond（kaso 過疎対策事業債 / hekichi 辺地対策事業債 / general_subsidy 一般補助施設整備等事業債 /\n"
	  "public_works 公共事業等債 / digital_utilization デジタル活用推進事業債、必須）\n"
	  "local_share_yen（地方負担）か eligible_cost_yen（補助対象経費。地方負担はその1/2）、\n"
	  "digital_utilization は project_cost_yen（地方単独事業の事業費）  issuer（起債する団体のコード）\n"
	  "fiscal_year  kaso_area  hekichi_facility",
	  calc_opts, calc_notes },
	{ "calc special-tax", CALC_USAGE("special-tax"),
	  "特別交付税（措置率0.7）\n"
	  "入力の項目: measure（cio CIO補佐官等 / pref_digital_staff 市町村支援のデジタル人材 / dx_leader DX推進リーダー、必須）\n"
	  "organization（団体コード、必須） fiscal_year（年度、必須: 2025 / \"令和7年度\"）\n"
	  "persons（[{\"name\", \"cost_yen\", \"employment\": part_time|contract|full_time}]）\n"
	  "recruitment_cost_yen（募集経費） other_cost_yen（pref_digital_staff: その他の対象経費）\n"
	  "training_cost_yen（dx_leader: 育成の経費、必須）",
	  calc_opts, calc_notes },
	{ "calc kigyoujin", CALC_USAGE("kigyoujin"),
	  "地域活性化起業人（上限 年間560万円/人。措置率は資料に記載なし）\n"
	  "入力の項目: organization（必須） persons か cost_yen（1人分） outside_three_metropolitan_areas（真偽）\n"
	  "fiscal_year",
	  calc_opts, calc_notes },
};
enum { N_CALC_KINDS = sizeof calc_kinds / sizeof calc_kinds[0] };

static const cli_opt dispatch_opts[] = {
	[O_JSON] = { "json", 0, NULL, "機械向けの JSON を出す", false },
	[O_ORGS] = CLI_OPT_ORGS(0),
	[O_POPULATIONS] = { "populations", 0, "FILE", "団体の人口（1行に「団体コード<TAB>人口[<TAB>基準日・出典]」、# で始まる行は注釈）", false },
	CLI_OPT_END,
};
const cli_cmd cmd_dispatch_check_spec = {
	"dispatch-check", "dispatch-check [--json] [--orgs FILE] [--populations FILE] INPUT.json|-",
	"デジタル専門人材派遣・地方創生人材支援制度の派遣を判定します: 団体種別ごとに受けられる派遣の種類、\n"
	"期間（半年以上２年以下、国家公務員は原則２年間）、３者の合意による１年間の延長、協力企業の照合と\n"
	"ニーズに合う協力企業の一覧、併用する支援措置の額（地域活性化起業人、CIO補佐官等、市町村支援の\n"
	"デジタル人材）。",
	dispatch_opts,
	"入力（JSON）:\n"
	"{\"organization\": {\"code\": \"042072\"},           派遣先の団体（必須）\n"
	" \"kind\": \"digital_expert\",                      national_official 国家公務員 / university_researcher 大学研究者 /\n"
	"                                                private_expert 民間専門人材 / digital_expert デジタル専門人材\n"
	" \"menu\": \"company_dispatch\",                    digital_expert のとき必須: company_dispatch 企業派遣型 /\n"
	"                                                talent_referral 人材紹介型\n"
	" \"period\": {\"start\": \"2024-04\", \"months\": 24},  開始年月と期間（延長を除く）\n"
	" \"extension\": {\"months\": 12, \"agreement\": {\"dispatchee\": true, \"sending_organization\": true,\n"
	"                                            \"recipient\": true}},   延長（派遣者・派遣元企業等・派遣先）\n"
	" \"partner_company\": \"株式会社 BSNアイネット\",      派遣元（協力企業の一覧と照合）\n"
	" \"need\": {\"text\": \"DX推進計画の策定\", \"menu\": …, \"industry\": \"情報サービス\"},   ニーズ → 協力企業\n"
	" \"measures\": [{\"id\": \"kigyoujin\"|\"cio\"|\"pref_digital_staff\"|\"digiden_grant\", \"fiscal_year\": 2024,\n"
	"               \"cost_yen\": 派遣者の年間の経費, \"recruitment_cost_yen\": …, \"employment\": …,\n"
	"               \"others\": [同じ団体の他の人材 {\"name\", \"cost_yen\", \"employment\"}],\n"
	"               \"outside_three_metropolitan_areas\": true}]}\n"
	"\n"
	"団体の人口（国家公務員の「原則人口10万人以下」）は運用者のデータで --populations で渡します。分からないときは警告です。\n"
	"協力企業のマッチング: 資料に企業ごとの得意分野はないため、型（ニーズの文に資料の「想定されるニーズ」の語が\n"
	"あるか、指定）と企業派遣型の業種（資料の表から digiden が読んだもの）で絞り、該当する協力企業を資料の順に\n"
	"すべて挙げます。\n"
	"終了コード: 0 派遣できる / 1 規則のエラー / 2 入力を読めない",
	.summary = "デジタル専門人材派遣の派遣形態・期間・支援措置を判定する", .run_raw = cmd_dispatch_check
};

/* ---- reading the input: a file and/or --key value flags ------------------------------------ */

/* Sets path (a.b.c, "-" read as "_") in root to the flag's value. */
static int set_flag(json_t *root, const char *flag, const char *value, char *err, size_t errlen)
{
	char key[256];
	size_t n = 0;
	for (const char *p = flag; *p && n + 1 < sizeof key; p++)
		key[n++] = *p == '-' ? '_' : *p;
	key[n] = 0;
	if (n == 0) {
		snprintf(err, errlen, "--%s: 項目名がありません", flag);
		return -1;
	}
	json_error_t je;
	json_t *v = json_loads(value, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
	if (v == NULL)
		v = json_string(value);
	json_t *obj = root;
	char *save = NULL;
	char *part = strtok_r(key, ".", &save);
	while (part) {
		char *next = strtok_r(NULL, ".", &save);
		if (next == NULL) {
			json_object_set_new(obj, part, v);
			return 0;
		}
		json_t *child = json_object_get(obj, part);
		if (!json_is_object(child)) {
			child = json_object();
			json_object_set_new(obj, part, child);
		}
		obj = child;
		part = next;
	}
	json_decref(v);
	snprintf(err, errlen, "--%s: 項目名が正しくありません", flag);
	return -1;
}

typedef struct cli_opts {
	bool json;
	const char *orgs;
	const char *populations;
	const char *file;
	json_t *input; /* owned */
	const char *label;
} cli_opts;

static bool is_option(const cli_cmd *cmd, const char *name, const cli_opt **which)
{
	for (const cli_opt *op = cmd->opts; op->name; op++)
		if (strcmp(op->name, name) == 0) {
			*which = op;
			return true;
		}
	*which = NULL;
	return strcmp(name, "help") == 0;
}

/* Parses argv (argv[0]: the calculator's or the command's name) with cmd's options;
 * with allow_flags every other --項目 値 goes into the input first. Returns 0, 1 when
 * the command is done (*exit_code: --help printed, or a usage error), or -1 with a
 * message in err. */
static int parse_args(const cli_cmd *cmd, int argc, char **argv, bool allow_flags, cli_opts *o, int *exit_code, char *err,
		      size_t errlen)
{
	memset(o, 0, sizeof *o);
	json_t *flags = json_object();
	char **kept = malloc(((size_t)argc + 1) * sizeof *kept);
	int nk = 0, rc = -1;
	if (flags == NULL || kept == NULL) {
		snprintf(err, errlen, "メモリが足りません");
		goto fail;
	}
	kept[nk++] = argv[0];
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		const cli_opt *op = NULL;
		if (!allow_flags || strncmp(s, "--", 2) != 0 || s[2] == 0 || is_option(cmd, s + 2, &op)) {
			kept[nk++] = argv[i];
			if (allow_flags && strncmp(s, "--", 2) == 0 && s[2] && op && op->arg && i + 1 < argc)
				kept[nk++] = argv[++i]; /* an option's argument is never a --項目 */
			continue;
		}
		if (strcmp(s, "--populations") == 0) {
			snprintf(err, errlen, "--populations は dispatch-check のオプションです");
			goto fail;
		}
		if (i + 1 >= argc) {
			snprintf(err, errlen, "%s の後に値を指定してください", s);
			goto fail;
		}
		if (set_flag(flags, s + 2, argv[i + 1], err, errlen) != 0)
			goto fail;
		i++;
	}
	kept[nk] = NULL;
	cli_args a;
	if (cli_opt_parse(cmd, nk, kept, &a, exit_code) != 0) {
		rc = 1;
		goto fail;
	}
	if (a.n_operands > 1) {
		snprintf(err, errlen, "入力ファイルは1つです（%s と %s）", a.operands[0], a.operands[1]);
		goto fail;
	}
	o->json = a.val[O_JSON] != NULL;
	o->orgs = a.val[O_ORGS];
	o->populations = a.val[O_POPULATIONS];
	o->file = a.n_operands ? a.operands[0] : NULL;
	free(kept);
	kept = NULL;
	if (o->file) {
		char *text;
		size_t len;
		if (readfile(o->file, READFILE_MAX_BYTES, &text, &len, err, errlen) != 0) {
			json_decref(flags);
			return -1;
		}
		json_error_t je;
		o->input = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
		free(text);
		if (o->input == NULL) {
			snprintf(err, errlen, "%s: %d行 %d列: JSON として読めません（%s）", o->file, je.line, je.column, je.text);
			json_decref(flags);
			return -1;
		}
		if (!json_is_object(o->input)) {
			snprintf(err, errlen, "%s: 入力は JSON のオブジェクトであるべきです", o->file);
			json_decref(flags);
			json_decref(o->input);
			o->input = NULL;
			return -1;
		}
		o->label = strcmp(o->file, "-") == 0 ? "標準入力" : o->file;
	} else {
		o->input = json_object();
		o->label = "コマンドラインの項目";
	}
	if (json_object_size(flags) > 0)
		json_object_update_recursive(o->input, flags);
	json_decref(flags);
	if (o->file == NULL && (json_object_size(o->input) == 0 || !allow_flags)) {
		snprintf(err, errlen, allow_flags ? "入力（JSON ファイルか --項目 値）を指定してください" : "入力ファイル（JSON、- で標準入力）を指定してください");
		json_decref(o->input);
		o->input = NULL;
		return -1;
	}
	return 0;
fail:
	free(kept);
	json_decref(flags);
	return rc;
}

/* ---- output: Japanese text (--json: io/json_finance.c) ------------------------------------ */

static int print_json(json_t *o)
{
	int rc = o ? json_dumpf(o, stdout, JSON_INDENT(2)) : -1;
	if (rc == 0)
		fputc('\n', stdout);
	json_decref(o);
	return rc;
}

static const char *mark(fin_status s) { return s == FIN_DRAFT ? "【案】" : s == FIN_REQUESTED ? "【要望中】" : ""; }

static void print_status_banner(unsigned st, const char *indent)
{
	if ((st >> FIN_DRAFT) & 1u)
		printf("%s【案】令和8年度概算要求（案）の値を使っています。確定した制度ではありません。\n", indent);
	if ((st >> FIN_REQUESTED) & 1u)
		printf("%s【要望中】現在要望中の財政措置の値を使っています。今後内容が変わり得ます。\n", indent);
}

/* The seeds' letter-spaced headings ("上 限 １ 億 円", "5 , 0 0 0 万") read better without
 * the spaces: a space next to a non-ASCII character, or between two digits / commas /
 * points, is dropped (the JSON keeps the quote verbatim). */
static bool numeric(char c) { return (c >= '0' && c <= '9') || c == ',' || c == '.'; }
static void print_quote(const char *q)
{
	for (const char *p = q; *p; p++) {
		if (*p == ' ' && p > q && p[1] != 0 &&
		    ((unsigned char)p[-1] >= 0x80 || (unsigned char)p[1] >= 0x80 || (numeric(p[-1]) && numeric(p[1]))))
			continue;
		putchar(*p);
	}
}

static void print_text(const fin_result *r, const char *label, const char *indent)
{
	char b[64];
	print_status_banner(r->statuses, indent);
	if (r->n_figures > 0) {
		printf("%s金額:\n", indent);
		for (size_t i = 0; i < r->n_figures; i++) {
			const fin_figure *f = &r->figures[i];
			if (f->present)
				printf("%s  %s: %s%s\n", indent, f->label, money_format_yen(f->yen, b, sizeof b), f->approximate ? "程度（概算）" : "");
			else
				printf("%s  %s: 計算しません\n", indent, f->label);
		}
	}
	if (r->n_facts > 0) {
		printf("%s判定・数:\n", indent);
		for (size_t i = 0; i < r->n_facts; i++) {
			const fin_fact *f = &r->facts[i];
			if (f->type == FACT_BOOL)
				printf("%s  %s: %s\n", indent, f->label, f->b ? "はい" : "いいえ");
			else if (f->type == FACT_INT)
				printf("%s  %s: %lld\n", indent, f->label, (long long)f->n);
			else if (f->type == FACT_TEXT)
				printf("%s  %s: %s\n", indent, f->label, f->text);
			else
				printf("%s  %s: —\n", indent, f->label);
		}
	}
	static const char *const heads[DIAG__MAX] = { "エラー", "警告", "情報" };
	for (int s = 0; s < DIAG__MAX; s++) {
		if (diag_count(&r->diags, (diag_severity)s) == 0)
			continue;
		printf("%s%s:\n", indent, heads[s]);
		for (size_t i = 0; i < r->diags.len; i++) {
			const diag *d = &r->diags.items[i];
			if ((int)d->severity == s)
				printf("%s  %s: %s%s%s [%s]\n", indent, label, d->path, d->path[0] ? ": " : "", d->message, d->code);
		}
	}
	if (r->n_trace > 0) {
		printf("%s根拠:\n", indent);
		for (size_t i = 0; i < r->n_trace; i++) {
			const fin_step *t = &r->trace[i];
			printf("%s  %zu. %s%s%s\n", indent, i + 1, mark(t->status), t->label, t->reading ? "（digidenの読み）" : "");
			if (t->quote) {
				printf("%s     %s 「", indent, t->source);
				print_quote(t->quote);
				printf("」\n");
			}
			else if (t->source && strcmp(t->source, "input") == 0)
				printf("%s     入力\n", indent);
		}
	}
}

/* ---- calculators -------------------------------------------------------------------------- */

typedef struct loaded {
	catalog cat;
	const finance_rules *rules; /* the process-wide set (rules_cache.h) */
	arena a;                    /* the input's decoding and the results */
} loaded;

/* The data a calculation needs; -1 after printing why (free l either way). */
static int load_all(loaded *l, const char *orgs, bool need_dispatch, const char *command)
{
	char err[1024];
	memset(l, 0, sizeof *l);
	arena_init(&l->a);
	if (cli_catalog_load(&l->cat, NULL, orgs, command) != 0)
		return -1;
	l->rules = rules_cache_finance(need_dispatch, err, sizeof err);
	if (l->rules == NULL)
		fprintf(stderr, "%s: %s\n", command, err);
	return l->rules ? 0 : -1;
}

static void loaded_free(loaded *l)
{
	catalog_free(&l->cat);
	arena_free(&l->a);
}

int cmd_calc(int argc, char **argv)
{
	static const cli_cmd *const subs[N_CALC_KINDS] = { &calc_kinds[0], &calc_kinds[1], &calc_kinds[2], &calc_kinds[3],
							   &calc_kinds[4] };
	int status;
	int k = cli_sub_pick(&cmd_calc_spec, "種類", subs, N_CALC_KINDS, argc, argv, &status);
	if (k < 0)
		return status;
	finance_calc which;
	if (!finance_calc_from_key(argv[1], &which)) { /* the table and finance.h disagree: a build defect */
		fprintf(stderr, "digiden calc: 種類「%s」は計算できません\n", argv[1]);
		return EXIT_BAD_INPUT;
	}
	char err[1024];
	cli_opts o;
	int pr = parse_args(&calc_kinds[k], argc - 1, argv + 1, true, &o, &status, err, sizeof err);
	if (pr == 1)
		return status;
	if (pr != 0) {
		fprintf(stderr, "digiden calc: %s\n", err);
		return EXIT_BAD_INPUT;
	}
	loaded l;
	status = EXIT_BAD_INPUT;
	if (load_all(&l, o.orgs, false, "digiden calc") != 0)
		goto out;
	finance_input in;
	finance_err fe;
	if (finance_decode(which, o.input, o.label, &l.a, &in, &fe) != 0) {
		fprintf(stderr, "digiden calc: %s\n", fe.text);
		goto out;
	}
	fin_result r;
	int rc = finance_compute(&l.rules->mic, &l.cat.orgs, &in, &l.a, &r);
	if (rc != 0) {
		fprintf(stderr, "digiden calc: メモリが足りません\n");
		goto out;
	}
	if (o.json) {
		if (print_json(finance_result_json(&l.rules->mic, &r, o.file)) != 0) {
			fprintf(stderr, "digiden calc: 出力に失敗しました\n");
			goto out;
		}
	} else {
		printf("%s%s（%s）\n", fin_ok(&r) ? "" : "【エラーあり】", r.title, o.label);
		print_text(&r, o.label, "");
	}
	status = fin_ok(&r) ? EXIT_OK : EXIT_RULE_ERRORS;
out:
	json_decref(o.input);
	loaded_free(&l);
	return status;
}

/* ---- dispatch-check ------------------------------------------------------------------------ */

static void dispatch_text(const dsp_rules *dr, const dsp_request *req, const dsp_result *r, const char *label)
{
	printf("%sデジタル専門人材派遣・地方創生人材支援制度の判定（%s）\n", dsp_ok(r) ? "" : "【エラーあり】", label);
	print_status_banner(dsp_statuses(r), "");
	if (r->org)
		printf("派遣先: %s（%s、%s）\n", r->org->name, org_kind_label(r->org->kind), r->org->code);
	if (r->n_verdicts > 0) {
		printf("受けられる派遣:\n");
		for (size_t i = 0; i < r->n_verdicts; i++)
			printf("  %s %s\n", r->verdicts[i].allowed ? "○" : "×", r->verdicts[i].reason);
	}
	if (req->has_kind)
		printf("この派遣（%s%s%s）: %s\n", dsp_kv(dr, req->kind, DKF_NAME)->text, req->has_menu ? "・" : "",
		       req->has_menu ? dsp_mv(dr, req->menu, DMF_NAME)->text : "",
		       !r->kind_checked ? "判定できません" : r->allowed ? "派遣できます" : "派遣できません");
	if (r->period_checked)
		printf("期間: %lldか月%s（原則 %lld〜%lldか月）: %s\n", (long long)req->months,
		       r->extension_allowed ? arena_printf(r->base.arena, " ＋ 延長%lldか月 = %lldか月", (long long)req->extension_months,
							   (long long)r->total_months)
					    : "",
		       (long long)r->min_months, (long long)dsp_kv(dr, req->kind, DKF_PERIOD_MAX)->n, r->period_ok ? "規定の範囲内" : "規定の範囲外");
	if (r->matched) {
		printf("ニーズに合う協力企業（%zu社）:\n", r->n_matches);
		for (size_t i = 0; i < r->n_matches; i++)
			printf("  - %s（%s）\n", r->matches[i].partner->name, r->matches[i].reason);
		printf("  ※%s\n", r->match_method);
	}
	print_text(&r->base, label, "");
	for (size_t i = 0; i < r->n_measures; i++) {
		const dsp_measure_out *m = &r->measures[i];
		printf("\n支援措置 %s: %s — %s\n", m->path, m->name, m->usable ? "活用できます" : "活用できません");
		print_text(&m->calc, label, "  ");
	}
}

int cmd_dispatch_check(int argc, char **argv)
{
	char err[1024];
	cli_opts o;
	int status;
	int pr = parse_args(&cmd_dispatch_check_spec, argc, argv, false, &o, &status, err, sizeof err);
	if (pr == 1)
		return status;
	if (pr != 0) {
		fprintf(stderr, "digiden dispatch-check: %s\n", err);
		return EXIT_BAD_INPUT;
	}
	if (o.file == NULL) {
		fprintf(stderr, "digiden dispatch-check: 入力ファイルを指定してください\n");
		json_decref(o.input);
		return EXIT_BAD_INPUT;
	}
	loaded l;
	status = EXIT_BAD_INPUT;
	dsp_population *pops = NULL;
	size_t n_pops = 0;
	if (load_all(&l, o.orgs, true, "digiden dispatch-check") != 0)
		goto out;
	if (o.populations && dsp_populations_load(o.populations, &l.a, &pops, &n_pops, err, sizeof err) != 0) {
		fprintf(stderr, "digiden dispatch-check: %s\n", err);
		goto out;
	}
	finance_err fe;
	dsp_request req;
	if (dispatch_decode(o.input, o.label, &l.a, &req, &fe) != 0) {
		fprintf(stderr, "digiden dispatch-check: %s\n", fe.text);
		goto out;
	}
	dispatch_apply_populations(&req, pops, n_pops);
	dsp_result r;
	if (dsp_check(&l.rules->dsp, &l.rules->mic, &l.cat.orgs, &req, &l.a, &r) != 0) {
		fprintf(stderr, "digiden dispatch-check: メモリが足りません\n");
		goto out;
	}
	if (o.json) {
		if (print_json(dispatch_result_json(&l.rules->dsp, &req, &r, o.file)) != 0) {
			fprintf(stderr, "digiden dispatch-check: 出力に失敗しました\n");
			goto out;
		}
	} else {
		dispatch_text(&l.rules->dsp, &req, &r, o.label);
	}
	status = dsp_ok(&r) ? EXIT_OK : EXIT_RULE_ERRORS;
out:
	json_decref(o.input);
	loaded_free(&l);
	return status;
}
