package dev.herald.engine.sharing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.consent.Rows;
import dev.herald.engine.persistence.Transactions;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What went live on a node, of one kind (campaigns, template edits), in the database every node shares (table
 * {@code published_revision}, ADR 0059), so a publish on one node reaches the others. Each revision is the whole
 * folder (file name → text): a node applies the newest one as it is, whatever it missed in between. Ids grow by one
 * per kind; two nodes publishing at the same moment cannot take the same id (primary key), and the later one is
 * retried with the next id.
 */
public final class PublishedRevisions {

    /** One published folder: its files, and which node published which version when. */
    public record Revision(long id, Instant publishedAt, String publishedBy, String version,
                           Map<String, String> files) {
        public Revision {
            files = Map.copyOf(files);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 3;
    /** Revisions kept per kind: nodes only ever need the newest; the rest is a short history for people. */
    static final int KEPT = 50;

    private final Transactions transactions;
    private final Clock clock;
    private final String kind;

    /** @param kind what is shared: {@code campaigns} or {@code templates} */
    public PublishedRevisions(Transactions transactions, Clock clock, String kind) {
        this.transactions = transactions;
        this.clock = clock;
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }

    /** Stores a folder that went live and returns its revision id. */
    public long append(Map<String, String> files, String version, String publishedBy) {
        String json;
        try {
            json = JSON.writeValueAsString(new TreeMap<>(files));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.inTransaction(em -> {
                    long id = latestId(em) + 1;
                    em.createNativeQuery("insert into published_revision (kind, id, published_at, published_by,"
                                    + " version, files_json) values (?1, ?2, ?3, ?4, ?5, ?6)")
                            .setParameter(1, kind).setParameter(2, id).setParameter(3, clock.instant())
                            .setParameter(4, publishedBy).setParameter(5, version).setParameter(6, json)
                            .executeUpdate();
                    em.createNativeQuery("delete from published_revision where kind = ?1 and id <= ?2")
                            .setParameter(1, kind).setParameter(2, id - KEPT).executeUpdate();
                    return id;
                });
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    throw e; // not a lost race with another node: a real failure
                }
            }
        }
    }

    /** The newest revision's id, or 0 when nothing has been published through the database yet. */
    public long latestId() {
        return transactions.inTransaction(this::latestId);
    }

    /** The newest revision, if any. */
    public Optional<Revision> latest() {
        return transactions.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select id, published_at, published_by, version, files_json"
                    + " from published_revision where kind = ?1 order by id desc").setParameter(1, kind)
                    .setMaxResults(1).getResultList();
            return rows.stream().findFirst().map(this::revision);
        });
    }

    private long latestId(jakarta.persistence.EntityManager em) {
        Object max = em.createNativeQuery("select max(id) from published_revision where kind = ?1")
                .setParameter(1, kind).getSingleResult();
        return max == null ? 0 : ((Number) max).longValue();
    }

    private Revision revision(Object[] row) {
        try {
            Map<String, String> files = JSON.readValue(Rows.longText(row[4]), new TypeReference<Map<String, String>>() {
            });
            return new Revision(((Number) row[0]).longValue(), Rows.instant(row[1]), Rows.text(row[2]),
                    Rows.text(row[3]), files);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(kind + " revision " + row[0] + " is not readable: " + e.getMessage(), e);
        }
    }
}
