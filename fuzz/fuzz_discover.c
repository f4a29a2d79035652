/*
** fuzz_discover.c: feed autodiscovery and robots.txt parsing over
** arbitrary bytes (both are light scanners of untrusted text). The first
** byte chooses which.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/discover.h"
#include "ingest/robots.h"
#include "util/str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  int mode = data[0] & 1;
  const char *s = (const char *)data + 1;
  size--;
  if (mode == 0) {
    px_discovered *d = NULL;
    px_err err = {0};
    if (px_discover_feeds(s, size, "https://example.com/a/b.html", &d, &err) == PX_OK) {
      for (size_t i = 0; i < d->n; i++)
        if (!px_utf8_valid(d->refs[i].url, strlen(d->refs[i].url))) abort();
      px_discovered_free(d);
    }
  } else {
    px_robots *r = px_robots_parse(s, size, "Parallax");
    if (r) {
      /* Match the input's own lines as paths too. */
      px_robots_allowed(r, "/", 1);
      px_robots_allowed(r, s, size < 256 ? size : 256);
      px_robots_free(r);
    }
  }
  return 0;
}
