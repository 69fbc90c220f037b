# Starts a private PostgreSQL server for the tests (Debian's packages), unless
# STEUNPUNT_TEST_POSTGRES_URL already names one. Exports that variable and stops the
# server when the calling script exits. Source this file; do not run it.

# The first port from $1 on that nothing listens on, so a server left running (or another
# checkout's) is no obstacle.
free_port() {
  local port="$1"
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

start_test_postgres() {
  if [ -n "${STEUNPUNT_TEST_POSTGRES_URL:-}" ]; then
    echo "Using PostgreSQL at ${STEUNPUNT_TEST_POSTGRES_URL%%@*}@… (STEUNPUNT_TEST_POSTGRES_URL)"
    return
  fi
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ]; then
    echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2
    return 1
  fi
  local port="${STEUNPUNT_TEST_POSTGRES_PORT:-54329}"
  port=$(free_port "$port")
  PG_TEST_DIR=$(mktemp -d /tmp/steunpunt-pg.XXXXXX)
  PG_TEST_BIN="$bin"
  PG_TEST_RUN_AS=""
  local run_as=()
  if [ "$(id -u)" = "0" ]; then
    # initdb refuses to run as root: the cluster belongs to the postgres user.
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_TEST_DIR"
    run_as=(runuser -u postgres --)
  fi
  PG_TEST_RUN_AS="${run_as[*]}"
  "${run_as[@]}" "$bin/initdb" -D "$PG_TEST_DIR/data" -U steunpunt --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # PostgreSQL cannot bind port 0: a port found free can be taken before the server binds
  # it, so a start that fails for a taken port is tried again on the next free one.
  # max_connections: the Swift suite runs every test at once, each PostgreSQL test with a
  # database and a pool of its own (up to ten connections); at 300 the server refused
  # thousands of connections in every full run ("too many clients"), and now and then a
  # test failed on it.
  local tries=0
  until "${run_as[@]}" "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/log" -w \
      -o "-p $port -k $PG_TEST_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=1000" start >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -ge 10 ] || ! grep -q "Address already in use" "$PG_TEST_DIR/log"; then
      cat "$PG_TEST_DIR/log" >&2
      return 1
    fi
    port=$(free_port $((port + 1)))
  done
  export STEUNPUNT_TEST_POSTGRES_URL="postgres://steunpunt@127.0.0.1:$port/postgres"
  echo "Started PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $port"
}

stop_test_postgres() {
  if [ -n "${PG_TEST_DIR:-}" ]; then
    ${PG_TEST_RUN_AS:-} "${PG_TEST_BIN:-}/pg_ctl" -D "$PG_TEST_DIR/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PG_TEST_DIR"
  fi
}
