/*
** plaintext.c: a line-based cleaner for articles copied from web pages as
** plain text. It classifies each line (a paragraph, once hard-wrapped
** lines are joined) from general features, never from a list of known
** pages:
**  - sentence-ness: ends with sentence punctuation, lowercase words,
**    length;
**  - web boilerplate vocabulary (sign-up prompts, cookie notices, share
**    and view counters, copyright, aggregator disclaimers), weighted so a
**    real paragraph that merely mentions "newsletter" survives;
**  - photo credits ("(Photo by ...)", "Photo: X.", "... via Getty Images",
**    a capitalised agency at a caption's end) and caption shape (a present
**    tense picture verb, "left,", a trailing date), spreading from a credit
**    to the lines just above it;
**  - position: a head zone before the first body paragraph (title,
**    subtitle, byline, date line, lead image captions) and a tail zone
**    after the last one (related headlines, bios, footers);
**  - markers that start a run of related headlines ("Also read:").
** Metadata rules worth knowing:
**  - Wire credit comes from a byline naming an agency ("By X, Reuters",
**    "- Reuters, with additional inputs from Y"), a dateline with the
**    agency in brackets ("WASHINGTON (AP) -"), a Reuters-style "Reporting
**    by" footer, or an agency copyright line. A photo credit alone is not
**    a wire credit; it counts only for a piece with no personal byline
**    that opens with an all-capitals wire-style dateline ("BEIJING -"),
**    where the lead picture is credited to the same agency. Quoting an
**    agency in the text ("according to AFP") is attribution, not credit.
**  - The site comes from a title suffix ("Title | Site"), an "Outlet's
**    Name" byline, an author bio ("... Editor at Site."), an aggregator
**    disclaimer ("X is an automatic aggregator") or a copyright holder.
**  - An aggregator disclaimer or "Read original article" marks the doc as
**    republished.
** Memory: everything lives in the returned doc's arena, whose cap is a
** fixed multiple of the input size. Work is linear in the input: lines
** longer than a few KiB are never searched for vocabulary or dates
** (boilerplate and date lines are short).
*/
#include "extract/plaintext.h"
#include "text/langres.h"
#include "util/err.h"
#include "util/str.h"

#include <stdint.h>
#include <string.h>

/* ---- lines and their features ---- */

enum {
  K_NONE = 0, K_PARA, K_HEADING, K_LIST, K_QUOTE, K_CAPTION, K_DROP,
  K_TITLE, K_SUBTITLE, K_BYLINE, K_DATE
};

typedef struct line {
  char *p;              /* in the normalised buffer; not NUL-terminated */
  size_t len;
  uint32_t blank_before;
  uint8_t kind;
  uint8_t credit;       /* a photo credit is on this line */
  uint8_t bullet;       /* starts with a bullet (bytes in bullet_len) */
  uint8_t bullet_len;
  uint32_t words, lower, caps, allcaps, digits_w;
  bool terminal;        /* ends with sentence punctuation */
  bool url;
  int cta;              /* boilerplate vocabulary score */
} line;

typedef struct ctx {
  px_doc *d;
  line *L;
  size_t n;
  bool saw_aggregator;
  const char *credit_agency;   /* agency named by a lead photo credit */
  bool personal_byline;
} ctx;

#define SCAN_MAX 4096   /* longest line searched for vocabulary */

static px_str lstr(const line *l) { return px_str_make(l->p, l->len); }

/* Case-insensitive search for needle; with words, only at word boundaries
** (ASCII letters and digits are word characters). Returns the offset or
** -1. Candidates are found with memchr on both cases of the first byte,
** which keeps the many vocabulary scans cheap. */
static long find_ci_n(px_str h, const char *needle, size_t m, bool words) {
  if (m == 0 || m > h.len) return -1;
  unsigned char n0 = (unsigned char)needle[0];
  int lo = px_tolower(n0), up = px_toupper(n0);
  const char *p = h.p, *end = h.p + h.len - m + 1;
  const char *a = memchr(p, lo, (size_t)(end - p));
  const char *b = lo == up ? NULL : memchr(p, up, (size_t)(end - p));
  while (a || b) {
    const char *q = !a ? b : !b ? a : (a < b ? a : b);
    size_t i = (size_t)(q - h.p), k = 1;
    while (k < m && px_tolower((unsigned char)h.p[i + k]) ==
                        px_tolower((unsigned char)needle[k]))
      k++;
    if (k == m) {
      bool lb = !words || i == 0 || !px_isalnum((unsigned char)h.p[i - 1]) ||
                !px_isalnum(n0);
      bool rb = !words || i + m == h.len ||
                !px_isalnum((unsigned char)h.p[i + m]) ||
                !px_isalnum((unsigned char)needle[m - 1]);
      if (lb && rb) return (long)i;
    }
    if (q == a) a = q + 1 < end ? memchr(q + 1, lo, (size_t)(end - q - 1)) : NULL;
    if (q == b) b = q + 1 < end ? memchr(q + 1, up, (size_t)(end - q - 1)) : NULL;
  }
  return -1;
}

static long find_ci(px_str h, const char *needle, bool words) {
  return find_ci_n(h, needle, strlen(needle), words);
}

static long find_word(px_str h, const char *needle) {
  return find_ci(h, needle, true);
}

static long find_ci_any(px_str h, const char *needle) {
  return find_ci(h, needle, false);
}

static bool has(px_str h, const char *needle) { return find_word(h, needle) >= 0; }

static bool starts_word(px_str s, const char *w) {
  size_t m = strlen(w);
  return s.len >= m && px_str_istarts(s, w) &&
         (s.len == m || !px_isalnum((unsigned char)s.p[m]));
}

/* Bytes of a closing quote/bracket at the end of s, or 0. */
static size_t closer_at_end(px_str s) {
  if (s.len == 0) return 0;
  unsigned char c = (unsigned char)s.p[s.len - 1];
  if (c == '"' || c == '\'' || c == ')' || c == ']' || c == '*') return 1;
  if (s.len >= 3 && (unsigned char)s.p[s.len - 3] == 0xE2 &&
      (unsigned char)s.p[s.len - 2] == 0x80 &&
      (c == 0x9D || c == 0x99))  /* ” ’ */
    return 3;
  if (s.len >= 2 && (unsigned char)s.p[s.len - 2] == 0xC2 && c == 0xBB)
    return 2;  /* » */
  return 0;
}

static bool ends_terminal(px_str s) {
  for (int g = 0; g < 4; g++) {
    size_t k = closer_at_end(s);
    if (!k) break;
    s.len -= k;
    while (s.len && s.p[s.len - 1] == ' ') s.len--;  /* "done. ”" */
  }
  if (s.len == 0) return false;
  char c = s.p[s.len - 1];
  if (c == '.' || c == '!' || c == '?') return true;
  return s.len >= 3 && (unsigned char)s.p[s.len - 3] == 0xE2 &&
         (unsigned char)s.p[s.len - 2] == 0x80 &&
         (unsigned char)s.p[s.len - 1] == 0xA6;  /* … */
}

/* Opening punctuation before a word's first letter. */
static size_t opener_len(const char *p, size_t n) {
  if (n == 0) return 0;
  unsigned char c = (unsigned char)p[0];
  if (c == '"' || c == '\'' || c == '(' || c == '[' || c == '*' || c == '#')
    return 1;
  if (n >= 3 && c == 0xE2 && (unsigned char)p[1] == 0x80 &&
      ((unsigned char)p[2] == 0x9C || (unsigned char)p[2] == 0x98))
    return 3;
  if (n >= 2 && c == 0xC2 && (unsigned char)p[1] == 0xAB) return 2;
  return 0;
}

/* Bullet markers: "• ", "- ", "* ", "· ", "▪ ", "– ". */
static size_t bullet_len(px_str s) {
  if (s.len >= 2 && (s.p[0] == '-' || s.p[0] == '*') && s.p[1] == ' ')
    return 2;
  static const char *const b[] = {"\xE2\x80\xA2", "\xC2\xB7", "\xE2\x96\xAA",
                                   "\xE2\x80\x93", "\xE2\x97\x8F",
                                   "\xE2\x80\x94", NULL};
  for (int i = 0; b[i]; i++) {
    size_t m = strlen(b[i]);
    if (s.len > m && memcmp(s.p, b[i], m) == 0 && s.p[m] == ' ') return m + 1;
  }
  return 0;
}

static void features(line *l) {
  px_str s = lstr(l);
  l->words = l->lower = l->caps = l->allcaps = l->digits_w = 0;
  size_t i = 0;
  while (i < s.len) {
    while (i < s.len && s.p[i] == ' ') i++;
    size_t st = i;
    while (i < s.len && s.p[i] != ' ') i++;
    if (i == st) break;
    const char *w = s.p + st;
    size_t n = i - st, o = opener_len(w, n);
    w += o;
    n -= o;
    if (n == 0) continue;
    l->words++;
    unsigned char c = (unsigned char)w[0];
    if (px_islower(c)) l->lower++;
    else if (px_isupper(c)) {
      l->caps++;
      bool all = n >= 2;
      for (size_t k = 0; k < n && all; k++)
        if (px_islower((unsigned char)w[k])) all = false;
      if (all) l->allcaps++;
    } else if (px_isdigit(c)) l->digits_w++;
  }
  l->terminal = ends_terminal(s);
  l->url = s.len <= SCAN_MAX &&
           (has(s, "http://") || has(s, "https://") || has(s, "www.") ||
            find_ci_any(s, "@") >= 0 || has(s, "email protected"));
  size_t b = bullet_len(s);
  l->bullet = b > 0;
  l->bullet_len = (uint8_t)b;
}

/* Short quotes count: "“Yes,” he said." */
static bool sentence_like(const line *l) {
  return l->terminal && (l->lower >= 2 || (l->lower >= 1 && l->words >= 2));
}

/* ---- vocabulary: general web boilerplate, not any one page's lines ---- */

typedef struct phrase {
  const char *s;
  size_t n;    /* strlen(s) */
  int w;       /* 3: drops even a long sentence; 2: strong; 1: weak */
} phrase;

#define P(s, w) {s, sizeof(s) - 1, w}
static const phrase cta_phrases[] = {
  P("we use cookies", 3), P("use of cookies", 3), P("uses cookies", 3),
  P("cookie policy", 3), P("accept cookies", 3), P("cookie settings", 3),
  P("all rights reserved", 3), P("denial of responsibility", 3),
  P("automatic aggregator", 3), P("read original article", 3),
  P("original article here", 3), P("subscribe to our", 3),
  P("sign up for our", 3), P("sign up to our", 3), P("subscribe here", 3),
  P("click here", 3), P("click this link", 3), P("follow us on", 3),
  P("your subscription", 3), P("to your inbox", 3), P("in your inbox", 3),
  P("download our app", 3), P("download the app", 3),
  P("the content will be deleted", 3), P("share this post", 3),
  P("share this article", 3), P("share this story", 3),
  P("privacy policy", 2), P("terms of use", 2), P("terms of service", 2),
  P("terms and conditions", 2), P("newsletter", 2), P("subscribe", 2),
  P("unsubscribe", 2), P("sign up", 1), P("sign in", 1), P("log in", 1),
  P("stay informed", 2), P("for the latest", 2), P("google news", 2),
  P("breaking news", 1), P("advertisement", 2), P("sponsored", 1),
  P("your inbox", 2), P("email address", 1), P("copyright", 2),
  P("\xC2\xA9", 2), P("read more", 2), P("continue reading", 2),
  P("comments", 1), P("leave a comment", 3), P("please try again", 2),
  P("all the latest", 2), P("latest news", 1), P("get the latest", 2),
  P("support our journalism", 3), P("become a member", 2),
  P("already a subscriber", 3), P("skip to content", 3),
  P("skip to main content", 3), P("back to top", 3), P("min read", 2),
  P("top of page", 3), P("bottom of page", 3), P("type to search", 3),
  P("press enter to search", 3), P("educational purpose", 2),
  P("rightful owners", 2), P("trademarks belong", 2), {NULL, 0, 0}};
#undef P

static int cta_score(px_str s) {
  if (s.len > SCAN_MAX) return 0;
  int sc = 0;
  for (const phrase *p = cta_phrases; p->s; p++)
    if (p->n <= s.len && find_ci_n(s, p->s, p->n, true) >= 0) sc += p->w;
  return sc;
}

/* Words of page furniture: a short line made only of these is not text. */
static const char *const ui_words[] = {
  "top", "of", "page", "bottom", "type", "to", "search", "share", "this",
  "post", "advertisement", "advertisements", "ad", "below", "above", "menu",
  "home", "close", "print", "email", "e-mail", "tweet", "comments",
  "comment", "views", "view", "read", "more", "next", "previous", "prev",
  "article", "story", "loading", "skip", "content", "main", "navigation",
  "sign", "in", "up", "log", "out", "subscribe", "login", "register", "back",
  "follow", "us", "like", "likes", "save", "copy", "link", "listen", "audio",
  "watch", "video", "photo", "photos", "gallery", "show", "hide", "open",
  "toggle", "the", "a", "and", "or", "on", "now", "here", "continue",
  "reading", "related", "trending", "popular", "most", "latest", "news",
  "facebook", "twitter", "x", "linkedin", "whatsapp", "reddit", "pinterest",
  "telegram", "instagram", "youtube", "shares", "min", "mins", "minute",
  "minutes", "ago", "reply", "replies", "print", "font", "size", "text",
  "accept", "cookies", "sponsored", "stories", "articles", "posts", "for",
  "you", "recommended", "top", "all", "rights", "reserved", "page", "of",
  "enter", "press", "go", "submit", "search", "feedback", "report", NULL};

static bool is_ui_word(const char *w, size_t n) {
  for (int i = 0; ui_words[i]; i++)
    if (strlen(ui_words[i]) == n &&
        px_str_ieq_cstr(px_str_make(w, n), ui_words[i]))
      return true;
  return false;
}

/* "top of page", "58 views0 comments", "Share this post!", "Advertisement". */
static bool ui_line(const line *l) {
  if (l->words == 0 || l->words > 7 || l->len > 80) return false;
  px_str s = lstr(l);
  size_t i = 0, nw = 0, nui = 0, content = 0;
  while (i < s.len) {
    unsigned char c = (unsigned char)s.p[i];
    if (px_isalpha(c)) {
      size_t st = i;
      while (i < s.len && (px_isalpha((unsigned char)s.p[i]) || s.p[i] == '-'))
        i++;
      nw++;
      if (!is_ui_word(s.p + st, i - st)) return false;
      nui++;
      static const char *const weak[] = {"of", "to", "the", "a", "and", "or",
                                         "on", "in", "up", "this", "for",
                                         "you", "all", "us", NULL};
      bool w = false;
      for (int k = 0; weak[k]; k++)
        if (strlen(weak[k]) == i - st &&
            px_str_ieq_cstr(px_str_make(s.p + st, i - st), weak[k]))
          w = true;
      if (!w) content++;
    } else if (c >= 0x80) {
      return false;  /* non-ASCII letters: real words we do not know */
    } else {
      i++;
    }
  }
  return nw > 0 && nui == nw && content > 0;
}

/* Markers that start a list of related links. Returns true when the line
** is one; *list_follows when nothing but the marker is on the line. */
static bool related_marker(const line *l, bool *list_follows) {
  static const char *const m[] = {
    "also read", "read also", "read more", "related", "see also", "more from",
    "you may also like", "you might also like", "recommended", "most read",
    "most popular", "trending", "more stories", "related stories",
    "related articles", "related posts", "related news", "also on",
    "also see", "read next", "what to read next", "more on this",
    "more on this story", "explore more on these topics", "in other news",
    "watch", "read", "listen", NULL};
  px_str s = lstr(l);
  if (l->words > 16 || s.len > 200) return false;
  while (s.len && (s.p[s.len - 1] == '.' || s.p[s.len - 1] == ' ')) s.len--;
  for (int i = 0; m[i]; i++) {
    size_t k = strlen(m[i]);
    if (!starts_word(s, m[i])) continue;
    bool verb = strcmp(m[i], "watch") == 0 || strcmp(m[i], "read") == 0 ||
                strcmp(m[i], "listen") == 0;
    if (k == s.len) {  /* "Related", "Most popular" alone */
      if (verb) continue;
      *list_follows = true;
      return true;
    }
    /* "Also on AF: <headline>", "Read more:": a colon within a few words. */
    size_t j = k;
    int extra = 0;
    while (j < s.len && s.p[j] != ':' && extra < 4) {
      if (s.p[j] == ' ') extra++;
      j++;
    }
    if (j >= s.len || s.p[j] != ':') continue;
    *list_follows = j + 1 >= s.len;
    return true;
  }
  return false;
}

/* Navigation: "Home | World | Asia", "News > World > Asia", "Politics •
** Business • Tech": two or more separators between short segments. */
static bool nav_line(const line *l) {
  px_str s = lstr(l);
  if (s.len > 300 || l->terminal || px_str_istarts(s, "by ")) return false;
  px_time t;
  size_t a, b;
  if (px_date_find(s.p, s.len, &t, &a, &b) == PX_OK) return false;
  static const char *const seps[] = {" | ", " > ", " \xE2\x80\xBA ", " \xC2\xBB ",
                                     " \xE2\x80\xA2 ", " / ", NULL};
  for (int k = 0; seps[k]; k++) {
    size_t m = strlen(seps[k]), count = 0, seg_words = 1, max_words = 0;
    for (size_t i = 0; i < s.len; i++) {
      if (i + m <= s.len && memcmp(s.p + i, seps[k], m) == 0) {
        count++;
        if (seg_words > max_words) max_words = seg_words;
        seg_words = 1;
        i += m - 1;
      } else if (s.p[i] == ' ') {
        seg_words++;
      }
    }
    if (seg_words > max_words) max_words = seg_words;
    if (count >= 2 && max_words <= 3) return true;
  }
  return false;
}

static bool label_line(const line *l) {
  static const char *const m[] = {"tags:", "tags :", "topics:", "filed under",
                                  "categories:", "category:", "keywords:",
                                  "tagged:", "share:", "share on", NULL};
  px_str s = lstr(l);
  for (int i = 0; m[i]; i++)
    if (px_str_istarts(s, m[i])) return true;
  return false;
}

/* ---- agencies ---- */

typedef struct alias {
  const char *name, *canon;
} alias;

static const alias agencies[] = {
  {"Reuters", "Reuters"}, {"Thomson Reuters", "Reuters"},
  {"Associated Press", "AP"}, {"The Associated Press", "AP"}, {"AP", "AP"},
  {"Agence France-Presse", "AFP"}, {"Agence France Presse", "AFP"},
  {"AFP", "AFP"}, {"Bloomberg", "Bloomberg"}, {"Bloomberg News", "Bloomberg"},
  {"dpa", "dpa"}, {"Xinhua", "Xinhua"}, {"Kyodo", "Kyodo"},
  {"Kyodo News", "Kyodo"}, {"Yonhap", "Yonhap"}, {"PTI", "PTI"},
  {"ANI", "ANI"}, {"IANS", "IANS"}, {"UPI", "UPI"}, {"EFE", "EFE"},
  {"ANSA", "ANSA"}, {"AAP", "AAP"}, {"Press Association", "PA"},
  {"PA Media", "PA"}, {"Anadolu", "Anadolu"}, {"Anadolu Agency", "Anadolu"},
  {"Bernama", "Bernama"}, {"TASS", "TASS"}, {"Interfax", "Interfax"},
  {NULL, NULL}};

/* The canonical agency name when s (trimmed) is exactly an agency; the
** all-capitals form ("REUTERS") counts too. */
static const char *agency_exact(px_str s) {
  s = px_str_trim(s);
  while (s.len && (s.p[s.len - 1] == '.' || s.p[s.len - 1] == ',')) s.len--;
  for (const alias *a = agencies; a->name; a++)
    if (px_str_ieq_cstr(s, a->name)) {
      /* "ap" in lowercase is not the agency */
      bool ok = false;
      for (size_t i = 0; i < s.len; i++)
        if (px_isupper((unsigned char)s.p[i])) ok = true;
      if (ok) return a->canon;
    }
  /* Other languages' agencies (data/lang.tsv): "dpa", "EFE", "Lusa";
  ** a short name as credited or in capitals ("epd", "EPD", not "Epd") */
  for (const px_langres_alias *a = px_langres_agencies(); a->name; a++) {
    size_t m = strlen(a->name);
    if (s.len != m || !px_str_ieq_cstr(s, a->name)) continue;
    bool caps = true;
    for (size_t i = 0; i < m; i++)
      if (px_isalpha((unsigned char)s.p[i]) && !px_isupper((unsigned char)s.p[i])) caps = false;
    if (m > 4 || caps || memcmp(s.p, a->name, m) == 0) return a->canon;
  }
  return NULL;
}

/* An agency named inside a credit ("AFP via Getty Images", "REUTERS/Name"). */
static const char *agency_in(px_str s) {
  for (const alias *a = agencies; a->name; a++) {
    long at = find_word(s, a->name);
    if (at < 0) continue;
    /* Case must match for short names ("ap" is no agency). */
    if (strlen(a->name) <= 4 &&
        memcmp(s.p + at, a->name, strlen(a->name)) != 0) {
      bool allcap = true;
      for (size_t i = 0; i < strlen(a->name); i++)
        if (!px_isupper((unsigned char)s.p[at + (long)i])) allcap = false;
      if (!allcap) continue;
    }
    return a->canon;
  }
  for (const px_langres_alias *a = px_langres_agencies(); a->name; a++) {
    size_t m = strlen(a->name);
    long at = find_word(s, a->name);
    if (at < 0) continue;
    if (m <= 4 && memcmp(s.p + at, a->name, m) != 0) {
      bool allcap = true;
      for (size_t i = 0; i < m; i++)
        if (px_isalpha((unsigned char)s.p[at + (long)i]) &&
            !px_isupper((unsigned char)s.p[at + (long)i]))
          allcap = false;
      if (!allcap) continue;
    }
    return a->canon;
  }
  return NULL;
}

/* ---- photo credits and captions ---- */

/* "Von Anna Berger", "Par Claire Dumont": the length of another
** language's byline word (data/lang.tsv) and its space when s opens with
** one and a capitalised word follows, else 0. */
static size_t lang_by_len(px_str s) {
  for (const char *const *w = px_langres_all(PX_LR_BY); w && *w; w++) {
    size_t m = strlen(*w);
    if (s.len > m + 1 && s.p[m] == ' ' && px_str_istarts(s, *w) &&
        (px_isupper((unsigned char)s.p[m + 1]) || (unsigned char)s.p[m + 1] >= 0xC3))
      return m + 1;
  }
  return 0;
}

static bool credit_line(const line *l) {
  px_str s = lstr(l);
  if (s.len > SCAN_MAX) return false;
  /* "Von Sabine Krause, AFP": a byline that names its agency */
  if (!l->terminal && l->words <= 12 && lang_by_len(s)) return false;
  static const char *const m[] = {
    "(photo by", "(photo:", "photo by ", "photo: ", "photograph: ",
    "photograph by", "(image:", "image: ", "image credit", "credit: ",
    "picture: ", "pictured:", "(ap photo", "ap photo/", "getty images",
    "via getty", "via reuters", "via ap", "shutterstock", "file photo",
    "(photo credit", "photo credit", "/ afp", "/afp", "(afp)", "(reuters)",
    "afp photo", "epa-efe", "/ pool", "/pool", "image source",
    "image caption", "photo illustration", NULL};
  for (int i = 0; m[i]; i++) {
    long at = find_ci_any(s, m[i]);
    if (at < 0) continue;
    /* Credits sit at a caption's end, open it ("FILE PHOTO: ..."), or are
    ** the whole short line: "Getty Images reported ..." mid-paragraph is
    ** news about a company, not a credit. */
    bool opens = at == 0 && strcmp(m[i], "file photo") == 0;
    bool ends = (size_t)at + strlen(m[i]) + 45 >= s.len;
    if (!(opens || ends || l->words <= 12 || m[i][0] == '('))
      continue;
    /* "(Reuters)" credits a picture only at the line's end: "BEIJING
    ** (Reuters) - ..." is a dateline, "told Agence France-Presse (AFP)
    ** news agency" attribution. */
    if ((strcmp(m[i], "(reuters)") == 0 || strcmp(m[i], "(afp)") == 0) &&
        (size_t)at + strlen(m[i]) + 2 < s.len)
      continue;
    return true;
  }
  /* A trailing all-capitals agency or "NAME/AGENCY" after a sentence:
  ** "... June 18, 2023. REUTERS" or "... 2023. REUTERS/Jane Doe". */
  size_t e = s.len;
  size_t st = e;
  while (st > 0 && s.p[st - 1] != ' ') st--;
  px_str last = px_str_make(s.p + st, e - st);
  size_t slash = 0;
  while (slash < last.len && last.p[slash] != '/') slash++;
  px_str head = px_str_make(last.p, slash);
  if (head.len >= 2 && st > 0) {
    bool caps = true;
    for (size_t i = 0; i < head.len; i++)
      if (px_islower((unsigned char)head.p[i])) caps = false;
    if (caps && agency_exact(head) && st >= 2 &&
        (s.p[st - 2] == '.' || s.p[st - 2] == ',' || s.p[st - 2] == ')'))
      return true;
  }
  /* "LEAH MILLIS/POOL / AFP" style: capitals with slashes, no sentence. */
  if (l->words <= 10 && !l->terminal && find_ci_any(s, "/") >= 0 &&
      l->lower <= 2 && l->allcaps >= 2)
    return true;
  return false;
}

static const char *const pic_verbs[] = {
  "meets", "shakes", "speaks", "attends", "arrives", "gestures", "looks on",
  "listens", "poses", "waves", "walks", "holds", "delivers", "sits",
  "stands", "talks", "greets", "addresses", "reacts", "leaves", "departs",
  "boards", "visits", "smiles", "chats", "testifies", "is seen", "are seen",
  "takes part", "take part", "pose", "shake hands", "looks", "is pictured",
  "are pictured", "gather", "gathers", "march", "marches", "celebrates",
  "celebrate", NULL};

static bool has_pic_verb(px_str s) {
  if (s.len > SCAN_MAX) return false;
  for (int i = 0; pic_verbs[i]; i++)
    if (has(s, pic_verbs[i])) return true;
  return false;
}

/* Ends with a date: "... in Beijing on June 19, 2023." */
static bool ends_with_date(px_str s) {
  if (s.len > SCAN_MAX || s.len < 8) return false;
  size_t from = s.len > 40 ? s.len - 40 : 0;
  px_time t;
  size_t a, b;
  px_str tail = px_str_make(s.p + from, s.len - from);
  if (px_date_find(tail.p, tail.len, &t, &a, &b) != PX_OK) return false;
  while (b < tail.len && (tail.p[b] == '.' || tail.p[b] == ' ')) b++;
  return b == tail.len;
}

static bool caption_shape(const line *l) {
  px_str s = lstr(l);
  if (l->words > 70) return false;
  if (has(s, "left,") || has(s, "right,") || has(s, "center,") ||
      has(s, "(L)") || has(s, "(R)") || has(s, "pictured"))
    return true;
  if (has_pic_verb(s) && l->words <= 60) return true;
  return ends_with_date(s) && l->words <= 40;
}

/* Words that mark an outlet's name ("The Valley Herald", "Inquirer News"). */
static const char *const siteish[] = {
  "news", "times", "post", "journal", "herald", "tribune", "daily",
  "online", "today", "guardian", "telegraph", "gazette", "standard",
  "observer", "express", "mirror", "chronicle", "review", "magazine",
  "media", "tv", "radio", "network", "press", "wire", "star", "mail",
  "inquirer", "financial", "report", NULL};

/* "BBC News, Taipei": an outlet's name (with a site word), a comma and a
** place. *site (may be NULL) receives the outlet. */
static bool outlet_place(const line *l, px_str *site) {
  px_str s = lstr(l);
  if (l->words > 6 || l->terminal || s.len > 80) return false;
  long comma = find_ci_any(s, ",");
  if (comma <= 0) return false;
  px_str o = px_str_make(s.p, (size_t)comma);
  bool ok = false;
  for (int q = 0; siteish[q]; q++) if (has(o, siteish[q])) ok = true;
  if (!ok || !px_isupper((unsigned char)o.p[0])) return false;
  if (site) *site = o;
  return true;
}

/* ---- names ---- */

static bool name_word(const char *w, size_t n) {
  if (n == 0) return false;
  unsigned char c = (unsigned char)w[0];
  static const char *const particles[] = {"de", "van", "von", "bin", "al",
                                          "la", "da", "der", "del", "le",
                                          "di", "du", NULL};
  for (int i = 0; particles[i]; i++)
    if (strlen(particles[i]) == n && memcmp(w, particles[i], n) == 0)
      return true;
  if (!(px_isupper(c) || c >= 0xC3)) return false;
  for (size_t i = 0; i < n; i++)
    if (px_isdigit((unsigned char)w[i])) return false;
  return true;
}

/* 1-5 words, each a capitalised name word. max_words lets callers ask for
** "First Last" (2+) forms. */
static bool person_name(px_str s, int min_words) {
  s = px_str_trim(s);
  if (s.len == 0 || s.len > 60) return false;
  int nw = 0;
  size_t i = 0;
  while (i < s.len) {
    while (i < s.len && s.p[i] == ' ') i++;
    size_t st = i;
    while (i < s.len && s.p[i] != ' ') i++;
    if (i == st) break;
    if (!name_word(s.p + st, i - st)) return false;
    for (size_t k = st; k < i; k++) {
      char c = s.p[k];
      if (c == ',' || c == ':' || c == ';' || c == '!' || c == '?' ||
          c == '(' || c == ')' || c == '|' || c == '/' || c == '"')
        return false;
    }
    nw++;
  }
  return nw >= min_words && nw <= 5;
}

static const char *const job_words[] = {
  "correspondent", "editor", "reporter", "writer", "staff", "bureau",
  "contributor", "columnist", "chief", "senior", "analyst", "desk", "team",
  "producer", "journalist", "news", "agencies", "agency", "wires", NULL};

static bool has_job_word(px_str s) {
  for (int i = 0; job_words[i]; i++)
    if (has(s, job_words[i])) return true;
  return false;
}

/* ---- building the doc ---- */

static px_rc set_field(ctx *c, const char **f, px_str v) {
  if (*f) return PX_OK;
  return px_doc_set(c->d, f, v.p, v.len);
}

static px_rc add_author(ctx *c, px_str name) {
  name = px_str_trim(name);
  while (name.len && (name.p[name.len - 1] == '.' || name.p[name.len - 1] == ','))
    name.len--;
  if (name.len == 0 || name.len > 120 || c->d->nauthors >= 16) return PX_OK;
  c->personal_byline = true;
  /* "JANE DOE" (wire style) is written "Jane Doe". */
  bool lower = false;
  for (size_t i = 0; i < name.len; i++)
    if (px_islower((unsigned char)name.p[i]) || (unsigned char)name.p[i] >= 0x80)
      lower = true;
  if (!lower) {
    char buf[128];
    for (size_t i = 0; i < name.len; i++) {
      bool first = i == 0 || !px_isalpha((unsigned char)name.p[i - 1]);
      buf[i] = (char)(first ? name.p[i] : px_tolower((unsigned char)name.p[i]));
    }
    return px_doc_add_author(c->d, buf, name.len);
  }
  return px_doc_add_author(c->d, name.p, name.len);
}

static px_rc set_wire(ctx *c, const char *canon) {
  if (!canon || c->d->wire) return PX_OK;
  return px_doc_set(c->d, &c->d->wire, canon, strlen(canon));
}

/* Length of " und " (any language's word joining two names in a
** byline, data/lang.tsv) at s.p[e], or 0. */
static size_t joiner_len(px_str s, size_t e) {
  if (s.p[e] != ' ') return 0;
  for (const char *const *w = px_langres_all(PX_LR_AND); w && *w; w++) {
    size_t m = strlen(*w);
    if (e + m + 2 <= s.len && s.p[e + m + 1] == ' ' &&
        px_str_ieq_cstr(px_str_make(s.p + e + 1, m), *w))
      return m + 2;
  }
  return 0;
}

/* Splits a byline body ("Jane Doe and John Roe, Reuters", "Reuters, with
** additional inputs from X") into people and agencies. */
static px_rc byline_names(ctx *c, px_str s, int depth) {
  px_rc rc = PX_OK;
  size_t i = 0;
  while (rc == PX_OK && i < s.len) {
    size_t st = i, e = i;
    /* Pieces end at ",", ";", "|", " and ", " & ". */
    while (e < s.len) {
      if (s.p[e] == ',' || s.p[e] == ';' || s.p[e] == '|') break;
      if (e + 5 <= s.len && e > st && memcmp(s.p + e, " and ", 5) == 0) break;
      if (e + 3 <= s.len && e > st && memcmp(s.p + e, " & ", 3) == 0) break;
      if (e > st && joiner_len(s, e)) break; /* " und ", " et ", " y " */
      e++;
    }
    px_str piece = px_str_trim(px_str_make(s.p + st, e - st));
    if (e < s.len) {
      size_t jl = joiner_len(s, e);
      if (jl) i = e + jl;
      else if (s.p[e] == ' ' && s.p[e + 1] == 'a') i = e + 5;
      else if (s.p[e] == ' ') i = e + 3;
      else i = e + 1;
    } else {
      i = e;
    }
    /* "Jane Doe in London" (Reuters footers): the place is not a name. */
    long in = find_word(piece, "in");
    if (in > 0 && piece.p[in - 1] == ' ' && piece.p[in] == 'i')
      piece = px_str_trim(px_str_make(piece.p, (size_t)in));
    if (piece.len == 0) continue;
    static const char *const with[] = {"with additional inputs from",
                                       "with additional reporting by",
                                       "with additional reporting from",
                                       "additional reporting by",
                                       "with inputs from", "with reporting by",
                                       "with reporting from", "inputs from",
                                       "reporting by", "edited by",
                                       "written by", NULL};
    bool done = false;
    for (int k = 0; with[k] && depth < 2; k++) {
      if (px_str_istarts(piece, with[k])) {
        size_t m = strlen(with[k]);
        if (strcmp(with[k], "edited by") == 0) { done = true; break; }
        rc = byline_names(c, px_str_make(piece.p + m, s.len - (size_t)(piece.p + m - s.p)),
                          depth + 1);
        i = s.len;
        done = true;
        break;
      }
    }
    if (done) continue;
    const char *ag = agency_exact(piece);
    if (!ag && has_job_word(piece)) ag = agency_in(piece);  /* "Reuters Staff" */
    if (ag) {
      rc = set_wire(c, ag);
      continue;
    }
    if (c->d->site && px_str_ieq_cstr(piece, c->d->site)) continue;
    if (has_job_word(piece)) continue;
    px_time t;
    size_t a, b;
    if (piece.len < 300 && px_date_find(piece.p, piece.len, &t, &a, &b) == PX_OK)
      continue;
    if (person_name(piece, 1)) rc = add_author(c, piece);
  }
  return rc;
}

static px_rc set_date(ctx *c, const char **field, const px_time *t) {
  if (*field) return PX_OK;
  char buf[40];
  px_date_format_iso(t, buf, sizeof buf);
  return px_doc_set(c->d, field, buf, strlen(buf));
}

/* Reads every date on a line; one preceded by "updated" (or "modified")
** is the update time, the first other one the publish time. */
static px_rc dates_from_line(ctx *c, px_str s) {
  px_rc rc = PX_OK;
  size_t off = 0;
  for (int g = 0; g < 4 && off < s.len && rc == PX_OK; g++) {
    px_time t;
    size_t a, b;
    if (px_date_find(s.p + off, s.len - off, &t, &a, &b) != PX_OK) break;
    px_str before = px_str_make(s.p + off, a);
    long up = find_word(before, "updated");
    if (up < 0) up = find_word(before, "modified");
    if (up >= 0) rc = set_date(c, &c->d->updated, &t);
    else rc = set_date(c, &c->d->published, &t);
    off += b;
  }
  return rc;
}

/* A line that is a date and little else ("/ 04:01 PM June 19, 2023",
** "Updated 3:14 PM EDT, Tue June 20, 2023", "Published: ..."). */
static bool date_line(const line *l) {
  px_str s = lstr(l);
  if (s.len > 160 || l->words > 16) return false;
  px_time t;
  size_t a, b;
  if (l->terminal && l->lower >= 3) return false;  /* a sentence */
  if (px_date_find(s.p, s.len, &t, &a, &b) != PX_OK) return false;
  /* What is left must be short labels, not a sentence. */
  size_t rest_letters = 0;
  for (size_t i = 0; i < a; i++)
    if (px_isalpha((unsigned char)s.p[i])) rest_letters++;
  for (size_t i = b; i < s.len; i++)
    if (px_isalpha((unsigned char)s.p[i])) rest_letters++;
  if (rest_letters <= 24) return true;
  return !l->terminal && l->words <= 12;
}

/* "OAN's Noah Herring": outlet possessive then a person's name. */
static bool possessive_byline(ctx *c, const line *l, bool apply, px_rc *rc) {
  px_str s = lstr(l);
  if (l->words < 3 || l->words > 6 || l->terminal || s.len > 80) return false;
  size_t i = 0;
  while (i < s.len && s.p[i] != ' ') i++;
  px_str first = px_str_make(s.p, i);
  size_t sl = 0;
  if (first.len > 2 && first.p[first.len - 2] == '\'' &&
      first.p[first.len - 1] == 's')
    sl = 2;
  else if (first.len > 4 && memcmp(first.p + first.len - 4, "\xE2\x80\x99s", 4) == 0)
    sl = 4;
  if (!sl || !px_isupper((unsigned char)first.p[0])) return false;
  px_str rest = px_str_trim(px_str_make(s.p + i, s.len - i));
  if (!person_name(rest, 2)) return false;
  if (apply) {
    *rc = set_field(c, &c->d->site, px_str_make(first.p, first.len - sl));
    if (*rc == PX_OK) *rc = add_author(c, rest);
  }
  return true;
}

/* Byline forms; apply=false only tests. */
static bool byline_line(ctx *c, const line *l, bool apply, px_rc *rc) {
  px_str s = lstr(l);
  if (s.len > 300 || l->words > 24) return false;
  if (l->bullet) s = px_str_trim(px_str_make(s.p + l->bullet_len, s.len - l->bullet_len));
  /* A leading dash: "- Reuters", "— AFP". */
  if (s.len > 3 && (unsigned char)s.p[0] == 0xE2 && (unsigned char)s.p[1] == 0x80 &&
      ((unsigned char)s.p[2] == 0x93 || (unsigned char)s.p[2] == 0x94))
    s = px_str_trim(px_str_make(s.p + 3, s.len - 3));
  static const char *const by[] = {"by ", "written by ", "story by ",
                                   "words by ", "author: ", "authors: ",
                                   "reporting by ", "by: ", "posted by ",
                                   NULL};
  /* "Von Anna Berger", "Par Claire Dumont", "Door Pieter de Vries":
  ** other languages' byline words (data/lang.tsv) */
  size_t nby = 0;
  while (by[nby]) nby++;
  size_t lbl = l->terminal || l->words > 12 ? 0 : lang_by_len(s);
  for (size_t k = 0; k <= nby; k++) {
    const char *w = k < nby ? by[k] : "";
    size_t wl = k < nby ? strlen(w) : lbl;
    if (k == nby ? lbl == 0 : !px_str_istarts(s, w)) continue;
    px_str rest = px_str_trim(px_str_make(s.p + wl, s.len - wl));
    if (k == nby) {
      /* "Von Miller signs with the Bills" is a headline: another
      ** language's byline word must be followed by a name of two or more
      ** words ("Von Anna Berger und ...", "Par Claire Dumont, AFP") */
      size_t e = 0;
      while (e < rest.len && rest.p[e] != ',' && rest.p[e] != '|' && rest.p[e] != ';' &&
             !(e > 0 && joiner_len(rest, e)))
        e++;
      if (!person_name(px_str_make(rest.p, e), 2)) return false;
    }
    if (rest.len == 0 || !(px_isupper((unsigned char)rest.p[0]) ||
                           (unsigned char)rest.p[0] >= 0xC3))
      return false;
    if (strcmp(w, "reporting by ") != 0 && l->terminal && l->words > 12) return false;
    if (apply) {
      /* Cut a date off: "By Jane Doe | June 19, 2023". */
      px_time t;
      size_t a, b;
      if (rest.len < 300 && px_date_find(rest.p, rest.len, &t, &a, &b) == PX_OK) {
        *rc = dates_from_line(c, rest);
        rest.len = a;
        /* "Maria Lopez on", "Jane Doe |": the joint before the date. */
        for (int g = 0; g < 3; g++) {
          rest = px_str_trim(rest);
          if (px_str_iends(rest, " on") || px_str_iends(rest, " at"))
            rest.len -= 3;
          while (rest.len && (rest.p[rest.len - 1] == '|' || rest.p[rest.len - 1] == '-' ||
                              rest.p[rest.len - 1] == ',' || rest.p[rest.len - 1] == '/'))
            rest.len--;
          if (rest.len >= 3 && (unsigned char)rest.p[rest.len - 3] == 0xE2 &&
              (unsigned char)rest.p[rest.len - 2] == 0x80 &&
              ((unsigned char)rest.p[rest.len - 1] == 0x93 ||
               (unsigned char)rest.p[rest.len - 1] == 0x94))
            rest.len -= 3;  /* an en or em dash */
        }
      }
      /* Reuters footers: "Reporting by X; Editing by Y". */
      long ed = find_word(rest, "editing by");
      if (ed >= 0) rest.len = (size_t)ed;
      if (*rc == PX_OK) *rc = byline_names(c, rest, 0);
    }
    return true;
  }
  /* "(dpa)", "Hamburg (dpa)", "Sevilla, (EFE)": an agency credit in
  ** brackets on a short line of its own */
  if (l->words <= 4 && s.len < 60 && s.len > 2 && s.p[s.len - 1] == ')') {
    long lp = find_ci_any(s, "(");
    const char *ag = lp >= 0 ? agency_exact(px_str_make(s.p + lp + 1, s.len - (size_t)lp - 2))
                             : NULL;
    if (ag) {
      if (apply) *rc = set_wire(c, ag);
      return true;
    }
  }
  /* "Reuters, with additional inputs from X", "Reuters", "AP". */
  size_t e = 0;
  while (e < s.len && s.p[e] != ',' && s.p[e] != ';' && s.p[e] != '|') e++;
  const char *ag = agency_exact(px_str_make(s.p, e));
  if (ag && l->words <= 14 && !l->terminal) {
    if (apply) *rc = byline_names(c, s, 0);
    return true;
  }
  if (ag && l->words <= 3) {  /* "Reuters." */
    if (apply) *rc = set_wire(c, ag);
    return true;
  }
  return false;
}

/* "Jane Doe, Associated Press" near the head: a name and an agency. */
static bool name_agency_line(ctx *c, const line *l, bool apply, px_rc *rc) {
  px_str s = lstr(l);
  if (l->words > 8 || l->terminal || s.len > 100) return false;
  size_t e = 0;
  while (e < s.len && s.p[e] != ',' && s.p[e] != '|') e++;
  if (e == s.len) return false;
  px_str name = px_str_make(s.p, e);
  const char *ag = agency_exact(px_str_make(s.p + e + 1, s.len - e - 1));
  if (!ag || !person_name(name, 2)) return false;
  if (apply) {
    *rc = add_author(c, name);
    if (*rc == PX_OK) *rc = set_wire(c, ag);
  }
  return true;
}

/* "Julian Borger in Woodside, California" above the story. */
static bool name_in_place_line(ctx *c, const line *l, bool apply, px_rc *rc) {
  px_str s = lstr(l);
  if (l->words > 9 || l->terminal || s.len > 120) return false;
  long in = find_word(s, "in");
  if (in < 4 || s.p[in] != 'i' || s.p[in - 1] != ' ') return false;
  px_str name = px_str_make(s.p, (size_t)in - 1);
  px_str place = px_str_trim(px_str_make(s.p + in + 2, s.len - (size_t)in - 2));
  if (!person_name(name, 2) || place.len == 0 ||
      !px_isupper((unsigned char)place.p[0]))
    return false;
  if (apply) *rc = add_author(c, name);
  return true;
}

/* Dateline at the start of a body paragraph: "WASHINGTON (AP) — ",
** "BEIJING — ", "NEW YORK, June 19 (Reuters) - ". Sets *caps when the place
** is in capitals (the wire style). */
static bool dateline(px_str s, px_str *place, const char **agency, bool *caps) {
  size_t lim = s.len < 90 ? s.len : 90, dash = 0;
  for (size_t i = 1; i + 2 < lim; i++) {
    if (s.p[i] == ' ' && s.p[i + 1] == '-' && (s.p[i + 2] == ' ' ||
        (s.p[i + 2] == '-' && i + 3 < s.len && s.p[i + 3] == ' '))) {
      dash = i;
      break;
    }
    if ((unsigned char)s.p[i] == 0xE2 && (unsigned char)s.p[i + 1] == 0x80 &&
        ((unsigned char)s.p[i + 2] == 0x93 || (unsigned char)s.p[i + 2] == 0x94)) {
      dash = i;
      break;
    }
    if (s.p[i] == '.' || s.p[i] == '"' || (unsigned char)s.p[i] == 0xE2) {
      if (!(s.p[i] == '.' && i > 0 && px_isupper((unsigned char)s.p[i - 1])))
        return false;  /* a sentence started: no dateline */
    }
  }
  if (!dash) return false;
  px_str pre = px_str_trim(px_str_make(s.p, dash));
  *agency = NULL;
  long lp = find_ci_any(pre, "(");
  if (lp >= 0) {
    long rp = find_ci_any(pre, ")");
    if (rp > lp) *agency = agency_exact(px_str_make(pre.p + lp + 1, (size_t)(rp - lp - 1)));
    pre.len = (size_t)lp;
    pre = px_str_trim(pre);
  }
  /* Drop ", June 19" after the place. */
  for (size_t i = 0; i < pre.len; i++) {
    if (pre.p[i] != ',') continue;
    px_str after = px_str_trim(px_str_make(pre.p + i + 1, pre.len - i - 1));
    size_t k = 0;
    while (k < after.len && px_isalpha((unsigned char)after.p[k])) k++;
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may",
                                         "jun", "jul", "aug", "sep", "oct",
                                         "nov", "dec", NULL};
    for (int m = 0; months[m]; m++)
      if (k >= 3 && px_str_istarts(after, months[m])) {
        pre.len = i;
        break;
      }
  }
  pre = px_str_trim(pre);
  if (pre.len == 0) {
    *place = pre;
    *caps = false;
    return *agency != NULL;
  }
  int words = 0;
  bool all_caps = true;
  size_t i = 0;
  while (i < pre.len) {
    while (i < pre.len && pre.p[i] == ' ') i++;
    size_t st = i;
    while (i < pre.len && pre.p[i] != ' ') i++;
    if (i == st) break;
    unsigned char c0 = (unsigned char)pre.p[st];
    if (!px_isupper(c0) && c0 < 0xC3) return false;
    for (size_t k = st; k < i; k++) {
      if (px_islower((unsigned char)pre.p[k])) all_caps = false;
      if (px_isdigit((unsigned char)pre.p[k])) return false;
    }
    words++;
  }
  if (words == 0 || words > 5) return false;
  while (pre.len && pre.p[pre.len - 1] == ',') pre.len--;
  *place = pre;
  *caps = all_caps;
  return true;
}

/* "X is the Multimedia Editor at Asia Financial." -> "Asia Financial". */
static px_str bio_outlet(px_str s) {
  px_str none = {NULL, 0};
  static const char *const preps[] = {" at ", " for ", " with ", " of ", NULL};
  long job = -1;
  for (int i = 0; job_words[i]; i++) {
    long at = find_word(s, job_words[i]);
    if (at >= 0 && (job < 0 || at < job)) job = at;
  }
  if (job < 0) return none;
  px_str after = px_str_make(s.p + job, s.len - (size_t)job);
  for (int k = 0; preps[k]; k++) {
    long at = find_ci_any(after, preps[k]);
    if (at < 0 || at > 40) continue;
    const char *p = after.p + at + strlen(preps[k]);
    const char *e = after.p + after.len;
    if (p + 4 < e && memcmp(p, "the ", 4) == 0) p += 4;
    const char *q = p;
    int nw = 0;
    while (q < e && px_isupper((unsigned char)*q) && nw < 5) {
      while (q < e && *q != ' ' && *q != '.' && *q != ',') q++;
      nw++;
      if (q < e && *q == ' ' && q + 1 < e && px_isupper((unsigned char)q[1])) q++;
      else break;
    }
    if (nw > 0) return px_str_make(p, (size_t)(q - p));
  }
  return none;
}

/* An author bio: a name line followed by "<Name> is/has ...", or a line
** starting with a known author's name and " is ". */
static bool bio_start(const px_doc *d, px_str s) {
  if (s.len > SCAN_MAX) return false;
  for (size_t i = 0; i < d->nauthors; i++) {
    size_t m = strlen(d->authors[i]);
    if (s.len > m + 4 && memcmp(s.p, d->authors[i], m) == 0 &&
        (px_str_istarts(px_str_make(s.p + m, s.len - m), " is ") ||
         px_str_istarts(px_str_make(s.p + m, s.len - m), " has ") ||
         px_str_istarts(px_str_make(s.p + m, s.len - m), " covers ") ||
         px_str_istarts(px_str_make(s.p + m, s.len - m), " writes ")))
      return true;
  }
  return false;
}

/* "Jane Roe is a staff writer at The Daily Planet. She has covered ..."
** among the last lines: a name, "is", and a newsroom job within a few
** words. */
static bool bio_shape(const line *L, size_t i, size_t tail_from) {
  if (i < tail_from || L[i].len > 600) return false;
  px_str s = lstr(&L[i]);
  long is = find_word(s, "is");
  if (is < 4 || is > 60 || !person_name(px_str_make(s.p, (size_t)is), 2))
    return false;
  px_str after = px_str_make(s.p + is, s.len - (size_t)is);
  if (after.len > 80) after.len = 80;
  static const char *const jobs[] = {"reporter", "correspondent", "editor",
                                     "writer", "journalist", "columnist",
                                     "contributor", "producer", "author",
                                     "photographer", "analyst", NULL};
  for (int k = 0; jobs[k]; k++)
    if (has(after, jobs[k])) return true;
  return false;
}

/* ---- normalisation and splitting ---- */

/* Copies src into dst as clean UTF-8: invalid bytes become U+FFFD, CRLF
** and CR become LF, tabs and Unicode spaces one space, zero-width and
** control characters go, runs of spaces shrink to one and lines lose their
** edge spaces. Returns the new length (dst holds 3*len+1 bytes). */
static size_t normalise(const char *src, size_t len, char *dst) {
  size_t o = 0;
  bool space = false;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t n = px_utf8_decode(src + i, len - i, &cp);
    i += n;
    if (cp == '\r') {
      if (i < len && src[i] == '\n') i++;
      cp = '\n';
    }
    /* U+2028/2029 would add lines the caller did not count: a space. */
    if (cp == '\n') {
      dst[o++] = '\n';
      space = false;
      continue;
    }
    if (cp == 0xFEFF || cp == 0x200B || cp == 0x200C || cp == 0x200D ||
        cp == 0x2060 || cp == 0xAD)
      continue;
    if (cp == '\t' || cp == '\f' || cp == '\v' || (cp != '\n' && px_unicode_isspace(cp))) {
      space = true;
      continue;
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) continue;
    if (space && o > 0 && dst[o - 1] != '\n') dst[o++] = ' ';
    space = false;
    o += px_utf8_encode(cp, dst + o);
  }
  return o;
}

static bool starts_lower(const line *l) {
  size_t o = opener_len(l->p, l->len);
  return o < l->len && px_islower((unsigned char)l->p[o]);
}

/* Joins hard-wrapped paragraphs: the next line continues this one when it
** starts in lowercase, or when the whole text is wrapped at a fixed width
** and this line stops short of sentence punctuation. */
static size_t join_wrapped(line *L, size_t n) {
  size_t longish = 0, wide = 0, tight = 0;
  for (size_t i = 0; i < n; i++) {
    if (L[i].len >= 40) longish++;
    if (L[i].len > 100) wide++;
    if (i > 0 && L[i].blank_before == 0) tight++;
  }
  bool wrapped = longish >= 6 && wide * 10 <= longish && tight * 2 >= n;
  bool joined = false;
  size_t w = 0;
  for (size_t i = 0; i < n; i++) {
    if (w > 0 && L[i].blank_before == 0 && !L[i].bullet && !L[w - 1].bullet) {
      line *p = &L[w - 1];
      bool cont = !p->terminal && p->len >= 30 && starts_lower(&L[i]) &&
                  p->p[p->len - 1] != ':';
      if (!cont && wrapped && p->len >= 50 && p->p[p->len - 1] != ':')
        cont = true;
      if (cont && L[i].p == p->p + p->len + 1) {
        p->p[p->len] = ' ';
        p->len += 1 + L[i].len;
        p->terminal = L[i].terminal;  /* features() runs once at the end */
        joined = true;
        continue;
      }
    }
    L[w++] = L[i];
  }
  if (joined)
    for (size_t i = 0; i < w; i++) features(&L[i]);
  return w;
}

/* ---- classification ---- */

static size_t next_content(const ctx *c, size_t i) {
  for (size_t k = i + 1; k < c->n; k++)
    if (c->L[k].kind != K_DROP) return k;
  return c->n;
}

static size_t prev_content(const ctx *c, size_t i) {
  for (size_t k = i; k-- > 0;)
    if (c->L[k].kind != K_DROP) return k;
  return SIZE_MAX;
}

/* A line that could be a heading or a linked headline: short, no sentence
** punctuation, not a list item, not a lead-in ("He said:"). */
static bool headline_like(const line *l) {
  if (l->kind != K_NONE || l->bullet || l->words > 16 || l->terminal ||
      sentence_like(l))
    return false;
  char last = l->p[l->len - 1];
  return last != ':' && last != ',' && last != ';';
}

static bool body_candidate(const line *l) {
  return l->kind == K_NONE && sentence_like(l) && l->words >= 6;
}

static px_rc classify(ctx *c) {
  px_rc rc = PX_OK;
  line *L = c->L;
  size_t n = c->n;

  /* 1. Boilerplate, credits, related lists, labels. */
  for (size_t i = 0; i < n; i++) {
    line *l = &L[i];
    px_str s = lstr(l);
    l->cta = cta_score(s);
    /* "This article originally appeared on X" is a republication note;
    ** "the report, originally published in 2019, ..." is news. */
    bool orig = l->words <= 30 &&
                (has(s, "originally published") || has(s, "originally appeared")) &&
                (has(s, "this article") || has(s, "this story") ||
                 has(s, "this post") || has(s, "this piece"));
    if (s.len <= SCAN_MAX &&
        (has(s, "automatic aggregator") || has(s, "read original article") ||
         orig)) {
      c->saw_aggregator = true;
      long at = find_word(s, "is an automatic aggregator");
      if (at < 0) at = find_word(s, "is an aggregator");
      if (at > 0) {
        size_t e = (size_t)at;
        while (e > 0 && s.p[e - 1] == ' ') e--;
        size_t st = e;
        while (st > 0 && s.p[st - 1] != ' ' && s.p[st - 1] != '!' &&
               s.p[st - 1] != '.')
          st--;
        if (e > st) rc = set_field(c, &c->d->site, px_str_make(s.p + st, e - st));
      }
      if (has(s, "read original article") && !c->d->origin_note)
        rc = px_doc_set(c->d, &c->d->origin_note, s.p, s.len);
      l->kind = K_DROP;
      continue;
    }
    bool list_follows = false;
    if (label_line(l) || ui_line(l) || nav_line(l)) {
      l->kind = K_DROP;
      continue;
    }
    if (related_marker(l, &list_follows)) {
      l->kind = K_DROP;
      if (list_follows) {
        /* The headlines under it: short lines without a full stop. */
        size_t k = i + 1;
        while (k < n) {
          line *h = &L[k];
          if (h->words == 0 || h->words > 20 || (h->terminal && h->p[h->len - 1] == '.' && h->words > 3))
            break;
          if (byline_line(c, h, false, &rc)) break;
          h->kind = K_DROP;
          k++;
        }
        i = k - 1;
      }
      continue;
    }
    /* Section label in "For all the latest X News Click Here". */
    if (l->cta >= 3 && !c->d->section) {
      long at = find_word(s, "the latest");
      long nw = find_word(s, "news");
      if (at >= 0 && nw > at + 11) {
        px_str sec = px_str_trim(px_str_make(s.p + at + 11, (size_t)(nw - at - 11)));
        if (sec.len > 0 && sec.len < 40 && px_isupper((unsigned char)sec.p[0]))
          rc = px_doc_set(c->d, &c->d->section, sec.p, sec.len);
      }
    }
    bool long_sentence = sentence_like(l) && l->words >= 14;
    if (l->cta >= 5 || (l->cta >= 3 && (!long_sentence || l->url)) ||
        (l->cta >= 2 && !sentence_like(l) && l->words <= 12) ||
        (l->url && l->words <= 12 && !sentence_like(l))) {
      /* Copyright lines name an agency or the site. */
      if (has(s, "copyright") || has(s, "\xC2\xA9")) {
        const char *ag = agency_in(s);
        if (ag) rc = set_wire(c, ag);
      }
      l->kind = K_DROP;
      continue;
    }
    if (credit_line(l)) {
      l->kind = K_CAPTION;
      l->credit = 1;
      continue;
    }
  }
  if (rc) return rc;

  /* 2. Title (and a site suffix), section label above it. */
  size_t title = SIZE_MAX;
  for (size_t i = 0, seen = 0; i < n && seen < 6; i++) {
    line *l = &L[i];
    if (l->kind != K_NONE) continue;
    seen++;
    px_str pl;
    const char *ag;
    bool caps;
    if (date_line(l) || byline_line(c, l, false, &rc) ||
        possessive_byline(c, l, false, &rc))
      break;
    if ((sentence_like(l) && l->words >= 14) || l->words > 30 ||
        (l->terminal && l->p[l->len - 1] == '.' && l->words > 6) ||
        next_content(c, i) >= n ||  /* a lone line is text, not a title */
        dateline(lstr(l), &pl, &ag, &caps))
      break;
    if (l->words <= 3 && !l->terminal && i + 1 < n && seen == 1) {
      /* maybe a section label: decided once a title follows */
      size_t nx = next_content(c, i);
      if (nx < n && L[nx].kind == K_NONE && L[nx].words > 3 &&
          L[nx].words <= 30 && !sentence_like(&L[nx])) {
        /* "The Valley Herald" is the site; "Markets" a section. */
        bool site = false;
        for (int q = 0; siteish[q]; q++) if (has(lstr(l), siteish[q])) site = true;
        if (site) rc = set_field(c, &c->d->site, lstr(l));
        else rc = px_doc_set(c->d, &c->d->section, l->p, l->len);
        l->kind = K_DROP;
        continue;
      }
    }
    title = i;
    break;
  }
  if (title != SIZE_MAX) {
    line *t = &L[title];
    px_str s = lstr(t);
    px_str tt = s;
    static const char *const seps[] = {" | ", " - ", " \xE2\x80\x93 ",
                                       " \xE2\x80\x94 ", NULL};

    for (int k = 0; seps[k]; k++) {
      size_t m = strlen(seps[k]);
      size_t at = SIZE_MAX;
      for (size_t q = 0; q + m <= s.len; q++)
        if (memcmp(s.p + q, seps[k], m) == 0) at = q;  /* the last one */
      if (at == SIZE_MAX || at < 10) continue;
      px_str suf = px_str_trim(px_str_make(s.p + at + m, s.len - at - m));
      int nw = 1;
      for (size_t q = 0; q < suf.len; q++) if (suf.p[q] == ' ') nw++;
      if (suf.len == 0 || nw > 4 || !px_isupper((unsigned char)suf.p[0]))
        continue;
      bool ok = k == 0;
      for (int q = 0; !ok && siteish[q]; q++) if (has(suf, siteish[q])) ok = true;
      if (!ok) continue;
      rc = set_field(c, &c->d->site, suf);
      tt = px_str_trim(px_str_make(s.p, at));
      break;
    }
    if (rc == PX_OK) rc = px_doc_set(c->d, &c->d->title, tt.p, tt.len);
    t->kind = K_TITLE;
    /* The same title again (pages often repeat it) is dropped. */
    for (size_t i = title + 1; i < n; i++)
      if ((L[i].len == tt.len && memcmp(L[i].p, tt.p, tt.len) == 0) ||
          (L[i].len == s.len && memcmp(L[i].p, s.p, s.len) == 0))
        L[i].kind = K_DROP;
  }
  if (rc) return rc;

  /* 3. Captions: spread from credits to the lines just above them; lone
  **    picture descriptions ("X meets with Y"). */
  for (size_t i = 0; i < n; i++) {
    if (!L[i].credit) continue;
    size_t k = i;
    for (int step = 0; step < 3; step++) {
      size_t p = prev_content(c, k);
      if (p == SIZE_MAX || L[p].kind != K_NONE || L[k].blank_before > 2) break;
      line *q = &L[p];
      bool prefix = q->len >= 20 && q->len <= L[k].len &&
                    memcmp(q->p, L[k].p, 20) == 0;
      bool shortl = q->words <= 6 && !q->terminal && !outlet_place(q, NULL);
      if (!(prefix || shortl || (caption_shape(q) && !starts_lower(q))))
        break;
      if (date_line(q) || byline_line(c, q, false, &rc) ||
          possessive_byline(c, q, false, &rc))
        break;
      q->kind = K_CAPTION;
      k = p;
    }
  }
  for (size_t i = 0; i < n; i++) {
    line *l = &L[i];
    if (l->kind != K_NONE || l->words > 20 || l->terminal || l->bullet)
      continue;
    /* "Antony Blinken meets with Xi Jinping": a name, then the verb. */
    px_str s = lstr(l);
    long v = -1;
    for (int k = 0; pic_verbs[k] && v < 0; k++) v = find_word(s, pic_verbs[k]);
    if (v > 0 && person_name(px_str_make(s.p, (size_t)v), 1))
      l->kind = K_CAPTION;
  }

  /* 4. Bylines and date lines anywhere; dates only from short lines.
  **    "Name in Place" only above the first paragraph. */
  bool above = true;
  for (size_t i = 0; i < n && rc == PX_OK; i++) {
    line *l = &L[i];
    if (l->kind != K_NONE) continue;
    if (above && body_candidate(l) && l->words >= 6) above = false;
    if (byline_line(c, l, true, &rc) || possessive_byline(c, l, true, &rc) ||
        name_agency_line(c, l, true, &rc) ||
        (above && i != title && name_in_place_line(c, l, true, &rc))) {
      l->kind = K_BYLINE;
      /* "BBC News, Taipei" under a byline: the outlet and where from. */
      px_str site;
      if (i + 1 < n && L[i + 1].kind == K_NONE && outlet_place(&L[i + 1], &site)) {
        rc = set_field(c, &c->d->site, site);
        L[i + 1].kind = K_DROP;
      }
      continue;
    }
    if (date_line(l)) {
      rc = dates_from_line(c, lstr(l));
      l->kind = K_DATE;
    }
  }
  if (rc) return rc;

  /* 5. Author bios: a name line then "<Name> is ...", or "<Author> is ...",
  **    or a bio-shaped line among the last three text lines. */
  size_t tail_from = n;
  for (size_t k = n, seen = 0; k-- > 0 && seen < 3;)
    if (L[k].kind == K_NONE) {
      tail_from = k;
      seen++;
    }
  for (size_t i = 0; i < n && rc == PX_OK; i++) {
    line *l = &L[i];
    if (l->kind != K_NONE && l->kind != K_DROP) continue;
    px_str s = lstr(l);
    size_t nx = i + 1;  /* the very next line: keeps this pass linear */
    bool name_then_bio = nx < n && person_name(s, 2) &&
                         L[nx].len > s.len + 4 &&
                         memcmp(L[nx].p, s.p, s.len) == 0 &&
                         L[nx].p[s.len] == ' ';
    bool shaped = !name_then_bio && l->kind == K_NONE && bio_shape(L, i, tail_from);
    if (name_then_bio || shaped || (l->kind == K_NONE && bio_start(c->d, s))) {
      size_t b = name_then_bio ? nx : i;
      if (shaped && c->d->nauthors == 0) {
        long is = find_word(s, "is");
        rc = add_author(c, px_str_make(s.p, (size_t)is));
      }
      px_str out = bio_outlet(lstr(&L[b]));
      if (out.len) rc = set_field(c, &c->d->site, out);
      l->kind = K_DROP;
      L[b].kind = K_DROP;
    }
  }
  if (rc) return rc;

  /* 6. Subtitle: the line after the title when meta (caption, byline,
  **    date) follows it, or when it is not a sentence. */
  size_t first_body = SIZE_MAX;
  {
    size_t start = title == SIZE_MAX ? 0 : title + 1;
    size_t s1 = SIZE_MAX;
    for (size_t i = start; i < n; i++)
      if (L[i].kind == K_NONE) { s1 = i; break; }
    if (title != SIZE_MAX && s1 != SIZE_MAX && L[s1].words >= 6 &&
        L[s1].words <= 80) {
      /* Only captions, bylines, dates or drops between title and it. */
      bool clean = true;
      for (size_t i = title + 1; i < s1; i++)
        if (L[i].kind == K_BYLINE || L[i].kind == K_DATE) clean = false;
      size_t nx = s1 + 1;
      while (nx < n && L[nx].kind == K_DROP) nx++;
      /* A sentence followed by a caption is the first paragraph with a
      ** picture after it; without a full stop it is a standfirst. */
      bool meta_after = nx < n && ((L[nx].kind == K_CAPTION && !L[s1].terminal) ||
                                   L[nx].kind == K_BYLINE || L[nx].kind == K_DATE);
      px_str pl;
      const char *ag;
      bool caps;
      if (clean && (meta_after || !L[s1].terminal) &&
          !dateline(lstr(&L[s1]), &pl, &ag, &caps) && !L[s1].bullet) {
        rc = px_doc_set(c->d, &c->d->subtitle, L[s1].p, L[s1].len);
        L[s1].kind = K_SUBTITLE;
      }
    }
    for (size_t i = 0; i < n; i++)
      if (body_candidate(&L[i])) { first_body = i; break; }
  }
  if (rc) return rc;

  /* 7. Dateline and wire from the first body paragraph. */
  if (first_body != SIZE_MAX) {
    px_str place;
    const char *ag = NULL;
    bool caps = false;
    if (dateline(lstr(&L[first_body]), &place, &ag, &caps)) {
      if (place.len) rc = set_field(c, &c->d->dateline, place);
      if (rc == PX_OK && ag) rc = set_wire(c, ag);
      /* Rule: a wire-style capitals dateline, no personal byline and a
      ** lead photo credited to an agency: the piece is that agency's. */
      if (rc == PX_OK && caps && place.len && !c->personal_byline &&
          !c->d->wire) {
        for (size_t i = 0; i < first_body; i++)
          if (L[i].kind == K_CAPTION) {
            const char *ca = agency_in(lstr(&L[i]));
            if (ca) { rc = set_wire(c, ca); break; }
          }
      }
    }
  }
  if (rc) return rc;

  /* 8. Head zone leftovers, body, headings, tail. */
  size_t last_body = SIZE_MAX;
  for (size_t i = n; i-- > 0;)
    if (body_candidate(&L[i]) && L[i].cta < 2) { last_body = i; break; }
  /* pv: the last line before i that is not dropped. Kinds before i are
  ** final here, so tracking it keeps this pass linear. */
  size_t pv = SIZE_MAX;
  bool run_open = false;  /* inside a run of headline-like lines */
  for (size_t i = 0; i < n; i++) {
    if (i > 0 && L[i - 1].kind != K_DROP) {
      pv = i - 1;
      run_open = false;  /* a kept line ends a run */
    }
    line *l = &L[i];
    if (l->kind != K_NONE) continue;
    bool head = first_body == SIZE_MAX || i < first_body;
    bool tail = last_body == SIZE_MAX || i > last_body;
    if (l->bullet && !tail && (!head || sentence_like(l) || l->words >= 4)) {
      l->kind = K_LIST;  /* also "key points" bullets above the story */
      continue;
    }
    if (l->len > 1 && l->p[0] == '>' ) {
      l->kind = K_QUOTE;
      continue;
    }
    if (sentence_like(l)) {
      l->kind = K_PARA;
      if (head && l->words < 6) l->kind = K_DROP;
      if (tail && (l->cta >= 1 || l->lower < 3 || l->url)) l->kind = K_DROP;
      continue;
    }
    if (head || tail) {
      /* Above the story, a long run of lowercase words is text that lost
      ** its full stop, not furniture. */
      l->kind = head && l->words >= 12 && l->lower * 2 >= l->words &&
                        l->cta == 0 && !l->url
                    ? K_PARA : K_DROP;
      continue;
    }
    /* A short line between paragraphs is a heading when a paragraph follows
    ** and it is not one of a run of such lines (a list of links). */
    size_t nx = next_content(c, i);
    if (headline_like(l) && (run_open || (nx < n && headline_like(&L[nx])))) {
      l->kind = K_DROP;
      run_open = true;
      continue;
    }
    bool next_para = nx < n && (body_candidate(&L[nx]) || L[nx].kind == K_PARA ||
                                (L[nx].kind == K_NONE && L[nx].words >= 8));
    bool prev_short = pv != SIZE_MAX && L[pv].kind == K_HEADING;
    char last = l->p[l->len - 1];
    bool joint = last == ':' || last == ',' || last == ';';  /* "He said:" */
    if (l->words <= 14 && next_para && !prev_short && l->len <= 160 && !joint) {
      l->kind = K_HEADING;
      continue;
    }
    l->kind = ((l->words >= 5 && l->lower >= 2) || (joint && l->lower >= 1))
                  ? K_PARA : K_DROP;
  }
  if (c->saw_aggregator) c->d->is_republished = true;
  return PX_OK;
}

/* A crude language guess: English function words are common in English.
** Used only when px_doc_guess_lang gives no answer. */
static bool looks_english(const line *L, size_t n) {
  size_t hits = 0, words = 0;
  static const char *const fw[] = {"the", "and", "of", "to", "in", "is",
                                   "that", "for", "on", "with", "said", NULL};
  for (size_t i = 0; i < n && words < 5000; i++) {
    if (L[i].kind != K_PARA) continue;
    px_str s = lstr(&L[i]);
    if (s.len > SCAN_MAX) s.len = SCAN_MAX;
    size_t k = 0;
    while (k < s.len) {
      while (k < s.len && s.p[k] == ' ') k++;
      size_t st = k;
      while (k < s.len && s.p[k] != ' ') k++;
      if (k == st) break;
      words++;
      for (int f = 0; fw[f]; f++)
        if (strlen(fw[f]) == k - st &&
            px_str_ieq_cstr(px_str_make(s.p + st, k - st), fw[f]))
          hits++;
    }
  }
  return words >= 20 && hits * 8 >= words;
}

static px_rc emit(ctx *c) {
  px_rc rc = PX_OK;
  for (size_t i = 0; i < c->n && rc == PX_OK; i++) {
    line *l = &c->L[i];
    const char *p = l->p;
    size_t len = l->len;
    switch (l->kind) {
    case K_PARA:
      rc = px_doc_add_block(c->d, PX_BLOCK_PARA, p, len);
      break;
    case K_HEADING:
      rc = px_doc_add_block(c->d, PX_BLOCK_HEADING, p, len);
      break;
    case K_LIST:
      rc = px_doc_add_block(c->d, PX_BLOCK_LIST_ITEM, p + l->bullet_len,
                            len - l->bullet_len);
      break;
    case K_QUOTE:
      rc = px_doc_add_block(c->d, PX_BLOCK_QUOTE, p + 1, len - 1);
      break;
    case K_CAPTION:
      rc = px_doc_add_block(c->d, PX_BLOCK_CAPTION, p, len);
      break;
    default:
      break;
    }
  }
  /* The n-gram identifier first; the function-word count stays as the
  ** fallback for English the identifier finds too short or too mixed. */
  if (rc == PX_OK) rc = px_doc_guess_lang(c->d);
  if (rc == PX_OK && !c->d->lang && looks_english(c->L, c->n))
    rc = px_doc_set(c->d, &c->d->lang, "en", 2);
  return rc;
}

px_rc px_plaintext_extract(const char *text, size_t len,
                           const char *url_or_path, px_doc **out,
                           px_err *err) {
  if (!out || (!text && len)) return px_err_set(err, PX_EINVAL, "plaintext: bad arguments");
  *out = NULL;
  if (len > PX_PLAINTEXT_MAX_INPUT)
    return px_err_set(err, PX_ETOOBIG, "plaintext: input of %zu bytes is over "
                      "the %zu byte cap", len, PX_PLAINTEXT_MAX_INPUT);
  if (len == 0) return px_err_set(err, PX_EEMPTY, "plaintext: empty input");
  if (memchr(text, '\0', len) || px_looks_binary(text, len))
    return px_err_set(err, PX_EBINARY, "plaintext: input looks binary");
  /* Non-blank lines (the line table's size); an article has far fewer
  ** than PX_PLAINTEXT_MAX_LINES. */
  size_t nl = 0;
  bool ink = false;
  for (size_t i = 0; i < len; i++) {
    char ch = text[i];
    if (ch == '\n' || ch == '\r') {
      nl += ink;
      ink = false;
    } else if (ch != ' ' && ch != '\t') {
      ink = true;
    }
  }
  nl += ink;
  if (nl == 0) return px_err_set(err, PX_EEMPTY, "plaintext: nothing but white space");
  if (nl > PX_PLAINTEXT_MAX_LINES)
    return px_err_set(err, PX_ETOOBIG, "plaintext: %zu lines is over the %zu "
                      "line cap", nl, (size_t)PX_PLAINTEXT_MAX_LINES);
  /* Normalised text (3x for repaired bytes), lines, blocks and copies. */
  /* Normalised text and block copies (each up to 3x for repaired bytes),
  ** later px_doc_body copies, the line table and block array. */
  size_t cap = 16 * len + nl * (sizeof(line) + 4 * sizeof(px_block)) + (1u << 20);
  px_doc *d = px_doc_new(cap);
  if (!d) return px_err_set(err, PX_ENOMEM, "plaintext: out of memory");
  px_rc rc = PX_OK;
  ctx c;
  memset(&c, 0, sizeof c);
  c.d = d;
  char *norm = px_arena_alloc(d->arena, 3 * len + 1);
  line *L = px_arena_calloc(d->arena, nl, sizeof *L);
  if (!norm || !L) {
    rc = px_arena_over_cap(d->arena) ? PX_ETOOBIG : PX_ENOMEM;
    px_err_set(err, rc, "plaintext: out of memory");
    goto out;
  }
  size_t nlen = normalise(text, len, norm);
  norm[nlen] = '\0';
  size_t n = 0;
  uint32_t blanks = 0;
  for (size_t i = 0; i < nlen;) {
    char *e = memchr(norm + i, '\n', nlen - i);
    size_t end = e ? (size_t)(e - norm) : nlen;
    size_t a = i, b = end;
    while (a < b && norm[a] == ' ') a++;
    while (b > a && norm[b - 1] == ' ') b--;
    if (b > a && PX_ALWAYS(n < nl)) {
      L[n].p = norm + a;
      L[n].len = b - a;
      L[n].blank_before = blanks;
      features(&L[n]);
      n++;
      blanks = 0;
    } else {
      blanks++;
    }
    i = end + 1;
  }
  if (n == 0) {
    rc = px_err_set(err, PX_EEMPTY, "plaintext: nothing but white space");
    goto out;
  }
  n = join_wrapped(L, n);
  c.L = L;
  c.n = n;
  if (url_or_path) rc = px_doc_set(d, &d->url, url_or_path, strlen(url_or_path));
  if (rc == PX_OK) rc = classify(&c);
  if (rc == PX_OK) rc = emit(&c);
  if (rc != PX_OK) {
    if (rc == PX_ENOMEM && px_arena_over_cap(d->arena)) rc = PX_ETOOBIG;
    px_err_set(err, rc, "plaintext: %s while cleaning", px_strerror(rc));
    goto out;
  }
  if (d->nblocks == 0 && !d->title && n <= 2 && L[0].len <= 300 &&
      L[n - 1].len <= 300) {
    /* A headline-like line or two ("Magnitude 6.1 quake strikes northern
    ** Chile", perhaps under a short title) are too short to pass as a
    ** paragraph, but they are not nothing: the first is kept as the
    ** title, so a caller that declared the text the article's (a JSON
    ** line) can keep the article. */
    rc = px_doc_set(d, &d->title, L[0].p, L[0].len);
    if (rc != PX_OK) {
      px_err_set(err, rc, "plaintext: out of memory");
      goto out;
    }
  }
  if (d->nblocks == 0 && !d->title) {
    rc = px_err_set(err, PX_EEMPTY, "plaintext: no article text found");
    goto out;
  }
  *out = d;
  return PX_OK;
out:
  px_doc_free(d);
  return rc;
}
