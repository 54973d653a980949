package dev.herald.routes;

import dev.herald.engine.event.InvalidEventException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.model.RouteConfigurationDefinition;

/**
 * Error handling for all routes, kept apart from the routes themselves.
 * <ul>
 * <li>{@value #INGEST}: an invalid event is permanent, so it goes at once, unchanged and with its reason, to
 * the dead-letter queue and is logged once. Anything else (database down, a bug) is retried in place a few
 * times and then rolls back the JMS transaction, so the broker redelivers it and, after its own attempts,
 * moves it to its dead-letter address: never dropped. On the broker's last delivery
 * ({@link RouteSettings#MAX_DELIVERY_ATTEMPTS}) the route parks the event on the dead-letter queue itself, with
 * the failure as its reason, so an operator sees why (ADR 0023). The batched ingest routes (ADR 0032) apply the
 * same rules per event in {@link EventIngestion#ingestBatch} instead, through the batch's own JMS transaction;
 * this configuration serves routes that consume one message per exchange.</li>
 * <li>{@value #DISPATCH}: a failed send is recorded on its outbox row, to be retried with backoff or, for a
 * permanent SMTP refusal, marked failed.</li>
 * </ul>
 */
public class HeraldErrorHandling extends RouteConfigurationBuilder {

    public static final String INGEST = "herald-ingest-errors";
    public static final String DISPATCH = "herald-dispatch-errors";
    /** The JMS property with the broker's delivery count of the message (1 on the first delivery). */
    static final String DELIVERY_COUNT = "JMSXDeliveryCount";

    private final RouteSettings settings;
    private final EmailDispatch dispatch;

    public HeraldErrorHandling(RouteSettings settings, EmailDispatch dispatch) {
        this.settings = settings;
        this.dispatch = dispatch;
    }

    @Override
    public void configuration() {
        // one statement per onException: chaining a second onException after end() nests it in the first
        RouteConfigurationDefinition ingest = routeConfiguration(INGEST);
        ingest.onException(InvalidEventException.class)
                .handled(true)
                .useOriginalMessage()
                .process(HeraldErrorHandling::describeDeadLetter).id("describe-dead-letter")
                .log(LoggingLevel.WARN, "dev.herald.routes.DeadLetters",
                        "dead-lettered event ${header." + Headers.EVENT_ID + "} from ${header."
                                + Headers.SOURCE_QUEUE + "}: ${header." + Headers.DEAD_LETTER_REASON + "}")
                .id("log-dead-letter")
                .to(ExchangePattern.InOnly, "jms:queue:" + settings.deadLetterQueue()).id("to-dead-letter-queue");
        // a poison event: processing failed on every delivery the broker allows; park it with the failure as reason
        ingest.onException(Exception.class)
                .onWhen(HeraldErrorHandling::isLastDelivery)
                .maximumRedeliveries(2).redeliveryDelay(500).backOffMultiplier(2).useExponentialBackOff()
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .handled(true)
                .useOriginalBody()
                .process(HeraldErrorHandling::describePoison).id("describe-poison-event")
                .log(LoggingLevel.ERROR, "dev.herald.routes.DeadLetters",
                        "dead-lettered event ${header." + Headers.EVENT_ID + "} from ${header."
                                + Headers.SOURCE_QUEUE + "}: ${header." + Headers.DEAD_LETTER_REASON + "}")
                .id("log-poison-event")
                .to(ExchangePattern.InOnly, "jms:queue:" + settings.deadLetterQueue()).id("poison-to-dead-letter-queue");
        ingest.onException(Exception.class)
                .maximumRedeliveries(2).redeliveryDelay(500).backOffMultiplier(2).useExponentialBackOff()
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .handled(false)
                .log(LoggingLevel.ERROR, "dev.herald.routes.IngestFailures",
                        "event ${header." + Headers.EVENT_ID + "} failed (${exception.message}); "
                                + "rolled back for the broker to redeliver").id("log-ingest-failure");

        routeConfiguration(DISPATCH)
                .onException(Exception.class)
                .handled(true)
                .process(dispatch::recordFailure).id("record-send-failure");
    }

    /** True on the broker's last delivery of the event (JMSXDeliveryCount counts from 1). */
    static boolean isLastDelivery(Exchange exchange) {
        Object count = exchange.getMessage().getHeader(DELIVERY_COUNT);
        if (count == null) {
            return false; // not from the broker (or no count): leave it to the broker's own dead-lettering
        }
        try {
            return Integer.parseInt(count.toString()) >= RouteSettings.MAX_DELIVERY_ATTEMPTS;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The dead-letter reason of a poison event: its last failure, named by its root cause. */
    static String poisonReason(Throwable cause) {
        Throwable root = cause;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String what = root == null ? "unknown failure"
                : root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage().strip());
        return "processing failed on all " + RouteSettings.MAX_DELIVERY_ATTEMPTS + " deliveries; last failure: " + what;
    }

    private static void describePoison(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.getMessage().setHeader(Headers.DEAD_LETTER_REASON, poisonReason(cause));
        if (exchange.getFromEndpoint() instanceof JmsEndpoint jms) {
            exchange.getMessage().setHeader(Headers.SOURCE_QUEUE, jms.getDestinationName());
        }
        if (exchange.getMessage().getHeader(Headers.EVENT_ID) == null) {
            exchange.getMessage().setHeader(Headers.EVENT_ID, "(unknown)");
        }
    }

    private static void describeDeadLetter(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause == null ? "unknown" : cause.getMessage();
        exchange.getMessage().setHeader(Headers.DEAD_LETTER_REASON, reason);
        if (exchange.getFromEndpoint() instanceof JmsEndpoint jms) {
            exchange.getMessage().setHeader(Headers.SOURCE_QUEUE, jms.getDestinationName());
        }
        if (cause instanceof InvalidEventException invalid) {
            exchange.getMessage().setHeader(Headers.EVENT_ID, invalid.eventId().orElse("(unreadable)"));
        }
    }
}
