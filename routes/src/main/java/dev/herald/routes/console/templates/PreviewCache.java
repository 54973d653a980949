package dev.herald.routes.console.templates;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rendered previews waiting to be shown in the editor's sandboxed frame, each under a random token and tied to
 * the user who asked for it. The frame loads the preview from its own URL, because the email's inline styles need a
 * Content-Security-Policy of their own (the console's pages allow no inline style). Bounded: the oldest go first.
 */
final class PreviewCache {

    private static final int MAX = 500;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Entry(String user, String html) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX;
        }
    };

    synchronized String put(String user, String html) {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        entries.put(token, new Entry(user, html));
        return token;
    }

    /** The preview's HTML, or null when the token is unknown, expired, or someone else's. */
    synchronized String get(String user, String token) {
        Entry e = entries.get(token);
        return e == null || !e.user().equals(user) ? null : e.html();
    }
}
