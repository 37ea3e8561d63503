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

root=$(cd "$(dirname "$0")/../.." && pwd)
dist=$(ls "$root"/karaf-assembly/target/karaf-assembly-*.tar.gz 2>/dev/null | head -1)
[ -n "$dist" ] || { echo "no distribution: run 'mvn -B install -DskipTests' first" >&2; exit 1; }
runs=${RUNS:-5}
port=${BENCH_PORT:-18003}
work=$root/target/bench/startup-node
out=$root/target/bench/startup.json
mkdir -p "$root/target/bench"

node_pid=""
cleanup() {
    if [ -n "$node_pid" ]; then
        kill "$node_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$node_pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$node_pid" 2>/dev/null || true
    fi
    node_pid=""
}
trap cleanup EXIT INT TERM

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use; set BENCH_PORT" >&2
    exit 1
fi

now_ms() { date +%s%3N; }

set_property() { # file key value
    if grep -qE "^[[:space:]]*$2[[:space:]]*=" "$1"; then
        sed -i -E "s|^[[:space:]]*$2[[:space:]]*=.*|$2 = $3|" "$1"
    else
        echo "$2 = $3" >> "$1"
    fi
}

elapsed_ms=""
start_and_wait() { # sets elapsed_ms (start to healthy) and node_pid
    local t0 t1
    t0=$(now_ms)
    (cd "$work" && JAVA_MAX_MEM=512m exec bin/karaf server > "$work/process.log" 2>&1) &
    for _ in $(seq 1 1200); do
        if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/health")" = 200 ]; then
            t1=$(now_ms)
            node_pid=$(pgrep -f "karaf.home=$work" | head -1)
            elapsed_ms=$((t1 - t0))
            return 0
        fi
        sleep 0.05
    done
    echo "node did not become healthy; see $work/data/log/karaf.log" >&2
    return 1
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }

firsts=() restarts=() heaps=() rsss=()
for i in $(seq 1 "$runs"); do
    rm -rf "$work" && mkdir -p "$work"
    tar -xzf "$dist" -C "$work" --strip-components=1
    set_property "$work/etc/org.ops4j.pax.web.cfg" org.osgi.service.http.port "$port"
    set_property "$work/etc/org.apache.karaf.shell.cfg" sshPort $((port + 1))
    set_property "$work/etc/org.apache.karaf.management.cfg" rmiRegistryPort $((port + 2))
    set_property "$work/etc/org.apache.karaf.management.cfg" rmiServerPort $((port + 3))

    start_and_wait
    first=$elapsed_ms
    cleanup
    start_and_wait
    restart=$elapsed_ms
    sleep 10
    jcmd "$node_pid" GC.run > /dev/null
    heap_kb=$(jcmd "$node_pid" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+')
    rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$node_pid/status")
    cleanup
    heap=$(awk -v k="$heap_kb" 'BEGIN {printf "%.1f", k / 1024}')
    rss=$(awk -v k="$rss_kb" 'BEGIN {printf "%.1f", k / 1024}')
    echo "run $i: first start ${first} ms, restart ${restart} ms, heap ${heap} MiB, rss ${rss} MiB" >&2
    firsts+=("$first") restarts+=("$restart") heaps+=("$heap") rsss+=("$rss")
done
rm -rf "$work"

join() { local IFS=,; echo "$*"; }
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //; s/"/\\"/g')
java_version=$(java -version 2>&1 | head -1 | sed 's/"/\\"/g')
cat > "$out" <<JSON
{
  "benchmark": "startup",
  "command": "karaf-assembly/bench/startup.sh (RUNS=$runs)",
  "measured": "bin/karaf server to the first 200 from /api/health; heap and RSS 10 s after healthy, after a full GC",
  "machine": {"cpu": "$cpu", "cores": $(nproc), "memory_mib": $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo), "java": "$java_version", "max_heap": "512m"},
  "runs": $runs,
  "first_start_ms": [$(join "${firsts[@]}")],
  "restart_ms": [$(join "${restarts[@]}")],
  "heap_used_mb": [$(join "${heaps[@]}")],
  "rss_mb": [$(join "${rsss[@]}")],
  "median": {
    "first_start_ms": $(printf '%s\n' "${firsts[@]}" | median),
    "restart_ms": $(printf '%s\n' "${restarts[@]}" | median),
    "heap_used_mb": $(printf '%s\n' "${heaps[@]}" | median),
    "rss_mb": $(printf '%s\n' "${rsss[@]}" | median)
  }
}
JSON
cat "$out"
