package dev.herald.engine.privacy;

import dev.herald.engine.consent.AuditLog;
import dev.herald.engine.persistence.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps behavioural data no longer than the retention period (ADR 0078), as data protection law asks ("storage
 * limitation"): activity events (pages, products, carts), opens and clicks, and bounce and complaint reports older
 * than the period are deleted, and the personal data each finished email and each ended journey was rendered from
 * ({@code model_json}: name, items, recommendations) is emptied, the email and the journey run kept as counts. What Herald needs to keep its promises stays:
 * customers, orders and conversions (revenue), consent records, suppressions (by address hash), unsubscribe events, the
 * audit log and emails still waiting to go.
 *
 * <p>Rows go in batches of {@value #BATCH}, each in its own transaction, so a first run on years of data neither holds
 * long locks nor fills the transaction log; a run that stops part way is finished by the next. Every run that removed
 * anything is audited with its counts.
 */
public final class RetentionService {

    /** The shortest period accepted: reports, caps, sunset and scores read a few months back. */
    public static final Duration SHORTEST = Duration.ofDays(90);
    static final int BATCH = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(RetentionService.class);

    /** One kind of row the policy trims: its table, what is done (delete or empty) and the rows before the cut-off. */
    private record Trim(String label, String table, String timeColumn, String extraCondition, String update) {
    }

    private static final List<Trim> TRIMS = List.of(
            new Trim("activity events", "customer_activity", "occurred_at", "", null),
            new Trim("opens and clicks", "engagement_event", "occurred_at", " and kind in ('OPEN', 'CLICK')", null),
            new Trim("bounce and complaint reports", "bounce_event", "received_at", "", null),
            new Trim("email contents emptied", "outbox_message", "created_at",
                    " and status <> 'PENDING' and length(model_json) > 2", "update outbox_message set model_json = '{}'"),
            new Trim("journey contents emptied", "journey_instance", "updated_at",
                    " and status <> 'ACTIVE' and length(model_json) > 2",
                    "update journey_instance set model_json = '{}'"));

    private final Transactions transactions;
    private final int batch;

    public RetentionService(Transactions transactions) {
        this(transactions, BATCH);
    }

    /** With batches of {@code batch} rows (tests use small ones to cross batch boundaries). */
    RetentionService(Transactions transactions, int batch) {
        this.transactions = transactions;
        this.batch = batch;
    }

    /** What a run did (or would do, dry): rows per kind, in the order above. */
    public record Result(Instant cutOff, Map<String, Long> rows, boolean dryRun) {

        public long total() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Trims everything older than {@code period} before {@code now}; with {@code dryRun} only counts.
     *
     * @throws IllegalArgumentException for a period shorter than {@link #SHORTEST}
     */
    public Result apply(Duration period, Instant now, boolean dryRun, String actor) {
        if (period.compareTo(SHORTEST) < 0) {
            throw new IllegalArgumentException("the retention period must be at least "
                    + SHORTEST.toDays() + " days: reports, caps, the sunset policy and engagement scores read that far"
                    + " back; got " + period.toDays() + " days");
        }
        Instant cutOff = now.minus(period);
        Map<String, Long> rows = new LinkedHashMap<>();
        for (Trim trim : TRIMS) {
            rows.put(trim.label(), dryRun ? count(trim, cutOff) : trim(trim, cutOff));
        }
        Result result = new Result(cutOff, rows, dryRun);
        if (!dryRun && result.total() > 0) {
            Map<String, Object> detail = new LinkedHashMap<>(rows);
            detail.put("before", cutOff.toString());
            AuditLog.record(transactions, "retention", "all", "purge", actor, detail, now);
            LOG.info("retention: removed what was older than {}: {}", cutOff, rows);
        }
        return result;
    }

    private long count(Trim trim, Instant cutOff) {
        return transactions.inTransaction(em -> ((Number) em.createNativeQuery("select count(*) from " + trim.table()
                        + " where " + trim.timeColumn() + " < ?1" + trim.extraCondition())
                .setParameter(1, cutOff.atOffset(ZoneOffset.UTC)).getSingleResult()).longValue());
    }

    private long trim(Trim trim, Instant cutOff) {
        String select = "select id from " + trim.table() + " where " + trim.timeColumn() + " < ?1"
                + trim.extraCondition() + " order by id limit " + batch;
        String statement = (trim.update() == null ? "delete from " + trim.table() : trim.update())
                + " where id in (select id from (" + select + ") batch)";
        long total = 0;
        while (true) {
            int changed = transactions.inTransaction(em -> em.createNativeQuery(statement)
                    .setParameter(1, cutOff.atOffset(ZoneOffset.UTC)).executeUpdate());
            total += changed;
            if (changed < batch) {
                return total;
            }
        }
    }
}
