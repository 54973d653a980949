package dev.herald.routes.console;

/**
 * One area of the console (dashboard, campaigns, templates, experiments, customers, segments, delivery): registers
 * its pages with the router. The runtime (standalone or EAR) builds the modules with the services they need.
 */
public interface ConsoleModule {

    void register(ConsoleRouter router, ConsoleView view);

    /** The navigation entry, or null for a module without one. Shown to users whose role the entry admits. */
    default ConsoleNav nav() {
        return null;
    }
}
