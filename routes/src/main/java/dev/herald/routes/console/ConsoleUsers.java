package dev.herald.routes.console;

import java.util.List;
import java.util.Optional;

/**
 * The console's user accounts. Passwords are stored only as slow salted hashes ({@link PasswordHasher}). The
 * standalone runtime and the EAR keep them in the database ({@link DatabaseConsoleUsers}); changes name who made
 * them ({@code actor}) for the audit log.
 */
public interface ConsoleUsers {

    /** Creates a user, or replaces the password and role of an existing one. */
    void add(String name, char[] password, ConsoleRole role);

    /** {@link #add(String, char[], ConsoleRole)} on behalf of {@code actor} (e.g. {@code cli:root}), for the audit log. */
    default void add(String name, char[] password, ConsoleRole role, String actor) {
        add(name, password, role);
    }

    /** The user when the password is theirs; empty for an unknown name or a wrong password alike. */
    Optional<ConsoleUser> verify(String name, char[] password);

    List<ConsoleUser> list();

    /** The user as they are now (role included), or empty when there is no such user any more. */
    default Optional<ConsoleUser> find(String name) {
        return list().stream().filter(u -> u.name().equals(name)).findFirst();
    }

    /** Gives an existing user a new password; false when there is no such user. */
    default boolean changePassword(String name, char[] password, String actor) {
        Optional<ConsoleUser> user = find(name);
        user.ifPresent(u -> add(name, password, u.role(), actor));
        return user.isPresent();
    }

    /** Gives an existing user another role, keeping their password; false when there is no such user. */
    boolean changeRole(String name, ConsoleRole role, String actor);

    /** Deletes a user; false when there was none. Their open sessions end at their next request. */
    default boolean remove(String name, String actor) {
        throw new UnsupportedOperationException("these console users cannot be removed");
    }
}
