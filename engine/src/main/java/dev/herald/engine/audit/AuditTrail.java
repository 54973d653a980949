package dev.herald.engine.audit;

import dev.herald.engine.consent.Rows;
import dev.herald.engine.persistence.Transactions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the audit log for people: newest first, a page at a time, narrowed by kind, actor and record. Everything
 * Herald audits lands in the one table (identity merges, consent, suppression, topics, erasures, publishes of
 * campaigns and templates, console accounts), so one page answers "who changed what, when".
 */
public final class AuditTrail {

    /** One line as shown: {@code detail} is the particulars as written (JSON). */
    public record Line(long id, Instant at, String actor, String kind, String action, String entityId, String detail) {
    }

    /** A page of lines and whether older ones follow. */
    public record Page(List<Line> lines, boolean more) {
    }

    /**
     * What to show: each filter empty or null for all; {@code actor} and {@code entity} match anywhere in the value,
     * case-insensitively.
     */
    public record Filter(String kind, String actor, String entity) {

        static String pattern(String text) {
            return "%" + text.strip().toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%";
        }
    }

    private final Transactions transactions;

    public AuditTrail(Transactions transactions) {
        this.transactions = transactions;
    }

    /** The kinds of record on the log, sorted, for a filter's choices. */
    public List<String> kinds() {
        return transactions.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<String> kinds = em.createNativeQuery("select distinct entity_kind from audit_log order by entity_kind")
                    .getResultList();
            return kinds;
        });
    }

    /** Page {@code page} (from 0) of {@code size} lines matching {@code filter}, newest first. */
    public Page page(Filter filter, int page, int size) {
        if (page < 0 || size < 1 || size > 1000) {
            throw new IllegalArgumentException("page from 0 and size 1..1000, got " + page + " and " + size);
        }
        StringBuilder sql = new StringBuilder("select id, at, actor, entity_kind, action, entity_id, detail_json"
                + " from audit_log where 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (filter.kind() != null && !filter.kind().isBlank()) {
            parameters.add(filter.kind().strip());
            sql.append(" and entity_kind = ?").append(parameters.size());
        }
        if (filter.actor() != null && !filter.actor().isBlank()) {
            parameters.add(Filter.pattern(filter.actor()));
            sql.append(" and lower(actor) like ?").append(parameters.size()).append(" escape '\\'");
        }
        if (filter.entity() != null && !filter.entity().isBlank()) {
            parameters.add(Filter.pattern(filter.entity()));
            sql.append(" and lower(entity_id) like ?").append(parameters.size()).append(" escape '\\'");
        }
        sql.append(" order by at desc, id desc");
        return transactions.inTransaction(em -> {
            var query = em.createNativeQuery(sql.toString());
            for (int i = 0; i < parameters.size(); i++) {
                query.setParameter(i + 1, parameters.get(i));
            }
            @SuppressWarnings("unchecked")
            List<Object[]> rows = query.setFirstResult(page * size).setMaxResults(size + 1).getResultList();
            List<Line> lines = new ArrayList<>();
            for (int i = 0; i < Math.min(size, rows.size()); i++) {
                Object[] r = rows.get(i);
                lines.add(new Line(((Number) r[0]).longValue(), Rows.instant(r[1]), (String) r[2], (String) r[3],
                        (String) r[4], (String) r[5], Rows.longText(r[6])));
            }
            return new Page(lines, rows.size() > size);
        });
    }
}
