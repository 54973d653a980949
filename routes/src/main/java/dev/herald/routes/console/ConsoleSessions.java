package dev.herald.routes.console;

import java.util.Optional;

/** Open console sessions, looked up by the id in the session cookie. */
public interface ConsoleSessions {

    ConsoleSession open(ConsoleUser user);

    /** The session for a cookie value, if it exists and has not expired. */
    Optional<ConsoleSession> find(String id);

    void close(String id);

    /**
     * Ends every session of {@code userName} except {@code keepId} (null: all of them): after a password change,
     * whoever held the old password is signed out, while the person who changed it stays signed in.
     */
    void closeAllOf(String userName, String keepId);
}
