package dev.herald.rules.campaign;

import dev.herald.engine.decision.Decision;

import java.util.List;
import java.util.Optional;

/**
 * The result of evaluating campaigns for one event: the decision that goes out (at most one) and what happened
 * to every campaign that matched, for simulations and logs.
 */
public record Verdict(Optional<Decision> decision, List<CampaignOutcome> outcomes) {

    public Verdict {
        outcomes = List.copyOf(outcomes);
    }

    public Optional<String> winner() {
        return decision.map(Decision::campaign);
    }

    public Optional<CampaignOutcome> outcomeOf(String campaign) {
        return outcomes.stream().filter(outcome -> outcome.campaign().equals(campaign)).findFirst();
    }
}
