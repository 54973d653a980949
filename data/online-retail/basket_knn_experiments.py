"""All-items protocol: next-basket methods that use the customer's basket SEQUENCE (ADR 0035, docs/benchmarks.md).

Candidates, each with and without Herald's 30-day trend term on the customer's own products:
- TIFU-KNN (Hu et al., SIGIR 2020; (m, r_b, r_g) in (3, .9, .7) (3, 1, .7) (3, 1, 1) (7, 1, .7) (all, .9, 1)
  (all, 1, 1), k 50/300/1000, alpha 0.5/0.9/0.97): a customer's vector is the time-decayed average over groups of
  m baskets (newest group last; within a group basket j of L weighs r_b^(L-1-j), the group's mean; group g of G weighs
  r_g^(G-1-g); the sum divided by G); prediction = alpha * own vector + (1 - alpha) * mean of the k nearest
  customers' vectors (cosine).
- UP-CF@r (Faggioli et al., RecSys 2020; r 1/3/10/all, a 0.5, q 1/5, beta 0.5/0.8/0.95): user popularity over the
  last r baskets (share of those baskets holding the item), blended beta : (1 - beta) with user-based CF over the
  same vectors (asymmetric cosine with weight a on the sets of items of the last r baskets, similarities raised to
  the locality q, scores scaled to max 1).
- Repeat-prone blend: the customer's basket frequency (scaled to max 1) times their repeat ratio (share of items
  in their baskets 2.. already bought before) and the item's repeat rate (customers buying it in 2+ baskets /
  customers buying it, smoothed toward 0.3 by 1 or 10 customers), plus (1 - repeat ratio) times half the
  TIFU-KNN neighbour part (m all, k 300).
Reference: Herald's default own-product order (baskets + 8 x trend 30 d + 0.5 x popularity).

Split: the leave-last-basket split of data/README.md (same cleaning as make_train_baskets.py), and a validation
split carved from the TRAINING baskets only (each customer with 2+ training baskets holds out the last one; 1,998
customers). Every candidate is scored on validation; only the 3 best of each family by validation HR@10 (and the
reference) are then scored once on test, for the report — test never chooses. Standard error of an HR@10 is
sqrt(p(1-p)/n): about 0.010 on validation, 0.008 on test.
Usage: python3 basket_knn_experiments.py      (needs numpy and scipy; a few minutes)
"""
import math
import pathlib
import sys

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from all_items_experiments import load, split  # noqa: E402  (same cleaning and split)


class Setup:
    """Dense customers x items arrays of one training side and its held-out baskets."""

    def __init__(self, train, held_out):
        self.users = sorted(train)
        index = {u: k for k, u in enumerate(self.users)}
        items = sorted({i for bs in train.values() for _, b in bs for i in b})
        self.item_index = {i: k for k, i in enumerate(items)}
        self.baskets = [[(day, np.array(sorted(self.item_index[i] for i in b))) for day, b in train[u]]
                        for u in self.users]
        self.targets = [(index[u], {self.item_index[i] for i in t if i in self.item_index})
                        for u, t in held_out.items()]
        self.rows = np.array([u for u, _ in self.targets])
        self.target_mask = np.zeros((len(self.targets), len(items)), dtype=bool)
        for k, (_, target) in enumerate(self.targets):
            self.target_mask[k, list(target)] = True
        self.newest = max(day for bs in self.baskets for day, _ in bs)
        self.counts = np.zeros((len(self.users), len(items)))
        self.last = np.zeros_like(self.counts)
        for u, bs in enumerate(self.baskets):
            for day, b in bs:
                self.counts[u, b] += 1
                self.last[u, b] = day
        self.own = self.counts > 0
        self.popularity = self.own.sum(0) / self.own.sum(0).max()
        recent = (self.own & (self.last > self.newest - 30)).sum(0).astype(float)
        self.trend30 = recent / recent.max()

    def default(self):
        r = self.rows
        return self.counts[r] + self.own[r] * 8 * self.trend30 + 0.5 * self.popularity

    def with_trend(self, scores, weight):
        """Scores of the held-out customers' rows plus weight x trend on their own products."""
        return scores + self.own[self.rows] * weight * self.trend30 if weight else scores


def hit_rate(s, scores):
    """HR@10: share of held-out customers with at least one held-out item in their top 10 (ties: lower item index)."""
    rows = scores  # one row per held-out customer, in s.targets order
    tenth = -np.partition(-rows, 9, axis=1)[:, 9:10]
    above = rows > tenth
    ties = rows == tenth
    needed = 10 - above.sum(1, keepdims=True)
    top = above | (ties & (np.cumsum(ties, axis=1) <= needed))
    return float((top & s.target_mask).any(1).mean())


def tifu_vectors(s, m, rb, rg):
    v = np.zeros_like(s.counts)
    for u, bs in enumerate(s.baskets):
        groups, end = [], len(bs)
        while end > 0:
            groups.append(bs[max(0, end - m):end])
            end = max(0, end - m)
        groups.reverse()
        for g, group in enumerate(groups):
            mean = np.zeros(s.counts.shape[1])
            for j, (_, b) in enumerate(group):
                mean[b] += rb ** (len(group) - 1 - j)
            v[u] += rg ** (len(groups) - 1 - g) * mean / len(group)
        v[u] /= len(groups)
    return v


def neighbour_mean(v, k):
    norm = np.linalg.norm(v, axis=1, keepdims=True)
    x = sp.csr_matrix(v / np.where(norm == 0, 1, norm))
    sim = (x @ x.T).toarray()
    np.fill_diagonal(sim, -np.inf)
    nearest = np.argpartition(-sim, k, axis=1)[:, :k]
    n = v.shape[0]
    w = sp.csr_matrix((np.full(n * k, 1.0 / k), (np.repeat(np.arange(n), k), nearest.ravel())), shape=(n, n))
    return w @ v


def scaled(x):
    return x / np.maximum(x.max(1, keepdims=True), 1e-12)


def tifu_knn(s, wanted=None):
    for m, rb, rg in [(3, 0.9, 0.7), (3, 1.0, 0.7), (3, 1.0, 1.0), (7, 1.0, 0.7), (10 ** 6, 0.9, 1.0),
                      (10 ** 6, 1.0, 1.0)]:
        group = 'all' if m == 10 ** 6 else m
        names = {(k, alpha, w): f'TIFU-KNN m={group} r_b={rb} r_g={rg} k={k} alpha={alpha} trend={w}'
                 for k in [50, 300, 1000] for alpha in [0.5, 0.9, 0.97] for w in [0, 1]}
        if wanted is not None and not wanted & set(names.values()):
            continue
        v = tifu_vectors(s, m, rb, rg)
        for k in [50, 300, 1000]:
            nb = neighbour_mean(v, k)[s.rows]
            for alpha in [0.5, 0.9, 0.97]:
                p = scaled(alpha * v[s.rows] + (1 - alpha) * nb)
                for w in [0, 1]:
                    if wanted is None or names[k, alpha, w] in wanted:
                        yield names[k, alpha, w], s.with_trend(p, w)


def up_cf(s, wanted=None):
    for r in [1, 3, 10, 10 ** 6]:
        up = np.zeros_like(s.counts)
        for u, bs in enumerate(s.baskets):
            for _, b in bs[-r:]:
                up[u, b] += 1
            up[u] /= min(r, len(bs))
        sets = sp.csr_matrix((up > 0).astype(float))
        size = np.asarray(sets.sum(1)).ravel()
        inter = (sets[s.rows] @ sets.T).toarray()
        a = 0.5
        sim = inter / (size[s.rows, None] ** a * size[None, :] ** (1 - a) + 1e-9)
        sim[np.arange(len(s.rows)), s.rows] = 0
        for q in [1, 5]:
            cf = scaled(sp.csr_matrix(sim ** q) @ up)
            for beta in [0.5, 0.8, 0.95]:
                for w in [0, 1]:
                    name = f'UP-CF@r r={"all" if r == 10 ** 6 else r} a={a} q={q} beta={beta} trend={w}'
                    if wanted is None or name in wanted:
                        yield name, s.with_trend(beta * up[s.rows] + (1 - beta) * cf, w)


def repeat_prone(s, wanted=None):
    repeated = np.zeros(len(s.baskets))
    for u, bs in enumerate(s.baskets):
        seen, again, total = set(), 0, 0
        for j, (_, b) in enumerate(bs):
            if j > 0:
                again += sum(int(i) in seen for i in b)
                total += len(b)
            seen.update(int(i) for i in b)
        repeated[u] = again / total if total else np.nan
    ratio = np.where(np.isnan(repeated), np.nanmean(repeated), repeated)[s.rows, None]
    buyers = s.own.sum(0)
    v = tifu_vectors(s, 10 ** 6, 1.0, 1.0)
    nb = scaled(neighbour_mean(v, 300)[s.rows])
    counts = s.counts[s.rows]
    for smooth in [1, 10]:
        item_rate = ((s.counts >= 2).sum(0) + smooth * 0.3) / (buyers + smooth)
        personal = scaled(counts / counts.max(1, keepdims=True) * item_rate)
        for w in [0, 1]:
            yield f'repeat-prone smooth={smooth} trend={w}', s.with_trend(
                ratio * personal + (1 - ratio) * nb * 0.5 + 1e-3 * s.popularity, w)


def main():
    train, test = split(load())
    validation_train, validation = split(train)
    v, t = Setup(validation_train, validation), Setup(train, test)
    print(f'{len(validation)} validation customers, {len(test)} test customers')
    se = lambda p, n: math.sqrt(p * (1 - p) / n)
    ref_v, ref_t = hit_rate(v, v.default()), hit_rate(t, t.default())
    print(f'reference (Herald default own order): validation {ref_v:.4f} (SE {se(ref_v, len(validation)):.4f})'
          f'  test {ref_t:.4f} (SE {se(ref_t, len(test)):.4f})', flush=True)
    for family in [tifu_knn, up_cf, repeat_prone]:
        scored = [(hit_rate(v, p), name) for name, p in family(v)]
        scored.sort(key=lambda x: (-x[0], x[1]))
        print(f'{family.__name__}: {len(scored)} settings, validation HR@10 {scored[-1][0]:.4f}..{scored[0][0]:.4f}')
        for val, name in scored:
            print(f'  validation {val:.4f}  {name}')
        chosen = {name: val for val, name in scored[:3]}
        for name, p in family(t, set(chosen)):
            if name in chosen:
                tst = hit_rate(t, p)
                print(f'  CHOSEN {name}: validation {chosen[name]:.4f}  test {tst:.4f} (SE {se(tst, len(test)):.4f})',
                      flush=True)


if __name__ == '__main__':
    main()
