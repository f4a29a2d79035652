/*
** test_util.c: arena, px_buf, string views, UTF-8, Windows-1252, files.
*/
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"
#include "util/str.h"

Test(arena, alignment_growth_and_cap) {
  px_arena *a = px_arena_new(1 << 20);
  for (int i = 1; i < 2000; i++) {
    void *p = px_arena_alloc(a, (size_t)(i % 97) + 1);
    cr_assert(p);
    cr_assert_eq((uintptr_t)p % 16, 0);
  }
  void *big = px_arena_alloc(a, 300000);
  cr_assert(big, "large requests get their own chunk");
  cr_assert_null(px_arena_alloc(a, 2 << 20), "over the cap fails");
  cr_assert(px_arena_over_cap(a));
  px_arena_free(a);
  px_arena_free(NULL);
}

Test(arena, realloc_in_place_and_copy) {
  px_arena *a = px_arena_new(0);
  char *p = px_arena_alloc(a, 16);
  memcpy(p, "0123456789abcdef", 16);
  char *q = px_arena_realloc(a, p, 16, 64);
  cr_assert_eq(q, p, "last block grows in place");
  px_arena_alloc(a, 8);
  char *r = px_arena_realloc(a, q, 64, 100000);
  cr_assert_neq(r, q);
  cr_assert_eq(memcmp(r, "0123456789abcdef", 16), 0);
  char *s = px_arena_strndup(a, "abc\0def", 7);
  cr_assert_eq(memcmp(s, "abc\0def", 8), 0);
  px_arena_free(a);
}

Test(buf, growth_cap_and_printf) {
  px_buf b;
  px_buf_init(&b, 10);
  cr_assert_eq(px_buf_puts(&b, "hello"), PX_OK);
  cr_assert_eq(px_buf_printf(&b, "%d", 12345), PX_OK);
  cr_assert_str_eq(b.data, "hello12345");
  cr_assert_eq(px_buf_putc(&b, 'x'), PX_ETOOBIG);
  cr_assert_str_eq(b.data, "hello12345", "contents intact after a refused append");
  char *d = px_buf_detach(&b);
  cr_assert_str_eq(d, "hello12345");
  free(d);
  cr_assert_eq(b.len, 0);
  px_buf_reset(&b);
}

Test(str, trim_unicode_spaces) {
  px_str s = px_str_trim(px_str_from_cstr("\xc2\xa0 \t hi there \xe2\x80\x8b\n"));
  cr_assert_eq(s.len, 8);
  cr_assert_eq(memcmp(s.p, "hi there", 8), 0);
  cr_assert(px_str_istarts(px_str_from_cstr("Subscribe now"), "SUBSCRIBE"));
  cr_assert(px_str_iends(px_str_from_cstr("page.HTML"), ".html"));
  cr_assert_eq(px_str_ifind(px_str_from_cstr("abcDEF"), "cde"), 2);
  cr_assert_eq(px_str_ifind(px_str_from_cstr("abc"), "abcd"), -1);
}

Test(str, utf8_validation) {
  cr_assert(px_utf8_valid("caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d \xf0\x9f\x98\x80", 18));
  cr_assert_eq(px_utf8_valid_prefix("ab\xc3", 3), 2, "truncated sequence");
  cr_assert_eq(px_utf8_valid_prefix("\xc0\xaf", 2), 0, "overlong");
  cr_assert_eq(px_utf8_valid_prefix("\xed\xa0\x80", 3), 0, "surrogate");
  cr_assert_eq(px_utf8_valid_prefix("\xf4\x90\x80\x80", 4), 0, "past U+10FFFF");
  cr_assert(px_utf8_valid("\xef\xbf\xbd", 3), "U+FFFD itself is valid");
  char enc[4];
  cr_assert_eq(px_utf8_encode(0x1F600, enc), 4);
  cr_assert_eq(memcmp(enc, "\xf0\x9f\x98\x80", 4), 0);
}

Test(str, cp1252_and_binary_sniffing) {
  px_buf b;
  px_buf_init(&b, 0);
  cr_assert_eq(px_cp1252_to_utf8("caf\xe9 \x93q\x94 \x80", 10, &b), 0);
  cr_assert_str_eq(b.data, "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d \xe2\x82\xac");
  px_buf_reset(&b);
  cr_assert(px_looks_binary("ab\0cd", 5));
  cr_assert_not(px_looks_binary("plain\ntext\r\n", 12));
}

Test(file, read_cap_and_errors) {
  char path[] = "/tmp/pxutilXXXXXX";
  int fd = mkstemp(path);
  cr_assert(fd >= 0);
  cr_assert_eq(write(fd, "0123456789", 10), 10);
  close(fd);
  char *data;
  size_t len;
  px_err err = {0};
  cr_assert_eq(px_file_read(path, 100, &data, &len, &err), PX_OK);
  cr_assert_eq(len, 10);
  cr_assert_eq(data[10], '\0');
  free(data);
  cr_assert_eq(px_file_read(path, 5, &data, &len, &err), PX_ETOOBIG);
  cr_assert(strstr(err.msg, path), "message names the file: %s", err.msg);
  px_err_clear(&err);
  cr_assert_eq(px_file_read("/nonexistent/x", 5, &data, &len, &err), PX_EIO);
  cr_assert(strstr(err.msg, "/nonexistent/x: No such file"), "%s", err.msg);
  unlink(path);
}

Test(err, first_error_wins_and_prefix) {
  px_err e = {0};
  cr_assert_eq(px_err_set(&e, PX_EPARSE, "line %d: bad", 3), PX_EPARSE);
  cr_assert_eq(px_err_set(&e, PX_EIO, "later"), PX_EIO);
  cr_assert_eq(e.rc, PX_EPARSE);
  px_err_prefix(&e, "%s: ", "feed.xml");
  cr_assert_str_eq(e.msg, "feed.xml: line 3: bad");
  cr_assert_str_eq(px_strerror(PX_ENOMEM), "out of memory");
  cr_assert_str_eq(px_strerror((px_rc)999), "unknown error");
}
