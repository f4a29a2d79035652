/*
** topic.c: the topic model (see topic.h). The vocabulary below is general
** news vocabulary written for this taxonomy, not taken from any story.
** Memory: stems are hashed once per analysis; results in the arena.
*/
#include <stdlib.h>
#include <string.h>
#include "analyze/topic.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/str.h"

const char *const an_topic_names[AN_NTOPICS] = {
  "politics & diplomacy", "conflict & security", "business & economy",
  "technology", "science & environment", "health", "sport",
  "crime & justice", "culture & entertainment", "automobiles & transport",
  "disasters & accidents"};

/* Words per topic: space separated; a "*2" suffix doubles the weight. */
static const char *const k_vocab[AN_NTOPICS] = {
  /* politics & diplomacy */
  "diplomat*2 diplomacy*2 diplomatic*2 minister secretary president premier "
  "summit*2 talks bilateral*2 embassy*2 ambassador*2 foreign relations "
  "sanctions treaty negotiations envoy visit government election parliament "
  "senate congress policy administration lawmakers vote campaign party "
  "opposition cabinet sovereignty independence dialogue cooperation "
  "ministry official officials state spokesperson statement communique "
  "alliance allies partnership tensions rivalry leader leaders",
  /* conflict & security */
  "war military army troops missile missiles attack invasion weapons "
  "defense defence nuclear strike soldiers conflict ceasefire security "
  "navy airstrike rockets drone drones combat lethal militants terrorism "
  "surveillance spy espionage",
  /* business & economy */
  "economy*2 economic market markets shares stocks investors trade tariffs "
  "inflation bank banks revenue profit prices companies company firms "
  "earnings growth gdp exports imports business industry supply billion "
  "million investment jobs unemployment currency bonds",
  /* technology */
  "technology*2 software chips chip semiconductor ai artificial internet "
  "app apps computer data digital cyber smartphone startup platform online "
  "algorithm robot",
  /* science & environment */
  "climate*2 emissions scientists research study species environment "
  "carbon warming energy renewable solar space nasa planet ocean pollution",
  /* health */
  "health*2 hospital hospitals patients disease virus vaccine doctors "
  "medical outbreak cancer drug drugs covid pandemic treatment opioid",
  /* sport */
  "match*2 goal goals season team league championship coach players "
  "tournament win won cup final score striker club fans olympic medal",
  /* crime & justice */
  "police*2 court arrested charged trial judge prison murder crime "
  "investigation prosecutors lawsuit guilty sentence jury suspect fraud",
  /* culture & entertainment */
  "film*2 music album movie actor actress festival art museum book show "
  "series concert celebrity award awards theatre",
  /* automobiles & transport */
  "car*2 cars vehicle vehicles automaker automobile automobiles electric "
  "driver drivers engine road traffic airline airlines flights train rail",
  /* disasters & accidents */
  "earthquake*2 flood floods storm hurricane wildfire fire crash killed "
  "dead injured rescue victims disaster evacuated collapse"};

typedef struct vocent {
  uint64_t stem;
  int topic;
  double w;
} vocent;

static int cmp_voc(const void *x, const void *y) {
  uint64_t a = ((const vocent *)x)->stem, b = ((const vocent *)y)->stem;
  return a < b ? -1 : a > b;
}

#define MAXV 1024

px_rc an_topic(px_analysis *a) {
  double sc[AN_NTOPICS];
  memset(sc, 0, sizeof sc);
  vocent voc[MAXV];
  size_t nv = 0;
  for (int t = 0; t < AN_NTOPICS; t++) {
    const char *p = k_vocab[t];
    while (*p) {
      while (*p == ' ') p++;
      const char *st = p;
      while (*p && *p != ' ' && *p != '*') p++;
      size_t n = (size_t)(p - st);
      double w = 1;
      if (*p == '*') {
        w = p[1] == '2' ? 2 : 1;
        p += 2;
      }
      if (!n) continue;
      char low[64];
      if (n >= sizeof low) continue;
      memcpy(low, st, n);
      low[n] = 0;
      uint64_t stem = px_hash64(low, n, 7);
      if (a->stemmer && n > 3) {
        const sb_symbol *o = sb_stemmer_stem(a->stemmer, (const sb_symbol *)low, (int)n);
        if (o) stem = px_hash64(o, (size_t)sb_stemmer_length(a->stemmer), 7);
      }
      if (nv < MAXV) {
        voc[nv].stem = stem;
        voc[nv].topic = t;
        voc[nv].w = w;
        nv++;
      }
    }
  }
  qsort(voc, nv, sizeof voc[0], cmp_voc);
  for (size_t si = 0; si < a->nsents; si++) {
    const an_sent *s = &a->sents[si];
    for (size_t k = 0; k < s->ntok; k++) {
      vocent key = {s->toks[k].stem, 0, 0};
      const vocent *hit = bsearch(&key, voc, nv, sizeof voc[0], cmp_voc);
      if (!hit) continue;
      /* a stem may vote for several topics: walk its run */
      while (hit > voc && hit[-1].stem == key.stem) hit--;
      for (; hit < voc + nv && hit->stem == key.stem; hit++) sc[hit->topic] += hit->w;
    }
  }
  int best = 0;
  for (int t = 1; t < AN_NTOPICS; t++)
    if (sc[t] > sc[best]) best = t;
  for (int t = 0; t < AN_NTOPICS && t < 16; t++) a->topic_scores[t] = sc[t];
  a->topic = sc[best] > 0 ? an_topic_names[best] : "general";
  /* tags: the places named most often */
  enum { MAXP = 64 };
  struct { uint64_t h; const char *w; size_t n; int c; } pl[MAXP];
  size_t np = 0;
  for (size_t si = 0; si < a->nsents; si++) {
    const an_sent *s = &a->sents[si];
    for (size_t k = 0; k < s->ntok; k++) {
      const an_tok *t = &s->toks[k];
      if (!(t->flags & TK_CAP)) continue;
      const char *w = s->text + t->s;
      size_t n = t->e - t->s;
      uint64_t h = t->h;
      if (an_tok_is(s, k, "united") && an_tok_is(s, k + 1, "states")) {
        w = "United States";
        n = 13;
      } else if (!an_is_place_word(w, n) || n < 2) {
        continue;
      }
      if (an_tok_is(s, k, "u.s") || an_tok_is(s, k, "u.s.") || an_tok_is(s, k, "us") ||
          an_tok_is(s, k, "usa") || an_tok_is(s, k, "america") || n == 13) {
        if (n != 13 && !(t->flags & TK_CAP)) continue;
        if (an_tok_is(s, k, "us") && s->text[t->s + 1] == 's') continue; /* "Us" */
        w = "United States";
        n = 13;
      }
      h = px_hash64(w, n, 3);
      size_t i = 0;
      while (i < np && pl[i].h != h) i++;
      if (i == np) {
        if (np == MAXP) continue;
        pl[np].h = h;
        pl[np].w = w;
        pl[np].n = n;
        pl[np].c = 0;
        np++;
      }
      pl[i].c++;
    }
  }
  px_buf b;
  px_buf_init(&b, 1024);
  for (int k = 0; k < 3; k++) {
    int bi = -1;
    for (size_t i = 0; i < np; i++)
      if (pl[i].c > 1 && (bi < 0 || pl[i].c > pl[bi].c)) bi = (int)i;
    if (bi < 0) break;
    if (b.len) px_buf_puts(&b, ", ");
    px_buf_append(&b, pl[bi].w, pl[bi].n);
    pl[bi].c = 0;
  }
  a->topic_tags = an_strndup(a, px_buf_cstr(&b), b.len);
  px_buf_reset(&b);
  return a->topic_tags ? PX_OK : PX_ENOMEM;
}
