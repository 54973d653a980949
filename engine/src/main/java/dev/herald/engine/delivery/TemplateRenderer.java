package dev.herald.engine.delivery;

import java.util.Map;

/**
 * Port to the template engine. The model holds plain values (strings, numbers, lists and maps of them);
 * the renderer HTML-escapes every value it puts into the HTML part.
 */
public interface TemplateRenderer {

    /**
     * @throws TemplateNotFoundException when no template has this key
     */
    RenderedEmail render(String templateKey, Map<String, Object> model);

    /**
     * Renders the experiment variant stored with an outbox row. Renderers without per-variant content send
     * every variant the base template, so this default ignores the variant; variant "A" (or none) always
     * means the base template.
     *
     * @param variant the variant name, or {@code null}
     */
    default RenderedEmail renderVariant(String templateKey, String variant, Map<String, Object> model) {
        return render(templateKey, model);
    }

    /** Whether a template with this key exists, so decisions naming unknown templates fail early. */
    boolean exists(String templateKey);

    /** Raised when a decision names a template that does not exist. */
    class TemplateNotFoundException extends RuntimeException {
        public TemplateNotFoundException(String templateKey) {
            super("no email template named '" + templateKey + "'");
        }
    }
}
