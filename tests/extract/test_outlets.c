/*
** test_outlets.c: the outlet directory: any spelling finds its outlet,
** hosts find theirs (subdomains too, the longest listed domain first),
** unknown names stay as they are, and the table holds what it should.
*/
#include <criterion/criterion.h>
#include <string.h>
#include "extract/outlets.h"

static const char *named(const char *s) {
  const px_outlet *o = px_outlet_by_name(px_str_from_cstr(s));
  return o ? o->name : NULL;
}

static const char *hosted(const char *s) {
  const px_outlet *o = px_outlet_by_host(px_str_from_cstr(s));
  return o ? o->name : NULL;
}

Test(outlets, every_spelling_finds_the_outlet) {
  cr_expect_str_eq(named("OAN"), "One America News");
  cr_expect_str_eq(named("oann"), "One America News");
  cr_expect_str_eq(named("One America News Network"), "One America News");
  cr_expect_str_eq(named("  the new york times "), "The New York Times");
  cr_expect_str_eq(named("New York Times"), "The New York Times");
  cr_expect_str_eq(named("NYT"), "The New York Times");
  cr_expect_str_eq(named("AP"), "Associated Press");
  cr_expect_str_eq(named("The Associated Press"), "Associated Press");
  cr_expect_str_eq(named("AFP"), "Agence France-Presse");
  cr_expect_str_eq(named("Reuters"), "Reuters");
  cr_expect_str_eq(named("RTÉ"), "RTE News");
  cr_expect_null(named("OA"), "no prefix matches");
  cr_expect_null(named("OAN News Desk"));
  cr_expect_null(named("Inquirer News"), "not in the directory: left as written");
  cr_expect_null(named(""));
  cr_expect_null(named("The "));
}

Test(outlets, hosts_find_their_outlet) {
  cr_expect_str_eq(hosted("www.bbc.co.uk"), "BBC News");
  cr_expect_str_eq(hosted("bbc.com"), "BBC News");
  cr_expect_str_eq(hosted("WWW.Reuters.COM."), "Reuters");
  cr_expect_str_eq(hosted("news.yahoo.com"), "Yahoo News");
  cr_expect_str_eq(hosted("finance.yahoo.com"), "Yahoo Finance");
  cr_expect_null(hosted("yahoo.com"), "only the listed parts of yahoo.com");
  cr_expect_null(hosted("notreuters.com"), "a domain matches at a dot only");
  cr_expect_null(hosted("reuters.com.evil.example"));
  cr_expect_null(hosted(""));
}

Test(outlets, canonical_names) {
  cr_expect_str_eq(px_outlet_canonical("OAN"), "One America News");
  const char *mine = "The Local Gazette of Nowhere";
  cr_expect_eq(px_outlet_canonical(mine), mine, "unknown names are returned as given");
  cr_expect_null(px_outlet_canonical(NULL));
  cr_expect_gt(px_outlet_count(), 150);
}
