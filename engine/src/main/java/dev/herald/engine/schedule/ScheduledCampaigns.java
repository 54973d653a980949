package dev.herald.engine.schedule;

import java.time.Instant;
import java.util.List;

/**
 * Port to the rule base: the live campaigns that go out at a set time ({@code trigger.at}) instead of on an event.
 * Read at every poll, so a publish that adds, moves or disables one is seen at once.
 */
@FunctionalInterface
public interface ScheduledCampaigns {

    ScheduledCampaigns NONE = List::of;

    /** Enabled scheduled campaigns with their times, in any order. */
    List<Scheduled> scheduled();

    /** Campaign {@code campaign} goes out at {@code at}. */
    record Scheduled(String campaign, Instant at) {
    }
}
