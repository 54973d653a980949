package dev.herald.engine.experiment.report;

/** An A/B input that cannot be used, with where (source and line, when known) and why. */
public class AbInputException extends RuntimeException {

    private final String source;
    private final int line;

    public AbInputException(String source, int line, String reason) {
        super(source + (line > 0 ? ":" + line : "") + ": " + reason);
        this.source = source;
        this.line = line;
    }

    public String source() {
        return source;
    }

    /** 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }
}
