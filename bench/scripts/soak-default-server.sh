#!/usr/bin/env bash
# A soak against the server as users run it (bench/RESULTS-load.md, "Soak"): `./stockring serve`
# with its default settings (sync, planner on, checkpoints on their schedule, default capacities),
# an open loop of unary Reserves, then the checkpoints the server logged during the window.
# Usage: soak-default-server.sh [DURATION] [RATE] [KEY=VALUE...]
#   KEY=VALUE lines go into the server's config file, e.g. checkpoint.interval.seconds=10 to see
#   many checkpoints in a short window. SERVER_JAVA_OPTS adds server JVM flags.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
duration=${1:-10m}; rate=${2:-5000}; shift 2 || shift $#
work="${TMPDIR:-/tmp}/stockring-soak-$$"
mkdir -p "$work"
printf '%s\n' "$@" > "$work/server.properties"
port=50097; metrics_port=50098

STOCKRING_JAVA_OPTS="${SERVER_JAVA_OPTS:-}" "$here/stockring" serve --data-dir "$work/data" \
  --grpc-port "$port" --metrics-port "$metrics_port" --config "$work/server.properties" > "$work/server.log" 2>&1 &
server_pid=$!
cleanup() {
  kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true
  rm -rf "$work/data"
}
trap cleanup EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$metrics_port/readyz" > /dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$metrics_port/readyz" > /dev/null || { echo "server did not start: $work/server.log" >&2; exit 1; }

"$here/stockring" bench load --target "127.0.0.1:$port" --metrics "127.0.0.1:$metrics_port" --mode open \
  --rate "$rate" --duration "$duration" --skus 100000 --json "$work/load.json" > "$work/load.txt" 2>&1 || true
kill -TERM "$server_pid"; wait "$server_pid" || true
grep -E '^  (window|latency|schedule|server|hiccups|error)|^  (verify|books):' "$work/load.txt" || tail -20 "$work/load.txt"
echo "per second (max latency): $(grep -c ' measure\]' "$work/load.txt") seconds," \
  "$(grep ' measure\]' "$work/load.txt" | awk '{m=$(NF-6); gsub(",","",m); if (m+0>10) n++} END {print n+0}') over 10 ms," \
  "$(grep ' measure\]' "$work/load.txt" | awk '{m=$(NF-6); gsub(",","",m); if (m+0>50) n++} END {print n+0}') over 50 ms"
echo "checkpoints (server log):"
grep -o 'event=checkpoint [^"]*' "$work/server.log" || echo "  none"
echo "logs and the JSON report: $work"
