package dev.herald.rules.campaign;

import dev.herald.engine.campaign.CampaignRevisions;
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
import java.util.concurrent.TimeoutException;

/**
 * Keeps the campaigns of several Herald nodes on one database the same (ADR 0059). Each publish that goes live on
 * this node (console edit, enable/disable, {@code POST /v1/rules}) is appended to {@link CampaignRevisions} as the
 * whole folder; {@link #poll()} publishes a newer revision from another node into this node's folder through the
 * same {@link CampaignPublisher}, so it is validated, swapped atomically, audited and kept across restarts like a
 * local edit. A change made only in a watched folder's files is not shared while the node runs, and the next
 * revision from another node replaces it; one made while the node was down is shared when it starts
 * ({@link #catchUp()}).
 *
 * <p>State is guarded by the publisher's monitor: the publisher calls {@link #published} while holding it, and
 * {@link #poll()} takes it before reading, so a poll and a local publish never interleave.
 */
public final class CampaignSync {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignSync.class);
    /** In the campaigns folder: the revision it holds and a hash of its files (not a campaign file: never loaded). */
    static final String MARKER = ".herald-revision";

    private final CampaignPublisher publisher;
    private final CampaignRevisions revisions;
    private final String node;
    /** The newest revision this node runs or has decided to skip. */
    private long applied;
    /** True while a remote revision is being published here: that publish is not appended again. */
    private boolean applying;

    /** @param node how this node is named in the revisions it appends (host and process) */
    public CampaignSync(CampaignPublisher publisher, CampaignRevisions revisions, String node) {
        this.publisher = publisher;
        this.revisions = revisions;
        this.node = node;
        publisher.onPublished(this::published);
    }

    /**
     * At start, before the node takes events: the newest shared revision goes live here, unless this node's folder
     * was changed after that revision was published (edited by hand while the node was down). Then the folder is
     * the newer of the two: it stays, and is shared as the next revision instead of being overwritten.
     */
    public boolean catchUp() throws InterruptedException, TimeoutException {
        synchronized (publisher) {
            Optional<CampaignRevisions.Revision> latest = revisions.latest();
            if (latest.isEmpty()) {
                return false;
            }
            CampaignRevisions.Revision revision = latest.get();
            Map<String, String> folder = publisher.folder();
            if (!revision.files().equals(folder) && editedByHand(folder, revision)) {
                String version = publisher.holder().current().version();
                applied = revisions.append(folder, version, node);
                mark(applied, folder);
                LOG.warn("this node's campaigns folder was changed by hand since it last synchronised: it keeps its"
                        + " campaigns (version {}) over the shared revision {} of {} and shares them as revision {}",
                        version, revision.id(), revision.publishedAt(), applied);
                return false;
            }
            return poll();
        }
    }

    /**
     * Publishes the newest revision from the database when it is newer than what this node runs and its files
     * differ from this node's folder. Returns whether the campaigns changed here.
     */
    public boolean poll() throws InterruptedException, TimeoutException {
        synchronized (publisher) {
            long latest = revisions.latestId();
            if (latest <= applied) {
                return false;
            }
            CampaignRevisions.Revision revision = revisions.latest().orElseThrow();
            applied = revision.id();
            if (revision.files().equals(publisher.folder())) {
                return false;
            }
            applying = true;
            try {
                CampaignPublisher.Outcome outcome = publisher.replaceAll(revision.files());
                if (outcome.live()) {
                    mark(revision.id(), revision.files());
                    LOG.info("campaigns of revision {} (published by {} at {}) are live here as version {}",
                            revision.id(), revision.publishedBy(), revision.publishedAt(), outcome.version());
                } else {
                    LOG.error("campaigns of revision {} (published by {}) do not compile on this node, which keeps"
                            + " version {}: {}", revision.id(), revision.publishedBy(), outcome.version(),
                            outcome.errors());
                }
                return outcome.live();
            } finally {
                applying = false;
            }
        }
    }

    private void published(Map<String, String> folder, String version) {
        if (applying) {
            return;
        }
        try {
            applied = revisions.append(folder, version, node);
            mark(applied, folder);
            LOG.info("campaigns version {} shared with the other nodes as revision {}", version, applied);
        } catch (RuntimeException e) {
            // live here already; the other nodes get it with the next publish that can be stored
            LOG.error("campaigns version {} went live on this node but could not be shared with the other nodes: {}",
                    version, e.getMessage());
        }
    }

    /**
     * Whether the folder changed since this node last wrote or applied a revision: its content no longer matches the
     * marker left then. A folder without a marker (made by hand, or by a Herald before ADR 0059) counts as edited
     * when a file in it is newer than the revision.
     */
    private boolean editedByHand(Map<String, String> folder, CampaignRevisions.Revision revision) {
        Path marker = publisher.store().folder().resolve(MARKER);
        if (Files.isRegularFile(marker)) {
            try {
                String[] parts = Files.readString(marker).strip().split(" ");
                return !(parts.length == 2 && parts[1].equals(hash(folder)));
            } catch (IOException e) {
                LOG.warn("cannot read {}: {}", marker, e.getMessage());
            }
        }
        Optional<Instant> changed = publisher.store().lastModified();
        return changed.isPresent() && changed.get().isAfter(revision.publishedAt());
    }

    /** Leaves in the folder which revision it holds and a hash of its files, to tell a later hand edit apart. */
    private void mark(long revision, Map<String, String> folder) {
        Path dir = publisher.store().folder();
        if (!Files.isDirectory(dir)) {
            return; // the campaigns are still the built-in seed: nothing on disk to mark
        }
        try {
            Files.writeString(dir.resolve(MARKER), revision + " " + hash(folder) + "\n");
        } catch (IOException e) {
            LOG.warn("cannot write {} in {}: {}", MARKER, dir, e.getMessage());
        }
    }

    private static String hash(Map<String, String> folder) {
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
