package dev.herald.engine.application;

import dev.herald.engine.consent.SuppressionList;
import dev.herald.engine.customer.Customer;
import dev.herald.engine.decision.DecisionContext;
import dev.herald.engine.decision.RecommendationScore;
import dev.herald.engine.event.CustomerAliased;
import dev.herald.engine.event.CustomerEvent;
import dev.herald.engine.event.CustomerIdentified;
import dev.herald.engine.experiment.store.ExperimentService;
import dev.herald.engine.identity.IdentityKeys;
import dev.herald.engine.identity.IdentityService;
import dev.herald.engine.journey.RunningJourneys;
import dev.herald.engine.segment.OrderSegmentRefresh;
import dev.herald.engine.segment.RfmBreakpoints;
import jakarta.persistence.EntityManager;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reads behind a batch's decisions, done once for all the batch's customers (IN-list queries) at the start
 * of its transaction instead of once per event (ADR 0038): their stored facts, the suppression of their
 * addresses, and whether a campaign has an experiment.
 *
 * <p>A prefetched customer's facts are used only while nothing in the batch can have changed them; otherwise
 * that customer's context is read per event, as before, so every event still sees the effects of the events
 * before it and of its own writes:
 * <ul>
 *   <li>after an event of the customer was applied (its outbox rows, journeys, anything it wrote), that
 *       customer is read per event for the rest of the batch;</li>
 *   <li>an identify (traits, consent) or alias event reads its customer per event;</li>
 *   <li>an order that was stored takes the customer's segments and RFM from what its refresh wrote, or reads
 *       them again when the refresh cannot say (ADR 0041);</li>
 *   <li>a merge anywhere (identity resolution, {@link dev.herald.engine.identity.IdentityService#mergesSoFar})
 *       stops the use of prefetched facts for the rest of the batch;</li>
 *   <li>a customer not prefetched (e.g. an alias led to another profile) is read per event.</li>
 * </ul>
 * Suppression is looked up by the hash of the customer's address at decision time (so a changed address is
 * seen); hashes not prefetched are read then. Other transactions' changes made while the batch runs (a send
 * marked failed, an address suppressed) are seen as of the batch's start rather than of the event's: the batch
 * is a few hundred milliseconds at most, and the send-time gates check suppression and caps again.
 */
final class BatchReads {

    private final Map<String, DecisionContextLoader.StoredFacts> prefetched;
    private final Map<String, Boolean> suppressedByHash;
    private final Set<String> readPerEvent = new HashSet<>();
    private boolean prefetchUsable;
    private final Map<String, Boolean> experimentByCampaign = new HashMap<>();
    private final IdentityKeys identityKeys;
    private final RfmBreakpoints rfmBreakpoints = new RfmBreakpoints();
    private final RunningJourneys runningJourneys;
    /** What the current event's order refresh wrote, by customer, until its decision context is built. */
    private final Map<String, OrderSegmentRefresh.Written> refreshed = new HashMap<>();

    private BatchReads(Map<String, DecisionContextLoader.StoredFacts> prefetched,
                       Map<String, Boolean> suppressedByHash, IdentityKeys identityKeys,
                       RunningJourneys runningJourneys) {
        this.prefetched = prefetched;
        this.suppressedByHash = suppressedByHash;
        this.prefetchUsable = !prefetched.isEmpty();
        this.identityKeys = identityKeys;
        this.runningJourneys = runningJourneys;
    }

    /** Nothing prefetched: every context is read per event (a single event, or a batch of one). */
    static BatchReads perEvent() {
        return new BatchReads(Map.of(), new HashMap<>(), IdentityKeys.NONE, RunningJourneys.UNKNOWN);
    }

    /**
     * Reads the stored facts of the batch's customers and the suppression of their addresses, all at once; and the
     * identity keys resolving the events looks up (one statement), and which customers have journey runs in progress
     * (one statement, when first asked): ADR 0041.
     */
    static BatchReads prefetch(EntityManager em, List<? extends CustomerEvent> events, IdentityService identities) {
        Set<String> customerIds = new LinkedHashSet<>();
        Set<String> hashes = new LinkedHashSet<>();
        for (CustomerEvent event : events) {
            customerIds.add(event.customerId());
            String hash = SuppressionList.hashOrNull(event.email());
            if (hash != null) {
                hashes.add(hash);
            }
        }
        Map<String, DecisionContextLoader.StoredFacts> facts = DecisionContextLoader.storedFacts(em, customerIds);
        @SuppressWarnings("unchecked")
        List<Object> stored = em.createNativeQuery("select email from customer where id in (:customers)")
                .setParameter("customers", customerIds).getResultList();
        for (Object email : stored) {
            String hash = SuppressionList.hashOrNull((String) email);
            if (hash != null) {
                hashes.add(hash);
            }
        }
        Set<String> suppressed = SuppressionList.suppressedAmong(em, hashes);
        Map<String, Boolean> byHash = new HashMap<>();
        hashes.forEach(hash -> byHash.put(hash, suppressed.contains(hash)));
        return new BatchReads(facts, byHash, identities.readKeys(em, events), RunningJourneys.of(customerIds));
    }

    /**
     * The decision context of {@code event} for {@code customer}, read after the event's own writes.
     *
     * @param orderStored the event stored a new order (segments and RFM may have moved)
     * @param mergedMeanwhile a merge happened since the event began (identity resolution)
     */
    DecisionContext contextFor(EntityManager em, Customer customer, CustomerEvent event, boolean orderStored,
                               boolean mergedMeanwhile, List<RecommendationScore> recommendations) {
        if (mergedMeanwhile) {
            prefetchUsable = false;
        }
        String id = customer.id();
        OrderSegmentRefresh.Written written = refreshed.remove(id);
        DecisionContextLoader.StoredFacts stored = prefetchUsable && !readPerEvent.contains(id)
                && !(event instanceof CustomerIdentified) && !(event instanceof CustomerAliased)
                ? prefetched.get(id) : null;
        if (stored == null) {
            return DecisionContextLoader.load(em, id, event, recommendations);
        }
        if (orderStored) {
            // the refresh said what it wrote (ADR 0041); one that cannot say is read back
            stored = written != null && written.known() ? stored.afterRefresh(written)
                    : stored.withSegmentsReadAgain(em);
        }
        return stored.context(event, recommendations, stored.consentFacts(suppressed(em, customer.email())));
    }

    /**
     * What the segment refresh after the customer's stored order wrote ({@link OrderSegmentRefresh#refreshAfterOrder}):
     * the decision that follows takes the customer's segments and RFM from it instead of reading them back.
     */
    void segmentsRefreshed(String customerId, OrderSegmentRefresh.Written written) {
        refreshed.put(customerId, written);
    }

    /** The RFM breakpoints, read at the batch's first stored order and kept for the rest of it. */
    RfmBreakpoints rfmBreakpoints() {
        return rfmBreakpoints;
    }

    /** The identity keys read for the batch, for {@link IdentityService#resolve}; none for a single event. */
    IdentityKeys identityKeys() {
        return identityKeys;
    }

    /** Which of the batch's customers have journey runs in progress, for {@link dev.herald.engine.journey.JourneyService}. */
    RunningJourneys runningJourneys() {
        return runningJourneys;
    }

    /** The event of this customer is applied: what it wrote is not in the prefetched facts. */
    void applied(String customerId) {
        readPerEvent.add(customerId);
    }

    /**
     * Whether the campaign has an experiment, asked once per campaign and batch: experiments are created and
     * ended outside the event pipeline, and a batch sees them as of its first question.
     */
    boolean hasExperiment(EntityManager em, String campaign) {
        return experimentByCampaign.computeIfAbsent(campaign, c -> ExperimentService.hasExperiment(em, c));
    }

    private boolean suppressed(EntityManager em, String address) {
        String hash = SuppressionList.hashOrNull(address);
        return hash != null && suppressedByHash.computeIfAbsent(hash, h -> SuppressionList.find(em, h).isPresent());
    }
}
