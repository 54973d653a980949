package dev.herald.routes.console;

/** Answers one console page or form post. */
@FunctionalInterface
public interface ConsoleHandler {
    ConsoleResponse handle(ConsoleRequest request) throws Exception;
}
