package dev.herald.app;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.Interceptor;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.io.aio.AIOSequentialFileFactory;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnector;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process ActiveMQ Artemis broker with a persistent journal in the data directory. Event queues get a
 * dead-letter address and redelivery with backoff, so a message the engine cannot process is parked, never
 * dropped (Artemis drops after the maximum attempts when no dead-letter address is set).
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final AtomicInteger NEXT_VM_ID = new AtomicInteger(100);
    /** Brokers running in this JVM: the in-VM client thread pools are shared, so only the last one clears them. */
    private static final AtomicInteger RUNNING = new AtomicInteger();

    /** Attempts before the broker itself moves a message to the dead-letter address. */
    static final int MAX_DELIVERY_ATTEMPTS = dev.herald.routes.RouteSettings.MAX_DELIVERY_ATTEMPTS;

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();
    private final int vmId = NEXT_VM_ID.getAndIncrement();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
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
        this(dir, tcpPort, queues, deadLetterQueue, redeliveryDelay, journalSync, JournalChoice.NIO);
    }

    /**
     * Which file IO the journal writes with (herald.broker.journal-type). Linux asynchronous IO writes the journal
     * with direct IO, so its syncs need not queue behind the page cache's writeback of the database's file on the
     * same disk. On a quiet 2-core VM it gave a lower median latency in most runs but no steadier p99, and with other
     * work on the machine it was worse, so NIO stays the default (ADR 0047). Asynchronous IO needs libaio and
     * Artemis's native library on {@code java.library.path}, which the {@code herald} launcher sets.
     */
    public enum JournalChoice {
        /** asynchronous IO where it is available, else NIO, saying why */
        AUTO,
        /** asynchronous IO, or refuse to start */
        AIO,
        /** NIO (write, then fsync): the default */
        NIO;

        /** Parses a setting's value: auto, aio or nio, in any case. */
        public static JournalChoice parse(String setting, String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("setting " + setting + " must be auto, aio or nio, got '" + value + "'");
            }
        }
    }

    /**
     * @param journal which file IO the journal writes with; {@link JournalChoice#AIO} fails here, with what is
     *                missing, when Linux asynchronous IO is not available
     */
    public EmbeddedBroker(Path dir, int tcpPort, List<String> queues, String deadLetterQueue, Duration redeliveryDelay,
                          boolean journalSync, JournalChoice journal) throws Exception {
        Path journalDir = dir.resolve("journal");
        String asyncIoMissing = journal == JournalChoice.AIO ? asyncIoMissing(journalDir) : null;
        if (asyncIoMissing != null) {
            throw new IllegalStateException("herald.broker.journal-type=aio, but " + asyncIoMissing
                    + "; use auto or nio, or see the README's configuration section");
        }
        Configuration config = new ConfigurationImpl()
                .setName("herald-embedded")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalDirectory(journalDir.toString())
                .setJournalType(journal == JournalChoice.NIO ? JournalType.NIO : JournalType.ASYNCIO)
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
        RUNNING.incrementAndGet();
        clientUrl = "vm://" + vmId;
        LOG.info("embedded Artemis broker started (journal {}, {}{})", dir, journalType(),
                tcpPort > 0 ? ", tcp://127.0.0.1:" + tcpPort : "");
        if (journal == JournalChoice.AUTO && journalType() != JournalType.ASYNCIO) {
            LOG.info("the broker journal uses NIO because {} (herald.broker.journal-type=auto, ADR 0047)",
                    asyncIoMissing(journalDir));
        }
    }

    /** The journal's file IO: Artemis switches an ASYNCIO configuration to NIO when asynchronous IO is missing. */
    public JournalType journalType() {
        return server.getActiveMQServer().getConfiguration().getJournalType();
    }

    /** Why the journal in {@code journalDir} cannot use Linux asynchronous IO, or null when it can. */
    static String asyncIoMissing(Path journalDir) throws java.io.IOException {
        if (!AIOSequentialFileFactory.isSupported()) {
            return "Artemis's native library did not load (it needs libaio, e.g. apt-get install libaio1, and"
                    + " java.library.path pointing to app/target/native/lib/linux-x86_64, which ./herald sets)";
        }
        Files.createDirectories(journalDir);
        if (!AIOSequentialFileFactory.isSupported(journalDir.toFile())) {
            return "the file system of " + journalDir + " does not support direct IO";
        }
        return null;
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
        // without this, in-VM client thread pools keep the JVM alive for a minute after main() returns; they are
        // global, so another broker still running here (a test with several nodes) keeps them
        if (!closed.getAndSet(true) && RUNNING.decrementAndGet() == 0) {
            ActiveMQClient.clearThreadPools();
            InVMConnector.resetThreadPool();
        }
        LOG.info("embedded Artemis broker stopped");
    }
}
