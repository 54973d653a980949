package dev.herald.rules;

import java.util.Objects;

/**
 * One problem the DRL compiler found, located so that a rule author can go straight to it.
 *
 * @param file    the rule file's name as it was given to {@link DroolsDecisionService} (e.g. {@code lifecycle.drl}),
 *                or {@code null} when Drools did not tie the problem to a file
 * @param line    the 1-based line in that file, or 0 when Drools did not report one; for an error inside a
 *                rule's consequence (its {@code then} part) Drools reports the line where the rule starts
 * @param message the compiler's description of the problem
 */
public record RuleError(String file, int line, String message) {

    public RuleError {
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line: message}, leaving out what is unknown. */
    @Override
    public String toString() {
        StringBuilder location = new StringBuilder();
        location.append(file == null ? "<unknown file>" : file);
        if (line > 0) {
            location.append(':').append(line);
        }
        return location + ": " + message;
    }
}
