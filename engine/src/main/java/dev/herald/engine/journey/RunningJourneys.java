package dev.herald.engine.journey;

import jakarta.persistence.EntityManager;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.herald.engine.persistence.NativeQueries.synchronizedOn;

/**
 * Which of a batch's customers have a journey run in progress, read in one statement when the batch first asks, so
 * an event of a customer without one does not look for their runs (ADR 0041). A run the batch starts is noted as it
 * starts. Customers not among those read (e.g. reached through an alias) are looked up per event. Runs are started
 * only by events of their customer, and the batch has claimed its customers' ids (ADR 0036), so another transaction
 * starts one meanwhile only for an event naming the customer by another id (an alias) or on another node; the batch
 * then sees that run from its next batch on.
 */
public final class RunningJourneys {

    /** Knows nothing: every event looks for its customer's runs (a single event, or no prefetch). */
    public static final RunningJourneys UNKNOWN = new RunningJourneys(Set.of());

    private final Set<String> customers;
    private Set<String> withRuns;

    private RunningJourneys(Set<String> customers) {
        this.customers = customers;
    }

    /** For the customers of a batch; nothing is read until {@link #mayHaveRuns} is first asked. */
    public static RunningJourneys of(Collection<String> customerIds) {
        return customerIds.isEmpty() ? UNKNOWN : new RunningJourneys(Set.copyOf(customerIds));
    }

    /** False only when the customer is known to have no run in progress. */
    boolean mayHaveRuns(EntityManager em, String customerId) {
        if (!customers.contains(customerId)) {
            return true;
        }
        if (withRuns == null) {
            @SuppressWarnings("unchecked")
            // declared, so the query flushes only pending journey runs, not the event's other writes
            List<Object> rows = synchronizedOn(em.createNativeQuery("select distinct customer_id from journey_instance"
                            + " where status = 'ACTIVE' and customer_id in (:customers)"), "journey_instance")
                    .setParameter("customers", customers).getResultList();
            withRuns = new HashSet<>();
            rows.forEach(id -> withRuns.add((String) id));
        }
        return withRuns.contains(customerId);
    }

    /** A run of the customer started in this batch. */
    void started(String customerId) {
        if (withRuns != null) {
            withRuns.add(customerId);
        }
    }
}
