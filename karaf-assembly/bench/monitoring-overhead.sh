#!/usr/bin/env bash
# What monitoring costs: the nodes' CPU per request and per decision, REST latency and PBFT decisions per second in
# four modes,
#   off      the monitoring bundle stopped and tracing off (the default);
#   metrics  the monitoring bundle active and scraped (as Prometheus would, every second, on every node);
#   sampled  metrics as above, and tracing on with sampleRatio 0.1 (one trace in ten recorded, as in production),
#            exported over OTLP/HTTP to a sink on loopback (OtlpSink.java, which drops what it receives: the nodes'
#            cost, not a collector's);
#   tracing  the same with every trace recorded (sampleRatio 1).
# The bundles' own instruments (counters and histograms behind MetricSource) stay in every mode: they are a few
# LongAdder increments on the hot paths, which the "off" runs therefore include; what is switched is everything the
# monitoring bundle does (the request timing filter, the collectors, the scrapes) and the tracing bundle's spans.
#
#   karaf-assembly/bench/monitoring-overhead.sh   # ROUNDS=3, WARMUP_ROUNDS=1, SECONDS_PER_RUN=20, WARMUP_SECONDS=5
#   REST_CLIENTS=1 LOADS=rest karaf-assembly/bench/monitoring-overhead.sh   # REST only, one client: a quieter machine
#   PIN=0 karaf-assembly/bench/monitoring-overhead.sh   # no CPU pinning (see below)
#
# Starts 4 nodes (256 MiB heap each) joined into one network (cluster.sh). The first WARMUP_ROUNDS rounds, not
# counted, warm the nodes' JIT up (the first minutes of load run markedly slower). Each round measures the four
# modes, in an order that rotates from round to round, so drift of the machine falls on all alike:
#   - REST: 4 clients, back to back, GET /api/v1/node on node 0 (RestLoad.java): node 0's CPU per request, p50/p99
#     and requests per second;
#   - PBFT: 4 clients, one per node, 16 proposals of 100 B in flight each (PbftLoad.java): the 4 nodes' CPU per
#     decision, decisions per second and proposal latency. Every REST call is a root trace in the tracing modes;
#     every proposal a trace across the 4 nodes.
# The CPU figures (NodeCpu.java: the OS's accounting of the node processes) are what the overhead is read from.
# With PIN=1 (the default on a machine of 2 or more cores) the REST runs give node 0 a core of its own (CPU 1, with
# taskset) and put the clients, the scraper, the sink and the other nodes on CPU 0, so node 0's latency and throughput
# are its own and not the clients'; the PBFT runs let every node use every core again. Unpinned, the load generators
# share the cores with the nodes, and latency and throughput swing by tens of percent from run to run.
# Writes target/bench/monitoring-overhead.json with every run, the medians per mode and each mode's CPU overhead.
set -euo pipefail
source "$(dirname "$0")/node.sh"
source "$(dirname "$0")/cluster.sh"
rounds=${ROUNDS:-3}
warmup_rounds=${WARMUP_ROUNDS:-1}
seconds=${SECONDS_PER_RUN:-20}
warmup=${WARMUP_SECONDS:-5}
rest_clients=${REST_CLIENTS:-4}
loads=${LOADS:-rest pbft}
pin=${PIN:-$([ "$(nproc)" -ge 2 ] && echo 1 || echo 0)}
heap=256m
out=$root/target/bench/monitoring-overhead.json
classes=$root/target/bench/classes
scraper_pid=
sink_pid=
sink_port=$((${BENCH_CLUSTER_PORT:-19000} + 99))

loadavg() { cut -d' ' -f1-3 /proc/loadavg | sed 's/ /, /g'; }

on_every_node() { # command: a console command on every node
    local i
    for i in 0 1 2 3; do
        echo "$1" | (cd "$(cluster_home "$i")" && bin/client -a $(($(cluster_port "$i") + 1)) -u bench -p bench \
            -r 10 -d 2 -b > /dev/null 2>&1)
    done
}

pin() { # cpus pid: every thread of the process; a thread that ends meanwhile fails taskset, so try again
    local attempt
    for attempt in 1 2 3 4 5; do
        taskset -a -p -c "$1" "$2" > /dev/null 2>&1 && return 0
    done
    echo "could not pin process $2 to CPU $1" >&2
    return 1
}
pin_for_rest() { # node 0 alone on CPU 1, the other nodes and the scraper on CPU 0 (every thread: taskset -a)
    local i
    [ "$pin" = 1 ] || return 0
    pin 1 "${cluster_pids[0]}"
    for i in 1 2 3; do pin 0 "${cluster_pids[$i]}"; done
    if [ -n "$scraper_pid" ]; then taskset -p -c 0 "$scraper_pid" > /dev/null; fi
}
unpin() { # every node on every core, for the PBFT runs
    local i
    [ "$pin" = 1 ] || return 0
    for i in 0 1 2 3; do pin "0-$(($(nproc) - 1))" "${cluster_pids[$i]}"; done
}
# the REST clients and the sink run beside the other nodes, not on node 0's core (a prefix, so $! is the java's pid)
client_core=()
[ "$pin" = 1 ] && client_core=(taskset -c 0)

stop_scraper() {
    if [ -n "$scraper_pid" ]; then
        kill "$scraper_pid" 2>/dev/null || true
        wait "$scraper_pid" 2>/dev/null || true
        scraper_pid=
    fi
}
stop_sink() {
    if [ -n "$sink_pid" ]; then
        kill "$sink_pid" 2>/dev/null || true
        wait "$sink_pid" 2>/dev/null || true
        sink_pid=
    fi
}
trap 'stop_scraper; stop_sink; stop_cluster; stop_node' EXIT INT TERM

tracing_switches() { # i: how often node i's tracing component started so far
    grep -c "Tracing o[nf]" "$(cluster_home "$1")/data/log/karaf.log" || true
}

set_tracing() { # enabled sampleRatio: Karaf applies the edited etc/ file on every node (fileinstall)
    local i before
    for i in 0 1 2 3; do
        before[$i]=$(tracing_switches "$i")
        set_property "$(cluster_home "$i")/etc/org.aegis.tracing.cfg" sampleRatio "$2"
        set_property "$(cluster_home "$i")/etc/org.aegis.tracing.cfg" enabled "$1"
    done
    for i in 0 1 2 3; do
        until [ "$(tracing_switches "$i")" -gt "${before[$i]}" ]; do sleep 0.5; done
    done
}

set_mode() { # off | metrics | sampled | tracing
    local i tracing
    stop_scraper
    case "$1" in
        sampled) tracing="true 0.1" ;;
        tracing) tracing="true 1" ;;
        *) tracing="false 1" ;;
    esac
    if [ "$tracing_now" != "$tracing" ]; then
        set_tracing $tracing
        tracing_now=$tracing
    fi
    if [ "$1" != off ]; then
        on_every_node "bundle:start org.aegis.monitoring"
        for i in 0 1 2 3; do
            until curl -sf "$(cluster_url "$i")/metrics" | grep -q aegis_http_server_request_duration_seconds; do
                curl -s -o /dev/null "$(cluster_url "$i")/api/v1/node"
                sleep 0.5
            done
        done
        ( while :; do
            for i in 0 1 2 3; do curl -s -o /dev/null "$(cluster_url "$i")/metrics"; done
            sleep 1
          done ) &
        scraper_pid=$!
    else
        on_every_node "bundle:stop org.aegis.monitoring"
        for i in 0 1 2 3; do
            while [ "$(curl -s -o /dev/null -w '%{http_code}' "$(cluster_url "$i")/metrics")" = 200 ]; do sleep 0.5; done
        done
    fi
    sleep 5 # the JAX-RS application restarts when an extension leaves or joins
}

mkdir -p "$classes"
javac -d "$classes" "$(dirname "$0")/PbftLoad.java" "$(dirname "$0")/RestLoad.java" "$(dirname "$0")/NodeCpu.java" \
    "$(dirname "$0")/OtlpSink.java"
load_at_start=$(loadavg)
unpack_cluster 4 "$heap"
for i in 0 1 2 3; do
    set_property "$(cluster_home "$i")/etc/org.aegis.tracing.cfg" endpoint "http://127.0.0.1:$sink_port/v1/traces"
done
"${client_core[@]}" java -Xmx128m -cp "$classes" OtlpSink "$sink_port" > "$root/target/bench/otlp-sink.json" &
sink_pid=$!
start_cluster 4
tracing_now="false 1"
urls=() tokens=()
for i in 0 1 2 3; do urls+=("$(cluster_url "$i")") tokens+=("${cluster_token[$i]}"); done

number() { # key: the first number under that key in the JSON on stdin
    grep -oE "\"$1\": [0-9.]+" | head -1 | grep -oE '[0-9.]+$' || true # none when that load did not run
}

record() { # mode rest pbft: one round's figures, kept per mode for the medians
    local -n p50=rest_p50_$1 p99=rest_p99_$1 rps=rest_rps_$1 dps=pbft_dps_$1 proposal_p99=pbft_p99_$1 \
        rest_cpu=rest_cpu_$1 pbft_cpu=pbft_cpu_$1
    p50+=("$(echo "$2" | number p50)") p99+=("$(echo "$2" | number p99)")
    rps+=("$(echo "$2" | number requests_per_second)") rest_cpu+=("$(echo "$2" | number node_cpu_us_per_request)")
    dps+=("$(echo "$3" | number decisions_per_second)") proposal_p99+=("$(echo "$3" | number p99)")
    pbft_cpu+=("$(echo "$3" | number node_cpu_us_per_decision)")
}

runs=()
all_modes=(off metrics sampled tracing)
for mode in "${all_modes[@]}"; do
    declare -a "rest_p50_$mode=()" "rest_p99_$mode=()" "rest_rps_$mode=()" "pbft_dps_$mode=()" "pbft_p99_$mode=()" \
        "rest_cpu_$mode=()" "pbft_cpu_$mode=()"
done
for round in $(seq $((1 - warmup_rounds)) "$rounds"); do
    shift_by=$(((round + 4 * warmup_rounds) % 4))
    modes=("${all_modes[@]:$shift_by}" "${all_modes[@]:0:$shift_by}")
    for mode in "${modes[@]}"; do
        set_mode "$mode"
        before=$(loadavg)
        rest=null pbft=null
        if [[ " $loads " == *" rest "* ]]; then
            pin_for_rest
            rest=$("${client_core[@]}" java -Xmx128m -cp "$classes" RestLoad "$(cluster_url 0)/api/v1/node" \
                "${cluster_token[0]}" "$rest_clients" "$warmup" "$seconds" "${cluster_pids[0]}")
            unpin
        fi
        [[ " $loads " == *" pbft "* ]] && pbft=$(java -Xmx128m -cp "$classes" PbftLoad "$(join_by_comma "${urls[@]}")" \
            "$(join_by_comma "${tokens[@]}")" 4 16 100 "$warmup" "$seconds" "r$round-$mode" \
            "$(join_by_comma "${cluster_pids[@]}")")
        echo "round $round, mode $mode: REST $rest; PBFT $pbft" >&2
        [ "$round" -le 0 ] && continue # warm-up
        record "$mode" "$rest" "$pbft"
        runs+=("{\"round\": $round, \"mode\": \"$mode\", \"load_average_before\": [$before], \"load_average_after\": [$(loadavg)], \"rest\": $rest, \"pbft\": $pbft}")
    done
done
stop_scraper
stop_cluster
stop_sink
rm -rf "$cluster_dir"

summary() { # mode: the medians over the rounds of that mode
    local -n p50=rest_p50_$1 p99=rest_p99_$1 rps=rest_rps_$1 dps=pbft_dps_$1 proposal_p99=pbft_p99_$1 \
        rest_cpu=rest_cpu_$1 pbft_cpu=pbft_cpu_$1
    echo "{\"rest_node_cpu_us_per_request\": $(printf '%s\n' "${rest_cpu[@]}" | median),"\
        "\"rest_p50_ms\": $(printf '%s\n' "${p50[@]}" | median), \"rest_p99_ms\": $(printf '%s\n' "${p99[@]}" | median),"\
        "\"rest_requests_per_second\": $(printf '%s\n' "${rps[@]}" | median),"\
        "\"pbft_nodes_cpu_us_per_decision\": $(printf '%s\n' "${pbft_cpu[@]}" | median),"\
        "\"decisions_per_second\": $(printf '%s\n' "${dps[@]}" | median),"\
        "\"proposal_p99_ms\": $(printf '%s\n' "${proposal_p99[@]}" | median)}"
}

overhead() { # mode: how much more CPU per request and per decision than off, in percent of off's medians
    local -n rest_cpu=rest_cpu_$1 pbft_cpu=pbft_cpu_$1 rest_off=rest_cpu_off pbft_off=pbft_cpu_off
    local rest now base
    rest=$(printf '%s\n' "${rest_cpu[@]}" | median) base=$(printf '%s\n' "${rest_off[@]}" | median)
    now=$(printf '%s\n' "${pbft_cpu[@]}" | median)
    awk -v r="$rest" -v rb="$base" -v p="$now" -v pb="$(printf '%s\n' "${pbft_off[@]}" | median)" '
        function percent(now, base) { return base == "null" ? "null" : sprintf("%.1f", 100 * (now - base) / base) }
        BEGIN { printf "{\"rest_cpu_per_request_percent\": %s, \"pbft_cpu_per_decision_percent\": %s}", percent(r, rb), percent(p, pb) }'
}

cat > "$out" <<JSON
{
  "benchmark": "monitoring-overhead",
  "command": "karaf-assembly/bench/monitoring-overhead.sh (ROUNDS=$rounds, WARMUP_ROUNDS=$warmup_rounds, SECONDS_PER_RUN=$seconds, WARMUP_SECONDS=$warmup, PIN=$pin)",
  "measured": "4 validators on loopback over libp2p (heap $heap each); loads: $loads; per round and mode: $rest_clients client(s) GET /api/v1/node back to back on node 0 (node 0's CPU per request; with PIN=1 node 0 alone on CPU 1, clients and the other nodes on CPU 0), then 4 clients (one per node) with 16 proposals of 100 B in flight (the 4 nodes' CPU per decision); off = bundle:stop org.aegis.monitoring and tracing off on every node, metrics = monitoring bundle active and /metrics of every node scraped every second, sampled = metrics and tracing on at sampleRatio 0.1, tracing = metrics and tracing on at sampleRatio 1 (every REST call and every proposal traced), both exporting over OTLP/HTTP to a sink on loopback",
  "machine": $(machine_json | sed "s/\"max_heap\": \"512m\"/\"max_heap\": \"$heap\"/"),
  "load_average_at_start": [$load_at_start],
  "runs": [
    $(IFS=$'\n'; echo "${runs[*]}" | paste -sd, | sed 's/},{/},\n    {/g')
  ],
  "otlp_sink": $(cat "$root/target/bench/otlp-sink.json"),
  "median": {"off": $(summary off), "metrics": $(summary metrics), "sampled": $(summary sampled), "tracing": $(summary tracing)},
  "cpu_overhead_against_off": {"metrics": $(overhead metrics), "sampled": $(overhead sampled), "tracing": $(overhead tracing)}
}
JSON
cat "$out"
