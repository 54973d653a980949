package dev.herald.app;

import dev.herald.routes.RouteSettings;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM by {@link EmbeddedBrokerJournalIT}, because only a JVM started with Artemis's native library on
 * {@code java.library.path} (as {@code ./herald} starts Herald) can load it. {@code send}: commits messages to a
 * broker with the given journal choice, prints the journal type and halts the JVM at once, without stopping the
 * broker (as a kill -9 would end it). {@code receive}: starts a broker on the same journal and prints what it reads
 * back. Exit code 3 means the journal's file IO was not available here (the message says why).
 */
public final class AsyncIoJournalProbe {

    static final String QUEUE = RouteSettings.COMMERCE_QUEUE;
    static final int EXIT_UNAVAILABLE = 3;

    private AsyncIoJournalProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        EmbeddedBroker.JournalChoice choice = EmbeddedBroker.JournalChoice.parse("journal", args[1]);
        String missing = EmbeddedBroker.asyncIoMissing(dir.resolve("journal"));
        if (choice == EmbeddedBroker.JournalChoice.AIO && missing != null) {
            System.out.println("unavailable: " + missing);
            System.exit(EXIT_UNAVAILABLE);
        }
        EmbeddedBroker broker = start(dir, choice);
        if (args[2].equals("send")) {
            sendCommitted(broker.clientUrl(), bodies(Integer.parseInt(args[3])));
            System.out.println("journal=" + broker.journalType() + " sent");
            System.out.flush();
            Runtime.getRuntime().halt(0); // no broker stop, no shutdown hooks: what was committed must be on disk
        }
        List<String> received = receiveAll(broker.clientUrl());
        System.out.println("journal=" + broker.journalType() + " received=" + received.size()
                + " in_order=" + received.equals(bodies(received.size())));
        broker.close();
    }

    static List<String> bodies(int count) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bodies.add("event-" + i);
        }
        return bodies;
    }

    static EmbeddedBroker start(Path dir, EmbeddedBroker.JournalChoice choice) throws Exception {
        return new EmbeddedBroker(dir, 0, List.of(QUEUE), RouteSettings.DEAD_LETTER_QUEUE, Duration.ofSeconds(1),
                true, choice);
    }

    /** Sends the bodies in transactions of ten, each committed (so each waits for the journal's sync). */
    static void sendCommitted(String url, List<String> bodies) throws Exception {
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(url);
             Connection connection = cf.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            for (int i = 0; i < bodies.size(); i++) {
                producer.send(session.createTextMessage(bodies.get(i)));
                if (i % 10 == 9 || i == bodies.size() - 1) {
                    session.commit();
                }
            }
        }
    }

    static List<String> receiveAll(String url) throws Exception {
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(url);
             Connection connection = cf.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            return ArtemisCommitWithoutWaitingIT.receiveAll(session.createConsumer(session.createQueue(QUEUE)));
        }
    }
}
