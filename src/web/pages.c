/* pages.c — the route tables of the HTML pages. */
#include "public/calc.h"
#include "office/office.h"
#include "public/results.h"
#include "pages.h"

static const page_route core_routes[] = {
	{ "GET", "/", page_home, 0 },
	{ "GET", "/login", page_login_form, 0 },
	{ "POST", "/login", page_login_submit, PAGE_FORM },
	{ "POST", "/logout", page_logout, PAGE_LOGIN | PAGE_FORM },
	{ "GET", "/guide", page_guide, 0 },
	{ "GET", "/worksheet", page_worksheet, PAGE_APPLICANT },
	{ "GET", "/support", page_support, PAGE_LOGIN },
	{ "GET", "/promotion", page_promotion, PAGE_LOGIN },
	{ "GET", "/future-tech", page_future_tech, 0 },
	{ "POST", "/future-tech", page_future_tech, PAGE_FORM },
	{ "POST", "/worksheet", page_worksheet, PAGE_APPLICANT | PAGE_FORM },
	{ "GET", "/my", page_my, PAGE_APPLICANT },
	{ "GET", "/applications/new", page_app_new, PAGE_APPLICANT },
	{ "POST", "/applications/new", page_app_create, PAGE_APPLICANT | PAGE_FORM },
	{ "GET", "/applications/{id}", page_app_view, PAGE_LOGIN },
	{ "GET", "/applications/{id}/edit", page_app_edit, PAGE_APPLICANT },
	{ "POST", "/applications/{id}/edit", page_app_save, PAGE_APPLICANT | PAGE_FORM },
	{ "POST", "/applications/{id}/action", page_app_action, PAGE_LOGIN | PAGE_FORM },
	{ "GET", "/applications/{id}/receipt", page_app_receipt, PAGE_LOGIN },
	{ "GET", "/applications/{id}/print", page_app_print, PAGE_LOGIN },
};

static const page_table core_table = { core_routes, sizeof core_routes / sizeof core_routes[0] };

/* Every group of pages; each table lives in its own file. */
const page_table *const page_tables[] = { &core_table, &calc_page_table, &office_page_table, &results_page_table };
const size_t page_table_count = sizeof page_tables / sizeof page_tables[0];
