package dev.herald.app.console;

import dev.herald.app.HeraldConfig;
import dev.herald.app.TestHerald;
import dev.herald.routes.console.ConsoleRole;
import dev.herald.routes.console.ConsoleUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Console accounts managed in the console, against a running Herald with its database: in a real browser an admin
 * adds a marketer, who signs in and changes her own password; the admin then makes her an analyst and removes her,
 * and her open session follows each change. Every change is in the audit log under the admin's or her own name.
 */
class ConsoleUsersIT {

    static final String ROOT_PASSWORD = "root password 42";

    @TempDir
    static Path dir;
    static TestHerald herald;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        herald = TestHerald.start(dir, Map.of(HeraldConfig.HTTP_PORT, "0"));
        herald.runtime().consoleUsers().add("root", ROOT_PASSWORD.toCharArray(), ConsoleRole.ADMIN);
        port = herald.runtime().httpPort();
    }

    @AfterAll
    static void stop() throws Exception {
        herald.close();
    }

    @Test
    void anAdminAddsAMarketerWhoChangesHerPasswordThenLosesHerRoleAndHerAccount() throws Exception {
        try (ConsoleBrowser admin = ConsoleBrowser.open(port)) {
            admin.login("root", ROOT_PASSWORD).go("/console/users");
            admin.find(By.id("new-name")).sendKeys("mia");
            new Select(admin.find(By.id("new-role"))).selectByValue("marketer");
            admin.find(By.id("new-password")).sendKeys("mia's first password");
            admin.find(By.id("new-confirm")).sendKeys("mia's first password");
            admin.clickAndLoad(By.id("add-user-button"));
            assertThat(admin.find(By.id("users-notice")).getText()).isEqualTo("User mia was added.");
            assertThat(admin.find(By.id("user-table")).getText()).contains("mia").contains("root");
            admin.screenshot("users-added");

            try (ConsoleBrowser mia = ConsoleBrowser.open(port)) {
                mia.login("mia", "mia's first password");
                assertThat(mia.find(By.cssSelector("header .who")).getText()).contains("mia").contains("marketer");
                assertThat(mia.find(By.cssSelector("header nav")).getText()).doesNotContain("Users");
                mia.clickAndLoad(By.cssSelector("header .who"));
                assertThat(mia.path()).isEqualTo("/console/account");
                mia.find(By.id("current")).sendKeys("mia's first password");
                mia.find(By.id("password")).sendKeys("mia's own password");
                mia.find(By.id("confirm")).sendKeys("mia's own password");
                mia.clickAndLoad(By.id("change-password-button"));
                assertThat(mia.find(By.id("account-notice")).getText()).isEqualTo("Your password was changed.");
                mia.screenshot("users-own-password");
                assertThat(herald.runtime().consoleUsers().verify("mia", "mia's own password".toCharArray()))
                        .contains(new ConsoleUser("mia", ConsoleRole.MARKETER));

                // the admin makes her an analyst: her next page shows it, and the campaign editor is closed to her
                admin.go("/console/users");
                new Select(admin.find(By.id("role-mia"))).selectByValue("analyst");
                admin.clickAndLoad(By.xpath("//tr[@data-user='mia']//button[contains(@class,'change-role')]"));
                assertThat(admin.find(By.id("users-notice")).getText()).isEqualTo("User mia has a new role.");
                mia.go("/console/campaigns/welcome/edit");
                assertThat(mia.find(By.cssSelector("header .who")).getText()).contains("analyst");
                assertThat(mia.find(By.tagName("h1")).getText()).isEqualTo("Not allowed");

                // removed, she is signed out at her next click
                admin.clickAndLoad(By.xpath("//tr[@data-user='mia']//button[contains(@class,'remove-user')]"));
                assertThat(admin.find(By.id("users-notice")).getText()).isEqualTo("User mia was removed.");
                assertThat(admin.find(By.id("user-table")).getText()).doesNotContain("mia");
                mia.go("/console/dashboard");
                assertThat(mia.path()).isEqualTo("/console/login");
            }
        }
        assertThat(herald.countBy("select action, count(*) from audit_log where entity_kind = 'console_user'"
                + " and entity_id = 'mia' and actor = 'console:root' group by action"))
                .isEqualTo(Map.of("create", 1L, "role", 1L, "remove", 1L));
        assertThat(herald.count("select count(*) from audit_log where entity_kind = 'console_user'"
                + " and entity_id = 'mia' and action = 'password' and actor = 'console:mia'")).isEqualTo(1);
    }

    @Test
    void theAuditLogPageShowsAdminsWhoChangedWhatNewestFirstFilteredAndNobodyElse() throws Exception {
        ConsoleHttpSession root = ConsoleHttpSession.login(port, "root", ROOT_PASSWORD);
        root.get("/console/users");
        assertThat(root.post("/console/users", Map.of("name", "audrey", "role", "analyst", "password",
                "audrey's long password", "confirm", "audrey's long password")).statusCode()).isEqualTo(303);
        assertThat(root.post("/console/users/audrey/role", Map.of("role", "marketer")).statusCode()).isEqualTo(303);

        String all = root.get("/console/audit").body();
        String byAudrey = root.get("/console/audit?kind=console_user&entity=AUDREY").body();
        String nothing = root.get("/console/audit?actor=nobody-at-all").body();

        assertThat(all).contains("<option value=\"console_user\">console_user</option>");
        assertThat(byAudrey).contains("<option value=\"console_user\" selected>");
        // newest first: the role change above the creation, both by the admin
        assertThat(byAudrey.indexOf("<td>role</td>")).isPositive().isLessThan(byAudrey.indexOf("<td>create</td>"));
        assertThat(byAudrey).contains("<td>console:root</td>").doesNotContain("<td>mia</td>");
        assertThat(nothing).contains("Nothing on the audit log matches.");
        herald.runtime().consoleUsers().add("ana", "ana's long password".toCharArray(), ConsoleRole.ANALYST);
        assertThat(ConsoleHttpSession.login(port, "ana", "ana's long password").get("/console/audit").statusCode())
                .as("the log names customers and staff: admins only").isEqualTo(403);
    }

    @Test
    void overPlainHttpAnAdminCannotRemoveHimselfAndAMarketerCannotAddUsers() throws Exception {
        herald.runtime().consoleUsers().add("max", "max's password 1".toCharArray(), ConsoleRole.MARKETER);
        ConsoleHttpSession root = ConsoleHttpSession.login(port, "root", ROOT_PASSWORD);
        ConsoleHttpSession max = ConsoleHttpSession.login(port, "max", "max's password 1");

        HttpResponse<String> self = root.post("/console/users/root/remove", Map.of("_csrf", root.csrf()));
        HttpResponse<String> byMarketer = max.post("/console/users", Map.of("_csrf", max.csrf(), "name", "eve",
                "role", "admin", "password", "eve's password 1", "confirm", "eve's password 1"));

        assertThat(self.statusCode()).isEqualTo(422);
        assertThat(self.body()).contains("You cannot remove yourself");
        assertThat(byMarketer.statusCode()).isEqualTo(403);
        assertThat(herald.runtime().consoleUsers().find("root")).isPresent();
        assertThat(herald.runtime().consoleUsers().find("eve")).isEmpty();
    }
}
