/*
** store_pg.c: the PostgreSQL backend of store.h (libpq).
*/
#include "store/store_int.h"
#include "util/err.h"

px_rc px_store_pg_open(const char *url, px_store **out, px_err *err) {
  (void)url;
  (void)out;
  return px_err_set(err, PX_EDB, "postgresql: not built yet");
}
