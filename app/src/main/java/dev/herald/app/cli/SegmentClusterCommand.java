package dev.herald.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.engine.segment.ClusterAnalysis;
import dev.herald.engine.segment.ClusterProfile;
import dev.herald.engine.segment.FeatureTable;
import dev.herald.engine.segment.KMeans;
import dev.herald.engine.segment.Preprocessing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code herald segment cluster}: customers clustered by spending pattern, with profiles and charts. */
@Command(name = "cluster", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cluster the customers of a CSV file (one row per customer) by the given features, as in the"
                + " classic UCI Wholesale customers study. Features are log1p-transformed and z-scored by default"
                + " (spend is skewed); k-means uses k-means++ with restarts and keeps the lowest WCSS; Ward is"
                + " agglomerative hierarchical clustering. Over a k range, the k with the highest mean silhouette is"
                + " kept. Prints each cluster's size, mean and median per feature in original units, category"
                + " composition and a plain-language label.",
                "With --json the last line is one JSON object: k, method, preprocessing, per_k [{k, wcss,"
                        + " silhouette}] (WCSS in the preprocessed space), sizes, centroids (original units, feature"
                        + " order of 'features'), labels (one per input row, in input order), features, profiles.",
                "Example: herald segment cluster --input data/wholesale-customers/wholesale-customers.csv"
                        + " --features Fresh,Milk,Grocery,Frozen,Detergents_Paper,Delicassen --k 2..10 --plot plots"})
public class SegmentClusterCommand implements Callable<Integer> {

    @Option(names = "--input", paramLabel = "FILE", required = true, description = "CSV file with a header, one row per customer.")
    Path input;

    @Option(names = "--features", paramLabel = "A,B,...", split = ",",
            description = "Numeric columns to cluster on (default: every numeric column except the categories).")
    List<String> features = List.of();

    @Option(names = "--categories", paramLabel = "A,B,...", split = ",", defaultValue = "Channel,Region",
            description = "Categorical columns to describe clusters by, the first one naming them (default: ${DEFAULT-VALUE};"
                    + " missing ones are ignored).")
    List<String> categories;

    @Option(names = "--k", paramLabel = "N|MIN..MAX", defaultValue = "2..10",
            description = "Number of clusters, or a range to choose from by silhouette (default: ${DEFAULT-VALUE}).")
    String k;

    @Option(names = "--method", paramLabel = "kmeans|ward", defaultValue = "kmeans",
            description = "Clustering method (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of k-means (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--restarts", paramLabel = "N", defaultValue = "10",
            description = "k-means++ restarts per k, the lowest WCSS kept (default: ${DEFAULT-VALUE}).")
    int restarts;

    @Option(names = "--transform", paramLabel = "log1p|none", defaultValue = "log1p",
            description = "Transform of the features before scaling (default: ${DEFAULT-VALUE}).")
    String transform;

    @Option(names = "--outliers", paramLabel = "none|iqr|zscore", defaultValue = "none",
            description = "Clip outliers after the transform at the IQR fences or at mean ± 3 sd (default: ${DEFAULT-VALUE}).")
    String outliers;

    @Option(names = "--no-standardise", description = "Do not z-score the features.")
    boolean noStandardise;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: the processors available).")
    Integer threads;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Option(names = "--plot", paramLabel = "DIR", description = "Write elbow.png, silhouette.png, pca.png and spend.png into DIR.")
    Path plotDir;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(input)) {
            throw new IllegalArgumentException(input + ": no such file or not readable");
        }
        int[] range = parseK(k);
        ClusterAnalysis.Method m = switch (method.toLowerCase(Locale.ROOT)) {
            case "kmeans", "k-means" -> ClusterAnalysis.Method.KMEANS;
            case "ward" -> ClusterAnalysis.Method.WARD;
            default -> throw new IllegalArgumentException("--method must be kmeans or ward, got " + method);
        };
        Preprocessing prep = new Preprocessing(Preprocessing.Transform.valueOf(transform.toUpperCase(Locale.ROOT)),
                Preprocessing.Outliers.valueOf(outliers.toUpperCase(Locale.ROOT)), !noStandardise);
        FeatureTable table = FeatureTable.read(input, features, categories);
        KMeans.Options options = new KMeans.Options(restarts, 300, seed,
                threads != null ? threads : Runtime.getRuntime().availableProcessors());
        long start = System.nanoTime();
        ClusterAnalysis.Result result = ClusterAnalysis.run(table, prep, m, range[0], range[1], options);
        double seconds = (System.nanoTime() - start) / 1e9;
        printTable(table, result, seconds);
        if (plotDir != null) {
            for (Path p : SegmentPlots.write(plotDir, result, table.features())) {
                System.out.println("Chart: " + p);
            }
        }
        if (json) {
            System.out.println(toJson(table, result));
        }
        return 0;
    }

    static int[] parseK(String text) {
        try {
            String[] parts = text.split("\\.\\.");
            int lo = Integer.parseInt(parts[0].trim());
            int hi = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : lo;
            if (parts.length > 2 || lo < 2 || hi < lo) {
                throw new NumberFormatException();
            }
            return new int[]{lo, hi};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--k must be N or MIN..MAX with 2 <= MIN <= MAX, got '" + text + "'");
        }
    }

    private static void printTable(FeatureTable table, ClusterAnalysis.Result r, double seconds) {
        System.out.printf(Locale.ROOT, "%s on %d customers, %d features, preprocessing %s, %.2f s%n",
                r.method().name().toLowerCase(Locale.ROOT), table.values().length, table.features().size(),
                r.preprocessed().spec().describe(), seconds);
        System.out.printf("%4s %14s %11s%n", "k", "WCSS", "silhouette");
        for (ClusterAnalysis.KScore s : r.perK()) {
            System.out.printf(Locale.ROOT, "%4d %14.3f %11.4f%s%n", s.k(), s.wcss(), s.silhouette(),
                    s.k() == r.chosen().k() ? "  <- chosen (highest silhouette)" : "");
        }
        System.out.println();
        for (ClusterProfile p : r.profiles()) {
            System.out.printf(Locale.ROOT, "Cluster %d: %s — %d customers (%.1f%%)%n", p.cluster() + 1, p.label(),
                    p.size(), 100.0 * p.size() / table.values().length);
            System.out.printf(Locale.ROOT, "  %-18s %12s %12s%n", "feature", "mean", "median");
            for (int j = 0; j < table.features().size(); j++) {
                System.out.printf(Locale.ROOT, "  %-18s %12.1f %12.1f%n", table.features().get(j), p.mean()[j],
                        p.median()[j]);
            }
            p.composition().forEach((column, counts) -> System.out.printf("  %-18s %s%n", column, counts));
        }
    }

    private static String toJson(FeatureTable table, ClusterAnalysis.Result r) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode();
        out.put("k", r.chosen().k());
        out.put("method", r.method().name().toLowerCase(Locale.ROOT));
        out.put("preprocessing", r.preprocessed().spec().describe());
        ArrayNode perK = out.putArray("per_k");
        for (ClusterAnalysis.KScore s : r.perK()) {
            ObjectNode o = perK.addObject();
            o.put("k", s.k());
            o.put("wcss", s.wcss());
            o.put("silhouette", s.silhouette());
        }
        ArrayNode sizes = out.putArray("sizes");
        for (int size : r.chosen().sizes()) {
            sizes.add(size);
        }
        ArrayNode centroids = out.putArray("centroids");
        for (double[] c : r.centroidsOriginal()) {
            ArrayNode row = centroids.addArray();
            for (double v : c) {
                row.add(v);
            }
        }
        ArrayNode labels = out.putArray("labels");
        for (int label : r.chosen().labels()) {
            labels.add(label);
        }
        ArrayNode feats = out.putArray("features");
        table.features().forEach(feats::add);
        ArrayNode profiles = out.putArray("profiles");
        for (ClusterProfile p : r.profiles()) {
            ObjectNode o = profiles.addObject();
            o.put("cluster", p.cluster());
            o.put("label", p.label());
            o.put("size", p.size());
            ObjectNode mean = o.putObject("mean");
            ObjectNode median = o.putObject("median");
            for (int j = 0; j < table.features().size(); j++) {
                mean.put(table.features().get(j), p.mean()[j]);
                median.put(table.features().get(j), p.median()[j]);
            }
            o.set("composition", mapper.valueToTree(p.composition()));
        }
        return mapper.writeValueAsString(out);
    }
}
