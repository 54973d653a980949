package dev.herald.app.console;

import dev.herald.app.HeraldConfig;
import dev.herald.app.TestHerald;
import dev.herald.routes.console.ConsoleRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's campaign reports on the standalone runtime, over HTTP: the last 30 days by campaign with rates and
 * revenue and a daily chart, a shorter period that leaves older emails out, one campaign's variants, the CSV
 * download, and a campaign's click map (its email with each link's clicks, in a sandboxed frame); analysts and
 * marketers read them; the pages draw in a real browser (Chromium).
 */
class ConsoleReportsIT {

    static final String PASSWORD = "correct horse battery";

    @TempDir
    static Path dataDir;
    static TestHerald herald;
    static long nextId = 900_000;

    @BeforeAll
    static void start() throws Exception {
        herald = TestHerald.start(dataDir.resolve("herald"), Map.of(HeraldConfig.HTTP_PORT, "0"));
        herald.runtime().consoleUsers().add("ana", PASSWORD.toCharArray(), ConsoleRole.ANALYST);
        herald.runtime().consoleUsers().add("mia", PASSWORD.toCharArray(), ConsoleRole.MARKETER);
        Instant now = Instant.now();
        // 20 days ago: four newsletters (A) of which two opened, one clicked and bought; one B, unopened
        Instant earlier = now.minus(Duration.ofDays(20));
        for (int i = 0; i < 4; i++) {
            long id = sent("newsletter", "A", "c" + i, earlier);
            if (i < 2) {
                engaged(id, "newsletter", "A", "OPEN", earlier.plusSeconds(600), null);
            }
            if (i == 0) {
                engaged(id, "newsletter", "A", "CLICK", earlier.plusSeconds(700), null);
                engaged(id, "newsletter", "A", "CONVERSION", earlier.plusSeconds(3600), new BigDecimal("30.00"));
            }
        }
        sent("newsletter", "B", "c9", earlier);
        // 40 days ago, in the 30 days before the default period: two newsletters, one opened
        Instant before = now.minus(Duration.ofDays(40));
        engaged(sent("newsletter", "A", "c20", before), "newsletter", "A", "OPEN", before.plusSeconds(60), null);
        sent("newsletter", "A", "c21", before);
        // 2 days ago: one win-back, opened
        Instant recent = now.minus(Duration.ofDays(2));
        engaged(sent("win-back", "A", "c5", recent), "win-back", "A", "OPEN", recent.plusSeconds(60), null);
        // 10 days ago: ten emails of the welcome campaign (in the rule base, template welcome, edited to have three
        // links): six with a click on the new arrivals (one of them twice), two on the offers, none on help, and
        // one on a link the template no longer has
        assertThat(herald.runtime().templates().save("welcome/html.mustache", WELCOME_HTML).saved()).isTrue();
        Instant welcomed = now.minus(Duration.ofDays(10));
        for (int i = 0; i < 10; i++) {
            long id = sent("welcome", "A", "w" + i, welcomed);
            if (i < 6) {
                clicked(id, "welcome", NEW_ARRIVALS, welcomed.plusSeconds(60));
            }
            if (i == 0) {
                clicked(id, "welcome", NEW_ARRIVALS, welcomed.plusSeconds(120));
            }
            if (i >= 5 && i < 7) {
                clicked(id, "welcome", "https://shop.example/offers", welcomed.plusSeconds(90));
            }
            if (i == 9) {
                clicked(id, "welcome", "https://shop.example/autumn", welcomed.plusSeconds(90));
            }
        }
    }

    static final String NEW_ARRIVALS = "https://shop.example/new?utm_source=herald&utm_campaign=welcome";
    static final String WELCOME_HTML = """
            {{<_layout/html}}
            {{$title}}Welcome to Herald Shop{{/title}}
            {{$body}}
            <h1 style="margin:0 0 16px 0;font-size:24px;line-height:32px;color:#1a1a2e;">Welcome to Herald Shop!</h1>
            <p style="margin:0 0 16px 0;">Hi {{customer.firstName | default: "there"}},</p>
            <p style="margin:0 0 16px 0;">Your account is ready, and we are glad to have you with us.</p>
            <p style="margin:0 0 16px 0;"><a href="https://shop.example/new?utm_source=herald&amp;utm_campaign=welcome" style="color:#1a1a2e;font-weight:bold;">Browse the new arrivals</a></p>
            <p style="margin:0 0 16px 0;"><a href="https://shop.example/offers" style="color:#1a1a2e;">This week's offers</a></p>
            <p style="margin:0 0 16px 0;"><a href="https://shop.example/help" style="color:#1a1a2e;">Help and returns</a></p>
            <p style="margin:0;">Happy shopping,<br>The Herald Shop team</p>
            {{/body}}
            {{/_layout/html}}
            """;

    @AfterAll
    static void stop() throws Exception {
        herald.close();
    }

    @Test
    void anAnalystReadsTheLastThirtyDaysByCampaignWithADailyChart() throws Exception {
        ConsoleHttpSession ana = ConsoleHttpSession.login(herald.runtime().httpPort(), "ana", PASSWORD);

        String page = ana.get("/console/reports").body();

        assertThat(page).contains(">Reports</a>").contains("Campaign performance, "
                + LocalDate.now(ZoneOffset.UTC).minusDays(29) + " to " + LocalDate.now(ZoneOffset.UTC));
        assertThat(row(page, "newsletter")).containsSubsequence("5", "0", "40.0 %", "20.0 %", "50.0 %", "0.0 %", "1",
                "30.00", "6.00");
        assertThat(row(page, "win-back")).containsSubsequence("1", "0", "100.0 %");
        assertThat(page).as("newsletter's open rate 40 % against 50 % in the 30 days before").contains(
                "40.0 % <small class=\"muted change\">−10.0 pts</small>").as("win-back had no emails before")
                .doesNotContain("100.0 % <small");
        Matcher chart = Pattern.compile("<div class=\"exp-chart\" id=\"daily-chart\">(<svg.*?</svg>)", Pattern.DOTALL)
                .matcher(page);
        assertThat(chart.find()).isTrue();
        assertThat(chart.group(1).split("<rect ", -1).length - 1).as("a bar a day and three legend keys")
                .isEqualTo(30 + 3);
        assertThat(chart.group(1)).contains("polyline class=\"opened\"").contains("polyline class=\"clicked\"");
    }

    @Test
    void theReportDrawsInARealBrowser() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(herald.runtime().httpPort())) {
            browser.login("ana", PASSWORD);
            browser.go("/console/reports");
            org.openqa.selenium.WebElement chart = browser.find(org.openqa.selenium.By.cssSelector("#daily-chart svg"));
            assertThat(chart.getSize().getWidth()).isGreaterThan(300);
            assertThat(browser.find(org.openqa.selenium.By.id("campaigns-table")).getText()).contains("newsletter")
                    .contains("win-back").contains("All campaigns");
            browser.screenshot("reports");
        }
    }

    @Test
    void aShorterPeriodLeavesOlderEmailsOut() throws Exception {
        ConsoleHttpSession ana = ConsoleHttpSession.login(herald.runtime().httpPort(), "ana", PASSWORD);

        String page = ana.get("/console/reports?period=7d").body();

        assertThat(page).contains("<strong class=\"badge on\">7 days</strong>").doesNotContain(">newsletter</a>")
                .contains(">win-back</a>");
    }

    @Test
    void aMarketerOpensOneCampaignsVariantsAndDownloadsTheCsv() throws Exception {
        ConsoleHttpSession mia = ConsoleHttpSession.login(herald.runtime().httpPort(), "mia", PASSWORD);

        String campaign = mia.get("/console/reports/newsletter?period=30d").body();
        assertThat(row(campaign, "A")).containsSubsequence("4", "0", "50.0 %", "25.0 %", "50.0 %");
        assertThat(row(campaign, "B")).containsSubsequence("1", "0", "0.0 %", "0.0 %", "n/a");
        assertThat(campaign).contains("<td class=\"link\">https://shop.example/winter?a&#61;1&amp;b&#61;2</td>"
                + "<td class=\"num\">1</td><td class=\"num\">20.0 %</td>");

        HttpResponse<String> csv = mia.get("/console/reports.csv?period=30d");
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d)
                .contains("attachment").contains("herald-campaigns-"));
        assertThat(csv.body().lines()).first().isEqualTo("from,to,campaign,variant,sent,suppressed,opened,clicked,"
                + "unsubscribed,conversions,revenue,open_rate,click_rate,click_to_open_rate,unsubscribe_rate");
        assertThat(csv.body()).contains(",newsletter,A,4,0,2,1,0,1,30.0000,0.5,0.25,0.5,0.0");
    }

    @Test
    void aCampaignsClickMapShowsEachLinksBadgeOnItsEmailAndListsClickedLinksNotInIt() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(herald.runtime().httpPort())) {
            browser.login("ana", PASSWORD);
            browser.go("/console/reports/welcome?period=30d");
            org.openqa.selenium.WebElement frame = browser.find(org.openqa.selenium.By.cssSelector(
                    "iframe#click-map"));
            org.openqa.selenium.WebDriver driver = browser.driver();
            ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()",
                    browser.find(org.openqa.selenium.By.id("h-click-map")));
            driver.switchTo().frame(frame);
            String newArrivals = browser.find(org.openqa.selenium.By.cssSelector("a[href='" + NEW_ARRIVALS
                    + "'] + span.herald-clicks")).getText();
            String offers = browser.find(org.openqa.selenium.By.cssSelector(
                    "a[href='https://shop.example/offers'] + span.herald-clicks")).getText();
            String help = browser.find(org.openqa.selenium.By.cssSelector(
                    "a[href='https://shop.example/help'] + span.herald-clicks")).getText();
            driver.switchTo().defaultContent();
            browser.screenshot("reports-click-map");

            assertThat(newArrivals).as("six of the ten emails, each counted once").isEqualTo("6 · 60.0 %");
            assertThat(offers).isEqualTo("2 · 20.0 %");
            assertThat(help).isEqualTo("0 · 0.0 %");
            assertThat(browser.find(org.openqa.selenium.By.id("not-in-template")).getText())
                    .contains("https://shop.example/autumn").contains("10.0 %");
        }
    }

    @Test
    void theClickMapFrameCountsThePeriodsEmailsUnderThePreviewsPolicyAndNeedsASignIn() throws Exception {
        ConsoleHttpSession ana = ConsoleHttpSession.login(herald.runtime().httpPort(), "ana", PASSWORD);

        HttpResponse<String> frame = ana.get("/console/reports/welcome/clickmap.html?period=7d");

        assertThat(frame.statusCode()).isEqualTo(200);
        assertThat(frame.headers().firstValue("Content-Security-Policy")).hasValue(
                dev.herald.routes.console.templates.TemplatesModule.PREVIEW_CSP);
        assertThat(frame.body()).as("the welcome emails went out 10 days ago: none in the last 7")
                .contains("Browse the new arrivals</a><span class=\"herald-clicks herald-heat-0\"");
        HttpResponse<String> anonymous = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + herald.runtime().httpPort()
                        + "/console/reports/welcome/clickmap.html")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as("to the sign-in page").isEqualTo(303);
    }

    @Test
    void aCampaignNotInTheRuleBaseHasNoClickMapAndSaysWhy() throws Exception {
        ConsoleHttpSession ana = ConsoleHttpSession.login(herald.runtime().httpPort(), "ana", PASSWORD);

        String page = ana.get("/console/reports/newsletter?period=30d").body();

        assertThat(page).contains("No click map: campaign newsletter is not in the rule base")
                .doesNotContain("id=\"click-map\"");
    }

    /** The cells of the table row whose first cell is {@code first}, as text. */
    private static java.util.List<String> row(String page, String first) {
        Matcher m = Pattern.compile("<tr><td>(?:<a [^>]*>)?" + Pattern.quote(first) + "(?:</a>)?</td>(.*?)</tr>")
                .matcher(page);
        assertThat(m.find()).as("a row for " + first).isTrue();
        return Pattern.compile("<td class=\"num\">(.*?)</td>").matcher(m.group(1)).results()
                .map(r -> r.group(1).replaceAll("\\s*<small[^>]*>.*?</small>", "")).toList();
    }

    private static long sent(String campaign, String variant, String customer, Instant at) {
        long id = nextId++;
        herald.update("insert into outbox_message (id, campaign, customer_id, step, variant, event_id, template_key,"
                        + " recipient, model_json, status, attempts, claims, created_at, next_attempt_at, sent_at)"
                        + " values (?, ?, ?, '1', ?, ?, 'welcome', ?, '{}', 'SENT', 1, 1, ?, ?, ?)", id, campaign,
                customer, variant, "evt-" + id, customer + "@example.com", at.atOffset(ZoneOffset.UTC),
                at.atOffset(ZoneOffset.UTC), at.atOffset(ZoneOffset.UTC));
        return id;
    }

    private static void clicked(long outboxId, String campaign, String url, Instant at) {
        herald.update("insert into engagement_event (outbox_id, customer_id, campaign, variant, kind, occurred_at,"
                + " revenue, url) values (?, 'c', ?, 'A', 'CLICK', ?, 0, ?)", outboxId, campaign,
                at.atOffset(ZoneOffset.UTC), url);
    }

    private static void engaged(long outboxId, String campaign, String variant, String kind, Instant at,
            BigDecimal revenue) {
        herald.update("insert into engagement_event (outbox_id, customer_id, campaign, variant, kind, occurred_at,"
                        + " revenue, url) values (?, 'c', ?, ?, ?, ?, ?, ?)", outboxId, campaign, variant, kind,
                at.atOffset(ZoneOffset.UTC), revenue == null ? BigDecimal.ZERO : revenue,
                kind.equals("CLICK") ? "https://shop.example/winter?a=1&b=2" : "");
    }
}
