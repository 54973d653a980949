package dev.herald.routes.console.delivery;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadLettersTest {

    /** No connection factory: a refused id must be refused before the broker is asked. */
    final DeadLetters deadLetters = new DeadLetters(null, "herald.events.dlq", Set.of("herald.events.crm"));

    @Test
    void aMessageIdThatWouldChangeTheSelectorIsRefusedBeforeTheBrokerIsAsked() {
        assertThatThrownBy(() -> deadLetters.replay("ID:1' OR '1'='1", "root"))
                .isInstanceOf(DeadLetters.ReplayRefused.class).hasMessageContaining("not a JMS message id");
        assertThatThrownBy(() -> deadLetters.replay(null, "root")).isInstanceOf(DeadLetters.ReplayRefused.class);
        assertThatThrownBy(() -> deadLetters.replay("", "root")).isInstanceOf(DeadLetters.ReplayRefused.class);
    }
}
