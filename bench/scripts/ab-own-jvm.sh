#!/usr/bin/env bash
# Two builds side by side, interleaved (A B A B ...), each against its own server in its own JVM:
# unary Reserve (closed, 64 in flight), the empty handler, then ReserveStream (8,192 in flight).
# On a shared machine only ratios of one sitting mean anything; interleaving spreads its drift
# over both builds. Each DIR is a built checkout (./stockring build).
# Usage: ab-own-jvm.sh DIR_A DIR_B [DIR_A DIR_B ...]
set -uo pipefail
run=0
for dir in "$@"; do
  run=$((run + 1))
  export TMPDIR="${AB_WORK:-/tmp/stockring-ab-$$}/run$run"; mkdir -p "$TMPDIR"
  (
    source "$dir/bench/scripts/server-jvm.sh"
    start_server 50197 sync
    common=(--target 127.0.0.1:50197 --durability sync --mode closed --metrics "127.0.0.1:$metrics_port")
    load "${common[@]}" --scenario uniform --concurrency 64 --warmup 4s --duration 8s > "$work/unary.txt" 2>&1
    load "${common[@]}" --scenario empty --concurrency 64 --warmup 3s --duration 8s > "$work/empty.txt" 2>&1
    load "${common[@]}" --scenario uniform --transport stream --concurrency 8192 --batch-size 1024 \
      --batches-in-flight 8 --warmup 4s --duration 8s > "$work/stream.txt" 2>&1
    stop_server
    echo "== run $run: $dir"
    for phase in unary empty stream; do
      echo "  $phase: $(grep -m1 -E '^\s*window' "$work/$phase.txt" | sed 's/^ *//')"
    done
  )
done
