package dev.herald.engine.application;

import java.util.Optional;

/**
 * What became of one event of a batch ({@link EventProcessingService#processBatch}): its outcome, or the failure
 * that kept it from being applied even on its own. A failed event changed nothing in the database; the caller
 * decides whether it is redelivered or parked.
 *
 * @param eventId the event's id
 * @param outcome what processing did, when it succeeded
 * @param failure why it was not applied, when it failed
 */
public record EventResult(String eventId, Optional<ProcessingOutcome> outcome, Optional<RuntimeException> failure) {

    public EventResult {
        if (outcome.isPresent() == failure.isPresent()) {
            throw new IllegalArgumentException("an event result holds either an outcome or a failure");
        }
    }

    public static EventResult applied(ProcessingOutcome outcome) {
        return new EventResult(outcome.eventId(), Optional.of(outcome), Optional.empty());
    }

    public static EventResult failed(String eventId, RuntimeException failure) {
        return new EventResult(eventId, Optional.empty(), Optional.of(failure));
    }

    public boolean succeeded() {
        return outcome.isPresent();
    }
}
