package dev.herald.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.app.TestEvents.Customer;
import dev.herald.app.TestHerald.DeadLetter;
import dev.herald.engine.event.EventParser;
import dev.herald.routes.RouteSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static dev.herald.app.TestEvents.item;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invalid events are parked on {@value RouteSettings#DEAD_LETTER_QUEUE}, unchanged and with the reason in
 * {@code HeraldDeadLetterReason}; they send nothing and do not hold up the valid event behind them.
 * All bad inputs and then one valid signup are published once, by the same customer (one message group, so
 * the signup is consumed after the bad CRM events); each test then checks one part of the outcome.
 */
class DeadLetterIT {

    static final Customer DORA = TestEvents.customer("C-DORA", "Dora Lee");

    /** One invalid input: where it is sent, what is sent, and what the dead letter must say. */
    record BadInput(String name, String queue, String body, String expectedReason, String expectedEventId) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<BadInput> BAD_INPUTS = badInputs();

    @TempDir
    static Path dataDir;
    static TestHerald herald;
    static List<DeadLetter> deadLetters;

    static List<BadInput> badInputs() {
        ObjectNode oversized = TestEvents.signup("dlq-oversized", DORA).put("notes",
                "x".repeat(EventParser.MAX_PAYLOAD_BYTES));
        int oversizedBytes = oversized.toString().getBytes(StandardCharsets.UTF_8).length;
        return List.of(
                new BadInput("malformed JSON", RouteSettings.CRM_QUEUE,
                        "{\"eventId\": \"dlq-truncated\", \"type\": ", "malformed JSON: ", "(unreadable)"),
                new BadInput("missing email", RouteSettings.CRM_QUEUE,
                        changed(TestEvents.signup("dlq-no-email", DORA), e -> (ObjectNode) e.without("email")),
                        "missing field 'email'", "dlq-no-email"),
                new BadInput("quantity as text", RouteSettings.COMMERCE_QUEUE,
                        changed(TestEvents.order(DORA, "dlq-O-two", item("P-MUG", "Mug", 2, "2.50")), e -> {
                            ((ObjectNode) e.withArray("items").get(0)).put("quantity", "two");
                            return e;
                        }),
                        "field 'items[0].quantity' must be a whole number from 1 to 1000000, got \"two\"",
                        "dlq-O-two-completed"),
                new BadInput("payload over 256 KiB", RouteSettings.CRM_QUEUE, oversized.toString(),
                        "payload is " + oversizedBytes + " bytes, over the limit of 262144 bytes", "(unreadable)"),
                new BadInput("order on the CRM channel", RouteSettings.CRM_QUEUE,
                        TestEvents.order(DORA, "dlq-O-crm", item("P-MUG", "Mug", 1, "2.50")).toString(),
                        "event type 'order_completed' is not accepted on this channel", "dlq-O-crm-completed"));
    }

    private static String changed(ObjectNode event, UnaryOperator<ObjectNode> change) {
        return change.apply(event).toString();
    }

    @BeforeAll
    static void publishBadInputsThenOneValidEvent() throws Exception {
        herald = TestHerald.start(dataDir);
        for (BadInput bad : BAD_INPUTS) {
            herald.send(bad.queue(), DORA.id(), bad.body());
        }
        herald.send(RouteSettings.CRM_QUEUE, TestEvents.signup(DORA));
        herald.awaitMails(1);
        deadLetters = herald.takeDeadLetters(BAD_INPUTS.size());
        herald.awaitIdle();
    }

    @AfterAll
    static void stop() throws Exception {
        if (herald != null) {
            herald.close();
        }
    }

    static Stream<BadInput> badInputCases() {
        return BAD_INPUTS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputCases")
    void badInputIsDeadLetteredUnchangedWithItsReason(BadInput bad) {
        assertThat(deadLetters).filteredOn(d -> bad.body().equals(d.body()))
                .as("dead letters holding the original body of '%s'", bad)
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.reason()).startsWith(bad.expectedReason());
                    assertThat(d.eventId()).isEqualTo(bad.expectedEventId());
                    assertThat(d.sourceQueue()).isEqualTo(bad.queue());
                });
    }

    @Test
    void nothingButTheBadInputsIsDeadLettered() {
        assertThat(deadLetters).extracting(DeadLetter::body)
                .containsExactlyInAnyOrderElementsOf(BAD_INPUTS.stream().map(BadInput::body).toList());
        assertThat(herald.runtime().broker().messageCount(RouteSettings.DEAD_LETTER_QUEUE)).isZero();
    }

    @Test
    void validEventSentAfterTheBadOnesIsStillProcessed() {
        TestMail.Mail welcome = TestMail.only(herald.mails(), DORA.email(), "welcome");
        assertThat(welcome.subject()).isEqualTo("Welcome to Herald Shop, Dora!");
    }

    @Test
    void noEmailIsSentForBadInputs() {
        assertThat(herald.mails()).hasSize(1);
        assertThat(herald.count("select count(*) from outbox_message")).isEqualTo(1);
        assertThat(herald.count("select count(*) from processed_event")).isEqualTo(1);
        assertThat(herald.count("select count(*) from customer_order")).isZero();
    }
}
