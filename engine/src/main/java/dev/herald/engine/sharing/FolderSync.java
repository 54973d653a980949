package dev.herald.engine.sharing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Keeps what several Herald nodes on one database publish at run time the same on all of them (ADR 0059): the
 * campaigns, the template edits. Each local publish that goes live is appended to {@link PublishedRevisions} as the
 * whole folder; {@link #poll()} applies a newer revision from another node through the folder's own
 * {@link SharedFolder#replaceAll}, so it is checked and kept across restarts like a local edit. A change made by
 * hand in the folder while the node runs is not shared, and the next revision from another node replaces it; one
 * made while the node was down is shared when it starts ({@link #catchUp()}).
 *
 * <p>State is guarded by the folder's {@link SharedFolder#lock()}: local publishes call {@link #published} while
 * holding it, and {@link #poll()} takes it before reading, so a poll and a local publish never interleave.
 */
public final class FolderSync {

    private static final Logger LOG = LoggerFactory.getLogger(FolderSync.class);
    /** In the folder: the revision it holds and a hash of its files (a dot-file: never read as a campaign or template). */
    static final String MARKER = ".herald-revision";

    private final SharedFolder folder;
    private final PublishedRevisions revisions;
    private final String node;
    /** The newest revision this node runs or has decided to skip. */
    private long applied;
    /** True while a remote revision is being published here: that publish is not appended again. */
    private boolean applying;

    /** @param node how this node is named in the revisions it appends (host and process) */
    public FolderSync(SharedFolder folder, PublishedRevisions revisions, String node) {
        this.folder = folder;
        this.revisions = revisions;
        this.node = node;
        folder.onPublished(this::published);
    }

    public String kind() {
        return folder.kind();
    }

    /**
     * At start, before the node takes events: the newest shared revision goes live here, unless this node's folder
     * was changed after that revision was published (edited by hand while the node was down). Then the folder is
     * the newer of the two: it stays, and is shared as the next revision instead of being overwritten.
     */
    public boolean catchUp() throws Exception {
        synchronized (folder.lock()) {
            Optional<PublishedRevisions.Revision> latest = revisions.latest();
            if (latest.isEmpty()) {
                return false;
            }
            PublishedRevisions.Revision revision = latest.get();
            Map<String, String> files = folder.files();
            if (!revision.files().equals(files) && editedByHand(files, revision)) {
                String version = folder.version();
                applied = revisions.append(files, version, node);
                mark(applied, files);
                LOG.warn("this node's {} folder was changed by hand since it last synchronised: it keeps them"
                        + " (version {}) over the shared revision {} of {} and shares them as revision {}",
                        folder.kind(), version, revision.id(), revision.publishedAt(), applied);
                return false;
            }
            return poll();
        }
    }

    /**
     * Publishes the newest revision from the database when it is newer than what this node runs and its files
     * differ from this node's folder. Returns whether what runs here changed.
     */
    public boolean poll() throws Exception {
        synchronized (folder.lock()) {
            long latest = revisions.latestId();
            if (latest <= applied) {
                return false;
            }
            PublishedRevisions.Revision revision = revisions.latest().orElseThrow();
            applied = revision.id();
            if (revision.files().equals(folder.files())) {
                return false;
            }
            keepUnsharedCopy(revision);
            applying = true;
            try {
                SharedFolder.Applied outcome = folder.replaceAll(revision.files());
                if (outcome.live()) {
                    mark(revision.id(), revision.files());
                    LOG.info("{} of revision {} (published by {} at {}) are live here as version {}", folder.kind(),
                            revision.id(), revision.publishedBy(), revision.publishedAt(), outcome.version());
                } else {
                    LOG.error("{} of revision {} (published by {}) do not pass on this node, which keeps version {}:"
                            + " {}", folder.kind(), revision.id(), revision.publishedBy(), folder.version(),
                            outcome.problems());
                }
                return outcome.live();
            } finally {
                applying = false;
            }
        }
    }

    private void published(Map<String, String> files, String version) {
        if (applying) {
            return;
        }
        try {
            applied = revisions.append(files, version, node);
            mark(applied, files);
            LOG.info("{} version {} shared with the other nodes as revision {}", folder.kind(), version, applied);
        } catch (RuntimeException e) {
            // live here already; the other nodes get it with the next publish that can be stored
            LOG.error("{} version {} went live on this node but could not be shared with the other nodes: {}",
                    folder.kind(), version, e.getMessage());
        }
    }

    /**
     * Before a revision replaces files that were never shared (a folder from before ADR 0059, or edited by hand and
     * older than the revision), copies them next to the folder, so nothing a person wrote is lost without a trace.
     */
    private void keepUnsharedCopy(PublishedRevisions.Revision revision) {
        Optional<Path> dir = folder.directory().filter(Files::isDirectory);
        Map<String, String> files = folder.files();
        if (dir.isEmpty() || files.isEmpty() || hash(files).equals(markedHash().orElse(""))) {
            return;
        }
        Path copy = dir.get().resolveSibling(dir.get().getFileName() + ".before-revision-" + revision.id());
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = copy.resolve(file.getKey()).normalize();
                if (target.startsWith(copy)) {
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
                }
            }
            LOG.warn("{} on this node had not been shared with the other nodes: a copy is in {} before revision {}"
                    + " (published by {}) replaces them", folder.kind(), copy, revision.id(), revision.publishedBy());
        } catch (IOException e) {
            LOG.warn("cannot copy the unshared {} to {}: {}", folder.kind(), copy, e.getMessage());
        }
    }

    /** The hash the marker holds, if there is a readable marker. */
    private Optional<String> markedHash() {
        Optional<Path> marker = folder.directory().map(dir -> dir.resolve(MARKER)).filter(Files::isRegularFile);
        if (marker.isEmpty()) {
            return Optional.empty();
        }
        try {
            String[] parts = Files.readString(marker.get()).strip().split(" ");
            return parts.length == 2 ? Optional.of(parts[1]) : Optional.empty();
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", marker.get(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Whether the folder changed since this node last wrote or applied a revision: its content no longer matches the
     * marker left then. A folder without a marker (made by hand, or by a Herald before ADR 0059) counts as edited
     * when a file in it is newer than the revision.
     */
    private boolean editedByHand(Map<String, String> files, PublishedRevisions.Revision revision) {
        Optional<String> marked = markedHash();
        if (marked.isPresent()) {
            return !marked.get().equals(hash(files));
        }
        Optional<Instant> changed = folder.lastModified();
        return changed.isPresent() && changed.get().isAfter(revision.publishedAt());
    }

    /** Leaves in the folder which revision it holds and a hash of its files, to tell a later hand edit apart. */
    private void mark(long revision, Map<String, String> files) {
        Optional<Path> dir = folder.directory().filter(Files::isDirectory);
        if (dir.isEmpty()) {
            return; // still the built-in files: nothing on disk to mark
        }
        try {
            Files.writeString(dir.get().resolve(MARKER), revision + " " + hash(files) + "\n");
        } catch (IOException e) {
            LOG.warn("cannot write {} in {}: {}", MARKER, dir.get(), e.getMessage());
        }
    }

    /** A SHA-256 over the files' names and texts, in name order. */
    public static String hash(Map<String, String> folder) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(folder).forEach((name, text) -> {
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(text.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            });
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This node's name for {@code published_by}: the host name (from the environment) and the process id. */
    public static String thisNode() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            host = System.getenv().getOrDefault("COMPUTERNAME", "herald");
        }
        return host + "/" + ProcessHandle.current().pid();
    }
}
