#!/usr/bin/env bash
# Restart after a process crash (bench/RESULTS-load.md, "Restart"): `./stockring serve` with its
# default settings, 100,000 SKUs and about 1,000,000 reservations held (ReserveStream), SIGKILL,
# then the same command again: how long until it serves (readyz), and where the time went (the
# server's own log lines). Build first (./stockring build).
# Usage: restart-after-kill.sh [RESERVATIONS] [KEY=VALUE...]  (config lines for the server)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
held=${1:-1000000}; shift || true
work="${TMPDIR:-/tmp}/stockring-restart-$$"
mkdir -p "$work"
printf '%s\n' "$@" > "$work/server.properties"
port=50099; metrics_port=50100

serve() {
  "$here/stockring" serve --data-dir "$work/data" --grpc-port "$port" --metrics-port "$metrics_port" \
    --config "$work/server.properties" > "$work/$1.log" 2>&1 &
  server_pid=$!
}
cleanup() {
  [[ -n "${server_pid:-}" ]] && { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  rm -rf "$work/data"
}
trap cleanup EXIT
# Seconds from now until the server answers readyz (fails after 300 s).
until_ready() {
  local start; start=$(date +%s%N)
  for _ in $(seq 1 3000); do
    curl -sf "http://127.0.0.1:$metrics_port/readyz" > /dev/null && { echo "scale=2; ($(date +%s%N) - $start) / 1000000000" | bc; return 0; }
    sleep 0.1
  done
  echo "server did not start: $work/$2.log" >&2; return 1
}

serve first
echo "first start (creates the ledger and the replica): $(until_ready first first) s"
rate=$((held / 10))
"$here/stockring" bench load --target "127.0.0.1:$port" --transport stream --mode open --rate "$rate" \
  --warmup 1s --duration 9s --no-books > "$work/fill.txt" 2>&1 || echo "(the fill fell short of its rate: see the held count)"
metric() { curl -sf "http://127.0.0.1:$metrics_port/metrics" | awk -v m="$1" '$1 == m || index($1, m "{") == 1 {print $2}'; }
echo "held before the kill: $(metric stockring_reservations_held)"
kill -KILL "$server_pid"; wait "$server_pid" 2>/dev/null || true

serve second
echo "restart after SIGKILL, to ready: $(until_ready second second) s"
echo "held after: $(metric stockring_reservations_held)"
echo "where the time went (server log):"
grep -o 'event=\(ledger_opened\|recovered\|security\|started\|replica_opened\)[^"]*' "$work/second.log" | sed 's/^/  /'
echo "logs: $work"
