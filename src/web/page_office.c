/* page_office.c — office and reviewer pages (to be written). */
#include "page_office.h"

static const page_route routes[] = {
	{ "GET", "/office", NULL, PAGE_OFFICE },
};
const page_table office_page_table = { routes, 0 };
