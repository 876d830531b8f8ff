# Shared by the scripts here: start a stockring server in its own JVM, wait until it serves.
# Usage (sourced): start_server PORT DURABILITY [serve flags...]; stop_server
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
opts=$(grep -v '^[[:space:]]*\(#\|$\)' "$here/server/jvm.options" | tr '\n' ' ')
cp="$here/server/target/stockring-server-0.1.0-SNAPSHOT.jar:$here/server/target/lib/*"
work="${TMPDIR:-/tmp}/stockring-bench-$$"
mkdir -p "$work"
# SERVER_RESERVATIONS: how many reservations the server holds (request ids: twice as many); the
# record rings are written out in full when the server starts, ~0.5 GB per million.
reservations=${SERVER_RESERVATIONS:-4000000}
printf 'capacity.reservations=%d\ncapacity.request.ids=%d\nplanner.enabled=false\n' "$reservations" \
  "$((2 * reservations))" > "$work/server.properties"

# The server's metrics endpoint is on PORT + 1 ($metrics_port), for the generator's --metrics.
start_server() {
  local port=$1 durability=$2; shift 2
  metrics_port=$((port + 1))
  rm -rf "$work/data"
  # shellcheck disable=SC2086
  java $opts -Xmx1g ${SERVER_JAVA_OPTS:-} -cp "$cp" io.stockring.server.Main serve --config "$work/server.properties" \
    --durability "$durability" --data-dir "$work/data" --grpc-port "$port" --metrics-port "$metrics_port" "$@" > "$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do grep -q "serving" "$work/server.log" && break; sleep 0.5; done
  grep -q "serving" "$work/server.log" || { echo "server did not start: $work/server.log" >&2; return 1; }
  # A new data directory's snapshot replica writes its tables out (~2 GB, 20-30 s here) after the
  # server serves; a window measured during that measures the disk's first fill, not the server.
  for _ in $(seq 1 240); do grep -q "event=replica_opened" "$work/server.log" && return 0; sleep 0.5; done
  echo "snapshot replica did not open within 120 s: $work/server.log" >&2; return 1
}

# Stops the server and deletes its data directory (gigabytes: the record rings are written out in
# full); logs and results stay in $work.
stop_server() {
  if [[ -n "${server_pid:-}" ]]; then
    kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
  rm -rf "$work/data"
}
trap stop_server EXIT

load() {
  # shellcheck disable=SC2086
  java $opts ${LOAD_JAVA_OPTS:-} -cp "$here/bench/target/benchmarks.jar" io.stockring.bench.load.LoadMain "$@"
}
