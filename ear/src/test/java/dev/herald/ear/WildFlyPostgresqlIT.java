package dev.herald.ear;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docker image's database configuration on a real WildFly: {@code herald.cli} then
 * {@code docker/wildfly/postgresql.cli} (the PostgreSQL driver module, as the Dockerfile applies them), the
 * database given through {@code HERALD_DB_URL}/{@code _USER}/{@code _PASSWORD} as docker-compose does, and a
 * real PostgreSQL. Flyway migrates it at deployment and a posted signup is stored there and emailed.
 */
class WildFlyPostgresqlIT {

    static EmbeddedPostgres postgres;
    static GreenMail smtp;
    static WildFlyServer wildfly;

    @BeforeAll
    static void startWildFlyOnPostgresql() throws Exception {
        postgres = EmbeddedPostgres.start();
        int smtpPort = EarTestSupport.freePort();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();

        Path driver = Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        wildfly = new WildFlyServer(Path.of(System.getProperty("herald.wildfly.home")));
        wildfly.resetToDistribution();
        wildfly.applyScript(Path.of(System.getProperty("herald.cli")));
        wildfly.applyScript(Path.of(System.getProperty("herald.cli")).resolveSibling("postgresql.cli"),
                "-Dpostgresql.jar=" + driver);
        wildfly.start(Path.of(System.getProperty("herald.entrypoint")),
                Map.of("HERALD_DB_URL", postgres.getJdbcUrl("postgres", "postgres"),
                        "HERALD_DB_USER", "postgres", "HERALD_DB_PASSWORD", "postgres"),
                List.of("-Dherald.smtp.port=" + smtpPort, "-Dherald.dispatch.period-ms=100"));
        wildfly.deploy(Path.of(System.getProperty("herald.ear")));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (wildfly != null) {
            wildfly.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void signupIsStoredInPostgresqlAndEmailed() throws Exception {
        String customer = "C-PG-1";
        String email = "pg-1@example.com";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + wildfly.httpPort() + "/v1/events/crm"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(EarTestSupport.signup(customer, email, "Paula Gres")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);

        MimeMessage welcome = EarTestSupport.awaitMailTo(smtp, email);

        assertThat(welcome.getSubject()).isEqualTo("Welcome to Herald Shop, Paula!");
        try (Connection db = postgres.getPostgresDatabase().getConnection();
             PreparedStatement query = db.prepareStatement("select email from customer where id = ?")) {
            query.setString(1, customer);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).as("customer row in PostgreSQL").isTrue();
                assertThat(row.getString(1)).isEqualTo(email);
            }
        }
        assertThat(wildfly.shutdown()).isZero();
    }
}
