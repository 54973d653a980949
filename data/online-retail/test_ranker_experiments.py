"""Checks of ranker_experiments.py's own tree and hit-rate code on tiny synthetic queries, so that ADR 0039's negative
result is not an artefact of a broken learner. Usage: python3 -m unittest test_ranker_experiments  (a few seconds)
"""
import unittest

import numpy as np

from ranker_experiments import Level, Trees


def synthetic_level(queries=60, candidates=20, seed=7):
    """Queries whose one held-out item is the candidate with the largest feature 0; the default order ignores it."""
    rng = np.random.default_rng(seed)
    level = object.__new__(Level)
    level.n_queries = queries
    level.starts = np.arange(queries + 1) * candidates
    level.item = np.tile(np.arange(candidates), queries)
    signal = rng.random(queries * candidates)
    noise = rng.random(queries * candidates)
    level.x = np.column_stack([signal, noise]).astype(np.float32)
    level.y = np.zeros(queries * candidates)
    for q in range(queries):
        a = q * candidates
        level.y[a + np.argmax(signal[a:a + candidates])] = 1
    level.default = noise
    level.default_rank = np.zeros(queries * candidates)
    for q in range(queries):
        a, b = level.starts[q], level.starts[q + 1]
        level.default_rank[a + level._order(a, b, level.default[a:b])] = np.arange(b - a)
    return level


class HitsTest(unittest.TestCase):

    def test_hits_count_a_query_once_its_target_is_in_the_top_ten(self):
        level = synthetic_level(queries=1)
        score = np.zeros(20)
        target = int(np.nonzero(level.y)[0][0])
        score[target] = 1
        self.assertEqual(level.hits(score).tolist(), [1.0])
        score[target] = -1  # ranked last of 20
        self.assertEqual(level.hits(score).tolist(), [0.0])

    def test_ties_keep_the_default_order(self):
        level = synthetic_level(queries=1)
        order = level._order(0, 20, np.zeros(20))
        self.assertEqual(order.tolist(), np.argsort(-level.default, kind='stable').tolist())


class TreesTest(unittest.TestCase):

    def test_logistic_trees_learn_the_rule_that_picks_the_target(self):
        train, held_out = synthetic_level(seed=1), synthetic_level(seed=2)
        model = Trees(depth=2, rate=0.3, loss='logistic').fit(train, 30)
        score = model.staged(held_out, [30])[30]
        self.assertGreater(held_out.hits(score).mean(), 0.95)
        self.assertLess(held_out.hits(held_out.default).mean(), 0.8)

    def test_lambdarank_trees_learn_the_rule_that_picks_the_target(self):
        train, held_out = synthetic_level(seed=3), synthetic_level(seed=4)
        model = Trees(depth=2, rate=0.3, loss='lambdarank').fit(train, 30)
        score = model.staged(held_out, [30])[30]
        self.assertGreater(held_out.hits(score).mean(), 0.95)

    def test_training_twice_gives_identical_scores(self):
        level = synthetic_level(seed=5)
        first = Trees(3, 0.1, 'lambdarank').fit(level, 10).staged(level, [10])[10]
        second = Trees(3, 0.1, 'lambdarank').fit(level, 10).staged(level, [10])[10]
        self.assertTrue(np.array_equal(first, second))


if __name__ == '__main__':
    unittest.main()
