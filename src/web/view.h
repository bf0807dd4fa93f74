/* view.h — the view toolkit every HTML page is built from: tables declared as
 * columns, sections and headings, definition lists, labelled form fields with their
 * error slots, money/和暦/date cells, notices and pagination. Text from data always
 * goes through the one escaper (html_text()/html_attr(), html.h); the toolkit writes
 * only its own markup raw, so a page made of these pieces cannot forget to escape.
 * Everything writes to r->raw; nothing here allocates beyond r->arena. */
#ifndef DIGIDEN_VIEW_H
#define DIGIDEN_VIEW_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "page.h"

/* ---- values and cells ---- */

/* The string at key of a JSON object, "" when absent or not a string (borrowed). */
const char *view_jstr(json_t *o, const char *key);
/* s escaped, or dflt when s is NULL or empty. */
void view_text_or(web_request *r, const char *s, const char *dflt);
/* Text with its line breaks kept as <br>. */
void view_lines(web_request *r, const char *s);
/* A JSON scalar: strings escaped, numbers as written, booleans はい/いいえ, else "—". */
void view_scalar(web_request *r, json_t *v);
/* A JSON value as compact JSON in <code>, "—" for null or absent. */
void view_json_code(web_request *r, json_t *v);
/* 57,000,000円（5,700万円）: the exact yen and, when it differs, the human reading. */
void view_yen(web_request *r, int64_t yen);
/* An amount of an application (integer yen or a notation such as "179,293千円") into
 * *yen; false when absent or unreadable. */
bool view_amount_of(json_t *v, int64_t *yen);
/* The amount as view_yen(), the text marked unreadable, or "—" when absent. */
void view_amount(web_request *r, json_t *v);
/* A fiscal year number as 令和4年度; any other value as view_scalar(). */
void view_fiscal_year(web_request *r, json_t *v);
/* A UTC time "YYYY-MM-DDTHH:MM:SSZ" as <time datetime="…">令和7年3月31日 23:59</time>
 * in 日本時間 (JST); anything else as text ("—" when empty). */
void view_time(web_request *r, const char *iso);
/* 令和7年3月31日 23:59 of a UTC time in JST into out (n bytes). */
void view_wareki_jst(time_t t, char *out, size_t n);
/* "YYYY-MM-DDTHH:MM:SSZ" → *out; false when it is not one. */
bool view_parse_utc(const char *iso, time_t *out);

/* ---- tables ---- */

enum {
	VIEW_NUM = 1,     /* class="num" on the header and the cells (right-aligned figures) */
	VIEW_ROWHEAD = 2, /* the cells are <th scope="row"> */
	VIEW_NUM_CELLS = 4, /* class="num" on the cells only (tables whose header was never aligned) */
};

/* What a cell function is given: its column, the row (a json_t * for
 * view_table_json, an element pointer for view_table_array; NULL for a header) and
 * the table's ctx. It writes the cell's content; the cell tags are the toolkit's. */
typedef struct view_cell {
	const struct view_col *col;
	void *row, *ctx;
} view_cell;
typedef void (*view_cell_fn)(web_request *r, const view_cell *c);

typedef struct view_col {
	const char *header; /* escaped */
	unsigned flags;     /* VIEW_NUM, VIEW_ROWHEAD, VIEW_NUM_CELLS */
	view_cell_fn cell;  /* NULL: the string at key of the row object, escaped */
	const char *key;
	const char *dflt;   /* with key: shown when the string is empty */
	const char *cls;    /* the cells' class instead of the flags' ("nowrap"), or NULL */
	const char *href;   /* view_cell_link: the path before the row's "id" ("/review/") */
	/* when set, writes the whole header cell instead of <th scope="col">header</th> */
	view_cell_fn head;
	int tag; /* free for head() and cell(): the sort key of the column, which field */
} view_col;

typedef struct view_table {
	const char *id;      /* of the <table> (for links and tests), or NULL */
	const char *caption; /* escaped */
	const view_col *cols;
	size_t n_cols;
	const char *empty; /* with no rows: one row spanning the columns with this text; NULL: none */
	void *ctx;         /* passed to every cell */
	/* when set, called after </tbody> to write a <tfoot> (or nothing) */
	void (*foot)(web_request *r, void *ctx);
	/* when set, the class of a row's <tr> ("within"), or NULL */
	const char *(*row_cls)(void *row);
	/* when set, writes digiden's own markup after the caption's text (status badges) */
	void (*caption_more)(web_request *r, void *ctx);
	bool no_head; /* rows only (each row its own <th scope="row">): no <thead> */
} view_table;

/* Ready cells of a JSON row object, reading the value at col->key: an amount
 * (view_amount), a UTC time (view_time), a fiscal year (view_fiscal_year), a scalar
 * (view_scalar), a status key as its Japanese label, an integer. */
void view_cell_amount(web_request *r, const view_cell *c);
void view_cell_time(web_request *r, const view_cell *c);
void view_cell_fiscal_year(web_request *r, const view_cell *c);
void view_cell_scalar(web_request *r, const view_cell *c);
void view_cell_status(web_request *r, const view_cell *c);
void view_cell_int(web_request *r, const view_cell *c);
/* <a href="{col->href}{id}">the string at col->key (or col->dflt)</a>. */
void view_cell_link(web_request *r, const view_cell *c);

/* The whole table (<div class="table-wrap"><table><caption>…) over a JSON array or a
 * C array of n elements of size bytes. */
void view_table_json(web_request *r, const view_table *t, json_t *rows);
void view_table_array(web_request *r, const view_table *t, void *rows, size_t n, size_t size);
/* The same in steps, for rows that are not one array (several rows per item, rows
 * skipped): begin, one view_table_row() per row, end with the number of rows. */
void view_table_begin(web_request *r, const view_table *t);
void view_table_row(web_request *r, const view_table *t, void *row);
/* One row with the class cls on its <tr> (a totals row in a <tfoot>: "total"). */
void view_table_row_cls(web_request *r, const view_table *t, void *row, const char *cls);
void view_table_end(web_request *r, const view_table *t, size_t n_rows);

/* Pieces for tables whose columns come from data (one per reviewer, per menu):
 * open writes up to the header row's <tr> (id: of the <table>, or NULL), body closes
 * the head and opens <tbody>. */
void view_table_open(web_request *r, const char *id, const char *caption);
void view_th(web_request *r, const char *text, unsigned flags);
void view_table_body(web_request *r);
void view_table_close(web_request *r);
/* <td>, <td class="num"> or <th scope="row"> by flags, and its end tag. */
void view_cell_open(web_request *r, unsigned flags);
void view_cell_close(web_request *r, unsigned flags);

/* ---- headings, sections, lists, notices ---- */

/* <hN>text</hN> (level 1–6). */
void view_heading(web_request *r, int level, const char *text);
/* <section> with its heading <hN> (aria-labelledby the heading's id when id is
 * given); and </section>. */
void view_section_open(web_request *r, const char *id, int level, const char *heading);
void view_section_close(web_request *r);
/* <p>text</p>, escaped. */
void view_para(web_request *r, const char *text);
/* Definition lists (<dl class="grid-2">): open, then items, then close. An item is
 * view_dt() … its content … view_dd_close(), or view_dl_text() for a text value
 * (dflt when empty). */
void view_dl_open(web_request *r);
void view_dt(web_request *r, const char *label);
void view_dd_close(web_request *r);
void view_dl_text(web_request *r, const char *label, const char *text, const char *dflt);
void view_dl_close(web_request *r);
/* A list of the items of a JSON array: open is its opening tag ("<ul>",
 * "<ol class=\"comments\">"; digiden's own markup), each item a <li> whose content
 * item() writes (c->row the item, c->ctx ctx). With no items, none as a <p> instead
 * (nothing when none is NULL). */
void view_list(web_request *r, const char *open, json_t *items, view_cell_fn item, void *ctx, const char *none);
/* <ul class="diags"> of a list of diagnostics: <li class="cls">KEY: message</li>, KEY
 * the string at key of each ("path", "id"); nothing when the list is empty. */
void view_diags(web_request *r, json_t *list, const char *cls, const char *key);
/* A citation: source「quote」 (the quote only when there is one). */
void view_cite(web_request *r, const char *source, const char *quote);
/* A notice: after a change (role=status, so screen readers announce it) or an error
 * (role=alert). */
void view_notice_ok(web_request *r, const char *text);
void view_notice_error(web_request *r, const char *text);

/* ---- forms ---- */

/* A labelled control: label, hint (p.hint #id-hint), the error slot (p.field-error
 * #id-error), then the control with aria-describedby/aria-invalid to match. */
typedef struct view_field {
	const char *type;  /* input type ("text" when NULL); "textarea" for a <textarea> */
	const char *id;
	const char *name;  /* NULL: the id */
	const char *label;
	const char *value; /* NULL: empty; never written for type "password" */
	const char *hint, *error; /* NULL: none */
	const char *attrs; /* digiden's own extra attributes ("required inputmode=…"), raw */
	bool control;      /* wrap in <div class="control"> */
} view_field;
void view_field_write(web_request *r, const view_field *f);
/* A <select> of "value|label" options (NULL-terminated), labelled, with its error slot. */
void view_select(web_request *r, const view_field *f, const char *const *opts);

/* <form method="post" action="…"> with the CSRF field; view_hidden() adds a hidden
 * value; view_submit() ends with <p><button type="submit">…</button></p> (cls the
 * button's class or NULL) and </form>. */
void view_form_open(web_request *r, const char *action);
void view_hidden(web_request *r, const char *name, const char *value);
void view_submit(web_request *r, const char *label, const char *cls);
/* A form posting to /applications/{id}/action: csrf, action, and _back when given
 * (the page to return to). */
void view_action_form_open(web_request *r, int64_t id, const char *action, const char *back);

/* ---- pagination ---- */

/* Pages of per rows: "全N件中 a〜b件を表示" and links to the previous and next page
 * (href = base followed by "page=K"; base is a path with its query so far, ending in
 * "?" or "&", escaped here). page counts from 1; nothing when all rows fit. */
void view_pager(web_request *r, const char *base, size_t total, size_t page, size_t per);

#endif
