#!/usr/bin/env bash
# Tick benchmark: does the metrics tick hold its rate (20 Hz) while Φ is computed?
#
#   karaf-assembly/bench/tick.sh               # SECONDS_PER_PHASE=60 by default
#
# Starts the built distribution and, after the first metrics report, reads the engine's tick statistics
# (intervals between ticks over the last 10 s: mean, p99, max, and the rate) from /api/health every 10 s:
#   idle   - the node alone, computing its own Φ every second;
#   loaded - the same while a client keeps POST /api/v1/metrics/compute busy with n = 13, T = 1200 windows
#            (the itests' reference window), i.e. Φ on the REST threads as fast as they go.
# Writes target/bench/tick.json.
set -euo pipefail
source "$(dirname "$0")/node.sh"
seconds=${SECONDS_PER_PHASE:-60}
window=$root/itests/src/test/resources/reference/kuramoto-k2-s03-seed7.csv
out=$root/target/bench/tick.json

sample() { # one line "mean p99 max rate" from the metrics component's health detail
    curl -s "http://127.0.0.1:$port/api/health" \
        | grep -oE 'tick [0-9.]+ Hz \(interval mean [0-9.]+ ms, p99 [0-9.]+ ms, max [0-9.]+ ms\)' \
        | sed -E 's/tick ([0-9.]+) Hz \(interval mean ([0-9.]+) ms, p99 ([0-9.]+) ms, max ([0-9.]+) ms\)/\2 \3 \4 \1/'
}

measure() { # phase name -> JSON object with every 10 s sample
    local name=$1 means=() p99s=() maxes=()
    for _ in $(seq 1 $((seconds / 10))); do
        sleep 10
        read -r mean p99 max _ <<< "$(sample)"
        means+=("$mean") p99s+=("$p99") maxes+=("$max")
        echo "$name: interval mean $mean ms, p99 $p99 ms, max $max ms" >&2
    done
    local worst
    worst=$(printf '%s\n' "${maxes[@]}" | sort -n | tail -1)
    echo "{\"interval_mean_ms\": [$(join_by_comma "${means[@]}")], \"interval_p99_ms\": [$(join_by_comma "${p99s[@]}")], \"interval_max_ms\": [$(join_by_comma "${maxes[@]}")], \"worst_max_ms\": $worst}"
}

unpack_node
# the load below comes from one client as fast as it can: lift the per-client rate limit for it
set_property "$work/etc/org.aegis.rest.cfg" requestsPerMinute 10000000
start_node
until curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/metrics" | grep -q 200; do sleep 0.5; done
idle=$(measure idle)

load() {
    while :; do
        curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: text/csv' --data-binary "@$window" \
            "http://127.0.0.1:$port/api/v1/metrics/compute" >> "$work/load.log"
    done
}
load & load_pid=$!
loaded=$(measure loaded)
kill "$load_pid" 2>/dev/null || true
wait "$load_pid" 2>/dev/null || true
phi_detail=$(curl -s "http://127.0.0.1:$port/api/health" | grep -oE 'every [0-9]+ ms \(last [^)]*\)' || true)
computed=$(grep -c '^200$' "$work/load.log" || true)
stop_node
rm -rf "$work"

cat > "$out" <<JSON
{
  "benchmark": "tick",
  "command": "karaf-assembly/bench/tick.sh (SECONDS_PER_PHASE=$seconds)",
  "measured": "intervals between metrics ticks at 20 Hz (50 ms ideal), each sample over the last 10 s, from /api/health",
  "machine": $(machine_json),
  "idle": $idle,
  "loaded_by_compute_requests": $loaded,
  "compute_requests_answered_200": $computed,
  "phi": "$phi_detail"
}
JSON
cat "$out"
