#!/usr/bin/env bash
# Open-loop latency with the server in its own JVM (bench/RESULTS-load.md): one server, one
# window per rate. Build first (./stockring build). Usage: open-loop-own-jvm.sh [sync|async] [RATE...]
# SERVER_JAVA_OPTS adds server JVM flags (e.g. -Xlog:gc:file=gc.log), LOAD_JAVA_OPTS the load
# generator's; extra serve flags: SERVE_FLAGS.
set -euo pipefail
source "$(dirname "$0")/server-jvm.sh"
durability=${1:-sync}; shift || true
rates=("$@"); (( ${#rates[@]} )) || rates=(5000 10000 13000)
# shellcheck disable=SC2086
start_server 50095 "$durability" ${SERVE_FLAGS:-}
for rate in "${rates[@]}"; do
  load --target 127.0.0.1:50095 --durability "$durability" --skus 10000 --mode open --rate "$rate" \
    --max-in-flight 256 --warmup 10s --duration 15s --no-books --metrics "127.0.0.1:$metrics_port" \
    > "$work/open-$rate.txt" 2>&1
  echo "rate $rate: $(grep -m1 -E 'window [0-9.]+ s  ok' "$work/open-$rate.txt") | $(grep -m1 'latency ms' "$work/open-$rate.txt")"
  echo "  generator's $(grep -m1 'hiccups (this JVM)' "$work/open-$rate.txt" | sed 's/^ *//')"
  echo "  $(grep -m1 'server:' "$work/open-$rate.txt" | sed 's/^ *//')"
done
stop_server
