"""All-items protocol: ADR 0039's boosted-tree ranker trained and chosen on time-cut levels (ADR 0052).

ADR 0039's ranker learned from nested levels, whose held-out baskets lie further from their history's end than
test's do (ADR 0052). Here everything is timed like the test: a time-cut level is the training baskets up to `cut`
days before their end, with each customer's last basket of those held out.
- validation V: the time-cut level at 30 days of the training baskets;
- its ranker learns from time-cut levels at 30 and 60 days of V's HISTORY only (so no basket of V's labels is seen);
- for test, the ranker is retrained, one level up, on time-cut levels at 30 and 60 days of all training baskets,
  and scores test.tsv's baskets from all training baskets.
Grid fixed before the run: LambdaRank depth 3, 4, 5 and logistic depth 3, 4; 50-300 trees. test.tsv is read only if
the best beats the default by two paired SEs on V; then the 3 best are scored on it once.
Usage: nice -n 19 python3 ranker_time_cut_experiments.py > ranker_time_cut_results.txt   (numpy, scipy; ~30 min)
"""
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from all_items_experiments import load, split  # noqa: E402
from ranker_experiments import Level, Stacked, Trees, report, score_chosen_on_test  # noqa: E402
from time_cut_protocol import time_cut  # noqa: E402  (the time-cut levels of ADR 0052)

CUTS = [30, 60]
SETTINGS = [('lambdarank', 3), ('lambdarank', 4), ('lambdarank', 5), ('logistic', 3), ('logistic', 4)]
CHECKPOINTS = [50, 100, 200, 300]
RATE = 0.1


def ranker_training(baskets):
    return Stacked([Level(*time_cut(baskets, cut)) for cut in CUTS])


def main():
    started = time.time()
    train, test = split(load())
    v_history, v_held_out = time_cut(train, 30)
    validation = Level(v_history, v_held_out)
    training = ranker_training(v_history)
    reference = validation.hits(validation.default)
    print(f'ranker training: {training.n_queries} queries, {len(training.y)} pairs; validation: '
          f'{validation.n_queries} customers; {time.time() - started:.0f} s', flush=True)
    print('validation, reference ' + report("Herald's default", reference, reference), flush=True)
    results = []
    for loss, depth in SETTINGS:
        model = Trees(depth, RATE, loss).fit(training, max(CHECKPOINTS))
        for trees, score in model.staged(validation, CHECKPOINTS).items():
            name = f'{loss} depth={depth} trees={trees} rate={RATE}, trained on time-cut levels {CUTS} d'
            hits = validation.hits(score)
            results.append((hits.mean(), name, (loss, depth, trees), hits))
            print('validation ' + report(name, hits, reference), flush=True)
        print(f'  ({time.time() - started:.0f} s)', flush=True)
    results.sort(key=lambda r: (-r[0], r[1]))
    best_hits = results[0][3]
    diff = best_hits - reference
    se = diff.std(ddof=1) / len(diff) ** 0.5
    print(f'grid done: {len(results)} settings, validation HR@10 {results[-1][0]:.4f}..{results[0][0]:.4f}; best '
          f'{diff.mean():+.4f} = {diff.mean() / se:.1f} paired SEs; {time.time() - started:.0f} s', flush=True)
    if diff.mean() < 2 * se:
        print('no setting beats the default by two paired SEs on validation: test.tsv is not read')
        return
    final_training = ranker_training(train)  # one level up, from all training baskets
    score_chosen_on_test(Level(train, test), [(val, name, trees, Trees(depth, RATE, loss).fit(final_training, trees))
                                              for val, name, (loss, depth, trees), _ in results[:3]])
    print(f'{time.time() - started:.0f} s')


if __name__ == '__main__':
    main()
