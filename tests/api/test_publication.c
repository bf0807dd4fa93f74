/* test_publication.c — issue 13, part 1: a digiden decision is public from 内示 on.
 * An application adopted (採択) by the office is absent from every public surface — the
 * result pages, an organization's page, every public API route (/api/v1/public/…), the CSV and XLSX
 * downloads, the charts and the map, and the CLI's exports — and appears in each once it
 * is 内示; the public cache answers anew at that moment.
 *
 *   test_publication DIGIDEN_BINARY
 *
 * Ends with "publication tests: N passed, M failed". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "office_flow.h"

#define ROUND "digital-implementation/fy2022-supp"
#define ROUND_Q "digital-implementation%2Ffy2022-supp"
#define TITLE "公表時期確認のための事業"
#define AMOUNT "27500000"

static h_server S;
static h_client *C;

/* The public surfaces, read anonymously; contains: text that shows the project (NULL:
 * the answer as a whole changes when it appears). */
static const struct surface {
	const char *name, *path, *contains;
	bool xlsx;
} surfaces[] = {
	{ "/results", "/results?round=" ROUND_Q, NULL, false },
	{ "/results (every round)", "/results", NULL, false },
	{ "/results/prefectures", "/results/prefectures", NULL, false },
	{ "/orgs/{code}", "/orgs/042072", TITLE, false },
	{ "public reports JSON", "/api/v1/public/reports?round=" ROUND_Q, AMOUNT, false },
	{ "public reports by prefecture", "/api/v1/public/reports?by=prefecture", AMOUNT, false },
	{ "public reports CSV", "/api/v1/public/reports?round=" ROUND_Q "&format=csv", AMOUNT, false },
	{ "public reports CSV (Shift_JIS)", "/api/v1/public/reports?format=csv&encoding=sjis", AMOUNT, false },
	{ "public reports XLSX", "/api/v1/public/reports?round=" ROUND_Q "&format=xlsx", AMOUNT, true },
	{ "bar chart", "/api/v1/public/charts/bar.svg?round=" ROUND_Q, NULL, false },
	{ "bar chart by prefecture", "/api/v1/public/charts/bar.svg?by=prefecture&measure=projects", NULL, false },
	{ "tile map", "/api/v1/public/charts/map.svg?round=" ROUND_Q, NULL, false },
	{ "tile map of 国費", "/api/v1/public/charts/map.svg?measure=national_share", NULL, false },
	{ "organization adoptions", "/api/v1/public/organizations/042072/adoptions", TITLE, false },
};
#define N_SURFACES (sizeof surfaces / sizeof surfaces[0])

/* The surface's text: the body, or an XLSX's XML parts (malloc'd); NULL when it did not answer 200. */
static char *read_surface(const struct surface *s)
{
	h_resp r = h_http(C, "GET", s->path, NULL, NULL, NULL);
	char *text = NULL;
	if (r.status == 200)
		text = s->xlsx ? flow_xlsx_text(r.body, r.len) : strdup(r.body);
	else
		printf("info %s → %s\n", s->path, h_resp_brief(&r));
	h_resp_free(&r);
	return text;
}

/* What the CLI writes (export-decisions, report --format json), malloc'd. */
static char *cli(const char *args)
{
	char cmd[4 * PATH_MAX + 512], out[PATH_MAX + 32];
	snprintf(out, sizeof out, "%s/cli.out", S.dir);
	snprintf(cmd, sizeof cmd, "%s %s --db %s > %s 2>/dev/null", S.bin, args, S.db, out);
	if (system(cmd) != 0)
		return strdup("");
	char *text = h_read_file(out, NULL);
	return text ? text : strdup("");
}

static void etag_of(const char *path, char *out, size_t n)
{
	h_resp r = h_http(C, "GET", path, NULL, NULL, NULL);
	const char *e = strcasestr(r.headers, "\nETag: ");
	size_t l = e ? strcspn(e + 7, "\r\n") : 0;
	snprintf(out, n, "%.*s", (int)(l < n ? l : n - 1), e ? e + 7 : "");
	h_resp_free(&r);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DIGIDEN_BINARY\n", argv[0]);
		return 2;
	}
	json_t *example = flow_start(argv[1], "publication tests", &S, &C);
	if (example == NULL)
		return 1;
	bool ok = flow_user(C, "natori", "applicant", "042072") &&
		  flow_user(C, "office", "secretariat", NULL) && flow_user(C, "rev1", "reviewer", NULL);
	h_check("setup: admin, an applicant of 名取市, the office and a reviewer", ok, "%s", "");

	char *before[N_SURFACES];
	for (size_t i = 0; i < N_SURFACES; i++)
		before[i] = read_surface(&surfaces[i]);
	char *cli_before = cli("export-decisions"), *report_before = cli("report --by menu --format json");

	/* through the lifecycle up to 採択 */
	json_int_t id = flow_app(C, "natori", example, "042072", TITLE);
	ok = id > 0 && flow_act(C, "natori", id, "submit", NULL) == 200 && flow_act(C, "office", id, "screen", NULL) == 200 &&
	     flow_act(C, "office", id, "assign", json_pack("{ss}", "reviewer", "rev1")) == 200 &&
	     flow_act(C, "rev1", id, "reviews",
		      json_pack("{s{sisisisisisi}ss}", "scores", "issue_solution", 4, "kpi", 4, "consortium_roles", 4,
				"running_cost_plan", 4, "pdca", 4, "cost_item_detail", 4, "comment", "良い")) == 201 &&
	     flow_act(C, "office", id, "decision", json_pack("{sssI}", "decision", "adopted", "amount_yen", (json_int_t)27500000)) == 200;
	h_check("setup: created, submitted, screened, assigned, reviewed and adopted (採択) for 27,500,000円", ok, "id %lld",
		(long long)id);
	char etag_adopted[128];
	etag_of("/results", etag_adopted, sizeof etag_adopted);

	/* 採択: nowhere public */
	char *adopted[N_SURFACES];
	for (size_t i = 0; i < N_SURFACES; i++) {
		const struct surface *s = &surfaces[i];
		adopted[i] = read_surface(s);
		bool same = before[i] && adopted[i] && strcmp(before[i], adopted[i]) == 0;
		bool hidden = adopted[i] && (s->contains == NULL || strstr(adopted[i], s->contains) == NULL);
		/* an XLSX is made anew each time (its creation time inside): its contents must not show it */
		h_check(s->name, s->xlsx ? hidden : same && hidden, "adopted: %s %s", s->path,
			same ? "shows the project" : "changed although only adopted");
	}
	char *cli_adopted = cli("export-decisions"), *report_adopted = cli("report --by menu --format json");
	h_check("adopted: digiden export-decisions leaves it out", strstr(cli_adopted, TITLE) == NULL && strcmp(cli_before, cli_adopted) == 0,
		"%.300s", cli_adopted);
	h_check("adopted: digiden report leaves it out", strcmp(report_before, report_adopted) == 0, "%.300s", report_adopted);
	h_resp r = h_http(C, "GET", "/api/v1/public/subsidies", NULL, NULL, NULL);
	h_check("adopted: the jGrants-shaped listing does not show it", r.status == 200 && strstr(r.body, TITLE) == NULL, "%s",
		h_resp_brief(&r));
	h_resp_free(&r);
	r = h_http(C, "GET", "/api/v1/public/reports?round=" ROUND_Q, NULL, NULL, NULL);
	h_check("adopted: the public table counts no project of digiden yet",
		r.status == 200 && json_integer_value(json_object_get(json_object_get(r.json, "total"), "projects")) == 0, "%s",
		h_resp_brief(&r));
	h_resp_free(&r);
	/* the office still sees its own decision in its audit of decisions */
	char *audit = cli("audit-decisions --round " ROUND " --format json");
	h_check("adopted: the office's audit-decisions still reads the decision (not a public surface)", strstr(audit, "\"findings\"") != NULL,
		"%.200s", audit);

	/* 内示: public everywhere */
	h_check("naiji → 200", flow_act(C, "office", id, "naiji", NULL) == 200, "%s", "");
	char etag_naiji[128];
	etag_of("/results", etag_naiji, sizeof etag_naiji);
	h_check("naiji: the public cache answers anew (a new ETag of /results)", etag_adopted[0] && etag_naiji[0] &&
		strcmp(etag_adopted, etag_naiji) != 0, "%s → %s", etag_adopted, etag_naiji);
	for (size_t i = 0; i < N_SURFACES; i++) {
		const struct surface *s = &surfaces[i];
		char *now = read_surface(s);
		bool shown = now && (s->contains ? strstr(now, s->contains) != NULL : adopted[i] && strcmp(now, adopted[i]) != 0);
		char name[160];
		snprintf(name, sizeof name, "naiji: %s shows the project", s->name);
		h_check(name, shown, "%s", s->path);
		free(now);
	}
	char *cli_naiji = cli("export-decisions");
	h_check("naiji: digiden export-decisions lists it", strstr(cli_naiji, TITLE) && strstr(cli_naiji, AMOUNT), "%.300s", cli_naiji);
	r = h_http(C, "GET", "/api/v1/public/reports?round=" ROUND_Q, NULL, NULL, NULL);
	json_t *total = json_object_get(r.json, "total");
	h_check("naiji: the public table counts 1 project, 1 organization, 27,500,000円",
		json_integer_value(json_object_get(total, "projects")) == 1 &&
			json_integer_value(json_object_get(total, "organizations")) == 1 &&
			json_integer_value(json_object_get(total, "national_share_yen")) == 27500000,
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	h_check("grant → 200", flow_act(C, "office", id, "grant", NULL) == 200, "%s", "");
	r = h_http(C, "GET", "/api/v1/public/organizations/042072/adoptions", NULL, NULL, NULL);
	h_check("granted: still public, as 交付決定", r.status == 200 && strstr(r.body, TITLE) && strstr(r.body, "\"granted\""), "%s",
		h_resp_brief(&r));
	h_resp_free(&r);

	for (size_t i = 0; i < N_SURFACES; i++) {
		free(before[i]);
		free(adopted[i]);
	}
	free(cli_before);
	free(cli_adopted);
	free(cli_naiji);
	free(report_before);
	free(report_adopted);
	free(audit);
	json_decref(example);
	return flow_finish(&S, C, "publication tests");
}
