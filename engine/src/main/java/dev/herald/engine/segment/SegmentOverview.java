package dev.herald.engine.segment;

import dev.herald.engine.consent.Rows;
import dev.herald.engine.persistence.Transactions;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-only figures of the stored segments for the console: how many customers each segment of each scheme
 * holds ({@code segment_membership}: rfm, and cluster when {@code herald segment cluster --store} ran), the
 * average recency, frequency and monetary value per RFM segment ({@code customer_rfm}), and a sample of
 * customers' RFM values for a scatter plot.
 */
public final class SegmentOverview {

    private final Transactions transactions;

    public SegmentOverview(Transactions transactions) {
        this.transactions = transactions;
    }

    /** Customers in one segment of a scheme. */
    public record SegmentSize(String scheme, String segment, long customers) {
    }

    /** Segment sizes, by scheme then largest first. */
    public List<SegmentSize> sizes() {
        return transactions.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select scheme, segment, count(*) from segment_membership"
                    + " group by scheme, segment order by scheme, count(*) desc, segment").getResultList();
            return rows.stream().map(r -> new SegmentSize((String) r[0], (String) r[1], ((Number) r[2]).longValue()))
                    .toList();
        });
    }

    /** One member of a segment, for an export: who, their address and name, since when, their orders and spend. */
    public record Member(String customerId, String email, String name, Instant since, long orders,
                         BigDecimal lifetimeSpend) {
    }

    /** The members of one segment, by customer id, at most {@code max}. */
    public List<Member> members(String scheme, String segment, int max) {
        return transactions.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select c.id, c.email, c.name, m.since, c.order_count,"
                    + " c.lifetime_spend from segment_membership m join customer c on c.id = m.customer_id"
                    + " where m.scheme = ?1 and m.segment = ?2 order by c.id").setParameter(1, scheme)
                    .setParameter(2, segment).setMaxResults(max).getResultList();
            return rows.stream().map(r -> new Member((String) r[0], (String) r[1], (String) r[2], Rows.instant(r[3]),
                    ((Number) r[4]).longValue(), (BigDecimal) r[5])).toList();
        });
    }

    /**
     * Customers whose chance of buying in the next 90 days (stored by the lifetime model, ADR 0072) lies in [from, to),
     * with the orders and spend expected of them together (spend 0 when the spend model was not used).
     */
    public record PredictionBand(double from, double to, long customers, double expectedOrders, double expectedSpend) {
    }

    /** The five bands 0–20 %, 20–40 % … 80–100 % of the chance to buy, empty ones included; none before a prediction. */
    public List<PredictionBand> predictionBands() {
        return transactions.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select floor(p.number_value * 5), count(*),"
                    + " sum(o.number_value), sum(s.number_value) from customer_attribute p"
                    + " left join customer_attribute o on o.customer_id = p.customer_id"
                    + " and o.name = 'expected_orders_90d'"
                    + " left join customer_attribute s on s.customer_id = p.customer_id"
                    + " and s.name = 'expected_spend_90d'"
                    + " where p.name = 'purchase_probability_90d' and p.number_value is not null"
                    + " group by floor(p.number_value * 5)").getResultList();
            if (rows.isEmpty()) {
                return List.<PredictionBand>of();
            }
            long[] customers = new long[5];
            double[] orders = new double[5];
            double[] spend = new double[5];
            for (Object[] r : rows) {
                int band = Math.max(0, Math.min(4, ((Number) r[0]).intValue())); // a chance of exactly 1: the top band
                customers[band] += ((Number) r[1]).longValue();
                orders[band] += r[2] == null ? 0 : ((Number) r[2]).doubleValue();
                spend[band] += r[3] == null ? 0 : ((Number) r[3]).doubleValue();
            }
            List<PredictionBand> bands = new java.util.ArrayList<>();
            for (int b = 0; b < 5; b++) {
                bands.add(new PredictionBand(b / 5.0, (b + 1) / 5.0, customers[b], orders[b], spend[b]));
            }
            return bands;
        });
    }

    /** Averages of an RFM segment; {@code asOf} is the latest computation that scored its members. */
    public record RfmProfile(String segment, long customers, double avgRecencyDays, double avgFrequency,
                             double avgMonetary, Instant asOf) {
    }

    /** The RFM profile of every segment with members, largest first. */
    public List<RfmProfile> rfmProfiles() {
        return transactions.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select segment, count(*), avg(cast(recency_days as double"
                    + " precision)), avg(cast(frequency as double precision)), avg(cast(monetary as double precision)),"
                    + " max(as_of) from customer_rfm group by segment order by count(*) desc, segment").getResultList();
            List<RfmProfile> out = new ArrayList<>();
            for (Object[] r : rows) {
                out.add(new RfmProfile((String) r[0], ((Number) r[1]).longValue(), ((Number) r[2]).doubleValue(),
                        ((Number) r[3]).doubleValue(), ((Number) r[4]).doubleValue(), Rows.instant(r[5])));
            }
            return out;
        });
    }

    /** One customer's RFM values, for plotting. */
    public record RfmPoint(int recencyDays, int frequency, BigDecimal monetary, String segment) {
    }

    /**
     * Up to {@code max} customers' RFM values, spread over all customers (every n-th by id) so a large base still
     * shows its whole shape.
     */
    public List<RfmPoint> rfmSample(int max) {
        return transactions.inTransaction(em -> {
            long total = ((Number) em.createNativeQuery("select count(*) from customer_rfm").getSingleResult())
                    .longValue();
            long step = Math.max(1, (total + max - 1) / Math.max(1, max));
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select recency_days, frequency, monetary, segment from"
                    + " (select recency_days, frequency, monetary, segment, row_number() over (order by customer_id) rn"
                    + " from customer_rfm) numbered where mod(rn - 1, ?1) = 0 order by rn")
                    .setParameter(1, step).setMaxResults(max).getResultList();
            List<RfmPoint> out = new ArrayList<>();
            for (Object[] r : rows) {
                out.add(new RfmPoint(((Number) r[0]).intValue(), ((Number) r[1]).intValue(), (BigDecimal) r[2],
                        (String) r[3]));
            }
            return out;
        });
    }
}
