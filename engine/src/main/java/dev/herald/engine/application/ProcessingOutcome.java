package dev.herald.engine.application;

import dev.herald.engine.decision.Decision;

import java.util.List;

/**
 * What processing one event did.
 *
 * @param duplicate true when the event id had been processed before and nothing was done
 * @param decisions what the rule base decided
 * @param queued    how many emails were written to the outbox (a decision already queued once is not queued
 *                  again)
 */
public record ProcessingOutcome(String eventId, boolean duplicate, List<Decision> decisions, int queued) {

    static ProcessingOutcome duplicateOf(String eventId) {
        return new ProcessingOutcome(eventId, true, List.of(), 0);
    }
}
