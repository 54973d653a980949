package dev.herald.engine.lifetime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The BG/NBD model against values computed independently with SciPy by docs/lifetime/reference_values.py: the
 * likelihood and P(alive) by numerical integration of the individual-level model, the expected purchases with
 * SciPy's hyp2f1, and the maximum-likelihood fit of 2,000 simulated customers by scipy.optimize.
 */
class BgNbdReferenceTest {

    static JsonNode reference() throws IOException {
        try (InputStream in = BgNbdReferenceTest.class.getResourceAsStream("/lifetime/bgnbd-reference.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static List<PurchaseHistory> simulated() throws IOException {
        List<PurchaseHistory> histories = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                BgNbdReferenceTest.class.getResourceAsStream("/lifetime/histories.tsv"), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split("\t");
                histories.add(new PurchaseHistory(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3])));
            }
        }
        return histories;
    }

    @Test
    void likelihoodPAliveAndExpectedPurchasesMatchTheIntegralsAndScipy() throws IOException {
        JsonNode ref = reference();
        JsonNode p = ref.get("params");
        BgNbd.Params params = new BgNbd.Params(p.get("r").asDouble(), p.get("alpha").asDouble(), p.get("a").asDouble(),
                p.get("b").asDouble());
        for (JsonNode s : ref.get("singles")) {
            PurchaseHistory h = new PurchaseHistory("c", s.get("x").asInt(), s.get("tx").asDouble(), s.get("T").asDouble());
            assertThat(BgNbd.logLikelihood(params, h)).as("log-likelihood of %s", h)
                    .isCloseTo(s.get("log_likelihood").asDouble(), within(1e-7));
            assertThat(BgNbd.pAlive(params, h)).as("P(alive) of %s", h)
                    .isCloseTo(s.get("p_alive").asDouble(), within(1e-7));
            assertThat(BgNbd.purchaseProbability(params, h, 90)).as("P(a purchase in 90 days) of %s", h)
                    .isCloseTo(s.get("purchase_probability_90").asDouble(), within(1e-7));
            for (int days : new int[]{30, 90}) {
                double expected = s.get("expected_" + days).asDouble();
                assertThat(BgNbd.expectedPurchases(params, h, days)).as("purchases in %d days of %s", days, h)
                        .isCloseTo(expected, within(1e-10 * Math.max(1, expected)));
            }
        }
    }

    @Test
    void theFitReachesScipysMaximumOnTwoThousandSimulatedCustomers() throws IOException {
        JsonNode fit = reference().get("fit");
        List<PurchaseHistory> histories = simulated();

        BgNbd.Fit herald = BgNbd.fit(histories);

        assertThat(herald.customers()).isEqualTo(2000);
        assertThat(herald.logLikelihood()).as("log-likelihood").isGreaterThanOrEqualTo(
                fit.get("log_likelihood").asDouble() - 1e-6);
        assertThat(herald.params().r()).isCloseTo(fit.get("r").asDouble(), within(1e-3 * fit.get("r").asDouble()));
        assertThat(herald.params().alpha()).isCloseTo(fit.get("alpha").asDouble(),
                within(1e-3 * fit.get("alpha").asDouble()));
        assertThat(herald.params().a()).isCloseTo(fit.get("a").asDouble(), within(1e-3 * fit.get("a").asDouble()));
        assertThat(herald.params().b()).isCloseTo(fit.get("b").asDouble(), within(1e-3 * fit.get("b").asDouble()));
        // and it recovers the purchase rate the customers were simulated with
        assertThat(herald.params().r()).isCloseTo(reference().get("true_params").get("r").asDouble(), within(0.03));
    }

    @Test
    void expectedPurchasesHoldWhenTheDropOutParametersAddUpToLessThanOne() {
        // values of docs/lifetime/reference_values.py's expected() (SciPy's hyp2f1) for a = 0.05, b = 0.4
        BgNbd.Params p = new BgNbd.Params(0.72, 66.0, 0.05, 0.4);
        assertThat(BgNbd.expectedPurchases(p, new PurchaseHistory("c", 0, 0, 100), 90))
                .isCloseTo(0.37523678334326804, within(1e-10));
        assertThat(BgNbd.expectedPurchases(p, new PurchaseHistory("c", 2, 50, 100), 90))
                .isCloseTo(1.3247977807370035, within(1e-10));
    }

    @Test
    void aCustomerWhoStoppedLongAgoIsLikelyGoneAndExpectsLessThanARegular() {
        BgNbd.Params p = new BgNbd.Params(0.55, 12, 0.85, 2.7);
        PurchaseHistory regular = new PurchaseHistory("r", 12, 350, 360);
        PurchaseHistory stopped = new PurchaseHistory("s", 12, 60, 360);
        PurchaseHistory once = new PurchaseHistory("o", 0, 0, 360);

        assertThat(BgNbd.pAlive(p, regular)).isGreaterThan(0.9);
        assertThat(BgNbd.pAlive(p, stopped)).isLessThan(0.01);
        assertThat(BgNbd.pAlive(p, once)).as("no repeat purchase: the model cannot have seen a drop-out").isEqualTo(1.0);
        assertThat(BgNbd.expectedPurchases(p, regular, 90)).isGreaterThan(10 * BgNbd.expectedPurchases(p, stopped, 90));
        assertThat(BgNbd.expectedPurchases(p, regular, 0)).isZero();
    }

    @Test
    void tooLittleDataIsRefusedWithTheReason() {
        List<PurchaseHistory> onlyFirstPurchases = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            onlyFirstPurchases.add(new PurchaseHistory("c" + i, 0, 0, 100));
        }
        assertThatThrownBy(() -> BgNbd.fit(onlyFirstPurchases)).hasMessageContaining("0 with a repeat purchase");
        assertThatThrownBy(() -> BgNbd.fit(onlyFirstPurchases.subList(0, 5))).hasMessageContaining("at least 10");
    }

    @Test
    void historiesCountPurchaseDaysAndStopAtTheEnd() {
        Instant end = Instant.parse("2026-03-01T00:00:00Z");
        List<PurchaseHistory> histories = PurchaseHistory.of(List.of(
                new PurchaseHistory.Order("ann", Instant.parse("2026-01-01T09:00:00Z")),
                new PurchaseHistory.Order("ann", Instant.parse("2026-01-01T17:00:00Z")), // same day: one purchase
                new PurchaseHistory.Order("ann", Instant.parse("2026-01-11T10:00:00Z")),
                new PurchaseHistory.Order("ann", Instant.parse("2026-03-02T10:00:00Z")), // after the end
                new PurchaseHistory.Order("bob", Instant.parse("2026-02-20T10:00:00Z"))), end);

        assertThat(histories).containsExactly(new PurchaseHistory("ann", 1, 10, 59),
                new PurchaseHistory("bob", 0, 0, 9));
        assertThatThrownBy(() -> new PurchaseHistory("x", 1, 20, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHypergeometricSeriesMatchesClosedForms() {
        for (double z : new double[]{0.1, 0.5, 0.9, 0.99}) {
            // 2F1(1, 1; 2; z) = -ln(1 - z) / z ; 2F1(a, b; b; z) = (1 - z)^-a
            assertThat(Math.exp(Hypergeometric.log2F1(1, 1, 2, z))).isCloseTo(-Math.log1p(-z) / z, within(1e-12));
            assertThat(Hypergeometric.log2F1(40.5, 3, 3, z)).isCloseTo(-40.5 * Math.log1p(-z), within(1e-9));
        }
        assertThat(Hypergeometric.log2F1(2, 3, 4, 0)).isZero();
        // a negative c (a customer without repeat purchases when a + b < 1): scipy.special.hyp2f1(0.7, 0.3, -0.4, z)
        assertThat(Hypergeometric.withNegativeC(0.7, 0.3, -0.4, 0.25)).isCloseTo(0.7808260020322897, within(1e-12));
        assertThat(Hypergeometric.withNegativeC(0.7, 0.3, -0.4, 0.6)).isCloseTo(-0.48392478659846505, within(1e-12));
    }
}
