package dev.herald.app;

import dev.herald.app.TestEvents.Customer;
import dev.herald.app.TestHerald.DeadLetter;
import dev.herald.routes.RouteSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.herald.app.TestEvents.item;
import static org.assertj.core.api.Assertions.assertThat;

/** The whole flow with {@code herald.jdbc.url} pointing at a real PostgreSQL instead of the embedded H2. */
class PostgresRuntimeIT {

    static EmbeddedPostgres postgres;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        TestPostgres.stop(postgres);
    }

    @Test
    void signupAndFirstOrderAreEmailedAndABadEventDeadLetteredOnPostgres() throws Exception {
        Customer pat = TestEvents.customer("C-PAT", "Pat Green");
        Map<String, String> onPostgres = TestPostgres.settings(postgres);

        try (TestHerald herald = TestHerald.start(dataDir, onPostgres)) {
            herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(pat));
            herald.send(RouteSettings.COMMERCE_QUEUE, TestEvents.order(pat, "O-PAT-1",
                    item("P-MUG", "Mug", 2, "3.50")));
            herald.send(RouteSettings.CRM_QUEUE, pat.id(), "{\"eventId\": \"pg-broken\"");

            herald.awaitMails(2);
            DeadLetter deadLetter = herald.takeDeadLetters(1).get(0);
            herald.awaitIdle();

            assertThat(herald.mails()).hasSize(2);
            assertThat(TestMail.only(herald.mails(), pat.email(), "welcome").subject())
                    .isEqualTo("Welcome to Herald Shop, Pat!");
            assertThat(TestMail.only(herald.mails(), pat.email(), "first-order-thank-you").text())
                    .contains("- Mug x 2 at £3.50 = £7.00", "Total: £7.00");
            assertThat(deadLetter.reason()).startsWith("malformed JSON: ");
            assertThat(deadLetter.body()).isEqualTo("{\"eventId\": \"pg-broken\"");

            // the state is in PostgreSQL, not in an H2 file
            assertThat(TestHerald.jdbcUrl(herald.runtime().config())).startsWith("jdbc:postgresql:");
            assertThat(herald.count("select count(*) from processed_event where customer_id = ?", pat.id()))
                    .isEqualTo(2);
            assertThat(herald.countBy("select campaign, count(*) from outbox_message where status = 'SENT'"
                    + " group by campaign")).containsOnly(Map.entry("welcome", 1L),
                    Map.entry("first-order-thank-you", 1L));
            assertThat(dataDir.resolve("db")).doesNotExist();
        }
    }
}
