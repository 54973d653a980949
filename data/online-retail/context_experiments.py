"""All-items protocol: the customer's country and discontinued products, tried for HR@10 >= 0.75 (docs/benchmarks.md).

Every earlier attempt (ADRs 0027, 0035, 0039, 0048) used the purchase data alone. Two things it did not use:
- the customer's COUNTRY (a profile attribute Herald has; 10% of the customers are not in the UK, and what sells
  right now differs by country). The own-product score's 30-day trend becomes
      (1 - alpha) x global trend + alpha x trend in the customer's country  (window 30, 60 or 90 days),
  and the other products' blend gets + beta x the product's popularity in the customer's country;
- DISCONTINUED products: an own product nobody bought in the last 30 / 90 days has its score (baskets + trend +
  popularity) multiplied by a factor < 1, so a customer's old favourite that the shop no longer sells gives its slot.
alpha = beta = 0 and factor 1 are exactly Herald's default (checked hit for hit on every level).
Honesty: the nested validation levels and the pooled HR@10 with its clustered paired SE of coverage_experiments.py
(ADR 0048), from the training baskets only. A control mixes in the same window's trend over ALL customers, so that
a gain of the longer window is not taken for the country's. test.tsv would be read only for a country setting that
beats both the default and its control by two clustered paired SEs on pooled validation; none does, so it is not.
The control's own gain is followed up, with a fixed grid, in trend_experiments.py (ADR 0052).
Usage: nice -n 19 python3 context_experiments.py > context_results.txt     (numpy, scipy; about 2 minutes)
"""
import collections
import csv
import gzip
import pathlib
import sys
import time
import types

import numpy as np

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE))
from all_items_experiments import load, split  # noqa: E402  (same cleaning and split)
from coverage_experiments import VALIDATION_LEVELS, pooled  # noqa: E402  (same levels and statistics)
from ranker_experiments import FEATURES, Level, report  # noqa: E402  (same candidates and default ranking)

WINDOWS = [30, 60, 90]
ALPHAS = [0, 0.25, 0.5, 0.75, 1]
BETAS = [0, 0.1, 0.3, 1]
DISCONTINUED = [('trend 30d', f) for f in (0.8, 0.5, 0.3, 0.0)] + [('trend 90d', f) for f in (0.8, 0.5, 0.3, 0.0)]


def countries():
    """Each customer's country: the one most of their order lines name (8 customers name two)."""
    votes = collections.defaultdict(collections.Counter)
    with gzip.open(HERE / 'online_retail.csv.gz', 'rt', encoding='utf-8', errors='replace') as f:
        for r in csv.DictReader(f):
            customer = r['CustomerID'].strip()
            if customer:
                votes[customer[:-2] if customer.endswith('.0') else customer][r['Country']] += 1
    return {c: v.most_common(1)[0][0] for c, v in votes.items()}


class OneCountry(dict):
    """Every customer in one country: CountryTerms then gives the window's trend over all customers."""

    def __missing__(self, customer):
        return 'everyone'


class CountryTerms:
    """Per candidate pair of a level: the product's trend and popularity among the customer's compatriots."""

    def __init__(self, level, history, country, window):
        n_items = len(level.index)
        recent = collections.defaultdict(lambda: np.zeros(n_items))
        buyers = collections.defaultdict(lambda: np.zeros(n_items))
        for customer, baskets in history.items():
            bought = {level.index[i] for _, b in baskets for i in b}
            lately = {level.index[i] for day, b in baskets if day > level.newest - window for i in b}
            buyers[country[customer]][sorted(bought)] += 1
            recent[country[customer]][sorted(lately)] += 1
        self.trend, self.popularity = np.zeros(len(level.y)), np.zeros(len(level.y))
        for j, customer in enumerate(level.customers):
            a, b = level.starts[j], level.starts[j + 1]
            t, p = recent[country[customer]], buyers[country[customer]]
            self.trend[a:b] = t[level.item[a:b]] / max(t.max(), 1)
            self.popularity[a:b] = p[level.item[a:b]] / max(p.max(), 1)


def column(level, name):
    return level.x[:, FEATURES.index(name)].astype(float)


def country_score(level, terms, alpha, beta):
    """The default with the trend mixed with the country's, and the others' blend plus the country's popularity."""
    trend = (1 - alpha) * level.trend30[level.item] + alpha * terms.trend
    own = 1000 + column(level, 'baskets') + 8 * trend + 0.5 * level.popularity[level.item]
    return np.where(column(level, 'own') > 0.5, own, column(level, 'blend') + beta * terms.popularity)


def discontinued_score(level, alive_column, factor):
    """The default with own products that nobody bought in the window scaled down by factor."""
    dead = (column(level, 'own') > 0.5) & ~(column(level, alive_column) > 0)
    score = level.default.copy()
    score[dead] = 1000 + (score[dead] - 1000) * factor
    return score


def main():
    started = time.time()
    country = countries()
    train, test = split(load())
    levels, history = [], train
    for _ in range(VALIDATION_LEVELS):
        history, held_out = split(history)
        levels.append((Level(history, held_out), history))
    references = [level.hits(level.default) for level, _ in levels]
    coverage_like = [types.SimpleNamespace(level=level) for level, _ in levels]  # what pooled() reads
    outside_uk = np.mean([country[c] != 'United Kingdom' for c in levels[0][0].customers])
    print(f'validation levels: {[lv.n_queries for lv, _ in levels]} customers; level 1 outside the UK: '
          f'{outside_uk:.1%}; default pooled HR@10 {np.concatenate(references).mean():.4f} '
          f'({time.time() - started:.0f} s)', flush=True)

    results = []

    def record(name, score_of, key=None):
        hits = [level.hits(score_of(k, level)) for k, (level, _) in enumerate(levels)]
        mean, diff, se = pooled(coverage_like, hits, references)
        results.append((mean, diff, se, name, hits, key))
        print(f'pooled {mean:.4f} (vs default {diff:+.4f}, clustered paired SE {se:.4f}) | level 1 '
              + report(name, hits[0], references[0]), flush=True)
        return hits

    for window in WINDOWS:
        terms = [CountryTerms(level, h, country, window) for level, h in levels]
        for alpha in ALPHAS:
            for beta in BETAS:
                hits = record(f'country trend {window} d alpha={alpha} beta={beta}',
                              lambda k, lv, t=terms, a=alpha, b=beta: country_score(lv, t[k], a, b), (window, alpha))
                if alpha == 0 and beta == 0:
                    assert all(np.array_equal(h, r) for h, r in zip(hits, references)), 'must be the default'
    # control: the same mix with the window's trend over ALL customers, so a gain of the country trend that is only
    # the longer window's shows up here too
    for window in WINDOWS:
        terms = [CountryTerms(level, h, OneCountry(), window) for level, h in levels]
        for alpha in ALPHAS[1:]:
            record(f'control: global trend {window} d alpha={alpha}',
                   lambda k, lv, t=terms, a=alpha: country_score(lv, t[k], a, 0))
    for alive_column, factor in DISCONTINUED:
        record(f'own products nobody bought in the {alive_column} window x {factor}',
               lambda k, lv, c=alive_column, f=factor: discontinued_score(lv, c, f))
    results.sort(key=lambda r: (-r[0], r[3]))
    print(f'grid done: {len(results)} settings, pooled validation HR@10 {results[-1][0]:.4f}..{results[0][0]:.4f}; '
          f'{time.time() - started:.0f} s')
    for mean, diff, se, name, *_ in results[:3]:
        print(f'best: {name}: {diff:+.4f} = {diff / se:.1f} clustered paired SEs over the default')
    country = next(r for r in results if r[3].startswith('country'))
    window, alpha = country[5]
    control = references if alpha == 0 else \
        next(r for r in results if r[3] == f'control: global trend {window} d alpha={alpha}')[4]
    _, diff, se = pooled(coverage_like, country[4], control)
    print(f'best country setting: {country[3]}: {country[1]:+.4f} over the default, {diff:+.4f} over its control '
          f'(clustered paired SE {se:.4f}): test.tsv is not read')

if __name__ == '__main__':
    main()
