# Start and stop a throwaway PostgreSQL cluster on loopback (sourced by .ci/run and benchmarks).
# initdb refuses to run as root, so server commands run as the postgres user.

POSTGRES_PORT="${POSTGRES_PORT:-54329}"
POSTGRES_URL="postgresql://postgres@127.0.0.1:${POSTGRES_PORT}/postgres"

_pg_bin() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$bin" ]; then
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    echo "$bin"
}

start_postgres() {
    PG_BIN=$(_pg_bin)
    PG_DATA=$(mktemp -d /tmp/mentorbot-pg.XXXXXX)
    chown postgres:postgres "$PG_DATA"
    local as_postgres=()
    [ "$(id -u)" = 0 ] && as_postgres=(runuser -u postgres --)
    "${as_postgres[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust >/dev/null
    "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w \
        -o "-p $POSTGRES_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
    export POSTGRES_URL PG_BIN PG_DATA
    echo "PostgreSQL up at $POSTGRES_URL"
}

stop_postgres() {
    [ -n "${PG_DATA:-}" ] || return 0
    local as_postgres=()
    [ "$(id -u)" = 0 ] && as_postgres=(runuser -u postgres --)
    "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PG_DATA"
}
