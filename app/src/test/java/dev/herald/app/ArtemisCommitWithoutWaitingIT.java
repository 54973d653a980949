package dev.herald.app;

import dev.herald.routes.RouteSettings;
import dev.herald.routes.batch.SessionCommitter;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.core.protocol.core.impl.PacketImpl;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An ingest batch's commit sent without waiting for the broker's journal sync (ADR 0045), on the real embedded
 * Artemis broker with its journal on disk: the broker applies it in order with what the session does next, and it
 * stays applied across a broker restart.
 */
class ArtemisCommitWithoutWaitingIT {

    static final String QUEUE = RouteSettings.COMMERCE_QUEUE;
    static final String DEAD_LETTERS = RouteSettings.DEAD_LETTER_QUEUE;

    @TempDir
    Path dir;
    EmbeddedBroker broker;
    ActiveMQConnectionFactory connectionFactory;
    final SessionCommitter committer = new ArtemisCommitWithoutWaiting();

    @BeforeEach
    void start() throws Exception {
        broker = new EmbeddedBroker(dir, 0, List.of(QUEUE), DEAD_LETTERS);
        connectionFactory = new ActiveMQConnectionFactory(broker.clientUrl());
    }

    @AfterEach
    void stop() throws Exception {
        connectionFactory.close();
        broker.close();
    }

    @Test
    void aCommitSentWithoutWaitingAcknowledgesTheBatchAndSendsItsForwardedCopy() throws Exception {
        send("e1", "e2", "e3");
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            List<String> batch = receiveAll(session.createConsumer(session.createQueue(QUEUE)));
            session.createProducer(session.createQueue(DEAD_LETTERS)).send(session.createTextMessage("copy of e2"));

            assertThat(batch).containsExactly("e1", "e2", "e3");
            assertThat(committer.commit(session)).as("returned without the broker's answer").isFalse();
        } // closing right after: the broker applies the commit first

        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThat(receiveAll(session.createConsumer(session.createQueue(QUEUE)))).as("acknowledged").isEmpty();
            assertThat(receiveAll(session.createConsumer(session.createQueue(DEAD_LETTERS))))
                    .containsExactly("copy of e2");
        }
    }

    @Test
    void theCommitReturnsWhileTheBrokerHoldsItsAnswerAndAWaitingCommitDoesNot() throws Exception {
        send("e1");
        CountDownLatch commitsHeld = new CountDownLatch(1);
        broker.addIncomingInterceptor((packet, connection) -> {
            if (packet.getType() == PacketImpl.SESS_COMMIT) {
                try {
                    commitsHeld.await(30, TimeUnit.SECONDS); // as a slow journal sync would hold the answer
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return true;
        });
        ExecutorService consumerThread = Executors.newSingleThreadExecutor();
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            assertThat(session.createConsumer(session.createQueue(QUEUE)).receive(5_000)).isNotNull();

            Future<Boolean> sent = consumerThread.submit(() -> committer.commit(session));
            assertThat(sent.get(10, TimeUnit.SECONDS)).as("returned while the broker held the commit").isFalse();
            Future<?> waiting = consumerThread.submit(() -> {
                committer.commitAndWait(session);
                return null;
            });
            Thread.sleep(500);
            assertThat(waiting).as("a waiting commit waits for the held answer").isNotDone();

            commitsHeld.countDown();
            waiting.get(10, TimeUnit.SECONDS);
        } finally {
            commitsHeld.countDown();
            consumerThread.shutdownNow();
        }
        assertThat(broker.messageCount(QUEUE)).as("acknowledged once the broker went on").isZero();
    }

    @Test
    void commitsSentWithoutWaitingAndThenConfirmedStayAcknowledgedAcrossABrokerRestart() throws Exception {
        send("e1", "e2", "e3", "e4");
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
            for (int batch = 0; batch < 2; batch++) {
                assertThat(consumer.receive(5_000)).isNotNull();
                assertThat(committer.commit(session)).isFalse();
            }
            committer.commitAndWait(session); // an empty transaction, as a consumer does when its queue falls idle

            broker.restart();
        }

        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThat(receiveAll(session.createConsumer(session.createQueue(QUEUE))))
                    .as("the two committed before the restart stay acknowledged").containsExactly("e3", "e4");
        }
    }

    @Test
    void sessionsOfOtherBrokersAreCommittedTheJmsWayWaitingForTheAnswer() throws Exception {
        AtomicInteger commits = new AtomicInteger();
        Session otherBrokers = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{Session.class}, (proxy, method, args) -> {
                    if (method.getName().equals("commit")) {
                        commits.incrementAndGet();
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });

        assertThat(committer.commit(otherBrokers)).as("waited").isTrue();
        assertThat(commits).hasValue(1);
    }

    private void send(String... bodies) throws Exception {
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            for (String body : bodies) {
                producer.send(session.createTextMessage(body));
            }
        }
    }

    static List<String> receiveAll(MessageConsumer consumer) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (Message m = consumer.receive(1_000); m != null; m = consumer.receive(300)) {
            bodies.add(((TextMessage) m).getText());
        }
        return bodies;
    }
}
