/* page_office.h — route table of the office and reviewer pages (page_office.c, page_review.c). */
#ifndef DIGIDEN_PAGE_OFFICE_H
#define DIGIDEN_PAGE_OFFICE_H

#include "pages.h"

extern const page_table office_page_table;

#endif
