"""All-items protocol: new products chosen by what sells now, to fill or to compete for the top 10 (ADR 0055).

slot_experiments.py found that 60% of the default's misses are baskets of products new to the customer, and that
the customer's history does not say whose next basket will be new. It ordered new products by the blend (EASE +
item-kNN + popularity), which knows a product by who bought it with what: a product launched a few weeks ago has
few such pairs, yet the season's new ranges are what many customers buy next. Here new products are ordered by
    (1 - m) x blend + m x trend30      (m in {0, 0.25, 0.5, 0.75, 1}; over the whole catalogue, the blend 0 outside
                                        the default's 50 candidates)
and either only fill the slots the customer's own products leave free (as the default), or compete with them: the
10 best new products by that order score 1000 + c + 8 x trend30 + 0.5 x popularity against an own product's 1000 + baskets + 8 x trend30
+ 0.5 x popularity, i.e. as if bought c baskets' worth (c in {-2, -1, -0.5, 0}); ties go to own products.
m = 0 without competing is exactly Herald's default (checked hit for hit).
Honesty: time_cut_protocol.py (ADR 0052's time-cut levels; test read only past two clustered paired SEs).
Usage: nice -n 19 python3 trending_new_experiments.py > trending_new_results.txt     (numpy, scipy)
"""
import pathlib
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import time_cut_protocol  # noqa: E402  (choose on time-cut levels, read test only past two SEs)
from all_items_experiments import load, split  # noqa: E402  (same cleaning and split)
from ranker_experiments import FEATURES  # noqa: E402  (same candidates and default ranking)

MIXES = [0.0, 0.25, 0.5, 0.75, 1.0]
COMPETE = [None, -2.0, -1.0, -0.5, 0.0]


class Catalogue:
    """Per query of a level: own products in the default's order with their scores, and each product's blend."""

    def __init__(self, level, history):
        own = level.x[:, FEATURES.index('own')] > 0.5
        blend = level.x[:, FEATURES.index('blend')].astype(float)
        self.level, self.n_items = level, len(level.index)
        self.own, self.own_score, self.blend = [], [], []
        for j in range(level.n_queries):
            a, b = level.starts[j], level.starts[j + 1]
            o = a + np.where(own[a:b])[0]
            o = o[np.argsort(-level.default[o], kind='stable')]
            self.own.append(level.item[o])
            self.own_score.append(level.default[o])
            row = np.zeros(self.n_items)
            others = a + np.where(~own[a:b])[0]
            row[level.item[others]] = blend[others]
            self.blend.append(row)

    def hits(self, mix, compete):
        level = self.level
        trend, popularity = level.trend30, level.popularity
        out = np.zeros(level.n_queries)
        for j in range(level.n_queries):
            mine = self.own[j]
            new = np.ones(self.n_items, bool)
            new[mine] = False
            order = (1 - mix) * self.blend[j] + mix * trend
            items = np.where(new)[0]
            # ties: lower item index first, as Level.hits
            items = items[np.lexsort((items, -order[items]))][:10]
            if compete is None:
                top = np.concatenate([mine[:10], items[:10 - min(10, len(mine))]])
            else:
                new_score = 1000 + compete + 8 * trend[items] + 0.5 * popularity[items]
                scores = np.concatenate([self.own_score[j][:10], new_score])
                pool = np.concatenate([mine[:10], items])
                is_new = np.concatenate([np.zeros(min(10, len(mine))), np.ones(len(items))])
                # own products first on ties, each side keeping its own order
                rank = np.lexsort((np.arange(len(pool)), is_new, -scores))
                top = pool[rank[:10]]
            targets = level.target_of[j]
            out[j] = any(int(i) in targets for i in top)
        return out


class TrendingNew:
    """The experiment as time_cut_protocol.run() reads it."""
    settings = [(m, c) for c in COMPETE for m in MIXES]
    prepare = Catalogue
    hits = staticmethod(lambda catalogue, setting: catalogue.hits(*setting))
    is_default = staticmethod(lambda setting: setting == (0.0, None))

    @staticmethod
    def name(setting):
        mix, compete = setting
        order = f'new products by {1 - mix:g} x blend + {mix:g} x trend30'
        return order + (', fill only' if compete is None else f', compete as if bought {compete:g} baskets')


def main():
    train, test = split(load())
    time_cut_protocol.run(TrendingNew, train, test, time.time())


if __name__ == '__main__':
    main()
