"""Writes the metrics test vectors from the independent numpy references of METRICS.md.

    python3 make_vectors.py REFERENCE_DIR OUTPUT_DIR     (bench/make_vectors.sh passes both)

REFERENCE_DIR holds metrics_ref.py and oscillators_ref.py (shared/design/reference). Every file records the command
that made it; the build never runs this script, the JSON files are committed."""
import json, math, os, sys

import numpy as np
from scipy.linalg import solve_discrete_lyapunov

REF, OUT = sys.argv[1], sys.argv[2]
sys.path.insert(0, REF)
import metrics_ref  # noqa: E402
import oscillators_ref  # noqa: E402

COMMAND = "bundles/org.aegis.metrics/bench/make_vectors.sh " + os.path.relpath(REF, os.getcwd())
DEFAULT_WEIGHTS = (0.4, 0.2, 0.2, 0.2)
# Scores closer than this to the best are ties for the tests: double precision resolves the scores of a
# near-singular (ridge-dominated) covariance only to about 1e-10, far coarser than the spec's 1e-12 tie rule.
NEAR_TIE = 1e-8


def dump(name, meta, rows_key=None, rows=None):
    """Metadata one key a line; a long table (phases) one row a line, numbers as repr (round-trip exact)."""
    lines = []
    for key, value in meta.items():
        lines.append(json.dumps(key) + ": " + json.dumps(value, separators=(",", ":")))
    if rows_key is not None:
        body = ",\n".join("[" + ",".join(repr(float(v)) for v in row) + "]" for row in rows)
        lines.append(json.dumps(rows_key) + ": [\n" + body + "\n]")
    text = "{\n" + ",\n".join(lines) + "\n}\n"
    with open(os.path.join(OUT, name), "w") as f:
        f.write(text)
    print(f"{name}: {len(text) // 1024} KiB", file=sys.stderr)


def reference_metrics(theta, tau=1):
    theta = np.asarray(theta, dtype=float)
    out = metrics_ref.metrics(theta, tau=tau, weights=DEFAULT_WEIGHTS)
    last = np.exp(1j * theta[-1]).mean()
    return {
        "phi": float(out["phi"]),
        "mib": out["mib"],
        "coherence": float(out["coherence"]),
        "stability": float(out["stability"]),
        "divergence": float(out["divergence"]),
        "consciousness_level": float(out["consciousness_level"]),
        # arg z at the last sample (METRICS.md §4); not in metrics_ref, computed here with numpy
        "mean_phase": 0.0 if abs(last) <= 1e-15 else float(np.angle(last)),
        **near_ties(theta, tau),
    }


def near_ties(theta, tau):
    """The bipartitions whose reference score is within NEAR_TIE of the best, when there is more than one."""
    sx, sy, sxy = metrics_ref.sample_cov(theta, tau)
    n = theta.shape[1]
    cl = lambda osc: metrics_ref.cond_ldet(sx, sy, sxy, metrics_ref.dims(osc, n))
    whole = cl(range(n))
    scored = []
    for mask in range(1, 2 ** (n - 1)):
        m1 = [i for i in range(n) if mask >> i & 1]
        m2 = [i for i in range(n) if not mask >> i & 1]
        scored.append((0.5 * (cl(m1) + cl(m2) - whole) / min(len(m1), len(m2)), [m1, m2]))
    best = min(score for score, _ in scored)
    ties = [mib for score, mib in scored if score <= best + NEAR_TIE]
    return {"mib_near_ties": ties, "mib_near_tie_tolerance": NEAR_TIE} if len(ties) > 1 else {}


def window(name, theta, description, how, lags=(1,)):
    theta = np.asarray(theta, dtype=float)
    meta = {
        "command": COMMAND,
        "description": description,
        "phases_from": how,
        "samples": int(theta.shape[0]),
        "oscillators": int(theta.shape[1]),
        "weights": list(DEFAULT_WEIGHTS),
    }
    for tau in lags:
        meta["reference" if tau == 1 else f"reference_lag{tau}"] = dict(lag=tau, **reference_metrics(theta, tau))
    dump(name, meta, "phases", theta)


def var1_vectors():
    cases = []
    for n in range(2, 14):
        rng = np.random.default_rng(1000 + n)
        d = 2 * n
        a = rng.standard_normal((d, d))
        radius = 0.5 + 0.4 * rng.random()                     # spectral radius in [0.5, 0.9)
        a *= radius / max(abs(np.linalg.eigvals(a)))
        b = rng.standard_normal((d, d))
        e = b @ b.T / d + 0.5 * np.eye(d)                      # noise covariance, SPD
        s0 = solve_discrete_lyapunov(a, e)
        ref = metrics_ref.var1_phi(a, e)                       # phi_from_cov(s0, s0, a @ s0)
        cases.append({
            "oscillators": n, "spectral_radius": radius,
            "A": a.tolist(), "E": e.tolist(),
            "sx": s0.tolist(), "sy": s0.tolist(), "sxy": (a @ s0).tolist(),
            "phi": float(ref["phi"]), "mib": ref["mib"],
        })
    dump("var1.json", {
        "command": COMMAND,
        "description": "exact phi of stationary VAR(1) x(s) = A x(s-1) + e, e ~ N(0, E), n = 2..13 (seed 1000+n): "
                       "sx = sy = solve_discrete_lyapunov(A, E), sxy = A sx; phi and mib from metrics_ref.var1_phi",
        "cases": cases,
    })


def all_to_all_kuramoto(n, k, sigma, seed, steps, dt=0.05):
    """A network of any size for the edge cases (oscillators_ref simulates the 13-oscillator network only)."""
    rng = np.random.default_rng(seed)
    omega = 2 * math.pi + 0.5 * (2 * rng.random(n) - 1)
    theta = 2 * math.pi * rng.random(n)
    out = np.empty((steps, n))
    for t in range(steps):
        coupling = k / n * np.sin(theta[None, :] - theta[:, None]).sum(axis=1)
        theta = theta + (omega + coupling) * dt + sigma * math.sqrt(dt) * rng.standard_normal(n)
        out[t] = theta
    return out


def kuramoto_vectors():
    runs = [  # (K, sigma, seed, T)
        (0.0, 0.3, 1, 1200), (1.0, 0.3, 2, 1200), (2.0, 0.3, 3, 1200), (8.0, 0.3, 4, 1200),
        (2.0, 0.1, 5, 1200), (2.0, 1.0, 6, 1200), (8.0, 1.0, 7, 300),
    ]
    for k, sigma, seed, steps in runs:
        theta = oscillators_ref.simulate(k, sigma, seed, steps)
        window(f"kuramoto_K{k:g}_sigma{sigma:g}_seed{seed}_T{steps}.json", theta,
               f"Metatron network (13 oscillators), K = {k:g}, sigma = {sigma:g}, seed {seed}, T = {steps}",
               f"oscillators_ref.simulate({k!r}, {sigma!r}, {seed}, {steps})",
               lags=(1, 2) if (k, seed) == (2.0, 3) else (1,))


def edge_vectors():
    theta = oscillators_ref.simulate(2.0, 0.3, 8, 600)[:, :2]
    window("edge_n2.json", theta, "n = 2: oscillators 0 and 1 of a Metatron run (K = 2, sigma = 0.3, seed 8, T = 600)",
           "oscillators_ref.simulate(2.0, 0.3, 8, 600)[:, :2]")

    fixed = np.array([0.3, 1.1, 2.0, -0.7, 3.0])
    window("edge_constant.json", np.tile(fixed, (120, 1)),
           "constant phases, n = 5, T = 120: S = 1, D = 0, phi finite thanks to the ridge",
           "numpy.tile([0.3, 1.1, 2.0, -0.7, 3.0], (120, 1))")

    n, steps = 6, 200
    s = np.arange(steps)[:, None]
    splay = 0.3 * s + 2 * math.pi * np.arange(n)[None, :] / n
    window("edge_splay.json", splay, "splay state, n = 6, T = 200: evenly spread, rotating locked (R ~ 0, S = 1). "
           "Its MIB is ill-conditioned: in exact arithmetic (mpmath, 40 digits, on these double phases) the 10 "
           "balanced bipartitions tie exactly, so METRICS.md's rule picks the first, [0,1,2]|[3,4,5]; in double "
           "precision their scores differ by noise of about 1e-10 and each implementation picks a different one. "
           "mib_near_ties lists them; phi (ln 2) is well defined.", "0.3 * s + 2 pi k / 6")

    theta = all_to_all_kuramoto(16, 1.5, 0.5, 16, 400)
    window("edge_n16.json", theta, "n = 16, T = 400, all-to-all Kuramoto K = 1.5, sigma = 0.5, seed 16: "
           "32767 bipartitions", "make_vectors.all_to_all_kuramoto(16, 1.5, 0.5, 16, 400)")


def weight_vectors():
    rng = np.random.default_rng(77)
    cases = []
    for n in range(1, 14):
        for _ in range(6):
            levels = rng.random(n).tolist()
            if rng.random() < 0.5:                             # push some to the extremes so that the cap triggers
                for i in range(n):
                    if rng.random() < 0.5:
                        levels[i] = float(rng.choice([0.0, 1.0]))
            cases.append(levels)
    cases += [
        [1.0, 0.0, 0.0, 0.0],                                  # n = 4: 300 vs 3 x 100, cap triggers
        [1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0],                   # n = 7, f = 2
        [1.0] * 4 + [0.0] * 9,                                 # n = 13, f = 4
        [0.0] * 7, [1.0] * 10, [0.5],
        [-0.5, 1.5, 0.25, 2.0, -3.0],                          # clamped
        [0.0025, 0.0075, 0.4975, 0.9975],                      # near the half-way points of 200 C
    ]
    out = [{"levels": c, "weights": metrics_ref.vote_weights(c)} for c in cases]
    dump("vote_weights.json", {
        "command": COMMAND,
        "description": "vote weights (METRICS.md section 5) from metrics_ref.vote_weights, the function behind "
                       "metrics_ref.py --weights; random levels seed 77, n = 1..13, and cases where the cap triggers",
        "cases": out,
    })


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    only = sys.argv[3:] or ["var1", "kuramoto", "edge", "weights"]
    for part in only:
        {"var1": var1_vectors, "kuramoto": kuramoto_vectors, "edge": edge_vectors, "weights": weight_vectors}[part]()
