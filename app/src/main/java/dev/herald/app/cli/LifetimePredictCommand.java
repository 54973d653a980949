package dev.herald.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.engine.lifetime.LifetimeService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code herald lifetime predict}: fit BG/NBD to the stored orders and store every customer's predictions. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Fit the BG/NBD model to the stored orders (purchase days per customer) and store for every"
                + " customer with an order: alive_probability, the chance they are still a customer (0..1);"
                + " purchase_probability_90d, the chance they buy in the next 90 days; expected_orders_90d, the"
                + " orders expected in them; and, by the Gamma-Gamma spend model, expected_spend_90d, what those"
                + " orders are expected to be worth. All are customer attributes (source 'lifetime'): campaign"
                + " conditions may test them (e.g. purchase_probability_90d < 0.2 for a win-back), and the console"
                + " shows them.",
                "A running Herald does the same every herald.lifetime.period (24h). Prints the model, the customers by band of"
                        + " alive_probability and the ones expected to buy most.",
                "Example: herald lifetime predict --json"})
public class LifetimePredictCommand implements Callable<Integer> {

    @Option(names = "--as-of", paramLabel = "DATE",
            description = "End of the observation (YYYY-MM-DD, start of day UTC; default: the day after the latest"
                    + " order).")
    LocalDate asOf;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "Customers expected to buy most to list (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        LifetimeService.Result result;
        try (ImportDatabase db = ImportDatabase.open(options.load(Map.of()))) {
            result = new LifetimeService(db.transactions()).predictAll(
                    asOf == null ? null : asOf.atStartOfDay(ZoneOffset.UTC).toInstant(), Instant.now());
        }
        List<LifetimeService.Prediction> predictions = result.predictions();
        var p = result.fit().params();
        System.out.printf(Locale.ROOT, "BG/NBD of %,d customers as of %s: r=%.4f alpha=%.3f days a=%.4f b=%.4f,"
                + " log-likelihood %.1f (%.2f s)%n", predictions.size(), LocalDate.ofInstant(result.asOf(),
                ZoneOffset.UTC), p.r(), p.alpha(), p.a(), p.b(), result.fit().logLikelihood(), result.seconds());
        long likelyGone = predictions.stream().filter(x -> x.aliveProbability() < 0.3).count();
        long unsure = predictions.stream().filter(x -> x.aliveProbability() >= 0.3 && x.aliveProbability() < 0.7)
                .count();
        long likelyActive = predictions.size() - likelyGone - unsure;
        double expected = predictions.stream().mapToDouble(LifetimeService.Prediction::expectedOrders).sum();
        System.out.printf(Locale.ROOT, "alive_probability < 0.3 (likely gone): %,d; 0.3-0.7: %,d; >= 0.7 (likely"
                + " active): %,d%n", likelyGone, unsure, likelyActive);
        System.out.printf(Locale.ROOT, "orders expected in the next %d days, all customers: %,.0f%n",
                LifetimeService.HORIZON_DAYS, expected);
        Double spend = result.spendFit() == null ? null : predictions.stream()
                .mapToDouble(x -> x.expectedSpend()).sum();
        if (spend != null) {
            var g = result.spendFit().params();
            System.out.printf(Locale.ROOT, "Gamma-Gamma spend model on %,d repeat buyers: p=%.4f q=%.4f gamma=%.3f;"
                    + " spend expected in the next %d days: %,.2f%n", result.spendFit().customers(), g.p(), g.q(),
                    g.gamma(), LifetimeService.HORIZON_DAYS, spend);
        } else {
            System.out.println("spend model not used (too few repeat buyers, or values too spread): no"
                    + " expected_spend_90d stored");
        }
        double unlikely = predictions.stream().filter(x -> x.purchaseProbability() < 0.2).count();
        System.out.printf(Locale.ROOT, "chance of buying in the next %d days below 0.2: %,.0f customers (segment"
                + " '%s'); %,d segment changes%n", LifetimeService.HORIZON_DAYS, unlikely,
                dev.herald.engine.lifetime.LifetimeSegment.UNLIKELY.label(), result.changes().size());
        System.out.printf(Locale.ROOT, "%-14s %8s %8s %8s %10s %12s %10s%n", "customer", "repeat", "P(alive)",
                "P(buy)", "expected", "spend", "days since");
        predictions.stream().sorted(Comparator.comparingDouble(LifetimeService.Prediction::expectedOrders).reversed()
                .thenComparing(x -> x.history().customerId())).limit(Math.max(0, top)).forEach(x ->
                System.out.printf(Locale.ROOT, "%-14s %8d %8.3f %8.3f %10.2f %12s %10.0f%n",
                        x.history().customerId(), x.history().x(), x.aliveProbability(), x.purchaseProbability(),
                        x.expectedOrders(), x.expectedSpend() == null ? "-"
                                : String.format(Locale.ROOT, "%,.2f", x.expectedSpend()),
                        x.history().t() - x.history().tx()));
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode out = mapper.createObjectNode();
            out.put("as_of", result.asOf().toString());
            out.put("customers", predictions.size());
            out.put("r", p.r());
            out.put("alpha", p.alpha());
            out.put("a", p.a());
            out.put("b", p.b());
            out.put("log_likelihood", result.fit().logLikelihood());
            out.put("likely_gone", likelyGone);
            out.put("unsure", unsure);
            out.put("likely_active", likelyActive);
            out.put("expected_orders_90d", expected);
            out.put("unlikely_to_buy_90d", (long) unlikely);
            out.put("segment_changes", result.changes().size());
            out.put("expected_spend_90d", spend);
            out.put("seconds", result.seconds());
            System.out.println(mapper.writeValueAsString(out));
        }
        return 0;
    }
}
