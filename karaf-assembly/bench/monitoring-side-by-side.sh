#!/usr/bin/env bash
# What monitoring costs, measured side by side: the four nodes of one network run the four modes at the same time
# (off, metrics, sampled, tracing: see monitoring-overhead.sh), each under the same REST load (1 client per node,
# GET /api/v1/node back to back), and each node's CPU per request is read over the same window. The machine's drift
# and other tenants then fall on all modes alike, and no mode is measured right after its node switched (a switch
# restarts the JAX-RS application and leaves the JIT recompiling for minutes, which the rotating benchmark could not
# wait out). Two phases, the modes moved by two nodes in the second, so each mode runs on two different nodes.
#
#   karaf-assembly/bench/monitoring-side-by-side.sh   # WARMUP_SECONDS=180 after each switch, WINDOWS=3 of 30 s
#
# Writes target/bench/monitoring-side-by-side.json.
set -euo pipefail
source "$(dirname "$0")/node.sh"
source "$(dirname "$0")/cluster.sh"
warmup=${WARMUP_SECONDS:-180}
windows=${WINDOWS:-3}
seconds=${SECONDS_PER_WINDOW:-30}
heap=256m
out=$root/target/bench/monitoring-side-by-side.json
classes=$root/target/bench/classes
scraper_pid=
sink_pid=
sink_port=$((${BENCH_CLUSTER_PORT:-19000} + 99))

loadavg() { cut -d' ' -f1-3 /proc/loadavg | sed 's/ /, /g'; }
console() { # i command
    echo "$2" | (cd "$(cluster_home "$1")" && bin/client -a $(($(cluster_port "$1") + 1)) -u bench -p bench \
        -r 10 -d 2 -b > /dev/null 2>&1)
}
tracing_switches() { grep -c "Tracing o[nf]" "$(cluster_home "$1")/data/log/karaf.log" || true; }

set_node_mode() { # i mode: monitoring bundle and tracing of node i; Karaf applies the edited etc/ file (fileinstall)
    local i=$1 enabled=false ratio=1 before
    case "$2" in sampled) enabled=true ratio=0.1 ;; tracing) enabled=true ratio=1 ;; esac
    before=$(tracing_switches "$i")
    set_property "$(cluster_home "$i")/etc/org.aegis.tracing.cfg" sampleRatio "$ratio"
    set_property "$(cluster_home "$i")/etc/org.aegis.tracing.cfg" enabled "$enabled"
    if [ "$2" = off ]; then console "$i" "bundle:stop org.aegis.monitoring"; else console "$i" "bundle:start org.aegis.monitoring"; fi
    for _ in $(seq 1 40); do [ "$(tracing_switches "$i")" -gt "$before" ] && break; sleep 0.5; done
}

stop_helpers() {
    local pid
    for pid in $scraper_pid $sink_pid; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    scraper_pid= sink_pid=
}
trap 'stop_helpers; stop_cluster; stop_node' EXIT INT TERM

mkdir -p "$classes"
javac -d "$classes" "$(dirname "$0")/RestLoad.java" "$(dirname "$0")/NodeCpu.java" "$(dirname "$0")/OtlpSink.java"
load_at_start=$(loadavg)
unpack_cluster 4 "$heap"
for i in 0 1 2 3; do
    set_property "$(cluster_home "$i")/etc/org.aegis.tracing.cfg" endpoint "http://127.0.0.1:$sink_port/v1/traces"
done
java -Xmx128m -cp "$classes" OtlpSink "$sink_port" > "$root/target/bench/otlp-sink.json" &
sink_pid=$!
start_cluster 4
( while :; do # Prometheus at scrape_interval 1s, on the nodes whose monitoring bundle is active (the others 404)
    for i in 0 1 2 3; do curl -s -o /dev/null "$(cluster_url "$i")/metrics"; done
    sleep 1
  done ) &
scraper_pid=$!

load() { # seconds-of-warm-up seconds: one client per node at once; prints one RestLoad JSON per node, in order
    local i files=() pids=()
    for i in 0 1 2 3; do
        files[$i]=$(mktemp)
        java -Xmx96m -cp "$classes" RestLoad "$(cluster_url "$i")/api/v1/node" "${cluster_token[$i]}" 1 "$1" "$2" \
            "${cluster_pids[$i]}" > "${files[$i]}" &
        pids+=($!)
    done
    wait "${pids[@]}"
    for i in 0 1 2 3; do cat "${files[$i]}"; rm -f "${files[$i]}"; done
}

modes_a=(off metrics sampled tracing)
modes_b=(sampled tracing off metrics)
results=()
for phase in a b; do
    declare -n modes=modes_$phase
    for i in 0 1 2 3; do set_node_mode "$i" "${modes[$i]}"; done
    echo "phase $phase: ${modes[*]}; warming up ${warmup}s under load" >&2
    load 0 "$warmup" > /dev/null
    for window in $(seq 1 "$windows"); do
        before=$(loadavg)
        mapfile -t measured < <(load 2 "$seconds")
        for i in 0 1 2 3; do
            echo "phase $phase window $window node $i ${modes[$i]}: ${measured[$i]}" >&2
            results+=("{\"phase\": \"$phase\", \"window\": $window, \"node\": $i, \"mode\": \"${modes[$i]}\", \"load_average_before\": [$before], \"rest\": ${measured[$i]}}")
        done
    done
done
stop_helpers
stop_cluster
rm -rf "$cluster_dir"
cat > "$out" <<JSON
{
  "benchmark": "monitoring-side-by-side",
  "command": "karaf-assembly/bench/monitoring-side-by-side.sh (WARMUP_SECONDS=$warmup, WINDOWS=$windows, SECONDS_PER_WINDOW=$seconds)",
  "measured": "4 validators on loopback over libp2p (heap $heap each), each in its own mode at the same time; 1 client per node, GET /api/v1/node back to back; each node's CPU per request over the same windows; phase a: nodes 0-3 in ${modes_a[*]}, phase b: ${modes_b[*]}",
  "machine": $(machine_json | sed "s/\"max_heap\": \"512m\"/\"max_heap\": \"$heap\"/"),
  "load_average_at_start": [$load_at_start],
  "runs": [
    $(IFS=$'\n'; echo "${results[*]}" | paste -sd, | sed 's/},{/},\n    {/g')
  ],
  "otlp_sink": $(cat "$root/target/bench/otlp-sink.json" 2>/dev/null || echo null)
}
JSON
cat "$out"
