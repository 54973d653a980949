package dev.herald.engine.journey;

import java.util.Optional;

/**
 * Port to the campaign definitions: the journey of a campaign, if it is one. Campaigns that are not journeys send
 * one email when decided, as before. Implementations must be thread-safe and reflect hot reloads.
 */
@FunctionalInterface
public interface JourneyDefinitions {

    JourneyDefinitions NONE = campaign -> Optional.empty();

    Optional<Journey> find(String campaign);
}
