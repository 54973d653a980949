package dev.herald.engine.segment;

/**
 * Principal component analysis for drawing: the covariance matrix's eigenvectors by the cyclic Jacobi method
 * (exact for the handful of features segmentation uses), and points projected on the first components.
 */
public final class Pca {

    private final double[] mean;
    private final double[][] components; // rows, by decreasing variance
    private final double[] variances;

    private Pca(double[] mean, double[][] components, double[] variances) {
        this.mean = mean;
        this.components = components;
        this.variances = variances;
    }

    public static Pca fit(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        double[][] cov = new double[d][d];
        for (double[] row : x) {
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    cov[i][j] += (row[i] - mean[i]) * (row[j] - mean[j]) / Math.max(1, n - 1);
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                cov[i][j] = cov[j][i];
            }
        }
        double[][] vectors = new double[d][d];
        for (int i = 0; i < d; i++) {
            vectors[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    off += cov[p][q] * cov[p][q];
                }
            }
            if (off < 1e-22) {
                break;
            }
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    if (Math.abs(cov[p][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (cov[q][q] - cov[p][p]) / (2 * cov[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < d; k++) {
                        double kp = cov[k][p];
                        double kq = cov[k][q];
                        cov[k][p] = c * kp - s * kq;
                        cov[k][q] = s * kp + c * kq;
                    }
                    for (int k = 0; k < d; k++) {
                        double pk = cov[p][k];
                        double qk = cov[q][k];
                        cov[p][k] = c * pk - s * qk;
                        cov[q][k] = s * pk + c * qk;
                    }
                    for (int k = 0; k < d; k++) {
                        double vp = vectors[k][p];
                        double vq = vectors[k][q];
                        vectors[k][p] = c * vp - s * vq;
                        vectors[k][q] = s * vp + c * vq;
                    }
                }
            }
        }
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
        }
        final double[][] diag = cov;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(diag[b][b], diag[a][a]));
        double[][] components = new double[d][d];
        double[] variances = new double[d];
        for (int r = 0; r < d; r++) {
            variances[r] = diag[order[r]][order[r]];
            for (int k = 0; k < d; k++) {
                components[r][k] = vectors[k][order[r]];
            }
        }
        return new Pca(mean, components, variances);
    }

    /** Coordinates of each point on the first {@code dims} components. */
    public double[][] project(double[][] x, int dims) {
        double[][] out = new double[x.length][dims];
        for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < dims; c++) {
                double s = 0;
                for (int j = 0; j < mean.length; j++) {
                    s += (x[i][j] - mean[j]) * components[c][j];
                }
                out[i][c] = s;
            }
        }
        return out;
    }

    /** Share of the total variance on each component, by decreasing variance. */
    public double[] explainedVarianceRatio() {
        double total = 0;
        for (double v : variances) {
            total += v;
        }
        double[] ratio = new double[variances.length];
        for (int i = 0; i < ratio.length; i++) {
            ratio[i] = total == 0 ? 0 : variances[i] / total;
        }
        return ratio;
    }

    public double[][] components() {
        return components;
    }
}
