package dev.herald.engine.segment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Segments customers by spending pattern: preprocesses the features, clusters for every k of a range with
 * k-means or Ward, measures WCSS (elbow) and the exact silhouette for each k, keeps the k with the highest
 * silhouette (the smaller k on a tie), and profiles its clusters in original units with generated labels.
 */
public final class ClusterAnalysis {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterAnalysis.class);
    /** A feature counts as "heavy" in a cluster when its mean is this many standard deviations above all customers'. */
    static final double HEAVY_Z = 0.5;
    /** Below "heavy", a feature this far above average still gives the cluster a "leaning". */
    static final double LEANING_Z = 0.2;
    /** A categorical value names the cluster when it holds at least this share of it. */
    static final double DOMINANT_SHARE = 0.6;

    public enum Method { KMEANS, WARD }

    /** WCSS (in the preprocessed space) and silhouette of one k. */
    public record KScore(int k, double wcss, double silhouette) {
    }

    public record Result(Method method, Preprocessing.Fitted preprocessed, List<KScore> perK, Clustering chosen,
                         double[][] centroidsOriginal, List<ClusterProfile> profiles) {
    }

    private ClusterAnalysis() {
    }

    public static Result run(FeatureTable table, Preprocessing preprocessing, Method method, int kMin, int kMax,
                             KMeans.Options options) {
        int n = table.values().length;
        if (kMin < 2 || kMax < kMin) {
            throw new IllegalArgumentException("k range must be 2 <= min <= max, got " + kMin + ".." + kMax);
        }
        if (kMax > n) {
            throw new IllegalArgumentException("k = " + kMax + " is more than the " + n + " rows");
        }
        Preprocessing.Fitted fitted = preprocessing.apply(table.values());
        double[][] x = fitted.data();
        Ward ward = method == Method.WARD ? Ward.fit(x) : null;
        List<KScore> perK = new ArrayList<>();
        Clustering best = null;
        double bestSilhouette = Double.NEGATIVE_INFINITY;
        for (int k = kMin; k <= kMax; k++) {
            Clustering c = method == Method.WARD ? ward.cut(k) : KMeans.fit(x, k, options);
            double s = Silhouette.mean(x, c.labels(), k, options.threads());
            perK.add(new KScore(k, c.wcss(), s));
            LOG.info("{} k={}: WCSS {} silhouette {}", method.name().toLowerCase(Locale.ROOT), k,
                    String.format(Locale.ROOT, "%.3f", c.wcss()), String.format(Locale.ROOT, "%.4f", s));
            if (best == null || s > bestSilhouette) {
                best = c;
                bestSilhouette = s;
            }
        }
        double[][] centroidsOriginal = new double[best.k()][];
        for (int c = 0; c < best.k(); c++) {
            centroidsOriginal[c] = fitted.toOriginal(best.centroids()[c]);
        }
        return new Result(method, fitted, perK, best, centroidsOriginal, profiles(table, fitted, best));
    }

    static List<ClusterProfile> profiles(FeatureTable table, Preprocessing.Fitted fitted, Clustering clustering) {
        int d = table.features().size();
        double[][] x = fitted.data();
        // every feature's mean and sd over all customers in the preprocessed space, to say "heavy"
        double[] allMean = new double[d];
        double[] allSd = new double[d];
        for (int j = 0; j < d; j++) {
            double[] column = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                column[i] = x[i][j];
            }
            allMean[j] = Preprocessing.mean(column);
            allSd[j] = Preprocessing.sd(column, allMean[j]);
        }
        List<ClusterProfile> profiles = new ArrayList<>();
        List<double[]> zs = new ArrayList<>();
        int[] sizes = clustering.sizes();
        for (int c = 0; c < clustering.k(); c++) {
            double[] mean = new double[d];
            double[] median = new double[d];
            double[] z = new double[d];
            for (int j = 0; j < d; j++) {
                double[] members = new double[sizes[c]];
                int m = 0;
                double zSum = 0;
                for (int i = 0; i < x.length; i++) {
                    if (clustering.labels()[i] == c) {
                        members[m++] = table.values()[i][j];
                        zSum += x[i][j];
                    }
                }
                Arrays.sort(members);
                mean[j] = Preprocessing.mean(members);
                median[j] = Preprocessing.quantile(members, 0.5);
                z[j] = sizes[c] == 0 || allSd[j] == 0 ? 0 : (zSum / sizes[c] - allMean[j]) / allSd[j];
            }
            Map<String, Map<String, Integer>> composition = new LinkedHashMap<>();
            for (int col = 0; col < table.categories().size(); col++) {
                Map<String, Integer> counts = new TreeMap<>();
                for (int i = 0; i < x.length; i++) {
                    if (clustering.labels()[i] == c) {
                        counts.merge(table.categoryRows().get(i).get(col), 1, Integer::sum);
                    }
                }
                composition.put(table.categories().get(col), counts);
            }
            profiles.add(new ClusterProfile(c, label(table, composition, z, sizes[c]), sizes[c], mean, median,
                    composition));
            zs.add(z);
        }
        return distinct(table, profiles, zs);
    }

    /** Two clusters with one label are told apart by the feature each spends most on, relative to all. */
    private static List<ClusterProfile> distinct(FeatureTable table, List<ClusterProfile> profiles, List<double[]> zs) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        profiles.forEach(p -> counts.merge(p.label(), 1, Integer::sum));
        List<ClusterProfile> out = new ArrayList<>();
        for (int c = 0; c < profiles.size(); c++) {
            ClusterProfile p = profiles.get(c);
            if (counts.get(p.label()) == 1) {
                out.add(p);
                continue;
            }
            double[] z = zs.get(c);
            int top = 0;
            for (int j = 1; j < z.length; j++) {
                if (z[j] > z[top]) {
                    top = j;
                }
            }
            String feature = table.features().get(top).replace('_', ' ').toLowerCase(Locale.ROOT);
            out.add(new ClusterProfile(p.cluster(), p.label() + ", most on " + feature, p.size(), p.mean(), p.median(),
                    p.composition()));
        }
        return out;
    }

    /**
     * "Dominant first category — features heavy": the first categorical column's value when it holds at least
     * 60 % of the cluster (else "Mixed"), then up to two features whose cluster mean is at least 0.5 standard
     * deviations above all customers' (in the preprocessed space), highest first; without such a feature,
     * up to two at least 0.2 above ("fresh and frozen leaning"); else "low spend overall" when every feature is
     * below average, or "average spend".
     */
    static String label(FeatureTable table, Map<String, Map<String, Integer>> composition, double[] z, int size) {
        String prefix = "Mixed";
        if (!table.categories().isEmpty()) {
            Map<String, Integer> first = composition.get(table.categories().get(0));
            for (Map.Entry<String, Integer> e : first.entrySet()) {
                if (size > 0 && e.getValue() >= DOMINANT_SHARE * size) {
                    prefix = e.getKey();
                }
            }
        }
        Integer[] order = new Integer[z.length];
        for (int j = 0; j < z.length; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> Double.compare(z[b], z[a]));
        List<String> heavy = new ArrayList<>();
        for (int j : order) {
            if (z[j] >= HEAVY_Z && heavy.size() < 2) {
                heavy.add(table.features().get(j).replace('_', ' ').toLowerCase(Locale.ROOT));
            }
        }
        List<String> leaning = new ArrayList<>();
        for (int j : order) {
            if (z[j] >= LEANING_Z && leaning.size() < 2) {
                leaning.add(table.features().get(j).replace('_', ' ').toLowerCase(Locale.ROOT));
            }
        }
        String spend;
        if (!heavy.isEmpty()) {
            spend = String.join(" and ", heavy) + " heavy";
        } else if (!leaning.isEmpty()) {
            spend = String.join(" and ", leaning) + " leaning";
        } else if (Arrays.stream(z).allMatch(v -> v < 0)) {
            spend = "low spend overall";
        } else {
            spend = "average spend";
        }
        return prefix + " — " + spend;
    }
}
