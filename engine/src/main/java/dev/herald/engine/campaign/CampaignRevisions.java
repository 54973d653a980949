package dev.herald.engine.campaign;

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
 * The campaign folders that went live, in the database every node shares (table {@code campaign_revision}, ADR
 * 0059), so a publish on one node reaches the others. Each revision is the whole folder (file name → text): a node
 * applies the newest one as it is, whatever it missed in between. Ids grow by one; two nodes publishing at the same
 * moment cannot take the same id (primary key), and the later one is retried with the next id.
 */
public final class CampaignRevisions {

    /** One published folder: its files, and which node published which rule base version when. */
    public record Revision(long id, Instant publishedAt, String publishedBy, String ruleBaseVersion,
                           Map<String, String> files) {
        public Revision {
            files = Map.copyOf(files);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 3;

    private final Transactions transactions;
    private final Clock clock;

    public CampaignRevisions(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Stores a folder that went live and returns its revision id. */
    public long append(Map<String, String> files, String ruleBaseVersion, String publishedBy) {
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
                    em.createNativeQuery("insert into campaign_revision (id, published_at, published_by,"
                                    + " rule_base_version, files_json) values (?1, ?2, ?3, ?4, ?5)")
                            .setParameter(1, id).setParameter(2, clock.instant()).setParameter(3, publishedBy)
                            .setParameter(4, ruleBaseVersion).setParameter(5, json).executeUpdate();
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
        return transactions.inTransaction(CampaignRevisions::latestId);
    }

    /** The newest revision, if any. */
    public Optional<Revision> latest() {
        return transactions.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select id, published_at, published_by, rule_base_version,"
                    + " files_json from campaign_revision order by id desc").setMaxResults(1).getResultList();
            return rows.stream().findFirst().map(CampaignRevisions::revision);
        });
    }

    private static long latestId(jakarta.persistence.EntityManager em) {
        Object max = em.createNativeQuery("select max(id) from campaign_revision").getSingleResult();
        return max == null ? 0 : ((Number) max).longValue();
    }

    private static Revision revision(Object[] row) {
        try {
            Map<String, String> files = JSON.readValue(Rows.longText(row[4]), new TypeReference<Map<String, String>>() {
            });
            return new Revision(((Number) row[0]).longValue(), Rows.instant(row[1]), Rows.text(row[2]),
                    Rows.text(row[3]), files);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("campaign revision " + row[0] + " is not readable: " + e.getMessage(), e);
        }
    }
}
