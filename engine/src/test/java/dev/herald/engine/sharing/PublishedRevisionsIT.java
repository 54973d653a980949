package dev.herald.engine.sharing;

import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Published folders in {@code published_revision}, shared by nodes, by kind. Runs on H2 and PostgreSQL (subclasses). */
abstract class PublishedRevisionsIT {

    static final String WELCOME = "id: welcome\ntrigger: {event: customer_signed_up}\ntemplate: welcome\n";

    HeraldDatabase db;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
    PublishedRevisions revisions;

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        revisions = new PublishedRevisions(db.transactions(), clock, "campaigns");
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theNewestFolderIsReadBackWholeWithWhoPublishedItWhen() {
        assertThat(revisions.latestId()).isZero();
        assertThat(revisions.latest()).isEmpty();

        long first = revisions.append(Map.of("welcome.yaml", WELCOME), "v-1", "node-a");
        clock.advance(Duration.ofMinutes(3));
        String big = "# " + "x".repeat(20_000) + "\n" + WELCOME.replace("welcome\n", "welcome\n# ünïcödé ✓\n");
        long second = revisions.append(Map.of("welcome.yaml", big, "settings.yaml", "quietHours: off\n"), "v-2", "node-b");

        assertThat(second).isEqualTo(first + 1);
        assertThat(revisions.latestId()).isEqualTo(second);
        PublishedRevisions.Revision latest = revisions.latest().orElseThrow();
        assertThat(latest.id()).isEqualTo(second);
        assertThat(latest.publishedBy()).isEqualTo("node-b");
        assertThat(latest.version()).isEqualTo("v-2");
        assertThat(latest.publishedAt()).isEqualTo(Instant.parse("2026-11-24T09:03:00Z"));
        assertThat(latest.files()).containsOnlyKeys("welcome.yaml", "settings.yaml").containsEntry("welcome.yaml", big);
    }

    @Test
    void onlyTheNewestRevisionsOfAKindAreKept() {
        PublishedRevisions templates = new PublishedRevisions(db.transactions(), clock, "templates");
        templates.append(Map.of("welcome/subject.mustache", "Hi"), "t-1", "node-a");
        for (int i = 1; i <= PublishedRevisions.KEPT + 5; i++) {
            revisions.append(Map.of("welcome.yaml", WELCOME + "# " + i + "\n"), "v-" + i, "node-a");
        }

        assertThat(db.rows("select id from published_revision where kind = 'campaigns'"))
                .hasSize(PublishedRevisions.KEPT);
        assertThat(revisions.latest().orElseThrow().version()).isEqualTo("v-" + (PublishedRevisions.KEPT + 5));
        assertThat(templates.latest()).as("another kind is not pruned").isPresent();
    }

    @Test
    void eachKindHasItsOwnRevisions() {
        PublishedRevisions templates = new PublishedRevisions(db.transactions(), clock, "templates");
        revisions.append(Map.of("welcome.yaml", WELCOME), "v-1", "node-a");
        revisions.append(Map.of("welcome.yaml", WELCOME), "v-2", "node-a");

        assertThat(templates.latestId()).isZero();
        assertThat(templates.append(Map.of("welcome/subject.mustache", "Hi"), "t-1", "node-a")).isEqualTo(1);
        assertThat(templates.latest().orElseThrow().files()).containsOnlyKeys("welcome/subject.mustache");
        assertThat(revisions.latest().orElseThrow().version()).isEqualTo("v-2");
    }

    @Test
    void nodesPublishingAtTheSameMomentEachGetTheirOwnRevision() throws Exception {
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Long>> publishes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String node = "node-" + i;
                publishes.add(() -> revisions.append(Map.of("welcome.yaml", WELCOME), "v", node));
            }
            List<Long> ids = new ArrayList<>();
            for (Future<Long> id : nodes.invokeAll(publishes)) {
                ids.add(id.get());
            }
            assertThat(ids).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isBetween(1L, 2L));
            assertThat(revisions.latestId()).isEqualTo(2);
        } finally {
            nodes.shutdownNow();
        }
    }
}
