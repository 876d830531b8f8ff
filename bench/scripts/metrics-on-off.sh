#!/usr/bin/env bash
# Metrics on vs off (bench/RESULTS-metrics.md): unary, async, own server JVM, rounds alternating
# which side goes first. Build first (./stockring build). Usage: metrics-on-off.sh [ROUNDS]
set -euo pipefail
source "$(dirname "$0")/server-jvm.sh"
for r in $(seq 1 "${1:-6}"); do
  order="on off"; (( r % 2 )) || order="off on"
  for mode in $order; do
    flags=(); [[ $mode == off ]] && flags=(--no-metrics)
    start_server 50081 async "${flags[@]}"
    load --target 127.0.0.1:50081 --durability async --skus 10000 --warmup 4s --duration 12s --no-books \
      > "$work/load-$mode-$r.txt" 2>&1
    echo "round $r $mode $(grep -m1 -E 'window [0-9.]+ s  ok' "$work/load-$mode-$r.txt")"
    stop_server
  done
done
