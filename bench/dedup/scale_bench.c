/*
** scale_bench.c: deduplicates and clusters N synthetic articles (default
** 1,000,000), generated on the fly, and prints time, articles/s and peak
** memory at several sizes so linear growth can be checked.
**
** Generator (deterministic, seeded): a 30,000-word pseudo vocabulary drawn
** with Zipf frequencies; stories with their own topic words and names, a
** few hundred open at once, each running for about 8 articles; articles
** of six paragraphs (~150 words), two minutes apart on average; 8% copy
** two to four paragraphs of an earlier article of their story (wire copy)
** and 2% repeat one whole (exact duplicates).
** Usage: scale_bench [N [STATE_FILE]]
** With STATE_FILE, the final state is also saved there and loaded back
** (util/snap.h, what `parallax` keeps beside its store), timed, with its
** size, and the loaded state is checked to place one more article as the
** original does.
** Memory: the dedup index and clusterer grow with N; the generator keeps
** only the open stories' last articles.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cluster/cluster.h"
#include "dedup/dedup.h"
#include "util/buf.h"
#include "util/snap.h"

#define VOCAB 30000
#define OPEN 300
#define PARAS 6

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t next(void) {
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 0x2545F4914F6CDD1DULL;
}
static unsigned below(unsigned n) { return (unsigned)(next() % n); }

static char *words[VOCAB];
static double cdf[VOCAB];

static void make_vocab(void) {
  static const char *syl[] = {"ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zu",
                              "ba", "de", "fi", "go", "hu", "ja", "pe", "qi", "ro",
                              "si", "tu", "an", "el", "or", "un", "is", "ar", "en",
                              "ol", "ur", "ix", "mar", "tel", "son", "ber", "lin"};
  const unsigned ns = sizeof syl / sizeof *syl;
  double sum = 0;
  for (unsigned i = 0; i < VOCAB; i++) {
    char w[32] = "";
    unsigned x = i + 1, len = 0;
    while (x) {
      const char *s = syl[x % ns];
      size_t l = strlen(s);
      memcpy(w + len, s, l);
      len += (unsigned)l;
      x /= ns;
    }
    w[len] = 0;
    words[i] = strdup(w);
    sum += 1.0 / (i + 1);
    cdf[i] = sum;
  }
  for (unsigned i = 0; i < VOCAB; i++) cdf[i] /= sum;
}

static unsigned zipf(void) {
  double u = (double)(next() >> 11) / 9007199254740992.0;
  unsigned lo = 0, hi = VOCAB - 1;
  while (lo < hi) {
    unsigned mid = (lo + hi) / 2;
    if (cdf[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

typedef struct story {
  unsigned topic[12], names[3];
  unsigned left;
  px_buf last[PARAS];   /* the story's last article, for copies */
  bool has_last;
} story;

static void para(px_buf *b, const story *s) {
  b->len = 0;
  unsigned n = 18 + below(14);
  for (unsigned i = 0; i < n; i++) {
    unsigned r = below(100);
    const char *w;
    bool cap = i == 0;
    if (r < 25) w = words[s->topic[below(12)]];
    else if (r < 30) {
      w = words[s->names[below(3)]];
      cap = true;
    } else w = words[zipf()];
    if (i) px_buf_putc(b, ' ');
    px_buf_putc(b, cap ? (char)(w[0] - 32) : w[0]);
    px_buf_puts(b, w + 1);
  }
  px_buf_putc(b, '.');
}

static void new_story(story *s) {
  for (int i = 0; i < 12; i++) s->topic[i] = 200 + below(VOCAB - 200);
  for (int i = 0; i < 3; i++) s->names[i] = 1000 + below(VOCAB - 1000);
  s->left = 1 + below(15);
  s->has_last = false;
}

static story open_stories[OPEN];

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_secs(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
         (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static long peak_rss_kb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

/* Saves ix and cl to path, loads them into fresh ones, and checks both
** place one more article alike. Nonzero on failure. */
static int save_and_load(const char *path, px_dedup_index *ix, px_clusterer *cl,
                         int64_t clock) {
  px_err err = {0};
  px_snap *s;
  double t0 = now();
  if (px_snap_create(path, 1, &s, &err)) goto fail;
  px_clusterer_save(cl, s);
  px_dedup_index_save(ix, s);
  if (px_snap_commit(s, &err)) goto fail;
  double t1 = now();
  px_dedup_index *ix2 = px_dedup_index_new(NULL);
  px_clusterer *cl2 = px_clusterer_new(NULL);
  if (px_snap_open(path, 1, &s, &err)) goto fail;
  px_clusterer_load(cl2, s);
  px_dedup_index_load(ix2, s);
  if (px_snap_finish(s, &err)) goto fail;
  double t2 = now();
  FILE *f = fopen(path, "rb");
  long size = 0;
  if (f && fseek(f, 0, SEEK_END) == 0) size = ftell(f);
  if (f) fclose(f);
  /* One more article: the last open story's, to both states. */
  px_doc *d = px_doc_new(0);
  px_buf t;
  px_buf_init(&t, 0);
  para(&t, &open_stories[0]);
  px_doc_set(d, &d->title, t.data, t.len > 80 ? 80 : t.len);
  px_doc_add_block(d, PX_BLOCK_PARA, t.data, t.len);
  int64_t a = 0, b = 0;
  px_clusterer_add(cl, INT64_MAX, d, clock, &a, NULL);
  px_clusterer_add(cl2, INT64_MAX, d, clock, &b, NULL);
  px_doc_free(d);
  px_buf_reset(&t);
  printf("state: %.1f MB (%.2f KB/article), saved in %.1f s, loaded in %.1f s; "
         "the loaded state places the next article %s\n",
         size / 1048576.0, size / 1024.0 / (double)px_clusterer_article_count(cl2),
         t1 - t0, t2 - t1, a == b ? "alike" : "DIFFERENTLY");
  px_dedup_index_free(ix2);
  px_clusterer_free(cl2);
  remove(path);
  return a == b ? 0 : 1;
fail:
  fprintf(stderr, "state: %s\n", err.msg);
  return 1;
}

int main(int argc, char **argv) {
  size_t N = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
  make_vocab();
  story *open = open_stories;
  for (int i = 0; i < OPEN; i++) {
    new_story(&open[i]);
    for (int p = 0; p < PARAS; p++) px_buf_init(&open[i].last[p], 0);
  }
  px_dedup_index *ix = px_dedup_index_new(NULL);
  px_clusterer *cl = px_clusterer_new(NULL);
  if (!ix || !cl) return 1;
  px_buf text[PARAS], title;
  for (int p = 0; p < PARAS; p++) px_buf_init(&text[p], 0);
  px_buf_init(&title, 0);
  size_t checkpoints[] = {10000, 100000, 250000, 500000, 1000000, 2000000, 5000000};
  size_t cp = 0, exact = 0, near = 0, shared = 0, copies_made = 0, dups_made = 0;
  long rss0 = peak_rss_kb();
  double t0 = now();
  int64_t clock = 1700000000;
  /* Wall time and CPU time: on a shared machine the CPU time is the figure
  ** that does not depend on the neighbours. */
  printf("%10s %9s %9s %12s %12s %10s %10s %11s %9s\n", "articles", "wall_s",
         "cpu_s", "articles/s", "peak_rss_MB", "KB/article", "dedup_MB",
         "cluster_MB", "stories");
  double c0 = cpu_secs();
  for (size_t a = 0; a < N; a++) {
    story *s = &open[below(OPEN)];
    if (s->left == 0) new_story(s);
    s->left--;
    clock += below(240);
    px_doc *d = px_doc_new(0);
    unsigned kind = below(100);
    para(&title, s);
    px_doc_set(d, &d->title, title.data, title.len > 80 ? 80 : title.len);
    if (kind < 2 && s->has_last) {
      for (int p = 0; p < PARAS; p++)
        px_doc_add_block(d, PX_BLOCK_PARA, s->last[p].data, s->last[p].len);
      dups_made++;
    } else {
      unsigned from = 0, to = 0;
      if (kind < 10 && s->has_last) {
        from = below(3);
        to = from + 2 + below(3);
        copies_made++;
      }
      for (unsigned p = 0; p < PARAS; p++) {
        if (p >= from && p < to)
          px_doc_add_block(d, PX_BLOCK_PARA, s->last[p].data, s->last[p].len);
        else {
          para(&text[p], s);
          px_doc_add_block(d, PX_BLOCK_PARA, text[p].data, text[p].len);
        }
      }
      if (!s->has_last || below(3) == 0) {
        for (unsigned p = 0; p < PARAS; p++) {
          s->last[p].len = 0;
          px_buf_append(&s->last[p], d->blocks[p].text, d->blocks[p].len);
        }
        s->has_last = true;
      }
    }
    px_dedup_match *m = NULL;
    size_t nm = 0;
    px_err err = {0};
    if (px_dedup_index_add(ix, (int64_t)a, d, &m, &nm, &err) != PX_OK) {
      fprintf(stderr, "dedup: %s\n", err.msg);
      return 1;
    }
    for (size_t i = 0; i < nm; i++) {
      exact += m[i].kind == PX_DEDUP_EXACT;
      near += m[i].kind == PX_DEDUP_NEAR;
      shared += m[i].kind == PX_DEDUP_SHARED;
    }
    free(m);
    int64_t sid;
    if (px_clusterer_add(cl, (int64_t)a, d, clock, &sid, &err) != PX_OK) {
      fprintf(stderr, "cluster: %s\n", err.msg);
      return 1;
    }
    px_doc_free(d);
    if (cp < sizeof checkpoints / sizeof *checkpoints && a + 1 == checkpoints[cp]) {
      double dt = now() - t0;
      long rss = peak_rss_kb();
      double cpu = cpu_secs() - c0;
      printf("%10zu %9.1f %9.1f %12.0f %12.1f %10.2f %10.1f %11.1f %9zu\n", a + 1,
             dt, cpu, (a + 1) / cpu, rss / 1024.0, (double)(rss - rss0) / (a + 1),
             px_dedup_index_bytes(ix) / 1048576.0,
             px_clusterer_bytes(cl) / 1048576.0, px_clusterer_story_count(cl));
      fflush(stdout);
      cp++;
    }
  }
  double dt = now() - t0;
  double cpu = cpu_secs() - c0;
  printf("total: %zu articles in %.1f s wall, %.1f s CPU (%.0f articles per CPU "
         "second), peak RSS %.1f MB\n", N, dt, cpu, N / cpu,
         peak_rss_kb() / 1024.0);
  printf("generated: %zu exact repeats, %zu partial copies; found: %zu exact, "
         "%zu near, %zu shared-passage matches\n",
         dups_made, copies_made, exact, near, shared);
  if (argc > 2 && save_and_load(argv[2], ix, cl, clock)) return 1;
  px_dedup_index_free(ix);
  px_clusterer_free(cl);
  for (int p = 0; p < PARAS; p++) px_buf_reset(&text[p]);
  px_buf_reset(&title);
  for (int i = 0; i < OPEN; i++)
    for (int p = 0; p < PARAS; p++) px_buf_reset(&open[i].last[p]);
  for (unsigned i = 0; i < VOCAB; i++) free(words[i]);
  return 0;
}
