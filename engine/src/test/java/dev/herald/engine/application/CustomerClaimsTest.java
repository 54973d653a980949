package dev.herald.engine.application;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class CustomerClaimsTest {

    @Test
    void batchesOfDifferentCustomersDoNotWaitForEachOther() {
        CustomerClaims claims = new CustomerClaims(Duration.ofHours(1));

        Set<String> first = claims.claim(List.of("customer:a", "email:a@x.example"));
        Set<String> second = claims.claim(List.of("customer:b"));

        assertEquals(Set.of("customer:a", "email:a@x.example"), first);
        assertEquals(Set.of("customer:b"), second);
        assertEquals(3, claims.claimedCount());
    }

    @Test
    void aBatchSharingACustomerWaitsUntilTheOtherReleasesThenClaimsAllItsKeys() throws Exception {
        CustomerClaims claims = new CustomerClaims(Duration.ofHours(1));
        Set<String> crmBatch = claims.claim(List.of("customer:a", "customer:b"));
        ExecutorService commerce = Executors.newSingleThreadExecutor();
        AtomicReference<Thread> commerceThread = new AtomicReference<>();
        try {
            CompletableFuture<Set<String>> commerceBatch = CompletableFuture.supplyAsync(() -> {
                commerceThread.set(Thread.currentThread());
                return claims.claim(List.of("customer:b", "customer:c"));
            }, commerce);

            awaitWaiting(commerceThread);
            assertFalse(commerceBatch.isDone(), "customer b is still held by the CRM batch");
            assertEquals(2, claims.claimedCount(), "a waiting batch holds none of its keys (all or none)");

            claims.release(crmBatch);

            assertEquals(Set.of("customer:b", "customer:c"), commerceBatch.get());
            assertEquals(2, claims.claimedCount());
        } finally {
            commerce.shutdownNow();
        }
    }

    @Test
    void aBatchThatWaitedTooLongGoesAheadWithoutAClaim() throws Exception {
        CustomerClaims claims = new CustomerClaims(Duration.ofMillis(20));
        claims.claim(List.of("customer:a"));

        Set<String> late = CompletableFuture.supplyAsync(() -> claims.claim(List.of("customer:a", "customer:z"))).get();

        assertTrue(late.isEmpty(), "nothing held, nothing to release");
        assertEquals(1, claims.claimedCount());
        claims.release(late);
        assertEquals(1, claims.claimedCount());
    }

    @Test
    void eachClaimIsRecordedForTheFlightRecorderWithItsWait() throws Exception {
        CustomerClaims claims = new CustomerClaims(Duration.ofMillis(50));
        Path file = Files.createTempFile("customer-claim", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable(CustomerClaimEvent.NAME);
            recording.start();
            claims.claim(List.of("customer:a", "email:a@x.example"));
            CompletableFuture.supplyAsync(() -> claims.claim(List.of("customer:a"))).get();
            recording.stop();
            recording.dump(file);
        }

        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Files.delete(file);
        assertEquals(2, events.size());
        RecordedEvent free = events.stream().filter(e -> e.getInt("keys") == 2).findFirst().orElseThrow();
        RecordedEvent blocked = events.stream().filter(e -> e.getInt("keys") == 1).findFirst().orElseThrow();
        assertFalse(free.getBoolean("timedOut"));
        assertTrue(free.getDuration().compareTo(Duration.ofMillis(50)) < 0, "a free claim does not wait");
        assertTrue(blocked.getBoolean("timedOut"), "customer a was held until the wait ran out");
        assertTrue(blocked.getDuration().compareTo(Duration.ofMillis(50)) >= 0, "its duration is the wait");
    }

    private static void awaitWaiting(AtomicReference<Thread> thread) throws InterruptedException {
        while (thread.get() == null || (thread.get().getState() != Thread.State.TIMED_WAITING
                && thread.get().getState() != Thread.State.WAITING)) {
            Thread.sleep(5);
        }
    }
}
