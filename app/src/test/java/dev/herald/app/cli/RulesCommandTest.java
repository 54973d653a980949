package dev.herald.app.cli;

import dev.herald.app.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code herald rules validate|test} on the example campaigns and on broken ones. */
class RulesCommandTest {

    private static final Path EXAMPLES = Path.of("../rules/campaigns");

    @Test
    void validateAcceptsTheExampleCampaignsAndStatesTheFolderPolicies() {
        TestCli.Result result = TestCli.run("rules", "validate", EXAMPLES.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("6 campaigns valid").doesNotContain("error")
                .contains("Deliverability guard: pause a marketing campaign when, over 1d and at least 200 emails,"
                        + " more than 5% bounce or more than 0.3% are reported as spam")
                .contains("Engagement scoring: email_opened 1, email_clicked 3, page_viewed 1, product_viewed 2,"
                        + " product_added 4, cart_viewed 2, checkout_started 5, order_completed 10; points halve every"
                        + " 30d; Very engaged from 30, Engaged from 10");
    }

    @Test
    void validateListsAScheduledCampaignWithItsTime(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("news.yaml"), """
                id: december-news
                trigger:
                  at: 2026-12-01 10:00
                  zone: Europe/London
                template: welcome
                """);

        TestCli.Result result = TestCli.run("rules", "validate", folder.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).containsPattern("december-news +marketing +live +at 2026-12-01 10:00 Europe/London"
                + " +news.yaml:1");
    }

    @Test
    void validateSaysWhichCampaignsGoOutAtEachCustomersBestHour(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("news.yaml"), """
                id: december-news
                trigger: {at: 2026-12-01 10:00}
                timing: {bestHour: true}
                template: welcome
                """);

        TestCli.Result result = TestCli.run("rules", "validate", folder.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).containsPattern("december-news +marketing +live +at 2026-12-01 10:00 UTC, best hour"
                + " +news.yaml:1");
    }

    @Test
    void validateStatesTheSunsetPolicyAndWhichCampaignsStillReachTheUnengaged(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("herald-rules.yaml"), "sunset: {after: 180d, minEmails: 6}\n");
        Files.writeString(folder.resolve("miss.yaml"), """
                id: we-miss-you
                trigger: {event: segment_changed}
                audience: {includeUnengaged: true}
                template: win-back
                """);

        TestCli.Result result = TestCli.run("rules", "validate", folder.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).containsPattern("we-miss-you +marketing +live +segment_changed, includes unengaged"
                + " +miss.yaml:1");
        assertThat(result.out()).contains("Sunset: no marketing email to customers with no opens, clicks or orders"
                + " in 180d over at least 6 marketing emails (except campaigns that include the unengaged)");
    }

    @Test
    void validateNotesAScheduledCampaignWhoseTimeHasPassed(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("old.yaml"), "id: old-news\ntrigger:\n  at: 2020-01-06 09:00\n"
                + "template: welcome\n");

        TestCli.Result result = TestCli.run("rules", "validate", folder.toString());

        assertThat(result.exitCode()).as("a note, not an error").isZero();
        assertThat(result.out()).contains("Note: old-news's time (2020-01-06 09:00 UTC) has passed.");
    }

    @Test
    void validateReportsEveryErrorWithFileAndLineAndExitsNonZero(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("bad.yaml"), """
                id: bad
                trigger:
                  event: order_completed
                  conditions:
                    - total >= lots
                audience:
                  segments: [VIPs]
                frequencyCap: {max: 0, per: 7d}
                template: no-such-template
                """);
        Files.writeString(folder.resolve("broken.yaml"), "id: broken\ntrigger: [unclosed\n");

        TestCli.Result result = TestCli.runCapturingErrors("rules", "validate", folder.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains(
                folder.resolve("bad.yaml") + ":5: type mismatch: total is a number, but 'lots' is not",
                folder.resolve("bad.yaml") + ":7: unknown segment 'VIPs'",
                folder.resolve("bad.yaml") + ":8: impossible cap: frequencyCap.max is 0",
                folder.resolve("bad.yaml") + ":9: unknown template 'no-such-template'",
                folder.resolve("broken.yaml") + ":3: YAML syntax:",
                "5 errors in " + folder);
    }

    @Test
    void testWithoutACustomerRunsTheScenarioSuite() {
        TestCli.Result result = TestCli.run("rules", "test", EXAMPLES.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).filteredOn(line -> line.startsWith("PASS")).hasSizeGreaterThanOrEqualTo(10);
        assertThat(result.out()).contains(" 0 failed").doesNotContain("FAIL ");
    }

    @Test
    void aFailingScenarioMakesTheSuiteExitNonZero(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("welcome.yaml"), "trigger: {event: customer_signed_up}\ntemplate: welcome\n");
        Files.createDirectory(folder.resolve("scenarios"));
        Files.writeString(folder.resolve("scenarios/s.yaml"), """
                - name: signup expects nothing (wrong on purpose)
                  customer: {id: c1}
                  event: {type: customer_signed_up}
                  expect: nothing
                """);

        TestCli.Result result = TestCli.run("rules", "test", folder.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("FAIL scenarios/s.yaml: signup expects nothing (wrong on purpose)",
                "expected nothing, got welcome", "1 scenarios, 0 passed, 1 failed");
    }

    @Test
    void simulationShowsTheWinnerAndWhyTheOthersLost() {
        TestCli.Result result = TestCli.run("rules", "test", EXAMPLES.toString(),
                "--customer", "{\"id\":\"12347\",\"country\":\"United Kingdom\",\"orderCount\":3,"
                        + "\"segments\":[\"Champions\"],\"rfm\":{\"recency\":5,\"frequency\":5,\"monetary\":5},"
                        + "\"consent\":{\"email\":true},\"recommendations\":[{\"productId\":\"22423\",\"score\":0.5}]}",
                "--event", "{\"type\":\"order_completed\",\"at\":\"2026-11-23T10:00:00Z\",\"total\":250}");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).containsExactly(
                "won       vip-thank-you — highest priority 80",
                "outranked post-purchase-cross-sell — priority 50 below vip-thank-you's 80",
                "decision: vip-thank-you → template thank-you, variant A");
    }

    @Test
    void simulationListsSuppressedCampaigns() {
        TestCli.Result result = TestCli.run("rules", "test", EXAMPLES.toString(),
                "--customer", "{\"id\":\"17850\"}",
                "--event", "{\"type\":\"checkout_started\",\"at\":\"2026-11-23T10:00:00Z\",\"cart_total\":42.5}");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).containsExactly(
                "suppressed abandoned-cart — consent: no email marketing consent on record",
                "decision: nothing goes out");
    }

    @Test
    void aCustomerIdIsLookedUpInTheScenarioCustomers() {
        TestCli.Result result = TestCli.run("rules", "test", EXAMPLES.toString(), "--customer", "12347",
                "--event", "{\"type\":\"order_completed\",\"at\":\"2026-11-23T10:00:00Z\",\"total\":250}");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).containsExactly(
                "won       vip-thank-you — the only eligible match, priority 80",
                "decision: vip-thank-you → template thank-you, variant A");
    }
}
