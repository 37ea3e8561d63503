#!/usr/bin/env bash
# PBFT over libp2p: decisions per second and proposal latency with 4 validators, each a separate distribution of
# the built product, talking over the libp2p transport on loopback.
#
#   karaf-assembly/bench/pbft-libp2p.sh          # SECONDS_PER_RUN=15, WARMUP_SECONDS=5, JIT_WARMUP_SECONDS=0 by default
#   BATCH_SIZES=64 PAYLOADS="100 1024" IN_FLIGHT="1 16" karaf-assembly/bench/pbft-libp2p.sh   # only these cells
#   AEGIS_DIST=old.tar.gz OUT=target/bench/before.json PROFILE_DIR=target/bench/jfr-before karaf-assembly/bench/pbft-libp2p.sh
#
# AEGIS_DIST measures another build (node.sh), OUT names the JSON written, PROFILE_DIR records each node with Java
# Flight Recorder (profile settings) during every cell, one file per cell and node, and summarises where the CPU went
# (JfrProfile.java) into PROFILE_DIR/profile.json.
#
# Starts 4 nodes (256 MiB heap each) and joins them into one network (cluster.sh). For each maxBatchSize (1, 16, 64,
# set on the running engines through etc/org.aegis.consensus.pbft.cfg) and each payload size (100 B, 1 KiB,
# 10 KiB), 4 clients, one per node, drive proposals through the REST API (PbftLoad.java): first with 1 proposal in
# flight per client, then with 16. A proposal is timed from the POST to its 201, which the node sends once the
# proposal is decided there, so each latency includes an HTTP round trip and JSON on top of consensus.
# The machine may be busy: each run also records the load average and the CPU time the four node JVMs used, which
# less what they use idle (measured first, IDLE_SECONDS=20), gives the CPU cost of a decision (all four nodes
# together, including the REST path) whatever else runs.
# Writes target/bench/pbft-libp2p.json.
set -euo pipefail
source "$(dirname "$0")/node.sh"
source "$(dirname "$0")/cluster.sh"
seconds=${SECONDS_PER_RUN:-15}
warmup=${WARMUP_SECONDS:-5}
heap=256m
out=${OUT:-$root/target/bench/pbft-libp2p.json}
batch_sizes=${BATCH_SIZES:-1 16 64}  # the cells run: maxBatchSize, payload bytes, proposals in flight per client
payloads=${PAYLOADS:-100 1024 10240}
in_flights=${IN_FLIGHT:-1 16}
classes=$root/target/bench/classes

loadavg() { cut -d' ' -f1-3 /proc/loadavg | sed 's/ /, /g'; }

cpu_ms() { # CPU time (user + system) the node JVMs used so far, in ms: a figure the other load on the machine does
    local pid total=0 # not inflate
    for pid in "${cluster_pids[@]}"; do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
    done
    echo $((total * 1000 / $(getconf CLK_TCK)))
}

mkdir -p "$classes"
javac -d "$classes" "$(dirname "$0")/PbftLoad.java" "$(dirname "$0")/NodeCpu.java"
load_at_start=$(loadavg)
unpack_cluster 4 "$heap"
start_cluster 4
urls=() tokens=()
for i in 0 1 2 3; do urls+=("$(cluster_url "$i")") tokens+=("${cluster_token[$i]}"); done

# The JIT: four freshly started nodes on two cores keep C2 compiling for 3 - 4 minutes under load (about 45 % of the
# machine at first, docs/BENCHMARKS.md), so the first cells measure the warm-up too. JIT_WARMUP_SECONDS of load (16 in
# flight per client, discarded) first; off by default, since the decisions it adds grow the stores the cells then
# write to, and the figures stay comparable with earlier runs.
jit_warmup=${JIT_WARMUP_SECONDS:-0}
if [ "$jit_warmup" -gt 0 ]; then
    echo "warming up the JIT: $jit_warmup s of load" >&2
    java -Xmx128m -cp "$classes" PbftLoad "$(join_by_comma "${urls[@]}")" "$(join_by_comma "${tokens[@]}")" 4 16 1024 \
        0 "$jit_warmup" jit-warmup > /dev/null
fi

# what the nodes use with no proposals (metrics ticks at 20 Hz, Φ every second, gossip), subtracted below
idle_seconds=${IDLE_SECONDS:-20}
cpu_before=$(cpu_ms)
sleep "$idle_seconds"
idle_cpu_ms_per_s=$(( ($(cpu_ms) - cpu_before) / idle_seconds ))
echo "idle: the four nodes use $idle_cpu_ms_per_s ms of CPU a second" >&2

runs=()
for batch in $batch_sizes; do
    configure_cluster 4 maxBatchSize "$batch"
    sleep 5 # fileinstall polls every second; each engine restarts with the new batch size
    for size in $payloads; do
        for in_flight in $in_flights; do
            before=$(loadavg)
            cpu_before=$(cpu_ms)
            [ -z "${PROFILE_DIR:-}" ] || for i in 0 1 2 3; do
                jcmd "${cluster_pids[$i]}" JFR.start name=bench settings=profile > /dev/null; done
            result=$(java -Xmx128m -cp "$classes" PbftLoad "$(join_by_comma "${urls[@]}")" \
                "$(join_by_comma "${tokens[@]}")" 4 "$in_flight" "$size" "$warmup" "$seconds" "b$batch-s$size-f$in_flight")
            # the nodes' CPU over the warm-up and the measured run beyond idle, per decision counted in the run
            cpu=$(($(cpu_ms) - cpu_before))
            if [ -n "${PROFILE_DIR:-}" ]; then
                mkdir -p "$PROFILE_DIR"
                for i in 0 1 2 3; do
                    jcmd "${cluster_pids[$i]}" JFR.stop name=bench \
                        filename="$(realpath -m "$PROFILE_DIR")/b$batch-s$size-f$in_flight-node$i.jfr" > /dev/null
                done
                java "$(dirname "$0")/JfrProfile.java" "b$batch-s$size-f$in_flight" \
                    "$PROFILE_DIR"/b$batch-s$size-f$in_flight-node*.jfr >> "$PROFILE_DIR/profile.json"
            fi
            decided=$(echo "$result" | grep -oE '"decided": [0-9]+' | grep -oE '[0-9]+$')
            per_decision=$(awk -v c="$cpu" -v i="$idle_cpu_ms_per_s" -v d="$decided" -v w="$warmup" -v s="$seconds" \
                'BEGIN { if (d > 0) printf "%.1f", (c / (s + w) - i) * s / d; else print "null" }')
            echo "maxBatchSize $batch, $size B, $in_flight in flight per client: $result; node CPU $cpu ms" >&2
            runs+=("{\"max_batch_size\": $batch, \"load_average_before\": [$before], \"load_average_after\": [$(loadavg)], \"node_cpu_ms\": $cpu, \"node_cpu_ms_per_decision_beyond_idle\": $per_decision, \"result\": $result}")
        done
    done
done
committed=$(curl -s "$(cluster_url 0)/api/v1/consensus" | grep -oE '"last_committed":[0-9]+' | cut -d: -f2)
stop_cluster
rm -rf "$cluster_dir"

cat > "$out" <<JSON
{
  "benchmark": "pbft-libp2p",
  "command": "karaf-assembly/bench/pbft-libp2p.sh (SECONDS_PER_RUN=$seconds, WARMUP_SECONDS=$warmup, JIT_WARMUP_SECONDS=$jit_warmup, BATCH_SIZES=\\"$batch_sizes\\", PAYLOADS=\\"$payloads\\", IN_FLIGHT=\\"$in_flights\\")",
  "measured": "4 validators, each a separate distribution (heap $heap) on loopback over libp2p; 4 clients, one per node, each keeping 1 or 16 proposals in flight through POST /api/v1/proposals?wait=30; latency from the POST to its 201 (decided at that node), so it includes HTTP and JSON; decisions_per_second counts the 201s",
  "machine": $(machine_json | sed "s/\"max_heap\": \"512m\"/\"max_heap\": \"$heap\"/"),
  "load_average_at_start": [$load_at_start],
  "idle_node_cpu_ms_per_second": $idle_cpu_ms_per_s,
  "pbft": {"pipelineWindow": 16, "checkpointInterval": 64, "batchTimeoutMs": 20},
  "decisions_at_node0_after_all_runs": $committed,
  "runs": [
    $(IFS=$'\n'; echo "${runs[*]}" | sed '$!s/$/,/')
  ]
}
JSON
cat "$out"
