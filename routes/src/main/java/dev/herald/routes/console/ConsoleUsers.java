package dev.herald.routes.console;

import java.util.List;
import java.util.Optional;

/** The console's user accounts. Passwords are stored only as slow salted hashes ({@link PasswordHasher}). */
public interface ConsoleUsers {

    /** Creates a user, or replaces the password and role of an existing one. */
    void add(String name, char[] password, ConsoleRole role);

    /** The user when the password is theirs; empty for an unknown name or a wrong password alike. */
    Optional<ConsoleUser> verify(String name, char[] password);

    List<ConsoleUser> list();
}
