/**
 * Email templates and the renderer that turns an engine model into a {@link dev.herald.engine.delivery.RenderedEmail}.
 * Templates are Mustache files on the classpath ({@code templates/<key>/subject|html|text.mustache}); the HTML
 * part HTML-escapes every value so customer-supplied data can never inject markup, while the subject and the
 * plain-text part are rendered verbatim because they are not HTML. Templates are logic-less and
 * developer-owned: the model only carries plain maps, lists and values, and no template may use unescaped output.
 * Liquid-style filters ({@link dev.herald.templates.TemplateExpression}) give defaults and locale-aware dates, and
 * {@link dev.herald.templates.TemplateValidator} checks every name against {@link dev.herald.templates.ModelSchema}
 * with file and line (ADR 0010).
 */
package dev.herald.templates;
