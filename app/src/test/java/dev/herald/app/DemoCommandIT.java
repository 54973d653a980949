package dev.herald.app;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code herald demo} on a fresh data directory: the whole scenario, a truthful summary, emails on disk. */
class DemoCommandIT {

    /** 40 customers: 40 welcome emails, and a thank-you for the 30 who order. */
    static final long EXPECTED_EMAILS = 70;
    static final long MALFORMED = 5;

    @TempDir
    static Path dataDir;
    static TestCli.Result result;

    @BeforeAll
    static void runDemoOnce() {
        result = TestCli.run("demo", "--data-dir", dataDir.toString());
    }

    @Test
    void demoExitsZeroAndReportsTheOutcomeInTheSummaryLine() {
        assertThat(result.exitCode()).as(result.out()).isZero();
        List<String> lines = result.outLines();
        String summaryLine = lines.get(lines.size() - 1);
        assertThat(summaryLine).startsWith("summary events=");
        Map<String, String> summary = parse(summaryLine);
        assertThat(summary).containsKeys("events", "decided", "emails", "dead_lettered", "duplicates", "failed",
                "seconds");
        assertThat(result.out()).containsPattern("Events published: +" + summary.get("events") + " \\("
                + MALFORMED + " malformed, " + summary.get("duplicates") + " repeated\\)");
        assertThat(Long.parseLong(summary.get("dead_lettered"))).isEqualTo(MALFORMED);
        assertThat(Long.parseLong(summary.get("emails"))).isEqualTo(EXPECTED_EMAILS);
        assertThat(Long.parseLong(summary.get("decided"))).isEqualTo(EXPECTED_EMAILS);
        assertThat(Long.parseLong(summary.get("failed"))).isZero();
    }

    @Test
    void demoWritesEveryEmailAsAnEmlFile() throws Exception {
        List<Path> eml;
        try (Stream<Path> files = Files.list(dataDir.resolve("mail"))) {
            eml = files.filter(f -> f.getFileName().toString().endsWith(".eml")).sorted().toList();
        }
        assertThat(eml).hasSize((int) EXPECTED_EMAILS);
        try (InputStream in = Files.newInputStream(eml.get(0))) {
            TestMail.Mail mail = TestMail.read(new MimeMessage(Session.getInstance(new Properties()), in));
            assertThat(mail.to()).singleElement().asString().endsWith("@example.com");
            assertThat(mail.from()).contains("hello@herald.example");
            assertThat(mail.subject()).isNotBlank();
            assertThat(mail.campaign()).isIn("welcome", "first-order-thank-you");
            assertThat(mail.partTypes()).containsExactly("text/plain", "text/html");
        }
    }

    private static Map<String, String> parse(String summaryLine) {
        Map<String, String> values = new HashMap<>();
        Matcher m = Pattern.compile("(\\w+)=(\\S+)").matcher(summaryLine);
        while (m.find()) {
            values.put(m.group(1), m.group(2));
        }
        return values;
    }
}
