package dev.herald.engine.customer;

import dev.herald.engine.application.EventProcessingService;
import dev.herald.engine.consent.BounceService;
import dev.herald.engine.consent.ConsentService;
import dev.herald.engine.decision.Decision;
import dev.herald.engine.decision.DecisionFacts;
import dev.herald.engine.decision.DecisionService;
import dev.herald.engine.delivery.DeliveryOverview;
import dev.herald.engine.delivery.OutboundEmail;
import dev.herald.engine.delivery.OutboxDispatcher;
import dev.herald.engine.delivery.RenderedEmail;
import dev.herald.engine.delivery.TemplateRenderer;
import dev.herald.engine.engagement.EngagementService;
import dev.herald.engine.engagement.TrackingTokens;
import dev.herald.engine.event.CustomerSignedUp;
import dev.herald.engine.event.OrderCompleted;
import dev.herald.engine.segment.OrderSegmentRefresh;
import dev.herald.engine.segment.RfmService;
import dev.herald.engine.segment.SegmentChangeListener;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's customer and delivery queries on an H2 database filled through the real engine: signups and orders
 * processed by {@link EventProcessingService} (RFM refreshed per order), emails sent and failed by the outbox
 * dispatcher, an open and a click, consent granted and withdrawn, a bounce. Runs on H2 and PostgreSQL (subclasses).
 */
abstract class CustomerDirectoryIT {

    static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

    HeraldDatabase db;
    final MutableClock clock = new MutableClock(START);
    EventProcessingService events;
    OutboxDispatcher dispatcher;
    EngagementService engagement;
    TrackingTokens tokens = new TrackingTokens("test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    CustomerDirectory directory;

    protected abstract javax.sql.DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        DecisionService thankYou = new DecisionService() {
            @Override
            public List<Decision> decide(DecisionFacts facts) {
                return switch (facts.eventType()) {
                    case ORDER_COMPLETED -> List.of(new Decision("thank-you-" + facts.orderCount(), "thank-you",
                            facts.customerId()));
                    default -> List.of();
                };
            }

            @Override
            public String ruleBaseVersion() {
                return "test";
            }
        };
        events = new EventProcessingService(db.transactions(), thankYou, clock, OrderSegmentRefresh.RFM);
        TemplateRenderer renderer = new TemplateRenderer() {
            @Override
            public RenderedEmail render(String templateKey, Map<String, Object> model) {
                return new RenderedEmail("Thanks", "<p>Thanks</p>", "Thanks");
            }

            @Override
            public boolean exists(String templateKey) {
                return true;
            }
        };
        dispatcher = new OutboxDispatcher(db.transactions(), renderer, clock, OutboxDispatcher.RetryPolicy.defaults());
        engagement = new EngagementService(db.transactions(), tokens, clock);
        directory = new CustomerDirectory(db.transactions());
        signup("C100", "ann.smith@example.com", "Ann Smith");
        signup("C200", "bob@example.com", "Bob Jones");
        signup("C300", "ann.other@example.com", "Annie 50%_Off");
        order("C100", "ann.smith@example.com", "Ann Smith", "ord-1", "12.50");
        clock.advance(Duration.ofHours(1));
        order("C100", "ann.smith@example.com", "Ann Smith", "ord-2", "7.00");
        order("C200", "bob@example.com", "Bob Jones", "ord-3", "99.00");
        // the full RFM computation (herald segment rfm) scores and segments everyone with orders
        new RfmService(db.transactions(), SegmentChangeListener.NONE).computeAll(null, clock.instant());
    }

    @AfterEach
    void close() {
        db.close();
    }

    void signup(String id, String email, String name) {
        events.process(new CustomerSignedUp("signup-" + id, id, email, name, clock.instant()));
    }

    void order(String id, String email, String name, String orderId, String total) {
        events.process(new OrderCompleted("order-" + orderId, id, email, name, orderId, "GBP",
                List.of(new OrderCompleted.OrderItem("p-tea", "Tea", 1, new BigDecimal(total))),
                new BigDecimal(total), clock.instant()));
    }

    @Test
    void searchFindsByIdEmailOrNameCaseInsensitiveWithTheExactIdFirst() {
        assertThat(directory.search("c100", 0).rows()).extracting(CustomerDirectory.Summary::id).containsExactly("C100");
        assertThat(directory.search("ANN", 0).rows()).extracting(CustomerDirectory.Summary::id)
                .containsExactlyInAnyOrder("C100", "C300");
        assertThat(directory.search("bob@example", 0).rows()).singleElement()
                .satisfies(s -> {
                    assertThat(s.name()).isEqualTo("Bob Jones");
                    assertThat(s.orderCount()).isEqualTo(1);
                    assertThat(s.rfmSegment()).isNotBlank();
                });
        assertThat(directory.search("50%_", 0).rows()).as("like wildcards are taken literally")
                .extracting(CustomerDirectory.Summary::id).containsExactly("C300");
        assertThat(directory.search("%", 0).rows()).as("a literal percent sign matches only itself")
                .extracting(CustomerDirectory.Summary::id).containsExactly("C300");
        assertThat(directory.search("", 0).rows()).hasSize(3);
        assertThat(directory.search("nobody", 0).rows()).isEmpty();
    }

    @Test
    void searchPagesTwentyFiveAtATime() {
        for (int i = 0; i < 30; i++) {
            signup("P" + i, "p" + i + "@example.com", "Page Person " + i);
        }
        CustomerDirectory.Page first = directory.search("page person", 0);
        CustomerDirectory.Page second = directory.search("page person", 1);
        assertThat(first.rows()).hasSize(CustomerDirectory.PAGE_SIZE);
        assertThat(first.hasMore()).isTrue();
        assertThat(second.rows()).hasSize(5);
        assertThat(second.hasMore()).isFalse();
        assertThat(second.rows()).extracting(CustomerDirectory.Summary::id)
                .doesNotContainAnyElementsOf(first.rows().stream().map(CustomerDirectory.Summary::id).toList());
    }

    @Test
    void profileHoldsSegmentsRfmAttributesConsentHistoryAndSuppression() {
        ConsentService consents = new ConsentService(db.transactions(), clock);
        consents.grant("C100", "email", "signup form", "web");
        clock.advance(Duration.ofMinutes(5));
        consents.withdraw("C100", "email", "preference centre", "customer");
        db.transactions().inTransaction(em -> em.createNativeQuery("insert into customer_attribute (customer_id, name,"
                + " text_value) values ('C100', 'city', 'York')").executeUpdate());
        new BounceService(db.transactions(), clock, 1, Duration.ofDays(7))
                .record("ann.smith@example.com", "5.1.1", "no such user", "webhook");

        CustomerDirectory.Profile p = directory.profile("C100").orElseThrow();

        assertThat(p.name()).isEqualTo("Ann Smith");
        assertThat(p.orderCount()).isEqualTo(2);
        assertThat(p.lifetimeSpend()).isEqualByComparingTo("19.50");
        assertThat(p.segments()).extracting(CustomerDirectory.Segment::scheme).contains("rfm");
        assertThat(p.rfm()).get().satisfies(r -> {
            assertThat(r.frequency()).isEqualTo(2);
            assertThat(r.monetary()).isEqualByComparingTo("19.50");
        });
        assertThat(p.attributes()).extracting(CustomerDirectory.Attribute::name, CustomerDirectory.Attribute::value)
                .contains(org.assertj.core.groups.Tuple.tuple("city", "York"));
        assertThat(p.consents()).singleElement().extracting(ConsentService.Consent::status)
                .isEqualTo(ConsentService.Status.WITHDRAWN);
        assertThat(p.consentHistory()).as("newest first").extracting(CustomerDirectory.ConsentChange::detail)
                .satisfiesExactly(d -> assertThat(d).contains("\"to\":\"WITHDRAWN\""),
                        d -> assertThat(d).contains("\"to\":\"GRANTED\""));
        assertThat(p.suppression()).isPresent();
        assertThat(directory.profile("nobody")).isEmpty();
    }

    @Test
    void timelineMergesEventsOrdersEmailsAndEngagementNewestFirst() {
        List<OutboundEmail> due = dispatcher.claimDue(10);
        OutboundEmail toAnn = due.stream().filter(e -> e.customerId().equals("C100")).findFirst().orElseThrow();
        dispatcher.markSent(toAnn.outboxId());
        clock.advance(Duration.ofMinutes(10));
        engagement.recordOpen(tokens.open(toAnn.outboxId()));
        engagement.recordClick(tokens.click(toAnn.outboxId(), "https://shop.example/tea"));

        List<CustomerDirectory.TimelineEntry> timeline = directory.timeline("C100", 100);

        assertThat(timeline).extracting(CustomerDirectory.TimelineEntry::kind)
                .contains("event", "order", "email", "engagement");
        assertThat(timeline).extracting(CustomerDirectory.TimelineEntry::title)
                .contains("Order ord-1", "Order ord-2", "Event customer signed up", "Email opened", "Email clicked");
        assertThat(timeline).anySatisfy(e -> assertThat(e.detail()).contains("https://shop.example/tea"));
        assertThat(timeline).anySatisfy(e -> assertThat(e.title()).startsWith("Email thank-you-1"));
        assertThat(timeline).extracting(CustomerDirectory.TimelineEntry::at).isSortedAccordingTo(
                java.util.Comparator.reverseOrder());
        assertThat(directory.timeline("C100", 3)).hasSize(3);
        assertThat(timeline).noneMatch(e -> e.title().contains("ord-3"));
    }

    @Test
    void deliveryOverviewCountsTheOutboxByStatusAndListsSendsWithTheirReplies() {
        List<OutboundEmail> due = dispatcher.claimDue(10);
        assertThat(due).hasSize(3);
        dispatcher.markSent(due.get(0).outboxId());
        dispatcher.markFailed(due.get(1).outboxId(), "550 5.1.1 no such user", true);
        dispatcher.markFailed(due.get(2).outboxId(), "421 try later", false);
        DeliveryOverview overview = new DeliveryOverview(db.transactions(), clock);

        assertThat(overview.counts()).containsEntry("sent", 1L).containsEntry("failed", 1L)
                .containsEntry("deferred", 1L).containsEntry("queued", 0L).containsEntry("suppressed", 0L);
        assertThat(overview.recent(null, 10)).hasSize(3).extracting(DeliveryOverview.Send::lastReply)
                .contains("550 5.1.1 no such user", "421 try later");
        assertThat(overview.recent("FAILED", 10)).singleElement().extracting(DeliveryOverview.Send::status)
                .isEqualTo("FAILED");

        new BounceService(db.transactions(), clock, 1, Duration.ofDays(7))
                .record("bob@example.com", "5.1.1", "no such user", "webhook");
        assertThat(overview.bounces(10)).singleElement().satisfies(b -> {
            assertThat(b.statusCode()).isEqualTo("5.1.1");
            assertThat(b.diagnostic()).isEqualTo("no such user");
        });
        assertThat(overview.suppressions()).containsKey("BOUNCED");
    }
}
