package dev.herald.routes.metrics;

import dev.herald.engine.delivery.OutboxDispatcher;
import dev.herald.engine.delivery.OutboxMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * What a running Herald counts for its operators, in Prometheus form at {@code GET /metrics} (ADR 0062): events by
 * queue and outcome, ingest batch time, emails sent and failed sends with their SMTP time, scheduled-campaign
 * customers, and gauges read when scraped (outbox backlog, queue depths), besides the JVM's own. One registry per
 * Camel context, kept in its registry, so two Herald runtimes in one JVM (tests) never mix their counts. Counts only:
 * no customer, address or event id ever becomes a label.
 */
public final class HeraldMetrics {

    /** Name under which the metrics live in the Camel registry. */
    public static final String REGISTRY_NAME = "heraldMetrics";

    private static final Logger LOG = LoggerFactory.getLogger(HeraldMetrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter emailsSent;
    private final Counter sendsFailed;
    private final Timer sendTime;
    private final Counter scheduledCustomers;
    private final Counter scheduledEmails;
    private final Counter webhookEventsDelivered;
    private final Counter webhookBatchesRefused;

    HeraldMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        emailsSent = Counter.builder("herald.emails").tag("outcome", "sent")
                .description("Emails by what became of them on their way out: sent, send_failed, deferred,"
                        + " suppressed, render_failed").register(registry);
        sendsFailed = Counter.builder("herald.emails").tag("outcome", "send_failed").register(registry);
        sendTime = Timer.builder("herald.email.send").description("Time from rendering an email to its SMTP"
                + " answer").publishPercentileHistogram().register(registry);
        scheduledCustomers = Counter.builder("herald.scheduled.customers")
                .description("Customers asked about by scheduled campaigns (trigger.at)").register(registry);
        scheduledEmails = Counter.builder("herald.scheduled.emails")
                .description("Emails queued by scheduled campaigns").register(registry);
        webhookEventsDelivered = Counter.builder("herald.webhook.events").tag("outcome", "delivered")
                .description("Outgoing webhook events the receiver took (2xx)").register(registry);
        webhookBatchesRefused = Counter.builder("herald.webhook.batches").tag("outcome", "refused")
                .description("Outgoing webhook batches refused or not reached, offered again after a back-off")
                .register(registry);
    }

    /** This context's metrics, made and kept in its registry on first use. */
    public static synchronized HeraldMetrics of(CamelContext context) {
        HeraldMetrics metrics = context.getRegistry().lookupByNameAndType(REGISTRY_NAME, HeraldMetrics.class);
        if (metrics == null) {
            metrics = new HeraldMetrics();
            context.getRegistry().bind(REGISTRY_NAME, metrics);
        }
        return metrics;
    }

    /**
     * One ingest batch from {@code queue}: events applied, recognised as duplicates, dead-lettered (invalid or
     * failing on their last delivery) and rolled back for redelivery, and how long the batch took.
     */
    public void ingestBatch(String queue, int applied, int duplicates, int deadLettered, int rolledBack,
                            Duration took) {
        count(queue, "applied", applied);
        count(queue, "duplicate", duplicates);
        count(queue, "dead_lettered", deadLettered);
        count(queue, "rolled_back", rolledBack);
        Timer.builder("herald.ingest.batch").tag("queue", queue)
                .description("Time to parse, apply and forward one batch of events").publishPercentileHistogram()
                .register(registry).record(took);
    }

    private void count(String queue, String outcome, int n) {
        if (n > 0) {
            Counter.builder("herald.events").tag("queue", queue).tag("outcome", outcome)
                    .description("Events taken from a queue, by what became of them").register(registry).increment(n);
        }
    }

    /** An email accepted by the SMTP server, {@code took} after it was rendered. */
    public void emailSent(Duration took) {
        emailsSent.increment();
        if (took != null) {
            sendTime.record(took);
        }
    }

    /** A send attempt that failed (the outbox retries it or fails it for good). */
    public void sendFailed() {
        sendsFailed.increment();
    }

    /** What a scheduled-campaign poll did. */
    public void scheduled(int customers, int emails) {
        scheduledCustomers.increment(customers);
        scheduledEmails.increment(emails);
    }

    /** An outgoing webhook batch of {@code events}: taken by the receiver, or not (ADR 0068). */
    public void webhookBatch(int events, boolean delivered) {
        if (delivered) {
            webhookEventsDelivered.increment(events);
        } else {
            webhookBatchesRefused.increment();
        }
    }

    /**
     * A value read when scraped, such as a backlog from the database. A read that fails (the database away) gives
     * NaN for that scrape, never a failed scrape.
     */
    public void gauge(String name, String description, Tags tags, DoubleSupplier value) {
        Gauge.builder(name, () -> {
            try {
                return value.getAsDouble();
            } catch (RuntimeException e) {
                LOG.debug("metric {} could not be read: {}", name, e.toString());
                return Double.NaN;
            }
        }).tags(tags).description(description).register(registry);
    }

    /**
     * The outbox: emails held back on their way out (deferred or suppressed by a send gate, or not renderable), and
     * its backlog, read when scraped.
     */
    public void watchOutbox(OutboxDispatcher dispatcher) {
        dispatcher.onHeld(outcome -> Counter.builder("herald.emails").tag("outcome", outcome).register(registry)
                .increment());
        gauge("herald.outbox.pending", "Emails in the outbox not yet sent, failed or suppressed", Tags.empty(),
                () -> dispatcher.count(OutboxMessage.Status.PENDING));
    }

    /** Campaigns whose sending is paused (ADR 0074), read when scraped: an alert on it tells someone to look. */
    public void watchPauses(dev.herald.engine.delivery.CampaignPauses pauses) {
        gauge("herald.campaigns.paused", "Campaigns whose emails wait because sending is paused, by the deliverability"
                + " guard or a person", Tags.empty(), pauses::count);
    }

    /** Template links found broken or unreachable by the latest scheduled check (ADR 0076). */
    public void watchLinks(dev.herald.routes.LinkCheckRoutes.Latest latest) {
        gauge("herald.template.links.bad", "Links of email templates broken or unreachable at the latest scheduled"
                + " check", Tags.empty(), () -> latest.bad().size());
    }

    /** The messages waiting on each queue (the event queues and the dead-letter queue), by queue name. */
    public void watchQueues(java.util.Map<String, java.util.function.LongSupplier> queueDepths) {
        queueDepths.forEach((queue, depth) -> gauge("herald.queue.depth", "Messages waiting on a queue",
                Tags.of("queue", queue), depth::getAsLong));
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    public MeterRegistry registry() {
        return registry;
    }
}
