#!/usr/bin/env bash
# Issue 3's comparison (--compare-empty: empty handler, unary Reserve, open loop at half the empty
# rate, ReserveStream) with the server in its own JVM, as a load tester runs it against a real
# server process; bench/RESULTS-load.md. Build first (./stockring build).
# Usage: compare-empty-own-jvm.sh [sync|async] [load flags...]; SERVER_JAVA_OPTS and LOAD_JAVA_OPTS
# add JVM flags, SERVER_RESERVATIONS the server's capacity (default 10 M: the stream phase holds
# about 8 M reservations).
set -euo pipefail
export SERVER_RESERVATIONS=${SERVER_RESERVATIONS:-10000000}
source "$(dirname "$0")/server-jvm.sh"
durability=${1:-sync}; shift || true
start_server 50097 "$durability"
load --target 127.0.0.1:50097 --durability "$durability" --compare-empty --metrics "127.0.0.1:$metrics_port" "$@" \
  > "$work/compare-empty.txt" 2>&1 || true
stop_server
grep -E '^phase|window [0-9.]+ s|server:|hiccups|target (>=|<)|verify:|books:' "$work/compare-empty.txt" || true
echo "full report: $work/compare-empty.txt"
