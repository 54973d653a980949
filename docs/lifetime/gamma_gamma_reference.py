#!/usr/bin/env python3
"""Independent reference values for Herald's Gamma-Gamma spend model (engine/.../lifetime/GammaGamma.java).

Run from the repository root:
    python3 docs/lifetime/gamma_gamma_reference.py

Writes engine/src/test/resources/lifetime/spend.tsv (1,500 customers simulated from CDNOW's parameters) and
engine/src/test/resources/lifetime/gamma-gamma-reference.json, which GammaGammaReferenceTest compares with Herald:
- the density of single customers' mean values by numerical integration over nu (scipy.integrate.quad) of the
  Gamma(p x, nu x) density of a mean of x Gamma(p, nu) values, not the closed form;
- the expected value of the next purchase as the posterior mean of p / nu, integrated numerically;
- the maximum-likelihood parameters of the simulated customers by scipy.optimize.minimize.
"""
import json
import math

import numpy as np
from scipy import integrate, optimize, special, stats

TRUE = {"p": 6.25, "q": 3.74, "gamma": 15.44}   # Fader & Hardie (2013), CDNOW


def closed_ll(params, x, m):
    p, q, g = params
    px = p * x
    return (special.gammaln(px + q) - special.gammaln(px) - special.gammaln(q) + q * np.log(g)
            + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * np.log(g + m * x))


def integrated(params, x, m):
    """(log density of the mean m, expected next value) by integrating over nu ~ Gamma(q, rate gamma)."""
    p, q, g = params
    prior = stats.gamma(q, scale=1 / g)

    def joint(nu):
        return stats.gamma.pdf(m, p * x, scale=1 / (nu * x)) * prior.pdf(nu)

    hi = prior.ppf(1 - 1e-14) * 4 + 10
    opts = dict(epsabs=0, epsrel=1e-12, limit=500)
    density = integrate.quad(joint, 0, hi, **opts)[0]
    mean_value = integrate.quad(lambda nu: p / nu * joint(nu), 0, hi, **opts)[0] / density
    return math.log(density), mean_value


def main():
    rng = np.random.default_rng(20261125)
    rows = []
    for i in range(1500):
        nu = rng.gamma(TRUE["q"], 1 / TRUE["gamma"])
        x = int(rng.integers(1, 11))
        values = rng.gamma(TRUE["p"], 1 / nu, size=x)
        rows.append(("S%04d" % i, x, float(values.mean())))
    with open("engine/src/test/resources/lifetime/spend.tsv", "w") as f:
        f.write("customer_id\tx\tmean_value\n")
        for c, x, m in rows:
            f.write("%s\t%d\t%.10g\n" % (c, x, m))
    x = np.array([r[1] for r in rows], float)
    m = np.array([float("%.10g" % r[2]) for r in rows])

    def nll(lp):
        return -np.sum(closed_ll(np.exp(lp), x, m)) / len(x)

    res = optimize.minimize(nll, np.log([1, 1, m.mean()]), method="Nelder-Mead",
                            options={"xatol": 1e-11, "fatol": 1e-15, "maxiter": 40000, "maxfev": 40000})
    res = optimize.minimize(nll, res.x, method="L-BFGS-B", options={"ftol": 1e-16, "gtol": 1e-11})
    fitted = np.exp(res.x)
    params = (4.0, 3.0, 20.0)
    singles = []
    for xi, mi in [(1, 5.0), (1, 80.0), (3, 20.0), (7, 12.5), (10, 150.0)]:
        log_density, value = integrated(params, xi, mi)
        closed = float(closed_ll(params, np.array(float(xi)), np.array(mi)))
        assert abs(log_density - closed) < 1e-8, (xi, mi, log_density, closed)
        singles.append({"x": xi, "mean_value": mi, "log_likelihood": log_density, "expected_value": value})
    out = {"generated_by": "docs/lifetime/gamma_gamma_reference.py", "scipy": __import__("scipy").__version__,
           "true_params": TRUE, "params": dict(zip(["p", "q", "gamma"], params)), "singles": singles,
           "fit": {"p": fitted[0], "q": fitted[1], "gamma": fitted[2], "log_likelihood": float(-res.fun * len(x)),
                   "customers": len(x)}}
    with open("engine/src/test/resources/lifetime/gamma-gamma-reference.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(json.dumps(out["fit"]), json.dumps(TRUE))


if __name__ == "__main__":
    main()
