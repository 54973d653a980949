package dev.herald.app.console;

import dev.herald.app.HeraldConfig;
import dev.herald.app.TestHerald;
import dev.herald.engine.experiment.ExperimentDesign;
import dev.herald.engine.experiment.report.AbReport;
import dev.herald.engine.experiment.report.AbReportBuilder;
import dev.herald.engine.experiment.report.ReportFormat;
import dev.herald.engine.experiment.store.AutoWinnerSetting;
import dev.herald.engine.experiment.store.ExperimentService;
import dev.herald.engine.experiment.store.Exposure;
import dev.herald.engine.experiment.store.Outcome;
import dev.herald.routes.console.ConsoleRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's Experiments area against a running Herald with exposures and orders in its database: in a real
 * browser an analyst reads the A/B report (charts, figures, verdict) and a marketer turns the auto-winner on; over
 * plain HTTP, the analyst's refusal and CSRF.
 */
class ConsoleExperimentsIT {

    private static final String MARKETER_PASSWORD = "mia's long password";
    private static final String ANALYST_PASSWORD = "ana's long password";
    private static final Instant START = Instant.parse("2026-11-16T09:00:00Z");

    @TempDir
    static Path dir;
    static TestHerald herald;
    static int port;
    static ConsoleTestData data;
    static ExperimentService experiments;

    /** A clock the test moves forward, so exposures spread over several days. */
    static final class StepClock extends Clock {
        Instant now = START;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        herald = TestHerald.start(dir, Map.of(HeraldConfig.HTTP_PORT, "0"));
        herald.runtime().consoleUsers().add("mia", MARKETER_PASSWORD.toCharArray(), ConsoleRole.MARKETER);
        herald.runtime().consoleUsers().add("ana", ANALYST_PASSWORD.toCharArray(), ConsoleRole.ANALYST);
        port = herald.runtime().httpPort();
        data = new ConsoleTestData(herald.runtime());
        StepClock clock = new StepClock();
        experiments = new ExperimentService(data.transactions(), clock);
        experiments.define("spring-sale", ExperimentDesign.split("spring-sale", "A", "B"), "A", Duration.ofHours(72));
        // 600 customers over four days; B converts about three times as often as A
        for (int i = 0; i < 600; i++) {
            clock.now = START.plus(Duration.ofMinutes(i * 9L));
            Exposure e = experiments.expose("spring-sale", "C" + i);
            boolean converts = e.variant().equals("B") ? i % 10 < 3 : i % 10 == 0;
            if (converts) {
                experiments.recordOrder("C" + i, "order-" + i, new BigDecimal("40.00"), e.exposedAt().plusSeconds(600));
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (data != null) {
            data.close();
        }
        herald.close();
    }

    @Test
    void anAnalystReadsTheReportAndAMarketerTurnsTheAutoWinnerOn() throws Exception {
        AbReport expected = new AbReportBuilder().build(experiments.reportInput("spring-sale", Outcome.Kind.CONVERSION));
        AbReport.VariantResult b = expected.variants().stream().filter(v -> v.name().equals("B")).findFirst()
                .orElseThrow();
        try (ConsoleBrowser browser = ConsoleBrowser.open(port)) {
            browser.login("ana", ANALYST_PASSWORD);
            browser.go("/console/experiments");
            browser.clickAndLoad(By.linkText("spring-sale"));

            assertThat(browser.find(By.id("headline")).getText()).isEqualTo(expected.headline());
            WebElement chart = browser.find(By.cssSelector("#rates svg"));
            assertThat(chart.findElements(By.tagName("rect"))).hasSize(2);
            assertThat(chart.getText()).contains("B").contains(ReportFormat.percentPrecise(b.rate()));
            assertThat(browser.find(By.cssSelector("#over-time svg")).findElements(By.tagName("polyline"))).hasSize(2);
            String table = browser.find(By.id("variants-table")).getText();
            assertThat(table).contains(ReportFormat.count(b.users())).contains(ReportFormat.count(b.conversions()))
                    .contains(ReportFormat.percentPrecise(b.rate()));
            AbReport.Comparison vsControl = expected.comparisons().stream().filter(c -> c.variant().equals("B"))
                    .findFirst().orElseThrow();
            assertThat(table).as("the always-valid p beside the fixed one").contains("Sequential p")
                    .contains(ReportFormat.pValue(expected.sequentialPShown(vsControl)));
            assertThat(browser.driver().findElements(By.id("auto-save"))).as("analysts only read").isEmpty();
            browser.screenshot("experiments-report");
            new Actions(browser.driver()).scrollToElement(browser.find(By.id("over-time"))).perform();
            browser.screenshot("experiments-report-charts");
        }
        try (ConsoleBrowser browser = ConsoleBrowser.open(port)) {
            browser.login("mia", MARKETER_PASSWORD);
            browser.go("/console/experiments/spring-sale");
            browser.find(By.id("auto-enabled")).click();
            WebElement min = browser.find(By.id("auto-min"));
            min.clear();
            min.sendKeys("200");
            browser.clickAndLoad(By.id("auto-save"));
            assertThat(browser.find(By.id("auto-summary")).getText()).contains("On").contains("200");
            browser.screenshot("experiments-auto-winner-on");
        }
        assertThat(experiments.find("spring-sale").orElseThrow().autoWinner())
                .isEqualTo(new AutoWinnerSetting(true, Outcome.Kind.CONVERSION, 200));
        // what the schedule would do now: B wins, and later customers get it
        assertThat(experiments.evaluateAutoWinners()).singleElement().satisfies(d -> assertThat(d.winner()).isEqualTo("B"));
        assertThat(experiments.expose("spring-sale", "late-customer").variant()).isEqualTo("B");
    }

    @Test
    void anAnalystCannotChangeTheAutoWinnerAndAPostWithoutTheTokenIsRefused() throws Exception {
        ConsoleHttpSession ana = ConsoleHttpSession.login(port, "ana", ANALYST_PASSWORD);
        assertThat(ana.get("/console/experiments/spring-sale").statusCode()).isEqualTo(200);
        assertThat(ana.post("/console/experiments/spring-sale/auto-winner", Map.of("enabled", "on", "metric",
                "click", "minUsers", "5")).statusCode()).isEqualTo(403);

        ConsoleHttpSession mia = ConsoleHttpSession.login(port, "mia", MARKETER_PASSWORD);
        HttpResponse<String> forged = mia.postWithoutToken("/console/experiments/spring-sale/auto-winner",
                Map.of("enabled", "on", "metric", "click", "minUsers", "5"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(experiments.find("spring-sale").orElseThrow().autoWinner().metric())
                .isNotEqualTo(Outcome.Kind.CLICK);

        mia.get("/console/experiments/spring-sale");
        assertThat(mia.post("/console/experiments/spring-sale/auto-winner", Map.of("metric", "click", "minUsers",
                "none")).statusCode()).isEqualTo(400);
        assertThat(mia.get("/console/experiments/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void anAnalystPlansATestBeforeStartingIt() throws Exception {
        ConsoleHttpSession ana = ConsoleHttpSession.login(port, "ana", ANALYST_PASSWORD);

        String list = ana.get("/console/experiments").body();
        String plan = ana.get("/console/experiments-plan?baseline=5&lift=10&power=80&variants=2").body();
        String wrong = ana.get("/console/experiments-plan?baseline=5&lift=ten&power=80&variants=2").body();

        long users = dev.herald.engine.experiment.stats.SampleSizeCalculator.usersPerArm(0.05, 0.10, 0.05, 0.80);
        assertThat(list).contains("id=\"plan-link\"");
        assertThat(plan).contains("id=\"plan-per-variant\">" + ReportFormat.count(users) + "<")
                .contains("id=\"plan-in-all\">" + ReportFormat.count(2 * users) + "<");
        assertThat(wrong).contains("id=\"plan-error\"").contains("as numbers").doesNotContain("id=\"plan-result\"");
    }

    @Test
    void theListShowsEveryExperiment() throws Exception {
        ConsoleHttpSession ana = ConsoleHttpSession.login(port, "ana", ANALYST_PASSWORD);
        HttpResponse<String> list = ana.get("/console/experiments");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("spring-sale").contains("A, B");
    }
}
