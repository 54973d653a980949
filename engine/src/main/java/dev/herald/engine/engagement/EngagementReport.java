package dev.herald.engine.engagement;

import dev.herald.engine.persistence.Transactions;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per campaign and variant: emails sent and suppressed, emails opened and clicked (each email counted once),
 * unsubscribes, and conversions with revenue (last click, else last send, within a week: see
 * {@link ConversionAttribution}).
 */
public final class EngagementReport {

    /** One line of the report. */
    public record Line(String campaign, String variant, long sent, long suppressed, long opened, long clicked,
                       long unsubscribed, long conversions, BigDecimal revenue) {

        public double openRate() {
            return sent == 0 ? 0 : (double) opened / sent;
        }

        public double clickRate() {
            return sent == 0 ? 0 : (double) clicked / sent;
        }

        /** Clicked among opened: how well the content worked for those who read it. */
        public double clickToOpenRate() {
            return opened == 0 ? 0 : (double) clicked / opened;
        }

        public double unsubscribeRate() {
            return sent == 0 ? 0 : (double) unsubscribed / sent;
        }

        /** The lines of one campaign (or of all) added up, named {@code campaign} with variant "all". */
        public static Line total(String campaign, List<Line> lines) {
            long[] c = new long[6];
            BigDecimal revenue = BigDecimal.ZERO;
            for (Line l : lines) {
                c[0] += l.sent;
                c[1] += l.suppressed;
                c[2] += l.opened;
                c[3] += l.clicked;
                c[4] += l.unsubscribed;
                c[5] += l.conversions;
                revenue = revenue.add(l.revenue);
            }
            return new Line(campaign, "all", c[0], c[1], c[2], c[3], c[4], c[5], revenue);
        }
    }

    /**
     * One day (UTC) of a campaign's (or all campaigns') activity: emails sent that day, and emails opened, clicked,
     * unsubscribed from and conversions with revenue recorded that day (whenever the email went out).
     */
    public record Day(LocalDate date, long sent, long opened, long clicked, long unsubscribed, long conversions,
                      BigDecimal revenue) {
    }

    /** The longest period {@link #daily} answers, in days. */
    public static final int MAX_DAYS = 400;

    private EngagementReport() {
    }

    /** Every campaign, or only {@code campaign} when not null, over all time. */
    public static List<Line> build(Transactions transactions, String campaign) {
        return build(transactions, campaign, null);
    }

    /**
     * Every campaign, or only {@code campaign} when not null. With {@code since}, the emails queued since then and
     * what those emails led to (whenever it happened), so that every rate is a share of the same emails.
     */
    public static List<Line> build(Transactions transactions, String campaign, Instant since) {
        return build(transactions, campaign, since, null);
    }

    /** As {@link #build(Transactions, String, Instant)}, for the emails queued before {@code until} too (null: no end). */
    public static List<Line> build(Transactions transactions, String campaign, Instant since, Instant until) {
        return transactions.inTransaction(em -> {
            Map<String, long[]> counts = new LinkedHashMap<>();
            Map<String, BigDecimal> revenue = new LinkedHashMap<>();
            List<String> outboxWhere = new ArrayList<>();
            List<String> engagementWhere = new ArrayList<>();
            if (campaign != null) {
                outboxWhere.add("campaign = :campaign");
                engagementWhere.add("e.campaign = :campaign");
            }
            String join = "";
            if (since != null) {
                outboxWhere.add("created_at >= :since");
                join = " join outbox_message o on o.id = e.outbox_id";
                engagementWhere.add("o.created_at >= :since");
            }
            if (until != null) {
                outboxWhere.add("created_at < :until");
                join = " join outbox_message o on o.id = e.outbox_id";
                engagementWhere.add("o.created_at < :until");
            }
            var outbox = em.createNativeQuery("select campaign, variant, status, count(*) from outbox_message"
                    + where(outboxWhere) + " group by campaign, variant, status order by campaign, variant");
            var engagement = em.createNativeQuery("select e.campaign, e.variant, e.kind, count(distinct e.outbox_id),"
                    + " count(*), sum(e.revenue) from engagement_event e" + join + where(engagementWhere)
                    + " group by e.campaign, e.variant, e.kind");
            if (campaign != null) {
                outbox.setParameter("campaign", campaign);
                engagement.setParameter("campaign", campaign);
            }
            if (since != null) {
                outbox.setParameter("since", since.atOffset(ZoneOffset.UTC));
                engagement.setParameter("since", since.atOffset(ZoneOffset.UTC));
            }
            if (until != null) {
                outbox.setParameter("until", until.atOffset(ZoneOffset.UTC));
                engagement.setParameter("until", until.atOffset(ZoneOffset.UTC));
            }
            for (Object o : outbox.getResultList()) {
                Object[] r = (Object[]) o;
                long[] c = counts.computeIfAbsent(r[0] + "\u0000" + r[1], k -> new long[6]);
                long n = ((Number) r[3]).longValue();
                switch (r[2].toString().strip()) {
                    case "SENT" -> c[0] += n;
                    case "SUPPRESSED" -> c[1] += n;
                    default -> { }
                }
            }
            for (Object o : engagement.getResultList()) {
                Object[] r = (Object[]) o;
                String key = r[0] + "\u0000" + r[1];
                long[] c = counts.computeIfAbsent(key, k -> new long[6]);
                long emails = ((Number) r[3]).longValue();
                switch (r[2].toString().strip()) {
                    case "OPEN" -> c[2] = emails;
                    case "CLICK" -> c[3] = emails;
                    case "UNSUBSCRIBE" -> c[4] = emails;
                    case "CONVERSION" -> {
                        c[5] = ((Number) r[4]).longValue();
                        revenue.put(key, r[5] == null ? BigDecimal.ZERO : new BigDecimal(r[5].toString()));
                    }
                    default -> { }
                }
            }
            List<Line> lines = new ArrayList<>();
            counts.forEach((key, c) -> {
                String[] cv = key.split("\u0000", 2);
                lines.add(new Line(cv[0], cv[1], c[0], c[1], c[2], c[3], c[4], c[5],
                        revenue.getOrDefault(key, BigDecimal.ZERO)));
            });
            lines.sort((a, b) -> a.campaign().equals(b.campaign()) ? a.variant().compareTo(b.variant())
                    : a.campaign().compareTo(b.campaign()));
            return lines;
        });
    }

    /**
     * Day by day (UTC) from {@code from} to {@code to} inclusive, for one campaign or, with {@code null}, all: every
     * day is listed, quiet ones with zeros, so a chart shows the gaps.
     *
     * @throws IllegalArgumentException for more than {@link #MAX_DAYS} days or {@code to} before {@code from}
     */
    public static List<Day> daily(Transactions transactions, String campaign, LocalDate from, LocalDate to) {
        long days = java.time.temporal.ChronoUnit.DAYS.between(from, to) + 1;
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("a daily report covers 1 to " + MAX_DAYS + " days, not " + days);
        }
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        long firstDay = from.toEpochDay();
        long[][] counts = new long[(int) days][5];
        BigDecimal[] revenue = new BigDecimal[(int) days];
        java.util.Arrays.fill(revenue, BigDecimal.ZERO);
        transactions.inTransaction(em -> {
            String filter = campaign == null ? "" : " and campaign = :campaign";
            var sent = em.createNativeQuery("select floor(extract(epoch from sent_at) / 86400), count(*)"
                    + " from outbox_message where status = 'SENT' and sent_at >= :start and sent_at < :end" + filter
                    + " group by floor(extract(epoch from sent_at) / 86400)");
            var engaged = em.createNativeQuery("select floor(extract(epoch from occurred_at) / 86400), kind,"
                    + " count(distinct outbox_id), count(*), sum(revenue) from engagement_event"
                    + " where occurred_at >= :start and occurred_at < :end" + filter
                    + " group by floor(extract(epoch from occurred_at) / 86400), kind");
            for (var query : List.of(sent, engaged)) {
                query.setParameter("start", start.atOffset(ZoneOffset.UTC)).setParameter("end", end.atOffset(ZoneOffset.UTC));
                if (campaign != null) {
                    query.setParameter("campaign", campaign);
                }
            }
            for (Object o : sent.getResultList()) {
                Object[] r = (Object[]) o;
                counts[(int) (((Number) r[0]).longValue() - firstDay)][0] += ((Number) r[1]).longValue();
            }
            for (Object o : engaged.getResultList()) {
                Object[] r = (Object[]) o;
                int day = (int) (((Number) r[0]).longValue() - firstDay);
                switch (r[1].toString().strip()) {
                    case "OPEN" -> counts[day][1] += ((Number) r[2]).longValue();
                    case "CLICK" -> counts[day][2] += ((Number) r[2]).longValue();
                    case "UNSUBSCRIBE" -> counts[day][3] += ((Number) r[2]).longValue();
                    case "CONVERSION" -> {
                        counts[day][4] += ((Number) r[3]).longValue();
                        revenue[day] = revenue[day].add(r[4] == null ? BigDecimal.ZERO : new BigDecimal(r[4].toString()));
                    }
                    default -> { }
                }
            }
            return null;
        });
        List<Day> result = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            result.add(new Day(from.plusDays(d), counts[d][0], counts[d][1], counts[d][2], counts[d][3], counts[d][4],
                    revenue[d]));
        }
        return result;
    }

    /** A link of a campaign's emails and how many of those emails had it clicked. */
    public record Link(String url, long emails) {
    }

    /**
     * The links most clicked in a campaign's emails queued since {@code since} (all time with {@code null}), each
     * counted once per email, most clicked first, at most {@code limit}.
     */
    public static List<Link> topLinks(Transactions transactions, String campaign, Instant since, int limit) {
        return transactions.inTransaction(em -> {
            var query = em.createNativeQuery("select e.url, count(distinct e.outbox_id) from engagement_event e"
                    + (since == null ? "" : " join outbox_message o on o.id = e.outbox_id")
                    + " where e.campaign = :campaign and e.kind = 'CLICK' and e.url is not null"
                    + (since == null ? "" : " and o.created_at >= :since")
                    + " group by e.url order by count(distinct e.outbox_id) desc, e.url")
                    .setParameter("campaign", campaign).setMaxResults(limit);
            if (since != null) {
                query.setParameter("since", since.atOffset(ZoneOffset.UTC));
            }
            List<Link> links = new ArrayList<>();
            for (Object o : query.getResultList()) {
                Object[] r = (Object[]) o;
                links.add(new Link((String) r[0], ((Number) r[1]).longValue()));
            }
            return links;
        });
    }

    private static String where(List<String> conditions) {
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }
}
