package dev.herald.engine.customer;

import dev.herald.engine.consent.ConsentService;
import dev.herald.engine.consent.EmailAddresses;
import dev.herald.engine.consent.Rows;
import dev.herald.engine.consent.Suppression;
import dev.herald.engine.consent.SuppressionList;
import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.sql.Clob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Read-only views of customers for the console: search by id, email or name (paged), one customer's profile
 * (attributes, segments, RFM, consent with its history, suppression) and their timeline of events, orders,
 * activity, emails and engagement. Plain SQL over the tables the engine writes, nothing cached, so a page shows
 * what is committed now.
 */
public final class CustomerDirectory {

    /** Rows per search page. */
    public static final int PAGE_SIZE = 25;

    private final Transactions transactions;

    public CustomerDirectory(Transactions transactions) {
        this.transactions = transactions;
    }

    /** One search hit. */
    public record Summary(String id, String email, String name, long orderCount, BigDecimal lifetimeSpend,
                          String rfmSegment, Instant updatedAt) {
    }

    /** One page of search hits; {@code page} counts from 0. */
    public record Page(String query, int page, List<Summary> rows, boolean hasMore) {
    }

    /**
     * Customers whose id, email or name contains the query (case-insensitive); an exact id comes first. A blank
     * query lists the most recently updated customers.
     */
    public Page search(String query, int page) {
        String q = query == null ? "" : query.strip();
        int p = Math.max(0, page);
        return transactions.inTransaction(em -> {
            String select = "select c.id, c.email, c.name, c.order_count, c.lifetime_spend, m.segment, c.updated_at"
                    + " from customer c left join segment_membership m on m.customer_id = c.id and m.scheme = 'rfm'";
            var nq = q.isEmpty()
                    ? em.createNativeQuery(select + " order by c.updated_at desc, c.id")
                    : em.createNativeQuery(select + " where lower(c.id) like ?1 escape '!' or lower(c.email) like ?1"
                            + " escape '!' or lower(c.name) like ?1 escape '!'"
                            + " order by case when lower(c.id) = ?2 then 0 else 1 end, c.id")
                    .setParameter(1, "%" + likeEscaped(q.toLowerCase(Locale.ROOT)) + "%")
                    .setParameter(2, q.toLowerCase(Locale.ROOT));
            @SuppressWarnings("unchecked")
            List<Object[]> rows = nq.setFirstResult(p * PAGE_SIZE).setMaxResults(PAGE_SIZE + 1).getResultList();
            List<Summary> out = new ArrayList<>();
            for (Object[] r : rows.subList(0, Math.min(rows.size(), PAGE_SIZE))) {
                out.add(new Summary((String) r[0], (String) r[1], (String) r[2], ((Number) r[3]).longValue(),
                        (BigDecimal) r[4], (String) r[5], Rows.instant(r[6])));
            }
            return new Page(q, p, out, rows.size() > PAGE_SIZE);
        });
    }

    static String likeEscaped(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /** A customer attribute (imported, identified or from the CRM). */
    public record Attribute(String name, String value, String source, Instant updatedAt) {
    }

    /** A segment the customer belongs to, per scheme (rfm, cluster, ...). */
    public record Segment(String scheme, String segment, Instant since) {
    }

    /** The customer's stored RFM values and scores. */
    public record Rfm(Instant asOf, int recencyDays, int frequency, BigDecimal monetary, int r, int f, int m,
                      String segment) {
    }

    /** A consent change from the audit trail: when, by whom, what. */
    public record ConsentChange(Instant at, String actor, String action, String detail) {
    }

    /** Everything the profile page shows besides the timeline and recommendations. */
    public record Profile(String id, String email, String name, long orderCount, BigDecimal lifetimeSpend,
                          Instant createdAt, Instant updatedAt, String timeZone, List<Attribute> attributes,
                          List<Segment> segments, Optional<Rfm> rfm, List<ConsentService.Consent> consents,
                          List<ConsentChange> consentHistory, Optional<Suppression> suppression,
                          java.util.Set<String> topicsLeft, java.util.Locale locale,
                          Optional<dev.herald.engine.delivery.BestHourGate.ReadingHour> readingHour,
                          Optional<Instant> lastEngagedAt) {
    }

    public Optional<Profile> profile(String customerId) {
        return transactions.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> found = em.createNativeQuery("select id, email, name, order_count, lifetime_spend,"
                    + " created_at, updated_at, time_zone from customer where id = ?1")
                    .setParameter(1, customerId).getResultList();
            if (found.isEmpty()) {
                return Optional.<Profile>empty();
            }
            Object[] c = found.get(0);
            String email = (String) c[1];
            Optional<Suppression> suppression = Optional.empty();
            if (email != null) {
                try {
                    suppression = SuppressionList.find(em, EmailAddresses.hash(email));
                } catch (IllegalArgumentException notAnAddress) {
                    // an imported profile without a usable address: nothing to look up
                }
            }
            List<Attribute> attributes = attributes(em, customerId);
            String timeZone = (String) c[7];
            // the email locale and reading hour the engine would use; UTC stands in for an unknown zone here
            java.util.Locale locale = dev.herald.engine.application.CustomerLocale.of(attributes.stream()
                    .collect(java.util.stream.Collectors.toMap(Attribute::name, Attribute::value, (a, b) -> a)),
                    null, null);
            java.time.ZoneId zone = dev.herald.engine.delivery.LocalTimes.zoneOr(timeZone, java.time.ZoneId.of("UTC"));
            return Optional.of(new Profile((String) c[0], email, (String) c[2], ((Number) c[3]).longValue(),
                    (BigDecimal) c[4], Rows.instant(c[5]), Rows.instant(c[6]), timeZone,
                    attributes, segments(em, customerId), rfm(em, customerId),
                    ConsentService.consentsOf(em, customerId), consentHistory(em, customerId), suppression,
                    dev.herald.engine.consent.TopicPreferences.optedOut(em, customerId), locale,
                    dev.herald.engine.delivery.BestHourGate.readingHour(em, customerId, zone),
                    dev.herald.engine.delivery.SunsetGate.lastEngagedAt(em, customerId)));
        });
    }

    private static List<Attribute> attributes(EntityManager em, String customerId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select name, text_value, number_value, source, updated_at"
                + " from customer_attribute where customer_id = ?1 order by name")
                .setParameter(1, customerId).getResultList();
        return rows.stream().map(r -> new Attribute((String) r[0],
                r[1] != null ? (String) r[1] : r[2] == null ? "" : ((BigDecimal) r[2]).stripTrailingZeros().toPlainString(),
                (String) r[3], Rows.instant(r[4]))).toList();
    }

    private static List<Segment> segments(EntityManager em, String customerId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select scheme, segment, since from segment_membership"
                + " where customer_id = ?1 order by scheme").setParameter(1, customerId).getResultList();
        return rows.stream().map(r -> new Segment((String) r[0], (String) r[1], Rows.instant(r[2]))).toList();
    }

    private static Optional<Rfm> rfm(EntityManager em, String customerId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select as_of, recency_days, frequency, monetary, r_score,"
                + " f_score, m_score, segment from customer_rfm where customer_id = ?1")
                .setParameter(1, customerId).getResultList();
        return rows.stream().findFirst().map(r -> new Rfm(Rows.instant(r[0]), ((Number) r[1]).intValue(),
                ((Number) r[2]).intValue(), (BigDecimal) r[3], ((Number) r[4]).intValue(),
                ((Number) r[5]).intValue(), ((Number) r[6]).intValue(), (String) r[7]));
    }

    /**
     * Consent changes: the consent records' audit ({@code consent/set}), consents stated in events, and subscription
     * topics left or taken again ({@code topics}, ADR 0063).
     */
    private static List<ConsentChange> consentHistory(EntityManager em, String customerId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select at, actor, entity_kind, action, reason, detail_json"
                + " from audit_log where entity_id = ?1 and (entity_kind = 'consent' or entity_kind = 'topics'"
                + " or (entity_kind = 'customer' and action = 'consent')) order by at desc, id desc")
                .setParameter(1, customerId).setMaxResults(100).getResultList();
        return rows.stream().map(r -> new ConsentChange(Rows.instant(r[0]), (String) r[1],
                "consent".equals(r[2]) ? "consent " + r[3] : "topics".equals(r[2]) ? (String) r[3] : (String) r[4],
                text(r[5]))).toList();
    }

    /** One line of the timeline. {@code kind}: event, order, activity, email, engagement. */
    public record TimelineEntry(Instant at, String kind, String title, String detail) {
    }

    /** The customer's newest {@code limit} timeline entries, newest first. */
    public List<TimelineEntry> timeline(String customerId, int limit) {
        return transactions.inTransaction(em -> {
            List<TimelineEntry> all = new ArrayList<>();
            for (Object[] r : rows(em, "select processed_at, event_type, event_id, decisions from processed_event"
                    + " where customer_id = ?1 order by processed_at desc", customerId, limit)) {
                int decisions = ((Number) r[3]).intValue();
                all.add(new TimelineEntry(Rows.instant(r[0]), "event", "Event " + String.valueOf(r[1]).replace('_', ' '),
                        r[2] + (decisions == 0 ? ", no campaign decided" : ", " + decisions + " decision"
                                + (decisions == 1 ? "" : "s"))));
            }
            for (Object[] r : rows(em, "select o.ordered_at, o.id, o.currency, o.total,"
                    + " (select count(*) from order_line l where l.order_id = o.id)"
                    + " from customer_order o where o.customer_id = ?1 order by o.ordered_at desc", customerId, limit)) {
                long lines = ((Number) r[4]).longValue();
                all.add(new TimelineEntry(Rows.instant(r[0]), "order", "Order " + r[1],
                        Rows.text(r[2]) + " " + ((BigDecimal) r[3]).setScale(2, java.math.RoundingMode.HALF_UP)
                                .toPlainString() + ", " + lines + " line" + (lines == 1 ? "" : "s")));
            }
            for (Object[] r : rows(em, "select occurred_at, kind, detail_json from customer_activity"
                    + " where customer_id = ?1 order by occurred_at desc", customerId, limit)) {
                all.add(new TimelineEntry(Rows.instant(r[0]), "activity", String.valueOf(r[1]).replace('_', ' '),
                        text(r[2])));
            }
            for (Object[] r : rows(em, "select coalesce(sent_at, created_at), campaign, step, variant, template_key,"
                    + " status, attempts, last_error, id from outbox_message where customer_id = ?1"
                    + " order by coalesce(sent_at, created_at) desc", customerId, limit)) {
                String status = String.valueOf(r[5]);
                String detail = "template " + r[4] + ", variant " + r[3] + ", " + status.toLowerCase(Locale.ROOT)
                        + (((Number) r[6]).intValue() > 0 ? ", " + r[6] + " failed attempt"
                        + (((Number) r[6]).intValue() == 1 ? "" : "s") : "")
                        + (r[7] == null ? "" : " (" + r[7] + ")");
                all.add(new TimelineEntry(Rows.instant(r[0]), "email", "Email " + r[1] + " / " + r[2]
                        + " #" + r[8], detail));
            }
            for (Object[] r : rows(em, "select occurred_at, kind, campaign, variant, url, order_id, revenue, outbox_id"
                    + " from engagement_event where customer_id = ?1 order by occurred_at desc", customerId, limit)) {
                String kind = switch (String.valueOf(r[1]).strip()) {
                    case "OPEN" -> "opened";
                    case "CLICK" -> "clicked";
                    case "UNSUBSCRIBE" -> "unsubscribed";
                    case "CONVERSION" -> "converted";
                    default -> String.valueOf(r[1]).strip().toLowerCase(Locale.ROOT);
                };
                String detail = "email #" + r[7] + " (" + r[2] + ", variant " + r[3] + ")"
                        + (r[4] == null ? "" : ", " + r[4])
                        + (r[5] == null ? "" : ", order " + r[5] + (r[6] == null ? ""
                        : " " + ((BigDecimal) r[6]).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString()));
                all.add(new TimelineEntry(Rows.instant(r[0]), "engagement", "Email " + kind, detail));
            }
            all.sort(Comparator.comparing(TimelineEntry::at, Comparator.nullsLast(Comparator.reverseOrder())));
            return List.copyOf(all.subList(0, Math.min(all.size(), limit)));
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(EntityManager em, String sql, String customerId, int limit) {
        return em.createNativeQuery(sql).setParameter(1, customerId).setMaxResults(limit).getResultList();
    }

    /** A text column's whole value (String or Clob). */
    static String text(Object v) {
        return dev.herald.engine.consent.Rows.longText(v);
    }
}
