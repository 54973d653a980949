"""How the all-items experiments after ADR 0052 choose a setting, in one place (ADRs 0052, 0055).

Settings are chosen by pooled HR@10 on the time-cut levels, the validation that agreed with test; the nested levels
of ADR 0048 are printed for comparison only. test.tsv is read only when the best setting beats the default by at
least two clustered paired SEs, and then once, for the 3 best.

An experiment says what it tries through four things:
- settings: the grid, fixed before the run;
- prepare(level, history): what its scoring needs of one level, computed once;
- hits(prepared, setting): 1/0 per query of that level;
- name(setting); and is_default(setting), true for settings that must reproduce Herald's default hit for hit.
"""
import pathlib
import sys
import time
import types

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from all_items_experiments import split  # noqa: E402  (same split)
from coverage_experiments import VALIDATION_LEVELS, pooled  # noqa: E402  (same statistics)
from ranker_experiments import Level, report  # noqa: E402  (same candidates and default ranking)

TIME_CUTS = [30, 60, 90]  # days before the end of the training baskets


def time_cut(baskets, cut):
    """(history, held-out baskets) of the time-cut level `cut` days before the end of `baskets`."""
    end = max(day for bs in baskets.values() for day, _ in bs)
    before = {c: [(day, b) for day, b in bs if day <= end - cut] for c, bs in baskets.items()}
    return split({c: bs for c, bs in before.items() if bs})


def setting_line(label, mean, diff, se, name, first_hits, first_reference):
    """One setting's pooled figure and its first level's, as every grid prints them."""
    return (f'{label} pooled {mean:.4f} (vs default {diff:+.4f}, clustered paired SE {se:.4f}) | first level '
            + report(name, first_hits, first_reference))


def grid_done_line(label, results, started):
    """The summary of a grid whose results are sorted best first: (mean, diff, se, name, ...)."""
    best = results[0]
    return (f'{label} grid done: {len(results)} settings, pooled HR@10 {results[-1][0]:.4f}..{best[0]:.4f}; best '
            f'{best[3]}: {best[1]:+.4f} = {best[1] / max(best[2], 1e-12):.1f} clustered paired SEs; '
            f'{time.time() - started:.0f} s')


def grid(levels, label, experiment, started):
    """Every setting's pooled HR@10 on the levels, best first: (mean, diff, se, name, setting)."""
    prepared = [experiment.prepare(level, history) for level, history in levels]
    references = [level.hits(level.default) for level, _ in levels]
    shaped = [types.SimpleNamespace(level=level) for level, _ in levels]  # what pooled() reads
    print(f'{label}: {[lv.n_queries for lv, _ in levels]} queries, default pooled HR@10 '
          f'{np.concatenate(references).mean():.4f} ({time.time() - started:.0f} s)', flush=True)
    results = []
    for setting in experiment.settings:
        hits = [experiment.hits(p, setting) for p in prepared]
        if experiment.is_default(setting):
            assert all(np.array_equal(h, r) for h, r in zip(hits, references)), 'must be the default'
        mean, diff, se = pooled(shaped, hits, references)
        name = experiment.name(setting)
        results.append((mean, diff, se, name, setting))
        print(setting_line(label, mean, diff, se, name, hits[0], references[0]), flush=True)
    results.sort(key=lambda r: (-r[0], r[3]))
    print(grid_done_line(label, results, started), flush=True)
    return results


def run(experiment, train, test, started, before=None):
    """Choose on time-cut levels, compare with the nested levels, and read test only if the rule allows it.
    before(time_cut_levels), if given, prints what the experiment wants said about them first."""
    cut_levels = []
    for cut in TIME_CUTS:
        history, held_out = time_cut(train, cut)
        cut_levels.append((Level(history, held_out), history))
    if before:
        before(cut_levels)
    results = grid(cut_levels, 'time-cut', experiment, started)
    nested, history = [], train
    for _ in range(VALIDATION_LEVELS):
        history, held_out = split(history)
        nested.append((Level(history, held_out), history))
    on_nested = {r[3]: r for r in grid(nested, 'nested (for comparison only)', experiment, started)}
    for mean, diff, se, name, _ in results[:3]:
        n = on_nested[name]
        print(f'time-cut favourite {name}: {diff:+.4f} (SE {se:.4f}); on nested levels {n[1]:+.4f} (SE {n[2]:.4f})')
    best = results[0]
    if best[1] <= 0 or best[1] < 2 * best[2]:
        print('no setting beats the default by two clustered paired SEs on time-cut levels: test.tsv is not read')
    else:
        level = Level(train, test)
        prepared = experiment.prepare(level, train)
        reference = level.hits(level.default)
        print(f'test: {level.n_queries} customers', flush=True)
        print('test, reference ' + report("Herald's default", reference, reference), flush=True)
        for mean, _, _, name, setting in results[:3]:
            hits = experiment.hits(prepared, setting)
            print(f'CHOSEN (pooled time-cut validation {mean:.4f}) test ' + report(name, hits, reference), flush=True)
    print(f'{time.time() - started:.0f} s')
