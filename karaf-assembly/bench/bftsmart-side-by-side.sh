#!/usr/bin/env bash
# BFT-SMaRt (github.com/bft-smart/library) measured on this machine, so that AEGIS's PBFT can be set beside it in the
# same run and under the same load from other tenants.
#
#   BFTSMART_GIT=/work/.mirror/bft-smart+library/repo karaf-assembly/bench/bftsmart-side-by-side.sh
#   WITH_AEGIS=1 karaf-assembly/bench/bftsmart-side-by-side.sh   # then pbft-libp2p.sh on the comparable cells
#
# BFT-SMaRt's code is neither committed nor copied into the repository: BFTSMART_GIT names a git directory holding
# it (a bare mirror or a clone; the AEGIS agents get one with the fetch tool, "fetch github:bft-smart/library",
# which answers /work/.mirror/bft-smart+library/repo). The script exports BFTSMART_REF (HEAD) of it into
# target/bench/bftsmart/src and builds it there without Gradle: a throwaway pom lists the dependencies its
# build.gradle names, at the versions it names, `mvn dependency:copy-dependencies` fetches them (offline first,
# from Maven Central only if ~/.m2 lacks them), plain javac compiles src/main/java against them and the jars it
# ships in lib/. The build is redone only when the commit changes.
#
# What runs: BFT-SMaRt's own microbenchmark, 4 replicas (ThroughputLatencyServer, n = 4, f = 1, each its own JVM
# with -Xmx256m) on loopback, its config/ as shipped (batches up to 1024 requests, no batch timeout, TLS between
# replicas, MACs to clients), in two configurations:
#   default  system.communication.useSignatures = 0: client requests authenticated by MACs only
#   signed   system.communication.useSignatures = 1: every client request signed by the client (SHA256withECDSA,
#            BouncyCastle, the shipped key) and verified by every replica before it is ordered
# Clients: one ThroughputLatencyClient JVM with 4 or 64 threads, each a ServiceProxy with one ordered request
# in flight (closed loop, no think time), so 4 or 64 requests in flight; requests of 100 B and 1 KiB; replies of
# REPLY_SIZE bytes (0). The demo's own application-level signature argument is left at `nosig` (it signs one
# payload once at start and the server re-verifies that same signature at execution; not a per-request cost).
#
# How it is measured: the client writes one line per request (client id, completion time in ms, latency in ns)
# to latencies_<id>.txt. For each cell the script waits out the client's built-in ramp-up (each thread sleeps
# 1000, 900, ... 100 ms after its first 10 requests: 5.5 s), then WARMUP_SECONDS (5), then counts SECONDS_PER_RUN
# (15): requests completed in that window per second, and the p50 / p99 of their latencies (nearest rank, from
# the per-request lines). Around the same window it reads the CPU time (utime + stime, /proc/<pid>/stat) of the
# four replica JVMs, and the client JVM's, and divides by the requests counted; and the load average before the
# cell and at the end of the window; cpu_ms_per_request_beyond_idle takes off what the replicas use idle. The
# replicas are started once per configuration, left idle IDLE_SECONDS (5) to measure their idle CPU, then loaded
# JIT_WARMUP_SECONDS (20) by a discarded client (64 in flight, 1 KiB): fresh JVMs spend their first tens of
# seconds under load compiling, which would otherwise be charged to the first cells. Everything runs under
# target/bench/bftsmart/ (-XX:-UsePerfData: no hsperfdata in /tmp; Maven's cache ~/.m2 aside), and every process
# the script started is stopped on exit, Ctrl-C included. node.sh is sourced for its helpers, so the script, like
# the others here, wants the built distribution (karaf-assembly/target/*.tar.gz) even without WITH_AEGIS.
#
# WITH_AEGIS=1: afterwards runs pbft-libp2p.sh on the comparable cells (maxBatchSize 64, payloads 100 B and
# 1 KiB, 1 and 16 proposals in flight per client over its 4 clients = 4 and 64 in flight; it needs the built
# distribution) and adds its cells to the same file, system "aegis-pbft". Its latency includes the REST round
# trip (POST to 201); its CPU is that of the 4 nodes per decision, raw and beyond idle (see pbft-libp2p.sh).
#
# Writes target/bench/bftsmart.json: one object per cell (system, config, size, in_flight, requests_per_s, p50_ms,
# p99_ms, cpu_ms_per_request, cpu_ms_per_request_beyond_idle, loadavg {before, during}, and for BFT-SMaRt
# client_cpu_ms_per_request). Written once the BFT-SMaRt cells are done, again with the AEGIS cells.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/node.sh" # root, now_ms, set_property, join_by_comma, machine_json
seconds=${SECONDS_PER_RUN:-15}
warmup=${WARMUP_SECONDS:-5}
idle_seconds=${IDLE_SECONDS:-5}
jit_warmup=${JIT_WARMUP_SECONDS:-20}
reply_size=${REPLY_SIZE:-0}
port_base=${BFTSMART_PORT:-11000}
git_dir=${BFTSMART_GIT:-/work/.mirror/bft-smart+library/repo}
ref=${BFTSMART_REF:-HEAD}
heap=256m
rampup_ms=5500 # ThroughputLatencyClient: rampup = 1000 ms, less 100 after each request while positive
bft=$root/target/bench/bftsmart
out=$root/target/bench/bftsmart.json

loadavg() { cut -d' ' -f1-3 /proc/loadavg | sed 's/ /, /g'; }

cpu_ms() { # pid...: CPU time (user + system) the processes used so far, in ms
    local pid total=0
    for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
    echo $((total * 1000 / $(getconf CLK_TCK)))
}

replica_pids=()
client_pid=""
stop_pids() { # pid...: TERM, up to 15 s, then KILL
    local pid
    for pid in "$@"; do kill "$pid" 2>/dev/null || true; done
    for pid in "$@"; do
        for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}
stop_client() { [ -z "$client_pid" ] || stop_pids "$client_pid"; client_pid=""; }
stop_replicas() { stop_pids "${replica_pids[@]}"; replica_pids=(); }
trap 'stop_client; stop_replicas; stop_node' EXIT
trap 'exit 130' INT TERM

# ---- fetch and build ----------------------------------------------------------------------------------------------
if ! commit=$(git --git-dir="$git_dir" rev-parse --verify "$ref^{commit}" 2>/dev/null); then
    echo "no BFT-SMaRt git directory at BFTSMART_GIT=$git_dir (ref $ref): get one with the fetch tool" \
        "(\"fetch github:bft-smart/library\", which answers the mirror's path) or a clone of" \
        "https://github.com/bft-smart/library, and point BFTSMART_GIT at it" >&2
    exit 1
fi
java_run=(java -XX:-UsePerfData -Djava.security.properties=config/java.security
          -Dlogback.configurationFile=config/logback.xml -cp "$bft/classes:$bft/deps/*:$bft/src/lib/*")

build() {
    echo "building BFT-SMaRt $commit in $bft" >&2
    rm -rf "$bft/src" "$bft/classes" "$bft/deps" && mkdir -p "$bft/src" "$bft/classes"
    git --git-dir="$git_dir" archive "$commit" | tar -x -C "$bft/src"
    # implementation 'group:artifact:version' lines of build.gradle (lib/*.jar, shipped, are used as they are)
    local deps
    deps=$(sed -nE "s/^[[:space:]]*implementation[[:space:]]+'([^:']+):([^:']+):([^:']+)'.*/\
    <dependency><groupId>\1<\/groupId><artifactId>\2<\/artifactId><version>\3<\/version><\/dependency>/p" \
        "$bft/src/build.gradle")
    [ -n "$deps" ] || { echo "no dependencies found in $bft/src/build.gradle" >&2; exit 1; }
    cat > "$bft/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>bftsmart-dependencies</artifactId><version>0</version><packaging>pom</packaging>
  <dependencies>
$deps
  </dependencies>
</project>
POM
    local mvn_copy=(mvn -B -q -Dstyle.color=never -f "$bft/pom.xml" dependency:copy-dependencies
                    -DoutputDirectory="$bft/deps")
    "${mvn_copy[@]}" -o > "$bft/maven.log" 2>&1 || "${mvn_copy[@]}" > "$bft/maven.log" 2>&1 \
        || { cat "$bft/maven.log" >&2; exit 1; }
    find "$bft/src/src/main/java" -name '*.java' > "$bft/sources.txt"
    javac -nowarn -encoding UTF-8 -d "$bft/classes" -cp "$bft/deps/*:$bft/src/lib/*" @"$bft/sources.txt" \
        2> "$bft/javac.log" || { cat "$bft/javac.log" >&2; exit 1; }
    echo "$commit" > "$bft/classes/.commit"
}
mkdir -p "$bft"
[ "$(cat "$bft/classes/.commit" 2>/dev/null)" = "$commit" ] || build

# ---- replicas and clients -----------------------------------------------------------------------------------------
run=$bft/run
configure() { # useSignatures: a fresh config/ as shipped, on the ports from BFTSMART_PORT
    local i p
    rm -rf "$run" && mkdir -p "$run"
    cp -r "$bft/src/config" "$run/"
    rm -f "$run/config/currentView" # the view a previous run saved; rebuilt from hosts.config
    {
        for i in 0 1 2 3; do echo "$i 127.0.0.1 $((port_base + 10 * i)) $((port_base + 10 * i + 1))"; done
        echo "7001 127.0.0.1 $((port_base + 100))"
    } > "$run/config/hosts.config"
    set_property "$run/config/system.config" system.communication.useSignatures "$1"
    for i in 0 1 2 3; do
        for p in $((port_base + 10 * i)) $((port_base + 10 * i + 1)); do
            if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
                echo "port $p is in use; set BFTSMART_PORT" >&2
                exit 1
            fi
        done
    done
}

start_replicas() { # each replica its own JVM; ThroughputLatencyServer <id> <interval> <reply size> <state size> <context?> <sig>
    local i
    for i in 0 1 2 3; do
        (cd "$run" && exec "${java_run[@]}" -Xmx$heap bftsmart.demo.microbenchmarks.ThroughputLatencyServer \
            "$i" 10000 "$reply_size" 0 false nosig > "$run/replica$i.log" 2>&1) &
        replica_pids[$i]=$!
    done
    for i in 0 1 2 3; do
        for _ in $(seq 1 1200); do
            grep -q "Ready to process operations" "$run/replica$i.log" && break
            kill -0 "${replica_pids[$i]}" 2>/dev/null || { echo "replica $i died; see $run/replica$i.log" >&2; exit 1; }
            sleep 0.1
        done
        grep -q "Ready to process operations" "$run/replica$i.log" \
            || { echo "replica $i did not get ready; see $run/replica$i.log" >&2; exit 1; }
    done
}

last_complete_ms() { # file: completion time of the last whole line the client has written (it buffers 8 KiB)
    head -n "$(wc -l < "$1")" "$1" | tail -n 1 | cut -f2
}

client_id=1001
start_client() { # size in_flight: one client JVM, in_flight threads each with one request at a time, until stopped
    # ThroughputLatencyClient <first id> <clients> <operations> <request size> <interval ms> <read only?> <verbose?> <sig>
    (cd "$run" && exec "${java_run[@]}" -Xmx$heap bftsmart.demo.microbenchmarks.ThroughputLatencyClient \
        "$client_id" "$2" 1000000000 "$1" 0 false false nosig > "$run/client$client_id.log" 2>&1) &
    client_pid=$!
    for _ in $(seq 1 1200); do # every thread has its proxy and has started
        [ "$(grep -c 'Warm up' "$run/client$client_id.log" || true)" -ge "$2" ] && break
        kill -0 "$client_pid" 2>/dev/null || { echo "client died; see $run/client$client_id.log" >&2; exit 1; }
        sleep 0.1
    done
}

cells=()
measure() { # config size in_flight: one cell
    local config=$1 size=$2 in_flight=$3 file before during t0 t1 cpu0 cpu1 ccpu0 ccpu1 stats
    file=$run/latencies_$client_id.txt
    start_client "$size" "$in_flight"
    sleep "$(( (rampup_ms + 999) / 1000 + warmup ))"
    before=$(loadavg)
    t0=$(now_ms) cpu0=$(cpu_ms "${replica_pids[@]}") ccpu0=$(cpu_ms "$client_pid")
    sleep "$seconds"
    t1=$(now_ms) cpu1=$(cpu_ms "${replica_pids[@]}") ccpu1=$(cpu_ms "$client_pid")
    during=$(loadavg)
    for _ in $(seq 1 1200); do # until the client's file covers the window
        [ -s "$file" ] && [ "$(last_complete_ms "$file" || echo 0)" -ge "$t1" ] 2>/dev/null && break
        kill -0 "$client_pid" 2>/dev/null || break
        sleep 0.1
    done
    [ "$(last_complete_ms "$file" || echo 0)" -ge "$t1" ] 2>/dev/null \
        || echo "warning: $file does not reach the end of the window; the cell undercounts" >&2
    stop_client
    # requests completed in [t0, t1): count, and latency percentiles (nearest rank) in ms
    stats=$(head -n "$(wc -l < "$file")" "$file" | awk -F'\t' -v t0="$t0" -v t1="$t1" \
        'NF == 3 && $2 >= t0 && $2 < t1 {print $3}' | sort -n | awk -v s="$(( t1 - t0 ))" \
        -v cpu="$(( cpu1 - cpu0 ))" -v ccpu="$(( ccpu1 - ccpu0 ))" -v idle="$idle_ms_per_s" '
        {l[NR] = $1}
        function pct(p,  i) { i = int(NR * p + 0.999999); if (i < 1) i = 1; return sprintf("%.2f", l[i] / 1e6) }
        END {
            if (NR == 0) { print "\"requests\": 0, \"requests_per_s\": 0, \"p50_ms\": null, \"p99_ms\": null, \"cpu_ms_per_request\": null, \"cpu_ms_per_request_beyond_idle\": null, \"client_cpu_ms_per_request\": null"; exit }
            printf "\"requests\": %d, \"requests_per_s\": %.1f, \"p50_ms\": %s, \"p99_ms\": %s, \"cpu_ms_per_request\": %.3f, \"cpu_ms_per_request_beyond_idle\": %.3f, \"client_cpu_ms_per_request\": %.3f\n",
                NR, NR * 1000 / s, pct(0.5), pct(0.99), cpu / NR, (cpu - idle * s / 1000) / NR, ccpu / NR
        }')
    echo "bft-smart $config, $size B, $in_flight in flight: $stats; replica CPU $(( cpu1 - cpu0 )) ms in $(( t1 - t0 )) ms" >&2
    cells+=("{\"system\": \"bft-smart\", \"config\": \"$config\", \"size\": $size, \"in_flight\": $in_flight, $stats, \"replica_cpu_ms\": $(( cpu1 - cpu0 )), \"window_ms\": $(( t1 - t0 )), \"loadavg\": {\"before\": [$before], \"during\": [$during]}}")
    client_id=$((client_id + 100)) # a fresh range of client ids for every cell
    sleep 2 # let the replicas drop the closed sessions
}

load_at_start=$(loadavg)
idle=()
for config in default signed; do
    case $config in default) signatures=0 ;; signed) signatures=1 ;; esac
    configure "$signatures"
    start_replicas
    cpu0=$(cpu_ms "${replica_pids[@]}")
    sleep "$idle_seconds"
    idle_ms_per_s=$(( ($(cpu_ms "${replica_pids[@]}") - cpu0) / idle_seconds ))
    idle+=("\"$config\": $idle_ms_per_s")
    # fresh JVMs spend their first tens of seconds under load compiling (C2): one discarded run, before the cells
    echo "bft-smart $config: idle replicas use $idle_ms_per_s ms of CPU a second; JIT warm-up ${jit_warmup}s" >&2
    start_client 1024 64
    sleep "$jit_warmup"
    stop_client
    client_id=$((client_id + 100))
    for size in 100 1024; do
        for in_flight in 4 64; do measure "$config" "$size" "$in_flight"; done
    done
    stop_replicas
done

aegis_note=""
write_json() {
cat > "$out" <<JSON
{
  "benchmark": "bftsmart-side-by-side",
  "command": "karaf-assembly/bench/bftsmart-side-by-side.sh (SECONDS_PER_RUN=$seconds, WARMUP_SECONDS=$warmup, IDLE_SECONDS=$idle_seconds, JIT_WARMUP_SECONDS=$jit_warmup, REPLY_SIZE=$reply_size, WITH_AEGIS=${WITH_AEGIS:-0})",
  "bftsmart": {"git": "$git_dir", "commit": "$commit", "built_with": "javac $(javac -version 2>&1 | cut -d' ' -f2), dependencies of its build.gradle: $(ls "$bft/deps" | paste -sd' ') and its lib/: $(ls "$bft/src/lib" | paste -sd' ')"},
  "measured": "BFT-SMaRt's ThroughputLatencyServer, 4 replicas (n=4, f=1) on loopback, each its own JVM (-Xmx$heap), its config/ as shipped (maxbatchsize 1024, batchtimeout -1, TLS between replicas) but for system.communication.useSignatures: 0 (config default) or 1 (config signed: each request signed by its client with SHA256withECDSA and verified by every replica); replicas started once per config, idle ${idle_seconds} s, then ${jit_warmup} s under a discarded load (64 in flight, 1 KiB) for the JIT; per cell one ThroughputLatencyClient JVM (-Xmx$heap) with in_flight threads, each one ordered request at a time, request size bytes, reply $reply_size bytes, demo signature argument nosig; after the client's ${rampup_ms} ms ramp-up and ${warmup} s warm-up, requests completed in ${seconds} s per second and p50/p99 (nearest rank) of their latencies from the client's per-request file; cpu_ms_per_request: CPU (utime+stime) of the 4 replica JVMs over the window per request counted, _beyond_idle less their idle CPU (client_cpu_ms_per_request: the client JVM's, not included); loadavg before the cell and at the end of its window$aegis_note",
  "machine": $(machine_json | sed "s/\"max_heap\": \"512m\"/\"max_heap\": \"$heap\"/"),
  "load_average_at_start": [$load_at_start],
  "idle_replica_cpu_ms_per_second": {$(join_by_comma "${idle[@]}")},
  "cells": [
    $(IFS=$'\n'; echo "${cells[*]}" | sed '$!s/$/,/; 2,$s/^/    /')
  ]
}
JSON
}
write_json # the BFT-SMaRt cells, kept should the AEGIS side fail

# ---- AEGIS on the same cells --------------------------------------------------------------------------------------
if [ "${WITH_AEGIS:-0}" = 1 ]; then
    rc=0
    BATCH_SIZES=64 PAYLOADS="100 1024" IN_FLIGHT="1 16" "$here/pbft-libp2p.sh" > /dev/null || rc=$?
    [ "$rc" = 0 ] || { echo "pbft-libp2p.sh failed (exit $rc); $out holds the BFT-SMaRt cells only" >&2; exit "$rc"; }
    f() { echo "$line" | grep -oE "\"$1\": (\[[^]]*\]|[-0-9.null]+)" | head -1 | sed -E 's/^"[^"]*": //'; } # of $line
    while IFS= read -r line; do # one run of pbft-libp2p.json a line, its fields in the shape of the cells above
        # its node CPU spans warm-up and window, its decisions the window only: per decision over the window
        raw=$(awk -v c="$(f node_cpu_ms)" -v d="$(f decided)" -v s="$seconds" -v w="$warmup" \
            'BEGIN { if (d > 0) printf "%.3f", c * s / (s + w) / d; else print "null" }')
        cells+=("{\"system\": \"aegis-pbft\", \"config\": \"maxBatchSize $(f max_batch_size), REST\", \"size\": $(f payload_bytes),\
 \"in_flight\": $(( 4 * $(f in_flight_per_client) )), \"requests\": $(f decided), \"requests_per_s\": $(f decisions_per_second),\
 \"p50_ms\": $(f p50), \"p99_ms\": $(f p99), \"cpu_ms_per_request\": $raw,\
 \"cpu_ms_per_request_beyond_idle\": $(f node_cpu_ms_per_decision_beyond_idle),\
 \"loadavg\": {\"before\": $(f load_average_before), \"during\": $(f load_average_after)}}")
    done < <(grep '"max_batch_size"' "$root/target/bench/pbft-libp2p.json")
    aegis_note=", then pbft-libp2p.sh with BATCH_SIZES=64 PAYLOADS=\\\"100 1024\\\" IN_FLIGHT=\\\"1 16\\\" (its cells: system aegis-pbft, latency from POST to 201 through REST, CPU of the 4 nodes per decision over its warm-up and window scaled to the window, and beyond idle; target/bench/pbft-libp2p.json)"
fi

write_json
cat "$out"
