package dev.herald.engine.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Agglomerative hierarchical clustering with Ward's criterion (each merge is the one that increases the
 * within-cluster sum of squares least), by the nearest-neighbour chain algorithm: O(n²) time, and the
 * Lance–Williams update on squared Euclidean distances in a condensed n(n−1)/2 matrix. The tree is built once
 * and cut at any k. Limited to {@value #MAX_POINTS} points (the matrix takes 8·n²/2 bytes).
 */
public final class Ward {

    public static final int MAX_POINTS = 12_000;

    private final double[][] x;
    private final List<Merge> merges;

    /** Clusters in slots a and b merged (the union lives on in slot b) at this Ward distance. */
    public record Merge(int a, int b, double height) {
    }

    private Ward(double[][] x, List<Merge> merges) {
        this.x = x;
        this.merges = merges;
    }

    public static Ward fit(double[][] x) {
        int n = x.length;
        if (n > MAX_POINTS) {
            throw new IllegalArgumentException("Ward clustering keeps an n×n distance matrix; " + n
                    + " points is more than " + MAX_POINTS + ": use --method kmeans");
        }
        double[] dist = new double[(int) ((long) n * (n - 1) / 2)];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                dist[index(n, i, j)] = Clustering.squaredDistance(x[i], x[j]);
            }
        }
        boolean[] active = new boolean[n];
        Arrays.fill(active, true);
        int[] size = new int[n];
        Arrays.fill(size, 1);
        List<Merge> merges = new ArrayList<>(n - 1);
        int[] chain = new int[n];
        int top = 0;
        while (merges.size() < n - 1) {
            if (top == 0) {
                for (int i = 0; i < n; i++) {
                    if (active[i]) {
                        chain[top++] = i;
                        break;
                    }
                }
            }
            while (true) {
                int a = chain[top - 1];
                int previous = top >= 2 ? chain[top - 2] : -1;
                int b = previous;
                double best = previous >= 0 ? dist[index(n, a, previous)] : Double.POSITIVE_INFINITY;
                for (int c = 0; c < n; c++) {
                    if (c != a && active[c]) {
                        double dc = dist[index(n, a, c)];
                        if (dc < best) {
                            best = dc;
                            b = c;
                        }
                    }
                }
                if (b == previous) {
                    top -= 2;
                    merge(dist, n, active, size, a, b);
                    merges.add(new Merge(a, b, best));
                    break;
                }
                chain[top++] = b;
            }
        }
        return new Ward(x, merges);
    }

    private static void merge(double[] dist, int n, boolean[] active, int[] size, int a, int b) {
        double dab = dist[index(n, a, b)];
        int sa = size[a];
        int sb = size[b];
        for (int c = 0; c < n; c++) {
            if (!active[c] || c == a || c == b) {
                continue;
            }
            int sc = size[c];
            double updated = ((sa + sc) * dist[index(n, c, a)] + (sb + sc) * dist[index(n, c, b)] - sc * dab)
                    / (sa + sb + sc);
            dist[index(n, c, b)] = updated;
        }
        active[a] = false;
        size[b] = sa + sb;
    }

    private static int index(int n, int i, int j) {
        int lo = Math.min(i, j);
        int hi = Math.max(i, j);
        return (int) ((long) lo * n - (long) lo * (lo + 1) / 2 + (hi - lo - 1));
    }

    /** The merges in increasing height. */
    public List<Merge> merges() {
        List<Merge> sorted = new ArrayList<>(merges);
        sorted.sort(Comparator.comparingDouble(Merge::height));
        return sorted;
    }

    /** The tree cut into k clusters, labels numbered by first appearance in input order. */
    public Clustering cut(int k) {
        int n = x.length;
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be 1.." + n + ", got " + k);
        }
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        List<Merge> sorted = merges();
        for (int m = 0; m < n - k; m++) {
            Merge merge = sorted.get(m);
            parent[find(parent, merge.a())] = find(parent, merge.b());
        }
        int[] labelOfRoot = new int[n];
        Arrays.fill(labelOfRoot, -1);
        int[] labels = new int[n];
        int next = 0;
        for (int i = 0; i < n; i++) {
            int root = find(parent, i);
            if (labelOfRoot[root] < 0) {
                labelOfRoot[root] = next++;
            }
            labels[i] = labelOfRoot[root];
        }
        return Clustering.of(x, labels, k);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
