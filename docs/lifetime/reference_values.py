#!/usr/bin/env python3
"""Independent reference values for Herald's BG/NBD model (engine/.../lifetime), computed with SciPy/NumPy.

Run from the repository root:
    python3 docs/lifetime/reference_values.py

It writes engine/src/test/resources/lifetime/histories.tsv (2,000 customers simulated from known parameters, in
days) and engine/src/test/resources/lifetime/bgnbd-reference.json, which BgNbdReferenceTest compares with Herald:
- the log-likelihood of single histories by numerical double integration of the individual-level likelihood over the
  Gamma(r, alpha) purchase rate and the Beta(a, b) drop-out probability (scipy.integrate.dblquad), not the closed form;
- P(alive) as the alive part of that integral over the whole, and the chance of a purchase in the next 90 days as
  the alive part less its share with no purchase in them;
- the expected purchases in the next t days by the closed form with SciPy's own hyp2f1 (Herald sums the series);
- the maximum-likelihood parameters of the simulated histories by scipy.optimize.minimize (L-BFGS-B, log scale).
"""
import json
import math

import numpy as np
from scipy import integrate, optimize, special, stats

TRUE = {"r": 0.243, "alpha": 30.9, "a": 0.793, "b": 2.426}   # CDNOW's fit (FHL 2005) in days instead of weeks


def simulate(n, rng):
    rows = []
    for i in range(n):
        lam = rng.gamma(TRUE["r"], 1 / TRUE["alpha"])
        p = rng.beta(TRUE["a"], TRUE["b"])
        T = float(rng.integers(200, 500))
        t, purchases, alive = 0.0, [], True
        while alive:
            t += rng.exponential(1 / lam) if lam > 0 else math.inf
            if t > T:
                break
            purchases.append(t)
            alive = rng.random() >= p
        # whole days, as Herald counts them; several purchases on one day are one
        days = sorted(set(math.floor(x) for x in purchases))
        x = len(days)
        tx = float(days[-1]) if days else 0.0
        rows.append(("S%04d" % i, x, tx, T))
    return rows


def closed_ll(params, x, tx, T):
    r, alpha, a, b = params
    common = (special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + special.gammaln(a + b)
              + special.gammaln(b + x) - special.gammaln(b) - special.gammaln(a + b + x))
    stayed = -(r + x) * np.log(alpha + T)
    left = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + tx), -np.inf)
    return common + np.logaddexp(stayed, left)


def integrated(params, x, tx, T, t=0.0):
    """(whole likelihood, alive part, alive part with no purchase in the next t days) by integrating the
    individual-level likelihood over lambda and p."""
    r, alpha, a, b = params
    gamma = stats.gamma(r, scale=1 / alpha)
    beta = stats.beta(a, b)

    def alive(p, lam):
        return (1 - p) ** x * lam ** x * math.exp(-lam * T) * gamma.pdf(lam) * beta.pdf(p)

    def dropped(p, lam):
        return (p * (1 - p) ** (x - 1) * lam ** x * math.exp(-lam * tx) * gamma.pdf(lam) * beta.pdf(p)) if x > 0 else 0.0

    def alive_and_quiet(p, lam):
        return alive(p, lam) * math.exp(-lam * t)

    opts = dict(epsabs=0, epsrel=1e-10)
    hi = gamma.ppf(1 - 1e-13) + 50.0 / max(T, 1)
    a_part = integrate.dblquad(alive, 0, hi, 0, 1, **opts)[0]
    d_part = integrate.dblquad(dropped, 0, hi, 0, 1, **opts)[0]
    q_part = integrate.dblquad(alive_and_quiet, 0, hi, 0, 1, **opts)[0]
    return a_part + d_part, a_part, q_part


def expected(params, x, tx, T, t):
    r, alpha, a, b = params
    hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    num = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)
    den = 1 + (x > 0) * a / (b + x - 1) * ((alpha + tx) / (alpha + T)) ** -(r + x) if x > 0 else 1
    return num / den


def main():
    rng = np.random.default_rng(20261125)
    rows = simulate(2000, rng)
    with open("engine/src/test/resources/lifetime/histories.tsv", "w") as f:
        f.write("customer_id\tx\ttx\tT\n")
        for c, x, tx, T in rows:
            f.write("%s\t%d\t%g\t%g\n" % (c, x, tx, T))
    x = np.array([r[1] for r in rows], float)
    tx = np.array([r[2] for r in rows], float)
    T = np.array([r[3] for r in rows], float)

    def nll(logp):
        return -np.sum(closed_ll(np.exp(logp), x, tx, T)) / len(x)

    res = optimize.minimize(nll, np.log([1, 30, 1, 1]), method="L-BFGS-B", options={"ftol": 1e-15, "gtol": 1e-10,
                                                                                   "maxiter": 10000})
    res = optimize.minimize(nll, res.x, method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-14,
                                                                        "maxiter": 40000, "maxfev": 40000})
    fitted = np.exp(res.x)
    params = (0.55, 12.0, 0.85, 2.7)
    singles = []
    for (xi, txi, Ti) in [(0, 0, 30), (0, 0, 400), (1, 10, 200), (3, 150, 200), (3, 20, 300), (12, 330, 360),
                          (40, 355, 365)]:
        whole, alive_part, quiet_part = integrated(params, xi, txi, Ti, 90.0)
        # a purchase in the next 90 days: alive, and not quiet (a customer drops out only after a purchase)
        singles.append({"x": xi, "tx": txi, "T": Ti, "log_likelihood": math.log(whole),
                        "p_alive": alive_part / whole,
                        "purchase_probability_90": (alive_part - quiet_part) / whole,
                        "expected_30": expected(params, xi, txi, Ti, 30.0),
                        "expected_90": expected(params, xi, txi, Ti, 90.0),
                        "closed_form_log_likelihood": float(closed_ll(params, np.array(xi, float),
                                                                       np.array(txi, float), np.array(Ti, float)))})
    for s in singles:   # the closed form Herald uses agrees with the integral before we publish either
        assert abs(s["log_likelihood"] - s["closed_form_log_likelihood"]) < 1e-7, s
    out = {"generated_by": "docs/lifetime/reference_values.py", "scipy": __import__("scipy").__version__,
           "true_params": TRUE, "params": dict(zip(["r", "alpha", "a", "b"], params)), "singles": singles,
           "fit": {"r": fitted[0], "alpha": fitted[1], "a": fitted[2], "b": fitted[3],
                   "log_likelihood": float(-res.fun * len(x)), "customers": len(x)}}
    with open("engine/src/test/resources/lifetime/bgnbd-reference.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(json.dumps(out["fit"]), json.dumps(TRUE))


if __name__ == "__main__":
    main()
