package dev.herald.app.cli;

import dev.herald.engine.access.ConsoleAccount;
import dev.herald.engine.access.ConsoleAccounts;
import dev.herald.routes.console.ConsoleRole;
import dev.herald.routes.console.ConsoleUser;
import dev.herald.routes.console.DatabaseConsoleUsers;
import dev.herald.routes.console.PasswordHasher;
import dev.herald.routes.console.PasswordPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code herald users add|list|remove|passwd}: the web console's accounts, in Herald's database. */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = {"Manage the web console's users (console at http://HOST:PORT/console). Once an admin"
                        + " exists, admins can also do this on the console's Users page while Herald runs, and"
                        + " everyone changes their own password under Your account.",
                "Roles: marketer (edits campaigns and templates, sees marketing pages), analyst (reads the dashboard,"
                        + " experiments, customers, segments and delivery; changes nothing), admin (everything,"
                        + " including users, erasure and dead-letter replay).",
                "Users live in Herald's database (the H2 file in the data directory, or herald.jdbc.url), so use the"
                        + " same --data-dir or settings as 'herald run'. The embedded H2 database is open to one"
                        + " process at a time: stop Herald first, or use PostgreSQL. Passwords are stored as slow"
                        + " salted hashes (PBKDF2); every change is written to the audit log.",
                "First start: herald users add admin --role admin"},
        subcommands = {UsersCommand.Add.class, UsersCommand.ListUsers.class, UsersCommand.Remove.class,
                UsersCommand.Passwd.class, CommandLine.HelpCommand.class})
public class UsersCommand implements Runnable {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** How a password reaches the command: typed twice at the terminal, or one line on standard input. */
    static class PasswordInput {
        @Option(names = "--password-stdin",
                description = "Read the password from the first line of standard input instead of asking at the"
                        + " terminal (for scripts: printf '%%s\\n' \"$PW\" | herald users add ...).")
        boolean fromStdin;

        /** The password, or null after printing why there is none. */
        char[] read(String name) throws IOException {
            char[] password;
            if (fromStdin) {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String line = in.readLine();
                if (line == null || line.isEmpty()) {
                    System.err.println("no password on standard input");
                    return null;
                }
                password = line.toCharArray();
            } else {
                Console console = System.console();
                if (console == null) {
                    System.err.println("no terminal to ask for the password: pipe it in with --password-stdin");
                    return null;
                }
                password = console.readPassword("Password for %s: ", name);
                char[] again = console.readPassword("Same password again: ");
                if (password == null || again == null || !Arrays.equals(password, again)) {
                    System.err.println("the two passwords differ; nothing changed");
                    return null;
                }
                Arrays.fill(again, ' ');
            }
            String problem = PasswordPolicy.problem(name, password);
            if (problem != null) {
                System.err.println(problem + "; nothing changed");
                return null;
            }
            return password;
        }
    }

    static String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    /** Herald's database; a clear hint when the embedded H2 file is held by a running Herald. */
    static ImportDatabase open(ConfigOptions options) throws Exception {
        try {
            return ImportDatabase.open(options.load(Map.of()));
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (String.valueOf(t.getMessage()).contains("already in use")) {
                    throw new IllegalStateException("the embedded H2 database is in use by a running Herald: stop it"
                            + " first, or keep Herald's data in PostgreSQL (herald.jdbc.url) to manage users while it"
                            + " runs", e);
                }
            }
            throw e;
        }
    }

    static DatabaseConsoleUsers users(ImportDatabase db) {
        return new DatabaseConsoleUsers(new ConsoleAccounts(db.transactions(), Clock.systemUTC()), new PasswordHasher());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Create a console user; the password is asked twice without echo (at least "
                    + PasswordPolicy.MIN_LENGTH + " characters).",
                    "Example: herald users add admin --role admin"})
    static class Add implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "Sign-in name: letters, digits and . _ @ - (up to 100).")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin, marketer or analyst.")
        String role;

        @Mixin
        PasswordInput password;

        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() throws Exception {
            ConsoleRole r;
            try {
                r = ConsoleRole.parse(role);
                ConsoleAccounts.requireValidName(name);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            try (ImportDatabase db = open(options)) {
                DatabaseConsoleUsers users = users(db);
                if (users.find(name).isPresent()) {
                    System.err.println("user '" + name + "' exists already: 'herald users passwd " + name
                            + "' changes the password, 'herald users remove " + name + "' removes the user");
                    return 1;
                }
                char[] secret = password.read(name);
                if (secret == null) {
                    return 2;
                }
                users.add(name, secret, r, actor());
                Arrays.fill(secret, ' ');
                System.out.println("added " + r.label() + " " + name + "; sign in at /console");
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every console user with role and dates.")
    static class ListUsers implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() throws Exception {
            try (ImportDatabase db = open(options)) {
                java.util.List<ConsoleAccount> accounts = new ConsoleAccounts(db.transactions(), Clock.systemUTC())
                        .list();
                if (accounts.isEmpty()) {
                    System.out.println("no console users yet: herald users add admin --role admin");
                    return 0;
                }
                System.out.printf(Locale.ROOT, "%-30s %-9s %-21s %s%n", "name", "role", "created", "changed");
                for (ConsoleAccount a : accounts) {
                    System.out.printf(Locale.ROOT, "%-30s %-9s %-21s %s%n", a.name(),
                            a.role().toLowerCase(Locale.ROOT), WHEN.format(a.createdAt()), WHEN.format(a.updatedAt()));
                }
                System.out.println(accounts.size() + " user(s)");
                return 0;
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Delete a console user; their open sessions end at their next request.")
    static class Remove implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() throws Exception {
            try (ImportDatabase db = open(options)) {
                DatabaseConsoleUsers users = users(db);
                java.util.Optional<ConsoleUser> user = users.find(name);
                if (user.isEmpty()) {
                    System.err.println("no console user '" + name + "'");
                    return 1;
                }
                if (user.get().role() == ConsoleRole.ADMIN && users.list().stream()
                        .filter(u -> u.role() == ConsoleRole.ADMIN).count() == 1) {
                    System.out.println("warning: " + name + " was the last admin; 'herald users add NAME --role admin'"
                            + " creates another");
                }
                users.remove(name, actor());
                System.out.println("removed " + name);
                return 0;
            }
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = "Set a console user's password (asked twice without echo, or --password-stdin).")
    static class Passwd implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        PasswordInput password;

        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() throws Exception {
            try (ImportDatabase db = open(options)) {
                DatabaseConsoleUsers users = users(db);
                if (users.find(name).isEmpty()) {
                    System.err.println("no console user '" + name + "'");
                    return 1;
                }
                char[] secret = password.read(name);
                if (secret == null) {
                    return 2;
                }
                users.changePassword(name, secret, actor());
                Arrays.fill(secret, ' ');
                System.out.println("password of " + name + " changed");
                return 0;
            }
        }
    }
}
