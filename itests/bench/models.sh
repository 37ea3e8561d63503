#!/usr/bin/env bash
# Models benchmark: the router's overhead (JMH, a provider that answers at once, direct vs. routed), the embedded
# model's own speed (in-process, one thread), then a distribution's embedded model over HTTP (/v1 chat, streams,
# embeddings, concurrent clients), all folded into target/bench/models.json at the repository root.
#   itests/bench/models.sh          (after `mvn -B install -DskipTests`)
# BENCH_TRAINING_STEPS overrides the node's training (default: the distribution's 20000).
set -euo pipefail
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
bench=$root/target/bench
mkdir -p "$bench"
cd "$root"
mvn -B -o -q -Pbench test -pl bundles/org.aegis.model.orchestrator -Dbench.output="$bench/model-router-jmh.json"
mvn -B -o -q -Pbench test -pl bundles/org.aegis.model.local -Dbench.output="$bench/local-model.json"
mvn -B -o -q -Pbench test -pl itests -Dbench.output="$bench/models.json" \
    -Dbench.routerJmh="$bench/model-router-jmh.json" -Dbench.localModel="$bench/local-model.json" \
    -Dbench.trainingSteps="${BENCH_TRAINING_STEPS:-20000}"
