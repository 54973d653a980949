package dev.herald.routes.batch;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The batching consumer in a Camel route on a real broker: a batch is one exchange on the consumer's thread, and
 * its session commits (forwarded copies included) or rolls back after the exchange.
 */
class BatchJmsConsumerTest {

    static final String QUEUE = "batch.in";
    static final String OUT = "batch.out";

    TestBroker broker;
    DefaultCamelContext camel;
    /** The delivery counts of each exchange's messages, exchange by exchange. */
    final List<List<Integer>> exchanges = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startBroker() throws Exception {
        broker = new TestBroker(QUEUE, OUT);
    }

    @AfterEach
    void stop() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        broker.close();
    }

    @Test
    void messagesAlreadyWaitingArriveAsOneExchangeAndAreAcknowledgedTogether() throws Exception {
        broker.send(QUEUE, "m1", "m2", "m3", "m4", "m5");

        start(10, exchange -> { });
        await().atMost(Duration.ofSeconds(20)).until(() -> exchanges.size() == 1);
        camel.stop();

        assertThat(exchanges).containsExactly(List.of(1, 1, 1, 1, 1));
        assertThat(broker.drain(QUEUE, 200)).as("committed").isEmpty();
    }

    @Test
    void rolledBackBatchIsRedeliveredOneMessagePerTransaction() throws Exception {
        broker.send(QUEUE, "m1", "m2", "m3");
        AtomicInteger calls = new AtomicInteger();

        start(10, exchange -> {
            if (calls.incrementAndGet() == 1) {
                exchange.getProperty(BatchJmsConsumer.TRANSACTION, BatchTransaction.class).setRollbackOnly();
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> exchanges.size() == 4);
        camel.stop();

        assertThat(exchanges).containsExactly(List.of(1, 1, 1), List.of(2), List.of(2), List.of(2));
        assertThat(broker.drain(QUEUE, 200)).isEmpty();
    }

    @Test
    void failedExchangeRollsTheBatchBack() throws Exception {
        broker.send(QUEUE, "m1", "m2");
        AtomicInteger calls = new AtomicInteger();

        start(10, exchange -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> exchanges.size() == 3);
        camel.stop();

        assertThat(exchanges).containsExactly(List.of(1, 1), List.of(2), List.of(2));
    }

    @Test
    void forwardedCopiesKeepBodyGroupAndPropertiesAndCommitWithTheBatch() throws Exception {
        try (var context = broker.connectionFactory().createContext(jakarta.jms.JMSContext.SESSION_TRANSACTED)) {
            var m = context.createTextMessage("{\"eventId\":\"e1\"}");
            m.setStringProperty("JMSXGroupID", "C1");
            m.setStringProperty("Producer", "shop");
            context.createProducer().send(context.createQueue(QUEUE), m);
            context.commit();
        }

        start(10, exchange -> {
            @SuppressWarnings("unchecked")
            List<BatchJmsMessage> batch = exchange.getMessage().getBody(List.class);
            try {
                exchange.getProperty(BatchJmsConsumer.TRANSACTION, BatchTransaction.class)
                        .forward(batch.get(0), OUT, Map.of("Reason", "testing"));
            } catch (jakarta.jms.JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> exchanges.size() == 1);
        camel.stop();

        List<Message> copies = broker.drain(OUT, 2000);
        assertThat(copies).hasSize(1);
        Message copy = copies.get(0);
        assertThat(TestBroker.text(copy)).isEqualTo("{\"eventId\":\"e1\"}");
        assertThat(copy.getStringProperty("JMSXGroupID")).isEqualTo("C1");
        assertThat(copy.getStringProperty("Producer")).isEqualTo("shop");
        assertThat(copy.getStringProperty("Reason")).isEqualTo("testing");
        assertThat(broker.drain(QUEUE, 200)).isEmpty();
    }

    @Test
    void eachBatchIsRecordedForTheFlightRecorderWithItsSizeAgesAndStageTimes() throws Exception {
        broker.send(QUEUE, "m1", "m2", "m3");
        Thread.sleep(30); // so the messages are measurably old when received
        Path file = Files.createTempFile("ingest-batch", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable(IngestBatchEvent.NAME);
            recording.start();
            start(10, exchange -> sleepQuietly(20));
            await().atMost(Duration.ofSeconds(20)).until(() -> exchanges.size() == 1);
            camel.stop();
            recording.stop();
            recording.dump(file);
        }

        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Files.delete(file);
        assertThat(events).hasSize(1);
        RecordedEvent batch = events.get(0);
        assertThat(batch.getString("queue")).isEqualTo(QUEUE);
        assertThat(batch.getInt("size")).isEqualTo(3);
        assertThat(batch.getDuration("oldestAge")).isGreaterThanOrEqualTo(Duration.ofMillis(30))
                .isGreaterThanOrEqualTo(batch.getDuration("newestAge"));
        assertThat(batch.getDuration("routeTime")).as("the route slept 20 ms")
                .isGreaterThanOrEqualTo(Duration.ofMillis(20));
        assertThat(batch.getDuration("routeCpuTime")).as("sleeping is not CPU")
                .isLessThan(batch.getDuration("routeTime"));
        assertThat(batch.getDuration("jmsCommitTime")).isPositive();
        assertThat(batch.getDuration()).as("the whole batch, route and commit included")
                .isGreaterThanOrEqualTo(batch.getDuration("routeTime").plus(batch.getDuration("jmsCommitTime")));
        assertThat(batch.getBoolean("committed")).isTrue();
        assertThat(batch.getBoolean("commitConfirmed")).as("the JMS commit waits").isTrue();
    }

    @Test
    void commitsSentWithoutWaitingAreConfirmedByAWaitingCommitWhenTheQueueFallsIdle() throws Exception {
        CountingCommitter committer = new CountingCommitter();
        broker.send(QUEUE, "m1", "m2");

        start(10, "&receiveTimeout=100", committer, exchange -> { });
        await().atMost(Duration.ofSeconds(20)).until(() -> committer.waited.get() == 1);
        Thread.sleep(500); // several more idle receives: nothing is left to confirm
        camel.stop();

        assertThat(exchanges.stream().mapToInt(List::size).sum()).isEqualTo(2);
        assertThat(committer.sent.get()).as("each batch's commit was only sent").isEqualTo(exchanges.size());
        assertThat(committer.waited.get()).as("one confirmation, once idle").isEqualTo(1);
        assertThat(broker.drain(QUEUE, 200)).as("both acknowledged").isEmpty();
    }

    @Test
    void aBatchCommitWaitsWhenTheLastConfirmationIsOlderThanTheConfirmInterval() throws Exception {
        CountingCommitter committer = new CountingCommitter();

        // one message at a time, no receive timing out in between (3 s): every unconfirmed commit is overdue at once
        start(10, "&receiveTimeout=3000&confirmInterval=0", committer, exchange -> { });
        List<String> bodies = List.of("m1", "m2", "m3");
        for (int n = 1; n <= bodies.size(); n++) {
            broker.send(QUEUE, bodies.get(n - 1));
            int committed = n;
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> committer.sent.get() + committer.waited.get() == committed);
        }

        assertThat(committer.sent.get()).as("first and third batch only sent").isEqualTo(2);
        assertThat(committer.waited.get()).as("the second waited, confirming the first").isEqualTo(1);
        camel.stop();
        assertThat(broker.drain(QUEUE, 200)).isEmpty();
    }

    @Test
    void aFullBatchsCommitWaitsForTheBroker() throws Exception {
        CountingCommitter committer = new CountingCommitter();
        broker.send(QUEUE, "m1", "m2", "m3", "m4");

        start(2, "&receiveTimeout=100", committer, exchange -> { });
        await().atMost(Duration.ofSeconds(20)).until(() -> committer.waited.get() == 2);
        camel.stop();

        assertThat(exchanges).hasSize(2);
        assertThat(committer.sent.get()).as("more were waiting behind each batch").isZero();
        assertThat(broker.drain(QUEUE, 200)).isEmpty();
    }

    /** Commits the JMS way but reports that it did not wait, as a broker-specific committer would; counts both. */
    private static final class CountingCommitter implements SessionCommitter {
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger waited = new AtomicInteger();

        @Override
        public boolean commit(Session session) throws JMSException {
            session.commit();
            sent.incrementAndGet();
            return false;
        }

        @Override
        public void commitAndWait(Session session) throws JMSException {
            session.commit();
            waited.incrementAndGet();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void start(int batchSize, Consumer<Exchange> step) throws Exception {
        start(batchSize, "&receiveTimeout=100", SessionCommitter.WAITING, step);
    }

    private void start(int batchSize, String options, SessionCommitter committer, Consumer<Exchange> step)
            throws Exception {
        camel = new DefaultCamelContext();
        BatchJmsComponent component = new BatchJmsComponent(broker.connectionFactory());
        component.setSessionCommitter(committer);
        camel.addComponent(BatchJmsComponent.SCHEME, component);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(BatchJmsComponent.SCHEME + ":queue:" + QUEUE + "?batchSize=" + batchSize + options)
                        .routeId("batch-test")
                        .errorHandler(noErrorHandler())
                        .process(exchange -> {
                            @SuppressWarnings("unchecked")
                            List<BatchJmsMessage> batch = exchange.getMessage().getBody(List.class);
                            exchanges.add(batch.stream().map(BatchJmsMessage::deliveryCount).toList());
                            step.accept(exchange);
                        });
            }
        });
        camel.start();
    }
}
