# Starts and stops a throwaway PostgreSQL cluster on a free 127.0.0.1 port. Scripts source this
# file and define log and die first. start_postgres exports BERTH_TEST_POSTGRES_URL, _USER and
# _PASSWORD, and stop_postgres removes the cluster and its directory.

PG_SUPERUSER=berth
# Tests trade crash safety for speed. A benchmark sets this to the empty string, so its figures
# include durable commits.
PG_DURABILITY_OPTIONS=${PG_DURABILITY_OPTIONS-"-c fsync=off -c synchronous_commit=off \
-c full_page_writes=off"}

# Runs a command as the postgres user when we are root, because the server refuses to run as root.
as_pg_user() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Returns success when nothing accepts TCP connections on 127.0.0.1:$1.
port_is_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

PG_DIR=""
PG_BIN=""

stop_postgres() {
  if [[ -n $PG_DIR && -d $PG_DIR ]]; then
    if [[ -f $PG_DIR/data/postmaster.pid ]]; then
      log "stopping PostgreSQL"
      as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 ||
        log "pg_ctl stop failed; see $PG_DIR/server.log"
    fi
    rm -rf "$PG_DIR"
  fi
}

# Creates a directory that the postgres user can own and traverse, under TMPDIR or else /tmp.
make_pg_dir() {
  local base
  for base in "${TMPDIR:-/tmp}" /tmp; do
    PG_DIR=$(mktemp -d "$base/berth-test-pg.XXXXXX")
    chmod 0755 "$PG_DIR"
    if [[ $(id -u) -eq 0 ]]; then
      chown postgres: "$PG_DIR"
    fi
    if as_pg_user test -w "$PG_DIR" -a -x "$PG_DIR"; then
      return
    fi
    log "postgres cannot write to $PG_DIR (a parent directory is closed); trying /tmp"
    rm -rf "$PG_DIR"
    PG_DIR=""
  done
  die "no directory writable by the postgres user"
}

start_postgres() {
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -x $PG_BIN/initdb ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "user postgres missing; is the postgresql package installed?"
  fi
  make_pg_dir

  local password
  password=$(openssl rand -hex 24)
  printf '%s\n' "$password" >"$PG_DIR/pwfile"
  chmod 0600 "$PG_DIR/pwfile"
  [[ $(id -u) -ne 0 ]] || chown postgres: "$PG_DIR/pwfile"
  as_pg_user "$PG_BIN/initdb" -D "$PG_DIR/data" --locale=C -E UTF8 -U "$PG_SUPERUSER" \
    --pwfile="$PG_DIR/pwfile" --auth=scram-sha-256 --no-sync >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
  rm -f "$PG_DIR/pwfile"

  # A free port can be taken between the check and the bind, so retry a few random ports.
  local attempt port
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    port_is_free "$port" || continue
    if as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$PG_DIR" \
      ${PG_DURABILITY_OPTIONS:+-o "$PG_DURABILITY_OPTIONS"} \
      start >/dev/null; then
      export BERTH_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$port/postgres"
      export BERTH_TEST_POSTGRES_USER=$PG_SUPERUSER
      export BERTH_TEST_POSTGRES_PASSWORD=$password
      log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
      return
    fi
    log "PostgreSQL did not start on port $port (attempt $attempt)"
  done
  tail -n 20 "$PG_DIR/server.log" >&2 || true
  die "PostgreSQL did not start; log above"
}
