package dev.herald.engine.journey;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A multi-step campaign as the engine runs it: steps in order, event names that end a run at any step
 * ({@code exitOn}, e.g. order_completed, unsubscribed) and the re-entry policy. Built by the rules module from
 * the campaign definitions; the engine knows nothing of their file format.
 */
public record Journey(String campaign, List<JourneyStep> steps, Set<String> exitOn, ReentryPolicy reentry) {

    public Journey {
        steps = List.copyOf(steps);
        exitOn = Set.copyOf(exitOn);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("journey " + campaign + " has no steps");
        }
    }

    public Optional<JourneyStep> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The step after {@code id}, or empty at the last step. */
    public Optional<JourneyStep> after(String id) {
        for (int i = 0; i < steps.size() - 1; i++) {
            if (steps.get(i).id().equals(id)) {
                return Optional.of(steps.get(i + 1));
            }
        }
        return Optional.empty();
    }
}
