# Shared by the cluster benchmarks: N distributions of the built product on loopback, joined into one PBFT network
# over libp2p. Source it after node.sh; it sets nodes, cluster_peer and cluster_token, and stops every node on exit.
#
# Each node gets its own folder target/bench/cluster/nodeI and ports base+10·I (REST), +1 (ssh), +2/+3 (JMX),
# +4 (libp2p), +5 (HTTPS, loopback). Peer ids are made at first start, so the nodes start as networks of one; once every peer id is
# known, the validators and bootstrap lists are written into their etc/*.cfg and Karaf applies them to the running
# nodes (fileinstall), without a restart.

cluster_base=${BENCH_CLUSTER_PORT:-19000}
cluster_dir=$root/target/bench/cluster
cluster_pids=()
cluster_peer=()
cluster_token=()

cluster_port() { echo $((cluster_base + 10 * $1)); }
cluster_home() { echo "$cluster_dir/node$1"; }
cluster_url() { echo "http://127.0.0.1:$(cluster_port "$1")"; }

stop_cluster() {
    local pid
    for pid in "${cluster_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${cluster_pids[@]}"; do
        for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    cluster_pids=()
}
trap 'stop_cluster; stop_node' EXIT INT TERM

unpack_cluster() { # n heap: fresh copies, configured for a benchmark
    local n=$1 heap=$2 i home port
    rm -rf "$cluster_dir" && mkdir -p "$cluster_dir"
    for i in $(seq 0 $((n - 1))); do
        home=$(cluster_home "$i") port=$(cluster_port "$i")
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "port $port is in use; set BENCH_CLUSTER_PORT" >&2
            exit 1
        fi
        mkdir -p "$home"
        tar -xzf "$dist" -C "$home" --strip-components=1
        set_property "$home/etc/org.ops4j.pax.web.cfg" org.osgi.service.http.port "$port"
        set_property "$home/etc/org.ops4j.pax.web.cfg" aegis.https.host 127.0.0.1
        set_property "$home/etc/org.ops4j.pax.web.cfg" aegis.https.port $((port + 5))
        set_property "$home/etc/org.apache.karaf.shell.cfg" sshPort $((port + 1))
        set_property "$home/etc/org.apache.karaf.management.cfg" rmiRegistryPort $((port + 2))
        set_property "$home/etc/org.apache.karaf.management.cfg" rmiServerPort $((port + 3))
        set_property "$home/etc/org.aegis.transport.libp2p.cfg" listenHost 127.0.0.1
        set_property "$home/etc/org.aegis.transport.libp2p.cfg" port $((port + 4))
        # the load comes from a few clients as fast as they go
        set_property "$home/etc/org.aegis.rest.cfg" requestsPerMinute 100000000
        # the embedded model's training at first start (a minute of a core at the default) would compete with the
        # benchmark; as in the itests, a smaller model that trains in seconds
        set_property "$home/etc/org.aegis.model.local.cfg" trainingSteps 600
        # nothing is decided while the node is still a network of one
        set_property "$home/etc/org.aegis.consensus.pbft.cfg" metricsReportIntervalMs 0
        printf 'bench = bench,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n' \
            > "$home/etc/users.properties"
        echo "$heap" > "$home/heap"
    done
}

start_cluster_node() { # i: bin/karaf runs the JVM as its child; cluster_pids keeps the JVM's pid
    local home
    home=$(cluster_home "$1")
    (cd "$home" && JAVA_MAX_MEM=$(cat "$home/heap") exec bin/karaf server >> "$home/process.log" 2>&1) &
    for _ in $(seq 1 100); do
        cluster_pids[$1]=$(pgrep -f "karaf.home=$home " | sed -n 1p || true)
        [ -n "${cluster_pids[$1]}" ] && return 0
        sleep 0.1
    done
    echo "node $1 did not start; see $home/process.log" >&2
    return 1
}

await_healthy() { # i
    local url
    url=$(cluster_url "$1")
    for _ in $(seq 1 1200); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/api/health")" = 200 ] && return 0
        sleep 0.25
    done
    echo "node $1 did not become healthy; see $(cluster_home "$1")/data/log/karaf.log" >&2
    return 1
}

json_field() { # field: a top-level string field of the JSON on stdin
    grep -oE "\"$1\" *: *\"[^\"]*\"" | head -1 | sed -E 's/.*: *"([^"]*)"/\1/'
}

start_cluster() { # n: starts the nodes, learns their peer ids and tokens, then joins them into one network
    local n=$1 i j validators bootstrap home
    for i in $(seq 0 $((n - 1))); do start_cluster_node "$i"; done
    for i in $(seq 0 $((n - 1))); do
        await_healthy "$i"
        cluster_peer[$i]=$(curl -s "$(cluster_url "$i")/api/v1/node" | json_field peer_id)
        # batch mode (-b): the client reads the command from stdin and leaves once it has run
        cluster_token[$i]=$(echo "aegis:token --initial" | (cd "$(cluster_home "$i")" \
            && bin/client -a $(($(cluster_port "$i") + 1)) -u bench -p bench -r 10 -d 2 -b 2>&1) \
            | grep -a '^Token' | sed 's/^[^:]*: *//' | tr -d '\r' || true)
        [ -n "${cluster_peer[$i]}" ] && [ -n "${cluster_token[$i]}" ] || { echo "no peer id or token for node $i" >&2; exit 1; }
    done
    validators=$(join_by_comma "${cluster_peer[@]}")
    for i in $(seq 0 $((n - 1))); do
        home=$(cluster_home "$i") bootstrap=()
        for j in $(seq 0 $((n - 1))); do
            [ "$i" = "$j" ] || bootstrap+=("/ip4/127.0.0.1/tcp/$(($(cluster_port "$j") + 4))/p2p/${cluster_peer[$j]}")
        done
        set_property "$home/etc/org.aegis.transport.libp2p.cfg" bootstrap "$(join_by_comma "${bootstrap[@]}")"
        set_property "$home/etc/org.aegis.consensus.pbft.cfg" validators "$validators"
    done
    for i in $(seq 0 $((n - 1))); do await_validators "$i" "$n"; done
}

await_validators() { # i n: the node's consensus lists n validators
    local url
    url=$(cluster_url "$1")
    for _ in $(seq 1 600); do
        [ "$(curl -s "$url/api/v1/consensus" | grep -o '"peer_id"' | wc -l)" = "$2" ] && return 0
        sleep 0.25
    done
    echo "node $1 does not list $2 validators: $(curl -s "$url/api/v1/consensus")" >&2
    return 1
}

configure_cluster() { # n key value: one PBFT property on every node, applied by Karaf to the running engine
    local i
    for i in $(seq 0 $(($1 - 1))); do set_property "$(cluster_home "$i")/etc/org.aegis.consensus.pbft.cfg" "$2" "$3"; done
}
