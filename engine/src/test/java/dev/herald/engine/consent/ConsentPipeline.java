package dev.herald.engine.consent;

import dev.herald.engine.application.EventProcessingService;
import dev.herald.engine.decision.Decision;
import dev.herald.engine.decision.DecisionFacts;
import dev.herald.engine.decision.DecisionService;
import dev.herald.engine.delivery.OutboxDispatcher;
import dev.herald.engine.delivery.RenderedEmail;
import dev.herald.engine.delivery.TemplateRenderer;
import dev.herald.engine.engagement.EngagementHooks;
import dev.herald.engine.engagement.EngagementService;
import dev.herald.engine.engagement.TrackingTokens;
import dev.herald.engine.event.CustomerSignedUp;
import dev.herald.engine.event.OrderCompleted;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The engine as the runtimes wire it for consent: events decided by a two-campaign rule base (welcome on
 * signup, thank-you on every order), the outbox dispatcher with the {@link SuppressionGate}, the topic gate (welcome
 * is of topic {@value #WELCOME_TOPIC}) and the {@link EngagementHooks}, and the engagement, bounce, consent and
 * suppression services.
 */
final class ConsentPipeline {

    static final Instant START = Instant.parse("2026-11-23T12:00:00Z");
    static final String PUBLIC_URL = "https://mail.shop.example";
    static final String TRANSACTIONAL = "order-confirmation";
    /** The subscription topic of the welcome campaign (ADR 0063); the other campaigns have none. */
    static final String WELCOME_TOPIC = "newsletter";

    final HeraldDatabase db;
    final MutableClock clock = new MutableClock(START);
    final EventProcessingService events;
    final OutboxDispatcher dispatcher;
    final SuppressionGate gate = new SuppressionGate(Set.of(TRANSACTIONAL));
    final TrackingTokens tokens = new TrackingTokens("test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    final BounceService bounces;
    final SuppressionList suppressions;
    final ConsentService consents;
    final EngagementService engagement;
    final List<String> clicks = new CopyOnWriteArrayList<>();
    /** Every decision asked for, with the facts the rules saw. */
    final List<DecisionFacts> decided = new CopyOnWriteArrayList<>();

    ConsentPipeline(HeraldDatabase db) {
        this.db = db;
        DecisionService rules = new DecisionService() {
            @Override
            public List<Decision> decide(DecisionFacts facts) {
                decided.add(facts);
                return switch (facts.eventType()) {
                    case CUSTOMER_SIGNED_UP -> List.of(new Decision("welcome", "welcome", facts.customerId()));
                    case ORDER_COMPLETED -> List.of(new Decision("thank-you-" + facts.orderCount(), "thank-you",
                            facts.customerId()), new Decision(TRANSACTIONAL + "-" + facts.orderCount(), "receipt",
                            facts.customerId()));
                    default -> List.of();
                };
            }

            @Override
            public String ruleBaseVersion() {
                return "test";
            }
        };
        events = new EventProcessingService(db.transactions(), rules, clock);
        bounces = new BounceService(db.transactions(), clock, 3, Duration.ofDays(7));
        suppressions = new SuppressionList(db.transactions(), clock);
        consents = new ConsentService(db.transactions(), clock);
        engagement = new EngagementService(db.transactions(), tokens, clock)
                .withListener((customer, campaign, outboxId, at) -> clicks.add(customer + "/" + campaign + "/" + outboxId));
        SuppressionGate transactionalAware = new SuppressionGate(Set.of(TRANSACTIONAL + "-1", TRANSACTIONAL + "-2"));
        dispatcher = new OutboxDispatcher(db.transactions(), new Renderer(), clock,
                OutboxDispatcher.RetryPolicy.defaults(), List.of(transactionalAware, TopicPreferences.gate(
                        campaign -> campaign.equals("welcome") ? java.util.Optional.of(WELCOME_TOPIC)
                                : java.util.Optional.empty())))
                .withHooks(new EngagementHooks(tokens, () -> PUBLIC_URL, transactionalAware, bounces));
    }

    void signup(String customerId, String email, String name) {
        events.process(new CustomerSignedUp("signup-" + customerId, customerId, email, name, clock.instant()));
    }

    void order(String customerId, String email, String name, String orderId) {
        events.process(new OrderCompleted("order-" + orderId, customerId, email, name, orderId, "GBP",
                List.of(new OrderCompleted.OrderItem("p-tea", "Tea", 2, new BigDecimal("2.50"))),
                new BigDecimal("5.00"), clock.instant()));
    }

    /** Renders the model's values into a small email with one shop link, like the real templates. */
    static final class Renderer implements TemplateRenderer {
        @Override
        @SuppressWarnings("unchecked")
        public RenderedEmail render(String templateKey, Map<String, Object> model) {
            Map<String, Object> customer = (Map<String, Object>) model.get("customer");
            Object unsubscribe = model.get("unsubscribeUrl");
            Object confirm = model.get("confirmUrl");
            String html = "<html><body><p>Hi " + customer.get("name") + "</p>"
                    + "<a href=\"https://shop.example/new?a=1&amp;b=2\">New</a>"
                    + (confirm == null ? "" : "<a href=\"" + confirm + "\">Confirm</a>")
                    + (unsubscribe == null ? "" : "<a href=\"" + unsubscribe + "\">Unsubscribe</a>")
                    + "</body></html>";
            return new RenderedEmail(templateKey + " for " + customer.get("name"), html,
                    "Hi " + customer.get("name") + (confirm == null ? "" : "\nConfirm: " + confirm));
        }

        @Override
        public boolean exists(String templateKey) {
            return true;
        }
    }
}
