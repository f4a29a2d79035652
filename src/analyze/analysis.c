/*
** analysis.c: px_story_analyze, the analyze stage's entry point, and its
** three renderings (JSON, text for `parallax story ID`, Markdown).
**
** Order of work: copy metadata, split sentences and tokenise, weigh
** words (idf over the story), then people -> quotes -> claims -> compare
** -> statements and exclusive items -> summary -> topic. See the module
** headers for each step.
**
** JSON schema (keys stable, in this order):
**   articles[]  {id, outlet, published, title, order}
**   timeline    {order: [id...], zoneless: bool, note}
**   headline    the title that best stands for the story, or null
**   topic       {label, tags[], scores{}}
**   summary[]   {text, article_id, cites[id], support[cite]}
**   disputed[]  labels of the contradicted facts the summary leaves out
**   claims[]    {label, kind, verdict, note, outlets[id], minority[id],
**                only_one_outlet, items[{article_id, outlet, text, value,
**                low, high, unit, status, place, venue, year, inferred,
**                sentence: cite}], pairs[{a, b, class, note}]}
**   updates[]   {label, earlier: cite, later: cite}
**   outlier     null | {article_id, outlet, score, conflicts[label]}
**   quotes[]    {speaker, speaker_role, variants, outlets[id],
**                items[{article_id, outlet, text, how, indirect, quotation,
**                sentence: cite}]}: a quotation cut per sentence keeps one
**                quotation number in all its items (null: reported speech)
**   people[]    {name, role, mentions, outlets[id]}
**   agreements[] {outlets[id], polarity_conflict, sentences[cite]}
**   only_one[]  {article_id, outlet, terms, sentence: cite}
** cite = {article_id, outlet, block, offset, length, text}: offset and
** length are bytes into px_doc_body() of that article; block is the index
** into doc->blocks.
**
** Memory: everything in a->arena; renderers append to the caller's buf.
*/
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/analysis.h"
#include "analyze/analyze_int.h"
#include "analyze/claims.h"
#include "analyze/compare.h"
#include "analyze/people.h"
#include "text/langres.h"
#include "analyze/quotes.h"
#include "analyze/summary.h"
#include "analyze/topic.h"
#include "analyze/zone.h"
#include "text/sentence.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/str.h"

#define AN_ARENA_CAP ((size_t)512 << 20)

/* ---- building ---- */

/* "BEIJING —" or "Beijing - " opening the first paragraph. */
static const char *detect_dateline(px_analysis *a, const px_doc *d) {
  for (size_t b = 0; b < d->nblocks; b++) {
    const px_block *blk = &d->blocks[b];
    if (blk->kind != PX_BLOCK_PARA) continue;
    const char *t = blk->text;
    size_t n = blk->len, i = 0;
    while (i < n && i < 40 && (px_isalpha((unsigned char)t[i]) || t[i] == ' ' || t[i] == ',' ||
                               t[i] == '.'))
      i++;
    if (i < 3 || i >= n) return NULL;
    size_t e = i;
    while (e > 0 && t[e - 1] == ' ') e--;
    bool dash = (i + 2 < n && (unsigned char)t[i] == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
                 ((unsigned char)t[i + 2] == 0x94 || (unsigned char)t[i + 2] == 0x93)) ||
                (t[i] == '-' && i + 1 < n && t[i + 1] == ' ');
    if (!dash) return NULL;
    size_t we = 0;
    while (we < e && px_isalpha((unsigned char)t[we])) we++;
    if (!an_is_place_word(t, we)) return NULL;
    return an_strndup(a, t, e);
  }
  return NULL;
}

static px_rc add_sentences(px_analysis *a, int d, const px_doc *doc) {
  px_rc rc;
  size_t body_off = 0;
  int para = 0;
  an_doc *ad = &a->docs[d];
  ad->first_sent = a->nsents;
  bool first_body = true;
  for (size_t b = 0; b < doc->nblocks; b++) {
    const px_block *blk = &doc->blocks[b];
    if (blk->kind == PX_BLOCK_CAPTION) continue;
    if (!first_body) body_off += 2;
    first_body = false;
    size_t pos = 0, s0, s1;
    while (px_sentence_next(blk->text, blk->len, pos, &s0, &s1)) {
      pos = s1;
      a->sents = an_grow(a, a->sents, &a->cap_sents, a->nsents + 1, sizeof *a->sents);
      if (!a->sents) return PX_ENOMEM;
      an_sent *s = &a->sents[a->nsents];
      memset(s, 0, sizeof *s);
      s->doc = d;
      s->block = (int)b;
      s->para = para;
      s->idx = (int)(a->nsents - ad->first_sent);
      s->off = s0;
      s->len = s1 - s0;
      s->body_off = body_off + s0;
      s->heading = blk->kind == PX_BLOCK_HEADING;
      s->decimal_comma = an_decimal_comma(doc->lang);
      s->lang_speech = px_langres_words(doc->lang, PX_LR_SPEECH);
      s->lang_according = px_langres_words(doc->lang, PX_LR_ACCORDING);
      s->lang_stop = px_langres_words(doc->lang, PX_LR_STOP);
      s->text = an_strndup(a, blk->text + s0, s1 - s0);
      if (!s->text) return PX_ENOMEM;
      unsigned char c0 = (unsigned char)s->text[0];
      s->mostly_quote = c0 == '"' || (c0 == 0xE2 && s->len > 2 &&
                                      (unsigned char)s->text[2] == 0x9C);
      if ((rc = an_tokenize(a, s->text, s->len, &s->toks, &s->ntok)) != PX_OK) return rc;
      a->nsents++;
    }
    body_off += blk->len;
    para++;
  }
  ad->nsent = a->nsents - ad->first_sent;
  return PX_OK;
}

static px_rc weigh_words(px_analysis *a) {
  size_t total = 0;
  for (size_t i = 0; i < a->nsents; i++) total += a->sents[i].ntok;
  size_t cap = 64;
  while (cap < 2 * total + 16) cap *= 2;
  a->idf_cap = cap;
  a->idf_keys = px_arena_calloc(a->arena, cap, sizeof *a->idf_keys);
  a->idf_vals = px_arena_calloc(a->arena, cap, sizeof *a->idf_vals);
  a->idf_outlets = px_arena_calloc(a->arena, cap, sizeof *a->idf_outlets);
  if (!a->idf_keys || !a->idf_vals || !a->idf_outlets) return PX_ENOMEM;
  /* document frequency by sentence (counted once per sentence) */
  for (size_t i = 0; i < a->nsents; i++) {
    an_sent *s = &a->sents[i];
    for (size_t k = 0; k < s->ntok; k++) {
      uint64_t h = s->toks[k].stem ? s->toks[k].stem : 1;
      bool dup = false;
      for (size_t q = 0; q < k && !dup; q++) dup = s->toks[q].stem == s->toks[k].stem;
      size_t m = cap - 1, j = (size_t)h & m;
      while (a->idf_keys[j] && a->idf_keys[j] != h) j = (j + 1) & m;
      a->idf_keys[j] = h;
      if (!dup) a->idf_vals[j] += 1;
      a->idf_outlets[j] |= 1ull << s->doc;
    }
  }
  double n = (double)a->nsents + 1;
  for (size_t j = 0; j < cap; j++)
    if (a->idf_keys[j]) a->idf_vals[j] = (float)log(n / a->idf_vals[j]) + 0.1f;
  /* sentence vectors */
  for (size_t i = 0; i < a->nsents; i++) {
    an_sent *s = &a->sents[i];
    s->terms = px_arena_alloc(a->arena, (s->ntok ? s->ntok : 1) * sizeof *s->terms);
    s->w = px_arena_alloc(a->arena, (s->ntok ? s->ntok : 1) * sizeof *s->w);
    if (!s->terms || !s->w) return PX_ENOMEM;
    size_t nt = 0;
    for (size_t k = 0; k < s->ntok; k++) {
      if (s->toks[k].flags & TK_STOP) continue;
      uint64_t h = s->toks[k].stem;
      size_t q = 0;
      while (q < nt && s->terms[q] != h) q++;
      if (q == nt) {
        s->terms[nt] = h;
        s->w[nt] = 0;
        nt++;
      }
      s->w[q] += 1;
    }
    for (size_t q = 0; q < nt; q++) s->w[q] = (float)((1 + log(s->w[q])) * an_idf(a, s->terms[q]));
    /* sort by hash (insertion; sentences are short) */
    for (size_t q = 1; q < nt; q++) {
      uint64_t h = s->terms[q];
      float w = s->w[q];
      size_t r = q;
      while (r > 0 && s->terms[r - 1] > h) {
        s->terms[r] = s->terms[r - 1];
        s->w[r] = s->w[r - 1];
        r--;
      }
      s->terms[r] = h;
      s->w[r] = w;
    }
    s->nterms = nt;
    s->sig = 0;
    double nn = 0;
    for (size_t q = 0; q < nt; q++) {
      s->sig |= 1ull << (s->terms[q] & 63);
      nn += (double)s->w[q] * s->w[q];
    }
    s->norm = sqrt(nn);
  }
  return PX_OK;
}

/* Words that make a title a date line ("Tuesday, May 24, 2005"), not a
** headline. */
static const char *const k_date_words[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "posted", "updated",
    "published", NULL};

/* The story's headline: the usable title (three or more content words, not
** a date line) whose words the other reports share most, idf-weighted,
** measured against their titles and opening sentences, with titles over
** ten content words scaled down steeply; ties go to the earliest report.
** A story's first article is an accident of arrival and its title may be
** a date line or a teaser. */
static px_rc pick_headline(px_analysis *a) {
  double best = -1;
  for (size_t i = 0; i < a->ndocs; i++) {
    const an_doc *d = &a->docs[a->timeline ? a->timeline[i] : (int)i];
    if (!d->title) continue;
    an_tok *t = NULL;
    size_t nt = 0;
    px_rc rc = an_tokenize(a, d->title, strlen(d->title), &t, &nt);
    if (rc) return rc;
    an_sent probe = {0};
    probe.text = d->title;
    probe.len = strlen(d->title);
    probe.toks = t;
    probe.ntok = nt;
    size_t content = 0;
    for (size_t k = 0; k < nt; k++)
      if (!(t[k].flags & (TK_STOP | TK_NUM)) && !an_tok_in(&probe, k, k_date_words)) content++;
    if (content < 3) continue;
    double score = 0;
    for (size_t j = 0; j < a->ndocs; j++) {
      const an_doc *o = &a->docs[j];
      if (o == d) continue;
      /* against its opening: the first two sentences (the title is often
      ** the first) */
      double num = 0, den_a = 0;
      for (size_t k = 0; k < nt; k++) {
        if (t[k].flags & TK_STOP) continue;
        double w = an_idf(a, t[k].stem);
        den_a += w * w;
        bool found = false;
        for (size_t q = o->first_sent; q < o->first_sent + o->nsent && q < o->first_sent + 2 &&
                                       !found; q++) {
          const an_sent *s = &a->sents[q];
          for (size_t m = 0; m < s->ntok && !found; m++) found = s->toks[m].stem == t[k].stem;
        }
        if (found) num += w * w;
      }
      /* the share the others carry, leaning to the fuller title: a short
      ** title matched in full says less than a long one matched mostly */
      if (den_a > 0) score += num / sqrt(den_a);
    }
    /* A headline is short: a whole sentence used as a title (dumps often
    ** do that) gives way to a real one. */
    if (content > 10) score *= (10.0 / (double)content) * (10.0 / (double)content);
    if (score > best + 1e-9) {
      best = score;
      a->headline = d->title;
    }
  }
  return PX_OK;
}

px_rc px_story_analyze(const px_doc *const *docs, const int64_t *article_ids, size_t n,
                       px_analysis **out, px_err *err) {
  if (!out || (n > 0 && !docs)) return px_err_set(err, PX_EINVAL, "analyze: no documents");
  *out = NULL;
  if (n > PX_ANALYSIS_MAX_DOCS) n = PX_ANALYSIS_MAX_DOCS;
  for (size_t i = 0; i < n; i++)
    if (!docs[i]) return px_err_set(err, PX_EINVAL, "analyze: document %zu is NULL", i);
  px_analysis *a = calloc(1, sizeof *a);
  if (!a) return px_err_set(err, PX_ENOMEM, "analyze: out of memory");
  px_rc rc = PX_ENOMEM;
  a->outlier = -1;
  a->arena = px_arena_new(AN_ARENA_CAP);
  if (!a->arena) goto fail;
  a->stemmer = sb_stemmer_new("english", NULL);
  a->ndocs = n;
  a->docs = px_arena_calloc(a->arena, n ? n : 1, sizeof *a->docs);
  if (!a->docs) goto fail;
  int64_t ref_day = AN_NODAY;
  for (size_t i = 0; i < n; i++) {
    const px_doc *d = docs[i];
    an_doc *ad = &a->docs[i];
    ad->id = article_ids ? article_ids[i] : (int64_t)i + 1;
    char nm[48];
    snprintf(nm, sizeof nm, "article %lld", (long long)ad->id);
    ad->outlet = an_strndup(a, d->site ? d->site : nm, strlen(d->site ? d->site : nm));
    ad->title = d->title ? an_strndup(a, d->title, strlen(d->title)) : NULL;
    ad->published = d->published ? an_strndup(a, d->published, strlen(d->published)) : NULL;
    ad->dateline = d->dateline ? an_strndup(a, d->dateline, strlen(d->dateline))
                               : detect_dateline(a, d);
    ad->pub_day = AN_NODAY;
    if (!ad->outlet) goto fail;
    px_time t;
    if (d->published && px_date_parse(d->published, strlen(d->published), &t) == PX_OK) {
      ad->has_time = true;
      ad->has_tz = t.has_tz;
      ad->t = t.epoch;
      size_t plen = 0;
      const char *place = t.has_tz || !t.has_time ? NULL : an_zone_place(d, &plen);
      int off;
      if (place && an_zone_offset(place, plen, t.epoch, &off)) {
        /* a zoneless wall-clock time, read in the filing city's zone */
        size_t cut = 0;
        while (cut < plen && place[cut] != ',' && place[cut] != '(' && place[cut] != '-')
          cut++;
        ad->tz_place = an_strndup(a, place, cut);
        ad->tz_offset = off;
        ad->t = t.epoch - (int64_t)off * 60;
      }
      int64_t local = t.epoch + (t.has_tz ? (int64_t)t.tz_offset_min * 60 : 0);
      ad->pub_day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
      int y, m, dd;
      an_civil(ad->pub_day, &y, &m, &dd);
      ad->pub_year = y;
      if (ref_day == AN_NODAY || ad->pub_day > ref_day) ref_day = ad->pub_day;
    }
  }
  /* undated articles: read relative dates against the story's latest date */
  for (size_t i = 0; i < n; i++)
    if (a->docs[i].pub_day == AN_NODAY && ref_day != AN_NODAY) {
      int y, m, dd;
      a->docs[i].pub_day = ref_day;
      an_civil(ref_day, &y, &m, &dd);
      a->docs[i].pub_year = y;
    }
  for (size_t i = 0; i < n; i++)
    if ((rc = add_sentences(a, (int)i, docs[i])) != PX_OK) goto fail;
  if ((rc = weigh_words(a)) != PX_OK) goto fail;
  if ((rc = an_people_find(a)) != PX_OK) goto fail;
  if ((rc = an_quotes_find(a, docs)) != PX_OK) goto fail;
  if ((rc = an_claims_find(a)) != PX_OK) goto fail;
  if ((rc = an_compare(a)) != PX_OK) goto fail;
  if ((rc = an_statements(a)) != PX_OK) goto fail;
  if ((rc = an_summarize(a)) != PX_OK) goto fail;
  if ((rc = an_topic(a)) != PX_OK) goto fail;
  if ((rc = pick_headline(a)) != PX_OK) goto fail;
  *out = a;
  return PX_OK;
fail:
  if (a->arena && px_arena_over_cap(a->arena)) rc = PX_ETOOBIG;
  px_analysis_free(a);
  return px_err_set(err, rc == PX_OK ? PX_ENOMEM : rc, "analyze: %s", px_strerror(rc));
}

void px_analysis_free(px_analysis *a) {
  if (!a) return;
  if (a->stemmer) sb_stemmer_delete(a->stemmer);
  px_arena_free(a->arena);
  free(a);
}

/* ---- JSON ---- */

static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *cite(const px_analysis *a, int si) {
  const an_sent *s = &a->sents[si];
  const an_doc *d = &a->docs[s->doc];
  json_t *o = json_object();
  json_object_set_new(o, "article_id", json_integer(d->id));
  json_object_set_new(o, "outlet", jstr(d->outlet));
  json_object_set_new(o, "block", json_integer(s->block));
  json_object_set_new(o, "offset", json_integer((json_int_t)s->body_off));
  json_object_set_new(o, "length", json_integer((json_int_t)s->len));
  json_object_set_new(o, "text", jstr(s->text));
  return o;
}

static json_t *id_list(const px_analysis *a, uint64_t mask) {
  json_t *arr = json_array();
  for (size_t d = 0; d < a->ndocs; d++)
    if (mask & (1ull << d)) json_array_append_new(arr, json_integer(a->docs[d].id));
  return arr;
}

static const char *kind_name(int k) {
  static const char *const n[] = {"duration", "count", "money", "percent", "since",
                                  "place", "event", "when"};
  return k >= 0 && k < CL_KIND_COUNT ? n[k] : "?";
}
static const char *status_name(int s) {
  static const char *const n[] = {NULL, "happened", "pending", "planned"};
  return s > 0 && s < 4 ? n[s] : NULL;
}

px_rc px_analysis_to_json(const px_analysis *a, px_buf *out) {
  if (!a || !out) return PX_EINVAL;
  json_t *root = json_object();
  json_t *arts = json_array();
  for (size_t i = 0; i < a->ndocs; i++) {
    const an_doc *d = &a->docs[i];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(d->id));
    json_object_set_new(o, "outlet", jstr(d->outlet));
    json_object_set_new(o, "published", jstr(d->published));
    json_object_set_new(o, "title", jstr(d->title));
    json_object_set_new(o, "order", json_integer(d->order));
    if (d->tz_place) {
      char z[16];
      int m = d->tz_offset < 0 ? -d->tz_offset : d->tz_offset;
      snprintf(z, sizeof z, "%c%02d:%02d", d->tz_offset < 0 ? '-' : '+', m / 60, m % 60);
      json_object_set_new(o, "zone_inferred", json_pack("{s:s, s:s}", "offset", z,
                                                         "from", d->tz_place));
    }
    json_array_append_new(arts, o);
  }
  json_object_set_new(root, "articles", arts);
  json_t *tl = json_object();
  json_t *ord = json_array();
  for (size_t i = 0; i < a->ndocs; i++)
    json_array_append_new(ord, json_integer(a->docs[a->timeline ? a->timeline[i] : (int)i].id));
  json_object_set_new(tl, "order", ord);
  json_object_set_new(tl, "zoneless", json_boolean(a->timeline_zoneless));
  json_object_set_new(tl, "note", a->timeline_zoneless
                          ? json_string("some publish times have no time zone: the order by "
                                        "time is uncertain; updates are judged by content")
                          : json_null());
  json_object_set_new(root, "timeline", tl);
  json_object_set_new(root, "headline", jstr(a->headline));
  json_t *tp = json_object();
  json_object_set_new(tp, "label", jstr(a->topic));
  json_t *tags = json_array();
  if (a->topic_tags && *a->topic_tags) {
    const char *p = a->topic_tags;
    while (*p) {
      const char *c = strstr(p, ", ");
      size_t l = c ? (size_t)(c - p) : strlen(p);
      json_array_append_new(tags, json_stringn(p, l));
      p += l;
      if (c) p += 2;
    }
  }
  json_object_set_new(tp, "tags", tags);
  json_t *scores = json_object();
  for (int t = 0; t < AN_NTOPICS; t++)
    json_object_set_new(scores, an_topic_names[t], json_real(a->topic_scores[t]));
  json_object_set_new(tp, "scores", scores);
  json_object_set_new(root, "topic", tp);
  json_t *sum = json_array();
  for (size_t i = 0; i < a->nsummary; i++) {
    const an_sum *sm = &a->summary[i];
    json_t *o = json_object();
    json_object_set_new(o, "text", jstr(a->sents[sm->sent].text));
    json_object_set_new(o, "article_id", json_integer(a->docs[a->sents[sm->sent].doc].id));
    json_object_set_new(o, "cites", id_list(a, sm->cites));
    json_t *sup = json_array();
    for (size_t k = 0; k < sm->nsupport; k++) json_array_append_new(sup, cite(a, sm->support[k]));
    json_object_set_new(o, "support", sup);
    json_array_append_new(sum, o);
  }
  json_object_set_new(root, "summary", sum);
  /* what the summary leaves out because outlets dispute it */
  json_t *disp = json_array();
  for (size_t g = 0; g < a->ncgroups; g++) {
    const an_cgroup *cg = &a->cgroups[g];
    if (cg->verdict == CP_CONTRADICT && __builtin_popcountll(cg->outlets) >= 2)
      json_array_append_new(disp, jstr(cg->label));
  }
  json_object_set_new(root, "disputed", disp);
  json_t *cl = json_array();
  json_t *upd = json_array();
  for (size_t g = 0; g < a->ncgroups; g++) {
    const an_cgroup *cg = &a->cgroups[g];
    json_t *o = json_object();
    json_object_set_new(o, "label", jstr(cg->label));
    json_object_set_new(o, "kind", json_string(kind_name(cg->kind)));
    json_object_set_new(o, "verdict", json_string(an_class_name(cg->verdict)));
    json_object_set_new(o, "note", jstr(cg->note));
    json_object_set_new(o, "outlets", id_list(a, cg->outlets));
    json_object_set_new(o, "minority", id_list(a, cg->minority));
    json_object_set_new(o, "only_one_outlet", json_boolean(__builtin_popcountll(cg->outlets) == 1));
    json_t *items = json_array();
    for (size_t k = 0; k < cg->n; k++) {
      const an_claim *c = &a->claims[cg->members[k]];
      json_t *it = json_object();
      json_object_set_new(it, "article_id", json_integer(a->docs[c->doc].id));
      json_object_set_new(it, "outlet", jstr(a->docs[c->doc].outlet));
      json_object_set_new(it, "text", jstr(c->surface));
      bool num = c->kind <= CL_PERCENT;
      json_object_set_new(it, "value", num ? json_real(c->val) : json_null());
      json_object_set_new(it, "low", num ? json_real(c->lo) : json_null());
      json_object_set_new(it, "high", num ? json_real(c->hi) : json_null());
      json_object_set_new(it, "unit", jstr(num ? (c->kind == CL_DURATION ? "minutes" : c->unit) : NULL));
      json_object_set_new(it, "status", jstr(status_name(c->status)));
      json_object_set_new(it, "place", jstr(c->place));
      json_object_set_new(it, "venue", jstr(c->venue));
      json_object_set_new(it, "year", c->year ? json_integer(c->year) : json_null());
      json_object_set_new(it, "inferred", json_boolean(c->weak));
      json_object_set_new(it, "sentence", cite(a, c->sent));
      json_array_append_new(items, it);
    }
    json_object_set_new(o, "items", items);
    json_t *prs = json_array();
    for (size_t p = cg->first_pair; p < cg->first_pair + cg->npairs; p++) {
      const an_pair *pp = &a->pairs[p];
      json_t *po = json_object();
      json_object_set_new(po, "a", cite(a, a->claims[pp->a].sent));
      json_object_set_new(po, "b", cite(a, a->claims[pp->b].sent));
      json_object_set_new(po, "class", json_string(an_class_name(pp->cls)));
      json_object_set_new(po, "note", jstr(pp->note));
      json_array_append_new(prs, po);
      if (pp->cls == CP_UPDATE) {
        json_t *u = json_object();
        json_object_set_new(u, "label", jstr(cg->label));
        json_object_set_new(u, "earlier", cite(a, a->claims[pp->a].sent));
        json_object_set_new(u, "later", cite(a, a->claims[pp->b].sent));
        json_array_append_new(upd, u);
      }
    }
    json_object_set_new(o, "pairs", prs);
    json_array_append_new(cl, o);
  }
  json_object_set_new(root, "claims", cl);
  json_object_set_new(root, "updates", upd);
  if (a->outlier >= 0) {
    json_t *o = json_object();
    json_object_set_new(o, "article_id", json_integer(a->docs[a->outlier].id));
    json_object_set_new(o, "outlet", jstr(a->docs[a->outlier].outlet));
    json_object_set_new(o, "score", json_real(a->outlier_score));
    json_t *cf = json_array();
    for (size_t g = 0; g < a->ncgroups; g++)
      if (a->cgroups[g].minority & (1ull << a->outlier))
        json_array_append_new(cf, jstr(a->cgroups[g].label));
    json_object_set_new(o, "conflicts", cf);
    json_object_set_new(root, "outlier", o);
  } else {
    json_object_set_new(root, "outlier", json_null());
  }
  json_t *qs = json_array();
  for (size_t g = 0; g < a->nqgroups; g++) {
    const an_qgroup *qg = &a->qgroups[g];
    json_t *o = json_object();
    json_object_set_new(o, "speaker", jstr(qg->speaker >= 0 ? a->people[qg->speaker].name
                                                            : qg->speaker_other));
    json_object_set_new(o, "speaker_role", jstr(qg->speaker >= 0 ? a->people[qg->speaker].role : NULL));
    json_object_set_new(o, "variants", json_integer(qg->nvariants));
    json_object_set_new(o, "outlets", id_list(a, qg->outlets));
    json_t *items = json_array();
    for (size_t k = 0; k < qg->n; k++) {
      const an_quote *q = &a->quotes[qg->members[k]];
      json_t *it = json_object();
      json_object_set_new(it, "article_id", json_integer(a->docs[q->doc].id));
      json_object_set_new(it, "outlet", jstr(a->docs[q->doc].outlet));
      json_object_set_new(it, "text", jstr(q->text));
      json_object_set_new(it, "how", jstr(q->how));
      json_object_set_new(it, "indirect", json_boolean(q->indirect));
      /* segments of one quotation (cut per sentence) share this number */
      json_object_set_new(it, "quotation", q->quotation >= 0 ? json_integer(q->quotation) : json_null());
      json_object_set_new(it, "sentence", cite(a, q->sent));
      json_array_append_new(items, it);
    }
    json_object_set_new(o, "items", items);
    json_array_append_new(qs, o);
  }
  json_object_set_new(root, "quotes", qs);
  json_t *pe = json_array();
  for (size_t p = 0; p < a->npeople; p++) {
    const an_person *pp = &a->people[p];
    if (!pp->nmentions) continue;
    json_t *o = json_object();
    json_object_set_new(o, "name", jstr(pp->name));
    json_object_set_new(o, "role", jstr(pp->role));
    json_object_set_new(o, "mentions", json_integer(pp->nmentions));
    json_object_set_new(o, "outlets", id_list(a, pp->outlets));
    json_array_append_new(pe, o);
  }
  json_object_set_new(root, "people", pe);
  json_t *ag = json_array();
  for (size_t i = 0; i < a->nstmts; i++) {
    const an_stmt *st = &a->stmts[i];
    json_t *o = json_object();
    json_object_set_new(o, "outlets", id_list(a, st->outlets));
    json_object_set_new(o, "polarity_conflict", json_boolean(st->polarity_conflict));
    json_t *ss = json_array();
    for (size_t k = 0; k < st->n; k++) json_array_append_new(ss, cite(a, st->sents[k]));
    json_object_set_new(o, "sentences", ss);
    json_array_append_new(ag, o);
  }
  json_object_set_new(root, "agreements", ag);
  json_t *on = json_array();
  for (size_t i = 0; i < a->nonlys; i++) {
    const an_only *o1 = &a->onlys[i];
    json_t *o = json_object();
    json_object_set_new(o, "article_id", json_integer(a->docs[o1->doc].id));
    json_object_set_new(o, "outlet", jstr(a->docs[o1->doc].outlet));
    json_object_set_new(o, "terms", jstr(o1->terms));
    json_object_set_new(o, "sentence", cite(a, o1->sent));
    json_array_append_new(on, o);
  }
  json_object_set_new(root, "only_one", on);
  char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(root);
  if (!s) return PX_ENOMEM;
  px_rc rc = px_buf_puts(out, s);
  if (rc == PX_OK) rc = px_buf_putc(out, '\n');
  free(s);
  return rc;
}

/* ---- text and Markdown ---- */

typedef struct fmt {
  bool md;
} fmt;

static void outlets_str(const px_analysis *a, uint64_t mask, px_buf *b) {
  bool first = true;
  for (size_t d = 0; d < a->ndocs; d++)
    if (mask & (1ull << d)) {
      px_buf_printf(b, "%s%s [%lld]", first ? "" : ", ", a->docs[d].outlet,
                    (long long)a->docs[d].id);
      first = false;
    }
}

static void heading(px_buf *b, const fmt *f, const char *t) {
  if (f->md) px_buf_printf(b, "\n## %s\n\n", t);
  else px_buf_printf(b, "\n%s\n", t);
}

static void claim_value(const px_analysis *a, const an_claim *c, px_buf *b) {
  (void)a;
  switch (c->kind) {
  case CL_EVENT: px_buf_printf(b, "%s", status_name(c->status) ? status_name(c->status) : "?"); break;
  case CL_PLACE:
    if (c->venue) px_buf_printf(b, "%s, %s", c->venue, c->place);
    else px_buf_printf(b, "%s%s", c->place, c->weak ? " (inferred: dateline or earlier sentence)" : "");
    break;
  case CL_SINCE:
    if (c->year) px_buf_printf(b, "\"%s\" (= %d)", c->surface ? c->surface : "", c->year);
    else px_buf_printf(b, "\"%s\"", c->surface ? c->surface : "");
    break;
  case CL_DURATION:
    px_buf_printf(b, "\"%s\" (%.3g-%.3g h)", c->surface ? c->surface : "", c->lo / 60, c->hi / 60);
    break;
  default:
    px_buf_printf(b, "\"%s\"", c->surface ? c->surface : "");
    break;
  }
}

static px_rc render(const px_analysis *a, px_buf *b, const fmt *f) {
  if (!a || !b) return PX_EINVAL;
  const char *bullet = f->md ? "- " : "  - ";
  const char *sub = f->md ? "  - " : "      ";
  if (f->md) px_buf_printf(b, "# Story analysis: %zu articles\n", a->ndocs);
  else px_buf_printf(b, "Story analysis: %zu articles\n", a->ndocs);
  px_buf_printf(b, "%sTopic: %s%s%s%s\n", f->md ? "\n" : "", a->topic ? a->topic : "general",
                a->topic_tags && *a->topic_tags ? " (" : "", a->topic_tags ? a->topic_tags : "",
                a->topic_tags && *a->topic_tags ? ")" : "");
  heading(b, f, "Timeline");
  for (size_t i = 0; i < a->ndocs; i++) {
    const an_doc *d = &a->docs[a->timeline ? a->timeline[i] : (int)i];
    char zone[96] = "";
    if (d->tz_place) {
      int m = d->tz_offset < 0 ? -d->tz_offset : d->tz_offset;
      snprintf(zone, sizeof zone, " (read as UTC%c%02d:%02d, inferred from %s)",
               d->tz_offset < 0 ? '-' : '+', m / 60, m % 60, d->tz_place);
    }
    px_buf_printf(b, "%s%s%s [%lld] %s%s%s\n", bullet, d->published ? d->published : "(no date)",
                  zone, (long long)d->id, d->outlet, d->title ? ": " : "",
                  d->title ? d->title : "");
  }
  if (a->timeline_zoneless)
    px_buf_printf(b, "%s(some times have no time zone: order by time is uncertain)\n", sub);
  heading(b, f, "Summary");
  for (size_t i = 0; i < a->nsummary; i++) {
    px_buf_printf(b, "%s%s [", bullet, a->sents[a->summary[i].sent].text);
    outlets_str(a, a->summary[i].cites, b);
    px_buf_puts(b, "]\n");
  }
  {
    bool first = true;
    for (size_t g = 0; g < a->ncgroups; g++) {
      const an_cgroup *cg = &a->cgroups[g];
      if (cg->verdict != CP_CONTRADICT || __builtin_popcountll(cg->outlets) < 2) continue;
      if (first) px_buf_printf(b, "%sOutlets disagree on: %s", bullet, cg->label);
      else px_buf_printf(b, "; %s", cg->label);
      first = false;
    }
    if (!first) px_buf_puts(b, " (below)\n");
  }
  heading(b, f, "Where the outlets agree and differ");
  for (size_t g = 0; g < a->ncgroups; g++) {
    const an_cgroup *cg = &a->cgroups[g];
    if (__builtin_popcountll(cg->outlets) < 2) continue;
    px_buf_printf(b, "%s%s%s%s: %s\n", bullet, f->md ? "**" : "", cg->label, f->md ? "**" : "",
                  an_class_name(cg->verdict));
    for (size_t k = 0; k < cg->n; k++) {
      const an_claim *c = &a->claims[cg->members[k]];
      px_buf_printf(b, "%s%s [%lld]: ", sub, a->docs[c->doc].outlet, (long long)a->docs[c->doc].id);
      claim_value(a, c, b);
      px_buf_printf(b, " <- \"%s\"\n", a->sents[c->sent].text);
    }
    if (cg->note) px_buf_printf(b, "%sevidence: %s\n", sub, cg->note);
    if (cg->minority) {
      px_buf_printf(b, "%salone against the others: ", sub);
      outlets_str(a, cg->minority, b);
      px_buf_puts(b, "\n");
    }
  }
  heading(b, f, "Developing story: updates");
  /* one line per earlier report of a fact, naming every later report that
  ** moved it on (not one line per pair: a story of many outlets would
  ** repeat the same update a dozen times) */
  for (size_t p = 0; p < a->npairs; p++) {
    const an_pair *pp = &a->pairs[p];
    if (pp->cls != CP_UPDATE) continue;
    const an_claim *x = &a->claims[pp->a], *y = &a->claims[pp->b];
    bool seen = false;
    for (size_t q = 0; q < p && !seen; q++) {
      const an_pair *pq = &a->pairs[q];
      seen = pq->cls == CP_UPDATE && a->claims[pq->a].doc == x->doc &&
             a->claims[pq->a].group == x->group;
    }
    if (seen) continue;
    uint64_t later = 0;
    for (size_t q = p; q < a->npairs; q++) {
      const an_pair *pq = &a->pairs[q];
      if (pq->cls == CP_UPDATE && a->claims[pq->a].doc == x->doc &&
          a->claims[pq->a].group == x->group)
        later |= 1ull << a->claims[pq->b].doc;
    }
    px_buf_printf(b, "%s%s: %s [%lld] reported it %s (\"%s\"); later it is %s in ", bullet,
                  a->cgroups[x->group].label, a->docs[x->doc].outlet,
                  (long long)a->docs[x->doc].id, status_name(x->status), a->sents[x->sent].text,
                  status_name(y->status));
    outlets_str(a, later, b);
    px_buf_puts(b, ". An update, not a contradiction.\n");
  }
  heading(b, f, "Outlier");
  if (a->outlier >= 0) {
    px_buf_printf(b, "%s%s [%lld] stands alone against the other outlets on:", bullet,
                  a->docs[a->outlier].outlet, (long long)a->docs[a->outlier].id);
    for (size_t g = 0; g < a->ncgroups; g++)
      if (a->cgroups[g].minority & (1ull << a->outlier))
        px_buf_printf(b, " %s;", a->cgroups[g].label);
    px_buf_puts(b, "\n");
  } else {
    px_buf_printf(b, "%snone\n", bullet);
  }
  heading(b, f, "Who said what");
  for (size_t p = 0; p <= a->npeople; p++) {
    bool any = false;
    for (size_t g = 0; g < a->nqgroups; g++) {
      const an_qgroup *qg = &a->qgroups[g];
      bool mine = p < a->npeople ? qg->speaker == (int)p : qg->speaker < 0;
      if (!mine) continue;
      if (!any) {
        if (p < a->npeople)
          px_buf_printf(b, "%s%s%s%s%s%s%s\n", f->md ? "\n### " : "  ", a->people[p].name,
                        a->people[p].role ? " (" : "", a->people[p].role ? a->people[p].role : "",
                        a->people[p].role ? ")" : "", "", f->md ? "" : ":");
        else
          px_buf_printf(b, "%sOther or unnamed sources%s\n", f->md ? "\n### " : "  ", f->md ? "" : ":");
        any = true;
      }
      const an_quote *q0 = &a->quotes[qg->members[0]];
      if (q0->indirect) px_buf_printf(b, "%s(reported) %s", bullet, q0->text);
      else px_buf_printf(b, "%s\"%s\"", bullet, q0->text);
      if (qg->speaker < 0 && qg->speaker_other) px_buf_printf(b, " (%s)", qg->speaker_other);
      px_buf_puts(b, " - ");
      outlets_str(a, qg->outlets, b);
      px_buf_puts(b, "\n");
      if (qg->nvariants > 1) {
        for (size_t k = 1; k < qg->n; k++) {
          const an_quote *q = &a->quotes[qg->members[k]];
          bool dup = false;
          for (size_t l = 0; l < k && !dup; l++) dup = an_quote_same_wording(q, &a->quotes[qg->members[l]]);
          if (dup) continue;
          px_buf_printf(b, "%svariant: \"%s\" - %s [%lld]\n", sub, q->text, a->docs[q->doc].outlet,
                        (long long)a->docs[q->doc].id);
        }
      }
    }
  }
  heading(b, f, "Only one outlet reports it");
  /* Every item, grouped by outlet (most telling first): a reader checking
  ** what one outlet alone carries needs the whole list, not a sample. */
  for (size_t i = 0; i < a->nonlys; i++) {
    const an_only *o = &a->onlys[i];
    if (i == 0 || o->doc != a->onlys[i - 1].doc) {
      size_t cnt = 0;
      for (size_t k = i; k < a->nonlys && a->onlys[k].doc == o->doc; k++) cnt++;
      px_buf_printf(b, "%s%s [%lld]%s, %zu item%s:\n%s", f->md ? (i ? "\n**" : "**") : "  ",
                    a->docs[o->doc].outlet, (long long)a->docs[o->doc].id,
                    f->md ? "**" : "", cnt, cnt == 1 ? "" : "s", f->md ? "\n" : "");
    }
    px_buf_printf(b, "%s%s\n", sub, a->sents[o->sent].text);
  }
  heading(b, f, "Said by several outlets");
  for (size_t i = 0; i < a->nstmts; i++) {
    const an_stmt *st = &a->stmts[i];
    px_buf_printf(b, "%s%s [", bullet, a->sents[st->sents[0]].text);
    outlets_str(a, st->outlets, b);
    px_buf_printf(b, "]%s\n", st->polarity_conflict ? " (negated in one outlet: check)" : "");
  }
  return b->len > 0 ? PX_OK : PX_ENOMEM;
}

px_rc px_analysis_to_text(const px_analysis *a, px_buf *out) {
  fmt f = {false};
  return render(a, out, &f);
}

px_rc px_analysis_to_markdown(const px_analysis *a, px_buf *out) {
  fmt f = {true};
  return render(a, out, &f);
}

const char *px_analysis_headline(const px_analysis *a) { return a ? a->headline : NULL; }
