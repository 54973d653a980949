package dev.herald.engine.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.customer.Customer;
import dev.herald.engine.customer.CustomerOrder;
import dev.herald.engine.customer.OrderLine;
import dev.herald.engine.customer.ProcessedEvent;
import dev.herald.engine.decision.Decision;
import dev.herald.engine.decision.DecisionFacts;
import dev.herald.engine.decision.DecisionService;
import dev.herald.engine.delivery.OutboxMessage;
import dev.herald.engine.enrichment.EnrichmentRequests;
import dev.herald.engine.event.CustomerEvent;
import dev.herald.engine.event.HeraldEvent;
import dev.herald.engine.event.OrderCompleted;
import dev.herald.engine.experiment.store.ExperimentService;
import dev.herald.engine.experiment.store.Exposure;
import dev.herald.engine.journey.JourneyDefinitions;
import dev.herald.engine.journey.JourneyService;
import dev.herald.engine.identity.IdentityService;
import dev.herald.engine.persistence.Transactions;
import dev.herald.engine.segment.OrderSegmentRefresh;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Applies one validated event: in a single transaction it checks the idempotency record, updates the
 * customer's profile and orders (and their segments), asks the rule base what to do given the customer's stored
 * segments, RFM scores, attributes and consents, and writes the resulting emails to the
 * outbox. A campaign with an experiment gets the customer's exposure recorded in the same transaction (its
 * arm becomes the email's variant; the holdout is sent nothing), and a new order counts as a conversion of
 * the exposures whose attribution window it falls in (ADR 0013). The caller acknowledges the event only
 * after this returns, so a crash at any point means the event is redelivered and either redone from scratch
 * or recognised as already processed.
 */
public class EventProcessingService {

    /** The step of a campaign that is not a journey: it sends one email. */
    static final String FIRST_STEP = "1";

    static final int MAX_CONFLICT_ATTEMPTS = 5;

    /** Past this, a batch stops waiting for another batch of its customers and relies on the database's locks. */
    static final java.time.Duration CUSTOMER_CLAIM_MAX_WAIT = java.time.Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(EventProcessingService.class);

    private final Transactions transactions;
    private final DecisionService decisions;
    private final Clock clock;
    private final OrderSegmentRefresh segmentRefresh;
    private final ExperimentService experiments;
    private final JourneyService journeys;
    private final RecommendationSource recommendations;
    private final IdentityService identities;
    private volatile EnrichmentRequests enrichment = EnrichmentRequests.NONE;
    private volatile java.time.Duration conversionWindow =
            dev.herald.engine.engagement.ConversionAttribution.DEFAULT_WINDOW;
    private final ObjectMapper json = new ObjectMapper();
    private volatile boolean batchPrefetch = true;
    private volatile Locale defaultLocale = EmailModel.DEFAULT_LOCALE;
    /** Keeps two batches of the same customers (e.g. from the CRM and the commerce queue) from running at once. */
    private final CustomerClaims customerClaims = new CustomerClaims(CUSTOMER_CLAIM_MAX_WAIT);
    /** Batches rolled back and applied again in parts: what a conflict or a failing event costs (ADR 0032). */
    private final java.util.concurrent.atomic.LongAdder batchRedos = new java.util.concurrent.atomic.LongAdder();

    public EventProcessingService(Transactions transactions, DecisionService decisions, Clock clock) {
        this(transactions, decisions, clock, OrderSegmentRefresh.NONE);
    }

    /** @param segmentRefresh recomputes the customer's segments in the transaction that stored a new order */
    public EventProcessingService(Transactions transactions, DecisionService decisions, Clock clock,
                                  OrderSegmentRefresh segmentRefresh) {
        this(transactions, decisions, clock, segmentRefresh,
                new JourneyService(transactions, JourneyDefinitions.NONE, clock), RecommendationSource.NONE);
    }

    public EventProcessingService(Transactions transactions, DecisionService decisions, Clock clock,
                                  OrderSegmentRefresh segmentRefresh, JourneyService journeys) {
        this(transactions, decisions, clock, segmentRefresh, journeys, RecommendationSource.NONE);
    }

    public EventProcessingService(Transactions transactions, DecisionService decisions, Clock clock,
                                  OrderSegmentRefresh segmentRefresh, RecommendationSource recommendations) {
        this(transactions, decisions, clock, segmentRefresh,
                new JourneyService(transactions, JourneyDefinitions.NONE, clock), recommendations);
    }

    /**
     * @param journeys        runs multi-step campaigns; told of every event inside the event transaction (ADR 0021)
     * @param recommendations told about each stored order; its top products for the customer reach the rules
     *                        (DecisionContext) and the emails' recommendation block (ADR 0014)
     */
    public EventProcessingService(Transactions transactions, DecisionService decisions, Clock clock,
                                  OrderSegmentRefresh segmentRefresh, JourneyService journeys,
                                  RecommendationSource recommendations) {
        this.recommendations = recommendations;
        this.transactions = transactions;
        this.journeys = journeys;
        this.decisions = decisions;
        this.clock = clock;
        this.segmentRefresh = segmentRefresh;
        this.experiments = new ExperimentService(transactions, clock);
        this.identities = new IdentityService(segmentRefresh);
    }

    /** Asks the CRM for what a customer's profile lacks, after the event, never in its way (ADR 0018). */
    public EventProcessingService withEnrichment(EnrichmentRequests requests) {
        this.enrichment = requests;
        return this;
    }

    /**
     * Whether a batch reads its customers' decision facts once at its start (default) or per event, as a single
     * event does (ADR 0038): the decisions are the same either way, only the statements differ.
     */
    public EventProcessingService withBatchPrefetch(boolean prefetch) {
        this.batchPrefetch = prefetch;
        return this;
    }

    /** The locale of customers without a locale or language attribute (default en-GB): their translation and money. */
    public EventProcessingService withDefaultLocale(Locale locale) {
        this.defaultLocale = java.util.Objects.requireNonNull(locale, "locale");
        return this;
    }

    /** How long after a send or click an order counts as that email's conversion (default 7 days). */
    public EventProcessingService withConversionWindow(java.time.Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the conversion window must be positive, not " + window);
        }
        this.conversionWindow = window;
        return this;
    }

    public ProcessingOutcome process(CustomerEvent event) {
        ProcessingOutcome outcome = inTransactionRetryingConflicts(event);
        log(outcome, event);
        return outcome;
    }

    /**
     * Applies several events in ONE database transaction, in the order given (one customer's events in a batch see
     * each other's effects, as they would one after the other), and returns one result per event, in the same
     * order. A duplicate inside the batch is recognised like any other (the first one's idempotency record is
     * already written). When the batch transaction fails for any reason (a conflict with another consumer, a
     * failing event), it is rolled back entirely: the event it failed on is then applied alone through
     * {@link #process}, conflict retries included, and the events around it again in batches of their own, so one
     * bad event costs the others a second attempt but never blocks or loses them; the events that still fail are
     * returned as failures and changed nothing (ADR 0032).
     */
    public List<EventResult> processBatch(List<? extends CustomerEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        Set<String> held = customerClaims.claim(customerKeys(events));
        try {
            return applyBatch(events);
        } finally {
            customerClaims.release(held);
        }
    }

    /** How many batches failed and were applied again in parts since this service was created. */
    public long batchesRedone() {
        return batchRedos.sum();
    }

    /**
     * The keys a batch's events may write rows under: customer ids, e-mail addresses and anonymous ids. An event
     * naming an anonymous id (an identify) also merges the visitor's profile {@code anon:<id>}, so it claims that
     * profile's key too, the one the visitor's own events claim: their batches then take turns instead of racing
     * and redoing one of them (ADR 0046).
     */
    static Set<String> customerKeys(List<? extends CustomerEvent> events) {
        Set<String> keys = new HashSet<>();
        for (CustomerEvent event : events) {
            addKey(keys, "customer:", event.customerId());
            addKey(keys, "email:", event.email() == null ? null : event.email().toLowerCase(Locale.ROOT));
            addKey(keys, "anon:", event.anonymousId());
            addKey(keys, "customer:" + IdentityService.ANONYMOUS_PREFIX, event.anonymousId());
        }
        return keys;
    }

    private static void addKey(Set<String> keys, String kind, String value) {
        if (value != null && !value.isBlank()) {
            keys.add(kind + value);
        }
    }

    private List<EventResult> applyBatch(List<? extends CustomerEvent> events) {
        if (events.size() == 1) {
            return List.of(processAlone(events.get(0)));
        }
        int[] failedAt = {-1};
        List<ProcessingOutcome> outcomes;
        try {
            outcomes = transactions.inTransaction(em -> {
                // what the decisions read about the batch's customers, once for all of them (ADR 0038)
                BatchReads reads = batchPrefetch ? BatchReads.prefetch(em, events, identities) : BatchReads.perEvent();
                // and what its events check before writing: processed ids, orders, queued emails (ADR 0040)
                BatchChecks checks = batchPrefetch
                        ? BatchChecks.prefetch(em, events, conversionWindow, identities::mergesSoFar)
                        : BatchChecks.perEvent();
                List<ProcessingOutcome> applied = new java.util.ArrayList<>(events.size());
                for (int i = 0; i < events.size(); i++) {
                    failedAt[0] = i;
                    applied.add(apply(em, events.get(i), reads, checks));
                    // everything is written: keep the persistence context small, so later flushes do not
                    // dirty-check every entity of the batch again
                    em.flush();
                    em.clear();
                }
                failedAt[0] = -1; // from here on, only the commit can fail
                return applied;
            });
        } catch (RuntimeException e) {
            return afterFailedBatch(events, failedAt[0], e);
        }
        for (int i = 0; i < outcomes.size(); i++) {
            log(outcomes.get(i), events.get(i));
        }
        return outcomes.stream().map(EventResult::applied).toList();
    }

    /**
     * The batch transaction was rolled back. When the event it failed on is known, the events before it are
     * applied again as a batch, that event alone (conflict retries included), and the events after it as a
     * batch, so a conflict or a bad event costs a few transactions instead of one per event; when the commit
     * itself failed, every event is applied alone.
     */
    private List<EventResult> afterFailedBatch(List<? extends CustomerEvent> events, int failedAt,
                                               RuntimeException failure) {
        batchRedos.increment();
        LOG.debug("batch of {} events failed{} ({}); applying it again in parts", events.size(),
                failedAt < 0 ? " at commit" : " at event " + events.get(failedAt).eventId(), failure.toString());
        if (failedAt < 0) {
            return events.stream().map(this::processAlone).toList();
        }
        List<EventResult> results = new java.util.ArrayList<>(events.size());
        results.addAll(applyBatch(events.subList(0, failedAt)));
        results.add(processAlone(events.get(failedAt)));
        results.addAll(applyBatch(events.subList(failedAt + 1, events.size())));
        return results;
    }

    private EventResult processAlone(CustomerEvent event) {
        try {
            return EventResult.applied(process(event));
        } catch (RuntimeException e) {
            return EventResult.failed(event.eventId(), e);
        }
    }

    private static void log(ProcessingOutcome outcome, CustomerEvent event) {
        if (outcome.duplicate()) {
            LOG.info("event {} was processed before; skipped", event.eventId());
        } else {
            LOG.debug("event {} ({}) for customer {}: {} decision(s), {} email(s) queued", event.eventId(),
                    event.type().wireName(), event.customerId(), outcome.decisions().size(), outcome.queued());
        }
    }

    /**
     * Two events of one customer may be applied at once (a signup from the CRM queue and an order from the
     * commerce queue); the loser of that race hits a unique key or a stale version. Redoing the whole unit
     * of work on fresh state is then correct, so it is retried here instead of travelling back to the broker.
     */
    private ProcessingOutcome inTransactionRetryingConflicts(CustomerEvent event) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.inTransaction(
                        em -> apply(em, event, BatchReads.perEvent(), BatchChecks.perEvent()));
            } catch (RuntimeException e) {
                if (attempt >= MAX_CONFLICT_ATTEMPTS || !ConcurrencyConflicts.isConflict(e)) {
                    throw e;
                }
                LOG.debug("event {} met a concurrent update (attempt {}); retrying", event.eventId(), attempt);
            }
        }
    }

    private ProcessingOutcome apply(EntityManager em, CustomerEvent event, BatchReads reads, BatchChecks checks) {
        if (checks.processed(em, event.eventId())) {
            return ProcessingOutcome.duplicateOf(event.eventId());
        }
        Instant now = clock.instant();
        long mergesBefore = identities.mergesSoFar();
        // aliases, merged-away ids and anonymous ids lead to one profile; identify and alias may merge two (ADR 0017)
        String customerId = event instanceof HeraldEvent ? identities.canonical(em, event.customerId())
                : identities.resolve(em, event, now, reads.identityKeys());
        Customer customer = em.find(Customer.class, customerId);
        if (customer != null) {
            // every event bumps the profile's version, so a merge racing with it redoes one of the two
            em.lock(customer, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
        }
        boolean created = false;
        if (event instanceof HeraldEvent) {
            // Herald's own event about a stored customer: it carries no contact details to apply
            if (customer == null) {
                LOG.warn("{} {} names unknown customer {}; nothing to decide", event.type().wireName(),
                        event.eventId(), event.customerId());
                em.persist(new ProcessedEvent(event.eventId(), event.type().wireName(), event.customerId(), 0, now));
                checks.eventProcessed(event.eventId());
                return new ProcessingOutcome(event.eventId(), false, List.of(), 0);
            }
        } else if (customer == null) {
            customer = new Customer(customerId, event.email().isBlank() ? null : event.email(), event.name(), now);
            em.persist(customer);
            created = true;
        } else {
            customer.updateContact(event.email(), event.name(), now);
        }
        BigDecimal orderTotal = BigDecimal.ZERO;
        boolean orderStored = false;
        if (event instanceof OrderCompleted order) {
            orderTotal = order.total();
            if (recordOrder(em, customer, order, now, checks)) {
                orderStored = true;
                reads.segmentsRefreshed(customer.id(), segmentRefresh.refreshAfterOrder(em, customer.id(), now,
                        reads.rfmBreakpoints()));
                recommendations.orderStored(customer.id(), order.orderId(),
                        order.items().stream().map(OrderCompleted.OrderItem::productId).toList());
                int conversions = ExperimentService.recordOrder(em, checks.exposures(em, customer.id()),
                        order.orderId(), order.total(), order.occurredAt());
                if (conversions > 0) {
                    LOG.debug("order {} counted as a conversion in {} experiment(s)", order.orderId(), conversions);
                }
                // last click, else last send, within the window: the engagement report's conversions (issue 7)
                dev.herald.engine.engagement.ConversionAttribution.recordConversion(em, customer.id(), order.orderId(),
                        order.total(), order.occurredAt(),
                        checks.lastTouch(em, customer.id(), order.occurredAt(), conversionWindow));
            }
        }
        ProfileEvents.apply(em, identities, customer, event, now);
        enrichment.requestIfIncomplete(em, customer, now);
        // segments, RFM, country, consent, recommendations: read after the order above, so what it changed is seen
        RecommendationSource.CustomerRecommendations recommended = recommendations.forCustomer(customer.id());
        DecisionFacts facts = new DecisionFacts(event.eventId(), event.type(), customer.id(),
                customer.orderCount(), customer.lifetimeSpend(), orderTotal, event.occurredAt(),
                reads.contextFor(em, customer, event, orderStored, identities.mergesSoFar() != mergesBefore,
                        recommended.scores()));
        List<Decision> decided = decisions.decide(facts);
        int queued = 0;
        // the language an email is written in; most events decide nothing and need none
        Locale locale = decided.isEmpty() ? defaultLocale
                : CustomerLocale.of(facts.context().customerAttributes(), facts.context().country(), defaultLocale);
        // running journeys hear of the event; decided journeys start; the rest are single emails
        for (Decision decision : journeys.afterDecisions(em, customer, event, decided, reads.runningJourneys())) {
            if (enqueue(em, customer, event, decision, locale, recommended.products(), now, reads, checks)) {
                queued++;
            }
        }
        em.persist(new ProcessedEvent(event.eventId(), event.type().wireName(), customer.id(), decided.size(), now));
        checks.eventProcessed(event.eventId());
        em.flush();
        if (created) {
            // the insert is flushed: a merge of this profile committed since the identity read is seen now
            identities.confirmNewProfile(em, customerId);
        }
        reads.applied(customer.id());
        return new ProcessingOutcome(event.eventId(), false, decided, queued);
    }

    /** Stores the order unless it is on record already; true when stored. */
    private static boolean recordOrder(EntityManager em, Customer customer, OrderCompleted order, Instant now,
                                       BatchChecks checks) {
        if (checks.orderOnRecord(em, order.orderId())) {
            LOG.info("order {} is already on record; event {} does not count it again", order.orderId(),
                    order.eventId());
            return false;
        }
        List<OrderLine> lines = order.items().stream()
                .map(i -> new OrderLine(i.productId(), i.productName(), i.quantity(), i.unitPrice()))
                .toList();
        em.persist(new CustomerOrder(order.orderId(), customer.id(), order.eventId(), order.currency(),
                order.total(), order.occurredAt(), lines));
        customer.recordOrder(order.total(), now);
        checks.orderStored(order.orderId());
        return true;
    }

    private boolean enqueue(EntityManager em, Customer customer, CustomerEvent event, Decision decision,
                            Locale locale, List<EmailModel.Recommendation> recommended, Instant now, BatchReads reads,
                            BatchChecks checks) {
        if (customer.email() == null || customer.email().isBlank()) {
            // imported customers (e.g. from Online Retail) may have no address; their segment changes still decide
            LOG.info("campaign {} decided for customer {}, who has no email address on record; not queued",
                    decision.campaign(), customer.id());
            return false;
        }
        // one email per campaign, customer and step, whichever variant it was
        if (checks.queued(em, decision.campaign(), customer.id())) {
            LOG.info("campaign {} already queued for customer {}; not queued again", decision.campaign(),
                    customer.id());
            return false;
        }
        // precedence: the campaign's experiment (sticky, stored exposure) over the definition's own split
        String variant = decision.variant();
        if (reads.hasExperiment(em, decision.campaign())) {
            Exposure exposure = experiments.expose(em, decision.campaign(), customer.id());
            if (exposure.holdout()) {
                LOG.debug("customer {} is held out of campaign {}'s experiment; exposure recorded, nothing queued",
                        customer.id(), decision.campaign());
                return false;
            }
            variant = exposure.variant();
        }
        em.persist(new OutboxMessage(decision.campaign(), customer.id(), FIRST_STEP, variant,
                event.eventId(), decision.templateKey(), customer.email(),
                toJson(EmailModel.of(customer, event, decision.campaign(), locale, recommended)),
                now));
        checks.queuedNow(decision.campaign(), customer.id());
        return true;
    }

    private String toJson(Object model) {
        try {
            return json.writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("email model is not serialisable", e);
        }
    }
}
