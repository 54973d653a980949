package dev.herald.engine.schedule;

import dev.herald.engine.application.EventProcessingService;
import dev.herald.engine.application.EventResult;
import dev.herald.engine.application.ProcessingOutcome;
import dev.herald.engine.consent.Rows;
import dev.herald.engine.event.CampaignScheduled;
import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sends scheduled campaigns ({@code trigger.at}, ADR 0061): when a campaign's time has come, every customer with an
 * address is asked about once, in id order and in pages, as a {@code campaign_scheduled} event through the same
 * {@link EventProcessingService} as any event. So the audience, consent, suppression, caps, variants, experiments
 * and journeys apply exactly as for an event-triggered campaign, and the email is an outbox row written with the
 * decision.
 *
 * <p>Nothing is sent twice and nobody is skipped: a run is one {@code scheduled_run} row per campaign and time;
 * its cursor (the last customer asked) moves only past customers whose event committed, and each customer's event
 * id is unique within the run, so redoing a page after a crash is a no-op for those already asked. One node at a
 * time works on a run, under a lease it renews page by page; another node takes over once the lease runs out. A
 * customer whose event fails holds the run at that customer until the next poll. A campaign whose time passed
 * more than {@code maxLate} ago before any node started it (Herald was down) is recorded as missed, not sent.
 */
public final class ScheduledCampaignRuns {

    /** Customers asked per transaction. */
    public static final int PAGE = 100;
    /** Pages per poll at most, so one poll returns within seconds even on a large audience. */
    static final int PAGES_PER_POLL = 20;
    static final Duration LEASE = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledCampaignRuns.class);

    private final Transactions transactions;
    private final EventProcessingService processing;
    private final ScheduledCampaigns campaigns;
    private final Clock clock;
    private final Duration maxLate;
    private final String owner;
    /** Runs this node saw done or missed: they never change again, so they are not read at every poll. */
    private final java.util.Set<ScheduledCampaigns.Scheduled> settled = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param maxLate how late a run may start; later, the campaign is recorded as missed
     * @param owner   this node's name in the lease (any text unique among the nodes)
     */
    public ScheduledCampaignRuns(Transactions transactions, EventProcessingService processing,
                                 ScheduledCampaigns campaigns, Clock clock, Duration maxLate, String owner) {
        if (maxLate.isNegative() || maxLate.isZero()) {
            throw new IllegalArgumentException("the longest delay for a scheduled campaign must be positive, not "
                    + maxLate);
        }
        this.transactions = transactions;
        this.processing = processing;
        this.campaigns = campaigns;
        this.clock = clock;
        this.maxLate = maxLate;
        this.owner = owner;
    }

    /** One run as stored: what it did so far. */
    public record Run(long id, String campaign, Instant sendAt, Outcome outcome, Instant startedAt,
                      Instant finishedAt, long customers, long decided, long emails) {
    }

    /** Where a run stands. */
    public enum Outcome {
        /** Asking customers. */
        RUNNING,
        /** Every customer was asked. */
        DONE,
        /** Herald was not running within the allowed delay after the time: nothing was sent. */
        MISSED
    }

    /** What one poll did: customers asked, campaigns decided and emails queued, over all due runs. */
    public record Poll(int customers, int decided, int emails) {

        static final Poll NOTHING = new Poll(0, 0, 0);

        Poll plus(Poll other) {
            return new Poll(customers + other.customers, decided + other.decided, emails + other.emails);
        }
    }

    /** Starts or continues every due run, up to {@link #PAGES_PER_POLL} pages each. */
    public Poll poll() {
        Instant now = clock.instant();
        Poll done = Poll.NOTHING;
        for (ScheduledCampaigns.Scheduled due : campaigns.scheduled()) {
            if (due.at().isAfter(now) || settled.contains(due)) {
                continue;
            }
            Optional<Run> run = runOf(due, now);
            if (run.isPresent() && run.get().outcome() != Outcome.RUNNING) {
                settled.add(due); // done or missed for good: no need to read it again
            }
            if (run.isEmpty() || run.get().outcome() != Outcome.RUNNING || !claim(run.get().id(), now)) {
                continue;
            }
            done = done.plus(work(run.get()));
        }
        return done;
    }

    /** Polls until no due run has work left (or one is held by a failing customer); for commands and tests. */
    public Poll runDue() {
        Poll done = Poll.NOTHING;
        for (Poll poll = poll(); poll.customers() > 0; poll = poll()) {
            done = done.plus(poll);
        }
        return done;
    }

    /** Every run on record, newest scheduled time first. */
    public List<Run> runs() {
        return runs(transactions);
    }

    /** Every run on record in this database, newest scheduled time first (for the console and commands). */
    public static List<Run> runs(Transactions transactions) {
        return transactions.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select id, campaign, send_at, outcome, started_at, finished_at,"
                    + " customers, decided, emails from scheduled_run order by send_at desc, campaign").getResultList();
            return rows.stream().map(ScheduledCampaignRuns::runOf).toList();
        });
    }

    /** The run of this campaign and time, created when first due: running, or missed when it is too late. */
    private Optional<Run> runOf(ScheduledCampaigns.Scheduled due, Instant now) {
        Optional<Run> stored = find(due);
        if (stored.isPresent()) {
            return stored;
        }
        boolean missed = Duration.between(due.at(), now).compareTo(maxLate) > 0;
        try {
            transactions.inTransaction(em -> {
                Object max = em.createNativeQuery("select max(id) from scheduled_run").getSingleResult();
                long id = max == null ? 1 : ((Number) max).longValue() + 1;
                em.createNativeQuery("insert into scheduled_run (id, campaign, send_at, outcome, started_at,"
                                + " customers, decided, emails) values (?1, ?2, ?3, ?4, ?5, 0, 0, 0)")
                        .setParameter(1, id).setParameter(2, due.campaign()).setParameter(3, due.at())
                        .setParameter(4, (missed ? Outcome.MISSED : Outcome.RUNNING).name()).setParameter(5, now)
                        .executeUpdate();
                if (missed) {
                    em.createNativeQuery("update scheduled_run set finished_at = ?1 where id = ?2")
                            .setParameter(1, now).setParameter(2, id).executeUpdate();
                }
                return id;
            });
        } catch (RuntimeException e) {
            // another node created it first (same campaign and time, or the same next id): use what is stored
            LOG.debug("scheduled run of {} at {} not created here ({}); reading it", due.campaign(), due.at(),
                    e.toString());
            return find(due);
        }
        if (missed) {
            LOG.warn("scheduled campaign {} was due at {}, more than {} ago, and Herald was not running then: it is"
                    + " recorded as missed and not sent (herald.schedule.max-late-ms)", due.campaign(), due.at(),
                    maxLate);
        } else {
            LOG.info("scheduled campaign {} (due {}) starts", due.campaign(), due.at());
        }
        return find(due);
    }

    private Optional<Run> find(ScheduledCampaigns.Scheduled due) {
        return transactions.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select id, campaign, send_at, outcome, started_at, finished_at,"
                            + " customers, decided, emails from scheduled_run where campaign = ?1 and send_at = ?2")
                    .setParameter(1, due.campaign()).setParameter(2, due.at()).getResultList();
            return rows.stream().findFirst().map(ScheduledCampaignRuns::runOf);
        });
    }

    private static Run runOf(Object[] row) {
        return new Run(((Number) row[0]).longValue(), Rows.text(row[1]), Rows.instant(row[2]),
                Outcome.valueOf(Rows.text(row[3])), Rows.instant(row[4]), row[5] == null ? null : Rows.instant(row[5]),
                ((Number) row[6]).longValue(), ((Number) row[7]).longValue(), ((Number) row[8]).longValue());
    }

    /** Takes or renews the run's lease; false while another node holds it. */
    private boolean claim(long runId, Instant now) {
        return transactions.inTransaction(em -> em.createNativeQuery("update scheduled_run set owner = ?1,"
                        + " lease_until = ?2 where id = ?3 and outcome = ?4"
                        + " and (owner is null or owner = ?1 or lease_until < ?5)")
                .setParameter(1, owner).setParameter(2, now.plus(LEASE)).setParameter(3, runId)
                .setParameter(4, Outcome.RUNNING.name()).setParameter(5, now).executeUpdate() == 1);
    }

    private Poll work(Run run) {
        Poll done = Poll.NOTHING;
        for (int page = 0; page < PAGES_PER_POLL; page++) {
            List<String> ids = transactions.inTransaction(em -> nextCustomers(em, cursorOf(em, run.id())));
            if (ids.isEmpty()) {
                finish(run);
                break;
            }
            List<CampaignScheduled> events = ids.stream().map(id -> new CampaignScheduled(
                    CampaignScheduled.eventIdOf(run.id(), id), id, run.campaign(), run.sendAt())).toList();
            List<EventResult> results = processing.processBatch(events);
            // the cursor stops before the first failure; customers after it that did commit are no-ops when asked
            // again, so they are counted now and never twice
            int firstFailure = results.size();
            int asked = 0;
            int pageDecided = 0;
            int pageEmails = 0;
            for (int i = 0; i < results.size(); i++) {
                EventResult result = results.get(i);
                if (result.failure().isPresent()) {
                    firstFailure = Math.min(firstFailure, i);
                    continue;
                }
                ProcessingOutcome outcome = result.outcome().orElseThrow();
                if (!outcome.duplicate()) {
                    asked++;
                    pageDecided += outcome.decisions().size();
                    pageEmails += outcome.queued();
                }
            }
            String newCursor = firstFailure == 0 ? null : ids.get(firstFailure - 1); // null: stays where it is
            if (!advance(run.id(), newCursor, asked, pageDecided, pageEmails)) {
                LOG.info("scheduled campaign {}: another node took the run over; stopping here", run.campaign());
                break;
            }
            done = done.plus(new Poll(asked, pageDecided, pageEmails));
            if (firstFailure < results.size()) {
                LOG.warn("scheduled campaign {}: customer {} failed ({}); the run waits there and tries again at the"
                        + " next poll", run.campaign(), ids.get(firstFailure),
                        results.get(firstFailure).failure().orElseThrow().toString());
                break;
            }
        }
        return done;
    }

    private static String cursorOf(EntityManager em, long runId) {
        Object cursor = em.createNativeQuery("select cursor_id from scheduled_run where id = ?1")
                .setParameter(1, runId).getSingleResult();
        return cursor == null ? null : Rows.text(cursor);
    }

    /** The next customers with an address after the cursor, in id order (merged-away and erased ones have none). */
    private static List<String> nextCustomers(EntityManager em, String cursor) {
        @SuppressWarnings("unchecked")
        List<Object> ids = (cursor == null
                ? em.createNativeQuery("select id from customer where email is not null and email <> '' order by id")
                : em.createNativeQuery("select id from customer where email is not null and email <> '' and id > ?1"
                        + " order by id").setParameter(1, cursor))
                .setMaxResults(PAGE).getResultList();
        List<String> out = new ArrayList<>(ids.size());
        ids.forEach(id -> out.add(Rows.text(id)));
        return out;
    }

    /** Moves the cursor (unless null) and adds the counts, if this node still holds the run. */
    private boolean advance(long runId, String cursor, int customers, int decided, int emails) {
        Instant now = clock.instant();
        return transactions.inTransaction(em -> {
            jakarta.persistence.Query update = em.createNativeQuery("update scheduled_run set"
                            + (cursor == null ? "" : " cursor_id = :cursor,") + " customers = customers + :customers,"
                            + " decided = decided + :decided, emails = emails + :emails, lease_until = :lease"
                            + " where id = :id and owner = :owner")
                    .setParameter("customers", customers).setParameter("decided", decided)
                    .setParameter("emails", emails).setParameter("lease", now.plus(LEASE)).setParameter("id", runId)
                    .setParameter("owner", owner);
            if (cursor != null) {
                update.setParameter("cursor", cursor);
            }
            return update.executeUpdate() == 1;
        });
    }

    private void finish(Run run) {
        Instant now = clock.instant();
        int finished = transactions.inTransaction(em -> em.createNativeQuery("update scheduled_run set outcome = ?1,"
                        + " finished_at = ?2, owner = null, lease_until = null, cursor_id = null"
                        + " where id = ?3 and owner = ?4")
                .setParameter(1, Outcome.DONE.name()).setParameter(2, now).setParameter(3, run.id())
                .setParameter(4, owner).executeUpdate());
        if (finished == 1) {
            find(new ScheduledCampaigns.Scheduled(run.campaign(), run.sendAt())).ifPresent(r -> LOG.info(
                    "scheduled campaign {} (due {}) done: {} customers asked, {} decided, {} emails queued",
                    r.campaign(), r.sendAt(), r.customers(), r.decided(), r.emails()));
        }
    }
}
