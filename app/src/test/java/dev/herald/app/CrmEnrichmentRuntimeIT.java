package dev.herald.app;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.herald.app.TestEvents.Customer;
import dev.herald.routes.RouteSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code herald run} with {@code herald.crm.*} set: a signup is processed and its email sent while the CRM
 * (WireMock) fails, and the profile is enriched by the sweep once the CRM answers.
 */
class CrmEnrichmentRuntimeIT {

    @TempDir
    Path dataDir;
    WireMockServer crm;
    TestHerald herald;

    @BeforeEach
    void start() throws Exception {
        crm = new WireMockServer(wireMockConfig().dynamicPort());
        crm.start();
        herald = TestHerald.start(dataDir, Map.of(
                HeraldConfig.CRM_URL, crm.baseUrl() + "/api",
                HeraldConfig.CRM_AUTH_VALUE, "Bearer t0ken",
                HeraldConfig.CRM_FIELDS, "name=/properties/fullName,country=/properties/country,crm_id=/id",
                HeraldConfig.CRM_ATTEMPTS, "1",
                HeraldConfig.CRM_SWEEP_PERIOD_MS, "100"));
    }

    @AfterEach
    void stop() throws Exception {
        herald.close();
        crm.stop();
    }

    @Test
    void aFailingCrmDelaysEnrichmentButNeverTheEvent() {
        String path = "/api/contacts/C-CRM-1";
        crm.stubFor(get(urlEqualTo(path)).inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(serverError()).willSetStateTo("up"));
        crm.stubFor(get(urlEqualTo(path)).inScenario("outage").whenScenarioStateIs("up")
                .withHeader("Authorization", equalTo("Bearer t0ken"))
                .willReturn(okJson("{\"id\":901,\"properties\":{\"fullName\":\"Carla Ruiz\",\"country\":\"ES\"}}")));
        Customer carla = TestEvents.customer("C-CRM-1", "");

        herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(carla));
        herald.awaitMails(1); // the welcome email does not wait for the CRM

        // the first call fails and the request waits out its backoff (30 s); the loop makes it due at once
        await("enriched once the CRM answers").atMost(TestHerald.PATIENCE).until(() -> {
            makeDue();
            return herald.count("select count(*) from customer where id = 'C-CRM-1' and name = 'Carla Ruiz'") == 1;
        });
        assertThat(crm.getAllServeEvents()).extracting(e -> e.getResponse().getStatus()).containsExactlyInAnyOrder(500, 200);
        assertThat(herald.count("select count(*) from customer_attribute where customer_id = 'C-CRM-1'"
                + " and name = 'country' and text_value = 'ES' and source = 'crm'")).isEqualTo(1);
        assertThat(herald.count("select count(*) from customer_identity where kind = 'crm_id' and key_value = '901'"))
                .isEqualTo(1);
    }

    private void makeDue() {
        HeraldConfig config = herald.runtime().config();
        try (var c = java.sql.DriverManager.getConnection(TestHerald.jdbcUrl(config), config.get(HeraldConfig.JDBC_USER),
                config.get(HeraldConfig.JDBC_PASSWORD)); var s = c.createStatement()) {
            s.executeUpdate("update customer_enrichment set due_at = timestamp with time zone '2000-01-01 00:00:00+00'");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
