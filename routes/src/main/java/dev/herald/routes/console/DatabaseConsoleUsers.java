package dev.herald.routes.console;

import dev.herald.engine.access.ConsoleAccount;
import dev.herald.engine.access.ConsoleAccounts;

import java.util.List;
import java.util.Optional;

/**
 * Console users in Herald's database ({@link ConsoleAccounts}, table {@code console_user}), so {@code herald users
 * add} on the command line, the standalone runtime and every EAR node see the same accounts. Changes are audited.
 * An unknown name costs a password hash too, so the time a refusal takes does not tell whether the name exists.
 */
public final class DatabaseConsoleUsers implements ConsoleUsers {

    /** The actor recorded when a change comes without one (tests, start-up). */
    public static final String SYSTEM_ACTOR = "system";

    private final ConsoleAccounts accounts;
    private final PasswordHasher hasher;
    private volatile String decoyHash;

    public DatabaseConsoleUsers(ConsoleAccounts accounts, PasswordHasher hasher) {
        this.accounts = accounts;
        this.hasher = hasher;
    }

    @Override
    public void add(String name, char[] password, ConsoleRole role) {
        add(name, password, role, SYSTEM_ACTOR);
    }

    @Override
    public void add(String name, char[] password, ConsoleRole role, String actor) {
        ConsoleAccounts.requireValidName(name);
        accounts.save(name, role.name(), hasher.hash(password), actor);
    }

    @Override
    public Optional<ConsoleUser> verify(String name, char[] password) {
        Optional<ConsoleAccount> account = accounts.find(name);
        if (account.isEmpty()) {
            hasher.matches(password, decoyHash());
            return Optional.empty();
        }
        if (!hasher.matches(password, account.get().passwordHash())) {
            return Optional.empty();
        }
        return Optional.of(user(account.get()));
    }

    @Override
    public Optional<ConsoleUser> find(String name) {
        return accounts.find(name).map(DatabaseConsoleUsers::user);
    }

    @Override
    public boolean changePassword(String name, char[] password, String actor) {
        return accounts.find(name).isPresent() && accounts.changePassword(name, hasher.hash(password), actor);
    }

    @Override
    public boolean changeRole(String name, ConsoleRole role, String actor) {
        return accounts.changeRole(name, role.name(), actor);
    }

    @Override
    public boolean remove(String name, String actor) {
        return accounts.remove(name, actor);
    }

    @Override
    public List<ConsoleUser> list() {
        return accounts.list().stream().map(DatabaseConsoleUsers::user).toList();
    }

    /** How many users there are (none: the runtime tells how to create the first admin). */
    public long count() {
        return accounts.count();
    }

    /** A hash to check unknown names against, made on first need (hashing is slow on purpose; start-up should not be). */
    private String decoyHash() {
        String hash = decoyHash;
        if (hash == null) {
            hash = hasher.hash("decoy password for unknown names".toCharArray());
            decoyHash = hash;
        }
        return hash;
    }

    private static ConsoleUser user(ConsoleAccount account) {
        return new ConsoleUser(account.name(), ConsoleRole.parse(account.role()));
    }
}
