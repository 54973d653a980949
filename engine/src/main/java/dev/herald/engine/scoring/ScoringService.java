package dev.herald.engine.scoring;

import dev.herald.engine.consent.Rows;
import dev.herald.engine.identity.CustomerAttributes;
import dev.herald.engine.persistence.Transactions;
import dev.herald.engine.segment.SegmentChange;
import dev.herald.engine.segment.SegmentMemberships;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores every customer's engagement from what is stored (ADR 0075): the opens and clicks of Herald's emails
 * ({@code engagement_event}; an email opened twice counts once a day), the activity events ({@code customer_activity}:
 * pages, products, carts, checkouts) and orders, each worth its {@link ScoringPolicy} points halved every half-life
 * since the day it happened. The score is stored as the attribute {@value #ATTRIBUTE} (source {@value #SOURCE}), which
 * campaign conditions test, and each customer is placed in a segment of scheme {@value #SCHEME}; a move between them
 * is a {@code segment_changed} event.
 *
 * <p>A batch over the stored actions rather than an update per event: it needs no new write on the ingest path, and a
 * score must fall while nothing happens, which only a recomputation notices. Actions are read per day (at noon UTC),
 * so a score is exact to half a day of fading. Customers scored before keep being rescored until they fade to 0.
 */
public final class ScoringService {

    public static final String ATTRIBUTE = "engagement_score";
    public static final String SOURCE = "scoring";
    public static final String SCHEME = "engagement";

    private static final Logger LOG = LoggerFactory.getLogger(ScoringService.class);
    private static final int CHUNK = 500;

    private final Transactions transactions;

    public ScoringService(Transactions transactions) {
        this.transactions = transactions;
    }

    /** What a run did: the scores by customer, how many are in each segment, the moves, and the seconds it took. */
    public record Result(Instant asOf, Map<String, Double> scores, Map<EngagementSegment, Integer> bands,
                         List<SegmentChange> changes, double seconds) {
    }

    /** One day's count of one kind of action by one customer. */
    record Actions(String customerId, String kind, LocalDate day, long count) {
    }

    /**
     * Scores and stores every customer with a scoring action in the policy's window, or a score from before.
     *
     * @throws IllegalArgumentException when the policy is off
     */
    public Result scoreAll(ScoringPolicy policy, Instant now) {
        if (!policy.enabled()) {
            throw new IllegalArgumentException("engagement scoring is off (scoring: off in herald-rules.yaml)");
        }
        long start = System.nanoTime();
        Instant since = now.minus(policy.window());
        List<Actions> actions = new ArrayList<>();
        Set<String> scoredBefore = new HashSet<>();
        transactions.inTransaction(em -> {
            String day = Rows.epochDay("occurred_at");
            read(em, "select customer_id, kind, " + day + ", count(*) from customer_activity where occurred_at > ?1"
                    + " and occurred_at <= ?2 group by customer_id, kind, " + day, since, now, actions);
            read(em, "select customer_id, 'email_opened', " + day + ", count(distinct outbox_id) from engagement_event"
                    + " where kind = 'OPEN' and occurred_at > ?1 and occurred_at <= ?2 group by customer_id, " + day,
                    since, now, actions);
            read(em, "select customer_id, 'email_clicked', " + day + ", count(*) from engagement_event"
                    + " where kind = 'CLICK' and occurred_at > ?1 and occurred_at <= ?2 group by customer_id, " + day,
                    since, now, actions);
            String orderDay = Rows.epochDay("ordered_at");
            read(em, "select customer_id, 'order_completed', " + orderDay + ", count(*) from customer_order"
                    + " where ordered_at > ?1 and ordered_at <= ?2 group by customer_id, " + orderDay, since, now, actions);
            for (Object id : em.createNativeQuery("select customer_id from customer_attribute where name = ?1"
                    + " and source = ?2").setParameter(1, ATTRIBUTE).setParameter(2, SOURCE).getResultList()) {
                scoredBefore.add((String) id);
            }
            return null;
        });
        Map<String, Double> scores = new TreeMap<>();
        scoredBefore.forEach(id -> scores.put(id, 0.0));
        for (Map.Entry<String, Double> e : score(actions, policy, now).entrySet()) {
            scores.put(e.getKey(), e.getValue());
        }
        List<Map.Entry<String, Double>> all = new ArrayList<>(scores.entrySet());
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<Map.Entry<String, Double>> part = all.subList(from, Math.min(all.size(), from + CHUNK));
            transactions.inTransaction(em -> {
                for (Map.Entry<String, Double> e : part) {
                    CustomerAttributes.put(em, e.getKey(), ATTRIBUTE, null, decimal(e.getValue()), SOURCE, now);
                }
                return null;
            });
        }
        Map<String, String> segments = new LinkedHashMap<>();
        Map<EngagementSegment, Integer> bands = new EnumMap<>(EngagementSegment.class);
        scores.forEach((id, score) -> {
            EngagementSegment segment = EngagementSegment.of(score, policy);
            segments.put(id, segment.label());
            bands.merge(segment, 1, Integer::sum);
        });
        List<SegmentChange> changes = transactions.inTransaction(em -> SegmentMemberships.apply(em, SCHEME, segments,
                now));
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("engagement scores for {} customers ({} very engaged, {} engaged; {} segment changes) in {} s",
                scores.size(), bands.getOrDefault(EngagementSegment.VERY, 0),
                bands.getOrDefault(EngagementSegment.ENGAGED, 0), changes.size(),
                String.format(Locale.ROOT, "%.2f", seconds));
        return new Result(now, scores, bands, changes, seconds);
    }

    /** Each customer's score from their actions: the sum of every action's points, faded from its day to now. */
    static Map<String, Double> score(List<Actions> actions, ScoringPolicy policy, Instant now) {
        Map<String, Double> scores = new TreeMap<>();
        for (Actions a : actions) {
            Instant noon = a.day().atTime(12, 0).toInstant(ZoneOffset.UTC);
            double worth = policy.decayed(a.kind(), Duration.between(noon, now)) * a.count();
            if (worth > 0) {
                scores.merge(a.customerId(), worth, Double::sum);
            }
        }
        return scores;
    }

    private static void read(EntityManager em, String sql, Instant since, Instant until, List<Actions> into) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(sql).setParameter(1, since.atOffset(ZoneOffset.UTC))
                .setParameter(2, until.atOffset(ZoneOffset.UTC)).getResultList();
        for (Object[] r : rows) {
            into.add(new Actions((String) r[0], r[1].toString().strip(), Rows.localDate(r[2]),
                    ((Number) r[3]).longValue()));
        }
    }

    private static BigDecimal decimal(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
    }
}
