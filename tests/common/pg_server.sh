#!/usr/bin/env bash
# pg_server.sh: a throwaway PostgreSQL server for tests, sourced by them.
#   pg_server_start DIR   initdb + start in DIR (made by the caller), on
#                         127.0.0.1 only, a free port, Unix socket in DIR;
#                         sets PX_PG_URL (database "parallax") and PX_PG_BIN;
#                         DIR's parents must let that user through (o+x)
#   pg_server_stop DIR    stops it (immediate) and leaves DIR to the caller
# Returns 77 (meson's skip) when no server binaries are installed. As root
# the server runs as the unprivileged postgres (or nobody) user, since
# initdb refuses root. Nothing is left running: callers trap the stop.
pg_server_bin() {
  local d dirs
  # PX_PG_BINDIR, when set, is the only place looked at (set it to an empty
  # folder to see a test skip).
  if [ -n "${PX_PG_BINDIR:-}" ]; then dirs=$PX_PG_BINDIR
  else dirs=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); fi
  for d in $dirs; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && { echo "$d"; return 0; }
  done
  return 1
}

pg_server_as() {
  if [ "$(id -u)" = 0 ]; then
    local u=postgres
    id "$u" >/dev/null 2>&1 || u=nobody
    setpriv --reuid="$u" --regid="$(id -g "$u")" --clear-groups -- "$@"
  else
    "$@"
  fi
}

pg_server_start() {
  local dir=$1 port
  PX_PG_BIN=$(pg_server_bin) || return 77
  if [ "$(id -u)" = 0 ]; then
    local u=postgres
    id "$u" >/dev/null 2>&1 || u=nobody
    chown "$u" "$dir"
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  pg_server_as "$PX_PG_BIN/initdb" -D "$dir/data" -A trust -U parallax -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  pg_server_as "$PX_PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$dir/server.log" >&2; return 1; }
  PX_PG_DIR=$dir
  PX_PG_PORT=$port
  "$PX_PG_BIN/psql" -q -h 127.0.0.1 -p "$port" -U parallax -d postgres \
    -c 'CREATE DATABASE parallax' >/dev/null || return 1
  PX_PG_URL="postgresql://parallax@127.0.0.1:$port/parallax"
  export PX_PG_URL PX_PG_BIN PX_PG_DIR PX_PG_PORT
}

# A further empty database on the same server; prints its URL.
pg_server_newdb() {
  "$PX_PG_BIN/psql" -q -h 127.0.0.1 -p "$PX_PG_PORT" -U parallax -d postgres \
    -c "CREATE DATABASE $1" >/dev/null && echo "postgresql://parallax@127.0.0.1:$PX_PG_PORT/$1"
}

pg_server_stop() {
  [ -n "${PX_PG_BIN:-}" ] && [ -d "$1/data" ] &&
    pg_server_as "$PX_PG_BIN/pg_ctl" -D "$1/data" -m immediate -w stop >/dev/null 2>&1
  return 0
}
