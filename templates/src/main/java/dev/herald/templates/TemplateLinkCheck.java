package dev.herald.templates;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The link check of a template in {@link TemplateLibrary} (ADR 0076): the template is rendered the way a preview
 * renders it, as written and in every variant and translation, the links of all these renderings are gathered
 * (each once, in order of appearance, with the renderings it appears in) and {@link LinkChecker} checks them.
 *
 * <p>The links the outbox adds at send time ({@code unsubscribeUrl}, {@code confirmUrl}, and
 * {@code preferencesUrl} when the model has one) are set to Herald's public URL, so they show up as Herald's own
 * links, skipped, as they would be in the email. Links that come from a customer's data (recommendations) are
 * only in the renderings of a model that has them.
 *
 * <p>One instance remembers the results of the links it checked, so a run over every template asks each site
 * once. Thread-safe.
 */
public final class TemplateLinkCheck {

    /** One way a template goes out: as written or an A/B variant, in its own language or a translation. */
    public record Rendering(String variant, String translation) {

        /** {@code as written}, {@code variant B}, {@code de translation}, {@code variant B, de translation}. */
        public String label() {
            if (variant == null && translation == null) {
                return "as written";
            }
            List<String> parts = new ArrayList<>();
            if (variant != null) {
                parts.add("variant " + variant);
            }
            if (translation != null) {
                parts.add(translation + " translation");
            }
            return String.join(", ", parts);
        }
    }

    /**
     * A link of the template and its result.
     *
     * @param where   where it was first found: {@code href}, {@code src} or {@code text} (the plain-text part)
     * @param foundIn the renderings it appears in (their {@linkplain Rendering#label labels})
     * @param inEvery whether it appears in every rendering
     */
    public record Link(LinkChecker.Result result, String where, List<String> foundIn, boolean inEvery) {
    }

    /**
     * The links of one template.
     *
     * @param renderings the renderings checked (labels)
     * @param problems   renderings that failed, or why nothing was checked
     */
    public record Report(String template, List<String> renderings, List<Link> links, List<String> problems) {

        public LinkChecker.Summary summary() {
            return LinkChecker.Summary.of(links.stream().map(Link::result).toList());
        }

        /** Nothing broken or unreachable, and every rendering rendered. */
        public boolean clean() {
            return problems.isEmpty() && summary().clean();
        }
    }

    private final TemplateLibrary library;
    private final LinkChecker checker;
    private final Map<String, LinkChecker.Result> checked = new ConcurrentHashMap<>();

    public TemplateLinkCheck(TemplateLibrary library, LinkChecker checker) {
        this.library = library;
        this.checker = checker;
    }

    /** The renderings of a template: as written, each translation, then each variant as written and translated. */
    public List<Rendering> renderings(String key) {
        return renderings(key, null);
    }

    private List<Rendering> renderings(String key, String extraVariant) {
        List<String> variants = new ArrayList<>();
        variants.add(null);
        variants.addAll(library.variants(key));
        if (extraVariant != null && !variants.contains(extraVariant)) {
            variants.add(extraVariant);
        }
        List<String> translations = new ArrayList<>();
        translations.add(null);
        translations.addAll(library.translations(key));
        List<Rendering> renderings = new ArrayList<>();
        for (String variant : variants) {
            for (String translation : translations) {
                renderings.add(new Rendering(variant, translation));
            }
        }
        return renderings;
    }

    /** Checks the live template with the sample model the library's save check uses. */
    public Report check(String key) {
        return check(key, translation -> TemplateLibrary.sampleModel(key, translation), null, null);
    }

    /**
     * Checks a template with {@code path} changed to {@code text} (unsaved, as {@link TemplateLibrary#previewIn}
     * renders it), or the live template when {@code path} is null.
     *
     * @param modelFor the model for a translation (null: the template as written)
     */
    public Report check(String key, Function<String, Map<String, Object>> modelFor, String path, String text) {
        if (!library.keys().contains(key)) {
            throw new IllegalArgumentException("no template named '" + key + "'");
        }
        if (path != null) {
            List<TemplateError> errors = library.check(path, text);
            if (!errors.isEmpty()) {
                return new Report(key, List.of(), List.of(), List.of("the template has errors, so its links were"
                        + " not checked: " + TemplateLibrary.describe(errors)));
            }
        }
        List<Rendering> renderings = renderings(key, path == null ? null : variantOf(key, path));
        Map<String, LinkChecker.FoundLink> found = new LinkedHashMap<>();
        Map<String, List<String>> foundIn = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Rendering rendering : renderings) {
            labels.add(rendering.label());
            RenderedTemplate email;
            try {
                email = library.previewIn(key, rendering.variant(), rendering.translation(),
                        withHeraldLinks(modelFor.apply(rendering.translation())), path, text);
            } catch (RuntimeException e) {
                problems.add(rendering.label() + ": " + e.getMessage());
                continue;
            }
            for (LinkChecker.FoundLink link : LinkChecker.extract(email.html(), email.text())) {
                found.putIfAbsent(link.url(), link);
                foundIn.computeIfAbsent(link.url(), u -> new ArrayList<>()).add(rendering.label());
            }
        }
        List<String> urls = new ArrayList<>(found.keySet());
        Map<String, LinkChecker.Result> results = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String url : urls) {
            LinkChecker.Result known = checked.get(url);
            if (known != null) {
                results.put(url, known);
            } else {
                unknown.add(url);
            }
        }
        for (LinkChecker.Result result : checker.check(unknown)) {
            results.put(result.url(), result);
            if (result.outcome() != LinkChecker.Outcome.SKIPPED) {
                checked.put(result.url(), result);
            }
        }
        int rendered = labels.size() - problems.size();
        List<Link> links = new ArrayList<>();
        for (String url : urls) {
            List<String> in = List.copyOf(foundIn.get(url));
            links.add(new Link(results.get(url), found.get(url).where(), in, in.size() == rendered));
        }
        return new Report(key, List.copyOf(labels), List.copyOf(links), List.copyOf(problems));
    }

    /**
     * The model with the links the outbox adds at send time pointing at Herald's public URL (or the checker's first
     * own prefix), so they are skipped as Herald's own, as in a sent email.
     */
    private Map<String, Object> withHeraldLinks(Map<String, Object> model) {
        String base = checker.publicUrl();
        if (base == null) {
            base = checker.ownPrefixes().stream().findFirst().map(p -> p.endsWith("/") ? p.substring(0, p.length() - 1)
                    : p).orElse(null);
        }
        if (base == null) {
            return model;
        }
        Map<String, Object> out = new LinkedHashMap<>(model);
        out.put("unsubscribeUrl", base + "/u/link-check");
        out.put("confirmUrl", base + "/optin/link-check");
        if (out.containsKey("preferencesUrl")) {
            out.put("preferencesUrl", base + "/p/link-check");
        }
        return out;
    }

    private static String variantOf(String key, String path) {
        String prefix = key + "/variants/";
        if (!path.startsWith(prefix)) {
            return null;
        }
        int end = path.indexOf('/', prefix.length());
        return end < 0 ? null : path.substring(prefix.length(), end);
    }
}
