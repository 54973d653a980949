package dev.herald.engine.journey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.application.ConcurrencyConflicts;
import dev.herald.engine.application.CustomerLocale;
import dev.herald.engine.application.EmailModel;
import dev.herald.engine.customer.Customer;
import dev.herald.engine.decision.Decision;
import dev.herald.engine.delivery.LocalTimes;
import dev.herald.engine.delivery.OutboxMessage;
import dev.herald.engine.event.CustomerEvent;
import dev.herald.engine.experiment.store.ExperimentService;
import dev.herald.engine.experiment.store.Exposure;
import dev.herald.engine.journey.JourneyInstance.Status;
import dev.herald.engine.persistence.Transactions;
import dev.herald.engine.engagement.EngagementListener;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs journeys: starts a customer's run when a journey campaign is decided, moves runs on when an event arrives
 * ({@link #onCustomerEvent}) and when their timer is due ({@link #advanceDue}, the sweep). Every advancement
 * happens in one transaction with the outbox rows it writes, and is idempotent: a run is versioned, the sweep
 * claims due runs with a lease and SKIP LOCKED like the outbox, and an email is queued at most once per
 * (campaign, customer, step, variant). Timers are rows, so they survive restarts. See ADR 0021.
 */
public class JourneyService {

    /** The signal a click in a Herald email gives journeys. */
    public static final String EMAIL_CLICKED = "email_clicked";
    /** The signal an unsubscribe gives journeys (an exit condition). */
    public static final String UNSUBSCRIBED = "unsubscribed";

    /** How long a sweep holds a claimed run: far longer than an advancement takes. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(JourneyService.class);
    private static final int SKIP_LOCKED = -2;
    private static final int MAX_CONFLICT_ATTEMPTS = 3;

    private final Transactions transactions;
    private final JourneyDefinitions definitions;
    private final Clock clock;
    private final ZoneId defaultZone;
    private final Duration lease;
    private final ExperimentService experiments;
    private final ObjectMapper json = new ObjectMapper();
    private volatile java.util.Locale defaultLocale = EmailModel.DEFAULT_LOCALE;

    /**
     * @param defaultZone the time zone of customers who have none on record ("next 09:00" delays)
     * @param lease       how long a sweep holds a claimed run before another sweep may take it
     */
    public JourneyService(Transactions transactions, JourneyDefinitions definitions, Clock clock, ZoneId defaultZone,
                          Duration lease) {
        this.transactions = transactions;
        this.definitions = definitions;
        this.clock = clock;
        this.defaultZone = defaultZone;
        this.lease = lease;
        this.experiments = new ExperimentService(transactions, clock);
    }

    public JourneyService(Transactions transactions, JourneyDefinitions definitions, Clock clock) {
        this(transactions, definitions, clock, ZoneId.of("UTC"), DEFAULT_LEASE);
    }

    /** The locale of customers without a locale or language attribute (default en-GB), for the emails of their runs. */
    public JourneyService withDefaultLocale(java.util.Locale locale) {
        this.defaultLocale = java.util.Objects.requireNonNull(locale, "locale");
        return this;
    }

    /**
     * The hook of the event transaction: signals {@code event} to the customer's running journeys, then starts
     * the journeys among {@code decided}. Returns the decisions that are not journeys (single emails). A service
     * over {@link JourneyDefinitions#NONE} returns them all and touches nothing.
     */
    public List<Decision> afterDecisions(EntityManager em, Customer customer, CustomerEvent event,
                                         List<Decision> decided) {
        return afterDecisions(em, customer, event, decided, RunningJourneys.UNKNOWN);
    }

    /**
     * As above; {@code running} (read for the event's batch) spares looking for the runs of a customer who has none
     * (ADR 0041).
     */
    public List<Decision> afterDecisions(EntityManager em, Customer customer, CustomerEvent event,
                                         List<Decision> decided, RunningJourneys running) {
        if (definitions == JourneyDefinitions.NONE) {
            return decided; // journeys are off: leave any runs on record alone
        }
        if (running.mayHaveRuns(em, customer.id())) {
            onCustomerEvent(em, customer.id(), event.type().wireName(), event.occurredAt());
        }
        List<Decision> singleEmails = new ArrayList<>(decided.size());
        for (Decision decision : decided) {
            Optional<Journey> journey = definitions.find(decision.campaign());
            if (journey.isPresent()) {
                start(em, customer, event, journey.get()).ifPresent(run -> running.started(customer.id()));
            } else {
                singleEmails.add(decision);
            }
        }
        return singleEmails;
    }

    /**
     * Starts {@code journey} for the customer unless they are in it already or its re-entry policy says no.
     * The first steps run at once (a leading send is queued in this transaction).
     *
     * @return the new run, or empty when none was started
     */
    public Optional<JourneyInstance> start(EntityManager em, Customer customer, CustomerEvent event, Journey journey) {
        Instant now = clock.instant();
        if (customer.email() == null || customer.email().isBlank()) {
            LOG.info("journey {} decided for customer {}, who has no email address on record; not started",
                    journey.campaign(), customer.id());
            return Optional.empty();
        }
        List<JourneyInstance> earlier = em.createQuery("select i from JourneyInstance i where i.campaign = :c"
                        + " and i.customerId = :id order by i.entryNumber desc", JourneyInstance.class)
                .setParameter("c", journey.campaign()).setParameter("id", customer.id())
                .setMaxResults(1).getResultList();
        int entry = 1;
        if (!earlier.isEmpty()) {
            JourneyInstance last = earlier.get(0);
            if (last.status() == Status.ACTIVE) {
                LOG.debug("customer {} is already in journey {} (step {}); not started again", customer.id(),
                        journey.campaign(), last.currentStep());
                return Optional.empty();
            }
            if (!journey.reentry().allowsAfter(last.startedAt(), now)) {
                LOG.info("customer {} went through journey {} before (started {}); re-entry {} forbids a new run",
                        customer.id(), journey.campaign(), last.startedAt(), journey.reentry());
                return Optional.empty();
            }
            entry = last.entryNumber() + 1;
        }
        String model = toJson(EmailModel.of(customer, event, journey.campaign(),
                CustomerLocale.read(em, customer.id(), defaultLocale), List.of()));
        JourneyStep first = journey.steps().get(0);
        JourneyInstance run = new JourneyInstance(journey.campaign(), customer.id(), entry, first.id(),
                event.eventId(), event.occurredAt(), model, now);
        em.persist(run);
        LOG.debug("customer {} entered journey {} (entry {})", customer.id(), journey.campaign(), entry);
        enter(em, journey, run, first, now);
        return Optional.of(run);
    }

    /**
     * Tells the customer's running journeys that {@code eventName} happened at {@code at}, inside the caller's
     * transaction: an exit event ends a run, the event a run waits for moves it on. A timer that fell due before
     * the event happened is applied first, so the outcome does not depend on how late the sweep is. Events from before a run
     * started are ignored. Accepts any name (engagement signals such as {@code email_clicked} included).
     *
     * @return how many runs moved
     */
    public int onCustomerEvent(EntityManager em, String customerId, String eventName, Instant at) {
        List<JourneyInstance> runs = em.createQuery("select i from JourneyInstance i where i.customerId = :id"
                        + " and i.status = :active order by i.id", JourneyInstance.class)
                .setParameter("id", customerId).setParameter("active", Status.ACTIVE).getResultList();
        Instant now = clock.instant();
        int moved = 0;
        for (JourneyInstance run : runs) {
            if (at.isBefore(run.triggerAt())) {
                continue;
            }
            Optional<Journey> journey = journeyOf(run, now);
            if (journey.isEmpty()) {
                moved++;
                continue;
            }
            // a timer that fell due before the event happened goes first: a wait that timed out sent its email
            Instant eventOrNow = at.isBefore(now) ? at : now;
            if (run.wakeAt() != null && !run.wakeAt().isAfter(eventOrNow)) {
                wake(em, journey.get(), run, now);
                if (run.status() != Status.ACTIVE) {
                    moved++;
                    continue;
                }
            }
            if (journey.get().exitOn().contains(eventName)) {
                run.end(Status.EXITED, "exit event " + eventName + " at " + at, now);
                LOG.info("customer {} left journey {} at step {}: {}", customerId, run.campaign(),
                        run.currentStep(), eventName);
                moved++;
            } else if (eventName.equals(run.waitingFor())
                    && journey.get().step(run.currentStep()).orElse(null) instanceof JourneyStep.Wait wait) {
                LOG.debug("customer {} in journey {}: {} arrived while waiting at step {}", customerId,
                        run.campaign(), eventName, wait.id());
                goTo(em, journey.get(), run, wait.onEvent(), "event " + eventName, now);
                moved++;
            }
        }
        return moved;
    }

    /** {@link #onCustomerEvent(EntityManager, String, String, Instant)} in a transaction of its own. */
    public int onCustomerEvent(String customerId, String eventName, Instant at) {
        return inTransactionRetryingConflicts(em -> onCustomerEvent(em, customerId, eventName, at));
    }

    /**
     * Clicks and unsubscribes in Herald's emails as the journey signals {@value #EMAIL_CLICKED} and
     * {@value #UNSUBSCRIBED}: a wait for a click moves on, an unsubscribe exit ends the run.
     */
    public EngagementListener engagementSignals() {
        return new EngagementListener() {
            @Override
            public void clicked(String customerId, String campaign, long outboxId, Instant at) {
                onCustomerEvent(customerId, EMAIL_CLICKED, at);
            }

            @Override
            public void unsubscribed(String customerId, String campaign, long outboxId, Instant at) {
                onCustomerEvent(customerId, UNSUBSCRIBED, at);
            }
        };
    }

    /**
     * The sweep: claims up to {@code max} runs whose timer is due (rows locked with SKIP LOCKED and leased, so
     * several sweepers never take the same run) and advances each in its own transaction.
     *
     * @return how many runs were advanced
     */
    public int advanceDue(int max) {
        List<Long> claimed = claimDue(max);
        int advanced = 0;
        for (Long id : claimed) {
            try {
                if (inTransactionRetryingConflicts(em -> advanceClaimed(em, id))) {
                    advanced++;
                }
            } catch (RuntimeException e) {
                // the lease expires and a later sweep tries again; other runs go on
                LOG.error("journey run {} could not be advanced; retried after its lease: {}", id, e.toString());
            }
        }
        return advanced;
    }

    /** Leases up to {@code max} due runs (SKIP LOCKED) and returns their ids, oldest timer first. */
    List<Long> claimDue(int max) {
        Instant now = clock.instant();
        return transactions.inTransaction(em -> {
            List<JourneyInstance> due = em.createQuery("select i from JourneyInstance i where i.status = :active"
                            + " and i.wakeAt <= :now and (i.leaseUntil is null or i.leaseUntil < :now)"
                            + " order by i.wakeAt, i.id", JourneyInstance.class)
                    .setParameter("active", Status.ACTIVE).setParameter("now", now).setMaxResults(max)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .setHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
                    .getResultList();
            due.forEach(run -> run.lease(now.plus(lease)));
            return due.stream().map(JourneyInstance::id).toList();
        });
    }

    private boolean advanceClaimed(EntityManager em, long id) {
        Instant now = clock.instant();
        JourneyInstance run = em.find(JourneyInstance.class, id);
        if (run == null || run.status() != Status.ACTIVE || run.wakeAt() == null || run.wakeAt().isAfter(now)) {
            if (run != null) {
                run.releaseLease();
            }
            return false; // an event moved it meanwhile
        }
        Optional<Journey> journey = journeyOf(run, now);
        if (journey.isPresent()) {
            wake(em, journey.get(), run, now);
        }
        run.releaseLease();
        return true;
    }

    /** The run's timer is due: a delay is over, or a wait timed out. */
    private void wake(EntityManager em, Journey journey, JourneyInstance run, Instant now) {
        JourneyStep step = journey.step(run.currentStep()).orElseThrow();
        if (step instanceof JourneyStep.Wait wait) {
            goTo(em, journey, run, wait.onTimeout(), "timeout of " + wait.event(), now);
        } else {
            goTo(em, journey, run, JourneyStep.NEXT, "delay over", now);
        }
    }

    private void goTo(EntityManager em, Journey journey, JourneyInstance run, String target, String why, Instant now) {
        Optional<JourneyStep> next;
        if (JourneyStep.END.equals(target)) {
            next = Optional.empty();
        } else if (JourneyStep.NEXT.equals(target)) {
            next = journey.after(run.currentStep());
        } else {
            next = journey.step(target);
            if (next.isEmpty()) {
                run.end(Status.FAILED, "step " + target + " is not in journey " + journey.campaign(), now);
                LOG.error("journey {} of customer {} names unknown step {}", journey.campaign(), run.customerId(),
                        target);
                return;
            }
        }
        if (next.isEmpty()) {
            run.end(Status.COMPLETED, why + " at step " + run.currentStep(), now);
            return;
        }
        enter(em, journey, run, next.get(), now);
    }

    /** Enters {@code step} and runs on through sends until a delay or wait (or the end) is reached. */
    private void enter(EntityManager em, Journey journey, JourneyInstance run, JourneyStep step, Instant now) {
        JourneyStep current = step;
        for (int guard = 0; guard <= journey.steps().size(); guard++) {
            run.moveTo(current.id(), now);
            if (current instanceof JourneyStep.Delay delay) {
                Instant wake = wakeAfter(em, delay, run.customerId(), now);
                if (wake.isAfter(now)) {
                    run.sleepUntil(wake, null, now);
                    return;
                }
            } else if (current instanceof JourneyStep.Wait wait) {
                run.sleepUntil(now.plus(wait.timeout()), wait.event(), now);
                return;
            } else if (current instanceof JourneyStep.Send send) {
                send(em, journey, run, send, now);
                if (run.status() != Status.ACTIVE) {
                    return;
                }
            }
            Optional<JourneyStep> next = journey.after(current.id());
            if (next.isEmpty()) {
                run.end(Status.COMPLETED, "last step " + current.id() + " done", now);
                return;
            }
            current = next.get();
        }
        run.end(Status.FAILED, "journey " + journey.campaign() + " does not come to rest (a loop?)", now);
    }

    /** When a delay step entered at {@code now} ends, in the customer's time zone for "next HH:MM". */
    Instant wakeAfter(EntityManager em, JourneyStep.Delay delay, String customerId, Instant now) {
        if (delay.duration() != null) {
            return now.plus(delay.duration());
        }
        ZoneId zone = zoneOf(em.find(Customer.class, customerId));
        return LocalTimes.next(now, delay.untilLocalTime(), zone);
    }

    private ZoneId zoneOf(Customer customer) {
        if (customer == null || customer.timeZone() == null || customer.timeZone().isBlank()) {
            return defaultZone;
        }
        try {
            return ZoneId.of(customer.timeZone());
        } catch (DateTimeException e) {
            LOG.warn("customer {} has an unknown time zone '{}'; using {}", customer.id(), customer.timeZone(),
                    defaultZone);
            return defaultZone;
        }
    }

    private void send(EntityManager em, Journey journey, JourneyInstance run, JourneyStep.Send send, Instant now) {
        Customer customer = em.find(Customer.class, run.customerId());
        if (customer == null || customer.email() == null || customer.email().isBlank()) {
            LOG.info("journey {} step {}: customer {} has no email address on record; nothing queued",
                    journey.campaign(), send.id(), run.customerId());
            return;
        }
        String template = send.template();
        String variant = Decision.DEFAULT_VARIANT;
        if (ExperimentService.hasExperiment(em, journey.campaign())) {
            Exposure exposure = experiments.expose(em, journey.campaign(), customer.id());
            if (exposure.holdout()) {
                run.end(Status.EXITED, "held out of the campaign's experiment", now);
                return;
            }
            variant = exposure.variant();
        } else if (!send.variants().isEmpty()) {
            JourneyStep.Variant drawn = draw(send, journey.campaign(), customer.id());
            variant = drawn.name();
            template = drawn.template();
        }
        String step = run.outboxStep(send.id());
        Long already = em.createQuery("select count(m) from OutboxMessage m where m.campaign = :c"
                        + " and m.customerId = :id and m.step = :step", Long.class)
                .setParameter("c", journey.campaign()).setParameter("id", customer.id()).setParameter("step", step)
                .getSingleResult();
        if (already > 0) {
            LOG.info("journey {} step {} already queued for customer {}; not queued again", journey.campaign(), step,
                    customer.id());
            return;
        }
        em.persist(new OutboxMessage(journey.campaign(), customer.id(), step, variant, run.triggerEventId(),
                template, customer.email(), run.modelJson(), now));
        LOG.debug("journey {} step {}: {} queued for customer {}", journey.campaign(), step, template, customer.id());
    }

    /** A weighted draw fixed by campaign, step and customer, so a retried advancement picks the same variant. */
    static JourneyStep.Variant draw(JourneyStep.Send send, String campaign, String customerId) {
        int total = send.variants().stream().mapToInt(JourneyStep.Variant::weight).sum();
        long h = ("variant:" + send.id() + '\u0000' + campaign + '\u0000' + customerId).hashCode();
        h ^= (h >>> 33);
        h *= 0xff51afd7ed558ccdL;
        h ^= (h >>> 33);
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= (h >>> 33);
        double point = ((h >>> 11) * 0x1.0p-53) * total;
        for (JourneyStep.Variant v : send.variants()) {
            point -= v.weight();
            if (point < 0) {
                return v;
            }
        }
        return send.variants().get(send.variants().size() - 1);
    }

    private Optional<Journey> journeyOf(JourneyInstance run, Instant now) {
        Optional<Journey> journey = definitions.find(run.campaign());
        if (journey.isEmpty()) {
            run.end(Status.FAILED, "campaign " + run.campaign() + " is no longer defined as a journey", now);
            LOG.warn("journey run {} of customer {} ended: campaign {} is no longer a journey", run.id(),
                    run.customerId(), run.campaign());
        } else if (journey.get().step(run.currentStep()).isEmpty()) {
            run.end(Status.FAILED, "step " + run.currentStep() + " was removed from the journey", now);
            LOG.warn("journey run {} of customer {} ended: step {} of {} no longer exists", run.id(),
                    run.customerId(), run.currentStep(), run.campaign());
            return Optional.empty();
        }
        return journey;
    }

    /** The journey of {@code campaign} as this service sees it (tests build further services over the same). */
    Optional<Journey> definitionsForTest(String campaign) {
        return definitions.find(campaign);
    }

    /** How many runs of {@code campaign} are at each step, by status; for {@code herald journeys status}. */
    public List<StepCount> status(String campaign) {
        return transactions.inTransaction(em -> em.createQuery("select i.currentStep, i.status, count(i),"
                        + " min(i.wakeAt) from JourneyInstance i where i.campaign = :c"
                        + " group by i.currentStep, i.status order by i.currentStep, i.status", Object[].class)
                .setParameter("c", campaign).getResultList().stream()
                .map(r -> new StepCount((String) r[0], (Status) r[1], ((Number) r[2]).longValue(), (Instant) r[3]))
                .toList());
    }

    /** Runs of a journey at one step with one status; {@code nextWake} is the earliest timer among them. */
    public record StepCount(String step, Status status, long runs, Instant nextWake) {
    }

    private <T> T inTransactionRetryingConflicts(java.util.function.Function<EntityManager, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.inTransaction(work);
            } catch (RuntimeException e) {
                if (attempt >= MAX_CONFLICT_ATTEMPTS || !ConcurrencyConflicts.isConflict(e)) {
                    throw e;
                }
                LOG.debug("journey advancement met a concurrent update (attempt {}); retrying", attempt);
            }
        }
    }

    private String toJson(Object model) {
        try {
            return json.writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("email model is not serialisable", e);
        }
    }
}
