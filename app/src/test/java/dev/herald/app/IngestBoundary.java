package dev.herald.app;

import dev.herald.routes.HttpRoutes;
import dev.herald.routes.RouteSettings;
import dev.herald.routes.ingest.IngestApiRoutes;
import dev.herald.routes.ingest.IngestSettings;
import dev.herald.routes.ingest.SegmentTranslator;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP ingestion API (and the raw {@code /v1/events/*} endpoints, with the API key set) alone on a real embedded
 * Artemis broker, with no consumers on the event queues: what an accepted request put on a queue stays there for
 * the test to read, byte for byte.
 */
final class IngestBoundary implements AutoCloseable {

    /** One message as it sits on an event queue. */
    record Queued(String body, String groupId) {
    }

    private final EmbeddedBroker broker;
    private final ActiveMQConnectionFactory connectionFactory;
    private final DefaultCamelContext camel;
    private final int port;

    IngestBoundary(Path dir) throws Exception {
        broker = new EmbeddedBroker(dir, 0, List.of(RouteSettings.COMMERCE_QUEUE, RouteSettings.CRM_QUEUE),
                RouteSettings.DEAD_LETTER_QUEUE);
        connectionFactory = new ActiveMQConnectionFactory(broker.clientUrl());
        camel = new DefaultCamelContext();
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(connectionFactory);
        camel.addComponent("jms", jms);
        port = Ports.pickFree();
        VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost("127.0.0.1");
        http.setBindPort(port);
        http.setMaxBodySize((long) SegmentTranslator.MAX_BATCH_BYTES);
        http.getBodyHandler().setHandleFileUploads(false);
        camel.addService(new VertxPlatformHttpServer(http));
        camel.addRoutes(new HttpRoutes(new RouteSettings(RouteSettings.COMMERCE_QUEUE, RouteSettings.CRM_QUEUE,
                RouteSettings.DEAD_LETTER_QUEUE, 1, "smtp://127.0.0.1:1", "Shop <shop@example.com>",
                java.time.Duration.ofSeconds(1), 1, true), "platform-http", TestHttp.API_KEY));
        camel.addRoutes(new IngestApiRoutes("platform-http", RouteSettings.COMMERCE_QUEUE, RouteSettings.CRM_QUEUE,
                new IngestSettings(TestHttp.API_KEY, TestHttp.SHOPIFY_SECRET, TestHttp.HUBSPOT_SECRET),
                Clock.systemUTC()));
        camel.start();
    }

    int port() {
        return port;
    }

    long messagesAdded(String queue) {
        return broker.messagesAdded(queue);
    }

    /** Takes every message now on {@code queue}, in queue order. */
    List<Queued> drain(String queue) {
        List<Queued> taken = new ArrayList<>();
        try (JMSContext context = connectionFactory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
             JMSConsumer consumer = context.createConsumer(context.createQueue(queue))) {
            Message m;
            while ((m = consumer.receive(taken.isEmpty() ? 500 : 100)) != null) {
                // the API writes text messages; /v1/events/* forwards the posted bytes as a bytes message
                String body = m instanceof TextMessage text ? text.getText()
                        : new String(m.getBody(byte[].class), java.nio.charset.StandardCharsets.UTF_8);
                taken.add(new Queued(body, m.getStringProperty("JMSXGroupID")));
            }
        } catch (JMSException e) {
            throw new IllegalStateException("cannot read " + queue, e);
        }
        return taken;
    }

    @Override
    public void close() throws Exception {
        try {
            camel.stop();
            connectionFactory.close();
        } finally {
            broker.close();
        }
    }
}
