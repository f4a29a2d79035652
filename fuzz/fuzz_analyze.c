/*
** fuzz_analyze.c: arbitrary bytes as article text through sentence
** splitting and the whole story analysis (quotes, claims, comparison,
** summary, topic) and all three renderings.
**
** Input layout: the first byte picks how many articles (1-4) the rest is
** cut into (at form feeds, else evenly); paragraphs are split at blank
** lines; the second byte, when odd, gives every article a publish time.
** Only valid UTF-8 goes in, as px_doc promises.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/analysis.h"
#include "text/sentence.h"
#include "util/str.h"

static void add_paras(px_doc *d, const char *p, size_t n) {
  size_t i = 0, st = 0;
  while (i <= n) {
    bool brk = i == n || (p[i] == '\n' && i + 1 < n && p[i + 1] == '\n');
    if (brk) {
      if (i > st) px_doc_add_block(d, (st % 7 == 3) ? PX_BLOCK_HEADING : PX_BLOCK_PARA, p + st, i - st);
      st = i + 2;
      i += 2;
      continue;
    }
    i++;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2 || size > 200000) return 0;
  size_t ndocs = (size_t)(data[0] % 4) + 1;
  bool dated = data[1] & 1;
  const char *text = (const char *)data + 2;
  size_t len = px_utf8_valid_prefix(text, size - 2);
  /* the splitter alone, on everything */
  size_t pos = 0, a, b;
  while (px_sentence_next((const char *)data, size, pos, &a, &b)) {
    if (b <= pos || b > size) abort();
    pos = b;
  }
  px_doc *docs[4] = {NULL, NULL, NULL, NULL};
  size_t chunk = len / ndocs + 1, off = 0;
  for (size_t i = 0; i < ndocs; i++) {
    docs[i] = px_doc_new(0);
    if (!docs[i]) goto out;
    size_t end = off + chunk < len ? off + chunk : len;
    const char *ff = memchr(text + off, '\f', end - off);
    if (ff) end = (size_t)(ff - text);
    while (end < len && end > off && ((unsigned char)text[end] & 0xC0) == 0x80) end++;
    if (i == ndocs - 1) end = len;
    add_paras(docs[i], text + off, end - off);
    if (dated) {
      const char *ts[] = {"2023-06-19T10:48:00", "2023-06-19T16:01:00+08:00", "2023-06-18",
                          "2023-06-20T01:00:00Z"};
      px_doc_set(docs[i], &docs[i]->published, ts[i], strlen(ts[i]));
    }
    off = end < len ? end + (text[end] == '\f') : len;
  }
  px_analysis *an = NULL;
  px_err err = {0};
  if (px_story_analyze((const px_doc *const *)docs, NULL, ndocs, &an, &err) == PX_OK) {
    px_buf out;
    px_buf_init(&out, 0);
    px_analysis_to_json(an, &out);
    px_analysis_to_text(an, &out);
    px_analysis_to_markdown(an, &out);
    px_buf_reset(&out);
    px_analysis_free(an);
  }
out:
  for (size_t i = 0; i < ndocs; i++) px_doc_free(docs[i]);
  return 0;
}
