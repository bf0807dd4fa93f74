/* receipts.h — 受付番号: every submission gets a number of its round (the round key's
 * last part and a sequence, "FY2022-SUPP-000123"), with the version submitted, the
 * SHA-256 of its body text and the time, so that an applicant can prove what was
 * submitted when (issue 13, part 5). */
#ifndef DIGIDEN_SERVICE_RECEIPTS_H
#define DIGIDEN_SERVICE_RECEIPTS_H

#include "service.h"

/* {"receipts":[{"number","version","sha256","submitted_at"}…],"total"}, newest first,
 * for whoever may see the application (404 otherwise). */
json_t *svc_app_receipts(svc *s, const svc_user *actor, int64_t id, svc_err *err);

/* Inside the submission's write transaction: the receipt of app as it is now (version
 * and body), its number into *number (in a). */
store_rc svc_receipt_issue(svc *s, const store_app *app, arena *a, const char **number);

#endif
