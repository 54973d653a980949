package dev.herald.engine.segment;

/**
 * A partition of n points into k clusters: labels 0..k-1 in input order, centroids and the within-cluster sum
 * of squares (WCSS), all in the space the points were given in.
 */
public record Clustering(int k, int[] labels, double[][] centroids, double wcss) {

    /** Cluster sizes. */
    public int[] sizes() {
        int[] sizes = new int[k];
        for (int label : labels) {
            sizes[label]++;
        }
        return sizes;
    }

    /** Centroids (means) and WCSS of a labelling. */
    public static Clustering of(double[][] x, int[] labels, int k) {
        int d = x[0].length;
        double[][] c = new double[k][d];
        int[] counts = new int[k];
        for (int i = 0; i < x.length; i++) {
            counts[labels[i]]++;
            for (int j = 0; j < d; j++) {
                c[labels[i]][j] += x[i][j];
            }
        }
        for (int l = 0; l < k; l++) {
            for (int j = 0; j < d; j++) {
                c[l][j] = counts[l] == 0 ? 0 : c[l][j] / counts[l];
            }
        }
        double wcss = 0;
        for (int i = 0; i < x.length; i++) {
            wcss += squaredDistance(x[i], c[labels[i]]);
        }
        return new Clustering(k, labels, c, wcss);
    }

    static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double diff = a[j] - b[j];
            s += diff * diff;
        }
        return s;
    }
}
