package dev.herald.routes.ingest;

import java.nio.charset.StandardCharsets;

/**
 * One validated event in Herald's internal JSON, ready for its queue.
 *
 * @param json the exact text put on the queue
 */
public record InternalEvent(String eventId, String type, String customerId, Channel channel, String json) {

    public int sizeInBytes() {
        return json.getBytes(StandardCharsets.UTF_8).length;
    }
}
