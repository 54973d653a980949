package dev.herald.templates;

import dev.herald.engine.delivery.RenderedEmail;

/**
 * Everything one template renders for one recipient: the subject and preheader (both one line, already
 * checked for CR and LF), the HTML part (with the preheader hidden at its top) and the plain-text part.
 */
public record RenderedTemplate(String subject, String preheader, String html, String text) {

    /** The email as the engine sends it (the preheader travels inside the HTML). */
    public RenderedEmail toEmail() {
        return new RenderedEmail(subject, html, text);
    }
}
