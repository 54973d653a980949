package dev.herald.templates;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheResolver;
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
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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
 * <p>Two factories keep escaping honest: the HTML part goes through one that HTML-escapes every value,
 * the subject and the text part through one that writes values verbatim (they are not HTML, so escaping
 * would show {@code &amp;amp;} to the reader). The subject is stripped of surrounding whitespace and
 * rejected if it still holds CR or LF, which would otherwise allow mail header injection.
 *
 * <p>Thread-safe: compiled templates are cached per key and rendering keeps no shared mutable state.
 * The model is read only through {@link Map} lookups (no reflection on model objects).
 */
public final class MustacheTemplateRenderer implements TemplateRenderer {

    /** Default location of the templates, relative to the class loader root. */
    public static final String DEFAULT_BASE_PATH = "templates/";

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");
    private static final String EXTENSION = ".mustache";

    private final ClassLoader classLoader;
    private final String basePath;
    private final DefaultMustacheFactory htmlFactory;
    private final DefaultMustacheFactory plainFactory;
    private final ConcurrentMap<String, Compiled> cache = new ConcurrentHashMap<>();

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
        MustacheResolver resolver = this::openTemplate;
        this.htmlFactory = new RootedFactory(resolver, true);
        this.plainFactory = new RootedFactory(resolver, false);
    }

    /**
     * Renders the three parts of the email.
     *
     * @throws TemplateNotFoundException when no template has this key
     * @throws IllegalArgumentException  when the rendered subject contains CR or LF
     * @throws IllegalStateException     when a template exists but cannot be compiled or rendered
     */
    @Override
    public RenderedEmail render(String templateKey, Map<String, Object> model) {
        Objects.requireNonNull(model, "model");
        Compiled template = compiled(templateKey);
        String subject = execute(template.subject(), model, templateKey).strip();
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("subject of email template '" + templateKey
                    + "' contains a line break (CR or LF) after rendering; a model value must not carry line"
                    + " breaks into the subject (mail header injection)");
        }
        String html = execute(template.html(), model, templateKey);
        String text = template.text() == null
                ? HtmlToText.convert(html)
                : HtmlToText.tidyPlainText(execute(template.text(), model, templateKey));
        return new RenderedEmail(subject, html, text);
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

    private Compiled compiled(String templateKey) {
        if (!exists(templateKey)) {
            throw new TemplateNotFoundException(templateKey);
        }
        return cache.computeIfAbsent(templateKey, this::compile);
    }

    private Compiled compile(String key) {
        try {
            Mustache subject = plainFactory.compile(key + "/subject" + EXTENSION);
            Mustache html = htmlFactory.compile(key + "/html" + EXTENSION);
            Mustache text = hasResource(key + "/text" + EXTENSION) ? plainFactory.compile(key + "/text" + EXTENSION) : null;
            return new Compiled(subject, html, text);
        } catch (MustacheException e) {
            throw new IllegalStateException("email template '" + key + "' cannot be compiled: " + e.getMessage(), e);
        }
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
        return classLoader.getResource(basePath + name) != null;
    }

    private BufferedReader openTemplate(String name) {
        String relative = name.startsWith("/") ? name.substring(1) : name;
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

    private record Compiled(Mustache subject, Mustache html, Mustache text) {
    }

    /**
     * A factory that resolves partial and parent names from the template root (not relative to the including
     * template), reads the model through maps only, and either HTML-escapes values or writes them verbatim.
     */
    private static final class RootedFactory extends DefaultMustacheFactory {
        private final boolean escapeHtml;

        RootedFactory(MustacheResolver resolver, boolean escapeHtml) {
            super(resolver);
            this.escapeHtml = escapeHtml;
            setObjectHandler(new MapObjectHandler());
        }

        @Override
        public String resolvePartialPath(String dir, String name, String extension) {
            String path = name.strip();
            while (path.startsWith("/")) {
                path = path.substring(1);
            }
            return path.endsWith(extension) ? path : path + extension;
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
}
