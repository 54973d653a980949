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

    /**
     * As {@link #factor(double[], int)}, computing the entries below each pivot in parallel on {@code pool}
     * (null = this thread). Every entry is the same dot product whatever the chunking, so the factor is
     * identical for any thread count.
     */
    public static DenseCholesky factor(double[] a, int n, WorkerPool pool) {
        double[] l = new double[n * n];
        for (int j = 0; j < n; j++) {
            int rowJ = j * n;
            double diagonal = a[rowJ + j];
            for (int k = 0; k < j; k++) {
                diagonal -= l[rowJ + k] * l[rowJ + k];
            }
            if (!(diagonal > 0)) {
                throw new ArithmeticException("matrix is not positive definite (pivot " + j + ")");
            }
            double ljj = Math.sqrt(diagonal);
            l[rowJ + j] = ljj;
            int column = j;
            WorkerPool.RangeTask below = (from, to) -> {
                for (int i = column + 1 + from; i < column + 1 + to; i++) {
                    int rowI = i * n;
                    double sum = a[rowI + column];
                    for (int k = 0; k < column; k++) {
                        sum -= l[rowI + k] * l[rowJ + k];
                    }
                    l[rowI + column] = sum / ljj;
                }
            };
            int rows = n - j - 1;
            if (pool == null || (long) rows * j < 20_000) {
                try {
                    below.run(0, rows);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            } else {
                pool.forRange(rows, 64, below);
            }
        }
        return new DenseCholesky(n, l);
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
        pool.forRange(n, 8, (from, to) -> {
            for (int c = from; c < to; c++) {
                int col = c * n;
                wt[col + c] = 1 / l[c * n + c];
                for (int i = c + 1; i < n; i++) {
                    int rowI = i * n;
                    double sum = 0;
                    for (int k = c; k < i; k++) {
                        sum += l[rowI + k] * wt[col + k];
                    }
                    wt[col + i] = -sum / l[rowI + i];
                }
            }
        });
        // (A^-1)[i][j] = sum over k >= max(i, j) of W[k][i] * W[k][j] = dot of rows i and j of wt from k = i
        double[] inverse = new double[n * n];
        pool.forRange(n, 8, (from, to) -> {
            for (int i = from; i < to; i++) {
                int rowI = i * n;
                for (int j = 0; j <= i; j++) {
                    int rowJ = j * n;
                    double sum = 0;
                    for (int k = i; k < n; k++) {
                        sum += wt[rowI + k] * wt[rowJ + k];
                    }
                    inverse[rowI + j] = sum;
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
}
