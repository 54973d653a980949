package dev.herald.engine.application;

import dev.herald.engine.customer.CustomerOrder;
import dev.herald.engine.customer.ProcessedEvent;
import dev.herald.engine.engagement.ConversionAttribution;
import dev.herald.engine.engagement.ConversionAttribution.Touch;
import dev.herald.engine.event.CustomerEvent;
import dev.herald.engine.event.OrderCompleted;
import dev.herald.engine.experiment.store.ExperimentService;
import dev.herald.engine.experiment.store.ExperimentService.ExposureWindow;
import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

import static dev.herald.engine.persistence.NativeQueries.synchronizedOn;

/**
 * The questions an event asks before it writes — was it processed already, is its order on record, is the
 * campaign queued for the customer already, which email earns the order's conversion — answered for a whole
 * batch by one query each at the start of its transaction instead of per event (ADR 0040), and which experiment
 * exposures an order may convert (ADR 0044).
 *
 * <p>The answers stay right for what the batch itself writes, because the event pipeline tells this class:
 * an event processed, an order stored and a first-step email queued are added to the prefetched sets, so a
 * duplicate event, a repeated order or a campaign decided twice inside one batch is recognised as it would be
 * one event at a time. Two things the batch writes are not tracked, so the batch falls back to the per-event
 * queries for them: after a merge (identity resolution moves a profile's emails, sent ones included, to the
 * survivor) the outbox and the conversion candidates are read per event for the rest of the batch; and a
 * customer the batch did not name (an alias led elsewhere) is read per event. The conversion candidates —
 * clicks and sends — are never written by the pipeline (it only queues emails and writes conversions), so the
 * ones read at the start hold for every order of the batch.
 *
 * <p>Other transactions' commits during the batch (a click recorded, an email sent) are seen as of the batch's
 * start, a few hundred milliseconds at most. Events and orders are safe regardless: their primary keys refuse a
 * second row, which fails the batch and redoes it in parts (ADR 0032).
 */
final class BatchChecks {

    private final boolean prefetched;
    private final Set<String> processedEvents;
    private final Set<String> ordersOnRecord;
    /** First-step campaigns on record, by customer: only the batch's customers. */
    private final Map<String, Set<String>> queuedCampaigns;
    private final Map<String, List<Touch>> touches;
    private final Instant touchesFrom;
    private final Instant touchesTo;
    /** Experiment exposures with their windows, by customer: only the batch's customers with an order. */
    private final Map<String, List<ExposureWindow>> exposures;
    private final LongSupplier mergesSoFar;
    private final long mergesAtStart;
    private final long exposuresAtStart;

    private BatchChecks(boolean prefetched, Set<String> processedEvents, Set<String> ordersOnRecord,
                        Map<String, Set<String>> queuedCampaigns, Map<String, List<Touch>> touches,
                        Instant touchesFrom, Instant touchesTo, Map<String, List<ExposureWindow>> exposures,
                        LongSupplier mergesSoFar, long mergesAtStart, long exposuresAtStart) {
        this.prefetched = prefetched;
        this.processedEvents = processedEvents;
        this.ordersOnRecord = ordersOnRecord;
        this.queuedCampaigns = queuedCampaigns;
        this.touches = touches;
        this.touchesFrom = touchesFrom;
        this.touchesTo = touchesTo;
        this.exposures = exposures;
        this.mergesSoFar = mergesSoFar;
        this.mergesAtStart = mergesAtStart;
        this.exposuresAtStart = exposuresAtStart;
    }

    /** Every question asked of the database when it comes up (a single event, or the prefetch switched off). */
    static BatchChecks perEvent() {
        return new BatchChecks(false, Set.of(), Set.of(), Map.of(), Map.of(), Instant.MAX, Instant.MIN, Map.of(),
                () -> 0, 0, 0);
    }

    /**
     * Reads the answers for all of {@code events} at once: their processed ids, their orders on record, their
     * customers' first-step emails on record and, for the customers with an order, their clicks and sends from
     * {@code window} before the earliest order to the latest.
     *
     * @param mergesSoFar the identity merges counter: a merge stops the use of the outbox and touch answers
     */
    static BatchChecks prefetch(EntityManager em, List<? extends CustomerEvent> events, Duration window,
                                LongSupplier mergesSoFar) {
        // counted before reading: a merge or an exposure recorded while the reads run must stop their use too
        long mergesAtStart = mergesSoFar.getAsLong();
        long exposuresAtStart = ExperimentService.exposuresRecordedSoFar();
        Set<String> eventIds = new LinkedHashSet<>();
        Set<String> customerIds = new LinkedHashSet<>();
        Set<String> orderIds = new LinkedHashSet<>();
        Set<String> orderingCustomers = new LinkedHashSet<>();
        Instant earliestOrder = Instant.MAX;
        Instant latestOrder = Instant.MIN;
        for (CustomerEvent event : events) {
            eventIds.add(event.eventId());
            customerIds.add(event.customerId());
            if (event instanceof OrderCompleted order) {
                orderIds.add(order.orderId());
                orderingCustomers.add(order.customerId());
                earliestOrder = min(earliestOrder, order.occurredAt());
                latestOrder = max(latestOrder, order.occurredAt());
            }
        }
        Set<String> processed = new HashSet<>(strings(em, "select event_id from processed_event"
                + " where event_id in (:ids)", "processed_event", eventIds));
        Set<String> orders = orderIds.isEmpty() ? new HashSet<>() : new HashSet<>(strings(em,
                "select id from customer_order where id in (:ids)", "customer_order", orderIds));
        Map<String, Set<String>> queued = new HashMap<>();
        customerIds.forEach(id -> queued.put(id, new HashSet<>()));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = synchronizedOn(em.createNativeQuery("select customer_id, campaign from outbox_message"
                        + " where customer_id in (:ids) and step = :step"), "outbox_message")
                .setParameter("ids", customerIds).setParameter("step", EventProcessingService.FIRST_STEP)
                .getResultList();
        rows.forEach(row -> queued.get((String) row[0]).add((String) row[1]));
        Instant from = orderIds.isEmpty() ? Instant.MAX : earliestOrder.minus(window);
        Map<String, List<Touch>> touches = new HashMap<>();
        Map<String, List<ExposureWindow>> exposures = new HashMap<>();
        if (!orderIds.isEmpty()) {
            orderingCustomers.forEach(id -> touches.put(id, List.of()));
            touches.putAll(ConversionAttribution.touchesOf(em, orderingCustomers, from, latestOrder));
            orderingCustomers.forEach(id -> exposures.put(id, List.of()));
            exposures.putAll(ExperimentService.exposuresOf(em, orderingCustomers));
        }
        return new BatchChecks(true, processed, orders, queued, touches, from, latestOrder, exposures, mergesSoFar,
                mergesAtStart, exposuresAtStart);
    }

    /** Whether the event was processed before, in an earlier transaction or earlier in this batch. */
    boolean processed(EntityManager em, String eventId) {
        return prefetched ? processedEvents.contains(eventId) : em.find(ProcessedEvent.class, eventId) != null;
    }

    /** The event's idempotency record is written: a repeat later in the batch is a duplicate. */
    void eventProcessed(String eventId) {
        if (prefetched) {
            processedEvents.add(eventId);
        }
    }

    /** Whether the order is on record, from an earlier transaction or earlier in this batch. */
    boolean orderOnRecord(EntityManager em, String orderId) {
        return prefetched ? ordersOnRecord.contains(orderId) : em.find(CustomerOrder.class, orderId) != null;
    }

    void orderStored(String orderId) {
        if (prefetched) {
            ordersOnRecord.add(orderId);
        }
    }

    /** Whether the campaign's first-step email is on record for the customer, whichever variant. */
    boolean queued(EntityManager em, String campaign, String customerId) {
        Set<String> campaigns = customerAnswersHold() ? queuedCampaigns.get(customerId) : null;
        if (campaigns != null) {
            return campaigns.contains(campaign);
        }
        return em.createQuery("select count(m) from OutboxMessage m where m.campaign = :campaign"
                        + " and m.customerId = :customer and m.step = :step", Long.class)
                .setParameter("campaign", campaign).setParameter("customer", customerId)
                .setParameter("step", EventProcessingService.FIRST_STEP).getSingleResult() > 0;
    }

    /** The campaign's first-step email is queued for the customer: a second decision later in the batch is not. */
    void queuedNow(String campaign, String customerId) {
        Set<String> campaigns = queuedCampaigns.get(customerId);
        if (campaigns != null) {
            campaigns.add(campaign);
        }
    }

    /** The click (else the send) an order at {@code orderedAt} is attributed to, within {@code window}. */
    Optional<Touch> lastTouch(EntityManager em, String customerId, Instant orderedAt, Duration window) {
        Instant from = orderedAt.minus(window);
        List<Touch> candidates = customerAnswersHold() && !from.isBefore(touchesFrom) && !orderedAt.isAfter(touchesTo)
                ? touches.get(customerId) : null;
        if (candidates == null) {
            candidates = ConversionAttribution.touchesOf(em, List.of(customerId), from, orderedAt)
                    .getOrDefault(customerId, List.of());
        }
        return ConversionAttribution.lastTouch(candidates, orderedAt, window);
    }

    /**
     * The customer's experiment exposures an order may convert (ADR 0044): as read at the batch's start while no
     * exposure has been recorded since (the pipeline and the journeys record them; a false alarm costs a re-read)
     * and no merge has moved any, else read now.
     */
    List<ExposureWindow> exposures(EntityManager em, String customerId) {
        List<ExposureWindow> known = customerAnswersHold()
                && ExperimentService.exposuresRecordedSoFar() == exposuresAtStart ? exposures.get(customerId) : null;
        return known != null ? known
                : ExperimentService.exposuresOf(em, List.of(customerId)).getOrDefault(customerId, List.of());
    }

    /** Per-customer answers hold while no merge has moved rows between profiles since the batch began. */
    private boolean customerAnswersHold() {
        return prefetched && mergesSoFar.getAsLong() == mergesAtStart;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(EntityManager em, String sql, String table, Collection<String> ids) {
        return synchronizedOn(em.createNativeQuery(sql), table).setParameter("ids", ids).getResultList();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
