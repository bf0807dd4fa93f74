/* office_list.h — the pages of the office's list at national scale (issue 13, part 6)
 * beside /office/applications (office_applications.c): its downloads and the bulk
 * actions on its checked rows (office_bulk.c). */
#ifndef DIGIDEN_OFFICE_LIST_H
#define DIGIDEN_OFFICE_LIST_H

#include "office.h"

/* GET /office/applications.csv and .xlsx: the filtered list (every matching row). */
void page_office_apps_csv(web_request *r);
void page_office_apps_xlsx(web_request *r);
/* POST /office/applications/bulk: action, reviewer and the checked ids; one result per row. */
void page_office_apps_bulk(web_request *r);

#endif
