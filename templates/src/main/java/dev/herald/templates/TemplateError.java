package dev.herald.templates;

/**
 * One problem found in a template file: the file relative to the templates folder (e.g.
 * {@code thank-you/html.mustache}), its 1-based line and a reason a marketer can act on.
 */
public record TemplateError(String file, int line, String message) {

    /** {@code file:line: message}, the form editors and CI logs link to. */
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
