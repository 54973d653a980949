"""All-items protocol: what customers buy in the basket AFTER one like this customer's last (ADR 0060).

About 65 methods (ADRs 0027, 0035, 0039, 0048, 0052, 0055) scored a product by what a customer bought, how often and
how lately, by what everybody buys now, and by what is bought *together* (EASE, item-kNN, TIFU-KNN, UP-CF). None
asked what is bought *next*: a first-order Markov chain over consecutive baskets (the "FMC" part of FPMC, Rendle et
al., WWW 2010). Over every customer's consecutive training baskets (B_t, B_t+1):
    T[i, j] = #(i in B_t and j in B_t+1) / #(i in B_t, t not the customer's last),   optionally / popularity_j^beta
and a customer's score of j is the weighted mean of T[i, j] over the products i of their last L baskets (weights
0.5^age in baskets), scaled to max 1 per customer. It enters Herald's default as
    own products:   1000 + baskets + 8 x trend30 + 0.5 x popularity + a x next
    other products: blend + b x next          (ordering the new products that fill the free slots)
    others compete: if c, the c best new products by `next` score 1000 + 8 x trend30 + 0.5 x popularity + a x next + k
                    (as if bought k baskets), so a strongly predicted new product can take an own product's slot.
a = b = 0 without competing is exactly Herald's default (checked hit for hit).
Grid, fixed before the run: L in {1, 3}, beta in {0, 0.5}, a in {0, 0.5, 1, 2, 4}, b in {0, 0.3, 1}, plus
competing c in {1, 2} with k in {0, 1} for a in {1, 2} and b = 0.3.
Honesty: time_cut_protocol.py (ADR 0052's time-cut levels; test read only past two clustered paired SEs).
Usage: nice -n 19 python3 transition_experiments.py > transition_results.txt     (numpy, scipy)
"""
import pathlib
import sys
import time

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import time_cut_protocol  # noqa: E402  (choose on time-cut levels, read test only past two SEs)
from all_items_experiments import load, split  # noqa: E402  (same cleaning and split)
from ranker_experiments import FEATURES  # noqa: E402  (same candidates and default ranking)

WINDOWS = [1, 3]
BETAS = [0.0, 0.5]
OWN_WEIGHTS = [0.0, 0.5, 1.0, 2.0, 4.0]
OTHER_WEIGHTS = [0.0, 0.3, 1.0]
COMPETING = [(c, k) for c in (1, 2) for k in (0.0, 1.0)]


def column(level, name):
    return level.x[:, FEATURES.index(name)].astype(float)


def basket_rows(baskets, index):
    """One sparse 0/1 row per basket, in the order given."""
    rows, cols = [], []
    for r, basket in enumerate(baskets):
        ks = [index[i] for i in basket if i in index]
        rows.extend([r] * len(ks))
        cols.extend(ks)
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(baskets), len(index)))


def next_scores(level, history):
    """Per (window, beta): each candidate pair's `next` score, scaled to max 1 within its query."""
    before, after = [], []
    for bs in history.values():
        for (_, b0), (_, b1) in zip(bs, bs[1:]):
            before.append(b0)
            after.append(b1)
    prev, nxt = basket_rows(before, level.index), basket_rows(after, level.index)
    seen = np.asarray(prev.sum(0)).ravel()
    counts = (prev.T @ nxt).tocsr()
    transitions = sp.diags(1 / np.maximum(seen, 1)) @ counts
    out = {}
    for window in WINDOWS:
        recent = []
        for customer in level.customers:
            bs = history[customer][-window:]
            weights = [0.5 ** (len(bs) - 1 - t) for t in range(len(bs))]
            recent.append((bs, weights))
        rows, cols, vals = [], [], []
        for q, (bs, weights) in enumerate(recent):
            for (_, basket), w in zip(bs, weights):
                for i in basket:
                    rows.append(q), cols.append(level.index[i]), vals.append(w)
        last = sp.csr_matrix((vals, (rows, cols)), shape=(len(recent), len(level.index)))
        mass = np.asarray(last.sum(1)).ravel()
        for beta in BETAS:
            lift = transitions @ sp.diags(1 / np.maximum(level.popularity, 1e-9) ** beta) if beta else transitions
            per_query = (last @ lift).toarray() / np.maximum(mass, 1e-9)[:, None]
            top = per_query.max(1, keepdims=True)
            per_query /= np.where(top > 0, top, 1)
            out[window, beta] = per_query
    return out


class Prepared:
    def __init__(self, level, history):
        self.level = level
        self.next = next_scores(level, history)
        self.own = column(level, 'own') > 0.5
        self.blend = column(level, 'blend')
        self.own_base = 1000 + column(level, 'baskets') + 8 * level.trend30[level.item] \
            + 0.5 * level.popularity[level.item]

    def hits(self, setting):
        window, beta, a, b, competing = setting
        level = self.level
        nxt = self.next[window, beta][level.query, level.item]
        own_score = self.own_base + a * nxt
        score = np.where(self.own, own_score, self.blend + b * nxt)
        if competing:
            count, bonus = competing
            lifted = score.copy()
            for j in range(level.n_queries):
                lo, hi = level.starts[j], level.starts[j + 1]
                new = lo + np.where(~self.own[lo:hi])[0]
                best = new[np.lexsort((level.item[new], -nxt[new]))][:count]
                lifted[best] = 1000 + 8 * level.trend30[level.item[best]] \
                    + 0.5 * level.popularity[level.item[best]] + a * nxt[best] + bonus
            score = lifted
        return level.hits(score)


def grid_settings():
    plain = [(w, beta, a, b, None) for w in WINDOWS for beta in BETAS for a in OWN_WEIGHTS for b in OTHER_WEIGHTS]
    compete = [(w, beta, a, 0.3, c) for w in WINDOWS for beta in BETAS for a in (1.0, 2.0) for c in COMPETING]
    return plain + compete


def name_of(setting):
    window, beta, a, b, competing = setting
    source = f'next after the last {window} basket{"s" if window > 1 else ""}' + (f' / pop^{beta:g}' if beta else '')
    text = f'{source}: own + {a:g} x next, others + {b:g} x next'
    if competing:
        text += f', {competing[0]} best new compete as if bought {competing[1]:g}'
    return text


class Transitions:
    """The experiment as time_cut_protocol.run() reads it."""
    settings = grid_settings()
    prepare = Prepared
    hits = staticmethod(lambda prepared, setting: prepared.hits(setting))
    name = staticmethod(name_of)
    is_default = staticmethod(lambda setting: setting[2] == 0 and setting[3] == 0 and setting[4] is None)


def main():
    train, test = split(load())
    time_cut_protocol.run(Transitions, train, test, time.time())


if __name__ == '__main__':
    main()
