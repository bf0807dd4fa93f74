/* list_export.c — CSV and XLSX of a plain list; see list_export.h. */
#include "list_export.h"

#include <xlsxwriter.h>

#include "sheet.h"

int list_write_csv(const list_sheet *l, csv_encoding enc, FILE *f, char *err, size_t errlen)
{
	csv_writer w = { 0 };
	for (size_t c = 0; c < l->n_cols; c++)
		csv_field(&w, l->headers[c]);
	csv_end_row(&w);
	for (size_t r = 0; r < l->n_rows; r++) {
		for (size_t c = 0; c < l->n_cols; c++) {
			const list_cell *x = &l->cells[r * l->n_cols + c];
			if (x->is_num)
				csv_field_int(&w, (long long)x->num);
			else
				csv_field(&w, x->text ? x->text : "");
		}
		csv_end_row(&w);
	}
	err[0] = '\0';
	return csv_finish(&w, enc, f, err, errlen);
}

int list_write_xlsx(const list_sheet *l, const char *path, char *err, size_t errlen)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, l->name) : NULL;
	if (ws == NULL) {
		if (wb)
			workbook_close(wb);
		snprintf(err, errlen, "%s: XLSX を作成できません", path);
		return -1;
	}
	lxw_format *head = workbook_add_format(wb), *yen = workbook_add_format(wb), *count = workbook_add_format(wb);
	format_set_bold(head);
	format_set_num_format(yen, "#,##0");
	format_set_num_format(count, "0");
	for (size_t c = 0; c < l->n_cols; c++)
		sheet_write_text(ws, 0, (lxw_col_t)c, l->headers[c], head);
	for (size_t r = 0; r < l->n_rows; r++)
		for (size_t c = 0; c < l->n_cols; c++) {
			const list_cell *x = &l->cells[r * l->n_cols + c];
			lxw_row_t y = (lxw_row_t)(r + 1);
			/* yen up to 2^53 are exact in a double; the program's amounts are far below */
			if (x->is_num)
				worksheet_write_number(ws, y, (lxw_col_t)c, (double)x->num, l->yen && l->yen[c] ? yen : count);
			else
				sheet_write_text(ws, y, (lxw_col_t)c, x->text, NULL);
		}
	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR) {
		snprintf(err, errlen, "%s: XLSX を書き出せません（%s）", path, lxw_strerror(e));
		return -1;
	}
	return 0;
}
