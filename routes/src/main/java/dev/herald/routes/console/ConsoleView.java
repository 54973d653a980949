package dev.herald.routes.console;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Server-rendered console pages: Mustache templates under {@code console/} on the classpath (HTML-escaped by
 * default, so data shown in the console cannot inject markup), wrapped in one layout with the navigation, the
 * signed-in user and a logout form. Every page model gets {@code csrf} (the session's token, for forms),
 * {@code user} and {@code title}.
 */
public final class ConsoleView {

    private final MustacheFactory mustache = new DefaultMustacheFactory("console");
    private final Map<String, Mustache> compiled = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<ConsoleNav> nav = new ArrayList<>();

    void addNav(ConsoleNav entry) {
        nav.add(entry);
        nav.sort(Comparator.comparingInt(ConsoleNav::order));
    }

    /** The navigation entries the user may see, in order. */
    public List<ConsoleNav> navFor(ConsoleUser user) {
        return nav.stream().filter(n -> n.visibleTo(user)).toList();
    }

    /** A full page: {@code console/TEMPLATE.mustache} rendered with {@code model} inside the layout. */
    public ConsoleResponse page(ConsoleRequest request, int status, String title, String template,
                                Map<String, ?> model) {
        Map<String, Object> scope = common(request, title);
        scope.putAll(model);
        scope.put("body", render(template, scope));
        return ConsoleResponse.html(status, render("layout", scope)).header("Cache-Control", "no-store");
    }

    public ConsoleResponse page(ConsoleRequest request, String title, String template, Map<String, ?> model) {
        return page(request, 200, title, template, model);
    }

    /** An error page with a plain message. */
    public ConsoleResponse error(ConsoleRequest request, int status, String title, String message) {
        return page(request, status, title, "error", Map.of("message", message));
    }

    /** A template rendered on its own (a fragment, or the login page that has no navigation). */
    public String render(String template, Map<String, ?> model) {
        Mustache m = compiled.computeIfAbsent(template, t -> mustache.compile(t + ".mustache"));
        StringWriter out = new StringWriter();
        m.execute(out, model);
        return out.toString();
    }

    private Map<String, Object> common(ConsoleRequest request, String title) {
        Map<String, Object> scope = new HashMap<>();
        scope.put("title", title);
        scope.put("base", request.base());
        request.session().ifPresent(session -> {
            scope.put("csrf", session.csrfToken());
            scope.put("user", session.user());
            scope.put("roleLabel", session.user().role().label());
            scope.put("nav", navFor(session.user()).stream()
                    .map(n -> Map.of("label", n.label(), "href", request.base() + n.path(),
                            "current", request.path().startsWith(n.path())))
                    .toList());
        });
        return scope;
    }
}
