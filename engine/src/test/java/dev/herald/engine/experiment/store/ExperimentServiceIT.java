package dev.herald.engine.experiment.store;

import dev.herald.engine.experiment.ExperimentDesign;
import dev.herald.engine.experiment.VariantAssigner;
import dev.herald.engine.experiment.report.AbInput;
import dev.herald.engine.experiment.report.AbReport;
import dev.herald.engine.experiment.report.AbReportBuilder;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Experiment storage on a real database: sticky exposures, the attribution model, the report's counts from
 * stored data and the auto-winner. Runs on H2 and PostgreSQL (subclasses).
 */
abstract class ExperimentServiceIT {

    static final Instant START = Instant.parse("2026-11-23T09:00:00Z");
    static final Duration WINDOW = Duration.ofHours(72);

    HeraldDatabase db;
    MutableClock clock;
    ExperimentService experiments;

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        clock = new MutableClock(START);
        experiments = new ExperimentService(db.transactions(), clock);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private static ExperimentDesign design() {
        return new ExperimentDesign("spring-sale", 0.2, List.of(
                new ExperimentDesign.Arm("A", 1, Map.of("subject", "Spring sale")),
                new ExperimentDesign.Arm("B", 1, Map.of("subject", "Spring sale: 20 % off today"))));
    }

    @Test
    void every_exposure_is_recorded_once_and_sticks() {
        experiments.define("spring", design(), null, WINDOW);
        VariantAssigner assigner = new VariantAssigner(design());
        for (int i = 0; i < 100; i++) {
            Exposure first = experiments.expose("spring", "C" + i);
            clock.advance(Duration.ofMinutes(1));
            Exposure again = experiments.expose("spring", "C" + i);
            assertThat(again.id()).isEqualTo(first.id());
            assertThat(again.variant()).isEqualTo(assigner.assign("C" + i).variant());
            assertThat(again.holdout()).isEqualTo(again.variant().equals(ExperimentDesign.HOLDOUT));
        }
        assertThat(db.count("experiment_exposure")).isEqualTo(100);
        assertThat(db.rows("select distinct variant from experiment_exposure order by variant"))
                .extracting(r -> r.get("variant")).containsExactly("A", "B", "holdout");
    }

    @Test
    void orders_count_only_inside_the_attribution_window_and_once() {
        experiments.define("spring", design(), null, WINDOW);
        Exposure exposure = experiments.expose("spring", "C1");
        Instant sent = exposure.exposedAt();

        assertThat(experiments.recordOrder("C1", "ord-before", new BigDecimal("9.00"), sent.minusSeconds(60))).isZero();
        assertThat(experiments.recordOrder("C1", "ord-in", new BigDecimal("25.50"), sent.plus(Duration.ofHours(5))))
                .isEqualTo(1);
        assertThat(experiments.recordOrder("C1", "ord-in", new BigDecimal("25.50"), sent.plus(Duration.ofHours(5))))
                .as("the same order twice").isZero();
        assertThat(experiments.recordOrder("C1", "ord-late", new BigDecimal("9.00"), sent.plus(WINDOW).plusSeconds(1)))
                .isZero();
        assertThat(experiments.recordOrder("C-never-exposed", "ord-x", BigDecimal.ONE, sent.plusSeconds(60))).isZero();
        assertThat(db.rows("select kind, source_id, revenue from experiment_outcome"))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("kind")).isEqualTo("CONVERSION");
                    assertThat(r.get("source_id")).isEqualTo("ord-in");
                    assertThat(new BigDecimal(r.get("revenue").toString())).isEqualByComparingTo("25.50");
                });
    }

    @Test
    void opens_and_clicks_need_an_email_so_holdout_gets_none() {
        experiments.define("spring", design(), null, WINDOW);
        String held = null;
        String sent = null;
        for (int i = 0; held == null || sent == null; i++) {
            Exposure e = experiments.expose("spring", "C" + i);
            if (e.holdout()) {
                held = held == null ? e.customerId() : held;
            } else {
                sent = sent == null ? e.customerId() : sent;
            }
        }
        Instant later = clock.instant().plusSeconds(600);
        assertThat(experiments.recordEngagement("spring", held, Outcome.Kind.CLICK, "trk-1", later)).isFalse();
        assertThat(experiments.recordEngagement("spring", sent, Outcome.Kind.OPEN, "trk-2", later)).isTrue();
        assertThat(experiments.recordEngagement("spring", sent, Outcome.Kind.OPEN, "trk-2", later)).isFalse();
        assertThat(experiments.recordEngagement("spring", sent, Outcome.Kind.CLICK, "trk-3", later)).isTrue();
        assertThat(experiments.recordEngagement("spring", sent, Outcome.Kind.CLICK, "trk-4", START.minusSeconds(1)))
                .as("before the email").isFalse();
        assertThat(db.count("experiment_outcome")).isEqualTo(2);
    }

    @Test
    void report_counts_come_from_stored_exposures_and_outcomes() {
        experiments.define("spring", design(), null, WINDOW);
        Map<String, long[]> expected = new HashMap<>();   // users, conversions
        Map<String, Double> revenue = new HashMap<>();
        for (int i = 0; i < 150; i++) {
            String id = "C" + i;
            Exposure e = experiments.expose("spring", id);
            long[] counts = expected.computeIfAbsent(e.variant(), v -> new long[2]);
            counts[0]++;
            if (i % 7 == 0 || (e.variant().equals("B") && i % 5 == 0)) {
                BigDecimal total = new BigDecimal(10 + i % 13);
                experiments.recordOrder(id, "ord-" + i, total, e.exposedAt().plusSeconds(3600));
                experiments.recordOrder(id, "ord-" + i + "-2", BigDecimal.ONE, e.exposedAt().plusSeconds(7200));
                counts[1]++;
                revenue.merge(e.variant(), total.doubleValue() + 1, Double::sum);
            }
            if (i % 25 == 24) {
                clock.advance(Duration.ofDays(1));
            }
        }
        AbInput input = experiments.reportInput("spring", Outcome.Kind.CONVERSION);
        assertThat(input.control()).isEqualTo(ExperimentDesign.HOLDOUT);
        assertThat(input.variants()).extracting(AbInput.Variant::name).containsExactly("holdout", "A", "B");
        assertThat(input.variants()).extracting(AbInput.Variant::weight).containsExactly(0.2, 0.4, 0.4);
        for (AbInput.Variant v : input.variants()) {
            assertThat(v.users()).as(v.name()).isEqualTo(expected.get(v.name())[0]);
            assertThat(v.conversions()).as(v.name()).isEqualTo(expected.get(v.name())[1]);
            assertThat(v.revenue().n()).isEqualTo(v.users());
            assertThat(v.revenue().mean() * v.users()).isCloseTo(revenue.getOrDefault(v.name(), 0.0),
                    org.assertj.core.data.Offset.offset(1e-6));
            assertThat(v.daily()).hasSize(6);
            assertThat(v.daily().stream().mapToLong(AbInput.Day::users).sum()).isEqualTo(v.users());
        }
        AbReport report = new AbReportBuilder().build(input);
        assertThat(report.comparisons()).extracting(AbReport.Comparison::variant).containsExactly("A", "B");
        assertThat(report.revenueComparisons()).hasSize(2);

        AbInput clicks = experiments.reportInput("spring", Outcome.Kind.CLICK);
        assertThat(clicks.control()).isEqualTo("A");
        assertThat(clicks.variants()).extracting(AbInput.Variant::name).containsExactly("A", "B");
        assertThat(clicks.variants()).allSatisfy(v -> assertThat(v.conversions()).isZero());
    }

    /**
     * Evaluated every hour, the auto-winner looks again and again, so a fixed-sample p &lt; 0.05 is not enough: 20 %
     * against 10 % over 300 customers an arm is p &lt; 0.001 by the z-test but not yet by the sequential test.
     */
    @Test
    void auto_winner_decides_only_by_the_sequential_test_not_at_the_first_fixed_sample_p_below_alpha() {
        experiments.define("spring", ExperimentDesign.split("subject-test", "A", "B"), "A", WINDOW);
        exposeAndBuy("spring", 600, 5);
        AbReport report = new AbReportBuilder().build(experiments.reportInput("spring", Outcome.Kind.CONVERSION));
        AbReport.Comparison b = report.comparisons().get(0);
        assertThat(b.pValue()).as("fixed-sample p").isLessThan(0.01);
        assertThat(b.sequentialP()).as("always-valid p").isGreaterThan(0.05);

        WinnerDecision decision = experiments.evaluateAutoWinner("spring", Outcome.Kind.CONVERSION, 100);
        assertThat(decision.winner()).isNull();
        assertThat(decision.reason()).startsWith("no variant beats control A by the sequential test yet")
                .contains("smallest always-valid Holm-adjusted p = ");
        assertThat(experiments.find("spring").orElseThrow().winner()).isNull();
    }

    @Test
    void auto_winner_waits_for_the_minimum_sample_then_sends_the_winner_and_logs_why() {
        experiments.define("spring", ExperimentDesign.split("subject-test", "A", "B"), "A", WINDOW);
        exposeAndBuy("spring", 240, 2);
        WinnerDecision tooEarly = experiments.evaluateAutoWinner("spring", Outcome.Kind.CONVERSION, 1_000);
        assertThat(tooEarly.winner()).isNull();
        assertThat(tooEarly.reason()).contains("minimum sample not reached");

        clock.advance(Duration.ofHours(1));
        WinnerDecision decided = experiments.evaluateAutoWinner("spring", Outcome.Kind.CONVERSION, 100);
        assertThat(decided.winner()).isEqualTo("B");
        assertThat(decided.reason()).contains("by the sequential test: always-valid Holm-adjusted p = ");
        assertThat(db.count("experiment_decision")).isEqualTo(2);

        clock.advance(Duration.ofHours(1));
        long usersBefore = experiments.reportInput("spring", Outcome.Kind.CONVERSION).variants().stream()
                .mapToLong(AbInput.Variant::users).sum();
        for (int i = 240; i < 260; i++) {
            assertThat(experiments.expose("spring", "C" + i).variant()).isEqualTo("B");
        }
        assertThat(experiments.reportInput("spring", Outcome.Kind.CONVERSION).variants().stream()
                .mapToLong(AbInput.Variant::users).sum()).as("post-decision exposures left out").isEqualTo(usersBefore);
    }

    @Test
    void the_auto_winner_setting_is_stored_and_only_experiments_with_it_on_are_decided_and_then_send_the_winner() {
        for (String campaign : List.of("spring", "autumn")) {
            experiments.define(campaign, ExperimentDesign.split(campaign + "-salt", "A", "B"), "A", WINDOW);
            for (int i = 0; i < 600; i++) {
                Exposure e = experiments.expose(campaign, "C" + i);
                boolean converts = e.variant().equals("B") ? i % 2 == 0 : i % 10 == 0;
                if (converts) {
                    experiments.recordOrder("C" + i, campaign + "-ord-" + i, BigDecimal.TEN,
                            e.exposedAt().plusSeconds(60));
                }
            }
        }
        assertThat(experiments.find("spring").orElseThrow().autoWinner()).isEqualTo(AutoWinnerSetting.OFF);

        experiments.setAutoWinner("spring", new AutoWinnerSetting(true, Outcome.Kind.CONVERSION, 100));
        assertThat(experiments.find("spring").orElseThrow().autoWinner())
                .isEqualTo(new AutoWinnerSetting(true, Outcome.Kind.CONVERSION, 100));
        assertThat(experiments.list()).extracting(ExperimentService.Summary::campaign, s -> s.autoWinner().enabled(),
                ExperimentService.Summary::exposures).containsExactly(
                org.assertj.core.groups.Tuple.tuple("autumn", false, 600L),
                org.assertj.core.groups.Tuple.tuple("spring", true, 600L));

        clock.advance(Duration.ofHours(1));
        List<WinnerDecision> decisions = experiments.evaluateAutoWinners();
        assertThat(decisions).extracting(WinnerDecision::campaign).containsExactly("spring");
        assertThat(decisions.get(0).winner()).as(decisions.get(0).reason()).isEqualTo("B");
        assertThat(experiments.decisions("spring", 10)).extracting(WinnerDecision::winner).containsExactly("B");
        assertThat(experiments.decisions("autumn", 10)).isEmpty();

        // variant assignment honours the decision where the setting is on, and only there
        VariantAssigner autumn = new VariantAssigner(ExperimentDesign.split("autumn-salt", "A", "B"));
        for (int i = 600; i < 660; i++) {
            assertThat(experiments.expose("spring", "C" + i).variant()).isEqualTo("B");
            assertThat(experiments.expose("autumn", "C" + i).variant()).isEqualTo(autumn.assign("C" + i).variant());
        }
        assertThat(experiments.evaluateAutoWinners()).as("a decided experiment is not evaluated again").isEmpty();

        experiments.setAutoWinner("autumn", new AutoWinnerSetting(true, Outcome.Kind.CONVERSION, 1_000));
        WinnerDecision tooEarly = experiments.evaluateAutoWinners().get(0);
        assertThat(tooEarly.winner()).isNull();
        assertThat(tooEarly.reason()).contains("minimum sample not reached");
    }

    /** Exposes customers C0.. to the campaign; every 10th of A's and every {@code everyNthOfB}th of B's buys. */
    private void exposeAndBuy(String campaign, int customers, int everyNthOfB) {
        for (int i = 0; i < customers; i++) {
            Exposure e = experiments.expose(campaign, "C" + i);
            if (i % (e.variant().equals("B") ? everyNthOfB : 10) == 0) {
                experiments.recordOrder("C" + i, "ord-" + i, BigDecimal.TEN, e.exposedAt().plusSeconds(60));
            }
        }
    }
}
