/*
** fuzz_jsonl.c: the JSON-lines reader on arbitrary bytes: every line is
** read, bad ones reported, nothing crashes or leaks.
*/
#include <stdint.h>
#include "ingest/jsonl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  px_jsonl r;
  px_jsonl_init(&r, (const char *)data, size);
  for (int guard = 0; guard < 100000; guard++) {
    px_jsonl_item it;
    px_err err = {0};
    px_rc rc = px_jsonl_next(&r, &it, &err);
    if (rc == PX_EEMPTY && err.rc == PX_OK) break;
  }
  px_jsonl_reset(&r);
  return 0;
}
