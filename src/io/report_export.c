/* report_export.c — CSV and XLSX writers for result tables; see report_export.h. */
#include "report_export.h"

#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "../core/fiscal.h"
#include "sheet.h"

static const char *const headers[] = {
	"募集回", "年度（和暦）", "年度（西暦）", "集計区分", "区分コード", "区分名", "内訳", "団体数（団体）", "事業件数（件）",
	"事業費（円）", "国費（円）",
};
#define N_HEADERS (sizeof headers / sizeof headers[0])

static void round_years(const rule_set *rules, char *wareki, size_t wn, char *seireki, size_t sn)
{
	if (rules) {
		wareki_fiscal_year(rules->fiscal_year, wareki, wn);
		snprintf(seireki, sn, "%d", rules->fiscal_year);
	} else {
		snprintf(wareki, wn, "%s", "");
		snprintf(seireki, sn, "%s", "");
	}
}

static void csv_row(csv_writer *w, const report *r, const report_row *row, const char *rounds, const char *wareki,
		    const char *seireki)
{
	csv_field(w, rounds);
	csv_field(w, wareki);
	csv_field(w, seireki);
	csv_field(w, report_by_label(r->by));
	csv_field(w, row->key);
	csv_field(w, row->label);
	csv_field(w, row->within ? "内数" : "");
	csv_field_int(w, (long long)row->organizations);
	csv_field_int(w, (long long)row->projects);
	csv_field_int(w, row->project_cost_yen);
	csv_field_int(w, row->national_share_yen);
	csv_end_row(w);
}

int report_write_csv(const report *r, const char *rounds, const rule_set *rules, csv_encoding enc, FILE *f, char *err,
		     size_t errlen)
{
	csv_writer w = { 0 };
	char wareki[32], seireki[16];
	round_years(rules, wareki, sizeof wareki, seireki, sizeof seireki);
	for (size_t i = 0; i < N_HEADERS; i++)
		csv_field(&w, headers[i]);
	csv_end_row(&w);
	for (size_t i = 0; i < r->n_rows; i++)
		csv_row(&w, r, &r->rows[i], rounds, wareki, seireki);
	csv_row(&w, r, &r->total, rounds, wareki, seireki);
	err[0] = '\0';
	return csv_finish(&w, enc, f, err, errlen);
}

int report_write_xlsx(const report *tables, size_t n, const char *rounds, const rule_set *rules, const char *path,
		      char *err, size_t errlen)
{
	lxw_workbook *wb = workbook_new(path);
	if (wb == NULL) {
		snprintf(err, errlen, "%s: XLSX を作成できません", path);
		return -1;
	}
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_text_wrap(head);
	lxw_format *yen = workbook_add_format(wb);
	format_set_num_format(yen, "#,##0");
	lxw_format *count = workbook_add_format(wb);
	format_set_num_format(count, "0");
	char wareki[32], seireki[16];
	round_years(rules, wareki, sizeof wareki, seireki, sizeof seireki);
	for (size_t t = 0; t < n; t++) {
		const report *r = &tables[t];
		/* sheet names: at most 31 characters, no []:*?/\ — the table's key is safe */
		lxw_worksheet *ws = workbook_add_worksheet(wb, report_by_key(r->by));
		if (ws == NULL)
			continue;
		for (size_t h = 0; h < N_HEADERS; h++)
			sheet_write_text(ws, 0, (lxw_col_t)h, headers[h], head);
		worksheet_set_column(ws, 0, 0, 34, NULL);
		worksheet_set_column(ws, 5, 5, 30, NULL);
		worksheet_set_column(ws, 9, 10, 18, NULL);
		for (size_t i = 0; i <= r->n_rows; i++) {
			const report_row *row = i < r->n_rows ? &r->rows[i] : &r->total;
			lxw_row_t y = (lxw_row_t)(i + 1);
			sheet_write_text(ws, y, 0, rounds, NULL);
			sheet_write_text(ws, y, 1, wareki, NULL);
			if (rules)
				worksheet_write_number(ws, y, 2, rules->fiscal_year, count);
			sheet_write_text(ws, y, 3, report_by_label(r->by), NULL);
			sheet_write_text(ws, y, 4, row->key, NULL);
			sheet_write_text(ws, y, 5, row->label, NULL);
			sheet_write_text(ws, y, 6, row->within ? "内数" : "", NULL);
			worksheet_write_number(ws, y, 7, (double)row->organizations, count);
			worksheet_write_number(ws, y, 8, (double)row->projects, count);
			/* yen up to 2^53 are exact in a double; the program's amounts are far below */
			worksheet_write_number(ws, y, 9, (double)row->project_cost_yen, yen);
			worksheet_write_number(ws, y, 10, (double)row->national_share_yen, yen);
		}
	}
	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR) {
		snprintf(err, errlen, "%s: XLSX を書き出せません（%s）", path, lxw_strerror(e));
		return -1;
	}
	return 0;
}
