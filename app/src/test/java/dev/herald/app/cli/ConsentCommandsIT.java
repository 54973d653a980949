package dev.herald.app.cli;

import dev.herald.app.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code herald suppress}, {@code herald consent} and {@code herald privacy} on an H2 data directory (an IT: each
 * command opens and migrates the database).
 */
class ConsentCommandsIT {

    @TempDir
    Path dir;

    @Test
    void suppressAddListRemove() {
        String d = dir.toString();

        TestCli.Result added = TestCli.run("suppress", "add", " Ann@Example.com", "--reason", "complained",
                "--note", "ticket 4711", "--data-dir", d);
        TestCli.Result badReason = TestCli.run("suppress", "add", "bob@example.com", "--reason", "annoyed", "--data-dir", d);
        TestCli.Result badAddress = TestCli.run("suppress", "add", "not-an-address", "--data-dir", d);
        TestCli.Result list = TestCli.run("suppress", "list", "--json", "--data-dir", d);
        TestCli.Result removed = TestCli.run("suppress", "remove", "ANN@example.com", "--data-dir", d);

        assertThat(added.exitCode()).isZero();
        assertThat(added.out()).contains("suppressed ann@example.com (complained)");
        assertThat(badReason.exitCode()).isEqualTo(2);
        assertThat(badAddress.exitCode()).isEqualTo(2);
        assertThat(list.out()).contains("\"address\" : \"ann@example.com\"").contains("\"reason\" : \"complained\"")
                .contains("\"detail\" : \"ticket 4711\"").doesNotContain("bob@");
        assertThat(removed.exitCode()).isZero();
        assertThat(removed.out()).contains("removed ANN@example.com from the suppression list");
    }

    @Test
    void privacyAndConsentCommandsExplainUnknownCustomersAndEraseNeedsYes() {
        String d = dir.toString();

        TestCli.Result export = TestCli.runCapturingErrors("privacy", "export", "NOBODY", "--data-dir", d);
        TestCli.Result erase = TestCli.runCapturingErrors("privacy", "erase", "NOBODY", "--data-dir", d);
        TestCli.Result grant = TestCli.run("consent", "grant", "C-1", "--source", "signup form", "--data-dir", d);
        TestCli.Result show = TestCli.run("consent", "show", "C-1", "--data-dir", d);
        TestCli.Result engagement = TestCli.run("engagement", "--campaign", "welcome", "--data-dir", d);

        assertThat(export.exitCode()).isEqualTo(1);
        assertThat(export.err()).contains("no customer with id 'NOBODY'");
        assertThat(erase.exitCode()).isEqualTo(2);
        assertThat(erase.err()).contains("--yes");
        assertThat(grant.exitCode()).isZero();
        assertThat(show.out()).contains("C-1 email granted").contains("(source: signup form)");
        assertThat(engagement.exitCode()).isZero();
        assertThat(engagement.out()).contains("no emails on record for campaign welcome");
    }

    @Test
    void engagementReadsAPeriodBackOrFromADateAndExplainsABadOne() {
        String d = dir.toString();

        TestCli.Result week = TestCli.run("engagement", "--since", "7d", "--data-dir", d);
        TestCli.Result fromDate = TestCli.run("engagement", "--since", "2026-11-01", "--json", "--data-dir", d);
        TestCli.Result bad = TestCli.runCapturingErrors("engagement", "--since", "last week", "--data-dir", d);

        assertThat(week.exitCode()).isZero();
        assertThat(week.out()).contains("no emails on record since ");
        assertThat(fromDate.exitCode()).isZero();
        assertThat(fromDate.out().strip()).isEqualTo("[ ]");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("--since must be a date such as 2026-11-01 (or, for --since, a period such as"
                + " 30d); got 'last week'");
    }
}
