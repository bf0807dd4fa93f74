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
#include "commands.h"

static const char calc_usage[] =
	"使い方: digiden calc 種類 [--json] [--orgs FILE] [INPUT.json|-] [--項目 値 ...]\n"
	"\n"
	"  総務省の地域社会DX推進パッケージ（令和8年度概算要求（案））、地方債（要望中）、交付税措置の額を\n"
	"  整数の円で計算し、根拠（資料と文言）を示します。入力は JSON ファイル（- で標準入力）か、\n"
	"  --項目 値 のフラグ（項目名の - は _ と同じ。値は JSON として読めればその値、読めなければ文字列。\n"
	"  --applicant.code 042072 のように . で入れ子）。両方あればフラグが優先します。金額は円の整数か\n"
	"  \"1億円\" \"5,000万円\" のような文字列。--json で機械向けの JSON を出します。\n"
	"\n"
	"種類と入力の項目:\n"
	"  dx-package   ア-2 推進体制構築支援（上限1億円、過去に選定された地域は5,000万円）\n"
	"               prefecture（都道府県の団体コード、必須） partners（管内の市区町村コードの配列）か\n"
	"               partner_count（数）  previously_selected（真偽）  previous_partner_count（前回の連携数。\n"
	"               過去に選定された地域では必須）  project_scale_yen（事業規模）\n"
	"  subsidy      ウ 補助事業（補助率1/2、上限なし）\n"
	"               eligible_cost_yen（補助対象経費、必須） applicant（{\"code\": 団体コード} か {\"kind\": \"private\"}）\n"
	"               wireless_network, connected_solution, consortium_with_local_government（真偽）\n"
	"               rental_cloud_years（レンタル・クラウドの年数） bond（地方負担に充てる地方債: kaso, hekichi,\n"
	"               general_subsidy, public_works） kaso_area, hekichi_facility（真偽）\n"
	"  bond         地方債（充当率・元利償還金に対する交付税措置率）\n"
	"               bond（kaso 過疎対策事業債 / hekichi 辺地対策事業債 / general_subsidy 一般補助施設整備等事業債 /\n"
	"               public_works 公共事業等債 / digital_utilization デジタル活用推進事業債、必須）\n"
	"               local_share_yen（地方負担）か eligible_cost_yen（補助対象経費。地方負担はその1/2）、\n"
	"               digital_utilization は project_cost_yen（地方単独事業の事業費）  issuer（起債する団体のコード）\n"
	"               fiscal_year  kaso_area  hekichi_facility\n"
	"  special-tax  特別交付税（措置率0.7）\n"
	"               measure（cio CIO補佐官等 / pref_digital_staff 市町村支援のデジタル人材 / dx_leader DX推進リーダー、必須）\n"
	"               organization（団体コード、必須） fiscal_year（年度、必須: 2025 / \"令和7年度\"）\n"
	"               persons（[{\"name\", \"cost_yen\", \"employment\": part_time|contract|full_time}]）\n"
	"               recruitment_cost_yen（募集経費） other_cost_yen（pref_digital_staff: その他の対象経費）\n"
	"               training_cost_yen（dx_leader: 育成の経費、必須）\n"
	"  kigyoujin    地域活性化起業人（上限 年間560万円/人。措置率は資料に記載なし）\n"
	"               organization（必須） persons か cost_yen（1人分） outside_three_metropolitan_areas（真偽）\n"
	"               fiscal_year\n"
	"\n"
	"端数は資料に記載がなく、1円未満切り捨て（digidenの読み。根拠に表示）。\n"
	"終了コード: 0 計算できた / 1 規則のエラー（対象外の団体、連携数の不足 など） / 2 入力を読めない\n";

static const char dispatch_usage[] =
	"使い方: digiden dispatch-check [--json] [--orgs FILE] [--populations FILE] INPUT.json|-\n"
	"\n"
	"  デジタル専門人材派遣・地方創生人材支援制度の派遣を判定します: 団体種別ごとに受けられる派遣の種類、\n"
	"  期間（半年以上２年以下、国家公務員は原則２年間）、３者の合意による１年間の延長、協力企業の照合と\n"
	"  ニーズに合う協力企業の一覧、併用する支援措置の額（地域活性化起業人、CIO補佐官等、市町村支援の\n"
	"  デジタル人材）。\n"
	"\n"
	"入力（JSON）:\n"
	"  {\"organization\": {\"code\": \"042072\"},           派遣先の団体（必須）\n"
	"   \"kind\": \"digital_expert\",                      national_official 国家公務員 / university_researcher 大学研究者 /\n"
	"                                                  private_expert 民間専門人材 / digital_expert デジタル専門人材\n"
	"   \"menu\": \"company_dispatch\",                    digital_expert のとき必須: company_dispatch 企業派遣型 /\n"
	"                                                  talent_referral 人材紹介型\n"
	"   \"period\": {\"start\": \"2024-04\", \"months\": 24},  開始年月と期間（延長を除く）\n"
	"   \"extension\": {\"months\": 12, \"agreement\": {\"dispatchee\": true, \"sending_organization\": true,\n"
	"                                              \"recipient\": true}},   延長（派遣者・派遣元企業等・派遣先）\n"
	"   \"partner_company\": \"株式会社 BSNアイネット\",      派遣元（協力企業の一覧と照合）\n"
	"   \"need\": {\"text\": \"DX推進計画の策定\", \"menu\": …, \"industry\": \"情報サービス\"},   ニーズ → 協力企業\n"
	"   \"measures\": [{\"id\": \"kigyoujin\"|\"cio\"|\"pref_digital_staff\"|\"digiden_grant\", \"fiscal_year\": 2024,\n"
	"                 \"cost_yen\": 派遣者の年間の経費, \"recruitment_cost_yen\": …, \"employment\": …,\n"
	"                 \"others\": [同じ団体の他の人材 {\"name\", \"cost_yen\", \"employment\"}],\n"
	"                 \"outside_three_metropolitan_areas\": true}]}\n"
	"\n"
	"  団体の人口（国家公務員の「原則人口10万人以下」）は運用者のデータで、--populations FILE（1行に\n"
	"  「団体コード<TAB>人口[<TAB>基準日・出典]」、# で始まる行は注釈）で渡します。分からないときは警告です。\n"
	"  協力企業のマッチング: 資料に企業ごとの得意分野はないため、型（ニーズの文に資料の「想定されるニーズ」の語が\n"
	"  あるか、指定）と企業派遣型の業種（資料の表から digiden が読んだもの）で絞り、該当する協力企業を資料の順に\n"
	"  すべて挙げます。\n"
	"終了コード: 0 派遣できる / 1 規則のエラー / 2 入力を読めない\n";

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

/* Parses argv (after the subcommand or calculator name). Returns 0, 1 for --help, or -1
 * with a message in err. */
static int parse_args(int argc, char **argv, bool allow_flags, cli_opts *o, char *err, size_t errlen)
{
	memset(o, 0, sizeof *o);
	json_t *flags = json_object();
	for (int i = 0; i < argc; i++) {
		const char *s = argv[i];
		if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
			json_decref(flags);
			return 1;
		} else if (strcmp(s, "--json") == 0) {
			o->json = true;
		} else if (strcmp(s, "--orgs") == 0 || strcmp(s, "--populations") == 0) {
			if (i + 1 >= argc) {
				snprintf(err, errlen, "%s の後にファイルを指定してください", s);
				json_decref(flags);
				return -1;
			}
			if (strcmp(s, "--orgs") == 0)
				o->orgs = argv[++i];
			else
				o->populations = argv[++i];
		} else if (strncmp(s, "--", 2) == 0 && s[2] != 0) {
			if (!allow_flags) {
				snprintf(err, errlen, "未知のオプション %s です", s);
				json_decref(flags);
				return -1;
			}
			if (i + 1 >= argc) {
				snprintf(err, errlen, "%s の後に値を指定してください", s);
				json_decref(flags);
				return -1;
			}
			if (set_flag(flags, s + 2, argv[i + 1], err, errlen) != 0) {
				json_decref(flags);
				return -1;
			}
			i++;
		} else if (o->file == NULL) {
			o->file = s;
		} else {
			snprintf(err, errlen, "入力ファイルは1つです（%s と %s）", o->file, s);
			json_decref(flags);
			return -1;
		}
	}
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
	finance_rules rules;
	bool have_cat;
} loaded;

static int load_all(loaded *l, const char *orgs, bool need_dispatch, arena *a, char *err, size_t errlen)
{
	if (catalog_load(&l->cat, NULL, orgs, err, errlen) != 0)
		return -1;
	l->have_cat = true;
	return finance_rules_load(&l->rules, need_dispatch, a, err, errlen);
}

int cmd_calc(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(calc_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_BAD_INPUT : EXIT_OK;
	}
	finance_calc which;
	if (!finance_calc_from_key(argv[1], &which)) {
		fprintf(stderr, "digiden calc: 未知の種類「%s」です（dx-package, subsidy, bond, special-tax, kigyoujin）\n\n%s", argv[1], calc_usage);
		return EXIT_BAD_INPUT;
	}
	char err[1024];
	cli_opts o;
	int pr = parse_args(argc - 2, argv + 2, true, &o, err, sizeof err);
	if (pr == 1) {
		fputs(calc_usage, stdout);
		return EXIT_OK;
	}
	if (pr != 0) {
		fprintf(stderr, "digiden calc: %s\n", err);
		return EXIT_BAD_INPUT;
	}
	if (o.populations) {
		fprintf(stderr, "digiden calc: --populations は dispatch-check のオプションです\n");
		json_decref(o.input);
		return EXIT_BAD_INPUT;
	}
	arena a;
	arena_init(&a);
	loaded l;
	memset(&l, 0, sizeof l);
	int status = EXIT_BAD_INPUT;
	if (load_all(&l, o.orgs, false, &a, err, sizeof err) != 0) {
		fprintf(stderr, "digiden calc: %s\n", err);
		goto out;
	}
	finance_input in;
	finance_err fe;
	if (finance_decode(which, o.input, o.label, &a, &in, &fe) != 0) {
		fprintf(stderr, "digiden calc: %s\n", fe.text);
		goto out;
	}
	fin_result r;
	int rc = finance_compute(&l.rules.mic, &l.cat.orgs, &in, &a, &r);
	if (rc != 0) {
		fprintf(stderr, "digiden calc: メモリが足りません\n");
		goto out;
	}
	if (o.json) {
		if (print_json(finance_result_json(&l.rules.mic, &r, o.file)) != 0) {
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
	if (l.have_cat)
		catalog_free(&l.cat);
	arena_free(&a);
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
	int pr = parse_args(argc - 1, argv + 1, false, &o, err, sizeof err);
	if (pr == 1) {
		fputs(dispatch_usage, stdout);
		return EXIT_OK;
	}
	if (pr != 0) {
		fprintf(stderr, "digiden dispatch-check: %s\n", err);
		if (argc < 2)
			fputs(dispatch_usage, stderr);
		return EXIT_BAD_INPUT;
	}
	if (o.file == NULL) {
		fprintf(stderr, "digiden dispatch-check: 入力ファイルを指定してください\n");
		json_decref(o.input);
		return EXIT_BAD_INPUT;
	}
	arena a;
	arena_init(&a);
	loaded l;
	memset(&l, 0, sizeof l);
	int status = EXIT_BAD_INPUT;
	dsp_population *pops = NULL;
	size_t n_pops = 0;
	if (load_all(&l, o.orgs, true, &a, err, sizeof err) != 0) {
		fprintf(stderr, "digiden dispatch-check: %s\n", err);
		goto out;
	}
	if (o.populations && dsp_populations_load(o.populations, &a, &pops, &n_pops, err, sizeof err) != 0) {
		fprintf(stderr, "digiden dispatch-check: %s\n", err);
		goto out;
	}
	finance_err fe;
	dsp_request req;
	if (dispatch_decode(o.input, o.label, &a, &req, &fe) != 0) {
		fprintf(stderr, "digiden dispatch-check: %s\n", fe.text);
		goto out;
	}
	dispatch_apply_populations(&req, pops, n_pops);
	dsp_result r;
	if (dsp_check(&l.rules.dsp, &l.rules.mic, &l.cat.orgs, &req, &a, &r) != 0) {
		fprintf(stderr, "digiden dispatch-check: メモリが足りません\n");
		goto out;
	}
	if (o.json) {
		if (print_json(dispatch_result_json(&l.rules.dsp, &req, &r, o.file)) != 0) {
			fprintf(stderr, "digiden dispatch-check: 出力に失敗しました\n");
			goto out;
		}
	} else {
		dispatch_text(&l.rules.dsp, &req, &r, o.label);
	}
	status = dsp_ok(&r) ? EXIT_OK : EXIT_RULE_ERRORS;
out:
	json_decref(o.input);
	if (l.have_cat)
		catalog_free(&l.cat);
	arena_free(&a);
	return status;
}
