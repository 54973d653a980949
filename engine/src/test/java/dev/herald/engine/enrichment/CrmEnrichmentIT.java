package dev.herald.engine.enrichment;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.herald.engine.application.EventProcessingService;
import dev.herald.engine.decision.DecisionFacts;
import dev.herald.engine.decision.DecisionService;
import dev.herald.engine.decision.Decision;
import dev.herald.engine.event.EventParser;
import dev.herald.engine.event.EventType;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import dev.herald.engine.testsupport.TestDatabases;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.herald.engine.testsupport.HeraldDatabase.instant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CRM enrichment against a CRM played by WireMock (a service Herald does not own) and a real H2 database:
 * events only note what is missing, the sweep asks the CRM, and every way the CRM can misbehave — latency past
 * the timeout, 500s, malformed bodies, 429 with Retry-After, a run of failures — leaves the request pending
 * for later, never an event lost or blocked.
 */
class CrmEnrichmentIT {

    static final Instant START = Instant.parse("2026-11-23T12:00:00Z");
    static final String CONTACT = """
            {"id":"hs-901","name":"Ann Smith","properties":{"country":"GB","tier":"gold"}}""";

    @TempDir
    Path dir;

    WireMockServer crm;
    HeraldDatabase db;
    MutableClock clock;
    EventProcessingService events;
    final EventParser parser = new EventParser();

    @BeforeEach
    void start() {
        crm = new WireMockServer(wireMockConfig().dynamicPort());
        crm.start();
        db = HeraldDatabase.open(TestDatabases.h2(dir));
        clock = new MutableClock(START);
    }

    @AfterEach
    void stop() {
        crm.stop();
        db.close();
    }

    /** Settings for the WireMock CRM: short timeout, quick retries, a small circuit window. */
    CrmSettings settings(int attempts, Duration timeout, Duration openFor) {
        return new CrmSettings(URI.create(crm.baseUrl()), "/contacts/{customerId}", "Authorization", "Bearer s3cret",
                CrmSettings.parseFields("name=/name,country=/properties/country,crm_id=/id"), timeout, attempts,
                Duration.ofMillis(10), 50f, 3, openFor, Duration.ofMinutes(10), Duration.ofHours(24), 3,
                Duration.ofSeconds(30));
    }

    CrmEnrichment enrichment(CrmSettings settings) {
        CrmEnrichment enrichment = new CrmEnrichment(settings, db.transactions(), clock);
        events = new EventProcessingService(db.transactions(), NO_CAMPAIGNS, clock).withEnrichment(enrichment);
        return enrichment;
    }

    @Test
    void anEventNotesTheMissingAttributesAndTheSweepFillsThemFromTheCrm() {
        crm.stubFor(get(urlEqualTo("/contacts/cust-1")).withHeader("Authorization", equalTo("Bearer s3cret"))
                .willReturn(okJson(CONTACT)));
        CrmEnrichment enrichment = enrichment(settings(3, Duration.ofSeconds(2), Duration.ofSeconds(30)));

        signup("cust-1", "");
        assertThat(crm.getAllServeEvents()).as("the event itself never calls the CRM").isEmpty();
        assertThat(request("cust-1")).containsEntry("status", "PENDING");

        CrmEnrichment.SweepResult result = enrichment.sweep(10);

        assertThat(result.enriched()).isEqualTo(1);
        assertThat(db.row("select name from customer where id = 'cust-1'")).containsEntry("name", "Ann Smith");
        assertThat(db.row("select text_value, source from customer_attribute where customer_id = 'cust-1'"
                + " and name = 'country'")).containsEntry("text_value", "GB").containsEntry("source", "crm");
        assertThat(db.row("select customer_id from customer_identity where kind = 'crm_id' and key_value = 'hs-901'"))
                .containsEntry("customer_id", "cust-1");
        assertThat(request("cust-1")).containsEntry("status", "DONE");
        crm.verify(1, getRequestedFor(urlEqualTo("/contacts/cust-1")));

        // complete now: a later event asks for nothing
        signup("cust-1", "");
        assertThat(enrichment.sweep(10).handled()).isZero();
    }

    @Test
    void theCrmNeverOverwritesWhatTheCustomerSaid() {
        crm.stubFor(get(urlEqualTo("/contacts/cust-2")).willReturn(okJson(CONTACT)));
        CrmEnrichment enrichment = enrichment(settings(1, Duration.ofSeconds(2), Duration.ofSeconds(30)));
        process("""
                {"eventId":"i-2","type":"customer_identified","customerId":"cust-2","email":"ann@example.com",
                 "name":"Annie","traits":{"country":"IE"},"timestamp":"2026-11-23T10:00:00Z"}""");

        enrichment.sweep(10);

        assertThat(db.row("select name from customer where id = 'cust-2'")).containsEntry("name", "Annie");
        assertThat(db.row("select text_value, source from customer_attribute where customer_id = 'cust-2'"
                + " and name = 'country'")).containsEntry("text_value", "IE").containsEntry("source", "identify");
        assertThat(db.row("select text_value from customer_attribute where customer_id = 'cust-2'"
                + " and name = 'crm_id'")).containsEntry("text_value", "hs-901");
    }

    @Test
    void aCrmSlowerThanTheTimeoutLeavesTheRequestPendingWithTheReason() {
        crm.stubFor(get(urlPathMatching("/contacts/.*")).willReturn(okJson(CONTACT).withFixedDelay(1_000)));
        CrmEnrichment enrichment = enrichment(settings(1, Duration.ofMillis(200), Duration.ofSeconds(30)));
        signup("cust-3", "");

        CrmEnrichment.SweepResult result = enrichment.sweep(10);

        assertThat(result.failed()).isEqualTo(1);
        Map<String, Object> request = request("cust-3");
        assertThat(request).containsEntry("status", "PENDING").containsEntry("attempts", 1);
        assertThat((String) request.get("last_error")).isEqualTo("CRM did not answer within 200 ms");
        assertThat(instant(request.get("due_at"))).isEqualTo(START.plusSeconds(30));
        assertThat(db.row("select name from customer where id = 'cust-3'").get("name")).isEqualTo("");
    }

    @Test
    void serverErrorsAreRetriedWithBackoffWithinOneSweep() {
        crm.stubFor(get(urlEqualTo("/contacts/cust-4")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(serverError()).willSetStateTo("second"));
        crm.stubFor(get(urlEqualTo("/contacts/cust-4")).inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        crm.stubFor(get(urlEqualTo("/contacts/cust-4")).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(okJson(CONTACT)));
        CrmEnrichment enrichment = enrichment(settings(3, Duration.ofSeconds(2), Duration.ofSeconds(30)));
        signup("cust-4", "");

        assertThat(enrichment.sweep(10).enriched()).isEqualTo(1);

        crm.verify(3, getRequestedFor(urlEqualTo("/contacts/cust-4")));
        assertThat(db.row("select name from customer where id = 'cust-4'")).containsEntry("name", "Ann Smith");
    }

    @Test
    void aMalformedAnswerIsAFailureAndChangesNothing() {
        crm.stubFor(get(urlEqualTo("/contacts/cust-5")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"name\": \"Ann")));
        crm.stubFor(get(urlEqualTo("/contacts/cust-6")).willReturn(okJson("[1,2,3]")));
        CrmEnrichment enrichment = enrichment(settings(1, Duration.ofSeconds(2), Duration.ofSeconds(30)));
        signup("cust-5", "");
        signup("cust-6", "");

        assertThat(enrichment.sweep(10).failed()).isEqualTo(2);

        assertThat((String) request("cust-5").get("last_error")).startsWith("CRM answer is malformed JSON");
        assertThat((String) request("cust-6").get("last_error")).isEqualTo("CRM answer is not a JSON object");
        assertThat(db.count("customer_attribute")).isZero();
    }

    @Test
    void aRateLimitDefersToRetryAfterWithoutCountingAnAttempt() {
        crm.stubFor(get(urlEqualTo("/contacts/cust-7")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "120")));
        CrmEnrichment enrichment = enrichment(settings(3, Duration.ofSeconds(2), Duration.ofSeconds(30)));
        signup("cust-7", "");

        CrmEnrichment.SweepResult result = enrichment.sweep(10);

        assertThat(result.deferred()).isEqualTo(1);
        crm.verify(1, getRequestedFor(urlEqualTo("/contacts/cust-7")));
        Map<String, Object> request = request("cust-7");
        assertThat(request).containsEntry("status", "PENDING").containsEntry("attempts", 0);
        assertThat(instant(request.get("due_at"))).isEqualTo(START.plusSeconds(120));
        assertThat(enrichment.sweep(10).handled()).as("not due before Retry-After").isZero();

        crm.stubFor(get(urlEqualTo("/contacts/cust-7")).willReturn(okJson(CONTACT)));
        clock.advance(Duration.ofSeconds(121));
        assertThat(enrichment.sweep(10).enriched()).isEqualTo(1);
    }

    @Test
    void theCircuitOpensOnARunOfFailuresAndClosesWhenTheCrmRecovers() {
        crm.stubFor(get(urlPathMatching("/contacts/.*")).willReturn(serverError()));
        CrmEnrichment enrichment = enrichment(settings(1, Duration.ofSeconds(2), Duration.ofMillis(300)));
        for (int i = 1; i <= 5; i++) {
            signup("c" + i, "");
        }

        CrmEnrichment.SweepResult down = enrichment.sweep(10);

        assertThat(down.failed()).as("three calls fill the window").isEqualTo(3);
        assertThat(down.deferred()).as("the open circuit spares the CRM the rest").isEqualTo(2);
        assertThat(crm.getAllServeEvents()).hasSize(3);
        assertThat(enrichment.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(db.rows("select status, last_error from customer_enrichment where attempts = 0"))
                .extracting(r -> r.get("status") + ": " + r.get("last_error"))
                .containsExactly("PENDING: CRM circuit open", "PENDING: CRM circuit open");

        crm.resetAll();
        crm.stubFor(get(urlPathMatching("/contacts/.*")).willReturn(okJson(CONTACT)));
        clock.advance(Duration.ofHours(1));
        // the breaker's own wait (300 ms of real time) must pass before it lets a trial call through
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            clock.advance(Duration.ofMinutes(1)); // requests deferred by the open circuit fall due again
            enrichment.sweep(10);
            return db.rows("select 1 from customer_enrichment where status = 'DONE'").size() == 5;
        });
        assertThat(enrichment.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(db.rows("select name from customer")).extracting(r -> r.get("name")).containsOnly("Ann Smith");
    }

    @Test
    void aCustomerTheCrmDoesNotKnowIsMarkedAndAnAnswerIsCached() {
        crm.stubFor(get(urlEqualTo("/contacts/cust-8")).willReturn(aResponse().withStatus(404)));
        crm.stubFor(get(urlEqualTo("/contacts/cust-9")).willReturn(okJson(CONTACT)));
        CrmEnrichment enrichment = enrichment(settings(1, Duration.ofSeconds(2), Duration.ofSeconds(30)));
        signup("cust-8", "");
        signup("cust-9", "");

        CrmEnrichment.SweepResult result = enrichment.sweep(10);

        assertThat(result.notFound()).isEqualTo(1);
        assertThat(request("cust-8")).containsEntry("status", "NOT_FOUND");
        // a second ask within the cache time is answered without calling the CRM
        db.transactions().inTransaction(em -> em.createNativeQuery("update customer_enrichment set status = 'PENDING'"
                + " where customer_id = 'cust-9'").executeUpdate());
        assertThat(enrichment.sweep(10).enriched()).isEqualTo(1);
        crm.verify(1, getRequestedFor(urlEqualTo("/contacts/cust-9")));
    }

    @Test
    void failuresAreGivenUpAfterTheLastSweepAttemptAndKeptOnRecord() {
        crm.stubFor(get(urlEqualTo("/contacts/cust-10")).willReturn(aResponse().withStatus(401)));
        CrmEnrichment enrichment = enrichment(settings(1, Duration.ofSeconds(2), Duration.ofSeconds(30)));
        signup("cust-10", "");

        for (int sweep = 0; sweep < 3; sweep++) {
            enrichment.sweep(10);
            clock.advance(Duration.ofHours(1));
        }

        Map<String, Object> request = request("cust-10");
        assertThat(request).containsEntry("status", "FAILED").containsEntry("attempts", 3);
        assertThat((String) request.get("last_error")).isEqualTo("CRM answered 401 to /contacts/cust-10");
        assertThat(enrichment.sweep(10).handled()).isZero();
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    static final DecisionService NO_CAMPAIGNS = new DecisionService() {
        @Override
        public List<Decision> decide(DecisionFacts facts) {
            return List.of();
        }

        @Override
        public String ruleBaseVersion() {
            return "none";
        }
    };

    private void signup(String customerId, String name) {
        process("""
                {"eventId":"s-%s-%s","type":"customer_signed_up","customerId":"%s","email":"%s@example.com",
                 "name":"%s","timestamp":"2026-11-23T10:00:00Z"}"""
                .formatted(customerId, System.nanoTime(), customerId, customerId, name));
    }

    private void process(String json) {
        events.process(parser.parse(json.getBytes(StandardCharsets.UTF_8), EnumSet.allOf(EventType.class)));
    }

    private Map<String, Object> request(String customerId) {
        return db.row("select status, attempts, due_at, last_error from customer_enrichment where customer_id = ?",
                customerId);
    }
}
