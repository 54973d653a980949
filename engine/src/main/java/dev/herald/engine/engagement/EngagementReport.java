package dev.herald.engine.engagement;

import dev.herald.engine.persistence.Transactions;

import java.math.BigDecimal;
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
    }

    private EngagementReport() {
    }

    /** Every campaign, or only {@code campaign} when not null. */
    public static List<Line> build(Transactions transactions, String campaign) {
        return transactions.inTransaction(em -> {
            Map<String, long[]> counts = new LinkedHashMap<>();
            Map<String, BigDecimal> revenue = new LinkedHashMap<>();
            String filter = campaign == null ? "" : " where campaign = ?1";
            var outbox = em.createNativeQuery("select campaign, variant, status, count(*) from outbox_message" + filter
                    + " group by campaign, variant, status order by campaign, variant");
            var engagement = em.createNativeQuery("select campaign, variant, kind, count(distinct outbox_id), count(*),"
                    + " sum(revenue) from engagement_event" + filter + " group by campaign, variant, kind");
            if (campaign != null) {
                outbox.setParameter(1, campaign);
                engagement.setParameter(1, campaign);
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
}
