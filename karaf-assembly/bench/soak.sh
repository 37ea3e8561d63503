#!/usr/bin/env bash
# Overload soak: 4 validators over libp2p, each a separate distribution, driven for SOAK_SECONDS (600) by 4 clients
# (one per node) that keep IN_FLIGHT (128) proposals in flight each, twice the MAX_IN_FLIGHT (64) proposals of its
# own a node admits (maxProposalsInFlight). The excess must be refused at once (503 with Retry-After, which the
# clients obey) rather than queue, and every node's live heap must stay flat: each SAMPLE_SECONDS (60) the script
# takes a class histogram of each node (jcmd GC.class_histogram: a full GC, then the live objects' total).
#
#   karaf-assembly/bench/soak.sh    # SOAK_SECONDS=600 SAMPLE_SECONDS=60 IN_FLIGHT=128 MAX_IN_FLIGHT=64 SETTLE_SECONDS=60
#
# Writes target/bench/pbft-soak.json: the load's answers (decided per second, latency, the 503s) and the samples.
set -euo pipefail
source "$(dirname "$0")/node.sh"
source "$(dirname "$0")/cluster.sh"
seconds=${SOAK_SECONDS:-600}
sample_every=${SAMPLE_SECONDS:-60}
in_flight=${IN_FLIGHT:-128}
admitted=${MAX_IN_FLIGHT:-64}
warmup=30
heap=256m
out=$root/target/bench/pbft-soak.json
classes=$root/target/bench/classes
samples=$root/target/bench/pbft-soak-heap.txt

live_heap_kib() { # pid: the live objects, KiB: a class histogram collects first (a full GC) and sums what is left
    jcmd "$1" GC.class_histogram | awk '$1 == "Total" { printf "%d", $3 / 1024 }'
}

mkdir -p "$classes"
javac -d "$classes" "$(dirname "$0")/PbftLoad.java" "$(dirname "$0")/NodeCpu.java"
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg | sed 's/ /, /g')
unpack_cluster 4 "$heap"
for i in 0 1 2 3; do
    set_property "$(cluster_home "$i")/etc/org.aegis.consensus.pbft.cfg" maxProposalsInFlight "$admitted"
done
start_cluster 4
urls=() tokens=()
for i in 0 1 2 3; do urls+=("$(cluster_url "$i")") tokens+=("${cluster_token[$i]}"); done
# what a fresh node does once (the embedded model's first training, JIT) is over before the soak
sleep "${SETTLE_SECONDS:-60}"

: > "$samples"
started=$(date +%s)
(
    while :; do
        line="$(($(date +%s) - started))"
        for pid in "${cluster_pids[@]}"; do line="$line $(live_heap_kib "$pid")"; done
        echo "$line" >> "$samples"
        sleep "$sample_every"
    done
) &
sampler=$!
result=$(java -Xmx256m -cp "$classes" PbftLoad "$(join_by_comma "${urls[@]}")" "$(join_by_comma "${tokens[@]}")" \
    4 "$in_flight" 1024 "$warmup" "$seconds" soak "$(join_by_comma "${cluster_pids[@]}")")
kill "$sampler"
wait "$sampler" 2> /dev/null || true
final="$(($(date +%s) - started))"
for pid in "${cluster_pids[@]}"; do final="$final $(live_heap_kib "$pid")"; done
echo "$final" >> "$samples"
committed=$(curl -s "$(cluster_url 0)/api/v1/consensus" | grep -oE '"last_committed":[0-9]+' | cut -d: -f2)
load_at_end=$(cut -d' ' -f1-3 /proc/loadavg | sed 's/ /, /g')
stop_cluster
rm -rf "$cluster_dir"

heap_json=$(awk 'BEGIN { printf "[" } { printf "%s{\"second\": %d, \"live_heap_kib\": [%s, %s, %s, %s]}", (NR > 1 ? ", " : ""), $1, $2, $3, $4, $5 } END { printf "]" }' "$samples")
cat > "$out" <<JSON
{
  "benchmark": "pbft-soak",
  "command": "karaf-assembly/bench/soak.sh (SOAK_SECONDS=$seconds, SAMPLE_SECONDS=$sample_every, IN_FLIGHT=$in_flight, MAX_IN_FLIGHT=$admitted)",
  "measured": "4 validators over libp2p (heap $heap each), 4 clients, one per node, $in_flight proposals of 1 KiB in flight each through POST /api/v1/proposals?wait=30 for $seconds s after a ${warmup} s warm-up; a node admits $admitted of its own undecided proposals and refuses the rest with 503 + Retry-After, which the clients obey; live heap of each node (the total of a class histogram, taken after a full GC)",
  "machine": $(machine_json | sed "s/\"max_heap\": \"512m\"/\"max_heap\": \"$heap\"/"),
  "load_average_at_start": [$load_at_start],
  "load_average_at_end": [$load_at_end],
  "decisions_at_node0": $committed,
  "load": $result,
  "live_heap": $heap_json
}
JSON
cat "$out"
