package dev.herald.app.console;

import dev.herald.app.HeraldConfig;
import dev.herald.app.TestEvents;
import dev.herald.app.TestHerald;
import dev.herald.routes.RouteSettings;
import dev.herald.routes.console.ConsoleRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's calendar on the standalone runtime: today's cell shows the emails a campaign sent today, the day of a
 * campaign at a set time shows it with its hour, the month navigates, a month that cannot be read is said so, and the
 * page draws in a real browser (Chromium).
 */
class ConsoleCalendarIT {

    static final String PASSWORD = "correct horse battery";
    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    static final LocalDate LAUNCH = TODAY.plusDays(3);

    @org.junit.jupiter.api.io.TempDir
    static Path dataDir;
    static TestHerald herald;

    @BeforeAll
    static void aBrowseNudgeWentOutTodayAndALaunchIsPlanned() throws Exception {
        Path campaigns = Files.createDirectories(dataDir.resolve("campaigns"));
        Files.writeString(campaigns.resolve("browse.yaml"), "id: browse\ntrigger: {event: product_viewed}\n"
                + "template: welcome\n");
        Files.writeString(campaigns.resolve("launch.yaml"), "id: spring-launch\ntrigger:\n  at: " + LAUNCH
                + " 09:00\n  zone: UTC\naudience:\n  consent: email\ntemplate: welcome\n");
        herald = TestHerald.start(dataDir.resolve("herald"), Map.of(HeraldConfig.HTTP_PORT, "0",
                HeraldConfig.RULES_DIR, campaigns.toString()));
        herald.runtime().consoleUsers().add("ana", PASSWORD.toCharArray(), ConsoleRole.ANALYST);
        TestEvents.Customer cal = TestEvents.customer("C-CAL-1", "Cal Endar");
        herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(cal));
        herald.awaitIdle();
        herald.send(RouteSettings.CRM_QUEUE, TestEvents.activityNow(cal, "product_viewed", "p-1"));
        await("the browse nudge sent").atMost(TestHerald.PATIENCE).until(() -> herald.count("select count(*) from"
                + " outbox_message where campaign = 'browse' and status = 'SENT'") == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (herald != null) {
            herald.close();
        }
    }

    @Test
    void todayShowsWhatWasSentAndTheLaunchDayShowsTheCampaignAtItsHour() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(herald.runtime().httpPort())) {
            browser.login("ana", PASSWORD).go("/console/calendar");
            assertThat(browser.find(By.cssSelector("#day-" + TODAY + " .chip.sent")).getText())
                    .isEqualTo("browse 1 sent");
            assertThat(browser.find(By.cssSelector("#day-" + TODAY)).getAttribute("class")).contains("today");

            browser.go("/console/calendar?month=" + YearMonth.from(LAUNCH));
            assertThat(browser.find(By.cssSelector("#day-" + LAUNCH + " .chip.scheduled")).getText())
                    .isEqualTo("spring-launch at 09:00");
            assertThat(browser.find(By.id("month-totals")).getText()).contains("1 campaign at a set time");
            browser.screenshot("calendar-month");
        }
    }

    @Test
    void theMonthNavigatesAndAMonthThatCannotBeReadIsSaidSo() throws Exception {
        ConsoleHttpSession analyst = ConsoleHttpSession.login(herald.runtime().httpPort(), "ana", PASSWORD);

        String next = analyst.get("/console/calendar?month=" + YearMonth.from(TODAY).plusMonths(1)).body();
        String bad = analyst.get("/console/calendar?month=soon").body();

        assertThat(next).contains("id=\"this-month\"").contains("?month=" + YearMonth.from(TODAY).plusMonths(2));
        assertThat(bad).contains("Not a month: &#39;soon&#39;. Showing " + YearMonth.from(TODAY)
                + "; write months as 2026-12.");
    }
}
