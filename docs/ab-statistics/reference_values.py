#!/usr/bin/env python3
"""Independent reference values for Herald's A/B statistics, computed with SciPy/NumPy.

Run from the repository root:
    python3 docs/ab-statistics/reference_values.py > engine/src/test/resources/experiment/ab-reference.json

The Java tests (dev.herald.engine.experiment.report.AbReportReferenceTest) build a report for every case's
input and compare each number with the value here. Where SciPy has the method it is used directly
(binomtest Wilson interval, chi2_contingency for the z-test, chisquare, ttest_ind / ttest_ind_from_stats,
integrate.quad); the rest (Wald and delta-method intervals, Holm, sample size) is re-implemented here from
the textbook formula, independently of the Java code. The sequential test's likelihood ratio is integrated
numerically (Herald uses its closed form) and its interval's ends are found by root finding. Chance to beat control uses Evan Miller's closed form
(an exact finite sum of Beta functions), a different method from the Java numerical integration.
"""
import json
import math
import sys

import numpy as np
from scipy import integrate, special, stats
from scipy.optimize import brentq


def wilson(x, n, conf):
    if n == 0:
        return None
    ci = stats.binomtest(x, n).proportion_ci(confidence_level=conf, method="wilson")
    return [float(ci.low), float(ci.high)]


def compare(xc, nc, xv, nv, conf):
    z = stats.norm.ppf(1 - (1 - conf) / 2)
    pc, pv = xc / nc, xv / nv
    d = pv - pc
    se = math.sqrt(pc * (1 - pc) / nc + pv * (1 - pv) / nv)
    out = {"abs_diff": d, "abs_ci": [d - z * se, d + z * se]}
    if pc > 0:
        r = pv / pc - 1
        se_r = math.sqrt((pv * (1 - pv) / nv) / pc ** 2 + pv ** 2 * (pc * (1 - pc) / nc) / pc ** 4)
        out["rel_diff"], out["rel_ci"] = r, [r - z * se_r, r + z * se_r]
    else:
        out["rel_diff"], out["rel_ci"] = None, None
    table = np.array([[xv, nv - xv], [xc, nc - xc]])
    if (xc + xv) in (0, nc + nv):
        out["z"], out["p_value"] = None, None
    else:
        chi2, p, _, _ = stats.chi2_contingency(table, correction=False)
        out["z"] = math.copysign(math.sqrt(chi2), d)   # z^2 = uncorrected 2x2 chi-square
        out["p_value"] = float(p)
    return out


def chance_to_beat_closed_form(xc, nc, xv, nv):
    """Evan Miller: P(pB > pA) = sum_{i=0}^{aB-1} B(aA+i, bA+bB) / ((bB+i) B(1+i, bB) B(aA, bA))."""
    a_a, b_a, a_b, b_b = 1 + xc, 1 + nc - xc, 1 + xv, 1 + nv - xv
    i = np.arange(0, a_b, dtype=np.float64)
    log_terms = (special.betaln(a_a + i, b_a + b_b) - np.log(b_b + i) - special.betaln(1 + i, b_b)
                 - special.betaln(a_a, b_a))
    return float(np.exp(special.logsumexp(log_terms)))


def chance_to_be_best_quad(arms):
    dists = [stats.beta(1 + x, 1 + n - x) for x, n in arms]
    out = []
    for j, dj in enumerate(dists):
        m, s = dj.mean(), dj.std()
        lo, hi = max(0.0, m - 40 * s), min(1.0, m + 40 * s)
        pts = sorted({min(hi, max(lo, d.mean() + k * d.std())) for d in dists for k in (-6, -3, -1, 0, 1, 3, 6)})
        f = lambda p: dj.pdf(p) * np.prod([d.cdf(p) for i, d in enumerate(dists) if i != j])
        val, _ = integrate.quad(f, lo, hi, points=pts[1:-1] or None, limit=500, epsabs=1e-13, epsrel=1e-11)
        out.append(val)
    return out


def log_mixture_ratio(d, v, tau2):
    """log Λ of the mixture SPRT by numerical integration (scipy.integrate.quad) of the normal likelihood ratio
    exp((2 d t - t²) / 2v) over the mixing density N(0, τ²), not by the closed form Herald uses. The integrand is
    peaked, so it is integrated in log scale around its maximum, ±40 of its widths."""
    sd = math.sqrt(tau2)
    log_f = lambda t: (2 * d * t - t * t) / (2 * v) + stats.norm.logpdf(t, 0, sd)
    centre = d * tau2 / (v + tau2)
    width = math.sqrt(v * tau2 / (v + tau2))
    peak = log_f(centre)
    area, _ = integrate.quad(lambda t: math.exp(log_f(t) - peak), centre - 40 * width, centre + 40 * width,
                             points=[centre], epsabs=0, epsrel=1e-13, limit=200)
    return peak + math.log(area)


def sequential(xc, nc, xv, nv, lift, alpha):
    """Always-valid p-value min(1, 1/Λ) (pooled variance) and the confidence sequence {θ0 : Λ(θ0) < 1/α}
    (unpooled variance), its ends found by brentq; τ = lift × pooled rate."""
    pc, pv = xc / nc, xv / nv
    d = pv - pc
    pooled = (xc + xv) / (nc + nv)
    v0 = pooled * (1 - pooled) * (1 / nc + 1 / nv)
    tau2 = (lift * pooled) ** 2
    if v0 <= 0 or tau2 <= 0:
        return {"sequential_p": None, "sequential_abs_ci": None}
    out = {"sequential_p": min(1.0, math.exp(-log_mixture_ratio(d, v0, tau2)))}
    v = pc * (1 - pc) / nc + pv * (1 - pv) / nv
    if v <= 0:
        out["sequential_abs_ci"] = None
        return out
    level = -math.log(alpha)
    excess = lambda theta0: log_mixture_ratio(d - theta0, v, tau2) - level
    low = brentq(excess, d - 100, d, xtol=1e-15, rtol=1e-14)
    high = brentq(excess, d, d + 100, xtol=1e-15, rtol=1e-14)
    out["sequential_abs_ci"] = [low, high]
    return out


def sequential_means(c, v, lift, alpha):
    """The same test for revenue per recipient: Welch's variance for the test and the interval, tau = lift x the mean
    of both arms; integrated numerically like the rates'."""
    (nc, mc, vc), (nv, mv, vv) = c, v
    if nc < 2 or nv < 2:
        return {"sequential_p": None, "sequential_ci": None}
    var = vc / nc + vv / nv
    d = mv - mc
    tau2 = (lift * (mc * nc + mv * nv) / (nc + nv)) ** 2
    if var <= 0 or tau2 <= 0:
        return {"sequential_p": None, "sequential_ci": None}
    level = -math.log(alpha)
    excess = lambda theta0: log_mixture_ratio(d - theta0, var, tau2) - level
    width = 100 * math.sqrt(var) + 100 * math.sqrt(tau2)
    return {"sequential_p": min(1.0, math.exp(-log_mixture_ratio(d, var, tau2))),
            "sequential_ci": [brentq(excess, d - width, d, xtol=1e-13, rtol=1e-14),
                              brentq(excess, d, d + width, xtol=1e-13, rtol=1e-14)]}


def holm(pvalues):
    idx = [i for i, p in enumerate(pvalues) if p is not None]
    m = len(idx)
    ranked = sorted(idx, key=lambda i: pvalues[i])
    adj = [None] * len(pvalues)
    for r, i in enumerate(ranked):
        adj[i] = max(min(1.0, (m - k) * pvalues[ranked[k]]) for k in range(r + 1))
    return adj


def summary(values_or_summary, users):
    if isinstance(values_or_summary, dict):
        return values_or_summary["n"], values_or_summary["mean"], values_or_summary["variance"]
    v = np.concatenate([np.array(values_or_summary, dtype=float), np.zeros(users - len(values_or_summary))])
    return len(v), float(v.mean()), float(v.var(ddof=1))


def welch(c, v, conf):
    nc, mc, vc = c
    nv, mv, vv = v
    res = stats.ttest_ind_from_stats(mv, math.sqrt(vv), nv, mc, math.sqrt(vc), nc, equal_var=False)
    se2c, se2v = vc / nc, vv / nv
    df = (se2c + se2v) ** 2 / (se2c ** 2 / (nc - 1) + se2v ** 2 / (nv - 1))
    crit = stats.t.ppf(1 - (1 - conf) / 2, df)
    d = mv - mc
    se = math.sqrt(se2c + se2v)
    return {"mean_diff": d, "ci": [d - crit * se, d + crit * se], "t": float(res.statistic), "df": df,
            "p_value": float(res.pvalue)}


def welch_from_values(c_values, v_values, conf):
    """The same with scipy.stats.ttest_ind on the raw values, including SciPy's own confidence interval."""
    res = stats.ttest_ind(v_values, c_values, equal_var=False)
    ci = res.confidence_interval(confidence_level=conf)
    return {"mean_diff": float(np.mean(v_values) - np.mean(c_values)), "ci": [float(ci.low), float(ci.high)],
            "t": float(res.statistic), "df": float(res.df), "p_value": float(res.pvalue)}


def expected(case):
    conf = 1 - case.get("alpha", 0.05)
    variants = case["variants"]
    control = next(v for v in variants if v["name"] == case["control"])
    arms = [(v["conversions"], v["users"]) for v in variants]
    best = chance_to_be_best_quad(arms)
    weights = [v.get("weight", 1.0) for v in variants]
    users = [v["users"] for v in variants]
    total = sum(users)
    f_exp = [total * w / sum(weights) for w in weights]
    chi2, p = stats.chisquare(users, f_exp)
    out = {"srm": {"chi2": float(chi2), "df": len(users) - 1, "p_value": float(p), "mismatch": bool(p < 0.001)},
           "variants": [], "comparisons": []}
    for v, b in zip(variants, best):
        out["variants"].append({"name": v["name"], "users": v["users"], "conversions": v["conversions"],
                                "rate": v["conversions"] / v["users"],
                                "rate_ci": wilson(v["conversions"], v["users"], conf), "chance_to_be_best": b})
    for v in variants:
        if v is control:
            continue
        c = compare(control["conversions"], control["users"], v["conversions"], v["users"], conf)
        c.update({"variant": v["name"], "control": control["name"],
                  "chance_to_beat_control": chance_to_beat_closed_form(control["conversions"], control["users"],
                                                                       v["conversions"], v["users"])})
        c.update(sequential(control["conversions"], control["users"], v["conversions"], v["users"],
                            case.get("minimum_detectable_effect", 0.10), case.get("alpha", 0.05)))
        out["comparisons"].append(c)
    for c, adj in zip(out["comparisons"], holm([c["p_value"] for c in out["comparisons"]])):
        c["p_value_holm"] = adj
    for c, adj in zip(out["comparisons"], holm([c["sequential_p"] for c in out["comparisons"]])):
        c["sequential_p_holm"] = adj
    if "revenue" in control:
        out["revenue_comparisons"] = []
        cs = summary(control["revenue"], control["users"])
        for v in variants:
            if v is control:
                continue
            r = welch(cs, summary(v["revenue"], v["users"]), conf)
            if isinstance(v["revenue"], list) and isinstance(control["revenue"], list):
                pad = lambda vv: np.concatenate([np.array(vv["revenue"], float), np.zeros(vv["users"] - len(vv["revenue"]))])
                r2 = welch_from_values(pad(control), pad(v), conf)
                for k in r:   # both SciPy routes must agree before we publish the value
                    assert np.allclose(r[k], r2[k], rtol=1e-9, atol=1e-12), (k, r[k], r2[k])
            r.update(sequential_means(cs, summary(v["revenue"], v["users"]), case.get("minimum_detectable_effect", 0.10),
                                      case.get("alpha", 0.05)))
            r["variant"] = v["name"]
            out["revenue_comparisons"].append(r)
    return out


def sample_size(p1, lift, alpha, power):
    p2 = p1 * (1 + lift)
    pbar = (p1 + p2) / 2
    za, zb = stats.norm.ppf(1 - alpha / 2), stats.norm.ppf(power)
    n = (za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p2 - p1) ** 2
    return math.ceil(n)


def achieved_power(p1, p2, n, alpha):
    """Power by SciPy's normal distribution, to check that the computed n reaches the target power."""
    pbar = (p1 + p2) / 2
    za = stats.norm.ppf(1 - alpha / 2)
    se0, se1 = math.sqrt(2 * pbar * (1 - pbar) / n), math.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / n)
    d = abs(p2 - p1)
    return stats.norm.cdf((d - za * se0) / se1) + stats.norm.cdf((-d - za * se0) / se1)


def main():
    rng = np.random.default_rng(20261123)
    revenue_a = np.round(rng.gamma(2.0, 20.0, 180), 2).tolist()
    revenue_b = np.round(rng.gamma(2.0, 24.0, 210), 2).tolist()
    cases = [
        {"id": "issue-example", "input": {"control": "A", "alpha": 0.05, "variants": [
            {"name": "A", "users": 10000, "conversions": 2100, "weight": 0.5},
            {"name": "B", "users": 10000, "conversions": 2230, "weight": 0.5}]}},
        {"id": "three-arms-unequal-split", "input": {"control": "A", "alpha": 0.05, "variants": [
            {"name": "A", "users": 5000, "conversions": 500, "weight": 0.4},
            {"name": "B", "users": 3100, "conversions": 350, "weight": 0.3},
            {"name": "C", "users": 2950, "conversions": 280, "weight": 0.3}]}},
        {"id": "four-arms-alpha-0.10", "input": {"control": "ctl", "alpha": 0.10, "variants": [
            {"name": "ctl", "users": 1200, "conversions": 60},
            {"name": "v1", "users": 1180, "conversions": 75},
            {"name": "v2", "users": 1215, "conversions": 58},
            {"name": "v3", "users": 1190, "conversions": 81}]}},
        {"id": "zero-conversions", "input": {"control": "A", "variants": [
            {"name": "A", "users": 50, "conversions": 0}, {"name": "B", "users": 50, "conversions": 3}]}},
        {"id": "all-convert", "input": {"control": "A", "variants": [
            {"name": "A", "users": 20, "conversions": 20}, {"name": "B", "users": 20, "conversions": 18}]}},
        {"id": "fewer-than-ten-users", "input": {"control": "A", "variants": [
            {"name": "A", "users": 7, "conversions": 2}, {"name": "B", "users": 8, "conversions": 5}]}},
        {"id": "ten-million-per-arm", "input": {"control": "A", "variants": [
            {"name": "A", "users": 10000000, "conversions": 1000000},
            {"name": "B", "users": 10000000, "conversions": 1003000}]}},
        {"id": "sample-ratio-mismatch", "input": {"control": "A", "variants": [
            {"name": "A", "users": 10000, "conversions": 1000, "weight": 0.5},
            {"name": "B", "users": 10600, "conversions": 1080, "weight": 0.5}]}},
        {"id": "revenue-values", "input": {"control": "A", "variants": [
            {"name": "A", "users": 1000, "conversions": 180, "revenue": revenue_a},
            {"name": "B", "users": 1000, "conversions": 210, "revenue": revenue_b}]}},
        {"id": "sequential-tuned-to-a-25-percent-lift", "input": {"control": "A", "alpha": 0.05,
            "minimum_detectable_effect": 0.25, "variants": [
            {"name": "A", "users": 3000, "conversions": 240}, {"name": "B", "users": 3000, "conversions": 310}]}},
        {"id": "revenue-summary", "input": {"control": "A", "variants": [
            {"name": "A", "users": 50000, "conversions": 2500, "revenue": {"n": 50000, "mean": 2.31, "variance": 210.5}},
            {"name": "B", "users": 50000, "conversions": 2650, "revenue": {"n": 50000, "mean": 2.52, "variance": 260.1}}]}},
    ]
    for case in cases:
        case["expected"] = expected(case["input"])
    sizes = []
    for p1, lift, alpha, power in [(0.21, 0.05, 0.05, 0.8), (0.10, 0.10, 0.05, 0.8), (0.02, 0.20, 0.05, 0.9),
                                   (0.5, -0.1, 0.01, 0.8)]:
        n = sample_size(p1, lift, alpha, power)
        assert achieved_power(p1, p1 * (1 + lift), n, alpha) >= power > achieved_power(p1, p1 * (1 + lift), n - 1, alpha)
        sizes.append({"baseline": p1, "relative_lift": lift, "alpha": alpha, "power": power, "users_per_arm": n})
    json.dump({"generated_by": "docs/ab-statistics/reference_values.py", "scipy": __import__("scipy").__version__,
               "cases": cases, "sample_sizes": sizes}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
