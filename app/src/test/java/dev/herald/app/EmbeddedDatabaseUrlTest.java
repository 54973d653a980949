package dev.herald.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded H2's settings that keep returned commits through a kill -9 (ADR 0023, ADR 0025). */
class EmbeddedDatabaseUrlTest {

    @Test
    void embeddedH2WritesEachCommitAtTheEndOfTheFile() {
        String url = HeraldRuntime.embeddedDatabaseUrl(Path.of("data"));
        assertThat(url).startsWith("jdbc:h2:file:").contains(";WRITE_DELAY=0").contains(";REUSE_SPACE=FALSE");
    }

    @Test
    void onlyAnH2FileThatNeverReusesSpaceIsCompactedAtStart() {
        assertThat(HeraldRuntime.compactAtStart(HeraldRuntime.embeddedDatabaseUrl(Path.of("data")))).isTrue();
        assertThat(HeraldRuntime.compactAtStart(HeraldRuntime.embeddedDatabaseUrl(Path.of("data")) + ";AUTO_SERVER=TRUE"))
                .isTrue();
        assertThat(HeraldRuntime.compactAtStart("jdbc:h2:file:/var/herald/db;WRITE_DELAY=0")).isFalse();
        assertThat(HeraldRuntime.compactAtStart("jdbc:h2:mem:test;REUSE_SPACE=FALSE")).isFalse();
        assertThat(HeraldRuntime.compactAtStart("jdbc:postgresql://db/herald")).isFalse();
    }
}
