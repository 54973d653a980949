package dev.herald.routes.console;

/**
 * A console login: the opaque id carried by the session cookie, who it is, and the CSRF token every form of this
 * session must post back (synchronizer token: an attacker's page cannot read it).
 */
public record ConsoleSession(String id, ConsoleUser user, String csrfToken) {
}
