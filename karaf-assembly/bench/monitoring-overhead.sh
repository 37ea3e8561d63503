#!/usr/bin/env bash
# What monitoring costs: REST latency and PBFT decisions per second with the monitoring bundle active and scraped
# (as Prometheus would, every second, on every node) against the bundle stopped. The bundles' own instruments
# (counters and histograms behind MetricSource) stay in both: they are a few LongAdder increments on the hot paths,
# which the "off" runs therefore include; what is switched is everything the monitoring bundle does (the request
# timing filter, the collectors, the scrapes).
#
#   karaf-assembly/bench/monitoring-overhead.sh      # ROUNDS=4, SECONDS_PER_RUN=20, WARMUP_SECONDS=5 by default
#
# Starts 4 nodes (256 MiB heap each) joined into one network (cluster.sh). A first round, not counted, warms the
# nodes' JIT up (the first minute of load runs markedly slower). Each round measures both modes, in the order on/off,
# then off/on in the next round, so drift of the machine falls on both alike:
#   - REST: 4 clients, back to back, GET /api/v1/node on node 0 (RestLoad.java): p50/p99 and requests per second;
#   - PBFT: 4 clients, one per node, 16 proposals of 100 B in flight each (PbftLoad.java): decisions per second and
#     proposal latency.
# Writes target/bench/monitoring-overhead.json with every run and the medians per mode.
set -euo pipefail
source "$(dirname "$0")/node.sh"
source "$(dirname "$0")/cluster.sh"
rounds=${ROUNDS:-4}
seconds=${SECONDS_PER_RUN:-20}
warmup=${WARMUP_SECONDS:-5}
heap=256m
out=$root/target/bench/monitoring-overhead.json
classes=$root/target/bench/classes
scraper_pid=

loadavg() { cut -d' ' -f1-3 /proc/loadavg | sed 's/ /, /g'; }

on_every_node() { # command: a console command on every node
    local i
    for i in 0 1 2 3; do
        echo "$1" | (cd "$(cluster_home "$i")" && bin/client -a $(($(cluster_port "$i") + 1)) -u bench -p bench \
            -r 10 -d 2 -b > /dev/null 2>&1)
    done
}

stop_scraper() {
    if [ -n "$scraper_pid" ]; then
        kill "$scraper_pid" 2>/dev/null || true
        wait "$scraper_pid" 2>/dev/null || true
        scraper_pid=
    fi
}
trap 'stop_scraper; stop_cluster; stop_node' EXIT INT TERM

set_mode() { # on | off
    local i
    stop_scraper
    if [ "$1" = on ]; then
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
javac -d "$classes" "$(dirname "$0")/PbftLoad.java" "$(dirname "$0")/RestLoad.java"
load_at_start=$(loadavg)
unpack_cluster 4 "$heap"
start_cluster 4
urls=() tokens=()
for i in 0 1 2 3; do urls+=("$(cluster_url "$i")") tokens+=("${cluster_token[$i]}"); done

number() { # key: the first number under that key in the JSON on stdin
    grep -oE "\"$1\": [0-9.]+" | head -1 | grep -oE '[0-9.]+$'
}

record() { # mode rest pbft: one round's figures, kept per mode for the medians
    local -n p50=rest_p50_$1 p99=rest_p99_$1 rps=rest_rps_$1 dps=pbft_dps_$1 proposal_p99=pbft_p99_$1
    p50+=("$(echo "$2" | number p50)") p99+=("$(echo "$2" | number p99)")
    rps+=("$(echo "$2" | number requests_per_second)")
    dps+=("$(echo "$3" | number decisions_per_second)") proposal_p99+=("$(echo "$3" | number p99)")
}

runs=()
rest_p50_on=() rest_p99_on=() rest_rps_on=() pbft_dps_on=() pbft_p99_on=()
rest_p50_off=() rest_p99_off=() rest_rps_off=() pbft_dps_off=() pbft_p99_off=()
for round in $(seq 0 "$rounds"); do
    modes=(on off)
    [ $((round % 2)) = 0 ] && modes=(off on)
    for mode in "${modes[@]}"; do
        set_mode "$mode"
        before=$(loadavg)
        rest=$(java -Xmx128m -cp "$classes" RestLoad "$(cluster_url 0)/api/v1/node" "${cluster_token[0]}" 4 \
            "$warmup" "$seconds")
        pbft=$(java -Xmx128m -cp "$classes" PbftLoad "$(join_by_comma "${urls[@]}")" \
            "$(join_by_comma "${tokens[@]}")" 4 16 100 "$warmup" "$seconds" "r$round-$mode")
        echo "round $round, monitoring $mode: REST $rest; PBFT $pbft" >&2
        [ "$round" = 0 ] && continue # warm-up
        record "$mode" "$rest" "$pbft"
        runs+=("{\"round\": $round, \"monitoring\": \"$mode\", \"load_average_before\": [$before], \"load_average_after\": [$(loadavg)], \"rest\": $rest, \"pbft\": $pbft}")
    done
done
stop_scraper
stop_cluster
rm -rf "$cluster_dir"

summary() { # mode: the medians over the rounds of that mode
    local -n p50=rest_p50_$1 p99=rest_p99_$1 rps=rest_rps_$1 dps=pbft_dps_$1 proposal_p99=pbft_p99_$1
    echo "{\"rest_p50_ms\": $(printf '%s\n' "${p50[@]}" | median), \"rest_p99_ms\": $(printf '%s\n' "${p99[@]}" | median),"\
        "\"rest_requests_per_second\": $(printf '%s\n' "${rps[@]}" | median),"\
        "\"decisions_per_second\": $(printf '%s\n' "${dps[@]}" | median),"\
        "\"proposal_p99_ms\": $(printf '%s\n' "${proposal_p99[@]}" | median)}"
}

cat > "$out" <<JSON
{
  "benchmark": "monitoring-overhead",
  "command": "karaf-assembly/bench/monitoring-overhead.sh (ROUNDS=$rounds, SECONDS_PER_RUN=$seconds, WARMUP_SECONDS=$warmup)",
  "measured": "4 validators on loopback over libp2p (heap $heap each); per round and mode: 4 clients GET /api/v1/node back to back on node 0, then 4 clients (one per node) with 16 proposals of 100 B in flight; on = monitoring bundle active and /metrics of every node scraped every second, off = bundle:stop org.aegis.monitoring on every node",
  "machine": $(machine_json | sed "s/\"max_heap\": \"512m\"/\"max_heap\": \"$heap\"/"),
  "load_average_at_start": [$load_at_start],
  "runs": [
    $(IFS=$'\n'; echo "${runs[*]}" | paste -sd, | sed 's/},{/},\n    {/g')
  ],
  "median": {"on": $(summary on), "off": $(summary off)}
}
JSON
cat "$out"
