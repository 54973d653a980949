package dev.herald.routes;

import dev.herald.engine.application.EventProcessingService;
import dev.herald.engine.application.ProcessingOutcome;
import dev.herald.engine.event.CustomerEvent;
import dev.herald.engine.event.EventParser;
import dev.herald.engine.event.EventType;
import org.apache.camel.Exchange;

import java.util.Set;

/**
 * The thin step of an ingest route: bytes in, validated event to the engine, outcome on the exchange.
 * An invalid event raises {@link dev.herald.engine.event.InvalidEventException}, which the error handling
 * turns into a dead letter.
 */
public final class EventIngestion {

    /** Exchange property holding the {@link ProcessingOutcome}. */
    public static final String OUTCOME = "HeraldOutcome";

    private final EventParser parser = new EventParser();
    private final EventProcessingService service;

    public EventIngestion(EventProcessingService service) {
        this.service = service;
    }

    /** Parses the body as an event of one of {@code accepted} and processes it. */
    public void ingest(Exchange exchange, Set<EventType> accepted) {
        byte[] payload = exchange.getMessage().getBody(byte[].class);
        CustomerEvent event = parser.parse(payload, accepted);
        exchange.getMessage().setHeader(Headers.EVENT_ID, event.eventId());
        exchange.setProperty(OUTCOME, service.process(event));
    }
}
