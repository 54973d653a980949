package dev.herald.routes.console;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(1_000);

    @Test
    void theRightPasswordMatchesAndAWrongOneDoesNot() {
        String hash = hasher.hash("s3cret!".toCharArray());
        assertThat(hasher.matches("s3cret!".toCharArray(), hash)).isTrue();
        assertThat(hasher.matches("s3cret".toCharArray(), hash)).isFalse();
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTimeBecauseOfTheSalt() {
        assertThat(hasher.hash("pw".toCharArray())).isNotEqualTo(hasher.hash("pw".toCharArray()));
    }

    @Test
    void theHashKeepsItsIterationCountSoItCanBeRaisedLater() {
        String hash = hasher.hash("pw".toCharArray());
        assertThat(hash).startsWith("pbkdf2-sha256$1000$");
        assertThat(new PasswordHasher(2_000).matches("pw".toCharArray(), hash)).isTrue();
        assertThat(new PasswordHasher().hash("pw".toCharArray())).startsWith("pbkdf2-sha256$600000$");
    }

    @Test
    void malformedStoredHashesNeverMatch() {
        assertThat(hasher.matches("pw".toCharArray(), null)).isFalse();
        assertThat(hasher.matches("pw".toCharArray(), "plain-text")).isFalse();
        assertThat(hasher.matches("pw".toCharArray(), "md5$1$a$b")).isFalse();
    }
}
