package dev.herald.engine.reco;

/**
 * Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite matrix (row-major, n × n), solves and the
 * inverse. Used by the linear item model (inverse of the regularised Gram matrix) and as the exact solver that
 * the ALS conjugate-gradient steps are checked against.
 */
public final class DenseCholesky {

    private final int n;
    private final double[] l;

    private DenseCholesky(int n, double[] l) {
        this.n = n;
        this.l = l;
    }

    /** Factorises {@code a} (not modified); fails when it is not positive definite. */
    public static DenseCholesky factor(double[] a, int n) {
        return factor(a, n, null);
    }

    /** Rows of the factor computed together, so that each earlier row is read once per block, not once per row. */
    private static final int ROW_BLOCK = 32;
    /** Rows (or columns) per parallel task. */
    private static final int CHUNK = 8;

    /**
     * As {@link #factor(double[], int)}, in blocks of rows: for a block, the entries left of it are computed in
     * parallel on {@code pool} (null = this thread), a few rows per task, each earlier row loaded once for the
     * rows of a task; then the block's own triangle on this thread. Every entry is the same dot product whatever
     * the chunking, so the factor is identical for any thread count.
     */
    public static DenseCholesky factor(double[] a, int n, WorkerPool pool) {
        double[] l = new double[n * n];
        for (int i0 = 0; i0 < n; i0 += ROW_BLOCK) {
            int first = i0;
            int end = Math.min(n, i0 + ROW_BLOCK);
            WorkerPool.RangeTask left = (from, to) -> {
                for (int j = 0; j < first; j++) {
                    int rowJ = j * n;
                    double ljj = l[rowJ + j];
                    for (int i = first + from; i < first + to; i++) {
                        int rowI = i * n;
                        l[rowI + j] = (a[rowI + j] - dot(l, rowI, l, rowJ, j)) / ljj;
                    }
                }
            };
            run(pool, end - first, (long) (end - first) * first * first, left);
            for (int i = first; i < end; i++) {
                int rowI = i * n;
                for (int j = first; j < i; j++) {
                    int rowJ = j * n;
                    l[rowI + j] = (a[rowI + j] - dot(l, rowI, l, rowJ, j)) / l[rowJ + j];
                }
                double diagonal = a[rowI + i] - dot(l, rowI, l, rowI, i);
                if (!(diagonal > 0)) {
                    throw new ArithmeticException("matrix is not positive definite (pivot " + i + ")");
                }
                l[rowI + i] = Math.sqrt(diagonal);
            }
        }
        return new DenseCholesky(n, l);
    }

    /** Runs {@code task} over [0, size) on the pool in chunks, or on this thread when small or without a pool. */
    private static void run(WorkerPool pool, int size, long work, WorkerPool.RangeTask task) {
        if (pool == null || work < 200_000) {
            try {
                task.run(0, size);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        } else {
            pool.forRange(size, CHUNK, task);
        }
    }

    /** Solves A·x = b. */
    public double[] solve(double[] b) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i * n + k] * y[k];
            }
            y[i] = sum / l[i * n + i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = y[i];
            for (int k = i + 1; k < n; k++) {
                sum -= l[k * n + i] * x[k];
            }
            x[i] = sum / l[i * n + i];
        }
        return x;
    }

    /**
     * A⁻¹ (row-major) = Wᵀ·W with W = L⁻¹. W is kept transposed so that every inner loop runs over contiguous
     * memory; its columns, then the rows of the product, are computed in parallel, each into its own slots
     * (deterministic for any thread count).
     */
    public double[] inverse(WorkerPool pool) {
        // wt[c * n + i] = W[i][c]: column c of L^-1 by forward substitution, zero above the diagonal
        double[] wt = new double[n * n];
        pool.forRange(n, CHUNK, (from, to) -> {
            for (int c = from; c < to; c++) {
                wt[c * n + c] = 1 / l[c * n + c];
            }
            // row by row, so that each row of L is read once for all the columns of this task
            for (int i = from + 1; i < n; i++) {
                int rowI = i * n;
                for (int c = from; c < Math.min(to, i); c++) {
                    int col = c * n;
                    wt[col + i] = -dot(l, rowI + c, wt, col + c, i - c) / l[rowI + i];
                }
            }
        });
        // (A^-1)[i][j] = sum over k >= max(i, j) of W[k][i] * W[k][j] = dot of rows i and j of wt from k = i
        double[] inverse = new double[n * n];
        pool.forRange(n, CHUNK, (from, to) -> {
            for (int j = 0; j < to; j++) {  // row j of wt read once for all the rows i of this task
                int rowJ = j * n;
                for (int i = Math.max(from, j); i < to; i++) {
                    int rowI = i * n;
                    inverse[rowI + j] = dot(wt, rowI + i, wt, rowJ + i, n - i);
                }
            }
        });
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                inverse[j * n + i] = inverse[i * n + j];
            }
        }
        return inverse;
    }

    /**
     * Σ x[xFrom + k] · y[yFrom + k] for k < length, with four partial sums: the additions no longer wait on one
     * another, which makes the hot loops of the factor and the inverse about twice as fast in a cold JVM (C1 does
     * not unroll or vectorise). The order of the additions is fixed, so results stay bit-identical run to run.
     */
    static double dot(double[] x, int xFrom, double[] y, int yFrom, int length) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < length; k += 4) {
            s0 += x[xFrom + k] * y[yFrom + k];
            s1 += x[xFrom + k + 1] * y[yFrom + k + 1];
            s2 += x[xFrom + k + 2] * y[yFrom + k + 2];
            s3 += x[xFrom + k + 3] * y[yFrom + k + 3];
        }
        for (; k < length; k++) {
            s0 += x[xFrom + k] * y[yFrom + k];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
