#!/usr/bin/env bash
# Φ benchmark: Java (JMH, the metrics pom's bench profile) against the numpy reference on the same windows.
#   bundles/org.aegis.metrics/bench/phi_bench.sh [REFERENCE_DIR]
# Writes target/bench/phi-jmh.json, target/bench/windows/*.csv and target/bench/phi.json at the repository root.
# REFERENCE_DIR defaults to shared/design/reference beside the repository. Needs Maven, Java 17, python3 + numpy.
# Run nothing else meanwhile: both sides are pinned to one core.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel)
ref=${1:-$root/../shared/design/reference}
bench=$root/target/bench
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONDONTWRITEBYTECODE=1
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c 0); fi

cd "$root"
# The metrics bundle builds against the installed API bundle and parent poms.
if ! ls ~/.m2/repository/org/aegis/org.aegis.api/*/org.aegis.api-*.jar >/dev/null 2>&1; then
    mvn -B -q install -N
    mvn -B -q -N install -f bundles/pom.xml
    mvn -B -q install -DskipTests -f bundles/org.aegis.api/pom.xml
fi
rm -f "$bench/phi-jmh.json"
java_command="mvn -B -q -Pbench -f bundles/org.aegis.metrics/pom.xml test -Dbench.output=$bench/phi-jmh.json -Dbench.windows=$bench/windows"
"${pin[@]}" $java_command
"${pin[@]}" python3 "$here/phi_bench.py" "$ref" "$bench" "${pin[*]} $java_command"
cat "$bench/phi.json"
