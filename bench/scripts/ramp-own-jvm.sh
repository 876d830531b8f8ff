#!/usr/bin/env bash
# The capacity to plan with: open-loop steps of unary Reserve from RATE, x1.25 each, until a
# step's p99 passes LIMIT (bench/RESULTS-load.md), with the server in its own JVM. Build first
# (./stockring build). Usage: ramp-own-jvm.sh [sync|async] [RATE] [LIMIT] [load flags...]
set -euo pipefail
source "$(dirname "$0")/server-jvm.sh"
durability=${1:-sync}; rate=${2:-5000}; limit=${3:-5ms}; shift 3 || shift $#
start_server 50093 "$durability"
load --target 127.0.0.1:50093 --durability "$durability" --mode open --ramp --rate "$rate" --ramp-step 1.25 \
  --p99-limit "$limit" --warmup 5s --duration 10s --no-books --metrics "127.0.0.1:$metrics_port" "$@" \
  > "$work/ramp.txt" 2>&1 || true
stop_server
grep -E '^phase|window [0-9.]+ s|latency ms|ramp|held' "$work/ramp.txt" || true
echo "full report: $work/ramp.txt"
