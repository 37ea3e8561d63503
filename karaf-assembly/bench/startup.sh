#!/usr/bin/env bash
# Startup benchmark of the built distribution (run `mvn -B install -DskipTests` first).
#
#   karaf-assembly/bench/startup.sh            # 5 runs; RUNS=N for more
#
# For each run it unpacks a fresh copy, starts it with `bin/karaf server` and measures
#   first_start_ms  start command -> first 200 from /api/health (a new node: makes its key, token, store)
#   restart_ms      the same node stopped and started again
#   heap_used_mb    Java heap in use after start and a full GC (jcmd GC.heap_info), 10 s after healthy
#   rss_mb          resident memory of the node's JVM at the same moment
# and writes every run plus the medians to target/bench/startup.json. Ports are loopback only.
set -euo pipefail
source "$(dirname "$0")/node.sh"
runs=${RUNS:-5}
out=$root/target/bench/startup.json

firsts=() restarts=() heaps=() rsss=()
for i in $(seq 1 "$runs"); do
    unpack_node
    start_node
    first=$elapsed_ms
    stop_node
    start_node
    restart=$elapsed_ms
    sleep 10
    jcmd "$node_pid" GC.run > /dev/null
    heap_kb=$(jcmd "$node_pid" GC.heap_info | grep -oE 'used [0-9]+K' | sed -n 1p | grep -oE '[0-9]+')
    rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$node_pid/status")
    stop_node
    heap=$(awk -v k="$heap_kb" 'BEGIN {printf "%.1f", k / 1024}')
    rss=$(awk -v k="$rss_kb" 'BEGIN {printf "%.1f", k / 1024}')
    echo "run $i: first start ${first} ms, restart ${restart} ms, heap ${heap} MiB, rss ${rss} MiB" >&2
    firsts+=("$first") restarts+=("$restart") heaps+=("$heap") rsss+=("$rss")
done
rm -rf "$work"

cat > "$out" <<JSON
{
  "benchmark": "startup",
  "command": "karaf-assembly/bench/startup.sh (RUNS=$runs)",
  "measured": "bin/karaf server to the first 200 from /api/health; heap and RSS 10 s after healthy, after a full GC",
  "machine": $(machine_json),
  "runs": $runs,
  "first_start_ms": [$(join_by_comma "${firsts[@]}")],
  "restart_ms": [$(join_by_comma "${restarts[@]}")],
  "heap_used_mb": [$(join_by_comma "${heaps[@]}")],
  "rss_mb": [$(join_by_comma "${rsss[@]}")],
  "median": {
    "first_start_ms": $(printf '%s\n' "${firsts[@]}" | median),
    "restart_ms": $(printf '%s\n' "${restarts[@]}" | median),
    "heap_used_mb": $(printf '%s\n' "${heaps[@]}" | median),
    "rss_mb": $(printf '%s\n' "${rsss[@]}" | median)
  }
}
JSON
cat "$out"
