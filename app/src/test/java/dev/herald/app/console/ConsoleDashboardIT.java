package dev.herald.app.console;

import dev.herald.app.HeraldConfig;
import dev.herald.app.TestEvents;
import dev.herald.app.TestHerald;
import dev.herald.routes.RouteSettings;
import dev.herald.routes.console.ConsoleRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser: an analyst signs in and lands on it; events processed while the page is open
 * (three signups, one malformed event) show up without a reload, through dashboard.js and dashboard.json.
 */
class ConsoleDashboardIT {

    @TempDir
    static Path dir;
    static TestHerald herald;

    @BeforeAll
    static void start() throws Exception {
        herald = TestHerald.start(dir, Map.of(HeraldConfig.HTTP_PORT, "0"));
        herald.runtime().consoleUsers().add("ann", "analyst password".toCharArray(), ConsoleRole.ANALYST);
    }

    @AfterAll
    static void stop() throws Exception {
        herald.close();
    }

    @Test
    void anAnalystSeesTheNumbersMoveAsEventsArrive() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(herald.runtime().httpPort())) {
            browser.login("ann", "analyst password");
            assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Dashboard");
            assertThat(browser.path()).isEqualTo("/console/dashboard");
            assertThat(browser.find(By.id("events-total")).getText()).isEqualTo("0");
            assertThat(browser.find(By.id("rule-base-version")).getText())
                    .isEqualTo(herald.runtime().ruleBaseVersion());
            assertThat(browser.driver().findElements(By.cssSelector("header nav a")))
                    .extracting(WebElement::getText).contains("Dashboard");

            for (String name : new String[]{"Ann", "Ben", "Cleo"}) {
                herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(TestEvents.customer("C-" + name.toUpperCase(),
                        name + " Dash")));
            }
            herald.send(RouteSettings.CRM_QUEUE, "C-BROKEN", "{\"eventId\": \"broken-1\", \"type\": ");
            herald.awaitMails(3);
            herald.awaitIdle();

            // no reload: the page's script fetches dashboard.json every few seconds
            WebDriverWait wait = new WebDriverWait(browser.driver(), Duration.ofSeconds(30));
            wait.until(d -> "3".equals(d.findElement(By.id("events-total")).getText()));
            wait.until(d -> "3".equals(d.findElement(By.id("emails-sent")).getText()));
            wait.until(d -> "1".equals(d.findElement(By.id("dead-letters")).getText()));
            wait.until(d -> "3".equals(d.findElement(By.id("emails-last-hour")).getText()));
            assertThat(browser.find(By.id("events-per-second")).getText()).isNotEqualTo("0.0");
            assertThat(browser.find(By.id("emails-per-second")).getText()).isNotEqualTo("0.0");
            assertThat(browser.find(By.id("sparkline-line")).getAttribute("points")).isNotBlank();
            assertThat(browser.find(By.id("dashboard-updated")).getText()).contains("refreshed every 5 seconds");
            browser.screenshot("dashboard-analyst");
        }
    }
}
