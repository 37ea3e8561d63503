"""Times the numpy reference's phi on the windows the Java benchmark measured and writes the comparison.

    python3 phi_bench.py REFERENCE_DIR BENCH_DIR JAVA_COMMAND   (bench/phi_bench.sh passes them)

BENCH_DIR holds phi-jmh.json and windows/*.csv from the bench profile; phi.json is written beside them.
The reference is timed as metrics_ref.phi_from_cov(*metrics_ref.sample_cov(theta)), the same work as
GaussianPhi.compute (covariances, then every bipartition), best of at least 5 runs, one thread."""
import json, os, platform, re, subprocess, sys, time

REF, BENCH, JAVA_COMMAND = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, REF)
import numpy as np  # noqa: E402
import metrics_ref  # noqa: E402

RUNS = 5


def best_time(theta):
    best = float("inf")
    result = None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = metrics_ref.phi_from_cov(*metrics_ref.sample_cov(theta, 1))
        best = min(best, time.perf_counter() - started)
    return best, result


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def java_version():
    out = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.strip().splitlines()
    return out[0] if out else "unknown"


jmh = json.load(open(os.path.join(BENCH, "phi-jmh.json")))
java_ms = {}
for entry in jmh:
    name = entry["benchmark"].rsplit(".", 2)
    key = "vector-n13" if name[-2] == "PhiBenchmark" else "n" + entry["params"]["oscillators"]
    java_ms[key] = (entry["primaryMetric"]["score"], entry["primaryMetric"]["scoreError"], entry["benchmark"])

rows = []
for key in sorted(java_ms, key=lambda k: (int(re.search(r"\d+", k.replace("vector-", "")).group()), k)):
    csv = os.path.join(BENCH, "windows", f"phi-{key}-T1200.csv")
    theta = np.loadtxt(csv, delimiter=",")
    seconds, result = best_time(theta)
    score, error, benchmark = java_ms[key]
    row = {
        "window": os.path.relpath(csv, BENCH),
        "oscillators": int(theta.shape[1]),
        "samples": int(theta.shape[0]),
        "bipartitions": 2 ** (theta.shape[1] - 1) - 1,
        "java_benchmark": benchmark,
        "java_ms_per_op": round(score, 4),
        "java_ms_error_99_9": round(error, 4),
        "numpy_ms_per_op": round(seconds * 1000, 3),
        "numpy_best_of": RUNS,
        "ratio_numpy_over_java": round(seconds * 1000 / score, 1),
        "numpy_phi": float(result["phi"]),
        "numpy_mib": result["mib"],
    }
    rows.append(row)
    print(f"{key:>11}: java {score:9.4f} ms  numpy {seconds * 1000:10.2f} ms  ratio {row['ratio_numpy_over_java']:8.1f}",
          file=sys.stderr)

out = {
    "what": "GaussianPhi.compute (JMH, one fork, one thread, -Xmx1g) against the numpy reference "
            "metrics_ref.phi_from_cov(*sample_cov(theta)) on the same windows, T = 1200, lag 1",
    "goal": "ratio >= 100 at n = 13, T = 1200, one core",
    "results": rows,
    "machine": {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "java": java_version(),
        "numpy": np.__version__,
        "python": platform.python_version(),
        "one_core": "java and python pinned with taskset -c 0 when available; "
                    "OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=MKL_NUM_THREADS=1",
    },
    "commands": {
        "java": JAVA_COMMAND,
        "numpy": f"python3 bundles/org.aegis.metrics/bench/phi_bench.py {REF} {BENCH} ...",
        "script": "bundles/org.aegis.metrics/bench/phi_bench.sh",
    },
}
with open(os.path.join(BENCH, "phi.json"), "w") as f:
    json.dump(out, f, indent=2)
    f.write("\n")
print(os.path.join(BENCH, "phi.json"), file=sys.stderr)
