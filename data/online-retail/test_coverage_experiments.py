"""Checks of coverage_experiments.py's greedy re-ranking on hand-made baskets, so that ADR 0048's figures are the
method's and not a broken greedy's. Usage: python3 -m unittest test_coverage_experiments  (under a second)
"""
import math
import types
import unittest

import numpy as np

from coverage_experiments import basket_weights, greedy_list, pooled

# a customer's 6 baskets (rows) over own products A, B, C, D (columns, in the default's order):
# A and B are always bought together (3 baskets), C alone twice, D once
BASKETS = np.array([[1, 1, 0, 0],
                    [1, 1, 0, 0],
                    [1, 1, 0, 0],
                    [0, 0, 1, 0],
                    [0, 0, 1, 0],
                    [0, 0, 0, 1]], float)
NO_EXTRA = (np.zeros(4),)
NO_RIVALS = np.zeros(0)


def covered_baskets(picks):
    return int(BASKETS[:, picks].any(1).sum())


class GreedyTest(unittest.TestCase):

    def test_pure_coverage_skips_the_product_always_bought_with_the_first(self):
        order = greedy_list(BASKETS, np.ones(6), NO_EXTRA, 0.0, NO_RIVALS, False, slots=2)
        self.assertEqual(order[:2].tolist(), [0, 2])  # A, then C (2 new baskets) rather than B (none)
        self.assertEqual(covered_baskets(order[:2]), 5)
        self.assertEqual(covered_baskets([0, 1]), 3)  # the default's top 2: A, B

    def test_a_partial_discount_weighs_the_repeat_against_new_baskets(self):
        # after A: B gains 3 x 0.75 = 2.25 > C's 2; with gamma 0.5, B gains 1.5 < 2
        self.assertEqual(greedy_list(BASKETS, np.ones(6), NO_EXTRA, 0.75, NO_RIVALS, False, 2)[:2].tolist(), [0, 1])
        self.assertEqual(greedy_list(BASKETS, np.ones(6), NO_EXTRA, 0.5, NO_RIVALS, False, 2)[:2].tolist(), [0, 2])

    def test_gamma_one_equals_the_plain_ranking_by_count_plus_extra(self):
        rng = np.random.default_rng(11)
        for _ in range(50):
            member = (rng.random((12, 15)) < 0.3).astype(float)
            trend, popularity = 8 * rng.choice([0, 0.25, 0.5], 15), 0.5 * rng.choice([0, 0.5, 1], 15)
            plain = member.sum(0) + trend + popularity
            expected = np.argsort(-plain, kind='stable')  # ties keep the given (default) order
            order = greedy_list(member, np.ones(12), (trend, popularity), 1.0, NO_RIVALS, False, slots=15)
            self.assertEqual(order.tolist(), expected.tolist())

    def test_others_follow_the_own_products_unless_they_compete(self):
        rivals = np.array([2.5, 0.1])  # the other candidates' blend scores, in the default's order
        own_first = greedy_list(BASKETS, np.ones(6), NO_EXTRA, 0.0, rivals, False, slots=3)
        self.assertEqual(own_first.tolist(), [0, 2, 3, 1, 4, 5])
        compete = greedy_list(BASKETS, np.ones(6), NO_EXTRA, 0.0, rivals, True, slots=3)
        self.assertEqual(compete.tolist(), [0, 4, 2, 1, 3, 5])  # after A (3), rival 2.5 beats C's 2


class WeightsTest(unittest.TestCase):

    def test_normalised_decay_keeps_the_number_of_baskets_and_favours_recent_ones(self):
        ages = np.array([400.0, 200.0, 0.0])
        self.assertEqual(basket_weights(ages, None, False).tolist(), [1, 1, 1])
        self.assertAlmostEqual(basket_weights(ages, 200, False)[1], 0.5)
        normalised = basket_weights(ages, 200, True)
        self.assertAlmostEqual(normalised.sum(), 3)
        self.assertTrue(np.all(np.diff(normalised) > 0))


class PooledTest(unittest.TestCase):

    @staticmethod
    def levels(*customers):
        return [types.SimpleNamespace(level=types.SimpleNamespace(customers=np.array(c))) for c in customers]

    def test_one_level_gives_the_plain_paired_standard_error(self):
        hits, reference = np.array([1, 1, 0, 1, 0, 1.]), np.array([1, 0, 0, 0, 1, 1.])
        mean, diff, se = pooled(self.levels(['a', 'b', 'c', 'd', 'e', 'f']), [hits], [reference])
        d = hits - reference
        self.assertAlmostEqual(mean, 4 / 6)
        self.assertAlmostEqual(diff, d.mean())
        self.assertAlmostEqual(se, d.std(ddof=1) / math.sqrt(6))

    def test_a_customer_on_two_levels_is_one_cluster(self):
        # the same gain twice for one customer is less evidence than the same gain for two customers
        hits, reference = [np.array([1., 0, 0]), np.array([1., 0, 0])], [np.zeros(3), np.zeros(3)]
        _, _, same_customer = pooled(self.levels(['a', 'b', 'c'], ['a', 'b', 'c']), hits, reference)
        _, _, others = pooled(self.levels(['a', 'b', 'c'], ['d', 'e', 'f']), hits, reference)
        self.assertGreater(same_customer, others)


if __name__ == '__main__':
    unittest.main()
