/*
** robots.c: robots.txt parsing (RFC 9309), rule matching and a per-origin
** cache.
**
** The parser keeps only the rules of groups that apply to us, so matching
** is a scan over a short list. Matching is a backtracking-free glob: "*"
** is handled greedily with the classic two-pointer algorithm, so hostile
** patterns cannot blow up. Memory: rules are copied into one malloc'd
** block per px_robots; the cache owns its entries.
*/
#include "ingest/robots.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/str.h"

typedef struct rule {
  char *pat;       /* NUL-terminated pattern (without a trailing '$') */
  size_t len;
  bool allow;
  bool anchored;   /* ended with '$' */
} rule;

struct px_robots {
  rule *rules;
  size_t n, cap;
  double delay;
  int mode;        /* 0: rules; 1: allow all; -1: disallow all */
};

#define ROBOTS_MAX_BYTES ((size_t)500 << 10)

px_robots *px_robots_new_all(bool allow_all) {
  px_robots *r = calloc(1, sizeof *r);
  if (r) r->mode = allow_all ? 1 : -1;
  return r;
}

void px_robots_free(px_robots *r) {
  if (!r) return;
  for (size_t i = 0; i < r->n; i++) free(r->rules[i].pat);
  free(r->rules);
  free(r);
}

static bool add_rule(px_robots *r, px_str v, bool allow) {
  if (r->n == r->cap) {
    size_t nc = r->cap ? r->cap * 2 : 16;
    rule *nr = realloc(r->rules, nc * sizeof *nr);
    if (!nr) return false;
    r->rules = nr;
    r->cap = nc;
  }
  rule *u = &r->rules[r->n];
  u->anchored = v.len && v.p[v.len - 1] == '$';
  if (u->anchored) v.len--;
  u->pat = malloc(v.len + 1);
  if (!u->pat) return false;
  memcpy(u->pat, v.p, v.len);
  u->pat[v.len] = '\0';
  u->len = v.len;
  u->allow = allow;
  r->n++;
  return true;
}

/* Does agent's product token contain this group's user-agent value? RFC
** 9309 matches the product token case-insensitively. */
static bool ua_matches(px_str v, const char *agent) {
  size_t al = strlen(agent);
  if (!v.len) return false;
  /* Only the token part of the value counts ("Parallax/1.0" -> "Parallax"). */
  size_t k = 0;
  while (k < v.len && (px_isalnum((unsigned char)v.p[k]) || v.p[k] == '-' || v.p[k] == '_')) k++;
  if (!k) return false;
  return k == al && px_str_ieq_cstr(px_str_make(v.p, k), agent);
}

px_robots *px_robots_parse(const char *text, size_t len, const char *agent) {
  px_robots *mine = calloc(1, sizeof *mine), *star = calloc(1, sizeof *star);
  if (!mine || !star) {
    free(mine);
    free(star);
    return NULL;
  }
  if (len > ROBOTS_MAX_BYTES) len = ROBOTS_MAX_BYTES;
  bool in_agents = false;    /* reading the user-agent lines of a group */
  bool g_mine = false, g_star = false;
  bool seen_mine = false, ok = true;
  size_t i = 0;
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) i = 3;
  while (i < len && ok) {
    size_t e = i;
    while (e < len && text[e] != '\n' && text[e] != '\r') e++;
    px_str line = px_str_make(text + i, e - i);
    i = e + 1;
    for (size_t k = 0; k < line.len; k++)
      if (line.p[k] == '#') {
        line.len = k;
        break;
      }
    const char *colon = memchr(line.p, ':', line.len);
    if (!colon) continue;
    px_str key = px_str_trim(px_str_make(line.p, (size_t)(colon - line.p)));
    px_str val = px_str_trim(px_str_make(colon + 1, line.len - (size_t)(colon - line.p) - 1));
    if (px_str_ieq_cstr(key, "user-agent") || px_str_ieq_cstr(key, "useragent") ||
        px_str_ieq_cstr(key, "user agent")) {
      if (!in_agents) g_mine = g_star = false;
      in_agents = true;
      if (val.len == 1 && val.p[0] == '*') g_star = true;
      else if (ua_matches(val, agent)) g_mine = seen_mine = true;
      continue;
    }
    bool allow = px_str_ieq_cstr(key, "allow");
    bool dis = px_str_ieq_cstr(key, "disallow") || px_str_ieq_cstr(key, "dissallow") ||
               px_str_ieq_cstr(key, "disalow");
    if (allow || dis || px_str_ieq_cstr(key, "crawl-delay")) in_agents = false;
    if (allow || dis) {
      if (!val.len) continue;  /* "Disallow:" with no path allows all */
      if (g_mine) ok = add_rule(mine, val, allow);
      if (ok && g_star) ok = add_rule(star, val, allow);
    } else if (px_str_ieq_cstr(key, "crawl-delay")) {
      double d = 0, scale = 0;
      for (size_t k = 0; k < val.len; k++) {
        char ch = val.p[k];
        if (px_isdigit((unsigned char)ch)) {
          if (scale) {
            d += (ch - '0') * scale;
            scale /= 10;
          } else {
            d = d * 10 + (ch - '0');
          }
        } else if (ch == '.' && !scale) {
          scale = 0.1;
        } else {
          break;
        }
      }
      if (d > 3600) d = 3600;
      if (g_mine) mine->delay = d;
      if (g_star) star->delay = d;
    }
  }
  if (!ok) {
    px_robots_free(mine);
    px_robots_free(star);
    return NULL;
  }
  if (seen_mine) {
    px_robots_free(star);
    return mine;
  }
  px_robots_free(mine);
  return star;
}

/* Glob match of pat against the start of s ("*" any run; a prefix match
** unless anchored). Two-pointer backtracking: O(n*m) worst case, no
** recursion. */
static bool match(const rule *u, const char *s, size_t n) {
  const char *p = u->pat;
  size_t pn = u->len, pi = 0, si = 0;
  size_t star_p = (size_t)-1, star_s = 0;
  while (si <= n) {
    if (pi == pn) {
      if (!u->anchored) return true;
      if (si == n) return true;
    } else if (p[pi] == '*') {
      star_p = pi++;
      star_s = si;
      continue;
    } else if (si < n && p[pi] == s[si]) {
      pi++;
      si++;
      continue;
    }
    if (star_p == (size_t)-1 || star_s >= n) return false;
    pi = star_p + 1;
    si = ++star_s;
  }
  return false;
}

bool px_robots_allowed(const px_robots *r, const char *path, size_t len) {
  if (!r || r->mode > 0) return true;
  if (len == 11 && !memcmp(path, "/robots.txt", 11)) return true;
  if (r->mode < 0) return false;
  size_t best = 0;
  bool have = false, allow = true;
  for (size_t i = 0; i < r->n; i++) {
    const rule *u = &r->rules[i];
    if (!match(u, path, len)) continue;
    size_t w = u->len + (u->anchored ? 1 : 0);
    if (!have || w > best || (w == best && u->allow && !allow)) {
      best = w;
      allow = u->allow;
      have = true;
    }
  }
  return allow;
}

double px_robots_crawl_delay(const px_robots *r) { return r ? r->delay : 0; }

/* ---- cache ------------------------------------------------------------- */

typedef struct centry {
  char *origin;
  px_robots *rules;
  int64_t expires;
} centry;

struct px_robots_cache {
  centry *e;
  size_t n, cap;
  int64_t ttl;
};

px_robots_cache *px_robots_cache_new(int64_t ttl) {
  px_robots_cache *c = calloc(1, sizeof *c);
  if (c) c->ttl = ttl > 0 ? ttl : 86400;
  return c;
}

void px_robots_cache_free(px_robots_cache *c) {
  if (!c) return;
  for (size_t i = 0; i < c->n; i++) {
    free(c->e[i].origin);
    px_robots_free(c->e[i].rules);
  }
  free(c->e);
  free(c);
}

static centry *find(px_robots_cache *c, const char *origin) {
  for (size_t i = 0; i < c->n; i++)
    if (!strcmp(c->e[i].origin, origin)) return &c->e[i];
  return NULL;
}

const px_robots *px_robots_cache_get(px_robots_cache *c, const char *origin,
                                     int64_t now) {
  centry *e = find(c, origin);
  return e && e->expires > now ? e->rules : NULL;
}

const px_robots *px_robots_cache_put(px_robots_cache *c, const char *origin,
                                     int status, const char *body, size_t len,
                                     const char *agent, int64_t now) {
  px_robots *r;
  int64_t ttl = c->ttl;
  if (status >= 200 && status < 300) {
    r = px_robots_parse(body ? body : "", body ? len : 0, agent);
  } else if (status >= 400 && status < 500) {
    r = px_robots_new_all(true);
  } else {
    r = px_robots_new_all(false);
    ttl = ttl / 24 > 60 ? ttl / 24 : 60;
  }
  if (!r) return NULL;
  centry *e = find(c, origin);
  if (!e) {
    if (c->n == c->cap) {
      size_t nc = c->cap ? c->cap * 2 : 16;
      centry *ne = realloc(c->e, nc * sizeof *ne);
      if (!ne) {
        px_robots_free(r);
        return NULL;
      }
      c->e = ne;
      c->cap = nc;
    }
    e = &c->e[c->n];
    e->origin = strdup(origin);
    if (!e->origin) {
      px_robots_free(r);
      return NULL;
    }
    e->rules = NULL;
    c->n++;
  }
  px_robots_free(e->rules);
  e->rules = r;
  e->expires = now + ttl;
  return r;
}
