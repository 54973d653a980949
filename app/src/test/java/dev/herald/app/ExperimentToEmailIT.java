package dev.herald.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.app.TestEvents.Customer;
import dev.herald.app.TestMail.Mail;
import dev.herald.engine.experiment.ExperimentDesign;
import dev.herald.engine.experiment.VariantAssigner;
import dev.herald.routes.RouteSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An experiment on the built-in "welcome" campaign, end to end: {@code herald ab define} with a holdout, signups
 * over JMS, variant B's subject override (a test-only {@code templates/welcome/variants/B/subject.mustache}) in
 * the emails of B's customers, no email for held-out customers, and {@code herald ab report} counting the
 * exposures.
 */
class ExperimentToEmailIT {

    static final String SUBJECT_A = "Welcome to Herald Shop, %s!";
    static final String SUBJECT_B = "Hello %s, your welcome gift is waiting";

    @TempDir
    Path dataDir;

    @Test
    void experimentSendsEachArmItsSubjectAndHoldsOutTheHoldout() throws Exception {
        TestCli.Result defined = TestCli.runCapturingErrors("ab", "define", "welcome", "--arms", "A:0.5,B:0.5",
                "--holdout", "0.2", "--data-dir", dataDir.toString());
        assertThat(defined.exitCode()).as(defined.err()).isZero();
        assertThat(defined.out()).contains("Experiment defined for campaign welcome");

        // the same design the command stored (salt = campaign id), to know each customer's arm in advance
        VariantAssigner assigner = new VariantAssigner(new ExperimentDesign("welcome", 0.2, List.of(
                new ExperimentDesign.Arm("A", 0.5, Map.of()), new ExperimentDesign.Arm("B", 0.5, Map.of()))));
        List<Customer> customers = new ArrayList<>();
        Map<String, String> arm = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            Customer c = TestEvents.customer("C-X" + i, "Cust" + i + " Tester");
            customers.add(c);
            arm.put(c.email(), assigner.assign(c.id()).variant());
        }
        Map<String, Long> perArm = arm.values().stream().collect(Collectors.groupingBy(v -> v, Collectors.counting()));
        assertThat(perArm).as("the fixture covers every arm and the holdout").containsKeys("A", "B",
                ExperimentDesign.HOLDOUT);
        int sent = (int) (customers.size() - perArm.get(ExperimentDesign.HOLDOUT));

        try (TestHerald herald = TestHerald.start(dataDir)) {
            for (Customer c : customers) {
                herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(c));
            }
            herald.awaitMails(sent);
            herald.awaitIdle();

            List<Mail> mails = TestMail.readAll(herald.mails());
            assertThat(mails).hasSize(sent);
            for (Customer c : customers) {
                String variant = arm.get(c.email());
                List<Mail> theirs = mails.stream().filter(m -> m.to().contains(c.email())).toList();
                String firstName = "Cust" + c.id().substring(3);
                switch (variant) {
                    case "A" -> assertThat(theirs).extracting(Mail::subject)
                            .containsExactly(SUBJECT_A.formatted(firstName));
                    case "B" -> assertThat(theirs).extracting(Mail::subject)
                            .containsExactly(SUBJECT_B.formatted(firstName));
                    default -> assertThat(theirs).as("held-out %s", c.id()).isEmpty();
                }
            }
            assertThat(herald.count("select count(*) from experiment_exposure where campaign = 'welcome'"))
                    .isEqualTo(customers.size());
        }

        TestCli.Result report = TestCli.runCapturingErrors("ab", "report", "--campaign", "welcome",
                "--data-dir", dataDir.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(report.out());
        assertThat(json.get("control").asText()).isEqualTo(ExperimentDesign.HOLDOUT);
        Map<String, Long> reported = new HashMap<>();
        json.get("variants").forEach(v -> reported.put(v.get("name").asText(), v.get("users").asLong()));
        assertThat(reported).isEqualTo(perArm);

        TestCli.Result evaluated = TestCli.runCapturingErrors("ab", "evaluate", "welcome", "--min-users", "1000",
                "--data-dir", dataDir.toString());
        assertThat(evaluated.exitCode()).as(evaluated.err()).isZero();
        assertThat(evaluated.out()).contains("No winner yet for welcome").contains("minimum sample not reached");

        TestCli.Result preview = TestCli.runCapturingErrors("templates", "preview", "welcome", "--customer", "C-X0",
                "--variant", "B", "--out", dataDir.resolve("preview.html").toString(), "--data-dir",
                dataDir.toString());
        assertThat(preview.exitCode()).as(preview.err()).isZero();
        assertThat(preview.out()).contains("Subject:   " + SUBJECT_B.formatted("Cust0"));
    }
}
