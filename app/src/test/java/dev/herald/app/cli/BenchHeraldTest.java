package dev.herald.app.cli;

import dev.herald.routes.RouteSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BenchHeraldTest {

    @Test
    void aGivenDataDirectoryIsUsedAsItIs(@TempDir Path given) throws Exception {
        assertThat(BenchHerald.dataDir(given)).isEqualTo(given);
    }

    @Test
    void withoutOneAFreshEmptyTemporaryDirectoryIsMade() throws Exception {
        Path made = BenchHerald.dataDir(null);
        try {
            assertThat(made).isDirectory().isEmptyDirectory();
            assertThat(made.getFileName().toString()).startsWith("herald-bench-");
        } finally {
            BenchHerald.deleteTree(made);
        }
    }

    @Test
    void deleteTreeRemovesNestedFilesAndTheDirectoryItself(@TempDir Path parent) throws Exception {
        Path root = parent.resolve("bench");
        Files.createDirectories(root.resolve("broker/journal"));
        Files.writeString(root.resolve("broker/journal/herald-1.amq"), "journal");
        Files.writeString(root.resolve("herald.mv.db"), "database");

        BenchHerald.deleteTree(root);

        assertThat(root).doesNotExist();
        assertThat(parent).exists();
    }

    @Test
    void deleteTreeOfAMissingDirectoryDoesNothing(@TempDir Path parent) {
        BenchHerald.deleteTree(parent.resolve("gone"));
        assertThat(parent).exists();
    }

    @Test
    void eventsAreEachCustomersSignupThenOrderOnTheirQueuesBuiltTheSameEachTimeTheyAreRead() {
        List<BenchHerald.Event> events = BenchHerald.events("x", 3, true);

        assertThat(events).hasSize(6);
        assertThat(events).extracting(BenchHerald.Event::eventId).containsExactly("signup-Bx-0", "order-Bx-0",
                "signup-Bx-1", "order-Bx-1", "signup-Bx-2", "order-Bx-2");
        assertThat(events).extracting(BenchHerald.Event::queue).containsExactly(RouteSettings.CRM_QUEUE,
                RouteSettings.COMMERCE_QUEUE, RouteSettings.CRM_QUEUE, RouteSettings.COMMERCE_QUEUE,
                RouteSettings.CRM_QUEUE, RouteSettings.COMMERCE_QUEUE);
        assertThat(events.get(3).customerId()).isEqualTo("Bx-1");
        assertThat(events.get(3).json()).contains("\"orderId\":\"O-Bx-1\"", "\"type\":\"order_completed\"");
        assertThat(events.get(3)).as("built again, the same").isEqualTo(events.get(3));
        assertThat(BenchHerald.events("x", 2, false)).extracting(BenchHerald.Event::eventId)
                .containsExactly("signup-Bx-0", "signup-Bx-1");
    }
}
