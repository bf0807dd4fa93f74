/* page.h — server-rendered Japanese HTML pages: the layout, forms with CSRF tokens,
 * errors next to fields, redirects and error pages. Pages live in folders by their
 * URL (office/, applicant/, public/, support/, review/) and are built from the view
 * toolkit (view.h); routes are in one table per group, listed in pages.c. All text from data goes
 * through html_text()/html_attr() (html.h); buf_raw()/buf_fmt() only for markup. */
#ifndef DIGIDEN_PAGE_H
#define DIGIDEN_PAGE_H

#include "html.h"
#include "web.h"

/* A page handler writes the whole answer: page_begin … page_end, or page_redirect,
 * or page_error. Returns nothing; the server sends r->raw as text/html. */
typedef void (*page_handler)(web_request *r);

enum {
	PAGE_LOGIN = 1,         /* needs a session (else redirect to /login) */
	PAGE_APPLICANT = 2,     /* role applicant only (403 page otherwise) */
	PAGE_OFFICE = 4,        /* secretariat or admin */
	PAGE_REVIEWER = 8,      /* reviewer */
	PAGE_FORM = 16,         /* POST with a form body; the csrf field is checked */
};

typedef struct page_route {
	const char *method, *pattern; /* "GET", "/applications/{id}/edit" */
	page_handler handler;
	unsigned flags; /* PAGE_… */
} page_route;

/* Each group of pages (pages.c core and applicant, office/office.c, public/results.c …)
 * has its own route table; pages.c lists the tables. */
typedef struct page_table {
	const page_route *routes;
	size_t n;
} page_table;
extern const page_table *const page_tables[];
extern const size_t page_table_count;

/* Starts the document: <html lang="ja">, head (title, CSS), header with the
 * navigation for the user's role and the logout button, and <main id="main">. */
void page_begin(web_request *r, const char *title);
void page_end(web_request *r);
/* 303 See Other to location (a path of this site). */
void page_redirect(web_request *r, const char *location);
/* A whole error page with status (400, 403, 404, 409, 500) and a Japanese message. */
void page_error(web_request *r, int status, const char *message);

/* Form values: the urlencoded body of a POST (r->form), else the query string.
 * NULL when absent. Repeated names: the first. */
const char *page_param(web_request *r, const char *name);
/* <input type="hidden" name="csrf" value="…"> for the session (or the login cookie). */
void page_csrf_field(web_request *r);

/* Form controls in <div class="control"> (view_field_write(), view.h); path is the field's name and id (a JSON path of the application
 * for the application form), error the message to show next to it (or NULL). */
void page_text_input(web_request *r, const char *label, const char *path, const char *value, const char *hint,
		     const char *error, const char *extra_attrs);
void page_textarea(web_request *r, const char *label, const char *path, const char *value, const char *error);
/* opts: "value|label" pairs, NULL-terminated. */
void page_select(web_request *r, const char *label, const char *path, const char *value, const char *const *opts,
		 const char *error);
void page_checkbox(web_request *r, const char *label, const char *path, bool checked);

#endif
