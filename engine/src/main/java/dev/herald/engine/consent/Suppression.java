package dev.herald.engine.consent;

import java.time.Instant;

/**
 * One entry of the suppression list.
 *
 * @param address the normalised address, or {@code null} when its customer was erased (only the hash is kept)
 */
public record Suppression(String addressHash, String address, SuppressionReason reason, String source,
                          String detail, Instant suppressedAt) {
}
