package dev.herald.routes.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Users held in memory, with hashed passwords: for tests and for a console without a database of its own. */
public final class InMemoryConsoleUsers implements ConsoleUsers {

    private record Account(ConsoleRole role, String passwordHash) {
    }

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final PasswordHasher hasher;

    public InMemoryConsoleUsers(PasswordHasher hasher) {
        this.hasher = hasher;
    }

    @Override
    public void add(String name, char[] password, ConsoleRole role) {
        accounts.put(name, new Account(role, hasher.hash(password)));
    }

    @Override
    public Optional<ConsoleUser> verify(String name, char[] password) {
        Account account = name == null ? null : accounts.get(name);
        if (account == null || !hasher.matches(password, account.passwordHash())) {
            return Optional.empty();
        }
        return Optional.of(new ConsoleUser(name, account.role()));
    }

    @Override
    public Optional<ConsoleUser> find(String name) {
        Account account = name == null ? null : accounts.get(name);
        return account == null ? Optional.empty() : Optional.of(new ConsoleUser(name, account.role()));
    }

    @Override
    public boolean changeRole(String name, ConsoleRole role, String actor) {
        return name != null && accounts.computeIfPresent(name, (n, a) -> new Account(role, a.passwordHash())) != null;
    }

    @Override
    public boolean changePassword(String name, char[] password, String actor) {
        return name != null && accounts.computeIfPresent(name, (n, a) -> new Account(a.role(), hasher.hash(password)))
                != null;
    }

    @Override
    public boolean remove(String name, String actor) {
        return name != null && accounts.remove(name) != null;
    }

    @Override
    public List<ConsoleUser> list() {
        List<ConsoleUser> users = new ArrayList<>();
        accounts.forEach((name, account) -> users.add(new ConsoleUser(name, account.role())));
        users.sort(java.util.Comparator.comparing(ConsoleUser::name));
        return users;
    }
}
