#!/usr/bin/env bash
# libp2p on loopback: js-libp2p to js-libp2p, then AEGIS to AEGIS, in one run and with the same measurements
# (stream throughput to /aegis/sink/1.0.0, handshakes per second one at a time and 4 at once).
#   bundles/org.aegis.transport.libp2p/bench/libp2p_bench.sh [--quick]
# Writes target/bench/libp2p-js.json, target/bench/libp2p-aegis.json and the comparison target/bench/libp2p.json at
# the repository root. --quick: 64 MiB, 2 runs, 3 s of handshakes (a smoke run; not for the record).
# AEGIS_BENCH_EXTRA_JAVA="/path/to/jdk-25/bin/java ...": AEGIS runs again on each of these JVMs, reported beside.
# Needs Node.js 20+ with npm (the js packages are installed from itests/js/package-lock.json on first use), Maven
# and Java 17; the parent poms and org.aegis.api must be in ~/.m2 (mvn install -N; see BENCHMARKS.md). Both sides use
# two processes on 127.0.0.1; run nothing else meanwhile.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel)
bench=$root/target/bench
sizes=(--stream-mib 256 --runs 3 --handshake-seconds 8 --concurrency 4)
if [[ ${1:-} == --quick ]]; then
    sizes=(--stream-mib 64 --runs 2 --handshake-seconds 3 --concurrency 4)
elif [[ $# -gt 0 ]]; then
    echo "usage: $0 [--quick]" >&2
    exit 2
fi
mkdir -p "$bench"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

cd "$root/itests/js"
if [[ ! -d node_modules ]]; then
    npm ci --no-audit --no-fund
fi
rm -f "$bench"/libp2p-js.json "$bench"/libp2p-aegis*.json
node --import ./polyfill.mjs bench.mjs "$bench/libp2p-js.json" "${sizes[@]}"

cd "$root"
aegis() { # OUT [JAVA]: the bench profile of the bundle, on Maven's JVM unless JAVA is given
    mvn -B -o -q -Pbench -f bundles/org.aegis.transport.libp2p/pom.xml test -Dbench.output="$1" ${2:+-Dbench.java="$2"} \
        -Dbench.streamMib="${sizes[1]}" -Dbench.runs="${sizes[3]}" -Dbench.handshakeSeconds="${sizes[5]}" \
        -Dbench.concurrency="${sizes[7]}" 2>&1 \
        | { grep -v -e '^SLF4J:' -e '^WARNING: .*sun.misc.Unsafe' -e '^WARNING: Please consider reporting' || true; }
}
aegis "$bench/libp2p-aegis.json"
extra=()
for java in ${AEGIS_BENCH_EXTRA_JAVA:-}; do
    version=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    aegis "$bench/libp2p-aegis-jdk$version.json" "$java"
    extra+=("$bench/libp2p-aegis-jdk$version.json")
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

node --input-type=module - "$bench" "$load_before" "$load_after" "${extra[@]}" <<'EOF'
import { readFileSync, writeFileSync } from 'node:fs'
const [bench, loadBefore, loadAfter, ...extra] = process.argv.slice(2)
const read = file => JSON.parse(readFileSync(file, 'utf8'))
const js = read(`${bench}/libp2p-js.json`)
const round = value => Math.round(value * 100) / 100
/** AEGIS over js for rates (higher is better) and js over AEGIS for latencies (lower is better). */
function ratios (aegis) {
  const h = side => side.handshakes
  return {
    streamThroughput: round(aegis.streamThroughput.bestMbPerSecond / js.streamThroughput.bestMbPerSecond),
    handshakesSequential: round(h(aegis).sequential.perSecond / h(js).sequential.perSecond),
    handshakesConcurrent: round(h(aegis).concurrent.perSecond / h(js).concurrent.perSecond),
    dialLatencyP50Sequential: round(h(js).sequential.dialMs.p50 / h(aegis).sequential.dialMs.p50),
    dialLatencyP50Concurrent: round(h(js).concurrent.dialMs.p50 / h(aegis).concurrent.dialMs.p50),
    // AEGIS's full dial does more than js's (identify, both ways): not like for like, in AEGIS's disfavour
    handshakesWithIdentifySequential: round(aegis.handshakesWithIdentify.sequential.perSecond /
      h(js).sequential.perSecond),
    handshakesWithIdentifyConcurrent: round(aegis.handshakesWithIdentify.concurrent.perSecond /
      h(js).concurrent.perSecond)
  }
}
const aegis = read(`${bench}/libp2p-aegis.json`)
const report = {
  benchmark: 'libp2p',
  description: 'AEGIS to AEGIS against js-libp2p to js-libp2p on 127.0.0.1, run back to back (js first). Ratios ' +
    'are AEGIS over js for rates and js over AEGIS for latencies: above 1 means AEGIS is better.',
  loadAverageBefore: loadBefore.split(' ').map(Number),
  loadAverageAfter: loadAfter.split(' ').map(Number),
  ratios: ratios(aegis),
  js,
  aegis,
  aegisOnOtherJvms: extra.map(file => { const other = read(file); return { java: other.java, ratios: ratios(other), aegis: other } })
}
writeFileSync(`${bench}/libp2p.json`, JSON.stringify(report, null, 2) + '\n')
const line = (name, a, j, r) => console.log(`${name.padEnd(28)} ${String(a).padStart(10)} ${String(j).padStart(10)} ${String(r).padStart(7)}x`)
console.log(`${''.padEnd(28)} ${'AEGIS'.padStart(10)} ${'js'.padStart(10)}   ratio`)
line('stream MB/s (best)', aegis.streamThroughput.bestMbPerSecond, js.streamThroughput.bestMbPerSecond, report.ratios.streamThroughput)
for (const kind of ['sequential', 'concurrent']) {
  const a = aegis.handshakes[kind]; const j = js.handshakes[kind]
  const cap = kind.charAt(0).toUpperCase() + kind.slice(1)
  line(`handshakes/s ${kind}`, a.perSecond, j.perSecond, report.ratios[`handshakes${cap}`])
  line(`dial p50 ms ${kind}`, a.dialMs.p50, j.dialMs.p50, report.ratios[`dialLatencyP50${cap}`])
}
for (const kind of ['sequential', 'concurrent']) {
  const cap = kind.charAt(0).toUpperCase() + kind.slice(1)
  line(`+identify handshakes/s ${kind.slice(0, 3)}`, aegis.handshakesWithIdentify[kind].perSecond,
    js.handshakes[kind].perSecond, report.ratios[`handshakesWithIdentify${cap}`])
}
for (const other of report.aegisOnOtherJvms) {
  console.log(`on ${other.java}: ${JSON.stringify(other.ratios)}`)
}
console.log(`load average before ${loadBefore}, after ${loadAfter}; written to ${bench}/libp2p.json`)
EOF
