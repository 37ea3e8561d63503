#!/usr/bin/env bash
# Federated learning benchmark on Fashion-MNIST: 20 simulated clients (IID, Dirichlet 0.5 and 0.1 label skew),
# every aggregation strategy against Byzantine clients (sign flip, scaling ×10, Gaussian noise, label flip,
# "A Little Is Enough") at 20 % and 30 %, a centralised baseline, local training speed, and JMH on one
# aggregation of 20 updates of 100,000 parameters.
#   bundles/org.aegis.federated/bench/federated.sh        # PLAN=full ROUNDS=20 THREADS=2 by default
# Writes target/bench/federated.json (accuracy per round of every run) and federated-tables.md at the repository
# root, and draws docs/federated-robustness.png and docs/federated-curves.png. The data come from Debian's
# dataset-fashion-mnist (MIT), installed with apt-get when missing; nothing is downloaded at run time otherwise.
# Runs niced (the machine is shared); PLAN=iid or PLAN=smoke measure less. Maven runs offline; OFFLINE= (empty)
# lets it fetch what is missing, e.g. JFreeChart on a first run.
set -euo pipefail
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
data=/usr/share/datasets/fashion-mnist
bench=$root/target/bench
plan=${PLAN:-full} rounds=${ROUNDS:-20} threads=${THREADS:-2} offline=${OFFLINE--o}
mkdir -p "$bench"
cd "$root"

if [ ! -f "$data/t10k-labels-idx1-ubyte.gz" ]; then
    sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get install -y dataset-fashion-mnist
fi

echo "before: $(uptime)" | tee "$bench/federated-load.txt"
start=$(date +%s)
nice -n 10 mvn -B -q $offline -Pbench test -DskipTests -pl bundles/org.aegis.api,bundles/org.aegis.federated -am \
    -Dbench.output="$bench/federated.json" -Dbench.docs="$root/docs" -Dbench.data="$data" \
    -Dbench.plan="$plan" -Dbench.rounds="$rounds" -Dbench.threads="$threads" \
    -Dbench.command="PLAN=$plan ROUNDS=$rounds THREADS=$threads bundles/org.aegis.federated/bench/federated.sh" \
    2>&1 | tee "$bench/federated.log"
echo "after: $(uptime)" | tee -a "$bench/federated-load.txt"
echo "wall time: $(( $(date +%s) - start )) s" | tee -a "$bench/federated-load.txt"
