package dev.herald.app.cli;

import dev.herald.routes.RouteSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code herald bench http}: a load generator, run as its own process against a running {@code herald run}. It
 * posts Segment track calls (signups and completed orders, half each) over keep-alive connections, then asks the
 * broker how many events reached the queues and waits until Herald has consumed them, so "nothing lost" is
 * counted by the broker, not assumed.
 */
@Command(name = "http", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load the HTTP tracking API of a running Herald from this process and count what arrived.",
                "Start Herald first, with an API key, e.g.:",
                "  HERALD_API_KEY=bench ./herald run --data-dir /tmp/herald-bench",
                "then in another terminal:",
                "  ./herald bench http --api-key bench --events 50000 --connections 32",
                "Reports accepted events per second and latency percentiles, then the broker's count of messages"
                        + " added to the event queues (must equal the accepted events) and, once Herald has"
                        + " consumed them, the dead letters (must be 0).",
                ""})
public class BenchHttpCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "Herald's HTTP address (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--api-key", paramLabel = "KEY", required = true, description = "The API key Herald runs with.")
    String apiKey;

    @Option(names = "--events", paramLabel = "N", defaultValue = "50000",
            description = "Events to send, after the warm-up (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "5000",
            description = "Events sent first and not timed (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--connections", paramLabel = "C", defaultValue = "32",
            description = "Concurrent requests, one keep-alive connection each (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "1",
            description = "Events per request: 1 posts /v1/track, more posts /v1/batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--broker", paramLabel = "URL", defaultValue = "tcp://127.0.0.1:61616",
            description = "Herald's broker, to count messages (default: ${DEFAULT-VALUE}; 'none' skips counting).")
    String broker;

    @Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "How long to wait for Herald to consume everything (default: ${DEFAULT-VALUE}).")
    int drainTimeout;

    private final String run = Long.toString(System.currentTimeMillis(), 36);

    @Override
    public Integer call() throws Exception {
        if (events < 1 || connections < 1 || batch < 1 || batch > 2000 || warmup < 0) {
            System.err.println("--events, --connections must be positive; --batch from 1 to 2000");
            return 2;
        }
        boolean counting = !broker.equalsIgnoreCase("none");
        BrokerStats stats = counting ? new BrokerStats(broker, null, null) : null;
        try {
            long addedBefore = counting ? added(stats) : 0;
            long deadBefore = counting ? stats.attribute(RouteSettings.DEAD_LETTER_QUEUE, "messagesAdded") : 0;
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            System.out.printf(Locale.ROOT, "warm-up: %d events%n", warmup);
            Result warm = send(client, 0, warmup);
            System.out.printf(Locale.ROOT, "sending %d events, %d per request, %d connections, to %s%n", events, batch,
                    connections, url);
            Result timed = send(client, warmup, events);
            long accepted = warm.accepted + timed.accepted;
            double seconds = timed.nanos / 1e9;
            long[] lat = Arrays.copyOf(timed.latencies, timed.requests);
            Arrays.sort(lat);
            System.out.printf(Locale.ROOT, "accepted %d of %d timed events in %.2f s: %.0f events/s (%d requests,"
                            + " %d refused or failed); latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    timed.accepted, events, seconds, timed.accepted / seconds, timed.requests, timed.failed,
                    pct(lat, 0.50), pct(lat, 0.99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6);
            if (!counting) {
                return timed.failed == 0 ? 0 : 1;
            }
            long reached = added(stats) - addedBefore;
            System.out.printf(Locale.ROOT, "broker: %d messages added to the event queues (accepted %d)%n", reached,
                    accepted);
            long deadline = System.nanoTime() + Duration.ofSeconds(drainTimeout).toNanos();
            long waiting;
            while ((waiting = stats.attribute(RouteSettings.CRM_QUEUE, "messageCount")
                    + stats.attribute(RouteSettings.COMMERCE_QUEUE, "messageCount")) > 0 && System.nanoTime() < deadline) {
                System.out.printf(Locale.ROOT, "  Herald is consuming: %d waiting%n", waiting);
                Thread.sleep(2000);
            }
            long dead = stats.attribute(RouteSettings.DEAD_LETTER_QUEUE, "messagesAdded") - deadBefore;
            System.out.printf(Locale.ROOT, "downstream: %d still waiting, %d dead-lettered%n", waiting, dead);
            boolean nothingLost = reached == accepted && waiting == 0 && dead == 0 && timed.failed + warm.failed == 0;
            System.out.printf(Locale.ROOT, "summary accepted=%d events_per_second=%.0f reached_queues=%d"
                    + " dead_lettered=%d waiting=%d nothing_lost=%s%n", accepted, timed.accepted / seconds, reached,
                    dead, waiting, nothingLost);
            return nothingLost ? 0 : 1;
        } finally {
            if (stats != null) {
                stats.close();
            }
        }
    }

    private static long added(BrokerStats stats) throws Exception {
        return stats.attribute(RouteSettings.CRM_QUEUE, "messagesAdded")
                + stats.attribute(RouteSettings.COMMERCE_QUEUE, "messagesAdded");
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
    }

    private record Result(long accepted, long failed, int requests, long nanos, long[] latencies) {
    }

    /** Sends events {@code from} .. {@code from + count - 1} from {@link #connections} threads. */
    private Result send(HttpClient client, int from, int count) throws InterruptedException {
        int requests = (count + batch - 1) / batch;
        AtomicInteger next = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long[] latencies = new long[requests];
        String auth = "Basic " + Base64.getEncoder().encodeToString((apiKey + ":").getBytes(StandardCharsets.UTF_8));
        URI target = URI.create(url + (batch == 1 ? "/v1/track" : "/v1/batch"));
        Thread[] threads = new Thread[connections];
        long start = System.nanoTime();
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                int r;
                while ((r = next.getAndIncrement()) < requests) {
                    int first = from + r * batch;
                    int n = Math.min(batch, from + count - first);
                    String body = body(first, n);
                    HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json").header("Authorization", auth)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200) {
                            accepted.addAndGet(n);
                        } else {
                            failed.addAndGet(n);
                            if (failed.get() <= 5 * batch) {
                                System.err.println("refused: " + response.statusCode() + " " + response.body());
                            }
                        }
                    } catch (Exception e) {
                        failed.addAndGet(n);
                        if (failed.get() <= 5 * batch) {
                            System.err.println("failed: " + e);
                        }
                    }
                    latencies[r] = System.nanoTime() - t0;
                }
            }, "bench-http-" + t);
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Result(accepted.get(), failed.get(), requests, System.nanoTime() - start, latencies);
    }

    private String body(int first, int n) {
        if (batch == 1) {
            return event(first, false);
        }
        StringBuilder b = new StringBuilder(n * 400).append("{\"batch\":[");
        for (int i = 0; i < n; i++) {
            b.append(i > 0 ? "," : "").append(event(first + i, true));
        }
        return b.append("]}").toString();
    }

    /** Even numbers sign a customer up; odd numbers complete an order for the customer before. */
    private String event(int i, boolean typed) {
        int customer = i / 2;
        String id = "bench-" + run + "-" + customer;
        String type = typed ? "\"type\":\"track\"," : "";
        if (i % 2 == 0) {
            return "{" + type + "\"event\":\"Signed Up\",\"userId\":\"" + id + "\",\"messageId\":\"" + id + "-signup\","
                    + "\"properties\":{\"email\":\"" + id + "@bench.example\",\"name\":\"Bench Customer " + customer + "\"}}";
        }
        return "{" + type + "\"event\":\"Order Completed\",\"userId\":\"" + id + "\",\"messageId\":\"" + id + "-order\","
                + "\"context\":{\"traits\":{\"email\":\"" + id + "@bench.example\"}},"
                + "\"properties\":{\"order_id\":\"" + id + "-o\",\"currency\":\"GBP\",\"products\":["
                + "{\"product_id\":\"85123A\",\"name\":\"White Hanging Heart T-Light Holder\",\"price\":2.55,\"quantity\":2},"
                + "{\"product_id\":\"22423\",\"name\":\"Regency Cakestand 3 Tier\",\"price\":12.75,\"quantity\":1}]}}";
    }
}
