package dev.herald.templates;

import dev.herald.engine.sharing.SharedFolder;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The template edits as {@link dev.herald.engine.sharing.FolderSync} shares them between nodes (ADR 0059): the
 * whole set of edited files, applied through {@link TemplateLibrary#replaceEdits}, so the next email renders with
 * them on every node.
 */
public final class TemplateFolder implements SharedFolder {

    private final TemplateLibrary library;

    public TemplateFolder(TemplateLibrary library) {
        this.library = library;
    }

    @Override
    public String kind() {
        return "templates";
    }

    @Override
    public Map<String, String> files() {
        return library.edits();
    }

    @Override
    public Optional<Path> directory() {
        return Optional.ofNullable(library.editsDir());
    }

    @Override
    public Optional<Instant> lastModified() {
        return library.lastModified();
    }

    @Override
    public String version() {
        return library.version();
    }

    @Override
    public Applied replaceAll(Map<String, String> files) {
        TemplateLibrary.SaveResult result = library.replaceEdits(files);
        return new Applied(result.saved(), library.version(), result.errors().toString());
    }

    @Override
    public void onPublished(BiConsumer<Map<String, String>, String> listener) {
        library.onChanged(listener);
    }

    @Override
    public Object lock() {
        return library; // save, revert and replaceEdits are synchronized on it
    }
}
