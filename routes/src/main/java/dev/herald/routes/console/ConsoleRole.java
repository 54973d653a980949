package dev.herald.routes.console;

/**
 * What a console user may do. Marketers author campaigns and templates, analysts read reports and customers,
 * admins do everything (users, erasure, dead-letter replay). Roles are not ranked: a page names the roles it
 * admits, and an admin is always admitted.
 */
public enum ConsoleRole {
    MARKETER, ANALYST, ADMIN;

    /** The role named on the command line or in a form, case-insensitive; a clear error otherwise. */
    public static ConsoleRole parse(String name) {
        for (ConsoleRole role : values()) {
            if (role.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "': use marketer, analyst or admin");
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
