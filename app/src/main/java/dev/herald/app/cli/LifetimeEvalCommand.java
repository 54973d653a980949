package dev.herald.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.engine.imports.CleanedTransactions;
import dev.herald.engine.imports.CleaningPolicy;
import dev.herald.engine.imports.ColumnMapping;
import dev.herald.engine.imports.RejectedRows;
import dev.herald.engine.imports.TransactionFileReader;
import dev.herald.engine.lifetime.LifetimeEvaluation;
import dev.herald.engine.lifetime.GammaGamma;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code herald lifetime eval}: the BG/NBD model on a calibration/holdout split of a transactions file. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Measure the BG/NBD model on your own order history: fit it on the orders before --cutoff, predict"
                + " each of those customers' purchase days in the --horizon days after it, and compare with what they"
                + " did. The baseline is 'the same rate as before' (repeat purchase days / days since the first"
                + " purchase). Also the chance of buying at all in the holdout: its Brier score against the"
                + " baseline's (a Poisson process at that rate), and a calibration table: among customers given"
                + " 0-20%%, 20-40%% ... the share who did buy. And the spend predicted (expected purchases times the"
                + " Gamma-Gamma value of the next purchase) against the baseline's purchases times the customer's"
                + " own mean.",
                "The file is read and cleaned as herald import transactions reads it (UCI Online Retail layout by"
                        + " default, others with --column); nothing is stored.",
                "Example: herald lifetime eval data/online-retail/online_retail.csv.gz --cutoff 2011-09-10"})
public class LifetimeEvalCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "Transactions file, CSV with a header; gzip when it ends in .gz.")
    Path file;

    @Option(names = "--cutoff", paramLabel = "DATE",
            description = "First day of the holdout (default: --horizon days before the day after the last order).")
    LocalDate cutoff;

    @Option(names = "--horizon", paramLabel = "DAYS", defaultValue = "90d",
            description = "Length of the holdout, e.g. 90d or 13w (default: ${DEFAULT-VALUE}).")
    String horizon;

    @Option(names = "--column", paramLabel = "FIELD=HEADER", mapFallbackValue = "",
            description = "Header holding a field, repeatable, as for herald import transactions.")
    Map<String, String> columns = new LinkedHashMap<>();

    @Option(names = "--date-format", paramLabel = "PATTERN", defaultValue = "yyyy-MM-dd HH:mm:ss",
            description = "Pattern of the invoice date (default: ${DEFAULT-VALUE}).")
    String dateFormat;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(file + ": no such file or not readable");
        }
        long days = dev.herald.engine.delivery.Durations.parse(horizon).toDays();
        if (days < 1) {
            throw new IllegalArgumentException("--horizon must be at least 1d, was " + horizon);
        }
        ColumnMapping mapping = ColumnMapping.onlineRetail().withHeaders(columns)
                .withDateFormat(dateFormat, ZoneId.of("UTC"));
        ImportProgressBar bar = new ImportProgressBar(System.err);
        CleanedTransactions cleaned = new TransactionFileReader(mapping, CleaningPolicy.defaults())
                .read(file, header -> RejectedRows.NONE, bar);
        bar.finish();
        List<GammaGamma.ValuedOrder> orders = new ArrayList<>(cleaned.orders().size());
        cleaned.orders().forEach(o -> orders.add(new GammaGamma.ValuedOrder(o.customerId(), o.orderedAt(),
                o.total().doubleValue())));
        if (orders.isEmpty()) {
            throw new IllegalArgumentException(file + ": no order survived cleaning");
        }
        LocalDate split = cutoff != null ? cutoff : orders.stream().map(GammaGamma.ValuedOrder::at)
                .max(java.time.Instant::compareTo).map(at -> LocalDate.ofInstant(at, ZoneOffset.UTC).plusDays(1 - days))
                .orElseThrow();
        LifetimeEvaluation.Result r = LifetimeEvaluation.evaluate(orders, split, (int) days);
        var p = r.fit().params();
        System.out.printf(Locale.ROOT, "BG/NBD fitted on %,d customers' orders before %s: r=%.4f alpha=%.3f days"
                + " a=%.4f b=%.4f (%.2f s)%n", r.customers(), r.cutoff(), p.r(), p.alpha(), p.a(), p.b(), r.fitSeconds());
        System.out.printf(Locale.ROOT, "holdout %s + %d days: %,d purchase days by these customers%n", r.cutoff(),
                r.horizonDays(), r.actualTotal());
        System.out.printf(Locale.ROOT, "%-28s %12s %8s %8s %12s%n", "", "predicted", "MAE", "RMSE", "correlation");
        row("BG/NBD", r.model());
        row("same rate as before", r.baseline());
        System.out.printf(Locale.ROOT, "chance of buying in the holdout, Brier score: BG/NBD %.4f, same rate as"
                + " before %.4f (lower is better)%n", r.brierModel(), r.brierBaseline());
        System.out.printf(Locale.ROOT, "%-14s %10s %14s %14s%n", "chance given", "customers", "mean given", "who bought");
        for (LifetimeEvaluation.Band b : r.bands()) {
            System.out.printf(Locale.ROOT, "%3.0f%% - %3.0f%%    %,10d %14s %14s%n", 100 * b.from(), 100 * b.to(),
                    b.customers(), share(b.meanPredicted()), share(b.shareWhoBought()));
        }
        System.out.printf(Locale.ROOT, "customers the model thinks likely gone (P(alive) < 0.3): %,d%n", r.likelyGone());
        System.out.printf(Locale.ROOT, "spend in the holdout: %,.2f%n", r.actualSpend());
        if (r.spendModel() != null) {
            var g = r.spendFit().params();
            System.out.printf(Locale.ROOT, "Gamma-Gamma spend model on %,d repeat buyers: p=%.4f q=%.4f gamma=%.3f%n",
                    r.spendFit().customers(), g.p(), g.q(), g.gamma());
            row("spend, BG/NBD x Gamma-Gamma", r.spendModel());
        } else {
            System.out.println("spend model not used (too few repeat buyers, or values too spread): see the log");
        }
        row("spend, same rate x own mean", r.spendBaseline());
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode out = mapper.createObjectNode();
            out.put("cutoff", r.cutoff().toString());
            out.put("horizon_days", r.horizonDays());
            out.put("customers", r.customers());
            out.put("actual_total", r.actualTotal());
            out.put("r", p.r());
            out.put("alpha", p.alpha());
            out.put("a", p.a());
            out.put("b", p.b());
            errors(out.putObject("bgnbd"), r.model());
            errors(out.putObject("baseline"), r.baseline());
            out.put("brier_bgnbd", r.brierModel());
            out.put("brier_baseline", r.brierBaseline());
            out.put("likely_gone", r.likelyGone());
            var bands = out.putArray("bands");
            r.bands().forEach(b -> bands.addObject().put("from", b.from()).put("to", b.to())
                    .put("customers", b.customers()).put("mean_given", b.customers() == 0 ? null : b.meanPredicted())
                    .put("share_who_bought", b.customers() == 0 ? null : b.shareWhoBought()));
            out.put("actual_spend", r.actualSpend());
            if (r.spendModel() != null) {
                errors(out.putObject("spend_model"), r.spendModel());
            }
            errors(out.putObject("spend_baseline"), r.spendBaseline());
            out.put("fit_s", r.fitSeconds());
            System.out.println(mapper.writeValueAsString(out));
        }
        return 0;
    }

    /** "29.4%", or "-" for a band without customers. */
    private static String share(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    private static void row(String label, LifetimeEvaluation.Errors e) {
        System.out.printf(Locale.ROOT, "%-28s %12.1f %8.4f %8.4f %12.4f%n", label, e.predictedTotal(),
                e.meanAbsoluteError(), e.rootMeanSquaredError(), e.correlation());
    }

    private static void errors(ObjectNode node, LifetimeEvaluation.Errors e) {
        node.put("predicted_total", e.predictedTotal());
        node.put("mae", e.meanAbsoluteError());
        node.put("rmse", e.rootMeanSquaredError());
        node.put("correlation", e.correlation());
    }
}
