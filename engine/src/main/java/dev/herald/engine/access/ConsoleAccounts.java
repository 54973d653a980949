package dev.herald.engine.access;

import dev.herald.engine.consent.AuditLog;
import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The console's user accounts in Herald's database ({@code console_user}), shared by every process on that database:
 * {@code herald users ...} on the command line, the standalone runtime and the EAR. Every change writes an
 * {@code audit_log} row in the same transaction (entity kind {@code console_user}, actions {@code create},
 * {@code update}, {@code password}, {@code role}, {@code remove}); the audit detail holds the role, never a hash.
 */
public final class ConsoleAccounts {

    /** Names people can type and logs can show: letters, digits and {@code . _ @ -}, up to 100 characters. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    public static final String AUDIT_KIND = "console_user";

    private final Transactions transactions;
    private final Clock clock;

    public ConsoleAccounts(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A clear error for a name that cannot be a console user. */
    public static String requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name '" + (name == null ? "" : name) + "' is not valid: use"
                    + " letters, digits and . _ @ - (up to 100 characters, starting with a letter or digit)");
        }
        return name;
    }

    /**
     * Creates the account, or gives an existing one this role and password hash.
     *
     * @return true when the account was created, false when an existing one was changed
     */
    public boolean save(String name, String role, String passwordHash, String actor) {
        requireValidName(name);
        return transactions.inTransaction(em -> {
            Instant now = clock.instant();
            ConsoleAccount existing = em.find(ConsoleAccount.class, name);
            if (existing == null) {
                em.persist(new ConsoleAccount(name, role, passwordHash, now));
                AuditLog.record(em, AUDIT_KIND, name, "create", actor, Map.of("role", role), now);
                return true;
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("role", role);
            detail.put("previousRole", existing.role());
            detail.put("passwordChanged", true);
            existing.change(role, passwordHash, now);
            AuditLog.record(em, AUDIT_KIND, name, "update", actor, detail, now);
            return false;
        });
    }

    /** Replaces the password hash of an existing account; false when there is no such account. */
    public boolean changePassword(String name, String passwordHash, String actor) {
        return changeExisting(name, (em, existing, now) -> {
            existing.change(existing.role(), passwordHash, now);
            AuditLog.record(em, AUDIT_KIND, name, "password", actor, Map.of(), now);
        });
    }

    /** Gives an existing account another role, keeping its password; false when there is no such account. */
    public boolean changeRole(String name, String role, String actor) {
        return changeExisting(name, (em, existing, now) -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("role", role);
            detail.put("previousRole", existing.role());
            existing.change(role, existing.passwordHash(), now);
            AuditLog.record(em, AUDIT_KIND, name, "role", actor, detail, now);
        });
    }

    /** Deletes the account; false when there was none. Sessions already open end at their next request. */
    public boolean remove(String name, String actor) {
        return changeExisting(name, (em, existing, now) -> {
            em.remove(existing);
            AuditLog.record(em, AUDIT_KIND, name, "remove", actor, Map.of("role", existing.role()), now);
        });
    }

    /** What a change does to an account that exists, with its audit entry, in the change's transaction. */
    private interface AccountChange {
        void apply(EntityManager em, ConsoleAccount existing, Instant now);
    }

    private boolean changeExisting(String name, AccountChange change) {
        return transactions.inTransaction(em -> {
            ConsoleAccount existing = name == null ? null : em.find(ConsoleAccount.class, name);
            if (existing == null) {
                return false;
            }
            change.apply(em, existing, clock.instant());
            return true;
        });
    }

    public Optional<ConsoleAccount> find(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.empty();
        }
        return transactions.inTransaction(em -> Optional.ofNullable(em.find(ConsoleAccount.class, name)));
    }

    /** Every account, by name. */
    public List<ConsoleAccount> list() {
        return transactions.inTransaction(em -> em.createQuery(
                "select a from ConsoleAccount a order by a.name", ConsoleAccount.class).getResultList());
    }

    public long count() {
        return transactions.inTransaction(em -> em.createQuery("select count(a) from ConsoleAccount a", Long.class)
                .getSingleResult());
    }
}
