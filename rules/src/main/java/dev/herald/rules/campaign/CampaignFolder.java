package dev.herald.rules.campaign;

import dev.herald.engine.sharing.SharedFolder;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The campaigns folder as {@link dev.herald.engine.sharing.FolderSync} shares it between nodes (ADR 0059): the
 * whole folder, published through the {@link CampaignPublisher} (validated, swapped atomically, audited, written).
 */
public final class CampaignFolder implements SharedFolder {

    private final CampaignPublisher publisher;

    public CampaignFolder(CampaignPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public String kind() {
        return "campaigns";
    }

    @Override
    public Map<String, String> files() {
        return publisher.folder();
    }

    @Override
    public Optional<Path> directory() {
        return publisher.store().inFolder() ? Optional.of(publisher.store().folder()) : Optional.empty();
    }

    @Override
    public Optional<Instant> lastModified() {
        return publisher.store().lastModified();
    }

    @Override
    public String version() {
        return publisher.holder().current().version();
    }

    @Override
    public Applied replaceAll(Map<String, String> files) throws Exception {
        CampaignPublisher.Outcome outcome = publisher.replaceAll(files);
        return new Applied(outcome.live(), outcome.version(), outcome.errors().toString());
    }

    @Override
    public void onPublished(BiConsumer<Map<String, String>, String> listener) {
        publisher.onPublished(listener::accept);
    }

    @Override
    public Object lock() {
        return publisher; // its publishing methods are synchronized on it
    }
}
