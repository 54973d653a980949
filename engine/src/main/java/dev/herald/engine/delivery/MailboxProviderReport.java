package dev.herald.engine.delivery;

import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Deliverability by mailbox provider over a period (ADR 0074): per provider, the emails sent, how many of them were
 * opened and clicked, and the hard bounces and spam complaints received. A sender's reputation is judged by each
 * provider on its own, so trouble shows at one provider first: its bounces or complaints rise, or its opens fall
 * (mail going to the spam folder is not opened), while the others hold.
 *
 * <p>Emails, opens and clicks count the emails sent in the period; bounces and complaints count the reports received
 * in it. Only the recipient's domain is read, never the address.
 */
public final class MailboxProviderReport {

    /** One provider's figures; the rates are shares of its emails. */
    public record Row(String provider, List<String> domains, long emails, long opened, long clicked, long bounced,
                      long complained) {

        public double openRate() {
            return share(opened);
        }

        public double clickRate() {
            return share(clicked);
        }

        public double bounceRate() {
            return share(bounced);
        }

        public double complaintRate() {
            return share(complained);
        }

        private double share(long n) {
            return emails == 0 ? 0 : (double) n / emails;
        }
    }

    private static final String DOMAIN = "lower(substring(o.recipient from position('@' in o.recipient) + 1))";

    private final Transactions transactions;

    public MailboxProviderReport(Transactions transactions) {
        this.transactions = transactions;
    }

    /**
     * The providers with email or reports in {@code [since, until)}, most emails first; {@code campaign} narrows to
     * one campaign, null for all.
     */
    public List<Row> between(Instant since, Instant until, String campaign) {
        return transactions.inTransaction(em -> {
            Map<String, long[]> byDomain = new TreeMap<>(); // emails, opened, clicked, bounced, complained
            String only = campaign == null ? "" : " and o.campaign = ?3";
            add(byDomain, 0, rows(em, "select " + DOMAIN + ", count(*) from outbox_message o where o.status = 'SENT'"
                    + " and o.sent_at >= ?1 and o.sent_at < ?2" + only + " group by " + DOMAIN, since, until, campaign));
            for (String kind : List.of("OPEN", "CLICK")) {
                add(byDomain, kind.equals("OPEN") ? 1 : 2, rows(em, "select " + DOMAIN + ", count(distinct o.id) from"
                        + " outbox_message o join engagement_event e on e.outbox_id = o.id where e.kind = '" + kind
                        + "' and o.status = 'SENT' and o.sent_at >= ?1 and o.sent_at < ?2" + only + " group by "
                        + DOMAIN, since, until, campaign));
            }
            String onlyReports = campaign == null ? "" : " and campaign = ?3";
            for (String kind : List.of("HARD", "COMPLAINT")) {
                add(byDomain, kind.equals("HARD") ? 3 : 4, rows(em, "select domain, count(*) from bounce_event"
                        + " where kind = '" + kind + "' and domain is not null and received_at >= ?1 and received_at < ?2"
                        + onlyReports + " group by domain", since, until, campaign));
            }
            Map<String, List<String>> domains = new LinkedHashMap<>();
            Map<String, long[]> byProvider = new LinkedHashMap<>();
            byDomain.forEach((domain, c) -> {
                String provider = MailboxProviders.of(domain);
                domains.computeIfAbsent(provider, p -> new ArrayList<>()).add(domain);
                long[] sum = byProvider.computeIfAbsent(provider, p -> new long[5]);
                for (int i = 0; i < 5; i++) {
                    sum[i] += c[i];
                }
            });
            List<Row> out = new ArrayList<>();
            byProvider.forEach((provider, c) -> out.add(new Row(provider, List.copyOf(domains.get(provider)), c[0], c[1],
                    c[2], c[3], c[4])));
            out.sort(Comparator.comparingLong(Row::emails).reversed().thenComparing(Row::provider));
            return out;
        });
    }

    private static List<Object[]> rows(EntityManager em, String sql, Instant since, Instant until, String campaign) {
        var q = em.createNativeQuery(sql).setParameter(1, since.atOffset(ZoneOffset.UTC))
                .setParameter(2, until.atOffset(ZoneOffset.UTC));
        if (campaign != null) {
            q.setParameter(3, campaign);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        return rows;
    }

    private static void add(Map<String, long[]> byDomain, int column, List<Object[]> rows) {
        for (Object[] r : rows) {
            String domain = r[0] == null ? "" : r[0].toString().strip();
            byDomain.computeIfAbsent(domain, d -> new long[5])[column] += ((Number) r[1]).longValue();
        }
    }
}
