package dev.herald.templates;

import com.github.mustachejava.Binding;
import com.github.mustachejava.Code;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheResolver;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.reflect.MapObjectHandler;
import dev.herald.engine.delivery.RenderedEmail;
import dev.herald.engine.delivery.TemplateRenderer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Renders Herald's emails from Mustache templates on the classpath.
 *
 * <p>Why Mustache: it is logic-less, so templates cannot run code, and mustache.java HTML-escapes
 * {@code {{value}}} by default. Each template key is a folder {@code <basePath><key>/} holding
 * {@code subject.mustache}, {@code html.mustache} and optionally {@code text.mustache}; when the text
 * template is absent the plain-text part is derived from the rendered HTML. Partial and parent names
 * ({@code {{> name}}}, {@code {{< name}}}) are resolved from the base path, so every HTML template can
 * extend the shared {@code _layout/html} and text templates can include {@code _layout/text-footer}.
 * Keys must match {@code [A-Za-z0-9][A-Za-z0-9_-]*}; folders starting with {@code _} are shared parts,
 * never templates.
 *
 * <p>Inside a tag, Liquid-style filters read naturally: {@code {{customer.firstName | default: "there"}}},
 * {@code {{order.placedAt | date: "long"}}} (see {@link TemplateExpression}); {@link TemplateValidator}
 * rejects unknown variables and filters with their line before a template is used. An optional
 * {@code preheader.mustache} renders the inbox preview line, placed hidden at the top of the HTML through
 * the {@code preheader} model value. A variant ({@link #render(String, String, Map)}) overrides any of the
 * parts from {@code <key>/variants/<name>/}; a variant that replaces the HTML but writes no text part gets
 * its text derived from its own HTML.
 *
 * <p>Translations ({@link Translations}) sit beside the parts they translate: the model's {@code locale} picks
 * {@code <key>/locales/<tag>/}, a variant's own parts come from {@code <key>/variants/<name>/locales/<tag>/}, and
 * the shared layouts and partials the email uses from {@code _<folder>/locales/<tag>/} where they are translated.
 * A reader whose locale the template is not translated into gets the template as written, shared parts included,
 * so an email never mixes two languages that the {@link TemplateValidator} could see.
 *
 * <p>Two factories keep escaping honest: the HTML part goes through one that HTML-escapes every value,
 * the subject and the text part through one that writes values verbatim (they are not HTML, so escaping
 * would show {@code &amp;amp;} to the reader). The subject and the preheader are stripped of surrounding
 * whitespace and rejected if they still hold CR, LF or another line separator (NEL, U+2028, U+2029), which
 * would otherwise allow mail header injection.
 *
 * <p>Thread-safe: compiled templates are cached per key and rendering keeps no shared mutable state.
 * The model is read only through {@link Map} lookups (no reflection on model objects).
 */
public final class MustacheTemplateRenderer implements TemplateRenderer {

    /** Default location of the templates, relative to the class loader root. */
    public static final String DEFAULT_BASE_PATH = "templates/";

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");
    private static final String EXTENSION = ".mustache";
    private static final List<String> PARTS = List.of("subject", "preheader", "html", "text");

    private final ClassLoader classLoader;
    private final String basePath;
    /** Template files held in memory (relative path to text), or null when they are read from the class loader. */
    private final Map<String, String> files;
    /** Per translation ({@code ""} for none): the HTML-escaping and the verbatim factory, which resolve shared parts. */
    private final ConcurrentMap<String, RootedFactory[]> factories = new ConcurrentHashMap<>();
    /** A reader's locale tag → the translations to try ({@link Translations#chain}), parsed once per tag. */
    private final ConcurrentMap<String, List<String>> chains = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Compiled> cache = new ConcurrentHashMap<>();
    /**
     * Whether a template file exists, per path: asked for every email (variant lookup), and a class-loader
     * lookup per part and email was 8 % of the dispatcher's time (ADR 0023). Templates are compiled once and
     * kept in {@link #cache} anyway, so their files are taken as fixed for this renderer's life.
     */
    private final ConcurrentMap<String, Boolean> resources = new ConcurrentHashMap<>();

    /** Renders the templates shipped in this module, from {@code templates/} on this module's class loader. */
    public MustacheTemplateRenderer() {
        this(MustacheTemplateRenderer.class.getClassLoader(), DEFAULT_BASE_PATH);
    }

    /**
     * Renders templates found by {@code classLoader} under {@code basePath}, for deployments (or tests)
     * that ship their own templates.
     *
     * @param basePath resource folder such as {@code "templates/"}; a leading {@code /} is ignored and a
     *                 trailing one added when missing; {@code ""} means the class loader root
     */
    public MustacheTemplateRenderer(ClassLoader classLoader, String basePath) {
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
        this.basePath = normalizeBasePath(Objects.requireNonNull(basePath, "basePath"));
        this.files = null;
    }

    /**
     * Renders templates held in memory, keyed by their path relative to the templates folder
     * ({@code welcome/html.mustache}), as {@link TemplateFiles} reads them: what the validator checked is exactly
     * what is rendered. The console's template library uses this for edited templates and unsaved previews.
     */
    public MustacheTemplateRenderer(Map<String, String> files) {
        this.classLoader = MustacheTemplateRenderer.class.getClassLoader();
        this.basePath = "";
        this.files = Map.copyOf(Objects.requireNonNull(files, "files"));
    }

    /**
     * Renders the three parts of the email.
     *
     * @throws TemplateNotFoundException when no template has this key
     * @throws IllegalArgumentException  when the rendered subject or preheader contains CR or LF
     * @throws IllegalStateException     when a template exists but cannot be compiled or rendered
     */
    @Override
    public RenderedEmail render(String templateKey, Map<String, Object> model) {
        return render(templateKey, null, model).toEmail();
    }

    /**
     * The outbox's variant: its override files under {@code <key>/variants/<variant>/} when it has any, else
     * the base template (an experiment arm may differ only in what it does not override, e.g. none at all).
     */
    @Override
    public RenderedEmail renderVariant(String templateKey, String variant, Map<String, Object> model) {
        return render(templateKey, hasVariant(templateKey, variant) ? variant : null, model).toEmail();
    }

    /** True when the template has at least one override file for {@code variant}. */
    public boolean hasVariant(String templateKey, String variant) {
        return variant != null && templateKey != null && KEY.matcher(templateKey).matches()
                && KEY.matcher(variant).matches()
                && PARTS.stream().anyMatch(p -> hasResource(templateKey + "/variants/" + variant + "/" + p + EXTENSION));
    }

    /**
     * Renders a template, or one of its variants, with its preheader: exactly what would be sent. The model's
     * {@code locale} picks the translation ({@link #translationFor}).
     *
     * @param variant null for the template itself, else a folder under {@code <key>/variants/}
     * @throws TemplateNotFoundException when no template has this key
     * @throws IllegalArgumentException  when the variant does not exist, or the rendered subject or
     *                                   preheader contains a line break
     */
    public RenderedTemplate render(String templateKey, String variant, Map<String, Object> model) {
        Objects.requireNonNull(model, "model");
        return renderTranslation(templateKey, variant, translationFor(templateKey, model.get("locale")), model);
    }

    /**
     * Renders in the given translation whatever the model's locale ({@code null}: the template as written): what
     * the console previews when a marketer picks a language.
     *
     * @throws IllegalArgumentException when the template has no such translation
     */
    public RenderedTemplate renderTranslation(String templateKey, String variant, String translation,
                                              Map<String, Object> model) {
        Objects.requireNonNull(model, "model");
        if (translation != null && (templateKey == null || !hasResource(templateKey + "/" + Translations.FOLDER + "/"
                + translation + "/html" + EXTENSION))) {
            throw new IllegalArgumentException("email template '" + templateKey + "' has no " + translation
                    + " translation (expected files under " + templateKey + "/" + Translations.FOLDER + "/"
                    + translation + "/)");
        }
        Compiled template = compiled(templateKey, variant, translation);
        String subject = headerValue("subject", execute(template.subject(), model, templateKey), templateKey);
        String preheader = template.preheader() == null ? ""
                : headerValue("preheader", execute(template.preheader(), model, templateKey), templateKey);
        Map<String, Object> htmlModel = model;
        if (!preheader.isEmpty() || variant != null) {
            htmlModel = new HashMap<>(model);
            if (!preheader.isEmpty()) {
                htmlModel.put("preheader", preheader);
            }
            if (variant != null) {
                htmlModel.put("variant", variant);
            }
        }
        String html = execute(template.html(), htmlModel, templateKey);
        String text = template.text() == null
                ? HtmlToText.convert(html)
                : HtmlToText.tidyPlainText(execute(template.text(), htmlModel, templateKey));
        return new RenderedTemplate(subject, preheader, html, text);
    }

    private static String headerValue(String part, String rendered, String key) {
        String value = rendered.strip();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                throw new IllegalArgumentException(part + " of email template '" + key + "' contains a line break"
                        + " (CR or LF) after rendering; a model value must not carry line breaks into a header"
                        + " (mail header injection)");
            }
        }
        return value;
    }

    /** True when {@code <key>/subject.mustache} and {@code <key>/html.mustache} exist; never compiles or throws. */
    @Override
    public boolean exists(String templateKey) {
        if (templateKey == null || !KEY.matcher(templateKey).matches()) {
            return false;
        }
        return cache.containsKey(templateKey)
                || (hasResource(templateKey + "/subject" + EXTENSION) && hasResource(templateKey + "/html" + EXTENSION));
    }

    /**
     * The translation of a template a reader with this locale gets: the first tag of the locale's
     * {@linkplain Translations#chain chain} the template is translated into, or null for the template as written.
     */
    public String translationFor(String templateKey, Object locale) {
        if (!(locale instanceof String tag) || tag.isBlank() || templateKey == null
                || !KEY.matcher(templateKey).matches()) {
            return null;
        }
        for (String t : chains.computeIfAbsent(tag, Translations::chain)) {
            if (hasResource(templateKey + "/" + Translations.FOLDER + "/" + t + "/html" + EXTENSION)) {
                return t;
            }
        }
        return null;
    }

    private Compiled compiled(String templateKey, String variant, String translation) {
        if (!exists(templateKey)) {
            throw new TemplateNotFoundException(templateKey);
        }
        if (variant != null) {
            if (!KEY.matcher(variant).matches() || PARTS.stream().noneMatch(
                    p -> hasResource(templateKey + "/variants/" + variant + "/" + p + EXTENSION))) {
                throw new IllegalArgumentException("email template '" + templateKey + "' has no variant '" + variant
                        + "' (expected files under " + templateKey + "/variants/" + variant + "/)");
            }
        }
        String cacheKey = (variant == null ? templateKey : templateKey + "/variants/" + variant)
                + (translation == null ? "" : "|" + translation);
        return cache.computeIfAbsent(cacheKey, k -> compile(templateKey, variant, translation));
    }

    private Compiled compile(String key, String variant, String translation) {
        RootedFactory plainFactory = factory(translation, false);
        try {
            Mustache subject = plainFactory.compile(part(key, variant, translation, "subject"));
            String preheaderPath = optionalPart(key, variant, translation, "preheader");
            Mustache preheader = preheaderPath == null ? null : plainFactory.compile(preheaderPath);
            String htmlPath = part(key, variant, translation, "html");
            Mustache html = factory(translation, true).compile(htmlPath);
            String textPath = optionalPart(key, variant, translation, "text");
            // a text part less specific than the HTML (the template's under a variant's HTML, the original under a
            // translated HTML) would say something else: the text is then derived from the HTML instead
            boolean lessSpecificText = textPath != null && specificity(textPath) < specificity(htmlPath);
            Mustache text = textPath == null || lessSpecificText ? null : plainFactory.compile(textPath);
            return new Compiled(subject, preheader, html, text);
        } catch (MustacheException | TemplateExpression.InvalidExpressionException e) {
            throw new IllegalStateException("email template '" + key + "' cannot be compiled: " + e.getMessage(), e);
        }
    }

    /** The template itself 0, a translation 1, a variant 2, a translated variant 3. */
    private static int specificity(String path) {
        return (path.contains("/variants/") ? 2 : 0) + (path.contains("/" + Translations.FOLDER + "/") ? 1 : 0);
    }

    /** The file for a part: the variant's when it changes the part, else the template's; translated when it can be. */
    private String part(String key, String variant, String translation, String part) {
        String path = optionalPart(key, variant, translation, part);
        return path == null ? key + "/" + part + EXTENSION : path;
    }

    private String optionalPart(String key, String variant, String translation, String part) {
        String owner = variant != null && hasResource(key + "/variants/" + variant + "/" + part + EXTENSION)
                ? key + "/variants/" + variant : key;
        String translated = owner + "/" + Translations.FOLDER + "/" + translation + "/" + part + EXTENSION;
        if (translation != null && hasResource(translated)) {
            return translated;
        }
        return hasResource(owner + "/" + part + EXTENSION) ? owner + "/" + part + EXTENSION : null;
    }

    private RootedFactory factory(String translation, boolean escapeHtml) {
        RootedFactory[] pair = factories.computeIfAbsent(translation == null ? "" : translation, t -> {
            List<String> chain = Translations.chain(t);
            UnaryOperator<String> shared = path -> {
                if (path.startsWith("_") && path.indexOf('/') > 0) {
                    for (String tag : chain) {
                        String translated = Translations.sharedPath(path, tag);
                        if (hasResource(translated)) {
                            return translated;
                        }
                    }
                }
                return path;
            };
            MustacheResolver resolver = this::openTemplate;
            return new RootedFactory[]{new RootedFactory(resolver, shared, false), new RootedFactory(resolver, shared, true)};
        });
        return pair[escapeHtml ? 1 : 0];
    }

    private static String execute(Mustache mustache, Map<String, Object> model, String key) {
        StringWriter out = new StringWriter(1024);
        try {
            mustache.execute(out, model).flush();
        } catch (IOException | MustacheException e) {
            throw new IllegalStateException("email template '" + key + "' failed to render " + mustache.getName()
                    + ": " + e.getMessage(), e);
        }
        return out.toString();
    }

    private boolean hasResource(String name) {
        if (files != null) {
            return files.containsKey(name);
        }
        return resources.computeIfAbsent(name, n -> classLoader.getResource(basePath + n) != null);
    }

    private BufferedReader openTemplate(String name) {
        String relative = name.startsWith("/") ? name.substring(1) : name;
        if (files != null) {
            String text = files.get(relative);
            return text == null ? null : new BufferedReader(new java.io.StringReader(text));
        }
        InputStream in = classLoader.getResourceAsStream(basePath + relative);
        return in == null ? null : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static String normalizeBasePath(String basePath) {
        String path = basePath.strip();
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        return path.isEmpty() || path.endsWith("/") ? path : path + "/";
    }

    private record Compiled(Mustache subject, Mustache preheader, Mustache html, Mustache text) {
    }

    /**
     * A factory that resolves partial and parent names from the template root (not relative to the including
     * template) and to the translation it compiles for, reads the model through maps only, and either
     * HTML-escapes values or writes them verbatim.
     */
    private static final class RootedFactory extends DefaultMustacheFactory {
        private final boolean escapeHtml;
        private final UnaryOperator<String> translateShared;

        RootedFactory(MustacheResolver resolver, UnaryOperator<String> translateShared, boolean escapeHtml) {
            super(resolver);
            this.escapeHtml = escapeHtml;
            this.translateShared = translateShared;
            setObjectHandler(new FilteringObjectHandler());
        }

        @Override
        public String resolvePartialPath(String dir, String name, String extension) {
            String path = name.strip();
            while (path.startsWith("/")) {
                path = path.substring(1);
            }
            return translateShared.apply(path.endsWith(extension) ? path : path + extension);
        }

        @Override
        public void encode(String value, Writer writer) {
            if (escapeHtml) {
                super.encode(value, writer);
                return;
            }
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Reads the model through maps only and applies {@link TemplateExpression} filters written after a name;
     * the result still goes through the factory's escaping.
     */
    private static final class FilteringObjectHandler extends MapObjectHandler {
        @Override
        public Binding createBinding(String name, TemplateContext tc, Code code) {
            if (name == null || !TemplateExpression.hasFilters(name)) {
                return super.createBinding(name, tc, code);
            }
            TemplateExpression expression = TemplateExpression.parse(name);
            Binding value = super.createBinding(expression.variable(), tc, code);
            return scopes -> expression.apply(value.get(scopes), localeOf(scopes));
        }

        private static Locale localeOf(List<Object> scopes) {
            for (Object scope : scopes) {
                if (scope instanceof Map<?, ?> map && map.get("locale") instanceof String tag && !tag.isBlank()) {
                    return Locale.forLanguageTag(tag);
                }
            }
            return Locale.UK;
        }
    }
}
