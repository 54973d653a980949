package dev.herald.routes.console;

import java.util.Set;

/** A navigation entry: its label, the path below /console, its order and who sees it (admins see everything). */
public record ConsoleNav(String label, String path, int order, Set<ConsoleRole> roles) {

    public boolean visibleTo(ConsoleUser user) {
        return user.role() == ConsoleRole.ADMIN || roles.contains(user.role());
    }
}
