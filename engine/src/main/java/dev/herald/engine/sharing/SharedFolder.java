package dev.herald.engine.sharing;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Something a node publishes at run time and every node on the database should run the same (ADR 0059): the
 * campaigns folder, the template edits. {@link FolderSync} shares it through {@link PublishedRevisions}.
 */
public interface SharedFolder {

    /** What it is, for logs and the revision's kind: {@code campaigns}, {@code templates}. */
    String kind();

    /** Everything that is shared, file name → text, as it runs now. */
    Map<String, String> files();

    /** The folder on disk, where the sync leaves its marker; empty while nothing has been written there. */
    Optional<Path> directory();

    /** When a shared file on disk last changed; empty while nothing has been written there. */
    Optional<Instant> lastModified();

    /** A short name of what runs now (a rule base version, a hash of the edits). */
    String version();

    /**
     * Makes {@code files} what runs, checked as a local publish is; when they do not pass, nothing changes.
     *
     * @return whether they are live, and the version that runs afterwards or why not
     */
    Applied replaceAll(Map<String, String> files) throws Exception;

    /**
     * Tells {@code listener} of each local publish that went live (files, version). It is called while
     * {@link #lock()} is held.
     */
    void onPublished(BiConsumer<Map<String, String>, String> listener);

    /** The monitor every publish of this folder holds: a sync takes it too, so the two never interleave. */
    Object lock();

    /** How a {@link #replaceAll} went: live with a version, or refused with the reasons. */
    record Applied(boolean live, String version, String problems) {
    }
}
