package dev.herald.engine.application;

import dev.herald.engine.decision.Decision;
import dev.herald.engine.decision.DecisionService;
import dev.herald.engine.event.CustomerEvent;
import dev.herald.engine.event.EventParser;
import dev.herald.engine.event.EventType;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import dev.herald.engine.testsupport.StatementPauses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import static dev.herald.engine.testsupport.HeraldDatabase.instant;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identity resolution and profile merges through {@link EventProcessingService}, on a real database (H2 and
 * PostgreSQL subclasses): anonymous visitors identified, aliases merging two known customers, email as a key,
 * consent from identify, and merges racing with other events of the same people.
 */
abstract class IdentityResolutionIT {

    static final Instant START = Instant.parse("2026-11-23T12:00:00Z");

    /** "welcome" on signup, "thank-you" on a first order. */
    static final DecisionService RULES = EventProcessingServiceIT.rules(facts -> switch (facts.eventType()) {
        case CUSTOMER_SIGNED_UP -> List.of(new Decision("welcome", "welcome-email", facts.customerId()));
        case ORDER_COMPLETED -> facts.orderCount() == 1
                ? List.of(new Decision("thank-you", "thank-you-email", facts.customerId())) : List.of();
        default -> List.of();
    });

    private final EventParser parser = new EventParser();
    HeraldDatabase db;
    /** Stops a chosen thread at a chosen statement, to force one interleaving of two events. */
    StatementPauses pauses;
    MutableClock clock;
    EventProcessingService service;
    /** Threads for events racing the test's own. */
    final ExecutorService racing = Executors.newCachedThreadPool();
    /** Customers whose segments were recomputed, in order. */
    final List<String> segmentRefreshes = new java.util.concurrent.CopyOnWriteArrayList<>();

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void openDatabase() {
        pauses = new StatementPauses(freshDataSource());
        db = HeraldDatabase.open(pauses.dataSource());
        clock = new MutableClock(START);
        service = new EventProcessingService(db.transactions(), RULES, clock,
                (em, customerId, now) -> segmentRefreshes.add(customerId));
    }

    @AfterEach
    void closeDatabase() {
        racing.shutdownNow();
        if (db != null) {
            db.close();
        }
    }

    @Test
    void identifyMergesTheAnonymousVisitorsActivityIntoTheCustomerAndLaterAnonymousEventsFollow() {
        process("""
                {"eventId":"p1","type":"page_viewed","customerId":"anon:a1","url":"/teapots","pageName":"Teapots",
                 "timestamp":"2026-11-23T10:00:00Z"}""");
        process("""
                {"eventId":"c1","type":"checkout_started","customerId":"anon:a1","cartId":"cart-1","total":5,
                 "items":[{"productId":"p-1","quantity":1,"price":5}],"timestamp":"2026-11-23T10:01:00Z"}""");
        assertThat(db.row("select email, name from customer where id = 'anon:a1'").get("email"))
                .as("an anonymous profile has no address").isNull();

        process("""
                {"eventId":"i1","type":"customer_identified","customerId":"cust-1","anonymousId":"a1",
                 "email":"ann@example.com","name":"Ann Smith","timestamp":"2026-11-23T10:02:00Z"}""");

        assertThat(db.count("customer")).isEqualTo(1);
        assertThat(db.row("select email, name from customer where id = 'cust-1'"))
                .containsEntry("email", "ann@example.com").containsEntry("name", "Ann Smith");
        assertThat(db.rows("select customer_id, kind from customer_activity order by occurred_at"))
                .extracting(r -> r.get("customer_id") + "/" + r.get("kind"))
                .containsExactly("cust-1/page_viewed", "cust-1/checkout_started");
        assertThat(db.rows("select kind, key_value, customer_id from customer_identity order by kind, key_value"))
                .extracting(r -> r.get("kind") + ":" + r.get("key_value") + "->" + r.get("customer_id"))
                .containsExactly("anonymous_id:a1->cust-1", "customer_id:anon:a1->cust-1",
                        "email:ann@example.com->cust-1");
        Map<String, Object> audit = db.row("select actor, action, entity_kind, entity_id, reason, detail_json"
                + " from audit_log where action = 'merge'");
        assertThat(audit).containsEntry("actor", "event:i1").containsEntry("entity_id", "cust-1")
                .containsEntry("entity_kind", "customer");
        assertThat((String) audit.get("reason")).isEqualTo("identified anonymous visitor a1");
        assertThat((String) audit.get("detail_json")).contains("\"mergedAway\":\"anon:a1\"", "\"activities\":2");

        // the visitor keeps browsing with the same anonymous id: it lands on the customer
        process("""
                {"eventId":"p2","type":"product_viewed","customerId":"anon:a1","productId":"p-2",
                 "timestamp":"2026-11-23T10:03:00Z"}""");
        assertThat(db.count("customer")).isEqualTo(1);
        assertThat(db.row("select customer_id from customer_activity where event_id = 'p2'"))
                .containsEntry("customer_id", "cust-1");
        assertThat(db.row("select customer_id from processed_event where event_id = 'p2'"))
                .containsEntry("customer_id", "cust-1");
    }

    @Test
    void aliasMergesTwoKnownProfilesJoiningHistoriesWithTheMostRestrictiveConsent() {
        process(signup("s-old", "old-1", "ann@example.com", "2026-11-20T09:00:00Z"));
        process(order("o-1", "old-1", "ann@example.com", "ord-1", "10.00", "2026-11-20T10:00:00Z"));
        process(identifyConsent("i-old", "old-1", true, "checkout", "2026-11-20T11:00:00Z"));
        process(signup("s-new", "new-1", "ann.smith@example.com", "2026-11-22T09:00:00Z"));
        process(order("o-2", "new-1", "ann.smith@example.com", "ord-2", "5.50", "2026-11-22T10:00:00Z"));
        process(identifyConsent("i-new", "new-1", false, "unsubscribe-page", "2026-11-22T11:00:00Z"));
        // an experiment exposure on the old profile must survive the merge
        db.transactions().inTransaction(em -> {
            em.createNativeQuery("insert into experiment (campaign, salt, design_json, control_variant,"
                    + " attribution_window_hours, created_at) values ('winback', 's', '{}', 'A', 72, ?1)")
                    .setParameter(1, START.atOffset(java.time.ZoneOffset.UTC)).executeUpdate();
            em.createNativeQuery("insert into experiment_exposure (id, campaign, customer_id, variant, holdout,"
                    + " exposed_at) values (1, 'winback', 'old-1', 'B', false, ?1)")
                    .setParameter(1, START.atOffset(java.time.ZoneOffset.UTC)).executeUpdate();
            em.createNativeQuery("insert into segment_membership (customer_id, scheme, segment, since)"
                    + " values ('old-1', 'rfm', 'Lost', ?1)")
                    .setParameter(1, START.atOffset(java.time.ZoneOffset.UTC)).executeUpdate();
            return null;
        });
        segmentRefreshes.clear();

        process("""
                {"eventId":"al-1","type":"customer_aliased","customerId":"new-1","previousId":"old-1",
                 "timestamp":"2026-11-23T09:00:00Z"}""");

        assertThat(db.rows("select id from customer")).extracting(r -> r.get("id")).containsExactly("new-1");
        Map<String, Object> survivor = db.row("select email, order_count, lifetime_spend, created_at from customer"
                + " where id = 'new-1'");
        assertThat(survivor.get("email")).as("the survivor keeps its own address").isEqualTo("ann.smith@example.com");
        assertThat(((Number) survivor.get("order_count")).longValue()).isEqualTo(2);
        assertThat((BigDecimal) survivor.get("lifetime_spend")).isEqualByComparingTo("15.50");
        assertThat(instant(survivor.get("created_at"))).as("as old as the older profile (its signup)")
                .isEqualTo(START.plusSeconds(1));
        assertThat(db.rows("select id, customer_id from customer_order order by id"))
                .extracting(r -> r.get("id") + "@" + r.get("customer_id")).containsExactly("ord-1@new-1", "ord-2@new-1");
        Map<String, Object> consent = db.row("select status, source from consent_record"
                + " where customer_id = 'new-1' and channel = 'email'");
        assertThat(consent).containsEntry("status", "WITHDRAWN").containsEntry("source", "unsubscribe-page");
        assertThat(db.rows("select customer_id from consent_record")).as("one record, on the survivor")
                .extracting(r -> r.get("customer_id")).containsExactly("new-1");
        assertThat(db.row("select customer_id from experiment_exposure where id = 1"))
                .containsEntry("customer_id", "new-1");
        // one welcome per customer: the survivor's own stays, the merged-away copy stays on record under its old id
        assertThat(db.rows("select customer_id from outbox_message where campaign = 'welcome' order by customer_id"))
                .extracting(r -> r.get("customer_id")).containsExactly("new-1", "old-1");
        assertThat(db.row("select count(*) as n from audit_log where action = 'merge'").get("n"))
                .isEqualTo(1L);
        assertThat(db.count("segment_membership")).as("the merged-away id's segments are gone").isZero();
        assertThat(segmentRefreshes).as("the survivor's segments recomputed from the joined orders")
                .containsExactly("new-1");

        // the old id keeps resolving to the survivor; repeating the alias changes nothing
        process(order("o-3", "old-1", "ann.smith@example.com", "ord-3", "1.00", "2026-11-23T10:00:00Z"));
        assertThat(db.row("select customer_id from customer_order where id = 'ord-3'"))
                .containsEntry("customer_id", "new-1");
        process("""
                {"eventId":"al-2","type":"customer_aliased","customerId":"new-1","previousId":"old-1",
                 "timestamp":"2026-11-23T11:00:00Z"}""");
        assertThat(db.row("select count(*) as n from audit_log where action = 'merge'").get("n")).isEqualTo(1L);
        assertThat(((Number) db.row("select order_count from customer where id = 'new-1'").get("order_count"))
                .longValue()).isEqualTo(3);
    }

    @Test
    void aliasWithAnAnonymousIdAsPreviousIdMergesTheAnonymousProfile() {
        process("""
                {"eventId":"p1","type":"cart_viewed","customerId":"anon:v9","timestamp":"2026-11-23T10:00:00Z"}""");
        process(signup("s1", "cust-9", "bob@example.com", "2026-11-23T10:01:00Z"));

        process("""
                {"eventId":"al","type":"customer_aliased","customerId":"cust-9","previousId":"v9",
                 "timestamp":"2026-11-23T10:02:00Z"}""");

        assertThat(db.rows("select id from customer")).extracting(r -> r.get("id")).containsExactly("cust-9");
        assertThat(db.row("select customer_id from customer_activity where event_id = 'p1'"))
                .containsEntry("customer_id", "cust-9");
    }

    @Test
    void anEmailKnownToACustomerPullsAnAnonymousProfileIntoThatCustomer() {
        process(signup("s1", "cust-2", "Cleo@Example.com", "2026-11-23T09:00:00Z"));
        process("""
                {"eventId":"p1","type":"product_added","customerId":"anon:z","productId":"p-1","price":3,
                 "timestamp":"2026-11-23T09:30:00Z"}""");

        // an anonymous identify that gives the same address, differently cased
        process("""
                {"eventId":"i1","type":"customer_identified","customerId":"anon:z","email":"cleo@example.COM",
                 "timestamp":"2026-11-23T09:31:00Z"}""");

        assertThat(db.rows("select id from customer")).extracting(r -> r.get("id")).containsExactly("cust-2");
        assertThat(db.row("select customer_id from customer_activity where event_id = 'p1'"))
                .containsEntry("customer_id", "cust-2");
        assertThat(db.row("select customer_id from processed_event where event_id = 'i1'"))
                .containsEntry("customer_id", "cust-2");
    }

    @Test
    void twoKnownCustomersSharingAnEmailStayApart() {
        process(signup("s1", "cust-a", "family@example.com", "2026-11-23T09:00:00Z"));
        process(signup("s2", "cust-b", "family@example.com", "2026-11-23T09:01:00Z"));

        assertThat(db.rows("select id from customer order by id")).extracting(r -> r.get("id"))
                .containsExactly("cust-a", "cust-b");
        assertThat(db.count("audit_log")).isZero();
        assertThat(db.count("outbox_message")).as("each still gets their welcome").isEqualTo(2);
    }

    @Test
    void identifyStoresTraitsAsAttributesAndConsentAsARecordWithSourceAndTimeAndAnOlderConsentNeverOverridesANewerOne() {
        process("""
                {"eventId":"i1","type":"customer_identified","customerId":"cust-3","email":"dan@example.com",
                 "traits":{"country":"GB","age":41,"vip":true},"consent":{"marketing":true,"source":"signup-form"},
                 "timestamp":"2026-11-23T10:00:00Z"}""");
        process("""
                {"eventId":"i0","type":"customer_identified","customerId":"cust-3",
                 "consent":{"marketing":false,"source":"old-import"},"timestamp":"2026-11-20T10:00:00Z"}""");

        List<Map<String, Object>> attributes = db.rows("select name, text_value, number_value, source, updated_at"
                + " from customer_attribute where customer_id = 'cust-3' order by name");
        assertThat(attributes).extracting(r -> r.get("name") + "=" + (r.get("text_value") != null ? r.get("text_value")
                        : ((BigDecimal) r.get("number_value")).stripTrailingZeros().toPlainString()) + "/" + r.get("source"))
                .containsExactly("age=41/identify", "country=GB/identify", "vip=true/identify");
        Map<String, Object> consent = db.row("select channel, status, source, updated_at, confirmed_at"
                + " from consent_record where customer_id = 'cust-3'");
        assertThat(consent).containsEntry("channel", "email").containsEntry("status", "GRANTED")
                .containsEntry("source", "signup-form");
        assertThat(instant(consent.get("updated_at"))).as("the time the customer stated it")
                .isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        Map<String, Object> audit = db.row("select actor, action, reason from audit_log");
        assertThat(audit).containsEntry("actor", "event:i1").containsEntry("action", "consent")
                .containsEntry("reason", "marketing consent granted via signup-form");
    }

    @Test
    void activityEventsOfAnUnknownVisitorCreateAnAnonymousProfileWithATimeline() {
        process("""
                {"eventId":"c1","type":"checkout_started","customerId":"anon:q","cartId":"k1","currency":"EUR",
                 "total":7,"url":"https://shop.example/checkout","items":[{"productId":"p-1","quantity":2,"price":3.5}],
                 "timestamp":"2026-11-23T10:00:00Z"}""");

        Map<String, Object> row = db.row("select customer_id, kind, occurred_at, detail_json from customer_activity");
        assertThat(row).containsEntry("customer_id", "anon:q").containsEntry("kind", "checkout_started");
        assertThat((String) row.get("detail_json")).isEqualTo("{\"cartId\":\"k1\",\"currency\":\"EUR\",\"total\":7,"
                + "\"url\":\"https://shop.example/checkout\",\"items\":[[\"p-1\",2,3.5]]}");
        assertThat(db.count("outbox_message")).as("no address, nothing queued").isZero();
    }

    /**
     * Two consumers (as with two queues, or a group rebalanced mid-flight): one processes the anonymous
     * visitor's page views while the other identifies them. Whatever the interleaving, every view ends up on
     * the customer and none is left on a deleted profile.
     */
    @Test
    void aMergeRacingWithTheVisitorsOwnEventsLosesNothing() throws Exception {
        int views = 30;
        List<String> anonymous = new ArrayList<>();
        for (int i = 0; i < views; i++) {
            anonymous.add("""
                    {"eventId":"v%d","type":"page_viewed","customerId":"anon:r","url":"/p/%d",
                     "timestamp":"2026-11-23T10:00:%02dZ"}""".formatted(i, i, i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> browsing = pool.submit(() -> anonymous.forEach(this::processRedelivering));
            Future<?> identifying = pool.submit(() -> {
                processRedelivering("""
                        {"eventId":"v-first","type":"page_viewed","customerId":"anon:r","url":"/",
                         "timestamp":"2026-11-23T09:59:00Z"}""");
                processRedelivering("""
                        {"eventId":"id-r","type":"customer_identified","customerId":"cust-r","anonymousId":"r",
                         "email":"rita@example.com","timestamp":"2026-11-23T10:00:15Z"}""");
            });
            browsing.get(60, TimeUnit.SECONDS);
            identifying.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(db.rows("select id from customer")).extracting(r -> r.get("id")).containsExactly("cust-r");
        assertThat(db.rows("select distinct customer_id from customer_activity")).extracting(r -> r.get("customer_id"))
                .containsExactly("cust-r");
        assertThat(db.count("customer_activity")).isEqualTo(views + 1);
        assertThat(db.count("processed_event")).isEqualTo(views + 2);
        assertThat(db.row("select count(*) as n from audit_log where action = 'merge'").get("n")).isEqualTo(1L);
    }

    /** The statement {@code em.find(Customer.class, id)} prepares: the profile read after its identity keys. */
    private static final Predicate<String> PROFILE_READ =
            sql -> sql.matches("(?s)select .* from customer \\w+ where \\w+\\.id=\\?");

    private static final String IDENTIFY_R = """
            {"eventId":"id-r","type":"customer_identified","customerId":"cust-r","anonymousId":"r",
             "email":"rita@example.com","timestamp":"2026-11-23T10:00:00Z"}""";

    /**
     * The race {@link #aMergeRacingWithTheVisitorsOwnEventsLosesNothing} once caught, forced: a page view of the
     * anonymous visitor reads the visitor's identity keys (none yet), then the identify's merge moves the
     * anonymous profile into the customer and commits, and only then does the page view read the profile. It finds
     * no row; it must not create the anonymous profile again beside the customer.
     */
    @Test
    void aViewWhoseProfileIsMergedAwayBetweenItsIdentityReadAndItsProfileReadLandsOnTheSurvivor() throws Exception {
        process(pageView("v-first", "anon:r", "2026-11-23T09:59:00Z"));
        Paused<?> view = startPausedAt(PROFILE_READ,
                () -> processRedelivering(pageView("v-1", "anon:r", "2026-11-23T10:00:01Z")));

        process(IDENTIFY_R);
        view.pause().release();
        view.result().get(60, TimeUnit.SECONDS);

        assertVisitorMergedInto("cust-r", 2);
    }

    /** The same race on the batch path, which resolves from identity keys read at the batch's start. */
    @Test
    void aBatchedViewWhoseProfileIsMergedAwayMeanwhileLandsOnTheSurvivor() throws Exception {
        process(pageView("v-first", "anon:r", "2026-11-23T09:59:00Z"));
        Paused<List<EventResult>> batch = startPausedAt(PROFILE_READ, () -> service.processBatch(List.of(
                parse(pageView("v-1", "anon:r", "2026-11-23T10:00:01Z")),
                parse(pageView("v-2", "anon:r", "2026-11-23T10:00:02Z")))));

        process(IDENTIFY_R);
        batch.pause().release();

        assertThat(batch.result().get(60, TimeUnit.SECONDS)).allMatch(EventResult::succeeded);
        assertVisitorMergedInto("cust-r", 3);
    }

    /**
     * The other half of the race: a brand-new visitor's first page view has inserted the anonymous profile but not
     * committed it while the identify looks for that profile and finds none. The merge must not commit beside the
     * view's uncommitted profile (which would be left over); it waits for it and is redone on it.
     */
    @Test
    void aNewVisitorsFirstViewCommittingDuringTheIdentifysMergeLandsOnTheSurvivor() throws Exception {
        commitFirstEventDuring(pageView("v-1", "anon:s", "2026-11-23T10:00:01Z"), """
                {"eventId":"id-s","type":"customer_identified","customerId":"cust-s","anonymousId":"s",
                 "email":"sam@example.com","timestamp":"2026-11-23T10:00:00Z"}""");

        assertVisitorMergedInto("cust-s", 1);
    }

    /** As above for an alias naming an id that has no profile yet, while that id's first event commits. */
    @Test
    void aFirstEventOfAnIdCommittingDuringItsAliasLandsOnTheAliasTarget() throws Exception {
        commitFirstEventDuring(pageView("v-1", "old-9", "2026-11-23T10:00:01Z"), """
                {"eventId":"al-9","type":"customer_aliased","customerId":"new-9","previousId":"old-9",
                 "timestamp":"2026-11-23T10:00:00Z"}""");

        assertVisitorMergedInto("new-9", 1);
    }

    /**
     * Applies {@code firstEvent} on another thread up to its commit, then {@code merging}; lets the first event
     * commit once the merging event is done, or after 3 s when it waits on the first event's row.
     */
    private void commitFirstEventDuring(String firstEvent, String merging) throws Exception {
        Paused<?> first = startPausedAt(StatementPauses.COMMIT::equals, () -> processRedelivering(firstEvent));
        Future<?> merge = racing.submit(() -> processRedelivering(merging));
        try {
            merge.get(3, TimeUnit.SECONDS);
        } catch (TimeoutException waitingForTheFirstEventsRow) {
            // the merge waits on the first event's uncommitted profile row: let that commit
        }
        first.pause().release();
        first.result().get(60, TimeUnit.SECONDS);
        merge.get(60, TimeUnit.SECONDS);
    }

    /** Work running on another thread, stopped at a statement until {@code pause} is released. */
    private record Paused<T>(StatementPauses.Pause pause, Future<T> result) {
    }

    /** Starts {@code work} on another thread; returns once it stopped at the first statement {@code where} matches. */
    private <T> Paused<T> startPausedAt(Predicate<String> where, Callable<T> work) throws Exception {
        CompletableFuture<StatementPauses.Pause> armed = new CompletableFuture<>();
        Future<T> result = racing.submit(() -> {
            armed.complete(pauses.pauseThisThreadAt(where, Duration.ofSeconds(30)));
            return work.call();
        });
        StatementPauses.Pause pause = armed.get(30, TimeUnit.SECONDS);
        assertThat(pause.awaitReached(Duration.ofSeconds(30))).as("the other thread reached its pause").isTrue();
        return new Paused<>(pause, result);
    }

    private <T> Paused<T> startPausedAt(Predicate<String> where, Runnable work) throws Exception {
        return startPausedAt(where, () -> {
            work.run();
            return null;
        });
    }

    private void assertVisitorMergedInto(String survivor, int views) {
        assertThat(db.rows("select id from customer")).extracting(r -> r.get("id")).containsExactly(survivor);
        assertThat(db.rows("select customer_id from customer_activity")).extracting(r -> r.get("customer_id"))
                .hasSize(views).containsOnly(survivor);
        assertThat(db.count("processed_event")).as("every view and the identify, once").isEqualTo(views + 1);
        assertThat(db.row("select count(*) as n from audit_log where action = 'merge'").get("n")).isEqualTo(1L);
    }

    private static String pageView(String eventId, String customerId, String at) {
        return """
                {"eventId":"%s","type":"page_viewed","customerId":"%s","url":"/","timestamp":"%s"}"""
                .formatted(eventId, customerId, at);
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private ProcessingOutcome process(String json) {
        clock.advance(Duration.ofSeconds(1));
        return service.process(parse(json));
    }

    /** As the broker does: an event whose transaction failed is delivered again. */
    private void processRedelivering(String json) {
        CustomerEvent event = parse(json);
        RuntimeException last = null;
        for (int delivery = 1; delivery <= 10; delivery++) {
            try {
                service.process(event);
                return;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last;
    }

    private CustomerEvent parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), EnumSet.allOf(EventType.class));
    }

    private static String signup(String eventId, String customerId, String email, String at) {
        return """
                {"eventId":"%s","type":"customer_signed_up","customerId":"%s","email":"%s","name":"N",
                 "timestamp":"%s"}""".formatted(eventId, customerId, email, at);
    }

    private static String order(String eventId, String customerId, String email, String orderId, String total,
                                String at) {
        return """
                {"eventId":"%s","type":"order_completed","customerId":"%s","email":"%s","orderId":"%s",
                 "items":[{"productId":"p","quantity":1,"price":%s}],"total":%s,"timestamp":"%s"}"""
                .formatted(eventId, customerId, email, orderId, total, total, at);
    }

    private static String identifyConsent(String eventId, String customerId, boolean marketing, String source,
                                          String at) {
        return """
                {"eventId":"%s","type":"customer_identified","customerId":"%s",
                 "consent":{"marketing":%s,"source":"%s"},"timestamp":"%s"}"""
                .formatted(eventId, customerId, marketing, source, at);
    }
}
