package dev.herald.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.experiment.ExperimentDesign;
import dev.herald.engine.experiment.store.Exposure;
import dev.herald.engine.experiment.store.ExperimentService;
import dev.herald.engine.persistence.DatabaseMigrator;
import dev.herald.engine.persistence.HeraldPersistence;
import dev.herald.engine.persistence.ResourceLocalTransactions;
import jakarta.persistence.EntityManagerFactory;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code herald ab report --campaign ID} reads the exposures and outcomes stored in Herald's H2 database. */
class AbReportCampaignIT {

    @TempDir
    Path dataDir;

    @Test
    void report_from_stored_exposures_matches_what_was_recorded() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dataDir.resolve("db").resolve("herald").toAbsolutePath());
        ds.setUser("");
        ds.setPassword("");
        DatabaseMigrator.migrate(ds);
        Map<String, long[]> recorded = new HashMap<>();
        EntityManagerFactory emf = HeraldPersistence.createEntityManagerFactory(ds, Map.of());
        try {
            ExperimentService experiments = new ExperimentService(new ResourceLocalTransactions(emf), Clock.systemUTC());
            experiments.define("spring", new ExperimentDesign("spring-salt", 0.1, List.of(
                    new ExperimentDesign.Arm("A", 1, Map.of("subject", "Spring")),
                    new ExperimentDesign.Arm("B", 1, Map.of("subject", "Spring, 20 % off")))), null,
                    Duration.ofDays(3));
            for (int i = 0; i < 120; i++) {
                Exposure e = experiments.expose("spring", "C" + i);
                long[] counts = recorded.computeIfAbsent(e.variant(), v -> new long[2]);
                counts[0]++;
                if (i % 4 == 0) {
                    experiments.recordOrder("C" + i, "ord-" + i, new BigDecimal("20.00"), e.exposedAt().plusSeconds(60));
                    counts[1]++;
                }
            }
        } finally {
            emf.close();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }

        AbCli.Result result = AbCli.run("ab", "report", "--campaign", "spring", "--data-dir", dataDir.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(result.out());
        assertThat(report.get("control").asText()).isEqualTo("holdout");
        for (JsonNode v : report.get("variants")) {
            long[] counts = recorded.get(v.get("name").asText());
            assertThat(v.get("users").asLong()).isEqualTo(counts[0]);
            assertThat(v.get("conversions").asLong()).isEqualTo(counts[1]);
        }
        assertThat(report.get("revenue_comparisons")).hasSize(2);

        AbCli.Result unknown = AbCli.run("ab", "report", "--campaign", "autumn", "--data-dir", dataDir.toString());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("campaign autumn has no experiment");
    }
}
