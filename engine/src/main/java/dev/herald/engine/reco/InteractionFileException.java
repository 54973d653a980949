package dev.herald.engine.reco;

import java.nio.file.Path;

/** A transactions or held-out file that cannot be used, with the file, line (0 = whole file) and reason. */
public class InteractionFileException extends RuntimeException {

    private final transient Path file;
    private final long line;

    public InteractionFileException(Path file, long line, String reason) {
        super(file + (line > 0 ? ":" + line : "") + ": " + reason);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    public long line() {
        return line;
    }
}
