package dev.herald.routes.console.users;

import dev.herald.engine.access.ConsoleAccounts;
import dev.herald.routes.console.ConsoleModule;
import dev.herald.routes.console.ConsoleNav;
import dev.herald.routes.console.ConsoleRequest;
import dev.herald.routes.console.ConsoleResponse;
import dev.herald.routes.console.ConsoleRole;
import dev.herald.routes.console.ConsoleRouter;
import dev.herald.routes.console.ConsoleSession;
import dev.herald.routes.console.ConsoleSessions;
import dev.herald.routes.console.ConsoleUser;
import dev.herald.routes.console.ConsoleUsers;
import dev.herald.routes.console.ConsoleView;
import dev.herald.routes.console.PasswordPolicy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Console accounts in the console, so a server whose database the command line cannot reach (the EAR in WildFly)
 * does not stop at its first admin. Admins list users, add one, change a role, set a new password and remove a
 * user ({@code /users}); everyone changes their own password after giving the current one ({@code /account}).
 * Every change goes through {@link ConsoleUsers} and so into the audit log under {@code console:NAME}. An admin
 * cannot change their own role or remove themselves, so the console always keeps the admin who is using it. A
 * removed user's sessions end at their next request, and a new role applies from their next page. A new password
 * signs that user out everywhere but in the session that set it.
 */
public final class UsersModule implements ConsoleModule {

    static final Set<ConsoleRole> ADMINS = EnumSet.of(ConsoleRole.ADMIN);
    /** What a redirect after a change may announce: a fixed sentence, so a crafted link cannot put words here. */
    private static final Map<String, String> NOTICES = Map.of(
            "added", "User %s was added.",
            "role", "User %s has a new role.",
            "password", "User %s has a new password.",
            "removed", "User %s was removed.");

    private final ConsoleUsers users;
    private final ConsoleSessions sessions;

    /** @param sessions where a new password signs the user's other sessions out */
    public UsersModule(ConsoleUsers users, ConsoleSessions sessions) {
        this.users = users;
        this.sessions = sessions;
    }

    @Override
    public ConsoleNav nav() {
        return new ConsoleNav("Users", "/users", 80, ADMINS);
    }

    @Override
    public void register(ConsoleRouter router, ConsoleView view) {
        router.get("/users", ADMINS, request -> list(view, request, 200, null, Map.of()));
        router.post("/users", ADMINS, request -> add(view, request));
        router.post("/users/{name}/role", ADMINS, request -> changeRole(view, request));
        router.post("/users/{name}/password", ADMINS, request -> resetPassword(view, request));
        router.post("/users/{name}/remove", ADMINS, request -> remove(view, request));
        router.get("/account", ConsoleRouter.ANY_ROLE, request -> account(view, request, 200, null, false));
        router.post("/account/password", ConsoleRouter.ANY_ROLE, request -> changeOwnPassword(view, request));
    }

    private ConsoleResponse list(ConsoleView view, ConsoleRequest request, int status, String error,
                                 Map<String, String> kept) {
        String self = request.user().name();
        List<Map<String, Object>> rows = users.list().stream().map(u -> {
            Map<String, Object> row = new HashMap<>();
            row.put("name", u.name());
            row.put("namePath", URLEncoder.encode(u.name(), StandardCharsets.UTF_8));
            row.put("role", u.role().label());
            row.put("roles", roleOptions(u.role()));
            row.put("self", u.name().equals(self));
            return row;
        }).toList();
        Map<String, Object> model = new HashMap<>();
        model.put("users", rows);
        model.put("count", rows.size());
        model.put("newRoles", roleOptions(kept.containsKey("role") ? parseOr(kept.get("role")) : ConsoleRole.MARKETER));
        model.put("newName", kept.getOrDefault("name", ""));
        model.put("minLength", PasswordPolicy.MIN_LENGTH);
        model.put("error", error);
        String done = NOTICES.get(request.query("done") == null ? "" : request.query("done"));
        String doneName = request.query("name");
        if (done != null && error == null && doneName != null && ConsoleAccounts.NAME.matcher(doneName).matches()) {
            model.put("notice", done.formatted(doneName));
        }
        return view.page(request, status, "Users", "users/list", model);
    }

    private ConsoleResponse add(ConsoleView view, ConsoleRequest request) {
        String name = request.form("name") == null ? "" : request.form("name").strip();
        Map<String, String> kept = Map.of("name", name, "role", String.valueOf(request.form("role")));
        String problem = nameProblem(name);
        ConsoleRole role = null;
        if (problem == null && users.find(name).isPresent()) {
            problem = "There is already a user named " + name + ". Set a new password or change the role in their row.";
        }
        if (problem == null) {
            try {
                role = ConsoleRole.parse(request.form("role"));
            } catch (IllegalArgumentException e) {
                problem = capitalised(e.getMessage()) + ".";
            }
        }
        char[] password = problem == null ? newPassword(request) : null;
        if (problem == null) {
            problem = passwordProblem(name, password, request.form("confirm"));
        }
        if (problem != null) {
            return list(view, request, 422, problem, kept);
        }
        users.add(name, password, role, actor(request));
        Arrays.fill(password, '\0');
        return done("added", name);
    }

    private ConsoleResponse changeRole(ConsoleView view, ConsoleRequest request) {
        String name = request.pathParameter("name");
        if (name.equals(request.user().name())) {
            return list(view, request, 422, "You cannot change your own role: ask another admin.", Map.of());
        }
        ConsoleRole role;
        try {
            role = ConsoleRole.parse(request.form("role"));
        } catch (IllegalArgumentException e) {
            return list(view, request, 422, capitalised(e.getMessage()) + ".", Map.of());
        }
        if (!users.changeRole(name, role, actor(request))) {
            return list(view, request, 404, "There is no user named " + name + ".", Map.of());
        }
        return done("role", name);
    }

    private ConsoleResponse resetPassword(ConsoleView view, ConsoleRequest request) {
        String name = request.pathParameter("name");
        char[] password = newPassword(request);
        String problem = passwordProblem(name, password, request.form("confirm"));
        if (problem != null) {
            return list(view, request, 422, "New password for " + name + ": " + problem, Map.of());
        }
        boolean changed = users.changePassword(name, password, actor(request));
        Arrays.fill(password, '\0');
        if (changed) {
            sessions.closeAllOf(name, currentSession(request));
        }
        return changed ? done("password", name)
                : list(view, request, 404, "There is no user named " + name + ".", Map.of());
    }

    private ConsoleResponse remove(ConsoleView view, ConsoleRequest request) {
        String name = request.pathParameter("name");
        if (name.equals(request.user().name())) {
            return list(view, request, 422, "You cannot remove yourself: ask another admin.", Map.of());
        }
        return users.remove(name, actor(request)) ? done("removed", name)
                : list(view, request, 404, "There is no user named " + name + ".", Map.of());
    }

    private ConsoleResponse account(ConsoleView view, ConsoleRequest request, int status, String error,
                                    boolean changed) {
        Map<String, Object> model = new HashMap<>();
        model.put("role", request.user().role().label());
        model.put("minLength", PasswordPolicy.MIN_LENGTH);
        model.put("error", error);
        model.put("changed", changed || "password".equals(request.query("done")));
        return view.page(request, status, "Your account", "users/account", model);
    }

    private ConsoleResponse changeOwnPassword(ConsoleView view, ConsoleRequest request) {
        ConsoleUser me = request.user();
        String current = request.form("current");
        if (current == null || users.verify(me.name(), current.toCharArray()).isEmpty()) {
            return account(view, request, 422, "Your current password is not right.", false);
        }
        char[] password = newPassword(request);
        String problem = passwordProblem(me.name(), password, request.form("confirm"));
        if (problem == null && current.equals(new String(password))) {
            problem = "the new password must differ from the current one";
        }
        if (problem != null) {
            return account(view, request, 422, capitalised(problem) + ".", false);
        }
        users.changePassword(me.name(), password, actor(request));
        Arrays.fill(password, '\0');
        sessions.closeAllOf(me.name(), currentSession(request));
        return ConsoleResponse.redirect("/account?done=password");
    }

    private static char[] newPassword(ConsoleRequest request) {
        String password = request.form("password");
        return password == null ? new char[0] : password.toCharArray();
    }

    /** Null when the password may be set, else why not. */
    private static String passwordProblem(String name, char[] password, String confirm) {
        String problem = PasswordPolicy.problem(name, password);
        if (problem == null && (confirm == null || !confirm.equals(new String(password)))) {
            problem = "the two passwords are not the same";
        }
        return problem;
    }

    private static String nameProblem(String name) {
        try {
            ConsoleAccounts.requireValidName(name);
            return null;
        } catch (IllegalArgumentException e) {
            return capitalised(e.getMessage()) + ".";
        }
    }

    private static List<Map<String, Object>> roleOptions(ConsoleRole selected) {
        return Arrays.stream(ConsoleRole.values()).map(r -> Map.<String, Object>of("value", r.label(),
                "label", r.label(), "selected", r == selected)).toList();
    }

    private static ConsoleRole parseOr(String role) {
        try {
            return ConsoleRole.parse(role);
        } catch (IllegalArgumentException e) {
            return ConsoleRole.MARKETER;
        }
    }

    private static ConsoleResponse done(String what, String name) {
        return ConsoleResponse.redirect("/users?done=" + what + "&name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8) + "#users");
    }

    private static String currentSession(ConsoleRequest request) {
        return request.session().map(ConsoleSession::id).orElse(null);
    }

    private static String actor(ConsoleRequest request) {
        return "console:" + request.user().name();
    }

    private static String capitalised(String sentence) {
        return sentence.isEmpty() ? sentence : Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
    }
}
