package dev.herald.rules;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The DRL sources did not compile, so no rule base was built. Thrown instead of a generic Drools error so that
 * whoever loaded the rules (at start-up, or later when reloading rule files) can show every problem with its
 * file and line, both in the message and as {@link #errors() objects}.
 */
public class RuleCompilationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<RuleError> errors;

    public RuleCompilationException(List<RuleError> errors) {
        super(describe(errors));
        this.errors = List.copyOf(errors);
    }

    /** Every error the compiler reported, in the compiler's order; never empty. */
    public List<RuleError> errors() {
        return errors;
    }

    private static String describe(List<RuleError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a compilation failure needs at least one error");
        }
        return errors.stream()
                .map(error -> "  " + error)
                .collect(Collectors.joining("\n",
                        "Rules did not compile (" + errors.size() + (errors.size() == 1 ? " error" : " errors") + "):\n",
                        ""));
    }
}
