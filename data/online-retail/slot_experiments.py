"""All-items protocol: slots for new products, given to the customers whose baskets are often new to them (ADR 0055).

since_visit_experiments.py found that most of the default's misses (310 of 518 on the first time-cut level) are
held-out baskets of products the customer never bought, and the default gives new products only the slots that
the customer's own products leave free. Giving every customer k of the 10 slots for the blend's best new products
loses (k = 1: -0.006), but choosing k per customer with hindsight would reach 0.79 (k in {0, 3} alone: 0.758). So:
can the customer's own history tell who needs the slots? Two rates, over each customer's past baskets 2..m (each
judged against the baskets before it):
- novel: the share of those baskets with no product the customer had bought before;
- own miss: the share in which the customer's 10 most-bought products so far (ties: the most recent first) held
  nothing of the basket, i.e. how often "own products first" would have missed them.
A customer with at least MIN_BASKETS past baskets and a rate >= theta gets k slots for new products (the blend's
best), the rest for own products in the default's order; everyone else keeps the default's list. Grid fixed before
the run: rate x theta in {0.2 .. 0.7} x k in {1, 2, 3, 5} x MIN_BASKETS in {3, 5}.
Honesty: ADR 0052's time-cut levels, pooled HR@10 and its clustered paired SE; nested levels for comparison only.
test.tsv is read only if the best setting beats the default by two clustered paired SEs; then the 3 best, once.
Usage: nice -n 19 python3 slot_experiments.py > slot_results.txt     (numpy, scipy)
"""
import collections
import pathlib
import sys
import time
import types

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from all_items_experiments import load, split  # noqa: E402  (same cleaning and split)
from coverage_experiments import VALIDATION_LEVELS, pooled  # noqa: E402  (same statistics)
from ranker_experiments import FEATURES, Level, report  # noqa: E402  (same candidates and default ranking)
from trend_experiments import TIME_CUTS, time_cut  # noqa: E402  (same time-cut levels)

RATES = ['novel', 'own miss']
THETAS = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7]
SLOTS = [1, 2, 3, 5]
MIN_BASKETS = [3, 5]


def past_rates(baskets):
    """(novel rate, own-miss rate, number of past baskets judged) of one customer's history."""
    counts, last_seen = collections.Counter(), {}
    novel = missed = 0
    for t, (_, basket) in enumerate(baskets):
        if t > 0:
            top = sorted(counts, key=lambda i: (-counts[i], -last_seen[i], i))[:10]
            novel += not any(i in counts for i in basket)
            missed += not any(i in basket for i in top)
        for i in basket:
            counts[i] += 1
            last_seen[i] = t
    judged = len(baskets) - 1
    return (novel / judged, missed / judged, judged) if judged else (0.0, 0.0, 0)


class Lists:
    """Per query: own candidates and other candidates, each in the default's order, and the rates."""

    def __init__(self, level, history):
        own = level.x[:, FEATURES.index('own')] > 0.5
        self.level, self.own, self.others, self.rates = level, [], [], []
        for j, customer in enumerate(level.customers):
            a, b = level.starts[j], level.starts[j + 1]
            score = level.default[a:b]
            o, n = np.where(own[a:b])[0], np.where(~own[a:b])[0]
            self.own.append(a + o[np.argsort(-score[o], kind='stable')])
            self.others.append(a + n[np.argsort(-score[n], kind='stable')])
            self.rates.append(past_rates(history[customer]))

    def hits(self, rate, theta, slots, min_baskets):
        """HR@10 per query when customers whose rate >= theta give `slots` slots to new products."""
        y, out = self.level.y, np.zeros(self.level.n_queries)
        for j, (own, others, rates) in enumerate(zip(self.own, self.others, self.rates)):
            k = slots if rates[2] >= min_baskets and rates[RATES.index(rate)] >= theta else 0
            mine = own[:10 - k]
            picked = np.concatenate([mine, others[:10 - len(mine)]])
            out[j] = y[picked].any()
        return out


def name_of(rate, theta, slots, min_baskets):
    return f'{slots} slots for new products when the {rate} rate >= {theta:g} (>= {min_baskets} past baskets)'


def grid(levels, label, started):
    lists = [Lists(level, history) for level, history in levels]
    references = [level.hits(level.default) for level, _ in levels]
    for ls, reference in zip(lists, references):
        assert np.array_equal(ls.hits('novel', 2, 0, 0), reference), 'no slots must be the default'
    shaped = [types.SimpleNamespace(level=level) for level, _ in levels]  # what pooled() reads
    first = lists[0]
    for r, name in enumerate(RATES):
        values = np.array([rates[r] for rates in first.rates if rates[2] >= 3])
        print(f'{label} first level, {name} rate of customers with >= 3 past baskets: quartiles '
              f'{np.percentile(values, [25, 50, 75]).round(3).tolist()}')
    print(f'{label}: {[lv.n_queries for lv, _ in levels]} queries, default pooled HR@10 '
          f'{np.concatenate(references).mean():.4f} ({time.time() - started:.0f} s)', flush=True)
    results = []
    for setting in [(r, t, s, m) for r in RATES for t in THETAS for s in SLOTS for m in MIN_BASKETS]:
        hits = [ls.hits(*setting) for ls in lists]
        mean, diff, se = pooled(shaped, hits, references)
        results.append((mean, diff, se, name_of(*setting), setting))
        print(f'{label} pooled {mean:.4f} (vs default {diff:+.4f}, clustered paired SE {se:.4f}) | first level '
              + report(name_of(*setting), hits[0], references[0]), flush=True)
    results.sort(key=lambda r: (-r[0], r[3]))
    best = results[0]
    print(f'{label} grid done: {len(results)} settings, pooled HR@10 {results[-1][0]:.4f}..{best[0]:.4f}; best '
          f'{best[3]}: {best[1]:+.4f} = {best[1] / max(best[2], 1e-12):.1f} clustered paired SEs; '
          f'{time.time() - started:.0f} s', flush=True)
    return results


def main():
    started = time.time()
    train, test = split(load())
    cut_levels = []
    for cut in TIME_CUTS:
        history, held_out = time_cut(train, cut)
        cut_levels.append((Level(history, held_out), history))
    results = grid(cut_levels, 'time-cut', started)
    nested, history = [], train
    for _ in range(VALIDATION_LEVELS):
        history, held_out = split(history)
        nested.append((Level(history, held_out), history))
    on_nested = {r[3]: r for r in grid(nested, 'nested (for comparison only)', started)}
    for mean, diff, se, name, _ in results[:3]:
        n = on_nested[name]
        print(f'time-cut favourite {name}: {diff:+.4f} (SE {se:.4f}); on nested levels {n[1]:+.4f} (SE {n[2]:.4f})')
    best = results[0]
    if best[1] < 2 * best[2]:
        print('no setting beats the default by two clustered paired SEs on time-cut levels: test.tsv is not read')
    else:
        lists = Lists(Level(train, test), train)
        reference = lists.level.hits(lists.level.default)
        print(f'test: {lists.level.n_queries} customers', flush=True)
        print('test, reference ' + report("Herald's default", reference, reference), flush=True)
        for mean, _, _, name, setting in results[:3]:
            hits = lists.hits(*setting)
            print(f'CHOSEN (pooled time-cut validation {mean:.4f}) test ' + report(name, hits, reference), flush=True)
    print(f'{time.time() - started:.0f} s')


if __name__ == '__main__':
    main()
