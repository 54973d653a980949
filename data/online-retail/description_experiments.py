"""All-items protocol: new products that resemble, by their description, what the customer bought lately (ADR 0073).

The ~70 methods of ADRs 0027-0060 used the purchase data alone: who bought what, when, with what and after what.
61% of the default's misses are baskets of products new to the customer, and this shop sells ranges: the same
lunch bag, jumbo bag or cake case in another colour or pattern. A customer who bought "LUNCH BAG RED RETROSPOT" may
next buy "LUNCH BAG PINK POLKADOT", a product their co-purchase neighbours may not name. So a new product's
`resemblance` for a customer is the largest TF-IDF cosine between its description (products.tsv, tokens of letters
only, so colour codes and numbers do not count) and the descriptions of the products in the customer's last L
baskets. It enters Herald's default as
    new products ordered by (1 - m) x blend + m x resemblance     over the whole catalogue (blend 0 outside the
                                                                   default's 50 candidates), filling free slots;
    and optionally the n best of them with resemblance >= theta compete with own products, scoring
    1000 + c + 8 x trend30 + 0.5 x popularity (as if bought c baskets) against an own product's
    1000 + baskets + 8 x trend30 + 0.5 x popularity; ties go to own products.
m = 0 without competing is exactly Herald's default (checked hit for hit).
Grid, fixed before the run: L in {1, 3, all}, m in {0, 0.25, 0.5, 1}, competing n in {1, 2}, theta in {0.6, 0.8},
c in {-1, 0, 1} with m = 0.5.
Honesty: time_cut_protocol.py (ADR 0052's time-cut levels; test read only past two clustered paired SEs).
Usage: nice -n 19 python3 description_experiments.py > description_results.txt     (numpy, scipy)
"""
import csv
import pathlib
import re
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import time_cut_protocol  # noqa: E402  (choose on time-cut levels, read test only past two SEs)
from all_items_experiments import load, split  # noqa: E402  (same cleaning and split)
from trending_new_experiments import Catalogue  # noqa: E402  (own products in the default's order, the blend)

WINDOWS = [1, 3, None]  # None: every training basket
MIXES = [0.0, 0.25, 0.5, 1.0]
COMPETING = [(n, theta, c) for n in (1, 2) for theta in (0.6, 0.8) for c in (-1.0, 0.0, 1.0)]
TOKEN = re.compile(r'[A-Z]{2,}')


def descriptions():
    with open(pathlib.Path(__file__).parent / 'products.tsv', encoding='utf-8') as f:
        return {r['stock_code']: r['description'] for r in csv.DictReader(f, delimiter='\t')}


def cosine(items, text):
    """Items x items TF-IDF cosine of the descriptions (0 for a product without one)."""
    docs = [set(TOKEN.findall(text.get(i, '').upper())) for i in items]
    vocabulary = sorted({t for d in docs for t in d})
    at = {t: k for k, t in enumerate(vocabulary)}
    df = np.zeros(len(vocabulary))
    for d in docs:
        for t in d:
            df[at[t]] += 1
    idf = np.log(len(docs) / np.maximum(df, 1))
    x = np.zeros((len(items), len(vocabulary)), np.float32)
    for r, d in enumerate(docs):
        for t in d:
            x[r, at[t]] = idf[at[t]]
    norm = np.linalg.norm(x, axis=1)
    x /= np.where(norm > 0, norm, 1)[:, None]
    sim = x @ x.T
    np.fill_diagonal(sim, 0)
    return sim


class Prepared(Catalogue):
    """The default's own order and blend (Catalogue) plus each query's resemblance per window."""

    def __init__(self, level, history):
        super().__init__(level, history)
        items = sorted(level.index, key=level.index.get)
        sim = cosine(items, TEXT)
        self.resemblance = {}
        for window in WINDOWS:
            rows = []
            for customer in level.customers:
                bs = history[customer] if window is None else history[customer][-window:]
                recent = sorted({level.index[i] for _, b in bs for i in b if i in level.index})
                rows.append(sim[recent].max(0) if recent else np.zeros(len(items), np.float32))
            self.resemblance[window] = rows

    def hits_of(self, window, mix, competing):
        level = self.level
        trend, popularity = level.trend30, level.popularity
        out = np.zeros(level.n_queries)
        for j in range(level.n_queries):
            mine = self.own[j]
            new = np.ones(self.n_items, bool)
            new[mine] = False
            like = self.resemblance[window][j]
            order = (1 - mix) * self.blend[j] + mix * like
            items = np.where(new)[0]
            items = items[np.lexsort((items, -order[items]))]  # ties: lower item index first, as Level.hits
            if competing is None:
                top = np.concatenate([mine[:10], items[:10 - min(10, len(mine))]])
            else:
                count, theta, bonus = competing
                close = items[like[items] >= theta][:count]
                rest = items[~np.isin(items, close)][:10]
                pool = np.concatenate([mine[:10], close, rest])
                scores = np.concatenate([self.own_score[j][:10],
                                         1000 + bonus + 8 * trend[close] + 0.5 * popularity[close],
                                         np.full(len(rest), -1.0)])  # the rest only fills, as in the default
                is_new = np.concatenate([np.zeros(min(10, len(mine))), np.ones(len(close) + len(rest))])
                rank = np.lexsort((np.arange(len(pool)), is_new, -scores))  # own products first on ties
                top = pool[rank[:10]]
            targets = level.target_of[j]
            out[j] = any(int(i) in targets for i in top)
        return out


def name_of(setting):
    window, mix, competing = setting
    source = 'the last basket' if window == 1 else ('every basket' if window is None else f'the last {window} baskets')
    text = f'resemblance to {source}: new products by {1 - mix:g} x blend + {mix:g} x resemblance'
    if competing:
        count, theta, bonus = competing
        text += f', {count} best with resemblance >= {theta:g} compete as if bought {bonus:g}'
    return text


class Descriptions:
    """The experiment as time_cut_protocol.run() reads it."""
    settings = [(w, m, None) for w in WINDOWS for m in MIXES] + [(w, 0.5, c) for w in WINDOWS for c in COMPETING]
    prepare = Prepared
    hits = staticmethod(lambda prepared, setting: prepared.hits_of(*setting))
    name = staticmethod(name_of)
    is_default = staticmethod(lambda setting: setting[1] == 0 and setting[2] is None)


def misses_that_resemble(levels):
    """How many new-only misses of the first level held out a product that resembles a recent one (a ceiling)."""
    level, history = levels[0]
    prepared = Prepared(level, history)
    default = level.hits(level.default)
    for window in WINDOWS:
        counts = {0.6: 0, 0.8: 0}
        new_only = 0
        for j, customer in enumerate(level.customers):
            if default[j]:
                continue
            mine = set(int(i) for i in prepared.own[j])
            targets = level.target_of[j]
            if targets & mine:
                continue
            new_only += 1
            like = prepared.resemblance[window][j]
            for theta in counts:
                counts[theta] += any(like[t] >= theta for t in targets)
        print(f'first time-cut level, window {window}: {new_only} new-only misses; held out a product with '
              f'resemblance >= 0.6: {counts[0.6]}, >= 0.8: {counts[0.8]}', flush=True)


TEXT = descriptions()


def main():
    train, test = split(load())
    time_cut_protocol.run(Descriptions, train, test, time.time(), before=misses_that_resemble)


if __name__ == '__main__':
    main()
