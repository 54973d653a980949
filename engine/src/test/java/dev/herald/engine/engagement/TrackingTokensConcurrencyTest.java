package dev.herald.engine.engagement;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens keep a keyed Mac per thread (ADR 0033): tokens signed on several threads at once are the same as those
 * signed on one, and each verifies for its own message and kind.
 */
class TrackingTokensConcurrencyTest {

    private final TrackingTokens tokens = new TrackingTokens("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8));

    @Test
    void tokensSignedOnManyThreadsAtOnceAreTheSameAsOnOneAndVerify() throws Exception {
        List<String> expected = new ArrayList<>();
        for (long id = 0; id < 2_000; id++) {
            expected.add(tokens.click(id, "https://shop.example/p/" + id));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> {
                    List<String> signed = new ArrayList<>();
                    for (long id = 0; id < 2_000; id++) {
                        signed.add(tokens.click(id, "https://shop.example/p/" + id));
                        tokens.unsubscribe(id); // interleave other kinds on the same thread's Mac
                    }
                    return signed;
                }));
            }
            for (Future<List<String>> run : runs) {
                assertThat(run.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(tokens.verify(expected.get(7), TrackingTokens.Kind.CLICK)).get()
                .isEqualTo(new TrackingTokens.Parsed(TrackingTokens.Kind.CLICK, 7, "https://shop.example/p/7"));
    }
}
