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
 * The Gamma-Gamma spend model against values computed independently with SciPy by
 * docs/lifetime/gamma_gamma_reference.py: densities and expected values by numerical integration over the customers'
 * mean rates, and the maximum-likelihood fit of 1,500 simulated customers.
 */
class GammaGammaReferenceTest {

    static JsonNode reference() throws IOException {
        try (InputStream in = GammaGammaReferenceTest.class.getResourceAsStream("/lifetime/gamma-gamma-reference.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void likelihoodAndExpectedValueMatchTheIntegrals() throws IOException {
        JsonNode ref = reference();
        GammaGamma.Params params = new GammaGamma.Params(ref.get("params").get("p").asDouble(),
                ref.get("params").get("q").asDouble(), ref.get("params").get("gamma").asDouble());
        for (JsonNode s : ref.get("singles")) {
            GammaGamma.Spend spend = new GammaGamma.Spend("c", s.get("x").asInt(), s.get("mean_value").asDouble());
            assertThat(GammaGamma.logLikelihood(params, spend)).as("log-likelihood of %s", spend)
                    .isCloseTo(s.get("log_likelihood").asDouble(), within(1e-8));
            assertThat(GammaGamma.expectedValue(params, spend.x(), spend.meanValue())).as("next value of %s", spend)
                    .isCloseTo(s.get("expected_value").asDouble(), within(1e-8 * s.get("expected_value").asDouble()));
        }
    }

    @Test
    void theFitReachesScipysMaximumOnFifteenHundredSimulatedCustomers() throws IOException {
        JsonNode fit = reference().get("fit");
        List<GammaGamma.Spend> spend = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                GammaGammaReferenceTest.class.getResourceAsStream("/lifetime/spend.tsv"), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split("\t");
                spend.add(new GammaGamma.Spend(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2])));
            }
        }

        GammaGamma.Fit herald = GammaGamma.fit(spend);

        assertThat(herald.logLikelihood()).isGreaterThanOrEqualTo(fit.get("log_likelihood").asDouble() - 1e-6);
        for (String name : new String[]{"p", "q", "gamma"}) {
            double expected = fit.get(name).asDouble();
            double actual = switch (name) {
                case "p" -> herald.params().p();
                case "q" -> herald.params().q();
                default -> herald.params().gamma();
            };
            assertThat(actual).as(name).isCloseTo(expected, within(1e-3 * expected));
        }
    }

    @Test
    void fewPurchasesLeanOnEveryonesMeanManyOnTheCustomersOwn() {
        GammaGamma.Params p = new GammaGamma.Params(4, 3, 20);
        double everyone = p.populationMean();

        assertThat(everyone).isEqualTo(40.0);
        assertThat(GammaGamma.expectedValue(p, 0, 0)).isEqualTo(everyone);
        double once = GammaGamma.expectedValue(p, 1, 200);
        double often = GammaGamma.expectedValue(p, 50, 200);
        assertThat(once).isBetween(everyone, 200.0);
        assertThat(often).isGreaterThan(once).isCloseTo(200, within(5.0));
    }

    @Test
    void repeatPurchasesAreDaysAfterTheFirstWithTheirValuesAdded() {
        Instant end = Instant.parse("2026-03-01T00:00:00Z");
        List<GammaGamma.Spend> spend = GammaGamma.spendOf(List.of(
                new GammaGamma.ValuedOrder("ann", Instant.parse("2026-01-01T09:00:00Z"), 500),
                new GammaGamma.ValuedOrder("ann", Instant.parse("2026-01-10T09:00:00Z"), 20),
                new GammaGamma.ValuedOrder("ann", Instant.parse("2026-01-10T18:00:00Z"), 10),
                new GammaGamma.ValuedOrder("ann", Instant.parse("2026-02-01T09:00:00Z"), 50),
                new GammaGamma.ValuedOrder("ann", Instant.parse("2026-03-05T09:00:00Z"), 999),
                new GammaGamma.ValuedOrder("bob", Instant.parse("2026-01-01T09:00:00Z"), 70)), end);

        assertThat(spend).containsExactly(new GammaGamma.Spend("ann", 2, 40));
        assertThatThrownBy(() -> GammaGamma.fit(spend)).hasMessageContaining("at least 10");
    }
}
