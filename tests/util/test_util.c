/*
** test_util.c: arena, px_buf, string views, UTF-8, Windows-1252, files.
*/
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"
#include "util/snap.h"
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

/* Snapshot files (util/snap.h): what is written reads back; a damaged,
** truncated or foreign file fails at finish or open; a dead writer's
** temporary file is swept, a live one's is left. */
Test(util, snapshot_files) {
  char dir[] = "/tmp/px-snap-XXXXXX";
  cr_assert(mkdtemp(dir));
  char path[128];
  snprintf(path, sizeof path, "%s/s-state", dir);
  /* Leftovers: no process has this pid (checked); our parent is alive. */
  long dead = 999999;
  while (kill((pid_t)dead, 0) == 0 || errno != ESRCH) dead--;
  char left_dead[160], left_live[160];
  snprintf(left_dead, sizeof left_dead, "%s.tmp%ld", path, dead);
  snprintf(left_live, sizeof left_live, "%s.tmp%ld", path, (long)getppid());
  FILE *f = fopen(left_dead, "w");
  fclose(f);
  f = fopen(left_live, "w");
  fclose(f);

  px_snap *s = NULL;
  px_err err = {0};
  cr_assert_eq(px_snap_create(path, 3, &s, &err), PX_OK, "%s", err.msg);
  px_snap_put_u64(s, 42);
  px_snap_put_f64(s, 2.5);
  uint32_t arr[3] = {7, 8, 9};
  px_snap_put_u64(s, 3);
  px_snap_put(s, arr, sizeof arr);
  cr_assert_eq(px_snap_commit(s, &err), PX_OK, "%s", err.msg);
  cr_expect_neq(access(left_dead, F_OK), 0, "a dead writer's temporary file is swept");
  cr_expect_eq(access(left_live, F_OK), 0, "a live writer's is left alone");
  unlink(left_live);

  cr_assert_eq(px_snap_open(path, 3, &s, &err), PX_OK, "%s", err.msg);
  cr_expect_eq(px_snap_get_u64(s), 42u);
  cr_expect_eq(px_snap_get_f64(s), 2.5);
  uint64_t n = px_snap_get_u64(s);
  cr_assert(px_snap_expect(s, n, 4));
  uint32_t *back = px_snap_get_array(s, n, sizeof *back);
  cr_assert(back && back[2] == 9);
  free(back);
  cr_expect_eq(px_snap_finish(s, &err), PX_OK, "%s", err.msg);

  cr_expect_eq(px_snap_open(path, 4, &s, &err), PX_EPARSE, "another format version");
  /* One flipped payload byte: the checksum says so at the end. */
  f = fopen(path, "r+b");
  fseek(f, 20, SEEK_SET);
  fputc(0x55, f);
  fclose(f);
  px_err e2 = {0};
  cr_assert_eq(px_snap_open(path, 3, &s, &e2), PX_OK);
  (void)px_snap_get_u64(s);
  (void)px_snap_get_f64(s);
  n = px_snap_get_u64(s);
  cr_expect_not(px_snap_expect(s, (uint64_t)1 << 40, 4), "a count beyond the file fails");
  cr_expect_neq(px_snap_finish(s, &e2), PX_OK);
  cr_expect(strstr(e2.msg, "s-state"), "the message names the file: %s", e2.msg);
  /* Truncated. */
  cr_assert_eq(truncate(path, 20), 0);
  px_err e3 = {0};
  if (px_snap_open(path, 3, &s, &e3) == PX_OK) {
    (void)px_snap_get_u64(s);
    cr_expect_neq(px_snap_finish(s, &e3), PX_OK);
  }
  unlink(path);
  cr_expect_eq(px_snap_open(path, 3, &s, &err), PX_ENOTFOUND);
  rmdir(dir);
}
