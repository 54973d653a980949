package dev.herald.engine.delivery;

import java.util.Objects;

/** An email ready for SMTP: a one-line subject, an HTML part and a plain-text part. */
public record RenderedEmail(String subject, String html, String text) {

    public RenderedEmail {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(text, "text");
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("subject must not contain CR or LF (header injection)");
        }
    }
}
