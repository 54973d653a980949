package dev.herald.engine.segment;

import dev.herald.engine.persistence.NativeQueries;
import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RFM over the stored orders: recency (days since the last order), frequency (orders) and monetary value
 * (sum of order totals) per customer as of a date, scored in quintiles ({@link RfmModel}) and named
 * ({@link RfmSegment}). A full computation stores the values, the breakpoints and the memberships of scheme
 * {@value #SCHEME}; {@link #refresh} re-scores one customer against the stored breakpoints when an order
 * arrives.
 */
public final class RfmService {

    /** The membership scheme RFM segments are stored under. */
    public static final String SCHEME = "rfm";

    private static final Logger LOG = LoggerFactory.getLogger(RfmService.class);
    private static final int INSERT_CHUNK = 200;

    private final Transactions transactions;
    private final SegmentChangeListener listener;

    public RfmService(Transactions transactions, SegmentChangeListener listener) {
        this.transactions = transactions;
        this.listener = listener;
    }

    /** What a full computation did; {@code seconds} covers reading, scoring and storing. */
    public record Result(Instant asOf, RfmModel model, List<RfmModel.Scored> scored, List<SegmentChange> changes,
                         double seconds) {
    }

    /**
     * Computes, stores and returns RFM for every customer with an order before {@code asOf}.
     *
     * @param asOf the reference instant, or null for the start of the day after the latest order
     */
    public Result computeAll(Instant asOf, Instant now) {
        long start = System.nanoTime();
        Result result = transactions.inTransaction(em -> {
            Instant reference = asOf != null ? asOf : defaultAsOf(em);
            List<RfmModel.Values> values = values(em, reference, null);
            RfmModel model = RfmModel.fit(values);
            List<RfmModel.Scored> scored = model.scoreAll(values);
            storeBreakpoints(em, model, reference);
            em.createNativeQuery("delete from customer_rfm").executeUpdate();
            for (int from = 0; from < scored.size(); from += INSERT_CHUNK) {
                insertRfm(em, scored.subList(from, Math.min(scored.size(), from + INSERT_CHUNK)), reference);
            }
            Map<String, String> segments = new LinkedHashMap<>();
            scored.forEach(s -> segments.put(s.values().customerId(), s.segment().label()));
            List<SegmentChange> changes = SegmentMemberships.apply(em, SCHEME, segments, now);
            return new Result(reference, model, scored, changes, 0);
        });
        result.changes().forEach(listener::onSegmentChanged);
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("RFM of {} customers as of {}: {} segment change(s) in {} s", result.scored().size(), result.asOf(),
                result.changes().size(), String.format("%.3f", seconds));
        return new Result(result.asOf(), result.model(), result.scored(), result.changes(), seconds);
    }

    /**
     * Re-scores one customer (as of {@code now}) against the stored breakpoints, inside the caller's
     * transaction, and moves their membership when the segment changed. Empty when no full computation
     * has run yet, or the customer has no order.
     */
    public static Optional<RfmModel.Scored> refresh(EntityManager em, String customerId, Instant now,
                                                    List<SegmentChange> changesOut) {
        return refresh(em, customerId, now, changesOut, new RfmBreakpoints());
    }

    /** As above, with the breakpoints from {@code breakpoints} (read once for a batch of events). */
    public static Optional<RfmModel.Scored> refresh(EntityManager em, String customerId, Instant now,
                                                    List<SegmentChange> changesOut, RfmBreakpoints breakpoints) {
        Optional<RfmModel> model = breakpoints.model(em);
        if (model.isEmpty()) {
            return Optional.empty();
        }
        List<RfmModel.Values> values = values(em, now, customerId);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        RfmModel.Scored scored = model.get().score(values.get(0));
        em.createNativeQuery("delete from customer_rfm where customer_id = ?1").setParameter(1, customerId)
                .executeUpdate();
        insertRfm(em, List.of(scored), now);
        changesOut.addAll(SegmentMemberships.apply(em, SCHEME, Map.of(customerId, scored.segment().label()), now));
        return Optional.of(scored);
    }

    /** The start of the day (UTC) after the latest stored order: the usual reference date for a data set. */
    private static Instant defaultAsOf(EntityManager em) {
        Instant latest = em.createQuery("select max(o.orderedAt) from CustomerOrder o", Instant.class).getSingleResult();
        if (latest == null) {
            throw new IllegalStateException("no orders on record: import transactions first");
        }
        return latest.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
    }

    private static List<RfmModel.Values> values(EntityManager em, Instant asOf, String customerId) {
        // the whole population: orders before the reference instant; one customer (an order just arrived):
        // all their orders, even one stamped a moment after this server's clock
        String jpql = "select o.customerId, max(o.orderedAt), count(o), sum(o.total) from CustomerOrder o where "
                + (customerId == null ? "o.orderedAt < :asOf" : "o.customerId = :customer")
                + " group by o.customerId order by o.customerId";
        var query = em.createQuery(jpql, Object[].class);
        if (customerId == null) {
            query.setParameter("asOf", asOf);
        } else {
            query.setParameter("customer", customerId);
        }
        List<Object[]> rows = query.getResultList();
        List<RfmModel.Values> values = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Instant last = (Instant) row[1];
            int days = (int) Math.max(0, Duration.between(last, asOf).toDays());
            values.add(new RfmModel.Values((String) row[0], days, ((Number) row[2]).intValue(),
                    ((BigDecimal) row[3]).doubleValue()));
        }
        return values;
    }

    private static void storeBreakpoints(EntityManager em, RfmModel model, Instant asOf) {
        em.createNativeQuery("delete from rfm_breakpoints").executeUpdate();
        Map<String, double[]> all = Map.of("recency", model.recency(), "frequency", model.frequency(),
                "monetary", model.monetary());
        all.forEach((dimension, b) -> em.createNativeQuery("insert into rfm_breakpoints"
                        + " (dimension, b1, b2, b3, b4, as_of) values (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, dimension).setParameter(2, BigDecimal.valueOf(b[0]))
                .setParameter(3, BigDecimal.valueOf(b[1])).setParameter(4, BigDecimal.valueOf(b[2]))
                .setParameter(5, BigDecimal.valueOf(b[3])).setParameter(6, asOf).executeUpdate());
    }

    /** The breakpoints of the last full computation, if any. */
    public static Optional<RfmModel> storedModel(EntityManager em) {
        // reads rfm_breakpoints only: declared, so the query does not first flush the event's own inserts
        @SuppressWarnings("unchecked")
        List<Object[]> rows = NativeQueries.synchronizedOn(
                em.createNativeQuery("select dimension, b1, b2, b3, b4 from rfm_breakpoints"), "rfm_breakpoints")
                .getResultList();
        if (rows.size() != 3) {
            return Optional.empty();
        }
        Map<String, double[]> b = new LinkedHashMap<>();
        for (Object[] row : rows) {
            b.put(((String) row[0]).trim(), new double[]{num(row[1]), num(row[2]), num(row[3]), num(row[4])});
        }
        return Optional.of(new RfmModel(b.get("recency"), b.get("frequency"), b.get("monetary")));
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    private static void insertRfm(EntityManager em, List<RfmModel.Scored> chunk, Instant asOf) {
        StringBuilder sql = new StringBuilder("insert into customer_rfm (customer_id, as_of, recency_days, frequency,"
                + " monetary, r_score, f_score, m_score, segment) values ");
        for (int i = 0; i < chunk.size(); i++) {
            int p = i * 9;
            sql.append(i == 0 ? "" : ", ").append("(?").append(p + 1);
            for (int k = 2; k <= 9; k++) {
                sql.append(", ?").append(p + k);
            }
            sql.append(')');
        }
        Query insert = em.createNativeQuery(sql.toString());
        for (int i = 0; i < chunk.size(); i++) {
            RfmModel.Scored s = chunk.get(i);
            int p = i * 9;
            insert.setParameter(p + 1, s.values().customerId()).setParameter(p + 2, asOf)
                    .setParameter(p + 3, s.values().recencyDays()).setParameter(p + 4, s.values().frequency())
                    .setParameter(p + 5, BigDecimal.valueOf(s.values().monetary())).setParameter(p + 6, s.r())
                    .setParameter(p + 7, s.f()).setParameter(p + 8, s.m())
                    .setParameter(p + 9, s.segment().label());
        }
        insert.executeUpdate();
    }
}
