package dev.herald.engine.experiment.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.experiment.ExperimentDesign;
import dev.herald.engine.experiment.VariantAssigner;
import dev.herald.engine.experiment.report.AbInput;
import dev.herald.engine.experiment.report.AbReport;
import dev.herald.engine.experiment.report.AbReportBuilder;
import dev.herald.engine.experiment.report.ReportFormat;
import dev.herald.engine.experiment.stats.SampleSummary;
import dev.herald.engine.persistence.Transactions;
import dev.herald.engine.consent.Rows;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

import static dev.herald.engine.persistence.NativeQueries.synchronizedOn;

/**
 * Experiments in the database: defines a campaign's experiment, assigns and records exposures (sticky: the
 * stored exposure wins over a recomputation), attributes outcomes to them and reads back the counts of an
 * A/B report. Attribution model:
 * <ul>
 *   <li>open and click: the recipient's exposure in that campaign, only if they were sent something (not
 *       held out) and the event is not before the exposure; each tracking event id counts once;</li>
 *   <li>conversion: an order within the experiment's attribution window after the exposure (sent or held
 *       out, which is what makes the holdout a control), with the order total as revenue; an order counts
 *       once per exposure, and in every experiment whose window it falls in, since each experiment compares
 *       only its own arms.</li>
 * </ul>
 * After an automatic winner is decided, later customers get the winner, and their exposures are left out of
 * the report so they cannot bias it.
 */
public final class ExperimentService {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Upper bound of exposure times while no winner is decided (a date every database stores). */
    private static final Instant NO_DECISION_YET = Instant.parse("9999-12-31T00:00:00Z");

    /** Exposures recorded by every instance (the pipeline's and the journeys'), see {@link #exposuresRecordedSoFar}. */
    private static final LongAdder EXPOSURES_RECORDED = new LongAdder();

    private final Transactions transactions;
    private final Clock clock;

    public ExperimentService(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Defines the experiment of {@code campaign}.
     *
     * @param controlVariant the arm others are compared with; {@code null} = the holdout when there is one,
     *                       else the first arm
     */
    public void define(String campaign, ExperimentDesign design, String controlVariant, Duration attributionWindow) {
        String control = controlVariant != null ? controlVariant
                : design.holdoutShare() > 0 ? ExperimentDesign.HOLDOUT : design.arms().get(0).name();
        boolean known = control.equals(ExperimentDesign.HOLDOUT) && design.holdoutShare() > 0
                || design.arms().stream().anyMatch(a -> a.name().equals(control));
        if (!known) {
            throw new IllegalArgumentException("control " + control + " is not an arm of the design");
        }
        if (attributionWindow.isNegative() || attributionWindow.isZero()) {
            throw new IllegalArgumentException("attribution window must be positive");
        }
        String json;
        try {
            json = JSON.writeValueAsString(design);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the design as JSON", e);
        }
        transactions.inTransaction(em -> {
            if (em.find(ExperimentRecord.class, campaign) != null) {
                throw new IllegalStateException("campaign " + campaign + " already has an experiment");
            }
            em.persist(new ExperimentRecord(campaign, design.salt(), json, control,
                    Math.toIntExact(attributionWindow.toHours()), clock.instant()));
            return null;
        });
        LOG.info("experiment defined for campaign {}: {} arms, holdout {}, control {}", campaign,
                design.arms().size(), design.holdoutShare(), control);
    }

    public Optional<ExperimentDesign> design(String campaign) {
        return transactions.inTransaction(em -> Optional.ofNullable(em.find(ExperimentRecord.class, campaign))
                .map(ExperimentService::design));
    }

    /** Assigns and records, in its own transaction. */
    public Exposure expose(String campaign, String customerId) {
        return transactions.inTransaction(em -> expose(em, campaign, customerId));
    }

    /**
     * The customer's exposure in the campaign's experiment, recorded now if this is the first time, inside the
     * caller's transaction (so the decision, the exposure and the outbox row commit together). A concurrent
     * first exposure of the same customer fails the unique key and rolls the caller back, to be retried.
     */
    public Exposure expose(EntityManager em, String campaign, String customerId) {
        List<Exposure> existing = em.createQuery(
                        "select e from Exposure e where e.campaign = :c and e.customerId = :id", Exposure.class)
                .setParameter("c", campaign).setParameter("id", customerId).getResultList();
        if (!existing.isEmpty()) {
            return existing.get(0);
        }
        ExperimentRecord experiment = requireExperiment(em, campaign);
        Exposure exposure;
        if (experiment.winner() != null) {
            exposure = new Exposure(campaign, customerId, experiment.winner(), false, clock.instant());
        } else {
            VariantAssigner.Assignment assignment = new VariantAssigner(design(experiment)).assign(customerId);
            exposure = new Exposure(campaign, customerId, assignment.variant(), assignment.holdout(), clock.instant());
        }
        em.persist(exposure);
        EXPOSURES_RECORDED.increment();
        return exposure;
    }

    /** Records an open or click; {@code false} when there is nothing to attribute it to. */
    public boolean recordEngagement(String campaign, String customerId, Outcome.Kind kind, String trackingEventId,
            Instant at) {
        if (kind == Outcome.Kind.CONVERSION) {
            throw new IllegalArgumentException("conversions come from orders: use recordOrder");
        }
        return transactions.inTransaction(em -> {
            List<Exposure> exposures = em.createQuery(
                            "select e from Exposure e where e.campaign = :c and e.customerId = :id", Exposure.class)
                    .setParameter("c", campaign).setParameter("id", customerId).getResultList();
            if (exposures.isEmpty() || exposures.get(0).holdout() || at.isBefore(exposures.get(0).exposedAt())) {
                LOG.debug("{} {} of {} in {} not attributed (no email sent before it)", kind, trackingEventId,
                        customerId, campaign);
                return false;
            }
            return addOutcome(em, exposures.get(0).id(), kind, trackingEventId, at, null);
        });
    }

    /** Attributes an order to every exposure whose window it falls in; returns how many. */
    public int recordOrder(String customerId, String orderId, BigDecimal total, Instant orderedAt) {
        return transactions.inTransaction(em -> recordOrder(em, customerId, orderId, total, orderedAt));
    }

    /** Whether the campaign has an experiment, read in the caller's transaction. */
    public static boolean hasExperiment(EntityManager em, String campaign) {
        return em.find(ExperimentRecord.class, campaign) != null;
    }

    /**
     * {@link #recordOrder(String, String, BigDecimal, Instant)} inside the caller's transaction, so the stored
     * order and its conversions commit together (a redelivered order event then attributes nothing twice).
     */
    public int recordOrder(EntityManager em, String customerId, String orderId, BigDecimal total, Instant orderedAt) {
        return recordOrder(em, exposuresOf(em, List.of(customerId)).getOrDefault(customerId, List.of()), orderId,
                total, orderedAt);
    }

    /**
     * Attributes an order to those of its customer's {@code exposures} whose window it falls in (exposures after
     * the order are skipped); returns how many. The exposures come from {@link #exposuresOf}, read per order or
     * once for a batch's customers (ADR 0044).
     */
    public static int recordOrder(EntityManager em, List<ExposureWindow> exposures, String orderId, BigDecimal total,
                                  Instant orderedAt) {
        int attributed = 0;
        for (ExposureWindow exposure : exposures) {
            if (!exposure.exposedAt().isAfter(orderedAt)
                    && !orderedAt.isAfter(exposure.exposedAt().plus(exposure.window()))
                    && addOutcome(em, exposure.exposureId(), Outcome.Kind.CONVERSION, orderId, orderedAt, total)) {
                attributed++;
            }
        }
        return attributed;
    }

    /** An exposure with its experiment's attribution window: what an order of the customer may convert. */
    public record ExposureWindow(long exposureId, Instant exposedAt, Duration window) {
    }

    /**
     * The experiment exposures of {@code customerIds}, by customer, with their experiments' attribution windows:
     * one native query that declares its tables, so it flushes nothing else the transaction has pending.
     */
    public static Map<String, List<ExposureWindow>> exposuresOf(EntityManager em, Collection<String> customerIds) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = synchronizedOn(em.createNativeQuery("select e.customer_id, e.id, e.exposed_at,"
                        + " x.attribution_window_hours from experiment_exposure e join experiment x"
                        + " on x.campaign = e.campaign where e.customer_id in (:customers)"),
                "experiment_exposure", "experiment")
                .setParameter("customers", customerIds).getResultList();
        Map<String, List<ExposureWindow>> byCustomer = new HashMap<>();
        for (Object[] row : rows) {
            byCustomer.computeIfAbsent((String) row[0], id -> new ArrayList<>()).add(new ExposureWindow(
                    ((Number) row[1]).longValue(), Rows.instant(row[2]),
                    Duration.ofHours(((Number) row[3]).longValue())));
        }
        return byCustomer;
    }

    /**
     * How many exposures this process has recorded so far, in any transaction: a batch that read its customers'
     * exposures at its start reads them again per order once this has moved (false alarms only cost a re-read).
     */
    public static long exposuresRecordedSoFar() {
        return EXPOSURES_RECORDED.sum();
    }

    private static boolean addOutcome(EntityManager em, long exposureId, Outcome.Kind kind, String sourceId,
            Instant at, BigDecimal revenue) {
        Long seen = em.createQuery("select count(o) from Outcome o where o.exposureId = :e and o.kind = :k"
                        + " and o.sourceId = :s", Long.class)
                .setParameter("e", exposureId).setParameter("k", kind).setParameter("s", sourceId).getSingleResult();
        if (seen > 0) {
            return false;
        }
        em.persist(new Outcome(exposureId, kind, sourceId, at, revenue));
        return true;
    }

    /**
     * The counts of the campaign's A/B report for {@code metric}. Conversions compare against the holdout
     * when there is one (it is the control that received nothing); opens and clicks need an email, so they
     * leave the holdout out and compare against the first arm (or the defined control arm).
     */
    public AbInput reportInput(String campaign, Outcome.Kind metric) {
        return transactions.inTransaction(em -> {
            ExperimentRecord experiment = requireExperiment(em, campaign);
            ExperimentDesign design = design(experiment);
            boolean withHoldout = metric == Outcome.Kind.CONVERSION && design.holdoutShare() > 0;
            String control = experiment.controlVariant();
            if (!withHoldout && control.equals(ExperimentDesign.HOLDOUT)) {
                control = design.arms().get(0).name();
            }
            Instant until = experiment.winnerDecidedAt() != null ? experiment.winnerDecidedAt() : NO_DECISION_YET;

            Map<String, Double> weights = new LinkedHashMap<>();
            double total = design.arms().stream().mapToDouble(ExperimentDesign.Arm::weight).sum();
            if (withHoldout) {
                weights.put(ExperimentDesign.HOLDOUT, design.holdoutShare());
            }
            for (ExperimentDesign.Arm arm : design.arms()) {
                weights.put(arm.name(), (1 - design.holdoutShare()) * arm.weight() / total);
            }
            Map<String, Long> users = new LinkedHashMap<>();
            Map<String, TreeMap<LocalDate, long[]>> daily = new LinkedHashMap<>();
            for (String variant : weights.keySet()) {
                users.put(variant, 0L);
                daily.put(variant, new TreeMap<>());
            }
            for (Object[] row : em.createQuery("select e.variant, e.exposedAt from Exposure e where e.campaign = :c"
                    + " and e.exposedAt <= :until", Object[].class).setParameter("c", campaign)
                    .setParameter("until", until).getResultList()) {
                String variant = (String) row[0];
                if (users.containsKey(variant)) {
                    users.merge(variant, 1L, Long::sum);
                    daily.get(variant).computeIfAbsent(day((Instant) row[1]), d -> new long[2])[0]++;
                }
            }
            Map<String, Long> conversions = new LinkedHashMap<>();
            Map<String, List<Double>> revenue = new LinkedHashMap<>();
            for (Object[] row : em.createQuery("select e.variant, e.exposedAt, sum(o.revenue) from Exposure e, Outcome o"
                            + " where o.exposureId = e.id and e.campaign = :c and o.kind = :k and e.exposedAt <= :until"
                            + " group by e.id, e.variant, e.exposedAt", Object[].class)
                    .setParameter("c", campaign).setParameter("k", metric).setParameter("until", until)
                    .getResultList()) {
                String variant = (String) row[0];
                if (users.containsKey(variant)) {
                    conversions.merge(variant, 1L, Long::sum);
                    daily.get(variant).computeIfAbsent(day((Instant) row[1]), d -> new long[2])[1]++;
                    revenue.computeIfAbsent(variant, v -> new ArrayList<>())
                            .add(row[2] == null ? 0.0 : ((BigDecimal) row[2]).doubleValue());
                }
            }
            List<AbInput.Variant> variants = new ArrayList<>();
            for (Map.Entry<String, Double> entry : weights.entrySet()) {
                String variant = entry.getKey();
                long n = users.get(variant);
                SampleSummary revenueSummary = null;
                if (metric == Outcome.Kind.CONVERSION) {
                    double[] values = revenue.getOrDefault(variant, List.of()).stream().mapToDouble(Double::doubleValue)
                            .toArray();
                    revenueSummary = SampleSummary.of(values, n - values.length);
                }
                List<AbInput.Day> days = new ArrayList<>();
                daily.get(variant).forEach((date, counts) -> days.add(new AbInput.Day(date, counts[0], counts[1])));
                variants.add(new AbInput.Variant(variant, n, conversions.getOrDefault(variant, 0L), entry.getValue(),
                        revenueSummary, days));
            }
            return new AbInput(control, AbInput.DEFAULT_ALPHA, metric.name().toLowerCase(java.util.Locale.ROOT),
                    AbInput.DEFAULT_MINIMUM_DETECTABLE_EFFECT, AbInput.DEFAULT_POWER, null, variants);
        });
    }

    /**
     * The optional auto-winner: once every arm has {@code minUsersPerArm} users, and a variant beats control
     * significantly after Holm's correction with no sample-ratio mismatch, the best such variant becomes the
     * winner and the rest of the audience gets it. Every evaluation is logged and stored with its reason.
     */
    public WinnerDecision evaluateAutoWinner(String campaign, Outcome.Kind metric, long minUsersPerArm) {
        AbInput input = reportInput(campaign, metric);
        AbReport report = new AbReportBuilder().build(input);
        return transactions.inTransaction(em -> {
            ExperimentRecord experiment = requireExperiment(em, campaign);
            Instant now = clock.instant();
            String winner = null;
            String reason;
            if (experiment.winner() != null) {
                reason = "winner " + experiment.winner() + " was already decided at " + experiment.winnerDecidedAt();
            } else if (report.planning().smallestArm() < minUsersPerArm) {
                reason = "minimum sample not reached: smallest arm has " + report.planning().smallestArm() + " of "
                        + minUsersPerArm + " users";
            } else if (report.srm().mismatch()) {
                reason = "sample-ratio mismatch (p = " + report.srm().pValue() + "): no decision";
            } else {
                // The evaluation runs again and again, so only the always-valid sequential test may decide:
                // stopping at the first fixed-sample p < alpha would declare far more false winners than alpha.
                AbReport.Comparison best = report.sequentialWinner();
                if (best == null) {
                    reason = "no variant beats control " + report.control() + " by the sequential test yet"
                            + smallestSequentialP(report);
                } else {
                    winner = best.variant();
                    reason = "variant " + winner + " beats control " + best.control()
                            + " by the sequential test: always-valid Holm-adjusted p = "
                            + ReportFormat.pValue(best.sequentialPHolm()) + " (fixed-sample Holm-adjusted p = "
                            + ReportFormat.pValue(best.pValueHolm()) + "), " + report.headline();
                    experiment.decideWinner(winner, now);
                }
            }
            WinnerDecision decision = new WinnerDecision(campaign, now, winner, reason);
            em.persist(decision);
            LOG.info("auto-winner for campaign {} ({}): {}", campaign, metric, reason);
            return decision;
        });
    }

    private static String smallestSequentialP(AbReport report) {
        return report.comparisons().stream().map(AbReport.Comparison::sequentialPHolm).filter(p -> p != null)
                .min(Double::compare).map(p -> " (smallest always-valid Holm-adjusted p = " + ReportFormat.pValue(p)
                        + ", needs < " + report.alpha() + ")").orElse("");
    }

    /** One experiment as the console lists it: its design, control, winner (if decided), setting and exposures. */
    public record Summary(String campaign, ExperimentDesign design, String controlVariant, String winner,
            Instant winnerDecidedAt, AutoWinnerSetting autoWinner, long exposures, Instant createdAt) {
    }

    /** Every experiment, by campaign. */
    public List<Summary> list() {
        return transactions.inTransaction(em -> {
            Map<String, Long> exposures = new LinkedHashMap<>();
            for (Object[] row : em.createQuery("select e.campaign, count(e) from Exposure e group by e.campaign",
                    Object[].class).getResultList()) {
                exposures.put((String) row[0], ((Number) row[1]).longValue());
            }
            return em.createQuery("select x from ExperimentRecord x order by x.campaign", ExperimentRecord.class)
                    .getResultList().stream().map(x -> summary(x, exposures.getOrDefault(x.campaign(), 0L))).toList();
        });
    }

    /** The campaign's experiment, or empty when it has none. */
    public Optional<Summary> find(String campaign) {
        return transactions.inTransaction(em -> {
            ExperimentRecord x = em.find(ExperimentRecord.class, campaign);
            if (x == null) {
                return Optional.<Summary>empty();
            }
            long n = em.createQuery("select count(e) from Exposure e where e.campaign = :c", Long.class)
                    .setParameter("c", campaign).getSingleResult();
            return Optional.of(summary(x, n));
        });
    }

    private static Summary summary(ExperimentRecord x, long exposures) {
        return new Summary(x.campaign(), design(x), x.controlVariant(), x.winner(), x.winnerDecidedAt(),
                x.autoWinner(), exposures, x.createdAt());
    }

    /**
     * Turns the auto-winner of the campaign's experiment on or off (with its metric and minimum sample). It only
     * governs future evaluations: a winner already decided stays.
     */
    public void setAutoWinner(String campaign, AutoWinnerSetting setting) {
        transactions.inTransaction(em -> {
            requireExperiment(em, campaign).autoWinner(setting);
            return null;
        });
        LOG.info("auto-winner of campaign {} set to {}", campaign, setting);
    }

    /** The latest auto-winner evaluations of the campaign, newest first. */
    public List<WinnerDecision> decisions(String campaign, int max) {
        return transactions.inTransaction(em -> em.createQuery("select d from WinnerDecision d where d.campaign = :c"
                        + " order by d.decidedAt desc, d.id desc", WinnerDecision.class).setParameter("c", campaign)
                .setMaxResults(max).getResultList());
    }

    /**
     * The scheduled evaluation: runs {@link #evaluateAutoWinner} for every experiment whose auto-winner is on and
     * has no winner yet, with the experiment's own metric and minimum sample. Experiments with the setting off
     * are left alone (their customers keep getting their hashed arm).
     */
    public List<WinnerDecision> evaluateAutoWinners() {
        List<ExperimentRecord> due = transactions.inTransaction(em -> em.createQuery("select x from ExperimentRecord x"
                + " where x.autoWinner = true and x.winner is null order by x.campaign", ExperimentRecord.class)
                .getResultList());
        List<WinnerDecision> decisions = new ArrayList<>();
        for (ExperimentRecord x : due) {
            AutoWinnerSetting setting = x.autoWinner();
            try {
                decisions.add(evaluateAutoWinner(x.campaign(), setting.metric(), setting.minUsersPerArm()));
            } catch (RuntimeException e) {
                LOG.error("auto-winner evaluation of campaign {} failed: {}", x.campaign(), e.getMessage(), e);
            }
        }
        return decisions;
    }

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    private static ExperimentRecord requireExperiment(EntityManager em, String campaign) {
        ExperimentRecord experiment = em.find(ExperimentRecord.class, campaign);
        if (experiment == null) {
            throw new IllegalArgumentException("campaign " + campaign + " has no experiment");
        }
        return experiment;
    }

    private static ExperimentDesign design(ExperimentRecord experiment) {
        try {
            return JSON.readValue(experiment.designJson(), ExperimentDesign.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored design of campaign " + experiment.campaign() + " is unreadable", e);
        }
    }
}
