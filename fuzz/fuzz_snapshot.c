/*
** fuzz_snapshot.c: loading a saved clusterer and copy index (util/snap.h)
** from hostile bytes. The input is the payload; the harness wraps it in a
** valid header and checksum (which a damaged file would fail at once), so
** the fuzzer reaches the loaders' own checks. A load that succeeds must
** leave structures that are safe to use: an article is then added to
** both, and the state saved again.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "cluster/cluster.h"
#include "dedup/dedup.h"
#include "util/snap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SNAP_FORMAT 7

static char path[64];

static int write_wrapped(const uint8_t *data, size_t size) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  uint32_t head[2] = {SNAP_FORMAT, 0x01020304};
  uint64_t sum = XXH64(data, size, 0);
  int ok = fwrite("PXSNAP\r\n", 1, 8, f) == 8 && fwrite(head, 1, 8, f) == 8 &&
           fwrite(data, 1, size, f) == size && fwrite(&sum, 1, 8, f) == 8;
  return (fclose(f) == 0 && ok) ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!path[0]) {
    snprintf(path, sizeof path, "/tmp/px-fuzz-snap-%ld", (long)getpid());
  }
  if (write_wrapped(data, size)) return 0;
  px_clusterer *c = px_clusterer_new(NULL);
  px_dedup_index *ix = px_dedup_index_new(NULL);
  px_snap *s = NULL;
  if (c && ix && px_snap_open(path, SNAP_FORMAT, &s, NULL) == PX_OK) {
    px_clusterer_load(c, s);
    px_dedup_index_load(ix, s);
    if (px_snap_finish(s, NULL) == PX_OK) {
      px_doc *d = px_doc_new(0);
      const char *t = "Minister Ana Lopez opens the harbour bridge in Lisbon";
      const char *b = "The harbour bridge reopened on Tuesday after eight "
                      "months of repairs, officials in Lisbon said.";
      if (d && px_doc_set(d, &d->title, t, strlen(t)) == PX_OK &&
          px_doc_add_block(d, PX_BLOCK_PARA, b, strlen(b)) == PX_OK) {
        int64_t story;
        px_clusterer_add(c, 1000001, d, 86400, &story, NULL);
        px_dedup_match *m = NULL;
        size_t n = 0;
        px_dedup_index_add(ix, 1000001, d, &m, &n, NULL);
        free(m);
        if (px_snap_create(path, SNAP_FORMAT, &s, NULL) == PX_OK) {
          px_clusterer_save(c, s);
          px_dedup_index_save(ix, s);
          px_snap_commit(s, NULL);
        }
      }
      px_doc_free(d);
    }
  }
  px_clusterer_free(c);
  px_dedup_index_free(ix);
  unlink(path);
  return 0;
}
