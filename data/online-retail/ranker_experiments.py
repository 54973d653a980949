"""All-items protocol: a learned NON-LINEAR ranker over (customer, candidate) pairs (ADR 0039, docs/benchmarks.md).

ADRs 0027 and 0035 tried ~40 hand-made re-rankings, linear learned scorers and next-basket methods: all within noise
of Herald's default (own products by baskets + 8 x 30-day trend, then the EASE + item-kNN blend). This script tries
small gradient-boosted trees (our own numpy code: histogram splits on up to 255 quantile bins, depth 2-5, up to 400
trees, learning rate 0.1, logistic or LambdaRank (|delta NDCG| pairwise) loss; ties in a score keep the default's
order) over 21 features of each (customer, candidate) pair:
  own basket count, its share of the customer's baskets, days since the customer last bought it (from the end of
  the data and from the customer's last basket), the customer's mean re-buy gap of it and its "due-ness" (days since
  last bought / that gap), the customer's basket count, median inter-basket gap, days since their last basket and
  number of distinct products, whether it was in the last basket, its global popularity, 30- and 90-day trend, last
  season's popularity (335-400 days before the end), the EASE (top 700, lambda 300) and item-kNN (cosine, 20
  neighbours, damped) scores and their blend, whether it is an own product, the default's own-product score and the
  candidate's rank in the default order.
Candidates: the customer's own products plus the 50 best other products of the EASE + item-kNN + popularity blend.

Honesty (as in ADRs 0027, 0035): nested leave-last-basket levels carved from the split of data/README.md.
- validation: history = training baskets minus each customer's last; labels = that last training basket (1,998);
- ranker training for validation, "previous level": history minus one more basket, labels = the second-to-last
  training basket; "previous 5 levels" (not in SETTINGS: it did no better in a trial run, ADR 0039): that and the
  4 levels below it stacked (3x the queries, but older labels judged against the same end-of-data features);
- test: history = all training baskets; labels = test.tsv's basket (2,829 customers).
Every setting in SETTINGS is trained on its ranker-training set and scored on validation; the 3 best by validation
HR@10 are then retrained one level up (from the training baskets only, what Herald could do at train time) and
scored ONCE on test, for the report. Test never chooses.
Standard errors: sqrt(p(1-p)/n), and for a difference to the default the paired SE over the same customers.
Usage: python3 ranker_experiments.py      (numpy, scipy; about 30 minutes on a busy 2-core machine)
"""
import math
import pathlib
import sys
import time

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from all_items_experiments import load, split  # noqa: E402  (same cleaning and split)

EXTRA_CANDIDATES = 50
NO_VALUE = -1.0  # for features undefined on a pair (e.g. re-buy gap of a product bought once); trees split it off
FEATURES = ['baskets', 'basket share', 'days since bought', 'days before customer last basket', 'mean re-buy gap',
            'due-ness', 'customer baskets', 'customer median gap', 'days since customer last basket',
            'in last basket', 'popularity', 'trend 30d', 'trend 90d', 'last season', 'ease', 'item-knn', 'blend',
            'own', 'default own score', 'customer distinct products',
            'rank in the default order']


def scaled_rows(x):
    """Each row divided by its maximum (as Herald's hybrid scales each part per customer)."""
    top = x.max(1, keepdims=True)
    return x / np.where(top > 0, top, 1)


class Level:
    """One history (per-customer baskets) and its held-out baskets: candidates, their features and labels."""

    def __init__(self, history, held_out):
        users = sorted(history)
        items = sorted({i for bs in history.values() for _, b in bs for i in b})
        index = {i: k for k, i in enumerate(items)}
        n_users, n_items = len(users), len(items)
        newest = max(day for bs in history.values() for day, _ in bs)
        rows, cols, counts, firsts, lasts = [], [], [], [], []
        season = np.zeros(n_items)
        c_baskets, c_last, c_gap, c_distinct = (np.zeros(n_users) for _ in range(4))
        in_last = set()
        for u, customer in enumerate(users):
            pairs, seasonal = {}, set()
            bs = history[customer]
            for day, basket in bs:
                for item in basket:
                    k = index[item]
                    n, first, _ = pairs.get(k, (0, day, day))
                    pairs[k] = (n + 1, first, day)
                    if 335 <= newest - day <= 400:
                        seasonal.add(k)
            for k in seasonal:
                season[k] += 1
            for k in sorted(pairs):
                n, first, last = pairs[k]
                rows.append(u), cols.append(k), counts.append(n), firsts.append(first), lasts.append(last)
            in_last.update((u, index[i]) for i in bs[-1][1])
            days = [day for day, _ in bs]
            c_baskets[u], c_last[u], c_distinct[u] = len(bs), days[-1], len(pairs)
            c_gap[u] = np.median(np.diff(days)) if len(days) > 1 else NO_VALUE
        shape = (n_users, n_items)
        own = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
        count = sp.csr_matrix((np.array(counts, float), (rows, cols)), shape=shape)
        first = sp.csr_matrix((np.array(firsts, float), (rows, cols)), shape=shape)
        last = sp.csr_matrix((np.array(lasts, float), (rows, cols)), shape=shape)
        buyers = np.asarray(own.sum(0)).ravel()
        popularity = buyers / buyers.max()

        def trend(days):
            recent = np.asarray((last > newest - days).sum(0)).ravel().astype(float)
            return recent / recent.max()

        trend30, trend90 = trend(30), trend(90)
        season = season / max(season.max(), 1)

        # kept for coverage_experiments.py's greedy re-ranking of own products (ADR 0048)
        self.index, self.newest, self.trend30, self.popularity = index, newest, trend30, popularity
        self.customers = [c for c in users if c in held_out]
        at = {c: u for u, c in enumerate(users)}
        r = np.array([at[c] for c in self.customers])
        ease = self._ease(own, popularity, r)
        knn = self._item_knn(own, r)
        blend = 0.769 * scaled_rows(ease) + 0.154 * scaled_rows(knn) + 0.077 * popularity
        own_r = own[r].toarray() > 0
        count_r, first_r, last_r = count[r].toarray(), first[r].toarray(), last[r].toarray()
        default_own = count_r + 8 * trend30 + 0.5 * popularity

        # candidates: own products, then the best others by the blend
        others = np.where(own_r, -np.inf, blend)
        top_others = np.argpartition(-others, EXTRA_CANDIDATES, axis=1)[:, :EXTRA_CANDIDATES]
        cand = own_r.copy()
        cand[np.arange(len(r))[:, None], top_others] = True
        q, k = np.nonzero(cand)  # q: query (held-out customer) index, k: item; row-major so queries are contiguous
        u = r[q]
        n = count_r[q, k]
        is_own = own_r[q, k]
        gap = np.where(n >= 2, (last_r[q, k] - first_r[q, k]) / np.maximum(n - 1, 1), NO_VALUE)
        since = np.where(is_own, newest - last_r[q, k], NO_VALUE)
        x = np.column_stack([
            n, n / c_baskets[u], since, np.where(is_own, c_last[u] - last_r[q, k], NO_VALUE), gap,
            np.where(gap > 0, since / np.where(gap > 0, gap, 1), NO_VALUE), c_baskets[u], c_gap[u],
            newest - c_last[u], np.array([(uu, kk) in in_last for uu, kk in zip(u, k)], float),
            popularity[k], trend30[k], trend90[k], season[k], ease[q, k], knn[q, k], blend[q, k],
            is_own.astype(float), np.where(is_own, default_own[q, k], NO_VALUE), c_distinct[u]])
        self.x = x.astype(np.float32)
        self.query, self.item = q, k
        self.starts = np.searchsorted(q, np.arange(len(r) + 1))
        labels = np.zeros(len(q), bool)
        target_of = [{index[i] for i in held_out[c] if i in index} for c in self.customers]
        self.target_of = target_of  # every held-out product, candidate or not (trending_new_experiments.py)
        for j in range(len(q)):
            labels[j] = k[j] in target_of[q[j]]
        self.y = labels.astype(np.float64)
        # Herald's default: own products by baskets + 8 x trend 30 d (+ 0.5 x popularity), then the blend
        self.default = np.where(is_own, 1000 + default_own[q, k], blend[q, k])
        self.n_queries = len(r)
        self.default_rank = np.zeros(len(q))
        for j in range(self.n_queries):
            a, b = self.starts[j], self.starts[j + 1]
            self.default_rank[a + self._order(a, b, self.default[a:b])] = np.arange(b - a)
        self.x = np.column_stack([self.x, self.default_rank]).astype(np.float32)

    def _order(self, a, b, score):
        """Candidates of one query best first; ties keep the default's order, then the lower item index."""
        return np.lexsort((self.item[a:b], -self.default[a:b], -score))

    @staticmethod
    def _ease(own, popularity, r, size=700, lam=300.0):
        top = np.sort(np.argsort(-popularity, kind='stable')[:size])
        x = own[:, top]
        gram = (x.T @ x).toarray() + lam * np.eye(len(top))
        p = np.linalg.inv(gram)
        b = -p / np.diag(p)[None, :]
        np.fill_diagonal(b, 0)
        out = np.zeros((len(r), own.shape[1]))
        out[:, top] = x[r] @ b
        return np.maximum(out, 0)

    @staticmethod
    def _item_knn(own, r, neighbours=20):
        degree = np.asarray(own.sum(1)).ravel()
        damped = sp.diags(1 / np.sqrt(np.maximum(degree, 1))) @ own
        sim = (damped.T @ damped).toarray()
        norm = np.sqrt(np.diag(sim))
        sim /= np.outer(np.where(norm > 0, norm, 1), np.where(norm > 0, norm, 1))
        np.fill_diagonal(sim, 0)
        keep = np.argpartition(-sim, neighbours, axis=1)[:, :neighbours]
        rows = np.repeat(np.arange(sim.shape[0]), neighbours)
        top = sp.csr_matrix((sim[rows, keep.ravel()], (rows, keep.ravel())), shape=sim.shape)
        return (own[r] @ top).toarray()

    def hits(self, score):
        """Per query: 1 if any of its 10 best-scored candidates is held out (ties: lower item index first)."""
        out = np.zeros(self.n_queries)
        for j in range(self.n_queries):
            a, b = self.starts[j], self.starts[j + 1]
            order = self._order(a, b, score[a:b])[:10]
            out[j] = self.y[a:b][order].any()
        return out


class Stacked:
    """Several levels' candidates as one training set (queries stay contiguous)."""

    def __init__(self, levels):
        self.x = np.concatenate([lv.x for lv in levels])
        self.y = np.concatenate([lv.y for lv in levels])
        self.item = np.concatenate([lv.item for lv in levels])
        self.default = np.concatenate([lv.default for lv in levels])
        self.default_rank = np.concatenate([lv.default_rank for lv in levels])
        offsets = np.cumsum([0] + [len(lv.y) for lv in levels])
        self.starts = np.concatenate([lv.starts[:-1] + o for lv, o in zip(levels, offsets)] + [offsets[-1:]])
        self.n_queries = len(self.starts) - 1

    _order = Level._order


def ranker_levels(history, depth):
    """Levels for training a ranker from history only: hold out the last basket, then the one before, ... (depth)."""
    levels = []
    for _ in range(depth):
        history, held_out = split(history)
        levels.append(Level(history, held_out))
        history = {c: bs for c, bs in history.items() if len(bs) >= 1}
    return Stacked(levels)


class Trees:
    """Gradient-boosted regression trees, depth-wise, on binned features (quantile bins fitted on training rows)."""

    def __init__(self, depth, rate, loss, prior=0.0, l2=1.0, min_hessian=1.0, bins=255):
        self.depth, self.rate, self.loss, self.l2, self.min_hessian, self.n_bins = depth, rate, loss, l2, min_hessian, bins
        self.prior = prior  # start every query from prior x (-rank in the default order): trees learn corrections
        self.trees = []

    def _bin(self, x):
        return np.column_stack([np.searchsorted(t, x[:, f], side='right') for f, t in enumerate(self.thresholds)]) \
            .astype(np.int32)

    def fit(self, level, n_trees):
        x, y = level.x, level.y
        qs = np.linspace(0, 1, self.n_bins + 1)[1:-1]
        self.thresholds = [np.unique(np.quantile(x[:, f], qs)) for f in range(x.shape[1])]
        xb = self._bin(x)
        self.base = math.log(y.mean() / (1 - y.mean())) if self.loss == 'logistic' else 0.0
        score = self.base - self.prior * level.default_rank
        for _ in range(n_trees):
            g, h = self._gradients(level, score)
            tree = self._grow(xb, g, h)
            self.trees.append(tree)
            score += self._apply(tree, xb)
        return self

    def _gradients(self, level, score):
        y = level.y
        if self.loss == 'logistic':
            p = 1 / (1 + np.exp(-score))
            return p - y, np.maximum(p * (1 - p), 1e-6)
        # LambdaRank with |delta NDCG| over pairs (positive, negative) of each query
        g, h = np.zeros(len(y)), np.zeros(len(y))
        for j in range(level.n_queries):
            a, b = level.starts[j], level.starts[j + 1]
            ys = y[a:b]
            if ys.all() or not ys.any():
                continue
            s = score[a:b]
            rank = np.empty(b - a)
            rank[level._order(a, b, s)] = np.arange(b - a)
            discount = 1 / np.log2(rank + 2)
            pos, neg = np.nonzero(ys)[0], np.nonzero(~ys.astype(bool))[0]
            ideal = (1 / np.log2(np.arange(min(len(pos), 10)) + 2)).sum()
            delta = np.abs(discount[pos][:, None] - discount[neg][None, :]) / ideal
            rho = 1 / (1 + np.exp(s[pos][:, None] - s[neg][None, :]))
            lam, hess = delta * rho, delta * rho * (1 - rho)
            g[a + pos] -= lam.sum(1)
            g[a + neg] += lam.sum(0)
            h[a + pos] += hess.sum(1)
            h[a + neg] += hess.sum(0)
        return g, np.maximum(h, 1e-6)

    def _grow(self, xb, g, h):
        n_feat, nb = xb.shape[1], self.n_bins
        node = np.zeros(len(g), np.int64)
        feature, threshold = [], []
        for level in range(self.depth):
            width = 1 << level
            best_gain = np.full(width, 0.0)
            best = [(0, nb)] * width  # (feature, bin): rows with bin <= threshold go left; nb = no split
            for f in range(n_feat):
                key = node * nb + xb[:, f]
                gs = np.bincount(key, g, width * nb).reshape(width, nb).cumsum(1)
                hs = np.bincount(key, h, width * nb).reshape(width, nb).cumsum(1)
                gt, ht = gs[:, -1:], hs[:, -1:]
                gain = gs ** 2 / (hs + self.l2) + (gt - gs) ** 2 / (ht - hs + self.l2) - gt ** 2 / (ht + self.l2)
                gain[(hs < self.min_hessian) | (ht - hs < self.min_hessian)] = 0
                at = gain.argmax(1)
                for w in range(width):
                    if gain[w, at[w]] > best_gain[w] + 1e-12:
                        best_gain[w], best[w] = gain[w, at[w]], (f, at[w])
            feature += [f for f, _ in best]
            threshold += [t for _, t in best]
            f_of, t_of = np.array([f for f, _ in best]), np.array([t for _, t in best])
            go_right = xb[np.arange(len(g)), f_of[node]] > t_of[node]
            node = 2 * node + go_right
        leaves = 1 << self.depth
        gl = np.bincount(node, g, leaves)
        hl = np.bincount(node, h, leaves)
        return np.array(feature), np.array(threshold), -self.rate * gl / (hl + self.l2)

    def _apply(self, tree, xb):
        feature, threshold, leaf = tree
        node = np.zeros(len(xb), np.int64)
        for level in range(self.depth):
            heap = (1 << level) - 1 + node
            node = 2 * node + (xb[np.arange(len(xb)), feature[heap]] > threshold[heap])
        return leaf[node]

    def staged(self, level, checkpoints):
        """Scores of a level's candidates after each number of trees in checkpoints."""
        xb = self._bin(level.x)
        score, out = self.base - self.prior * level.default_rank, {}
        for t, tree in enumerate(self.trees, 1):
            score = score + self._apply(tree, xb)
            if t in checkpoints:
                out[t] = score.copy()
        return out


def report(name, hits, reference):
    p, n = hits.mean(), len(hits)
    d = hits - reference
    return (f'{p:.4f} (SE {math.sqrt(p * (1 - p) / n):.4f}; vs default {d.mean():+.4f}, paired SE '
            f'{d.std(ddof=1) / math.sqrt(n):.4f})  {name}')


SETTINGS = [(scheme, loss, depth, prior)
            for scheme, loss, depth, prior in
            [('previous level', 'logistic', 2, 0), ('previous level', 'logistic', 3, 0),
             ('previous level', 'logistic', 4, 0), ('previous level', 'lambdarank', 2, 0),
             ('previous level', 'lambdarank', 3, 0), ('previous level', 'lambdarank', 4, 0),
             ('previous level', 'lambdarank', 5, 0)]]
CHECKPOINTS = [25, 50, 100, 200, 300, 400]
RATE = 0.1


def ranker_training(scheme, history):
    """The ranker's training set for a level whose history is `history` (never its held-out baskets)."""
    return ranker_levels(history, 5 if scheme == 'previous 5 levels' else 1)


def main():
    started = time.time()
    train, test = split(load())
    validation_history, validation = split(train)
    val_level = Level(validation_history, validation)
    training = {scheme: ranker_training(scheme, validation_history) for scheme in {s[0] for s in SETTINGS}}
    for scheme, level in sorted(training.items()):
        print(f'ranker training ({scheme}): {level.n_queries} queries, {len(level.y)} pairs, '
              f'{int(level.y.sum())} positive', flush=True)
    print(f'validation: {val_level.n_queries} customers, {len(val_level.y)} candidate pairs; '
          f'{time.time() - started:.0f} s', flush=True)
    reference = val_level.hits(val_level.default)
    print('validation, reference ' + report("Herald's default (own by baskets + 8 x trend 30 d, then blend)",
                                            reference, reference), flush=True)
    results = []
    for scheme, loss, depth, prior in SETTINGS:
        model = Trees(depth, RATE, loss, prior).fit(training[scheme], max(CHECKPOINTS))
        for trees, score in model.staged(val_level, CHECKPOINTS).items():
            setting = (scheme, loss, depth, prior, trees)
            name = f'{loss} depth={depth} trees={trees} rate={RATE} prior={prior}, trained on the {scheme}'
            hits = val_level.hits(score)
            results.append((hits.mean(), name, setting))
            print('validation ' + report(name, hits, reference), flush=True)
        print(f'  ({time.time() - started:.0f} s)', flush=True)
    results.sort(key=lambda r: (-r[0], r[1]))
    print(f'grid done: {len(results)} settings, validation HR@10 {results[-1][0]:.4f}..{results[0][0]:.4f}; '
          f'{time.time() - started:.0f} s', flush=True)

    # one level up: trained on the training baskets only, as Herald would at train time
    score_chosen_on_test(Level(train, test), [(val, name, trees, Trees(depth, RATE, loss, prior).fit(
        ranker_training(scheme, train), trees)) for val, name, (scheme, loss, depth, prior, trees) in results[:3]])
    print(f'{time.time() - started:.0f} s')


def score_chosen_on_test(test_level, chosen):
    """Prints the test HR@10 of each chosen (validation figure, name, number of trees, fitted Trees)."""
    test_reference = test_level.hits(test_level.default)
    print('test, reference ' + report("Herald's default", test_reference, test_reference), flush=True)
    for val, name, trees, model in chosen:
        score = model.staged(test_level, [trees])[trees]
        print(f'CHOSEN (validation {val:.4f}) test ' + report(name, test_level.hits(score), test_reference),
              flush=True)


if __name__ == '__main__':
    main()
