package dev.herald.rules;

import dev.herald.engine.decision.Decision;
import dev.herald.engine.decision.DecisionFacts;
import dev.herald.engine.event.EventType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hand-written DRL rule base (test resource {@code lifecycle.drl}: signup → welcome, first order → thank-you)
 * through {@link DroolsDecisionService}: decisions, versions and thread safety of the service itself.
 */
class DroolsDecisionServiceTest {

    private static DroolsDecisionService rules;

    @BeforeAll
    static void compileBuiltInRules() {
        rules = DroolsDecisionService.fromSources(Map.of("lifecycle.drl", readLifecycleDrl()));
    }

    private static String readLifecycleDrl() {
        try (InputStream in = DroolsDecisionServiceTest.class.getResourceAsStream("lifecycle.drl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void firstOrderStartsThankYouCampaign() {
        assertThat(rules.decide(order("c-1", 1)))
                .containsExactly(new Decision("first-order-thank-you", "thank-you", "c-1"));
    }

    @Test
    void secondOrderStartsNothing() {
        assertThat(rules.decide(order("c-1", 2))).isEmpty();
    }

    @Test
    void laterOrdersStartNothing() {
        assertThat(rules.decide(order("c-1", 17))).isEmpty();
    }

    @Test
    void signupStartsWelcomeCampaign() {
        assertThat(rules.decide(signup("c-2")))
                .containsExactly(new Decision("welcome", "welcome", "c-2"));
    }

    @Test
    void decisionsAreForTheEventsCustomer() {
        assertThat(rules.decide(order("c-42", 1))).extracting(Decision::customerId).containsExactly("c-42");
        assertThat(rules.decide(signup("c-43"))).extracting(Decision::customerId).containsExactly("c-43");
    }

    @Test
    void builtInRuleBaseHasShortHexVersion() {
        assertThat(rules.ruleBaseVersion()).matches("[0-9a-f]{12}");
    }

    @Test
    void decideIsSafeFromManyThreads() throws Exception {
        int threads = 8;
        int callsPerThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int correct = 0;
                    for (int i = 0; i < callsPerThread; i++) {
                        String customer = "c-" + thread + "-" + i;
                        List<Decision> expected;
                        List<Decision> actual;
                        switch (i % 3) {
                            case 0 -> {
                                actual = rules.decide(signup(customer));
                                expected = List.of(new Decision("welcome", "welcome", customer));
                            }
                            case 1 -> {
                                actual = rules.decide(order(customer, 1));
                                expected = List.of(new Decision("first-order-thank-you", "thank-you", customer));
                            }
                            default -> {
                                actual = rules.decide(order(customer, 2));
                                expected = List.of();
                            }
                        }
                        if (actual.equals(expected)) {
                            correct++;
                        }
                    }
                    return correct;
                }));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(callsPerThread);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static DecisionFacts order(String customerId, long orderCount) {
        return new DecisionFacts("e-" + customerId + "-" + orderCount, EventType.ORDER_COMPLETED, customerId,
                orderCount, new BigDecimal("50.00").multiply(BigDecimal.valueOf(orderCount)), new BigDecimal("50.00"));
    }

    static DecisionFacts signup(String customerId) {
        return new DecisionFacts("e-" + customerId + "-signup", EventType.CUSTOMER_SIGNED_UP, customerId,
                0, BigDecimal.ZERO, BigDecimal.ZERO);
    }
}
