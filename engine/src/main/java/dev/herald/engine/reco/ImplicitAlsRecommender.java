package dev.herald.engine.reco;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Matrix factorisation for implicit feedback (Hu, Koren & Volinsky 2008): preference p = 1 for bought products,
 * confidence c = 1 + α·log(1 + count). Alternating least squares; each customer's (then product's) factors
 * solve (YᵀY + Yᵀ(C−I)Y + λI)·x = YᵀC·p, by a few conjugate-gradient steps warm-started from the previous sweep
 * (Takács et al. 2011), so a sweep costs O(nnz·f·steps) instead of O(n·f³). Rows are solved in parallel, each
 * into its own slot, from a seeded initialisation per row: identical for any thread count.
 */
public final class ImplicitAlsRecommender implements Recommender {

    public record Settings(int factors, int iterations, double lambda, double alpha, int cgSteps, long seed) {
        public static Settings defaults() {
            return new Settings(48, 12, 0.5, 20, 3, 42);
        }
    }

    public static RecommenderAlgorithm algorithm(Settings settings) {
        return new RecommenderAlgorithm() {
            @Override
            public String name() {
                return "als";
            }

            @Override
            public Recommender train(InteractionMatrix m, WorkerPool pool) {
                return ImplicitAlsRecommender.train(m, settings, pool);
            }
        };
    }

    private final Settings settings;
    private final int numItems;
    private final float[] userFactors;
    private final float[] itemFactors;
    private final double[] itemGram;

    private ImplicitAlsRecommender(Settings settings, int numItems, float[] userFactors, float[] itemFactors,
                                   double[] itemGram) {
        this.settings = settings;
        this.numItems = numItems;
        this.userFactors = userFactors;
        this.itemFactors = itemFactors;
        this.itemGram = itemGram;
    }

    /** Trains; {@code lossAfterSweep}, when not null, receives the objective after each full sweep. */
    public static ImplicitAlsRecommender train(InteractionMatrix m, Settings s, WorkerPool pool,
                                               double[] lossAfterSweep) {
        int f = s.factors();
        float[] users = init(m.numUsers(), f, s.seed());
        float[] items = init(m.numItems(), f, s.seed() ^ 0x9E3779B97F4A7C15L);
        for (int iteration = 0; iteration < s.iterations(); iteration++) {
            sweep(m, true, users, items, s, pool);
            sweep(m, false, items, users, s, pool);
            if (lossAfterSweep != null && iteration < lossAfterSweep.length) {
                lossAfterSweep[iteration] = loss(m, users, items, s);
            }
        }
        return new ImplicitAlsRecommender(s, m.numItems(), users, items, gram(items, m.numItems(), f, pool));
    }

    static ImplicitAlsRecommender train(InteractionMatrix m, Settings s, WorkerPool pool) {
        return train(m, s, pool, null);
    }

    private static float[] init(int rows, int f, long seed) {
        float[] factors = new float[rows * f];
        for (int r = 0; r < rows; r++) {
            SplittableRandom random = new SplittableRandom(seed + 0x632BE59BD9B4E019L * r);
            for (int k = 0; k < f; k++) {
                factors[r * f + k] = (float) (random.nextDouble(-0.5, 0.5) / Math.sqrt(f));
            }
        }
        return factors;
    }

    static double confidence(float count, double alpha) {
        return 1 + alpha * Math.log1p(count);
    }

    /** Re-solves every row of {@code target} (users when {@code byUser}) against fixed {@code fixed}. */
    private static void sweep(InteractionMatrix m, boolean byUser, float[] target, float[] fixed, Settings s,
                              WorkerPool pool) {
        int f = s.factors();
        int rows = byUser ? m.numUsers() : m.numItems();
        int fixedRows = byUser ? m.numItems() : m.numUsers();
        double[] gram = gram(fixed, fixedRows, f, pool);
        pool.forRange(rows, 128, (from, to) -> {
            double[] x = new double[f];
            double[] b = new double[f];
            double[] work = new double[4 * f];
            for (int r = from; r < to; r++) {
                int start = byUser ? m.userStart(r) : m.itemStart(r);
                int end = byUser ? m.userEnd(r) : m.itemEnd(r);
                int[] others = new int[end - start];
                double[] conf = new double[end - start];
                for (int k = start; k < end; k++) {
                    others[k - start] = byUser ? m.itemAt(k) : m.userAt(k);
                    conf[k - start] = confidence(byUser ? m.userCountAt(k) : m.itemCountAt(k), s.alpha());
                }
                for (int k = 0; k < f; k++) {
                    x[k] = target[r * f + k];
                }
                Arrays.fill(b, 0);
                for (int o = 0; o < others.length; o++) {
                    int row = others[o] * f;
                    for (int k = 0; k < f; k++) {
                        b[k] += conf[o] * fixed[row + k];
                    }
                }
                conjugateGradient(gram, fixed, others, conf, s.lambda(), b, x, f, s.cgSteps(), work);
                for (int k = 0; k < f; k++) {
                    target[r * f + k] = (float) x[k];
                }
            }
        });
    }

    /** YᵀY, f × f, summed in fixed row blocks so the result does not depend on the thread count. */
    static double[] gram(float[] factors, int rows, int f, WorkerPool pool) {
        int block = 4096;
        int blocks = (rows + block - 1) / block;
        double[][] partial = new double[blocks][];
        pool.forRange(blocks, 1, (from, to) -> {
            for (int blk = from; blk < to; blk++) {
                double[] g = new double[f * f];
                for (int r = blk * block; r < Math.min(rows, (blk + 1) * block); r++) {
                    int row = r * f;
                    for (int a = 0; a < f; a++) {
                        double va = factors[row + a];
                        for (int c = 0; c < f; c++) {
                            g[a * f + c] += va * factors[row + c];
                        }
                    }
                }
                partial[blk] = g;
            }
        });
        double[] gram = new double[f * f];
        for (double[] g : partial) {
            for (int k = 0; k < gram.length; k++) {
                gram[k] += g[k];
            }
        }
        return gram;
    }

    /** A·v for A = YᵀY + Σ (c−1)·y·yᵀ + λI, without forming A. */
    static void multiply(double[] gram, float[] fixed, int[] others, double[] conf, double lambda, double[] v,
                         double[] out, int f) {
        for (int a = 0; a < f; a++) {
            double sum = lambda * v[a];
            for (int c = 0; c < f; c++) {
                sum += gram[a * f + c] * v[c];
            }
            out[a] = sum;
        }
        for (int o = 0; o < others.length; o++) {
            int row = others[o] * f;
            double dot = 0;
            for (int k = 0; k < f; k++) {
                dot += fixed[row + k] * v[k];
            }
            double scale = (conf[o] - 1) * dot;
            for (int k = 0; k < f; k++) {
                out[k] += scale * fixed[row + k];
            }
        }
    }

    /** {@code steps} conjugate-gradient iterations on A·x = b, starting from x (updated in place). */
    static void conjugateGradient(double[] gram, float[] fixed, int[] others, double[] conf, double lambda,
                                  double[] b, double[] x, int f, int steps, double[] work) {
        double[] r = new double[f];
        double[] p = new double[f];
        double[] ap = new double[f];
        multiply(gram, fixed, others, conf, lambda, x, ap, f);
        double rsOld = 0;
        for (int k = 0; k < f; k++) {
            r[k] = b[k] - ap[k];
            p[k] = r[k];
            rsOld += r[k] * r[k];
        }
        for (int step = 0; step < steps && rsOld > 1e-20; step++) {
            multiply(gram, fixed, others, conf, lambda, p, ap, f);
            double pap = 0;
            for (int k = 0; k < f; k++) {
                pap += p[k] * ap[k];
            }
            double alpha = rsOld / pap;
            double rsNew = 0;
            for (int k = 0; k < f; k++) {
                x[k] += alpha * p[k];
                r[k] -= alpha * ap[k];
                rsNew += r[k] * r[k];
            }
            for (int k = 0; k < f; k++) {
                p[k] = r[k] + rsNew / rsOld * p[k];
            }
            rsOld = rsNew;
        }
    }

    /** The objective Σ c·(p − xᵀy)² over all pairs + λ(‖X‖² + ‖Y‖²). O(users · items · f): for small tests. */
    static double loss(InteractionMatrix m, float[] users, float[] items, Settings s) {
        int f = s.factors();
        double total = 0;
        for (int u = 0; u < m.numUsers(); u++) {
            UserHistory h = m.history(u);
            for (int i = 0; i < m.numItems(); i++) {
                double dot = 0;
                for (int k = 0; k < f; k++) {
                    dot += users[u * f + k] * items[i * f + k];
                }
                float count = h.count(i);
                double c = count > 0 ? confidence(count, s.alpha()) : 1;
                double p = count > 0 ? 1 : 0;
                total += c * (p - dot) * (p - dot);
            }
        }
        double norms = 0;
        for (float v : users) {
            norms += v * v;
        }
        for (float v : items) {
            norms += v * v;
        }
        return total + s.lambda() * norms;
    }

    @Override
    public String name() {
        return "als";
    }

    @Override
    public int numItems() {
        return numItems;
    }

    @Override
    public void score(int user, UserHistory history, float[] out) {
        int f = settings.factors();
        double[] x = new double[f];
        if (user >= 0 && user * f < userFactors.length) {
            for (int k = 0; k < f; k++) {
                x[k] = userFactors[user * f + k];
            }
        } else {  // fold in a customer the model has not seen, from their history
            int[] others = Arrays.stream(history.items()).filter(i -> i < numItems).toArray();
            double[] conf = new double[others.length];
            double[] b = new double[f];
            for (int o = 0; o < others.length; o++) {
                conf[o] = confidence(history.count(others[o]), settings.alpha());
                for (int k = 0; k < f; k++) {
                    b[k] += conf[o] * itemFactors[others[o] * f + k];
                }
            }
            conjugateGradient(itemGram, itemFactors, others, conf, settings.lambda(), b, x, f, f, new double[0]);
        }
        for (int i = 0; i < numItems; i++) {
            double dot = 0;
            int row = i * f;
            for (int k = 0; k < f; k++) {
                dot += x[k] * itemFactors[row + k];
            }
            out[i] = (float) dot;
        }
    }

    /** Factors of a customer (for tests and diagnostics). */
    float[] userFactors(int user) {
        int f = settings.factors();
        return Arrays.copyOfRange(userFactors, user * f, (user + 1) * f);
    }

    @Override
    public Reason explain(int user, UserHistory history, int item) {
        return Reason.of(Reason.Kind.CUSTOMERS_LIKE_YOU);
    }
}
