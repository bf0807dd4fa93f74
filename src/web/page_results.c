/* page_results.c — public results pages (to be written). */
#include "page_results.h"

static const page_route routes[] = {
	{ "GET", "/results", NULL, 0 },
};
const page_table results_page_table = { routes, 0 };
