package dev.herald.engine.decision;

import java.util.List;

/**
 * Port to the rule base: given the facts about one event, which campaigns should start. Implementations
 * must be side-effect free and safe to call from several threads at once.
 */
public interface DecisionService {

    List<Decision> decide(DecisionFacts facts);

    /** A short label of the rule base in use (for logs and the dashboard), e.g. a version or a hash. */
    String ruleBaseVersion();
}
