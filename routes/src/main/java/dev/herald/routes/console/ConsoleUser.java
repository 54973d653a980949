package dev.herald.routes.console;

/** A signed-in console user: the name they log in with and their role. */
public record ConsoleUser(String name, ConsoleRole role) {
}
