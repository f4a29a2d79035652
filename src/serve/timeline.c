/*
** timeline.c: the coverage timeline as SVG (see timeline.h).
** Layout in SVG user units on a fixed 900-wide viewBox that the page
** scales to its width: outlet labels on the left, a row per outlet, the
** time axis below. Writes through a sticky error so one failed append
** stops the rest and is reported once.
*/
#include "serve/timeline.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "serve/html.h"
#include "util/err.h"
#include "util/str.h"

#define W 900.0
#define LEFT 180.0       /* outlet labels */
#define RIGHT 24.0
#define TOP 12.0
#define ROW 30.0
#define AXIS 48.0        /* tick labels and the axis title */
#define DOT_R 6.0
#define LABEL_CHARS 24   /* longer outlet names are cut (full name in <title>) */

typedef struct w {
  px_buf *b;
  px_rc rc;
} w;

static void put(w *o, const char *s) {
  if (!o->rc) o->rc = px_buf_puts(o->b, s);
}

static void putf(w *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(w *o, const char *fmt, ...) {
  if (o->rc) return;
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    o->rc = PX_EINVAL;
  else if (!(o->rc = px_buf_reserve(o->b, (size_t)n))) {
    vsnprintf(o->b->data + o->b->len, (size_t)n + 1, fmt, ap2);
    o->b->len += (size_t)n;
  }
  va_end(ap2);
}

static void text(w *o, const char *s) {
  if (!o->rc && s) o->rc = px_html_str(o->b, s);
}

/* At most max code points of s, escaped, with an ellipsis when cut. */
static void text_cut(w *o, const char *s, size_t max) {
  size_t len = strlen(s), i = 0, cps = 0;
  while (i < len && cps < max) {
    i++;
    while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
    cps++;
  }
  if (!o->rc) o->rc = px_html_text(o->b, s, i);
  if (i < len) put(o, "\xe2\x80\xa6");
}

static const char *outlet_name(const px_tl_item *it) {
  return it->outlet && *it->outlet ? it->outlet : "unknown outlet";
}

/* "2023-06-19 16:01" in UTC; out holds at least 32 bytes. */
static void utc_text(int64_t t, const char *fmt, char *out, size_t n) {
  time_t tt = (time_t)t;
  struct tm tm;
  if (!gmtime_r(&tt, &tm) || !strftime(out, n, fmt, &tm)) snprintf(out, n, "?");
}

typedef struct dated {
  size_t item;     /* index into items */
  size_t row;
  double x, y;
} dated;

static int by_time(const void *pa, const void *pb, void *ctx) {
  const px_tl_item *items = ctx;
  const dated *a = pa, *b = pb;
  int64_t ta = items[a->item].utc, tb = items[b->item].utc;
  if (ta != tb) return ta < tb ? -1 : 1;
  return items[a->item].id < items[b->item].id ? -1 : items[a->item].id > items[b->item].id;
}

static const dated *find_dated(const dated *d, size_t nd, const px_tl_item *items,
                               int64_t id) {
  for (size_t i = 0; i < nd; i++)
    if (items[d[i].item].id == id) return &d[i];
  return NULL;
}

/* Tick spacing: the smallest that gives at most 7 ticks. */
static int64_t tick_step(int64_t span) {
  static const int64_t steps[] = {60, 300, 900, 1800, 3600, 7200, 10800,
                                  21600, 43200, 86400, 172800, 604800,
                                  2592000, 31536000};
  size_t n = sizeof steps / sizeof *steps;
  for (size_t i = 0; i < n; i++)
    if (span / steps[i] <= 6) return steps[i];
  return steps[n - 1] * (span / steps[n - 1] / 6 + 1);
}

static void undated_list(w *o, const px_tl_item *items, size_t n, size_t nundated) {
  if (!nundated) return;
  putf(o, "<p class=\"tl-undated\"><strong>No publish time (not plotted), %zu:"
          "</strong> ", nundated);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (items[i].utc) continue;
    if (k++) put(o, " \xc2\xb7 ");
    putf(o, "<a href=\"/articles/%lld\">", (long long)items[i].id);
    text(o, outlet_name(&items[i]));
    put(o, "</a>");
  }
  put(o, "</p>");
}

static void axis(w *o, int64_t t0, int64_t t1, double y0, double y1) {
  double span = (double)(t1 - t0);
  int64_t step = tick_step(t1 - t0);
  int64_t first = t0 >= 0 ? (t0 + step - 1) / step * step : t0 / step * step;
  char prev_day[32] = "";
  putf(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#5f6368\"/>",
       LEFT, y1, W - RIGHT, y1);
  for (int64_t t = first; t <= t1; t += step) {
    double x = LEFT + (double)(t - t0) * (W - LEFT - RIGHT) / span;
    char hm[32], day[32];
    utc_text(t, "%H:%M", hm, sizeof hm);
    utc_text(t, "%Y-%m-%d", day, sizeof day);
    putf(o, "<line class=\"tl-grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
            "y2=\"%.1f\" stroke=\"#dadce0\"/>", x, y0, x, y1 + 4);
    /* A day's date once, under its first tick; daily or coarser ticks
    ** show only the date. */
    if (step >= 86400) {
      putf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
           x, y1 + 17, day);
    } else {
      putf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
           x, y1 + 17, hm);
      if (strcmp(day, prev_day))
        putf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                "fill=\"#5f6368\">%s</text>", x, y1 + 31, day);
    }
    memcpy(prev_day, day, sizeof day);
  }
  putf(o, "<text class=\"tl-axis\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
          "fill=\"#5f6368\">publish time (UTC)</text>", W - RIGHT, y1 + 44);
}

/* A copy arrow, bowed so arrows between the same rows stay apart, and
** stopped short of the dots so the head shows. */
static void arrow(w *o, const px_tl_item *items, const dated *f, const dated *t,
                  const char *wire) {
  double dx = t->x - f->x, dy = t->y - f->y, d = sqrt(dx * dx + dy * dy);
  put(o, "<path class=\"tl-copy\" fill=\"none\" stroke=\"#e37400\" "
         "stroke-width=\"1.5\" marker-end=\"url(#tl-arrow)\" d=\"");
  if (d < 3 * DOT_R) {
    /* Same place: a small loop above the dot. */
    putf(o, "M%.1f %.1fC%.1f %.1f %.1f %.1f %.1f %.1f", f->x - 3, f->y - DOT_R,
         f->x - 14, f->y - 28, t->x + 14, t->y - 28, t->x + 3, t->y - DOT_R - 1);
  } else {
    double ux = dx / d, uy = dy / d;
    double x1 = f->x + ux * (DOT_R + 1), y1 = f->y + uy * (DOT_R + 1);
    double x2 = t->x - ux * (DOT_R + 3), y2 = t->y - uy * (DOT_R + 3);
    double bow = d * 0.15 + 6;   /* perpendicular lift of the curve */
    double cx = (x1 + x2) / 2 + uy * bow, cy = (y1 + y2) / 2 - ux * bow;
    putf(o, "M%.1f %.1fQ%.1f %.1f %.1f %.1f", x1, y1, cx, cy, x2, y2);
  }
  put(o, "\"><title>");
  text(o, outlet_name(&items[t->item]));
  if (wire && *wire) {
    put(o, " carries the same ");
    text(o, wire);
    put(o, " copy as ");
    text(o, outlet_name(&items[f->item]));
    put(o, ", which published it first");
  } else {
    put(o, " reused text from ");
    text(o, outlet_name(&items[f->item]));
  }
  put(o, "</title></path>");
}

px_rc px_timeline_html(px_buf *b, const px_tl_item *items, size_t n,
                       const px_tl_copy *copies, size_t ncopies, px_err *err) {
  w o = {b, PX_OK};
  size_t start = b->len;     /* on failure the buffer is put back */
  dated *d = NULL;
  size_t *row_item = NULL;   /* per row: the item whose outlet names it */
  size_t nd = 0, nrows = 0, nundated = 0;
  if (n == 0) return PX_OK;
  d = calloc(n, sizeof *d);
  row_item = calloc(PX_TIMELINE_MAX_ROWS, sizeof *row_item);
  if (!d || !row_item) {
    o.rc = PX_ENOMEM;
    goto out;
  }
  for (size_t i = 0; i < n; i++) {
    if (items[i].utc)
      d[nd++].item = i;
    else
      nundated++;
  }
  put(&o, "<figure class=\"tl\">");
  if (nd == 0) {
    put(&o, "<p class=\"none\">No article states when it was published, so "
            "there is nothing to plot.</p>");
    undated_list(&o, items, n, nundated);
    put(&o, "</figure>");
    goto out;
  }
  qsort_r(d, nd, sizeof *d, by_time, (void *)items);

  /* Rows in order of each outlet's first report; past the cap, outlets
  ** share the last row. */
  size_t others = 0;   /* outlets in the shared last row */
  for (size_t i = 0; i < nd; i++) {
    const char *name = outlet_name(&items[d[i].item]);
    size_t r = 0;
    while (r < nrows && !px_str_ieq_cstr(px_str_from_cstr(
                            outlet_name(&items[row_item[r]])), name))
      r++;
    if (r == nrows) {
      if (nrows < PX_TIMELINE_MAX_ROWS) {
        row_item[nrows++] = d[i].item;
      } else {
        /* Count outlets new to the shared row. */
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
          seen = d[k].row == PX_TIMELINE_MAX_ROWS - 1 &&
                 px_str_ieq_cstr(px_str_from_cstr(outlet_name(&items[d[k].item])), name);
        if (!seen) others++;
        r = PX_TIMELINE_MAX_ROWS - 1;
      }
    }
    d[i].row = r;
  }
  if (others) others++;   /* the row's own first outlet */

  int64_t t0 = items[d[0].item].utc, t1 = items[d[nd - 1].item].utc;
  if (t1 - t0 < 1200) {
    /* One article, or all at once: half an hour either side. */
    t0 -= 1800;
    t1 += 1800;
  } else {
    int64_t pad = (t1 - t0) / 20;
    t0 -= pad;
    t1 += pad;
  }
  double rows_h = ROW * (double)nrows, h = TOP + rows_h + AXIS;
  for (size_t i = 0; i < nd; i++) {
    d[i].x = LEFT + (double)(items[d[i].item].utc - t0) * (W - LEFT - RIGHT) /
                        (double)(t1 - t0);
    d[i].y = TOP + ROW * ((double)d[i].row + 0.5);
  }

  putf(&o, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tl-chart\" "
           "viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
           "font-family=\"system-ui, sans-serif\" font-size=\"12\">"
           "<title>Coverage timeline: %zu dated article%s from %zu outlet%s</title>"
           "<defs><marker id=\"tl-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" "
           "refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
           "<path d=\"M0 0L10 5L0 10z\" fill=\"#e37400\"/></marker></defs>",
       W, h, W, h, nd, nd == 1 ? "" : "s", nrows, nrows == 1 ? "" : "s");
  for (size_t r = 0; r < nrows; r++) {
    double y = TOP + ROW * ((double)r + 0.5);
    putf(&o, "<line class=\"tl-row\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
             "y2=\"%.1f\" stroke=\"#eceff1\"/>", LEFT, y, W - RIGHT, y);
    putf(&o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", LEFT - 10, y + 4);
    const char *name = outlet_name(&items[row_item[r]]);
    if (others && r == PX_TIMELINE_MAX_ROWS - 1) {
      putf(&o, "<title>%zu outlets share this row</title>%zu more outlets",
           others, others);
    } else {
      put(&o, "<title>");
      text(&o, name);
      put(&o, "</title>");
      text_cut(&o, name, LABEL_CHARS);
    }
    put(&o, "</text>");
  }
  axis(&o, t0, t1, TOP, TOP + rows_h);

  size_t drawn = 0, skipped = 0;
  for (size_t c = 0; c < ncopies; c++) {
    const dated *f = find_dated(d, nd, items, copies[c].from);
    const dated *t = find_dated(d, nd, items, copies[c].to);
    if (f && f == t) continue;   /* an article cannot copy itself */
    if (!f || !t) {
      skipped++;
      continue;
    }
    arrow(&o, items, f, t, copies[c].wire);
    drawn++;
  }
  for (size_t i = 0; i < nd; i++) {
    const px_tl_item *it = &items[d[i].item];
    char when[32];
    utc_text(it->utc, "%Y-%m-%d %H:%M", when, sizeof when);
    putf(&o, "<a href=\"/articles/%lld\"><circle class=\"tl-dot\" cx=\"%.1f\" "
             "cy=\"%.1f\" r=\"%.0f\" fill=\"#0b57d0\" stroke=\"#fff\"><title>",
         (long long)it->id, d[i].x, d[i].y, DOT_R);
    text(&o, outlet_name(it));
    putf(&o, ", %s UTC: ", when);
    text(&o, it->title && *it->title ? it->title : "(untitled)");
    put(&o, "</title></circle></a>");
  }
  put(&o, "</svg><figcaption class=\"help\">Each dot is an article at its "
          "publish time in UTC; hover for its title, click to read it.");
  if (drawn)
    put(&o, " Orange arrows run from the article whose text was reused to "
            "the article that reused it.");
  if (skipped)
    putf(&o, " %zu copy relation%s with an undated article %s not drawn.",
         skipped, skipped == 1 ? "" : "s", skipped == 1 ? "is" : "are");
  put(&o, "</figcaption>");
  undated_list(&o, items, n, nundated);
  put(&o, "</figure>");
out:
  if (o.rc) {
    px_err_set(err, o.rc, "drawing the timeline: %s", px_strerror(o.rc));
    b->len = start;
    if (b->data) b->data[start] = '\0';
  }
  free(d);
  free(row_item);
  return o.rc;
}
