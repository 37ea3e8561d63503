# Shared by the benchmark scripts: unpack the built distribution, start it on loopback ports, stop it.
# Source it; it sets root, dist, port, work and node_pid, and stops the node on exit. AEGIS_DIST names another
# distribution archive than the one built here (an earlier build, to measure before and after a change).

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dist=${AEGIS_DIST:-$(ls "$root"/karaf-assembly/target/karaf-assembly-*.tar.gz 2>/dev/null | sed -n 1p)}
[ -f "$dist" ] || { echo "no distribution${AEGIS_DIST:+ at $AEGIS_DIST}: run 'mvn -B install -DskipTests' first" >&2; exit 1; }
port=${BENCH_PORT:-18003}
work=$root/target/bench/node
mkdir -p "$root/target/bench"

node_pid=""
stop_node() {
    if [ -n "$node_pid" ]; then
        kill "$node_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$node_pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$node_pid" 2>/dev/null || true
    fi
    node_pid=""
}
trap stop_node EXIT INT TERM

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

unpack_node() { # a fresh copy on the benchmark's ports
    rm -rf "$work" && mkdir -p "$work"
    tar -xzf "$dist" -C "$work" --strip-components=1
    set_property "$work/etc/org.ops4j.pax.web.cfg" org.osgi.service.http.port "$port"
    set_property "$work/etc/org.apache.karaf.shell.cfg" sshPort $((port + 1))
    set_property "$work/etc/org.apache.karaf.management.cfg" rmiRegistryPort $((port + 2))
    set_property "$work/etc/org.apache.karaf.management.cfg" rmiServerPort $((port + 3))
}

elapsed_ms=""
start_node() { # sets elapsed_ms (start command to a healthy /api/health) and node_pid
    local t0
    t0=$(now_ms)
    (cd "$work" && JAVA_MAX_MEM=512m exec bin/karaf server > "$work/process.log" 2>&1) &
    for _ in $(seq 1 1200); do
        if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/health")" = 200 ]; then
            elapsed_ms=$(($(now_ms) - t0))
            node_pid=$(pgrep -f "karaf.home=$work" | sed -n 1p)
            return 0
        fi
        sleep 0.05
    done
    echo "node did not become healthy; see $work/data/log/karaf.log" >&2
    return 1
}

median() { sort -n | awk 'NF {a[++n]=$1} END {if (!n) print "null"; else if (n % 2) print a[(n+1)/2]; else printf "%.1f\n", (a[n/2]+a[n/2+1])/2}'; }
join_by_comma() { local IFS=,; echo "$*"; }

machine_json() {
    local cpu java_version
    cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //; s/"/\\"/g')
    java_version=$(java -version 2>&1 | sed -n 1p | sed 's/"/\\"/g')
    echo "{\"cpu\": \"$cpu\", \"cores\": $(nproc), \"memory_mib\": $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo), \"java\": \"$java_version\", \"max_heap\": \"512m\"}"
}
