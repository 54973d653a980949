package dev.herald.templates;

import dev.herald.engine.delivery.RenderedEmail;
import dev.herald.engine.delivery.TemplateRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The email templates Herald sends from, editable at run time: the built-in templates (on the class path) with
 * the console's edits laid over them from an edits folder ({@code <data-dir>/templates/}, same layout as the
 * built-in folder). This is the dispatcher's renderer, so a saved edit is what the next email renders with:
 * there is no separate reload step.
 *
 * <p>A save is checked before it goes live: the whole set with the edit must pass {@link TemplateValidator} and
 * every template it touches (all of them for a shared layout or partial) must compile and render with a sample
 * model. A refused edit is not written and the last good version keeps running. Edits are written atomically
 * (temporary file, then move). On start, edits that no longer pass (hand-edited, or a newer Herald with a
 * changed schema) are logged and left out, template by template, so Herald always starts with templates that
 * render. Thread-safe: readers see one consistent set, saves are serialised.
 */
public final class TemplateLibrary implements TemplateRenderer {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateLibrary.class);
    /**
     * The files an edit may write: a part of a template or of one of its variants, or a shared layout/partial, each
     * maybe a translation ({@code locales/<tag>/}).
     */
    private static final Pattern EDITABLE = Pattern.compile("([A-Za-z0-9][A-Za-z0-9_-]{0,99})/(?:variants/"
            + "([A-Za-z0-9][A-Za-z0-9_-]{0,99})/)?(?:locales/(" + Translations.TAG_SEGMENT + ")/)?"
            + "(subject|preheader|html|text)\\.mustache"
            + "|(_[A-Za-z0-9_-]{1,100})/(?:locales/(" + Translations.TAG_SEGMENT + ")/)?"
            + "([A-Za-z0-9][A-Za-z0-9_-]{0,99}\\.mustache)");
    private static final List<String> PART_ORDER = List.of("subject", "preheader", "html", "text");

    /** One consistent set of files and the renderer compiled from it. */
    private record Snapshot(Map<String, String> files, MustacheTemplateRenderer renderer) {
    }

    /** What a save did: the errors that refused it (empty when it is live). */
    public record SaveResult(List<TemplateError> errors) {
        public boolean saved() {
            return errors.isEmpty();
        }
    }

    private final Map<String, String> builtIn;
    private final Path editsDir;
    private volatile Snapshot current;
    private final List<java.util.function.BiConsumer<Map<String, String>, String>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private TemplateLibrary(Map<String, String> builtIn, Path editsDir) {
        builtIn = withMissingTranslations(builtIn);
        this.builtIn = Map.copyOf(builtIn);
        this.editsDir = editsDir;
        Map<String, String> files = new TreeMap<>(builtIn);
        if (editsDir != null && Files.isDirectory(editsDir)) {
            files = startingSet(builtIn, TemplateFiles.fromDirectory(editsDir));
        }
        this.current = new Snapshot(Map.copyOf(files), new MustacheTemplateRenderer(files));
    }

    /**
     * The built-in templates with the edits kept in {@code editsDir} (created on the first save).
     *
     * @param editsDir where edits are stored, or null to keep them in memory only (lost on restart)
     */
    public static TemplateLibrary open(Path editsDir) {
        return new TemplateLibrary(TemplateFiles.fromClasspathRoots(MustacheTemplateRenderer.class.getClassLoader(),
                MustacheTemplateRenderer.DEFAULT_BASE_PATH), editsDir);
    }

    /** A library over the given files (tests, or a deployment's own templates) with edits in {@code editsDir}. */
    public static TemplateLibrary of(Map<String, String> baseFiles, Path editsDir) {
        return new TemplateLibrary(baseFiles, editsDir);
    }

    /**
     * Tells {@code listener} the whole set of edits and its {@link #version()} after each save or revert that went
     * live, while this library's monitor is held (so another node's edits are not applied meanwhile).
     */
    public void onChanged(java.util.function.BiConsumer<Map<String, String>, String> listener) {
        listeners.add(listener);
    }

    /** The files that differ from the built-in ones (path → text): what the edits folder holds. */
    public Map<String, String> edits() {
        Map<String, String> edits = new TreeMap<>();
        current.files().forEach((path, text) -> {
            if (!text.equals(builtIn.get(path))) {
                edits.put(path, text);
            }
        });
        return edits;
    }

    /** A short name of the edits that run: {@code built-in} without any, else a hash of them. */
    public String version() {
        Map<String, String> edits = edits();
        if (edits.isEmpty()) {
            return "built-in";
        }
        return dev.herald.engine.sharing.FolderSync.hash(edits).substring(0, 12);
    }

    /**
     * Makes {@code edits} the whole set of edits (another node's, ADR 0059): refused with the errors when the set
     * does not validate; else the edits folder holds exactly these files and they are live for the next email. Not
     * announced to {@link #onChanged} listeners: it is not a local edit.
     */
    public synchronized SaveResult replaceEdits(Map<String, String> edits) {
        for (String path : edits.keySet()) {
            if (!editable(path)) {
                return new SaveResult(List.of(new TemplateError(String.valueOf(path), 1,
                        "not an editable template file")));
            }
        }
        Map<String, String> merged = new TreeMap<>(builtIn);
        merged.putAll(edits);
        Map<String, String> files = withMissingTranslations(merged);
        List<TemplateError> errors = new TemplateValidator().validate(files);
        if (!errors.isEmpty()) {
            return new SaveResult(errors);
        }
        edits = new TreeMap<>(edits);
        for (Map.Entry<String, String> file : files.entrySet()) {
            if (!file.getValue().equals(builtIn.get(file.getKey()))) {
                edits.put(file.getKey(), file.getValue());
            }
        }
        if (editsDir != null) {
            for (String path : edits().keySet()) {
                if (!edits.containsKey(path)) {
                    deleteEdit(path);
                }
            }
            edits.forEach(this::write);
        }
        current = new Snapshot(Map.copyOf(files), new MustacheTemplateRenderer(files));
        LOG.info("template edits replaced: {} file(s), version {}", edits.size(), version());
        return new SaveResult(List.of());
    }

    /** When an edit on disk last changed; empty without an edits folder or any edit in it. */
    public Optional<java.time.Instant> lastModified() {
        if (editsDir == null || !Files.isDirectory(editsDir)) {
            return Optional.empty();
        }
        try (Stream<Path> walk = Files.walk(editsDir)) {
            return walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".mustache"))
                    .map(p -> {
                        try {
                            return Files.getLastModifiedTime(p).toInstant();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).max(Comparator.naturalOrder());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + editsDir, e);
        }
    }

    private SaveResult announced(SaveResult result) {
        if (result.saved() && !listeners.isEmpty()) {
            Map<String, String> edits = edits();
            String version = version();
            listeners.forEach(listener -> listener.accept(edits, version));
        }
        return result;
    }

    /** Where edits are kept, or null when they live in memory only. */
    public Path editsDir() {
        return editsDir;
    }

    /** The template keys (folders not starting with {@code _}), sorted. */
    public List<String> keys() {
        Set<String> keys = new TreeSet<>();
        for (String path : current.files().keySet()) {
            String first = path.substring(0, path.indexOf('/'));
            if (!first.startsWith("_")) {
                keys.add(first);
            }
        }
        return List.copyOf(keys);
    }

    /**
     * The files of a template: its own parts (subject, preheader, html, text), then its variants' parts, then the
     * shared layouts and partials, which every template may use.
     */
    public List<String> filesOf(String key) {
        List<String> own = new ArrayList<>();
        List<String> shared = new ArrayList<>();
        for (String path : current.files().keySet()) {
            if (path.startsWith(key + "/")) {
                own.add(path);
            } else if (path.startsWith("_")) {
                shared.add(path);
            }
        }
        own.sort(Comparator.comparing((String p) -> p.contains("/variants/")).thenComparing(p -> p.contains("/variants/")
                ? variantOf(key, p) : "").thenComparing(p -> translationOf(p) == null ? "" : translationOf(p))
                .thenComparing(p -> PART_ORDER.indexOf(part(p))));
        own.addAll(shared);
        return own;
    }

    /** The languages a template is translated into: folders under {@code <key>/locales/} with at least one part. */
    public List<String> translations(String key) {
        return translationsIn(current.files(), key);
    }

    private static List<String> translationsIn(Map<String, String> files, String key) {
        Set<String> tags = new TreeSet<>();
        String prefix = key + "/" + Translations.FOLDER + "/";
        for (String path : files.keySet()) {
            if (path.startsWith(prefix)) {
                tags.add(path.substring(prefix.length(), path.indexOf('/', prefix.length())));
            }
        }
        return List.copyOf(tags);
    }

    /** The translation a file belongs to ({@code de} for {@code welcome/locales/de/html.mustache}), or null. */
    public static String translationOf(String path) {
        String marker = "/" + Translations.FOLDER + "/";
        int at = path == null ? -1 : path.lastIndexOf(marker);
        if (at < 0) {
            return null;
        }
        int start = at + marker.length();
        int end = path.indexOf('/', start);
        return end < 0 ? null : path.substring(start, end);
    }

    private static String variantOf(String key, String path) {
        int start = (key + "/variants/").length();
        return path.substring(start, path.indexOf('/', start));
    }

    /** The variants of a template: folders under {@code <key>/variants/} with at least one part. */
    public List<String> variants(String key) {
        Set<String> variants = new TreeSet<>();
        for (String path : current.files().keySet()) {
            if (path.startsWith(key + "/variants/")) {
                variants.add(variantOf(key, path));
            }
        }
        return List.copyOf(variants);
    }

    /** The current text of a file, or null. */
    public String source(String path) {
        return current.files().get(path);
    }

    /** Whether the file differs from the built-in one (an edit, or a file the built-in set does not have). */
    public boolean edited(String path) {
        String now = current.files().get(path);
        return now != null && !now.equals(builtIn.get(path));
    }

    /** Whether {@code path} names a file an edit may write (see the class comment). */
    public static boolean editable(String path) {
        return path != null && EDITABLE.matcher(path).matches();
    }

    /**
     * Checks the set with {@code path} changed to {@code text}, as a save would, without saving: validation errors
     * with their lines, or a compile or render failure. Empty when the edit could go live.
     */
    public List<TemplateError> check(String path, String text) {
        return check(current.files(), path, text);
    }

    /**
     * Renders a template (or variant) with {@code path} changed to {@code text}, unsaved: the preview of an edit.
     * Pass {@code path} null to render the live version.
     *
     * @throws IllegalArgumentException when the edit does not validate (message: the first errors with lines), the
     *                                  variant does not exist, or a rendered header carries a line break
     * @throws IllegalStateException    when the template cannot be compiled or rendered
     */
    public RenderedTemplate preview(String key, String variant, Map<String, Object> model, String path, String text) {
        return rendererWith(path, text).render(key, blankToNull(variant), model);
    }

    /**
     * As {@link #preview}, in the given translation ({@code null} or blank: the template as written) whatever the
     * model's locale.
     */
    public RenderedTemplate previewIn(String key, String variant, String translation, Map<String, Object> model,
                                      String path, String text) {
        return rendererWith(path, text).renderTranslation(key, blankToNull(variant), blankToNull(translation), model);
    }

    /** The live renderer, or one over the set with {@code path} changed to {@code text} (and the copies it brings). */
    private MustacheTemplateRenderer rendererWith(String path, String text) {
        if (path == null) {
            return current.renderer();
        }
        requireEditable(path);
        Map<String, String> files = with(current.files(), path, text);
        List<TemplateError> errors = new TemplateValidator().validate(files);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(describe(errors));
        }
        return new MustacheTemplateRenderer(files);
    }

    /**
     * Saves an edit if the whole set still validates and renders; otherwise nothing changes and the errors say
     * why. A saved edit is live for the next email.
     */
    public synchronized SaveResult save(String path, String text) {
        requireEditable(path);
        List<TemplateError> errors = check(current.files(), path, text);
        if (!errors.isEmpty()) {
            LOG.info("template edit of {} refused: {}", path, describe(errors));
            return new SaveResult(errors);
        }
        Map<String, String> written = new TreeMap<>(companions(current.files(), path, text));
        written.put(path, text);
        Map<String, String> files = new TreeMap<>(current.files());
        files.putAll(written);
        commit(files, written, List.of());
        LOG.info("template {} saved{} and live{}", path, editsDir == null ? " (in memory)" : " to " + editsDir,
                written.size() > 1 ? ", with copies to translate: " + String.join(", ", written.keySet()) : "");
        return announced(new SaveResult(List.of()));
    }

    /**
     * The copies a new part brings into each translation of its template, so that every reader still gets one
     * language: a new part of the template itself is copied as written into each translation, a variant's new
     * part gets the translated template's part. The marketer then translates them in place.
     */
    private static Map<String, String> companions(Map<String, String> files, String path, String text) {
        return files.containsKey(path) ? Map.of() : translatedCopies(files, path, text);
    }

    /** The copies of an untranslated template part that each translation of its template lacks. */
    private static Map<String, String> translatedCopies(Map<String, String> files, String path, String text) {
        Matcher m = EDITABLE.matcher(path);
        if (!m.matches() || m.group(1) == null || m.group(3) != null) {
            return Map.of();
        }
        String key = m.group(1);
        String variant = m.group(2);
        String part = m.group(4) + ".mustache";
        Map<String, String> copies = new TreeMap<>();
        for (String tag : translationsIn(files, key)) {
            String translated = key + "/" + Translations.FOLDER + "/" + tag + "/" + part;
            String copy = variant == null ? translated
                    : key + "/variants/" + variant + "/" + Translations.FOLDER + "/" + tag + "/" + part;
            if (!files.containsKey(copy)) {
                copies.put(copy, variant == null ? text : files.getOrDefault(translated, text));
            }
        }
        return copies;
    }

    /** The translated copies of an untranslated template part that the built-in set does not have. */
    private List<String> companionPaths(Map<String, String> files, String path) {
        Matcher m = EDITABLE.matcher(path);
        if (!m.matches() || m.group(1) == null || m.group(3) != null) {
            return List.of();
        }
        String prefix = path.substring(0, path.lastIndexOf('/')) + "/" + Translations.FOLDER + "/";
        String file = path.substring(path.lastIndexOf('/'));
        return files.keySet().stream().filter(p -> p.startsWith(prefix) && p.endsWith(file)
                && p.indexOf('/', prefix.length()) == p.length() - file.length() && !builtIn.containsKey(p)).toList();
    }

    /**
     * The set with the translated copies the validator asks for filled in, as a save would have added them: for a
     * set written before a template was translated (edits from an older Herald, another node's, or a deployment's own
     * variants of a template Herald now ships translated), so it keeps running instead of being left out.
     */
    static Map<String, String> withMissingTranslations(Map<String, String> files) {
        Map<String, String> filled = new TreeMap<>(files);
        for (Map.Entry<String, String> file : files.entrySet()) {
            String path = file.getKey();
            Matcher m = EDITABLE.matcher(path);
            if (m.matches() && m.group(1) != null && m.group(3) == null) {
                translatedCopies(files, path, file.getValue()).forEach((copy, text) -> {
                    if (filled.putIfAbsent(copy, text) == null) {
                        LOG.info("template file {} has no {} yet: a copy to translate is used", path, copy);
                    }
                });
            }
        }
        return filled;
    }

    /** Makes {@code files} live, writing and deleting the changed edits on disk first. */
    private void commit(Map<String, String> files, Map<String, String> written, java.util.Collection<String> removed) {
        if (editsDir != null) {
            written.forEach(this::write);
            removed.forEach(this::deleteEdit);
        }
        current = new Snapshot(Map.copyOf(files), new MustacheTemplateRenderer(files));
    }

    /**
     * Undoes the edit of a file: back to the built-in text, or (a variant part the built-in set does not have)
     * removed. Refused, like a save, when the remaining set would not validate (another edit may depend on it).
     */
    public synchronized SaveResult revert(String path) {
        requireEditable(path);
        if (!edited(path)) {
            return new SaveResult(List.of());
        }
        Map<String, String> files = new TreeMap<>(current.files());
        String original = builtIn.get(path);
        List<String> removed = new ArrayList<>(List.of(path));
        if (original == null) {
            // a part the built-in set does not have goes with the copies it brought into the translations
            removed.addAll(companionPaths(files, path));
            removed.forEach(files::remove);
        } else {
            files.put(path, original);
        }
        List<TemplateError> errors = new TemplateValidator().validate(files);
        if (!errors.isEmpty()) {
            return new SaveResult(errors);
        }
        commit(files, Map.of(), removed);
        LOG.info("template edit of {} reverted{}", path, removed.size() > 1 ? " with " + removed.subList(1, removed.size()) : "");
        return announced(new SaveResult(List.of()));
    }

    /**
     * Starts a translation of a template: {@code <key>/locales/<tag>/} gets a copy of each of its parts, and each
     * variant a copy of the parts it changes, for the marketer to translate in place. Until then readers with that
     * locale get the copies, i.e. the template as written.
     */
    public synchronized SaveResult addTranslation(String key, String tag) {
        if (key == null || key.startsWith("_") || current.files().keySet().stream().noneMatch(p -> p.startsWith(key + "/"))) {
            return new SaveResult(List.of(new TemplateError(String.valueOf(key), 1, "no template named '" + key + "'")));
        }
        String folder = key + "/" + Translations.FOLDER + "/" + tag + "/";
        if (!Translations.isCanonicalTag(tag)) {
            return new SaveResult(List.of(new TemplateError(folder, 1, "'" + tag + "' is not a language tag as"
                    + " translations are named (BCP 47, e.g. de, de-AT, pt-BR)")));
        }
        if (translations(key).contains(tag)) {
            return new SaveResult(List.of(new TemplateError(folder, 1, key + " already has a " + tag + " translation")));
        }
        Map<String, String> added = new TreeMap<>();
        current.files().forEach((path, text) -> {
            if (path.startsWith(key + "/") && translationOf(path) == null) {
                int slash = path.lastIndexOf('/');
                added.put(path.substring(0, slash) + "/" + Translations.FOLDER + "/" + tag + path.substring(slash), text);
            }
        });
        Map<String, String> files = new TreeMap<>(current.files());
        files.putAll(added);
        List<TemplateError> errors = validateAndRender(files, Set.of(key), added.keySet().iterator().next());
        if (!errors.isEmpty()) {
            return new SaveResult(errors);
        }
        commit(files, added, List.of());
        LOG.info("template {} has a new {} translation ({} file(s)), live", key, tag, added.size());
        return announced(new SaveResult(List.of()));
    }

    /** Whether {@link #removeTranslation} could remove the translation: it exists and none of its files is built in. */
    public boolean removable(String key, String tag) {
        List<String> paths = translationFiles(key, tag);
        return !paths.isEmpty() && paths.stream().noneMatch(builtIn::containsKey);
    }

    private List<String> translationFiles(String key, String tag) {
        String marker = "/" + Translations.FOLDER + "/" + tag + "/";
        return current.files().keySet().stream().filter(p -> p.startsWith(key + "/") && p.contains(marker)).toList();
    }

    /** Removes a translation added as an edit, every file of it at once; a built-in translation stays. */
    public synchronized SaveResult removeTranslation(String key, String tag) {
        String marker = "/" + Translations.FOLDER + "/" + tag + "/";
        List<String> paths = translationFiles(key, tag);
        if (paths.isEmpty()) {
            return new SaveResult(List.of(new TemplateError(key + marker, 1, key + " has no " + tag + " translation")));
        }
        if (paths.stream().anyMatch(builtIn::containsKey)) {
            return new SaveResult(List.of(new TemplateError(key + marker, 1, "the " + tag + " translation of " + key
                    + " is built in: its files can be edited and reverted, not removed")));
        }
        Map<String, String> files = new TreeMap<>(current.files());
        paths.forEach(files::remove);
        List<TemplateError> errors = validateAndRender(files, Set.of(key), paths.get(0));
        if (!errors.isEmpty()) {
            return new SaveResult(errors);
        }
        commit(files, Map.of(), paths);
        LOG.info("the {} translation of template {} removed ({} file(s))", tag, key, paths.size());
        return announced(new SaveResult(List.of()));
    }

    @Override
    public RenderedEmail render(String templateKey, Map<String, Object> model) {
        return current.renderer().render(templateKey, model);
    }

    @Override
    public RenderedEmail renderVariant(String templateKey, String variant, Map<String, Object> model) {
        return current.renderer().renderVariant(templateKey, variant, model);
    }

    @Override
    public boolean exists(String templateKey) {
        return current.renderer().exists(templateKey);
    }

    private static List<TemplateError> check(Map<String, String> base, String path, String text) {
        if (!editable(path)) {
            return List.of(new TemplateError(String.valueOf(path), 1, "not an editable template file"));
        }
        if (text == null) {
            return List.of(new TemplateError(path, 1, "no template text"));
        }
        Matcher m = EDITABLE.matcher(path);
        m.matches();
        if (m.group(5) != null && !base.containsKey(path)
                && (m.group(6) == null || !base.containsKey(m.group(5) + "/" + m.group(7)))) {
            return List.of(new TemplateError(path, 1, "new shared files cannot be added from the console"
                    + " (only translations of the shared files there are)"));
        }
        if (m.group(1) != null && base.keySet().stream().noneMatch(p -> p.startsWith(m.group(1) + "/"))) {
            return List.of(new TemplateError(path, 1, "no template named '" + m.group(1) + "'"));
        }
        Map<String, String> files = with(base, path, text);
        Set<String> keys = new TreeSet<>();
        if (m.group(1) != null) {
            keys.add(m.group(1));
        } else {
            files.keySet().stream().map(p -> p.substring(0, p.indexOf('/'))).filter(k -> !k.startsWith("_"))
                    .forEach(keys::add);
        }
        return validateAndRender(files, keys, path);
    }

    /**
     * The validator's errors for the whole set, else the first template of {@code keys} that does not compile or
     * render in one of its variants and translations (reported at {@code path} unless that is a shared file).
     */
    private static List<TemplateError> validateAndRender(Map<String, String> files, Set<String> keys, String path) {
        List<TemplateError> errors = new TemplateValidator().validate(files);
        if (!errors.isEmpty()) {
            return errors;
        }
        // the validator knows names and structure; compiling and rendering finds what only Mustache itself sees
        MustacheTemplateRenderer renderer = new MustacheTemplateRenderer(files);
        for (String key : keys) {
            List<String> variants = new ArrayList<>();
            variants.add(null);
            files.keySet().stream().filter(p -> p.startsWith(key + "/variants/"))
                    .map(p -> variantOf(key, p)).distinct().forEach(variants::add);
            List<String> locales = new ArrayList<>();
            locales.add(null);
            locales.addAll(translationsIn(files, key));
            for (String variant : variants) {
                for (String locale : locales) {
                    try {
                        renderer.renderTranslation(key, variant, locale, sampleModel(key, locale));
                    } catch (RuntimeException e) {
                        String file = (variant == null ? key : key + "/variants/" + variant)
                                + (locale == null ? "" : "/" + Translations.FOLDER + "/" + locale) + "/html.mustache";
                        return List.of(new TemplateError(path.startsWith("_") ? file : path, 1, e.getMessage()));
                    }
                }
            }
        }
        return List.of();
    }

    /**
     * A model with every top-level name filled, for the render check of a save and the link check of
     * {@code herald templates check-links} (in a translation's locale).
     */
    static Map<String, Object> sampleModel(String key, String locale) {
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("id", "C-sample");
        customer.put("email", "sample@example.com");
        customer.put("name", "Sam Sample");
        customer.put("firstName", "Sam");
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("productId", "P1");
        item.put("name", "Sample product");
        item.put("quantity", 1);
        item.put("unitPrice", "£1.00");
        item.put("lineTotal", "£1.00");
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", "O-sample");
        order.put("placedAt", "2026-01-01T00:00:00Z");
        order.put("currency", "GBP");
        order.put("total", "£1.00");
        order.put("items", List.of(item));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("customer", customer);
        model.put("order", order);
        model.put("locale", locale == null ? "en-GB" : locale);
        model.put("campaign", key);
        model.put("eventId", "sample");
        return model;
    }

    /** The built-in set with the edits that still pass; an edited template that does not is left out whole. */
    private static Map<String, String> startingSet(Map<String, String> builtIn, Map<String, String> edits) {
        Map<String, String> merged = new TreeMap<>(builtIn);
        merged.putAll(edits);
        Map<String, String> files = withMissingTranslations(merged);
        List<TemplateError> errors = new TemplateValidator().validate(files);
        if (errors.isEmpty()) {
            return files;
        }
        Set<String> broken = new HashSet<>();
        for (TemplateError e : errors) {
            LOG.error("template edit left out at start: {}", e);
            broken.add(e.file().substring(0, e.file().indexOf('/') < 0 ? e.file().length() : e.file().indexOf('/')));
        }
        Map<String, String> kept = new TreeMap<>(builtIn);
        edits.forEach((path, text) -> {
            if (!broken.contains(path.substring(0, path.indexOf('/')))) {
                kept.put(path, text);
            }
        });
        if (!new TemplateValidator().validate(kept).isEmpty()) {
            LOG.error("template edits in the edits folder do not validate together: using the built-in templates");
            return new TreeMap<>(builtIn);
        }
        return kept;
    }

    private void write(String path, String text) {
        try {
            Path target = editsDir.resolve(path).normalize();
            if (!target.startsWith(editsDir.normalize())) {
                throw new IllegalArgumentException("not an editable template file: " + path);
            }
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".edit-", ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save template " + path + " to " + editsDir, e);
        }
    }

    private void deleteEdit(String path) {
        try {
            Files.deleteIfExists(editsDir.resolve(path).normalize());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the edit " + path + " from " + editsDir, e);
        }
    }

    /** {@code files} with {@code path} changed to {@code text}, and the translated copies a new part brings. */
    private static Map<String, String> with(Map<String, String> files, String path, String text) {
        Map<String, String> changed = new TreeMap<>(files);
        changed.putAll(companions(files, path, text));
        changed.put(path, text);
        return changed;
    }

    private static void requireEditable(String path) {
        if (!editable(path)) {
            throw new IllegalArgumentException("not an editable template file: " + path);
        }
    }

    private static String part(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        return file.substring(0, file.length() - ".mustache".length());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The first errors as {@code file:line: message}, for an exception message. */
    static String describe(List<TemplateError> errors) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(5, errors.size()); i++) {
            b.append(i == 0 ? "" : "; ").append(errors.get(i));
        }
        if (errors.size() > 5) {
            b.append("; and ").append(errors.size() - 5).append(" more");
        }
        return b.toString();
    }
}
