package dev.herald.app;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.Interceptor;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnector;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process ActiveMQ Artemis broker with a persistent journal in the data directory. Event queues get a
 * dead-letter address and redelivery with backoff, so a message the engine cannot process is parked, never
 * dropped (Artemis drops after the maximum attempts when no dead-letter address is set).
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final AtomicInteger NEXT_VM_ID = new AtomicInteger(100);

    /** Attempts before the broker itself moves a message to the dead-letter address. */
    static final int MAX_DELIVERY_ATTEMPTS = dev.herald.routes.RouteSettings.MAX_DELIVERY_ATTEMPTS;

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();
    private final int vmId = NEXT_VM_ID.getAndIncrement();
    private final String clientUrl;

    /**
     * @param dir      journal directory
     * @param tcpPort  TCP port on 127.0.0.1 for producers outside the process, or 0 for in-VM only
     * @param queues   durable anycast queues to create
     * @param deadLetterQueue the dead-letter queue of the event queues
     */
    public EmbeddedBroker(Path dir, int tcpPort, List<String> queues, String deadLetterQueue) throws Exception {
        this(dir, tcpPort, queues, deadLetterQueue, Duration.ofSeconds(1));
    }

    /**
     * @param redeliveryDelay first delay before a rolled-back event is delivered again; it doubles with each
     *                        further attempt, up to 30 s
     */
    public EmbeddedBroker(Path dir, int tcpPort, List<String> queues, String deadLetterQueue, Duration redeliveryDelay)
            throws Exception {
        this(dir, tcpPort, queues, deadLetterQueue, redeliveryDelay, true);
    }

    /**
     * @param journalSync whether a commit waits until the journal is on disk (fsync). Off, a commit returns once the
     *                    journal write is handed to the operating system: a killed broker process loses nothing, a
     *                    power loss or kernel crash may lose the last few milliseconds of commits (ADR 0023)
     */
    public EmbeddedBroker(Path dir, int tcpPort, List<String> queues, String deadLetterQueue, Duration redeliveryDelay,
                          boolean journalSync) throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("herald-embedded")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setPersistDeliveryCountBeforeDelivery(true)
                .setJournalSyncTransactional(journalSync)
                .setJournalSyncNonTransactional(journalSync)
                .setJMXManagementEnabled(false)
                .addAcceptorConfiguration("in-vm", "vm://" + vmId);
        if (tcpPort > 0) {
            config.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + tcpPort);
        }
        AddressSettings events = new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(deadLetterQueue))
                .setExpiryAddress(SimpleString.of(deadLetterQueue))
                .setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS)
                .setRedeliveryDelay(redeliveryDelay.toMillis())
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(30_000)
                .setAutoCreateQueues(false)
                .setAutoCreateAddresses(false);
        config.addAddressSetting("herald.events.#", events);
        // the dead-letter queue keeps what it gets: no further dead-lettering, no expiry
        config.addAddressSetting(deadLetterQueue, new AddressSettings()
                .setMaxDeliveryAttempts(-1)
                .setExpiryAddress(SimpleString.of(deadLetterQueue))
                .setAutoCreateQueues(false)
                .setAutoCreateAddresses(false));
        for (String q : queues) {
            config.addQueueConfiguration(QueueConfiguration.of(q).setRoutingType(RoutingType.ANYCAST).setDurable(true));
        }
        config.addQueueConfiguration(QueueConfiguration.of(deadLetterQueue)
                .setRoutingType(RoutingType.ANYCAST).setDurable(true));
        server.setConfiguration(config);
        server.start();
        clientUrl = "vm://" + vmId;
        LOG.info("embedded Artemis broker started (journal {}{})", dir,
                tcpPort > 0 ? ", tcp://127.0.0.1:" + tcpPort : "");
    }

    /** URL for clients in this JVM. */
    public String clientUrl() {
        return clientUrl;
    }

    /** Messages in a queue, including those delivered but not yet acknowledged. */
    public long messageCount(String queueName) {
        Queue queue = server.getActiveMQServer().locateQueue(SimpleString.of(queueName));
        return queue == null ? 0 : queue.getMessageCount();
    }

    /**
     * Stops the broker and starts it again on the same journal and ports, as a broker restart in production
     * would: clients lose their connections and must reconnect; persistent messages survive.
     */
    public void restart() throws Exception {
        LOG.info("restarting the embedded Artemis broker");
        server.getActiveMQServer().stop();
        server.getActiveMQServer().start();
        LOG.info("embedded Artemis broker restarted");
    }

    /** Lets a test see (or hold up) every packet the broker receives, before the broker handles it. */
    void addIncomingInterceptor(Interceptor interceptor) {
        server.getActiveMQServer().getRemotingService().addIncomingInterceptor(interceptor);
    }

    /** Messages ever added to a queue since the broker started (consumed or not). */
    public long messagesAdded(String queueName) {
        Queue queue = server.getActiveMQServer().locateQueue(SimpleString.of(queueName));
        return queue == null ? 0 : queue.getMessagesAdded();
    }

    @Override
    public void close() throws Exception {
        server.stop();
        // without this, in-VM client thread pools keep the JVM alive for a minute after main() returns
        ActiveMQClient.clearThreadPools();
        InVMConnector.resetThreadPool();
        LOG.info("embedded Artemis broker stopped");
    }
}
