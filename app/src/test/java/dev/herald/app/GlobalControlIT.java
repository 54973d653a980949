package dev.herald.app;

import dev.herald.app.TestEvents.Customer;
import dev.herald.engine.experiment.GlobalControlGroup;
import dev.herald.routes.RouteSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.herald.app.TestEvents.item;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The global control group on the standalone runtime (ADR 0066): with {@code globalControl: 50%} the customers in the
 * group get no marketing welcome but do get their transactional receipt; then {@code herald ab global-control} reads
 * the period's buying from the database, split the same way.
 */
class GlobalControlIT {

    @TempDir
    Path dir;

    @Test
    void theGroupGetsNoMarketingEmailButItsReceiptsAndTheReportSplitsCustomersTheSameWay() throws Exception {
        Path campaigns = Files.createDirectories(dir.resolve("campaigns"));
        Files.writeString(campaigns.resolve("herald-rules.yaml"), "globalControl: 50%\n");
        Files.writeString(campaigns.resolve("hello.yaml"), "id: hello\ntrigger: {event: customer_signed_up}\n"
                + "template: welcome\n");
        Files.writeString(campaigns.resolve("receipt.yaml"), "id: receipt\ntype: transactional\n"
                + "trigger: {event: order_completed}\ntemplate: thank-you\n");
        GlobalControlGroup half = new GlobalControlGroup(0.5);
        List<Customer> customers = IntStream.range(0, 12).mapToObj(i -> TestEvents.customer("C-" + i, "Cus " + i))
                .toList();
        long inGroup = customers.stream().filter(c -> half.contains(c.id())).count();
        Path data = dir.resolve("herald");
        try (TestHerald herald = TestHerald.start(data, Map.of(HeraldConfig.RULES_DIR, campaigns.toString(),
                HeraldConfig.HTTP_PORT, "0"))) {
            customers.forEach(c -> herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(c)));
            customers.forEach(c -> herald.send(RouteSettings.COMMERCE_QUEUE, TestEvents.order(c, "O-" + c.id(),
                    item("P-MUG", "Mug", 1, "2.50"))));
            herald.awaitMails((int) (customers.size() - inGroup) + customers.size());
            herald.awaitIdle();

            for (Customer c : customers) {
                List<String> campaignsSent = TestMail.readAll(herald.mails()).stream()
                        .filter(m -> m.to().contains(c.email())).map(TestMail.Mail::campaign).toList();
                assertThat(campaignsSent).as(c.id()).containsExactlyInAnyOrderElementsOf(
                        half.contains(c.id()) ? List.of("receipt") : List.of("hello", "receipt"));
            }
            // the console's Experiments page shows the same split (orders are dated in March: none in the last 30 days)
            herald.runtime().consoleUsers().add("ana", "a long enough password".toCharArray(),
                    dev.herald.routes.console.ConsoleRole.ANALYST);
            String page = dev.herald.app.console.ConsoleHttpSession.login(herald.runtime().httpPort(), "ana",
                    "a long enough password").get("/console/experiments").body();
            assertThat(page).contains("Global control group (50% of customers)")
                    .containsPattern("Gets marketing email</th><td class=\"num\">" + (customers.size() - inGroup) + "<")
                    .containsPattern("Control group</th><td class=\"num\">" + inGroup + "<")
                    .contains("Too early to tell");
        }
        assertThat(inGroup).as("the draw put some customers on each side").isBetween(1L, 11L);

        TestCli.Result report = TestCli.run("ab", "global-control", "--since", "2020-01-01", "--until", "2030-01-01",
                "--data-dir", data.toString(), "-Dherald.rules.dir=" + campaigns);

        assertThat(report.exitCode()).isZero();
        assertThat(report.out()).contains("Global control group 50%")
                .containsPattern("gets marketing email +" + (customers.size() - inGroup) + " +"
                        + (customers.size() - inGroup) + " +100\\.0%")
                .containsPattern("control group +" + inGroup + " +" + inGroup + " +100\\.0%")
                .contains("Too early to tell: the control group holds " + inGroup + " customers");
        TestCli.Result none = TestCli.runCapturingErrors("ab", "global-control", "--data-dir", data.toString());
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("set globalControl in herald-rules.yaml");
    }
}
