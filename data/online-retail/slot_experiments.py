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
Added after that run found nothing, with the same grid (the first 96 settings' figures are unchanged):
- last new: the share of the customer's last basket that was new to them (a customer exploring lately);
- away: days from the customer's last basket to the end of the history / 365 (a customer back after long may
  come for what is new).
Honesty: ADR 0052's time-cut levels, pooled HR@10 and its clustered paired SE; nested levels for comparison only.
test.tsv is read only if the best setting beats the default by two clustered paired SEs; then the 3 best, once.
Usage: nice -n 19 python3 slot_experiments.py > slot_results.txt     (numpy, scipy)
"""
import collections
import pathlib
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import time_cut_protocol  # noqa: E402  (choose on time-cut levels, read test only past two SEs)
from all_items_experiments import load, split  # noqa: E402  (same cleaning and split)
from ranker_experiments import FEATURES  # noqa: E402  (same candidates and default ranking)

RATES = ['novel', 'own miss', 'last new', 'away']
THETAS = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7]
SLOTS = [1, 2, 3, 5]
MIN_BASKETS = [3, 5]


def past_rates(baskets, newest):
    """(novel, own-miss, last-new and away rates, number of past baskets judged) of one customer's history."""
    counts, last_seen = collections.Counter(), {}
    novel = missed = 0
    last_new = 0.0
    for t, (_, basket) in enumerate(baskets):
        if t > 0:
            top = sorted(counts, key=lambda i: (-counts[i], -last_seen[i], i))[:10]
            novel += not any(i in counts for i in basket)
            missed += not any(i in basket for i in top)
            last_new = sum(i not in counts for i in basket) / len(basket)
        for i in basket:
            counts[i] += 1
            last_seen[i] = t
    judged = len(baskets) - 1
    away = (newest - baskets[-1][0]) / 365
    return (novel / judged, missed / judged, last_new, away, judged) if judged else (0.0, 0.0, 0.0, away, 0)


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
            self.rates.append(past_rates(history[customer], level.newest))

    def hits(self, rate, theta, slots, min_baskets):
        """HR@10 per query when customers whose rate >= theta give `slots` slots to new products."""
        y, out = self.level.y, np.zeros(self.level.n_queries)
        for j, (own, others, rates) in enumerate(zip(self.own, self.others, self.rates)):
            k = slots if rates[-1] >= min_baskets and rates[RATES.index(rate)] >= theta else 0
            mine = own[:10 - k]
            picked = np.concatenate([mine, others[:10 - len(mine)]])
            out[j] = y[picked].any()
        return out


def name_of(rate, theta, slots, min_baskets):
    return f'{slots} slots for new products when the {rate} rate >= {theta:g} (>= {min_baskets} past baskets)'


class Slots:
    """The experiment as time_cut_protocol.run() reads it."""
    settings = [(r, t, s, m) for r in RATES for t in THETAS for s in SLOTS for m in MIN_BASKETS]
    prepare = Lists
    hits = staticmethod(lambda lists, setting: lists.hits(*setting))
    name = staticmethod(lambda setting: name_of(*setting))
    is_default = staticmethod(lambda setting: False)  # every setting gives slots; see rate_quartiles for the check


def before_the_grid(levels):
    """A check that no slots is Herald's default; on the first time-cut level, k slots for everyone and k chosen per
    customer with hindsight (what a perfect rule could reach), and the rates' spread."""
    for level, history in levels:
        assert np.array_equal(Lists(level, history).hits('novel', 2, 0, 0), level.hits(level.default)), \
            'no slots must be the default'
    first = Lists(*levels[0])
    by_k = np.column_stack([first.hits('novel', 0, k, 0) for k in range(11)])
    print('first time-cut level, k slots for everyone: '
          + ', '.join(f'k={k} {by_k[:, k].mean():.4f}' for k in range(11)))
    print(f'first time-cut level, k chosen per customer with hindsight: any k {by_k.max(axis=1).mean():.4f}, '
          + ', '.join(f'k in {{0, {k}}} {by_k[:, [0, k]].max(axis=1).mean():.4f}' for k in SLOTS))
    for r, name in enumerate(RATES):
        values = np.array([rates[r] for rates in first.rates if rates[-1] >= 3])
        print(f'first time-cut level, {name} rate of customers with >= 3 past baskets: quartiles '
              f'{np.percentile(values, [25, 50, 75]).round(3).tolist()}')


def main():
    train, test = split(load())
    time_cut_protocol.run(Slots, train, test, time.time(), before_the_grid)


if __name__ == '__main__':
    main()
