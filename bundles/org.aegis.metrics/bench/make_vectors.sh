#!/usr/bin/env bash
# Regenerates the committed test vectors src/test/resources/vectors/*.json from the independent numpy references.
#   bundles/org.aegis.metrics/bench/make_vectors.sh [REFERENCE_DIR] [PART...]
# REFERENCE_DIR defaults to shared/design/reference beside the repository; PART is var1, kuramoto, edge or weights
# (default: all). Needs python3 with numpy and scipy. The build never runs it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel)
ref=${1:-$root/../shared/design/reference}
shift || true
cd "$root"
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONDONTWRITEBYTECODE=1 \
    exec python3 "$here/make_vectors.py" "$ref" "$root/bundles/org.aegis.metrics/src/test/resources/vectors" "$@"
