package dev.herald.engine.reco;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The blocked factor and inverse: exact on a matrix larger than a block, identical for any thread count. */
class DenseCholeskyTest {

    /** A Gram-like positive-definite matrix (purchase counts plus a ridge), n not a multiple of the 32-row block. */
    private static double[] spd(int n, long seed) {
        Random random = new Random(seed);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = random.nextInt(4);
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
            a[i * n + i] += 2 * n;
        }
        return a;
    }

    @Test
    void factorTimesItsTransposeGivesTheMatrixBackAndTheInverseIsOne() {
        int n = 150;
        double[] a = spd(n, 7);
        try (WorkerPool pool = new WorkerPool(2)) {
            double[] inverse = DenseCholesky.factor(a, n, pool).inverse(pool);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double product = 0;
                    for (int k = 0; k < n; k++) {
                        product += a[i * n + k] * inverse[k * n + j];
                    }
                    assertThat(product).isCloseTo(i == j ? 1 : 0, within(1e-10));
                }
            }
            double[] b = new double[n];
            b[3] = 1;
            assertThat(DenseCholesky.factor(a, n, pool).solve(b))
                    .containsExactly(java.util.Arrays.copyOfRange(inverse, 3 * n, 4 * n), within(1e-12));
        }
    }

    @Test
    void resultsAreBitIdenticalWithoutAPoolAndOnOneOrThreeThreads() {
        int n = 150;  // large enough for the blocks left of the diagonal to run on the pool
        double[] a = spd(n, 11);
        double[] single;
        double[] three;
        try (WorkerPool one = new WorkerPool(1); WorkerPool pool = new WorkerPool(3)) {
            single = DenseCholesky.factor(a, n, one).inverse(one);
            three = DenseCholesky.factor(a, n, pool).inverse(pool);
            assertThat(DenseCholesky.factor(a, n, null).inverse(one)).isEqualTo(single);
        }
        assertThat(three).isEqualTo(single);
    }

    @Test
    void aMatrixThatIsNotPositiveDefiniteIsRefusedWithThePivot() {
        double[] a = {1, 2, 2, 1};
        assertThatThrownBy(() -> DenseCholesky.factor(a, 2)).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("pivot 1");
    }

    @Test
    void fourWayDotProductHandlesLengthsThatAreNotMultiplesOfFour() {
        double[] x = {1, 2, 3, 4, 5, 6, 7};
        double[] y = {9, 1, 1, 1, 1, 1, 1, 1};
        assertThat(DenseCholesky.dot(x, 0, y, 1, 7)).isEqualTo(28.0);
        assertThat(DenseCholesky.dot(x, 2, y, 0, 3)).isEqualTo(27 + 4 + 5);
        assertThat(DenseCholesky.dot(x, 0, y, 0, 0)).isZero();
    }
}
