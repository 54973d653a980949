package dev.herald.app;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.herald.app.TestEvents.Customer;
import dev.herald.routes.RouteSettings;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consent and tracking end to end on real parts: Herald with its HTTP server, GreenMail receiving what it
 * sends and serving the bounce mailbox over IMAP ({@link Pop3BounceMailboxIT}: POP3), the H2 database read with
 * plain JDBC.
 */
class ConsentAndTrackingIT {

    static final String API_KEY = "test-api-key-5b1e";
    static final Customer ANN = TestEvents.customer("C-ANN", "Ann Smith");
    static final Customer BOB = TestEvents.customer("C-BOB", "Bob Jones");
    static final Customer CAT = TestEvents.customer("C-CAT", "Cat Brown");
    static final Pattern HREF = Pattern.compile("href=\"([^\"]+)\"");

    @TempDir
    static Path dataDir;
    static GreenMail bounceMailbox;
    static GreenMailUser bounceUser;
    static TestHerald herald;
    static HttpClient http;
    static MimeMessage annWelcome;

    @BeforeAll
    static void start() throws Exception {
        bounceMailbox = new GreenMail(new ServerSetup[]{
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3).dynamicPort()});
        bounceMailbox.start();
        bounceUser = bounceMailbox.setUser("bounces@herald.example", "bounces", "bounce-secret");
        herald = TestHerald.start(dataDir, Map.of(HeraldConfig.HTTP_PORT, "0", HeraldConfig.API_KEY, API_KEY,
                HeraldConfig.BOUNCE_MAILBOX, "imap://127.0.0.1:" + bounceMailbox.getImap().getPort()
                        + "?username=bounces&password=bounce-secret&delay=100&initialDelay=0"));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        for (Customer c : List.of(ANN, BOB, CAT)) {
            herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(c));
        }
        herald.awaitMails(3);
        annWelcome = TestMail.only(herald.mails(), ANN.email(), "welcome").message();
    }

    @AfterAll
    static void stop() throws Exception {
        if (herald != null) {
            herald.close();
        }
        if (bounceMailbox != null) {
            bounceMailbox.stop();
        }
    }

    @Test
    void marketingEmailHasBothListUnsubscribeHeadersAndTheVisibleLink() throws Exception {
        String header = annWelcome.getHeader("List-Unsubscribe", null);
        TestMail.Mail mail = TestMail.read(annWelcome);

        assertThat(header).matches("<" + Pattern.quote(base()) + "/u/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+>");
        assertThat(annWelcome.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        String url = header.substring(1, header.length() - 1);
        assertThat(mail.html()).contains("href=\"" + url + "\"").contains(">Unsubscribe</a>");
        assertThat(mail.text()).contains("Unsubscribe: " + url);
        assertThat(header).doesNotContainIgnoringCase("c-ann").doesNotContain("example.com");
        assertThat(mail.html()).as("no topics defined: no preference page to link to").doesNotContain("/p/")
                .doesNotContain("Email preferences");
    }

    @Test
    void getShowsAConfirmationPageAndNeverUnsubscribesTamperedTokensGet404() throws Exception {
        String url = unsubscribeUrl(TestMail.only(herald.mails(), CAT.email(), "welcome").message());

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> tampered = http.send(oneClick(url.substring(0, url.length() - 3) + "abc"),
                HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> german = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Accept-Language", "de-AT,de;q=0.9,en;q=0.5").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html lang=\"en\">", "<form method=\"post\"", "Unsubscribe</button>");
        assertThat(german.body()).as("in the language the browser asks for").contains("<html lang=\"de\">",
                "Möchten Sie keine Marketing-E-Mails mehr von uns erhalten?", "Abmelden</button>");
        assertThat(german.headers().firstValue("Vary")).hasValue("Accept-Language");
        assertThat(tampered.statusCode()).isEqualTo(404);
        assertThat(herald.count("select count(*) from suppression where address = ?", CAT.email()))
                .as("Cat is not unsubscribed").isZero();
        assertThat(herald.count("select count(*) from engagement_event where customer_id = ?", CAT.id())).isZero();
    }

    @Test
    void oneClickPostUnsubscribesAndLaterMarketingIsNoLongerDecidedForHer() throws Exception {
        String url = unsubscribeUrl(annWelcome);

        HttpResponse<String> first = http.send(oneClick(url), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> again = http.send(oneClick(url), HttpResponse.BodyHandlers.ofString());

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).as("idempotent").isEqualTo(200);
        assertThat(first.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(herald.countBy("select reason, count(*) from suppression where address = ? group by reason",
                ANN.email())).isEqualTo(Map.of("UNSUBSCRIBED", 1L));

        // the first-order campaign is marketing: with her consent withdrawn it is no longer decided for her
        // (ADR 0034; before, it was queued and stopped by the send gate, which still checks, see ConsentIT)
        herald.send(RouteSettings.COMMERCE_QUEUE, TestEvents.order(ANN, TestEvents.newId("ord"),
                TestEvents.item("p-1", "Mug", 1, "7.00")));
        herald.awaitIdle();
        assertThat(herald.count("select count(*) from consent_record where customer_id = ? and status = 'WITHDRAWN'",
                ANN.id())).isEqualTo(1);
        assertThat(herald.count("select count(*) from processed_event where customer_id = ?"
                + " and event_type = 'order_completed'", ANN.id())).as("the order was processed").isEqualTo(1);
        assertThat(herald.countBy("select status, count(*) from outbox_message where customer_id = ? and campaign"
                + " <> 'welcome' group by status", ANN.id())).isEmpty();
        assertThat(herald.mails()).filteredOn(m -> TestMail.read(m).to().contains(ANN.email())).hasSize(1);
    }

    @Test
    void openAndClickAreRecordedAndTheClickRedirectsOnlyToALinkOfTheEmail() throws Exception {
        MimeMessage bobWelcome = TestMail.only(herald.mails(), BOB.email(), "welcome").message();
        String html = TestMail.read(bobWelcome).html();
        String pixel = html.replaceAll("(?s).*<img src=\"([^\"]+/o/[^\"]+)\".*", "$1");
        String tracked = links(html).stream().filter(l -> l.contains("/c/")).findFirst().orElseThrow();

        HttpResponse<byte[]> open = http.send(HttpRequest.newBuilder(URI.create(pixel)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<String> click = http.send(HttpRequest.newBuilder(URI.create(tracked)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String token = tracked.substring(tracked.lastIndexOf('/') + 1);
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("c:1:https://evil.example/").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(base() + "/c/" + forgedPayload
                + token.substring(token.indexOf('.')))).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(links(html)).noneMatch(l -> l.startsWith("https://shop.example"));
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.headers().firstValue("Content-Type")).hasValue("image/gif");
        assertThat(click.statusCode()).isEqualTo(302);
        assertThat(click.headers().firstValue("Location"))
                .hasValue("https://shop.example/new?utm_source=herald&utm_campaign=welcome");
        assertThat(forged.statusCode()).isEqualTo(404);
        assertThat(forged.headers().firstValue("Location")).isEmpty();
        assertThat(herald.countBy("select kind, count(*) from engagement_event where customer_id = ? group by kind"
                + " order by kind", BOB.id())).isEqualTo(Map.of("CLICK", 1L, "OPEN", 1L));
    }

    @Test
    void aDsnReadFromTheImapBounceMailboxSuppressesTheAddress() throws Exception {
        bounceUser.deliver(dsn(BOB.email(), "5.1.1"));

        await("Bob suppressed from the DSN").atMost(TestHerald.PATIENCE).until(() ->
                herald.count("select count(*) from suppression where address = ? and reason = 'BOUNCED'"
                        + " and source = 'dsn-mailbox'", BOB.email()) == 1);
    }

    @Test
    void bounceWebhookNeedsTheApiKeyAndSuppressesHardBounces() throws Exception {
        String body = "{\"email\": \"Hard.Bounce@example.org\", \"status\": \"5.1.1\", \"diagnostic\": \"user unknown\"}";

        HttpResponse<String> anonymous = http.send(post("/v1/bounces", body, null), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrongKey = http.send(post("/v1/bounces", body, "nope"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> invalid = http.send(post("/v1/bounces", "{\"email\": \"x@example.org\"}", API_KEY),
                HttpResponse.BodyHandlers.ofString());
        assertThat(herald.count("select count(*) from suppression where address = 'hard.bounce@example.org'")).isZero();
        HttpResponse<String> accepted = http.send(post("/v1/bounces", body, API_KEY), HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("\\\"status\\\"");
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).contains("\"result\" : \"suppressed\"");
        assertThat(herald.count("select count(*) from suppression where address = 'hard.bounce@example.org'"
                + " and reason = 'BOUNCED'")).isEqualTo(1);

        HttpResponse<String> complaint = http.send(post("/v1/bounces",
                "[{\"email\": \"spam.report@example.org\", \"type\": \"complaint\"}]", API_KEY),
                HttpResponse.BodyHandlers.ofString());
        assertThat(complaint.statusCode()).isEqualTo(200);
        assertThat(herald.count("select count(*) from suppression where address = 'spam.report@example.org'"
                + " and reason = 'COMPLAINED'")).isEqualTo(1);
    }

    @Test
    void privacyExportAndEraseOverHttpLeaveNoPersonalDataBehind() throws Exception {
        Customer dan = TestEvents.customer("C-DAN-PRIVACY", "Daniel Privacyson");
        herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(dan));
        herald.send(RouteSettings.COMMERCE_QUEUE, TestEvents.order(dan, TestEvents.newId("ord"),
                TestEvents.item("p-1", "Mug", 1, "7.00")));
        herald.awaitIdle();

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base() + "/v1/privacy/export/"
                + dan.id())).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> export = http.send(HttpRequest.newBuilder(URI.create(base() + "/v1/privacy/export/"
                + dan.id())).header("Authorization", "Bearer " + API_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tablesContaining(dan.email())).isNotEmpty();
        HttpResponse<String> erase = http.send(post("/v1/privacy/erase/" + dan.id(), "", API_KEY),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> again = http.send(post("/v1/privacy/erase/" + dan.id(), "", API_KEY),
                HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.body()).contains(dan.email()).contains("Daniel Privacyson").contains("\"orders\"");
        assertThat(erase.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(404);
        for (String needle : List.of(dan.email(), "Privacyson", dan.id())) {
            assertThat(tablesContaining(needle)).as("tables holding '%s'", needle).isEmpty();
        }
        assertThat(tablesContaining(BOB.email())).as("others kept").isNotEmpty();
    }

    static String base() {
        return "http://127.0.0.1:" + herald.runtime().httpPort();
    }

    static String unsubscribeUrl(MimeMessage m) throws Exception {
        String header = m.getHeader("List-Unsubscribe", null);
        return header.substring(1, header.length() - 1);
    }

    static HttpRequest oneClick(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build();
    }

    static HttpRequest post(String path, String body, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b.build();
    }

    static List<String> links(String html) {
        Matcher m = HREF.matcher(html);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static MimeMessage dsn(String recipient, String status) throws Exception {
        String raw = String.join("\r\n",
                "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>",
                "To: bounces@herald.example",
                "Subject: Undelivered Mail Returned to Sender",
                "MIME-Version: 1.0",
                "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"",
                "",
                "--B",
                "Content-Type: text/plain",
                "",
                "Your message could not be delivered.",
                "--B",
                "Content-Type: message/delivery-status",
                "",
                "Reporting-MTA: dns; mx.example.net",
                "",
                "Final-Recipient: rfc822; " + recipient,
                "Action: failed",
                "Status: " + status,
                "Diagnostic-Code: smtp; 550 " + status + " user unknown",
                "",
                "--B--", "");
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Every table column of Herald's database containing {@code needle}, case-insensitive. */
    static List<String> tablesContaining(String needle) throws Exception {
        HeraldConfig config = herald.runtime().config();
        List<String> hits = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(TestHerald.jdbcUrl(config), config.get(HeraldConfig.JDBC_USER),
                config.get(HeraldConfig.JDBC_PASSWORD))) {
            DatabaseMetaData meta = c.getMetaData();
            List<String[]> columns = new ArrayList<>();
            try (ResultSet rs = meta.getColumns(null, "PUBLIC", "%", "%")) {
                while (rs.next()) {
                    String type = rs.getString("TYPE_NAME").toUpperCase(Locale.ROOT);
                    if (type.contains("CHAR") || type.contains("CLOB")) {
                        columns.add(new String[]{rs.getString("TABLE_NAME"), rs.getString("COLUMN_NAME")});
                    }
                }
            }
            for (String[] col : columns) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from \""
                        + col[0] + "\" where lower(cast(\"" + col[1] + "\" as varchar(100000))) like '%"
                        + needle.toLowerCase(Locale.ROOT).replace("'", "''") + "%'")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        hits.add(col[0] + "." + col[1]);
                    }
                }
            }
        }
        return hits;
    }
}
