/* support.c — history records and the 伴走支援 eligibility check; see support.h. */
#include "support.h"

#include <stdio.h>
#include <string.h>

#include "fiscal.h"
#include "keys.h"

/* ---- history ---- */

static const char *const programs[] = { PROGRAM_DIGITAL_IMPLEMENTATION, PROGRAM_NEW_LOCAL_ECONOMY_DIGITAL, PROGRAM_BANSOU,
					PROGRAM_DISPATCH, PROGRAM_FUTURE_TECH, NULL };

bool history_program_known(const char *program)
{
	for (int i = 0; programs[i]; i++)
		if (strcmp(program, programs[i]) == 0)
			return true;
	return false;
}

const char *history_program_label(const char *program, int fiscal_year)
{
	if (strcmp(program, PROGRAM_DIGITAL_IMPLEMENTATION) == 0) /* R3補正 was the 推進交付金 (RULES.md §15.2 item 17) */
		return fiscal_year <= 2021 ? "デジタル田園都市国家構想推進交付金 デジタル実装タイプ"
					   : "デジタル田園都市国家構想交付金 デジタル実装タイプ";
	if (strcmp(program, PROGRAM_NEW_LOCAL_ECONOMY_DIGITAL) == 0)
		return "新しい地方経済・生活環境創生交付金（デジタル実装型）";
	if (strcmp(program, PROGRAM_BANSOU) == 0) /* renamed in R7 (RULES.md §6) */
		return fiscal_year <= 2024 ? "デジタル実装計画策定支援事業（伴走支援）" : "デジタル実装伴走支援事業";
	if (strcmp(program, PROGRAM_DISPATCH) == 0)
		return "デジタル専門人材派遣制度";
	if (strcmp(program, PROGRAM_FUTURE_TECH) == 0)
		return "未来技術社会実装事業";
	return program;
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);
	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

bool history_round_parse(const char *s, char *key, size_t keylen, int *fiscal_year, const char **budget)
{
	char buf[96];
	if (s == NULL || strlen(s) >= sizeof buf || s[0] == '\0')
		return false;
	const char *b = "";
	int fy = 0;
	if (s[0] == 'f' && s[1] == 'y') {
		int used = 0;
		if (sscanf(s + 2, "%4d%n", &fy, &used) != 1 || used != 4)
			return false;
		const char *rest = s + 6;
		if (strcmp(rest, "") == 0)
			b = "";
		else if (strcmp(rest, "-supp") == 0)
			b = "supplementary";
		else if (strcmp(rest, "-initial") == 0)
			b = "initial";
		else if (strcmp(rest, "-request") == 0)
			b = "request";
		else
			return false;
	} else {
		snprintf(buf, sizeof buf, "%s", s);
		size_t len = strlen(buf);
		if (ends_with(buf, len, "概算要求")) {
			b = "request";
			len -= strlen("概算要求");
		} else if (ends_with(buf, len, "当初")) {
			b = "initial";
			len -= strlen("当初");
		} else if (ends_with(buf, len, "補正")) {
			b = "supplementary";
			len -= strlen("補正");
			/* 令和4年度第2次補正, 令和4年度２次補正 */
			if (ends_with(buf, len, "次")) {
				len -= strlen("次");
				while (len > 0 && ((buf[len - 1] >= '0' && buf[len - 1] <= '9') ||
						   (len >= 3 && (unsigned char)buf[len - 3] == 0xEF && (unsigned char)buf[len - 2] == 0xBC &&
						    (unsigned char)buf[len - 1] >= 0x90 && (unsigned char)buf[len - 1] <= 0x99)))
					len -= (buf[len - 1] >= '0' && buf[len - 1] <= '9') ? 1 : 3;
				if (ends_with(buf, len, "第"))
					len -= strlen("第");
			}
		}
		buf[len] = '\0';
		if (!wareki_parse_fiscal_year(buf, &fy))
			return false;
	}
	if (fy < 2000 || fy > 2100)
		return false;
	const char *suffix = strcmp(b, "supplementary") == 0 ? "-supp"
			     : strcmp(b, "initial") == 0     ? "-initial"
			     : strcmp(b, "request") == 0     ? "-request"
							     : "";
	snprintf(key, keylen, "fy%d%s", fy, suffix);
	*fiscal_year = fy;
	*budget = b;
	return true;
}

typedef struct alias {
	const char *canonical, *name;
} alias;

static const alias menu_digital[] = {
	{ "type1", "type1" },
	{ "type1", "TYPE1" },
	{ "type2", "type2" },
	{ "type2", "TYPE2" },
	{ "type3", "type3" },
	{ "type3", "TYPE3" },
	{ "mnc_expansion", "mnc_expansion" },
	{ "mnc_expansion", "マイナンバーカード利用横展開事例創出型" },
	{ "telework_high", "telework_high" },
	{ "telework_standard", "telework_standard" },
	{ "telework", "telework" },
	{ "telework", "地方創生テレワーク型" },
	{ NULL, NULL },
};
static const alias menu_bansou[] = {
	{ "1", "1" }, { "1", "①" }, { "1", "類型①" }, { "2", "2" }, { "2", "②" },
	{ "2", "類型②" }, { "3", "3" }, { "3", "③" }, { "3", "類型③" }, { NULL, NULL },
};
static const alias menu_dispatch[] = {
	{ "company", "company" }, { "company", "企業派遣型" }, { "referral", "referral" }, { "referral", "人材紹介型" }, { NULL, NULL },
};
static const alias menu_none[] = { { NULL, NULL } };

static const alias *menus_of(const char *program)
{
	if (strcmp(program, PROGRAM_DIGITAL_IMPLEMENTATION) == 0 || strcmp(program, PROGRAM_NEW_LOCAL_ECONOMY_DIGITAL) == 0)
		return menu_digital;
	if (strcmp(program, PROGRAM_BANSOU) == 0)
		return menu_bansou;
	if (strcmp(program, PROGRAM_DISPATCH) == 0)
		return menu_dispatch;
	return menu_none;
}

const char *history_menu_canonical(const char *program, const char *menu)
{
	if (menu == NULL || menu[0] == '\0')
		return "";
	for (const alias *x = menus_of(program); x->name; x++)
		if (strcmp(menu, x->name) == 0)
			return x->canonical;
	return NULL;
}

const char *history_status_canonical(const char *program, const char *status)
{
	static const alias adopted[] = { { "adopted", "adopted" }, { "adopted", "採択" }, { "granted", "granted" },
					 { "granted", "交付決定" }, { NULL, NULL } };
	static const alias selected[] = { { "selected", "selected" }, { "selected", "採択" }, { "selected", "選定" },
					  { "selected", "支援" }, { NULL, NULL } };
	static const alias used[] = { { "used", "used" }, { "used", "利用" }, { "used", "派遣" }, { NULL, NULL } };
	static const alias future[] = { { "selected", "selected" }, { "selected", "選定" }, { "selected", "採択" },
					{ "continued", "continued" }, { "continued", "継続" }, { NULL, NULL } };
	const alias *set = strcmp(program, PROGRAM_DIGITAL_IMPLEMENTATION) == 0 || strcmp(program, PROGRAM_NEW_LOCAL_ECONOMY_DIGITAL) == 0
				   ? adopted
			   : strcmp(program, PROGRAM_BANSOU) == 0    ? selected
			   : strcmp(program, PROGRAM_DISPATCH) == 0  ? used
			   : strcmp(program, PROGRAM_FUTURE_TECH) == 0 ? future
								       : NULL;
	if (set == NULL || status == NULL)
		return NULL;
	for (const alias *x = set; x->name; x++)
		if (strcmp(status, x->name) == 0)
			return x->canonical;
	return NULL;
}

static const char *menu_label(const char *program, const char *menu)
{
	static const alias labels[] = {
		{ "type1", "TYPE1" },
		{ "type2", "TYPE2" },
		{ "type3", "TYPE3" },
		{ "mnc_expansion", "マイナンバーカード利用横展開事例創出型" },
		{ "telework_high", "地方創生テレワーク型（高水準タイプ）" },
		{ "telework_standard", "地方創生テレワーク型（標準タイプ）" },
		{ "telework", "地方創生テレワーク型" },
		{ "company", "企業派遣型" },
		{ "referral", "人材紹介型" },
		{ NULL, NULL },
	};
	if (strcmp(program, PROGRAM_BANSOU) == 0)
		return strcmp(menu, "1") == 0 ? "類型①" : strcmp(menu, "2") == 0 ? "類型②" : strcmp(menu, "3") == 0 ? "類型③" : menu;
	for (const alias *x = labels; x->name; x++)
		if (strcmp(menu, x->canonical) == 0)
			return x->name;
	return menu;
}

static const char *status_label(const char *program, const char *status)
{
	if (strcmp(status, "adopted") == 0)
		return "採択";
	if (strcmp(status, "granted") == 0)
		return "交付決定";
	if (strcmp(status, "selected") == 0)
		return strcmp(program, PROGRAM_BANSOU) == 0 ? "支援先に採択" : "選定";
	if (strcmp(status, "used") == 0)
		return "利用";
	if (strcmp(status, "continued") == 0)
		return "継続（支援延長）";
	return status;
}

char *history_record_label(const history_record *r, arena *a)
{
	char round[64];
	wareki_round(r->fiscal_year, r->budget, true, round, sizeof round);
	const char *menu = r->menu[0] ? menu_label(r->program, r->menu) : "";
	return arena_printf(a, "%s %s%s%s %s", round, history_program_label(r->program, r->fiscal_year), menu[0] ? " " : "",
			    menu, status_label(r->program, r->status));
}

static bool in_list(const char *s, const char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* Whether r matches m, leaving out the menu exclusion (exclusion says why it did not count). */
static bool matches_but_exclusion(const history_record *r, const history_match *m)
{
	if (m->program && strcmp(r->program, m->program) != 0)
		return false;
	if (m->fiscal_year && r->fiscal_year != m->fiscal_year)
		return false;
	if (m->budget && strcmp(r->budget, m->budget) != 0)
		return false;
	if (m->n_menus && !in_list(r->menu, m->menus, m->n_menus))
		return false;
	if (m->n_statuses && !in_list(r->status, m->statuses, m->n_statuses))
		return false;
	return true;
}

bool history_matches(const history_record *r, const history_match *m)
{
	return matches_but_exclusion(r, m) && !(m->n_exclude_menus && in_list(r->menu, m->exclude_menus, m->n_exclude_menus));
}

/* ---- rules ---- */

static const char *const kind_keys[SUPPORT_KIND__MAX] = {
	[SUPPORT_APPLICANT] = "applicant",         [SUPPORT_HISTORY] = "history",
	[SUPPORT_DECLARATION] = "declaration",     [SUPPORT_TARGETS] = "targets",
	[SUPPORT_COMPOSITION] = "composition",     [SUPPORT_SAME_ROUND] = "same_round",
	[SUPPORT_REPRESENTATIVE] = "representative", [SUPPORT_EXEMPT] = "exempt",
	[SUPPORT_NOTE_PREFECTURE] = "note_prefecture", [SUPPORT_NOTE_PLANNED] = "note_planned",
	[SUPPORT_NOTE_SAME_ROUND] = "note_same_round", [SUPPORT_GUIDANCE] = "guidance",
};

KEY_TABLE_FUNCS(support_kind, support_kind_key, support_kind_from_key, kind_keys, SUPPORT_KIND__MAX)

const support_condition *support_condition_find(const support_rules *r, int category, const char *id)
{
	for (size_t i = 0; i < r->n_conditions; i++)
		if (r->conditions[i].category == category && strcmp(r->conditions[i].id, id) == 0)
			return &r->conditions[i];
	return NULL;
}

/* ---- evaluation ---- */

typedef struct ev {
	const support_application *app;
	const org_master *m;
	arena *a;
	support_result *out;
	size_t cap_c, cap_w;
	bool oom;
} ev;

static void push(ev *e, bool warning, const support_condition *c, bool ok, const history_record *rec, const organization *org,
		 const char *reason)
{
	support_outcome **list = warning ? &e->out->warnings : &e->out->conditions;
	size_t *n = warning ? &e->out->n_warnings : &e->out->n_conditions;
	size_t *cap = warning ? &e->cap_w : &e->cap_c;
	if (reason == NULL) {
		e->oom = true;
		return;
	}
	support_outcome *g = arena_room(e->a, *list, *n, cap, sizeof *g, 16);
	if (g == NULL) {
		e->oom = true;
		return;
	}
	*list = g;
	(*list)[(*n)++] = (support_outcome){ .cond = c, .ok = warning ? false : ok, .reason = reason, .record = rec, .org = org };
}

/* 「北海道標茶町」 (a prefecture by its own name). */
static const char *display(const ev *e, const organization *o)
{
	if (o->kind == ORG_PREFECTURE)
		return o->name;
	const organization *p = org_prefecture_of(e->m, o);
	return arena_printf(e->a, "%s%s", p ? p->name : "", o->name);
}

static const char *record_text(const ev *e, const history_record *r)
{
	return arena_printf(e->a, "%s%s%s%s（出典 %s）", history_record_label(r, e->a), r->title[0] ? "「" : "", r->title,
			    r->title[0] ? "」" : "", r->source);
}

/* The first record of org matching any of the condition's matches. */
static const history_record *find(const ev *e, const char *org, const history_match *m, size_t n)
{
	for (size_t i = 0; i < e->app->n_history; i++) {
		const history_record *r = &e->app->history[i];
		if (strcmp(r->organization, org) != 0)
			continue;
		for (size_t k = 0; k < n; k++)
			if (history_matches(r, &m[k]))
				return r;
	}
	return NULL;
}

static support_answer answer(const ev *e, const char *id)
{
	for (size_t i = 0; i < e->app->n_answers; i++)
		if (strcmp(e->app->answers[i].id, id) == 0)
			return e->app->answers[i].value ? ANSWER_YES : ANSWER_NO;
	return ANSWER_MISSING;
}

static const char *text(const ev *e, const char *key)
{
	for (size_t i = 0; i + 1 < e->app->n_texts * 2; i += 2)
		if (strcmp(e->app->texts[i], key) == 0 && e->app->texts[i + 1][0])
			return e->app->texts[i + 1];
	return NULL;
}

static bool municipal(const organization *o) { return org_kind_is_municipal(o->kind); }

/* A history condition for one organization: outcome pushed with the failing record. */
static void history_for(ev *e, const support_condition *c, const organization *o)
{
	const history_record *r = find(e, o->code, c->match, c->n_match);
	const char *who = display(e, o);
	if (r != NULL) {
		push(e, false, c, false, r, o,
		     arena_printf(e->a, "%sは「%s」を満たしません: %sの実績があります", who, c->cite.quote, record_text(e, r)));
		return;
	}
	/* records left out by the condition itself (テレワーク型 in C1c) are named, so the reader sees why they do not count */
	const char *excluded = "";
	for (size_t i = 0; i < e->app->n_history; i++) {
		const history_record *h = &e->app->history[i];
		if (strcmp(h->organization, o->code) != 0)
			continue;
		for (size_t k = 0; k < c->n_match; k++)
			if (c->match[k].n_exclude_menus && matches_but_exclusion(h, &c->match[k]) && !history_matches(h, &c->match[k])) {
				excluded = arena_printf(e->a, "%s%s%s", excluded, excluded[0] ? "、" : "", history_record_label(h, e->a));
				break;
			}
	}
	push(e, false, c, true, NULL, o,
	     excluded[0] ? arena_printf(e->a, "%sに該当する実績はありません（%s は条件の対象外です）", who, excluded)
			 : arena_printf(e->a, "%sに該当する実績はありません", who));
}

static void declaration(ev *e, const support_condition *c)
{
	support_answer v = answer(e, c->id);
	const char *t = c->answer_text ? text(e, c->answer_text) : NULL;
	if (v == ANSWER_MISSING)
		push(e, false, c, false, NULL, NULL,
		     arena_printf(e->a, "回答がありません（answers の declarations.%s に true か false で答えてください）", c->id));
	else if (v == ANSWER_NO)
		push(e, false, c, false, NULL, NULL, arena_printf(e->a, "「いいえ」と回答されています（%s）", c->label));
	else if (c->answer_text && t == NULL)
		push(e, false, c, false, NULL, NULL,
		     arena_printf(e->a, "「はい」と回答されていますが、連携先の名称（%s）がありません", c->answer_text));
	else if (t)
		push(e, false, c, true, NULL, NULL, arena_printf(e->a, "「はい」と回答されています（%s: %s）", c->answer_text, t));
	else
		push(e, false, c, true, NULL, NULL, arena_printf(e->a, "「はい」と回答されています"));
}

static void applicant(ev *e, const support_condition *c)
{
	const organization *o = e->app->orgs[0];
	bool want_pref = e->app->category == 2;
	bool ok = want_pref ? o->kind == ORG_PREFECTURE : municipal(o);
	const char *want = want_pref ? "都道府県" : "市区町村";
	push(e, false, c, ok, NULL, o,
	     ok ? (o->kind == ORG_PREFECTURE ? arena_printf(e->a, "%sは都道府県です", display(e, o))
					     : arena_printf(e->a, "%s（%s）は%sです", display(e, o), org_kind_label(o->kind), want))
		: arena_printf(e->a, "%sは%sです。類型%sは%sが申請します", display(e, o), org_kind_label(o->kind),
			       want_pref ? "②" : "①", want));
}

/* P3a: the declaration, then every named target (orgs[1..]). */
static void targets(ev *e, const support_condition *c)
{
	declaration(e, c);
	const organization *pref = e->app->orgs[0];
	for (size_t i = 1; i < e->app->n_orgs; i++) {
		const organization *t = e->app->orgs[i];
		const char *who = display(e, t);
		if (!municipal(t)) {
			push(e, false, c, false, NULL, t,
			     arena_printf(e->a, "支援対象として挙げた%sは市区町村ではありません（%s）", who, org_kind_label(t->kind)));
			continue;
		}
		if (pref->kind == ORG_PREFECTURE && t->prefecture != pref->prefecture) {
			push(e, false, c, false, NULL, t,
			     arena_printf(e->a, "支援対象として挙げた%sは%sの管内の市区町村ではありません", who, pref->name));
			continue;
		}
		bool all = true;
		const char *ids = "";
		for (size_t k = 0; k < c->n_apply; k++) {
			const support_condition *h = support_condition_find(e->app->rules, 1, c->apply[k]);
			if (h == NULL || h->kind != SUPPORT_HISTORY)
				continue;
			ids = arena_printf(e->a, "%s%s%s", ids, ids[0] ? "・" : "", h->id);
			const history_record *r = find(e, t->code, h->match, h->n_match);
			if (r) {
				all = false;
				push(e, false, c, false, r, t,
				     arena_printf(e->a, "支援対象として挙げた%sは類型①の応募要件 %s「%s」を満たしません: %sの実績があります", who,
						  h->id, h->cite.quote, record_text(e, r)));
			}
		}
		if (all)
			push(e, false, c, true, NULL, t,
			     arena_printf(e->a, "支援対象として挙げた%sは管内の市区町村で、類型①の応募要件（%s）を満たします", who, ids));
	}
}

static void composition(ev *e, const support_condition *c)
{
	const organization *pref = NULL;
	size_t n_pref = 0, n_muni = 0;
	const char *problems = "", *outside = "", *others = "";
	for (size_t i = 0; i < e->app->n_orgs; i++) {
		const organization *o = e->app->orgs[i];
		if (o->kind == ORG_PREFECTURE) {
			pref = o;
			n_pref++;
		} else if (municipal(o)) {
			n_muni++;
		} else {
			others = arena_printf(e->a, "%s%s%s（%s）", others, others[0] ? "、" : "", display(e, o), org_kind_label(o->kind));
		}
	}
	if (n_pref > 1)
		problems = arena_printf(e->a, "%s都道府県が%zu団体あります（都道府県は1団体まで）。", problems, n_pref);
	if (n_muni < 2)
		problems = arena_printf(e->a, "%s市区町村が%zu団体です（複数の市区町村が必要です）。", problems, n_muni);
	if (others[0])
		problems = arena_printf(e->a, "%s都道府県・市区町村でない団体があります: %s。", problems, others);
	bool spans = false;
	int first_pref = 0;
	for (size_t i = 0; i < e->app->n_orgs; i++) {
		const organization *o = e->app->orgs[i];
		if (!municipal(o))
			continue;
		if (n_pref == 1 && o->prefecture != pref->prefecture)
			outside = arena_printf(e->a, "%s%s%s", outside, outside[0] ? "、" : "", display(e, o));
		if (first_pref == 0)
			first_pref = o->prefecture;
		else if (o->prefecture != first_pref)
			spans = true;
	}
	if (outside[0])
		problems = arena_printf(e->a, "%s%sの管内でない市区町村があります: %s。", problems, pref->name, outside);
	if (problems == NULL) { /* out of memory */
		e->oom = true;
		return;
	}
	if (problems[0]) {
		push(e, false, c, false, NULL, NULL, arena_printf(e->a, "構成が「%s」に当たりません: %s", c->cite.quote, problems));
		return;
	}
	if (pref)
		push(e, false, c, true, NULL, NULL, arena_printf(e->a, "%sと管内の市区町村%zu団体の構成です", pref->name, n_muni));
	else
		push(e, false, c, true, NULL, NULL, arena_printf(e->a, "市区町村%zu団体の構成です", n_muni));
	if (!pref && spans)
		push(e, true, c, false, NULL, NULL,
		     arena_printf(e->a, "構成団体が複数の都道府県にまたがっています。都道府県を含まない構成で県をまたげるかは資料に記載がありません"
					"（digidenは認めて判定しています）"));
}

static void same_round(ev *e, const support_condition *c)
{
	char year[32];
	wareki_fiscal_year(e->app->rules->fiscal_year, year, sizeof year);
	if (!e->app->round_decided) {
		push(e, false, c, true, NULL, NULL,
		     arena_printf(e->a, "%sの伴走支援の採択が記録されていないため、類型①②の支援先との重複は確認できません（採択決定後に再確認が必要です）",
				  year));
		push(e, true, c, false, NULL, NULL,
		     arena_printf(e->a, "「%s」は同年度の類型①②の採択決定後でなければ確かめられません。採択結果を取り込んでから再確認してください",
				  c->cite.quote));
		return;
	}
	bool any = false;
	for (size_t i = 0; i < e->app->n_orgs; i++) {
		const organization *o = e->app->orgs[i];
		if (!municipal(o)) /* the seed: 団体（市区町村） */
			continue;
		const history_record *r = find(e, o->code, c->match, c->n_match);
		if (r) {
			any = true;
			push(e, false, c, false, r, o,
			     arena_printf(e->a, "構成団体の%sは%sに類型①②で伴走支援を受けます: %s", display(e, o), year, record_text(e, r)));
		}
	}
	if (!any)
		push(e, false, c, true, NULL, NULL, arena_printf(e->a, "構成団体（市区町村）に%sの類型①②の支援先はありません", year));
}

static void representative(ev *e, const support_condition *c)
{
	const organization *r = e->app->representative;
	bool member = false;
	for (size_t i = 0; r && i < e->app->n_orgs; i++)
		member = member || e->app->orgs[i] == r;
	const char *contact = e->app->contact && e->app->contact[0] ? e->app->contact : NULL;
	if (r == NULL)
		push(e, false, c, false, NULL, NULL, arena_printf(e->a, "代表となる団体が示されていません（--representative）"));
	else if (!member)
		push(e, false, c, false, NULL, r, arena_printf(e->a, "代表となる団体%sが構成団体にありません", display(e, r)));
	else if (contact == NULL)
		push(e, false, c, false, NULL, r, arena_printf(e->a, "代表となる団体の担当者が示されていません（--contact）"));
	else
		push(e, false, c, true, NULL, r, arena_printf(e->a, "代表: %s、担当者: %s", display(e, r), contact));
}

static void exempt(ev *e, const support_condition *c)
{
	size_t with = 0;
	for (size_t i = 0; i < e->app->n_orgs; i++) {
		bool has = false;
		for (size_t k = 0; k < e->app->n_history && !has; k++) {
			const history_record *h = &e->app->history[k];
			has = strcmp(h->organization, e->app->orgs[i]->code) == 0 &&
			      (strcmp(h->program, PROGRAM_DIGITAL_IMPLEMENTATION) == 0 ||
			       strcmp(h->program, PROGRAM_NEW_LOCAL_ECONOMY_DIGITAL) == 0 || strcmp(h->program, PROGRAM_BANSOU) == 0);
		}
		with += has;
	}
	push(e, false, c, true, NULL, NULL,
	     with ? arena_printf(e->a, "類型③には類型①の条件1（採択・伴走支援の実績）は適用されません（構成団体のうち%zu団体に実績がありますが、申請できます）",
				 with)
		  : arena_printf(e->a, "類型③には類型①の条件1（採択・伴走支援の実績）は適用されません"));
}

/* The prefecture of an applicant that is not one itself (NULL otherwise), and in *r
 * its record matching c: what the notes about the prefecture speak of. */
static const organization *applicant_prefecture(ev *e, const support_condition *c, const history_record **r)
{
	const organization *o = e->app->orgs[0];
	const organization *pref = o->kind == ORG_PREFECTURE ? NULL : org_prefecture_of(e->m, o);
	*r = pref != NULL ? find(e, pref->code, c->match, c->n_match) : NULL;
	return pref;
}

static void note_prefecture(ev *e, const support_condition *c)
{
	const history_record *r;
	const organization *pref = applicant_prefecture(e, c, &r);
	if (pref == NULL || (r == NULL && !in_list(pref->name, c->prefectures, c->n_prefectures)))
		return;
	const char *consulted = e->app->consulted_prefecture == ANSWER_YES ? "（県と調整済みと回答されています）"
				: e->app->consulted_prefecture == ANSWER_NO ? "（県と調整していないと回答されています）"
									    : "";
	push(e, true, c, false, r, pref,
	     arena_printf(e->a, "%sは令和5、6年度に類型②で伴走支援を受けている都道府県です%s。県と調整の上で提出してください。"
				"可能な限り県の支援を得て進めることが原則で、やむを得ない事情がある場合に限り類型①で提出できます%s",
			  pref->name, r ? arena_printf(e->a, "（%s）", record_text(e, r)) : "", consulted));
}

static void note_planned(ev *e, const support_condition *c)
{
	const history_record *r;
	const organization *pref = applicant_prefecture(e, c, &r);
	if (pref == NULL || (r == NULL && e->app->prefecture_plans_category2 != ANSWER_YES))
		return;
	const char *consulted = e->app->consulted_prefecture == ANSWER_YES
					? "県とよく相談した上での提出と回答されています。"
					: "事前の調整なく申請があった場合、類型②における支援対象市区町村として位置づける等の条件付き採択となります。";
	push(e, true, c, false, r, pref,
	     arena_printf(e->a, "%sは今回類型②を申請予定です%s。類型①の申請にあたっては県とよく相談した上で提出してください。%s", pref->name,
			  r ? arena_printf(e->a, "（%s）", record_text(e, r)) : "", consulted));
}

static void note_same_round(ev *e, const support_condition *c)
{
	const organization *o = e->app->orgs[0];
	const history_record *r = find(e, o->code, c->match, c->n_match);
	if (r)
		push(e, true, c, false, r, o, arena_printf(e->a, "%sには同じ年度の%sの実績があります", display(e, o), record_text(e, r)));
}

static void guidance(ev *e, const support_condition *c)
{
	if (answer(e, c->id) == ANSWER_NO)
		push(e, true, c, false, NULL, NULL,
		     arena_printf(e->a, "地域外の事業者と回答されています。可能な限り地域内に拠点を置く地元の事業者を優先的に検討してください"
					"（地域外の事業者を選定することを妨げるものではありません）"));
}

int support_evaluate(const support_application *app, const org_master *m, arena *a, support_result *out)
{
	memset(out, 0, sizeof *out);
	ev e = { .app = app, .m = m, .a = a, .out = out };
	if (app->n_orgs == 0)
		return -1;
	for (size_t i = 0; i < app->rules->n_conditions && !e.oom; i++) {
		const support_condition *c = &app->rules->conditions[i];
		if (c->category != app->category)
			continue;
		switch (c->kind) {
		case SUPPORT_APPLICANT: applicant(&e, c); break;
		case SUPPORT_HISTORY: history_for(&e, c, app->orgs[0]); break;
		case SUPPORT_DECLARATION: declaration(&e, c); break;
		case SUPPORT_TARGETS: targets(&e, c); break;
		case SUPPORT_COMPOSITION: composition(&e, c); break;
		case SUPPORT_SAME_ROUND: same_round(&e, c); break;
		case SUPPORT_REPRESENTATIVE: representative(&e, c); break;
		case SUPPORT_EXEMPT: exempt(&e, c); break;
		case SUPPORT_NOTE_PREFECTURE: note_prefecture(&e, c); break;
		case SUPPORT_NOTE_PLANNED: note_planned(&e, c); break;
		case SUPPORT_NOTE_SAME_ROUND: note_same_round(&e, c); break;
		case SUPPORT_GUIDANCE: guidance(&e, c); break;
		case SUPPORT_KIND__MAX: break;
		}
	}
	if (e.oom)
		return -1;
	out->eligible = true;
	for (size_t i = 0; i < out->n_conditions; i++)
		out->eligible = out->eligible && out->conditions[i].ok;
	return 0;
}
