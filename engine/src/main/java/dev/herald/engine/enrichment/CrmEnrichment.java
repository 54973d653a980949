package dev.herald.engine.enrichment;

import dev.herald.engine.customer.Customer;
import dev.herald.engine.identity.CustomerAttributes;
import dev.herald.engine.identity.IdentityKind;
import dev.herald.engine.identity.IdentityService;
import dev.herald.engine.persistence.Transactions;
import dev.herald.engine.segment.OrderSegmentRefresh;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * CRM enrichment (ADR 0018). Events only note what is missing ({@link #requestIfIncomplete}, in the event's
 * transaction, no network); {@link #sweep()} — run by a timer — takes due requests, asks the CRM through a
 * retry (exponential backoff, for timeouts and 5xx) inside a circuit breaker, and writes what it learnt:
 * missing name or email on the profile, mapped attributes (source {@code crm}), the CRM id as an identity key.
 * A failure leaves the request pending with its error and a later due time (the server's Retry-After for
 * 429), so nothing waits on the CRM and nothing is forgotten; answers are cached for {@code cacheTtl}.
 */
public class CrmEnrichment implements EnrichmentRequests {

    /** Source recorded on attributes the CRM filled. */
    public static final String SOURCE = "crm";

    private static final Logger LOG = LoggerFactory.getLogger(CrmEnrichment.class);
    private static final int SKIP_LOCKED = -2;
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final CrmSettings settings;
    private final CrmClient client;
    private final Transactions transactions;
    private final Clock clock;
    private final IdentityService identities;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(CrmClient.Lookup lookup, Instant until) {
    }

    /** What one sweep did, for logs and tests. */
    public record SweepResult(int enriched, int notFound, int failed, int deferred) {

        public int handled() {
            return enriched + notFound + failed + deferred;
        }
    }

    public CrmEnrichment(CrmSettings settings, CrmClient client, Transactions transactions, Clock clock) {
        this.settings = settings;
        this.client = client;
        this.transactions = transactions;
        this.clock = clock;
        this.identities = new IdentityService(OrderSegmentRefresh.NONE);
        this.breaker = CircuitBreaker.of("crm", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(Math.max(10, settings.minimumCalls()))
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRate())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordExceptions(CrmClient.Unavailable.class)
                .ignoreExceptions(CrmClient.RateLimited.class, CrmClient.Rejected.class)
                .build());
        this.retry = Retry.of("crm", RetryConfig.custom()
                .maxAttempts(settings.attempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.backoff(), 2.0))
                .retryExceptions(CrmClient.Unavailable.class)
                .build());
    }

    public CrmEnrichment(CrmSettings settings, Transactions transactions, Clock clock) {
        this(settings, new CrmClient(settings, clock), transactions, clock);
    }

    public CircuitBreaker.State circuitState() {
        return breaker.getState();
    }

    @Override
    public void requestIfIncomplete(EntityManager em, Customer customer, Instant now) {
        if (IdentityService.isAnonymous(customer.id())) {
            return; // the CRM knows customers, not anonymous visitors
        }
        if (settings.lookupPath().contains("{email}") && (customer.email() == null || customer.email().isBlank())) {
            return;
        }
        if (isComplete(em, customer)) {
            return;
        }
        EnrichmentRequest request = em.find(EnrichmentRequest.class, customer.id());
        if (request == null) {
            em.persist(new EnrichmentRequest(customer.id(), now));
        } else if (request.status() != EnrichmentRequest.Status.PENDING
                && request.updatedAt().plus(settings.refreshAfter()).isBefore(now)) {
            request.renew(now);
        }
    }

    private boolean isComplete(EntityManager em, Customer customer) {
        if (settings.fields().containsKey("name") && (customer.name() == null || customer.name().isBlank())) {
            return false;
        }
        if (settings.fields().containsKey("email") && (customer.email() == null || customer.email().isBlank())) {
            return false;
        }
        Set<String> wanted = settings.attributeTargets();
        if (wanted.isEmpty()) {
            return true;
        }
        @SuppressWarnings("unchecked")
        List<String> present = em.createNativeQuery("select name from customer_attribute where customer_id = :c")
                .setParameter("c", customer.id()).getResultList();
        return new HashSet<>(present).containsAll(wanted);
    }

    /** Takes up to {@code batch} due requests and asks the CRM about each; stops early while the circuit is open. */
    public SweepResult sweep(int batch) {
        Instant now = clock.instant();
        List<String> due = transactions.inTransaction(em -> {
            List<EnrichmentRequest> rows = em.createQuery("select r from EnrichmentRequest r where r.status = :pending"
                            + " and r.dueAt <= :now and (r.leaseUntil is null or r.leaseUntil < :now)"
                            + " order by r.dueAt", EnrichmentRequest.class)
                    .setParameter("pending", EnrichmentRequest.Status.PENDING.name())
                    .setParameter("now", now)
                    .setMaxResults(batch)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .setHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
                    .getResultList();
            List<String> ids = new ArrayList<>();
            for (EnrichmentRequest r : rows) {
                r.lease(now.plus(LEASE));
                ids.add(r.customerId());
            }
            return ids;
        });
        int enriched = 0;
        int notFound = 0;
        int failed = 0;
        int deferred = 0;
        for (int i = 0; i < due.size(); i++) {
            String customerId = due.get(i);
            String email = transactions.inTransaction(em -> {
                Customer c = em.find(Customer.class, customerId);
                return c == null ? null : c.email();
            });
            try {
                CrmClient.Lookup lookup = lookup(customerId, email);
                if (lookup.found()) {
                    apply(customerId, lookup.fields());
                    enriched++;
                } else {
                    complete(customerId, EnrichmentRequest.Status.NOT_FOUND);
                    notFound++;
                }
            } catch (CallNotPermittedException open) {
                // the CRM is down: leave this and the rest of the batch for when the circuit lets calls through
                for (String left : due.subList(i, due.size())) {
                    fail(left, "CRM circuit open", clock.instant().plus(settings.openFor()), false);
                }
                deferred += due.size() - i;
                LOG.warn("CRM circuit is open; {} enrichment(s) deferred by {}", due.size() - i, settings.openFor());
                break;
            } catch (CrmClient.RateLimited limited) {
                fail(customerId, limited.getMessage(), limited.retryAt(), false);
                deferred++;
            } catch (CrmClient.Unavailable | CrmClient.Rejected e) {
                fail(customerId, e.getMessage(), null, true);
                failed++;
            }
        }
        SweepResult result = new SweepResult(enriched, notFound, failed, deferred);
        if (result.handled() > 0) {
            LOG.info("CRM enrichment: {} enriched, {} unknown to the CRM, {} failed, {} deferred", enriched, notFound,
                    failed, deferred);
        }
        return result;
    }

    private CrmClient.Lookup lookup(String customerId, String email) {
        Instant now = clock.instant();
        Cached cached = cache.get(customerId);
        if (cached != null && cached.until().isAfter(now)) {
            return cached.lookup();
        }
        Supplier<CrmClient.Lookup> call = Retry.decorateSupplier(retry,
                CircuitBreaker.decorateSupplier(breaker, () -> client.fetch(customerId, email)));
        CrmClient.Lookup lookup = call.get();
        if (cache.size() > 10_000) {
            cache.clear(); // a crude bound: the cache only saves calls, it holds nothing that matters
        }
        cache.put(customerId, new Cached(lookup, now.plus(settings.cacheTtl())));
        return lookup;
    }

    private void apply(String customerId, Map<String, Object> fields) {
        transactions.inTransaction(em -> {
            Instant now = clock.instant();
            EnrichmentRequest request = em.find(EnrichmentRequest.class, customerId);
            String id = identities.canonical(em, customerId);
            Customer customer = em.find(Customer.class, id);
            if (customer == null) {
                if (request != null) {
                    em.remove(request); // merged away or erased meanwhile
                }
                return null;
            }
            em.lock(customer, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
            customer.fillMissingContact(text(fields.get("email")), text(fields.get("name")), now);
            for (String target : settings.attributeTargets()) {
                Object value = fields.get(target);
                if (value == null) {
                    continue;
                }
                var stored = CustomerAttributes.read(em, id, target);
                if (stored.isPresent() && !SOURCE.equals(stored.get().source())) {
                    continue; // what the customer or an import said stays; the CRM fills gaps and refreshes its own
                }
                if (value instanceof BigDecimal number) {
                    CustomerAttributes.put(em, id, target, null, number, SOURCE, now);
                } else {
                    CustomerAttributes.put(em, id, target, value.toString(), null, SOURCE, now);
                }
                if (target.equals("crm_id")) {
                    identities.link(em, IdentityKind.CRM_ID, value.toString(), id, "crm", now);
                }
            }
            if (request != null) {
                request.complete(EnrichmentRequest.Status.DONE, now);
            }
            return null;
        });
    }

    private void complete(String customerId, EnrichmentRequest.Status status) {
        transactions.inTransaction(em -> {
            EnrichmentRequest request = em.find(EnrichmentRequest.class, customerId);
            if (request != null) {
                request.complete(status, clock.instant());
            }
            return null;
        });
    }

    /**
     * Records a failed try. {@code retryAt} null means backoff: {@code sweepRetry} doubled per attempt; a try
     * refused by the server's rate limit or the open circuit does not count towards giving up.
     */
    private void fail(String customerId, String error, Instant retryAt, boolean counts) {
        transactions.inTransaction(em -> {
            EnrichmentRequest request = em.find(EnrichmentRequest.class, customerId);
            if (request == null) {
                return null;
            }
            Instant now = clock.instant();
            int attempt = request.attempts() + (counts ? 1 : 0);
            Instant when = retryAt != null ? retryAt
                    : now.plus(settings.sweepRetry().multipliedBy(1L << Math.min(10, Math.max(0, attempt - 1))));
            boolean giveUp = counts && attempt >= settings.maxSweepAttempts();
            request.failed(error, when, giveUp, now, counts);
            if (giveUp) {
                LOG.warn("CRM enrichment of customer {} given up after {} attempts: {}", customerId, attempt, error);
            }
            return null;
        });
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
