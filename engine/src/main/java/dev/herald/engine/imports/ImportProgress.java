package dev.herald.engine.imports;

/** Receives progress of a long import, for a progress bar; called from the importing thread. */
@FunctionalInterface
public interface ImportProgress {

    /**
     * @param phase what is going on ("reading", "writing")
     * @param done  rows handled so far in this phase
     * @param total rows expected in this phase (an estimate while reading a file)
     */
    void update(String phase, long done, long total);

    ImportProgress NONE = (phase, done, total) -> { };
}
