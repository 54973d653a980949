package dev.herald.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
