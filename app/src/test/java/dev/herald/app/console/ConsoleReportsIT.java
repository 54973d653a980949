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
 * revenue and a daily chart, a shorter period that leaves older emails out, one campaign's variants, and the CSV
 * download; analysts and marketers read them; the page draws in a real browser (Chromium).
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
    }

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

    private static void engaged(long outboxId, String campaign, String variant, String kind, Instant at,
            BigDecimal revenue) {
        herald.update("insert into engagement_event (outbox_id, customer_id, campaign, variant, kind, occurred_at,"
                        + " revenue, url) values (?, 'c', ?, ?, ?, ?, ?, ?)", outboxId, campaign, variant, kind,
                at.atOffset(ZoneOffset.UTC), revenue == null ? BigDecimal.ZERO : revenue,
                kind.equals("CLICK") ? "https://shop.example/winter?a=1&b=2" : "");
    }
}
