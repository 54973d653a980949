package dev.herald.engine.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The customer viewed a page of the shop. {@code url} and {@code pageName} may be empty. */
public record PageViewed(String eventId, String customerId, String anonymousId, String email, String name,
                         String url, String pageName, Instant occurredAt) implements ActivityEvent {

    @Override
    public EventType type() {
        return EventType.PAGE_VIEWED;
    }

    @Override
    public Map<String, Object> detail() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("url", url);
        d.put("pageName", pageName);
        return d;
    }
}
