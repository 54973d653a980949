package dev.herald.ear;

import dev.herald.routes.console.ConsoleRole;
import dev.herald.routes.console.ConsoleUsers;
import dev.herald.routes.console.PasswordPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's first admin in WildFly, where there is no terminal to run {@code herald users add} in: when the
 * database has no console user yet and {@code HERALD_CONSOLE_ADMIN} / {@code HERALD_CONSOLE_ADMIN_PASSWORD} (or the
 * system properties {@code herald.console.admin} / {@code herald.console.admin-password}) are set, that admin is
 * created at start, once. With users present the settings are ignored, so a forgotten variable changes nothing later.
 */
final class EarConsoleAdmin {

    static final String NAME = "herald.console.admin";
    static final String PASSWORD = "herald.console.admin-password";
    private static final Logger LOG = LoggerFactory.getLogger(EarConsoleAdmin.class);

    private EarConsoleAdmin() {
    }

    /** @return whether an admin was created */
    static boolean createFirstAdmin(ConsoleUsers users, String name, String password) {
        if (!users.list().isEmpty()) {
            return false;
        }
        if (name == null || password == null) {
            LOG.warn("the web console (/console) has no users yet: set HERALD_CONSOLE_ADMIN and"
                    + " HERALD_CONSOLE_ADMIN_PASSWORD for a first admin, or run 'herald users add admin --role admin'"
                    + " against this database");
            return false;
        }
        String problem = PasswordPolicy.problem(name, password.toCharArray());
        if (problem != null) {
            LOG.error("no first console admin created from HERALD_CONSOLE_ADMIN_PASSWORD: {}", problem);
            return false;
        }
        users.add(name, password.toCharArray(), ConsoleRole.ADMIN, "startup:HERALD_CONSOLE_ADMIN");
        LOG.info("first console admin '{}' created (change the password with 'herald users passwd {}')", name, name);
        return true;
    }
}
